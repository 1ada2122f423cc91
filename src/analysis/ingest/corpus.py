"""The clean stage over a corpus: manifest -> readers -> cleaning and attribution -> ``turns`` and ``log``.

Every transcript is read before anything is returned, so one bad file stops the
run with a message naming it and no half-written output. Nothing is ever
written under the raw folder; the caller (pipeline.clean_stage) writes results.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import catalogue
from analysis.errors import InputError, InputErrors
from analysis.ingest import speakers
from analysis.ingest.manifest import read_manifest
from analysis.ingest.readers import ReadResult, read_transcript
from analysis.ingest.turns import attributed_segments, merge_turns, turn_rows, typed_turns
from analysis.progress import progress

OVERRIDES = "speakers.csv"
_LOG_COLUMNS = catalogue.table("cleaning_log").column_names()


def clean_corpus(
    raw_dir: str | Path, manifest: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every session in ``raw_dir/sessions.csv`` -> (turns, log); see docs/design.md for columns.

    ``manifest`` may name a sessions.csv kept outside ``raw_dir``; a speakers.csv is
    then looked for beside that manifest.
    """
    raw_dir = Path(raw_dir)
    sessions = read_manifest(raw_dir, manifest)
    opath = (Path(manifest).parent if manifest is not None else raw_dir) / OVERRIDES
    overrides = speakers.read_overrides(opath) if opath.is_file() else None
    results = _read_all(sessions)

    all_rows: list[dict] = []
    all_log: list[dict] = []
    for row, result in progress(results, desc="cleaning", unit="session"):
        parts = attributed_segments(str(row["session_id"]), result, single=_single(row), overrides=overrides)
        rows, log = turn_rows(row, result, merge_turns(parts))
        all_rows.extend(rows)
        all_log.extend(log)

    turns = typed_turns(all_rows).sort_values(["session_id", "turn"], kind="stable").reset_index(drop=True)
    log = catalogue.conform("cleaning_log", pd.DataFrame(all_log, columns=_LOG_COLUMNS))
    log = log.sort_values(["session_id", "turn"], kind="stable", na_position="first").reset_index(drop=True)
    return turns, log


def _single(row: dict) -> str | None:
    """The manifest's delegation when the whole file is one statement by it."""
    return None if row["country"] is None or pd.isna(row["country"]) else str(row["country"])


def _read_all(sessions: pd.DataFrame) -> list[tuple[dict, ReadResult]]:
    """Read every transcript; every unreadable one is reported together."""
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
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return results
