"""Notebook 02's account of the coder against people: every coded set side by side, the ones never tuned on
first, with the targets checked on each; no sentence of the held-out part shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.coding import agreement, validate
from analysis.coding.validate import Report
from analysis.notebook import NotebookStop
from analysis.report import agreement_views as av


def _report(micro: float, kappas: dict[str, float], group_micro: dict[str, float] | None) -> Report:
    per_theme = pd.DataFrame({"theme": list(kappas), "kappa": list(kappas.values())})
    per_group = None
    if group_micro is not None:
        per_group = pd.DataFrame({"group": list(group_micro), "micro_f1": list(group_micro.values())})
    return Report(per_theme=per_theme, micro_f1=micro, macro_f1=0.78, exact_match=0.7, n=100,
                  errors=pd.DataFrame(), per_group=per_group)  # fmt: skip


SETS = (
    av.CodedSet("heldout", "held out", av.SPECS / "x.tsv", "holdout"),
    av.CodedSet("dev", "dev", av.SPECS / "y.tsv", tuned_on=True),
)


def test_a_set_meets_the_targets_only_when_every_figure_does():
    reports = {
        "heldout": _report(0.81, {"governance": 0.60, "partnerships": 0.54}, {"African Group": 0.9}),
        "dev": _report(0.94, {"governance": 0.80, "partnerships": 0.83}, None),
    }
    table = av.overview(reports, SETS)
    assert table["coded_set"].tolist() == ["held out", "dev"]
    assert table["tuned_on"].tolist() == [False, True]
    assert table["targets_met"].tolist() == [False, True]  # one kappa of 0.54 is enough to miss
    assert table.loc[0, "weakest_theme"] == "partnerships (\u03ba 0.54)"
    assert table.loc[0, "weakest_group"] == "Africa (0.90)"
    assert pd.isna(table.loc[1, "weakest_group"])  # the dev set has no groups


def test_a_weak_group_alone_misses_the_targets():
    reports = {
        "heldout": _report(0.85, {"governance": 0.7}, {"African Group": 0.9, "GRULAC": 0.71}),
        "dev": _report(0.94, {"governance": 0.8}, None),
    }
    table = av.overview(reports, SETS)
    assert table.loc[0, "weakest_group"] == "GRULAC (0.71)" and not table.loc[0, "targets_met"]


def test_a_theme_or_group_with_nothing_coded_is_never_the_weakest_and_reads_as_undefined():
    """A kappa or micro-F1 of sentences where nobody coded the theme (or anything) is NaN, undefined:
    it is not picked as the weakest figure, and a target read against it says so rather than 'not met'."""
    reports = {
        "heldout": _report(
            0.85, {"governance": 0.7, "unused": np.nan}, {"African Group": 0.9, "GRULAC": np.nan}
        ),
        "dev": _report(0.94, {"governance": 0.8}, None),
    }
    table = av.overview(reports, SETS)
    assert table.loc[0, "weakest_theme"] == "governance (\u03ba 0.70)"
    assert table.loc[0, "weakest_group"] == "Africa (0.90)" and table.loc[0, "targets_met"]
    assert av._reading(np.nan, np.nan, np.nan, 0.8).startswith("undefined")


def test_the_target_check_reads_each_figure_against_its_interval():
    gold = np.array([[True, False]] * 40 + [[False, True]] * 40 + [[False, False]] * 120)
    pred = gold.copy()
    pred[:12, 0] = False  # theme a: 12 of 40 missed
    pred[40:44, 1] = False  # theme b: 4 of 40 missed
    groups = ["African Group", "GRULAC"] * 100
    report = validate.Report(
        per_theme=agreement.per_theme(gold, pred, ["a", "b"]), micro_f1=agreement.micro_f1(gold, pred),
        macro_f1=agreement.macro_f1(agreement.per_theme(gold, pred, ["a", "b"])), exact_match=0.9, n=200,
        errors=pd.DataFrame(), per_group=agreement.by_group(gold, pred, ["a", "b"], groups),
        intervals=agreement.intervals(gold, pred, ["a", "b"], groups, reps=500),
    )  # fmt: skip
    table = av.target_check(report).set_index("measure")
    assert list(table.index) == [
        "micro-F1",
        "macro-F1",
        "lowest theme \u03ba (a)",
        "lowest group micro-F1 (Africa)",
    ]
    assert (table["estimate_low"] <= table["estimate"]).all() and (
        table["estimate"] <= table["estimate_high"]
    ).all()
    micro = table.loc["micro-F1"]  # 0.8 of codes found, none extra: F1 0.89, interval well above 0.80
    assert micro["estimate"] == pytest.approx(0.889, abs=1e-3) and micro["estimate_low"] > 0.80
    assert micro["reading"] == "met, whole interval above"
    kappa_a = table.loc["lowest theme \u03ba (a)"]  # 28 of 40 found: kappa 0.79, above 0.55
    assert kappa_a["reading"].startswith("met")
    assert av._reading(0.78, 0.74, 0.81, 0.80) == "not met; another sample could reach it"
    assert av._reading(0.70, 0.65, 0.75, 0.80) == "not met, whole interval below"
    assert av._reading(0.76, 0.70, 0.80, 0.75) == "met; another sample could fall short"


def test_without_the_coded_files_the_notebook_stops_with_one_line(tmp_path):
    sets = (av.CodedSet("dev", "dev", tmp_path / "absent.tsv"),)
    with pytest.raises(NotebookStop, match="absent.tsv.*cannot be measured"):
        av.reports(sets)


@pytest.mark.shared
@pytest.mark.model
def test_the_project_sets_are_the_fixed_held_out_split_the_random_sample_and_the_dev_set(shared_dir):
    keys = [s.key for s in av.SETS]
    assert keys == ["heldout", "random", "dev"]
    assert [s.tuned_on for s in av.SETS] == [False, True, True]
    reports = av.reports()
    assert [reports[k].n for k in keys] == [421, 500, 150]


def test_what_the_revision_changed_is_counted_per_coded_set_against_codebook_1(tmp_path):
    """Codebook 2.x codes blocked development under sanctions (the coding manual's rule) and no longer
    codes a green economy as economic development; codebook 1.1.0 does the opposite. People agree with
    2.x on the first and with 1.1.0 on the second (as coded here), so one change is right, one wrong."""
    sheet = tmp_path / "coded.tsv"
    sheet.write_text(
        "id\ttext\tthemes\n"
        "a\tSanctions have blocked our trade and development.\teconomic_development\n"
        "b\tWe must protect and strengthen our green economy.\tclimate_environment;economic_development\n"
        "c\tWe thank the President of the General Assembly.\tnone\n",
        encoding="utf-8",
    )
    row = av.revision((av.CodedSet("x", "x", sheet),)).iloc[0]
    assert (row["changed"], row["right"], row["wrong"], row["p_sign"]) == (2, 1, 1, 1.0)
    assert (row["micro_f1_before"], row["micro_f1_after"]) == (0.8, 0.8)  # TP 2 FN 1 both ways
    assert row["micro_f1_change"] == 0 and row["estimate_low"] <= 0 <= row["estimate_high"]
