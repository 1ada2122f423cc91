"""Shares corrected for the automatic coder's errors from a human-coded validation sample.

Prediction-powered inference (Angelopoulos et al., Science 2023): the corrected share of a
group is its machine share over all its counted sentences plus the mean of (human - machine)
over its validated sentences, a random sample of the same sentences coded by a person:

    corrected = sum(machine) / sum(n) + sum(human - machine) / sum(validated).

The second term removes the coder's net error on average, whatever its size, so the
correction does not depend on the coder being good, only on the sample being random within
the group. The estimate is unbiased for the pooled share a person would have found; it can
fall below 0 for a rare theme the coder over-finds (then the interval is clipped to [0, 1]), and
from a handful of validated sentences above 1; a difference's interval is held to [-1, 1] (`difference`).

The variance comes from a bootstrap that resamples delegations within the group, each with
all its counted and all its validated sentences (one weight in both terms, so their
correlation is kept), times D / (D - 1). The part the correction adds is at least what the
validated sentences give as the simple random sample they are (`validation.draw`), and that at
least what half a disagreement would give (`sample_variance`): with one or two of them per
delegation the bootstrap can fall below it, and a sample without a disagreement has none. The
interval (`corrected_interval`) gives the machine share's part the machine-only share's interval
(`intervals.pooled_share`), the correction's part a t on D - 1 degrees of freedom, added in
quadrature on each side: Korn-Graubard on the whole variance at the corrected share read a
correction-dominated variance as a proportion's and gave [0, 0.82] to a share of 0.024 while its
difference from the rest had +-0.21. The differences of corrected shares use the same variance.
In simulation both cover 94-100% where a coder over-finds a theme in one group, misses one, or
agrees with people, with 5 to 100 validated sentences per group; with 6-18 and a coder that finds
30% of a common theme or over-finds a rare one the share's interval covered 0.87-0.95 until the
floor from Jeffreys' intervals of the miss and false-hit rates (`rate_variance`), at least 0.958
since (docs/statistics.md). With every
sentence its own delegation the bootstrap reproduces the closed-form PPI interval
(`ppi_interval`), itself checked against `ppi-python` in the tests.

Inputs: the counted-sentences frame (`group`, `country`), its machine theme matrix, and the
human codes as a bool theme frame indexed by the validated sentences' labels in that frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import config
from analysis.comparison.differences import comparisons, finish
from analysis.comparison.intervals import (
    bell_mccaffrey_df,
    cr2_variance,
    design_effect,
    korn_graubard,
    pooled_share,
)
from analysis.comparison.tables import (
    CONFIDENCE,
    REST,
    bootstrap_weights,
    by_column,
    check_aligned,
    cluster_codes,
    ratio,
    rng,
    sum_by,
)
from analysis.errors import InputError

BOOTSTRAP = config.N_CORRECTION_BOOTSTRAP  # 4,000
# A group with fewer validated sentences than this is flagged (`few_validated`, the figures' note, the
# compare stage's message): its sample holds none or one of most themes' sentences, so it cannot show
# the coder's errors on them; where 12-18 validated sentences held none or one of a common theme (0.2-0.4)
# the coder misses 70% of, the corrected interval covered 0.83-0.98 of the time (0.54-0.72 before the
# floor of `rate_variance`; benchmarks/bench_statistics.py --sections correction-few, docs/statistics.md).
FEW_VALIDATED = 20


@dataclass(frozen=True)
class Corrected:
    """Per-delegation totals of both terms of the corrected share, one row per cluster."""

    group: np.ndarray  # (M,)
    n: np.ndarray  # (M,) counted sentences
    machine: np.ndarray  # (M, K) machine-coded sentences per theme
    validated: np.ndarray  # (M,) validated sentences
    error: np.ndarray  # (M, K) sum of (human - machine) over validated sentences
    squared: np.ndarray  # (M, K) sum of (human - machine)^2 over validated sentences (disagreements)
    themes: tuple[str, ...]


def validated_codes(
    frame: pd.DataFrame, machine: pd.DataFrame, human: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the validated sentences in `frame`, and their human codes (rows x themes)."""
    check_aligned(frame, machine)
    unknown = human.index.difference(frame.index)
    if len(unknown):
        raise InputError(f"{len(unknown)} validated sentence(s) are not among the counted sentences")
    missing = [t for t in machine.columns if t not in human.columns]
    if missing:
        raise InputError(f"human codes lack theme column(s) {', '.join(map(str, missing))}")
    return frame.index.get_indexer(human.index), human[list(machine.columns)].to_numpy(dtype=float)


