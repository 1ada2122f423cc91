"""Word minutes (.docx): bold speaker names opening a paragraph, or a bold name alone above the text; and
transcripts Teams or Otter saved as Word, each turn under a line naming the speaker and the time.

The text read is the document as it would print with every tracked change accepted (insertions in,
deletions out), content controls included. Headings and the title are logged, not speech; a table
of speaker | text rows (after a time column, if any) gives labelled lines, any other table (a list of the
delegations attending and their delegates too) is logged as ignored.

Word prints a list's bullet or number from the paragraph's style or numbering, not from its text: a
paragraph styled "List Bullet", "List Number" or "List Paragraph", or numbered (``w:numPr``), is marked as a
list's item (``Line.item``), so that a bold label alone over such items that names a part of a text
("**Key Messages:**", ``grammar.heading_over_list``) is read as a heading in the turn, not as a speaker.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.archives import check_unpacked_size
from analysis.errors import InputError
from analysis.ingest.encoding import BROKEN_FILE, EMPTY_FILE, repair
from analysis.ingest.readers.assemble import segments_from_lines
from analysis.ingest.readers.furniture import meeting_machinery
from analysis.ingest.readers.grammar import document_heading, list_headings
from analysis.ingest.readers.headings import delegation_lines
from analysis.ingest.readers.labels import looks_like_label, split_timed_label
from analysis.ingest.readers.segment import Line, ReadResult, clip
from analysis.ingest.removals import RemovalLog
from analysis.ingest.speakers import attribute, delegation_heading
from analysis.ingest.vocabulary import RESOLUTION_OPENERS

if TYPE_CHECKING:  # python-docx is imported when a Word file is read, not with the readers
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run


def read_docx(path: Path) -> ReadResult:
    """Word minutes -> segments, one ``Line`` per paragraph (or table row)."""
    import docx

    path = Path(path)
    _check_unpacked_size(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        raise InputError(BROKEN_FILE.format(form="Word .docx file", why=type(exc).__name__), path) from None
    name = path.name
    log = RemovalLog()
    lines: list[Line] = []
    from docx.table import Table

    blocks = list(_blocks(document))
    printed = [None if isinstance(b, Table) else _text(b) for b in blocks]  # each paragraph read once
    transcript = _timed_transcript([t for t in printed if t is not None])
    previous = ""  # the paragraph before, whatever became of it
    headed = None  # the level of the last heading that named a delegation
    alone: list[int] = []  # the lines of labels alone in their paragraphs (bold, or a transcript's name)
    styles: dict[str | None, _Style] = {}  # each paragraph style read once, by its id
    first = _first_delegation_heading(blocks, printed, styles)  # (paragraph, level) or None
    for n, (block, raw) in enumerate(zip(blocks, printed, strict=True), 1):
        where = f"{name}:paragraph {n}"
        if raw is None:
            lines.extend(_table_lines(block, n, where, log))
            continue
        text = repair(raw, log, name, where).strip()
        if not text:
            continue
        before, previous = previous, text
        machinery = meeting_machinery(text, before)
        if machinery:
            log.add(text, machinery, where)
            lines.append(Line("", n))  # as a removed line of text: what stood before it ended there
            continue
        styled = _style(block, styles)
        style = styled.name
        name_heading = text.rstrip(":").strip()
        level = _heading_level(style)
        delegation = delegation_heading(name_heading) if level is not None else None
        if delegation is not None:
            # minutes that set each delegation's name as a heading above its statement
            lines.append(Line("", n, label=delegation))
            headed = level  # the rank of the delegation heading the turn: what lies below it is its statement
            continue
        if first is not None and n < first[0] and level == first[1] and _presides_or_serves(name_heading):
            # "Chair", "UNIDO Secretariat" headed at the delegations' rank before the first of them: the
            # opening and the Secretariat's presentation are speech, not the front matter above the turns
            lines.append(Line("", n, label=name_heading))
            headed = level
            continue
        if level is not None and headed is not None and level <= headed:
            # once headings name the speakers, another heading of their rank or above ends the turn above
            # it: what follows is nobody's known speech ("Closing of the meeting"), not more of the last
            # delegation's; a heading below them ("Skills") is a part of the statement, logged as a heading
            lines.append(Line("", n, label=name_heading))
            continue
        if level is not None and document_heading(text) is not None:
            # "Annex I" styled as a heading: logged as any heading, and kept aside (``Line.heading``), so that
            # what it heads after the last speaker is no one's (``assemble``), not the last speaker's words
            log.add(clip(text), "heading", where)
            lines.append(Line(text, n, heading=True))
            continue
        if style.lower().startswith(("heading", "title", "subtitle")):
            log.add(clip(text), "heading", where)
            continue
        read = _paragraph_lines(block, text, n, where, log, transcript, styled.bold)
        if _list_item(block, styled):
            read = [replace(ln, item=True) for ln in read]
        alone.extend(len(lines) + k for k, ln in enumerate(read) if ln.label and not ln.text)
        lines.extend(read)
    if not any(ln.text or ln.label for ln in lines):
        raise InputError(EMPTY_FILE.format(what="a Word document with no text"), path)
    # a bold "Key Messages:" over paragraphs styled "List Bullet": words of the turn, as an unused label
    for k in list_headings(
        lines, [(k, lines[k].label, lines[k].text) for k in alone], name, "paragraphs", log
    ):
        lines[k] = replace(lines[k], text=lines[k].label, label=None)
    return ReadResult(segments_from_lines(lines, name, "paragraphs", log), log)


def _first_delegation_heading(blocks: list, printed: list, styles: dict) -> tuple[int, int] | None:
    """The paragraph number and heading level of the first heading that names a delegation, if any: the rank
    at which the minutes head each statement with its speaker."""
    for n, (block, raw) in enumerate(zip(blocks, printed, strict=True), 1):
        if raw is None or not raw.strip():
            continue
        level = _heading_level(_style(block, styles).name)
        if level is not None and delegation_heading(raw.strip().rstrip(":").strip()) is not None:
            return n, level
    return None


def _presides_or_serves(heading: str) -> bool:
    """A heading that names the chair or the secretariat as a speaker's label would ("Chair", "The
    President", "UNIDO Secretariat"), not a part of the record ("Introduction", "Opening of the meeting")."""
    return looks_like_label(heading) and attribute(heading).role in ("chair", "secretariat")


