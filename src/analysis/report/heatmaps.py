"""The heatmap figures: prevalence, ranks, co-occurrence and rank agreement.

Each takes the stage table it plots and returns a Figure; each `<figure>_data(df)`
gives exactly the numbers it draws (what `figures.save_figure` writes beside it).
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis import config
from analysis.report.formats import format_rank, interval_case, p_label
from analysis.report.style import (
    CELL_TEXT,
    DIVERGING,
    GREY,
    RANKS_CMAP,
    SEQUENTIAL,
    add_title,
    finish,
    group_label,
    groups_of,
    hatch_cell,
    heatmap_frame,
    masked_cmap,
    new_figure,
    pct,
    select,
    styled,
    text_colour,
    themes_of,
    thin_groups,
    thin_note,
)


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
    return select(prev, cols)


def _cell_text(ax, col: int, row: int, text: str, colour: str, size: float = CELL_TEXT, **extra) -> None:
    """A heatmap cell's number, centred in the cell and above the hatching of thin groups."""
    ax.text(
        col + 0.5, row + 0.5, text, ha="center", va="center", fontsize=size, color=colour, zorder=4, **extra
    )


def _cell_label(share, lo, hi) -> str:
    """'39%\n[35–44]'; an empty cell shows its one-sided upper bound, '0%\n[≤4]', never '[0–0]'."""
    case = interval_case(share, lo, hi)
    if case == "missing":
        return "n/a"
    if case == "bound":
        return f"{pct(share)}%\n[\u2264{pct(hi)}]"
    if case == "interval":
        return f"{pct(share)}%\n[{pct(lo)}\u2013{pct(hi)}]"
    return f"{pct(share)}%"


@styled
def prevalence_heatmap(prev: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """Group x theme: share of the group's delegation sentences carrying the theme, with its 95% interval."""
    data = prevalence_heatmap_data(prev)
    groups, themes = groups_of(data), themes_of(data)
    thin = thin_groups(data)
    share = data.pivot(index="group", columns="theme", values="share").reindex(
        index=groups, columns=[t for t, _ in themes]
    )
    lo = data.pivot(index="group", columns="theme", values="ci_low").reindex_like(share)
    hi = data.pivot(index="group", columns="theme", values="ci_high").reindex_like(share)
    fig = new_figure(11, 1.6 + 0.62 * len(groups))
    ax = fig.subplots()
    values = np.ma.masked_invalid(share.to_numpy(float) * 100)
    vmax = max(float(np.nanmax(values.filled(np.nan))) if values.count() else 1.0, 1.0)
    mesh = ax.pcolormesh(
        values, cmap=masked_cmap(SEQUENTIAL), vmin=0, vmax=vmax, edgecolors="white", linewidth=1.5
    )
    for i, g in enumerate(groups):
        for j, (t, _) in enumerate(themes):
            v = share.at[g, t]
            text = _cell_label(v, lo.at[g, t], hi.at[g, t])
            _cell_text(ax, j, i, text, text_colour(100 * v, vmax))
            if g in thin:
                hatch_cell(ax, j, i)
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
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.9, pad=0.01)
    cbar.set_label("Share of the group's delegation sentences (%)")
    add_title(
        fig,
        "How often each regional group raised each theme",
        "Share of delegations' sentences carrying the theme, with 95% interval [low\u2013high] "
        "(bootstrap over delegations); no sentence: one-sided upper bound [\u2264high]",
    )
    return finish(fig, provenance, thin_note(thin))


# --------------------------------------------------------------------------- ranks


def rank_chart_data(ranks: pd.DataFrame) -> pd.DataFrame:
    return select(ranks, ["group", "theme", "theme_short", "share", "rank"])


