"""Sentences coded by people: reading a coded sheet, and finding its sentences in a coded corpus.

A coded sheet is a TSV (or CSV) with a `themes` column (theme ids separated by
`;`, or `none`) and either an `id` (a sentence_id of the `sentences` table), a
`text`, or both. The same shape serves three purposes: the dev and training
sets that measure the coder (`validate`), an analyst's corrections that win over
the machine's codes (`themes --overrides`), and a validation sample that
corrects prevalence for coder error (`themes --validation`). Sentences are found
by id where the sheet gives one that exists (and still holds the row's text, where the
sheet gives one), else by their normalised text.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import InputError, require_file
from analysis.io import atomic_write_text, defuse_formula
from analysis.report.formats import plural

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """What two copies of one sentence share: Unicode form, case, quotes, dashes and spacing do not matter."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def split_themes(value) -> tuple[str, ...]:
    """'a;b' -> ('a', 'b'); '', 'none' and missing values -> ()."""
    value = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if value.lower() in ("", "none"):
        return ()
    return tuple(v.strip() for v in value.split(";") if v.strip())


# Columns a sheet may name in any case ("Themes", "ID"): a spreadsheet's header is typed by a person.
_COLUMNS = ("id", "text", "themes", "group", "country", "iso3")
# A spreadsheet program's own file, not text: a zip (.xlsx, .ods) or an OLE file (.xls).
_WORKBOOK = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_DOCUMENTS = (".docx", ".doc", ".odt")


def _sheet_text(path: Path) -> str:
    """The sheet's text in whatever encoding a spreadsheet saved it (UTF-8 with or without BOM, UTF-16
    from Excel's "Unicode text", Windows-1252 from its plain CSV), or what to save a workbook as."""
    from analysis.ingest.encoding import decode, has_text

    data = path.read_bytes()
    if data.startswith(_WORKBOOK):  # a Word or OpenDocument text file is such a zip or OLE file too
        kind = "a document" if path.suffix.lower() in _DOCUMENTS else "a spreadsheet workbook"
        raise InputError(
            f"{kind}, not a text sheet: save it as tab-separated text (.tsv, UTF-8) or as CSV, and pass "
            "that file",
            path,
        )
    if not has_text(data):
        raise InputError("empty file; expected a header with themes and id or text", path, 1)
    return decode(data, path)


def _dialect(first_line: str, suffix: str) -> tuple[str, int]:
    """The separator and quoting of a sheet, from its header line: tabs (the sheets the toolkit writes,
    unquoted), or commas or semicolons (a CSV, as Excel saves it where the decimal mark is a comma)."""
    for delimiter in ("\t", ",", ";"):
        names = [h.strip().strip('"').strip().casefold() for h in first_line.split(delimiter)]
        if "themes" in names:
            break
    else:
        delimiter = "," if suffix == ".csv" else "\t"
    quoted = all(h.strip().startswith('"') for h in first_line.split(delimiter))  # "Quote all text cells"
    return delimiter, csv.QUOTE_NONE if delimiter == "\t" and not quoted else csv.QUOTE_MINIMAL