def _check_unpacked_size(path: Path) -> None:
    """python-docx reads every part of the zip whole: one that unpacks to gigabytes is refused first
    (`archives`); a file that is no zip is left to python-docx to say so."""
    advice = "Save the minutes again in Word, or take its row out of sessions.csv"
    try:
        with zipfile.ZipFile(path) as zf:
            check_unpacked_size(zf, path, advice)
    except (zipfile.BadZipFile, OSError, EOFError):
        return


@dataclass(frozen=True)
class _Style:
    """What the reader asks of a paragraph style: its name, whether it prints its paragraphs as a list's
    items (``_styled_list``) and whether it bolds their text."""

    name: str
    listed: bool
    bold: bool


def _style(para: Paragraph, styles: dict[str | None, _Style]) -> _Style:
    """The paragraph's style, read once per document (``styles``, by the style's id: python-docx looks a
    style and each style it is based on up among all the document's styles every time it is asked)."""
    ident = para._p.style
    if ident not in styles:
        style = para.style
        styles[ident] = _Style(
            (style.name or "") if style is not None else "",
            _styled_list(style),
            bool(style is not None and style.font.bold),
        )
    return styles[ident]


def _list_item(para: Paragraph, style: _Style) -> bool:
    """A paragraph Word prints as a list's item: numbered (``w:numPr``, unless its ``w:numId`` is 0, which
    takes the numbering off), or styled as one (``style.listed``)."""
    own = _numbered(para._p)
    return own if own is not None else style.listed


def _styled_list(style) -> bool:
    """A paragraph style that prints a list's items: "List Bullet", "List Number 2", "List Paragraph", or a
    style based on one, or a style that numbers its paragraphs."""
    seen = set()
    while style is not None and style.style_id not in seen:  # a broken file's styles may base on each other
        if _LIST_STYLE.match(style.name or "") or _numbered(style.element):
            return True
        seen.add(style.style_id)
        style = style.base_style
    return False


def _numbered(element) -> bool | None:
    """Whether a paragraph's or a style's own properties number it (``w:numPr``; a ``w:numId`` of 0 takes the
    numbering off), None where they say nothing."""
    from docx.oxml.ns import qn

    props = element.find(qn("w:pPr")) if element is not None else None
    number = props.find(qn("w:numPr")) if props is not None else None
    if number is None:
        return None
    ident = number.find(qn("w:numId"))
    return ident is None or ident.get(qn("w:val")) != "0"


