"""Which speaker-label form a file uses, and how much to trust each label it finds.

A file is read with ONE form of the grammar (``labels``): the form that finds most labels in it
(UN verbatim, markdown, hearing, stamped, bold labels marked by the source, or generic ``Name:``),
logged as ``label_grammar``. Then the confidence check demotes a label back to text (logged as
``label_demoted``) when it appears once in the file and either

- stands inside running prose: the line before it ends mid-sentence ("... I lay it on /
  the Table: ..."; such a label is demoted however often it recurs when it opens with a small
  word), or
- holds far more words than the file's median turn and names no delegation, office or organisation (a
  mid-speech "Deficits:" swallowing the rest of a statement; a keynote under "GA | Annalena Baerbock | PGA"
  stays a turn, and so does a person the chair gave the floor to by that name). Where such a label names a
  document set into the record ("Annex I:", "Appendix:", "Attachment:"), its words are no one's speech: a
  section of their own, attributed to no one (``demote_heavy``), not words of the turn before.

The verbatim form also reads a bare presiding title (``Chair:``, ``CHAIR:``, ``Moderator:``) and a
member named without a title (``Amina Otieno (Kenya):``, where its brackets name a delegation) or a
delegation or person named alone (``Ghana:``, ``Amina Otieno:``, ``verbatim_labels``) among its own
labels, so that a file mixing them with UN-style labels loses none (minutes typed "Ghana:" beside "Ms.
Rivera (Chile):" gave Ghana's statement to Chile); such a label is a generic one too, so it does not count
towards choosing the verbatim form, and it gets the same check (``confident_verbatim``): demoted when seen
once inside running prose. The form's own labels ("The
President:", "Mr. X (Kenya):") are kept as they are.

A summary record (third-person minutes, as UN and UNIDO bodies publish them) names no speaker in a label:
a paragraph opens with who spoke and a verb of saying ("12. Ms. Lee (Republic of Korea) said that ...",
"The representative of Hungary, speaking on behalf of the European Union, stressed ...";
``labels.split_reported``). Such an opener is read only where a paragraph starts: a numbered line, or a
Word paragraph (not with a presiding title, which speeches cite, unless the file is read as a summary
record), whose number it then loses (``reported_label``). It is read beside every line form (a Word file's
bold labels, ``Name:`` lines), and is the ``summary`` form when it finds more labels than any other; a
verbatim record, whose labels end in a colon, is read by its own form only. The verb is its evidence, so the
confidence check leaves it alone.

A generic label that a PDF wrapped inside its brackets ("Hon X (Minister for / Economic
Development):") is joined back first (``join_wrapped_labels``). A generic or markdown label alone on its
line over a list's items that names a part of a text, not someone ("Key Messages:", "**Key Messages:**" over
bullets, ``heading_over_list``), is a heading: words of the turn it stands in, unless it may be a name that
the document names someone by elsewhere ("Ruth First:", given the floor: ``Notes``).

Caption files label cues, not lines: ``caption_labels`` decides which cue prefixes are labels
(lower-case handles and ``Ana | Acme Labs`` count when the file labels most of its cues with
them), with diarisation brackets (``[SPEAKER_00]``) off.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from functools import cached_property
from itertools import pairwise

from analysis import countries
from analysis.config import DELEGATION_ROLES
from analysis.ingest import speakers
from analysis.ingest.readers.labels import (
    BULLET,
    ITEM_MARK,
    LIST_ITEM,
    LIST_NUMBER,
    OFFICER_TITLE,
    PLAIN_LABEL,
    RUN_MARK,
    VERBATIM_LABEL,
    looks_like_label,
    split_generic_label,
    split_label,
    split_note,
    split_reported,
)
from analysis.ingest.readers.segment import Line, Segment, span
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import (
    APPENDED_DOCUMENT_WORDS,
    BRIEFER_TITLE,
    CALL_ON,
    CITED_EARLIER,
    DELEGATION_WORD,
    DOCUMENT_NAME_WORDS,
    DOCUMENT_TITLE,
    ENGLISH_SMALL_WORDS,
    FLOOR_IS_YOURS,
    GIVE_FLOOR,
    GIVE_FLOOR_ROMANCE,
    HAVE_THE_FLOOR,
    HAVE_THE_FLOOR_ROMANCE,
    HEADING_WORDS,
    HONORIFIC,
    LABEL_NOTE,
    LABEL_NOTE_SOURCE,
    LEADING_TITLES,
    LIST_ITEM_WORDS,
    PERSON_LABEL,
    PERSON_LIST,
    SENTENCE_END,
    THANKS_OR_GREETING,
    TITLE_SMALL_WORDS,
)

LINE_FORMS = ("explicit", "markdown", "stamped", "hearing", "generic")
ENDS_MID_SENTENCE = re.compile(r"[a-zà-ÿ,]\s*$")  # a line that ends mid-sentence
HEAVY_FACTOR, HEAVY_MIN = 10, 1000  # a once-seen label holding > max(1000, 10 x median turn) words
# A summary record reports in the third person: a Word paragraph citing a delegation in the first person
# ("The representative of Brazil said that finance is key. We agree, but ...") is the current speaker's.
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Mm]y|me|I(?=\s+[a-z]))\b")
_VERB_LINES = 2  # how many lines on a numbered paragraph's verb of saying may stand (its clause is short)
# A UN record's own opening or closing line: with it, a presiding officer's labels alone ("The President:";
# a Security Council vote where no delegation speaks) are a verbatim record's, stage directions and all.
RECORD_LINE = re.compile(r"^\s*The meeting (?:was called to order|rose) at\b")


def choose_form(
    lines: list[Line],
    name: str,
    log: RemovalLog,
    paragraphs: bool = False,
    found: list[re.Match] | None = None,
) -> tuple[str, bool]:
    """(the label form of a line-based file, whether it is a summary record), logged: the line form is
    ``none`` when no form finds a label; a summary record (its openers outnumber the line form's labels)
    keeps the labels its lines have too ("Chair: ..." beside "1. The representative of Japan said ...").
    ``paragraphs``: each line is a whole paragraph (Word); ``found``: the lines' ``verbatim_labels``, where
    the caller has them."""
    counts = {
        "explicit": sum(1 for ln in lines if ln.label),
        **{f: sum(1 for ln in lines if split_label(f, ln.text)[0] is not None) for f in LINE_FORMS[1:]},
    }
    reported = sum(1 for i in range(len(lines)) if reported_label(lines, i, paragraphs))
    found = verbatim_labels(lines) if found is None else found
    own = [m for m in found if _kind(m) in ("own", "officer")]
    record = any(_kind(m) == "own" for m in own) or any(RECORD_LINE.match(ln.text) for ln in lines)
    n_verbatim = len(own) if record else 0
    special = max(reported, *(counts[f] for f in LINE_FORMS[:-1]))
    if n_verbatim >= 1 and n_verbatim >= 0.25 * counts["generic"] and n_verbatim >= special:
        log.add(f"verbatim ({len(found)} labels)", "label_grammar", name)
        return "verbatim", False
    form = max(LINE_FORMS, key=lambda f: (counts[f], -LINE_FORMS.index(f)))
    n = counts[form]
    form = form if n else "none"
    # the summary record's openers are read beside any other form; they name the file when they outnumber it
    summary = reported > n
    if summary:
        log.add(
            f"summary ({reported} labels)" + (f" and {form} ({n} labels)" if n else ""), "label_grammar", name
        )
    else:
        beside = f" and summary ({reported} labels)" if reported else ""
        log.add(f"{form} ({n} labels){beside}", "label_grammar", name)
    return form, summary


def reported_label(
    lines: list[Line], i: int, paragraphs: bool, summary: bool = False
) -> tuple[str, str, str | None] | None:
    """(speaker, text, paragraph number) when line ``i`` opens a paragraph of a summary record with who
    spoke and a verb of saying: a numbered line (its verb may be on the next lines), or a Word paragraph
    naming a delegation or a person from one (a presiding title needs the number: ``split_reported``), or,
    in a file read as a ``summary`` record (its delegations' openers are the form's evidence), a presiding
    or secretariat title reported speaking or running the meeting ("The Chair thanked the delegations and
    closed the meeting.", "The Chair (Brazil) opened the meeting"): the officer's turn, not words of the
    delegation before, where the title is the meeting's chair or secretariat ("The President of the
    Republic opened a park" cites a head of state).

    Anywhere else, a line opening "The representative of Hungary said" is a line broken inside a sentence;
    and a Word paragraph that goes on in the first person ("... We agree") or dates what was said before the
    turn ("stated yesterday that", ``CITED_EARLIER``) cites the delegation.
    """
    ln = lines[i]
    number = LIST_NUMBER.match(ln.text)
    if ln.label is not None or not (number or paragraphs):
        return None
    body = ln.text[number.end() :] if number else ln.text
    following = "" if paragraphs else "\n".join(x.text for x in lines[i + 1 : i + 1 + _VERB_LINES])
    label, rest = split_reported(body, following, officers=number is not None or summary)
    if label is None or (not number and (_FIRST_PERSON.search(rest) or CITED_EARLIER.match(rest))):
        return None
    if not number and split_reported(body)[0] is None and speakers.attribute(label).role not in _OFFICERS:
        return None  # "The President of the Republic opened a park": a head of state cited, no officer here
    return label, rest, number.group(1) if number else None


_OFFICERS = ("chair", "secretariat")  # who an unnumbered summary paragraph's presiding title may be


# a line ending inside a label's first or later brackets: "Hon X (Minister for", "Hon X (Kenya) (Minister for"
_OPEN_BRACKET = re.compile(r"^[^()\n:]{1,60}(?:\([^()\n:]*\)[^()\n:]*)*\([^()]*$")
_CLOSES_LABEL = re.compile(r"^[^():\n]{0,60}\):")


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Join a label that a line break cut inside its brackets: "Hon X (Minister for" + "Trade): text"."""
    out: list[Line] = []
    for ln in lines:
        if out and _OPEN_BRACKET.match(out[-1].text) and _CLOSES_LABEL.match(ln.text):
            prev = out[-1]
            out[-1] = Line(f"{prev.text.rstrip()} {ln.text.lstrip()}", prev.unit, ln.last, prev.label)
        else:
            out.append(ln)
    return out


def in_prose(lines: list[Line], i: int) -> bool:
    """Line ``i`` continues running prose: the line before it ends mid-sentence (a word or a comma)."""
    prev = lines[i - 1].text.strip() if i > 0 else ""
    return bool(prev) and not lines[i - 1].label and bool(ENDS_MID_SENTENCE.search(prev))


def doubtful(label: str, seen: int, lines: list[Line], i: int) -> bool:
    """A label to demote: inside running prose, and seen once or opening with a small word ("the Table")."""
    return in_prose(lines, i) and (seen == 1 or label[:1].islower())


def verbatim_labels(lines: list[Line]) -> list[re.Match]:
    """Every label the verbatim form may read in the ``lines`` joined by line breaks: ``VERBATIM_LABEL``'s,
    and a name or delegation alone (``PLAIN_LABEL``: "Ghana:", "Amina Otieno:", "JEAN DUBOIS
    (interpretation from French):") where it names someone (``_plain_label``) and no member's label
    naming a delegation opens the line."""
    text = "\n".join(ln.text for ln in lines)
    starts, notes = _line_starts(lines), Notes(lines)
    own = {m.start(): m for m in VERBATIM_LABEL.finditer(text)}
    spans = sorted((m.start(), m.end()) for m in own.values() if not _stray_member(m))
    plain = {
        m.start(): m
        for m in PLAIN_LABEL.finditer(text)
        if not _within(m.start(), spans) and _plain_label(m, lines, starts, notes)
    }
    return [m for _, m in sorted({**own, **plain}.items())]


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    """``pos`` falls inside one of the sorted ``spans`` (a label run over a line break covers the next)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _kind(m: re.Match) -> str:
    """Which of the verbatim form's labels a match is: the form's ``own`` ("Mr. Kiboino (Kenya):", "Ms.
    Rivera:"), its presiding ``officer`` ("The President:"), a ``bare`` title ("Chair:"), an ``untitled``
    member ("Amina Otieno (Kenya):") or a ``plain`` name alone ("Ghana:")."""
    if m.re is PLAIN_LABEL:
        return "plain"
    return next((k for k in ("bare", "untitled", "officer") if m.group(k) is not None), "own")


def _stray_member(m: re.Match) -> bool:
    """An untitled name whose brackets name no delegation ("Jean Dubois (interpretation from French):")."""
    return _kind(m) == "untitled" and countries.lookup(m.group("delegation"), False) is None


def confident_verbatim(
    matches: list[re.Match], lines: list[Line], name: str, unit: str, log: RemovalLog
) -> list[re.Match]:
    """The verbatim labels to trust (``verbatim_labels`` of the ``lines``).

    The form's own labels are kept. A bare title ("Chair:", "Moderator:"), which the grammar already
    refuses on a contents or cover line, a member named without a title ("Amina Otieno (Kenya):") and a name
    or delegation alone ("Ghana:") are checked like a generic label: demoted (logged) when ``doubtful``, seen
    once inside running prose ("... as noted by the / President: ..."). An untitled name is a member's label
    only where its brackets name a delegation: "Kenya (continued):", "Ms Otieno (UNDP):" are text.
    """
    starts = _line_starts(lines)
    seen = Counter(re.sub(r"\s+", " ", m.group("label")).strip() for m in matches)
    kept = []
    for m in matches:
        if _stray_member(m):
            continue
        if _kind(m) in ("bare", "untitled", "plain"):
            label = re.sub(r"\s+", " ", m.group("label")).strip()
            i = max(0, bisect.bisect_right(starts, m.start()) - 1)
            if doubtful(label, seen[label], lines, i):
                where = span(name, unit, lines[i].unit, lines[i].unit)
                log.add(f"{label}: inside running prose", "label_demoted", where)
                continue
        kept.append(m)
    return kept


def _line_starts(lines: list[Line]) -> list[int]:
    """Where each line starts in the ``lines`` joined by line breaks."""
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    return starts


_TITLE_ALONE = re.compile(rf"(?:The\s+)?{OFFICER_TITLE}")
_TITLED = re.compile(rf"{HONORIFIC}\.?\s")  # "Mr. Ruiz Pérez :" is the form's own to read or refuse


def _plain_label(m: re.Match, lines: list[Line], starts: list[int], notes: Notes) -> bool:
    """A name alone ("Ghana:", "Amina Otieno:") is a label where a generic one would be on its line
    (``split_generic_label``) and it names a delegation, UNIDO or another organisation, or a person: two words
    or more, not all of them words the document also writes in lower case (``lower``; "Draft Resolution:",
    "Closing Remarks:" are headings). A presiding title is the ``bare`` group's to read or refuse
    ("President: Mr. Okoro ....... (Nigeria)" is a cover's line), a titled name the form's own; a recorded
    vote's "Against:" names nobody. The speech after it opens a sentence ("Sustainable Development Goals:
    progress has been uneven" goes on with one; an election's "Kenya: 180" is no speech), and a name that
    holds a number, a document symbol or a document's word names no one ("A/48/L.13 and Add.1:", as a
    verbatim record announces its sponsors, "Agenda Item 3:", "Charter of the United Nations:", "Paris
    Agreement:"; ``DOCUMENT_NAME_WORDS``), nor does a person's name hold "of the" ("Rule 78 of the Rules of
    Procedure:"). A name no delegation or organisation holds that names a part of a text, alone on its line
    over a list's items, is a heading ("Key Messages:" over "- Finance for SMEs remains scarce":
    ``heading_over_list``); a delegation's points under its name ("Ghana:" over "- Ghana asks ...") are its
    statement, and so are a person's ("Amina Otieno:" over "1. Young people need ...")."""
    k = max(0, bisect.bisect_right(starts, m.start()) - 1)
    label, speech = split_generic_label(lines[k].text)
    plain = m.group("label").strip()
    if label is None or label != plain or _TITLE_ALONE.fullmatch(plain) or _TITLED.match(plain):
        return False
    opening = speech.lstrip()[:1]
    if opening.islower() or opening.isdigit():  # "Sustainable Development Goals: progress ...", "Kenya: 180"
        return False
    role = speakers.attribute(plain).role
    if role in DELEGATION_ROLES:
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", LABEL_NOTE.sub(" ", plain))
    if (
        re.search(r"[\d/]", plain)
        or any(w.lower() in DOCUMENT_NAME_WORDS for w in words)
        or DOCUMENT_TITLE.search(plain)  # "Closing Remarks:", "Opening Statement:"
    ):
        return False  # "A/48/L.13 and Add.1", "Agenda Item 3", "Charter of the United Nations"
    if role != "unknown":
        return True
    return (
        not heading_over_list(plain, speech, lines, k, notes)  # "Key Messages:" over "- Finance ..."
        and len(words) > 1
        and not any(w in ENGLISH_SMALL_WORDS for w in words)  # "Rule 78 of the Rules of Procedure"
        and not all(w.lower() in notes.lower for w in words)
    )


def _heads_list(lines: list[Line], k: int, notes: Notes) -> bool:
    """Line ``k`` stands over a list: the next line with words is a list's item (``Notes.is_item``)."""
    below = next((j for j in range(k + 1, len(lines)) if lines[j].text.strip()), None)
    return below is not None and notes.is_item(below)


def heading_over_list(label: str, speech: str, lines: list[Line], k: int, notes: Notes) -> bool:
    """A label (generic, markdown or verbatim) that is a heading over a list's items, not a speaker: alone on
    line ``k`` (no words after its colon, ``speech``), over a bulleted, numbered or lettered item
    (``_heads_list``), and ``title_like`` ("Key Messages:" over "- Finance for SMEs remains scarce";
    ``notes``: what the document says elsewhere), unless it may be a person's name that the document names
    someone by elsewhere (``_named_elsewhere``: "Ruth First:" over her points, where the chair gave "Ruth
    First" the floor)."""
    if speech.strip() or not _heads_list(lines, k, notes):
        return False
    reading = _title_reading(label, notes.lower)
    if reading == _ENDS_LIKE_A_HEADING:
        return not _named_elsewhere(label, notes)
    return reading == _HEADING


def list_headings(
    lines: list[Line], candidates: list[tuple[int, str, str]], name: str, unit: str, log: RemovalLog
) -> list[int]:
    """Of the labels standing alone on their line (``candidates``: line index, label, words after it), those
    that are headings over a list's items (``heading_over_list``: "Key Messages:" over bullets), each logged
    (``label_demoted``) where ``unit`` ("lines", "paragraphs") names its place; the reader makes them words
    of the turn they stand in. A name alone over points ("Amina Otieno:") is a speaker's label."""
    found, notes = [], Notes(lines)
    for k, label, speech in candidates:
        if heading_over_list(label, speech, lines, k, notes):
            log.add(
                f"{label}: a heading over a list",
                "label_demoted",
                span(name, unit, lines[k].unit, lines[k].unit),
            )
            found.append(k)
    return found


def point_labels(
    lines: list[Line], name: str, unit: str, log: RemovalLog
) -> dict[int, tuple[str | None, str]]:
    """The generic label of each line that is a list's item (``Notes.is_item``), read after its mark: a point
    that opens with its heading ("- Skills: training ...", "O Finance: credit ...", "1. Skills:", "A. Skills:"
    beside "B. Finance:") is words of the turn it stands in, logged (``label_demoted``), where its heading is
    ``title_like``; one that names someone ("- Ghana: ...", "A. Guterres:" then "B. Smith:") is that
    speaker's label, without a bullet (a letter may be an initial, and stays; a number is cut and logged as
    any label's is)."""
    notes, found = Notes(lines), {}
    for j, ln in enumerate(lines):
        if not ln.text.strip() or not notes.is_item(j):
            continue
        label, rest = split_generic_label(notes._item_text(j))
        if label is None or not rest.strip():
            continue
        run = RUN_MARK.match(ln.text) if j in notes.run_items else None
        if title_like(label, notes.lower):
            log.add(f"{label}: a point's heading", "label_demoted", span(name, unit, ln.unit, ln.unit))
            found[j] = (None, ln.text)
        elif (run is not None and run["bullet"]) or (run is None and BULLET.match(ln.text)):
            label, note = split_note(label)  # "- Ghana (spoke in French): ...": the note opens the turn
            found[j] = (label, note + rest)
    return found


class Notes:
    """What a document says besides a label alone over a list, read once and when first asked: the words it
    writes in lower case (``lower``, ``lower_words``), the labels it gives someone elsewhere (``labels``),
    the names the chair gives the floor to (``given_floor``) and which lines are a list's items
    (``is_item``)."""

    def __init__(self, lines: list[Line]):
        self.lines = lines

    @cached_property
    def lower(self) -> set[str]:
        return lower_words(self.lines)

    @cached_property
    def labels(self) -> set[str]:
        """The ``_name_key`` of every label with speech in a person's voice after its colon ("Ruth First: I
        will be brief", ``_in_person``), alone over such a paragraph that is no list's item ("Ruth First:"
        over "Thank you, Chair."), or naming one of the people a list of participants names ("Participants:"
        over "- Ruth First, University of ...", "Panellists: Amina Otieno, Ruth First and Jean Habimana.").
        A heading the notes also write over their own words ("Key Messages: the secretariat will circulate a
        draft.") is none."""
        found: set[str] = set()
        for i, ln in enumerate(self.lines):
            for label, rest in _line_labels(ln):
                if PERSON_LIST.fullmatch(LABEL_NOTE.sub(" ", label).strip()):
                    found.update(_name_key(who) for who in _NAMES_APART.split(rest))
                    found.update(_name_key(self._item_text(j)) for j in self._items(i))
                elif _in_person(rest) or (
                    not _heads_list(self.lines, i, self) and _in_person(self._next_words(i))
                ):
                    found.add(_name_key(label))
        return found - {""}

    @cached_property
    def given_floor(self) -> list[str]:
        """The ``_name_key`` of the words after each phrase giving the floor ("I now give the floor to
        Professor Ruth First." -> "ruth first"), to be read from their start, and of the words opening the
        sentence of one that follows its addressee ("Thank you. Ms. Ruth First, you have the floor.")."""
        found = []
        for ln in self.lines:
            found.extend(_name_key(ln.text[m.end() :]) for m in _GIVES_FLOOR.finditer(ln.text))
            for m in _HAS_FLOOR.finditer(ln.text):
                opens = [e.end() for e in SENTENCE_END.finditer(ln.text, 0, m.start())]
                found.append(_name_key(ln.text[opens[-1] if opens else 0 : m.start()]))
        return found

    def is_item(self, j: int) -> bool:
        """Line ``j`` is a list's item: bulleted, numbered or lettered ("- ", "1.", "(a)"), one the source
        marked as such (``Line.item``: Word's list paragraphs print their bullet or number from the style, not
        in their text), or one of a run of items with a mark that opens other lines too (``run_items``)."""
        ln = self.lines[j]
        return ln.item or LIST_ITEM.match(ln.text) is not None or j in self.run_items

    @cached_property
    def run_items(self) -> set[int]:
        """The lines opening with a mark that is a list's only in a run (``RUN_MARK``): Word's "o" bullet on
        two or more lines, and capital letters in order ("A." and, on the next line so marked, "B."), with
        nothing between them but the rest of an item (``_goes_on``), so that one line opening "O Lord" or "A.
        Guterres:" is no item."""
        marks = {j: m for j, ln in enumerate(self.lines) if (m := RUN_MARK.match(ln.text))}
        found: set[int] = set()
        for kind in ("bullet", "letter"):
            for a, b in pairwise(j for j, m in marks.items() if m[kind]):
                following = kind == "bullet" or ord(marks[b]["letter"]) == ord(marks[a]["letter"]) + 1
                if following and all(self._goes_on(j) for j in range(a + 1, b)):
                    found.update((a, b))
        return found

    def _goes_on(self, j: int) -> bool:
        """Line ``j`` may be the rest of a list's item: blank, indented, opening in lower case (a wrapped
        item's words) or an item of a list inside it."""
        text = self.lines[j].text
        return (
            not text.strip() or text[:1].isspace() or text[:1].islower() or LIST_ITEM.match(text) is not None
        )

    def _items(self, i: int) -> list[int]:
        """The list's items right below line ``i`` (none if the next line with words is no item)."""
        items = []
        for j in range(i + 1, len(self.lines)):
            if not self.lines[j].text.strip():
                continue
            if not self.is_item(j):
                break
            items.append(j)
        return items

    def _item_text(self, j: int) -> str:
        """The words of list item ``j`` after its bullet, number or letter."""
        text = self.lines[j].text
        return RUN_MARK.sub("", text) if j in self.run_items else _ITEM_MARK.sub("", text)

    def _next_words(self, i: int) -> str:
        """The next line with words after line ``i`` ("" if none)."""
        return next((ln.text for ln in self.lines[i + 1 :] if ln.text.strip()), "")


def _in_person(speech: str) -> bool:
    """Words a person says, not a record's: in the first person or thanking or greeting ("I will be brief",
    "Thank you, Chair."; not "the secretariat will circulate a draft")."""
    return bool(_FIRST_PERSON.search(speech) or THANKS_OR_GREETING.search(speech))


def _named_elsewhere(label: str, notes: Notes) -> bool:
    """A label that ends like a heading but may be a person's name (``_title_reading``: "Ruth First") is one
    where the notes name someone by it elsewhere (``Notes.labels``, ``Notes.given_floor``). No list of names
    is consulted: with nothing naming her elsewhere, "Ruth First:" over points reads as a heading."""
    key = _name_key(label)
    return key in notes.labels or any(f == key or f.startswith(key + " ") for f in notes.given_floor)


def _line_labels(ln: Line) -> list[tuple[str, str]]:
    """(label, words after it) of each way a line may open with a label: the source's mark (a bold label), a
    generic or a markdown label."""
    found = [(ln.label, ln.text)] if ln.label else []
    for form in ("generic", "markdown"):
        label, rest = split_label(form, ln.text)
        if label is not None:
            found.append((label, rest))
    return found


def _name_key(text: str) -> str:
    """The name a label or a list's item opens with, to compare: no titles, brackets, affiliation after a
    comma or a dash, or what follows a sentence's end; words in lower case ("Professor Ruth First, University
    of Dar es Salaam" -> "ruth first")."""
    name = _NAME_ENDS.split(LEADING_TITLES.sub("", LABEL_NOTE.sub(" ", text).strip()), maxsplit=1)[0]
    return " ".join(w.casefold() for w in re.findall(r"[^\W\d_][\w'’-]*", name))


_NAME_ENDS = re.compile(r"[(\[,.;:!?]|\s[-–—|]\s")  # where a name stops in a list's item or a sentence
_NAMES_APART = re.compile(r"[,;&]|\band\b")  # "Amina Otieno, Ruth First and Jean Habimana"
_ITEM_MARK = re.compile(rf"^\s*{ITEM_MARK}\s+")  # a list item's bullet or number
# a phrase giving the floor to the speaker named right after it ("I give the floor to", "I call on")
_GIVES_FLOOR = re.compile(rf"\b(?:{GIVE_FLOOR}|{CALL_ON}|{GIVE_FLOOR_ROMANCE})\s*", re.I)
# ... or after it, opening the sentence ("Ms. Ruth First, you have the floor", "Ruth First, the floor is
# yours")
_HAS_FLOOR = re.compile(rf"\b(?:{HAVE_THE_FLOOR}|{FLOOR_IS_YOURS}|{HAVE_THE_FLOOR_ROMANCE})\b", re.I)


def title_like(label: str, lower: set[str]) -> bool:
    """A label that names nobody but a part of a text: no title of a person, no word of a delegation or an
    office ("Youth Representative", "Minister Otieno"), no delegation, organisation or role its speaker is
    known by (``speakers.attribute``), and its last word names a part of a text (``LIST_ITEM_WORDS``,
    ``DOCUMENT_NAME_WORDS``: "Key Messages", "Policy Recommendations", "Next Steps"), or one does and the
    others are small words, common words qualifying a part of a text (``HEADING_WORDS``: "Golden Rule") or
    the document's own in lower case ("Summary of discussion"), or it names a document (``DOCUMENT_TITLE``),
    every word is one the document also writes in lower case (``lower``: "Way Forward" beside "the way
    forward"), or it speaks in the first person, as no speaker's name does ("Our Asks", "What We Heard":
    ``_FIRST_PERSON``). A person's name is none of these ("Amina Otieno"; "Segundo
    Ramírez", whose first word is a list's), nor is the part someone takes in the meeting ("Panelist",
    "Participant 2", "Guest" beside "the panelist": ``PERSON_LABEL``). A name ending on such a word ("Ruth
    First", "Margaret Rule") is title-like: ``heading_over_list`` reads it as a name where the document names
    someone by it elsewhere, unless it names its part of a text in the plural ("Key Messages"), as a name
    never does."""
    return _title_reading(label, lower) != _NAME


# How a label alone over a list reads (``_title_reading``)
_NAME, _HEADING, _ENDS_LIKE_A_HEADING = "name", "heading", "ends like a heading"


def _title_reading(label: str, lower: set[str]) -> str:
    """``_NAME`` (not ``title_like``), ``_HEADING`` (title-like beyond doubt: it names a document, speaks in
    the first person, names its part of a text in the plural, as no one's name does ("Key Messages", "Youth
    Priorities"), or every word is a list's, a document's, a common word qualifying a part of a text
    (``HEADING_WORDS``: "Way Forward", "Golden Rule"), a small word or the notes' own in lower case: "Next
    Steps", "Summary of discussion"; or it heads the names of people taking part: ``PERSON_LIST``,
    "Participants") or ``_ENDS_LIKE_A_HEADING``: title-like only for its last word, which
    names a part of a text, the words before it no text's common words, and so perhaps a name ("Ruth First",
    "Margaret Rule": ``_named_elsewhere`` decides). What the notes say elsewhere makes no speaker of a
    ``_HEADING`` ("Key Messages: we call for ...", "I give the floor to the Policy Recommendations group")."""
    bare = LABEL_NOTE.sub(" ", label).strip()
    words = re.findall(r"[^\W\d_][\w'’-]*", bare)
    if not words or _TITLED.match(label) or _ROLE_WORD.search(label) or PERSON_LABEL.fullmatch(bare):
        return _NAME
    if PERSON_LIST.fullmatch(bare):
        return _HEADING  # "Participants", "Guest Speakers": over the names of people taking part
    if speakers.attribute(label).role != "unknown":
        return _NAME
    folded = [w.lower() for w in words]
    parts = [w in LIST_ITEM_WORDS or w in DOCUMENT_NAME_WORDS for w in folded]
    # a heading names its part of the text last ("Key Messages"), or its other words are the notes' own
    # ("Summary of discussion"); a name may hold such a word first ("Segundo Ramírez")
    known = [
        p or w in lower or w in TITLE_SMALL_WORDS or w in HEADING_WORDS
        for p, w in zip(parts, folded, strict=True)
    ]
    if (
        (any(parts) and all(known))
        or (parts[-1] and _PLURAL.search(folded[-1]) is not None)  # "Youth Priorities": a name is singular
        or DOCUMENT_TITLE.search(label) is not None
        or all(w in lower for w in folded)
        or _FIRST_PERSON.search(label) is not None
    ):
        return _HEADING
    return _ENDS_LIKE_A_HEADING if parts[-1] else _NAME


_PLURAL = re.compile(r"[^\Wsu]s$")  # a word ending like a plural ("messages", "priorités"; not "thus")

# a word of a delegation, a presiding or secretariat office, or a briefer's title: someone's label
_ROLE_WORD = re.compile(rf"\b(?:{DELEGATION_WORD}|{OFFICER_TITLE}|{BRIEFER_TITLE.pattern})\b", re.I)


def lower_words(lines: list[Line]) -> set[str]:
    """The words a document writes in lower case somewhere ("resolution" in "the draft resolution")."""
    return {w for ln in lines for w in re.findall(r"(?<![\w'’-])[a-zà-ÿ][\w'’-]*", ln.text)}


def demote_heavy(
    segments: list[Segment], seen: Counter, log: RemovalLog, notes: Notes | None = None
) -> list[Segment]:
    """Labels seen once whose segment holds far more words than the median turn are no speaker's, unless the
    label names whom its speaker speaks for: a keynote under "GA | ... | PGA" or "Costa Rica | ... |
    Permanent Representative" is often ten times a chair's "Thank you. Kenya." and still a turn. Such a
    heavy label (logged, ``label_demoted``)

    - naming a document set into the record ("Annex I:", "Appendix:", "Attachment:", ``_names_document``)
      opens a section of no one's (``Segment.speech`` False), heading and all: a written statement annexed
      after Ghana's two sentences is not Ghana's speech, nor an appendix the chair's closing words;
    - naming a person, titled ("Dr. Wu:") or by the name the chair gave the floor to ("I now give the floor
      to Professor Ruth Nakamya."; ``notes``: the file's lines, ``Notes.given_floor``), stays a turn;
    - otherwise, a speaker's sub-heading ("Deficits:" swallowing the rest of a statement), goes back to text
      in the turn before it."""
    sizes = [len(s.text.split()) for s in segments if s.label]
    if len(sizes) < 3:
        return segments
    limit = max(HEAVY_MIN, HEAVY_FACTOR * statistics.median(sizes))
    out: list[Segment] = []
    for seg in segments:
        n = len(seg.text.split())
        heavy = bool(seg.label) and seen[seg.label] == 1 and n > limit
        if not heavy or speakers.attribute(seg.label).role != "unknown" or _names_person(seg.label, notes):
            out.append(seg)
        elif _names_document(seg.label):
            log.add(
                f"{seg.label}: a document set into the record; its {n} words are no one's speech",
                "label_demoted",
                seg.source,
            )
            out.append(Segment(None, f"{seg.label}: {seg.text}", seg.source, speech=False))
        elif out:
            log.add(f"{seg.label}: holds {n} words", "label_demoted", seg.source)
            prev = out[-1]
            out[-1] = Segment(
                prev.label,
                f"{prev.text}\n{seg.label}: {seg.text}",
                _join(prev.source, seg.source),
                prev.speech,
            )
        else:
            out.append(seg)
    return out


def _names_document(label: str) -> bool:
    """A label naming a document set into a record or a part of one ("Annex I", "Appendix", "Attachment 2",
    ``APPENDED_DOCUMENT_WORDS``) or a list of those taking part ("List of participants", ``PERSON_LIST``):
    its first word names it; a speaker's sub-heading citing one ("Comments on Annex II") is none."""
    words = re.findall(r"[^\W\d_][\w'’-]*", label)
    return (bool(words) and words[0].lower() in APPENDED_DOCUMENT_WORDS) or bool(
        PERSON_LIST.fullmatch(label.strip())
    )


# A line heading a document set into the record: "Annex", "Annex I", "ANNEX 2", "Appendix B.", "Attachment:"
_DOCUMENT_HEADING = re.compile(r"(?P<word>[^\W\d_][\w'’-]*)(?:[ \t]+(?:[IVXLC]+|\d{1,2}|[A-Z]))?[ \t]*[.:]?")
_LIST_LINE_WORDS = 20  # a line of a list of participants: a name, an office, a city; no paragraph of speech


def appended_document(
    lines: list[Line], labelled: list[tuple[str | None, str]], paragraphs: bool
) -> int | None:
    """The line heading a document set into the record after the last speaker's words, if one does: a
    heading alone on its line that names a document or a part of one ("Annex", "Annex I", "Appendix",
    ``APPENDED_DOCUMENT_WORDS``) over words, or the people taking part ("List of participants", with or
    without a colon, ``PERSON_LIST``) over lines of a list, and no label after it (``labelled``: each line's
    label and words). What it heads is no one's speech, as a heavy "Annex I:" label's is
    (``demote_heavy``): minutes that print an annex or a list of participants after the chair's closing had
    given it to the chair. A speaker's own sub-heading ("Our priorities") names no document; a sentence
    citing one ("Annex I of the Paris Agreement says ...") is no heading; and in lines a text or a PDF
    wrapped (not Word's ``paragraphs``), a heading that continues a sentence ("as set out in / Annex I / of
    the Agreement") is none either. A list of participants inside a turn, with a speaker after it, stays the
    turn's words (``heading_over_list``)."""
    last = max((i for i, (label, _) in enumerate(labelled) if label), default=None)
    if last is None:
        return None
    for i in range(last, len(lines)):
        label, rest = labelled[i]
        if label is not None and (i != last or rest.strip()):
            continue
        kind = document_heading(lines[i].text.strip())
        below = [ln.text.strip() for ln in lines[i + 1 :] if ln.text.strip()]
        if kind is None or not below:
            continue
        if not paragraphs and (in_prose(lines, i) or below[0][:1].islower()):
            continue
        if kind == "participants" and any(len(t.split()) > _LIST_LINE_WORDS for t in below):
            continue
        return i
    return None


def document_heading(text: str) -> str | None:
    """``document`` for a line that is a heading naming a document set into a record ("Annex I", "APPENDIX",
    "Attachment:"), ``participants`` for one heading a list of those taking part ("List of participants"),
    else None; a heading opens with a capital ("annex) on ..." continues a sentence)."""
    if not text[:1].isupper():
        return None
    m = _DOCUMENT_HEADING.fullmatch(text)
    if m is not None and m.group("word").lower() in APPENDED_DOCUMENT_WORDS:
        return "document"
    return "participants" if PERSON_LIST.fullmatch(text.rstrip(" \t.:")) else None


def _names_person(label: str, notes: Notes | None) -> bool:
    """A label that is a person's name beyond doubt: titled ("Dr. Wu", "Mr. Lee"), or the name the chair gave
    the floor to (``Notes.given_floor``; what follows the label's colon is no evidence, as a speaker's own
    sub-heading opens in the first person too)."""
    if _TITLED.match(label):
        return True
    key = _name_key(label)
    return (
        bool(key)
        and notes is not None
        and any(f == key or f.startswith(key + " ") for f in notes.given_floor)
    )


def _join(a: str, b: str) -> str:
    from analysis.ingest.readers.segment import merge_spans

    return merge_spans([a, b])


# --------------------------------------------------------------------------- captions

# "Ana:", "[SPEAKER_00]:", "Jean Habimana (Rwanda) [FR]:" (a label's language notes stay with it, and come
# off in ``split_cue_label``); up to 160 characters, as a label saying whom its speaker speaks for runs
# ("Ahmed Hassan (Egypt), on behalf of the Group of Arab States:"): ``looks_like_label`` keeps others to 80
_CUE_LABEL = re.compile(
    rf"^[ \t]*\[?(?P<label>[^\s:\[\]][^:\n\]]{{0,159}}?(?:[ \t]*{LABEL_NOTE_SOURCE})*)\]?[ \t]*:(?:[ \t]+|$)"
)
_HANDLE = re.compile(r"^[\w.@|()/'’&+ -]{1,60}$")
# a user handle's shape: lower-case name parts joined by a dot or an underscore, or ending in digits
# ("amina.otieno", "m.okafor-lee", "j_doe", "jdoe42") with a part of three letters ("i.e.", "e.g" have none)
_HANDLE_SHAPE = re.compile(r"[a-z][a-z0-9-]*(?:[._][a-z0-9-]+)+|[a-z][a-z-]*\d+")
_ONE_WORD = re.compile(r"[^\W\d][\w.@'’-]*")  # a cue opening with one lower-case word and a colon ("so:")
_LEADING_ANNOTATION = re.compile(r"^\s*\[[^\]]{1,30}\]\s*(?=[^\s:])")


def caption_labels(
    pieces: list[str], name: str, log: RemovalLog, voices: int = 0, openers: set[int] | None = None
) -> set[str]:
    """The cue prefixes of a caption file that are speaker labels.

    A prefix that looks like a name is a label; a handle (``jdoe``, ``Ana | Acme Labs``,
    ``Dr. Wu (she/her)``) is one when it opens at least two cues of a file that labels most of its
    cues, or one cue where it has a user handle's shape (``amina.otieno``, ``jdoe42``: ``_HANDLE_SHAPE``).
    A lower-case word opening one cue of such a file otherwise ("so: we ...", "note: ...") is speech, and
    logged (``label_demoted``) so that a handle read as text is seen; ``openers``: the indexes of the
    ``pieces`` that open a cue (all, when None). The form applied is logged (``label_grammar``);
    ``voices``: how many names speak in ``<v Name>`` voices (the count logged where no cue prefix is a label).
    """
    candidates = [_cue_candidate(p) for p in pieces]
    found = Counter(c for c in candidates if c)
    if not found:
        log.add(f"voice ({voices} labels)" if voices else "none (0 labels)", "label_grammar", name)
        return set()
    dense = sum(found.values()) >= 0.5 * len(pieces)
    labels = {
        c
        for c, n in found.items()
        if looks_like_label(c)
        or (dense and (n >= 2 or _handle_shaped(c)) and _HANDLE.match(split_note(c)[0]))
    }
    opening = [c for i, c in enumerate(candidates) if openers is None or i in openers]
    for c in dict.fromkeys(opening):
        if (
            c
            and c not in labels
            and _ONE_WORD.fullmatch(c)
            and c[:1].islower()
            and (dense or _handle_shaped(c))
        ):
            log.add(f"{c}: opens a cue, read as text", "label_demoted", name)
    handles = {c for c in labels if not looks_like_label(c)}
    diarised = any(re.fullmatch(r"SPEAKER_\d+", c) for c in labels)
    form = (
        "diarisation"
        if diarised
        else "handles"
        if handles
        else "generic"
        if labels
        else "voice"
        if voices
        else "none"
    )
    log.add(f"{form} ({len(labels) if labels else voices} labels)", "label_grammar", name)
    return labels


def _handle_shaped(candidate: str) -> bool:
    """A user handle's shape (``_HANDLE_SHAPE``) with a name part of three letters or more; a name ending in
    digits needs four letters, no hyphen before them and no document's word (``DOCUMENT_NAME_WORDS``), and a
    web address is none ("jdoe42" is a handle; "cop28", "sdg9", "covid-19", "agenda2063", "goal17",
    "unido.org" are things a speaker names)."""
    if _HANDLE_SHAPE.fullmatch(candidate) is None or re.search(r"[a-z]{3}", candidate) is None:
        return False
    if _WEB_ADDRESS.search(candidate):
        return False
    numbered = _NAME_NUMBER.fullmatch(candidate)
    return numbered is None or (
        not numbered["hyphen"] and len(numbered["name"]) >= 4 and numbered["name"] not in DOCUMENT_NAME_WORDS
    )


_WEB_ADDRESS = re.compile(r"\.(?:org|com|net|int|gov|edu|io)$")
_NAME_NUMBER = re.compile(r"(?P<name>[a-z][a-z-]*?)(?P<hyphen>-?)\d+")  # a one-part name ending in digits


def _cue_candidate(piece: str) -> str | None:
    piece = _LEADING_ANNOTATION.sub("", piece)
    m = _CUE_LABEL.match(piece)
    return m.group("label").strip() if m else None


def split_cue_label(piece: str, labels: set[str]) -> tuple[str | None, str]:
    """(label, text) of a caption line, the label without brackets; an annotation glued before the
    label ("[Applause] AB: ...") stays in the text, where cleaning removes it, and so does a language note the
    label carries ("(spoke in French)", "[FR]": ``labels.split_note``)."""
    annotation = ""
    m = _LEADING_ANNOTATION.match(piece)
    if m and _cue_candidate(piece) in labels:
        annotation, piece = m.group(0), piece[m.end() :]
    m = _CUE_LABEL.match(piece)
    if m and m.group("label").strip() in labels:
        label, note = split_note(m.group("label").strip())
        return label, annotation + note + piece[m.end() :]
    return None, annotation + piece
