"""The house style of every report figure, and the pieces each figure is built from.

Only the object-oriented API is used (a `Figure` and its axes, never pyplot's
global state), so figures are safe in notebooks, tests and under Agg. Style lives
here in one place: Okabe-Ito colours fixed per group, the house group order, theme
short labels, plain-words titles, a provenance footer, and a visible mark on groups
whose data are thin. Text sizes are chosen for the size the notebooks show a
figure at (about 1,000 px wide), not only for print; a `Layout` other than the
default (`LAYOUTS`) redraws the same figures for a page column (`report`, 16 cm
wide, every text at 7 pt or more) or a 16:9 slide (`slides`, 29.21 cm wide, 12 pt
or more, the notes moved into a caption file beside the figure).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import text_to_path
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from analysis import config
from analysis.report.formats import shown

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
# A study's own groups (not the house six) take their colours from these (`group_colour`): grey, black and a
# dark ochre first beside house groups (an extra row such as the General Debate's Observers, set apart from
# the regional groups), the Okabe-Ito colours of the house groups the study lacks first in a study of its own
# groups. Okabe-Ito's yellow is left out: 1.2:1 on white, a dot or line in it barely shows.
OTHER_COLOURS = ("#999999", OKABE_ITO["black"], "#8C6D1F")
OWN_COLOURS = (*GROUP_COLOURS.values(), *OTHER_COLOURS)
GREY = "#9A9A9A"  # hollow bars' outlines; too faint for text (2.8:1 on white)
# A thin group's name, "no distinctive terms": set back from the rest, yet 5.7:1 on white, legible in print
MUTED_TEXT = "#666666"
LIGHT_GREY = "#D9D9D9"
THIN_MARK = "\u2020"  # dagger next to a thin group's name
THIN_HATCH = "////"
SEQUENTIAL = "Blues"
# The diverging map of lift and tau: ColorBrewer's PuOr colours (orange and purple stay apart in every kind
# of colour blindness), white at the middle, its orange arm stopped at mid-lightness. PuOr's two ends print
# as dark greys 2.1:1 apart (luminance 0.077 and 0.011), so in greyscale a lift of 0.2 looked like one of 2.7;
# here below 1 (or 0) ends mid-grey (0.32) and above it black, 6.1:1, each arm darkening away from the middle.
DIVERGING_COLOURS = (
    (0.0, "#e08214"), (1 / 6, "#fdb863"), (2 / 6, "#fee0b6"), (0.5, "#f7f7f7"),
    (0.6, "#d8daeb"), (0.7, "#b2abd2"), (0.8, "#8073ac"), (0.9, "#542788"), (1.0, "#2d004b"),
)  # fmt: skip
RANKS_CMAP = "Blues_r"  # rank 1 darkest, as the most shared theme is in the share heatmap
TOP_TERMS = 10

# Everything that changes pixels or bytes, applied both when drawing and when saving.
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
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
    # PDF streams uncompressed: Python's zlib is the system's, and zlib-ng (Fedora 40+) compresses the same
    # figure to other bytes; about 5x the size (0.3 to 1.8 MB for the seven), as the SVGs
    "pdf.compression": 0,
    "savefig.dpi": 300,
    "figure.dpi": 100,
}
# The smallest text, in points. Notebooks show an 11-inch figure about 1,000 px wide (~1.25 px per
# point), so 8 pt is 10 px on screen: the footer and q labels were 6.5 pt, 8 px, and hard to read.
CELL_TEXT = 8.5  # numbers in heatmap cells, notes under a figure
SMALL_TEXT = 8  # provenance footer, q labels beside bars
FOOTER_GID = "provenance-footer"
CAVEAT_COLOUR = "#9b1c1c"  # the manifest's caveat ("invented sample transcripts") must not be missed
FOOTER_INCHES = 0.42  # room kept at the bottom of every figure for notes and provenance
NOTES_INCHES = 0.22  # where the notes start, above the provenance line
HEADER_INCHES = 0.62  # and at the top for the title and its subtitle
# Of the figure's width, what a line of subtitle, notes or footer may take (it starts at x = 0.01): the
# font's own widths, measured by `text_inches`, run up to 2% short of what Agg draws at 100 dpi (hinting).
TEXT_WIDTH = 0.95
SUBTITLE_SIZE = 9
FOOTER_SEPARATOR = "  \u00b7  "


@dataclass(frozen=True)
class Layout:
    """The size of a figure and of its text, for the document it goes into. Sizes are in points at the
    figure's own size: a figure placed `width` inches wide prints its text at the sizes given here. The
    default's are the house figures' (8.2 to 11 inches wide, for a notebook or an A3 page)."""

    name: str
    width: float | None = None  # inches every figure is drawn at; None: each figure its own
    # the dot plot's key in an empty panel (a notebook or an A3 page); False: in words under the figure
    key_in_panel: bool = True
    # the room of a wrapped group name's every further line in the dot plot, inches; None: its text's line
    dots_name_line: float | None = 0.14
    title: float = 13
    subtitle: float = SUBTITLE_SIZE
    text: float = 9  # tick labels, axis labels, group and theme names
    panel: float = 10  # a panel's title (a group's name, bold)
    theme_panel: float = 9.5  # a theme's panel title in the dot plot
    legend: float = 8.5
    cell: float = CELL_TEXT  # a heatmap cell's number; the notes under a figure
    dense: float = 7.5  # a co-occurrence cell's number (ten columns of them)
    small: float = SMALL_TEXT  # the provenance footer, q labels beside bars
    fine: float = 7  # the machine-coded share under a corrected one; delegations beside a term
    subtitle_at: float = 0.36  # inches from the top to the subtitle
    header: float = HEADER_INCHES
    bare_header: float = HEADER_INCHES - 0.24  # the header of a figure without a subtitle
    colourbar: str = "right"  # where a heatmap's colour bar goes: "bottom" leaves its columns the width
    themes_as_rows: bool = False  # the share heatmap's eleven themes down the page, the groups across
    margin: float = 0.0  # inches kept clear at the right edge (marks drawn past a panel's edge stay whole)
    names_on_diagonal: bool = False  # the co-occurrence matrix names each theme once, where its row ends
    # a co-occurrence cell's interval in brackets: "[1.01–1.4]" in bold is 0.58 inches at 7 pt, wider than
    # a column of the ten on a 16 cm page (0.56); without them, 0.48
    lift_brackets: bool = True
    # how panel grids and heatmaps are arranged, per figure: the default's values are the house figures'
    dots_columns: int = 4  # theme panels a row in the dot plot
    terms_columns: int = 3  # group panels a row in the distinctive terms
    terms_row: float = 2.9  # inches a row of term panels takes
    dots_group: float = 0.27  # inches a group's row takes in a dot plot's panel
    terms_label: str = "How distinctive (z-score)"  # the distinctive terms' x axis' label
    differences_columns: int = 3  # group panels a row in the differences chart
    q_labels: bool = True  # q beside each filled bar; else (no room in the panels) in the notes
    # how wide a group's panel title may be (differences, terms), its rows growing for wrapped titles; None:
    # the house LABEL_INCHES, its rows as planned
    panel_title_inches: float | None = None
    differences_rows: tuple[float, float] = (0.8, 0.24)  # inches a row of its panels takes, and per theme
    differences_title_inches: float | None = None  # its panel titles' width, where not `panel_title_inches`
    difference_label: str = "Group minus the rest (percentage points)"  # its x axis' label
    heatmap_rows: tuple[float, float] = (0.78, 0.62)  # a share heatmap's row, with and without corrections
    counts_in_notes: bool = False  # a share heatmap's sentences and delegations in notes, not by names
    machine_at: tuple[float, float] = (0.4, 0.8)  # heights in a corrected cell: the share, the machine-coded
    share_colourbar: bool = True  # the share heatmap's colour bar (its cells print their shares)
    machine_word: str = "machine"  # names the machine-coded share under a corrected one in a heatmap cell
    machine_key: str = "small"  # how the share heatmap's subtitle names that share (the default: small type)
    rank_row: float = 0.52  # inches a theme's row takes in the rank chart
    interval_beside: bool = False  # the rank chart's interval beside its rank, not under it
    plate_pad: float = 0.2  # of the font size: the plain margin a hatched cell's number keeps around it
    level_columns: bool = False  # the rank chart's group names level under its columns, not slanted
    cooccurrence_height: float = 7.8  # inches the co-occurrence matrix stands, before its notes
    tau_row: float = 0.75  # inches a group's row takes in the tau matrix
    # where the notes go: under the figure, or (a slide, which has no room for them) into `name.caption.txt`
    # beside it, with the source and provenance lines; the manifest's caveats stay on the figure
    notes_beside: bool = False
    footer: float = FOOTER_INCHES  # inches kept at the bottom for the notes, caveats and provenance
    notes_at: float = NOTES_INCHES  # inches above the bottom where the lowest block of notes starts
    # the tallest a figure may be, inches (a slide's body, a page's text block); None: as tall as its content.
    # Where set, a group's name takes only the lines its figure has room for (at most NAME_LINES_MOST;
    # `room_lines`), cut with "…" past them and named in full in the notes, and the figures stage warns of a
    # figure drawn taller (`figures.too_tall`), saying what to use instead (`instead`)
    max_height: float | None = None
    page: str = "page"  # what the figure is placed on, as the note naming cut names says (`cut_names_note`)
    instead: str = ""  # where a figure too tall for this layout is drawn to fit
    name_inches: float | None = None  # how wide a group's name beside a row may be; None: LABEL_INCHES

    def rc(self) -> dict:
        """The text sizes matplotlib takes from rcParams (tick labels, axis labels, titles, legends)."""
        return {
            "font.size": self.text,
            "axes.titlesize": self.panel,
            "axes.labelsize": self.text,
            "xtick.labelsize": self.text,
            "ytick.labelsize": self.text,
            "legend.fontsize": self.legend,
            "figure.titlesize": self.title,
        }

    def line(self, size: float, spacing: float = 1.2) -> float:
        """Inches one more line of `size`-point text takes."""
        return size * spacing / 72


REPORT_WIDTH_CM = 16  # an A4 portrait page's text column (2.5 cm margins): a report's width
# The text block's height (29.7 cm less 2.5 cm margins): the tallest a report figure may be, a study's long
# group names cut to fit (`room_lines`). Its group panels' titles wrap within the differences chart's panels
# (1.5 inches wide, three a row)
A4_BLOCK_CM = 24.7
# PowerPoint's default 16:9 slide (33.867 x 19.05 cm): its Title and Content layout's placeholders are
# 29.21 cm wide and, from the title's top (1.01 cm) to the body's foot (17.16 cm), 16.15 cm tall. A slide
# figure has its own title and takes both placeholders' room; every text is 12 pt or more there (1/45 of
# the slide's height).
SLIDE_WIDTH_CM = 29.21
SLIDE_HEIGHT_CM = 17.16 - 1.01
LAYOUTS = {
    "default": Layout("default"),
    # every text at 7 pt or more placed 16 cm wide; themes as rows where six groups side by side cannot fit
    "report": Layout(
        "report", width=REPORT_WIDTH_CM / 2.54, key_in_panel=False, dots_name_line=None,
        title=11, subtitle=8, text=8, panel=8.5, theme_panel=8.5,
        legend=7.5, cell=7.5, dense=7, small=7, fine=7, subtitle_at=0.3, header=0.53, bare_header=0.33,
        colourbar="bottom", themes_as_rows=True, margin=0.06,
        names_on_diagonal=True, lift_brackets=False, dots_columns=3, dots_group=0.2, terms_columns=2,
        terms_row=2.2, differences_rows=(0.6, 0.18), difference_label="Difference (% points)",
        cooccurrence_height=6.8, differences_title_inches=1.45, max_height=A4_BLOCK_CM / 2.54,
        instead="the default layout's figure (a notebook, an A3 page or a landscape page a figure each)",
    ),
    # every text at 12 pt or more placed 29.21 cm wide on a 16:9 slide, no taller than 16.15 cm: the notes,
    # source and provenance go into a caption file beside the figure; the groups' panels in one row
    "slides": Layout(
        "slides", width=SLIDE_WIDTH_CM / 2.54, key_in_panel=False, dots_name_line=None,
        title=18, subtitle=12, text=12,
        panel=12, theme_panel=12, legend=12, cell=12, dense=12, small=12, fine=12, subtitle_at=0.42,
        header=0.68, bare_header=0.42, margin=0.08, names_on_diagonal=True, lift_brackets=False,
        dots_columns=4, dots_group=0.24, terms_columns=3, terms_row=2.35, terms_label="z-score",
        differences_columns=6, differences_rows=(0.6, 0.22), difference_label="% points", q_labels=False,
        panel_title_inches=1.4, heatmap_rows=(0.75, 0.62), counts_in_notes=True, machine_at=(0.35, 0.81),
        share_colourbar=False, machine_word="m.", machine_key="m.", rank_row=0.43, interval_beside=True,
        level_columns=True, plate_pad=0.1,
        cooccurrence_height=5.6, tau_row=0.6, notes_beside=True, footer=0.32, notes_at=0.08,
        max_height=SLIDE_HEIGHT_CM / 2.54, name_inches=2.6, page="slide",
        instead="the default layout's figure, drawn as tall as its content, or --layout report's where it "
        "fits a page",
    ),
}  # fmt: skip
_ACTIVE: ContextVar[Layout] = ContextVar("figure_layout", default=LAYOUTS["default"])


def layout_named(name: str) -> Layout:
    """The layout called `name`, or an error naming those there are."""
    if name not in LAYOUTS:
        raise ValueError(f"no figure layout {name!r}: use one of {', '.join(LAYOUTS)}")
    return LAYOUTS[name]


def current() -> Layout:
    """The layout the figure being drawn (or saved) is laid out in."""
    return _ACTIVE.get()


def house_style():
    """A context with matplotlib's own defaults under STYLE, whatever rcParams are in force: a person's
    matplotlibrc (in ~/.config/matplotlib, MPLCONFIGDIR or the folder a command runs in) would otherwise
    change the figures' bytes (a grid, `savefig.bbox: tight`). The global rcParams are left as they were.
    The text sizes are the current layout's."""
    return mpl.style.context(["default", STYLE, current().rc()])