def _heading_level(style: str) -> int | None:
    """A heading style's level ("Heading 2" -> 2, a custom "Heading 2 Country" -> 2, a bare "Heading" -> 1),
    or None for any other style."""
    match = _HEADING_STYLE.match(style.strip())
    return None if match is None else int(match.group(1) or 1)


# The runs a paragraph prints: its own, a hyperlink's, a tracked insertion's or move's, a content control's
# (a deletion's text is w:delText, never w:t, and a move's source is left out).
# (a text box's paragraphs inside a drawing are not the paragraph's, as python-docx has it too).
_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
_TIME = re.compile(r"\(?\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:\s?[AaPp]\.?[Mm]\.?)?\]?\)?")
# Speech in a table cell reads as sentences; a particular ("Vienna International Centre, Room B") does not.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# What may follow a bold label in a paragraph: a colon or a dash, or the country in brackets then the colon.
_SEPARATOR = re.compile(r"^\s*(?::|[-–—](?=\s))\s*")
_COUNTRY_AFTER = re.compile(r"^\s*(\([^()]{2,60}\))\s*:")
_HEADING_STYLE = re.compile(r"heading\s*(\d)?\b", re.I)  # "Heading 2", "Heading 2 Country", "heading"
_LIST_STYLE = re.compile(r"list\s*(?:bullet|number|paragraph)\b", re.I)  # Word's list styles, "List Bullet 2"
_PARTICIPLE = re.compile(r"[A-Z][a-z]+(?:ing|ed)")
# A transcript table's header row: "Speaker | Statement", "Time | Name | Text".
_HEADER_WORDS = frozenset(
    "time timestamp speaker name delegation country statement text speech remarks".split()
)


def _blocks(document) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in order, those inside content controls (w:sdt) too."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent):
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document._body)
            elif child.tag == qn("w:tbl"):
                yield Table(child, document._body)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _runs(para: Paragraph) -> list[Run]:
    from docx.text.run import Run

    return [Run(r, para) for r in para._p.xpath(_RUNS)]


def _text(para: Paragraph) -> str:
    """The paragraph as it prints with tracked changes accepted (python-docx's `text` drops insertions)."""
    return "".join(run.text for run in _runs(para))


def _table_lines(table, n: int, where: str, log: RemovalLog) -> list[Line]:
    """A table: ``speaker | text`` rows (after a time cell, logged) become labelled lines; any other row is
    logged as ignored. A row's text is speech when it reads as a sentence (three words or more, ending
    like one). A short reply ("Yes.") counts only in a table that is a transcript: most of its rows are
    speaker | text, and at least two and most of those are speech. So a table of the minutes' particulars
    ("Venue | Vienna International Centre, Board Room B", "Chair | Mr. Otieno") stays a table, and so does a
    list of the delegations taking part and their delegates (``_lists_delegations``)."""
    rows = []
    for row in table.rows:
        cells = ["\n".join(_text(p) for p in c.paragraphs).strip() for c in row.cells]  # as printed, too
        cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]  # merged cells repeat
        cells = [repair(c, log, where=where) for c in cells]
        at = next(
            (i for i in (0, 1) if len(cells) == 3 and _TIME.fullmatch(cells[i])), None
        )  # time | who | ...
        rows.append((cells[at], cells[:at] + cells[at + 1 :]) if at is not None else (None, cells))
    said = [
        len(cells) == 2
        and looks_like_label(cells[0].rstrip(":"))
        and cells[0].rstrip(":").strip().lower() not in _HEADER_WORDS
        for _, cells in rows
    ]

    def speech(text: str) -> bool:
        return len(text.split()) > 2 and _SENTENCE_END.search(text) is not None

    if _lists_delegations([cells for _, cells in rows]):
        said = [False] * len(rows)
    spoken = sum(1 for (_, cells), turn in zip(rows, said, strict=True) if turn and speech(cells[1]))
    transcript = spoken >= 2 and sum(said) >= len(rows) / 2 and spoken >= sum(said) / 2
    lines = []
    for (time, cells), is_turn in zip(rows, said, strict=True):
        if is_turn and (transcript or speech(cells[1])):
            if time:
                log.add(time, "timestamp", where)
            lines.append(Line(cells[1], n, label=cells[0].rstrip(":").strip()))
        elif cells:
            log.add(clip(" | ".join(([time] if time else []) + cells)), "table", where)
    return lines


