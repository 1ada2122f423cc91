"""Specification of the compare stage's tables: what the analyst reads, built from the coded
sentences (and a validation sample) by the statistics of analysis.comparison.

The statistics themselves are specified in test_comparison_statistics.py (by hand and against
reference libraries) and test_statistics_simulation.py (coverage and level); here: which
sentences count, the tables' columns, labels and order, the families, thin groups, zero cells,
and how a validation sheet is matched and turned into corrected shares.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from analysis import catalogue, config
from analysis.coding import sheets
from analysis.comparison import compare, validation
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
SHORT = ["Climate action", "Economic development", "Livelihoods", "Innovation", "Skills", "Governance",
         "Partnerships", "Investment & finance", "Infrastructure", "Digital & 4IR", "Inclusion"]  # fmt: skip
LABELLED = [compare.ThemeInfo(t, t.replace("_", " ").title(), s) for t, s in zip(THEMES, SHORT, strict=True)]
CLIMATE, ECON, SKILLS = "climate_environment", "economic_development", "skills"


def test_only_other_draws_than_the_defaults_are_named_in_the_provenance():
    """The defaults leave every record as it was (the committed figures' among them); any other count,
    raised or lowered, names all five, as the seed alone does not give the numbers."""
    defaults = compare.Settings(**config.DEFAULT_DRAWS)
    assert defaults.changed() == {}
    more = compare.Settings(**{**config.DEFAULT_DRAWS, "permutations": 200_000})
    assert more.changed() == {**config.DEFAULT_DRAWS, "permutations": 200_000}


FEW = compare.Settings(bootstrap=50, permutations=200, exact_limit=20_000, correction_bootstrap=200,
                       misclassification_permutations=99)  # fmt: skip


def make_sentences(spec, noise=True):
    """A sentences table from {group: {country: [themes-string, ...]}}; each sentence's text is
    unique ("<country> says <i>"). With `noise`, a chair's and a procedural sentence are added:
    they must never count."""
    rows = []
    for group, delegations in spec.items():
        session = f"s-{group}"
        if noise:
            rows.append(dict(session_id=session, group=group, turn=0, country=None, themes=CLIMATE,
                             text=f"The chair of {group} speaks."))  # fmt: skip
        for turn, (country, sentences) in enumerate(delegations.items(), start=1):
            for i, themes in enumerate(sentences):
                rows.append(dict(session_id=session, group=group, turn=turn, sentence=i, country=country,
                                 themes=themes, text=f"{country} says {i}.", n_words=20))  # fmt: skip
            if noise:
                rows.append(dict(session_id=session, group=group, turn=turn, sentence=len(sentences),
                                 country=country, procedural=True, counted=False, themes="",
                                 text=f"{country} thanks the chair."))  # fmt: skip
    return sentence_tables(rows)[0]


def units(spec, **kw):
    return compare.units(make_sentences(spec, **kw), themes=LABELLED)


def figure_tables(sentences, themes=LABELLED, human=None, settings=FEW) -> dict:
    """The compare stage's tables that figures are drawn from, by catalogue name."""
    u = compare.units(sentences, themes=themes)
    return {
        "theme_prevalence": compare.prevalence(u, human, settings),
        "theme_differences": compare.theme_differences(u, settings),
        "corrected_differences": compare.corrected_differences(u, human, settings),
        "theme_ranks": compare.theme_ranks(u, settings),
        "rank_agreement": compare.rank_agreement(u, settings),
        "cooccurrence": compare.theme_cooccurrence(u, settings),
    }


def delegations(prefix, k_with, n_total, count, theme=CLIMATE):
    """`count` delegations, each with `n_total` sentences of which `k_with` carry `theme`."""
    return {f"{prefix}{i:02d}": [theme] * k_with + [""] * (n_total - k_with) for i in range(count)}


def cell(df, group, theme, column="theme"):
    return df[(df["group"] == group) & (df[column] == theme)].iloc[0]


def test_the_units_hold_the_columns_the_comparisons_read_not_the_lists_of_words():
    """Every sentence's lemmas and phrases stay with the sentences table (discovery reads them there): a
    copy in the units held them twice while the tables were made."""
    u = units({"Arab Group": {"EGY": [CLIMATE, ""]}, "African Group": {"KEN": [""]}})
    assert u.frame.columns.tolist() == [*compare.REQUIRED, "overridden"]
    assert u.frame["themes"].tolist() == [[CLIMATE], [], []]


# --------------------------------------------------------------------------- prevalence


def test_prevalence_counts_only_delegation_sentences_and_meets_the_contract():
    spec = {
        "Arab Group": {"EGY": [CLIMATE, f"{CLIMATE};{SKILLS}", ""], "JOR": ["", SKILLS]},
        "African Group": {"KEN": [ECON, ""], "GHA": [""]},
    }
    prev = compare.prevalence(units(spec), settings=FEW)
    assert prev.columns.tolist() == catalogue.table("theme_prevalence").column_names()
    for col in ("group", "theme", "share", "ci_low", "ci_high", "n_units", "n_delegations"):  # contract, 4
        assert col in prev.columns
    assert prev["group"].drop_duplicates().tolist() == ["African Group", "Arab Group"]  # house order
    assert prev["theme"].iloc[:11].tolist() == THEMES  # codebook order
    c = cell(prev, "Arab Group", CLIMATE)  # the chair's climate sentence is not counted
    assert c["n_units"] == 5 and c["share"] == pytest.approx(2 / 5)
    assert c["n_delegations"] == 1 and c["delegations_total"] == 2
    assert c["theme_label"] == "Climate Environment" and c["theme_short"] == "Climate action"
    assert cell(prev, "Arab Group", SKILLS)["mean_share"] == pytest.approx((1 / 3 + 1 / 2) / 2)


def test_a_theme_nobody_raised_is_a_one_sided_upper_bound_never_zero_to_zero():
    prev = compare.prevalence(units({"African Group": delegations("A", 2, 10, 12)}), settings=FEW)
    nobody = cell(prev, "African Group", "inclusion")
    assert nobody["share"] == 0 and nobody["upper_bound_only"]
    assert nobody["ci_low"] == 0 and 0 < nobody["ci_high"] < 0.05
    raised = cell(prev, "African Group", CLIMATE)
    assert not raised["upper_bound_only"] and raised["ci_low"] < 0.2 < raised["ci_high"]


def test_groups_under_ten_delegations_are_thin_and_one_delegation_has_no_interval():
    spec = {
        "African Group": delegations("A", 2, 10, 12),  # 12 delegations x 10 x 20 words
        "Arab Group": delegations("B", 1, 4, 6),  # 6 delegations, 480 words
        "Eastern European Group": {"POL": [CLIMATE, ""]},
    }
    prev = compare.prevalence(units(spec), settings=FEW)
    africa = cell(prev, "African Group", CLIMATE)
    assert not africa["thin"] and africa["warning"] == ""
    arab = cell(prev, "Arab Group", CLIMATE)
    assert (
        arab["thin"]
        and "only 6 delegations" in arab["warning"]
        and "fewer than 1,000 words" in arab["warning"]
    )
    assert np.isfinite(arab["ci_low"])
    one = cell(prev, "Eastern European Group", CLIMATE)
    assert one["thin"] and "only 1 delegation; no interval" in one["warning"]
    assert np.isnan(one["ci_low"]) and one["share"] == 0.5


def test_a_group_without_delegation_speech_is_listed_not_dropped():
    s = make_sentences({"African Group": delegations("A", 1, 3, 5), "Arab Group": {}})
    prev = compare.prevalence(compare.units(s, themes=LABELLED), settings=FEW)
    arab = cell(prev, "Arab Group", CLIMATE)
    assert arab["n_units"] == 0 and np.isnan(arab["share"]) and arab["warning"] == "no delegation sentences"


def test_without_a_validation_sample_the_corrected_columns_are_empty():
    prev = compare.prevalence(units({"African Group": delegations("A", 1, 3, 5)}), settings=FEW)
    assert prev[["corrected_share", "corrected_ci_low", "corrected_ci_high"]].isna().all().all()
    assert prev["n_validated"].isna().all() and not prev["few_validated"].any()


def test_unknown_theme_ids_and_missing_columns_are_input_errors():
    s = make_sentences({"African Group": {"KEN": ["not_a_theme"]}})
    with pytest.raises(InputError, match="not_a_theme"):
        compare.units(s, themes=LABELLED)
    with pytest.raises(InputError, match="counted"):
        compare.units(s.drop(columns="counted"), themes=LABELLED)


def test_verbosity_says_how_evenly_each_groups_delegations_spoke():
    spec = {"African Group": delegations("A", 1, 10, 4) | {"A99": [""] * 60}}
    verb = compare.verbosity(units(spec)).iloc[0]
    assert verb["delegations"] == 5 and verb["sentences"] == 100
    assert verb["top_delegation_share"] == pytest.approx(0.6)
    assert verb["effective_delegations"] == pytest.approx(100**2 / (4 * 10**2 + 60**2))


# --------------------------------------------------------------------------- differences


def test_differences_declare_their_families_and_carry_intervals_and_detectable_sizes():
    spec = {
        "African Group": delegations("A", 6, 10, 8),  # climate in 60% of sentences
        "Arab Group": delegations("B", 1, 10, 8),  # and in 10%
        "Asia-Pacific Group": delegations("C", 6, 10, 8),
    }
    diff = compare.theme_differences(units(spec), FEW)
    assert diff.columns.tolist() == catalogue.table("theme_differences").column_names()
    assert len(diff) == 11 * (3 + 3) and set(diff["family"]) == {"vs_rest", "pairwise"}
    real = diff[
        (diff["group_a"] == "African Group") & (diff["group_b"] == "Arab Group") & (diff["theme"] == CLIMATE)
    ]
    real = real.iloc[0]
    assert real["family"] == "pairwise" and real["diff"] == pytest.approx(0.5)
    assert real["ci_low"] < 0.5 < real["ci_high"] and real["significant"]
    assert real["p_exact"] and real["n_relabellings"] == 12870  # 16 choose 8, enumerated
    null = diff[(diff["group_b"] == "Asia-Pacific Group") & (diff["group_a"] == "African Group")]
    null = null[null["theme"] == CLIMATE].iloc[0]
    assert null["diff"] == 0 and null["ci_low"] < 0 < null["ci_high"] and not null["significant"]
    assert null["mdd"] > 0 and null["mdd_family"] > null["mdd"]
    rest = diff[
        (diff["family"] == "vs_rest") & (diff["group_a"] == "Arab Group") & (diff["theme"] == CLIMATE)
    ]
    assert rest.iloc[0]["group_b"] == "rest" and rest.iloc[0]["share_b"] == pytest.approx(0.6)


def test_one_talkative_delegation_is_not_a_group_difference():
    # Every sentence of one delegation carries the theme: one delegation of six, not 200 sentences.
    africa = delegations("A", 0, 10, 5) | {"A99": [CLIMATE] * 200}
    spec = {"African Group": africa, "Arab Group": delegations("B", 0, 10, 6)}
    diff = compare.theme_differences(units(spec), FEW)
    row = diff[(diff["family"] == "pairwise") & (diff["theme"] == CLIMATE)].iloc[0]
    assert row["diff"] > 0.7 and not row["significant"] and row["ci_low"] < 0


# --------------------------------------------------------------------------- ranks and co-occurrence


def test_ranks_agreement_and_cooccurrence_come_with_intervals_and_labels():
    order = THEMES
    ranked = [t for k, t in enumerate(order) for _ in range(len(order) - k)] + [""] * 3
    spec = {g: {f"{g[:2]}{i}": list(ranked) for i in range(5)} for g in ("African Group", "Arab Group")}
    u = units(spec)
    ranks = compare.theme_ranks(u, FEW)
    assert ranks.columns.tolist() == catalogue.table("theme_ranks").column_names()
    first = cell(ranks, "African Group", CLIMATE)
    assert first["rank"] == 1 and first["rank_ci_low"] == first["rank_ci_high"] == 1 and first["p_top"] == 1
    agree = compare.rank_agreement(u, FEW).iloc[0]
    assert agree["tau"] == pytest.approx(1.0) and agree["ci_low"] == pytest.approx(1.0)
    co = compare.theme_cooccurrence(u, FEW)
    assert co.columns.tolist() == catalogue.table("cooccurrence").column_names()
    assert set(co["stratum"]) == {"African Group", "Arab Group", "within groups", "pooled (crude)"}
    assert co["theme_short_a"].iloc[0] == "Climate action"


# --------------------------------------------------------------------------- a validation sample


def sheet_file(tmp_path, rows, header=("text", "themes")):
    path = tmp_path / "sheet.tsv"
    path.write_text("\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def coded():
    """Two groups of ten delegations; the machine finds climate in 2 of 10 sentences of each."""
    spec = {g: delegations(g[:2], 2, 10, 10) for g in ("African Group", "Arab Group")}
    return units(spec)


def test_a_group_with_fewer_than_twenty_validated_sentences_is_flagged(coded, tmp_path):
    """19 validated sentences hold none or one of most themes: the corrected share is given, flagged."""
    few = coded.frame[coded.frame["group"] == "African Group"].head(19)
    enough = coded.frame[coded.frame["group"] == "Arab Group"].head(20)
    part = pd.concat([few, enough])
    rows = [(t, ";".join(m) or "none") for t, m in zip(part["text"], part["themes"], strict=True)]
    found = validation.load(sheet_file(tmp_path, rows), coded.frame, THEMES)
    prev = compare.prevalence(coded, found.human, FEW)
    af, ar = cell(prev, "African Group", CLIMATE), cell(prev, "Arab Group", CLIMATE)
    assert (af["n_validated"], af["few_validated"]) == (19, True) and af["corrected_share"] == 0.2
    assert (ar["n_validated"], ar["few_validated"]) == (20, False)


def test_a_validation_sheet_with_windows_line_ends_is_named_by_the_same_hash(coded, tmp_path):
    """The corrected figures print the sheet's hash: a CRLF copy of it (a Windows checkout) is the same
    sheet and must not change them; an LF sheet's hash is its file's sha256."""
    part = coded.frame.head(12)
    rows = [(t, ";".join(m) or "none") for t, m in zip(part["text"], part["themes"], strict=True)]
    path = sheet_file(tmp_path, rows)
    lf = validation.load(path, coded.frame, THEMES).record["sha256"]
    assert lf == hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert validation.load(path, coded.frame, THEMES).record["sha256"] == lf


def test_sheet_rows_are_found_by_text_or_id_and_the_rest_reported_by_line(coded, tmp_path):
    path = sheet_file(tmp_path, [
        ("", "  AF00  SAYS 0. ", CLIMATE),  # by text, whatever the case and spacing
        ("Ar/1/3", "", "none"),  # a sentence id that is not in the corpus, and no text
        ("s-Arab Group/2/5", "", "skills"),  # by id
        ("", "Nobody said this.", "none"),
        ("", "Af00 says 0.", "none"),  # the same sentence again
        ("", "Af00 says 1.", ""),  # not coded yet: left out, not an error
    ], header=("id", "text", "themes"))  # fmt: skip
    found = validation.load(path, coded.frame, THEMES)
    rec = found.record
    assert (rec["rows"], rec["coded_rows"], rec["matched_rows"]) == (6, 5, 2)
    assert rec["unmatched"] == [
        "line 3: Ar/1/3",
        "line 5: Nobody said this.",
        "line 6: the same sentence as line 2",
    ]
    assert rec["groups"] == {"African Group": 1, "Arab Group": 1}
    texts = coded.frame.loc[found.human.index, "text"].tolist()
    assert texts == ["Af00 says 0.", "Ar01 says 5."]
    assert found.human.loc[found.human.index[0], CLIMATE] and found.human.iloc[1][SKILLS]
    assert found.human.sum().sum() == 2


def test_a_sheet_older_than_the_sentences_is_matched_by_its_text_not_by_ids_reused_since(coded, tmp_path):
    """Re-cleaning after an edit renumbers sentences: the id a person coded may now name another counted
    sentence, which took their codes while the stage said every row matched."""
    path = sheet_file(tmp_path, [
        ("s-Arab Group/2/5", "Ar01 says 6.", "skills"),  # the sentence is now s-Arab Group/2/6
        ("s-Arab Group/2/7", "Ar01 says 99.", "none"),  # its sentence is gone
    ], header=("id", "text", "themes"))  # fmt: skip
    found = validation.load(path, coded.frame, THEMES)
    assert coded.frame.loc[found.human.index, "sentence_id"].tolist() == ["s-Arab Group/2/6"]
    assert found.human.iloc[0][SKILLS]
    [gone] = found.record["unmatched"]
    assert gone.startswith("line 3: s-Arab Group/2/7 is another sentence now") and "Ar01 says 99." in gone


def test_a_validated_sentence_whose_codes_people_replaced_is_refused(coded, tmp_path):
    """The same sheet given as --overrides and --validation: every validated sentence held the people's
    codes, so the coder agreed with them perfectly (kappa 1 everywhere) and no share was corrected."""
    frame = coded.frame.assign(overridden=coded.frame["sentence_id"].eq("s-Arab Group/2/6"))
    path = sheet_file(tmp_path, [("s-Arab Group/2/5", "", "skills"), ("s-Arab Group/2/6", "", "none")],
                      header=("id", "text", "themes"))  # fmt: skip
    with pytest.raises(InputError, match=r"sheet.tsv: 1 of its sentences carry people's codes from "
                       r"--overrides \(lines 3\): the coder's errors cannot be measured"):  # fmt: skip
        validation.load(path, frame, THEMES)
    assert validation.load(path, coded.frame, THEMES).record["matched_rows"] == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("", "Af00 says 0.", ""), ("", "Af00 says 1.", "")], "none of its 2 rows is coded yet"),
        ([("", "Nobody said this.", "none")], "none of its 1 coded rows is a counted sentence"),
    ],
)
def test_a_sheet_with_nothing_to_correct_with_is_one_line_naming_it(coded, tmp_path, rows, message):
    """The sheet `sample` had just written, not yet coded, crashed the compare stage with a traceback."""
    path = sheet_file(tmp_path, rows, header=("id", "text", "themes"))
    with pytest.raises(InputError, match=f"{path.name}: {message}"):
        validation.load(path, coded.frame, THEMES)


