"""The grammar of speaker labels: where a transcript says who speaks next.

The forms a line-based transcript may use (``FORMS``, tried on every file; the one with most
labels is applied and logged by ``analysis.ingest.readers.grammar``):

- ``verbatim``: UN records, ``Mr. Kiboino (Kenya):``, ``Mrs. Salazar-Mejía (Colombia) (spoke in
  Spanish):``, ``The Acting President:``, and briefers named without a country (``Ms. Rivera:``); a Spanish
  or French record's article before a member's title too (``La Sra. Gómez (Colombia) (habla en inglés):``,
  ``vocabulary.ROMANCE_ARTICLE``);
  a label may run over a line break. A member's label may put its language note before the country
  (``Mr. Hilale (spoke in French) (Morocco):``), keep a text layer's stray colon before the country
  (``Mr. Briz Gutiérrez : (Guatemala):``, undone by ``normalise_label``), and name after the country
  the office its speaker holds (``Mr. Garayev (Azerbaijan), Rapporteur of the Third Committee:``: an
  officer's, rapporteur's or briefer's title, then the body's capitalised name; "Mr. Wali (Nigeria),
  Vice-President, took the Chair." stays text) or whom they speak for (``Mr. Ahmed (Egypt), speaking on
  behalf of the Group of 77 and China:``; "..., speaking on behalf of the Group, said that ..." stays text).
  A country may hold brackets of its own, as the UN names it (``Mr. Rahimi (Iran (Islamic Republic of)):``,
  ``Netherlands (Kingdom of the)``), in every form that names one. A presiding title without "The"
  (``Chair:``, ``CHAIR:``, ``Moderator:``, ``Co-Chair (Ghana):``), or with a Spanish or French article (``El
  Presidente:``, ``La Présidente :``), is read alongside them (group ``bare``):
  a meeting's own transcript often labels its delegates the UN way and its chair the generic way. Such a
  label is also a generic one, so it is no evidence for this form (``grammar.choose_form``) and it passes
  the generic form's checks (``grammar.confident_verbatim``). So is a member named without a title, as an
  online meeting labels its delegates beside UN-style ones (``Amina Otieno (Kenya):``, group ``untitled``),
  read only where its brackets name a delegation ("Kenya (continued):" stays text), and a delegation or a
  person named alone (``Ghana:``, ``Amina Otieno:``, ``PLAIN_LABEL``), read only where it names one (a
  recorded vote's "Against:", a heading "Draft Resolution:" beside "the draft resolution" stay text);
- ``markdown``: ``**Sam Ortiz:** text`` (podcast sites), and a bold name alone on its line above the speech
  (``**Costa Rica | Representative**``, as UN Web TV transcripts are exported; the Word reader reads a bold
  name alone the same way);
- ``hearing``: a US congressional hearing's ``Mr. Lee. text``, ``The Chairman. text``,
  ``Chairman Brandt. text`` (a title or honorific, a name, a full stop);
- ``stamped``: meeting-notes exports' ``@0:25 - Priya Nair (priya@example.org)`` label lines;
- ``generic``: ``Name: text`` at the start of a line, accepted only when the name looks like
  a speaker (short, every word name-like), so "The answer is simple: ..." stays speech; a label may end
  saying whom its speaker speaks for, as online meetings write them untitled (``Kenya, on behalf of the
  African Group:``, ``Ahmed Hassan (Egypt), on behalf of the Arab Group:``, ``Ms. Li (China), speaking for
  the Group of 77:``), when before the comma stands a label naming a country or opening with a title
  ("We speak on behalf of the Group: ...", "Finally, on behalf of ...:", "Mr. President, on behalf of ...:"
  stay speech);
- in every form, a label may carry a language note beside the speaker, as online meetings write them too
  (``Jean Habimana (Rwanda) (interpreted from French):``, ``Rwanda (interpretation):``, ``Name [FR]:``;
  ``vocabulary.LABEL_NOTE_SOURCE``): ``split_note`` moves it to the turn's opening words, where text cleaning
  takes the turn's floor language from it (a note left unread made the line the previous speaker's text);
- ``summary``: a summary record's paragraph opening with who spoke and a verb of saying, ``12. Ms. Lee
  (Republic of Korea) said that ...``, ``The representative of Hungary, speaking on behalf of the European
  Union, stressed ...`` (``split_reported``; where a paragraph opens is ``grammar.reported_label``'s to say),
  read beside every other form but the verbatim one. "The representative of Hungary is ..." stays speech.
"""

