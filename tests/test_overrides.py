"""An analyst's corrections win over the machine's codes, visibly: marked, evidenced and recorded."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from analysis import catalogue
from analysis.coding import code as coding
from analysis.coding import codebook, overrides, sheets
from analysis.errors import InputError
from helpers import blank_model

TURNS = pd.DataFrame(
    {
        "session_id": ["S", "S", "T"],
        "group": ["African Group", "African Group", "Arab Group"],
        "turn": [0, 1, 0],
        "speaker": ["Kenya", "Ghana", "Egypt"],
        "country": ["KEN", "GHA", "EGY"],
        "role": ["member_state"] * 3,
        "text": [
            "Our youth need skills. We need investment in roads.",
            "The “peace process” matters to us.",
            "The  \u201cPeace Process\u201d matters to us.",
        ],
        "source": ["k.vtt:1", "g.vtt:2", "e.vtt:3"],
        "procedural": [False, False, False],
    }
)


@pytest.fixture(scope="module")
def coded():
    return coding.code_turns(TURNS, nlp=blank_model())


def sheet(tmp_path, text: str):
    path = tmp_path / "corrections.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sentence_named_by_id_takes_exactly_the_sheets_themes(coded, tmp_path):
    sentences, evidence = coded
    assert list(sentences.loc[0, "themes"]) == ["skills", "inclusion"]
    path = sheet(tmp_path, "id\tthemes\nS/0/0\tskills;governance\n")
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    row = done.sentences.iloc[0]
    assert list(row["themes"]) == ["skills", "governance"] and row["overridden"]
    assert not done.sentences["overridden"].iloc[1:].any()
    first = done.evidence[done.evidence["sentence_id"] == "S/0/0"]
    # the machine's words for the kept theme stay; the removed theme loses its evidence; the added
    # theme is evidenced by the analyst, over the whole sentence
    assert first[["theme", "rule", "text"]].values.tolist() == [
        ["skills", "skills.1", "skills"], ["governance", "analyst", ""],
    ]  # fmt: skip
    analyst = first[first["rule"] == "analyst"].iloc[0]
    assert (analyst["start"], analyst["end"]) == (row["start"], row["end"])
    assert done.record["sentences_changed"] == 1 and done.record["unmatched"] == []
    # the next sentence and its evidence are untouched
    assert done.evidence[done.evidence["sentence_id"] == "S/0/1"].equals(
        evidence[evidence["sentence_id"] == "S/0/1"]
    )


def test_themes_written_as_labels_are_applied_and_recorded_as_read(coded, tmp_path):
    """The codebook's labels, as a team writes them in Excel; the sheet was refused as unknown themes."""
    sentences, evidence = coded
    path = sheet(tmp_path, "id\tthemes\nS/0/0\tSkills and capacity-building ;  partnerships\n")
    done = overrides.apply(sentences, evidence, path, codebook.ids(), codebook.names())
    assert list(done.sentences.loc[0, "themes"]) == ["skills", "partnerships"]
    assert done.record["notes"] == [
        "themes written as labels read as ids: Skills and capacity-building -> skills"
    ]


def test_a_sentence_named_by_text_is_found_whatever_its_quotes_case_and_spacing(coded, tmp_path):
    sentences, evidence = coded
    path = sheet(tmp_path, 'text\tthemes\nThe "peace process" matters to us.\tgovernance\n')
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    peace = done.sentences[done.sentences["overridden"]]
    assert peace["sentence_id"].tolist() == ["S/1/0", "T/0/0"]  # a repeated statement is coded alike
    assert all(list(t) == ["governance"] for t in peace["themes"])


def test_a_text_a_spreadsheet_quoted_on_saving_is_found_as_it_was_written(coded, tmp_path):
    """Excel and LibreOffice save a cell that holds a quote as '"The ""peace process"" ..."' in a
    tab-separated file too; read as written, it matched no sentence."""
    sentences, evidence = coded
    path = sheet(tmp_path, 'text\tthemes\n"The ""peace process"" matters to us."\tgovernance\n')
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    assert done.sentences.loc[done.sentences["overridden"], "sentence_id"].tolist() == ["S/1/0", "T/0/0"]


def test_rows_not_found_are_reported_with_their_line_never_dropped_silently(coded, tmp_path):
    sentences, evidence = coded
    path = sheet(
        tmp_path, "id\ttext\tthemes\nS/9/9\t\tskills\n\tA sentence nobody said.\tnone\nS/0/1\t\tnone\n"
    )
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    assert done.record["rows"] == 3 and done.record["matched_rows"] == 1
    assert done.record["unmatched"] == ["line 2: S/9/9", "line 3: A sentence nobody said."]
    assert list(done.sentences.loc[1, "themes"]) == []  # 'none' removes every code


