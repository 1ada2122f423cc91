"""One reader per transcript form, each giving a list of ``Segment``s.

A segment is a stretch of speech with the raw speaker label the source gives it
(or None when the source names nobody), its raw text, and a locator back into
the file (``africa.vtt:cues 3-7``, ``record.pdf:pages 2-3``). Readers remove
only the machinery of their form (cue timings and numbers, caption repetition,
page headers and footers, hyphenated line breaks) and record each removal as
``(what, why, source)``; cleaning of the words themselves is ``analysis.clean``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.encoding import decode, read_text
from analysis.errors import InputError

Removal = tuple[str, str, str]  # (what, why, source)


@dataclass
class Segment:
    label: str | None
    text: str
    source: str
    removals: list[Removal] = field(default_factory=list)


@dataclass
class ReadResult:
    segments: list[Segment]
    removals: list[Removal] = field(default_factory=list)


# --------------------------------------------------------------------------- labels

HONORIFIC = (
    r"(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Dr|Sr|Sra|Srta|Sres|Don|Doña|Dña|Dom|Sir|Dame|Lord|Lady|Baroness|Archbishop|Cardinal|Monsignor|Msgr|"
    r"Sheikh|Sheikha|Prince|Princess|H\.\s?E\.|Rev|Prof|Professor|Emir|Amir|Crown Prince)"
)
_SPOKE = r"\(\s*(?:spoke|speaking)\s+in\s+[A-Z][a-z]+\s*\)"
# "Mr. Kiboino (Kenya):", "Mrs. Salazar-Mejía  (Colombia) ( spoke in\nSpanish):" - may run over a line break.
_VERBATIM_MEMBER = (
    rf"{HONORIFIC}\.?[ \t]+[^\s():][^():\n]{{0,70}}?(?:\s+[^():\n]{{1,40}}?)?\s*\(\s*[^():]{{2,80}}?\s*\)"
    rf"(?:\s*{_SPOKE})?"
)
_VERBATIM_OFFICER = (
    r"The\s+(?i:(?:Acting\s+|Temporary\s+)?(?:President|Vice-President|Chair|Chairperson|Chairman|Chairwoman|"
    r"Co-Chair|Secretary-General|Deputy\s+Secretary-General|Under-Secretary-General|Moderator))"
    rf"(?:\s*\(\s*[^()\n:]{{2,60}}?\s*\))?(?:\s*{_SPOKE})?"
)
VERBATIM_LABEL = re.compile(
    rf"^[ \t]*(?P<label>(?:{_VERBATIM_MEMBER})|(?:{_VERBATIM_OFFICER}))\s*:[ \t]*",
    re.MULTILINE,
)
SPOKE_IN = re.compile(_SPOKE)

_SMALL_WORDS = {
    "of",
    "the",
    "and",
    "de",
    "del",
    "la",
    "le",
    "les",
    "des",
    "du",
    "da",
    "do",
    "dos",
    "van",
    "von",
    "der",
    "den",
    "for",
    "on",
    "to",
    "in",
    "y",
    "et",
    "e",
    "bin",
    "bint",
    "al",
    "el",
    "ibn",
    "ben",
    "di",
    "zu",
    "a",
    "an",
    "at",
    "ter",
}
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
        if core.lower() in _SMALL_WORDS:
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


# --------------------------------------------------------------------------- text helpers

_HYPHEN_KEEP = {
    "non",
    "co",
    "self",
    "well",
    "long",
    "short",
    "anti",
    "pre",
    "post",
    "multi",
    "inter",
    "cross",
    "semi",
    "vice",
    "ex",
    "full",
    "high",
    "low",
    "mid",
    "so",
    "sub",
    "pan",
    "all",
    "half",
    "far",
    "cost",
    "small",
    "large",
    "world",
    "nuclear",
    "decision",
    "policy",
    "follow",
    "two",
    "three",
    "four",
    "five",
    "one",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "first",
    "second",
    "third",
    "fourth",
    "south",
    "north",
    "east",
    "west",
    "african",
    "socio",
    "macro",
    "micro",
    "counter",
    "over",
    "under",
    "out",
    "up",
    "down",
    "life",
    "time",
    "rule",
    "ever",
}
_HYPHEN_BREAK = re.compile(r"(\b[A-Za-zÀ-ÿ]+)-[ \t]*\n[ \t]*([a-zà-ÿ][\w’'-]*)")


def dehyphenate(text: str, source: str, removals: list[Removal]) -> str:
    """Join words split over a line break ("develop-\\nment"), keeping real compounds ("non-\\nState").

    The document itself decides where it can: a joined form used elsewhere ("statement") is joined, a
    hyphenated form used elsewhere ("State-owned") is kept; otherwise common compound heads keep the hyphen.
    """
    if not _HYPHEN_BREAK.search(text):
        return text
    words = Counter(re.findall(r"[\w’'-]+", text.lower()))

    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        if words[compound] and not words[joined]:
            keep = True
        elif words[joined]:
            keep = False
        else:
            keep = head.lower() in _HYPHEN_KEEP or head[1:].isupper() and len(head) > 1
        if keep:
            return f"{head}-{tail}"
        removals.append((f"{head}-|{tail}", "hyphenation", source))
        return head + tail

    return _HYPHEN_BREAK.sub(join, text)


def _span(name: str, unit: str, first: int, last: int) -> str:
    if first == last:
        return f"{name}:{unit[:-1] if unit.endswith('s') else unit} {first}"
    return f"{name}:{unit} {first}-{last}"


@dataclass
class _Line:
    text: str
    unit: int  # line, page, paragraph or cue number
    end: int | None = None  # the last unit, when an edit joined several lines into this one
    label: str | None = None  # a label marked by the source itself (bold in Word), text then follows


def _segments_from_lines(
    lines: list[_Line],
    name: str,
    unit: str,
    verbatim: bool | None = None,
    removals: list[Removal] | None = None,
) -> tuple[list[Segment], list[Removal]]:
    """Split numbered lines into labelled segments.

    UN verbatim style (``Mr. X (Country):``, ``The President:``) is used when the
    text has such labels; labels then may run over a line break, and text before
    the first label is the record's front matter (logged, not speech). Otherwise
    each line may open with a generic ``Name:`` label; unlabelled lines continue
    the current speaker.
    """
    removals = [] if removals is None else removals
    if not lines:
        return [], removals
    # Join with newlines and remember which unit each character offset belongs to.
    offsets: list[int] = []
    parts: list[str] = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        parts.append(ln.text)
        pos += len(ln.text) + 1
    text = "\n".join(parts)

    import bisect

    def unit_at(offset: int) -> int:
        i = max(0, bisect.bisect_right(offsets, offset) - 1)
        return lines[i].unit

    def end_at(offset: int) -> int:
        i = max(0, bisect.bisect_right(offsets, offset) - 1)
        return lines[i].end if lines[i].end is not None else lines[i].unit

    if verbatim is None:
        n_verbatim = len(VERBATIM_LABEL.findall(text))
        verbatim = n_verbatim >= 1 and n_verbatim >= 0.25 * _count_generic(lines)
    segments: list[Segment] = []
    if verbatim:
        matches = list(VERBATIM_LABEL.finditer(text))
        if not matches:
            return [], removals
        pre = text[: matches[0].start()].strip()
        if pre:
            src = _span(name, unit, unit_at(0), unit_at(matches[0].start()))
            removals.append((_clip(pre), "front_matter", src))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            label = re.sub(r"\s+", " ", m.group("label")).strip()
            spoke = SPOKE_IN.search(label)
            body = text[m.end() : end]
            if spoke:
                label = (label[: spoke.start()] + label[spoke.end() :]).strip()
                body = "(" + re.sub(r"\s+", " ", spoke.group(0)[1:-1]).strip() + ") " + body
            src = _span(name, unit, unit_at(m.start()), end_at(max(m.start(), end - 1)))
            body = strip_stage_directions(body, src, removals)
            segments.append(Segment(_normalise_label(label), body.strip(), src))
        return segments, removals

    explicit = any(ln.label for ln in lines)
    if explicit:
        # The source marks its speakers (bold names): plain "Date: ..." lines are not labels, and what comes
        # before the first marked speaker (title, participants, agenda) is front matter, not speech.
        k = next(i for i, ln in enumerate(lines) if ln.label)
        pre = " ".join(ln.text for ln in lines[:k] if ln.text.strip())
        if pre:
            removals.append((_clip(pre), "front_matter", _span(name, unit, lines[0].unit, lines[k - 1].unit)))
        lines = lines[k:]
    current: Segment | None = None
    first = last = None
    buf: list[str] = []

    def flush() -> None:
        nonlocal current, buf
        if current is not None and (buf or current.label):
            current.text = "\n".join(buf).strip()
            current.source = _span(name, unit, first, last)
            segments.append(current)
        current, buf = None, []

    for ln in lines:
        if not ln.text.strip() and not ln.label:
            continue
        label, rest = (ln.label, ln.text) if explicit else split_generic_label(ln.text)
        if label is not None:
            flush()
            current = Segment(label, "", "")
            first = ln.unit
            last = ln.end if ln.end is not None else ln.unit
            if rest.strip():
                buf.append(rest)
            continue
        if current is None:
            current = Segment(None, "", "")
            first = ln.unit
        buf.append(ln.text)
        last = ln.end if ln.end is not None else ln.unit
    flush()
    return segments, removals


_STAGE = re.compile(
    r"^\s*(?:The meeting (?:was called to order|rose|was suspended|was resumed|resumed|adjourned)\b.*"
    r"|The agenda was adopted\.?"
    r"|A (?:recorded )?vote was taken(?: by show of hands)?\.?"
    r"|(?:The )?(?:draft|Draft) (?:resolution|decision|amendment)s?\b"
    r"[^.]{0,120}\bwas (?:adopted|rejected)\b.*"
    r"|At the invitation of the President\b.*"
    r"|(?:In favour|Against|Abstaining):\s*)$"
)
_VOTE_HEAD = re.compile(r"^\s*(?:In favour|Against|Abstaining):\s*$")


def _is_name_list(line: str) -> bool:
    words = [w.strip("(),.;'’") for w in line.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def strip_stage_directions(body: str, source: str, removals: list[Removal]) -> str:
    """Remove a verbatim record's stage directions and vote lists (italic in print, plain in the text layer).

    Only whole lines of well-known forms go: "The meeting rose at ...", "A recorded vote was taken.",
    "Draft resolution I was adopted ...", and "In favour: / Against: / Abstaining:" lists of names.
    """
    out: list[str] = []
    lines = body.split("\n")
    in_vote = False
    i = 0
    while i < len(lines):
        ln = lines[i]
        s = ln.strip()
        if _VOTE_HEAD.match(s):
            in_vote = True
            removals.append((s, "stage_direction", source))
        elif in_vote and s and _is_name_list(s):
            removals.append((_clip(s), "stage_direction", source))
        elif s and _STAGE.match(s):
            in_vote = False
            # A direction may wrap: take its continuation lines up to the sentence's full stop.
            text = s
            while (
                not text.rstrip().endswith((".", ")"))
                and i + 1 < len(lines)
                and lines[i + 1].strip()
                and not lines[i + 1].strip()[:1].isupper()
            ):
                i += 1
                text += " " + lines[i].strip()
            removals.append((_clip(text), "stage_direction", source))
        else:
            in_vote = False
            out.append(ln)
        i += 1
    return "\n".join(out)


def _count_generic(lines: list[_Line]) -> int:
    return sum(1 for ln in lines if split_generic_label(ln.text)[0] is not None)


def _clip(text: str, n: int = 80) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _normalise_label(label: str) -> str:
    """Undo text-layer spacing slips in a label: "Switzer land" -> "Switzerland" when that names a country."""
    m = re.search(r"\(([^()]+)\)\s*$", label)
    if not m:
        return label
    inner = m.group(1).strip()
    try:
        from analysis import countries
    except ImportError:  # pragma: no cover - countries is part of the package
        return label
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


# --------------------------------------------------------------------------- page furniture

_SYMBOL = r"\b[A-Z][A-Za-z0-9.]*(?:\s*/\s*[A-Z0-9][A-Za-z0-9.-]*)*?\s*/\s*PV\s*\.\s*\d+(?:\s*\(\w+\))?"
_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_PAGE = r"\d{1,3}(?:\s*/\s*\d{1,3})?"
_FURNITURE_TOKEN = re.compile(rf"{_SYMBOL}|{_JOB}|{_DATE}|\*\d{{5,}}\*|\b{_PAGE}\b")
DOC_SYMBOL = re.compile(_SYMBOL)
JOB_NUMBER = re.compile(rf"\b{_JOB}\b")
_FURNITURE_LINE = re.compile(rf"^\s*(?:(?:{_SYMBOL}|{_JOB}|{_DATE}|\*\d{{5,}}\*|{_PAGE})\s*)+$")
_BOILERPLATE = re.compile(
    r"This record contains the (?:original )?text of speeches.{0,1200}?(?:documents\.un\.org\)?\.?|"
    r"Official Document System of the United Nations[^.]*\.|consolidated corrigendum\.)",
    re.DOTALL,
)
# Whole lines that are furniture wherever they stand on a page
# (not page numbers: a wrapped "15" may be speech).
_ANYWHERE_LINE = re.compile(
    rf"^\s*(?:(?:{_SYMBOL}|{_JOB}|\*\d{{5,}}\*|Distr\.\s*[A-Z]+|(?:ENGLISH|FRENCH|SPANISH|RUSSIAN|ARABIC|CHINESE))"
    rf"\s*)+$"
)


def _shape(line: str) -> str:
    """A line with its numbers folded, so running headers match across pages."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def is_furniture_line(line: str) -> bool:
    """Document symbols, job numbers, dates, page numbers and bar codes, alone on a line."""
    return bool(line.strip()) and bool(_FURNITURE_LINE.match(line))


