"""The stages, wired together: clean -> code -> compare -> figures.

Each stage reads its inputs from one folder, writes every output the catalogue
lists for it at once (atomically: nothing if any part fails), and is skipped
when a fingerprint of its inputs, the modules it uses and its settings is
unchanged. Each returns a `StageResult` (what it wrote, whether it was up to
date, a few counts), whose text is the one-line summary the CLI prints.
The work itself lives in `ingest`, `coding`, `comparison` and `figures`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis import __version__, catalogue, config, stamps
from analysis.errors import InputError, InputErrors, require_file
from analysis.io import check_writable, json_bytes, sha256_file, staged, text_sha256_file, write_csv, writing
from analysis.report.formats import plural


@dataclass(frozen=True)
class StageResult:
    """What a stage did: its outputs, whether it was already up to date, and counts for its summary."""

    stage: str
    folder: Path
    outputs: tuple[Path, ...]
    up_to_date: bool
    counts: dict = field(default_factory=dict)
    errors: tuple[InputError, ...] = ()  # files the stage could not read (its outputs cover the rest)

    def describe(self) -> str:
        """The summary without the 'up to date' note or the destination (stable across re-runs)."""
        return _SUMMARY[self.stage](self.counts)

    def __str__(self) -> str:
        note = " (up to date)" if self.up_to_date else ""
        failed = f"; {len(self.errors)} file(s) could not be read" if self.errors else ""
        return f"{self.stage}{note}: {self.describe()}{failed} -> {self.folder}"

    @property
    def warnings(self) -> list[str]:
        """What the summary only counts: one line per session for speech the codebook cannot read, then one
        for every session that only quotes another language in passing, and one for every figure taller than
        its layout allows (a slide's or a report page's text block; `figures.too_tall`) or with columns its
        layout's width cannot hold (`figures.too_wide`); also when the stage was up to date: the counts come
        back from its stamp."""
        from analysis.ingest.language import in_passing_line

        passing = self.counts.get("in_passing", [])
        unit = "turn" if self.stage == "clean" else "sentence"
        shared = [in_passing_line(passing, unit)] if passing else []
        return list(self.counts.get("not_codable", [])) + shared + list(self.counts.get("too_tall", []))

    def raise_errors(self) -> None:
        """Raise the stage's file errors, all in one list (the CLI prints them and exits 2)."""
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else InputErrors(list(self.errors))


_SUMMARY: dict[str, Callable[[dict], str]] = {
    "clean": lambda c: (
        f"{c['sessions']:,} session{'s' * (c['sessions'] != 1)}, {c['turns']:,} turns "
        f"({c['unattributed']:,} unattributed), {c['removals']:,} removals logged"
        + _unmatched_speakers(c.get("unmatched_speakers", []))
        + _unknown(c.get("unknown_speakers", []))
        + _guests(c.get("guests", []))
        + _silent(c.get("silent", []))
        + _undated(c.get("undated", []))
        + _not_codable(c.get("not_codable", []), "turns")
        + _in_passing(c, "turn")
    ),
    "code": lambda c: (
        f"{c['sentences']:,} sentences coded ({c['counted']:,} delegation sentences counted, "
        f"{c['coded']:,} with a theme); codebook {c['codebook_version']} ({c['codebook_hash'][:12]}), "
        f"{c['spacy_model']}"
        + (
            f"; {plural(c['overridden'], 'sentence')} coded by people from {c['overrides']}"
            f"{_unmatched(c['unmatched'])}{_notes(c.get('notes', []))}"
            if c.get("overrides")
            else ""
        )
        + _not_codable(c.get("not_codable", []), "sentences")
        + _in_passing(c, "sentence")
    ),
    "compare": lambda c: (
        f"{c['groups']} groups x {c['themes']} themes, {c['significant']:,} of {c['tests']:,} differences "
        f"significant (q < 0.05), {c['quotes']:,} quotes" + _validated(c.get("validation"))
    ),
    "figures": lambda c: f"{len(c['figures'])} figures ({', '.join(c['figures'])}), {c['files']} files",
}


def _in_passing(c: dict, unit: str) -> str:
    """'; a sentence or two not in English in 8 (more) sessions (quotations, most likely): see the
    warnings' or ''."""
    entries = c.get("in_passing", [])
    if not entries:
        return ""
    from analysis.ingest.language import CODING_LANGUAGE_NAME

    more = "more session" if c.get("not_codable") else "session"
    return (
        f"; a {unit} or two not in {CODING_LANGUAGE_NAME} in {plural(len(entries), more)}"
        " (quotations, most likely): see the warnings"
    )


