"""`python -m analysis`: the commands of the interface contract, and a few more.

Bad input ends with one line naming the file (and line) and exit status 2; a
traceback is shown only with --debug, for bugs.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from analysis import config
from analysis.errors import InputError, InputErrors, printable

app = typer.Typer(
    name="analysis",
    help=(
        "Clean, code and compare the transcripts of multilateral policy dialogues.\n\n"
        "Stages: clean (raw transcripts -> turns.parquet), themes (turns -> coded sentences and "
        "tables), figures (tables -> reports/figures). `run` does all three, on the bundled sample "
        "unless --raw names another folder."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's own help: paragraphs reflowed to the terminal, and no `<bool>` after a flag (typer 0.29's
    # rich panels print one after every flag, --help included)
    rich_markup_mode=None,
)

_state = {"debug": False}


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks (for reporting bugs).")
    ] = False,
) -> None:
    _state["debug"] = debug


RawOpt = Annotated[
    Path,
    typer.Option(
        "--raw",
        help="Folder with the raw transcripts and their sessions.csv manifest (read only).",
        show_default="data/raw",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Run even if the outputs are up to date with their inputs and the code."),
]
ProcessedOpt = Annotated[
    Path,
    typer.Option(
        "--processed",
        help="Folder of processed outputs (turns.parquet and the tables).",
        show_default="data/processed",
    ),
]


StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Write nothing if any transcript cannot be read (all or nothing)."),
]


OverridesOpt = Annotated[
    Path | None,
    typer.Option(
        "--overrides",
        help=(
            "A coded sheet (TSV: themes, and id or text) whose sentences take the people's codes instead "
            "of the codebook's; applied and recorded in provenance.json."
        ),
    ),
]


ValidationOpt = Annotated[
    Path | None,
    typer.Option(
        "--validation",
        help=(
            "A sheet of counted sentences coded by people (TSV with text and themes; `python -m analysis "
            "sample` draws one): adds shares corrected for the coder's errors, their comparisons and the "
            "coder's agreement per group."
        ),
    ),
]


def _warn(lines: list[str]) -> None:
    """A stage's warnings, one `warning:` line each on stderr, after its summary."""
    for line in lines:
        typer.echo(f"warning: {printable(line)}", err=True)


