"""The catalogue: one list of outputs, their schemas enforced where tables are written and read."""

from __future__ import annotations

import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import catalogue, config, pipeline, stamps
from analysis.errors import InputError
from helpers import sentence_tables

PROV = {"codebook_version": "9.9.9", "codebook_hash": "ab" * 32, "spacy_model": "en_core_web_sm",
        "spacy_model_version": "3.8.0"}  # fmt: skip


def sentences():
    rows = [
        {"session_id": "S-1", "turn": 0, "country": "KEN", "text": "Café für alle.",
         "themes": "skills;inclusion", "evidence": "skills=training"},
        {"session_id": "S-1", "turn": 1, "country": None, "text": "Thank you.", "themes": []},
    ]  # fmt: skip
    return sentence_tables(rows)


def test_every_output_belongs_to_a_stage_and_every_file_name_is_unique():
    names = [f for stage in catalogue.STAGES[:-1] for f in catalogue.stage_files(stage)]
    assert len(names) == len(set(names))
    assert "turns.parquet" in catalogue.stage_files("clean")
    assert catalogue.stage_outputs("code") == ["sentences", "evidence", "provenance"]
    assert "theme_prevalence.csv" in catalogue.stage_files("compare")  # the contract's file, for people
    for figure in catalogue.FIGURES.values():
        assert catalogue.table(figure.table).stage == "compare", figure.name


def test_the_contract_columns_lead_the_turns_and_prevalence_schemas():
    assert catalogue.table("turns").column_names()[:8] == [
        "session_id", "group", "turn", "speaker", "country", "role", "text", "source",
    ]  # fmt: skip
    prevalence = catalogue.table("theme_prevalence").column_names()
    assert {"group", "theme", "share", "ci_low", "ci_high", "n_units", "n_delegations"} <= set(prevalence)


def test_conform_orders_and_types_columns_and_keeps_lists_as_lists():
    s, e = sentences()
    shuffled = s[list(reversed(s.columns))].astype({"turn": "float64"})
    out = catalogue.conform("sentences", shuffled)
    assert list(out.columns) == catalogue.table("sentences").column_names()
    assert out["turn"].dtype == "int64" and out["counted"].dtype == bool
    assert [list(t) for t in out["themes"]] == [["skills", "inclusion"], []]
    assert e[["sentence_id", "theme", "text"]].values.tolist() == [["S-1/0/0", "skills", "training"]]


def test_a_list_column_of_lists_of_strings_goes_to_arrow_whole_and_other_cells_are_read_one_by_one(
    monkeypatch,
):
    """The code stage's lists of lemmas, phrases and themes (half a million cells over ten General Debate
    years) go to Arrow as they are; a cell that is a joined string, a tuple, a number or missing is read
    by `list_cell`, as before."""
    s, _ = sentences()
    read: list = []
    cell = catalogue.list_cell
    monkeypatch.setattr(catalogue, "list_cell", lambda v: read.append(v) or cell(v))
    lists = s.assign(themes=[["skills", "inclusion"], []], lemmas=[["youth"], ["skill", "job"]])
    out = catalogue.conform("sentences", lists)
    assert read == [] and [list(t) for t in out["themes"]] == [["skills", "inclusion"], []]
    for mixed, expected in [
        (["skills; inclusion", []], [["skills", "inclusion"], []]),
        ([("skills",), []], [["skills"], []]),
        ([[4, "skills"], []], [["4", "skills"], []]),
    ]:
        read.clear()
        out = catalogue.conform("sentences", s.assign(themes=mixed))
        assert [list(t) for t in out["themes"]] == expected and len(read) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda df: df.drop(columns="counted"), "lacks column(s) counted"),
        (lambda df: df.assign(colour="red"), "not in its schema: colour"),
        (lambda df: df.assign(session_id=[None, "S-1"]), "session_id has nulls"),
        (lambda df: df.assign(turn=["one", "two"]), "column turn is not int"),
        (lambda df: df.assign(counted=[True, None]), "column counted is not bool"),
    ],
)
def test_a_table_that_breaks_its_schema_never_passes(change, message):
    s, _ = sentences()
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        catalogue.conform("sentences", change(s))


