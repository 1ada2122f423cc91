"""What the codebook does not see: distinctive terms per group, and candidates for new themes.

Two questions an analyst asks after coding:

* Which words and phrases set one regional group apart from the others?
  `distinctive_terms` answers with the weighted log-odds ratio with an
  informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), which, unlike
  raw frequency differences or tf-idf, neither over-weights rare words nor
  drowns in common ones, and comes with a z-score.
* What do delegations talk about that no theme captures? `codebook_candidates`
  compares the sentences that carry no theme with those that carry one.

Only `counted` sentences (delegations' own substantive speech) enter, and of them
not those the codebook's procedural veto keeps uncoded (`read_by_discovery`: one
definition for both tables). Country
names, demonyms and the courtesies of the floor are left out through
`data/discover-stoplist.txt` plus the names in the country table, because an
analyst wants themes, not "kenya" or "distinguished delegate".

Hyphenated compounds ("start-up", "South-South", "e-commerce") are one term: the
code stage writes them whole into the sentences table's lemmas and noun phrases
(`analysis.coding.compounds`); "start" alone would say nothing true about a group.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import catalogue, config, countries
from analysis.coding.sentences import counted, theme_lists, vetoes
from analysis.errors import InputError

STOPLIST = config.PACKAGE_DATA / "discover-stoplist.txt"
KINDS = ("word", "phrase")
_COLUMN = {"word": "lemmas", "phrase": "noun_phrases"}

DISTINCTIVE_COLUMNS = catalogue.table("distinctive_terms").column_names()
CANDIDATE_COLUMNS = catalogue.table("codebook_candidates").column_names()
_NUMBER = re.compile(r"[\d.,:/%+\-–]+(?:st|nd|rd|th|s)?")
_LETTER = re.compile(r"[^\W\d_]")
_NAME_SPLIT = re.compile(r"[^\w'’\-]+")
_SPACES = re.compile(r"[ \t]+")


# ---------------------------------------------------------------- stoplist


@dataclass(frozen=True)
class Stoplist:
    """Words dropped on their own and inside phrases; runs of words dropped inside phrases."""

    words: frozenset[str]
    phrases: frozenset[tuple[str, ...]]
    kept_compounds: frozenset[str] = frozenset()

    def drops_token(self, token: str) -> bool:
        """A stopped word, its plural or possessive; a compound ("kenya-based") when any part is stopped,
        unless the stoplist keeps it ("like-minded": "like" goes as the floor's "I would like to")."""
        token = token.replace("’", "'")
        if token.endswith("'s") or token.endswith("s'"):
            token = token[:-2] if token.endswith("'s") else token[:-1]
        if token in self.words or (token.endswith("s") and token[:-1] in self.words):
            return True
        if "-" not in token or token in self.kept_compounds:
            return False
        return any(self.drops_token(part) for part in token.split("-") if part)

    def drops_phrase(self, tokens: tuple[str, ...]) -> bool:
        if any(self.drops_token(t) for t in tokens):
            return True
        n = len(tokens)
        return any(tokens[i:j] in self.phrases for i in range(n) for j in range(i + 2, n + 1))

    def inside_names(self, word: str, text: str) -> bool:
        """Is every use of `word` in `text` inside a stopped phrase ("united" and "nations" in "the
        United Nations", "dennis" in "Dennis Francis")? A word is found by its lemma as the start of a
        word of the text; one not found at all (an irregular form: "women" for "woman") is not."""
        names = _names_holding(self).get(word)
        if names is None:
            return False
        text = _name_text(text)
        uses = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}", text)]
        if not uses:
            return False
        spans = []
        for name in names:
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if (at == 0 or not _WORDCHAR.match(text[at - 1])) and not _WORDCHAR.match(
                    text[end : end + 1]
                ):
                    spans.append((at, end))
                at = text.find(name, at + 1)
        return all(any(a <= i < b for a, b in spans) for i in uses)


