"""Join words a line break split with a hyphen ("develop-\\nment"); keep real compounds ("non-\\nState",
"Secretary-\\nGeneral")."""

from __future__ import annotations

import re
from collections import Counter

from analysis.ingest.readers.labels import VERBATIM_LABEL, split_generic_label
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import HONORIFIC

# Heads of compounds that keep their hyphen when the document itself gives no evidence either way.
_HYPHEN_KEEP = frozenset(
    """
non co self well long short anti pre post multi inter cross semi vice
ex full high low mid so sub pan all half far cost small large
world nuclear decision policy follow two three four five one twenty thirty forty fifty
sixty seventy eighty ninety first second third fourth south north east west african socio
macro micro counter over under out up down life time rule ever
""".split()
)
_HYPHEN_BREAK = re.compile(r"(\b[A-Za-zÀ-ÿ]+)-[ \t]*\n[ \t]*([A-Za-zÀ-ÿ0-9][\w’'-]*)")
# A line start after a hyphen that begins a speaker's label ("Mr. Smith (France):", "The President:"),
# not the second half of a compound.
_LABEL_START = re.compile(rf"The|{HONORIFIC}")


def _line_labels(text: str) -> Counter:
    """How often each generic label ("KENYA", "Chair") opens a line of the document."""
    return Counter(label for line in text.splitlines() if (label := split_generic_label(line)[0]))


def _opens_label(line: str, labels: Counter) -> bool:
    """Does `line` begin with a speaker's label: one of the record's own forms ("The President:",
    "Mr. Lee (Singapore):", "Chair:"), or a generic label that opens another line of the document too?
    A compound's tail followed by a colon once ("Non-/Aligned Movement: first, ...") is not a label."""
    if VERBATIM_LABEL.match(line):
        return True
    label = split_generic_label(line)[0]
    return label is not None and labels[label] >= 2


def dehyphenate(text: str, source: str, log: RemovalLog) -> str:
    """Join words split over a line break ("develop-\\nment"), keeping real compounds ("non-\\nState").

    The document itself decides where it can: a joined form used elsewhere ("statement") is joined, a
    hyphenated form used elsewhere ("State-owned") is kept; otherwise common compound heads keep the hyphen.
    """
    if not _HYPHEN_BREAK.search(text):
        return text
    words = Counter(re.findall(r"[\w’'-]+", text.lower()))
    labels = _line_labels(text)

    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        if not tail[0].islower():
            end = text.find("\n", m.start(2))
            if _LABEL_START.fullmatch(tail) or _opens_label(
                text[m.start(2) : end if end >= 0 else None], labels
            ):
                return m.group(
                    0
                )  # the next line opens a speaker's label ("Chair:", "KENYA:"): keep the break
            if head.isupper() and tail.isupper() and len(head) > 1 and words[joined] and not words[compound]:
                log.add(f"{head}-|{tail}", "hyphenation", source)  # a capitals heading: "DEVELOP-/MENT"
                return head + tail
            # A capital or a digit after the break starts the second half of a compound ("Secretary-
            # General", "South-South", "COVID-19"), never the rest of a word: keep the hyphen.
            return f"{head}-{tail}"
        if words[compound] and not words[joined]:
            keep = True
        elif words[joined]:
            keep = False
        else:
            keep = head.lower() in _HYPHEN_KEEP or head[1:].isupper() and len(head) > 1
        if keep:
            return f"{head}-{tail}"
        log.add(f"{head}-|{tail}", "hyphenation", source)
        return head + tail

    return _HYPHEN_BREAK.sub(join, text)
