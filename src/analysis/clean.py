"""Clean the words of one turn: remove speech machinery, keep every word of substance.

What goes, each logged with why: leftover markup tags, bracketed annotations
(``[inaudible]``, ``[crosstalk]``, ``(laughter)``), fillers (``uh``, ``um``,
``er``, ``erm``, ``hmm``...), stutters (``the the``, ``we-we``, ``i- i``,
``dev- development``). ``(spoke in French)`` is not speech: it becomes the turn's
``floor_language``.

Choices, so that no word of substance is lost:

- Discourse markers ("you know", "I mean", "like", "so", "well", "ah", "oh") are
  kept: they can carry meaning and removing them changes what was said.
- Repeated words are collapsed only when the repetition is a stutter. Words that
  legitimately come twice ("that that", "had had", "is is", "very very", "no no",
  "far far") are kept, as are repeated numbers and doubled place names ("Pago Pago").
- "Um" after an honorific ("Mr. Um") is a name and is kept.
- Square-bracketed text that is not an annotation (an editor's "[the Council]")
  is kept.

Cleaning is run to a fixed point, so ``clean(clean(x).text).text == clean(x).text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILLERS = (
    "uh",
    "uhh",
    "uhm",
    "um",
    "umm",
    "uhmm",
    "erm",
    "er",
    "hmm",
    "hmmm",
    "hm",
    "mm",
    "mmm",
    "mhm",
    "ehm",
    "ahm",
)
LEGIT_DOUBLES = frozenset(
    {
        "that",
        "had",
        "is",
        "very",
        "really",
        "far",
        "many",
        "much",
        "more",
        "again",
        "no",
        "never",
        "bye",
        "ha",
        "yes",
    }
)
# Places whose names double ("Pago Pago", "Bora Bora"): kept when capitalised.
DOUBLED_NAMES = frozenset({"pago", "bora", "walla", "baden", "wagga", "sing", "kuala"})
LEGIT_HYPHEN_DOUBLES = frozenset(
    {
        "so",
        "bye",
        "tut",
        "hush",
        "pooh",
        "goody",
        "knock",
        "chop",
        "pom",
        "dum",
        "tom",
        "ping",
        "pong",
        "win",
        "no",
        "boo",
        "yo",
        "ha",
        "ho",
        "hee",
        "mm",
    }
)
ANNOTATIONS = (
    r"inaudible|unintelligible|indiscernible|incomprehensible|crosstalk|cross-talk|cross talk|overlapping|"
    r"overlapping speech|laughter|laughs|laughing|chuckles|applause|clapping|music|silence|pause|pauses|"
    r"long pause|background noise|noise|static|coughs|cough|coughing|foreign|foreign language|"
    r"speaking foreign language|no audio|audio cuts out|audio cut|audio breaks up|technical difficulties|"
    r"technical difficulty|connection lost|break|blank_audio|blank audio|interpretation|interpreted|"
    r"end of transcript|off mic|off-mic|off microphone|mic off|unclear|beep|phone rings|sighs|gap|silent|"
    r"inaudible[^\]\)]{0,20}|crosstalk[^\]\)]{0,20}|speaking in [a-z]+|speaks in [a-z]+"
)

_TAG = re.compile(r"</?[A-Za-z][\w.]*(?:\s[^<>]{0,60})?>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_SPOKE = re.compile(
    r"\(\s*(?:spoke|speaking|interpretation from|interpreted from)\s+(?:in\s+)?([A-Z][a-z]+)"
    r"(?:\s*[;,][^()]{0,80})?\s*\)"
)
_BRACKET_TS = re.compile(r"[\[(]\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*[\])]")
# Any short bracketed text is a candidate; only annotation vocabulary inside it is removed.
_BRACKETED = re.compile(r"\[\s*([^\[\]()\n]{1,40}?)\s*\]|\(\s*([^\[\]()\n]{1,40}?)\s*\)|[♪♫]+")
_ANNOTATION_WORDS = re.compile(rf"(?:{ANNOTATIONS})", re.I)
_HONORIFIC_BEFORE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Mme|Prof|Judge|H\.E)\.?\s*$")
# A cheap first look: most turns have no filler at all, and the full pattern (with its optional
# leading comma) is slow to try at every position of a long speech.
# Case-sensitive on the lower-cased text: much faster than re.I.
_FILLER_HINT = re.compile(r"\b(?:" + "|".join(sorted(FILLERS, key=len, reverse=True)) + r")\b")
_FILLER = re.compile(
    r"(?P<pre>,\s*)?\b(?P<word>" + "|".join(FILLERS) + r")\b(?![-'’])(?P<post>\s*(?:\.\.\.|…|,))?",
    re.I,
)
# Possessive quantifiers (++): a word is never re-tried shorter, which keeps long speeches fast.
_WORD_REPEAT = re.compile(r"\b([^\W\d_]++)(?:,?\s+\1\b)+", re.I)
_HYPHEN_REPEAT = re.compile(r"\b([^\W\d_]++)-\s*\1\b", re.I)
_PARTIAL = re.compile(r"\b([^\W\d_]{1,8}+)-\s+(?=(\w+))", re.I)


@dataclass
class Cleaned:
    text: str
    removals: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    floor_language: str | None = None


def _filler(m: re.Match, removals: list) -> str:
    word = m.group("word")
    start = m.string[: m.start("word")]
    # "er" only when lowercase or set off by a comma (not "ER" or a name); "Mr. Um" is a name.
    if word.lower() in ("er",) and word != "er" and not m.group("post"):
        return m.group(0)
    if word[:1].isupper() and _HONORIFIC_BEFORE.search(start):
        return m.group(0)
    if word.isupper() and len(word) > 1 and word.lower() not in ("um", "uh", "hmm", "erm"):
        return m.group(0)
    removals.append((word, "filler"))
    # "Kenya, uh, stands" -> "Kenya stands": the commas only framed the filler.
    return " "


def _repeat(m: re.Match, removals: list) -> str:
    word = m.group(1)
    if word.lower() in LEGIT_DOUBLES:
        return m.group(0)
    # Place names that double ("Pago Pago") are kept; other capitalised doubles ("Security Security") stutter.
    if word[:1].isupper() and word.lower() in DOUBLED_NAMES:
        return m.group(0)
    n = len(re.findall(r"[^\W\d_]+", m.group(0))) - 1
    for _ in range(n):
        removals.append((word, "stutter"))
    return word


def _sentence_start(m: re.Match) -> bool:
    before = m.string[: m.start()].rstrip()
    return not before or before[-1] in '.!?:;"“>'


def _hyphen_repeat(m: re.Match, removals: list) -> str:
    word = m.group(1)
    if word.lower() in LEGIT_HYPHEN_DOUBLES:
        return m.group(0)
    second = m.group(0)[len(m.group(0)) - len(word) :]
    if (
        second[:1].isupper()
        and word != "I"
        and not _sentence_start(m)
        or (word[:1].isupper() and second[:1].isupper() and len(word) > 2 and word.upper() != word)
    ):
        return m.group(0)  # "Baden-Baden", "Wagga-Wagga"
    removals.append((f"{word}-", "stutter"))
    return word if len(word) == len(second) else second


def _partial(m: re.Match, removals: list) -> str:
    frag, nxt = m.group(1), m.group(2)
    if (
        nxt.lower().startswith(frag.lower())
        and len(nxt) >= len(frag)
        and frag.lower() not in ("pre", "post", "non", "co")
    ):
        removals.append((f"{frag}-", "stutter"))
        return ""
    return m.group(0)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v]{2,}|[\t\r\f\v]", " ", text)  # only where a change is needed
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r"([.!?])\s*,", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip()


def _one_pass(text: str, removals: list, langs: list) -> str:
    def tag(m):
        removals.append((m.group(0), "markup"))
        return " "

    def spoke(m):
        langs.append(m.group(1))
        removals.append((re.sub(r"\s+", " ", m.group(0)), "floor_language"))
        return " "

    def ts(m):
        removals.append((m.group(0), "timestamp"))
        return " "

    def annotation(m):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if inner is not None and not _ANNOTATION_WORDS.fullmatch(inner):
            return m.group(0)
        removals.append((m.group(0), "annotation"))
        return " "

    text = _TAG.sub(tag, text)
    text = _SPOKE.sub(spoke, text)
    text = _BRACKET_TS.sub(ts, text)
    if "[" in text or "(" in text or "♪" in text or "♫" in text:
        text = _BRACKETED.sub(annotation, text)
    if ">>" in text:
        text = re.sub(r"^\s*>>+\s*|\s+>>+\s+", lambda m: (removals.append((">>", "markup")), " ")[1], text)
    if _FILLER_HINT.search(text.lower()):
        text = _FILLER.sub(lambda m: _filler(m, removals), text)
    if "-" in text:
        text = _HYPHEN_REPEAT.sub(lambda m: _hyphen_repeat(m, removals), text)
        if re.search(r"-\s", text):  # a partial word ends in a hyphen and a space
            text = _PARTIAL.sub(lambda m: _partial(m, removals), text)
    text = _WORD_REPEAT.sub(lambda m: _repeat(m, removals), text)
    return _tidy(text)


def clean(text: str) -> Cleaned:
    """Clean one turn's text; returns the text, the removals (what, why) and the floor language."""
    removals: list[tuple[str, str]] = []
    langs: list[str] = []
    current = text
    for _ in range(6):
        before = len(removals)
        current = _one_pass(current, removals, langs)
        if len(removals) == before:  # nothing removed: another pass would change nothing (tidy is idempotent)
            break
    return Cleaned(current, removals, langs[0] if langs else None)


