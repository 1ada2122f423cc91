"""General-Debate-style folders: `analysis manifest` turns ISO3_SESSION_YEAR.txt files into sessions.csv.

Each file is one delegation's statement: its row names the country (so the whole
file is one turn) and the delegation's UN regional group from the country table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest import gdc
from analysis.ingest.manifest import read_manifest

UN_GROUPS = {
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group",
    "Western European and Others Group",
}

SPEECH = (
    "Mr. President, my delegation congratulates you on your election.\n"
    "Industrialization and digital skills are the keys to our future.\n"
)


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_PROGRESS": "0"}
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, env=env)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A messy little corpus: two sessions in sub-folders, stray files, an unknown code."""
    root = tmp_path / "ungdc"
    s78 = root / "Session 78 - 2023"
    s77 = root / "Session 77 - 2022"
    s78.mkdir(parents=True)
    s77.mkdir(parents=True)
    for name in (
        "KEN_78_2023.txt",
        "ARM_78_2023.txt",
        "NZL_78_2023.txt",
        "VAT_78_2023.txt",
        "ZZZ_78_2023.txt",
    ):
        (s78 / name).write_text(SPEECH, encoding="utf-8")
    (s77 / "AZE_77_2022.txt").write_text(SPEECH, encoding="utf-8")
    # Not statements: wrong case, wrong extension, notes, a half-matching name.
    (s78 / "ken_78_2023.txt").write_text(SPEECH, encoding="utf-8")
    (s78 / "KEN_78_2023.pdf").write_bytes(b"%PDF-1.4")
    (s78 / "KEN_78_2023_draft.txt").write_text(SPEECH, encoding="utf-8")
    (root / "README.txt").write_text("About this corpus.\n", encoding="utf-8")
    return root


def test_every_statement_becomes_a_row_with_its_country_and_regional_group(corpus):
    df, skipped = gdc.scan(corpus)
    assert df["session_id"].tolist() == [
        "ARM_78_2023",
        "AZE_77_2022",
        "KEN_78_2023",
        "NZL_78_2023",
        "VAT_78_2023",
    ]
    by_id = df.set_index("session_id")
    assert by_id.loc["KEN_78_2023", "group"] == "African Group"
    assert by_id.loc["ARM_78_2023", "group"] == "Eastern European Group"
    assert by_id.loc["AZE_77_2022", "group"] == "Eastern European Group"
    assert by_id.loc["NZL_78_2023", "group"] == "Western European and Others Group"
    assert by_id.loc["VAT_78_2023", "group"] == gdc.NO_GROUP  # the Holy See is in no regional group
    assert by_id.loc["KEN_78_2023", "country"] == "KEN"
    assert by_id.loc["AZE_77_2022", "year"] == 2022
    assert by_id.loc["AZE_77_2022", "file"] == "Session 77 - 2022/AZE_77_2022.txt"
    assert "Kenya" in by_id.loc["KEN_78_2023", "title"] and "78" in by_id.loc["KEN_78_2023", "title"]


def test_files_not_named_like_statements_are_ignored_silently(corpus):
    df, skipped = gdc.scan(corpus)
    files = set(df["file"])
    assert not any(f.endswith(("ken_78_2023.txt", ".pdf", "_draft.txt", "README.txt")) for f in files)
    assert all("README" not in s and "draft" not in s for s in skipped)


def test_an_unknown_code_is_skipped_with_a_note_naming_the_file(corpus):
    df, skipped = gdc.scan(corpus)
    assert "ZZZ" not in set(df["country"])
    assert len(skipped) == 1
    assert "ZZZ_78_2023.txt" in skipped[0] and "ZZZ" in skipped[0]


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("2023", ["ARM_78_2023", "KEN_78_2023", "NZL_78_2023", "VAT_78_2023"]),
        ("2022", ["AZE_77_2022"]),
        ("2015-2022", ["AZE_77_2022"]),
        ("2022, 2023", ["ARM_78_2023", "AZE_77_2022", "KEN_78_2023", "NZL_78_2023", "VAT_78_2023"]),
    ],
)
def test_years_keep_only_those_years(corpus, spec, expected):
    df, _ = gdc.scan(corpus, gdc.parse_years(spec))
    assert df["session_id"].tolist() == expected


@pytest.mark.parametrize("spec", ["20x3", "2023-2021", "23", "2023;2024"])
def test_unreadable_years_are_input_errors(spec):
    with pytest.raises(InputError, match="--years"):
        gdc.parse_years(spec)


def _empty(folder):
    folder.mkdir()
    return folder


def test_no_matching_file_for_the_years_is_an_input_error(corpus, tmp_path):
    with pytest.raises(InputError, match="no files named like .* for the years 1999"):
        gdc.write_manifest(corpus, corpus.parent / "m.csv", years="1999")
    with pytest.raises(InputError, match=r"no files named like ISO3_SESSION_YEAR.txt \(KEN_78_2023.txt\)$"):
        gdc.write_manifest(_empty(tmp_path / "empty"), tmp_path / "m.csv")  # no years asked: none to blame


