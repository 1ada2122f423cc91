"""The notebooks' table display: numbers formatted once and honestly, HTML that reads well in JupyterLab,
and a plain-text twin that nbval can compare (stable, no ids, the numbers as shown)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.report import display as d
from analysis.report import formats as f

B = 2000  # permutations: the floor of an add-one p value is 1/2001


# --------------------------------------------------------------------------- p and q


def test_a_permutation_p_at_its_floor_reads_below_one_over_b_plus_one():
    assert f.format_p(1 / (B + 1), n_permutations=B) == "< 0.0005"
    assert f.format_p(0.0, n_permutations=B) == "< 0.0005"
    assert f.format_p(0.0005, n_permutations=B) == "< 0.0005"  # the floor, rounded in a CSV
    assert f.format_p(1 / 101, n_permutations=100) == "< 0.01"
    assert f.format_p(2 / (B + 1), n_permutations=B) == "< 0.001"  # one step above the floor


def test_a_q_near_the_significance_line_shows_which_side_it_falls_on():
    assert f.p_label("q", 0.0496) == "q = 0.0496"  # significant at 0.05; "0.050" would read as not
    assert f.p_label("q", 0.0504) == "q = 0.0504"
    assert f.format_p(0.05) == "0.050" and f.format_p(0.049) == "0.049"


def test_p_values_keep_their_precision_where_it_matters():
    assert f.format_p(0.0123) == "0.012"
    assert f.format_p(0.0499) == "0.0499"  # beside the 0.05 line, one more digit
    assert f.format_p(0.0041) == "0.0041"
    assert f.format_p(0.43) == "0.43"
    assert f.format_p(1.0) == "1.00"
    assert f.format_p(3e-6) == "< 0.001"
    assert f.format_p(np.nan) == f.NA
    assert f.format_p(None) == f.NA


@given(st.floats(0, 1), st.sampled_from([None, 100, 999, 2000, 10_000]))
def test_no_p_value_ever_reads_as_zero(p, b):
    text = f.format_p(p, n_permutations=b)
    assert not re.fullmatch(r"0(\.0*)?", text)
    assert text.startswith("<") or float(text) > 0


def test_p_labels_for_figures_say_equal_or_below():
    assert f.p_label("q", 0.0123) == "q = 0.012"
    assert f.p_label("q", 1 / (B + 1), n_permutations=B) == "q < 0.0005"


# --------------------------------------------------------------------------- shares and intervals


def test_shares_are_percentages_with_their_interval():
    assert f.format_share(0.1234) == "12.3%"
    assert f.format_interval(0.1234, 0.081, 0.17) == "12.3% (8.1\u201317.0)"
    assert f.interval_words(0.1234, 0.081, 0.17) == "95% interval 8.1% to 17.0%"


def test_an_empty_cell_shows_its_one_sided_upper_bound_not_a_zero_interval():
    assert f.format_interval(0.0, 0.0, 0.042) == "0.0% (\u2264 4.2)"
    assert f.interval_words(0.0, 0.0, 0.042) == "one-sided 95% upper bound 4.2%"
    assert "0.0\u20130.0" not in f.format_interval(0.0, 0.0, 0.0)
    assert f.format_interval(0.0, 0.0, 0.0) == "0.0% (no interval)"


def test_a_corrected_estimate_below_zero_shows_as_zero_with_its_interval_not_a_bound():
    """Its theme was raised (the machine found sentences); "≤" would say nothing was found."""
    assert f.format_interval(-0.038, 0.0, 0.172) == "0.0% (0.0\u201317.2)"
    assert f.interval_words(-0.038, 0.0, 0.172) == "95% interval 0.0% to 17.2%; the estimate fell below 0"


def test_a_corrected_estimate_above_one_shows_as_a_whole_share():
    """A handful of validated sentences can take the (unbiased, unclipped) estimate past 1."""
    assert f.format_interval(1.19, 0.42, 1.0) == "100.0% (42.0–100.0)"


def test_a_share_near_0_or_1_never_rounds_to_a_certainty():
    assert f.format_share(0.9995) == "> 99.9%" and f.format_share(1.0) == "100.0%"
    assert f.format_share(0.0004) == "< 0.1%" and f.format_share(0.0) == "0.0%"
    assert f.format_share(0.9994) == "99.9%" and f.format_share(0.0006) == "0.1%"
    assert f.format_share(0.005, 0) == "< 1%" and f.format_share(0.995, 0) == "> 99%"  # half a step


def test_a_share_without_an_interval_stands_alone():
    assert f.format_interval(0.5, np.nan, np.nan) == "50.0% (no interval)"
    assert f.format_interval(np.nan, np.nan, np.nan) == f.NA


def test_counts_are_integers_ranks_without_a_spurious_decimal():
    assert f.format_count(150.0) == "150"
    assert f.format_count(12345) == "12,345"
    assert f.format_rank(5.0) == "5"
    assert f.format_rank(4.5) == "4.5"
    assert f.format_points(0.052) == "+5.2 pp"
    assert f.format_points(-0.1) == "-10.0 pp"


def test_a_column_of_measured_values_keeps_its_decimals_and_a_column_of_whole_numbers_reads_as_counts():
    assert f.format_number(13.0, 1) == "13.0" and f.format_number(1234.5) == "1,234.50"
    table = d.table(pd.DataFrame({"mean_abs_change_pp": [13.6, 13.0, 15.0], "errors": [26.0, 12.0, np.nan]}))
    assert table.text["mean_abs_change_pp"].tolist() == ["13.6", "13.0", "15.0"]  # not '13' beside '13.6'
    assert table.text["errors"].tolist() == ["26", "12", f.NA]
    assert table.kinds["errors"] == "int"


def test_lists_can_wrap_and_missing_values_say_so():
    assert f.format_list("skills|governance") == "skills, governance"
    assert f.format_list("skills;governance") == "skills, governance"
    assert f.format_list(np.array(["a", "b"])) == "a, b"
    assert f.format_list("") == f.NA
    assert f.format_count(pd.NA) == f.NA


def test_labels_instead_of_snake_case():
    assert d.label("n_sentences_with_theme") == "Sentences with theme"
    assert d.label("some_new_column") == "Some new column"
    assert d.label("Latin American and Caribbean Group") == "GRULAC"
    assert d.label(2023) == "2023"


# --------------------------------------------------------------------------- tables


@pytest.fixture
def messy():
    """Hyphenated ids, a missing turn, counts stored as floats, a long sentence, markup, p at the floor."""
    return pd.DataFrame({
        "session_id": ["DD-AFR-2024", "DD-WEOG-2024", "DD-AFR-2024"],
        "turn": pd.array([3, pd.NA, 12], dtype="Int64"),
        "n_units": [150.0, 1234.0, 7.0],
        "share": [0.1234, 0.0, 0.5],
        "p_value": [1 / (B + 1), 0.0123, np.nan],
        "text": ["Kenya wants <b>solar</b> power. " + "Green growth in every county. " * 6, "Short.", "x"],
        "source": ["DD-AFR-2024_zoom-transcript.vtt:cues 156-177", "record.pdf:page 2", "a.txt:line 1"],
    })  # fmt: skip


def test_plain_text_carries_the_formatted_numbers_and_is_stable(messy):
    text = repr(d.table(messy, n_permutations=B))
    assert text == repr(d.table(messy.copy(), n_permutations=B))
    lines = text.splitlines()
    assert lines[0].split() == ["Session", "Turn", "Counted", "sentences", "Share", "p", "Text", "Source"]
    assert "DD-AFR-2024" in lines[1] and "150" in lines[1] and "12.3%" in lines[1] and "< 0.0005" in lines[1]
    assert "150.0" not in text and "1,234" in lines[2] and "\u2013" in lines[2]  # missing turn
    assert "<NA>" not in text and "nan" not in text
    assert "\u2026" in lines[1] and len(lines[1]) < 200  # long text shortened in the plain twin
    assert not re.search(r"0x[0-9a-f]+|T_da", text)


def _without_style_elements(html: str) -> str:
    """The HTML as JupyterLab shows it for a notebook it does not trust: <style> elements removed."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def _cell(html: str, text: str) -> str:
    """The opening tag of the cell whose content starts with `text`."""
    return re.search(r"<t[dh] [^>]*>(?=" + re.escape(text) + ")", html).group(0)


