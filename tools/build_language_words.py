"""Rebuild src/analysis/data/language-words.txt: the function words that tell a turn's language.

Run once by hand (``.venv/bin/python tools/build_language_words.py``); the package reads the text
file, never spaCy's language packages (importing ``spacy.lang.fr`` alone takes seconds, and a spaCy
upgrade would otherwise change which turns count without a change to this repository).

The words are spaCy's stop-word lists (MIT), for English and for the languages delegations may
speak at a regional session without interpretation into the record: Spanish, French, Portuguese,
German, Italian (Arabic, Russian and Chinese are told by their script). English keeps the words no
other of these lists holds ("the", "of", "and", not "a", "in", "will"). Each other language keeps
only the words that are not English stop words either, less the few that are also everyday English
words (``ENGLISH_TOO``: the words of those lists met 20 times or more in the English 2023 General
Debate, "war", "state", "sea", "possible"), so English prose scores next to nothing there.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "analysis" / "data" / "language-words.txt"
LANGUAGES = ("en", "es", "fr", "pt", "de", "it")
ENGLISH_TOO = {
    "ad", "al", "cent", "certain", "co", "come", "different", "dire", "diverse", "embargo", "era", "final",
    "fine", "gross", "inclusive", "local", "male", "man", "men", "net", "non", "possible", "press", "sea",
    "seize", "sent", "state", "stop", "suit", "tend", "total", "want", "war", "zero", "die", "quest",
}  # fmt: skip


def words(lang: str) -> set[str]:
    return set(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)


def main() -> int:
    import spacy

    english = words("en")
    # English scores only the words no other language here lists ("the", "of", "and", not "a", "in")
    others = set().union(*(words(lang) for lang in LANGUAGES[1:]))
    lines = [
        f"# Function words by language (ISO 639-1), from spaCy {spacy.__version__}'s stop-word lists (MIT).",
        "# Made by tools/build_language_words.py: other languages less English stop words and everyday",
        "# English words; English less the other languages' words. One language a line: its code, then",
        "# its words separated by spaces.",
        "en " + " ".join(sorted(w for w in english - others if w.isalpha())),
    ]
    for lang in LANGUAGES[1:]:
        kept = {w.lower() for w in words(lang) if w.isalpha()} - english - ENGLISH_TOO
        lines.append(f"{lang} " + " ".join(sorted(kept)))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {', '.join(LANGUAGES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
