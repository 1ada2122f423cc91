"""Codings made or corrected in a QDA suite, read back onto the project's sentences.

A `.qdpx` (ours, after a team worked on it in NVivo, ATLAS.ti, MAXQDA or QualCoder)
gives, per session, text selections and the codes attached to them. Each selection
codes every sentence it overlaps, even in part; its codes map to themes by GUID (the
export's codes keep theirs) or by name (label, short label or theme id). What cannot be
mapped is reported, never dropped silently: codes not in the codebook, selections over
no sentence, sources that are not sessions of the project, whose text the file does not hold
(one outside it is never read) or of which not half of the project's transcript is found,
codings of a whole document; and, first, how the project file departs from the REFI-QDA
schema, if it does (`schema`: it is read as far as it goes). A text
edited in the suite is aligned to the project's (`realign`), and its selections read through
that alignment. Notes and comments written in the suite on selections go to a `note` column;
the others are counted.

Positions are read as the suite counted them (`positions`: the standard's code points, or
NVivo's UTF-16 units, a CRLF as one character or two), end exclusive.
"""

from __future__ import annotations

import bisect
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import numpy as np
import pandas as pd
from lxml import etree

from analysis.archives import check_unpacked_size
from analysis.errors import InputError, require_file
from analysis.exchange import positions, qdc, schema
from analysis.exchange.positions import Counting
from analysis.exchange.problems import Problems
from analysis.exchange.qdpx import (
    MATCHED_WORDS,
    evidence_text,
    note_guid,
    selection_guid,
    source_description,
)
from analysis.exchange.realign import Alignment, align
from analysis.exchange.sources import SessionText, layout, sentence_spans
from analysis.progress import progress
from analysis.report.formats import first_few

COLUMNS = ["id", "text", "themes", "coded_by", "note"]


class Imported(NamedTuple):
    # coded: id (sentence_id), text, themes (`;`-joined in codebook order, `none`), coded_by, note
    coded: pd.DataFrame
    warnings: list[str]


def _local(el) -> str:
    return etree.QName(el).localname


def _children(el, name: str) -> list:
    return list(el.iterchildren(f"{{*}}{name}"))


def _norm_guid(value) -> str:
    return str(value or "").strip().strip("{}").lower()


def _norm_name(value) -> str:
    return " ".join(str(value or "").split()).casefold()


# What to do with a file that is no REFI-QDA project: the slips are a codebook (.qdc) for the project, a zip
# of some of its files, an export cut short.
_EXPORT_PROJECT = "export the coded project from the suite as a REFI-QDA project (.qdpx)"


def check_project_file(path: Path) -> None:
    """A `.qdpx` must exist and be a zip (checked before any table is read, so the error names it)."""
    require_file(path)
    if not zipfile.is_zipfile(path):
        raise InputError(f"not a .qdpx project (not a zip file): {_EXPORT_PROJECT}", path)


# A text held inside the project file, and its end tag (any prefix); not an empty one written as one tag
# (`<PlainTextContent />`), which holds no text and has no end tag
_INLINE_TEXT = re.compile(
    rb"(<(?:[\w.-]+:)?PlainTextContent(?:\s[^>]*)?(?<!/)>)(.*?)(</(?:[\w.-]+:)?PlainTextContent\s*>)", re.S
)
# inside such a text: a CDATA section (where `&#13;` would be read as written), or a CR
_CDATA_OR_CR = re.compile(rb"<!\[CDATA\[.*?\]\]>|\r", re.S)


def _keep_line_ends(data: bytes) -> bytes:
    """The project file with each CR inside a text it holds written `&#13;` (a CDATA section closed and
    opened again around it): an XML parser reads a CRLF
    as one LF (XML 1.0, 2.11), but a suite that wrote the file on Windows counted the CRLFs of the text
    in its positions (`positions`), which would drift a character a line."""
    if b"\r" not in data:
        return data
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    try:
        raw = data.decode("utf-16").encode("utf-8") if utf16 else data
    except UnicodeError:  # the parser says what is wrong with it
        return data

    def kept_cr(m: re.Match) -> bytes:  # a CDATA section is closed around each of its CRs
        return b"&#13;" if m.group(0) == b"\r" else m.group(0).replace(b"\r", b"]]>&#13;<![CDATA[")

    def keep(m: re.Match) -> bytes:
        return m.group(1) + _CDATA_OR_CR.sub(kept_cr, m.group(2)) + m.group(3)

    kept = _INLINE_TEXT.sub(keep, raw)
    return kept.decode("utf-8").encode("utf-16") if utf16 else kept


