"""The codebook as data: themes, their definitions and their matching rules, from YAML.

The rules live in `data/codebook-*.yaml` so that a coder can read, review and
edit them without touching code. Their shape is declared once, as pydantic
models: loading validates the file against it and reports the first problem as
one line naming the theme and rule. The file's sha256 goes into every output so
a table always says which rules made it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from analysis import config
from analysis.coding.terms import POS_TAGS
from analysis.errors import InputError
from analysis.io import load_yaml, text_sha256

KINDS = ("impact_area", "enabler", "cross_cutting")
SHORT_LABEL_MAX = 22


def _term_word(word: str, term: str) -> str:
    """One word of a term: lower-cased, `*` only at its end, an optional `/POS` or `/A|B` tag upper-cased."""
    base, slash, tags = word.partition("/")
    base = base.lower()
    if not base or base == "*" or "*" in base[:-1]:
        raise ValueError(f"bad term {term!r} ('*' only at the end of a word)")
    if not slash:
        return base
    tags = tags.upper()
    unknown = [t for t in tags.split("|") if t not in POS_TAGS]
    if unknown:
        raise ValueError(f"bad term {term!r} (unknown POS tag {', '.join(unknown) or 'missing'})")
    return f"{base}/{tags}"


def _flat(items: list) -> list:
    """Nested lists (shared lists taken by alias, themselves built from shared lists) as one list."""
    return [w for v in items for w in (_flat(v) if isinstance(v, list) else [v])]


def _terms(value) -> tuple[str, ...]:
    """Phrases, lower-cased and single-spaced; `*` only at the end of a word (a prefix); a word may
    require a part of speech (`plan/NOUN`). A list inside the list is taken item by item, so a rule
    can take a shared list by its YAML alias and add words of its own: `[*vetoes, summit]`, and a shared
    list can be built the same way."""
    if value is None:
        return ()
    if isinstance(value, list):
        value = _flat(value)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("must be a list of non-empty strings")
    return tuple(" ".join(_term_word(w, v) for w in v.split()) for v in value)


# Token attributes a parse does not keep: the pipeline runs no parser or NER, and a parse is coded from
# its record (words, spaces, lemmas, POS, sentence starts), whether cached or sent by the parse worker.
# A pattern on one of them would never match, so the codebook refuses it.
UNKEPT_ATTRS = frozenset({"TAG", "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "_"})


def _token_patterns(value) -> tuple:
    """spaCy Matcher patterns, checked with the Matcher's own schema and against what a parse keeps."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, list) and p for p in value):
        raise ValueError("must be a list of non-empty token pattern lists")
    matcher = Matcher(Vocab(), validate=True)
    for i, pattern in enumerate(value):
        try:
            matcher.add(f"p{i}", [pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with the schema problem
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ValueError(f"bad token pattern #{i + 1}: {first}") from None
        unkept = sorted({str(k).upper() for tok in pattern for k in tok} & UNKEPT_ATTRS)
        if unkept:
            raise ValueError(
                f"bad token pattern #{i + 1}: {', '.join(unkept)} is not kept by the parse (no parser or NER "
                "runs; a parse keeps words, lemmas, POS and sentences): use LOWER, ORTH, LEMMA or POS"
            )
    return tuple(tuple(dict(tok) for tok in p) for p in value)


def _text(value) -> str:
    return " ".join(str(value or "").split())


Terms = Annotated[tuple[str, ...], BeforeValidator(_terms)]
Window = Annotated[int, Field(ge=0, strict=True)]


class Rule(BaseModel):
    """One way a theme is recognised in a sentence.

    `terms` are phrases (each word matches a token's lower-case form or lemma; a
    trailing `*` matches any word that starts with the prefix; `/NOUN` asks for a part
    of speech where the pipeline tags one); `token_patterns` are spaCy Matcher patterns.
    A rule fires when one of them matches, at least one `with` term (if any are given)
    occurs in the same sentence and no `without` term does. `with_window` /
    `without_window` narrow "in the same sentence" to "within that many words of the
    match", so that a veto word far away in a long sentence does not suppress it.
    A match, a context word or a veto word that lies inside a `not_in` phrase does not count:
    "industrial" in "pre-industrial", "energy" in "International Atomic Energy Agency",
    "security" in "food security"; a veto that names the whole phrase ("foreign policy") still counts, so a
    rule whose veto word a theme's `not_in` swallows names the phrase instead. `id` names the rule in the
    evidence table (default: `<theme>.<n>`, n from 1); the context words that satisfied it are evidence too.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = ""
    terms: Terms = ()
    token_patterns: Annotated[tuple, BeforeValidator(_token_patterns)] = ()
    with_: Terms = Field(default=(), alias="with")
    without: Terms = ()
    not_in: Terms = ()
    with_window: Window | None = None
    without_window: Window | None = None
    note: str = ""

    @model_validator(mode="after")
    def _fires_on_something(self) -> Rule:
        if not self.terms and not self.token_patterns:
            raise ValueError("needs `terms` or `token_patterns`")
        return self

    def words(self) -> tuple[str, ...]:
        """Every term the rule looks up (matches, context, vetoes, `not_in`)."""
        return self.terms + self.with_ + self.without + self.not_in


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: Annotated[str, BeforeValidator(_text), Field(min_length=1)]
    short_label: Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=SHORT_LABEL_MAX)]
    kind: Literal["impact_area", "enabler", "cross_cutting"]
    definition: Annotated[str, BeforeValidator(_text), Field(min_length=1)]
    exclude: Annotated[str, BeforeValidator(_text)] = ""
    rules: tuple[Rule, ...] = Field(min_length=1)
    without: Terms = ()  # theme-wide exclusions, added to every rule (whole sentence)
    not_in: Terms = ()  # theme-wide phrases inside which no term of the theme counts
    note: str = ""

    @field_validator("id")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier():
            raise ValueError(f"{value!r} is not an identifier (letters, digits, _)")
        return value

    @field_validator("rules")
    @classmethod
    def _rule_ids(cls, rules: tuple[Rule, ...], info: ValidationInfo) -> tuple[Rule, ...]:
        theme = info.data.get("id", "theme")
        rules = tuple(
            r if r.id else r.model_copy(update={"id": f"{theme}.{j}"}) for j, r in enumerate(rules, 1)
        )
        ids = [r.id for r in rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule id(s) {', '.join(dupes)}")
        return rules

    @property
    def names(self) -> tuple[str, str]:
        """Its label and short label: how people may write it in a coded sheet instead of its id."""
        return self.label, self.short_label


class Codebook(BaseModel):
    """A loaded codebook: version, content hash, where it came from, and its themes in order."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    version: Annotated[str, Field(min_length=1)]
    themes: tuple[Theme, ...]
    source: str = ""  # where the definitions come from
    changes: tuple[str, ...] = ()  # the change log, newest first
    without: Terms = ()  # codebook-wide vetoes: a sentence holding one gets no theme (procedural sentences)
    lists: dict[str, Terms] = Field(default_factory=dict)  # term lists rules reuse via YAML anchors
    hash: str = ""
    path: Path | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Codebook:
        ids = self.ids()
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate theme id(s): {', '.join(dupes)}")
        return self

    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def labels(self) -> dict[str, str]:
        return {t.id: t.short_label for t in self.themes}

    def names(self) -> dict[str, tuple[str, str]]:
        """Theme id -> its label and short label: how people may write it in a coded sheet."""
        return {t.id: t.names for t in self.themes}

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


def _where(loc: tuple, raw) -> str:
    """'theme digital_technology, rule #3, `with`' from a pydantic error location."""
    parts = []
    node = raw
    for key in loc:
        if isinstance(node, dict) and key in ("themes", "rules") and isinstance(node.get(key), list):
            node = node[key]
            continue
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if key < len(node) else None
            if isinstance(item, dict) and "rules" in item:
                parts.append(f"theme {item.get('id', f'#{key + 1}')}")
            elif isinstance(item, dict):
                parts.append(f"rule #{key + 1}")
            else:
                parts.append(f"#{key + 1}")
            node = item
            continue
        parts.append(f"`{key}`")
        node = node.get(key) if isinstance(node, dict) else None
    return ", ".join(parts)


def _message(err: dict) -> tuple[tuple, str]:
    """(location of the item, one readable sentence) for a pydantic error."""
    loc = tuple(k for k in err["loc"] if not str(k).startswith(("function-", "tagged-")))
    name = loc[-1] if loc and isinstance(loc[-1], str) else None
    kind = err["type"]
    if name is None:
        return loc, err["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return loc[:-1], f"unknown key `{name}`"
    if kind == "missing":
        return loc[:-1], f"missing `{name}`"
    if kind == "literal_error":
        return loc[:-1], f"{name} {err['input']!r} is not one of {', '.join(KINDS)}"
    if kind in ("string_too_long", "too_long"):
        return loc[:-1], f"{name} longer than {err['ctx']['max_length']} characters"
    if kind == "too_short":
        # pydantic says "too_short" of a blank or missing label or definition too: no list to fill in
        if not isinstance(err.get("input"), list | tuple):
            return loc[:-1], f"`{name}` is empty: write it out"
        return loc[:-1], f"needs a non-empty list of `{name}`"
    return loc[:-1], f"`{name}`: {err['msg'].removeprefix('Value error, ')}"


def parse(raw, path: Path | None = None, digest: str = "") -> Codebook:
    """A codebook from its YAML mapping, validated; the first problem as an InputError naming where."""
    if not isinstance(raw, dict) or not isinstance(raw.get("themes"), list):
        raise InputError("expected a mapping with `version` and a list of `themes`", path)
    version = raw.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):  # `version: 2.3` in the YAML
        raise InputError(
            f"`version` is read as a number ({version}): put it in quotes as you mean it "
            f'(version: "{version}")',
            path,
        )
    if not isinstance(version, str) or not version:
        raise InputError('missing `version` (a string such as "1.0.0")', path)
    try:
        return Codebook.model_validate({**raw, "hash": digest, "path": path})
    except ValidationError as exc:
        loc, message = _message(exc.errors()[0])
        where = _where(loc, raw)
        raise InputError(f"{where}: {message}" if where else message, path) from None


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Codebook:
    data = path.read_bytes()
    try:
        raw = load_yaml(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line, as errors are
        raise InputError(f"not valid YAML ({problem})", path, mark.line + 1 if mark else None) from None
    return parse(raw, path, text_sha256(data))


def load(path: str | Path = config.CODEBOOK) -> Codebook:
    """The codebook at `path`, checked; cached until the file changes."""
    path = Path(path).resolve()
    if not path.is_file():
        raise InputError("codebook not found", path)
    st = path.stat()
    return _load(path, st.st_mtime_ns, st.st_size)


def ids(path: str | Path = config.CODEBOOK) -> list[str]:
    """Theme ids in codebook order."""
    return load(path).ids()


def names(path: str | Path = config.CODEBOOK) -> dict[str, tuple[str, str]]:
    """Theme id -> its label and short label, in codebook order (a coded sheet may use either)."""
    return load(path).names()


def labels(path: str | Path = config.CODEBOOK) -> dict[str, str]:
    """Theme id -> short label for figures, in codebook order."""
    return load(path).labels()
