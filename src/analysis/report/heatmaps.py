"""The heatmap figures: prevalence, ranks, co-occurrence and rank agreement.

Each takes the stage table it plots and returns a Figure; each `<figure>_data(df)`
gives exactly the numbers it draws (what `figures.save_figure` writes beside it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis import config
from analysis.report.formats import format_rank, format_share, interval_case, plural, shown
from analysis.report.style import (
    LABEL_INCHES,
    LIGHT_GREY,
    MUTED_TEXT,
    RANKS_CMAP,
    SEQUENTIAL,
    add_title,
    cell_ink,
    concentrated_note,
    correction_note,
    current,
    cut_alike,
    cut_names_note,
    diverging_cmap,
    estimates,
    finish,
    group_label,
    group_names,
    groups_of,
    hatch_cell,
    heatmap_frame,
    in_full,
    label_colourbar,
    masked_cmap,
    name_line_inches,
    name_lines,
    naming_cut,
    new_figure,
    observers_note,
    pct,
    room_lines,
    row_name_inches,
    select,
    styled,
    text_inches,
    themes_of,
    thin_groups,
    thin_note,
)

PREVALENCE_COLUMNS = [
    "group",
    "theme",
    "theme_short",
    "share",
    "ci_low",
    "ci_high",
    "upper_bound_only",
    "corrected_share",
    "corrected_ci_low",
    "corrected_ci_high",
    "n_validated",
    "n_units",
    "n_delegations",
    "delegations_total",
    "concentrated",
    "thin",
    "warning",
]


# What the bootstrap intervals of ranks and tau are worth, measured against a known truth
# (benchmarks/bench_statistics.py, docs/statistics.md "Ranks, rank agreement, top themes"): a reader of the
# figure alone should know that "95%" is nominal.
RANK_COVERAGE = (
    "Rank intervals are percentile bootstrap: in simulation they held the true rank 81% of the time with 5 "
    "delegations a group, 91% with 10, 95% from 20 (docs/statistics.md)."
)
RANK_SUBTITLE = (
    "Rank by machine-coded share [95% interval, delegations resampled]; "
    "first in x%: the resamples in which the theme comes first"
)
RANK_ORDER = "Themes ordered by their average rank over the groups; tied themes share a rank (10.5)."
TAU_SUBTITLE = (
    "Kendall's \u03c4-b between two groups' machine-coded theme shares [95% interval, delegations resampled]"
)
TAU_COVERAGE = (
    "\u03c4 intervals are percentile bootstrap, pulled toward 0: in simulation they held the true \u03c4 86% "
    "of the time with 5 delegations a group, 90% with 10, 95% with 30 (docs/statistics.md)."
)


def prevalence_heatmap_data(prev: pd.DataFrame) -> pd.DataFrame:
    return select(prev, PREVALENCE_COLUMNS)


# The widest the prevalence heatmap's row labels may be: a name on two lines and the counts under it, its
# eleven columns the rest; narrower, a long name took five lines (its row now grows for them, `_row_growth`).
# Less where the columns need the room (`_row_name_room`: a corrected cell's "machine 44%").
ROW_LABEL_INCHES = 3.0
# A column's group name, slanted under the rank chart's and the tau matrix's columns: no wider than a column
# (about 1.25 and 1.05 inches laid out), so it ends before the next name begins; "Eastern Europe" (0.95) and
# every other house name keep one line ("Eastern Europe †", thin, takes two in the tau matrix).
COLUMN_LABEL_INCHES = 1.2
TAU_COLUMN_INCHES = 1.0
LEVEL_COLUMN_INCHES = 1.35  # a level name under a slide's rank chart column (1.45 inches laid out)


def _column_inches(inches: float, rows: list[str], columns: int) -> float:
    """How wide a column's slanted name may be: `inches` in the default layout; in one of a set width, the
    column's width once the rows' names (`rows`) and a margin have theirs."""
    look = current()
    if look.width is None:
        return inches
    names = max((text_inches(line, look.text) for r in rows for line in r.split("\n")), default=0.0)
    return min(inches, (look.width - names - 0.4) / max(columns, 1))


def needed_width(fig: Figure) -> float:
    """Inches wide `fig` (laid out) would have to be for every heatmap cell's number (on its plate where it
    has one) and every level name over or under a column to fit its column, every column widened by what the
    figure's widest of them lacks: a layout's set width shared by twelve groups' columns left the tau matrix's
    0.4 inches a column for its 0.7-inch intervals, and the share heatmap's names over its columns ran into
    each other. A theme's name on the diagonal is no cell's number.
    A figure without a heatmap is not drawn."""
    needed = fig.get_figwidth()
    heatmaps = [ax for ax in fig.axes if ax.collections and isinstance(ax.collections[0], QuadMesh)]
    if heatmaps:
        fig.draw_without_rendering()
    for ax in heatmaps:
        cells = [t.get_bbox_patch() or t for t in ax.texts if t.get_gid() != DIAGONAL_GID and t.get_text()]
        level = [t for t in ax.get_xticklabels() if t.get_rotation() == 0 and t.get_text()]
        if not cells and not level:
            continue
        column = abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]) / fig.dpi
        widest = max(t.get_window_extent().width / fig.dpi for t in [*cells, *level])
        columns = abs(ax.get_xlim()[1] - ax.get_xlim()[0])
        needed = max(needed, fig.get_figwidth() + columns * (widest - column))
    return needed


def _bar_room() -> float:
    """Inches more for a colour bar under the heatmap (a layout of a set width), so the cells keep theirs."""
    return 0.75 if current().colourbar == "bottom" else 0.0


def _label_room(groups: list[str], thin, inches: float, lines: int | None = None) -> float:
    """Inches more for a figure whose column names wrap onto more lines (no more than `lines`), so the cells
    keep their height."""
    return (name_lines(groups, thin, inches=inches, lines=lines) - 1) * name_line_inches()


def _cell_text(
    ax,
    col: int,
    row: int,
    text: str,
    colour: str,
    size: float | None = None,
    at: float = 0.5,
    plate=None,
    **extra,
) -> None:
    """A heatmap cell's number, centred (or at height `at` in the cell), above a thin group's hatching;
    in a hatched cell on a `plate` of the cell's colour, for hatch lines through digits make them hard
    to read in print. `size`: the layout's cell text unless given."""
    if plate is not None:
        pad = current().plate_pad
        extra["bbox"] = {"boxstyle": f"square,pad={pad}", "facecolor": plate, "edgecolor": "none"}
    ax.text(
        col + 0.5,
        row + at,
        text,
        ha="center",
        va="center",
        fontsize=size or current().cell,
        color=colour,
        zorder=4,
        **extra,
    )


