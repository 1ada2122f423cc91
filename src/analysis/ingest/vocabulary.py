"""The words of meeting machinery, in one place: titles, language notes, giving the floor, fillers.

Readers (speaker-label grammar), text cleaning and speaker attribution all recognise the same
machinery of a meeting: a person's title before a name ("Mr.", "H.E."), the presiding officer
("The Acting President", "Co-Chair"), the interpreter's note "(spoke in French)", the chair
giving the floor ("I now give the floor to the delegate of Kenya"), fillers and annotations.
Each is written here once, as a word list (so tests and docs can read it) and as compiled,
named patterns built from that list; every module imports from here and keeps no copy.

Patterns marked *source* are regex text for embedding in a larger pattern (no groups);
the compiled ones are ready to use.
"""

from __future__ import annotations

import re

from analysis import config


def _alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """Words as a regex alternation, longest first (a word never shadows a longer one)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# --------------------------------------------------------------------------- names and titles

HIS_EXCELLENCY = r"H\.?\s?E"  # source: "H.E.", "H. E." or "HE" (the full stop after E is left to the user)
EXCELLENCY = r"(?:(?:His|Her)\s+)?Excellency"  # source
# Personal titles written before a name, as regex fragments without the trailing full stop
# (every pattern built from them allows one: "Mr Otieno", "Mr. Otieno").
HONORIFICS = (
    *("Mr", "Mrs", "Ms", "Miss", "Mx", "Mme", "Mlle", "Madam", "Madame", "Dr", "Prof", "Professor"),
    *("Sir", "Dame", "Lord", "Lady", "Baroness", "Judge"),
    *("Sr", "Sra", "Srta", "Sres", "Don", "Doña", "Dña", "Dom"),
    r"M(?=\.\s)",  # French "M. Diallo (Sénégal) :", with its full stop only (no initial "M Diallo")
    *("Archbishop", "Cardinal", "Monsignor", "Msgr", "Rev"),
    *("Sheikh", "Sheikha", "Prince", "Princess", r"Crown\s+Prince", "Emir", "Amir"),
    HIS_EXCELLENCY,
)
# Forms of address a speaker label may open with besides a personal title ("His Excellency the
# Ambassador"); stripped with the titles when a label is read for its delegation.
FORMS_OF_ADDRESS = (
    EXCELLENCY,
    "Hon",
    r"Honou?rable",
    "Amb",
    "Ambassador",
)
# Abbreviations whose full stop does not end a sentence ("Mr. Otieno", "St. Lucia", "No. 5").
ABBREVIATIONS = (
    *("Mr", "Mrs", "Ms", "Mx", "Mme", "Mlle", "Dr", "Prof", "Sr", "Sra", "Srta", "Sres", "Dña"),
    *("Msgr", "Rev", "Hon", "Amb", "St", "No"),
)
# English words written in lower case inside a title-cased name or office ("Minister of Trade").
ENGLISH_SMALL_WORDS = frozenset("of the and for in on to at".split())
# Words written in lower case inside a title-cased name ("Republic of Korea").
TITLE_SMALL_WORDS = ENGLISH_SMALL_WORDS | frozenset("de du des la le da do dos y et a an".split())
# Words a phrase goes on from: a line ending on one was wrapped inside a sentence ("Technical cooperation
# with" / "UNIDO should be expanded"), so it is no heading (``headings.name_headings``).
OPEN_END_WORDS = TITLE_SMALL_WORDS | frozenset(
    "with by from that as or but nor into onto upon over under than its their his her our this these which"
    " who whose is are was were be been will would shall should can could may must has have had not".split()
)
# Particles that may stand in lower case inside a person's or a country's name
# ("Abdullah bin Zayed", "Ursula von der Leyen"): a label made of such words and capitalised words is a name.
NAME_PARTICLES = TITLE_SMALL_WORDS | frozenset(
    "del les van von der den e bin bint al el ibn ben di zu ter".split()
)
# Words a French or Spanish delegation's label writes in lower case before that language's particles
# ("Mission permanente de la France auprès de l'ONUDI", "Misión Permanente de Chile ante la ONUDI"; never
# last nor before English words: "Raising the ante" is prose, `labels.looks_like_label`).
LABEL_SMALL_WORDS = frozenset({"permanente", "permanent", "auprès", "ante"})
# The particles that open a run of them before a surname written in capitals ("DE LA CRUZ" -> "de la Cruz",
# "VAN DER BERG" -> "van der Berg"); "le", "la" and "di" alone keep their capital ("Le Drian", "Di Maio").
SURNAME_PARTICLE_OPENERS = frozenset("de du da das dos des van von ter ten bin bint ibn".split())
SURNAME_PARTICLES = SURNAME_PARTICLE_OPENERS | frozenset("la le las los der den".split())

HONORIFIC = f"(?:{_alternation(HONORIFICS)})"  # source, case as written
# A run of titles and forms of address opening a label, any case: "H.E. the Ambassador ".
LEADING_TITLES = re.compile(rf"^(?:(?:{_alternation(HONORIFICS + FORMS_OF_ADDRESS)}|the)\.?\s+)+", re.I)
# One word of a title or form of address, capitalised as before a name ("Ambassador", "Dr", "Excellency"),
# or an initial ("A."): no word of substance in a courtesy ("Thank you, H. E. Ambassador A. B. Otieno").
TITLE_OR_INITIAL = re.compile(rf"(?:{_alternation(HONORIFICS + FORMS_OF_ADDRESS)}|[A-Z])")
# A title standing right before the end of a text: the next word is a name ("Mr. Um" is not a filler).
TITLE_BEFORE = re.compile(rf"\b{HONORIFIC}\.?\s*$")
# Not right after an abbreviation ("Mr.", "St.") or an initial ("A."): where a stop ends no sentence.
NOT_AFTER_ABBREVIATION = "".join(rf"(?<!\b{a})" for a in ABBREVIATIONS) + r"(?<!\b[A-Z])"
# The end of a sentence: a full stop (or ! ? ;) and a space, not after an abbreviation or an initial.
SENTENCE_END = re.compile(NOT_AFTER_ABBREVIATION + r"[.!?;]\s")

# --------------------------------------------------------------------------- presiding and secretariat

# Titles of whoever presides, in English, Spanish and French (lower case; matched ignoring case).
CHAIR_WORDS = ("chair", "chairperson", "chairman", "chairwoman", "moderator", "facilitator")
PRESIDING_TITLES = (
    *CHAIR_WORDS,
    *("chair person", "chairs", "president", "co-?moderator", "presiding officer", "master of ceremonies"),
    *("mc", "host of the session", "speaker", "chairman of the committee"),
    *("presidente", "presidenta", "presidencia", "président", "présidente"),
    *("moderador", "moderadora", "modérateur", "modératrice"),
    *("facilitador", "facilitadora", "facilitateur", "facilitatrice"),
)
# The months in English, in order: dates written out in records ("12 May 2024") and in messages.
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
# The opening address of a speech, to whoever presides or to the room ("Mr. President", "Madam Chair",
# "Excellencies, Ladies and Gentlemen"): spoken, never a title's line.
SALUTATION = re.compile(
    rf"^(?:(?:Mr|Mister|Madam|Madame|Mme|Mrs|Ms)\.?\s+(?:{_alternation(CHAIR_WORDS)}|President|Co-?Chairs?)\b"
    r"|Excellenc|Distinguished|Dear\b|Ladies\b|Honou?rable\s+(?:President|Chair))",
    re.I,
)
# Words before a presiding title: "The Acting President", "Temporary Chair", "Vice-Chair", "Co-Chair".
PRESIDING_MODIFIERS = ("acting", "temporary", "interim", "outgoing", "incoming", "session", "meeting")
DEPUTY = r"(?:(?:vice|co|deputy)[\s-]*)"  # source
# Titles of the UN secretariat's officers ("The Secretary-General:", "The Under-Secretary-General").
SECRETARIAT_TITLES = (
    r"secretary[\s-]general",
    r"under[\s-]secretary[\s-]general",
    r"director[\s-]general",
    r"managing[\s-]director",
)
# What a presiding title may preside over: "Chair of the Committee".
_PRESIDED = "meeting session dialogue council committee board conference panel discussion".split() + [
    r"general\s+assembly",
    r"security\s+council",
]

# source (case-insensitive): an optional modifier and deputy prefix, then a presiding or officer's title.
OFFICER_TITLE = (
    rf"(?i:(?:(?:{_alternation(PRESIDING_MODIFIERS)})\s+)?{DEPUTY}?"
    rf"(?:{_alternation(PRESIDING_TITLES + SECRETARIAT_TITLES)}))"
)
# A record's note that the presiding officer changed, often wrapped over lines: "Mr. Muhith (Bangladesh),
# Vice-President, took the Chair.", "The President returned to the Chair." (a stage direction, not speech).
_PRESIDING_SEAT = r"(?:Acting\s+President|Vice-\s*(?:President|Chair(?:man|person)?))"
CHAIR_CHANGE = re.compile(
    r"^(?:In the absence of the President,\s+)?"
    rf"(?:{HONORIFIC}\.?\s[^:;]{{1,120}}?,\s*{_PRESIDING_SEAT}\s*,\s*took"
    r"|The\s+(?:Acting\s+)?(?:President|Chair(?:man|person)?)\s+(?:returned\s+to|resumed|took))"
    r"\s+the\s+Chair\.?$"
)
CHAIR_CHANGE_START = re.compile(rf"^\s*(?:In the absence|{HONORIFIC}\.?\s|The\s+(?:Acting|President|Chair))")
# The article a Spanish or French label may open with before a presiding title or a person's title ("El
# Presidente:", "La Présidente :", "La Sra. Gómez (Colombia):", as records in those languages write their
# labels; English's "The" is the verbatim form's own): source, case as written.
ROMANCE_ARTICLE = r"(?:El|La|Le)"
# "The SPEAKER pro tempore": whoever presides in the Speaker's place (source, any case).
PRO_TEMPORE = r"(?i:\s+pro\s+tempore)"
# A label that is only a presiding title: "Chair", "The Acting President", "Co-Chair of the meeting",
# "The Speaker pro tempore", "El Presidente", "La Présidente".
CHAIR_LABEL = re.compile(
    rf"^(?:(?:The|{ROMANCE_ARTICLE})\s+)?(?:(?:{_alternation(PRESIDING_MODIFIERS)})\s+)?{DEPUTY}?"
    rf"(?:{_alternation(PRESIDING_TITLES)}){PRO_TEMPORE}?"
    rf"(?:\s+of\s+(?:the\s+)?(?:{_alternation(tuple(_PRESIDED))}))?$",
    re.I,
)
# The words of a presiding title, which a printed record sets in capitals ("The Acting CHAIRMAN",
# "The PRESIDING OFFICER"): shown title-cased like any name in capitals.
PRESIDING_WORDS = frozenset(
    w for t in PRESIDING_TITLES for w in t.split() if w.isalpha() and w not in TITLE_SMALL_WORDS
)
# A chair's or coordinator's title anywhere in a label (not "president": a head of state is not a chair).
PRESIDES = re.compile(rf"\b(?:co-?)?(?:{_alternation((*CHAIR_WORDS, 'coordinator'))})\b", re.I)
# A regional group as a label names it: "the African Group", "Asia-Pacific Group", "the Group of African
# States", "GRULAC", the house names and their other names (`config.GROUPS`). Not any other group: "the Group
# of 77 and China", "the LDC Group", a drafting, contact or working group: their chairs speak for their
# members, or as delegates, in a meeting of others.
REGIONAL_GROUP_ACRONYMS = ("GRULAC", "WEOG", "EEG", "APG")


def _flexible(name: str) -> str:
    """A name as a pattern that lets spaces and hyphens vary ("Asia-Pacific Group", "Asia Pacific group")."""
    return r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", name))


_REGIONAL_NAMES = tuple(
    n
    for house in config.GROUPS
    for n in (house, *config.GROUP_OTHER_NAMES.get(house, ()))
    if "group" in n.lower()
)
_REGIONAL_ADJECTIVES = tuple(house.removesuffix(" Group") for house in config.GROUPS)
_GROUP_NAME = (
    f"{_alternation(tuple(_flexible(n) for n in _REGIONAL_NAMES))}"
    rf"|group\s+of\s+(?:the\s+)?(?:{_alternation(tuple(_flexible(a) for a in _REGIONAL_ADJECTIVES))})\s+"
    r"(?:states|countries)"
    rf"|{_alternation(REGIONAL_GROUP_ACRONYMS)}"
)
_GROUP_OFFICE = rf"{DEPUTY}?(?:{_alternation((*CHAIR_WORDS, 'coordinator'))})"
# A label part naming who chairs or coordinates a group ("Chair of the African Group", "Vice-Chair of the
# Group of African States", "Arab Group Coordinator"): the group's chair presides over the group's session.
GROUP_CHAIR = re.compile(
    rf"^(?:the\s+)?(?:{_GROUP_OFFICE}\s+(?:of|for)\s+(?:the\s+)?(?:{_GROUP_NAME})|(?:{_GROUP_NAME})\s+{_GROUP_OFFICE})$",
    re.I,
)
SECRETARIAT_TITLE = f"(?:{_alternation(SECRETARIAT_TITLES)})"  # source, matched ignoring case
# Titles a printed hearing puts before a surname in its labels ("Chairman Brandt.", "Senator Reed.").
HEARING_TITLES = (
    "Senator",
    "Representative",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Secretary",
    "General",
    "Admiral",
)
HEARING_TITLE = f"(?:{_alternation(HEARING_TITLES)})"  # source, case as written
# Titles a briefer of the UN is introduced with ("Ms. Rivera, Under-Secretary-General for ..."): secretariat.
BRIEFER_TITLES = (
    *SECRETARIAT_TITLES,
    *(
        r"assistant[\s-]secretary[\s-]general",
        r"special\s+(?:envoy|representative|coordinator|adviser|rapporteur)",
    ),
    *(r"high\s+commissioner", r"executive\s+secretary", r"resident\s+coordinator", r"force\s+commander"),
)
BRIEFER_TITLE = re.compile(rf"\b(?:{_alternation(BRIEFER_TITLES)})\b", re.I)
# "on behalf of the European Union": a speaker named without a country says whom they speak for.
ON_BEHALF_OF = re.compile(r"\bon\s+behalf\s+of\s+(?:the\s+)?(?P<whom>[A-Z][^,.;:]{2,60})")
# The words with which a label says its speaker speaks for others ("Mr. Ahmed (Egypt), speaking on behalf of
# the Arab Group", "Kenya, on behalf of the African Group", "Ms. Li (China), speaking for the Group of 77").
SPEAKS_FOR_PHRASES = ("speaking on behalf of", "on behalf of", "speaking for", "speaks for")


def speaks_for_source(gap: str = r"\s+") -> str:
    """Source, lower case: one of ``SPEAKS_FOR_PHRASES``, its words separated by ``gap``."""
    return f"(?:{'|'.join(p.replace(' ', gap) for p in SPEAKS_FOR_PHRASES)})"


# A label saying its speaker speaks for others ("on behalf of the Group", "speaking for the Group"): a
# delegation's statement, whatever office the label also names.
SPEAKS_FOR = re.compile(rf"\b{speaks_for_source()}\b", re.I)

# The narrative of a legislative record, a whole unlabelled paragraph between the speeches ("There
# was no objection.", "The amendment was agreed to.", "The legislative clerk proceeded to call the
# roll.", "The text of the amendment is as follows:"): the record's account, not speech.
_RECORD_ITEM = (
    r"(?:text\s+of\s+the\s+)?(?:amendments?|motion|bill|(?:joint\s+|concurrent\s+)?resolution|"
    r"nomination|question)(?:\s+\(No\.\s*\d+\))?(?:,\s+as\s+(?:modified|amended),)?"
)
RECORD_NARRATIVE = re.compile(
    r"^\s*(?:There\s+(?:was|being)\s+no\s+objection[.,]?"
    rf"|The\s+{_RECORD_ITEM}\s+(?:was|were)\s+(?:not\s+)?(?:agreed\s+to|rejected|adopted|withdrawn)\.?"
    rf"|The\s+{_RECORD_ITEM}\s+(?:is|are|reads?)\s+as\s+follows:"
    r"|The\s+(?:(?:assistant|legislative|journal|bill|reading)\s+)*clerk\s+(?:read|proceeded|called)\b[^.]{0,120}[.:]?"
    r"|Accordingly,?\s+the\s+(?:House|Senate)\s+resolved\s+itself\b[^]]{0,400}?\.)\s*$",
    re.I,
)
# A record's page marks and clock stamps, alone on a line: "[[Page H6118]]", "{time}  1117".
RECORD_PAGE_MARK = re.compile(r"^\s*\[\[Page\s+[A-Z]{0,2}\d+\]\]\s*$")
RECORD_CLOCK = re.compile(r"^\s*\{time\}\s+\d{3,4}\s*$")

# Editorial notes of a printed hearing, alone on a line: "[The prepared statement of Dr. Wu follows:]".
EDITORIAL_NOTE = re.compile(
    r"^\s*\[(?:The\s+(?:prepared\s+)?statement|The\s+information|Whereupon|Recess|The\s+document|"
    r"Pause|The\s+(?:committee|subcommittee)\s+(?:recessed|adjourned))[^\]]{0,200}\]\s*$",
    re.I,
)

# What meeting software writes into its transcript between the turns, a whole line each ("Amina Diallo started
# transcription", Teams; "Meeting ended after 01:02:31 👋" and the "This editable transcript was computer
# generated ..." notice, Google Meet; "Recording stopped", "Kofi Mensah left the meeting"), not speech. The
# one who started or left is a name alone (capitalised words), so "I see that Ghana joined the meeting" and
# "Yes, we started the recording." stay speech.
_NOTICE_NAME = (
    r"(?!(?:I|We|You|They|He|She|It|This|That|Everyone|Everybody|Someone|Nobody)\b)"
    rf"[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|{'|'.join(sorted(NAME_PARTICLES))})){{0,5}}"
    r"(?:[ \t]*\([^()\n]{1,40}\))?"
)
MEETING_NOTICE = re.compile(
    rf"^(?:{_NOTICE_NAME}[ \t]+(?i:(?:has[ \t]+)?(?:started|stopped|paused|resumed)[ \t]+(?:the[ \t]+)?"
    r"(?:transcription|recording))"
    rf"|{_NOTICE_NAME}[ \t]+(?i:(?:has[ \t]+)?(?:joined|left)[ \t]+the[ \t]+(?:meeting|call|chat))"
    r"|(?i:(?:transcription|recording)[ \t]+(?:has[ \t]+)?"
    r"(?:started|stopped|paused|resumed|in[ \t]+progress))"
    r"|(?i:meeting[ \t]+ended[ \t]+after[ \t]+\d{1,2}:\d{2}(?::\d{2})?)"
    r"|(?i:this[ \t]+editable[ \t]+transcript[ \t]+was[ \t]+computer[ \t-]generated)[^\n]*"
    r")[^\w\n]*$"
)
# A line holding only a time: a transcript's marks of elapsed time ("00:05:00", "[00:10:00]").
TIME_ONLY = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?\s*$")

# --------------------------------------------------------------------------- reported speech

# A summary record reports its speakers in the third person, a paragraph opening with who spoke and a verb
# of saying in the past tense: "The representative of Hungary said that ...", "Mr. Kiboino (Kenya), speaking
# on behalf of the African Group, stressed ...", "The Chair drew attention to ...". The verbs (lower case):
REPORTING_VERBS = (
    *("said", "stated", "noted", "stressed", "expressed", "welcomed", "asked", "suggested", "recalled"),
    *("emphasized", "emphasised", "underlined", "underscored", "called", "proposed", "requested", "added"),
    *("agreed", "supported", "observed", r"pointed\s+out", "reiterated", "highlighted", "urged", "thanked"),
    *("explained", "recognized", "recognised", "acknowledged", "reaffirmed", "announced", "informed"),
    *("inquired", "enquired", "replied", "responded", r"drew\s+attention", "invited", "introduced"),
    *("commended", "congratulated", "encouraged", "hoped", "indicated", "reported", "concluded"),
)
# What a summary record reports a presiding or secretariat officer doing besides saying, running the meeting:
# "The Chair opened the meeting and recalled ...", "The Chair thanked the delegations and closed the meeting".
PRESIDING_VERBS = (
    *("opened", "closed", "adjourned", "suspended", "declared", r"gave\s+the\s+floor"),
    *("summarized", "summarised", r"summed\s+up"),
)
# Words a summary record may put between the speaker and the verb: "also said", "further noted".
REPORTING_ADVERBS = ("also", "further", "then", "again", "strongly", "fully")
# Who speaks, when a summary record names the office in a delegation rather than the person: "The
# representative of Hungary", "The Permanent Representative of Kenya", "The observer for the European Union".
DELEGATE_OFFICES = (
    *("representative", "delegate", "delegation", "observer"),
    r"head\s+of\s+(?:the\s+)?delegation",
)
DELEGATE_MODIFIERS = ("permanent", "deputy", "alternate", "acting")
REPORTING_VERB = f"(?:{_alternation(REPORTING_VERBS)})"  # source, lower case
REPORTING_ADVERB = f"(?:{_alternation(REPORTING_ADVERBS)})"  # source, lower case
PRESIDING_VERB = f"(?:{_alternation(PRESIDING_VERBS + REPORTING_VERBS)})"  # source, lower case: an officer's
# A time right after the verb of saying points away from the turn being reported: "Mr. Silva (Brazil)
# stated yesterday that ...", "..., speaking for the Group, also said at the previous meeting that ..." cite
# an earlier statement. Further on it is part of what was said ("said that earlier this year ...", "welcomed
# the report adopted last year"). Matched on what follows the speaker, read as `labels._REPORTING` reads it
# (a clause between commas, adverbs, the verb).
CITED_EARLIER = re.compile(
    rf"^(?:[^.;:!?]{{1,250}}?,)?\s*(?:{REPORTING_ADVERB}\s+)*{REPORTING_VERB}\s+"
    r"(?i:yesterday|earlier|previously|this\s+morning"
    r"|(?:last|at\s+the\s+(?:last|previous|preceding|opening|first))\s+(?:week|month|year|session|meeting))\b"
)
# A chair announcing a summary of the discussion in the last sentence of a paragraph, without a colon ("Let
# me sum up what I heard.", "I will now briefly summarize the main points."): the delegations' openers that
# follow report what was said, as after a lead-in that ends in a colon. Nothing may follow in the paragraph
# ("I will sum up at the end. I give the floor to Brazil." gives Brazil the floor).
SUMMING_UP = re.compile(
    r"(?i:\b(?:sum(?:ming)?\s+up|summari[sz](?:e|ing)|recapitulat(?:e|ing)|in\s+summary)\b)[^.!?;:]*[.!?]?\s*$"
)
# Nouns that name someone by the part they take in a meeting, as generic transcripts label a speaker
# ("Participant:", "Panellist 2:", "Guest:", "Co-Host:"): a person, never a part of a text, even where the
# document writes the word in lower case ("the panelist"). Singular only: "Participants:" over a list of names
# heads it. Regex fragments, matched ignoring case (presiding titles such as "Moderator" are
# ``PRESIDING_TITLES``).
PERSON_NOUNS = (
    *("participant", "attendee", "host", r"co-?host", "panell?ist", "interpreter", "guest", "presenter"),
    *("discussant", "respondent", "questioner", "commentator", "interviewer", "interviewee", "expert"),
    *("speaker", r"audience\s+member"),
)
PERSON_MODIFIERS = ("guest", "keynote", "invited", "lead")  # "Guest Speaker", "Lead Discussant"
# A label naming only such a part, maybe numbered or lettered: "Panelist", "Guest Speaker", "Participant 2"
PERSON_LABEL = re.compile(
    rf"(?i:(?:(?:{_alternation(PERSON_MODIFIERS)})[\s-]+)?(?:{_alternation(PERSON_NOUNS)}))(?:\s+(?:\d+|[A-Z]))?"
)
# A heading over the names of people taking part, or a line naming them ("Participants:", "Panellists:",
# "List of Speakers:", "Guest Speakers:"): the plural of a ``PERSON_LABEL``
PERSON_LIST = re.compile(
    rf"(?i:(?:list\s+of\s+)?(?:(?:{_alternation(PERSON_MODIFIERS)})[\s-]+)?(?:{_alternation(PERSON_NOUNS)})s)"
)
# Words that make a speaker's label the delegation's rather than a person's: "Kenya Mission", "Permanent
# Mission of Kenya to UNIDO", and the same in French and Spanish ("Misión Permanente de Francia",
# "Délégation du Maroc", "Ambassade d'Italie"); regex fragments, matched ignoring case.
DELEGATION_WORDS = (
    *("representative", r"rep\.?", "mission", "delegation", "delegates?", "ambassador", "observer"),
    *("embassy", "government", "minister", "head of delegation", "consul", "team", "office"),
    *("chargé d'affaires", "charge d'affaires"),
    *("misi[oó]n", "delegaci[oó]n", "d[ée]l[ée]gation", "embajada", "ambassade", "embajadora?"),
    *("ambassadeur", "ambassadrice", "gobierno", "gouvernement", "representante", "repr[ée]sentante?"),
)
# source: a delegation word with the modifiers English writes before it and French and Spanish after it
_DELEGATION_MODIFIERS = (*DELEGATE_MODIFIERS, r"perm\.?")  # "Perm. Rep." too
DELEGATION_WORD = (
    rf"(?:(?:{_alternation(_DELEGATION_MODIFIERS)})\s+)*(?:{_alternation(DELEGATION_WORDS)})"
    r"(?:\s+permanente?)?"
)
# source (case-insensitive): French and Spanish "of" before a country's name, with its article ("de la",
# "del", "du", "de l'Égypte", "d'Italie"); its end is the name's start (the elided article tried first:
# "de" alone would leave "l'Égypte")
ROMANCE_OF = r"(?:(?:de\s+l|d)['’]\s*|(?:de\s+la|de\s+los|de\s+las|del|des|du|de)\s+)"
# source (case-insensitive): "representative", "Permanent Representative", "head of the delegation"
DELEGATE_OFFICE = rf"(?i:(?:(?:{_alternation(DELEGATE_MODIFIERS)})\s+)*(?:{_alternation(DELEGATE_OFFICES)}))"

# --------------------------------------------------------------------------- language notes

# The UN's six languages as French and Spanish notes write them (lower case, accents or not): English names.
LANGUAGE_NAMES = {
    **dict.fromkeys(("anglais", "inglés", "ingles"), "English"),
    **dict.fromkeys(("français", "francais", "francés", "frances"), "French"),
    **dict.fromkeys(("espagnol", "español", "espanol"), "Spanish"),
    **dict.fromkeys(("arabe", "árabe"), "Arabic"),
    **dict.fromkeys(("russe", "ruso"), "Russian"),
    **dict.fromkeys(("chinois", "chino"), "Chinese"),
}
# How a French or Spanish record or secretariat opens the same note: "(parle en espagnol)", "(interprétation
# de l'espagnol)", "(interprétation du français)", "(habla en francés)", "(interpretación del francés)".
_FOREIGN_NOTE_OPENERS = (
    r"parle\s+en",
    r"s['’]exprime\s+en",
    r"interpr[ée]tation\s+(?:de\s+l['’]\s*|du\s+|de\s+)",
    r"habla\s+en",
    r"interpretaci[óo]n\s+(?:del?\s+)",
)
# "(spoke in French)", "(interpretation from Arabic)", "(spoke in Spanish; English text provided)", and the
# same in French and Spanish ("(interprétation de l'espagnol)", "(habla en inglés)"): the language the speaker
# used, which a verbatim record notes after the label or in the text. The language is a capitalised English
# name or one of ``LANGUAGE_NAMES`` (``language_name`` gives its English name).
_LANGUAGE_NOTE = (
    r"\(\s*(?:(?:spoke|speaking|interpretation\s+from|interpreted\s+from)\s+(?:in\s+)?"
    rf"|(?i:{'|'.join(_FOREIGN_NOTE_OPENERS)})\s*){{language}}"
    r"(?:\s*[;,][^()]{{0,80}})?\s*\)"
)
_NOTE_LANGUAGE = rf"[A-Z][a-z]+\b|(?i:{_alternation(tuple(LANGUAGE_NAMES))})(?![\w'’])"
LANGUAGE_NOTE_SOURCE = _LANGUAGE_NOTE.format(language=f"(?:{_NOTE_LANGUAGE})")  # source
LANGUAGE_NOTE = re.compile(_LANGUAGE_NOTE.format(language=f"(?P<language>{_NOTE_LANGUAGE})"))


def language_name(word: str) -> str:
    """The English name of the language a note names ("French", "francés", "l'espagnol" -> "Spanish")."""
    return LANGUAGE_NAMES.get(word.lower(), word)


# The UN's six languages by the codes of a meeting's interpretation channels, which an online meeting's
# participants add to their names ("Jean-Pierre Habimana (Rwanda) [FR]").
LANGUAGE_CODES = {
    "AR": "Arabic",
    "EN": "English",
    "ES": "Spanish",
    "FR": "French",
    "RU": "Russian",
    "ZH": "Chinese",
}
_CODE = rf"\[\s*(?-i:{'|'.join(LANGUAGE_CODES)})\s*\]"
# A turn opening with such a code ("[FR] Rwanda invests ..."): the language it was spoken in.
LANGUAGE_CODE_NOTE = re.compile(rf"^\s*\[\s*(?P<code>{'|'.join(LANGUAGE_CODES)})\s*\]")
# source: the notes a speaker label of any form may carry beside the speaker, "(spoke in French)",
# "(interpreted from French)", a bare "(interpretation)" or a channel's code "[FR]": each form of
# ``readers.labels`` reads them, and the reader moves them to the turn's opening words, where text cleaning
# takes the floor language from them (or logs a bare note as an annotation), as a verbatim record's are.
LABEL_NOTE_SOURCE = rf"(?:{LANGUAGE_NOTE_SOURCE}|[(\[]\s*(?i:interpret(?:ation|ed))\s*[)\]]|{_CODE})"
LABEL_NOTE = re.compile(LABEL_NOTE_SOURCE)
# Looser, for the speaker column only: any bracket that opens with a word about language or
# interpretation ("(in English)", "[interpretation]", the first word of each French and Spanish note's
# opener: "(s'exprime en français)"), or holds a channel's code, is not part of the name.
_FOREIGN_NOTE_WORDS = "|".join(o.split(r"\s")[0] for o in _FOREIGN_NOTE_OPENERS)
LABEL_LANGUAGE_NOTE = re.compile(
    rf"[(\[]\s*(?:spoke|speaking|spoken|interpretation|interpreted|translated|in"
    rf"|{_FOREIGN_NOTE_WORDS})\b[^)\]]*[)\]]|{_CODE}",
    re.I,
)

# --------------------------------------------------------------------------- giving the floor

FLOOR_VERBS = (
    *("give", "giving", "pass", "passing", "hand", "handing"),
    *("turn", "turning", "yield", "yielding", "open", "opening"),
)
# source: "give the floor to", "handing over the floor to", "pass the floor over to", "give floor now to".
GIVE_FLOOR = (
    rf"(?:{_alternation(FLOOR_VERBS)})\s+"
    r"(?:over\s+)?(?:the\s+)?floor\s+(?:over\s+|now\s+)?to\b"
)
# source: the floor given to whoever is named before it ("Kenya, you have the floor", "Ethiopia has the
# floor", "The representative of Côte d'Ivoire has the floor"): the one list attribution (``FLOOR_GIVEN``,
# ``ADDRESSEE_BEFORE``, the notes' ``grammar``) and the procedural flag (``PROCEDURAL_PHRASES``) read.
# It ends its clause: a stop, a dash or the end, or a courtesy or a name (capitalised) after it, as
# unpunctuated captions run on ("you have the floor thank you", "you have the floor Ambassador"); never a
# compound "floor" opens ("has the floor space", "the floor plan"), nor a purpose ("The Assembly has the
# floor to decide": "to" only before the turn's own verbs, "you have the floor to speak").
_FLOOR_CLAUSE_END = (
    r"(?=\s*(?:[^\w\s'’-]|$)|\s+[-–—]|\s+(?-i:[A-Z])|\s+(?:now|please|thank|thanks|sir|madam|mister|mr|mrs|ms"
    r"|ambassador|excellency|again|once|first|for|and|go|so|then|ok|okay|yes|i|we|you"
    r"|to\s+(?:speak|respond|reply|continue|conclude|make|deliver|present|introduce))\b)"
)
HAVE_THE_FLOOR = rf"(?:(?:you|they)\s+have|has)\s+the\s+floor{_FLOOR_CLAUSE_END}"
# Who a chair addresses before "go ahead" with no comma, as captions write it ("Ghana go ahead", "Ambassador
# Otieno go ahead", "The representative of Côte d'Ivoire go ahead"): capitalised words, the small words of a
# name and the nouns of a delegate; not a subject going ahead ("We go ahead", "Should Ghana go ahead?", "The
# elections go ahead": a pronoun, a question's verb or a lower-case noun; a capitalised one, "Elections go
# ahead.", only ``textclean`` tells apart: see ``ADDRESSED_GO_AHEAD``).
# a capitalised word, or an abbreviation with its stop ("Mr.", "H.E."), never a word ending a sentence
_CAPITALISED = r"(?-i:[A-ZÀ-ÖØ-Þ])(?:[\w.]{0,3}\.|[\w'’-]*)"
_ADDRESSEE = (
    r"(?!(?-i:I|We|They|He|She|It|Let|Let's|If|When|Why|How|Where|What|Who|Should|Shall|Can|Could|Will|Would"
    r"|May|Might|Must|Do|Does|Did|To|And|But|Or|So)\b)"
    rf"{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|of|the|and|[dl]['’][\w-]+"
    r"|representative|delegate|delegation|observer|distinguished|permanent)){0,6}"
)
# Where "go ahead" and the one addressed may open: a sentence, or a caption's thanks without its stop ("thank
# you ghana go ahead"; fixed-width lookbehinds, one per form, on text whose spaces ``textclean`` has tidied).
_GO_AHEAD_OPENS = (
    r"(?:^|(?<=[.!?,;:]\s)"
    + "".join(rf"|(?<=\bthank\s{you}\s)" for you in ("you", r"you\sso\smuch", r"you\svery\smuch"))
    + r"|(?<=\bthanks\s))"
)
# How a caption, in lower case, addresses whoever is given the floor before "go ahead", as the capitalised
# `_ADDRESSEE` cannot: forms of address ("thank you sir go ahead", "thank you madam chair ghana go ahead"),
# then "the" or a delegate's office before the name ("thank you the representative of kenya go ahead"; the
# caller has capitalised the country). "The" never stands alone before "go ahead" ("thank you the elections go
# ahead" is a subject, left to ``textclean``).
_ADDRESS_WORDS = (
    *("sir", "madam", "madame", "mister", r"mr\.?", r"mrs\.?", r"ms\.?", *CHAIR_WORDS, "president"),
    *(r"(?:your\s+)?excellency", "ambassador"),
)
# At most three ("your excellency madam chair"): "mr. " both opens a sentence and addresses, so an unbounded
# run scanned the rest of "mr. mr. mr. ..." again from every stop (20,000 characters 4.7 s, not 0.05 s).
_LOWER_CASE_ADDRESS = rf"(?i:(?:{_alternation(_ADDRESS_WORDS)})\s+){{0,3}}"
_LOWER_CASE_DELEGATE = rf"(?i:the\s+(?:(?:distinguished\s+)?{DELEGATE_OFFICE}\s+(?:of|for)\s+(?:the\s+)?)?)?"
_ADDRESSED = rf"{_LOWER_CASE_ADDRESS}(?:{_LOWER_CASE_DELEGATE}{_ADDRESSEE}\s+)?"
# The forms of address opening `ADDRESSED_GO_AHEAD`'s `who` ("Madam Chair the Paris Agreement"): the chair's.
LEADING_ADDRESS = re.compile(_LOWER_CASE_ADDRESS)
# source: "Please go ahead", "Please, proceed", and "go ahead" ending its sentence, alone or after the one
# addressed, opening it ("Go ahead.", "Ghana, go ahead!", "Ghana go ahead"), never inside a delegation's own
# clause ("We must go ahead with the reform", "We will go ahead"): two words of substance otherwise, which
# kept "Please go ahead, Ghana." from being procedural.
GO_AHEAD = (
    r"please\s*,?\s+(?:go\s+ahead|proceed|take\s+the\s+floor)"
    rf"|{_GO_AHEAD_OPENS}{_ADDRESSED}go\s+ahead(?=\s*(?:[.!?,;]|$))"
)
# GO_AHEAD's form with the one addressed before it ("Ghana go ahead"): a capitalised subject opening its
# sentence reads the same ("Elections go ahead."), so ``textclean`` asks that `who` hold a country, a title or
# a delegate's noun, which this module, with no country table, cannot.
ADDRESSED_GO_AHEAD = re.compile(
    rf"{_GO_AHEAD_OPENS}(?P<who>{_LOWER_CASE_ADDRESS}{_LOWER_CASE_DELEGATE}{_ADDRESSEE})\s+go\s+ahead"
    r"(?=\s*(?:[.!?,;]|$))",
    re.I,
)
FLOOR_IS_YOURS = r"(?:the\s+)?floor\s+is\s+(?:yours|now\s+yours|open(?:\s+to)?)"  # source
CALL_ON = r"call\s+(?:up)?on"  # source
# The same in Spanish and French, as a chair says it in those languages (source, lower case): the
# delegation named after it ("Tiene la palabra la delegación de Chile", "Doy la palabra al representante de
# la Argentina", "Je donne la parole à la délégation du Maroc", "La parole est au Sénégal") ...
GIVE_FLOOR_ROMANCE = (
    r"(?:(?:le|les)\s+)?(?:doy|cedo|concedo|paso)\s+(?:ahora\s+)?la\s+palabra"
    r"|tiene\s+(?:ahora\s+)?la\s+palabra(?=\s+(?:el|la|los|las|su)\s|\s*[.,;]|\s*$)"
    r"|(?:je\s+)?(?:donne|passe|c[èe]de)\s+(?:maintenant\s+)?la\s+parole\s+(?:à|a|au|aux)"
    r"|la\s+parole\s+est\s+(?:à|a|au|aux)"
)
# ... or before it ("Chile, tiene usted la palabra.", "Maroc, vous avez la parole.").
HAVE_THE_FLOOR_ROMANCE = (
    r"(?:tiene\s+usted\s+la\s+palabra|usted\s+tiene\s+la\s+palabra|vous\s+avez\s+la\s+parole)"
)

# Phrases with which a chair hands over to the next speaker, who is named after them
# ("I now give the floor to Ghana") or, for the "you" forms, before them ("Kenya, you have the floor").
FLOOR_GIVEN = re.compile(
    rf"\b{GIVE_FLOOR}|"
    r"\bfloor\s+(?:goes|passes|is\s+now\s+given)\s+to\b|"
    rf"\b{CALL_ON}\b|\bi\s+(?:now\s+)?(?:invite|recogni[sz]e)\b|"
    r"\bnext\s+(?:on\s+(?:my|the|our)\s+list|speaker|in\s+line|on\s+the\s+speakers'?\s+list)"
    r"(?:\s+(?:is|we\s+have|will\s+be))?\b|\bnext\s+we\s+have\b|\blet\s+us\s+(?:hear|go)\s+(?:from|to)\b|"
    rf"\bover\s+to\s+you\b|\b{FLOOR_IS_YOURS}\b|"
    rf"\b{HAVE_THE_FLOOR}\b|\b(?:{GO_AHEAD})\b|"
    r"\b(?:now|first)\s+(?:turn|go)\s+to\b|\bwe\s+(?:now\s+)?(?:turn|go|move)\s+(?:over\s+)?to\b|"
    rf"\b(?:{GIVE_FLOOR_ROMANCE}|{HAVE_THE_FLOOR_ROMANCE})\b",
    re.I,
)
# "Next is the observer for the European Union.", "Next is the representative of Austria.", "Next is Chile.":
# the floor given only when a delegation is named right after it (``speakers.floor_given_to``), so "Next is
# the question of Palestine." gives it to nobody.
NEXT_IS = re.compile(
    r"\bnext\s+is\s+(?:the\s+)?(?:(?:distinguished\s+|honourable\s+|honorable\s+)?"
    r"(?:permanent\s+representative|representative|delegate|delegation|observer)\s+(?:of|for)\s+)?",
    re.I,
)
# The FLOOR_GIVEN phrases that may follow the delegation they address: "Kenya, the floor is yours.", "Ghana,
# please go ahead." (searched in what FLOOR_GIVEN matched: GO_AHEAD's forms are GO_AHEAD's, not a copy).
ADDRESSEE_BEFORE = re.compile(
    rf"you|yours|{HAVE_THE_FLOOR}|{GO_AHEAD}|{HAVE_THE_FLOOR_ROMANCE}"
    r"|^tiene\s+la\s+palabra$",
    re.I,
)

# Words that open a list item or a part of a text, or a sentence adverb, never a speaker, when they are the
# whole label: "First: we support ...", "Recommendation 2: ...", "Finally: ...", "**Importantly**, we ..."
# ("First Secretary (Kenya)" is a title; "**Donnelly**, speaking for Ireland" a name); one of them in a
# heading over a list's items names a part of a text ("Key Messages:", "Way Forward:", "Key Asks:", "Bottom
# Line:", ``grammar.title_like``; the same in French and Spanish below).
LIST_ITEM_WORDS = frozenset(
    """
