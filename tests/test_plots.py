"""The house style: every figure is a Figure built without pyplot, with fixed colours, readable
labels, intervals in the cells, and a visible mark on thin groups."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import config
from analysis.comparison import compare
from analysis.report import formats as f
from analysis.report import plots, style

sys.path.insert(0, str(Path(__file__).parent))
from test_compare import CLIMATE, SHORT, delegations, figure_tables, make_sentences  # noqa: E402
from test_figures import PROVENANCE, synthetic_sentences, synthetic_terms  # noqa: E402


def short_names(t: dict) -> dict:
    """figure_tables under the short names these tests use."""
    names = {"theme_prevalence": "prevalence", "theme_differences": "differences", "theme_ranks": "ranks",
             "rank_agreement": "agreement", "cooccurrence": "cooccurrence",
             "corrected_differences": "corrected_differences"}  # fmt: skip
    return {names[k]: v for k, v in t.items()}


def human_codes(sentences, every=4, flip="skills"):
    """People's codes for every `every`-th counted sentence: the machine's, with `flip` turned on."""
    u = compare.units(sentences)
    human = u.matrix.iloc[::every].copy()
    human[flip] = True
    return human


@pytest.fixture(scope="module")
def tables():
    s = synthetic_sentences()
    return {**short_names(figure_tables(s)), "terms": synthetic_terms()}


@pytest.fixture(scope="module")
def corrected():
    s = synthetic_sentences()
    return short_names(figure_tables(s, human=human_codes(s)))


@pytest.fixture(scope="module")
def drawn(tables):
    return _draw_all(tables)


def _draw_all(tables):
    thin = plots.thin_groups(tables["prevalence"])
    return {
        "prevalence_heatmap": plots.prevalence_heatmap(tables["prevalence"], provenance=PROVENANCE),
        "prevalence_dots": plots.prevalence_dots(tables["prevalence"], provenance=PROVENANCE),
        "differences_chart": plots.differences_chart(tables["differences"], PROVENANCE, thin=thin),
        "rank_chart": plots.rank_chart(tables["ranks"], PROVENANCE, thin=thin),
        "cooccurrence_matrix": plots.cooccurrence_matrix(tables["cooccurrence"], PROVENANCE),
        "distinctive_terms": plots.distinctive_terms(tables["terms"], PROVENANCE, thin=thin),
        "rank_agreement_matrix": plots.rank_agreement_matrix(tables["agreement"], PROVENANCE, thin=thin),
    }


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def test_every_figure_is_a_figure_made_without_pyplot_state(tables):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    rc_before = dict(matplotlib.rcParams)
    figs = _draw_all(tables)
    assert set(figs) == set(plots.FIGURES)
    assert all(isinstance(f, Figure) for f in figs.values())
    assert plt.get_fignums() == before
    assert dict(matplotlib.rcParams) == rc_before  # the house style does not leak


def test_every_figure_has_a_title_the_footer_and_short_labels_not_ids(drawn):
    for name, fig in drawn.items():
        texts = _texts(fig)
        assert any(t.get_gid() == "title" for t in fig.texts), name
        assert any("Codebook v1" in t for t in texts), name
        if name not in ("distinctive_terms", "rank_agreement_matrix"):
            assert "Climate action" in texts, name
            assert CLIMATE not in texts, name


def test_heatmap_cells_show_share_and_interval(tables, drawn):
    prev = tables["prevalence"]
    fig = drawn["prevalence_heatmap"]
    row = prev[(prev["group"] == "African Group") & (prev["theme"] == CLIMATE)].iloc[0]
    expected = f"{100 * row['share']:.0f}%\n[{100 * row['ci_low']:.0f}\u2013{100 * row['ci_high']:.0f}]"
    assert expected in _texts(fig)


def test_groups_keep_their_colour_and_order_everywhere():
    assert plots.group_colour("Arab Group") == plots.GROUP_COLOURS["Arab Group"]
    assert len(set(plots.GROUP_COLOURS.values())) == len(config.GROUPS)
    assert list(plots.GROUP_COLOURS) == list(config.GROUPS)
    briefing = plots.group_colour("Global briefing", config.GROUPS)
    assert briefing == plots.group_colour("Global briefing", config.GROUPS)
    assert briefing not in plots.GROUP_COLOURS.values()  # beside the house groups, none of theirs


def test_dots_use_the_group_colour_and_dashed_intervals_for_thin_groups(drawn):
    fig = drawn["prevalence_dots"]
    dots = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    assert len(dots) == len(config.GROUPS)
    colours = [matplotlib.colors.to_hex(d.get_color()) for d in dots]
    assert colours == [plots.GROUP_COLOURS[g].lower() for g in config.GROUPS]
    assert all(matplotlib.colors.to_hex(d.get_markerfacecolor()) != "#ffffff" for d in dots)  # no sample
    whiskers = [ln for ln in fig.axes[0].lines if ln.get_marker() in ("None", "", None)]
    dashed = [ln.get_linestyle() != "-" for ln in whiskers]
    assert dashed == [g == "Arab Group" for g in config.GROUPS]


def test_a_thin_groups_wide_interval_does_not_squash_the_dot_plot(tables):
    """Two observer delegations give an interval of 0-100%: the shared axis ends past the other groups'
    intervals instead, and the thin group's runs to the edge with an arrowhead."""
    prev = tables["prevalence"].copy()
    thin = prev["group"] == "Arab Group"
    assert prev.loc[thin, "thin"].all()
    prev.loc[thin, "ci_high"] = 1.0
    fig = plots.prevalence_dots(prev, provenance=PROVENANCE)
    others = prev.loc[~thin, ["share", "ci_high"]].to_numpy(float)
    assert fig.axes[0].get_xlim()[1] == pytest.approx(
        100 * 1.08 * max(np.nanmax(others), prev["share"].max())
    )
    assert fig.axes[0].get_xlim()[1] < 100
    arrows = [ln for ax in fig.axes for ln in ax.lines if ln.get_marker() == ">"]
    assert len(arrows) == prev.loc[thin, "theme"].nunique()


