"""Plain text transcripts: UN verbatim records saved as .txt, and ``Name: text`` transcripts.

Machinery removed and logged: leading timestamps (``[00:01:02]``, ``12:30 -``) and lines holding only a
time or a meeting program's notice (``Amina Diallo started transcription``), Otter-style
``Name  0:42`` and Zoom-style ``[Name] 11:02:09`` label lines (the time goes, the name stays as a
label), the record's notice, page furniture, a printed legislative record's layout (``record``:
inserted documents, narrative, headings, page marks), and words hyphenated over a line break. Minutes
that set each speaker's name alone above the statement label it with that line (``name_headings``).
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.ingest.encoding import read_text
from analysis.ingest.readers.assemble import realign, segments_from_lines
from analysis.ingest.readers.dehyphenate import dehyphenate
from analysis.ingest.readers.furniture import meeting_machinery, strip_boilerplate, strip_text_furniture
from analysis.ingest.readers.headings import name_headings
from analysis.ingest.readers.labels import split_timed_label
from analysis.ingest.readers.record import strip_record_layout
from analysis.ingest.readers.segment import Line, ReadResult
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import EDITORIAL_NOTE

_LEADING_TS = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?\s*[-–]?\s*")
_MD_ESCAPE = re.compile(r"\\([\[\]#*_`()\\])")


def read_plain(path: Path, text: str | None = None) -> ReadResult:
    """Plain text: UN verbatim style or ``Name: text`` transcripts."""
    path = Path(path)
    log = RemovalLog()
    text = read_text(path, log) if text is None else text
    if path.suffix.lower() in (".md", ".markdown"):
        text = _unescape_markdown(text, path.name, log)
    text = strip_boilerplate(text, path.name, log)
    lines = strip_text_furniture(_text_lines(text, path.name, log), path.name, log)
    lines = strip_record_layout(lines, path.name, log)
    joined = dehyphenate("\n".join(ln.text for ln in lines), path.name, log)
    lines, rows = name_headings(realign(joined.split("\n"), lines))
    return ReadResult(segments_from_lines(lines, path.name, "lines", log, rows), log)


def _unescape_markdown(text: str, name: str, log: RemovalLog) -> str:
    """Markdown's backslash escapes ("\\[04:04\\]") off, so the bracket's contents are cleaned as usual."""
    text, n = _MD_ESCAPE.subn(r"\1", text)
    if n:
        log.add(f"{n} markdown escapes", "markup", name)
    return text


def _standalone_heading(raw: list[str], i: int) -> bool:
    """An all-capitals line of several words standing alone between blank lines ("STATEMENT OF ...")."""
    line = raw[i].strip()
    letters = [c for c in line if c.isalpha()]
    return (
        len(line.split()) >= 3
        and len(letters) >= 10
        and all(c.isupper() for c in letters)
        and (i == 0 or not raw[i - 1].strip())
        and (i + 1 == len(raw) or not raw[i + 1].strip())
    )


def _text_lines(text: str, name: str, log: RemovalLog) -> list[Line]:
    """Numbered lines with leading timestamps off (logged) and Otter's ``Name 0:42`` turned into ``Name:``;
    a hearing's editorial notes and stand-alone headings are logged, not speech."""
    lines = []
    raw_lines = text.split("\n")
    for i, raw in enumerate(raw_lines, 1):
        if EDITORIAL_NOTE.match(raw) or _standalone_heading(raw_lines, i - 1):
            log.add(
                raw.strip(), "stage_direction" if EDITORIAL_NOTE.match(raw) else "heading", f"{name}:line {i}"
            )
            lines.append(Line("", i))
            continue
        line = raw.replace("\f", "")
        machinery = meeting_machinery(line, raw_lines[i - 2] if i > 1 else "")
        if machinery:
            log.add(line.strip(), machinery, f"{name}:line {i}")
            lines.append(Line("", i))
            continue
        m = _LEADING_TS.match(line)
        if m and m.end() < len(line) and re.match(r"\s*[\[(]?\d", line):
            log.add(m.group(0).strip(), "timestamp", f"{name}:line {i}")
            line = line[m.end() :]
        timed = split_timed_label(line)
        if timed:
            log.add(timed[1], "timestamp", f"{name}:line {i}")
            line = timed[0] + ":"
        lines.append(Line(line, i))
    return lines