def test_html_gives_text_room_and_keeps_ids_whole(messy):
    html = d.table(messy)._repr_html_()
    assert html == d.table(messy)._repr_html_()  # no random ids
    assert 'class="da-text"' in _cell(html, "Kenya")  # the sentence column wraps and has a min width
    assert "min-width: 18em" in _cell(html, "Kenya") and "text-align: left" in _cell(html, "Kenya")
    assert "text-align: right" in _cell(html, "12.3%") and "white-space: nowrap" in _cell(html, "12.3%")
    nobr = '<span class="da-nobr" style="white-space: nowrap">'
    assert nobr + "DD-AFR-2024</span>" in html  # a session id: never broken
    assert nobr + "DD-AFR-2024_<wbr>zoom-transcript.vtt:<wbr>cues</span>" in html  # a locator
    assert nobr + "record.pdf:<wbr>page</span>" in html
    assert "&lt;b&gt;solar&lt;/b&gt;" in html and "<b>solar</b>" not in html
    assert ">Counted sentences</th>" in html and "n_units" not in html


def test_the_layout_survives_a_notebook_jupyterlab_does_not_trust(messy):
    # a committed notebook opened before it is run: JupyterLab strips <style> (its default right-aligns
    # every cell and breaks 'DD-AFR-2024' at its hyphens) but keeps style attributes
    html = _without_style_elements(d.table(messy)._repr_html_())
    assert "table-layout: auto" in re.search(r"<table [^>]*>", html).group(0)
    sentence, count, share = _cell(html, "Kenya"), _cell(html, "150<"), _cell(html, "12.3%")
    assert "text-align: left" in sentence and "min-width: 18em" in sentence and "max-width: 44em" in sentence
    assert "text-align: right" in count and "white-space: nowrap" in share
    assert "text-align: right" in _cell(html, "Share<") and "text-align: left" in _cell(html, "Text<")
    assert '<span class="da-nobr" style="white-space: nowrap">DD-AFR-2024</span>' in html


