"""House style and one function per figure; each takes the table it plots and returns a Figure.

Only the object-oriented API is used (a `Figure` and its axes, never pyplot's
global state), so the functions are safe in notebooks, tests and under Agg.
Style lives here in one place: Okabe-Ito colours fixed per group, the house group
order, theme short labels, plain-words titles, a provenance footer, and a visible
mark on groups whose data are thin. Each `<figure>_data(df)` gives exactly the
numbers its figure draws (what `figures.save_figure` writes beside it).
"""

from __future__ import annotations

import functools

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis import catalogue, config

# Okabe & Ito (2008), colour-blind safe. Each group keeps its colour in every figure.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GROUP_COLOURS = dict(
    zip(
        config.GROUPS,
        [
            OKABE_ITO[c]
            for c in ("orange", "sky_blue", "bluish_green", "vermillion", "blue", "reddish_purple")
        ],
        strict=True,
    )
)
OTHER_COLOURS = (OKABE_ITO["black"], "#999999", "#8C6D1F")
GREY = "#9A9A9A"
LIGHT_GREY = "#D9D9D9"
THIN_MARK = "\u2020"  # dagger next to a thin group's name
THIN_HATCH = "////"
SEQUENTIAL = "Blues"
DIVERGING = "PuOr"  # colour-blind safe diverging map, for values from -1 to 1
RANKS_CMAP = "Blues_r"  # rank 1 darkest, as the most shared theme is in the share heatmap
TOP_TERMS = 10

# Everything that changes pixels or bytes, applied both when drawing and when saving.
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlelocation": "left",
    "hatch.color": "#555555",
    "hatch.linewidth": 0.6,
    "svg.fonttype": "path",  # glyphs as outlines: renders alike without the font installed
    "svg.hashsalt": "dialogue-analysis",  # stable element ids
    "pdf.fonttype": 3,  # matplotlib's default: subsets fast; Type 42 took 3x as long
    "savefig.dpi": 300,
    "figure.dpi": 100,
}
FOOTER_GID = "provenance-footer"
FOOTER_INCHES = 0.42  # room kept at the bottom of every figure for notes and provenance
HEADER_INCHES = 0.62  # and at the top for the title and its subtitle


