"""Compare regional groups' priorities with statistics that respect who spoke.

The unit is a counted sentence (a delegation's substantive speech); sentences of
one delegation are not independent, so every interval and test works on
delegations: intervals resample delegations within a group (cluster bootstrap),
tests permute group labels across delegations (cluster permutation), and the
family of tests is corrected with Benjamini-Hochberg. A cluster is
(group, country), so a delegation that spoke in two groups' sessions (the Arab
Group overlaps the African and Asia-Pacific Groups) is one cluster in each.

Everything is seeded from `config.SEED`; each group and each comparison draws
from its own stream (seeded by its name), so adding a group does not change
the numbers of the others.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from analysis import catalogue, config
from analysis.coding import sentences as view
from analysis.errors import InputError

# Thin data: below either threshold a group's numbers get `thin=True` and a warning.
MIN_DELEGATIONS = 5
MIN_WORDS = 1000
CONFIDENCE = 0.95
ALPHA = 0.05  # q-value threshold for `significant`
REST = "rest"

REQUIRED = ("group", "country", "counted", "themes", "n_words")
DIFF_COLUMNS = catalogue.table("theme_differences").column_names()


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    label: str
    short_label: str


def theme_list(themes=None) -> list[ThemeInfo]:
    """The codebook's themes in codebook order; `themes` overrides (ids or objects with .id)."""
    if themes is None:
        from analysis.coding import codebook

        themes = codebook.load().themes
    out = []
    for t in themes:
        if isinstance(t, str):
            out.append(ThemeInfo(t, t, t))
        else:
            label = getattr(t, "label", t.id)
            out.append(ThemeInfo(t.id, label, getattr(t, "short_label", label)))
    return out


# --------------------------------------------------------------------------- inputs


def _units(sentences: pd.DataFrame, themes) -> tuple[pd.DataFrame, np.ndarray, list[ThemeInfo]]:
    """Counted sentences and their theme matrix (units x themes, bool)."""
    missing = [c for c in REQUIRED if c not in sentences.columns]
    if missing:
        raise InputError(f"sentences table lacks column(s) {', '.join(missing)}")
    tl = theme_list(themes)
    ids = [t.id for t in tl]
    units = view.counted(sentences)
    units = units[units["country"].notna() & units["group"].notna()].reset_index(drop=True)
    unknown = view.unknown_themes(units, ids)
    if unknown:
        raise InputError(f"sentences carry theme id(s) not in the codebook: {', '.join(unknown)}")
    return units, view.theme_matrix(units, ids).to_numpy(), tl


def _all_groups(sentences: pd.DataFrame) -> list[str]:
    return config.group_order(sentences["group"].dropna().astype(str).unique())


@dataclass
class _Clusters:
    """Per-cluster totals: the sufficient statistics for every share and resample."""

    group: np.ndarray  # (M,) group label of each cluster
    country: np.ndarray  # (M,)
    n: np.ndarray  # (M,) counted sentences
    words: np.ndarray  # (M,)
    counts: np.ndarray  # (M, K) sentences carrying each theme


def _clusters(units: pd.DataFrame, matrix: np.ndarray) -> _Clusters:
    key = units["group"].astype(str) + "\x1f" + units["country"].astype(str)
    codes, uniques = pd.factorize(key, sort=True)
    m = len(uniques)
    n = np.bincount(codes, minlength=m).astype(float)
    words = np.bincount(codes, weights=units["n_words"].fillna(0).to_numpy(float), minlength=m)
    counts = np.zeros((m, matrix.shape[1]))
    np.add.at(counts, codes, matrix.astype(float))
    parts = [u.split("\x1f", 1) for u in uniques]
    return _Clusters(
        group=np.array([p[0] for p in parts], dtype=object),
        country=np.array([p[1] for p in parts], dtype=object),
        n=n,
        words=words,
        counts=counts,
    )


def _rng(*names: str) -> np.random.Generator:
    return np.random.default_rng([config.SEED, *(zlib.crc32(s.encode("utf-8")) for s in names)])


def _ratio(num, den):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


# --------------------------------------------------------------------------- prevalence


def _bootstrap(n, words, counts, rng, reps):
    """Percentile intervals for share and per-1,000-words rate, resampling clusters.

    Resampling D clusters with replacement is the same as giving them multinomial
    weights, so each replicate is one matrix product over the aggregated counts.
    """
    d, k = counts.shape
    nan = np.full(k, np.nan)
    if d < 2 or reps < 1:
        return nan, nan, nan, nan
    weights = rng.multinomial(d, np.full(d, 1.0 / d), size=reps).astype(float)  # (B, D)
    theme = weights @ counts  # (B, K)
    share = _ratio(theme, (weights @ n)[:, None])
    rate = _ratio(theme * 1000.0, (weights @ words)[:, None])
    lo, hi = 100 * (1 - CONFIDENCE) / 2, 100 * (1 + CONFIDENCE) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s_lo, s_hi = np.nanpercentile(share, [lo, hi], axis=0)
        r_lo, r_hi = np.nanpercentile(rate, [lo, hi], axis=0)
    return s_lo, s_hi, r_lo, r_hi


