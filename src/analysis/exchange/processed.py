"""The exchange commands over a processed folder: read its tables (checked), export or import, write.

Problems with the tables are reported as one line naming the file (`InputError`), and
every output is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.exchange import qdc
from analysis.exchange.import_coding import Imported, import_coding
from analysis.exchange.qdpx import DEFAULT_NAME, ProjectSummary, export_project
from analysis.io import atomic_write_bytes

TURNS = "turns.parquet"
SENTENCES = "sentences.parquet"
EVIDENCE = "evidence.parquet"
_BLANKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _read(path: Path, hint: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"missing; {hint}", path)
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a damaged or foreign file
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"not a readable parquet table ({first})", path) from None


def read_tables(processed: str | Path, evidence: bool = True) -> dict[str, pd.DataFrame | None]:
    """turns, sentences and (when present) evidence of a processed folder."""
    processed = Path(processed)
    tables = {
        "turns": _read(processed / TURNS, "run `python -m analysis clean` first"),
        "sentences": _read(processed / SENTENCES, "run `python -m analysis themes` first"),
        "evidence": None,
    }
    if evidence and (processed / EVIDENCE).is_file():
        tables["evidence"] = _read(processed / EVIDENCE, "")
    return tables


def _blame(exc: InputError, processed: Path) -> InputError:
    """An error found in a table, named by its file: `sentences: ...` -> `.../sentences.parquet: ...`."""
    if exc.path is not None:
        return exc
    table, sep, rest = exc.message.partition(": ")
    files = {"turns": TURNS, "sentences": SENTENCES, "evidence": EVIDENCE}
    if sep and table in files:
        return InputError(rest, processed / files[table])
    return InputError(exc.message, processed)


def _check_codebook(sentences: pd.DataFrame, codebook, path: Path) -> None:
    if "codebook_hash" in sentences and len(sentences):
        used = sorted(set(sentences["codebook_hash"].dropna().astype(str)))
        if used and used != [codebook.hash]:
            raise InputError(
                f"coded with codebook {used[0][:12]}, "
                f"not the current {codebook.version} ({codebook.hash[:12]}); "
                "re-run `python -m analysis themes`",
                path,
            )


def export_processed(processed: str | Path, out: str | Path, name: str | None = None) -> ProjectSummary:
    """`export`: the processed folder's sessions and coded sentences as a `.qdpx` project."""
    processed, out = Path(processed), Path(out)
    if out.suffix.lower() != ".qdpx":
        raise InputError("a REFI-QDA project is written as a .qdpx file", out)
    codebook = qdc.load_codebook()
    tables = read_tables(processed)
    _check_codebook(tables["sentences"], codebook, processed / SENTENCES)
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
    """Tab-separated, unquoted (as the coded TSVs are read): tabs and line breaks in a text become spaces."""
    rows = [df.columns, *df.itertuples(index=False)]
    return "".join("\t".join(str(v).translate(_BLANKS) for v in row) + "\n" for row in rows).encode("utf-8")


def import_processed(qdpx: str | Path, processed: str | Path, out: str | Path) -> tuple[str, list[str]]:
    """`import-coding`: a `.qdpx`'s codings onto the processed sentences, as a TSV `id, text, themes`."""
    processed, out = Path(processed), Path(out)
    tables = read_tables(processed, evidence=False)
    try:
        result: Imported = import_coding(qdpx, tables["turns"], tables["sentences"], qdc.load_codebook())
    except InputError as exc:
        raise _blame(exc, processed) from None
    atomic_write_bytes(out, tsv_bytes(result.coded))
    coded = int(result.coded["themes"].ne("none").sum())
    summary = f"import-coding: {len(result.coded)} sentences, {coded} with a theme -> {out}"
    return summary, result.warnings
