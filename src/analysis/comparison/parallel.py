"""Threads for the statistics that stop soon after Ctrl-C.

A `ThreadPoolExecutor` used as a context manager waits, on any exception, for every job it
was given, so an interrupted compare stage went on for the rest of its permutation tests (12 s
of a 27 s stage on the sample; minutes on a large corpus). `pool` instead cancels what has
not started, and `check`, called as each job starts, ends the jobs queued in pools nested
inside a running one: the wait is one job, not all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

STOP = threading.Event()
_depth = 0
_lock = threading.Lock()


class Stopped(Exception):
    """A job that did not start because the work was interrupted."""


def check() -> None:
    """Call as a job starts: raises `Stopped` once the work it belongs to was interrupted."""
    if STOP.is_set():
        raise Stopped


@contextmanager
def pool(max_workers: int) -> Iterator[ThreadPoolExecutor]:
    """A thread pool that, when the block raises (Ctrl-C), cancels its queued jobs and tells the
    running ones' nested pools to stop, instead of waiting for all of them."""
    global _depth
    with _lock:
        if _depth == 0:
            STOP.clear()  # a new piece of work (a notebook may run again after an interrupt)
        _depth += 1
    executor = ThreadPoolExecutor(max_workers=max_workers)
    try:
        yield executor
    except BaseException:
        STOP.set()
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        executor.shutdown(wait=True)
    finally:
        with _lock:
            _depth -= 1
