"""Which language a turn or sentence is in, so that speech the codebook cannot read is not counted.

The codebook's rules are English (`config.CODING_LANGUAGE`). A statement a record keeps in Spanish,
French, Arabic or Russian, not interpreted into it, gets no theme (or a stray one from a cognate,
"industrialización"), and counted it would lower its group's shares without a word. A note "(spoke in
French)" is another case: the words recorded are the interpretation, in English (`floor_language`).

Told cheaply and deterministically, with no model: a text mostly in a non-Latin script is that
script's language (Arabic, CJK, ...); a Cyrillic one is told by the letters only one language writes,
else by its function words, else only the script is named (`CYRILLIC`); a Latin-script text is the
language whose function words it holds, from spaCy's stop-word lists and stopwords-iso's
(`data/language-words.txt`, made by `tools/build_language_words.py`: forty-odd languages, each less the
words English shares). A text with too few such words to tell ("Gracias, Presidente.", a list of names)
is None: a sentence then takes its turn's language, and speech of no known language counts as it always
did. A Latin-script language none of the lists holds is named after the nearest listed one (a Maori
proverb in New Zealand's 2023 General Debate speech is "fr"): not English is what decides whether it
counts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

import numpy as np

from analysis import config
from analysis.report.formats import first_few

WORDS = config.PACKAGE_DATA / "language-words.txt"
CYRILLIC = "und-Cyrl"  # BCP 47: a Cyrillic-script text whose language neither its letters nor words tell
DEVANAGARI = "und-Deva"  # and a Devanagari one whose words do not tell Hindi, Marathi or Nepali

# A non-Latin script's letters, and the language a text mostly in it is taken to be (the first that
# matches; letters only a language of that script uses come first). Cyrillic is told by `_cyrillic`.
SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ps", "\u067c\u0689\u0693\u069a\u0696\u0681\u0685\u06cd"),  # Pashto's ټ ډ ړ ښ ږ ځ څ ۍ
    ("ur", "\u0679\u0688\u0691\u06ba\u06d2"),  # Urdu's ٹ ڈ ڑ ں ے (Pashto and Urdu write Persian's too)
    ("fa", "\u067e\u0686\u0698\u06af\u06a9\u06cc"),  # Persian's پ چ ژ گ ک ی before Arabic
    ("ar", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    (CYRILLIC, "\u0400-\u052f"),
    ("ja", "\u3040-\u30ff"),  # kana
    ("ko", "\uac00-\ud7af\u1100-\u11ff"),
    ("zh", "\u3400-\u4dbf\u4e00-\u9fff"),
    ("el", "\u0370-\u03ff"),
    ("he", "\u0590-\u05ff"),
    (DEVANAGARI, "\u0900-\u097f"),  # Hindi, Marathi, Nepali: told by their words
    ("th", "\u0e00-\u0e7f"),
)
# Cyrillic-script languages by the letters they write (UDHR texts, unicode.org: the share of sentences holding
# a letter): Tajik's ҷ ӣ ӯ; Uzbek's ҳ (Tajik's too) and ў (Belarusian's too); Kazakh's ұ ғ қ; Tatar's ә җ һ;
# Belarusian writes і and ў and never и; Ukrainian's є ї ґ, and і beside и; Serbian's ђ ћ, Macedonian's ѓ ќ ѕ;
# Kyrgyz's and Mongolian's ө ү (Kyrgyz's ң); Russian's ы э, which no other language told here writes but
# Belarusian, Kyrgyz, Mongolian and Tatar (told before).
CYRILLIC_LETTERS: tuple[tuple[str, str], ...] = (
    ("kk", "\u04b1\u0493\u049b"),  # ұ ғ қ
    ("tt", "\u04d9\u0497\u04bb"),  # ә җ һ
    ("be", "\u045e"),  # ў
    ("uk", "\u0454\u0457\u0491"),  # є ї ґ
    ("sr", "\u0452\u045b"),  # ђ ћ
    ("mk", "\u0453\u045c\u0455"),  # ѓ ќ ѕ
)
DEVANAGARI_WORDS = ("hi", "mr", "ne")
CYRILLIC_WORDS = ("ru", "uk", "bg", "mk", "sr", "ky")  # languages whose function words the word file holds
_TAJIK = re.compile("[\u04b7\u04e3\u04ef]")  # ҷ ӣ ӯ
_UZBEK = re.compile("\u045e.*[\u04b3\u0493\u049b]|[\u04b3\u0493\u049b].*\u045e", re.S)  # ў with ҳ ғ қ
_TAJIK_OR_UZBEK = "\u04b3"  # ҳ
# Uzbek writes қ ғ as Kazakh does and ҳ as Tajik does, but none of Kazakh's own letters; without ў it is told
# by its function words (no list of the word file holds them), against Tajik's: the two share "ва", "ҳам".
_UZBEK_OR_NEIGHBOUR = re.compile("[\u049b\u0493\u04b3]")  # қ ғ ҳ
_KAZAKH_OWN = re.compile("[\u04d9\u0456\u04a3\u04e9\u04b1\u04af\u04bb]")  # ә і ң ө ұ ү һ
_SHARED = "ва ҳам ҳар мумкин"
_UZBEK_WORDS = frozenset(
    f"{_SHARED} бир билан учун бу ушбу шу эса ҳамда ёки эмас барча керак каби орқали улар унинг уларнинг биз "
    "бизнинг деб эди яна ҳеч".split()
)
_TAJIK_WORDS = frozenset(
    f"{_SHARED} дар ба аз ки бо барои ин он аст мо онҳо бояд ё то низ як ҳамаи мебошад".split()
)
_I, _BELARUSIAN_NOT = "\u0456", "\u0438"  # і, и
_TURKIC = re.compile("[\u04e9\u04af\u04a3]")  # ө ү ң: Kyrgyz (by its words) or Mongolian
_SOUTH_SLAVIC = re.compile("[\u0459\u045a\u045f\u0458]")  # љ њ џ ј: Serbian or Macedonian (by their words)
RUSSIAN_LETTERS = re.compile("[\u044b\u044d\u0451]")  # ы э ё
_CYRILLIC_NAMED = {lang for lang, _ in CYRILLIC_LETTERS} | set(CYRILLIC_WORDS) | {"tg", "uz", "mn"}
_NON_LATIN = re.compile("[" + "".join(chars for _, chars in SCRIPTS) + "]")
_SCRIPT = [(lang, re.compile(f"[{chars}]")) for lang, chars in SCRIPTS]
_CYRILLIC_LETTERS = [(lang, re.compile(f"[{chars}]")) for lang, chars in CYRILLIC_LETTERS]
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[^\W\d_]+")
# a Devanagari word: letters and the vowel signs written on them, which are marks, not letters ("है")
_MARKS = "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
_MARKED_WORD = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")

MIN_WORDS = 2  # distinct function words a language needs before it is named
MIN_LETTERS = 2  # letters of a script a text needs before it is named by it (not a stray "Е.")
MARGIN = 2  # another language is named only with more than MARGIN times English's function words


@functools.cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Word -> the languages whose function words include it (English first, then the file's order)."""
    out: dict[str, list[str]] = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, *words = line.split()
            for w in words:
                out.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