def test_with_a_validation_sample_figures_show_corrected_shares_and_machine_ones_hollow(corrected):
    prev = corrected["prevalence"]
    dots = plots.prevalence_dots(prev, provenance=PROVENANCE)
    marks = [ln for ln in dots.axes[0].lines if ln.get_marker() == "o"]
    hollow = [ln for ln in marks if matplotlib.colors.to_hex(ln.get_markerfacecolor()) == "#ffffff"]
    assert len(marks) == 2 * len(config.GROUPS) and len(hollow) == len(config.GROUPS)
    assert any(
        "Corrected with" in t and "sentences per group coded for validation" in t for t in _texts(dots)
    )
    heat = plots.prevalence_heatmap(prev, provenance=PROVENANCE)
    row = prev[(prev["group"] == "African Group") & (prev["theme"] == "skills")].iloc[0]
    texts = _texts(heat)
    corrected_cell = f"{100 * max(row['corrected_share'], 0):.0f}%\n[{100 * row['corrected_ci_low']:.0f}"
    assert any(t.startswith(corrected_cell) for t in texts), row
    assert f"machine {100 * row['share']:.0f}%" in texts
    assert any("corrected for the coder's errors" in t for t in texts)


def test_a_group_without_a_sample_shows_its_machine_coded_share_hollow_beside_corrected_ones(corrected):
    """Filled means corrected in this figure; the observers (no validated sentence) are machine-coded."""
    prev = corrected["prevalence"].copy()
    arab = prev["group"] == "Arab Group"
    prev.loc[arab, ["corrected_share", "corrected_ci_low", "corrected_ci_high"]] = np.nan
    marks = [
        ln
        for ln in plots.prevalence_dots(prev, provenance=PROVENANCE).axes[0].lines
        if ln.get_marker() == "o"
    ]
    filled = [matplotlib.colors.to_hex(ln.get_markerfacecolor()) != "#ffffff" for ln in marks]
    assert len(marks) == 2 * len(config.GROUPS) - 1 and sum(filled) == len(config.GROUPS) - 1


def test_a_group_corrected_from_fewer_than_twenty_validated_sentences_is_named_in_the_note(corrected):
    """A sample of 18 holds none or one of most themes' sentences: the reader of the figure is told."""
    prev = corrected["prevalence"].copy().assign(n_validated=60)  # every group has enough: no such note
    assert not any("fewer than 20" in t for t in _texts(plots.prevalence_dots(prev, provenance=PROVENANCE)))
    prev.loc[prev["group"] == "Arab Group", "n_validated"] = 18
    for figure in (plots.prevalence_dots, plots.prevalence_heatmap):
        note = [t for t in _texts(figure(prev, provenance=PROVENANCE)) if "fewer than 20 in" in t]
        assert note and "fewer than 20 in Arab:" in note[0], note
        assert "rough" in note[0]


def test_a_narrow_interval_is_never_shown_as_a_single_percent(tables):
    """Over the ten General Debate years (171,000 sentences) rare themes have shares near 1% with
    intervals such as 0.67-1.20%: in whole percents the cell read '1%\n[1–1]', an interval of
    no width, and a raised theme at 0.3% read '0%' like one nobody raised. Where whole percents would
    do either, every cell of the figure shows one decimal (one style per figure)."""
    prev = tables["prevalence"].copy()
    narrow = (prev["group"] == "African Group") & (prev["theme"] == CLIMATE)
    rare = (prev["group"] == "African Group") & (prev["theme"] == "skills")
    prev.loc[narrow, ["share", "ci_low", "ci_high"]] = [0.00906, 0.00669, 0.01199]
    prev.loc[rare, ["share", "ci_low", "ci_high", "upper_bound_only"]] = [0.003, 0.0, 0.26, False]
    texts = _texts(plots.prevalence_heatmap(prev, provenance=PROVENANCE))
    assert "0.9%\n[0.7–1.2]" in texts and "0.3%\n[0.0–26.0]" in texts
    assert not any("[1–1]" in t or t.startswith("0%") for t in texts)
    other = prev[~narrow & ~rare & (prev["share"] > 0)].iloc[0]
    assert f"{100 * other['share']:.1f}%\n[{100 * other['ci_low']:.1f}–{100 * other['ci_high']:.1f}]" in texts
    assert not _cell_overflows(plots.prevalence_heatmap(prev, provenance=PROVENANCE))


def test_a_machine_share_in_one_decimal_keeps_inside_its_cell(corrected):
    """Where the figure goes to one decimal, the machine-coded share under a corrected one did too, and
    "machine 10.9%" ran past its cell: its first and last letters were lost in the white gap of the dark
    cells of the 2023 General Debate's heatmap. From 10% up two figures say it ("machine 11%"), and 100
    is never "100.0"."""
    prev = corrected["prevalence"].copy()
    narrow = (prev["group"] == "African Group") & (prev["theme"] == CLIMATE)
    prev.loc[narrow, ["corrected_share", "corrected_ci_low", "corrected_ci_high"]] = [0.0090, 0.0067, 0.0120]
    high = (prev["group"] == "African Group") & (prev["theme"] == "skills")
    prev.loc[high, "share"] = 0.109
    low = prev["corrected_share"].notna() & ~narrow & ~high
    prev.loc[prev.index[low][0], "share"] = 0.054
    fig = plots.prevalence_heatmap(prev, provenance=PROVENANCE)
    texts = _texts(fig)
    assert "0.9%\n[0.7\u20131.2]" in texts  # the figure is in one decimal
    assert "machine 11%" in texts and "machine 5.4%" in texts
    assert not any("100.0" in t for t in texts)  # a share or an end at 100 stays whole: "[90.5–100]"
    assert not _cell_overflows(fig)


def test_a_corrected_share_above_one_shows_as_100_percent_as_in_the_tables(corrected):
    """A handful of validated sentences can put the unbiased estimate above 1 (docs/statistics.md); the
    heatmap printed '110%' in a cell whose interval ended at 100."""
    prev = corrected["prevalence"].copy()
    cell = (prev["group"] == "African Group") & (prev["theme"] == "skills")
    prev.loc[cell, ["corrected_share", "corrected_ci_low", "corrected_ci_high"]] = [1.1, 0.9, 1.0]
    texts = _texts(plots.prevalence_heatmap(prev, provenance=PROVENANCE))
    assert "100%\n[90\u2013100]" in texts
    assert not any(t.startswith("110%") for t in texts)


def test_a_corrected_share_below_zero_is_not_shown_as_a_theme_nobody_raised(corrected):
    """The heatmap's "[≤x]" means no sentence carried the theme; a corrected estimate below 0 (its
    sentences were there, the coder's errors explain them away) shows its interval from 0."""
    prev = corrected["prevalence"].copy()
    cell = (prev["group"] == "African Group") & (prev["theme"] == "skills")
    assert prev.loc[cell, "share"].iloc[0] > 0
    prev.loc[cell, ["corrected_share", "corrected_ci_low", "corrected_ci_high"]] = [-0.04, 0.0, 0.17]
    texts = _texts(plots.prevalence_heatmap(prev, provenance=PROVENANCE))
    assert "0%\n[0\u201317]" in texts
    assert not any(t.startswith("0%\n[\u2264") for t in texts)


