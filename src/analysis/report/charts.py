"""The dot, bar and term figures: prevalence with intervals, differences, distinctive terms.

Each takes the stage table it plots and returns a Figure; each `<figure>_data(df)`
gives exactly the numbers it draws (what `figures.save_figure` writes beside it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis import catalogue
from analysis.comparison import differences
from analysis.report.formats import p_label, plural
from analysis.report.style import (
    CELL_TEXT,
    GREY,
    LABEL_INCHES,
    MUTED_TEXT,
    THIN_HATCH,
    TOP_TERMS,
    add_title,
    concentrated_note,
    correction_note,
    current,
    cut_names_note,
    delegations_note,
    estimates,
    finish,
    group_colour,
    group_names,
    groups_of,
    name_lines,
    naming_cut,
    new_figure,
    note_label,
    room_lines,
    row_name_inches,
    select,
    styled,
    themes_of,
    thin_groups,
    thin_note,
)

DOTS_COLUMNS = [
    *("group", "theme", "theme_short", "share", "ci_low", "ci_high", "upper_bound_only"),
    *("corrected_share", "corrected_ci_low", "corrected_ci_high", "n_validated", "thin", "delegations_total"),
    "concentrated",
]


def prevalence_dots_data(prev: pd.DataFrame) -> pd.DataFrame:
    return select(prev, DOTS_COLUMNS)


def _whisker(ax, lo, hi, y, colour, thin, limit=np.inf):
    """A 95% interval as a line; dashed for a thin group; past `limit` cut there, with an arrowhead."""
    if not pd.isna(lo):
        ax.plot([lo, min(hi, limit)], [y, y], color=colour, linewidth=2, solid_capstyle="butt",
                linestyle=(0, (2, 1.2)) if thin else "-")  # fmt: skip
        if hi > limit:
            ax.plot([limit], [y], marker=">", markersize=5, linestyle="none", color=colour, clip_on=False)


def _per_group(data: pd.DataFrame, column: str) -> dict[str, int]:
    """A per-group count a table repeats on every row of the group (none where the table lacks it)."""
    if column not in data.columns:
        return {}
    first = data.dropna(subset=[column]).drop_duplicates("group")
    return {str(g): int(n) for g, n in zip(first["group"], first[column], strict=True)}


def _not_thin(data: pd.DataFrame, thin: dict[str, str]) -> pd.DataFrame:
    """The rows of the groups that are not thin (all rows when every group is): what a shared axis
    is scaled to, so that a thin group's wide interval does not squash the others'."""
    keep = ~data["group"].isin(list(thin))
    return data[keep] if keep.any() else data


def _dots_axis_end(data: pd.DataFrame, thin: dict[str, str]) -> float:
    """Where the dot plot's shared axis ends (in %): past every share, and past every interval of the
    groups that are not thin. A thin group's interval (two observer delegations: 0-100%) would
    otherwise squash every other group's to a sliver; it is cut at the edge with an arrowhead."""
    scale = _not_thin(data, thin)
    values = np.concatenate(
        [data[["share", "shown"]].to_numpy(float).ravel(), scale["shown_high"].to_numpy(float).ravel()]
    )
    top = np.nanmax(values) if np.isfinite(values).any() else 0.1
    return 100 * (top if np.isfinite(top) and top > 0 else 0.1) * 1.08


def _dot(ax, x, y, colour, hollow):
    if not pd.isna(x):
        ax.plot([x], [y], marker="o", markersize=5.5, linestyle="none", color=colour,
                markerfacecolor="white" if hollow else colour, markeredgewidth=1.4)  # fmt: skip


KEY_INCHES = 1.5  # the dot plot's key in an empty panel: nine lines of notes' text
# The key in words, under a figure with no empty panel to hold it (a layout without `key_in_panel`)
DOTS_KEY = "Dot: share of the group's delegation sentences carrying the theme. "
CORRECTED_KEY = (
    "Filled dot: share corrected for the automatic coder's errors; hollow dot below it: the machine-coded "
    "share. "
)
LINE_KEY = (
    "Line: 95% interval (clustered by delegation); a dot at 0: nothing found (a one-sided upper bound), or a "
    "corrected estimate below 0. Dashed: thin data; an arrowhead: the interval runs on past the axis."
)