@functools.cache
def _order() -> dict[str, int]:
    """Each language's place in the word file, which settles ties."""
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    langs = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
    return {lang: i for i, lang in enumerate(langs)}


def _script(text: str) -> str | None:
    """The language of a text whose letters are mostly of one non-Latin script (CYRILLIC for Cyrillic),
    else None."""
    if _NON_LATIN.search(text) is None:
        return None
    latin = len(_LATIN.findall(text))
    for lang, chars in _SCRIPT:
        n = len(chars.findall(text))
        if n >= MIN_LETTERS and n > latin:
            return lang
    return None


def _hits(text: str, words: re.Pattern = _WORD) -> Counter:
    """How many distinct function words of each language `text` holds (`words`: what a word is)."""
    lexicon = _lexicon()
    # each word once: "et cetera, et cetera." is not French, "-- o0o --" not Spanish
    return Counter(lang for w in set(words.findall(text.lower())) for lang in lexicon.get(w, ()))


def _cyrillic(text: str) -> str:
    """The language of a Cyrillic-script text: by the letters only it writes (CYRILLIC_LETTERS), else by its
    function words among those its letters leave, else only the script is named (CYRILLIC): Bulgarian,
    Serbian or Ukrainian without the words or letters that tell them is not called Russian."""
    low = text.lower()
    if _TAJIK.search(low):
        return "tg"
    if _UZBEK.search(low) or _uzbek_by_words(low):
        return "uz"
    if _TAJIK_OR_UZBEK in low:
        return CYRILLIC
    for lang, letters in _CYRILLIC_LETTERS:
        if letters.search(low):
            return lang
    if _I in low:  # Belarusian writes і for и, Ukrainian both, Kazakh і with ө ү ң (which Belarusian never)
        return "kk" if _TURKIC.search(low) else "uk" if _BELARUSIAN_NOT in low else "be"
    if _TURKIC.search(low):
        return _by_words(low, ("ky",)) or "mn"
    if _SOUTH_SLAVIC.search(low):
        return _by_words(low, ("sr", "mk")) or CYRILLIC
    if RUSSIAN_LETTERS.search(low):  # Russian's, or Kyrgyz's without ө ү ң
        return _by_words(low, ("ru", "ky")) or "ru"
    return _by_words(low, CYRILLIC_WORDS) or CYRILLIC


