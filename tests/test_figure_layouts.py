"""Figure layouts: the same figures, from the same numbers, for a report's 16 cm column (`--layout report`),
with every text at 7 pt or more at that width, and for a 16:9 slide (`--layout slides`, below). The default
figures, 21.6-27.9 cm wide, placed in such a column printed their smallest text at 4-5.6 pt and their tick
labels at 5.2-6.7 pt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analysis import cli, config, figures
from analysis.report import plots, style

sys.path.insert(0, str(Path(__file__).parent))
from test_compare import figure_tables  # noqa: E402
from test_figures import PROVENANCE, synthetic_sentences, synthetic_terms, write_processed  # noqa: E402
from test_plots import (  # noqa: E402
    LONG_NAMES,
    _cell_overflows,
    _drawn_texts,
    _renamed,
    _stray_text,
    human_codes,
    short_names,
)

REPORT_CM = 16  # an A4 portrait page's text column (21 cm less 2.5 cm margins each side)
A4_PORTRAIT_BLOCK_CM = (16.0, 24.7)
SMALLEST_PT = 7
HEATMAPS = ("prevalence_heatmap", "rank_chart", "cooccurrence_matrix", "rank_agreement_matrix")


def draw_all(t: dict, layout: str) -> dict:
    """Every figure from test_plots' tables (short names) in `layout`."""
    thin = plots.thin_groups(t["prevalence"])
    return {
        "prevalence_heatmap": plots.prevalence_heatmap(t["prevalence"], PROVENANCE, layout=layout),
        "prevalence_dots": plots.prevalence_dots(t["prevalence"], PROVENANCE, layout=layout),
        "differences_chart": plots.differences_chart(
            t["differences"], PROVENANCE, thin=thin, corrected_differences=t.get("corrected_differences"),
            layout=layout,
        ),
        "rank_chart": plots.rank_chart(t["ranks"], PROVENANCE, thin=thin, layout=layout),
        "cooccurrence_matrix": plots.cooccurrence_matrix(t["cooccurrence"], PROVENANCE, layout=layout),
        "distinctive_terms": plots.distinctive_terms(t["terms"], PROVENANCE, thin=thin, layout=layout),
        "rank_agreement_matrix": plots.rank_agreement_matrix(
            t["agreement"], PROVENANCE, thin=thin, layout=layout
        ),
    }  # fmt: skip


@pytest.fixture(scope="module")
def sample():
    """test_plots' six groups and eleven themes (Africa thin), with their distinctive terms."""
    return {**short_names(figure_tables(synthetic_sentences())), "terms": synthetic_terms()}


@pytest.fixture(scope="module")
def report(sample):
    return draw_all(sample, "report")


@pytest.fixture(scope="module")
def corrected(sample):
    """With a validation sample: the share heatmap's cells hold a third line, the machine-coded share."""
    s = synthetic_sentences()
    return {**short_names(figure_tables(s, human=human_codes(s))), "terms": sample["terms"]}


@pytest.fixture(scope="module")
def long_named(sample):
    """The sample with a study's own groups' long names, which wrap where the house names do not."""
    long = {name: _renamed(t, LONG_NAMES) for name, t in sample.items()}
    return {**long, "terms": synthetic_terms([LONG_NAMES.get(g, g) for g in config.GROUPS])}


@pytest.fixture(scope="module")
def report_corrected(corrected):
    return draw_all(corrected, "report")


def test_a_report_figure_is_16_cm_wide_and_fits_an_a4_portrait_text_block(report, report_corrected):
    """What `--layout report` promises: every figure drawn at the column's width, so placed at 100% in a
    16 cm column it prints at the sizes it was drawn with, and no taller than the page's text block."""
    width, height = (cm / 2.54 for cm in A4_PORTRAIT_BLOCK_CM)
    for drawn in (report, report_corrected):
        for name, fig in drawn.items():
            assert fig.get_figwidth() == pytest.approx(REPORT_CM / 2.54, abs=1e-9), name
            assert fig.get_figheight() <= height, (name, round(fig.get_figheight() * 2.54, 1))
    assert style.LAYOUTS["report"].width == pytest.approx(width)


def test_every_text_of_a_report_figure_prints_at_7_pt_or_more_in_a_16_cm_column(report, report_corrected):
    """At its own size a report figure is the column's width: every text it draws, the tick labels, a
    heatmap cell's machine-coded share, the delegations beside a term, the footer, at 7 pt or more."""
    smallest = {}
    for drawn in (report, report_corrected):
        for name, fig in drawn.items():
            scale = (REPORT_CM / 2.54) / fig.get_figwidth()  # 1: drawn at the width it is placed at
            sizes = [t.get_fontsize() * scale for t in _drawn_texts(fig)]
            smallest[name] = min(smallest.get(name, 99), min(sizes))
    assert min(smallest.values()) >= SMALLEST_PT, smallest


def test_no_report_figures_text_leaves_the_figure_or_runs_into_another(report, report_corrected, long_named):
    """Narrower, the figures are laid out anew (three panels a row, the groups across the share heatmap,
    the co-occurrence matrix's names on its diagonal): no text outside the figure or over another, and every
    heatmap number inside its cell, also for a study's own groups with long names."""
    for drawn in (report, report_corrected, draw_all(long_named, "report")):
        stray = {name: _stray_text(fig) for name, fig in drawn.items()}
        assert not any(stray.values()), stray
        overflows = {name: _cell_overflows(drawn[name]) for name in HEATMAPS}
        assert not any(overflows.values()), overflows


def test_a_report_figure_plots_the_same_numbers_and_its_provenance_names_the_layout(tmp_path):
    """The same CSV as the default figure's (the numbers do not depend on the layout), and a provenance
    record that says which layout drew it; the default's record has no such key, as before."""
    processed = write_processed(tmp_path / "processed")
    read, prov = figures.read_inputs(processed)
    name = "prevalence_heatmap"
    files = {}
    for layout in ("default", "report"):
        fig, data = figures.draw(name, read, prov, layout)
        files[layout] = figures.figure_files(fig, data, name, prov, layout=layout)
    assert files["report"][f"{name}.csv"] == files["default"][f"{name}.csv"]
    default, report = (json.loads(files[k][f"{name}.provenance.json"]) for k in ("default", "report"))
    assert "layout" not in default and report.pop("layout") == "report"
    assert {k: v for k, v in report.items() if k != "files"} == {
        k: v for k, v in default.items() if k != "files"
    }


def _stage_calls(monkeypatch, tmp_path) -> list:
    """The figures stage replaced by a record of the folder and layout each `figures` command gave it."""
    from analysis import pipeline

    calls = []
    monkeypatch.setattr(config, "FIGURES_DIR", tmp_path / "figures")
    monkeypatch.setattr(pipeline, "partial_turns", lambda processed: [])
    monkeypatch.setattr(
        pipeline,
        "figures_stage",
        lambda processed, out, force, layout: (
            calls.append((out, layout))
            or pipeline.StageResult("figures", out, (), True, {"figures": [], "files": 0})
        ),
    )
    return calls


