"""import-coding after the team edited a session's text in the suite, and the notes it wrote there.

A QDA suite lets its users edit a text source; the selections it then exports count positions
(code points, end exclusive) in the edited text. The import aligns that text to the exported one
and reads each selection back onto the sentences whose unchanged characters it holds. The
fixtures start from the small project of tests/test_refi.py (accented names, an astral-plane
letter and emoji before the coded sentences) and edit it as a suite would.
"""

from __future__ import annotations

import uuid

import pytest
from lxml import etree

import test_refi
from analysis.exchange import qdc, realign
from analysis.exchange.import_coding import import_coding
from analysis.exchange.realign import align
from test_refi import (
    NS,
    _coding,
    _selection,
    expected_themes,
    project,
    rezip,
    source_texts,
    themes_by_id,
)

Q = f"{{{qdc.PROJECT_NS}}}"


# The small project of tests/test_refi.py and its export: the same fixtures, shared by name (an import
# of them would read as unused to the linter, and the test parameters as redefinitions).
codebook, tables, exported = test_refi.codebook, test_refi.tables, test_refi.exported


def suite_edit(exported, out, session: str, *edits: tuple[str, str]):
    """The project after editing `session`'s text as a suite does: each (old, new) replaces the
    first `old`, and every selection of that source moves with the text (one inside a deleted
    stretch shrinks to nothing where it was)."""
    text = source_texts(*project(exported))[session]
    moves = []  # (where, old length, new length), in the text as it is at each step
    for old, new in edits:
        at = text.index(old)
        text = text[:at] + new + text[at + len(old) :]
        moves.append((at, len(old), len(new)))

    def move(p: int) -> int:
        for at, n_old, n_new in moves:
            p = p if p <= at else at + n_new if p < at + n_old else p + n_new - n_old
        return p

    def shift(root):
        for sel in root.find(f".//q:TextSource[@name='{session}']", NS).iterfind("q:PlainTextSelection", NS):
            for attr in ("startPosition", "endPosition"):
                sel.set(attr, str(move(int(sel.get(attr)))))

    original = source_texts(*project(exported))[session].encode()
    return rezip(exported, out, shift, lambda b: text.encode() if b == original else b), text


def edited_warning(result, session: str) -> str:
    found = [w for w in result.warnings if w.startswith(f"source {session}: its text was edited")]
    assert len(found) == 1, result.warnings
    return found[0]


# --- the text edited in the suite -------------------------------------------------------------------


