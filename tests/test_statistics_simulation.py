"""The statistics cover and keep their level on simulated data with a known truth (issue 14).

Few draws so CI stays fast (about half a minute); benchmarks/bench_statistics.py runs the same
checks with many draws and docs/statistics.md has its table. Every draw is seeded, so these
tests are deterministic; the tolerances say how far Monte Carlo error alone could move a
rate with this many draws. A coverage estimated from R draws has standard error
sqrt(c (1 - c) / R): 0.015 at c = 0.95 and R = 200, so a method whose true coverage is
0.95 falls below 0.92 by chance about 2% of the time per theme; pooled over four themes
(800 intervals) the standard error is about 0.008. A rejection rate at 0.05 from 300 draws
has standard error 0.013: a true level of 0.05 exceeds 0.07 by chance about 6% of the time,
so the level checks use 300 draws and scenarios whose level measured in the benchmark
(40,000 draws) is at most 0.05.
"""

from __future__ import annotations

import pytest

from analysis.comparison import checks
from analysis.comparison.simulate import Group

SHARES = [0.05, 0.1, 0.2, 0.4]


def _gen(*names):
    from analysis.comparison.tables import rng

    return rng("simulation-test", *names)


@pytest.mark.parametrize("delegations, floor", [(10, 0.92), (5, 0.90)])
def test_prevalence_intervals_cover_with_few_delegations(delegations, floor):
    """Heterogeneous delegations (beta around the share, intra-class correlation ~0.05, above
    the 75th percentile measured on General Debate 2023) and unequal sentence counts
    (log-normal, log-sd 1: a tenfold range)."""
    group = Group("g", delegations, SHARES, concentration=20, spread=1.0)
    res = checks.prevalence_coverage(group, 200, _gen("prevalence", str(delegations)))
    assert res["pooled"].mean() >= floor, res
    assert (res["pooled"] >= floor - 0.02).all(), res  # per theme: 1.3 standard errors of slack
    assert res["mean"].mean() >= floor, res


def test_at_a_stressed_heterogeneity_the_design_effect_cap_keeps_rare_themes_covered():
    """Ten delegations at ICC 0.17 (the stress scenario, ten times General Debate 2023's median) with a
    tenfold range of sentence counts. A rare theme's own variance rests on the one or two delegations that
    raised it; the cap at the group's median design effect is what makes its interval cover: 1.0 for shares
    of 0.01-0.05 here, 0.94 on average without the cap (0.90 at 0.02; the benchmark's 81-91% at 2,000 draws),
    and without the shrink for few degrees of freedom the common themes fall to 0.91-0.94. Both survived
    every other simulation test. 200 draws: SE 0.015 per theme at 0.95, 0.009 over the three rare ones."""
    group = Group("g", 10, [0.01, 0.02, 0.05, 0.1, 0.2, 0.4], concentration=5, spread=1.0)
    res = checks.prevalence_coverage(group, 200, _gen("prevalence-cap"))
    assert res["pooled"][:3].mean() >= 0.97, res
    assert (res["pooled"] >= 0.94).all(), res  # 0.974-1.0 in the benchmark (2,000 draws)


def test_zero_cells_get_an_upper_bound_above_zero():
    group = Group("g", 8, [0.0, 0.005], spread=1.0)
    res = checks.prevalence_coverage(group, 50, _gen("zero"))
    assert res["zero"][0] == 1.0 and res["zero"][1] > 0.1
    assert (res["zero_upper"] > 0).all() and (res["zero_upper"] < 0.1).all()
    assert res["pooled"][0] == 1.0


def test_the_concentrated_flag_marks_the_intervals_that_under_cover():
    """Thirty delegations of about 100 sentences; four themes spread evenly (ICC 0.017) and one at a
    share of 0.01 living in a few delegations (ICC 0.3). Its intervals under-cover, and the flag
    (`intervals.concentrated`) is up on most of them; the even themes are rarely flagged and their
    intervals cover. benchmarks/bench_statistics.py --sections concentrated runs the whole grid."""
    icc = [0.017] * 4 + [0.3]
    group = Group("g", 30, [0.09, 0.05, 0.07, 0.04, 0.01], concentration=tuple(1 / c - 1 for c in icc),
                  sentences=100, spread=0.45)  # fmt: skip
    res = checks.concentrated_coverage(group, 300, _gen("concentrated"))
    assert res["flagged"][-1] >= 0.9, res
    assert res["coverage_flagged"][-1] <= 0.88, res  # 0.71 in the benchmark (1,000 draws)
    assert (res["flagged"][:4] <= 0.02).all(), res
    assert (res["coverage_unflagged"][:4] >= 0.93).all(), res


