"""A coded sheet is read as a spreadsheet saves it: the same sentences and codes whatever the program,
locale or encoding, and what cannot be read is an error that says which line and what to write."""

from __future__ import annotations

import codecs
import csv
import re
import zipfile

import pandas as pd
import pytest

from analysis.coding import sheets
from analysis.errors import InputError

KNOWN = ["skills", "governance", "infrastructure"]
ROWS = [
    ("S/0/0", "African Group", 'We said "skills", twice.', "skills;infrastructure"),
    ("S/0/1", "Arab Group", "Roads; ports; power in Côte d’Ivoire.", "none"),
    ("S/0/2", "Arab Group", "Governance, at last.", ""),
]


def _written(path, data: bytes):
    path.write_bytes(data)
    return sheets.read_sheet(path, KNOWN)


def _what(table) -> list[tuple]:
    return list(zip(table["id"], table["group"], table["text"], table["themes"], table["coded"], strict=True))


EXPECTED = [
    ("S/0/0", "African Group", 'We said "skills", twice.', ("skills", "infrastructure"), True),
    ("S/0/1", "Arab Group", "Roads; ports; power in Côte d’Ivoire.", (), True),
    ("S/0/2", "Arab Group", "Governance, at last.", (), False),
]


# as `sample` and the coding widget write it: tabs, no quoting
TSV = "\n".join("\t".join(r) for r in [("id", "group", "text", "themes"), *ROWS]) + "\n"


def _csv(sep: str, quote_all: bool = False) -> str:
    def cell(v: str) -> str:
        if quote_all or any(c in v for c in (sep, '"')):
            return '"' + v.replace('"', '""') + '"'
        return v

    lines = [sep.join(cell(v) for v in ("id", "group", "text", "themes"))]
    lines += [sep.join(cell(v) for v in row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sheet.tsv", TSV.encode("utf-8")),
        # Excel where the decimal mark is a comma (Vienna): semicolons between cells, themes' ; quoted
        ("sheet.csv", codecs.BOM_UTF8 + _csv(";").encode("utf-8")),
        ("sheet.csv", _csv(",").encode("cp1252")),  # Excel's plain "CSV": Windows-1252
        ("sheet.txt", _csv("\t", quote_all=True).encode("utf-16")),  # Excel's "Unicode text"
        ("sheet.tsv", _csv("\t", quote_all=True).encode("utf-8")),  # LibreOffice, "quote all text cells"
        ("sheet.csv", TSV.replace("\n", "\r\n").encode("utf-8")),  # a TSV saved under a .csv name
    ],
)
def test_a_sheet_is_read_alike_however_a_spreadsheet_saved_it(tmp_path, name, data):
    """These were refused as 'missing column(s) themes' (the header read as one column) or 'not UTF-8
    text', with nothing to say what to do."""
    assert _what(_written(tmp_path / name, data)) == EXPECTED


def test_column_names_and_theme_ids_in_any_case_are_the_codebooks(tmp_path):
    table = _written(tmp_path / "s.tsv", b"ID\tThemes\nS/0/0\t Skills ; INFRASTRUCTURE \nS/0/1\tNone\n")
    assert table["themes"].tolist() == [("skills", "infrastructure"), ()]
    assert table.attrs["columns"] == ["id", "themes"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"id\tthemes\nS/0/0\tSkills and capacity\n",
            "s.tsv:2: unknown theme(s) Skills and capacity: write the codebook's ids separated by ; "
            "(skills, governance, infrastructure), or `none` for no theme",
        ),
        (
            b"id\tthemes\nS/0/0\tnone;skills\n",
            "s.tsv:2: `none` beside themes: write the themes, or `none` alone",
        ),
        (
            b"id\tthemes\nS/0/0\tskills\nS/0/1\tnone\nS/0/0\tgovernance\nS/0/1\tnone\nS/0/1\t\n",
            "s.tsv:4: 2 ids on rows that disagree (other themes, text, group or country): "
            "S/0/0 (lines 2, 4); S/0/1 (lines 3, 5, 6): keep one row per sentence",
        ),
        (
            b"id;group;text\nS/0/0;x;y\n",
            "s.tsv:1: missing column(s) themes; expected themes, id or text (the header",
        ),
        # a double quote left open runs its cell to the end of the file, past csv's limit (131,072
        # characters; 1,000,000 once `code` has read a CSV in the same process)
        (
            b'id,text,themes\nS/0/0,We agree.,none\nS/0/1,"We agree.,none\n' + b"S/0/2,More.,none\n" * 70_000,
            "s.tsv:3: a cell from here runs past ",
        ),
        (
            b"id\ttext\tthemes\nS/0/0\t" + b"x" * 1_100_000 + b"\tnone\n",
            "s.tsv:2: a cell from here runs past ",
        ),
    ],
)
def test_what_cannot_be_read_says_the_line_and_what_to_write(tmp_path, content, message):
    with pytest.raises(InputError) as err:
        _written(tmp_path / "s.tsv", content)
    assert str(err.value).startswith(str(tmp_path / message))