@contextlib.contextmanager
def laid_out(name: str = "default"):
    """Draw (or save) in the layout called `name`, under the house style."""
    token = _ACTIVE.set(layout_named(name))
    try:
        with house_style():
            yield current()
    finally:
        _ACTIVE.reset(token)


def styled(fn):
    """Draw under the house style without touching the global rcParams; `layout=` (a name in `LAYOUTS`)
    lays the figure out for another document than a notebook."""

    @functools.wraps(fn)
    def wrapper(*args, layout: str = "default", **kwargs):
        with laid_out(layout):
            return fn(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------- helpers


def group_colour(group: str, groups=()) -> str:
    """A house group's own colour; a study's own group takes, in the study's group order (`groups` and
    `group`, `config.group_order`), the next of OWN_COLOURS the study's house groups leave free: six own
    groups get six colours (three shared by a hash of the name drew six groups two to a colour). The colour
    depends on the study's groups only, not on the figure or the order a table lists them: the same in every
    figure of a study, and the figures byte-for-byte reproducible. Past the free colours (nine without house
    groups) they repeat; the names on every row and panel tell the groups apart. Beside house groups the
    neutral OTHER_COLOURS come first: the General Debate's Observers (EU, Holy See) are grey, not the colour
    of the Arab Group it lacks."""
    if group in GROUP_COLOURS:
        return GROUP_COLOURS[group]
    study = config.group_order({*groups, group})
    taken = {GROUP_COLOURS[g] for g in study if g in GROUP_COLOURS}
    order = (*OTHER_COLOURS, *GROUP_COLOURS.values()) if taken else OWN_COLOURS
    free = [c for c in order if c not in taken]
    own = [g for g in study if g not in GROUP_COLOURS]
    return free[own.index(group) % len(free)]


def group_label(group: str, thin: bool = False) -> str:
    short = config.GROUP_SHORT.get(group, group)
    return f"{short} {THIN_MARK}" if thin else short


# The widest a group's name is drawn on one line where it labels a row, column or panel: the house groups'
# short names fit ("Eastern Europe †" is 1.1 inches at 9 pt); a study's own group ("Group of Landlocked
# Developing Countries and Small Island Developing States") wraps instead of running off the figure.
LABEL_INCHES = 1.7


CUT_MARK = "\u2026"  # ends a group's name cut to the lines a slide (or page) figure has room for
NAME_LINES_MOST = 2  # lines a name may take where a layout has a height (`room_lines`; a figure may say more)


def group_name(
    group: str,
    thin: bool = False,
    size: float | None = None,
    weight: str = "normal",
    inches: float = LABEL_INCHES,
    lines: int | None = None,
) -> str:
    """`group_label` on lines no wider than `inches` at `size` points (the layout's tick labels'), for
    tick labels and titles; no more than `lines` of them (`name_cut`) where a slide has no room for more."""
    return "\n".join(name_cut(group, thin, size or current().text, weight, inches, lines))


def name_cut(group: str, thin: bool, size: float, weight: str, inches: float, lines: int | None) -> list[str]:
    """A group's name wrapped at word boundaries; past `lines` lines (None: any number), its first `lines`,
    the last ending at a whole word with "…" (a word opening a bracket it does not close, a lone "&",
    "and", "of" or "the" and a stop before the "…" left off too; a line left with nothing but such a word
    goes) and the thin mark kept: the rule a slide's figures shorten a name by, the notes naming it in
    full (`cut_names_note`). A figure cuts its names by `group_names`, which cuts apart those cut alike."""
    out = wrap(group_label(group, thin), inches, size, weight=weight)
    if lines is None or len(out) <= lines:
        return out
    mark = f" {THIN_MARK}" if thin else ""
    kept = [line.split(" ") for line in wrap(group_label(group), inches, size, weight=weight)[:lines]]

    def unfit(words: list[str]) -> bool:
        text = " ".join(words)
        return (
            text.count("(") > text.count(")")
            or words[-1] in DANGLING
            or text_inches(text.rstrip(STOPS) + CUT_MARK + mark, size, weight) > inches
        )

    while unfit(kept[-1]) and (len(kept[-1]) > 1 or len(kept) > 1):
        if len(kept[-1]) > 1:
            kept[-1].pop()
        else:
            kept.pop()
    return [" ".join(words) for words in kept[:-1]] + [" ".join(kept[-1]).rstrip(STOPS) + CUT_MARK + mark]


def group_names(
    groups,
    thin=(),
    size: float | None = None,
    weight: str = "normal",
    inches: float = LABEL_INCHES,
    lines: int | None = None,
) -> dict[str, str]:
    """`group_name` for the set of `groups` one figure draws in one place at one width (a heatmap's columns,
    its rows, a chart's panel titles): group -> its label. Each name is cut alone (`name_cut`), and where two
    or more come out alike (the same words before the cut mark; the thin mark says how much data there
    are, not which group), those are cut again so they differ (`_cut_apart`): "Group of Latin American and
    Caribbean States" and "Group of Asia-Pacific States" were both "Group…" over a report's columns, and
    are "…Latin…" and "…Asia-…" (or "Group… Latin…", "Group of\nAsia-…" where there is the room). A name
    no other is cut like is drawn exactly as alone. Names cut alike keep the same number of first words
    where all of them then fit ("…African…" beside "…Latin…", not beside "Group… Latin…"), else each the most
    it can. Where no cut that differs fits a name (a word where it differs too wide even alone between cut
    marks), it keeps its own cut, deterministically: its label still fits, it differs from the others where
    only it is left so ("Group… †" beside "…African…", "…Latin…"), and where two are left alike the notes
    name both in full, not by the name drawn (`naming_cut`)."""
    size = size or current().text
    drawn = {g: name_cut(g, g in thin, size, weight, inches, lines) for g in groups}
    said = {g: _said(label) for g, label in drawn.items()}
    cut = [g for g in groups if drawn[g] and CUT_MARK in drawn[g][-1] and cut_off(g)]
    alike = [g for g in cut if [said[h] for h in cut].count(said[g]) > 1]
    for key in dict.fromkeys(said[g] for g in alike):
        members = [g for g in alike if said[g] == key]

        def apart(g: str, kept: int | None = None, members=members) -> list[str] | None:
            others = [h for h in members if h != g]
            return _cut_apart(
                g, others, [h for h in groups if h != g], g in thin, size, weight, inches, lines, kept
            )

        alike_cut = {g: apart(g) for g in members}  # each the most first words it can
        able = [g for g in members if alike_cut[g]]
        for kept in range(min((_lead(g, [h for h in members if h != g]) for g in able), default=-1), -1, -1):
            same = {g: apart(g, kept) for g in able}
            if all(same.values()):
                alike_cut.update(same)
                break
        left = [g for g in members if not alike_cut[g]]
        if len(left) > 1:  # still alike: a run of later words where one fits ("…Balkan…")
            for g in left:
                others = [h for h in members if h != g]
                rivals = [h for h in groups if h != g]
                alike_cut[g] = _later_run(g, others, rivals, g in thin, size, weight, inches, lines)
        drawn.update({g: label for g, label in alike_cut.items() if label})
    return {g: "\n".join(label) for g, label in drawn.items()}


DANGLING = {"&", "and", "of", "the", "-", "/", "\u2013"}  # a word a cut name may not end in before the "…"
STOPS = ",;:."  # left off before a cut mark


def _said(label) -> str:
    """A label (its lines, or its text) as a reader tells it from another: one line, without the thin mark."""
    text = " ".join(label) if isinstance(label, list) else label
    return " ".join(text.replace(THIN_MARK, "").split())


def _cut_apart(
    group: str,
    others: list[str],
    rivals: list[str],
    thin: bool,
    size: float,
    weight: str,
    inches: float,
    lines: int,
    kept: int | None = None,
) -> list[str] | None:
    """`group`'s name cut so it differs from `others` (cut alike with it), read as no name of `rivals` (the
    figure's other groups) could be (`_could_be`), or None where no such cut keeps within `lines` lines of
    `inches`. It keeps a run of words reaching the
    last word where it differs from one of `others` (a name that ends first: its last word), as few more
    past it as the rules of a cut need, and before the run as many of its first words as fit (`kept` of
    them, where given), a cut mark where words are left out ("Group… Western European…", "…Latin…"); of
    those that fit, the one keeping the most words, then the longest run. A run's last word too wide whole
    is cut after its hyphen ("Asia-…")."""
    words = group_label(group).split()
    n = len(words)
    differ = [_first_difference(words, group_label(other).split()) for other in others]
    start = _lead(group, others)  # the run begins at or before the first word where it differs
    # the most words kept (the fewest left out between the first ones and the run), then the longest run
    gaps = sorted(
        ((k, b) for b in range(1, start + 1) for k in range(b)), key=lambda kb: (kb[1] - kb[0], kb[1])
    )
    # a run begins at a word such as "of" only where that word is where the names differ ("…and Friends")
    gaps = [(start, start), *((k, b) for k, b in gaps if b == start or words[b] not in DANGLING)]
    for end in range(max(min(max(differ) + 1, n), start + 1), n + 1):
        for first, begin in gaps:
            for hyphen in (False, True) if kept is None or first == kept else ():
                text = _elided(words, first, begin, end, hyphen)
                label = text and _fitted(text, thin, size, weight, inches, lines)
                if label and not any(_could_be(label, rival) for rival in rivals):
                    return label
    return None


def _later_run(
    group: str, others: list[str], rivals: list[str], thin: bool, size: float, weight: str, inches, lines
) -> list[str] | None:
    """For a name `_cut_apart` found no cut for while another cut like it has none either: a run of its
    words past the first where it differs from `others`, the longest first, that no name of `rivals` could
    be read as ("…Balkan…" where "…Western Balkan…" is too wide)."""
    words = group_label(group).split()
    start = _lead(group, others)
    for end in range(start + 2, len(words) + 1):
        for begin in (b for b in range(start + 1, end) if words[b] not in DANGLING):
            for hyphen in (False, True):
                text = _elided(words, 0, begin, end, hyphen)
                label = text and _fitted(text, thin, size, weight, inches, lines)
                if label and not any(_could_be(label, rival) for rival in rivals):
                    return label
    return None


def _lead(group: str, others: list[str]) -> int:
    """How many first words `group`'s name shares with one of `others` at most: where its words that tell
    it from them may begin (its last word, where it begins one of them)."""
    words = group_label(group).split()
    return min(min(_first_difference(words, group_label(other).split()) for other in others), len(words) - 1)


def _could_be(label: list[str], group: str) -> bool:
    """Whether a cut `label` could stand for `group`'s name: its words in order, each run of them whole words
    of the name, a cut mark where the name may go on ("Group… European…" could be "Group of Eastern European
    States" as well as "Group of Western European and Other States"). A run begins where no letter or digit
    is before it, not at a word boundary: a name ending in ")" has none at its end, a run "(LAS) North" none
    at its start, and "…Asia-…" was read as neither "Group of Asia-Pacific States (AP)" nor "Group of
    Asia-Africa States (AA)", both drawn so."""
    runs = [" ".join(run.split()) for run in _said(label).split(CUT_MARK)]
    pattern = "".join(
        (r"(?<!\w)" if k and run else "")
        + re.escape(run).replace(r"\ ", r"\s+")
        + (".*" if k < len(runs) - 1 else "$")
        for k, run in enumerate(runs)
    )
    return re.match(pattern, " ".join(group_label(group).split())) is not None


def _first_difference(a: list[str], b: list[str]) -> int:
    """The index of the first word where `a` and `b` differ (the shorter's length where it begins the
    other)."""
    same = 0
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    return same


def _elided(words: list[str], kept: int, begin: int, end: int, hyphen: bool) -> str | None:
    """The first `kept` of `words` and `words[begin:end]` (its last word up to its first hyphen, where
    `hyphen`), a cut mark where words are left out; None where that breaks a rule of a cut (a word of
    `DANGLING` before a cut mark, a bracket left open, no hyphen to cut at)."""
    span = words[begin:end]
    if hyphen:
        if "-" not in span[-1][:-1]:
            return None
        span = [*span[:-1], span[-1][: span[-1].index("-") + 1]]
    if kept == begin:
        text = " ".join(words[:kept] + span)
    elif kept and words[kept - 1] in DANGLING:
        return None
    else:
        text = (" ".join(words[:kept]).rstrip(STOPS) + CUT_MARK + " " if kept else CUT_MARK) + " ".join(span)
    if end < len(words) or hyphen:
        if not hyphen and span[-1] in DANGLING:
            return None
        text = text.rstrip(STOPS) + CUT_MARK
    return None if text.count("(") > text.count(")") else text


def _fitted(text: str, thin: bool, size: float, weight: str, inches: float, lines: int) -> list[str] | None:
    """`text` wrapped to `inches`, the thin mark after its last word, if it keeps within `lines` lines of
    `inches`; else None."""
    out = wrap(text, inches, size, weight=weight)
    if thin:
        out[-1] += f" {THIN_MARK}"
    if len(out) > lines or any(text_inches(line, size, weight) > inches for line in out):
        return None
    return out


def cut_alike(labels: list[str], inches: list[float], size: float | None = None) -> list[str]:
    """One group's labels drawn in several places (the tau matrix's row and column), each `inches` wide: where
    a place cut the name, every place draws the most cut one, wrapped to its own width, so a group carries one
    name in a figure (a slide's tau matrix drew "Group of African States & Côte d'Ivoire's Partners (AU)" by
    its row and "Group of African…" under its column) and its notes can call it by that name."""
    if not any(CUT_MARK in label for label in labels):
        return labels
    words = [" ".join(label.split()) for label in labels]
    cut = min(words, key=len)
    size = size or current().text
    return [
        label if said == cut else "\n".join(wrap(cut, width, size))
        for label, said, width in zip(labels, words, inches, strict=True)
    ]


def cut_names_note(drawn: dict[str, str], named=()) -> list[str]:
    """The full names of the groups whose name a figure drew cut (`drawn`: group -> its label as drawn),
    but those another of its notes names in full (`named`: the delegations per group's groups)."""
    left = {g: as_drawn for g, as_drawn in drawn.items() if g not in named}
    cut = [group_label(g) for g, as_drawn in left.items() if CUT_MARK in as_drawn and cut_off(g)]
    if not cut:
        return []
    return [f"Group names {cut_to_fit()}, in full: " + "; ".join(cut) + "."]


def in_full(heading: str) -> str:
    """The heading of a note naming every group in full, saying so where the figure cut some names."""
    return heading + (f", names in full (on the figure {cut_to_fit()})" if _AS_DRAWN.get() else "")


def cut_to_fit() -> str:
    """How the notes say why a name ends in the cut mark."""
    return f"cut with {CUT_MARK} to fit the {current().page}"


# The groups whose names the figure being drawn cut, by the name it drew (`naming_cut`): its notes call them
# so (`note_label`), as the figure does, and one note alone names them in full (`cut_names_note`, or the
# delegations per group where a figure gives those): six long names in full in three notes made a report's
# dot plot 0.9 cm taller than the page's text block.
_AS_DRAWN: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("names_as_drawn", default=())


@contextlib.contextmanager
def naming_cut(drawn: dict[str, str]):
    """Within it, notes call a group whose name `drawn` (group -> its label as drawn) cut by that name on
    one line, without the thin mark: the reader finds in a note the name the figure shows. Two groups cut
    to the same name ("Western…") keep their full names: a note could not say which it meant."""
    cut = {g: _said(as_drawn) for g, as_drawn in drawn.items() if CUT_MARK in as_drawn and cut_off(g)}
    cut = {g: name for g, name in cut.items() if list(cut.values()).count(name) == 1}
    token = _AS_DRAWN.set(tuple(cut.items()))
    try:
        yield
    finally:
        _AS_DRAWN.reset(token)


def note_label(group: str, thin: bool = False) -> str:
    """A group's name in a figure's notes: as drawn where the figure cut it (`naming_cut`), else in full."""
    name = dict(_AS_DRAWN.get()).get(group) or group_label(group)
    return f"{name} {THIN_MARK}" if thin else name


def cut_off(group: str) -> bool:
    """Whether a drawn name ending in the cut mark was cut, not written so in the manifest."""
    return CUT_MARK not in group_label(group)


def room_lines(
    planned: float,
    per_line: float,
    most: int = NAME_LINES_MOST,
    names: Callable[[int | None], dict[str, str]] | None = None,
    notes: Callable[[dict[str, str]], list[str]] | None = None,
    provenance: dict | None = None,
    corrected: bool = False,
    subtitle: str = "",
) -> int | None:
    """How many lines a group's name may take (None: any number, whole) in a figure `planned` inches tall with
    one-line names and no notes, where each line more of `names` (`names(lines)`: group -> its label as drawn,
    cut to `lines`) makes it `per_line` inches taller, and its `notes(drawn)` (`drawn`: group -> label; a
    page's notes call a cut group as drawn and name it in full once) take what `finish` will give them under
    it (`notes_inches`, with the caveats and source line of `provenance`), as the `subtitle`'s lines past the
    first above it (`add_title`). None in a layout without `max_height`. On a page the names stay whole where
    the figure fits so, unless a cut to `most` lines draws it shorter by more than a line of notes (the dot
    plot's, a line in every group's row; a cut saving a millimetre, the rank chart's, is not worth a name);
    else, and on a slide, they take the most lines, up to `most`, at which it fits; where none fits, the lines
    drawing it shortest. Every figure plans so, with the notes it writes and the note of cut names at the
    lines it takes: the dot plot alone had counted its notes, and a page cut no other figure's names (a line
    of names was taken to cost less than a constant four of notes)."""
    look = current()
    if look.max_height is None:
        return None
    choices: list[int | None] = [*([] if look.notes_beside else [None]), *range(most, 0, -1)]
    header = max(0, len(subtitle_lines(subtitle, look.width or 11)) - 1) * look.line(look.subtitle)

    def height(lines: int | None) -> float:
        drawn = names(lines) if names is not None else {}
        taken = max((label.count("\n") + 1 for label in drawn.values()), default=1)
        under = notes_inches(provenance, notes(drawn), corrected) if notes is not None else 0.0
        return planned + (taken - 1) * per_line + under + header

    heights = {lines: height(lines) for lines in choices}
    fits = [lines for lines in choices if heights[lines] <= look.max_height + 1e-9]
    if fits and fits[0] is None and heights[None] - heights[most] > look.line(look.cell, 1.25):
        fits = fits[1:]  # whole names fit, but a cut draws the figure more than a line of notes shorter
    return fits[0] if fits else min(choices, key=lambda lines: heights[lines])


def notes_inches(provenance: dict | None, notes: list[str], corrected: bool = False) -> float:
    """Inches `finish` will add under a figure of the current layout's width for its caveats, `notes`,
    source and a provenance line broken in two (none on a slide: they go beside it), for `room_lines` to plan
    a height with: five groups' long names given a second line the notes had no room for made a report's dot
    plot 26 cm tall."""
    look = current()
    if look.notes_beside or look.width is None:
        return 0.0
    texts = (
        caveats(provenance) + notes + ([source_text(provenance, corrected)] if provenance is not None else [])
    )
    lines = sum(len(wrap(text, TEXT_WIDTH * look.width, look.cell)) for text in texts if text)
    footer = len(footer_lines(look.width, provenance)) if provenance is not None else 1
    return max(0, lines - 1) * look.line(look.cell, 1.25) + max(0, footer - 1) * look.line(look.small)


def row_name_inches() -> float:
    """How wide a group's name beside a row may be in the current layout."""
    return current().name_inches or LABEL_INCHES


def name_line_inches() -> float:
    """Inches one line of a group's name takes in the current layout (at its tick labels' size)."""
    return current().line(current().text)


def name_lines(
    groups: list[str],
    thin=(),
    size: float | None = None,
    inches: float = LABEL_INCHES,
    lines: int | None = None,
    weight: str = "normal",
) -> int:
    """The most lines any of `groups`' names takes (`group_names`; a `thin` one with its dagger; no more
    than `lines`), to give wrapped names their room."""
    drawn = group_names(groups, thin, size, weight, inches, lines)
    return max((label.count("\n") + 1 for label in drawn.values()), default=1)


def groups_of(df: pd.DataFrame, column: str = "group") -> list[str]:
    return config.group_order(df[column].dropna().astype(str).unique())


def themes_of(
    df: pd.DataFrame, id_col: str = "theme", short_col: str = "theme_short"
) -> list[tuple[str, str]]:
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


def estimates(prev: pd.DataFrame) -> pd.DataFrame:
    """The prevalence table with the share a figure shows and its interval (`shown`, `shown_low`,
    `shown_high`): the share corrected for the coder's errors where the group has a validation
    sample (`corrected` True; a corrected share below 0 shows as 0 and one above 1 as 1, and `estimate`
    keeps it unclipped so a label can tell it from a theme nobody raised), else the machine-coded share."""
    out = prev.copy()
    has = np.zeros(len(out), bool)
    if "corrected_share" in out.columns:
        has = out["corrected_share"].notna().to_numpy()
    pick = {"shown": ("corrected_share", "share"), "shown_low": ("corrected_ci_low", "ci_low"),
            "shown_high": ("corrected_ci_high", "ci_high")}  # fmt: skip
    for name, (corrected, machine) in pick.items():
        out[name] = out[machine].astype(float)
        if has.any():
            out.loc[has, name] = shown(out.loc[has, corrected].astype(float))
    out["estimate"] = out["share"].astype(float)
    if has.any():
        out.loc[has, "estimate"] = out.loc[has, "corrected_share"].astype(float)
    out["corrected"] = has
    return out


def correction_note(prev: pd.DataFrame) -> list[str]:
    """What the corrected figures rest on: validated sentences per group, the groups with fewer than
    `correction.FEW_VALIDATED` (their corrected intervals are rough), and any group without."""
    from analysis.comparison.correction import FEW_VALIDATED

    if "corrected_share" not in prev.columns or not prev["corrected_share"].notna().any():
        return []
    rows = prev.drop_duplicates("group")
    done = rows[rows["corrected_share"].notna()]
    counts = sorted({int(n) for n in done["n_validated"]})
    n = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
    note = f"Corrected with {n} sentences per group coded for validation (a random sample)"
    few = done.loc[done["n_validated"].astype(int) < FEW_VALIDATED, "group"]
    if len(few):
        who = "every group" if len(few) == len(done) else ", ".join(few.map(note_label))
        note += (
            f"; fewer than {FEW_VALIDATED} in {who}: such a sample holds none or one of most themes' "
            "sentences and cannot show the coder's errors on them, so read those corrected intervals as rough"
        )
    missing = rows.loc[rows["corrected_share"].isna(), "group"].map(note_label).tolist()
    return [note + (f"; no sample, machine-coded only: {', '.join(missing)}." if missing else ".")]


def _observers(provenance: dict | None) -> dict[str, list[str]]:
    return ((provenance or {}).get("source") or {}).get("observers") or {}


def _with_observers(names: list[str]) -> str:
    """ "incl. the observer European Union", "incl. the observers European Union and Holy See"."""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"incl. the observer{'s' if len(names) > 1 else ''} {listed}"


def delegations_note(counts: dict[str, int], provenance: dict | None) -> list[str]:
    """How many delegations each group's estimate rests on, in the house order, naming the observers
    counted with a group (the European Union in WEOG): what a reader needs to weigh a group's dot. It
    names every group in full, also those the figure cut (`naming_cut`), and then says so: the figure's
    other notes call those by their cut names (`cut_names_note` leaves them out)."""
    if not counts:
        return []
    observers = _observers(provenance)
    parts = []
    for g in config.group_order(counts):
        names = observers.get(g) or []
        if names and len(names) == counts[g]:  # a group of observers only (the General Debate's "Observers")
            parts.append(f"{group_label(g)} {counts[g]} ({', '.join(names)})")
        else:
            parts.append(f"{group_label(g)} {counts[g]}" + (f" ({_with_observers(names)})" if names else ""))
    return [in_full("Delegations per group") + ": " + ", ".join(parts) + "."]


def observers_note(provenance: dict | None, groups: list[str] | None = None) -> list[str]:
    """The observers counted with a group (of `groups`, if given), for a figure that gives the counts
    elsewhere; not those of the General Debate's `Observers`, who are a group of their own."""
    observers = {
        g: n
        for g, n in _observers(provenance).items()
        if (groups is None or g in groups) and g != config.NO_GROUP
    }
    if not observers:
        return []
    parts = [f"{name} (observer, {note_label(g)})" for g, names in observers.items() for name in names]
    which = "a delegation of its group" if len(parts) == 1 else "delegations of their groups"
    return [f"Counted as {which}: " + "; ".join(parts) + "."]


def text_inches(text: str, size: float, weight: str = "normal") -> float:
    """How wide `text` is drawn in the house font, in inches: measured from the font's glyphs, so a
    line is wrapped where it would really run off, not where a count of characters guesses."""
    return _glyphs_inches(text, size, weight, STYLE["font.family"])


@functools.lru_cache(maxsize=16384)
def _glyphs_inches(text: str, size: float, weight: str, family) -> float:
    """`text_inches`, once per text: `room_lines` wraps a figure's notes for each number of lines it
    weighs and `finish` wraps them again, a prefix at a time."""
    prop = FontProperties(family=family, size=size, weight=weight)
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0] / 72


