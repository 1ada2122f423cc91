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

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import InputError
from analysis.io import FLOAT_FORMAT

# Column types: what pandas holds and what Parquet stores.
_PANDAS = {"str": "string", "int": "int64", "Int": "Int64", "float": "float64", "bool": "bool"}
_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "Int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "list[str]": pa.list_(pa.string()),
}
# Provenance columns added to every CSV export (and only there): which rules and pipeline made it.
STAMP_COLUMNS = ("codebook_version", "codebook_hash", "spacy_model")
STAGES = ("clean", "code", "compare", "figures")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str, int, Int (nullable int), float, bool, list[str]
    doc: str = ""
    nullable: bool = False


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
    """A report figure: drawn from one table, written as PNG, SVG, PDF, CSV and provenance JSON."""

    name: str
    table: str
    doc: str
    marks_thin: bool = False
    formats: tuple[str, ...] = ("png", "svg", "pdf")

    @property
    def files(self) -> tuple[str, ...]:
        return (
            *(f"{self.name}.{f}" for f in self.formats),
            f"{self.name}.csv",
            f"{self.name}.provenance.json",
        )


def _c(name: str, type_: str, doc: str = "", nullable: bool = False) -> Column:
    return Column(name, type_, doc, nullable)


_THEME_LABELS = (
    _c("theme", "str", "codebook theme id"),
    _c("theme_label", "str", "the theme's label"),
    _c("theme_short", "str", "short label for figures"),
)