_NAME_GAPS = re.compile(r"[^\w'\-]+")  # what may stand between the words of a name in a text
_WORDCHAR = re.compile(r"\w")
# a hyphen a transcript broke at a line end ("Secretary- General"): a gap between two words
_BROKEN_HYPHEN = re.compile(r"(?<=\w)\s*[-‐‑–]\s+(?=\w)|(?<=\w)\s+[-‐‑]\s*(?=\w)")


@lru_cache(maxsize=1024)
def _name_text(text: str) -> str:
    """A sentence as names are looked for in it: lower case, the gaps between words one space, a
    hyphen with a space beside it a gap too (a sentence is looked at once for each of its words that
    may be part of a name)."""
    return _NAME_GAPS.sub(" ", _BROKEN_HYPHEN.sub(" ", text.lower().replace("’", "'")))


@lru_cache(maxsize=4)
def _names_holding(stop: Stoplist) -> dict[str, tuple[str, ...]]:
    """word -> the stopped phrases that hold it (or its plural, or its possessive) as a token, as text
    ("united nations"); the possessive because spaCy's lemma of "People's" in "the People's Republic of
    China" is "people"."""
    holding: dict[str, set[str]] = {}
    for phrase in stop.phrases:
        for token in phrase:
            bare = token[:-2] if token.endswith("'s") else token
            for word in {token, bare, bare[:-1] if bare.endswith("s") else bare}:
                holding.setdefault(word, set()).add(" ".join(phrase))
    return {word: tuple(sorted(names)) for word, names in holding.items()}


def _norm_name(text: str) -> tuple[str, ...]:
    text = text.lower().replace("’", "'")
    return tuple(t for t in _NAME_SPLIT.split(text) if t)


def _country_names() -> list[str]:
    """Every name of every delegation in the country table: English, French and Spanish."""
    table = countries.table()
    return [
        v
        for col in ("name", "variants", "other_languages")
        for value in table[col]
        for v in value.split("|")
        if v.strip()
    ]


def read_stoplist(path=STOPLIST, extra_names=()) -> Stoplist:
    """Parse a stoplist file (format in its header); `!entry` lines are kept whatever else says, and a
    hyphenated `!entry` is kept though a part of it is stopped."""
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    keep: set[tuple[str, ...]] = set()
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the stoplist ({exc.strerror})", path) from None
    entries = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!"):
            keep.add(_norm_name(line[1:]))
        else:
            entries.append(line)
    for entry in [*entries, *extra_names]:
        tokens = _norm_name(entry)
        if not tokens or tokens in keep:
            continue
        if len(tokens) == 1:
            words.add(tokens[0])
        else:
            phrases.add(tokens)
    compounds = {k[0] for k in keep if len(k) == 1 and "-" in k[0]}
    return Stoplist(frozenset(words), frozenset(phrases), frozenset(compounds))


@lru_cache(maxsize=1)
def stoplist() -> Stoplist:
    """The package stoplist plus every name and variant in the country table."""
    return read_stoplist(STOPLIST, _country_names())


_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "first second third fourth fifth sixth seventh eighth ninth tenth".split()
)


# A Roman numeral of i, v and x only ("iii", "xviii": Chapter VII, resolution 2231 (III)); with l, c, d or m
# it would take words ("mix", "civil", "dim" are numerals or nearly)
_ROMAN = re.compile(r"x{0,3}(ix|iv|v?i{0,3})")


def _is_number(token: str) -> bool:
    """Digits ("2030", "76th"), no letters at all, a spelled compound number ("forty-seven") or a
    Roman numeral ("vii")."""
    if "-" in token and all(p in _NUMBER_WORDS for p in token.split("-")):
        return True
    if token and _ROMAN.fullmatch(token):
        return True
    return bool(_NUMBER.fullmatch(token)) or not _LETTER.search(token)


def keep_term(term: str, kind: str, stop: Stoplist | None = None) -> bool:
    """Is `term` worth showing an analyst? Words: 3+ characters, not a number, not stopped.

    Phrases: not stopped as a whole or in any token (a phrase such as "agenda 2063"
    may hold a number, but needs one real word of 3+ characters).
    """
    stop = stop or stoplist()
    if kind == "word":
        return len(term) > 2 and not _is_number(term) and not stop.drops_token(term)
    tokens = tuple(term.split(" "))
    if len(tokens) < 2 or stop.drops_phrase(tokens):
        return False
    return any(len(t) > 2 and not _is_number(t) for t in tokens)


