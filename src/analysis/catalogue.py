"""The one catalogue of what the pipeline writes: name, file, format, producing stage and schema.

Stages, figures, notebooks and tests find every output here, so a newcomer can
answer "where does `theme_prevalence` come from and what are its columns?" in
one place. Schemas are enforced at one boundary: `encode` (before anything is
written) and `read` (before anything is used) both pass a table through
`conform`, which orders the columns, casts them to their declared types and
refuses missing columns or nulls where none may be. Tables travel between
stages as Parquet with real types (lists stay lists); a CSV beside a table is
an export for people, stamped with the codebook and pipeline that made it, and
is never read back by the code.
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import config
from analysis.errors import InputError
from analysis.io import FLOAT_FORMAT, defuse_formulas, load_yaml, sha256_file

# Column types: what pandas holds and what Parquet stores (a nullable int is pandas' Int64, a nullable
# bool its "boolean": numpy's int and bool hold no null).
_PANDAS = {"str": "string", "int": "int64", "float": "float64", "bool": "bool"}
_NULLABLE = {"int": "Int64", "bool": "boolean"}
_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "list[str]": pa.list_(pa.string()),
}
# Provenance columns added to every CSV export (and only there): which rules and pipeline made it.
STAMP_COLUMNS = ("codebook_version", "codebook_hash", "spacy_model")
STAGES = ("clean", "code", "compare", "figures")
SOURCE = config.PACKAGE_DATA / "catalogue.yaml"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str, int, float, bool, list[str]
    doc: str = ""
    nullable: bool = False

    @property
    def pandas_type(self) -> str:
        return _NULLABLE.get(self.type, _PANDAS[self.type]) if self.nullable else _PANDAS[self.type]

    @classmethod
    def parse(cls, name: str, spec: str) -> Column:
        """`name: "type[?]: meaning"`, as the catalogue file writes a column."""
        kind, _, doc = str(spec).partition(":")
        kind = kind.strip()
        nullable = kind.endswith("?")
        kind = kind.rstrip("?")
        if kind not in _ARROW:
            raise InputError(f"column {name}: unknown type {kind!r} (one of {', '.join(_ARROW)})", SOURCE)
        return cls(name, kind, doc.strip(), nullable)


@dataclass(frozen=True)
class Table:
    """A table output: `<name>.parquet` (typed), plus `<name>.csv` for people when `csv` is set."""

    name: str
    stage: str
    doc: str
    columns: tuple[Column, ...]
    csv: bool = False
    sort: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.parquet"

    @property
    def csv_file(self) -> str | None:
        return f"{self.name}.csv" if self.csv else None

    @property
    def files(self) -> tuple[str, ...]:
        return (self.file,) + ((self.csv_file,) if self.csv else ())

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, _ARROW[c.type], nullable=True) for c in self.columns])


@dataclass(frozen=True)
class Document:
    """A non-tabular output (JSON)."""

    name: str
    stage: str
    doc: str
    file: str
    keys: tuple[str, ...] = field(default_factory=tuple)

    @property
    def files(self) -> tuple[str, ...]:
        return (self.file,)


@dataclass(frozen=True)
class Figure:
    """A report figure: drawn from one table (and the tables in `also`, passed by name), written as PNG,
    SVG, PDF, CSV and provenance JSON."""

    name: str
    table: str
    doc: str
    marks_thin: bool = False
    also: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("png", "svg", "pdf")
    columns: tuple[Column, ...] = ()  # its CSV's columns that no table it is drawn from has

    @property
    def files(self) -> tuple[str, ...]:
        data = (f"{self.name}.csv", f"{self.name}.provenance.json")
        return (*(f"{self.name}.{x}" for x in self.formats), *data)


def _load(path: Path) -> tuple[dict[str, Table], dict[str, Document], dict[str, Figure]]:
    """The catalogue file, checked: stages known, sort keys and figure tables declared."""
    raw = load_yaml(path.read_text(encoding="utf-8"))
    tables = {
        name: Table(
            name, t["stage"], t["doc"], tuple(Column.parse(c, spec) for c, spec in t["columns"].items()),
            csv=bool(t.get("csv", False)), sort=tuple(t.get("sort", ())),
        )
        for name, t in raw["tables"].items()
    }  # fmt: skip
    documents = {
        name: Document(name, d["stage"], d["doc"], d["file"], tuple(d.get("keys", ())))
        for name, d in raw["documents"].items()
    }
    figures = {
        name: Figure(
            name, f["table"], f["doc"], bool(f.get("marks_thin", False)), tuple(f.get("also", ())),
            columns=tuple(Column.parse(c, spec) for c, spec in (f.get("columns") or {}).items()),
        )
        for name, f in raw["figures"].items()
    }  # fmt: skip
    for item in (*tables.values(), *documents.values()):
        if item.stage not in STAGES:
            raise InputError(f"{item.name}: unknown stage {item.stage!r}", path)
    for t in tables.values():
        if set(t.sort) - set(t.column_names()):
            raise InputError(f"{t.name}: sorted by a column it does not have", path)
    for f in figures.values():
        if f.table not in tables:
            raise InputError(f"figure {f.name}: no table {f.table!r}", path)
    return tables, documents, figures


TABLES, DOCUMENTS, FIGURES = _load(SOURCE)


def figure_tables() -> list[str]:
    """Every table a report figure reads: the figures stage's inputs."""
    return sorted({t for f in FIGURES.values() for t in (f.table, *f.also)})


