"""Which themes meet in the same sentence more often than chance, within each group.

Lift = observed joint sentences / expected under independence (n_a n_b / N). Pooled over
groups it mixes in group composition: two themes that are both frequent in one group look
associated though they are independent inside every group. So lift is given per group and,
for the whole corpus, stratified: sum over groups of observed / sum of expected within each
group (a Mantel-Haenszel-type standardised ratio); the crude pooled lift is kept beside it
for comparison. Intervals: percentile cluster bootstrap, delegations resampled within groups.
A pair never seen together gets [0, Poisson upper bound of 0 / expected] (`upper_bound_only`);
a pair with a theme never coded in the stratum (expected 0) has no lift and no interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.comparison.tables import (
    CONFIDENCE,
    bootstrap_weights,
    check_aligned,
    cluster_codes,
    percentile_interval,
    ratio,
    rng,
    sum_by,
)

BOOTSTRAP = config.N_BOOTSTRAP  # 2,000
WITHIN = "within groups"
POOLED = "pooled (crude)"


def _parts(codes, x, m):
    """Per-delegation sentences, theme counts and joint counts (M, K*K)."""
    k = x.shape[1]
    # theme by theme (column a * k + b: both a and b): all pairs at once held k times the theme matrix (a
    # sentence's 121 products: 20 MB on the 2023 General Debate, twice over); the sums of 0/1 are the same
    joint = np.hstack([sum_by(codes, x[:, [a]] * x, m) for a in range(k)]) if k else np.zeros((m, 0))
    return sum_by(codes, np.ones(len(x)), m), sum_by(codes, x, m), joint


def _expected(n, single, k):
    """Expected joint counts under independence, (..., K*K)."""
    outer = single[..., :, None] * single[..., None, :]
    return ratio(outer.reshape(*single.shape[:-1], k * k), np.asarray(n)[..., None])


def cooccurrence(
    frame: pd.DataFrame, matrix: pd.DataFrame, reps: int = BOOTSTRAP, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Per group, within groups and pooled: every pair of themes (a before b) with joint count,
    expected count, lift and its interval."""
    check_aligned(frame, matrix)
    codes, _, group, _ = cluster_codes(frame)
    themes = [str(t) for t in matrix.columns]
    k = len(themes)
    n, single, joint = _parts(codes, matrix.to_numpy(dtype=float), len(group))
    observed, expected, boot_obs, boot_exp = {}, {}, {}, {}
    boot_n, boot_single = 0.0, 0.0
    alone = set()  # groups of one delegation: resampling it gives no interval
    for g in config.group_order(np.unique(group.astype(str))):
        sel = group == g
        if sel.sum() < 2:
            alone.add(g)
        w = bootstrap_weights(int(sel.sum()), reps, rng("cooccurrence", g))
        observed[g], expected[g] = joint[sel].sum(0), _expected(n[sel].sum(), single[sel].sum(0), k)
        boot_obs[g], boot_exp[g] = w @ joint[sel], _expected(w @ n[sel], w @ single[sel], k)
        boot_n, boot_single = boot_n + w @ n[sel], boot_single + w @ single[sel]
    groups = list(observed)
    observed[WITHIN] = sum(observed[g] for g in groups)
    expected[WITHIN] = sum(expected[g] for g in groups)
    boot_obs[WITHIN] = sum(boot_obs[g] for g in groups)
    boot_exp[WITHIN] = sum(boot_exp[g] for g in groups)
    observed[POOLED] = observed[WITHIN]
    expected[POOLED] = _expected(n.sum(), single.sum(0), k)
    boot_obs[POOLED] = boot_obs[WITHIN]
    boot_exp[POOLED] = _expected(boot_n, boot_single, k)
    i, j = np.triu_indices(k, 1)
    flat = i * k + j
    rows = []
    for stratum in observed:
        lift = ratio(observed[stratum], expected[stratum])[flat]
        low, high = percentile_interval(ratio(boot_obs[stratum], boot_exp[stratum])[:, flat], confidence)
        if stratum in alone:
            low, high = np.full_like(low, np.nan), np.full_like(high, np.nan)
        # Never seen together though both themes occur: a one-sided bound. A theme never coded in the
        # stratum leaves nothing to expect (expected 0, lift 0 / 0): no lift and no interval.
        unseen = expected[stratum][flat] == 0
        none = (observed[stratum][flat] == 0) & ~unseen
        poisson_upper = -np.log(1 - confidence)  # one-sided upper bound of a count of 0
        high = np.where(none, ratio(poisson_upper, expected[stratum][flat]), high)
        low, high = np.where(unseen, np.nan, low), np.where(unseen, np.nan, high)
        for r, (a, b) in enumerate(zip(i, j, strict=True)):
            rows.append(
                {
                    "stratum": stratum,
                    "theme_a": themes[a],
                    "theme_b": themes[b],
                    "count": int(observed[stratum][flat[r]]),
                    "expected": expected[stratum][flat[r]],
                    "lift": lift[r],
                    "ci_low": 0.0 if none[r] else low[r],
                    "ci_high": high[r],
                    "upper_bound_only": bool(none[r]),
                }
            )
    return pd.DataFrame(rows)