def strip_page_furniture(
    pages: list[list[str]], name: str, removals: list[Removal], unit: str = "page"
) -> list[list[str]]:
    """Remove running headers and footers from each page's lines.

    A line near the top or bottom of a page is furniture when it is made of
    symbols, job and page numbers, or when its shape (digits folded) repeats at
    the edge of several pages ("2 General Assembly - Forty-eighth session").
    """
    edge = 4
    shapes: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        for ln in set(body[:edge] + body[-edge:]):
            shapes[_shape(ln)] += 1
    min_repeat = max(3, len(pages) // 3)
    out: list[list[str]] = []
    for p, lines in enumerate(pages, 1):
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        edge_idx = set(nonblank[:edge] + nonblank[-edge:])
        kept = []
        for i, ln in enumerate(lines):
            if (
                ln.strip()
                and _ANYWHERE_LINE.match(ln)
                or i in edge_idx
                and ln.strip()
                and (
                    is_furniture_line(ln)
                    or (
                        DOC_SYMBOL.search(ln)
                        and len(ln.strip()) < 120
                        and not re.search(r"[.:;?!]\s*$", ln.strip())
                    )
                    or (
                        shapes[_shape(ln)] >= min_repeat
                        and len(ln.strip()) < 100
                        and not VERBATIM_LABEL.match(ln)
                        and not re.search(r"[.:;?!]\s*$", ln.strip())
                    )
                )
            ):
                removals.append((ln.strip(), "page_furniture", f"{name}:{unit} {p}"))
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _text_furniture(lines: list[_Line], name: str, removals: list[Removal]) -> list[_Line]:
    """Page furniture in a plain-text record: whole lines of symbols/page numbers, repeated headers."""
    shapes = Counter(_shape(ln.text) for ln in lines if ln.text.strip())
    kept = []
    for ln in lines:
        s = ln.text.strip()
        furniture = is_furniture_line(s) or (
            shapes[_shape(s)] >= 3
            and len(s) < 100
            and re.search(r"\d", s)
            and (DOC_SYMBOL.search(s) or JOB_NUMBER.search(s) or re.search(r"\b(session|meeting)\b", s, re.I))
            and not re.search(r"[.:;?!]$", s)
        )
        if s and furniture:
            removals.append((s, "page_furniture", f"{name}:line {ln.unit}"))
            continue
        kept.append(ln)
    return kept


# --------------------------------------------------------------------------- captions

_TS = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})(?:\s+(?P<settings>.*))?$")
_INLINE_TS = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>", re.I)
_TAG = re.compile(r"</?(?:c|i|b|u|v|lang|ruby|rt|font|span)(?:[.\s][^<>]*)?>", re.I)


