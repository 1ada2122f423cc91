"""The sentence view every consumer uses: which sentences count, and their themes as a matrix.

A sentence counts towards its group's shares when it is a delegation's own
substantive speech: spoken by a member state or observer, not procedural (a turn
that only runs the meeting, or such a sentence inside a statement: "Thank you,
Chair.", `ingest.textclean.is_procedural` and `is_procedural_sentence`), with the delegation known.
That rule (`is_counted`) lives with the turns it reads, in `ingest.attendance`; `coding.code.code_turns`
applies it per sentence (contract, section 4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import catalogue


def sentence_id(session_id: str, turn: int, sentence: int) -> str:
    """The key of a sentence in `sentences` and `evidence`: `<session_id>/<turn>/<sentence>`."""
    return f"{session_id}/{int(turn)}/{int(sentence)}"


def counted(sentences: pd.DataFrame, columns=None) -> pd.DataFrame:
    """The sentences that are a group's priorities (the `counted` flag), re-indexed from 0; with `columns`,
    only those of them the table has, in that order (a step that does not read the lists of lemmas and
    phrases does not copy them: they are most of the table's memory over ten General Debate years)."""
    rows = sentences["counted"].to_numpy(dtype=bool)
    if columns is None:
        return sentences.loc[rows].reset_index(drop=True)
    return sentences.loc[rows, [c for c in columns if c in sentences.columns]].reset_index(drop=True)


def vetoes(sentences: pd.DataFrame) -> list[str]:
    """Per sentence, the words of the codebook's procedural veto that kept its themes off ("" if none; a
    table built without the column has none)."""
    if "vetoed_by" not in sentences.columns:
        return [""] * len(sentences)
    return sentences["vetoed_by"].fillna("").astype(str).tolist()


def theme_lists(sentences: pd.DataFrame) -> list[list[str]]:
    """Each sentence's theme ids as a Python list (a `;`-joined string, as the contract allows, split)."""
    return [catalogue.list_cell(v) or [] for v in sentences["themes"].tolist()]


def theme_matrix(sentences: pd.DataFrame, ids: list[str] | None = None) -> pd.DataFrame:
    """One bool column per theme id (codebook order unless `ids` is given), aligned with `sentences`."""
    if ids is None:
        from analysis.coding import codebook

        ids = codebook.ids()
    index = {t: k for k, t in enumerate(ids)}
    matrix = np.zeros((len(sentences), len(ids)), dtype=bool)
    for i, themes in enumerate(theme_lists(sentences)):
        for t in themes:
            k = index.get(t)
            if k is not None:
                matrix[i, k] = True
    return pd.DataFrame(matrix, columns=list(ids), index=sentences.index)


def unknown_themes(sentences: pd.DataFrame, ids: list[str]) -> list[str]:
    """Theme ids in `sentences` that the codebook does not know (a table coded with other rules)."""
    known = set(ids)
    return sorted({t for themes in theme_lists(sentences) for t in themes} - known)


def evidence_words(evidence: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(sentence_id, theme) -> the distinct matched words, in the order they occur."""
    ordered = evidence.sort_values(["sentence_id", "theme", "start"], kind="mergesort")
    out: dict[tuple[str, str], list[str]] = {}
    for sid, theme, text in zip(ordered["sentence_id"], ordered["theme"], ordered["text"], strict=True):
        words = out.setdefault((sid, theme), [])
        if text not in words:
            words.append(text)
    return out
