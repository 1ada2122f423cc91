"""Every table of the compare stage, from the coded sentences and, optionally, a validation sample.

The statistics live in one module each, every one checked by simulation (docs/statistics.md):
`intervals` (shares and their intervals, verbosity), `differences` (vs the rest and pairwise, with
intervals, both tests, BH per family, detectable differences), `ranks` (rank and tau intervals),
`cooccurrence` (lift within groups), `correction` (shares corrected for the coder's errors) and
`agreement` (the coder against people, per group). This module gives them the counted sentences
and their theme matrix (`coding.sentences`), adds the themes' labels, and returns the tables by
their catalogue names. How many random draws they take comes from `config` (`Settings`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis import catalogue, config
from analysis.coding import sentences as view
from analysis.comparison import (
    agreement,
    cooccurrence,
    correction,
    differences,
    intervals,
    parallel,
    ranks,
    validation,
)
from analysis.comparison.tables import totals
from analysis.errors import InputError
from analysis.progress import named_steps

REQUIRED = ("sentence_id", "group", "country", "counted", "themes", "n_words", "text")
_READ = (*REQUIRED, "overridden")  # what the statistics and a validation sample read of a unit


@dataclass(frozen=True)
class Settings:
    """The number of random draws of every statistic (config; the compare stage's fingerprint)."""

    bootstrap: int  # ranks, rank agreement, co-occurrence
    permutations: int  # Monte Carlo relabellings of a difference test
    exact_limit: int  # relabellings enumerated exactly up to this many
    correction_bootstrap: int  # corrected shares and their differences
    misclassification_permutations: int  # the differential-misclassification test

    @classmethod
    def current(cls) -> Settings:
        """The settings now in `config` (read at call time, so a test can change them)."""
        return cls(config.N_BOOTSTRAP, config.N_PERMUTATIONS, config.EXACT_LIMIT,
                   config.N_CORRECTION_BOOTSTRAP, config.N_MISCLASSIFICATION_PERMUTATIONS)  # fmt: skip

    def record(self) -> dict:
        return asdict(self)

    def changed(self) -> dict:
        """Every count, where any is not config.DEFAULT_DRAWS's (a quick look's), else nothing: the
        provenance of the tables and figures names them, so that numbers drawn with fewer draws are not
        taken for the defaults' (whose records stay as they were)."""
        counts = self.record()
        return counts if counts != config.DEFAULT_DRAWS else {}


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as the comparison needs it; `names` as `codebook.Theme.names` (what a sheet may write)."""

    id: str
    label: str
    short_label: str

    @property
    def names(self) -> tuple[str, str]:
        return self.label, self.short_label


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


@dataclass(frozen=True)
class Units:
    """The counted sentences (re-indexed from 0; the columns the comparisons read: `REQUIRED` and
    `overridden`), their bool theme matrix, the themes, every group."""

    frame: pd.DataFrame
    matrix: pd.DataFrame
    themes: list[ThemeInfo]
    groups: list[str]  # every group with sentences, counted or not, in the house order


def units(sentences: pd.DataFrame, themes=None) -> Units:
    """The units of every comparison: a delegation's counted sentences and their themes."""
    missing = [c for c in REQUIRED if c not in sentences.columns]
    if missing:
        raise InputError(f"sentences table lacks column(s) {', '.join(missing)}")
    tl = theme_list(themes)
    ids = [t.id for t in tl]
    frame = view.counted(sentences, _READ)
    frame = frame[frame["country"].notna() & frame["group"].notna()].reset_index(drop=True)
    unknown = view.unknown_themes(frame, ids)
    if unknown:
        raise InputError(f"sentences carry theme id(s) not in the codebook: {', '.join(unknown)}")
    groups = config.group_order(sentences["group"].dropna().astype(str).unique())
    return Units(frame, view.theme_matrix(frame, ids), tl, groups)


def _not_counted(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences outside every share (the chair's, procedural ones): where a validation row is one."""
    return sentences.loc[~sentences["counted"].to_numpy(dtype=bool), ["sentence_id", "text"]].reset_index(
        drop=True
    )


def labelled(df: pd.DataFrame, tl: list[ThemeInfo], suffixes=("",)) -> pd.DataFrame:
    """`df` with each theme id column followed by its label and short label."""
    label = {t.id: t.label for t in tl}
    short = {t.id: t.short_label for t in tl}
    out = df.copy()
    for s in suffixes:
        at = out.columns.get_loc(f"theme{s}") + 1
        if not s:
            out.insert(at, "theme_label", out["theme"].map(label))
            at += 1
        out.insert(at, f"theme_short{s}", out[f"theme{s}"].map(short))
    return out


def _table(name: str, df: pd.DataFrame, tl: list[ThemeInfo] | None = None, suffixes=("",)) -> pd.DataFrame:
    """`df` as catalogue table `name`, its themes labelled (an empty table of its columns when
    there is nothing, e.g. no validation sample)."""
    if not len(df):
        return catalogue.empty(name)
    return catalogue.conform(name, labelled(df, tl, suffixes) if tl is not None else df)


# --- prevalence ------------------------------------------------------------------------------------


def prevalence(u: Units, human: pd.DataFrame | None = None, settings: Settings | None = None) -> pd.DataFrame:
    """Per group and theme: pooled share and mean of delegation shares with their intervals, thin
    flags and, with a validation sample (`human`), the corrected share and its interval."""
    settings = settings or Settings.current()
    prev = intervals.prevalence(u.frame, u.matrix)
    silent = [g for g in u.groups if g not in set(prev["group"])]  # a group whose delegations never spoke
    if silent:
        ids = [t.id for t in u.themes]
        empty = pd.DataFrame([{"group": g, "theme": t} for g in silent for t in ids])
        empty = empty.assign(n_units=0, n_sentences_with_theme=0, n_delegations=0, delegations_total=0,
                             n_words=0, upper_bound_only=False, concentrated=False, thin=True,
                             warning=intervals.thin_warning(0, 0))  # fmt: skip
        prev = pd.concat([prev, empty], ignore_index=True)
    if human is None:
        prev = prev.assign(corrected_share=np.nan, corrected_ci_low=np.nan, corrected_ci_high=np.nan,
                           n_validated=pd.NA, few_validated=False)  # fmt: skip
    else:
        corrected = correction.corrected_prevalence(
            u.frame, u.matrix, human, reps=settings.correction_bootstrap
        )
        prev = prev.merge(corrected.drop(columns="machine_share"), on=["group", "theme"], how="left")
        prev["n_validated"] = prev["n_validated"].fillna(0)
        prev["few_validated"] = prev["few_validated"].fillna(False).astype(bool)
    order = {g: i for i, g in enumerate(u.groups)}
    theme_order = {t.id: i for i, t in enumerate(u.themes)}
    prev = prev.sort_values(
        ["group", "theme"], key=lambda s: s.map(order if s.name == "group" else theme_order)
    )
    return _table("theme_prevalence", prev, u.themes)


def verbosity(u: Units) -> pd.DataFrame:
    """How evenly each group's delegations spoke (the pooled share leans on the talkative ones)."""
    return _table("verbosity", intervals.verbosity(totals(u.frame, u.matrix)))


# --- differences -----------------------------------------------------------------------------------


def theme_differences(u: Units, settings: Settings | None = None) -> pd.DataFrame:
    """Every group against the rest and every pair of groups, per theme, on the machine's codes."""
    settings = settings or Settings.current()
    diff = differences.differences(
        u.frame, u.matrix, permutations=settings.permutations, exact_limit=settings.exact_limit
    )
    return _table("theme_differences", diff, u.themes)


def corrected_differences(
    u: Units, human: pd.DataFrame | None, settings: Settings | None = None
) -> pd.DataFrame:
    """The same comparisons on corrected shares, among the groups with a validation sample."""
    if human is None:
        return catalogue.empty("corrected_differences")
    settings = settings or Settings.current()
    diff = correction.corrected_differences(u.frame, u.matrix, human, reps=settings.correction_bootstrap)
    return _table("corrected_differences", diff, u.themes)


# --- ranks and co-occurrence -----------------------------------------------------------------------


def theme_ranks(u: Units, settings: Settings | None = None) -> pd.DataFrame:
    settings = settings or Settings.current()
    return _table("theme_ranks", ranks.rank_stability(u.frame, u.matrix, settings.bootstrap), u.themes)


def rank_agreement(u: Units, settings: Settings | None = None) -> pd.DataFrame:
    settings = settings or Settings.current()
    return _table("rank_agreement", ranks.rank_agreement(u.frame, u.matrix, settings.bootstrap))


def theme_cooccurrence(u: Units, settings: Settings | None = None) -> pd.DataFrame:
    settings = settings or Settings.current()
    co = cooccurrence.cooccurrence(u.frame, u.matrix, settings.bootstrap)
    return _table("cooccurrence", co, u.themes, suffixes=("_a", "_b"))


# --- the coder against people ----------------------------------------------------------------------


def validation_agreement(
    u: Units, human: pd.DataFrame | None, settings: Settings | None = None
) -> pd.DataFrame:
    """Per group and theme: the coder's agreement with people, beside the theme's test of whether
    its errors differ across groups (the same test result on every group's row of a theme)."""
    if human is None:
        return catalogue.empty("validation_agreement")
    settings = settings or Settings.current()
    agree = agreement.agreement(u.frame, u.matrix, human)
    test = agreement.differential_misclassification(
        u.frame, u.matrix, human, reps=settings.misclassification_permutations
    )
    test = test[["theme", "chi_square", "p_value", "p_label", "flag"]].rename(
        columns={"p_value": "differential_p", "p_label": "differential_p_label", "flag": "differential_flag"}
    )
    return _table("validation_agreement", agree.merge(test, on="theme", how="left"), u.themes)


# --- the stage -------------------------------------------------------------------------------------


@contextlib.contextmanager
def older_objects_left_alone() -> Iterator[None]:
    """The objects made before the block kept out of the collector's full collections inside it (`gc.freeze`),
    and handed back to it after. The tables make no garbage of those (the libraries, the loaded modules,
    the caller's tables), yet each full collection walked all of them, holding the GIL, so the permutation
    threads stopped too: on the 2023 General Debate 2-3 full collections took 0.21-0.30 CPU s of the compare
    stage, 0.004-0.006 s with the older objects frozen (the tables the same). Left as it is if someone froze
    objects already: `gc.unfreeze` would hand theirs back too."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def compare_all(sentences: pd.DataFrame, evidence: pd.DataFrame, validation_sheet: str | Path | None = None,
                settings: Settings | None = None) -> tuple[dict[str, pd.DataFrame], dict | None]:  # fmt: skip
    """Every table the compare stage writes (by catalogue name), and the validation sample's record
    (None without one)."""
    with older_objects_left_alone():
        return _compare_all(sentences, evidence, validation_sheet, settings)


def _compare_all(sentences: pd.DataFrame, evidence: pd.DataFrame, validation_sheet: str | Path | None,
                 settings: Settings | None) -> tuple[dict[str, pd.DataFrame], dict | None]:  # fmt: skip
    settings = settings or Settings.current()
    u = units(sentences)
    counted = config.group_order(u.frame["group"].astype(str).unique())
    if len(counted) < 2:
        raise InputError(
            f"comparing groups needs counted delegation sentences from at least two regional groups; "
            f"these sessions give {len(counted)} ({', '.join(counted) or 'none'}): add the other groups' "
            f"sessions to sessions.csv"
        )
    found = (
        validation.load(
            validation_sheet,
            u.frame,
            [t.id for t in u.themes],
            others=_not_counted(sentences),
            labels={t.id: t.names for t in u.themes},
        )
        if validation_sheet
        else None
    )
    human = found.human if found is not None else None
    # The permutation tests are array work that releases the GIL: run them beside the rest (mostly
    # Python), on their own seeded streams, so the tables are the same as one after the other. BLAS
    # keeps to one thread meanwhile: its own threads would only compete for the same cores (on the
    # 2023 General Debate: 5.0 s side by side against 6.0 s with BLAS threads, 5.4 s in turn).
    with threadpool_limits(limits=1, user_api="blas"), parallel.pool(1) as pool:
        differences_later = pool.submit(theme_differences, u, settings)
        steps = _steps(sentences, evidence, u, human, settings)
        steps["theme_differences"] = differences_later.result
        # a bar over the tables (the differences last, waited for), naming the one in the making: on a large
        # corpus the stage takes minutes, and one table up to 17 s
        tables = {name: steps[name]() for name in named_steps(list(steps), desc="comparing", unit="table")}
    order = list(catalogue.stage_outputs("compare"))
    return {
        n: tables[n] for n in sorted(tables, key=order.index)
    }, found.record if found is not None else None


def _steps(sentences, evidence, u: Units, human, settings: Settings) -> dict[str, Callable[[], pd.DataFrame]]:
    """How to make every compare table but the differences between groups' machine-coded shares."""
    from analysis.comparison import discover, quotes

    found: dict[str, pd.DataFrame] = {}

    def terms() -> dict[str, pd.DataFrame]:
        """Every kind of term in the sentences, found once, by the first discovery table to need them: under
        the bar (found before it, they were 12 s of the ten General Debate years' silence before it)."""
        if not found:
            found.update(discover.read_occurrences(sentences))
        return found

    def last_use(table: pd.DataFrame) -> pd.DataFrame:
        """`table`, the terms let go: the second discovery table was their last reader, and held through
        the quotes and the wait for the differences they were 130 MB of the ten General Debate years."""
        found.clear()
        return table

    steps = {
        "theme_prevalence": lambda: prevalence(u, human, settings),
        "corrected_differences": lambda: corrected_differences(u, human, settings),
        "validation_agreement": lambda: validation_agreement(u, human, settings),
        "verbosity": lambda: verbosity(u),
        "theme_ranks": lambda: theme_ranks(u, settings),
        "rank_agreement": lambda: rank_agreement(u, settings),
        "cooccurrence": lambda: theme_cooccurrence(u, settings),
        "distinctive_terms": lambda: discover.distinctive_terms(sentences, found=terms()),
        "codebook_candidates": lambda: last_use(discover.codebook_candidates(sentences, found=terms())),
        "quotes": lambda: quotes.representative_quotes(sentences, evidence),
    }
    return steps