def test_thin_groups_are_marked_hatched_and_explained(drawn):
    fig = drawn["prevalence_heatmap"]
    texts = _texts(fig)
    assert any(t.startswith("Arab \u2020") for t in texts)
    assert any("thin data" in t and "only 3 delegations" in t for t in texts)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == len(SHORT)  # one row of cells
    fig = drawn["differences_chart"]
    assert any("Arab \u2020" in t for t in _texts(fig))


def test_figures_survive_a_group_with_one_delegation_and_a_theme_nobody_raised():
    spec = {"African Group": delegations("A", 2, 10, 6), "Arab Group": {"EGY": [CLIMATE, ""]}}
    t = short_names(figure_tables(make_sentences(spec)))
    prev = t["prevalence"]
    assert np.isnan(prev[prev["group"] == "Arab Group"]["ci_low"]).all()
    fig = plots.prevalence_heatmap(prev, provenance=PROVENANCE)
    texts = _texts(fig)
    assert "50%" in texts  # a share without an interval, not a crash
    assert any(t.startswith("0%\n[\u2264") for t in texts)  # nobody raised it: a one-sided bound
    assert not any("[0\u20130]" in t for t in texts)
    plots.prevalence_dots(prev)
    plots.differences_chart(t["differences"])
    plots.rank_chart(t["ranks"])
    plots.cooccurrence_matrix(t["cooccurrence"])
    plots.rank_agreement_matrix(t["agreement"])
    plots.distinctive_terms(synthetic_terms(["African Group", "Arab Group"]))


def test_the_differences_chart_draws_intervals_and_says_what_it_can_detect(drawn, tables):
    fig = drawn["differences_chart"]
    assert any("With these delegations a difference smaller than about" in t for t in _texts(fig))
    assert all(ax.collections for ax in fig.axes[: len(config.GROUPS)])  # an interval line per bar


def test_plotted_data_is_what_the_figure_draws(tables):
    data = plots.differences_chart_data(tables["differences"])
    assert set(data["group"]) == set(config.GROUPS)  # vs-rest rows only, one per group and theme
    assert len(data) == len(config.GROUPS) * len(SHORT)
    terms = plots.distinctive_terms_data(tables["terms"])
    assert terms.groupby("group").size().max() == plots.TOP_TERMS
    assert (terms["z"] > 0).all()


def test_a_thin_groups_wide_interval_does_not_squash_the_differences_chart(tables):
    diff = tables["differences"].copy()
    thin = plots.thin_groups(tables["prevalence"])
    arab = (diff["family"] == "vs_rest") & (diff["group_a"] == "Arab Group")
    diff.loc[arab, ["ci_low", "ci_high"]] = [-0.9, 0.9]
    fig = plots.differences_chart(diff, PROVENANCE, thin=thin)
    assert fig.axes[0].get_xlim()[1] < 90 * 1.35, "the axis follows the groups that are not thin"
    arrows = [ln for ax in fig.axes for ln in ax.lines if ln.get_marker() in ("<", ">")]
    assert sum(len(ln.get_xdata()) for ln in arrows) == 2 * int(arab.sum())


def _hard_q_labels(tables):
    """Significant bars whose labels have no room past their intervals: a long bar near the axis' end
    on the negative and on the positive side (small and large q), an interval reaching both ends
    (no room on either side), a thin group's interval cut at the edge one way and both ways."""
    diff = tables["differences"].copy()
    vs_rest = diff["family"] == "vs_rest"
    diff.loc[vs_rest, ["diff", "ci_low", "ci_high", "significant"]] = [0.0, -0.01, 0.01, False]
    themes = list(dict.fromkeys(diff["theme"]))
    hard = [  # group, theme, diff, ci_low, ci_high, q
        ("African Group", 0, -0.08, -0.105, -0.055, 0.0004),
        ("African Group", 1, -0.03, -0.05, -0.01, 0.03),
        ("African Group", 2, 0.02, 0.001, 0.04, 0.0496),
        ("Asia-Pacific Group", 0, 0.08, 0.055, 0.105, 0.0496),
        ("Asia-Pacific Group", 1, 0.09, 0.07, 0.104, 0.00001),
        ("Asia-Pacific Group", 2, -0.09, -0.104, -0.07, 0.012),
        ("Eastern European Group", 0, 0.08, -0.105, 0.105, 0.049),
        ("Eastern European Group", 1, -0.08, -0.105, 0.105, 0.0001),
        ("Arab Group", 0, -0.05, -0.9, 0.9, 0.03),
        ("Arab Group", 1, 0.05, 0.01, 0.9, 0.0002),
        ("Arab Group", 2, -0.05, -0.9, -0.01, 0.04),
    ]
    for g, k, d, lo, hi, q in hard:
        row = vs_rest & (diff["group_a"] == g) & (diff["theme"] == themes[k])
        assert row.sum() == 1, (g, k)
        diff.loc[row, ["diff", "ci_low", "ci_high", "q_value", "q_welch"]] = [d, lo, hi, q, q]
        diff.loc[row, ["significant", "p_exact"]] = [True, True]
    return diff, len(hard)


