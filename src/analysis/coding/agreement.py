"""Agreement between two codings of the same sentences, as plain functions over theme sets.

Each coding is a list of sets of theme ids, one set per sentence (the human coders'
adjudicated codes and the machine's, say). Everything here is pure arithmetic on those
sets, so it is tested by hand-computed cases and serves any coded file: per theme
(precision, recall, F1, Cohen's kappa), overall (micro and macro F1, exact match), per
regional group, the prevalence each coding gives every group (what a regional comparison
inherits), the confusions that cost most errors, and how sure each figure is (`intervals`: a
bootstrap over sentences, within groups when there are groups).

Conventions: a figure whose denominator is 0 is undefined, NaN, never 0 (which would read as
the worst agreement where the codings agree on every sentence). A theme that neither coding
uses in a set of sentences has no F1 and is left out of the macro average there; where neither
coding uses any theme, micro- and macro-F1 are NaN. Cohen's kappa is NaN where chance agreement
is certain (a theme neither coding uses, or both use in every sentence), as in
`analysis.comparison.agreement.kappa`. Precision is NaN for a theme the coding never gives,
recall for a theme the gold never has. The bootstrap intervals are percentiles over the
resamples where the figure is defined (a resample that drew none of a theme's sentences agrees on
all it drew: kappa 1 there, `_kappas`); a figure undefined on the sample has none. They depend on
the rows, not on their order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pandas as pd

NONE = "none"
# A theme with fewer gold sentences than this gets a kappa interval that covers well under 95%
# (0.54-0.90 with 2-5 gold sentences, measured in benchmarks/bench_statistics.py): it is marked thin.
FEW_GOLD = 10


def indicator(sets: Sequence[set[str]], ids: Sequence[str]) -> np.ndarray:
    """0/1 matrix, one row per sentence, one column per theme id (in `ids` order)."""
    return np.array([[t in s for t in ids] for s in sets], dtype=bool).reshape(len(sets), len(ids))


def _ratio(num: float, den: float) -> float:
    """num / den; NaN where den is 0 (undefined, not 0)."""
    return float(num / den) if den else float("nan")


def kappa(gold: np.ndarray, pred: np.ndarray) -> float:
    """Cohen's kappa of two 0/1 vectors; NaN (undefined) when chance agreement is certain: a theme
    neither vector has, or both have everywhere (they then agree on every sentence)."""
    gold, pred = np.asarray(gold, dtype=bool), np.asarray(pred, dtype=bool)
    n = len(gold)
    if n == 0:
        return float("nan")
    observed = float(np.mean(gold == pred))
    pg, pp = float(np.mean(gold)), float(np.mean(pred))
    expected = pg * pp + (1 - pg) * (1 - pp)
    if expected >= 1.0:
        return float("nan")
    return (observed - expected) / (1 - expected)


def per_theme(gold: np.ndarray, pred: np.ndarray, ids: Sequence[str]) -> pd.DataFrame:
    """theme, precision, recall, f1, kappa, support (gold count), predicted, tp, fn (missed), fp (extra)."""
    tp = (gold & pred).sum(axis=0)
    fn = (gold & ~pred).sum(axis=0)
    fp = (~gold & pred).sum(axis=0)
    rows = []
    for j, t in enumerate(ids):
        p, r = _ratio(tp[j], tp[j] + fp[j]), _ratio(tp[j], tp[j] + fn[j])
        rows.append({
            "theme": t, "precision": p, "recall": r, "f1": _ratio(2 * tp[j], 2 * tp[j] + fp[j] + fn[j]),
            "kappa": kappa(gold[:, j], pred[:, j]), "support": int(tp[j] + fn[j]),
            "predicted": int(tp[j] + fp[j]), "tp": int(tp[j]), "fn": int(fn[j]), "fp": int(fp[j]),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[
        "theme", "precision", "recall", "f1", "kappa", "support", "predicted", "tp", "fn", "fp",
    ])  # fmt: skip


def micro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """F1 over every (sentence, theme) decision pooled; NaN where neither coding gives any theme."""
    tp, fp, fn = (gold & pred).sum(), (~gold & pred).sum(), (gold & ~pred).sum()
    return _ratio(2 * tp, 2 * tp + fp + fn)


def macro_f1(table: pd.DataFrame) -> float:
    """Mean F1 of the themes either coding used (a `per_theme` table); NaN where they used none."""
    active = (table["support"] > 0) | (table["predicted"] > 0)
    return float(table.loc[active, "f1"].mean()) if active.any() else float("nan")


def exact_match(gold: np.ndarray, pred: np.ndarray) -> float:
    """Share of sentences whose whole set of themes agrees; NaN for no sentences (undefined, not 0)."""
    return float((gold == pred).all(axis=1).mean()) if len(gold) else float("nan")


def summary(gold: np.ndarray, pred: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
    """n, micro_f1, macro_f1, exact_match and the lowest kappa of the themes used."""
    table = per_theme(gold, pred, ids)
    active = (table["support"] > 0) | (table["predicted"] > 0)
    return {
        "n": len(gold),
        "micro_f1": micro_f1(gold, pred),
        "macro_f1": macro_f1(table),
        "exact_match": exact_match(gold, pred),
        "min_kappa": float(table.loc[active, "kappa"].min()) if active.any() else float("nan"),
    }


def by_group(gold: np.ndarray, pred: np.ndarray, ids: Sequence[str], groups: Sequence[str]) -> pd.DataFrame:
    """One row per group (in order of first appearance): the `summary` figures of its sentences."""
    groups = np.asarray(list(groups), dtype=object)
    rows = []
    for g in dict.fromkeys(groups.tolist()):
        mask = groups == g
        rows.append({"group": g, **summary(gold[mask], pred[mask], ids)})
    return pd.DataFrame(rows, columns=["group", "n", "micro_f1", "macro_f1", "exact_match", "min_kappa"])


def prevalence(gold: np.ndarray, pred: np.ndarray, ids: Sequence[str], groups: Sequence[str]) -> pd.DataFrame:
    """Per group and theme, the share of sentences each coding gives the theme, and the gap."""
    groups = np.asarray(list(groups), dtype=object)
    rows = []
    for g in dict.fromkeys(groups.tolist()):
        mask = groups == g
        for j, t in enumerate(ids):
            share_g, share_p = float(gold[mask, j].mean()), float(pred[mask, j].mean())
            rows.append({"group": g, "theme": t, "gold_share": share_g, "coded_share": share_p,
                         "gap": share_p - share_g})  # fmt: skip
    return pd.DataFrame(rows, columns=["group", "theme", "gold_share", "coded_share", "gap"])


def confusions(gold_sets: Sequence[set[str]], pred_sets: Sequence[set[str]]) -> pd.DataFrame:
    """Which (missed, extra) theme pairs account for the errors, most costly first.

    In a sentence whose coding missed themes M and added themes E, every pair (m, e) is a
    confusion (the machine put e where the coders saw m). Each of the |M| + |E| errors is
    shared equally by the pairs it belongs to, so the `errors` column adds up to all
    theme-level errors (false negatives plus false positives) and `share` to 1. A miss with
    nothing added is the pair (m, none); an addition with nothing missed is (none, e).
    `sentences` counts the sentences where the pair occurs.
    """
    cost: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for g, p in zip(gold_sets, pred_sets, strict=True):
        missed, extra = sorted(set(g) - set(p)), sorted(set(p) - set(g))
        if not missed and not extra:
            continue
        if missed and extra:
            pairs = [(m, e, 1 / len(extra) + 1 / len(missed)) for m in missed for e in extra]
        else:
            pairs = [(m, NONE, 1.0) for m in missed] + [(NONE, e, 1.0) for e in extra]
        for m, e, w in pairs:
            cost[(m, e)] += w
            count[(m, e)] += 1
    total = sum(cost.values())
    rows = [
        {"missed": m, "extra": e, "sentences": count[(m, e)], "errors": round(c, 10),
         "share": round(c / total, 10) if total else 0.0}
        for (m, e), c in cost.items()
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["missed", "extra", "sentences", "errors", "share"])
    return table.sort_values(
        ["errors", "sentences", "missed", "extra"], ascending=[False, False, True, True], kind="mergesort"
    ).reset_index(drop=True)


def _resample_counts(n: int, strata: np.ndarray | None, reps: int, rng: np.random.Generator) -> np.ndarray:
    """(reps, n) how often each sentence is drawn in each bootstrap sample; within each stratum
    the sample keeps the stratum's size (a file drawn 100 per group stays 100 per group)."""
    counts = np.zeros((reps, n))
    blocks = (
        [np.arange(n)] if strata is None else [np.flatnonzero(strata == s) for s in dict.fromkeys(strata)]
    )
    for idx in blocks:
        counts[:, idx] = rng.multinomial(len(idx), np.full(len(idx), 1 / len(idx)), size=reps)
    return counts


