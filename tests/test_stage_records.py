"""What a stage makes again and what it leaves: its record under processed/.cache, on a two-session raw
folder.

The clean stage is the quick one (no parser), so it stands for every stage here: each runs through
`pipeline._run` and `stamps`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import catalogue, config, pipeline, stamps
from helpers import another_run_writing


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.txt,African Group\nLAC,lac.txt,GRULAC\n", encoding="utf-8"
    )
    (raw / "afr.txt").write_text("Chair: Welcome.\n\nKenya: Kenya values skills.\n", encoding="utf-8")
    (raw / "lac.txt").write_text("Chair: Welcome.\n\nBrazil: Brazil values skills.\n", encoding="utf-8")
    return raw


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.parquet")) if p.is_file()}


@pytest.fixture
def cleaned(tmp_path):
    raw, out = _raw(tmp_path), tmp_path / "out"
    first = pipeline.clean_stage(raw, out)
    assert not first.up_to_date
    return raw, out, first


def test_an_unchanged_rerun_is_up_to_date_says_so_and_keeps_its_summary(cleaned):
    raw, out, first = cleaned
    before = _bytes(out)
    again = pipeline.clean_stage(raw, out)
    assert again.up_to_date and again.counts == first.counts and again.outputs == first.outputs
    assert str(again) == f"clean (up to date): {first.describe()} -> {out}"
    assert str(first) == f"clean: {first.describe()} -> {out}"
    assert _bytes(out) == before


def test_force_makes_the_outputs_again_byte_for_byte(cleaned):
    raw, out, _ = cleaned
    before = _bytes(out)
    assert not pipeline.clean_stage(raw, out, force=True).up_to_date
    assert _bytes(out) == before


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("lac.txt", "Chair: Welcome.\n\nBrazil: Brazil values training.\n"),  # a transcript edited
        ("speakers.csv", "session_id,speaker,country,role\nLAC,Brazil,BRA,member_state\n"),  # one added
        ("sessions.csv", "session_id,file,group\nAFR,afr.txt,African Group\nLAC,lac.txt,GRULAC\n\n"),
    ],
)
def test_any_file_the_clean_stage_reads_that_changes_makes_it_run_again(cleaned, file, text):
    raw, out, _ = cleaned
    (raw / file).write_text(text, encoding="utf-8")
    assert not pipeline.clean_stage(raw, out).up_to_date
    assert pipeline.clean_stage(raw, out).up_to_date


@pytest.mark.parametrize("how", ["deleted", "edited"])
def test_an_output_deleted_or_edited_by_hand_is_made_again(cleaned, how):
    raw, out, _ = cleaned
    before = _bytes(out)
    if how == "deleted":
        (out / "turns.parquet").unlink()
    else:
        with open(out / "turns.parquet", "ab") as fh:
            fh.write(b"saved again")
    assert not pipeline.clean_stage(raw, out).up_to_date
    assert _bytes(out) == before


def test_a_record_that_cannot_be_read_means_the_stage_runs_again(cleaned):
    raw, out, _ = cleaned
    [record] = (out / stamps.STAMP_DIR).glob("stage-clean-*.json")
    record.write_text('{"fingerprint": "trunc', encoding="utf-8")  # a disk filled mid-write, a bad merge
    assert not pipeline.clean_stage(raw, out).up_to_date
    assert pipeline.clean_stage(raw, out).up_to_date


def test_a_processed_folder_copied_elsewhere_is_still_up_to_date(cleaned, tmp_path):
    raw, out, _ = cleaned
    copy = tmp_path / "colleague" / "out"
    shutil.copytree(out, copy)
    assert pipeline.clean_stage(raw, copy).up_to_date


def test_each_stage_keeps_its_own_record_in_a_folder(cleaned):
    """The clean stage's record and another stage's under one processed folder do not overwrite each other."""
    raw, out, _ = cleaned
    names = {stamps._stamp_path(out, stage.name, out).name for stage in (pipeline.CLEAN, pipeline.CODE,
                                                                          pipeline.COMPARE)}  # fmt: skip
    assert len(names) == 3
    stamps.record(out, "code", out, "fp", [out / "turns.parquet"], {})
    assert pipeline.clean_stage(raw, out).up_to_date


def test_the_record_names_outputs_relative_to_their_folder_with_their_hashes(cleaned):
    raw, out, first = cleaned
    [record] = (out / stamps.STAMP_DIR).glob("stage-clean-*.json")
    stamp = json.loads(record.read_text(encoding="utf-8"))
    assert stamp["outputs"] == sorted(p.name for p in first.outputs) == sorted(stamp["sha256"])
    assert "unread" not in stamp and stamp["fingerprint"]


def test_a_data_file_a_stage_reads_is_part_of_its_code_fingerprint(tmp_path):
    """An edited codebook (or country table) re-runs the stages that read it, though no module changed."""
    data = tmp_path / "codebook.yaml"
    data.write_text("version: 1\n", encoding="utf-8")
    before = stamps.code_fingerprint(("analysis.catalogue",), (data,))
    data.write_text("version: 2\n", encoding="utf-8")
    assert stamps.code_fingerprint(("analysis.catalogue",), (data,)) != before
    data.unlink()
    assert stamps.code_fingerprint(("analysis.catalogue",), (data,)) not in {before, ""}


def test_a_stages_code_covers_the_packages_its_modules_sit_in():
    """`analysis/__init__.py` (the version every provenance record carries) and a subpackage's __init__."""
    closure = stamps.module_closure(("analysis.coding.code",))
    assert config.PACKAGE_DIR / "__init__.py" in closure
    assert config.PACKAGE_DIR / "coding" / "__init__.py" in closure