from __future__ import annotations

import re

from analysis import countries
from analysis.ingest.vocabulary import (
    BRIEFER_TITLES,
    CHAIR_LABEL,
    DELEGATE_OFFICE,
    DEPUTY,
    ENGLISH_SMALL_WORDS,
    HEARING_TITLE,
    HONORIFIC,
    LABEL_NOTE,
    LABEL_NOTE_SOURCE,
    LABEL_SMALL_WORDS,
    LEADING_TITLES,
    LIST_ITEM_WORDS,
    MEETING_BODY,
    NAME_PARTICLES,
    NUMBERED_MEETING,
    OFFICER_TITLE,
    PRESIDING_VERB,
    PRO_TEMPORE,
    REPORTING_ADVERB,
    REPORTING_VERB,
    ROMANCE_ARTICLE,
    TITLE_SMALL_WORDS,
    speaks_for_source,
)

_NOTE = rf"(?:\s*{LABEL_NOTE_SOURCE})?"
# The office a member's label names after the country: ", Rapporteur of the Third Committee", ", President
# of the Economic and Social Council", ", Chair of the Credentials Committee" - a capitalised officer's,
# rapporteur's or briefer's title, then the body's name: capitalised words and small words, no punctuation
# (so "..., Vice-President, took the Chair." and "..., Chair of the group, said:" are no labels).
_OFFICE = rf"(?:{OFFICER_TITLE}|(?i:{DEPUTY}?rapporteur)|(?i:{'|'.join(BRIEFER_TITLES)}))"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a space, or a line break
_BODY_WORD = rf"(?:{'|'.join(sorted(TITLE_SMALL_WORDS))}|[A-Z0-9][^\s():.,;!?]*)\b"
_OFFICE_HELD = (
    rf"[ \t]*,{_GAP}(?:the[ \t]+)?(?=[A-Z]){_OFFICE}\b"
    rf"(?:{_GAP}(?:of|for|to|on){_GAP}(?:{_BODY_WORD}{_GAP}){{0,9}}[A-Z0-9][^\s():.,;!?]*)?"
)
# Whom a member speaks for, after the country: ", speaking on behalf of the Group of 77 and China", ", on
# behalf of the States members of the African Group", ", speaking for the Group of 77" - a group's name
# (capitalised words and the small words of such names), no punctuation (so "..., speaking on behalf of the
# Group, said that ..." is no label).
_GROUP_SMALL = "its|their|members?|states|group|countries|least|developed|developing|landlocked"
_GROUP_WORD = rf"(?:{_BODY_WORD}|(?i:{_GROUP_SMALL})\b)"
_ON_BEHALF = (
    rf"[ \t]*,{_GAP}{speaks_for_source(_GAP)}{_GAP}(?:{_GROUP_WORD}{_GAP}){{0,11}}"
    r"(?:[A-Z0-9][^\s():.,;!?]*|(?i:states|countries)\b)"
)
# A country's name holding brackets of its own, as the UN writes it: "Iran (Islamic Republic of)",
# "Netherlands (Kingdom of the)", "Venezuela (Bolivarian Republic of)".
_INNER = r"(?:\([^():\n]{2,40}\))"
# "Mr. Kiboino (Kenya):", "Mrs. Salazar-Mejía  (Colombia) ( spoke in\nSpanish):" - may run over a line break;
# the note may come before the country ("Mr. Hilale (spoke in French) (Morocco):"), a text layer may leave a
# stray colon before it ("Mr. Briz Gutiérrez : (Guatemala) (spoke in Spanish):"), and an office may follow it.
# A name holds no sentence's end ("Mr. Dupont, Minister of France, said that it was useful.\nMr. Dupont
# (France):" is a sentence, then a label) and runs over one line break at most, never a blank line.
_NAME_CHAR = r"(?:(?!\b[a-z]{2,}[.!?]\s)[^():\n])"
_VERBATIM_MEMBER = (
    rf"(?:{ROMANCE_ARTICLE}[ \t]+)?{HONORIFIC}\.?[ \t]+[^\s():]{_NAME_CHAR}{{0,70}}?"
    rf"(?:{_GAP}{_NAME_CHAR}{{1,40}}?)?(?:[ \t]*:)?"
    + _NOTE
    + rf"\s*\(\s*[^():]{{2,80}}?{_INNER}?\s*\)"
    + _NOTE
    + rf"(?:(?:{_OFFICE_HELD}|{_ON_BEHALF}){_NOTE})?"
)
_VERBATIM_OFFICER = rf"The\s+{OFFICER_TITLE}(?:\s*\(\s*[^()\n:]{{2,60}}?{_INNER}?\s*\))?" + _NOTE
# What follows a label's colon on a contents or cover-page line, not speech: dots leading to a page
# number ("Economic Development: ....... 4411") or to a name ("President: Ms. Al-Khalifa ...... (Bahrain)").
_CONTENTS_ENTRY = r"(?:[ \t]*(?:\.[ \t]*){3}|[^\n]*?\.(?:[ \t]*\.){4})"
# "Ms. Rivera:", "Mr. Al-Haddad:" - a briefer or representative named without a country, on one line.
_NAME = r"[A-Z][\w'’-]+"
# A line that only names who presides, as a record's cover does ("President: Mr. INSANALLY (Guyana)").
_WHO_PRESIDES = rf"{HONORIFIC}\.?(?:[ \t]+{_NAME}){{1,3}}(?:[ \t]*\([^()\n]*{_INNER}?\))?[ \t]*$"
# "Chair:", "CHAIR:", "Moderator:", "Vice-Chair (Ghana):": the title alone, capitalised, on one line,
# not on a contents line or a line naming who presides.
_BARE_OFFICER = (
    rf"(?P<bare>(?=[A-Z])(?:{ROMANCE_ARTICLE}[ \t]+)?{OFFICER_TITLE}(?:[ \t]*\([^()\n:]{{2,60}}{_INNER}?\))?"
    rf"(?:[ \t]*{LABEL_NOTE_SOURCE})?(?=[ \t]*:(?![ \t]*(?:{_CONTENTS_ENTRY}|{_WHO_PRESIDES}))))"
)
# (not "Mr. Briz Gutiérrez : (Guatemala) ...", a text layer's slip inside a member's label: that is a
# member's label, "Mr. Briz Gutiérrez (Guatemala)", when a colon closes it, and text otherwise)
_VERBATIM_PERSON = rf"{HONORIFIC}\.?[ \t]+{_NAME}(?:[ \t]+{_NAME}){{0,2}}" + _NOTE + r"(?=\s*:(?![ \t]*\())"
# "Amina Otieno (Kenya):", "Jean Habimana (Rwanda) (spoke in French):": a member named without a title, as an
# online meeting's transcript labels its delegates beside UN-style ones (group ``untitled``). The name (two to
# five name words on the label's line) is a generic label's too, so it is no evidence for this form
# (``grammar.choose_form``), and it is a label only where its brackets name a delegation (group
# ``delegation``) and it does not stand inside running prose (``grammar.confident_verbatim``): "Kenya
# (continued):" and "(UNDP):" stay speech.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
_NAME_PARTICLE = f"(?:{'|'.join(sorted(NAME_PARTICLES - ENGLISH_SMALL_WORDS))})"
_UNTITLED_MEMBER = (
    rf"(?P<untitled>{_NAME_WORD}(?:[ \t]+(?:{_NAME_PARTICLE}[ \t]+)*{_NAME_WORD}){{1,4}}"
    rf"(?:[ \t]*{LABEL_NOTE_SOURCE})?[ \t]*\([ \t]*(?P<delegation>[^()\n:]{{2,80}}?{_INNER}?)[ \t]*\)"
    + _NOTE
    + rf"(?:(?:{_OFFICE_HELD}|{_ON_BEHALF}){_NOTE})?)"
)
VERBATIM_LABEL = re.compile(
    rf"^[ \t]*(?P<label>(?:{_VERBATIM_MEMBER})|(?P<officer>{_VERBATIM_OFFICER})|(?:{_VERBATIM_PERSON})"
    rf"|{_BARE_OFFICER}|{_UNTITLED_MEMBER})\s*:[ \t]*",
    re.MULTILINE,
)
# "Ghana:", "Amina Otieno:", "Kenya, on behalf of the African Group:": a delegation or a person named alone,
# as minutes and online meetings label them beside UN-style labels: anything capitalised up to a colon on the
# line, with no brackets but a language note's. The verbatim form reads it only where a generic label would
# be and it names a delegation or a person, and never as evidence for the form (``grammar.verbatim_labels``).
PLAIN_LABEL = re.compile(
    rf"^[ \t]*(?P<label>[A-ZÀ-ÖØ-Þ][^:\n(]{{0,159}}?(?:[ \t]*{LABEL_NOTE_SOURCE})*)[ \t]*:[ \t]*",
    re.MULTILINE,
)
# "**Sam Ortiz:** text", "**Sam Ortiz**: text", and "**Costa Rica | Representative**" alone on its line
MARKDOWN_LABEL = re.compile(r"^[ \t]*\*\*(?P<label>[^*\n]{1,80}?)\s*(?::\*\*|\*\*\s*:|\*\*[ \t]*$)[ \t]*")
# "    Mr. Lee. Thank you", "    The Chairman. The Committee", "    Chairman Brandt. Thank you", and the
# Congressional Record's "  Mr. McCONNELL. Madam President", "  The PRESIDING OFFICER (Ms. Murkowski). The
# clerk", "  The SPEAKER pro tempore (Mr. Mica). Pursuant", "  Mr. SMITH of New Jersey. Mr. Chairman"
_HEARING_TITLE = rf"(?:{HONORIFIC}|{HEARING_TITLE})"
_HOLDER = rf"(?:[ \t]*\({HONORIFIC}\.?[ \t]+{_NAME}(?:[ -]{_NAME})?\))?"  # who holds the chair
HEARING_LABEL = re.compile(
    rf"^[ \t]*(?P<label>The[ \t]+{OFFICER_TITLE}{PRO_TEMPORE}?{_HOLDER}"
    rf"|{_HEARING_TITLE}\.?[ \t]+{_NAME}(?:[ -]{_NAME})?"
    rf"(?:[ \t]+of[ \t]+{_NAME}(?:[ \t]+{_NAME})?)?)\.[ \t]+(?=[A-Z\"“(\[])"
)
# "@0:25 - Priya Nair (priya.nair@example.org)": the time and the address are machinery.
STAMPED_LABEL = re.compile(
    r"^[ \t]*@?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[ \t]*[-–][ \t]*(?P<label>[^()\n@]{1,60}?)"
    r"[ \t]*(?P<address>\([^()\n]*@[^()\n]*\))?[ \t]*$"
)
CONTENTS_ENTRY = re.compile(_CONTENTS_ENTRY)
# (up to 160 characters: a label saying whom its speaker speaks for runs longer, ``looks_like_label``)
_GENERIC_LABEL = re.compile(r"^[ \t]*(?P<label>[^\s:][^:\n]{0,159}?)[ \t]*:(?:[ \t]+|$)")
# A list's or a record's paragraph number opening a line: "1.<tab>The Republic of Moldova", "12) Austria".
LIST_NUMBER = re.compile(r"^[ \t]*(\d{1,3}[.)])[ \t]+(?=\S)")
# A bulleted point: "- Seeks support for special economic zones", "• Finance remains scarce", and the bullets
# notes pasted from a word processor or a slide keep ("●", "◦", "■", "➢", "✓", "→", "·", and the Symbol font's
# private-use characters that Word's bullets become in plain text).
BULLET_MARKS = "-–•*▪●○◦■□◆◇►▶➢➤✓✔→·\uf0b7\uf0a7\uf076\uf0d8"
BULLET = re.compile(rf"\s*[{BULLET_MARKS}]\s+\S")
# An item of a list: a bulleted point, or one numbered or lettered ("1.", "2)", "(a)", "b.", "(iv)").
_ITEM_NUMBER = r"\(?(?:\d{1,3}|[a-z]|[ivx]{2,5})[.)]"
ITEM_MARK = rf"(?:[{BULLET_MARKS}]|{_ITEM_NUMBER})"  # source: the bullet or number
LIST_ITEM = re.compile(rf"{BULLET.pattern}|[ \t]*{_ITEM_NUMBER}[ \t]+\S")
# A mark that opens a list's item only where a document makes a run of it (``grammar.Notes.run_items``), as it
# opens other lines too: Word's second-level bullet, which plain text keeps as Courier's "o" ("o Finance
# remains scarce", or "O Finance" where autocorrect capitalised it), and a capital letter ("A. A regional
# fund", "B) Skills"), where "A. Guterres:" or "O Lord" opens one line.
RUN_MARK = re.compile(r"^[ \t]*(?:(?P<bullet>[oO])|(?P<letter>[A-Z])[.)])[ \t]+(?=\S)")

