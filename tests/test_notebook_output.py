"""What the notebooks keep of their outputs: full-colour figures with stable bytes, progress bars that
show while the work runs and leave nothing behind for nbval to compare."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from analysis import config, notebook, progress
from analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def _gradient() -> Figure:
    fig = Figure(figsize=(4, 1))
    fig.add_subplot().imshow(np.linspace(0, 1, 600).reshape(1, -1), aspect="auto", cmap="Blues")
    return fig


def test_figures_in_notebooks_keep_their_colours_and_their_bytes():
    first, second = notebook.show(_gradient()), notebook.show(_gradient())
    assert first.data == second.data
    with Image.open(io.BytesIO(first.data)) as img:
        assert img.mode == "RGB"  # not a 256-colour palette
        assert len(img.getcolors(maxcolors=100_000)) > 256  # the colour scale is not banded


def test_a_saved_figure_is_scaled_to_the_width_asked(tmp_path):
    path = tmp_path / "f.png"
    _gradient().savefig(path, dpi=300)
    with Image.open(io.BytesIO(notebook.show_file(path, width=500).data)) as img:
        assert img.width == 500 and img.mode == "RGB"


def test_progress_shows_in_a_terminal_and_a_notebook_but_not_under_ci(monkeypatch):
    monkeypatch.delenv("ANALYSIS_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert config.show_progress(notebook=True)
    monkeypatch.setenv("CI", "true")
    assert not config.show_progress(notebook=True)
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    assert config.show_progress(notebook=False)
    assert not progress.in_notebook()  # pytest is no Jupyter kernel


def test_a_bar_over_named_steps_names_the_step_in_progress(monkeypatch, capsys):
    """tqdm redraws only when a step ends: over ten General Debate years one compare table took 9-17 s under
    a bar that still showed the step before, as if stuck. As each step starts, the bar names it."""
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    # every update drawn, however soon after the last (tqdm skips those within 0.1 s): the test sees them all
    monkeypatch.setattr(progress, "tqdm", functools.partial(progress.tqdm, mininterval=0, miniters=1))
    shown, drawn = {}, []
    for name in progress.named_steps(["reading", "counting terms"], desc="working", unit="step"):
        drawn += capsys.readouterr().err.split("\r")
        shown[name] = drawn[-1]  # the bar as drawn while the step runs
    assert "working" in shown["reading"] and "0/2" in shown["reading"] and "reading" in shown["reading"]
    assert "1/2" in shown["counting terms"] and "counting terms" in shown["counting terms"]
    drawn += capsys.readouterr().err.split("\r")  # the end: the bar cleared
    assert not [d for d in drawn if "1/2" in d and "reading" in d]  # a step done is never named as running
    monkeypatch.setenv("ANALYSIS_PROGRESS", "0")
    assert list(progress.named_steps(["a", "b"], desc="quiet")) == ["a", "b"]
    assert capsys.readouterr().err == ""


def test_a_notebook_progress_bar_is_a_widget_without_text_and_is_stripped(tmp_path, monkeypatch):
    """Run a one-cell notebook in a real kernel: the bar is a widget view with no text/plain (nbval has
    nothing to compare), and tools/strip_notebooks.py removes it, keeping the cell's printed line."""
    pytest.importorskip("nbclient")
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    code = (
        "from analysis.progress import progress\n"
        "for _ in progress(range(3), desc='work'):\n    pass\n"
        "print('done')"
    )
    nb.cells = [nbformat.v4.new_code_cell(code)]
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")  # the kernel inherits it
    NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = nb.cells[0].outputs
    bars = [o for o in outputs if o.output_type == "display_data"]
    assert len(bars) == 1 and set(bars[0].data) == {progress.WIDGET_VIEW}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    subprocess.run([sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), str(path)], check=True)
    stripped = nbformat.read(path, as_version=4).cells[0].outputs
    assert [o.output_type for o in stripped] == ["stream"] and stripped[0].text == "done\n"


def test_who_spoke_for_whom_counts_speakers_not_turns():
    import pandas as pd

    turns = pd.DataFrame(
        {
            "session_id": ["S"] * 6,
            "speaker": [
                "Chair",
                "Kenya Delegate",
                "Chair",
                "Ms. Otieno (Kenya)",
                "Ghana",
                "UNIDO - Director",
            ],
            "country": [None, "KEN", None, "KEN", "GHA", None],
            "role": ["chair", "member_state", "chair", "member_state", "member_state", "secretariat"],
        }
    )
    table = notebook.delegation_roles(turns)
    assert table.loc["S"].to_dict() == {"chair": 1, "secretariat": 1, "member_state": 2}


