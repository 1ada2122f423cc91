"""How a QDA suite counted the positions of its selections, and how to read them.

REFI-QDA counts a position in Unicode code points of the source text as stored. Suites do not all
do so: NVivo, a .NET program, counts UTF-16 code units (an emoji or a rare CJK character is two),
and a suite that stored the text with CRLF line endings may count a CRLF as two characters or as
one. Before the first emoji or line end every reading agrees; past it, a wrong one drifts into the
middle of words. So each reading the texts allow is tried on all the file's selections at once
(one suite wrote the file, so one way of counting holds for all its sources: a session with one
selection cannot outvote the others) and the reading whose selection ends fall between words most
often is kept. Ties go to the standard's reading, or to NVivo's for a project NVivo wrote.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

CODE_POINTS, UTF16 = "code points", "UTF-16 units"
CRLF_TWO, CRLF_ONE = "CRLF as two characters", "CRLF as one"
_WORD = re.compile(r"\w")

Span = tuple[int | None, int | None]


class Counting(NamedTuple):
    units: str  # CODE_POINTS or UTF16
    crlf: str  # CRLF_TWO or CRLF_ONE

    def __str__(self) -> str:
        return f"{self.units}, {self.crlf}"


STANDARD = Counting(CODE_POINTS, CRLF_TWO)


def to_lf(stored: str, counting: Counting) -> np.ndarray:
    """Position as `counting` counts it in `stored` -> code point in `stored` with LF line endings.

    A position inside a surrogate pair reads as the start of its character."""
    lf = stored.replace("\r\n", "\n")
    base = lf if counting.crlf == CRLF_ONE else stored
    if counting.units == UTF16:
        widths = np.fromiter((1 + (ord(c) > 0xFFFF) for c in base), dtype=np.int64, count=len(base))
        starts = np.concatenate([[0], np.cumsum(widths)])
        to_cp = np.searchsorted(starts, np.arange(starts[-1] + 1), side="right") - 1
    else:
        to_cp = np.arange(len(base) + 1)
    if base is lf or lf == stored:
        return to_cp
    crs = np.array([m.start() for m in re.finditer("\r\n", stored)], dtype=np.int64)
    positions = np.arange(len(stored) + 1)
    return (positions - np.searchsorted(crs, positions))[to_cp]  # each CR before a position shifts it back


def mapped(mapping: np.ndarray, selections: list[Span]) -> list[tuple[int, int]]:
    """The selections that lie in the text, read through `mapping`."""
    return [
        (int(mapping[a]), int(mapping[b]))
        for a, b in selections
        if a is not None and b is not None and 0 <= a <= b < len(mapping)
    ]


def between_words(text: str, spans: list[tuple[int, int]]) -> int:
    """How many span ends fall between words of `text` (a reading that drifts lands inside them)."""

    def edge(i: int) -> bool:
        inside = 0 < i < len(text) and bool(_WORD.match(text[i - 1])) and bool(_WORD.match(text[i]))
        return 0 <= i <= len(text) and not inside

    return sum(edge(a) + edge(b) for a, b in spans)


def candidates(texts: list[str], origin: str) -> list[Counting]:
    """The readings the texts tell apart, the one preferred on a tie first."""
    units = [CODE_POINTS]
    if any(ord(c) > 0xFFFF for t in texts for c in t):
        units = [UTF16, CODE_POINTS] if origin.casefold().startswith("nvivo") else [CODE_POINTS, UTF16]
    crlf = [CRLF_TWO, CRLF_ONE] if any("\r\n" in t for t in texts) else [CRLF_TWO]
    return [Counting(u, c) for u in units for c in crlf]


def choose(sources: list[tuple[str, list[Span]]], origin: str = "") -> tuple[Counting, str]:
    """The way the file's positions were counted, from its sources' stored texts and selections,
    and a note for the user ("" when the texts leave nothing to choose or the standard's reading
    holds in texts with LF line endings)."""
    options = candidates([t for t, _ in sources], origin)
    if len(options) == 1:
        return options[0], ""
    scored = []
    for counting in options:
        reads = [mapped(to_lf(text, counting), sel) for text, sel in sources]
        hits = sum(
            between_words(text.replace("\r\n", "\n"), r) for (text, _), r in zip(sources, reads, strict=True)
        )
        scored.append((hits, sum(2 * len(r) for r in reads), counting, reads))
    best = max(scored, key=lambda s: s[0])  # the first of equals: the preferred reading
    hits, edges, counting, reads = best
    tied = [s for s in scored if s is not best and s[0] == hits and s[3] != reads]
    crlf = any("\r\n" in t for t, _ in sources)
    if counting == STANDARD and not crlf and not tied:
        return counting, ""
    note = f"positions read as {counting}: {hits} of {edges} selection ends fall between words that way"
    note = f"line endings stored as CRLF; {note}" if crlf else note
    standard = next(s for s in scored if s[2] == STANDARD)
    if counting != STANDARD:
        note += f" ({standard[0]} of {standard[1]} read as the standard counts: {STANDARD})"
    if tied:
        note += (
            f"; {tied[0][2]} fits as well and places some selections elsewhere: "
            "check a few coded sentences by hand"
        )
    return counting, note
