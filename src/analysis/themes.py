"""Theme coding: the codebook's rules as a spaCy component, and turns -> coded sentences.

The component (`theme_matcher`) reads the rules from the codebook YAML, so the
coding is reviewable as data. Each sentence gets the themes whose rules fire and,
as evidence, the words that made them fire. `code_turns` caches parses and codings
(see `analysis.nlp`), so re-running after a codebook edit redoes only the matching.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from analysis import codebook as codebook_mod
from analysis import config
from analysis import nlp as nlp_mod
from analysis.io import sha256_text
from analysis.progress import progress

if not Span.has_extension("themes"):
    Span.set_extension("themes", default=())
if not Span.has_extension("theme_evidence"):
    Span.set_extension("theme_evidence", default=None)

NOUN_POS = {"NOUN", "PROPN"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV"}
SENTENCE_COLUMNS = [
    "session_id", "group", "turn", "sentence", "speaker", "country", "role", "procedural", "counted",
    "text", "n_words", "lemmas", "noun_phrases", "themes", "evidence", "source",
]  # fmt: skip


# --- matching -------------------------------------------------------------------------------------


_ATTRS = (LOWER, LEMMA, POS, IS_ALPHA, IS_STOP, IS_PUNCT, IS_SPACE)


def token_rows(doc_or_span) -> list[tuple]:
    """Per token (doc index, lower form, lower lemma, POS, is_alpha, is_stop, is punct or space).

    One vectorised read (`Doc.to_array`), and each distinct string looked up once,
    instead of a Token object per attribute access: every per-sentence feature
    below works from these tuples.
    """
    doc = getattr(doc_or_span, "doc", doc_or_span)
    start, end = getattr(doc_or_span, "start", 0), getattr(doc_or_span, "end", len(doc))
    arr = doc.to_array(list(_ATTRS))[start:end]
    if len(arr) == 0:
        return []
    low = nlp_mod.string_column(doc, arr[:, 0])
    lemmas = nlp_mod.string_column(doc, arr[:, 1], lower=True)
    lemma = [lem or lo for lem, lo in zip(lemmas, low, strict=True)]
    flags = arr[:, 3:].astype(bool)
    skip = (flags[:, 2] | flags[:, 3]).tolist()
    return list(
        zip(
            range(start, end),
            low,
            lemma,
            nlp_mod.string_column(doc, arr[:, 2]),
            flags[:, 0].tolist(),
            flags[:, 1].tolist(),
            skip,
            strict=True,
        )
    )


def _stream(rows: list[tuple]) -> list[tuple[int, str, str]]:
    """(doc index, lower form, lower lemma) of a sentence's word tokens: punctuation and hyphens dropped."""
    return [(r[0], r[1], r[2]) for r in rows if not r[6]]


def _word_matches(word: str, low: str, lemma: str) -> bool:
    if word.endswith("*"):
        return low.startswith(word[:-1]) or lemma.startswith(word[:-1])
    return word == low or word == lemma


