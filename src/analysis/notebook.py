"""Small deterministic views for the analyst's notebooks, so the notebooks stay thin.

Every function here is a read-only view over the pipeline's tables (or a call of a
pipeline stage whose message is made printable): rows sorted, floats rounded,
paths shown relative to the repository root, so that a committed notebook's
outputs are byte-stable under strict nbval.
"""

from __future__ import annotations

import functools
import inspect
import io as _io
import json
from pathlib import Path

import pandas as pd

from analysis import catalogue, config, pipeline
from analysis.coding import codebook
from analysis.coding.sentences import counted, evidence_words, theme_lists, theme_matrix, vetoes
from analysis.errors import InputError
from analysis.io import text_sha256_file
from analysis.report import formats

DECIMALS = 3
TEXT_WIDTH = 160


class NotebookStop(InputError):
    """Stops a notebook with one clear line in IPython (no traceback): e.g. shared data absent."""


# --- paths and messages ---------------------------------------------------------------


def rel(path: str | Path) -> str:
    """A path as shown in a notebook: relative to the repository root when inside it."""
    path = Path(path).resolve()
    for base, label in ((config.ROOT, None), (config.SHARED_DIR, "<shared>")):
        try:
            inner = path.relative_to(base).as_posix()
        except ValueError:
            continue
        return inner if label is None else f"{label}/{inner}"
    return path.as_posix()


def quiet_paths(message: str) -> str:
    """A stage's message with absolute paths under the repository (or shared folder) made relative."""
    for base, label in ((config.SHARED_DIR, "<shared>/"), (config.ROOT, "")):
        message = message.replace(str(base) + "/", label).replace(str(base), label.rstrip("/") or ".")
    return message


def shared_absent(path: str | Path) -> str:
    """Which file of the shared data is missing and how JupyterLab is given the folder: the kernel reads
    ANALYSIS_SHARED once, when it imports the package, so it is set before JupyterLab starts, and it names
    the shared folder itself, not the corpus inside it."""
    shared = config.SHARED_DIR.as_posix()
    return (
        f"the shared data is absent ({Path(path).as_posix()}): start JupyterLab with ANALYSIS_SHARED set to "
        f"the shared folder, the one holding corpora/ and specs/ (ANALYSIS_SHARED=/path/to/shared make lab), "
        f"or put it beside the project as {shared}"
    )


def require_shared(path: Path = config.SHARED_DIR) -> Path:
    """Stop the notebook cleanly when the shared corpora are absent."""
    if not Path(path).exists():
        raise NotebookStop(shared_absent(path))
    return Path(path)


# --- stages ----------------------------------------------------------------------------


def _said(result: pipeline.StageResult) -> str:
    """A stage's summary as a notebook shows it: the same whether it ran or was up to date; under it the
    stage's warnings, one a line, as the command prints them (speech the codebook cannot read)."""
    return "\n".join([f"{result.stage}: {result.describe()} -> {rel(result.folder)}", *_warned(result)])


def _warned(result: pipeline.StageResult) -> list[str]:
    """The stage's warnings as the command prints them, one `warning:` line each."""
    return [f"warning: {w}" for w in result.warnings]


def clean(raw: str | Path, processed: str | Path, manifest: str | Path | None = None) -> str:
    """The clean stage (skipped by the pipeline when nothing changed). A transcript it cannot read stops
    the notebook, naming the file, as it stops `run`: the readable ones' turns are written, but no table
    or figure goes on without a session the manifest lists."""
    return _said(_clean(raw, processed, manifest))


def _clean(raw: str | Path, processed: str | Path, manifest: str | Path | None) -> pipeline.StageResult:
    result = pipeline.clean_stage(Path(raw), Path(processed), manifest=manifest)
    result.raise_errors()
    return result