def _validated(c: dict | None) -> str:
    """'; corrected with V.tsv (...)' for the compare stage's summary, or '' without a sample."""
    from analysis.comparison.correction import FEW_VALIDATED

    if not c:
        return ""
    order = config.group_order(c["groups"])  # a stamp's counts come back with their keys sorted
    groups = ", ".join(f"{config.GROUP_SHORT.get(g, g)} {c['groups'][g]}" for g in order) or "none"
    without = f"; no sample for {', '.join(c['without'])}" if c["without"] else ""
    few = [config.GROUP_SHORT.get(g, g) for g in order if 0 < c["groups"][g] < FEW_VALIDATED]
    if few:
        without += f"; fewer than {FEW_VALIDATED} validated for {', '.join(few)} (corrected intervals rough)"
    # a screen per theme at p < 0.05, not adjusted for the 11 themes: a warning, not a finding
    flagged = f"; coder errors may differ by group for {', '.join(c['flagged'])}" if c["flagged"] else ""
    return (
        f"; corrected with {c['file']}: {c['matched_rows']} of {c['coded_rows']} coded rows matched "
        f"({groups}){without}, {c['significant']} of {c['tests']} corrected differences significant"
        f"{flagged}{_not_counted(c.get('not_counted', []))}{_unmatched(c['unmatched'])}"
        f"{_notes(c.get('notes', []))}"
    )


def _first(items: list[str], k: int = 3, sep: str = "; ") -> str:
    """The first `k` items, and how many more ('a; b; c, and 2 more'): what a one-line summary names."""
    rest = f", and {len(items) - k} more" if len(items) > k else ""
    return f"{sep.join(items[:k])}{rest}"


def _unmatched_speakers(rows: list[str]) -> str:
    """'; 2 speakers.csv rows name no speaker of the transcripts (a; b)' or ''."""
    if not rows:
        return ""
    name = "speakers.csv row names" if len(rows) == 1 else "speakers.csv rows name"
    return f"; {len(rows)} {name} no speaker of the transcripts ({_first(rows)})"


def _unknown(rows: list[str]) -> str:
    """'; 2 speakers given no delegation (SPEAKER_01 in APG; Wakanda in LAC): ...' or ''."""
    if not rows:
        return ""
    return (
        f"; {plural(len(rows), 'speaker')} given no delegation ({_first(rows)}): give each its country in"
        " speakers.csv"
    )


def _guests(rows: list[str]) -> str:
    """'; 2 delegations count with the group of a session they are not members of (BRA in AFR; DEU in
    AFR): ...' or ''."""
    if not rows:
        return ""
    who = "delegation counts" if len(rows) == 1 else "delegations count"
    they = "it is not a member of" if len(rows) == 1 else "they are not members of"
    return (
        f"; {len(rows)} {who} with the group of a session {they} ({_first(rows)}): give a guest the role"
        " other (no country) in speakers.csv"
    )


def _silent(sessions: list[str]) -> str:
    """'; 2 sessions with no delegation's speech count for nothing (APG, LAC)' or ''."""
    if not sessions:
        return ""
    has = (
        "sessions with no delegation's speech count"
        if len(sessions) > 1
        else "session with no delegation's speech counts"
    )
    return f"; {len(sessions)} {has} for nothing ({_first(sessions, 5, ', ')})"


def _undated(sessions: list[str]) -> str:
    """'; 2 sessions the manifest gives no date (APG, LAC): the figures' span of dates leaves them out; give
    their dates in sessions.csv' or ''."""
    if not sessions:
        return ""
    it = "it" if len(sessions) == 1 else "them"
    its = "its date" if len(sessions) == 1 else "their dates"
    return (
        f"; {plural(len(sessions), 'session')} the manifest gives no date ({_first(sessions, 5, ', ')}): the"
        f" figures' span of dates leaves {it} out; give {its} in sessions.csv"
    )


def _not_codable(lines: list[str], units: str) -> str:
    """'; delegation turns not in English, counted for no share, in 2 sessions (ARB, LAC): see the
    warnings' or '' (the warnings, one per session, say how much, whose and what to do)."""
    if not lines:
        return ""
    from analysis.ingest.language import CODING_LANGUAGE_NAME

    sessions = [line.split(":", 1)[0] for line in lines]
    return (
        f"; delegation {units} not in {CODING_LANGUAGE_NAME}, counted for no share, in "
        f"{plural(len(lines), 'session')} ({_first(sessions, 5, ', ')}): see the warnings"
    )


def _notes(notes: list[str]) -> str:
    """'; <note>; <note>': what reading a coded sheet settled (labels read as ids, duplicate rows dropped)."""
    return "".join(f"; {n}" for n in notes)


def _sheet_rows(rows: list[str], what: str, why: str = "") -> str:
    """', 2 sheet rows <what> (<why>line 4: ...; line 9: ...)' or ''."""
    if not rows:
        return ""
    return f", {plural(len(rows), 'sheet row')} {what} ({why}{_first(rows)})"


def _not_counted(rows: list[str]) -> str:
    from analysis.ingest.language import CODING_LANGUAGE_NAME

    why = f"procedural, the chair's or not in {CODING_LANGUAGE_NAME}: "
    return _sheet_rows(rows, "left out as sentences no share counts", why)


