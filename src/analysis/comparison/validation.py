"""A validation sample: counted sentences coded by people, to correct the machine's shares.

Two jobs. `draw` takes a seeded simple random sample of each group's counted sentences and
returns it as a coding sheet (`id, group, country, text, themes`, themes empty) for a person to
fill in, by hand or in JupyterLab (`analysis.report.coding_widget`). `load` reads a filled sheet,
or any TSV with `text` and `themes` columns, and finds its sentences among the counted
sentences: by sentence id where the sheet gives one (and it still holds the row's text), else by
normalised text (`coding.sheets`).
Where a text occurs more than once, the sentence of the sheet's own group and country (columns
`group`, and `country` or `iso3`, where the sheet has them) is taken. Rows not coded yet (an
empty themes cell; `none` means coded, no theme) are left out; rows that match no counted
sentence, or repeat a sentence already matched, are reported by line. A matched sentence whose codes
people replaced (`themes --overrides`) is an error: the coder's errors cannot be measured on it.

Only a random sample within each group corrects without bias (docs/statistics.md): a sheet of
hand-picked sentences would give corrected shares that are not what a person would find.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import catalogue, config, io
from analysis.coding import sheets
from analysis.coding.sentences import counted
from analysis.comparison.tables import rng
from analysis.errors import InputError
from analysis.io import text_sha256_file

SHEET_COLUMNS = ["id", "group", "country", "text", "themes"]


def draw(sentences: pd.DataFrame, n: int) -> pd.DataFrame:
    """A coding sheet of `n` counted sentences drawn at random from every group (all of a group's
    sentences where it has fewer), rows shuffled so that groups interleave: a coder's fatigue or
    drift then does not line up with a group. Seeded per group (`config.SEED`). Sentences whose codes
    people gave (`themes --overrides`) are not drawn: `load` refuses them, as the coder's errors cannot
    be measured on them."""
    if n < 1:
        raise InputError(f"--n must be at least 1 (got {n})")
    units = counted(sentences)
    n_counted = len(units)
    if "overridden" in units:  # people's codes, not the coder's: its errors cannot be measured on them
        units = units[~units["overridden"].fillna(False).to_numpy(dtype=bool)]
    picks = []
    for g in config.group_order(units["group"].dropna().astype(str).unique()):
        pool = units[(units["group"] == g).to_numpy(dtype=bool)]
        chosen = rng("sample", g).choice(len(pool), size=min(n, len(pool)), replace=False)
        picks.append(pool.iloc[np.sort(chosen)])
    if not picks:
        raise InputError(_nothing_to_sample(n_counted))
    sample = pd.concat(picks, ignore_index=True)
    sample = sample.iloc[rng("sample", "order").permutation(len(sample))].reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": sample["sentence_id"].astype(str),
            "group": sample["group"].astype(str),
            "country": sample["country"].astype(str),
            "text": sample["text"].astype(str),
            "themes": "",
        },
        columns=SHEET_COLUMNS,
    )


def _nothing_to_sample(n_counted: int) -> str:
    """Why no sentence can be drawn. `sample` reads the code stage's sentences, so running `themes` again
    would not help: only the chair took the floor, or people's codes replaced every counted sentence."""
    if n_counted:
        return (
            "no counted sentences to sample: every counted sentence took people's codes (--overrides), "
            "on which the coder's errors cannot be measured"
        )
    return (
        "no counted sentences to sample: no delegation's sentence counts in these sessions (only the chair, "
        "or speakers given no delegation, took the floor; `clean` names each such session)"
    )


def default_sheet(processed: str | Path) -> Path:
    """Where `sample` writes without --out: data/validation/validation-sheet.tsv for the project's
    data/processed (notebooks and the coding widget look there), else validation/validation-sheet.tsv beside
    the processed folder, as data/validation stands beside data/processed: a new round's sheet belongs with
    its round, not among the bundled sample's, where `make figures VALIDATION=...` would pair it with them.
    A folder beside data/processed (data/processed-2025) names its sheet after itself
    (data/validation/validation-sheet-processed-2025.tsv): the bundled sample's name there is taken."""
    if _bundled(processed):
        return config.SAMPLE_SHEET
    folder = Path(processed).resolve()
    beside = folder.parent / config.SAMPLE_SHEET.parent.name / config.SAMPLE_SHEET.name
    if beside == config.SAMPLE_SHEET.resolve():  # data/processed-2025: the sample's name is taken
        return beside.with_name(f"{beside.stem}-{folder.name}{beside.suffix}")
    return beside