@pytest.mark.parametrize(
    "content,advice",
    [
        (
            b'id,text,themes\nS/0/1,"We agree.,none\n' + b"S/0/2,More.,none\n" * 70_000,
            "a double quote left open?",
        ),
        (b"id\ttext\tthemes\nS/0/0\t" + b"x" * 1_100_000 + b"\tnone\n", "is this a sheet of sentences?"),
    ],
)
def test_a_cell_longer_than_csv_takes_says_why_it_may_be(tmp_path, content, advice):
    with pytest.raises(InputError, match=r"characters, far more than a sentence: " + re.escape(advice)):
        _written(tmp_path / "s.tsv", content)


@pytest.mark.parametrize(
    "content,message",
    [
        (
            b"id\ttext\tthemes\nS/0/0\tSkills\tand roads\tskills\n",
            "4 fields, expected 3 (a tab inside a text?)",
        ),
        # a semicolon-separated sheet typed by hand: the themes' own ';' splits the cell
        (
            b"id;text;themes\r\nS/0/0;We need skills.;skills;inclusion\r\n",
            "4 fields, expected 3 (a ';' inside a cell that is not in double quotes? quote the cell, "
            '"skills;inclusion", or save the sheet tab-separated)',
        ),
        (
            b"id,text,themes\nS/0/0,Roads, ports and power.,infrastructure\n",
            "4 fields, expected 3 (a ',' inside a cell that is not in double quotes? quote the cell, "
            '"Roads, ports and power.", or save the sheet tab-separated)',
        ),
    ],
)
def test_a_ragged_line_names_the_separator_it_was_split_on(tmp_path, content, message):
    with pytest.raises(InputError) as err:
        _written(tmp_path / "s.csv", content)
    assert str(err.value) == f"{tmp_path / 's.csv'}:2: {message}"


def test_a_workbook_is_refused_with_what_to_save_it_as(tmp_path):
    path = tmp_path / "coded.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(
        InputError, match="a spreadsheet workbook, not a text sheet: save it as tab-separated"
    ):
        sheets.read_sheet(path, KNOWN)


def test_a_word_document_is_refused_as_a_document_not_as_a_workbook(tmp_path):
    """A coded table kept in Word minutes (.docx: a zip as a workbook is) was called a spreadsheet."""
    path = tmp_path / "coded.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<document/>")
    with pytest.raises(InputError) as err:
        sheets.read_sheet(path, KNOWN)
    assert str(err.value) == (
        f"{path}: a document, not a text sheet: save it as tab-separated text (.tsv, UTF-8) or as CSV, and "
        "pass that file"
    )


# the codebook's names for KNOWN, as codebook-v2.yaml writes them (`Codebook.names`)
LABELS = {
    "skills": ("Skills and capacity-building", "Skills & capacity"),
    "governance": ("Governance of development and technology", "Governance"),
    "infrastructure": ("Infrastructure", "Infrastructure"),
}