def test_a_sheet_none_of_whose_rows_is_found_is_refused(coded, tmp_path):
    """A sheet coded from other transcripts (or the wrong file) changes nothing: that is no correction to
    apply quietly, as a sheet some of whose rows are gone is."""
    sentences, evidence = coded
    path = sheet(tmp_path, "id\ttext\tthemes\nX/9/9\t\tskills\n\tA sentence nobody said.\tnone\n")
    with pytest.raises(
        InputError, match=r"corrections.tsv: none of its 2 coded rows .* \(the first: line 2: X/9/9\)"
    ):
        overrides.apply(sentences, evidence, path, codebook.ids())


def test_an_id_that_names_another_sentence_now_does_not_carry_the_sheets_codes_to_it(coded, tmp_path):
    """A sheet drawn before the transcript was edited: its ids now name other sentences. A person coded
    the text they read, so the text finds the sentence; an id re-used for another text never does (the
    codes went to whatever sentence had the id now, 'matched', with nothing reported)."""
    sentences, evidence = coded
    path = sheet(
        tmp_path,
        "id\ttext\tthemes\n"
        "S/0/0\tWe need investment in roads.\tinfrastructure\n"  # was S/0/0 before a sentence came in front
        "S/0/1\tRoads, ports and power.\tinfrastructure\n"  # its sentence is gone from the transcript
        "T/0/0\tThe “peace proces” matters to us.\tgovernance\n",  # a word corrected since: the same sentence
    )
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    assert done.sentences.loc[done.sentences["overridden"], "sentence_id"].tolist() == ["S/0/1", "T/0/0"]
    assert list(done.sentences.loc[1, "themes"]) == ["infrastructure"]
    assert list(done.sentences.loc[0, "themes"]) == ["skills", "inclusion"]  # the machine's, untouched
    assert done.record["matched_rows"] == 2
    [gone] = done.record["unmatched"]
    assert gone == (
        "line 3: S/0/1 is another sentence now and the sheet's text is not found (Roads, ports and power.): "
        "a sheet drawn before the transcripts were cleaned again?"
    )


def test_the_sheet_is_recorded_by_the_same_hash_with_windows_line_ends(coded, tmp_path):
    """The provenance every table carries names the sheet by its hash: a copy saved with CRLF line ends
    (a Windows checkout or editor) is the same sheet; the hash of an LF sheet is its file's sha256."""
    sentences, evidence = coded
    text = "id\tthemes\nS/0/0\tskills;governance\n"
    lf = overrides.apply(sentences, evidence, sheet(tmp_path, text), codebook.ids()).record["sha256"]
    assert lf == hashlib.sha256(text.encode()).hexdigest()
    crlf_sheet = tmp_path / "windows.tsv"
    crlf_sheet.write_bytes(text.replace("\n", "\r\n").encode())
    assert overrides.apply(sentences, evidence, crlf_sheet, codebook.ids()).record["sha256"] == lf