def wrap(text: str, inches: float, size: float, separator: str = " ", weight: str = "normal") -> list[str]:
    """`text` in lines no wider than `inches`, broken at `separator` (a piece wider than a line keeps
    a line of its own)."""
    pieces = [p for p in text.split(separator) if p]
    if not pieces:
        return []
    lines = [pieces[0]]
    for piece in pieces[1:]:
        longer = lines[-1] + separator + piece
        if text_inches(longer, size, weight) <= inches:
            lines[-1] = longer
        else:
            lines.append(piece)
    return lines


def new_figure(width: float, height: float) -> Figure:
    """A figure `width` inches wide (the layout's width, where it sets one) with room for the header."""
    fig = Figure(figsize=(current().width or width, height), layout="constrained")
    reserve(fig, current().header)
    return fig


def reserve(fig: Figure, header: float, footer: float | None = None) -> None:
    """Keep `header` inches at the top for the title lines and `footer` (the layout's, unless given) at the
    bottom for notes and provenance; the panels have the rest."""
    footer = current().footer if footer is None else footer
    h, right = fig.get_figheight(), current().margin / fig.get_figwidth()
    fig.get_layout_engine().set(rect=(0, footer / h, 1 - right, 1 - (footer + header) / h))


def reserved(fig: Figure) -> tuple[float, float]:
    """(header, footer) in inches, as `reserve` last set them."""
    h = fig.get_figheight()
    _, bottom, _, height = fig.get_layout_engine().get()["rect"]
    return (1 - bottom - height) * h, bottom * h


