"""Manifests for folders of single statements named like the UN General Debate Corpus.

`KEN_78_2023.txt` is Kenya's speech at the 78th session (2023). Each file becomes
a session of one statement (`country` set, so no speaker labels are parsed),
grouped by the delegation's UN regional group from the project's country table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import config, countries
from analysis.errors import InputError
from analysis.io import write_csv

FILENAME = re.compile(r"^(?P<iso3>[A-Z]{2,4})_(?P<session>\d{1,3})_(?P<year>\d{4})\.txt$")
NO_GROUP = config.NO_GROUP


def parse_years(spec: str | None) -> set[int] | None:
    """'2021-2022' or '2015,2023' (or a mix) -> a set of years; None means all."""
    if spec is None or not spec.strip():
        return None
    years: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", part)
        if not m:
            raise InputError(f"--years: cannot read {part!r}; use e.g. 2021-2022 or 2015,2023")
        lo = int(m.group(1))
        hi = int(m.group(2) or lo)
        if hi < lo:
            raise InputError(f"--years: range {part!r} runs backwards")
        years.update(range(lo, hi + 1))
    return years


def scan(folder: str | Path, years: set[int] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The manifest rows for every matching file under `folder`, and the files skipped (with why)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", folder)
    rows, skipped = [], []
    for path in sorted(folder.rglob("*.txt")):
        m = FILENAME.match(path.name)
        if not m:
            continue
        year = int(m["year"])
        if years is not None and year not in years:
            continue
        code = m["iso3"]
        # four letters: the corpus's codes for states gone before 1991 (YDYE, CSHH), never a table's code
        # ("CUBA" would otherwise be looked up as a name)
        iso3 = countries.lookup(code) if len(code) < 4 else None
        if iso3 is None:
            skipped.append(f"{path.relative_to(folder)}: {code} is not in the country table")
            continue
        rows.append(
            {
                "session_id": path.stem,
                "file": path.relative_to(folder).as_posix(),
                "group": countries.group_of(iso3) or NO_GROUP,
                "date": f"{year}",  # the files give the year only (ISO 8601 reduced precision)
                "title": f"General Debate, session {int(m['session'])} ({year}): {countries.name(iso3)}",
                "country": iso3,
                "year": year,
            }
        )
    df = pd.DataFrame(rows, columns=["session_id", "file", "group", "date", "title", "country", "year"])
    return df.sort_values("session_id", kind="stable").reset_index(drop=True), skipped


def write_manifest(folder: str | Path, out: str | Path | None = None, years: str | None = None) -> str:
    """Write the manifest; `out` defaults to FOLDER/sessions.csv (use --out for a read-only corpus)."""
    folder = Path(folder)
    df, skipped = scan(folder, parse_years(years))
    if df.empty:
        asked = f" for the years {years}" if years else ""
        raise InputError(f"no files named like ISO3_SESSION_YEAR.txt (KEN_78_2023.txt){asked}", folder)
    out = Path(out) if out is not None else folder / "sessions.csv"
    if out.suffix != ".csv":
        out = out / "sessions.csv"
    write_csv(df, out)
    msg = (
        f"manifest: {len(df):,} statements by {df['country'].nunique():,} delegations in "
        f"{df['group'].nunique()} groups -> {out}"
    )
    # the whole analysis into a folder of its own (never over the bundled sample's data/processed, nor the
    # project's own folder); --manifest unless `run` finds it itself, as RAW/sessions.csv
    default = out.resolve() == (folder / "sessions.csv").resolve()
    manifest = "" if default else f" --manifest {out}"
    dedicated = not default and out.name == "sessions.csv" and out.parent.resolve() != Path.cwd().resolve()
    where = out.parent if dedicated else Path("data/processed/gdc") / (years or "all")
    msg += (
        f"\n  analyse it with: python -m analysis run --raw {folder}{manifest} --processed {where}"
        f" --out reports/figures/gdc/{years or 'all'}"
    )
    for s in skipped:
        msg += f"\n  skipped {s}"
    return msg