def thin_warning(n_delegations: int, n_words: float) -> str:
    """The plain-words warning for a thin group ('' when the data are not thin)."""
    parts = []
    if n_delegations == 0:
        return "no delegation sentences"
    if n_delegations < MIN_DELEGATIONS:
        s = "" if n_delegations == 1 else "s"
        parts.append(f"only {n_delegations} delegation{s}")
        if n_delegations == 1:
            parts.append("no interval")
    if n_words < MIN_WORDS:
        parts.append(f"fewer than {MIN_WORDS:,} words ({int(n_words):,})")
    return "; ".join(parts)


def prevalence(sentences: pd.DataFrame, themes=None, n_bootstrap: int | None = None) -> pd.DataFrame:
    """One row per group and theme: share of the group's counted sentences carrying it, with
    a cluster-bootstrap 95% interval, its rate per 1,000 words, and how many delegations raised it."""
    reps = config.N_BOOTSTRAP if n_bootstrap is None else n_bootstrap
    units, matrix, tl = _units(sentences, themes)
    cl = _clusters(units, matrix)
    rows = []
    for g in _all_groups(sentences):
        sel = cl.group == g
        n, words, counts = cl.n[sel], cl.words[sel], cl.counts[sel]
        d = int(sel.sum())
        share = _ratio(counts.sum(0), n.sum())
        rate = _ratio(counts.sum(0) * 1000.0, words.sum())
        s_lo, s_hi, r_lo, r_hi = _bootstrap(n, words, counts, _rng("prevalence", g), reps)
        raised = (counts > 0).sum(0)
        warning = thin_warning(d, words.sum())
        thin = d < MIN_DELEGATIONS or words.sum() < MIN_WORDS
        for k, t in enumerate(tl):
            rows.append(
                {
                    "group": g,
                    "theme": t.id,
                    "theme_label": t.label,
                    "theme_short": t.short_label,
                    "share": share[k],
                    "ci_low": s_lo[k],
                    "ci_high": s_hi[k],
                    "n_units": int(n.sum()),
                    "n_delegations": int(raised[k]),
                    "n_sentences_with_theme": int(counts[:, k].sum()),
                    "per_1000_words": rate[k],
                    "per_1000_ci_low": r_lo[k],
                    "per_1000_ci_high": r_hi[k],
                    "delegations_total": d,
                    "share_delegations": _ratio(raised[k], d).item(),
                    "n_words": int(words.sum()),
                    "thin": bool(thin),
                    "warning": warning,
                }
            )
    return pd.DataFrame(rows, columns=catalogue.table("theme_prevalence").column_names())


# --------------------------------------------------------------------------- differences


def _permutation_p(n, counts, in_a, observed, rng, reps):
    """Two-sided cluster-permutation p-values (add-one) for share(a) - share(b), per theme.

    Group labels are shuffled across clusters, so each delegation's sentences move together.
    """
    k = counts.shape[1]
    if reps < 1 or in_a.all() or not in_a.any():
        return np.full(k, np.nan)
    labels = rng.permuted(np.tile(in_a, (reps, 1)), axis=1).astype(float)  # (P, M)
    n_a = labels @ n
    c_a = labels @ counts
    diff = _ratio(c_a, n_a[:, None]) - _ratio(counts.sum(0) - c_a, (n.sum() - n_a)[:, None])
    # a tolerance so that ties with the observed statistic count as "as extreme"
    extreme = np.abs(diff) >= np.abs(observed) - 1e-12
    p = (1 + extreme.sum(0)) / (reps + 1)
    return np.where(np.isnan(observed), np.nan, p)