def grow(fig: Figure, header: float = 0.0, footer: float = 0.0) -> None:
    """Make the figure taller by `header` inches at the top and `footer` at the bottom: the panels keep
    their size, and text placed with `from_top` or `from_bottom` keeps its place."""
    if header or footer:
        top, bottom = reserved(fig)
        fig.set_figheight(fig.get_figheight() + header + footer)
        reserve(fig, top + header, bottom + footer)


def from_bottom(fig: Figure):
    """x as a fraction of the width, y in inches above the bottom edge: text placed with it stays put
    when the figure grows."""
    return blended_transform_factory(fig.transFigure, fig.dpi_scale_trans)


def from_top(fig: Figure, inches: float):
    """x and y as fractions of the figure, moved `inches` down: y=1 is that far below the top edge,
    however tall the figure grows."""
    return fig.transFigure + ScaledTranslation(0, -inches, fig.dpi_scale_trans)


def heatmap_frame(fig: Figure, ax, mesh, shrink: float, pad: float):
    """The house frame of a heatmap: no ticks or spines, a colour bar beside it (returned), or under it
    where the layout keeps the width for the columns (`Layout.colourbar`)."""
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if current().colourbar == "bottom":
        return fig.colorbar(mesh, ax=ax, location="bottom", shrink=0.6, pad=0.02, aspect=30)
    return fig.colorbar(mesh, ax=ax, shrink=shrink, pad=pad)


