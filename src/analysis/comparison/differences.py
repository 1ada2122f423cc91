"""Differences between groups' pooled shares, each with an interval, its tests, and what it can detect.

Two declared families of comparisons, per theme: each group against the rest of the
delegations (`vs_rest`), and every pair of groups (`pairwise`). Benjamini-Hochberg runs
within each family, over its groups (or pairs) and themes.

Per difference:
- `ci_low`, `ci_high`: the cluster-robust Welch t interval (twosample.welch); where no
  delegation on either side raised the theme, from minus B's to plus A's upper bound, and where
  every sentence on both sides carries it, from A's lower bound minus 1 to 1 minus B's lower
  bound (never [0, 0]); none where a side has fewer than two delegations.
- `p_welch`, `q_welch`: its test. Null: the two pooled shares are equal.
- `p_value`, `q_value`: the studentized permutation test, exact where the relabellings can
  be enumerated (`p_exact`), else Monte Carlo; a Monte Carlo p at its floor prints as
  "< 1/(B+1)" (`p_label`). Null: delegations are exchangeable between the groups, which
  is more than equal shares (it also fails when one group's delegations vary more).
- `significant`: both q-values below ALPHA, so neither a difference in spread alone nor a
  lucky permutation marks a difference.
- `mdd`: the difference the Welch test detects with 80% power at ALPHA, unadjusted, by the t
  approximation on the Welch df (simulation detects it less often: a lower bound,
  docs/statistics.md); NaN where the theme is nobody's or everybody's (no variance to scale);
  `mdd_family` the same at ALPHA / m, the BH threshold when one difference in the family of
  m is real (the worst case; with many real differences BH's threshold nears ALPHA).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis import config
from analysis.comparison import parallel, twosample
from analysis.comparison.intervals import pooled_share, t_interval
from analysis.comparison.tables import CONFIDENCE, REST, Totals, rng, totals
from analysis.report.formats import format_p

ALPHA = 0.05
POWER = 0.8
FAMILIES = ("vs_rest", "pairwise")

COLUMNS = [
    "theme",
    "family",
    "group_a",
    "group_b",
    "share_a",
    "share_b",
    "diff",
    "ci_low",
    "ci_high",
    "se",
    "df",
    "p_value",
    "p_label",
    "p_exact",
    "n_relabellings",
    "q_value",
    "p_welch",
    "q_welch",
    "significant",
    "mdd",
    "mdd_family",
    "n_deleg_a",
    "n_deleg_b",
]


def comparisons(groups) -> list[tuple[str, str, str]]:
    """(family, group_a, group_b): every group against the rest, then every pair."""
    return [("vs_rest", g, REST) for g in groups] + [("pairwise", a, b) for a, b in combinations(groups, 2)]


def scope(tot: Totals, a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
    """The delegations compared (mask over tot) and, among them, those of group a."""
    in_scope = np.ones(len(tot.n), bool) if b == REST else np.isin(tot.group, [a, b])
    return in_scope, (tot.group == a)[in_scope]


def detectable(se, df, alpha: float = ALPHA, power: float = POWER):
    """Minimum detectable difference of a two-sided t test: (t_{1-alpha/2, df} + t_{power, df}) * se, the
    t quantiles on the test's df (not the normal's; NaN where se is NaN)."""
    return (stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) * np.asarray(se, dtype=float)


def bh(p) -> np.ndarray:
    """Benjamini-Hochberg q-values; NaN p-values stay NaN and leave the family."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok], method="bh")
    return q


def compare_sets(n, y, in_a, gen, confidence=CONFIDENCE, permutations=None, exact_limit=None) -> dict:
    """Every per-theme number of one comparison of set A with set B (arrays over themes)."""
    w = twosample.welch(n, y, in_a)
    p, exact, count = twosample.permutation_p(
        n,
        y,
        in_a,
        gen,
        twosample.PERMUTATIONS if permutations is None else permutations,
        twosample.EXACT_LIMIT if exact_limit is None else exact_limit,
    )
    low, high = t_interval(w["diff"], w["se"], w["df"], confidence)
    se = w["se"]
    y, n, in_a = np.asarray(y), np.asarray(n, dtype=float), np.asarray(in_a, dtype=bool)
    counted = y.sum(0)
    # No delegation on either side raised the theme (both shares 0), or every sentence on both sides
    # carries it (both 1): every variance is 0, and the t interval would be [0, 0], a certainty the data
    # do not give. The difference lies between A's lower bound less B's upper bound and A's upper bound
    # less B's lower bound (the one-sided bounds of the shares: from minus B's to plus A's upper bound
    # where nobody raised it, from A's lower bound minus 1 to 1 minus B's where everybody did); nothing
    # is detectable. With fewer than two delegations on a side there is no bound: no interval.
    certain = (counted == 0) | (counted == n.sum())
    if certain.any():
        if in_a.sum() < 2 or (~in_a).sum() < 2:
            low, high = np.where(certain, np.nan, low), np.where(certain, np.nan, high)
        else:
            a, b = pooled_share(y[in_a], n[in_a], confidence), pooled_share(y[~in_a], n[~in_a], confidence)
            low = np.where(certain, a["ci_low"] - b["ci_high"], low)
            high = np.where(certain, a["ci_high"] - b["ci_low"], high)
        se = np.where(certain, np.nan, se)
    # a difference of two shares lies in [-1, 1] (one side with the theme in every sentence, the other none)
    low, high = np.clip(low, -1, 1), np.clip(high, -1, 1)
    return {
        "diff": w["diff"],
        "ci_low": low,
        "ci_high": high,
        "se": se,
        "df": w["df"],
        "p_welch": w["p"],
        "p_value": p,
        "p_exact": exact,
        "n_relabellings": count,
    }


