"""How well the coder agrees with careful human coders, on every coded set the project has, for notebook 02.

The dev set is where the rules were written, so its scores flatter the coder; the random sample of the 2023
General Debate was never read, but its totals decided which of codebook 2.2's rules were kept, so it flatters
a little too. The held-out part of `themes-train.tsv` (analysis.coding.splits: nobody reads its sentences)
is the one set nothing was tuned on: it says what to expect on new sentences. The views here show
aggregates only: no sentence of the held-out part is ever displayed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.coding import splits
from analysis.errors import InputError
from analysis.notebook import DECIMALS, NotebookStop, rounded, shared_absent
from analysis.report.formats import format_number, group_name

SPECS = config.SHARED_DIR / "specs"


@dataclass(frozen=True)
class CodedSet:
    """One file of human-coded sentences and the part of it that is used."""

    key: str
    label: str
    path: Path
    split: str = "all"
    tuned_on: bool = False


SETS = (
    CodedSet("heldout", "held-out part of themes-train.tsv", config.TRAIN_SET, splits.HOLDOUT),
    CodedSet(
        "random", "random 2023 sample (totals gated rules)", SPECS / "themes-random-2023.tsv", tuned_on=True
    ),
    CodedSet("dev", "themes-dev.tsv (rules written on it)", SPECS / "themes-dev.tsv", tuned_on=True),
)

# What issue 13 asks of the coder on sentences it was never tuned on (docs/coding-guide.md).
TARGETS = {"micro_f1": 0.80, "macro_f1": 0.75, "min_kappa": 0.55, "min_group_micro_f1": 0.72}


def reports(sets: tuple[CodedSet, ...] = SETS) -> dict[str, object]:
    """`validate` on each coded set, by key; stops the notebook with one line without the shared data."""
    from analysis.coding import validate

    missing = [s.path for s in sets if not s.path.is_file()]
    if missing:
        raise NotebookStop(f"{shared_absent(missing[0])}; agreement cannot be measured here")
    try:
        return {s.key: validate.validate_file(s.path, split=s.split) for s in sets}
    except InputError as exc:
        raise NotebookStop(str(exc)) from exc


def _weakest(report) -> tuple[pd.Series, pd.Series | None]:
    """The theme with the lowest kappa and the group with the lowest micro-F1 (None without groups); an
    undefined figure (NaN: nothing coded there) sorts last, so it is the weakest only when all are."""
    theme = report.per_theme.sort_values(["kappa", "theme"], kind="stable").iloc[0]
    if report.per_group is None:
        return theme, None
    return theme, report.per_group.sort_values(["micro_f1", "group"], kind="stable").iloc[0]


def overview(reports: dict[str, object], sets: tuple[CodedSet, ...] = SETS) -> pd.DataFrame:
    """One row per coded set: size, micro and macro F1, the weakest theme and the weakest group,
    whether the rules were tuned on it, and whether it meets every target."""
    rows = []
    for s in sets:
        r = reports[s.key]
        weakest, g = _weakest(r)
        row = {
            "coded_set": s.label,
            "sentences": int(r.n),
            "micro_f1": r.micro_f1,
            "macro_f1": r.macro_f1,
            "weakest_theme": f"{weakest['theme']} (\u03ba {format_number(weakest['kappa'])})",
        }
        lowest_group = None
        if g is not None:
            lowest_group = float(g["micro_f1"])
            row["weakest_group"] = f"{group_name(g['group'])} ({format_number(lowest_group)})"
        met = (
            r.micro_f1 >= TARGETS["micro_f1"]
            and r.macro_f1 >= TARGETS["macro_f1"]
            and float(weakest["kappa"]) >= TARGETS["min_kappa"]
            and (lowest_group is None or lowest_group >= TARGETS["min_group_micro_f1"])
        )
        rows.append(row | {"tuned_on": s.tuned_on, "targets_met": met})
    table = pd.DataFrame(rows)
    return rounded(table)  # shown to two decimals: 0.7749 is 0.77, not 0.775 rounded again to 0.78


def _reading(estimate: float, low: float, high: float, target: float) -> str:
    if pd.isna(estimate):  # neither coding gave any theme there: agreement is undefined, not 0
        return "undefined: nothing coded to agree on"
    if estimate >= target:
        return "met, whole interval above" if low >= target else "met; another sample could fall short"
    return "not met; another sample could reach it" if high >= target else "not met, whole interval below"


def target_check(report) -> pd.DataFrame:
    """The four target figures of one coded set with their 95% bootstrap intervals and what they say.

    The lowest theme and group are picked on this sample, so their figures lean low (the minimum of
    several noisy figures); each interval is that theme's or group's own.
    """
    weakest, g = _weakest(report)
    rows = [
        ("micro-F1", report.micro_f1, *report.interval("micro_f1"), TARGETS["micro_f1"]),
        ("macro-F1", report.macro_f1, *report.interval("macro_f1"), TARGETS["macro_f1"]),
        (f"lowest theme \u03ba ({weakest['theme']})", float(weakest["kappa"]),
         *report.interval("kappa", weakest["theme"]), TARGETS["min_kappa"]),
    ]  # fmt: skip
    if g is not None:
        rows.append((f"lowest group micro-F1 ({group_name(g['group'])})", float(g["micro_f1"]),
                     *report.interval("micro_f1", g["group"]), TARGETS["min_group_micro_f1"]))  # fmt: skip
    table = pd.DataFrame(rows, columns=["measure", "estimate", "estimate_low", "estimate_high", "target"])
    table["reading"] = [
        _reading(*r) for r in table[["estimate", "estimate_low", "estimate_high", "target"]].to_numpy()
    ]
    return table.round({c: DECIMALS for c in ("estimate", "estimate_low", "estimate_high", "target")})


def revision(sets: tuple[CodedSet, ...] = SETS, baseline: Path = config.CODEBOOK_V1) -> pd.DataFrame:
    """One row per coded set: what the current codebook changed against `baseline` on the same sentences,
    how many changed decisions agree with people (right) or not (wrong), the exact sign test of the two,
    and micro-F1 before and after with the change's paired 95% interval (`estimate_low`, `estimate_high`;
    `validate.compare_codebooks`)."""
    from analysis.coding import validate

    rows = []
    for s in sets:
        sheet = validate.select_split(validate.read_gold(s.path), s.split, s.path)
        change = validate.compare_codebooks(sheet, config.CODEBOOK, baseline)
        micro = change.table.iloc[0]  # micro_f1 over all sentences
        rows.append({
            "coded_set": s.label,
            "micro_f1_before": micro["baseline"],
            "micro_f1_after": micro["estimate"],
            "micro_f1_change": micro["change"],
            "estimate_low": micro["low"],
            "estimate_high": micro["high"],
            "changed": int(micro["changed"]),
            "right": int(micro["right"]),
            "wrong": int(micro["wrong"]),
            "p_sign": micro["p_sign"],
            "tuned_on": s.tuned_on,
        })  # fmt: skip
    figures = ("micro_f1_before", "micro_f1_after", "micro_f1_change", "estimate_low", "estimate_high")
    return pd.DataFrame(rows).round(dict.fromkeys(figures, DECIMALS))