@lru_cache(maxsize=2 * len(KINDS))
def _kept(kind: str, stop: Stoplist) -> dict[str, bool]:
    """term -> keep_term(term, kind, stop), filled as terms come: each distinct term is judged once
    per process (both tables of the themes stage read the same terms)."""
    return {}


# ---------------------------------------------------------------- capitalised plurals

# Plurals that are words of their own, or names, not the plural of the singular the corpus may hold
# ("news" is not "new", "SIDS" and "ECOWAS" are no plural of "sid", "ecowa", the Americas no America);
# and every word in -ics ("electronics" is not "electronic", nor "robotics" "robotic").
_OWN_PLURALS = frozenset(
    "news aids means goods woods species series headquarters customs arrears whereabouts americas sids "
    "ecowas".split()
)


def _singular(term: str) -> str | None:
    """The term with its last word made singular ("member states" -> "member state"), or None."""
    head, _, last = term.rpartition(" ")
    if last in _OWN_PLURALS or len(last) < 4 or not last.endswith("s"):
        return None
    if last.endswith(("ss", "us", "is", "ics")):  # "process", "status", "crisis", "electronics"
        return None
    one = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return f"{head} {one}" if head else one


def fold_plurals(names: list[str], kept: np.ndarray) -> list[str]:
    """Each of `names` as discovery counts it: a kept plural whose singular is also a kept name goes into
    that singular. spaCy leaves a capitalised plural it tags as a proper noun unlemmatised ("Member
    States", "Goals", "Africans", "SDGs") while the same word in lower case is lemmatised: without this
    one term was counted as two ("states" 1,180 and "state" 1,028 uses on the 2022-2023 General Debate)."""
    present = {n for n, k in zip(names, kept, strict=True) if k}
    out = []
    for name, k in zip(names, kept, strict=True):
        one = _singular(name) if k else None
        out.append(one if one in present else name)
    return out


# ---------------------------------------------------------------- counting


def _check(sentences: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in sentences.columns]
    if missing:
        raise InputError(f"sentences table lacks column(s) {', '.join(missing)}")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return kind


def occurrences(sentences: pd.DataFrame, kind: str = "word", read: np.ndarray | None = None) -> pd.DataFrame:
    """One row per kept term in a counted sentence: row (of `counted(sentences)`), group, country, term;
    with `read` (a mask over those rows, `read_by_discovery`), only the rows it keeps.

    Hyphenated compounds are whole terms (`merge_compounds`, when the table has the text). A
    word every use of which in its sentence lies inside a stopped name is left out
    (`Stoplist.inside_names`: "united" in "the United Nations"). A capitalised plural spaCy left
    unlemmatised counts as its singular where the corpus has it (`fold_plurals`: "Member States").
    """
    kind = _kind(kind)
    col = _COLUMN[kind]
    _check(sentences, ("group", "country", col))
    stop = stoplist()
    keep = _kept(kind, stop)
    parents, flat = _counted_terms(sentences, col)
    # one pass over the distinct terms, not over every occurrence: the flattened Arrow lists encoded in
    # Arrow, only the distinct terms made Python strings (a missing term coded -1, as pandas factorizes)
    encoded = pc.dictionary_encode(flat)
    codes = encoded.indices.fill_null(-1).to_numpy().astype(np.intp)
    names = [_SPACES.sub(" ", str(u).lower()).strip() for u in encoded.dictionary.to_pylist()]
    for term in names:
        if term and term not in keep:
            keep[term] = keep_term(term, kind, stop)
    ok = np.array([bool(t) and keep[t] for t in names], dtype=bool)
    chosen = ok[codes] if len(codes) else np.zeros(0, dtype=bool)
    at, term = parents[chosen].astype("int64"), codes[chosen]
    rows = np.flatnonzero(sentences["counted"].to_numpy(dtype=bool))  # a counted row's place in the table
    # a word said only inside a name is the name's
    if kind == "word" and "text" in sentences.columns and len(term):
        inside = _names_holding(stop)
        maybe = np.flatnonzero(np.array([t in inside for t in names], dtype=bool)[term])
        # each sentence's text made a Python string once, not once for each of its words that may be a name's
        # (the ten General Debate years' "united", "nations", ...: 70 MB of copies at once)
        once, which = np.unique(at[maybe], return_inverse=True)
        texts = sentences["text"].iloc[rows[once]].astype(str).tolist()
        named = [i for i, t in zip(maybe, which, strict=True) if stop.inside_names(names[term[i]], texts[t])]
        if named:
            at, term = np.delete(at, named), np.delete(term, named)
    if read is not None and len(at):
        at, term = at[read[at]], term[read[at]]
    # in Arrow to the end: a Python string per occurrence (1.8 million over ten General Debate years) was
    # most of the stage's memory; as large strings, pandas' own string type, which takes them without a copy
    return pa.table(
        {
            "row": pa.array(at, pa.int64()),
            "group": pa.array(sentences["group"].iloc[rows].astype(str), pa.large_string()).take(at),
            "country": pa.array(
                sentences["country"].iloc[rows].fillna("").astype(str), pa.large_string()
            ).take(at),
            "term": pa.array(fold_plurals(names, ok), pa.large_string()).take(term),
        }
    ).to_pandas()