def test_figures_layout_report_goes_beside_the_report_figures_unless_out_is_given(tmp_path, monkeypatch):
    """`figures --layout report` must not replace the default figures: without --out it writes
    reports/figures/report; the layout reaches the stage."""

    calls = _stage_calls(monkeypatch, tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli.app, ["figures", "--layout", "report"]).exit_code == 0
    assert (
        runner.invoke(cli.app, ["figures", "--layout", "report", "--out", str(tmp_path / "mine")]).exit_code
        == 0
    )
    assert runner.invoke(cli.app, ["figures"]).exit_code == 0
    assert calls == [
        (tmp_path / "figures" / "report", "report"),
        (tmp_path / "mine", "report"),
        (tmp_path / "figures", "default"),
    ]
    assert {layout.value for layout in cli.FigureLayout} == set(style.LAYOUTS)
    assert runner.invoke(cli.app, ["figures", "--layout", "poster"]).exit_code != 0


def test_an_unknown_layout_says_which_there_are():
    with pytest.raises(ValueError, match="no figure layout 'poster': use one of default, report"):
        plots.rank_chart(None, layout="poster")


def test_the_report_layouts_folder_is_kept_for_the_bundled_samples_figures_as_the_default_one_is(tmp_path):
    """reports/figures/report holds the bundled sample's figures in the report layout: another study's
    transcripts drawn there without --out would replace them, as they would in reports/figures."""
    from analysis import pipeline
    from analysis.errors import InputError

    for out in (config.FIGURES_DIR, config.FIGURES_DIR / "report"):
        with pytest.raises(InputError, match="give --out another folder"):
            pipeline.check_report_figures(out, raw=tmp_path)
    pipeline.check_report_figures(tmp_path / "figures" / "report", raw=tmp_path)  # anywhere else is free


def test_a_notebook_draws_the_figures_in_the_layout_it_names(tmp_path):
    """A notebook's parameters cell may ask for the report layout: `nb.draw_figures(..., layout="report")`
    writes the same figures 16 cm wide, its provenance naming the layout."""
    from analysis import notebook

    processed = write_processed(tmp_path / "processed")
    said = notebook.draw_figures(processed, tmp_path / "report", layout="report")
    assert said.startswith("figures:")
    record = json.loads((tmp_path / "report" / "rank_chart.provenance.json").read_text(encoding="utf-8"))
    assert record["layout"] == "report"