def _boot_tables(counts: np.ndarray, gold: np.ndarray, pred: np.ndarray) -> dict[str, np.ndarray]:
    """tp, fp, fn, n per bootstrap sample (rows) and theme (columns)."""
    tp = counts @ (gold & pred)
    fp = counts @ (~gold & pred)
    fn = counts @ (gold & ~pred)
    return {"tp": tp, "fp": fp, "fn": fn, "n": counts.sum(axis=1, keepdims=True)}


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den; NaN where den is 0 (as `_ratio`)."""
    return np.divide(num, den, out=np.full(np.shape(num), np.nan), where=den > 0)


def _micro(t: dict[str, np.ndarray]) -> np.ndarray:
    tp, fp, fn = (t[k].sum(axis=1) for k in ("tp", "fp", "fn"))
    return _divide(2 * tp, 2 * tp + fp + fn)


def _macro(t: dict[str, np.ndarray]) -> np.ndarray:
    """Mean F1 over the themes either coding used in that sample, as `macro_f1` (NaN where none)."""
    errors_or_hits = 2 * t["tp"] + t["fp"] + t["fn"]
    used = errors_or_hits > 0
    f1 = np.where(used, _divide(2 * t["tp"], errors_or_hits), 0.0)
    return _divide(f1.sum(axis=1), used.sum(axis=1).astype(float))


def _kappas(t: dict[str, np.ndarray]) -> np.ndarray:
    """Cohen's kappa per resample and theme. Where chance agreement is certain in a resample (it drew
    none of a rare theme's sentences) the codings agree on every sentence drawn: such a resample counts
    as kappa 1, not as undefined. Leaving it out keeps only the resamples that drew the theme's few
    sentences, and the interval of a 0.5% theme's kappa on 100 sentences covered 24% of the time
    (with 1: 77%; `benchmarks/bench_statistics.py`, agreement section). A figure undefined on the sample
    itself has no interval (`intervals`)."""
    n = t["n"]
    observed = 1 - (t["fp"] + t["fn"]) / n
    pg, pp = (t["tp"] + t["fn"]) / n, (t["tp"] + t["fp"]) / n
    expected = pg * pp + (1 - pg) * (1 - pp)
    certain = expected >= 1.0 - 1e-12
    k = _divide(observed - expected, np.where(certain, 1.0, 1 - expected))
    return np.where(certain, (observed >= 1.0 - 1e-12).astype(float), k)


def _figures(
    counts: np.ndarray, gold: np.ndarray, pred: np.ndarray, ids: list[str], strata, order: list
) -> list[tuple]:
    """(statistic, scope, point figure, bootstrap draws) for every figure `intervals` reports; the
    groups' rows in `order`."""
    boot = _boot_tables(counts, gold, pred)
    table = per_theme(gold, pred, ids)
    rows = [("micro_f1", "all", micro_f1(gold, pred), _micro(boot)),
            ("macro_f1", "all", macro_f1(table), _macro(boot))]  # fmt: skip
    kappas = _kappas(boot)
    rows += [("kappa", t, float(table["kappa"].iloc[j]), kappas[:, j]) for j, t in enumerate(ids)]
    if strata is not None:
        for g in order:
            mask = strata == g
            sub = _boot_tables(counts[:, mask], gold[mask], pred[mask])
            rows.append(("micro_f1", g, micro_f1(gold[mask], pred[mask]), _micro(sub)))
    return rows


