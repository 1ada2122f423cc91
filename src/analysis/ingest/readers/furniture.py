"""What a printed record adds around the speech: page furniture, boilerplate, stage directions.

Page furniture is the running headers and footers of a UN document (its symbol ``A/79/PV.29``,
job number ``24-19856``, date, page ``2/38``, bar code) and the notice on its first page.
Stage directions are the record's italic lines ("The meeting rose at 1 p.m.", vote lists).
Each is removed only as a whole line of a known form, and logged.
"""

from __future__ import annotations

import re
from collections import Counter

from analysis.ingest.readers.labels import VERBATIM_LABEL, is_name_list
from analysis.ingest.readers.segment import Line, clip
from analysis.ingest.removals import RemovalLog

_SYMBOL = r"\b[A-Z][A-Za-z0-9.]*(?:\s*/\s*[A-Z0-9][A-Za-z0-9.-]*)*?\s*/\s*PV\s*\.\s*\d+(?:\s*\(\w+\))?"
_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_PAGE = r"\d{1,3}(?:\s*/\s*\d{1,3})?"
DOC_SYMBOL = re.compile(_SYMBOL)
JOB_NUMBER = re.compile(rf"\b{_JOB}\b")
_FURNITURE_LINE = re.compile(rf"^\s*(?:(?:{_SYMBOL}|{_JOB}|{_DATE}|\*\d{{5,}}\*|{_PAGE})\s*)+$")
_BOILERPLATE = re.compile(
    r"This record contains the (?:original )?text of speeches.{0,1200}?(?:documents\.un\.org\)?\.?|"
    r"Official Document System of the United Nations[^.]*\.|consolidated corrigendum\.)",
    re.DOTALL,
)
# Whole lines that are furniture wherever they stand on a page
# (not page numbers: a wrapped "15" may be speech).
_ANYWHERE_LINE = re.compile(
    rf"^\s*(?:(?:{_SYMBOL}|{_JOB}|\*\d{{5,}}\*|Distr\.\s*[A-Z]+|(?:ENGLISH|FRENCH|SPANISH|RUSSIAN|ARABIC|CHINESE))"
    rf"\s*)+$"
)
_ENDS_SENTENCE = re.compile(r"[.:;?!]\s*$")


def _shape(line: str) -> str:
    """A line with its numbers folded, so running headers match across pages."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def is_furniture_line(line: str) -> bool:
    """Document symbols, job numbers, dates, page numbers and bar codes, alone on a line."""
    return bool(line.strip()) and bool(_FURNITURE_LINE.match(line))


def strip_boilerplate(text: str, name: str, log: RemovalLog, keep_lines: bool = False) -> str:
    """Remove the record's notice ("This record contains the text of speeches ..."), logged.

    ``keep_lines`` leaves the notice's line breaks, so line numbers after it still hold.
    """

    def drop(m: re.Match) -> str:
        log.add(clip(m.group(0)), "page_furniture", name)
        return "\n" * m.group(0).count("\n") if keep_lines else ""

    return _BOILERPLATE.sub(drop, text)


def _edge_furniture(line: str, repeated: bool) -> bool:
    """A line at a page's edge that is furniture: symbols and numbers, or a repeated running header."""
    s = line.strip()
    return (
        is_furniture_line(line)
        or (DOC_SYMBOL.search(line) and len(s) < 120 and not _ENDS_SENTENCE.search(s))
        or (repeated and len(s) < 100 and not VERBATIM_LABEL.match(line) and not _ENDS_SENTENCE.search(s))
    )