def test_figure_numbers_reads_a_figures_csv_rounded_and_filtered(tmp_path):
    """What notebook 04 prints under a figure whose numbers its prose cites (nbval checks them)."""
    (tmp_path / "ranks.csv").write_text(
        "group,theme,rank,p_top\nWEOG,climate,1,0.61234567\nWEOG,digital,2,0.3\nArab,climate,1,0.9\n",
        encoding="utf-8",
    )
    top = notebook.figure_numbers(tmp_path, "ranks", rank=1)
    assert top.to_dict("list") == {"group": ["WEOG", "Arab"], "theme": ["climate", "climate"], "rank": [1, 1],
                                   "p_top": [round(0.61234567, notebook.DECIMALS), 0.9]}  # fmt: skip
    with pytest.raises(notebook.NotebookStop, match="no column 'tier'"):
        notebook.figure_numbers(tmp_path, "ranks", tier=1)
    with pytest.raises(notebook.NotebookStop, match="make figures"):
        notebook.figure_numbers(tmp_path, "absent")


def test_a_rounded_number_never_becomes_a_certainty_it_is_not():
    """Africa's economic development came first in 1,999 of 2,000 resamples (p_top 0.9995): rounded to three
    decimals it printed as 100.0% under the rank chart, which says '> 99.9%' itself."""
    from analysis.report.display import table

    values = pd.DataFrame({"p_top": [0.9995, 0.0004, 1.0, 0.0, 0.61234567]})
    shown = notebook.rounded(values)
    assert shown.p_top.tolist() == [0.9995, 0.0004, 1.0, 0.0, round(0.61234567, notebook.DECIMALS)]
    lines = [line.strip() for line in repr(table(shown)).splitlines()]
    assert lines == ["Comes first", "> 99.9%", "< 0.1%", "100.0%", "0.0%", "61.2%"]


def test_a_number_shown_to_fewer_decimals_is_rounded_once_as_validate_prints_it():
    """Skills' held-out recall is 17/19 = 0.8947: `validate` prints 0.89, but rounded to three decimals first
    (0.895) notebook 02 showed 0.90; micro-F1 0.7749 showed 0.78, an exact match of 0.7647 0.77; shown to
    one decimal, 0.4496 showed 0.5 and 1.0496 1.1."""
    from analysis.report.display import table

    values = pd.DataFrame({"recall": [17 / 19, 0.774869, 0.764706, 0.8254, 0.61234567]})
    lines = [line.strip() for line in repr(table(notebook.rounded(values))).splitlines()]
    assert lines == ["Recall", "0.89", "0.77", "0.76", "0.83", "0.61"]
    one = pd.DataFrame({"lift": [0.4496, 1.0496]})
    shown = table(notebook.rounded(one), kinds={"lift": "number1"})
    assert [line.strip() for line in repr(shown).splitlines()] == ["Lift", "0.4", "1.0"]
    assert notebook.rounded(values).recall.iloc[-1] == round(0.61234567, notebook.DECIMALS)  # not a tie


def test_rows_of_a_validation_sheet_not_found_are_named_by_line_not_shown(tmp_path):
    """The sheet may be a sample nobody should read sentence by sentence in a notebook (random-2023)."""
    unmatched = [f"line {i}: A sentence only the sheet holds, number {i}" for i in range(2, 9)]
    record = {"file": "sheet.tsv", "coded_rows": 9, "matched_rows": 2, "groups": {"African Group": 2},
              "unmatched": unmatched}  # fmt: skip
    (tmp_path / "validation.json").write_text(json.dumps(record), encoding="utf-8")
    line = notebook.validation_sample(tmp_path)
    assert line.endswith("not found: line 2, line 3, line 4, line 5, line 6 and 2 more")
    assert "sentence" not in line.split("not found:")[1]