def _unmatched(rows: list[str]) -> str:
    return _sheet_rows(rows, "not found")


@dataclass(frozen=True)
class _Stage:
    """A stage's name, the modules whose import closure it runs, and the data files it reads."""

    name: str
    modules: tuple[str, ...]
    data: tuple[Path, ...] = ()

    def code(self) -> str:
        return stamps.code_fingerprint(self.modules, self.data)


# The catalogue (module and file) is in every stage: a schema change re-runs them.
# This module's own wiring is not: it only calls the stage's package and writes what it returns.
# The function words that tell a text's language (`ingest.language`) decide which speech counts.
LANGUAGE_WORDS = config.PACKAGE_DATA / "language-words.txt"
CLEAN = _Stage(
    "clean",
    ("analysis.ingest", "analysis.catalogue"),
    (config.COUNTRY_TABLE, LANGUAGE_WORDS, catalogue.SOURCE),
)
CODE = _Stage(
    "code",
    ("analysis.coding.code", "analysis.coding.overrides", "analysis.catalogue"),
    (config.CODEBOOK, config.COUNTRY_TABLE, LANGUAGE_WORDS, catalogue.SOURCE),
)  # the country table: whether a sentence only runs the meeting ("Thank you, we support KEN.")
COMPARE = _Stage(
    "compare",
    ("analysis.comparison.compare", "analysis.comparison.discover", "analysis.comparison.quotes",
     "analysis.catalogue"),
    (config.CODEBOOK, config.COUNTRY_TABLE, config.PACKAGE_DATA / "discover-stoplist.txt", catalogue.SOURCE),
)  # fmt: skip
FIGURES = _Stage("figures", ("analysis.figures", "analysis.catalogue"), (catalogue.SOURCE,))


def _run(stage: _Stage, stamp_dir: Path, out: Path, inputs: list[Path], settings: dict, force: bool,
         work: Callable[[], tuple[dict[str, bytes], dict]],
         errors: list | None = None, named: Callable[[InputError], str] = str) -> StageResult:  # fmt: skip
    """Run `work` unless the stage is up to date; write all its files at once; record the stamp.

    `errors`: a list `work` fills with the files it could not read; the outputs are still written,
    but the stamp matches no fingerprint, so the next run tries those files again. `named`: how the
    stamp names each (`unread`).
    """
    # One run at a time decides and writes the folder's outputs; where a stage writes another folder (the
    # figures), that folder too, taken after the tables' folder, the order every run takes them in.
    with writing(stamp_dir), _writing_too(out, stamp_dir):
        return _run_locked(stage, stamp_dir, out, inputs, settings, force, work, errors, named)


@contextlib.contextmanager
def _writing_too(out: Path, stamp_dir: Path) -> Iterator[None]:
    """Hold `out`'s write lock as well where it is not the stamp's folder (made first, to hold the lock):
    two runs drawing other tables into one figures folder take turns."""
    if out.resolve() == stamp_dir.resolve():
        yield
        return
    check_writable(out)
    out.mkdir(parents=True, exist_ok=True)
    with writing(out):
        yield


def _run_locked(stage: _Stage, stamp_dir: Path, out: Path, inputs: list[Path], settings: dict, force: bool,
                work: Callable[[], tuple[dict[str, bytes], dict]],
                errors: list | None, named: Callable[[InputError], str]) -> StageResult:  # fmt: skip
    fp = stamps.fingerprint(inputs, stage.code(), **settings)
    done = None if force else stamps.recorded(stamp_dir, stage.name, out, fp)
    if done is not None:
        outputs = tuple(out / name for name in done["outputs"])
        return StageResult(stage.name, out, outputs, True, done.get("counts", {}))
    # where the stage will write (its outputs; its stamp and the parse caches): said now, not after the work
    for folder in dict.fromkeys((out, stamp_dir / stamps.STAMP_DIR)):
        check_writable(folder)
    system_allocator()
    files, counts = work()
    with staged() as pending:
        for name, data in files.items():
            pending[str(out / name)] = data
    outputs = tuple(out / name for name in sorted(files))
    if errors:  # recorded as leaving those files out: matches no fingerprint, so they are tried again
        unread = [named(e) for e in errors]
        stamps.record(stamp_dir, stage.name, out, fp, list(outputs), counts, unread=unread)
        return StageResult(stage.name, out, outputs, False, counts, tuple(errors))
    stamps.record(stamp_dir, stage.name, out, fp, list(outputs), counts)
    return StageResult(stage.name, out, outputs, False, counts)


def system_allocator() -> None:
    """Arrow's buffers from the C library's allocator, not its bundled mimalloc (unless the environment
    names one: ARROW_DEFAULT_MEMORY_POOL). mimalloc keeps what every reading and writing thread freed for
    that thread: on the 2023 General Debate the themes stage peaked 75-85 MB higher with it, no faster."""
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())


