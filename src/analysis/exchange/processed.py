"""The exchange commands over a processed folder: read its tables (checked), export or import, write.

Problems with the tables are reported as one line naming the file (`InputError`), and
every output is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import catalogue
from analysis.coding.sheets import refuse_to_replace
from analysis.errors import InputError
from analysis.exchange import qdc
from analysis.exchange.import_coding import Imported, check_project_file, import_coding
from analysis.exchange.qdpx import DEFAULT_NAME, ProjectSummary, export_project
from analysis.io import atomic_write_bytes, defuse_formula

_BLANKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def read_tables(processed: str | Path) -> dict[str, pd.DataFrame]:
    """turns, sentences and evidence of a processed folder, checked against the catalogue and made from
    the same turns (`catalogue.check_in_step`)."""
    tables = {name: catalogue.read(processed, name) for name in ("turns", "sentences", "evidence")}
    catalogue.check_in_step(processed, ["sentences", "evidence"])
    return tables


def _blame(exc: InputError, processed: Path) -> InputError:
    """An error found in a table, named by its file: `sentences: ...` -> `.../sentences.parquet: ...`."""
    if exc.path is not None:
        return exc
    table, sep, rest = exc.message.partition(": ")
    if sep and table in ("turns", "sentences", "evidence"):
        return InputError(rest, catalogue.path(processed, table))
    return InputError(exc.message, processed)


def _check_codebook(processed: Path, codebook) -> None:
    """The sentences must have been coded with the codebook the export describes."""
    used = catalogue.read_document(processed, "provenance").get("codebook_hash")
    if used and used != codebook.hash:
        raise InputError(
            f"coded with codebook {used[:12]}, not the current {codebook.version} ({codebook.hash[:12]}); "
            "re-run `python -m analysis themes`",
            catalogue.path(processed, "provenance"),
        )


def export_processed(processed: str | Path, out: str | Path, name: str | None = None) -> ProjectSummary:
    """`export`: the processed folder's sessions and coded sentences as a `.qdpx` project."""
    processed, out = Path(processed), Path(out)
    if out.suffix.lower() != ".qdpx":
        raise InputError("a REFI-QDA project is written as a .qdpx file", out)
    codebook = qdc.load_codebook()
    tables = read_tables(processed)
    _check_codebook(processed, codebook)
    try:
        return export_project(
            tables["turns"], tables["sentences"], tables["evidence"], codebook, out, name=name or DEFAULT_NAME
        )
    except InputError as exc:
        raise _blame(exc, processed) from None


def export_codebook_file(out: str | Path) -> str:
    """`export --codebook-only`: the codebook as a `.qdc` file."""
    out = Path(out)
    if out.suffix.lower() != ".qdc":
        raise InputError("a REFI-QDA codebook is written as a .qdc file", out)
    codebook = qdc.load_codebook()
    path = qdc.export_codebook(codebook, out)
    return f"export: codebook {codebook.version}, {len(codebook.themes)} codes -> {path}"


def tsv_bytes(df: pd.DataFrame) -> bytes:
    """Tab-separated, unquoted (as the coded TSVs are read): tabs and line breaks in a text become spaces;
    a cell a spreadsheet would run as a formula (a suite's note or user name, a sentence) is written as
    text (`io.defuse_formula`; `sheets.read_sheet` reads a sentence back as said)."""
    rows = [df.columns, *df.itertuples(index=False)]
    lines = ("\t".join(defuse_formula(str(v).translate(_BLANKS)) for v in row) + "\n" for row in rows)
    return "".join(lines).encode("utf-8")


def import_processed(
    qdpx: str | Path, processed: str | Path, out: str | Path, force: bool = False
) -> tuple[str, list[str]]:
    """`import-coding`: a `.qdpx`'s codings onto the processed sentences, as a TSV
    `id, text, themes, coded_by, note` (a sheet already at `out` is replaced only with `force`)."""
    processed, out = Path(processed), Path(out)
    refuse_to_replace(out, force)
    check_project_file(Path(qdpx))
    tables = read_tables(processed)
    try:
        result: Imported = import_coding(
            qdpx, tables["turns"], tables["sentences"], qdc.load_codebook(), tables["evidence"]
        )
    except InputError as exc:
        raise _blame(exc, processed) from None
    atomic_write_bytes(out, tsv_bytes(result.coded))
    coded = int(result.coded["themes"].ne("none").sum())
    summary = f"import-coding: {len(result.coded):,} sentences, {coded:,} with a theme -> {out}"
    return summary, result.warnings