def test_a_lazy_import_inside_a_function_is_part_of_the_closure(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from analysis.coding import codebook\n", encoding="utf-8")
    assert "analysis.coding.codebook" in stamps._imports(source)


def test_the_settings_are_part_of_the_fingerprint(tmp_path):
    """A figures layout, the compare stage's draws, the parser: another setting is another fingerprint."""
    assert stamps.fingerprint([], "code", layout="slides") != stamps.fingerprint([], "code", layout="report")
    assert stamps.fingerprint([], "code") != stamps.fingerprint([], "other code")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x", encoding="utf-8")
    b.write_text("y", encoding="utf-8")
    assert stamps.fingerprint([a], "code") != stamps.fingerprint([b], "code")


def test_a_module_imported_by_its_full_name_brings_the_packages_above_it(tmp_path, monkeypatch):
    """`import analysis.sub.mod` runs analysis/__init__.py and analysis/sub/__init__.py first: an edit to
    either changes what the stage does, so both are part of its code."""
    package = tmp_path / "analysis"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("LIMIT = 3\n", encoding="utf-8")
    (package / "sub" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (package / "entry.py").write_text("import analysis.sub.mod\n", encoding="utf-8")
    monkeypatch.setattr(config, "PACKAGE_DIR", package)
    stamps.module_closure.cache_clear()
    try:
        closure = stamps.module_closure(("analysis.entry",))
    finally:
        stamps.module_closure.cache_clear()
    assert closure == tuple(sorted(package / p for p in ("__init__.py", "entry.py", "sub/__init__.py",
                                                          "sub/mod.py")))  # fmt: skip


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """A processed folder cleaned from the two sessions and coded once (the default parser)."""
    tmp = tmp_path_factory.mktemp("coded")
    raw, out = _raw(tmp), tmp / "out"
    pipeline.clean_stage(raw, out)
    assert not pipeline.code_stage(out).up_to_date
    return out


@pytest.mark.model
def test_the_code_stages_provenance_names_codebook_model_and_input(coded):
    from analysis import __version__
    from analysis.coding import codebook, nlp

    prov = json.loads((coded / "provenance.json").read_text(encoding="utf-8"))
    cb, model = codebook.load(), nlp.model_info()
    assert prov == {
        "analysis_version": __version__,
        "codebook_version": cb.version,
        "codebook_hash": cb.hash,
        "spacy_model": model["name"],
        "spacy_model_version": model["version"],
        "spacy_version": model["spacy_version"],
        "input_sha256": hashlib.sha256((coded / "turns.parquet").read_bytes()).hexdigest(),
        "seed": config.SEED,
        "overrides": None,
    }


@pytest.mark.model
def test_another_parser_or_an_overrides_sheet_codes_the_turns_again(coded, monkeypatch, tmp_path):
    from analysis.coding import nlp

    assert pipeline.code_stage(coded).up_to_date
    first = pd.read_parquet(coded / "sentences.parquet")["sentence_id"].iloc[0]
    sheet = tmp_path / "corrections.tsv"
    sheet.write_text(f"id\tthemes\n{first}\tnone\n", encoding="utf-8")
    assert not pipeline.code_stage(coded, overrides=sheet).up_to_date
    assert pipeline.code_stage(coded, overrides=sheet).up_to_date
    sheet.write_text(f"id\tthemes\n{first}\tgovernance\n", encoding="utf-8")  # the sheet edited
    assert not pipeline.code_stage(coded, overrides=sheet).up_to_date
    renamed = sheet.rename(tmp_path / "corrections-checked.tsv")  # the same rows under another name
    assert not pipeline.code_stage(coded, overrides=renamed).up_to_date
    assert json.loads((coded / "provenance.json").read_text("utf-8"))["overrides"]["file"] == renamed.name
    assert not pipeline.code_stage(coded).up_to_date  # and without it, the machine's codes again
    real = nlp.pipeline_id
    monkeypatch.setattr(nlp, "pipeline_id", lambda nlp=None: real(nlp) + " (another model installed)")
    assert not pipeline.code_stage(coded).up_to_date


def _partly_readable(tmp_path: Path) -> Path:
    raw = _raw(tmp_path)
    (raw / "lac.txt").unlink()
    (raw / "lac.vtt").write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nBrazil: We support SMEs.\n")
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.txt,African Group\nLAC,lac.vtt,GRULAC\n", encoding="utf-8"
    )
    return raw


def test_a_file_that_could_not_be_read_is_tried_again_and_reported_again_on_an_unchanged_rerun(tmp_path):
    """A rerun must not say "up to date" (and exit 0) over turns that leave a session out."""
    raw, out = _partly_readable(tmp_path), tmp_path / "out"
    first = pipeline.clean_stage(raw, out)
    assert len(first.errors) == 1 and first.counts["sessions"] == 1
    again = pipeline.clean_stage(raw, out)
    assert not again.up_to_date and [str(e) for e in again.errors] == [str(e) for e in first.errors]
    assert "1 file(s) could not be read" in str(again)


def test_the_warning_of_a_partial_clean_goes_with_the_turns_it_was_about(tmp_path):
    """Turns put in place of those the partial clean wrote (copied from a full run) are not said to lack
    a session."""
    raw, out = _partly_readable(tmp_path), tmp_path / "out"
    pipeline.clean_stage(raw, out)
    assert pipeline.partial_turns(out)
    (tmp_path / "full").mkdir()
    full = pipeline.clean_stage(_raw(tmp_path / "full"), tmp_path / "full" / "out")
    shutil.copy(full.folder / "turns.parquet", out / "turns.parquet")
    assert pipeline.partial_turns(out) == []


def test_a_stage_that_cannot_write_one_output_replaces_none(cleaned):
    """All or nothing: the turns of the edited transcript are not written beside the sessions table of
    the run before (a folder in the way of sessions.parquet, as a full disk would be)."""
    raw, out, _ = cleaned
    before = _bytes(out)
    (raw / "lac.txt").write_text("Chair: Welcome.\n\nBrazil: Brazil values training.\n", encoding="utf-8")
    (out / "sessions.parquet").unlink()
    (out / "sessions.parquet").mkdir()
    with pytest.raises(OSError, match="sessions.parquet"):
        pipeline.clean_stage(raw, out)
    assert _bytes(out) == {k: v for k, v in before.items() if k != "sessions.parquet"}


def test_a_stage_whose_code_reads_a_data_file_is_run_again_when_that_file_changes():
    """The country table is read by the code stage too (`is_procedural_sentence`: "Thank you, we support
    KEN." only runs the meeting); an edit that leaves the turns as they were left the sentences coded by the
    old table, the stage "up to date". Each data file belongs to the stages whose code loads it."""
    from analysis.comparison import discover
    from analysis.ingest import language

    loaded_by = {
        "countries.py": config.COUNTRY_TABLE,
        "coding/codebook.py": config.CODEBOOK,
        "comparison/discover.py": discover.STOPLIST,
        "catalogue.py": catalogue.SOURCE,
        "ingest/language.py": language.WORDS,  # clean and code tell each turn's and sentence's language
    }
    # compare imports `ingest.language` only with `attendance.is_counted`, which reads none of its words
    reads_none = {("compare", "ingest/language.py")}
    for stage in (pipeline.CLEAN, pipeline.CODE, pipeline.COMPARE, pipeline.FIGURES):
        closure = {p.relative_to(config.PACKAGE_DIR).as_posix() for p in stamps.module_closure(stage.modules)}
        closure -= {module for name, module in reads_none if name == stage.name}
        wanted = {data for module, data in loaded_by.items() if module in closure}
        assert wanted <= set(stage.data), (stage.name, sorted(p.name for p in wanted - set(stage.data)))


@pytest.mark.model
def test_other_draws_or_an_edited_validation_sheet_compare_the_groups_again(coded, monkeypatch, tmp_path):
    """ANALYSIS_BOOTSTRAP exported in a shell, or a sheet recoded by the team: other numbers, so not "up
    to date" with the tables of the run before."""
    assert not pipeline.compare_stage(coded).up_to_date
    assert pipeline.compare_stage(coded).up_to_date
    monkeypatch.setattr(config, "N_BOOTSTRAP", config.N_BOOTSTRAP + 1)
    assert not pipeline.compare_stage(coded).up_to_date
    assert pipeline.compare_stage(coded).up_to_date
    sentences = pd.read_parquet(coded / "sentences.parquet")
    counted = sentences[sentences["counted"]]
    sheet = tmp_path / "validation.tsv"
    rows = "".join(f"{t}\t{g}\tnone\n" for t, g in zip(counted["text"], counted["group"], strict=True))
    sheet.write_text("text\tgroup\tthemes\n" + rows, encoding="utf-8")
    assert not pipeline.compare_stage(coded, validation=sheet).up_to_date
    assert pipeline.compare_stage(coded, validation=sheet).up_to_date
    sheet.write_text(
        "text\tgroup\tthemes\n" + rows.replace("\tnone\n", "\tgovernance\n", 1), encoding="utf-8"
    )
    assert not pipeline.compare_stage(coded, validation=sheet).up_to_date


def test_every_file_a_stage_could_not_read_is_raised_not_only_the_first(tmp_path):
    """Two broken transcripts: the CLI's one error lists both, so a person mends both before the next run."""
    from analysis.errors import InputErrors

    raw, out = _partly_readable(tmp_path), tmp_path / "out"
    (raw / "afr.txt").unlink()
    (raw / "afr.vtt").write_bytes(b"WEBVTT\n\n00:00:0x.000 --> 00:00:04.000\nKenya: We support SMEs.\n")
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.vtt,African Group\nLAC,lac.vtt,GRULAC\n"
        "APG,apg.txt,Asia-Pacific Group\n",
        encoding="utf-8",
    )
    (raw / "apg.txt").write_text("Chair: Welcome.\n\nJapan: Japan values skills.\n", encoding="utf-8")
    result = pipeline.clean_stage(raw, out)
    assert result.counts["sessions"] == 1 and result.counts["unattributed"] == 0
    with pytest.raises(InputErrors) as err:
        result.raise_errors()
    assert "afr.vtt" in str(err.value) and "lac.vtt" in str(err.value)