def _lists_delegations(rows: list[list[str]]) -> bool:
    """A table's ``rows`` (their cells) list who attended: two or more, and most of the two-cell rows, name a
    delegation alone on the left ("Kenya.", "Côte d'Ivoire:"; ``headings.delegation_lines``, as a list of
    delegations in text is read) and people on the right, each line of the cell a name or a name and an
    office that could label a speaker ("Mr. John Kamau, Permanent Representative."; two words or more:
    "Kenya | Agreed." is a reply), not what they said."""
    pairs = [cells for cells in rows if len(cells) == 2]
    lefts = delegation_lines([Line(cells[0].strip().rstrip(":"), 0) for cells in pairs])
    listed = [pairs[k] for k in sorted(lefts)]
    return (
        len(listed) >= 2
        and len(listed) >= len(pairs) / 2
        and all(
            looks_like_label(person.strip().rstrip(".;")) and len(person.split()) > 1
            for _, right in listed
            for person in re.split(r"[\n;]", right)
            if person.strip()
        )
    )


def _timed_transcript(paragraphs: list[str]) -> bool:
    """A Teams or Otter transcript saved as Word: at least two paragraphs (their printed texts), and a third
    of them, open with a name and a time ("Amina Diallo   0:03"), each followed by speech; minutes that time
    an agenda ("Coffee Break 10:30", "Session Two 11:00") are not."""
    texts = [t for t in (p.strip() for p in paragraphs) if t]
    if not texts:  # an empty document, or one whose text is all in tables
        return False
    opens = [split_timed_label(t.partition("\n")[0]) is not None for t in texts]
    alone = [o and "\n" not in t for o, t in zip(opens, texts, strict=True)]  # no speech in the paragraph
    back_to_back = any(a and b for a, b in zip(alone, alone[1:] + [False], strict=True))
    return sum(opens) >= 2 and sum(opens) >= len(texts) / 3 and not back_to_back


def _paragraph_lines(
    para, text: str, n: int, where: str, log: RemovalLog, transcript: bool, bold: bool
) -> list[Line]:
    """A paragraph as lines: one, labelled when it opens with a bold speaker name (``bold``: its style bolds
    it); or, in a Teams or Otter transcript saved as Word (``transcript``), a line naming the speaker and the
    time ("Amina Diallo 0:03", the time logged) becomes a label and the rest of its paragraph, if any, the
    speech."""
    first, _, rest = text.partition("\n")
    timed = split_timed_label(first) if transcript else None
    if timed is None:
        return [_paragraph_line(para, text, n, bold)]
    log.add(timed[1], "timestamp", where)
    return [Line("", n, label=timed[0])] + ([Line(rest.strip(), n)] if rest.strip() else [])


def _paragraph_line(para, text: str, n: int, styled_bold: bool) -> Line:
    """A paragraph (``text``, already repaired), labelled when it opens with a bold speaker name (in bold
    runs, or runs that leave it to the paragraph's style, ``styled_bold``)."""
    bold = ""
    for run in _runs(para):
        if run.bold or (run.bold is None and styled_bold):
            bold += run.text
        elif not run.text.strip() and bold:
            bold += run.text
        else:
            break
    bold = repair(bold).strip()  # as the paragraph was, so that it still opens the paragraph; logged there
    label = bold.rstrip(":").strip()
    if not label or not looks_like_label(label) or not text.startswith(bold):
        return Line(text, n)
    after = text[len(bold) :]
    country = _COUNTRY_AFTER.match(after)  # "**Mr. Kiboino** (Kenya): ..." bolds the name alone
    if country and not bold.endswith(":"):
        return Line(after[country.end() :].strip(), n, label=f"{label} {country.group(1)}")
    # A bold participle or resolution word opening a paragraph ("**Recalling** the Lima Declaration",
    # "**Decides** to", "**Mindful** of") is a resolution's or a statement's emphasis; a bold name is a
    # label, with a colon ("**Kenya:** We ..."), a dash, alone in its paragraph, or opening a minute
    # ("**The Chair** summarized the discussion").
    if (
        (_PARTICIPLE.fullmatch(label) or label.lower() in RESOLUTION_OPENERS)
        and not bold.endswith(":")
        and after.strip()
        and not _SEPARATOR.match(after)
    ):
        return Line(text, n)
    # the comma after a minute's actor goes with the label ("**Italy**, speaking for the Group, said")
    return Line(_SEPARATOR.sub("", after, count=1).strip().removeprefix(",").lstrip(), n, label=label)
