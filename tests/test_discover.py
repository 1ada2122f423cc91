"""Distinctive terms and codebook candidates, on small hand-made sentence tables."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analysis.coding import compounds
from analysis.comparison import discover
from analysis.errors import InputError
from helpers import sentence_tables

AFR, LAT, ARAB = "African Group", "Latin American and Caribbean Group", "Arab Group"


def sentences(rows) -> pd.DataFrame:
    """rows: (group, country, lemmas 'a b', noun phrases 'a b|c d', themes[, counted[, text]]) -> a sentences
    table, with the lemmas and phrases of a text that has a compound mended as the code stage mends them
    (`compounds.mend`)."""
    out = []
    for i, r in enumerate(rows):
        group, country, lemmas, phrases, themes = r[:5]
        counted = r[5] if len(r) > 5 else True
        text = r[6] if len(r) > 6 else f"Sentence {i} about {lemmas}."
        words, phrases = compounds.mend(
            text, (lemmas or "").split(), [p for p in (phrases or "").split("|") if p.strip()]
        )
        out.append({
            "session_id": f"s-{country}", "group": group, "turn": i, "sentence": 0,
            "speaker": "", "country": country, "role": "member_state" if counted else "chair",
            "procedural": False, "counted": counted, "text": text, "n_words": len(str(text).split()),
            "lemmas": words, "noun_phrases": phrases,
            "themes": themes, "source": f"{country}.txt:{i + 1}",
        })  # fmt: skip
    return sentence_tables(out)[0]


# ---------------------------------------------------------------- log-odds


def test_log_odds_matches_the_hand_computed_example():
    # a = (x 3, y 1, z 0), n_a = 4; b = (x 1, y 2, z 3), n_b = 6; alpha_w = 1, alpha_0 = 3.
    # delta_x = log(4 / (4+3-3-1)) - log(2 / (6+3-1-1)) = log(4/3) - log(2/7) = log(14/3)
    # delta_y = log(2/5) - log(3/6) = log(4/5);  delta_z = log(1/6) - log(4/5) = log(5/24)
    # var_x = 1/4 + 1/2, var_y = 1/2 + 1/3, var_z = 1/1 + 1/4
    a = pd.Series({"x": 3, "y": 1})  # z missing on purpose: a zero count
    b = pd.Series({"z": 3, "x": 1, "y": 2})
    res = discover.log_odds_dirichlet(a, b, pd.Series({"x": 1.0, "y": 1.0, "z": 1.0}))
    assert list(res.index) == ["x", "y", "z"]
    expected_delta = [math.log(14 / 3), math.log(4 / 5), math.log(5 / 24)]
    expected_var = [3 / 4, 5 / 6, 5 / 4]
    np.testing.assert_allclose(res["log_odds"], expected_delta, rtol=1e-12)
    np.testing.assert_allclose(res["variance"], expected_var, rtol=1e-12)
    np.testing.assert_allclose(res["z"], [1.7787527181, -0.2444415132, -1.4030127292], rtol=1e-9)
    # A flat prior given as one number is the same prior.
    flat = discover.log_odds_dirichlet(a, b, 1.0)
    np.testing.assert_allclose(flat["z"], res["z"])


def test_log_odds_is_antisymmetric_and_shrinks_with_a_stronger_prior():
    a = pd.Series({"x": 30, "y": 5, "z": 1})
    b = pd.Series({"x": 10, "y": 12, "z": 9})
    prior = discover.dirichlet_prior(a + b, strength=10)
    ab = discover.log_odds_dirichlet(a, b, prior)
    ba = discover.log_odds_dirichlet(b, a, prior)
    np.testing.assert_allclose(ab["log_odds"], -ba["log_odds"])
    strong = discover.log_odds_dirichlet(a, b, discover.dirichlet_prior(a + b, strength=1000))
    assert (strong["log_odds"].abs() < ab["log_odds"].abs()).all()


def test_log_odds_refuses_a_prior_that_misses_a_term():
    with pytest.raises(ValueError):
        discover.log_odds_dirichlet(pd.Series({"x": 1}), pd.Series({"y": 1}), pd.Series({"x": 1.0}))


@pytest.mark.parametrize(
    ("counts", "strength"), [({"x": 3, "y": 1}, 0), ({"x": 3, "y": 1}, -5), ({"x": 0}, 10)]
)
def test_a_prior_without_positive_counts_or_strength_is_refused(counts, strength):
    with pytest.raises(ValueError, match="positive counts and a positive strength"):
        discover.dirichlet_prior(pd.Series(counts), strength)


# ---------------------------------------------------------------- filtering and counting

MESSY = [
    # Kenya speaks of itself, of numbers and of the floor; those must not become "themes".
    (
        AFR,
        "KEN",
        "thank president kenya kenyan 2030 76th ai industrialization",
        "kenyan people|african union",
        "",
    ),
    (
        AFR,
        "KEN",
        "Kenyans  industrialization   nigeria's",
        "green  hydrogen| sri lanka |",
        "economic_development",
    ),
    (AFR, "NGA", "industrialization distinguished delegate", "african union|agenda 2063", ""),
    (AFR, "NGA", None, None, ""),  # a sentence with no content words
    (LAT, "BRA", "blockade migrant excellency", "economic blockade|costa rica", ""),
    # The chair is not a delegation: its words never count.
    (LAT, None, "blockade blockade blockade chair", "economic blockade", "", False),
]


def test_term_counts_keep_content_and_drop_names_numbers_and_courtesies():
    words = discover.term_counts(sentences(MESSY), kind="word")
    assert list(words.index) == [AFR, LAT]
    assert set(words.columns) == {"industrialization", "blockade", "migrant"}
    assert words.loc[AFR, "industrialization"] == 3
    assert words.loc[LAT, "blockade"] == 1  # the chair's three are not counted


def test_phrases_with_a_country_name_or_demonym_are_dropped():
    phrases = discover.term_counts(sentences(MESSY), kind="phrase")
    # gone: "kenyan people", " sri lanka ", "costa rica", the empty piece after a trailing "|"
    assert set(phrases.columns) == {"african union", "agenda 2063", "green hydrogen", "economic blockade"}
    assert phrases.loc[AFR, "african union"] == 2
    assert phrases.loc[AFR, "green hydrogen"] == 1  # doubled space inside the phrase mended


def test_keep_term_rules():
    stop = discover.stoplist()
    assert discover.keep_term("agenda 2063", "phrase", stop)
    assert not discover.keep_term("2030", "word", stop)
    assert not discover.keep_term("1990s", "word", stop)
    assert not discover.keep_term("ai", "word", stop)
    assert discover.keep_term("covid-19", "word", stop)
    for name in ("kenya", "kenyans", "türkiye", "lanka", "emirati", "philippines"):
        assert not discover.keep_term(name, "word", stop), name
    for phrase in ("united states", "new zealand government", "kenyan people", "democratic republic"):
        assert not discover.keep_term(phrase, "phrase", stop), phrase
    # dates and ordinals are no theme: months ("july", 2022-2023 General Debate) and Roman numerals
    # ("iii", "vii": the chapters and resolutions named), while words of those letters stay
    for date in ("july", "september", "iii", "vii", "viii", "xxi", "xviii"):
        assert not discover.keep_term(date, "word", stop), date
    assert discover.keep_term("chapter vii", "phrase", stop)  # as "agenda 2063": a number in a name
    for word in ("mix", "civil", "vivid", "mayor"):
        assert discover.keep_term(word, "word", stop), word
    # ...but words that merely occur in country names stay ("new", "united", "south", "republic")
    for phrase in ("new technology", "united effort", "south cooperation", "republic day"):
        assert discover.keep_term(phrase, "phrase", stop), phrase
    # Regions and causes stay: an analyst wants them.
    for phrase in (
        "african union",
        "latin american region",
        "european union",
        "indian ocean",
        "small island",
    ):
        assert discover.keep_term(phrase, "phrase", stop), phrase


def test_the_stoplist_file_format(tmp_path):
    f = tmp_path / "stop.txt"
    f.write_text("# comment\nfoo  # trailing comment\nbar baz\n!keep me\n\n", encoding="utf-8")
    stop = discover.read_stoplist(f, extra_names=["Keep me", "Qux"])
    assert stop.words == {"foo", "qux"}
    assert stop.phrases == {("bar", "baz")}
    assert stop.drops_phrase(("big", "bar", "baz")) and not stop.drops_phrase(("keep", "me"))
    with pytest.raises(InputError):
        discover.read_stoplist(tmp_path / "missing.txt")


# ---------------------------------------------------------------- distinctive terms


def corpus():
    """Two groups of three delegations; each group has shared terms and one delegation's pet term."""
    rows = []
    for c in ("KEN", "NGA", "GHA"):
        rows += [(AFR, c, "continent industrialization youth", "african union|free trade area", "")] * 3
    rows += [(AFR, "KEN", "hydrogen hydrogen", "green hydrogen", "")] * 6  # Kenya alone
    for c in ("BRA", "MEX", "CUB"):
        rows += [(LAT, c, "blockade migrant youth", "unilateral coercive measure|free trade area", "")] * 3
    rows += [(LAT, "MEX", "fentanyl", "illicit drug", "")] * 2  # too rare
    # Two Arab delegations: in so small a group one delegation's term may still count.
    rows += [(ARAB, "EGY", "nile water dam", "water security", "")] * 6
    rows += [(ARAB, "JOR", "refugee", "refugee crisis", "")] * 3
    return sentences(rows)