def test_a_word_inserted_before_a_coded_sentence_keeps_every_code(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    path, _ = suite_edit(exported, tmp_path / "e.qdpx", "DD-ÇI-1", ("Our factories", "So our factories"))
    result = import_coding(path, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert result.warnings == [
        "source DD-ÇI-1: its text was edited in the suite (4 character(s) added, 1 removed): "
        "3 of 3 coded selection(s) re-aligned to the project's transcript"
    ]


def test_an_emoji_deleted_before_coded_sentences_moves_them_by_code_points(
    tmp_path, exported, tables, codebook
):
    """🙏 is one position (two UTF-16 units, four UTF-8 bytes): the selections after it move by two."""
    turns, sentences, _ = tables
    path, text = suite_edit(exported, tmp_path / "e.qdpx", "DD-ÇI-1", ("🙏 ", ""))
    root, _ = project(path)
    sel = _selection(root, "DD-ÇI-1/1/1")
    assert text[int(sel.get("startPosition")) : int(sel.get("endPosition"))].startswith("Our factories")
    result = import_coding(path, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert "(0 character(s) added, 2 removed): 3 of 3 coded selection(s)" in edited_warning(result, "DD-ÇI-1")


def test_a_typo_fixed_inside_a_coded_sentence_keeps_its_codes(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    path, _ = suite_edit(
        exported, tmp_path / "e.qdpx", "DD-ÇI-1", ("𝔸I-ready", "AI-ready"), ("vocational", "vocationnal")
    )
    result = import_coding(path, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert "(2 character(s) added, 1 removed): 3 of 3 coded selection(s)" in edited_warning(result, "DD-ÇI-1")


def test_a_deleted_coded_sentence_is_left_out_and_its_selection_named(tmp_path, exported, tables, codebook):
    """Its selection shrank to nothing where the sentence was: it codes neither neighbour."""
    turns, sentences, _ = tables
    gone = " Finance for infrastructure — roads, ports — is urgent."
    path, _ = suite_edit(exported, tmp_path / "e.qdpx", "DD-ÇI-1", (gone, ""))
    result = import_coding(path, turns, sentences, codebook)
    want = expected_themes(sentences)
    del want["DD-ÇI-1/1/2"]  # no longer in the suite's text: the sheet does not speak for it
    assert themes_by_id(result) == want
    warning = edited_warning(result, "DD-ÇI-1")
    assert "2 of 3 coded selection(s) re-aligned" in warning
    assert "1 not imported, all their text changed in the suite" in warning
    assert "1 sentence(s) deleted in the suite left out of the sheet (DD-ÇI-1/1/2)" in warning


def test_a_selection_made_over_the_edited_text_codes_what_it_covers(tmp_path, exported, tables, codebook):
    """A new selection over a sentence whose typo was fixed, and one over words typed in the suite only."""
    turns, sentences, _ = tables
    path, text = suite_edit(
        exported, tmp_path / "e.qdpx", "DD-MX-2", ("Nothing else.", "Nothing elese. [inaudible]")
    )
    a, b = text.index("Nothing"), text.index("elese.") + len("elese.")
    c, d = text.index("[inaudible]"), len(text)

    def add(root):
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        for start, end in [(a, b), (c, d)]:
            new = etree.SubElement(source, f"{Q}PlainTextSelection", guid=str(uuid.uuid4()),
                                   startPosition=str(start), endPosition=str(end))  # fmt: skip
            new.append(_coding(qdc.code_guid("governance")))

    result = import_coding(rezip(path, tmp_path / "f.qdpx", add), turns, sentences, codebook)
    assert themes_by_id(result)["DD-MX-2/0/1"] == "governance"
    assert themes_by_id(result)["DD-MX-2/0/0"] == "economic_development;digital_technology"
    warning = edited_warning(result, "DD-MX-2")
    assert "2 of 3 coded selection(s) re-aligned" in warning
    assert f"1 not imported, all their text changed in the suite (at {c}-{d} of its text)" in warning


def test_an_edited_text_with_crlf_line_endings_is_read_both_ways(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    path, _ = suite_edit(exported, tmp_path / "e.qdpx", "DD-ÇI-1", ("Our factories", "So our factories"))
    crlf = rezip(path, tmp_path / "crlf.qdpx", edit_text=lambda b: b.replace(b"\n", b"\r\n"))
    result = import_coding(crlf, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert any(w.startswith("line endings stored as CRLF; positions read as code points, CRLF as one: ")
               for w in result.warnings)  # fmt: skip
    assert "3 of 3 coded selection(s) re-aligned" in edited_warning(result, "DD-ÇI-1")


def test_alignment_maps_spans_in_code_points():
    original = "Merci 🙏 Chair. Our factories need 𝔸I-ready skills. Finance — roads."
    edited = original.replace("🙏 ", "").replace("Our", "So our")
    al = align(edited, original)
    assert (al.added, al.removed) == (4, 3)
    s, e = edited.index("our factories"), edited.index("skills.") + len("skills.")
    assert [original[a:b] for a, b in al.pieces(s, e)] == ["ur factories need 𝔸I-ready skills."]
    assert al.pieces(edited.index("So"), edited.index("So") + 2) == []  # typed in the suite
    assert al.kept(0, len(original)) == len(original) - 3


@pytest.mark.parametrize(
    ("edited", "at", "kept"),
    [
        ("Roads. Ports.", 6, [(6, 6)]),  # between unchanged characters: kept
        ("Roads. Ports.", 0, [(0, 0)]),  # at the start of both texts
        ("Roads. Ports. Jobs.", 19, [(19, 19)]),  # at the end of both texts
        ("Roads. Ports.", 13, []),  # where " Jobs." was deleted
        ("Ports. Jobs.", 0, []),  # where "Roads. " was deleted
    ],
)
def test_a_selection_of_no_width_is_kept_only_where_nothing_was_deleted(edited, at, kept):
    assert align(edited, "Roads. Ports. Jobs.").pieces(at, at) == kept


# --- notes and comments written in the suite --------------------------------------------------------


def _note(root, text: str, *, anchor: tuple[int, int] | None = None) -> str:
    g = str(uuid.uuid4())
    notes = root.find("q:Notes", NS)
    note = etree.SubElement(notes, f"{Q}Note", guid=g, name="memo")
    etree.SubElement(note, f"{Q}PlainTextContent").text = text
    if anchor:
        etree.SubElement(note, f"{Q}PlainTextSelection", guid=str(uuid.uuid4()),
                         startPosition=str(anchor[0]), endPosition=str(anchor[1]))  # fmt: skip
    return g


def _ref(el, g: str):
    ref = etree.Element(f"{Q}NoteRef", targetGUID=g)
    # NoteRef comes after Description and Coding in a selection, before VariableValue in a source
    values = el.findall("q:VariableValue", NS)
    if values:
        values[0].addprevious(ref)
    else:
        el.append(ref)


def test_notes_on_selections_go_to_the_note_column_and_the_rest_are_counted(
    tmp_path, exported, tables, codebook
):
    turns, sentences, _ = tables
    text = source_texts(*project(exported))["DD-MX-2"]
    anchor = (text.index("Nothing"), text.index("Nothing") + 7)

    def edit(root):
        # a comment (description) edited on a coded sentence, as ATLAS.ti or MAXQDA write it
        sel = _selection(root, "DD-ÇI-1/2/1")
        sel.find("q:Description", NS).text = "Check: is this\tabout\njobs?"
        # a memo on a coding, and one on a selection
        _ref(_selection(root, "DD-ÇI-1/1/2").find("q:Coding", NS), _note(root, "Finance, not roads."))
        _ref(_selection(root, "DD-MX-2/0/0"), _note(root, "Spanish and English mixed."))
        # an annotation anchored in the text (QualCoder), referred to by its source
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        _ref(source, _note(root, "Closing words", anchor=anchor))
        # not carried: a memo on the project, one on a session, a journal, one on a code
        root.append(etree.Element(f"{Q}NoteRef", targetGUID=_note(root, "Project log")))
        _ref(root.find(".//q:TextSource[@name='DD-ÇI-1']", NS), _note(root, "Audio was poor"))
        _note(root, "Team journal, week 1")
        code = root.find(f".//q:Code[@guid='{qdc.code_guid('skills')}']", NS)
        code.append(etree.Element(f"{Q}NoteRef", targetGUID=_note(root, "Merge with livelihoods?")))

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    notes = dict(zip(result.coded["id"], result.coded["note"], strict=True))
    assert notes["DD-ÇI-1/2/1"] == "Check: is this about jobs?"
    assert notes["DD-ÇI-1/1/2"] == "Finance, not roads."
    assert notes["DD-MX-2/0/0"] == "Spanish and English mixed."
    assert notes["DD-MX-2/0/1"] == "Closing words"
    assert sum(n != "" for n in notes.values()) == 4  # the export's matched words are not notes
    assert themes_by_id(result) == expected_themes(sentences)  # notes change no code
    assert result.warnings == [
        "4 note(s) or comment(s) made in the suite not imported (1 linked to no session or selection "
        "(memos, journals, unplaced annotations), 1 on a session as a whole, 1 on codes, 1 on the project); "
        "only those on selections of sentences go to the note column"
    ]


def test_notes_on_a_session_that_cannot_be_read_are_counted(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def edit(root):
        _ref(_selection(root, "DD-MX-2/0/0"), _note(root, "Spanish and English mixed."))

    noted = rezip(exported, tmp_path / "n.qdpx", edit)
    other = rezip(noted, tmp_path / "o.qdpx",
                  edit_text=lambda b: b"Another meeting entirely." if b"Sra. Pe" in b else b)  # fmt: skip
    result = import_coding(other, turns, sentences, codebook)
    assert any("DD-MX-2: its text no longer matches" in w for w in result.warnings)
    assert result.warnings[-1].startswith(
        "1 note(s) or comment(s) made in the suite not imported "
        "(1 on selections that cover no sentence of an imported session)"
    )


def test_the_sheet_with_a_note_column_is_read_by_overrides_and_validation(
    tmp_path, exported, tables, codebook
):
    """The note column is one more column: the coded-sheet reader ignores it."""
    from analysis.coding.sheets import read_sheet
    from analysis.exchange.processed import tsv_bytes

    turns, sentences, _ = tables

    def edit(root):
        _selection(root, "DD-ÇI-1/2/1").find("q:Description", NS).text = "Check;\tjobs?"

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    path = tmp_path / "coded.tsv"
    path.write_bytes(tsv_bytes(result.coded))
    sheet = read_sheet(path, codebook.ids(), need=("text",))
    assert dict(zip(sheet["id"], sheet["note"], strict=True))["DD-ÇI-1/2/1"] == "Check; jobs?"
    assert len(sheet) == len(sentences)


def _notes_of(result) -> dict[str, str]:
    return {i: n for i, n in zip(result.coded["id"], result.coded["note"], strict=True) if n}


@pytest.mark.parametrize("where", ["description", "memo"])
@pytest.mark.parametrize(
    "text", ["Inclusion: women are not the subject here, recode?", "Skills and capacity-building: training"]
)
def test_a_reviewers_note_that_begins_with_a_theme_label_is_imported(
    tmp_path, exported, tables, codebook, text, where
):
    """Only the export's own words are left out, known by their GUIDs and exact text, not by their
    shape: a comment that reads like them is a person's."""
    turns, sentences, _ = tables

    def edit(root):
        sel = _selection(root, "DD-ÇI-1/2/1")
        if where == "description":
            sel.find("q:Description", NS).text = text
        else:
            _ref(sel, _note(root, text))

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert _notes_of(result) == {"DD-ÇI-1/2/1": text} and result.warnings == []


def test_a_comment_added_after_the_exports_matched_words_is_imported(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    said = {}

    def edit(root):
        desc = _selection(root, "DD-ÇI-1/2/1").find("q:Description", NS)
        desc.text = said["text"] = f"{desc.text} Recode: not skills?"

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert said["text"].startswith("Matched words: Skills and capacity-building: ")
    assert _notes_of(result) == {"DD-ÇI-1/2/1": said["text"]} and result.warnings == []


def test_the_exports_note_edited_in_the_suite_is_imported(tmp_path, exported, tables, codebook):
    """The note keeps the export's GUID, but its text no longer is the words its description
    repeats: which of the two was edited is unknown, so both go to the note column."""
    turns, sentences, _ = tables

    def edit(root):
        g = _selection(root, "DD-ÇI-1/2/1").find("q:NoteRef", NS).get("targetGUID")
        root.find(f"q:Notes/q:Note[@guid='{g}']/q:PlainTextContent", NS).text = "Inclusion: girls, not women"

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert _notes_of(result) == {
        "DD-ÇI-1/2/1": "Matched words: Skills and capacity-building: young; Inclusion: young"
        " | Inclusion: girls, not women"
    }
    assert result.warnings == []


def test_the_exports_own_notes_are_known_when_the_suite_renumbers_guids(tmp_path, exported, tables, codebook):
    """A suite that gives selections and notes new GUIDs: the export's notes are the ones whose
    text the selection's description repeats; a person's memo beside them is imported."""
    turns, sentences, _ = tables

    def edit(root):
        renamed = {}
        for el in root.iter(f"{Q}PlainTextSelection", f"{Q}Note"):
            renamed[el.get("guid")] = str(uuid.uuid4()).upper()
            el.set("guid", renamed[el.get("guid")])
        for ref in root.iter(f"{Q}NoteRef", f"{Q}SelectionRef"):
            ref.set("targetGUID", renamed.get(ref.get("targetGUID"), ref.get("targetGUID")))
        _ref(_selection(root, "DD-MX-2/0/0"), _note(root, "Inclusion: none here"))

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert _notes_of(result) == {"DD-MX-2/0/0": "Inclusion: none here"} and result.warnings == []
    assert themes_by_id(result) == expected_themes(sentences)


def test_the_exports_descriptions_are_no_note_when_the_suite_drops_the_notes(
    tmp_path, exported, tables, codebook
):
    turns, sentences, _ = tables

    def edit(root):
        root.remove(root.find("q:Notes", NS))
        for ref in list(root.iter(f"{Q}NoteRef")):
            ref.getparent().remove(ref)

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert _notes_of(result) == {} and result.warnings == []


@pytest.mark.parametrize("drop", ["the notes, keeping the references", "the notes' text"])
def test_the_exports_notes_emptied_or_gone_with_their_references_left_are_no_note(
    tmp_path, exported, tables, codebook, drop
):
    """A suite that writes the matched-words notes back without their text, or leaves the selections'
    references to notes it did not write: the codes are read, and there is no note to carry."""
    turns, sentences, _ = tables

    def edit(root):
        if drop.endswith("references"):
            root.remove(root.find("q:Notes", NS))
        for content in list(root.iter(f"{Q}PlainTextContent")):
            content.getparent().remove(content)

    result = import_coding(rezip(exported, tmp_path / "n.qdpx", edit), turns, sentences, codebook)
    assert _notes_of(result) == {} and result.warnings == []
    assert themes_by_id(result) == expected_themes(sentences)


def test_a_changed_block_too_long_for_difflib_on_one_side_stays_unmapped(monkeypatch):
    """The limit holds when either side is long (difflib's time is the product of the two): the
    block maps nowhere, the lines around it still align."""
    monkeypatch.setattr(realign, "MAX_TOKENS", 10)
    head, tail = "Chair: welcome.\n\n", "\n\nChair: thank you.\n"
    short = "A: skills for women"  # 8 tokens: under the limit on this side
    long = "B: vocational training, skills for women and girls in rural areas!"  # over it on this one
    original, edited = head + short + tail, head + long + tail
    al = align(edited, original)
    assert (al.shared, al.added, al.removed) == (len(head + tail), len(long), len(short))
    for e, o, n in zip(al.edited, al.original, al.sizes, strict=True):
        assert edited[e : e + n] == original[o : o + n]
    at = edited.index(long)
    assert al.pieces(at, at + len(long)) == []  # a selection in the block codes nothing
    assert [original[a:b] for a, b in al.pieces(0, len(edited))] == [head, tail]
    monkeypatch.setattr(realign, "MAX_TOKENS", 20_000)
    assert align(edited, original).shared > len(head + tail)  # under the limit, words are matched