def test_printed_lines_split_by_when_the_kernel_flushed_are_stripped_to_one_output(tmp_path):
    """The same cell printed 'ready' and 'figures' as one output or two, run to run: commit one."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('ready'); print('figures')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ready\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="figures\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warning\n")]  # fmt: skip
    nb.cells = [cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    subprocess.run([sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), str(path)], check=True)
    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    assert [(o.name, o.text) for o in outputs] == [("stdout", "ready\nfigures\n"), ("stderr", "warning\n")]


def _candidates() -> pd.DataFrame:
    return pd.DataFrame({
        "rank": [1, 2], "term": ["draft", "early warning"], "kind": ["word", "phrase"],
        "n_uncoded": [29, 5], "n_coded": [3, 0], "n_delegations": [29, 4], "n_groups": [6, 4],
        "log_odds": [1.7412, 1.9], "z": [6.41, 2.7],
        "example": ["Poland thanks the Secretariat for the draft.", "An early warning system."],
        "example_source": ["DD-EEG-2024_minutes.docx:paragraphs 26-31", "a.txt:line 1"],
    })  # fmt: skip


def test_codebook_candidates_show_their_example_and_its_source_only_on_request():
    # ten columns scrolled sideways at 1280 px with the file browser open (notebooks 02 and 05); the
    # example is what to read, its source is for whoever looks it up
    shown = notebook.top_terms(_candidates(), kind="word", by="kind")
    assert "example" in shown.columns and "example_source" not in shown.columns
    assert shown["term"].tolist() == ["draft"] and shown["log_odds"].iloc[0] == 1.741
    full = notebook.top_terms(_candidates(), kind="word", by="kind", sources=True)
    assert full["example_source"].tolist() == ["DD-EEG-2024_minutes.docx:paragraphs 26-31"]


def test_the_evidence_of_a_coding_error_wraps_between_its_words():
    # 'governance=enacted,parliament,law' is one unbreakable word: the column ran off a 1280 px screen
    class Report:
        errors = pd.DataFrame({
            "id": ["s0021", "s0017"], "missed": ["none", "livelihoods"], "extra": ["governance", "none"],
            "text": ["When it is enacted by our Parliament ...", "Workshops alone cannot meet the needs."],
            "evidence": ["climate_environment=climate change; governance=enacted,parliament,law", ""],
        })  # fmt: skip

    shown = notebook.validation_errors(Report())
    assert shown["evidence"].tolist() == [
        "climate_environment: climate change; governance: enacted, parliament, law",
        "",
    ]


def _raw_with_a_broken_transcript(tmp_path: Path) -> Path:
    """Two sessions of two groups; the second's Word file is a few bytes of something else."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.txt,African Group\nEEG,minutes.docx,Eastern European Group\n",
        encoding="utf-8",
    )
    (raw / "afr.txt").write_text("Chair: Welcome.\n\nKenya: Kenya values skills.\n", encoding="utf-8")
    (raw / "minutes.docx").write_bytes(b"PK\x03\x04 cut short by a failed download")
    return raw


def test_a_notebook_stops_at_a_transcript_it_cannot_read_instead_of_leaving_its_session_out(tmp_path):
    """Notebooks 01, 03 and 04 went on without an unreadable transcript's session: 'clean: 5 sessions' and
    every table and figure with one group fewer, nothing said of the file (seen in JupyterLab with the
    sample's Eastern European minutes cut short). They now stop as `run` does, naming the file, once the
    readable transcripts' turns are written."""
    from analysis.errors import InputError

    raw, processed = _raw_with_a_broken_transcript(tmp_path), tmp_path / "p"
    with pytest.raises(InputError, match=r"minutes\.docx"):
        notebook.clean(raw, processed)
    assert (processed / "turns.parquet").is_file()  # the readable transcript is cleaned
    with pytest.raises(InputError, match=r"minutes\.docx"):  # tried again, and stopped again
        notebook.ensure_themes(raw, processed)
    assert not (processed / "sentences.parquet").exists()  # nothing coded or compared without it


def test_without_the_shared_folder_a_notebook_says_how_to_give_it_one(tmp_path, monkeypatch):
    """Notebook 05 beside no ../shared said 'the shared data is absent (.../shared/corpora/ungdc); set
    ANALYSIS_SHARED to where it is', read as the corpus's folder, and a kernel already running cannot take
    it; 02 said '(<shared>/specs/themes-train.tsv)', a folder nobody can find. Both name the file in full,
    the shared folder (the one holding corpora/ and specs/) and how JupyterLab is given it."""
    from analysis.report import agreement_views as av

    shared = tmp_path / "shared"  # absent
    monkeypatch.setattr(config, "SHARED_DIR", shared)
    said = []
    for stop in (
        lambda: notebook.require_shared(shared / "corpora" / "ungdc"),
        lambda: av.reports((av.CodedSet("dev", "dev", shared / "specs" / "themes-dev.tsv"),)),
    ):
        with pytest.raises(notebook.NotebookStop) as err:
            stop()
        said.append(str(err.value))
    for line, path in zip(said, ("corpora/ungdc", "specs/themes-dev.tsv"), strict=True):
        assert "\n" not in line and "<shared>" not in line and f"{shared}/{path}" in line
        assert "the one holding corpora/ and specs/" in line and "ANALYSIS_SHARED=" in line
        assert "make lab" in line and f"beside the project as {shared}" in line
    assert "agreement cannot be measured here" in said[1]


