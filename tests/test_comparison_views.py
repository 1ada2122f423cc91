"""The notebooks' views of the compare stage: tables that fit a laptop screen and an account of what a
validation sample changed whose every number comes from the tables."""

from __future__ import annotations

import pandas as pd

from analysis.report import comparison_views as cv
from analysis.report import display as d
from analysis.report.formats import format_number, format_share


def _differences() -> pd.DataFrame:
    """Two vs-rest rows (one significant) and one pairwise row, as the compare stage writes them."""
    row = dict(theme_short="Partnerships", share_a=0.10, share_b=0.05, diff=0.05, ci_low=0.01,
               ci_high=0.09, p_value=0.0005, p_exact=False, n_relabellings=2000, q_value=0.004,
               q_welch=0.01, mdd=0.04, n_validated_a=14, n_validated_b=74, few_validated=True)  # fmt: skip
    return pd.DataFrame([
        {**row, "family": "vs_rest", "group_a": "African Group", "group_b": "rest", "significant": True},
        {**row, "family": "vs_rest", "group_a": "GRULAC", "group_b": "rest", "significant": False,
         "q_value": 0.3, "q_welch": 0.4},
        {**row, "family": "pairwise", "group_a": "African Group", "group_b": "GRULAC", "significant": True},
    ])  # fmt: skip


def test_a_group_against_all_others_is_not_followed_by_a_column_that_always_says_so():
    table = cv.tests_table(_differences())
    assert "group_b" not in table.columns
    assert "share_rest" in table.columns and d.COLUMNS["share_rest"][0] == "Share (all others)"
    assert list(table["group_a"]) == ["African Group", "GRULAC"]  # the more certain first
    assert table["p_permutation"].iloc[0] == "< 0.0005"  # a Monte Carlo floor, not 0.0005


def test_only_significant_rows_drop_the_column_that_would_say_yes_on_every_row():
    both = cv.tests_table(_differences(), significant_only=False)
    assert both["significant"].tolist() == [True, False]
    only = cv.tests_table(_differences(), significant_only=True)
    assert "significant" not in only.columns and len(only) == 1
    pairwise = cv.tests_table(_differences(), family="pairwise", significant_only=True)
    assert list(pairwise.columns[:3]) == ["theme_short", "group_a", "group_b"]  # both sides named
    corrected = cv.corrected_tests_table(_differences(), significant_only=True)
    assert "significant" not in corrected.columns and "group_b" not in corrected.columns


def _prevalence() -> pd.DataFrame:
    """Two groups with a sample (one cell moved 10 points, intervals twice as wide) and one without."""
    base = dict(theme="partnerships", theme_short="Partnerships", ci_low=0.05, ci_high=0.15)
    return pd.DataFrame([
        {**base, "group": "African Group", "share": 0.10, "corrected_share": 0.20,
         "corrected_ci_low": 0.10, "corrected_ci_high": 0.30},
        {**base, "group": "GRULAC", "share": 0.10, "corrected_share": 0.08,
         "corrected_ci_low": 0.03, "corrected_ci_high": 0.23},
        {**base, "group": "Observers", "share": 0.10, "corrected_share": None,
         "corrected_ci_low": None, "corrected_ci_high": None},
    ])  # fmt: skip


def _paragraphs(text: str) -> list[str]:
    """The printed account's paragraphs, with their wrapped continuation lines joined again."""
    assert all(len(line) <= 110 for line in text.splitlines())
    return text.replace("\n  ", " ").splitlines()


def test_the_widening_is_of_summed_widths_so_one_sliver_of_an_interval_does_not_set_it():
    # a rare theme whose machine-only interval is a sliver (0.001 wide) widens 100 times, two others twice:
    # (0.2 + 0.2 + 0.1) / (0.1 + 0.1 + 0.001), where a mean of ratios would say 34
    sliver = pd.DataFrame([
        {"group": "GRULAC", "theme": t, "theme_short": t, "share": 0.10, "ci_low": lo, "ci_high": hi,
         "n_validated": 18, "corrected_share": 0.10, "corrected_ci_low": 0.0,
         "corrected_ci_high": 2 * (hi - lo) if w else 0.1}
        for t, lo, hi, w in (("a", 0.05, 0.15, 1), ("b", 0.05, 0.15, 1), ("c", 0.001, 0.002, 0))
    ])  # fmt: skip
    assert cv.correction_summary(sliver)["width_ratio"].tolist() == [2.488]
    diff = _differences().assign(theme="partnerships")
    story = cv.correction_story(sliver, diff, diff)
    assert "2.5 times as wide" in story