def test_the_written_manifest_is_one_the_clean_stage_accepts(corpus):
    said = gdc.write_manifest(corpus)  # default: FOLDER/sessions.csv
    assert "--processed data/processed/gdc/all --out" in said, "not the sample's data/processed"
    sessions = read_manifest(corpus)
    assert len(sessions) == 5
    assert sessions["country"].notna().all()
    assert all(Path(p).is_file() for p in sessions["path"])


def test_cli_writes_the_manifest_outside_a_read_only_corpus_and_notes_skips(corpus, tmp_path):
    out = tmp_path / "elsewhere" / "sessions.csv"
    proc = cli("manifest", str(corpus), "--out", str(out), "--years", "2023")
    assert proc.returncode == 0, proc.stderr
    assert not (corpus / "sessions.csv").exists()
    df = pd.read_csv(out)
    assert sorted(df["session_id"]) == ["ARM_78_2023", "KEN_78_2023", "NZL_78_2023", "VAT_78_2023"]
    assert "4 statements" in proc.stdout
    # how to analyse it with the manifest kept elsewhere, into that folder, never over data/processed
    assert f"python -m analysis run --raw {corpus} --manifest {out} --processed {out.parent}" in proc.stdout
    assert df["date"].astype(str).unique().tolist() == ["2023"]  # the year: all the files say
    assert "skipped" in proc.stdout and "ZZZ_78_2023.txt" in proc.stdout


@pytest.mark.parametrize(
    "out,runs",
    [
        ("m/sessions-2023.csv", "--manifest m/sessions-2023.csv --processed data/processed/gdc/2023 "),
        (
            "gdc.csv",
            "--manifest gdc.csv --processed data/processed/gdc/2023 ",
        ),  # not into the project's folder
        ("gdc/2023/sessions.csv", "--manifest gdc/2023/sessions.csv --processed gdc/2023 "),
        # a sessions.csv in the working folder: its folder is the project's, not one of the analysis's own
        ("sessions.csv", "--manifest sessions.csv --processed data/processed/gdc/2023 "),
    ],
)
def test_the_manifests_hint_runs_the_analysis_into_a_folder_of_its_own(
    corpus, tmp_path, monkeypatch, out, runs
):
    monkeypatch.chdir(tmp_path)
    said = gdc.write_manifest(corpus, out, years="2023")
    assert f"python -m analysis run --raw {corpus} {runs}" in said
    # figures named by the years, as the README's ten years are, not by the folder ('gdc/gdc', 'gdc/p')
    assert said.split("\n")[1].endswith(" --out reports/figures/gdc/2023")