def _require(path: Path, hint: str) -> Path:
    return require_file(path, f"missing; {hint}")


def _output(processed: Path, name: str) -> Path:
    """Output `name` of `processed`, which must be there: else what to run to make it."""
    return _require(catalogue.path(processed, name), catalogue.run_hint(name, processed))


def check_outputs(raw: Path, *outs: Path) -> None:
    """Before any work: no output folder under the raw folder, and every one writable, so a run does
    not find out after minutes of work that its figures cannot be saved. (A manifest kept outside RAW
    may have the outputs beside it: notebook 05 keeps a General Debate slice's manifest and tables
    together.)"""
    for out in outs:
        check_writable(Path(out), Path(raw))


# how a command names another figures folder than the report figures' (a notebook gives its own advice)
OUT_ADVICE = "give --out another folder (e.g. --out out/figures)"


def check_report_figures(
    out: Path, raw: Path | None = None, processed: Path | None = None, advice: str = OUT_ADVICE
) -> None:
    """The project's report figures (reports/figures, committed with the bundled sample) are drawn only from
    the bundled sample: from `raw` another folder, or from `processed` tables whose transcripts are not
    data/raw's, a run left at the default --out would replace them without a word. `advice` says how the
    caller names another folder (a notebook has no --out)."""
    if Path(out).resolve() not in {config.FIGURES_DIR.resolve(), *report_layouts()}:
        return
    if raw is not None and Path(raw).resolve() != config.RAW_DIR.resolve():
        source = f"the transcripts in {raw}"
    elif processed is not None and not _from_bundled_sample(Path(processed)):
        source = f"the tables in {processed} (not made from {_relative(config.RAW_DIR)})"
    else:
        return
    held = "holds the bundled sample's report figures, committed with the project"
    if not config.is_checkout(config.ROOT):  # an installed package: the defaults lie in the working folder
        raw_dir = _relative(config.RAW_DIR)
        held = f"is the default folder of the figures of {raw_dir}, under {config.root_said()}"
    where = _relative(config.FIGURES_DIR)
    raise InputError(f"{held}: figures of {source} would replace them; {advice}", where)


def report_layouts() -> set[Path]:
    """The folders the committed report figures' other layouts go to (reports/figures/report)."""
    from analysis.report.style import LAYOUTS

    return {(config.FIGURES_DIR / name).resolve() for name in LAYOUTS if name != "default"}


def _from_bundled_sample(processed: Path) -> bool:
    """Every session of the processed tables is a transcript of data/raw as it is now (or there are no
    tables yet: the stage will say so)."""
    path = processed / "sessions.parquet"
    if not path.is_file():
        return True
    sessions = pd.read_parquet(path, columns=["file", "sha256"])
    for file, digest in zip(sessions["file"], sessions["sha256"], strict=True):
        there = config.RAW_DIR / str(file)
        if not there.is_file() or sha256_file(there) != digest:
            return False
    return True


def _relative(path: Path) -> Path:
    """A project folder as the README names it (reports/figures), where it lies under the project."""
    try:
        return Path(path).resolve().relative_to(config.ROOT.resolve())
    except ValueError:
        return Path(path)


# --- clean ----------------------------------------------------------------------------------------


def _clean_inputs(raw: Path, manifest: Path | None, sessions: pd.DataFrame) -> list[Path]:
    """Every file the clean stage reads: the manifest, the transcripts it lists (`sessions`), speakers.csv."""
    from analysis import ingest
    from analysis.ingest.manifest import MANIFEST

    mpath = Path(manifest) if manifest is not None else Path(raw) / MANIFEST
    inputs = [mpath, *(Path(p) for p in sessions["path"])]
    overrides = mpath.parent / ingest.OVERRIDES
    return inputs + ([overrides] if overrides.is_file() else [])


def clean_stage(
    raw: Path,
    out: Path,
    manifest: Path | None = None,
    force: bool = False,
    strict: bool = False,
    sessions: pd.DataFrame | None = None,
) -> StageResult:
    """raw transcripts -> turns + cleaning_log (skipped when nothing changed).

    A transcript that cannot be read does not stop the others: their outputs are written and
    the errors come back in `StageResult.errors`. `strict`: any unreadable file stops the stage
    before anything is written. The manifest is checked first either way, read once (`sessions`, where
    the caller has read it: `run`) for the stage's inputs and the cleaning alike.
    """
    from analysis.ingest.manifest import read_manifest

    raw, out = Path(raw), Path(out)
    sessions = read_manifest(raw, manifest) if sessions is None else sessions
    errors: list[InputError] = []

    def work():
        from analysis import ingest

        batch = ingest.clean_batch(raw, manifest=manifest, sessions=sessions)
        if batch.errors and (strict or batch.turns.empty):  # nothing good to write, or all or nothing
            raise batch.errors[0] if len(batch.errors) == 1 else InputErrors(batch.errors)
        errors.extend(batch.errors)
        turns, log = batch.turns, batch.log
        files = {
            **catalogue.encode("turns", turns),
            **catalogue.encode("cleaning_log", log),
            **catalogue.encode("sessions", batch.session_table()),
        }
        counts = {
            "sessions": int(turns["session_id"].nunique()),
            "turns": len(turns),
            "unattributed": int((turns["role"] == "unknown").sum()),
            "removals": len(log),
            "unmatched_speakers": batch.unmatched_speakers,
            "undated": batch.undated(),
            **batch.attendance_notes(),
        }
        return files, counts

    listed = _as_listed(sessions)
    return _run(CLEAN, out, out, _clean_inputs(raw, manifest, sessions), {}, force, work, errors, listed)


