"""What a printed record adds around the speech: page furniture, boilerplate, stage directions.

Page furniture is the running headers and footers of a UN document (its symbol ``A/79/PV.29``,
job number ``24-19856``, date, page ``2/38``, bar code) and the notice on its first page.
Running heads sit at a page's edges, outside the speech: a line is taken as one only in the run
of furniture lines that starts at the page's top or bottom edge, so a line of running prose a
sentence continues across is speech even when it holds a symbol ("(see A/79/PV.15). He stressed")
or the page's number ("IAEA, meeting on 20 September, failed").
Stage directions are the record's italic lines ("The meeting rose at 1 p.m.", "Mr. X (Bangladesh),
Vice-President, took the Chair.", vote lists); agenda headings ("Agenda item 11", "ORGANIZATION OF
WORK") close the body they follow. Each is removed only as whole lines of a known form, and logged.
"""

from __future__ import annotations

import re
from collections import Counter

from analysis.ingest.readers.grammar import ENDS_MID_SENTENCE
from analysis.ingest.readers.labels import VERBATIM_LABEL, is_name_list
from analysis.ingest.readers.segment import Line, clip
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import CHAIR_CHANGE, CHAIR_CHANGE_START, MEETING_NOTICE, MONTHS, TIME_ONLY

_SYMBOL = r"\b[A-Z][A-Za-z0-9.]*(?:\s*/\s*[A-Z0-9][A-Za-z0-9.-]*)*?\s*/\s*PV\s*\.\s*\d+(?:\s*\(\w+\))?"
# A job number, with the duty station's prefix of documents issued in Vienna or Geneva: "24-19856 (E)",
# "V.24-01234", "GE.24-01234 (E)".
_JOB = r"(?:\b(?:V|GE)\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_PAGE = r"\d{1,3}(?:\s*/\s*\d{1,3})?"
DOC_SYMBOL = re.compile(_SYMBOL)
JOB_NUMBER = re.compile(rf"\b{_JOB}\b")
# Each item ends where its digits do: "2030" is no page "203" run into a page "0".
_FURNITURE_LINE = re.compile(rf"^\s*(?:(?:{_SYMBOL}|{_JOB}|{_DATE}|\*\d{{5,}}\*|{_PAGE})(?!\d)\s*)+$")
_BOILERPLATE = re.compile(
    r"(?:This record contains the (?:original )?text of speeches|This record is subject to correction\.)"
    r".{0,1200}?(?:documents\.un\.org\)?\.?|"
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
# A footer or header of any UN document symbol (a session number in it, parts joined by slashes) and the page
# number, alone on a line: "IDB.52/SR.3 1", "2 A/HRC/55/L.1". Furniture only at a page's edge; a symbol that
# ends a sentence ("... in IDB.52/L.3.") has its full stop, and "UN/DESA 2" names no session.
_ANY_SYMBOL = r"[A-Z][A-Z0-9.]*(?:/[A-Z0-9][A-Za-z0-9.-]*)*/[A-Z0-9][A-Za-z0-9.-]*[A-Za-z0-9]"
_SYMBOL_AND_PAGE = re.compile(
    rf"^\s*(?:(?=\S*\d)(?:{_ANY_SYMBOL})\s+{_PAGE}|{_PAGE}\s+(?=\S*\d){_ANY_SYMBOL})\s*$"
)
# A running head's symbol stands at the line's start or end, set off by spaces: "S/PV.10100 The situation
# in Cyprus 30/01/2026"; a reference in the speech is bracketed or punctuated: "(see S/PV.8979), the".
_HEAD_SYMBOL = re.compile(rf"^\s*{_SYMBOL}(?:\s|$)|(?:^|\s){_SYMBOL}\s*$")
_MONTH = rf"(?:{'|'.join(MONTHS)})"
_WRITTEN_DATE = re.compile(rf"^\s*\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\s*$")
_CONTINUES_PROSE = re.compile(r"^\s*[a-z),;]")  # a line that opens mid-sentence


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
    """A line at a page's edge that is furniture: symbols and numbers, a running head set with the document's
    symbol or a written date, any document symbol with the page number, or a repeated running header."""
    s = line.strip()
    return (
        is_furniture_line(line)
        or bool(_SYMBOL_AND_PAGE.match(s))
        or bool(_WRITTEN_DATE.match(s))
        or (
            bool(_HEAD_SYMBOL.search(s))
            and len(s) < 120
            and not _ENDS_SENTENCE.search(s)
            and not _CONTINUES_PROSE.match(s)
        )
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
    """A running head with the page's own number at its start or end ("46th meeting - Monday, 1 November 1993
    21", "20 General Assembly - Forty-eighth session"), not a line of prose that holds the number."""
    s = line.strip()
    if offset is None or len(s) >= 100 or _ENDS_SENTENCE.search(s) or _CONTINUES_PROSE.match(s):
        return False
    words = s.split()
    return str(page_index + offset) in (words[0], words[-1])


def _edge_run(lines: list[str], order: list[int], is_edge_line, edge: int) -> set[int]:
    """The furniture lines that run inwards from one edge of a page (``order``: its non-blank lines from
    that edge): they stop at the first line of speech, and at most ``edge`` of them are running heads
    (lines of symbols and job numbers alone count as furniture wherever they stand)."""
    found: set[int] = set()
    depth = 0
    for i in order:
        if _ANYWHERE_LINE.match(lines[i]):
            found.add(i)
            continue
        if depth >= edge or not is_edge_line(lines[i]):
            break
        depth += 1
        found.add(i)
    return found


def strip_page_furniture(pages: list[list[str]], name: str, log: RemovalLog) -> list[list[str]]:
    """Remove running headers and footers from each page's lines, learned from the document.

    Only the run of furniture at a page's top or bottom edge goes (up to four lines each way, stopping
    at the first line of speech): lines made of symbols, job and page numbers or a written date, any
    document symbol with the page number ("IDB.52/SR.3 1", so a one-page record loses its footer too),
    running heads that start or end with the document's symbol, lines whose shape (digits folded)
    repeats at the edge of several pages ("2 General Assembly - Forty-eighth session"), and lines
    that start or end with the page's own number in the document's numbering (learned from the
    numbers at the pages' edges, so a running head that alternates between left and right pages goes
    too). A line that continues a sentence (it opens in lower case or with a bracket or comma) is
    speech, not a running head. Lines of symbols and job numbers alone go wherever they stand.
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

        def is_edge_line(ln: str, p: int = p) -> bool:
            return _edge_furniture(ln, shapes[_shape(ln)] >= min_repeat) or _is_folio_line(ln, p - 1, folio)

        drop = _edge_run(lines, nonblank, is_edge_line, edge) | _edge_run(
            lines, nonblank[::-1], is_edge_line, edge
        )
        drop |= {i for i in nonblank if _ANYWHERE_LINE.match(lines[i])}
        kept = []
        for i, ln in enumerate(lines):
            if i in drop:
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
# A change of presiding officer, often wrapped over two or three lines:
# "Mr. Muhith (Bangladesh), Vice-President, took the Chair.", "The President returned to the Chair."
# An agenda heading opens with a line "Agenda item 11", "Agenda items 21 to 26", "AGENDA ITEM 14 (continued)"
# or, in older records, an all-capitals line ("ORGANIZATION OF WORK").
_AGENDA_ITEM = re.compile(
    r"^(?:Agenda|AGENDA)\s+(?:items?|ITEMS?)\s+\d+(?:\s*(?:,|and|to|AND|TO)\s*\d+)*"
    r"(?:\s*\((?:continued|concluded|CONTINUED|CONCLUDED)\))?$"
)


def _capitals_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 2 and len(letters) >= 8 and all(c.isupper() for c in letters)


def _joined(lines: list[str]) -> str:
    """Wrapped lines as one: a line ending in a hyphen ("Vice-") runs on without a space."""
    text = ""
    for ln in lines:
        s = ln.strip()
        text += s if text.endswith("-") or not text else " " + s
    return text


def _chair_change(lines: list[str], i: int) -> int:
    """How many lines from ``i`` (1 to 3) make a change of presiding officer; 0 when they do not."""
    if not CHAIR_CHANGE_START.match(lines[i]):
        return 0
    for n in range(1, 4):
        if i + n > len(lines) or not lines[i + n - 1].strip():
            return 0
        if CHAIR_CHANGE.match(_joined(lines[i : i + n])):
            return n
    return 0


def _closing_heading(lines: list[str]) -> int | None:
    """Where an agenda heading that closes a body starts: the lines after the body's last sentence, when
    the first of them opens a heading ("Agenda item 11" / "Prevention of armed conflict" / "Draft
    resolution (A/61/L.68)"); None when the body ends in speech."""
    run = []
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        if not s:
            continue
        if _ENDS_SENTENCE.search(s):
            break
        run.append(i)
    if not run:
        return None
    first = lines[run[-1]].strip()
    return run[-1] if _AGENDA_ITEM.match(first) or _capitals_heading(first) else None


def meeting_machinery(line: str, previous: str = "") -> str | None:
    """Why a whole line is the meeting software's, not speech: ``timestamp`` (a line holding only a
    time, "00:05:00", unless it ends the sentence the ``previous`` line left open: "We resume at / 11:30")
    or ``stage_direction`` ("Amina Diallo started transcription")."""
    line = line.strip()  # a run of leading spaces made the match quadratic
    if TIME_ONLY.match(line):
        # "We resume at / 11:30", "The agenda is as follows: / 10:00 / Opening": the time is said
        return None if ENDS_MID_SENTENCE.search(previous) or previous.rstrip().endswith(":") else "timestamp"
    return "stage_direction" if MEETING_NOTICE.match(line) else None


def strip_stage_directions(body: str, source: str, log: RemovalLog) -> str:
    """Remove a verbatim record's stage directions, vote lists and closing agenda heading (italic or set
    apart in print, plain in the text layer).

    Only whole lines of well-known forms go: "The meeting rose at ...", "A recorded vote was taken.",
    "Draft resolution I was adopted ...", "In favour: / Against: / Abstaining:" lists of names, a change
    of presiding officer ("Mr. X (Bangladesh), Vice-President, took the Chair.", wrapped or not:
    ``stage_direction``), and the heading of the next agenda item that the record sets after a
    speaker's last sentence, before the next label ("Agenda item 11 / Prevention of armed conflict",
    "ORGANIZATION OF WORK": ``heading``).
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
        elif s and (n := _chair_change(lines, i)):
            in_vote = False
            log.add(clip(_joined(lines[i : i + n])), "stage_direction", source)
            i += n - 1
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
    heading = _closing_heading(out)
    if heading is not None:
        log.add(clip(_joined([ln for ln in out[heading:] if ln.strip()])), "heading", source)
        out = out[:heading]
    return "\n".join(out)
