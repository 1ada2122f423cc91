"""Representative quotes: scoring, spread over delegations, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.comparison import quotes
from analysis.errors import InputError
from helpers import sentence_tables

AFR, LAT = "African Group", "Latin American and Caribbean Group"


def words(n: int, lead: str) -> str:
    return " ".join([lead] + [f"w{i}" for i in range(n - 1)]) + "."


def sentences(rows) -> pd.DataFrame:
    """rows: (group, country, text, themes, evidence[, counted]) -> terse rows for `sentence_tables`."""
    out = []
    for i, r in enumerate(rows):
        group, country, text, themes, evidence = r[:5]
        counted = r[5] if len(r) > 5 else True
        out.append({
            "session_id": f"s-{country}", "group": group, "turn": i, "sentence": 0,
            "speaker": f"Speaker {country}", "country": country,
            "role": "member_state" if counted else "chair", "procedural": False, "counted": counted,
            "text": text, "themes": themes, "evidence": evidence, "source": f"{country}.txt:{i + 1}",
        })  # fmt: skip
    return pd.DataFrame(out)


def representative_quotes(rows: pd.DataFrame, **kw) -> pd.DataFrame:
    return quotes.representative_quotes(*sentence_tables(rows), **kw)


def quotes_for(rows: pd.DataFrame, *args, **kw) -> pd.DataFrame:
    return quotes.quotes_for(*sentence_tables(rows), *args, **kw)


def skills_cell():
    return sentences(
        [
            # Kenya: three strong, focused, readable sentences
            (AFR, "KEN", words(25, "K1"), "skills", "skills=training,education,skills"),
            (AFR, "KEN", words(25, "K2"), "skills", "skills=training,education,skills"),
            (AFR, "KEN", words(30, "K3"), "skills", "skills=training,education"),
            # Nigeria and Ghana: weaker ones
            (AFR, "NGA", words(30, "N1"), "skills", "skills=training"),
            (AFR, "GHA", words(30, "G1"), "skills;inclusion", "skills=training,education; inclusion=youth"),
            # the chair says it best, but the chair is not a delegation
            (AFR, None, words(30, "C1"), "skills", "skills=training,education,skills,capacity", False),
        ]
    )


def test_quotes_come_from_different_delegations_when_they_can():
    q = representative_quotes(skills_cell(), per_cell=3).query("theme == 'skills'")
    assert q["country"].tolist() == ["KEN", "NGA", "GHA"]
    assert q["text"].str.split().str[0].tolist() == ["K1", "N1", "G1"]
    assert q["rank"].tolist() == [1, 2, 3]


def test_a_cell_with_one_delegation_gives_its_best_sentences():
    one = skills_cell().query("country == 'KEN'")
    q = representative_quotes(one, per_cell=2)
    assert set(q["theme"]) == {"skills"}
    assert q["text"].str.split().str[0].tolist() == ["K1", "K2"]


def test_equally_good_quotes_of_two_sessions_go_in_session_order():
    """A full tie (score, focus, length) goes to the earlier session, whatever order the rows come in."""
    tie = sentences(
        [
            (LAT, "PER", words(25, "P1"), "skills", "skills=training,education"),
            (LAT, "CHL", words(25, "C1"), "skills", "skills=training,education"),
        ]
    )
    q = representative_quotes(tie, per_cell=2)
    assert q["session_id"].tolist() == ["s-CHL", "s-PER"]
    assert q["text"].str.split().str[0].tolist() == ["C1", "P1"]


def test_a_quotes_evidence_words_read_in_the_sentences_order_each_once():
    """The evidence table lists a rule's matches, then its context words, sentence by sentence as coded:
    a quote cites the distinct words in the order the sentence says them."""
    from analysis.coding.sentences import evidence_words

    evidence = pd.DataFrame(
        {
            "sentence_id": ["s/0/1", "s/0/0", "s/0/0", "s/0/0", "s/0/0"],
            "theme": ["skills", "skills", "skills", "skills", "inclusion"],
            "text": ["training", "youth", "skills", "skills", "women"],
            "start": [3, 12, 40, 2, 30],
        }
    )
    assert evidence_words(evidence) == {
        ("s/0/0", "inclusion"): ["women"],
        ("s/0/0", "skills"): ["skills", "youth"],
        ("s/0/1", "skills"): ["training"],
    }


@pytest.mark.parametrize(
    ("n_words", "penalty"),
    [(0, 3), (9, 3), (10, 1), (14, 1), (15, 0), (60, 0), (61, 1), (80, 1), (81, 3), (300, 3)],
)
def test_the_length_penalty_at_each_edge_of_its_bands(n_words, penalty):
    """As the module says: 0 for 15-60 words, 1 for 10-14 or 61-80, 3 otherwise."""
    assert quotes.length_penalty(n_words) == penalty


def test_scoring_prefers_evidence_focus_and_readable_length():
    df = sentences(
        [
            (AFR, "KEN", words(30, "focused"), "innovation", "innovation=research,innovation"),
            (
                AFR,
                "NGA",
                words(30, "scattered"),
                "innovation;skills;governance",
                "innovation=research,innovation; skills=training; governance=policy",
            ),
            (AFR, "GHA", words(120, "runon"), "innovation", "innovation=research,innovation,science"),
            (AFR, "SEN", words(6, "short"), "innovation", "innovation=research,innovation"),
            (AFR, "MLI", words(30, "thin"), "innovation", "innovation=science"),
        ]
    )
    ranked = quotes_for(df, AFR, "innovation", n=None)
    # scores: focused 2-0-0, thin 1-0-0, scattered 2-2-0, runon 3-0-3, short 2-0-3, each less 2 for
    # starting in lower case; scattered and runon tie: fewer other themes first
    assert ranked["text"].str.split().str[0].tolist() == ["focused", "thin", "runon", "scattered", "short"]
    assert ranked["score"].tolist() == [0, -1, -2, -2, -3]
    assert list(ranked.loc[0, "evidence"]) == ["research", "innovation"]  # the theme's own evidence only


def test_quotes_skip_chair_speech_empty_cells_and_repeated_text():
    df = pd.concat(
        [
            skills_cell(),
            sentences(
                [
                    (LAT, "BRA", words(20, "same"), "governance", "governance=policy"),
                    # the same statement again, with other capitals and spacing
                    (
                        LAT,
                        "MEX",
                        words(20, "same").replace("same ", "Same  "),
                        "governance",
                        "governance=policy",
                    ),
                    (LAT, "CUB", words(20, "nothing"), "", ""),
                ]
            ),
        ],
        ignore_index=True,
    )
    q = representative_quotes(df)
    assert None not in set(q["country"]) and not q["text"].str.startswith("C1").any()
    cells = set(zip(q["group"], q["theme"], strict=True))
    assert cells == {(AFR, "skills"), (AFR, "inclusion"), (LAT, "governance")}
    assert (q["theme"] == "governance").sum() == 1  # the same words said twice are one quote
    assert list(dict.fromkeys(q["group"])) == [AFR, LAT]


def test_quote_columns_names_and_labels():
    q = representative_quotes(skills_cell())
    assert list(q.columns) == quotes.QUOTE_COLUMNS
    first = q[q["theme"] == "skills"].iloc[0]
    assert first["delegation"] == "Kenya"  # from the country table
    assert first["speaker"] == "Speaker KEN" and first["source"] == "KEN.txt:1"
    assert first["locator"] == f"KEN.txt:1, characters 0-{len(first['text'])}"  # down to the sentence
    assert (first["session_id"], first["turn"], first["sentence_id"]) == ("s-KEN", 0, "s-KEN/0/0")
    assert config.CODEBOOK.is_file()  # the packaged codebook: labels do not fall back to ids
    from analysis.coding import codebook

    theme = {t.id: t for t in codebook.load().themes}["skills"]
    assert (first["theme_label"], first["theme_short"]) == (theme.label, theme.short_label)  # as every table
    assert theme.short_label != "skills"


def test_quotes_for_ranks_every_candidate_and_checks_the_theme():
    df = skills_cell()
    ranked = quotes_for(df, AFR, "skills", n=None)
    assert ranked["text"].str.split().str[0].tolist() == ["K1", "N1", "G1", "K2", "K3"]
    assert len(quotes_for(df, AFR, "skills", n=2)) == 2
    assert quotes_for(df, LAT, "skills").empty
    with pytest.raises(InputError, match="unknown theme"):
        quotes_for(df, AFR, "skilz")


def test_quotes_are_deterministic_whatever_the_row_order():
    df = skills_cell()
    a = representative_quotes(df)
    b = representative_quotes(df.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(a, b)


def test_missing_columns_are_an_input_error():
    s, e = sentence_tables(skills_cell())
    with pytest.raises(InputError, match="themes"):
        quotes.representative_quotes(s.drop(columns="themes"), e)


def test_a_sentence_cut_mid_way_ranks_below_one_that_reads_as_a_quote():
    df = sentences(
        [
            (AFR, "KEN", "and " + words(25, "cut"), "skills", "skills=training,education"),
            (AFR, "NGA", words(25, "Whole"), "skills", "skills=training"),
        ]
    )
    ranked = quotes_for(df, AFR, "skills", n=None)
    assert ranked["country"].tolist() == ["NGA", "KEN"]  # 1 - 0 beats 2 - 2 (lower-case start)
    assert ranked["score"].tolist() == [1, 0]


def test_the_notebooks_quote_table_takes_a_group_by_its_short_name():
    from analysis import notebook

    quotes = pd.DataFrame(
        {
            "group": ["Latin American and Caribbean Group", "African Group"],
            "theme": ["skills", "skills"],
            "theme_short": ["Skills", "Skills"],
            "rank": [1, 1],
            "delegation": ["Brazil", "Kenya"],
            "text": ["Training matters.", "Skills matter."],
            "evidence": [["training"], ["skills"]],
            "locator": ["b.vtt:1", "k.vtt:1"],
        }
    )
    assert notebook.quote_table(quotes, group="GRULAC")["delegation"].tolist() == ["Brazil"]
