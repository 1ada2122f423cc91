"""End to end on the bundled sample: the contract's outputs, determinism, and safe failure.

One run of the whole pipeline (module-scoped) serves several specifications.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import catalogue, config

pytestmark = pytest.mark.slow

TURN_COLUMNS = ["session_id", "group", "turn", "speaker", "country", "role", "text", "source"]
PREVALENCE_COLUMNS = ["group", "theme", "share", "ci_low", "ci_high", "n_units", "n_delegations"]


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "ANALYSIS_BOOTSTRAP": "200",
            "ANALYSIS_PERMUTATIONS": "200",
            "ANALYSIS_EXACT_LIMIT": "2000",
            "ANALYSIS_CORRECTION_BOOTSTRAP": "400",
            "ANALYSIS_MISCLASSIFICATION_PERMUTATIONS": "199",
        },  # few draws: these tests check the pipeline, not precision
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("run")
    raw_before = tree_digest(config.RAW_DIR)
    processed, figures = base / "processed", base / "figures"
    run_cli("run", "--raw", str(config.RAW_DIR), "--processed", str(processed), "--out", str(figures))
    assert tree_digest(config.RAW_DIR) == raw_before, "the pipeline must never write to data/raw"
    return processed, figures


def test_turns_have_the_contract_columns(outputs):
    processed, _ = outputs
    turns = pd.read_parquet(processed / "turns.parquet")
    assert list(turns.columns[: len(TURN_COLUMNS)]) == TURN_COLUMNS
    assert set(turns["role"]) <= set(config.ROLES)
    manifest = pd.read_csv(config.RAW_DIR / "sessions.csv")
    assert set(turns["session_id"]) == set(manifest["session_id"])
    for sid, g in turns.groupby("session_id"):
        assert list(g["turn"]) == list(range(len(g))), f"turns of {sid} numbered from 0 in order"
    members = turns[turns["role"] == "member_state"]
    assert members["country"].notna().all()
    assert turns.loc[turns["role"].isin(["chair", "secretariat"]), "country"].isna().all()


def test_every_session_has_chair_secretariat_and_delegations(outputs):
    processed, _ = outputs
    turns = pd.read_parquet(processed / "turns.parquet")
    for sid, g in turns.groupby("session_id"):
        roles = set(g["role"])
        assert {"chair", "secretariat", "member_state"} <= roles, f"{sid}: {sorted(roles)}"
        assert g.loc[g["role"] == "member_state", "country"].nunique() >= 6, sid


def test_prevalence_follows_the_contract(outputs):
    processed, _ = outputs
    prev = pd.read_csv(processed / "theme_prevalence.csv")
    assert set(PREVALENCE_COLUMNS) <= set(prev.columns)
    assert prev["share"].between(0, 1).all()
    ok = prev["ci_low"].notna()
    assert (prev.loc[ok, "ci_low"] <= prev.loc[ok, "share"] + 1e-9).all()
    assert (prev.loc[ok, "share"] <= prev.loc[ok, "ci_high"] + 1e-9).all()
    assert prev.groupby("group")["theme"].nunique().eq(11).all()
    assert set(prev["group"]) == set(pd.read_csv(config.RAW_DIR / "sessions.csv")["group"])


def test_the_compare_stage_names_the_groups_corrected_from_fewer_than_twenty_validated_sentences():
    from analysis import pipeline

    counts = {"file": "v.tsv", "coded_rows": 120, "matched_rows": 118, "without": [], "unmatched": [],
              "tests": 10, "significant": 0, "flagged": [],
              "groups": {"African Group": 100, "Arab Group": 18}}  # fmt: skip
    said = pipeline._validated(counts)
    assert "fewer than 20 validated for Arab (corrected intervals rough)" in said, said
    assert "Africa" not in said.split("fewer than")[1]


def test_a_validation_row_left_out_may_be_speech_not_in_english():
    """A sheet row in Spanish matches a sentence no share counts; the message must not call it procedural."""
    from analysis import pipeline

    said = pipeline._not_counted(["line 7: Muchas gracias, señor Presidente, por la palabra"])
    assert "1 sheet row left out as sentences no share counts" in said
    assert "(procedural, the chair's or not in English: line 7:" in said, said


def test_the_bundled_validation_sample_corrects_the_shares(outputs):
    processed, _ = outputs
    prev = pd.read_parquet(processed / "theme_prevalence.parquet")
    sheet = pd.read_csv(config.RAW_DIR / "validation-sample.tsv", sep="\t", dtype=str, keep_default_na=False)
    record = json.loads((processed / "validation.json").read_text())
    # every row is a counted sentence, or one no share counts ("Thank you, Chair."): left out, coded none
    assert record["file"] == "validation-sample.tsv" and record["unmatched"] == []
    outside = [int(row.split(":")[0].removeprefix("line ")) - 2 for row in record["not_counted"]]
    assert record["matched_rows"] + len(outside) == len(sheet) and 0 < len(outside) < len(sheet) / 4
    assert set(sheet.loc[outside, "themes"]) == {"none"}
    per_group = sheet.drop(index=outside)["group"].value_counts().to_dict()
    assert prev.drop_duplicates("group").set_index("group")["n_validated"].to_dict() == per_group
    assert prev["corrected_share"].notna().all()
    agree = pd.read_parquet(processed / "validation_agreement.parquet")
    assert set(agree["group"]) == set(per_group) and agree["differential_p"].notna().all()


def test_a_sample_drawn_from_the_processed_folder_is_a_coding_sheet(outputs, tmp_path):
    processed, _ = outputs
    proc = run_cli("sample", "--processed", str(processed), "--n", "5", "--out", str(tmp_path / "sheet.tsv"))
    assert "30 counted sentences, 5 from each of 6 groups" in proc.stdout
    # more than a group has: each gives all it has, and the line does not claim 100 from each
    proc = run_cli("sample", "--processed", str(processed), "--out", str(tmp_path / "all.tsv"))
    assert "457 counted sentences, up to 100 from each of 6 groups (Africa: all 90;" in proc.stdout
    sheet = pd.read_csv(tmp_path / "sheet.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert (
        sheet.columns.tolist() == ["id", "group", "country", "text", "themes"]
        and (sheet["themes"] == "").all()
    )


def test_figures_come_with_their_numbers_and_provenance(outputs):
    _, figures = outputs
    pngs = sorted(figures.glob("*.png"))
    assert len(pngs) >= 5
    for png in pngs:
        for ext in (".svg", ".pdf", ".csv", ".provenance.json"):
            assert png.with_suffix(ext).is_file(), f"{png.stem}{ext} missing"


def test_tables_and_figures_drawn_with_fewer_draws_name_them(outputs):
    """An ANALYSIS_BOOTSTRAP left exported in an analyst's shell (the README's quick look) changed 35 of the
    sample's files, yet their provenance was the defaults' to the byte: same seed, same inputs, other numbers.
    These tests' run lowers every count, so every table and figure says which it took."""
    processed, figures = outputs
    lowered = {
        "bootstrap": 200,
        "permutations": 200,
        "exact_limit": 2000,
        "correction_bootstrap": 400,
        "misclassification_permutations": 199,
    }  # run_cli's
    records = sorted(figures.glob("*.provenance.json"))
    assert records and all(json.loads(r.read_text(encoding="utf-8"))["draws"] == lowered for r in records)
    for name in catalogue.stage_outputs("compare"):
        if name in catalogue.TABLES:
            assert catalogue.stamp(processed, name)["draws"] == lowered, name
    assert "draws" not in catalogue.read_document(processed, "provenance")  # the code stage draws nothing