first second third fourth fifth sixth seventh eighth ninth tenth firstly secondly thirdly fourthly fifthly
finally lastly next then also moreover furthermore additionally however therefore thus hence
recommendation recommendations point item note nb conclusion conclusions summary background purpose
objective objectives outcome outcomes decision decisions action actions example
importantly notably similarly likewise accordingly consequently indeed nevertheless nonetheless
equally crucially critically specifically particularly ultimately clearly undoubtedly regrettably
unfortunately fortunately only meanwhile instead overall
points messages priorities highlights takeaways proposals lessons forward
steps remarks observations findings comments questions issues challenges discussion learned
asks requests concerns commitments line
""".split()
) | frozenset(  # the same in French and Spanish minutes ("Nota:", "Resumen:", "Premièrement:")
    """
primero segundo tercero cuarto quinto primeramente finalmente además nota resumen antecedentes objetivo
objetivos punto puntos conclusión conclusiones recomendación recomendaciones decisión decisiones observación
observaciones mensajes prioridades propuestas
premièrement deuxièmement troisièmement quatrièmement ensuite enfin remarque résumé contexte objectif
objectifs recommandation recommandations décision décisions observations priorités propositions
""".split()
)

# Common words that qualify a part of a text in a heading over a list ("Key Messages", "Main Points", "Policy
# Recommendations", "Way Forward", "Bottom Line", "Golden Rule", "Mensajes clave"): a heading made of
# these, ``LIST_ITEM_WORDS`` and ``DOCUMENT_NAME_WORDS`` names no one, where a name ending on a list's word
# opens with a given name, no text's common word ("Ruth First", "Margaret Rule": ``grammar._title_reading``).
HEADING_WORDS = frozenset(
    """
