"""ingest.clean_corpus: manifest -> turns and log with the design's columns; nothing lost, nothing written."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import catalogue
from analysis.errors import InputError
from analysis.ingest import clean_corpus
from helpers import write_docx, write_pdf

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
The Chair: Good morning, colleagues. I give the floor to the distinguished delegate of Kenya.

2
00:00:04.500 --> 00:00:09.000
Kenya - Mr. Otieno: Thank you Chair. Um, Kenya supports the the digital skills agenda.

3
00:00:09.000 --> 00:00:12.000
Kenya - Mr. Otieno: [inaudible] And we need investment in industry.

4
00:00:12.000 --> 00:00:14.000
Mr. Banda: Malawi asks for support to small enterprises.

5
00:00:14.000 --> 00:00:15.000
Kenya - Mr. Otieno: [crosstalk] uh
"""

AUTO = """WEBVTT

00:00:00.000 --> 00:00:03.000
>> i now give the floor to the distinguished
delegate of ghana

00:00:03.000 --> 00:00:06.000
delegate of ghana
>> thank you chair ghana calls for

00:00:06.000 --> 00:00:09.000
>> thank you chair ghana calls for
technology transfer and skills
"""


@pytest.fixture
def raw(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "africa.vtt").write_text(ZOOM, encoding="utf-8")
    (raw / "auto.vtt").write_text(AUTO, encoding="utf-8")
    (raw / "KEN_79_2024.txt").write_text(
        "1.  Kenya, uh, stands with the framework.\n\n2.  It thanks UNIDO.\n", encoding="utf-8"
    )
    (raw / "sessions.csv").write_text(
        "session_id,file,group,date,title,country\n"
        "africa,africa.vtt,African Group,2024-03-01,Africa dialogue,\n"
        "auto,auto.vtt,African Group,2024-03-02,,\n"
        "gd,KEN_79_2024.txt,General Debate,,,KEN\n",
        encoding="utf-8",
    )
    (raw / "speakers.csv").write_text(
        "speaker,country,role,session_id\nMr. Banda,MWI,member_state,africa\n", encoding="utf-8"
    )
    return raw


def test_columns_dtypes_and_order(raw):
    turns, log = clean_corpus(raw)
    assert list(turns.columns) == catalogue.table("turns").column_names()
    assert list(log.columns) == catalogue.table("cleaning_log").column_names()
    assert turns["turn"].dtype == "int64" and turns["n_words"].dtype == "int64"
    assert turns["procedural"].dtype == bool
    assert pd.api.types.is_string_dtype(turns["country"])
    assert turns[["session_id", "turn"]].equals(
        turns[["session_id", "turn"]].sort_values(["session_id", "turn"]).reset_index(drop=True)
    )
    for _, g in turns.groupby("session_id"):
        assert g["turn"].tolist() == list(range(len(g)))


def test_zoom_session_turns_attribution_cleaning_and_overrides(raw):
    turns, log = clean_corpus(raw)
    t = turns[turns["session_id"] == "africa"].reset_index(drop=True)
    assert t["role"].tolist() == ["chair", "member_state", "member_state"]
    assert t["country"].tolist()[1:] == ["KEN", "MWI"]  # Mr. Banda only through speakers.csv
    assert pd.isna(t.loc[0, "country"])
    assert t.loc[1, "text"] == (
        "Thank you Chair. Kenya supports the digital skills agenda. And we need investment in industry."
    )
    assert t.loc[1, "source"] == "africa.vtt:cues 2-3"
    assert t.loc[0, "procedural"] and not t.loc[1, "procedural"]
    whys = set(log.loc[log["session_id"] == "africa", "why"])
    assert {"timestamp", "cue_number", "filler", "stutter", "annotation", "empty_turn"} <= whys
    # The last cue was pure noise: dropped, but logged.
    assert len(t) == 3


