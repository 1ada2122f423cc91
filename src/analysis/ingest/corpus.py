"""The clean stage over a corpus: manifest -> readers -> cleaning and attribution -> ``turns`` and ``log``.

The manifest is checked before any work (a missing file, a bad column or a path outside the
folder stops everything). Then every transcript is read: ``clean_batch`` cleans the files it can
read and returns the others' errors, all of them, so one bad file does not cost the run;
``clean_corpus`` is the all-or-nothing form (any unreadable file raises, nothing is returned).
Nothing is ever written under the raw folder; the caller (pipeline.clean_stage) writes results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import catalogue, config
from analysis.errors import InputError, InputErrors
from analysis.ingest import attendance, speakers
from analysis.ingest.manifest import read_manifest
from analysis.ingest.readers import ReadResult, read_transcript
from analysis.ingest.turns import attributed_segments, merge_turns, turn_rows, typed_turns
from analysis.io import sha256_file
from analysis.progress import progress

OVERRIDES = "speakers.csv"
_LOG_COLUMNS = catalogue.table("cleaning_log").column_names()


@dataclass
class Batch:
    """A clean run: the turns and log of every file that could be read, and the errors of the others."""

    turns: pd.DataFrame
    log: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)
    sessions: pd.DataFrame | None = None  # the manifest's rows (read once, for the `sessions` table)
    unmatched_speakers: list[str] = field(default_factory=list)  # speakers.csv rows no turn's speaker matched

    def session_table(self) -> pd.DataFrame:
        """The `sessions` table: the manifest's rows of the sessions read, with each transcript's hash (the
        clean stamp fingerprints the folder as a whole; this names the file each session was read from) and
        the observers whose speech counts with each session's group."""
        sessions = self.sessions.loc[self.sessions["session_id"].isin(self.turns["session_id"])]
        sessions = sessions.assign(
            sha256=[sha256_file(p) for p in sessions["path"]],
            observers=attendance.observers_of(sessions, self.turns),
        )
        return sessions[catalogue.table("sessions").column_names()]

    def undated(self) -> list[str]:
        """The sessions read that the manifest gives no date, where it dates others (a cell left empty: the
        figures' span of dates leaves them out, "(1 undated)"); [] where it dates none, as dates are
        optional and no figure then prints a span; `figures.source` counts by the same rule). The manifest
        reads an empty cell as no date."""
        read = self.sessions.loc[self.sessions["session_id"].isin(self.turns["session_id"])]
        missing = read["date"].isna()
        return sorted(read.loc[missing, "session_id"].astype(str)) if not missing.all() else []

    def attendance_notes(self) -> dict[str, list[str]]:
        """What the run says of whose speech counts: labelled speakers given no delegation, member states
        of another group counted with a session's, sessions where no one's speech counts."""
        return {
            "unknown_speakers": attendance.unknown_speakers(self.turns),
            "guests": attendance.guests_of(self.turns),
            "silent": attendance.silent_sessions(self.turns),
            **attendance.not_codable(self.turns),
        }


def clean_corpus(
    raw_dir: str | Path, manifest: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every session in ``raw_dir/sessions.csv`` -> (turns, log); see docs/design.md for columns.

    All or nothing: any transcript that cannot be read raises (every such error at once).
    ``manifest`` may name a sessions.csv kept outside ``raw_dir``; a speakers.csv is
    then looked for beside that manifest.
    """
    batch = clean_batch(raw_dir, manifest)
    if batch.errors:
        raise batch.errors[0] if len(batch.errors) == 1 else InputErrors(batch.errors)
    return batch.turns, batch.log


def clean_batch(
    raw_dir: str | Path, manifest: str | Path | None = None, sessions: pd.DataFrame | None = None
) -> Batch:
    """Clean every transcript that can be read; the others' errors come back in ``Batch.errors``.

    The manifest and speakers.csv are checked first and still raise: they concern the whole run.
    ``sessions``: the manifest as the caller read it (``read_manifest``), so a run reads it once.
    """
    raw_dir = Path(raw_dir)
    sessions = read_manifest(raw_dir, manifest) if sessions is None else sessions
    opath = (Path(manifest).parent if manifest is not None else raw_dir) / OVERRIDES
    overrides = speakers.read_overrides(opath) if opath.is_file() else None
    results, errors = _read_all(sessions)

    all_rows: list[dict] = []
    all_log: list[dict] = []
    for row, result in progress(results, desc="cleaning", unit="session"):
        parts = attributed_segments(str(row["session_id"]), result, single=_single(row), overrides=overrides)
        rows, log = turn_rows(row, result, merge_turns(parts))
        _name_file_as_listed(rows + log, Path(row["path"]).name, str(row["file"]))
        too_long = _too_long(rows, Path(row["path"]))
        if too_long is not None:  # the parser would refuse it: as unreadable, the session left out
            errors.append(too_long)
            continue
        if not rows:  # read, but nothing was said: as unreadable, not a session quietly missing
            errors.append(
                InputError(
                    "no speech left after cleaning (only what the cleaning log lists as removed); "
                    "not a session the figures can count",
                    Path(row["path"]),
                )
            )
        all_rows.extend(rows)
        all_log.extend(log)

    turns = typed_turns(all_rows).sort_values(["session_id", "turn"], kind="stable").reset_index(drop=True)
    log = catalogue.conform("cleaning_log", pd.DataFrame(all_log, columns=_LOG_COLUMNS))
    log = log.sort_values(["session_id", "turn"], kind="stable", na_position="first").reset_index(drop=True)
    return Batch(turns, log, errors, sessions, speakers.unmatched_overrides(overrides, turns))


def _name_file_as_listed(rows: list[dict], name: str, file: str) -> None:
    """Each row's `source` opens with the file as the manifest lists it (`2023/KEN.txt:line 4`), not the bare
    name the readers give it, which two sessions kept in folders of their own can share."""
    if file == name:
        return
    for r in rows:
        source = r["source"]
        if isinstance(source, str) and (source == name or source.startswith(f"{name}:")):
            r["source"] = file + source[len(name) :]


def _too_long(rows: list[dict], path: Path) -> InputError | None:
    """The error for a file with a turn longer than the parser takes (config.MAX_TEXT_CHARS), else None.
    Such a turn is a whole file or a long stretch of it that its reader found no label or break in."""
    long = [r for r in rows if len(r["text"] or "") > config.MAX_TEXT_CHARS]
    if not long:
        return None
    first = long[0]
    more = f", and {len(long) - 1} more" if len(long) > 1 else ""
    return InputError(
        f"a turn of {len(first['text']):,} characters ({first['source']}){more}; the parser takes at most "
        f"{config.MAX_TEXT_CHARS:,}: label its speakers in a form a reader knows (README: Formats read) "
        "or split it into turns",
        path,
    )


def _single(row: dict) -> str | None:
    """The manifest's delegation when the whole file is one statement by it."""
    return None if row["country"] is None or pd.isna(row["country"]) else str(row["country"])


def _read_all(sessions: pd.DataFrame) -> tuple[list[tuple[dict, ReadResult]], list[InputError]]:
    """Read every transcript: the results of the readable ones, the errors of the others."""
    results: list[tuple[dict, ReadResult]] = []
    errors: list[InputError] = []
    for row in progress(list(sessions.itertuples(index=False)), desc="reading transcripts", unit="file"):
        row = row._asdict()
        try:
            results.append(
                (row, read_transcript(Path(row["path"]), single_statement=_single(row) is not None))
            )
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    return results, errors
