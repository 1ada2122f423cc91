"""Rebuild src/analysis/data/language-words.txt: the function words that tell a turn's language.

Run once by hand (``.venv/bin/python tools/build_language_words.py``, with ``pip install stopwordsiso``
for the lists spaCy lacks and ``../shared`` beside the project for the English it is checked against); the
package reads the text file, never spaCy's language packages (importing ``spacy.lang.fr`` alone takes
seconds, and a spaCy upgrade would otherwise change which turns count without a change to this repository).

The words are spaCy's stop-word lists (MIT), and for Swahili, Hausa and Somali, which spaCy has none
of, stopwords-iso's (MIT, through the ``stopwordsiso`` package). English keeps the words no list of
``LANGUAGES``, the languages most often met beside it (Spanish, French, Portuguese, German, Italian), holds
("the", "of", "and", not "a", "in", "will"). Each of those keeps only the words that are not English stop
words either, less the few that are also everyday English words (``ENGLISH_TOO``: the words of those lists
met 20 times or more in the English 2023 General Debate, "war", "state", "sea", "possible").

``ADDED`` are the Latin-script languages of other member states whose delegations may speak them at a
regional session (Dutch, Indonesian and Malay, Turkish, Polish, Tagalog, Vietnamese, Swahili, ...). No
hand could weed thirty lists, so each loses by rule what English prose holds: the English stop words,
``ENGLISH_TOO``, every word met ``ENGLISH_TOO_OFTEN`` times or more in the English 2023 General Debate
("nam" of Viet Nam, "de" of names, "ai") and single letters (initials, and words broken by a scan, "W]e").
Their words that English lists too ("to", "we", "is") stay English's, so English keeps its own.

``CYRILLIC`` are Cyrillic-script languages told apart by their words where their letters do not
(``ingest.language._cyrillic``), ``DEVANAGARI`` Devanagari-script ones: each keeps the words no other of
the same script lists.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "analysis" / "data" / "language-words.txt"
LANGUAGES = ("en", "es", "fr", "pt", "de", "it")
ADDED = (
    "nl", "id", "tr", "pl", "tl", "vi", "ro", "cs", "sk", "hr", "sl", "hu", "sq", "sv", "da", "nb", "fi",
    "et", "lv", "lt", "is", "af", "az", "ca", "ga", "ht", "lb", "tn", "yo", "lg", "sw", "ha", "so",
)  # fmt: skip
ISO_ONLY = {"sw", "ha", "so"}  # lists stopwords-iso has and spaCy has not
CYRILLIC = ("ru", "uk", "bg", "mk", "sr", "ky")
DEVANAGARI = ("hi", "mr", "ne")
ENGLISH_TOO = {
    "ad", "al", "cent", "certain", "co", "come", "different", "dire", "diverse", "embargo", "era", "final",
    "fine", "gross", "inclusive", "local", "male", "man", "men", "net", "non", "possible", "press", "sea",
    "seize", "sent", "state", "stop", "suit", "tend", "total", "want", "war", "zero", "die", "quest",
}  # fmt: skip
ENGLISH_TOO_OFTEN = 20  # times a word is met in the English 2023 General Debate to be no added language's
ENGLISH_PROSE = "corpora/ungdc/Session 78 - 2023"


def words(lang: str) -> set[str]:
    """A language's stop words, lower-cased, letters only (no "d'", no "a.m."), and in Devanagari the vowel
    signs written on them, which are marks ("है")."""
    if lang in ISO_ONLY:
        import stopwordsiso

        listed = stopwordsiso.stopwords(lang)
    else:
        listed = importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    marked = lang in DEVANAGARI
    return {
        w.lower()
        for w in listed
        if all(c.isalpha() or (marked and unicodedata.category(c)[0] == "M") for c in w)
    }


def english_prose_words() -> set[str]:
    """Words met ENGLISH_TOO_OFTEN times or more in the English speeches of the 2023 General Debate."""
    shared = Path(os.environ.get("ANALYSIS_SHARED", ROOT.parent / "shared"))
    folder = shared / ENGLISH_PROSE
    if not folder.is_dir():
        sys.exit(f"{folder} not found: set ANALYSIS_SHARED to the folder holding corpora/ungdc")
    texts = [f.read_text("utf-8").lower() for f in sorted(folder.glob("*.txt"))]
    counts = Counter(w for text in texts for w in re.findall(r"[^\W\d_]+", text))
    return {w for w, n in counts.items() if n >= ENGLISH_TOO_OFTEN}


def main() -> int:
    from importlib.metadata import version

    import spacy

    english = words("en")
    # English scores only the words no other language here lists ("the", "of", "and", not "a", "in")
    others = set().union(*(words(lang) for lang in LANGUAGES[1:]))
    prose = english_prose_words()
    lines = [
        f"# Function words by language (ISO 639-1) from spaCy {spacy.__version__}'s stop-word lists (MIT);",
        f"# sw, ha, so from stopwords-iso (MIT), stopwordsiso {version('stopwordsiso')}.",
        "# Made by tools/build_language_words.py. es fr pt de it: less English stop words and everyday",
        "# English words. The Latin-script lines after them: less these too, the words met 20 times or more",
        "# in the English 2023 General Debate, and single letters. ru uk bg mk sr ky, and hi mr ne: each",
        "# less the others' words. English: less the words of es fr pt de it. One language a line: its",
        "# code, then its words.",
        "en " + " ".join(sorted(english - others)),
    ]
    for lang in LANGUAGES[1:]:
        lines.append(f"{lang} " + " ".join(sorted(words(lang) - english - ENGLISH_TOO)))
    for lang in ADDED:
        kept = {w for w in words(lang) - english - ENGLISH_TOO - prose if len(w) > 1}
        lines.append(f"{lang} " + " ".join(sorted(kept)))
    for script in (CYRILLIC, DEVANAGARI):  # the words no other of them lists: "и", "на", "за" tell none
        for lang in script:
            rest = set().union(*(words(other) for other in script if other != lang))
            lines.append(f"{lang} " + " ".join(sorted(words(lang) - rest)))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(LANGUAGES + ADDED + CYRILLIC + DEVANAGARI)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
