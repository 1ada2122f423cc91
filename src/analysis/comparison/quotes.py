"""Representative quotes: for each group and theme, the sentences that show best what was said.

A quote table lets a reader check a prevalence bar against the words behind it,
so the sentences must be clear examples, readable on their own, and not all
from one talkative delegation.

Scoring of a counted sentence carrying theme t (higher is better):

    score = evidence terms for t  -  other themes  -  length penalty  -  fragment penalty

* evidence terms: distinct words the matcher cited for t (the `evidence` table);
  more of them means the sentence is more plainly about t;
* other themes: each one makes the sentence less focused on t;
* length penalty: 0 for 15-60 words, 1 for 10-14 or 61-80 words, 3 otherwise
  (fragments and run-on sentences read badly in a report);
* fragment penalty: 2 when the sentence starts in lower case (a caption or a wrapped line cut
  it mid-sentence: it does not read as a quote).

Ties go to fewer other themes, then the length nearest 30 words, then session,
turn and sentence order, so the ranking is the same on every run. The ranked
list is then reordered so that each delegation's best sentence comes first
(in score order) and its further sentences after all delegations' best: the
top k quotes come from k different delegations whenever k delegations spoke
to the theme. Sentences with the same text (repeated statements) count once.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import catalogue, config, countries
from analysis.coding.sentences import counted, evidence_words, theme_lists
from analysis.coding.sheets import normalise_text
from analysis.errors import InputError

QUOTE_COLUMNS = catalogue.table("quotes").column_names()
_REQUIRED = ("sentence_id", "group", "country", "speaker", "counted", "text", "n_words", "themes", "source",
             "session_id", "turn", "sentence", "start", "end")  # fmt: skip
_FRAGMENT = re.compile(r"^[^\w]*[a-z]")  # starts in lower case: cut mid-sentence
FRAGMENT_PENALTY = 2


def locator(source: str, start: int, end: int) -> str:
    """Where a quote is: its turn's source and the sentence's characters in the turn's cleaned text."""
    return f"{source or '?'}, characters {int(start)}-{int(end)}"


def length_penalty(n_words: int) -> int:
    if 15 <= n_words <= 60:
        return 0
    if 10 <= n_words <= 80:
        return 1
    return 3


def _theme_labels() -> dict[str, tuple[str, str]]:
    """Theme id -> (label, short label), in codebook order, as every table names its themes."""
    try:
        from analysis.coding import codebook

        return codebook.names()
    except (ImportError, InputError):
        return {}


def _delegation_names() -> dict[str, str]:
    table = countries.table()
    return dict(zip(table["iso3"], table["name"], strict=True))


def _check(sentences: pd.DataFrame) -> None:
    missing = [c for c in _REQUIRED if c not in sentences.columns]
    if missing:
        raise InputError(f"sentences table lacks column(s) {', '.join(missing)}")


