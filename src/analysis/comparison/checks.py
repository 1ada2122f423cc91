"""Coverage and level of every method, on simulated data with a known truth.

The tests run these with few draws (tests/test_statistics_simulation.py); the benchmark with
many (benchmarks/bench_statistics.py, table in docs/statistics.md). Each returns plain rates:
coverage = share of intervals that contain the truth; level = share of p-values below 0.05
when the null holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.coding import agreement as coder_agreement
from analysis.comparison import agreement, correction, intervals, simulate, twosample
from analysis.comparison.correction import corrected_totals
from analysis.comparison.differences import ALPHA, compare_sets


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


def concentrated_coverage(
    group: simulate.Group, draws: int, gen: np.random.Generator
) -> dict[str, np.ndarray]:
    """Per theme of `group`: how often its pooled-share interval is flagged `concentrated`
    (`intervals.concentrated`), and the coverage of the flagged and of the unflagged intervals
    (`hits_*` and `n_*` give the counts, for a Monte Carlo error; coverage NaN where none)."""
    truth = np.asarray(group.shares, dtype=float)
    n_flagged, hits_flagged, hits_unflagged = (np.zeros(len(truth)) for _ in range(3))
    for _ in range(draws):
        tot = simulate.draw_totals([group], gen)
        pooled = intervals.pooled_share(tot.counts, tot.n)
        flag = intervals.concentrated((tot.counts > 0).sum(0), len(tot.n))
        hit = _covers(pooled["ci_low"], pooled["ci_high"], truth)
        n_flagged += flag
        hits_flagged += hit & flag
        hits_unflagged += hit & ~flag
    n_unflagged = draws - n_flagged
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "flagged": n_flagged / draws,
            "coverage": (hits_flagged + hits_unflagged) / draws,
            "coverage_flagged": np.where(n_flagged > 0, hits_flagged / n_flagged, np.nan),
            "coverage_unflagged": np.where(n_unflagged > 0, hits_unflagged / n_unflagged, np.nan),
            "hits_flagged": hits_flagged,
            "hits_unflagged": hits_unflagged,
            "n_flagged": n_flagged,
            "n_unflagged": n_unflagged,
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


def rest_coverage(
    groups: Sequence[simulate.Group], draws: int, gen: np.random.Generator
) -> dict[str, np.ndarray]:
    """Coverage of each group's difference from the rest (the `vs_rest` rows of `differences`: their
    interval as `differences.compare_sets` gives it) for the true difference, per group and theme
    (groups x themes); `below`: the share of draws whose interval lies wholly below the truth;
    `per_draw`: each draw's coverage over all groups and themes (its spread gives the Monte Carlo
    error of the mean, the intervals of one draw sharing its delegations).

    The rest's true share is its groups' true shares weighted by the sentences their delegations
    drew: the pooled share of the rest's expected theme sentences, given how much each spoke."""
    truth = np.array([g.shares for g in groups], dtype=float)
    names = [g.name for g in groups]
    hit, below = np.zeros(truth.shape), np.zeros(truth.shape)
    per_draw = np.zeros(draws)
    unused = np.random.default_rng(0)  # one relabelling a comparison: its p-value is not read
    for i in range(draws):
        tot = simulate.draw_totals(groups, gen)
        member = np.array([names.index(g) for g in tot.group])
        covered = np.zeros(truth.shape)
        for j in range(len(groups)):
            in_a, rest = member == j, member != j
            res = compare_sets(tot.n, tot.counts, in_a, unused, permutations=1, exact_limit=0)
            true_diff = truth[j] - (tot.n[rest] @ truth[member[rest]]) / tot.n[rest].sum()
            covered[j] = _covers(res["ci_low"], res["ci_high"], true_diff)
            below[j] += np.asarray(res["ci_high"]) < true_diff
        hit += covered
        per_draw[i] = covered.mean()
    return {"coverage": hit / draws, "below": below / draws, "per_draw": per_draw}


