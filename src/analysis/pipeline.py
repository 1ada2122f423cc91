"""The stages, wired together: each reads one folder and writes the next, atomically.

Stage code stays thin: the work lives in ingest, themes, compare, discover,
quotes and figures; this module only reads inputs, calls them and writes all of
a stage's outputs at once (nothing is written if any part fails).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis import __version__, config, stamps
from analysis.errors import InputError
from analysis.io import csv_bytes, json_bytes, parquet_bytes, sha256_file, staged, write_csv

TURNS = "turns.parquet"
CLEANING_LOG = "cleaning_log.csv"
SENTENCES = "sentences.parquet"
PROVENANCE = "provenance.json"


def json_load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _require(path: Path, hint: str) -> Path:
    if not path.is_file():
        raise InputError(f"missing; {hint}", path)
    return path


def _clean_inputs(raw: Path, manifest: Path | None) -> list[Path]:
    """Every file the clean stage reads: the manifest, the transcripts it lists, speakers.csv."""
    from analysis import ingest
    from analysis.ingest.manifest import MANIFEST, read_manifest

    mpath = Path(manifest) if manifest is not None else Path(raw) / MANIFEST
    sessions = read_manifest(raw, manifest)
    inputs = [mpath, *(Path(p) for p in sessions["path"])]
    overrides = mpath.parent / ingest.OVERRIDES
    return inputs + ([overrides] if overrides.is_file() else [])


def _clean_summary(turns: pd.DataFrame, n_log: int, out: Path, note: str = "") -> str:
    n_unknown = int((turns["role"] == "unknown").sum())
    return (
        f"clean{note}: {turns['session_id'].nunique()} sessions, {len(turns)} turns "
        f"({n_unknown} unattributed), {n_log} removals logged -> {out / TURNS}"
    )


def clean_stage(raw: Path, out: Path, manifest: Path | None = None, force: bool = False) -> str:
    """raw transcripts -> turns.parquet + cleaning_log.csv (skipped when nothing changed)."""
    from analysis import ingest

    raw, out = Path(raw), Path(out)
    fp = stamps.fingerprint(_clean_inputs(raw, manifest))
    outputs = [out / TURNS, out / CLEANING_LOG]
    if not force and stamps.up_to_date(out, "clean", out, fp):
        log_rows = sum(1 for _ in open(out / CLEANING_LOG, encoding="utf-8")) - 1
        return _clean_summary(
            pd.read_parquet(out / TURNS, columns=["session_id", "role"]), log_rows, out, " (up to date)"
        )
    turns, log = ingest.clean_corpus(raw, manifest=manifest)
    with staged() as files:
        files[str(outputs[0])] = parquet_bytes(turns)
        files[str(outputs[1])] = csv_bytes(log)
    stamps.record(out, "clean", out, fp, outputs)
    return _clean_summary(turns, len(log), out)


def provenance(processed: Path) -> dict:
    """What every table and figure is stamped with: codebook, pipeline, input data."""
    from analysis import codebook, nlp

    cb = codebook.load()
    model = nlp.model_info()
    return {
        "analysis_version": __version__,
        "codebook_version": cb.version,
        "codebook_hash": cb.hash,
        "spacy_model": model["name"],
        "spacy_model_version": model["version"],
        "spacy_version": model["spacy_version"],
        "input_sha256": sha256_file(Path(processed) / TURNS),
        "seed": config.SEED,
    }


def stamp(df: pd.DataFrame, prov: dict) -> pd.DataFrame:
    """Add the codebook version and hash and the model to a table (contract: on every output)."""
    df = df.copy()
    df["codebook_version"] = prov["codebook_version"]
    df["codebook_hash"] = prov["codebook_hash"]
    df["spacy_model"] = f"{prov['spacy_model']} {prov['spacy_model_version']}"
    return df


TABLES = (
    "theme_prevalence.csv",
    "theme_differences.csv",
    "theme_ranks.csv",
    "rank_agreement.csv",
    "cooccurrence.csv",
    "distinctive_terms.csv",
    "codebook_candidates.csv",
    "quotes.csv",
)


def _themes_fingerprint(processed: Path) -> str:
    from analysis import nlp

    return stamps.fingerprint(
        [processed / TURNS],
        pipeline=nlp.pipeline_id(),
        seed=config.SEED,
        bootstrap=config.N_BOOTSTRAP,
        permutations=config.N_PERMUTATIONS,
    )


def themes_stage(processed: Path, force: bool = False) -> str:
    """turns.parquet -> coded sentences and every table of the comparison (skipped when nothing changed)."""
    processed = Path(processed)
    _require(processed / TURNS, "run `python -m analysis clean` first")
    fp = _themes_fingerprint(processed)
    if not force and stamps.up_to_date(processed, "themes", processed, fp):
        prov = json_load(processed / PROVENANCE)
        sentences = pd.read_parquet(processed / SENTENCES, columns=["counted", "themes"])
        return _themes_summary(sentences, prov, processed, " (up to date)")

    from analysis import compare, discover, quotes, themes

    turns = pd.read_parquet(processed / TURNS)
    prov = provenance(processed)
    sentences = themes.code_turns(turns, cache_dir=processed / ".cache")
    tables = {  # keep in step with TABLES
        "theme_prevalence.csv": compare.prevalence(sentences),
        "theme_differences.csv": compare.differences(sentences),
        "theme_ranks.csv": compare.ranks(sentences),
        "rank_agreement.csv": compare.rank_agreement(sentences),
        "cooccurrence.csv": compare.cooccurrence(sentences),
        "distinctive_terms.csv": discover.distinctive_terms(sentences),
        "codebook_candidates.csv": discover.codebook_candidates(sentences),
        "quotes.csv": quotes.representative_quotes(sentences),
    }
    with staged() as files:
        files[str(processed / SENTENCES)] = parquet_bytes(stamp(sentences, prov))
        for name, table in tables.items():
            files[str(processed / name)] = csv_bytes(stamp(table, prov))
        files[str(processed / PROVENANCE)] = json_bytes(prov)
    outputs = [processed / SENTENCES, processed / PROVENANCE, *(processed / t for t in TABLES)]
    stamps.record(processed, "themes", processed, fp, outputs)
    return _themes_summary(sentences, prov, processed)


def _themes_summary(sentences: pd.DataFrame, prov: dict, processed: Path, note: str = "") -> str:
    counted = sentences[sentences["counted"]]
    return (
        f"themes{note}: {len(sentences)} sentences coded ({len(counted)} delegation sentences counted, "
        f"{counted['themes'].ne('').sum()} with a theme); codebook {prov['codebook_version']} "
        f"({prov['codebook_hash'][:12]}), {prov['spacy_model']} {prov['spacy_model_version']} -> {processed}"
    )


def figures_stage(processed: Path, out: Path, force: bool = False) -> str:
    """The theme tables -> every report figure (skipped when tables and code are unchanged)."""
    processed, out = Path(processed), Path(out)
    _require(processed / "theme_prevalence.csv", "run `python -m analysis themes` first")
    fp = stamps.fingerprint([processed / PROVENANCE, *(processed / t for t in TABLES)])
    if not force and stamps.up_to_date(processed, "figures", out, fp):
        return f"figures (up to date): {out}"
    from analysis import figures

    written = figures.make_all(processed, out)
    stamps.record(processed, "figures", out, fp, written)
    names = sorted({p.name.split(".")[0] for p in written})
    return f"figures: {len(names)} figures ({', '.join(names)}), {len(written)} files -> {out}"


def code_csv(input: Path, output: Path, evidence: bool = False) -> str:
    """`code` command: CSV id,text -> CSV id,themes."""
    input = Path(input)
    if not input.is_file():
        raise InputError("no such file", input)
    from analysis import themes

    try:
        df = pd.read_csv(input, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"not a readable CSV ({str(exc).splitlines()[0]})", input) from None
    missing = [c for c in ("id", "text") if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected id,text", input, 1)
    coded = themes.code_texts(df["text"].tolist())
    result = pd.DataFrame({"id": df["id"], "themes": [";".join(c.themes) for c in coded]})
    if evidence:
        result["evidence"] = [c.evidence_str for c in coded]
    write_csv(result, output)
    return f"code: {len(result)} texts, {int((result['themes'] != '').sum())} with a theme -> {output}"