@dataclass
class _Cue:
    number: int  # 1-based position of the cue in the file
    identifier: str | None
    timing: str
    lines: list[str]


def _check_timings(text: str, path: Path) -> None:
    """Every line with an arrow must be a well-formed cue timing; say which line is not."""
    for i, line in enumerate(text.split("\n"), 1):
        if "-->" in line and not _TIMING.match(line):
            raise InputError(f"malformed cue timing {line.strip()[:60]!r}", path, i)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    blocks, cur, start = [], [], 1
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not cur:
                start = i
            cur.append(line)
        elif cur:
            blocks.append((start, cur))
            cur = []
    if cur:
        blocks.append((start, cur))
    return blocks


def _cues_from_blocks(text: str, name: str, removals: list[Removal]) -> list[_Cue]:
    """Caption blocks -> cues; NOTE, STYLE, REGION and the header are machinery."""
    cues: list[_Cue] = []
    for start, block in _blocks(text):
        first = block[0].strip()
        if first.startswith("WEBVTT"):
            if len(block) > 1 and not any("-->" in b for b in block):
                removals.append((_clip(" ".join(block)), "caption_markup", f"{name}:line {start}"))
            if not any("-->" in b for b in block):
                continue
            block = [
                b
                for b in block
                if "-->" in b or block.index(b) > 0 and not b.startswith(("Kind:", "Language:"))
            ]
        if first.startswith(("NOTE", "STYLE", "REGION")) and not any("-->" in b for b in block):
            removals.append((_clip(" ".join(block)), "caption_markup", f"{name}:line {start}"))
            continue
        t = next((i for i, b in enumerate(block) if "-->" in b), None)
        if t is None:
            # Text with no timing: a continuation of the previous cue's payload.
            if cues:
                cues[-1].lines.extend(block)
            else:
                removals.append((_clip(" ".join(block)), "caption_markup", f"{name}:line {start}"))
            continue
        ident = " ".join(b.strip() for b in block[:t]) or None
        cues.append(_Cue(len(cues) + 1, ident, block[t].strip(), block[t + 1 :]))
    return cues


