"""The country table (data/countries.csv) and name -> ISO3 look-ups.

Delegations appear under many names ("Türkiye", "Turkey", "Korea, Republic of",
"the Bolivarian Republic of Venezuela", "USA"). Every name is reduced to one
normalised key (accents folded, case folded, punctuation and "the" dropped,
"X, Republic of" turned into "Republic of X") and looked up in a dict built once,
so look-ups stay cheap enough to run on every transcript segment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis import config
from analysis.errors import InputError

# `variants`: English names and codes; `other_languages`: French and Spanish names (tools/build_countries.py)
COLUMNS = ["iso3", "iso2", "name", "un_group", "arab_group", "status", "variants", "other_languages"]
EU = "EU"
STATUSES = ("member_state", "observer")  # the `status` column: a delegation's role in turns.parquet

_APOSTROPHES = re.compile(r"[’'`´ʼ‘]")
_NON_WORD = re.compile(r"[\W_]+")
_PAREN_TAIL = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
_DROP = frozenset({"the"})
# Words of formal state names ("Federal Republic of ...") that a look-up may drop
# when the full form is not in the table.
_FORMAL = frozenset(
    "republic kingdom state states federal democratic peoples people islamic socialist united "
    "plurinational bolivarian independent arab cooperative co operative grand duchy principality "
    "sultanate commonwealth union federated of".split()
)


def fold(text: str) -> str:
    """Accents off (Türkiye -> Turkiye), apostrophes dropped, case kept."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of a name or text, with '&' read as 'and', 'St' as 'Saint' and the formal
    words lists shorten ('Rep.', 'Fed.', 'Dem.': "Czech Rep.", "Russian Fed.") written out."""
    words = _NON_WORD.sub(" ", fold(text).casefold().replace("&", " and ")).split()
    return [_SPELT_OUT.get(w, w) for w in words if w not in _DROP]


_SPELT_OUT = {"st": "saint", "rep": "republic", "fed": "federation", "dem": "democratic"}


def normalise(name: str) -> str:
    """The key a name is looked up by: case, accents, punctuation and 'the' do not matter."""
    return " ".join(tokens(name))


def _key_forms(name: str) -> set[str]:
    """A name as written, and with 'X, Republic of' / 'X (Republic of)' turned round."""
    name = name.strip()
    forms = {normalise(name)}
    m = _PAREN_TAIL.match(name)
    if m:
        forms.add(normalise(f"{m.group(2)} {m.group(1)}"))
    if name.count(",") == 1:
        head, tail = name.split(",")
        forms.add(normalise(f"{tail} {head}"))
        if set(tokens(tail)) <= _FORMAL:  # "Korea, Rep." as the World Bank lists it: "Republic of Korea"
            forms.add(normalise(f"{tail} of {head}"))
    forms.discard("")
    return forms


def _is_acronym(variant: str) -> bool:
    """'USA', 'U.K.', 'DRC': matched in running text only when written in capitals."""
    letters = re.sub(r"[^A-Za-z]", "", variant)
    return 0 < len(letters) <= 5 and letters.isupper() and " " not in variant.strip()


def table() -> pd.DataFrame:
    """The country table, one row per Member State or observer, sorted by iso3 (a copy: safe to edit)."""
    return _table().copy()


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = config.COUNTRY_TABLE
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("country table not found", path) from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"country table lacks columns {missing}", path, 1)
    bad = df.index[~df["status"].isin(STATUSES)]
    if len(bad):
        raise InputError(
            f"status {df.at[bad[0], 'status']!r} is not one of {', '.join(STATUSES)}", path, bad[0] + 2
        )
    df["arab_group"] = df["arab_group"].str.lower().eq("true")
    return df[COLUMNS].sort_values("iso3").reset_index(drop=True)


class _Index:
    """Normalised names -> ISO3, built once from the table."""

    def __init__(self, df: pd.DataFrame):
        self.names = dict(zip(df["iso3"], df["name"], strict=True))
        self.groups = {k: (v or None) for k, v in zip(df["iso3"], df["un_group"], strict=True)}
        self.arab = dict(zip(df["iso3"], df["arab_group"], strict=True))
        self.status = dict(zip(df["iso3"], df["status"], strict=True))
        self.codes: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        # token tuple -> (iso3, needs capitals) for scanning running text
        self.phrases: dict[tuple[str, ...], tuple[str, bool]] = {}
        for row in df.itertuples(index=False):
            self.codes[row.iso3] = row.iso3
            self.codes[row.iso2] = row.iso3
            for variant in [row.name, *row.variants.split("|"), *row.other_languages.split("|")]:
                variant = variant.strip()
                if not variant:
                    continue
                acronym = _is_acronym(variant)
                for key in _key_forms(variant):
                    if self.keys.setdefault(key, row.iso3) != row.iso3:
                        raise InputError(
                            f"variant {variant!r} names both {self.keys[key]} and {row.iso3}",
                            config.COUNTRY_TABLE,
                        )
                self.phrases[tuple(tokens(variant))] = (row.iso3, acronym)
        self.longest = max(len(p) for p in self.phrases)

    def lookup(self, name: str, two_letter_codes: bool = True) -> str | None:
        name = name.strip()
        if name in self.codes and (
            two_letter_codes or len(name) != 2
        ):  # ISO codes only as written, in capitals
            return self.codes[name]
        forms = _key_forms(name)
        for key in forms:
            if key in self.keys:
                return self.keys[key]
        # "Federal Republic of Somalia" when only "Somalia" is listed
        for key in forms:
            words = key.split()
            if "of" in words:
                cut = len(words) - 1 - words[::-1].index("of")
                if all(w in _FORMAL for w in words[:cut]) and cut + 1 < len(words):
                    hit = self.keys.get(" ".join(words[cut + 1 :]))
                    if hit:
                        return hit
        return None

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, iso3) of every country name in text, longest match first, left to right.

        Positions are in characters of ``text``.
        """
        folded, where = _folded_with_places(text)
        found_words = [m for m in re.finditer(r"[^\W_]+", folded) if m.group().casefold() not in _DROP]
        spans = [(where[m.start()], where[m.end() - 1] + 1, m.group()) for m in found_words]
        words = [_SPELT_OUT.get(w.casefold(), w.casefold()) for _, _, w in spans]
        # "Kenya's": the fold made it "Kenyas"; a name may end there, the span at the letter before the "'s"
        # (not at an apostrophe doubled in typing), the word spelt out as any other ("Czech Rep's")
        owner = [
            (start, where[m.end() - 2] + 1, text[start : where[m.end() - 2] + 1])
            if len(m.group()) > 1 and text[end - 1] in "sS" and _APOSTROPHES.match(text[end - 2])
            else None
            for m, (start, end, _) in zip(found_words, spans, strict=True)
        ]
        found, i = [], 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                said = spans[i : i + n]
                hit = self.phrases.get(tuple(words[i : i + n]))
                if hit is None and owner[i + n - 1] is not None:
                    said = [*said[:-1], owner[i + n - 1]]
                    bare = spans[i + n - 1][2][:-1].casefold()
                    hit = self.phrases.get((*words[i : i + n - 1], _SPELT_OUT.get(bare, bare)))
                if hit is None:
                    continue
                iso3, acronym = hit
                if acronym and not all(fold(w).isupper() for _, _, w in said):
                    continue
                found.append((said[0][0], said[-1][1], iso3))
                i += n
                break
            else:
                i += 1
        return found


