"""The text of each session as a QDA suite sees it, and where every sentence lies in it.

A session becomes one plain text: each turn a paragraph `Speaker (Delegation): text`,
paragraphs separated by a blank line. Positions are Unicode code points counted from 0
with the end exclusive (Python string indices), as REFI-QDA 1.5 section 10.2 counts them.
Export and import both go through `layout`, so a selection written at a sentence
is read back onto that sentence by construction.

GUIDs are name-based (uuid5 in one namespace of this project) over what identifies the
object: the same tables give the same GUIDs, so a re-export is byte-identical.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import sha256_text

PARAGRAPH_BREAK = "\n\n"
LABEL_SEPARATOR = ": "
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:dialogue-analysis:refi-qda")

TURN_COLUMNS = ("session_id", "group", "turn", "speaker", "text")
SENTENCE_COLUMNS = ("sentence_id", "session_id", "turn", "start", "end", "text", "themes")


def guid(kind: str, *key: object) -> str:
    """A GUID for an object of `kind` identified by `key`: the same key, the same GUID."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join([kind, *(str(k) for k in key)])))


def _clean(value) -> str:
    return (
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        else str(value)
    )


def speaker_label(speaker, delegation) -> str:
    """`Speaker (Delegation)`, without repeating a delegation the label already names."""
    speaker, delegation = " ".join(_clean(speaker).split()), " ".join(_clean(delegation).split())
    if not speaker:
        return delegation or "Unattributed"
    if not delegation or delegation.casefold() == speaker.casefold():
        return speaker
    if speaker.casefold().endswith(f"({delegation.casefold()})"):
        return speaker
    return f"{speaker} ({delegation})"


def require_columns(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{what}: missing column(s) {', '.join(missing)} (an older table? re-run the pipeline)"
        )


@dataclass(frozen=True)
class SessionText:
    """One session's text, as the suite sees it."""

    session_id: str
    group: str
    text: str
    file: str = ""  # the transcript it was cleaned from

    @functools.cached_property
    def guid(self) -> str:
        return guid("source", self.session_id, sha256_text(self.text))

    @property
    def file_name(self) -> str:
        return f"{self.guid}.txt"


@dataclass(frozen=True)
class Layout:
    """Every session's text, and every turn (its own columns) with where it lies in that text."""

    texts: dict[str, SessionText]  # by session id, in session id order
    turns: pd.DataFrame  # + label, para_start, text_start, text_end (words after `label: `)


def layout(turns: pd.DataFrame) -> Layout:
    """The sessions' texts: each turn a paragraph, in turn order."""
    require_columns(turns, TURN_COLUMNS, "turns")
    df = turns.assign(session_id=turns["session_id"].astype(str), turn=turns["turn"].astype(np.int64))
    df = df.sort_values(["session_id", "turn"], kind="stable").reset_index(drop=True)
    dup = df.duplicated(["session_id", "turn"])
    if dup.any():
        raise InputError(f"turns: session {df.loc[dup, 'session_id'].iloc[0]} has the same turn number twice")
    delegation = df["delegation"] if "delegation" in df else [None] * len(df)
    labels = [speaker_label(s, d) for s, d in zip(df["speaker"], delegation, strict=True)]
    bodies = [_clean(t) for t in df["text"]]
    paragraphs = [f"{lab}{LABEL_SEPARATOR}{body}" for lab, body in zip(labels, bodies, strict=True)]
    head = np.array([len(lab) + len(LABEL_SEPARATOR) for lab in labels], dtype=np.int64)
    size = np.array([len(p) + len(PARAGRAPH_BREAK) for p in paragraphs], dtype=np.int64)
    para_start = df.assign(_size=size).groupby("session_id", sort=False)["_size"].cumsum().to_numpy() - size
    df = df.assign(label=labels, text=bodies, para_start=para_start, text_start=para_start + head)
    df["text_end"] = df["text_start"] + np.array([len(b) for b in bodies], dtype=np.int64)
    groups = [_clean(g) for g in df["group"]]
    files = [_clean(f) for f in df["file"]] if "file" in df else [""] * len(df)
    texts = {
        sid: SessionText(
            sid, groups[rows[0]], PARAGRAPH_BREAK.join(paragraphs[i] for i in rows), files[rows[0]]
        )
        for sid, rows in sorted(df.groupby("session_id", sort=False).indices.items())
    }
    return Layout(texts, df)


def sentence_spans(lay: Layout, sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences with `src_start`, `src_end`: their position in their session's text.

    Checks that the tables agree (every sentence's turn exists and its start/end give its
    text): a selection is only ever written where the sentence really is.
    """
    require_columns(sentences, SENTENCE_COLUMNS, "sentences")
    if sentences["sentence_id"].duplicated().any():
        dup = sentences.loc[sentences["sentence_id"].duplicated(), "sentence_id"].iloc[0]
        raise InputError(f"sentences: sentence_id {dup} occurs twice")
    offsets = lay.turns[["session_id", "turn", "text_start", "text_end"]]
    df = sentences.assign(
        session_id=sentences["session_id"].astype(str), turn=sentences["turn"].astype(np.int64)
    )
    df = df.merge(offsets, on=["session_id", "turn"], how="left", validate="many_to_one")
    lost = df["text_start"].isna()
    if lost.any():
        row = df[lost].iloc[0]
        raise InputError(
            f"sentences: sentence {row['sentence_id']} belongs to turn {row['turn']} of session "
            f"{row['session_id']}, which turns does not have (tables out of step: re-run themes)"
        )
    start, end = df["start"].astype(np.int64), df["end"].astype(np.int64)
    df["src_start"] = df["text_start"].astype(np.int64) + start
    df["src_end"] = df["text_start"].astype(np.int64) + end
    cols = ["sentence_id", "session_id", "src_start", "src_end", "text", "text_end"]
    for (sid, session_id, s, e, own, limit), rel in zip(df[cols].itertuples(index=False), start, strict=True):
        if not (0 <= rel and s <= e <= limit) or lay.texts[session_id].text[s:e] != own:
            raise InputError(
                f"sentences: sentence {sid} is not at its start/end in its turn's text "
                "(tables out of step: re-run themes after clean)"
            )
    return (
        df.drop(columns=["text_start", "text_end"])
        .sort_values(["session_id", "src_start", "src_end"], kind="stable")
        .reset_index(drop=True)
    )