def _counted_terms(sentences: pd.DataFrame, col: str) -> tuple[np.ndarray, pa.Array]:
    """(the row in `counted(sentences)` of each term, the terms) of the counted sentences' lists in `col`,
    read where they lie: copying the counted rows' lists first, as `counted` would, cost 110 MB at once
    over ten General Debate years (the lemmas are most of the sentences table)."""
    is_counted = sentences["counted"].to_numpy(dtype=bool)
    place = np.cumsum(is_counted) - 1
    lists = pa.array(sentences[col].astype(pd.ArrowDtype(pa.list_(pa.string()))).array)
    parents, flats, start = [], [], 0
    for chunk in lists.chunks if isinstance(lists, pa.ChunkedArray) else [lists]:
        of = pc.list_parent_indices(chunk).to_numpy().astype(np.intp) + start
        mine = is_counted[of]
        parents.append(place[of[mine]])
        flats.append(chunk.flatten().filter(pa.array(mine)))
        start += len(chunk)
    if not flats:
        return np.zeros(0, dtype=np.intp), pa.array([], pa.string())
    return np.concatenate(parents), pa.concat_arrays(flats)


def read_by_discovery(rows: pd.DataFrame) -> np.ndarray:
    """Which of the counted sentences `rows` (`counted(sentences)`) both discovery tables read: all but
    those the codebook's procedural veto keeps uncoded (`vetoed_by`: congratulations on an election, the
    debate's theme quoted). Their words are neither a group's own vocabulary nor a theme the codebook
    misses. A vetoed sentence people coded (an override) is read like any other."""
    vetoed = np.array([bool(v) for v in vetoes(rows)], dtype=bool)
    if not vetoed.any():
        return np.ones(len(rows), dtype=bool)
    _check(rows, ("themes",))
    return ~(vetoed & _uncoded(rows))


def _occurrences(
    sentences: pd.DataFrame, kind: str, found: dict[str, pd.DataFrame] | None, read: np.ndarray
) -> pd.DataFrame:
    """The `occurrences` of `kind` in the sentences discovery reads (`read`: `read_by_discovery`)."""
    occ = found[kind] if found is not None and kind in found else occurrences(sentences, kind)
    if read.all() or occ.empty:
        return occ
    keep = read[occ["row"].to_numpy()]
    return occ if keep.all() else occ[keep]  # `found` already read (`read_occurrences`): no copy