def test_distinctive_terms_are_those_of_the_group_used_by_several_delegations():
    res = discover.distinctive_terms(corpus(), top=5, min_count=3)
    afr = res[(res["group"] == AFR) & (res["kind"] == "word")]
    assert afr["term"].tolist()[:2] == ["continent", "industrialization"]  # tie in z: by term
    assert "hydrogen" not in set(res["term"])  # one delegation only, in a group of three
    assert "green hydrogen" not in set(res["term"])
    lat = res[(res["group"] == LAT) & (res["kind"] == "phrase")]
    assert lat["term"].iloc[0] == "unilateral coercive measure"
    assert "illicit drug" not in set(res["term"])  # under min_count
    # a phrase both groups use alike is distinctive of neither ...
    assert "free trade area" not in set(res["term"])
    # ... and, with no floor on z, ranks below each group's own
    loose = discover.distinctive_terms(corpus(), top=5, min_count=3, min_z=-math.inf)
    for group, own in ((AFR, "african union"), (LAT, "unilateral coercive measure")):
        rank = loose[(loose["group"] == group) & (loose["kind"] == "phrase")].set_index("term")["rank"]
        assert rank["free trade area"] > rank[own]
    arab = res[res["group"] == ARAB]
    assert "nile" in set(arab["term"])  # two delegations in the group: one suffices
    assert "refugee crisis" in set(arab["term"])  # said min_count (3) times: at least min_count is enough
    row = res[(res["group"] == AFR) & (res["term"] == "african union")].iloc[0]
    assert (row["count"], row["count_rest"], row["n_delegations"], row["rank"]) == (9, 0, 3, 1)
    assert (res["z"] > 0).all()


def test_sentences_the_codebook_vetoes_on_purpose_are_no_groups_vocabulary_either():
    # The candidates leave out what the procedural veto keeps uncoded; distinctive terms counted it, so the
    # congratulations on an election read as a group's priority. One definition of the sentences discovery
    # reads serves both tables.
    congratulations = "I congratulate you on your election as President, Sir, and thank the youth."
    vetoed = [
        (AFR, c, "congratulate election youth", "your election", "", True, congratulations)
        for c in ("KEN", "NGA", "GHA")
    ] * 3
    table = pd.concat([corpus(), sentences(vetoed)], ignore_index=True)
    before = discover.distinctive_terms(table, top=5, min_count=3)
    assert "election" in set(before[before["group"] == AFR]["term"])  # what the table showed
    table.loc[table["text"] == congratulations, "vetoed_by"] = "congratulate you"
    res = discover.distinctive_terms(table, top=5, min_count=3)
    assert not {"election", "congratulate", "your election"} & set(res["term"])
    # every count is as without the vetoed sentences: "youth" is Africa's 9 uses, not 18
    pd.testing.assert_frame_equal(res, discover.distinctive_terms(corpus(), top=5, min_count=3))
    # a vetoed sentence people coded (an override) is read like any other, as the candidates read it
    coded = table.assign(themes=[["governance"] if t == congratulations else [] for t in table["text"]])
    assert "election" in set(discover.distinctive_terms(coded, top=5, min_count=3)["term"])


def test_the_terms_both_discovery_tables_share_leave_out_the_vetoed_sentences_once():
    # The compare stage finds the terms once for both tables (`found`); read in advance, neither table holds
    # a filtered copy of them (on ten General Debate years a copy of 1.7 million words), and both tables
    # are what they are when each finds its own terms.
    congratulations = "I congratulate you on your election as President, Sir, and thank the youth."
    vetoed = [
        (AFR, c, "congratulate election youth", "your election", "", True, congratulations) for c in "KNG"
    ]
    table = pd.concat([corpus(), sentences(vetoed)], ignore_index=True)
    table["vetoed_by"] = np.where(table["text"] == congratulations, "congratulate you", "")
    found = discover.read_occurrences(table)
    assert set(found) == set(discover.KINDS)
    assert "election" not in set(found["word"]["term"]) and "your election" not in set(
        found["phrase"]["term"]
    )
    assert len(found["word"]) < len(discover.occurrences(table, "word"))
    for make in (discover.distinctive_terms, discover.codebook_candidates):
        pd.testing.assert_frame_equal(make(table, min_count=2, found=found), make(table, min_count=2))