def _vtt_cues(text: str, name: str, removals: list[Removal]) -> list[_Cue]:
    """Parse WebVTT with webvtt-py; on files it rejects (missing header, odd blocks) use the block parser."""
    import webvtt

    try:
        vtt = webvtt.from_string(text) if hasattr(webvtt, "from_string") else webvtt.WebVTT.from_string(text)
        captions = list(vtt.captions)
    except Exception:  # noqa: BLE001 - webvtt-py's errors vary by version; fall back to our parser
        return _cues_from_blocks(text, name, removals)
    if not captions and "-->" in text:
        return _cues_from_blocks(text, name, removals)
    for start, block in _blocks(text):
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and not any("-->" in b for b in block):
            removals.append((_clip(" ".join(block)), "caption_markup", f"{name}:line {start}"))
    cues = []
    for i, cap in enumerate(captions, 1):
        settings = str(cap.settings) if getattr(cap, "settings", None) else ""
        timing = f"{cap.start} --> {cap.end}" + (f" {settings}" if settings else "")
        cues.append(_Cue(i, cap.identifier or None, timing, list(cap.lines)))
    return cues


def _srt_cues(text: str, name: str, removals: list[Removal]) -> list[_Cue]:
    return _cues_from_blocks(text, name, removals)


def _strip_cue_line(line: str) -> str:
    line = _INLINE_TS.sub("", line)
    line = _TAG.sub("", line)
    line = re.sub(r"\{\\[^}]*\}", "", line)  # SRT/ASS style overrides such as {\an8}
    line = line.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"[ \t]+", " ", line).strip()


