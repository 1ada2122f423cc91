"""Agreement arithmetic on cases small enough to compute by hand, and the fixed tune/holdout split."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.coding import agreement, splits

IDS = ["a", "b", "c"]
# four sentences: right; missed b; added b; missed b and added c
GOLD = [{"a"}, {"a", "b"}, set(), {"b"}]
PRED = [{"a"}, {"a"}, {"b"}, {"c"}]
GROUPS = ["X", "X", "Y", "Y"]


@pytest.fixture
def matrices():
    return agreement.indicator(GOLD, IDS), agreement.indicator(PRED, IDS)


def test_per_theme_scores(matrices):
    t = agreement.per_theme(*matrices, IDS).set_index("theme")
    assert t.loc["a", ["precision", "recall", "f1", "kappa"]].tolist() == [1.0, 1.0, 1.0, 1.0]
    # b: gold 0101, coded 0010 -> TP 0, FN 2, FP 1; observed agreement 1/4, chance 1/2 -> kappa -1/2
    assert t.loc["b", ["tp", "fn", "fp", "support", "predicted"]].tolist() == [0, 2, 1, 2, 1]
    assert t.loc["b", "f1"] == 0.0 and t.loc["b", "kappa"] == pytest.approx(-0.5)
    # c: never in gold, coded once -> observed 3/4 = chance 3/4 -> kappa 0
    assert t.loc["c", ["support", "predicted", "f1", "kappa"]].tolist() == [0, 1, 0.0, 0.0]


def test_overall_figures(matrices):
    gold, pred = matrices
    assert agreement.micro_f1(gold, pred) == pytest.approx(0.5)  # TP 2, FP 2, FN 2
    assert agreement.macro_f1(agreement.per_theme(gold, pred, IDS)) == pytest.approx(1 / 3)
    assert agreement.exact_match(gold, pred) == 0.25


def test_a_theme_nobody_used_is_left_out_of_the_macro_average():
    gold = agreement.indicator([{"a"}, set()], IDS)
    pred = agreement.indicator([{"a"}, {"b"}], IDS)
    table = agreement.per_theme(gold, pred, IDS)
    assert agreement.macro_f1(table) == pytest.approx(0.5)  # a: 1, b: 0, c: not used
    c = table.set_index("theme").loc["c"]  # both codings agree (never c), by no skill: undefined
    assert np.isnan(c["f1"]) and np.isnan(c["kappa"])


def test_kappa_agrees_with_scikit_learn_where_that_is_defined():
    rng = np.random.default_rng(3)
    for _ in range(50):
        g, p = rng.random(30) < 0.3, rng.random(30) < 0.4
        if g.any() or p.any():
            assert agreement.kappa(g, p) == pytest.approx(cohen_kappa_score(g, p))


def test_figures_per_group(matrices):
    table = agreement.by_group(*matrices, IDS, GROUPS).set_index("group")
    # X: TP 2 (a, a), FN 1 (b) -> micro 4/5; macro over a (1) and b (0)
    assert table.loc["X", ["n", "micro_f1", "macro_f1", "exact_match"]].tolist() == [2, 0.8, 0.5, 0.5]
    # Y: TP 0, FP 2, FN 1; b and c used, both F1 0; a is never used there
    assert table.loc["Y", ["micro_f1", "macro_f1", "exact_match"]].tolist() == [0.0, 0.0, 0.0]
    # b in X: gold 01, coded 00 -> observed agreement 1/2 = chance agreement -> kappa 0
    assert table.loc["X", "min_kappa"] == 0.0


def test_prevalence_gap_per_group(matrices):
    table = agreement.prevalence(*matrices, IDS, GROUPS).set_index(["group", "theme"])
    assert table.loc[("X", "b"), ["gold_share", "coded_share", "gap"]].tolist() == [0.5, 0.0, -0.5]
    assert table.loc[("Y", "c"), "gap"] == 0.5


def test_confusions_add_up_to_every_theme_error():
    table = agreement.confusions(GOLD, PRED)
    rows = table[["missed", "extra", "sentences", "errors"]].values.tolist()
    # sentence 4 missed b and added c: one pair carrying both errors; then the lone miss and addition
    assert rows == [["b", "c", 1, 2.0], ["b", "none", 1, 1.0], ["none", "b", 1, 1.0]]
    assert table["share"].sum() == pytest.approx(1.0)


def test_an_error_shared_by_several_pairs_is_split_between_them():
    table = agreement.confusions([{"a", "b"}], [{"c"}])
    # two misses and one addition: each miss is all of one pair, the addition half of each
    assert table[["missed", "extra", "errors"]].values.tolist() == [["a", "c", 1.5], ["b", "c", 1.5]]


def test_agreement_of_an_empty_coding_is_undefined_not_zero():
    """Two codings that give no theme to any sentence agree everywhere: an F1 of 0 would read as the
    worst agreement. F1 (2 TP / (2 TP + FP + FN) = 0 / 0) and kappa are undefined (NaN); the sentences
    still match exactly and there is no confusion."""
    gold = agreement.indicator([set(), set()], IDS)
    assert np.isnan(agreement.micro_f1(gold, gold)) and agreement.exact_match(gold, gold) == 1.0
    assert np.isnan(agreement.macro_f1(agreement.per_theme(gold, gold, IDS)))
    assert agreement.confusions([set()], [set()]).empty


def test_a_group_where_neither_coding_codes_anything_has_no_f1_not_the_worst():
    gold = agreement.indicator([{"a"}, {"a", "b"}, set(), set()], IDS)
    pred = agreement.indicator([{"a"}, {"a"}, set(), set()], IDS)
    groups = ["X", "X", "Y", "Y"]
    table = agreement.by_group(gold, pred, IDS, groups).set_index("group")
    assert table.loc["X", "micro_f1"] == pytest.approx(0.8)
    assert table.loc["Y", ["micro_f1", "macro_f1", "min_kappa"]].isna().all()
    assert table.loc["Y", "exact_match"] == 1.0
    summary = agreement.summary(gold[2:], pred[2:], IDS)
    assert np.isnan(summary["micro_f1"]) and np.isnan(summary["macro_f1"])
    bounds = agreement.intervals(gold, pred, IDS, groups, reps=200).set_index(["statistic", "scope"])
    assert bounds.loc[("micro_f1", "Y"), ["estimate", "low", "high"]].isna().all()  # not 0.0 [0, 0]
    assert bounds.loc[("micro_f1", "X"), ["estimate", "low", "high"]].notna().all()
    assert bounds.loc[("kappa", "c"), ["estimate", "low", "high"]].isna().all()  # nobody's theme


def _cells(g, p):
    """The 2 x 2 counts tp, fp, fn, tn of two 0/1 vectors, each as a one-theme array."""
    return [np.array([float(x)]) for x in ((g & p).sum(), (~g & p).sum(), (g & ~p).sum(), (~g & ~p).sum())]


def test_both_kappas_call_a_theme_no_coder_used_undefined():
    """coding.agreement.kappa (on 0/1 vectors) and comparison.agreement.kappa (on 2 x 2 counts) give the
    same number, NaN where chance agreement is certain: a theme neither uses, or both use everywhere."""
    from analysis.comparison.agreement import kappa as kappa_of_counts

    for g in (np.zeros(30, bool), np.ones(30, bool)):
        assert np.isnan(agreement.kappa(g, g)) and np.isnan(kappa_of_counts(*_cells(g, g))[0])
    rng = np.random.default_rng(5)
    for _ in range(20):
        g, p = rng.random(40) < 0.3, rng.random(40) < 0.2
        assert agreement.kappa(g, p) == pytest.approx(kappa_of_counts(*_cells(g, p))[0])


# --- the fixed split --------------------------------------------------------------------------


def test_the_split_depends_on_the_id_and_seed_only():
    ids = [f"s{i:03d}" for i in range(200)]
    one = splits.split_ids(ids, seed=7, fraction=0.3)
    assert one == splits.split_ids(list(reversed(ids)), seed=7, fraction=0.3)  # order does not matter
    assert list(one.values()).count("holdout") == 60
    grown = splits.split_ids(ids + [f"t{i}" for i in range(100)], seed=7, fraction=0.3)
    moved = sum(one[i] != grown[i] for i in ids)
    assert moved < 20  # new rows shift the per-stratum cut a little; they never reshuffle the file
    assert one != splits.split_ids(ids, seed=8, fraction=0.3)


def test_the_split_is_pinned():
    # a change to the hashing would silently move sentences into the tuning set: pin it
    got = splits.split_ids(["p1", "p2", "p3", "p4", "p5", "p6"], seed=1313, fraction=0.5)
    assert [i for i, side in got.items() if side == "holdout"] == ["p1", "p3", "p4"]


def test_the_projects_split_of_the_training_file_is_pinned():
    """themes-train.tsv's holdout is scored as never seen: its seed, share and strata must never change, or
    sentences the rules were tuned on would be scored as held out. Ids shaped like the file's, two groups."""
    ids = [f"GD23-{i:03d}" for i in range(1, 21)]
    groups = ["African Group"] * 12 + ["Asia-Pacific Group"] * 8
    got = splits.train_split(ids, groups)
    held = [i for i in ids if got[i] == splits.HOLDOUT]
    assert held == ["GD23-002", "GD23-009", "GD23-010", "GD23-011", "GD23-014", "GD23-016", "GD23-020"]


