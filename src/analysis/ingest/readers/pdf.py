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


# pypdf's own limits suit any PDF (75 MB a stream, 2 million tokens, 5,000 forms a page); a transcript's
# page is tens of kB (the UN records: at most 60 kB of drawing instructions, 6,000 characters). Within
# pypdf's limits one crafted page of 180 kB gave 71 MB of text in 3 minutes; within these, a page is
# parsed in about a second at most.
PDF_LIMITS = {
    "zlib_maximum_output_length": 5_000_000,
    "lzw_maximum_output_length": 5_000_000,
    "run_length_maximum_output_length": 5_000_000,
    "brotli_maximum_output_length": 5_000_000,
    "array_based_stream_maximum_output_length": 5_000_000,
    "stream_parsing_work_maximum_count": 250_000,
    "xform_maximum_invocations_per_extraction": 100,
}
# The work a PDF may ask, in operators drawn plus characters of text, for each byte of the file (the UN
# records ask at most 1.4), and whatever its size: many pages can share one crafted page's drawing, so
# that a file of kB asks hours, which pypdf's limits, stream by stream, do not see.
WORK_PER_BYTE = 20
WORK_FREE = 2_000_000
TOO_MUCH = (
    "a PDF that asks far more work than any transcript ({why}): crafted or damaged; not read. Print it to a "
    "new PDF, or take its row out of sessions.csv"
)


class _TooMuchWork(Exception):
    """Raised from inside pypdf's text extraction when the document's budget of work is spent."""


class _Budget:
    """The work left for a document: spent by each operator pypdf draws and each character it gives, in
    forms too (pypdf's visitors see both), so a crafted file stops midway through the page that spends it."""

    def __init__(self, size: int):
        self.left = WORK_PER_BYTE * size + WORK_FREE

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise _TooMuchWork

    def operator(self, operator, operands, *_) -> None:
        self.spend(1 + (len(operands) if isinstance(operands, list) else 0))

    def text(self, text, *_) -> None:
        self.spend(len(text))

    def extract(self, page) -> str:
        return page.extract_text(visitor_operand_before=self.operator, visitor_text=self.text) or ""


def _pdf_pages(path: Path, log: RemovalLog) -> list[list[str]]:
    """Each page's lines of text, repaired like any text transcript (NFC, mojibake; repairs logged)."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with pypdf.apply_configuration(**PDF_LIMITS):
        pages = _extract(path, pypdf)
    if not any(p.strip() for p in pages):
        raise InputError("PDF has no text layer (scanned?); run OCR first", path)
    return [
        decode(p.encode("utf-8"), path, log, f"{path.name}:page {n}").split("\n") if p.strip() else []
        for n, p in enumerate(pages, 1)
    ]


def _extract(path: Path, pypdf) -> list[str]:
    """Each page's text, within the document's budget of work (`_Budget`) and `PDF_LIMITS`."""
    budget = _Budget(path.stat().st_size)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:  # an owner password alone (no password to open it) is read as any viewer does
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001
                opened = 0
            if not opened:
                raise InputError("a PDF that needs a password to open; save a copy without one", path)
        return [budget.extract(page) for page in reader.pages]
    except InputError:
        raise
    except _TooMuchWork:
        raise InputError(
            TOO_MUCH.format(why=f"over {WORK_PER_BYTE} operators or characters a byte"), path
        ) from None
    except pypdf.errors.LimitReachedError as exc:
        raise InputError(TOO_MUCH.format(why=f"pypdf: {exc}"), path) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise InputError(BROKEN_FILE.format(form="PDF", why=type(exc).__name__), path) from None