def corrected_totals(frame: pd.DataFrame, machine: pd.DataFrame, human: pd.DataFrame) -> Corrected:
    codes, _, group, _ = cluster_codes(frame)
    rows, h = validated_codes(frame, machine, human)
    f = machine.to_numpy(dtype=float)
    m = len(group)
    return Corrected(
        group=group,
        n=sum_by(codes, np.ones(len(frame)), m),
        machine=sum_by(codes, f, m),
        validated=sum_by(codes[rows], np.ones(len(rows)), m),
        error=sum_by(codes[rows], h - f[rows], m),
        squared=sum_by(codes[rows], (h - f[rows]) ** 2, m),
        themes=tuple(str(c) for c in machine.columns),
    )


def estimate(n, machine, validated, error):
    """The corrected share per theme (NaN without validated sentences); the arguments may be
    totals (1-D n) or bootstrap-weighted totals (reps x ...)."""
    return ratio(machine, np.asarray(n)[..., None]) + ratio(error, np.asarray(validated)[..., None])


def group_replicates(c: Corrected, g: str, reps: int, parts: bool = False):
    """The group's corrected share (K,) and its bootstrap replicates (reps, K), resampling
    its delegations with all their counted and validated sentences; with `parts`, also the
    replicates of its two terms alone (machine share, mean error) from the same resamples."""
    sel = c.group == g
    n, f, v, e = c.n[sel], c.machine[sel], c.validated[sel], c.error[sel]
    point = estimate(n.sum(), f.sum(0), v.sum(), e.sum(0))
    if sel.sum() < 2:
        boot = np.full((reps, len(c.themes)), np.nan)
        return (point, boot, boot, boot) if parts else (point, boot)
    w = bootstrap_weights(int(sel.sum()), reps, rng("corrected", g))
    boot = estimate(w @ n, w @ f, w @ v, w @ e)
    if not parts:
        return point, boot
    return point, boot, ratio(w @ f, (w @ n)[:, None]), ratio(w @ e, (w @ v)[:, None])


def bootstrap_variance(replicates, d: int):
    """Variance of the bootstrap replicates times D / (D - 1): resampling D delegations
    understates the variance by (D - 1) / D, which matters with 5-10 of them."""
    if d < 2 or len(replicates) < 2:
        return np.full(np.shape(replicates)[1:], np.nan)
    # NaN for a theme fewer than two replicates can estimate
    return by_column(lambda r: np.nanvar(r, axis=0, ddof=1), replicates, need=2) * d / (d - 1)


@dataclass(frozen=True)
class Spread:
    """A group's corrected share, its variance, and the machine share's own part of it."""

    point: np.ndarray  # (K,) corrected share
    var: np.ndarray  # (K,) its variance, the correction's part floored (`group_spread`)
    machine: np.ndarray  # (K,) machine share
    machine_var: np.ndarray  # (K,) the machine share's bootstrap variance, at most `var`
    d: int  # delegations
    machine_low: np.ndarray  # (K,) the machine share's own interval (`intervals.pooled_share`)
    machine_high: np.ndarray  # (K,)


def sample_variance(c: Corrected, g: str) -> np.ndarray:
    """The variance of the mean of (human - machine) over the group's validated sentences as the
    simple random sample of its sentences they are, at least that of a disagreement rate of
    (k + 1/2) / (v + 1) for k disagreements in v sentences (Jeffreys' half a disagreement; 0 without
    a sample).

    The floor is for samples that show few or no disagreements: 20 sentences without a miss cannot
    show that the coder misses nothing, yet their sample variance is 0, and with a coder missing 40%
    of a rare theme such intervals covered 0.45-0.9 (docs/statistics.md); where disagreements are
    many the two agree."""
    sel = c.group == g
    v, e, e2 = c.validated[sel].sum(), c.error[sel].sum(0), c.squared[sel].sum(0)
    if v < 1:
        return np.zeros(len(c.themes))
    rate = (e2 + 0.5) / (v + 1)
    floor = rate * (1 - rate) / v
    if v < 2:
        return floor
    return np.maximum(np.maximum(e2 - e**2 / v, 0) / (v - 1) / v, floor)


