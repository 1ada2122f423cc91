"""Speakers named by a line alone above their statement: minutes typed as text or printed to PDF that set
"Kenya", "The Chair" or "Statement by the delegation of Ghana" over what each said, as Word minutes set it as
a heading (the Word reader reads those by their style). Shared by the text and PDF readers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from analysis import countries
from analysis.ingest.readers.labels import BULLET, looks_like_label, split_generic_label
from analysis.ingest.readers.segment import Line
from analysis.ingest.speakers import delegation_heading
from analysis.ingest.vocabulary import OPEN_END_WORDS


def name_headings(lines: list[Line], blank_lines: bool = True) -> tuple[list[Line], set[int]]:
    """Minutes typed as text that set each speaker's name alone on a line above the statement ("Kenya",
    "The Chair", "UNIDO Secretariat", "Statement by the delegation of Ghana"), as Word minutes set it as a
    heading. Such a line opens a paragraph (a blank line or the file's start above it, prose below) and
    names a delegation (``speakers.delegation_heading``), looks like a speaker's label (``looks_like_label``)
    or is a short heading (up to six words, no colon, no sentence's end). A heading stands above a statement
    (``_heads_statement``): the line below opens a sentence, the heading does not end on a word a phrase
    goes on from ("Technical cooperation with"), and a sentence ends before the next paragraph or heading
    (a list of participants' "Kenya" / "Mr. John Kamau, Permanent Representative" heads none). Where two or
    more of them name a delegation, and no fewer than the lines opening with a "Name:" label, every one is
    the label of the text below it (``Line.label``), so a heading naming nobody known ("Closing of the
    meeting") ends the statement above it rather than joining it; elsewhere nothing changes. A PDF's text
    layer keeps no blank line between paragraphs (``blank_lines=False``): there a sentence's end above opens
    one too, and a column's wrapped line after a sentence's end ("The delegation also stressed" / "that
    skills ...", "The Government of Kenya plans" / "African ..." where "African" would not have fitted on
    the line) is no heading.

    -> (the lines, the rows of lists of delegations among them: ``delegation_rows`` of the lines returned,
    which the segments read as well; each line is looked up once)."""
    heads: dict[int, str] = {}
    delegations = set()
    alone = delegation_lines(lines)
    rows = delegation_rows(lines, alone)
    for k, ln in enumerate(lines):
        line = ln.text.strip()
        below = lines[k + 1].text.strip() if k + 1 < len(lines) else ""
        if (
            ln.label is None
            and k not in rows
            and (opens := _opens_paragraph(lines, k, blank_lines))
            and _HEADING.fullmatch(line)
            and _PROSE.search(below)
        ):
            delegation = delegation_heading(line)
            if (
                delegation is not None
                or looks_like_label(line)
                or opens is not _UNDER_SHORT_LINE
                and _SHORT_HEADING.fullmatch(line)
            ):
                heads[k] = delegation or line
                if delegation is not None:
                    delegations.add(k)
    heads = {k: t for k, t in heads.items() if _heads_statement(lines, k, heads, blank_lines, rows)}
    named = len(delegations & heads.keys())
    labelled = sum(1 for ln in lines if split_generic_label(ln.text)[0] is not None)
    if named < 2 or named < labelled:
        return lines, rows
    headed = [replace(ln, text="", label=heads[k]) if k in heads else ln for k, ln in enumerate(lines)]
    # only the headings changed: a heading now says what its label says ("Ghana" for "Statement by ...")
    alone = (alone - heads.keys()) | delegation_lines(headed, heads.keys())
    return headed, delegation_rows(headed, alone)


_UNDER_SHORT_LINE = "under a short line"


def _opens_paragraph(lines: list[Line], k: int, blank_lines: bool) -> bool | str:
    """Line ``k`` opens a paragraph: the file's start or a blank line above it, or, in a PDF's text layer
    (``blank_lines=False``), a sentence's end above it, or a line above it that stopped short: its first
    word would have fitted there ("Summary of statements" / "Chair", a title over the first heading, where
    the chair's words had stayed in the front matter; ``_UNDER_SHORT_LINE``, which opens a paragraph for a
    line naming a speaker only)."""
    if k == 0 or not lines[k - 1].text.strip():
        return True
    if blank_lines:
        return False
    above = lines[k - 1].text.strip()
    if _ENDS.search(above):
        return True
    first = lines[k].text.split()
    if first and not lines[k - 1].label and len(above) + 1 + len(first[0]) <= _width(lines, k):
        return _UNDER_SHORT_LINE
    return False


def _heads_statement(
    lines: list[Line], k: int, heads: dict[int, str], blank_lines: bool, rows: set[int]
) -> bool:
    """The heading on line ``k`` stands above a statement, not inside a sentence or a list: the line below
    opens a sentence ("Kenya" / "Kenya welcomed ..."; not "The delegation also stressed" / "that skills
    ..."), the heading ends on no word a phrase goes on from ("Technical cooperation with" / "UNIDO should
    ..."), and a sentence ends or a bulleted point stands in the text below before a blank line (in a file
    that keeps them) or the next heading ("Kenya" / "Mr. John Kamau, Permanent Representative to UNIDO" is a
    list of participants)."""
    words, below = lines[k].text.split(), lines[k + 1].text.split()
    if not words or words[-1].lower() in OPEN_END_WORDS or below[0][:1].islower():
        return False
    if not blank_lines and len(lines[k].text.strip()) + 1 + len(below[0]) > _width(lines, k):
        return False  # the next word would not have fitted: a column broke it ("Kenya plans" / "African")
    for j in range(k + 1, len(lines)):
        if j in heads or blank_lines and not lines[j].text.strip():
            break
        if _ENDS.search(lines[j].text) and j not in rows or BULLET.match(lines[j].text):
            return True
    return False


def _width(lines: list[Line], k: int) -> int:
    """How wide the text is around line ``k``: its longest line within five of it."""
    return max(len(ln.text.strip()) for ln in lines[max(0, k - 5) : k + 6])


def delegation_rows(lines: list[Line], alone: set[int] | None = None) -> set[int]:
    """The lines that are rows of a list of delegations, as minutes list those taking part ("Kenya." /
    "Ghana." / "Côte d'Ivoire"): a run of two or more lines that each name a delegation and nothing else
    (with or without a full stop; a heading or a bold label naming one, with no text of its own, too), with
    nothing but blank lines between them. Such a row heads no statement: each had become a turn, with the
    next row as its words. The run's last line heads the statement below it only where it is written unlike
    the rows (no full stop after rows that have one: "Peru." / "Kenya" / "Kenya calls for ...") or a blank
    line sets it apart from them. ``alone``: the lines' ``delegation_lines``, where the caller has them."""
    alone = delegation_lines(lines) if alone is None else alone
    rows: set[int] = set()
    run: list[int] = []

    def close(after: int | None) -> None:
        if len(run) < 2:
            return
        last, before = run[-1], run[-2]
        statement = after is not None and lines[after].label is None
        apart = statement and (
            _ENDS.search(_alone(lines[before]) or "") is not None
            and _ENDS.search(_alone(lines[last]) or "") is None
            or last - before > 1
        )
        rows.update(run[:-1] if apart else run)

    for k, ln in enumerate(lines):
        if ln.label is None and not ln.text.strip():
            continue
        if k in alone:
            run.append(k)
            continue
        close(k)
        run = []
    close(None)
    return rows


def delegation_lines(lines: list[Line], among: Iterable[int] | None = None) -> set[int]:
    """The lines (of those numbered ``among``, else all) that name a delegation and nothing else: a line's
    text, or its label where it has no text (``_alone``)."""
    return {
        k
        for k in (range(len(lines)) if among is None else among)
        if (text := _alone(lines[k])) is not None
        and countries.lookup(text.rstrip(". "), two_letter_codes=False)
    }


def _alone(ln: Line) -> str | None:
    """What a line says where it could be a list's row: its text, or its label where it has none."""
    if ln.label is not None and ln.text.strip():
        return None
    text = (ln.label if ln.label is not None else ln.text).strip()
    return text if 0 < len(text) <= 60 else None


_HEADING = re.compile(r"[^\s:.,;!?][^:]{0,79}(?<![.,;!?])")  # no colon (that is a generic label's) nor ending
# "Statement by the delegation of Ghana", "Closing of the meeting": a few words, the first capitalised
_SHORT_HEADING = re.compile(r"[A-ZÀ-ÖØ-Þ]\S*(?:\s+\S+){0,5}")
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_PROSE = re.compile(r"(?:\S+\s+){3}\S|[.!?…]$")  # four words or more, or a sentence's end
