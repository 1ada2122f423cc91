"""Join words a PDF's text layer split with a space ("Gene ral", "wh ich", "Declaratio n").

A PDF places glyphs, not words; where kerning or a font change widens a gap, the extracted text
gets a space inside a word. The document itself tells the split from two words: the joined form
is a word it uses elsewhere, and neither piece is a word it uses (more than `MAX_PIECE` times)
outside the split's own occurrences. Common English words ("in to", "a cross") are never joined.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from analysis.ingest.removals import RemovalLog

# The head and its space only: the tail is looked ahead at, so it can be the next pair's head
# ("more develop ment": "more develop" is no split, "develop ment" still gets its look).
_PAIR = re.compile(r"\b([A-Za-zÀ-ÿ]+) (?=([a-zà-ÿ]+)\b)")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# Below this many words a document's counts cannot tell a rare piece from a rare word.
MIN_WORDS = 2000
# A piece used more often than this outside the split itself is a word of the document, not a fragment.
MAX_PIECE = 2


def join_split_words(text: str, source: str, log: RemovalLog) -> str:
    """The text with split words joined; each join logged as ``Gene|ral`` (``text_layer_split``).

    The joined form is looked up in any case ("Gove rnment" at a sentence start is joined on the
    strength of "government"); a piece is counted as it is written ("l" is not the "L" of "A/79/L.20"),
    and its uses inside the same split do not count against it: a split repeated on every page
    ("Th ailand" four times) is still a split.
    """
    found = _WORD.findall(text)
    if len(found) < MIN_WORDS:
        return text
    words, lower = Counter(found), Counter(w.lower() for w in found)
    pairs = Counter(_PAIR.findall(text))

    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        inside = pairs[head, tail]
        fragment = (
            lower[(head + tail).lower()]
            and words[head] - inside <= MAX_PIECE
            and words[tail] - inside <= MAX_PIECE
            and head.lower() not in STOP_WORDS
            and tail not in STOP_WORDS
        )
        if not fragment:
            return m.group(0)
        log.add(f"{head}|{tail}", "text_layer_split", source)
        return head

    return _PAIR.sub(join, text)