def test_a_table_made_before_vetoes_were_recorded_is_read_as_vetoing_nothing():
    """A sentences table without `vetoed_by` (coded before that column existed): every counted one is read."""
    table = corpus()
    table["vetoed_by"] = ""
    old = table.drop(columns="vetoed_by")
    assert discover.read_by_discovery(old).all()
    pd.testing.assert_frame_equal(
        discover.distinctive_terms(old, min_count=2), discover.distinctive_terms(table, min_count=2)
    )


def test_occurrences_read_in_place_keep_the_rows_of_the_counted_sentences_and_of_the_read_mask():
    # The lists are read where they lie in the table (a copy of the counted rows' lemmas was 110 MB at once
    # over ten General Debate years): `row` is still a sentence's place among the counted ones, across the
    # Arrow chunks a parquet file's row groups give, with the chair's sentences between.
    rows = [
        (AFR, "KEN", "climate finance", "climate finance", [], True, "Climate finance now."),
        (AFR, "KEN", "climate chair", "", [], False, "The chair speaks of climate."),
        (LAT, "BRA", "forest finance forest", "forest finance", [], True, "Forest finance, forest."),
        (ARAB, "EGY", "water", "", [], True, "Water."),
    ]
    table = sentences(rows)
    word = discover.occurrences(table, "word")
    assert word[["row", "country", "term"]].values.tolist() == [
        [0, "KEN", "climate"], [0, "KEN", "finance"], [1, "BRA", "forest"], [1, "BRA", "finance"],
        [1, "BRA", "forest"], [2, "EGY", "water"],
    ]  # fmt: skip
    chunked = pd.concat([table.iloc[:2], table.iloc[2:]], ignore_index=True)
    chunked["lemmas"] = pd.array(
        pa.chunked_array(
            [pa.array(table["lemmas"].iloc[:2].tolist()), pa.array(table["lemmas"].iloc[2:].tolist())]
        ),
        dtype=pd.ArrowDtype(pa.list_(pa.string())),
    )
    pd.testing.assert_frame_equal(discover.occurrences(chunked, "word"), word)
    read = np.array([True, False, True])  # the second counted sentence left out (a vetoed one)
    pd.testing.assert_frame_equal(
        discover.occurrences(table, "word", read), word[word["row"] != 1].reset_index(drop=True)
    )


def test_a_candidates_example_is_found_by_its_place_among_the_counted_sentences():
    # Only the chosen examples' texts and sources are read from the table (not copied with every counted
    # row): the chair's sentences before them, outside every count, must not shift which one is shown.
    chair = [(AFR, "KEN", "nuclear disarmament", "nuclear disarmament", "", False, "The chair: disarmament.")]
    table = pd.concat([sentences(chair * 3), candidates_corpus()], ignore_index=True)
    top = discover.codebook_candidates(table, min_count=3).set_index("term").loc["nuclear disarmament"]
    assert top["example"].startswith("Ghana supports nuclear disarmament")
    assert top["example_source"].startswith("GHA.txt:") and top["n_uncoded"] == 10


def test_distinctive_terms_columns_and_order():
    res = discover.distinctive_terms(corpus(), top=3, min_count=3)
    assert list(res.columns) == discover.DISTINCTIVE_COLUMNS
    assert list(dict.fromkeys(res["group"])) == [AFR, LAT, ARAB]  # house order, not alphabetical
    for _, cell in res.groupby(["group", "kind"]):
        assert cell["rank"].tolist() == list(range(1, len(cell) + 1))
        assert cell["z"].is_monotonic_decreasing


def test_distinctive_terms_are_the_same_twice_and_whatever_the_row_order():
    df = corpus()
    first = discover.distinctive_terms(df, min_count=2)
    again = discover.distinctive_terms(df, min_count=2)
    shuffled = discover.distinctive_terms(df.sample(frac=1, random_state=7), min_count=2)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, shuffled)


def test_one_group_has_nothing_to_be_distinctive_against():
    one = corpus().query("group == @AFR")
    res = discover.distinctive_terms(one)
    assert res.empty and list(res.columns) == discover.DISTINCTIVE_COLUMNS


def test_a_table_without_the_needed_columns_is_an_input_error():
    with pytest.raises(InputError, match="lemmas"):
        discover.term_counts(corpus().drop(columns="lemmas"))


# ---------------------------------------------------------------- codebook candidates


def candidates_corpus():
    long = "We call for nuclear disarmament now and for a world free of such arms, said the speaker today."
    rows = []
    # Uncoded talk about disarmament by four delegations in two groups.
    for g, c in ((AFR, "KEN"), (AFR, "NGA"), (LAT, "BRA"), (LAT, "MEX")):
        rows += [(g, c, "nuclear disarmament weapon", "nuclear disarmament", "", True, long)] * 2
    rows.append((LAT, "CUB", "nuclear disarmament", "nuclear disarmament", "", True, "Nuclear disarmament."))
    rows.append(
        (
            AFR,
            "GHA",
            "nuclear disarmament treaty",
            "nuclear disarmament",
            "",
            True,
            "Ghana supports nuclear disarmament under the treaty and its review conference this year.",
        )
    )
    # A coded subject: never a candidate.
    for g, c in ((AFR, "KEN"), (LAT, "BRA"), (LAT, "CUB")):
        rows += [(g, c, "digital divide bridge", "digital divide", "inclusion")] * 3
    # One delegation's uncoded hobby horse, however often.
    rows += [(AFR, "KEN", "marathon", "marathon runner", "")] * 8
    # Uncoded, but only one group uses it.
    for c in ("KEN", "NGA", "GHA"):
        rows += [(AFR, c, "coup", "unconstitutional change", "")] * 2
    return sentences(rows)


def test_codebook_candidates_are_uncoded_widely_used_terms():
    res = discover.codebook_candidates(candidates_corpus(), min_count=3)
    assert list(res.columns) == discover.CANDIDATE_COLUMNS
    phrases = res[res["kind"] == "phrase"].set_index("term")
    assert phrases.index[0] == "nuclear disarmament"
    top = phrases.loc["nuclear disarmament"]
    assert (top["n_uncoded"], top["n_coded"], top["n_delegations"], top["n_groups"]) == (10, 0, 6, 2)
    # the example is the shortest sentence of 12-40 words, not the two-word fragment
    assert top["example"].startswith("Ghana supports nuclear disarmament")
    assert top["example_source"].startswith("GHA.txt:")
    assert "digital divide" not in phrases.index  # coded
    assert "marathon runner" not in phrases.index  # one delegation
    assert "unconstitutional change" not in phrases.index  # one group
    words = res[res["kind"] == "word"]
    assert {"nuclear", "disarmament"} <= set(words["term"]) and "bridge" not in set(words["term"])
    assert list(dict.fromkeys(res["kind"])) == ["phrase", "word"]