def jeffreys_interval(k, n: float, confidence: float = CONFIDENCE):
    """Jeffreys' equal-tailed interval for a rate of k in n (beta(k + 1/2, n - k + 1/2) quantiles; 0
    below k = 0, 1 above k = n). Unlike a rate plus or minus its standard error it does not shrink
    with the count a small sample happens to hold: 0 in 18 gives [0, 0.13]."""
    k, n = np.asarray(k, dtype=float), float(n)
    alpha = 1 - confidence
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, stats.beta.ppf(alpha / 2, k + 0.5, n - k + 0.5), 0.0)
        high = np.where(k < n, stats.beta.ppf(1 - alpha / 2, k + 0.5, n - k + 0.5), 1.0)
    return low, high


def rate_distances(c: Corrected, g: str, confidence: float = CONFIDENCE):
    """How far above and below its estimate Jeffreys' intervals of the group's miss rate and false-hit
    rate put the mean of (human - machine) (combined as for a difference of two rates, MOVER: Newcombe
    1998): above, the miss rate's upper distance and the false-hit rate's lower one in quadrature; below,
    the reverse. Misses are sum((human - machine)^2 + (human - machine)) / 2 over the validated
    sentences, false hits the same with the difference subtracted; zeros without a sample."""
    sel = c.group == g
    v, e, e2 = c.validated[sel].sum(), c.error[sel].sum(0), c.squared[sel].sum(0)
    if v < 1:
        return np.zeros(len(c.themes)), np.zeros(len(c.themes))
    misses, false_hits = (e2 + e) / 2, (e2 - e) / 2
    miss_low, miss_high = jeffreys_interval(misses, v, confidence)
    false_low, false_high = jeffreys_interval(false_hits, v, confidence)
    miss, false = misses / v, false_hits / v
    return np.hypot(miss_high - miss, false - false_low), np.hypot(miss - miss_low, false_high - false)


def rate_variance(c: Corrected, g: str, confidence: float = CONFIDENCE) -> np.ndarray:
    """The variance whose normal interval reaches, on average over its two sides, as far as
    `rate_distances`: their mean square over z^2."""
    above, below = rate_distances(c, g, confidence)
    return (above**2 + below**2) / 2 / stats.norm.ppf(0.5 + confidence / 2) ** 2


def group_spread(c: Corrected, g: str, reps: int, confidence: float = CONFIDENCE) -> Spread:
    """The group's corrected share and its variance: the bootstrap's, the part the correction adds
    (beyond the machine share's own) at least `sample_variance`. The validated sentences are a
    simple random sample of the group's (`validation.draw`), one or two per delegation, and
    resampling delegations can leave their mean's variance below a sample's: 0.0101 against
    0.0131 for WEOG's economic development in the bundled sample (6 false hits in 18), whose
    variance the floor takes from 0.0077 to 0.0107. Without it the intervals covered 0.90-0.95 with
    10-20 delegations and 100 validated sentences where the coder misses 40% (docs/statistics.md).

    The variance beyond the machine share's own is then at least `rate_variance`: the sample variance,
    even with half a disagreement added, shrinks with the misses a sample of 6-18 sentences happens to
    hold, and where a coder found 30% of a theme of share 0.2-0.4 (twenty delegations of about nine
    sentences) the intervals covered 0.87-0.95, an over-finding coder's 0.91-0.95; with it at least
    0.958 (docs/statistics.md)."""
    sel = c.group == g
    d = int(sel.sum())
    point, boot, machine_boot, error_boot = group_replicates(c, g, reps, parts=True)
    shortfall = np.maximum(sample_variance(c, g) - bootstrap_variance(error_boot, d), 0)
    var = bootstrap_variance(boot, d) + shortfall
    own = bootstrap_variance(machine_boot, d)
    own = np.where(np.isnan(own), var, np.minimum(own, np.where(var > 0, var, 0)))
    var = np.maximum(var, own + rate_variance(c, g, confidence))
    pooled = pooled_share(c.machine[sel], c.n[sel], confidence)
    return Spread(point, var, pooled["share"], own, d, pooled["ci_low"], pooled["ci_high"])


