"""Plain text transcripts: UN verbatim records saved as .txt, and ``Name: text`` transcripts.

Machinery removed and logged: leading timestamps (``[00:01:02]``, ``12:30 -``), Otter-style
``Name  0:42`` label lines (the time goes, the name stays as a label), the record's notice,
page furniture, and words hyphenated over a line break.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.ingest.encoding import read_text
from analysis.ingest.readers.assemble import realign, segments_from_lines
from analysis.ingest.readers.dehyphenate import dehyphenate
from analysis.ingest.readers.furniture import strip_boilerplate, strip_text_furniture
from analysis.ingest.readers.labels import looks_like_label
from analysis.ingest.readers.segment import Line, ReadResult
from analysis.ingest.removals import RemovalLog

_LEADING_TS = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?\s*[-–]?\s*")
_OTTER_LABEL = re.compile(r"^\s*(?P<label>[^\d:\n][^:\n]{0,60}?)\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")


def read_plain(path: Path, text: str | None = None) -> ReadResult:
    """Plain text: UN verbatim style or ``Name: text`` transcripts."""
    path = Path(path)
    text = read_text(path) if text is None else text
    log = RemovalLog()
    text = strip_boilerplate(text, path.name, log)
    lines = strip_text_furniture(_text_lines(text, path.name, log), path.name, log)
    joined = dehyphenate("\n".join(ln.text for ln in lines), path.name, log)
    lines = realign(joined.split("\n"), lines)
    return ReadResult(segments_from_lines(lines, path.name, "lines", log), log)


def _text_lines(text: str, name: str, log: RemovalLog) -> list[Line]:
    """Numbered lines with leading timestamps off (logged) and Otter's ``Name 0:42`` turned into ``Name:``."""
    lines = []
    for i, raw in enumerate(text.split("\n"), 1):
        line = raw.replace("\f", "")
        m = _LEADING_TS.match(line)
        if m and m.end() < len(line) and re.match(r"\s*[\[(]?\d", line):
            log.add(m.group(0).strip(), "timestamp", f"{name}:line {i}")
            line = line[m.end() :]
        om = _OTTER_LABEL.match(line)
        if om and looks_like_label(om.group("label")):
            log.add(line.strip()[len(om.group("label")) :].strip(), "timestamp", f"{name}:line {i}")
            line = om.group("label") + ":"
        lines.append(Line(line, i))
    return lines