def _cell_label(share, lo, hi, decimals: int = 0) -> str:
    """'39%\n[35–44]'; an empty cell shows its one-sided upper bound, '0%\n[≤4]', never '[0–0]'; a
    corrected estimate below 0 (given unclipped) shows as '0%\n[0–17]', for its theme was raised, and one
    above 1 as '100%' (`formats.shown`, as every table shows it), never '110%'. In one decimal, 100 stays
    whole ('[90.5–100]'): '100.0' made the label wider than its cell."""
    case = interval_case(share, lo, hi)
    if case == "missing":
        return "n/a"

    def p(x) -> str:
        return pct(x, 0 if not pd.isna(x) and round(100 * x, decimals) >= 100 else decimals)

    if case == "below":
        return f"{p(0)}%\n[{p(lo)}\u2013{p(hi)}]"
    if case == "bound":
        return f"{p(share)}%\n[\u2264{p(hi)}]"
    if case == "interval":
        return f"{p(shown(share))}%\n[{p(lo)}\u2013{p(hi)}]"
    return f"{p(shown(share))}%"


def _machine_pct(share: float, decimals: int) -> str:
    """The machine-coded share under a corrected one, in the figure's decimals below 10%, whole from 10%
    up: two figures say it, and "machine 10.9%" is wider than a cell of eleven themes."""
    return pct(share, decimals if pd.isna(share) or round(100 * share, decimals) < 10 else 0)


def _machine_text(share: float, decimals: int) -> str:
    """A corrected cell's small line: "machine 44%" ("m. 44%" on a slide)."""
    return f"{current().machine_word} {_machine_pct(share, decimals)}%"


def _decimals(estimate: pd.DataFrame, lo: pd.DataFrame, hi: pd.DataFrame) -> int:
    """0, or 1 where whole percents would hide what a cell says: an interval whose ends round alike
    ('1%\n[1–1]', no width; the ten General Debate years put rare themes at 0.7-1.2%) or a raised
    theme rounding to '0%', which reads as one nobody raised. One style for the whole figure."""
    cells = pd.DataFrame({"e": estimate.stack(), "lo": lo.stack(), "hi": hi.stack()}).dropna()
    # a mask, not a list: an empty list selects no columns (no cell has an interval), not no rows
    keep = [interval_case(e, a, b) == "interval" for e, a, b in cells.itertuples(index=False)]
    cells = cells[np.array(keep, dtype=bool)]
    collapsed = [pct(a) == pct(b) for a, b in zip(cells["lo"], cells["hi"], strict=True)]
    hidden = [pct(shown(e)) == "0" for e in cells["e"]]
    return 1 if any(collapsed) or any(hidden) else 0