def clean_text(text: str) -> str:
    return clean(text).text


# --------------------------------------------------------------------------- procedural speech

_PROCEDURAL_PHRASES = re.compile(
    r"\b(?:i\s+(?:now\s+|shall\s+now\s+|will\s+now\s+|would\s+now\s+like\s+to\s+|now\s+have\s+the\s+pleasure"
    r"\s+to\s+|have\s+the\s+pleasure\s+to\s+)?(?:give|pass|hand|turn|open)\s+(?:over\s+)?the\s+floor\s+"
    r"(?:over\s+)?to\b[^.?!]*"
    r"|(?:you|they)\s+have\s+the\s+floor|the\s+floor\s+is\s+(?:yours|now\s+yours|open)[^.?!]*"
    r"|(?:you\s+are|you're|you\s+seem\s+to\s+be|are\s+you)\s+(?:still\s+)?(?:on\s+)?mute[d]?"
    r"|(?:please\s+)?unmute(?:\s+yourself)?|can\s+(?:you|everyone|everybody|all\s+of\s+you)\s+(?:hear|see)\s+"
    r"(?:me|us|my\s+screen)|(?:do\s+)?you\s+hear\s+me|we\s+(?:can(?:not|'t)|can\s+not)\s+hear\s+you"
    r"|(?:the\s+)?next\s+slide(?:\s+please)?|(?:let\s+me|i\s+will|i'll)\s+share\s+my\s+screen"
    r"|(?:is\s+)?my\s+(?:screen|microphone|mic|audio|camera)\s+[^.?!]*"
    r"|(?:i\s+)?(?:invite|call\s+(?:up)?on)\s+[^.?!]{0,80}?\s+to\s+(?:take\s+the\s+floor|speak|make\s+"
    r"(?:a|his|her|their)\s+statement)[^.?!]*"
    r"|(?:welcome|thank\s+you|thanks)\s+(?:to\s+)?(?:all|everyone|everybody)"
    r"|we\s+(?:will\s+)?(?:now\s+)?(?:move|proceed|turn)\s+(?:on\s+)?to\s+(?:the\s+)?next\s+(?:speaker|item))",
    re.I,
)
_COURTESY = frozenset(
    """
thank thanks thankyou you very much so madam mister mr mrs ms chair chairperson chairman chairwoman co-chair
president vice-president moderator excellency excellencies distinguished colleagues colleague delegates
delegate ladies gentlemen good morning afternoon evening everyone everybody all hello hi dear and the a an
ok okay yes please welcome again once for to of your kind kindly words floor sir dame am i we it is are
greetings warm warmly bonjour gracias merci shukran dear friends friend honour honor pleasure great glad
indeed now let me just also with this that
""".split()
)


def is_procedural(text: str) -> bool:
    """True for speech that only runs the meeting: greetings and thanks, giving the floor, "you are on
    mute", "can you hear me?", "next slide please". It flags; nothing is deleted."""
    words = re.findall(r"[\w'’-]+", text)
    if not words:
        return True
    if len(words) > 60:
        return False
    rest = _PROCEDURAL_PHRASES.sub(" ", text)
    left = [w for w in re.findall(r"[\w'’-]+", rest) if w.lower().strip("'’") not in _COURTESY]
    # What remains after courtesies may be names ("Ambassador Otieno", "Ghana"): a few capitalised words.
    substantive = [w for w in left if not w[:1].isupper()]
    return len(substantive) <= 1 and len(left) <= 4