@pytest.mark.parametrize(
    "name, a, b",
    [
        ("exchangeable", {}, {}),
        ("a varies more", {"concentration": 5}, {"concentration": 60}),
        ("a speaks far less", {"sentences": 8}, {"sentences": 100}),
        (
            "few against many, a varies more and speaks less",
            {"delegations": 5, "concentration": 5, "sentences": 10},
            {"delegations": 50, "concentration": 60, "sentences": 80},
        ),
    ],
)
def test_welch_difference_test_keeps_its_level(name, a, b):
    """Equal true shares; the groups differ in spread and verbosity. The Welch check's null is
    equal shares, so it must hold its level in every scenario; its interval must cover 0."""
    base = {"delegations": 10, "concentration": 20, "sentences": 40, "spread": 1.0}
    ga, gb = Group("a", shares=SHARES[:2], **{**base, **a}), Group("b", shares=SHARES[:2], **{**base, **b})
    res = checks.difference_level(ga, gb, 300, _gen("level", name), permutations=99)
    assert (res["welch"] <= 0.07).all(), res
    assert (res["welch_coverage"] >= 0.93).all(), res
    if name == "exchangeable":  # the permutation test's own null
        assert (res["permutation"] <= 0.07).all(), res


def test_differences_from_the_rest_cover_on_average_but_not_where_a_varied_group_stands_above_it():
    """Three groups of 10-20 delegations at ICC 0.05, each against the rest: the intervals cover. One group
    of ten delegations at ICC 0.17, its share 0.05 against a rest of 100 even delegations at 0.01: its
    interval lies below the truth in about one draw in seven (0.853, Monte Carlo SE 0.011, in
    benchmarks/bench_statistics.py --sections rest), the shortfall docs/statistics.md states ("Where the
    methods fall short"). If this starts to cover, the method changed: measure again and mend the docs."""
    even = [
        Group(g, d, [0.05, 0.1, 0.2], concentration=20, spread=1.0)
        for g, d in (("A", 10), ("B", 15), ("C", 20))
    ]
    res = checks.rest_coverage(even, 200, _gen("rest"))
    # pooled over 1,800 intervals of 200 draws: 0.968, Monte Carlo SE 0.004 (the draws share delegations)
    assert res["coverage"].mean() >= 0.95, res
    varied = Group("a", 10, [0.05], concentration=5, sentences=40, spread=1.0)
    rest = Group("b", 100, [0.01], concentration=60, sentences=80, spread=1.0)
    res = checks.rest_coverage([varied, rest], 300, _gen("rest-stress"))
    assert res["coverage"][0, 0] <= 0.92, res  # 0.797 here; 300 draws: SE 0.02 around 0.85
    assert res["below"][0, 0] >= 0.8 * (1 - res["coverage"][0, 0]), res  # the misses are too low


def _coder_groups(delegations=20):
    """A coder that misses 40% of one group's theme sentences and 15% of the other's."""
    return [
        Group("A", delegations, SHARES, sensitivity=0.6, specificity=0.98, spread=1.0),
        Group("B", delegations, SHARES, sensitivity=0.85, specificity=0.99, spread=1.0),
    ]


def test_correction_covers_where_machine_codes_miss():
    res = checks.correction_coverage(_coder_groups(), 150, _gen("correction"), n_validated=100, reps=500)
    assert res["machine"].mean() < 0.8, res  # machine-only intervals miss the truth far more than 5%
    # pooled over 1,200 intervals: se ~0.006. 0.959 before session 35's floor from Jeffreys' intervals of
    # the miss and false-hit rates, 0.971 with it: B's coder misses 0-2 sentences of its 5% theme in 100.
    # At least 0.955: with the correction's part of the interval half as wide it is 0.942 (it was >= 0.93)
    assert 0.955 <= res["corrected"].mean() <= 0.98, res
    # equal true shares, unequal coder error: machine-only shows a difference, corrected does not
    assert res["machine_test"].max() > 0.3, res
    assert (res["corrected_test"] <= 0.07 + 0.03).all() and res["corrected_test"].mean() <= 0.07, res