def code_themes(processed: str | Path, validation: str | Path | None = None) -> str:
    """The `themes` command: the code and compare stages (each skipped when nothing changed);
    `validation`, a sheet coded by people, corrects the shares. Under the stages' lines, what `themes`
    warns of the sheets (`_themes`)."""
    done, warned = _themes(processed, validation)
    return "\n".join([*map(_said, done), *warned])


def _themes(
    processed: str | Path, validation: str | Path | None
) -> tuple[list[pipeline.StageResult], list[str]]:
    """The code and compare stages' results, and the warnings `themes` prints of the sheets
    (`pipeline.sheet_warnings`: people's codes or a validation sheet the last run had and this one has not,
    a copy of the bundled sample's sheet), found before the stages replace the last run's records. The
    notebooks take no overrides: a run before with --overrides is undone, and said to be."""
    validation = Path(validation) if validation else None
    warned = [
        f"warning: {quiet_paths(w)}" for w in pipeline.sheet_warnings(Path(processed), None, validation)
    ]
    return list(pipeline.themes_stage(Path(processed), validation=validation)), warned


def draw_figures(processed: str | Path, figures: str | Path, layout: str = "default") -> str:
    """The figures stage (skipped when nothing changed), in `layout` (a name in `style.LAYOUTS`: "report"
    for a 16 cm column). Tables not of the bundled sample, with FIGURES left at the project's report
    figures, stop the notebook saying which parameter to set."""
    advice = (
        "set FIGURES in the parameters cell to another folder, a full path or "
        'str(config.ROOT / "reports/runs/mine/figures") (`make notebooks RAW=...` picks one itself)'
    )
    try:
        drawn = pipeline.figures_stage(Path(processed), Path(figures), layout=layout, advice=advice)
    except InputError as exc:  # one line, with the repository's paths as the notebook shows them
        raise NotebookStop(quiet_paths(exc.message), exc.path) from None
    return _said(drawn)


def validation_sheet(raw: str | Path) -> Path | None:
    """RAW/validation-sample.tsv, the sheet of sentences coded by people, when it is there."""
    return pipeline.default_validation(Path(raw))


RAW_SHEET_NOTE = (
    f"the notebooks read RAW/{config.VALIDATION_SHEET}: correct it, or move it out of the raw folder if it "
    "was coded from other transcripts"
)


def ensure_themes(raw: str | Path, processed: str | Path, manifest: str | Path | None = None,
                  validation: str | Path | None = None) -> str:  # fmt: skip
    """Run clean and themes on RAW (each skips itself when up to date); one line on what is ready, and under
    it the warnings `run` prints, in its order: the stages' own (speech the codebook cannot read, said also
    when they were up to date: an analyst who opens notebook 03 first would not hear of it otherwise) and
    those of the sheets (`_themes`). Without `validation`, RAW/validation-sample.tsv corrects the shares when
    it is there (as in `run`)."""
    cleaned = _clean(raw, processed, manifest)
    sheet = validation or validation_sheet(raw)
    with pipeline.found_in_raw(sheet, validation is None, RAW_SHEET_NOTE):
        done, warned = _themes(processed, sheet)
    turns = catalogue.read(processed, "turns", columns=["session_id"])
    sentences = catalogue.read(processed, "sentences", columns=["counted"])
    ready = (
        f"ready: {turns['session_id'].nunique():,} sessions, {len(turns):,} turns, "
        f"{len(sentences):,} sentences ({int(sentences['counted'].sum()):,} counted) in {rel(processed)}"
    )
    stages = [w for r in done for w in _warned(r)]
    return "\n".join([ready, *_warned(cleaned), *warned, *stages])  # `run`'s order