def test_auto_captions_infer_the_delegation_from_the_floor_given(raw):
    turns, log = clean_corpus(raw)
    t = turns[turns["session_id"] == "auto"].reset_index(drop=True)
    assert t["text"].tolist() == [
        "i now give the floor to the distinguished delegate of ghana",
        "thank you chair ghana calls for technology transfer and skills",
    ]
    assert t["country"].tolist()[1] == "GHA" and t["role"].tolist() == ["unknown", "member_state"]
    unattributed = log[(log["session_id"] == "auto") & (log["why"] == "unattributed")]
    assert unattributed["turn"].tolist() == [0]


def test_single_statement_is_one_turn_of_the_manifest_country(raw):
    turns, log = clean_corpus(raw)
    [row] = turns[turns["session_id"] == "gd"].to_dict("records")
    assert row["country"] == "KEN" and row["role"] == "member_state" and row["delegation"] == "Kenya"
    assert row["text"] == "Kenya stands with the framework. It thanks UNIDO."
    assert {"paragraph_number", "filler"} <= set(log.loc[log["session_id"] == "gd", "why"])
    # the manifest names the delegation: nothing about who speaks is a guess, so nothing is logged as one
    assert "attribution_inferred" not in set(log.loc[log["session_id"] == "gd", "why"])


def test_nothing_is_written_under_raw(raw):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in raw.rglob("*"))
    clean_corpus(raw)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in raw.rglob("*")) == before


def test_one_bad_transcript_stops_the_run_naming_it(raw):
    (raw / "auto.vtt").write_text("WEBVTT\n\n00:00:0 --> 00:00:03.000\nhello\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        clean_corpus(raw)
    assert str(err.value) == f"{raw / 'auto.vtt'}:3: malformed cue timing '00:00:0 --> 00:00:03.000'"


def test_deterministic(raw):
    a, la = clean_corpus(raw)
    b, lb = clean_corpus(raw)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(la, lb)


def test_next_is_a_delegation_attributes_the_unlabelled_speaker_after_it_and_nothing_else_does(tmp_path):
    cues = [
        "Chair: Thank you. Next is the observer for the European Union.",
        "iPhone: The Union supports the framework.",
        "Chair: Next is the question of financing.",
        "iPhone: We think financing matters.",
    ]
    vtt = "WEBVTT\n\n" + "\n\n".join(
        f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 2:02d}.000\n{cue}" for i, cue in enumerate(cues)
    )
    (tmp_path / "chair.vtt").write_text(vtt + "\n", encoding="utf-8")
    (tmp_path / "sessions.csv").write_text(
        "session_id,file,group\nS1,chair.vtt,Western European and Others Group\n", encoding="utf-8"
    )
    turns, log = clean_corpus(tmp_path)
    assert turns["role"].tolist() == ["chair", "observer", "chair", "unknown"]
    assert turns["country"].fillna("-").tolist() == ["-", "EU", "-", "-"]
    inferred = log.loc[log["why"] == "attribution_inferred", ["turn", "what"]].values.tolist()
    assert inferred == [[1, "iPhone -> EU (given the floor in the previous turn)"]]


def test_a_speakers_row_that_names_no_speaker_is_said_in_the_clean_summary(raw, tmp_path):
    from analysis import pipeline

    with open(raw / "speakers.csv", "a", encoding="utf-8") as fh:  # a handle the reader kept as text
        fh.write("amina.otieno,,secretariat,\nMr. Banda,MWI,member_state,auto\n")
    result = pipeline.clean_stage(raw, tmp_path / "out")
    # Mr. Banda's row for the africa session matched and is not listed; the next notice is the undated one
    said = "; 2 speakers.csv rows name no speaker of the transcripts (amina.otieno; Mr. Banda in auto); 1 "
    assert said in str(result)


def _turns_of(*segments):
    """A session's (label, text) segments -> its turn rows and log rows, through the three steps."""
    from analysis.ingest import turns
    from analysis.ingest.readers import ReadResult, Segment

    result = ReadResult(
        [Segment(label, text, f"s.vtt:cue {i + 1}") for i, (label, text) in enumerate(segments)]
    )
    parts = turns.attributed_segments("s", result, single=None, overrides=None)
    row = {"session_id": "s", "group": "African Group", "file": "s.vtt"}
    return turns.turn_rows(row, result, turns.merge_turns(parts))