@styled
def rank_chart(
    ranks: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Theme x group heatmap of priority ranks (1 = the group's most frequent theme)."""
    data = rank_chart_data(ranks)
    groups, themes = groups_of(data), themes_of(data)
    thin = thin or {}
    rank = data.pivot(index="theme", columns="group", values="rank").reindex(
        index=[t for t, _ in themes], columns=groups
    )
    order = rank.mean(axis=1).sort_values(kind="stable").index.tolist()  # most shared priorities on top
    rank = rank.loc[order]
    short = dict(themes)
    fig = new_figure(2.6 + 1.25 * len(groups), 1.6 + 0.42 * len(themes))
    ax = fig.subplots()
    n = len(themes)
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(rank.to_numpy(float)),
        cmap=masked_cmap(RANKS_CMAP),
        vmin=1,
        vmax=n + 3,
        edgecolors="white",
        linewidth=1.5,
    )
    for i, t in enumerate(order):
        for j, g in enumerate(groups):
            r = rank.at[t, g]
            dark = not pd.isna(r) and r <= n * 0.45
            label = "n/a" if pd.isna(r) else format_rank(r)
            _cell_text(ax, j, i, label, "white" if dark else "black", size=9)
            if g in thin:
                hatch_cell(ax, j, i)
    ax.set_xticks(
        np.arange(len(groups)) + 0.5, [group_label(g, g in thin) for g in groups], rotation=20, ha="right"
    )
    ax.set_yticks(np.arange(n) + 0.5, [short[t] for t in order])
    ax.invert_yaxis()
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    cbar.set_label("Rank within the group (1 = most frequent)")
    cbar.ax.set_ylim(n, 1)
    cbar.set_ticks([1, *range(3, n + 1, 2)])
    add_title(
        fig,
        "Which themes came first for each group",
        "Rank of each theme by share of sentences; "
        "themes ordered by average rank; ties share the average rank",
    )
    return finish(fig, provenance, thin_note({g: w for g, w in thin.items() if g in groups}))


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
    themes = themes_of(data, "theme_a", "theme_short_a")
    ids = [t for t, _ in themes]
    jac = data.pivot(index="theme_a", columns="theme_b", values="jaccard").reindex(index=ids, columns=ids)
    cnt = data.pivot(index="theme_a", columns="theme_b", values="count").reindex(index=ids, columns=ids)
    n = len(ids)
    lower = np.tril(np.ones((n, n), bool), k=-1)
    values = np.ma.masked_where(~lower | np.isnan(jac.to_numpy(float)), jac.to_numpy(float))
    fig = new_figure(8.5, 7.6)
    ax = fig.subplots()
    vmax = float(values.max()) if values.count() else 1.0
    vmax = vmax if vmax > 0 else 1.0
    mesh = ax.pcolormesh(
        values, cmap=masked_cmap(SEQUENTIAL), vmin=0, vmax=vmax, edgecolors="white", linewidth=1.5
    )
    for i in range(n):
        ax.add_patch(Rectangle((i, i), 1, 1, facecolor="#F2F2F2", edgecolor="white", linewidth=1.5))
        _cell_text(ax, i, i, f"{int(cnt.iat[i, i]):,}", "#333333", fontweight="bold")
        for j in range(i):
            c = cnt.iat[i, j]
            _cell_text(ax, j, i, f"{int(c):,}", text_colour(jac.iat[i, j], vmax))
    labels = [s for _, s in themes]
    ax.set_xticks(np.arange(n) + 0.5, labels, rotation=40, ha="right")
    ax.set_yticks(np.arange(n) + 0.5, labels)
    ax.set_xlim(0, n)
    ax.set_ylim(n, 0)
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.7, pad=0.02)
    cbar.set_label("Jaccard index (both / either)")
    add_title(
        fig,
        "Themes raised together in the same sentence",
        "Numbers: sentences carrying both themes (diagonal: carrying the theme); colour: Jaccard index",
    )
    return finish(fig, provenance, [])


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
    fig = new_figure(3.2 + 1.0 * n, 2.2 + 0.75 * n)
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
            label = "n/a" if np.isnan(tau[i, j]) else f"\u03c4 = {tau[i, j]:.2f}\n{p_label('p', pval[i, j])}"
            _cell_text(ax, j, i, label, "white" if abs(np.nan_to_num(tau[i, j])) > 0.6 else "black")
            if groups[i] in thin or groups[j] in thin:
                hatch_cell(ax, j, i)
    labels = [group_label(g, g in thin) for g in groups]
    ax.set_xticks(np.arange(n) + 0.5, labels, rotation=20, ha="right")
    ax.set_yticks(np.arange(n) + 0.5, labels)
    ax.set_xlim(0, max(n - 1, 1))
    ax.set_ylim(n, 1 if n > 1 else 0)
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    cbar.set_label("Kendall's \u03c4-b (1 = same order of priorities)")
    add_title(
        fig,
        "Do groups put their priorities in the same order?",
        "Kendall's \u03c4-b between two groups' theme shares, with its p-value",
    )
    return finish(fig, provenance, thin_note({g: w for g, w in thin.items() if g in groups}))
