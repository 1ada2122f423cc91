"""Numbered lines -> labelled segments, for every reader whose source is lines of text.

Plain text, Word paragraphs and PDF pages all become ``Line``s (text + the unit it came from);
this module finds the speaker labels among them and gathers each speaker's lines into a
``Segment`` whose locator spans the units it covers.
"""

from __future__ import annotations

import bisect
import re

from analysis.ingest.readers.furniture import strip_stage_directions
from analysis.ingest.readers.labels import VERBATIM_LABEL, normalise_label, split_generic_label
from analysis.ingest.readers.segment import Gatherer, Line, Segment, clip, span
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import LANGUAGE_NOTE


def segments_from_lines(lines: list[Line], name: str, unit: str, log: RemovalLog) -> list[Segment]:
    """Split numbered lines into labelled segments.

    UN verbatim style (``Mr. X (Country):``, ``The President:``) is used when the
    text has such labels; labels then may run over a line break, and text before
    the first label is the record's front matter (logged, not speech). Otherwise
    each line may open with a generic ``Name:`` label; unlabelled lines continue
    the current speaker.
    """
    if not lines:
        return []
    text = "\n".join(ln.text for ln in lines)
    n_verbatim = len(VERBATIM_LABEL.findall(text))
    if n_verbatim >= 1 and n_verbatim >= 0.25 * _count_generic(lines):
        return _verbatim_segments(text, lines, name, unit, log)
    return _labelled_line_segments(lines, name, unit, log)


def _count_generic(lines: list[Line]) -> int:
    return sum(1 for ln in lines if split_generic_label(ln.text)[0] is not None)


def _verbatim_segments(text: str, lines: list[Line], name: str, unit: str, log: RemovalLog) -> list[Segment]:
    """Segments of a UN verbatim record: each label runs to the next; its language note opens the body."""
    offsets: list[int] = []  # where each line starts in ``text``
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln.text) + 1

    def line_at(offset: int) -> Line:
        return lines[max(0, bisect.bisect_right(offsets, offset) - 1)]

    matches = list(VERBATIM_LABEL.finditer(text))
    pre = text[: matches[0].start()].strip()
    if pre:
        log.add(
            clip(pre), "front_matter", span(name, unit, line_at(0).unit, line_at(matches[0].start()).unit)
        )
    segments: list[Segment] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label = re.sub(r"\s+", " ", m.group("label")).strip()
        note = LANGUAGE_NOTE.search(label)
        body = text[m.end() : end]
        if note:
            label = (label[: note.start()] + label[note.end() :]).strip()
            body = "(" + re.sub(r"\s+", " ", note.group(0)[1:-1]).strip() + ") " + body
        src = span(name, unit, line_at(m.start()).unit, line_at(max(m.start(), end - 1)).last)
        body = strip_stage_directions(body, src, log)
        segments.append(Segment(normalise_label(label), body.strip(), src))
    return segments


def _labelled_line_segments(lines: list[Line], name: str, unit: str, log: RemovalLog) -> list[Segment]:
    """Segments of ``Name: text`` lines (or lines the source labels itself); unlabelled lines continue."""
    explicit = any(ln.label for ln in lines)
    if explicit:
        # The source marks its speakers (bold names): plain "Date: ..." lines are not labels, and what comes
        # before the first marked speaker (title, participants, agenda) is front matter, not speech.
        k = next(i for i, ln in enumerate(lines) if ln.label)
        pre = " ".join(ln.text for ln in lines[:k] if ln.text.strip())
        if pre:
            log.add(clip(pre), "front_matter", span(name, unit, lines[0].unit, lines[k - 1].unit))
        lines = lines[k:]
    gather = Gatherer(name, unit, "\n")
    for ln in lines:
        if not ln.text.strip() and not ln.label:
            continue
        label, rest = (ln.label, ln.text) if explicit else split_generic_label(ln.text)
        if label is not None:
            gather.open(label, ln.unit)
        gather.add(rest, ln.unit, ln.last)
    return gather.finish()


def realign(edited: list[str], lines: list[Line]) -> list[Line]:
    """Re-attach unit numbers after an edit that only joined or dropped lines (by matching line starts)."""
    out = [Line(t, 0) for t in edited]
    if not lines:
        return out
    j = 0
    starts = []
    for ln in out:
        for k in range(j, min(j + 4, len(lines))):
            if _same_start(ln.text, lines[k].text):
                j = k
                break
        j = min(j, len(lines) - 1)
        starts.append(j)
        ln.unit = lines[j].unit
        j = min(j + 1, len(lines) - 1)
    for n, ln in enumerate(out):
        nxt = starts[n + 1] if n + 1 < len(out) else len(lines)
        ln.end = lines[max(starts[n], nxt - 1)].last
    return out


def _same_start(a: str, b: str) -> bool:
    return a[:20] == b[:20] or (not a.strip() and not b.strip())