@pytest.mark.parametrize("dpi", [100, 300])
def test_q_labels_stay_inside_their_panel_clear_of_the_spines_and_each_other(tables, dpi):
    """A q label past an interval that nearly reaches the axis' end ran over the spine and out of its
    panel (the General Debate's Eastern Europe): every label now lies inside its panel, touches no
    spine and no other label, and sits on its bar's row."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis import figures

    diff, n_labels = _hard_q_labels(tables)
    fig = plots.differences_chart(diff, PROVENANCE, thin=plots.thin_groups(tables["prevalence"]))
    figures.freeze_layout(fig)
    fig.set_dpi(dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = []
    with matplotlib.rc_context(plots.STYLE):
        for ax in fig.axes:
            labels = [t for t in ax.texts if t.get_text().startswith("q ")]
            panel = ax.get_window_extent(renderer)
            spines = [s.get_window_extent(renderer) for s in ax.spines.values() if s.get_visible()]
            for t in labels:
                box = t.get_window_extent(renderer)
                where = f"{ax.get_title()} {t.get_text()!r}"
                assert panel.x0 < box.x0 and box.x1 < panel.x1, where
                assert panel.y0 < box.y0 and box.y1 < panel.y1, where
                assert not any(box.overlaps(s) for s in spines), where
                row = ax.transData.inverted().transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))[1]
                assert row == pytest.approx(round(row), abs=0.25), where
                boxes.append((where, box))
    assert len(boxes) == n_labels
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)
    figures._close(fig)


def test_a_q_label_with_no_room_past_its_interval_goes_past_zero_on_the_other_side(tables):
    diff, _ = _hard_q_labels(tables)
    fig = plots.differences_chart(diff, PROVENANCE, thin=plots.thin_groups(tables["prevalence"]))
    africa = fig.axes[list(config.GROUPS).index("African Group")]
    by_row = {round(t.xy[1]): t for t in africa.texts if t.get_text().startswith("q ")}
    assert by_row[0].xy[0] == 0 and by_row[0].get_horizontalalignment() == "left"  # long bar, left
    assert by_row[1].xy[0] == pytest.approx(-5) and by_row[1].get_horizontalalignment() == "right"  # room
    assert by_row[2].xy[0] == pytest.approx(4) and by_row[2].get_horizontalalignment() == "left"
    assert by_row[0].get_text() == "q < 0.001"
    eastern = fig.axes[list(config.GROUPS).index("Eastern European Group")]
    assert all(t.get_bbox_patch() for t in eastern.texts if t.get_text().startswith("q "))  # no room


def test_each_groups_top_theme_says_how_often_it_comes_first(drawn, tables):
    """A rank of 1 reads as a settled fact; in a coin toss between two themes it is not."""
    ranks = tables["ranks"]
    labels = [t for t in _texts(drawn["rank_chart"]) if "\nfirst in " in t]
    assert len(labels) == ranks["group"].nunique()
    for _, top in ranks.sort_values("rank").drop_duplicates("group").iterrows():  # the theme ranked 1
        assert any(
            t.startswith("1\n") and t.endswith(f"first in {f.format_share(top['p_top'], 0)}") for t in labels
        )


def _terms(rows, group="Western European and Others Group"):
    """(term, count, z) rows of one group, as the distinctive_terms table has them."""
    return pd.DataFrame(
        [
            {"group": group, "kind": "phrase" if " " in t else "word", "term": t, "rank": i + 1, "count": n,
             "count_rest": 3, "log_odds": 1.0, "z": z, "n_delegations": 4}
            for i, (t, n, z) in enumerate(rows)
        ]
    )  # fmt: skip


def test_a_word_that_only_repeats_a_phrase_shown_beside_it_is_left_out():
    terms = _terms([
        ("circular", 12, 4.1),  # 11 of its 12 uses are in "circular economy": an echo
        ("circular economy", 11, 4.0),
        ("technology", 20, 3.9),  # 5 of 20 in "technology transfer": a word of its own
        ("food", 17, 3.8),  # 6 of 17 in "food security": not most, until "food system" (4) is shown too
        ("food security", 6, 3.0),
        ("technology transfer", 5, 2.9),
        ("economy", 4, 2.8),  # in "circular economy" 11 times, more than its own count: an echo
        ("food system", 4, 2.7),
        ("security", 20, 2.6),  # 6 of 20: stays
        ("partner", 8, 2.5),
    ])  # fmt: skip
    shown = plots.distinctive_terms_data(terms, top=6)
    # "circular" out, so "economy" comes in and goes out, so "food system" comes in and takes "food" out
    assert shown["term"].tolist() == [
        "circular economy", "technology", "food security", "technology transfer", "food system", "security",
    ]  # fmt: skip
    # a word whose phrase is not among those shown stays
    alone = plots.distinctive_terms_data(terms.query("term != 'circular economy'"), top=6)
    assert "circular" in alone["term"].tolist()


def test_the_terms_figure_speaks_to_readers_and_still_names_its_statistic():
    terms = _terms([("circular", 12, 4.1), ("circular economy", 11, 4.0), ("partner", 8, 2.5)])
    fig = plots.distinctive_terms(terms, PROVENANCE)
    labels = [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()]
    assert labels and all("log-odds" not in label for label in labels)
    texts = _texts(fig)
    assert any("weighted log-odds" in t for t in texts)  # named in the subtitle
    assert "circular" not in [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert "4" in texts  # the delegations that used each term, beside its bar


def test_a_group_without_a_distinctive_term_keeps_its_panel_and_says_so(tables):
    terms = _terms([("circular economy", 11, 4.0), ("partner", 8, 2.5)])  # WEOG's only
    fig = plots.distinctive_terms(terms, PROVENANCE, theme_prevalence=tables["prevalence"])
    titles = [t for ax in fig.axes for t in (ax.get_title(loc=w) for w in ("left", "center")) if t]
    assert len(titles) == len(set(tables["prevalence"]["group"])) == len(config.GROUPS)
    assert _texts(fig).count("no distinctive terms") == len(config.GROUPS) - 1
    alone = plots.distinctive_terms(terms, PROVENANCE)  # without the study's groups: the table's only
    assert len([t for ax in alone.axes for t in (ax.get_title(loc=w) for w in ("left", "center")) if t]) == 1


@pytest.mark.parametrize("n_groups", [2, 4, 5])
def test_every_labelled_x_axis_of_a_panel_grid_shows_its_scale(tables, n_groups):
    """With fewer groups than fill the grid (a group missing from a corpus), the lowest panel of a column
    stands above an empty slot: it is labelled 'percentage points' and must show the numbers too (the
    shared axis had hidden them, leaving a label with no scale)."""
    keep = list(config.GROUPS)[:n_groups]
    diff = tables["differences"]
    diff = diff[diff["group_a"].isin(keep)]
    fig = plots.differences_chart(diff, PROVENANCE)
    fig.draw_without_rendering()
    labelled = [ax for ax in fig.axes if ax.get_xlabel()]
    assert len(labelled) == min(n_groups, 3)  # the lowest panel of each column in use
    for ax in labelled:
        shown = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        assert shown, ax.get_title()


def _cell_overflows(fig: Figure, height: bool = False) -> list[str]:
    """The cell labels of a heatmap wider (or, with `height`, taller) than their cell (each label is
    centred in a one-unit cell); a label on a plate is measured with it. A theme's name on the diagonal
    (the co-occurrence matrix on a narrow page) is no cell's label."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    with matplotlib.rc_context(plots.STYLE):
        fig.draw_without_rendering()
        width = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
        tall = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])

        def extent(t):
            plate = t.get_bbox_patch()
            return plate.get_window_extent(renderer) if plate is not None else t.get_window_extent(renderer)

        return [
            t.get_text()
            for t in ax.texts
            if t.get_gid() != "diagonal-name"
            and (extent(t).width > width or (height and extent(t).height > tall))
        ]