# --- reported speech: who a summary record's paragraph opens with, then a verb of saying -------------------

# A word holding a capital ("Hungary", "d’Ivoire", "al-Thani", "KIBOINO"; matched at its first capital, so in
# one way only) or a number, and a name of such words with the small words of names between them ("Republic
# of Korea", "Group of 77 and China", "de la Cruz").
_CAPITALISED = r"(?:[^\s():,;.!?A-ZÀ-ÖØ-Þ]*[A-ZÀ-ÖØ-Þ][^\s():,;.!?]*|\d+\b)"
_SMALL = f"(?:{'|'.join(sorted(NAME_PARTICLES))})"
_PROPER_NAME = rf"{_CAPITALISED}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_CAPITALISED}){{0,9}}"
# "The representative of Hungary", "The observer for the State of Palestine", "The Permanent Representative of
# Iran (Islamic Republic of)".
_REPORTED_DELEGATE = rf"The[ \t]+{DELEGATE_OFFICE}[ \t]+(?:of|for|from)[ \t]+(?:the[ \t]+)?{_PROPER_NAME}"
_REPORTED_OFFICER = (  # "The Chair", "The Chair of the Second Committee", "The Secretary-General", "The Chair
    # (Brazil)": the brackets say where the chair comes from, not whom they speak for
    rf"The[ \t]+{OFFICER_TITLE}\b(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_PROPER_NAME})?"
    r"(?:[ \t]*\([^()\n]{2,80}\))?"
)
# "Mr. Kiboino (Kenya)", "Ms. de la Cruz (Philippines)", "Mr. Ramos (Secretary of the Committee)": a summary
# record always names where a person speaks from, so a name without brackets ("Mr. Smith said") is no label.
_REPORTED_MEMBER = (
    rf"(?:{HONORIFIC}\.?[ \t]+)+(?:{_SMALL}[ \t]+)*{_PROPER_NAME}[ \t]*\([^()\n]{{2,80}}?{_INNER}?\)"
)