def _across_column(groups: list[str], themes: list[str]) -> float:
    """How wide a group's name over its column of the share heatmap may be on a narrow page: the page's
    width less the themes' names beside the rows, shared by the columns."""
    room = (current().width or 11) - max(text_inches(t, current().text) for t in themes) - 0.3
    return room / max(len(groups), 1) - 0.05


def _groups_across(
    ax, groups: list[str], thin, names: dict[str, str], n_units: pd.DataFrame, themes: list[str]
):
    """The share heatmap's groups as columns (a narrow page): each group's name over its column as `names`
    draws it (wrapped to the column's width), with its sentences and delegations under it; the themes name
    the rows."""
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(len(groups)) + 0.5, _group_labels(groups, n_units, names, narrow=True))
    _mute_thin(ax.get_xticklabels(), groups, thin)
    ax.set_yticks(np.arange(len(themes)) + 0.5, themes)


def _group_labels(groups: list[str], n_units: pd.DataFrame, names: dict[str, str], narrow: bool) -> list[str]:
    """Each group's name as `names` draws it, its sentences and delegations under it: on one line beside
    the rows, on two abbreviated ones over a `narrow` column."""
    labels = []
    for g in groups:
        sentences, delegations = _counts(n_units, g)
        counts = f"{sentences:,} sent.\n" if narrow else f"{sentences:,} sentences, "
        labels.append(f"{names[g]}\n{counts}{delegations} deleg.")
    return labels


def _counts_note(groups: list[str], thin, n_units: pd.DataFrame) -> list[str]:
    """The sentences and delegations of each group in words, for a layout whose rows name the groups alone."""
    parts = []
    for g in groups:
        sentences, delegations = _counts(n_units, g)
        counts = f"{plural(sentences, 'sentence')}, {plural(delegations, 'delegation')}"
        parts.append(f"{group_label(g, g in thin)} {counts}")
    return [in_full("Sentences and delegations per group") + ": " + "; ".join(parts) + "."]


def _counts(n_units: pd.DataFrame, group: str) -> tuple[int, int]:
    """A group's counted sentences and delegations (0 where the table has no delegations column), for its
    label beside the heatmap or, on a slide, the notes: one reading for both."""
    row = n_units.loc[group]
    return int(row["n_units"]), int(row.get("delegations_total", 0))


def _mute_thin(ticks, groups: list[str], thin) -> None:
    """A thin group's tick label in the muted grey its panels and titles use."""
    for tick, g in zip(ticks, groups, strict=True):
        tick.set_color(MUTED_TEXT if g in thin else "black")


def _row_names(groups: list[str], thin, inches: float | None = None) -> dict[str, str]:
    """The groups' names beside a slide's heatmap rows: `inches` (`row_name_inches` unless given) wide, on
    the layout's most lines (a row of two lines of cell text holds that many; `Layout.max_height`), else as
    the house figures."""
    lines = room_lines(0.0, 0.0)  # a row's own height holds the layout's most lines; a page cuts none
    return group_names(groups, thin, inches=inches or row_name_inches(), lines=lines)


def _row_growth(groups: list[str], thin, row: float, inches: float, under: int = 0) -> float:
    """Inches more a share heatmap's row takes for its groups' names (`_row_names`) and the `under` lines
    beneath them (the default's counts): only what their lines and a gap need past the row's own."""
    names = _row_names(groups, thin, inches).values()
    lines = max((name.count("\n") + 1 for name in names), default=1) + under
    return max(0.0, lines * name_line_inches() + 0.1 - row)


# A share heatmap's colour bar beside its cells, with its ticks and label: 0.77 inches drawn 11 inches wide
COLOURBAR_INCHES = 0.8


def _row_name_room(cells: list[str], columns: int, most: float, fine=()) -> float:
    """How wide a share heatmap's group names may be: what its `columns`, each as wide as the widest of the
    `cells`' lines (and of the `fine` ones, the machine-coded shares in small type) on a plate and a gap,
    and a colour bar beside them leave of the figure's width; from LABEL_INCHES up to `most`. A 2.6-inch
    name had pushed a slide's "[61–100]" out of its cell, and 3-inch names beside the default's rows left
    its corrected cells too narrow for their "machine 44%"."""
    look = current()
    plate = 2 * look.plate_pad * look.cell / 72
    widths = [text_inches(line, look.cell) for c in cells for line in c.split("\n")]
    widest = max([*widths, *(text_inches(m, look.fine) for m in fine)], default=0.0)
    bar = COLOURBAR_INCHES if look.share_colourbar and look.colourbar == "right" else 0.0
    room = (look.width or 11) - look.margin - 0.4 - bar - columns * (widest + plate + 0.08)
    return max(LABEL_INCHES, min(most, room))