def _round(tmp_path: Path, sheet: str | None) -> Path:
    """An analyst's own round: two short sessions of two groups, and with `sheet` a coded sheet kept with
    them, where the README tells an analyst to put one for the notebooks (RAW/validation-sample.tsv)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.txt,African Group\nLAC,lac.txt,GRULAC\n", encoding="utf-8"
    )
    (raw / "afr.txt").write_text(
        "Mr. Kgosi (Botswana): Botswana wants to add value to its diamonds at home.\n\n"
        "Ms. Shikongo (Namibia): Namibia asks for training for young technicians.\n",
        encoding="utf-8",
    )
    (raw / "lac.txt").write_text(
        "Mr. Rojas (Chile): Chile supports green hydrogen.\n\n"
        "Ms. Pérez (Uruguay): Uruguay stresses digital government.\n",
        encoding="utf-8",
    )
    if sheet is not None:
        (raw / config.VALIDATION_SHEET).write_text(sheet, encoding="utf-8")
    return raw


def test_notebooks_03_and_04_say_which_coded_sheet_corrected_the_shares(tmp_path):
    """Notebooks 03 and 04 printed only 'ready: 6 sessions, 124 turns, ...' from `ensure_themes`: on a round
    made from a copy of data/raw, the bundled sample's sheet corrected the analyst's shares (74 of its 108
    rows found, 14 not) and neither notebook said which sheet, how much of it was found, or that none was."""
    sheet = (
        "id\ttext\tthemes\n"
        "\tNamibia asks for training for young technicians.\tskills\n"
        "\tA sentence of another round.\tinclusion\n"
    )
    raw, processed = _round(tmp_path, sheet), tmp_path / "p"
    assert notebook.ensure_themes(raw, processed).startswith("ready: 2 sessions")
    said = notebook.corrected_with(raw, processed)
    assert said.startswith(f"shares corrected with {(raw / config.VALIDATION_SHEET).as_posix()}: ")
    assert "1 of 2 coded sentences found among the counted sentences (Africa 1)" in said
    assert said.endswith("not found: line 3")

    (raw / config.VALIDATION_SHEET).unlink()  # the analyst takes the sheet out: the shares are machine-only
    notebook.ensure_themes(raw, processed)
    said = notebook.corrected_with(raw, processed)
    assert said.startswith("no validation sample: shares are machine-coded only")
    assert f"RAW/{config.VALIDATION_SHEET}" in said  # and where a coded sheet would go

    (raw / config.VALIDATION_SHEET).write_bytes((config.RAW_DIR / config.VALIDATION_SHEET).read_bytes())
    said = notebook.corrected_with(raw, processed).splitlines()  # put there after the tables were made
    assert said[0].startswith(
        f"the tables in {processed.as_posix()} were not made with RAW/{config.VALIDATION_SHEET}"
    )
    assert said[1].startswith("warning: ") and "bundled sample's validation sheet" in said[1]


def test_notebooks_03_and_04_take_a_coded_sheet_kept_outside_raw(tmp_path):
    """An analyst's sheet need not live in RAW (raw folders are read-only, and a team keeps its coding in its
    own place): with VALIDATION set, the notebooks correct the shares with it and say so; RAW's own sheet, if
    any, is not used. Before, the notebooks read a sheet from RAW only."""
    raw, processed = _round(tmp_path, None), tmp_path / "p"
    own = tmp_path / "coding" / "our-sheet.tsv"
    own.parent.mkdir()
    own.write_text("id\ttext\tthemes\n\tNamibia asks for training for young technicians.\tskills\n", "utf-8")
    notebook.ensure_themes(raw, processed, validation=own)
    said = notebook.corrected_with(raw, processed, own)
    assert said.startswith(f"shares corrected with {own.as_posix()}: 1 of 1 coded sentences found"), said

    own.write_text(own.read_text("utf-8") + "\tChile supports green hydrogen.\tclimate\n", "utf-8")
    said = notebook.corrected_with(raw, processed, own)  # changed after the tables were made
    assert said.startswith(f"the tables in {processed.as_posix()} were not made with {own.as_posix()}"), said


def test_the_bundled_sheet_copied_into_another_raw_folder_is_said_to_be_the_samples(tmp_path):
    """A round made from a copy of data/raw keeps the bundled sheet: coded from the invented sample's
    sentences, it corrected any of them the round still holds, unremarked (74 of 108 rows in a round that
    dropped WEOG and added a session of its own)."""
    from analysis import pipeline

    bundled = config.RAW_DIR / config.VALIDATION_SHEET
    copy = tmp_path / config.VALIDATION_SHEET
    copy.write_bytes(bundled.read_bytes().replace(b"\n", b"\r\n"))  # saved again on Windows: still the same
    said = pipeline.bundled_copy(copy)
    assert said is not None and copy.as_posix() in said
    assert "bundled sample's" in said and "replace it with your own coded sheet" in said
    assert pipeline.bundled_copy(bundled) is None  # the sample's own run
    assert pipeline.bundled_copy(None) is None
    copy.write_text(bundled.read_text(encoding="utf-8").replace("none", "skills", 1), encoding="utf-8")
    assert pipeline.bundled_copy(copy) is None  # coded again by the analyst: their sheet


def test_notebook_04_left_at_the_report_figures_says_which_parameter_to_set(tmp_path):
    """Notebook 04 on an analyst's tables with FIGURES left at its default stopped with 'give --out another
    folder (e.g. --out out/figures)': a notebook has no --out; its folder is the FIGURES parameter."""
    processed = tmp_path / "processed"
    processed.mkdir()
    pd.DataFrame({"file": ["afr.txt"], "sha256": ["0" * 64]}).to_parquet(processed / "sessions.parquet")
    with pytest.raises(notebook.NotebookStop) as stop:
        notebook.draw_figures(processed, config.FIGURES_DIR)
    said = str(stop.value)
    assert "holds the bundled sample's report figures" in said
    assert "set FIGURES in the parameters cell to another folder" in said and "--out" not in said