def correction_coverage(
    groups: Sequence[simulate.Group],
    draws: int,
    gen: np.random.Generator,
    n_validated: int = 100,
    reps: int = 1000,
) -> dict[str, np.ndarray]:
    """Per group and theme (groups x themes): coverage of the true share by the machine-only
    interval and by the corrected interval, and the corrected share's mean variance over the
    variance of the corrected shares across draws (`variance_ratio`: below 1 the intervals rest on
    a variance that leaves out part of the spread, whatever their coverage) and its mean's distance
    from the truth in Monte Carlo standard errors (`bias_z`); and, for the first two groups,
    rejection rates of the machine-only and corrected difference tests, coverage and mean width of the
    corrected difference interval (the null holds when their true shares are equal), and how often an
    interval left where the truth can lie: [0, 1] for a share (`corrected_outside`), [-1, 1] for the
    difference (`corrected_diff_outside`)."""
    truth = np.array([g.shares for g in groups], dtype=float)
    true_diff = truth[0] - truth[1]
    machine, corrected = np.zeros(truth.shape), np.zeros(truth.shape)
    rej_machine, rej_corrected = np.zeros(truth.shape[1]), np.zeros(truth.shape[1])
    cover_diff, width_diff, out_diff = (np.zeros(truth.shape[1]) for _ in range(3))
    out_share = np.zeros(truth.shape)
    points, variances = np.zeros((draws, *truth.shape)), np.zeros((draws, *truth.shape))
    for i in range(draws):
        d = simulate.draw(groups, gen, n_validated)
        c = corrected_totals(d.frame, d.machine, d.human[d.validated])
        per, sizes, deffs = {}, {}, {}
        for j, g in enumerate(groups):
            sel = c.group == g.name
            m = intervals.pooled_share(c.machine[sel], c.n[sel])
            machine[j] += _covers(m["ci_low"], m["ci_high"], truth[j])
            sp = correction.group_spread(c, g.name, reps)
            low, high = correction.share_interval(c, g.name, sp)
            corrected[j] += _covers(low, high, truth[j])
            out_share[j] += (low < 0) | (high > 1)
            points[i, j], variances[i, j] = sp.point, sp.var
            per[g.name] = (sp.point, sp.var, intervals.bell_mccaffrey_df(c.n[sel]))
            sizes[g.name], deffs[g.name] = c.n[sel].sum(), correction.group_design_effect(c, g.name)
        pair = np.isin(c.group, [groups[0].name, groups[1].name])
        in_a = c.group[pair] == groups[0].name
        rej_machine += twosample.welch(c.n[pair], c.machine[pair], in_a)["p"] < ALPHA
        _, _, _, _, p, low, high = correction.versus(per, sizes, deffs, groups[0].name, [groups[1].name])
        rej_corrected += p < ALPHA
        cover_diff += _covers(low, high, true_diff)
        width_diff += high - low
        out_diff += (low < -1) | (high > 1)
    spread = points.var(0, ddof=1)
    return {
        "machine": machine / draws,
        "corrected": corrected / draws,
        "variance_ratio": variances.mean(0) / spread,
        "bias_z": (points.mean(0) - truth) / np.sqrt(spread / draws),
        "machine_test": rej_machine / draws,
        "corrected_test": rej_corrected / draws,
        "corrected_diff_coverage": cover_diff / draws,
        "corrected_diff_width": width_diff / draws,
        "corrected_outside": out_share / draws,
        "corrected_diff_outside": out_diff / draws,
    }


def whole_validation_coverage(
    group: simulate.Group, n_validated: int, draws: int, gen: np.random.Generator, reps: int = 300
) -> dict[str, np.ndarray]:
    """One group's corrected intervals where people coded much or all of it, beside the interval its human
    codes alone would get had people coded every sentence (`intervals.pooled_share`): coverage and mean width
    of each, per theme. With every sentence validated the machine share and the correction cancel, while
    `correction.corrected_interval` adds their parts as if independent: this measures what that costs."""
    truth = np.asarray(group.shares, dtype=float)
    acc = {k: np.zeros(len(truth)) for k in ("cover", "width", "human_cover", "human_width")}
    for _ in range(draws):
        d = simulate.draw([group], gen, n_validated)
        c = corrected_totals(d.frame, d.machine, d.human[d.validated])
        low, high = correction.share_interval(c, group.name, correction.group_spread(c, group.name, reps))
        acc["cover"] += _covers(low, high, truth)
        acc["width"] += high - low
        by = d.human.groupby(d.frame["country"].to_numpy())
        human = intervals.pooled_share(by.sum().to_numpy(float), by.size().to_numpy(float))
        acc["human_cover"] += _covers(human["ci_low"], human["ci_high"], truth)
        acc["human_width"] += human["ci_high"] - human["ci_low"]
    return {k: v / draws for k, v in acc.items()}


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