@app.command()
def clean(
    raw: RawOpt = config.RAW_DIR,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "--processed",
            help="Folder to write turns.parquet, sessions.parquet and the cleaning log into (the others'"
            " --processed).",
            show_default="data/processed",
        ),
    ] = config.PROCESSED_DIR,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="A sessions.csv kept outside RAW (files stay relative to RAW), e.g. for a read-only corpus.",
            show_default="RAW/sessions.csv",
        ),
    ] = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Read RAW/sessions.csv, clean every transcript and attribute each turn to a delegation.

    Writes OUT/turns.parquet (one row per speaker turn), OUT/sessions.parquet (the manifest's
    rows) and the cleaning log, OUT/cleaning_log.parquet and .csv (every removal: session, turn,
    what, why). A transcript that cannot be read is
    reported at the end, with every other such file, and the status is 2; the
    others' outputs are written (--strict: nothing is written). A bad manifest
    stops the run before any work.
    """
    from analysis import pipeline

    pipeline.check_outputs(raw, out)
    result = pipeline.clean_stage(raw, out, manifest=manifest, force=force, strict=strict)
    typer.echo(result)
    _warn(result.warnings)
    result.raise_errors()


@app.command()
def themes(
    processed: ProcessedOpt = config.PROCESSED_DIR,
    force: ForceOpt = False,
    overrides: OverridesOpt = None,
    validation: ValidationOpt = None,
) -> None:
    """Code the cleaned turns with the codebook and compare the groups: two stages, code then compare.

    code writes sentences.parquet (every sentence with its themes), evidence.parquet (the words
    behind every code) and provenance.json; compare writes theme_prevalence, theme_differences,
    theme_ranks, rank_agreement, cooccurrence, verbosity, distinctive_terms, codebook_candidates and
    quotes (with --validation also corrected_differences and validation_agreement), each as .parquet
    and as .csv for people. docs/catalogue.md lists every column; docs/statistics.md says how to read them.
    """
    from analysis import pipeline
    from analysis.io import writing

    pipeline.check_sheets(overrides, validation)
    with writing(processed):  # both stages on the same turns: no other run writes between them
        said = pipeline.sheet_warnings(processed, overrides, validation)
        for warning in pipeline.partial_turns(processed) + said:
            typer.echo(f"warning: {printable(warning)}", err=True)
        coded = pipeline.code_stage(processed, force=force, overrides=overrides)
        typer.echo(coded)  # said as each ends
        _warn(coded.warnings)
        typer.echo(pipeline.compare_stage(processed, force=force, validation=validation))


@app.command()
def sample(
    processed: ProcessedOpt = config.PROCESSED_DIR,
    n: Annotated[
        int, typer.Option("--n", help="Sentences per regional group (all of a smaller group's).")
    ] = 100,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The coding sheet to write (TSV); its folder is made if need be.",
            show_default="data/validation/validation-sheet.tsv; for another --processed folder, "
            "validation/validation-sheet.tsv beside it",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a sheet already at --out (it may hold a person's coding)."),
    ] = False,
) -> None:
    """Draw a seeded random sample of every group's counted sentences as a coding sheet.

    The sheet has columns id, group, country, text and themes (empty): a person fills in the themes
    from the text and the codebook (or in JupyterLab, analysis.report.coding_widget), and
    `themes --validation SHEET` then corrects every share for the automatic coder's errors;
    so do `run --validation SHEET` and `make figures VALIDATION=SHEET` (nothing uses it unless given).
    Without --out the sheet of another --processed folder goes beside it (PROCESSED/../validation), as
    data/validation stands beside data/processed, not among the bundled sample's sheets.
    A sheet already at --out is never replaced without --force: it may hold hours of coding.
    """
    from analysis.comparison import validation as sampling

    typer.echo(sampling.write_sample(processed, n, out, force=force))


@app.command()
def code(
    input: Annotated[Path, typer.Option("--input", help="CSV with columns id,text.")],
    output: Annotated[Path, typer.Option("--output", help="CSV to write with columns id,themes.")],
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Add an evidence column: the words behind each theme.")
    ] = False,
) -> None:
    """Code any text: one row per id, themes separated by ';' (empty when none). Texts not in the codebook's
    language are coded as given, with a warning naming their ids.

    The empty cell is the interface contract's; a coded sheet (--overrides, --validation, import-coding)
    reads an empty cell as not coded yet and writes `none` for no theme, so write `none` into the empty
    cells before using this output as one."""
    from analysis import pipeline

    said, warnings = pipeline.code_csv(input, output, evidence=evidence)
    typer.echo(said)
    _warn(warnings)


class Split(StrEnum):
    all = "all"
    tune = "tune"
    holdout = "holdout"


@app.command()
def validate(
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold",
            help="Coded TSV with columns id, text and themes ('none' or a;b).",
            show_default="../shared/specs/themes-dev.tsv; with --split, themes-train.tsv",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the scores, confusions and errors as CSV files here."),
    ] = None,
    split: Annotated[
        Split,
        typer.Option(
            "--split",
            help="One side of the fixed tune/holdout split of themes-train.tsv (analysis.coding.splits); "
            "the held-out side is the figure nobody tuned on.",
        ),
    ] = Split.all,
    codebook: Annotated[
        Path, typer.Option("--codebook", help="Codebook YAML to code with.", show_default="the current one")
    ] = config.CODEBOOK,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Also code with this codebook and give each figure's change a paired 95% interval.",
        ),
    ] = None,
) -> None:
    """Agreement of the automatic coder with human coding: P, R, F1 and kappa per theme and per
    regional group (when the file has a `group` column), each with a 95% interval, and the
    confusions that cost most; with --baseline, whether a codebook revision agrees better."""
    from analysis.coding import validate as validate_mod
    from analysis.io import defuse_formulas, write_csv

    if gold is None:  # the split is of the training sentences: never of the dev set by default
        gold = config.DEV_SET if split == Split.all else config.TRAIN_SET
        if not gold.is_file():
            raise InputError(
                "no such file: the coded sentences come with ../shared beside the project; set"
                " ANALYSIS_SHARED to the folder holding specs/ (an installed package has no project beside"
                " it), or pass --gold FILE (make validate GOLD=FILE)",
                gold,
            )
    whole = validate_mod.read_gold(gold, codebook)
    sheet = validate_mod.select_split(whole, split.value, gold)
    part = "" if split == Split.all else f", its {split.value} part (the fixed split)"
    typer.echo(f"Coded sentences: {gold}{part}")
    for note in whole.attrs["notes"]:
        typer.echo(f"  {note}")
    report = validate_mod.validate(sheet, codebook)
    typer.echo(validate_mod.format_report(report))
    _warn(validate_mod.not_in_coding_language(sheet))
    change = None
    if baseline is not None:
        change = validate_mod.compare_codebooks(sheet, codebook, baseline)
        typer.echo("\n" + validate_mod.format_change(change))
    if out is not None:
        validate_mod.write_report(report, out)
        if change is not None:
            write_csv(defuse_formulas(change.table), Path(out) / "validation_change.csv")


class FigureLayout(StrEnum):
    """The layouts of `report.style.LAYOUTS` (named here so that --help does not load matplotlib)."""

    default = "default"
    report = "report"
    slides = "slides"


@app.command()
def figures(
    processed: ProcessedOpt = config.PROCESSED_DIR,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the figures (PNG, SVG, PDF + CSV).",
            show_default="reports/figures, or reports/figures/LAYOUT for another layout",
        ),
    ] = None,
    layout: Annotated[
        FigureLayout,
        typer.Option(
            "--layout",
            help="default: 8.2-11 inches wide, for a notebook or an A3 page; report: 16 cm wide, for an A4 "
            "portrait page's text column, every text 7 pt or more at that width; slides: 29.21 cm wide and "
            "at most 16.15 cm tall, for a 16:9 PowerPoint slide, every text 12 pt or more, the notes in "
            "name.caption.txt beside each figure.",
        ),
    ] = FigureLayout.default,
    force: ForceOpt = False,
) -> None:
    """Draw every report figure from the theme tables, each with the CSV of what it plots."""
    from analysis import pipeline

    layout = FigureLayout(layout).value
    if out is None:
        out = config.FIGURES_DIR if layout == "default" else config.FIGURES_DIR / layout
    for warning in pipeline.partial_turns(processed):
        typer.echo(f"warning: {printable(warning)}", err=True)
    drawn = pipeline.figures_stage(processed, out, force=force, layout=layout)
    typer.echo(drawn)
    _warn(drawn.warnings)  # a slide or report figure taller than its slide or page


@app.command()
def run(
    raw: RawOpt = config.RAW_DIR,
    processed: ProcessedOpt = config.PROCESSED_DIR,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the figures.", show_default="reports/figures")
    ] = config.FIGURES_DIR,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="A sessions.csv kept outside RAW.", show_default="RAW/sessions.csv"),
    ] = None,
    force: ForceOpt = False,
    overrides: OverridesOpt = None,
    validation: ValidationOpt = None,
    strict: StrictOpt = False,
) -> None:
    """All stages: data/raw -> data/processed -> reports/figures.

    Each stage is skipped when its outputs are up to date with its inputs and
    the package's code (use --force to redo them); parses are cached by text.
    Without --validation, RAW/validation-sample.tsv corrects the shares when it exists.
    A manifest of one regional group, or a coded sheet that cannot serve (a typo; a validation sentence
    the overrides recode), is refused before any work, and a transcript that
    cannot be read stops the run after the clean stage: figures are never drawn without
    a session the manifest lists.
    """
    from analysis import pipeline

    picked = validation is None
    validation = validation or pipeline.default_validation(raw)
    with pipeline.found_in_raw(validation, picked):
        _run_stages(raw, processed, out, manifest, force, overrides, validation, strict)


def _run_stages(raw, processed, out, manifest, force, overrides, validation, strict) -> None:
    from analysis import pipeline
    from analysis.ingest.manifest import read_manifest
    from analysis.io import writing

    sessions = read_manifest(raw, manifest)  # once: the groups checked are the sessions cleaned
    pipeline.check_groups(raw, manifest, sessions)
    pipeline.check_sheets(overrides, validation)
    pipeline.check_outputs(raw, processed, out)
    pipeline.check_report_figures(out, raw=raw)
    Path(processed).mkdir(parents=True, exist_ok=True)
    with writing(processed):  # every stage on this run's turns: no other run writes between them
        cleaned = pipeline.clean_stage(
            raw, processed, manifest=manifest, force=force, strict=strict, sessions=sessions
        )
        typer.echo(cleaned)
        _warn(cleaned.warnings)
        cleaned.raise_errors()
        for warning in pipeline.sheet_warnings(processed, overrides, validation):
            typer.echo(f"warning: {printable(warning)}", err=True)
        coded = pipeline.code_stage(processed, force=force, overrides=overrides)
        typer.echo(coded)
        _warn(coded.warnings)
        typer.echo(pipeline.compare_stage(processed, force=force, validation=validation))
        typer.echo(pipeline.figures_stage(processed, out, force=force))


@app.command()
def manifest(
    folder: Annotated[
        Path, typer.Argument(help="Folder of single-statement files named ISO3_SESSION_YEAR.txt.")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where to write the manifest: a .csv file, or a folder to hold its sessions.csv "
            "(default: FOLDER/sessions.csv).",
        ),
    ] = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Only these years, e.g. 2021-2022 or 2015,2023.")
    ] = None,
) -> None:
    """Write sessions.csv for a folder of General-Debate-style speeches, one per delegation.

    Each file becomes a session whose `country` is set (the whole file is one
    statement) and whose `group` is the delegation's UN regional group from the
    project's country table. Searches sub-folders too.
    """
    from analysis.ingest import gdc

    typer.echo(gdc.write_manifest(folder, out, years=years))


@app.command()
def cache(
    processed: ProcessedOpt = config.PROCESSED_DIR,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Delete the records the current turns and codebook do not use, and free their space.",
        ),
    ] = False,
) -> None:
    """Say what the parse, sentence-features and coding caches of a processed folder hold; with --prune,
    keep only what the next themes run reads (records of earlier turns, codebooks and pipelines are made
    again if needed)."""
    from analysis.coding import cache as cache_mod

    before, after = cache_mod.prune(processed) if prune else (cache_mod.usage(processed), None)
    typer.echo(cache_mod.summary(processed, before, after))


@app.command()
def catalogue() -> None:
    """Print the catalogue of outputs: every table and file, the stage that writes it, its columns."""
    from analysis import catalogue as catalogue_mod

    typer.echo(catalogue_mod.markdown(), nl=False)


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="File to write: a .qdpx project (or a .qdc codebook with --codebook-only)."
        ),
    ],
    processed: ProcessedOpt = config.PROCESSED_DIR,
    codebook_only: Annotated[
        bool, typer.Option("--codebook-only", help="Write only the codebook, as a REFI-QDA .qdc file.")
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="The project's name as the QDA suite shows it.",
            show_default="Policy dialogues (dialogue-analysis)",
        ),
    ] = None,
) -> None:
    """Export the coded sessions as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder.

    The .qdpx holds one source per session (the cleaned transcript, one turn a
    paragraph), the codebook as codes, every coded sentence as a selection at its
    exact position with its themes and matched words, and the delegations as cases
    with their regional group, country and role. Re-running gives the same bytes.
    """
    from analysis.exchange import processed as exchange

    if codebook_only:
        typer.echo(exchange.export_codebook_file(out))
    else:
        typer.echo(exchange.export_processed(processed, out, name=name))


@app.command("import-coding")
def import_coding(
    qdpx: Annotated[
        Path, typer.Argument(help="A .qdpx project exported by `export` and coded in a QDA suite.")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="TSV to write with columns id, text, themes, coded_by, note.")
    ],
    processed: ProcessedOpt = config.PROCESSED_DIR,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a sheet already at --out (it may hold a person's coding)."),
    ] = False,
) -> None:
    """Read the codings of a .qdpx back onto the project's sentences, as a TSV (id, text, themes,
    coded_by, note).

    A selection codes every sentence it covers, even in part; themes are ';'-joined
    in codebook order, `none` when a sentence has none. Codes not in the codebook,
    selections over no sentence and sources whose text changed are reported as
    warnings, never dropped silently; so is a project file that does not follow the
    REFI-QDA schema (it is read as far as it goes). Every sentence of the export is in the TSV, with the
    automatic codes where nobody recoded it (`coded_by` says whose codes each row holds): keep
    only a random sample the team actually reviewed before using it as a validation sample
    (`themes --validation`), or as overrides (`themes --overrides`) where the team's word wins.
    A sheet already at --out is never replaced without --force.
    """
    from analysis.exchange import processed as exchange

    summary, warnings = exchange.import_processed(qdpx, processed, out, force=force)
    for warning in warnings:
        typer.echo(f"warning: {printable(warning)}", err=True)
    typer.echo(summary)


INTERRUPTED = "interrupted: every output is written whole or not at all; run the command again to finish"


def _interrupted(main_pid: int, said: list | None = None):
    """A SIGINT handler that says what an interrupt leaves (typer exits 130 without a word), once however
    often Ctrl-C is pressed (`said`); parse workers forked from this process inherit it and stay quiet."""
    said = [] if said is None else said

    def handler(signum, frame):
        if os.getpid() == main_pid and not said:
            said.append(True)
            print(INTERRUPTED, file=sys.stderr, flush=True)
        raise KeyboardInterrupt

    return handler


def _interrupted_ending(said: list):
    """Ctrl-C once the command has returned, while the process ends (a pool's threads joined, libraries'
    exit hooks): the same line and status as during the work. A KeyboardInterrupt raised there would be
    printed as an ignored exception and the process would still exit 0."""

    def handler(signum, frame):
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        if not said:
            print(INTERRUPTED, file=sys.stderr, flush=True)
        os._exit(130)

    return handler


def main() -> None:
    """Entry point: bad input is one line on stderr and exit status 2 (traceback only with --debug); Ctrl-C
    says what it leaves and exits 130, whenever it comes."""
    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler  # not where SIGINT is ignored
    said: list[bool] = []  # the line is printed once, whenever Ctrl-C comes and however often
    if ours:
        signal.signal(signal.SIGINT, _interrupted(os.getpid(), said))
        # the last exit hook: past it no Python handler runs (a Ctrl-C would be dropped and the status be
        # 0), so the default action ends the process by the signal (status 130 in a shell), silently
        atexit.register(signal.signal, signal.SIGINT, signal.SIG_DFL)
    try:
        app()
    except (InputError, OSError) as exc:
        if _state["debug"] or "--debug" in sys.argv[1:2]:
            raise
        if isinstance(exc, OSError) and not exc.filename:
            raise  # not a file the user named: a real fault, keep the traceback
        for line in exc.errors if isinstance(exc, InputErrors) else [exc]:  # one line each
            typer.echo(f"error: {printable(_one_line(line))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:  # between the command's end and here: typer no longer turns it into 130
        sys.exit(130)
    finally:
        if ours:
            signal.signal(signal.SIGINT, _interrupted_ending(said))


def _one_line(exc: Exception) -> str:
    """A file that cannot be written (read-only, a folder in the way, the raw folder) reads as bad input."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return f"{exc.filename}: a file is where the output needs a folder"
    if isinstance(exc, OSError):
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)
