"""manifest: sessions.csv is checked as a whole before any work; every problem is one line with its line."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError, InputErrors
from analysis.ingest.manifest import _edit_distance, group_typos, read_manifest


def _write(folder, manifest: str, files=("a.vtt", "b.txt")):
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        (folder / f).parent.mkdir(parents=True, exist_ok=True)
        (folder / f).write_text("WEBVTT\n", encoding="utf-8")
    (folder / "sessions.csv").write_text(manifest, encoding="utf-8")
    return folder


def _problems(folder) -> list[str]:
    with pytest.raises(InputError) as err:
        read_manifest(folder)
    lines = str(err.value).split("\n")
    assert all("sessions.csv" in line for line in lines), lines
    return lines


def test_a_good_manifest_reads_with_paths_resolved(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date,country\ns1,a.vtt,African Group,2024-03-01,\ns2,b.txt,Arab Group,,EGY\n",
    )
    df = read_manifest(raw)
    assert df["session_id"].tolist() == ["s1", "s2"]
    assert df.loc[0, "path"] == str(raw / "a.vtt")
    assert df["country"].isna().tolist() == [True, False]
    assert df["line"].tolist() == [2, 3]


@pytest.mark.parametrize("on_disk, in_manifest", [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_file_name_with_accents_is_found_however_they_are_encoded(tmp_path, on_disk, in_manifest):
    """A macOS zip stores 'é' as 'e' + a combining accent; a manifest typed elsewhere has 'é': they print
    the same and name the same file."""
    import unicodedata

    name = "Afrique – séance 1.vtt"
    disk, said = (unicodedata.normalize(f, name) for f in (on_disk, in_manifest))
    raw = _write(tmp_path / "raw", f"session_id,file,group\ns1,{said},African Group\n", files=(disk,))
    assert read_manifest(raw).loc[0, "path"] == str(raw / disk)


def test_a_caveat_column_is_read_as_an_optional_warning(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,caveat\n"
        's1,a.vtt,African Group,"Invented, for illustration"\n'
        "s2,b.txt,Arab Group,\n",
    )
    df = read_manifest(raw)
    assert df["caveat"].tolist()[0] == "Invented, for illustration" and pd.isna(df["caveat"][1])
    assert (
        read_manifest(_write(tmp_path / "plain", "session_id,file,group\ns1,a.vtt,African Group\n"))["caveat"]
        .isna()
        .all()
    )


@pytest.mark.parametrize("when,ok", [("2023", True), ("2023-09", True), ("2023-13", False), ("23", False),
                                     ("2023-9-1", False)])  # fmt: skip
def test_a_date_may_be_a_year_or_a_month_where_that_is_all_a_source_says(tmp_path, when, ok):
    """ISO 8601's reduced precision: the General Debate's files give only the year."""
    raw = _write(tmp_path / "raw", f"session_id,file,group,date\ns1,a.vtt,African Group,{when}\n")
    if ok:
        assert read_manifest(raw).loc[0, "date"] == when
    else:
        assert "is not an ISO date (YYYY-MM-DD, or YYYY-MM or YYYY)" in _problems(raw)[0]


@pytest.mark.parametrize(
    "when,advice",
    [
        ("14/05/2024", ": write 2024-05-14"),  # only a day can be 14: day first
        ("05/14/2024", ": write 2024-05-14"),  # month first, as in the United States
        ("2024/05/14", ": write 2024-05-14"),
        ("14.5.2024", ": write 2024-05-14"),
        ("04/05/2024", ": write 2024-05-04 (4 May) or 2024-04-05 (5 April)"),  # either way round
        ("2023-9-1", ": write 2023-09-01"),
        ("31/02/2024", ""),  # no such day either way: nothing to suggest
        ("May 2024", ": write 2024-05"),  # a month written out reads one way only
        ("2 April 2025", ": write 2025-04-02"),
        ("April 2, 2025", ": write 2025-04-02"),
        ("11 Sept. 2025", ": write 2025-09-11"),
        ("Tuesday, 2 April 2025", ": write 2025-04-02"),  # as a UN record dates its meeting
        ("2nd April 2025", ": write 2025-04-02"),
        ("2 April, 2025", ": write 2025-04-02"),
        ("Wednesday, April 2nd, 2025", ": write 2025-04-02"),
        ("31 February 2024", ""),  # no such day
        ("Spring 2024", ""),
    ],
)
def test_a_date_written_another_way_is_told_its_iso_form(tmp_path, when, advice):
    """A date typed as people write it (14/05/2024) is refused, with the ISO form to write where the
    date can be read; where day and month could be either, both readings are offered, never guessed."""
    raw = _write(tmp_path / "raw", f'session_id,file,group,date\ns1,a.vtt,African Group,"{when}"\n')
    [msg] = [p for p in _problems(raw) if "date" in p]
    assert msg.endswith(f"is not an ISO date (YYYY-MM-DD, or YYYY-MM or YYYY){advice}")


def test_missing_manifest(tmp_path):
    (tmp_path / "raw").mkdir()
    [msg] = _problems(tmp_path / "raw")
    assert "missing manifest" in msg


def test_missing_group_column_names_line_1(tmp_path):
    raw = _write(tmp_path / "raw", "session_id,file\ns1,a.vtt\n")
    [msg] = _problems(raw)
    assert "sessions.csv:1:" in msg and "group" in msg


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date,country\n"
        "s1,a.vtt,African Group,2024-13-01,\n"  # line 2: bad date
        "s1,b.txt,African Group,,XXX\n"  # line 3: duplicate id, unknown country
        "s3,missing.vtt,African Group,,\n"  # line 4: file missing
        "s4,../outside.txt,African Group,,\n"  # line 5: traversal
        "s5,/etc/passwd,African Group,,\n"  # line 6: absolute
        ",a.vtt,,,\n",
    )  # line 7: empty id and group
    msgs = _problems(raw)
    text = "\n".join(msgs)
    assert "sessions.csv:2: date '2024-13-01'" in text
    assert "sessions.csv:3: duplicate session_id 's1' (first on line 2)" in text
    assert "sessions.csv:3: country 'XXX'" in text
    assert "sessions.csv:4: file 'missing.vtt' does not exist" in text
    assert "sessions.csv:5: file '../outside.txt' points outside" in text
    assert "sessions.csv:6: file '/etc/passwd' is an absolute path" in text
    assert "sessions.csv:7: empty session_id" in text and "sessions.csv:7: empty group" in text


def test_an_unclosed_quote_is_one_error_naming_its_line_not_a_swallowed_session(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date,title,country\n"
        's1,a.vtt,African Group,2024-05-14,"unclosed,\n'  # line 2: the quote runs on to the end
        "s2,b.txt,African Group,2024-05-15,T,\n",
    )
    [msg] = _problems(raw)
    assert msg.startswith(f"{raw / 'sessions.csv'}:2: ") and "quote" in msg and "line break" in msg


def test_an_unclosed_quote_in_a_long_manifest_is_named_where_it_opens_not_where_csv_gave_up(tmp_path):
    """Past 131,072 characters csv stops ('field larger than field limit') thousands of lines on."""
    rows = "".join(f"s{i},a.vtt,African Group,2024-05-14,T,\n" for i in range(4000))
    raw = _write(tmp_path / "raw", 'session_id,file,group,date,title,country\ns0,a.vtt,"Arab Group,\n' + rows)
    [msg] = _problems(raw)
    assert msg.startswith(f"{raw / 'sessions.csv'}:2: ") and "quote left unclosed" in msg, msg


def test_a_quoted_line_break_is_an_error_even_when_the_quote_closes(tmp_path):
    raw = _write(
        tmp_path / "raw",
        'session_id,file,group,title\ns1,a.vtt,African Group,"two\nlines"\ns2,b.txt,Arab Group,T\n',
    )
    [msg] = _problems(raw)
    assert "sessions.csv:2: " in msg and "title" in msg and "line break" in msg


def test_a_row_with_too_many_values_gets_that_one_error_only(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date,title,country\n"
        "s1,a.vtt,African Group,2024-05-14,Dialogue, Africa session,KEN\n"  # an unquoted comma
        "s2,b.txt,African Group,2024-13-01,T,XXX\n",
    )
    msgs = _problems(raw)
    assert [m.split(": ", 1)[1] for m in msgs] == [
        "7 values for 6 columns",
        "date '2024-13-01' is not an ISO date (YYYY-MM-DD, or YYYY-MM or YYYY)",
        "country 'XXX' is not an ISO 3166-1 alpha-3 code (or EU)",
    ]
    assert [m.split(": ", 1)[0].rsplit(":", 1)[1] for m in msgs] == ["2", "3", "3"]


@pytest.mark.parametrize(
    "written,code", [("Egypt", "EGY"), ("Égypte", "EGY"), ("kenya", "KEN"), ("ken", "KEN")]
)
def test_a_country_written_by_its_name_or_in_lower_case_is_told_its_code(tmp_path, written, code):
    raw = _write(tmp_path / "raw", f"session_id,file,group,country\ns1,a.vtt,African Group,{written}\n")
    [msg] = _problems(raw)
    assert msg.endswith(
        f"sessions.csv:2: country {written!r} is not an ISO 3166-1 alpha-3 code (or EU): write {code}"
    )


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    raw = _write(tmp_path / "raw", "session_id,file,group\ns1,link.txt,African Group\n", files=())
    os.symlink(outside, raw / "link.txt")
    [msg] = _problems(raw)
    assert "sessions.csv:2:" in msg and "outside" in msg


def test_a_loop_of_links_is_a_problem_of_its_line_not_a_traceback(tmp_path):
    raw = _write(tmp_path / "raw", "session_id,file,group\ns1,a.txt,African Group\n", files=())
    os.symlink("b.txt", raw / "a.txt")
    os.symlink("a.txt", raw / "b.txt")
    [msg] = _problems(raw)
    assert "sessions.csv:2:" in msg and "'a.txt'" in msg and "loop" in msg


def test_files_in_subfolders_are_fine(tmp_path):
    raw = _write(
        tmp_path / "raw", "session_id,file,group\ns1,africa/a.vtt,African Group\n", files=("africa/a.vtt",)
    )
    assert read_manifest(raw).loc[0, "path"] == str(raw / "africa" / "a.vtt")


@pytest.mark.parametrize(
    "slip,resembles",
    [
        ("African group", "African Group"),
        ("Afican Group", "African Group"),
        ("Asia Pacific Group", "Asia-Pacific Group"),
        ("Western European and Others  Group", "Western European and Others Group"),
        ("Arab Gruop", "Arab Group"),  # two letters swapped: one slip
        ("GRULAC", "Latin American and Caribbean Group"),  # the short name beside the full one
        ("Group of Latin American and Caribbean Countries", "Latin American and Caribbean Group"),
    ],
)
def test_group_label_typos_are_flagged_with_the_label_they_resemble(tmp_path, slip, resembles):
    raw = _write(tmp_path / "raw", f"session_id,file,group\ns1,a.vtt,{resembles}\ns2,b.txt,{slip}\n")
    [msg] = _problems(raw)
    assert "sessions.csv:3:" in msg and repr(slip) in msg and repr(resembles) in msg


def test_any_other_group_label_is_allowed():
    assert group_typos(["Global briefing", "African Group", "Arab Group", "GRULAC", "WEOG"]) == {}
    # Two custom labels one keystroke apart: the rarer one is the slip.
    assert group_typos(["Donor roundtable", "Donor roundtable", "Donor rountable"]) == {
        "Donor rountable": "Donor roundtable"
    }


def test_different_groups_with_close_names_are_not_slips():
    """Short labels and labels that differ in a number name different groups, however close."""
    assert group_typos(["LDC", "LLDC", "SIDS", "Group of 77", "Group of 7", "G20", "G7"]) == {}
    # A short name alone is the user's label for the group, not a slip.
    assert group_typos(["GRULAC", "WEOG", "African Group"]) == {}


def test_errors_object_lists_each_problem(tmp_path):
    raw = _write(tmp_path / "raw", "session_id,file,group\ns1,x.vtt,A\ns1,y.vtt,A\n")
    with pytest.raises(InputErrors) as err:
        read_manifest(raw)
    assert len(err.value.errors) == 3


@pytest.mark.parametrize(
    "written, meant",
    [("countries", "country"), ("Country code", "country"), ("contry", "country"), ("Dates", "date"),
     ("caveats", "caveat"), ("Contri", "country")],
)  # fmt: skip
def test_a_column_named_like_an_optional_one_is_refused_not_dropped(tmp_path, written, meant):
    """A column the reader does not know is not read: 'countries' beside no 'country' would leave a written
    submission unattributed without a word, so it is an error saying which column was meant."""
    raw = _write(tmp_path / "raw", f"session_id,file,group,{written}\ns1,a.vtt,African Group,KEN\n")
    [msg] = _problems(raw)
    assert f"sessions.csv:1: column {written.strip().lower()!r} is not read: rename it {meant!r}" in msg


def test_a_column_of_ones_own_is_kept_out_quietly_beside_the_one_it_resembles(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,country,country_note,session_name,notes\ns1,a.vtt,African Group,KEN,x,y,z\n",
    )
    df = read_manifest(raw)
    assert df.loc[0, "country"] == "KEN" and "notes" not in df.columns


def test_a_required_column_named_otherwise_is_told_the_name_it_resembles(tmp_path):
    raw = _write(tmp_path / "raw", "session_id,filename,group\ns1,a.vtt,African Group\n")
    [msg] = _problems(raw)
    assert "missing required column(s) file" in msg and "rename 'filename' 'file'" in msg


def test_a_country_code_in_the_caveat_column_is_refused(tmp_path):
    """The sample's manifest has `caveat` where the README's example has `country`: a row copied from the
    one under the other's header puts KEN in red over every figure and leaves the statement unattributed."""
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date,title,caveat\n"
        "s1,a.vtt,African Group,2024-06-01,Written submission of Kenya,KEN\n"
        "s2,b.txt,African Group,2024-06-02,Notes,Invented for illustration\n",
    )
    [msg] = _problems(raw)
    assert msg.endswith(
        "sessions.csv:2: caveat 'KEN' is a country code: a submission's delegation goes in a `country` column"
        " (columns are read by their header, not their place)"
    )


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_manifest_saved_by_a_spreadsheet_with_another_separator_reads_the_same(tmp_path, sep):
    """Excel in a European locale saves "CSV" with semicolons, and "Unicode text" with tabs in UTF-16."""
    text = "session_id,file,group,title\ns1,a.vtt,African Group,Dialogue; Africa\ns2,b.txt,Arab Group,\n"
    if sep == ";":
        text = text.replace(";", ",").replace(",", ";").replace("Dialogue; Africa", '"Dialogue; Africa"')
    else:
        text = text.replace(",", "\t")
    raw = _write(tmp_path / "raw", "")
    (raw / "sessions.csv").write_bytes(text.encode("utf-16" if sep == "\t" else "utf-8"))
    df = read_manifest(raw)
    assert df["session_id"].tolist() == ["s1", "s2"]
    assert df["title"].fillna("").tolist() == ["Dialogue; Africa", ""]