def read_occurrences(sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The `occurrences` of every kind in the sentences discovery reads, for both discovery tables (their
    `found`): filtered once here, neither table holds a filtered copy of them (1.7 million words over ten
    General Debate years)."""
    read = read_by_discovery(counted(sentences, ("themes", "vetoed_by")))
    return {kind: occurrences(sentences, kind, read) for kind in KINDS}


def term_counts(sentences: pd.DataFrame, kind: str = "word", by: str = "group") -> pd.DataFrame:
    """`by` (group, or country) x term counts over the counted sentences discovery reads
    (`read_by_discovery`), filtered as `keep_term` says.

    Rows follow the house group order (or sorted labels), columns are sorted terms.
    """
    occ = _occurrences(sentences, kind, None, read_by_discovery(counted(sentences)))
    if by not in ("group", "country"):
        raise ValueError(f"by must be 'group' or 'country', not {by!r}")
    table = occ.groupby([by, "term"]).size().unstack(fill_value=0)
    order = config.group_order(table.index) if by == "group" else sorted(table.index)
    table = table.reindex(index=order, columns=sorted(table.columns), fill_value=0)
    table.index.name, table.columns.name = by, "term"
    return table.astype("int64")


# ---------------------------------------------------------------- statistics


def dirichlet_prior(total_counts: pd.Series, strength: float) -> pd.Series:
    """Informative prior: alpha_w = strength * y_w / n, the corpus rates scaled to alpha_0 = strength."""
    total_counts = total_counts.astype(float)
    n = total_counts.sum()
    if n <= 0 or strength <= 0:
        raise ValueError("the prior needs positive counts and a positive strength")
    return total_counts * (float(strength) / n)


def log_odds_dirichlet(counts_a: pd.Series, counts_b: pd.Series, prior) -> pd.DataFrame:
    """Weighted log-odds ratio of each term in a vs b, with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and
    Evaluation for Identifying the Content of Political Conflict", Political Analysis
    16(4), eqs. 16-22:

        delta_w = log((y_aw + a_w) / (n_a + a_0 - y_aw - a_w))
                - log((y_bw + a_w) / (n_b + a_0 - y_bw - a_w))
        var(delta_w) ~= 1 / (y_aw + a_w) + 1 / (y_bw + a_w)
        z_w = delta_w / sqrt(var(delta_w))

    `prior` is a Series of a_w by term (a_0 is its sum over the vocabulary) or one
    positive number for a flat prior. The vocabulary is the union of the three
    indexes. Positive z: the term leans to a. Returns count_a, count_b, alpha,
    log_odds, variance, z by term (sorted).
    """
    counts_a = pd.Series(counts_a, dtype=float)
    counts_b = pd.Series(counts_b, dtype=float)
    terms = counts_a.index.union(counts_b.index)
    if isinstance(prior, pd.Series):
        terms = terms.union(prior.index)
        alpha = prior.astype(float).reindex(terms)
    else:
        alpha = pd.Series(float(prior), index=terms)
    terms = pd.Index(sorted(terms), name="term")
    alpha = alpha.reindex(terms)
    if alpha.isna().any() or (alpha <= 0).any():
        raise ValueError("the prior must give every term a positive pseudo-count")
    ya = counts_a.reindex(terms, fill_value=0.0)
    yb = counts_b.reindex(terms, fill_value=0.0)
    if (ya < 0).any() or (yb < 0).any():
        raise ValueError("counts must not be negative")
    delta, var = _log_odds(ya, ya.sum(), yb, yb.sum(), alpha, alpha.sum())
    return pd.DataFrame(
        {
            "count_a": ya,
            "count_b": yb,
            "alpha": alpha,
            "log_odds": delta,
            "variance": var,
            "z": delta / np.sqrt(var),
        },
        index=terms,
    )


def _log_odds(ya, na, yb, nb, alpha, a0):
    """Monroe et al.'s delta and its variance; `na`, `nb` may differ by term (a delegation left out)."""
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha))
    return delta, 1.0 / (ya + alpha) + 1.0 / (yb + alpha)


# ---------------------------------------------------------------- distinctive terms


