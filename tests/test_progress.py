"""Progress bars in a terminal: counted as steps end, kept ticking through a long step, cleared when done."""

from __future__ import annotations

import threading
import time

import pytest

from analysis import progress


@pytest.fixture
def shown(monkeypatch):
    """Bars shown, every update drawn (tqdm skips redraws within 0.1 s of the last), each bar kept."""
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    monkeypatch.setattr(progress.tqdm, "monitor_interval", 0)  # tqdm's own monitor thread: not counted here
    bars, real = [], progress.tqdm

    def recorded(*args, **kwargs):
        bar = real(*args, **{**kwargs, "mininterval": 0, "miniters": 1})
        bars.append(bar)
        return bar

    monkeypatch.setattr(progress, "tqdm", recorded)
    return bars


def test_a_terminal_bar_is_cleared_when_the_work_is_done(shown, capsys):
    """What is printed after the work starts on a clean line: no finished bar left above it."""
    assert list(progress.progress(range(3), desc="work")) == [0, 1, 2]
    shown[0].close()
    err = capsys.readouterr().err
    assert "3/3" in err and err.endswith("\r") and not err.rsplit("\r", 2)[-2].strip()


def test_named_steps_count_every_step_by_the_end(shown):
    assert list(progress.named_steps(["a", "b", "c"], desc="steps")) == ["a", "b", "c"]
    assert shown[0].n == shown[0].total == 3
    assert list(progress.named_steps([], desc="none")) == [] and shown[1].n == 0


def test_a_long_step_is_redrawn_while_it_runs_and_the_redrawing_stops_with_the_steps(shown, capsys):
    """Its clock keeps running (a bar still for 17 s reads as stuck), and no thread outlives it."""
    before = set(threading.enumerate())
    for _ in progress.named_steps(["slow"], desc="steps", tick=0.02):
        capsys.readouterr()
        time.sleep(0.3)
        during = capsys.readouterr().err
        assert during.count("slow") >= 3, during  # redrawn several times within the one step
        [redrawing] = set(threading.enumerate()) - before
    redrawing.join(timeout=2)
    assert not redrawing.is_alive()


def test_quiet_bars_start_no_thread(monkeypatch):
    monkeypatch.setenv("ANALYSIS_PROGRESS", "0")
    monkeypatch.setattr(progress.tqdm, "monitor_interval", 0)
    before = set(threading.enumerate())
    for _ in progress.named_steps(["a"], desc="quiet", tick=0.01):
        assert set(threading.enumerate()) <= before


@pytest.mark.parametrize("stop_early", [False, True])
def test_the_bar_over_named_steps_is_closed_when_the_steps_end_or_are_left(shown, capsys, stop_early):
    """Closed, not left to the garbage collector: cleared from the terminal line (a notebook's widget ends)
    as soon as the last step is done, or the loop over them is left with an error."""
    steps = progress.named_steps(["a", "b"], desc="steps")
    seen = []
    for name in steps:
        seen.append(name)
        if stop_early:
            steps.close()  # what leaving the loop with an exception does to the generator
    assert seen == (["a"] if stop_early else ["a", "b"])
    err = capsys.readouterr().err
    assert shown[0].disable and err.endswith("\r") and not err.rsplit("\r", 2)[-2].strip()