def test_every_figure_names_its_source(outputs):
    processed, figures = outputs
    manifest = pd.read_csv(config.RAW_DIR / "sessions.csv")
    sessions = pd.read_parquet(processed / "sessions.parquet")
    assert sorted(sessions["session_id"]) == sorted(manifest["session_id"])
    for record in sorted(figures.glob("*.provenance.json")):
        prov = json.loads(record.read_text(encoding="utf-8"))
        assert prov["source"] == {
            "sessions": 6,
            "first_date": min(manifest["date"]),
            "last_date": max(manifest["date"]),
            "caveats": list(dict.fromkeys(manifest["caveat"])),  # the sample's: invented transcripts
            "observers": {"Western European and Others Group": ["European Union"]},
            "transcripts": {  # each file as on disk, so a figure's transcripts can be checked with sha256sum
                sid: {"file": f, "sha256": hashlib.sha256((config.RAW_DIR / f).read_bytes()).hexdigest()}
                for sid, f in sorted(zip(manifest["session_id"], manifest["file"], strict=True))
            },
        }
        assert prov["validation_sheet"]["file"] == "validation-sample.tsv"
        svg = record.with_name(record.name.replace(".provenance.json", ".svg")).read_text(encoding="utf-8")
        assert f"<!-- Source: 6 sessions, {min(manifest['date'])} to {max(manifest['date'])}" in svg
        assert "<!-- Illustrative only: invented sample transcripts" in svg
        # the validation sample is named where it corrects what is drawn (the shares; the differences
        # chart's marks of verdicts the correction changes), not on machine-coded figures
        corrected = record.name.startswith(("prevalence_", "differences_chart"))
        assert ("; validation sample validation-sample.tsv (" in svg) == corrected, record.name


def test_a_forced_second_run_changes_no_byte(outputs):
    processed, figures = outputs
    before = {**tree_digest(processed), **{f"figures/{k}": v for k, v in tree_digest(figures).items()}}
    run_cli(
        "run", "--raw", str(config.RAW_DIR), "--processed", str(processed), "--out", str(figures), "--force"
    )
    after = {**tree_digest(processed), **{f"figures/{k}": v for k, v in tree_digest(figures).items()}}
    assert sorted(after) == sorted(before)
    assert [name for name in sorted(before) if after[name] != before[name]] == []


