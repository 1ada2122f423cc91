"""Clean the words of one turn: remove speech machinery, keep every word of substance.

What goes, each logged with why: leftover markup tags, bracketed annotations
(``[inaudible]``, ``[crosstalk]``, ``(laughter)``), fillers (``uh``, ``um``,
``er``, ``erm``, ``hmm``...), stutters (``the the``, ``we-we``, ``i- i``,
``dev- development``). ``(spoke in French)`` is not speech: it becomes the turn's
``floor_language``, and so does a channel's code opening the turn (``[FR]``, from a label "Name [FR]:").

Fillers and stutters are disfluencies of speech transcribed as spoken (captions, a speech-to-text
meeting transcript). An edited written record (a verbatim record, minutes, a PDF) has none, and
there the same patterns only find real text: a list ("war crimes, crimes against humanity",
"Guinea, Guinea Bissau"), "to do so, so that", a word a PDF's text layer split ("Memb er States").
``clean(..., disfluencies=False)`` leaves them alone; ``transcribed_as_spoken`` tells a file's kind
from its text: captions, or any text with an unmistakable filler ("uh", "um", "erm"), which an edited
record never prints (none in the nine UN records; a PDF or Word export of a meeting's speech-to-text
transcript has them).

Choices, so that no word of substance is lost:

- Discourse markers ("you know", "I mean", "like", "so", "well", "ah", "oh") are
  kept: they can carry meaning and removing them changes what was said.
- Repeated words are collapsed only when the repetition is a stutter. Words that
  legitimately come twice ("that that", "had had", "is is", "very very", "no no",
  "far far") are kept, as are repeated numbers and doubled place names ("Pago Pago").
- A word repeated across a comma is a stutter only when it is a small word a speaker
  starts over on ("the, the answer", "we, we propose", "it, it's"); a word of content
  repeated across a comma is a list or emphasis, even when spoken ("war crimes, crimes
  against humanity", "funny, funny, funny"), and "so, so that" is kept ("so" is a
  discourse marker).
- "Um" after an honorific ("Mr. Um") is a name and is kept.
- Square-bracketed text that is not an annotation (an editor's "[the Council]")
  is kept.

Cleaning is run to a fixed point, so ``clean(clean(x).text).text == clean(x).text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from analysis import countries
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import (
    ADDRESSED_GO_AHEAD,
    ANNOTATIONS,
    COURTESY_WORDS,
    DELEGATE_OFFICE,
    DOUBLED_NAMES,
    FILLERS,
    FLOOR_GIVEN,
    LANGUAGE_CODE_NOTE,
    LANGUAGE_CODES,
    LANGUAGE_NOTE,
    LEADING_ADDRESS,
    LEGIT_DOUBLES,
    LEGIT_HYPHEN_DOUBLES,
    NOT_AFTER_ABBREVIATION,
    PROCEDURAL_PHRASES,
    RESTART_WORDS,
    THANKS_OR_GREETING,
    TITLE_BEFORE,
    TITLE_OR_INITIAL,
    UNMISTAKABLE_FILLERS,
    language_name,
)

_TAG = re.compile(r"</?[A-Za-z][\w.]*(?:\s[^<>]{0,60})?>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_BRACKET_TS = re.compile(r"[\[(]\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*[\])]")
# Any short bracketed text is a candidate; only annotation vocabulary inside it is removed.
_BRACKETED = re.compile(r"\[\s*([^\[\]()\n]{1,40}?)\s*\]|\(\s*([^\[\]()\n]{1,40}?)\s*\)|[♪♫]+")
_ANNOTATION_WORDS = re.compile(rf"(?:{ANNOTATIONS})", re.I)
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


_UNMISTAKABLE_FILLER = re.compile(rf"\b(?:{'|'.join(UNMISTAKABLE_FILLERS)})\b(?![-'’])", re.I)
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’-]*)[ \t]+$")
# what follows "Umm" in a place name: a capitalised word, or the Arabic article ("Umm al-Quwain")
_NAME_AFTER = re.compile(r"[ \t]+(?:[ae]l-|(?!I\b)[^\W\d_])")


def _in_name(text: str, start: int, end: int) -> bool:
    """Is the capitalised word at text[start:end] part of a name: after a title ("Mr. Um"), or inside a
    sentence with only spaces around it and a capitalised word or "al-" after it ("Ruben Um Nyobe",
    "the port of Umm Qasr", "Umm al-Quwain")? A filler starting a sentence, set off by commas ("Um, we",
    "Kenya, Um, stands") or before "I" ("so Um I think") is not."""
    if not text[start:end][:1].isupper():
        return False
    if TITLE_BEFORE.search(text, 0, start):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 80), start)
    after = _NAME_AFTER.match(text, end)
    return bool(before and after and (after.group(0).lstrip()[0].isupper() or after.group(0).endswith("-")))


def transcribed_as_spoken(texts: list[str], captions: bool = False) -> bool:
    """Whether a file's turns are speech transcribed as spoken (captions, or a filler anywhere), so
    that fillers and stutters are disfluencies to remove, not words of an edited record."""
    return captions or any(
        not _in_name(t, m.start(), m.end())  # "Mr. Um", "Ruben Um Nyobe" are names
        for t in texts
        for m in _UNMISTAKABLE_FILLER.finditer(t)
    )


@dataclass
class Cleaned:
    text: str
    log: RemovalLog  # each removal located at the ``source`` given to ``clean``
    floor_language: str | None = None

    @property
    def removals(self) -> list[tuple[str, str]]:
        """(what, why) of each removal, in order."""
        return [(r.what, r.why) for r in self.log]


def clean(text: str, source: str = "", *, disfluencies: bool = True) -> Cleaned:
    """Clean one turn's text (found at ``source``): the text, the removals and the floor language.

    ``disfluencies``: also remove fillers and stutters, for speech transcribed as spoken; False for an
    edited written record, which has none (markup, annotations and the floor language still go).
    """
    cleaner = _Cleaner(source, disfluencies)
    current = text
    for _ in range(6):
        before = len(cleaner.log)
        current = cleaner.one_pass(current)
        if (
            len(cleaner.log) == before
        ):  # nothing removed: another pass would change nothing (tidy is idempotent)
            break
    return Cleaned(current, cleaner.log, cleaner.languages[0] if cleaner.languages else None)


class _Cleaner:
    """One turn's cleaning: each ``re.sub`` callback logs what it removes."""

    def __init__(self, source: str, disfluencies: bool = True):
        self.source = source
        self.disfluencies = disfluencies
        self.log = RemovalLog()
        self.languages: list[str] = []

    def remove(self, what: str, why: str, replacement: str = " ") -> str:
        self.log.add(what, why, self.source)
        return replacement

    def one_pass(self, text: str) -> str:
        text = _TAG.sub(lambda m: self.remove(m.group(0), "markup"), text)
        text = LANGUAGE_NOTE.sub(self.language, text)
        text = LANGUAGE_CODE_NOTE.sub(self.language_code, text)  # "[FR] ...", from a label "Name [FR]:"
        text = _BRACKET_TS.sub(lambda m: self.remove(m.group(0), "timestamp"), text)
        if "[" in text or "(" in text or "♪" in text or "♫" in text:
            text = _BRACKETED.sub(self.annotation, text)
        if ">>" in text:
            text = re.sub(r"^\s*>>+\s*|\s+>>+\s+", lambda m: self.remove(">>", "markup"), text)
        if self.disfluencies:
            text = self.disfluency_pass(text)
        return _tidy(text)

    def disfluency_pass(self, text: str) -> str:
        """Fillers and stutters off: only in speech transcribed as spoken."""
        if _FILLER_HINT.search(text.lower()):
            text = _FILLER.sub(self.filler, text)
        if "-" in text:
            text = _HYPHEN_REPEAT.sub(self.hyphen_repeat, text)
            if re.search(r"-\s", text):  # a partial word ends in a hyphen and a space
                text = _PARTIAL.sub(self.partial, text)
        return _WORD_REPEAT.sub(self.repeat, text)

    def language(self, m: re.Match) -> str:
        self.languages.append(language_name(m.group("language")))
        return self.remove(re.sub(r"\s+", " ", m.group(0)), "floor_language")

    def language_code(self, m: re.Match) -> str:
        self.languages.append(LANGUAGE_CODES[m.group("code")])
        return self.remove(re.sub(r"\s+", "", m.group(0)), "floor_language")

    def annotation(self, m: re.Match) -> str:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if inner is not None and not _ANNOTATION_WORDS.fullmatch(inner):
            return m.group(0)
        return self.remove(m.group(0), "annotation")

    def filler(self, m: re.Match) -> str:
        word = m.group("word")
        # "er" only when lowercase or set off by a comma (not "ER" or a name); "Mr. Um" is a name.
        if word.lower() in ("er",) and word != "er" and not m.group("post"):
            return m.group(0)
        if _in_name(m.string, m.start("word"), m.end("word")):
            return m.group(0)
        if word.isupper() and len(word) > 1 and word.lower() not in ("um", "uh", "hmm", "erm"):
            return m.group(0)
        # "Kenya, uh, stands" -> "Kenya stands": the commas only framed the filler.
        return self.remove(word, "filler")

    def repeat(self, m: re.Match) -> str:
        word = m.group(1)
        if word.lower() in LEGIT_DOUBLES:
            return m.group(0)
        # Doubled place names ("Pago Pago", "pago pago" in captions) are kept; other capitalised doubles
        # ("Security Security") stutter.
        if word.lower() in DOUBLED_NAMES:
            return m.group(0)
        # Across a comma only a small word is a restart; "crimes, crimes" is a list, "funny, funny" emphasis.
        if "," in m.group(0) and word.lower() not in RESTART_WORDS:
            return m.group(0)
        n = len(re.findall(r"[^\W\d_]+", m.group(0))) - 1
        for _ in range(n):
            self.remove(word, "stutter")
        return word

    def hyphen_repeat(self, m: re.Match) -> str:
        word = m.group(1)
        # "so-so", "south-south", "Fifty-fifty", "BYE-BYE": a reduplicated word in any case.
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
        return self.remove(f"{word}-", "stutter", word if len(word) == len(second) else second)

    def partial(self, m: re.Match) -> str:
        frag, nxt = m.group(1), m.group(2)
        if (
            nxt.lower().startswith(frag.lower())
            and len(nxt) >= len(frag)
            and frag.lower() not in ("pre", "post", "non", "co")
        ):
            return self.remove(f"{frag}-", "stutter", "")
        return m.group(0)