def test_the_summary_table_and_the_account_round_a_widening_alike():
    """1.046 is '1.0' in both: rounded to two decimals first, the table had shown 1.1."""
    prev = pd.DataFrame([
        {"group": "GRULAC", "theme": t, "theme_short": t, "share": 0.10, "ci_low": 0.05, "ci_high": 0.15,
         "n_validated": 18, "corrected_share": 0.10, "corrected_ci_low": 0.05, "corrected_ci_high": 0.1546}
        for t in ("a", "b")
    ])  # fmt: skip
    shown = format_number(cv.correction_summary(prev)["width_ratio"].iloc[0], 1)
    diff = _differences().assign(theme="partnerships")
    story = " ".join(_paragraphs(cv.correction_story(prev, diff, diff)))
    assert shown == "1.0" and "(1.0 to 1.0 across groups)" in story


def test_the_account_of_a_correction_gives_the_moves_and_the_widening_from_the_tables():
    diff = _differences().assign(theme="partnerships")
    story = cv.correction_story(_prevalence(), diff, diff)
    first, second, rest, pairs = _paragraphs(story)
    assert first.startswith(
        "The correction moved a share by 6.0 percentage points on average"
    )  # (10 + 2) / 2
    assert "and by 10.0 at most" in first
    assert "Largest changes: Africa, Partnerships 10.0% \u2192 20.0% (+10.0 pp); GRULAC" in first
    assert second == ("Corrected intervals are 2.0 times as wide as the machine-coded ones, summed "
                      "over groups and themes (2.0 to 2.0 across groups).")  # fmt: skip
    assert rest == (
        "Each group against all others: 1 of 2 differences significant machine-coded, 1 corrected; "
        "no verdict changed."
    )
    assert pairs.startswith("Pairs of groups: 1 of 1")


def test_the_account_names_the_verdicts_that_flip_with_both_estimates_and_the_corrected_interval():
    machine = _differences().assign(theme="partnerships")
    corrected = machine.assign(significant=[False, True, True], diff=[0.03, -0.04, 0.05], q_value=0.2)
    story = " ".join(_paragraphs(cv.correction_story(_prevalence(), machine, corrected)))
    assert ("Each group against all others: 1 of 2 differences significant machine-coded, 1 corrected. "
            "Newly significant: "
            "- GRULAC lower on Partnerships (+5.0 pp machine-coded, -4.0 pp corrected [+1.0 to +9.0 pp], "
            "q 0.20) "
            "No longer significant, the corrected difference smaller: "
            "- Africa higher on Partnerships (+5.0 pp machine-coded, +3.0 pp corrected [+1.0 to +9.0 pp], "
            "q 0.20) Pairs of groups") in story  # fmt: skip


def test_a_verdict_lost_while_the_corrected_difference_held_is_not_told_as_the_coders_error():
    """Same estimate, wider interval or a family whose other q values moved: the correction did not
    shrink the difference, and the account must not suggest the machine's codes made it."""
    machine = _differences().assign(theme="partnerships")
    corrected = machine.assign(significant=[False, False, True], diff=[0.0496, 0.05, 0.05], q_value=0.06)
    story = " ".join(_paragraphs(cv.correction_story(_prevalence(), machine, corrected)))
    assert ("No longer significant though the corrected difference is as large or larger (its interval is "
            "wider, or the family's other tests moved its q): - Africa higher on Partnerships (+5.0 pp "
            "machine-coded, +5.0 pp corrected") in story  # fmt: skip  # equal as printed: held
    assert "smaller" not in story


def test_a_share_corrected_below_zero_changes_by_the_same_amount_in_the_summary_and_the_table():
    """The corrected estimate can fall below 0; both views count the change from the 0.0% they show."""
    prev = _prevalence().assign(corrected_share=[-0.04, 0.08, None], n_validated=18)
    summary = cv.correction_summary(prev).set_index("group")
    table = cv.corrected_table(prev).set_index("group")
    assert summary.loc["African Group", "largest_change"] == "Partnerships -10.0 pp"
    assert table.loc["African Group", "change"] == "-10.0 pp"


def test_corrected_comparisons_are_set_against_the_same_comparisons_only():
    machine = _differences().assign(theme="partnerships")
    corrected = machine[machine["group_a"] != "GRULAC"]  # a group without a sample has no corrected test
    assert "1 of 1 differences significant machine-coded" in cv.correction_story(
        _prevalence(), machine, corrected
    )