def _without_top(occ: pd.DataFrame, group: str, res: pd.DataFrame, rest: pd.Series, total: pd.Series, a0):
    """Per term of `res` (a group's log-odds against the rest): the group's delegation that used it
    most (ties by code) and the z with that delegation left out of the group (its uses of the term
    and all its words) and out of the corpus the prior's rates come from (same strength `a0`); the
    rest unchanged. Kept in the prior, a heavy user's uses raise the term's prior rate, and the group,
    smaller than the rest, is pulled up to it more: its other delegations looked distinctive when
    they said the term as often as the rest."""
    mine = occ[occ["group"] == group]
    tokens = mine.groupby("country").size()
    uses = mine.groupby(["term", "country"]).size().rename("uses").reset_index()
    top = uses.sort_values(["term", "uses", "country"], ascending=[True, False, True], kind="stable")
    top = top.drop_duplicates("term").set_index("term").reindex(res.index)
    top_uses = top["uses"].fillna(0.0)
    top_tokens = pd.to_numeric(top["country"].map(tokens), errors="coerce").fillna(0.0)
    na = float(tokens.sum()) - top_tokens
    # the prior without the delegation; a term no one else used keeps a vanishing pseudo-count (z ~ 0)
    alpha = (a0 * (total.reindex(res.index) - top_uses) / (float(total.sum()) - top_tokens)).clip(lower=1e-9)
    delta, var = _log_odds(
        res["count_a"] - top_uses, na, rest.reindex(res.index), float(rest.sum()), alpha, a0
    )
    return top["country"], delta / np.sqrt(var)


def distinctive_terms(
    sentences: pd.DataFrame,
    top: int = 25,
    min_count: int = 5,
    prior_strength: float | None = None,
    min_z: float = 1.96,
    min_delegation_share: float = 0.25,
    found: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """For each group against all others, its `top` words and phrases by z, z >= `min_z`.

    The z treats every use as independent, but words come in delegations: one that
    repeats a word (Russia's "west", Malta's "feel" in 2023) can carry a group's z
    alone. So in a group of 3 or more delegations a term is also kept only if its z
    stays >= `min_z` with its top delegation left out of the group (`z_without_top`).
    Even so the z is a screen over thousands of terms, not a test: with delegations
    dealt to groups at random some terms still pass (docs/statistics.md).

    Prior: alpha_w = alpha_0 * (corpus count of w) / (corpus size), with alpha_0 =
    `prior_strength`, by default the mean number of kept tokens per group: the
    prior weighs as much as one average group's speech, so a term needs real
    usage to move away from the corpus rate.
    Filters: at least `min_count` uses in the group, and, in a group of 3 or more
    delegations, uses by at least 2 of them and by at least `min_delegation_share`
    of them (rounded up): 2 of 3-8 delegations, 3 of 9-12, 4 of 13-16, 10 of 40.
    One delegation's pet phrase says little about a group, and neither do two
    delegations' in a group of ten; a fixed 2 would let a term shared by 2 of 40
    speakers stand for the group. (`delegations_needed` says the number.)
    Sorted by group (house order), kind, rank; ties in z are broken by term.
    The sentences read are the codebook candidates' (`read_by_discovery`).
    `found`: `occurrences` of `sentences` by kind, when the caller has them already.
    """
    frames = []
    rows = counted(sentences, ("group", "country", "themes", "vetoed_by"))
    read = read_by_discovery(rows)
    rows = rows[read]
    n_dels_group = rows.groupby(rows["group"].astype(str))["country"].nunique()
    for kind in KINDS:
        occ = _occurrences(sentences, kind, found, read)
        if occ.empty or occ["group"].nunique() < 2:
            continue
        counts = occ.groupby(["group", "term"]).size().unstack(fill_value=0)
        total = counts.sum(axis=0)
        strength = prior_strength if prior_strength is not None else float(counts.sum(axis=1).mean())
        prior = dirichlet_prior(total, strength)
        n_dels_term = occ.groupby(["group", "term"])["country"].nunique()
        for group in config.group_order(counts.index):
            rest = total - counts.loc[group]
            res = log_odds_dirichlet(counts.loc[group], rest, prior)
            res["n_delegations"] = n_dels_term.loc[group].reindex(res.index, fill_value=0)
            n_dels = int(n_dels_group.get(group, 0))
            need = delegations_needed(n_dels, min_delegation_share)
            res = res[(res["count_a"] >= min_count) & (res["z"] >= min_z) & (res["n_delegations"] >= need)]
            res["top_delegation"], res["z_without_top"] = _without_top(occ, group, res, rest, total, strength)
            if n_dels >= 3:  # a group of one or two delegations is flagged thin instead
                res = res[res["z_without_top"] >= min_z]
            res = (
                res.reset_index().sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top)
            )
            frames.append(
                pd.DataFrame(
                    {
                        "group": group,
                        "kind": kind,
                        "term": res["term"].to_numpy(),
                        "rank": np.arange(1, len(res) + 1),
                        "count": res["count_a"].astype("int64").to_numpy(),
                        "count_rest": res["count_b"].astype("int64").to_numpy(),
                        "log_odds": res["log_odds"].to_numpy(),
                        "z": res["z"].to_numpy(),
                        "n_delegations": res["n_delegations"].astype("int64").to_numpy(),
                        "top_delegation": res["top_delegation"].to_numpy(),
                        "z_without_top": res["z_without_top"].to_numpy(),
                    }
                )
            )
    if not frames:
        return catalogue.empty("distinctive_terms")
    out = pd.concat(frames, ignore_index=True)
    return _sort_groups(out, ["kind", "rank"])[DISTINCTIVE_COLUMNS]