def _sentence_start(m: re.Match) -> bool:
    before = m.string[: m.start()].rstrip()
    return not before or before[-1] in '.!?:;"“>'


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


# --------------------------------------------------------------------------- procedural speech


_WORD = re.compile(r"[\w'’-]+")
PROCEDURAL_MAX_WORDS = 60  # a turn or sentence longer than this is speech, whatever its words


def is_procedural(text: str) -> bool:
    """True for speech that only runs the meeting: greetings and thanks, giving the floor, "you are on
    mute", "can you hear me?", "next slide please". It flags; nothing is deleted. Every sentence must run
    it: "Thank you, Chair. Water is life." pools only one word of substance, but its second sentence
    says something, and a turn flagged here loses all its sentences from the counts."""
    return _procedural(_names_as_names(text))


def _procedural(text: str) -> bool:
    return _only_courtesies(text) and not any(_says_something(s) for s in _SENTENCE_BREAK.split(text))


def _names_as_names(text: str) -> str:
    """A caption without capitals with its countries' names capitalised (``countries.names_capitalised``):
    "thank you. côte d'ivoire has the floor" gives the floor as "Côte d'Ivoire has the floor" does, where
    "côte" and "d'ivoire" counted as two words of substance. Only a text short enough to be procedural."""
    if sum(1 for _ in islice(_WORD.finditer(text), PROCEDURAL_MAX_WORDS + 1)) > PROCEDURAL_MAX_WORDS:
        return text
    return countries.names_capitalised(text)