class TermIndex:
    """All the codebook's phrases, indexed by first word, matched against forms or lemmas.

    Prefix words (`industrial*`) are looked up by prefix length, so a token costs a
    few dict lookups however many terms the codebook has.
    """

    def __init__(self, terms):
        self.first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self.prefix_lengths: list[int] = []
        lengths = set()
        for term in sorted(set(terms)):
            words = tuple(term.split())
            head = words[0]
            if head.endswith("*"):
                lengths.add(len(head) - 1)
                self.first[head].append((term, words))
            else:
                self.first[head].append((term, words))
        self.prefix_lengths = sorted(lengths)
        self._candidates: dict[tuple[str, str], tuple] = {}

    def candidates(self, low: str, lemma: str) -> tuple:
        """The (term, words) entries a token with this form and lemma can start (memoised per type)."""
        key = (low, lemma)
        hit = self._candidates.get(key)
        if hit is None:
            hit = tuple(
                entry for head in sorted(self._heads(low, lemma)) for entry in self.first.get(head, ())
            )
            self._candidates[key] = hit
        return hit

    def _heads(self, low: str, lemma: str) -> set[str]:
        heads = {low, lemma}
        for n in self.prefix_lengths:
            if len(low) >= n:
                heads.add(low[:n] + "*")
            if len(lemma) >= n:
                heads.add(lemma[:n] + "*")
        return heads

    def find(self, stream) -> dict[str, list[tuple[int, int]]]:
        """term -> [(first doc token, last doc token)] of every occurrence in the stream."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        n = len(stream)
        for i, (_, low, lemma) in enumerate(stream):
            for term, words in self.candidates(low, lemma):
                k = len(words)
                if i + k > n:
                    continue
                if k == 1 or all(
                    _word_matches(w, stream[i + j][1], stream[i + j][2]) for j, w in enumerate(words[1:], 1)
                ):
                    found[term].append((stream[i][0], stream[i + k - 1][0]))
        return found


def _inside(loc: tuple[int, int], blocks: list[tuple[int, int]]) -> bool:
    return any(a <= loc[0] and loc[1] <= b and (a, b) != loc for a, b in blocks)


def _near(loc: tuple[int, int], others, window: int | None) -> bool:
    if window is None:
        return bool(others)
    return any(max(o[0] - loc[1], loc[0] - o[1], 0) <= window for o in others)


def _rule_hits(rule, theme_not_in, found, pattern_hits) -> list[tuple[int, int]]:
    """The matches of one rule that count: outside its `not_in` phrases, with context, without veto."""
    blocks = [loc for t in rule.not_in + theme_not_in for loc in found.get(t, ())]
    hits = [loc for t in rule.terms for loc in found.get(t, ())] + list(pattern_hits)
    if blocks:
        hits = [h for h in hits if not _inside(h, blocks)]
    if not hits:
        return []
    if rule.with_:
        ctx = [loc for t in rule.with_ for loc in found.get(t, ()) if not _inside(loc, blocks)]
        hits = [h for h in hits if _near(h, ctx, rule.with_window)]
    if rule.without and hits:
        veto = [loc for t in rule.without for loc in found.get(t, ())]
        hits = [h for h in hits if not _near(h, veto, rule.without_window)]
    return hits


# Not NORM: a norm can differ from both form and lemma ("colour" -> "color"), so it cannot anchor.
_LITERAL_ATTRS = ("ORTH", "TEXT", "LOWER", "LEMMA")


def pattern_anchors(patterns: list[list[dict]]) -> frozenset[str] | None:
    """Lower-case words at least one of which a sentence must hold for any pattern to match, or None.

    Per pattern, the first token that must be there (no OP, or OP "+") and is
    given by literal words (ORTH, LOWER, LEMMA... equal to a string or IN a
    list). Checked against the lower-cased forms and lemmas of a sentence, which
    can only over-select. A pattern without such a token makes the filter off.
    """
    words: set[str] = set()
    for pattern in patterns:
        found = None
        for spec in pattern:
            if spec.get("OP", "1") not in ("1", "+"):
                continue
            for attr, value in spec.items():
                key = str(attr).upper()
                if key not in _LITERAL_ATTRS:
                    continue
                if isinstance(value, str):
                    found = {value}
                elif (
                    isinstance(value, dict)
                    and set(value) == {"IN"}
                    and all(isinstance(v, str) for v in value["IN"])
                ):
                    found = set(value["IN"])
                if found:
                    break
            if found:
                break
        if not found:
            return None
        words |= {w.lower() for w in found}
    return frozenset(words)


@dataclass(frozen=True)
class SentenceCoding:
    themes: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)


class ThemeMatcher:
    """Codes every sentence of a Doc with the codebook's rules (a spaCy pipeline component)."""

    def __init__(self, vocab, codebook_path: str | Path | None = None):
        self.vocab = vocab
        self.codebook = codebook_mod.load(codebook_path or config.CODEBOOK)
        terms, patterns = [], []
        self.matcher = Matcher(vocab)
        for theme in self.codebook.themes:
            terms += theme.without + theme.not_in
            for j, rule in enumerate(theme.rules):
                terms += rule.terms + rule.with_ + rule.without + rule.not_in
                if rule.token_patterns:
                    self.matcher.add(f"{theme.id}#{j}", [list(p) for p in rule.token_patterns])
                    patterns += [list(p) for p in rule.token_patterns]
        self.index = TermIndex(terms)
        self.anchors = pattern_anchors(patterns)
        # what can make each rule fire: a sentence with none of these terms skips the rule
        self.triggers = {
            (theme.id, j): frozenset(rule.terms)
            for theme in self.codebook.themes
            for j, rule in enumerate(theme.rules)
        }

    def code_sentence(
        self, sent, pattern_hits: dict[str, list[tuple[int, int]]], rows: list[tuple] | None = None
    ) -> tuple[SentenceCoding, list]:
        found = self.index.find(_stream(token_rows(sent) if rows is None else rows))
        doc = sent.doc
        themes, evidence, spans = [], {}, []
        for theme in self.codebook.themes:
            if any(t in found for t in theme.without):
                continue
            words: list[tuple[int, int]] = []
            for j, rule in enumerate(theme.rules):
                patterns = pattern_hits.get(f"{theme.id}#{j}", ())
                if not patterns and self.triggers[(theme.id, j)].isdisjoint(found):
                    continue
                words += _rule_hits(rule, theme.not_in, found, patterns)
            if words:
                themes.append(theme.id)
                locs = sorted(set(words))
                # "climate change" covers "climate": keep the longest evidence only
                locs = [x for x in locs if not any(y != x and y[0] <= x[0] and x[1] <= y[1] for y in locs)]
                evidence[theme.id] = tuple(dict.fromkeys(doc[a : b + 1].text.lower() for a, b in locs))
                spans += [Span(doc, a, b + 1, label=theme.id) for a, b in locs]
        return SentenceCoding(tuple(themes), evidence), spans

    def _pattern_hits(self, sents: list, rows: list[tuple]) -> dict[int, dict[str, list]]:
        """Token-pattern matches per sentence start: rule key -> [(first, last token)].

        The Matcher runs sentence by sentence (a match never spans two sentences),
        and only on sentences holding one of the words some pattern requires.
        """
        by_sent: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        if not len(self.matcher):
            return by_sent
        anchors = self.anchors
        strings = self.vocab.strings
        for sent in sents:
            if anchors is not None and not any(
                r[1] in anchors or r[2] in anchors for r in rows[sent.start : sent.end]
            ):
                continue
            for match_id, start, end in self.matcher(sent):
                by_sent[sent.start][strings[match_id]].append((sent.start + start, sent.start + end - 1))
        return by_sent

    def code_doc(self, doc: Doc, rows: list[tuple] | None = None) -> list[SentenceCoding]:
        rows = token_rows(doc) if rows is None else rows
        sents = list(doc.sents)
        by_sent = self._pattern_hits(sents, rows)
        out, spans = [], []
        for sent in sents:
            coding, sent_spans = self.code_sentence(
                sent, by_sent.get(sent.start, {}), rows[sent.start : sent.end]
            )
            sent._.themes = coding.themes
            sent._.theme_evidence = coding.evidence
            out.append(coding)
            spans += sent_spans
        doc.spans["themes"] = spans
        return out

    def __call__(self, doc: Doc) -> Doc:
        self.code_doc(doc)
        return doc


