"""Two-sample statistics on delegation totals: the cluster-robust Welch t and its permutation test.

Every comparison sets the pooled share of set A of delegations against that of set B (one
group against the rest, or two groups). The statistic is the Welch t of the difference,
each side's variance cluster-robust (CR2) and floored (see `sides`).

- `welch`: the t test and interval of the difference, on Welch-Satterthwaite degrees of
  freedom from each side's Bell-McCaffrey df. Its null is "the two pooled shares are equal";
  in simulation its level stays at or below 0.05 when one group's delegations vary more or
  speak far fewer sentences (docs/statistics.md).
- `permutation_p`: relabel delegations between A and B, exactly over every relabelling when
  there are at most EXACT_LIMIT of them, else Monte Carlo. Its null is "delegations are
  exchangeable between the groups": exact then, but it also rejects when the groups differ
  only in how much their delegations vary (level up to 0.13 in simulation, 0.5 for the
  unstudentized difference the old `compare` permuted), so it never stands alone.
"""

from __future__ import annotations

from itertools import chain, combinations, islice
from math import comb

import numpy as np
from scipy import stats

from analysis import config
from analysis.comparison.intervals import bell_mccaffrey_df

EXACT_LIMIT = config.EXACT_LIMIT  # relabellings enumerated exactly up to this many (400,000)
PERMUTATIONS = config.N_PERMUTATIONS  # Monte Carlo relabellings beyond it (100,000)
# Relabellings per array: 2,000 x delegations stays in the allocator's reuse (arrays of 20,000 rows
# were mapped afresh for every operation and cost 50 times as much per row on this machine).
_CHUNK = 2_000
# Besag & Clifford (1991): a theme's Monte Carlo p-value is settled once this many relabellings are
# as extreme as the observed one (p = hits / draws, about 10% relative error); only small p-values
# need all PERMUTATIONS draws, and a comparison stops when all its themes are settled.
STOP_HITS = 100