def _setup(gold, preds, groups, reps, seed):
    """The codings as boolean matrices, the groups as strata, one set of resamples for all codings, and
    the groups in order of first appearance (the order of their rows in the output).

    The rows are first put in one order fixed by their content (group, then the codes): the resamples
    then depend on which rows there are, not on the order they came in (identical rows are
    interchangeable), so the same sentences in another order get the same intervals."""
    gold = np.asarray(gold, dtype=bool)
    preds = [np.asarray(p, dtype=bool) for p in preds]
    strata = None if groups is None else np.asarray(list(groups), dtype=object)
    order = [] if strata is None else list(dict.fromkeys(strata.tolist()))
    keys = [gold, *preds]
    if strata is not None:
        keys.insert(0, np.unique(strata.astype(str), return_inverse=True)[1].reshape(-1, 1))
    keys = np.column_stack(keys)
    rows = np.lexsort(keys.T[::-1]) if keys.shape[1] else np.arange(len(gold))
    gold, preds = gold[rows], [p[rows] for p in preds]
    strata = None if strata is None else strata[rows]
    counts = _resample_counts(len(gold), strata, reps, np.random.default_rng(seed))
    return gold, preds, strata, counts, order


def _percentiles(draws: np.ndarray, quantiles) -> np.ndarray:
    """Percentiles of the draws where the figure is defined (NaN, without a warning, where it never is)."""
    draws = np.asarray(draws, dtype=float)
    draws = draws[~np.isnan(draws)]
    return np.quantile(draws, quantiles) if draws.size else np.full(len(quantiles), np.nan)