def styled(fn):
    """Draw under the house style without touching the global rcParams."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return fn(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------- helpers


def group_colour(group: str) -> str:
    if group in GROUP_COLOURS:
        return GROUP_COLOURS[group]
    return OTHER_COLOURS[sum(map(ord, group)) % len(OTHER_COLOURS)]


def group_label(group: str, thin: bool = False) -> str:
    short = config.GROUP_SHORT.get(group, group)
    return f"{short} {THIN_MARK}" if thin else short


def _groups(df: pd.DataFrame, column: str = "group") -> list[str]:
    return config.group_order(df[column].dropna().astype(str).unique())


def _themes(df: pd.DataFrame, id_col: str = "theme", short_col: str = "theme_short") -> list[tuple[str, str]]:
    """(id, short label) in the order the table lists them (codebook order)."""
    cols = [id_col, short_col] if short_col in df.columns else [id_col, id_col]
    pairs = df[cols].drop_duplicates(subset=id_col)
    return [(str(i), str(s)) for i, s in pairs.itertuples(index=False)]


def thin_groups(prev: pd.DataFrame) -> dict[str, str]:
    """group -> warning, for the groups the prevalence table flags as thin."""
    if "thin" not in prev.columns:
        return {}
    rows = prev[prev["thin"].astype(bool)].drop_duplicates("group")
    warnings = rows["warning"] if "warning" in rows.columns else pd.Series([""] * len(rows))
    return {str(g): w if isinstance(w, str) else "" for g, w in zip(rows["group"], warnings, strict=True)}


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    _reserve(fig, HEADER_INCHES)
    return fig


def _reserve(fig: Figure, header: float) -> None:
    """Keep the top for the title lines and the bottom for notes and provenance."""
    h = fig.get_figheight()
    fig.get_layout_engine().set(rect=(0, FOOTER_INCHES / h, 1, 1 - (FOOTER_INCHES + header) / h))


def _heatmap_frame(fig: Figure, ax, mesh, shrink: float, pad: float):
    """The house frame of a heatmap: no ticks or spines, a colour bar beside it (returned)."""
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return fig.colorbar(mesh, ax=ax, shrink=shrink, pad=pad)


def _title(fig: Figure, title: str, subtitle: str = "") -> None:
    """Bold title and, below it, a lighter line saying how to read the figure."""
    h = fig.get_figheight()
    fig.text(0.01, 1 - 0.08 / h, title, ha="left", va="top", fontsize=13, fontweight="bold", gid="title")
    if subtitle:
        fig.text(
            0.01, 1 - 0.36 / h, subtitle, ha="left", va="top", fontsize=9, color="#444444", gid="subtitle"
        )
    _reserve(fig, HEADER_INCHES if subtitle else HEADER_INCHES - 0.24)


def provenance_text(provenance: dict | None) -> str:
    if not provenance:
        return "provenance unknown"
    p = provenance
    bits = [
        f"Codebook {p.get('codebook_version', '?')} ({str(p.get('codebook_hash', ''))[:8]})",
        f"spaCy {p.get('spacy_model', '?')} {p.get('spacy_model_version', '')}"
        f" (spaCy {p.get('spacy_version', '?')})",
        f"input {str(p.get('input_sha256', ''))[:8]}",
        f"seed {p.get('seed', '?')}",
        f"dialogue-analysis {p.get('analysis_version', '?')}",
    ]
    return "  \u00b7  ".join(bits)


def add_footer(fig: Figure, provenance: dict | None) -> None:
    """The provenance line at the bottom (once: a second call leaves the first in place)."""
    if any(t.get_gid() == FOOTER_GID for t in fig.texts):
        return
    with mpl.rc_context(STYLE):
        fig.text(
            0.01,
            0.06 / fig.get_figheight(),
            provenance_text(provenance),
            ha="left",
            va="bottom",
            fontsize=6.5,
            color="#666666",
            gid=FOOTER_GID,
        )


def _finish(fig: Figure, provenance: dict | None, notes: list[str]) -> Figure:
    if notes:
        fig.text(
            0.01,
            0.22 / fig.get_figheight(),
            "   ".join(notes),
            ha="left",
            va="bottom",
            fontsize=7.5,
            color="#333333",
            gid="figure-notes",
        )
    if provenance is not None:
        add_footer(fig, provenance)
    return fig


def _thin_note(thin: dict[str, str]) -> list[str]:
    if not thin:
        return []
    parts = [f"{group_label(g)}: {w}" if w else group_label(g) for g, w in thin.items()]
    return [f"{THIN_MARK} thin data, read with care \u2014 " + "; ".join(parts)]


def _pct(x: float) -> str:
    return "n/a" if pd.isna(x) else f"{100 * x:.0f}"


def _hatch_cell(ax, x, y, w=1.0, h=1.0):
    ax.add_patch(Rectangle((x, y), w, h, fill=False, hatch=THIN_HATCH, linewidth=0, zorder=3))


def _cmap(name: str):
    """A colour map whose missing cells show light grey."""
    return mpl.colormaps[name].with_extremes(bad=LIGHT_GREY)


def _text_colour(value: float, vmax: float) -> str:
    return "white" if not pd.isna(value) and vmax > 0 and value > 0.6 * vmax else "black"


# --------------------------------------------------------------------------- prevalence


def prevalence_heatmap_data(prev: pd.DataFrame) -> pd.DataFrame:
    cols = [
        "group",
        "theme",
        "theme_short",
        "share",
        "ci_low",
        "ci_high",
        "n_units",
        "n_delegations",
        "delegations_total",
        "thin",
        "warning",
    ]
    return _select(prev, cols)


def _select(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df[[c for c in cols if c in df.columns]].copy()
    if "group" in out.columns:
        order = {g: i for i, g in enumerate(_groups(out))}
        out = out.iloc[np.argsort(out["group"].map(order).to_numpy(), kind="stable")]
    return out.reset_index(drop=True)


@styled
def prevalence_heatmap(prev: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """Group x theme: share of the group's delegation sentences carrying the theme, with its 95% interval."""
    data = prevalence_heatmap_data(prev)
    groups, themes = _groups(data), _themes(data)
    thin = thin_groups(data)
    share = data.pivot(index="group", columns="theme", values="share").reindex(
        index=groups, columns=[t for t, _ in themes]
    )
    lo = data.pivot(index="group", columns="theme", values="ci_low").reindex_like(share)
    hi = data.pivot(index="group", columns="theme", values="ci_high").reindex_like(share)
    fig = _figure(11, 1.6 + 0.62 * len(groups))
    ax = fig.subplots()
    values = np.ma.masked_invalid(share.to_numpy(float) * 100)
    vmax = max(float(np.nanmax(values.filled(np.nan))) if values.count() else 1.0, 1.0)
    mesh = ax.pcolormesh(values, cmap=_cmap(SEQUENTIAL), vmin=0, vmax=vmax, edgecolors="white", linewidth=1.5)
    for i, g in enumerate(groups):
        for j, (t, _) in enumerate(themes):
            v = share.at[g, t]
            text = "n/a" if pd.isna(v) else f"{_pct(v)}%"
            if not pd.isna(lo.at[g, t]):
                text += f"\n[{_pct(lo.at[g, t])}\u2013{_pct(hi.at[g, t])}]"
            ax.text(
                j + 0.5,
                i + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=7.5,
                color=_text_colour(100 * v, vmax),
                zorder=4,
            )
            if g in thin:
                _hatch_cell(ax, j, i)
    ax.set_xticks(np.arange(len(themes)) + 0.5, [s for _, s in themes], rotation=30, ha="right")
    n_units = data.drop_duplicates("group").set_index("group")
    ylabels = []
    for g in groups:
        row = n_units.loc[g]
        ylabels.append(
            f"{group_label(g, g in thin)}\n{int(row['n_units']):,} sentences, "
            f"{int(row.get('delegations_total', 0))} deleg."
        )
    ax.set_yticks(np.arange(len(groups)) + 0.5, ylabels)
    for tick, g in zip(ax.get_yticklabels(), groups, strict=True):
        tick.set_color(GREY if g in thin else "black")
    ax.invert_yaxis()
    cbar = _heatmap_frame(fig, ax, mesh, shrink=0.9, pad=0.01)
    cbar.set_label("Share of the group's delegation sentences (%)")
    _title(
        fig,
        "How often each regional group raised each theme",
        "Share of delegations' sentences carrying the theme, with 95% interval [low\u2013high] "
        "(bootstrap over delegations)",
    )
    return _finish(fig, provenance, _thin_note(thin))


