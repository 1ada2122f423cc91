"""The grammar of speaker labels: where a transcript says who speaks next.

Two styles. UN verbatim records: ``Mr. Kiboino (Kenya):``, ``Mrs. Salazar-Mejía (Colombia)
(spoke in Spanish):``, ``The Acting President:``, which may run over a line break. Everything
else: a generic ``Name: text`` at the start of a line, accepted only when the name looks like
a speaker (short, every word name-like), so "The answer is simple: ..." stays speech.
"""

from __future__ import annotations

import re

from analysis import countries
from analysis.ingest.vocabulary import HONORIFIC, LANGUAGE_NOTE_SOURCE, NAME_PARTICLES, OFFICER_TITLE

_NOTE = rf"(?:\s*{LANGUAGE_NOTE_SOURCE})?"
# "Mr. Kiboino (Kenya):", "Mrs. Salazar-Mejía  (Colombia) ( spoke in\nSpanish):" - may run over a line break.
_VERBATIM_MEMBER = (
    rf"{HONORIFIC}\.?[ \t]+[^\s():][^():\n]{{0,70}}?(?:\s+[^():\n]{{1,40}}?)?\s*\(\s*[^():]{{2,80}}?\s*\)"
    + _NOTE
)
_VERBATIM_OFFICER = rf"The\s+{OFFICER_TITLE}(?:\s*\(\s*[^()\n:]{{2,60}}?\s*\))?" + _NOTE
VERBATIM_LABEL = re.compile(
    rf"^[ \t]*(?P<label>(?:{_VERBATIM_MEMBER})|(?:{_VERBATIM_OFFICER}))\s*:[ \t]*",
    re.MULTILINE,
)
_GENERIC_LABEL = re.compile(r"^[ \t]*(?P<label>[^\s:][^:\n]{0,79}?)[ \t]*:(?:[ \t]+|$)")


def looks_like_label(candidate: str) -> bool:
    """A plausible speaker label: short, and every word a name-like word (capitalised, initials, brackets).

    Guards the generic ``Name: text`` form against sentences such as "The answer is simple: ...".
    """
    cand = candidate.strip()
    if (
        not cand
        or len(cand) > 80
        or cand.endswith((".", ",", "-"))
        and not cand.endswith(".")
        or re.search(r"[?!;\"“”]|https?|\d{1,2}:\d{2}", cand)
    ):
        return False
    words = re.split(r"[\s,/]+", cand)
    words = [w for w in words if w and w not in {"-", "–", "—", "&"}]
    if not words or len(words) > 10:
        return False
    for w in words:
        core = w.strip("()[]'’\".")
        if not core:
            continue
        if core.lower() in NAME_PARTICLES:
            continue
        # "iPhone", "d'Ivoire", "McKinsey": a capital anywhere makes a name-like word.
        if core[0].isdigit() and len(words) > 1 or any(ch.isupper() for ch in core):
            continue
        return False
    # A lone small word or number is not a speaker.
    return any(ch.isupper() for w in words for ch in w)


def split_generic_label(line: str) -> tuple[str | None, str]:
    """``"Kenya - Mr. Otieno: text"`` -> ("Kenya - Mr. Otieno", "text"); no label -> (None, line)."""
    m = _GENERIC_LABEL.match(line)
    if m and looks_like_label(m.group("label")):
        return m.group("label").strip(), line[m.end() :]
    return None, line


def is_name_list(line: str) -> bool:
    """A line of names only ("Kenya, Ghana, Côte d'Ivoire"), as in a vote list."""
    words = [w.strip("(),.;'’") for w in line.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words)


def normalise_label(label: str) -> str:
    """Undo text-layer spacing slips in a label: "Switzer land" -> "Switzerland" when that names a country."""
    m = re.search(r"\(([^()]+)\)\s*$", label)
    if not m:
        return label
    inner = m.group(1).strip()
    if " " in inner and countries.lookup(inner) is None:
        joined = inner.replace(" ", "")
        if countries.lookup(joined) is not None:
            return label[: m.start()] + f"({joined})"
        # "Dominican Repub lic": join the pieces pairwise until the name is known.
        words = inner.split()
        for i in range(len(words) - 1):
            cand = " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2 :])
            if countries.lookup(cand) is not None:
                return label[: m.start()] + f"({cand})"
    return label