def test_the_manifests_hint_names_the_figures_folder_all_without_years(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = gdc.write_manifest(corpus, tmp_path / "p" / "sessions.csv")
    assert said.split("\n")[1].endswith(" --out reports/figures/gdc/all")


def test_cli_bad_years_is_one_line_and_exit_2(corpus):
    proc = cli("manifest", str(corpus), "--years", "twenty-twenty")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--years" in lines[0]
    assert not (corpus / "sessions.csv").exists()


def test_clean_reads_a_manifest_kept_outside_the_corpus(corpus, tmp_path):
    """The corpus stays read-only: the manifest lives elsewhere, files stay relative to --raw."""
    from analysis import pipeline

    manifest = tmp_path / "m" / "sessions.csv"
    gdc.write_manifest(corpus, manifest, years="2023")
    out = tmp_path / "processed"
    pipeline.clean_stage(corpus, out, manifest=manifest)
    turns = pd.read_parquet(out / "turns.parquet")
    assert sorted(turns["session_id"].unique()) == [
        "ARM_78_2023",
        "KEN_78_2023",
        "NZL_78_2023",
        "VAT_78_2023",
    ]
    one = turns.groupby("session_id").size()
    assert (one == 1).all(), "a General-Debate file is a single statement: one turn"
    assert turns.set_index("session_id").loc["ARM_78_2023", "country"] == "ARM"
    assert not (corpus / "sessions.csv").exists()


# --- the real corpus ------------------------------------------------------------------------------


@pytest.fixture
def ungdc(shared_dir) -> Path:
    from analysis import config

    if not config.UNGDC_DIR.is_dir():
        pytest.skip(f"needs the UN General Debate Corpus at {config.UNGDC_DIR} (absent on this machine)")
    return config.UNGDC_DIR


def test_the_2023_general_debate_has_one_row_per_delegation_in_known_groups(ungdc):
    df, skipped = gdc.scan(ungdc, gdc.parse_years("2023"))
    assert 185 <= len(df) <= 200, len(df)
    assert df["country"].is_unique
    assert set(df["group"]) <= UN_GROUPS | {gdc.NO_GROUP}
    assert UN_GROUPS <= set(df["group"])
    assert (df["year"] == 2023).all()
    groups = df.set_index("country")["group"]
    # The reference lists' known slips must not leak in.
    assert groups["ARM"] == groups["AZE"] == "Eastern European Group"
    assert groups["AUS"] == groups["NZL"] == groups["USA"] == "Western European and Others Group"
    assert skipped == [], skipped


def test_the_manifest_summary_groups_thousands_as_the_stage_summaries_do(tmp_path):
    """The ten years' manifest said 'manifest: 1938 statements' where clean says '1,707 removals logged'."""
    from analysis import countries

    members = [c for c in countries.codes() if countries.group_of(c)][:180]
    for year in range(2015, 2021):  # 6 years x 180 delegations: 1,080 statements
        folder = tmp_path / f"Session {year - 1945} - {year}"
        folder.mkdir()
        for code in members:
            (folder / f"{code}_{year - 1945}_{year}.txt").write_text("Peace.\n", encoding="utf-8")
    said = gdc.write_manifest(tmp_path, tmp_path / "out" / "sessions.csv")
    assert said.startswith("manifest: 1,080 statements by 180 delegations in 5 groups ->"), said


def test_out_naming_a_folder_writes_its_sessions_csv(corpus, tmp_path):
    """What `manifest --help` and notebook 05 promise: `--out data/processed/gdc/2015-2024` is a folder."""
    said = gdc.write_manifest(corpus, tmp_path / "gdc" / "2015-2024")
    assert (tmp_path / "gdc" / "2015-2024" / "sessions.csv").is_file()
    assert f"-> {tmp_path / 'gdc' / '2015-2024' / 'sessions.csv'}\n" in said


def _statements(folder: Path, *names: str) -> Path:
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(SPEECH, encoding="utf-8")
    return folder


def test_early_sessions_and_the_european_union_are_statements_too(tmp_path):
    """The corpus numbers its first sessions with one digit or a padded two, and files the European Union
    under its two-letter code: each is a statement, titled by the session's number, EU with no group."""
    corpus = _statements(tmp_path / "c", "USA_1_1946.txt", "ARG_02_1947.txt", "EU_78_2023.txt")
    df, skipped = gdc.scan(corpus)
    assert skipped == []
    assert df[["session_id", "country", "group", "date"]].values.tolist() == [
        ["ARG_02_1947", "ARG", "Latin American and Caribbean Group", "1947"],
        ["EU_78_2023", "EU", gdc.NO_GROUP, "2023"],
        ["USA_1_1946", "USA", "Western European and Others Group", "1946"],
    ]
    assert df["title"].tolist()[:2] == [
        "General Debate, session 2 (1947): Argentina",
        "General Debate, session 78 (2023): European Union",
    ]
    # the summary counts the observers' group with the regional ones, as the figures draw it
    assert gdc.write_manifest(corpus).startswith("manifest: 3 statements by 3 delegations in 3 groups -> ")


def test_a_file_named_by_a_two_letter_code_is_given_its_delegations_three_letter_one(tmp_path):
    """The manifest takes ISO 3166-1 alpha-3 codes (or EU): 'UK' in a file's name is GBR in its row, so
    the written manifest reads."""
    corpus = _statements(tmp_path / "c", "UK_78_2023.txt")
    gdc.write_manifest(corpus)
    assert read_manifest(corpus)["country"].tolist() == ["GBR"]


@pytest.mark.parametrize("spec", [None, "", "  "])
def test_no_years_or_empty_years_mean_every_year(spec):
    assert gdc.parse_years(spec) is None


def test_a_folder_that_is_not_there_is_said_to_be_no_folder(tmp_path):
    with pytest.raises(InputError) as err:
        gdc.scan(tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: not a folder"


def test_a_skipped_file_is_named_with_its_sub_folder(tmp_path):
    corpus = _statements(tmp_path / "c", "Session 78/ZZZ_78_2023.txt", "Session 78/KEN_78_2023.txt")
    assert gdc.scan(corpus)[1] == ["Session 78/ZZZ_78_2023.txt: ZZZ is not in the country table"]


def test_the_default_manifest_named_another_way_needs_no_manifest_option(tmp_path, monkeypatch):
    """The corpus given relative and the manifest by its full path: still FOLDER/sessions.csv, which
    `run --raw FOLDER` finds itself."""
    _statements(tmp_path / "c", "KEN_78_2023.txt")
    monkeypatch.chdir(tmp_path)
    said = gdc.write_manifest("c", tmp_path / "c" / "sessions.csv")
    assert "python -m analysis run --raw c --processed data/processed/gdc/all " in said


def test_a_statement_under_a_four_letter_historical_code_is_skipped_with_its_reason(tmp_path):
    """The corpus's files before 1991 use four-letter codes for states that are gone (YDYE, South Yemen;
    CSHH, Czechoslovakia): named like a statement, so skipped with a note, not left out in silence as a
    stray README is. Four letters are never a country's name looked up ("CUBA" is no code)."""
    corpus = _statements(
        tmp_path / "c", "YDYE_25_1970.txt", "KEN_78_2023.txt", "NOTES_1_2023.txt", "CUBA_78_2023.txt"
    )
    df, skipped = gdc.scan(corpus)
    assert df["session_id"].tolist() == ["KEN_78_2023"]
    assert skipped == [
        "CUBA_78_2023.txt: CUBA is not in the country table",
        "YDYE_25_1970.txt: YDYE is not in the country table",
    ]