def _rank(
    rows: pd.DataFrame, words: dict, names: dict[str, str], labels: dict[str, tuple[str, str]]
) -> pd.DataFrame:
    """Score and rank candidate quotes, one row per (sentence, theme) in `rows["_theme"]`.

    All cells at once: one scoring pass and one sort over the exploded table,
    then each cell is spread over delegations (their best sentences first).
    """
    if rows.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    theme = rows["_theme"].astype(str)
    cited = [words.get(key, []) for key in zip(rows["sentence_id"], theme, strict=True)]
    n_words = pd.to_numeric(rows["n_words"], errors="coerce").fillna(0).astype("int64")
    n_evidence = pd.Series([len(c) for c in cited], index=rows.index)
    n_other = rows["_themes"].map(lambda ts: len(set(ts))) - 1
    fragment = rows["text"].astype(str).str.match(_FRAGMENT).astype("int64") * FRAGMENT_PENALTY
    score = n_evidence - n_other - n_words.map(length_penalty) - fragment
    country = rows["country"].fillna("").astype(str)
    groups = rows["group"].astype(str)
    group_rank = {g: i for i, g in enumerate(config.group_order(groups.unique()))}
    theme_rank = {t: i for i, t in enumerate(_theme_order(theme.unique()))}
    cand = pd.DataFrame(
        {
            "group": groups,
            "theme": theme,
            "theme_label": theme.map(lambda t: labels.get(t, (t, t))[0]),
            "theme_short": theme.map(lambda t: labels.get(t, (t, t))[1]),
            "country": country,
            "delegation": country.map(lambda c: names.get(c, c)),
            "speaker": rows["speaker"].fillna("").astype(str),
            "text": rows["text"].astype(str),
            "evidence": cited,
            "source": rows["source"].fillna("").astype(str),
            "locator": [
                locator(s, a, b) for s, a, b in zip(rows["source"], rows["start"], rows["end"], strict=True)
            ],
            "sentence_id": rows["sentence_id"].astype(str),
            "session_id": rows["session_id"].astype(str),
            "turn": pd.to_numeric(rows["turn"], errors="coerce").fillna(-1).astype("int64"),
            "sentence": pd.to_numeric(rows["sentence"], errors="coerce").fillna(-1).astype("int64"),
            "n_words": n_words,
            "score": score.astype("int64"),
            "_g": groups.map(group_rank),
            "_t": theme.map(theme_rank),
            "_other": n_other,
            "_dist": (n_words - 30).abs(),
            "_key": rows["text"].astype(str).map(normalise_text),
        }
    )
    cell = ["_g", "_t"]
    cand = cand.sort_values(
        [*cell, "score", "_other", "_dist", "session_id", "turn", "sentence"],
        ascending=[True, True, False, True, True, True, True, True],
        kind="stable",
    )
    cand = cand.drop_duplicates([*cell, "_key"])
    cand["_order"] = range(len(cand))
    cand["_again"] = cand.duplicated([*cell, "country"])  # a delegation's second-best and later
    cand = cand.sort_values([*cell, "_again", "_order"], kind="stable")
    cand["rank"] = cand.groupby(cell, sort=False).cumcount() + 1
    return cand[QUOTE_COLUMNS].reset_index(drop=True)


def _cell_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    _check(sentences)
    rows = counted(sentences, _REQUIRED)
    return rows.assign(_themes=theme_lists(rows))


def _theme_order(present) -> list[str]:
    known = list(_theme_labels())
    present = set(present)
    return [t for t in known if t in present] + sorted(present - set(known))


def quotes_for(
    sentences: pd.DataFrame, evidence: pd.DataFrame, group: str, theme: str, n: int | None = 10
) -> pd.DataFrame:
    """The ranked candidate quotes of one group (its house or short name: "GRULAC") and theme (all of them
    when `n` is None)."""
    labels = _theme_labels()
    rows = _cell_rows(sentences)
    known = set(labels) | {t for ts in rows["_themes"] for t in ts}
    if theme not in known:
        raise InputError(f"unknown theme {theme!r}; known: {', '.join(_theme_order(known))}")
    group = config.house_group(group)
    groups = config.group_order({*config.GROUPS, *rows["group"].astype(str)})
    if group not in groups:
        raise InputError(f"unknown group {group!r}; known: {', '.join(groups)}")
    cell = rows[(rows["group"].astype(str) == group) & rows["_themes"].map(lambda ts: theme in ts)]
    ranked = _rank(cell.assign(_theme=theme), evidence_words(evidence), _delegation_names(), labels)
    return ranked if n is None else ranked.head(n).reset_index(drop=True)


def representative_quotes(sentences: pd.DataFrame, evidence: pd.DataFrame, per_cell: int = 3) -> pd.DataFrame:
    """Up to `per_cell` quotes for every group and theme that has any (scoring in the module doc).

    Sorted by group (house order), theme (codebook order), rank; empty cells are left out.
    """
    rows = _cell_rows(sentences)
    rows = rows[rows["_themes"].map(len).gt(0)]  # an uncoded sentence is no quote: not copied
    exploded = rows.assign(_theme=rows["_themes"]).explode("_theme")
    exploded = exploded[exploded["_theme"].notna() & (exploded["_theme"] != "")]
    ranked = _rank(exploded, evidence_words(evidence), _delegation_names(), _theme_labels())
    return ranked[ranked["rank"] <= per_cell].reset_index(drop=True)