def _folded_with_places(text: str) -> tuple[str, list[int] | range]:
    """``fold(text)`` with "&" read as " and ", and where in ``text`` each of its characters comes from:
    the fold drops apostrophes and accents and may write one character as two ("ﬁ"), so a name found in
    the folded text is placed back in the text as given ("Kenya" after "It's" and "I'd")."""
    if text.isascii() and not any(c in text for c in "'`&"):
        return text, range(len(text))  # nothing to fold, the common case
    pieces, where, done = [], [], 0
    for m in _TO_FOLD.finditer(text):  # plain runs between the characters the fold changes are copied whole
        piece = " and " if m.group() == "&" else fold(m.group())
        pieces += [text[done : m.start()], piece]
        where += [*range(done, m.start()), *[m.start()] * len(piece)]
        done = m.end()
    pieces.append(text[done:])
    where += range(done, len(text))
    return "".join(pieces), where


_TO_FOLD = re.compile(r"[^\x00-\x7f]|['`&]")


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(_table())


@lru_cache(maxsize=65536)
def lookup(name: str | None, two_letter_codes: bool = True) -> str | None:
    """ISO3 (or 'EU') for a country name, official or common variant, ISO3 or ISO2 code; else None.

    `two_letter_codes=False` for a speaker's label: there "AU" is the African Union as often as
    Australia and "CA:" or "DE:" a person's initials; the two-letter forms a meeting says ("US", "UK",
    "EU") are listed variants and still count."""
    if not name or not isinstance(name, str):
        return None
    return _index().lookup(name, two_letter_codes)