def corrected_interval(
    point, var, d: int, n_counted: float, n_validated: float, confidence=CONFIDENCE, machine=None, rates=None
):
    """Interval for a corrected share with variance `var`, given `machine` = (machine share, its own
    variance, its interval) (`group_spread`: the share's `intervals.pooled_share`).

    The machine share is a proportion: its part of the interval is the one the machine-only share
    has (Korn-Graubard on the CR2 variance, its effective size capped by the group's design effect,
    Bell-McCaffrey degrees of freedom), skewed toward 1/2 as a proportion's sampling error is. The
    rest of the variance is the correction's, a mean of (human - machine) over a few validated
    sentences: an additive error as likely to push the share toward 0 as away from it, which gets a
    symmetric t on D - 1 degrees of freedom. The two are added in quadrature on each side around the
    share clipped to [0, 1] (the method of variance estimates recovery, MOVER: Zou and Donner, Stat
    Med 2008). With an accurate coder this is the machine-only interval; where the correction
    carries the variance it is the t interval, the one the differences of corrected shares use.
    The machine part was Korn-Graubard on the bootstrap variance, capped at all the counted
    sentences and on D - 1 degrees of freedom: with a perfect coder it covered 0.87-0.93 where the
    machine-only interval of the same share covered 0.97-1.0 (docs/statistics.md).

    With `rates` = (above, below) from `rate_distances`, the correction's part reaches on each side at
    least as far as Jeffreys' intervals of the miss and false-hit rates put the correction: where a
    sample holds few of a coder's misses, up more than down.

    Without `machine` (all the variance taken for a proportion's) this is Korn-Graubard on the
    whole variance at the corrected share, which read a correction-dominated variance as a
    proportion's: a share of 0.024 with a standard error of 0.088 got [0, 0.82] where its
    difference from the rest had +-0.21, and in simulation such intervals covered true shares of
    0.02-0.05 only 90-93% of the time (a true share of 0: about half) where this covers 0.92-0.98
    (docs/statistics.md). A corrected share with no variance at all keeps `proportion_interval`'s
    rule.
    """
    point, var = np.asarray(point, dtype=float), np.asarray(var, dtype=float)
    whole = proportion_interval(point, var, d, np.where(var > 0, n_counted, n_validated), confidence)
    if machine is None:
        return whole
    share, own, low_m, high_m = (np.asarray(x, dtype=float) for x in machine)
    clipped = np.clip(point, 0, 1)
    with np.errstate(invalid="ignore"):
        t = stats.t.ppf(0.5 + confidence / 2, d - 1) if d > 1 else np.nan
        added = t * np.sqrt(np.maximum(var - own, 0))
        above, below = (added, added) if rates is None else (np.maximum(added, r) for r in rates)
        low = np.clip(clipped - np.hypot(share - low_m, below), 0, 1)
        high = np.clip(clipped + np.hypot(high_m - share, above), 0, 1)
    return np.where(var > 0, low, whole[0]), np.where(var > 0, high, whole[1])


def share_interval(c: Corrected, g: str, sp: Spread, confidence=CONFIDENCE):
    """The interval of group g's corrected share (`corrected_interval` on its `group_spread`)."""
    sel = c.group == g
    machine = (sp.machine, sp.machine_var, sp.machine_low, sp.machine_high)
    return corrected_interval(
        sp.point,
        sp.var,
        sp.d,
        c.n[sel].sum(),
        c.validated[sel].sum(),
        confidence,
        machine,
        rate_distances(c, g, confidence),
    )


def proportion_interval(point, var, d: int, cap, confidence=CONFIDENCE):
    """Korn-Graubard interval for a share with variance `var`: Clopper-Pearson on p(1 - p) / var
    effective sentences (at most `cap`, and `cap` where the variance is 0: a share of 0 then gets
    the one-sided upper bound of 0 in `cap` sentences), D - 1 degrees of freedom.

    Where the effective size p(1 - p) / var is below one sentence, Korn-Graubard is Clopper-Pearson
    on a fraction of a sentence and gives nearly [0, 1] (a corrected share of 0.00002 with a
    variance did, in the 2023 General Debate): there the interval is the t interval around the
    share clipped to [0, 1]. A share at or beyond 0 (or 1) with a variance has no effective size at
    all and gets [0, t * se] (or [1 - t * se, 1]), the same rule at its limit.
    """
    point, var = np.asarray(point, dtype=float), np.asarray(var, dtype=float)
    clipped = np.clip(point, 0, 1)
    low, high, _, _ = korn_graubard(clipped, var, cap, d - 1, confidence)
    with np.errstate(invalid="ignore"):
        half = (
            stats.t.ppf(0.5 + confidence / 2, d - 1) * np.sqrt(var) if d > 1 else np.full(point.shape, np.nan)
        )
        edge = (var > 0) & (clipped * (1 - clipped) < var)  # fewer than one effective sentence
    low = np.where(edge, np.maximum(clipped - half, 0), low)
    high = np.where(edge, np.minimum(clipped + half, 1), high)
    return low, high