def test_an_unchanged_rerun_does_nothing_and_says_so(outputs):
    processed, figures = outputs
    proc = run_cli("run", "--raw", str(config.RAW_DIR), "--processed", str(processed), "--out", str(figures))
    assert proc.stdout.count("up to date") == 4, proc.stdout  # clean, code, compare, figures


def test_a_project_moved_or_copied_elsewhere_is_still_up_to_date(outputs, tmp_path):
    """A colleague's copy of the project, or the same folder after a move, has the outputs its records name:
    nothing is made again (each stage ran anew, if from warm caches)."""
    processed, figures = outputs
    assert processed.parent == figures.parent
    moved = tmp_path / "elsewhere" / "project"  # the two folders as they stood beside each other
    shutil.copytree(processed, moved / processed.name)
    shutil.copytree(figures, moved / figures.name)
    proc = run_cli("run", "--raw", str(config.RAW_DIR), "--processed", str(moved / processed.name),
                   "--out", str(moved / figures.name))  # fmt: skip
    assert proc.stdout.count("up to date") == 4, proc.stdout


def test_a_missing_output_is_made_again(outputs):
    processed, figures = outputs
    before = tree_digest(figures)
    (figures / "rank_chart.svg").unlink()
    proc = run_cli("figures", "--processed", str(processed), "--out", str(figures))
    assert "up to date" not in proc.stdout
    assert tree_digest(figures) == before


def test_an_output_edited_by_hand_is_made_again(outputs):
    processed, figures = outputs
    before = tree_digest(figures)
    with open(figures / "rank_chart.csv", "a", encoding="utf-8") as fh:
        fh.write("edited in a spreadsheet\n")
    proc = run_cli("figures", "--processed", str(processed), "--out", str(figures))
    assert "up to date" not in proc.stdout
    assert tree_digest(figures) == before


def test_a_strict_failing_run_leaves_the_good_outputs_byte_identical(outputs, tmp_path):
    """--strict is all or nothing (without it, the readable files' outputs are written: test_cli)."""
    processed, figures = outputs
    before = tree_digest(processed)
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    broken = pd.read_csv(raw / "sessions.csv")
    (raw / broken.loc[len(broken) - 1, "file"]).write_bytes(b"")  # an empty export
    proc = run_cli("clean", "--raw", str(raw), "--out", str(processed), "--strict", check=False)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert broken.loc[len(broken) - 1, "file"] in proc.stderr
    assert tree_digest(processed) == before


def test_an_analysts_corrections_are_applied_counted_and_recorded(outputs, tmp_path):
    processed = tmp_path / "processed"
    shutil.copytree(outputs[0], processed)
    sentences = pd.read_parquet(processed / "sentences.parquet")
    first = sentences[sentences["counted"]].iloc[0]
    corrections = tmp_path / "corrections.tsv"
    corrections.write_text(f"id\tthemes\n{first['sentence_id']}\tgovernance\nnowhere/0/0\tnone\n", "utf-8")
    proc = run_cli("themes", "--processed", str(processed), "--overrides", str(corrections))
    assert "1 sentence coded by people from corrections.tsv, 1 sheet row not found" in proc.stdout
    assert "line 3: nowhere/0/0" in proc.stdout
    assert proc.stderr == (  # the run before had the bundled validation sample; this one has none
        "warning: the last run corrected the shares with validation-sample.tsv; without --validation "
        "this one has no corrected shares\n"
    )
    after = pd.read_parquet(processed / "sentences.parquet").set_index("sentence_id")
    assert list(after.loc[first["sentence_id"], "themes"]) == ["governance"]
    assert after["overridden"].sum() == 1
    record = json.loads((processed / "provenance.json").read_text())["overrides"]
    assert record["file"] == "corrections.tsv" and record["matched_rows"] == 1
    # without the sheet, the machine's codes come back (the sheet is an input of the code stage),
    # and the run says so rather than undoing the team's codes quietly
    proc = run_cli("themes", "--processed", str(processed))
    assert (
        "warning: the last run took people's codes from corrections.tsv; without --overrides" in proc.stderr
    )
    again = pd.read_parquet(processed / "sentences.parquet").set_index("sentence_id")
    assert list(again.loc[first["sentence_id"], "themes"]) == list(first["themes"])
    assert json.loads((processed / "provenance.json").read_text())["overrides"] is None