def test_a_quotes_locator_is_a_source_broken_only_where_a_locator_may_be():
    # quote tables (notebook 3, the explorer) carry their locator down to the characters
    quotes = pd.DataFrame({"locator": ["DD-AFR-2024_zoom-transcript.vtt:cues 156-177, characters 773-888"]})
    html = d.table(quotes)._repr_html_()
    assert ">Source</th>" in html and "Locator" not in repr(d.table(quotes))
    assert "DD-AFR-2024_<wbr>zoom-transcript.vtt:<wbr>cues</span>" in html
    assert ">156-177,</span>" in html  # never 156- / 177


def test_a_date_is_never_broken_at_its_hyphens():
    html = d.table(pd.DataFrame({"date": ["2024-04-16"], "title": ["A long title " * 8]}))._repr_html_()
    assert ">2024-04-16</span>" in html and "<wbr>" not in html


def test_a_number_keeps_its_unit_on_its_line():
    # 'Economic development -17.6' / 'pp' on two lines in a narrow column
    html = d.table(pd.DataFrame({"largest_change": ["Economic development -17.6 pp"]}))._repr_html_()
    assert "Economic development -17.6&nbsp;pp" in html
    assert repr(d.table(pd.DataFrame({"largest_change": ["Economic development -17.6 pp"]}))).endswith(
        "Economic development -17.6 pp"
    )  # the plain-text twin unchanged


def test_tables_with_other_content_get_other_ids(messy):
    ids = {re.search(r'id="(T_\w+)"', d.table(df)._repr_html_()).group(1) for df in (messy, messy.head(2))}
    assert len(ids) == 2