key main policy way bottom golden final concluding introductory core guiding immediate practical further
agreed proposed emerging common strategic
clave principales principaux clés
""".split()
)

# Words that name a document in its title ("Written submission of the Republic of Kenya", "UNGA79 Plenary
# Speech September 2024"): a written statement's first line, alone and unpunctuated, naming one is its title.
DOCUMENT_TITLE_WORDS = (
    *("submission", "submissions", "statement", "speech", "remarks", "address", "contribution", "input"),
    *("inputs", "comments", "views", "non-paper", r"position\s+paper"),
)
DOCUMENT_TITLE = re.compile(rf"\b(?:{_alternation(DOCUMENT_TITLE_WORDS)})\b", re.I)
# Words that name a document, a part of one or a set of goals, never a speaker, in a capitalised phrase before
# a colon ("Charter of the United Nations:", "Paris Agreement:", "Addis Ababa Action Agenda:", "Agenda Item
# 3:"): such a phrase alone is no label of the verbatim form (``grammar._plain_label``).
DOCUMENT_NAME_WORDS = frozenset(
    """
charter declaration convention agenda agreement accord resolution resolutions decision decisions protocol
treaty pact compact statute article articles rule rules paragraph paragraphs item items goal goals target
targets report annex chapter section
""".split()
)
# Words naming a document set into a record, or a part of one, as minutes append or insert it ("Annex I:",
# "Appendix:", "Attachment:", "Enclosure:", "Addendum:"; in French and Spanish "Annexe", "Anexo", "Apéndice"):
# a label-like heading holding one opens no one's speech (``grammar.demote_heavy``).
APPENDED_DOCUMENT_WORDS = frozenset(
    """