def _then(verb: str) -> str:
    """After the speaker: the verb, or a clause between commas then the verb (", speaking on behalf of the
    Group of 77 and China, said"); the clause may run over a line break."""
    return rf"(?:[ \t]*,[^.;:!?]{{1,250}}?,)?\s+(?:{REPORTING_ADVERB}\s+)*{verb}\b"


_REPORTING = _then(REPORTING_VERB)
# an officer is reported running the meeting too: "The Chair opened the meeting", "... closed the meeting"
_PRESIDING = _then(PRESIDING_VERB)
# A presiding or secretariat title opens a summary record's paragraph only where the record numbers it: a
# speech cites them by title at a paragraph's start ("The Secretary-General said in January, ...", "The
# President emphasized ..." in four General Debate statements), never "The representative of Hungary said".
REPORTED_SPEAKER = re.compile(rf"^[ \t]*(?P<label>{_REPORTED_DELEGATE}|{_REPORTED_MEMBER})(?={_REPORTING})")
REPORTED_SPEAKER_OR_OFFICER = re.compile(
    rf"^[ \t]*(?P<label>(?:{_REPORTED_DELEGATE}|{_REPORTED_MEMBER})(?={_REPORTING})"
    rf"|{_REPORTED_OFFICER}(?={_PRESIDING}))"
)