@pytest.mark.parametrize(("arab", "african"), [("Arab Group", "African Group"), ("Arab ", "africa")])
def test_a_repeated_text_is_taken_from_the_sheets_own_group_and_country(tmp_path, arab, african):
    """Whether the sheet writes the house names or the short ones the figures print (a short name was
    ignored, and a repeated sentence went to the wrong group)."""
    spec = {"African Group": {"EGY": [""], "KEN": [""]}, "Arab Group": {"EGY": [""]}}
    s = make_sentences(spec, noise=False)
    s["text"] = "We thank the President."
    u = compare.units(s, themes=LABELLED)
    path = sheet_file(tmp_path, [("We thank the President.", arab, "EGY", "none"),
                                 ("We thank the President.", african, "KEN", "none")],
                      header=("text", "group", "iso3", "themes"))  # fmt: skip
    found = validation.load(path, u.frame, THEMES)
    picked = u.frame.loc[found.human.index, ["group", "country"]].values.tolist()
    assert picked == [["African Group", "KEN"], ["Arab Group", "EGY"]]


def test_corrected_shares_follow_the_formula_and_are_wider(coded, tmp_path):
    # 30 African sentences validated: people code climate where the machine did (2 in 10) and in one
    # more sentence in ten, so the corrected share is 0.2 + (9 - 6) / 30 = 0.3.
    africa = coded.frame[coded.frame["group"] == "African Group"].head(30)
    machine = [list(t) for t in africa["themes"]]
    rows = [(t, CLIMATE if i % 10 == 2 else (";".join(m) or "none"))
            for i, (t, m) in enumerate(zip(africa["text"], machine, strict=True))]  # fmt: skip
    path = sheet_file(tmp_path, rows)
    found = validation.load(path, coded.frame, THEMES)
    prev = compare.prevalence(coded, found.human, FEW)
    af, ar = cell(prev, "African Group", CLIMATE), cell(prev, "Arab Group", CLIMATE)
    machine_in_sample = coded.matrix.loc[found.human.index, CLIMATE].mean()
    assert af["corrected_share"] == pytest.approx(0.2 + found.human[CLIMATE].mean() - machine_in_sample)
    assert af["corrected_share"] == pytest.approx(0.3) and af["n_validated"] == 30
    assert af["corrected_ci_low"] < 0.3 < af["corrected_ci_high"]
    assert np.isnan(ar["corrected_share"]) and ar["n_validated"] == 0  # no sample, no correction
    assert not af["few_validated"] and not ar["few_validated"]  # 30 sentences are enough; none, no flag
    diff = compare.corrected_differences(coded, found.human, FEW)
    assert diff.empty  # one group with a sample: nothing to compare it with
    agree = compare.validation_agreement(coded, found.human, FEW)
    assert agree.columns.tolist() == catalogue.table("validation_agreement").column_names()
    row = cell(agree, "African Group", CLIMATE)
    assert row["n"] == 30 and row["sensitivity"] == pytest.approx(6 / 9) and row["specificity"] == 1


