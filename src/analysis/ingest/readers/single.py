"""A whole file as one statement of one delegation (a written submission, a single speech).

The manifest's ``country`` says who speaks, so no labels are parsed: a text file is read
whole; any other form is read by its own reader and its segments joined, with their
labels logged. Paragraph numbers ("12.  We ...") are machinery and are logged, and so is a text file's
title: its first lines standing alone (up to three, a blank line after them), unpunctuated, the first naming
the document ("Written submission of the Republic of Kenya"; ``vocabulary.DOCUMENT_TITLE``), which was
read into the first sentence ("... Republic of Kenya Kenya welcomes ..."); in Word or a PDF, where no
blank line parts a title from the text, the same lines at the top, up to the statement's first sentence.
A first line that does not name a document stays: a speech's salutation ("Your Excellency the President
of the General Assembly") is spoken, and a text layer may break a first sentence at a blank line ("It is
my privilege to address the General").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.encoding import EMPTY_FILE, read_text
from analysis.ingest.readers.dehyphenate import dehyphenate
from analysis.ingest.readers.furniture import is_furniture_line
from analysis.ingest.readers.segment import ReadResult, Segment, merge_spans, span
from analysis.ingest.removals import RemovalLog
from analysis.ingest.vocabulary import DOCUMENT_TITLE, FIRST_OR_SECOND_PERSON, SALUTATION, TITLE_SMALL_WORDS

TEXT_SUFFIXES = (".txt", ".md", ".text", "")
_PARA_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+(?=\S)", re.MULTILINE)
# Markdown a statement may be written in (the General Debate's 2024 files): a rule between sections, a heading
# ("### 10. Global Challenges", a bold "**[HEALTH]**" alone on its line) and bold emphasis.
_MD_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+(?P<atx>.+?)[ \t#]*|\*\*[ \t]*(?P<bracketed>\[[^\]]+\])[ \t]*\*\*[ \t]*)$"
)
# Bold is a pair of marks about words within a paragraph, as markdown reads it ("**peace**", "__peace__", not
# within a word for "__"): a mark with no partner is the text's own ("2**3", "snake__case").
_IN_PARAGRAPH = r"(?:(?!\n[ \t]*\n).)+?"
_MD_BOLD = re.compile(
    rf"\*\*(?=[^\s*])(?P<star>{_IN_PARAGRAPH})(?<=[^\s*])\*\*"
    rf"|(?<![^\W_])__(?=[^\s_])(?P<under>{_IN_PARAGRAPH})(?<=[^\s_])__(?![^\W_])",
    re.DOTALL,
)


def read_single(path: Path, read_form: Callable[[Path], ReadResult]) -> ReadResult:
    """One segment with no label; ``read_form`` reads the files that are not plain text."""
    path = Path(path)
    name = path.name
    log = RemovalLog()
    if path.suffix.lower() in TEXT_SUFFIXES:
        raw, first = _untitled(read_text(path, log), name, log)
        raw = _plain_lines(raw, name, log)
        # Lines of the file as written (dehyphenation joins some), up to its last line with text:
        # a final newline or blank lines at the end are not lines of the statement.
        last = raw.rstrip().count("\n") + 1
        return _statement(path, dehyphenate(raw, name, log), span(name, "lines", first, last), log)
    result = read_form(path)
    if not result.segments:
        raise InputError(EMPTY_FILE.format(what="no text in the statement"), path)
    log.extend(result.removals)
    for s in result.segments:
        if s.label:
            log.add(s.label, "speaker_label", s.source)
    text = _untitled_paragraphs("\n".join(s.text for s in result.segments), result.segments[0].source, log)
    statement = _statement(path, text, merge_spans([s.source for s in result.segments]), log)
    statement.captions = result.captions
    return statement


_WORDS_OF_A_TITLE = 15
_LINES_OF_A_TITLE = 3  # "Statement by H.E. ..." / "Permanent Representative of ..." / "Vienna"


def _untitled(raw: str, name: str, log: RemovalLog) -> tuple[str, int]:
    """(the text with its title blanked, the line the statement starts on); each title line is logged as a
    heading. A title stands alone at the top: up to three lines before the first blank line, the first naming
    the document, every one unpunctuated at its end, the statement after the blank line."""
    lines = raw.split("\n")
    i = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if i is None:
        return raw, 1
    end = next((k for k in range(i, len(lines)) if not lines[k].strip()), len(lines))
    if end - i > _LINES_OF_A_TITLE or end + 1 >= len(lines) or not "".join(lines[end:]).strip():
        return raw, 1
    titles = [lines[k].strip() for k in range(i, end)]
    first = next(k for k in range(end, len(lines)) if lines[k].strip())
    if (
        not DOCUMENT_TITLE.search(titles[0].strip("*_# "))
        or not all(_title_like(t.strip("*_# ")) for t in titles)
        or not all(_names_someone_or_somewhere(t.strip("*_# ")) for t in titles[1:])
        # a sentence the blank line broke goes on in lower case
        or lines[first].strip()[:1].islower()
    ):
        return raw, 1
    for k, title in enumerate(titles, i + 1):
        log.add(title, "heading", span(name, "lines", k, k))
    return "\n".join([*lines[:i], *[""] * len(titles), *lines[end:]]), first + 1


def _plain_lines(raw: str, name: str, log: RemovalLog) -> str:
    """The text without what is not its words, each line kept (blank) so line numbers hold: page furniture
    alone on a line (a record's running heads, which the 2015 General Debate files keep between paragraphs,
    often mid-sentence) and markdown's rules and section headings, logged; bold marks are taken off (counted).
    Read as text they became sentences of their own ('*', '---') or ran into the sentence under them."""
    lines = raw.split("\n")
    heads = set()
    for k, line in enumerate(lines):
        where = span(name, "lines", k + 1, k + 1)
        heading = _MD_HEADING.match(line)
        if is_furniture_line(line):
            log.add(line.strip(), "page_furniture", where)
            heads.add(k)
        elif _MD_RULE.match(line):
            log.add(line.strip(), "markup", where)
        elif heading:
            log.add((heading["atx"] or heading["bracketed"]).strip(), "heading", where)
        else:
            continue
        lines[k] = ""
    text, n = _MD_BOLD.subn(lambda m: m["star"] or m["under"], "\n".join(_word_across_heads(lines, heads)))
    if n:
        log.add(f"{2 * n} markdown bold marks", "markup", name)
    return text


_BROKEN_WORD = re.compile(r"[^\W\d_]-[ \t]*$")  # "devel-" at a line's end


def _word_across_heads(lines: list[str], heads: set[int]) -> list[str]:
    """The lines with each run of blanked running heads (``heads``, with any blank or form-feed lines about
    them) that falls inside a hyphenated word ("devel-" / "15-29425 31/34" / "opment") moved below the
    word's second half, so dehyphenation finds the halves on adjacent lines; the count of lines holds. A run
    after a line that ends otherwise (a paragraph's end, a sentence running on) stays where it is."""
    out = list(lines)
    for k in sorted(heads):
        start, end = k, k
        while start > 0 and not out[start - 1].strip():
            start -= 1
        while end < len(out) and not out[end].strip():
            end += 1
        if start > 0 and end < len(out) and _BROKEN_WORD.search(out[start - 1]):
            out[start : end + 1] = [out[end], *[""] * (end - start)]
    return out


def _untitled_paragraphs(text: str, source: str, log: RemovalLog) -> str:
    """The text with its title left out (each title line logged as a heading, at the first segment's
    `source`), for forms whose paragraphs no blank line parts (Word's, a PDF's lines): a title is the run
    of up to three lines at the top, the first naming the document, every one `_title_like`, the further
    ones `_names_someone_or_somewhere`, and the statement's first sentence after it."""
    lines = text.split("\n")
    top = next((k for k, ln in enumerate(lines) if ln.strip()), len(lines))
    end = top
    while end < len(lines) and end - top <= _LINES_OF_A_TITLE:
        line = lines[end].strip().strip("*_# ")
        further = end > top
        if not line or not _title_like(line) or (further and not _names_someone_or_somewhere(line)):
            break
        end += 1
    rest = "\n".join(lines[end:]).strip()
    if (
        end == top
        or end - top > _LINES_OF_A_TITLE  # a run of title-like lines longer than a title: a list, say
        or not DOCUMENT_TITLE.search(lines[top].strip("*_# "))
        or not rest
        or rest[:1].islower()  # a sentence broken over lines goes on in lower case
    ):
        return text
    for line in lines[top:end]:
        log.add(line.strip(), "heading", source)
    return rest


def _title_like(words: str) -> bool:
    """A short line, unpunctuated at its end, with no speaker in the first or second person, not broken off
    on a small word (a sentence the blank line broke)."""
    return bool(words) and not (
        len(words.split()) > _WORDS_OF_A_TITLE
        or re.search(r"[.!?:;,]$", words)
        or FIRST_OR_SECOND_PERSON.search(words)
        or words.split()[-1].lower() in TITLE_SMALL_WORDS | {"by", "with"}
    )


def _names_someone_or_somewhere(line: str) -> bool:
    """A title's further line names its delegate, office, meeting or place: title case ("Permanent
    Representative of Kenya to UNIDO", "Vienna"), not a sentence ("Kenya fully supports ...") nor a
    salutation, which is spoken ("Mr. President", "Excellencies, Ladies and Gentlemen")."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", line)
    cased = all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)
    return cased and not SALUTATION.match(line)


def _statement(path: Path, text: str, source: str, log: RemovalLog) -> ReadResult:
    def drop(m: re.Match) -> str:
        log.add(m.group(0).strip(), "paragraph_number", path.name)
        return ""

    text = _PARA_NUMBER.sub(drop, text).strip()
    if not text:
        raise InputError(EMPTY_FILE.format(what="no text in the statement"), path)
    return ReadResult([Segment(None, text, source)], log)
