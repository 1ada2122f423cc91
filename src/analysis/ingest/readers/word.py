"""Word minutes (.docx): bold speaker names opening a paragraph, or a bold name alone above the text; and
transcripts Teams or Otter saved as Word, each turn under a line naming the speaker and the time.

Headings and the title are logged, not speech; a two-column table of speaker | text gives
labelled lines, any other table is logged as ignored.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.encoding import repair
from analysis.ingest.readers.assemble import segments_from_lines
from analysis.ingest.readers.furniture import meeting_machinery
from analysis.ingest.readers.labels import looks_like_label, split_timed_label
from analysis.ingest.readers.segment import Line, ReadResult, clip
from analysis.ingest.removals import RemovalLog


def read_docx(path: Path) -> ReadResult:
    """Word minutes -> segments, one ``Line`` per paragraph (or table row)."""
    import docx

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        raise InputError(f"not a readable Word .docx file ({type(exc).__name__})", path) from None
    name = path.name
    log = RemovalLog()
    lines: list[Line] = []
    transcript = _timed_transcript(document)
    previous = ""  # the paragraph before, whatever became of it
    for n, block in enumerate(document.iter_inner_content(), 1):
        where = f"{name}:paragraph {n}"
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block, n, where, log))
            continue
        text = repair(block.text, log, name, where).strip()
        if not text:
            continue
        before, previous = previous, text
        machinery = meeting_machinery(text, before)
        if machinery:
            log.add(text, machinery, where)
            lines.append(Line("", n))  # as a removed line of text: what stood before it ended there
            continue
        style = (block.style.name or "") if block.style is not None else ""
        if style.lower().startswith(("heading", "title", "subtitle")):
            log.add(clip(text), "heading", where)
            continue
        lines.extend(_paragraph_lines(block, text, n, where, log, transcript))
    if not any(ln.text or ln.label for ln in lines):
        raise InputError("no text in the Word document", path)
    return ReadResult(segments_from_lines(lines, name, "paragraphs", log), log)


def _table_lines(table, n: int, where: str, log: RemovalLog) -> list[Line]:
    """A table: ``speaker | text`` rows become labelled lines; any other row is logged as ignored."""
    lines = []
    for row in table.rows:
        cells = [c.text.strip() for c in row.cells]
        cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]  # merged cells repeat
        cells = [repair(c, log, where=where) for c in cells]
        if len(cells) == 2 and looks_like_label(cells[0].rstrip(":")) and len(cells[1].split()) > 2:
            lines.append(Line(cells[1], n, label=cells[0].rstrip(":").strip()))
        elif cells:
            log.add(clip(" | ".join(cells)), "table", where)
    return lines


def _timed_transcript(document) -> bool:
    """A Teams or Otter transcript saved as Word: at least two paragraphs, and a third of them, open with a
    name and a time ("Amina Diallo   0:03"), each followed by speech; minutes that time an agenda ("Coffee
    Break 10:30", "Session Two 11:00") are not."""
    texts = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    if not texts:  # an empty document, or one whose text is all in tables
        return False
    opens = [split_timed_label(t.partition("\n")[0]) is not None for t in texts]
    alone = [o and "\n" not in t for o, t in zip(opens, texts, strict=True)]  # no speech in the paragraph
    back_to_back = any(a and b for a, b in zip(alone, alone[1:] + [False], strict=True))
    return sum(opens) >= 2 and sum(opens) >= len(texts) / 3 and not back_to_back


def _paragraph_lines(para, text: str, n: int, where: str, log: RemovalLog, transcript: bool) -> list[Line]:
    """A paragraph as lines: one, labelled when it opens with a bold speaker name; or, in a Teams or Otter
    transcript saved as Word (``transcript``), a line naming the speaker and the time ("Amina Diallo
    0:03", the time logged) becomes a label and the rest of its paragraph, if any, the speech."""
    first, _, rest = text.partition("\n")
    timed = split_timed_label(first) if transcript else None
    if timed is None:
        return [_paragraph_line(para, text, n)]
    log.add(timed[1], "timestamp", where)
    return [Line("", n, label=timed[0])] + ([Line(rest.strip(), n)] if rest.strip() else [])


def _paragraph_line(para, text: str, n: int) -> Line:
    """A paragraph (``text``, already repaired), labelled when it opens with a bold speaker name."""
    bold = ""
    for run in para.runs:
        if run.bold or (run.bold is None and para.style is not None and para.style.font.bold):
            bold += run.text
        elif not run.text.strip() and bold:
            bold += run.text
        else:
            break
    bold = repair(bold)  # as the paragraph was, so that it still opens the paragraph; logged there
    label = bold.strip().rstrip(":").strip()
    if label and looks_like_label(label) and text.startswith(bold.strip()):
        rest = text[len(bold.strip()) :].lstrip().lstrip(":").strip()
        return Line(rest, n, label=label)
    return Line(text, n)
