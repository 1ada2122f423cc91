"""One reader per transcript form, each giving a ``ReadResult``: segments and a removal log.

A segment is a stretch of speech with the raw speaker label the source gives it
(or None when the source names nobody), its raw text, and a locator back into
the file (``africa.vtt:cues 3-7``, ``record.pdf:pages 2-3``). Readers remove
only the machinery of their form (cue timings and numbers, caption repetition,
page headers and footers, hyphenated line breaks) and log each removal; cleaning
of the words themselves is ``analysis.ingest.textclean``.

``READERS`` maps each form ``sniff`` recognises to its reader; shared pieces live in
``labels`` (speaker-label grammar), ``furniture`` (page furniture, stage directions),
``dehyphenate`` and ``assemble`` (lines -> segments).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from analysis.errors import InputError, require_file
from analysis.ingest.encoding import EMPTY_FILE
from analysis.ingest.readers.captions import read_srt, read_vtt
from analysis.ingest.readers.pdf import read_pdf
from analysis.ingest.readers.segment import ReadResult, Segment
from analysis.ingest.readers.single import read_single
from analysis.ingest.readers.text import read_plain
from analysis.ingest.readers.word import read_docx

READERS: dict[str, Callable[[Path], ReadResult]] = {
    "vtt": read_vtt,
    "srt": read_srt,
    "docx": read_docx,
    "pdf": read_pdf,
    "text": read_plain,
}
_SUFFIXES = {".vtt": "vtt", ".webvtt": "vtt", ".srt": "srt", ".docx": "docx", ".pdf": "pdf"}

# Forms people save minutes in that no reader takes: named, with what to save them as, rather than read
# as text (an RTF file's control words would become speech) or failing on a parser's exception.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files, and password-protected .docx
_UNSUPPORTED = {
    "doc": "an old Word .doc file: save it as .docx",
    "ole": "an old Word .doc file or a password-protected Word file: save it as .docx without a password",
    "odt": "an OpenDocument (.odt) file: save it as .docx",
    "rtf": "a Rich Text (.rtf) file: save it as .docx or plain text",
    "html": "a web page (HTML): save its text as plain text",
}
_UNSUPPORTED_SUFFIXES = {".doc": "doc", ".odt": "odt", ".rtf": "rtf", ".html": "html", ".htm": "html"}


def _unsupported(head: bytes) -> str | None:
    """Which form no reader takes a file is, by its first bytes (a key of `_UNSUPPORTED`)."""
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis.opendocument" in head[:100]:
        return "odt"
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, "ignore").lstrip("\ufeff").lstrip().lower()
    if text.startswith("{\\rtf"):
        return "rtf"
    # a page may open with a comment or an XML declaration before its <html>
    if text.startswith(("<!doctype html", "<html")) or (
        text.startswith(("<!--", "<?xml")) and re.search(r"<(?:!doctype\s+)?html\b", text)
    ):
        return "html"
    return None


def sniff(path: Path) -> str:
    """The form of a transcript: vtt, srt, docx, pdf or text (by extension, then by content); a form
    no reader takes (.doc, .odt, .rtf, HTML, a password-protected Word file) is an error that says
    what to save it as."""
    suffix = Path(path).suffix.lower()
    try:
        with open(path, "rb") as fh:  # the first bytes only: a transcript can be a large PDF
            head = fh.read(2048)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from None
    unsupported = _unsupported(head) or _UNSUPPORTED_SUFFIXES.get(suffix)
    if unsupported:
        raise InputError(_UNSUPPORTED[unsupported], path)
    form = _SUFFIXES.get(suffix)
    if form:
        return form
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    sample = head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip()
    if sample.startswith("WEBVTT"):
        return "vtt"
    if re.match(r"\d+\s*\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s*-->", sample):
        return "srt"
    return "text"


def read_transcript(path: str | Path, single_statement: bool = False) -> ReadResult:
    """Read any supported transcript into segments; ``single_statement``: the whole file is one."""
    path = require_file(path)
    if path.stat().st_size == 0:  # before any reader: each would name it in its own words
        raise InputError(EMPTY_FILE.format(what="0 bytes"), path)
    if single_statement:
        return read_single(path, _read_form)
    return _read_form(path)


def _read_form(path: Path) -> ReadResult:
    return READERS[sniff(path)](path)


__all__ = ["READERS", "ReadResult", "Segment", "read_transcript", "sniff"]