def bh_qvalues(p_values) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values; NaN p-values stay NaN and leave the family."""
    p = np.asarray(p_values, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        q[ok] = stats.false_discovery_control(p[ok], method="bh")
    return q


def differences(sentences: pd.DataFrame, themes=None, n_permutations: int | None = None) -> pd.DataFrame:
    """Each group against the rest and every pair of groups, per theme: difference in share,
    cluster-permutation p-value, and BH q-value over the whole family of tests."""
    reps = config.N_PERMUTATIONS if n_permutations is None else n_permutations
    units, matrix, tl = _units(sentences, themes)
    cl = _clusters(units, matrix)
    groups = _all_groups(sentences)
    comparisons = [("vs_rest", g, REST) for g in groups]
    comparisons += [("pairwise", a, b) for a, b in combinations(groups, 2)]
    rows = []
    for kind, a, b in comparisons:
        in_a_all = cl.group == a
        scope = np.ones(len(cl.group), bool) if b == REST else (in_a_all | (cl.group == b))
        n, counts, in_a = cl.n[scope], cl.counts[scope], in_a_all[scope]
        share_a = _ratio(counts[in_a].sum(0), n[in_a].sum())
        share_b = _ratio(counts[~in_a].sum(0), n[~in_a].sum())
        observed = share_a - share_b
        p = _permutation_p(n, counts, in_a, observed, _rng("differences", a, b), reps)
        for k, t in enumerate(tl):
            rows.append(
                {
                    "theme": t.id,
                    "theme_label": t.label,
                    "theme_short": t.short_label,
                    "comparison": kind,
                    "group_a": a,
                    "group_b": b,
                    "share_a": share_a[k],
                    "share_b": share_b[k],
                    "diff": observed[k],
                    "p_value": p[k],
                    "n_deleg_a": int(in_a.sum()),
                    "n_deleg_b": int((~in_a).sum()),
                }
            )
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    out["q_value"] = bh_qvalues(out["p_value"])
    out["significant"] = (out["q_value"] < ALPHA).fillna(False).astype(bool)
    return out[DIFF_COLUMNS]


# --------------------------------------------------------------------------- ranks


def _point_shares(sentences: pd.DataFrame, themes=None) -> tuple[pd.DataFrame, list[ThemeInfo]]:
    """Group x theme shares (no intervals): what ranks and rank agreement need."""
    units, matrix, tl = _units(sentences, themes)
    cl = _clusters(units, matrix)
    groups = _all_groups(sentences)
    data = {}
    for g in groups:
        sel = cl.group == g
        data[g] = _ratio(cl.counts[sel].sum(0), cl.n[sel].sum())
    shares = pd.DataFrame(data, index=[t.id for t in tl]).T.reindex(groups)
    return shares, tl


def ranks(sentences: pd.DataFrame, themes=None) -> pd.DataFrame:
    """Priority rank of each theme within each group by share (1 = top; ties share the average)."""
    shares, tl = _point_shares(sentences, themes)
    rank = shares.rank(axis=1, ascending=False, method="average")
    rows = []
    for g in shares.index:
        for t in tl:
            rows.append(
                {
                    "group": g,
                    "theme": t.id,
                    "theme_label": t.label,
                    "theme_short": t.short_label,
                    "share": shares.at[g, t.id],
                    "rank": rank.at[g, t.id],
                }
            )
    return pd.DataFrame(rows, columns=catalogue.table("theme_ranks").column_names())


def rank_agreement(sentences: pd.DataFrame, themes=None) -> pd.DataFrame:
    """Kendall's tau-b between every pair of groups' theme shares: do they order priorities alike?"""
    shares, _ = _point_shares(sentences, themes)
    rows = []
    for a, b in combinations(shares.index, 2):
        x, y = shares.loc[a].to_numpy(float), shares.loc[b].to_numpy(float)
        ok = ~(np.isnan(x) | np.isnan(y))
        tau, p = np.nan, np.nan
        if ok.sum() >= 2:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # constant input: tau is undefined (NaN)
                res = stats.kendalltau(x[ok], y[ok], variant="b")
            tau, p = float(res.statistic), float(res.pvalue)
        rows.append({"group_a": a, "group_b": b, "tau": tau, "p_value": p, "n_themes": int(ok.sum())})
    return pd.DataFrame(rows, columns=catalogue.table("rank_agreement").column_names())


# --------------------------------------------------------------------------- co-occurrence


def cooccurrence(sentences: pd.DataFrame, themes=None) -> pd.DataFrame:
    """Theme x theme within counted sentences: joint count, Jaccard and lift (long format).

    Lift = P(a and b) / (P(a) P(b)): above 1 the themes meet more often than chance.
    """
    units, matrix, tl = _units(sentences, themes)
    m = matrix.astype(float)
    joint = m.T @ m
    single = np.diag(joint)
    n = len(units)
    rows = []
    for i, ta in enumerate(tl):
        for j, tb in enumerate(tl):
            union = single[i] + single[j] - joint[i, j]
            rows.append(
                {
                    "theme_a": ta.id,
                    "theme_b": tb.id,
                    "theme_short_a": ta.short_label,
                    "theme_short_b": tb.short_label,
                    "n_a": int(single[i]),
                    "n_b": int(single[j]),
                    "count": int(joint[i, j]),
                    "jaccard": _ratio(joint[i, j], union).item(),
                    "lift": _ratio(joint[i, j] * n, single[i] * single[j]).item(),
                    "n_units": n,
                }
            )
    return pd.DataFrame(rows)


__all__: Sequence[str] = (
    "MIN_DELEGATIONS",
    "MIN_WORDS",
    "bh_qvalues",
    "cooccurrence",
    "differences",
    "prevalence",
    "rank_agreement",
    "ranks",
    "theme_list",
    "thin_warning",
)