def test_sheets_that_cannot_serve_are_refused_before_the_code_stage_runs(outputs, tmp_path):
    """The same sentence in --overrides and --validation (the coder's errors cannot be measured on codes
    people replaced), or a validation sheet with a typo, used to stop the run only after the code stage,
    minutes into a General Debate run. Both sheets are read first; nothing is written."""
    processed = tmp_path / "processed"
    shutil.copytree(outputs[0], processed)
    before = tree_digest(processed)
    sample = config.RAW_DIR / "validation-sample.tsv"
    lines = sample.read_text("utf-8").splitlines()
    corrections = tmp_path / "corrections.tsv"
    corrections.write_text("\n".join([lines[0], lines[3]]) + "\n", "utf-8")  # the row on line 4 of the sample
    proc = run_cli("themes", "--processed", str(processed), "--overrides", str(corrections),
                   "--validation", str(sample), check=False)  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().endswith(
        "validation-sample.tsv: 1 of its sentences carry people's codes from --overrides (lines 4): the "
        "coder's errors cannot be measured on them, and the corrected shares would say it made none. Leave "
        "the validation sample's sentences out of the overrides sheet (or run themes without --overrides)"
    )
    assert proc.stdout == "" and tree_digest(processed) == before
    typo = tmp_path / "typo.tsv"
    typo.write_text("\n".join([lines[0], lines[1].rsplit("\t", 1)[0] + "\tgovernence"]) + "\n", "utf-8")
    proc = run_cli("themes", "--processed", str(processed), "--overrides", str(corrections),
                   "--validation", str(typo), check=False)  # fmt: skip
    assert proc.returncode == 2 and "typo.tsv:2" in proc.stderr and "governence" in proc.stderr
    assert proc.stdout == "" and tree_digest(processed) == before


def test_after_a_clean_figures_and_samples_wait_for_the_themes_of_the_new_turns(outputs, tmp_path):
    """A clean into a folder that holds theme tables replaces the turns and sessions only: a figure would
    draw the old shares under the new sessions' caption, a sample draw sentences of sessions gone. Both
    say what to run, in that folder; after it they work."""
    processed = tmp_path / "processed"
    shutil.copytree(outputs[0], processed)
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    sessions = pd.read_csv(raw / "sessions.csv")
    sessions.iloc[1:].to_csv(raw / "sessions.csv", index=False)  # one session fewer
    run_cli("clean", "--raw", str(raw), "--out", str(processed))
    hint = f"run `python -m analysis themes --processed {processed}` first"
    proc = run_cli("figures", "--processed", str(processed), "--out", str(tmp_path / "f"), check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "were made from the turns before the last clean" in proc.stderr and hint in proc.stderr
    assert not (tmp_path / "f").exists()
    proc = run_cli("sample", "--processed", str(processed), "--out", str(tmp_path / "s.tsv"), check=False)
    assert proc.returncode == 2 and "sentences was made from the turns before the last clean" in proc.stderr
    proc = run_cli("export", "--processed", str(processed), "--out", str(tmp_path / "s.qdpx"), check=False)
    assert proc.returncode == 2 and "were made from the turns before the last clean" in proc.stderr
    run_cli("themes", "--processed", str(processed))
    run_cli("sample", "--processed", str(processed), "--out", str(tmp_path / "s.tsv"))


def test_a_missing_table_names_the_folder_it_is_missing_from(tmp_path):
    proc = run_cli(
        "figures", "--processed", str(tmp_path / "empty"), "--out", str(tmp_path / "f"), check=False
    )
    assert proc.returncode == 2
    assert f"run `python -m analysis themes --processed {tmp_path / 'empty'}` first" in proc.stderr


def _one_group_raw(tmp_path: Path) -> Path:
    """A raw folder holding the bundled sample's Arab Group session alone."""
    raw = tmp_path / "raw"
    raw.mkdir()
    sessions = pd.read_csv(config.RAW_DIR / "sessions.csv")
    arab = sessions[sessions["group"] == "Arab Group"]
    arab.to_csv(raw / "sessions.csv", index=False)
    shutil.copy(config.RAW_DIR / arab.iloc[0]["file"], raw)
    return raw


def test_one_regional_group_is_refused_with_a_reason_not_drawn_as_empty_figures(outputs, tmp_path):
    raw = _one_group_raw(tmp_path)
    proc = run_cli("run", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "f"),
                   check=False)  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        f"error: {raw / 'sessions.csv'}: comparing groups needs sessions of at least two regional groups; "
        "this manifest lists 1 (Arab Group): add the other groups' sessions"
    )
    assert not (tmp_path / "f").exists() and not (tmp_path / "p").exists()  # refused before any work


def test_themes_on_turns_of_one_group_names_the_table_it_read(tmp_path):
    """The contract: a command that cannot do its work says so in one line naming the file. `themes` on a
    folder cleaned from one group's sessions named none ('error: comparing groups needs ...')."""
    raw = _one_group_raw(tmp_path)
    run_cli("clean", "--raw", str(raw), "--out", str(tmp_path / "p"))
    proc = run_cli("themes", "--processed", str(tmp_path / "p"), check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'p' / 'sentences.parquet'}: comparing groups needs counted delegation "
        "sentences from at least two regional groups; these sessions give 1 (Arab Group): add the other "
        "groups' sessions to sessions.csv"
    ]