def _as_listed(sessions: pd.DataFrame) -> Callable[[InputError], str]:
    """A file clean could not read, named as the manifest lists it (relative to the raw folder),
    for the stamp under the processed folder: an absolute path put the analyst's home folder and user name
    into a folder shared with colleagues, and named another file once the raw folder moved."""
    listed = {
        str(Path(path)): str(file)
        for path, file in zip(sessions["path"], sessions["file"], strict=True)
        if isinstance(path, str)
    }

    def named(error: InputError) -> str:
        if error.path is None:
            return str(error)
        return listed.get(str(error.path), error.path.name)

    return named


def partial_turns(processed: Path) -> list[str]:
    """A warning ([] if none) where the turns in `processed` are those of a clean run that could not read
    every transcript (it wrote the rest and exited 2): what tables and figures made from them leave out."""
    unread = stamps.unread_inputs(processed, CLEAN.name, processed)
    if not unread:
        return []
    return [
        f"{processed}: the last clean could not read {plural(len(unread), 'transcript')} "
        f"({_first(unread, sep=', ')}), so these turns leave out their sessions and every share, figure "
        "and table made from them does too; mend the file(s) and run clean again"
    ]


def check_sheets(overrides: Path | None, validation: Path | None) -> None:
    """Read the coded sheets before any work: a typo in either, or a validation sentence that the overrides
    recode (found by its id or its text; the compare stage checks again on the sentences), is refused
    now rather than after the code stage, which takes minutes on the General Debate."""
    from analysis.coding import codebook, sheets
    from analysis.comparison.validation import overridden_error

    def coded(path: Path, what: str):
        path = _require(Path(path), what)
        return sheets.coded_rows(sheets.read_sheet(path, codebook.ids(), labels=codebook.names()), path)

    over = coded(overrides, "no such overrides file") if overrides is not None else None
    valid = coded(validation, "no such validation sheet") if validation is not None else None
    if over is None or valid is None:
        return
    texts = {f for t in over["text"] for f in sheets.forms(t)}
    # the same id is the same sentence unless both rows give a text and the texts differ
    by_id = {sid: bool(t.strip()) for sid, t in zip(over["id"], over["text"], strict=True) if sid}
    lines = [
        line
        for sid, text, line in zip(valid["id"], valid["text"], valid["line"], strict=True)
        if texts.intersection(sheets.forms(text)) or (sid in by_id and not (by_id[sid] and text.strip()))
    ]
    if lines:
        raise overridden_error(lines, Path(validation))


def check_groups(
    raw: str | Path, manifest: str | Path | None = None, sessions: pd.DataFrame | None = None
) -> None:
    """Refuse, before any work, a manifest whose sessions are of fewer than two regional groups: there is
    nothing to compare (the compare stage checks again on the counted sentences). `sessions`: the manifest
    as the caller read it (`read_manifest`), else it is read here."""
    from analysis.ingest.manifest import MANIFEST, read_manifest

    sessions = read_manifest(raw, manifest) if sessions is None else sessions
    groups = config.group_order(sessions["group"].dropna().unique())
    if len(groups) < 2:
        path = Path(manifest) if manifest is not None else Path(raw) / MANIFEST
        raise InputError(
            f"comparing groups needs sessions of at least two regional groups; this manifest lists "
            f"{len(groups)} ({', '.join(groups) or 'none'}): add the other groups' sessions",
            path,
        )


# --- code ---------------------------------------------------------------------------------------------


def provenance(processed: Path) -> dict:
    """What every table and figure is stamped with: codebook, pipeline, input data."""
    from analysis.coding import codebook, nlp

    cb = codebook.load()
    model = nlp.model_info()
    return {
        "analysis_version": __version__,
        "codebook_version": cb.version,
        "codebook_hash": cb.hash,
        "spacy_model": model["name"],
        "spacy_model_version": model["version"],
        "spacy_version": model["spacy_version"],
        "input_sha256": sha256_file(catalogue.path(processed, "turns")),
        "seed": config.SEED,
    }


