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


# Boundaries found untested by hand mutation (helper BJ): each spec below failed on a small change to
# `encoding` that no other test noticed.


def test_a_ligature_alone_is_repaired_and_logged_without_any_mojibake_beside_it():
    log = RemovalLog()
    assert decode("An eﬃcient ﬂow.\n".encode(), "x.pdf", log=log) == "An efficient flow.\n"
    assert [r.what for r in log] == ["ﬃ → ffi", "ﬂ → fl"]


def test_a_stray_control_character_or_two_is_dropped_and_more_are_binary():
    """Two control characters in a short text are debris (dropped); three, or more than one per thousand
    characters of a long one, are a binary file; a form feed is a PDF's page break and stays."""
    assert decode(b"Kenya:\x01 We\x02 agree.\x0c Page 2", "x.txt") == "Kenya: We agree.\x0c Page 2"
    with pytest.raises(InputError, match=r"binary data, not a text file \(3 control characters\)"):
        decode(b"Kenya:\x01 We\x02 agree\x03.", "x.txt")
    long = ("Kenya supports the framework. " * 100).encode()  # 3,000 characters: three allowed
    assert decode(long + b"\x01\x02\x03", "x.txt").endswith("framework. ")
    with pytest.raises(InputError, match=r"\(4 control characters\)"):
        decode(long + b"\x01\x02\x03\x04", "x.txt")


def test_a_nul_byte_in_utf8_text_is_binary_data():
    with pytest.raises(InputError, match=r"binary data, not a text file \(NUL bytes\)"):
        decode(b"Kenya: We agree.\x00 Thank you, Chair.\n", "x.txt")


def test_odd_bytes_that_look_like_utf16_but_are_not_are_refused_as_binary():
    """Every other byte NUL, but a lone surrogate where a character should be: binary, not a crash."""
    data = (
        "Kenya agrees with the framework and thanks the".encode("utf-16-le")
        + b"\x00\xd8"
        + "Chair".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="binary data"):
        decode(data, "x.txt")


def test_utf16_without_a_byte_order_mark_is_read_when_half_its_letters_are_not_ascii():
    text = "Україна: Дякую, пане Голово. Ukraine agrees."  # half its characters ASCII: half the bytes NUL
    assert decode(text.encode("utf-16-le"), "x.txt") == text


def test_unicode_line_and_paragraph_separators_are_newlines():
    assert decode("Chair: Welcome.\u2028Kenya: We agree.\u2029Ghana: Thanks.\x85End".encode(), "x.txt") == (
        "Chair: Welcome.\nKenya: We agree.\nGhana: Thanks.\nEnd"
    )


def test_a_byte_order_mark_inside_a_pasted_paragraph_is_dropped():
    from analysis.ingest.encoding import repair

    assert repair("\ufeffKenya: We agree.\ufeff") == "Kenya: We agree."


def test_byte_order_marks_alone_are_no_text_and_a_cut_utf16_file_is_not_called_empty():
    from analysis.ingest.encoding import has_text

    assert not has_text(codecs.BOM_UTF8 * 2 + b"\r\n")
    assert has_text(codecs.BOM_UTF16_LE + b" \x00 ")  # cut mid-character: `decode` says what is wrong
