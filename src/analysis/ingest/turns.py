"""One session's segments -> attributed, cleaned turns and the session's cleaning log.

Three steps, each a small function: ``attribute_segment`` decides who speaks in a segment
(the manifest's delegation for a single-statement file, the speaker label, or for an
unattributed segment the delegation the chair just gave the floor to; ``attributed_segments``
applies it, with cleaning, to a session); ``merge_turns`` joins a labelled speaker's
consecutive segments; ``turn_rows`` emits the table rows and the log rows (empty turns
dropped but logged, unattributed ones kept and logged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import catalogue, countries
from analysis.ingest import session, speakers, textclean
from analysis.ingest.readers import ReadResult, Segment
from analysis.ingest.readers.segment import merge_spans
from analysis.ingest.removals import RemovalLog


@dataclass(frozen=True)
class Speaker:
    """Who a segment is attributed to."""

    label: str | None  # the source's raw label, None when it names nobody
    speaker: str
    country: str | None
    role: str
    delegation: str | None
    inferred: bool = False  # the delegation the chair gave the floor to, not a label's


UNATTRIBUTED = Speaker(None, "", None, "unknown", None)


@dataclass
class _Turn:
    who: Speaker
    texts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    log: RemovalLog = field(default_factory=RemovalLog)
    floor_language: str | None = None


def _for_delegation(label: str | None, speaker: str, code: str, inferred: bool = False) -> Speaker:
    d = countries.delegation(code)
    return Speaker(label, speaker, d.code, d.role, d.name, inferred)


def attribute_segment(
    seg: Segment,
    previous_text: str,
    *,
    single: str | None = None,
    overrides: pd.DataFrame | None = None,
    session_id: str | None = None,
) -> Speaker:
    """Who speaks in ``seg``: the delegation of a single-statement file (``single``), else the label's
    speaker; a segment no label attributes goes to the delegation the chair gave the floor to in the
    previous segment (``previous_text``): a guess, marked ``inferred``; a document set into the record
    (``Segment.speech`` False) is no one's."""
    if single is not None:
        return _for_delegation(None, "", single)
    if not seg.speech:  # a document set into the record: no one's, whoever had the floor before it
        return UNATTRIBUTED
    named = UNATTRIBUTED
    if seg.label is not None:
        a = speakers.attribute(seg.label, overrides=overrides, session_id=session_id)
        named = Speaker(seg.label, a.speaker, a.country, a.role, a.delegation or a.speaker)
        if a.role != "unknown":
            return named
    # A device name ("iPhone", "Galaxy S21") or an auto-caption with no label, right after the chair
    # gave the floor to X: that is X.
    given = speakers.floor_given_to(previous_text) if previous_text else None
    return named if given is None else _for_delegation(seg.label, named.speaker, given, inferred=True)


def _inference_note(who: Speaker) -> str:
    what = f"{who.label} -> {who.country}" if who.label is not None else who.country
    return f"{what} (given the floor in the previous turn)"


def attributed_segments(
    session_id: str, result: ReadResult, *, single: str | None, overrides: pd.DataFrame | None
) -> list[tuple[Speaker, Segment, textclean.Cleaned]]:
    """A session's segments, each with who speaks and its cleaned words (an inferred speaker is logged);
    then the session's spellings of one speaker merged and briefers' roles inferred (``session``)."""
    out = []
    previous_text = ""
    spoken = textclean.transcribed_as_spoken([seg.text for seg in result.segments], captions=result.captions)
    for seg in result.segments:
        cleaned = textclean.clean(seg.text, seg.source, disfluencies=spoken)
        who = attribute_segment(seg, previous_text, single=single, overrides=overrides, session_id=session_id)
        if who.inferred:
            cleaned.log.add(_inference_note(who), "attribution_inferred", seg.source)
        out.append((who, seg, cleaned))
        previous_text = cleaned.text
    return session.merge_variants(session.infer_roles(out))


def merge_turns(parts: list[tuple[Speaker, Segment, textclean.Cleaned]]) -> list[_Turn]:
    """Consecutive segments of one labelled speaker make one turn; any other segment starts a turn."""
    turns: list[_Turn] = []
    for who, seg, cleaned in parts:
        if not (turns and _continues(turns[-1].who, who)):
            turns.append(_Turn(who))
        turn = turns[-1]
        turn.texts.append(cleaned.text)
        turn.sources.append(seg.source)
        turn.log.extend(cleaned.log)
        turn.floor_language = turn.floor_language or cleaned.floor_language
    return turns


def _continues(last: Speaker, who: Speaker) -> bool:
    """A labelled segment continues the turn before it when the same speaker says it."""
    return (
        last.label is not None
        and who.label is not None
        and (last.speaker, last.country, last.role) == (who.speaker, who.country, who.role)
    )


def turn_rows(row: dict, result: ReadResult, turns: list[_Turn]) -> tuple[list[dict], list[dict]]:
    """The session's rows for ``turns`` and for the log; empty turns are dropped and logged."""
    sid = str(row["session_id"])
    log = result.removals.rows(sid, None)
    rows: list[dict] = []
    for t in turns:
        text = " ".join(x for x in t.texts if x).strip()
        source = merge_spans(t.sources)
        unlabelled = t.who.label or "(unlabelled)"
        if not text:
            log += t.log.rows(sid, None)
            log += RemovalLog([(unlabelled, "empty_turn", source)]).rows(sid, None)
            continue
        n = len(rows)
        log += t.log.rows(sid, n)
        if t.who.role == "unknown":
            log += RemovalLog([(unlabelled, "unattributed", source)]).rows(sid, n)
        rows.append(
            {
                "session_id": sid,
                "group": str(row["group"]),
                "turn": n,
                "speaker": t.who.speaker,
                "country": t.who.country,
                "role": t.who.role,
                "text": text,
                "source": source,
                "delegation": t.who.delegation,
                "floor_language": t.floor_language,
                "procedural": textclean.is_procedural(text),
                "n_words": len(text.split()),
                "file": str(row["file"]),
            }
        )
    return rows, log


def typed_turns(rows: list[dict]) -> pd.DataFrame:
    """Rows -> the `turns` table as the catalogue declares it (columns in order, real types)."""
    return catalogue.conform("turns", pd.DataFrame(rows, columns=catalogue.table("turns").column_names()))