@styled
def prevalence_heatmap(prev: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """Group x theme: share of the group's delegation sentences carrying the theme, with its 95% interval;
    with a validation sample, the share corrected for the coder's errors, the machine-coded one below it."""
    data = estimates(prevalence_heatmap_data(prev))
    groups, themes = groups_of(data), themes_of(data)
    thin = thin_groups(data)

    def table(column):
        return data.pivot(index="group", columns="theme", values=column).reindex(
            index=groups, columns=[t for t, _ in themes]
        )

    share, lo, hi, machine, estimate = (
        table(c) for c in ("shown", "shown_low", "shown_high", "share", "estimate")
    )
    corrected = table("corrected").fillna(False).astype(bool)
    look = current()
    across = look.themes_as_rows  # groups across the page, themes down it

    def cell(i: int, j: int) -> tuple[int, int]:
        """(column, row) of group i's cell for theme j."""
        return (i, j) if across else (j, i)

    what = (
        f"Share corrected for the coder's errors ({look.machine_key}: machine-coded share)"
        if data["corrected"].any()
        else "Share of the delegations' sentences carrying the theme"
    )
    subtitle = f"{what}, 95% interval [low\u2013high] clustered by delegation; " + (
        "[\u2264high]: none found, its upper bound"
    )
    n_units = data.drop_duplicates("group").set_index("group")
    drawn: dict[str, str] = {}  # the groups' names as a page's columns draw them, cut to the lines that fit

    def notes_for(drawn: dict[str, str]) -> list[str]:
        """The notes calling a group cut as `drawn`, the last naming it in full (a slide: the counts note)."""
        with naming_cut(drawn):
            notes = correction_note(data) + observers_note(provenance, groups)
            notes += concentrated_note(data) + thin_note(thin)
            if look.counts_in_notes and not across:
                return _counts_note(groups, thin, n_units) + notes + cut_names_note(drawn, named=groups)
            return notes + cut_names_note(drawn)

    if across:  # a cell's lines and a margin; the groups' names and two lines of counts over the columns
        per_cell = (3.6 if data["corrected"].any() else 2.8) * look.line(look.cell)
        planned = 1.6 + per_cell * len(themes) + 0.5 + 3 * look.line(look.text)
        column = _across_column(groups, [s for _, s in themes])

        def names_at(lines: int | None) -> dict[str, str]:
            return group_names(groups, thin, inches=column, lines=lines)

        lines = room_lines(
            planned,
            look.line(look.text),
            names=names_at,
            notes=notes_for,
            provenance=provenance,
            corrected=bool(data["corrected"].any()),
            subtitle=subtitle,
        )
        drawn = names_at(lines)
        taken = max((name.count("\n") + 1 for name in drawn.values()), default=1)
        fig = new_figure(11, planned + (taken - 1) * look.line(look.text))
    else:
        # a study's long group name wraps to what the columns leave, and its row grows to hold it with the
        # counts under it (a slide: the name alone, on the lines it has room for; the counts in the notes)
        row = look.heatmap_rows[0 if data["corrected"].any() else 1]
        decimals = _decimals(estimate, lo, hi)
        pairs = [(g, t) for g in groups for t, _ in themes]
        cells = [_cell_label(estimate.at[g, t], lo.at[g, t], hi.at[g, t], decimals) for g, t in pairs]
        fine = [_machine_text(machine.at[g, t], decimals) for g, t in pairs if corrected.at[g, t]]
        most = row_name_inches() if look.counts_in_notes else ROW_LABEL_INCHES
        name_inches = _row_name_room(cells, len(themes), most, fine)
        row += _row_growth(groups, thin, row, name_inches, under=0 if look.counts_in_notes else 1)
        fig = new_figure(11, 1.6 + row * len(groups))
    ax = fig.subplots()
    values = np.ma.masked_invalid(share.to_numpy(float) * 100)
    vmax = max(float(np.nanmax(values.filled(np.nan))) if values.count() else 1.0, 1.0)
    mesh = ax.pcolormesh(
        values.T if across else values,
        cmap=masked_cmap(SEQUENTIAL),
        vmin=0,
        vmax=vmax,
        edgecolors="white",
        linewidth=1.5,
    )
    decimals = _decimals(estimate, lo, hi)
    for i, g in enumerate(groups):
        for j, (t, _) in enumerate(themes):
            v = share.at[g, t]
            text = _cell_label(estimate.at[g, t], lo.at[g, t], hi.at[g, t], decimals)
            colour = cell_ink(mesh, 100 * v)
            plate = mesh.to_rgba(100 * v) if g in thin else None
            if corrected.at[g, t]:  # the machine-coded share, small, under the corrected one
                machine_text = _machine_text(machine.at[g, t], decimals)
                _cell_text(ax, *cell(i, j), machine_text, colour, size=look.fine, at=look.machine_at[1],
                           plate=plate)  # fmt: skip
            at = look.machine_at[0] if corrected.at[g, t] else 0.5
            _cell_text(ax, *cell(i, j), text, colour, at=at, plate=plate)
            if g in thin:
                hatch_cell(ax, *cell(i, j))
    if across:
        _groups_across(ax, groups, thin, drawn, n_units, [s for _, s in themes])
    else:
        ax.set_xticks(np.arange(len(themes)) + 0.5, [s for _, s in themes], rotation=30, ha="right")
        # a slide: the names alone, so the eleven columns and the rows have the room (the counts in the notes)
        ylabels = (
            list(_row_names(groups, thin, name_inches).values())
            if look.counts_in_notes
            else _group_labels(groups, n_units, group_names(groups, thin, inches=name_inches), narrow=False)
        )
        ax.set_yticks(np.arange(len(groups)) + 0.5, ylabels)
        _mute_thin(ax.get_yticklabels(), groups, thin)
    ax.invert_yaxis()
    # a slide leaves the colour bar off: every cell prints its share, and the eleven columns need its width
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.9, pad=0.01) if look.share_colourbar else None
    add_title(fig, "How often each regional group raised each theme", subtitle)
    if look.counts_in_notes and not across:  # a slide's rows: the counts note names them all in full
        drawn = dict(zip(groups, ylabels, strict=True))
    notes = notes_for(drawn)
    hatched = ["hatch"] if any(g in thin for g in groups) else []  # a slide's key (`style.slide_key`)
    finish(fig, provenance, notes, corrected=bool(data["corrected"].any()), marks=hatched)
    if cbar is None:
        return fig
    return label_colourbar(fig, cbar, "Share of the group's delegation sentences (%)")