def _bundled(processed: str | Path) -> bool:
    return Path(processed).resolve() == config.PROCESSED_DIR.resolve()


def write_sample(processed: str | Path, n: int, out: str | Path | None = None, force: bool = False) -> str:
    """The `sample` command: draw `n` counted sentences per group from PROCESSED into a coding sheet
    (its folder made if need be; `out` None: ``default_sheet``). A sheet already at `out` may hold hours of a
    person's coding: it is replaced only with `force`."""
    beside = out is None and not _bundled(processed)
    out = default_sheet(processed) if out is None else out
    sheets.refuse_to_replace(out, force)
    catalogue.check_in_step(processed, ["sentences"])
    columns = ["sentence_id", "group", "country", "counted", "text", "overridden"]
    every = catalogue.read(processed, "sentences", columns=columns)
    sheet = draw(every, n)
    try:
        sheets.write_sheet(sheet, out)
    except PermissionError:  # under the raw folder (never written), or a folder the user may not write to
        where = (
            "the raw data folder is read-only (the toolkit never writes there)"
            if Path(out).resolve().is_relative_to(io.RAW_DIR.resolve())
            else "permission denied"
        )
        raise InputError(
            f"{where}: leave out --out (the sheet then goes to {_from_root(default_sheet(processed))}) or "
            "name a file in a folder you can write to",
            out,
        ) from None
    counts = sheet["group"].value_counts()
    short = [
        f"{config.GROUP_SHORT.get(g, g)}: all {counts[g]}"
        for g in config.group_order(counts.index)
        if counts[g] < n
    ]
    fewer = f" ({'; '.join(short)})" if short else ""
    over = int((every["counted"] & every["overridden"]).sum())
    fewer += f"; {over} coded by people (--overrides) are not drawn" if over else ""
    # the default beside another processed folder, said: the README's data/validation is the bundled sample's
    where = (
        f" (beside {processed}, as data/validation is beside data/processed; --out names another file)"
        if beside
        else ""
    )
    said = (
        f"sample: {len(sheet):,} counted sentences, {'up to ' * bool(short)}{n:,} from each of {len(counts)} "
        f"groups{fewer} -> {out}{where}\n"
        "  code each row's themes (ids separated by ;, or none) from the text and the codebook, without "
        "looking at the machine's codes; then pass the sheet to each command that should use it (none "
        "picks it up from where it is):\n"
    )
    if not _bundled(processed):  # the sentences of other transcripts
        return said + (
            f"    python -m analysis themes --processed {_shown(processed)} --validation {_shown(out)}\n"
            f"    python -m analysis figures --processed {_shown(processed)} --out FOLDER\n"
            f'  notebooks 03 and 04: VALIDATION = "{Path(out).resolve().as_posix()}" in their parameters '
            f"cell (else they read RAW/{config.VALIDATION_SHEET})\n"
            "  to code it in JupyterLab (without a path the widget opens data/validation's sheet): "
            f'coding_widget("{Path(out).resolve().as_posix()}")'
        )
    said += (
        f"    python -m analysis themes --validation {_shown(out)}\n"
        f"    python -m analysis run --validation {_shown(out)}\n"
    )
    if not config.is_checkout(config.ROOT):  # an installed package: no Makefile, no notebooks to name
        return said + "  without it, run uses RAW/validation-sample.tsv if there is one"
    return said + (
        f"    make figures VALIDATION={_from_root(out)}\n"
        "  without it, run, make figures and the notebooks use RAW/validation-sample.tsv if there is one "
        "(notebooks 03 and 04 take another as VALIDATION in their parameters cell)"
    )


def _from_root(path: str | Path) -> str:
    """A path as `make` (run in the project's folder) can take it: relative to the project when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(config.ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def _shown(path: str | Path) -> str:
    """A path as the next command can take it: relative to the working folder when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Validation:
    """The human codes of the matched sentences and what happened to every sheet row."""

    human: pd.DataFrame  # bool, one column per theme id, indexed by the matched rows of the counted frame
    record: dict  # file, sha256, rows, coded_rows, matched_rows, groups, unmatched, not_counted, notes


def _country(row: pd.Series) -> str:
    return str(row.get("country", "") or row.get("iso3", "") or "")


