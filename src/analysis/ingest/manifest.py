"""Read and validate ``sessions.csv``, the manifest of a folder of raw transcripts.

Everything is checked before any transcript is read, and every problem is
reported at once (one line each, naming the manifest and the row's line), so an
analyst fixes the manifest in one pass instead of one error per run.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from analysis import config, countries
from analysis.errors import InputError, InputErrors, unreadable_csv
from analysis.ingest.encoding import has_text, read_text
from analysis.ingest.vocabulary import MONTHS

MANIFEST = "sessions.csv"
REQUIRED = ("session_id", "file", "group")
OPTIONAL = ("date", "title", "country", "caveat")
COLUMNS = (*REQUIRED, *OPTIONAL)
# A day, or ISO 8601's reduced precision (a month, a year) where that is all a source says: the General
# Debate's files give only the year.
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# A date as people type it: 14/05/2024, 5.14.2024, 2024/05/14, 2023-9-1.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
# A month written out, as minutes date a meeting: "2 April 2025", "April 2, 2025", "May 2024", "11 Sept. 2025"
# (and as a UN record does, with a weekday and an ordinal: "Tuesday, 2 April 2025", "April 2nd, 2025")
_MONTH = r"([A-Za-z]{3,9})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY_NAMED_MONTH = re.compile(
    rf"{_WEEKDAY}(?:{_DAY}\s+{_MONTH}|{_MONTH}\s+{_DAY}),?\s+(\d{{4}})", re.IGNORECASE
)
_NAMED_MONTH_YEAR = re.compile(rf"{_MONTH}\s+(\d{{4}})")


def _iso_advice(d: str) -> str:
    """': write 2024-05-14' for a date that reads one way only; both readings where day and month could
    swap (04/05/2024), never a guess; '' where it reads as no date at all."""

    def iso(y: int, m: int, day: int) -> date | None:
        try:
            return date(y, m, day)
        except ValueError:
            return None

    if m := _NAMED_MONTH_YEAR.fullmatch(d.strip()):
        month = _month_number(m[1])
        return f": write {m[2]}-{month:02d}" if month else ""
    if m := _DAY_NAMED_MONTH.fullmatch(d.strip()):
        month = _month_number(m[2] or m[3])
        readings = [iso(int(m[5]), month, int(m[1] or m[4])) if month else None]
    elif m := _YEAR_MONTH_DAY.fullmatch(d.strip()):
        readings = [iso(int(m[1]), int(m[2]), int(m[3]))]
    elif m := _DAY_MONTH_YEAR.fullmatch(d.strip()):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        readings = [iso(y, b, a), iso(y, a, b)]  # day first, then month first
    else:
        return ""
    found = list(dict.fromkeys(r for r in readings if r))
    if len(found) == 1:
        return f": write {found[0].isoformat()}"
    if len(found) == 2:
        return ": write " + " or ".join(f"{r.isoformat()} ({r.day} {MONTHS[r.month - 1]})" for r in found)
    return ""


def _month_number(word: str) -> int | None:
    """1-12 for an English month's name or its first three or four letters ("Apr", "Sept"), else None."""
    word = word.lower()
    for k, name in enumerate(MONTHS, 1):
        if len(word) >= 3 and name.lower().startswith(word):
            return k
    return None