# What both difference tables (machine-only and corrected) share: the comparison, the estimate and
# its interval, the p-value; then, after each table's own test columns, the verdict.
_DIFFERENCE_HEAD = (
    *_THEME_LABELS,
    _c("family", "str", "vs_rest or pairwise: BH runs within each"),
    _c("group_a", "str"),
    _c("group_b", "str", "a group, or 'rest'"),
    _c("share_a", "float", nullable=True),
    _c("share_b", "float", nullable=True),
    _c("diff", "float", "share_a - share_b", True),
    _c("ci_low", "float", "95% interval of diff (cluster-robust Welch t)", True),
    _c("ci_high", "float", nullable=True),
    _c("se", "float", nullable=True),
    _c("df", "float", "Welch-Satterthwaite degrees of freedom", True),
    _c("p_value", "float", "machine-only: studentized permutation test; corrected: Welch t", True),
)
_DIFFERENCE_TAIL = (
    _c("significant", "bool", "every q below 0.05"),
    _c("mdd", "float", "difference detected with 80% power at 0.05, before correction", True),
    _c("mdd_family", "float", "the same at 0.05 / tests in the family (BH, one real difference)", True),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "turns",
            "clean",
            "one row per speaker turn (contract, section 3)",
            (
                _c("session_id", "str", "from the manifest"),
                _c("group", "str", "regional group whose session it was"),
                _c("turn", "int", "order of the turn within its session, from 0"),
                _c("speaker", "str", "speaker as labelled, normalised (empty when nobody is named)"),
                _c("country", "str", "ISO3 of the delegation, EU, or null", nullable=True),
                _c("role", "str", "chair, secretariat, member_state, observer, other, unknown"),
                _c("text", "str", "the cleaned words of the turn"),
                _c("source", "str", "file and line, cue or page span"),
                _c("delegation", "str", "the delegation's short English name", nullable=True),
                _c("floor_language", "str", "language noted for the turn", nullable=True),
                _c("procedural", "bool", "greetings, passing the floor, housekeeping"),
                _c("n_words", "int", "words in text"),
                _c("file", "str", "transcript file, relative to the manifest"),
            ),
            sort=("session_id", "turn"),
        ),  # fmt: skip
        Table(
            "cleaning_log",
            "clean",
            "one row per removal: what cleaning took out of the transcripts and why",
            (
                _c("session_id", "str", "as in `turns`"),
                _c("turn", "Int", "turn the removal belongs to; null for removals outside a turn", True),
                _c("what", "str", "the text removed"),
                _c("why", "str", "category, e.g. timestamp, filler, page_furniture"),
                _c("source", "str", "where in the file"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "sentences",
            "code",
            "one row per sentence of every turn, coded (contract, section 5)",
            (
                _c("sentence_id", "str", "<session_id>/<turn>/<sentence>: the key of a sentence"),
                _c("session_id", "str", "as in `turns`"),
                _c("group", "str", "as in `turns`"),
                _c("turn", "int", "as in `turns`"),
                _c("sentence", "int", "index of the sentence within its turn"),
                _c("speaker", "str", "as in `turns`"),
                _c("country", "str", nullable=True),
                _c("role", "str", "as in `turns`"),
                _c("procedural", "bool", "as in `turns`"),
                _c("counted", "bool", "counts towards its group's shares (coding.sentences.is_counted)"),
                _c("text", "str", "the sentence as it reads in the turn"),
                _c("start", "int", "character offset of the sentence in the turn's text"),
                _c("end", "int", "character offset of its end: turn_text[start:end] == text"),
                _c("n_words", "int", "word tokens (punctuation not counted)"),
                _c("lemmas", "list[str]", "lower-case lemmas of content words"),
                _c("noun_phrases", "list[str]", "lemmatised noun phrases"),
                _c("themes", "list[str]", "codebook theme ids, in codebook order"),
                _c("overridden", "bool", "coded by people (`themes --overrides`), not by the codebook"),
                _c("source", "str", "the turn's source locator"),
            ),
            sort=("session_id", "turn", "sentence"),
        ),  # fmt: skip
        Table(
            "evidence",
            "code",
            "one row per match behind a code: the words that made a theme fire",
            (
                _c("sentence_id", "str", "the sentence (key into `sentences`)"),
                _c("theme", "str", "codebook theme id"),
                _c("rule", "str", "id of the codebook rule that matched"),
                _c("text", "str", "the matched words, lower case"),
                _c("start", "int", "character offset of the match in the turn's text"),
                _c("end", "int", "character offset of the end of the match"),
            ),
        ),  # fmt: skip
        Table(
            "theme_prevalence",
            "compare",
            "per group and theme: share of counted sentences with a 95% interval that covers, beside "
            "the mean of delegation shares and, with a validation sample, the corrected share "
            "(contract, sections 4 and 6; docs/statistics.md)",
            (
                _c("group", "str"),
                *_THEME_LABELS,
                _c(
                    "share", "float", "pooled share of the group's counted sentences carrying the theme", True
                ),
                _c("ci_low", "float", "95% Korn-Graubard interval, clustered by delegation", True),
                _c("ci_high", "float", nullable=True),
                _c("upper_bound_only", "bool", "no delegation raised it: [0, ci_high] is a one-sided bound"),
                _c("n_units", "int", "the group's counted sentences"),
                _c("n_delegations", "int", "delegations that raised the theme at least once"),
                _c("n_sentences_with_theme", "int"),
                _c("delegations_total", "int", "the group's delegations with counted sentences"),
                _c("n_words", "int"),
                _c("mean_share", "float", "mean of delegation shares: every delegation weighs alike", True),
                _c("mean_ci_low", "float", nullable=True),
                _c("mean_ci_high", "float", nullable=True),
                _c(
                    "corrected_share",
                    "float",
                    "corrected for the coder's errors (empty without a sample)",
                    True,
                ),
                _c("corrected_ci_low", "float", nullable=True),
                _c("corrected_ci_high", "float", nullable=True),
                _c(
                    "n_validated",
                    "Int",
                    "the group's matched validation sentences (empty without a sample)",
                    True,
                ),
                _c("thin", "bool", "fewer than 10 delegations or 1,000 words: intervals wide, tests weak"),
                _c("warning", "str", "why the group's data are thin ('' when not)"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "theme_differences",
            "compare",
            "each group vs the rest and every pair, per theme: difference with its interval, Welch and "
            "permutation tests, BH q within each family, the difference the data can detect",
            _DIFFERENCE_HEAD
            + (
                _c("p_label", "str", "p as it should print: a Monte Carlo p at its floor as '< 1/(B+1)'"),
                _c("p_exact", "bool", "p enumerated over every relabelling"),
                _c("n_relabellings", "int"),
                _c("q_value", "float", "BH within the family", True),
                _c("p_welch", "float", "Welch t test; null: the two pooled shares are equal", True),
                _c("q_welch", "float", nullable=True),
            )
            + _DIFFERENCE_TAIL
            + (_c("n_deleg_a", "int"), _c("n_deleg_b", "int")),
            csv=True,
        ),  # fmt: skip
        Table(
            "corrected_differences",
            "compare",
            "the same comparisons on shares corrected for the coder's errors, among the groups with a "
            "validation sample (empty without one)",
            _DIFFERENCE_HEAD + (_c("q_value", "float", "BH within the family", True),) + _DIFFERENCE_TAIL,
            csv=True,
        ),  # fmt: skip
        Table(
            "validation_agreement",
            "compare",
            "per group and theme: the automatic coder against the validation sample, and whether its "
            "errors differ across groups (empty without a sample)",
            (
                _c("group", "str"),
                *_THEME_LABELS,
                _c("n", "int", "the group's validated sentences"),
                _c("human_share", "float", "share of them people coded with the theme", True),
                _c("machine_share", "float", "share of them the coder coded with it", True),
                _c("kappa", "float", "Cohen's kappa", True),
                _c("sensitivity", "float", "share of people's theme sentences the coder found", True),
                _c("specificity", "float", nullable=True),
                _c("net_error", "float", "mean(human - machine): what the correction adds", True),
                _c("chi_square", "float", "groups x {false hit, agreement, miss}, per theme", True),
                _c("differential_p", "float", "its p, relabelling delegations between groups", True),
                _c("differential_p_label", "str"),
                _c("differential_flag", "bool", "p < 0.05: the coder's errors differ by group", True),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "verbosity",
            "compare",
            "per group: how its counted sentences spread over its delegations (the pooled share leans "
            "on the talkative ones)",
            (
                _c("group", "str"),
                _c("delegations", "int"),
                _c("sentences", "int", "counted sentences"),
                _c("median_sentences", "float", "per delegation"),
                _c("min_sentences", "int"),
                _c("max_sentences", "int"),
                _c("top_delegation_share", "float", "the most talkative delegation's share of the sentences"),
                _c("effective_delegations", "float", "Kish: (sum n)^2 / sum n^2"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "theme_ranks",
            "compare",
            "priority rank of each theme within each group (1 = top), with a bootstrap interval and how "
            "often it comes first",
            (
                _c("group", "str"),
                *_THEME_LABELS,
                _c("share", "float", nullable=True),
                _c("rank", "float", "ties share the average rank", True),
                _c("rank_ci_low", "float", "95% percentile interval over delegation resamples", True),
                _c("rank_ci_high", "float", nullable=True),
                _c("p_top", "float", "share of resamples in which the theme comes first", True),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "rank_agreement",
            "compare",
            "Kendall's tau-b between every pair of groups' theme shares, with a bootstrap interval",
            (
                _c("group_a", "str"),
                _c("group_b", "str"),
                _c("tau", "float", nullable=True),
                _c("ci_low", "float", "95% percentile interval over delegation resamples", True),
                _c("ci_high", "float", nullable=True),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "cooccurrence",
            "compare",
            "pairs of themes in the same counted sentence: lift per group, within groups and pooled, "
            "with intervals",
            (
                _c("stratum", "str", "a group, 'within groups' (the number to report) or 'pooled (crude)'"),
                _c("theme_a", "str"),
                _c("theme_short_a", "str"),
                _c("theme_b", "str"),
                _c("theme_short_b", "str"),
                _c("count", "int", "sentences carrying both"),
                _c("expected", "float", "expected if the themes were independent", True),
                _c("lift", "float", "count / expected", True),
                _c("ci_low", "float", nullable=True),
                _c("ci_high", "float", nullable=True),
                _c("upper_bound_only", "bool", "never seen together: [0, ci_high] is a one-sided bound"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "distinctive_terms",
            "compare",
            "words and phrases that set each group apart (weighted log-odds)",
            (
                _c("group", "str", "regional group"),
                _c("kind", "str", "word or phrase"),
                _c("term", "str", "the word (lemma) or noun phrase"),
                _c("rank", "int", "1 = most distinctive"),
                _c("count", "int", "uses in the group's counted sentences"),
                _c("count_rest", "int", "uses in all other groups'"),
                _c("log_odds", "float", "weighted log-odds ratio, informative Dirichlet prior"),
                _c("z", "float", "z-score of the log-odds (reported only >= 1.96)"),
                _c("n_delegations", "int", "the group's delegations that used the term"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "codebook_candidates",
            "compare",
            "terms of sentences the codebook leaves uncoded",
            (
                _c("kind", "str", "word or phrase"),
                _c("rank", "int", "1 = most characteristic of uncoded sentences"),
                _c("term", "str", "the word (lemma) or noun phrase"),
                _c("n_uncoded", "int", "uncoded counted sentences using it"),
                _c("n_coded", "int", "coded counted sentences using it"),
                _c("n_delegations", "int", "delegations using it in uncoded sentences"),
                _c("n_groups", "int", "groups using it in uncoded sentences"),
                _c("log_odds", "float", "weighted log-odds, uncoded vs coded"),
                _c("z", "float", "z-score"),
                _c("example", "str", "an uncoded sentence using the term"),
                _c("example_source", "str", "the example's turn source"),
            ),
            csv=True,
        ),  # fmt: skip
        Table(
            "quotes",
            "compare",
            "representative quotes per group and theme, ranked",
            (
                _c("group", "str", "regional group"),
                _c("theme", "str", "codebook theme id"),
                _c("theme_label", "str", "the theme's short label"),
                _c("rank", "int", "1 = best quote of the cell"),
                _c("country", "str", "ISO3 of the delegation"),
                _c("delegation", "str", "the delegation's short name"),
                _c("speaker", "str", "the speaker as labelled"),
                _c("text", "str", "the sentence"),
                _c("evidence", "list[str]", "the theme's matched words"),
                _c("source", "str", "the turn's source"),
                _c("locator", "str", "the sentence: its turn's source and its characters in the turn's text"),
                _c("sentence_id", "str", "key into `sentences`"),
                _c("session_id", "str", "as in `turns`"),
                _c("turn", "int", "as in `turns`"),
                _c("sentence", "int", "index of the sentence in its turn"),
                _c("n_words", "int", "word tokens"),
                _c(
                    "score",
                    "int",
                    "evidence words - other themes - length and fragment penalties (comparison.quotes)",
                ),
            ),
            csv=True,
        ),  # fmt: skip
    )
}

DOCUMENTS: dict[str, Document] = {
    "provenance": Document(
        "provenance",
        "code",
        "what every table and figure is stamped with",
        "provenance.json",
        keys=(
            "analysis_version",
            "codebook_version",
            "codebook_hash",
            "spacy_model",
            "spacy_model_version",
            "spacy_version",
            "input_sha256",
            "seed",
            "overrides",
        ),
    ),  # fmt: skip
    "validation": Document(
        "validation",
        "compare",
        "the validation sample behind the corrected columns: file, hash, rows coded and matched, "
        "matched sentences per group, the rows not found (all empty without a sample)",
        "validation.json",
        keys=("file", "sha256", "rows", "coded_rows", "matched_rows", "groups", "unmatched"),
    ),  # fmt: skip
}

FIGURES: dict[str, Figure] = {
    f.name: f
    for f in (
        Figure("prevalence_heatmap", "theme_prevalence", "share of each group's sentences per theme"),
        Figure("prevalence_dots", "theme_prevalence", "shares with 95% intervals, groups side by side"),
        Figure("differences_chart", "theme_differences", "each group vs the rest, BH q", marks_thin=True),
        Figure("rank_chart", "theme_ranks", "priority ranks per group", marks_thin=True),
        Figure("cooccurrence_matrix", "cooccurrence", "which themes share a sentence"),
        Figure("distinctive_terms", "distinctive_terms", "each group's most distinctive words", True),
        Figure("rank_agreement_matrix", "rank_agreement", "Kendall's tau between groups", marks_thin=True),
    )
}


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
        values = [list_cell(v) for v in series.tolist()]
        return pd.Series(pd.array(values, dtype=pd.ArrowDtype(_ARROW[col.type])), index=series.index)
    if col.type == "bool":
        if series.isna().any():
            raise ValueError("has nulls")
        return series.astype(bool)
    if col.type == "int" and series.isna().any():
        raise ValueError("has nulls")
    return series.astype(_PANDAS[col.type])


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
    """The table as people read it in a spreadsheet: lists joined by '; ', stamped with provenance."""
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
    return out


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
        raise InputError(f"missing; run `python -m analysis {_command(name)}` first", where)
    try:
        df = pq.read_table(where, columns=columns).to_pandas(types_mapper=_pandas_type)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise InputError(
            f"not a readable table ({str(exc).splitlines()[0]}); run its stage again", where
        ) from None
    if columns is None:
        return conform(name, df, where)
    spec = {c.name: c for c in table(name).columns}
    return pd.DataFrame({c: _cast(df[c], spec[c]) for c in columns})


def read_document(folder: str | Path, name: str) -> dict:
    where = path(folder, name)
    if not where.is_file():
        raise InputError(f"missing; run `python -m analysis {_command(name)}` first", where)
    try:
        return json.loads(where.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", where) from None


def markdown() -> str:
    """The catalogue as a page for people (docs/catalogue.md is this text; a test keeps it current)."""
    lines = [
        "# Catalogue of outputs",
        "",
        "Generated from `src/analysis/catalogue.py` (`python -m analysis catalogue`); a test keeps this page",
        "current. Every table is Parquet (what the code reads); a table marked *csv* also has a `.csv` copy",
        "for people, with lists joined by `;` and the columns `" + "`, `".join(STAMP_COLUMNS) + "` added.",
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
            for c in t.columns:
                kind = c.type + (" or null" if c.nullable else "")
                lines.append(f"| `{c.name}` | {kind} | {c.doc} |")
            lines.append("")
    lines += ["## Stage `figures`", "", "| figure | drawn from | what |", "|---|---|---|"]
    for f in FIGURES.values():
        lines.append(f"| `{f.name}` | `{f.table}` | {f.doc} |")
    lines += [
        "",
        "Each figure is written as "
        + ", ".join(f"`.{x}`" for x in Figure("x", "x", "").formats)
        + ", with a `.csv` of exactly the numbers it draws and a `.provenance.json`.",
        "",
    ]
    return "\n".join(lines)