def _uzbek_by_words(text: str) -> bool:
    """A text with Uzbek's letters қ ғ ҳ and none of Kazakh's own holding more distinct Uzbek function words
    than Tajik ones, MIN_WORDS at least."""
    if not _UZBEK_OR_NEIGHBOUR.search(text) or _KAZAKH_OWN.search(text):
        return False
    words = set(_WORD.findall(text))
    uzbek = len(words & _UZBEK_WORDS)
    return uzbek >= MIN_WORDS and uzbek > len(words & _TAJIK_WORDS)


def _by_words(text: str, languages: tuple[str, ...], words: re.Pattern = _WORD) -> str | None:
    """Of `languages`, the one with the most distinct function words in `text` (MIN_WORDS at least), or None
    where none has them or two tie."""
    hits = Counter({lang: n for lang, n in _hits(text, words).items() if lang in languages})
    (lang, n), (_, second) = (hits.most_common(2) + [(None, 0), (None, 0)])[:2]
    return lang if n >= MIN_WORDS and n > second else None


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is in (CYRILLIC for a Cyrillic-script text no more can be
    told of), or None when its words cannot tell.

    English needs MIN_WORDS distinct function words of its own and at least as many as any other
    language; another Latin-script language needs MIN_WORDS and more than MARGIN times English's, so a
    Spanish name or a French title inside an English sentence ("the Plan de Acción para la
    Industrialización") never makes it Spanish."""
    text = unicodedata.normalize("NFC", text)  # a decomposed "của" is one word, not three
    by_script = _script(text)
    if by_script == CYRILLIC:
        return _cyrillic(text)
    if by_script == DEVANAGARI:
        return _by_words(text, DEVANAGARI_WORDS, _MARKED_WORD) or DEVANAGARI
    if by_script is not None:
        return by_script
    hits = _hits(text)
    english = hits.pop(config.CODING_LANGUAGE, 0)
    # ties go to the language listed first in the file: the hits' own order follows a set of words, whose
    # order changes with each process's hash seed (a Maori proverb was French in one run, Italian in the next)
    order = _order()
    other, n = max(hits.items(), key=lambda kv: (kv[1], -order[kv[0]]), default=(None, 0))
    if n >= MIN_WORDS and n > MARGIN * english:
        return other
    if english >= MIN_WORDS and english >= n:
        return config.CODING_LANGUAGE
    return None


def detect_all(texts: list[str]) -> list[str | None]:
    """`detect` for each text (the same text told once)."""
    seen: dict[str, str | None] = {}
    return [seen[t] if t in seen else seen.setdefault(t, detect(t)) for t in texts]


def of_sentence(told: str | None, turn: str | None) -> str | None:
    """A sentence's language: its own, or its turn's where it tells too little: nothing ("Gracias,
    Presidente."), or only its script (a short sentence of a Bulgarian statement, no Bulgarian word in it)."""
    if (
        told is None
        or (told == CYRILLIC and turn in _CYRILLIC_NAMED)
        or (told == DEVANAGARI and turn in DEVANAGARI_WORDS)
    ):
        return turn
    return told


def codable(language: str | None) -> bool:
    """Whether the codebook can read speech in `language`: its own, or one nobody could tell."""
    return language is None or language == config.CODING_LANGUAGE


def foreign(languages) -> np.ndarray:
    """`not codable` for a column of languages (nulls, however the table holds them, are codable)."""
    known = languages.notna().to_numpy(dtype=bool)
    return known & languages.fillna(config.CODING_LANGUAGE).ne(config.CODING_LANGUAGE).to_numpy(dtype=bool)


NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese", "de": "German", "it": "Italian",
    "nl": "Dutch", "id": "Indonesian or Malay", "tr": "Turkish", "pl": "Polish", "tl": "Tagalog",
    "vi": "Vietnamese", "ro": "Romanian", "cs": "Czech", "sk": "Slovak",
    "hr": "Croatian, Bosnian or Serbian", "sl": "Slovenian", "hu": "Hungarian", "sq": "Albanian",
    "sv": "Swedish", "da": "Danish", "nb": "Norwegian",
    "fi": "Finnish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian", "is": "Icelandic",
    "af": "Afrikaans", "az": "Azerbaijani", "ca": "Catalan", "ga": "Irish", "ht": "Haitian Creole",
    "lb": "Luxembourgish", "tn": "Tswana", "yo": "Yoruba", "lg": "Ganda", "sw": "Swahili", "ha": "Hausa",
    "so": "Somali",
    "ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "bg": "Bulgarian", "mk": "Macedonian",
    "sr": "Serbian", "kk": "Kazakh", "ky": "Kyrgyz", "tg": "Tajik", "uz": "Uzbek", "tt": "Tatar",
    "mn": "Mongolian", CYRILLIC: "Cyrillic script", "ps": "Pashto", "ur": "Urdu", "mr": "Marathi",
    "ne": "Nepali", DEVANAGARI: "Devanagari script",
    "ar": "Arabic", "fa": "Persian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "el": "Greek",
    "he": "Hebrew", "hi": "Hindi", "th": "Thai",
}  # fmt: skip
CODING_LANGUAGE_NAME = NAMES[config.CODING_LANGUAGE]  # "English": what messages call the codebook's language