def test_a_stage_that_could_not_record_its_work_says_so_before_doing_it(cleaned, monkeypatch):
    """processed/.cache taken by a file: the stage stops before minutes of cleaning or coding, naming it,
    not after writing outputs it cannot record."""
    from analysis import ingest

    raw, out, _ = cleaned
    before = _bytes(out)
    shutil.rmtree(out / stamps.STAMP_DIR)
    (out / stamps.STAMP_DIR).write_text("not a folder", encoding="utf-8")
    (raw / "lac.txt").write_text("Chair: Welcome.\n\nBrazil: Brazil values training.\n", encoding="utf-8")
    monkeypatch.setattr(ingest, "clean_batch", lambda *a, **k: pytest.fail("cleaned before the check"))
    with pytest.raises(NotADirectoryError, match=r"\.cache"):
        pipeline.clean_stage(raw, out)
    assert _bytes(out) == before


def test_a_manifest_of_one_regional_group_is_refused_before_any_work(tmp_path):
    from analysis.errors import InputError

    raw = _raw(tmp_path)
    pipeline.check_groups(raw)  # two groups: nothing to say
    (raw / "sessions.csv").write_text("session_id,file,group\nAFR,afr.txt,African Group\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"at least two regional groups; this manifest lists 1 \(African Group\)"
    ):
        pipeline.check_groups(raw)