@Language.factory("theme_matcher", default_config={"codebook": None})
def make_theme_matcher(nlp: Language, name: str, codebook: str | None) -> ThemeMatcher:
    """`nlp.add_pipe("theme_matcher", config={"codebook": path})`: sentences get `._.themes`."""
    return ThemeMatcher(nlp.vocab, codebook)


# --- per-sentence features ------------------------------------------------------------------------


# Lemmas that read wrongly to an analyst: spaCy's lookup gives "datum" for "data".
READABLE_LEMMA = {"datum": "data", "medium": "media"}


def _readable(lemma: str) -> str:
    return READABLE_LEMMA.get(lemma, lemma)


def _is_year_name(text: str) -> bool:
    """A four-digit number that names an agenda ("Agenda 2063", "the 2030 Agenda")."""
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def _rows(sent, rows: list[tuple] | None) -> list[tuple]:
    return token_rows(sent) if rows is None else rows


def noun_phrases(sent, rows: list[tuple] | None = None) -> list[str]:
    """Lemmatised noun phrases by POS (no parser): ADJ* (NOUN|PROPN)+ runs, last 2-4 tokens.

    Four-digit years count as nouns inside a run, so "Agenda 2063" and "2030 Agenda" survive.
    `rows` (from `token_rows`) spares re-reading the tokens.
    """
    phrases: list[str] = []
    run: list[tuple] = []

    def flush():
        if any(r[3] in NOUN_POS for r in run):
            words = run[-4:]
            if len(words) >= 2:
                phrases.append(" ".join(_readable(r[2]) for r in words))
        run.clear()

    for r in _rows(sent, rows):
        _, low, _, pos, alpha, _, _ = r
        if alpha and pos == "ADJ":
            if any(x[3] in NOUN_POS for x in run):
                flush()
            run.append(r)
        elif (alpha and pos in NOUN_POS) or _is_year_name(low):
            run.append(r)
        else:
            flush()
    flush()
    return phrases