def test_the_terms_for_discovery_are_found_under_the_bar_once_for_both_tables(tmp_path, monkeypatch):
    """Finding every word and phrase of the counted sentences is the compare stage's longest step before
    its tables (12 s over ten General Debate years): done before the bar, the stage said nothing all that
    time. It is done once, inside the first discovery table's step, and shared with the second."""
    from analysis.comparison import discover

    events = []

    def bar(items, desc, unit):
        events.append("bar")
        return items

    def occurrences(sentences, kind, *read):
        events.append(kind)
        return find(sentences, kind, *read)

    find = discover.occurrences
    monkeypatch.setattr(compare, "named_steps", bar)
    monkeypatch.setattr(discover, "occurrences", occurrences)
    s = make_sentences({g: delegations(g[:2], 2, 10, 10) for g in ("African Group", "Arab Group")})
    tables, _ = compare.compare_all(s, sentence_tables([])[1], None, FEW)
    assert events == ["bar", *discover.KINDS]
    assert {"distinctive_terms", "codebook_candidates"} <= set(tables)  # both made from the one finding


def test_the_stage_writes_every_table_the_catalogue_lists_showing_its_progress(coded, tmp_path, monkeypatch):
    shown = []

    def bar(items, desc, unit):
        shown.append((desc, unit, list(items)))
        return items

    monkeypatch.setattr(compare, "named_steps", bar)
    s = make_sentences({g: delegations(g[:2], 2, 10, 10) for g in ("African Group", "Arab Group")})
    frame = compare.units(s).frame
    rows = [(t, "none") for t in frame["text"][::7]]
    tables, record = compare.compare_all(s, sentence_tables([])[1], sheet_file(tmp_path, rows), FEW)
    names = [n for n in catalogue.stage_outputs("compare") if n in catalogue.TABLES]
    assert sorted(tables) == sorted(names)
    [(desc, unit, steps)] = shown  # one bar over every table, the differences (run beside the rest) last
    assert (desc, unit, sorted(steps)) == ("comparing", "table", sorted(names))
    assert steps[-1] == "theme_differences"
    for name, df in tables.items():
        catalogue.conform(name, df)
    assert record["matched_rows"] == len(rows) and not tables["corrected_differences"].empty
    assert tables["validation_agreement"]["differential_p"].notna().any()