def _folio_offset(pages: list[list[str]], edge: int) -> int | None:
    """The document's own page numbering, learned: the offset (printed number - page index) that
    numbers found at the pages' edges agree on ("4411 Wednesday ..." on page 3, "... 4412" on page 4)."""
    offsets: Counter[int] = Counter()
    for p, lines in enumerate(pages):
        body = [ln for ln in lines if ln.strip()]
        found = {
            int(n) - p
            for ln in body[:edge] + body[-edge:]
            if len(ln) < 100
            for n in re.findall(r"\b\d{1,5}\b", ln)
        }
        offsets.update(found)
    best = offsets.most_common(1)
    return best[0][0] if best and best[0][1] >= max(2, len(pages) // 3) else None


def _is_folio_line(line: str, page_index: int, offset: int | None) -> bool:
    s = line.strip()
    return (
        offset is not None
        and len(s) < 100
        and not _ENDS_SENTENCE.search(s)
        and str(page_index + offset) in re.findall(r"\b\d{1,5}\b", s)
    )


def strip_page_furniture(pages: list[list[str]], name: str, log: RemovalLog) -> list[list[str]]:
    """Remove running headers and footers from each page's lines, learned from the document.

    A line near the top or bottom of a page is furniture when it is made of
    symbols, job and page numbers, when its shape (digits folded) repeats at
    the edge of several pages ("2 General Assembly - Forty-eighth session"), or
    when it carries the page's own number in the document's numbering (learned from
    the numbers at the pages' edges, so a running head that alternates between
    left and right pages goes too).
    """
    edge = 4
    shapes: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        for ln in set(body[:edge] + body[-edge:]):
            shapes[_shape(ln)] += 1
    min_repeat = max(2, len(pages) // 3)
    folio = _folio_offset(pages, 2)
    out: list[list[str]] = []
    for p, lines in enumerate(pages, 1):
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        edge_idx = set(nonblank[:edge] + nonblank[-edge:])
        kept = []
        for i, ln in enumerate(lines):
            if ln.strip() and (
                _ANYWHERE_LINE.match(ln)
                or i in edge_idx
                and (
                    _edge_furniture(ln, shapes[_shape(ln)] >= min_repeat) or _is_folio_line(ln, p - 1, folio)
                )
            ):
                log.add(ln.strip(), "page_furniture", f"{name}:page {p}")
                continue
            kept.append(ln)
        out.append(kept)
    return out


def strip_text_furniture(lines: list[Line], name: str, log: RemovalLog) -> list[Line]:
    """Page furniture in a plain-text record: whole lines of symbols/page numbers, repeated headers."""
    shapes = Counter(_shape(ln.text) for ln in lines if ln.text.strip())
    kept = []
    for ln in lines:
        s = ln.text.strip()
        furniture = is_furniture_line(s) or (
            shapes[_shape(s)] >= 3
            and len(s) < 100
            and re.search(r"\d", s)
            and (DOC_SYMBOL.search(s) or JOB_NUMBER.search(s) or re.search(r"\b(session|meeting)\b", s, re.I))
            and not re.search(r"[.:;?!]$", s)
        )
        if s and furniture:
            log.add(s, "page_furniture", f"{name}:line {ln.unit}")
            continue
        kept.append(ln)
    return kept


# --------------------------------------------------------------------------- stage directions

_STAGE = re.compile(
    r"^\s*(?:The meeting (?:was called to order|rose|was suspended|was resumed|resumed|adjourned)\b.*"
    r"|The agenda was adopted\.?"
    r"|A (?:recorded )?vote was taken(?: by show of hands)?\.?"
    r"|(?:The )?(?:draft|Draft) (?:resolution|decision|amendment)s?\b"
    r"[^.]{0,120}\bwas (?:adopted|rejected)\b.*"
    r"|At the invitation of the President\b.*"
    r"|(?:In favour|Against|Abstaining):\s*)$"
)
_VOTE_HEAD = re.compile(r"^\s*(?:In favour|Against|Abstaining):\s*$")


def strip_stage_directions(body: str, source: str, log: RemovalLog) -> str:
    """Remove a verbatim record's stage directions and vote lists (italic in print, plain in the text layer).

    Only whole lines of well-known forms go: "The meeting rose at ...", "A recorded vote was taken.",
    "Draft resolution I was adopted ...", and "In favour: / Against: / Abstaining:" lists of names.
    """
    out: list[str] = []
    lines = body.split("\n")
    in_vote = False
    i = 0
    while i < len(lines):
        ln = lines[i]
        s = ln.strip()
        if _VOTE_HEAD.match(s):
            in_vote = True
            log.add(s, "stage_direction", source)
        elif in_vote and s and is_name_list(s):
            log.add(clip(s), "stage_direction", source)
        elif s and _STAGE.match(s):
            in_vote = False
            # A direction may wrap: take its continuation lines up to the sentence's full stop.
            text = s
            while (
                not text.rstrip().endswith((".", ")"))
                and i + 1 < len(lines)
                and lines[i + 1].strip()
                and not lines[i + 1].strip()[:1].isupper()
            ):
                i += 1
                text += " " + lines[i].strip()
            log.add(clip(text), "stage_direction", source)
        else:
            in_vote = False
            out.append(ln)
        i += 1
    return "\n".join(out)