def test_two_delegates_of_one_country_in_a_row_are_two_turns_one_delegate_twice_is_one():
    rows, _ = _turns_of(
        ("Mr. Otieno (Kenya)", "Kenya supports the agenda."),
        ("Mr. Otieno (Kenya)", "It asks for investment."),
        ("Ms. Wanjiru (Kenya)", "Kenya adds a word on skills."),
    )
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Mr. Otieno (Kenya)", "Kenya supports the agenda. It asks for investment."),
        ("Ms. Wanjiru (Kenya)", "Kenya adds a word on skills."),
    ]


def test_turns_are_numbered_without_the_gaps_of_dropped_empty_turns_and_keep_what_they_lost():
    """An empty turn is dropped, its removals logged outside any turn; the turns after it are numbered
    on. A turn's segments are joined by one space, its floor language is its first; unlabelled
    segments in a row are separate turns (nobody says they are one speaker)."""
    rows, log = _turns_of(
        ("Chair", ""),
        ("Mr. Otieno (Kenya)", "(spoke in French) Kenya supports the agenda."),
        ("Mr. Otieno (Kenya)", ""),
        ("Mr. Otieno (Kenya)", "(spoke in English) It asks for investment."),
        ("Mr. Banda (Malawi)", "[crosstalk]"),
        ("Ms. Wanjiru (Kenya)", "Kenya adds a word on skills."),
        (None, "Some words."),
        (None, "More words."),
    )
    assert [(r["turn"], r["speaker"], r["text"]) for r in rows] == [
        (0, "Mr. Otieno (Kenya)", "Kenya supports the agenda. It asks for investment."),
        (1, "Ms. Wanjiru (Kenya)", "Kenya adds a word on skills."),
        (2, "", "Some words."),
        (3, "", "More words."),
    ]
    assert rows[0]["floor_language"] == "French"
    dropped = [(r["turn"], r["what"], r["why"]) for r in log if r["turn"] is None]
    assert dropped == [
        (None, "Chair", "empty_turn"),
        (None, "[crosstalk]", "annotation"),
        (None, "Mr. Banda (Malawi)", "empty_turn"),
    ]


def test_a_speaker_of_no_delegation_is_named_in_the_delegation_column_as_the_speaker_column_names_them():
    rows, _ = _turns_of(("The Chair", "Good morning."), ("Mr. Banda", "Malawi asks for support."))
    assert [(r["role"], r["speaker"], r["delegation"]) for r in rows] == [
        ("chair", "The Chair", "The Chair"),
        ("unknown", "Mr. Banda", "Mr. Banda"),
    ]


def test_a_source_names_the_file_as_the_manifest_lists_it_in_its_sub_folder(tmp_path):
    """The contract's `source` is 'the file and the line, cue or page span': two sessions kept in folders of
    their own, each as transcript.vtt, read 'transcript.vtt:cues 2-3' alike, naming no file of the manifest
    (the General Debate's 'COM_78_2023.txt:lines 1-21' for 'Session 78 - 2023/COM_78_2023.txt')."""
    raw = tmp_path / "raw"
    for folder in ("africa", "africa again"):
        (raw / folder).mkdir(parents=True)
        (raw / folder / "transcript.vtt").write_text(ZOOM, encoding="utf-8")
    (raw / "gd").mkdir()
    (raw / "gd" / "KEN_79_2024.txt").write_text("1.  Kenya stands with the framework.\n", encoding="utf-8")
    (raw / "sessions.csv").write_text(
        "session_id,file,group,country\n"
        "a1,africa/transcript.vtt,African Group,\n"
        "a2,africa again/transcript.vtt,African Group,\n"
        "gd,gd/KEN_79_2024.txt,African Group,KEN\n",
        encoding="utf-8",
    )
    turns, log = clean_corpus(raw)
    files = {"a1": "africa/transcript.vtt", "a2": "africa again/transcript.vtt", "gd": "gd/KEN_79_2024.txt"}
    source = turns.set_index(["session_id", "turn"])["source"]
    assert source["a1", 1] == "africa/transcript.vtt:cues 2-3"
    assert source["a2", 1] == "africa again/transcript.vtt:cues 2-3"
    assert source["gd", 0] == "gd/KEN_79_2024.txt:line 1"
    for table in (turns, log):
        listed = table["session_id"].map(files)
        named = [s == f or s.startswith(f"{f}:") for s, f in zip(table["source"], listed, strict=True)]
        assert all(named), table.loc[[not n for n in named], ["session_id", "source"]]