def test_a_header_in_one_piece_is_not_told_to_rename_itself(tmp_path):
    raw = _write(tmp_path / "raw", "session_id|file|group\ns1|a.vtt|African Group\n")
    [msg] = _problems(raw)
    assert "missing required column(s) session_id, file, group" in msg and "rename" not in msg


def test_a_transcript_listed_twice_is_refused_as_speech_counted_twice(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group\ns1,a.vtt,African Group\ns2,b.txt,Arab Group\ns3,./a.vtt,African Group\n",
    )
    [msg] = _problems(raw)
    assert msg.endswith(
        "sessions.csv:4: file './a.vtt' is also session s1's (line 2): its speech would count twice"
    )


@pytest.mark.parametrize("body", [b"", b"\r\n\r\n"])
def test_an_empty_manifest_says_what_it_needs_not_a_transcripts_advice(tmp_path, body):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sessions.csv").write_bytes(body)
    [msg] = _problems(raw)
    assert msg.endswith("sessions.csv:1: empty manifest; expected columns session_id,file,group")


def test_a_relative_folder_not_found_says_where_it_looked_and_where_the_projects_is(tmp_path, monkeypatch):
    """`RAW = "data/raw"` in a notebook's parameters cell said only 'data/raw: no such folder of raw
    transcripts', though data/raw is there: the kernel runs in notebooks/, where a relative path starts
    (seen in JupyterLab). The error names the folder it looked in and, where the project has that
    folder, its full path to write instead."""
    from analysis import config

    project = tmp_path / "project"
    _write(project / "data" / "raw", "session_id,file,group\ns1,a.vtt,African Group\n")
    (project / "notebooks").mkdir()
    monkeypatch.setattr(config, "ROOT", project)
    monkeypatch.chdir(project / "notebooks")
    with pytest.raises(InputError) as err:
        read_manifest("data/raw")
    [line] = str(err.value).splitlines()
    assert line.startswith("data/raw: no such folder of raw transcripts in ")
    assert str(project / "notebooks") in line and str(project / "data" / "raw") in line
    with pytest.raises(InputError) as err:  # a typo: where it looked, no folder to suggest
        read_manifest("data/raww")
    assert str(project / "notebooks") in str(err.value) and "project's" not in str(err.value)
    with pytest.raises(InputError) as err:  # a full path says no more than before
        read_manifest(tmp_path / "nowhere")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: no such folder of raw transcripts"