# --------------------------------------------------------------------------- ranks


def rank_chart_data(ranks: pd.DataFrame) -> pd.DataFrame:
    return select(
        ranks, ["group", "theme", "theme_short", "share", "rank", "rank_ci_low", "rank_ci_high", "p_top"]
    )


def _half(rank) -> str:
    """A rank from a percentile of ranks, to the nearest half (ranks of ties are halves)."""
    return format_rank(round(2 * float(rank)) / 2)


def _range(low, high, fmt, sep: str = "\u2013") -> str:
    """'[2–5]' for an interval on a new line, '' where there is none (`sep` ', ' for signed values)."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return f"\n[{fmt(low)}{sep}{fmt(high)}]" if fmt(low) != fmt(high) else f"\n[{fmt(low)}]"


def _signed(x) -> str:
    return f"{x:.2f}".replace("-", "\u2212")


@styled
def rank_chart(
    ranks: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Theme x group heatmap of priority ranks (1 = the group's most frequent theme)."""
    data = rank_chart_data(ranks)
    groups, themes = groups_of(data), themes_of(data)
    thin = thin or {}

    def table(column):
        return data.pivot(index="theme", columns="group", values=column).reindex(
            index=[t for t, _ in themes], columns=groups
        )

    rank = table("rank")
    order = rank.mean(axis=1).sort_values(kind="stable").index.tolist()  # most shared priorities on top
    rank = rank.loc[order]
    low, high = table("rank_ci_low").loc[order], table("rank_ci_high").loc[order]
    p_top = table("p_top").loc[order]
    top = rank.min()  # per group: the rank of its first theme (a tie shares it)
    short = dict(themes)
    level = current().level_columns  # a slide: names level, as wide as a column less a gap
    columns = _column_inches(LEVEL_COLUMN_INCHES if level else COLUMN_LABEL_INCHES, [short[t] for t in order],
                             len(groups))  # fmt: skip
    planned = 1.6 + current().rank_row * len(themes) + _bar_room()

    def names_at(lines: int | None) -> dict[str, str]:
        return group_names(groups, thin, inches=columns, lines=lines)

    def notes_for(drawn: dict[str, str]) -> list[str]:
        """The thin note calls a cut group as `drawn`, the last note names it in full."""
        with naming_cut(drawn):
            notes = [RANK_ORDER, RANK_COVERAGE, *thin_note({g: w for g, w in thin.items() if g in groups})]
            return notes + cut_names_note(drawn)

    # the names' lines its height leaves room for, its notes counted
    lines = room_lines(
        planned,
        name_line_inches(),
        names=names_at,
        notes=notes_for,
        provenance=provenance,
        subtitle=RANK_SUBTITLE,
    )
    fig = new_figure(2.6 + 1.25 * len(groups), planned + _label_room(groups, thin, columns, lines))
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
            interval = _range(low.at[t, g], high.at[t, g], _half)
            interval = interval.replace("\n", " ") if current().interval_beside else interval
            label = "n/a" if pd.isna(r) else format_rank(r) + interval
            if r == top[g] and not pd.isna(p_top.at[t, g]):  # how sure "first" is (not for one delegation)
                label += f"\nfirst in {format_share(p_top.at[t, g], 0)}"
            _cell_text(ax, j, i, label, cell_ink(mesh, r), plate=mesh.to_rgba(r) if g in thin else None)
            if g in thin:
                hatch_cell(ax, j, i)
    drawn = names_at(lines)
    ax.set_xticks(
        np.arange(len(groups)) + 0.5,
        list(drawn.values()),
        # level on a slide: slanted, the names stood 0.55 inches tall and left two-line cells too little room
        rotation=0 if level else 20,
        ha="center" if level else "right",
    )
    ax.set_yticks(np.arange(n) + 0.5, [short[t] for t in order])
    ax.invert_yaxis()
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    if cbar.orientation == "horizontal":  # under the heatmap: rank 1 on the left
        cbar.ax.set_xlim(1, n)
    else:  # beside it: rank 1 at the top, as the first theme is
        cbar.ax.set_ylim(n, 1)
    cbar.set_ticks([1, *range(3, n + 1, 2)])
    add_title(fig, "Which themes came first for each group", RANK_SUBTITLE)
    finish(fig, provenance, notes_for(drawn), marks=["hatch"] if any(g in thin for g in groups) else [])
    return label_colourbar(fig, cbar, "Rank within the group (1 = most frequent)")


