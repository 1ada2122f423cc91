"""A whole file as one statement of one delegation (a written submission, a single speech).

The manifest's ``country`` says who speaks, so no labels are parsed: a text file is read
whole; any other form is read by its own reader and its segments joined, with their
labels logged. Paragraph numbers ("12.  We ...") are machinery and are logged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.encoding import read_text
from analysis.ingest.readers.dehyphenate import dehyphenate
from analysis.ingest.readers.segment import ReadResult, Segment, merge_spans, span
from analysis.ingest.removals import RemovalLog

TEXT_SUFFIXES = (".txt", ".md", ".text", "")
_PARA_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+(?=\S)", re.MULTILINE)


def read_single(path: Path, read_form: Callable[[Path], ReadResult]) -> ReadResult:
    """One segment with no label; ``read_form`` reads the files that are not plain text."""
    path = Path(path)
    name = path.name
    log = RemovalLog()
    if path.suffix.lower() in TEXT_SUFFIXES:
        raw = read_text(path, log)
        # Lines of the file as written (dehyphenation joins some), up to its last line with text:
        # a final newline or blank lines at the end are not lines of the statement.
        last = raw.rstrip().count("\n") + 1
        return _statement(path, dehyphenate(raw, name, log), span(name, "lines", 1, last), log)
    result = read_form(path)
    if not result.segments:
        raise InputError("no text in the statement", path)
    log.extend(result.removals)
    for s in result.segments:
        if s.label:
            log.add(s.label, "speaker_label", s.source)
    text = "\n".join(s.text for s in result.segments)
    statement = _statement(path, text, merge_spans([s.source for s in result.segments]), log)
    statement.captions = result.captions
    return statement


def _statement(path: Path, text: str, source: str, log: RemovalLog) -> ReadResult:
    def drop(m: re.Match) -> str:
        log.add(m.group(0).strip(), "paragraph_number", path.name)
        return ""

    text = _PARA_NUMBER.sub(drop, text).strip()
    if not text:
        raise InputError("no text in the statement", path)
    return ReadResult([Segment(None, text, source)], log)
