"""Speaker label -> (speaker, country, role); who the chair gives the floor to; overrides.

Labels come from UN verbatim records ("Mr. Kiboino (Kenya) (spoke in French):"),
meeting minutes ("GHANA DELEGATION", "H.E. Ms. Y, Ambassador of Chile") and Zoom
captions ("Kenya Mission Geneva", "iPhone"). The rules, in order:

1. a bare presiding title (Chair, The Acting President, Moderator, Co-Chair) -> chair;
   a committee's rapporteur ("Mr. Garayev (Azerbaijan), Rapporteur of the Third Committee")
   presents the committee's report, speaking for the committee, not for the country in
   brackets -> other, the committee as delegation, no country (only delegations have one).
   The other officers keep their rules: a presiding title, with a country or not ("The
   Vice-President (Ghana)", "Mr. X (Kenya), Chair of the Committee") presides -> chair, and so
   does a group's chair or coordinator ("Amb. Ochieng (Kenya) - Chair of the African Group",
   "Chair of the Arab Group (Egypt)"), who presides over the group's session: the contract counts
   no chair's speech, and a country named beside the office is not the delegation's voice there.
   A delegate speaking on behalf of a group ("Mr. Ahmed (Egypt), speaking on behalf of the Arab
   Group", even as its chair) speaks as that delegation (rule 2);
2. a part of the label that is a delegation by itself ("(Kenya)", "Ambassador of
   Chile", "Perm Mission of Peru") -> that delegation, with the role the country
   table gives it (``countries.delegation``: observer for the Holy See, the State of
   Palestine and the EU, member_state for the rest);
3. UNIDO and the UN Secretariat -> secretariat; other organisations -> other;
4. a country named anywhere else in the label -> its delegation, unless the label
   reads as a person's name ("Georgia Smith");
5. a group's chair or coordinator with no country in the label -> chair; UN titles
   without a country (Director General, The Secretary-General) -> secretariat;
6. anything else (a person's name, "iPhone", "Guest") -> unknown, label kept.

Overrides from a speakers.csv win over all of this for the speakers they name; a
delegation named there again takes its role from the country table.

Titles, presiding offices, language notes and the phrases that give the floor come
from ``analysis.ingest.vocabulary``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import countries
from analysis.config import ROLES
from analysis.errors import InputError, InputErrors
from analysis.ingest.vocabulary import (
    ADDRESSEE_BEFORE,
    CHAIR_LABEL,
    DELEGATION_WORD,
    ENGLISH_SMALL_WORDS,
    EXCELLENCY,
    FLOOR_GIVEN,
    GROUP_CHAIR,
    HIS_EXCELLENCY,
    LABEL_LANGUAGE_NOTE,
    LEADING_TITLES,
    NAME_PARTICLES,
    NEXT_IS,
    PRESIDES,
    PRESIDING_WORDS,
    ROMANCE_OF,
    SECRETARIAT_TITLE,
    SENTENCE_END,
    SPEAKS_FOR,
    STATEMENT_HEADING,
    SURNAME_PARTICLE_OPENERS,
    SURNAME_PARTICLES,
    TITLE_SMALL_WORDS,
)


@dataclass(frozen=True)
class Attribution:
    speaker: str
    country: str | None
    role: str
    delegation: str | None


UNKNOWN = Attribution("", None, "unknown", None)

# --- label clean-up --------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_KEEP_CAPS = frozenset(
    "UNIDO ONUDI ONU UN UNDP UNEP UNCTAD UNESCO UNICEF UNHCR UNFCCC UNECA ECA ESCAP ECLAC ESCWA UNECE ITU "
    "WTO WIPO ILO FAO WHO IMF OECD EU AU AFDB ADB IDB ISDB DESA DGACM UAE USA UK US DRC DPRK ROK KSA PRC "
    "ICT 4IR AI SDG SDGS LDC LDCS SIDS G77 NGO CEO".split()
)


def _title(word: str) -> str:
    bare = re.sub(r"[^A-Za-z0-9]", "", word)
    if bare.upper() in _KEEP_CAPS or re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word

    def cap(part: str) -> str:
        part = part.lower()
        elided = re.match(r"^([a-z])(['’])(.+)$", part)  # D'IVOIRE -> d'Ivoire; O'NEILL -> O'Neill
        if elided:
            letter = elided.group(1) if elided.group(1) in "dl" else elided.group(1).upper()
            return letter + elided.group(2) + cap(elided.group(3))
        scots = re.match(r"^mc([a-z]{2,})$", part)  # MCDONALD -> McDonald ("MACDONALD" stays Macdonald)
        if scots:
            return "Mc" + cap(scots.group(1))
        return re.sub(r"[^\W\d_]", lambda m: m.group().upper(), part, count=1)

    return "-".join(cap(p) for p in word.split("-"))


def clean_label(label: str | None) -> str:
    """The label as the `speaker` column shows it: language notes off, spaces collapsed,
    trailing colon gone, title case for names the source wrote in capitals ("Hon NICOLA REID");
    initials ("AB", "JdV") and diarisation labels ("SPEAKER_00") are kept as written."""
    if not label:
        return ""
    text = LABEL_LANGUAGE_NOTE.sub(" ", str(label))
    text = _SPACE.sub(" ", text).strip()
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    text = text.strip(" :;,-–—|").strip()
    letters = [c for c in text if c.isalpha()]
    if not letters or re.fullmatch(r"[A-Za-z]{1,3}|\w*[\d_]\w*", text):
        return text  # initials, handles with digits, diarisation labels: as written
    words = text.split(" ")
    if all(c.isupper() for c in letters):
        if text.replace(".", "").upper() in _KEEP_CAPS:
            return text
        words = [
            w.lower() if i and w.lower() in TITLE_SMALL_WORDS else _title(w) for i, w in enumerate(words)
        ]
        if LEADING_TITLES.match(text):  # a person: "MR. VAN DER BERG (NETHERLANDS)"
            words = [w.lower() if i in _surname_particles(words) else w for i, w in enumerate(words)]
        return " ".join(words)
    # Mixed case: a presiding title in capitals ("The Acting CHAIRMAN") and a name wholly in capitals after
    # its titles change ("Hon NICOLA REID (Minister ...)", "Mr. McCONNELL", "Mr. SMITH of New Jersey",
    # "Mr. van der BERG"), not a surname in a UN record's convention ("Sir David HANNAY") nor an acronym
    # ("Chair (GRULAC ...)").
    words = [_title(w) if w.isupper() and w.lower() in PRESIDING_WORDS else w for w in words]
    name = LEADING_TITLES.sub("", re.sub(r"\([^()]*\)", " ", " ".join(words))).split()
    name = name[: name.index("of")] if "of" in name else name  # "SMITH of New Jersey": the state follows
    name = [w for w in name if any(c.isalpha() for c in w)]
    if not any(_in_capitals(w) for w in name) or not all(
        _in_capitals(w) or w in NAME_PARTICLES for w in name
    ):
        return " ".join(words)
    start, end = _name_span(words)
    particles = _surname_particles(words)
    out, depth = [], 0
    for i, w in enumerate(words):
        letters = len(re.sub(r"[^A-Za-z]", "", w))
        caps = depth == 0 and not w.startswith("(") and _in_capitals(w)
        if i in particles or (caps and i >= end and w.lower() in ENGLISH_SMALL_WORDS):
            w = w.lower()  # "de la Cruz"; "Ahmed Samir, Minister of Trade"
        elif caps and (letters >= 3 or (start <= i < end and letters == 2 and not _ROMAN.match(w))):
            w = _capitalised_name(w)  # a two-letter word of the name too: "Le Drian", "Li"
        out.append(w)
        depth += w.count("(") - w.count(")")
    return " ".join(out)


_ROMAN = re.compile(r"^[IVX]+[.,]?$")


def _name_span(words: list[str]) -> tuple[int, int]:
    """Where a person's name stands in a label's words: after the titles, before brackets, "of" or a comma."""
    titles = LEADING_TITLES.match(" ".join(words))
    start = len(titles.group().split()) if titles else 0
    end = start
    while end < len(words) and not words[end].startswith("(") and words[end] != "of":
        end += 1
        if words[end - 1].endswith(","):
            break
    return start, end


def _surname_particles(words: list[str]) -> set[int]:
    """Indices of the particles right before the surname that ends a person's name in `words` (after the
    titles, before brackets, "of" or a comma): "Ms. DE LA CRUZ (Philippines)" -> {1, 2}."""
    start, end = _name_span(words)
    run = []
    i = end - 2
    while i >= start and words[i].lower() in SURNAME_PARTICLES:
        run.insert(0, i)
        i -= 1
    while run and words[run[0]].lower() not in SURNAME_PARTICLE_OPENERS:
        run.pop(0)
    return set(run)


_CAPS_AFTER_PREFIX = re.compile(r"^(Mc|Mac|De|Di|Du|La|Le)([A-Z]{2}[A-Z'’-]*)$")  # "McCONNELL", "DeLAY"


def _in_capitals(word: str) -> bool:
    """A name set in capitals, the way a printed record sets surnames: "ISSA", "McCAIN", "DeLAY"."""
    return word.isupper() or bool(_CAPS_AFTER_PREFIX.match(word))


def _capitalised_name(word: str) -> str:
    m = _CAPS_AFTER_PREFIX.match(word)
    return m.group(1) + _title(m.group(2)) if m else _title(word)


def speaker_key(label: str | None) -> str:
    """How overrides match a speaker: case, accents, punctuation and spacing do not matter."""
    return countries.normalise(clean_label(label))


# --- roles -------------------------------------------------------------------------

_STRONG_SECRETARIAT = re.compile(
    # "Reino Unido" is the United Kingdom; ONUDI is UNIDO in French and Spanish; the Spanish secretariat is
    # "Secretaría" (without the accent, "Secretaria" is a woman holding an office: "Secretaria de Estado")
    r"(?<!reino )\bunido\b|\bonudi\b|\bsecr[ée]tariat\b|\bsecretaría\b|"
    r"united nations industrial development organi[sz]ation|"
    r"department (?:for|of) general assembly|\bdgacm\b|office of the secretary[\s-]general|"
    r"\bun (?:staff|secretariat)\b|^un$|\(un\)|"
    # the UN Secretariat's departments and offices by their acronyms ("EOSG | Ayaka Suzuki | Director")
    r"\b(?:eosg|desa|dmspc|dppa|dpo|dgc|ocha|ohchr|ohrlls|oict|oios)\b",
    re.I,
)
_WEAK_SECRETARIAT = re.compile(
    rf"{SECRETARIAT_TITLE}|\bunited nations\b|\bnaciones unidas\b|\bnations unies\b|\bun\b|"
    r"under[\s-]secretary|\bundersecretary\b",
    re.I,
)
# The UN's abbreviations of its officials (case as written: "ASG" or "usg" in a name is no office): an
# Under- or Assistant Secretary-General, a (Deputy) Special Representative of the Secretary-General; and a
# Secretary-General's envoy or representative named with the country or region of the mandate ("Special
# Representative of the Secretary-General for Haiti", "SRSG for Haiti"), who briefs on that country and is
# not its delegate.
_UN_OFFICIAL = re.compile(
    r"\b(?:[UA]SG|D?SRSG)\b|"
    r"(?i:\b(?:special\s+|personal\s+|deputy\s+)*(?:representative|envoy|adviser|advisor|coordinator)\s+"
    r"(?:of|to)\s+the\s+secretary[\s-]general\b)"
)
# The President of the General Assembly, as the UN abbreviates the office ("GA | Annalena Baerbock | PGA").
_PGA = re.compile(r"\bPGA\b")
_OTHER_ORG = re.compile(
    r"\b(?:bank|university|universit[eé]|institute|institut|foundation|association|chamber|"
    r"company|corporation|corp|inc|ltd|llc|gmbh|plc|ngo|forum|agency|organi[sz]ation|programme|program|"
    r"network|academy|college|school|centre|center|consult\w*|expert|researcher|professor|founder|ceo|"
    r"african union|league of arab states|arab league|civil society|private sector|"
    r"itu|wto|oecd|undp|unep|unctad|unesco|unicef|unhcr|ilo|fao|who|wipo|imf|afdb|adb|isdb|"
    r"world economic forum|economic commission|regional commission|escap|eclac|escwa|unece|uneca)\b",
    re.I,
)
# Phrases that place a delegation *at* the UN, so "UN" / "UNIDO" in them is not staff.
# "auprès de l'ONUDI", "ante las Naciones Unidas": the same in French and Spanish.
_ACCREDITED = re.compile(
    r"\b(?:to|at|in|aupr[eè]s\s+de|ante)\s+(?:the\s+|la\s+|las\s+|l['’]\s*|des\s+)?"
    r"(?:unido|onudi|united nations(?: industrial development organi[sz]ation)?"
    r"(?: office)?|un(?: office)?|un-?habitat|naciones unidas|nations unies)"
    r"(?:\s+(?:at|in|en|à)\s+\w+(?:\s+york)?)?\b",
    re.I,
)
_PREFIX = re.compile(  # "Délégation de l'Égypte": the elided article before "de" alone
    rf"^{DELEGATION_WORD}\s+(?:(?:of|for|from)\s+|{ROMANCE_OF})",
    re.I,
)
_SUFFIX = re.compile(
    rf"\s*\b{DELEGATION_WORD}(?:\s+(?:in\s+|to\s+)?(?:geneva|vienna|new york|nairobi|"
    r"addis ababa|brussels|bangkok|unido|the un|un|united nations))*$|"
    r"\s+(?:in\s+)?(?:geneva|vienna|new york|nairobi|addis ababa|brussels)$",
    re.I,
)
_CUES = re.compile(
    rf"\b{DELEGATION_WORD}\b|\bminist(?:er|ry)\b|\b{HIS_EXCELLENCY}\.?\b|\b{EXCELLENCY}\b|\bon behalf of\b|"
    r"\bof\b|\bfor\b|[()]",
    re.I,
)
# Countries' names that are also common first names or surnames (as `countries.normalise` keys them): alone
# in a label beside other names they are more likely a person ("Georgia Smith", "Chad Brown", "Francia
# Márquez"). The name, not the country: "Marie Dupont France" is France's.
_PERSONAL = frozenset({"jordan", "georgia", "chad", "israel", "francia", "grecia"})


def _personal(text: str, span: tuple[int, int, str]) -> bool:
    """The country `text` names at `span` is named by a name that is also a person's."""
    return countries.normalise(text[span[0] : span[1]]) in _PERSONAL