def _is_rolling(cues: list[_Cue], raw_lines: list[list[str]]) -> bool:
    """Auto-captions repeat the previous cue's line at the top of the next cue."""
    repeats = sum(
        1
        for prev, cur in zip(raw_lines, raw_lines[1:], strict=False)
        if prev and cur and cur[0] == prev[-1] and cur[0]
    )
    inline = any(_INLINE_TS.search(" ".join(c.lines)) for c in cues)
    return inline or (len(cues) >= 3 and repeats >= 0.3 * (len(cues) - 1))


def _caption_segments(cues: list[_Cue], name: str, removals: list[Removal]) -> list[Segment]:
    """Cues -> segments: labels (``Name:``, ``<v Name>``, ``>>``), repetition collapsed, machinery logged."""
    cleaned: list[list[str]] = []
    for cue in cues:
        src = f"{name}:cue {cue.number}"
        removals.append((cue.timing, "timestamp", src))
        if cue.identifier:
            removals.append((cue.identifier, "cue_number", src))
        cleaned.append([ln for ln in (_strip_cue_line(x) for x in _split_voices(cue.lines)) if ln])
    rolling = _is_rolling(cues, cleaned)

    # Flatten to (line, cue) keeping only the new part of each rolling caption.
    stream: list[tuple[str, int]] = []
    emitted: list[str] = []
    for cue, lines in zip(cues, cleaned, strict=True):
        src = f"{name}:cue {cue.number}"
        if rolling:
            k = _overlap(emitted, lines)
            for dup in lines[:k]:
                removals.append((dup, "caption_repetition", src))
            lines = lines[k:]
            if lines and emitted:
                prev_w, cur_w = emitted[-1].split(), lines[0].split()
                if len(prev_w) >= 2 and cur_w[: len(prev_w)] == prev_w and len(cur_w) > len(prev_w):
                    removals.append((emitted[-1], "caption_repetition", src))
                    lines = [" ".join(cur_w[len(prev_w) :]), *lines[1:]]
        for ln in lines:
            stream.append((ln, cue.number))
            emitted.append(ln)

    segments: list[Segment] = []
    cur_label: str | None = None
    buf: list[str] = []
    first = last = 0
    started = False

    def flush():
        nonlocal buf, started
        if started and (buf or cur_label):
            segments.append(Segment(cur_label, " ".join(buf).strip(), _span(name, "cues", first, last)))
        buf, started = [], False

    for line, num in stream:
        pieces = re.split(r"\s*>>+\s*", line)
        for j, piece in enumerate(pieces):
            new_speaker = j > 0
            voice = None
            vm = re.match(r"^\x00VOICE:(.*?)\x00\s*", piece)
            if vm:
                voice = vm.group(1).strip() or None
                piece = piece[vm.end() :]
            label, rest = split_generic_label(piece) if piece else (None, piece)
            if voice is not None and label is None:
                label = voice
            if label is not None or new_speaker:
                if not (label is not None and started and label == cur_label and not new_speaker):
                    flush()
                    cur_label = label
                    started = True
                    first = num
            if not started:
                started, first, cur_label = True, num, None
            if rest.strip():
                buf.append(rest.strip())
            last = num
    flush()
    return segments