def add_title(fig: Figure, title: str, subtitle: str = "") -> None:
    """Bold title and, below it, lighter lines saying how to read the figure: the subtitle wraps to the
    figure's width, and each line past the first makes the figure taller, not the panels shorter."""
    look = current()
    fig.text(0.01, 1, title, ha="left", va="top", fontsize=look.title, fontweight="bold", gid="title",
             transform=from_top(fig, 0.08))  # fmt: skip
    lines = subtitle_lines(subtitle, fig.get_figwidth())
    if lines:
        fig.text(0.01, 1, "\n".join(lines), ha="left", va="top", fontsize=look.subtitle, color="#444444",
                 linespacing=1.2, gid="subtitle", transform=from_top(fig, look.subtitle_at))  # fmt: skip
    reserve(fig, look.header if lines else look.bare_header, reserved(fig)[1])
    grow(fig, header=max(0, len(lines) - 1) * look.line(look.subtitle))


def subtitle_lines(subtitle: str, width: float) -> list[str]:
    """The subtitle's lines under a figure's title, `width` inches wide (`add_title`)."""
    return wrap(subtitle, TEXT_WIDTH * width, current().subtitle)


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
        *draws_text(p.get("draws")),
        f"dialogue-analysis {p.get('analysis_version', '?')}",
    ]
    return "  \u00b7  ".join(bits)