def test_a_named_index_becomes_the_first_column():
    df = pd.DataFrame({"DD-AFR-2024": [3, 1]}, index=pd.Index(["timestamp", "filler"], name="why"))
    assert repr(d.table(df)).splitlines()[0].split() == ["Reason", "DD-AFR-2024"]


def test_a_registered_number_column_holding_text_is_shown_as_text():
    errors = pd.DataFrame({"predicted": ["skills;governance"], "support": [3]})
    assert "skills;governance" in repr(d.table(errors))


def test_a_column_of_figures_formatted_upstream_reads_as_numbers():
    # the comparison views format their figures ('+47.6 pp (+36.2 to +59.0 pp)', '< 0.001') before
    # the table sees them: right-aligned and never wrapped inside a figure, without the caller saying so
    tests = pd.DataFrame({"theme_short": ["Livelihoods"], "difference": ["+47.6 pp (+36.2 to +59.0 pp)"],
                          "q_welch": ["< 0.001"], "machine": ["8.8% (2.1\u201322.5)"]})  # fmt: skip
    table = d.table(tests)
    assert [table.kinds[c] for c in ("difference", "q_welch", "machine")] == ["figure"] * 3
    html = table._repr_html_()
    for figure in ("+47.6", "&lt; 0.001", "8.8%"):
        cell = _cell(html, f'<span class="da-nobr" style="white-space: nowrap">{figure}')
        assert 'class="da-fig"' in cell and "text-align: right; white-space: normal" in cell
    # it may wrap before its interval and after 'to', never between a number and its sign or unit
    pieces = ["+47.6 pp", "(+36.2 to", "+59.0 pp)"]
    assert " ".join(f'<span class="da-nobr" style="white-space: nowrap">{p}</span>' for p in pieces) in html
    assert "+47.6 pp (+36.2 to +59.0 pp)" in repr(table)


def test_wide_tables_take_their_number_kind_from_the_caller():
    shares = pd.DataFrame(
        {"African Group": [0.25], "Arab Group": [0.0]}, index=pd.Index(["Skills"], name="theme")
    )
    assert repr(d.table(shares, default="share")).splitlines() == [
        "Theme   Africa  Arab",
        "Skills   25.0%  0.0%",
    ]
    ranks = pd.DataFrame({"WEOG": [1.0, 4.5]}, index=pd.Index(["a", "b"], name="theme"))
    assert "4.5" in repr(d.table(ranks, default="rank")) and "1.0" not in repr(d.table(ranks, default="rank"))


def test_an_empty_table_says_what_empty_means():
    empty = pd.DataFrame(columns=["group", "warning"])
    assert repr(d.table(empty, empty="No thin group.")) == "(No thin group.)"
    assert "<i>No thin group.</i>" in d.table(empty, empty="No thin group.")._repr_html_()


def test_long_tables_are_grouped_in_sections_with_a_heading_each():
    df = pd.DataFrame({
        "group": ["Arab Group", "Arab Group", "African Group"],
        "theme_label": ["Skills", "Inclusion", "Skills"],
        "text": ["one", "two", "three"],
    })  # fmt: skip
    t = d.table(df, group_by="group", open_groups=1)
    text = repr(t).splitlines()
    assert text[0] == "== Arab \u00b7 2 rows" and text[4] == "== Africa \u00b7 1 row"
    assert "Group" not in text[1]  # the group is in the heading, not repeated on every row
    html = t._repr_html_()
    assert html.count("<details") == 2 and html.count("<details open") == 1


def _prevalence(thin: bool) -> pd.DataFrame:
    rows = []
    for group, n in (("Arab Group", 40), ("African Group", 120)):
        for theme, share, hi in (("Skills", 0.25, 0.4), ("Inclusion", 0.0, 0.07)):
            rows.append({
                "group": group, "theme_short": theme, "share": share, "ci_low": share / 2, "ci_high": hi,
                "n_units": n, "n_sentences_with_theme": int(share * n), "n_delegations": 2 if share else 0,
                "delegations_total": 3 if group == "Arab Group" else 9,
                "thin": thin and group == "Arab Group", "warning": "only 3 delegations",
            })  # fmt: skip
    return pd.DataFrame(rows)