_TITLED = re.compile(rf"{HONORIFIC}\.?\s")  # "Mr. ", "H.E. ", "Dr "
_AN_OFFICER = re.compile(rf"\b{OFFICER_TITLE}\b")  # "President of the 78th session"


def _meeting_title(cand: str) -> bool:
    """A meeting named by its number, with nothing beside it but the body that meets ("UNIDO - 34th Session
    of Industrial Development Board", "Industrial Development Board, Thirty-fourth Session", "IDB Session
    34"): each part between commas holds the numbered meeting or names a body (``MEETING_BODY``); beside a
    role ("Panellist, Session 2") the meeting says whom the speaker spoke at."""
    parts = [p for p in cand.split(",") if p.strip()]
    meeting = [NUMBERED_MEETING.search(p) is not None for p in parts]
    return any(meeting) and all(m or MEETING_BODY.search(p) for m, p in zip(meeting, parts, strict=True))


# A label saying whom its speaker speaks for: who speaks, a comma, then whom (as after a member's country in
# the verbatim form): "Kenya, on behalf of the African Group", "Ahmed Hassan (Egypt), on behalf of the Arab
# Group", "Ms. Li (China), speaking for the Group of 77".
_SPEAKS_FOR_LABEL = re.compile(rf"(?P<who>[^\s,].*?){_ON_BEHALF}")