def draws_text(draws: dict | None) -> list[str]:
    """The statistics' counts of random draws that are not the defaults ([] where none is): the seed alone
    does not give a figure's numbers, and a figure made for a quick look (ANALYSIS_BOOTSTRAP=500) must not
    pass for the defaults' once pasted into a report. Only the counts that differ, to keep the line short."""
    draws = draws or {}
    order = [*config.DEFAULT_DRAWS, *sorted(set(draws) - set(config.DEFAULT_DRAWS))]  # the README's order
    other = [
        f"{k.replace('_', ' ')} {draws[k]:,}"
        for k in order
        if k in draws and config.DEFAULT_DRAWS.get(k) != draws[k]
    ]
    return ["draws (not the defaults): " + ", ".join(other)] if other else []


def source_text(provenance: dict | None, corrected: bool = False) -> str:
    """What the figure is drawn from, for a reader: the sessions and their dates, and, on a figure of
    corrected shares, the validation sheet behind them."""
    src = (provenance or {}).get("source") or {}
    if not src:
        return ""
    n = src.get("sessions", 0)
    text = f"Source: {n:,} session{'s' if n != 1 else ''}"
    first, last = src.get("first_date"), src.get("last_date")
    if first:
        text += f", {first}" + (f" to {last}" if last and last != first else "")
    if src.get("undated"):
        text += f" ({src['undated']:,} undated)"
    sheet = (provenance or {}).get("validation_sheet")
    if sheet and corrected:
        text += f"; validation sample {sheet['file']} ({str(sheet['sha256'])[:8]})"
    return text + "."


