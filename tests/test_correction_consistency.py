"""A corrected share's interval and its difference from the other groups rest on one variance.

The corrected share is the machine share plus the mean of (human - machine) over a group's
validated sentences (analysis.comparison.correction). Where the coder over-finds a theme in one
group, the correction takes most of the machine share away and carries most of the variance; the
share's Korn-Graubard interval then read that variance as a proportion's of a few sentences and
gave [0, 0.82] to a share of 0.024 whose difference from the rest had an interval 0.42 wide
(WEOG, economic development, bundled sample). The difference's variance is at least the share's,
so its interval is narrower only through its degrees of freedom and the machine share's skew.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.comparison import correction, intervals, simulate
from analysis.comparison.simulate import Group
from analysis.comparison.tables import percentile_interval, rng


def _gen(*names):
    return rng("correction-consistency", *names)


def _over_finding(sentences=8.0, spread=0.4, others=5):
    """About ten delegations per group, a coder that adds a theme to 20-35% of group A's sentences
    (true shares 0.02, 0.05 and 0) and is accurate elsewhere: the bundled sample's WEOG."""
    common = {"sentences": sentences, "spread": spread, "concentration": 20}
    a = Group("A", 10, [0.02, 0.05, 0.0, 0.3], sensitivity=0.9, specificity=[0.65, 0.7, 0.8, 0.95], **common)
    rest = [Group(f"O{i}", 10, [0.35, 0.3, 0.15, 0.3], sensitivity=0.9, specificity=0.95, **common)
            for i in range(others)]  # fmt: skip
    return [a, *rest]


def _share_and_difference(draw, reps):
    """Each group's corrected share interval beside its difference from the rest."""
    human = draw.human[draw.validated]
    prev = correction.corrected_prevalence(draw.frame, draw.machine, human, reps=reps)
    diff = correction.corrected_differences(draw.frame, draw.machine, human, reps=reps)
    rest = diff[diff.family == "vs_rest"]
    return rest.merge(prev, left_on=["group_a", "theme"], right_on=["group", "theme"])


def test_a_corrected_share_interval_is_no_wider_than_its_difference_from_the_rest():
    """The difference's variance is at least the share's (the rest is independent of the group), so
    its interval may be narrower only by its degrees of freedom (t on 9 against about 20: 8%) and
    the machine share's Korn-Graubard skew: 1.3 times leaves room for both. Korn-Graubard on the
    whole variance gave up to 2.6 times (35 of 960 rows over 40 draws of this population)."""
    gen = _gen("width")
    for _ in range(8):
        table = _share_and_difference(simulate.draw(_over_finding(), gen, 18), reps=400)
        share_width = table.corrected_ci_high - table.corrected_ci_low
        diff_width = table.ci_high - table.ci_low
        worst = table.assign(ratio=share_width / diff_width).sort_values("ratio").iloc[-1]
        assert worst.ratio <= 1.3, worst[["group", "theme", "corrected_share", "corrected_ci_low",
                                          "corrected_ci_high", "diff", "ci_low", "ci_high"]]  # fmt: skip


def test_the_difference_uses_the_variance_of_the_share():
    gen = _gen("variance")
    draw = simulate.draw(_over_finding(others=2), gen, 18)
    c = correction.corrected_totals(draw.frame, draw.machine, draw.human[draw.validated])
    table = _share_and_difference(draw, reps=400)
    for g in ("A", "O0", "O1"):
        spread = correction.group_spread(c, g, 400)
        se = table[table.group == g].set_index("theme").loc[list(c.themes), "se"].to_numpy()
        assert (se**2 >= spread.var * (1 - 1e-12)).all()


