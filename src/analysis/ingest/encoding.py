"""Bytes to clean text: whatever encoding a transcript arrived in, one NFC string out.

Transcripts come from Zoom, Teams, Word, YouTube and UN document systems, and are
passed around by email: UTF-8 with and without a byte-order mark, UTF-16 from
Windows tools (sometimes without a BOM), Windows-1252 from old editors, and
UTF-8 that has been mis-decoded once already (mojibake such as ``â€™``). All of
these are read here so that no reader has to care.
"""

from __future__ import annotations

import codecs
import difflib
import re
import unicodedata
from pathlib import Path

import ftfy

from analysis.errors import InputError
from analysis.ingest.removals import RemovalLog

# A transcript with nothing in it: what the run says, whichever reader meets it first.
EMPTY_FILE = (
    "an empty file ({what}): a copy or download cut short? Put the transcript there, or take its row out of "
    "sessions.csv"
)
# A file its reader cannot open (a PDF or .docx damaged, or cut short): what the run says, with what to do.
BROKEN_FILE = (
    "not a readable {form} ({why}): damaged, or a copy or download cut short? Save or download it again, or "
    "take its row out of sessions.csv"
)

# C0 controls other than tab, newline, carriage return and form feed (PDF text uses \f).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# UTF-8 read as Windows-1252/Latin-1 leaves these pairs ("â€™", "Ã©", "Â "): only then is ftfy worth its cost.
_MOJIBAKE_HINT = re.compile(
    "[ÂÃâÅÄÐÑØÙ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013"
    "\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): PDF text layers keep them, and "eﬃcient" matches no codebook term.
_LIGATURE = re.compile("[\ufb00-\ufb06]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NULs in every other byte of ASCII-heavy text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        codec = "utf-16-le"
    elif even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


# What to do with a file in an encoding the tool does not read: the editor or spreadsheet that made it saves
# UTF-8 when asked (Save As, encoding or "CSV UTF-8").
_RESAVE = ": open it where it was made and save it again as UTF-8"


def _raw_decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """The text, and the encoding where it was guessed rather than declared or checked: no byte-order mark
    and not valid UTF-8, so a reader should know which one was assumed (Mac Roman also reads as
    Windows-1252, wrongly)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"starts with a UTF-8 byte-order mark but is not UTF-8 ({exc.reason}){_RESAVE}", path
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise InputError(
                f"starts with a UTF-16 byte-order mark but is not UTF-16 (cut short?){_RESAVE}", path
            ) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "UTF-16 without a byte-order mark"
    if b"\x00" in data:
        raise InputError("binary data, not a text file (NUL bytes)", path)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252, not being UTF-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; a file holding them is not Windows text either.
        raise InputError(f"not text in UTF-8, UTF-16 or Windows-1252{_RESAVE}", path) from None


# The bytes a file of white space and byte-order marks is made of, in UTF-8 or UTF-16 (NUL: UTF-16's half)
_BLANK_BYTES = b" \t\r\n\x0b\x0c\x00" + codecs.BOM_UTF8 + codecs.BOM_UTF16_LE


def has_text(data: bytes) -> bool:
    """False for a file of nothing but white space and byte-order marks, in any encoding `decode` reads:
    Excel saves an empty sheet as "CSV UTF-8" as a BOM alone. A table (sessions.csv, a coded sheet) says
    it is empty with its own advice, never `decode`'s, which is a transcript's."""
    if data.translate(None, _BLANK_BYTES):  # a byte no blank file holds: text, without decoding it all
        return True
    try:
        text, _ = _raw_decode(data, Path())
    except InputError:
        return True  # not an empty file: `decode` says what is wrong with it
    return bool(text.replace("\ufeff", "").strip())


def decode(data: bytes, path: str | Path, log: RemovalLog | None = None, where: str | None = None) -> str:
    """Decode a transcript's bytes: repair mojibake, normalise newlines to \\n, NFC.

    Each repair (mojibake, a Latin ligature) goes to ``log`` as ``encoding_repair`` (``â€™ → ’``),
    located at ``where`` or else at its line (``x.txt:line 2``); an encoding guessed, not declared, goes
    there as ``encoding_guess`` (``read as Windows-1252, not being UTF-8``), so accents gone wrong have a
    cause in the log.
    Raises InputError (naming ``path``) for binary data and for files with no text.
    """
    path = Path(path)
    text, guessed = _raw_decode(data, path)
    if guessed and log is not None:
        log.add(f"read as {guessed}", "encoding_guess", where or path.name)
    text = _NEWLINES.sub("\n", text)
    controls = _CONTROL.findall(text)
    if controls and len(controls) > max(2, len(text) // 1000):
        raise InputError(f"binary data, not a text file ({len(controls)} control characters)", path)
    text = repair(_CONTROL.sub("", text), log, path.name, where)
    if not text.strip():
        raise InputError(EMPTY_FILE.format(what="no text"), path)
    return text


def repair(text: str, log: RemovalLog | None = None, name: str = "", where: str | None = None) -> str:
    """Repair text that arrived already decoded (a Word paragraph, a PDF's text layer): mojibake and
    Latin ligatures fixed, NFC, byte-order marks off; each repair logged as in :func:`decode`.

    Word keeps whatever characters were pasted into it, so "Côte dâ€™Ivoire" copied from a
    mis-decoded email reaches the minutes as it is and must be mended here, not by a decoder."""
    # ftfy repairs double-decoded UTF-8 ("Côte dâ€™Ivoire") without touching good text.
    if not text.isascii() and (_MOJIBAKE_HINT.search(text) or _LIGATURE.search(text)):
        before = text
        text = _fix(text)
        if log is not None:
            _log_repairs(before, text, log, name, where)
    return unicodedata.normalize("NFC", text).replace("\ufeff", "")


def _fix(text: str) -> str:
    return ftfy.fix_text(
        text,
        normalization="NFC",
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_latin_ligatures=True,
        fix_character_width=False,
    )


# A word holding a character beyond ASCII, with the space after it ("Ã " is how "à" breaks).
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*(?: (?=\S))?")


def _log_repairs(before: str, after: str, log: RemovalLog, name: str, where: str | None) -> None:
    """Each repair, word by word, as ``broken → repaired`` at its line (NFC alone is no repair).

    Each word that holds a character beyond ASCII is repaired on its own and compared with itself:
    linear in the text, where a diff of whole lines took minutes on a 45,000-character line."""
    if before == after:
        return
    for i, line in enumerate(before.split("\n"), 1):
        if line.isascii():
            continue
        source = where or f"{name}:line {i}"
        for m in _NON_ASCII_WORD.finditer(line):
            word = unicodedata.normalize("NFC", m.group(0))
            fixed = _fix(m.group(0))
            if fixed == word:
                continue
            diff = difflib.SequenceMatcher(None, word, fixed, autojunk=False)
            for op, a1, a2, b1, b2 in diff.get_opcodes():
                if op != "equal":
                    log.add(f"{word[a1:a2]} → {fixed[b1:b2]}", "encoding_repair", source)


def read_text(path: str | Path, log: RemovalLog | None = None) -> str:
    """Read a text transcript from disk; see :func:`decode` (repairs logged to ``log``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from None
    return decode(data, path, log)