DOTS_CORRECTED = (
    "Corrected for the automatic coder's errors with a coded random sample (hollow: machine-coded)"
)


@styled
def prevalence_dots(prev: pd.DataFrame, provenance: dict | None = None) -> Figure:
    """One panel per theme: each group's share as a dot with its 95% interval as a whisker; with a
    validation sample the corrected share (filled) and the machine-coded share (hollow) below it."""
    data = estimates(prevalence_dots_data(prev))
    groups, themes = groups_of(data), themes_of(data)
    thin = thin_groups(prev)
    corrected = bool(data["corrected"].any())
    look = current()
    ncols = look.dots_columns  # a narrow page: three panels a row, the key under the figure
    nrows = int(np.ceil(len(themes) / ncols)) or 1
    # a row's height: its groups, and at least the key's nine lines where an empty panel holds the key
    # and each group the room of its name's lines, where a study's own group has a long one
    key_panel = look.key_in_panel and bool(len(themes) % ncols)
    per_line = look.line(look.text) if look.dots_name_line is None else look.dots_name_line
    # a slide: the names' lines its height leaves room for, each a line more in every group's row
    one_line = max(0.35 + look.dots_group * len(groups), KEY_INCHES if key_panel else 0)
    key = [] if key_panel else [(CORRECTED_KEY if corrected else DOTS_KEY) + LINE_KEY]
    counts = _per_group(data, "delegations_total")
    inches = row_name_inches()

    def names_at(lines: int | None) -> dict[str, str]:
        return group_names(groups, thin, inches=inches, lines=lines)

    def notes_for(drawn: dict[str, str]) -> list[str]:
        """The delegations per group name the groups in full, the other notes as `drawn`."""
        with naming_cut(drawn):
            notes = (
                key + correction_note(data) + delegations_note(counts, provenance) + concentrated_note(data)
            )
            return notes + thin_note(thin) + cut_names_note(drawn, named=counts)

    planned, more = 0.9 + nrows * one_line, nrows * per_line * len(groups)  # a line more in every group's row
    subtitle = DOTS_CORRECTED if corrected else ""
    lines = room_lines(
        planned,
        more,
        names=names_at,
        notes=notes_for,
        provenance=provenance,
        corrected=corrected,
        subtitle=subtitle,
    )
    per_group = look.dots_group + per_line * (name_lines(groups, thin, inches=inches, lines=lines) - 1)
    row = max(0.35 + per_group * len(groups), KEY_INCHES if key_panel else 0)
    fig = new_figure(11, 0.9 + nrows * row)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
    top = _dots_axis_end(data, thin)
    y = np.arange(len(groups))
    for ax, (t, short) in zip(axes, themes, strict=False):
        sub = data[data["theme"] == t].set_index("group").reindex(groups)
        for i, g in enumerate(groups):
            s, lo, hi, m = (100 * sub.at[g, c] for c in ("shown", "shown_low", "shown_high", "share"))
            colour = group_colour(g, groups)
            _whisker(ax, lo, hi, i - (0.12 if corrected else 0), colour, g in thin, limit=top)
            # A group without a validation sample shows its machine-coded share: hollow, as machine-coded
            # shares are everywhere in this figure (the note names such groups).
            own = bool(sub.at[g, "corrected"])
            _dot(ax, s, i - (0.12 if corrected else 0), colour, hollow=corrected and not own)
            if own:
                _dot(ax, m, i + 0.2, colour, hollow=True)
        ax.set_title(short, fontsize=look.theme_panel)
        ax.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        ax.set_axisbelow(True)
    for ax in axes[len(themes) :]:
        ax.set_axis_off()
    drawn = names_at(lines)
    axes[0].set_yticks(y, list(drawn.values()))
    axes[0].set_ylim(len(groups) - 0.5, -0.5)
    axes[0].set_xlim(0, top)
    for ax in axes[: len(themes)]:
        ax.tick_params(axis="y", length=0)
    for ax in axes[max(0, len(themes) - ncols) : len(themes)]:  # the lowest panel of each column
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("Share of sentences (%)")
    if key_panel:
        legend_ax = axes[len(themes)]
        legend_ax.text(
            0,
            0.95,
            (
                "Filled dot: share corrected for the\nautomatic coder's errors; hollow dot\n"
                "below it: the machine-coded share.\n"
                if corrected
                else "Dot: share of the group's delegation\nsentences carrying the theme.\n"
            )
            + "Line: 95% interval (clustered by\ndelegation); a dot at 0: nothing\nfound (a one-sided "
            "upper bound),\nor a corrected estimate below 0.\nDashed: thin data; an arrowhead:\n"
            "the interval runs on past the axis.",
            va="top",
            ha="left",
            fontsize=CELL_TEXT,
            transform=legend_ax.transAxes,
        )
    add_title(fig, "Theme shares by regional group, with 95% intervals", subtitle)
    notes = notes_for(drawn)
    dashed = ["dashed"] if any(g in thin for g in groups) else []  # a slide's key (`style.slide_key`)
    return finish(fig, provenance, notes, corrected=corrected, marks=dashed)