def corrected_with(raw: str | Path, processed: str | Path, validation: str | Path | None = None) -> str:
    """The line under `ensure_themes(RAW, PROCESSED, validation=VALIDATION)`'s: the coded sheet the shares
    were corrected with (`validation`, else the one RAW holds) and how much of it was found, or that there
    was none and where one goes. Without `validation`, notebooks 03 and 04 show corrected shares from
    whatever sheet RAW holds, which may be one nobody meant for these transcripts (the bundled sample's,
    copied with data/raw: `ensure_themes` warns of it, and this line too where the tables were made before
    it was put there)."""
    sheet = Path(validation) if validation else validation_sheet(raw)
    named = rel(sheet) if validation else f"RAW/{config.VALIDATION_SHEET}"
    record = (
        catalogue.read_document(processed, "validation")
        if catalogue.path(processed, "validation").is_file()
        else {}
    )
    used = record.get("sha256") if record.get("file") else None
    if used != (text_sha256_file(sheet) if sheet else None):
        line = (
            f"the tables in {rel(processed)} were not made with {named} as it is now "
            "(changed, added or taken out since): run `ensure_themes` (the cell above) again"
        )
        copied = pipeline.bundled_copy(sheet)  # put there since: `ensure_themes` has not said so
        return line if copied is None else f"{line}\nwarning: {quiet_paths(copied)}"
    if sheet is None:
        return (
            "no validation sample: shares are machine-coded only (to correct them, put a sheet coded by "
            f"people at RAW/{config.VALIDATION_SHEET}: README, 'Correcting for the coder's errors')"
        )
    return f"shares corrected with {validation_sample(processed, shown=rel(sheet))}"


# --- reading and display ------------------------------------------------------------------


def rounded(df: pd.DataFrame, decimals: int = DECIMALS) -> pd.DataFrame:
    """Float columns rounded, so the last digit cannot differ across platforms; a value never rounds to an
    end it is not at (0.9995, a theme first in all but one resample, stays below 1 and shows '> 99.9%'),
    nor to a tie of a shorter display (0.8947 to 0.895, which two decimals show as 0.90: it keeps three more
    decimals and shows 0.89, as `validate` prints it)."""
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            value, short = df[col], df[col].round(decimals)
            at_end = ((short == 1) & (value < 1)) | ((short == 0) & (value > 0))
            keep = at_end | (_ties_shorter(short, decimals) & (short != value))
            df[col] = short.where(~keep, value.round(decimals + 3))
    return df


def _ties_shorter(short: pd.Series, decimals: int) -> pd.Series:
    """Which rounded values end on a half of a shorter display (x.xx5 for two decimals, x.x50 for one): a
    display that rounds them again would round the rounding, not the value."""
    units = (short.abs() * 10**decimals).round().fillna(0).astype("int64")
    tie = pd.Series(False, index=short.index)
    for k in range(1, decimals + 1):
        tie |= units % 10**k == 5 * 10 ** (k - 1)
    return tie & short.notna()


def short(text, width: int = TEXT_WIDTH) -> str:
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def read(processed: str | Path, name: str) -> pd.DataFrame:
    """One of the pipeline's tables by its catalogue name (`turns`, `sentences`, `theme_prevalence`, ...)."""
    if not catalogue.path(processed, name).is_file():
        where = rel(catalogue.path(processed, name))
        raise NotebookStop(f"missing {where}; run the earlier notebooks or `make figures` first")
    return catalogue.read(processed, name)


def figure_numbers(figures: str | Path, name: str, **where) -> pd.DataFrame:
    """The numbers a saved figure plots (its `name.csv`), rounded, optionally only the rows whose columns
    equal `where` (``rank=1``): printed under a figure, they are what nbval checks when prose cites them."""
    path = Path(figures) / f"{name}.csv"
    if not path.is_file():
        raise NotebookStop(
            f"missing {rel(path)}; run `make figures` (or the cell that draws the figures) first"
        )
    df = pd.read_csv(path)
    for column, value in where.items():
        if column not in df.columns:
            raise NotebookStop(f"{rel(path)} has no column {column!r} (it has {', '.join(df.columns)})")
        df = df[df[column] == value]
    return rounded(df.reset_index(drop=True))


def show(fig, dpi: int = 100, alt: str | None = None):
    """A matplotlib Figure as a PNG image output (closed afterwards; independent of the backend), with
    `alt` as its text (`_png`)."""
    from matplotlib import pyplot as plt

    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return _png(buf.getvalue(), alt=alt)