# A delegation's uncounted speech in a session is a quotation in passing (a proverb, a greeting in Maori or
# Gilbertese, a verse in Hebrew: eight in the ten General Debate years) when it is at most MINOR_UNITS
# sentences or turns and at most MINOR_SHARE of that delegation's words there. Such sessions share one
# warning line; a statement made in another language, however short, keeps its own.
MINOR_UNITS = 2
MINOR_SHARE = 0.05
QUOTE_CHARS = 40  # how much of a quotation the shared line shows


def uncounted_by_session(rows, unit: str, spoken) -> dict[str, list[str]]:
    """What to say of the delegation speech in `rows` (turns or sentences, with `session_id`, `country`,
    `language`, `n_words`, `text`) that no share counts for its language, against `spoken`, all the
    delegations' speech of the same kind: `not_codable`, one line per session (how much, in which
    languages, whose, and what to do: it lowers the group's shares of every theme, so the analyst must
    hear it) and `in_passing`, one entry per session where it is only quoted in passing (see
    MINOR_UNITS), which `in_passing_line` puts on one line, so eight proverbs are not eight warnings."""
    passing = _in_passing(rows, spoken)
    major = rows[~rows["session_id"].isin(passing)]
    return {"not_codable": _session_lines(major, unit), "in_passing": _quoted(rows, passing)}