def test_a_row_not_coded_yet_overrides_nothing(coded, tmp_path):
    """An empty themes cell is a row nobody has coded (an export brought back half-reviewed); `none` is the
    code for no theme. The empty cell used to wipe the sentence's codes."""
    sentences, evidence = coded
    path = sheet(tmp_path, "id\tthemes\nS/0/0\t\nS/0/1\tnone\n")
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    assert (
        list(done.sentences.loc[0, "themes"]) == ["skills", "inclusion"]
        and not done.sentences.loc[0, "overridden"]
    )
    assert list(done.sentences.loc[1, "themes"]) == [] and done.sentences.loc[1, "overridden"]
    assert (done.record["rows"], done.record["uncoded_rows"], done.record["matched_rows"]) == (2, 1, 1)
    with pytest.raises(InputError, match="corrections.tsv: none of its 1 rows is coded yet"):
        overrides.apply(sentences, evidence, sheet(tmp_path, "id\tthemes\nS/0/0\t\n"), codebook.ids())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id\tthemes\nS/0/0\tskilz\n", r"corrections.tsv:2: unknown theme\(s\) skilz"),
        ("themes\nskills\n", "missing column"),
        ("id\tthemes\nS/0/0\tskills\nS/0/0\tnone\n", "corrections.tsv:3: 1 id on rows that disagree"),
        ("id\tthemes\nS/0/0\n", "corrections.tsv:2: 1 fields, expected 2"),
    ],
)
def test_a_bad_sheet_is_an_error_naming_the_line(coded, tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        overrides.apply(*coded, sheet(tmp_path, text), codebook.ids())


def test_normalised_text_ignores_form_not_words():
    assert (
        sheets.normalise_text("  The\u00a0\u201cPeace\u201d   process\u2014now ") == 'the "peace" process-now'
    )
    assert sheets.normalise_text("Peace now") != sheets.normalise_text("Peace, now")


def test_the_overridden_tables_still_pass_their_schemas(coded, tmp_path):
    done = overrides.apply(*coded, sheet(tmp_path, "id\tthemes\nS/0/1\tnone\n"), codebook.ids())
    catalogue.conform("sentences", done.sentences)
    catalogue.conform("evidence", done.evidence)
    assert not (done.evidence["sentence_id"] == "S/0/1").any()


@pytest.mark.parametrize(
    ("override", "sample", "refused"),
    [
        (("S/0/1", ""), ("S/0/1", "We need investment in roads."), True),  # an id alone names the sentence
        (("", "we need INVESTMENT in roads."), ("S/0/1", "We need investment in roads."), True),  # by text
        (("S/0/1", "Our youth need skills."), ("S/0/1", "We need investment in roads."), False),  # a stale id
        (("S/0/0", ""), ("S/0/1", ""), False),
    ],
)
def test_a_validation_sentence_the_overrides_recode_is_refused_before_any_stage(tmp_path, override, sample,
                                                                                 refused):  # fmt: skip
    """Read before the code stage: the same id (unless the two rows' texts differ: one sheet is older than
    the sentences, which the compare stage settles) or the same text, as people write it, in both sheets."""
    from analysis import pipeline

    over, valid = tmp_path / "over.tsv", tmp_path / "valid.tsv"
    over.write_text(f"id\ttext\tthemes\n{override[0]}\t{override[1]}\tskills\n", "utf-8")
    valid.write_text(f"id\ttext\tthemes\nT/0/0\tThe peace process matters to us.\tnone\n"
                     f"{sample[0]}\t{sample[1]}\tfinance_investment\n", "utf-8")  # fmt: skip
    if refused:
        with pytest.raises(InputError, match=r"valid.tsv: 1 of its sentences carry people's codes from "
                           r"--overrides \(lines 3\)"):  # fmt: skip
            pipeline.check_sheets(over, valid)
    else:
        pipeline.check_sheets(over, valid)
    pipeline.check_sheets(over, None)  # one sheet alone is only read


def test_a_typo_in_either_sheet_is_refused_before_any_stage(tmp_path):
    from analysis import pipeline

    sheet = tmp_path / "valid.tsv"
    sheet.write_text("id\tthemes\nS/0/1\tgovernence\n", "utf-8")
    with pytest.raises(InputError, match=r"valid.tsv:2.*governence"):
        pipeline.check_sheets(None, sheet)
    with pytest.raises(InputError, match="no such overrides file"):
        pipeline.check_sheets(tmp_path / "missing.tsv", sheet)


def test_the_record_counts_rows_sentences_overridden_and_sentences_changed_apart(coded, tmp_path):
    """Five rows, three not coded yet; one coded row confirms the machine's codes (overridden, not
    changed); the other names a statement said twice (one row, two sentences, both changed)."""
    sentences, evidence = coded
    path = sheet(
        tmp_path,
        'id\ttext\tthemes\nS/0/0\t\tskills;inclusion\n\tThe "peace process" matters to us.\tgovernance\n'
        "S/0/1\t\t\nT/0/0\t\t\nS/1/0\t\t\n",
    )
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    record = {k: done.record[k] for k in ("rows", "uncoded_rows", "matched_rows")}
    assert record == {"rows": 5, "uncoded_rows": 3, "matched_rows": 2}
    assert (done.record["sentences_overridden"], done.record["sentences_changed"]) == (3, 2)


def test_people_coding_a_procedural_or_chairs_sentence_do_not_make_it_count(coded, tmp_path):
    """Coded by hand, a delegation's substantive sentence counts whatever its language; a procedural one
    ('We thank the President') or the chair's does not, however it is coded: people's codes do not
    move a sentence into a group's share."""
    sentences, evidence = coded
    sentences = sentences.copy()
    sentences.loc[0, ["procedural", "counted"]] = [True, False]  # S/0/0: procedural
    sentences.loc[1, ["role", "country", "counted"]] = ["chair", None, False]  # S/0/1: the chair's
    sentences.loc[2, "counted"] = False  # S/1/0: a delegation's, left uncounted (its language, say)
    path = sheet(tmp_path, "\ufeffid\tthemes \nS/0/0\tskills\nS/0/1 \tgovernance\nS/1/0\tgovernance\n")
    done = overrides.apply(sentences, evidence, path, codebook.ids())
    assert done.sentences["overridden"].iloc[:3].all()
    assert done.sentences["counted"].iloc[:3].tolist() == [False, False, True]