# The population of tests/test_agreement_intervals.py and the benchmark: prevalence, sensitivity,
# false-positive rate per theme, and each group's shift in sensitivity.
CODER_SCENARIO = (
    [0.005, 0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.05],
    list(np.linspace(0.55, 0.9, 11)),
    list(np.linspace(0.02, 0.003, 11)),
    [0.0, -0.1, 0.05, -0.05, 0.1],
)


def coder_population(
    prevalence: Sequence[float],
    sensitivity: Sequence[float],
    false_positive_rate: Sequence[float],
    group_shift: Sequence[float],
    size: int,
    gen: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A large population of coded sentences, for the agreement intervals: human codes (size, K)
    with the themes' prevalence, machine codes that find a theme with its sensitivity (moved by
    each group's shift) and add it with its false-positive rate, and the group of each sentence
    (equal blocks, one per shift)."""
    groups = np.repeat(np.arange(len(group_shift)), size // len(group_shift))
    k = len(prevalence)
    human = gen.random((len(groups), k)) < np.asarray(prevalence)
    found = np.clip(np.asarray(sensitivity) + np.asarray(group_shift)[groups][:, None], 0, 1)
    machine = np.where(
        human, gen.random(human.shape) < found, gen.random(human.shape) < np.asarray(false_positive_rate)
    )
    return human, machine, groups


def revise(
    human: np.ndarray, machine: np.ndarray, fix: float, add: float, gen: np.random.Generator
) -> np.ndarray:
    """A revised coder: it finds each sentence the machine missed with probability `fix` and adds a
    false code to each theme of an uncoded sentence with probability `add` (a rule revision that
    helps and hurts at once, as real ones do)."""
    found = ~machine & human & (gen.random(human.shape) < fix)
    extra = ~machine & ~human & (gen.random(human.shape) < add)
    return machine | found | extra


def _stratified(groups: np.ndarray, per_group: int, gen: np.random.Generator) -> np.ndarray:
    """Indices of a sample of `per_group` sentences from each group, without replacement."""
    return np.concatenate([gen.choice(np.flatnonzero(groups == g), per_group, replace=False)
                           for g in np.unique(groups)])  # fmt: skip


def agreement_coverage(
    human: np.ndarray,
    machine: np.ndarray,
    groups: np.ndarray,
    per_group: int,
    draws: int,
    gen: np.random.Generator,
    reps: int = 1000,
    baseline: np.ndarray | None = None,
) -> dict[tuple[str, str], float]:
    """Coverage of `coding.agreement.intervals` on samples of `per_group` sentences from each group of
    a population whose agreement figures are the truth, keyed (statistic, scope) as its rows; with a
    `baseline` coding, of `difference_intervals` for the change from it."""
    ids = [f"t{j}" for j in range(human.shape[1])]
    labels = groups.astype(str)

    def figures(idx, reps_, seed):
        if baseline is None:
            table = coder_agreement.intervals(
                human[idx], machine[idx], ids, labels[idx], reps=reps_, seed=seed
            )
            return table.set_index(["statistic", "scope"]).rename(columns={"estimate": "truth"})
        table = coder_agreement.difference_intervals(
            human[idx], machine[idx], baseline[idx], ids, labels[idx], reps=reps_, seed=seed
        )
        return table.set_index(["statistic", "scope"]).rename(columns={"change": "truth"})

    truth = figures(np.arange(len(human)), 1, 0)["truth"]
    hit = pd.Series(0.0, index=truth.index)
    for _ in range(draws):
        got = figures(_stratified(groups, per_group, gen), reps, int(gen.integers(2**31)))
        hit += _covers(got["low"], got["high"], truth).astype(float)
    return (hit / draws).to_dict()


def sign_test_rejections(
    human: np.ndarray,
    machine: np.ndarray,
    baseline: np.ndarray,
    groups: np.ndarray,
    per_group: int,
    draws: int,
    gen: np.random.Generator,
) -> float:
    """Share of samples in which the overall sign test of `difference_intervals` says p < 0.05."""
    ids = [f"t{j}" for j in range(human.shape[1])]
    rejected = 0
    for _ in range(draws):
        idx = _stratified(groups, per_group, gen)
        table = coder_agreement.difference_intervals(human[idx], machine[idx], baseline[idx], ids, reps=1)
        rejected += table.loc[0, "p_sign"] < ALPHA
    return rejected / draws