def read_project(path: Path) -> tuple[etree._Element, zipfile.ZipFile]:
    """The parsed `.qde` of a `.qdpx` and the open zip (for its sources)."""
    check_project_file(path)
    zf = zipfile.ZipFile(path)
    check_unpacked_size(zf, path, "Export the project again from the suite.")
    names = zf.namelist()
    top = sorted(n for n in names if "/" not in n.strip("/") and n.lower().endswith(".qde"))
    # the standard names it project.qde (REFI-QDA 1.5, section 8.1); another top-level .qde only if alone
    named = [n for n in top if n.lower() == "project.qde"]
    qde = named[0] if named else top[0] if len(top) == 1 else None
    if qde is None:
        nested = sorted(n for n in names if n.lower().endswith(".qde"))
        if top:
            why = f"several .qde files ({', '.join(top)}) and none named project.qde"
        elif nested:
            why = f"no project.qde at the top of the zip, only {nested[0]} (zip a folder's contents, not it)"
        else:
            why = f"no project.qde inside: not a REFI-QDA project; {_EXPORT_PROJECT}"
        raise InputError(why, path)
    try:
        root = etree.fromstring(  # base_url: the member's name, for `schema.problems`
            _keep_line_ends(read_member(zf, qde, path)),
            etree.XMLParser(resolve_entities=False, huge_tree=True),
            base_url=qde,
        )
    except etree.XMLSyntaxError as exc:
        # the line is the .qde's, not the .qdpx's (a zip has none): said in the message, not as path:line
        where = f" at line {exc.lineno}" if exc.lineno else ""
        why = f"{qde} is not well-formed XML{where} ({exc.msg}): {_EXPORT_PROJECT}"
        raise InputError(why, path) from None
    if _local(root) != "Project":
        raise InputError(f"{qde} has root <{_local(root)}>, expected <Project>: {_EXPORT_PROJECT}", path)
    # an entity is left unread (`schema.problems` says so), not the words after it in its element
    etree.strip_elements(root, etree.Entity, with_tail=False)
    return root, zf


def read_member(zf: zipfile.ZipFile, member: str, path: Path | None = None) -> bytes:
    """A member's bytes; a damaged or encrypted one is an input error that names it, not a traceback."""
    try:
        return zf.read(member)
    except RuntimeError as exc:  # zipfile's word for a password-protected member
        raise InputError(f"{member} is encrypted: export the project again without a password", path) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(f"{member} is damaged ({exc}): export the project again", path) from None


_THEME_ID = re.compile(r"Theme id: (\w+)")


def code_map(root, codebook) -> tuple[dict[str, str], dict[str, str]]:
    """Code GUID -> theme id for the codes that are themes; code GUID -> name for the others.

    A code is a theme by its GUID (the export's codes keep theirs), its name, or, renamed in a
    suite that renews GUIDs (QualCoder), the theme id its description still states (`qdc.description`)."""
    by_guid = {qdc.code_guid(t.id): t.id for t in codebook.themes}
    by_name = {}
    for t in codebook.themes:
        for key in (t.label, t.short_label, t.id):
            by_name.setdefault(_norm_name(key), t.id)
    case_guids = {_norm_guid(c.get("guid")) for c in root.iter("{*}Case")}
    known = set(codebook.ids())
    themes, others = {}, {}
    for code in root.iter("{*}Code"):
        g = _norm_guid(code.get("guid"))
        if g in case_guids:  # NVivo writes case assignments as codes with the case's GUID
            continue
        stated = _THEME_ID.search(_description(code))
        theme = (
            by_guid.get(g)
            or by_name.get(_norm_name(code.get("name")))
            or (stated.group(1) if stated and stated.group(1) in known else None)
        )
        if theme:
            themes[g] = theme
        else:
            others[g] = code.get("name") or g
    return themes, others


def internal_files(zf: zipfile.ZipFile) -> dict[str, str]:
    """File name (case folded) -> zip member, for the files in `Sources/` (or `sources/`)."""
    members = {}
    for member in zf.namelist():
        parts = PurePosixPath(member).parts
        if len(parts) == 2 and parts[0].casefold() == "sources":
            members[parts[1].casefold()] = member
    return members