def test_sentences_the_codebook_vetoes_on_purpose_are_no_candidates():
    # Congratulations on the President's election are uncoded because the codebook's procedural veto
    # says so, not because no rule knows their words: "election" is no theme the codebook misses.
    congratulations = "I congratulate you on your election as President of the General Assembly today, Sir."
    rows = [
        (g, c, "election president disarmament", "your election", "", True, congratulations)
        for g, c in ((AFR, "KEN"), (AFR, "NGA"), (LAT, "BRA"), (LAT, "MEX"), (LAT, "CUB"))
    ] * 2
    corpus = pd.concat([candidates_corpus(), sentences(rows)], ignore_index=True)
    unvetoed = discover.codebook_candidates(corpus, min_count=3)
    assert {"election", "your election"} <= set(unvetoed["term"])  # what the table showed before
    corpus["vetoed_by"] = ""
    corpus.loc[corpus["text"] == congratulations, "vetoed_by"] = "congratulate you"
    res = discover.codebook_candidates(corpus, min_count=3)
    assert not {"election", "president", "your election"} & set(res["term"])
    # the other candidates and their counts are as without the vetoed sentences
    pd.testing.assert_frame_equal(res, discover.codebook_candidates(candidates_corpus(), min_count=3))
    # a vetoed sentence that people coded (an override) is a coded sentence like any other
    coded = sentences([(*r[:4], "governance", *r[5:]) for r in rows])
    people = pd.concat([candidates_corpus(), coded], ignore_index=True).assign(vetoed_by=corpus["vetoed_by"])
    words = discover.codebook_candidates(people, min_count=3).query("kind == 'word'").set_index("term")
    assert words.loc["disarmament", "n_coded"] == 10


def test_codebook_candidates_need_both_coded_and_uncoded_sentences():
    corpus = candidates_corpus()
    coded_only = corpus.assign(themes=[["inclusion"]] * len(corpus))
    assert discover.codebook_candidates(coded_only).empty


def test_codebook_candidates_are_deterministic():
    df = candidates_corpus()
    pd.testing.assert_frame_equal(
        discover.codebook_candidates(df, min_count=3),
        discover.codebook_candidates(df.iloc[::-1], min_count=3),
    )


def test_a_term_only_slightly_more_frequent_in_a_group_is_not_called_distinctive():
    # "trade" is used a bit more by Africa (6 of 12 sentences) than by GRULAC (5 of 12): z is well
    # below 1.96. "mining" is Africa's alone and used often: distinctive.
    rows = []
    for i in range(12):
        afr_lemmas = ("trade " if i < 6 else "") + ("mining" if i < 10 else "peace")
        lat_lemmas = ("trade " if i < 5 else "") + "peace"
        rows.append((AFR, ["KEN", "GHA", "NGA"][i % 3], afr_lemmas, "", ""))
        rows.append((LAT, ["PER", "CHL", "BRA"][i % 3], lat_lemmas, "", ""))
    terms = discover.distinctive_terms(sentences(rows), min_count=3)
    africa = terms[(terms["group"] == AFR) & (terms["kind"] == "word")]
    assert "mining" in set(africa["term"])
    assert "trade" not in set(africa["term"])
    assert (terms["z"] >= 1.96).all()
    lenient = discover.distinctive_terms(sentences(rows), min_count=3, min_z=0)
    assert "trade" in set(lenient.loc[lenient["group"] == AFR, "term"])


# ---------------------------------------------------------------- hyphenated compounds

# As spaCy leaves them: "start-ups" -> start, -, ups (lemmas "start", "up"); "start-up" -> "start" ("up" is a
# stop word); a noun phrase stops at the hyphen ("South-South cooperation" -> "south cooperation").
HYPHENS = [
    (ARAB, "TUN", "start scene support start act label start up", "",
     "", True, "A dynamic start-up scene supported by our Start-up Act has labelled a thousand start-ups."),
    (ARAB, "MAR", "stress south south cooperation", "south cooperation",
     "", True, "Morocco wishes to stress South-South cooperation."),
    (ARAB, "JOR", "start start up", "",
     "", True, "We start  with  start-ups."),  # "start" free-standing too: it stays
    (AFR, "KEN", "e commerce platform small scale farmer transfer know", "commerce platform|scale farmer",
     "", True, "E-commerce platforms for small‑scale farmers, and transfer of know-how."),  # non-breaking ‑
    (AFR, "GHA", "cross border e commerce country water scarce", "border e|most water|scarce country",
     "", True, "Cross-border e-commerce helps the most water-scarce countries."),
    (AFR, "NGA", "forty seven county vice president", "",
     "", True, "In all forty-seven counties, said the Vice-President, and COVID-19 too."),
]  # fmt: skip


def test_hyphenated_compounds_are_one_term_not_their_parts():
    words = discover.term_counts(sentences(HYPHENS), kind="word")
    assert words.loc[ARAB, "start-up"] == 4  # "start-ups" made singular, as its lemma "up" says
    assert words.loc[ARAB, "start"] == 1  # "We start": the one free-standing use
    assert words.loc[ARAB, "south-south"] == 1
    assert words.loc[AFR, "e-commerce"] == 2
    for term in ("small-scale", "know-how", "cross-border", "water-scarce"):
        assert words.loc[AFR, term] == 1, term
    assert words.loc[AFR, "transfer"] == 1
    for part in ("up", "south", "commerce", "scale", "know", "border", "scarce", "seven"):
        assert part not in words.columns, part
    # spelled numbers and stopped words stay out, whole or as a part
    assert not {"forty-seven", "forty", "vice-president", "vice", "president"} & set(words.columns)
    assert words.loc[AFR, "county"] == 1


def test_noun_phrases_cut_at_a_hyphen_are_made_whole():
    phrases = discover.term_counts(sentences(HYPHENS), kind="phrase")
    assert set(phrases.columns) == {
        "south-south cooperation",
        "e-commerce platform",
        "small-scale farmer",
        "cross-border e-commerce",
        "most water-scarce country",  # one phrase the hyphen had cut in two
    }


def test_merge_compounds_leaves_a_sentence_without_a_compound_alone():
    assert compounds.merge_compounds("A well known point.", ["know", "point"], ["known point"]) == (
        ["know", "point"],
        ["known point"],
    )
    # a phrase not found in the text is kept as it was
    assert compounds.merge_compounds("Start-ups, he said.", ["start", "up"], ["odd phrase"]) == (
        ["start-up"],
        ["odd phrase"],
    )


def test_a_compound_is_one_term_whichever_hyphen_joins_it():
    """The hyphen U+2010 as well as hyphen-minus and the non-breaking U+2011 (word processors write it)."""
    assert compounds.merge_compounds(
        "South\u2010South cooperation.", ["south", "south", "cooperation"], ["south cooperation"]
    ) == (["cooperation", "south-south"], ["south-south cooperation"])


