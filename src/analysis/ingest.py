"""The clean stage: manifest -> readers -> clean -> speakers -> ``turns`` and ``log``.

Every transcript is read before anything is returned, so one bad file stops the
run with a message naming it and no half-written output. Nothing is ever
written under the raw folder; the caller (pipeline.clean_stage) writes results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import clean as cleaning
from analysis.errors import InputError, InputErrors
from analysis.manifest import read_manifest
from analysis.progress import progress
from analysis.readers import ReadResult, read_transcript

TURN_COLUMNS = [
    "session_id",
    "group",
    "turn",
    "speaker",
    "country",
    "role",
    "text",
    "source",
    "delegation",
    "floor_language",
    "procedural",
    "n_words",
    "file",
]
_NON_STRING = {"turn": "int64", "n_words": "int64", "procedural": bool}
LOG_COLUMNS = ["session_id", "turn", "what", "why", "source"]
OVERRIDES = "speakers.csv"


@dataclass
class _Turn:
    label: str | None
    speaker: str
    country: str | None
    role: str
    delegation: str | None
    texts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    removals: list[tuple[str, str, str]] = field(default_factory=list)
    floor_language: str | None = None
    inferred: bool = False


def _merge_sources(sources: list[str]) -> str:
    """``a.vtt:cues 3-5`` + ``a.vtt:cue 6`` -> ``a.vtt:cues 3-6``."""
    if len(sources) == 1:
        return sources[0]
    name, first = sources[0].split(":", 1)
    last = sources[-1].split(":", 1)[1]
    unit = first.split()[0]
    unit = unit if unit.endswith("s") else unit + "s"
    a = first.split()[-1].split("-")[0]
    b = last.split()[-1].split("-")[-1]
    return f"{name}:{unit} {a}-{b}" if a != b else f"{name}:{unit.rstrip('s')} {a}"


def _delegation_name(iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    if iso3 == "EU":
        return "European Union"
    from analysis import countries

    try:
        table = countries.table()
        for col in ("name", "short_name", "name_en"):
            if col in table.columns and "iso3" in table.columns:
                hit = table.loc[table["iso3"] == iso3, col]
                if len(hit):
                    return str(hit.iloc[0])
    except Exception:  # noqa: BLE001 - the name is a courtesy column; fall back to the code
        pass
    return iso3


def _session_turns(row, result: ReadResult, overrides: pd.DataFrame | None) -> tuple[list[dict], list[dict]]:
    from analysis import speakers

    sid, file = str(row["session_id"]), str(row["file"])
    log: list[dict] = [
        {"session_id": sid, "turn": None, "what": w, "why": y, "source": s} for w, y, s in result.removals
    ]
    turns: list[_Turn] = []
    single = row["country"] is not None and not pd.isna(row["country"])
    prev_text = ""
    for seg in result.segments:
        cleaned = cleaning.clean(seg.text)
        removals = list(seg.removals) + [(w, y, seg.source) for w, y in cleaned.removals]
        if single:
            country = str(row["country"])
            turn = _Turn(
                None,
                "",
                country,
                "observer" if country == "EU" else "member_state",
                _delegation_name(country),
            )
        elif seg.label is not None:
            a = speakers.attribute(seg.label, overrides=overrides, session_id=sid)
            turn = _Turn(seg.label, a.speaker, a.country, a.role, a.delegation or a.speaker)
            given = speakers.floor_given_to(prev_text) if a.role == "unknown" and prev_text else None
            if given:
                # A device name ("iPhone", "Galaxy S21") right after the chair gave the floor to X: that is X.
                turn = _Turn(
                    seg.label,
                    a.speaker,
                    given,
                    "observer" if given == "EU" else "member_state",
                    _delegation_name(given),
                    inferred=True,
                )
                removals.append(
                    (
                        f"{seg.label} -> {given} (given the floor in the previous turn)",
                        "attribution_inferred",
                        seg.source,
                    )
                )
        else:
            # The source names nobody (auto-captions): the chair's "I give the floor to X"
            # names the next speaker.
            given = speakers.floor_given_to(prev_text) if prev_text else None
            if given:
                turn = _Turn(
                    None,
                    "",
                    given,
                    "observer" if given == "EU" else "member_state",
                    _delegation_name(given),
                    inferred=True,
                )
                removals.append(
                    (f"{given} (given the floor in the previous turn)", "attribution_inferred", seg.source)
                )
            else:
                turn = _Turn(None, "", None, "unknown", None)
        prev_text = cleaned.text
        last = turns[-1] if turns else None
        same = last is not None and (
            single
            or (
                seg.label is not None
                and last.label is not None
                and (last.speaker, last.country, last.role) == (turn.speaker, turn.country, turn.role)
            )
        )
        if same:
            last.texts.append(cleaned.text)
            last.sources.append(seg.source)
            last.removals.extend(removals)
            last.floor_language = last.floor_language or cleaned.floor_language
        else:
            turn.texts.append(cleaned.text)
            turn.sources.append(seg.source)
            turn.removals.extend(removals)
            turn.floor_language = cleaned.floor_language
            turns.append(turn)

    rows: list[dict] = []
    for t in turns:
        text = " ".join(x for x in t.texts if x).strip()
        source = _merge_sources(t.sources)
        if not text:
            log.extend(
                {"session_id": sid, "turn": None, "what": w, "why": y, "source": s} for w, y, s in t.removals
            )
            log.append(
                {
                    "session_id": sid,
                    "turn": None,
                    "what": t.label or "(unlabelled)",
                    "why": "empty_turn",
                    "source": source,
                }
            )
            continue
        n = len(rows)
        log.extend({"session_id": sid, "turn": n, "what": w, "why": y, "source": s} for w, y, s in t.removals)
        if t.role == "unknown":
            log.append(
                {
                    "session_id": sid,
                    "turn": n,
                    "what": t.label or "(unlabelled)",
                    "why": "unattributed",
                    "source": source,
                }
            )
        rows.append(
            {
                "session_id": sid,
                "group": str(row["group"]),
                "turn": n,
                "speaker": t.speaker,
                "country": t.country,
                "role": t.role,
                "text": text,
                "source": source,
                "delegation": t.delegation,
                "floor_language": t.floor_language,
                "procedural": cleaning.is_procedural(text),
                "n_words": len(text.split()),
                "file": file,
            }
        )
    return rows, log


def empty_turns() -> pd.DataFrame:
    return _typed_turns(pd.DataFrame({c: [] for c in TURN_COLUMNS}))


def _typed_turns(df: pd.DataFrame) -> pd.DataFrame:
    df = df[TURN_COLUMNS].copy()
    for col in (c for c in TURN_COLUMNS if c not in _NON_STRING):
        df[col] = df[col].astype("string")
    return df.astype(_NON_STRING)


def _typed_log(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reindex(columns=LOG_COLUMNS).copy()
    for col in ("session_id", "what", "why", "source"):
        df[col] = df[col].astype("string")
    df["turn"] = df["turn"].astype("Int64")
    return df


def clean_corpus(
    raw_dir: str | Path, manifest: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every session in ``raw_dir/sessions.csv`` -> (turns, log); see docs/design.md for columns.

    ``manifest`` may name a sessions.csv kept outside ``raw_dir``; a speakers.csv is
    then looked for beside that manifest.
    """
    from analysis import speakers

    raw_dir = Path(raw_dir)
    sessions = read_manifest(raw_dir, manifest)
    overrides = None
    opath = (Path(manifest).parent if manifest is not None else raw_dir) / OVERRIDES
    if opath.is_file():
        overrides = speakers.read_overrides(opath)

    results: list[tuple[object, ReadResult]] = []
    errors: list[InputError] = []
    rows_iter = progress(list(sessions.itertuples(index=False)), desc="reading transcripts", unit="file")
    for row in rows_iter:
        row = row._asdict()
        single = row["country"] is not None and not pd.isna(row["country"])
        try:
            results.append((row, read_transcript(Path(row["path"]), single_statement=single)))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    all_rows: list[dict] = []
    all_log: list[dict] = []
    for row, result in progress(results, desc="cleaning", unit="session"):
        rows, log = _session_turns(row, result, overrides)
        all_rows.extend(rows)
        all_log.extend(log)

    turns = _typed_turns(pd.DataFrame(all_rows)) if all_rows else empty_turns()
    turns = turns.sort_values(["session_id", "turn"], kind="stable").reset_index(drop=True)
    log = _typed_log(pd.DataFrame(all_log, columns=LOG_COLUMNS))
    log = log.sort_values(["session_id", "turn"], kind="stable", na_position="first").reset_index(drop=True)
    return turns, log
