"""Agreement with human coding: exact numbers on a tiny gold set, and clear errors for bad files."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import spacy

from analysis.coding import validate
from analysis.errors import InputError


@pytest.fixture(scope="module")
def blank():
    model = spacy.blank("en")
    model.add_pipe("sentencizer")
    return model


GOLD = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "text": [
            "Climate change is real.",
            "We thank the President.",
            "Education matters for our youth.",  # the coder adds inclusion (youth): one extra
        ],
        "themes": ["climate_environment", "none", "skills"],
    }
)


def test_scores_are_computed_per_theme_and_overall(blank):
    report = validate.validate(GOLD, nlp=blank)
    t = report.per_theme.set_index("theme")
    assert t.loc["climate_environment", ["precision", "recall", "f1"]].tolist() == [1.0, 1.0, 1.0]
    assert t.loc["inclusion", ["precision", "support", "predicted"]].tolist() == [0.0, 0, 1]
    assert report.micro_f1 == pytest.approx(0.8)  # TP 2, FP 1, FN 0
    assert report.macro_f1 == pytest.approx((1 + 1 + 0) / 3)  # themes nobody coded are left out
    assert report.exact_match == pytest.approx(2 / 3)
    assert report.errors[["id", "gold", "predicted", "missed", "extra"]].values.tolist() == [
        ["c", "skills", "skills;inclusion", "none", "inclusion"]
    ]
    text = validate.format_report(report)
    assert "micro-F1 0.800 (" in text and "inclusion" in text and "95% intervals" in text


def test_every_figure_comes_with_its_bootstrap_interval(blank, tmp_path):
    gold = GOLD.assign(group=["Western European and Others Group", "African Group", "African Group"])
    report = validate.validate(gold, nlp=blank)
    assert report.per_theme.columns[4:8].tolist() == ["kappa", "kappa_low", "kappa_high", "thin"]
    assert report.per_theme["thin"].all()  # three sentences: no theme has the gold sentences to trust kappa
    climate = report.per_theme.set_index("theme").loc["climate_environment"]
    assert (climate["kappa_low"], climate["kappa_high"]) == (1.0, 1.0)  # no error: nothing to move
    low, high = report.interval("micro_f1")
    assert low < report.micro_f1 <= high == 1.0  # the one extra code is sometimes drawn twice, sometimes not
    groups = report.per_group.set_index("group")
    assert groups.loc["Western European and Others Group", ["micro_f1_low", "micro_f1_high"]].tolist() == [
        1.0,
        1.0,
    ]
    themes = pd.read_csv(validate.write_report(report, tmp_path)[0]).set_index("theme")
    assert themes.loc["(micro)", ["f1_low", "f1_high"]].tolist() == pytest.approx([low, high])
    assert {"kappa_low", "kappa_high"} <= set(themes.columns)


def test_figures_nobody_coded_anything_for_are_undefined_and_print_as_n_a(blank):
    """A theme neither coding gives (and a group where nobody codes anything) has no F1 or kappa: NaN in
    the tables, 'n/a' on the terminal, never 0.00 (the worst agreement) and never 'nan'."""
    gold = GOLD.assign(group=["African Group", "GRULAC", "African Group"])  # GRULAC: 'none', coded none
    report = validate.validate(gold, nlp=blank)
    governance = report.per_theme.set_index("theme").loc["governance"]
    assert governance[["precision", "recall", "f1", "kappa", "kappa_low", "kappa_high"]].isna().all()
    grulac = report.per_group.set_index("group").loc["GRULAC"]
    assert grulac[["micro_f1", "micro_f1_low", "micro_f1_high", "macro_f1"]].isna().all()
    assert grulac["exact_match"] == 1.0
    text = validate.format_report(report)
    assert not re.search(r"\bnan\b", text, re.IGNORECASE)
    governance_line = next(line for line in text.splitlines() if line.startswith("governance"))
    assert governance_line.split()[1:6] == ["n/a"] * 4 + ["n/a*"]
    grulac_line = next(line for line in text.splitlines() if line.startswith("GRULAC"))
    assert grulac_line.split()[1:] == ["1", "n/a", "n/a", "n/a", "1.000"]


def test_the_errors_table_quotes_a_sentence_a_spreadsheet_would_run_as_a_formula_as_text(blank, tmp_path):
    said = ["=1+1 Climate change is real.", "@all We thank the Chair.", "-Education matters for our youth."]
    gold = GOLD.assign(text=said)
    errors = pd.read_csv(validate.write_report(validate.validate(gold, nlp=blank), tmp_path)[1], dtype=str)
    assert errors["text"].tolist() == ["'-Education matters for our youth."]  # the one with an error


def test_write_report_writes_the_tables(blank, tmp_path):
    report = validate.validate(GOLD, nlp=blank)
    written = validate.write_report(report, tmp_path)
    themes = pd.read_csv(written[0])
    assert themes["theme"].tolist()[-3:] == ["(micro)", "(macro)", "(exact match)"]
    assert pd.read_csv(written[1])["id"].tolist() == ["c"]
    assert [p.name for p in written[2:]] == ["validation_confusions.csv"]  # no group column: no group tables


def test_a_file_with_groups_is_scored_per_group_in_the_house_order(blank, tmp_path):
    gold = GOLD.assign(group=["Western European and Others Group", "African Group", "African Group"])
    report = validate.validate(gold, nlp=blank)
    groups = report.per_group.set_index("group")
    assert list(groups.index) == ["African Group", "Western European and Others Group"]
    africa = groups.loc["African Group"]
    assert (africa["n"], africa["micro_f1"], africa["exact_match"]) == (2, pytest.approx(2 / 3), 0.5)
    assert groups.loc["Western European and Others Group", "micro_f1"] == 1.0
    assert report.confusions[["missed", "extra", "errors"]].values.tolist() == [["none", "inclusion", 1.0]]
    prevalence = report.prevalence.set_index(["group", "theme"])
    assert prevalence.loc[("African Group", "inclusion"), "gap"] == 0.5
    text = validate.format_report(report)
    assert "African Group" in text and "Costliest confusions" in text
    names = [p.name for p in validate.write_report(report, tmp_path)]
    assert {"validation_groups.csv", "validation_prevalence.csv"} <= set(names)


def test_a_split_keeps_one_side_of_the_fixed_split():
    gold = pd.DataFrame({"id": [f"t{i:04d}" for i in range(40)], "group": ["A"] * 20 + ["B"] * 20,
                         "text": ["x"] * 40, "themes": [""] * 40})  # fmt: skip
    tune, held = validate.select_split(gold, "tune"), validate.select_split(gold, "holdout")
    assert len(held) == 14 and len(tune) == 26  # 35% of each group of 20 is 7
    assert not set(tune["id"]) & set(held["id"])
    assert validate.select_split(gold, "all").equals(gold)
    with pytest.raises(ValueError, match="not one of"):
        validate.select_split(gold, "test")


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("id\ttext\n1\thello\n", "missing column(s) themes", 1),
        ("id\ttext\tthemes\n1\thello\tskills\n2\tbye\tskils\n", "unknown theme(s) skils", 3),
        (
            "id\ttext\tthemes\n1\thello\tnone\n1\tbye\tnone\n",
            "1 id on rows that disagree (other themes, text, group or country): 1 (lines 2, 3)",
            3,
        ),
        ("id\ttext\tthemes\n1\thello\tnone\textra\n", "4 fields, expected 3", 2),
        ("id\ttext\tthemes\n1\t\tnone\n", "empty id or text", 2),
        (
            "id\ttext\tthemes\n1\thello\tnone\n2\tbye\t\n",
            "empty themes cell (1 such rows)",
            3,
        ),  # was scored none
        ("", "empty file", 1),
    ],
)
def test_a_malformed_gold_file_is_an_input_error_with_the_line(tmp_path, content, message, line):
    path = tmp_path / "gold.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        validate.read_gold(path)
    assert message in str(err.value)
    assert err.value.line == line and err.value.path == path


def test_gold_themes_are_normalised(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(
        "id\tgroup\ttext\tthemes\nx\tG\tSome text.\t skills ; inclusion \ny\tG\tOther.\tNone\n", "utf-8"
    )
    gold = validate.read_gold(path)
    assert gold["themes"].tolist() == ["skills;inclusion", ""]


def test_gold_themes_may_be_the_codebooks_labels(tmp_path):
    """A gold sheet coded with the labels people read in the codebook was refused as unknown themes."""
    path = tmp_path / "gold.csv"
    path.write_text("id,text,themes\nx,Some text.,Partnerships;Skills and capacity-building\n", "utf-8")
    gold = validate.read_gold(path)
    assert gold["themes"].tolist() == ["skills;partnerships"]
    assert gold.attrs["notes"] == [
        "themes written as labels read as ids: Skills and capacity-building -> skills"
    ]


def test_a_groups_short_name_is_its_house_name(tmp_path):
    """ "GRULAC" beside the house name was reported as a group of its own."""
    path = tmp_path / "gold.tsv"
    path.write_text(
        "id\tgroup\ttext\tthemes\nx\tGRULAC \tSome text.\tskills\n"
        "y\tLatin American and Caribbean Group\tOther.\tnone\nz\tweog\tMore.\tnone\n",
        "utf-8",
    )
    grulac, weog = "Latin American and Caribbean Group", "Western European and Others Group"
    assert validate.read_gold(path)["group"].tolist() == [grulac, grulac, weog]


def test_a_sentence_without_a_group_is_scored_under_a_name_that_says_so(tmp_path):
    """A blank group cell made a group with no name: a row of the per-group table labelled with nothing."""
    path = tmp_path / "gold.tsv"
    path.write_text("id\tgroup\ttext\tthemes\nx\tweog\tSome text.\tskills\ny\t \tOther.\tnone\n", "utf-8")
    assert validate.read_gold(path)["group"].tolist() == ["Western European and Others Group", "(no group)"]


def test_the_own_held_out_file_is_well_formed():
    from pathlib import Path

    gold = validate.read_gold(Path(__file__).parent / "fixtures" / "themes" / "heldout-own.tsv")
    assert len(gold) >= 60 and gold["id"].is_unique


def test_a_codebook_revision_is_scored_against_its_baseline_on_the_same_sentences(blank, tmp_path):
    """Codebook 1.1.0 codes 'youth' as inclusion too; whether the revision wins is counted per decision."""
    from analysis import config

    gold = GOLD.assign(group=["African Group", "GRULAC", "African Group"])
    change = validate.compare_codebooks(
        gold, config.CODEBOOK, config.PACKAGE_DATA / "codebook-v1.yaml", nlp=blank
    )
    assert change.baseline_version == "1.1.0"
    table = change.table.set_index(["statistic", "scope"])
    assert list(table.index[-2:]) == [("micro_f1", "African Group"), ("micro_f1", "GRULAC")]  # house order
    overall = table.loc[("micro_f1", "all")]
    assert overall["changed"] == overall["right"] + overall["wrong"]
    assert overall["change"] == pytest.approx(overall["estimate"] - overall["baseline"])
    text = validate.format_change(change)
    assert text.startswith("Against codebook 1.1.0") and "p sign" in text


def test_a_baseline_with_other_themes_is_refused(blank, tmp_path):
    import yaml

    from analysis import config

    data = yaml.safe_load(config.CODEBOOK.read_text(encoding="utf-8"))
    data["themes"] = data["themes"][:-1]
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match="other themes"):
        validate.compare_codebooks(GOLD, config.CODEBOOK, other, nlp=blank)


def test_a_themes_kappa_is_thin_under_ten_gold_sentences_not_at_ten(blank):
    gold = pd.DataFrame({
        "id": [f"s{k}" for k in range(19)],
        "text": ["Climate change is real."] * 10 + ["Education matters."] * 9,
        "themes": ["climate_environment"] * 10 + ["skills"] * 9,
    })  # fmt: skip
    t = validate.validate(gold, nlp=blank).per_theme.set_index("theme")
    assert t.loc["climate_environment", ["support", "thin"]].tolist() == [10, False]
    assert t.loc["skills", ["support", "thin"]].tolist() == [9, True]


def test_the_errors_table_lists_the_sentences_by_id_in_its_seven_columns(blank):
    gold = pd.DataFrame({
        "id": ["z", "a"],
        "text": ["Education matters for our youth."] * 2,  # the coder adds inclusion: one extra each
        "themes": ["skills", "skills"],
    })  # fmt: skip
    errors = validate.validate(gold, nlp=blank).errors
    assert errors.columns.tolist() == ["id", "text", "gold", "predicted", "missed", "extra", "evidence"]
    assert errors["id"].tolist() == ["a", "z"] and errors.index.tolist() == [0, 1]


def test_each_interval_is_low_then_high_around_its_figure(blank):
    """inclusion: never in the gold, added to c once: kappa 0; a resample without c ((2/3)^3 = 30% of
    them) agrees on every sentence (kappa 1), so 0 to 1. African Group (b: none; c: skills, plus inclusion):
    micro-F1 2/3 in every resample that draws c, and undefined in the one of b twice: 2/3 to 2/3."""
    gold = GOLD.assign(group=["Western European and Others Group", "African Group", "African Group"])
    report = validate.validate(gold, nlp=blank)
    inclusion = report.per_theme.set_index("theme").loc["inclusion"]
    assert inclusion[["kappa", "kappa_low", "kappa_high"]].tolist() == pytest.approx(
        [0.0, 0.0, 1.0], abs=1e-12
    )
    africa = report.per_group.set_index("group").loc["African Group"]
    assert africa[["micro_f1_low", "micro_f1", "micro_f1_high"]].tolist() == pytest.approx([2 / 3] * 3)


def test_the_overall_rows_support_is_the_gold_theme_decisions_and_the_exact_matchs_the_sentences(
    blank, tmp_path
):
    themes = pd.read_csv(validate.write_report(validate.validate(GOLD, nlp=blank), tmp_path)[0])
    support = dict(zip(themes["theme"], themes["support"], strict=True))
    assert (support["(micro)"], support["(exact match)"]) == (2, 3)  # climate and skills; a, b and c


def test_a_split_holds_out_35_percent_of_each_group_by_its_house_name(tmp_path):
    """Strata are the groups as read (GRULAC, 'grulac ' and the house name are one group): 10 GRULAC
    and 10 WEOG rows hold out round(3.5) = 4 of each, 8 (one stratum of 20 would hold out 7)."""
    spellings = ["GRULAC", "grulac ", "Latin American and Caribbean Group", "GRULAC", "GRULAC"] * 2
    rows = [f"g{k}\t{spellings[k]}\tText {k}.\tnone" for k in range(10)]
    rows += [f"w{k}\tweog\tText w{k}.\tnone" for k in range(10)]
    path = tmp_path / "gold.tsv"
    path.write_text("id\tgroup\ttext\tthemes\n" + "\n".join(rows) + "\n", "utf-8")
    held = validate.select_split(validate.read_gold(path), "holdout")
    assert held["group"].value_counts().to_dict() == {
        "Latin American and Caribbean Group": 4,
        "Western European and Others Group": 4,
    }


def test_a_revisions_groups_come_in_the_house_order_and_its_overall_rows_always_show(blank):
    """GRULAC's sentence first in the file, African Group's listed first; a baseline that codes every
    sentence alike still prints the overall figures (nothing else)."""
    from analysis import config

    gold = GOLD.assign(group=["GRULAC", "African Group", "GRULAC"])
    change = validate.compare_codebooks(gold, config.CODEBOOK, config.CODEBOOK, nlp=blank)
    assert change.table["scope"].tolist()[-2:] == ["African Group", "GRULAC"]
    lines = validate.format_change(change).splitlines()
    assert [line.split()[0] for line in lines[2:-1]] == ["micro_f1", "macro_f1"]


def test_the_rows_are_taken_by_position_whatever_the_frames_index(blank):
    """A filtered or reordered gold frame (index 7, 3, 5) is scored as the same sentences."""
    moved = validate.validate(GOLD.set_axis([7, 3, 5]), nlp=blank)
    assert moved.errors[["id", "text", "extra"]].values.tolist() == [
        ["c", "Education matters for our youth.", "inclusion"]
    ]


def test_an_interval_that_rounds_to_nought_prints_without_a_sign():
    assert validate._span(-0.0004, 0.5) == "0.000-0.500"


def test_a_paired_interval_end_that_rounds_to_nought_prints_as_the_change_beside_it_does():
    """A change of -3e-16 (floating point's nought) printed "+0.000" beside an interval "-0.000 to +0.020"."""
    table = pd.DataFrame(
        [{"statistic": "micro_f1", "scope": "all", "baseline": 0.7, "estimate": 0.7, "change": -3e-16,
          "low": -3e-16, "high": 0.02, "changed": 1, "right": 1, "wrong": 0, "p_sign": 1.0}]
    )  # fmt: skip
    line = validate.format_change(validate.Change(table, "2", "1", "0" * 12)).splitlines()[2]
    assert "+0.000 to +0.020" in line and "-0.000" not in line, line


@pytest.mark.parametrize("group", [None, ["African Group", "GRULAC"]])
def test_a_part_of_the_split_with_no_sentence_is_refused_naming_the_file_and_the_part(group):
    """One sentence per group (or one sentence): round(0.35 * 1) = 0 held out, so the holdout part is empty.
    It was scored as 0 sentences with 'exact match 0.000', the worst agreement, or (no group column) ended
    in a ZeroDivisionError; the refusal must name the file, as every error of bad input does."""
    gold = GOLD.iloc[:2].assign(group=group) if group else GOLD.iloc[:1]
    with pytest.raises(InputError, match=r"^coded\.tsv: its holdout part has no sentence") as refused:
        validate.select_split(gold, "holdout", "coded.tsv")
    assert "none of a group of one" in str(refused.value)
    assert len(validate.select_split(gold, "tune", "coded.tsv")) == len(gold)


def test_no_sentence_is_refused_not_scored(blank):
    with pytest.raises(InputError, match="no sentences to score"):
        validate.validate(GOLD.iloc[:0], nlp=blank)


def test_a_kappa_of_nought_prints_without_a_sign(blank):
    """inclusion: never in the gold, added once: kappa (2/3 - 2/3) / (1/3), which floating point makes
    -3e-16; the terminal table printed it '-0.00'."""
    line = next(
        s
        for s in validate.format_report(validate.validate(GOLD, nlp=blank)).splitlines()
        if s.startswith("inclusion")
    )
    assert line.split()[4] == "0.00"
    assert validate._figure(-1e-17, sign="+") == "+0.000"


def test_an_undefined_exact_match_prints_as_n_a_like_every_other_figure(blank):
    """exact_match of no sentences is NaN (90606db); the terminal table formatted it past `_figure`,
    as 'nan', where every other undefined figure reads 'n/a'."""
    import dataclasses

    report = validate.validate(GOLD.assign(group=["GRULAC", "GRULAC", "GRULAC"]), nlp=blank)
    undefined = dataclasses.replace(
        report, exact_match=float("nan"), per_group=report.per_group.assign(exact_match=float("nan"))
    )
    text = validate.format_report(undefined)
    assert "exact match n/a" in text and not re.search(r"\bnan\b", text)
    assert next(s for s in text.splitlines() if s.startswith("GRULAC")).split()[-1] == "n/a"