def _only_courtesies(text: str) -> bool:
    """The words of the whole text are courtesies, procedural phrases and a few names, with at most one
    word of substance among them."""
    # counted only up to one past the limit: a whole speech is 2,000 words (listing them took 0.08 CPU s
    # of the clean stage on the 2023 General Debate, best of five)
    words = sum(1 for _ in islice(_WORD.finditer(text), PROCEDURAL_MAX_WORDS + 1))
    if not words:
        return True
    if words > PROCEDURAL_MAX_WORDS:
        return False
    rest = PROCEDURAL_PHRASES.sub(" | ", text)
    # titles and initials are not counted: "H. E. Ambassador A. B. Otieno" is a name no longer than "Otieno"
    left = [w for w in _WORD.findall(rest) if not _courtesy(w) and not TITLE_OR_INITIAL.fullmatch(w)]
    # What remains after courtesies may be names ("Ambassador Otieno", "Ghana"): a few capitalised words,
    # unless a word of substance takes one as its object ("Türkiye supports SMEs.", "We support AI.").
    substantive = [w for w in left if not _name_like(w)]
    return len(substantive) <= 1 and len(left) <= 4 and not _takes_object(rest)


def is_procedural_sentence(text: str) -> bool:
    """True for a sentence inside a statement that only runs the meeting: `is_procedural`, and it thanks,
    greets or runs the call ("Thank you, Chair.", "Croatia thanks the Secretariat.", "Can you hear me?").
    A short sentence that does none of these ("In that regard.", "Hunger continues.", "Finance.") is
    speech, however short: the turn rule alone would take it for a courtesy."""
    text = _names_as_names(text)
    return _procedural(text) and _runs_the_meeting(text)