def prevalence_dots_data(prev: pd.DataFrame) -> pd.DataFrame:
    return _select(prev, ["group", "theme", "theme_short", "share", "ci_low", "ci_high", "thin"])


@styled
def prevalence_dots(prev: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """One panel per theme: each group's share as a dot with its 95% interval as a whisker."""
    data = prevalence_dots_data(prev)
    groups, themes = _groups(data), _themes(data)
    thin = thin_groups(prev)
    ncols = 4
    nrows = int(np.ceil(len(themes) / ncols)) or 1
    fig = _figure(11, 0.9 + nrows * (0.35 + 0.27 * len(groups)))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
    top = np.nanmax(data[["share", "ci_high"]].to_numpy(float)) if data["share"].notna().any() else 0.1
    top = 100 * (top if np.isfinite(top) and top > 0 else 0.1) * 1.08
    y = np.arange(len(groups))
    for ax, (t, short) in zip(axes, themes, strict=False):
        sub = data[data["theme"] == t].set_index("group").reindex(groups)
        for i, g in enumerate(groups):
            s, lo, hi = (100 * sub.at[g, c] for c in ("share", "ci_low", "ci_high"))
            colour = group_colour(g)
            if not pd.isna(lo):
                ax.plot(
                    [lo, hi],
                    [i, i],
                    color=colour,
                    linewidth=2,
                    solid_capstyle="butt",
                    alpha=0.45 if g in thin else 1,
                )
            if not pd.isna(s):
                ax.plot(
                    [s],
                    [i],
                    marker="o",
                    markersize=5.5,
                    linestyle="none",
                    color=colour,
                    markerfacecolor="white" if g in thin else colour,
                    markeredgewidth=1.4,
                )
        ax.set_title(short, fontsize=9.5)
        ax.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(themes) :]:
        ax.set_axis_off()
    axes[0].set_yticks(y, [group_label(g, g in thin) for g in groups])
    axes[0].set_ylim(len(groups) - 0.5, -0.5)
    axes[0].set_xlim(0, top)
    for ax in axes[: len(themes)]:
        ax.tick_params(axis="y", length=0)
    for ax in axes[max(0, len(themes) - ncols) : len(themes)]:  # the lowest panel of each column
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("Share of sentences (%)")
    if len(themes) % ncols:
        legend_ax = axes[len(themes)]
        legend_ax.text(
            0,
            0.95,
            "Dot: share of the group's delegation\nsentences carrying the theme.\n"
            "Line: 95% interval (bootstrap over\ndelegations).\n"
            "Hollow dot: thin data.",
            va="top",
            ha="left",
            fontsize=8,
            transform=legend_ax.transAxes,
        )
    _title(fig, "Theme shares by regional group, with 95% intervals")
    return _finish(fig, provenance, _thin_note(thin))