def test_encode_then_read_gives_the_same_table_with_provenance_in_the_parquet(tmp_path):
    s, _ = sentences()
    files = catalogue.encode("sentences", s, PROV)
    assert list(files) == ["sentences.parquet"]  # no CSV: sentences are for the code, not for people
    (tmp_path / "sentences.parquet").write_bytes(files["sentences.parquet"])
    back = catalogue.read(tmp_path, "sentences")
    pd.testing.assert_frame_equal(back, catalogue.conform("sentences", s))
    meta = pq.read_schema(io.BytesIO(files["sentences.parquet"])).metadata
    assert b"9.9.9" in meta[b"analysis.provenance"] and meta[b"analysis.table"] == b"sentences"
    assert catalogue.encode("sentences", s, PROV) == files  # deterministic bytes


def test_a_csv_export_is_for_people_lists_joined_and_stamped(tmp_path):
    s, e = sentences()
    quotes = pd.DataFrame([{
        "group": "African Group", "theme": "skills", "theme_label": "Skills and capacity-building",
        "theme_short": "Skills", "rank": 1, "country": "KEN",
        "delegation": "Kenya", "speaker": "Kenya", "text": "Café für alle.",
        "evidence": ["training", "skills"],
        "source": "a.vtt:1", "locator": "a.vtt:1, characters 0-14",
        "sentence_id": "S-1/0/0", "session_id": "S-1", "turn": 0, "sentence": 0,
        "n_words": 3, "score": 2,
    }])  # fmt: skip
    files = catalogue.encode("quotes", quotes, PROV)
    csv = pd.read_csv(io.BytesIO(files["quotes.csv"]))
    assert csv.columns.tolist() == catalogue.csv_export("quotes", quotes, PROV).columns.tolist()  # no index
    assert csv.loc[0, "evidence"] == "training;skills"
    assert csv.loc[0, "codebook_version"] == "9.9.9" and csv.loc[0, "spacy_model"] == "en_core_web_sm 3.8.0"
    assert "codebook_version" not in catalogue.table("quotes").column_names()  # stamps only in the export


