"""Build the bundled illustrative sample in data/raw/ from the source texts in tools/sample_text/.

The six regional Development Dialogue transcripts in data/raw/ are INVENTED: the
real ones are not public. Each source text (one YAML file per session: a list of
speaker label + paragraphs) is rendered in the form real exports of such a meeting
take -- Zoom and Teams WebVTT, SubRip with roll-up captions, a UN-style verbatim
record in plain text, Word minutes, a PDF record -- with the machinery those
exports carry, so the readers and the cleaner are exercised on realistic input.

Output is deterministic (seeded timings and ids, fixed document dates, fixed zip
timestamps), so rebuilding gives the same bytes and a review sees real changes only.

    python tools/make_sample.py                 # rebuild data/raw/
    python tools/make_sample.py --out DIR       # build elsewhere (tests compare)
    python tools/make_sample.py --check         # rebuild, then open every file and count words
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import random
import re
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sample_text"
ROOT = HERE.parent
DEFAULT_OUT = ROOT / "data" / "raw"
SEED = 20240416
ORDER = ("afr", "lac", "apg", "arb", "eeg", "weog")


@dataclass
class Turn:
    label: str | None
    paragraphs: list[str]
    floor: str | None = None
    floor_style: str = "inline"
    style: str = "plain"
    colon: bool = True


@dataclass
class Session:
    key: str
    meta: dict
    turns: list[Turn] = field(default_factory=list)

    @property
    def rng(self) -> random.Random:
        """A fresh generator per session and use, so one file's noise never shifts another's."""
        return random.Random(f"{SEED}:{self.key}")


def load(key: str) -> Session:
    meta = yaml.safe_load((SOURCES / f"{key}.yaml").read_text(encoding="utf-8"))
    meta["date"] = str(meta["date"])  # YAML reads 2024-04-16 as a date
    turns = [
        Turn(
            label=t["label"],
            paragraphs=[" ".join(p.split()) for p in re.split(r"\n\s*\n", t["text"].strip())],
            floor=t.get("floor"),
            floor_style=t.get("floor_style", "inline"),
            style=t.get("style", "plain"),
            colon=t.get("colon", True),
        )
        for t in meta.pop("turns")
    ]
    return Session(key, meta, turns)


# ---------------------------------------------------------------- captions


def chunks(words: list[str], rng: random.Random, lo: int, hi: int) -> list[list[str]]:
    """Split words into caption-sized pieces, preferring to end a piece after punctuation."""
    out, i = [], 0
    while i < len(words):
        n = rng.randint(lo, hi)
        j = min(i + n, len(words))
        for k in range(j, max(i + lo - 1, i), -1):  # end on a sentence or clause mark if one is near
            if words[k - 1][-1] in ".,?;:" and k - i >= lo // 2:
                j = k
                break
        if len(words) - j < 3:  # no orphan of one or two words
            j = len(words)
        out.append(words[i:j])
        i = j
    return out


def two_lines(text: str, width: int = 42) -> str:
    """Break a cue's text into at most two lines near the middle, as caption tools do."""
    if len(text) <= width:
        return text
    mid = len(text) // 2
    cut = min((m.start() for m in re.finditer(" ", text)), key=lambda p: abs(p - mid))
    return text[:cut] + "\n" + text[cut + 1 :]


def stamp(seconds: float, sep: str = ".") -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def speaking_time(n_words: int, rng: random.Random) -> float:
    return n_words / rng.uniform(2.3, 2.9) + 0.3


def render_zoom_vtt(s: Session) -> bytes:
    """Zoom cloud-recording transcript: numbered cues, 'Display Name: text' on every cue."""
    rng, t, n = s.rng, float(s.meta["start"]), 0
    out = ["WEBVTT", ""]
    for turn in s.turns:
        t += rng.uniform(0.8, 3.5)
        for para in turn.paragraphs:
            for piece in chunks(para.split(), rng, 7, 15):
                n += 1
                dur = speaking_time(len(piece), rng)
                cue = f"{turn.label}: {two_lines(' '.join(piece), 48)}"
                out += [str(n), f"{stamp(t)} --> {stamp(t + dur)}", cue, ""]
                t += dur + rng.uniform(0.0, 0.4)
            t += rng.uniform(0.3, 1.2)
    return "\n".join(out).encode("utf-8")