def _split_voices(lines: list[str]) -> list[str]:
    """Mark ``<v Name>`` spans so a cue with two voices gives two labels."""
    out = []
    for line in lines:
        parts = _VOICE.split(line)
        if len(parts) == 1:
            out.append(line)
            continue
        if parts[0].strip():
            out.append(parts[0])
        for k in range(1, len(parts), 2):
            out.append(f"\x00VOICE:{(parts[k] or '').strip()}\x00 {parts[k + 1]}")
    return out


def _overlap(emitted: list[str], lines: list[str]) -> int:
    """The largest k with lines[:k] == emitted[-k:] (the rolling caption's repeated lines)."""
    for k in range(min(len(emitted), len(lines)), 0, -1):
        if emitted[-k:] == lines[:k]:
            return k
    return 0


# --------------------------------------------------------------------------- readers by form


def _read_captions(path: Path, text: str | None, parse_cues, what: str) -> ReadResult:
    """Caption files (WebVTT, SRT): check timings, parse cues, merge them into segments."""
    path = Path(path)
    text = read_text(path) if text is None else text
    _check_timings(text, path)
    removals: list[Removal] = []
    cues = parse_cues(text, path.name, removals)
    if not cues:
        raise InputError(f"no {what} cues found", path)
    return ReadResult(_caption_segments(cues, path.name, removals), removals)


def read_vtt(path: Path, text: str | None = None) -> ReadResult:
    return _read_captions(path, text, _vtt_cues, "caption")


def read_srt(path: Path, text: str | None = None) -> ReadResult:
    return _read_captions(path, text, _srt_cues, "subtitle")


_LEADING_TS = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?\s*[-–]?\s*")
_OTTER_LABEL = re.compile(r"^\s*(?P<label>[^\d:\n][^:\n]{0,60}?)\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")


def _text_lines(text: str, name: str, removals: list[Removal]) -> list[_Line]:
    lines = []
    for i, raw in enumerate(text.split("\n"), 1):
        line = raw.replace("\f", "")
        m = _LEADING_TS.match(line)
        if m and m.end() < len(line) and re.match(r"\s*[\[(]?\d", line):
            removals.append((m.group(0).strip(), "timestamp", f"{name}:line {i}"))
            line = line[m.end() :]
        om = _OTTER_LABEL.match(line)
        if om and looks_like_label(om.group("label")):
            removals.append((line.strip()[len(om.group("label")) :].strip(), "timestamp", f"{name}:line {i}"))
            line = om.group("label") + ":"
        lines.append(_Line(line, i))
    return lines