annex annexes annexe appendix appendices attachment attachments enclosure enclosures addendum addenda
anexo anexos apéndice apéndices adjunto
""".split()
)
# A meeting named by its number ("34th Session", "thirty-fourth session", "Session 34", "2nd plenary
# meeting"): a label holding one is a meeting's or a document's title ("UNIDO - 34th Session of Industrial
# Development Board:"), unless it names an officer of it ("President of the 78th Session",
# ``labels.looks_like_label``).
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = """
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth sixtieth
seventieth eightieth ninetieth hundredth
""".split()
_ORDINAL = rf"(?:\d+(?:st|nd|rd|th)|(?:(?:{'|'.join(_TENS)})[\s-])?(?:{'|'.join(_ORDINAL_WORDS)}))"
_MEETING = r"(?:session|meeting|sitting)"
NUMBERED_MEETING = re.compile(
    rf"\b{_ORDINAL}\s+(?:(?:regular|special|resumed|plenary|ordinary|extraordinary)\s+)?{_MEETING}\b"
    rf"|\b{_MEETING}\s+(?:no\.?\s*)?\d+\b",
    re.I,
)
# What stands beside a numbered meeting in its title: a body that meets ("Industrial Development Board",
# ``_PRESIDED``) or an acronym ("IDB", "UNIDO"); a role beside it ("Panellist, Session 2") names a speaker.
MEETING_BODY = re.compile(rf"(?i:\b(?:{'|'.join(_PRESIDED)})\b)|\b[A-Z]{{2,}}\b")
# A heading of minutes that names the statement a delegation made below it, in English, French or Spanish
# ("Statement by the delegation of Morocco", "Intervention de la délégation du Maroc", "Déclaration de
# l'Égypte", "Intervención de la Misión Permanente de Chile"): what follows is the delegation's name.
STATEMENT_HEADING_WORDS = ("statement", "intervention", "remarks", "declaration", "address")
STATEMENT_HEADING_WORDS_ROMANCE = (
    *("déclaration", "intervention", "allocution", "intervención", "declaración", "discurso"),
)
_OF_WORDS = tuple(w for w in STATEMENT_HEADING_WORDS if w != "declaration")
# "Declaration of Panama" names a document, not Panama's statement: a declaration is a delegation's "by" it.
STATEMENT_HEADING = re.compile(
    rf"^(?:(?:{_alternation(STATEMENT_HEADING_WORDS)})\s+(?:by|from)\s+(?:the\s+)?"
    rf"|(?:{_alternation(_OF_WORDS)})\s+of\s+(?:the\s+)?"
    rf"|(?:{_alternation(STATEMENT_HEADING_WORDS_ROMANCE)})\s+{ROMANCE_OF})",
    re.I,
)
# A line speaking in the first or second person is a sentence, not a title ("It is my privilege to address
# the General" / "Assembly ...", as a speech's text may break its first sentence).
# Capitalised inside a line, "Our" and "Your" are a name's ("Kenya's input to Our Common Agenda").
FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|we|my|our|me|us|you|your)\b|^(?:We|My|Our|You|Your)\b")

# The words a resolution or a decision opens its paragraphs with, often in bold ("**Decides** to ...",
# "**Mindful** of ..."): emphasis, never a speaker, beside any participle ("Recalling", "Noting").
RESOLUTION_OPENERS = frozenset(
    """