def test_reading_a_missing_or_broken_table_says_which_command_makes_it_in_that_folder(tmp_path):
    with pytest.raises(
        InputError, match=re.escape(f"run `python -m analysis themes --processed {tmp_path}` first")
    ):
        catalogue.read(tmp_path, "theme_prevalence")
    clean = f"run `python -m analysis clean --raw RAW --out {tmp_path}` first"
    with pytest.raises(InputError, match=re.escape(clean)):
        catalogue.read(tmp_path, "turns")
    # the default folder needs no option; a folder with a space is quoted, so the command runs as printed
    assert catalogue.run_hint("turns", config.PROCESSED_DIR) == "run `python -m analysis clean` first"
    assert catalogue.run_hint("sentences", "/tmp/my data") == (
        "run `python -m analysis themes --processed '/tmp/my data'` first"
    )
    (tmp_path / "turns.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="not a readable table"):
        catalogue.read(tmp_path, "turns")


def test_a_table_written_before_a_column_was_added_says_to_run_its_stage_again(tmp_path):
    s, _ = sentence_tables([{"group": "African Group", "country": "KEN", "themes": []}])
    pq.write_table(pa.Table.from_pandas(s.drop(columns="vetoed_by")), catalogue.path(tmp_path, "sentences"))
    with pytest.raises(InputError, match=r"lacks column\(s\) vetoed_by: written by an older version; run "
                       r"`python -m analysis themes` again"):  # fmt: skip
        catalogue.read(tmp_path, "sentences")


def test_a_table_written_by_pandas_itself_reads_by_the_catalogue_not_its_metadata(tmp_path):
    """pandas' own Parquet metadata names a list column's type as 'list<item: string>[pyarrow]', a string
    pandas 2.2 cannot parse back (pyarrow 15 asks it to): such a file failed with a TypeError traceback.
    The catalogue's types are what `read` restores, so pandas' metadata is not consulted."""
    s, _ = sentence_tables([{"group": "African Group", "country": "KEN", "themes": ["T1", "T2"]}])
    s.to_parquet(catalogue.path(tmp_path, "sentences"))
    back = catalogue.read(tmp_path, "sentences")
    pd.testing.assert_frame_equal(back, catalogue.conform("sentences", s))
    assert back["themes"].tolist() == [["T1", "T2"]]


def _closure(stage) -> set[str]:
    return {p.relative_to(p.parents[1]).as_posix() if p.parent.name != "analysis" else p.name
            for p in stamps.module_closure(tuple(sorted(stage.modules)))}  # fmt: skip


def test_each_stage_fingerprints_the_code_it_runs_and_nothing_else():
    clean, code, compare, figures = (_closure(s) for s in (pipeline.CLEAN, pipeline.CODE, pipeline.COMPARE,
                                                           pipeline.FIGURES))  # fmt: skip
    assert "catalogue.py" in clean & code & compare & figures  # a schema change re-runs them all
    # a colour re-draws the figures only
    assert "report/style.py" in figures and "report/style.py" not in clean | code | compare
    assert "coding/matcher.py" in code and "coding/matcher.py" not in clean | compare | figures
    assert "comparison/compare.py" in compare and "comparison/compare.py" not in clean | code | figures
    assert not {p for p in clean if p.startswith(("coding/", "comparison/"))}
    # how an analyst's corrections are read and applied: a change to either re-codes with --overrides
    # (the code stage said "up to date" and kept the overrides the old code had applied)
    assert {"coding/overrides.py", "coding/sheets.py"} <= code
    # whose speech counts, and what clean writes and says with it (sessions.observers, guests, silent
    # sessions): a change re-runs clean, and the code stage, which applies the rule per sentence
    assert "ingest/attendance.py" in clean & code


def test_the_catalogue_page_in_docs_is_current():
    from analysis import config

    page = (config.ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    stale = "docs/catalogue.md is stale: run python -m analysis catalogue > docs/catalogue.md"
    assert page == catalogue.markdown(), stale


def _readme_stage_table() -> dict[str, str]:
    """The README's table of what `make figures` writes: each stage -> the text of its rows' file cells."""
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| stage | writes | what |", 1)[1].split("\n\n", 1)[0]
    cells: dict[str, str] = {}
    stage = ""
    for row in table.splitlines()[2:]:
        parts = [c.strip() for c in row.strip().strip("|").split("|")]
        stage = parts[0] or stage
        cells[stage] = cells.get(stage, "") + " " + parts[1]
    return cells


def test_the_readme_names_every_output_under_the_stage_that_writes_it():
    """The README's stage table is where a newcomer learns what each stage leaves in data/processed: it
    named no sessions.parquet (every figure's source line) and no validation.json (the sheet behind the
    corrected shares), and gave five compare tables only in prose, so a new table went unnoticed."""
    cells = _readme_stage_table()
    assert set(cells) == {"clean", "code", "compare", "figures"}
    outputs = {**catalogue.TABLES, **catalogue.DOCUMENTS}
    missing = {
        name: out.stage
        for name, out in outputs.items()
        if not re.search(rf"`(data/processed/)?{re.escape(name)}(\.[^`]*)?`", cells[out.stage])
    }
    assert not missing, f"name these outputs in the README's stage table, in their stage's rows: {missing}"


def test_a_module_edited_during_a_session_is_read_again_for_its_imports(tmp_path):
    # the parsed imports are shared between stages' closures, but only for the same version of a file:
    # an analyst editing a module in a running kernel changes what the next fingerprint covers
    source = tmp_path / "mod.py"
    source.write_text("from analysis import config\n", encoding="utf-8")
    assert stamps._imports(source) == {"analysis", "analysis.config"}
    source.write_text("from analysis import config\nimport analysis.io  # and one more\n", encoding="utf-8")
    assert stamps._imports(source) == {"analysis", "analysis.config", "analysis.io"}


def test_a_nullable_boolean_column_keeps_its_nulls_and_a_plain_one_refuses_them():
    from analysis.catalogue import Column, _cast

    flags = pd.Series([True, None, False], dtype=object)
    kept = _cast(flags, Column("flag", "bool", "", nullable=True))
    assert str(kept.dtype) == "boolean" and kept.isna().tolist() == [False, True, False]
    assert kept.dropna().tolist() == [True, False]  # a null is not read as False
    with pytest.raises(ValueError, match="has nulls"):
        _cast(flags, Column("flag", "bool", ""))


def test_the_coders_errors_untested_for_lack_of_groups_are_not_flagged_false():
    """With one validated group there is no test across groups: p is null, and so is the flag (False
    would read as 'the coder's errors do not differ by group')."""
    from analysis.comparison.agreement import differential_misclassification

    frame = pd.DataFrame({"group": ["Arab Group"] * 4, "country": ["EGY", "EGY", "JOR", "JOR"]})
    machine = pd.DataFrame({"skills": [1, 0, 1, 0]})
    human = pd.DataFrame({"skills": [1, 1, 0, 0]}, index=frame.index)
    test = differential_misclassification(frame, machine, human, reps=9)
    assert test["p_value"].isna().all()
    assert test["flag"].isna().all()
    filler = {"str": "x", "int": 1, "float": 0.5, "bool": True, "list[str]": []}
    row = {
        c.name: None if c.nullable else filler[c.type]
        for c in catalogue.table("validation_agreement").columns
    }
    table = catalogue.conform("validation_agreement", pd.DataFrame([row]))
    assert table["differential_flag"].isna().all()  # conformed as null, not refused nor read as False


def test_a_table_is_written_sorted_by_its_catalogue_keys_whatever_order_it_came_in():
    s, _ = sentence_tables(
        [
            {"session_id": sid, "turn": turn, "themes": []}
            for sid, turn in (("S-2", 0), ("S-1", 3), ("S-1", 1))
        ]
    )
    files = catalogue.encode("sentences", s)
    back = pd.read_parquet(io.BytesIO(files["sentences.parquet"]))
    assert back[["session_id", "turn"]].values.tolist() == [["S-1", 1], ["S-1", 3], ["S-2", 0]]


def test_reading_some_columns_gives_them_their_declared_types(tmp_path):
    """A nullable int column read alone keeps its nulls as nulls of an int column, not floats."""
    log = pd.DataFrame(
        {"session_id": ["S-1", "S-1"], "turn": [0, None], "what": ["uh", "[music]"],
         "why": ["filler", "annotation"], "source": ["a.vtt:1", "a.vtt:2"]}
    )  # fmt: skip
    (tmp_path / "cleaning_log.parquet").write_bytes(
        catalogue.encode("cleaning_log", log)["cleaning_log.parquet"]
    )
    part = catalogue.read(tmp_path, "cleaning_log", columns=["turn", "why"])
    whole = catalogue.read(tmp_path, "cleaning_log")
    assert part.dtypes.to_dict() == whole[["turn", "why"]].dtypes.to_dict()
    assert part["turn"].dtype == "Int64" and part["turn"].isna().tolist() == [False, True]


def test_a_missing_list_is_a_null_the_schema_refuses_not_an_empty_list():
    s, _ = sentences()
    s["themes"] = [["skills"], None]
    with pytest.raises(InputError, match="column themes has nulls"):
        catalogue.conform("sentences", s)


def test_a_table_that_records_no_turns_it_came_from_is_not_called_stale(tmp_path):
    """Only a table whose provenance names other turns than the folder's is stale; one written without
    provenance (an import, an older version) says nothing either way."""
    (tmp_path / "turns.parquet").write_bytes(b"the turns now")
    s, _ = sentences()
    (tmp_path / "sentences.parquet").write_bytes(catalogue.encode("sentences", s)["sentences.parquet"])
    catalogue.check_in_step(tmp_path, ["sentences"])  # no provenance: not refused
    stale = catalogue.encode("sentences", s, {"input_sha256": "0" * 64})
    (tmp_path / "sentences.parquet").write_bytes(stale["sentences.parquet"])
    with pytest.raises(InputError, match="sentences was made from the turns before the last clean"):
        catalogue.check_in_step(tmp_path, ["sentences"])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda raw: raw["tables"]["sentences"].update(stage="parse"), "unknown stage 'parse'"),
        (lambda raw: raw["tables"]["sentences"].update(sort=["nope"]), "sorted by a column it does not have"),
        (lambda raw: next(iter(raw["figures"].values())).update(table="nope"), "no table 'nope'"),
    ],
)
def test_a_catalogue_file_with_a_mistake_is_refused_naming_it(tmp_path, edit, message):
    import yaml

    raw = yaml.safe_load(catalogue.SOURCE.read_text(encoding="utf-8"))
    edit(raw)
    broken = tmp_path / "catalogue.yaml"
    broken.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        catalogue._load(broken)


def test_a_joined_list_cell_splits_at_semicolons_dropping_empty_parts():
    assert catalogue.list_cell("skills; ;inclusion;") == ["skills", "inclusion"]
    assert catalogue.list_cell("") == []


def test_a_conformed_table_is_numbered_from_zero_whatever_rows_it_was_cut_from():
    s, _ = sentences()
    out = catalogue.conform("sentences", s.iloc[[1]])
    assert out.index.tolist() == [0] and out.loc[0, "text"] == "Thank you."


def test_the_catalogue_says_shares_are_proportions_where_figures_print_percent():
    """A figure reads '12%' and '+3 pp' while its CSV holds 0.12 and 0.03 (helper J's review)."""
    page = catalogue.markdown()
    assert "proportions from 0 to 1" in page and "percentage points" in page