def _edit_distance(a: str, b: str) -> int:
    """Edits between two strings, a swap of neighbouring letters counting as one ("Gruop")."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def resembles(label: str, other: str) -> bool:
    """True when two different labels differ only by case, spacing, punctuation or a slip of the keys.

    A slip needs a label of 8 letters or more, one per 8 letters, and the same numbers: "LDC" and
    "LLDC", or "Group of 7" and "Group of 77", are different groups.
    """
    if label == other:
        return False
    a, b = config.fold_group(label), config.fold_group(other)
    if a == b:
        return True
    if re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False
    allowed = min(len(a), len(b)) // 8
    return abs(len(a) - len(b)) <= allowed and _edit_distance(a, b) <= allowed


def group_typos(labels: list[str]) -> dict[str, str]:
    """Labels that look like slips of another label, or other names of a house group used beside
    it: {slip: the label it resembles}.

    A house group name (config.GROUPS) is never a slip; between two manifest labels
    the rarer one (then the later one) is taken as the slip.
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, lab in enumerate(labels):
        counts[lab] = counts.get(lab, 0) + 1
        first.setdefault(lab, i)
    slips: dict[str, str] = {}
    for lab in counts:
        if lab in config.GROUPS:
            continue
        # another name of a house group ("GRULAC") beside the house name splits one group in two
        house = config.house_group(lab)
        if house != lab and house in counts:
            slips[lab] = house
            continue
        for known in config.GROUPS:
            if resembles(lab, known):
                slips[lab] = known
                break
        else:
            for other in counts:
                if other != lab and resembles(lab, other):
                    rank_lab = (counts[lab], -first[lab])
                    rank_other = (counts[other], -first[other])
                    if other in config.GROUPS or rank_other > rank_lab:
                        slips[lab] = other
                        break
    return slips


def _check_file(
    value: str, folder: Path, where: str = "the manifest's folder"
) -> tuple[Path | None, str | None]:
    """The transcript's resolved path, or why it is not acceptable; `where` names `folder` to the reader
    (the raw folder, where the manifest is kept elsewhere)."""
    if (
        PurePosixPath(value).is_absolute()
        or PureWindowsPath(value).is_absolute()
        or PureWindowsPath(value).drive
    ):
        return None, f"file {value!r} is an absolute path; give it relative to {where}"
    parts = re.split(r"[\\/]+", value)
    if ".." in parts:
        return None, f"file {value!r} points outside {where} ('..')"
    path = folder / value
    # accents composed in the manifest and decomposed on disk (a macOS zip), or the reverse
    if not path.exists():
        path = next(
            (p for form in ("NFC", "NFD") if (p := folder / unicodedata.normalize(form, value)).exists()),
            path,
        )
    try:
        resolved = path.resolve()
        resolved.relative_to(folder.resolve())
    except ValueError:
        return None, f"file {value!r} points outside {where} (through a link)"
    except RuntimeError:  # a loop of links: Python before 3.13 raises this, not OSError (ELOOP)
        return None, f"file {value!r} is a link that leads back to itself (a loop of links)"
    except OSError as exc:
        return None, f"file {value!r} cannot be resolved ({exc.strerror})"
    if not path.exists():
        return None, f"file {value!r} does not exist"
    if not path.is_file():
        return None, f"file {value!r} is a folder, not a transcript: name the file inside it"
    return path, None


def separator(text: str, columns: tuple[str, ...] = COLUMNS) -> str:
    """A CSV's separator: a comma, or the semicolon or tab a spreadsheet saved it with (Excel in a
    European locale, or as "Unicode text"), whichever splits the header into the most of `columns`."""
    first = text.split("\n", 1)[0]

    def known(sep: str) -> int:
        return sum(h.strip().lower() in columns for h in next(csv.reader([first], delimiter=sep), []))

    return max((",", ";", "\t"), key=known)  # a tie (none known) stays with the comma


def _meant_column(name: str) -> str | None:
    """The manifest column an unknown header resembles ('countries', 'Country code', 'contry', 'filename' for
    country, file), or None: a plural, a longer name opening with it, or a slip of the keys."""
    a = config.fold_group(name)
    for column in COLUMNS:
        b = config.fold_group(column)
        if a == b or len(a) < 4 or len(a) > len(b) + 8:  # a whole header in one piece resembles nothing
            continue
        stem = b if len(b) < 6 else b[:-1]  # 'countr' for 'countries'
        if a.startswith(stem) or (len(b) >= 4 and _edit_distance(a, b) <= 1 + (len(b) >= 7)):
            return column
    return None


def _unread_columns(header: list[str]) -> list[tuple[str, str]]:
    """(header, column meant) for every header the reader does not know that resembles a column the
    manifest lacks: such a column would be dropped without a word (a written submission left
    unattributed). A column of one's own beside the one it resembles ('country_note' beside 'country') is
    kept out quietly."""
    found = []
    for h in header:
        meant = _meant_column(h) if h not in COLUMNS else None
        if meant and meant not in header:
            found.append((h, meant))
    return found


