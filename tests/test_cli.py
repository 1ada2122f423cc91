"""The command line: readable help, and bad input answered with one line and exit status 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

COMMANDS = [
    "clean",
    "themes",
    "sample",
    "code",
    "validate",
    "figures",
    "run",
    "manifest",
    "catalogue",
    "export",
    "import-coding",
    "cache",
]


def cli(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_PROGRESS": "0", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *names: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), proc.stderr
    for name in names:
        assert name in proc.stderr, f"{name!r} not named in: {proc.stderr}"


def test_commands_lists_every_registered_command():
    import typer.main

    from analysis.cli import app

    assert sorted(typer.main.get_command(app).commands) == sorted(COMMANDS)


def test_top_level_help_lists_every_command():
    proc = cli("--help")
    assert proc.returncode == 0
    for command in COMMANDS:
        assert command in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_explains_itself(command):
    proc = cli(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage:" in proc.stdout and "--help" in proc.stdout
    assert len(proc.stdout.split()) > 25, "a sentence or two on what the command does"


def test_help_reads_as_prose_and_a_flag_takes_no_value():
    """A docstring's line breaks are not the terminal's: paragraphs are reflowed to its width; a
    flag such as --force shows no value placeholder (typer's panels printed `<bool>` after it)."""
    proc = cli("themes", "--help", env={"COLUMNS": "100"})
    out = proc.stdout
    assert "<bool>" not in out
    assert "(the words behind every code)" in out, "a phrase split by the docstring's line break"
    assert max(len(line) for line in out.splitlines()) <= 100
    force = next(line for line in out.splitlines() if line.strip().startswith("--force"))
    assert force.split()[1] == "Run"


def write_manifest(folder, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sessions.csv").write_text(text, encoding="utf-8")


def test_missing_manifest(tmp_path):
    (tmp_path / "raw").mkdir()
    proc = cli("clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, "sessions.csv")
    assert not (tmp_path / "out").exists()


def test_clean_takes_the_processed_folder_under_the_name_the_other_stages_give_it(tmp_path):
    """`themes`, `figures` and `run` name the processed folder --processed: `clean --processed` is the same
    folder as `clean --out`, not an unknown option."""
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,a.txt,African Group\n")
    (raw / "a.txt").write_text("Chair: Welcome.\n\nKenya: Kenya values skills.\n", encoding="utf-8")
    proc = cli("clean", "--raw", str(raw), "--processed", str(tmp_path / "p"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "p" / "turns.parquet").is_file()


def test_manifest_without_group_column(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file\nS1,a.txt\n")
    (raw / "a.txt").write_text("The Chair: Welcome.\n")
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "sessions.csv:1", "group")


def test_path_traversal_is_refused(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,../secret.txt,African Group\n")
    (tmp_path / "secret.txt").write_text("The Chair: Welcome.\n")
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "o"))
    assert_one_line_error(proc, "sessions.csv", "../secret.txt")
    assert ":2" in proc.stderr, "names the manifest line"


def test_duplicate_session_ids(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,a.txt,African Group\nS1,b.txt,Arab Group\n")
    for name in ("a.txt", "b.txt"):
        (raw / name).write_text("The Chair: Welcome.\n")
    assert_one_line_error(cli("clean", "--raw", str(raw), "--out", str(tmp_path / "o")), "S1")


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.txt", b""),
        ("garbage.txt", bytes(range(256)) * 8),
        ("bad.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nChair: Welcome.\n"),
    ],
    ids=["empty", "binary", "bad-timestamp"],
)
def test_unreadable_transcript_names_the_file_and_writes_nothing(tmp_path, name, content):
    raw = tmp_path / "raw"
    write_manifest(raw, f"session_id,file,group\nS1,{name},African Group\n")
    (raw / name).write_bytes(content)
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, name)
    assert not (tmp_path / "out" / "turns.parquet").exists()


def test_code_needs_id_and_text_columns(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("identifier,body\n1,Climate change threatens us.\n")
    assert_one_line_error(cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv")), "in.csv")


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("id;text", "separated by semicolons: save the sheet as comma-separated"),
        ("id\ttext", "separated by tabs"),
        ("ID,Text", "the header reads ID,Text: write the names in lower case"),
    ],
)
def test_code_says_why_a_header_lacks_id_and_text_when_it_can(tmp_path, header, hint):
    """A spreadsheet saved in a European locale (';') or with capitals got only 'missing column(s)'."""
    src = tmp_path / "in.csv"
    src.write_text(f"{header}\n1{header[2:-4]}Climate change threatens us.\n", encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert_one_line_error(proc, "in.csv:1:")
    assert hint in proc.stderr


def test_code_says_which_ids_repeat(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n7,Roads.\n8,Ports.\n7,Power grids.\n", encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "; 1 id repeats (7): one row per line, as read" in proc.stdout
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\n7,") == 2


def test_code_missing_input(tmp_path):
    assert_one_line_error(
        cli("code", "--input", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o.csv")), "nope.csv"
    )


def test_code_refuses_a_line_with_an_unquoted_comma_instead_of_shifting_the_ids(tmp_path):
    """pandas would make the first column an index and give every text a wrong id, with exit 0."""
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,Roads, ports and power\n2,Thank you\n", encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert_one_line_error(proc, "in.csv:2:")
    assert "3 fields, expected 2" in proc.stderr and not (tmp_path / "o.csv").exists()


def test_code_refuses_a_line_with_a_field_missing_instead_of_coding_an_empty_text(tmp_path):
    """A row whose text went into no column ('8' alone, or a third column left off) is an error naming its
    line, as a field too many is: not a row coded as if nobody had said anything."""
    from analysis import pipeline
    from analysis.errors import InputError

    src = tmp_path / "in.csv"
    for content, line, says in [
        ("id,text\n7,Roads.\n8\n", 3, "1 fields, expected 2"),
        ("id,text,speaker\n7,Roads.,Kenya\n8,Ports.\n", 3, "2 fields, expected 3"),
    ]:
        src.write_text(content, encoding="utf-8")
        with pytest.raises(InputError, match=says) as err:
            pipeline.code_csv(src, tmp_path / "o.csv")
        assert err.value.line == line and not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("id,text,text\n1,Roads,ports\n", "in.csv:1: column(s) text named twice in the header"),
        ('id,text\n1,Roads\n2,"an open quote\n', "in.csv:3: not a readable CSV (unexpected end of data)"),
    ],
)
def test_code_names_the_line_of_a_header_or_quote_it_cannot_read(tmp_path, content, says):
    """A header naming a column twice was a traceback; a CSV error named no line."""
    src = tmp_path / "in.csv"
    src.write_text(content, encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert_one_line_error(proc, "in.csv")
    assert says in proc.stderr


def test_code_takes_a_whole_speech_in_one_cell(tmp_path):
    """csv's own limit (131,072 characters a field) refused a long speech; the limit is the parser's."""
    speech = "We need investment in roads and ports. " * 5000  # 195,000 characters
    src = tmp_path / "in.csv"
    src.write_text(f'id,text\nlong,"{speech}"\n', encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.csv").read_text(
        encoding="utf-8"
    ) == "id,themes\nlong,finance_investment;infrastructure\n"


def test_code_reads_an_excel_csv_keeping_ids_as_written(tmp_path):
    src = tmp_path / "in.csv"  # Windows-1252, CRLF, a quoted comma, a blank line, a zero-padded id
    src.write_bytes(
        b'id,text\r\n1,"Roads, ports and power grids"\r\n\r\n'
        b"007,Technical and vocational training will equip our youth for tomorrow\x92s jobs.\r\n"
    )
    proc = cli("code", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.csv").read_text(
        encoding="utf-8"
    ) == "id,themes\n1,infrastructure\n007,skills;inclusion\n"


@pytest.mark.parametrize(
    "output, says",
    [
        ("raw", "refusing to write under the raw data folder (raw data is read-only)"),
        ("folder", "a folder already has this output's name"),
        ("under-a-file", "a file is where the output needs a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, output, says):
    from analysis import config

    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,Roads and ports.\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    target = {
        "raw": config.RAW_DIR / "coded.csv",
        "folder": tmp_path / "folder",
        "under-a-file": src / "coded.csv",
    }[output]
    proc = cli("code", "--input", str(src), "--output", str(target))
    assert_one_line_error(proc)
    assert says in proc.stderr
    assert not (config.RAW_DIR / "coded.csv").exists()


def test_themes_before_clean_says_what_to_run(tmp_path):
    proc = cli("themes", "--processed", str(tmp_path))
    assert_one_line_error(proc, "turns.parquet")
    assert "clean" in proc.stderr


def test_debug_shows_the_traceback(tmp_path):
    (tmp_path / "raw").mkdir()
    proc = cli("--debug", "clean", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "sessions.csv" in proc.stderr


def test_validate_names_a_bad_split():
    proc = cli("validate", "--split", "test")
    assert proc.returncode == 2 and "--split" in proc.stderr and "holdout" in proc.stderr


def test_one_unreadable_transcript_does_not_cost_the_others(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,good.txt,African Group\nS2,bad.vtt,African Group\n")
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support the framework.\n")
    (raw / "bad.vtt").write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nChair: Welcome.\n")
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {raw / 'bad.vtt'}:3: malformed cue timing '00:00:01.000 --> 00:0x:04.000'"
    ]
    assert "1 file(s) could not be read" in proc.stdout
    import pandas as pd

    assert set(pd.read_parquet(tmp_path / "out" / "turns.parquet")["session_id"]) == {"S1"}
    strict = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 2 and not (tmp_path / "strict" / "turns.parquet").exists()


def test_themes_and_figures_on_the_turns_of_a_clean_that_could_not_read_a_file_say_what_they_leave_out(
    tmp_path,
):
    """clean exits 2 naming the file but writes the rest; themes and figures run by hand afterwards drew a
    figure of one session where the manifest lists two, without a word, until clean reads every file."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_manifest(
        raw,
        "session_id,file,group\nS1,good.txt,African Group\nS2,bad.vtt,African Group\n"
        "S3,also.txt,Latin American and Caribbean Group\n",
    )
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support industrial parks.\n")
    (raw / "also.txt").write_text("The Chair: Welcome.\nChile: We support digital skills.\n")
    (raw / "bad.vtt").write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nChair: Welcome.\n")
    assert cli("clean", "--raw", str(raw), "--out", str(out)).returncode == 2
    said = (
        f"warning: {out}: the last clean could not read 1 transcript (bad.vtt), so these turns "
        "leave out their sessions and every share, figure and table made from them does too; mend the "
        "file(s) and run clean again"
    )
    themes = cli("themes", "--processed", str(out))
    assert themes.returncode == 0 and said in themes.stderr.splitlines()
    figures = cli("figures", "--processed", str(out), "--out", str(tmp_path / "fig"))
    assert said in figures.stderr.splitlines()
    (raw / "bad.vtt").write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGhana: We support SMEs.\n")
    assert cli("clean", "--raw", str(raw), "--out", str(out)).returncode == 0
    assert "warning" not in cli("themes", "--processed", str(out)).stderr


def test_a_transcript_with_nothing_said_is_reported_not_quietly_left_out(tmp_path):
    """Captions whose only cues are annotations read fine and clean to nothing: the manifest's session
    would be missing from every figure's count without a word."""
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,good.txt,African Group\nS2,silent.vtt,African Group\n")
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support the framework.\n")
    (raw / "silent.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n[inaudible]\n\n00:00:05.000 --> 00:00:08.000\n[crosstalk]\n"
    )
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {raw / 'silent.vtt'}: no speech left after cleaning (only what the cleaning log lists as "
        "removed); not a session the figures can count"
    ]


def test_a_turn_longer_than_the_parser_takes_is_reported_at_cleaning(tmp_path):
    """A transcript without the labels or breaks its reader splits at (here 1.2 MB on one line) cleans
    to one turn the parser refuses: said at cleaning, naming the file, not a traceback in `themes`."""
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,good.txt,African Group\nS2,wall.txt,African Group\n")
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support the framework.\n")
    (raw / "wall.txt").write_text("Kenya: " + "we support the digital skills agenda " * 33_000)
    proc = cli("clean", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {raw / 'wall.txt'}: a turn of 1,220,999 characters (wall.txt:line 1)")
    assert "at most 1,000,000" in line and "split" in line
    import pandas as pd

    assert set(pd.read_parquet(tmp_path / "out" / "turns.parquet")["session_id"]) == {"S1"}


@pytest.mark.parametrize("inside", [".", "processed"])
def test_outputs_under_the_given_raw_folder_are_refused_before_any_work(tmp_path, inside):
    raw = tmp_path / "myraw"
    write_manifest(raw, "session_id,file,group\nS1,good.txt,African Group\n")
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support the framework.\n")
    before = sorted(p.name for p in raw.rglob("*"))
    proc = cli("clean", "--raw", str(raw), "--out", str(raw / inside))
    assert_one_line_error(proc, "refusing to write under the raw data folder")
    assert sorted(p.name for p in raw.rglob("*")) == before


def test_a_run_whose_figures_cannot_be_written_stops_before_cleaning(tmp_path):
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nS1,a.txt,African Group\nS2,b.txt,Arab Group\n")
    for name, who in (("a.txt", "Kenya"), ("b.txt", "Egypt")):
        (raw / name).write_text(f"The Chair: Welcome.\n{who}: We support the framework.\n")
    (tmp_path / "figs").write_text("a file where the figures folder should be")
    proc = cli(
        "run", "--raw", str(raw), "--processed", str(tmp_path / "proc"), "--out", str(tmp_path / "figs")
    )
    assert_one_line_error(proc, str(tmp_path / "figs"))
    assert not (tmp_path / "proc" / "turns.parquet").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["code", "--input", "{d}", "--output", "{t}/o.csv"],
        ["validate", "--gold", "{d}"],
        ["import-coding", "{d}", "--out", "{t}/o.tsv"],
    ],
)
def test_a_folder_given_for_a_file_is_named_as_a_folder(tmp_path, args):
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    proc = cli(*[a.format(d=folder, t=tmp_path) for a in args])
    assert_one_line_error(proc, f"{folder}: is a folder, not a file")


def test_validate_scores_the_split_of_the_training_sentences_not_the_dev_set(tmp_path):
    """`--split holdout` alone once split the dev set (53 sentences, a score nobody should quote)."""
    specs = tmp_path / "shared" / "specs"
    specs.mkdir(parents=True)
    rows = [f"t{i}\tAfrican Group\tClimate change threatens our coasts, year {i}.\tclimate_environment\n"
            for i in range(40)]  # fmt: skip
    (specs / "themes-train.tsv").write_text("id\tgroup\ttext\tthemes\n" + "".join(rows), encoding="utf-8")
    (specs / "themes-dev.tsv").write_text("id\tgroup\ttext\tthemes\n" + "".join(rows[:2]), encoding="utf-8")
    env = {"ANALYSIS_SHARED": str(tmp_path / "shared")}
    dev = cli("validate", env=env)
    assert dev.returncode == 0, dev.stderr
    assert "themes-dev.tsv\n" in dev.stdout and ": 2 sentences" in dev.stdout
    held = cli("validate", "--split", "holdout", env=env)
    assert held.returncode == 0, held.stderr
    assert "themes-train.tsv, its holdout part (the fixed split)" in held.stdout
    assert ": 14 sentences" in held.stdout  # 35% of 40


@pytest.mark.parametrize(
    ("split", "file"), [([], "themes-dev.tsv"), (["--split", "holdout"], "themes-train.tsv")]
)
def test_validate_without_the_shared_coded_sentences_says_where_they_come_from_and_to_pass_gold(
    tmp_path, split, file
):
    """A clone without ../shared beside it: `validate` alone names the file it looked for and the way on. An
    installed package has no project beside which ../shared would lie: the environment variable that points
    at the shared folder is named too."""
    proc = cli("validate", *split, env={"ANALYSIS_SHARED": str(tmp_path / "shared")})
    assert_one_line_error(proc, f"{tmp_path / 'shared' / 'specs' / file}: no such file")
    assert "come with ../shared beside the project" in proc.stderr
    assert "set ANALYSIS_SHARED to the folder holding specs/" in proc.stderr and "--gold FILE" in proc.stderr


def test_validate_of_an_empty_part_of_the_split_names_the_file_and_the_part(tmp_path):
    """One sentence per group: nothing held out. The error named neither the file nor the part."""
    gold = tmp_path / "gold.tsv"
    gold.write_text("id\tgroup\ttext\tthemes\na\tGRULAC\tWe thank the Chair.\tnone\n"
                    "b\tWEOG\tClimate change is real.\tclimate_environment\n", encoding="utf-8")  # fmt: skip
    proc = cli("validate", "--gold", str(gold), "--split", "holdout")
    assert_one_line_error(proc, f"{gold}: its holdout part has no sentence")


def test_validate_against_a_baseline_codebook_prints_and_writes_the_change(tmp_path):
    from analysis import config

    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "id\tgroup\ttext\tthemes\n"
        "a\tAfrican Group\tClimate change threatens our coasts.\tclimate_environment\n"
        "b\tGRULAC\tWe thank the President for his leadership.\tnone\n"
        "c\tAfrican Group\tEducation and training for our youth matter most.\tskills;inclusion\n",
        encoding="utf-8",
    )
    baseline = config.PACKAGE_DATA / "codebook-v1.yaml"
    proc = cli("validate", "--gold", str(gold), "--baseline", str(baseline), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "micro-F1" in proc.stdout and "Against codebook 1.1.0" in proc.stdout
    assert (tmp_path / "out" / "validation_change.csv").is_file()


@pytest.fixture
def project(tmp_path):
    """A project root (ANALYSIS_ROOT) whose data/processed holds counted sentences of two groups, and
    a working folder elsewhere to run from."""
    from analysis import catalogue, io

    sys.path.insert(0, str(Path(__file__).parent))
    from test_compare import delegations, make_sentences

    root = tmp_path / "project"
    s = make_sentences({"African Group": delegations("A", 1, 3, 2), "Arab Group": delegations("B", 1, 3, 2)})
    for file, data in catalogue.encode("sentences", s).items():
        io.atomic_write_bytes(root / "data" / "processed" / file, data)
    (tmp_path / "elsewhere").mkdir()
    return root, tmp_path / "elsewhere", {"ANALYSIS_ROOT": str(root)}


def test_sample_writes_its_sheet_under_the_project_not_the_working_folder(project):
    root, elsewhere, env = project
    proc = cli("sample", "--n", "2", cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    sheet = root / "data" / "validation" / "validation-sheet.tsv"  # the folder is made
    assert sheet.read_text(encoding="utf-8").startswith("id\tgroup\tcountry\ttext\tthemes")
    assert list(elsewhere.iterdir()) == []
    assert f"--validation {sheet.resolve()}" in proc.stdout  # a path the next command can take
    from_root = cli("sample", "--n", "2", "--force", cwd=root, env=env)
    assert "--validation data/validation/validation-sheet.tsv" in from_root.stdout


@pytest.mark.parametrize("where", ["default", "--out"])
def test_sample_never_replaces_a_sheet_without_force(project, where):
    """A filled sheet is hours of a person's work: drawing again refuses, in one line, unless --force."""
    root, elsewhere, env = project
    default = root / "data" / "validation" / "validation-sheet.tsv"
    sheet = default if where == "default" else elsewhere / "mine.tsv"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    coded = "id\tgroup\tcountry\ttext\tthemes\nx1\tAfrican Group\tA00\tA00 says 0\tclimate_environment\n"
    sheet.write_text(coded, encoding="utf-8")
    out = [] if where == "default" else ["--out", str(sheet)]
    proc = cli("sample", "--n", "2", *out, cwd=elsewhere, env=env)
    assert_one_line_error(proc, str(sheet), "--force")
    assert sheet.read_text(encoding="utf-8") == coded
    proc = cli("sample", "--n", "2", *out, "--force", cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    assert sheet.read_text(encoding="utf-8") != coded and "4 counted sentences" in proc.stdout


def test_sample_says_how_every_command_uses_the_sheet(project):
    """Nothing picks the sheet up from where `sample` put it (a half-coded sheet must not change results
    unasked): its closing lines give the path to themes, run and make (which runs in the project)."""
    root, elsewhere, env = project
    (root / "pyproject.toml").write_text("", encoding="utf-8")  # a checkout: its Makefile and notebooks
    (root / "src" / "analysis").mkdir(parents=True)
    proc = cli("sample", "--n", "2", cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    sheet = (root / "data" / "validation" / "validation-sheet.tsv").resolve()
    assert f"python -m analysis themes --validation {sheet}" in proc.stdout
    assert f"python -m analysis run --validation {sheet}" in proc.stdout
    assert "make figures VALIDATION=data/validation/validation-sheet.tsv" in proc.stdout
    assert "RAW/validation-sample.tsv" in proc.stdout


def test_a_sample_outside_a_checkout_names_no_make_target_or_notebook(project):
    """A package installed from a wheel, its folders under ANALYSIS_ROOT or the working folder: there is no
    Makefile and there are no notebooks there, so the advice gives the commands alone."""
    root, elsewhere, env = project
    proc = cli("sample", "--n", "2", cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    sheet = (root / "data" / "validation" / "validation-sheet.tsv").resolve()
    assert f"python -m analysis run --validation {sheet}" in proc.stdout
    assert "make " not in proc.stdout and "notebook" not in proc.stdout


def test_a_sample_of_other_transcripts_says_how_to_use_it_on_them(project, tmp_path):
    """Sentences drawn from another processed folder: the commands it gives work on that folder,
    never on the project's data/processed (run and make would clean data/raw into it). The notebooks take
    no --validation: only for the bundled sample did it say they read RAW/validation-sample.tsv, so an
    analyst of a new round who works in JupyterLab was not told where the coded sheet goes for them; now
    notebooks 03 and 04 take it as their VALIDATION parameter, with the sheet's full path."""
    root, elsewhere, env = project
    other = tmp_path / "other"
    (root / "data" / "processed").rename(other)
    proc = cli("sample", "--n", "2", "--processed", str(other), "--out", "s.tsv", cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"python -m analysis themes --processed {other} --validation s.tsv" in proc.stdout
    assert f"python -m analysis figures --processed {other}" in proc.stdout
    assert "make figures" not in proc.stdout and "analysis run" not in proc.stdout
    sheet = (elsewhere / "s.tsv").resolve().as_posix()
    assert f'notebooks 03 and 04: VALIDATION = "{sheet}" in their parameters cell' in proc.stdout
    # coding_widget() alone opens data/validation's sheet (the bundled sample's); kernels start in notebooks/
    assert f'coding_widget("{(elsewhere / "s.tsv").resolve().as_posix()}")' in proc.stdout


def test_a_sample_of_another_processed_folder_goes_beside_it_not_into_the_projects(project, tmp_path):
    """A new round cleaned into rounds/2025/processed: its sheet had gone to the project's data/validation,
    beside (or, refused, in place of) the bundled sample's, where `coding_widget()` and `make figures
    VALIDATION=data/validation/...` take the bundled sample's. It goes to rounds/2025/validation, as
    data/validation stands beside data/processed, and the summary says so."""
    root, elsewhere, env = project
    other = tmp_path / "rounds" / "2025" / "processed"
    other.parent.mkdir(parents=True)
    (root / "data" / "processed").rename(other)
    proc = cli("sample", "--n", "2", "--processed", str(other), cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    sheet = tmp_path / "rounds" / "2025" / "validation" / "validation-sheet.tsv"
    assert sheet.read_text(encoding="utf-8").startswith("id\tgroup\tcountry\ttext\tthemes")
    assert not (root / "data" / "validation").exists() and list(elsewhere.iterdir()) == []
    assert f"-> {sheet} (beside {other}, as data/validation is beside data/processed;" in proc.stdout
    assert f"--processed {other} --validation {sheet}" in proc.stdout


def test_a_sample_of_a_processed_folder_beside_the_projects_is_not_the_bundled_samples_sheet(project):
    """A new round cleaned into data/processed-2025, beside data/processed: 'beside it' is the project's own
    data/validation, and the sheet took the bundled sample's name there (validation-sheet.tsv, which the
    coding widget and `make figures VALIDATION=...` read as the bundled sample's; refused once that is
    drawn, or replaced with --force). It takes its folder's name instead."""
    root, elsewhere, env = project
    other = root / "data" / "processed-2025"
    (root / "data" / "processed").rename(other)
    proc = cli("sample", "--n", "2", "--processed", str(other), cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not (root / "data" / "validation" / "validation-sheet.tsv").exists()
    sheet = root / "data" / "validation" / "validation-sheet-processed-2025.tsv"
    assert sheet.read_text(encoding="utf-8").startswith("id\tgroup\tcountry\ttext\tthemes")
    assert f"--processed {other} --validation {sheet}" in proc.stdout


def test_pipeline_takes_only_the_raw_folder_sheet_by_itself(tmp_path, monkeypatch):
    """A coded sheet where `sample` writes it is used only when given (--validation, VALIDATION=)."""
    from analysis import config, pipeline

    sheet = tmp_path / "data" / "validation" / "validation-sheet.tsv"
    sheet.parent.mkdir(parents=True)
    sheet.write_text("id\tgroup\tcountry\ttext\tthemes\nx1\tAfrican Group\tA00\tA00 says 0\tclimate\n")
    monkeypatch.setattr(config, "SAMPLE_SHEET", sheet)
    raw = tmp_path / "raw"
    raw.mkdir()
    assert pipeline.default_validation(raw) is None
    (raw / "validation-sample.tsv").write_text("id\ttext\tthemes\n", encoding="utf-8")
    assert pipeline.default_validation(raw) == raw / "validation-sample.tsv"


def test_a_sheet_that_cannot_be_written_says_why_in_one_line(project, monkeypatch):
    """Under the raw folder the toolkit refuses; elsewhere a folder may not be writable: no 'raw' then."""
    from analysis.coding import sheets
    from analysis.comparison import validation
    from analysis.errors import InputError

    root, elsewhere, _ = project

    def denied(sheet, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sheets, "write_sheet", denied)
    with pytest.raises(InputError) as err:
        validation.write_sample(root / "data" / "processed", 2, elsewhere / "sheet.tsv")
    message = str(err.value)
    assert "permission denied" in message and "raw data folder" not in message
    assert "--out" in message and "\n" not in message


def test_ctrl_c_says_what_an_interrupt_leaves_and_exits_130(capsys):
    # typer turns Ctrl-C into exit status 130 without a word; the handler main installs says that nothing
    # is half-written, in the main process only (parse workers forked from it inherit the handler)
    from analysis import cli

    with pytest.raises(KeyboardInterrupt):
        cli._interrupted(os.getpid())(2, None)
    assert capsys.readouterr().err == cli.INTERRUPTED + "\n"
    with pytest.raises(KeyboardInterrupt):
        cli._interrupted(os.getpid() + 1)(2, None)  # a worker: quiet
    assert capsys.readouterr().err == ""
    installed = subprocess.run(
        [sys.executable, "-c", _SAYS_HANDLER], capture_output=True, text=True, preexec_fn=_sigint_default
    )
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.strip() == "_interrupted.<locals>.handler"


_SAYS_HANDLER = (
    "import signal; from analysis import cli; "
    "cli.app = lambda: print(getattr(signal.getsignal(signal.SIGINT), '__qualname__', 'ignored')); cli.main()"
)


def _sigint_default():
    """Start a child as a terminal starts a command: Ctrl-C at its default. A test runner started in the
    background (`nohup make test &`) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_command_started_with_ctrl_c_ignored_leaves_it_ignored():
    # `nohup python -m analysis run &`: the shell asks that Ctrl-C at the terminal not reach the job
    ignored = subprocess.run(
        [sys.executable, "-c", _SAYS_HANDLER], capture_output=True, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )  # fmt: skip
    assert ignored.returncode == 0, ignored.stderr
    assert ignored.stdout.strip() == "ignored"


# A command whose outputs are written, then still ending when Ctrl-C comes: a pool's thread being joined
# at exit, or an exit hook of a library it loaded. Each says "ending" only once the command has returned
# (the thread waits, up to 20 s, for the handler main installs on its way out; exit hooks run after it),
# so the interrupt lands in the ending however slowly a loaded machine runs the child.
_ENDING = {
    "thread": "threading.Thread(target=ending).start()",
    "exit hook": "atexit.register(ending)",
}
_RETURNED = "_interrupted_ending.<locals>.handler"


@pytest.mark.parametrize("ending", sorted(_ENDING))
def test_ctrl_c_after_the_outputs_are_written_still_exits_130_with_one_line(ending):
    from analysis import cli

    code = (
        "import atexit, signal, threading, time\nfrom analysis import cli\n"
        "def ending():\n"
        "    for _ in range(2000):  # at most 20 s: a main that installs no ending handler still ends\n"
        f"        if signal.getsignal(signal.SIGINT).__qualname__ == {_RETURNED!r}:\n"
        "            break\n"
        "        time.sleep(0.01)\n"
        "    print('ending', flush=True)\n    time.sleep(30)\n"
        f"def app():\n    {_ENDING[ending]}\n    raise SystemExit(0)\n"
        "cli.app = app\ncli.main()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_sigint_default,
    )  # fmt: skip
    line = child.stdout.readline()
    if line.strip() != "ending":
        child.kill()
        pytest.fail(f"the child ended before its ending: {child.communicate()[1]}")
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=20)
    assert child.returncode == 130
    assert err == cli.INTERRUPTED + "\n"  # no traceback from the interrupted exit


def test_a_second_ctrl_c_while_the_first_unwinds_says_nothing_more(capsys):
    from analysis import cli

    said: list[bool] = []
    for _ in range(2):
        with pytest.raises(KeyboardInterrupt):
            cli._interrupted(os.getpid(), said)(2, None)
    assert capsys.readouterr().err == cli.INTERRUPTED + "\n"


def test_a_validation_sheet_run_found_in_raw_says_it_was_found_there_when_it_cannot_serve(tmp_path):
    """A folder made from a copy of data/raw keeps the sample's validation-sample.tsv, which `run` uses
    unasked: when it matches none of these sessions the error says where it came from and what to do."""
    raw = tmp_path / "raw"
    write_manifest(raw, "session_id,file,group\nA,a.txt,African Group\nL,l.txt,GRULAC\n")
    (raw / "a.txt").write_text("Chair: Welcome.\n\nKenya: Kenya values skills for youth.\n", encoding="utf-8")
    (raw / "l.txt").write_text("Chair: Welcome.\n\nChile: Chile needs clean energy.\n", encoding="utf-8")
    (raw / "validation-sample.tsv").write_text("id\ttext\tthemes\n\tA sentence of no session.\tskills\n")
    proc = cli("run", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "f"))
    assert_one_line_error(proc, "validation-sample.tsv", "none of its 1 coded rows")
    assert proc.stderr.strip().endswith(
        "(without --validation, run reads RAW/validation-sample.tsv: move it out of the raw folder if it was"
        " coded from other transcripts)"
    )


def _documented_commands() -> list[tuple[str, str, list[str]]]:
    """Every `python -m analysis COMMAND ...` the README and docs show: (file, command, its --options)."""
    import re

    root = Path(__file__).resolve().parents[1]
    found = []
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md")), root / "data/raw/README.md"]:
        text = doc.read_text(encoding="utf-8").replace("\\\n", " ")
        for m in re.finditer(r"-m analysis((?: --?[a-z][a-z-]*)*) ([a-z][a-z-]+)([^`\n]*)", text):
            found.append((doc.name, m.group(2), re.findall(r"(?<![\w-])--[a-z][a-z-]*", m.group(3))))
    return found


def _options() -> dict[str, set[str]]:
    import typer.main

    from analysis.cli import app

    commands = typer.main.get_command(app).commands
    return {name: {o for p in cmd.params for o in p.opts} | {"--help"} for name, cmd in commands.items()}


def test_every_command_the_docs_show_exists_with_the_options_they_give_it():
    options = _options()
    shown = _documented_commands()
    assert len(shown) > 20, "the README shows the commands with their options"
    wrong = [(doc, cmd, [o for o in opts if o not in options.get(cmd, set())]) for doc, cmd, opts in shown]
    assert not [w for w in wrong if w[2] or w[1] not in options], wrong


def test_the_readme_names_every_option_of_every_command():
    """An analyst reads the README, not `--help` of each command: no option goes unexplained there."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = {cmd: sorted(o for o in opts if o.startswith("--") and f"{o}" not in readme)
               for cmd, opts in _options().items()}  # fmt: skip
    assert not {cmd: opts for cmd, opts in missing.items() if opts}, missing


def test_code_refuses_to_write_its_themes_over_the_texts_it_reads(tmp_path):
    """`code --input texts.csv --output texts.csv` put the themes in the texts' place: the input was lost."""
    texts = tmp_path / "texts.csv"
    texts.write_text('id,text\n1,"We need investment in renewable energy."\n', encoding="utf-8")
    before = texts.read_bytes()
    proc = cli("code", "--input", str(texts), "--output", str(tmp_path / "." / "texts.csv"))
    assert_one_line_error(proc, "texts.csv", "--output")
    assert texts.read_bytes() == before


SDG_9_2_ES = (
    "Promover una industrialización inclusiva y sostenible y, de aquí a 2030, aumentar significativamente "
    "la contribución de la industria al empleo y al producto interno bruto."
)  # target 9.2 of the 2030 Agenda (A/RES/70/1), Spanish version
SDG_9_2_EN = (
    "Promote inclusive and sustainable industrialization and, by 2030, significantly raise industry's share "
    "of employment and gross domestic product."
)


def test_code_warns_of_texts_not_in_english_and_still_codes_every_row(tmp_path):
    """The Spanish target got one theme, from the cognate "industrialización", where the English got three,
    and the summary said nothing: the coder reads English, as the other stages warn."""
    src, out = tmp_path / "in.csv", tmp_path / "o.csv"
    src.write_text(f'id,text\nes1,"{SDG_9_2_ES}"\nen1,"{SDG_9_2_EN}"\nx,Gracias.\n', encoding="utf-8")
    proc = cli("code", "--input", str(src), "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warned) == 1 and warned[0].startswith(
        "warning: 1 text not in English, the codebook's language (Spanish: es1), coded as given"
    )
    assert "translate them" in warned[0]
    assert [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "id",
        "es1",
        "en1",
        "x",
    ]
    src.write_text(f'id,text\nen1,"{SDG_9_2_EN}"\n', encoding="utf-8")
    english = cli("code", "--input", str(src), "--output", str(out))
    assert english.returncode == 0 and "warning" not in english.stderr


def test_validate_warns_of_coded_sentences_not_in_english(tmp_path):
    """A coded sheet holding Spanish sentences was scored as if they were English: every figure lower, the
    codebook blamed."""
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "id\ttext\tthemes\n"
        f"es1\t{SDG_9_2_ES}\teconomic_development;livelihoods;inclusion\n"
        f"en1\t{SDG_9_2_EN}\teconomic_development;livelihoods;inclusion\n",
        encoding="utf-8",
    )
    proc = cli("validate", "--gold", str(gold))
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line.startswith("warning: ")]
    assert (
        len(warned) == 1
        and "1 coded sentence not in English, the codebook's language (Spanish: es1)" in warned[0]
    )
    assert "scored as if English" in warned[0]


def test_run_says_when_the_raw_folders_validation_sheet_is_a_copy_of_the_bundled_samples(tmp_path):
    """A round made from a copy of data/raw keeps data/raw/validation-sample.tsv, and `run` reads it unasked:
    in a round that dropped WEOG and added a session of its own it corrected the shares with 74 of its 108
    rows, said only as 'corrected with validation-sample.tsv', the bundled sample's own name."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nEEG,eeg.txt,Eastern European Group\nAFR,afr.txt,African Group\n",
        encoding="utf-8",
    )
    (raw / "eeg.txt").write_text(  # a sentence the bundled sheet codes, kept in the new round
        "Mr. Novak (Slovakia): Slovakia produces more cars per capita than any other country in the world, "
        "so the transition of the automotive industry is central for us.\n",
        encoding="utf-8",
    )
    (raw / "afr.txt").write_text("Ms. Shikongo (Namibia): Namibia asks for training.\n", encoding="utf-8")
    sheet = config.RAW_DIR / config.VALIDATION_SHEET
    (raw / config.VALIDATION_SHEET).write_bytes(sheet.read_bytes())
    env = {"ANALYSIS_PERMUTATIONS": "200", "ANALYSIS_BOOTSTRAP": "200"}  # few draws: the message is checked
    proc = cli("run", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--out", str(tmp_path / "f"),
               env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "is the bundled sample's validation sheet (copied with data/raw)" in proc.stderr, proc.stderr
    assert "corrected with validation-sample.tsv: 1 of 108 coded rows matched" in proc.stdout