def test_with_five_delegations_the_corrected_variance_holds_the_spread_and_the_difference_takes_its_t():
    """Five delegations a group (log-sd 1: a few talkative ones), 100 validated sentences, a coder that
    misses 40% of A's theme sentences and 15% of B's; equal true shares. What the coverage test above
    cannot see, because the floors make these intervals cover 0.98-1.0 whatever a part of them does:
    - the corrected shares are unbiased, and their estimated variance holds their spread across draws
      (1.05 on average over the six cells, 0.84-1.15; 0.52 when the bootstrap varies the correction but
      not the machine share);
    - the difference's interval and test take the t quantile on the groups' Bell-McCaffrey df (about
      4-8 here): its interval covers 0.99 and its test rejects 1% of the time; on the normal quantile,
      or on df ten times too many, 0.93-0.95 and 5-8%.
    Monte Carlo error: a variance from 300 draws is good to about 8%, the mean ratio over six cells to
    about 4%; coverage from 900 intervals to 0.007 at 0.95, a level near 0.03 to 0.006."""
    coder = {"delegations": 5, "spread": 1.0}
    groups = [Group("A", shares=[0.1, 0.2, 0.4], sensitivity=0.6, specificity=0.98, **coder),
              Group("B", shares=[0.1, 0.2, 0.4], sensitivity=0.85, specificity=0.99, **coder)]  # fmt: skip
    res = checks.correction_coverage(groups, 300, _gen("five-delegations"), n_validated=100, reps=200)
    assert (abs(res["bias_z"]) <= 3.5).all(), res
    assert res["variance_ratio"].mean() >= 0.85 and res["variance_ratio"].min() >= 0.7, res
    assert res["corrected_diff_coverage"].mean() >= 0.97, res
    assert res["corrected_test"].mean() <= 0.03, res


def test_corrected_difference_test_keeps_its_level_when_one_group_varies_more():
    """An accurate coder, equal true shares; group a's delegations vary more. Without the variance
    floor the corrected test rejected 12-14% of the time here (docs/statistics.md)."""
    coder = {"sensitivity": 0.9, "specificity": 0.99, "spread": 1.0, "delegations": 10}
    groups = [Group("a", shares=SHARES[:2], concentration=5, **coder),
              Group("b", shares=SHARES[:2], concentration=60, **coder)]  # fmt: skip
    res = checks.correction_coverage(groups, 300, _gen("corrected-level"), n_validated=100, reps=200)
    assert (res["corrected_test"] <= 0.07 + 0.02).all() and res["corrected_test"].mean() <= 0.07, res


def test_differential_misclassification_test_keeps_its_level():
    same = [Group(g, 10, [0.1, 0.3], sensitivity=0.8, specificity=0.97) for g in "ABC"]
    assert (
        checks.misclassification_level(same, 150, _gen("misclassification"), reps=199) <= 0.07 + 0.02
    ).all()
    unequal = [Group("A", 10, [0.1, 0.3], sensitivity=0.4, specificity=0.97)] + same[1:]
    assert checks.misclassification_level(unequal, 40, _gen("misclassification-power"), reps=199).max() > 0.5


def test_differential_misclassification_test_ignores_groups_raising_a_theme_at_different_rates():
    """The same coder everywhere, but the theme is raised by 5%, 15% and 30% of the groups' sentences: the
    groups' error patterns differ only because misses need theme sentences; the error RATES do not. A test
    of {false hit, agreement, miss} per group flagged 25% of such coders (50% at shares 0.05 to 0.40)."""
    groups = [
        Group(g, 10, [s], sensitivity=0.8, specificity=0.97)
        for g, s in zip("ABC", (0.05, 0.15, 0.3), strict=True)
    ]
    assert (
        checks.misclassification_level(groups, 150, _gen("misclassification-shares"), reps=199)[0]
        <= 0.07 + 0.02
    )