def content_lemmas(sent, rows: list[tuple] | None = None) -> list[str]:
    """Lower-case lemmas of content words (alphabetic, not stop words; by POS where tagged)."""
    return [
        _readable(r[2]) for r in _rows(sent, rows) if r[4] and not r[5] and (not r[3] or r[3] in CONTENT_POS)
    ]


def _n_words(rows: list[tuple]) -> int:
    return sum(1 for r in rows if not r[6])


def sentence_rows(
    doc: Doc, codings: list[SentenceCoding], tokens: list[tuple] | None = None, text: str | None = None
) -> list[list]:
    """Compact per-sentence rows for the coding cache: text, n_words, lemmas, noun phrases, themes,
    evidence. `text` is the text the Doc was parsed from, when the caller has it (spaCy keeps it
    exactly; `doc.text` would rebuild it from a Token object per token)."""
    out = []
    tokens = token_rows(doc) if tokens is None else tokens
    doc_text = doc.text if text is None else text
    for sent, c in zip(doc.sents, codings, strict=True):
        text = doc_text[sent.start_char : sent.end_char].strip()
        if not text:
            continue
        rows = tokens[sent.start : sent.end]
        out.append([
            text, _n_words(rows), " ".join(content_lemmas(sent, rows)), "|".join(noun_phrases(sent, rows)),
            ";".join(c.themes), _evidence_str(c.evidence),
        ])  # fmt: skip
    return out


# --- public API -----------------------------------------------------------------------------------


