"""An analyst's corrections: sentences coded by people win over the machine's codes.

A team that has adjudicated some sentences (in a sheet, or in a QDA suite and
brought back with `import-coding`) gives them to the code stage with
`--overrides`. Each matched sentence gets exactly the sheet's themes and is
marked `overridden`; the machine's evidence stays for the themes the people
kept, a row with rule `analyst` (the whole sentence) stands for each theme they
added, and what they removed loses its evidence. What was applied, and what
could not be found, is recorded in provenance; a sheet none of whose rows is found
is refused (it was coded from other transcripts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import catalogue
from analysis.coding import sheets
from analysis.errors import InputError
from analysis.ingest.attendance import is_counted
from analysis.io import text_sha256_file

RULE = "analyst"


@dataclass(frozen=True)
class Applied:
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    record: dict  # for provenance.json: file, sha256, rows, matched rows, changed sentences, unmatched, notes


def _counted(sentences: pd.DataFrame, overridden: list[bool]) -> pd.Series:
    """The `counted` flag with people's codes: a delegation's substantive sentence coded by people counts
    whatever its language (a statement kept in Spanish, coded by hand: what the code stage's warning
    asks for), as the codebook's codes count."""
    people = pd.Series(overridden, index=sentences.index, dtype=bool)
    delegation = is_counted(sentences["role"], sentences["procedural"], sentences["country"])
    return sentences["counted"].astype(bool) | (people & delegation)


def apply(
    sentences: pd.DataFrame, evidence: pd.DataFrame, path: str | Path, known: list[str],
    labels: dict[str, tuple[str, ...]] | None = None,
) -> Applied:  # fmt: skip
    """Apply the coded sheet at `path` to the `sentences` and `evidence` tables (catalogue shapes);
    `labels` (id -> label and short label, `codebook.names()`) lets the sheet name themes by label."""
    path = Path(path)
    whole = sheets.read_sheet(path, known, labels=labels)
    # a row whose themes cell is empty is not coded yet (`none` is a code): it overrides nothing, or a
    # half-coded sheet (an export brought back before every row was reviewed) would wipe the machine's codes
    sheet = sheets.coded_rows(whole, path)
    found = sheets.match(sheet, sentences)
    if not found.positions:
        raise InputError(
            f"none of its {len(sheet)} coded rows is a sentence of these sessions (by id, else by text): a "
            "sheet coded from other transcripts, or from an older cleaning? (the first: "
            f"{sheets.not_found(sheet, found.unmatched[0], found.moved)})",
            path,
        )
    themes = sentences["themes"].tolist()
    themes = [list(t) if t is not None else [] for t in themes]
    overridden = [False] * len(sentences)
    for k, positions in found.positions.items():
        for i in positions:
            themes[i] = list(sheet.at[k, "themes"])
            overridden[i] = True
    changed = [i for i, o in enumerate(overridden) if o and list(sentences["themes"].iloc[i]) != themes[i]]
    out = sentences.assign(themes=themes, overridden=overridden, counted=_counted(sentences, overridden))
    keep = dict(zip(out["sentence_id"], out["themes"], strict=True))
    # the machine's evidence for what the people kept; nothing for what they removed
    kept = evidence[
        [t in keep.get(s, ()) for s, t in zip(evidence["sentence_id"], evidence["theme"], strict=True)]
    ]
    has = set(zip(kept["sentence_id"], kept["theme"], strict=True))
    added = [
        {"sentence_id": r.sentence_id, "theme": t, "rule": RULE, "text": "", "start": r.start, "end": r.end}
        for r in out[out["overridden"]].itertuples(index=False)
        for t in r.themes
        if (r.sentence_id, t) not in has
    ]
    columns = catalogue.table("evidence").column_names()
    ev = pd.concat([kept, pd.DataFrame(added, columns=columns)], ignore_index=True) if added else kept
    order = {sid: i for i, sid in enumerate(out["sentence_id"])}  # evidence follows the sentences' order
    ev = ev.iloc[ev["sentence_id"].map(order).argsort(kind="stable")].reset_index(drop=True)
    record = {
        "file": path.name,
        "sha256": text_sha256_file(path),
        "rows": len(whole),
        "uncoded_rows": len(whole) - len(sheet),
        "matched_rows": len(found.positions),
        "sentences_overridden": int(sum(overridden)),
        "sentences_changed": len(changed),
        "unmatched": [sheets.not_found(sheet, k, found.moved) for k in found.unmatched],
        "notes": whole.attrs["notes"],
    }
    return Applied(catalogue.conform("sentences", out), catalogue.conform("evidence", ev), record)