def _in_passing(rows, spoken) -> set[str]:
    """The sessions where each delegation's uncounted speech is a sentence or two and a small share of
    its own words there (the delegation's, not the session's: a Spanish reply among forty speakers
    is a statement, not a quotation)."""
    key = ["session_id", "country"]
    told = rows.groupby(key, observed=True)["n_words"].agg(["size", "sum"])
    total = spoken.groupby(key, observed=True)["n_words"].sum().reindex(told.index).fillna(0)
    small = told["size"].le(MINOR_UNITS) & told["sum"].le(MINOR_SHARE * total)
    by_session = small.groupby(level="session_id", observed=True).all()
    return {str(sid) for sid in by_session[by_session].index}


def _quoted(rows, sessions: set[str]) -> list[str]:
    """'NZL_78_2023 (NZL: "Kotahi ano te kdhao o te ngira e kuhii ai…")' for each session quoting in
    passing: the words themselves say what they are better than a language's name (Maori, which no
    list holds, is told French)."""
    out = []
    for sid, part in rows[rows["session_id"].isin(sessions)].groupby("session_id", sort=True, observed=True):
        first = " ".join(str(part["text"].iloc[0]).split())
        shown = first if len(first) <= QUOTE_CHARS else first[:QUOTE_CHARS].rstrip() + "\u2026"
        more = f" and {len(part) - 1} more" if len(part) > 1 else ""
        whose = ", ".join(sorted(set(part["country"].astype(str))))
        out.append(f"{sid} ({whose}: \u201c{shown}\u201d{more})")
    return out


def in_passing_line(entries: list[str], unit: str) -> str:
    """The one warning for every session that quotes another language in passing: which, and what to do
    if one of them matters."""
    n = len(entries)
    return (
        f"{n} session{'s' * (n != 1)} hold{'s' * (n == 1)} a {unit} or two not in "
        f"{CODING_LANGUAGE_NAME}, under {MINOR_SHARE:.0%} of the delegation's words there (a "
        f"quotation or a greeting, most likely), counted for no share: {'; '.join(entries)}; to count one, "
        f"code it by hand in a sheet for `themes --overrides`"
    )


def _session_lines(rows, unit: str) -> list[str]:
    """One line per session for the delegation speech in `rows` that no share counts for its language."""
    out = []
    for sid, part in rows.groupby("session_id", sort=True, observed=True):
        langs = part.groupby("language", sort=True, observed=True)["country"].agg(lambda c: sorted(set(c)))
        said = "; ".join(f"{NAMES.get(lang, lang)}: {', '.join(codes)}" for lang, codes in langs.items())
        n = len(part)
        out.append(
            f"{sid}: {n} delegation {unit}{'s' * (n != 1)} ({int(part['n_words'].sum()):,} words) not in "
            f"{CODING_LANGUAGE_NAME}, the codebook's language, count{'s' * (n == 1)} for no share "
            f"({said}); translate "
            f"them in the transcript, or code their sentences by hand in a sheet for `themes --overrides`"
        )
    return out


def coded_as_given(ids, texts, unit: str, effect: str) -> list[str]:
    """The warning for texts that `code` or `validate` codes as given although they are not in the codebook's
    language (none when all are, or too short to tell): how many, in which languages, which ids, and
    `effect`, what their coding then does, so that a Spanish sheet is not scored as if it were English."""
    by_language: dict[str, list[str]] = {}
    for i, lang in zip(ids, detect_all([str(t) for t in texts]), strict=True):
        if not codable(lang):
            by_language.setdefault(lang, []).append(str(i))
    if not by_language:
        return []
    n = sum(len(v) for v in by_language.values())
    langs = sorted(by_language.items())
    said = "; ".join(f"{NAMES.get(lang, lang)}: {first_few(found)}" for lang, found in langs)
    return [
        f"{n} {unit}{'s' * (n != 1)} not in {CODING_LANGUAGE_NAME}, the codebook's language ({said}), "
        f"coded as given: {effect}; translate them, or leave them out"
    ]
