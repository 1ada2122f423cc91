"""The sentence view every consumer uses: which sentences count, and their themes as a matrix.

A sentence counts towards its group's shares when it is a delegation's own
substantive speech: spoken by a member state or observer, not procedural (a turn
that only runs the meeting, or such a sentence inside a statement: "Thank you,
Chair.", `ingest.textclean.is_procedural` and `is_procedural_sentence`), with the delegation known.
That rule (`is_counted`) lives with the turns it reads, in `ingest.attendance`; `coding.code.code_turns`
applies it per sentence (contract, section 4), and counts only the sentences in the codebook's language
(`ingest.language`: a statement kept in Spanish has no theme the codebook could find) unless people
coded them (`coding.overrides`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


def _flat_themes(sentences: pd.DataFrame) -> tuple[np.ndarray, pa.Array] | None:
    """(the row of each theme, the themes) of an Arrow list column, read in Arrow: the per-row Python lists
    of `theme_lists` took 1 s each time over the ten General Debate years' 171,000 counted sentences. None
    for a column that must be read cell by cell (joined strings, Python lists, a missing theme in a list)."""
    dtype = sentences["themes"].dtype
    if not (isinstance(dtype, pd.ArrowDtype) and pa.types.is_list(dtype.pyarrow_dtype)):
        return None
    lists = pa.array(sentences["themes"].array)
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks()
    flat = lists.flatten()
    if flat.null_count or not pa.types.is_string(flat.type):
        return None
    return pc.list_parent_indices(lists).to_numpy(), flat


def theme_matrix(sentences: pd.DataFrame, ids: list[str] | None = None) -> pd.DataFrame:
    """One bool column per theme id (codebook order unless `ids` is given), aligned with `sentences`."""
    if ids is None:
        from analysis.coding import codebook

        ids = codebook.ids()
    index = {t: k for k, t in enumerate(ids)}
    matrix = np.zeros((len(sentences), len(ids)), dtype=bool)
    found = _flat_themes(sentences)
    if found is not None:
        rows, flat = found
        # each theme's column: the last of `ids` where an id is listed twice, as the dictionary above says
        distinct = pc.unique(flat)
        columns = np.array([index.get(t, -1) for t in distinct.to_pylist()], dtype=np.intp)
        at = columns[pc.index_in(flat, value_set=distinct).to_numpy().astype(np.intp)]
        known = at >= 0
        matrix[rows[known], at[known]] = True
        return pd.DataFrame(matrix, columns=list(ids), index=sentences.index)
    for i, themes in enumerate(theme_lists(sentences)):
        for t in themes:
            k = index.get(t)
            if k is not None:
                matrix[i, k] = True
    return pd.DataFrame(matrix, columns=list(ids), index=sentences.index)


def unknown_themes(sentences: pd.DataFrame, ids: list[str]) -> list[str]:
    """Theme ids in `sentences` that the codebook does not know (a table coded with other rules)."""
    known = set(ids)
    found = _flat_themes(sentences)
    if found is not None:
        return sorted(set(pc.unique(found[1]).to_pylist()) - known)
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