# --------------------------------------------------------------------------- co-occurrence


COOCCURRENCE_STRATUM = "within groups"  # lift within groups: not confounded by group composition


def cooccurrence_matrix_data(co: pd.DataFrame) -> pd.DataFrame:
    rows = co[co["stratum"] == COOCCURRENCE_STRATUM]
    cols = ["theme_a", "theme_b", "theme_short_a", "theme_short_b", "count", "expected", "lift", "ci_low",
            "ci_high", "upper_bound_only"]  # fmt: skip
    return rows[cols].reset_index(drop=True)


# Within groups a pair expects sentences with both themes only from the groups that raised each of them
NO_LIFT = (
    "n/a (grey): no group raised both themes, so chance expects no sentence with both and there is no lift."
)


NO_TAU = (
    "n/a (grey): a group that gives every theme the same share (none raised, say) has no order of priorities."
)


DIAGONAL_GID = "diagonal-name"  # a theme's name on the diagonal, not a cell's number
DIAGONAL_NAMES = "Each theme is named once, at the end of its row and the top of its column."


def _names_on_diagonal(ax, names: list[str]) -> None:
    """Each theme's name on the empty diagonal of a lower-triangle matrix, where its row ends and its
    column begins: with no names to the left the ten columns of a 16 cm page have the width of their
    numbers ('[1.00–1.5]' in bold is 0.55 inches at 7 pt; a column beside the names had 0.49)."""
    ax.set_xticks([])
    ax.set_yticks([])
    for i, name in enumerate(names):
        ax.text(i + 0.08, i + 0.5, name, ha="left", va="center", fontsize=current().text, clip_on=False,
                gid=DIAGONAL_GID)  # fmt: skip


def _grey_cells(ax, cells: list[tuple[int, int]]) -> None:
    """Light grey under the (row, column) cells that have no value: left blank they looked like the unused
    half of a triangular matrix."""
    for i, j in cells:
        ax.add_patch(Rectangle((j, i), 1, 1, facecolor=LIGHT_GREY, edgecolor="white", linewidth=1.5))