def test_with_a_coder_people_agree_with_the_corrected_interval_is_the_machine_only_one():
    """A perfect coder adds no correction: the corrected share is the machine share, and its interval the
    machine-only share's (`intervals.pooled_share`: design-effect cap, Bell-McCaffrey df) widened only by
    the variance of half a disagreement in the validated sentences (`sample_variance`). The machine part
    was Korn-Graubard on the bootstrap variance capped at every sentence: narrower, and it covered
    0.87-0.93 where the machine-only interval covered 0.97-1.0."""
    gen = _gen("perfect")
    population = [Group(g, 10, [0.02, 0.05, 0.1, 0.2], concentration=5, spread=1.0, sensitivity=1.0,
                        specificity=1.0) for g in ("A", "B")]  # fmt: skip
    draw = simulate.draw(population, gen, 100)
    human = draw.human[draw.validated]
    table = correction.corrected_prevalence(draw.frame, draw.machine, human, reps=400)
    c = correction.corrected_totals(draw.frame, draw.machine, human)
    for g in ("A", "B"):
        sel = c.group == g
        ref = intervals.pooled_share(c.machine[sel], c.n[sel])
        rows = table[table.group == g].set_index("theme").loc[list(c.themes)]
        assert rows.corrected_share.to_numpy() == pytest.approx(ref["share"])
        low, high = rows.corrected_ci_low.to_numpy(), rows.corrected_ci_high.to_numpy()
        assert (low <= ref["ci_low"] + 1e-12).all() and (high >= ref["ci_high"] - 1e-12).all()
        # half a disagreement in 100 sentences: a standard error of 0.7 points, so at most ~1.5 points wider
        assert (ref["ci_low"] - low <= 0.016).all() and (high - ref["ci_high"] <= 0.016).all()


def test_a_sample_with_no_disagreement_still_adds_variance():
    """20 validated sentences without a disagreement cannot show that the coder makes no error: the
    correction's variance is at least that of half a disagreement (Jeffreys), and shrinks as the
    sample grows."""

    def spread_with(validated):
        frame = pd.DataFrame({"group": "A", "country": np.repeat([f"c{i}" for i in range(10)], 20),
                              "n_words": 10})  # fmt: skip
        machine = pd.DataFrame({"t0": np.tile([True] + [False] * 19, 10)})
        rows = np.arange(200)[:validated]
        human = machine.iloc[rows].copy()  # the person agrees everywhere
        c = correction.corrected_totals(frame, machine, human)
        return correction.sample_variance(c, "A")[0]

    rate = 0.5 / 21
    assert spread_with(20) == pytest.approx(rate * (1 - rate) / 20)
    assert 0 < spread_with(100) < spread_with(20)


def test_a_share_the_correction_took_to_near_zero_gets_about_the_t_interval():
    # bundled sample, WEOG x economic development: machine 0.357 of 84 sentences, 6 false hits in
    # 18 validated, corrected 0.024 with standard error 0.088, of which the machine share's 0.029
    p, var, m, own, d = 0.024, 0.0077, 0.357, 0.00084, 10
    t = stats.t.ppf(0.975, d - 1)
    m_low, m_high = correction.proportion_interval(np.array([m]), np.array([own]), d, 84)
    machine = ([m], [own], m_low, m_high)
    low, high = correction.corrected_interval(np.array([p]), np.array([var]), d, 84, 18, machine=machine)
    assert low[0] == 0
    assert p + t * np.sqrt(var) <= high[0] <= p + 1.3 * t * np.sqrt(var)  # Korn-Graubard alone: 0.82
    # the interval grows with the variance (Korn-Graubard alone jumped from 0.99 to 0.37 where the
    # effective size fell below one sentence)
    grid = np.linspace(0.002, 0.05, 30)
    machine = (np.full(30, m), own, np.full(30, m_low[0]), np.full(30, m_high[0]))
    highs = correction.corrected_interval(np.full(30, p), grid, d, 84, 18, machine=machine)[1]
    assert (np.diff(highs) >= 0).all()


def test_a_validation_sample_whose_delegations_agree_keeps_its_sampling_variance():
    """Ten delegations, each with two validated sentences, one of them a false hit: every resample
    has the same mean error, but a simple random sample of 20 sentences with 10 false hits does not."""
    rows = 10 * 4
    frame = pd.DataFrame({"group": "A", "country": np.repeat([f"c{i}" for i in range(10)], 4), "n_words": 10})
    machine = pd.DataFrame({"t0": np.tile([True, True, False, False], 10)})
    validated = np.arange(rows).reshape(10, 4)[:, :2].ravel()  # each delegation's two machine hits
    human = pd.DataFrame({"t0": np.tile([True, False], 10)}, index=validated)
    c = correction.corrected_totals(frame, machine, human)
    _, _, _, error_boot = correction.group_replicates(c, "A", 500, parts=True)
    assert correction.bootstrap_variance(error_boot, 10)[0] == pytest.approx(0, abs=1e-20)
    expected = (0.25 * 20 / 19) / 20  # sample variance of 0/-1 halves, over 20 sentences
    assert correction.sample_variance(c, "A")[0] == pytest.approx(expected)
    assert correction.group_spread(c, "A", 500).var[0] >= expected