def test_the_stage_bar_names_the_table_in_the_making(monkeypatch, capsys):
    """A compare table can take many seconds (the distinctive terms of ten General Debate years: 9-17 s);
    the bar said only how many were done, so it looked stuck on the one before. It names each as it
    starts, the differences (waited for last) too."""
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    s = make_sentences({g: delegations(g[:2], 2, 10, 10) for g in ("African Group", "Arab Group")})
    compare.compare_all(s, sentence_tables([])[1], None, FEW)
    drawn = capsys.readouterr().err.split("\r")
    assert any("comparing" in d and "7/11" in d and "distinctive_terms" in d for d in drawn)
    assert any("10/11" in d and "theme_differences" in d for d in drawn)


# --------------------------------------------------------------------------- drawing a sample


def test_a_sample_draws_n_sentences_per_group_seeded_and_interleaved(tmp_path):
    s = make_sentences(
        {"African Group": delegations("A", 1, 10, 10), "Arab Group": delegations("B", 1, 2, 3)}
    )
    sheet = validation.draw(s, 20)
    assert sheet.columns.tolist() == ["id", "group", "country", "text", "themes"]
    assert sheet["group"].value_counts().to_dict() == {
        "African Group": 20,
        "Arab Group": 6,
    }  # all 6 of the Arab
    assert (sheet["themes"] == "").all() and sheet["id"].is_unique
    counted = s[s["counted"]].set_index("sentence_id")
    assert (counted.loc[sheet["id"], "text"].to_numpy() == sheet["text"].to_numpy()).all()
    assert sheet["group"].head(10).nunique() == 2  # groups interleave
    pd.testing.assert_frame_equal(sheet, validation.draw(s, 20))  # seeded
    path = sheets.write_sheet(sheet, tmp_path / "sheet.tsv")
    back = sheets.read_sheet(path, THEMES)
    assert back["id"].tolist() == sheet["id"].tolist() and not back["coded"].any()