def test_a_compound_takes_the_lemmas_of_its_plural_and_past_tense_parts():
    """ "industries" is the plural of "industry", "businesses" of "business"; "owned" and "centred" are the
    past tenses of "own" and "centre": those lemmas are the compounds', not words of their own."""
    text = "Agro-industries, e-businesses and state-owned, people-centred firms."
    lemmas = ["agro", "industry", "e", "business", "state", "own", "people", "centre", "firm"]
    words, _ = compounds.merge_compounds(text, lemmas, [])
    assert words == ["firm", "agro-industry", "e-business", "state-owned", "people-centred"]


def test_a_compound_leaves_the_lemma_of_a_free_standing_word_alone():
    """The free-standing "Industries" and "businesses" own the one "industry" and "business" the lemmas hold
    (spaCy gave the compounds' parts none): the compounds take only "agro" and "e"."""
    text = "Industries and agro-industries; businesses and e-businesses."
    words, _ = compounds.merge_compounds(text, ["industry", "agro", "business", "e"], [])
    assert words == ["industry", "business", "agro-industry", "e-business"]


def test_a_compound_takes_its_parts_own_lemma_before_a_shorter_one():
    """ "goods" takes the lemma "goods", leaving "good" to "good-will"."""
    words, _ = compounds.merge_compounds(
        "Consumer-goods and good-will.", ["consumer", "goods", "good", "will"], []
    )
    assert words == ["consumer-good", "good-will"]


def test_a_hyphenated_chain_with_a_number_in_it_is_no_compound():
    """ "Non-G20" and "3-D-printed" are left to the tokenizer: no part of them is a compound."""
    lemmas = ["non", "g20", "member", "use", "d", "print", "part"]
    assert compounds.merge_compounds("Non-G20 members use 3-D-printed parts.", lemmas, []) == (lemmas, [])


def test_a_phrase_is_widened_where_its_words_stand_with_codes_stems_and_repeats():
    # a code of letters and digits is a word of the text ("G20"), found in the phrase
    assert compounds.merge_compounds("G20 start-ups grow.", ["g20", "start", "up", "grow"], ["g20 start"])[
        1
    ] == ["g20 start-up"]
    # the phrase's lemma "make" is found in the text's "making" (a shared stem)
    phrases = compounds.merge_compounds(
        "Decision-making processes.", ["decision", "make", "process"], ["make process"]
    )[1]
    assert phrases == ["decision-making process"]
    # the same phrase twice: each is found after the one before, so only the second is widened
    text = "Border controls and cross-border controls."
    lemmas = ["border", "control", "cross", "border", "control"]
    phrases = compounds.merge_compounds(text, lemmas, ["border control", "border control"])[1]
    assert phrases == ["border control", "cross-border control"]


def test_a_phrase_mended_across_a_hyphen_keeps_its_last_four_words():
    text = "The most water-scarce country support fund."
    lemmas = ["most", "water", "scarce", "country", "support", "fund"]
    phrases = compounds.merge_compounds(text, lemmas, ["most water", "scarce country support fund"])[1]
    assert phrases == ["water-scarce country support fund"]


def test_keep_term_judges_a_compound_by_its_parts():
    stop = discover.stoplist()
    assert discover.keep_term("south-south", "word", stop)
    assert discover.keep_term("south-south cooperation", "phrase", stop)
    assert not discover.keep_term("kenya-based", "word", stop)  # a country name inside
    assert not discover.keep_term("twenty-eighth", "word", stop)  # a number
    assert not discover.keep_term("point", "word", stop)  # "the points made by Kenya"


def test_codebook_candidates_see_compounds_too():
    rows = []
    for g, c in ((AFR, "KEN"), (AFR, "NGA"), (ARAB, "EGY"), (ARAB, "TUN")):
        rows += [(g, c, "support start up", "", "", True, "We support start-ups.")] * 2
        rows += [(g, c, "digital divide", "digital divide", "inclusion", True, "The digital divide.")] * 2
    res = discover.codebook_candidates(sentences(rows), min_count=3)
    words = set(res.loc[res["kind"] == "word", "term"])
    assert "start-up" in words and not {"start", "up"} & words


# ---------------------------------------------------------------- delegations per group


def test_a_term_of_two_delegations_in_ten_is_not_the_groups():
    assert [discover.delegations_needed(n) for n in (1, 2, 3, 8, 9, 12, 13, 40)] == [1, 1, 2, 2, 3, 3, 4, 10]
    rows = []
    for i, c in enumerate(f"A{k}" for k in range(10)):
        pet = " export export" if i < 2 else ""  # two of ten delegations, often
        wide = " mining" if i < 3 else ""  # three of ten
        rows += [(AFR, c, "peace" + pet + wide, "", "")] * 4
        rows += [(LAT, f"L{i}", "peace trade", "", "")] * 4
    africa = discover.distinctive_terms(sentences(rows), min_count=3)
    assert "mining" in set(africa["term"])
    assert "export" not in set(africa["term"])
    loose = discover.distinctive_terms(sentences(rows), min_count=3, min_delegation_share=0)
    assert "export" in set(loose["term"])


def test_a_term_one_delegation_repeats_is_not_the_groups_even_when_others_say_it_once():
    """Russia said "west" 16 times in 2023, five other delegations once each: the pooled z of 3.7
    was Russia's. With the top delegation left out the z must still hold."""
    rows = []
    for i in range(8):
        c = f"E{i}"
        rows += [(AFR, c, "peace aggression", "", "")] * 5  # every delegation, alike
        if i == 0:
            rows += [(AFR, c, "peace west", "", "")] * 16  # one delegation, often
        elif i < 6:
            rows += [(AFR, c, "peace west", "", "")]  # five more, once
        rows += [(LAT, f"L{i}", "peace trade", "", "")] * 6
        rows += [(LAT, f"L{i}", "peace aggression", "", "")]
    pooled = discover.distinctive_terms(sentences(rows), min_count=3, min_z=-math.inf)
    west = pooled[(pooled["group"] == AFR) & (pooled["term"] == "west")].iloc[0]
    assert west["z"] > 3 and west["n_delegations"] == 6  # the delegation floor (2 of 8) is met ...
    assert west["top_delegation"] == "E0" and west["z_without_top"] < 1.96  # ... by one delegation's z
    listed = discover.distinctive_terms(sentences(rows), min_count=3)
    africa = listed[listed["group"] == AFR].set_index("term")
    assert "west" not in africa.index
    assert "aggression" in africa.index and africa.loc["aggression", "z_without_top"] >= 1.96


