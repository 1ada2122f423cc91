"""Alternative text for every report figure: what a reader who cannot see it is told, in the SVG, the PDF,
the provenance record, the notebooks and the exported HTML (UN documents need it for every image)."""

from __future__ import annotations

import html as html_module
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from analysis import catalogue, figures, notebook
from analysis.report import alt, plots

sys.path.insert(0, str(Path(__file__).parent))
from test_figures import write_processed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AFR, ASIA, ARAB = "African Group", "Asia-Pacific Group", "Arab Group"
SVG = "{http://www.w3.org/2000/svg}"


def sentences(text: str) -> list[str]:
    """Sentences of an alt text: a full stop ends one where the next starts with a capital, or at the end."""
    return [s for s in re.split(r"(?<=\.)\s+(?=[A-Z])", text) if s]


def prevalence(rows) -> pd.DataFrame:
    """A prevalence table of (group, theme, share, low, high, thin): Arab thin, one cell n/a."""
    df = pd.DataFrame(rows, columns=["group", "theme", "share", "ci_low", "ci_high", "thin"])
    return df.assign(
        theme_short=df["theme"].str.capitalize(),
        upper_bound_only=(df["share"] == 0),
        warning=np.where(df["thin"], "only 3 delegations", None),
        delegations_total=np.where(df["thin"], 3, 12),
    )


MESSY_SHARES = prevalence(
    [
        (AFR, "climate", 0.40, 0.30, 0.52, False),
        (AFR, "digital", 0.10, 0.05, 0.18, False),
        (ASIA, "climate", 0.404, 0.31, 0.50, False),  # ties Africa's 40% as drawn
        (ASIA, "digital", np.nan, np.nan, np.nan, False),  # n/a: no estimate
        (ARAB, "climate", 0.0, 0.0, 0.61, True),  # none found, one-sided bound
        (ARAB, "digital", 0.25, 0.01, 0.80, True),
    ]
)


def test_the_heatmaps_text_names_a_tie_for_the_highest_cell_the_na_cell_and_the_thin_group():
    text = alt.alt_text("prevalence_heatmap", plots.prevalence_heatmap_data(MESSY_SHARES))
    assert text.startswith("Heatmap of how often each of 3 regional groups raised each of 2 themes")
    assert (
        "The highest share is shared by African Group on Climate and Asia-Pacific Group on Climate: 40%"
        in text
    )
    assert "1 cell n/a" in text
    assert "Thin data, read with care: Arab Group" in text
    assert text.endswith("; the numbers are in prevalence_heatmap.csv.")
    assert 1 <= len(sentences(text)) <= 3


def test_the_dot_plots_text_gives_the_widest_gap_and_says_it_is_not_tested_here():
    text = alt.alt_text("prevalence_dots", plots.prevalence_dots_data(MESSY_SHARES))
    assert "The widest gap between groups is on Climate" in text
    assert "Arab Group (thin data) 0% (none found; at most 61%)" in text  # a zero is a bound, not a certainty
    assert "not this one, tests such gaps" in text
    assert 1 <= len(sentences(text)) <= 3


def test_corrected_shares_from_few_validated_sentences_are_called_rough():
    corrected = MESSY_SHARES.assign(
        corrected_share=MESSY_SHARES["share"] - 0.05,
        corrected_ci_low=0.0,
        corrected_ci_high=0.9,
        n_validated=MESSY_SHARES["group"].map({AFR: 14, ASIA: 25, ARAB: 0}),
    )
    corrected.loc[corrected["group"] == ARAB, "corrected_share"] = np.nan  # no sample: machine-coded
    for name in ("prevalence_heatmap", "prevalence_dots"):
        text = alt.alt_text(name, plots.FIGURES[name][1](corrected))
        assert "corrected for the automatic coder's errors where the group has a validation sample" in text
        assert "Corrected from fewer than 20 validated sentences in African Group, so read those" in text
    assert "rough" not in alt.alt_text("prevalence_heatmap", plots.prevalence_heatmap_data(MESSY_SHARES))


