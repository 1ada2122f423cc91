"""Specification of the group comparison: shares, cluster intervals, cluster permutation tests,
BH, ranks, Kendall's tau, co-occurrence, and thin-data warnings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.comparison import compare
from analysis.errors import InputError
from helpers import sentence_tables

THEMES = [
    "climate_environment",
    "economic_development",
    "livelihoods",
    "innovation",
    "skills",
    "governance",
    "partnerships",
    "finance_investment",
    "infrastructure",
    "digital_technology",
    "inclusion",
]
# with the short labels figures show, so that rendered test figures read like real ones
SHORT = [
    "Climate action",
    "Economic development",
    "Livelihoods",
    "Innovation",
    "Skills",
    "Governance",
    "Partnerships",
    "Investment & finance",
    "Infrastructure",
    "Digital & 4IR",
    "Inclusion",
]
LABELLED = [compare.ThemeInfo(t, s, s) for t, s in zip(THEMES, SHORT, strict=True)]
CLIMATE, ECON, SKILLS = "climate_environment", "economic_development", "skills"


def make_sentences(spec, words_per_sentence=20, noise=True):
    """A sentences table from {group: {country: [themes-string, ...]}}.

    With `noise`, chair and procedural rows are added too; they must never count.
    """
    rows = []
    for group, delegations in spec.items():
        session = f"s-{group}"
        turn = 0
        if noise:
            rows.append(_row(session, group, turn, None, "chair", False, False, CLIMATE, words_per_sentence))
            turn += 1
        for country, sentences in delegations.items():
            for i, themes in enumerate(sentences):
                rows.append(
                    _row(
                        session,
                        group,
                        turn,
                        country,
                        "member_state",
                        False,
                        True,
                        themes,
                        words_per_sentence,
                        sentence=i,
                    )
                )
            if noise:
                rows.append(
                    _row(
                        session,
                        group,
                        turn,
                        country,
                        "member_state",
                        True,
                        False,
                        "",
                        words_per_sentence,
                        sentence=len(sentences),
                    )
                )
            turn += 1
    return sentence_tables(rows)[0]


def _row(session, group, turn, country, role, procedural, counted, themes, n_words, sentence=0):
    return {
        "session_id": session,
        "group": group,
        "turn": turn,
        "sentence": sentence,
        "speaker": country or "Chair",
        "country": country,
        "role": role,
        "procedural": procedural,
        "counted": counted,
        "text": "...",
        "n_words": n_words,
        "lemmas": "",
        "noun_phrases": "",
        "themes": themes,
        "evidence": "",
        "source": "synthetic",
    }


def delegations(prefix, k_with, n_total, count, theme=CLIMATE):
    """`count` delegations, each with `n_total` sentences of which `k_with` carry `theme`."""
    return {f"{prefix}{i:02d}": [theme] * k_with + [""] * (n_total - k_with) for i in range(count)}


def clustered_group(rng, prefix, n_deleg, mean, spread, n_sent=40, theme=CLIMATE):
    """Delegations whose own propensities vary around `mean`: sentences cluster by delegation."""
    out = {}
    for i in range(n_deleg):
        p = np.clip(mean + rng.uniform(-spread, spread), 0, 1)
        hits = rng.random(n_sent) < p
        out[f"{prefix}{i:03d}"] = [theme if h else "" for h in hits]
    return out


def cell(df, group, theme):
    return df[(df["group"] == group) & (df["theme"] == theme)].iloc[0]


# --------------------------------------------------------------------------- prevalence


def test_prevalence_counts_only_delegation_sentences_and_meets_the_contract():
    spec = {
        "Arab Group": {"EGY": [CLIMATE, f"{CLIMATE};{SKILLS}", ""], "JOR": ["", SKILLS]},
        "African Group": {"KEN": [ECON, ""], "GHA": [""]},
    }
    prev = compare.prevalence(make_sentences(spec), themes=THEMES, n_bootstrap=50)
    assert list(prev.columns[:7]) == [
        "group",
        "theme",
        "theme_label",
        "theme_short",
        "share",
        "ci_low",
        "ci_high",
    ]
    for col in ("n_units", "n_delegations", "per_1000_words", "thin", "warning", "share_delegations"):
        assert col in prev.columns
    # groups in house order, themes in codebook order
    assert prev["group"].drop_duplicates().tolist() == ["African Group", "Arab Group"]
    assert prev["theme"].iloc[:11].tolist() == THEMES
    c = cell(prev, "Arab Group", CLIMATE)  # chair's climate sentence is not counted
    assert c["n_units"] == 5 and c["share"] == pytest.approx(2 / 5)
    assert c["n_delegations"] == 1 and c["delegations_total"] == 2
    assert c["share_delegations"] == pytest.approx(0.5)
    s = cell(prev, "Arab Group", SKILLS)
    assert s["share"] == pytest.approx(2 / 5) and s["n_delegations"] == 2
    assert s["per_1000_words"] == pytest.approx(2 / (5 * 20) * 1000)
    assert cell(prev, "African Group", ECON)["share"] == pytest.approx(1 / 3)


def test_bootstrap_interval_contains_true_share_and_is_wider_than_naive():
    rng = np.random.default_rng(7)
    spec = {"African Group": clustered_group(rng, "A", 40, mean=0.3, spread=0.25)}
    prev = compare.prevalence(make_sentences(spec, noise=False), themes=THEMES, n_bootstrap=1000)
    c = cell(prev, "African Group", CLIMATE)
    assert c["ci_low"] < 0.3 < c["ci_high"]
    assert c["ci_low"] < c["share"] < c["ci_high"]
    # the naive interval treats 1,600 sentences as independent; delegations are not
    naive = 2 * 1.96 * np.sqrt(c["share"] * (1 - c["share"]) / c["n_units"])
    assert c["ci_high"] - c["ci_low"] > 1.5 * naive


def test_prevalence_is_seeded_and_reproducible():
    rng = np.random.default_rng(1)
    s = make_sentences({"African Group": clustered_group(rng, "A", 12, 0.4, 0.3)})
    a = compare.prevalence(s, themes=THEMES, n_bootstrap=200)
    b = compare.prevalence(s, themes=THEMES, n_bootstrap=200)
    pd.testing.assert_frame_equal(a, b)


def test_adding_a_group_does_not_change_another_groups_interval():
    rng = np.random.default_rng(2)
    africa = clustered_group(rng, "A", 10, 0.4, 0.3)
    alone = compare.prevalence(make_sentences({"African Group": africa}), themes=THEMES, n_bootstrap=300)
    both = compare.prevalence(
        make_sentences({"African Group": africa, "Arab Group": delegations("B", 1, 4, 6)}),
        themes=THEMES,
        n_bootstrap=300,
    )
    assert cell(alone, "African Group", CLIMATE)["ci_low"] == cell(both, "African Group", CLIMATE)["ci_low"]


def test_thin_groups_are_flagged_with_plain_warnings_and_nan_intervals():
    spec = {
        "African Group": delegations("A", 2, 10, 6),  # 6 delegations x 10 x 20 words = 1,200 words
        "Arab Group": delegations("B", 1, 4, 3),  # 3 delegations, 240 words
        "Eastern European Group": {"POL": [CLIMATE, ""]},  # one delegation: no interval
    }
    prev = compare.prevalence(make_sentences(spec), themes=THEMES, n_bootstrap=100)
    africa = cell(prev, "African Group", CLIMATE)
    assert not africa["thin"] and africa["warning"] == ""
    arab = cell(prev, "Arab Group", CLIMATE)
    assert arab["thin"] and "only 3 delegations" in arab["warning"]
    assert "fewer than 1,000 words" in arab["warning"]
    assert np.isfinite(arab["ci_low"])
    one = cell(prev, "Eastern European Group", CLIMATE)
    assert one["thin"] and "only 1 delegation" in one["warning"]
    assert np.isnan(one["ci_low"]) and np.isnan(one["ci_high"]) and one["share"] == 0.5
    # a theme nobody raised: share 0, raised by nobody, no crash
    nobody = cell(prev, "African Group", "inclusion")
    assert nobody["share"] == 0 and nobody["n_delegations"] == 0


def test_a_group_without_delegation_speech_is_listed_not_crashed():
    s = make_sentences({"African Group": delegations("A", 1, 3, 5), "Arab Group": {}})
    prev = compare.prevalence(s, themes=THEMES, n_bootstrap=50)
    arab = cell(prev, "Arab Group", CLIMATE)
    assert arab["n_units"] == 0 and np.isnan(arab["share"]) and arab["warning"] == "no delegation sentences"
    diff = compare.differences(s, themes=THEMES, n_permutations=50)
    assert diff[diff["group_a"] == "Arab Group"]["p_value"].isna().all()
    assert compare.rank_agreement(s, themes=THEMES)["tau"].isna().all()


def test_unknown_theme_ids_and_missing_columns_are_input_errors():
    s = make_sentences({"African Group": {"KEN": ["not_a_theme"]}})
    with pytest.raises(InputError, match="not_a_theme"):
        compare.prevalence(s, themes=THEMES)
    with pytest.raises(InputError, match="counted"):
        compare.prevalence(s.drop(columns="counted"), themes=THEMES)


# --------------------------------------------------------------------------- differences


def test_permutation_test_detects_a_real_difference_and_not_a_null_one():
    spec = {
        "African Group": delegations("A", 6, 10, 8),  # climate in 60% of sentences
        "Arab Group": delegations("B", 1, 10, 8),  # and in 10%
        "Asia-Pacific Group": delegations("C", 6, 10, 8),  # same as Africa
    }
    diff = compare.differences(make_sentences(spec), themes=THEMES, n_permutations=500)
    real = diff[
        (diff["comparison"] == "pairwise")
        & (diff["group_a"] == "African Group")
        & (diff["group_b"] == "Arab Group")
        & (diff["theme"] == CLIMATE)
    ].iloc[0]
    assert real["diff"] == pytest.approx(0.5) and real["p_value"] < 0.01 and real["significant"]
    assert real["n_deleg_a"] == 8 and real["n_deleg_b"] == 8
    null = diff[
        (diff["group_a"] == "African Group")
        & (diff["group_b"] == "Asia-Pacific Group")
        & (diff["theme"] == CLIMATE)
    ].iloc[0]
    assert null["diff"] == 0 and null["p_value"] > 0.5 and not null["significant"]
    vs_rest = diff[
        (diff["comparison"] == "vs_rest") & (diff["group_a"] == "Arab Group") & (diff["theme"] == CLIMATE)
    ].iloc[0]
    assert vs_rest["group_b"] == "rest" and vs_rest["share_b"] == pytest.approx(0.6)
    assert vs_rest["p_value"] < 0.01
    # p-values carry the add-one correction: never zero
    assert diff["p_value"].min() >= 1 / 501


def test_one_talkative_delegation_is_not_a_group_difference():
    # Within one delegation every sentence carries the theme; sentence-level tests would call
    # this overwhelming, but it is one delegation out of six against six.
    africa = delegations("A", 0, 10, 5) | {"A99": [CLIMATE] * 200}
    spec = {"African Group": africa, "Arab Group": delegations("B", 0, 10, 6)}
    diff = compare.differences(make_sentences(spec), themes=THEMES, n_permutations=500)
    row = diff[(diff["comparison"] == "pairwise") & (diff["theme"] == CLIMATE)].iloc[0]
    assert row["diff"] > 0.7
    # wherever the permutation puts that delegation the difference is as large: no evidence at all
    assert row["p_value"] > 0.5


def test_overlapping_membership_makes_one_cluster_per_group():
    spec = {"African Group": {"EGY": [CLIMATE], "KEN": [""]}, "Arab Group": {"EGY": ["", ""], "JOR": [""]}}
    diff = compare.differences(make_sentences(spec), themes=THEMES, n_permutations=20)
    row = diff[diff["comparison"] == "pairwise"].iloc[0]
    assert row["n_deleg_a"] == 2 and row["n_deleg_b"] == 2
    prev = compare.prevalence(make_sentences(spec), themes=THEMES, n_bootstrap=20)
    assert cell(prev, "Arab Group", CLIMATE)["delegations_total"] == 2


def test_bh_matches_a_hand_computed_example():
    # sorted p: .01 .03 .04 .20 (m=4) -> p*m/rank: .04 .06 .0533 .20 -> running min from the top
    q = compare.bh_qvalues([0.04, 0.01, np.nan, 0.20, 0.03])
    expected = [0.16 / 3, 0.04, np.nan, 0.20, 0.16 / 3]
    np.testing.assert_allclose(q, expected, equal_nan=True)


def test_the_whole_family_shares_one_bh_correction():
    rng = np.random.default_rng(5)
    spec = {
        g: clustered_group(rng, g[:2], 6, 0.3, 0.2)
        for g in ["African Group", "Arab Group", "Asia-Pacific Group"]
    }
    diff = compare.differences(make_sentences(spec), themes=THEMES, n_permutations=100)
    assert len(diff) == 11 * (3 + 3)
    np.testing.assert_allclose(diff["q_value"], compare.bh_qvalues(diff["p_value"]), equal_nan=True)
    ok = diff["q_value"].notna()
    assert (diff.loc[ok, "q_value"] >= diff.loc[ok, "p_value"]).all()


# --------------------------------------------------------------------------- ranks


def _ordered_group(prefix, order, n=5):
    """Five delegations whose sentences carry the themes in `order` with falling frequency."""
    sentences = []
    for k, theme in enumerate(order):
        sentences += [theme] * (len(order) - k)
    return {f"{prefix}{i}": sentences + [""] * 3 for i in range(n)}


def test_ranks_put_the_most_shared_theme_first_and_average_ties():
    spec = {"African Group": {"KEN": [CLIMATE, CLIMATE, ECON, SKILLS, ""]}}
    r = compare.ranks(make_sentences(spec), themes=THEMES)
    by = r.set_index("theme")["rank"]
    assert by[CLIMATE] == 1 and by[ECON] == by[SKILLS] == 2.5
    assert by["inclusion"] == pytest.approx((4 + 11) / 2)  # eight themes tied at zero


def test_kendall_tau_is_one_for_same_order_and_minus_one_for_reversed():
    order = THEMES
    spec = {
        "African Group": _ordered_group("A", order),
        "Arab Group": _ordered_group("B", order),
        "Asia-Pacific Group": _ordered_group("C", order[::-1]),
    }
    agree = compare.rank_agreement(make_sentences(spec), themes=THEMES).set_index(["group_a", "group_b"])
    assert agree.loc[("African Group", "Arab Group"), "tau"] == pytest.approx(1.0)
    assert agree.loc[("African Group", "Arab Group"), "p_value"] < 0.001
    assert agree.loc[("African Group", "Asia-Pacific Group"), "tau"] == pytest.approx(-1.0)
    assert (agree["n_themes"] == 11).all()


# --------------------------------------------------------------------------- co-occurrence


def test_cooccurrence_counts_jaccard_and_lift():
    spec = {"African Group": {"KEN": [f"{CLIMATE};{ECON}", CLIMATE, ECON, f"{CLIMATE};{ECON}", ""]}}
    co = compare.cooccurrence(make_sentences(spec), themes=THEMES)
    assert len(co) == 11 * 11
    pair = co[(co["theme_a"] == CLIMATE) & (co["theme_b"] == ECON)].iloc[0]
    assert pair["count"] == 2 and pair["jaccard"] == pytest.approx(2 / 4)
    assert pair["lift"] == pytest.approx((2 / 5) / ((3 / 5) * (3 / 5)))
    diag = co[(co["theme_a"] == CLIMATE) & (co["theme_b"] == CLIMATE)].iloc[0]
    assert diag["count"] == 3 and diag["jaccard"] == 1
    none = co[(co["theme_a"] == "inclusion") & (co["theme_b"] == "inclusion")].iloc[0]
    assert none["count"] == 0 and np.isnan(none["jaccard"])


def test_by_default_themes_come_from_the_codebook_in_its_order():
    from analysis.coding import codebook

    try:
        cb = codebook.load()
    except Exception as exc:  # the codebook is another module's job; say why this is skipped
        pytest.skip(f"codebook not loadable here: {exc}")
    tl = compare.theme_list()
    assert [t.id for t in tl] == cb.ids() == THEMES
    assert all(t.short_label and len(t.short_label) <= 22 for t in tl)
    prev = compare.prevalence(make_sentences({"African Group": delegations("A", 1, 3, 5)}), n_bootstrap=20)
    assert prev["theme_short"].tolist() == [t.short_label for t in tl]


def test_a_single_group_has_no_rest_to_compare_with():
    s = make_sentences({"African Group": delegations("A", 1, 3, 5)})
    diff = compare.differences(s, themes=THEMES, n_permutations=20)
    assert (diff["comparison"] == "vs_rest").all() and diff["p_value"].isna().all()
    assert not diff["significant"].any()
    assert compare.rank_agreement(s, themes=THEMES).empty