def source_text(zf: zipfile.ZipFile, files: dict[str, str], source) -> str | None:
    """The plain text of a TextSource: inline, or the internal file its plainTextPath names."""
    inline = _children(source, "PlainTextContent")
    if inline:
        return inline[0].text or ""
    ref = source.get("plainTextPath") or ""
    if not ref.startswith("internal://"):
        return None
    member = files.get(PurePosixPath(ref[len("internal://") :].lstrip("/")).name.casefold())
    return (
        None
        if member is None
        else read_member(zf, member, Path(zf.filename or "")).decode("utf-8-sig", errors="replace")
    )


def why_no_text(source) -> str:
    """Why `source_text` gives no text for a source: only what the `.qdpx` holds is read, never a file
    its path names elsewhere (`file://`, or `relative://` to a folder of the suite's machine): a project
    file must not make the import read other files of this one."""
    ref = source.get("plainTextPath") or ""
    if not ref:
        return "the file gives no text for it (no plainTextPath, no PlainTextContent)"
    if ref.startswith("internal://"):
        return f"its text file {ref!r} is not in the project file"
    return f"its text is not in the project file but at {ref!r}, outside it: not read, for safety"


class Reading(NamedTuple):
    """How a source's stored positions are read onto the project's text."""

    to_lf: np.ndarray  # stored position -> position in the stored text with LF line endings
    alignment: Alignment | None  # that text -> the project's, when the suite edited the text

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The stretches of the project's text that the selection [start, end) holds (none when
        all of it was typed in the suite)."""
        a, b = int(self.to_lf[start]), int(self.to_lf[end])
        return [(a, b)] if self.alignment is None else self.alignment.pieces(a, b)


def read_positions(stored: str, own: str, counting: Counting) -> tuple[Reading | None, str]:
    """How to read positions counted as `counting` in the stored text as positions in the project's
    text; None and a note for a text of which less than half is found (another text).

    The same text: as they are. A text edited in the suite: aligned to the project's (`realign`).
    """
    to_lf = positions.to_lf(stored, counting)
    # a CR alone (classic Mac OS line ends) is one character, as the LF it stands for: positions hold
    lf = stored.replace("\r\n", "\n").replace("\r", "\n")
    if lf == own:
        return Reading(to_lf, None), ""
    alignment = align(lf, own)
    if 2 * alignment.shared < len(own):
        return None, (
            "its text no longer matches the project's transcript "
            f"(only {alignment.shared} of its {len(own)} characters found)"
        )
    return Reading(to_lf, alignment), ""


def _sentence_index(spans: pd.DataFrame) -> dict[str, tuple[list[int], list[int], list[str]]]:
    index = {}
    for sid, part in spans.groupby("session_id", sort=False):
        index[sid] = (part["src_start"].tolist(), part["src_end"].tolist(), part["sentence_id"].tolist())
    return index


def overlapping(index, text: str, start: int, end: int) -> range:
    """Positions (in the session's sentence index) of the sentences a selection [start, end) covers
    at least in part (its blank edges trimmed).

    A selection of no width codes the sentence it lies in; one of blanks only codes none.
    """
    starts, ends, _ = index
    if start == end:
        i = bisect.bisect_right(starts, start) - 1
        return range(i, i + 1) if i >= 0 and starts[i] <= start < ends[i] else range(0)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # sentences of a session do not overlap, so their ends are sorted as their starts are
    return (
        range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)) if start < end else range(0)
    )


def _match_sessions(root, texts: dict[str, SessionText], stored=None) -> tuple[list[tuple], list[str]]:
    """Each TextSource's session: by name, by GUID, by name without the extension a suite added
    ("DD-AFR-2024.txt": QualCoder 3.0 and 3.1 name sources so and give them new GUIDs), else by its
    stored text (`stored(source)`), which is the session's own where no other session has the same text.
    Two sources read as one session are said to be."""
    by_guid = {_norm_guid(t.guid): sid for sid, t in texts.items()}
    same: dict[str, list[str]] = {}
    for sid, t in texts.items():
        same.setdefault(_plain(t.text), []).append(sid)
    # a text two sessions share names neither of them
    by_text = {text: sids[0] for text, sids in same.items() if len(sids) == 1}
    matched, warnings = [], []
    problems = Problems(NOT_A_SESSION, NOT_A_TEXT)
    for src in root.iter("{*}TextSource"):
        if _local(src.getparent()) != "Sources":
            continue
        name, g = src.get("name") or "", _norm_guid(src.get("guid"))
        sid = name if name in texts else by_guid.get(g)
        if sid is None and PurePosixPath(name).stem in texts:
            sid = PurePosixPath(name).stem
        if sid is None and stored is not None:
            text = stored(src)
            sid = by_text.get(_plain(text)) if text is not None else None
        n_sel = len(_children(src, "PlainTextSelection"))
        if sid is None:
            problems.add(NOT_A_SESSION, f"{name or g!r} ({n_sel} selection(s))")
        else:
            matched.append((sid, src))
    taken: dict[str, int] = {}
    for sid, _ in matched:
        taken[sid] = taken.get(sid, 0) + 1
    for sid, n in sorted(taken.items()):
        if n > 1:
            warnings.append(f"{n} sources of the file are session {sid}: their codings are read together")
    for kind in ("PDFSource", "PictureSource", "AudioSource", "VideoSource"):
        for src in root.iter(f"{{*}}{kind}"):
            problems.add(NOT_A_TEXT, f"{src.get('name') or src.get('guid')!r} ({kind})")
    return matched, problems.warnings() + warnings


NOT_A_SESSION = (
    "{n} source(s) of the file are not sessions of this project, their selections not imported: {examples}"
)
NOT_A_TEXT = "{n} source(s) are not texts (PDF, picture, audio, video), not imported: {examples}"


def _plain(text: str) -> str:
    """A text as two copies of it share: a BOM, CRLF line ends and trailing space do not matter."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()


class _Source(NamedTuple):
    """A session's source as the suite stored it."""

    sid: str
    element: etree._Element
    stored: str | None  # its text; None when the file does not hold it (`why_no_text`)
    selections: list[etree._Element]
    spans: list[positions.Span]  # each selection's (start, end) as the suite counted them


def _load_sources(zf, files, matched: list[tuple]) -> list[_Source]:
    out = []
    for sid, src in matched:
        selections = _children(src, "PlainTextSelection")
        spans = [(_int(s.get("startPosition")), _int(s.get("endPosition"))) for s in selections]
        out.append(_Source(sid, src, source_text(zf, files, src), selections, spans))
    return out


def _source_codings(
    source: _Source,
    counting: Counting,
    own: str,
    index,
    notes: _Notes,
    warnings: list[str],
    problems: Problems,
    left_out: set[str],
) -> list | None:
    """(sentences covered, [(code GUID, user GUID)], [note text]) per coded or annotated selection
    of a source; None if unreadable. The sentences of which the suite deleted more than half go
    to `left_out`: the sheet does not speak for them. What a selection's codes cannot be read onto
    (or only in part) goes to `problems`: the same trouble is often at every selection."""
    sid, src, stored, selections = source.sid, source.element, source.stored, source.selections
    if _children(src, "Coding"):
        problems.add(WHOLE_DOCUMENT, sid)
    if stored is None:
        warnings.append(
            f"source {sid}: {why_no_text(src)}: its {len(selections)} selection(s) not imported; "
            "export the project from the suite again with its texts inside"
        )
        return None
    unreadable = stored.count("\ufffd") - own.count("\ufffd")  # `source_text` reads bad bytes so
    if unreadable > 0:
        warnings.append(
            f"source {sid}: its text is not UTF-8, as the standard requires: "
            f"{unreadable} character(s) could not be read"
        )
    reading, note = read_positions(stored, own, counting)
    if reading is None:
        warnings.append(f"source {sid}: {note}: {len(selections)} selection(s) not imported")
        return None
    sentences = index.get(sid, ([], [], []))
    out, placed, lost = [], 0, []
    anchored = [(None, a, b, [], [n]) for n in notes.anchored(src) for a, b in notes.anchors[n[0]]]
    items = [
        (sel, a, b, _code_refs(sel), notes.of_selection(sel))
        for sel, (a, b) in zip(selections, source.spans, strict=True)
    ]
    for sel, a, b, refs, said in items + anchored:
        if not refs and not said:
            continue  # an uncoded selection (e.g. a delegation's turn, linked to its case)
        where = "an annotation" if sel is None else repr(sel.get("name") or sel.get("guid"))
        if a is not None and b is not None and a > b:
            if refs:
                problems.add(REVERSED, f"{where} in {sid}: {a}-{b}")
            continue
        if a is None or b is None:  # the schema requires both, as whole numbers
            if refs:
                given = "" if sel is None else f" ({sel.get('startPosition')!r}, {sel.get('endPosition')!r})"
                problems.add(NO_NUMBER, f"{where} in {sid}{given}")
            continue
        if not 0 <= a <= b < len(reading.to_lf):
            if refs:
                problems.add(OUTSIDE, f"{where} at {a}-{b} in {sid} (text 0-{len(reading.to_lf) - 1})")
            continue
        pieces = reading.pieces(a, b)
        if not pieces:  # all of it typed in the suite: nothing of the project's text is under it
            if refs:
                lost.append(f"{a}-{b}")
            continue
        at = sorted({i for p, q in pieces for i in overlapping(sentences, own, p, q)})
        covered = [sentences[2][i] for i in at]
        if refs and reading.alignment is not None:
            placed += 1
        p, q = pieces[0][0], pieces[-1][1]
        if refs and not covered:
            problems.add(NO_SENTENCE, f"{sid} at {p}-{q} ({own[p:q][:40]!r})")
        if refs:
            for sentence_id, part, whole in _touched(sentences, at, pieces):
                problems.add(
                    PARTIAL, f"{sentence_id} ({part} of its {whole} characters, by the selection at {p}-{q})"
                )
        if covered and said:
            notes.carried.update(key for key, _ in said)
        out.append((covered, refs, [text for _, text in said] if covered else []))
    if reading.alignment is not None:
        al = reading.alignment
        message = (
            f"source {sid}: its text was edited in the suite ({al.added} character(s) added, "
            f"{al.removed} removed): {placed} of {placed + len(lost)} coded selection(s) re-aligned "
            "to the project's transcript"
        )
        if lost:
            shown = first_few(lost)
            message += (
                f"; {len(lost)} not imported, all their text changed in the suite (at {shown} of its text)"
            )
        starts, ends, ids = sentences
        gone = [i for s, e, i in zip(starts, ends, ids, strict=True) if 2 * al.kept(s, e) < e - s]
        if gone:
            shown = first_few(gone)
            message += f"; {len(gone)} sentence(s) deleted in the suite left out of the sheet ({shown})"
            left_out.update(gone)
        warnings.append(message)
    return out


NO_NUMBER = (
    "{n} coded selection(s) have a missing or non-integer start or end position, not imported: {examples}"
)
REVERSED = "{n} coded selection(s) end before they start, not imported: {examples}"
OUTSIDE = (
    "{n} coded selection(s) lie outside the text of their session, not imported: {examples}; "
    "check that the file holds the texts the suite coded (export it from the suite again)"
)
NO_SENTENCE = (
    "{n} coded selection(s) cover no sentence (a speaker's label, the space between turns), not imported: "
    "{examples}"
)
PARTIAL = (
    "{n} sentence(s) coded by a selection that takes less than half of them: {examples} (a selection codes "
    "every sentence it touches: its edge may have slipped into the next one; check these in the suite)"
)
WHOLE_DOCUMENT = (
    "{n} session(s) coded as a whole document, not at selections: those codes are not mapped to sentences "
    "({examples})"
)
# the order of the warnings: what could not be read at all first
SELECTION_PROBLEMS = (WHOLE_DOCUMENT, NO_NUMBER, REVERSED, OUTSIDE, NO_SENTENCE, PARTIAL)


def _touched(index, at: list[int], pieces: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(sentence, characters selected, its length) per covered sentence (positions `at`) a
    selection of some width (its `pieces` of the project's text) takes less than half of: most
    often its edge slipped into a neighbour."""
    if all(p == q for p, q in pieces):
        return []
    starts, ends, ids = index
    out = []
    for i in at:
        part = sum(max(0, min(q, ends[i]) - max(p, starts[i])) for p, q in pieces)
        whole = ends[i] - starts[i]
        if 2 * part < whole:
            out.append((ids[i], part, whole))
    return out


def _description(el) -> str:
    """An element's description, blanks collapsed."""
    return " ".join("".join(d.text or "" for d in _children(el, "Description")).split())


def _note_refs(sel) -> list[str]:
    """The GUIDs of the notes a selection and its codings refer to, in order."""
    return [
        _norm_guid(r.get("targetGUID"))
        for el in (sel, *_children(sel, "Coding"))
        for r in _children(el, "NoteRef")
    ]


def _export_pair(desc: str, words: str) -> tuple[bool, bool]:
    """Whether a coded sentence's selection description and its note of matched words (`words`)
    are still the export's, which wrote them together (`Matched words: <words>` and `<words>`):
    the two agree when neither was edited. A description that does not begin as the export's
    replaced it, one that goes on after the words extended it: it is the suite's, the note the
    export's. When they disagree otherwise, which was edited is unknown: both are taken as the
    suite's (the export's words may show beside the edit, but nothing a person wrote is lost)."""
    if not desc.startswith(MATCHED_WORDS):
        return False, True
    said = desc[len(MATCHED_WORDS) :]
    if said == words:
        return True, True
    return False, said.startswith(words)


class _Notes:
    """The notes made in the suite and where each hangs.

    The export's own notes (the matched words of a coded sentence, as a note and as its
    selection's description) are recognised exactly: a note by the GUID the export gives it
    (`qdpx.note_guid`), or, in a suite that renumbered the GUIDs, as the note of a selection
    whose description is `Matched words: ` and the note's text, as the export writes them;
    a description as that text. A suite that renews every GUID and drops the notes (QualCoder
    keeps a description as the coding's memo and writes it back on a new selection per coding)
    leaves only the text: a note or description that is, word for word, the matched words the
    export wrote for some sentence (`export_words`) is the export's too. Anything else is the
    suite's, whatever it begins with.

    A note reaches the sheet when it hangs on a selection (its description, a note it or one of
    its codings refers to) or is an annotation anchored in a session's text (a note with its own
    selection, referred to by the source): it goes to every sentence that selection covers. The
    others (on the project, a session as a whole, codes, cases, sets; memos linked to no session or selection;
    on selections that could not be placed) are counted in one warning.
    """

    def __init__(self, root, zf, files, export_notes: set[str], export_words: set[str]):
        self.all: dict[str, str] = {}  # every note with a text, the export's too
        self.anchors: dict[str, list[tuple[int | None, int | None]]] = {}
        for note in root.iter("{*}Note"):
            g, text = _norm_guid(note.get("guid")), _note_text(zf, files, note)
            if text:
                self.all[g] = text
                self.anchors[g] = [
                    (_int(s.get("startPosition")), _int(s.get("endPosition")))
                    for s in _children(note, "PlainTextSelection")
                ]
        self.export_notes = export_notes
        self.export_words = export_words
        ours = {g for g, text in self.all.items() if g in export_notes or text in export_words}
        for src in root.iter("{*}TextSource"):
            for sel in _children(src, "PlainTextSelection"):
                words_note, _, note_ours = self._pair(sel)
                if words_note is not None:
                    (ours.add if note_ours else ours.discard)(words_note)
        self.text = {g: t for g, t in self.all.items() if g not in ours}  # the suite's notes
        self.refs: dict[str, list[str]] = {}
        for ref in root.iter("{*}NoteRef"):
            self.refs.setdefault(_norm_guid(ref.get("targetGUID")), []).append(_local(ref.getparent()))
        self.carried: set[str] = set()
        self.descriptions: set[str] = set()  # the suite's descriptions of selections, by key
        self.other: dict[str, int] = {}  # where -> other descriptions made in the suite (not carried)

    def _pair(self, sel) -> tuple[str | None, bool, bool]:
        """A selection's note of matched words (its GUID, None when the file has none), whether
        its description is the export's and whether that note is (`_export_pair`).

        The note is found by the GUID the export gives it; in a suite that renumbered the GUIDs,
        as a note the selection refers to whose text its description repeats exactly. Without
        one (a suite that drops notes), a description is the export's when it begins as the
        export's on a selection that has the export's GUID."""
        desc, refs = _description(sel), _note_refs(sel)
        own = note_guid(_norm_guid(sel.get("guid")))
        # a note the file lists without text, or not at all, is no note (the export's or the suite's)
        words_note = (
            own
            if own in self.all
            else next((g for g in refs if g in self.export_notes and g in self.all), None)
        )
        if words_note is None and desc.startswith(MATCHED_WORDS):
            said = desc[len(MATCHED_WORDS) :]
            words_note = next((g for g in refs if self.all.get(g) == said), None)
        if words_note is None:
            return None, own in self.export_notes and desc.startswith(MATCHED_WORDS), False
        return words_note, *_export_pair(desc, self.all[words_note])

    def of_selection(self, sel) -> list[tuple[str, str]]:
        """(key, text) of the suite's notes on a selection: its description, the notes it and its
        codings refer to."""
        out = []
        desc = _description(sel)
        if desc and not self._pair(sel)[1] and desc.removeprefix(MATCHED_WORDS) not in self.export_words:
            key = f"description:{_norm_guid(sel.get('guid'))}"
            self.descriptions.add(key)
            out.append((key, desc))
        for g in _note_refs(sel):
            if g in self.text and all(g != k for k, _ in out):
                out.append((g, self.text[g]))
        return out

    def anchored(self, src) -> list[tuple[str, str]]:
        """(key, text) of the annotations a source refers to that are anchored in its text."""
        keys = [_norm_guid(r.get("targetGUID")) for r in _children(src, "NoteRef")]
        return [(g, self.text[g]) for g in dict.fromkeys(keys) if self.anchors.get(g)]

    def count_not_imported(self, where: str) -> None:
        """Count one more note written in the suite that is not imported (a memo as a session's
        description), under `where`."""
        self.other[where] = self.other.get(where, 0) + 1

    def summary(self) -> str | None:
        """One warning: how many notes and descriptions made in the suite were not imported, and where."""
        where: dict[str, int] = {}
        for g in self.text:
            if g in self.carried:
                continue
            kinds = self.refs.get(g) or ["nothing"]
            kind = _WHERE.get(kinds[0], f"{kinds[0]} elements")
            where[kind] = where.get(kind, 0) + 1
        lost_descriptions = len(self.descriptions - self.carried)
        if lost_descriptions:
            key = _WHERE["PlainTextSelection"]
            where[key] = where.get(key, 0) + lost_descriptions
        for k, n in self.other.items():
            where[k] = where.get(k, 0) + n
        if not where:
            return None
        parts = ", ".join(f"{n} {k}" for k, n in sorted(where.items(), key=lambda kv: (-kv[1], kv[0])))
        return (
            f"{sum(where.values())} note(s) or comment(s) made in the suite not imported ({parts}); "
            "only those on selections of sentences go to the note column"
        )


_WHERE = {
    "PlainTextSelection": "on selections that cover no sentence of an imported session",
    "Coding": "on selections that cover no sentence of an imported session",
    "TextSource": "on a session as a whole",
    "Project": "on the project",
    "Code": "on codes",
    "Case": "on cases",
    "Set": "on sets",
    "Link": "on links",
    "nothing": "linked to no session or selection (memos, journals, unplaced annotations)",
}


def _export_notes(texts: dict[str, SessionText], spans: pd.DataFrame) -> set[str]:
    """The GUIDs the export gives the notes of matched words of the project's sentences."""
    return {
        note_guid(selection_guid(texts[s], a, b))
        for s, a, b in zip(spans["session_id"], spans["src_start"], spans["src_end"], strict=True)
    }


def _note_text(zf, files, note) -> str:
    """A note's text, blanks collapsed: inline, else its internal file, else its description."""
    text = source_text(zf, files, note)
    if not text:
        desc = _children(note, "Description")
        text = desc[0].text if desc and desc[0].text else ""
    return " ".join(text.split())


def import_coding(
    qdpx_path: str | Path,
    turns: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook,
    evidence: pd.DataFrame | None = None,
) -> Imported:
    """The project's sentences with the themes a `.qdpx` codes them with, and what could not be mapped.

    Only the sessions read from the file are listed (their uncoded sentences as `none`). With
    the evidence the export was made from, its notes of matched words are known by their text
    too (`_Notes`).
    """
    codebook = codebook if codebook is not None else qdc.load_codebook()
    root, zf = read_project(Path(qdpx_path))
    lay = layout(turns)
    texts = lay.texts
    spans = sentence_spans(lay, sentences)
    index = _sentence_index(spans)
    themes_of, others = code_map(root, codebook)
    files = internal_files(zf)
    matched, warnings = _match_sessions(root, texts, lambda src: source_text(zf, files, src))
    off_schema = schema.problems(root, root.getroottree().docinfo.URL or "project.qde")
    warnings[:0] = [off_schema] if off_schema else []
    found: dict[str, set[str]] = {}
    by: dict[str, set[str]] = {}
    said: dict[str, dict[str, None]] = {}
    users = _users(root)
    defined = {_norm_guid(c.get("guid")) for c in root.iter("{*}Code")}
    unknown: dict[tuple[str, bool], list[str]] = {}
    read: set[str] = set()
    left_out: set[str] = set()  # sentences deleted in the suite
    with zf:
        words = {" ".join(w.split()) for w in evidence_text(evidence, codebook).values()}
        notes = _Notes(root, zf, files, _export_notes(texts, spans), words)
        sources = _load_sources(zf, files, matched)
        counting, note = positions.choose(
            [(s.stored, s.spans) for s in sources if s.stored is not None], root.get("origin") or ""
        )
        if note:
            warnings.append(note)
        problems = Problems(*SELECTION_PROBLEMS)
        for source in progress(sources, desc="import-coding", unit="session"):
            sid = source.sid
            desc = _description(source.element)
            if desc and desc != " ".join(source_description(texts[sid]).split()):
                notes.count_not_imported(_WHERE["TextSource"])
            codings = _source_codings(
                source, counting, texts[sid].text, index, notes, warnings, problems, left_out
            )
            if codings is None:
                continue
            read.add(sid)
            for covered, refs, notes_on in codings:
                for sentence_id in covered:
                    said.setdefault(sentence_id, {}).update(dict.fromkeys(notes_on))
                for (g, user), sentence_id in ((r, s) for r in refs for s in covered):
                    if g in themes_of:
                        found.setdefault(sentence_id, set()).add(themes_of[g])
                        by.setdefault(sentence_id, set()).add(users.get(user, user) or "unknown")
                    else:
                        # keyed by name; a GUID no code of the file has, by that GUID
                        key = (others[g], True) if g in others else (g, g in defined)
                        unknown.setdefault(key, []).append(sentence_id)
    warnings.extend(problems.warnings())
    for (name, is_defined), ids in sorted(unknown.items()):
        ids = list(dict.fromkeys(ids))
        warnings.append(
            f"{_unknown_code(name, is_defined, codebook.version)}: on {len(ids)} sentence(s) "
            f"({first_few(ids)}), not imported"
        )
    absent = sorted(set(texts) - {sid for sid, _ in matched})
    if absent:
        warnings.append(f"session(s) not in the project file: {', '.join(absent)}")
    ignored = notes.summary()
    if ignored:
        warnings.append(ignored)
    if not read:  # a file that gives nothing is an error, not a TSV with a header alone
        raise InputError(f"nothing could be imported: {_why_nothing(root, matched, warnings)}", qdpx_path)
    notes_of = {sid: " | ".join(texts) for sid, texts in said.items() if texts}
    rows = spans["session_id"].isin(read) & ~spans["sentence_id"].isin(left_out)
    coded = _table(spans[rows], found, by, notes_of, codebook.ids())
    return Imported(coded, warnings)


def _unknown_code(name: str, defined: bool, version: str) -> str:
    """What is wrong with a code of the file's codings that is no theme: `name` is the code's name, or
    the GUID a coding refers to when no code of the file has it (`defined` false: a code deleted in the
    suite whose codings it kept)."""
    if not name:
        return "a coding names no code"
    if defined:
        return f"code {name!r} is not in codebook {version}"
    return (
        f"codings refer to a code the file does not define (GUID {name}, none of its codes has it; "
        "a code deleted in the suite?)"
    )


def _why_nothing(root, matched: list[tuple], warnings: list[str]) -> str:
    """Why no session could be read: none is the project's (named), or what kept the first out."""
    for sid, _ in matched:
        said = [w for w in warnings if w.startswith(f"source {sid}: ")]
        if said:
            return said[0]
    names = [s.get("name") or s.get("guid") or "?" for s in root.iter("{*}TextSource")]
    if not names:
        return "it holds no text source"
    return f"none of its {len(names)} text source(s) ({first_few(names)}) is a session of this project"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _code_refs(el) -> list[tuple[str, str]]:
    """(code GUID, the GUID of the user who made the coding, else of who last changed it) per code
    reference; "" (unknown) where the file says neither: the selection's maker may not be the coding's
    (the export's selections are the automatic coder's, a reviewer's coding added on them is not)."""
    codings = _children(el, "Coding")
    return [
        (_norm_guid(r.get("targetGUID")), _norm_guid(c.get("creatingUser") or c.get("modifyingUser") or ""))
        for c in codings
        for r in _children(c, "CodeRef")
    ]


def _users(root) -> dict[str, str]:
    """User GUID -> name, as the project lists its users."""
    return {_norm_guid(u.get("guid")): u.get("name") or u.get("guid") for u in root.iter("{*}User")}


def _table(
    spans: pd.DataFrame,
    found: dict[str, set[str]],
    by: dict[str, set[str]],
    notes: dict[str, str],
    order: list[str],
) -> pd.DataFrame:
    """One row per sentence; `coded_by`: who made the codings behind its themes (sorted, `;`-joined),
    so a team can keep the sentences its coders reviewed and leave the export's automatic codes;
    `note`: the notes and comments made in the suite on selections over it (` | `-joined)."""
    ordered = spans.sort_values(["session_id", "turn", "start"], kind="stable")
    ids = ordered["sentence_id"].tolist()
    return pd.DataFrame(
        {
            "id": ordered["sentence_id"].astype(str).tolist(),
            "text": ordered["text"].astype(str).tolist(),
            "themes": [";".join(t for t in order if t in found.get(sid, ())) or "none" for sid in ids],
            "coded_by": [";".join(sorted(by.get(sid, ()))) for sid in ids],
            "note": [notes.get(sid, "") for sid in ids],
        }
    )[COLUMNS]