def test_a_sheet_the_notebooks_found_in_raw_that_cannot_serve_is_said_in_the_notebooks_terms(tmp_path):
    """A typo in RAW/validation-sample.tsv stopped notebooks 03 and 04 with '(without --validation, run reads
    RAW/validation-sample.tsv: move it out ...)': the notebook is not `run` and takes no --validation."""
    sheet = "id\ttext\tthemes\n\tNamibia asks for training for young technicians.\tskils\n"
    raw = _round(tmp_path, sheet)
    with pytest.raises(InputError) as stop:
        notebook.ensure_themes(raw, tmp_path / "p")
    said = str(stop.value)
    assert "unknown theme(s) skils" in said and "--validation" not in said
    assert "(the notebooks read RAW/validation-sample.tsv: correct it, or move it out of the raw" in said


def test_notebook_02_says_when_the_sheet_it_corrects_with_is_the_bundled_samples(tmp_path):
    """Notebook 02 prints the themes stage's summary, 'corrected with validation-sample.tsv: 74 of 108 coded
    rows matched', the bundled sheet's own name, where `themes` and `run` now warn that it is that sheet."""
    raw = _round(tmp_path, None)
    (raw / "afr.txt").write_text(  # a sentence the bundled sheet codes, kept in the new round
        "Mr. Novak (Slovakia): Slovakia produces more cars per capita than any other country in the world, "
        "so the transition of the automotive industry is central for us.\n",
        encoding="utf-8",
    )
    sheet = raw / config.VALIDATION_SHEET
    sheet.write_bytes((config.RAW_DIR / config.VALIDATION_SHEET).read_bytes())
    notebook.clean(raw, tmp_path / "p")
    said = notebook.code_themes(tmp_path / "p", validation=notebook.validation_sheet(raw)).splitlines()
    assert said[-1].startswith(f"warning: {sheet.as_posix()} is the bundled sample's validation sheet")


