"""The stages, wired together: each reads one folder and writes the next, atomically.

Stage code stays thin: the work lives in ingest, themes, compare, discover,
quotes and figures; this module only reads inputs, calls them and writes all of
a stage's outputs at once (nothing is written if any part fails).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import __version__, config
from analysis.errors import InputError
from analysis.io import csv_bytes, parquet_bytes, sha256_file, staged, write_csv, write_json

TURNS = "turns.parquet"
CLEANING_LOG = "cleaning_log.csv"
SENTENCES = "sentences.parquet"
PROVENANCE = "provenance.json"


def _require(path: Path, hint: str) -> Path:
    if not path.is_file():
        raise InputError(f"missing; {hint}", path)
    return path


def clean_stage(raw: Path, out: Path, manifest: Path | None = None) -> str:
    """raw transcripts -> turns.parquet + cleaning_log.csv."""
    from analysis import ingest

    turns, log = ingest.clean_corpus(Path(raw), manifest=manifest)
    out = Path(out)
    with staged() as files:
        files[str(out / TURNS)] = parquet_bytes(turns)
        files[str(out / CLEANING_LOG)] = csv_bytes(log)
    n_unknown = int((turns["role"] == "unknown").sum())
    return (
        f"clean: {turns['session_id'].nunique()} sessions, {len(turns)} turns "
        f"({n_unknown} unattributed), {len(log)} removals logged -> {out / TURNS}"
    )


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


def themes_stage(processed: Path) -> str:
    """turns.parquet -> coded sentences and every table of the comparison."""
    from analysis import compare, discover, quotes, themes

    processed = Path(processed)
    turns = pd.read_parquet(_require(processed / TURNS, "run `python -m analysis clean` first"))
    prov = provenance(processed)
    sentences = themes.code_turns(turns, cache_dir=processed / ".cache")
    tables = {
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
    write_json(processed / PROVENANCE, prov)
    counted = sentences[sentences["counted"]]
    return (
        f"themes: {len(sentences)} sentences coded ({len(counted)} delegation sentences counted, "
        f"{counted['themes'].ne('').sum()} with a theme); codebook {prov['codebook_version']} "
        f"({prov['codebook_hash'][:12]}), {prov['spacy_model']} {prov['spacy_model_version']} -> {processed}"
    )


def figures_stage(processed: Path, out: Path) -> str:
    from analysis import figures

    processed = Path(processed)
    _require(processed / "theme_prevalence.csv", "run `python -m analysis themes` first")
    written = figures.make_all(processed, Path(out))
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
