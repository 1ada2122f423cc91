"""Loading the pipeline by name, and the parse cache: parse once, reuse after."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from analysis import config
from analysis.coding import nlp, parse_worker
from analysis.errors import InputError
from helpers import blank_model, counting

SRC = Path(nlp.__file__).parents[2]


@pytest.fixture
def blank():
    return blank_model()


def test_model_info_names_the_canonical_pipeline_without_loading_it():
    info = nlp.model_info()
    if info["package"] == "none":
        pytest.skip("no trained English pipeline installed")
    assert info["name"] == "en_core_web_sm"
    assert info["package"] in config.SPACY_MODELS
    assert info["version"][0].isdigit() and info["spacy_version"] == spacy.__version__


def test_no_installed_pipeline_says_what_was_tried_and_how_to_install(monkeypatch):
    monkeypatch.setattr(config, "SPACY_MODELS", ("no_such_pipeline_a", "no_such_pipeline_b"))
    nlp.load.cache_clear()
    try:
        with pytest.raises(Exception) as err:
            nlp.load()
    finally:
        nlp.load.cache_clear()
    msg = str(err.value)
    assert "no_such_pipeline_a" in msg and "no_such_pipeline_b" in msg and "pip install" in msg


@pytest.mark.model
def test_the_trained_pipeline_runs_senter_and_not_the_parser():
    if nlp.model_info()["package"] == "none":
        pytest.skip("no trained English pipeline installed")
    model = nlp.load()
    assert "senter" in model.pipe_names and "lemmatizer" in model.pipe_names
    assert "parser" not in model.component_names and "ner" not in model.component_names
    doc = model("Our farmers need water. They also need roads!")
    assert [s.text for s in doc.sents] == ["Our farmers need water.", "They also need roads!"]
    assert doc[1].lemma_ == "farmer"


def test_a_record_rebuilds_the_same_sentences_without_parsing(blank):
    doc = blank("Climate change is real.  It is here!\nWe act.")
    again = nlp.record_doc(blank.vocab, nlp.doc_record(doc))
    assert again.text == doc.text
    assert [s.text for s in again.sents] == [s.text for s in doc.sents]


def test_each_unique_text_is_parsed_once_and_the_cache_is_reused(blank, tmp_path, capsys):
    seen = counting(blank)
    texts = ["One. Two.", "Three.", "One. Two."]
    first = [(t, d.text) for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)]
    assert seen == ["One. Two.", "Three."]
    assert sorted(first) == [("One. Two.", "One. Two."), ("Three.", "Three.")]
    seen.clear()
    second = [
        (t, [s.text for s in d.sents]) for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)
    ]
    assert seen == []
    assert dict(second) == {"One. Two.": ["One.", "Two."], "Three.": ["Three."]}
    assert (tmp_path / "parses.sqlite").is_file()
    assert "damaged" not in capsys.readouterr().err  # intact records are read without a word


def test_a_record_whose_bytes_are_not_utf8_sets_the_cache_aside(blank, tmp_path, capsys):
    """Bytes that do not decode (a disk fault inside a value) fail the read itself, before any checksum:
    the file is set aside as damaged and the texts parsed again, not a traceback."""
    import sqlite3

    texts = ["One. Two.", "Three."]
    list(nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path))
    con = sqlite3.connect(tmp_path / "parses.sqlite")
    con.execute("UPDATE kv SET value = CAST(x'ff3a7b' AS TEXT)")
    con.commit()
    con.close()
    seen = counting(blank)
    again = {t: [s.text for s in d.sents] for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)}
    assert again == {"One. Two.": ["One.", "Two."], "Three.": ["Three."]}
    assert sorted(seen) == sorted(texts)
    assert "parses.sqlite: cache damaged" in capsys.readouterr().err
    assert (tmp_path / "parses.sqlite.damaged").is_file()


@pytest.mark.parametrize("damage", ["truncated", "not a database"])
def test_a_damaged_cache_is_set_aside_and_made_anew(blank, tmp_path, capsys, damage):
    """A full disk or a copy cut short leaves a broken file: the parses are made again, not a traceback."""
    texts = ["One. Two.", "Three."]
    list(nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path))
    cache = tmp_path / "parses.sqlite"
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:5000] + b"\0" * 3000)
    else:
        cache.write_bytes(os.urandom(4096))
    seen = counting(blank)
    again = {t: [s.text for s in d.sents] for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)}
    assert again == {"One. Two.": ["One.", "Two."], "Three.": ["Three."]}
    assert sorted(seen) == sorted(texts)  # parsed again
    assert "parses.sqlite: cache damaged" in capsys.readouterr().err
    assert (tmp_path / "parses.sqlite.damaged").is_file()
    seen.clear()
    list(nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path))
    assert seen == []  # the new cache serves the next run


def test_a_record_overwritten_in_place_is_never_served(blank, tmp_path, capsys):
    """SQLite keeps no checksum: bytes overwritten inside a record still read as valid JSON (here a
    sentence start moves), so the record is checked, said to be damaged, and parsed again."""
    texts = ["One. Two.", "Three."]
    list(nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path))
    cache = tmp_path / "parses.sqlite"
    data = cache.read_bytes()
    assert data.count(b'"starts":[0,2]') == 1
    cache.write_bytes(data.replace(b'"starts":[0,2]', b'"starts":[0,1]'))
    seen = counting(blank)
    again = {t: [s.text for s in d.sents] for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)}
    assert again == {"One. Two.": ["One.", "Two."], "Three.": ["Three."]}
    assert seen == ["One. Two."]  # only the damaged record is parsed again
    assert "parses.sqlite: 1 cached record(s) damaged" in capsys.readouterr().err
    seen.clear()
    list(nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path))
    assert seen == []  # and written back whole


def test_a_cache_another_run_keeps_locked_is_an_error_not_damage(blank, tmp_path, monkeypatch):
    """A store locked by another run for longer than the wait is said, naming the file; it is not
    set aside as damaged (that would move a healthy file from under the run using it)."""
    import sqlite3

    from analysis.coding import store

    list(nlp.parse_texts(["One. Two."], nlp=blank, cache_dir=tmp_path))
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.1)
    other = sqlite3.connect(tmp_path / "parses.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OSError, match="another run") as err:
            list(nlp.parse_texts(["Three."], nlp=blank, cache_dir=tmp_path))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert err.value.filename == str(tmp_path / "parses.sqlite")
    assert not (tmp_path / "parses.sqlite.damaged").exists()
    seen = counting(blank)
    list(nlp.parse_texts(["One. Two."], nlp=blank, cache_dir=tmp_path))
    assert seen == []  # the cache is still there, whole


def test_a_full_disk_under_the_cache_says_so_and_what_to_do(blank, tmp_path, monkeypatch):
    """SQLite says a full disk as "database or disk is full": the run stops with the one line every other
    output says on a full disk (the file, that the disk is full, what to do), and the cache is not taken
    for damage."""
    import errno
    import sqlite3

    from analysis import cli
    from analysis.coding import store

    class FullDisk:  # a connection whose writes meet a full disk
        def __init__(self, con):
            self.con = con

        def __getattr__(self, name):
            return getattr(self.con, name)

        def executemany(self, *args):
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = sqlite3.SQLITE_FULL
            raise exc

    connect = store.Store._connect
    monkeypatch.setattr(store.Store, "_connect", lambda self: FullDisk(connect(self)))
    with pytest.raises(OSError) as err:
        list(nlp.parse_texts(["One. Two."], nlp=blank, cache_dir=tmp_path))
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(tmp_path / "parses.sqlite")
    said = cli._one_line(err.value)
    assert "database or disk is full" in said and "disk is full" in said.replace("database or disk", "")
    assert "free some space" in said and "--processed" in said
    assert not (tmp_path / "parses.sqlite.damaged").exists()


def test_a_parse_is_keyed_by_the_code_that_made_it(monkeypatch):
    """An edit to how texts are parsed or recorded, or another spaCy, never reads the old parses."""
    key = nlp.parse_key("Text.", nlp.pipeline_id())
    assert f"spacy {spacy.__version__}" in key
    monkeypatch.setattr(nlp, "parser_code", lambda: "edited")
    assert nlp.parse_key("Text.", nlp.pipeline_id()) != key


def test_a_record_keeps_lemmas_pos_and_sentences_through_json():
    import json

    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=["Farmers", "need", "water", ".", "They", "act", "!"],
        spaces=[True, True, False, True, True, False, False],
        lemmas=["farmer", "need", "water", ".", "they", "act", "!"],
        pos=["NOUN", "VERB", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT"],
        sent_starts=[True, False, False, False, True, False, False],
    )
    again = nlp.record_doc(vocab, json.loads(json.dumps(nlp.doc_record(doc))))
    assert again.text == "Farmers need water. They act!"
    assert [s.text for s in again.sents] == ["Farmers need water.", "They act!"]
    assert [t.lemma_ for t in again] == [t.lemma_ for t in doc]
    assert [t.pos_ for t in again] == [t.pos_ for t in doc]
    assert nlp.record_doc(vocab, nlp.doc_record(Doc(vocab, words=[]))).text == ""


def test_parsing_uses_worker_processes_only_for_large_jobs(monkeypatch):
    monkeypatch.setattr(config, "SPACY_PROCESSES", "auto")
    monkeypatch.setattr(config, "SPACY_PARALLEL_MIN_WORDS", 10)
    monkeypatch.setattr(config, "SPACY_MAX_PROCESSES", 4)
    monkeypatch.setattr(parse_worker, "available", lambda: True)
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 8)
    assert nlp.parse_workers(["three short words"]) == 0  # in this process
    assert nlp.parse_workers(["five words in a text"] * 2) == 4  # capped at SPACY_MAX_PROCESSES
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 4)
    assert nlp.parse_workers(["five words in a text"] * 2) == 3  # a core is left for this process
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 2)
    assert nlp.parse_workers(["five words in a text"] * 2) == 1  # one worker beside this process
    assert nlp.n_process(["five words in a text"] * 2) == 1  # which spaCy counts as one process
    monkeypatch.setattr(parse_worker, "available", lambda: False)
    assert nlp.parse_workers(["five words in a text"] * 2) == 0  # no fork here: this process parses
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 1)
    assert nlp.parse_workers(["five words in a text"] * 2) == 0
    monkeypatch.setattr(config, "SPACY_PROCESSES", "3")
    assert nlp.parse_workers(["x"]) == 3
    monkeypatch.setattr(config, "SPACY_PROCESSES", "1")
    assert nlp.parse_workers(["five words in a text"] * 2) == 0  # "1" is this process, as documented


def test_a_bad_process_setting_names_the_variable(monkeypatch):
    monkeypatch.setattr(config, "SPACY_PROCESSES", "many")
    with pytest.raises(InputError, match="ANALYSIS_PROCESSES"):
        nlp.n_process(["x"])


def test_parsing_in_two_processes_gives_the_same_records_as_one(monkeypatch):
    texts = [f"Sentence {i} of a text. And a second one, number {i}!" for i in range(40)]
    model = blank_model()
    monkeypatch.setattr(config, "SPACY_BATCH_SIZE", 8)  # several batches, shared between the workers
    monkeypatch.setattr(config, "SPACY_PROCESSES", "1")
    one = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model)}
    monkeypatch.setattr(config, "SPACY_PROCESSES", "2")
    two = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model)}
    assert two == one


# --- one worker beside this process (2 cores) ------------------------------------------------------

needs_fork = pytest.mark.skipif(not parse_worker.available(), reason="the parse worker is forked: Linux only")


@Language.component("test_fails_on_bad")
def _fails_on_bad(doc):
    if doc.text == "bad":
        raise ValueError("cannot parse this one")
    return doc


@Language.component("test_dies_on_fatal")
def _dies_on_fatal(doc):
    if doc.text == "fatal":
        os._exit(3)  # as the kernel's OOM killer would end it: no message, no traceback
    return doc


def _one_worker(monkeypatch):
    monkeypatch.setattr(config, "SPACY_PROCESSES", "auto")
    monkeypatch.setattr(config, "SPACY_PARALLEL_MIN_WORDS", 1)
    monkeypatch.setattr(config, "SPACY_BATCH_SIZE", 3)
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 2)
    calls = []
    real = parse_worker.records
    monkeypatch.setattr(parse_worker, "records", lambda *a: calls.append(a) or real(*a))
    return calls


@needs_fork
def test_one_worker_beside_this_process_gives_the_same_docs_and_cache_as_parsing_here(monkeypatch, tmp_path):
    texts = [f"Sentence {i} of a text. And a second one, number {i}!" for i in range(23)] + ["", "x"]
    model = blank_model()
    monkeypatch.setattr(config, "SPACY_PROCESSES", "1")
    here = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model)}
    calls = _one_worker(monkeypatch)
    beside = [(t, nlp.doc_record(d)) for t, d in nlp.parse_texts(texts, nlp=model, cache_dir=tmp_path)]
    assert len(calls) == 1  # the worker parsed them
    assert [t for t, _ in beside] == texts and dict(beside) == here
    cached = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model, cache_dir=tmp_path)}
    assert len(calls) == 1 and cached == here  # the worker's records went into the cache


_PARENT = os.getpid()


@Language.component("test_tells_who_parsed")
def _tells_who_parsed(doc):
    """Each token's lemma says which process parsed it: this one or the worker."""
    for token in doc:
        token.lemma_ = "here" if os.getpid() == _PARENT else "worker"
    return doc