def delegations_needed(n_delegations: int, share: float = 0.25) -> int:
    """How many of a group's `n_delegations` (with counted speech) must use a term for it to count as
    the group's: 1 in a group of 1 or 2, else at least 2 and at least `share` of them, rounded up."""
    if n_delegations < 3:
        return 1
    return max(2, math.ceil(share * n_delegations - 1e-9))


def _sort_groups(df: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(config.group_order(df["group"].unique()))}
    kind_order = {k: i for i, k in enumerate(KINDS)}
    key = df.assign(_g=df["group"].map(order), _k=df["kind"].map(kind_order))
    return (
        key.sort_values(["_g", "_k", *[c for c in then if c != "kind"]], kind="stable")
        .drop(columns=["_g", "_k"])
        .reset_index(drop=True)
    )


# ---------------------------------------------------------------- codebook candidates


def _uncoded(rows: pd.DataFrame) -> np.ndarray:
    return np.array([len(t) == 0 for t in theme_lists(rows)], dtype=bool)


def codebook_candidates(
    sentences: pd.DataFrame,
    top: int = 50,
    min_count: int = 5,
    min_delegations: int = 3,
    min_groups: int = 2,
    prior_strength: float | None = None,
    found: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Words and phrases that delegations use in sentences the codebook leaves uncoded.

    Sentences the codebook leaves uncoded on purpose (`vetoed_by`: congratulations
    on an election, the debate's theme quoted) are on neither side: their words are
    no theme the codebook misses (`read_by_discovery`, as for distinctive terms).
    For each kind, sentence frequencies (a term
    counts once per sentence) in uncoded vs coded counted sentences go through `log_odds_dirichlet` (prior:
    corpus rates scaled to alpha_0 = the mean of the two sides' sizes, or
    `prior_strength`). Kept: at least `min_count` uncoded sentences, positive z,
    uncoded use by at least `min_delegations` delegations and `min_groups` groups
    (each capped at what the data has). The top `top` of each kind by z
    (ties by term), phrases first, with one uncoded example sentence: the
    shortest of 12-40 words (else the shortest), ties by session, turn, sentence.
    `found`: `occurrences` of `sentences` by kind, when the caller has them already.
    """
    example = ("text", "source", "session_id", "turn", "sentence", "n_words")
    _check(sentences, ("themes", *example))
    # the texts and sources of the chosen examples only are read (`_examples`): not copied with every row
    rows = counted(sentences, ("group", "country", "themes", "vetoed_by", *example[2:]))
    uncoded = _uncoded(rows)
    read = read_by_discovery(rows)
    n_groups_all = rows.loc[read, "group"].nunique()
    n_dels_all = rows.loc[read, "country"].nunique()
    need_groups = min(min_groups, n_groups_all)
    need_dels = min(min_delegations, n_dels_all)
    frames = []
    for kind in ("phrase", "word"):
        occ = found[kind] if found is not None and kind in found else occurrences(sentences, kind)
        if occ.empty or uncoded.all() or not (uncoded & read).any():
            continue
        # a term once per sentence read (`once`), each side taken from the occurrences by mask: a filtered
        # copy of all of them first held one more copy of every column (1.7 million rows over ten General
        # Debate years) beside the uncoded side's
        at = occ["row"].to_numpy()
        once = read[at] & ~occ.duplicated(["row", "term"]).to_numpy()
        if not once.any():
            continue
        unc = uncoded[at]
        unc_occ = occ[once & unc]  # one copy of the uncoded side's occurrences; of the rest only the terms
        terms = occ["term"][once]
        coded_terms = terms[~unc[once]]
        n_unc = unc_occ.groupby("term").size()
        n_cod = coded_terms.groupby(coded_terms).size()
        total = terms.groupby(terms).size()
        del terms, coded_terms  # counted: let go before the uncoded side's groupings
        strength = prior_strength if prior_strength is not None else float(total.sum()) / 2.0
        res = log_odds_dirichlet(n_unc, n_cod, dirichlet_prior(total, strength))
        res["n_delegations"] = unc_occ.groupby("term")["country"].nunique().reindex(res.index, fill_value=0)
        res["n_groups"] = unc_occ.groupby("term")["group"].nunique().reindex(res.index, fill_value=0)
        res = res[
            (res["count_a"] >= min_count)
            & (res["z"] > 0)
            & (res["n_delegations"] >= need_dels)
            & (res["n_groups"] >= need_groups)
        ]
        res = res.reset_index().sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top)
        examples = _examples(sentences, rows, unc_occ[unc_occ["term"].isin(res["term"])])
        frames.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "rank": np.arange(1, len(res) + 1),
                    "term": res["term"].to_numpy(),
                    "n_uncoded": res["count_a"].astype("int64").to_numpy(),
                    "n_coded": res["count_b"].astype("int64").to_numpy(),
                    "n_delegations": res["n_delegations"].astype("int64").to_numpy(),
                    "n_groups": res["n_groups"].astype("int64").to_numpy(),
                    "log_odds": res["log_odds"].to_numpy(),
                    "z": res["z"].to_numpy(),
                    "example": res["term"].map(examples["text"]).to_numpy(),
                    "example_source": res["term"].map(examples["source"]).to_numpy(),
                }
            )
        )
    if not frames:
        return catalogue.empty("codebook_candidates")
    return pd.concat(frames, ignore_index=True)[CANDIDATE_COLUMNS]


def _examples(sentences: pd.DataFrame, rows: pd.DataFrame, occ: pd.DataFrame) -> pd.DataFrame:
    """One example sentence per term: the shortest readable one, deterministically (`rows`: the counted
    `sentences` without their texts and sources)."""
    # only the columns that rank the candidates, for every occurrence; the text only of the chosen ones
    info = rows[["n_words", "session_id", "turn", "sentence"]].iloc[occ["row"].to_numpy()]
    n_words = pd.to_numeric(info["n_words"], errors="coerce").fillna(0).to_numpy()
    cand = pd.DataFrame(
        {
            "term": occ["term"].to_numpy(),
            "outside": ~((n_words >= 12) & (n_words <= 40)),
            "n_words": n_words,
            "session_id": info["session_id"].astype(str).to_numpy(),
            "turn": pd.to_numeric(info["turn"], errors="coerce").fillna(-1).to_numpy(),
            "sentence": pd.to_numeric(info["sentence"], errors="coerce").fillna(-1).to_numpy(),
            "row": occ["row"].to_numpy(),
        }
    )
    cand = cand.sort_values(["term", "outside", "n_words", "session_id", "turn", "sentence"], kind="stable")
    cand = cand.drop_duplicates("term")
    best = np.flatnonzero(sentences["counted"].to_numpy(dtype=bool))[cand["row"].to_numpy()]
    cand["text"] = sentences["text"].iloc[best].astype(str).to_numpy()  # of the chosen sentences only
    cand["source"] = sentences["source"].iloc[best].fillna("").astype(str).to_numpy()
    return cand.set_index("term")[["text", "source"]]