def _themes_run_with_sheets(tmp_path: Path) -> tuple[Path, Path]:
    """A round whose tables the last `themes` made with people's codes (`--overrides corrections.tsv`) and a
    coded sheet kept outside RAW (`--validation our-sheet.tsv`): (raw, processed)."""
    from analysis import pipeline

    raw, processed = _round(tmp_path, None), tmp_path / "p"
    notebook.clean(raw, processed)
    corrections, own = tmp_path / "corrections.tsv", tmp_path / "our-sheet.tsv"
    corrections.write_text(
        "id\ttext\tthemes\n\tChile supports green hydrogen.\tclimate_environment\n", "utf-8"
    )
    own.write_text("id\ttext\tthemes\n\tNamibia asks for training for young technicians.\tskills\n", "utf-8")
    pipeline.themes_stage(processed, overrides=corrections, validation=own)
    return raw, processed


def test_notebook_02_warns_as_themes_does_of_the_sheets_the_last_run_had_and_this_one_has_not(tmp_path):
    """After `themes --overrides corrections.tsv --validation our-sheet.tsv`, notebook 02 (which takes no
    overrides, and RAW's sheet, none here) coded those sentences by the codebook again and dropped the
    corrected shares without a word, where `themes` warns of both (pipeline.sheet_warnings)."""
    _, processed = _themes_run_with_sheets(tmp_path)
    said = notebook.code_themes(processed).splitlines()
    assert said[-2:] == [
        "warning: the last run took people's codes from corrections.tsv; without --overrides this one codes "
        "those sentences by the codebook again",
        "warning: the last run corrected the shares with our-sheet.tsv; without --validation this one has no "
        "corrected shares",
    ]


def test_notebooks_03_to_05_say_under_ready_what_themes_warns_of_the_sheets(tmp_path):
    """`ensure_themes` printed 'ready: ...' alone: notebooks 03, 04 and 05 recoded the people's sentences by
    the codebook unremarked. The sheets' warnings come under it; a copy of the bundled sheet in RAW is said
    once, there, not again by `corrected_with`."""
    raw, processed = _themes_run_with_sheets(tmp_path)
    said = notebook.ensure_themes(raw, processed).splitlines()
    assert said[0].startswith("ready: 2 sessions") and len(said) == 3
    assert said[1].startswith("warning: the last run took people's codes from corrections.tsv")
    assert said[2].startswith("warning: the last run corrected the shares with our-sheet.tsv")

    (raw / "afr.txt").write_text(  # a sentence the bundled sheet codes, and the bundled sheet beside it
        "Mr. Novak (Slovakia): Slovakia produces more cars per capita than any other country in the world, "
        "so the transition of the automotive industry is central for us.\n",
        encoding="utf-8",
    )
    (raw / config.VALIDATION_SHEET).write_bytes((config.RAW_DIR / config.VALIDATION_SHEET).read_bytes())
    said = notebook.ensure_themes(raw, processed) + "\n" + notebook.corrected_with(raw, processed)
    assert said.count("is the bundled sample's validation sheet") == 1, said
    assert said.splitlines()[1].startswith(f"warning: {(raw / config.VALIDATION_SHEET).as_posix()} is the")


def test_notebooks_03_to_05_warn_of_speech_no_share_counts_as_notebook_02_and_run_do(tmp_path):
    """`ensure_themes` kept the clean and code stages' own warnings to itself: on a round where Senegal speaks
    French, notebook 02 and `run` said its turns count for no share, while 03 and 04 printed 'ready: 2
    sessions' alone and drew Africa's shares without them (05 hid the line on the General Debate's quotations
    in passing). They come under 'ready', as the stages give them."""
    raw = _round(tmp_path, None)
    (raw / "afr.txt").write_text(
        "Mr. Kgosi (Botswana): Botswana wants to add value to its diamonds at home.\n\n"
        "Mr. Diallo (Senegal): Le Sénégal soutient la formation professionnelle des jeunes et la "
        "transformation numérique de nos industries. Nous demandons des investissements dans les "
        "infrastructures et dans les énergies renouvelables.\n",
        encoding="utf-8",
    )
    shown_by_02 = notebook.clean(raw, tmp_path / "p02") + "\n" + notebook.code_themes(tmp_path / "p02")
    warned = [line for line in shown_by_02.splitlines() if line.startswith("warning: ")]
    assert len(warned) == 2 and all("(French: SEN)" in line for line in warned)
    said = notebook.ensure_themes(raw, tmp_path / "p").splitlines()
    assert said[0].startswith("ready: 2 sessions") and said[1:] == warned
    assert notebook.ensure_themes(raw, tmp_path / "p").splitlines()[1:] == warned  # up to date: said again