@needs_fork
def test_this_process_parses_two_of_every_five_batches_beside_the_worker_in_order(monkeypatch):
    """On 2 cores the worker's parse was the bottleneck while this process waited for it: now this
    process parses a share of the batches too, and hands every text on in order, as one process would."""
    texts = [f"Text {i}. Its second one!" for i in range(20)] + ["", "x", "  ", "Text 3. Its second one!"]
    monkeypatch.setattr(config, "SPACY_PROCESSES", "1")
    alone = [(t, nlp.doc_record(d)) for t, d in nlp.parse_texts(texts, nlp=blank_model())]
    calls = _one_worker(monkeypatch)  # batches of 3 texts
    shared = [(t, nlp.doc_record(d)) for t, d in nlp.parse_texts(texts, nlp=blank_model())]
    assert len(calls) == 1 and shared == alone  # each unique text once, in order, the same records
    marking = blank_model()
    marking.add_pipe("test_tells_who_parsed")
    who = [{token.lemma_ for token in doc} for _, doc in nlp.parse_texts(texts, nlp=marking)]
    by_batch = ["+".join(sorted(set().union(*who[i : i + 3]))) for i in range(0, len(who), 3)]
    # two of every five, spread between the worker's: with every third the worker was the longer by a third
    assert by_batch == ["worker", "worker", "here", "worker", "here", "worker", "worker", "here"]


