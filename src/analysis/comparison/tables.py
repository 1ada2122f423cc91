"""The inputs every comparison reads, reduced to per-delegation totals.

Sentences of one delegation are not independent, so every statistic here works on
delegations (clusters). A cluster is (group, country): a delegation that spoke in two
groups' sessions is one cluster in each. The totals below are sufficient statistics for
every share, variance, resample and relabelling, so all of them are matrix products.

Inputs are plain tables: a counted-sentences frame with `group`, `country`, `n_words`
(what `analysis.coding.sentences.counted()` gives) and a bool theme matrix with one column
per theme id, row-aligned to it (what `theme_matrix()` gives).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import config
from analysis.errors import InputError

CONFIDENCE = 0.95
REST = "rest"


@dataclass(frozen=True)
class Totals:
    """Per-delegation totals, one row per cluster, sorted by (group, country)."""

    group: np.ndarray  # (M,) str
    country: np.ndarray  # (M,) str
    n: np.ndarray  # (M,) counted sentences
    words: np.ndarray  # (M,) words in them
    counts: np.ndarray  # (M, K) sentences carrying each theme
    themes: tuple[str, ...]

    def select(self, mask) -> Totals:
        mask = np.asarray(mask, dtype=bool)
        g, c, n, w, k = (a[mask] for a in (self.group, self.country, self.n, self.words, self.counts))
        return Totals(g, c, n, w, k, self.themes)

    def groups(self) -> list[str]:
        return config.group_order(np.unique(self.group.astype(str)))


def check_aligned(frame: pd.DataFrame, matrix: pd.DataFrame, columns=("group", "country")) -> None:
    """Fail with one clear line when the sentence frame and its theme matrix do not fit together."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"sentences table lacks column(s) {', '.join(missing)}")
    if len(frame) != len(matrix):
        raise InputError(f"theme matrix has {len(matrix)} rows for {len(frame)} sentences")


def cluster_codes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's cluster index, and each cluster's group and country (sorted by both).

    Sentences without a group or country (chair, secretariat) belong to no cluster: index -1.
    """
    ok = (frame["group"].notna() & frame["country"].notna()).to_numpy()
    key = pd.Series(pd.NA, index=frame.index, dtype=object)
    key[ok] = frame.loc[ok, "group"].astype(str) + "\x1f" + frame.loc[ok, "country"].astype(str)
    codes, uniques = pd.factorize(key, sort=True, use_na_sentinel=True)
    parts = [u.split("\x1f", 1) for u in uniques]
    group = np.array([p[0] for p in parts], dtype=object)
    country = np.array([p[1] for p in parts], dtype=object)
    return codes, ok, group, country


def sum_by(codes: np.ndarray, values: np.ndarray, m: int) -> np.ndarray:
    """Column sums of `values` (rows x columns) per cluster code; rows coded -1 are left out."""
    values = np.asarray(values, dtype=float)
    keep = codes >= 0
    flat = values.reshape(len(values), -1)[keep]
    out = np.zeros((m, flat.shape[1]))
    np.add.at(out, codes[keep], flat)
    return out if values.ndim == 2 else out[:, 0]


def totals(frame: pd.DataFrame, matrix: pd.DataFrame) -> Totals:
    """Per-delegation sentence, word and theme totals of counted sentences."""
    check_aligned(frame, matrix, ("group", "country", "n_words"))
    codes, _, group, country = cluster_codes(frame)
    m = len(group)
    words = frame["n_words"].fillna(0).to_numpy(float)
    return Totals(
        group=group,
        country=country,
        n=sum_by(codes, np.ones(len(frame)), m),
        words=sum_by(codes, words, m),
        counts=sum_by(codes, matrix.to_numpy(dtype=float), m),
        themes=tuple(str(c) for c in matrix.columns),
    )


def rng(*names: str) -> np.random.Generator:
    """A random stream seeded from `config.SEED` and the comparison's names, so adding a group
    or a theme does not change the numbers of the others."""
    return np.random.default_rng([config.SEED, *(zlib.crc32(s.encode("utf-8")) for s in names)])


def ratio(num, den):
    """num / den, NaN where den is 0 (no warning)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def percentile_interval(replicates, confidence: float = CONFIDENCE):
    """(low, high) percentile interval of bootstrap replicates (reps x ...), per column; NaN where
    no replicate could be computed (e.g. a theme nobody raised), without numpy's warning."""
    lo, hi = 50 * (1 - confidence), 50 * (1 + confidence)
    return (
        by_column(lambda r: np.nanpercentile(r, lo, axis=0), replicates),
        by_column(lambda r: np.nanpercentile(r, hi, axis=0), replicates),
    )


def by_column(statistic, replicates, need: int = 1) -> np.ndarray:
    """``statistic(replicates, axis 0)`` for each column with at least ``need`` values that are not NaN,
    NaN for the others. Without numpy's warning for those, and without silencing warnings: the
    ``warnings`` filters are one for the process, so changing them in one of the comparison's threads
    (``parallel``) let another thread's warning through or hid it."""
    replicates = np.asarray(replicates, dtype=float)
    enough = (~np.isnan(replicates)).sum(axis=0) >= need
    out = np.full(replicates.shape[1:], np.nan)
    if np.ndim(enough) == 0:
        return statistic(replicates) if enough else np.float64(np.nan)
    if enough.any():
        out[enough] = statistic(replicates[:, enough])
    return out


def bootstrap_weights(d: int, reps: int, gen: np.random.Generator) -> np.ndarray:
    """Cluster-bootstrap weights (reps x d): resampling d clusters with replacement is the
    same as multinomial counts, so a replicate's totals are one matrix product."""
    return gen.multinomial(d, np.full(d, 1.0 / d), size=reps).astype(float)