# --------------------------------------------------------------------------- distinctive terms


def _panel_titles(
    groups: list[str], thin, lines: int | None = None, inches: float | None = None
) -> tuple[float, float]:
    """(how wide a group's panel title may be, inches more each row of panels takes for titles wrapped onto
    more lines, no more than `lines`): the house figures wrap at LABEL_INCHES and take nothing more; a
    layout whose panels are narrower (`inches`, else `Layout.panel_title_inches`: a slide's six in a row, a
    report page's differences chart's three) wraps there and gives a row the room."""
    look = current()
    inches = inches or look.panel_title_inches
    if inches is None:
        return LABEL_INCHES, 0.0
    most = name_lines(groups, thin, look.panel, inches, lines, weight="bold")
    return inches, (most - 1) * look.line(look.panel)


def _echoed_words(shown: pd.DataFrame) -> set[str]:
    """Words of `shown` (one group's) most of whose uses in the group are inside phrases also shown."""
    if "count" not in shown.columns:
        return set()
    is_phrase = _kinds(shown).eq("phrase").to_numpy()
    pr = shown[is_phrase]
    phrases = [(set(str(t).split(" ")), c) for t, c in zip(pr["term"], pr["count"], strict=True)]
    echoed = set()
    for term, count in zip(shown["term"][~is_phrase], shown["count"][~is_phrase], strict=True):
        inside = sum(c for words, c in phrases if str(term) in words)
        if inside * 2 > count:
            echoed.add(term)
    return echoed


def _kinds(df: pd.DataFrame) -> pd.Series:
    if "kind" in df.columns:
        return df["kind"].astype(str)
    return df["term"].astype(str).map(lambda t: "phrase" if " " in t else "word")


def distinctive_terms_data(terms: pd.DataFrame, top: int = TOP_TERMS) -> pd.DataFrame:
    """Each group's `top` terms by z (ties by term), words and phrases together, without echoes.

    An echo is a word that only repeats a phrase shown beside it: a word is left out when
    it is a word of phrases shown for the same group and those phrases' uses in the group
    add up to more than half of the word's ("circular" goes when "circular economy" is
    shown and most uses of "circular" were in it; "technology" stays beside "technology
    transfer" when most of its uses were elsewhere). A phrase's uses count the word's uses
    inside it: noun phrases do not overlap, so the sum never counts one use twice. The
    next term moves up in its place, and the rule is applied again until nothing changes
    (leaving a word out only ever brings more phrases in).
    """
    df = terms[terms["z"].notna() & (terms["z"] > 0)]
    df = df.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="stable")
    df = df.drop_duplicates(["group", "term"])
    parts = []
    for _, sub in df.groupby("group", sort=False):
        dropped: set[str] = set()
        while True:
            shown = sub[~sub["term"].isin(dropped)].head(top)
            echoed = _echoed_words(shown)
            if not echoed:
                break
            dropped |= echoed
        parts.append(shown)
    df = pd.concat(parts) if parts else df
    return select(df, ["group", "kind", "term", "z", "log_odds", "count", "count_rest", "n_delegations"])


