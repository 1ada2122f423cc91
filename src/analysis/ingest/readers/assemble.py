"""Numbered lines -> labelled segments, for every reader whose source is lines of text.

Plain text, Word paragraphs and PDF pages all become ``Line``s (text + the unit it came from);
this module finds the speaker labels among them and gathers each speaker's lines into a
``Segment`` whose locator spans the units it covers.

In a UN verbatim record, a presiding officer who speaks for their own country says so with the
standard formulas, and that stretch is the country's segment, not the chair's (``national_statement``):
"I shall now make a statement in my capacity as the representative of Côte d'Ivoire." (or "in my
national capacity") opens it, "I now resume my functions as President of the Council." closes it.
The country is the one the formula names, else the one the record's cover gives for its President
("President: Mr. Adom .... (Côte d'Ivoire)"), whose name then labels the segment.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import replace

from analysis import countries
from analysis.ingest import speakers
from analysis.ingest.readers.furniture import strip_stage_directions
from analysis.ingest.readers.grammar import (
    Notes,
    appended_document,
    choose_form,
    confident_verbatim,
    demote_heavy,
    doubtful,
    join_wrapped_labels,
    list_headings,
    point_labels,
    reported_label,
    verbatim_labels,
)
from analysis.ingest.readers.headings import delegation_rows
from analysis.ingest.readers.labels import (
    LIST_NUMBER,
    STAMPED_LABEL,
    VERBATIM_LABEL,
    normalise_label,
    split_label,
    split_note,
)
from analysis.ingest.readers.segment import Gatherer, Line, Segment, clip, span
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import CHAIR_LABEL, HONORIFIC, SUMMING_UP


def segments_from_lines(
    lines: list[Line], name: str, unit: str, log: RemovalLog, rows: set[int] | None = None
) -> list[Segment]:
    """Split numbered lines into labelled segments, with the label form that fits the file best.

    UN verbatim style (``Mr. X (Country):``, ``The President:``): labels may run over a line
    break. Every other form (``grammar.choose_form``): a line opens with a label, or a paragraph opens
    with a summary record's speaker and verb of saying ("4. The Chair said that ..."), or the line
    continues the current speaker. Either way, text before the first label is the record's front
    matter (title, cover page, contents, participants), logged, not speech. ``rows``: the lines' rows of
    lists of delegations (``headings.delegation_rows``), where the reader has found them already.
    """
    if not lines:
        return []
    paragraphs = unit == "paragraphs"
    styled = [ln for ln in lines if ln.heading]  # headings the source styled: read only over an annex
    lines = [ln for ln in lines if not ln.heading]
    lines = _listed_delegations(lines, delegation_rows(lines) if rows is None else rows, name, unit, log)
    found = verbatim_labels(lines)
    form, summary = choose_form(lines, name, log, paragraphs, found)
    if form == "verbatim":
        if any(ln.label for ln in lines):
            # a label the source marked (bold in Word) is a verbatim label as well: put back where it was
            # printed, so that minutes bolding some labels and not others give every statement to its speaker
            lines = [_printed(ln) if ln.label else ln for ln in lines]
            found = verbatim_labels(lines)
        lines, found = _styled_after_last_label(lines, found, styled)
        return _verbatim_segments("\n".join(ln.text for ln in lines), lines, found, name, unit, log)
    return _labelled_line_segments(lines, form, summary, name, unit, log, paragraphs, styled)


def _styled_after_last_label(
    lines: list[Line], found: list[re.Match], styled: list[Line]
) -> tuple[list[Line], list[re.Match]]:
    """(lines, their verbatim labels) with the first heading the source styled ("Annex" in Word's Heading 1)
    after the last label, over words, put back where it stood: a verbatim record then reads it as the text
    and PDF records read it (after the closing line, or ``_appended_heading``), at the head of a section of
    no one's, not left out with its annex run on in the last speaker's turn. Others stay out, as before."""
    if not found:
        return lines, found
    starts = list(itertools.accumulate((len(ln.text) + 1 for ln in lines), initial=0))
    last = lines[bisect.bisect_right(starts, found[-1].start()) - 1].unit
    for h in styled:
        pos = next((j for j, ln in enumerate(lines) if ln.unit > h.unit), len(lines))
        if h.unit > last and any(ln.text.strip() for ln in lines[pos:]):
            with_it = [*lines[:pos], replace(h, heading=False), *lines[pos:]]
            return with_it, verbatim_labels(with_it)
    return lines, found


def _listed_delegations(
    lines: list[Line], rows: set[int], name: str, unit: str, log: RemovalLog
) -> list[Line]:
    """A heading or bold label naming a delegation that is a row of a list of them (``rows``, the lines'
    ``delegation_rows``: minutes' "Kenya." / "Ghana." / "Chile.", each alone) goes back to text, logged
    (``label_demoted``)."""
    rows = [k for k in sorted(rows) if lines[k].label is not None]
    for k in rows:
        log.add(
            f"{lines[k].label}: a row of a list of delegations",
            "label_demoted",
            span(name, unit, lines[k].unit, lines[k].unit),
        )
    if not rows:
        return lines
    listed = set(rows)
    return [replace(ln, text=ln.label, label=None) if k in listed else ln for k, ln in enumerate(lines)]


def _printed(ln: Line) -> Line:
    """A line whose label the source marked (bold in Word), as a verbatim record prints it: "Label: text"
    where that is a verbatim label, else the label's words before the text as plain words (no colon the
    source never printed: "**Kenya** is committed" is a sentence)."""
    labelled = f"{ln.label}: {ln.text}".strip()
    if VERBATIM_LABEL.match(labelled) is not None:  # a bare title too ("Chair:"): bold, it is the source's
        return replace(ln, text=labelled, label=None)
    return replace(ln, text=f"{ln.label} {ln.text}".strip(), label=None)


def _verbatim_segments(
    text: str, lines: list[Line], found: list[re.Match], name: str, unit: str, log: RemovalLog
) -> list[Segment]:
    """Segments of a UN verbatim record: each label runs to the next (``found``: the lines'
    ``verbatim_labels``), or to the record's closing line (``_after_closing``); its language note opens the
    body."""
    offsets: list[int] = []  # where each line starts in ``text``
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln.text) + 1

    def line_at(offset: int) -> Line:
        return lines[max(0, bisect.bisect_right(offsets, offset) - 1)]

    matches = confident_verbatim(found, lines, name, unit, log)
    before = text[: matches[0].start()]
    pre = before.strip()
    if pre:  # located on its own lines: from its first character to its last, not the first label's line
        first, last = len(before) - len(before.lstrip()), len(before.rstrip()) - 1
        log.add(clip(pre), "front_matter", span(name, unit, line_at(first).unit, line_at(last).unit))
    presides = _cover_president(pre)
    segments: list[Segment] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label, prefix = split_note(re.sub(r"\s+", " ", m.group("label")).strip())
        label = normalise_label(label)
        pieces = national_statement(label, text, m.end(), end, presides) or [(label, m.end(), end)]
        for k, (who, start, stop) in enumerate(pieces):
            first = m.start() if k == 0 else start
            src = span(name, unit, line_at(first).unit, line_at(max(first, stop - 1)).last)
            if k == 1:
                log.add(f"{label} -> {who}: {_NATIONAL}", "attribution_inferred", src)
            closed = _after_closing(text, start, stop)
            last = i + 1 == len(matches) and k + 1 == len(pieces)
            heading = _appended_heading(lines, offsets, m.start(), unit) if last and closed is None else None
            if heading is not None:
                closed = offsets[heading]
                held = len(text[closed:stop].split()) - len(lines[heading].text.split())
                log.add(
                    f"{lines[heading].text.strip().rstrip(' :')}: heads a document set into the record; "
                    f"its {held} words are no one's speech",
                    "heading",
                    span(name, unit, lines[heading].unit, line_at(stop - 1).last),
                )
            if closed is not None:
                src = span(name, unit, line_at(first).unit, line_at(max(first, closed - 1)).last)
            # The record notes the language once, after the label: it holds for every piece of the turn.
            body = strip_stage_directions(prefix + text[start : closed or stop], src, log)
            segments.append(Segment(who, body.strip(), src))
            if closed is not None:
                rest = span(name, unit, line_at(closed).unit, line_at(stop - 1).last)
                segments.append(Segment(None, text[closed:stop].strip(), rest, speech=False))
    return segments


# The record's last line, "The meeting rose at 12.05 p.m.", wrapped over up to three lines
_CLOSING = re.compile(r"^[ \t]*The meeting rose\b[^\n]*", re.MULTILINE)
_CLOSING_LINES = 3


def _closing_end(text: str, m: re.Match, stop: int) -> int:
    """Where the closing line that ``m`` opens ends: at its full stop, its sentence running on over lines
    that continue it ("12.05" / "p.m."), as ``strip_stage_directions`` reads it; a line that opens with a
    capital ("Annex", a title ending in ")") is none of it, and without a full stop the line ends it."""
    end = m.end()
    for _ in range(_CLOSING_LINES - 1):
        following = re.match(r"\n[ \t]*([^\n]*)", text[end:stop])
        if text[m.start() : end].rstrip().endswith((".", ")")) or not following or not following[1].strip():
            break
        if following[1][:1].isupper():
            break
        end += following.end()
    return end


def _after_closing(text: str, start: int, stop: int) -> int | None:
    """Where words after a verbatim record's closing line ("The meeting rose at 12.05 p.m.") start in
    ``text[start:stop]``, if any do: a document the record prints after the meeting (an annex, a written
    statement) is no one's speech, not the last speaker's (``Segment.speech`` False; each unknown turn is
    logged as ``unattributed``), nor is the next meeting's cover in a file of two records."""
    m = _CLOSING.search(text, start, stop)
    if m is None:
        return None
    end = _closing_end(text, m, stop)
    return end if text[end:stop].strip() else None


def _appended_heading(lines: list[Line], offsets: list[int], label_at: int, unit: str) -> int | None:
    """The line heading a document after a verbatim record's last label (at ``label_at`` in the text),
    where no closing line comes before it: "Annex I" alone on its line over a written statement is no
    one's speech, as it is in minutes (``grammar.appended_document``) and after "The meeting rose at ..."."""
    first = max(0, bisect.bisect_right(offsets, label_at) - 1)
    labelled = [("label", ln.text) if k == first else (None, ln.text) for k, ln in enumerate(lines)]
    return appended_document(lines, labelled, unit == "paragraphs")


_NATIONAL = "statement in a national capacity"
_SPACES = re.compile(r"\s*")
# "I shall now make a statement in my capacity as the representative of Côte d'Ivoire ...", "I will now make
# a statement in my national capacity." - to the end of that sentence.
_NATIONAL_OPENS = re.compile(
    r"\bI\s+(?:(?:shall|will|should\s+like\s+to|would\s+like\s+to|wish\s+to)\s+)?(?:now\s+)?"
    r"(?:make|deliver)\s+(?:a|the\s+following|my)\s+(?:brief\s+|short\s+)?statement\s+in\s+my\s+"
    r"(?:national\s+capacity|capacity\s+as\s+(?:the\s+)?representative\s+of\s+(?P<country>[^.;:]{2,160}))"
    r"[^.;:]*[.;:]"
)
# "I now resume my functions as President of the Council." - from the start of that sentence.
_NATIONAL_ENDS = re.compile(
    r"\bI\s+(?:(?:shall|will)\s+)?(?:now\s+)?resume\s+my\s+functions\s+as\s+(?:the\s+)?President\b"
)
# A record's cover: "President: Mr. Adom .......... (Côte d’Ivoire)", "President: Mr. INSANALLY\n(Guyana)".
_COVER_PRESIDENT = re.compile(
    rf"^[ \t]*President:[ \t]*(?P<name>{HONORIFIC}\.?[ \t]+[^.\n()]+?)[\s.]*"
    r"\((?P<country>[^()\n]+(?:\([^()\n]+\))?)\)",  # "(Iran (Islamic Republic of))" too
    re.MULTILINE,
)


def _cover_president(front: str) -> tuple[str, str, str] | None:
    """(name, country as written, ISO3) of the President the record's cover names, if it names one."""
    m = _COVER_PRESIDENT.search(front)
    code = countries.lookup(m.group("country").strip()) if m else None
    if not code:
        return None
    return re.sub(r"\s+", " ", m.group("name")).strip(), m.group("country").strip(), code


def national_statement(
    label: str, text: str, start: int, end: int, presides: tuple[str, str, str] | None
) -> list[tuple[str, int, int]] | None:
    """A presiding officer's segment ``text[start:end]`` cut where they speak for their country.

    -> [(label, start, stop)] for the chair up to the end of the announcing sentence, the country from
    there to the sentence resuming the presidency, the chair again after it; None when the segment is
    no presiding officer's, or does not hold both formulas, or no country can be told.
    """
    if not CHAIR_LABEL.match(label):
        return None
    opens = _NATIONAL_OPENS.search(text, start, end)
    ends = _NATIONAL_ENDS.search(text, opens.end(), end) if opens else None
    if ends is None or not text[opens.end() : ends.start()].strip():
        return None
    code, named = None, None
    if opens.group("country"):
        said = re.sub(r"\s+", " ", opens.group("country"))
        spans = [s for s in countries.find_spans(said) if s[0] <= len("the ")]
        if not spans:
            return None
        code, named = spans[0][2], said[spans[0][0] : spans[0][1]]
    elif presides:
        code = presides[2]
    if code is None:
        return None
    who = (
        f"{presides[0]} ({presides[1]})"
        if presides and presides[2] == code
        else f"The representative of {named}"
    )
    cut = _SPACES.match(text, opens.end()).end()  # the country's words open its segment
    return [(label, start, opens.end()), (who, cut, ends.start()), (label, ends.start(), end)]


def _labelled_line_segments(
    lines: list[Line],
    form: str,
    summary: bool,
    name: str,
    unit: str,
    log: RemovalLog,
    paragraphs: bool = False,
    styled: list[Line] | None = None,
) -> list[Segment]:
    """Segments of lines that open with a label (of ``form``) or a summary record's reported speaker;
    unlabelled lines continue (in a ``summary`` record, losing their paragraph numbers). A heading that
    names a speaker (a label line with no text: ``headings.name_headings``, Word's delegation headings) is
    words of the text again in a file of another form, where it labels nothing. A heading over a document
    after the last speaker opens a section of no one's (``grammar.appended_document``); ``styled``: the
    headings the source styled as such that may be one ("Annex I" in Word's Heading 1)."""
    if form != "explicit":
        lines = [replace(ln, text=ln.label, label=None) if ln.label and not ln.text else ln for ln in lines]
    if form == "generic":
        lines = join_wrapped_labels(lines)
    points = point_labels(lines, name, unit, log) if form == "generic" else {}
    labelled = (
        [points[i] if i in points else _line_label(form, ln, name, unit, log) for i, ln in enumerate(lines)]
        if form != "none"
        else [(None, ln.text) for ln in lines]
    )
    if form in ("generic", "markdown"):
        # "Key Messages:" over bullets is the turn's words; "Amina Otieno:" over her points speaks
        alone = [(i, label, rest) for i, (label, rest) in enumerate(labelled) if label and not rest.strip()]
        for i in list_headings(lines, alone, name, unit, log):
            labelled[i] = (None, lines[i].text)
    seen = Counter(label for label, _ in labelled if label)
    for i, (label, _) in enumerate(labelled):
        # a bold label opening a Word paragraph is the source's own mark, never a word inside running prose,
        # and so is a name heading over its statement (``headings.name_headings`` found it opening a
        # paragraph: in a PDF, under a title such as "Summary of statements", which ends on a word)
        marked = lines[i].label is not None and (paragraphs or not lines[i].text.strip())
        if label and not marked and doubtful(label, seen[label], lines, i):
            log.add(
                f"{label}: inside running prose",
                "label_demoted",
                span(name, unit, lines[i].unit, lines[i].unit),
            )
            labelled[i] = (None, lines[i].text)
    labelled = _reported_speech(lines, labelled, summary, paragraphs, name, unit, log)
    lines, labelled, appended = _appended(lines, labelled, styled or [], paragraphs)
    k = _header_break(lines, labelled, seen)
    k = next((i for i, (label, _) in enumerate(labelled) if label and i >= k), None)
    if k:
        pre = " ".join(ln.text.strip() for ln in lines[:k] if ln.text.strip())
        if pre:
            log.add(clip(pre), "front_matter", span(name, unit, lines[0].unit, lines[k - 1].last))
        lines, labelled = lines[k:], labelled[k:]
        appended = None if appended is None else appended - k
    gather = Gatherer(name, unit, "\n")
    for i, (ln, (label, rest)) in enumerate(zip(lines, labelled, strict=True)):
        if i == appended:  # an annex or a list of participants after the last speaker: no one's
            gather.open(None, ln.unit, speech=False)
            gather.add(ln.text.strip(), ln.unit, ln.last)
            continue
        if not ln.text.strip() and not label:
            continue
        if label is not None:
            gather.open(label, ln.unit)
        gather.add(rest, ln.unit, ln.last)
    segments = gather.finish()
    if appended is not None:
        heading, section = lines[appended].text.strip().rstrip(" :"), segments[-1]
        n = len(section.text.split()) - len(heading.split())
        log.add(f"{heading}: heads a document set into the record; its {n} words are no one's speech",
                "heading", section.source)  # fmt: skip
    return demote_heavy(segments, seen, log, Notes(lines))


def _appended(
    lines: list[Line], labelled: list[tuple[str | None, str]], styled: list[Line], paragraphs: bool
) -> tuple[list[Line], list[tuple[str | None, str]], int | None]:
    """(lines, their labels, the line heading a document after the last speaker or None): a heading the
    source styled (``styled``, left out of every other reading, as before) is put back where it stood when
    it is that line ("Annex I" in Word's Heading 1 after the chair's closing)."""
    last = max((i for i, (label, _) in enumerate(labelled) if label), default=None)
    for h in styled:
        if last is None or h.unit <= lines[last].unit:
            continue
        pos = next((j for j in range(last + 1, len(lines)) if lines[j].unit > h.unit), len(lines))
        with_it = [*lines[:pos], replace(h, heading=False), *lines[pos:]]
        labels = [*labelled[:pos], (None, h.text), *labelled[pos:]]
        if appended_document(with_it, labels, paragraphs) == pos:
            return with_it, labels, pos
    return lines, labelled, appended_document(lines, labelled, paragraphs)


_THEMATIC_BREAK = re.compile(r"[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*")
_HEADER_LINES = 12  # a header's fields sit in the first lines of a file


def _header_break(lines: list[Line], labelled: list[tuple[str | None, str]], seen: Counter) -> int:
    """Where a header of fields closed by a thematic break ends (0 if none): the UN transcripts tool opens
    its exports with "Date: ...", "Language: English", "Transcript: https://..." and a "---" line before
    the first speaker. A break in the first lines of a file, above which two or more labels stand, each said
    once and naming no one the attribution knows, and below which a label recurs, closes the front matter; a
    speaker said again above it (a chair) or one known by a role ("Secretary-General:") is no header's
    field."""
    found = next(
        (i for i, ln in enumerate(lines[:_HEADER_LINES]) if _THEMATIC_BREAK.fullmatch(ln.text)), None
    )
    if found is None:
        return 0
    above = [label for label, _ in labelled[:found] if label]
    below = [label for label, _ in labelled[found:] if label]
    recurs = any(seen[label] > 1 for label in below)
    fields = len(above) >= 2 and all(seen[x] == 1 and speakers.attribute(x).role == "unknown" for x in above)
    return found + 1 if fields and recurs else 0


def _reported_speech(
    lines: list[Line],
    labelled: list[tuple[str | None, str]],
    summary: bool,
    paragraphs: bool,
    name: str,
    unit: str,
    log: RemovalLog,
) -> list[tuple[str | None, str]]:
    """Unlabelled lines that open a summary record's paragraph with who spoke and a verb of saying
    (``grammar.reported_label``) take that speaker; their paragraph number is logged and cut. In a file read
    as a summary record, every paragraph's number after the first speaker goes the same way ("13. He added
    ..."; before it is the front matter).

    An unnumbered opener is a summary of what was said, and stays with whoever sums up, where it names a
    delegation that has already spoken under a label of the file's own ("Japan:" ... "The representative of
    Japan welcomed the report.") or follows a lead-in ("To sum up the discussion:", or a chair's "Let me sum
    up what I heard." ending a paragraph: ``SUMMING_UP``)."""
    out, speaking, spoke, listing, chair = list(labelled), False, set(), False, False
    for i, ln in enumerate(lines):
        found = reported_label(lines, i, paragraphs, summary) if out[i][0] is None else None
        if found and found[2] is None and (listing or spoke & set(countries.find_in_text(found[0]))):
            found = None
        if found:
            listing = chair = False
        elif out[i][0] is not None:  # a label of the file's own: a lead-in may end its text
            chair = bool(CHAIR_LABEL.match(out[i][0].strip()))
            listing = _leads_in(out[i][1], chair)
        else:
            listing = listing or _leads_in(ln.text, chair)
        cut = LIST_NUMBER.match(ln.text) if summary and speaking and out[i][0] is None else None
        speaking = speaking or bool(found) or out[i][0] is not None
        if out[i][0] is not None and not found:
            spoke.update(countries.find_in_text(out[i][0]))
        if found:
            label, text, number = found
            out[i] = (label, text)
        elif cut:
            number = cut.group(1)
            out[i] = (None, ln.text[cut.end() :])
        else:
            continue
        if number:
            log.add(number, "paragraph_number", span(name, unit, ln.unit, ln.unit))
    return out


def _leads_in(text: str, chair: bool) -> bool:
    """A paragraph that announces a summary of what delegations said: it ends in a colon, or is the chair's
    and ends with "Let me sum up ..." (``SUMMING_UP``)."""
    text = text.rstrip()
    return text.endswith(":") or (chair and bool(SUMMING_UP.search(text)))


def _line_label(form: str, ln: Line, name: str, unit: str, log: RemovalLog) -> tuple[str | None, str]:
    """A line's label and text under ``form`` (or as the source marked it); a stamped label's time and
    address are logged, and so is a list number opening the label (``paragraph_number``), which the label
    loses; a language note the label carries opens the text (``labels.split_note``)."""
    where = span(name, unit, ln.unit, ln.unit)
    # a label the source marked (bold in Word) is one in any form: Word minutes typing most labels and bolding
    # the Chair's are read in the typed form, and the bold label's turn went to the speaker before it
    marked = form == "explicit" or ln.label is not None
    label, rest = (ln.label, ln.text) if marked else split_label(form, ln.text)
    if label is not None and form == "stamped" and not marked:
        m = STAMPED_LABEL.match(ln.text)
        log.add(m.group("time"), "timestamp", where)
        if m.group("address"):
            log.add(m.group("address"), "speaker_label", where)
    number = LIST_NUMBER.match(label) if label else None
    if number:
        log.add(number.group(1), "paragraph_number", where)
        label = label[number.end() :]
    if label is None:
        return None, rest
    label, note = split_note(label)  # "(spoke in French)", "[FR]": the turn's words, not the speaker's name
    return label, note + rest


def realign(edited: list[str], lines: list[Line]) -> list[Line]:
    """Re-attach unit numbers after an edit that only joined lines, took out spaces and hyphens, or blanked.

    Dehyphenation ("develop-\\nment" -> "development"), joining a PDF's split words ("Camb odia" ->
    "Cambodia") and blanking the record's notice leave every other character in its order, so the two
    sides are compared as one stream of those characters (a line's *key*): an edited line is looked for
    where the stream stands (or a few lines on) and takes the unit of the original line holding its
    first character - a join at a line's start or inside it moves nothing. A blank line, or one not
    found, takes the next original line, as a line-for-line edit would. Linear in the text's length.
    """
    out = [Line(t, 0) for t in edited]
    if not lines:
        return out
    keys = [_key(ln.text) for ln in lines]
    begins: list[int] = []  # where each original line's key starts in ``stream``
    pos = 0
    for key in keys:
        begins.append(pos)
        pos += len(key)
    stream = "".join(keys)
    j = 0  # the next original line
    starts = []
    for ln in out:
        key = _key(ln.text)
        at = -1
        if key:
            head = key[:_KEY_HEAD]
            limit = begins[j + _LOOKAHEAD] if j + _LOOKAHEAD < len(lines) else len(stream)
            at = stream.find(head, begins[j], limit + len(head))
        if at >= 0:
            k = bisect.bisect_right(begins, at) - 1
            pos = at + len(key)
        else:
            k = j
            pos = begins[k] + len(keys[k])
        starts.append(k)
        ln.unit = lines[k].unit
        j = min(max(k + 1, bisect.bisect_left(begins, pos)), len(lines) - 1)
    for n, ln in enumerate(out):
        nxt = starts[n + 1] if n + 1 < len(out) else len(lines)
        ln.end = lines[max(starts[n], nxt - 1)].last
    return out


# What ``realign`` compares: a line without the spaces and hyphens an edit may take out, its first
# characters, and how many original lines on an edited line may start.
_UNKEYED = re.compile(r"[\s-]+")
_KEY_HEAD = 30
_LOOKAHEAD = 8


def _key(text: str) -> str:
    return _UNKEYED.sub("", text)
