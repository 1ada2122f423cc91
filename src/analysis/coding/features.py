"""Per-sentence features from a parsed Doc: one vectorised read of its tokens, then lemmas,
noun phrases and word counts for discovery and the sentences table.

`token_rows` reads every attribute the coder needs with one `Doc.to_array`
and looks each distinct string up once, instead of a Token object per
attribute access; everything else works from those tuples.
"""

from __future__ import annotations

import re

from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LOWER, POS

from analysis.coding import nlp as nlp_mod

NOUN_POS = {"NOUN", "PROPN"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV"}

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


# Plurals whose lemma reads wrongly to an analyst: spaCy gives "datum" for "data" and "medium" for
# "media". Only the plural is mended: "medium" itself ("small and medium enterprises") stays.
READABLE_LEMMA = {"datum": "data", "medium": "media"}
# A code of letters and digits, written in capitals, is a term of its own: "4IR", "G20", "5G", "CO2"
# (spaCy tags "4IR" as a number and splits "5G" into "5" and "G", so "g network" was a phrase and the
# 4IR no term at all). Units and times ("5bn", "10am"), ordinals and decades ("21st", "1990s") are not.
_CODE = re.compile(r"(?!\d+(?:st|nd|rd|th|s)$)(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{2,6}")


def _readable(lemma: str, low: str) -> str:
    return low if READABLE_LEMMA.get(lemma) == low else lemma


def term_rows(sent, rows: list[tuple] | None = None) -> list[tuple]:
    """`token_rows` for discovery: a number glued to the capitals after it ("5" "G", no space between)
    is one token, and a code of capitals and digits ("4ir", "5g", "g20") counts as a proper noun.
    Only a token with a digit, or a short word right after one, is looked at twice."""
    rows = token_rows(sent) if rows is None else rows
    doc = getattr(sent, "doc", sent)
    out: list[tuple] = []
    for r in rows:
        prev = out[-1] if out else None
        if (
            prev is not None and prev[1].isdigit() and len(prev[1]) <= 2 and r[4] and len(r[1]) <= 3
            and _CODE.fullmatch(prev[1] + r[1]) and prev[0] + 1 == r[0]
            and not doc[prev[0]].whitespace_ and doc[r[0]].text.isupper()
        ):  # fmt: skip
            out[-1] = (prev[0], prev[1] + r[1], prev[1] + r[1], "PROPN", True, False, False)  # "5" + "G"
        elif _CODE.fullmatch(r[1]) and not any(c.islower() for c in doc[r[0]].text):  # not "5bn", "10am"
            out.append((r[0], r[1], r[1], "PROPN", True, False, False))
        else:
            out.append(r)
    return out


def _is_year_name(text: str) -> bool:
    """A four-digit number that names an agenda ("Agenda 2063", "the 2030 Agenda")."""
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def _rows(sent, rows: list[tuple] | None) -> list[tuple]:
    return term_rows(sent) if rows is None else rows


def noun_phrases(sent, rows: list[tuple] | None = None) -> list[str]:
    """Lemmatised noun phrases by POS (no parser): ADJ* (NOUN|PROPN)+ runs, last 2-4 tokens.

    Four-digit years count as nouns inside a run, so "Agenda 2063" and "2030 Agenda" survive.
    `rows` (from `term_rows`) spares re-reading the tokens.
    """
    phrases: list[str] = []
    run: list[tuple] = []

    def flush():
        if any(r[3] in NOUN_POS for r in run):
            words = run[-4:]
            if len(words) >= 2:
                phrases.append(" ".join(_readable(r[2], r[1]) for r in words))
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
        _readable(r[2], r[1])
        for r in _rows(sent, rows)
        if r[4] and not r[5] and (not r[3] or r[3] in CONTENT_POS)
    ]


def n_words(rows: list[tuple]) -> int:
    return sum(1 for r in rows if not r[6])