def caveats(provenance: dict | None) -> list[str]:
    """The manifest's caveats ("invented sample transcripts"), each once: every figure shows them."""
    return list(((provenance or {}).get("source") or {}).get("caveats") or [])


def footer_lines(fig: Figure | float, provenance: dict | None) -> list[str]:
    """The provenance line, broken between its parts where the figure (or a figure this many inches wide) is
    too narrow for it, and a part wider than the figure (the draws, where several are not the defaults)
    between its items."""
    width = fig.get_figwidth() if isinstance(fig, Figure) else fig
    inches, size = TEXT_WIDTH * width, current().small
    lines = wrap(provenance_text(provenance), inches, size, FOOTER_SEPARATOR)
    return [part for line in lines for part in (wrap(line, inches, size, ", ") or [line])]


def add_footer(fig: Figure, provenance: dict | None, lines: list[str] | None = None) -> None:
    """The provenance line at the bottom (once: a second call leaves the first in place), or its
    `lines` as `footer_lines` broke it; the source line goes with the notes (`finish`)."""
    if current().notes_beside or any(t.get_gid() == FOOTER_GID for t in fig.texts):
        return
    lines = footer_lines(fig, provenance) if lines is None else lines
    with house_style():
        fig.text(0.01, 0.06, "\n".join(lines), ha="left", va="bottom",
                 fontsize=current().small, linespacing=1.2, color="#666666", gid=FOOTER_GID,
                 transform=from_bottom(fig))  # fmt: skip


def block_excess(fig: Figure, text, planned: float) -> float:
    """How much taller than `planned` inches a block of lines is drawn (0 within a hundredth of an inch):
    matplotlib before 3.11 spaces lines by the font's ascent rather than its size, so eight lines of notes
    stood 0.03 inches taller than planned and ran into the caveat above them. Only a block with another
    above it is measured: the top one keeps the planned height, as the panels' room was planned by it."""
    drawn = text.get_window_extent().height / fig.dpi
    return drawn - planned if drawn > planned + 0.01 else 0.0


CAPTION_ATTR = "_analysis_caption"  # where `finish` leaves what a layout with `notes_beside` moved off


def caption(fig: Figure) -> dict | None:
    """What `finish` moved off a figure whose layout puts the notes beside it ({"caveats", "notes",
    "source", "provenance"}), or None where they are drawn under it."""
    return getattr(fig, CAPTION_ATTR, None)


# The marks a slide figure explains in a key of its own (`slide_key`), its notes being in the caption file
KEY_MARKS = {
    "hatch": f"{THIN_MARK} thin data",  # a thin group's hatched cells and bars
    "dashed": f"{THIN_MARK} thin data",  # a thin group's dashed interval in the dot plot
    "diamond": "other verdict on corrected shares",  # the differences chart's flips
}
KEY_GID = "slide-key"
KEY_SWATCH, KEY_GAP, KEY_SPACE = 0.26, 0.06, 0.3  # inches: a mark's sample, before its words, between two


def key_inches(marks, size: float) -> float:
    """How wide a slide's key of `marks` is drawn."""
    return sum(KEY_SWATCH + KEY_GAP + text_inches(KEY_MARKS[m], size) for m in marks) + KEY_SPACE * (
        len(marks) - 1
    )


def slide_key(fig: Figure, marks, y: float) -> None:
    """A one-line key, flush right on the caveat's line `y` inches above the bottom: a sample of each mark
    the figure draws (`KEY_MARKS`) and what it means. A slide's notes are in its caption file, which the
    audience does not see; the hatching, daggers and diamonds must be readable from the slide itself."""
    look = current()
    x = fig.get_figwidth() - look.margin - 0.1 - key_inches(marks, look.cell)
    middle = y + 0.4 * look.line(look.cell)
    inches = {"transform": fig.dpi_scale_trans}
    for mark in marks:
        if mark == "hatch":
            sample = Rectangle((x, middle - 0.08), KEY_SWATCH, 0.16, facecolor=LIGHT_GREY,
                               edgecolor="#555555", hatch=THIN_HATCH, linewidth=0.5, **inches)  # fmt: skip
        elif mark == "dashed":
            sample = Line2D([x, x + KEY_SWATCH], [middle] * 2, color="#333333", linewidth=2,
                            linestyle=(0, (2, 1.2)), **inches)  # fmt: skip
        else:
            sample = Line2D([x + KEY_SWATCH / 2], [middle], marker="D", markersize=6, markerfacecolor="white",
                            markeredgecolor="#333333", **inches)  # fmt: skip
        sample.set_gid(KEY_GID)
        fig.add_artist(sample)
        x += KEY_SWATCH + KEY_GAP
        fig.text(x, y, KEY_MARKS[mark], ha="left", va="bottom", fontsize=look.cell, color="#333333",
                 gid=KEY_GID, **inches)  # fmt: skip
        x += text_inches(KEY_MARKS[mark], look.cell) + KEY_SPACE


