"""The layout of a printed legislative record in plain text (the Congressional Record, a GPO hearing).

Such a record sets each paragraph of speech with a small indent ("  Mr. ISSA. Mr. Chairman, ...";
continuation lines start at the margin) and sets everything that is not speech apart:

- documents read into the record (an amendment's text) follow a paragraph ending "as follows:" and
  are indented more deeply than any paragraph of speech: logged as ``inserted_text``;
- the record's own narrative, a whole unlabelled paragraph ("There was no objection.", "The
  amendment was agreed to.", "The legislative clerk proceeded to call the roll."): ``stage_direction``;
- centred headings ("Amendment No. 21A Offered by Mr. Smith of New Jersey") standing alone between
  blank lines: ``heading``;
- page marks and clock stamps alone on a line ("[[Page H6118]]", "{time}  1117"): ``page_furniture``
  and ``timestamp``.

The paragraph indent is learned from the file (the most common small indent); a file without one
is not laid out this way and is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter

from analysis.ingest.readers.segment import Line, clip, span
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import RECORD_CLOCK, RECORD_NARRATIVE, RECORD_PAGE_MARK

_MIN_PARAGRAPHS = 5  # indented paragraph openings a file needs before its indent is trusted
_INTRODUCES = re.compile(r"as\s+follows:\s*$", re.I)
_SENTENCE_END = re.compile(r"[.;:?!]\s*$")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def paragraph_indent(lines: list[Line]) -> int | None:
    """The indent that opens a paragraph of speech, when the file has one: the smallest indent opening several
    lines (2 in the Congressional Record; inserted documents are indented deeper)."""
    indents = Counter(_indent(ln.text) for ln in lines if ln.text.strip() and 0 < _indent(ln.text) <= 6)
    return min((i for i, n in indents.items() if n >= _MIN_PARAGRAPHS), default=None)


def strip_record_layout(lines: list[Line], name: str, log: RemovalLog) -> list[Line]:
    """A record laid out with indented paragraphs, without what is not speech (each removal logged)."""
    indent = paragraph_indent(lines)
    if indent is None:
        return lines
    out = [_furniture(ln, name, log) for ln in lines]
    out = _inserted_documents(out, indent, name, log)
    out = _headings(out, indent, name, log)
    return _narrative(out, indent, name, log)


def _furniture(ln: Line, name: str, log: RemovalLog) -> Line:
    for pattern, why in ((RECORD_PAGE_MARK, "page_furniture"), (RECORD_CLOCK, "timestamp")):
        if pattern.match(ln.text):
            log.add(ln.text.strip(), why, f"{name}:line {ln.unit}")
            return Line("", ln.unit)
    return ln


def _inserted_documents(lines: list[Line], indent: int, name: str, log: RemovalLog) -> list[Line]:
    """Lines indented deeper than speech after a paragraph ending "as follows:", up to the next paragraph."""
    out, inside, taken = [], False, []
    for ln in lines:
        text = ln.text
        deep = _indent(text) > indent + 1
        if inside and text.strip() and not deep:
            inside = False
            _log_block(taken, "inserted_text", name, log)
            taken = []
        if inside:
            if text.strip():
                taken.append(ln)
            out.append(Line("", ln.unit))
            continue
        if _INTRODUCES.search(text):
            inside = True
        out.append(ln)
    _log_block(taken, "inserted_text", name, log)
    return out


def _headings(lines: list[Line], indent: int, name: str, log: RemovalLog) -> list[Line]:
    """Short lines centred well past the paragraph indent, alone between blank lines, with no sentence end."""
    out = []
    for i, ln in enumerate(lines):
        text = ln.text
        alone = (i == 0 or not lines[i - 1].text.strip()) and (
            i + 1 == len(lines) or not lines[i + 1].text.strip()
        )
        if (
            text.strip()
            and alone
            and _indent(text) >= indent + 3
            and len(text.split()) <= 15
            and not _SENTENCE_END.search(text)
        ):
            log.add(text.strip(), "heading", f"{name}:line {ln.unit}")
            out.append(Line("", ln.unit))
        else:
            out.append(ln)
    return out


def _narrative(lines: list[Line], indent: int, name: str, log: RemovalLog) -> list[Line]:
    """Whole paragraphs of the record's narrative (a paragraph opens at the indent, goes on at the margin)."""
    out, i = list(lines), 0
    while i < len(lines):
        if _indent(lines[i].text) != indent or not lines[i].text.strip():
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].text.strip() and _indent(lines[j].text) == 0:
            j += 1
        paragraph = " ".join(ln.text.strip() for ln in lines[i:j])
        if RECORD_NARRATIVE.match(paragraph):
            _log_block(lines[i:j], "stage_direction", name, log)
            out[i:j] = [Line("", ln.unit) for ln in lines[i:j]]
        i = j
    return out


def _log_block(block: list[Line], why: str, name: str, log: RemovalLog) -> None:
    if block:
        log.add(
            clip(" ".join(ln.text.strip() for ln in block)),
            why,
            span(name, "lines", block[0].unit, block[-1].last),
        )
