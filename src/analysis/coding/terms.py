"""The codebook's words and patterns, found fast in a sentence's token stream.

`TermIndex` finds every occurrence of every codebook phrase (forms or lemmas,
`*` prefixes, `/POS` tags) with a few dict lookups per token; `rule_hits` applies
one rule's context, veto and `not_in` conditions to those occurrences and says
which context word satisfied each match; `pattern_anchors` tells which sentences
can hold a token-pattern match at all, so the spaCy Matcher runs only where it can fire.
"""

from __future__ import annotations

from collections import defaultdict

# Universal POS tags a term word may require ("plan/NOUN"); spaCy's `Token.pos_` values.
POS_TAGS = frozenset("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())


def word_stream(rows: list[tuple]) -> list[tuple[int, str, str, str]]:
    """(doc index, lower form, lower lemma, POS) of a sentence's words: punctuation and hyphens dropped."""
    return [(r[0], r[1], r[2], r[3]) for r in rows if not r[6]]


def split_word(word: str) -> tuple[str, frozenset[str]]:
    """ "plan/NOUN" -> ("plan", {"NOUN"}); "plan/NOUN|PROPN" -> two tags; a bare word -> no tag."""
    base, _, tags = word.partition("/")
    return base, frozenset(t for t in tags.split("|") if t)


def _word_matches(word: str, tags: frozenset[str], low: str, lemma: str, pos: str) -> bool:
    """A term word against a token. A POS tag is only checked where the pipeline assigned one, so a
    blank pipeline (no tagger) matches the word as if it carried no tag."""
    if tags and pos and pos not in tags:
        return False
    if word.endswith("*"):
        return low.startswith(word[:-1]) or lemma.startswith(word[:-1])
    return word == low or word == lemma


class TermIndex:
    """All the codebook's phrases, indexed by first word, matched against forms or lemmas.

    Prefix words (`industrial*`) are looked up by prefix length, so a token costs a
    few dict lookups however many terms the codebook has. A word's `/POS` tag is
    checked after the lookup.
    """

    def __init__(self, terms):
        self.first: dict[str, list[tuple[str, tuple]]] = defaultdict(list)
        lengths = set()
        for term in sorted(set(terms)):
            words = tuple(split_word(w) for w in term.split())
            head = words[0][0]
            if head.endswith("*"):
                lengths.add(len(head) - 1)
            self.first[head].append((term, words))
        self.prefix_lengths = sorted(lengths)
        self._candidates: dict[tuple[str, str], tuple] = {}

    def candidates(self, low: str, lemma: str) -> tuple:
        """The entries a token with this form and lemma can start: (term, number of words, the first
        word's tags, words), memoised per type."""
        key = (low, lemma)
        hit = self._candidates.get(key)
        if hit is None:
            hit = tuple(
                (term, len(words), words[0][1], words)
                for head in sorted(self._heads(low, lemma))
                for term, words in self.first.get(head, ())
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
        for i, (at, low, lemma, pos) in enumerate(stream):
            for term, k, tags, words in self.candidates(low, lemma):
                if i + k > n or (tags and pos and pos not in tags):
                    continue
                if k == 1:
                    found[term].append((at, at))
                    continue
                for j in range(1, k):
                    w, wtags = words[j]
                    if not _word_matches(w, wtags, *stream[i + j][1:]):
                        break
                else:
                    found[term].append((at, stream[i + k - 1][0]))
        return found


def _inside(loc: tuple[int, int], blocks: list[tuple[int, int]]) -> bool:
    return any(a <= loc[0] and loc[1] <= b and (a, b) != loc for a, b in blocks)


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def _near(loc: tuple[int, int], others, window: int | None) -> bool:
    if window is None:
        return bool(others)
    return any(_gap(loc, o) <= window for o in others)


def _nearest(loc: tuple[int, int], others, window: int | None) -> tuple[int, int] | None:
    """The closest of `others` to `loc` (within `window` words if given), or None."""
    best = min(others, key=lambda o: (_gap(loc, o), o), default=None)
    if best is None or (window is not None and _gap(loc, best) > window):
        return None
    return best


def _occurrences(terms, found, blocks) -> list[tuple[int, int]]:
    """Where any of `terms` occurs, outside the `not_in` phrases in `blocks`."""
    return [loc for t in terms for loc in found.get(t, ()) if not _inside(loc, blocks)]


def rule_hits(rule, theme_not_in, found, pattern_hits) -> list[tuple[tuple[int, int], tuple]]:
    """The matches of one rule that count, each with the context word that satisfied it.

    A match counts when it lies outside the rule's and theme's `not_in` phrases, has a
    `with` word within `with_window` (if the rule asks for one) and no `without` word
    within `without_window`. Words inside a `not_in` phrase give neither context nor veto
    ("security" in "food security"). Returns [(match, (nearest context word,) or ())].
    """
    blocks = [loc for t in rule.not_in + theme_not_in for loc in found.get(t, ())]
    hits = [loc for t in rule.terms for loc in found.get(t, ())] + list(pattern_hits)
    if blocks:
        hits = [h for h in hits if not _inside(h, blocks)]
    if not hits:
        return []
    if rule.without:
        veto = _occurrences(rule.without, found, blocks)
        hits = [h for h in hits if not _near(h, veto, rule.without_window)]
    if not rule.with_:
        return [(h, ()) for h in hits]
    ctx = _occurrences(rule.with_, found, blocks)
    near = [(h, _nearest(h, ctx, rule.with_window)) for h in hits]
    return [(h, (c,)) for h, c in near if c is not None]


# Not NORM: a norm can differ from both form and lemma ("colour" -> "color"), so it cannot anchor.
_LITERAL_ATTRS = ("ORTH", "TEXT", "LOWER", "LEMMA")


def pattern_anchors(patterns: list[list[dict]]) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """Per pattern, the word sets a sentence must each hold for it to match; None if a pattern has none.

    Each token of a pattern that must be there (no OP, or OP "+") and is given by
    literal words (ORTH, LOWER, LEMMA... equal to a string or IN a list) is one set: a
    sentence can hold a match only if it holds a word of every set of that pattern.
    Checked against the lower-cased forms and lemmas of a sentence, which can only
    over-select. A pattern without such a token makes the filter off.
    """
    anchors = []
    for pattern in patterns:
        required = []
        for spec in pattern:
            if spec.get("OP", "1") not in ("1", "+"):
                continue
            for attr, value in spec.items():
                if str(attr).upper() not in _LITERAL_ATTRS:
                    continue
                if isinstance(value, str):
                    required.append(frozenset({value.lower()}))
                    break
                words = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
                if isinstance(words, list) and all(isinstance(v, str) for v in words):
                    required.append(frozenset(v.lower() for v in words))
                    break
        if not required:
            return None
        anchors.append(tuple(required))
    return tuple(anchors)


def may_match(anchors: tuple[tuple[frozenset[str], ...], ...] | None, words: set[str]) -> bool:
    """Whether a sentence holding `words` (forms and lemmas) can hold a match of some pattern."""
    return anchors is None or any(all(not w.isdisjoint(words) for w in required) for required in anchors)