def finish(
    fig: Figure, provenance: dict | None, notes: list[str], corrected: bool = False, marks=()
) -> Figure:
    """Under the figure: the manifest's caveats (red), the notes (each wrapped to the figure's width),
    then the source and provenance footer. The footer keeps room for one line of notes and one of
    provenance; each further line makes the figure taller, so notes never take room from the panels
    (with few groups and themes they once left the panels none). A layout with `notes_beside` (a slide)
    draws the caveats alone and keeps the rest for a caption file beside the figure (`caption`), with a key
    to the `marks` the figure draws (`slide_key`) on the caveats' last line, which wrap short of it."""
    inches, look = TEXT_WIDTH * fig.get_figwidth(), current()
    marks = list(dict.fromkeys(marks)) if look.notes_beside else []
    note_line = look.line(look.cell, 1.25)  # the notes' linespacing
    source = [source_text(provenance, corrected)] if provenance is not None else []
    blocks = [
        (caveats(provenance), {"color": CAVEAT_COLOUR, "gid": "caveat"}),
        (notes + [s for s in source if s], {"color": "#333333", "gid": "figure-notes"}),
    ]
    if look.notes_beside:
        setattr(fig, CAPTION_ATTR, {
            "caveats": caveats(provenance), "notes": list(notes), "source": [s for s in source if s],
            "provenance": [provenance_text(provenance)] if provenance is not None else [],
        })  # fmt: skip
        blocks, provenance = blocks[:1], None
    # the caveats' width: a slide's key beside them takes the rest of their line
    keyed = inches - (key_inches(marks, look.cell) + KEY_SPACE if marks else 0)
    wrapped = [
        ([line for text in texts for line in wrap(text, keyed, look.cell)], style) for texts, style in blocks
    ]
    provenance_lines = footer_lines(fig, provenance) if provenance is not None else []
    extra_footer = max(0, len(provenance_lines) - 1) * look.line(look.small)
    grow(fig, footer=max(0, sum(len(lines) for lines, _ in wrapped) - 1) * note_line + extra_footer)
    y = look.notes_at + extra_footer
    stacked = [(lines, style) for lines, style in reversed(wrapped) if lines]  # notes, then a caveat above
    for i, (lines, style) in enumerate(stacked):
        text = fig.text(0.01, y, "\n".join(lines), ha="left", va="bottom", fontsize=look.cell,
                        linespacing=1.25, transform=from_bottom(fig), **style)  # fmt: skip
        taller = block_excess(fig, text, len(lines) * note_line) if i < len(stacked) - 1 else 0.0
        grow(fig, footer=taller)
        y += len(lines) * note_line + taller
    if marks:
        slide_key(fig, marks, look.notes_at + extra_footer)
    if provenance is not None:
        add_footer(fig, provenance, provenance_lines)
    return fig


def label_colourbar(fig: Figure, colourbar, label: str) -> Figure:
    """Label a colour bar on as many lines as its length needs: with few groups a heatmap's bar is
    short, and a one-line label ran off the figure. Call it last: it lays the figure out to measure."""
    colourbar.set_label(label)
    fig.draw_without_rendering()
    box = colourbar.ax.get_window_extent()
    length = (box.width if colourbar.orientation == "horizontal" else box.height) / fig.dpi
    colourbar.set_label("\n".join(wrap(label, length, mpl.rcParams["axes.labelsize"])))
    return fig


def thin_note(thin: dict[str, str]) -> list[str]:
    if not thin:
        return []
    parts = [f"{note_label(g)}: {w}" if w else note_label(g) for g, w in thin.items()]
    return [f"{THIN_MARK} thin data, read with care \u2014 " + "; ".join(parts)]


# What a `concentrated` interval is worth, measured against a known truth (benchmarks/bench_statistics.py
# --sections concentrated, docs/statistics.md): a figure's reader should know that its "95%" is not.
CONCENTRATED_COVERAGE = (
    "in simulation, where a theme lived in a few delegations, such intervals held the true share 79-86% "
    "of the time, not 95%"
)


def concentrated_note(prev: pd.DataFrame) -> list[str]:
    """The plotted intervals of themes raised by fewer than a third of their group's delegations
    (`concentrated` in the prevalence table), group by group in the house order: such an interval
    rests on the few delegations that raised the theme and may be too narrow."""
    if "concentrated" not in prev.columns:
        return []
    rows = prev[prev["concentrated"].fillna(False).astype(bool)]
    if rows.empty:
        return []
    label = "theme_short" if "theme_short" in rows.columns else "theme"
    parts = [
        f"{note_label(g)}: " + ", ".join(rows.loc[rows["group"] == g, label].astype(str).drop_duplicates())
        for g in groups_of(rows)
    ]
    return [
        "Raised by fewer than a third of the group's delegations, so the interval rests on those few and may "
        f"be too narrow ({CONCENTRATED_COVERAGE}) \u2014 " + "; ".join(parts) + "."
    ]


def pct(x: float, decimals: int = 0) -> str:
    return "n/a" if pd.isna(x) else f"{100 * x:.{decimals}f}"


def hatch_cell(ax, x, y, w=1.0, h=1.0):
    ax.add_patch(Rectangle((x, y), w, h, fill=False, hatch=THIN_HATCH, linewidth=0, zorder=3))


def diverging_cmap():
    """The house diverging map (DIVERGING_COLOURS), for values from -limit to limit around a neutral
    middle; its cells left without a value draw nothing."""
    return mpl.colors.LinearSegmentedColormap.from_list("PuOr_print", DIVERGING_COLOURS).with_extremes(
        bad="none"
    )


def masked_cmap(name: str):
    """A colour map whose missing cells show light grey."""
    return mpl.colormaps[name].with_extremes(bad=LIGHT_GREY)


def _luminance(colour) -> float:
    """WCAG 2 relative luminance of a colour."""
    rgb = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in mpl.colors.to_rgb(colour)]
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def ink(colour) -> str:
    """Black or white text, whichever has the higher WCAG contrast with `colour` (a cell's colour): on
    the house colour maps never less than 4.6:1. A cut at a fixed share of the scale had put white on
    mid-blue at 3.2:1, and white on the light orange of a diverging map."""
    shade = _luminance(colour)
    return "white" if (1.05 / (shade + 0.05)) > ((shade + 0.05) / 0.05) else "black"


def cell_ink(mesh, value: float) -> str:
    """`ink` for the cell of a colour mesh holding `value` (black on a missing cell)."""
    return "black" if pd.isna(value) else ink(mesh.to_rgba(value))


def select(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df[[c for c in cols if c in df.columns]].copy()
    if "group" in out.columns:
        order = {g: i for i, g in enumerate(groups_of(out))}
        out = out.iloc[np.argsort(out["group"].map(order).to_numpy(), kind="stable")]
    return out.reset_index(drop=True)
