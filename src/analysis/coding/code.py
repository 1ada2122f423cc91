"""Coding texts: turns -> the `sentences` and `evidence` tables, and plain texts -> themes.

Each unique turn text is parsed once (the parse cache in `analysis.coding.nlp`), its sentences' features
(offsets, words, lemmas, noun phrases, whether it only runs the meeting) are made once per pipeline (the
features cache), and its codes once per codebook (the coding cache): re-running after a codebook edit
re-matches without re-parsing or re-reading the sentences, and an unchanged re-run does none of it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc, Span

from analysis import catalogue, config, stamps
from analysis.coding import compounds
from analysis.coding import nlp as nlp_mod
from analysis.coding.features import content_lemmas, noun_phrases, term_rows, token_rows
from analysis.coding.features import n_words as count_words
from analysis.coding.matcher import ThemeMatcher, sentence_themes, sentence_vetoes
from analysis.coding.sentences import sentence_id
from analysis.coding.store import Store
from analysis.ingest import language
from analysis.ingest.attendance import is_counted
from analysis.ingest.textclean import is_procedural_sentence
from analysis.io import sha256_text
from analysis.progress import progress

# What the records look like; part of their cache keys, so a format change never reads old records.
# Codings: 3 "5G", "4IR" terms, "medium" stays; 4 compounds whole; 5 codes in capitals; 6 veto; 7 the
# sentence features in their own store.
FEATURES_FORMAT = "features-1"
RECORD_FORMAT = "sentences-7"


@dataclass(frozen=True)
class Coding:
    """The themes of one text (codebook order) and the words behind each."""

    themes: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def evidence_str(self) -> str:
        return "; ".join(f"{k}={','.join(v)}" for k, v in self.evidence.items())


@functools.lru_cache(maxsize=4)
def _default_matcher(codebook_path: str, mtime_ns: int) -> ThemeMatcher:
    return nlp_mod.load().create_pipe("theme_matcher", config={"codebook": codebook_path})


def matcher(codebook_path: str | Path = config.CODEBOOK, nlp=None) -> ThemeMatcher:
    """The `theme_matcher` component for `nlp` (the default pipeline's, rebuilt when the codebook changes).

    It is created with `nlp.create_pipe`, not added to `nlp`: parsing and matching
    stay separate steps, so cached parses can be coded without re-parsing.
    """
    if nlp is not None:
        return nlp.create_pipe("theme_matcher", config={"codebook": str(codebook_path)})
    p = Path(codebook_path).resolve()
    return _default_matcher(str(p), p.stat().st_mtime_ns if p.is_file() else 0)


def release_pipeline() -> None:
    """Let go of the default pipeline and its theme matchers, for the stages after coding. Every Doc made
    (parsed, or rebuilt from the parse cache) teaches the pipeline's vocabulary its new words: over the ten
    General Debate years 40,423 lexemes and 107,787 strings, kept by the caches of `load` and `matcher`.
    With them let go after a re-coding, `run`'s compare stage peaked at 1,220 MB instead of 1,418-1,431 MB.
    The next use loads the pipeline again (a second or two). Collected now: the pipeline holds reference
    cycles, which would otherwise wait for a full collection in the middle of the next stage."""
    _default_matcher.cache_clear()
    nlp_mod.load.cache_clear()
    gc.collect()


def _kept(sents: list[Span], text: str) -> list[tuple[int, Span, int, str]]:
    """(index, sentence, start, body) of each sentence with words: its body and start with the spaces
    around it trimmed. Features and codes both keep exactly these, so their records line up."""
    out = []
    for i, sent in enumerate(sents):
        raw = text[sent.start_char : sent.end_char]
        body = raw.strip()
        if body:
            out.append((i, sent, sent.start_char + (len(raw) - len(raw.lstrip())), body))
    return out


def sentence_features(doc: Doc, text: str, rows: list[tuple] | None = None) -> list[list]:
    """Per sentence of a parsed Doc: [start, end, n_words, lemmas, noun phrases, only runs the meeting],
    start/end its character offsets in `text`; what the codebook does not change. `rows`: the Doc's
    `token_rows`, when the caller has read them."""
    rows = token_rows(doc) if rows is None else rows
    out = []
    for _, sent, start, body in _kept(list(doc.sents), text):
        srows = rows[sent.start : sent.end]
        trows = term_rows(sent, srows)
        lemmas, phrases = compounds.mend(body, content_lemmas(sent, trows), noun_phrases(sent, trows))
        out.append(
            [start, start + len(body), count_words(srows), lemmas, phrases, is_procedural_sentence(body)]
        )
    return out


def sentence_codes(doc: Doc, text: str) -> list[list]:
    """Per sentence of a coded Doc (the sentences `sentence_features` keeps): [start, themes, evidence,
    vetoed by], evidence [[theme, rule, matched words, start, end], ...] and vetoed by the words of the
    codebook-wide veto that kept every theme off it ("" if none)."""
    coded = sentence_themes(doc)
    vetoes = sentence_vetoes(doc)
    out = []
    for i, _, start, _ in _kept([sent for sent, _ in coded], text):
        spans, veto = coded[i][1], vetoes[i]
        themes = list(dict.fromkeys(s.label_ for s in spans))
        evidence = [[s.label_, s.id_, s.text.lower(), s.start_char, s.end_char] for s in spans]
        out.append([start, themes, evidence, "" if veto is None else veto.text.lower()])
    return out


def feature_keys(texts: list[str], pipeline: str) -> dict[str, str]:
    """Text -> its key in the features cache: the text, the pipeline that parsed it, the record format
    and the code and data that make records (a change to any re-makes the record; a codebook edit does
    not). The data: the country table, which `is_procedural_sentence` reads ("Thank you, we support KEN."
    only runs the meeting, "Thank you, we support SMEs." does not)."""
    code = stamps.code_fingerprint((__name__,), (config.COUNTRY_TABLE,))[:16]
    return {t: f"{sha256_text(t)}|{pipeline}|{FEATURES_FORMAT}|{code}" for t in texts}


def coding_keys(texts: list[str], codebook_hash: str, pipeline: str) -> dict[str, str]:
    """Text -> its key in the coding cache: the text, the pipeline that parsed it, the codebook that coded
    it, the record format and the code that makes records (a change to any re-makes the record)."""
    code = stamps.code_fingerprint((__name__,))[:16]
    return {t: f"{sha256_text(t)}|{pipeline}|{codebook_hash}|{RECORD_FORMAT}|{code}" for t in texts}


def _cached(store: Store, keys: dict[str, str], cache_dir: Path | None) -> dict[str, list]:
    if cache_dir is None:
        return {}
    hit = store.get_many(list(keys.values()))
    return {t: hit[k] for t, k in keys.items() if k in hit}


def _in_step(features: dict[str, list], codes: dict[str, list]) -> None:
    """Drop the cached features and codes of a text whose sentences do not line up (made from different
    parses: it cannot happen while the keys hold the code and pipeline, but a record must never be paired
    with another sentence's); both are made again, and said, as a damaged record is."""
    stale = [
        t for t in features.keys() & codes.keys() if [f[0] for f in features[t]] != [c[0] for c in codes[t]]
    ]
    for t in stale:
        del features[t], codes[t]
    if stale:
        sys.stderr.write(
            f"warning: {len(stale)} cached coding(s) out of step with their sentences; made again\n"
        )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block: the sentence records are hundreds of thousands
    of small lists that hold no cycles, and every full collection walked all of them again. On the ten
    General Debate years reading them from the caches and building the tables took 11.4 s with it, 3.6 s
    without (coding done), in silence after the coding bar. The collector is back on, as it was, after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _records(texts: list[str], m: ThemeMatcher, cache_dir: Path | None, nlp=None) -> dict[str, list]:
    """Text -> its sentence records [start, end, n_words, lemmas, noun phrases, only runs the meeting,
    themes, evidence, vetoed by], from the caches or by parsing (cached) and reading and matching what
    they lack."""
    pipeline = nlp_mod.pipeline_id(nlp)
    fkeys, ckeys = feature_keys(texts, pipeline), coding_keys(texts, m.codebook.hash, pipeline)
    with closing(Store(cache_dir, "features")) as fstore, closing(Store(cache_dir, "codings")) as cstore:
        with collector_paused():
            features, codes = _cached(fstore, fkeys, cache_dir), _cached(cstore, ckeys, cache_dir)
        _in_step(features, codes)
        todo = [t for t in texts if t not in features or t not in codes]
        pending: dict[str, list[tuple[str, list]]] = {"features": [], "codings": []}

        def flush(at_least: int) -> None:
            for store, name in ((fstore, "features"), (cstore, "codings")):
                if cache_dir is not None and len(pending[name]) >= at_least:
                    store.put_many(pending[name])
                    pending[name].clear()

        parsed = nlp_mod.parse_texts(todo, nlp=nlp, cache_dir=cache_dir, desc="parsing")
        for text, doc in progress(parsed, desc="coding", total=len(todo), unit="text"):
            rows = token_rows(doc)  # read once, for matching and for the sentence features
            if text not in codes:
                m.set_annotations(doc, m.match(doc, rows))
                codes[text] = sentence_codes(doc, text)
                pending["codings"].append((ckeys[text], codes[text]))
            if text not in features:
                features[text] = sentence_features(doc, text, rows)
                pending["features"].append((fkeys[text], features[text]))
            flush(512)
        flush(1)
    # a text's features and codes, sentence by sentence (both made from the same parse); each text's two
    # records are let go as they are joined, so the three are never all held (`texts` are distinct)
    with collector_paused():
        return {t: [f + c[1:] for f, c in zip(features.pop(t), codes.pop(t), strict=True)] for t in texts}


def code_turns(
    turns: pd.DataFrame,
    cache_dir: Path | None = None,
    nlp=None,
    codebook_path: str | Path = config.CODEBOOK,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `sentences` and `evidence` tables (catalogue) of every turn, coded.

    With `cache_dir`, parses and sentence features are cached per text and pipeline, codings per text,
    pipeline and codebook hash: an unchanged re-run parses nothing and matches nothing, and a codebook
    edit only matches again.
    """
    turns = turns.sort_values(["session_id", "turn"], kind="mergesort").reset_index(drop=True)
    texts = ["" if pd.isna(t) else str(t) for t in turns["text"].tolist()]
    unique = [t for t in dict.fromkeys(texts) if t.strip()]
    records = _records(unique, matcher(codebook_path, nlp), cache_dir, nlp) if unique else {}
    with collector_paused():  # the Docs are gone: from here on only plain lists are made
        return _tables(turns, texts, records)


def _tables(
    turns: pd.DataFrame, texts: list[str], records: dict[str, list]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `sentences` and `evidence` tables from each turn's sentence records."""
    procedural = turns["procedural"] if "procedural" in turns else pd.Series(False, index=turns.index)
    counted = is_counted(turns["role"], procedural, turns["country"]).tolist()
    procedural = procedural.fillna(False).astype(bool).tolist()
    spoken_in = language.detect_all(texts)  # each turn's language, for its sentences too short to tell
    sentences, evidence = [], []
    rows = turns[["session_id", "group", "turn", "speaker", "country", "role", "source"]].itertuples(
        index=False
    )
    # a bar of its own: after the coding bar, the ten General Debate years spent seconds here in silence
    for i, row in enumerate(progress(rows, desc="building tables", total=len(turns), unit="turn")):
        country = None if pd.isna(row.country) else row.country
        for j, (start, end, n, lemmas, phrases, runs, themes, ev, veto) in enumerate(
            records.get(texts[i], [])
        ):
            sid = sentence_id(row.session_id, row.turn, j)
            text = texts[i][start:end]
            # a sentence that only runs the meeting inside a statement ("Thank you, Chair.") is no more a
            # priority than such a turn: it would dilute every share, most where a format splits it off
            alone = not procedural[i] and runs
            # a sentence too short to tell ("Gracias, Presidente.") is in its turn's language; one the
            # codebook cannot read is no delegation's priority it can measure (`language.codable`)
            lang = language.of_sentence(language.detect(text), spoken_in[i])
            sentences.append([sid, row.session_id, row.group, row.turn, j, row.speaker, country, row.role,
                              procedural[i] or alone, counted[i] and not alone and language.codable(lang),
                              lang, text, start, end, n, lemmas, phrases, themes, veto, False,
                              row.source])  # fmt: skip
            evidence += [[sid, *e] for e in ev]
    return (
        _table("sentences", sentences),
        _table("evidence", evidence),
    )


def _table(name: str, rows: list[list]) -> pd.DataFrame:
    columns = catalogue.table(name).column_names()
    if not rows:
        return catalogue.empty(name)
    return catalogue.conform(name, pd.DataFrame(rows, columns=columns))


def code_texts(texts: list[str], nlp=None, codebook_path: str | Path = config.CODEBOOK) -> list[Coding]:
    """Code each text as one unit: the union of the themes of its sentences, with their evidence."""
    return code_texts_with(texts, [codebook_path], nlp)[0]


def code_texts_with(texts: list[str], codebook_paths: list[str | Path], nlp=None) -> list[list[Coding]]:
    """`code_texts` with each codebook in turn, parsing the texts once (to compare codebooks)."""
    matchers = [matcher(path, nlp) for path in codebook_paths]
    orders = [m.codebook.ids() for m in matchers]
    coded: list[dict[str, Coding]] = [{} for _ in matchers]
    for text, doc in nlp_mod.parse_texts(list(texts), nlp=nlp, cache_dir=None, desc="coding"):
        for m, order, out in zip(matchers, orders, coded, strict=True):
            words: dict[str, list[str]] = {}
            for span in m(doc).spans[m.spans_key]:
                words.setdefault(span.label_, []).append(span.text.lower())
            themes = [t for t in order if t in words]
            out[text] = Coding(tuple(themes), {t: tuple(dict.fromkeys(words[t])) for t in themes})
    return [[out[t] for t in texts] for out in coded]