def render_teams_vtt(s: Session) -> bytes:
    """Teams transcript: 'GUID/utterance-part' cue ids, <v Name>text</v> on every cue."""
    rng, t = s.rng, float(s.meta["start"])
    guids: dict[str, str] = {}
    out, utterance = ["WEBVTT", ""], 0
    for turn in s.turns:
        guid = guids.setdefault(turn.label, str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        t += rng.uniform(0.5, 2.5)
        for para in turn.paragraphs:
            utterance += rng.randint(1, 3)
            for part, piece in enumerate(chunks(para.split(), rng, 10, 22)):
                dur = speaking_time(len(piece), rng)
                out += [
                    f"{guid}/{utterance}-{part}",
                    f"{stamp(t)} --> {stamp(t + dur)}",
                    f"<v {turn.label}>{' '.join(piece)}</v>",
                    "",
                ]
                t += dur + rng.uniform(0.05, 0.3)
    return "\n".join(out).encode("utf-8")


def curly(text: str) -> str:
    """Typographic apostrophes, as word processors and caption editors produce them."""
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)


def render_srt(s: Session) -> bytes:
    """SubRip in Windows-1252 with CRLF; a human captioner's cues first, then roll-up automatic captions."""
    rng, t, n = s.rng, float(s.meta["start"]), 0
    cues: list[tuple[float, float, str]] = []
    previous_line = None
    for turn in s.turns:
        t += rng.uniform(0.8, 3.0)
        if turn.style == "rolling":
            # Roll-up: a continuous stream of short lines; each cue shows the previous line and a new one.
            words = " ".join(turn.paragraphs).split()
            lines, cur = [], ">> " + (f"{turn.label}: " if turn.label else "")
            for w in words:
                if len(cur) + len(w) > 34 and cur.strip(">: ").strip():
                    lines.append(cur.rstrip())
                    cur = ""
                cur += w + " "
            lines.append(cur.rstrip())
            for line in lines:
                dur = speaking_time(len(line.split()), rng)
                text = line if previous_line is None else previous_line + "\n" + line
                cues.append((t, t + dur, text))
                previous_line = line
                t += dur
        else:
            first = True
            for para in turn.paragraphs:
                for piece in chunks(para.split(), rng, 8, 14):
                    text = " ".join(piece)
                    if first:
                        text, first = f"{turn.label}: {text}", False
                    dur = speaking_time(len(piece), rng)
                    cues.append((t, t + dur, two_lines(text, 44)))
                    t += dur + rng.uniform(0.1, 0.5)
    out = []
    for start, end, text in cues:
        n += 1
        out += [str(n), f"{stamp(start, ',')} --> {stamp(end, ',')}", curly(text), ""]
    return "\r\n".join(out).encode("cp1252")


# ---------------------------------------------------------------- paged text


_VOWELS = set("aeiouyAEIOUY")


def hyphen_point(word: str, room: int) -> int | None:
    """Where to break `word` so that its head plus '-' fits in `room` characters, or None.

    A compound breaks only at its own hyphen (as typesetters do). Otherwise the
    break goes before a consonant that starts a syllable (vowel-consonant-vowel,
    or between two consonants flanked by vowels), keeping three letters before
    and four after, so the sample shows "indus-trialization", not "dialo-gue".
    """
    core = word.rstrip(".,;:?!)\u201d\u2019")
    if "-" in core:
        i = core.index("-")
        return i if 3 <= i < room else None
    if len(core) < 8 or room < 4 or not core.isalpha() or core.isupper():
        return None
    low, best = core.lower(), None
    for i in range(3, len(core) - 3):
        if i + 1 > room:
            break
        a, b, c = low[i - 1], low[i], low[i + 1]
        v_cv = a in _VOWELS and b not in _VOWELS and c in _VOWELS
        vc_cv = (
            low[i - 2] in _VOWELS
            and a not in _VOWELS
            and b not in _VOWELS
            and c in _VOWELS
            and a + b not in ("th", "ch", "sh", "ph", "gh", "ck", "qu")
        )
        if v_cv or vc_cv:
            best = i
    return best