def test_corrected_intervals_cover_where_a_small_sample_holds_few_of_the_coders_misses():
    """Twenty delegations of about nine sentences, 12 validated sentences, a coder that finds 30% of a
    theme people see in 20% or 40% of the sentences. The sample holds about two or four misses, often
    fewer, and a correction plus or minus its standard error shrinks with them: the intervals covered
    0.91 and 0.94 (600 draws each; 0.87 for the 40% theme with 6 validated sentences). Jeffreys'
    intervals of the miss and false-hit rates as a floor (`correction.rate_distances`) take them to
    0.97-1.0."""
    coder = {"sentences": 9, "spread": 0.25, "sensitivity": 0.3, "specificity": 0.99}
    groups = [Group(g, 20, [0.2, 0.4], **coder) for g in ("A", "B")]
    res = checks.correction_coverage(groups, 150, _gen("few-misses"), n_validated=12, reps=200)
    # pooled over both themes and both groups (600 intervals): se ~0.009 at 0.95
    assert res["corrected"].mean() >= 0.95, res


def test_corrected_intervals_from_four_validated_sentences_stay_where_the_truth_can_lie_and_cover():
    """Four validated sentences per group (an analyst's first round), ten delegations of about nine
    sentences, a coder that finds 60% of A's theme sentences and 85% of B's; true shares 0.05, 0.3, 0.5
    in both, and 0.5 against 0.05 (a difference of 0.45). The t interval of the corrected difference
    reached past [-1, 1] in 12-81% of draws (2,000 draws per theme, benchmarks/bench_statistics.py
    --sections correction-tiny); held to it, coverage is unchanged (no true difference lies outside) at
    0.99-1.0, the interval still about 1.3-1.5 of the range's 2 wide: it shows how little four sentences say.
    200 draws, 800 difference intervals: a coverage of 0.99 has SE 0.004, so 0.97 is five SE below it."""
    coder = {"delegations": 10, "sentences": 9, "spread": 0.25}
    groups = [
        Group("A", shares=[0.05, 0.3, 0.5, 0.5], sensitivity=0.6, specificity=0.95, **coder),
        Group("B", shares=[0.05, 0.3, 0.5, 0.05], sensitivity=0.85, specificity=0.99, **coder),
    ]
    res = checks.correction_coverage(groups, 200, _gen("four-validated"), n_validated=4, reps=200)
    assert (res["corrected_diff_outside"] == 0).all() and (res["corrected_outside"] == 0).all(), res
    assert res["corrected_diff_coverage"].mean() >= 0.97 and res["corrected"].mean() >= 0.97, res
    assert res["corrected_diff_width"].min() >= 1.0, res  # the doubt is kept, not clipped away


def test_people_coding_a_whole_group_make_its_interval_no_wider_than_their_codes_alone():
    """With every sentence validated the corrected share is the human share, yet the interval adds the
    machine share's part and the correction's as if they were independent. It is no wider for that: over
    ten delegations and a coder that finds 60% of each theme, narrower than the interval the human codes
    alone get, and still covering (200 draws a row in docs/statistics.md, "a validation sample
    that is much or all of a group": for these three shares 0.81-0.85 of the width, coverage 0.97-0.98). The
    bound below is narrower than the human codes' own, not only as wide: with the machine share's variance
    counted twice the interval is 0.92-1.0 of it, which an "as wide" bound would let pass. The human codes'
    own interval over-covers (0.97-0.99), so a change that made the two equal would be no error: then move
    the bound to 1.0 and keep a check on that mutant."""
    group = Group("A", 10, [0.05, 0.2, 0.4], sentences=40, spread=1.0, sensitivity=0.6, specificity=0.98)
    res = checks.whole_validation_coverage(group, 10**6, 60, _gen("whole-validation"), reps=200)
    # 0.84-0.87 of it here (0.77-0.86 in the table); the machine share's variance counted twice in the
    # correction's part (`var` for `var - own` in `corrected_interval`) makes it 0.92-1.0
    assert (res["width"] <= 0.95 * res["human_width"]).all(), res
    # 180 intervals: a coverage of 0.97 has SE 0.013
    assert res["cover"].mean() >= 0.93, res
