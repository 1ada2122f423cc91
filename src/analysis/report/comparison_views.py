"""Views of the compare stage's tables for the notebooks (03 and 05): what an analyst reads.

Each function takes a catalogue table (docs/statistics.md says how the columns read) and
returns a small DataFrame for `display.table`: rows in a useful order, intervals written out
(an empty cell as its one-sided bound), floats rounded so a committed notebook's output does not
change with the platform's last digit. Nothing here computes a statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import config
from analysis.comparison import differences
from analysis.notebook import DECIMALS, rounded
from analysis.report.formats import (
    format_detectable,
    format_interval,
    format_p,
    format_points,
    format_rank,
    format_share,
    group_name,
    shown,
    shown_difference,
    wrap_prose,
)


def _intervals(df: pd.DataFrame, share: str, low: str, high: str) -> list[str]:
    return [format_interval(s, lo, hi) for s, lo, hi in zip(df[share], df[low], df[high], strict=True)]


def _points(diff, low, high) -> list[str]:
    """'+12.3 pp (4.1 to 20.5)' per row; a corrected difference beyond +-100 pp as +-100 (`shown_difference`)
    inside its interval, which is held there."""
    return [
        f"{format_points(shown_difference(d))} ({format_points(lo).removesuffix(' pp')} to "
        f"{format_points(hi)})"
        if pd.notna(lo)
        else format_points(d)
        for d, lo, hi in zip(diff, low, high, strict=True)
    ]


# --- prevalence -------------------------------------------------------------------------------


def share_table(prev: pd.DataFrame, value: str = "share") -> pd.DataFrame:
    """Theme x group table of a prevalence column (rows in codebook order, columns in house order)."""
    groups = config.group_order(prev["group"].unique())
    themes = list(dict.fromkeys(prev["theme_short"]))
    table = prev.pivot(index="theme_short", columns="group", values=value).loc[themes, groups]
    table.index.name = "theme"
    table.columns.name = None
    return rounded(table)


def thin_groups(prev: pd.DataFrame) -> pd.DataFrame:
    rows = prev[prev["thin"].astype(bool)].drop_duplicates("group")
    return rows[["group", "delegations_total", "n_words", "warning"]].reset_index(drop=True)


def corrected_table(prev: pd.DataFrame) -> pd.DataFrame:
    """Machine-only against corrected share, side by side, per group and theme, with the change."""
    rows = prev[prev["corrected_share"].notna()]
    return pd.DataFrame(
        {
            "group": rows["group"].to_numpy(),
            "theme_short": rows["theme_short"].to_numpy(),
            "machine": _intervals(rows, "share", "ci_low", "ci_high"),
            "corrected": _intervals(rows, "corrected_share", "corrected_ci_low", "corrected_ci_high"),
            "change": [format_points(d) for d in _change(rows)],
            "n_validated": rows["n_validated"].astype(int).to_numpy(),
        }
    )


def _change(prev: pd.DataFrame) -> pd.Series:
    """Corrected minus machine-coded share, per row, from the corrected share as shown: the estimate
    can fall below 0 for a rare theme the coder over-finds (docs/statistics.md), and a table that
    shows 0.0% must not report a larger change than that."""
    return shown(prev["corrected_share"]) - prev["share"]


def _width_ratio(prev: pd.DataFrame) -> float:
    """The corrected intervals' summed width over the machine-only intervals' summed width.

    Summed, not averaged per theme: a rare theme's machine-only interval can be a sliver, and
    its ratio alone would set a mean of ratios; where the sample showed no disagreement the
    widths are equal and the sum says so too."""
    both = prev[["ci_low", "ci_high", "corrected_ci_low", "corrected_ci_high"]].dropna()
    machine = (both["ci_high"] - both["ci_low"]).sum()
    corrected = (both["corrected_ci_high"] - both["corrected_ci_low"]).sum()
    return float(corrected / machine) if machine > 0 else np.nan


def correction_summary(prev: pd.DataFrame) -> pd.DataFrame:
    """Per group: validated sentences, the mean absolute change the correction made, the largest one,
    and how much wider the corrected intervals are than the machine-only ones (summed over themes)."""
    rows = []
    for g, sub in prev.groupby("group", sort=False):
        if sub["corrected_share"].isna().all():
            rows.append({"group": g, "n_validated": 0})
            continue
        change = _change(sub)
        top = sub.loc[change.abs().idxmax()]
        rows.append({
            "group": g, "n_validated": int(sub["n_validated"].iloc[0]),
            "mean_abs_change_pp": 100 * change.abs().mean(),
            "largest_change": f"{top['theme_short']} {format_points(change[top.name])}",
            "width_ratio": _width_ratio(sub),
        })  # fmt: skip
    return rounded(pd.DataFrame(rows))  # three decimals: two, then one on display, rounded 1.046 to 1.1


def correction_story(
    prev: pd.DataFrame, diff: pd.DataFrame, corrected: pd.DataFrame, largest: int = 3
) -> str:
    """What the validation sample changed, in sentences whose numbers come from the tables (so the
    notebook's account cannot go stale when the data or the codebook change): how far shares moved,
    how much wider the intervals became, and which verdicts of the group comparisons flipped."""
    rows = prev[prev["corrected_share"].notna()]
    if rows.empty:
        return "No validation sample: every share is machine-coded."
    change = _change(rows)
    top = rows.assign(change=change, size=change.abs()).sort_values(
        ["size", "group", "theme"], ascending=[False, True, True], kind="stable").head(largest)  # fmt: skip
    moves = "; ".join(
        f"{group_name(r.group)}, {r.theme_short} {format_share(r.share)} \u2192 "
        f"{format_share(shown(r.corrected_share))} ({format_points(r.change)})"
        for r in top.itertuples()
    )
    by_group = pd.Series({g: _width_ratio(sub) for g, sub in rows.groupby("group", sort=False)})
    lines = [
        f"The correction moved a share by {100 * change.abs().mean():.1f} percentage points on average "
        f"(either way) and by {100 * change.abs().max():.1f} at most. Largest changes: {moves}.",
        f"Corrected intervals are {_width_ratio(rows):.1f} times as wide as the machine-coded ones, summed "
        f"over groups and themes ({by_group.min():.1f} to {by_group.max():.1f} across groups).",
    ]
    for family, words in (("vs_rest", "Each group against all others"), ("pairwise", "Pairs of groups")):
        lines.append(f"{words}: {_verdicts(diff, corrected, family)}")
    return wrap_prose("\n".join(lines))


def _verdicts(diff: pd.DataFrame, corrected: pd.DataFrame, family: str) -> str:
    """How many comparisons are significant machine-coded and corrected, and which ones flipped
    (compared on the groups that have a sample, as the corrected tests are), each with both estimates
    and the corrected interval and q: a verdict lost while the corrected estimate held or grew is a wider
    interval or a family whose other tests moved, not a difference the coder's errors made."""
    key = ["group_a", "group_b", "theme"]
    m = diff.loc[diff["family"] == family, key + ["theme_short", "significant", "diff"]]
    shown = ["significant", "diff", "ci_low", "ci_high", "q_value"]
    c = corrected.loc[corrected["family"] == family, key + shown]
    both = m.merge(c, on=key, suffixes=("_m", "_c"))  # an inner join: the groups with a sample
    sig_m, sig_c = both["significant_m"].astype(bool), both["significant_c"].astype(bool)

    def described(rows: pd.DataFrame, side: str) -> str:
        return "".join(
            f"\n- {group_name(r.group_a)} {'higher' if getattr(r, 'diff_' + side) > 0 else 'lower'} on "
            f"{r.theme_short}"
            + ("" if r.group_b == "rest" else f" than {group_name(r.group_b)}")
            + f" ({format_points(r.diff_m)} machine-coded, "
            f"{format_points(shown_difference(r.diff_c))} corrected "
            f"[{format_points(r.ci_low).removesuffix(' pp')} to {format_points(r.ci_high)}], "
            f"q {format_p(r.q_value)})"
            for r in rows.sort_values(["group_a", "group_b", "theme"], kind="stable").itertuples()
        )

    text = (
        f"{int(sig_m.sum())} of {len(both)} differences significant machine-coded, "
        f"{int(sig_c.sum())} corrected"
    )
    if len(both) < len(m):  # a group without a sample (the observers, say) has no corrected tests
        text += f" (the {len(both)} of {len(m)} comparisons whose groups all have a validation sample)"
    gained, lost = both[sig_c & ~sig_m], both[sig_m & ~sig_c]
    if gained.empty and lost.empty:
        return text + "; no verdict changed."
    # One changed verdict per line, under what kind of change it is: a list a reader can scan.
    # The same sign and at least as far from 0 as printed (0.1 pp): the correction did not shrink it.
    same_sign = np.sign(lost["diff_c"]) == np.sign(lost["diff_m"])
    held = same_sign & (lost["diff_c"].abs().round(3) >= lost["diff_m"].abs().round(3))
    parts = []
    if not gained.empty:
        parts.append(f"Newly significant:{described(gained, 'c')}")
    if not lost[~held].empty:
        parts.append(f"No longer significant, the corrected difference smaller:{described(lost[~held], 'm')}")
    if not lost[held].empty:
        parts.append(
            "No longer significant though the corrected difference is as large or larger (its interval is "
            f"wider, or the family's other tests moved its q):{described(lost[held], 'm')}"
        )
    return text + ".\n" + "\n".join(parts)


# --- differences ------------------------------------------------------------------------------


def tests_table(diff: pd.DataFrame, family: str = "vs_rest", significant_only: bool = False) -> pd.DataFrame:
    """Differences with their 95% interval, both tests' q values and the detectable difference,
    most certain first. `p` prints a Monte Carlo floor as '< 1/(B+1)'. Columns that would say the
    same on every row are left out (so the table fits a laptop screen): 'compared with' when each
    group is compared with all others, 'q < 0.05' when only significant rows are shown."""
    rows = diff[diff["family"] == family]
    if significant_only:
        rows = rows[rows["significant"].astype(bool)]
    rows = rows.assign(q_both=rows[["q_value", "q_welch"]].max(axis=1))
    rows = rows.sort_values(["q_both", "group_a", "group_b", "theme_short"], kind="stable")
    vs_rest = family == "vs_rest"
    table = pd.DataFrame(
        {
            "theme_short": rows["theme_short"].to_numpy(),
            "group_a": rows["group_a"].to_numpy(),
            "group_b": rows["group_b"].to_numpy(),
            "share_a": rows["share_a"].round(DECIMALS).to_numpy(),
            "share_rest" if vs_rest else "share_b": rows["share_b"].round(DECIMALS).to_numpy(),
            "difference": _points(rows["diff"], rows["ci_low"], rows["ci_high"]),
            "p_permutation": [
                format_p(p, None if exact else n)
                for p, exact, n in zip(rows["p_value"], rows["p_exact"], rows["n_relabellings"], strict=True)
            ],
            "q_permutation": [format_p(q) for q in rows["q_value"]],
            "q_welch": [format_p(q) for q in rows["q_welch"]],
            "significant": rows["significant"].astype(bool).to_numpy(),
            "detectable_pp": [format_detectable(x) for x in rows["mdd"]],
        }
    )
    return _without_constant_columns(table, family, significant_only)


def _without_constant_columns(table: pd.DataFrame, family: str, significant_only: bool) -> pd.DataFrame:
    """Leave out what every row would say: 'compared with: all others', 'q < 0.05: yes'."""
    dropped = (["group_b"] if family == "vs_rest" else []) + (["significant"] if significant_only else [])
    return table.drop(columns=dropped)


def corrected_tests_table(
    diff: pd.DataFrame, family: str = "vs_rest", significant_only: bool = False
) -> pd.DataFrame:
    """The corrected comparisons: difference with its interval, q (Welch t on corrected shares), and what
    each rests on: both sides' validated sentences and `few_validated` (4 of them read like 40 before)."""
    rows = diff[diff["family"] == family]
    if significant_only:
        rows = rows[rows["significant"].astype(bool)]
    rows = rows.sort_values(["q_value", "group_a", "group_b", "theme_short"], kind="stable")
    table = pd.DataFrame(
        {
            "theme_short": rows["theme_short"].to_numpy(),
            "group_a": rows["group_a"].to_numpy(),
            "group_b": rows["group_b"].to_numpy(),
            "difference": _points(rows["diff"], rows["ci_low"], rows["ci_high"]),
            "q": [format_p(q) for q in rows["q_value"]],
            "significant": rows["significant"].astype(bool).to_numpy(),
            "detectable_pp": [format_detectable(x) for x in rows["mdd"]],
            "n_validated_a": rows["n_validated_a"].astype(int).to_numpy(),
            "n_validated_b": rows["n_validated_b"].astype(int).to_numpy(),
            "few_validated": rows["few_validated"].astype(bool).to_numpy(),
        }
    )
    return _without_constant_columns(table, family, significant_only)


def detectable(diff: pd.DataFrame, family: str = "vs_rest") -> str:
    """The caption sentence: what size of difference these data can detect."""
    return wrap_prose(differences.caption(diff, family))


def significant_counts(diff: pd.DataFrame, corrected: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per family: tests, and how many are significant machine-only (and corrected)."""
    rows = []
    for family in differences.FAMILIES:
        d = diff[diff["family"] == family]
        row = {
            "family": family,
            "tests": int(d["p_value"].notna().sum()),
            "machine_significant": int(d["significant"].sum()),
        }
        if corrected is not None and len(corrected):
            c = corrected[corrected["family"] == family]
            row |= {
                "corrected_tests": int(c["p_value"].notna().sum()),
                "corrected_significant": int(c["significant"].sum()),
            }
        rows.append(row)
    return pd.DataFrame(rows)


# --- the coder against people -----------------------------------------------------------------


def coder_agreement(agree: pd.DataFrame, value: str = "kappa") -> pd.DataFrame:
    """Theme x group table of one agreement column (kappa, sensitivity, ...)."""
    return share_table(agree, value)


def misclassification(agree: pd.DataFrame) -> pd.DataFrame:
    """Per theme: does the coder's error pattern differ across groups? Flagged themes first."""
    rows = agree.drop_duplicates("theme")
    rows = rows.sort_values(["differential_p", "theme"], kind="stable")
    return pd.DataFrame(
        {
            "theme_short": rows["theme_short"].to_numpy(),
            "chi_square": rows["chi_square"].round(2).to_numpy(),
            "p": rows["differential_p_label"].to_numpy(),
            "errors_differ_by_group": rows["differential_flag"].astype("boolean").array,  # <NA>: untested
        }
    )


# --- ranks, agreement, co-occurrence ----------------------------------------------------------


def rank_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """Theme x group: each theme's rank with its 95% interval, '3 (2–5)'."""
    label = [
        f"{format_rank(r)} ({format_rank(round(2 * lo) / 2)}\u2013{format_rank(round(2 * hi) / 2)})"
        if pd.notna(lo)
        else format_rank(r)
        for r, lo, hi in zip(ranks["rank"], ranks["rank_ci_low"], ranks["rank_ci_high"], strict=True)
    ]
    table = share_table(ranks.assign(rank_ci=label), "rank_ci")
    table.columns = [group_name(c) for c in table.columns]
    return table


def top_themes(ranks: pd.DataFrame) -> pd.DataFrame:
    """Each group's first theme and how often it comes first over resamples of delegations."""
    rows = ranks.sort_values(["p_top"], ascending=False, kind="stable").drop_duplicates("group")
    order = {g: i for i, g in enumerate(config.group_order(rows["group"]))}
    rows = rows.sort_values("group", key=lambda s: s.map(order))
    out = rounded(rows[["group", "theme_short", "share", "p_top"]].reset_index(drop=True))
    # A share of resamples is a multiple of 1/2,000: four decimals keep 0.9995 from reading as 100%.
    out["p_top"] = rows["p_top"].round(4).to_numpy()
    return out


def agreement_table(agree: pd.DataFrame) -> pd.DataFrame:
    rows = agree[["group_a", "group_b", "tau", "ci_low", "ci_high"]]
    return rounded(rows.rename(columns={"ci_low": "tau_low", "ci_high": "tau_high"}))


def top_pairs(co: pd.DataFrame, n: int = 10, stratum: str = "within groups") -> pd.DataFrame:
    """The theme pairs that meet most often beyond chance in one stratum (by lift, ties by count)."""
    rows = co[(co["stratum"] == stratum) & (co["count"] > 0)]
    rows = rows.sort_values(["lift", "count", "theme_a", "theme_b"], ascending=[False, False, True, True])
    cols = ["theme_short_a", "theme_short_b", "count", "expected", "lift", "ci_low", "ci_high"]
    rows = rows[cols].rename(columns={"ci_low": "lift_low", "ci_high": "lift_high"})
    return rounded(rows.head(n)).reset_index(drop=True)