def intervals(
    gold: np.ndarray,
    pred: np.ndarray,
    ids: Sequence[str],
    groups: Sequence[str] | None = None,
    reps: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """How far each agreement figure could move on another sample of sentences like these.

    Percentile bootstrap over sentences (a sentence's themes stay together); with `groups`,
    sentences are drawn within their group, as a sample stratified by group was. Rows:
    micro_f1 and macro_f1 over all sentences (scope "all"), kappa per theme (scope = theme)
    and micro_f1 per group (scope = group); columns statistic, scope, estimate, low, high.
    Coverage is checked by simulation against a known population
    (tests/test_agreement_intervals.py, docs/statistics.md): near the nominal level for the
    overall figures and for themes with some 8 or more gold sentences; a theme with a handful
    gets an interval too narrow to trust.
    """
    gold, (pred,), strata, counts, order = _setup(gold, [pred], groups, reps, seed)
    tail = (1 - level) / 2
    out = []
    for s, scope, est, draws in _figures(counts, gold, pred, list(ids), strata, order):
        low, high = _percentiles(draws, [tail, 1 - tail]) if not np.isnan(est) else (np.nan, np.nan)
        out.append(
            {"statistic": s, "scope": scope, "estimate": float(est), "low": float(low), "high": float(high)}
        )
    return pd.DataFrame(out, columns=["statistic", "scope", "estimate", "low", "high"])


def difference_intervals(
    gold: np.ndarray,
    pred: np.ndarray,
    baseline: np.ndarray,
    ids: Sequence[str],
    groups: Sequence[str] | None = None,
    reps: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Did a revision of the rules agree better with people, or only with these sentences?

    `pred` and `baseline` code the same sentences. Columns: statistic, scope (rows as
    `intervals`), baseline, estimate, change (pred - baseline); for the F1 rows low and high,
    a paired basic bootstrap interval of the change (both codings scored on the same resamples,
    so the sentences they agree on cancel); `changed` (theme decisions that differ), `right` and
    `wrong` (of those, the revision's decision agrees with people, or not) and `p_sign`, an exact
    two-sided sign test of right against wrong. Kappa rows get no interval: a theme's change
    rests on a handful of sentences, where no bootstrap covers (measured: 0.2-0.9); their sign
    test is exact. Coverage of the F1 intervals, by simulation: 0.92-0.97 overall and 0.88-0.98
    per group (docs/statistics.md).
    """
    from scipy.stats import binomtest

    gold, (pred, baseline), strata, counts, order = _setup(gold, [pred, baseline], groups, reps, seed)
    ids = list(ids)
    new = _figures(counts, gold, pred, ids, strata, order)
    old = _figures(counts, gold, baseline, ids, strata, order)
    differs = pred != baseline
    right, wrong = differs & (pred == gold), differs & (pred != gold)
    tail = (1 - level) / 2
    rows = []
    for (s, scope, est, draws), (_, _, base, base_draws) in zip(new, old, strict=True):
        if s == "kappa":
            cells = (slice(None), ids.index(scope))
        else:
            cells = (slice(None) if scope == "all" else strata == scope, slice(None))
        n_right, n_wrong = int(right[cells].sum()), int(wrong[cells].sum())
        change = float(est - base)
        low = high = float("nan")
        if s != "kappa":
            lo, hi = _percentiles(draws - base_draws, [tail, 1 - tail])
            low, high = 2 * change - float(hi), 2 * change - float(lo)
        p = binomtest(n_right, n_right + n_wrong).pvalue if n_right + n_wrong else 1.0
        rows.append({"statistic": s, "scope": scope, "baseline": float(base), "estimate": float(est),
                     "change": change, "low": low, "high": high, "changed": n_right + n_wrong,
                     "right": n_right, "wrong": n_wrong, "p_sign": float(p)})  # fmt: skip
    columns = ["statistic", "scope", "baseline", "estimate", "change", "low", "high"]
    return pd.DataFrame(rows, columns=[*columns, "changed", "right", "wrong", "p_sign"])