def test_an_unreadable_transcript_stops_the_run_before_any_figure_is_drawn(tmp_path):
    """A figure drawn without a session the manifest lists (a whole group's, here) says nothing of it:
    `run` stops after cleaning the good files, naming the bad one, as `make figures` does."""
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    (raw / "broken.docx").write_bytes(b"not a zip file at all")
    with (raw / "sessions.csv").open("a", encoding="utf-8") as fh:
        fh.write("extra-session,broken.docx,Arab Group\n")
    proc = run_cli("run", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "f"),
                   check=False)  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "broken.docx" in proc.stderr and "not a readable Word .docx file" in proc.stderr
    assert (tmp_path / "p" / "turns.parquet").exists()  # the good files are cleaned
    assert not (tmp_path / "p" / "sentences.parquet").exists() and not (tmp_path / "f").exists()


def test_the_observers_of_a_session_are_those_whose_speech_counts():
    """An observer counts with the session's group only for substantive speech with a known country:
    not a member state, not an observer who only raised a point of order, not an unidentified one."""
    from analysis.ingest.attendance import observers_of

    sessions = pd.DataFrame({"session_id": ["W", "A", "E", "X"]})
    turns = pd.DataFrame(
        {
            "session_id": ["W", "W", "W", "W", "A", "A", "E", "X", "X"],
            "role": ["member_state", *["observer"] * 5, "chair", "observer", "observer"],
            "procedural": [False, False, False, False, True, False, False, False, False],
            "country": ["DEU", "EU", "EU", "VAT", "EU", None, None, "PSE", "EU"],
            "delegation": [
                "Germany",
                *["European Union"] * 2,
                "Holy See",
                "European Union",
                "?",
                None,
                None,
                "EU",
            ],
            "text": ["We", "We", "We too", "We", "Point of order", "We", "Order", "We", "  "],
        }
    )
    # X: named by its country code where the delegation is unknown; a turn with no words counts for nothing
    assert observers_of(sessions, turns) == [["European Union", "Holy See"], [], [], ["PSE"]]


def test_a_turn_whose_procedural_flag_is_unknown_counts_as_substantive():
    """A turns table read back with a null in ``procedural`` (no rule said it was procedural) counts it."""
    from analysis.ingest.attendance import is_counted

    role = pd.Series(["member_state", "member_state", "observer", "chair"])
    procedural = pd.Series([None, True, float("nan"), None], dtype=object)
    country = pd.Series(["KEN", "KEN", "EU", None])
    assert is_counted(role, procedural, country).tolist() == [True, False, True, False]


def test_the_speakers_given_no_delegation_are_the_labelled_ones_each_named_once():
    """Text before any label (no speaker) is not a speaker to name; a label with stray spaces is the same
    speaker as without them; a chair is never unknown."""
    from analysis.ingest.attendance import unknown_speakers

    turns = pd.DataFrame(
        {"session_id": ["S"] * 6 + ["T"],
         "speaker": [" Wakanda ", "Wakanda", "", None, "   ", "Chair", "SPEAKER_01"],
         "role": ["unknown"] * 5 + ["chair", "unknown"]}
    )  # fmt: skip
    assert unknown_speakers(turns) == ["Wakanda in S", "SPEAKER_01 in T"]


def test_only_a_delegations_substantive_turns_are_warned_of_for_their_language():
    """The chair opening in Spanish, a point of order in French, an unidentified speaker in Spanish: none of
    them counts for a share, so none is speech the warning says a share is missing."""
    from analysis.ingest.attendance import not_codable

    spanish = "Promover una industrialización inclusiva y sostenible para todos los países de la región."
    turns = pd.DataFrame(
        {"session_id": ["LAC"] * 5,
         "role": ["chair", "member_state", "unknown", "member_state", "member_state"],
         "procedural": [False, True, False, False, False],
         "country": [None, "FRA", None, "MEX", "BRA"],
         "text": [spanish, "Une motion d'ordre, monsieur le Président, sur la liste des orateurs.", spanish,
                  spanish, "Brazil supports the framework and the fund for all the countries of the region."]}
    )  # fmt: skip
    turns["n_words"] = turns["text"].str.split().str.len()
    said = not_codable(turns)
    assert said["in_passing"] == [] and len(said["not_codable"]) == 1
    assert said["not_codable"][0].startswith("LAC: 1 delegation turn (13 words) not in English")
    assert "(Spanish: MEX)" in said["not_codable"][0]