def test_without_a_sample_the_account_says_so():
    prev = _prevalence().assign(corrected_share=None)
    assert cv.correction_story(prev, _differences(), _differences()) == (
        "No validation sample: every share is machine-coded."
    )


def test_a_theme_first_in_all_but_one_resample_is_not_shown_as_certain():
    ranks = pd.DataFrame([
        {"group": "African Group", "theme_short": "Skills", "share": 0.2, "p_top": 0.9995},
        {"group": "African Group", "theme_short": "Finance", "share": 0.1, "p_top": 0.0005},
    ])  # fmt: skip
    top = cv.top_themes(ranks)
    assert top["p_top"].tolist() == [0.9995]
    assert format_share(top["p_top"].iloc[0]) == "> 99.9%"  # as the rank chart says it


def test_a_p_or_q_column_is_headed_no_wider_than_its_values():
    # 'p (permutation)' and 'q (permutation)' made two columns of '< 0.001' 115 px wide each: the pairwise
    # table of notebook 03 scrolled sideways on a 1280 px screen with the file browser open
    for column in ("p_permutation", "q_permutation", "q_welch", "q", "p_value", "q_value"):
        header = d.COLUMNS[column][0]
        assert max(len(word) for word in header.split()) <= len("< 0.001"), header
    assert len({d.COLUMNS[c][0] for c in ("p_permutation", "q_permutation", "q_welch")}) == 3  # told apart


def test_a_corrected_difference_beyond_a_hundred_points_is_shown_inside_its_interval():
    """From four validated sentences per group a corrected share can exceed 1 and a difference +100 pp
    (+128.1 on the bundled sample so cut); its interval is held to [-1, 1], so the table and the account
    show the difference at +100.0 as they show such a share at 100%, never a point outside its interval."""
    machine = _differences().assign(theme="partnerships")
    corrected = machine.assign(significant=[False, True, True], diff=[0.05, 1.281, -1.3],
                               ci_low=[0.01, 0.214, -1.0], ci_high=[0.09, 1.0, -0.2],
                               q_value=0.2)  # fmt: skip
    table = cv.corrected_tests_table(corrected)
    assert table["difference"].tolist()[1] == "+100.0 pp (+21.4 to +100.0 pp)", table
    pairs = cv.corrected_tests_table(corrected, family="pairwise")
    assert pairs["difference"].tolist() == ["-100.0 pp (-100.0 to -20.0 pp)"]
    story = " ".join(_paragraphs(cv.correction_story(_prevalence(), machine, corrected)))
    assert "+100.0 pp corrected [+21.4 to +100.0 pp]" in story and "128" not in story, story


def test_a_corrected_comparison_shows_the_validated_sentences_of_each_side_and_the_flag():
    """A row from 4 validated sentences read like one from 40; the table now says which (messy: a pair of
    well-validated groups beside a rest holding a group of four)."""
    corrected = _differences().assign(
        n_validated_a=[4, 23, 4], n_validated_b=[43, 24, 23], few_validated=[True, True, True]
    )
    corrected.loc[2, ["group_a", "n_validated_a", "few_validated"]] = ["Asia-Pacific Group", 20, False]
    table = cv.corrected_tests_table(corrected)
    assert table[["n_validated_a", "n_validated_b"]].values.tolist() == [[4, 43], [23, 24]]
    assert table["few_validated"].tolist() == [True, True]  # GRULAC's rest holds the group of four
    pairs = cv.corrected_tests_table(corrected, family="pairwise", significant_only=True)
    assert pairs["few_validated"].tolist() == [False]
    assert "20" in d.COLUMNS["few_validated"][0]  # the threshold the flag uses, in its heading
    shown = repr(d.table(table))
    assert "Validated (group)" in shown and "Validated (compared)" in shown, shown


def test_a_detectable_difference_beyond_a_hundred_points_is_shown_as_none_detectable():
    """No two shares differ by more than 100 points, so an mdd of 1.30 (4 validated sentences per group)
    printed as '130.0' meant that no difference is detectable: the views say so, the table keeps the number
    (a pairwise mdd of exactly 1.0 still prints: a difference of 100 points is possible)."""
    rows = _differences().assign(mdd=[1.3, 0.123, 1.0])
    for view in (cv.tests_table, cv.corrected_tests_table):
        assert view(rows)["detectable_pp"].tolist() == ["none (> 100)", "12.3"], view
        assert view(rows, family="pairwise")["detectable_pp"].tolist() == ["100.0"]
    assert rows["mdd"].tolist() == [1.3, 0.123, 1.0]