# the number of a list item: 2, 2(a), 3.1, (iv), b)
_ITEM_NUMBER = re.compile(r"\(?(?:\d+(?:\.\d+)*|[ivxIVX]+|[a-z])(?:[.)]|\([a-z\d]+\))*")


def looks_like_label(candidate: str) -> bool:
    """A plausible speaker label: short, and every word a name-like word (capitalised, initials, brackets).

    Guards the generic ``Name: text`` form against sentences such as "The answer is simple: ...". Commas,
    slashes and pipes separate a label's parts ("Costa Rica | Representative", "IAHWG | Brian Wallace |
    Co-Chair", as UN Web TV transcripts write them). A label may end saying whom its speaker speaks for
    ("Kenya, on behalf of the African Group": ``speaks_for_others``).
    """
    cand = LABEL_NOTE.sub(" ", candidate).strip()  # "Rwanda (interpretation from French)": a note, no name
    cand = _web_tv_offices(cand)
    for_others = _SPEAKS_FOR_LABEL.fullmatch(cand)
    if for_others:
        return speaks_for_others(for_others.group("who"))
    # "Entity | Function | Name" (Web TV; "·" in the UN transcripts tool) names its parts apart, so a
    # minister's long title fits ("Saint Lucia · Minister for External Affairs, International Trade, ...")
    parted = len(re.findall(r"\s[|·]\s", cand)) >= 2
    if (
        not cand
        or len(cand) > (160 if parted else 80)
        or cand.endswith((".", ",", "-"))
        and not cand.endswith(".")
        or re.search(r"[?!;\"“”]|https?|\d{1,2}:\d{2}", cand)
    ):
        return False
    if parted:
        return _parted_label(cand)
    words = re.split(r"[\s,/|·]+", cand)
    words = [w for w in words if w and w not in {"-", "–", "—", "&", "+"}]
    # "First", "Recommendation 2", "Finally": a list item or a part of the text, not who spoke
    if (
        words
        and words[0].lower().strip(".") in LIST_ITEM_WORDS
        and all(_ITEM_NUMBER.fullmatch(w) for w in words[1:])
    ):
        return False
    # A title, a name, a comma and an office run longer ("H.E. Mr. Ahmed Samir, Minister of Trade and Industry
    # of X"); a heading does not open with a title ("Agenda Item 4, Report of the Director General on ...").
    # "UNIDO - 34th Session of Industrial Development Board": a meeting's title, unless its officer speaks
    if _meeting_title(cand) and not _TITLED.match(cand) and not _AN_OFFICER.search(cand):
        return False
    longer = "," in cand and _TITLED.match(cand) is not None
    if not words or len(words) > (24 if parted else 14 if longer else 10):
        return False
    for i, w in enumerate(words):
        core = w.strip("()[]'’\".")
        if not core:
            continue
        if core.lower() in NAME_PARTICLES or core in LABEL_SMALL_WORDS and _before_romance_particle(words, i):
            continue
        # "iPhone", "d'Ivoire", "McKinsey": a capital anywhere makes a name-like word.
        if core[0].isdigit() and len(words) > 1 or any(ch.isupper() for ch in core):
            continue
        return False
    # A lone small word or number is not a speaker.
    return any(ch.isupper() for w in words for ch in w)


