"""What a processed folder's caches (parses, sentence features, codings) hold, and pruning them to what its
turns use.

The caches (`.cache/parses.sqlite`, `.cache/features.sqlite`, `.cache/codings.sqlite`) make a re-run
cheap, and only grow: every re-cleaned transcript, codebook edit or spaCy upgrade adds records no later run
reads. `prune` keeps exactly the records the
`themes` stage would read for the folder's current turns with the current codebook and pipeline;
everything else can be made again, so nothing is lost but time.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pandas as pd

from analysis import catalogue, config, stamps
from analysis.coding import code, codebook, nlp
from analysis.coding.store import Store
from analysis.errors import InputError

STORES = ("parses", "features", "codings")
COLUMNS = ["store", "records", "in_use", "megabytes"]


def cache_dir(processed: str | Path) -> Path:
    return Path(processed) / stamps.STAMP_DIR


def keys_in_use(processed: str | Path, codebook_path: str | Path = config.CODEBOOK) -> dict[str, set[str]]:
    """Store -> the keys the themes stage reads for the folder's turns (parses, sentence features and
    codings of each distinct turn text, with the current pipeline and codebook)."""
    turns = catalogue.read(processed, "turns", columns=["text"])
    texts = [t for t in dict.fromkeys(turns["text"].dropna().astype(str)) if t.strip()]
    pipeline = nlp.pipeline_id()
    return {
        "parses": {nlp.parse_key(t, pipeline) for t in texts},
        "features": set(code.feature_keys(texts, pipeline).values()),
        "codings": set(code.coding_keys(texts, codebook.load(codebook_path).hash, pipeline).values()),
    }


def _megabytes(path: Path) -> float:
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def usage(processed: str | Path) -> pd.DataFrame:
    """One row per cache store of the folder: its records, how many the current turns use, its size on
    disk. A store not made yet is left out (with none, the folder's turns are not read)."""
    return _usage(processed, prune=False)[0]


def prune(processed: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Delete the records the current turns and codebook do not use: the stores' `usage` before, and
    after (its space given back)."""
    return _usage(processed, prune=True)


def _usage(processed: str | Path, prune: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(usage, usage after pruning if `prune`, else empty): the keys in use found and each store read once.
    A folder that is not there is an error (a slip in --processed), not a folder without a cache."""
    if not Path(processed).is_dir():
        raise InputError(
            "no such folder of processed outputs: give --processed the folder `themes` wrote into", processed
        )
    paths = {name: cache_dir(processed) / f"{name}.sqlite" for name in STORES}
    paths = {name: path for name, path in paths.items() if path.is_file()}
    keep = keys_in_use(processed) if paths else {}
    before, after = [], []
    for name, path in paths.items():
        size = round(_megabytes(path), 1)
        with closing(Store(path.parent, name)) as store:
            records, in_use = store.usage(keep[name])
            pruned = records - store.prune(keep[name]) if prune else None
        before.append([name, records, in_use, size])
        if pruned is not None:
            after.append([name, pruned, in_use, round(_megabytes(path), 1)])
    return pd.DataFrame(before, columns=COLUMNS), pd.DataFrame(after, columns=COLUMNS)


def summary(processed: str | Path, before: pd.DataFrame, after: pd.DataFrame | None = None) -> str:
    """The caches in one line each, as the `cache` command says them."""
    if before.empty:
        return f"no cache in {processed} yet: the themes stage makes one"
    lines = []
    for row in before.itertuples(index=False):
        line = (
            f"{row.store}: {row.records:,} records, {row.in_use:,} used by the current turns "
            f"and codebook, {row.megabytes:.1f} MB"
        )
        if after is not None:
            now = after.set_index("store").loc[row.store]
            line += f" -> {int(now['records']):,} records, {now['megabytes']:.1f} MB"
        lines.append(line)
    return "\n".join(lines)