def test_a_written_statement_in_word_or_pdf_is_one_turn_of_the_manifest_country(tmp_path):
    """Statements arrive as Word files and PDFs as often as text: read whole as the manifest's country's
    one turn; a speaker label the reader finds inside is taken out of the text and logged."""
    raw = tmp_path / "raw"
    raw.mkdir()
    write_docx(
        raw / "KEN.docx", ["Mr. Kiboino (Kenya): Kenya welcomes the framework.", "It asks for skills."]
    )
    write_pdf(raw / "GHA.pdf", ["Ghana welcomes the framework.\nIt asks for investment."], "A/79/PV.29")
    (raw / "sessions.csv").write_text(
        "session_id,file,group,country\nken,KEN.docx,African Group,KEN\ngha,GHA.pdf,African Group,GHA\n",
        encoding="utf-8",
    )
    turns, log = clean_corpus(raw)
    rows = turns.set_index("session_id")[["country", "delegation", "text", "source"]]
    assert rows.loc["ken"].tolist() == [
        "KEN", "Kenya", "Kenya welcomes the framework. It asks for skills.", "KEN.docx:paragraphs 1-2"
    ]  # fmt: skip
    assert rows.loc["gha"].tolist() == [
        "GHA", "Ghana", "Ghana welcomes the framework. It asks for investment.", "GHA.pdf:page 1"
    ]  # fmt: skip
    labels = log[log["why"] == "speaker_label"]
    assert labels[["session_id", "what"]].values.tolist() == [["ken", "Mr. Kiboino (Kenya)"]]
    assert "A/79/PV.29" in log.loc[log["session_id"] == "gha", "what"].tolist()  # the page head, not speech


def test_a_transcript_clean_could_not_read_is_recorded_as_the_manifest_names_it_not_by_absolute_path(
    tmp_path,
):
    """The clean stage's record under processed/.cache named an unreadable transcript by its absolute path
    ("/home/amina/study/raw/sub/broken-timing.vtt"): a processed folder shared with colleagues carried the
    home folder and user name, and the name meant another file once the raw folder moved. The manifest's
    own name for it serves as well; the stage still reads it again once mended."""
    from analysis import pipeline

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "sub").mkdir(parents=True)
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nS1,good.txt,African Group\nS2,sub/broken-timing.vtt,African Group\n",
        encoding="utf-8",
    )
    (raw / "good.txt").write_text("The Chair: Welcome.\nKenya: We support the framework.\n", encoding="utf-8")
    broken = raw / "sub" / "broken-timing.vtt"
    broken.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nGhana: We support SMEs.\n")
    assert len(pipeline.clean_stage(raw, out).errors) == 1
    records = [p.read_text(encoding="utf-8") for p in (out / ".cache").glob("stage-clean-*.json")]
    assert len(records) == 1 and str(tmp_path) not in records[0]
    assert json.loads(records[0])["unread"] == ["sub/broken-timing.vtt"]
    assert "(sub/broken-timing.vtt)" in pipeline.partial_turns(out)[0]
    broken.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGhana: We support SMEs.\n")
    again = pipeline.clean_stage(raw, out)
    assert not again.up_to_date and not again.errors and again.counts["sessions"] == 2
    assert pipeline.partial_turns(out) == []