def _rows(text: str, delimiter: str, quoting: int, path: Path) -> list[list[str]]:
    """The sheet's rows; a cell csv cannot take (longer than its limit, 131,072 characters, far more
    than a sentence: mostly a double quote left open, which runs the cell to the end of the file) is an
    error naming the line the cell starts on, not a traceback."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            if "field limit" not in str(exc):
                raise InputError(f"not a readable sheet ({exc})", path, start) from None
            why = (
                f"a cell from here runs past {csv.field_size_limit():,} characters, far more than a sentence"
            )
            advice = (
                "is this a sheet of sentences?"
                if quoting == csv.QUOTE_NONE
                else "a double quote left open? Close it, or save the sheet tab-separated"
            )
            raise InputError(f"{why}: {advice}", path, start) from None
        if row is None:
            return rows
        rows.append(row)


def _header(row: list[str]) -> list[str]:
    return [h.strip().casefold() if h.strip().casefold() in _COLUMNS else h.strip() for h in row]


def _fold(name: str) -> str:
    return _SPACE.sub(" ", str(name)).strip().casefold()


def _names(known: list[str], labels: dict[str, tuple[str, ...]] | None) -> dict[str, str]:
    """Folded id or label -> theme id: every id of `known`, and every label (`labels`: id -> its label and
    short label) that names exactly one of them and is no other theme's id."""
    by_fold = {_fold(t): t for t in known}
    named: dict[str, set[str]] = {}
    for theme, names in (labels or {}).items():
        if theme in known:
            for name in names:
                named.setdefault(_fold(name), set()).add(theme)
    for name, themes in named.items():
        if len(themes) == 1 and name not in by_fold:
            by_fold[name] = next(iter(themes))
    return by_fold


def _theme_ids(
    cell, known: list[str], path: Path, line: int, labels: dict[str, tuple[str, ...]] | None = None,
    mapped: dict[str, str] | None = None, by_fold: dict[str, str] | None = None,
) -> tuple[str, ...]:  # fmt: skip
    """A themes cell's ids in codebook order, whatever their case, or the themes' labels (`labels`: id ->
    its label and short label; each label read is added to `mapped`: label -> id); an error naming the
    line for anything else, with the ids (and labels) the codebook has. `by_fold`: `_names(known, labels)`,
    made once for a whole sheet by the caller."""
    by_fold = _names(known, labels) if by_fold is None else by_fold
    given = split_themes(cell)
    bad = [t for t in given if _fold(t) not in by_fold]
    if "none" in [t.casefold() for t in given]:
        raise InputError("`none` beside themes: write the themes, or `none` alone for no theme", path, line)
    if bad:
        ids = {_fold(t) for t in known}
        spelled = [n for t in known for n in (labels or {}).get(t, ()) if by_fold.get(_fold(n)) == t]
        spelled = list(dict.fromkeys(n for n in spelled if _fold(n) not in ids))
        also = f" or their labels, in any case ({'; '.join(spelled)})" if spelled else ""
        raise InputError(
            f"unknown theme(s) {', '.join(bad)}: write the codebook's ids separated by ; "
            f"({', '.join(known)}){also}, or `none` for no theme",
            path,
            line,
        )
    ids = {by_fold[_fold(t)] for t in given}
    if mapped is not None:
        mapped.update({t: by_fold[_fold(t)] for t in given if by_fold[_fold(t)].casefold() != _fold(t)})
    return tuple(t for t in known if t in ids)


def _split_hint(delimiter: str) -> str:
    """What splits a cell of a sheet separated by `delimiter`, and what to do about it."""
    if delimiter == "\t":
        return "a tab inside a text?"
    example = '"skills;inclusion"' if delimiter == ";" else f'"Roads{delimiter} ports and power."'
    return (
        f"a '{delimiter}' inside a cell that is not in double quotes? quote the cell, "
        f"{example}, or save the sheet tab-separated"
    )


