"""How well the automatic coder agrees with people, per group, and whether its errors differ by group.

A share difference between groups can be only a difference in coder error: if the coder
misses a theme more often in one group's speech, that group's machine share is lower though
people would code the same. `agreement` gives per group and theme the validated sentences,
Cohen's kappa, sensitivity, specificity and the net error mean(human - machine) (what the
correction adds). `differential_misclassification` tests, per theme, whether the coder's
error RATES differ across groups: the chi-square statistic of groups x {found, missed} among the
sentences people coded with the theme (sensitivity) plus that of groups x {false hit, rightly
left} among the others (specificity), its p-value from relabelling delegations between groups
(so a delegation's sentences move together). Null: every group has the same sensitivity and
specificity. Conditioning on the people's code is what keeps the test to its null when groups
raise the theme at different rates: a miss can only happen on a sentence that carries the
theme, so a table of {false hit, agreement, miss} per group differs with prevalence alone (it
flagged 25-52% of identical coders where shares were 0.05 to 0.40). A small p means the
machine-only comparison of that theme is unsafe; use the corrected shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.comparison.correction import validated_codes
from analysis.comparison.tables import cluster_codes, ratio, rng, sum_by
from analysis.report.formats import format_p

PERMUTATIONS = config.N_MISCLASSIFICATION_PERMUTATIONS  # 9,999

AGREEMENT_COLUMNS = [
    "group",
    "theme",
    "n",
    "human_share",
    "machine_share",
    "kappa",
    "sensitivity",
    "specificity",
    "net_error",
]


def kappa(tp, fp, fn, tn):
    """Cohen's kappa from the 2 x 2 counts (NaN where chance agreement is certain)."""
    n = tp + fp + fn + tn
    observed = ratio(tp + tn, n)
    chance = ratio((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn), n * n)
    return ratio(observed - chance, 1 - chance)


def _validated(frame, machine, human):
    """Per validated sentence: group, cluster code, human (0/1) and machine (0/1) codes."""
    rows, h = validated_codes(frame, machine, human)
    codes, _, groups, _ = cluster_codes(frame)
    f = machine.to_numpy(dtype=float)[rows]
    return frame["group"].to_numpy(dtype=object)[rows], codes[rows], groups, h, f


def agreement(frame: pd.DataFrame, machine: pd.DataFrame, human: pd.DataFrame) -> pd.DataFrame:
    """Per group and theme: n, kappa, sensitivity, specificity, net error of the coder."""
    group, _, _, h, f = _validated(frame, machine, human)
    rows = []
    for g in config.group_order(pd.unique(group[pd.notna(group)])):
        sel = group == g
        hg, fg = h[sel], f[sel]
        tp, fp = (hg * fg).sum(0), ((1 - hg) * fg).sum(0)
        fn, tn = (hg * (1 - fg)).sum(0), ((1 - hg) * (1 - fg)).sum(0)
        k = kappa(tp, fp, fn, tn)
        sens, spec = ratio(tp, tp + fn), ratio(tn, tn + fp)
        for j, theme in enumerate(machine.columns):
            rows.append(
                {
                    "group": g,
                    "theme": str(theme),
                    "n": int(sel.sum()),
                    "human_share": hg[:, j].mean(),
                    "machine_share": fg[:, j].mean(),
                    "kappa": k[j],
                    "sensitivity": sens[j],
                    "specificity": spec[j],
                    "net_error": (hg[:, j] - fg[:, j]).mean(),
                }
            )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def chi_square(tables: np.ndarray) -> np.ndarray:
    """Pearson's statistic of (..., groups, categories) tables; empty categories drop out."""
    rows = tables.sum(-1, keepdims=True)
    cols = tables.sum(-2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty table (no sentence people coded) is 0
        expected = rows * cols / tables.sum((-2, -1), keepdims=True)
        cell = np.where(expected > 0, (tables - expected) ** 2 / expected, 0.0)
    return cell.sum((-2, -1))


def _within_codes(tables: np.ndarray) -> np.ndarray:
    """Sensitivity's chi-square plus specificity's, from (..., groups, 4) tables of found, missed,
    false hit, rightly left."""
    return chi_square(tables[..., :2]) + chi_square(tables[..., 2:])


def differential_misclassification(
    frame: pd.DataFrame, machine: pd.DataFrame, human: pd.DataFrame, reps: int = PERMUTATIONS
) -> pd.DataFrame:
    """Per theme: do the coder's sensitivity or specificity differ across groups? (the two chi-squares
    within the people's codes, summed; cluster permutation p, add-one; `flag` where p < 0.05)."""
    group, codes, cluster_group, h, f = _validated(frame, machine, human)
    m = len(cluster_group)
    # per delegation: found, missed (people coded the theme); false hit, rightly left (they did not)
    cells = [h * f, h * (1 - f), (1 - h) * f, (1 - h) * (1 - f)]
    per = np.stack([sum_by(codes, c.astype(float), m) for c in cells], axis=1)  # (M, 4, K)
    keep = per.sum((1, 2)) > 0  # delegations with validated sentences
    per, labels = per[keep], cluster_group[keep]
    names, label_codes = np.unique(labels.astype(str), return_inverse=True)
    onehot = np.eye(len(names))[label_codes]  # (M', G)
    observed = _within_codes(np.einsum("mg,mck->kgc", onehot, per))
    gen = rng("differential_misclassification")
    perms = (
        np.array([gen.permutation(label_codes) for _ in range(reps)]) if len(names) > 1 else np.empty((0, 0))
    )
    hits = np.zeros(len(machine.columns))
    for chunk in np.array_split(perms, max(1, reps // 2000)) if len(perms) else []:
        tables = np.einsum("rmg,mck->rkgc", np.eye(len(names))[chunk], per)
        hits += (_within_codes(tables) >= observed - 1e-9).sum(0)
    p = (1 + hits) / (reps + 1) if len(names) > 1 else np.full(len(hits), np.nan)
    # no test (one group validated) is a null flag, not False ("the errors do not differ by group")
    flag = pd.array([None if np.isnan(x) else x < 0.05 for x in p], dtype="boolean")
    return pd.DataFrame(
        {
            "theme": [str(t) for t in machine.columns],
            "chi_square": observed,
            "p_value": p,
            "p_label": [format_p(x, reps) for x in p],
            "groups": len(names),
            "n_validated": len(group),
            "flag": flag,
        }
    )