def _side(side, sums, n, moments):
    """Pooled share, CR2 variance and typical design effect of one side, per relabelling.

    sums: the side's (R, 2 + 2K) integer sums from `sides` (delegations, sentences, theme counts,
    delegations raising each theme); moments: y², y·n and n² of each delegation."""
    k = (sums.shape[1] - 2) // 2
    big_n = sums[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = sums[:, 2 : 2 + k] / big_n[:, None]
        w = _leverage_weights(side, n, big_n)
        y2, yn, n2 = moments
        s = _weighted(w, y2) - 2 * p * _weighted(w, yn) + p * p * _weighted(w, n2)[:, None]
        v = np.maximum(s, 0.0) / big_n[:, None] ** 2
        deff = v / (p * (1 - p) / big_n[:, None])
    deff[~(sums[:, 2 + k :] >= 2) | ~np.isfinite(deff)] = np.nan
    return big_n, p, v, np.fmax(1.0, _row_median(deff))


def _weighted(w, m):
    """w @ m: each relabelling's weighted sums over the delegations. One relabelling (the observed one,
    whose se, df and interval the tables print) is summed by NumPy, the same bits on every machine; a
    matrix product hands the sum to the BLAS kernel chosen for the CPU, which orders it its own way. The
    relabellings of a permutation test keep the fast product: their last bits only meet the observed t
    through `_extreme`, whose tolerance lets exact ties count."""
    if w.shape[0] != 1:
        return w @ m
    return (w[0].reshape((-1,) + (1,) * (m.ndim - 1)) * m).sum(axis=0)[None, ...]


def _leverage_weights(side, n, big_n):
    """CR2 weights 1 / (1 - n_m / N) of each side's delegations, 0 outside the side.

    Computed as a reciprocal times the 0/1 side (half the cost of a masked division, the same
    bits), unless some n_m equals N (then 0 * inf would give NaN where 0 is meant).
    """
    x = np.divide(n[None, :], big_n[:, None])
    np.subtract(1.0, x, out=x)
    if not x.all():
        return np.where(side > 0, side / x, 0.0)
    np.reciprocal(x, out=x)
    x *= side
    return x


def sides(labels, n, y):
    """Pooled share and variance of each side, for every relabelling.

    labels: (R, M) 0/1, 1 = side A, 0 = side B; n: (M,) sentences; y: (M, K) theme counts.
    Returns p_a, v_a, p_b, v_b, each (R, K); variances NaN for a side with one delegation.

    A side's variance is its CR2 variance, but at least what its typical design effect
    (median over the themes, as in `intervals.design_effect`) implies for a share equal to
    the pooled share of both sides: the variance under the null of equal shares. Without this
    floor a side whose few delegations happen not to raise a theme has a near-zero variance
    and an inflated t (the test's level then rises to 0.2-0.3 in simulation).
    """
    labels = np.atleast_2d(np.asarray(labels, dtype=float))
    y = np.asarray(y, dtype=float)
    n = np.asarray(n, dtype=float)
    p0 = y.sum(0) / n.sum()  # the pooled share of both sides, the same for every relabelling
    # Every side's plain sums in one product: integers, exact in any order, so side B's are the totals
    # less side A's (the same bits as summing B, at half the cost).
    counted = np.column_stack([np.ones_like(n), n, y, y > 0])
    sums_a = labels @ counted
    moments = (y * y, y * n[:, None], n * n)
    out = []
    for side, sums in ((labels, sums_a), (1.0 - labels, counted.sum(0) - sums_a)):
        big_n, p, v, deff = _side(side, sums, n, moments)
        v = np.maximum(v, (deff / big_n)[:, None] * (p0 * (1 - p0))[None, :])
        v[sums[:, 0] < 2] = np.nan
        out += [p, v]
    return tuple(out)


def _row_median(a):
    """Median of each row ignoring NaN (NaN for an all-NaN row), without nanmedian's warning."""
    ok = ~np.isnan(a)
    srt = np.sort(np.where(ok, a, np.inf), axis=1)
    k = ok.sum(1)
    lo = np.take_along_axis(srt, np.maximum((k - 1) // 2, 0)[:, None], axis=1)[:, 0]
    hi = np.take_along_axis(srt, np.maximum(k // 2, 0)[:, None], axis=1)[:, 0]
    return np.where(k > 0, (lo + hi) / 2, np.nan)


def t_statistic(p_a, v_a, p_b, v_b):
    """Welch t of p_a - p_b; 0 where both variances and the difference are 0."""
    diff = p_a - p_b
    se = np.sqrt(v_a + v_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = diff / se
    return np.where((se == 0) & (diff == 0), 0.0, t)


def welch_df(v_a, v_b, df_a, df_b):
    """Welch-Satterthwaite degrees of freedom from each side's variance and its own df."""
    with np.errstate(divide="ignore", invalid="ignore"):
        df = (v_a + v_b) ** 2 / (v_a**2 / df_a + v_b**2 / df_b)
    return np.where(np.isfinite(df), df, min(df_a, df_b))


def welch(n, y, in_a):
    """Cluster-robust Welch comparison of set A with set B: diff, se, df, t, p (two-sided).

    Each side's df is Bell-McCaffrey's (D - 1 when its delegations spoke alike)."""
    n = np.asarray(n, dtype=float)
    in_a = np.asarray(in_a, dtype=bool)
    p_a, v_a, p_b, v_b = (a[0] for a in sides(in_a[None, :], n, y))
    df = welch_df(v_a, v_b, bell_mccaffrey_df(n[in_a]), bell_mccaffrey_df(n[~in_a]))
    t = t_statistic(p_a, v_a, p_b, v_b)
    return {"diff": p_a - p_b, "se": np.sqrt(v_a + v_b), "df": df, "t": t, "p": 2 * stats.t.sf(np.abs(t), df)}


def relabellings(in_a, gen: np.random.Generator, reps: int = PERMUTATIONS, limit: int = EXACT_LIMIT):
    """(exact, count, chunks): every relabelling keeping the size of A when there are at most
    `limit` (the observed one among them), else `reps` random ones; chunks of (rows, M) 0/1."""
    in_a = np.asarray(in_a, dtype=bool)
    m, d_a = len(in_a), int(in_a.sum())
    total = comb(m, d_a)
    if total <= limit:

        def exact():
            it = combinations(range(m), d_a)
            # The members of A, flat, straight into an array (a list of tuples first cost twice as much).
            while (members := np.fromiter(chain.from_iterable(islice(it, _CHUNK)), dtype=np.intp)).size:
                rows = members.size // d_a
                out = np.zeros((rows, m))
                out[np.repeat(np.arange(rows), d_a), members] = 1.0
                yield out

        return True, total, exact()

    def monte_carlo():
        left = reps
        while left > 0:
            size = min(_CHUNK, left)
            left -= size
            yield gen.permuted(np.tile(in_a, (size, 1)), axis=1).astype(float)

    return False, reps, monte_carlo()


def _extreme(t_star, t_obs):
    """Count per column of |t*| at least |t| (a relative tolerance lets exact ties count)."""
    t_obs = np.abs(t_obs)
    return (np.abs(t_star) >= t_obs - 1e-9 * np.maximum(1.0, t_obs)).sum(0)


def permutation_p(
    n, y, in_a, gen: np.random.Generator, reps: int = PERMUTATIONS, limit: int = EXACT_LIMIT,
    stop_hits: int = STOP_HITS,
):  # fmt: skip
    """Two-sided p-value of the studentized difference by relabelling delegations.

    Returns (p, exact, count): exact p over all `count` relabellings; or, by Monte Carlo, per
    theme the add-one p over the `count` random relabellings it took (up to `reps`; its floor
    is 1 / (reps + 1)), a theme stopping once `stop_hits` of them are as extreme (sequential
    Monte Carlo p-values, Besag & Clifford 1991: valid, and cheap for the large p-values).
    """
    n = np.asarray(n, dtype=float)
    y = np.asarray(y, dtype=float)
    in_a = np.asarray(in_a, dtype=bool)
    if in_a.sum() < 2 or (~in_a).sum() < 2:
        return np.full(y.shape[1], np.nan), False, 0
    t_obs = t_statistic(*(a[0] for a in sides(in_a[None, :], n, y)))
    exact, count, chunks = relabellings(in_a, gen, reps, limit)
    if exact:
        hits = sum(_extreme(t_statistic(*sides(chunk, n, y)), t_obs) for chunk in chunks)
        return np.where(np.isnan(t_obs), np.nan, hits / count), True, count
    hits, draws = np.zeros(y.shape[1]), np.zeros(y.shape[1], dtype=int)
    settled = np.isnan(t_obs)
    for chunk in chunks:
        counted = _extreme(t_statistic(*sides(chunk, n, y)), t_obs)
        hits += np.where(settled, 0, counted)
        draws += np.where(settled, 0, len(chunk))
        settled |= hits >= stop_hits
        if settled.all():
            break
    p = (1 + hits) / (draws + 1)
    return np.where(np.isnan(t_obs), np.nan, p), False, draws