def _evidence_str(evidence: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{k}={','.join(v)}" for k, v in evidence.items())


@dataclass(frozen=True)
class Coding:
    """The themes of one text (codebook order) and the words behind each."""

    themes: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def evidence_str(self) -> str:
        return _evidence_str(self.evidence)


@functools.lru_cache(maxsize=4)
def _matcher(codebook_path: str, mtime_ns: int) -> ThemeMatcher:
    nlp = nlp_mod.load()
    return ThemeMatcher(nlp.vocab, codebook_path)


def matcher(codebook_path: str | Path = config.CODEBOOK) -> ThemeMatcher:
    """The theme matcher for the default pipeline's vocab; rebuilt when the codebook file changes."""
    p = Path(codebook_path).resolve()
    return _matcher(str(p), p.stat().st_mtime_ns if p.is_file() else 0)


def code_texts(texts: list[str], nlp=None, codebook_path: str | Path = config.CODEBOOK) -> list[Coding]:
    """Code each text as one unit: the union of the themes of its sentences."""
    if nlp is None:
        m = matcher(codebook_path)
        nlp = nlp_mod.load()
    else:
        m = ThemeMatcher(nlp.vocab, codebook_path)
    coded: dict[str, Coding] = {}
    for text, doc in nlp_mod.parse_texts(list(texts), nlp=nlp, cache_dir=None, desc="coding"):
        ev: dict[str, list[str]] = defaultdict(list)
        for c in m.code_doc(doc):
            for k, v in c.evidence.items():
                ev[k] += v
        order = [t for t in m.codebook.ids() if t in ev]
        coded[text] = Coding(tuple(order), {k: tuple(dict.fromkeys(ev[k])) for k in order})
    return [coded[t] for t in texts]


def _code_doc(m: ThemeMatcher, doc: Doc, text: str | None = None) -> list[list]:
    tokens = token_rows(doc)
    return sentence_rows(doc, m.code_doc(doc, tokens), tokens, text)


def code_turns(
    turns: pd.DataFrame,
    cache_dir: Path | None = None,
    nlp=None,
    codebook_path: str | Path = config.CODEBOOK,
) -> pd.DataFrame:
    """One row per sentence of every turn (the `sentences` shape of docs/design.md), coded.

    With `cache_dir`, parses are cached per text and pipeline, codings per text,
    pipeline and codebook hash: an unchanged re-run parses nothing and matches nothing.
    """

    turns = turns.sort_values(["session_id", "turn"], kind="mergesort").reset_index(drop=True)
    texts = [("" if pd.isna(t) else str(t)) for t in turns["text"]]
    unique = [t for t in dict.fromkeys(texts) if t.strip()]
    if nlp is None:
        m = matcher(codebook_path) if unique else None
    else:
        m = ThemeMatcher(nlp.vocab, codebook_path)
    cb = codebook_mod.load(codebook_path)
    pid = nlp_mod.pipeline_id(nlp)
    records: dict[str, list] = {}
    with closing(nlp_mod.Store(cache_dir, "codings")) as store:
        keys = {t: f"{sha256_text(t)}|{pid}|{cb.hash}" for t in unique}
        if cache_dir is not None:
            hit = store.get_many(list(keys.values()))
            records = {t: hit[keys[t]] for t in unique if keys[t] in hit}
        todo = [t for t in unique if t not in records]
        pending = []

        def done(text: str, rows: list) -> None:
            records[text] = rows
            if cache_dir is not None:
                pending.append((keys[text], rows))
                if len(pending) >= 512:
                    store.put_many(pending)
                    pending.clear()

        if todo:
            parsed = nlp_mod.parse_texts(todo, nlp=nlp, cache_dir=cache_dir, desc="parsing")
            for text, doc in progress(parsed, desc="parsing and coding", total=len(todo), unit="text"):
                done(text, _code_doc(m, doc, text))
            if pending:
                store.put_many(pending)

    procedural = turns["procedural"] if "procedural" in turns else pd.Series(False, index=turns.index)
    out = []
    for i, row in enumerate(turns.itertuples(index=False)):
        country = None if pd.isna(row.country) else row.country
        proc = bool(procedural.iloc[i]) if not pd.isna(procedural.iloc[i]) else False
        counted = row.role in config.DELEGATION_ROLES and not proc and country is not None
        for j, rec in enumerate(records.get(texts[i], [])):
            out.append([row.session_id, row.group, int(row.turn), j, row.speaker, country, row.role, proc,
                        counted, *rec, row.source])  # fmt: skip
    df = pd.DataFrame(out, columns=SENTENCE_COLUMNS)
    df = df.astype(
        {"turn": "int64", "sentence": "int64", "n_words": "int64", "procedural": bool, "counted": bool}
    )
    return df.sort_values(["session_id", "turn", "sentence"], kind="mergesort").reset_index(drop=True)


def theme_matrix(sentences: pd.DataFrame, codebook_path: str | Path = config.CODEBOOK) -> pd.DataFrame:
    """One bool column per theme id, in codebook order, aligned with `sentences`."""
    ids = codebook_mod.load(codebook_path).ids()
    sets = sentences["themes"].fillna("").map(lambda s: set(filter(None, s.split(";"))))
    return pd.DataFrame({t: sets.map(lambda s, t=t: t in s).astype(bool) for t in ids}, index=sentences.index)