def test_a_stage_waits_while_another_run_writes_its_folder(tmp_path):
    """`clean` into a processed folder that another run (`themes`, `run`, a notebook) is writing: the stage
    takes its turn rather than writing turns between the other run's stages."""
    import threading

    raw, out = _raw(tmp_path), tmp_path / "out"
    out.mkdir()
    with another_run_writing(out) as (_, release):
        done = threading.Event()
        second = threading.Thread(target=lambda: (pipeline.clean_stage(raw, out), done.set()))
        second.start()
        assert not done.wait(1.0) and not (out / "turns.parquet").exists()
        release()
        assert done.wait(120)  # a loaded CI machine: the wait is the lock's, not the clean's
        second.join()
    assert (out / "turns.parquet").is_file()


def _last_run_had_sheets(processed: Path) -> None:
    """The records the last `themes --overrides corrections.tsv --validation our-sheet.tsv` left."""
    processed.mkdir()
    catalogue.path(processed, "provenance").write_text(
        json.dumps({"overrides": {"file": "corrections.tsv"}}), encoding="utf-8"
    )
    catalogue.path(processed, "validation").write_text(
        json.dumps({"file": "our-sheet.tsv"}), encoding="utf-8"
    )


def test_a_sheet_the_last_run_used_is_said_dropped_only_when_this_run_has_none(tmp_path):
    """Given its own --overrides or --validation (the same sheet or another), a run drops nothing: no
    warning that it codes those sentences by the codebook again or has no corrected shares."""
    processed = tmp_path / "p"
    _last_run_had_sheets(processed)
    sheet = tmp_path / "corrections.tsv"
    assert pipeline.dropped(processed, sheet, tmp_path / "checked.tsv") == []
    [over] = pipeline.dropped(processed, None, tmp_path / "checked.tsv")
    assert over.startswith("the last run took people's codes from corrections.tsv; without --overrides")
    [valid] = pipeline.dropped(processed, sheet, None)
    assert valid.startswith("the last run corrected the shares with our-sheet.tsv; without --validation")