_SPLIT = re.compile(r"\s+[-–—|/·]\s+|\s*[:;,]\s+|\s+-\s*$")


def _parts(label: str) -> tuple[list[str], list[str]]:
    """(parenthetical contents, the rest split at dashes, commas and colons)."""
    inner = [p.strip() for p in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", label) if p.strip()]
    outer = re.sub(r"\((?:[^()]*(?:\([^()]*\)[^()]*)*)\)", " ", label)
    rest = [p.strip() for p in _SPLIT.split(outer) if p and p.strip()]
    return inner, rest


def label_parts(label: str) -> list[str]:
    """Every part of a label: its brackets' contents and the rest, each split at dashes, pipes, commas and
    colons ("Chair (Ms. Elena Vargas, Costa Rica)" -> "Ms. Elena Vargas", "Costa Rica", "Chair")."""
    inner, rest = _parts(label)
    return [p.strip() for part in (*inner, *rest) for p in _SPLIT.split(part) if p and p.strip()]


def _as_delegation(part: str) -> str | None:
    """A label part that names a delegation and nothing else -> its code. The part is looked up whole before
    its titles come off: "DR Congo" is the Democratic Republic of the Congo, not a doctor's "Congo"."""
    code = countries.lookup(part.strip(), two_letter_codes=False)
    if code:
        return code
    text = LEADING_TITLES.sub("", part.strip()).strip()
    # A bare two-letter label is initials ("CA:") or an organisation ("AU") as often as a country; a code
    # that a delegation word comes with ("ZA Mission") is the country's.
    marked = False
    for _ in range(3):
        code = countries.lookup(text, two_letter_codes=marked)
        if code:
            return code
        shorter = _SUFFIX.sub("", _PREFIX.sub("", text)).strip()
        shorter = re.sub(r"^(?:the)\s+", "", shorter, flags=re.I)
        if shorter == text or not shorter:
            return None
        text, marked = shorter, True
    return countries.lookup(text, two_letter_codes=marked)


# Offices one person holds: "the Minister of Kenya" and "the Ambassador of Kenya" are two people.
# ("Permanent Representative" is one person, the "Permanent Mission" the delegation.)
_ONE_PERSON = re.compile(
    r"\b(?:minister|ambassador|consul|charg[ée]|head|permanent\s+(?:representative|rep\b|observer)|deputy|"
    r"alternate|acting|vice)\b",
    re.I,
)


def delegation_named(speaker: str) -> str | None:
    """The delegation a speaker's name is nothing but ("Hungary", "The representative of Hungary", "Kenya
    Mission Vienna"), not a person from it ("Mr. Kiboino (Kenya)", "Minister of Kenya" are None): its code."""
    return _as_delegation(speaker) if speaker and not _ONE_PERSON.search(speaker) else None


def delegation_heading(text: str) -> str | None:
    """The speaker a heading names, when it names a delegation: its name ("Kenya", "KENYA", "United States
    of America"; a two-letter code such as "AU" is not taken for one, as in a speaker's label,
    `countries.lookup`) or its mission or delegation in any of the meeting's languages ("Délégation de
    l'Égypte", "Mission permanente de la Tunisie auprès de l'ONUDI"), after the words that call it a
    statement, as a francophone or hispanophone secretariat heads one ("Intervention de la délégation du
    Maroc", "Statement by the delegation of Morocco": the speaker is "Délégation du Maroc", "Delegation of
    Morocco")."""
    if countries.lookup(text, two_letter_codes=False) is not None:
        return text
    named = STATEMENT_HEADING.sub("", text, count=1).strip()
    if not named or delegation_named(named) is None:
        return None
    return named[:1].upper() + named[1:]


# "Rapporteur of the Third Committee", "Vice-Rapporteur": a label part naming a committee's rapporteur
# (not a Special Rapporteur, who is introduced like a briefer).
_RAPPORTEUR = re.compile(
    r"^(?:the\s+)?(?:(?:vice|co|deputy)[\s-]*)?rapporteur\b(?:\s+(?:of|for)\s+(?:the\s+)?(?P<body>.+))?$",
    re.I,
)


def _rapporteur(rest: list[str]) -> str | None:
    """The body a rapporteur named after a label's first part speaks for (the office if it names none)."""
    for part in rest[1:]:
        m = _RAPPORTEUR.match(part)
        if m:
            return m.group("body") or part
    return None


def _delegation_attribution(speaker: str, code: str) -> Attribution:
    """``speaker`` speaking for the delegation ``code``: its role and name from the country table."""
    d = countries.delegation(code)
    return Attribution(speaker, d.code, d.role, d.name)


def is_organisation(text: str) -> bool:
    """The text names an organisation other than the UN secretariat or a delegation (a bank, a forum...)."""
    return bool(_OTHER_ORG.search(_ACCREDITED.sub(" ", text)))


def _organisation(parts: list[str], pattern: re.Pattern, fallback: str) -> str:
    for p in parts:
        if pattern.search(_ACCREDITED.sub(" ", p)):
            return LEADING_TITLES.sub("", p).strip() or fallback
    return fallback


_PART_EDGE = ",;:()|/–—"


def _reads_as_person(label: str, spans: list[tuple[int, int, str]]) -> bool:
    """'Georgia Smith', 'Chad Brown, Minister of Economy': a personal-name country beside other
    capitalised names in its part of the label (between commas or brackets), with no delegation cue."""
    if len(spans) != 1 or not _personal(label, spans[0]):
        return False
    start, end, _ = spans[0]
    left = max(label.rfind(c, 0, start) for c in _PART_EDGE) + 1
    right = min((i for i in (label.find(c, end) for c in _PART_EDGE) if i >= 0), default=len(label))
    if _CUES.search(label[left:right]):
        return False
    others = re.findall(r"[^\W\d_]+", label[left:start] + " " + label[end:right])
    return any(w[:1].isupper() for w in others)


# A country named after "of", "for" or "from" ("Minister of Economy of Chile", "of the Republic of Korea").
_AFTER_OF = re.compile(r"\b(?:of|for|from)\s+(?:the\s+)?$", re.I)


def _delegation_spans(speaker: str) -> list[tuple[int, int, str]]:
    """The countries a label names, the likeliest delegation first: in brackets, then after "of"
    ("Israel Moreno, Minister of Economy of Chile" is Chile's), then the rest. A country that is also a
    personal name, inside the name after a title, is no delegation ("H.E. Mr. Israel Moreno", "Ambassador
    Georgia Brown"); any other stays one ("Dr. Hassan Egypt", as a meeting program shows a name)."""
    words = speaker.split()
    titles = LEADING_TITLES.match(speaker)
    name_chars = (0, 0)
    if titles and titles.group().strip().lower() != "the":
        start, end = _name_span(words)
        name_chars = (len(" ".join(words[:start])), len(" ".join(words[:end])))
    spans = [  # a display name "Dr. Hassan Egypt" still names Egypt; only a personal-name country is a name
        s
        for s in countries.find_spans(speaker)
        if not (_personal(speaker, s) and name_chars[0] <= s[0] and s[1] <= name_chars[1])
    ]

    def rank(span: tuple[int, int, str]) -> int:
        if speaker.rfind("(", 0, span[0]) > speaker.rfind(")", 0, span[0]):
            return 0
        return 1 if _AFTER_OF.search(speaker[: span[0]]) else 2

    return sorted(spans, key=rank)  # stable: in order of appearance within a rank


# "Group of 77 and China", "G77 + China", "G-77/China": a group of states whose name holds a country's
_G77_AND_CHINA = re.compile(
    r"\b(?:group\s+of\s+(?:77|seventy[\s-]seven)|g[\s-]?77)\s*(?:and|\+|&|/)\s*china\b", re.I
)


@lru_cache(maxsize=65536)
def _attribute(label: str) -> Attribution:
    speaker = clean_label(label)
    if not speaker:
        return UNKNOWN
    if _G77_AND_CHINA.search(speaker):  # read without China's name, shown as written
        return replace(_attribute(_G77_AND_CHINA.sub("Group of 77", speaker)), speaker=speaker)
    inner, rest = _parts(speaker)
    parts = inner + rest
    if (
        any(CHAIR_LABEL.match(LEADING_TITLES.sub("", p).strip() or p) for p in parts)
        or CHAIR_LABEL.match(speaker)
        or (any(GROUP_CHAIR.match(p) for p in parts) and not SPEAKS_FOR.search(speaker))
        or _PGA.search(speaker)
    ):
        return Attribution(speaker, None, "chair", None)
    body = _rapporteur(rest)
    if body:
        return Attribution(speaker, None, "other", body)
    # a UN official, unless a bracket beside the office names a delegation ("Ms. Lee (Korea), ASG candidate")
    official = any(_UN_OFFICIAL.search(p) and not _ACCREDITED.search(p) for p in parts)
    if official and not any(_as_delegation(p) for p in inner if not _UN_OFFICIAL.search(p)):
        return Attribution(
            speaker, None, "secretariat", _organisation(parts, _STRONG_SECRETARIAT, "UN Secretariat")
        )
    # a country name is looked up whole before its commas split it ("Congo, Dem. Rep." is not "Congo")
    for part in (speaker, *parts):  # then parentheses first: "Mr. Kiboino (Kenya)"
        code = _as_delegation(part)
        if code:
            return _delegation_attribution(speaker, code)
    bare = _ACCREDITED.sub(" ", speaker)
    if _STRONG_SECRETARIAT.search(bare):
        return Attribution(speaker, None, "secretariat", _organisation(parts, _STRONG_SECRETARIAT, speaker))
    if _OTHER_ORG.search(bare):
        return Attribution(speaker, None, "other", _organisation(parts, _OTHER_ORG, speaker))
    spans = _delegation_spans(speaker)
    if spans and not _reads_as_person(speaker, spans):
        return _delegation_attribution(speaker, spans[0][2])
    if PRESIDES.search(speaker):
        return Attribution(speaker, None, "chair", None)
    if _WEAK_SECRETARIAT.search(bare):
        return Attribution(speaker, None, "secretariat", _organisation(parts, _WEAK_SECRETARIAT, speaker))
    return Attribution(speaker, None, "unknown", None)


# --- overrides ---------------------------------------------------------------------

_OVERRIDE_CACHE: dict[int, tuple[pd.DataFrame, dict]] = {}


def _override_map(overrides: pd.DataFrame) -> dict[tuple[str | None, str], tuple[str | None, str]]:
    """(session_id or None, speaker key) -> (country, role); built once per DataFrame (not re-read if
    the same DataFrame is edited in place: pass a new one)."""
    cached = _OVERRIDE_CACHE.get(id(overrides))
    if cached is not None and cached[0] is overrides:
        return cached[1]
    mapping: dict = {}
    has_session = "session_id" in overrides.columns
    for row in overrides.itertuples(index=False):
        session = getattr(row, "session_id", None) if has_session else None
        session = str(session) if isinstance(session, str) and session.strip() else None
        country = row.country.strip() if isinstance(row.country, str) and row.country.strip() else None
        country = countries.lookup(country) or country if country else None
        mapping[(session, speaker_key(row.speaker))] = (country, str(row.role).strip())
    _OVERRIDE_CACHE.clear()  # one table at a time: a run uses one speakers.csv
    _OVERRIDE_CACHE[id(overrides)] = (overrides, mapping)
    return mapping


def _override_keys(speaker: str) -> list[str]:
    """Keys an override row may match: the whole label, the name outside brackets, the name without titles."""
    outer = " ".join(_parts(speaker)[1])
    keys = [speaker, outer, LEADING_TITLES.sub("", outer)]
    return list(dict.fromkeys(countries.normalise(k) for k in keys))


def attribute(
    label: str | None, *, overrides: pd.DataFrame | None = None, session_id: str | None = None
) -> Attribution:
    """Who spoke: the normalised label, the delegation's ISO3 (or 'EU'), and the role."""
    base = _attribute(label) if isinstance(label, str) else UNKNOWN
    if overrides is None or len(overrides) == 0 or not base.speaker:
        return base
    mapping = _override_map(overrides)
    for key in _override_keys(base.speaker):
        for session in ([str(session_id)] if session_id is not None else []) + [None]:
            hit = mapping.get((session, key))
            if hit is not None:
                country, role = hit
                return (
                    _delegation_attribution(base.speaker, country)
                    if country
                    else Attribution(base.speaker, None, role, None)
                )
    return base


def unmatched_overrides(overrides: pd.DataFrame | None, turns: pd.DataFrame) -> list[str]:
    """The speakers.csv rows that match no turn's speaker ("amina.otieno", "Mr. Banda in auto"): a name the
    transcripts spell otherwise, or a label the reader kept as text, changes nothing and is said."""
    if overrides is None or overrides.empty:
        return []
    spoken: set[tuple[str | None, str]] = set()
    for session, speaker in turns[["session_id", "speaker"]].drop_duplicates().itertuples(index=False):
        if isinstance(speaker, str) and speaker:
            for key in _override_keys(speaker):
                spoken |= {(str(session), key), (None, key)}
    out = []
    for row in overrides.itertuples(index=False):
        session = row.session_id.strip() or None
        if (session, speaker_key(row.speaker)) not in spoken:
            out.append(row.speaker + (f" in {session}" if session else ""))
    return out


def _override_rows(text: str, sep: str, path: Path) -> tuple[pd.DataFrame, list[int]]:
    """speakers.csv's rows under its header (names lower-cased), and the file line of each. A row with more
    values than columns is an error naming its line: pandas read a name's unquoted comma ("Amina Otieno,
    Minister") by taking the first column for an index, the override then a speaker 'Minister''s."""
    from analysis.ingest.manifest import _misread, numbered_rows

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    rows, lines, errors = [], [], []
    for line, fields in numbered_rows(reader, path):
        if header is None:
            header = [h.strip().lower() for h in fields]
            continue
        misread = _misread(fields, header, line, reader.line_num)
        if misread:
            more = ": quote a name that holds a comma" if misread.endswith("columns") else ""
            errors.append(InputError(misread + more, path, line))
            continue
        rows.append([*fields[: len(header)], *[""] * (len(header) - len(fields))])
        lines.append(line)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return pd.DataFrame(rows, columns=header or [], dtype=str), lines


def _override_header_help(df: pd.DataFrame) -> str:
    """What a speakers.csv without all its columns should say: the header, the roles, and the file's own
    first row completed where it names a country the table knows (a delegation's role is the table's)."""
    example = "e.g. Kiboino,Kenya,member_state"
    if len(df) and {"speaker", "country"} <= set(df.columns):
        speaker, country = df["speaker"].iloc[0].strip(), df["country"].iloc[0].strip()
        code = countries.lookup(country) if country else None
        if speaker and code:
            example = f"e.g. {speaker},{country},{countries.delegation(code).role}"
    return (
        f"; write the header speaker,country,role[,session_id] and a row per speaker ({example}); role is"
        f" one of {', '.join(ROLES)}: a delegation's is member_state or observer, as the country table has it"
    )


def read_overrides(path: str | Path) -> pd.DataFrame:
    """speakers.csv (speaker, country, role[, session_id]) -> validated overrides.

    `country` may be an ISO3 code, 'EU' or any name the country table knows; it is
    stored as the code. Chair, secretariat and unknown rows may leave it empty.
    """
    from analysis.ingest.encoding import has_text, read_text
    from analysis.ingest.manifest import separator

    path = Path(path)
    if not path.is_file():
        raise InputError("speaker overrides file not found", path)
    if not has_text(path.read_bytes()):
        raise InputError(
            "empty; write the header speaker,country,role[,session_id] and a row per speaker, or delete"
            " the file",
            path,
        )
    text = read_text(path)  # as the manifest beside it: Windows-1252, UTF-16, a BOM
    sep = separator(text, ("speaker", "country", "role", "session_id"))
    df, lines = _override_rows(text, sep, path)
    missing = [c for c in ("speaker", "country", "role") if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}{_override_header_help(df)}", path, 1)
    if "session_id" not in df.columns:
        df["session_id"] = ""
    errors: list[InputError] = []
    seen: dict[tuple[str, str], int] = {}
    codes = []
    for line, row in zip(lines, df.itertuples(index=False), strict=True):
        speaker, role = row.speaker.strip(), row.role.strip().lower()
        country = row.country.strip()
        code = countries.lookup(country) if country else None
        if not speaker:
            errors.append(InputError("empty speaker", path, line))
        if role not in ROLES:
            errors.append(
                InputError(f"unknown role {row.role!r} (expected one of {', '.join(ROLES)})", path, line)
            )
        if country and code is None:
            errors.append(InputError(f"unknown country {country!r}", path, line))
        if role in ("member_state", "observer") and not country:
            errors.append(InputError(f"role {role} needs a country", path, line))
        if role in ROLES and role not in ("member_state", "observer") and country:
            errors.append(InputError(f"role {role} takes no country (only delegations have one)", path, line))
        if role in ("member_state", "observer") and code and countries.delegation(code).role != role:
            d = countries.delegation(code)
            errors.append(
                InputError(
                    f"role {role} does not fit {d.name} ({d.code}): the country table says {d.role}",
                    path,
                    line,
                )
            )
        key = (row.session_id.strip(), speaker_key(speaker))
        if speaker and key in seen:
            errors.append(InputError(f"speaker {speaker!r} already given on line {seen[key]}", path, line))
        seen.setdefault(key, line)
        codes.append(code)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    out = pd.DataFrame(
        {
            "session_id": df["session_id"].str.strip(),
            "speaker": df["speaker"].str.strip(),
            "country": pd.array(codes, dtype="string"),
            "role": df["role"].str.strip().str.lower(),
        }
    )
    return out.sort_values(["session_id", "speaker"], kind="stable").reset_index(drop=True)


# --- giving the floor ------------------------------------------------------------------


@lru_cache(maxsize=2048)
def floor_given_to(text: str | None) -> str | None:
    """ISO3 (or 'EU') of the delegation the chair gives the floor to, the last one named.

    "Next is ..." gives the floor only to a delegation named right after it ("Next is the representative
    of Austria", "Next is the observer for the European Union"; not "Next is the question of Palestine").
    """
    if not text or not isinstance(text, str):
        return None
    text = countries.names_capitalised(text)  # a caption's "you have the floor ghana", "ghana go ahead"
    if not (FLOOR_GIVEN.search(text) or NEXT_IS.search(text)):
        return None
    spans = countries.find_spans(text)
    if not spans:
        return None
    best: tuple[int, str] | None = None
    for m in NEXT_IS.finditer(text):
        hit = next((s for s in spans if s[0] >= m.end()), None)
        # the delegation right after the phrase, not a person's name ("Next is Georgia Smith")
        if (
            hit is not None
            and re.fullmatch(r"(?i:the\s+)?", text[m.end() : hit[0]])
            and not re.match(r"[ \t]+[A-Z][a-z]", text[hit[1] :])
        ):
            best = (m.start(), hit[2])
    for m in FLOOR_GIVEN.finditer(text):
        end_match = SENTENCE_END.search(text, m.end())
        stop = min(end_match.start() if end_match else len(text), m.end() + 120)
        after = [s for s in spans if m.end() <= s[0] < stop]
        hit = after[0] if after else None
        if hit is None and ADDRESSEE_BEFORE.search(m.group()):
            starts = [e.end() for e in SENTENCE_END.finditer(text, 0, m.start())]
            begin = starts[-1] if starts else 0
            # before the phrase, or inside it ahead of "go ahead": "Ghana go ahead" (GO_AHEAD takes the name)
            before = [s for s in spans if begin <= s[0] and s[1] <= m.end()]
            hit = before[-1] if before else None
        if hit is not None and (best is None or m.start() >= best[0]):
            best = (m.start(), hit[2])
    return best[1] if best else None