def test_a_lift_of_ten_or_more_keeps_its_label_inside_its_cell(tables):
    """The General Debate's lifts run to 16 ('16.2\\n[12.7-20.1]'): at one decimal the label was wider
    than its cell and its bracket vanished into the white gap. Two significant figures suffice there."""
    co = tables["cooccurrence"].copy()
    wide = [(16.2, 12.7, 20.1), (7.9, 4.6, 11.5), (7.0, 4.04, 10.2)]
    within = co.index[co["stratum"] == "within groups"][: len(wide)]
    for row, (lift, low, high) in zip(within, wide, strict=True):
        co.loc[row, ["lift", "ci_low", "ci_high", "upper_bound_only"]] = [lift, low, high, False]
    fig = plots.cooccurrence_matrix(co, PROVENANCE)
    texts = _texts(fig)
    assert "16\n[13\u201320]" in texts and "7.9\n[4.6\u201312]" in texts and "7.0\n[4.0\u201310]" in texts
    assert not _cell_overflows(fig)


def _contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    to_rgb = matplotlib.colors.to_rgb

    def luminance(c):
        rgb = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in to_rgb(c)]
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

    lo, hi = sorted((luminance(a), luminance(b)))
    return (hi + 0.05) / (lo + 0.05)


def _faint_cell_text(fig: Figure) -> list[tuple[str, float]]:
    """A heatmap's cell labels whose contrast with their cell's colour is below WCAG AA (4.5:1)."""
    ax = fig.axes[0]
    (mesh,) = ax.collections
    colours = mesh.to_rgba(mesh.get_array())
    faint = []
    for t in ax.texts:
        x, y = t.get_position()
        cell = colours[int(np.floor(y)), int(np.floor(x))]
        if cell[3] > 0 and _contrast(t.get_color(), cell) < 4.5:
            faint.append((t.get_text(), round(_contrast(t.get_color(), cell), 2)))
    return faint


def test_every_heatmap_number_stands_out_from_its_cell(tables):
    """Cell numbers are black or white, whichever stands out more from the cell's colour: a fixed cut
    (white from 60% of the scale) put white on mid-blue at 3.2:1 and white on the orange of tau = -0.7 at
    3.7:1, below the 4.5:1 a printed or projected report needs. Values span each scale."""
    prev = tables["prevalence"].copy()
    prev["share"] = np.linspace(0, 0.6, len(prev))
    agree = tables["agreement"].copy()
    agree["tau"] = np.linspace(-1, 1, len(agree))
    co = tables["cooccurrence"].copy()
    within = co["stratum"] == "within groups"
    co.loc[within, "lift"] = np.geomspace(0.2, 5, int(within.sum()))
    co.loc[within, "upper_bound_only"] = False
    figs = {
        "prevalence_heatmap": plots.prevalence_heatmap(prev, PROVENANCE),
        "rank_chart": plots.rank_chart(tables["ranks"], PROVENANCE),
        "cooccurrence_matrix": plots.cooccurrence_matrix(co, PROVENANCE),
        "rank_agreement_matrix": plots.rank_agreement_matrix(agree, PROVENANCE),
    }
    faint = {name: _faint_cell_text(fig) for name, fig in figs.items()}
    assert not any(faint.values()), faint


def test_the_differences_chart_says_what_an_arrowhead_at_a_panels_edge_means(tables):
    """A thin group's interval is cut at the axis' edge with an arrowhead (the General Debate's two
    observers: every interval); the dot plot's key explains it, and so must the differences chart."""
    thin = plots.thin_groups(tables["prevalence"])
    fig = plots.differences_chart(tables["differences"], PROVENANCE, thin=thin)
    assert not any("arrowhead" in t for t in _texts(fig))  # nothing is cut, nothing to explain
    diff = tables["differences"].copy()
    arab = (diff["family"] == "vs_rest") & (diff["group_a"] == "Arab Group")
    diff.loc[arab, ["ci_low", "ci_high"]] = [-0.9, 0.9]
    fig = plots.differences_chart(diff, PROVENANCE, thin=thin)
    assert any("arrowhead" in t and "runs on past the axis" in t for t in _texts(fig))


def test_the_source_line_counts_sessions_as_the_figure_counts_sentences():
    """The ten-year General Debate figures read 'Source: 1938 sessions' under '37,856 sentences'."""
    from analysis.report.style import source_text

    prov = {"source": {"sessions": 1938, "first_date": "2015", "last_date": "2024"}}
    assert source_text(prov) == "Source: 1,938 sessions, 2015 to 2024."


def _text_on_white(fig: Figure) -> list[matplotlib.text.Text]:
    """The texts a figure draws on its white ground: titles, notes, axis and tick labels, and the texts of
    panels that are not heatmaps (a heatmap's cell numbers sit on the cell's colour, tested above)."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.get_xticklabels() + ax.get_yticklabels()
        if not any(isinstance(c, matplotlib.collections.QuadMesh) for c in ax.collections):
            texts += ax.texts
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def test_a_thin_groups_name_is_as_legible_as_any_other_text(drawn):
    """A thin group is marked by its dagger and hatching; its name was also drawn in #9A9A9A, 2.8:1 on
    white, below the 4.5:1 (WCAG AA) printed text needs: in a greyscale print 'Africa' faded next to the
    other groups. Every text on the white ground, the thin group's name included, reaches 4.5:1."""
    faint = {
        name: sorted({(t.get_text().split("\n")[0], round(_contrast(t.get_color(), "white"), 1))
                      for t in _text_on_white(fig) if _contrast(t.get_color(), "white") < 4.5})
        for name, fig in drawn.items()
    }  # fmt: skip
    assert any("Arab \u2020" in t for t in _texts(drawn["differences_chart"]))  # the thin group is drawn
    assert not any(faint.values()), faint