def read_plain(path: Path, text: str | None = None) -> ReadResult:
    """Plain text: UN verbatim style or ``Name: text`` transcripts."""
    path = Path(path)
    text = read_text(path) if text is None else text
    removals: list[Removal] = []
    text = _BOILERPLATE.sub(lambda m: _log_boilerplate(m, path.name, removals), text)
    lines = _text_furniture(_text_lines(text, path.name, removals), path.name, removals)
    joined = dehyphenate("\n".join(ln.text for ln in lines), f"{path.name}", removals)
    lines = _relines(joined, lines)
    segments, removals = _segments_from_lines(lines, path.name, "lines", removals=removals)
    return ReadResult(segments, removals)


def _log_boilerplate(m: re.Match, name: str, removals: list[Removal]) -> str:
    removals.append((_clip(m.group(0)), "page_furniture", name))
    return ""


def _relines(joined: str, lines: list[_Line]) -> list[_Line]:
    """Re-attach unit numbers after an edit that only joined or dropped lines."""
    return _realign([_Line(t, 0) for t in joined.split("\n")], lines)


def _realign(out: list[_Line], lines: list[_Line]) -> list[_Line]:
    """Give each edited line the units of the original lines it covers (by matching starts)."""
    if not lines:
        return out
    j = 0
    starts = []
    for ln in out:
        for k in range(j, min(j + 4, len(lines))):
            if _same_start(ln.text, lines[k].text):
                j = k
                break
        j = min(j, len(lines) - 1)
        starts.append(j)
        ln.unit = lines[j].unit
        j = min(j + 1, len(lines) - 1)
    for n, ln in enumerate(out):
        nxt = starts[n + 1] if n + 1 < len(out) else len(lines)
        last = lines[max(starts[n], nxt - 1)]
        ln.end = last.end if last.end is not None else last.unit
    return out


def _same_start(a: str, b: str) -> bool:
    return a[:20] == b[:20] or (not a.strip() and not b.strip())


def read_docx(path: Path) -> ReadResult:
    """Word minutes: bold speaker names opening a paragraph, or a bold name alone above the text."""
    import docx

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        raise InputError(f"not a readable Word .docx file ({type(exc).__name__})", path) from None
    name = path.name
    removals: list[Removal] = []
    lines: list[_Line] = []
    n = 0
    for block in document.iter_inner_content():
        n += 1
        if hasattr(block, "rows"):  # a table: speaker | text rows, or a grid logged as ignored
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
                if len(cells) == 2 and looks_like_label(cells[0].rstrip(":")) and len(cells[1].split()) > 2:
                    lines.append(_Line(cells[1], n, label=cells[0].rstrip(":").strip()))
                elif cells:
                    removals.append((_clip(" | ".join(cells)), "table", f"{name}:paragraph {n}"))
            continue
        para = block
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "") if para.style is not None else ""
        if style.lower().startswith(("heading", "title", "subtitle")):
            removals.append((_clip(text), "heading", f"{name}:paragraph {n}"))
            continue
        bold = ""
        for run in para.runs:
            if run.bold or (run.bold is None and para.style is not None and para.style.font.bold):
                bold += run.text
            elif not run.text.strip() and bold:
                bold += run.text
            else:
                break
        label = bold.strip().rstrip(":").strip()
        if label and looks_like_label(label) and text.startswith(bold.strip()):
            rest = text[len(bold.strip()) :].lstrip().lstrip(":").strip()
            lines.append(_Line(rest, n, label=label))
            continue
        lines.append(_Line(text, n))
    if not lines:
        raise InputError("no text in the Word document", path)
    segments, removals = _segments_from_lines(lines, name, "paragraphs", removals=removals)
    return ReadResult(segments, removals)


def _pdf_pages(path: Path) -> list[list[str]]:
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001
                raise InputError("encrypted PDF", path) from None
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a broken file
        raise InputError(f"not a readable PDF ({type(exc).__name__})", path) from None
    if not any(p.strip() for p in pages):
        raise InputError("PDF has no text layer (scanned?); run OCR first", path)
    from analysis.encoding import decode as _decode  # NFC + mojibake repair on the text layer

    return [_decode(p.encode("utf-8"), path).split("\n") if p.strip() else [] for p in pages]