@pytest.mark.parametrize(
    ("manifest", "says"),
    [
        # a header alone, or a spreadsheet's empty rows under it
        ("session_id,file,group\n", "sessions.csv:1: manifest lists no sessions: add a row per transcript"),
        ("session_id,file,group\n,,\n , , \n", "sessions.csv:1: manifest lists no sessions: add a row per"),
        # column names are read without case, so `Group` beside `group` is the same column twice
        ("session_id,file,group,Group\ns1,a.vtt,African Group,Arab Group\n",
         "sessions.csv:1: column(s) given twice: group (names are read without case): keep one"),
        ("session_id,file,group\ns1,sub,African Group\n",
         "sessions.csv:2: file 'sub' is a folder, not a transcript: name the file inside it"),
    ],
)  # fmt: skip
def test_a_manifest_without_sessions_with_a_column_twice_or_naming_a_folder_says_what_to_do(
    tmp_path, manifest, says
):
    raw = _write(tmp_path / "raw", manifest)
    (raw / "sub").mkdir()
    [msg] = _problems(raw)
    assert says in msg


@pytest.mark.parametrize(
    "a, b, edits",
    [
        ("", "arab", 4),
        ("arab", "", 4),
        ("kitten", "sitting", 3),
        ("arabgruop", "arabgroup", 1),
        ("ab", "ba", 1),
    ],
)
def test_the_edit_distance_behind_a_slip_counts_every_edit_a_swap_as_one(a, b, edits):
    """Letters added or dropped at the start count as much as anywhere else: a table whose first row and
    column started at 0 let either label's first letters go free, and different labels read as slips."""
    assert _edit_distance(a, b) == edits