# --- lookup ------------------------------------------------------------------------------------------


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the catalogue; known: {', '.join(TABLES)}") from None


def path(folder: str | Path, name: str) -> Path:
    """Where output `name` (a table or a document) lives in a processed folder."""
    if name in DOCUMENTS:
        return Path(folder) / DOCUMENTS[name].file
    return Path(folder) / table(name).file


def stage_outputs(stage: str) -> list[str]:
    """The names of the tables and documents a stage writes, in catalogue order."""
    if stage not in STAGES:
        raise KeyError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    return [n for n, t in TABLES.items() if t.stage == stage] + [
        n for n, d in DOCUMENTS.items() if d.stage == stage
    ]


def stage_files(stage: str) -> list[str]:
    """Every file name a stage writes into its folder."""
    out: list[str] = []
    for name in stage_outputs(stage):
        out += (TABLES.get(name) or DOCUMENTS[name]).files
    return out


def producer(name: str) -> str:
    """The stage that writes an output."""
    return (TABLES.get(name) or DOCUMENTS[name]).stage


def _command(name: str) -> str:
    """The command a user runs to make an output (`themes` runs the code and compare stages)."""
    stage = producer(name)
    return "themes" if stage in ("code", "compare") else stage


def run_hint(name: str, folder: str | Path) -> str:
    """What to run to make output `name` in `folder`, naming the folder unless it is the default one
    (a bare `themes` would work on data/processed, not on the folder the user asked about). The default folder
    absent altogether (an installed package looks in the working folder), the stage likely wrote elsewhere."""
    command = _command(name)
    if Path(folder).resolve() != config.PROCESSED_DIR.resolve():
        where = shlex.quote(str(folder))
        command += f" --raw RAW --out {where}" if command == "clean" else f" --processed {where}"
    elif not Path(folder).is_dir():
        return (
            f"run `python -m analysis {command}` first, or give --processed the folder it wrote into (this is"
            f" the default, data/processed under {config.root_said()})"
        )
    return f"run `python -m analysis {command}` first"


def check_in_step(folder: str | Path, names) -> None:
    """The tables `names` of `folder` were made from the turns now there. A `clean` into the same
    folder replaces the turns and sessions and leaves the theme tables of the turns before: a figure
    would draw the old shares under the new sessions' caption, a sample draw sentences of sessions
    no longer there."""
    turns = path(folder, "turns")
    if not turns.is_file():
        return
    now = sha256_file(turns)
    stale = [n for n in names if made_from(folder, n) not in (None, now)]
    if stale:
        raise InputError(
            f"{', '.join(stale)} {'was' if len(stale) == 1 else 'were'} made from the turns before the "
            f"last clean; {run_hint('sentences', folder)}",
            Path(folder),
        )


def made_from(folder: str | Path, name: str) -> str | None:
    """The hash of the turns table that table `name` in `folder` was made from (its provenance's
    `input_sha256`), or None when the table records none."""
    return stamp(folder, name).get("input_sha256")


def stamp(folder: str | Path, name: str) -> dict:
    """The provenance table `name` in `folder` was stamped with when written ({} when none)."""
    try:
        meta = pq.read_schema(path(folder, name)).metadata or {}
        return json.loads(meta.get(b"analysis.provenance", b"{}"))
    except (OSError, ValueError, pa.ArrowException):
        return {}


# --- the schema boundary ----------------------------------------------------------------------------


