"""PDF records (UN verbatim records' text layer): furniture off, de-hyphenated, split words joined,
then speaker turns."""

from __future__ import annotations

import logging
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.encoding import BROKEN_FILE, decode
from analysis.ingest.readers.assemble import realign, segments_from_lines
from analysis.ingest.readers.dehyphenate import dehyphenate
from analysis.ingest.readers.furniture import strip_boilerplate, strip_page_furniture
from analysis.ingest.readers.headings import name_headings
from analysis.ingest.readers.segment import Line, ReadResult
from analysis.ingest.readers.splitwords import join_split_words
from analysis.ingest.removals import RemovalLog


def read_pdf(path: Path) -> ReadResult:
    """PDF text layer -> segments, each located by its span of pages."""
    path = Path(path)
    name = path.name
    log = RemovalLog()
    pages = strip_page_furniture(_pdf_pages(path, log), name, log)
    lines = [Line(ln, p) for p, page in enumerate(pages, 1) for ln in page]
    text = strip_boilerplate("\n".join(ln.text for ln in lines), name, log, keep_lines=True)
    text = join_split_words(dehyphenate(text, name, log), name, log)
    lines, rows = name_headings(realign(text.split("\n"), lines), blank_lines=False)
    return ReadResult(segments_from_lines(lines, name, "pages", log, rows), log)


def _pdf_pages(path: Path, log: RemovalLog) -> list[list[str]]:
    """Each page's lines of text, repaired like any text transcript (NFC, mojibake; repairs logged)."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:  # an owner password alone (no password to open it) is read as any viewer does
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001
                opened = 0
            if not opened:
                raise InputError("a PDF that needs a password to open; save a copy without one", path)
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise InputError(BROKEN_FILE.format(form="PDF", why=type(exc).__name__), path) from None
    if not any(p.strip() for p in pages):
        raise InputError("PDF has no text layer (scanned?); run OCR first", path)
    return [
        decode(p.encode("utf-8"), path, log, f"{path.name}:page {n}").split("\n") if p.strip() else []
        for n, p in enumerate(pages, 1)
    ]