def differences(significant: bool) -> pd.DataFrame:
    rows = [
        (AFR, "climate", -0.122, -0.231, -0.012, 0.062, 0.121),
        (AFR, "digital", 0.015, -0.119, 0.149, 0.86, 0.90),
        (ARAB, "climate", 0.122, -0.30, 0.54, 0.30, 0.40),  # as large as Africa's, thin, wide
        (ARAB, "digital", np.nan, np.nan, np.nan, np.nan, np.nan),  # one delegation: nothing to test
    ]
    df = pd.DataFrame(rows, columns=["group_a", "theme", "diff", "ci_low", "ci_high", "q_value", "q_welch"])
    return df.assign(
        family="vs_rest",
        group_b="rest",
        theme_short=df["theme"].str.capitalize(),
        p_value=df["q_value"] / 2,
        p_welch=df["q_welch"] / 2,
        p_exact=False,
        n_relabellings=2000,
        significant=[significant, False, False, False],
    )


def test_with_no_significant_difference_the_text_does_not_call_the_groups_alike():
    data = plots.differences_chart_data(differences(significant=False))
    text = alt.alt_text("differences_chart", data, thin={ARAB: "only 3 delegations"})
    assert "No difference reaches q < 0.05 in both tests, which does not show the groups alike" in text
    assert (
        "African Group on Climate, 12.2 points below the rest (95% interval \u221223.1 to \u22121.2 points)"
        in text
    )
    assert "as large as Arab Group (thin data) on Climate" in text  # the tie, named
    assert "filled" not in text.split(". ", 1)[1]  # no bar is said to be filled
    assert "Thin data, read with care: Arab Group" in text
    assert 1 <= len(sentences(text)) <= 3


def test_a_filled_difference_is_given_with_its_interval_and_its_binding_q():
    text = alt.alt_text("differences_chart", plots.differences_chart_data(differences(significant=True)))
    assert "1 of 3 differences are filled; the largest filled is African Group on Climate" in text
    assert "q = 0.12" in text  # the larger of the two q-values, as the figure prints it


def test_a_difference_without_an_interval_or_a_verdict_is_said_to_have_none():
    """One delegation on a side: the difference is there, its interval and its tests are not."""
    table = differences(significant=False)
    table.loc[2, ["diff", "ci_low", "ci_high"]] = [0.5, np.nan, np.nan]
    table["significant"] = pd.array([pd.NA, False, pd.NA, pd.NA], dtype="boolean")
    text = alt.alt_text("differences_chart", plots.differences_chart_data(table))
    assert "the largest is Arab Group on Climate, 50.0 points above the rest (no interval)." in text


def test_the_rank_charts_text_names_each_groups_first_theme_and_a_tie_for_first():
    ranks = pd.DataFrame(
        {
            "group": [AFR, AFR, AFR, ASIA, ASIA],
            "theme": ["climate", "digital", "trade", "climate", "digital"],
            "theme_short": ["Climate", "Digital", "Trade", "Climate", "Digital"],
            "share": [0.3, 0.3, 0.1, np.nan, np.nan],
            "rank": [1.5, 1.5, 3, np.nan, np.nan],
            "rank_ci_low": [1, 1, 2, np.nan, np.nan],
            "rank_ci_high": [2, 2, 3, np.nan, np.nan],
            "p_top": [0.5, 0.4995, 0.0005, np.nan, np.nan],
        }
    )
    text = alt.alt_text("rank_chart", plots.rank_chart_data(ranks))
    assert (
        "African Group: Climate (first in 50% of resamples) and Digital (first in 50% of resamples) "
        "(tied, rank 1.5); Asia-Pacific Group: n/a" in text
    )


