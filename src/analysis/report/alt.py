"""Alternative text for the report figures, one describer per figure, from the numbers it plots.

UN documents need a text alternative for every image: the SVG's `<title>`/`<desc>`, the PDF's
Subject, the provenance record's `alt`, and the `<img alt>` of the exported notebooks all carry
the sentences made here. Each describer reads the figure's `<name>_data` table (what `<name>.csv`
holds), so the text says what the figure draws, the same bytes for the same data. The wording
holds for any table: a thin group is named as such, a cell without a value is counted as n/a,
tied values are named together, and no sentence claims more than the statistics allow
(docs/statistics.md): a difference is "filled" only where the figure fills it, an unfilled one
is not called an absence of difference, and a co-occurrence lead is not called a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from analysis import config
from analysis.report.charts import few_validated_flips, verdict_changes
from analysis.report.formats import format_rank, format_share, interval_case, p_label, plural, shown
from analysis.report.heatmaps import excludes_one
from analysis.report.style import TOP_TERMS, estimates, groups_of, themes_of, thin_groups

MINUS = "\u2212"
MOST_TIED = 3  # tied values named before "and N more"


def alt_text(
    name: str, data: pd.DataFrame, thin: Mapping[str, str] | None = None, groups: list[str] | None = None
) -> str:
    """The figure's alternative text: what kind of chart and what it shows; its main reading; the notes a
    reader needs (thin groups, n/a cells) and where the numbers are. `thin`: the groups the figure marks
    as thin; `groups`: every group of the study (a panel for each, even one without data)."""
    if name not in DESCRIBERS:
        raise KeyError(f"no alternative text for figure {name!r}; add a describer to analysis.report.alt")
    what, reading, notes = DESCRIBERS[name](data, dict(thin or {}), groups)
    last = "; ".join([*notes, f"the numbers are in {name}.csv"])
    return f"{what} {reading} {last[0].upper()}{last[1:]}."


# --------------------------------------------------------------------------- words


def _and(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'; past MOST_TIED, 'A, B, C and 2 more'."""
    if len(items) > MOST_TIED:
        items = [*items[:MOST_TIED], f"{len(items) - MOST_TIED} more"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _who(group: str, thin: Mapping[str, str]) -> str:
    return f"{group} (thin data)" if group in thin else group


def _pct(x) -> str:
    return format_share(x, 0)


def _share(share, low, high) -> str:
    """A plotted share with its interval in words: '47% (95% interval 34% to 61%)'. A corrected estimate
    below 0 or above 1 reads as the figure draws it, clipped (`formats.shown`)."""
    case = interval_case(share, low, high)
    if case == "bound":
        return f"0% (none found; at most {_pct(high)})"
    if case in ("interval", "below"):
        return f"{_pct(shown(share))} (95% interval {_pct(low)} to {_pct(high)})"
    return f"{_pct(shown(share))} (no interval)"


def _signed(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}".replace("-", MINUS)


def _interval(low, high, decimals: int, scale: float = 1.0) -> str:
    if pd.isna(low) or pd.isna(high):
        return "no interval"
    return f"95% interval {_signed(scale * low, decimals)} to {_signed(scale * high, decimals)}"


def _tops(rows: pd.DataFrame, key: str, looks: Callable[[float], str], largest: bool = True) -> pd.DataFrame:
    """The rows holding the largest (or smallest) `key`, and those tied with it as `looks` shows them."""
    rows = rows[rows[key].notna()]
    if rows.empty:
        return rows
    best = rows[key].max() if largest else rows[key].min()
    return rows[[looks(v) == looks(best) for v in rows[key]]]


def _thin_note(thin: Mapping[str, str], groups: list[str]) -> list[str]:
    named = [g for g in groups if g in thin]
    return [f"thin data, read with care: {_and(named)}"] if named else []


def _na_note(n: int, what: str, why: str = "") -> list[str]:
    return [f"{plural(n, what)} n/a{why}"] if n else []


# --------------------------------------------------------------------------- shares


def _corrected_words(data: pd.DataFrame) -> str:
    return (
        ", corrected for the automatic coder's errors where the group has a validation sample"
        if (data["corrected"].any())
        else ""
    )


def _shares(data: pd.DataFrame) -> pd.DataFrame:
    """Every group x theme the figure shows, with its plotted share (`estimates`)."""
    return estimates(data).assign(value=lambda d: d["shown"].astype(float))


def _cell(row) -> str:
    return _share(row.estimate, row.shown_low, row.shown_high)


def prevalence_heatmap(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    d = _shares(data)
    thin = {**thin, **thin_groups(d)}  # as the figure marks them
    order = groups_of(d)
    what = (
        f"Heatmap of how often each of {plural(len(order), 'regional group')} raised each of "
        f"{plural(len(themes_of(d)), 'theme')}: the share of the group's delegation sentences carrying the "
        f"theme{_corrected_words(d)}, with its 95% interval."
    )
    top = _tops(d, "value", _pct)
    if top.empty:
        reading = "No cell has a share."
    elif _pct(top["value"].iloc[0]) == "0%":
        reading = "Every cell shows a share of 0%."
    else:
        cells = [f"{_who(r.group, thin)} on {r.theme_short}" for r in _ordered(top).itertuples()]
        tied = "is shared by" if len(cells) > 1 else "is"
        reading = f"The highest share {tied} {_and(cells)}: {_cell(_ordered(top).iloc[0])}."
    notes = _rough_note(d) + _thin_note(thin, order) + _na_note(int(d["value"].isna().sum()), "cell")
    return what, reading, notes


def prevalence_dots(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    d = _shares(data)
    thin = {**thin, **thin_groups(d)}  # as the figure marks them
    order = groups_of(d)
    themes = themes_of(d)
    what = (
        f"Dot plot, one panel for each of {plural(len(themes), 'theme')}, of the share of delegation "
        f"sentences carrying the theme in each of {plural(len(order), 'regional group')}"
        f"{_corrected_words(d)}, with 95% intervals."
    )
    gaps = []
    for theme, short in themes:
        rows = _ordered(d[(d["theme"] == theme) & d["value"].notna()])
        if len(rows) > 1:
            hi, lo = rows.loc[rows["value"].idxmax()], rows.loc[rows["value"].idxmin()]
            gaps.append((hi["value"] - lo["value"], short, hi, lo))
    widest = max((g[0] for g in gaps), default=0.0)
    if not gaps:
        reading = "No theme has shares of two groups to set side by side."
    elif _pct(widest) == "0%":
        reading = "Each theme's share is the same in every group."
    else:
        at = [g for g in gaps if _pct(g[0]) == _pct(widest)]
        _, short, hi, lo = at[0]
        also = f" (as wide in {_and([g[1] for g in at[1:]])})" if len(at) > 1 else ""
        reading = (
            f"The widest gap between groups is on {short}{also}: {_who(hi.group, thin)} {_cell(hi)} against "
            f"{_who(lo.group, thin)} {_cell(lo)}; the differences chart, not this one, tests such gaps."
        )
    notes = _rough_note(d) + _thin_note(thin, order) + _na_note(int(d["value"].isna().sum()), "share")
    return what, reading, notes


def _rough_note(d: pd.DataFrame) -> list[str]:
    """The groups whose corrected shares rest on fewer than FEW_VALIDATED validated sentences: the figure's
    notes say to read their intervals as rough, and so does its text (docs/statistics.md, `few_validated`)."""
    from analysis.comparison.correction import FEW_VALIDATED

    if not d["corrected"].any() or "n_validated" not in d.columns:
        return []
    done = d[d["corrected"]].drop_duplicates("group")
    few = [str(g) for g, n in zip(done["group"], done["n_validated"], strict=True) if int(n) < FEW_VALIDATED]
    if not few:
        return []
    who = "every group" if len(few) == len(done) else _and(config.group_order(few))
    return [
        f"corrected from fewer than {FEW_VALIDATED} validated sentences in {who}, so read those intervals "
        "as rough"
    ]


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the house group order (stable within a group): ties are named in the order the figure draws."""
    if rows.empty or "group" not in rows.columns:
        return rows
    rank = {g: i for i, g in enumerate(config.group_order(rows["group"].astype(str).unique()))}
    return rows.iloc[np.argsort(rows["group"].astype(str).map(rank).to_numpy(), kind="stable")]


# --------------------------------------------------------------------------- differences


def differences_chart(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    order = groups_of(data)
    n_tests = int(data["p_value"].notna().sum()) if "p_value" in data.columns else len(data)
    what = (
        f"Bar chart, one panel for each of {plural(len(order), 'regional group')}, of the group's share "
        f"minus that of all other delegations for each of {plural(len(themes_of(data)), 'theme')}, in "
        "percentage points with unadjusted 95% intervals; a bar is filled where both the Welch and the "
        f"permutation test give q < 0.05 (Benjamini\u2013Hochberg over {plural(n_tests, 'test')})."
    )
    rows = data.assign(size=data["diff"].abs() * 100)
    sig = rows["significant"].fillna(False).astype(bool)
    points = lambda v: f"{v:.1f}"  # noqa: E731
    if rows["size"].notna().sum() == 0:
        reading = "No difference could be estimated."
    elif sig.any():
        top = _ordered(_tops(rows[sig], "size", points))
        reading = (
            f"{int(sig.sum())} of {plural(n_tests, 'difference')} are filled; the largest filled "
            f"{_difference(top.iloc[0], thin, filled=True)}{_tied(top, thin)}."
        )
    else:
        top = _ordered(_tops(rows, "size", points))
        reading = (
            "No difference reaches q < 0.05 in both tests, which does not show the groups alike; the largest "
            f"{_difference(top.iloc[0], thin, filled=False)}{_tied(top, thin)}."
        )
    return what, reading, _corrected_verdicts(data) + _thin_note(thin, order)


def _corrected_verdicts(data: pd.DataFrame) -> list[str]:
    """How many filled differences the shares corrected for the coder's errors undo (and hollow ones
    make): the figure marks them with diamonds, and in the sample all 16 filled bars carry one."""
    if "significant_corrected" not in data.columns:
        return []
    lost, gained, filled, unjudged = verdict_changes(data)
    if not lost and not gained:
        return []
    which = " with a corrected verdict" if unjudged else ""
    kept = f"{lost} of the {filled} filled {'difference' if filled == 1 else 'differences'}{which}"
    others = "no other is" if not gained else f"{gained} other{'s are' if gained > 1 else ' is'}"
    return [
        f"on the shares corrected for the coder's errors {kept} {'is' if lost == 1 else 'are'} not "
        f"significant, and {others}{_few_validated(data)}"
    ]


def _few_validated(data: pd.DataFrame) -> str:
    """'; all of them rest on fewer than 20 validated sentences ...': the figure's notes say it too."""
    from analysis.comparison.correction import FEW_VALIDATED

    few, marks = few_validated_flips(data)
    if not few:
        return ""
    which = "all of them rest" if few == marks else f"{few} of them rest" if few > 1 else "1 of them rests"
    return f"; {which} on fewer than {FEW_VALIDATED} validated sentences in a group, so read them as weak"


def _difference(row, thin: Mapping[str, str], filled: bool) -> str:
    """'is African Group on Climate, 12.2 points below the rest (95% interval ... points; q = 0.012)': a
    filled bar's q is the larger of its two tests' (the binding one, as the figure prints it)."""
    side = "above" if row["diff"] > 0 else "below" if row["diff"] < 0 else "level with"
    size = f"{abs(100 * row['diff']):.1f} points {side}" if row["diff"] else "level with"
    interval = _interval(row["ci_low"], row["ci_high"], 1, 100)
    text = f"is {_who(row['group'], thin)} on {row['theme_short']}, {size} the rest ({interval}"
    text += " points" if interval != "no interval" else ""
    if filled:
        q = pd.Series([row.get("q_value"), row.get("q_welch")], dtype=float).max()
        exact = row.get("p_exact")
        n = row.get("n_relabellings")  # none given: no floor, as the figure reads it
        floor = None if pd.isna(exact) or bool(exact) or pd.isna(n) else int(n) or None
        text += f"; {p_label('q', q, floor)}"
    return text + ")"


def _tied(top: pd.DataFrame, thin: Mapping[str, str]) -> str:
    if len(top) < 2:
        return ""
    return ", as large as " + _and(
        [f"{_who(r.group, thin)} on {r.theme_short}" for r in top.iloc[1:].itertuples()]
    )


# --------------------------------------------------------------------------- ranks


def rank_chart(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    order = groups_of(data)
    what = (
        f"Heatmap of the priority rank of each of {plural(len(themes_of(data)), 'theme')} within each of "
        f"{plural(len(order), 'regional group')} (1 = the group's most frequent theme by machine-coded "
        "share), with 95% bootstrap intervals."
    )
    firsts = []
    for g in order:
        rows = data[data["group"] == g]
        top = _tops(rows, "rank", format_rank, largest=False)
        if top.empty:
            firsts.append(f"{_who(g, thin)}: n/a")
            continue
        themes = [_first(r) for r in top.itertuples()]
        tie = f" (tied, rank {format_rank(top['rank'].iloc[0])})" if len(themes) > 1 else ""
        firsts.append(f"{_who(g, thin)}: {_and(themes)}{tie}")
    reading = ("Ranked first: " + "; ".join(firsts) + ".") if firsts else "No group has ranks."
    return what, reading, _thin_note(thin, order)


def _first(row) -> str:
    if pd.isna(row.p_top):
        return str(row.theme_short)
    return f"{row.theme_short} (first in {_pct(row.p_top)} of resamples)"


# --------------------------------------------------------------------------- co-occurrence


def cooccurrence_matrix(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    themes = {*data["theme_a"], *data["theme_b"]}
    what = (
        f"Lower-triangle heatmap of {plural(len(data), 'pair')} of {plural(len(themes), 'theme')}: how many "
        "times as often as chance two themes are raised in the same sentence (lift; 1 = as often as "
        "chance), within groups, with 95% intervals."
    )
    found = data[data["lift"].notna() & ~data["upper_bound_only"].fillna(False).astype(bool)]
    top = _tops(found, "lift", lambda v: f"{v:.2f}")
    clear = data[excludes_one(data["ci_low"], data["ci_high"])]  # bold in the figure
    if top.empty:
        reading = "No pair of themes was raised together in a sentence."
    else:
        r = top.iloc[0]
        pairs = [f"{p.theme_short_a} with {p.theme_short_b}" for p in top.itertuples()]
        reading = (
            f"The highest lift is {_and(pairs)}: {r['lift']:.2f} "
            f"({_interval(r['ci_low'], r['ci_high'], 2)}); {len(clear)} of {plural(len(data), 'pair')} are "
            "bold, their interval excluding 1: leads rather than findings, as the pairs are not adjusted for "
            "multiple comparisons."
        )
    na = _na_note(int(data["lift"].isna().sum()), "pair", " (no group raised both themes)")
    return what, reading, na


# --------------------------------------------------------------------------- distinctive terms


def distinctive_terms(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    order = config.group_order({*(groups or []), *data["group"].astype(str)})
    what = (
        f"Bar chart, one panel for each of {plural(len(order), 'regional group')}, of up to {TOP_TERMS} "
        "words and phrases the group used more than the others, by z-score of the weighted log-odds ratio."
    )
    tops, none = [], []
    for g in order:
        top = _tops(data[data["group"] == g], "z", lambda v: f"{v:.1f}")
        if top.empty:
            none.append(_who(g, thin))
        else:
            terms = _and([f"\u201c{t}\u201d" for t in top["term"]])
            tops.append(f"{_who(g, thin)} {terms} (z {top['z'].iloc[0]:.1f})")
    reading = (
        ("The most distinctive: " + "; ".join(tops) + ".") if tops else "No group has a distinctive term."
    )
    notes = [f"no distinctive term: {_and(none)}"] if none and tops else []
    screen = "the z-scores screen thousands of terms, so some pass by chance"
    return what, reading, [*notes, screen, *_thin_note(thin, order)]


# --------------------------------------------------------------------------- rank agreement


def rank_agreement_matrix(data: pd.DataFrame, thin: Mapping[str, str], groups=None):
    order = config.group_order({*data["group_a"].astype(str), *data["group_b"].astype(str)})
    what = (
        f"Lower-triangle heatmap of Kendall's tau-b between the theme shares of each pair of "
        f"{plural(len(order), 'regional group')} ({plural(len(data), 'pair')}; 1 = the same order of "
        f"priorities, 0 = unrelated, {MINUS}1 = reversed), with 95% bootstrap intervals."
    )
    tau = lambda v: _signed(v, 2)  # noqa: E731
    high, low = _tops(data, "tau", tau), _tops(data, "tau", tau, largest=False)
    if high.empty:
        reading = "No pair of groups has a tau."
    else:
        reading = f"Most alike: {_pairs(high, thin)}."
        if tau(high["tau"].iloc[0]) != tau(low["tau"].iloc[0]):
            reading = reading[:-1] + f"; least alike: {_pairs(low, thin)}."
    na = _na_note(int(data["tau"].isna().sum()), "pair", " (a group with no order of priorities)")
    return what, reading, na + _thin_note(thin, order)


def _pairs(rows: pd.DataFrame, thin: Mapping[str, str]) -> str:
    r = rows.iloc[0]
    pairs = [f"{_who(p.group_a, thin)} and {_who(p.group_b, thin)}" for p in rows.itertuples()]
    # pairs hold "and" themselves, so "; " parts them: 'A and B; C and D' ('A and B and C and D' is a muddle)
    more = f" and {len(pairs) - MOST_TIED} more" if len(pairs) > MOST_TIED else ""
    joined = "; ".join(pairs[:MOST_TIED]) + more
    return f"{joined}, tau {_signed(r['tau'], 2)} ({_interval(r['ci_low'], r['ci_high'], 2)})"


DESCRIBERS = {
    "prevalence_heatmap": prevalence_heatmap,
    "prevalence_dots": prevalence_dots,
    "distinctive_terms": distinctive_terms,
    "rank_chart": rank_chart,
    "cooccurrence_matrix": cooccurrence_matrix,
    "differences_chart": differences_chart,
    "rank_agreement_matrix": rank_agreement_matrix,
}