def test_each_stratum_holds_out_the_same_share():
    ids = [f"s{i}" for i in range(100)]
    strata = ["A"] * 40 + ["B"] * 60
    got = splits.split_ids(ids, seed=1, fraction=0.25, strata=strata)
    held = [i for i in ids if got[i] == "holdout"]
    assert sum(s == "A" for i, s in zip(ids, strata, strict=True) if i in held) == 10
    assert len(held) == 25


@pytest.mark.parametrize(("fraction", "side"), [(0.0, "tune"), (1.0, "holdout")])
def test_a_fraction_of_nought_or_one_puts_every_id_on_one_side(fraction, side):
    """The ends of the allowed range are allowed: nothing held out, or everything."""
    got = splits.split_ids(["b 2", "a-1", "C3"], seed=1313, fraction=fraction, strata=["x", "x", "y"])
    assert got == {"b 2": side, "a-1": side, "C3": side}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ids": ["a", "a"], "seed": 1, "fraction": 0.5}, "unique"),
        ({"ids": ["a"], "seed": 1, "fraction": 1.5}, "between 0 and 1"),
        ({"ids": ["a", "b"], "seed": 1, "fraction": 0.5, "strata": ["x"]}, "one label per id"),
    ],
)
def test_bad_split_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        splits.split_ids(**kwargs)


