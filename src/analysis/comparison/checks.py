"""Coverage and level of every method, on simulated data with a known truth.

The tests run these with few draws (tests/test_statistics_simulation.py); the benchmark with
many (benchmarks/bench_statistics.py, table in docs/statistics.md). Each returns plain rates:
coverage = share of intervals that contain the truth; level = share of p-values below 0.05
when the null holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.comparison import agreement, correction, intervals, simulate, twosample
from analysis.comparison.correction import corrected_totals
from analysis.comparison.differences import ALPHA


def _covers(low, high, truth):
    return (np.asarray(low) <= truth) & (truth <= np.asarray(high))


def prevalence_coverage(group: simulate.Group, draws: int, gen: np.random.Generator) -> dict[str, np.ndarray]:
    """Per theme of `group`: coverage of the pooled-share and mean-of-shares intervals, the
    share of draws where the theme was a zero cell, and the smallest upper bound of a zero cell."""
    truth = np.asarray(group.shares, dtype=float)
    hit_pooled, hit_mean, zero = (np.zeros(len(truth)) for _ in range(3))
    zero_upper = np.full(len(truth), np.inf)
    for _ in range(draws):
        tot = simulate.draw_totals([group], gen)
        pooled = intervals.pooled_share(tot.counts, tot.n)
        mean = intervals.mean_share(tot.counts, tot.n)
        hit_pooled += _covers(pooled["ci_low"], pooled["ci_high"], truth)
        hit_mean += _covers(mean["ci_low"], mean["ci_high"], truth)
        is_zero = tot.counts.sum(0) == 0
        zero += is_zero
        zero_upper = np.where(is_zero, np.minimum(zero_upper, pooled["ci_high"]), zero_upper)
    return {
        "pooled": hit_pooled / draws,
        "mean": hit_mean / draws,
        "zero": zero / draws,
        "zero_upper": zero_upper,
    }


def difference_level(
    a: simulate.Group,
    b: simulate.Group,
    draws: int,
    gen: np.random.Generator,
    permutations: int = 199,
) -> dict[str, np.ndarray]:
    """Per theme: rejection rates at ALPHA of the Welch test and the permutation test, and
    coverage of the Welch interval for the true difference (the null holds when a and b have
    equal shares)."""
    truth = np.asarray(a.shares, dtype=float) - np.asarray(b.shares, dtype=float)
    welch, perm, cover = (np.zeros(len(truth)) for _ in range(3))
    for _ in range(draws):
        tot = simulate.draw_totals([a, b], gen)
        in_a = tot.group == a.name
        w = twosample.welch(tot.n, tot.counts, in_a)
        welch += w["p"] < ALPHA
        perm += twosample.permutation_p(tot.n, tot.counts, in_a, gen, permutations, limit=0)[0] < ALPHA
        cover += _covers(*intervals.t_interval(w["diff"], w["se"], w["df"]), truth)
    return {"welch": welch / draws, "permutation": perm / draws, "welch_coverage": cover / draws}


def correction_coverage(
    groups: Sequence[simulate.Group],
    draws: int,
    gen: np.random.Generator,
    n_validated: int = 100,
    reps: int = 1000,
) -> dict[str, np.ndarray]:
    """Per group and theme (groups x themes): coverage of the true share by the machine-only
    interval and by the corrected interval; and, for the first two groups, rejection rates of
    the machine-only and corrected difference tests and coverage of the corrected difference
    interval (the null holds when their true shares are equal)."""
    truth = np.array([g.shares for g in groups], dtype=float)
    true_diff = truth[0] - truth[1]
    machine, corrected = np.zeros(truth.shape), np.zeros(truth.shape)
    rej_machine, rej_corrected, cover_diff = (np.zeros(truth.shape[1]) for _ in range(3))
    for _ in range(draws):
        d = simulate.draw(groups, gen, n_validated)
        c = corrected_totals(d.frame, d.machine, d.human[d.validated])
        per, sizes, deffs = {}, {}, {}
        for j, g in enumerate(groups):
            sel = c.group == g.name
            m = intervals.pooled_share(c.machine[sel], c.n[sel])
            machine[j] += _covers(m["ci_low"], m["ci_high"], truth[j])
            point, boot = correction.group_replicates(c, g.name, reps)
            var = correction.bootstrap_variance(boot, int(sel.sum()))
            low, high = correction.corrected_interval(
                point, var, int(sel.sum()), c.n[sel].sum(), c.validated[sel].sum()
            )
            corrected[j] += _covers(low, high, truth[j])
            per[g.name] = (point, var, intervals.bell_mccaffrey_df(c.n[sel]))
            sizes[g.name], deffs[g.name] = c.n[sel].sum(), correction.group_design_effect(c, g.name)
        pair = np.isin(c.group, [groups[0].name, groups[1].name])
        in_a = c.group[pair] == groups[0].name
        rej_machine += twosample.welch(c.n[pair], c.machine[pair], in_a)["p"] < ALPHA
        _, _, _, _, p, low, high = correction.versus(per, sizes, deffs, groups[0].name, [groups[1].name])
        rej_corrected += p < ALPHA
        cover_diff += _covers(low, high, true_diff)
    return {
        "machine": machine / draws,
        "corrected": corrected / draws,
        "machine_test": rej_machine / draws,
        "corrected_test": rej_corrected / draws,
        "corrected_diff_coverage": cover_diff / draws,
    }


def misclassification_level(
    groups: Sequence[simulate.Group],
    draws: int,
    gen: np.random.Generator,
    n_validated: int = 100,
    reps: int = 499,
) -> np.ndarray:
    """Per theme: rejection rate at ALPHA of the differential-misclassification test (its null
    holds when every group has the same coder sensitivity and specificity)."""
    rejections = np.zeros(len(groups[0].shares))
    for _ in range(draws):
        d = simulate.draw(groups, gen, n_validated)
        table = agreement.differential_misclassification(d.frame, d.machine, d.human[d.validated], reps)
        rejections += table["p_value"].to_numpy() < ALPHA
    return rejections / draws