TERMS_SUBTITLE = (
    "Longer bar: used more by this group than by the others (z-score of the weighted log-odds ratio). "
    "Italics: phrases; number: delegations that used it"
)
TERMS_ECHOES = (
    "A word is left out where the phrases shown beside it hold most of its uses (\u201cfood\u201d beside "
    "\u201cfood security\u201d); the next term takes its place. All terms: the themes stage's "
    "distinctive_terms table."
)
TERMS_SCREEN = (
    "A term is shown only if it stays distinctive with the delegation that used it most left out of the "
    "group (groups of 3 or more). Country names and national demonyms are left out; regional words "
    "(\u201cAfrican\u201d, \u201cCaribbean\u201d) stay. The z-scores screen thousands "
    "of terms: with delegations dealt to groups at random, some terms still pass."
)


@styled
def distinctive_terms(
    terms: pd.DataFrame,
    provenance: dict | None = None,
    thin: dict[str, str] | None = None,
    theme_prevalence: pd.DataFrame | None = None,
) -> Figure:
    """Per group, the words and phrases it used most distinctively (weighted log-odds z against the rest);
    beside each bar, how many of the group's delegations used the term. With `theme_prevalence`, every group
    of the study has a panel: one without a distinctive term says so instead of vanishing."""
    data = distinctive_terms_data(terms)
    groups = groups_of(theme_prevalence if theme_prevalence is not None else terms)
    thin = thin or {}
    look = current()
    ncols = look.terms_columns  # a narrow page: two panels a row, each with its terms' room
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    title_inches = _panel_titles(groups, thin)[0]

    def names_at(lines: int | None) -> dict[str, str]:
        return group_names(groups, thin, look.panel, "bold", inches=title_inches, lines=lines)

    def notes_for(titles: dict[str, str]) -> list[str]:
        """The thin note calls a cut group as `titles` draws it, the last note names it in full."""
        with naming_cut(titles):
            notes = [TERMS_ECHOES, TERMS_SCREEN, *thin_note({g: w for g, w in thin.items() if g in groups})]
            return notes + cut_names_note(titles)

    planned, more = 0.9 + nrows * look.terms_row, nrows * look.line(look.panel)  # a line more in every row
    lines = room_lines(
        planned, more, names=names_at, notes=notes_for, provenance=provenance, subtitle=TERMS_SUBTITLE
    )
    title_room = _panel_titles(groups, thin, lines=lines)[1]
    fig = new_figure(11, 0.9 + nrows * (look.terms_row + title_room))
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    zmax = max(float(data["z"].max()) if len(data) else 1.0, 1.0)
    titles = names_at(lines)
    for ax, g in zip(axes, groups, strict=False):
        sub = data[data["group"] == g]
        y = np.arange(len(sub))
        ax.barh(
            y,
            sub["z"],
            color=group_colour(g, groups),
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
        if "n_delegations" in sub.columns:
            for yi, (z, n) in enumerate(zip(sub["z"], sub["n_delegations"], strict=True)):
                ax.text(z + zmax * 0.02, yi, f"{int(n)}", va="center", ha="left", fontsize=look.fine,
                        color="#555555")  # fmt: skip
        ax.set_ylim(TOP_TERMS - 0.5, -0.5)
        ax.set_xlim(0, zmax * 1.12)
        ax.tick_params(axis="y", length=0)
        ax.set_title(titles[g], color=MUTED_TEXT if g in thin else "black", fontweight="bold")
        if sub.empty:
            ax.text(0.5, 0.5, "no distinctive terms", transform=ax.transAxes, ha="center", color=MUTED_TEXT)
    for ax in axes[max(0, len(groups) - ncols) : len(groups)]:
        ax.set_xlabel(look.terms_label)
    for ax in axes[len(groups) :]:
        ax.set_axis_off()
    add_title(fig, "Words and phrases each group used more than the others", TERMS_SUBTITLE)
    notes = notes_for(titles)
    return finish(fig, provenance, notes, marks=["hatch"] if any(g in thin for g in groups) else [])


# --------------------------------------------------------------------------- differences


def differences_chart_data(
    diff: pd.DataFrame, corrected_differences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each group against the rest, `significant_corrected`: the verdict on the shares corrected for the
    coder's errors (null where the group has no validation sample), and `few_validated_corrected`: that
    verdict rests on a corrected share from few validated sentences (corrected_differences' flag)."""
    df = diff[diff["family"] == "vs_rest"].rename(columns={"group_a": "group"})
    drop = {"theme_label", "family", "group_a", "group_b"}
    columns = catalogue.table("theme_differences").column_names()
    out = select(df, ["group", *(c for c in columns if c not in drop)])
    verdict = few = pd.Series(pd.NA, index=out.index, dtype="boolean")
    if corrected_differences is not None and not corrected_differences.empty:
        rest = corrected_differences[corrected_differences["family"] == "vs_rest"]
        verdict, few = (_by_row(out, rest, column) for column in ("significant", "few_validated"))
    return out.assign(significant_corrected=verdict, few_validated_corrected=few)


def _by_row(out: pd.DataFrame, rest: pd.DataFrame, column: str) -> pd.Series:
    """`column` of the corrected vs-rest row of each of `out`'s rows (null where there is none, or the
    corrected table lacks the column)."""
    if column not in rest.columns:
        return pd.Series(pd.NA, index=out.index, dtype="boolean")
    by = dict(zip(zip(rest["group_a"], rest["theme"], strict=True), rest[column], strict=True))
    keys = zip(out["group"], out["theme"], strict=True)
    return pd.Series([by.get(k, pd.NA) for k in keys], index=out.index, dtype="boolean")


FLIP_MARK = "D"  # hollow diamond: the corrected shares give the other verdict


def _flips(data: pd.DataFrame) -> np.ndarray:
    """Rows whose verdict on the corrected shares is known and not the machine-coded one."""
    corrected = data["significant_corrected"]
    machine = data["significant"].fillna(False).astype(bool)
    return (corrected.notna() & (corrected.fillna(False).astype(bool) != machine)).to_numpy(bool)


def verdict_changes(data: pd.DataFrame) -> tuple[int, int, int, bool]:
    """(filled bars the corrected shares undo, hollow bars they make significant, filled bars with a
    corrected verdict, whether a filled bar has none): a group without a validation sample has none, and
    counting its bars would imply they held."""
    flips = _flips(data)
    machine = data["significant"].fillna(False).astype(bool).to_numpy()
    judged = data["significant_corrected"].notna().to_numpy()
    filled = int((machine & judged).sum())
    return int((flips & machine).sum()), int((flips & ~machine).sum()), filled, filled < machine.sum()


def flips_note(data: pd.DataFrame) -> list[str]:
    """What the diamonds say, split by direction: a count of them alone ('(16)') left a reader to match
    diamonds to bars to learn that, in the bundled sample, not one filled bar held on the corrected shares."""
    lost, gained, filled, unjudged = verdict_changes(data)
    if not lost and not gained:
        return []
    which = " with a corrected verdict" if unjudged else ""
    lost_text = (
        f"{lost} of the {plural(filled, 'filled bar')}{which} {'is' if lost == 1 else 'are'} not significant"
    )
    gained_text = f"{'no' if not gained else gained} hollow bar{'s are' if gained > 1 else ' is'}"
    return [
        "\u25c7 at a panel's right edge: on the shares corrected for the coder's errors the verdict is the "
        f"other one (Welch test, q < 0.05): {lost_text} there, and {gained_text}.{_few_validated_flips(data)}"
    ]


def few_validated_flips(data: pd.DataFrame) -> tuple[int, int]:
    """(diamonds whose corrected comparison is flagged `few_validated`, diamonds)."""
    flips = _flips(data)
    few = data.get("few_validated_corrected", pd.Series(False, index=data.index)).fillna(False).astype(bool)
    return int((flips & few.to_numpy()).sum()), int(flips.sum())


def _few_validated_flips(data: pd.DataFrame) -> str:
    """' Each ◇ rests on ...': a verdict turned by a corrected share from a handful of validated sentences
    is a rough interval's, not evidence that the coder's errors made the difference (FEW_VALIDATED)."""
    from analysis.comparison.correction import FEW_VALIDATED

    few, marks = few_validated_flips(data)
    if not few:
        return ""
    which = "Each \u25c7 rests" if few == marks else f"{few} of the {marks} \u25c7 rest"
    return (
        f" {which} on corrected shares from fewer than {FEW_VALIDATED} validated sentences (the group's or "
        "one of the rest's groups'), whose intervals are rough: a weak verdict either way."
    )


def unraised_note(data: pd.DataFrame, themes: list[tuple[str, str]]) -> list[str]:
    """The themes no group raised: their bars are 0 and their lines run from the rest's upper bound below 0
    to the group's above (differences.compare_sets), which unexplained read like a difference hinted at."""
    top = data.groupby("theme")[["share_a", "share_b"]].max().max(axis=1)
    none = [short for theme, short in themes if top.get(theme, np.nan) == 0]
    if not none:
        return []
    names = ", ".join(none)
    which = "its bars are 0, and its lines" if len(none) == 1 else "their bars are 0, and their lines"
    return [
        f"No group raised {names}: {which} only bound how large a difference these data could hide (from the "
        "rest's upper bound below 0 to the group's above)."
    ]


Q_GAP = 4  # points between a q label and the end of its interval (or the zero line)
Q_MARGIN = 3  # points a q label keeps from the panel's edges


class _QLabel:
    """A q label beside a bar: where it may go, and the Text once drawn; the group and theme it is of name it
    in the notes where a layout has no room beside the bars (`q_note`)."""

    def __init__(self, ax, y, diff, lo, hi, span, text, group, thin, theme):
        self.ax, self.y, self.diff, self.text = ax, y, diff, text
        self.lo, self.hi, self.span = lo, hi, span
        self.group, self.thin, self.theme = group, thin, theme

    def spots(self):
        """(x, direction) for the label, best first: past the interval's end on the bar's side; past
        the other end, on the other side of zero (the bar's side runs out of room when its interval
        nearly reaches the edge). An end cut at the axis' edge (a thin group's) leaves no room past it."""
        outward = 1 if self.diff >= 0 else -1
        near, far = (self.hi, self.lo) if outward > 0 else (self.lo, self.hi)
        near = self.diff if np.isnan(near) else near
        far = 0.0 if np.isnan(far) else far
        spots = []
        if abs(near) < self.span:
            spots.append((near, outward))
        if abs(far) < self.span:
            spots.append((min(far, 0.0) if outward > 0 else max(far, 0.0), -outward))
        return spots


def _place_q_labels(fig: Figure, labels: list[_QLabel]) -> None:
    """Put each q label where it fits inside its panel, clear of the spines: past its interval's end
    when there is room, else past zero on the other side, else (no room on either side) inside the
    panel's edge on the bar's side, over its interval line on a white ground. Decided once the figure
    is laid out (the labels take no part in the layout, so placing them does not move the panels)."""
    if not labels:
        return
    texts = []
    for label in labels:
        (x, direction), *_ = label.spots() or [(label.diff, 1 if label.diff >= 0 else -1)]
        text = label.ax.annotate(
            label.text, (x, label.y), xytext=(direction * Q_GAP, 0), textcoords="offset points",
            va="center", ha="left" if direction > 0 else "right", fontsize=current().small, color="#333333",
            annotation_clip=False,
        )  # fmt: skip
        text.set_in_layout(False)
        texts.append(text)
    fig.draw_without_rendering()  # lays the figure out: the panels' places and the labels' widths
    points = fig.dpi / 72
    for label, text in zip(labels, texts, strict=True):
        ax = label.ax
        box = ax.get_window_extent()
        left, right = box.x0 + Q_MARGIN * points, box.x1 - Q_MARGIN * points
        width = text.get_window_extent().width
        for x, direction in label.spots():
            start = ax.transData.transform((x, label.y))[0] + direction * Q_GAP * points
            end = start + direction * width
            if left <= min(start, end) and max(start, end) <= right:
                text.xy = (x, label.y)
                text.set_position((direction * Q_GAP, 0))
                text.set_horizontalalignment("left" if direction > 0 else "right")
                break
        else:  # held inside the panel's edge on the bar's side, readable over its interval line
            edge = -label.span if label.diff < 0 else label.span
            inward = 1 if label.diff < 0 else -1
            text.xy = (edge, label.y)
            text.set_position((inward * (Q_MARGIN + 1), 0))
            text.set_horizontalalignment("left" if inward > 0 else "right")
            text.set_bbox(
                {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
            )


def q_note(labels: list[_QLabel]) -> str:
    """The q labels in words, group by group (for a layout whose panels have no room for them): 'Filled
    bars' q-values (the larger of the two tests'): Africa: Innovation q = 0.039; ...'."""
    by_group: dict[str, list[str]] = {}
    for label in labels:
        by_group.setdefault(note_label(label.group, label.thin), []).append(f"{label.theme} {label.text}")
    if not by_group:
        return ""
    parts = [f"{g}: " + ", ".join(items) for g, items in by_group.items()]
    return "Filled bars' q-values (the larger of the two tests'): " + "; ".join(parts) + "."


ARROWHEADS = (
    "An arrowhead at a panel's edge: the interval runs on past the axis (scaled to the groups whose data are "
    "not thin)."
)


@styled
def differences_chart(
    diff: pd.DataFrame,
    provenance: dict | None = None,
    thin: dict[str, str] | None = None,
    corrected_differences: pd.DataFrame | None = None,
) -> Figure:
    """Each group against all the others: difference in share (percentage points) with its 95% interval,
    significance marked, what size of difference these data can detect, and a mark where the verdict on
    the shares corrected for the coder's errors (`corrected_differences`) is not the same."""
    data = differences_chart_data(diff, corrected_differences)
    groups, themes = groups_of(data), themes_of(data)
    thin = thin or {}
    look = current()
    ncols = look.differences_columns  # a slide: the six groups in one row, for its height
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    panel, per_theme = look.differences_rows  # a narrow page: 8-point names
    # the shared axis reaches past every bar and every interval but a thin group's (cut, with an arrowhead)
    scale = _not_thin(data, thin)
    reach = np.concatenate(
        [data["diff"].abs().to_numpy(float), scale[["ci_low", "ci_high"]].abs().to_numpy(float).ravel()]
    )
    span = np.nanmax(reach) if np.isfinite(reach).any() else 0.05
    span = 100 * (span if span > 0 else 0.05) * 1.35
    cut = bool(((100 * data["ci_low"] < -span) | (100 * data["ci_high"] > span)).any())  # an arrowhead
    title_inches = _panel_titles(groups, thin, inches=look.differences_title_inches)[0]
    counts = _per_group(data, "n_deleg_a")
    detectable = differences.caption(diff, "vs_rest")
    corrected = bool(data["significant_corrected"].notna().any())
    labels: list[_QLabel] = []  # the filled bars' q labels, as they are drawn

    def names_at(lines: int | None) -> dict[str, str]:
        return group_names(groups, thin, look.panel, "bold", inches=title_inches, lines=lines)

    def notes_for(titles: dict[str, str]) -> list[str]:
        """The delegations per group name the groups in full, the other notes as `titles` draws them; where
        the panels have no room for q labels (a slide's), their q-values in words (`labels` once drawn)."""
        with naming_cut(titles):
            labels_note = (
                "Beside each filled bar: the larger of its two q-values." if look.q_labels else q_note(labels)
            )
            notes = [*([detectable] if detectable else []), *([labels_note] if labels_note else [])]
            notes += flips_note(data)
            notes += unraised_note(data, themes)
            if cut:
                notes.append(ARROWHEADS)
            notes += delegations_note(counts, provenance)
            notes += thin_note({g: w for g, w in thin.items() if g in groups})
            return notes + cut_names_note(titles, named=counts)

    # a slide: its six narrow titles take up to four lines where its height has the room
    planned, more = 1.0 + nrows * (panel + per_theme * len(themes)), nrows * look.line(look.panel)
    n_tests = int(data["p_value"].notna().sum())
    subtitle = (
        "Bar: group minus the rest, machine-coded shares; line: unadjusted 95% interval. Filled: q < 0.05 in "
        f"both Welch and permutation tests (Benjamini\u2013Hochberg, {n_tests} tests)"
    )
    lines = room_lines(
        planned,
        more,
        4,
        names=names_at,
        notes=notes_for,
        provenance=provenance,
        corrected=corrected,
        subtitle=subtitle,
    )
    title_room = _panel_titles(groups, thin, lines=lines, inches=look.differences_title_inches)[1]
    fig = new_figure(11, 1.0 + nrows * (panel + per_theme * len(themes) + title_room))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, sharex=True, sharey=True)).ravel()
    titles = names_at(lines)
    y = np.arange(len(themes))
    for ax, g in zip(axes, groups, strict=False):
        sub = data[data["group"] == g].set_index("theme").reindex([t for t, _ in themes])
        d = 100 * sub["diff"].to_numpy(float)
        sig = sub["significant"].fillna(False).astype(bool).to_numpy()
        colour = group_colour(g, groups)
        ax.barh(
            y,
            np.nan_to_num(d),
            height=0.7,
            color=[colour if s else "white" for s in sig],
            edgecolor=[colour if s else GREY for s in sig],
            linewidth=1,
            hatch=THIN_HATCH if g in thin else None,
        )
        lo, hi = 100 * sub["ci_low"].to_numpy(float), 100 * sub["ci_high"].to_numpy(float)
        ax.hlines(y, np.maximum(lo, -span), np.minimum(hi, span), color="#333333", linewidth=1)
        for side, beyond in ((-span, lo < -span), (span, hi > span)):
            if beyond.any():
                ax.plot(np.full(int(beyond.sum()), side), y[beyond], marker="<" if side < 0 else ">",
                        markersize=4, linestyle="none", color="#333333", clip_on=False)  # fmt: skip
        # the binding q: the larger of the two tests'; a Monte Carlo p's floor bounds it ("q < 1/(B+1)")
        q_shown = sub[["q_value", "q_welch"]].max(axis=1)
        floors = np.where(sub["p_exact"].fillna(True).astype(bool), 0, sub["n_relabellings"].fillna(0))
        for yi, (di, si, q, l_i, h_i, n_permutations) in enumerate(
            zip(d, sig, q_shown, lo, hi, floors.astype(int), strict=True)
        ):
            if si and not np.isnan(di):
                q_text = p_label("q", q, n_permutations or None)
                labels.append(_QLabel(ax, yi, di, l_i, h_i, span, q_text, g, g in thin, themes[yi][1]))
        flips = _flips(sub)
        if flips.any():
            ax.plot(
                np.full(int(flips.sum()), span),
                y[flips],
                marker=FLIP_MARK,
                markersize=6,
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor="#333333",
                clip_on=False,
            )
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_title(titles[g], color=MUTED_TEXT if g in thin else "black", fontweight="bold")
        ax.grid(axis="x", color="#E6E6E6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
    for ax in axes[len(groups) :]:
        ax.set_axis_off()
    axes[0].set_yticks(y, [s for _, s in themes])
    axes[0].set_ylim(len(themes) - 0.5, -0.5)
    axes[0].set_xlim(-span, span)
    for ax in axes[max(0, len(groups) - ncols) : len(groups)]:  # the lowest panel of each column
        ax.xaxis.set_tick_params(labelbottom=True)  # above an empty slot, the shared axis had hidden them
        # a narrow page: the subtitle says "group minus the rest", and the whole label is wider than a panel
        ax.set_xlabel(look.difference_label)
    add_title(fig, "Where each group differs from all the others", subtitle)
    notes = notes_for(titles)
    if not look.q_labels:  # said in the notes instead
        labels = []
    marks = ["hatch"] if any(g in thin for g in groups) else []
    marks += ["diamond"] if _flips(data).any() else []  # a slide's key (`style.slide_key`)
    finish(fig, provenance, notes, corrected=corrected, marks=marks)
    _place_q_labels(fig, labels)
    return fig