def _diverging(ax, values, limit: float):
    """A lower-triangle heatmap of values from -limit to limit (empty cells left blank)."""
    cmap = diverging_cmap()
    masked = np.ma.masked_invalid(values)
    return ax.pcolormesh(masked, cmap=cmap, vmin=-limit, vmax=limit, edgecolors="white", linewidth=1.5)


def _lift_label(lift, low, high, bound) -> str:
    """'1.4\n[1.2–1.6]'; '1.4\n1.2–1.6' where the layout leaves out the brackets (`Layout.lift_brackets`)."""
    if pd.isna(lift):
        return "n/a"
    if bound:
        label = f"0\n[\u2264{_lift_number(high)}]"
    else:
        label = _lift_number(lift) + _range(low, high, _bound_beside_one)
    return label if current().lift_brackets else label.replace("[", "").replace("]", "")


def _lift_number(x: float) -> str:
    """One decimal below 10, none from 10 on (two significant figures): the General Debate's lifts run
    to 16, and '16.2\n[12.7–20.1]' was wider than its cell, its bracket lost in the white gap."""
    return f"{x:.0f}" if round(x, 1) >= 10 else f"{x:.1f}"


def _bound_beside_one(x: float) -> str:
    """As `_lift_number`, or two decimals where one would round a bound onto 1 ('[0.0–1.0]' in bold reads
    as a contradiction: the interval excludes 1, at 0.97)."""
    return f"{x:.2f}" if f"{x:.1f}" == "1.0" and x != 1 else _lift_number(x)


def excludes_one(low, high):
    """A lift in bold: its 95% interval lies wholly above or below 1 (a bound alone, no lower end, is no
    interval). Scalars or columns alike: the figure and its alternative text (`report.alt`) ask the same."""
    return pd.notna(low) & ((low > 1) | (high < 1))


@styled
def cooccurrence_matrix(co: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """Which themes are raised in the same sentence more often than chance, within groups: lift with
    its 95% interval, colour on a log scale (bold where the interval excludes 1)."""
    data = cooccurrence_matrix_data(co)
    pairs = list(zip(data["theme_a"], data["theme_short_a"], strict=True))
    pairs += list(zip(data["theme_b"], data["theme_short_b"], strict=True))
    themes = list(dict.fromkeys(pairs))
    ids = [t for t, _ in themes]
    pos = {t: i for i, t in enumerate(ids)}
    n = len(ids)
    log_lift = np.full((n, n), np.nan)
    fig = new_figure(8.5, current().cooccurrence_height + _bar_room())
    ax = fig.subplots()
    cells = []
    for r in data.itertuples(index=False):
        i, j = max(pos[r.theme_a], pos[r.theme_b]), min(pos[r.theme_a], pos[r.theme_b])  # lower triangle
        log_lift[i, j] = np.log2(np.clip(r.lift, 0.25, 4)) if not pd.isna(r.lift) else np.nan
        clear = excludes_one(r.ci_low, r.ci_high)
        cells.append((i, j, _lift_label(r.lift, r.ci_low, r.ci_high, r.upper_bound_only), clear))
    mesh = _diverging(ax, log_lift, 2)
    empty = [(i, j) for i, j, label, _ in cells if label == "n/a"]
    _grey_cells(ax, empty)
    for i, j, label, clear in cells:
        _cell_text(ax, j, i, label, cell_ink(mesh, log_lift[i, j]), size=current().dense,
                   fontweight="bold" if clear else "normal")  # fmt: skip
    labels = [s for _, s in themes]
    diagonal = current().names_on_diagonal
    if diagonal:
        _names_on_diagonal(ax, labels)
    else:
        ax.set_xticks(np.arange(n - 1) + 0.5, labels[:-1], rotation=40, ha="right")
        ax.set_yticks(np.arange(1, n) + 0.5, labels[1:])
    ax.set_xlim(0, max(n - 1, 1))
    ax.set_ylim(n, 1 if n > 1 else 0)
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.7, pad=0.02)
    cbar.set_ticks([-2, -1, 0, 1, 2], labels=["\u2264\u00bc", "\u00bd", "1", "2", "\u22654"])
    interval = "[95% interval]" if current().lift_brackets else "(its 95% interval under it)"
    add_title(
        fig,
        "Themes raised together in the same sentence",
        f"Machine-coded sentences with both themes / expected if independent, within groups {interval}; "
        "bold: excludes 1",
    )
    pairs = n * (n - 1) // 2
    finish(fig, provenance, [
        f"Bold marks a lead, not a finding: percentile bootstrap intervals held a true lift of 1 only 87-91% "
        f"of the time with 10 delegations a group, and the {pairs} pairs are not adjusted for multiple "
        "comparisons (docs/statistics.md).",
        *([NO_LIFT] if empty else []),
        *([DIAGONAL_NAMES] if diagonal else []),
    ])  # fmt: skip
    return label_colourbar(fig, cbar, "Lift within groups (log scale)")


