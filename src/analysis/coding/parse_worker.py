"""Parsing in one worker process beside this one, so coding overlaps the parse.

spaCy's `nlp.pipe(n_process=k)` parses in k workers, but k = 1 means "in this
process": on a 2-core machine the parse and everything done with its Docs
(coding, the cache, the sentence features) then take turns on one core while
the other idles. Here one forked worker parses and sends each text's parse
record (`nlp.doc_record`, the cache's format) back through a bounded queue;
this process rebuilds the Doc from it and codes while the worker goes on.
Coding takes far less time than parsing (on the 2023 General Debate this process
was busy 4.8 CPU s of the worker's 38 s), so this process parses two of every five
batches too, cut as `nlp.pipe` cuts them, while it would otherwise wait: with every
third the worker was the longer by a third (22.4 against 16.4 CPU s), with two of
five the two are within a tenth (20.4 against 18.2).
The records are the same as parsing here, so the outputs are too.

Fork is used (the worker inherits the loaded pipeline, no second load), so
this is offered on Linux only; elsewhere the caller parses in this process.
The worker, like spaCy's own workers for `n_process` > 1, ends with this process
even when nothing here runs to stop it (killed outright, or by SIGTERM): the kernel
is asked to end every process forked inside `ending_with_this_process`.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import queue as queue_mod
import signal
import sys
import traceback
from collections.abc import Iterator

SHARE = (2, 5)  # this process parses 2 of every 5 batches ((0, n): none); it also codes every batch meanwhile
QUEUE_BATCHES = 4  # batches in flight or held at most, so a slow consumer holds the worker back, not memory
POLL_SECONDS = 1.0  # how often a waiting consumer checks that the worker is still alive
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when the thread that forked it ends


class ParseWorkerError(RuntimeError):
    """The worker failed (its traceback is in the message) or stopped without a word."""


def available() -> bool:
    """Whether a worker can be forked here (Linux; fork is unsafe or missing on macOS and Windows)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _end_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent ends, and end now if it already has. A parent
    killed outright or by SIGTERM runs no `finally` that would stop the worker, which would otherwise
    wait for ever on a full queue nobody reads, holding a copy of the pipeline in memory."""
    with contextlib.suppress(OSError, AttributeError):  # a libc without prctl: the worker is only not reaped
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


_PARENTS: list[int] = []  # inside `ending_with_this_process`: the process whose children end with it


def _after_fork_in_child() -> None:
    if _PARENTS:
        _end_with_parent(_PARENTS[-1])


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextlib.contextmanager
def ending_with_this_process() -> Iterator[None]:
    """Every process forked inside the block (this module's worker, spaCy's `nlp.pipe(n_process=k)`
    workers) is ended by the kernel when this process ends, however it ends."""
    _PARENTS.append(os.getpid())
    try:
        yield
    finally:
        _PARENTS.pop()


def _batches(texts: list[str], batch_size: int) -> list[list[str]]:
    """`texts` cut as `nlp.pipe(texts, batch_size=...)` cuts them: parsing each piece on its own in either
    process gives the same batches, so the same parses, as one pipe over all of them."""
    return [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]


def parsed_here(index: int) -> bool:
    """Whether batch `index` is parsed in this process (k of every n, `SHARE`) or the worker."""
    return index % SHARE[1] in _own_places(*SHARE)


@functools.lru_cache
def _own_places(k: int, n: int) -> frozenset[int]:
    """The k places of every n batches this process parses: the n-th, the (n-2)-th, ..., spread between
    the worker's; past half of them, the places left between, from the last. Exactly k for any 0 <= k <= n
    (every other place alone gives only ceil(n / 2))."""
    if not 0 <= k <= n or n < 1:
        raise ValueError(f"SHARE = ({k}, {n}): this process parses k of every n batches, 0 <= k <= n, n >= 1")
    return frozenset([*range(n - 1, -1, -2), *range(n - 2, -1, -2)][:k])


def _parse(nlp, batch: list[str]) -> list[dict]:
    from analysis.coding.nlp import doc_record

    return [doc_record(doc) for doc in nlp.pipe(batch, batch_size=len(batch))]


def _work(nlp, batches: list[list[str]], out) -> None:
    """The worker: parse its batches in order, send each one's records, then ("done", n); a failure is
    sent as text.

    Everything inherited from the parent (the pipeline, the libraries, the parent's tables) is kept out
    of the worker's garbage collector (`gc.freeze`): none of it becomes garbage here, and a full
    collection would walk all of it on the parse's time, copying the pages it touches (its one full
    collection on the 2023 General Debate took 0.12-0.36 s, 0.02 s frozen)."""
    gc.freeze()
    try:
        mine = [i for i in range(len(batches)) if not parsed_here(i)]
        for i in mine:
            out.put(("records", i, _parse(nlp, batches[i])))
        out.put(("done", len(mine)))
    except BaseException:  # noqa: BLE001 - whatever stops the worker must reach the consumer
        out.put(("error", traceback.format_exc(limit=8)))


def records(nlp, texts: list[str], batch_size: int) -> Iterator[dict]:
    """Yield the parse record of each of `texts`, in order, parsed by one forked worker and this process.

    The worker parses most batches; this process parses its `SHARE` itself, whenever it would
    otherwise wait for the worker (it codes what it is given, so it has less time to parse). The worker
    is stopped when the consumer stops early or is interrupted, and a worker that fails or dies raises
    here with its reason, never a hang; a batch that fails here raises as it would without a worker.
    """
    batches = _batches(texts, batch_size)
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue(maxsize=QUEUE_BATCHES)
    worker = ctx.Process(target=_work, args=(nlp, batches, out), name="analysis-parse", daemon=True)
    with ending_with_this_process():
        worker.start()
    ready: dict[int, list[dict]] = {}  # parsed batches not yet yielded, by index
    own = iter([i for i in range(len(batches)) if parsed_here(i)])
    try:
        for want in range(len(batches)):
            while want not in ready:
                _receive(ready, _ahead(nlp, batches, out, worker, ready, own, want))
            yield from ready.pop(want)
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        out.close()


def _ahead(nlp, batches, out, worker, ready: dict, own: Iterator[int], want: int):
    """The worker's next message, parsing this process's next batch first if nothing has come yet
    (and no more than `QUEUE_BATCHES` are held), or at once when `want` is this process's own."""
    while True:
        if not parsed_here(want):
            try:
                return out.get_nowait()
            except queue_mod.Empty:
                pass
            if len(ready) >= QUEUE_BATCHES:
                return _next(out, worker)
        i = next(own, None)
        if i is None:
            return _next(out, worker)
        ready[i] = _parse(nlp, batches[i])
        if want in ready:
            return None


def _receive(ready: dict, message) -> None:
    """File a batch the worker sent under its index; its failure becomes an error here."""
    if message is None:
        return
    kind, *payload = message
    if kind == "error":
        raise ParseWorkerError(f"parsing failed in the worker process:\n{payload[0]}")
    if kind == "done":
        raise ParseWorkerError("the parse worker ended before sending every batch")
    index, batch = payload
    ready[index] = batch


def _next(out, worker):
    """The worker's next message; if it died without one (killed, out of memory), say so."""
    while True:
        try:
            return out.get(timeout=POLL_SECONDS)
        except queue_mod.Empty:
            if worker.is_alive():
                continue
        try:  # it may have sent its last message just before it exited
            return out.get(timeout=POLL_SECONDS)
        except queue_mod.Empty:
            raise ParseWorkerError(
                f"the parse worker process stopped without a reason (exit code {worker.exitcode}); "
                "if memory is short, set ANALYSIS_PROCESSES=1 to parse in this process"
            ) from None