@pytest.mark.parametrize("written", ["C:\\Users\\me\\a.vtt", "C:a.vtt", "\\\\server\\share\\a.vtt"])
def test_a_windows_path_with_a_drive_is_refused_as_absolute(tmp_path, written):
    """A manifest typed on Windows names files there: a drive (even 'C:a.vtt', relative to that drive's
    working folder) is not a place in the manifest's folder."""
    raw = _write(tmp_path / "raw", f"session_id,file,group\ns1,{written},African Group\n")
    [msg] = _problems(raw)
    assert msg.endswith(
        f"sessions.csv:2: file {written!r} is an absolute path; give it relative to the manifest's folder"
    )


@pytest.mark.parametrize("written", ["../b.txt", "..\\b.txt", "sub\\..\\..\\b.txt", "sub/../a.vtt"])
def test_a_file_climbing_out_with_dot_dot_is_refused_as_such_whichever_slash(tmp_path, written):
    """'..' is refused however the path is written (a Windows manifest writes '\\'), and named as '..',
    not as a link: no link is involved."""
    raw = _write(tmp_path / "raw", f"session_id,file,group\ns1,{written},African Group\n", files=("a.vtt",))
    (tmp_path / "b.txt").write_text("WEBVTT\n", encoding="utf-8")
    [msg] = _problems(raw)
    assert msg.endswith(f"sessions.csv:2: file {written!r} points outside the manifest's folder ('..')")