def rank_agreement_matrix_data(agree: pd.DataFrame) -> pd.DataFrame:
    return agree[["group_a", "group_b", "tau", "ci_low", "ci_high"]].reset_index(drop=True)


@styled
def rank_agreement_matrix(
    agree: pd.DataFrame, provenance: dict | None = None, thin: dict[str, str] | None = None
) -> Figure:
    """Group x group Kendall's tau-b of theme shares: do two groups order their priorities alike?"""
    data = rank_agreement_matrix_data(agree)
    groups = config.group_order(set(data["group_a"]) | set(data["group_b"]))
    thin = thin or {}
    n = len(groups)
    tau, low, high = (np.full((n, n), np.nan) for _ in range(3))
    pos = {g: i for i, g in enumerate(groups)}
    for a, b, t, lo, hi in data[["group_a", "group_b", "tau", "ci_low", "ci_high"]].itertuples(index=False):
        i, j = sorted((pos[a], pos[b]), reverse=True)  # lower triangle
        tau[i, j], low[i, j], high[i, j] = t, lo, hi
    rows = list(_row_names(groups, thin).values())  # the house figures' names but on a slide
    across = _column_inches(TAU_COLUMN_INCHES, rows, n - 1)
    planned = 2.2 + current().tau_row * n + _bar_room()
    empty = [(i, j) for i in range(n) for j in range(i) if np.isnan(tau[i, j])]

    def labels_at(lines: int | None) -> list[list[str]]:
        """Each group's row and column names, the more cut of the two in both places (`cut_alike`), but where
        its column's name is another's too ("Group…" under two columns): its row keeps the name that tells it
        apart (the notes name such groups in full, `naming_cut`)."""
        columns = list(group_names(groups, thin, inches=across, lines=lines).values())
        return [
            [a, b] if columns.count(b) > 1 else cut_alike([a, b], [row_name_inches(), across])
            for a, b in zip(rows, columns, strict=True)
        ]

    def names_at(lines: int | None) -> dict[str, str]:
        return {g: column for g, (_, column) in zip(groups, labels_at(lines), strict=True)}

    def notes_for(drawn: dict[str, str]) -> list[str]:
        """The thin note calls a cut group as `drawn`, the last note names it in full."""
        with naming_cut(drawn):
            notes = [TAU_COVERAGE, *([NO_TAU] if empty else [])]
            notes += thin_note({g: w for g, w in thin.items() if g in groups})
            return notes + cut_names_note(drawn)

    # the columns' names' lines its height leaves room for, its notes counted
    lines = room_lines(
        planned,
        name_line_inches(),
        names=names_at,
        notes=notes_for,
        provenance=provenance,
        subtitle=TAU_SUBTITLE,
    )
    fig = new_figure(3.2 + 1.0 * n, planned + _label_room(groups, thin, across, lines))
    ax = fig.subplots()
    mesh = _diverging(ax, tau, 1)
    _grey_cells(ax, empty)
    for i in range(n):
        for j in range(i):
            label = (
                "n/a"
                if np.isnan(tau[i, j])
                else f"\u03c4 = {_signed(tau[i, j])}" + _range(low[i, j], high[i, j], _signed, ", ")
            )
            hatched = groups[i] in thin or groups[j] in thin
            _cell_text(
                ax, j, i, label, cell_ink(mesh, tau[i, j]), plate=mesh.to_rgba(tau[i, j]) if hatched else None
            )
            if hatched:
                hatch_cell(ax, j, i)
    names = labels_at(lines)
    ax.set_xticks(np.arange(n) + 0.5, [column for _, column in names], rotation=20, ha="right")
    ax.set_yticks(np.arange(n) + 0.5, [row for row, _ in names])
    ax.set_xlim(0, max(n - 1, 1))
    ax.set_ylim(n, 1 if n > 1 else 0)
    cbar = heatmap_frame(fig, ax, mesh, shrink=0.8, pad=0.02)
    add_title(fig, "How alike are the groups' theme rankings?", TAU_SUBTITLE)
    notes = notes_for({g: column for g, (_, column) in zip(groups, names, strict=True)})
    finish(fig, provenance, notes, marks=["hatch"] if any(g in thin for g in groups) else [])
    return label_colourbar(fig, cbar, "Kendall's \u03c4-b (1 = same order of priorities)")
