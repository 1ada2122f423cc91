"""Ctrl-C during the statistics: the queued work is dropped, not finished first."""

from __future__ import annotations

import threading

import pytest

from analysis.comparison import parallel


def test_an_interrupted_pool_stops_the_jobs_queued_in_the_pools_inside_it():
    """compare_all runs the permutation tests in a thread whose own pool holds a job per comparison: an
    interrupt must end that queue after the running job, not after all of them."""
    ran, started, release = [], threading.Event(), threading.Event()

    def comparison(i):
        parallel.check()
        ran.append(i)
        started.set()
        release.wait(timeout=60)
        return i

    def all_comparisons():
        with parallel.pool(1) as inner:
            return list(inner.map(comparison, range(50)))

    with pytest.raises(KeyboardInterrupt):
        with parallel.pool(1) as outer:
            later = outer.submit(all_comparisons)
            started.wait(timeout=60)
            raise KeyboardInterrupt  # Ctrl-C while the first comparison runs
    release.set()
    with pytest.raises(parallel.Stopped):
        later.result(timeout=60)
    assert ran == [0]


def test_a_pool_after_an_interrupt_works_again():
    """A notebook re-runs a cell after an interrupt: the stop does not outlive the work it ended."""
    with pytest.raises(KeyboardInterrupt), parallel.pool(1):
        raise KeyboardInterrupt
    with parallel.pool(2) as pool:
        assert list(pool.map(lambda i: (parallel.check(), i)[1], range(5))) == [0, 1, 2, 3, 4]