@needs_fork
@pytest.mark.parametrize(
    ("component", "text", "message"),
    [
        ("test_fails_on_bad", "bad", "cannot parse this one"),  # the worker's own traceback, here
        ("test_dies_on_fatal", "fatal", "exit code 3.*ANALYSIS_PROCESSES=1"),  # killed: said, not waited for
    ],
)
def test_a_worker_that_fails_or_dies_is_reported_here(monkeypatch, component, text, message):
    _one_worker(monkeypatch)
    monkeypatch.setattr(parse_worker, "POLL_SECONDS", 0.05)
    model = blank_model()
    model.add_pipe(component)
    with pytest.raises(parse_worker.ParseWorkerError, match=message):
        list(nlp.parse_texts(["good", "text", text, "more"], nlp=model))
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_batch_that_fails_in_this_process_raises_here_and_ends_the_worker(monkeypatch):
    _one_worker(monkeypatch)  # batches of 3: the third batch is parsed here
    model = blank_model()
    model.add_pipe("test_fails_on_bad")
    texts = [f"Text number {i}." for i in range(6)] + ["bad"] + [f"Text number {i}." for i in range(6, 90)]
    with pytest.raises(ValueError, match="cannot parse this one"):
        list(nlp.parse_texts(texts, nlp=model))
    assert multiprocessing.active_children() == []