def list_cell(value) -> list[str] | None:
    """A list cell: a list or array as is; a `;`-joined string (as the contract allows for `themes`) split."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
        return None
    return [str(v) for v in value]


def _cast(series: pd.Series, col: Column) -> pd.Series:
    if col.type == "list[str]":
        if series.dtype == pd.ArrowDtype(_ARROW[col.type]):
            return series
        values, dtype = series.tolist(), pd.ArrowDtype(_ARROW[col.type])
        if all(type(v) is list for v in values):  # lists of strings (what the stages make) go as they are
            with contextlib.suppress(pa.ArrowTypeError, pa.ArrowInvalid):  # not all strings: cell by cell
                return pd.Series(pd.array(values, dtype=dtype), index=series.index)
        values = [list_cell(v) for v in values]
        return pd.Series(pd.array(values, dtype=dtype), index=series.index)
    if col.type in ("int", "bool") and not col.nullable and series.isna().any():
        raise ValueError("has nulls")  # numpy's int and bool would hold it as 0 or True
    return series.astype(col.pandas_type)


def conform(name: str, df: pd.DataFrame, where: Path | None = None) -> pd.DataFrame:
    """`df` as the catalogue declares table `name`: its columns, in order, with their types.

    Missing columns, extra columns and nulls in a non-nullable column are errors
    (an InputError naming the file when `where` is given): a table that does not
    match its schema never reaches the next stage.
    """
    spec = table(name)
    names = spec.column_names()
    missing = [c for c in names if c not in df.columns]
    extra = [c for c in df.columns if c not in names]
    problems = []
    if missing:
        problems.append(f"lacks column(s) {', '.join(missing)}")
    if extra:
        problems.append(f"has column(s) not in its schema: {', '.join(extra)}")
    if problems:
        raise InputError(f"table {name}: {'; '.join(problems)}", where)
    out = {}
    for col in spec.columns:
        try:
            out[col.name] = _cast(df[col.name], col)
        except (ValueError, TypeError) as exc:
            raise InputError(f"table {name}: column {col.name} is not {col.type} ({exc})", where) from None
        if not col.nullable and out[col.name].isna().any():
            raise InputError(f"table {name}: column {col.name} has nulls", where)
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def empty(name: str) -> pd.DataFrame:
    """A table with no rows and its declared columns and types."""
    return conform(name, pd.DataFrame({c: pd.Series([], dtype=object) for c in table(name).column_names()}))


def _parquet_bytes(name: str, df: pd.DataFrame, provenance: dict | None) -> bytes:
    spec = table(name)
    arrow = pa.Table.from_pandas(df, schema=spec.arrow_schema(), preserve_index=False)
    # Our schema, not pandas' own metadata: `read` restores the types from the catalogue.
    meta = {b"analysis.table": name.encode()}
    if provenance:
        meta[b"analysis.provenance"] = json.dumps(provenance, sort_keys=True).encode()
    arrow = arrow.replace_schema_metadata(meta)
    buf = io.BytesIO()
    pq.write_table(arrow, buf, compression="zstd")
    return buf.getvalue()


def csv_export(name: str, df: pd.DataFrame, provenance: dict | None = None) -> pd.DataFrame:
    """The table as people read it in a spreadsheet: lists joined by '; ', stamped with provenance, no text
    cell a spreadsheet would run as a formula (`io.defuse_formulas`)."""
    out = df.copy()
    for col in table(name).columns:
        if col.type == "list[str]":
            out[col.name] = [";".join(v) if v is not None else "" for v in out[col.name].tolist()]
    if provenance:
        out["codebook_version"] = provenance.get("codebook_version", "")
        out["codebook_hash"] = provenance.get("codebook_hash", "")
        out["spacy_model"] = (
            f"{provenance.get('spacy_model', '')} {provenance.get('spacy_model_version', '')}"
        )
    return defuse_formulas(out)


def encode(name: str, df: pd.DataFrame, provenance: dict | None = None) -> dict[str, bytes]:
    """File name -> bytes of table `name` (Parquet, and the CSV export where declared), conformed.

    The caller writes them (atomically, all of a stage's outputs at once: `io.staged`).
    """
    spec = table(name)
    df = conform(name, df)
    if spec.sort:
        df = df.sort_values(list(spec.sort), kind="mergesort").reset_index(drop=True)
    files = {spec.file: _parquet_bytes(name, df, provenance)}
    if spec.csv:
        buf = io.StringIO()
        csv_export(name, df, provenance).to_csv(
            buf, index=False, float_format=FLOAT_FORMAT, lineterminator="\n"
        )
        files[spec.csv_file] = buf.getvalue().encode("utf-8")
    return files


def _pandas_type(arrow_type: pa.DataType):
    """Arrow -> pandas types on read: strings as pandas strings, lists of strings kept in Arrow."""
    if arrow_type == pa.string():
        return pd.StringDtype()
    if arrow_type == _ARROW["list[str]"]:
        return pd.ArrowDtype(arrow_type)
    return None


def read(folder: str | Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Table `name` from a processed folder, checked against its schema (all columns, or `columns`)."""
    where = path(folder, name)
    if not where.is_file():
        raise InputError(f"missing; {run_hint(name, folder)}", where)
    try:
        # The catalogue's types, not pandas' own metadata (a file written by pandas carries it): pandas 2.2
        # cannot parse back the name it gives a list column's type, and pyarrow 15 asks it to.
        df = pq.read_table(where, columns=columns).to_pandas(types_mapper=_pandas_type, ignore_metadata=True)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(
            f"not a readable table ({str(exc).splitlines()[0]}); run its stage again", where
        ) from None
    if columns is None:
        missing = [c for c in table(name).column_names() if c not in df.columns]
        if missing:  # a column added since the table was written
            raise InputError(
                f"lacks column(s) {', '.join(missing)}: written by an older version; run "
                f"`python -m analysis {_command(name)}` again",
                where,
            )
        return conform(name, df, where)
    spec = {c.name: c for c in table(name).columns}
    return pd.DataFrame({c: _cast(df[c], spec[c]) for c in columns})


def read_document(folder: str | Path, name: str) -> dict:
    where = path(folder, name)
    if not where.is_file():
        raise InputError(f"missing; {run_hint(name, folder)}", where)
    try:
        return json.loads(where.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", where) from None


def _column_row(c: Column) -> str:
    """A column as a row of the page's tables: name, type (or null), meaning."""
    return f"| `{c.name}` | {c.type}{' or null' if c.nullable else ''} | {c.doc} |"


def markdown() -> str:
    """The catalogue as a page for people (docs/catalogue.md is this text; a test keeps it current)."""
    lines = [
        "# Catalogue of outputs",
        "",
        "Generated from `src/analysis/data/catalogue.yaml` (`python -m analysis catalogue`); a test keeps",
        "this page current. Every table is Parquet (what the code reads); a table with a `.csv` file also",
        "has that copy for people, with lists joined by `;` and the columns `"
        + "`, `".join(STAMP_COLUMNS)
        + "` added.",
        "Shares, differences of shares and their interval bounds (`share`, `ci_low`, `diff`, `mdd`, ...) are",
        "proportions from 0 to 1 in every table and figure CSV; the figures print them as percent and",
        "percentage points (0.125 is 12.5%; a `diff` of 0.03 is 3 points).",
        "",
    ]
    for stage in STAGES[:-1]:
        lines += [f"## Stage `{stage}`", ""]
        for name in stage_outputs(stage):
            if name in DOCUMENTS:
                d = DOCUMENTS[name]
                lines += [f"### `{d.file}`: {d.doc}", "", "Keys: " + ", ".join(f"`{k}`" for k in d.keys), ""]
                continue
            t = TABLES[name]
            files = ", ".join(f"`{f}`" for f in t.files)
            lines += [f"### `{name}` ({files}): {t.doc}", ""]
            if t.sort:
                lines += ["Sorted by " + ", ".join(f"`{c}`" for c in t.sort) + ".", ""]
            lines += ["| column | type | meaning |", "|---|---|---|"]
            lines += [_column_row(c) for c in t.columns]
            lines.append("")
    lines += ["## Stage `figures`", "", "| figure | drawn from | what |", "|---|---|---|"]
    for f in FIGURES.values():
        drawn_from = ", ".join(f"`{t}`" for t in (f.table, *f.also))
        lines.append(f"| `{f.name}` | {drawn_from} | {f.doc} |")
    lines += [
        "",
        "Each figure is written as "
        + ", ".join(f"`.{x}`" for x in Figure("x", "x", "").formats)
        + ", with a `.csv` of exactly the numbers it draws and a `.provenance.json`. Its alternative text "
        "(1-3 sentences from those numbers: what the figure shows and its main reading) is the provenance "
        "record's `alt`, the SVG's `<title>`/`<desc>`, the PDF's Subject and, in the notebooks, the image's "
        "text/plain, which `make report` writes as the `<img alt>`.",
        "",
        "`figures --layout report` draws the same figures, with the same CSVs, 16 cm wide for an A4 portrait "
        "page's text column (every text 7 pt or more at that width) into `reports/figures/report/` unless "
        "`--out` names another folder; their `.provenance.json` adds `layout`; where long group names would "
        "make the dot plot taller than the 24.7 cm text block it cuts them with \u201c\u2026\u201d and names "
        "them in full in its notes, and a figure still taller draws a warning. `figures --layout slides` "
        "draws them 29.21 cm wide and at most 16.15 cm tall for a 16:9 slide (every text 12 pt or more) into "
        "`reports/figures/slides/`, each with `name.caption.txt` beside it: its title, main reading, caveat, "
        "notes, source and provenance, which the slide has no room for (and the full names of groups whose "
        "long names it cut with \u201c\u2026\u201d to fit; a figure still taller than the slide draws a "
        "warning).",
        "",
    ]
    for f in FIGURES.values():
        if f.columns:
            lines += [
                f"`{f.name}.csv` has the columns of the tables it is drawn from, and these of its own:",
                "",
                "| column | type | meaning |",
                "|---|---|---|",
            ]
            lines += [_column_row(c) for c in f.columns]
            lines.append("")
    return "\n".join(lines)