def code_stage(processed: Path, force: bool = False, overrides: Path | None = None) -> StageResult:
    """turns -> sentences + evidence + provenance (skipped when nothing changed).

    `overrides`: a coded sheet whose sentences get the people's codes instead of the machine's.
    """
    processed = Path(processed)
    turns_path = _output(processed, "turns")
    inputs = [turns_path] + ([_require(Path(overrides), "no such overrides file")] if overrides else [])

    def work():
        from analysis.coding import codebook
        from analysis.coding import overrides as corrections
        from analysis.coding.code import code_turns, release_pipeline

        prov = provenance(processed)
        try:
            sentences, evidence = code_turns(
                catalogue.read(processed, "turns"), cache_dir=processed / ".cache"
            )
        finally:  # the stages after this one parse nothing: its vocabulary grew with every text coded
            release_pipeline()
        prov["overrides"] = None
        if overrides:
            applied = corrections.apply(sentences, evidence, overrides, codebook.ids(), codebook.names())
            sentences, evidence, prov["overrides"] = applied.sentences, applied.evidence, applied.record
        files = {
            **catalogue.encode("sentences", sentences, prov),
            **catalogue.encode("evidence", evidence, prov),
            catalogue.DOCUMENTS["provenance"].file: json_bytes(prov),
        }
        counted = sentences[sentences["counted"]]
        counts = {
            "sentences": len(sentences),
            "counted": len(counted),
            "coded": int(counted["themes"].list.len().gt(0).sum()),
            "codebook_version": prov["codebook_version"],
            "codebook_hash": prov["codebook_hash"],
            "spacy_model": f"{prov['spacy_model']} {prov['spacy_model_version']}",
            "overrides": Path(overrides).name if overrides else None,
            "overridden": int(sentences["overridden"].sum()),
            "unmatched": prov["overrides"]["unmatched"] if overrides else [],
            "notes": prov["overrides"]["notes"] if overrides else [],
            **_foreign_sentences(sentences),
        }
        return files, counts

    from analysis.coding import nlp

    return _run(CODE, processed, processed, inputs, {"pipeline": nlp.pipeline_id()}, force, work)


def _foreign_sentences(sentences: pd.DataFrame) -> dict[str, list[str]]:
    """Per session, the delegations' substantive sentences no share counts for their language (nobody
    coded them by hand either): the code stage's warnings (`not_codable` and `in_passing`)."""
    from analysis.ingest import language
    from analysis.ingest.attendance import is_counted

    delegation = is_counted(sentences["role"], sentences["procedural"], sentences["country"])
    left = (delegation & ~sentences["counted"].astype(bool)).to_numpy(dtype=bool)
    left = left & language.foreign(sentences["language"])  # (a numpy view of Arrow data is read-only)
    spoken = sentences[delegation.to_numpy(dtype=bool)]
    return language.uncounted_by_session(sentences[left], "sentence", spoken)


# --- compare ------------------------------------------------------------------------------------------


def _validation_counts(tables: dict[str, pd.DataFrame], record: dict | None) -> dict | None:
    """What the compare stage's summary says about a validation sample."""
    if record is None:
        return None
    prev, diff = tables["theme_prevalence"], tables["corrected_differences"]
    groups = prev.drop_duplicates("group")
    agree = tables["validation_agreement"].drop_duplicates("theme")
    return {
        **{
            k: record[k]
            for k in ("file", "coded_rows", "matched_rows", "groups", "unmatched", "not_counted", "notes")
        },
        "without": groups.loc[groups["n_validated"].fillna(0) == 0, "group"].tolist(),
        "tests": int(diff["p_value"].notna().sum()),
        "significant": int(diff["significant"].sum()),
        "flagged": agree.loc[agree["differential_flag"].fillna(False).astype(bool), "theme"].tolist(),
    }


def compare_stage(processed: Path, force: bool = False, validation: Path | None = None) -> StageResult:
    """sentences + evidence -> every comparison table (skipped when nothing changed).

    `validation`: a sheet of counted sentences coded by people (a random sample per group), which
    adds shares corrected for the coder's errors, their comparisons and the coder's agreement.
    """
    from analysis.comparison.compare import Settings

    processed = Path(processed)
    inputs = [_output(processed, name) for name in catalogue.stage_outputs("code")]
    if validation is not None:
        inputs.append(_require(Path(validation), "no such validation sheet"))
    settings = Settings.current()

    def work():
        from analysis.comparison import compare

        prov = catalogue.read_document(processed, "provenance")
        if draws := settings.changed():  # the seed alone does not give the numbers: the draws taken do
            prov["draws"] = draws
        sentences = catalogue.read(processed, "sentences")
        evidence = catalogue.read(processed, "evidence")
        try:
            tables, record = compare.compare_all(sentences, evidence, validation, settings)
        except InputError as exc:
            if type(exc) is not InputError or exc.path is not None:
                raise
            # what the counted sentences cannot give (one group only) is said of the table they came from
            raise InputError(exc.message, catalogue.path(processed, "sentences")) from exc
        missing = {n for n in catalogue.stage_outputs("compare") if n in catalogue.TABLES} ^ set(tables)
        assert not missing, f"compare stage and catalogue disagree on {sorted(missing)}"
        files: dict[str, bytes] = {}
        for name, df in tables.items():
            files.update(catalogue.encode(name, df, prov))
        keys = catalogue.DOCUMENTS["validation"].keys
        files[catalogue.DOCUMENTS["validation"].file] = json_bytes({k: (record or {}).get(k) for k in keys})
        diff = tables["theme_differences"]
        counts = {
            "groups": int(tables["theme_prevalence"]["group"].nunique()),
            "themes": int(tables["theme_prevalence"]["theme"].nunique()),
            "tests": int(diff["p_value"].notna().sum()),
            "significant": int(diff["significant"].sum()),
            "quotes": len(tables["quotes"]),
            "validation": _validation_counts(tables, record),
        }
        return files, counts

    return _run(
        COMPARE, processed, processed, inputs, {"seed": config.SEED, **settings.record()}, force, work
    )