def test_themes_written_as_the_codebooks_labels_are_read_as_their_ids_and_said_so(tmp_path):
    """A team codes in a spreadsheet with the labels they read in the codebook; such a sheet was refused
    as 'unknown theme(s) Skills and capacity-building'."""
    path = tmp_path / "corrections.csv"
    text = (
        'id;themes\r\nS/0/0;" skills and CAPACITY-building ;Infrastructure"\r\nS/0/1;Governance\r\n'
        "S/0/2;Skills & capacity\r\n;\r\n"
    )
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    table = sheets.read_sheet(path, KNOWN, labels=LABELS)
    assert table["themes"].tolist() == [("skills", "infrastructure"), ("governance",), ("skills",)]
    assert table.attrs["notes"] == [
        "themes written as labels read as ids: skills and CAPACITY-building -> skills, "
        "Skills & capacity -> skills"
    ]


def test_a_label_two_themes_share_is_no_themes_and_unknown_words_list_ids_and_labels(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("id\tthemes\nS/0/0\tShared\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        sheets.read_sheet(path, KNOWN, labels={**LABELS, "skills": ("Shared",), "governance": ("Shared",)})
    assert "unknown theme(s) Shared" in str(err.value)
    path.write_text("id\tthemes\nS/0/0\tSkills and capacity\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        sheets.read_sheet(path, KNOWN, labels=LABELS)
    assert str(err.value) == (
        f"{path}:2: unknown theme(s) Skills and capacity: write the codebook's ids separated by ; (skills, "
        "governance, infrastructure) or their labels, in any case (Skills and capacity-building; Skills & "
        "capacity; Governance of development and technology), or `none` for no theme"
    )


def test_a_long_sheet_folds_the_codebooks_names_once_not_once_a_row(tmp_path, monkeypatch):
    """Reading a sheet of 20,000 rows with the labels allowed took twice as long as without: the table of
    names (every id and label, folded) was built again for each row."""
    path = tmp_path / "long.tsv"
    path.write_text("id\tthemes\n" + "".join(f"S/0/{i}\tGovernance\n" for i in range(50)), encoding="utf-8")
    built = []
    names = sheets._names
    monkeypatch.setattr(sheets, "_names", lambda *a: built.append(1) or names(*a))
    table = sheets.read_sheet(path, KNOWN, labels=LABELS)
    assert table["themes"].tolist() == [("governance",)] * 50
    assert len(built) == 1


def test_a_row_pasted_twice_is_read_once_and_said_so(tmp_path):
    """Rows copied twice while merging two coders' sheets (same id, same themes, the labels or the case
    aside) were refused as 'duplicate id'; they are one coding."""
    path = tmp_path / "merged.csv"
    text = (
        "id;text;themes\r\nS/0/0;Roads.;skills;\r\nS/0/1;Power.;none\r\nS/0/0;Roads. ;Skills & capacity\r\n"
        "S/0/1;Power.;None\r\nS/0/1;power.;none\r\n;;\r\n"
    ).replace(";skills;", ";skills")
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    table = sheets.read_sheet(path, KNOWN, labels=LABELS)
    assert table[["id", "themes", "line"]].values.tolist() == [["S/0/0", ("skills",), 2], ["S/0/1", (), 3]]
    assert (
        table.attrs["notes"][0]
        == "3 duplicate rows dropped, the same id and themes as an earlier row (lines 4, 5, 6)"
    )


def test_rows_of_one_id_given_to_two_groups_disagree_and_are_refused(tmp_path):
    """A validation sample is scored per group: the same sentence filed under two groups is a mistake to
    settle, not a repeat to drop quietly (one group would lose a validated sentence)."""
    path = tmp_path / "sample.tsv"
    path.write_text(
        "id\tgroup\ttext\tthemes\nS/0/0\tGRULAC\tRoads.\tskills\nS/0/0\tWEOG\tRoads.\tskills\n"
        "S/0/1\tWEOG\tPower.\tnone\nS/0/1\tWEOG \tPower.\tnone\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"1 id on rows that disagree .*S/0/0 \(lines 2, 3\)"):
        sheets.read_sheet(path, KNOWN)


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_a_sentence_a_spreadsheet_would_run_as_a_formula_is_written_as_text_and_read_back_as_said(
    tmp_path, delimiter
):
    said = [
        '=HYPERLINK("http://example.org","click") Skills matter.',
        "+cmd|' /C calc'!A0 Roads.",
        "-2+3 we agree.",
    ]
    sheet = pd.DataFrame({"id": ["S/0/0", "S/0/1", "S/0/2"], "text": said, "themes": ["skills", "none", ""]})
    path = sheets.write_sheet(sheet, tmp_path / "sample.tsv", delimiter)
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    rows = list(
        csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter=delimiter, quoting=quoting)
    )
    assert [row[1] for row in rows[1:]] == ["'" + s for s in said]  # a spreadsheet shows them, runs none
    assert sheets.read_sheet(path, ["skills"])["text"].tolist() == said


def test_stray_semicolons_spaces_and_blank_lines_are_how_a_person_types_not_codes(tmp_path):
    """'skills; ;Infrastructure;' is two themes; a themes cell of spaces is a row not coded yet (read
    as `none` it would wipe the machine's codes where the sheet overrides them); a line of tabs and
    spaces, as a spreadsheet leaves below its rows, is no row."""
    path = tmp_path / "typed.tsv"
    path.write_text(
        "id\ttext\tthemes\nS/0/0\tA.\t skills; ;Infrastructure;\nS/0/1\tB.\t   \n\t \t \nS/0/2\tC.\tnone\n",
        encoding="utf-8",
    )
    table = sheets.read_sheet(path, KNOWN)
    assert table["themes"].tolist() == [("skills", "infrastructure"), (), ()]
    assert table["coded"].tolist() == [True, False, True]
    assert table["line"].tolist() == [2, 3, 5]
    assert sheets.coded_rows(table, path)["id"].tolist() == ["S/0/0", "S/0/2"]


def test_none_beside_a_theme_is_refused_in_any_case(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("id\tthemes\nS/0/0\tSKILLS;None\n", encoding="utf-8")
    with pytest.raises(InputError, match="`none` beside themes"):
        sheets.read_sheet(path, KNOWN)


def test_an_id_is_its_own_theme_even_where_another_themes_label_is_spelled_like_it(tmp_path):
    """A label (here skills' short label) that is another theme's id does not take that id over; the
    theme with that id need not have a label of that spelling."""
    path = tmp_path / "s.tsv"
    path.write_text("id\tthemes\nS/0/0\tGovernance\n", encoding="utf-8")
    table = sheets.read_sheet(path, KNOWN, labels={"skills": ("Skills", "governance")})
    assert table["themes"].tolist() == [("governance",)] and table.attrs["notes"] == []


def test_normalised_text_ignores_unicode_forms_a_copy_may_have_taken():
    """A sentence copied through a PDF or a Mac keeps its words, not its code points: é as e and a
    combining accent, the 'fi' ligature, a full-width comma."""
    assert sheets.normalise_text("Co\u0302te d\u2019Ivoire\uff0c \ufb01nance") == "côte d'ivoire, finance"


def test_a_row_with_neither_id_nor_text_is_an_error_not_a_row_that_matches_nothing(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("id\ttext\tthemes\nS/0/0\tA.\tskills\n \t \tgovernance\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty id and text") as err:
        sheets.read_sheet(path, KNOWN)
    assert err.value.line == 3


def test_a_label_is_read_however_its_words_are_spaced():
    assert sheets._theme_ids("skills   and\u00a0CAPACITY-building ; governance", KNOWN, None, 2, LABELS) == (
        "skills",
        "governance",
    )


def test_a_written_sheet_reads_back_as_it_was_coded(tmp_path):
    """Tabs and line breaks in a sentence become spaces (the sheet is read unquoted, a cell can hold
    neither); themes are 'a;b', `none` for a sentence coded without one and '' for one not coded yet."""
    table = pd.DataFrame({
        "id": ["S/0/0", "S/0/1", "S/0/2"],
        "text": ["Roads,\tports\r\nand  power.", " We thank you.\n", "Governance, at last."],
        "themes": [sheets.themes_cell(("skills", "infrastructure")), sheets.themes_cell(()),
                   sheets.themes_cell((), coded=False)],
    })  # fmt: skip
    path = sheets.write_sheet(table, tmp_path / "out.tsv")
    back = sheets.read_sheet(path, KNOWN)
    assert back["text"].tolist() == ["Roads, ports and power.", "We thank you.", "Governance, at last."]
    assert back["themes"].tolist() == [("skills", "infrastructure"), (), ()]
    assert back["coded"].tolist() == [True, True, False]
