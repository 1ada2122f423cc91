"""The codebook's rules as a spaCy pipeline component, built the way spaCy builds `SpanRuler`.

`nlp.add_pipe("theme_matcher")` (or `config={"codebook": path}`) adds it; it
needs sentences and lemmas and assigns `doc.spans["themes"]`: one span per match
that made a theme fire, labelled with the theme id, its `id_` the rule that
matched. A sentence's themes are the labels of the spans inside it. A sentence
that the codebook-wide veto (its procedural phrases) keeps from every theme gets
one span in `doc.spans["vetoes"]`, labelled "procedural": uncoded on purpose, which
discovery must tell apart from uncoded because no rule knew its words. `match`
and `set_annotations` are separate, as in spaCy's own components;
`initialize(codebook=...)` loads other rules, and `to_disk`/`from_disk` save
the rules with a pipeline, so a saved pipeline codes as it did.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup

from analysis import config
from analysis.coding import codebook as codebook_mod
from analysis.coding.features import token_rows
from analysis.coding.terms import TermIndex, may_match, pattern_anchors, rule_hits, word_stream
from analysis.io import load_yaml, text_sha256

SPANS_KEY = "themes"
VETO_KEY = "vetoes"
VETO_LABEL = "procedural"


@dataclass(frozen=True)
class ThemeMatch:
    """One match behind a code: theme, rule, and the tokens [start, end) it covers. With `veto`, the
    codebook-wide veto that kept every theme off the sentence: theme VETO_LABEL, rule the veto term."""

    theme: str
    rule: str
    start: int
    end: int
    veto: bool = False


def _codebook(source) -> codebook_mod.Codebook:
    if isinstance(source, codebook_mod.Codebook):
        return source
    return codebook_mod.load(source or config.CODEBOOK)


class ThemeMatcher(Pipe):
    """Codes every sentence of a Doc with the codebook's rules."""

    def __init__(self, nlp: Language, name: str = "theme_matcher", *, spans_key: str = SPANS_KEY,
                 veto_key: str = VETO_KEY,
                 codebook: str | Path | codebook_mod.Codebook | None = None):  # fmt: skip
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.name = name
        self.spans_key = spans_key
        self.veto_key = veto_key
        self._use(_codebook(codebook))

    # --- set-up ----------------------------------------------------------------------------------

    def initialize(self, get_examples=None, *, nlp: Language | None = None, codebook=None) -> None:
        """Load the rules of `codebook` (a path or a loaded Codebook); the default codebook if None."""
        self._use(_codebook(codebook))

    def _use(self, cb: codebook_mod.Codebook) -> None:
        self.codebook = cb
        self._bytes = Path(cb.path).read_bytes() if cb.path is not None else b""
        terms, patterns = list(cb.without), []
        self.matcher = Matcher(self.vocab)
        for i, theme in enumerate(cb.themes):
            terms += theme.without + theme.not_in
            for j, rule in enumerate(theme.rules):
                terms += rule.words()
                if rule.token_patterns:
                    self.matcher.add(f"{i}:{j}", [list(p) for p in rule.token_patterns])
                    patterns += [list(p) for p in rule.token_patterns]
        self.index = TermIndex(terms)
        self.anchors = pattern_anchors(patterns)
        # what can make each rule fire, and each theme's vetoes, as sets: a sentence holding none of a
        # rule's terms (and no pattern match) skips the rule with one set operation
        self.triggers = [[frozenset(r.terms) for r in theme.rules] for theme in cb.themes]
        self.vetoes = [frozenset(theme.without) for theme in cb.themes]
        self.theme_triggers = [frozenset().union(*rules) for rules in self.triggers]

    @property
    def labels(self) -> tuple[str, ...]:
        """The theme ids this component assigns, in codebook order."""
        return tuple(self.codebook.ids())

    # --- matching --------------------------------------------------------------------------------

    def _pattern_hits(self, doc: Doc, rows: list[tuple]) -> dict[int, dict[str, list]]:
        """Token-pattern matches per sentence start: "theme:rule" index -> [(first, last token)].

        The Matcher runs sentence by sentence (a match never spans two sentences),
        and only on sentences holding a word of every literal token some pattern requires.
        """
        by_sent: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        if not len(self.matcher):
            return by_sent
        strings = self.vocab.strings
        for sent in doc.sents:
            if self.anchors is not None and not may_match(
                self.anchors, {w for r in rows[sent.start : sent.end] for w in (r[1], r[2])}
            ):
                continue
            for match_id, start, end in self.matcher(sent):
                by_sent[sent.start][strings[match_id]].append((sent.start + start, sent.start + end - 1))
        return by_sent

    def match_sentence(self, rows: list[tuple], pattern_hits: dict[str, list]) -> list[ThemeMatch]:
        """The matches that code one sentence (its `token_rows`), in codebook order per theme.

        Per theme, a match inside a longer one of the same theme is dropped ("climate
        change" covers "climate"), and a stretch matched by two rules is credited to
        the first. The context words that let a rule fire follow its matches, under
        the same rule id, unless they are matches of the theme themselves. A sentence holding a
        codebook-wide veto gets only that veto's first occurrence (`veto=True`).
        """
        found = self.index.find(word_stream(rows))
        out: list[ThemeMatch] = []
        vetoes = [(loc, t) for t in self.codebook.without for loc in found.get(t, ())]
        if vetoes:
            (a, b), term = min(vetoes)
            return [ThemeMatch(VETO_LABEL, term, a, b + 1, veto=True)]
        with_patterns = {int(key.partition(":")[0]) for key in pattern_hits}
        for i, theme in enumerate(self.codebook.themes):
            if i not in with_patterns and self.theme_triggers[i].isdisjoint(found):
                continue  # no term of any of its rules, no pattern match: the theme cannot fire
            if not self.vetoes[i].isdisjoint(found):
                continue
            by_loc: dict[tuple[int, int], str] = {}
            context: dict[tuple[int, int], str] = {}
            for j, rule in enumerate(theme.rules):
                patterns = pattern_hits.get(f"{i}:{j}", ())
                if not patterns and self.triggers[i][j].isdisjoint(found):
                    continue
                for loc, near in rule_hits(rule, theme.not_in, found, patterns):
                    if by_loc.setdefault(loc, rule.id) == rule.id:
                        for c in near:
                            context.setdefault(c, rule.id)
            locs = sorted(by_loc)
            kept = [
                (a, b) for a, b in locs if not any((c, d) != (a, b) and c <= a and b <= d for c, d in locs)
            ]
            out += [ThemeMatch(theme.id, by_loc[loc], loc[0], loc[1] + 1) for loc in kept]
            out += [
                ThemeMatch(theme.id, rule, a, b + 1)
                for (a, b), rule in sorted(context.items())
                if not any(c <= a and b <= d for c, d in kept)
            ]
        return out

    def match(self, doc: Doc, rows: list[tuple] | None = None) -> list[ThemeMatch]:
        """Every match in the Doc, sentence by sentence (`rows`: its `token_rows`, if already read)."""
        rows = token_rows(doc) if rows is None else rows
        hits = self._pattern_hits(doc, rows)
        out: list[ThemeMatch] = []
        for sent in doc.sents:
            out += self.match_sentence(rows[sent.start : sent.end], hits.get(sent.start, {}))
        return out

    def set_annotations(self, doc: Doc, matches: Iterable[ThemeMatch]) -> None:
        spans: dict[bool, list[Span]] = {False: [], True: []}
        for m in matches:
            spans[m.veto].append(Span(doc, m.start, m.end, label=m.theme, span_id=m.rule))
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans[False])
        doc.spans[self.veto_key] = SpanGroup(doc, name=self.veto_key, spans=spans[True])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # --- serialisation ---------------------------------------------------------------------------

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(
            {**self._cfg(), "codebook": self._bytes.decode("utf-8")}, ensure_ascii=False
        ).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ThemeMatcher:
        payload = json.loads(data.decode("utf-8"))
        self._set_cfg(payload)
        self._use_text(payload["codebook"], None)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "codebook.yaml").write_bytes(self._bytes)
        (path / "cfg").write_text(json.dumps(self._cfg()), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ThemeMatcher:
        path = Path(path)
        self._set_cfg(json.loads((path / "cfg").read_text(encoding="utf-8")))
        self._use(codebook_mod.load(path / "codebook.yaml"))
        return self

    def _cfg(self) -> dict[str, str]:
        return {"spans_key": self.spans_key, "veto_key": self.veto_key}

    def _set_cfg(self, cfg: dict) -> None:
        self.spans_key = cfg["spans_key"]
        self.veto_key = cfg.get("veto_key", VETO_KEY)  # a pipeline saved before vetoes were recorded

    def _use_text(self, text: str, path: Path | None) -> None:
        data = text.encode("utf-8")
        self._use(codebook_mod.parse(load_yaml(data), path, text_sha256(data)))
        self._bytes = data


@Language.factory(
    "theme_matcher",
    assigns=["doc.spans"],
    requires=["token.lemma", "doc.sents"],
    default_config={"spans_key": SPANS_KEY, "veto_key": VETO_KEY, "codebook": None},
)
def make_theme_matcher(
    nlp: Language, name: str, spans_key: str, veto_key: str, codebook: str | None
) -> ThemeMatcher:
    """`nlp.add_pipe("theme_matcher", config={"codebook": path})`; the project's codebook by default. Two
    matchers in one pipeline (two codebooks) need their own `spans_key` and `veto_key`."""
    return ThemeMatcher(nlp, name, spans_key=spans_key, veto_key=veto_key, codebook=codebook)


def sentence_themes(doc: Doc, spans_key: str = SPANS_KEY) -> list[tuple[Span, list[Span]]]:
    """Each sentence of a coded Doc with the theme spans inside it (in match order)."""
    sents = list(doc.sents)
    return list(zip(sents, _by_sentence(doc, sents, spans_key), strict=True))


def sentence_vetoes(doc: Doc, veto_key: str = VETO_KEY) -> list[Span | None]:
    """Per sentence of a coded Doc, the codebook-wide veto that kept every theme off it, or None."""
    return [spans[0] if spans else None for spans in _by_sentence(doc, list(doc.sents), veto_key)]


def _by_sentence(doc: Doc, sents: list[Span], key: str) -> list[list[Span]]:
    starts = [s.start for s in sents]
    inside: list[list[Span]] = [[] for _ in sents]
    for span in doc.spans.get(key, []):
        inside[bisect.bisect_right(starts, span.start) - 1].append(span)  # the sentence holding it
    return inside