def _png(data: bytes, width: int | None = None, alt: str | None = None):
    """PNG bytes -> an IPython Image, scaled to `width`, in full colour (a 256-colour palette bands the
    continuous colour scales). PIL writes no date or version: the same figure gives the same bytes.
    With `alt`, the image's text/plain is that text, not "<IPython.core.display.Image object>": what a
    reader without the image gets, and what `make report` writes as the HTML's `<img alt>`."""
    from PIL import Image as PILImage

    with PILImage.open(_io.BytesIO(data)) as img:
        if width is not None and img.width > width:
            img = img.resize((width, round(img.height * width / img.width)), PILImage.Resampling.LANCZOS)
        buf = _io.BytesIO()
        img.convert("RGB").save(buf, format="PNG", optimize=True)
    if alt:
        return _described_image()(alt, data=buf.getvalue(), format="png")
    from IPython.display import Image

    return Image(data=buf.getvalue(), format="png")


@functools.cache
def _described_image():
    """IPython's Image whose plain-text form is its alternative text (the class is made on first use: only
    what shows images imports IPython)."""
    from IPython.display import Image

    class DescribedImage(Image):
        def __init__(self, alt: str, **kwargs):
            super().__init__(**kwargs)
            self.alt = alt

        def _repr_pretty_(self, p, cycle):
            p.text(self.alt)

    return DescribedImage


def show_file(path: str | Path, width: int = 1000):
    """A saved report PNG, scaled down to `width` pixels so the notebook stays small, described by the
    alternative text its provenance record (`name.provenance.json` beside it) carries."""
    path = Path(path)
    record = path.with_name(f"{path.stem}.provenance.json")
    alt = json.loads(record.read_text(encoding="utf-8")).get("alt") if record.is_file() else None
    return _png(path.read_bytes(), width=width, alt=alt)


# --- 01: cleaning -----------------------------------------------------------------------------