def test_confusions_that_cost_alike_are_listed_by_missed_then_extra_theme_alphabetically():
    table = agreement.confusions([{"a"}, {"b"}], [{"c", "b"}, {"a"}])
    # sentence 1 missed a, added b and c: (a, b) and (a, c) 1.5 errors each; sentence 2 (b, a) 2 errors
    assert table[["missed", "extra", "errors"]].values.tolist() == [
        ["b", "a", 2.0],
        ["a", "b", 1.5],
        ["a", "c", 1.5],
    ]


def test_agreement_intervals_are_95_percent_unless_asked_otherwise():
    gen = np.random.default_rng(3)
    gold = gen.random((60, 3)) < 0.3
    pred = gold ^ (gen.random((60, 3)) < 0.15)  # some 15% of the decisions flipped
    default = agreement.intervals(gold, pred, IDS, reps=400)
    assert default.equals(agreement.intervals(gold, pred, IDS, reps=400, level=0.95))
    narrower = agreement.intervals(gold, pred, IDS, reps=400, level=0.9)
    assert ((default["high"] - default["low"]) > (narrower["high"] - narrower["low"])).all()


@pytest.mark.parametrize(
    "gold, pred",
    [
        ([{"a"}, {"a"}, {"b"}, set()], [{"a"}, {"a"}, set(), set()]),  # b: one gold sentence, missed
        ([{"a"}, {"a"}, set(), set()], [{"a"}, {"a"}, set(), {"c"}]),  # c: one extra, never in the gold
    ],
)
def test_the_lowest_kappa_counts_a_theme_either_coding_used_once(gold, pred):
    """A theme used in a single sentence by one coding and never by the other has kappa 0: it is the
    weakest theme, not one left out."""
    summary = agreement.summary(agreement.indicator(gold, IDS), agreement.indicator(pred, IDS), IDS)
    assert summary["min_kappa"] == 0.0


def test_one_sentence_the_codings_disagree_on_has_kappa_0_and_one_they_agree_on_none():
    assert agreement.kappa([True], [False]) == 0.0
    assert np.isnan(agreement.kappa([True], [True]))


def test_a_confusion_counts_every_sentence_it_occurs_in():
    """Two sentences where the coder put b for a, one where it put a for b: (a, b) occurs in 2 sentences
    and carries their 4 errors (a miss and an addition each), (b, a) in 1 with 2; a lone miss of c beside
    a right a is (c, none)."""
    gold = [{"a"}, {"a"}, {"b"}, {"a", "c"}]
    pred = [{"b"}, {"b"}, {"a"}, {"a"}]
    table = agreement.confusions(gold, pred)
    assert table[["missed", "extra", "sentences", "errors"]].values.tolist() == [
        ["a", "b", 2, 4.0],
        ["b", "a", 1, 2.0],
        ["c", "none", 1, 1.0],
    ]
    assert table["share"].tolist() == pytest.approx([4 / 7, 2 / 7, 1 / 7])


def test_groups_come_in_the_order_they_first_appear():
    """by_group and prevalence list groups as the file first names them (Y before X), not sorted."""
    groups = ["Y", "X", "Y", "Z"]
    gold, pred = agreement.indicator(GOLD, IDS), agreement.indicator(PRED, IDS)
    assert agreement.by_group(gold, pred, IDS, groups)["group"].tolist() == ["Y", "X", "Z"]
    assert agreement.by_group(gold, pred, IDS, groups)["n"].tolist() == [2, 1, 1]
    assert list(dict.fromkeys(agreement.prevalence(gold, pred, IDS, groups)["group"])) == ["Y", "X", "Z"]


def test_the_project_split_holds_out_35_in_every_hundred():
    """A stratum of 100 ids pins the share itself (0.34 or 0.36 would hold out 34 or 36); the 20-id
    pin above cannot tell 0.34 from 0.35 (12 and 8 ids round to 4 and 3 either way)."""
    ids = [f"GD23-{i:03d}" for i in range(1, 201)]
    groups = ["African Group"] * 100 + ["GRULAC"] * 100
    got = splits.train_split(ids, groups)
    assert [sum(got[i] == splits.HOLDOUT for i in ids[s : s + 100]) for s in (0, 100)] == [35, 35]


def test_the_exact_match_of_no_sentences_is_undefined_not_nought():
    """As every figure here whose denominator is 0: NaN, not the worst agreement."""
    none = agreement.indicator([], IDS)
    assert np.isnan(agreement.exact_match(none, none))