def find_spans(text: str | None) -> list[tuple[int, int, str]]:
    """(start, end, iso3) of each country named in text, in order of appearance."""
    if not text:
        return []
    return _index().scan(text)


# A capital letter other than the pronoun "I" ("I", "I'm"): a text with one writes names with capitals.
_CAPITAL = re.compile(r"(?!(?<!\w)I(?!\w))[A-ZÀ-ÖØ-Þ]")
# Words a name keeps in lower case ("Republic of Moldova", "Saint Vincent and the Grenadines").
_NAME_SMALL_WORDS = frozenset("of the and da de du des la le el y et".split())


def names_capitalised(text: str) -> str:
    """A text written without capitals (auto-captions: "thank you. côte d'ivoire has the floor") with the
    country names in it capitalised, as an edited text writes them ("Côte d'Ivoire"), so that a rule which
    reads capitalised words as names reads these as names too. A text with any capital but "I" is given back
    as it is: there a lower-case "turkey" or "chad" is a word, not a name."""
    if not text or _CAPITAL.search(text):
        return text
    chars = list(text)
    for start, end, _ in find_spans(text):
        for m in re.finditer(r"(?:[dl]['’])?([^\W\d_])[\w'’-]*", text[start:end]):
            first = m.group(1)
            if m.group().lower() not in _NAME_SMALL_WORDS and len(first.upper()) == 1:
                chars[start + m.start(1)] = first.upper()
    return "".join(chars)


@lru_cache(maxsize=4096)
def find_in_text(text: str | None) -> list[str]:
    """ISO3s of the countries named in text, in order of first mention, each once.

    The longest name wins at each position, so "Guinea-Bissau" is not also read as
    "Guinea", nor "South Sudan" as "Sudan". Acronyms (USA, UK, DRC) count only in capitals.
    """
    return list(dict.fromkeys(iso3 for _, _, iso3 in find_spans(text)))


def name(iso3: str) -> str:
    """The short English name used in tables and figures."""
    try:
        return _index().names[iso3]
    except KeyError:
        raise KeyError(f"unknown country code {iso3!r}") from None


def group_of(iso3: str | None) -> str | None:
    """The UN regional group, or None (Holy See, EU, unknown codes)."""
    return _index().groups.get(iso3) if iso3 else None


def is_arab(iso3: str | None) -> bool:
    """Member of the League of Arab States (the Arab Group)."""
    return bool(_index().arab.get(iso3, False)) if iso3 else False


def status(iso3: str | None) -> str | None:
    """'member_state' or 'observer' (Holy See, State of Palestine, EU); None for unknown codes."""
    return _index().status.get(iso3) if iso3 else None


@dataclass(frozen=True)
class Delegation:
    code: str  # ISO3, or "EU"
    name: str  # the short English name
    role: str  # "member_state", or "observer" (Holy See, State of Palestine, EU)


def delegation(code: str) -> Delegation:
    """The delegation a country code stands for: its code, short name and role (from the table's `status`).

    Every path that attributes speech to a country (a single-statement file, a labelled turn, "I give the
    floor to X", a speakers.csv override) goes through here, so a delegation's role is decided once.
    """
    return Delegation(code, name(code), _index().status[code])


def codes() -> list[str]:
    """Every code in the table, sorted."""
    return sorted(_index().names)