def test_a_word_said_only_inside_a_name_is_the_names():
    """ "united" and "nations" in "the United Nations", "central" in "Central African Republic", a
    President's first name: the names are stopped, so their words go with them; the same words said
    elsewhere stay (an irregular lemma not found in the text stays too)."""
    rows = [
        (AFR, "KEN", "united nation reform", "", "", True, "The United Nations needs reform."),
        (AFR, "KEN", "central crisis", "", "", True, "The crisis in the Central African Republic."),
        (AFR, "KEN", "dennis leadership", "", "", True, "We thank Dennis Francis for his leadership."),
        (AFR, "GHA", "united nation", "", "", True, "United we stand, one nation, in the United Nations."),
        (AFR, "GHA", "central bank", "", "", True, "Our central bank acts."),
        (AFR, "GHA", "woman", "", "", True, "Women lead."),
        (AFR, "NGA", "central farmer road", "", "", True, "Central African Republic farmers want roads"),
    ]
    occ = discover.occurrences(sentences(rows), "word")
    by_row = occ.groupby("row")["term"].apply(list).to_dict()
    assert by_row[0] == ["reform"]
    assert by_row[1] == ["crisis"]
    assert by_row[2] == ["leadership"]
    assert by_row[3] == ["united", "nation"]  # said outside the name as well
    assert by_row[4] == ["central", "bank"]
    assert by_row[5] == ["woman"]
    assert by_row[6] == ["farmer", "road"]  # a name opening a sentence (a caption's, unstopped) is one too


def test_the_sentences_behind_a_term_are_listed_per_group_with_their_counts():
    from analysis import notebook

    rows = [(AFR, f"A{i}", "peace gang", "", [], True, f"Gangs rule street {i}.") for i in range(3)]
    rows += [(LAT, "L0", "gang trade", "", ["economic_development"], True, "Gangs block trade.")]
    rows += [(LAT, "L1", "trade", "", [], True, "Trade.")]
    rows += [(LAT, "L2", "gang", "", [], False, "The Chair on gangs.")]  # not counted
    got = notebook.sentences_with(sentences(rows), "gang", n=2)
    assert got["group"].tolist() == [AFR, AFR, LAT]
    assert got["in group"].tolist() == [3, 3, 1]
    assert got["themes"].tolist() == ["none", "none", "economic_development"]
    with pytest.raises(InputError, match="no counted sentence uses the word 'gangs'"):
        notebook.sentences_with(sentences(rows), "gangs")
    # a sentence the procedural veto keeps uncoded says so: the candidates leave it out
    vetoed = sentences(rows).assign(vetoed_by=["theme of this", "", "", "", "", ""])
    got = notebook.sentences_with(vetoed, "gang", n=2)
    assert got["themes"].tolist() == ["none (procedural: theme of this)", "none", "economic_development"]


