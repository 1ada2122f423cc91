"""The coding widget: a person codes a validation sheet sentence by sentence, and the sheet on disk
is always up to date (driven here by setting its widgets as a person's clicks would)."""

from __future__ import annotations

import pytest

from analysis.coding import codebook, sheets
from analysis.errors import InputError
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
    assert w.progress.value == 1 and f"1 of 3 coded; saved to {sheet.as_posix()}" in w.status.value


def test_a_sheet_saved_by_a_spreadsheet_as_csv_is_written_back_as_that_csv(tmp_path):
    """A sheet a person re-saved from Excel as a semicolon CSV stays one: written back as tab-separated
    text, the spreadsheet showed every row as one column."""
    path = tmp_path / "sheet.csv"
    path.write_text(
        'id;text;themes\nS/1/0;"Solar power; and roads.";\nS/2/0;We thank the President.;\n', "utf-8"
    )
    w = coding_widget.coding_widget(path)
    w.boxes["climate_environment"].value = True
    w.save.click()
    assert path.read_text("utf-8").splitlines() == [
        "id;text;themes",
        'S/1/0;"Solar power; and roads.";climate_environment',
        "S/2/0;We thank the President.;",
    ]
    assert reread(path).at[0, "themes"] == ("climate_environment",)


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


def test_a_path_from_the_project_folder_is_found_from_a_notebook(sheet, monkeypatch):
    # the README's path starts at the project; a notebook's kernel runs in notebooks/
    from analysis import config

    monkeypatch.setattr(config, "ROOT", sheet.parent.parent)
    notebooks = sheet.parent.parent / "notebooks"
    notebooks.mkdir(exist_ok=True)
    monkeypatch.chdir(notebooks)
    w = coding_widget.coding_widget(f"{sheet.parent.name}/{sheet.name}")
    assert w.path == sheet.parent.parent / sheet.parent.name / sheet.name
    with pytest.raises(InputError, match=r"no such file in .*notebooks nor in the project folder"):
        coding_widget.coding_widget("data/validation/other.tsv")


def test_by_default_it_codes_the_drawn_sample_and_says_how_to_draw_one(sheet, monkeypatch, tmp_path):
    from analysis import config

    monkeypatch.setattr(config, "SAMPLE_SHEET", tmp_path / "nothing-here.tsv")
    with pytest.raises(InputError, match="no sample drawn yet: `python -m analysis sample` draws one"):
        coding_widget.coding_widget()
    monkeypatch.setattr(config, "SAMPLE_SHEET", sheet)
    assert coding_widget.coding_widget().path == sheet


def test_leaving_unsaved_ticks_says_so_and_the_end_of_the_sheet_is_said(sheet):
    w = coding_widget.coding_widget(sheet)
    w.boxes["governance"].value = True
    w.skip.click()
    assert w.status.value == "sentence 1's ticks were not saved (Save and next saves them)"
    w.go(0)
    for _ in range(3):
        w.save.click()
    assert w.status.value == f"all 3 sentences coded; saved to {sheet.as_posix()}"


def test_a_sheet_of_only_a_header_says_it_has_no_sentences(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("id\tgroup\tcountry\ttext\tthemes\n", "utf-8")
    with pytest.raises(InputError, match="no sentences, only a header"):
        coding_widget.coding_widget(path)


def test_resuming_a_partly_coded_sheet_warns_of_nothing(sheet):
    text = sheet.read_text("utf-8").replace("for our factories.\t\t", "for our factories.\tskills\t")
    sheet.write_text(text, "utf-8")
    w = coding_widget.coding_widget(sheet)
    assert "Vocational training" in w.sentence.value
    assert "not saved" not in w.status.value and w.status.value == "1 of 3 coded"


def test_ticks_reset_on_the_same_sentence_are_said_too(sheet):
    w = coding_widget.coding_widget(sheet)
    w.boxes["governance"].value = True
    w.previous.click()  # on sentence 1 already: shown again as it was saved, the tick gone
    assert not w.boxes["governance"].value
    assert w.status.value == "sentence 1's ticks were not saved and are undone (Save and next saves them)"


def test_saving_changes_only_the_themes_cell_of_a_sheet_in_its_own_words(tmp_path):
    """A team's sheet says "GRULAC" and has no id column: saving writes the ticks and nothing else."""
    path = tmp_path / "team.tsv"
    path.write_text(
        "text\tgroup\tthemes\tcoder\n"
        "We need solar power for our factories.\tGRULAC\t\tana\n"
        "Vocational training is our priority.\t weog\tnone\tben\n",
        "utf-8",
    )
    before = path.read_text("utf-8").splitlines()
    w = coding_widget.coding_widget(path)
    w.boxes["climate_environment"].value = True
    w.save.click()
    after = path.read_text("utf-8").splitlines()
    assert after[0] == before[0] == "text\tgroup\tthemes\tcoder"
    assert after[1] == "We need solar power for our factories.\tGRULAC\tclimate_environment\tana"
    assert after[2] == "Vocational training is our priority.\tweog\tnone\tben"  # spaces trimmed only
    assert "GRULAC" in w.header.value  # and shown as written
    # measuring still reads the house name
    assert reread(path)["group"].tolist() == [
        "Latin American and Caribbean Group",
        "Western European and Others Group",
    ]


def test_saving_one_sentence_leaves_the_rest_of_the_sheet_as_the_analyst_wrote_it(tmp_path):
    """A team's sheet names a theme by its label and repeats a row (pasted twice, each with its coder):
    reading it settles both, but saving one sentence writes that sentence's ticks and nothing else, so the
    file is not silently rewritten (no line vanishes, no one's label becomes an id)."""
    path = tmp_path / "team.tsv"
    path.write_text(
        "id\ttext\tthemes\tcoder\n"
        "S/1/0\tWe need solar power.\tClimate & environment\tana\n"
        "S/2/0\tTraining matters.\t\tana\n"
        "S/1/0\tWe need solar power.\tClimate & environment\tben\n"
        "S/3/0\tThank you.\t\tben\n",
        "utf-8",
    )
    before = path.read_text("utf-8").splitlines()
    w = coding_widget.coding_widget(path)
    assert len(w.sheet) == 3  # the repeat is one sentence to code
    w.boxes["skills"].value = True
    w.save.click()
    after = path.read_text("utf-8").splitlines()
    assert after == [*before[:2], "S/2/0\tTraining matters.\tskills\tana", *before[3:]]
    w.go(0)  # coding the repeated sentence again codes both its rows alike
    w.boxes["skills"].value = True
    w.save.click()
    after = path.read_text("utf-8").splitlines()
    assert after[1] == "S/1/0\tWe need solar power.\tclimate_environment;skills\tana"
    assert after[3] == "S/1/0\tWe need solar power.\tclimate_environment;skills\tben"
    assert reread(path)["themes"].tolist()[:2] == [("climate_environment", "skills"), ("skills",)]


def test_the_status_names_the_sheet_by_its_path_in_the_project(tmp_path, monkeypatch):
    """'saved to sheet.tsv' left the analyst to guess which folder's sheet (each run's may share the name)."""
    from analysis import config

    monkeypatch.setattr(config, "ROOT", tmp_path)
    path = tmp_path / "data" / "validation" / "sheet.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("id\tgroup\tcountry\ttext\tthemes\n1\tArab Group\tEGY\tWe need skills.\t\n", "utf-8")
    w = coding_widget.coding_widget(path)
    w.save.click()
    assert w.status.value == "all 1 sentence coded; saved to data/validation/sheet.tsv"