def read_pdf(path: Path) -> ReadResult:
    """PDF text layer (UN verbatim records): furniture off, de-hyphenated, then speaker turns."""
    path = Path(path)
    name = path.name
    removals: list[Removal] = []
    pages = strip_page_furniture(_pdf_pages(path), name, removals)
    lines = [_Line(ln, p) for p, page in enumerate(pages, 1) for ln in page]
    text = "\n".join(ln.text for ln in lines)
    text = _BOILERPLATE.sub(
        lambda m: _log_boilerplate(m, name, removals) + "\n" * m.group(0).count("\n"), text
    )
    text = dehyphenate(text, name, removals)
    lines = _realign([_Line(t, 0) for t in text.split("\n")], lines)
    segments, removals = _segments_from_lines(lines, name, "pages", removals=removals)
    return ReadResult(segments, removals)


# --------------------------------------------------------------------------- single statements

_PARA_NUMBER = re.compile(r"^[ \t]*(\d{1,3})\.[ \t]+(?=\S)", re.MULTILINE)


def _single(path: Path, result_text: str, name: str, unit_span: str, removals: list[Removal]) -> ReadResult:
    def drop(m: re.Match) -> str:
        removals.append((m.group(0).strip(), "paragraph_number", name))
        return ""

    text = _PARA_NUMBER.sub(drop, result_text).strip()
    if not text:
        raise InputError("no text in the statement", path)
    return ReadResult([Segment(None, text, unit_span)], removals)


def read_single(path: Path) -> ReadResult:
    """A whole file as one statement of one delegation (manifest ``country``): no labels parsed."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    removals: list[Removal] = []
    if suffix in (".txt", ".md", ".text", ""):
        text = read_text(path)
        text = dehyphenate(text, name, removals)
        n = text.count("\n") + 1
        return _single(path, text, name, _span(name, "lines", 1, n), removals)
    result = read_transcript(path)
    if not result.segments:
        raise InputError("no text in the statement", path)
    text = "\n".join(s.text for s in result.segments)
    removals = list(result.removals)
    for s in result.segments:
        removals.extend(s.removals)
        if s.label:
            removals.append((s.label, "speaker_label", s.source))
    units = [s.source for s in result.segments]
    span = units[0] if len(units) == 1 else f"{name}:{_span_tail(units)}"
    return _single(path, text, name, span, removals)


def _span_tail(units: list[str]) -> str:
    first = units[0].split(":", 1)[1]
    last = units[-1].split(":", 1)[1]
    unit = first.split()[0]
    a = first.split()[-1].split("-")[0]
    b = last.split()[-1].split("-")[-1]
    unit = unit if unit.endswith("s") else unit + "s"
    return f"{unit} {a}-{b}"


def sniff(path: Path) -> str:
    """The form of a transcript: vtt, srt, docx, pdf or text (by extension, then by content)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".vtt", ".webvtt"):
        return "vtt"
    if suffix == ".srt":
        return "srt"
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    try:
        head = Path(path).read_bytes()[:2048]
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from None
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    sample = head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip()
    if sample.startswith("WEBVTT"):
        return "vtt"
    if re.match(r"\d+\s*\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s*-->", sample):
        return "srt"
    return "text"


def read_transcript(path: str | Path, single_statement: bool = False) -> ReadResult:
    """Read any supported transcript into segments (see the module docstring)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path)
    if not path.is_file():
        raise InputError("is not a file", path)
    if single_statement:
        return read_single(path)
    form = sniff(path)
    if form == "vtt":
        return read_vtt(path)
    if form == "srt":
        return read_srt(path)
    if form == "docx":
        return read_docx(path)
    if form == "pdf":
        return read_pdf(path)
    return read_plain(path)


__all__ = [
    "Segment",
    "ReadResult",
    "read_transcript",
    "read_vtt",
    "read_srt",
    "read_plain",
    "read_docx",
    "read_pdf",
    "read_single",
    "sniff",
    "looks_like_label",
    "split_generic_label",
    "dehyphenate",
    "decode",
    "VERBATIM_LABEL",
    "DOC_SYMBOL",
    "JOB_NUMBER",
    "is_furniture_line",
]
