"""The coding widget: a person codes a validation sheet sentence by sentence, and the sheet on disk
is always up to date (driven here by setting its widgets as a person's clicks would)."""

from __future__ import annotations

import pytest

from analysis.coding import codebook, sheets
from analysis.report import coding_widget

ROWS = [
    ("S/1/0", "African Group", "KEN", "We need solar power for our factories."),
    ("S/2/0", "Arab Group", "EGY", "Vocational training for young people\u2009is our priority."),
    ("S/3/0", "African Group", "GHA", "We thank the President."),
]


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "sheet.tsv"
    lines = ["id\tgroup\tcountry\ttext\tthemes\tnote"] + [
        f"{i}\t{g}\t{c}\t{t}\t\tkeep me" for i, g, c, t in ROWS
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def reread(path):
    return sheets.read_sheet(path, codebook.ids())


def test_it_opens_on_the_first_uncoded_sentence_with_one_box_per_theme(sheet):
    w = coding_widget.coding_widget(sheet)
    assert len(w.boxes) == 11 and not any(b.value for b in w.boxes.values())
    assert "We need solar power" in w.sentence.value
    assert (
        "Sentence 1 of 3" in w.header.value and "African Group" in w.header.value and "KEN" in w.header.value
    )
    assert w.progress.value == 0 and w.progress.max == 3
    assert repr(w) == "CodingWidget(sheet.tsv: 0 of 3 coded; run the cell to code)"


def test_saving_writes_the_ticked_themes_and_moves_on(sheet):
    w = coding_widget.coding_widget(sheet)
    w.boxes["climate_environment"].value = True
    w.boxes["economic_development"].value = True
    w.save.click()
    back = reread(sheet)
    assert back.at[0, "themes"] == ("climate_environment", "economic_development") and back.at[0, "coded"]
    assert not back.at[1, "coded"] and back.at[1, "themes"] == ()
    assert back["note"].tolist() == ["keep me"] * 3  # the sheet's other columns are kept
    assert "Vocational training" in w.sentence.value and not any(b.value for b in w.boxes.values())
    assert w.progress.value == 1 and "1 of 3 coded; saved to sheet.tsv" in w.status.value


def test_saving_with_no_box_ticked_codes_none_not_uncoded(sheet):
    w = coding_widget.coding_widget(sheet)
    w.go(2)
    w.save.click()
    text = sheet.read_text("utf-8").splitlines()
    assert text[3].split("\t")[4] == "none" and text[1].split("\t")[4] == ""
    assert "We need solar power" in w.sentence.value  # on to the first sentence still uncoded


def test_going_back_shows_what_was_saved_and_reopening_resumes(sheet):
    w = coding_widget.coding_widget(sheet)
    w.boxes["skills"].value = True
    w.save.click()
    w.previous.click()
    assert w.boxes["skills"].value and "(coded)" in w.header.value
    again = coding_widget.coding_widget(sheet)
    assert "Vocational training" in again.sentence.value and again.progress.value == 1


def test_unsaved_ticks_are_not_written(sheet):
    w = coding_widget.coding_widget(sheet)
    w.boxes["governance"].value = True
    w.skip.click()
    assert not reread(sheet)["coded"].any()
    w.previous.click()
    assert not w.boxes["governance"].value


def test_the_codebook_is_at_hand_with_what_not_to_code():
    page = coding_widget.definitions_html(codebook.load())
    assert "Smart production for climate action" in page and "Do not code:" in page
    assert "weather used as a metaphor" in page


def test_a_sentence_is_escaped_and_a_drawn_sample_round_trips(tmp_path, sheet):
    sheet.write_text(sheet.read_text("utf-8").replace("We need solar", "We <b>need</b> solar"), "utf-8")
    w = coding_widget.coding_widget(sheet)
    assert "&lt;b&gt;need&lt;/b&gt;" in w.sentence.value


def test_a_sheet_in_the_read_only_raw_folder_is_not_overwritten(sheet, monkeypatch):
    from analysis import io

    monkeypatch.setattr(io, "RAW_DIR", sheet.parent)
    before = sheet.read_bytes()
    w = coding_widget.coding_widget(sheet)
    w.boxes["skills"].value = True
    w.save.click()
    assert sheet.read_bytes() == before and "not saved" in w.status.value