def default_validation(raw: Path) -> Path | None:
    """The validation sample kept with the raw transcripts (RAW/validation-sample.tsv), if there is one."""
    path = Path(raw) / config.VALIDATION_SHEET
    return path if path.is_file() else None


def bundled_copy(validation: Path | None) -> str | None:
    """A warning when `validation` holds the bundled sample's coded rows but is not data/raw's own sheet: a
    raw folder made from a copy of data/raw keeps it, and it then corrects whatever of the invented sample's
    sentences the new round still holds, as if someone had coded the round (line ends do not matter)."""
    bundled = config.RAW_DIR / config.VALIDATION_SHEET
    if validation is None or not bundled.is_file() or Path(validation).resolve() == bundled.resolve():
        return None
    if text_sha256_file(validation) != text_sha256_file(bundled):
        return None
    return (
        f"{Path(validation).as_posix()} is the bundled sample's validation sheet (copied with data/raw): its "
        "codes are for the invented sample's sentences; replace it with your own coded sheet (`python -m "
        "analysis sample` draws one) or delete it to keep the shares machine-coded"
    )


@contextlib.contextmanager
def found_in_raw(validation: Path | None, picked: bool, note: str | None = None) -> Iterator[None]:
    """Around the work of a run that took RAW/validation-sample.tsv unasked (`picked`): an error about that
    sheet says where it came from (`note`, for the notebooks, which take no --validation). A raw folder made
    from a copy of data/raw keeps the sample's sheet."""
    note = note or (
        f"without --validation, run reads RAW/{config.VALIDATION_SHEET}: move it out of the raw folder if it"
        " was coded from other transcripts"
    )
    try:
        yield
    except InputError as exc:
        if not picked or validation is None or isinstance(exc, InputErrors) or exc.path != Path(validation):
            raise
        raise InputError(
            f"{exc.message} ({note})",
            exc.path,
            exc.line,
        ) from None


def sheet_warnings(processed: Path, overrides: Path | None, validation: Path | None) -> list[str]:
    """What `themes` and `run` say of the people's sheets before the stages: one the last run used and this
    one does not (`dropped`), and a copy of the bundled sample's validation sheet (`bundled_copy`)."""
    copied = bundled_copy(validation)
    return dropped(processed, overrides, validation) + ([copied] if copied else [])


def dropped(processed: Path, overrides: Path | None, validation: Path | None) -> list[str]:
    """Warnings for a people's sheet the last run used and this one does not.

    Re-running `themes` (or `make figures`) without the --overrides or --validation of the run
    before replaces the people's codes or the corrected shares; say so instead of doing it quietly.
    """
    last = {}
    for doc, key in (("provenance", "overrides"), ("validation", None)):
        if catalogue.path(processed, doc).is_file():
            record = catalogue.read_document(processed, doc)
            last[doc] = (record.get(key) if key else record) or {}
    out = []
    used = last.get("provenance", {}).get("file")
    if used and overrides is None:
        out.append(f"the last run took people's codes from {used}; without --overrides this one codes "
                   f"those sentences by the codebook again")  # fmt: skip
    used = last.get("validation", {}).get("file")
    if used and validation is None:
        out.append(f"the last run corrected the shares with {used}; without --validation this one has "
                   f"no corrected shares")  # fmt: skip
    return out


def themes_stage(processed: Path, force: bool = False, overrides: Path | None = None,
                 validation: Path | None = None) -> list[StageResult]:  # fmt: skip
    """The `themes` command: code the turns, then compare the groups."""
    return [
        code_stage(processed, force=force, overrides=overrides),
        compare_stage(processed, force=force, validation=validation),
    ]


# --- figures ------------------------------------------------------------------------------------------