# --------------------------------------------------------------------------- distinctive terms


def distinctive_terms_data(terms: pd.DataFrame, top: int = TOP_TERMS) -> pd.DataFrame:
    df = terms[terms["z"].notna() & (terms["z"] > 0)]
    df = df.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="stable")
    df = df.drop_duplicates(["group", "term"]).groupby("group", sort=False).head(top)
    return _select(df, ["group", "kind", "term", "z", "log_odds", "count", "count_rest", "n_delegations"])


@styled
def distinctive_terms(
    terms: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Per group, the words and phrases it used most distinctively (weighted log-odds z against the rest)."""
    data = distinctive_terms_data(terms)
    groups = _groups(terms)
    thin = thin or {}
    ncols = 3
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig = _figure(11, 0.9 + nrows * 2.9)
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    zmax = max(float(data["z"].max()) if len(data) else 1.0, 1.0)
    for ax, g in zip(axes, groups, strict=False):
        sub = data[data["group"] == g]
        y = np.arange(len(sub))
        ax.barh(
            y,
            sub["z"],
            color=group_colour(g),
            hatch=THIN_HATCH if g in thin else None,
            edgecolor="white" if g not in thin else "#555555",
            linewidth=0.5,
            height=0.7,
        )
        kinds = sub["kind"] if "kind" in sub.columns else pd.Series(["word"] * len(sub))
        ax.set_yticks(y, sub["term"].astype(str).tolist())
        for tick, k in zip(ax.get_yticklabels(), kinds, strict=True):
            if k == "phrase":
                tick.set_fontstyle("italic")
        ax.set_ylim(TOP_TERMS - 0.5, -0.5)
        ax.set_xlim(0, zmax * 1.05)
        ax.tick_params(axis="y", length=0)
        ax.set_title(group_label(g, g in thin), color=GREY if g in thin else "black", fontweight="bold")
        if sub.empty:
            ax.text(0.5, 0.5, "no distinctive terms", transform=ax.transAxes, ha="center", color=GREY)
    for ax in axes[max(0, len(groups) - ncols) : len(groups)]:
        ax.set_xlabel("z (weighted log-odds)")
    for ax in axes[len(groups) :]:
        ax.set_axis_off()
    _title(
        fig,
        "Words and phrases each group used more than the others",
        f"Top {TOP_TERMS} per group by z of the weighted log-odds ratio (informative Dirichlet prior); "
        "phrases in italics",
    )
    return _finish(fig, provenance, _thin_note({g: w for g, w in thin.items() if g in groups}))


# --------------------------------------------------------------------------- ranks


def rank_chart_data(ranks: pd.DataFrame) -> pd.DataFrame:
    return _select(ranks, ["group", "theme", "theme_short", "share", "rank"])


@styled
def rank_chart(
    ranks: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Theme x group heatmap of priority ranks (1 = the group's most frequent theme)."""
    data = rank_chart_data(ranks)
    groups, themes = _groups(data), _themes(data)
    thin = thin or {}
    rank = data.pivot(index="theme", columns="group", values="rank").reindex(
        index=[t for t, _ in themes], columns=groups
    )
    order = rank.mean(axis=1).sort_values(kind="stable").index.tolist()  # most shared priorities on top
    rank = rank.loc[order]
    short = dict(themes)
    fig = _figure(2.6 + 1.25 * len(groups), 1.6 + 0.42 * len(themes))
    ax = fig.subplots()
    n = len(themes)
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(rank.to_numpy(float)),
        cmap=_cmap(RANKS_CMAP),
        vmin=1,
        vmax=n + 3,
        edgecolors="white",
        linewidth=1.5,
    )
    for i, t in enumerate(order):
        for j, g in enumerate(groups):
            r = rank.at[t, g]
            label = "n/a" if pd.isna(r) else (f"{r:.0f}" if float(r).is_integer() else f"{r:.1f}")
            dark = not pd.isna(r) and r <= n * 0.45
            ax.text(
                j + 0.5,
                i + 0.5,
                label,
                ha="center",
                va="center",
                fontsize=9,
                color="white" if dark else "black",
                zorder=4,
            )
            if g in thin:
                _hatch_cell(ax, j, i)
    ax.set_xticks(
        np.arange(len(groups)) + 0.5, [group_label(g, g in thin) for g in groups], rotation=20, ha="right"
    )
    ax.set_yticks(np.arange(n) + 0.5, [short[t] for t in order])
    ax.invert_yaxis()
    cbar = _heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    cbar.set_label("Rank within the group (1 = most frequent)")
    cbar.ax.set_ylim(n, 1)
    cbar.set_ticks([1, *range(3, n + 1, 2)])
    _title(
        fig,
        "Which themes came first for each group",
        "Rank of each theme by share of sentences; "
        "themes ordered by average rank; ties share the average rank",
    )
    return _finish(fig, provenance, _thin_note({g: w for g, w in thin.items() if g in groups}))


