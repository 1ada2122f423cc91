"""Prevalence intervals that cover with few delegations.

The estimand is the pooled share: the share of a group's counted sentences that carry a
theme, sum(y) / sum(n) over its delegations. It weights each delegation by how much it
spoke. Beside it, the mean of delegation shares weights every delegation alike.

Intervals are Korn-Graubard: a Clopper-Pearson interval on the effective sample size
p(1 - p) / var(p), the variance cluster-robust (CR2, which corrects the leverage of a
talkative delegation) and the effective size shrunk for the Bell-McCaffrey degrees of
freedom (D - 1 when delegations spoke alike, fewer when a few dominate). The effective size
never exceeds the Kish size of the weighting (all sentences for the pooled share, D times
the harmonic mean of sentence counts for the mean of shares) divided by the group's typical
design effect (the median over its themes): a rare theme's own variance rests on the few
delegations that raised it and is often far too small. A share of exactly 0 gets a
one-sided 95% upper bound above zero (a share of 1 a one-sided lower bound), never [0, 0].
The simulations in benchmarks/bench_statistics.py (docs/statistics.md) are why: the
percentile bootstrap and a CR2 t interval under-cover with 5-10 delegations; this does not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.comparison.tables import CONFIDENCE, Totals, ratio, totals

# A group with fewer delegations than this is flagged thin: its intervals rest on few
# independent units and its tests have little power (docs/statistics.md).
THIN_DELEGATIONS = 10
MIN_WORDS = 1000

# A theme raised by fewer than this share of a group's delegations (none included) is flagged
# `concentrated`: its interval rests on the few delegations that raised it, and where a theme lives in
# a few delegations while the group's others are spread evenly such intervals covered the true share
# 0.7-0.9 of the time in simulation, not 0.95 (docs/statistics.md, "Where the methods fall short").
CONCENTRATED_SHARE = 1 / 3


def _columns(y, n):
    """(D, K) counts and (D,) sentence counts as floats; a 1-D y becomes one column."""
    y = np.asarray(y, dtype=float)
    return (y[:, None] if y.ndim == 1 else y), np.asarray(n, dtype=float)


def cr2_variance(y, n) -> np.ndarray:
    """Cluster-robust (CR2) variance of the pooled share sum(y) / sum(n), per column of y.

    For a share, the sentence-level regression on a constant has leverage n_i / N in
    delegation i, so CR2 divides each squared delegation residual by 1 - n_i / N.
    NaN with fewer than two delegations. The weighted squares are added by NumPy, not
    by a matrix product: BLAS picks its kernel for the CPU and orders (and fuses) the sum its own way,
    so the tables' last bits would differ from one machine to another.
    """
    y, n = _columns(y, n)
    big_n = n.sum()
    if len(n) < 2 or big_n <= 0:
        return np.full(y.shape[1], np.nan)
    resid = y - np.outer(n, y.sum(0) / big_n)
    scale = 1.0 / (1.0 - n / big_n)
    return (scale[:, None] * resid**2).sum(axis=0) / big_n**2


def bell_mccaffrey_df(n) -> float:
    """Bell-McCaffrey degrees of freedom of the CR2 variance of a pooled share (D - 1 when all
    delegations spoke alike, fewer when a few delegations dominate)."""
    n = np.asarray(n, dtype=float)
    big_n = n.sum()
    if len(n) < 2:
        return np.nan
    a = 1.0 / np.sqrt(1.0 - n / big_n)
    m = np.outer(a, a) * (np.diag(n) - np.outer(n, n) / big_n)
    return float(np.trace(m) ** 2 / np.sum(m * m))


def design_effect(p, var, n_kish, raised) -> float:
    """The group's typical design effect: the median over its themes raised by at least two
    delegations of var / (p (1 - p) / n_kish), at least 1 (1 when no theme qualifies).

    A rare theme's own variance rests on the few delegations that raised it and is often far
    too small; its effective size is therefore capped at n_kish / this design effect.
    """
    p, var = np.asarray(p, dtype=float), np.asarray(var, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        deff = var / (p * (1 - p) / n_kish)
    ok = (np.asarray(raised) >= 2) & np.isfinite(deff)
    return max(1.0, float(np.median(deff[ok]))) if ok.any() else 1.0


def korn_graubard(p, var, n_cap, df, confidence: float = CONFIDENCE):
    """Korn-Graubard interval for a proportion from a clustered sample.

    Effective size n_eff = p (1 - p) / var, at most `n_cap` (and `n_cap` where the variance
    is zero), times (z / t_df)^2 for the degrees of freedom; then Clopper-Pearson on
    p * n_eff successes. Where p is 0 (1) the interval is the one-sided upper (lower) bound
    at `confidence`. Returns (low, high, n_eff, one_sided).
    """
    p = np.asarray(p, dtype=float)
    var = np.broadcast_to(np.asarray(var, dtype=float), p.shape)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = np.where(var > 0, p * (1 - p) / np.where(var > 0, var, 1), n_cap)
        shrink = (stats.norm.ppf(1 - alpha / 2) / stats.t.ppf(1 - alpha / 2, df)) ** 2
        n_eff = np.minimum(n_eff, n_cap) * shrink
        x = p * n_eff
        low = np.where(x > 0, stats.beta.ppf(alpha / 2, x, n_eff - x + 1), 0.0)
        high = np.where(x < n_eff, stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x), 1.0)
        zero, one = p == 0, p == 1
        high = np.where(zero, 1 - alpha ** (1 / n_eff), high)
        low = np.where(one, alpha ** (1 / n_eff), low)
    bad = np.isnan(p) | ~(np.asarray(df, dtype=float) > 0)
    low, high, n_eff = (np.where(bad, np.nan, a) for a in (low, high, n_eff))
    return low, high, n_eff, (zero | one) & ~bad


def _interval(estimate, var, n_kish, df, raised, confidence):
    deff = design_effect(estimate, var, n_kish, raised)
    low, high, n_eff, one_sided = korn_graubard(estimate, var, n_kish / deff, df, confidence)
    return {
        "share": estimate,
        "ci_low": low,
        "ci_high": high,
        "se": np.sqrt(var),
        "n_eff": n_eff,
        "one_sided": one_sided,
        "design_effect": deff,
    }


def pooled_share(y, n, confidence: float = CONFIDENCE) -> dict[str, np.ndarray]:
    """Pooled share per column of y (D delegations x K themes) with its Korn-Graubard interval
    on the CR2 variance and Bell-McCaffrey degrees of freedom."""
    y, n = _columns(y, n)
    share = ratio(y.sum(0), n.sum())
    var = cr2_variance(y, n)
    return _interval(share, var, n.sum(), bell_mccaffrey_df(n), (y > 0).sum(0), confidence)


def mean_share(y, n, confidence: float = CONFIDENCE) -> dict[str, np.ndarray]:
    """Mean of delegation shares (every delegation weighs alike) with its Korn-Graubard interval
    on the standard error across delegations and D - 1 degrees of freedom; its Kish size is
    D times the harmonic mean of sentence counts."""
    y, n = _columns(y, n)
    d = len(n)
    if d == 0:
        return _interval(np.full(y.shape[1], np.nan), np.nan, np.nan, 0, 0, confidence)
    shares = y / n[:, None]
    var = shares.var(0, ddof=1) / d if d > 1 else np.full(y.shape[1], np.nan)
    return _interval(shares.mean(0), var, d * stats.hmean(n), d - 1, (y > 0).sum(0), confidence)


def concentrated(raised, delegations: int) -> np.ndarray:
    """Per theme: raised by fewer than CONCENTRATED_SHARE of the group's `delegations` (by none
    included), in a group of at least two (a group of one has no interval to flag)."""
    raised = np.asarray(raised, dtype=float)
    return (delegations >= 2) & (raised < CONCENTRATED_SHARE * delegations - 1e-9)


def t_interval(estimate, se, df, confidence: float = CONFIDENCE):
    """estimate +- t_df * se (the CR2 t interval; kept to compare against in the benchmark)."""
    half = stats.t.ppf(0.5 + confidence / 2, df) * np.asarray(se, dtype=float)
    return estimate - half, estimate + half


def thin_warning(n_delegations: int, n_words: float) -> str:
    """Plain words for a thin group ('' when it is not thin)."""
    if n_delegations == 0:
        return "no delegation sentences"
    parts = []
    if n_delegations < THIN_DELEGATIONS:
        s = "" if n_delegations == 1 else "s"
        parts.append(f"only {n_delegations} delegation{s}" + ("; no interval" if n_delegations == 1 else ""))
    if n_words < MIN_WORDS:
        parts.append(f"fewer than {MIN_WORDS:,} words ({int(n_words):,})")
    return "; ".join(parts)


def verbosity(tot: Totals) -> pd.DataFrame:
    """How evenly each group's delegations spoke: the pooled share leans on the talkative ones.

    `effective_delegations` is the Kish size (sum n)^2 / sum n^2: the number of equally
    talkative delegations that would give the pooled share the same weight spread.
    """
    rows = []
    for g in tot.groups():
        n = tot.n[tot.group == g]
        rows.append(
            {
                "group": g,
                "delegations": len(n),
                "sentences": int(n.sum()),
                "median_sentences": float(np.median(n)),
                "min_sentences": int(n.min()),
                "max_sentences": int(n.max()),
                "top_delegation_share": float(n.max() / n.sum()),
                "effective_delegations": float(n.sum() ** 2 / (n**2).sum()),
            }
        )
    return pd.DataFrame(rows)


PREVALENCE_COLUMNS = [
    "group",
    "theme",
    "share",
    "ci_low",
    "ci_high",
    "upper_bound_only",
    "mean_share",
    "mean_ci_low",
    "mean_ci_high",
    "n_units",
    "n_sentences_with_theme",
    "n_delegations",
    "delegations_total",
    "n_words",
    "concentrated",
    "thin",
    "warning",
]


def prevalence(frame: pd.DataFrame, matrix: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """One row per group and theme: pooled share and mean of delegation shares, each with its
    interval; `upper_bound_only` marks a zero cell whose interval is a one-sided upper bound, and
    `concentrated` a theme raised by fewer than a third of the group's delegations (its interval may
    be too narrow)."""
    tot = totals(frame, matrix)
    rows = []
    for g in tot.groups():
        sub = tot.select(tot.group == g)
        d, words = len(sub.n), sub.words.sum()
        pooled = pooled_share(sub.counts, sub.n, confidence)
        mean = mean_share(sub.counts, sub.n, confidence)
        raised = (sub.counts > 0).sum(0)
        few = concentrated(raised, d)
        warning = thin_warning(d, words)
        for k, theme in enumerate(tot.themes):
            rows.append(
                {
                    "group": g,
                    "theme": theme,
                    "share": pooled["share"][k],
                    "ci_low": pooled["ci_low"][k],
                    "ci_high": pooled["ci_high"][k],
                    "upper_bound_only": bool(pooled["one_sided"][k] and pooled["share"][k] == 0),
                    "mean_share": mean["share"][k],
                    "mean_ci_low": mean["ci_low"][k],
                    "mean_ci_high": mean["ci_high"][k],
                    "n_units": int(sub.n.sum()),
                    "n_sentences_with_theme": int(sub.counts[:, k].sum()),
                    "n_delegations": int(raised[k]),
                    "delegations_total": d,
                    "n_words": int(words),
                    "concentrated": bool(few[k]),
                    "thin": bool(d < THIN_DELEGATIONS or words < MIN_WORDS),
                    "warning": warning,
                }
            )
    return pd.DataFrame(rows, columns=PREVALENCE_COLUMNS)