@pytest.mark.parametrize(("asked", "used"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_a_stage_takes_arrows_buffers_from_the_c_allocator_unless_the_environment_names_one(asked, used):
    """mimalloc, Arrow's default, keeps what each thread freed: the themes stage peaked 75-85 MB higher."""
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if asked:
        env["ARROW_DEFAULT_MEMORY_POOL"] = asked
    code = "import pyarrow as pa; from analysis import pipeline; pipeline.system_allocator(); "
    code += "print(pa.default_memory_pool().backend_name)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert proc.stdout.strip() == used


def test_member_states_of_another_group_are_named_where_they_count_with_a_session():
    """A session's speech counts with the session's group: a donor at an African Group session would be
    counted among Africa's priorities. Who that is gets named, by session; the Arab Group's members come
    from three regional groups, observers are named apart, and a group of one's own is no UN group."""
    from analysis.ingest.attendance import guests_of

    turns = pd.DataFrame(
        {
            "session_id": ["A", "A", "A", "A", "R", "R", "W", "W", "X", "Z"],
            "group": [
                *["African Group"] * 4,
                *["Arab Group"] * 2,
                "WEOG",  # the short name of the house group
                "WEOG",
                "G77",
                "African Group",
            ],
            "role": [
                *["member_state"] * 5,
                "member_state",
                "member_state",
                "observer",
                "member_state",
                "member_state",
            ],  # fmt: skip
            "procedural": [False, False, False, False, False, False, False, False, False, True],
            "country": ["KEN", "DEU", "DEU", "FRA", "EGY", "SAU", "YEM", "EU", "BRA", "USA"],
            "text": ["We", "We", "We too", " ", "We", "We", "We", "We", "We", "Point of order"],
        }
    )
    # FRA said nothing; USA only raised a point of order: neither counts, so neither is named
    assert guests_of(turns) == ["DEU in A", "YEM in W"]  # one per delegation and session, as speakers are


@pytest.mark.parametrize(
    "label",
    [
        "Western European and Others",  # the house name without "Group"
        "Group of Western European and other States",  # the UN's formal name
        "WEOG",
    ],
)
def test_a_group_written_without_group_or_by_its_formal_name_is_the_house_group(label):
    """A manifest's "Western European and Others" was a group of its own: its guests went unnamed (a
    delegation of another group counted with WEOG unsaid) and the label sat outside the house order."""
    from analysis.ingest.attendance import guests_of

    assert config.house_group(label) == "Western European and Others Group"
    turns = pd.DataFrame(
        {"session_id": ["W", "W"], "group": [label, label], "role": ["member_state", "member_state"],
         "procedural": [False, False], "country": ["DEU", "JPN"], "text": ["We", "We"]}
    )  # fmt: skip
    assert guests_of(turns) == ["JPN in W"]


@pytest.mark.parametrize(
    ("label", "house"),
    [
        ("African", "African Group"),
        ("Group of African States", "African Group"),
        ("Group of Asia-Pacific States", "Asia-Pacific Group"),
        ("Group of Asia and the Pacific States", "Asia-Pacific Group"),
        ("Eastern European", "Eastern European Group"),
        ("Group of Eastern European States", "Eastern European Group"),
        ("Latin American and Caribbean", "Latin American and Caribbean Group"),
        ("Group of Latin American and Caribbean Countries", "Latin American and Caribbean Group"),
        ("Group of Latin American and Caribbean States", "Latin American and Caribbean Group"),
        ("Group of Western European and Others States", "Western European and Others Group"),
        ("Group of Arab States", "Arab Group"),
        ("Group of 77", "Group of 77"),  # no house group: as written
    ],
)
def test_each_house_group_is_known_without_group_and_by_the_uns_formal_name(label, house):
    assert config.house_group(label) == house


def _clean_summary(tmp_path: Path, sessions: str, **files: str) -> str:
    """The clean stage's summary line for a raw folder of `files` (name: text) and its sessions.csv rows."""
    from analysis import pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in {**files, "sessions.csv": f"session_id,file,group\n{sessions}"}.items():
        (raw / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return str(pipeline.clean_stage(raw, tmp_path / "out"))


def test_the_stage_summaries_group_thousands_as_the_figures_do():
    """Ten years of the General Debate: '171,335 sentences coded', as a figure's source line prints it."""
    from analysis.pipeline import _SUMMARY

    clean = _SUMMARY["clean"]({"sessions": 1938, "turns": 171335, "unattributed": 1200, "removals": 1707})
    assert clean == "1,938 sessions, 171,335 turns (1,200 unattributed), 1,707 removals logged"
    code = {"sentences": 171335, "counted": 120400, "coded": 99999, "codebook_version": "2.2.1",
            "codebook_hash": "f16126d027f4", "spacy_model": "en_core_web_sm 3.8.0"}  # fmt: skip
    assert _SUMMARY["code"](code).startswith(
        "171,335 sentences coded (120,400 delegation sentences counted, 99,999 with a theme)"
    )
    compare = {"groups": 6, "themes": 11, "significant": 1204, "tests": 2310, "quotes": 1860}
    assert _SUMMARY["compare"](compare).startswith("6 groups x 11 themes, 1,204 of 2,310 differences")


def test_the_clean_summary_names_delegations_counted_with_a_group_not_theirs(tmp_path):
    said = _clean_summary(
        tmp_path,
        "AFR,afr.txt,African Group\n",
        afr_txt="Chair: Welcome.\n\nKenya: Kenya values skills.\n\nGermany: Germany will fund training "
        "centres.\n\nBrazil: Brazil supports the framework.\n",
    )
    assert (
        "; 2 delegations count with the group of a session they are not members of (BRA in AFR; DEU in AFR):"
        " give a guest the role other (no country) in speakers.csv ->"
    ) in said


def test_one_guest_delegation_is_named_in_the_singular():
    """'1 delegation count with the group of a session they are not members of (KEN in K)' was the plural's
    sentence with a 1 in front."""
    from analysis.pipeline import _guests

    assert _guests(["KEN in K"]) == (
        "; 1 delegation counts with the group of a session it is not a member of (KEN in K): give a guest the"
        " role other (no country) in speakers.csv"
    )


def test_the_clean_summary_names_a_session_where_no_delegation_speaks(tmp_path):
    """A session where only the chair speaks (or every delegation is unidentified) adds nothing to any
    share: it is named, not left to be found missing from the figures."""
    said = _clean_summary(
        tmp_path,
        "AFR,afr.txt,African Group\nLAC,lac.txt,GRULAC\nAPG,apg.txt,Asia-Pacific Group\n",
        afr_txt="Chair: Welcome.\n\nKenya: Kenya values skills.\n",
        lac_txt="Chair: Good morning, colleagues.\n\nChair: I see no requests for the floor. We are "
        "adjourned.\n",
        apg_txt="Wakanda: Wakanda values skills.\n",
    )
    assert "; 2 sessions with no delegation's speech count for nothing (APG, LAC) ->" in said


def _clean_summary_dated(tmp_path: Path, rows: str) -> str:
    """The clean summary of two one-statement sessions whose manifest has a date column (``rows``)."""
    from analysis import pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "afr.txt").write_text("Chair: Welcome.\n\nKenya: Kenya values skills.\n", encoding="utf-8")
    (raw / "lac.txt").write_text("Chair: Welcome.\n\nBrazil: Brazil values skills.\n", encoding="utf-8")
    (raw / "sessions.csv").write_text(f"session_id,file,group,date\n{rows}", encoding="utf-8")
    return str(pipeline.clean_stage(raw, tmp_path / "out"))


def test_the_clean_summary_names_a_session_the_manifest_gives_no_date_where_others_have_one(tmp_path):
    """A session left without a date beside dated ones (a cell forgotten) was first seen as "(1 undated)"
    under the figures: the summary names it, where the other notices about the manifest's sessions stand."""
    said = _clean_summary_dated(tmp_path, "AFR,afr.txt,African Group,2024-04-16\nLAC,lac.txt,GRULAC,\n")
    assert (
        "; 1 session the manifest gives no date (LAC): the figures' span of dates leaves it out; give its"
        " date in sessions.csv ->"
    ) in said


def test_the_clean_summary_says_nothing_of_dates_where_no_session_has_one(tmp_path):
    """Dates are optional: where the manifest gives none, the figures print no span and nothing is missing."""
    said = _clean_summary_dated(tmp_path, "AFR,afr.txt,African Group,\nLAC,lac.txt,GRULAC,\n")
    assert "no date" not in said and said.startswith("clean: 2 sessions")


def test_the_clean_summary_names_labelled_speakers_it_could_give_no_delegation(tmp_path):
    """A label the country table does not know (a misspelt or invented country, a diarisation label) leaves
    its speech unattributed and out of every share: the summary names it, with where to give it one."""
    said = _clean_summary(
        tmp_path,
        "LAC,lac.txt,GRULAC\nAPG,x.srt,Asia-Pacific Group\n",
        lac_txt="Chair: Welcome.\n\nBrazil: Brazil values skills.\n\nWakanda: Wakanda values skills.\n\n"
        "Wakanda: And partnerships.\n\nKenia: Kenia apoya.\n",
        x_srt="1\n00:00:01,000 --> 00:00:04,000\n[SPEAKER_01]: We value training.\n\n"
        "2\n00:00:05,000 --> 00:00:08,000\nno label at all here\n",
    )
    assert (
        "; 2 speakers given no delegation (SPEAKER_01 in APG; Wakanda in LAC): give each its country in"
        " speakers.csv;"
    ) in said


def test_every_count_printed_for_a_person_groups_thousands(monkeypatch, tmp_path):
    """'ready: 192 sessions, 192 turns, 20,263 sentences': notebook 05 printed '20263' under stage summaries
    that read '20,263 sentences coded'; export, import-coding and the plural of any sheet row alike."""
    from analysis import notebook, pipeline
    from analysis.exchange.qdpx import ProjectSummary
    from analysis.report.formats import plural

    assert plural(1200, "sheet row") == "1,200 sheet rows" and plural(1, "sheet row") == "1 sheet row"
    summary = str(ProjectSummary(tmp_path / "p.qdpx", 1938, 120400, 250000, 195))
    assert "1,938 sessions, 120,400 coded sentences (250,000 codings), 195 delegations" in summary
    tables = {
        "turns": pd.DataFrame({"session_id": [f"s{i % 192}" for i in range(1192)]}),
        "sentences": pd.DataFrame({"counted": [True] * 20254 + [False] * 9}),
    }
    cleaned = pipeline.StageResult("clean", tmp_path / "p", (), up_to_date=True)
    monkeypatch.setattr(notebook, "_clean", lambda *a: cleaned)
    monkeypatch.setattr(notebook, "_themes", lambda *a: ([], []))
    monkeypatch.setattr(notebook.catalogue, "read", lambda processed, name, columns: tables[name])
    ready = notebook.ensure_themes(tmp_path / "raw", tmp_path / "p")
    assert ready.startswith("ready: 192 sessions, 1,192 turns, 20,263 sentences (20,254 counted) in ")


def _project(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A project whose bundled sample is one transcript, its report figures beside it: (raw, figures)."""
    raw, figures = tmp_path / "data" / "raw", tmp_path / "reports" / "figures"
    raw.mkdir(parents=True)
    (raw / "a.vtt").write_text("WEBVTT\n", encoding="utf-8")
    monkeypatch.setattr(config, "RAW_DIR", raw)
    monkeypatch.setattr(config, "FIGURES_DIR", figures)
    return raw, figures


def _sessions(processed: Path, file: str, text: str) -> None:
    """The clean stage's record of one session: its file and SHA-256."""
    from analysis import io

    processed.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode()).hexdigest()
    io.write_parquet(
        pd.DataFrame({"session_id": ["s"], "file": [file], "sha256": [digest]}),
        processed / "sessions.parquet",
    )


def test_a_new_round_run_with_the_default_figures_folder_is_refused_before_any_work(tmp_path, monkeypatch):
    """`run --raw NEW --processed P` with no --out drew the new round's figures over the bundled sample's
    report figures, committed with the project, without a word. The figures folder must then be named."""
    from analysis import pipeline
    from analysis.errors import InputError

    raw, figures = _project(tmp_path, monkeypatch)
    pipeline.check_report_figures(figures, raw=raw)  # the bundled sample: its own figures
    pipeline.check_report_figures(tmp_path / "elsewhere", raw=tmp_path / "new")
    with pytest.raises(InputError, match=r"give --out another folder") as err:
        pipeline.check_report_figures(figures, raw=tmp_path / "new")
    assert "bundled sample" in str(err.value)


def test_figures_drawn_from_a_new_rounds_tables_into_the_report_folder_are_refused(tmp_path, monkeypatch):
    """`clean --raw NEW` and `themes` into data/processed, then `figures` with its default --out: the tables
    are not the sample's (their transcripts are not data/raw's), so they may not replace its figures."""
    from analysis import pipeline
    from analysis.errors import InputError

    raw, figures = _project(tmp_path, monkeypatch)
    _sessions(tmp_path / "sample", "a.vtt", "WEBVTT\n")
    pipeline.check_report_figures(figures, processed=tmp_path / "sample")
    _sessions(tmp_path / "new", "asia-pacific-zoom.vtt", "WEBVTT\n\nother")
    with pytest.raises(InputError, match=r"give --out another folder"):
        pipeline.check_report_figures(figures, processed=tmp_path / "new")
    pipeline.check_report_figures(tmp_path / "figs", processed=tmp_path / "new")
    _sessions(tmp_path / "edited", "a.vtt", "WEBVTT\n\nedited")  # data/raw's name, another transcript
    with pytest.raises(InputError, match=r"give --out another folder"):
        pipeline.check_report_figures(figures, processed=tmp_path / "edited")


def test_a_run_reads_the_manifest_once_and_works_from_that_reading(tmp_path, monkeypatch):
    """`run` parsed sessions.csv three times (the groups' check, the clean stage's list of inputs, the
    cleaning itself; 0.43 s each for the General Debate's 1,938 rows), and twice when up to date: an edit
    saved mid-run could be checked in one form and cleaned in another. One reading serves the whole run."""
    from typer.testing import CliRunner

    from analysis import cli
    from analysis.ingest import corpus, manifest

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nAFR,afr.txt,African Group\nLAC,lac.txt,GRULAC\n", encoding="utf-8"
    )
    (raw / "afr.txt").write_text("Ms. Shikongo (Namibia): Namibia asks for training.\n", encoding="utf-8")
    (raw / "lac.txt").write_text("Mr. Rojas (Chile): Chile supports green hydrogen.\n", encoding="utf-8")
    reads = []
    real = manifest.read_manifest
    for module in (manifest, corpus):  # corpus holds its own name for it
        monkeypatch.setattr(module, "read_manifest", lambda *a, **k: reads.append(a) or real(*a, **k))
    args = ["run", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "f")]
    for _ in ("first run", "up to date"):
        reads.clear()
        result = CliRunner().invoke(cli.app, args)
        assert result.exit_code == 0, result.output
        assert len(reads) == 1