decides requests urges calls invites encourages welcomes notes recognizes recognises reaffirms emphasizes
emphasises stresses underlines acknowledges affirms approves adopts endorses expresses appeals commends
condemns considers declares demands designates directs authorizes authorises mindful aware conscious
convinced concerned deeply further also bearing having
""".split()
)

# --------------------------------------------------------------------------- procedural speech

# source: an apology opening its sentence, alone, to the chair or the room, or for the call's troubles
# ("Apologies, Chair.", "My apologies for the delay.", "Sorry, Chair.", "Excuse me, Chair.", "Apologies
# for interrupting"): a courtesy. Not an apology spoken of ("Apologies were received from Kenya", as minutes
# record absences; "We demand apologies"; "We are sorry"), nor one to victims or for a wrong ("Apologies to
# the victims", "Sorry for the genocide", "I'm sorry to say"): a position.
APOLOGY = (
    r"(?:^|(?<=[.!?;:]\s)|(?<=[\"“]))"
    r"(?:(?:my|our)\s+(?:sincere\s+)?apologies|apologies|(?:i['’]m\s+|i\s+am\s+)?sorry|excuse\s+me)"
    r"(?=\s*(?:[,.!?;:]|$)|\s+(?:chair|madam|mr|sir|mister|everyone|all)\b"
    r"|\s+to\s+(?:(?:the\s+)?(?:chair|interpreters|secretariat)|everyone|all|colleagues|interrupt)\b"
    r"|\s+(?:for|about)\s+(?:(?:the|my|this|our|any)\s+)?(?:that|this|delay|lateness"
    r"|interruption|interrupting|noise|echo|sound|connection|confusion|inconvenience)\b)"
)
# Phrases that only run the meeting: giving the floor, "you are on mute", "next slide please", an apology.
PROCEDURAL_PHRASES = re.compile(
    r"\b(?:i\s+(?:now\s+|shall\s+now\s+|will\s+now\s+|would\s+now\s+like\s+to\s+|now\s+have\s+the\s+pleasure"
    rf"\s+to\s+|have\s+the\s+pleasure\s+to\s+)?{GIVE_FLOOR}[^.?!]*"
    rf"|{HAVE_THE_FLOOR}|{GO_AHEAD}|(?:may|can|could)\s+i\s+(?:please\s+)?have\s+the\s+floor"
    rf"|{FLOOR_IS_YOURS}[^.?!]*|(?:{GIVE_FLOOR_ROMANCE})[^.?!]*|{HAVE_THE_FLOOR_ROMANCE}"
    r"|(?:you\s+are|you're|you\s+seem\s+to\s+be|are\s+you)\s+(?:still\s+)?(?:on\s+)?mute[d]?"
    r"|(?:please\s+)?unmute(?:\s+yourself)?|can\s+(?:you|everyone|everybody|all\s+of\s+you)\s+(?:hear|see)\s+"
    r"(?:me|us|my\s+screen)|(?:do\s+)?you\s+hear\s+me|(?:we|i)\s+(?:can(?:not|'t)|can\s+not)\s+hear(?:\s+(?:you|anything|the\s+(?:speaker|interpret(?:ation|er)|audio|sound)))?"
    r"|(?:the\s+)?next\s+slide(?:\s+please)?|(?:let\s+me|i\s+will|i'll)\s+share\s+my\s+screen"
    r"|(?:is\s+)?my\s+(?:screen|microphone|mic|audio|camera)\s+[^.?!]*"
    rf"|(?:i\s+)?(?:invite|{CALL_ON})\s+[^.?!]{{0,80}}?\s+to\s+(?:take\s+the\s+floor|speak|make\s+"
    r"(?:a|his|her|their)\s+statement)[^.?!]*"
    r"|(?:welcome|thank\s+you|thanks)\s+(?:to\s+)?(?:all|everyone|everybody)"
    r"|we\s+(?:will\s+)?(?:now\s+)?(?:move|proceed|turn)\s+(?:on\s+)?to\s+(?:the\s+)?next\s+(?:speaker|item)"
    rf"|{APOLOGY})",
    re.I,
)
# Words of greeting, thanks and address that carry no substance in a short turn.
COURTESY_WORDS = frozenset(
    """
