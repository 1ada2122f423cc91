"""encoding: every way a transcript's bytes arrive gives the same clean text, and junk is refused by name."""

from __future__ import annotations

import codecs

import pytest

from analysis.errors import InputError
from analysis.ingest.encoding import decode, read_text
from analysis.ingest.removals import RemovalLog

TEXT = "Côte d’Ivoire welcomes the Strategic Framework.\nMr. Ñúñez (Perú): ¡Gracias!"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # BOM-less, found by the NUL pattern
        TEXT.encode("utf-16-be"),
        TEXT.replace("’", "'").replace("¡", "").encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252", "crlf"],
)
def test_encodings_decode_to_the_same_text(data):
    text = decode(data, "x.txt")
    assert "Côte d" in text and "Ñúñez (Perú)" in text
    assert "\r" not in text and "\ufeff" not in text


def test_mojibake_is_repaired():
    broken = TEXT.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    assert decode(broken, "x.txt").startswith("Côte d’Ivoire")


def test_decomposed_accents_become_nfc():
    assert decode("Pe\u0301rou".encode(), "x.txt") == "P\u00e9rou"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", codecs.BOM_UTF8 + b"\n"])
def test_empty_files_are_an_input_error_naming_the_file(data):
    with pytest.raises(InputError) as err:
        decode(data, "empty.vtt")
    assert "empty.vtt" in str(err.value) and "\n" not in str(err.value)


def test_binary_garbage_is_an_input_error(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as err:
        read_text(path)
    assert "garbage.txt" in str(err.value) and "binary" in str(err.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_each_mojibake_or_ligature_repair_is_logged_with_what_it_was_and_its_line():
    log = RemovalLog()
    raw = "The Chair: Welcome.\nCÃ´te dâ€™Ivoire supports the ﬁnancing.\nNo change here.\n"
    text = decode(raw.encode("utf-8"), "x.txt", log=log)
    assert text.split("\n")[1] == "Côte d’Ivoire supports the financing."
    assert list(log) == [
        ("Ã´ → ô", "encoding_repair", "x.txt:line 2"),
        ("â€™ → ’", "encoding_repair", "x.txt:line 2"),
        ("ﬁ → fi", "encoding_repair", "x.txt:line 2"),
    ]


def test_a_repair_is_located_by_the_locator_given_for_the_whole_text():
    log = RemovalLog()
    decode("line one\nthe â€œplanâ€\x9d\n".encode(), "record.pdf", log=log, where="record.pdf:page 2")
    assert list(log) == [("â€œ → “", "encoding_repair", "record.pdf:page 2"),
                         ("â€\x9d → ”", "encoding_repair", "record.pdf:page 2")]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "guess"),
    [
        ("Délégation du Pérou\n".encode("cp1252"), "read as Windows-1252, not being UTF-8"),
        ("Delegation of Peru\n".encode("utf-16-le"), "read as UTF-16 without a byte-order mark"),
    ],
    ids=["cp1252", "utf16-no-bom"],
)
def test_an_encoding_guessed_not_declared_is_logged_once_for_the_file(data, guess):
    """Mac Roman bytes read as Windows-1252 give wrong accents and no error: the log says what was assumed."""
    log = RemovalLog()
    decode(data, "x.txt", log=log)
    assert list(log) == [(guess, "encoding_guess", "x.txt")]


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-8"), TEXT.encode("utf-16"), "Pe\u0301rou\r\n".encode(), codecs.BOM_UTF8 + b"ok"],
    ids=["utf8", "utf16", "nfc-only", "bom"],
)
def test_good_text_logs_no_repair(data):
    log = RemovalLog()
    decode(data, "x.txt", log=log)
    assert list(log) == []


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (codecs.BOM_UTF8 + "Délégation\n".encode("cp1252"), "UTF-8 byte-order mark but is not UTF-8"),
        # a UTF-16 file cut short half-way through a character (an odd number of bytes)
        ("Delegation of Peru\n".encode("utf-16")[:-1], "UTF-16 byte-order mark but is not UTF-16"),
        # Serbian in Windows-1251: its ђ is 0x90, a byte Windows-1252 leaves undefined
        ("Србија и међународни мир\n".encode("cp1251"), "not text in UTF-8, UTF-16 or Windows-1252"),
    ],
    ids=["utf8-bom-then-cp1252", "utf16-cut-short", "undefined-in-cp1252"],
)
def test_text_in_no_encoding_read_is_refused_naming_the_file_and_saying_to_save_it_as_utf8(data, what):
    """Each refusal says what the bytes are not, and what to do: save the file again as UTF-8 text."""
    with pytest.raises(InputError) as err:
        decode(data, "KEN_79_2024.txt")
    message = str(err.value)
    assert message.startswith("KEN_79_2024.txt: ") and what in message and "\n" not in message
    assert "save it again as UTF-8" in message


def _read_as(kind: str, path):
    """Read `path` as the toolkit reads a file of that kind (not a transcript)."""
    from analysis import pipeline
    from analysis.coding import codebook, sheets
    from analysis.ingest import speakers
    from analysis.ingest.manifest import read_manifest

    return {
        "manifest": lambda: read_manifest(path.parent),
        "speakers": lambda: speakers.read_overrides(path),
        "sheet": lambda: sheets.read_sheet(path, codebook.load().ids()),
        "code input": lambda: pipeline.code_csv(path, path.with_name("out.csv")),
    }[kind]()


@pytest.mark.parametrize(
    ("kind", "name", "says"),
    [
        ("manifest", "sessions.csv", "empty manifest; expected columns session_id,file,group"),
        ("speakers", "speakers.csv", "empty; write the header speaker,country,role"),
        ("sheet", "validation.csv", "empty file; expected a header with themes and id or text"),
        ("code input", "texts.csv", "empty file; expected a header id,text"),
    ],
)
@pytest.mark.parametrize(
    "data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n", codecs.BOM_UTF16_LE, "\r\n".encode("utf-16")]
)
def test_an_empty_table_saved_with_a_byte_order_mark_gets_its_own_advice_not_a_transcripts(
    tmp_path, kind, name, says, data
):
    """Excel saves an empty sheet as 'CSV UTF-8' as a byte-order mark alone: such a sessions.csv was told
    to 'take its row out of sessions.csv', a coded sheet or `code --input` to 'put the transcript there'."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        _read_as(kind, path)
    assert says in str(err.value) and "transcript" not in str(err.value)
