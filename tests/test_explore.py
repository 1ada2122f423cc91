"""The explorer: picking a group and a theme shows that cell's share, interval and the quotes behind it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import explore
from analysis.comparison import quotes
from analysis.errors import InputError
from helpers import sentence_tables


def _row(group, country, turn, text, themes, evidence, counted=True):
    return dict(
        session_id=f"S-{group[:3]}", group=group, turn=turn, sentence=0, speaker=f"{country} delegate",
        country=country, role="member_state", procedural=False, counted=counted, text=text,
        themes=themes, evidence=evidence,
        source=f"S-{group[:3]}.vtt:cues {turn}-{turn + 3}",
    )  # fmt: skip


@pytest.fixture
def sentences() -> pd.DataFrame:
    africa, weog = "African Group", "Western European and Others Group"
    rows = [
        _row(
            africa,
            "KEN",
            1,
            "Kenya calls for solar power and energy efficiency in our agro-processing industries "
            "so that green industrial growth reaches every county.",
            "climate_environment",
            "climate_environment=solar,energy efficiency",
        ),
        _row(
            africa,
            "SEN",
            2,
            "Senegal needs vocational training and digital skills for young women and men in "
            "manufacturing if the new technologies are to create jobs.",
            "skills",
            "skills=vocational training,digital skills",
        ),
        _row(
            africa,
            "NGA",
            3,
            "Nigeria asks for blended finance to de-risk investment in local manufacturing "
            "and the infrastructure it needs.",
            "finance_investment",
            "finance_investment=blended finance",
        ),
        _row(africa, "GHA", 4, "Ghana thanks the Chair.", "", "", counted=False),
        _row(
            weog,
            "DEU",
            5,
            "Germany supports partnerships with the private sector and academia to share the "
            "technology and the know-how of the fourth industrial revolution.",
            "partnerships",
            "partnerships=partnership",
        ),
        _row(
            weog,
            "FRA",
            6,
            "France asks UNIDO to measure emissions and put circular economy approaches at the "
            "centre of its work on smart production.",
            "climate_environment",
            "climate_environment=emissions,circular economy",
        ),
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def widget(sentences):
    return explore.explorer(*sentence_tables(sentences))


def test_dropdowns_offer_groups_in_house_order_and_every_codebook_theme(widget):
    # shown by their short names, as every table of the notebooks writes them
    assert list(widget.group.options) == [
        ("Africa", "African Group"),
        ("WEOG", "Western European and Others Group"),
    ]
    assert len(widget.theme.options) == 11
    assert widget.theme.value == "climate_environment"


def test_first_cell_shows_its_share_interval_and_quote_with_delegation_and_source(widget):
    # the group named as the dropdown above it names it
    assert "Climate &amp; environment in Africa: 33.3% of 3 counted sentences" in widget.summary.value
    assert "95% interval" in widget.summary.value
    assert "Kenya" in widget.quotes.value
    assert "S-Afr.vtt:cues 1-4" in re.sub(r"<[^>]+>", "", widget.quotes.value)  # as the reader sees it
    assert "France" not in widget.quotes.value


def test_a_quotes_source_breaks_only_where_a_locator_may(widget):
    # "S-Afr.vtt:cues 1-" / "4" would send the reader to the wrong cues
    nobr = '<span class="da-nobr" style="white-space: nowrap">'
    assert nobr + "1-4,</span>" in widget.quotes.value
    assert nobr + "S-Afr.vtt:<wbr>cues</span>" in widget.quotes.value


def test_choosing_another_group_replaces_number_and_quotes(widget):
    before_summary, before_quotes = widget.summary.value, widget.quotes.value
    widget.group.value = "Western European and Others Group"
    assert widget.summary.value != before_summary
    assert "in WEOG: 50.0% of 2 counted sentences" in widget.summary.value
    assert "France" in widget.quotes.value and "Kenya" not in widget.quotes.value
    assert widget.quotes.value != before_quotes


def test_choosing_another_theme_shows_that_themes_quotes(widget):
    widget.theme.value = "skills"
    assert "Senegal" in widget.quotes.value
    assert "vocational training" in widget.quotes.value
    assert "Kenya" not in widget.quotes.value


def test_an_empty_cell_says_so_instead_of_showing_stale_quotes(widget):
    widget.theme.value = "governance"
    assert "0.0% of 3 counted sentences" in widget.summary.value
    assert "No sentence of this group carries this theme" in widget.quotes.value
    assert "Kenya" not in widget.quotes.value


def test_quotes_are_escaped_html(sentences):
    sentences.loc[0, "text"] = (
        "Kenya wants <b>solar</b> power & energy efficiency for green growth in every county."
    )
    w = explore.explorer(*sentence_tables(sentences))
    assert "&lt;b&gt;solar&lt;/b&gt;" in w.quotes.value
    assert "<b>solar</b>" not in w.quotes.value


def test_a_given_prevalence_table_is_used_as_is(sentences):
    prev = pd.DataFrame([{
        "group": "African Group", "theme": "climate_environment", "theme_short": "Climate & environment",
        "share": 0.5, "ci_low": 0.25, "ci_high": 0.75, "n_units": 4, "n_sentences_with_theme": 2,
        "n_delegations": 2, "delegations_total": 4, "thin": True, "warning": "fewer than 5 delegations (4)",
    }])  # fmt: skip
    w = explore.explorer(*sentence_tables(sentences), prevalence=prev)
    assert "50.0% of 4 counted sentences (95% interval 25.0% to 75.0%)" in w.summary.value
    assert "Thin data: fewer than 5 delegations (4)" in w.summary.value


def test_a_cell_nobody_raised_reads_as_a_bound_and_a_corrected_share_is_given_beside(sentences):
    prev = pd.DataFrame([{
        "group": "African Group", "theme": "climate_environment", "theme_short": "Climate & environment",
        "share": 0.0, "ci_low": 0.0, "ci_high": 0.08, "upper_bound_only": True, "n_units": 40,
        "n_sentences_with_theme": 0, "n_delegations": 0, "delegations_total": 10, "thin": False,
        "warning": "",
        "corrected_share": 0.05, "corrected_ci_low": 0.01, "corrected_ci_high": 0.2, "n_validated": 18,
    }])  # fmt: skip
    w = explore.explorer(*sentence_tables(sentences), prevalence=prev)
    assert "0.0% of 40 counted sentences (one-sided 95% upper bound 8.0%)" in w.summary.value
    corrected = "corrected for the coder&#x27;s errors by 18 sentences coded by people: 5.0% (95% interval"
    assert corrected in w.summary.value


def test_a_corrected_share_below_zero_reads_as_one_clause():
    prev = pd.DataFrame([{
        "group": "Latin American and Caribbean Group", "theme": "livelihoods", "theme_short": "Livelihoods",
        "share": 0.01, "ci_low": 0.0, "ci_high": 0.05, "n_units": 97, "n_sentences_with_theme": 1,
        "n_delegations": 1, "delegations_total": 10, "thin": False, "warning": "",
        "corrected_share": -0.02, "corrected_ci_low": 0.0, "corrected_ci_high": 0.172, "n_validated": 1,
    }])  # fmt: skip
    line = explore.cell_summary(prev, "GRULAC", "livelihoods")  # the short name, as the tables write it
    assert "; 1 sentence from 1 of 10 delegations;" in line  # not "1 sentences"
    assert line.endswith(
        "corrected for the coder's errors by 1 sentence coded by people: 0.0% "
        "(95% interval 0.0% to 17.2%; the estimate fell below 0)"
    )
    above = prev.assign(share=0.9, corrected_share=1.04, corrected_ci_low=0.8, corrected_ci_high=1.0)
    assert "coded by people: 100.0% (95% interval 80.0% to 100.0%)" in explore.cell_summary(
        above, "GRULAC", "livelihoods"
    )  # as the tables show it


def test_an_unknown_group_or_theme_is_an_error_not_an_empty_cell(widget):
    with pytest.raises(InputError, match="unknown group 'Oceania'; known: African Group"):
        explore.cell_summary(widget.prevalence, "Oceania", "skills")
    with pytest.raises(InputError, match="unknown theme 'nope'; known: climate_environment"):
        explore.cell_summary(widget.prevalence, "African Group", "nope")
    with pytest.raises(InputError, match="unknown group 'Oceania'"):
        quotes.quotes_for(widget.sentences, widget.evidence, "Oceania", "skills")
    # a group of the house list that did not speak is a real empty cell
    assert explore.cell_summary(widget.prevalence, "Arab Group", "skills").endswith("no counted sentences")


def test_a_group_may_be_named_as_the_tables_name_it(widget):
    by_short = quotes.quotes_for(widget.sentences, widget.evidence, "weog", "climate_environment")
    assert by_short["delegation"].tolist() == ["France"]


def test_no_counted_sentence_says_so_instead_of_failing(sentences):
    s, e = sentence_tables(sentences)
    w = explore.explorer(s[~s["counted"]], e)
    assert w.summary.value == "<p>No counted sentences to explore.</p>" and w.group.value is None
    assert "No counted sentences" in explore.explorer(s.iloc[0:0], e.iloc[0:0]).summary.value


def test_the_quotes_say_how_many_of_the_cells_sentences_they_show(sentences):
    s, e = sentence_tables(sentences)
    w = explore.explorer(s, e, n=1)
    w.group.value = "Western European and Others Group"
    w.theme.value = "climate_environment"
    assert "The 1 clearest of 1" not in w.quotes.value  # all shown: no note
    prev = w.prevalence.assign(n_sentences_with_theme=30)
    w = explore.explorer(s, e, prevalence=prev, n=1)
    assert "The 1 clearest of 30 sentences" in w.quotes.value


def test_a_new_number_never_waits_above_the_old_quotes_while_they_are_ranked(widget, monkeypatch):
    # ranking a large cell's quotes takes a moment: both lines change only once it is done
    shown_while_ranking = []
    rank = quotes.quotes_for

    def slow_rank(*args, **kwargs):
        shown_while_ranking.append((widget.summary.value, widget.quotes.value))
        return rank(*args, **kwargs)

    before = (widget.summary.value, widget.quotes.value)
    monkeypatch.setattr(quotes, "quotes_for", slow_rank)
    widget.theme.value = "skills"
    assert shown_while_ranking == [before]
    assert "Skills" in widget.summary.value and "Senegal" in widget.quotes.value


def test_text_repr_is_stable_for_notebooks(widget):
    assert repr(widget) == (
        "Explorer(2 groups x 11 themes): a live widget in JupyterLab; Run All Cells (Run menu) to use it"
    )


def test_the_explorer_shows_no_more_quotes_than_asked(sentences):
    more = pd.DataFrame([
        _row("African Group", "ETH", 7, "Ethiopia builds solar mini-grids so that industrial parks run on "
             "clean energy and cut their emissions.", "climate_environment",
             "climate_environment=solar,emissions"),
    ])  # fmt: skip
    s, e = sentence_tables(pd.concat([sentences, more], ignore_index=True))
    shown = {n: re.sub(r"<[^>]+>", "", explore.explorer(s, e, n=n).quotes.value) for n in (1, 5)}
    assert ("Kenya" in shown[1]) != ("Ethiopia" in shown[1])  # one delegation's quote, not both
    assert "The 1 clearest of 2 sentences" in shown[1]
    assert "Kenya" in shown[5] and "Ethiopia" in shown[5]


def test_a_cell_with_sentences_but_no_quote_shown_says_how_many_there_are():
    empty = pd.DataFrame(columns=quotes.QUOTE_COLUMNS)
    assert explore.quotes_html(empty, total=3) == "<p><i>3 sentences carry this theme; none is shown.</i></p>"
    assert "No sentence of this group carries this theme" in explore.quotes_html(empty, total=0)


def test_another_table_given_as_the_prevalence_table_is_named_as_the_mistake(widget):
    ranks = widget.prevalence.drop(columns=["group"])
    with pytest.raises(InputError, match="the prevalence table has no group column"):
        explore.cell_summary(ranks, "African Group", "skills")


def test_an_explorer_with_nothing_to_show_still_gives_its_cell_as_a_quotes_table(sentences):
    s, e = sentence_tables(sentences)
    w = explore.explorer(s[~s["counted"]], e)
    assert w.cell().empty and list(w.cell().columns) == list(quotes.QUOTE_COLUMNS)