def finish(table: pd.DataFrame, p_columns=("p_value", "p_welch")) -> pd.DataFrame:
    """Add the family-wise parts: BH q-values within each family, `significant` when every
    q is below ALPHA, and the minimum detectable differences (unadjusted and at ALPHA / m)."""
    table = table.copy()
    for p_col in p_columns:
        table[p_col.replace("p_", "q_")] = np.nan
    table["mdd_family"] = np.nan
    for family in table["family"].unique():
        rows = table["family"] == family
        for p_col in p_columns:
            table.loc[rows, p_col.replace("p_", "q_")] = bh(table.loc[rows, p_col])
        m = max(int(table.loc[rows, p_columns[0]].notna().sum()), 1)
        table.loc[rows, "mdd_family"] = detectable(table.loc[rows, "se"], table.loc[rows, "df"], ALPHA / m)
    q_columns = [c.replace("p_", "q_") for c in p_columns]
    table["significant"] = (table[q_columns] < ALPHA).all(axis=1)
    table["mdd"] = detectable(table["se"], table["df"])
    return table


def differences(
    frame: pd.DataFrame,
    matrix: pd.DataFrame,
    confidence: float = CONFIDENCE,
    permutations: int | None = None,
    exact_limit: int | None = None,
) -> pd.DataFrame:
    """Every group against the rest and every pair of groups, per theme (COLUMNS)."""
    tot = totals(frame, matrix)
    jobs = []
    for family, a, b in comparisons(tot.groups()):
        in_scope, in_a = scope(tot, a, b)
        jobs.append((family, a, b, tot.select(in_scope), in_a))

    def run(job):
        parallel.check()
        _, a, b, sub, in_a = job
        return compare_sets(
            sub.n, sub.counts, in_a, rng("differences", a, b), confidence, permutations, exact_limit
        )

    # Each comparison draws from its own seeded stream, so running them side by side changes no number.
    with parallel.pool(max(1, min(config.STATISTICS_THREADS, len(jobs)))) as pool:
        results = list(pool.map(run, jobs))
    rows = []
    for (family, a, b, sub, in_a), res in zip(jobs, results, strict=True):
        share_a = sub.counts[in_a].sum(0) / sub.n[in_a].sum()
        share_b = sub.counts[~in_a].sum(0) / sub.n[~in_a].sum()
        for k, theme in enumerate(tot.themes):
            row = {key: (val[k] if np.ndim(val) else val) for key, val in res.items()}
            row["p_label"] = format_p(row["p_value"], None if row["p_exact"] else row["n_relabellings"])
            rows.append(
                {
                    "theme": theme,
                    "family": family,
                    "group_a": a,
                    "group_b": b,
                    "share_a": share_a[k],
                    "share_b": share_b[k],
                    "n_deleg_a": int(in_a.sum()),
                    "n_deleg_b": int((~in_a).sum()),
                    **row,
                }
            )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return finish(pd.DataFrame(rows))[COLUMNS]


def caption(table: pd.DataFrame, family: str = "pairwise") -> str:
    """One sentence for a figure caption: what size of difference these data can detect."""
    rows = table[table["family"] == family]
    if rows.empty or rows["mdd"].isna().all():
        return ""
    plain, family_wide = 100 * rows["mdd"].median(), 100 * rows["mdd_family"].median()
    over = family.replace("_", " ")
    if plain > 100:  # no two shares differ by more: 'smaller than about 130 points' would mean none
        return (
            "With these delegations no difference is likely to be seen by one test at the 0.05 level: the "
            f"difference it would detect (median over {over} comparisons and themes) is more than 100 "
            "percentage points, more than two shares can differ, so an unmarked bar is not evidence of no "
            "difference."
        )
    if family_wide > 100:
        adjusted = (
            "and under the Benjamini-Hochberg adjustment no difference is likely to be seen (it would need "
            "more than 100 points); even a difference of that size is often missed by one test (80% power by "
            "the t approximation, less in simulation)"
        )
    else:  # the marked bars' figure: both tests under BH, measured end to end (docs/statistics.md)
        adjusted = (
            f"one smaller than about {_about(family_wide)} points under the Benjamini-Hochberg adjustment; "
            "even a difference of that size is usually missed (one of that size was marked in 10-20% of "
            "simulated rounds; the t approximation's 80% power is one test's, at a theme's own figure)"
        )
    return (
        f"With these delegations a difference smaller than about {_about(plain)} percentage points (median "
        f"over {over} comparisons and themes) is likely to go unseen by one test at the 0.05 level, "
        f"{adjusted}, so an unmarked bar is not evidence of no difference."
    )


def _about(points: float) -> str:
    """Percentage points for 'about N': whole from 2 up, one decimal below, so rounding never moves the
    figure by a quarter or more (a large corpus's 1.3 is not 'about 1', and never 'about 0')."""
    return f"{points:.0f}" if points >= 2 else f"{points:.1f}"