def test_a_raw_folder_given_relative_to_the_working_folder_reads(tmp_path, monkeypatch):
    """`--raw data/raw` is how the README runs clean: files resolve inside a relative folder too."""
    _write(tmp_path / "data" / "raw", "session_id,file,group\ns1,a.vtt,African Group\n")
    monkeypatch.chdir(tmp_path)
    df = read_manifest("data/raw")
    assert df.loc[0, "path"] == str(Path("data/raw/a.vtt"))


def test_a_spreadsheets_trailing_empty_columns_and_padded_values_read_as_if_absent(tmp_path):
    """A spreadsheet saves the empty columns right of the table ('session_id,file,group,,') and cells
    typed with a space after the comma: neither is a problem of the manifest."""
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,,\ns1, a.vtt , African Group,,\ns2,b.txt,Arab Group ,,,\n",
    )
    df = read_manifest(raw)
    assert df[["session_id", "file", "group"]].values.tolist() == [
        ["s1", "a.vtt", "African Group"],
        ["s2", "b.txt", "Arab Group"],
    ]
    assert df.loc[0, "path"] == str(raw / "a.vtt")


def test_a_semicolon_manifest_with_capitalised_headers_reads(tmp_path):
    """Excel in a European locale saves semicolons, under the headers as the analyst typed them."""
    raw = _write(tmp_path / "raw", "Session_ID;File;Group;Date\ns1;a.vtt;African Group;2024-05-14\n")
    df = read_manifest(raw)
    assert df[["session_id", "file", "group", "date"]].values.tolist() == [
        ["s1", "a.vtt", "African Group", "2024-05-14"]
    ]


