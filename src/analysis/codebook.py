"""The codebook as data: themes, their definitions and their matching rules, from YAML.

The rules live in `data/codebook-v1.yaml` so that a coder can read, review and
edit them without touching code; this module only loads and checks them. The
file's sha256 goes into every output so a table always says which rules made it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis import config
from analysis.errors import InputError
from analysis.io import sha256_bytes

KINDS = ("impact_area", "enabler", "cross_cutting")
SHORT_LABEL_MAX = 22
RULE_KEYS = {"terms", "token_patterns", "with", "without", "not_in", "with_window", "without_window", "note"}


@dataclass(frozen=True)
class Rule:
    """One way a theme is recognised in a sentence.

    `terms` are phrases (each word matches a token's lower-case form or lemma; a
    trailing `*` matches any word that starts with the prefix); `token_patterns`
    are spaCy Matcher patterns. A rule fires when one of them matches, at least one
    `with` term (if any are given) occurs in the same sentence and no `without` term does.
    `with_window` / `without_window` narrow "in the same sentence" to "within that many
    words of the match", so that a veto word far away in a long sentence does not
    suppress it ("partnerships ... for growth ... and security"). A match (or a
    `with` word) that lies inside a `not_in` phrase does not count: "industrial" in
    "pre-industrial", "energy" in "International Atomic Energy Agency".
    """

    terms: tuple[str, ...] = ()
    token_patterns: tuple = ()
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    with_window: int | None = None
    without_window: int | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    short_label: str
    kind: str
    definition: str
    exclude: str
    rules: tuple[Rule, ...]
    without: tuple[str, ...] = ()  # theme-wide exclusions, added to every rule (whole sentence)
    not_in: tuple[str, ...] = ()  # theme-wide phrases inside which no term of the theme counts


@dataclass(frozen=True)
class Codebook:
    version: str
    hash: str
    path: Path
    themes: tuple[Theme, ...] = field(default_factory=tuple)

    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def labels(self) -> dict[str, str]:
        return {t.id: t.short_label for t in self.themes}

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)


def _strings(value, what: str, path: Path, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: `{what}` must be a list of non-empty strings", path)
    out = []
    for v in value:
        words = v.lower().split()
        if any(w == "*" or "*" in w[:-1] for w in words):
            raise InputError(f"{where}: bad term {v!r} in `{what}` ('*' only at the end of a word)", path)
        out.append(" ".join(words))
    return tuple(out)


def _window(value, what: str, path: Path, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{where}: `{what}` must be a whole number of words (0 or more)", path)
    return value


def _check_token_patterns(patterns, path: Path, where: str) -> tuple:
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, list) and p for p in patterns):
        raise InputError(f"{where}: `token_patterns` must be a list of non-empty token pattern lists", path)
    matcher = Matcher(Vocab(), validate=True)
    for i, pattern in enumerate(patterns):
        try:
            matcher.add(f"p{i}", [pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with the schema problem
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{where}: bad token pattern #{i + 1}: {first}", path) from None
    return tuple(tuple(dict(tok) for tok in p) for p in patterns)


def _parse_theme(raw, path: Path, index: int) -> Theme:
    if not isinstance(raw, dict):
        raise InputError(f"theme #{index + 1} is not a mapping", path)
    tid = raw.get("id")
    if not isinstance(tid, str) or not tid.isidentifier():
        raise InputError(f"theme #{index + 1}: missing or bad `id`", path)
    where = f"theme {tid}"
    for key in ("label", "short_label", "kind", "definition"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise InputError(f"{where}: missing `{key}`", path)
    if raw["kind"] not in KINDS:
        raise InputError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}", path)
    if len(raw["short_label"]) > SHORT_LABEL_MAX:
        raise InputError(f"{where}: short_label longer than {SHORT_LABEL_MAX} characters", path)
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise InputError(f"{where}: needs a non-empty list of `rules`", path)
    rules = []
    for j, r in enumerate(rules_raw):
        rw = f"{where}, rule #{j + 1}"
        if not isinstance(r, dict):
            raise InputError(f"{rw}: not a mapping", path)
        unknown = set(r) - RULE_KEYS
        if unknown:
            raise InputError(f"{rw}: unknown key(s) {', '.join(sorted(unknown))}", path)
        rule = Rule(
            terms=_strings(r.get("terms"), "terms", path, rw),
            token_patterns=_check_token_patterns(r.get("token_patterns"), path, rw),
            with_=_strings(r.get("with"), "with", path, rw),
            without=_strings(r.get("without"), "without", path, rw),
            not_in=_strings(r.get("not_in"), "not_in", path, rw),
            with_window=_window(r.get("with_window"), "with_window", path, rw),
            without_window=_window(r.get("without_window"), "without_window", path, rw),
        )
        if not rule.terms and not rule.token_patterns:
            raise InputError(f"{rw}: needs `terms` or `token_patterns`", path)
        rules.append(rule)
    return Theme(
        id=tid,
        label=raw["label"].strip(),
        short_label=raw["short_label"].strip(),
        kind=raw["kind"],
        definition=" ".join(raw["definition"].split()),
        exclude=" ".join(str(raw.get("exclude") or "").split()),
        rules=tuple(rules),
        without=_strings(raw.get("without"), "without", path, where),
        not_in=_strings(raw.get("not_in"), "not_in", path, where),
    )


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Codebook:
    data = path.read_bytes()
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not valid YAML ({getattr(exc, 'problem', exc)})", path, mark.line + 1 if mark else None
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("themes"), list):
        raise InputError("expected a mapping with `version` and a list of `themes`", path)
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        raise InputError('missing `version` (a string such as "1.0.0")', path)
    themes = tuple(_parse_theme(t, path, i) for i, t in enumerate(raw["themes"]))
    ids = [t.id for t in themes]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"duplicate theme id(s): {', '.join(dupes)}", path)
    return Codebook(version=version, hash=sha256_bytes(data), path=path, themes=themes)


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


def labels(path: str | Path = config.CODEBOOK) -> dict[str, str]:
    """Theme id -> short label for figures, in codebook order."""
    return load(path).labels()
