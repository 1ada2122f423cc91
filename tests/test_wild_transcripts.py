"""Transcripts from the wild (issue 16): every label grammar, page furniture, a batch surviving a bad file.

The fixtures are in tests/fixtures/wild/ (tests/fixtures/README: sources, licences, real or synthetic);
the measurement is benchmarks/bench_transcripts.py, whose targets are guarded here for the real files
(tuned on, and held out: never tuned on) and, separately, for the synthetic ones.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.errors import InputError
from analysis.ingest import clean_batch, clean_corpus
from analysis.ingest.readers import read_transcript
from analysis.ingest.speakers import clean_label

WILD = Path(__file__).parent / "fixtures" / "wild"
_spec = importlib.util.spec_from_file_location(
    "bench_transcripts", config.ROOT / "benchmarks" / "bench_transcripts.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def measured():
    return bench.measure()


def test_one_run_cleans_every_good_file_and_reports_the_unreadable_one(measured):
    assert len(measured["errors"]) == 1 and "broken-timing.vtt:4" in measured["errors"][0]
    assert len(measured["cleaned"]) == len(measured["rows"])


@pytest.mark.parametrize(
    "which",
    ["real", "real-tune", "real-heldout", "synthetic"],
)  # fmt: skip
def test_the_issues_targets_hold(measured, which):
    s = measured["sets"][which]
    assert bench.misses(s) == [], (which, s)


def test_the_known_misses_are_held_out_files_that_still_miss(measured):
    # measured once on the held-out files and left as they are: crec-senate-s8536.txt keeps 106.1% of its
    # words; the day one meets the target, bench.KNOWN_MISSES must lose it
    assert bench.known_misses(measured["rows"]) == {file: True for file in bench.KNOWN_MISSES}
    assert {r["set"] for r in measured["rows"] if r["file"] in bench.KNOWN_MISSES} == {"heldout"}


def test_real_and_synthetic_files_are_reported_apart(measured):
    sets = measured["sets"]
    assert sets["real"]["files"] == sets["real-tune"]["files"] + sets["real-heldout"]["files"] >= 9
    assert sets["real-heldout"]["files"] * 3 >= sets["real"]["files"]
    assert sets["real"]["files"] + sets["synthetic"]["files"] == len(measured["rows"])


def test_every_file_says_which_label_form_it_used():
    forms = {}
    for name in ["hearing-gpo.txt", "changelog-328.md", "meeting-notes.docx", "whisperx-diarised.srt",
                 "zoom-public-call.vtt", "teams-2020.vtt", "un-briefing.txt"]:  # fmt: skip
        log = read_transcript(WILD / name).removals
        [form] = [r.what.split()[0] for r in log if r.why == "label_grammar"]
        forms[name] = form
    assert forms == {
        "hearing-gpo.txt": "hearing",
        "changelog-328.md": "markdown",
        "meeting-notes.docx": "stamped",
        "whisperx-diarised.srt": "diarisation",
        "zoom-public-call.vtt": "handles",
        "teams-2020.vtt": "voice",
        "un-briefing.txt": "verbatim",
    }


def test_a_wrapped_colon_and_a_contents_line_are_not_speakers():
    result = read_transcript(WILD / "hansard-daily.pdf")
    labels = {s.label for s in result.segments}
    assert "the Table" not in labels and "Economic Development" not in labels
    assert [r.what for r in result.removals if r.why == "label_demoted"] == [
        "the Table: inside running prose"
    ] * 2


def test_running_heads_are_learned_from_the_documents_own_page_numbers():
    result = read_transcript(WILD / "hansard-daily.pdf")
    furniture = [r.what for r in result.removals if r.why == "page_furniture"]
    assert "Questions for Oral Answer    4412" in furniture  # seen once, but it carries page 4's number
    assert sum("Uncorrected transcript" in f for f in furniture) == 3
    assert all("HOUSE OF REPRESENTATIVES" not in s.text for s in result.segments)


def test_variants_of_one_speaker_merge_and_presiding_officers_are_chairs(tmp_path):
    turns, log = _clean(tmp_path, "hansard-daily.pdf")
    assert set(turns["speaker"]) == {
        "Speaker",
        "Hon Nicola Reid",
        "Hon Deputy Speaker",
        "Tama Walker (Labour-Te Atatu)",
    }
    assert set(turns[turns["speaker"].str.contains("Speaker")]["role"]) == {"chair"}
    assert "Hon. Deputy Speaker -> Hon Deputy Speaker" in set(log[log["why"] == "speaker_variant"]["what"])


def test_briefers_named_without_a_country_are_their_own_speakers_with_inferred_roles(tmp_path):
    turns, log = _clean(tmp_path, "un-briefing.txt")
    countries = [c if isinstance(c, str) else None for c in turns["country"]]
    who = dict(zip(turns["speaker"], zip(turns["role"], countries, strict=True), strict=False))
    assert who["Ms. Rivera"] == ("secretariat", None)
    assert who["Mr. Haddad"] == ("other", None)
    assert who["Mr. Skoog"] == ("observer", "EU")
    assert who["Ms. Ahmed"] == ("unknown", None)
    assert who["The President"] == ("chair", None)
    assert len(log[log["why"] == "role_inferred"]) == 3


@pytest.mark.parametrize(
    "label, shown",
    [("AB", "AB"), ("JdV", "JdV"), ("SPEAKER_00", "SPEAKER_00"), ("Mr SPEAKER", "Mr Speaker"),
     ("Hon NICOLA REID (Minister)", "Hon Nicola Reid (Minister)"), ("Chair (GRULAC Coordinator)",
     "Chair (GRULAC Coordinator)"), ("GHANA DELEGATION", "Ghana Delegation")],
)  # fmt: skip
def test_names_are_normalised_but_initials_and_diarisation_kept_as_written(label, shown):
    assert clean_label(label) == shown


def test_a_glued_applause_tag_is_an_annotation_not_part_of_the_label(tmp_path):
    turns, log = _clean(tmp_path, "panel-initials.srt")
    assert set(turns["speaker"]) == {"AB", "KL", "JdV"}
    assert "[Applause]" in set(log[log["why"] == "annotation"]["what"])


def test_a_congressional_record_keeps_speech_and_logs_its_layout(tmp_path):
    turns, log = _clean(tmp_path, "crec-house-h6117.txt")
    assert list(dict.fromkeys(turns["speaker"])) == [
        "The Speaker pro tempore (Mr. Mica)", "The Acting Chairman", "Mr. Issa", "Mr. Hyde", "Mr. Lantos",
        "Mr. Flake",
    ]  # fmt: skip
    assert set(turns[turns["speaker"].str.startswith("The ")]["role"]) == {"chair"}
    why = log.groupby("why")["what"].apply(list)
    assert len(why["inserted_text"]) == 1 and why["inserted_text"][0].startswith("Amendment No. 20 offered")
    assert "There was no objection." in why["stage_direction"]
    assert {"[[Page H6118]]", "[[Page H6119]]"} <= set(why["page_furniture"])
    assert "{time}  1117" in why["timestamp"]
    assert "Amendment No. 20 Offered by Mr. Issa" in why["heading"]
    text = " ".join(turns["text"])
    assert "SEC. 217" not in text and "[[Page" not in text and "{time}" not in text


def test_the_presiding_officer_is_one_chair_whoever_holds_the_chair(tmp_path):
    turns, log = _clean(tmp_path, "crec-senate-s8510.txt")
    chair = turns[turns["role"] == "chair"]
    assert set(chair["speaker"]) == {"The Presiding Officer"}
    assert "The Presiding Officer (Ms. Murkowski) -> The Presiding Officer" in set(
        log[log["why"] == "speaker_variant"]["what"]
    )
    assert {"Mr. McConnell", "Mr. McCain", "Mr. Leahy", "Ms. Landrieu", "Mr. Cornyn"} <= set(turns["speaker"])


def test_a_zoom_text_export_labels_each_block_with_the_bracketed_name(tmp_path):
    turns, log = _clean(tmp_path, "zoom-meeting-export.txt")
    assert list(turns["speaker"][:3]) == ["Johnny Doe", "Janet Dough", "Johnny Doe"]
    assert "11:02:09" in set(log[log["why"] == "timestamp"]["what"])


def test_unpadded_timings_are_read_and_the_leniency_logged():
    log = read_transcript(WILD / "teams-2020.vtt").removals
    assert [r.why for r in log].count("timing_lenient") == 1


def test_strict_is_all_or_nothing(tmp_path):
    raw = _raw(tmp_path, "interview.docx", "broken-timing.vtt")
    with pytest.raises(InputError, match="broken-timing.vtt:4"):
        clean_corpus(raw)
    batch = clean_batch(raw)
    assert list(batch.turns["session_id"].unique()) == ["interview.docx"] and len(batch.errors) == 1


def _raw(tmp_path, *names):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in names:
        shutil.copy(WILD / n, raw / n)
    rows = "".join(f"{n},{n},African Group\n" for n in names)
    (raw / "sessions.csv").write_text("session_id,file,group\n" + rows, encoding="utf-8")
    return raw


def _clean(tmp_path, name):
    return clean_corpus(_raw(tmp_path, name))