def test_a_sample_never_draws_a_sentence_people_coded_by_overrides(tmp_path):
    """Drawn, it would be refused once coded (the coder's errors cannot be measured on it): hours lost."""
    s = make_sentences({"African Group": delegations("A", 1, 2, 3), "Arab Group": delegations("B", 1, 2, 3)})
    s["overridden"] = s["sentence_id"].str.startswith("s-African Group/1/")  # A00's two counted sentences
    sheet = validation.draw(s, 20)
    assert sheet["group"].value_counts().to_dict() == {"African Group": 4, "Arab Group": 6}
    assert not sheet["id"].str.startswith("s-African Group/1/").any()


def test_sessions_without_a_counted_sentence_give_no_sample_and_say_why_not_to_run_themes_again():
    """`sample` reads sentences.parquet, so the code stage has run: its advice was to run `themes` first,
    which gives the same sentences again. Where only the chair spoke, or people's codes replaced every
    counted sentence, the error says that."""
    s = make_sentences({"African Group": delegations("A", 1, 2, 3)})
    chair_only = s.assign(counted=False)
    with pytest.raises(InputError) as err:
        validation.draw(chair_only, 20)
    assert "no delegation's sentence counts in these sessions" in str(err.value)
    assert "run `python -m analysis themes` first" not in str(err.value)
    with pytest.raises(InputError, match=r"every counted sentence took people's codes \(--overrides\)"):
        validation.draw(s.assign(overridden=True), 20)