CORRECTED_COLUMNS = [
    "group",
    "theme",
    "machine_share",
    "corrected_share",
    "corrected_ci_low",
    "corrected_ci_high",
    "n_validated",
    "few_validated",
]


def corrected_prevalence(
    frame: pd.DataFrame,
    machine: pd.DataFrame,
    human: pd.DataFrame,
    confidence: float = CONFIDENCE,
    reps: int = BOOTSTRAP,
) -> pd.DataFrame:
    """One row per group and theme: machine share, corrected share and its interval, the group's
    validated sentences (contract section 6), and `few_validated` where they are fewer than
    FEW_VALIDATED (False for a group without any: it has no corrected share to flag)."""
    c = corrected_totals(frame, machine, human)
    rows = []
    for g in _groups(c):
        sel = c.group == g
        sp = group_spread(c, g, reps, confidence)
        low, high = share_interval(c, g, sp, confidence)
        point, machine_share = sp.point, sp.machine
        n_validated = int(c.validated[sel].sum())
        for k, theme in enumerate(c.themes):
            rows.append(
                {
                    "group": g,
                    "theme": theme,
                    "machine_share": machine_share[k],
                    "corrected_share": point[k],
                    "corrected_ci_low": low[k],
                    "corrected_ci_high": high[k],
                    "n_validated": n_validated,
                    "few_validated": 0 < n_validated < FEW_VALIDATED,
                }
            )
    return pd.DataFrame(rows, columns=CORRECTED_COLUMNS)


def _groups(c: Corrected) -> list[str]:
    return config.group_order(np.unique(c.group.astype(str)))


def combine(parts, weights):
    """A weighted sum of independent corrected shares, each (point, var, df): its point,
    variance and Welch-Satterthwaite df."""
    point = sum(w * p for w, (p, _, _) in zip(weights, parts, strict=True))
    pieces = [(w**2 * v, df) for w, (_, v, df) in zip(weights, parts, strict=True)]
    var = sum(v for v, _ in pieces)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = var**2 / sum(v**2 / np.maximum(k, 1) for v, k in pieces)
    return point, var, df


def group_design_effect(c: Corrected, g: str) -> float:
    """The group's typical design effect of its machine shares (`intervals.design_effect`)."""
    sel = c.group == g
    n, y = c.n[sel], c.machine[sel]
    return design_effect(ratio(y.sum(0), n.sum()), cr2_variance(y, n), n.sum(), (y > 0).sum(0))


def floored(parts: dict, sizes: dict, deffs: dict) -> dict:
    """Each group's (point, var, df), its variance at least what its design effect implies for the
    pooled corrected share of all the groups compared (the variance under the null of equal
    shares), as `twosample.sides` floors the machine-only Welch test. Without the floor a group
    whose few delegations happen to agree has too small a bootstrap variance, and the corrected
    test's level rose to 0.08-0.14 in simulation where one group's delegations vary more or
    speak less (docs/statistics.md)."""
    total = sum(sizes[g] for g in parts)
    p0 = np.clip(sum(sizes[g] * parts[g][0] for g in parts) / total, 0, 1)
    return {g: (p, np.maximum(v, deffs[g] * p0 * (1 - p0) / sizes[g]), df) for g, (p, v, df) in parts.items()}


def versus(per: dict, sizes: dict, deffs: dict, a: str, others: list[str], confidence: float = CONFIDENCE):
    """Group a's corrected share against the size-weighted combination of `others`' (one group, or
    the rest), each variance floored: (share_b, diff, se, df, p, low, high)."""
    parts = floored({g: per[g] for g in [a, *others]}, sizes, deffs)
    rest = combine([parts[g] for g in others], [sizes[g] / sum(sizes[o] for o in others) for g in others])
    return (rest[0], *difference(parts[a], rest, confidence))


def difference(a, b, confidence: float = CONFIDENCE):
    """a - b for two independent corrected shares, each (point, var, df): the difference, its
    standard error and df (Welch-Satterthwaite), its two-sided t p-value and t interval.

    The interval is held to [-1, 1], where every difference of two shares lies: from 4 validated
    sentences per group the t interval reached past it in 12-68% of draws (+34.0 pp [-56.4, +124.4]).
    Cutting off values no true difference can take leaves coverage as it was (0.98-1.0 there) and
    the interval, still most of [-1, 1], says as plainly that the data say little. A difference
    beyond +-1 (corrected shares outside [0, 1]) gets the half-width it would have at +-1, as a
    corrected share below 0 does (`corrected_interval`): never a zero-width [1, 1]."""
    diff, var, df = combine([a, b], [1.0, -1.0])
    se = np.sqrt(var)
    half = stats.t.ppf(0.5 + confidence / 2, df) * se
    with np.errstate(invalid="ignore", divide="ignore"):
        p = 2 * stats.t.sf(np.abs(diff / se), df)
    centre = np.clip(diff, -1, 1)
    return diff, se, df, p, np.clip(centre - half, -1, 1), np.clip(centre + half, -1, 1)