def wrap(text: str, width: float, measure=len, first_width: float | None = None) -> list[str]:
    """Greedy line breaking with hyphenation; `measure` gives a string's width."""
    lines, cur = [], ""
    limit = first_width if first_width is not None else width
    words = text.split()
    k = 0
    while k < len(words):
        w = words[k]
        candidate = (cur + " " + w) if cur else w
        if measure(candidate) <= limit:
            cur = candidate
            k += 1
            continue
        room_text = (cur + " ") if cur else ""
        i = None
        for cut in range(len(w) - 3, 2, -1):  # largest head that fits
            if measure(room_text + w[:cut] + "-") <= limit:
                i = hyphen_point(w, cut + 1)
                break
        if i is not None and i > 0:
            head = w[: i + 1] if w[i] == "-" else w[:i] + "-"
            tail = w[i + 1 :] if w[i] == "-" else w[i:]
            lines.append(room_text + head)
            words[k] = tail
        else:
            lines.append(cur)
        cur = ""
        limit = width
    if cur:
        lines.append(cur)
    return lines


def label_text(turn: Turn) -> str:
    label = turn.label
    if turn.floor and turn.floor_style == "inline":
        label += f" (spoke in {turn.floor})"
    return label + (":" if turn.colon else "")


def render_verbatim_txt(s: Session) -> bytes:
    """A UN-style verbatim record as plain text: pages with headers and footers, 75-column wrap."""
    m, width, body_lines, indent = s.meta, 75, 50, "     "
    body: list[str] = []
    for line in m["cover"]:
        body.append(line.center(width).rstrip())
    body += ["", f"{indent}{m['opening']}".center(width).rstrip(), ""]
    for turn in s.turns:
        for p, para in enumerate(turn.paragraphs):
            if p == 0:
                if turn.floor and turn.floor_style == "line":
                    body.append(f"{indent}{turn.label}:")
                    body.append(f"{indent}(spoke in {turn.floor})")
                    text = para
                else:
                    text = f"{label_text(turn)} {para}"
            else:
                text = para
            lines = wrap(text, width, first_width=width - len(indent))
            body += [indent + lines[0], *lines[1:], ""]
    body += [f"{indent}{m['closing']}".center(width).rstrip()]
    footnote = ["_" * 20, ""] + wrap(m["footnote"], width)
    pages, first_room = [], body_lines - len(footnote) - 1
    pages.append(body[:first_room])
    rest = body[first_room:]
    while rest:
        pages.append(rest[:body_lines])
        rest = rest[body_lines:]
    total, out = len(pages), []
    for no, lines in enumerate(pages, 1):
        page = []
        if no == 1:
            page += [f"{m['symbol']:>{width}}", "", m["running_title"], ""]
        elif no % 2:
            page += [f"{m['running_title']}{m['symbol']:>{width - len(m['running_title'])}}", ""]
        else:
            page += [f"{m['symbol']}{m['running_title']:>{width - len(m['symbol'])}}", ""]
        page += [line for line in lines]
        if no == 1:
            page += [""] * (first_room - len(lines)) + footnote
        page += ["", ""]
        job = m["job"]
        num = f"{no}/{total}"
        if no == 1:
            page += [f"{job}{'*' + re.sub(r'[^0-9]', '', job) + '*':>{width - len(job)}}"]
        elif no % 2:
            page += [f"{job}{num:>{width - len(job)}}"]
        else:
            page += [f"{num}{job:>{width - len(num)}}"]
        out.append("\n".join(curly(x) for x in page) + "\n")
    return codecs.BOM_UTF8 + "\f".join(out).encode("utf-8")


