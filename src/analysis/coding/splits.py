"""A fixed tune / hold-out split of coded sentences, decided by the ids alone.

Rules are written from the `tune` part of a coded file and scored, rarely and only in
aggregate, on the `holdout` part. The split must not depend on the text, the codes, the
order of the rows or Python's hash seed, so it is a sha256 of `"<seed>:<id>"`: the same id
with the same seed lands on the same side on every machine, and adding rows to the file
moves no existing id. Within each stratum (a regional group, say) the ids are ranked by
that hash and the first `round(fraction * n)` are held out, so every stratum holds out
the same share.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

# The split of ../shared/specs/themes-train.tsv used for codebook 2.0 (docs/coding-guide.md).
TRAIN_SEED = 1313
TRAIN_HOLDOUT_FRACTION = 0.35

TUNE, HOLDOUT = "tune", "holdout"


def id_rank(identifier: str, seed: int) -> int:
    """The id's place in the seeded order: the first 16 hex digits of sha256("seed:id")."""
    return int(hashlib.sha256(f"{seed}:{identifier}".encode()).hexdigest()[:16], 16)


def split_ids(
    ids: Iterable[str], seed: int, fraction: float, strata: Iterable[str] | None = None
) -> dict[str, str]:
    """Each id -> "tune" or "holdout"; `round(fraction * n)` of each stratum's ids held out.

    `strata` (one label per id, e.g. the regional group) makes the held-out share equal in
    every stratum; without it the whole file is one stratum.
    """
    ids = [str(i) for i in ids]
    if len(set(ids)) != len(ids):
        raise ValueError("ids must be unique")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction {fraction} is not between 0 and 1")
    labels = [""] * len(ids) if strata is None else [str(s) for s in strata]
    if len(labels) != len(ids):
        raise ValueError("strata must give one label per id")
    by_stratum: dict[str, list[str]] = defaultdict(list)
    for i, s in zip(ids, labels, strict=True):
        by_stratum[s].append(i)
    out: dict[str, str] = {}
    for members in by_stratum.values():
        ranked = sorted(members, key=lambda i: (id_rank(i, seed), i))
        k = round(fraction * len(ranked))
        out.update({i: HOLDOUT for i in ranked[:k]})
        out.update({i: TUNE for i in ranked[k:]})
    return {i: out[i] for i in ids}


def train_split(ids: Iterable[str], groups: Iterable[str]) -> dict[str, str]:
    """The project's fixed split of themes-train.tsv: seed TRAIN_SEED, 35% per regional group."""
    return split_ids(ids, TRAIN_SEED, TRAIN_HOLDOUT_FRACTION, groups)