@pytest.mark.slow
def test_corrected_share_and_difference_cover_where_the_coder_over_finds():
    """Seeded simulation of the over-finding population with two other groups: the share intervals
    of A's three themes near 0 and its difference from the rest cover about 95%. Korn-Graubard on
    the whole variance covered 0.90-0.93 for true shares 0.02-0.05 and about half the time for a
    true share of 0 (1,000 draws, docs/statistics.md). 150 draws: standard error 0.018 per theme at
    0.95, 0.010 pooled over three."""
    draws, truth = 150, np.array([0.02, 0.05, 0.0, 0.3])
    groups = _over_finding(sentences=55, spread=0.3, others=2)
    gen = _gen("coverage")
    share, diff, width = np.zeros(4), np.zeros(4), np.zeros(4)
    for _ in range(draws):
        draw = simulate.draw(groups, gen, 18)
        table = _share_and_difference(draw, reps=300)
        a = table[table.group == "A"].set_index("theme").loc[[f"t{k}" for k in range(4)]]
        true_rest = np.array(groups[1].shares)  # the others' true shares are equal: the rest's
        share += (a.corrected_ci_low <= truth) & (truth <= a.corrected_ci_high)
        diff += (a.ci_low <= truth - true_rest) & (truth - true_rest <= a.ci_high)
        width += a.corrected_ci_high - a.corrected_ci_low
    share, diff, width = share / draws, diff / draws, width / draws
    assert share[:3].mean() >= 0.93 and (share[:3] >= 0.88).all(), share
    assert diff.mean() >= 0.93 and (diff >= 0.9).all(), diff
    assert (width[:3] < 0.4).all(), width  # Korn-Graubard on the whole variance: 0.36-0.47


def test_a_group_of_one_delegation_leaves_the_other_groups_comparisons_whole():
    """A group with a single delegation has no variance for its corrected share. It used to enter every
    other group's "rest" and make all of their differences NaN (out of the BH family, silently); now it
    takes no part in the corrected comparisons, as a group without a validation sample takes none."""
    groups = [Group(g, 10, [0.1, 0.3], sensitivity=0.8, specificity=0.97) for g in "ABC"]
    draw = simulate.draw(
        [*groups, Group("Solo", 1, [0.1, 0.3], sensitivity=0.8, specificity=0.97)], _gen("solo"), 60
    )
    table = correction.corrected_differences(draw.frame, draw.machine, draw.human[draw.validated], reps=200)
    assert "Solo" not in set(table.group_a) | set(table.group_b)
    assert set(table.group_a) == {"A", "B", "C"}
    assert table[["diff", "ci_low", "ci_high", "p_value", "q_value"]].notna().all().all()


def test_bootstrap_summaries_leave_columns_without_replicates_nan_and_warn_nothing(monkeypatch):
    """A theme no replicate could estimate is NaN in the interval and the variance. The summaries never touch
    the process's warning filters (the comparison runs them in threads), and raise no warning either."""
    reps = np.array([[0.1, np.nan, np.nan], [0.3, np.nan, 0.2], [0.2, np.nan, np.nan], [0.4, np.nan, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        def filters_touched(*args, **kwargs):
            raise AssertionError("the process's warning filters changed from a comparison thread")

        monkeypatch.setattr(warnings, "catch_warnings", filters_touched)
        low, high = percentile_interval(reps, 0.5)
        var = correction.bootstrap_variance(reps, d=5)
    np.testing.assert_allclose(low, [np.percentile(reps[:, 0], 25), np.nan, 0.2])
    np.testing.assert_allclose(high, [np.percentile(reps[:, 0], 75), np.nan, 0.2])
    np.testing.assert_allclose(var, [np.var(reps[:, 0], ddof=1) * 5 / 4, np.nan, np.nan])
    assert np.isnan(percentile_interval(np.full(4, np.nan))[0])
