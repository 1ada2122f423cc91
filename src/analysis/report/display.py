"""Tables in the notebooks: one display layer that reads well in JupyterLab and stays stable under nbval.

JupyterLab's own table style right-aligns every cell and gives columns fixed, equal
widths, so a sentence wraps to a word per line while a count gets the room. `table`
writes its own HTML instead, each cell's layout in its style attribute (JupyterLab
drops <style> elements from a notebook it does not trust, such as a committed one
opened before it is run, but keeps style attributes): text left-aligned and given the
width, locators and ids never broken inside a word (not at a hyphen), numbers
right-aligned in tabular figures, column labels instead of snake_case, integers as
integers, shares as percentages, every p and q value through `formats.format_p`, an
empty cell's interval as its one-sided upper bound, and long tables in collapsible
sections (one per regional group or session).

nbval compares the outputs' text: `text/plain` is the same formatted values as a
plain-text table (long text shortened), so it still carries every number; the HTML
is built from the same values with ids derived from the content, not random, so it
is as stable.

Why not an interactive table library (itables): offline, it embeds its ~700 KB
JavaScript bundle in every notebook, and JavaScript does not run in a notebook that
was opened rather than run (untrusted); HTML and CSS render everywhere, including
nbconvert's HTML export and code hosting sites.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import config
from analysis.coding import codebook
from analysis.comparison.correction import FEW_VALIDATED
from analysis.report.formats import (
    NA,
    format_bool,
    format_count,
    format_interval,
    format_list,
    format_number,
    format_p,
    format_points,
    format_rank,
    format_share,
    format_text,
    group_name,
)

PLAIN_TEXT_WIDTH = 72  # long text in text/plain is shortened to this many characters

# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Kind:
    """How one kind of column is shown: its formatter, its CSS class, whether it is a number."""

    fmt: Callable[[object], str]
    css: str
    numeric: bool = False


KINDS = {
    "text": Kind(format_text, "da-text"),  # prose: wraps, and gets the width
    "code": Kind(format_text, "da-code"),  # ids: never broken inside a word (not at a hyphen)
    "locator": Kind(format_text, "da-code"),  # file:lines locators: broken after '_', ':' or '/' only
    "label": Kind(format_text, "da-label"),  # short names: wrap at spaces only if they must
    # short names: wrap at a space ('Eastern Europe'), never at a hyphen ('Asia-Pacific')
    "group": Kind(group_name, "da-code"),
    "list": Kind(format_list, "da-label"),
    "int": Kind(format_count, "da-num", True),
    "number": Kind(format_number, "da-num", True),
    "number1": Kind(lambda x: format_number(x, 1), "da-num", True),
    "number3": Kind(lambda x: format_number(x, 3), "da-num", True),
    "share": Kind(format_share, "da-num", True),
    "points": Kind(format_points, "da-num", True),
    "rank": Kind(format_rank, "da-num", True),
    "p": Kind(format_p, "da-num", True),
    "bool": Kind(format_bool, "da-flag"),
    # numbers already formatted, e.g. '7.3% (1.9–13.0)': right-aligned, broken only before the bracket
    # or after its 'to' (_figure_html)
    "figure": Kind(format_text, "da-fig", True),
}

DECIMAL_KINDS = ("number", "number1", "number3")


def _whole_numbers(values: pd.Series) -> bool:
    """Every present value a whole number (and at least one present): a count stored as a float."""
    x = pd.to_numeric(values, errors="coerce").dropna()
    return len(x) > 0 and bool(np.all(np.isfinite(x)) and np.all(x == np.round(x)))


# Column name -> (label, kind). Columns not listed get a label from their name and a kind from their dtype.
COLUMNS: dict[str, tuple[str, str]] = {
    "session_id": ("Session", "code"),
    "sentence_id": ("Sentence", "code"),
    "date": ("Date", "code"),  # 2024-04-16: never broken at a hyphen
    "file": ("File", "locator"),
    "source": ("Source", "locator"),
    "example_source": ("Example source", "locator"),
    "locator": ("Source", "locator"),  # a quote's source down to its characters (quotes.QUOTE_COLUMNS)
    "id": ("Id", "code"),
    "theme": ("Theme", "code"),
    "country": ("Country", "code"),
    "group": ("Group", "group"),
    "group_a": ("Group", "group"),
    "group_b": ("Compared with", "group"),
    "text": ("Text", "text"),
    "what": ("Removed text", "text"),
    "example": ("Example", "text"),
    "definition": ("Definition", "text"),
    "title": ("Title", "text"),
    "warning": ("Warning", "text"),
    "speakers": ("Speaker labels", "label"),
    "evidence": ("Evidence", "label"),
    "themes": ("Themes", "list"),
    "all_themes": ("All themes", "list"),
    "missed": ("Missed", "list"),
    "extra": ("Extra", "list"),
    "gold": ("Human", "list"),
    "predicted_themes": ("Coder", "list"),
    "why": ("Reason", "code"),
    "theme_short": ("Theme", "label"),
    "theme_label": ("Theme", "label"),
    "short_label": ("Short label", "label"),
    "theme_short_a": ("Theme", "label"),
    "theme_short_b": ("With theme", "label"),
    "floor_language": ("Floor language", "label"),
    "n_words": ("Words", "int"),
    "n_units": ("Counted sentences", "int"),
    "n_sentences_with_theme": ("Sentences with theme", "int"),
    "n_delegations": ("Delegations raising it", "int"),
    "delegations_total": ("Delegations", "int"),
    "n_deleg_a": ("Delegations (group)", "int"),
    "n_deleg_b": ("Delegations (compared)", "int"),
    "n_themes": ("Themes", "int"),
    "n_a": ("Sentences with theme", "int"),
    "n_b": ("Sentences with other", "int"),
    "count": ("Count", "int"),
    "count_rest": ("Count in the rest", "int"),
    "top_delegation": ("Top user", "label"),
    "n_uncoded": ("Uncoded sentences", "int"),
    "n_coded": ("Coded sentences", "int"),
    "n_groups": ("Groups", "int"),
    "support": ("Support", "int"),
    "predicted": ("Predicted", "int"),
    "share": ("Share", "share"),
    "ci_low": ("95% low", "share"),
    "ci_high": ("95% high", "share"),
    "share_a": ("Share (group)", "share"),
    "share_b": ("Share (compared)", "share"),
    "share_rest": ("Share (all others)", "share"),
    "share_delegations": ("Share of delegations", "share"),
    "diff": ("Difference", "points"),
    "p_value": ("p", "p"),
    "q_value": ("q", "p"),
    "significant": ("q < 0.05", "bool"),
    "thin": ("Thin", "bool"),
    "rank": ("Rank", "rank"),
    "z": ("z", "number1"),
    "z_without_top": ("z without it", "number1"),
    "log_odds": ("Log-odds", "number"),
    "tau": ("Kendall's \u03c4-b", "number"),
    "jaccard": ("Jaccard", "number"),
    "lift": ("Lift", "number"),
    "per_1000_words": ("Per 1,000 words", "number"),
    "precision": ("Precision", "number"),
    "recall": ("Recall", "number"),
    "f1": ("F1", "number"),
    "micro_f1": ("Micro F1", "number"),
    "macro_f1": ("Macro F1", "number"),
    "kappa": ("Cohen's \u03ba", "number"),
    "kappa_low": ("\u03ba 95% low", "number"),
    "kappa_high": ("\u03ba 95% high", "number"),
    "micro_f1_low": ("Micro F1 95% low", "number"),
    "micro_f1_high": ("Micro F1 95% high", "number"),
    "measure": ("Measure", "label"),
    "estimate": ("Estimate", "number3"),
    "estimate_low": ("95% low", "number3"),
    "estimate_high": ("95% high", "number3"),
    "target": ("Target", "number3"),
    "reading": ("Reading", "label"),
    "micro_f1_before": ("Micro F1 before", "number3"),
    "micro_f1_after": ("Micro F1 after", "number3"),
    "micro_f1_change": ("Change", "number3"),
    "changed": ("Decisions changed", "int"),
    "right": ("Right", "int"),
    "wrong": ("Wrong", "int"),
    "p_sign": ("p (sign test)", "p"),
    # the compare stage's views (report.comparison_views)
    "difference": ("Difference (95% interval)", "figure"),
    # headed no wider than '< 0.001': 'p (permutation)' made two columns of it 115 px wide each
    "p_permutation": ("p (perm.)", "figure"),
    "q_permutation": ("q (perm.)", "figure"),
    "q_welch": ("q (Welch)", "figure"),
    "q": ("q", "figure"),
    # a number of points, or 'none (> 100)' (formats.format_detectable): right-aligned as a number is
    "detectable_pp": ("Detectable (pp)", "figure"),
    "n_validated_a": ("Validated (group)", "int"),
    "n_validated_b": ("Validated (compared)", "int"),
    "few_validated": (f"Under {FEW_VALIDATED} validated", "bool"),
    "machine": ("Machine-coded (95% interval)", "figure"),
    "corrected": ("Corrected (95% interval)", "figure"),
    "change": ("Change", "figure"),
    "n_validated": ("Validated sentences", "int"),
    "mean_abs_change_pp": ("Mean change (pp, either way)", "number1"),
    "largest_change": ("Largest change", "label"),
    "width_ratio": ("Interval width, corrected / machine", "number1"),
    "tests": ("Tests", "int"),
    "machine_significant": ("Significant", "int"),
    "corrected_tests": ("Corrected tests", "int"),
    "corrected_significant": ("Corrected significant", "int"),
    "family": ("Family", "code"),
    "chi_square": ("Chi-square", "number1"),
    "errors_differ_by_group": ("Errors may differ (p < 0.05)", "bool"),
    "p_top": ("Comes first", "share"),
    "tau_low": ("\u03c4 95% low", "number"),
    "tau_high": ("\u03c4 95% high", "number"),
    "lift_low": ("Lift 95% low", "number"),
    "lift_high": ("Lift 95% high", "number"),
    "expected": ("Expected", "number1"),
    "median_sentences": ("Median sentences", "number1"),
    "min_sentences": ("Fewest sentences", "int"),
    "max_sentences": ("Most sentences", "int"),
    "top_delegation_share": ("Top delegation's share", "share"),
    "effective_delegations": ("Effective delegations", "number1"),
}


def label(column) -> str:
    """A column's label: the registered one, a group's short name, else its name in words."""
    name = str(column)
    if name in COLUMNS:
        return COLUMNS[name][0]
    if name in config.GROUP_SHORT:
        return config.GROUP_SHORT[name]
    if name.islower():
        words = name.replace("_", " ")
        return words[0].upper() + words[1:]
    return name


def kind_of(column, series: pd.Series, default: str | None = None) -> str:
    name = str(column)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    registered = COLUMNS[name][1] if name in COLUMNS else None
    # a registered number column holding text is shown as text, unless its kind formats text (a figure
    # column holds numbers already formatted)
    if registered is not None and (
        numeric or not KINDS[registered].numeric or KINDS[registered].fmt is format_text
    ):
        return registered
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_numeric_dtype(series):
        if default is not None:
            return default
        values = series.dropna().to_numpy(float)
        return "int" if len(values) and np.all(np.mod(values, 1) == 0) else "number"
    return "label"


# --------------------------------------------------------------------------- HTML


def _nobr(escaped: str) -> str:
    return f'<span class="da-nobr" style="{NOBR_STYLE}">{escaped}</span>'


LONG_TOKEN = 24  # characters: a locator word longer than this may also break after '_'


def _code_html(text: str, breaks: str = "") -> str:
    """Breaks only at spaces (and after the characters in `breaks`), never inside a word or at a hyphen."""
    words = []
    for word in text.split(" "):
        word = html.escape(word)
        for sep in breaks if len(word) > LONG_TOKEN else breaks.replace("_", ""):
            word = word.replace(sep, sep + "<wbr>")
        words.append(_nobr(word))
    return " ".join(words)


UNIT = re.compile(r"(\d) (pp)\b")  # a figure and its unit ('-17.6 pp'): one line in the HTML


def _figure_html(text: str) -> str:
    """'+47.6 pp (+36.2 to +59.0 pp)' may wrap before its interval and inside it after 'to', never
    inside a number and its unit ('+47.6' / 'pp') or between a sign and its number."""
    estimate, bracket, interval = text.partition(" (")
    parts = [estimate]
    if bracket:
        low, to, high = interval.partition(" to ")
        parts += ["(" + low + to.rstrip(), high] if to else ["(" + interval]
    return " ".join(_nobr(html.escape(p)) for p in parts)


def _cell_html(text: str, kind: str) -> str:
    if kind == "figure" and text != NA:
        return _figure_html(text)
    if text == NA or kind not in ("code", "locator", "group"):
        return UNIT.sub(r"\1&nbsp;\2", html.escape(text))
    # a locator ('DD-AFR-2024_zoom-transcript.vtt:cues 1-6') may break after ':' and '/', and after '_'
    # in a long file name
    return _code_html(text, "_:/" if kind == "locator" else "")


# Every cell's layout (alignment, wrapping, widths) is written on the cell itself: JupyterLab strips
# <style> elements from the outputs of a notebook it does not trust (a notebook cloned, not run here),
# but keeps style attributes. The <style> block adds only what the table reads well without (rules,
# the theme's font size).
TABLE_STYLE = (
    "table-layout: auto; width: auto; max-width: 100%; margin: 0.2em 0 0.6em 0; border-collapse: collapse"
)
CELL_STYLE = "vertical-align: top; padding: 3px 6px; line-height: 1.35"
HEAD_STYLE = "vertical-align: bottom; padding: 3px 6px; white-space: normal; font-weight: 600"
NOBR_STYLE = "white-space: nowrap"
CSS_STYLES = {
    "da-text": "text-align: left; white-space: normal; min-width: 18em; max-width: 44em",
    "da-code": "text-align: left",  # its words are da-nobr spans
    "da-label": "text-align: left; white-space: normal; min-width: 5em",
    # JupyterLab's sanitizer keeps each property here but font-variant-numeric (tabular figures): a notebook
    # it does not trust shows numbers right-aligned in the font's own figures
    "da-num": "text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums",
    "da-fig": "text-align: right; white-space: normal; font-variant-numeric: tabular-nums",
    "da-flag": "text-align: center; white-space: nowrap",
}

CSS = """
{t} {{ font-size: var(--jp-ui-font-size1, 13px); }}
{t} th, {t} td {{ max-width: none; border-bottom: 1px solid var(--jp-border-color2, #e0e0e0); }}
{t} th {{ border-bottom: 1px solid var(--jp-border-color1, #bdbdbd); }}
"""


def _uuid(*parts: str) -> str:
    """A table id from its content: stable across runs."""
    return "da" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]


class Table:
    """A DataFrame as the notebooks show it: HTML with each cell's layout on it, a plain-text twin for nbval.

    `data` is the DataFrame as given (the numbers unrounded); `text` the formatted cells.
    """

    def __init__(self, df: pd.DataFrame, *, caption: str = "", group_by: str | None = None,
                 group_notes: dict[str, str] | None = None, open_groups: int = 1,
                 labels: dict[str, str] | None = None, kinds: dict[str, str] | None = None,
                 default: str | None = None, n_permutations: int | None = None,
                 empty: str = "No rows.") -> None:  # fmt: skip
        frame = df if _plain_index(df) else df.reset_index()
        self.data = df
        self.caption = caption
        self.group_by = group_by
        self.group_notes = group_notes or {}
        self.open_groups = open_groups
        self.empty = empty
        self.columns = [c for c in frame.columns if c != group_by]
        self.kinds = {c: (kinds or {}).get(str(c)) or kind_of(c, frame[c], default) for c in frame.columns}
        self.labels = {c: (labels or {}).get(str(c)) or label(c) for c in frame.columns}
        text = pd.DataFrame(index=frame.index)
        for c in frame.columns:
            kind = self.kinds[c]
            if kind in DECIMAL_KINDS and _whole_numbers(frame[c]):
                kind = self.kinds[c] = "int"  # counts kept as floats (26.0) read as counts
            fmt = (lambda x: format_p(x, n_permutations)) if kind == "p" else KINDS[kind].fmt
            text[c] = [fmt(x) for x in frame[c]]
        self.text = text.reset_index(drop=True)
        self.frame = frame.reset_index(drop=True)

    # --- sections

    def sections(self) -> list[tuple[str, pd.DataFrame]]:
        """(group value, its formatted rows) in order of appearance; one untitled section if ungrouped."""
        if self.group_by is None:
            return [("", self.text[self.columns])]
        keys = self.frame[self.group_by].astype(str)
        return [(k, self.text.loc[keys == k, self.columns]) for k in dict.fromkeys(keys)]

    def _heading(self, key: str, rows: pd.DataFrame) -> str:
        if self.kinds.get(self.group_by) == "group":
            name = group_name(key)
        elif self.group_by == "theme":  # a theme id: its short label, as in the figures
            name = codebook.labels().get(key, key)
        else:
            name = key
        note = self.group_notes.get(key, "")
        count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
        return " \u00b7 ".join(p for p in (name, note, count) if p)

    # --- HTML

    def _rows_html(self, rows: pd.DataFrame, uuid: str) -> str:
        """The rows as an HTML table with each cell's layout on the cell (see CELL_STYLE)."""
        head = []
        for c in self.columns:
            align = "right" if KINDS[self.kinds[c]].numeric else "left"
            head.append(f'<th style="{HEAD_STYLE}; text-align: {align}">{html.escape(self.labels[c])}</th>')
        body = []
        for values in zip(*(rows[c] for c in self.columns), strict=True):
            tds = []
            for c, v in zip(self.columns, values, strict=True):
                css, cell = KINDS[self.kinds[c]].css, _cell_html(v, self.kinds[c])
                tds.append(f'<td class="{css}" style="{CELL_STYLE}; {CSS_STYLES[css]}">{cell}</td>')
            body.append("<tr>" + "".join(tds) + "</tr>")
        return (
            f'<table id="T_{uuid}" class="da-table" style="{TABLE_STYLE}">'
            f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table>"
        )

    def _repr_html_(self) -> str:
        uuid = _uuid(self.caption, repr(self))
        out = []
        caption = (
            f'<p style="margin:0 0 0.3em 0"><b>{html.escape(self.caption)}</b></p>' if self.caption else ""
        )
        if self.text.empty:
            return f"{caption}<p><i>{html.escape(self.empty)}</i></p>"
        for i, (key, rows) in enumerate(self.sections()):
            sub = f"{uuid}_{i}"
            body = f"<style>{CSS.format(t=f'#T_{sub}')}</style>" + self._rows_html(rows, sub)
            if self.group_by is None:
                out.append(body)
            else:
                is_open = " open" if i < self.open_groups else ""
                out.append(
                    f'<details{is_open} style="margin:0.2em 0"><summary style="cursor:pointer">'
                    f"<b>{html.escape(self._heading(key, rows))}</b></summary>{body}</details>"
                )
        return caption + "\n".join(out)

    # --- text/plain

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        if self.text.empty:
            return "\n".join([*lines, f"({self.empty})"])
        for key, rows in self.sections():
            if self.group_by is not None:
                lines.append(f"== {self._heading(key, rows)}")
            lines += _plain_rows(rows, [self.labels[c] for c in self.columns],
                                 [KINDS[self.kinds[c]].numeric for c in self.columns])  # fmt: skip
        return "\n".join(lines)


def _plain_index(df: pd.DataFrame) -> bool:
    """An index not worth showing: the default 0..n-1 without a name."""
    return isinstance(df.index, pd.RangeIndex) and df.index.name is None


def _shorten(text: str, width: int = PLAIN_TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _plain_rows(rows: pd.DataFrame, labels: list[str], numeric: list[bool]) -> list[str]:
    cols = [[_shorten(v) for v in rows[c]] for c in rows.columns]
    widths = [max([len(lab), *map(len, col)]) for lab, col in zip(labels, cols, strict=True)]

    def line(values):
        cells = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(cells).rstrip()

    return [line(labels), *(line(r) for r in zip(*cols, strict=True))]


# --------------------------------------------------------------------------- the tables of the notebooks


def table(df: pd.DataFrame, **options) -> Table:
    """Any DataFrame, shown the house way (see `Table` for the options)."""
    return Table(df, **options)


def prevalence_by_group(prev: pd.DataFrame, open_groups: int = 1) -> Table:
    """The prevalence table by regional group: each theme's share with its 95% interval and the counts
    behind it; the group's counted sentences, delegations and any thin-data warning head its section."""
    rows = prev.assign(
        share_ci=[format_interval(s, lo, hi) for s, lo, hi in zip(prev["share"], prev["ci_low"],
                                                                   prev["ci_high"], strict=True)],
        raised=[f"{int(n)} of {int(d)}" for n, d in zip(prev["n_delegations"], prev["delegations_total"],
                                                         strict=True)],
    )  # fmt: skip
    notes = {}
    for g, first in rows.groupby("group", sort=False).first().iterrows():
        note = f"{int(first['n_units']):,} counted sentences, {int(first['delegations_total'])} delegations"
        if bool(first.get("thin", False)):
            warning = first.get("warning")
            note += f"; thin data: {warning}" if isinstance(warning, str) and warning else "; thin data"
        notes[str(g)] = note
    cols = ["group", "theme_short", "share_ci", "n_sentences_with_theme", "raised"]
    return Table(
        rows[cols],
        group_by="group",
        group_notes=notes,
        open_groups=open_groups,
        labels={"share_ci": "Share (95% interval)", "raised": "Delegations raising it"},
        kinds={"share_ci": "figure", "raised": "figure"},
    )