def _misread(fields: list[str], header: list[str], line: int, last_line: int) -> str | None:
    """Why a row's values cannot be matched to the columns, or None.

    A value holding a line break is an unclosed quote (``"unclosed,``) that swallowed the rows after
    it, or a quoted value spread over lines: either way the file's lines are no longer its rows. More
    values than columns is an unquoted comma (``Dialogue, Africa session``).
    """
    broken = next((i for i, f in enumerate(fields) if "\n" in f or "\r" in f), None)
    if broken is not None:
        column = header[broken] if broken < len(header) else f"value {broken + 1}"
        return (
            f"the {column} value runs from line {line} to line {last_line}: a quote left unclosed?"
            " (a value may not hold a line break)"
        )
    if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
        return f"{len(fields)} values for {len(header)} columns"
    return None


def numbered_rows(reader, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(the line a row starts on, its values) for each row of a csv.reader that holds a value; a row it
    cannot read is one error naming where that row opened (`errors.unreadable_csv`). The manifest and
    speakers.csv read their rows so."""
    start = reader.line_num + 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if any(f.strip() for f in fields):
                yield line, fields
    except csv.Error as exc:
        raise unreadable_csv(exc, path, start, reader.line_num) from None


def _no_folder(raw_dir: Path) -> str:
    """Why a raw folder is not found: a relative path starts from the working folder, which in JupyterLab is
    notebooks/, so `data/raw` there misses the project's data/raw: say where it looked, and what to write.
    The default folder missing (a package installed outside a checkout looks in the working folder) is
    said to be the default, with how to name another."""
    said = "no such folder of raw transcripts"
    if raw_dir.resolve() == config.RAW_DIR.resolve():
        return (
            f"{said}: the default, data/raw under {config.root_said()}; give the folder holding sessions.csv"
            " (--raw FOLDER, RAW in a notebook) or set ANALYSIS_ROOT to a folder holding data/raw"
        )
    if raw_dir.is_absolute():
        return said
    said += f" in {Path.cwd()} (where a relative path starts: in JupyterLab, the notebook's folder)"
    project = config.ROOT / raw_dir
    return said + (f"; the project's is {project}: write that path" if project.is_dir() else "")


def read_manifest(raw_dir: str | Path, manifest: str | Path | None = None) -> pd.DataFrame:
    """``RAW/sessions.csv`` as a DataFrame, validated.

    ``manifest`` names a sessions.csv kept elsewhere (a read-only corpus); its
    ``file`` entries still resolve against, and must stay inside, ``raw_dir``.

    Columns: session_id, file, group, date, title, country, caveat (empty optional
    values are null; ``caveat`` is a warning every figure drawn from the session carries,
    such as "invented sample transcripts"), plus ``path`` (the transcript, resolved against ``raw_dir``)
    and ``line`` (the row's line in the manifest, for messages).
    Raises InputErrors listing every problem, one line each.
    """
    raw_dir = Path(raw_dir)
    mpath = Path(manifest) if manifest is not None else raw_dir / MANIFEST
    if not raw_dir.is_dir():
        raise InputError(_no_folder(raw_dir), raw_dir)
    if not mpath.is_file():
        raise InputError(f"missing manifest; expected columns {','.join(REQUIRED)}", mpath)
    empty = InputError(f"empty manifest; expected columns {','.join(REQUIRED)}", mpath, 1)
    if not has_text(mpath.read_bytes()):  # not a transcript's advice ("take its row out of sessions.csv")
        raise empty
    text = read_text(mpath)
    reader = csv.reader(io.StringIO(text), delimiter=separator(text))
    try:
        header = next(reader)
    except StopIteration:
        raise empty from None
    header = [h.strip().lower() for h in header]
    unread = _unread_columns(header)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        renames = "".join(f"; rename {h!r} {meant!r}?" for h, meant in unread if meant in missing)
        raise InputErrors(
            [
                InputError(
                    f"missing required column(s) {', '.join(missing)}; expected {','.join(REQUIRED)}"
                    f"[,{','.join(OPTIONAL)}]{renames}",
                    mpath,
                    1,
                )
            ]
        )
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    errors: list[InputError] = [
        InputError(f"column {h!r} is not read: rename it {meant!r} (or give it a name of your own)", mpath, 1)
        for h, meant in unread
    ]
    if dupes:
        twice = f"column(s) given twice: {', '.join(dupes)} (names are read without case): keep one of each"
        errors.append(InputError(twice, mpath, 1))

    rows: list[dict] = []
    listed = 0  # rows with values, misread ones included
    for line, fields in numbered_rows(reader, mpath):
        listed += 1
        misread = _misread(fields, header, line, reader.line_num)
        if misread:
            # Its values are not where the header says: every other check of the row would mislead.
            errors.append(InputError(misread, mpath, line))
            continue
        row = {h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)}
        row["line"] = line
        rows.append(row)
    if not listed:
        errors.append(
            InputError(
                f"manifest lists no sessions: add a row per transcript ({','.join(REQUIRED)})", mpath, 1
            )
        )

    where = "the manifest's folder" if mpath.parent.resolve() == raw_dir.resolve() else "the raw folder"
    seen: dict[str, int] = {}
    files: dict[Path, dict] = {}  # a transcript's resolved path -> the first row listing it
    for row in rows:
        line = row["line"]
        for col in REQUIRED:
            if not row.get(col):
                errors.append(InputError(f"empty {col}", mpath, line))
        sid = row.get("session_id", "")
        if sid:
            if sid in seen:
                errors.append(
                    InputError(f"duplicate session_id {sid!r} (first on line {seen[sid]})", mpath, line)
                )
            else:
                seen[sid] = line
        row["path"] = None
        if row.get("file"):
            path, problem = _check_file(row["file"], raw_dir, where)
            if problem:
                errors.append(InputError(problem, mpath, line))
            row["path"] = str(path) if path else None
            first = files.setdefault(path.resolve(), row) if path else row
            if first is not row:
                errors.append(
                    InputError(
                        f"file {row['file']!r} is also session {first.get('session_id')}'s (line "
                        f"{first['line']}): its speech would count twice",
                        mpath,
                        line,
                    )
                )
        d = row.get("date", "")
        if d:
            try:
                if not _ISO_DATE.fullmatch(d):
                    raise ValueError
                date.fromisoformat((d + "-01-01")[:10] if len(d) < 10 else d)
            except ValueError:
                errors.append(
                    InputError(
                        f"date {d!r} is not an ISO date (YYYY-MM-DD, or YYYY-MM or YYYY){_iso_advice(d)}",
                        mpath,
                        line,
                    )
                )
        c = row.get("country", "")
        if c:
            if c.upper() != c or countries.status(c) is None:
                meant = c.upper() if countries.status(c.upper()) else countries.lookup(c)
                write = f": write {meant}" if meant else ""
                errors.append(
                    InputError(f"country {c!r} is not an ISO 3166-1 alpha-3 code (or EU){write}", mpath, line)
                )

        caveat = row.get("caveat", "")
        if caveat and caveat.upper() == caveat and countries.status(caveat) is not None:
            errors.append(
                InputError(
                    f"caveat {caveat!r} is a country code: a submission's delegation goes in a `country`"
                    " column (columns are read by their header, not their place)",
                    mpath,
                    line,
                )
            )

    slips = group_typos([r["group"] for r in rows if r.get("group")])
    for row in rows:
        g = row.get("group", "")
        if g in slips:
            errors.append(
                InputError(
                    f"group {g!r} is another spelling of {slips[g]!r}; use one spelling for one group",
                    mpath,
                    row["line"],
                )
            )
    if errors:
        errors.sort(key=lambda e: e.line or 0)
        raise InputErrors(errors)

    df = pd.DataFrame(rows)
    for col in OPTIONAL:
        if col not in df.columns:
            df[col] = ""
    df = df[[*COLUMNS, "path", "line"]].copy()
    for col in OPTIONAL:
        df[col] = df[col].where(df[col] != "", None).astype("string")
    for col in REQUIRED:
        df[col] = df[col].astype("string")
    df["path"] = df["path"].astype("string")
    df["line"] = df["line"].astype("int64")
    return df.reset_index(drop=True)
