"""The text of each session as a QDA suite sees it, and where every sentence lies in it.

A session becomes one plain text: each turn a paragraph `Speaker (Delegation): text`,
paragraphs separated by a blank line. Positions are Unicode code points counted from 0
with the end exclusive (Python string indices), as REFI-QDA 1.5 section 10.2 counts them.
Export and import both go through `session_texts`, so a selection written at a sentence
is read back onto that sentence by construction.

GUIDs are name-based (uuid5 in one namespace of this project) over what identifies the
object: the same tables give the same GUIDs, so a re-export is byte-identical.
"""

from __future__ import annotations

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


def themes_list(value) -> list[str]:
    """Themes as a list, whether stored as a list (array) or as a `;`-joined string."""
    if isinstance(value, str):
        return [t.strip() for t in value.split(";") if t.strip() and t.strip() != "none"]
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    return [str(t) for t in value]


def require_columns(df: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{what}: missing column(s) {', '.join(missing)} (an older table? re-run the pipeline)"
        )


@dataclass(frozen=True)
class SessionText:
    """One session's text and, per turn, where its paragraph and its words start."""

    session_id: str
    group: str
    text: str
    turns: pd.DataFrame  # turn, label, para_start, text_start, text_end (+ the turns' own columns)

    @property
    def guid(self) -> str:
        return guid("source", self.session_id, sha256_text(self.text))

    @property
    def file_name(self) -> str:
        return f"{self.guid}.txt"


def session_texts(turns: pd.DataFrame) -> dict[str, SessionText]:
    """Session id -> its text, in session id order; turns in their order within the session."""
    require_columns(turns, TURN_COLUMNS, "turns")
    out: dict[str, SessionText] = {}
    ordered = turns.sort_values(["session_id", "turn"], kind="stable")
    for session_id, part in ordered.groupby("session_id", sort=True):
        part = part.reset_index(drop=True).copy()
        if part["turn"].duplicated().any():
            raise InputError(f"turns: session {session_id} has the same turn number twice")
        delegation = part["delegation"] if "delegation" in part else pd.Series([None] * len(part))
        labels = [speaker_label(s, d) for s, d in zip(part["speaker"], delegation, strict=True)]
        bodies = [_clean(t) for t in part["text"]]
        para_start, pos = [], 0
        for label, body in zip(labels, bodies, strict=True):
            para_start.append(pos)
            pos += len(label) + len(LABEL_SEPARATOR) + len(body) + len(PARAGRAPH_BREAK)
        part["label"] = labels
        part["text"] = bodies
        part["para_start"] = np.array(para_start, dtype=np.int64)
        part["text_start"] = part["para_start"] + np.array([len(x) + len(LABEL_SEPARATOR) for x in labels])
        part["text_end"] = part["text_start"] + part["text"].str.len().astype(np.int64)
        text = PARAGRAPH_BREAK.join(
            f"{lab}{LABEL_SEPARATOR}{body}" for lab, body in zip(labels, bodies, strict=True)
        )
        out[str(session_id)] = SessionText(str(session_id), _clean(part["group"].iloc[0]), text, part)
    return out


def sentence_spans(texts: dict[str, SessionText], sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences with `src_start`, `src_end`: their position in their session's text.

    Checks that the tables agree (every sentence's turn exists and its start/end give its
    text): a selection is only ever written where the sentence really is.
    """
    require_columns(sentences, SENTENCE_COLUMNS, "sentences")
    if sentences["sentence_id"].duplicated().any():
        dup = sentences.loc[sentences["sentence_id"].duplicated(), "sentence_id"].iloc[0]
        raise InputError(f"sentences: sentence_id {dup} occurs twice")
    offsets = (
        pd.concat(
            [t.turns[["session_id", "turn", "text_start", "text_end"]] for t in texts.values()],
            ignore_index=True,
        )
        if texts
        else pd.DataFrame(columns=["session_id", "turn", "text_start", "text_end"])
    )
    offsets["session_id"] = offsets["session_id"].astype(str)
    offsets["turn"] = offsets["turn"].astype(np.int64)
    df = sentences.copy()
    df["session_id"] = df["session_id"].astype(str)
    df["turn"] = df["turn"].astype(np.int64)
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
        if not (0 <= rel and s <= e <= limit) or texts[session_id].text[s:e] != own:
            raise InputError(
                f"sentences: sentence {sid} is not at its start/end in its turn's text "
                "(tables out of step: re-run themes after clean)"
            )
    return (
        df.drop(columns=["text_start", "text_end"])
        .sort_values(["session_id", "src_start", "src_end"], kind="stable")
        .reset_index(drop=True)
    )
