"""How stable are the groups' priority orders? Bootstrap intervals instead of tau p-values.

Kendall's tau p-values treat the themes as independent draws, which they are not (they are
the same eleven themes for every group, coded from the same sentences). What an analyst wants
to know is how much the ordering would move with other delegations: so every group's
delegations are resampled (cluster bootstrap, one stream per group) and each replicate's
shares give a replicate of tau between every pair of groups, of every theme's rank, and of
which theme comes first. Intervals are percentile intervals of those replicates.

Why percentile, though they under-cover with few delegations (tau about 0.90 with ten per
group, docs/statistics.md): tau of estimated shares jumps whenever two themes' shares nearly
tie, and the replicates' spread is centred on their mean, which averages those jumps out, not
on the estimate. The basic (reverse-percentile), bias-corrected (BC, BCa) and calibrated double
bootstrap intervals all centre on the estimate and covered 0.70-0.81 in the same simulations
(benchmarks/bench_statistics.py --sections ranks; tests/test_rank_intervals.py). So the
estimate can sit near an edge of its own interval; read the intervals as a lower bound on the
instability.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis import config
from analysis.comparison.tables import (
    CONFIDENCE,
    Totals,
    bootstrap_weights,
    percentile_interval,
    ratio,
    rng,
    totals,
)

BOOTSTRAP = config.N_BOOTSTRAP  # 2,000


def share_replicates(tot: Totals, reps: int = BOOTSTRAP) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per group: pooled shares (K,) and their cluster-bootstrap replicates (reps, K); the replicates
    are NaN for a group of one delegation, whose resamples are all the same delegation (its rank
    interval would be [r, r] and its theme first in every resample: a certainty one delegation
    cannot give)."""
    out = {}
    for g in tot.groups():
        sub = tot.select(tot.group == g)
        w = bootstrap_weights(len(sub.n), reps, rng("ranks", g))
        boot = ratio(w @ sub.counts, (w @ sub.n)[:, None])
        if len(sub.n) < 2:
            boot = np.full_like(boot, np.nan)
        out[g] = (ratio(sub.counts.sum(0), sub.n.sum()), boot)
    return out


def kendall_tau_b(x, y) -> np.ndarray:
    """Kendall's tau-b between the rows of x and y (R, K), vectorised; NaN for a constant row."""
    x, y = np.atleast_2d(x), np.atleast_2d(y)
    i, j = np.triu_indices(x.shape[1], 1)
    sx, sy = np.sign(x[:, i] - x[:, j]), np.sign(y[:, i] - y[:, j])
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sx * sy).sum(1) / np.sqrt((sx != 0).sum(1) * (sy != 0).sum(1))


def rank_agreement(
    frame: pd.DataFrame, matrix: pd.DataFrame, reps: int = BOOTSTRAP, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Kendall's tau-b between every pair of groups' theme shares, with a bootstrap interval."""
    rep = share_replicates(totals(frame, matrix), reps)
    rows = []
    for a, b in combinations(rep, 2):
        tau = kendall_tau_b(rep[a][0], rep[b][0])[0]
        low, high = percentile_interval(kendall_tau_b(rep[a][1], rep[b][1]), confidence)
        rows.append({"group_a": a, "group_b": b, "tau": tau, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["group_a", "group_b", "tau", "ci_low", "ci_high"])


def rank_stability(
    frame: pd.DataFrame, matrix: pd.DataFrame, reps: int = BOOTSTRAP, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Per group and theme: share, rank (1 = top, ties averaged), a bootstrap interval for the
    rank, and `p_top`, the share of replicates in which the theme comes first (ties split)."""
    tot = totals(frame, matrix)
    rows = []
    for g, (point, boot) in share_replicates(tot, reps).items():
        rank = stats.rankdata(-point, method="average")
        boot_rank = stats.rankdata(-boot, method="average", axis=1)
        top = boot == boot.max(1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            p_top = (top / top.sum(1, keepdims=True)).mean(0)
        low, high = percentile_interval(boot_rank, confidence)
        for k, theme in enumerate(tot.themes):
            rows.append(
                {
                    "group": g,
                    "theme": theme,
                    "share": point[k],
                    "rank": rank[k],
                    "rank_ci_low": low[k],
                    "rank_ci_high": high[k],
                    "p_top": p_top[k],
                }
            )
    return pd.DataFrame(
        rows, columns=["group", "theme", "share", "rank", "rank_ci_low", "rank_ci_high", "p_top"]
    )