def _runs_the_meeting(text: str) -> bool:
    return bool(THANKS_OR_GREETING.search(text) or PROCEDURAL_PHRASES.search(text))


# A sentence's end: a full stop, ellipsis, ! ? or ; (and any closing quote), then a space; not after an
# abbreviation ("Mr. President", "St. Lucia") or an initial ("Ms. A. N. Otieno"), as `SENTENCE_END`.
_SENTENCE_BREAK = re.compile(NOT_AFTER_ABBREVIATION + r"(?:[.!?;]|…)[\"'”’)\]]*\s+")


def _says_something(sentence: str) -> bool:
    """A sentence that neither thanks, greets nor runs the call and holds a lower-case word of substance
    ("Water is life.", "Kenya supports the Framework."): a statement. A sentence of names and address
    ("Indonesia.", "And finally, Jamaica.", "Apologies, Chair.") gives or takes the floor."""
    if _subject_goes_ahead(sentence):
        return True
    if _runs_the_meeting(sentence) or FLOOR_GIVEN.search(sentence):
        return False
    return any(
        not _name_like(w) and not _courtesy(w) and w.lower() not in _NOT_A_VERB_OF_SUBSTANCE
        for w in _WORD.findall(sentence)
    )


_DELEGATE_NOUN = re.compile(rf"\b{DELEGATE_OFFICE}\b")


def _subject_goes_ahead(sentence: str) -> bool:
    """ "Elections go ahead.": capitalised words before "go ahead" that name no country ("Ghana go ahead"),
    hold no title ("Ambassador Otieno go ahead") and no delegate ("The representative of ... go ahead"): a
    subject, not someone given the floor. The forms of address before a "the" are the chair's, not the
    subject's title: "Thank you Madam Chair the Paris Agreement go ahead." (without it a name follows them:
    "Madam Chair Ambassador Otieno go ahead")."""
    for m in ADDRESSED_GO_AHEAD.finditer(sentence):
        who = m.group("who")
        after = who[LEADING_ADDRESS.match(who).end() :]
        if after[:4].lower() == "the ":
            who = after
        words = _WORD.findall(who)
        if not (
            who.lower() == "please"  # "Please go ahead, Ghana."
            or countries.find_spans(who)
            or _DELEGATE_NOUN.search(who)
            or any(len(w) > 1 and TITLE_OR_INITIAL.fullmatch(w) for w in words)
        ):
            return True
    return False


# a name's word after an elided particle: "d'Ivoire", "l'Union"
_ELIDED_NAME = re.compile(r"[dl]['’][^\W\d_]", re.I)


def _name_like(word: str) -> bool:
    """Capitalised, or a capitalised word after an elided particle ("Côte d'Ivoire"): part of a name, not a
    word of substance, as the "d" would otherwise count."""
    return word[:1].isupper() or (_ELIDED_NAME.match(word) is not None and word[2:3].isupper())


def _courtesy(word: str) -> bool:
    return word.lower().strip("'’") in COURTESY_WORDS


_ARTICLES = frozenset({"the", "a", "an"})
# Words that lead to a place, a person or the next speaker, not a subject: "from Nairobi", "to UNIDO",
# "I now invite UNEP", "I recognize the USA", "We now hear UNHCR", "Next speaker UNFPA", "And finally,
# Jamaica".
_NOT_A_VERB_OF_SUBSTANCE = frozenset(
    "to from on of for with by at in into over back invite invites recognise recognize recognises recognizes "
    "hear call calls welcome welcomes speaker next finally lastly give gives pass passes".split()
)
_ACRONYM = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]+s?")


def _addressee(acronym: str) -> bool:
    """An acronym that names who may be given the floor: a country ("USA") or a UN body ("UNEP")."""
    return acronym.startswith("UN") or countries.lookup(acronym) is not None


def _takes_object(text: str) -> bool:
    """A word of substance followed, in the same clause, by an acronym ("supports SMEs", "support the
    SDGs"): a statement, not an address. A country or a person after a verb stays a name ("Let me now
    invite Brazil", "Good morning from Nairobi"): those are how the floor is given and taken."""
    for clause in re.split(r"[^\w\s'’-]", text):
        words = [w for w in re.findall(r"[\w'’-]+", clause) if w.lower() not in _ARTICLES]
        for w, nxt in zip(words, words[1:], strict=False):
            if (not w[:1].isupper() and not _courtesy(w) and w.lower() not in _NOT_A_VERB_OF_SUBSTANCE
                    and _ACRONYM.fullmatch(nxt) and not _courtesy(nxt) and not _addressee(nxt)):  # fmt: skip
                return True
    return False