def _parted_label(cand: str) -> bool:
    """A label of three or more parts ("Holy See · Secretary for Relations with States · Paolo Rossi"): each
    part opens with a capital (or a bracket: "(G77 + China)") and the first is a label of its own (a
    delegation, an office, a name); an office spelt out may hold words in lower case that a name never
    does ("with", "in charge of")."""
    parts = [p.strip() for p in re.split(r"\s[|·]\s", cand)]
    opens = [re.search(r"[^\W\d_]", p) for p in parts]
    return all(m is not None and m.group().isupper() for m in opens) and looks_like_label(parts[0])


def _web_tv_offices(cand: str) -> str:
    """A Web TV label's function (the last of three or more pipe-separated parts) may join two offices with
    a semicolon ("Nepal | Lok Bahadur Thapa | PR; ECOSOC President"): read as a comma there, and nowhere
    else, where a semicolon marks prose."""
    entity, sep, function = cand.rpartition("|")
    return f"{entity}{sep}{function.replace(';', ',')}" if entity.count("|") >= 1 else cand


def _before_romance_particle(words: list[str], i: int) -> bool:
    """A French or Spanish label's lower-case word (``LABEL_SMALL_WORDS``) stands before that language's
    particles ("Mission permanente de la France auprès de l'ONUDI", "Misión Permanente de Chile ante la
    ONUDI"), never last or before English ("Raising the ante", "Upping the ante for Africa" are prose)."""
    if i + 1 >= len(words):
        return False
    nxt = words[i + 1].lower()
    return (
        nxt in LABEL_SMALL_WORDS
        or nxt in NAME_PARTICLES
        and nxt not in ENGLISH_SMALL_WORDS
        or nxt.startswith(("d'", "d’", "l'", "l’"))
    )


def speaks_for_others(who: str) -> bool:
    """Who a label says speaks for others ("Kenya", "Ahmed Hassan (Egypt)" in "..., on behalf of the African
    Group"): a label (``looks_like_label``) naming a country or opening with a title, and no list word nor an
    address to the chair, which open a sentence ("Finally, on behalf of the Group: ...", "Excellencies, on
    behalf of ...", "Mr. President, on behalf of the Arab Group: ...")."""
    titles = LEADING_TITLES.match(who)
    titled = titles is not None and titles.group().strip().lower() != "the"
    first = who.split()[0].lower().strip(".,")
    return (
        looks_like_label(who)
        and first not in LIST_ITEM_WORDS
        and CHAIR_LABEL.match(LEADING_TITLES.sub("", who).strip()) is None
        and (titled or bool(countries.find_spans(who)))
    )


def split_note(label: str) -> tuple[str, str]:
    """``"Jean Habimana (Rwanda) (spoke in French)"`` -> ("Jean Habimana (Rwanda)", "(spoke in French) "): the
    label without the language notes it carries (``LABEL_NOTE_SOURCE``), and the notes as the opening words of
    its turn, so that text cleaning gives the floor language to that turn and the label names the speaker."""
    notes = [re.sub(r"([(\[])\s+|\s+(?=[)\]])", r"\1", m.group()) for m in LABEL_NOTE.finditer(label)]
    if not notes:
        return label, ""
    bare = re.sub(r"\s+", " ", LABEL_NOTE.sub(" ", label)).strip()
    return bare, " ".join(re.sub(r"\s+", " ", n) for n in notes) + " "


