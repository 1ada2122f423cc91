"""Outputs are written atomically and deterministically; raw data is never written."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd
import pytest

from analysis import config, io
from helpers import another_run_writing


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "table.csv"
    io.atomic_write_text(target, "old\n")
    io.atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"], "no temporary file left behind"


def test_failed_write_leaves_previous_output_untouched(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    io.atomic_write_text(target, "good\n")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(io.os, "replace", boom)
    with pytest.raises(OSError):
        io.atomic_write_text(target, "half-written")
    assert target.read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_run_killed_mid_write_leaves_a_temporary_the_next_write_removes(tmp_path):
    """SIGKILL gives no chance to clean up: the hidden temporary stays until that output is written
    again; a temporary of a process still running (another run writing now) is left to it."""
    target = tmp_path / "table.csv"
    script = (
        "import os, signal, sys\n"
        "from analysis import io\n"
        "io.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)  # killed between write and rename\n"
        "io.atomic_write_text(sys.argv[1], 'never renamed')\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    live = tmp_path / f".table.csv.{os.getpid()}.abc123.tmp"
    live.write_text("a run writing now")
    other = tmp_path / ".other.csv.1.abc123.tmp"  # another output's: not this write's business
    other.write_text("x")
    assert len(list(tmp_path.glob(".table.csv.*.tmp"))) == 2
    io.atomic_write_text(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "table.csv"])


def test_staged_writes_nothing_when_the_block_fails(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    io.atomic_write_text(a, "good a\n")
    with pytest.raises(RuntimeError):
        with io.staged() as files:
            files[str(a)] = b"new a\n"
            files[str(b)] = b"new b\n"
            raise RuntimeError("stage failed half-way")
    assert a.read_text() == "good a\n"
    assert not b.exists()


def test_staged_replaces_nothing_when_one_output_cannot_be_written(tmp_path):
    """All outputs are written to temporaries first: a folder in one output's place stops the stage
    before any earlier output is replaced (the reviewer's `rank_chart.svg` made a folder)."""
    a, z = tmp_path / "a.csv", tmp_path / "z.svg"
    io.atomic_write_text(a, "good a\n")
    z.mkdir()
    with pytest.raises(IsADirectoryError, match="a folder already has this output's name"):
        with io.staged() as files:
            files[str(a)] = b"new a\n"
            files[str(z)] = b"<svg/>"
    assert a.read_text() == "good a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "z.svg"], "no temporary file left behind"


def test_staged_replaces_nothing_when_a_later_write_fails(tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    io.atomic_write_text(a, "good a\n")
    real = io._write_temp

    def full_disk(path, data):
        if path.name == "b.csv":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(io, "_write_temp", full_disk)
    with pytest.raises(OSError, match="No space left"):
        with io.staged() as files:
            files[str(a)] = b"new a\n"
            files[str(b)] = b"new b\n"
    assert a.read_text() == "good a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_refuses_to_write_under_raw_data(tmp_path):
    with pytest.raises(PermissionError, match="raw data is read-only") as caught:
        io.atomic_write_text(config.RAW_DIR / "sessions.csv", "x")
    assert caught.value.filename == str(config.RAW_DIR / "sessions.csv"), "the CLI names the file from it"
    with pytest.raises(PermissionError):
        io.atomic_write_text(config.RAW_DIR / "sub" / ".." / "oops.txt", "x")


def test_tables_are_byte_identical_across_writes(tmp_path):
    df = pd.DataFrame({"group": ["b", "a"], "share": [1 / 3, 0.1], "n": [3, 10]})
    io.write_csv(df, tmp_path / "x.csv")
    io.write_parquet(df, tmp_path / "x.parquet")
    first = (tmp_path / "x.csv").read_bytes(), (tmp_path / "x.parquet").read_bytes()
    io.write_csv(df, tmp_path / "x.csv")
    io.write_parquet(df, tmp_path / "x.parquet")
    assert first == ((tmp_path / "x.csv").read_bytes(), (tmp_path / "x.parquet").read_bytes())
    assert (tmp_path / "x.csv").read_text().splitlines()[1] == "b,0.333333,3"


def test_bad_input_shows_as_one_line_in_a_notebook():
    from analysis.errors import InputError, InputErrors

    err = InputError("missing column group", "raw/sessions.csv", 1)
    assert err._render_traceback_() == ["InputError: raw/sessions.csv:1: missing column group"]
    many = InputErrors([err, InputError("duplicate session_id 'S1'", "raw/sessions.csv", 3)])
    assert len(many._render_traceback_()) == 2


def test_one_run_at_a_time_writes_a_processed_folder(tmp_path, capfd):
    """A second run on the same folder waits for the first (saying so) rather than interleaving its stages
    with it; the lock ends with the process that holds it, and a process may take it again inside itself."""
    with another_run_writing(tmp_path) as (holder, done):
        entered = threading.Event()

        def second_run():
            with io.writing(tmp_path), io.writing(tmp_path):  # nested: no deadlock with itself
                entered.set()

        waiter = threading.Thread(target=second_run)
        waiter.start()
        assert not entered.wait(0.5)  # the first run still writes
        done()
        assert entered.wait(10)  # the first run ended: the second goes on
        waiter.join()
    said = capfd.readouterr().err
    assert f"another run is writing to {tmp_path.resolve()} (pid {holder.pid}: python -c)" in said
    assert said.rstrip().endswith("; waiting for it to finish")
    assert (tmp_path / io.LOCK_NAME).read_text() == ""  # at rest the folder's bytes name no run


def test_a_run_given_a_path_not_in_utf_8_still_takes_the_lock(tmp_path, monkeypatch):
    """A folder name in another encoding (a Latin-1 'Réunion' unpacked from a zip) reaches Python's argv as
    an undecodable byte: the run names itself in the lock file all the same, where writing its command had
    stopped the run before any stage."""
    monkeypatch.setattr(sys, "argv", ["analysis", "clean", "--raw", "data/R\udce9union"])
    with io.writing(tmp_path):
        said = (tmp_path / io.LOCK_NAME).read_text(encoding="utf-8")
    assert said.startswith(f"pid {os.getpid()}: analysis clean --raw data/R") and said.endswith("union")
    assert (tmp_path / io.LOCK_NAME).read_text() == ""


@pytest.mark.parametrize("unwritable", ["processed", "processed/.cache", "figures"])
def test_a_stage_that_cannot_write_its_folder_says_so_before_its_work(tmp_path, monkeypatch, unwritable):
    # root writes anywhere, so a read-only folder is the probe write failing there
    from analysis import cli, pipeline

    processed, figures = tmp_path / "processed", tmp_path / "figures"
    figures.mkdir()
    (processed / (".cache" if unwritable == "processed/.cache" else "")).mkdir(parents=True)  # else made then
    denied = tmp_path / unwritable
    probe = tempfile.TemporaryFile

    def read_only(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == denied:
            raise PermissionError(13, "Permission denied", str(dir))
        return probe(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    worked = []

    def work():
        worked.append(True)
        return {"table.csv": b"a\n"}, {}

    with pytest.raises(OSError) as err:
        pipeline._run(pipeline.FIGURES, processed, figures, [], {}, False, work)
    assert not worked  # not minutes of work first, then the cache or the stamp failing
    assert err.value.filename == str(denied)
    said = cli._one_line(err.value)
    assert "permission denied" in said.lower() and "make it writable" in said and "--processed" in said


@pytest.mark.parametrize(
    ("errno", "why", "advice", "not_said"),
    [
        # write() and fsync() on a full disk name no file: main printed a traceback, exit status 1
        (28, "No space left on device", ("free some space", "--processed"), None),
        # a quota reached is a full disk to the user: the same advice
        (122, "Disk quota exceeded", ("free some space", "--processed"), None),
        # an I/O error (a failing disk, a network share gone) names no file either, and is no full disk
        (5, "Input/output error", ("the last good copy is kept",), "space"),
    ],
)
def test_a_failed_write_is_one_line_naming_the_output_and_what_to_do(
    tmp_path, monkeypatch, errno, why, advice, not_said
):
    from analysis import cli

    def failing(fd):
        raise OSError(errno, why)

    (tmp_path / "turns.csv").write_text("the last good table\n")
    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError) as err:
        io.atomic_write_text(tmp_path / "turns.csv", "a new table\n")
    assert err.value.filename == str(tmp_path / "turns.csv")
    said = cli._one_line(err.value)
    assert why in said and all(a in said for a in advice)
    assert not_said is None or not_said not in said
    assert (tmp_path / "turns.csv").read_text() == "the last good table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["turns.csv"]


def test_an_output_gets_the_permissions_a_plain_open_would_give_not_a_temporarys(tmp_path):
    # mkstemp makes its file 0o600: renamed into place as is, a colleague could not read the tables
    old = os.umask(0o022)
    try:
        target = io.atomic_write_text(tmp_path / "table.csv", "a\n")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_stage_is_refused_the_raw_folder_before_it_starts(tmp_path):
    with pytest.raises(PermissionError, match="raw data is read-only"):
        io.check_writable(config.RAW_DIR / "processed")
    raw = tmp_path / "transcripts"
    raw.mkdir()
    with pytest.raises(PermissionError, match="raw data is read-only"):
        io.check_writable(raw / "out", raw)
    io.check_writable(tmp_path / "out", raw)  # beside it is fine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["transcripts"]  # and the check leaves nothing


def test_json_and_csv_outputs_are_the_same_bytes_whatever_the_order_or_platform(tmp_path):
    assert io.json_bytes({"b": 1, "a": {"d": 2, "c": 3}}) == io.json_bytes({"a": {"c": 3, "d": 2}, "b": 1})
    assert io.json_bytes({"b": 1, "a": 2}) == b'{\n  "a": 2,\n  "b": 1\n}\n'
    assert io.csv_bytes(pd.DataFrame({"x": [1, 2]})) == b"x\n1\n2\n"  # never a Windows line end


def test_a_folder_is_locked_again_by_the_next_block_after_one_ends(tmp_path):
    with io.writing(tmp_path):
        pass
    with io.writing(tmp_path):  # taken afresh: the holder is named again, for a run that waits
        assert (tmp_path / io.LOCK_NAME).read_text() == io.this_run()
    assert (tmp_path / io.LOCK_NAME).read_text() == ""


def test_a_files_hash_is_the_sha256_of_all_its_bytes_read_in_chunks(tmp_path):
    """Stamps and the corpus table hash files with it: a hash of part of a file would call a changed
    transcript or output unchanged."""
    data = bytes(range(256)) * (4 * 4096 + 3)  # four 1 MiB chunks and a tail
    (tmp_path / "big.bin").write_bytes(data)
    assert io.sha256_file(tmp_path / "big.bin") == hashlib.sha256(data).hexdigest() == io.sha256_bytes(data)


def test_a_block_inside_another_on_the_same_folder_ends_without_ending_the_outer_hold(tmp_path):
    """A run holds the lock across its stages and each stage takes it again. (The nested case in
    test_one_run_at_a_time_writes_a_processed_folder runs in a thread, where an error leaving the inner
    block would not fail the test.)"""
    with io.writing(tmp_path):
        with io.writing(tmp_path):
            pass
        assert (tmp_path / io.LOCK_NAME).read_text() == io.this_run()  # still this run's
    assert (tmp_path / io.LOCK_NAME).read_text() == ""