def _pick(row: pd.Series, positions: list[int], groups: np.ndarray, countries: np.ndarray) -> int:
    """Of several sentences with the row's text, one of its group and country where there is one
    (`groups`, `countries`: the counted sentences')."""
    if len(positions) == 1:
        return positions[0]
    group, country = str(row.get("group", "") or ""), _country(row)
    same_group = [p for p in positions if not group or groups[p] == group]
    same_country = [p for p in same_group if not country or countries[p] == country]
    return (same_country or same_group or positions)[0]


def _refuse_overridden(units: pd.DataFrame, order: list[int], lines: list[int], path: Path) -> None:
    """A validated sentence whose codes people replaced (`themes --overrides`) no longer holds the coder's
    codes: on it the coder would seem never to err, and the correction would say so for every sentence."""
    if "overridden" not in units:
        return
    over = units["overridden"].fillna(False).to_numpy(dtype=bool)[order]
    if over.any():
        raise overridden_error([n for n, o in zip(lines, over, strict=True) if o], path)


def overridden_error(lines: list[int], path: Path) -> InputError:
    """The refusal of a validation sheet whose rows on `lines` are sentences people's codes replaced."""
    at = sorted(int(n) for n in lines)
    more = f", and {len(at) - 3} more" if len(at) > 3 else ""
    return InputError(
        f"{len(at)} of its sentences carry people's codes from --overrides (lines "
        f"{', '.join(map(str, at[:3]))}{more}): the coder's errors cannot be measured on them, and the "
        "corrected shares would say it made none. Leave the validation sample's sentences out of the "
        "overrides sheet (or run themes without --overrides)",
        path,
    )


def load(
    path: str | Path, units: pd.DataFrame, ids: list[str], others: pd.DataFrame | None = None,
    labels: dict[str, tuple[str, ...]] | None = None,
) -> Validation:  # fmt: skip
    """Match the coded sheet at `path` to `units` (the counted sentences, with `sentence_id`,
    `group`, `country`, `text`) -> the people's codes of the matched sentences and a record.

    A row that is one of `others` (the sentences not counted: "Thank you, Chair.") is outside the
    population the shares describe, so it is left out and recorded as `not_counted`, apart from the
    rows not found at all: a sample drawn at random from the counted sentences and a few more is still
    a random sample of the counted ones. `labels` (id -> label and short label) lets the sheet name
    themes by label (the record's `notes` say so)."""
    path = Path(path)
    sheet = sheets.read_sheet(path, ids, labels=labels)
    coded = sheets.coded_rows(sheet, path)
    found = sheets.match(coded, units)
    taken: dict[int, int] = {}

    outside, moved = set(), set(found.moved)
    if others is not None and len(others) and found.unmatched:
        rest = sheets.match(coded.iloc[found.unmatched].reset_index(drop=True), others)
        outside = {found.unmatched[k] for k in rest.positions}
        moved |= {found.unmatched[k] for k in rest.moved}
    unmatched = [
        sheets.not_found(coded, k, moved, text_first=True) for k in found.unmatched if k not in outside
    ]
    not_counted = [sheets.not_found(coded, k, text_first=True) for k in sorted(outside)]
    groups, countries = units["group"].to_numpy(dtype=object), units["country"].to_numpy(dtype=object)
    for k, positions in sorted(found.positions.items()):
        p = _pick(coded.iloc[k], positions, groups, countries)
        if p in taken:
            unmatched.append(
                f"line {coded.at[k, 'line']}: the same sentence as line {coded.at[taken[p], 'line']}"
            )
            continue
        taken[p] = k
    order = sorted(taken)
    if not order:
        raise InputError(
            f"none of its {len(coded)} coded rows is a counted sentence of these sessions (by id, else by "
            "text): a sheet drawn from other transcripts, or from an older cleaning?",
            path,
        )
    _refuse_overridden(units, order, [coded.at[taken[p], "line"] for p in order], path)
    themes = coded["themes"].tolist()
    human = pd.DataFrame(
        [[t in themes[taken[p]] for t in ids] for p in order],
        columns=list(ids),
        index=units.index[order],
        dtype=bool,
    )
    groups = units.loc[human.index, "group"].astype(str).value_counts()
    record = {
        "file": path.name,
        "sha256": text_sha256_file(path),
        "rows": len(sheet),
        "coded_rows": len(coded),
        "matched_rows": len(human),
        "groups": {g: int(groups[g]) for g in config.group_order(groups.index)},
        "unmatched": sorted(unmatched, key=lambda s: int(s.split(":")[0].split()[1])),
        "not_counted": not_counted,
        "notes": sheet.attrs["notes"],
    }
    return Validation(human, record)