def split_label(form: str, line: str) -> tuple[str | None, str]:
    """A line's label under one form of the grammar (``markdown``, ``hearing``, ``stamped``, ``generic``)."""
    if form == "generic":
        return split_generic_label(line)
    m = {"markdown": MARKDOWN_LABEL, "hearing": HEARING_LABEL, "stamped": STAMPED_LABEL}[form].match(line)
    if m is None or (form == "markdown" and not looks_like_label(m.group("label"))):
        return None, line
    return m.group("label").strip(), line[m.end() :]


def split_generic_label(line: str) -> tuple[str | None, str]:
    """``"Kenya - Mr. Otieno: text"`` -> ("Kenya - Mr. Otieno", "text"); no label -> (None, line)."""
    m = _GENERIC_LABEL.match(line)
    if m and looks_like_label(m.group("label")) and not is_contents_entry(line[m.end() :]):
        return m.group("label").strip(), line[m.end() :]
    return None, line


# A speaker's name alone on its line with the time their turn began: "Amina Diallo   0:03" (Teams and Otter,
# in Word or as text), "[Amina Diallo] 11:02:09" (Zoom's saved transcript), "Speaker 1 (00:03):" (Rev),
# "Amina Diallo [00:00:03]" (Sonix).
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIMED_LABEL = re.compile(
    r"^\s*(?:\[(?P<bracketed>[^\[\]\d:\n][^\[\]:\n]{0,60})\]|(?P<label>[^\d:\n\[][^:\n]{0,160}?))"
    rf"(?:[ \t]*[\[(](?P<enclosed>{_TIME})[\])]|[ \t]+(?P<time>{_TIME}))[ \t]*:?[ \t]*$"
)


def split_timed_label(line: str) -> tuple[str, str] | None:
    """(name, time) of a line that only names a speaker and when they began ("Amina Diallo   0:03"), if the
    name looks like a speaker's (``looks_like_label``)."""
    m = _TIMED_LABEL.match(line.strip())  # stripped: a run of leading spaces made the match quadratic
    if m is None:
        return None
    label = (m.group("bracketed") or m.group("label")).strip()
    return (label, m.group("time") or m.group("enclosed")) if looks_like_label(label) else None


def split_reported(line: str, following: str = "", officers: bool = False) -> tuple[str | None, str]:
    """``"The representative of Hungary said ..."`` -> ("The representative of Hungary", "said ..."): the
    speaker a summary record's paragraph opens with, when a verb of saying follows (in ``following`` lines,
    if a clause runs on); ``officers``: "The Chair said ...", "The Chair (Brazil) opened the meeting" too (a
    numbered paragraph, or any paragraph of a summary record).

    What the speaker is reported as doing ("speaking on behalf of the African Group, said ...") stays text: it
    says whom a speaker without a country speaks for (``session.infer_roles``).
    """
    pattern = REPORTED_SPEAKER_OR_OFFICER if officers else REPORTED_SPEAKER
    m = pattern.match(f"{line}\n{following}" if following else line)
    if m is None:
        return None, line
    return m.group("label"), line[m.end() :].lstrip(" \t,")


def is_contents_entry(rest: str) -> bool:
    """What follows a label's colon is a contents or cover-page entry, not speech (``_CONTENTS_ENTRY``)."""
    return CONTENTS_ENTRY.match(rest) is not None


def is_name_list(line: str) -> bool:
    """A line of names only ("Kenya, Ghana, Côte d'Ivoire"), as in a vote list."""
    words = [w.strip("(),.;'’") for w in line.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words)


def normalise_label(label: str) -> str:
    """Undo text-layer slips in a label: a stray colon before the country ("Mr. Briz Gutiérrez : (Guatemala)"
    -> "Mr. Briz Gutiérrez (Guatemala)"), spacing ("Switzer land" -> "Switzerland" when that names a
    country)."""
    label = re.sub(r"[ \t]*:\s*(?=\()", " ", label)
    m = re.search(r"\(([^()]+)\)(?=[^()]*$)", label)
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