# --------------------------------------------------------------------------- co-occurrence


def cooccurrence_matrix_data(co: pd.DataFrame) -> pd.DataFrame:
    return co[
        [
            c
            for c in ["theme_a", "theme_b", "theme_short_a", "theme_short_b", "count", "jaccard", "lift"]
            if c in co.columns
        ]
    ].reset_index(drop=True)


@styled
def cooccurrence_matrix(co: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """Which themes are raised in the same sentence: Jaccard as colour, joint count in each cell."""
    data = cooccurrence_matrix_data(co)
    themes = _themes(data, "theme_a", "theme_short_a")
    ids = [t for t, _ in themes]
    jac = data.pivot(index="theme_a", columns="theme_b", values="jaccard").reindex(index=ids, columns=ids)
    cnt = data.pivot(index="theme_a", columns="theme_b", values="count").reindex(index=ids, columns=ids)
    n = len(ids)
    lower = np.tril(np.ones((n, n), bool), k=-1)
    values = np.ma.masked_where(~lower | np.isnan(jac.to_numpy(float)), jac.to_numpy(float))
    fig = _figure(8.5, 7.6)
    ax = fig.subplots()
    vmax = float(values.max()) if values.count() else 1.0
    vmax = vmax if vmax > 0 else 1.0
    mesh = ax.pcolormesh(values, cmap=_cmap(SEQUENTIAL), vmin=0, vmax=vmax, edgecolors="white", linewidth=1.5)
    for i in range(n):
        ax.add_patch(Rectangle((i, i), 1, 1, facecolor="#F2F2F2", edgecolor="white", linewidth=1.5))
        ax.text(
            i + 0.5,
            i + 0.5,
            f"{int(cnt.iat[i, i]):,}",
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
            color="#333333",
        )
        for j in range(i):
            c = cnt.iat[i, j]
            ax.text(
                j + 0.5,
                i + 0.5,
                f"{int(c):,}",
                ha="center",
                va="center",
                fontsize=8,
                color=_text_colour(jac.iat[i, j], vmax),
            )
    labels = [s for _, s in themes]
    ax.set_xticks(np.arange(n) + 0.5, labels, rotation=40, ha="right")
    ax.set_yticks(np.arange(n) + 0.5, labels)
    ax.set_xlim(0, n)
    ax.set_ylim(n, 0)
    cbar = _heatmap_frame(fig, ax, mesh, shrink=0.7, pad=0.02)
    cbar.set_label("Jaccard index (both / either)")
    _title(
        fig,
        "Themes raised together in the same sentence",
        "Numbers: sentences carrying both themes (diagonal: carrying the theme); colour: Jaccard index",
    )
    return _finish(fig, provenance, [])


# --------------------------------------------------------------------------- differences


def differences_chart_data(diff: pd.DataFrame) -> pd.DataFrame:
    df = diff[diff["comparison"] == "vs_rest"].rename(columns={"group_a": "group"})
    drop = {"theme_label", "comparison", "group_a", "group_b"}
    columns = catalogue.table("theme_differences").column_names()
    return _select(df, ["group", *(c for c in columns if c not in drop)])


@styled
def differences_chart(
    diff: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Each group against all the others: difference in share (percentage points), significance marked."""
    data = differences_chart_data(diff)
    groups, themes = _groups(data), _themes(data)
    thin = thin or {}
    ncols = 3
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig = _figure(11, 1.0 + nrows * (0.8 + 0.24 * len(themes)))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
    span = np.nanmax(np.abs(data["diff"].to_numpy(float))) if data["diff"].notna().any() else 0.05
    span = 100 * (span if span > 0 else 0.05) * 1.35
    y = np.arange(len(themes))
    for ax, g in zip(axes, groups, strict=False):
        sub = data[data["group"] == g].set_index("theme").reindex([t for t, _ in themes])
        d = 100 * sub["diff"].to_numpy(float)
        sig = sub["significant"].fillna(False).astype(bool).to_numpy()
        colour = group_colour(g)
        ax.barh(
            y,
            np.nan_to_num(d),
            height=0.7,
            color=[colour if s else "white" for s in sig],
            edgecolor=[colour if s else GREY for s in sig],
            linewidth=1,
            hatch=THIN_HATCH if g in thin else None,
        )
        for yi, (di, si, q) in enumerate(zip(d, sig, sub["q_value"], strict=True)):
            if si and not np.isnan(di):
                ax.text(
                    di + (0.03 * span if di >= 0 else -0.03 * span),
                    yi,
                    f"q={q:.2g}",
                    va="center",
                    ha="left" if di >= 0 else "right",
                    fontsize=6.5,
                    color="#333333",
                )
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_title(group_label(g, g in thin), color=GREY if g in thin else "black", fontweight="bold")
        ax.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
    for ax in axes[len(groups) :]:
        ax.set_axis_off()
    axes[0].set_yticks(y, [s for _, s in themes])
    axes[0].set_ylim(len(themes) - 0.5, -0.5)
    axes[0].set_xlim(-span, span)
    for k, ax in enumerate(axes[: len(groups)]):
        if k >= len(groups) - ncols:
            ax.set_xlabel("Group minus the rest (percentage points)")
    n_tests = int(diff["p_value"].notna().sum()) if "p_value" in diff.columns else 0
    _title(
        fig,
        "Where each group differs from all the others",
        f"Filled bars: q < 0.05 (permutation test over delegations, Benjamini\u2013Hochberg over all "
        f"{n_tests} tests); hollow: not significant",
    )
    return _finish(fig, provenance, _thin_note({g: w for g, w in thin.items() if g in groups}))


def rank_agreement_matrix_data(agree: pd.DataFrame) -> pd.DataFrame:
    return agree[
        [c for c in ("group_a", "group_b", "tau", "p_value", "n_themes") if c in agree.columns]
    ].reset_index(drop=True)


@styled
def rank_agreement_matrix(
    agree: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Group x group Kendall's tau-b of theme shares: do two groups order their priorities alike?"""
    data = rank_agreement_matrix_data(agree)
    groups = config.group_order(set(data["group_a"]) | set(data["group_b"]))
    thin = thin or {}
    n = len(groups)
    tau = np.full((n, n), np.nan)
    pval = np.full((n, n), np.nan)
    pos = {g: i for i, g in enumerate(groups)}
    for a, b, t, p in data[["group_a", "group_b", "tau", "p_value"]].itertuples(index=False):
        i, j = sorted((pos[a], pos[b]), reverse=True)  # lower triangle
        tau[i, j], pval[i, j] = t, p
    fig = _figure(3.2 + 1.0 * n, 2.2 + 0.75 * n)
    ax = fig.subplots()
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(tau),
        cmap=mpl.colormaps[DIVERGING].with_extremes(bad="none"),
        vmin=-1,
        vmax=1,
        edgecolors="white",
        linewidth=1.5,
    )
    for i in range(n):
        for j in range(i):
            label = "n/a" if np.isnan(tau[i, j]) else f"\u03c4 = {tau[i, j]:.2f}\np = {pval[i, j]:.2g}"
            ax.text(
                j + 0.5,
                i + 0.5,
                label,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if abs(np.nan_to_num(tau[i, j])) > 0.6 else "black",
            )
            if groups[i] in thin or groups[j] in thin:
                _hatch_cell(ax, j, i)
    labels = [group_label(g, g in thin) for g in groups]
    ax.set_xticks(np.arange(n) + 0.5, labels, rotation=20, ha="right")
    ax.set_yticks(np.arange(n) + 0.5, labels)
    ax.set_xlim(0, max(n - 1, 1))
    ax.set_ylim(n, 1 if n > 1 else 0)
    cbar = _heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    cbar.set_label("Kendall's \u03c4-b (1 = same order of priorities)")
    _title(
        fig,
        "Do groups put their priorities in the same order?",
        "Kendall's \u03c4-b between two groups' theme shares, with its p-value",
    )
    return _finish(fig, provenance, _thin_note({g: w for g, w in thin.items() if g in groups}))


FIGURES = {
    "prevalence_heatmap": (prevalence_heatmap, prevalence_heatmap_data),
    "prevalence_dots": (prevalence_dots, prevalence_dots_data),
    "distinctive_terms": (distinctive_terms, distinctive_terms_data),
    "rank_chart": (rank_chart, rank_chart_data),
    "cooccurrence_matrix": (cooccurrence_matrix, cooccurrence_matrix_data),
    "differences_chart": (differences_chart, differences_chart_data),
    "rank_agreement_matrix": (rank_agreement_matrix, rank_agreement_matrix_data),
}

__all__ = [
    *FIGURES,
    *(f"{n}_data" for n in FIGURES),
    "STYLE",
    "GROUP_COLOURS",
    "add_footer",
    "group_colour",
    "group_label",
    "thin_groups",
    "provenance_text",
    "styled",
]
