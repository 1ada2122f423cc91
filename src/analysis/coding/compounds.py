"""Hyphenated compounds as one term: "start-up", "South-South", "e-commerce".

spaCy splits "start-ups" into start, -, ups, so a sentence's content lemmas hold "start" and "up" and
a noun phrase stops at the hyphen. The code stage mends both from the sentence text (`mend`), once,
before the sentences table is written: discovery then counts "start-up", never "start".
"""

from __future__ import annotations

import re
from collections import Counter

_SPACES = re.compile(r"[ \t]+")
_HYPHENS = "\\-\u2010\u2011"  # (for a character class) hyphen-minus, hyphen, non-breaking hyphen
# A hyphenated compound: letters-hyphen-letters with no space ("start-ups", "e-commerce"), else a word.
_UNIT = re.compile(rf"(?<![\w{_HYPHENS}])[^\W\d_]+(?:[{_HYPHENS}][^\W\d_]+)+(?![\w{_HYPHENS}])|[^\W_]+")
_HAS_COMPOUND = re.compile(rf"[^\W\d_][{_HYPHENS}][^\W\d_]")


def mend(text: str, lemmas: list[str], phrases: list[str]) -> tuple[list[str], list[str]]:
    """`merge_compounds` where the text has a compound; otherwise the lists as they are (the common case)."""
    if not _HAS_COMPOUND.search(text):
        return lemmas, phrases
    return merge_compounds(text, lemmas, phrases)


def _plural_of(lemma: str, form: str) -> bool:
    return form in (lemma + "s", lemma + "es") or (form.endswith("ies") and lemma == form[:-3] + "y")


def _inflects(lemma: str, form: str) -> bool:
    """Could `lemma` be the lemma of the word `form`? (the same, a plural, a past tense)"""
    return form == lemma or _plural_of(lemma, form) or form in (lemma + "d", lemma + "ed")


def _forms(lemma: str) -> set[str]:
    """Every word `_inflects` allows for `lemma`: looked up, not tried one by one."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed"}
    return forms | {lemma[:-1] + "ies"} if lemma.endswith("y") else forms


def _lemmas_of(form: str) -> set[str]:
    """The lemmas `_inflects` could pair with `form` (a superset: check with `_inflects`)."""
    return {form, form[:-1], form[:-2], form[:-3] + "y"}


def _near(lemma: str, form: str) -> bool:
    """Looser, to find a noun phrase's lemmas in the text: also a shared stem ("centre"/"centred")."""
    return _inflects(lemma, form) or (len(lemma) >= 4 and form.startswith(lemma[:-1]))


def _units(text: str) -> list[tuple[str, ...]]:
    """The text's words in order, lower case; a hyphenated compound is one unit of its parts."""
    return [tuple(re.split(f"[{_HYPHENS}]", m.group().lower())) for m in _UNIT.finditer(text)]


def _compound_name(parts: tuple[str, ...], lemmas: list[str]) -> str:
    """ "start-ups" -> "start-up" when the sentence's lemmas hold "up" as the lemma of "ups"."""
    last = parts[-1]
    singular = sorted(lem for lem in set(lemmas) if _plural_of(lem, last))
    return "-".join((*parts[:-1], singular[0] if singular else last))


def merge_compounds(text: str, lemmas: list[str], phrases: list[str]) -> tuple[list[str], list[str]]:
    """A sentence's content lemmas and noun phrases with its hyphenated compounds made whole.

    spaCy splits "start-ups" into start, -, ups: the lemmas hold "start" and "up", and a
    noun phrase stops at the hyphen ("technology start-ups" gives "technology start",
    "cross-border e-commerce" gives "border e"). Working from the sentence text:

    * words: each compound's parts are taken out of the lemmas (one lemma per part, and
      only as many as the sentence's free-standing words leave over) and the compound,
      lower case with a plural last part made singular, goes in, when at least one part
      was a content word (spaCy's judgement, through the lemmas);
    * phrases: a phrase found in the text that begins or ends inside a compound is
      widened to the whole compound ("technology start-up", "cross-border e-commerce"),
      keeping its last 4 words as the extraction does; a phrase not found stays as it is.

    Deterministic, and a sentence without a compound comes back unchanged.
    """
    lemmas, phrases = list(lemmas), list(phrases)
    units = _units(text)
    compounds = [u for u in units if len(u) > 1]
    if not compounds:
        return lemmas, phrases
    names = {u: _compound_name(u, lemmas) for u in compounds}
    # a lemma may be taken for a compound's part only as often as free-standing words leave over
    alone = Counter(u[0] for u in units if len(u) == 1)
    spare = Counter(lemmas)
    for lem in spare:
        spare[lem] -= sum(alone[form] for form in _forms(lem))
    words = list(lemmas)
    for parts in compounds:
        took = False
        for part in parts:
            fits = sorted(lem for lem in _lemmas_of(part) if spare[lem] > 0 and _inflects(lem, part))
            if fits:
                lem = part if part in fits else fits[0]
                spare[lem] -= 1
                words.remove(lem)
                took = True
        if took:
            words.append(names[parts])
    # phrases: the text as a stream of parts, each knowing its unit and place in it
    stream = [(part, i, j) for i, u in enumerate(units) for j, part in enumerate(u)]
    out: list[tuple[list[int], list[str]]] = []  # per phrase: its units in the text (if widened), words
    cursor = 0
    for phrase in phrases:
        tokens = _SPACES.sub(" ", phrase.lower()).strip().split(" ")
        n = len(tokens)
        starts = [*range(cursor, len(stream) - n + 1), *range(0, min(cursor, len(stream) - n + 1))]
        at = next((s for s in starts if all(_near(t, stream[s + k][0]) for k, t in enumerate(tokens))), None)
        if at is None or not tokens[0]:
            out.append(([], [phrase]))
            continue
        cursor = at + n
        a, b = at - stream[at][2], at + n - 1
        b += len(units[stream[b][1]]) - 1 - stream[b][2]
        if (a, b) == (at, at + n - 1):
            out.append(([], [phrase]))
            continue
        ids, widened = [], []
        for s in range(a, b + 1):
            i = stream[s][1]
            if len(units[i]) == 1:
                ids.append(i)
                widened.append(tokens[s - at])
            elif not ids or ids[-1] != i:
                ids.append(i)
                widened.append(names[units[i]])
        if out and out[-1][0] and out[-1][0][-1] == ids[0]:
            # "most water-" + "-scarce country": two pieces of one phrase the hyphen cut apart
            before_ids, before = out.pop()
            ids, widened = before_ids + ids[1:], before + widened[1:]
        out.append((ids, widened))
    return words, [" ".join(w[-4:]) for _, w in out]