@pytest.mark.parametrize("n", [0, -5])
def test_a_sample_of_fewer_than_one_sentence_per_group_is_refused(n):
    s = make_sentences({"African Group": delegations("A", 1, 2, 3)})
    with pytest.raises(InputError, match=rf"--n must be at least 1 \(got {n}\)"):
        validation.draw(s, n)


def test_a_sample_is_never_written_into_the_raw_folder(tmp_path, monkeypatch):
    from analysis import io

    s = make_sentences({"African Group": delegations("A", 1, 3, 2)})
    for file, data in catalogue.encode("sentences", s).items():
        io.atomic_write_bytes(tmp_path / "processed" / file, data)
    monkeypatch.setattr(io, "RAW_DIR", tmp_path / "raw")
    with pytest.raises(InputError, match="raw data folder is read-only"):
        validation.write_sample(tmp_path / "processed", 2, tmp_path / "raw" / "sheet.tsv")
    assert "2 counted sentences" in validation.write_sample(tmp_path / "processed", 2, tmp_path / "sheet.tsv")


def test_the_stage_leaves_the_objects_made_before_it_out_of_its_full_collections(monkeypatch):
    """Every full collection during the compare stage walked the whole heap made before it (libraries,
    modules, the caller's tables: none of it garbage the tables make), holding the GIL, so the permutation
    threads waited too. Those objects are frozen for the stage and handed back to the collector after it;
    a caller's own freeze is left as it was."""
    import gc

    seen = []
    real = compare.verbosity
    monkeypatch.setattr(compare, "verbosity", lambda u: seen.append(gc.get_freeze_count()) or real(u))
    s = make_sentences({g: delegations(g[:2], 2, 10, 10) for g in ("African Group", "Arab Group")})
    assert gc.get_freeze_count() == 0
    before = compare.compare_all(s, sentence_tables([])[1], None, FEW)[0]
    assert seen[0] > 1000 and gc.get_freeze_count() == 0  # frozen inside, all handed back after
    gc.freeze()  # a caller that froze its own objects (as the parse worker does) keeps them frozen
    try:
        again = compare.compare_all(s, sentence_tables([])[1], None, FEW)[0]
        assert seen[1] > 1000 and gc.get_freeze_count() > 1000  # not handed back by the stage
    finally:
        gc.unfreeze()
    for name, table in before.items():
        pd.testing.assert_frame_equal(again[name], table)