@needs_fork
def test_stopping_early_stops_the_worker(monkeypatch):
    _one_worker(monkeypatch)
    stream = nlp.parse_texts([f"Text number {i}." for i in range(200)], nlp=blank_model())
    assert next(stream)[0] == "Text number 0."
    stream.close()
    assert multiprocessing.active_children() == []


_KILLED_PARENT = """
import multiprocessing, sys, time
from analysis import config
from analysis.coding import nlp
from helpers import blank_model
config.SPACY_PROCESSES, config.SPACY_PARALLEL_MIN_WORDS, config.SPACY_BATCH_SIZE = sys.argv[1], 1, 3
nlp.os.cpu_count = lambda: 2
stream = nlp.parse_texts([f"Text number {i}." for i in range(2000)], nlp=blank_model())
next(stream)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(60)
"""


def _running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@needs_fork
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.parametrize("processes", ["auto", "2"])  # this module's worker beside the run; spaCy's two
def test_workers_do_not_outlive_a_run_killed_outright(how, processes):
    """A run killed by SIGKILL or SIGTERM runs no cleanup: its workers must not wait for ever on a full
    queue or pipe, each holding a copy of the pipeline in memory."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(Path(__file__).parent)])}
    run = subprocess.Popen(
        [sys.executable, "-c", _KILLED_PARENT, processes], stdout=subprocess.PIPE, text=True, env=env
    )
    workers: list[int] = []
    try:
        workers = [int(pid) for pid in run.stdout.readline().split()]
        assert workers and all(_running(w) for w in workers)
        run.send_signal(how)
        run.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(w) for w in workers)
    finally:
        run.kill()
        run.wait()
        for w in workers:  # not left behind by this test either
            if _running(w):
                os.kill(w, signal.SIGKILL)


@Language.component("test_tells_frozen")
def _tells_frozen(doc):
    """Each token's lemma says whether the worker's collector leaves the objects it inherited alone."""
    for token in doc:
        token.lemma_ = "frozen" if gc.get_freeze_count() else "walked"
    return doc


@needs_fork
def test_the_worker_leaves_what_it_inherited_out_of_its_garbage_collection(monkeypatch):
    _one_worker(monkeypatch)
    model = blank_model()
    model.add_pipe("test_tells_frozen")
    docs = [doc for _, doc in nlp.parse_texts(["One text.", "And another one."], nlp=model)]
    assert {token.lemma_ for doc in docs for token in doc} == {"frozen"}
    assert gc.get_freeze_count() == 0  # this process's own collection is as it was


NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


@pytest.mark.parametrize("doc", ["README.md", "docs/design.md"])
def test_the_docs_say_how_this_process_shares_the_parse_with_its_worker(doc):
    """The README and the design still said the main process only codes what the one worker parses (the
    main process "parses too" only off Linux) a session after it began parsing every third batch itself:
    who reads them to size a machine or read a profile looks for an idle main process that is not."""
    text = " ".join((SRC.parent / doc).read_text(encoding="utf-8").split())
    k, n = parse_worker.SHARE
    assert k in NUMBERS and n in NUMBERS, "name the new share in the README and docs/design.md"
    assert f"parses {NUMBERS[k]} of every {NUMBERS[n]} batches" in text, doc


@pytest.mark.parametrize(("k", "n"), [(k, n) for n in range(1, 8) for k in range(n + 1)])
def test_this_process_parses_exactly_its_share_of_batches_whatever_the_share(monkeypatch, k, n):
    """Every other place from the n-th down gives at most ceil(n / 2): a share past half of the batches,
    (3, 4) say, was silently parsed as (2, 4) when SHARE was retuned."""
    monkeypatch.setattr(parse_worker, "SHARE", (k, n))
    mine = [i for i in range(3 * n) if parse_worker.parsed_here(i)]
    assert len(mine) == 3 * k
    assert all(parse_worker.parsed_here(i) == parse_worker.parsed_here(i + n) for i in range(n))


def test_the_share_of_batches_is_spread_between_the_workers_and_refused_when_impossible(monkeypatch):
    monkeypatch.setattr(parse_worker, "SHARE", (2, 5))
    assert [parse_worker.parsed_here(i) for i in range(5)] == [False, False, True, False, True]
    monkeypatch.setattr(parse_worker, "SHARE", (6, 5))
    with pytest.raises(ValueError, match=r"SHARE = \(6, 5\).*0 <= k <= n"):
        parse_worker.parsed_here(0)