def test_a_panel_without_distinctive_terms_says_so_legibly(tables):
    terms = _terms([("circular economy", 11, 4.0)])  # WEOG's only: the other panels say they have none
    fig = plots.distinctive_terms(terms, PROVENANCE, theme_prevalence=tables["prevalence"])
    notes = [t for t in _text_on_white(fig) if t.get_text() == "no distinctive terms"]
    assert notes and all(_contrast(t.get_color(), "white") >= 4.5 for t in notes)


def _hatch_under_text(fig: Figure) -> list[str]:
    """The heatmap cell labels that a thin group's hatching runs through: the figure rendered with and
    without its hatched patches differs inside the label's extent."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax = fig.axes[0]
    hatches = [p for p in ax.patches if p.get_hatch()]
    assert hatches, "the figure has a thin group"

    def pixels():
        canvas = FigureCanvasAgg(fig)
        with matplotlib.rc_context(plots.STYLE):
            canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].astype(int), canvas.get_renderer()

    with_hatch, renderer = pixels()
    for p in hatches:
        p.set_visible(False)
    without, _ = pixels()
    for p in hatches:
        p.set_visible(True)
    height = with_hatch.shape[0]
    crossed = []
    for t in ax.texts:
        box = t.get_window_extent(renderer)
        rows = slice(int(height - box.y1) + 1, int(height - box.y0) - 1)
        cols = slice(int(box.x0) + 1, int(box.x1) - 1)
        if (np.abs(with_hatch[rows, cols] - without[rows, cols]) > 8).any():
            crossed.append(t.get_text())
    return crossed


def test_a_thin_groups_numbers_are_not_crossed_by_its_hatching(tables, corrected):
    """A thin group's cells are hatched; the hatch lines ran through their numbers ('τ = 0.57' and
    '[0.16, 0.87]' struck through in the 2023 General Debate's Observers row, '47%\\n[9–86]' in the sample's
    Africa row), hard to read at a report's print size. Each number sits on a plain plate of its cell's
    colour; the hatching shows around it."""
    thin = plots.thin_groups(tables["prevalence"])
    figs = {
        "prevalence_heatmap": plots.prevalence_heatmap(tables["prevalence"], PROVENANCE),
        "corrected prevalence_heatmap": plots.prevalence_heatmap(corrected["prevalence"], PROVENANCE),
        "rank_chart": plots.rank_chart(tables["ranks"], PROVENANCE, thin=thin),
        "rank_agreement_matrix": plots.rank_agreement_matrix(tables["agreement"], PROVENANCE, thin=thin),
    }
    crossed = {name: _hatch_under_text(fig) for name, fig in figs.items()}
    assert not any(crossed.values()), crossed


LONG_NAMES = {
    "Western European and Others Group": (
        "Group of Landlocked Developing Countries and Small Island Developing States"
    ),
    "Arab Group": "Coalition of Least Developed Countries (LDC)",
}


def _renamed(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = df.copy()
    for column in ("group", "group_a", "group_b"):
        if column in out.columns:
            out[column] = out[column].replace(names)
    return out


def _drawn_texts(fig: Figure) -> list[matplotlib.text.Text]:
    """The texts a figure draws: its own, and each panel's titles, labels, texts and the tick labels inside
    its view (matplotlib keeps labels for ticks past the limits, undrawn)."""
    texts = list(fig.texts)
    for ax in fig.axes:
        if not ax.axison:
            texts += ax.texts
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks():
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9 and tick.label1.get_visible():
                    texts.append(tick.label1)
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def _stray_text(fig: Figure) -> list[str]:
    """Texts that leave the figure, and level texts that run into one another (a panel title into the next
    panel's, a tick label into a title): what a report's editor sends back."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    with matplotlib.rc_context(plots.STYLE):
        fig.draw_without_rendering()
        boxes = [(t, t.get_window_extent(renderer)) for t in _drawn_texts(fig)]
    frame = fig.bbox
    stray = [
        f"outside: {t.get_text()!r}"
        for t, b in boxes
        if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y0 < frame.y0 - 1 or b.y1 > frame.y1 + 1
    ]
    level = [(t, b) for t, b in boxes if t.get_rotation() == 0]
    for k, (a, box_a) in enumerate(level):
        for b, box_b in level[k + 1 :]:
            overlap = matplotlib.transforms.Bbox.intersection(box_a, box_b)
            if overlap is not None and overlap.width > 1 and overlap.height > 1:
                stray.append(f"overlap: {a.get_text()!r} / {b.get_text()!r}")
    return stray


def test_long_group_names_wrap_and_leave_the_panels_their_room(tables):
    """A study's own groups may have long names ('Group of Landlocked Developing Countries and Small Island
    Developing States', 76 characters): drawn on one line, they ran off the figure as panel titles, ran
    the dot plot's x labels into each other and squeezed the tau matrix to a sliver with its numbers spilling
    over the cells. A group's name wraps onto lines of at most LABEL_INCHES, every text stays in the
    figure, clear of the others, and every cell's number inside its cell."""
    long = {name: _renamed(t, LONG_NAMES) for name, t in tables.items()}
    long["terms"] = synthetic_terms([LONG_NAMES.get(g, g) for g in config.GROUPS])
    figs = _draw_all(long)
    stray = {name: _stray_text(fig) for name, fig in figs.items()}
    assert not any(stray.values()), stray
    for name in ("prevalence_heatmap", "rank_chart", "rank_agreement_matrix"):
        assert not _cell_overflows(figs[name]), name
    labels = [t.get_text() for t in figs["rank_agreement_matrix"].axes[0].get_yticklabels()]
    assert any("\n" in label and "Small Island" in label for label in labels)
    for name in ("rank_chart", "rank_agreement_matrix"):  # slanted names end before the next begins
        ax = figs[name].axes[0]
        column = ax.get_window_extent().width / len(ax.get_xticks()) / figs[name].dpi
        widths = [
            style.text_inches(line, 9) for t in ax.get_xticklabels() for line in t.get_text().split("\n")
        ]
        assert max(widths) <= column, (name, max(widths), column)
    assert not _cell_overflows(figs["rank_chart"], height=True)


PRINT_WIDTH_CM = 24  # an A4 landscape page's text width: README, "Sizes for print"


def test_every_text_is_at_least_6_pt_printed_at_the_width_the_readme_gives(drawn):
    """The README tells an editor a figure can be printed 24 cm wide; there every text, the smallest
    included (7 pt on an 11-inch figure), must stay at 6 pt or more."""
    printed = {}
    for name, fig in drawn.items():
        scale = PRINT_WIDTH_CM / 2.54 / fig.get_figwidth()
        sizes = [t.get_fontsize() for t in _drawn_texts(fig)]
        printed[name] = round(min(sizes) * scale, 2)
    assert min(printed.values()) >= 6, printed


def _grey_under(fig: Figure, texts) -> list:
    """The colours at a corner of each of `texts`' cells (clear of the text) that are not light grey."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ax = fig.axes[0]
    canvas = FigureCanvasAgg(fig)
    with matplotlib.rc_context(plots.STYLE):
        canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]
    height = pixels.shape[0]
    wrong = []
    for t in texts:
        x, y = t.get_position()
        px, py = ax.transData.transform((x - 0.35, y - 0.35))
        colour = pixels[int(height - py), int(px)] / 255
        if not np.allclose(colour, matplotlib.colors.to_rgb(style.LIGHT_GREY), atol=0.02):
            wrong.append(colour.round(2).tolist())
    return wrong


def test_a_tau_nobody_can_compute_is_a_grey_cell_the_notes_explain(tables):
    """A group giving every theme the same share has no ranking, and its tau is n/a: grey and explained."""
    agree = tables["agreement"].copy()
    agree.loc[agree.index[:2], ["tau", "ci_low", "ci_high"]] = np.nan
    fig = plots.rank_agreement_matrix(agree, PROVENANCE)
    empty = [t for t in fig.axes[0].texts if t.get_text() == "n/a"]
    assert len(empty) == 2 and not _grey_under(fig, empty)
    assert any("n/a (grey): a group that gives every theme the same share" in t for t in _texts(fig))


def test_a_pair_without_a_lift_is_a_grey_cell_the_notes_explain(tables):
    """A pair of themes no group raised both of has no lift ('n/a'; a theme nobody raised has none with
    any other): its cells were left blank, like the unused half of the matrix, and nothing said what 'n/a'
    meant. They are light grey, as a missing share is in the prevalence heatmap, and a note says why."""
    co = tables["cooccurrence"].copy()
    within = co["stratum"] == "within groups"
    last = co.loc[within, "theme_b"].iloc[-1]  # a theme nobody raised
    nobody = co["theme_a"].eq(last) | co["theme_b"].eq(last)
    co.loc[within & nobody, ["lift", "ci_low", "ci_high"]] = np.nan
    co.loc[within & nobody, ["count", "expected"]] = 0
    co.loc[within & nobody, "upper_bound_only"] = False
    fig = plots.cooccurrence_matrix(co, PROVENANCE)
    empty = [t for t in fig.axes[0].texts if t.get_text() == "n/a"]
    assert empty and not _grey_under(fig, empty)
    assert any("n/a (grey): no group raised both themes" in t for t in _texts(fig))


def test_a_studys_own_groups_are_told_apart_by_colour_in_every_figure(tables):
    """Groups outside the house list took a colour by a hash of their name from three, so two of a study's
    own groups could share one ('Coalition of Least Developed Countries (LDC)' and 'Group of Landlocked
    ...' were both #999999 in the dot plot and the differences chart). Each takes the next colour the study's
    groups leave free, in the study's order, the same in every figure of the study. The General Debate's
    Observers, beside the six house groups, stay grey."""
    long = {name: _renamed(t, LONG_NAMES) for name, t in tables.items()}
    long["terms"] = synthetic_terms([LONG_NAMES.get(g, g) for g in config.GROUPS])
    figs = _draw_all(long)
    own = list(LONG_NAMES.values())
    assert plots.group_colour(own[0]) == plots.group_colour(own[1])  # alone, each is its study's first

    dots = figs["prevalence_dots"].axes[0]
    by_row = {}
    for line in dots.lines:
        if len(line.get_ydata()):
            by_row.setdefault(round(float(np.mean(line.get_ydata()))), set()).add(
                matplotlib.colors.to_hex(line.get_color())
            )
    order = config.group_order(set(long["prevalence"]["group"]))
    a, b = (by_row[order.index(g)] for g in own)
    assert a.isdisjoint(b), (a, b)
    bars = {}
    for ax in figs["distinctive_terms"].axes:
        title = ax.get_title(loc="left").replace("\n", " ")
        if ax.patches and title:
            bars[title] = matplotlib.colors.to_hex(ax.patches[0].get_facecolor())
    picked = [c for t, c in bars.items() if any(t.startswith(n[:20]) for n in own)]
    assert len(picked) == 2 and picked[0] != picked[1], bars
    assert set(picked) <= a | b  # the same colours as in the dot plot
    assert plots.group_colour("Observers", ["Observers", *config.GROUPS]) == "#999999"


# Six of a study's own groups, named messily (brackets, "&", an apostrophe, accents): none is a house group
OWN_SIX = dict(
    zip(
        config.GROUPS,
        [
            "Côte d'Ivoire's Partners: African Union (AU) Group",
            "Asia-Pacific Group incl. Pacific Small Island Developing States",
            "Eastern European States & Côte d'Ivoire's Observers",
            "Latin America and the Caribbean (GRULAC)",
            "Western European and Others Group (WEOG) & the EU",
            "League of Arab States (Ligue des États arabes)",
        ],
        strict=True,
    )
)


def _row_colours(ax) -> list[set[str]]:
    """The colours of each group's row in a dot plot's panel (its dots and lines), top to bottom."""
    by_row: dict[int, set[str]] = {}
    for line in ax.lines:
        if len(line.get_ydata()):
            row = round(float(np.mean(line.get_ydata())))
            by_row.setdefault(row, set()).add(matplotlib.colors.to_hex(line.get_color()))
    return [by_row[k] for k in sorted(by_row)]


def test_six_of_a_studys_own_groups_get_six_colours_the_same_in_every_figure(tables):
    """A study's own groups shared three fallback colours, so six of them were drawn two (or three) to a
    colour in the dot plot, the differences chart and the terms. Each now takes its own Okabe-Ito colour
    (colour-blind safe): in the study's group order, the first the house groups it has leave free, so a
    group's colour depends on the study's groups, not on the figure or the order a table lists them."""
    own = {name: _renamed(t, OWN_SIX) for name, t in tables.items()}
    own["terms"] = synthetic_terms(list(OWN_SIX.values()))
    figs = _draw_all(own)
    order = config.group_order(OWN_SIX.values())
    dots = _row_colours(figs["prevalence_dots"].axes[0])
    assert all(len(row) == 1 for row in dots), dots
    colours = [row.pop() for row in dots]
    assert len(set(colours)) == 6, dict(zip(order, colours, strict=True))
    assert set(colours) <= {c.lower() for c in style.OKABE_ITO.values()}
    terms = [ax for ax in figs["distinctive_terms"].axes if ax.patches]
    assert [matplotlib.colors.to_hex(ax.patches[0].get_facecolor()) for ax in terms] == colours
    assert [plots.group_colour(g, reversed(order)) for g in order] == [
        plots.group_colour(g, order) for g in order
    ]
    mixed = ["Arab Group", "African Group", *order[:3]]  # two house groups keep theirs; the others avoid them
    picked = [plots.group_colour(g, mixed) for g in config.group_order(mixed)]
    assert picked[:2] == [style.GROUP_COLOURS["African Group"], style.GROUP_COLOURS["Arab Group"]]
    assert len(set(picked)) == 5, picked


def test_an_extra_row_beside_the_regional_groups_is_grey_not_a_missing_groups_colour():
    """The General Debate has five of the six house groups and its Observers (EU, Holy See): they were grey,
    set apart from the regional groups, until the own-group colours gave them the Arab Group's purple (the
    colour a reader of the Development Dialogues' figures knows as the Arab Group's). Beside house groups an
    own group takes the neutral colours first."""
    debate = [g for g in config.GROUPS if g != "Arab Group"] + ["Observers"]
    assert plots.group_colour("Observers", debate) == style.OTHER_COLOURS[0]
    assert plots.group_colour("Observers", ["Observers"]) == next(iter(style.GROUP_COLOURS.values()))


README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_paragraphs() -> list[str]:
    return [" ".join(p.split()) for p in README.read_text(encoding="utf-8").split("\n\n")]


def test_the_readme_names_the_codebook_every_figure_footer_names():
    """A report writer cites the codebook from the figure's footer ('Codebook 2.2.5') and looks it up in
    the README, which said 'codebook 2.2.3' two releases after."""
    from analysis.coding import codebook

    version = codebook.load().version
    intro = next(p for p in _readme_paragraphs() if p.startswith("`src/analysis/data/codebook-v2.yaml`"))
    assert f"(codebook {version})" in intro, intro[:120]


def test_the_readme_says_which_file_to_put_in_which_document_as_the_style_writes_them():
    """Someone placing a figure in Word, LaTeX or slides needs to know what each file holds: the PDF's
    text is in Type 3 fonts (matplotlib's default, kept for speed), the SVG's text is drawn as outlines,
    the PNG is 300 dpi. The README says so, and says it again if the style changes; it also says what a
    greyscale print keeps and how to cite a figure's numbers."""
    from analysis import figures

    text = " ".join(_readme_paragraphs())
    assert style.STYLE["pdf.fonttype"] == 3 and "Type 3 fonts" in text
    assert style.STYLE["svg.fonttype"] == "path" and "text drawn as outlines" in text
    assert f"{figures.DPI} dpi" in text
    assert "greyscale" in text and "slide" in text.lower()
    assert "cite" in text


def test_the_readme_says_how_to_open_the_csvs_in_a_spreadsheet_as_they_are_written():
    """The CSVs are UTF-8 without a byte-order mark (outside checks read theme_prevalence.csv as plain
    UTF-8), which Excel opened by a double-click on Windows reads as the system's code page: the sample's
    quotes.csv shows 'CÃ´te d'Ivoire'. The README says so and how to open them."""
    from analysis.io import csv_bytes

    written = csv_bytes(pd.DataFrame({"delegation": ["C\u00f4te d'Ivoire"]}))
    assert not written.startswith(b"\xef\xbb\xbf") and "C\u00f4te".encode() in written
    text = " ".join(_readme_paragraphs())
    assert "UTF-8 without a byte-order mark" in text and "From Text/CSV" in text


A4_LANDSCAPE_BLOCK_CM = (24.7, 16.0)  # an A4 landscape page's text block, 2.5 cm margins: README


def test_the_readme_gives_the_print_size_a_figure_keeps_on_a_landscape_page(drawn):
    """The README said a figure printed 24 cm wide (an A4 landscape page's text width) keeps 6 pt text, and
    advised landscape for a report; but at that width the figures stand 16-23 cm tall, more than the page's
    16 cm text block, so fitted to the page they shrink further (the sample's differences chart to 5.5 pt).
    The README gives the size a figure keeps fitted into the block, and that size holds."""
    width, height = (cm / 2.54 for cm in A4_LANDSCAPE_BLOCK_CM)
    fitted = {}
    for name, fig in drawn.items():
        scale = min(1.0, width / fig.get_figwidth(), height / fig.get_figheight())
        fitted[name] = round(min(t.get_fontsize() for t in _drawn_texts(fig)) * scale, 2)
    text = " ".join(_readme_paragraphs())
    assert "text block (24.7 by 16 cm" in text
    assert min(fitted.values()) >= 5.0, fitted


# Machado, Oliveira & Fernandes (2009), severity 1.0: colour-blind vision simulated in linear RGB
COLOUR_BLIND = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def _linear(colour) -> np.ndarray:
    rgb = np.asarray(matplotlib.colors.to_rgb(colour))
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def test_the_diverging_matrices_ends_stay_apart_in_greyscale_and_to_colour_blind_eyes(drawn):
    """The co-occurrence and tau matrices used PuOr, whose two ends print as dark greys 2.1:1 apart
    (luminance 0.077 and 0.011): in a black-and-white print a lift of 0.2 and one of 2.7 looked alike. The
    ends of the map the figures draw with differ in greyscale by at least 3:1 in contrast, each arm darkens
    steadily away from the middle, and the two arms stay apart for protan, deutan and tritan eyes."""
    for name in ("cooccurrence_matrix", "rank_agreement_matrix"):
        cmap = drawn[name].axes[0].collections[0].get_cmap()
        low, high = (style._luminance(cmap(x)) for x in (0.0, 1.0))
        assert max(low, high) + 0.05 >= 3 * (min(low, high) + 0.05), (name, low, high)
        shades = [style._luminance(cmap(x)) for x in np.linspace(0, 1, 21)]
        assert shades[:11] == sorted(shades[:11]) and shades[10:] == sorted(shades[10:], reverse=True), name
        for vision, matrix in COLOUR_BLIND.items():
            for x in (0.0, 0.2, 0.35):  # as far below the middle as above it
                seen = [np.asarray(matrix) @ _linear(cmap(v)) for v in (x, 1 - x)]
                assert np.abs(seen[0] - seen[1]).max() > 0.05, (name, vision, x)