def test_prevalence_by_group_puts_counts_in_the_heading_and_bounds_in_empty_cells():
    text = repr(d.prevalence_by_group(_prevalence(thin=True)))
    assert (
        "== Arab \u00b7 40 counted sentences, 3 delegations; thin data: only 3 delegations \u00b7 2 rows"
        in text
    )
    assert "== Africa \u00b7 120 counted sentences, 9 delegations \u00b7 2 rows" in text
    assert "25.0% (12.5\u201340.0)" in text and "0.0% (\u2264 7.0)" in text and "2 of 3" in text


def test_printed_prose_wraps_at_spaces_and_keeps_every_word():
    text = "Pairs of groups: " + ", ".join(
        ["Asia-Pacific higher on Climate & environment than Eastern Europe"] * 5
    )
    text += "\nA second paragraph."
    wrapped = f.wrap_prose(text, width=60)
    lines = wrapped.splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert lines[1].startswith("  ") and lines[-1] == "A second paragraph."  # continuations indented
    assert wrapped.split() == text.split()  # no word broken, not even at its hyphen


def test_a_group_name_wraps_at_its_space_never_at_its_hyphen():
    # 'Eastern Europe' kept on one line in two group columns pushed the pairwise tests table of notebook 03
    # off a 1280 px screen with the file browser open
    html = d.table(pd.DataFrame({"group_a": ["Eastern Europe"], "group_b": ["Asia-Pacific"]}))._repr_html_()
    nobr = '<span class="da-nobr" style="white-space: nowrap">'
    assert f"{nobr}Eastern</span> {nobr}Europe</span>" in html
    assert f"{nobr}Asia-Pacific</span>" in html
    assert "nowrap" not in _cell(html, nobr + "Eastern").split("style=")[1].split(">")[0]


# --------------------------------------------------------------------------- edges of each format


def test_the_permutation_floor_is_one_over_b_plus_one_and_0_001_itself_is_no_bound():
    assert f.permutation_floor(2000) == 1 / 2001 and f.permutation_floor(None) is None
    assert f.format_p(0.001) == "0.0010"  # at P_MIN, not below it


def test_a_missing_value_of_any_kind_reads_as_missing():
    """NaN as numpy's smaller floats (an arrow column read as float32), NaT (a date column), None, NA."""
    assert f.format_p(np.float32("nan")) == f.NA
    assert f.format_text(pd.NaT) == f.NA
    assert f.format_bool(np.nan) == f.NA and f.format_bool(0) == "no"


def test_a_share_missing_either_end_of_its_interval_has_none():
    assert f.format_interval(0.3, np.nan, 0.5) == "30.0% (no interval)"
    assert f.format_interval(0.3, 0.1, np.nan) == "30.0% (no interval)"
    # a corrected estimate below 0 without its interval: no interval, never 'nan'
    assert f.format_interval(-0.02, np.nan, np.nan) == "0.0% (no interval)"
    assert f.interval_words(-0.02, np.nan, np.nan) == "no interval"


def test_counts_round_and_group_their_thousands_in_words_too():
    assert f.format_count(2.7) == "3"
    assert f.plural(1200, "sentence") == "1,200 sentences" and f.plural(1, "sentence") == "1 sentence"


def test_a_short_list_in_a_message_is_given_whole():
    assert f.first_few(list("abcde")) == "a, b, c, d, e"
    assert f.first_few(list("abcdef")) == "a, b, c, d, e and 1 more"


def test_the_rest_of_the_groups_reads_as_all_others():
    assert f.group_name("rest") == "all others" and f.group_name("African Group") == "Africa"


def test_printed_prose_never_breaks_a_word_longer_than_the_line():
    url = "https://www.unido.org/" + "a" * 80
    assert url in f.wrap_prose(f"See {url} for the framework.", width=60).split()