def test_headers_none_of_them_spelled_as_the_manifest_wants_are_each_told_their_name(tmp_path):
    """With no header known there is no separator to prefer: the comma's split still names every column
    meant, and only the required ones in the error that stops the read."""
    raw = _write(tmp_path / "raw", "Filename,Groups,Session,Countries\na.vtt,African Group,s1,KEN\n")
    [msg] = _problems(raw)
    assert msg.endswith(
        "sessions.csv:1: missing required column(s) session_id, file, group; expected session_id,file,group"
        "[,date,title,country,caveat]; rename 'filename' 'file'?; rename 'groups' 'group'?;"
        " rename 'session' 'session_id'?"
    )


def test_a_session_id_listed_three_times_points_each_repeat_to_its_first_line(tmp_path):
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group\ns1,a.vtt,African Group\ns1,b.txt,African Group\ns1,c.txt,African Group\n",
        files=("a.vtt", "b.txt", "c.txt"),
    )
    assert [m.split(":", 2)[-1].strip() for m in _problems(raw)] == [
        "duplicate session_id 's1' (first on line 2)",
        "duplicate session_id 's1' (first on line 2)",
    ]


def test_a_transcript_listed_under_a_link_to_it_is_refused_as_counted_twice(tmp_path):
    raw = _write(tmp_path / "raw", "session_id,file,group\ns1,a.vtt,African Group\ns2,alias.vtt,Arab Group\n")
    os.symlink("a.vtt", raw / "alias.vtt")
    [msg] = _problems(raw)
    assert msg.endswith(
        "sessions.csv:3: file 'alias.vtt' is also session s1's (line 2): its speech would count twice"
    )


def test_problems_are_listed_in_the_order_of_their_lines(tmp_path):
    """A group slip is found only once every row is read; it is still listed at its line, before the
    problems of later lines."""
    raw = _write(
        tmp_path / "raw",
        "session_id,file,group,date\ns1,a.vtt,Afican Group,\ns2,b.txt,African Group,2024-13-01\n",
    )
    assert [m.split(": ", 1)[0].rsplit(":", 1)[1] for m in _problems(raw)] == ["2", "3"]


def test_between_two_labels_as_common_the_later_one_is_the_slip():
    assert group_typos(["Donor roundtable", "Donor rountable"]) == {"Donor rountable": "Donor roundtable"}
    assert group_typos(["Donor rountable", "Donor roundtable"]) == {"Donor roundtable": "Donor rountable"}


def test_a_house_group_name_is_never_the_slip_however_rare():
    assert group_typos(["African Groups", "African Groups", "African Group"]) == {
        "African Groups": "African Group"
    }


def test_short_labels_one_letter_apart_are_different_groups():
    """A slip needs 8 letters per edit: 'Panel A' and 'Panel B' (6 letters folded) are two panels."""
    assert group_typos(["Panel A", "Panel B", "Panel B"]) == {}


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("../b.txt", "points outside the raw folder ('..')"),
        ("/etc/passwd", "is an absolute path; give it relative to the raw folder"),
    ],
)
def test_a_manifest_kept_elsewhere_names_the_raw_folder_its_files_resolve_in(tmp_path, written, problem):
    """With `--manifest` outside a read-only corpus the files resolve inside `--raw`, not beside the
    manifest: a refusal that spoke of "the manifest's folder" sent the reader to the wrong place."""
    raw = _write(tmp_path / "corpus", "session_id,file,group\n", files=("a.vtt",))
    elsewhere = tmp_path / "work" / "sessions.csv"
    elsewhere.parent.mkdir()
    elsewhere.write_text(f"session_id,file,group\ns1,{written},African Group\n", encoding="utf-8")
    with pytest.raises((InputError, InputErrors)) as info:
        read_manifest(raw, manifest=elsewhere)
    assert str(info.value).endswith(f"sessions.csv:2: file {written!r} {problem}")
    assert read_manifest(
        raw,
        manifest=_write(tmp_path / "w2", "session_id,file,group\ns1,a.vtt,African Group\n") / "sessions.csv",
    ).loc[0, "path"] == str(raw / "a.vtt")