def test_the_sentences_behind_a_term_are_listed_without_a_pandas_warning():
    """pandas 2.2 warns, under every notebook cell that lists a term's sentences, that grouping by a
    categorical will change its default (pandas 3 drops unseen categories): the listing says which it
    means, so it reads the same on both and the notebook shows no warning."""
    from analysis import notebook

    rows = [
        (LAT, "L0", "gang", "", [], True, "Gangs block trade."),
        (AFR, "A0", "gang", "", [], True, "Gangs."),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        got = notebook.sentences_with(sentences(rows), "gang")
    assert got["group"].tolist() == [AFR, LAT]


def test_no_candidate_word_lists_no_sentence_and_the_table_says_why():
    # notebook 2 reads the sentences of `top_candidate`, which is None where discovery found no candidate
    from analysis import notebook
    from analysis.report.display import table

    rows = [(AFR, "A0", "peace gang", "", [], True, "Gangs rule.")]
    none = notebook.sentences_with(sentences(rows), None, n=2)
    assert none.empty
    assert list(none.columns) == list(notebook.sentences_with(sentences(rows), "gang").columns)
    shown = table(none, group_by="group", empty="No codebook candidate word in these sessions.")
    assert repr(shown) == "(No codebook candidate word in these sessions.)"


def test_an_empty_terms_table_says_which_filters_no_term_passed():
    """On a few short sessions no term may pass discovery's filters: the notebook's table says so with the
    thresholds discovery used (its own defaults, not numbers copied into the notebook), not a bare
    'No rows.'."""
    from analysis import notebook
    from analysis.report.display import table

    rows = [(AFR, "A0", "peace gang", "", [], True, "Gangs rule.")]
    rows += [(LAT, "L0", "trade", "", [], True, "Trade.")]
    cands = discover.codebook_candidates(sentences(rows))
    terms = discover.distinctive_terms(sentences(rows))
    assert cands.empty and terms.empty
    said = repr(table(notebook.top_terms(cands, kind="phrase", by="kind"),
                      empty=notebook.no_terms("codebook_candidates")))  # fmt: skip
    assert said == (
        "(No term passes the filters: used in at least 5 uncoded sentences, by at least 3 delegations in "
        "2 groups (or all there are).)"
    )
    said = repr(table(notebook.top_terms(terms), empty=notebook.no_terms("distinctive_terms")))
    assert said == (
        "(No term passes the filters: at least 5 uses in the group, by 2 of its delegations and 25% of them "
        "where it has 3 or more, z of 1.96 or more, also with its top delegation left out.)"
    )
    with pytest.raises(KeyError):
        notebook.no_terms("theme_prevalence")


def test_the_secretary_general_and_the_general_debate_are_the_floor_not_a_groups_vocabulary():
    """Every speech greets the Secretary-General and names the general debate, as it greets the
    President: the title goes whole, and "general" said only inside it (however the transcript
    broke its hyphen: "Secretary- General", "Secretary General") goes with it. "general" said
    elsewhere stays ("a general principle")."""
    rows = [
        (AFR, "KEN", "general sound alarm", "alarm bell", "", True, "The Secretary- General sounded it."),
        (AFR, "KEN", "thank general leadership", "", "", True, "We thank the Secretary General for leading."),
        (AFR, "GHA", "secretary-general report", "", "", True, "The Secretary-General's report is clear."),
        (AFR, "GHA", "theme general debate", "general debate", "", True, "The theme of this general debate."),
        (AFR, "NGA", "general principle law", "general principle", "", True, "A general principle of law."),
    ]
    occ = discover.occurrences(sentences(rows), "word")
    by_row = occ.groupby("row")["term"].apply(list).to_dict()
    assert by_row[0] == ["sound", "alarm"]
    assert by_row[1] == ["leadership"]
    assert by_row[2] == ["report"]
    assert by_row[3] == ["theme"]  # both words of the name, as "united" and "nations"
    assert by_row[4] == ["general", "principle", "law"]
    phrases = set(discover.occurrences(sentences(rows), "phrase")["term"])
    assert phrases == {"alarm bell", "general principle"}


def test_with_its_top_delegation_left_out_a_group_that_speaks_like_the_rest_is_not_distinctive():
    """z_without_top asks what the group says without the delegation that used a term most, so that
    delegation's uses leave the prior too (the corpus rate the prior stands for): kept in, its 60 uses
    of "west" raised the prior's rate of "west" and, a small group being pulled to the prior more than a
    large one, made the other four look distinctive (z 1.5) though they say "west" as often as the rest."""
    rows = []
    for i in range(5):
        rows += [(AFR, f"A{i}", "peace trade growth west", "", "")] * 3
    for i in range(30):
        rows += [(LAT, f"L{i}", "peace trade growth west", "", "")] * 3
    rows += [(AFR, "A0", "west west west west", "", "")] * 15
    res = discover.distinctive_terms(sentences(rows), min_count=3, min_z=-math.inf)
    west = res[(res["group"] == AFR) & (res["term"] == "west")].iloc[0]
    assert west["z"] > 3 and west["top_delegation"] == "A0"
    assert abs(west["z_without_top"]) < 0.1


def _terms_of(said: list[tuple[str, str, str]], kind: str) -> dict[int, list[str]]:
    """The terms discovery counts in each of a Kenyan delegate's counted sentences (lemmas, phrases, text)."""
    rows = [(AFR, "KEN", lemmas, phrases, "", True, text) for lemmas, phrases, text in said]
    return discover.occurrences(sentences(rows), kind).groupby("row")["term"].apply(list).to_dict()


def test_the_courtesies_every_speech_opens_with_are_the_floor_not_a_groups_vocabulary():
    """On the 2022-2023 General Debate "like" was the African Group's 10th most distinctive word and the
    23rd codebook candidate, from "I would like to" (90% of its 541 sentences); "behalf" ("on behalf of
    my Government", 96%), "hall" ("this Hall", 81%), "predecessor" and "warm greetings" followed. They
    go, as "thank" and "congratulate" do, with the phrases holding them; "like-minded" stays, and so
    does any other word of the sentence."""
    said = [
        ("like thank behalf government", "", "I would like to thank on behalf of my Government."),
        ("hall predecessor work", "very hall", "In this very Hall my predecessor worked."),
        ("bring greeting people", "warm greeting", "I bring warm greetings from my people."),
        ("like-minded country join", "like-minded country", "Like-minded countries join."),
        ("cooperate alia", "inter alia", "We cooperate, inter alia, on trade."),
    ]
    assert _terms_of(said, "word") == {
        0: ["government"],
        1: ["work"],
        2: ["bring", "people"],
        3: ["like-minded", "country", "join"],
        4: ["cooperate"],
    }
    assert _terms_of(said, "phrase") == {3: ["like-minded country"]}


def test_a_capitalised_plural_is_counted_with_its_singular():
    """spaCy leaves a capitalised plural it tags as a proper noun unlemmatised: "Member States",
    "Sustainable Development Goals", "Human Rights", "Africans", "SDGs" stay plural while "member state",
    "human right", "african" are lemmas too. On the 2022-2023 General Debate "states" (1,180 uses) and
    "state" (1,028), "goals" (437) and "goal" (441) were two terms each, and the African Group's list held
    "sdg" and "sdgs", WEOG's "human right" and "human rights", both. A plural goes into its singular where
    the corpus has that singular; a word whose plural is a word of its own ("news", "means",
    "electronics") never does."""
    said = [
        ("member states goals", "member states|sustainable development goals", "Member States, the Goals."),
        ("member state goal", "member state|sustainable development goal", "A member state has a goal."),
        ("human rights africans", "human rights", "Human Rights of Africans."),
        ("human right african", "human right", "The human right of an African."),
        ("sdgs sdg news new", "", "SDGs, the SDG, news and new things."),
        ("mean means", "", "By peaceful means they mean it."),
        ("electronic electronics robotic robotics", "", "Electronic trade in Electronics and Robotics."),
    ]
    assert _terms_of(said, "word") == {
        0: ["member", "state", "goal"],
        1: ["member", "state", "goal"],
        2: ["human", "right", "african"],
        3: ["human", "right", "african"],
        4: ["sdg", "sdg", "news", "new"],
        5: ["mean", "means"],
        6: ["electronic", "electronics", "robotic", "robotics"],
    }
    assert _terms_of(said, "phrase") == {
        0: ["member state", "sustainable development goal"],
        1: ["member state", "sustainable development goal"],
        2: ["human right"],
        3: ["human right"],
    }


def _zipf_counts(rng, n_groups, size, vocab, planted=None):
    """Counts of `vocab` Zipf-distributed words for `n_groups` groups of `size` tokens; `planted`:
    (word index, factor) by which group 0 over-uses one word."""
    p = 1 / np.arange(1, vocab + 1) ** 1.07
    rows = []
    for g in range(n_groups):
        q = p.copy()
        if planted is not None and g == 0:
            q[planted[0]] *= planted[1]
        rows.append(rng.multinomial(size, q / q.sum()))
    return pd.DataFrame(rows, columns=[f"w{i:03d}" for i in range(vocab)])


def _group_z(counts: pd.DataFrame, group: int) -> pd.Series:
    """One group against the rest, the prior as distinctive_terms builds it."""
    total = counts.sum(axis=0)
    total = total[total > 0]
    prior = discover.dirichlet_prior(total, float(counts.sum(axis=1).mean()))
    mine = counts.iloc[group][total.index]
    return discover.log_odds_dirichlet(mine, total - mine, prior)["z"]


def test_with_words_drawn_alike_for_every_group_few_pass_and_a_planted_word_is_found():
    """Calibration of the z for independent words: six groups drawing from one distribution pass
    |z| > 1.96 for under 5% of (group, word) pairs (the prior shrinks the log-odds more than the
    variance 1/(y+a) allows for, so the z is conservative: 0.9% in a larger run, docs/statistics.md),
    while a word one group uses twice as often (about 90 times against 45) is found every time."""
    rng = np.random.default_rng(2026)
    passed = []
    for _ in range(5):
        counts = _zipf_counts(rng, 6, 20_000, 400)
        for g in range(6):
            passed.append((_group_z(counts, g).abs() > 1.96).mean())
    assert np.mean(passed) < 0.05
    found = [_group_z(_zipf_counts(rng, 6, 20_000, 400, planted=(30, 2.0)), 0)["w030"] for _ in range(5)]
    assert min(found) > 1.96


# ---------------------------------------------------------------- the edges of the rules


def test_words_and_phrases_kept_or_dropped_at_the_edges_of_the_rules():
    stop = discover.stoplist()
    # a possessive of a stopped name, plural or with a curly apostrophe, is the name
    assert not discover.keep_term("kenyans' aspirations", "phrase", stop)
    assert not discover.keep_term("kenya’s development", "phrase", stop)
    assert not discover.keep_term("kenyan’s", "word", stop)
    # a compound is a number only when every part is one: "one-sided" is a word
    for word in ("one-sided", "first-ever", "second-class"):
        assert discover.keep_term(word, "word", stop), word
    assert not discover.keep_term("twenty-first", "word", stop)
    assert not discover.keep_term("disarmament", "phrase", stop)  # a phrase has two words or more


def test_a_plural_folds_only_into_a_singular_discovery_keeps():
    kept = np.array([True, True, True, True, True, False, True])
    names = ["communities", "community", "member states", "goals", "hundreds", "hundred", "sdgs"]
    assert discover.fold_plurals(names, kept) == [
        "community",  # -ies: -y
        "community",
        "member states",  # no "member state" said: no form no one used
        "goals",
        "hundreds",  # "hundred" is a number, not a term
        "hundred",
        "sdgs",
    ]


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        discover.log_odds_dirichlet(pd.Series({"x": -1}), pd.Series({"x": 2}), 1.0)


def test_term_counts_by_country_are_rows_in_code_order():
    counts = discover.term_counts(corpus(), kind="word", by="country")
    assert list(counts.index) == sorted(counts.index) and counts.index[0] == "BRA"


def test_in_a_group_of_three_a_term_one_delegation_carries_is_not_the_groups():
    rows = [[(AFR, c, "continent youth", "", "")] * 3 for c in ("KEN", "NGA", "GHA")]
    rows = [r for group in rows for r in group]
    rows += [(AFR, "KEN", "hydrogen", "", "")] * 12 + [(AFR, "NGA", "hydrogen", "", "")]
    rows += [r for c in ("BRA", "MEX", "CUB") for r in [(LAT, c, "blockade youth", "", "")] * 3]
    res = discover.distinctive_terms(sentences(rows), min_count=3)
    assert "hydrogen" not in set(res["term"])  # two of three say it, but Kenya's z alone


def test_distinctive_terms_name_the_top_delegation_by_code_in_a_tie_and_list_words_first():
    res = discover.distinctive_terms(corpus(), top=5, min_count=3)
    continent = res[(res["group"] == AFR) & (res["term"] == "continent")].iloc[0]
    assert continent["top_delegation"] == "GHA"  # KEN, NGA and GHA said it three times each
    for _, kinds in res.groupby("group", sort=False)["kind"]:
        assert list(dict.fromkeys(kinds)) == [k for k in discover.KINDS if k in set(kinds)]


def test_candidates_need_no_more_delegations_than_the_data_has():
    rows = []
    for g, c in ((AFR, "KEN"), (LAT, "BRA")):
        rows += [(g, c, "desertification drought", "land degradation", "")] * 3
        rows += [(g, c, "digital divide", "digital divide", "inclusion")] * 3
    res = discover.codebook_candidates(sentences(rows), min_count=3)
    assert "desertification" in set(res["term"])  # 2 delegations of 2: min_delegations=3 capped


def _candidates_of_three(uncoded: str, coded: str = "digital divide"):
    """Codebook candidates from three delegations (two groups), each saying `uncoded` twice in sentences no
    theme codes and `coded` twice in sentences coded inclusion."""
    rows = []
    for g, c in ((AFR, "KEN"), (AFR, "NGA"), (LAT, "BRA")):
        rows += [(g, c, uncoded, "", "")] * 2
        rows += [(g, c, coded, "", "inclusion")] * 2
    return discover.codebook_candidates(sentences(rows), min_count=3)


def test_a_candidate_counts_sentences_not_repetitions_inside_one():
    res = _candidates_of_three("drought drought drought").set_index("term")
    assert res.loc["drought", "n_uncoded"] == 6


def test_a_candidates_example_may_have_exactly_12_or_40_words():
    def words(n):
        return " ".join(["Drought"] + ["land"] * (n - 2) + ["now."])

    rows = []
    for g, c in ((AFR, "KEN"), (AFR, "NGA"), (LAT, "BRA"), (LAT, "MEX")):
        rows += [(g, c, "digital divide", "", "inclusion")] * 2
        rows += [(g, c, "drought", "", "", True, words(5))]  # too short to read as an example
        rows += [(g, c, "desert", "", "", True, "Desert " + words(4))]
    rows += [(AFR, "KEN", "drought", "", "", True, words(12))]
    rows += [
        (LAT, "BRA", "desert", "", "", True, "Desert " + words(39)),
        (LAT, "MEX", "desert", "", "", True, "Desert " + words(40)),
    ]
    res = discover.codebook_candidates(sentences(rows), min_count=3).set_index("term")
    assert len(res.loc["drought", "example"].split()) == 12
    assert len(res.loc["desert", "example"].split()) == 40


def test_candidates_tied_in_z_are_ranked_by_term():
    res = _candidates_of_three("famine drought")  # the same sentences: the same z
    assert res["term"].tolist()[:2] == ["drought", "famine"]


def test_a_term_as_common_in_coded_as_in_uncoded_sentences_is_no_candidate():
    res = _candidates_of_three("water drought", coded="water divide").set_index("term")
    assert "drought" in res.index and "water" not in res.index  # z = 0: no lean to the uncoded side


def test_the_candidates_prior_weighs_half_the_sentences_terms_by_default():
    rows = []
    for g, c in ((AFR, "KEN"), (AFR, "NGA"), (LAT, "BRA")):
        rows += [(g, c, "drought drought", "", "")] * 2  # 6 sentences with one term once each
        rows += [(g, c, "digital divide", "", "inclusion")] * 2  # 6 with two: 18 in all
    corpus = sentences(rows)
    default = discover.codebook_candidates(corpus, min_count=3)
    assert not default.empty
    pd.testing.assert_frame_equal(
        default, discover.codebook_candidates(corpus, min_count=3, prior_strength=9.0)
    )


def test_min_z_is_reached_at_equality():
    pooled = discover.distinctive_terms(corpus(), min_count=3, min_z=-math.inf)
    nile = pooled[(pooled["group"] == ARAB) & (pooled["term"] == "nile")]["z"].iloc[0]
    assert nile > 0
    assert "nile" in set(discover.distinctive_terms(corpus(), min_count=3, min_z=nile)["term"])


def test_a_word_a_name_holds_in_the_possessive_is_the_names():
    """ "People's" in "the Lao People's Democratic Republic" and "the People's Republic of China" (names in
    the country table): spaCy's lemma is "people", the name's token "people's"."""
    rows = [
        (
            AFR,
            "KEN",
            "lao people democratic republic vote",
            "",
            "",
            True,
            "The Lao People’s Democratic Republic votes.",
        ),
        (AFR, "GHA", "people republic china trade", "", "", True, "The People's Republic of China trades."),
        (
            AFR,
            "GHA",
            "people people republic china",
            "",
            "",
            True,
            "The people of the People's Republic of China",
        ),
        (
            AFR,
            "NGA",
            "democratic people republic korea missile",
            "",
            "",
            True,
            "The Democratic People's Republic of Korea fired a missile.",
        ),
    ]
    by_row = discover.occurrences(sentences(rows), "word").groupby("row")["term"].apply(list).to_dict()
    assert by_row[0] == ["vote"]
    assert by_row[1] == ["trade"]
    assert by_row[2] == ["people", "people"]  # said outside the name as well: every use stays
    assert by_row[3] == ["missile"]


def test_a_name_is_found_only_as_whole_words_and_an_irregular_lemma_is_not_inside_it():
    stop = discover.Stoplist(frozenset(), frozenset({("united", "nations"), ("un", "woman")}))
    assert stop.inside_names("nations", "The United Nations")
    assert not stop.inside_names("nations", "A world of disunited nations")  # no name: "disunited"
    assert not stop.inside_names("woman", "UN Women and women everywhere")  # "women": no use found