def test_a_notebook_checks_its_figures_folder_against_the_report_figures_once(tmp_path, monkeypatch):
    """`draw_figures` checked FIGURES against the report figures itself, for its own advice ('set FIGURES in
    the parameters cell'), and the figures stage then checked the same folder and tables again: two calls to
    keep alike. The stage's check, given the notebook's advice, is the one, drawing or refusing."""
    from analysis import notebook, pipeline

    processed = write_processed(tmp_path / "processed")
    checks = []
    real = pipeline.check_report_figures
    monkeypatch.setattr(pipeline, "check_report_figures", lambda *a, **k: checks.append(a) or real(*a, **k))
    # the check is what is counted
    monkeypatch.setattr(figures, "render_all", lambda processed, layout, warnings=None: {})
    assert notebook.draw_figures(processed, tmp_path / "mine").startswith("figures:")
    assert len(checks) == 1

    checks.clear()  # tables not of the bundled sample, FIGURES left at the report figures
    with pytest.raises(notebook.NotebookStop, match="set FIGURES in the parameters cell to another folder"):
        notebook.draw_figures(processed, config.FIGURES_DIR)
    assert len(checks) == 1


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make (the README's way to draw the figures)")
def test_make_figures_draws_the_report_layout_into_its_own_folder():
    """`make figures LAYOUT=report` (README) asks the figures stage for the report layout and writes beside
    the default figures, never over them; without LAYOUT the command is the default one."""

    def recipe(*variables: str) -> str:
        out = subprocess.run(["make", "-n", "figures", *variables], cwd=config.ROOT, capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
        return next(line for line in out.splitlines() if "-m analysis figures" in line)

    assert recipe("LAYOUT=report").endswith('--out "reports/figures/report" --layout "report"')
    assert recipe("LAYOUT=slides").endswith('--out "reports/figures/slides" --layout "slides"')
    assert recipe().rstrip().endswith('--out "reports/figures"')
    # the layout is the figures stage's alone: `make notebooks LAYOUT=report` had re-run the committed
    # notebooks with FIGURES set to reports/figures/report, drawing default figures into that folder
    notebooks = subprocess.run(["make", "-n", "notebooks", "LAYOUT=report"], cwd=config.ROOT,
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "-p FIGURES" not in notebooks


# --------------------------------------------------------------------------- slides

# PowerPoint's default slide (since 2013) is 16:9, 33.867 x 19.05 cm; its "Title and Content" layout puts the
# title placeholder 1.01 cm from the top and the body placeholder 29.21 cm wide, its foot 17.16 cm from the
# top (Office theme: title at y=365125 EMU, body at x=838200, y=1825625, 10515600 x 4351338 EMU). A slide
# figure carries its own title, so it takes both placeholders' room: 29.21 x 16.15 cm.
SLIDE_CM = (29.21, 17.16 - 1.01)
SLIDE_SMALLEST_PT = 12  # at the slide's own size: 1/45 of its height (9 pt on Google Slides' 25.4 cm slide)


@pytest.fixture(scope="module")
def slides(sample):
    return draw_all(sample, "slides")


@pytest.fixture(scope="module")
def slides_corrected(corrected):
    return draw_all(corrected, "slides")


def test_a_slide_figure_fills_the_width_of_a_16_9_slides_body_and_is_no_taller(slides, slides_corrected):
    """`--layout slides`: every figure drawn 29.21 cm wide, the width of PowerPoint's default placeholders,
    so inserted at 100% it shows its text at the sizes it was drawn with, and no taller than the title and
    body placeholders together (16.15 cm), with six groups and eleven themes, corrected or not."""
    width, height = (cm / 2.54 for cm in SLIDE_CM)
    for drawn in (slides, slides_corrected):
        for name, fig in drawn.items():
            assert fig.get_figwidth() == pytest.approx(width, abs=1e-9), name
            assert fig.get_figheight() <= height, (name, round(fig.get_figheight() * 2.54, 2))
    assert style.LAYOUTS["slides"].width == pytest.approx(width)


def test_every_text_of_a_slide_figure_is_12_pt_or_more_at_the_slides_size(slides, slides_corrected):
    """Projected, the smallest text (a cell's machine-coded share, the delegations beside a term, a q label,
    the caveat) must still read: every drawn text at 12 pt or more on a 33.87 x 19.05 cm slide."""
    smallest = {}
    for drawn in (slides, slides_corrected):
        for name, fig in drawn.items():
            scale = (SLIDE_CM[0] / 2.54) / fig.get_figwidth()
            sizes = [t.get_fontsize() * scale for t in _drawn_texts(fig)]
            smallest[name] = min(smallest.get(name, 99), min(sizes))
    assert min(smallest.values()) >= SLIDE_SMALLEST_PT, smallest


def test_no_slide_figures_text_leaves_the_figure_or_runs_into_another(slides, slides_corrected, long_named):
    """Wider and shorter than a page's, the slide figures are laid out anew: no text outside the figure or
    over another, every heatmap number inside its cell (in height too: a slide's rows are as low as two lines
    allow), also for a study's own groups with long names."""
    for drawn in (slides, slides_corrected, draw_all(long_named, "slides")):
        stray = {name: _stray_text(fig) for name, fig in drawn.items()}
        assert not any(stray.values()), stray
        overflows = {name: _cell_overflows(drawn[name], height=True) for name in HEATMAPS}
        assert not any(overflows.values()), overflows


def _notes_drawn(fig) -> list[str]:
    """The notes, source and provenance lines drawn under a figure."""
    return [t.get_text() for t in fig.texts if t.get_gid() in ("figure-notes", style.FOOTER_GID)]


def test_a_slide_figures_notes_and_provenance_go_into_a_caption_file_beside_it(tmp_path):
    """A slide has no room for a figure's notes, but a presenter must still be able to say its caveats:
    name.caption.txt holds its title, its main reading (the alternative text), the caveat, every note, the
    source and the provenance line; the figure keeps its title, subtitle and the red caveat. The CSV is the
    default's; the provenance record names the layout and the caption file. No other layout writes one."""
    processed = write_processed(tmp_path / "processed")
    read, prov = figures.read_inputs(processed)
    files = {}
    for layout in ("default", "report", "slides"):
        for name in ("differences_chart", "prevalence_heatmap"):
            fig, data = figures.draw(name, read, prov, layout)
            if layout == "slides":
                assert not _notes_drawn(fig), name
                assert [t.get_text() for t in fig.texts if t.get_gid() == "caveat"] == prov["source"][
                    "caveats"
                ]
            alt_text = figures.alt_for(name, read, data)
            files[layout, name] = figures.figure_files(fig, data, name, prov, alt_text, layout=layout)
    for name in ("differences_chart", "prevalence_heatmap"):
        assert f"{name}.caption.txt" not in files["default", name] | files["report", name]
        assert files["slides", name][f"{name}.csv"] == files["default", name][f"{name}.csv"]
        record = json.loads(files["slides", name][f"{name}.provenance.json"])
        assert record["layout"] == "slides" and f"{name}.caption.txt" in record["files"]
        # as written, not only as drawn: `figure_files` adds a footer to a figure that has none
        svg = files["slides", name][f"{name}.svg"].decode("utf-8")
        assert f'id="{style.FOOTER_GID}"' not in svg and 'id="figure-notes"' not in svg, name
        assert f'id="{style.FOOTER_GID}"' in files["default", name][f"{name}.svg"].decode("utf-8")
        caption = files["slides", name][f"{name}.caption.txt"].decode("utf-8")
        assert caption.startswith(figures.figure_title(figures.draw(name, read, prov, "slides")[0], name))
        assert record["alt"] in caption
        assert prov["source"]["caveats"][0] in caption
        assert plots.provenance_text(prov) in caption
        assert style.source_text(prov).rstrip(".") in caption
    differences = files["slides", "differences_chart"]["differences_chart.caption.txt"].decode("utf-8")
    assert "Filled bars' q-values (the larger of the two tests'): " in differences  # no room beside the bars
    assert "Delegations per group:" in differences
    heatmap = files["slides", "prevalence_heatmap"]["prevalence_heatmap.caption.txt"].decode("utf-8")
    assert "\u2020 thin data, read with care" in heatmap
    assert "Sentences and delegations per group: " in heatmap  # its rows name the groups alone


def test_figures_layout_slides_goes_beside_the_report_figures_and_its_folder_is_kept(tmp_path, monkeypatch):
    """`figures --layout slides` writes reports/figures/slides unless --out is given, a folder the bundled
    sample's check keeps as it keeps the others; `make figures LAYOUT=slides` asks for it."""
    from analysis import pipeline
    from analysis.errors import InputError

    calls = _stage_calls(monkeypatch, tmp_path)
    assert CliRunner().invoke(cli.app, ["figures", "--layout", "slides"]).exit_code == 0
    assert calls == [(tmp_path / "figures" / "slides", "slides")]
    with pytest.raises(InputError, match="give --out another folder"):
        pipeline.check_report_figures(tmp_path / "figures" / "slides", raw=tmp_path / "elsewhere")


# A study's own groups, written out in full and messily: brackets, ampersands, an apostrophe and accents.
MESSY_NAMES = {
    "African Group": "Group of African States & Côte d'Ivoire's Partners (AU)",
    "Asia-Pacific Group": "Asia-Pacific Group incl. Pacific Small Island Developing States",
    "Eastern European Group": "Eastern European Group (EEG) & Associated Partners",
    "Latin American and Caribbean Group": "Latin America and the Caribbean (GRULAC)",
    "Western European and Others Group": "Western European and Others Group (WEOG) & the EU",
    "Arab Group": "League of Arab States (Ligue des États arabes)",
}


def _messy(tables: dict) -> dict:
    long = {name: _renamed(t, MESSY_NAMES) for name, t in tables.items() if name != "terms"}
    return {**long, "terms": synthetic_terms([MESSY_NAMES[g] for g in config.GROUPS])}


@pytest.fixture(scope="module")
def slides_messy(sample, corrected):
    """Every slide figure for six groups named in full, with and without corrected shares."""
    return [draw_all(_messy(sample), "slides"), draw_all(_messy(corrected), "slides")]


def test_a_slide_figure_with_long_messy_group_names_still_fits_the_slide_at_12_pt(slides_messy):
    """Six groups named in full made the dot plot 43 cm tall, the share heatmap 25 cm, the terms, rank
    chart and tau matrix 1.6-3.7 cm too tall for a slide. Their names now take the lines each figure has
    room for (two at most, wrapped at word boundaries), the plot keeps its size, and every text is 12 pt."""
    width, height = (cm / 2.54 for cm in SLIDE_CM)
    for drawn in slides_messy:
        for name, fig in drawn.items():
            assert fig.get_figwidth() == pytest.approx(width, abs=1e-9), name
            assert fig.get_figheight() <= height, (name, round(fig.get_figheight() * 2.54, 2))
            scale = width / fig.get_figwidth()
            assert min(t.get_fontsize() * scale for t in _drawn_texts(fig)) >= SLIDE_SMALLEST_PT, name
        stray = {name: _stray_text(fig) for name, fig in drawn.items()}
        assert not any(stray.values()), stray
        overflows = {name: _cell_overflows(drawn[name], height=True) for name in HEATMAPS}
        assert not any(overflows.values()), overflows


def test_a_long_group_name_wraps_onto_two_lines_and_past_them_ends_in_an_ellipsis_named_in_full(slides_messy):
    """Where the figure has the room (the share heatmap's rows hold two lines), a name wraps at word
    boundaries and is whole; past two lines it is cut at a whole word (no dangling "&" or open bracket)
    with "…", the thin mark kept, and the notes (a slide's caption file) give the name in full."""
    fig = slides_messy[0]["prevalence_heatmap"]
    rows = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert "Latin America and the\nCaribbean (GRULAC)" in rows
    assert "Western European and Others\nGroup (WEOG) & the EU" in rows
    assert all(len(r.split("\n")) <= 2 for r in rows), rows
    dots = slides_messy[0]["prevalence_dots"]
    names = [t.get_text() for t in dots.axes[0].get_yticklabels()]
    cut = [n for n in names if style.CUT_MARK in n]
    assert cut and all(not n.split(style.CUT_MARK)[0].endswith(("&", "(", " ", ".")) for n in cut), names
    assert any(n.endswith(f"{style.CUT_MARK} {style.THIN_MARK}") for n in cut), names  # Africa is thin
    moved = "\n".join(style.caption(dots)["notes"])
    assert "Group of African States & Côte d'Ivoire's Partners (AU)" in moved


def test_the_slide_figures_say_when_too_many_groups_cannot_fit_a_slide(tmp_path):
    """Twelve groups' rows are taller than a slide however their names are cut: the figures are drawn,
    and the stage warns, naming each figure too tall and what to do, where it had overflowed silently."""
    from analysis import pipeline

    many = [f"{k:02d} Côte d'Ivoire & Partners (Group {k})" for k in range(12)]
    processed = write_processed(tmp_path / "processed", groups=many)
    drawn = pipeline.figures_stage(processed, tmp_path / "slides", layout="slides")
    said = "\n".join(drawn.warnings)
    assert "prevalence_heatmap is " in said and "with 12 groups" in said, said
    assert "16.15 cm a slide has for a figure" in said and "fewer groups" in said
    # the report's figure may be too tall for a page as well: the default layout's never is
    assert "default layout's figure, drawn as tall as its content, or --layout report's where it fits" in said
    assert (tmp_path / "slides" / "prevalence_heatmap.png").exists()
    assert not pipeline.figures_stage(processed, tmp_path / "default").warnings  # no height to keep


def _key(fig) -> list[str]:
    """The words of a slide figure's key to its marks."""
    return [t.get_text() for t in fig.texts if t.get_gid() == "slide-key"]


def test_a_slide_figure_explains_its_hatching_and_diamonds_on_the_slide_itself(
    slides, slides_corrected, report
):
    """The caption file is the presenter's, not the audience's: a slide figure drawing a thin group's
    hatching (or dashed intervals) or the differences chart's diamonds says what they mean in a one-line
    key beside the caveat, within the slide's size and at 12 pt (the tests above hold every slide figure
    to both), and only for the marks it draws."""
    thin = f"{style.THIN_MARK} thin data"
    for name in ("prevalence_heatmap", "rank_chart", "distinctive_terms", "rank_agreement_matrix"):
        assert _key(slides[name]) == [thin], name
    assert _key(slides["prevalence_dots"]) == [thin]  # its thin group's intervals are dashed, not hatched
    assert _key(slides["cooccurrence_matrix"]) == []  # no group, no mark
    assert _key(slides_corrected["differences_chart"]) == [thin, "other verdict on corrected shares"]
    assert "other verdict on corrected shares" not in _key(slides["differences_chart"])  # no diamonds
    assert not any(_key(fig) for fig in report.values())  # a page's notes are under the figure
    sample = figure_tables(synthetic_sentences())
    unmarked = plots.differences_chart(sample["theme_differences"], PROVENANCE, thin={}, layout="slides")
    assert _key(unmarked) == []


@pytest.mark.parametrize(
    ("name", "thin", "inches", "lines", "cut"),
    [
        (
            "Asia-Pacific Group incl. Pacific Small Island Developing States",
            False,
            1.4,
            2,
            "Asia-Pacific\nGroup incl…",
        ),
        ("League of Arab States (Ligue des États arabes)", True, 2.2, 1, "League of Arab… †"),
        ("Group of African States & Côte d'Ivoire's Partners (AU)", False, 2.2, 1, "Group of African…"),
        ("Latin America and the Caribbean (GRULAC)", False, 2.2, 1, "Latin America…"),
        ("Latin America and the Caribbean (GRULAC)", False, 1.4, 2, "Latin…"),  # no line of a lone "and…"
    ],
)
def test_a_cut_name_ends_at_a_whole_word_without_a_dangling_word_bracket_or_stop(
    name, thin, inches, lines, cut
):
    """The rule a slide cuts a name by (here a panel title's, in bold): whole words, no lone "&", "and",
    "of" or "the" before the "…", no bracket left open, no "incl.…", a thin group's † kept."""
    with style.laid_out("slides") as look:
        assert style.group_name(name, thin, look.panel, "bold", inches=inches, lines=lines) == cut


def test_a_default_share_heatmap_with_long_group_names_keeps_its_cells_machine_coded_share_inside(corrected):
    """In the default layout the share heatmap's names took up to 3 inches beside the rows, leaving eleven
    columns 0.64 inches: each corrected cell's "machine 44%" (0.66 inches at 7 pt) ran into its neighbours'
    (18 overlaps in the bundled sample under six long names). The names now wrap to what the columns leave
    (as a slide's do, `_row_name_room`), the rows growing for their lines, and every cell's text fits."""
    fig = plots.prevalence_heatmap(_messy(corrected)["prevalence"], PROVENANCE)
    assert not _stray_text(fig), _stray_text(fig)
    assert not _cell_overflows(fig, height=True), _cell_overflows(fig, height=True)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert not any(style.CUT_MARK in r for r in rows), rows  # a page's figure has no height to cut names to


@pytest.fixture(scope="module")
def report_messy(sample, corrected):
    """Every report figure for six groups named in full, with and without corrected shares."""
    return [draw_all(_messy(sample), "report"), draw_all(_messy(corrected), "report")]


def test_a_report_figure_with_long_messy_group_names_still_fits_the_text_block_clear_of_itself(report_messy):
    """Six groups named in full made the report's dot plot 40.5 cm tall against the A4 text block's 24.7 cm,
    and the differences chart's group titles, wrapped wider than its 1.5-inch panels, ran off the figure and
    into each other. Names now take the lines each figure has room for (`room_lines`, as on a slide; cut
    with "…" past them, named in full in the notes) and panel titles wrap to the panel's width."""
    width, height = (cm / 2.54 for cm in A4_PORTRAIT_BLOCK_CM)
    for drawn in report_messy:
        for name, fig in drawn.items():
            assert fig.get_figwidth() == pytest.approx(width, abs=1e-9), name
            assert fig.get_figheight() <= height, (name, round(fig.get_figheight() * 2.54, 2))
        stray = {name: _stray_text(fig) for name, fig in drawn.items()}
        assert not any(stray.values()), stray
        overflows = {name: _cell_overflows(drawn[name]) for name in HEATMAPS}
        assert not any(overflows.values()), overflows
    dots = report_messy[1]["prevalence_dots"]
    assert "Latin America\u2026" in [t.get_text() for t in dots.axes[0].get_yticklabels()]
    notes = " ".join(t.get_text().replace("\n", " ") for t in dots.texts if t.get_gid() == "figure-notes")
    named = "Delegations per group, names in full (on the figure cut with \u2026 to fit the page): "
    assert named in notes  # the note naming them in full (`test_a_figures_notes_name_each_group_...`)
    assert "Latin America and the Caribbean (GRULAC)" in notes.split(named)[1]
    rows = [t.get_text() for t in report_messy[0]["rank_chart"].axes[0].get_xticklabels()]
    assert not any(style.CUT_MARK in r for r in rows), rows  # a line there costs less than the note would


def test_the_report_figures_say_when_too_many_groups_cannot_fit_the_text_block(tmp_path):
    """A report figure taller than the A4 text block must be shrunk to be placed, its text then below 7 pt:
    the stage warns as it does for slides (`figures.too_tall`), naming the figure, its height and what to do
    on a page: fewer groups at a time, or the default layout's figure."""
    from analysis import pipeline

    many = [f"{k:02d} Côte d'Ivoire & Partners (Group {k})" for k in range(12)]
    processed = write_processed(tmp_path / "processed", groups=many)
    said = "\n".join(pipeline.figures_stage(processed, tmp_path / "report", layout="report").warnings)
    assert (
        "prevalence_dots is " in said
        and "with 12 groups" in said
        and "24.70 cm a page has for a figure" in said
    )
    assert "fewer groups" in said and "--layout report" not in said and "default layout" in said


def _notes_text(fig) -> str:
    """A figure's notes as one line of text: a slide's from its caption file, a page's from under it."""
    moved = style.caption(fig)
    if moved is not None:
        return " ".join(moved["notes"])
    return " ".join(t.get_text().replace("\n", " ") for t in fig.texts if t.get_gid() == "figure-notes")


def _cut_groups(fig, names) -> set[str]:
    """The `names` a figure drew cut: a label (not a note) ending in "…" that begins one of them."""
    drawn = [t.get_text() for t in _drawn_texts(fig) if t.get_gid() not in ("figure-notes", "caveat")]
    begun = [d.split(style.CUT_MARK)[0].replace("\n", " ") for d in drawn if style.CUT_MARK in d]
    return {name for name in names for b in begun if b and name.startswith(b)}


@pytest.fixture(scope="module")
def concentrated(corrected):
    """The bundled sample's tables under six long names: corrected shares, a thin group, the European Union
    counted with WEOG and fourteen themes raised by few delegations (each named with its group in the notes),
    and the provenance naming the observer."""
    tables = _messy(corrected)
    prev = tables["prevalence"].copy()
    groups, themes = list(dict.fromkeys(prev["group"])), sorted(set(prev["theme"]))
    prev["concentrated"] = [
        g != groups[0] and themes.index(t) % 4 == groups.index(g) % 4
        for g, t in zip(prev["group"], prev["theme"], strict=True)
    ]
    weog = MESSY_NAMES["Western European and Others Group"]
    provenance = {**PROVENANCE, "source": {**PROVENANCE["source"], "observers": {weog: ["European Union"]}}}
    return {**tables, "prevalence": prev}, provenance


@pytest.fixture(scope="module")
def dots_concentrated(concentrated):
    """The report's dot plot as the bundled sample draws it, under six long names (`concentrated`)."""
    tables, provenance = concentrated
    return plots.prevalence_dots(tables["prevalence"], provenance, layout="report")


def test_a_figures_notes_name_each_group_it_cut_in_full_once(report_messy, slides_messy, dots_concentrated):
    """Six long names cut on the dot plot were named in full three times in its notes (the delegations per
    group, the themes raised by few delegations, the cut names; the thin group a fourth): 0.9 cm of notes
    past a page's text block. One note names each cut group in full (the delegations per group where a
    figure gives them, saying so, else the note of cut names); the others call it as the figure draws it."""
    names = list(MESSY_NAMES.values())
    seen = {}
    for layout, drawn in (("report", report_messy), ("slides", slides_messy)):
        for k, figs in enumerate(drawn):
            for name, fig in {**figs, **({"dots+": dots_concentrated} if layout == "report" else {})}.items():
                notes, cut = _notes_text(fig), _cut_groups(fig, names)
                seen[layout, k, name] = cut
                assert {g: notes.count(g) for g in cut} == dict.fromkeys(cut, 1), (layout, name, notes)
    assert (
        seen["report", 1, "prevalence_dots"] == set(names) == seen["slides", 0, "rank_chart"]
    )  # not vacuous
    notes = _notes_text(dots_concentrated)
    assert "Delegations per group, names in full (on the figure cut with \u2026 to fit the page): " in notes
    assert "Group names cut with" not in notes  # the delegations per group already name them
    assert "\u2020 thin data, read with care \u2014 League of Arab States\u2026: only 3 delegations" in notes


def test_the_report_dot_plot_with_six_long_names_and_notes_on_each_group_fits_the_text_block(
    dots_concentrated,
):
    """With the notes naming six long names in full three times the bundled sample's dot plot, its groups
    renamed, was 25.6 cm tall (this fixture 25.9) against the A4 text block's 24.7 cm."""
    assert dots_concentrated.get_figheight() <= A4_PORTRAIT_BLOCK_CM[1] / 2.54, (
        dots_concentrated.get_figheight() * 2.54
    )


def test_a_report_dot_plot_gives_long_names_a_second_line_only_where_its_notes_leave_room(corrected):
    """`room_lines` planned the dot plot's height without its notes: five groups under long names got a
    second line each and, with the notes under them, the plot was 26.1 cm against the text block's 24.7 cm.
    Planned with its notes, it cuts them to one line there and fits; three groups still get two lines."""
    prev = _messy(corrected)["prevalence"]
    groups = list(dict.fromkeys(prev["group"]))
    for n, lines in ((5, 1), (3, 2)):
        fig = plots.prevalence_dots(prev[prev["group"].isin(groups[:n])], PROVENANCE, layout="report")
        assert fig.get_figheight() <= A4_PORTRAIT_BLOCK_CM[1] / 2.54, (n, fig.get_figheight() * 2.54)
        assert max(t.get_text().count("\n") + 1 for t in fig.axes[0].get_yticklabels()) == lines, n


def test_two_groups_cut_to_the_same_name_keep_their_full_names_in_the_notes():
    """A note saying "Western…: only 3 delegations" could not say which of two groups so cut it meant: those
    keep their full names in the notes; a group whose cut name is its own is called by it (a thin one: †)."""
    drawn = {
        "Western Balkans Six & Partners": "Western…",
        "Western European and Others Group (WEOG) & the EU": "Western…",
        "Latin America and the Caribbean (GRULAC)": "Latin\nAmerica… \u2020",
    }
    with style.laid_out("report"), style.naming_cut(drawn):
        said = style.thin_note(dict.fromkeys(drawn, ""))[0]
        assert style.note_label("Latin America and the Caribbean (GRULAC)", True) == "Latin America… \u2020"
    assert said.endswith(
        "Western Balkans Six & Partners; Western European and Others Group (WEOG) & the EU; Latin America…"
    )


def test_the_tau_matrix_draws_a_group_by_one_name_in_its_row_and_its_column(slides_messy):
    """A slide's tau matrix cut a group's row name at 2.6 inches ("Group of African States & Côte d'Ivoire's
    Partners (AU)" whole on two lines) and its column name at a column's width ("Group of African…"): one
    group under two names in one figure, and its notes could call it by only one. Each group now carries
    the name of its most cut label in both places, wrapped to each place's width."""
    for drawn in slides_messy:
        ax = drawn["rank_agreement_matrix"].axes[0]
        rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
        columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
        assert rows == columns
        assert any(style.CUT_MARK in r for r in rows), rows  # not vacuous: the columns cut them


def test_the_tau_matrix_rows_keep_names_that_tell_apart_groups_whose_columns_collide(sample):
    """Two slide columns too narrow to tell "Group of Asia-Pacific Developing States" from "Group of
    Asia-Africa Developing States" are both drawn "Group…"; taking the more cut label for the row too drew
    two rows "Group…", though a row has room for each name. The rows keep their own names there."""
    names = {
        "African Group": "Group of Asia-Pacific Developing States",
        "Asia-Pacific Group": "Group of Asia-Africa Developing States",
        "Arab Group": "Group of Arab States",
    }
    agree = _renamed(sample["agreement"], names)
    ax = plots.rank_agreement_matrix(agree, PROVENANCE, layout="slides").axes[0]
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert columns.count(f"Group{style.CUT_MARK}") == 2, columns  # not vacuous: the columns collide
    assert {"Group of Asia-Pacific Developing States", "Group of Asia-Africa Developing States"} <= set(rows)
    assert len(set(rows)) == len(rows), rows


@pytest.fixture(scope="module")
def report_concentrated(concentrated):
    """Every report figure of `concentrated`'s study, its notes naming groups in several places."""
    tables, provenance = concentrated
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules[__name__], "PROVENANCE", provenance)
        return draw_all(tables, "report")


def test_a_report_share_heatmap_names_each_long_named_group_in_full_once(report_concentrated):
    """The report's share heatmap drew six long names whole over its columns (up to eight lines, the cells
    squeezed to make room) and its notes named them in full again and again (the few validated, the observer,
    the themes raised by few delegations, the thin group): 24.5 cm tall, a page's text block 24.7. Planned
    with its notes it cuts them, names each in full once and calls it by its cut name elsewhere."""
    fig = report_concentrated["prevalence_heatmap"]
    notes = _notes_text(fig)
    counts = {name: notes.count(name) for name in MESSY_NAMES.values()}
    assert counts == dict.fromkeys(MESSY_NAMES.values(), 1), counts
    assert not _cell_overflows(fig, height=True), _cell_overflows(fig, height=True)


# The manifest's own names of two groups a study wrote them as (a guest list "and friends", its observers)
FRIENDS_NAMES = {
    **MESSY_NAMES,
    "Latin American and Caribbean Group": "Group of Latin American and Caribbean States and friends",
    "Western European and Others Group": "Western European and Others Group (incl. observers)",
}


def test_every_report_figure_plans_its_height_with_the_notes_it_writes(sample):
    """Only the dot plot counted its notes when it planned the lines its names may take, and a page cut no
    other figure's names (a line of them was taken to cost less than a constant four lines of notes): the
    rank chart under six long names, each whole on up to seven lines, came out 24.82 cm with its notes,
    past the text block's 24.7. Every figure now plans with the notes it writes, the note naming the cut
    names in full counted as drawn, and cuts the names where they would not fit whole."""
    tables = {name: _renamed(t, FRIENDS_NAMES) for name, t in sample.items() if name != "terms"}
    drawn = draw_all({**tables, "terms": synthetic_terms(list(FRIENDS_NAMES.values()))}, "report")
    height = A4_PORTRAIT_BLOCK_CM[1] / 2.54
    tall = {n: round(f.get_figheight() * 2.54, 2) for n, f in drawn.items() if f.get_figheight() > height}
    assert not tall, tall
    columns = [t.get_text() for t in drawn["rank_chart"].axes[0].get_xticklabels()]
    assert any(style.CUT_MARK in c for c in columns), columns


def test_a_page_counts_the_note_naming_cut_names_at_the_lines_it_takes():
    """`room_lines` took the note naming cut groups in full to cost a constant four lines (CUT_NOTE_LINES, a
    page's note for six long names) and cut nothing where a line of names cost less: one long name among
    short ones, whose note takes two lines, stayed whole on seven lines and the figure ran past the page. The
    note is now counted as `finish` will wrap it, so a cut is made where it is what makes the figure fit."""
    long = "Group of Landlocked Developing Countries and Small Island Developing States"
    groups = ["Africa", long]
    with style.laid_out("report") as look:

        def names(lines):
            return {g: style.group_name(g, inches=0.8, lines=lines) for g in groups}

        def notes(drawn):
            return style.cut_names_note(drawn)

        per_line = look.line(look.text)  # 0.13 inches a line of names, less than four lines of notes
        whole = names(None)[long].count("\n") + 1
        planned = look.max_height - (whole - 2) * per_line  # whole names overflow by a line; two lines fit
        assert style.room_lines(planned, per_line, names=names, notes=notes) == 2
        # its note takes two lines, one more than `finish` keeps room for: not the four the constant had said
        assert style.notes_inches(None, notes(names(2))) == pytest.approx(look.line(look.cell, 1.25))


def test_the_report_figures_say_when_too_many_groups_cannot_fit_the_pages_width(tmp_path):
    """A report figure is 16 cm wide whatever its columns: twelve groups' tau matrix gave each of its eleven
    columns 0.4 inches, its "[−0.52, 0.05]" 0.7, the numbers running into each other, and only the height was
    checked. The stage warns of the width too, as of the height: the figure, the width it needs, what to
    do."""
    from analysis import pipeline

    many = [f"{k:02d} Côte d'Ivoire & Partners (Group {k})" for k in range(12)]
    processed = write_processed(tmp_path / "processed", groups=many)
    said = pipeline.figures_stage(processed, tmp_path / "report", layout="report").warnings
    wide = [s for s in said if s.startswith("rank_agreement_matrix needs ")]
    assert len(wide) == 1, said
    assert "cm wide with 12 groups, more than the 16.00 cm a page has for a figure" in wide[0]
    assert "fewer groups" in wide[0] and "default layout" in wide[0]
    # the share heatmap's cells hold their numbers, the names over its twelve columns do not ("Partners")
    assert any(s.startswith("prevalence_heatmap needs ") for s in said), said


def test_measuring_a_width_draws_no_figure_without_a_heatmap(monkeypatch):
    """`too_wide` measures heatmap columns only: a figure with none (the dot plot, the differences and terms
    charts) has nothing to measure, and drawing it again cost each report or slide run 0.3 s of its 0.6."""
    from matplotlib.figure import Figure

    from analysis.report import heatmaps

    fig = Figure(figsize=(6.3, 4))
    fig.subplots().plot([0, 1], [0, 1])
    monkeypatch.setattr(fig, "draw_without_rendering", lambda: pytest.fail("drawn to measure nothing"))
    assert heatmaps.needed_width(fig) == 6.3


def test_a_text_measured_again_is_not_laid_out_again(monkeypatch):
    """`room_lines` wraps a figure's notes, caveats and source once for each number of lines it weighs, and
    `finish` wraps them again: word by word, the text measured a prefix at a time (1,343 measures, 0.9 s of
    the 2.4 s drawing three report heatmaps). A text's width is the font's: measured once."""
    from matplotlib.textpath import text_to_path

    calls = []
    measure = text_to_path.get_text_width_height_descent
    monkeypatch.setattr(
        text_to_path, "get_text_width_height_descent", lambda *a, **k: calls.append(a[0]) or measure(*a, **k)
    )
    text = "Rank intervals are percentile bootstrap, seen twice (a note measured once)"
    assert style.wrap(text, 2.0, 7) == style.wrap(text, 2.0, 7)
    assert style.text_inches(text, 7) != style.text_inches(text, 8) != style.text_inches(text, 8, "bold")
    assert len(calls) == len(set(calls)) + 2  # the 7 pt prefixes once each; the 8 pt and bold texts


# The UN's formal names of the regional groups, as a study may write them, a coalition the sixth (thin, as the
# sample's Arab Group is): every name begins "Group of", and cut to a column's room some keep only that.
UN_NAMES = {
    "African Group": "Group of African States",
    "Asia-Pacific Group": "Group of Asia-Pacific States",
    "Eastern European Group": "Group of Eastern European States",
    "Latin American and Caribbean Group": "Group of Latin American and Caribbean States",
    "Western European and Others Group": "Group of Western European and Other States",
    "Arab Group": "Group of Landlocked Developing Countries and Small Island Developing States",
}


def _said(label: str) -> str:
    """A group's name as a reader tells it from the others: its lines joined, the thin mark (which says how
    much data there is, not which group) left off."""
    return " ".join(label.replace(style.THIN_MARK, "").split())


def test_a_report_share_heatmap_tells_six_long_names_cut_alike_apart(corrected):
    """Under the UN's formal names the report's share heatmap drew two columns' names as "Group…" (the
    Asia-Pacific's and the thin coalition's: "Asia-Pacific…" and "Landlocked… †" are wider than a column),
    and the notes named both in full: the reader could not tell which column was which. Names cut alike are
    now cut to differ, keeping the word where they differ ("Group of\nAsia-…"), each within its column; the
    notes call each by the name drawn and name it in full once."""
    tables = {name: _renamed(t, UN_NAMES) for name, t in corrected.items() if name != "terms"}
    fig = plots.prevalence_heatmap(tables["prevalence"], PROVENANCE, layout="report")
    columns = [t.get_text().split("\n") for t in fig.axes[0].get_xticklabels()]
    names = [_said(" ".join(c[:-2])) for c in columns]  # the two lines under a name: its counts
    assert all(style.CUT_MARK in n for n in names), names  # not vacuous: every name is cut
    assert len(set(names)) == len(names), names
    assert not _stray_text(fig), _stray_text(fig)
    notes = _notes_text(fig)
    assert {n: notes.count(n) for n in UN_NAMES.values()} == dict.fromkeys(UN_NAMES.values(), 1), notes
    assert f"{style.THIN_MARK} thin data, read with care \u2014 Group\u2026: only 3 delegations" in notes
    assert fig.get_figheight() <= A4_PORTRAIT_BLOCK_CM[1] / 2.54


GROUP_OF = list(UN_NAMES.values())[:5]


def _cut(names, thin=(), inches=0.75, lines=1, layout="report") -> dict[str, str]:
    with style.laid_out(layout) as look:
        drawn = style.group_names(names, thin, inches=inches, lines=lines)
        for label in drawn.values():
            assert len(label.split("\n")) <= lines, label
            widest = max(style.text_inches(line, look.text) for line in label.split("\n"))
            assert widest <= inches, (label, widest)
    return drawn


def test_names_cut_alike_keep_the_word_where_they_differ():
    """Five names cut to one line at 0.75 inches were each "Group…"; each now keeps the first word where it
    differs from the others, with the cut mark where words are left out."""
    drawn = _cut(GROUP_OF)
    assert len({_said(d) for d in drawn.values()}) == 5, drawn
    assert drawn["Group of Latin American and Caribbean States"] == "\u2026Latin\u2026"
    assert drawn["Group of Asia-Pacific States"] == "\u2026Asia-\u2026"  # the whole word is too wide
    pair = GROUP_OF[1], GROUP_OF[3]  # room for their first word as well
    assert _cut(pair, inches=0.9) == {pair[0]: "Group\u2026 Asia-\u2026", pair[1]: "Group\u2026 Latin\u2026"}
    wide = _cut(GROUP_OF, inches=1.0)  # all keep as many first words: "Group… African…" does not fit
    assert wide[pair[1]] == "Group of Latin\u2026"  # cut like no other: as alone
    assert [wide[g] for g in GROUP_OF if g != pair[1]] == [
        "\u2026African\u2026",
        "\u2026Asia-Pacific\u2026",
        "\u2026Eastern\u2026",
        "\u2026Western\u2026",
    ]
    # a report column's two lines: the Asia-Pacific and the thin coalition were both "Group…"
    six, coalition = list(UN_NAMES.values()), UN_NAMES["Arab Group"]
    two = _cut(six, {coalition}, inches=0.73, lines=2)
    assert two["Group of Asia-Pacific States"] == "Group of\nAsia-\u2026"  # the first words whole
    assert two[coalition] == f"Group\u2026 {style.THIN_MARK}"  # "…Landlocked… †" is too wide: as alone


def test_names_that_differ_once_cut_are_drawn_as_each_is_cut_alone():
    """Only names cut alike are cut anew: the others, and a set without a collision (the bundled sample's
    short names), are drawn exactly as `group_name` cuts each."""
    names = [*GROUP_OF, "Coalition of Least Developed Countries (LDC)"]
    with style.laid_out("report"):
        alone = {g: style.group_name(g, inches=0.75, lines=1) for g in names}
        assert alone["Coalition of Least Developed Countries (LDC)"] == "Coalition\u2026"
    assert _cut(names)["Coalition of Least Developed Countries (LDC)"] == "Coalition\u2026"
    houses = list(config.GROUP_SHORT)
    with style.laid_out("report"):
        assert style.group_names(houses, inches=0.5, lines=1) == {
            g: style.group_name(g, inches=0.5, lines=1) for g in houses
        }


def test_ties_a_prefix_and_a_thin_mark_are_cut_apart():
    """Two names alike up to their fourth word beside a third alike up to its third keep the words that tell
    each from both ("…Western European…", not "…European…", which the Eastern European might be); a name
    that begins another, cut alike with it ("Group of Arab…" beside "Group of Arab… †": the dagger says the
    data are thin, not which group it is), ends without a cut mark after its last word, its thin mark kept."""
    western = [
        "Group of Western European and Other States",
        "Group of Western Balkan States",
        "Group of Eastern European States",
    ]
    drawn = _cut(western, inches=1.4)
    assert drawn == {
        western[0]: "\u2026Western European\u2026",
        western[1]: "\u2026Western Balkan\u2026",
        western[2]: "Group of Eastern\u2026",  # cut like no other: as alone
    }
    arab = ["Group of Arab States", "Group of Arab States and Friends"]
    with style.laid_out("report"):
        alone = [style.group_name(g, g == arab[0], inches=1.0, lines=1) for g in arab]
    assert alone == [f"Group of Arab\u2026 {style.THIN_MARK}", "Group of Arab\u2026"]
    drawn = _cut(arab, {arab[0]}, inches=1.0)
    assert drawn[arab[0]] == f"\u2026Arab States {style.THIN_MARK}", drawn
    assert _said(drawn[arab[0]]) != _said(drawn[arab[1]]), drawn


def test_a_name_cut_apart_leaves_no_bracket_open_and_no_dangling_word():
    """The rules of a single cut hold for a name cut apart: no bracket opened and not closed, no "and", "of"
    or "&" before a cut mark."""
    names = [
        "League of Arab States (Ligue des États arabes)",
        "League of Arab States (LAS) & Partners",
        "League of Arab States and Partners",
    ]
    drawn = _cut(names, inches=1.6, lines=1)
    assert len({_said(d) for d in drawn.values()}) == 3, drawn
    for label in drawn.values():
        assert label.count("(") <= label.count(")"), label
        words = label.replace(style.CUT_MARK, f" {style.CUT_MARK}").split()
        for before, after in zip(words, words[1:], strict=False):
            assert not (after == style.CUT_MARK and before in {"and", "of", "&", "the"}), label


def test_the_notes_call_a_name_cut_apart_as_it_is_drawn():
    """A note calls a cut group by the name drawn (`naming_cut`), which took the words up to the first cut
    mark: "…Latin…" was called "…" and "Group…\nAsia-… †" "Group…", the name of no label."""
    latin, asia = GROUP_OF[3], GROUP_OF[1]
    with (
        style.laid_out("report"),
        style.naming_cut({latin: "\u2026Latin\u2026", asia: "Group\u2026\nAsia-\u2026 \u2020"}),
    ):
        assert style.note_label(latin) == "\u2026Latin\u2026"
        assert style.note_label(asia, True) == "Group\u2026 Asia-\u2026 \u2020"


def test_where_no_distinct_cut_fits_names_are_cut_as_each_alone():
    """Too narrow for any word where the names differ, they are drawn as today (the notes then name each in
    full, `naming_cut`): deterministic, never wider than their room."""
    with style.laid_out("report"):
        alone = {g: style.group_name(g, inches=0.45, lines=1) for g in GROUP_OF}
    assert _cut(GROUP_OF, inches=0.45) == alone


def test_names_cut_apart_are_not_cut_alike_where_a_name_ends_in_a_bracket():
    """Whether another group's name could be read from a label asked for a word boundary where each run of
    the label begins and where its cut mark ends it: a name ending in ")" has none at its end, a run opening
    "(" none at its start, so "…Asia-…" was taken for neither "Group of Asia-Pacific States (AP)" nor
    "Group of Asia-Africa States (AA)" and both were drawn so, and "…(LAS) North" was drawn though
    "Coalition (LAS) North" ends so ("…North" was not: it could be the coalition's)."""
    asia = ["Group of Asia-Pacific States (AP)", "Group of Asia-Africa States (AA)"]
    drawn = _cut(asia)
    assert _said(drawn[asia[0]]) != _said(drawn[asia[1]]) or drawn == {g: "Group\u2026" for g in asia}, drawn
    assert "\u2026Asia-\u2026" not in drawn.values(), drawn
    north = ["Group of Arab States (LAS) North", "Group of Arab States (LAS) South", "Coalition (LAS) North"]
    drawn = _cut(north, inches=0.76)
    assert not drawn[north[0]].endswith("North"), drawn  # the coalition's name ends so as well
    assert len({_said(d) for d in drawn.values()}) == 3, drawn


def test_a_name_keeps_a_later_word_of_its_own_where_none_from_where_it_differs_fits():
    """A run had to begin at the first word where a name differs from any other cut like it, so "Group of
    Western Balkan States" (differing from the Eastern European's at "Western") had to keep "…Western
    Balkan…": too wide for a slide rank chart's column, it and "Group of Western European and Other States"
    were both drawn "Group…" though "…Balkan…" fits and no other group's name could be read from it. Names
    left so alike now keep a later run where one fits that no other name could be read from ("…European…"
    could be the Eastern European's, "…Other…" none but its own)."""
    western = ["Group of Western European and Other States", "Group of Western Balkan States"]
    names = [*western, "Group of Eastern European States", "Group of Asia-Pacific States"]
    with style.laid_out("report") as look:
        inches = style.text_inches("\u2026Western Balkan\u2026", look.text) - 0.01
    drawn = _cut(names, inches=inches)
    assert drawn[western[1]] == "\u2026Balkan\u2026", drawn
    assert drawn[western[0]] == "\u2026Other\u2026", drawn  # "…European…" could be the Eastern European's
    assert len({_said(d) for d in drawn.values()}) == len(names), drawn