def read_sheet(
    path: str | Path, known: list[str], need: tuple[str, ...] = (), house_groups: bool = True,
    labels: dict[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """A coded sheet, checked line by line -> columns id, text (each '' where absent), themes (tuples),
    `coded` (False where the themes cell is empty: not coded yet, unlike `none`) and `line`; the
    header as written is `attrs["columns"]` (the known columns' names in lower case), its separator
    `attrs["delimiter"]`.

    Read as a spreadsheet saves it: tab-, comma- or semicolon-separated (told by the header), in UTF-8,
    UTF-16 or Windows-1252, column names and theme ids in any case; a workbook (.xlsx) is refused with
    what to save it as. With `labels` (id -> the theme's label and short label: `Codebook.names`) a
    theme may be written by its label, in any case ("Partnerships", "skills and capacity-building"),
    where the label is one theme's only; `attrs["notes"]` says which labels were read as which ids, and
    `attrs["written"]` holds every row's themes cell as written (line -> cell), for a tool that writes
    the sheet back and changes only what a person changed.
    `need` names columns that must be there besides `themes` (e.g. `text` for a validation sample); at
    least one of `id` and `text` always must. Unknown theme ids, empty ids and text, ids on rows that
    disagree and ragged lines are errors naming the line; a row repeating an earlier one (the same id,
    themes and text) is dropped, and `attrs["notes"]` says so (`attrs["repeats"]`: the dropped rows as
    read, each with `of`, the line of the row it repeats). A `group` is given its house name
    ("GRULAC" -> "Latin American and Caribbean Group") for measuring by group; `house_groups=False`
    keeps it as written, for a tool that writes the sheet back.
    """
    path = require_file(path)
    text = _sheet_text(path)
    delimiter, quoting = _dialect(text.split("\n", 1)[0], path.suffix.lower())
    rows = _rows(text, delimiter, quoting, path)
    if not rows:
        raise InputError("empty file; expected a header with themes and id or text", path, 1)
    header = _header(rows[0])
    missing = [c for c in ("themes", *need) if c not in header]
    if missing or not {"id", "text"} & set(header):
        want = ", ".join(["themes", *need] + ([] if {"id", "text"} & set(need) else ["id or text"]))
        raise InputError(
            f"missing column(s) {', '.join(missing) or 'id or text'}; expected {want} (the header reads "
            f"{' | '.join(header)[:80]})",
            path,
            1,
        )
    out, seen, mapped, written = [], {}, {}, {}
    by_fold = _names(known, labels)  # once for the sheet, not once a row
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{len(row)} fields, expected {len(header)} ({_split_hint(delimiter)})", path, n)
        rec = dict(zip(header, row, strict=True))
        sid, text = rec.get("id", "").strip(), _formula_text(rec.get("text", "").strip())
        if not sid and not text:
            raise InputError("empty id and text", path, n)
        themes = _theme_ids(rec["themes"], known, path, n, labels, mapped, by_fold)
        written[n] = rec["themes"].strip()
        if house_groups and "group" in rec:  # "GRULAC", "WEOG " and the house names alike
            rec["group"] = config.house_group(rec["group"]) if rec["group"].strip() else ""
        out.append({**rec, "id": sid, "text": text, "themes": themes,
                    "coded": bool(rec["themes"].strip()), "line": n})  # fmt: skip
        if sid:
            seen.setdefault(sid, []).append(len(out) - 1)
    if not out:
        raise InputError("no sentences, only a header", path)
    out, repeats = _without_duplicates(out, seen, path)
    table = pd.DataFrame(out)
    table.attrs["columns"], table.attrs["delimiter"] = header, delimiter
    table.attrs["written"], table.attrs["repeats"] = written, repeats
    notes = []
    if repeats:
        notes.append(
            f"{plural(len(repeats), 'duplicate row')} dropped, the same id and themes as an earlier row "
            f"({_lines([r['line'] for r in repeats])})"
        )
    if mapped:
        notes.append(
            f"themes written as labels read as ids: {', '.join(f'{k} -> {v}' for k, v in mapped.items())}"
        )
    table.attrs["notes"] = notes
    return table


def _formula_text(text: str) -> str:
    """A text cell as the sentence reads: without the apostrophe `sheet_text` (or a person, as
    spreadsheets have it) put before a text opening like a formula."""
    return text[1:] if text.startswith("'") and defuse_formula(text[1:]) != text[1:] else text


def _lines(numbers: list[int]) -> str:
    """'line 4', 'lines 4, 9', 'lines 4, 9, 12, 15, 20, and 3 more'."""
    more = f", and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"line{'s' * (len(numbers) > 1)} {', '.join(map(str, numbers[:5]))}{more}"


# Where a row says whose sentence it is: two rows of one id that differ here disagree (a validation sample is
# scored by group); other columns (a coder's name, a comment) may differ between repeats.
_WHOSE = ("group", "country", "iso3")


def _without_duplicates(
    out: list[dict], seen: dict[str, list[int]], path: Path
) -> tuple[list[dict], list[dict]]:
    """`out` without the rows that repeat an earlier row's id, themes, text and other cells (a row pasted
    twice), and those rows (in line order, each with `of`: the line of the first row of its id); an error
    naming every id whose rows disagree (other themes, another text, or another group or country,
    `_WHOSE`)."""

    def key(row: dict) -> tuple:
        whose = tuple(str(row.get(k, "")).strip().casefold() for k in _WHOSE)
        return row["themes"], row["coded"], normalise_text(row["text"]), whose

    repeats = {sid: at for sid, at in seen.items() if len(at) > 1}
    clash = {sid: at for sid, at in repeats.items() if len({key(out[k]) for k in at}) > 1}
    if clash:
        named = [f"{sid} ({_lines([out[k]['line'] for k in at])})" for sid, at in clash.items()]
        more = f"; and {len(named) - 5} more" if len(named) > 5 else ""
        raise InputError(
            f"{plural(len(clash), 'id')} on rows that disagree (other themes, text, group or country): "
            f"{'; '.join(named[:5])}{more}: keep one row per sentence, with the themes settled on",
            path,
            min(out[at[1]]["line"] for at in clash.values()),
        )
    drop = {k: out[at[0]]["line"] for at in repeats.values() for k in at[1:]}
    dropped = sorted(({**out[k], "of": of} for k, of in drop.items()), key=lambda r: r["line"])
    return [r for k, r in enumerate(out) if k not in drop], dropped


def coded_rows(sheet: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """The rows of a sheet people have coded (an empty themes cell is a row not coded yet; `none` is a
    code), renumbered; an error naming the sheet when there is none."""
    coded = sheet[sheet["coded"]].reset_index(drop=True)
    if coded.empty:
        raise InputError(
            f"none of its {len(sheet)} rows is coded yet (an empty themes cell); write each row's themes, "
            "or `none` for a sentence without one",
            Path(path),
        )
    return coded


def themes_cell(themes, coded: bool = True) -> str:
    """How a sheet writes a sentence's themes: 'a;b', `none` when coded without a theme, '' when not
    coded yet."""
    return ";".join(themes) if themes else ("none" if coded else "")


def sheet_text(df: pd.DataFrame, delimiter: str = "\t") -> str:
    """A sheet as TSV text: one line per row, tabs and line breaks inside a cell made spaces (a
    sheet is read without quoting, so a cell can hold neither); with another ``delimiter``, a CSV
    quoted where a cell needs it, as the spreadsheet that saved the sheet reads it back. A cell a
    spreadsheet would run as a formula is written as text (`io.defuse_formula`; `read_sheet` reads the
    sentence back without the apostrophe): people open sheets in Excel to code them."""
    clean = df.astype(str).map(lambda v: defuse_formula(_SPACE.sub(" ", v).strip()))
    if delimiter != "\t":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerows([list(df.columns), *clean.itertuples(index=False)])
        return out.getvalue()
    lines = ["\t".join(df.columns)] + ["\t".join(row) for row in clean.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def refuse_to_replace(path: str | Path, force: bool) -> None:
    """A sheet already at `path` may hold hours of a person's coding: it is replaced only with `force`."""
    if Path(path).is_file() and not force:
        raise InputError(
            "a sheet is already there (it may hold a person's coding): --force replaces it, or --out "
            "names another file",
            path,
        )


def write_sheet(df: pd.DataFrame, path: str | Path, delimiter: str = "\t") -> Path:
    """Write a coded sheet atomically (its columns in the order given), separated by ``delimiter`` (a
    sheet read from a CSV is written back as one: ``read_sheet``'s ``attrs["delimiter"]``)."""
    return atomic_write_text(path, sheet_text(df, delimiter))


@dataclass(frozen=True)
class Match:
    """Which sheet rows were found in the corpus: sheet row -> sentence positions, and the rest.

    `moved`: the rows whose id names a sentence with another text now (the sentences were made again
    since the sheet was drawn: an edited transcript, a changed cleaning); they were looked for by text."""

    positions: dict[int, list[int]]
    unmatched: list[int]
    moved: frozenset[int] = frozenset()


# How alike an id's sentence and the row's text must be for the id to hold: a word corrected in the transcript
# (or in the sheet) keeps the sentence; the next sentence of a turn, however short, is far below.
SAME_SENTENCE = 0.9


def _same_sentence(ours: str, theirs: str) -> bool:
    """Two normalised texts that are one sentence, give or take a corrected word."""
    return difflib.SequenceMatcher(None, ours, theirs, autojunk=False).ratio() >= SAME_SENTENCE


# A cell a spreadsheet quoted on saving it as tab-separated text (one holding a '"'), read as written:
# '"He said ""no""."'
_SAVED_QUOTED = re.compile(r'"((?:[^"]|"")*)"')


def forms(text: str) -> list[str]:
    """A sheet's text normalised, and as it was before a spreadsheet quoted it, if it looks so quoted
    (the sheets the toolkit writes are not quoted: a sentence may begin and end with a quote)."""
    if not text:
        return []
    saved = _SAVED_QUOTED.fullmatch(text.strip())
    return [normalise_text(text)] + ([normalise_text(saved.group(1).replace('""', '"'))] if saved else [])


def match(sheet: pd.DataFrame, sentences: pd.DataFrame) -> Match:
    """Find each sheet row in `sentences` (positions, 0-based): by id if it exists there and, where the
    row gives a text, still holds that text; else by normalised text (every sentence with that text: a
    repeated statement is coded alike); else by the id if its sentence is the text give or take a
    corrected word. A person coded the text they read: an id re-used for another sentence since the
    sheet was drawn must not carry their codes to it."""
    by_id, id_text = {}, {}
    by_text: dict[str, list[int]] = {}
    for i, (sid, text) in enumerate(zip(sentences["sentence_id"], sentences["text"], strict=True)):
        norm = normalise_text(text)
        by_id[sid], id_text[sid] = i, norm
        by_text.setdefault(norm, []).append(i)
    positions, unmatched, moved = {}, [], set()
    for k, (sid, text) in enumerate(zip(sheet["id"], sheet["text"], strict=True)):
        written = forms(text)
        found = next((by_text[f] for f in written if f in by_text), [])
        if sid in by_id and (not written or id_text[sid] in written):
            hit = [by_id[sid]]
        elif found:  # the very sentence the person read, wherever it is now
            hit = found
        elif sid in by_id and _same_sentence(id_text[sid], written[0]):  # a word corrected since
            hit = [by_id[sid]]
        else:
            hit = []
        if sid in by_id and hit != [by_id[sid]]:
            moved.add(k)
        if hit:
            positions[k] = hit
        else:
            unmatched.append(k)
    return Match(positions, unmatched, frozenset(moved))


def not_found(sheet: pd.DataFrame, k: int, moved=frozenset(), text_first: bool = False) -> str:
    """How a report names sheet row `k` that matched nothing: its line and its id or text (`text_first`:
    the text where there is one), and for a row in `moved` (`Match.moved`), whose id holds another sentence
    now, that the sheet is older than the sentences."""
    sid, text, line = sheet.at[k, "id"], sheet.at[k, "text"], sheet.at[k, "line"]
    if k in moved:
        return (
            f"line {line}: {sid} is another sentence now and the sheet's text is not found "
            f"({text[:60]}): a sheet drawn before the transcripts were cleaned again?"
        )
    return f"line {line}: {(text[:60] or sid) if text_first else (sid or text[:60])}"