thank thanks thankyou you very much so madam mister mr mrs ms chair chairperson chairman chairwoman co-chair
president vice-president moderator excellency excellencies distinguished colleagues colleague delegates
delegate ladies gentlemen good morning afternoon evening everyone everybody all hello hi dear and the a an
ok okay yes please welcome again once for to of your kind kindly words floor sir dame am i we it is are
greetings warm warmly bonjour gracias merci shukran dear friends friend honour honor pleasure great glad
indeed now let me just also with this that
""".split()
)

# Thanks and greetings: a short sentence holding one and nothing of substance only runs the meeting
# ("Thank you, Chair.", "Croatia thanks the Secretariat.", "Good morning colleagues."), while one without
# ("In that regard.", "Hunger continues.", "On Sunday morning.") is speech cut short. "Welcome" is not one:
# "We welcome the New Agenda for Peace" is a position ("welcome to all" is a PROCEDURAL_PHRASE).
# "Thanks to digitalization" is a cause, not thanks; "Hi-tech" is no greeting.
THANKS_OR_GREETING = re.compile(
    r"(?<![\w-])(?:thank(?:s(?!\s+to\b)|ing|you)?|hello|hi|greetings|bonjour|gracias|merci|shukran"
    r"|good\s+(?:morning|afternoon|evening|day))(?![\w-])",
    re.I,
)

# --------------------------------------------------------------------------- fillers and annotations

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
# Fillers no editor leaves in a written record: one of them marks speech transcribed as spoken
# ("er" is not one: a PDF's text layer splits "Memb er States").
UNMISTAKABLE_FILLERS = ("uh", "uhh", "uhm", "um", "umm", "uhmm", "erm", "hmm")
# Small words a speaker starts over on: repeated across a comma ("the, the"), a stutter.
RESTART_WORDS = frozenset(
    """a an the i we you he she it they me us him them my our your his her its their this these those
    there and but or if because to of in on at for with by from as be are was were have has will would
    can could should do does did not""".split()
)
# Reduplicated compounds a meeting speaks of, which captions write with or without the hyphen
# ("South-South cooperation", "south south", "a fifty-fifty share", "a win-win"): never a stutter.
REDUPLICATED_COMPOUNDS = frozenset("south north fifty win lose".split())
# Words that legitimately come twice in a row ("that that", "had had", "very very"): not a stutter.
# All lists of doubles are lower case and matched ignoring case (auto-captions are all lower case).
LEGIT_DOUBLES = (
    frozenset("that had is very really far many much more again no never bye ha yes".split())
    | REDUPLICATED_COMPOUNDS
)
# Places whose names double ("Pago Pago", "Bora Bora", "Baden-Baden"), in any case.
DOUBLED_NAMES = frozenset("pago bora walla baden wagga sing kuala".split())
# Words that legitimately double with a hyphen ("so-so", "bye-bye", "half-half"): not a stutter.
LEGIT_HYPHEN_DOUBLES = (
    frozenset(
        "so bye tut hush pooh goody knock chop pom dum tom ping pong win no boo yo ha ho hee mm".split()
    )
    | frozenset("half blah yum".split())
    | REDUPLICATED_COMPOUNDS
    | DOUBLED_NAMES
)
# What a bracket holds when it annotates the recording, not quotes speech: "[inaudible]", "(laughter)".
ANNOTATIONS = (
    r"inaudible|unintelligible|indiscernible|incomprehensible|crosstalk|cross-talk|cross talk|overlapping|"
    r"overlapping speech|laughter|laughs|laughing|chuckles|applause|clapping|music|silence|pause|pauses|"
    r"long pause|background noise|noise|static|coughs|cough|coughing|foreign|foreign language|"
    r"speaking foreign language|no audio|audio cuts out|audio cut|audio breaks up|technical difficulties|"
    r"technical difficulty|connection lost|break|blank_audio|blank audio|interpretation|interpreted|"
    r"end of transcript|off mic|off-mic|off microphone|mic off|unclear|beep|phone rings|sighs|gap|silent|"
    r"inaudible[^\]\)]{0,20}|unintelligible[^\]\)]{0,20}|"
    r"crosstalk[^\]\)]{0,20}|speaking in [a-z]+|speaks in [a-z]+"
)
