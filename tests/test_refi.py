"""REFI-QDA exchange: a .qdpx a QDA suite can open, exact selections, and codings read back.

Specification: REFI-QDA 1.5 (../shared/reference/refi-qda/). A project validates against
Project-mrt2019.xsd, a codebook against the schema of section 5.2 (transcribed in
tests/fixtures/refi/Codebook.xsd). Positions are Unicode code points, end exclusive.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from analysis import catalogue, config
from analysis.errors import InputError
from analysis.exchange import qdc, qdpx
from analysis.exchange.import_coding import import_coding, overlapping
from analysis.exchange.processed import tsv_bytes
from analysis.exchange.qdpx import export_project
from analysis.exchange.sources import SessionText, speaker_label
from test_cli import assert_one_line_error, cli

NS = {"q": qdc.PROJECT_NS}
CODEBOOK_XSD = Path(__file__).parent / "fixtures" / "refi" / "Codebook.xsd"
AFR, LAC = "African Group", "Latin American and Caribbean Group"

# (session, group, speaker, delegation, country, role, [(sentence text, themes)], procedural)
TURNS = [
    ("DD-ÇI-1", AFR, "The Chair", "The Chair", None, "chair",
     [("Welcome, dear colleagues.", []), ("I give the floor to Côte d'Ivoire.", [])]),
    ("DD-ÇI-1", AFR, "Mr. Ñúñez (Côte d'Ivoire)", "Côte d'Ivoire", "CIV", "member_state",
     [("Merci 🙏 Chair.", []),
      ("Our factories need solar power and 𝔸I-ready digital skills.",
       ["climate_environment", "skills", "digital_technology"]),
      ("Finance for infrastructure — roads, ports — is urgent.", ["finance_investment", "infrastructure"])]),
    ("DD-ÇI-1", AFR, "", "Kenya", "KEN", "member_state",
     [("Thank you.", []), ("We need vocational training for young women.", ["skills", "inclusion"])]),
    ("DD-ÇI-1", AFR, "Kenya Mission", "Kenya", "KEN", "member_state", [("Can you hear me? 🎤", [])]),
    ("DD-MX-2", LAC, "Sra. Peña (México)", "México", "MEX", "member_state",
     [("La economía digital 😀 importa: e-commerce for SMEs.",
       ["economic_development", "digital_technology"]),
      ("Nothing else.", [])]),
]  # fmt: skip


def build_tables():
    """turns, sentences, evidence in the issue-12 shapes, with offsets computed, not typed in."""
    turns, sentences, evidence = [], [], []
    counters: dict[str, int] = {}
    for session, group, speaker, delegation, country, role, sents in TURNS:
        turn = counters.get(session, 0)
        counters[session] = turn + 1
        text = " ".join(s for s, _ in sents)
        procedural = sents == [("Can you hear me? 🎤", [])]
        turns.append(dict(session_id=session, group=group, turn=turn, speaker=speaker, country=country,
                          role=role, text=text, source=f"{session}.txt:{turn}", delegation=delegation,
                          floor_language=None, procedural=procedural, n_words=len(text.split()),
                          file=f"{session}.txt"))  # fmt: skip
        pos = 0
        for i, (s, themes) in enumerate(sents):
            start = text.index(s, pos)
            pos = start + len(s)
            sid = f"{session}/{turn}/{i}"
            counted = role == "member_state" and not procedural
            sentences.append(dict(sentence_id=sid, session_id=session, group=group, turn=turn, sentence=i,
                                  speaker=speaker, country=country, role=role, procedural=procedural,
                                  counted=counted, language=None, text=s, start=start, end=pos,
                                  n_words=len(s.split()),
                                  lemmas=[], noun_phrases=[], themes=list(themes), vetoed_by="",
                                  overridden=False, source=f"{session}.txt:{turn}"))  # fmt: skip
            for theme in themes:
                word = s.split()[-2].strip(".,:").lower()
                at = s.lower().index(word)
                evidence.append(dict(sentence_id=sid, theme=theme, rule=f"{theme}/1", text=word,
                                     start=start + at, end=start + at + len(word)))  # fmt: skip
    return tuple(
        catalogue.conform(name, pd.DataFrame(rows))
        for name, rows in (("turns", turns), ("sentences", sentences), ("evidence", evidence))
    )


@pytest.fixture(scope="module")
def codebook():
    return qdc.load_codebook()


@pytest.fixture(scope="module")
def tables():
    return build_tables()


@pytest.fixture
def exported(tmp_path, tables, codebook):
    turns, sentences, evidence = tables
    path = tmp_path / "study.qdpx"
    export_project(turns, sentences, evidence, codebook, path)
    return path


def project(path: Path):
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n) for n in zf.namelist() if n.startswith("sources/")}
    return root, texts


def source_texts(root, texts) -> dict[str, str]:
    return {
        s.get("name"): texts["sources/" + s.get("plainTextPath").removeprefix("internal://")].decode("utf-8")
        for s in root.iterfind(".//q:TextSource", NS)
    }


def coded_selections(root):
    """(source name, selection element) for each selection that carries a coding."""
    for src in root.iterfind(".//q:TextSource", NS):
        for sel in src.iterfind("q:PlainTextSelection", NS):
            if sel.find("q:Coding", NS) is not None:
                yield src.get("name"), sel


def project_schema(shared_dir):
    return etree.XMLSchema(file=str(shared_dir / "reference" / "refi-qda" / "Project-mrt2019.xsd"))


def assert_valid(schema, root):
    assert schema.validate(etree.ElementTree(root)), schema.error_log


def rezip(src: Path, dst: Path, edit_qde=None, edit_text=None) -> Path:
    """Rewrite a .qdpx as a QDA suite would after editing: the XML and/or the source texts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "project.qde" and edit_qde:
                root = etree.fromstring(data)
                edit_qde(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            elif name.startswith("sources/") and edit_text:
                data = edit_text(data)
            zout.writestr(name, data)
    return dst


# --- export -----------------------------------------------------------------------------------------


def test_the_export_validates_against_the_project_schema(exported, shared_dir):
    root, _ = project(exported)
    assert_valid(project_schema(shared_dir), root)


def test_a_qdpx_is_project_qde_and_one_utf8_text_per_session_under_sources(exported, tables):
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
        assert names[0] == "project.qde"
        assert all(n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    root, texts = project(exported)
    sources = root.findall(".//q:TextSource", NS)
    assert [s.get("name") for s in sources] == ["DD-MX-2", "DD-ÇI-1"]
    assert len(texts) == 2
    for s in sources:
        assert s.get("plainTextPath") == f"internal://{s.get('guid')}.txt"
        uuid.UUID(s.get("guid"))


def test_each_turn_is_a_paragraph_speaker_delegation_text(exported):
    text = source_texts(*project(exported))["DD-ÇI-1"]
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "The Chair: Welcome, dear colleagues. I give the floor to Côte d'Ivoire."
    assert paragraphs[1].startswith("Mr. Ñúñez (Côte d'Ivoire): Merci 🙏 Chair. Our factories")
    assert paragraphs[2] == "Kenya: Thank you. We need vocational training for young women."
    assert paragraphs[3] == "Kenya Mission (Kenya): Can you hear me? 🎤"


@pytest.mark.parametrize(
    ("speaker", "delegation", "label"),
    [
        ("Mr. Ñúñez", "Côte d'Ivoire", "Mr. Ñúñez (Côte d'Ivoire)"),
        ("Mr. Ñúñez (Côte d'Ivoire)", "Côte d'Ivoire", "Mr. Ñúñez (Côte d'Ivoire)"),
        ("", "Fiji", "Fiji"),
        (None, None, "Unattributed"),
        ("The Chair", "The Chair", "The Chair"),
        ("  UNIDO -\n Moderator ", "UNIDO", "UNIDO - Moderator (UNIDO)"),
        ("UNIDO", "Unido", "UNIDO"),
    ],
)
def test_speaker_labels_name_the_delegation_once(speaker, delegation, label):
    assert speaker_label(speaker, delegation) == label


def test_every_selection_lands_exactly_on_its_sentence(exported, tables):
    _, sentences, _ = tables
    root, texts = project(exported)
    by_id = sentences.set_index("sentence_id")
    text_of = source_texts(root, texts)
    seen = []
    for source, sel in coded_selections(root):
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert text_of[source][start:end] == by_id.loc[sel.get("name"), "text"]
        seen.append(sel.get("name"))
    assert sorted(seen) == sorted(sentences.loc[sentences["themes"].list.len().gt(0), "sentence_id"])


def test_positions_count_code_points_not_utf16_units_nor_bytes(exported):
    """An astral character (emoji, 𝔸) before a sentence counts once, as the standard says."""
    root, texts = project(exported)
    text = source_texts(root, texts)["DD-ÇI-1"]
    sel = next(s for _, s in coded_selections(root) if s.get("name") == "DD-ÇI-1/1/2")
    start = int(sel.get("startPosition"))
    before = text[:start]
    assert "🙏" in before and "𝔸" in before and "Ñúñez" in before
    assert start == len(before) < len(before.encode("utf-16-le")) // 2 < len(before.encode("utf-8"))


def test_a_coding_per_theme_and_the_matched_words_as_a_note(exported, codebook):
    root, _ = project(exported)
    sel = next(s for _, s in coded_selections(root) if s.get("name") == "DD-ÇI-1/1/1")
    codes = [c.find("q:CodeRef", NS).get("targetGUID") for c in sel.findall("q:Coding", NS)]
    assert codes == [qdc.code_guid(t) for t in ("climate_environment", "skills", "digital_technology")]
    note_guid = sel.find("q:NoteRef", NS).get("targetGUID")
    note = root.find(f".//q:Notes/q:Note[@guid='{note_guid}']", NS)
    content = note.find("q:PlainTextContent", NS).text
    assert content.startswith(f"{codebook.theme('climate_environment').label}: digital")
    assert "Matched words:" in sel.find("q:Description", NS).text


def test_the_codebook_is_one_coloured_code_per_theme_with_its_definition(exported, codebook):
    root, _ = project(exported)
    codes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [c.get("name") for c in codes] == [t.label for t in codebook.themes]
    assert len({c.get("color") for c in codes}) == len(codes) == len(codebook.themes)
    for code, theme in zip(codes, codebook.themes, strict=True):
        assert code.get("isCodable") == "true"
        said = code.find("q:Description", NS).text
        assert said.startswith(theme.definition) and f"Theme id: {theme.id} (" in said
        assert (f"Excludes: {theme.exclude}." in said) == bool(theme.exclude)  # what a coder must leave out
    description = root.find("q:Description", NS).text
    assert codebook.version in description and codebook.hash in description


def test_delegations_are_cases_with_group_country_and_role(exported):
    root, _ = project(exported)
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert sorted(variables.values()) == ["Country", "Regional group", "Role"]
    selections = {s.get("guid"): s for s in root.iter(f"{{{qdc.PROJECT_NS}}}PlainTextSelection")}
    cases = {}
    for case in root.iterfind("q:Cases/q:Case", NS):
        values = {
            variables[v.find("q:VariableRef", NS).get("targetGUID")]: v.find("q:TextValue", NS).text
            for v in case.iterfind("q:VariableValue", NS)
        }
        refs = [selections[r.get("targetGUID")].get("name") for r in case.iterfind("q:SelectionRef", NS)]
        cases[case.get("name")] = (values, refs)
    assert set(cases) == {"Côte d'Ivoire", "Kenya", "México"}  # not the chair
    assert cases["Côte d'Ivoire"][0] == {"Regional group": AFR, "Country": "CIV", "Role": "member_state"}
    assert cases["México"][0]["Regional group"] == LAC
    assert cases["Kenya"][1] == ["Kenya, turn 2"]  # its procedural turn holds no counted sentence


@pytest.mark.parametrize("dtype", [object, "category"])  # "category": a factor, as R's arrow writes it
@pytest.mark.parametrize("empty", [None, "", "  "])
def test_a_turn_without_delegation_or_role_names_its_case_by_country_not_nan(
    tmp_path, tables, codebook, empty, dtype
):
    """A turns table edited by hand or built elsewhere may leave `delegation` or `role` empty or blank beside
    a country: the case is named by the country's code and its role is unknown, never the string "nan" nor
    a case named by spaces."""
    turns, sentences, evidence = tables
    kenya = turns["country"].eq("KEN")
    edited = turns.assign(
        delegation=turns["delegation"].where(~kenya, empty).astype(dtype),
        role=turns["role"].where(~kenya, empty).astype(dtype),
    )
    root, _ = project(export_project(edited, sentences, evidence, codebook, tmp_path / "e.qdpx").path)
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    cases = {
        case.get("name"): {
            variables[v.find("q:VariableRef", NS).get("targetGUID")]: v.find("q:TextValue", NS).text
            for v in case.iterfind("q:VariableValue", NS)
        }
        for case in root.iterfind("q:Cases/q:Case", NS)
    }
    assert set(cases) == {"Côte d'Ivoire", "KEN", "México"}
    assert cases["KEN"]["Role"] == "unknown"
    assert not re.search(r"\bnan\b", etree.tostring(root, encoding="unicode"), re.I)


def test_a_delegations_turn_is_a_selection_of_its_words_after_the_label(exported, tables):
    turns, _, _ = tables
    root, texts = project(exported)
    text_of = source_texts(root, texts)
    refs = {r.get("targetGUID") for r in root.iterfind("q:Cases/q:Case/q:SelectionRef", NS)}
    selected = [
        text_of[src.get("name")][int(sel.get("startPosition")) : int(sel.get("endPosition"))]
        for src in root.iterfind(".//q:TextSource", NS)
        for sel in src.iterfind("q:PlainTextSelection", NS)
        if sel.get("guid") in refs
    ]
    counted = turns["role"].eq("member_state") & ~turns["procedural"]
    assert sorted(selected) == sorted(turns.loc[counted, "text"])


def test_sets_group_the_sessions_by_regional_group(exported):
    root, _ = project(exported)
    guid_of = {s.get("guid"): s.get("name") for s in root.iterfind(".//q:TextSource", NS)}
    sets = {
        s.get("name"): [guid_of[m.get("targetGUID")] for m in s.iterfind("q:MemberSource", NS)]
        for s in root.iterfind("q:Sets/q:Set", NS)
        if s.find("q:MemberSource", NS) is not None
    }
    assert sets == {AFR: ["DD-ÇI-1"], LAC: ["DD-MX-2"]}


def test_characters_xml_cannot_carry_become_spaces_in_the_project_file():
    """XML 1.0 (2.2, Char) carries tab, LF, CR and every character from U+0020 but U+FFFE and U+FFFF: a form
    feed or a NUL in a name or a note (a PDF's page break) would stop the export."""
    kept = "\t\n\r Ñ 🙏 \ufffd"
    assert qdc.xml_text(kept) == kept
    assert qdc.xml_text("a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\uffff") == "a b c d e f g "
    note = qdc.Builder(qdc.PROJECT_NS)("Note", {"name": "p.\x0c2"}, text="page\x0bbreak")
    assert (note.get("name"), note.text) == ("p. 2", "page break")


def test_a_sessions_selections_are_in_text_order(exported):
    root, _ = project(exported)
    for source in root.iterfind(".//q:TextSource", NS):
        spans = [
            (int(s.get("startPosition")), int(s.get("endPosition")))
            for s in source.iterfind("q:PlainTextSelection", NS)
        ]
        assert spans == sorted(spans) and len(spans) > 1


def test_a_re_export_is_byte_identical_whatever_the_row_order(tmp_path, tables, codebook):
    turns, sentences, evidence = tables
    first = export_project(turns, sentences, evidence, codebook, tmp_path / "a.qdpx").path
    shuffled = [t.sample(frac=1, random_state=7) for t in (turns, sentences, evidence)]
    second = export_project(*shuffled, codebook, tmp_path / "b.qdpx").path
    assert first.read_bytes() == second.read_bytes()


def test_guids_are_those_earlier_exports_gave():
    """A team's project made by an earlier export maps back by its GUIDs (codes, sources, selections): they
    are name-based, and the names are part of the format; a source's GUID changes with its text."""
    assert qdc.code_guid("skills") == "0b99115b-8cdd-5731-96d3-b89338915964"
    text = SessionText("DD-1", AFR, "Chair: Welcome.")
    assert text.guid == "d26cd504-ac05-529c-aad0-316c25641652"
    assert qdpx.selection_guid(text, 7, 15) == "8de2bda5-5b6b-5a6d-8783-bf62e5e0341b"
    assert SessionText("DD-1", AFR, "Chair: Welcome!").guid != text.guid


def test_tables_out_of_step_are_refused(tmp_path, tables, codebook):
    from analysis.errors import InputError

    turns, sentences, evidence = tables
    stale = sentences.copy()
    stale.loc[3, "end"] -= 1
    with pytest.raises(InputError, match="DD-ÇI-1/1/1 is not at its start/end"):
        export_project(turns, stale, evidence, codebook, tmp_path / "x.qdpx")
    # one character before its turn's text, where the label's `: ` ends, with that blank in its text
    early = sentences.copy()
    early.loc[2, ["start", "text"]] = [-1, " " + early.loc[2, "text"]]
    with pytest.raises(InputError, match="DD-ÇI-1/1/0 is not at its start/end"):
        export_project(turns, early, evidence, codebook, tmp_path / "x.qdpx")
    doubled = pd.concat([turns, turns.iloc[[1]]], ignore_index=True)
    with pytest.raises(InputError, match="session DD-ÇI-1 has the same turn number twice"):
        export_project(doubled, sentences, evidence, codebook, tmp_path / "x.qdpx")
    themes = [list(t) for t in sentences["themes"]]
    themes[3] = ["space_travel"]
    unknown = sentences.assign(themes=pd.Series(themes, index=sentences.index, dtype=object))
    with pytest.raises(InputError, match="space_travel"):
        export_project(turns, unknown, evidence, codebook, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


def test_themes_stored_as_a_joined_string_export_the_same(tmp_path, exported, tables, codebook):
    turns, sentences, evidence = tables
    joined = sentences.assign(themes=[";".join(t) for t in sentences["themes"].tolist()])
    again = export_project(turns, joined, evidence, codebook, tmp_path / "joined.qdpx").path
    assert again.read_bytes() == exported.read_bytes()


def test_the_codebook_qdc_validates_against_the_codebook_schema(tmp_path, codebook):
    path = qdc.export_codebook(codebook, tmp_path / "codebook.qdc")
    doc = etree.parse(str(path))
    schema = etree.XMLSchema(file=str(CODEBOOK_XSD))
    assert schema.validate(doc), schema.error_log
    codes = doc.getroot().findall("{urn:QDA-XML:codebook:1.0}Codes/{urn:QDA-XML:codebook:1.0}Code")
    assert [c.get("guid") for c in codes] == [qdc.code_guid(t.id) for t in codebook.themes]
    assert codebook.hash in doc.getroot().get("origin")
    assert qdc.export_codebook(codebook, tmp_path / "again.qdc").read_bytes() == path.read_bytes()


# --- import -----------------------------------------------------------------------------------------


def themes_by_id(result) -> dict[str, str]:
    return dict(zip(result.coded["id"], result.coded["themes"], strict=True))


def expected_themes(sentences) -> dict[str, str]:
    return {r.sentence_id: ";".join(r.themes) or "none" for r in sentences.itertuples()}


def test_round_trip_export_import_gives_the_same_codes(exported, tables, codebook):
    turns, sentences, _ = tables
    result = import_coding(exported, turns, sentences, codebook)
    assert result.warnings == []
    assert list(result.coded.columns) == ["id", "text", "themes", "coded_by", "note"]
    assert set(result.coded["note"]) == {""}  # the export's own matched words are no note of the suite
    assert themes_by_id(result) == expected_themes(sentences)
    coded = result.coded["themes"] != "none"
    assert set(result.coded.loc[coded, "coded_by"]) == {"dialogue-analysis (automatic coding)"}
    assert set(result.coded.loc[~coded, "coded_by"]) == {""}
    assert dict(zip(result.coded["id"], result.coded["text"], strict=True)) == dict(
        zip(sentences["sentence_id"], sentences["text"], strict=True)
    )
    assert result.coded["id"].tolist()[:2] == ["DD-MX-2/0/0", "DD-MX-2/0/1"]  # sessions in order


def _selection(root, name):
    return next(s for s in root.iter(f"{{{qdc.PROJECT_NS}}}PlainTextSelection") if s.get("name") == name)


def _coding(theme_guid: str):
    coding = etree.Element(f"{{{qdc.PROJECT_NS}}}Coding", guid=str(uuid.uuid4()))
    etree.SubElement(coding, f"{{{qdc.PROJECT_NS}}}CodeRef", targetGUID=theme_guid)
    return coding


def _add_coding(sel, coding) -> None:
    """A coding added to a selection where a suite writes it: before its notes (the schema's order)."""
    note = sel.find("q:NoteRef", NS)
    (sel.append if note is None else note.addprevious)(coding)


def _add_user(root, name: str) -> str:
    """A coder of the team, listed in the project's users as a suite lists them; its GUID."""
    user = str(uuid.uuid4())
    etree.SubElement(root.find("q:Users", NS), f"{{{qdc.PROJECT_NS}}}User", guid=user, name=name)
    return user


def coded_by(path, tables, codebook) -> dict[str, str]:
    """Sentence id -> `coded_by` of the sheet `import-coding` reads from the project at `path`."""
    turns, sentences = tables[:2]
    coded = import_coding(path, turns, sentences, codebook).coded
    return dict(zip(coded["id"], coded["coded_by"], strict=True))


def test_codings_edited_in_a_suite_import_as_specified(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    text = source_texts(*project(exported))["DD-ÇI-1"]
    gender = str(uuid.uuid4()).upper()  # suites write GUIDs in either case, with or without braces

    def edit(root):
        # a code added to a selection, and a code removed from another
        _add_coding(_selection(root, "DD-ÇI-1/2/1"), _coding(qdc.code_guid("governance")))
        sel = _selection(root, "DD-MX-2/0/0")
        sel.remove(sel.find("q:Coding", NS))
        # a code that is not in the codebook, on an existing selection
        codes = root.find("q:CodeBook/q:Codes", NS)
        etree.SubElement(
            codes, f"{{{qdc.PROJECT_NS}}}Code", guid="{" + gender + "}", name="Gender", isCodable="true"
        )
        _add_coding(_selection(root, "DD-ÇI-1/1/1"), _coding(gender))
        # a new selection over half of an uncoded sentence, and one over a speaker label only
        source = root.find(".//q:TextSource[@name='DD-ÇI-1']", NS)
        half = text.index("Welcome, dear")
        label = text.index("Kenya Mission (Kenya)")
        for a, b in [(half, half + 8), (label, label + len("Kenya Mission"))]:
            new = etree.SubElement(source, f"{{{qdc.PROJECT_NS}}}PlainTextSelection", guid=str(uuid.uuid4()),
                                   startPosition=str(a), endPosition=str(b))  # fmt: skip
            new.append(_coding(qdc.code_guid("partnerships")))

    result = import_coding(rezip(exported, tmp_path / "edited.qdpx", edit), turns, sentences, codebook)
    got = themes_by_id(result)
    want = expected_themes(sentences)
    want.update({
        "DD-ÇI-1/2/1": "skills;governance;inclusion",  # codebook order
        "DD-MX-2/0/0": "digital_technology",
        "DD-ÇI-1/0/0": "partnerships",
    })  # fmt: skip
    assert got == want
    assert any("'Gender' is not in codebook" in w and "DD-ÇI-1/1/1" in w for w in result.warnings)
    assert any("cover no sentence" in w and "Kenya Mission" in w for w in result.warnings)
    # a selection taking less than half of a sentence still codes it, and says so (an edge slipped?)
    assert any("DD-ÇI-1/0/0 (8 of its 25 characters, by the selection at" in w for w in result.warnings)
    assert len(result.warnings) == 3


def test_a_file_that_gives_nothing_is_an_error_not_an_empty_sheet(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    from analysis.errors import InputError

    def retext(data: bytes) -> bytes:
        return b"Another transcript entirely."  # every session's text replaced: nothing can be placed

    with pytest.raises(InputError, match="nothing could be imported: source "):
        import_coding(
            rezip(exported, tmp_path / "changed.qdpx", edit_text=retext), turns, sentences, codebook
        )


def test_a_selection_that_ends_before_it_starts_is_named_as_such(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def edit(root):
        sel = _selection(root, "DD-MX-2/0/0")
        sel.set("startPosition", str(int(sel.get("endPosition")) + 5))

    result = import_coding(rezip(exported, tmp_path / "reversed.qdpx", edit), turns, sentences, codebook)
    end = int(_selection(project(exported)[0], "DD-MX-2/0/0").get("endPosition"))
    assert result.warnings == [
        f"1 coded selection(s) end before they start, not imported: 'DD-MX-2/0/0' in DD-MX-2: {end + 5}-{end}"
    ]


@pytest.mark.parametrize(
    ("start", "end", "coded"),
    [
        (7, 11, ["One."]),
        (11, 15, ["Two."]),  # sentences with no blank between them: each selection codes its own
        (6, 8, ["One."]),
        (14, 17, ["Two.", "Three."]),
        (15, 16, []),  # blanks only
        (0, 6, []),  # the speaker's label
        (11, 11, ["Two."]),  # no width: the sentence it lies in, ends exclusive
        (15, 15, []),
        (22, 22, []),
    ],
)
def test_a_selection_codes_the_sentences_it_overlaps_ends_exclusive(start, end, coded):
    text = "Chair: One.Two. Three."
    ids = ["One.", "Two.", "Three."]
    starts = [text.index(s) for s in ids]
    index = (starts, [a + len(s) for a, s in zip(starts, ids, strict=True)], ids)
    assert [ids[i] for i in overlapping(index, text, start, end)] == coded


def test_a_sentence_a_selection_takes_less_than_half_of_is_named_half_is_not():
    from analysis.exchange.import_coding import _touched

    index = ([0], [10], ["S"])
    assert _touched(index, [0], [(0, 5)]) == []
    assert _touched(index, [0], [(0, 4)]) == [("S", 4, 10)]
    assert _touched(index, [0], [(0, 2), (8, 10)]) == [("S", 4, 10)]  # the pieces of an edited text add up
    assert _touched(index, [0], [(3, 3)]) == []  # no width: a cursor in the sentence, no slipped edge


def test_a_selection_over_two_sentences_codes_both(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables
    text = source_texts(*project(exported))["DD-MX-2"]
    a, b = text.index("e-commerce"), text.index("Nothing") + 3

    def edit(root):
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        new = etree.SubElement(source, f"{{{qdc.PROJECT_NS}}}PlainTextSelection", guid=str(uuid.uuid4()),
                               startPosition=str(a), endPosition=str(b))  # fmt: skip
        new.append(_coding(qdc.code_guid("inclusion")))

    got = themes_by_id(import_coding(rezip(exported, tmp_path / "e.qdpx", edit), turns, sentences, codebook))
    assert got["DD-MX-2/0/0"] == "economic_development;digital_technology;inclusion"
    assert got["DD-MX-2/0/1"] == "inclusion"


def test_codes_are_matched_by_name_when_a_suite_renews_the_guids(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def renew(root):
        fresh = {}
        for code in root.iter(f"{{{qdc.PROJECT_NS}}}Code"):
            fresh[code.get("guid")] = str(uuid.uuid4())
            code.set("guid", fresh[code.get("guid")])
        for ref in root.iter(f"{{{qdc.PROJECT_NS}}}CodeRef"):
            ref.set("targetGUID", fresh[ref.get("targetGUID")])
        for code in root.iter(f"{{{qdc.PROJECT_NS}}}Code"):  # names in another case, no theme id stated
            code.set("name", f"  {code.get('name').upper()} ")
            code.remove(code.find("q:Description", NS))

    result = import_coding(rezip(exported, tmp_path / "renewed.qdpx", renew), turns, sentences, codebook)
    assert result.warnings == []
    assert themes_by_id(result) == expected_themes(sentences)


def test_a_renamed_code_whose_description_names_a_theme_not_in_the_codebook_is_said_to_be_no_theme(
    tmp_path, exported, tables, codebook
):
    """A code renamed in a suite that renews GUIDs is known by the theme id its description states only
    when the codebook has that theme."""
    turns, sentences, _ = tables
    fresh = str(uuid.uuid4())

    def edit(root):
        code = next(
            c for c in root.iter(f"{{{qdc.PROJECT_NS}}}Code") if c.get("guid") == qdc.code_guid("skills")
        )
        for ref in root.iter(f"{{{qdc.PROJECT_NS}}}CodeRef"):
            if ref.get("targetGUID") == code.get("guid"):
                ref.set("targetGUID", fresh)
        code.set("guid", fresh)
        code.set("name", "Trips to Mars")
        code.find("q:Description", NS).text = "Going further. Theme id: space_travel (Impact areas)."

    result = import_coding(rezip(exported, tmp_path / "mars.qdpx", edit), turns, sentences, codebook)
    assert any(
        w.startswith(f"code 'Trips to Mars' is not in codebook {codebook.version}") for w in result.warnings
    )


def test_guids_in_upper_case_and_braces_as_the_schema_allows_are_the_same_guids(
    tmp_path, exported, tables, codebook
):
    """Project-mrt2019.xsd's GUIDType takes hex digits in either case, with or without braces."""
    turns, sentences, _ = tables

    def edit(root):
        for el in root.iter():
            for attr in ("guid", "targetGUID", "creatingUser", "creatingUserGUID"):
                if el.get(attr):
                    el.set(attr, "{" + el.get(attr).upper() + "}")
        for i, code in enumerate(root.iter(f"{{{qdc.PROJECT_NS}}}Code")):
            code.set("name", f"Code {i}")  # known by their GUIDs alone
            code.remove(code.find("q:Description", NS))

    result = import_coding(rezip(exported, tmp_path / "g.qdpx", edit), turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert result.warnings == []  # the export's notes known as its own
    coded = result.coded[result.coded["themes"].ne("none")]
    assert set(coded["coded_by"]) == {"dialogue-analysis (automatic coding)"}


def test_texts_in_a_folder_named_sources_in_another_case_are_read(tmp_path, exported, tables, codebook):
    """The standard names the folder `sources` (REFI-QDA 1.5, 8.1); suites write `Sources/` too."""
    turns, sentences, _ = tables
    path = tmp_path / "cased.qdpx"
    with zipfile.ZipFile(exported) as zin, zipfile.ZipFile(path, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name.replace("sources/", "Sources/", 1), zin.read(name))
    result = import_coding(path, turns, sentences, codebook)
    assert result.warnings == []
    assert themes_by_id(result) == expected_themes(sentences)


def test_a_source_whose_text_is_another_is_reported_not_misread(tmp_path, exported, tables, codebook):
    """Edits are re-aligned (tests/test_import_realign.py); a text of which not half is found is another."""
    turns, sentences, _ = tables

    def other(data: bytes) -> bytes:
        return b"Another meeting: Thanks, Chair. Our factories need power." if b"Merci" in data else data

    result = import_coding(rezip(exported, tmp_path / "t.qdpx", edit_text=other), turns, sentences, codebook)
    assert any("DD-ÇI-1: its text no longer matches" in w for w in result.warnings)
    assert set(result.coded["id"].str.split("/").str[0]) == {"DD-MX-2"}  # not listed as uncoded


@pytest.mark.parametrize("crlf_counts_as", ["two", "one"])
def test_line_endings_rewritten_as_crlf_still_map(tmp_path, exported, tables, codebook, crlf_counts_as):
    """Suites on Windows may store CRLF (and a BOM) and count CRLF as one or two characters."""
    turns, sentences, _ = tables
    reading = "CRLF as two characters" if crlf_counts_as == "two" else "CRLF as one"
    text = source_texts(*project(exported))["DD-ÇI-1"]

    def shift(root):
        if crlf_counts_as == "one":
            return
        for sel in root.find(".//q:TextSource[@name='DD-ÇI-1']", NS).iterfind("q:PlainTextSelection", NS):
            for attr in ("startPosition", "endPosition"):
                p = int(sel.get(attr))
                sel.set(attr, str(p + text[:p].count("\n")))

    crlf = rezip(
        exported, tmp_path / "crlf.qdpx", shift, lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")
    )
    result = import_coding(crlf, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    standard = (
        ""
        if crlf_counts_as == "two"
        else " (7 of 14 read as the standard counts: code points, CRLF as two characters)"
    )
    assert result.warnings == [
        f"line endings stored as CRLF; positions read as code points, {reading}: "
        f"14 of 14 selection ends fall between words that way{standard}"
    ]


def test_line_endings_rewritten_as_lone_cr_map_without_calling_the_text_edited(
    tmp_path, exported, tables, codebook
):
    """A text saved with classic Mac line ends (a CR alone, one character as an LF is): the same text."""
    turns, sentences, _ = tables
    cr = rezip(exported, tmp_path / "cr.qdpx", edit_text=lambda b: b.replace(b"\n", b"\r"))
    result = import_coding(cr, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert result.warnings == []


def test_a_source_text_not_in_utf8_is_said_to_be_so(tmp_path, exported, tables, codebook):
    """The standard stores texts in UTF-8; one saved in another encoding (Windows-1252 here) has
    characters that cannot be read. The import says so first (not only that the text was 'edited')
    and reads the selections where the rest of the text places them."""
    turns, sentences, _ = tables
    text = source_texts(*project(exported))["DD-MX-2"]
    # 'ñ' and 'í' of the label 'Sra. Peña (México)'; 😀 has no Windows-1252 byte and stays as it is
    latin = rezip(
        exported,
        tmp_path / "latin.qdpx",
        edit_text=lambda b: (
            b.replace("ñ".encode(), b"\xf1").replace("é".encode(), b"\xe9") if b == text.encode() else b
        ),
    )
    result = import_coding(latin, turns, sentences, codebook)
    assert themes_by_id(result) == expected_themes(sentences)
    assert result.warnings[0] == (
        "source DD-MX-2: its text is not UTF-8, as the standard requires: 2 character(s) could not be read"
    )


def test_a_foreign_source_and_a_missing_session_are_reported(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def rename(root):  # another text: its name, GUID and stored text are none of the project's
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        source.set("name", "Interview 7")
        source.set("guid", str(uuid.uuid4()))
        source.set("plainTextPath", "internal://interview-7.txt")

    result = import_coding(rezip(exported, tmp_path / "f.qdpx", rename), turns, sentences, codebook)
    assert any("not sessions of this project" in w and "'Interview 7' (" in w for w in result.warnings)
    assert any("not in the project file: DD-MX-2" in w for w in result.warnings)


def test_a_source_a_suite_renamed_and_gave_a_new_guid_is_known_by_its_text(
    tmp_path, exported, tables, codebook
):
    """QualCoder 3.0 and 3.1 name a source `name.txt` on import and give every source a new GUID on export:
    the text stored is still the session's own."""
    turns, sentences, _ = tables
    before = import_coding(exported, turns, sentences, codebook).coded

    def requalcode(root):
        for i, source in enumerate(root.iterfind(".//q:TextSource", NS)):
            source.set("guid", str(uuid.uuid4()).upper())
            source.set("name", f"transcript {i}" if i else source.get("name") + ".txt")

    result = import_coding(rezip(exported, tmp_path / "q.qdpx", requalcode), turns, sentences, codebook)
    assert not [w for w in result.warnings if "not a session" in w or "not in the project file" in w]
    assert result.coded.equals(before)


def test_the_tsv_reads_back_unquoted_with_three_fields():
    said = 'He said "yes"\tthen\nleft.\r\nBye.\rOK'  # a note written on Windows, or on an old Mac
    df = pd.DataFrame({"id": ["a/0/0"], "text": [said], "themes": ["none"]})
    rows = list(csv.reader(io.StringIO(tsv_bytes(df).decode()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows == [["id", "text", "themes"], ["a/0/0", 'He said "yes" then left.  Bye. OK', "none"]]


def test_a_suites_note_or_user_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path):
    said = '=HYPERLINK("http://example.org","go") Roads.'
    df = pd.DataFrame(
        {
            "id": ["a/0/0"],
            "text": [said],
            "themes": ["none"],
            "coded_by": ["@admin"],
            "note": ["+cmd|'/C'!A0"],
        }
    )
    rows = list(csv.reader(io.StringIO(tsv_bytes(df).decode()), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[1] == ["a/0/0", "'" + said, "none", "'@admin", "'+cmd|'/C'!A0"]
    (tmp_path / "coded.tsv").write_bytes(tsv_bytes(df))
    from analysis.coding.sheets import read_sheet

    assert read_sheet(tmp_path / "coded.tsv", ["skills"])["text"].tolist() == [said]  # read back as said


# --- the command line -------------------------------------------------------------------------------


def write_processed(folder: Path, tables) -> Path:
    """A processed folder as the code stage leaves it (the tables, and provenance naming the codebook)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in zip(("turns", "sentences", "evidence"), tables, strict=True):
        for file, data in catalogue.encode(name, df).items():
            (folder / file).write_bytes(data)
    cb = qdc.load_codebook()
    (folder / "provenance.json").write_text(
        json.dumps({"codebook_version": cb.version, "codebook_hash": cb.hash}), encoding="utf-8"
    )
    return folder


def test_an_export_of_tables_made_with_another_codebook_or_out_of_step_names_the_file_to_remake(
    tmp_path, tables
):
    """Two states of a processed folder a user meets: the codebook edited since `themes` ran, and
    sentences a crash or a copy left out of step with the turns. Each error names the file at fault and
    says to run `themes` again (an error found inside the sentences names sentences.parquet)."""
    from analysis.exchange.processed import export_processed

    edited = write_processed(tmp_path / "edited", tables)
    (edited / "provenance.json").write_text(
        json.dumps({"codebook_version": "0.9.0", "codebook_hash": "0123456789abcdef" * 4}), encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        export_processed(edited, tmp_path / "s.qdpx")
    assert str(err.value).startswith(f"{edited / 'provenance.json'}: coded with codebook 0123456789ab, not ")
    assert "re-run `python -m analysis themes`" in str(err.value)

    turns, sentences, evidence = tables
    stale = sentences.copy()
    stale.loc[3, "end"] -= 1
    folder = write_processed(tmp_path / "stale", (turns, stale, evidence))
    with pytest.raises(InputError) as err:
        export_processed(folder, tmp_path / "s.qdpx")
    assert str(err.value).startswith(f"{folder / 'sentences.parquet'}: sentence DD-ÇI-1/1/1 is not at its ")
    assert "re-run themes" in str(err.value)
    assert not (tmp_path / "s.qdpx").exists()


def test_cli_export_then_import_coding(tmp_path, tables):
    processed = write_processed(tmp_path / "processed", tables)
    proc = cli("export", "--processed", str(processed), "--out", str(tmp_path / "study.qdpx"))
    assert proc.returncode == 0, proc.stderr
    assert "2 sessions, 4 coded sentences (9 codings), 3 delegations as cases" in proc.stdout
    proc = cli("import-coding", str(tmp_path / "study.qdpx"), "--processed", str(processed),
               "--out", str(tmp_path / "coded.tsv"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    coded = pd.read_csv(tmp_path / "coded.tsv", sep="\t", dtype=str, quoting=csv.QUOTE_NONE)
    assert dict(zip(coded["id"], coded["themes"], strict=True)) == expected_themes(tables[1])
    # a sheet already there may hold a person's coding: replaced only with --force
    again = ["import-coding", str(tmp_path / "study.qdpx"), "--processed", str(processed), "--out",
             str(tmp_path / "coded.tsv")]  # fmt: skip
    before = (tmp_path / "coded.tsv").read_bytes()
    (tmp_path / "coded.tsv").write_text("id\tthemes\nx\tgovernance\n", encoding="utf-8")
    proc = cli(*again)
    assert proc.returncode == 2 and "a sheet is already there" in proc.stderr and "--force" in proc.stderr
    assert (tmp_path / "coded.tsv").read_text(encoding="utf-8") == "id\tthemes\nx\tgovernance\n"
    assert cli(*again, "--force").returncode == 0 and (tmp_path / "coded.tsv").read_bytes() == before
    proc = cli("export", "--codebook-only", "--out", str(tmp_path / "codebook.qdc"))
    assert proc.returncode == 0 and "11 codes" in proc.stdout


def test_cli_import_prints_warnings(tmp_path, tables):
    processed = write_processed(tmp_path / "processed", tables)
    export_project(*tables, None, tmp_path / "s.qdpx")
    foreign = rezip(tmp_path / "s.qdpx", tmp_path / "f.qdpx",
                    edit_text=lambda b: b.replace(b"Nothing", b"Something"))  # fmt: skip
    proc = cli("import-coding", str(foreign), "--processed", str(processed), "--out", str(tmp_path / "c.tsv"))
    assert proc.returncode == 0
    assert "warning: source DD-MX-2: its text was edited in the suite" in proc.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["export", "--processed", "{tmp}/nothing", "--out", "{tmp}/s.qdpx"], "turns.parquet"),
        (["export", "--processed", "{tmp}/old", "--out", "{tmp}/s.qdpx"], "sentences.parquet"),
        (["export", "--processed", "{tmp}/old", "--out", "{tmp}/s.zip"], "s.zip"),
        (["export", "--codebook-only", "--out", "{tmp}/c.xml"], "c.xml"),
        (["import-coding", "{tmp}/old/turns.parquet", "--processed", "{tmp}/old", "--out", "{tmp}/c.tsv"],
         "turns.parquet"),
        (["import-coding", "{tmp}/absent.qdpx", "--processed", "{tmp}/old", "--out", "{tmp}/c.tsv"],
         "absent.qdpx"),
    ],
)  # fmt: skip
def test_cli_bad_input_is_one_line_naming_the_file(tmp_path, tables, args, named):
    old = write_processed(tmp_path / "old", tables)
    pd.read_parquet(old / "sentences.parquet").drop(columns=["sentence_id", "start", "end"]).to_parquet(
        old / "sentences.parquet"
    )
    proc = cli(*(a.format(tmp=tmp_path) for a in args))
    assert_one_line_error(proc, named)
    assert not (tmp_path / "s.qdpx").exists() and not (tmp_path / "c.tsv").exists()


# --- the bundled sample, end to end -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from analysis import pipeline

    processed = tmp_path_factory.mktemp("sample")
    pipeline.clean_stage(config.RAW_DIR, processed)
    pipeline.themes_stage(processed)
    sentences = pd.read_parquet(processed / "sentences.parquet")
    assert {"sentence_id", "start", "end"} <= set(sentences.columns)  # the sentence tables of issue 12
    assert (processed / "evidence.parquet").is_file()
    return processed


@pytest.mark.model
@pytest.mark.slow
def test_the_sample_exports_validates_and_round_trips(sample, tmp_path, shared_dir):
    from analysis.exchange.processed import export_processed, import_processed, read_tables

    summary = export_processed(sample, tmp_path / "study.qdpx")
    again = export_processed(sample, tmp_path / "again.qdpx")
    assert summary.path.read_bytes() == again.path.read_bytes()
    assert summary.sessions == 6 and summary.selections > 100 and summary.cases > 30
    root, texts = project(summary.path)
    assert_valid(project_schema(shared_dir), root)
    tables = read_tables(sample)
    sentences = tables["sentences"].set_index("sentence_id")
    text_of = source_texts(root, texts)
    for source, sel in coded_selections(root):
        a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert text_of[source][a:b] == sentences.loc[sel.get("name"), "text"]
    _, warnings = import_processed(summary.path, sample, tmp_path / "coded.tsv")
    assert warnings == []
    coded = pd.read_csv(tmp_path / "coded.tsv", sep="\t", dtype=str, quoting=csv.QUOTE_NONE)
    want = {sid: ";".join(ts) or "none" for sid, ts in zip(sentences.index, sentences["themes"], strict=True)}
    assert dict(zip(coded["id"], coded["themes"], strict=True)) == want


def test_a_coding_whose_maker_the_file_does_not_name_is_nobodys_not_the_selections(
    tmp_path, exported, tables, codebook
):
    """creatingUser is optional on a Coding (the standard's own sample leaves it off): a reviewer's coding
    added to one of the export's selections is not the automatic coder's; a modifyingUser names who did."""

    def edit(root):
        ana = _add_user(root, "Ana (team)")
        _add_coding(_selection(root, "DD-ÇI-1/2/1"), _coding(qdc.code_guid("governance")))  # no user at all
        changed = _coding(qdc.code_guid("livelihoods"))
        changed.set("modifyingUser", ana)
        _selection(root, "DD-MX-2/0/0").append(changed)
        for coding in _selection(root, "DD-ÇI-1/1/2").iterfind(
            "q:Coding", NS
        ):  # made by one, changed by another
            coding.set("modifyingUser", ana)

    by = coded_by(rezip(exported, tmp_path / "u.qdpx", edit), tables, codebook)
    assert by["DD-ÇI-1/2/1"] == "dialogue-analysis (automatic coding);unknown"
    assert by["DD-ÇI-1/1/2"] == "dialogue-analysis (automatic coding)"  # its maker, where the file names one
    assert by["DD-MX-2/0/0"] == "Ana (team);dialogue-analysis (automatic coding)"


def test_a_damaged_or_password_protected_project_is_refused_in_one_line(tmp_path, exported):
    from analysis.exchange.import_coding import read_project

    damaged = tmp_path / "damaged.qdpx"
    data = bytearray(exported.read_bytes())
    with zipfile.ZipFile(exported) as zf:
        info = zf.getinfo("project.qde")
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10  # inside its compressed data
    data[at] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"project\.qde is damaged .*export the project again"):
        read_project(damaged)
    if shutil.which("zip") is None:
        pytest.skip("no zip program to make a password-protected file")
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(exported) as zf:
        zf.extractall(folder)
    locked = tmp_path / "locked.qdpx"
    subprocess.run(["zip", "-q", "-P", "secret", "-r", str(locked), "."], cwd=folder, check=True)
    with pytest.raises(InputError, match=r"project\.qde is encrypted"):
        read_project(locked)


@pytest.mark.parametrize(
    "members,says",
    [
        ({"aaa.qde": b"<Other/>", "project.qde": None}, None),  # the standard's name wins
        ({"study/project.qde": None}, "only study/project.qde (zip a folder's contents"),
        ({"a.qde": b"<Project/>", "b.qde": b"<Project/>"}, "several .qde files (a.qde, b.qde)"),
    ],
)
def test_the_project_file_is_project_qde(tmp_path, exported, members, says):
    from analysis.exchange.import_coding import read_project

    with zipfile.ZipFile(exported) as zf:
        qde = zf.read("project.qde")
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, qde if data is None else data)
    if says is None:
        root, _ = read_project(path)
        assert root.tag.endswith("Project") and len(root)
    else:
        with pytest.raises(InputError, match=re.escape(says)):
            read_project(path)


def _zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


_CUT_SHORT = b'<?xml version="1.0"?>\n<Project name="study">\n<Users>\n</Project>\n'  # <Users> not closed


@pytest.mark.parametrize(
    ("slip", "says"),
    [
        ("the codebook for the project", "not a .qdpx project (not a zip file)"),
        ("the sources zipped alone", "no project.qde inside"),
        ("a project file cut short", "project.qde is not well-formed XML at line 4"),
        ("a codebook zipped as the project", "project.qde has root <CodeBook>, expected <Project>"),
    ],
)
def test_a_file_that_is_no_refi_qda_project_is_refused_saying_to_export_the_project(
    tmp_path, codebook, slip, says
):
    """One line that names the file, says what is wrong with it and to export the coded project again."""
    from analysis.exchange.import_coding import read_project

    path = {
        "the codebook for the project": lambda: qdc.export_codebook(codebook, tmp_path / "codebook.qdc"),
        "the sources zipped alone": lambda: _zipped(tmp_path / "s.qdpx", {"sources/a.txt": b"Kenya: Yes."}),
        "a project file cut short": lambda: _zipped(tmp_path / "cut.qdpx", {"project.qde": _CUT_SHORT}),
        "a codebook zipped as the project": lambda: _zipped(
            tmp_path / "book.qdpx", {"project.qde": qdc.codebook_xml(codebook)}
        ),
    }[slip]()
    with pytest.raises(InputError) as err:
        read_project(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and says in message and "\n" not in message
    assert "export the coded project from the suite as a REFI-QDA project (.qdpx)" in message


def test_codes_the_team_gave_are_exported_as_the_teams_and_read_back_so(tmp_path, tables, codebook):
    """After `themes --overrides`, the next export credits the overridden sentences' codes to the team (a
    second review round read them back as the automatic coder's), without an empty 'matched words' note."""
    turns, sentences, evidence = tables
    sid = "DD-MX-2/0/0"
    mine = sentences["sentence_id"].eq(sid)
    sentences = sentences.assign(
        themes=[["livelihoods"] if m else list(t) for m, t in zip(mine, sentences["themes"], strict=True)],
        overridden=mine,
    )
    analyst = dict(sentence_id=sid, theme="livelihoods", rule="analyst", text="", start=0, end=0)
    evidence = pd.concat(
        [evidence[evidence["sentence_id"] != sid], catalogue.conform("evidence", pd.DataFrame([analyst]))],
        ignore_index=True,
    )
    path = export_project(turns, sentences, evidence, codebook, tmp_path / "round2.qdpx").path
    root, _ = project(path)
    team = {u.get("name"): u.get("guid") for u in root.iterfind(".//q:User", NS)}[qdpx.TEAM_NAME]
    sel = _selection(root, sid)
    assert [c.get("creatingUser") for c in sel.iterfind("q:Coding", NS)] == [team]
    assert sel.find("q:Description", NS) is None and sel.find("q:NoteRef", NS) is None
    by = coded_by(path, (turns, sentences), codebook)
    assert by[sid] == qdpx.TEAM_NAME and by["DD-ÇI-1/2/1"] == "dialogue-analysis (automatic coding)"


def test_an_export_without_the_teams_codes_lists_no_team_user(exported):
    root, _ = project(exported)
    assert [u.get("name") for u in root.iterfind(".//q:User", NS)] == [
        "Reviewer (set your own coder name)", "dialogue-analysis (automatic coding)",
    ]  # fmt: skip


def test_a_selection_without_whole_number_positions_is_said_to_be_so(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def edit(root):
        _selection(root, "DD-ÇI-1/2/1").set("startPosition", "12.0")

    result = import_coding(rezip(exported, tmp_path / "p.qdpx", edit), turns, sentences, codebook)
    assert any(
        w.startswith("1 coded selection(s) have a missing or non-integer start or end position")
        and "'DD-ÇI-1/2/1' in DD-ÇI-1 ('12.0'," in w
        for w in result.warnings
    )


def test_the_schema_import_checks_against_is_the_standards(shared_dir):
    from analysis.exchange import schema

    standard = shared_dir / "reference" / "refi-qda" / "Project-mrt2019.xsd"
    assert schema.PROJECT_XSD.read_bytes() == standard.read_bytes()


def test_a_file_that_breaks_the_schema_is_read_with_a_warning_saying_where(
    tmp_path, exported, tables, codebook
):
    """Import checks the project file against the REFI-QDA schema; a file that breaks it is still read
    (suites' files depart from it in ways that leave their codings sound), with one warning that says so,
    first, with the line of the first problem."""
    turns, sentences, _ = tables

    def edit(root):
        for selection in ("DD-ÇI-1/2/1", "DD-MX-2/0/0"):  # the second is earlier in the file
            coding = _coding(qdc.code_guid("governance"))
            del coding.attrib["guid"]  # required by the schema
            _add_coding(_selection(root, selection), coding)

    path = rezip(exported, tmp_path / "p.qdpx", edit)
    root, _ = project(path)
    line = min(c.sourceline for c in root.iterfind(".//q:Coding", NS) if c.get("guid") is None)
    result = import_coding(path, turns, sentences, codebook)
    assert result.warnings == [
        "project.qde does not follow the REFI-QDA project schema (Project-mrt2019.xsd): 2 problem(s), "
        f"the first at line {line}: Element 'Coding': The attribute 'guid' is required but missing; "
        "read as far as it goes"
    ]
    assert themes_by_id(result)["DD-ÇI-1/2/1"] == "skills;governance;inclusion"


def test_a_file_outside_the_project_namespace_is_read_by_names_with_a_warning(
    tmp_path, exported, tables, codebook
):
    turns, sentences, _ = tables
    path = tmp_path / "bare.qdpx"
    with zipfile.ZipFile(exported) as zin, zipfile.ZipFile(path, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            bare = data.replace(b' xmlns="urn:QDA-XML:project:1.0"', b"", 1)
            zout.writestr(name, bare if name == "project.qde" else data)
    result = import_coding(path, turns, sentences, codebook)
    assert result.warnings == [
        "project.qde does not follow the REFI-QDA project schema (Project-mrt2019.xsd): its elements are "
        "in no namespace, not in urn:QDA-XML:project:1.0; read by their names as far as they go"
    ]
    assert themes_by_id(result) == expected_themes(sentences)


def test_a_stored_text_names_its_session_only_where_no_other_session_shares_it():
    from analysis.exchange.import_coding import _match_sessions

    texts = {sid: SessionText(sid, AFR, text) for sid, text in
             [("S-1", "Same words."), ("S-2", "Same words."), ("S-3", "Its own words.")]}  # fmt: skip
    root = etree.fromstring(
        f'<Project xmlns="{qdc.PROJECT_NS}"><Sources>'
        '<TextSource name="a.txt" guid="1"/><TextSource name="b.txt" guid="2"/>'
        '<TextSource name="c.txt" guid="3"/><TextSource name="d.txt" guid="4"/></Sources></Project>'
    )
    stored = {
        "a.txt": "Same words.",
        "b.txt": "Same words.\r\n",
        "c.txt": "Its own words.",
        "d.txt": "Its own words.",
    }
    matched, warnings = _match_sessions(root, texts, lambda src: stored[src.get("name")])
    assert [(sid, src.get("name")) for sid, src in matched] == [("S-3", "c.txt"), ("S-3", "d.txt")]
    assert "2 sources of the file are session S-3: their codings are read together" in warnings
    assert (  # a.txt, b.txt: which one?
        "2 source(s) of the file are not sessions of this project, their selections not imported: "
        "'a.txt' (0 selection(s)), 'b.txt' (0 selection(s))"
    ) in warnings


def test_the_sheet_says_who_made_each_sentences_codes(tmp_path, exported, tables, codebook):
    """A team keeps the sentences its coders reviewed: codings carry their user (REFI-QDA creatingUser)."""

    def edit(root):
        coding = _coding(qdc.code_guid("governance"))
        coding.set("creatingUser", _add_user(root, "Ana (team)"))
        _selection(root, "DD-ÇI-1/2/1").append(coding)

    by = coded_by(rezip(exported, tmp_path / "ana.qdpx", edit), tables, codebook)
    assert by["DD-ÇI-1/2/1"] == "Ana (team);dialogue-analysis (automatic coding)"
    assert by["DD-MX-2/0/0"] == "dialogue-analysis (automatic coding)"


# --- warnings an analyst can act on -------------------------------------------------------------------


def test_a_coding_of_a_code_the_file_does_not_define_is_said_to_be_so(tmp_path, exported, tables, codebook):
    """A coding pointing at a GUID none of the file's codes has (a code deleted in the suite, its codings
    left behind) is the file's inconsistency, not a code missing from the project's codebook."""
    turns, sentences, _ = tables
    ghost = str(uuid.uuid4())

    def edit(root):
        _selection(root, "DD-MX-2/0/0").find("q:Coding/q:CodeRef", NS).set("targetGUID", "{" + ghost + "}")

    [warning] = import_coding(rezip(exported, tmp_path / "g.qdpx", edit), turns, sentences, codebook).warnings
    assert warning == (
        f"codings refer to a code the file does not define (GUID {ghost}, none of its codes has it; a code "
        "deleted in the suite?): on 1 sentence(s) (DD-MX-2/0/0), not imported"
    )


OUTSIDE = "its text is not in the project file but at '{path}', outside it: not read, for safety"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("{outside}", OUTSIDE),
        ("relative://DD-MX-2.txt", OUTSIDE),
        ("internal://gone.txt", "its text file 'internal://gone.txt' is not in the project file"),
        ("", "the file gives no text for it (no plainTextPath, no PlainTextContent)"),
    ],
)  # fmt: skip
def test_a_source_text_the_file_does_not_hold_is_named_and_never_read_from_elsewhere(
    tmp_path, exported, tables, codebook, path, says
):
    """REFI-QDA lets a source point at a file on disk (`file://`, or `relative://` to a base path). The
    import reads only what the .qdpx holds (a project file must not make it read other files of the
    machine), even where that file is there, and names the path rather than calling the text missing."""
    turns, sentences, _ = tables
    outside = tmp_path / "DD-MX-2.txt"
    outside.write_text(source_texts(*project(exported))["DD-MX-2"], encoding="utf-8")
    root, _ = project(exported)
    n = len(root.findall(".//q:TextSource[@name='DD-MX-2']/q:PlainTextSelection", NS))

    path = path.format(outside=outside.as_uri())  # file:///...: the file is there

    def edit(root):
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        if path:
            source.set("plainTextPath", path)
        else:
            del source.attrib["plainTextPath"]

    result = import_coding(rezip(exported, tmp_path / "o.qdpx", edit), turns, sentences, codebook)
    warning = next(w for w in result.warnings if w.startswith("source DD-MX-2: "))
    assert warning == (
        f"source DD-MX-2: {says.format(path=path)}: its {n} selection(s) not imported; "
        "export the project from the suite again with its texts inside"
    )
    assert "DD-MX-2/0/0" not in set(result.coded["id"])


def _shift_every_selection(by: int):
    def edit(root):
        for sel in root.iter(f"{{{qdc.PROJECT_NS}}}PlainTextSelection"):
            for attr in ("startPosition", "endPosition"):
                sel.set(attr, str(int(sel.get(attr)) + by))

    return edit


def test_selections_outside_their_text_are_one_warning_with_a_count_and_the_first_few(
    tmp_path, exported, tables, codebook
):
    """Positions past the end of the text the file stores (a text cut short after coding, positions
    counted on another text) are told once for the file, not once per selection."""
    turns, sentences, _ = tables
    root, _ = project(exported)
    first = _selection(root, "DD-MX-2/0/0")
    a, b = int(first.get("startPosition")) + 1000, int(first.get("endPosition")) + 1000
    n = len(source_texts(*project(exported))["DD-MX-2"])

    path = rezip(exported, tmp_path / "beyond.qdpx", _shift_every_selection(1000))
    [warning] = import_coding(path, turns, sentences, codebook).warnings
    assert warning.startswith(
        "4 coded selection(s) lie outside the text of their session, not imported: "
        f"'DD-MX-2/0/0' at {a}-{b} in DD-MX-2 (text 0-{n}), "
    )
    assert warning.endswith(
        "and 1 more; check that the file holds the texts the suite coded (export it from the suite again)"
    )


def test_problems_met_at_many_selections_are_one_line_per_kind(tmp_path, exported, tables, codebook):
    """Each kind of problem a selection can have is one warning for the file: how many, the first few."""
    turns, sentences, _ = tables
    texts = source_texts(*project(exported))

    def edit(root):
        for session, coded, label in [
            ("DD-MX-2", "DD-MX-2/0/0", "Sra. Peña"),
            ("DD-ÇI-1", "DD-ÇI-1/1/1", "Kenya"),
        ]:
            source = root.find(f".//q:TextSource[@name='{session}']", NS)
            at = texts[session].index(label)
            for a, b in [(at, at + len(label)), ("x", "3"), ("9", "2")]:  # a label, no number, reversed
                new = etree.SubElement(
                    source, f"{{{qdc.PROJECT_NS}}}PlainTextSelection", guid=str(uuid.uuid4()),
                    startPosition=str(a), endPosition=str(b),
                )  # fmt: skip
                new.append(_coding(qdc.code_guid("partnerships")))
            sel = _selection(root, coded)  # its end slips 3 characters into the next sentence
            sel.set("endPosition", str(int(sel.get("endPosition")) + 3))
            _add_coding(source, _coding(qdc.code_guid("governance")))  # the session as a whole

    path = rezip(exported, tmp_path / "m.qdpx", edit)
    result = import_coding(path, turns, sentences, codebook)
    assert [w.split(":")[0] for w in result.warnings if not w.startswith("project.qde")] == [
        "2 session(s) coded as a whole document, not at selections",
        "2 coded selection(s) have a missing or non-integer start or end position, not imported",
        "2 coded selection(s) end before they start, not imported",
        "2 coded selection(s) cover no sentence (a speaker's label, the space between turns), not imported",
        "2 sentence(s) coded by a selection that takes less than half of them",
    ]
    partial = result.warnings[-1]
    assert "DD-MX-2/0/1 (2 of its 13 characters, by the selection at " in partial
    assert partial.endswith(
        "(a selection codes every sentence it touches: its edge may have slipped into the next one; "
        "check these in the suite)"
    )


def test_sources_that_are_not_sessions_are_one_warning(tmp_path, exported, tables, codebook):
    turns, sentences, _ = tables

    def edit(root):  # another text (its name, GUID and stored text none of the project's), twice over
        source = root.find(".//q:TextSource[@name='DD-MX-2']", NS)
        for i in (7, 8):
            other = copy.deepcopy(source)
            other.set("name", f"Interview {i}")
            other.set("guid", str(uuid.uuid4()))
            other.set("plainTextPath", f"internal://interview-{i}.txt")
            source.addnext(other)

    n = len(project(exported)[0].findall(".//q:TextSource[@name='DD-MX-2']/q:PlainTextSelection", NS))
    result = import_coding(rezip(exported, tmp_path / "f.qdpx", edit), turns, sentences, codebook)
    assert result.warnings == [
        f"2 source(s) of the file are not sessions of this project, their selections not imported: "
        f"'Interview 8' ({n} selection(s)), 'Interview 7' ({n} selection(s))"
    ]


def _add_pdf_and_picture(root, drop_texts: bool = False):
    """What a team adds in a suite beside the sessions: the record's PDF and a slide (REFI-QDA PDFSource,
    PictureSource); with `drop_texts`, in place of every text source."""
    sources = root.find("q:Sources", NS)
    if drop_texts:
        for text in sources.findall("q:TextSource", NS):
            sources.remove(text)
    for kind, name, path in [
        ("PDFSource", "A-79-PV.29.pdf", "a.pdf"),
        ("PictureSource", "slide.png", "s.png"),
    ]:
        etree.SubElement(
            sources,
            f"{{{qdc.PROJECT_NS}}}{kind}",
            name=name,
            guid=str(uuid.uuid4()),
            path=f"internal://{path}",
        )


def test_a_pdf_or_picture_source_is_one_warning_and_the_sessions_import_as_before(
    tmp_path, exported, tables, codebook
):
    turns, sentences, _ = tables
    before = import_coding(exported, turns, sentences, codebook)
    result = import_coding(
        rezip(exported, tmp_path / "f.qdpx", _add_pdf_and_picture), turns, sentences, codebook
    )
    assert result.warnings == [
        "2 source(s) are not texts (PDF, picture, audio, video), not imported: "
        "'A-79-PV.29.pdf' (PDFSource), 'slide.png' (PictureSource)"
    ]
    pd.testing.assert_frame_equal(result.coded, before.coded)


def test_a_project_of_pdfs_and_pictures_alone_is_an_error_saying_it_holds_no_text(
    tmp_path, exported, tables, codebook
):
    turns, sentences, _ = tables
    path = rezip(exported, tmp_path / "f.qdpx", lambda root: _add_pdf_and_picture(root, drop_texts=True))
    with pytest.raises(InputError, match=r"f\.qdpx: nothing could be imported: it holds no text source"):
        import_coding(path, turns, sentences, codebook)


def test_the_export_summary_groups_thousands_as_the_stage_summaries_do(tmp_path):
    from analysis.exchange.qdpx import ProjectSummary

    said = str(ProjectSummary(tmp_path / "study.qdpx", 192, 8_437, 12_055, 192))
    assert said.startswith("export: 192 sessions, 8,437 coded sentences (12,055 codings), 192 delegations")


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_a_turn_whose_country_is_blank_is_no_case(tmp_path, tables, codebook, blank):
    """A country cell left blank in a hand-edited turns table names no delegation: no case "  " (a case
    with an empty name, or one named by spaces) beside the real ones, as a missing country names none."""
    turns, sentences, evidence = tables
    edited = turns.assign(country=turns["country"].where(~turns["country"].eq("KEN"), blank))
    root, _ = project(export_project(edited, sentences, evidence, codebook, tmp_path / "e.qdpx").path)
    names = [case.get("name") for case in root.iterfind("q:Cases/q:Case", NS)]
    assert sorted(names) == ["Côte d'Ivoire", "México"]