def test_a_manifest_kept_elsewhere_brings_the_speakers_csv_beside_it(raw, tmp_path):
    """A read-only corpus keeps its sessions.csv and speakers.csv elsewhere: the speakers.csv beside the
    manifest names Mr. Banda, not one left in the raw folder."""
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "sessions.csv").write_text(
        "session_id,file,group\nafrica,africa.vtt,African Group\n", encoding="utf-8"
    )
    (kept / "speakers.csv").write_text("speaker,country,role\nMr. Banda,ZMB,member_state\n", encoding="utf-8")
    turns, _ = clean_corpus(raw, kept / "sessions.csv")
    assert turns["session_id"].unique().tolist() == ["africa"]
    assert turns.loc[turns["speaker"] == "Mr. Banda", "country"].tolist() == ["ZMB"]


def test_turns_and_log_come_in_session_order_whatever_the_manifests(raw):
    """Outputs do not depend on the order of the manifest's rows; in the log a session's removals outside
    any turn come before its turns'."""
    lines = (raw / "sessions.csv").read_text(encoding="utf-8").splitlines()
    (raw / "sessions.csv").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    turns, log = clean_corpus(raw)
    assert turns["session_id"].unique().tolist() == ["africa", "auto", "gd"]
    assert log["session_id"].unique().tolist() == ["africa", "auto", "gd"]
    africa = log.loc[log["session_id"] == "africa", "turn"]
    assert africa.isna().any() and africa.isna().tolist() == sorted(africa.isna().tolist(), reverse=True)


def test_a_file_with_turns_longer_than_the_parser_takes_is_left_out_naming_the_first_and_counting_more(
    tmp_path, monkeypatch
):
    """At most MAX_TEXT_CHARS to a turn (a turn of exactly that is read); a file with longer ones is one
    error naming the first, its source and how many more, and none of its turns is kept."""
    from analysis import config
    from analysis.ingest.corpus import clean_batch

    monkeypatch.setattr(config, "MAX_TEXT_CHARS", 40)
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "ok.txt").write_text("Kenya: " + "a" * 39 + ".\n", encoding="utf-8")  # 40 characters
    (raw / "sub" / "wall.txt").write_text(
        "Kenya: " + "b" * 45 + ".\nGhana: Short.\nMalawi: " + "c" * 50 + ".\n", encoding="utf-8"
    )
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nok,ok.txt,African Group\nwall,sub/wall.txt,African Group\n", encoding="utf-8"
    )
    batch = clean_batch(raw)
    assert batch.turns["session_id"].unique().tolist() == ["ok"]
    [error] = batch.errors
    assert str(error).startswith(
        f"{raw / 'sub' / 'wall.txt'}: a turn of 46 characters (sub/wall.txt:line 1), and 1 more;"
        " the parser takes at most 40: "
    )


def test_the_sessions_table_and_the_undated_sessions_are_of_the_sessions_read(tmp_path):
    """A transcript that could not be read is not a session of the outputs: neither a row of the
    `sessions` table nor an undated session; those read but undated are named in order."""
    from analysis.ingest.corpus import clean_batch

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("b.txt", "a.txt", "c.txt"):
        (raw / name).write_text("The Chair: Welcome.\nKenya: We support the framework.\n", encoding="utf-8")
    (raw / "d.vtt").write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:0x:04.000\nGhana: We support SMEs.\n")
    (raw / "sessions.csv").write_text(
        "session_id,file,group,date\nb,b.txt,African Group,\na,a.txt,African Group,\n"
        "c,c.txt,African Group,2024-05-14\nd,d.vtt,African Group,\n",
        encoding="utf-8",
    )
    batch = clean_batch(raw)
    assert len(batch.errors) == 1
    assert batch.undated() == ["a", "b"]
    assert sorted(batch.session_table()["session_id"]) == ["a", "b", "c"]
