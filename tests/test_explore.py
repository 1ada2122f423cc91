"""The explorer: picking a group and a theme shows that cell's share, interval and the quotes behind it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import explore
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
    assert list(widget.group.options) == ["African Group", "Western European and Others Group"]
    assert len(widget.theme.options) == 11
    assert widget.theme.value == "climate_environment"


def test_first_cell_shows_its_share_interval_and_quote_with_delegation_and_source(widget):
    assert "Climate &amp; environment in African Group: 33.3% of 3 counted sentences" in widget.summary.value
    assert "95% interval" in widget.summary.value
    assert "Kenya" in widget.quotes.value
    assert "S-Afr.vtt:cues 1-4" in re.sub(r"<[^>]+>", "", widget.quotes.value)  # as the reader sees it
    assert "France" not in widget.quotes.value


def test_choosing_another_group_replaces_number_and_quotes(widget):
    before_summary, before_quotes = widget.summary.value, widget.quotes.value
    widget.group.value = "Western European and Others Group"
    assert widget.summary.value != before_summary
    assert "in Western European and Others Group: 50.0% of 2 counted sentences" in widget.summary.value
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
    corrected = "corrected for the coder&#x27;s errors 5.0% (95% interval 1.0% to 20.0%, from 18 sentences"
    assert corrected in w.summary.value


def test_text_repr_is_stable_for_notebooks(widget):
    assert repr(widget) == (
        "Explorer(2 groups x 11 themes): a live widget in JupyterLab; Run All Cells (Run menu) to use it"
    )