def test_the_cooccurrence_text_calls_a_bold_pair_a_lead_and_counts_pairs_without_a_lift():
    co = pd.DataFrame(
        {
            "stratum": "within groups",
            "theme_a": ["climate", "climate", "digital"],
            "theme_b": ["digital", "trade", "trade"],
            "theme_short_a": ["Climate", "Climate", "Digital"],
            "theme_short_b": ["Digital", "Trade", "Trade"],
            "count": [4, 0, 0],
            "expected": [3.0, 0.0, 1.0],
            "lift": [1.33, np.nan, 0.0],
            "ci_low": [0.8, np.nan, 0.0],
            "ci_high": [2.1, np.nan, 1.4],
            "upper_bound_only": [False, False, True],
        }
    )
    text = alt.alt_text("cooccurrence_matrix", plots.cooccurrence_matrix_data(co))
    assert "The highest lift is Climate with Digital: 1.33 (95% interval 0.80 to 2.10)" in text
    assert "0 of 3 pairs are bold" in text and "leads rather than findings" in text
    assert "1 pair n/a (no group raised both themes)" in text


def test_the_terms_text_names_each_groups_top_terms_and_a_group_without_any():
    terms = pd.DataFrame(
        {
            "group": [AFR, AFR, AFR],
            "kind": ["word", "phrase", "word"],
            "term": ["road", "free trade", "zone"],
            "z": [3.41, 3.44, 2.0],
            "log_odds": [1.0, 1.0, 1.0],
            "count": [8, 5, 7],
            "count_rest": [1, 1, 2],
            "n_delegations": [7, 4, 5],
        }
    )
    text = alt.alt_text("distinctive_terms", plots.distinctive_terms_data(terms), groups=[AFR, ASIA])
    assert "African Group \u201cfree trade\u201d and \u201croad\u201d (z 3.4)" in text  # tied as printed
    assert "No distinctive term: Asia-Pacific Group" in text
    assert "some pass by chance" in text


def test_the_tau_text_names_the_most_and_least_alike_pairs_and_the_pair_without_tau():
    agree = pd.DataFrame(
        {
            "group_a": [AFR, AFR, ASIA],
            "group_b": [ASIA, ARAB, ARAB],
            "tau": [0.5, -0.2, np.nan],
            "ci_low": [0.1, -0.55, np.nan],
            "ci_high": [0.7, 0.15, np.nan],
        }
    )
    text = alt.alt_text("rank_agreement_matrix", plots.rank_agreement_matrix_data(agree), thin={ARAB: ""})
    assert "Most alike: African Group and Asia-Pacific Group, tau 0.50 (95% interval 0.10 to 0.70)" in text
    assert "least alike: African Group and Arab Group (thin data), tau \u22120.20" in text
    assert "1 pair n/a" in text