def corrected_differences(
    frame: pd.DataFrame,
    machine: pd.DataFrame,
    human: pd.DataFrame,
    confidence: float = CONFIDENCE,
    reps: int = BOOTSTRAP,
) -> pd.DataFrame:
    """Group against the rest and pairwise differences of corrected shares, per theme, with a
    t interval on the groups' variances (`group_spread`, the same as their shares' intervals use),
    each floored (`floored`), and Welch-Satterthwaite df from each group's Bell-McCaffrey df,
    its p-value, BH within each family and the minimum detectable difference, and what each row rests
    on (`validated_sides`).

    The rest's corrected share weights each group's corrected share by its counted sentences
    (validation samples are drawn per group, so pooling them would misweight the groups). Only
    groups with validated sentences and at least two delegations take part: a group without a
    sample has no corrected share, and one with a single delegation no variance for it (its
    NaN would make every other group's "rest" NaN), so "the rest" is the other groups that can
    be compared.
    """
    c = corrected_totals(frame, machine, human)
    groups = [g for g in _groups(c) if c.validated[c.group == g].sum() > 0 and (c.group == g).sum() >= 2]
    if len(groups) < 2:
        return pd.DataFrame()
    per, size, deff, validated = {}, {}, {}, {}
    for g in groups:
        sp = group_spread(c, g, reps)
        validated[g] = int(c.validated[c.group == g].sum())
        per[g] = (sp.point, sp.var, bell_mccaffrey_df(c.n[c.group == g]))
        size[g] = c.n[c.group == g].sum()
        deff[g] = group_design_effect(c, g)
    rows = []
    for family, a, b in comparisons(groups):
        others = [g for g in groups if g != a] if b == REST else [b]
        share_b, diff, se, df, p, low, high = versus(per, size, deff, a, others, confidence)
        sides = validated_sides(validated, a, others)
        for k, theme in enumerate(c.themes):
            rows.append(
                {
                    "theme": theme,
                    "family": family,
                    "group_a": a,
                    "group_b": b,
                    "share_a": per[a][0][k],
                    "share_b": share_b[k],
                    "diff": diff[k],
                    "ci_low": low[k],
                    "ci_high": high[k],
                    "se": se[k],
                    "df": df[k],
                    "p_value": p[k],
                    **sides,
                }
            )
    return finish(pd.DataFrame(rows), p_columns=("p_value",)) if rows else pd.DataFrame()


def validated_sides(validated: dict[str, int], a: str, others: list[str]) -> dict:
    """What a corrected difference rests on: each side's validated sentences (the rest's: its groups'
    together), and `few_validated` where a corrected share in it has fewer than FEW_VALIDATED, a group of
    the rest's included: the rest's correction is its groups' corrections weighted by their sentences, and
    one from 4 validated sentences carries its doubt into it, which their sum would hide (weighed a fifth,
    its 4 sentences add 1/100 of a sentence's variance to the rest's, four groups of 20 together 1/125)."""
    return {
        "n_validated_a": validated[a],
        "n_validated_b": sum(validated[g] for g in others),
        "few_validated": min(validated[g] for g in [a, *others]) < FEW_VALIDATED,
    }


def ppi_interval(machine_all, human, machine_validated, confidence: float = CONFIDENCE):
    """The closed-form PPI interval for a mean when sentences are independent (no clustering):
    estimate +- z * sqrt(var(machine) / N + var(human - machine) / n), population variances as
    in `ppi_py.ppi_mean_ci(..., lam=1)`. Returns (estimate, low, high) per column."""
    f = np.asarray(machine_all, dtype=float)
    r = np.asarray(human, dtype=float) - np.asarray(machine_validated, dtype=float)
    point = f.mean(0) + r.mean(0)
    se = np.sqrt(f.var(0) / len(f) + r.var(0) / len(r))
    z = stats.norm.ppf(0.5 + confidence / 2)
    return point, point - z * se, point + z * se