def sessions_summary(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per session: turns, words, delegations heard, unattributed and procedural turns."""
    delegation = turns["role"].isin(config.DELEGATION_ROLES) & turns["country"].notna()
    df = turns.assign(
        _deleg=turns["country"].where(delegation),
        _unknown=turns["role"].eq("unknown"),
        _floor=turns["floor_language"].notna(),
    )
    out = df.groupby(["session_id", "group"], sort=True, observed=True).agg(
        turns=("turn", "size"),
        words=("n_words", "sum"),
        delegations=("_deleg", "nunique"),
        unattributed=("_unknown", "sum"),
        procedural=("procedural", "sum"),
        interpreted=("_floor", "sum"),
    )
    return out.reset_index().astype({c: "int64" for c in out.columns})


def turns_preview(turns: pd.DataFrame, per_session: int = 3) -> pd.DataFrame:
    """The first substantive turns of each session (text shortened)."""
    rows = turns[~turns["procedural"].astype(bool)].sort_values(["session_id", "turn"], kind="stable")
    rows = rows.groupby("session_id", sort=True).head(per_session)
    cols = ["session_id", "turn", "speaker", "delegation", "role", "n_words", "text", "source"]
    return rows[cols].assign(text=rows["text"].map(short)).reset_index(drop=True)


def removals_by_reason(log: pd.DataFrame) -> pd.DataFrame:
    """Counts of logged removals: one row per reason, one column per session, most frequent first."""
    table = pd.crosstab(log["why"], log["session_id"], margins=True, margins_name="total")
    table = table.drop(index="total")
    table = table.loc[sorted(table.index, key=lambda w: (-table.loc[w, "total"], w))]
    table.columns.name = None
    table.index.name = "why"
    return table.astype("int64")


def removal_examples(log: pd.DataFrame, per_reason: int = 2) -> pd.DataFrame:
    """A few removals of each kind, from as many sessions as possible: what was cut and where."""
    rows = log.assign(_n=log.groupby(["why", "session_id"]).cumcount())
    rows = rows.sort_values(["why", "_n", "session_id"], kind="stable").groupby("why").head(per_reason)
    out = rows[["why", "session_id", "turn", "what", "source"]].assign(
        what=rows["what"].map(lambda t: short(t, 80))
    )
    return out.reset_index(drop=True)


def delegations(turns: pd.DataFrame) -> pd.DataFrame:
    """Who spoke for whom: every speaker of every session with role, country, turns and words."""
    df = turns.assign(country=turns["country"].fillna(""), delegation=turns["delegation"].fillna(""))
    out = df.groupby(["session_id", "delegation", "country", "role"], sort=False, observed=True).agg(
        speakers=("speaker", lambda s: "; ".join(dict.fromkeys(s.dropna().astype(str)))),
        first_turn=("turn", "min"),
        turns=("turn", "size"),
        words=("n_words", "sum"),
    )
    out = out.reset_index().sort_values(["session_id", "first_turn"], kind="stable")
    out = out.drop(columns="first_turn").reset_index(drop=True)
    # grouping needs a value; the table shows "no value" as every table does ("–"), not as a blank
    return out.replace({"country": {"": None}, "delegation": {"": None}, "speakers": {"": None}})


def delegation_roles(turns: pd.DataFrame) -> pd.DataFrame:
    """Speakers per session and role: distinct delegations (by country), and for roles without a
    country (chair, secretariat, unknown) distinct speaker labels; not turns."""
    who = turns["country"].fillna(turns["speaker"]).fillna("")
    table = (
        turns.assign(role=turns["role"].fillna("unknown"), who=who)
        .groupby(["session_id", "role"])["who"]
        .nunique()
        .unstack(fill_value=0)
    )
    table.index.name = "session_id"
    cols = [r for r in config.ROLES if r in table.columns]
    table = table[cols]
    table.columns.name = None
    return table.astype("int64")


def unattributed(turns: pd.DataFrame) -> pd.DataFrame:
    """Turns whose speaker could not be attributed (role unknown): counted, never dropped."""
    rows = turns[turns["role"].eq("unknown")]
    return (
        rows[["session_id", "turn", "speaker", "text", "source"]]
        .assign(text=rows["text"].map(short))
        .reset_index(drop=True)
    )


def procedural_turns(turns: pd.DataFrame, per_session: int = 2) -> pd.DataFrame:
    """Examples of turns flagged procedural (greetings, giving the floor, mute checks)."""
    rows = turns[turns["procedural"].astype(bool)].groupby("session_id", sort=True).head(per_session)
    cols = ["session_id", "turn", "speaker", "role", "text"]
    return rows[cols].assign(text=rows["text"].map(lambda t: short(t, 100))).reset_index(drop=True)


def floor_languages(turns: pd.DataFrame) -> pd.DataFrame:
    """Turns delivered in another language and heard through the interpretation, by session and delegation."""
    rows = turns[turns["floor_language"].notna()]
    out = rows.groupby(["session_id", "floor_language", "delegation"], sort=True, observed=True).agg(
        turns=("turn", "size"), words=("n_words", "sum")
    )
    return out.reset_index().astype({"turns": "int64", "words": "int64"})


# --- 02: themes -------------------------------------------------------------------------------


def codebook_table() -> pd.DataFrame:
    """The codebook as a table: id, short label, full label, kind, definition, number of rules."""
    cb = codebook.load()
    return pd.DataFrame(
        [
            {"id": t.id, "short_label": t.short_label, "label": t.label, "kind": t.kind,
             "definition": t.definition, "rules": len(t.rules)}
            for t in cb.themes
        ]
    )  # fmt: skip


def codebook_stamp() -> str:
    cb = codebook.load()
    return f"codebook {cb.version}, content hash {cb.hash[:12]} ({rel(cb.path)})"


def coding_summary(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per theme: counted sentences coded with it, delegations and groups using it."""
    units = counted(sentences)
    matrix = theme_matrix(units)
    labels = codebook.labels()
    rows = []
    for theme in matrix.columns:
        hit = units[matrix[theme].to_numpy()]
        rows.append({
            "theme": theme, "short_label": labels.get(theme, theme), "sentences": len(hit),
            "share": round(len(hit) / len(units), DECIMALS) if len(units) else 0.0,
            "delegations": hit["country"].nunique(), "groups": hit["group"].nunique(),
        })  # fmt: skip
    return pd.DataFrame(rows)


def theme_examples(sentences: pd.DataFrame, evidence: pd.DataFrame, per_theme: int = 2) -> pd.DataFrame:
    """Counted sentences coded with each theme, with the words that triggered it; from different groups."""
    units = counted(sentences)
    matrix = theme_matrix(units)
    words = evidence_words(evidence)
    frames = []
    for theme in matrix.columns:
        hit = units[matrix[theme].to_numpy()]
        hit = hit.assign(_n=hit.groupby("group").cumcount()).sort_values(
            ["_n", "session_id", "turn", "sentence"]
        )
        hit = hit.head(per_theme)
        frames.append(
            pd.DataFrame(
                {
                    "theme": theme,
                    "group": hit["group"],
                    "country": hit["country"],
                    "text": hit["text"].map(short),
                    "evidence": [", ".join(words.get((s, theme), [])) for s in hit["sentence_id"]],
                    "all_themes": ["; ".join(t) for t in hit["themes"].tolist()],
                    "source": hit["source"],
                }
            )  # fmt: skip
        )
    if not frames:
        return pd.DataFrame(columns=["theme", "group", "country", "text", "evidence", "all_themes", "source"])
    return pd.concat(frames, ignore_index=True)


def validation_errors(report, n: int = 10) -> pd.DataFrame:
    """The first `n` sentences the coder got wrong: what it missed and added first, then the sentence."""
    errors = report.errors.head(n)
    cols = ["id", "missed", "extra", "text", "evidence"]
    return errors.assign(
        text=errors["text"].map(lambda t: short(t, 200)), evidence=errors["evidence"].map(readable_evidence)
    )[cols].reset_index(drop=True)


def readable_evidence(evidence) -> str:
    """'governance=enacted,parliament' (the coder's evidence string) as 'governance: enacted, parliament':
    one unbroken word ran off the screen; with spaces it wraps between the words."""
    if evidence is None or (isinstance(evidence, float) and pd.isna(evidence)):
        return ""
    return "; ".join(
        f"{theme}: {words.replace(',', ', ')}" if sep else theme
        for theme, sep, words in (part.partition("=") for part in str(evidence).split("; ") if part)
    )


def top_terms(terms: pd.DataFrame, n: int = 5, kind: str = "word", by: str = "group",
              sources: bool = False) -> pd.DataFrame:  # fmt: skip
    """The first `n` rows of a ranked terms table (distinctive terms, codebook candidates) per `by`; the
    example's source only with `sources=True` (the example is what to read; with its source the table
    is ten columns and scrolls sideways on a laptop with the file browser open)."""
    rows = terms[terms["kind"] == kind] if "kind" in terms.columns else terms
    out = rows.groupby(by, sort=False).head(n).reset_index(drop=True)
    if not sources:
        out = out.drop(columns=["example_source"], errors="ignore")
    if "example" in out.columns:
        out = out.assign(example=out["example"].map(lambda t: short(t, 120)))
    return rounded(out)


def no_terms(name: str) -> str:
    """What an empty `distinctive_terms` or `codebook_candidates` table means, for `table(..., empty=)`:
    no term passed discovery's filters, said with the thresholds discovery ran with (its defaults)."""
    from analysis.comparison import discover

    def default(fn, arg):
        return inspect.signature(fn).parameters[arg].default

    if name == "codebook_candidates":
        f = discover.codebook_candidates
        passes = (
            f"used in at least {default(f, 'min_count')} uncoded sentences, by at least "
            f"{default(f, 'min_delegations')} delegations in {default(f, 'min_groups')} groups "
            "(or all there are)"
        )
    elif name == "distinctive_terms":
        f = discover.distinctive_terms
        passes = (
            f"at least {default(f, 'min_count')} uses in the group, by "
            f"{discover.delegations_needed(3, default(f, 'min_delegation_share'))} of its delegations and "
            f"{default(f, 'min_delegation_share'):.0%} of them where it has 3 or more, z of "
            f"{default(f, 'min_z')} or more, also with its top delegation left out"
        )
    else:
        raise KeyError(f"{name} is not a table of discovered terms")
    return f"No term passes the filters: {passes}."


SENTENCES_WITH_COLUMNS = ["group", "in group", "id", "delegation", "themes", "text"]


def top_candidate(candidates: pd.DataFrame, kind: str = "word") -> str | None:
    """The first codebook candidate of `kind` (highest z), or None where discovery found none: the word a
    notebook reads the sentences of, whatever sessions it runs on."""
    rows = candidates[candidates["kind"] == kind].sort_values("rank", kind="stable")
    return None if rows.empty else str(rows["term"].iloc[0])


def sentences_with(
    sentences: pd.DataFrame, term: str | None, kind: str = "word", n: int = 10
) -> pd.DataFrame:
    """The counted sentences that use a discovered `term` as discovery counts it (`discover.occurrences`),
    `n` per group, and how many there are in each group: what to read before a candidate becomes a rule.
    A sentence the codebook's procedural veto keeps uncoded shows the veto under themes: the codebook
    candidates leave it out. No term (`top_candidate` where discovery found none) lists no sentence."""
    from analysis.comparison import discover

    if term is None:
        return pd.DataFrame(columns=SENTENCES_WITH_COLUMNS)
    occ = discover.occurrences(sentences, kind)
    rows = counted(sentences).iloc[occ.loc[occ["term"] == term, "row"].drop_duplicates().to_numpy()]
    if rows.empty:
        raise InputError(
            f"no counted sentence uses the {kind} {term!r} (discovery's terms are lower-case lemmas)"
        )
    per_group = rows.groupby("group", sort=False).size()
    rows = rows.assign(
        group=pd.Categorical(rows["group"], config.group_order(rows["group"].unique()), ordered=True)
    )
    shown = (
        rows.sort_values(["group", "session_id", "turn", "sentence"], kind="stable")
        .groupby("group", observed=True)
        .head(n)
    )
    return pd.DataFrame(
        {
            "group": shown["group"].astype(str).to_numpy(),
            "in group": shown["group"].astype(str).map(per_group).to_numpy(),
            "id": shown["sentence_id"].to_numpy() if "sentence_id" in shown else shown.index.to_numpy(),
            "delegation": shown["country"].to_numpy(),
            "themes": [
                ", ".join(t) or (f"none (procedural: {v})" if v else "none")
                for t, v in zip(theme_lists(shown), vetoes(shown), strict=True)
            ],
            "text": shown["text"].map(lambda t: short(t, 160)).to_numpy(),
        }
    )


# --- 03: comparison ---------------------------------------------------------------------------


def quote_table(quotes: pd.DataFrame, per_cell: int = 1, group: str | None = None,
                theme: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The best `per_cell` representative quotes of every group and theme (or of one group / theme)."""
    rows = quotes[quotes["rank"] <= per_cell]
    if group is not None:
        rows = rows[rows["group"] == config.house_group(group)]
    if theme is not None:
        rows = rows[rows["theme"] == theme]
    cols = ["group", "theme_short", "rank", "delegation", "text", "evidence", "locator"]
    rows = rows[cols].reset_index(drop=True)
    return rows.assign(evidence=[", ".join(e) for e in rows["evidence"].tolist()])


# --- 05: General Debate -------------------------------------------------------------------------


def gdc_folder(processed: str | Path, years: str | None) -> Path:
    """Where a General Debate slice's manifest and tables go: PROCESSED/gdc/<years> (never the corpus)."""
    slug = "all" if not years or not str(years).strip() else str(years).replace(" ", "").replace(",", "_")
    return Path(processed) / "gdc" / slug


def gdc_manifest(corpus: str | Path, out_dir: str | Path, years: str | None) -> str:
    """Write the General Debate manifest for `years` to OUT_DIR/sessions.csv (never into the corpus)."""
    from analysis.ingest import gdc

    message = gdc.write_manifest(Path(corpus), Path(out_dir) / "sessions.csv", years=years)
    return quiet_paths(message.splitlines()[0])


def gdc_validation(years: str | None, sheet: str | Path | None) -> Path | None:
    """The validation sheet for a General Debate slice: `themes-random-2023.tsv` is a random sample of
    the 2023 speeches only, so it corrects the 2023 slice and nothing else (a sample of one year
    would bias the correction of several)."""
    if not sheet or str(years).strip() != "2023":
        return None
    if not Path(sheet).is_file():
        raise NotebookStop(f"the validation sheet is absent ({rel(sheet)}); set VALIDATION = '' to skip it")
    return Path(sheet)


def validation_sample(processed: str | Path, shown: str | None = None) -> str:
    """One line on the validation sample behind the corrected columns (validation.json), the sheet named
    as `shown` (its path) or by its file name."""
    record = catalogue.read_document(processed, "validation")
    if not record.get("file"):
        return "no validation sample: shares are machine-coded only"
    groups = ", ".join(
        f"{config.GROUP_SHORT.get(g, g)} {record['groups'][g]}" for g in config.group_order(record["groups"])
    )
    # Rows by line only: the sheet may be a sample nobody should read sentence by sentence here (the
    # random-2023 sentences); validation.json keeps each row's opening words for whoever looks it up.
    missing = [m.split(":", 1)[0] for m in record["unmatched"]]
    outside = [m.split(":", 1)[0] for m in record.get("not_counted", [])]
    return (
        f"{shown or record['file']}: {record['matched_rows']} of {record['coded_rows']} coded sentences "
        f"found among the counted sentences ({groups})"
        + (f"; left out as sentences no share counts: {formats.first_few(outside)}" if outside else "")
        + (f"; not found: {formats.first_few(missing)}" if missing else "")
        + "".join(f"; {n}" for n in record.get("notes") or [])
    )


def statements_by_group(manifest: str | Path) -> pd.DataFrame:
    df = pd.read_csv(manifest, dtype={"year": "int64"}, keep_default_na=False)
    table = pd.crosstab(df["group"], df["year"])
    table = table.loc[config.group_order(table.index)]
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    return table.astype("int64")


def per_theme_agreement(report) -> pd.DataFrame:
    return rounded(report.per_theme)


def per_group_agreement(report) -> pd.DataFrame:
    """Micro and macro F1 and exact match per regional group (not the lowest theme kappa, which a theme
    with one or two sentences in a group's hundred drives to 0 whatever the coder does)."""
    if report.per_group is None:
        raise NotebookStop("the coded file has no `group` column; agreement per group cannot be shown")
    return rounded(report.per_group.drop(columns="min_kappa"))


def costliest_confusions(report, n: int = 10) -> pd.DataFrame:
    """The (missed, extra) theme pairs behind most of the coder's errors."""
    return rounded(report.confusions.head(n))


def draw(name: str, tables: dict[str, pd.DataFrame], prov: dict, dpi: int = 100, layout: str = "default"):
    """One report figure drawn from `figures.read_inputs` tables as make_all draws it (in `layout`, a name
    in `style.LAYOUTS`); shown, not saved."""
    from analysis import figures

    fig, data = figures.draw(name, tables, prov, layout)
    return show(fig, dpi=dpi, alt=figures.alt_for(name, tables, data))