@pytest.mark.parametrize("name", list(catalogue.FIGURES))
def test_every_figure_has_a_text_even_for_an_empty_table(name):
    _, data = plots.FIGURES[name]
    table = catalogue.FIGURES[name].table
    columns = catalogue.table(table).column_names()
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, "theme_short", "family"]})
    for c in ("share", "ci_low", "ci_high", "diff", "rank", "tau", "lift", "z", "p_value", "corrected_share"):
        if c in empty.columns:
            empty[c] = empty[c].astype(float)
    text = alt.alt_text(name, data(empty))
    assert text.endswith(f"numbers are in {name}.csv.")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every figure's files from a small processed folder, and the folder's tables."""
    processed = write_processed(tmp_path_factory.mktemp("alt") / "processed")
    return figures.render_all(processed), figures.read_inputs(processed)


@pytest.mark.parametrize("name", list(catalogue.FIGURES))
def test_each_figures_svg_pdf_and_provenance_carry_its_alternative_text(drawn, name):
    files, _ = drawn
    record = json.loads(files[f"{name}.provenance.json"])
    text = record["alt"]
    assert text.endswith(f"numbers are in {name}.csv.")
    root = ET.fromstring(files[f"{name}.svg"])
    assert [root[0].tag, root[1].tag] == [f"{SVG}title", f"{SVG}desc"]  # the root's first children
    assert root[1].text == text and root[0].text  # the figure's title names it
    assert root.get("role") == "img" and root.get("aria-labelledby") == f"{name}-title {name}-desc"
    assert b"/Subject" in files[f"{name}.pdf"] and b"/Title" in files[f"{name}.pdf"]


def test_a_notebook_shows_a_saved_figure_with_its_alternative_text_as_plain_text(drawn, tmp_path):
    files, (tables, prov) = drawn
    for f in ("rank_chart.png", "rank_chart.provenance.json"):
        (tmp_path / f).write_bytes(files[f])
    data, _ = DisplayFormatter().format(notebook.show_file(tmp_path / "rank_chart.png", width=200))
    assert data["text/plain"] == json.loads(files["rank_chart.provenance.json"])["alt"]
    assert "image/png" in data
    drawn_now, _ = DisplayFormatter().format(notebook.draw("rank_chart", tables, prov, dpi=20))
    assert drawn_now["text/plain"] == data["text/plain"]  # the same text shown as drawn or as saved


def _exported(tmp_path: Path, outputs: list) -> tuple[str, str]:
    """A one-cell executed notebook exported to HTML as `make report` exports it: (html, stderr)."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("nb.show_file(...)", execution_count=1)
    cell.outputs = outputs
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "fig.ipynb"
    nbformat.write(nb, path)
    recipe = re.search(r"^report:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    args = recipe.split("nbconvert", 1)[1].replace("--output-dir reports $(NOTEBOOKS)", "").split()
    run = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", *args, "--output-dir", str(tmp_path), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return (tmp_path / "fig.html").read_text(encoding="utf-8"), run.stderr


def test_make_report_writes_each_figures_alternative_text_as_its_img_alt(drawn, tmp_path):
    files, _ = drawn
    (tmp_path / "f.png").write_bytes(files["cooccurrence_matrix.png"])
    (tmp_path / "f.provenance.json").write_bytes(files["cooccurrence_matrix.provenance.json"])
    data, metadata = DisplayFormatter().format(notebook.show_file(tmp_path / "f.png", width=200))
    output = nbformat.v4.new_output("execute_result", data, execution_count=1, metadata=metadata)
    html, stderr = _exported(tmp_path, [output])
    text = json.loads(files["cooccurrence_matrix.provenance.json"])["alt"]
    alts = re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    assert [html_module.unescape(a) for a in alts] == [text]
    assert "No description has been provided" not in html
    assert "Alternative text is missing" not in stderr


def test_the_text_counts_as_bold_exactly_the_lifts_the_matrix_draws_bold():
    """One rule for both (`heatmaps.excludes_one`): an interval wholly above or below 1; a bound with no
    lower end is no interval, whatever its upper end."""
    import numpy as np
    import pandas as pd

    from analysis.report.heatmaps import excludes_one

    low = pd.Series([1.2, 0.3, 0.5, np.nan, np.nan])
    high = pd.Series([2.0, 0.8, 1.5, 0.7, np.nan])
    column = excludes_one(low, high).tolist()
    assert column == [True, True, False, False, False]
    assert [bool(excludes_one(lo, hi)) for lo, hi in zip(low, high, strict=True)] == column


def test_tied_pairs_of_groups_are_parted_by_semicolons_since_each_holds_an_and():
    """'Africa and Arab; GRULAC and Observers', never 'Africa and Arab and GRULAC and Observers'."""
    import pandas as pd

    from analysis.report import alt

    data = pd.DataFrame(
        {"group_a": ["A", "C", "A"], "group_b": ["B", "D", "C"], "tau": [0.44, 0.44, -0.2],
         "ci_low": [0.08, 0.08, -0.5], "ci_high": [0.75, 0.75, 0.1]}
    )  # fmt: skip
    text = alt.alt_text("rank_agreement_matrix", data)
    assert "Most alike: A and B; C and D, tau 0.44" in text, text


def test_the_differences_text_says_how_many_filled_bars_the_correction_undoes():
    """The figure's diamonds mark verdicts the corrected shares turn; the sample's alternative text said
    '16 of 66 differences are filled' and no more, though none of the 16 holds once corrected: a caption
    or slide taken from it would report 16 differences the figure itself qualifies."""
    table = differences(significant=True)
    corrected = table.assign(significant=False)
    data = plots.differences_chart_data(table, corrected)
    text = alt.alt_text("differences_chart", data)
    low = text.lower()  # a note that comes first opens its sentence with a capital
    assert "corrected for the coder's errors 1 of the 1 filled difference is not significant" in low
    assert "and no other is" in text
    assert 1 <= len(sentences(text)) <= 3
    assert "corrected" not in alt.alt_text("differences_chart", plots.differences_chart_data(table))


# --------------------------------------------------------------------------- mutation sampling (BV): specs


def test_three_tied_cells_are_named_whole_and_a_fourth_is_counted_as_more():
    """Ties are named up to three; past that 'and N more', N the ones not named ('and 0 more' is noise)."""
    three = prevalence([(AFR, t, 0.30, 0.20, 0.41, False) for t in ("aid", "climate", "digital")])
    text = alt.alt_text("prevalence_heatmap", three)
    assert "African Group on Aid, African Group on Climate and African Group on Digital: 30%" in text
    assert "more" not in text
    four = prevalence([(AFR, t, 0.30, 0.20, 0.41, False) for t in ("aid", "climate", "digital", "trade")])
    text = alt.alt_text("prevalence_heatmap", four)
    assert "African Group on Aid, African Group on Climate, African Group on Digital and 1 more: 30%" in text


def test_three_tied_pairs_of_groups_are_named_whole_and_a_fourth_is_counted_as_more():
    pairs = [(AFR, ASIA), (AFR, ARAB), (ASIA, ARAB), (AFR, "Eastern European Group")]
    columns = ["group_a", "group_b", "tau", "ci_low", "ci_high"]
    data = pd.DataFrame([(a, b, 0.44, 0.08, 0.75) for a, b in pairs], columns=columns)
    text = alt.alt_text("rank_agreement_matrix", data.iloc[:3])
    assert "Most alike: African Group and Asia-Pacific Group; African Group and Arab Group; " in text
    assert "more" not in text
    assert "Arab Group; Asia-Pacific Group and Arab Group and 1 more, tau 0.44" in alt.alt_text(
        "rank_agreement_matrix", data
    )


def test_the_highest_cell_is_given_with_its_own_interval_in_the_order_the_figure_draws():
    """Rows out of the house order, two cells tied at 40%: the interval given is the first named cell's."""
    rows = prevalence([(ASIA, "climate", 0.404, 0.31, 0.5, False), (AFR, "climate", 0.40, 0.3, 0.52, False)])
    text = alt.alt_text("prevalence_heatmap", rows)
    first = "African Group on Climate and Asia-Pacific Group on Climate: 40% (95% interval 30% to 52%)."
    assert first in text


def corrected(shares: dict[str, float]) -> pd.DataFrame:
    """MESSY_SHARES' climate row of Africa and Asia with corrected shares from 30 validated sentences."""
    rows = MESSY_SHARES[MESSY_SHARES["theme"] == "climate"].iloc[:2]
    return rows.assign(
        corrected_share=rows["group"].map(shares),
        corrected_ci_low=0.0,
        corrected_ci_high=rows["group"].map({AFR: 0.12, ASIA: 1.0}),
        n_validated=30,
    )


def test_a_corrected_share_outside_0_to_1_is_read_as_the_figure_draws_it():
    """The corrected estimate can fall below 0 or, from a handful of validated sentences, above 1; the
    figure clips it (`formats.shown`). The text said '105%' for a cell drawn at 100%."""
    text = alt.alt_text("prevalence_heatmap", corrected({AFR: -0.05, ASIA: 1.05}))
    assert "Asia-Pacific Group on Climate: 100% (95% interval 0% to 100%)" in text
    assert "105%" not in text
    text = alt.alt_text("prevalence_dots", corrected({AFR: -0.05, ASIA: 0.40}))
    assert "against African Group 0% (95% interval 0% to 12%)" in text  # raised: not "none found"
    assert "\u22125%" not in text and "-5%" not in text


def test_a_table_with_every_cell_and_no_thin_group_gets_no_na_or_thin_note():
    complete = prevalence([(AFR, "climate", 0.4, 0.3, 0.52, False), (ASIA, "climate", 0.2, 0.1, 0.3, False)])
    for name in ("prevalence_heatmap", "prevalence_dots"):
        text = alt.alt_text(name, complete)
        assert "n/a" not in text and "thin" not in text.lower()


def test_twenty_validated_sentences_are_enough_for_an_interval_not_called_rough():
    """Rough below FEW_VALIDATED (20), as the figure's notes and correction.few_validated have it."""
    rows = corrected({AFR: 0.3, ASIA: 0.3})
    assert "rough" not in alt.alt_text("prevalence_heatmap", rows.assign(n_validated=20))
    text = alt.alt_text("prevalence_heatmap", rows.assign(n_validated=[19, 20]))
    assert "fewer than 20 validated sentences in African Group, so read those intervals as rough" in text


def test_a_heatmap_of_zeros_says_so_rather_than_naming_a_highest_cell():
    zeros = prevalence([(AFR, "climate", 0.0, 0.0, 0.2, False), (ASIA, "climate", 0.0, 0.0, 0.3, False)])
    text = alt.alt_text("prevalence_heatmap", zeros)
    assert "Every cell shows a share of 0%." in text and "highest" not in text


def test_dots_with_one_group_per_theme_set_nothing_side_by_side_and_do_not_call_the_groups_alike():
    alone = prevalence([(AFR, "climate", 0.4, 0.3, 0.5, False), (ASIA, "digital", 0.2, 0.1, 0.3, False)])
    text = alt.alt_text("prevalence_dots", alone)
    assert "No theme has shares of two groups to set side by side." in text
    assert "the same" not in text


def test_dots_name_a_second_theme_whose_gap_is_as_wide_as_shown():
    rows = prevalence(
        [
            (AFR, "climate", 0.401, 0.3, 0.5, False),
            (ASIA, "climate", 0.100, 0.05, 0.2, False),  # 30.1 points
            (AFR, "digital", 0.400, 0.3, 0.5, False),
            (ASIA, "digital", 0.101, 0.05, 0.2, False),  # 29.9 points: 30% as shown
        ]
    )
    assert "The widest gap between groups is on Climate (as wide in Digital):" in alt.alt_text(
        "prevalence_dots", rows
    )


def test_an_unfilled_bar_is_never_named_as_the_largest_filled():
    """Arab Group's difference is larger but not significant: the largest *filled* bar is Africa's."""
    table = differences(significant=True)
    table.loc[2, ["diff", "ci_low", "ci_high"]] = [0.30, -0.10, 0.70]
    text = alt.alt_text("differences_chart", plots.differences_chart_data(table))
    assert "the largest filled is African Group on Climate, 12.2 points below the rest" in text
    assert "Arab" not in text
    tied = alt.alt_text("differences_chart", plots.differences_chart_data(differences(significant=True)))
    assert "as large as" not in tied  # Arab's 12.2 unfilled: not a tie among the filled


def test_a_filled_bar_at_the_permutation_floor_reads_as_the_figure_prints_it():
    table = differences(significant=True)
    table.loc[0, ["q_value", "q_welch"]] = [1 / 2001, 0.0001]
    text = alt.alt_text("differences_chart", plots.differences_chart_data(table))
    assert "q < 0.0005)" in text
    exact = alt.alt_text("differences_chart", plots.differences_chart_data(table.assign(p_exact=True)))
    assert "q < 0.001)" in exact  # an exact test's small q has no floor: the usual bound


def test_a_difference_missing_one_end_of_its_interval_has_no_interval():
    table = differences(significant=False)
    table.loc[0, "ci_low"] = np.nan
    text = alt.alt_text("differences_chart", plots.differences_chart_data(table))
    assert "African Group on Climate, 12.2 points below the rest (no interval)" in text
    assert "nan" not in text


def test_a_group_with_a_single_first_theme_is_not_called_tied():
    ranks = pd.DataFrame(
        {"group": [AFR, AFR], "theme": ["climate", "digital"], "theme_short": ["Climate", "Digital"],
         "share": [0.4, 0.1], "rank": [1.0, 2.0], "rank_ci_low": [1, 1], "rank_ci_high": [1, 2],
         "p_top": [0.9, 0.1]}
    )  # fmt: skip
    text = alt.alt_text("rank_chart", ranks)
    assert "Ranked first: African Group: Climate (first in 90% of resamples)." in text
    assert "tied" not in text


def test_pairs_never_raised_together_give_no_highest_lift():
    """Every pair an upper bound (count 0, lift 0): nothing to call the highest."""
    co = pd.DataFrame(
        {"theme_a": ["climate", "climate"], "theme_b": ["digital", "trade"],
         "theme_short_a": ["Climate", "Climate"], "theme_short_b": ["Digital", "Trade"], "count": [0, 0],
         "expected": [1.0, 2.0], "lift": [0.0, 0.0], "ci_low": [np.nan, np.nan], "ci_high": [2.9, 1.5],
         "upper_bound_only": [True, True]}
    )  # fmt: skip
    text = alt.alt_text("cooccurrence_matrix", co)
    assert "No pair of themes was raised together in a sentence." in text and "highest" not in text


def test_a_single_pair_of_groups_is_not_both_most_and_least_alike():
    one = pd.DataFrame({"group_a": [AFR], "group_b": [ASIA], "tau": [0.3], "ci_low": [0.0], "ci_high": [0.6]})
    text = alt.alt_text("rank_agreement_matrix", one)
    assert "Most alike: African Group and Asia-Pacific Group, tau 0.30" in text
    assert "least alike" not in text


def test_the_text_calls_thin_exactly_the_groups_the_figure_marks_thin():
    """One rule for the flag (`style.thin_groups`): a table read back from its CSV with an empty thin cell
    (NaN) is marked thin on the heatmap and the dot plot; the text, with its own rule, did not name it."""
    from analysis.report.style import thin_groups

    rows = MESSY_SHARES.assign(thin=MESSY_SHARES["thin"].astype(object))
    rows.loc[rows["group"] == ASIA, "thin"] = np.nan
    marked = [g for g in (AFR, ASIA, ARAB) if g in thin_groups(rows)]
    assert marked == [ASIA, ARAB]
    for name in ("prevalence_heatmap", "prevalence_dots"):
        text = alt.alt_text(name, plots.FIGURES[name][1](rows))
        assert "Thin data, read with care: Asia-Pacific Group and Arab Group" in text, text


def test_a_filled_bar_without_a_count_of_relabellings_reads_its_q_with_no_floor():
    """A hand-edited table with the count left empty: the figure reads it as no floor (charts.py fills 0);
    the text stopped with 'ValueError: cannot convert float NaN to integer'."""
    table = differences(significant=True).assign(n_relabellings=np.nan)
    text = alt.alt_text("differences_chart", plots.differences_chart_data(table))
    assert "the largest filled is African Group on Climate" in text and "q = 0.12)" in text