def figures_stage(
    processed: Path, out: Path, force: bool = False, layout: str = "default", advice: str = OUT_ADVICE
) -> StageResult:
    """The comparison tables -> every report figure in `layout` (skipped when tables, plotting code and
    layout are unchanged). Tables not of the bundled sample are not drawn over the report figures: `advice`
    says how the caller names another folder (`check_report_figures`)."""
    processed, out = Path(processed), Path(out)
    check_report_figures(out, processed=processed, advice=advice)
    inputs = [
        _output(processed, n) for n in (*catalogue.figure_tables(), "provenance", "sessions", "validation")
    ]
    catalogue.check_in_step(processed, catalogue.figure_tables())

    def work():
        from analysis import figures

        too_tall: list[str] = []
        files = figures.render_all(processed, layout, too_tall)
        drawn = sorted({name.split(".")[0] for name in files})
        return files, {"figures": drawn, "files": len(files), **({"too_tall": too_tall} if too_tall else {})}

    settings = {"layout": layout} if layout != "default" else {}  # the default's stamps as they were
    return _run(FIGURES, processed, out, inputs, settings, force, work)


# --- the `code` command -------------------------------------------------------------------------------


MAX_TEXT_CHARS = config.MAX_TEXT_CHARS


def _header_hint(header: list[str]) -> str:
    """Why a header lacks id,text when the cause is common: another separator, or capitals."""
    if len(header) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs")):
            if sep in header[0]:
                return f" (the header is one column separated by {name}: save the sheet as comma-separated)"
    if {"id", "text"} <= {h.lower() for h in header}:
        return f" (the header reads {','.join(header)}: write the names in lower case)"
    return ""


def _repeated_ids(ids: pd.Series) -> str:
    """'; 2 ids repeat (7, a12): one row per line, as read' or '': the output's rows cannot be told apart."""
    twice = sorted(ids[ids.duplicated()].unique(), key=str)
    if not twice:
        return ""
    verb = "repeats" if len(twice) == 1 else "repeat"
    return f"; {plural(len(twice), 'id')} {verb} ({_first(twice, sep=', ')}): one row per line, as read"


def _read_id_text(input: Path) -> pd.DataFrame:
    """The `code` command's input, strictly: every line needs exactly the header's fields.

    pandas would quietly turn the first column into an index when one row has an unquoted
    comma too many, so each text would get a wrong id; here that row is an error naming its line.
    Excel's Windows-1252 CSVs are decoded the way transcripts are.
    """
    from analysis.ingest.encoding import decode, has_text

    data = input.read_bytes()
    if not has_text(data):  # the header's advice, not a transcript's
        raise InputError("empty file; expected a header id,text", input, 1)
    # a whole speech may be one cell: up to the parser's limit (spaCy's max_length), not csv's 131,072
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_CHARS))
    reader = csv.reader(io.StringIO(decode(data, input), newline=""), strict=True)
    rows: list[list[str]] = []
    header: list[str] | None = None
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            why = f"a text longer than {MAX_TEXT_CHARS:,} characters" if "field limit" in str(exc) else exc
            raise InputError(f"not a readable CSV ({why})", input, reader.line_num) from None
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            missing = [c for c in ("id", "text") if c not in header]
            if missing:
                raise InputError(
                    f"missing column(s) {', '.join(missing)}; expected id,text{_header_hint(header)}",
                    input,
                    reader.line_num,
                )
            twice = sorted({h for h in header if header.count(h) > 1})
            if twice:
                raise InputError(
                    f"column(s) {', '.join(twice)} named twice in the header", input, reader.line_num
                )
            continue
        if len(row) != len(header):
            raise InputError(
                f"{len(row)} fields, expected {len(header)} (quote a text that holds a comma)",
                input,
                reader.line_num,
            )
        rows.append(row)
    if header is None:
        raise InputError("empty file; expected a header id,text", input, 1)
    return pd.DataFrame(rows, columns=header, dtype=str)


def code_csv(input: Path, output: Path, evidence: bool = False) -> tuple[str, list[str]]:
    """`code` command: CSV id,text -> CSV id,themes; the summary, and the warning for texts not in the
    codebook's language (coded all the same: the output has a row for every id)."""
    input = require_file(input)
    if Path(output).resolve() == input.resolve():  # the texts would be gone, replaced by their themes
        raise InputError("--output names the input file, whose texts it would replace: name another", input)
    from analysis.coding.code import code_texts
    from analysis.ingest import language

    df = _read_id_text(input)
    coded = code_texts(df["text"].tolist())
    result = pd.DataFrame({"id": df["id"], "themes": [";".join(c.themes) for c in coded]})
    if evidence:
        result["evidence"] = [c.evidence_str for c in coded]
    write_csv(result, output)
    themed = int((result["themes"] != "").sum())
    said = f"code: {plural(len(result), 'text')}, {themed:,} with a theme -> {output}"
    effect = "the codebook's words miss what they say, or match a cognate"
    return said + _repeated_ids(df["id"]), language.coded_as_given(df["id"], df["text"], "text", effect)
