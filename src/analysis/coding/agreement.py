"""Agreement between two codings of the same sentences, as plain functions over theme sets.

Each coding is a list of sets of theme ids, one set per sentence (the human coders'
adjudicated codes and the machine's, say). Everything here is pure arithmetic on those
sets, so it is tested by hand-computed cases and serves any coded file: per theme
(precision, recall, F1, Cohen's kappa), overall (micro and macro F1, exact match), per
regional group, the prevalence each coding gives every group (what a regional comparison
inherits), and the confusions that cost most errors.

Conventions: a theme that neither coding uses in a set of sentences has no F1 and is left
out of the macro average there (not counted as 0); its kappa is 1 when both codings agree
on every sentence, which they then do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pandas as pd

NONE = "none"


def indicator(sets: Sequence[set[str]], ids: Sequence[str]) -> np.ndarray:
    """0/1 matrix, one row per sentence, one column per theme id (in `ids` order)."""
    return np.array([[t in s for t in ids] for s in sets], dtype=bool).reshape(len(sets), len(ids))


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 0.0


def kappa(gold: np.ndarray, pred: np.ndarray) -> float:
    """Cohen's kappa of two 0/1 vectors; 1.0 (or 0.0) when chance agreement is certain."""
    gold, pred = np.asarray(gold, dtype=bool), np.asarray(pred, dtype=bool)
    n = len(gold)
    if n == 0:
        return float("nan")
    observed = float(np.mean(gold == pred))
    pg, pp = float(np.mean(gold)), float(np.mean(pred))
    expected = pg * pp + (1 - pg) * (1 - pp)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
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
    """F1 over every (sentence, theme) decision pooled."""
    tp, fp, fn = (gold & pred).sum(), (~gold & pred).sum(), (gold & ~pred).sum()
    return _ratio(2 * tp, 2 * tp + fp + fn)


def macro_f1(table: pd.DataFrame) -> float:
    """Mean F1 of the themes either coding used (a `per_theme` table)."""
    active = (table["support"] > 0) | (table["predicted"] > 0)
    return float(table.loc[active, "f1"].mean()) if active.any() else 0.0


def exact_match(gold: np.ndarray, pred: np.ndarray) -> float:
    """Share of sentences whose whole set of themes agrees."""
    return float((gold == pred).all(axis=1).mean()) if len(gold) else 0.0


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