def render_pdf(s: Session) -> bytes:
    """A PDF record with a real text layer, made with fpdf2 and the core Helvetica font."""
    from fpdf import FPDF

    m = s.meta

    class Record(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            left, right = (m["symbol"], m["running_title"])
            if self.page_no() % 2:
                left, right = right, left
            self.cell(0, 5, left, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, right, align="R", new_x="LMARGIN", new_y="NEXT")
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(6)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, m["job"], align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")

    pdf = Record(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(22, 18, 22)
    pdf.set_auto_page_break(True, margin=22)
    day = datetime.fromisoformat(m["date"]).replace(hour=18, tzinfo=UTC)
    pdf.set_creation_date(day)
    pdf.set_title(m["title"])
    pdf.set_author("UNIDO Secretariat (invented sample)")
    pdf.set_subject(m["symbol"])
    pdf.set_creator("dialogue-analysis tools/make_sample.py")
    pdf.set_lang("en")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lh = 5.2
    pdf.set_font("Helvetica", "B", 11)
    for line in m["cover"]:
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 10)
    pdf.cell(0, lh, m["opening"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    indent = 8.0
    for turn in s.turns:
        for p, para in enumerate(turn.paragraphs):
            pdf.set_font("Helvetica", "", 10)
            measure = pdf.get_string_width
            if p == 0:
                label = label_text(turn) + " "
                pdf.set_font("Helvetica", "B", 10)
                lw = pdf.get_string_width(label)
                pdf.set_font("Helvetica", "", 10)
                lines = wrap(para, width, measure, first_width=width - indent - lw)
                if pdf.get_y() + lh > pdf.h - 22:
                    pdf.add_page()
                pdf.set_x(pdf.l_margin + indent)
                pdf.set_font("Helvetica", "B", 10)
                pdf.cell(lw, lh, label)
                pdf.set_font("Helvetica", "", 10)
                pdf.cell(0, lh, lines[0], new_x="LMARGIN", new_y="NEXT")
                rest = lines[1:]
            else:
                lines = wrap(para, width, measure, first_width=width - indent)
                pdf.set_x(pdf.l_margin + indent)
                pdf.cell(0, lh, lines[0], new_x="LMARGIN", new_y="NEXT")
                rest = lines[1:]
            for line in rest:
                pdf.cell(0, lh, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 10)
    pdf.cell(0, lh, m["closing"], align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# ---------------------------------------------------------------- Word


FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def freeze_zip(data: bytes) -> bytes:
    """Rewrite a zip (docx) with fixed member timestamps and order, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return buf.getvalue()


def render_docx(s: Session) -> bytes:
    """Word minutes: title, meta lines, participants, an agenda table, then labelled paragraphs."""
    import docx
    from docx.shared import Pt

    m = s.meta
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(m["heading"], level=1)
    doc.add_paragraph(m["subheading"], style="Subtitle")
    for line in m["meta"]:
        doc.add_paragraph(line)
    doc.add_heading("Participants", level=2)
    for name in m["participants"]:
        doc.add_paragraph(name, style="List Bullet")
    doc.add_heading("Agenda", level=2)
    rows = m["agenda"]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    doc.add_heading("Proceedings", level=2)
    for turn in s.turns:
        for p, para in enumerate(turn.paragraphs):
            par = doc.add_paragraph()
            if p == 0:
                par.add_run(label_text(turn)).bold = True
                par.add_run(" " + para)
            else:
                par.add_run(para)
    doc.add_heading("Follow-up", level=2)
    for item in m["followup"]:
        doc.add_paragraph(item, style="List Bullet")
    cp = doc.core_properties
    when = datetime.fromisoformat(m["date"]).replace(hour=17)
    cp.author = cp.last_modified_by = "UNIDO Secretariat (invented sample)"
    cp.title, cp.subject = m["title"], m["group"]
    cp.comments = "Invented, illustrative minutes for the dialogue-analysis sample data."
    cp.created = cp.modified = cp.last_printed = when
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return freeze_zip(buf.getvalue())


# ---------------------------------------------------------------- manifest


RENDER = {
    "zoom_vtt": render_zoom_vtt,
    "teams_vtt": render_teams_vtt,
    "srt": render_srt,
    "verbatim_txt": render_verbatim_txt,
    "docx": render_docx,
    "pdf": render_pdf,
}

# One display name names no country; the optional speakers.csv attributes it (contract, manifest section).
SPEAKER_OVERRIDES = [
    {"speaker": "Embajada Viena", "country": "CRI", "role": "member_state", "session_id": "DD-LAC-2024"},
]


# Printed on every figure drawn from the sample (the manifest's optional `caveat` column).
CAVEAT = "Illustrative only: invented sample transcripts, not the views of any Member State"


def csv_text(rows: list[dict], columns: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def build(out: Path) -> dict[str, bytes]:
    """Render every session; return {file name: bytes} (written by main)."""
    files: dict[str, bytes] = {}
    manifest = []
    for key in ORDER:
        s = load(key)
        m = s.meta
        files[m["file"]] = RENDER[m["format"]](s)
        manifest.append(
            {**{k: m[k] for k in ("session_id", "file", "group", "date", "title")}, "caveat": CAVEAT}
        )
    files["sessions.csv"] = csv_text(manifest, ["session_id", "file", "group", "date", "title", "caveat"])
    files["speakers.csv"] = csv_text(SPEAKER_OVERRIDES, ["speaker", "country", "role", "session_id"])
    return files


# ---------------------------------------------------------------- checks


def role_of(label: str | None) -> str:
    if label and re.search(r"\bchair\b", label, re.I):
        return "chair"
    if label and "UNIDO" in label:
        return "secretariat"
    return "delegation"


def word_counts() -> list[dict]:
    rows = []
    for key in ORDER:
        s = load(key)
        counts = {"chair": 0, "secretariat": 0, "delegation": 0}
        for turn in s.turns:
            counts[role_of(turn.label)] += sum(len(p.split()) for p in turn.paragraphs)
        delegations = {t.label for t in s.turns if role_of(t.label) == "delegation"}
        rows.append(
            {
                "session_id": s.meta["session_id"],
                "format": s.meta["format"],
                "words": sum(counts.values()),
                **counts,
                "n_delegations": len(delegations),
            }
        )
    return rows


def open_with_libraries(out: Path) -> list[str]:
    """Open each file with the library a user would reach for; return one line per file."""
    import docx
    import pypdf
    import webvtt

    report = []
    for key in ORDER:
        meta = load(key).meta
        path = out / meta["file"]
        fmt = meta["format"]
        if fmt.endswith("vtt"):
            caps = webvtt.read(str(path))
            words = sum(len(c.text.split()) for c in caps)
            report.append(f"{path.name}: webvtt-py reads {len(caps)} cues, {words} words")
        elif fmt == "srt":
            # webvtt.from_srt() decodes as UTF-8 and fails on this Windows-1252 file: decode first.
            text = path.read_bytes().decode("cp1252")
            caps = webvtt.from_buffer(io.StringIO(text), format="srt")
            words = sum(len(c.text.split()) for c in caps)
            report.append(f"{path.name}: webvtt-py reads {len(caps)} SubRip cues (cp1252), {words} words")
        elif fmt == "docx":
            d = docx.Document(str(path))
            words = sum(len(p.text.split()) for p in d.paragraphs)
            report.append(
                f"{path.name}: python-docx reads {len(d.paragraphs)} paragraphs, "
                f"{len(d.tables)} table(s), {words} words"
            )
        elif fmt == "pdf":
            r = pypdf.PdfReader(str(path))
            text = "\n".join(p.extract_text() for p in r.pages)
            report.append(f"{path.name}: pypdf extracts {len(r.pages)} pages, {len(text.split())} words")
        else:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig")
            bom = raw.startswith(codecs.BOM_UTF8)
            pages = text.count(chr(12)) + 1
            report.append(f"{path.name}: {len(text.splitlines())} lines, {pages} pages, BOM={bom}")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="open every file and report word counts")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in build(args.out).items():
        (args.out / name).write_bytes(data)
    print(f"wrote {len(ORDER)} transcripts, sessions.csv and speakers.csv to {args.out}")
    if args.check:
        for line in open_with_libraries(args.out):
            print(" ", line)
        for row in word_counts():
            print(
                "  {session_id:14} {format:13} words={words:5} chair={chair:4} secretariat={secretariat:4} "
                "delegations={delegation:5} n_delegations={n_delegations}".format(**row)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
