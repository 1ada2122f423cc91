"""The interactive explorer for JupyterLab: pick a group and a theme, read the quotes behind the number.

A prevalence cell (say, 38% of the African Group's sentences touch economic
development) is only as good as the sentences behind it. The explorer puts the
share and its interval next to the ranked quotes of that cell (`quotes.quotes_for`),
each with its delegation and its source locator, so an analyst can check a number
against the words in a few clicks.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from analysis import config
from analysis.coding import codebook
from analysis.coding.sentences import counted
from analysis.comparison import compare, quotes
from analysis.errors import InputError
from analysis.report import display, formats

N_QUOTES = 5


def cell_summary(prevalence: pd.DataFrame, group: str, theme: str) -> str:
    """One line for a group x theme cell: share, 95% interval, sentences and delegations. The group is
    named as the explorer's dropdown and the tables name it ("Africa").

    A group may be given by its short name ("GRULAC"); a group or theme the table and the house list do
    not know is an error, not a cell with no sentences."""
    group = _known(prevalence, "group", config.house_group(group), config.GROUPS)
    theme = _known(prevalence, "theme", theme, codebook.ids())
    row = prevalence[(prevalence["group"] == group) & (prevalence["theme"] == theme)]
    if row.empty:
        return f"{group} \u00b7 {theme}: no counted sentences"
    r = row.iloc[0]
    line = (
        f"{r['theme_short']} in {formats.group_name(group)}: {r['share']:.1%} of "
        f"{int(r['n_units'])} counted sentences "
        f"({formats.interval_words(r['share'], r['ci_low'], r['ci_high'])}); "
        f"{formats.plural(int(r['n_sentences_with_theme']), 'sentence')} from {int(r['n_delegations'])} of "
        f"{int(r['delegations_total'])} delegations"
    )
    if pd.notna(r.get("corrected_share", None)):
        corrected = formats.shown(r["corrected_share"])
        line += (
            f"; corrected for the coder's errors by {formats.plural(int(r['n_validated']), 'sentence')} "
            f"coded by people: {corrected:.1%} "
            f"({formats.interval_words(*r[['corrected_share', 'corrected_ci_low', 'corrected_ci_high']])})"
        )
    warning = r.get("warning")
    if bool(r.get("thin", False)) and isinstance(warning, str) and warning:
        line += f". Thin data: {warning}"
    return line


def _known(prevalence: pd.DataFrame, column: str, value: str, house) -> str:
    if column not in prevalence.columns:
        raise InputError(f"the prevalence table has no {column} column (is it theme_prevalence?)")
    known = list(dict.fromkeys([*house, *prevalence[column].astype(str)]))
    if value not in known:
        raise InputError(f"unknown {column} {value!r}; known: {', '.join(known)}")
    return value


def quotes_html(cell: pd.DataFrame, total: int | None = None) -> str:
    """The ranked quotes of one cell as an HTML table (delegation, quote, evidence, source), styled as
    every other table of the notebooks (`report.display`); with `total`, the cell's number of
    sentences, a line says how many of them are shown."""
    if cell.empty:
        if total:
            return f"<p><i>{formats.plural(total, 'sentence')} carry this theme; none is shown.</i></p>"
        return "<p><i>No sentence of this group carries this theme.</i></p>"
    cols = ["rank", "delegation", "text", "evidence", "locator"]
    cell = cell.assign(evidence=[", ".join(e) for e in cell["evidence"].tolist()])
    labels = {"rank": "#", "text": "Quote"}
    shown = display.table(cell[cols], labels=labels)._repr_html_()
    if total is not None and total > len(cell):
        note = (
            f"<p><i>The {len(cell)} clearest of {total} sentences, one per delegation first; "
            "<code>quotes.quotes_for(sentences, evidence, group, theme, n=None)</code> lists all.</i></p>"
        )
        return note + shown
    return shown


class Explorer(widgets.VBox):
    """Dropdowns for group and theme; the cell's share with its interval; the quotes behind it."""

    def __init__(self, sentences: pd.DataFrame, evidence: pd.DataFrame,
                 prevalence: pd.DataFrame | None = None, n: int = N_QUOTES):  # fmt: skip
        self.sentences = sentences
        self.evidence = evidence
        self.n = n
        groups = config.group_order(counted(sentences)["group"].astype(str).unique())
        if prevalence is None and groups:
            prevalence = compare.prevalence(compare.units(sentences))
        self.prevalence = prevalence
        labels = codebook.labels()
        theme_options = [(labels[t], t) for t in codebook.ids()]
        self.group = widgets.Dropdown(  # short names, as every table of the notebooks writes them
            options=[(config.GROUP_SHORT.get(g, g), g) for g in groups],
            value=groups[0] if groups else None,
            description="Group",
        )
        self.theme = widgets.Dropdown(options=theme_options, value=theme_options[0][1], description="Theme")
        self.summary = widgets.HTML()
        self.quotes = widgets.HTML()
        super().__init__(children=[widgets.HBox([self.group, self.theme]), self.summary, self.quotes])
        self.group.observe(self._update, names="value")
        self.theme.observe(self._update, names="value")
        self._update()

    def cell(self) -> pd.DataFrame:
        """The quotes of the selected cell, ranked (quotes.quotes_for)."""
        if self.group.value is None:
            return pd.DataFrame(columns=quotes.QUOTE_COLUMNS)
        return quotes.quotes_for(self.sentences, self.evidence, self.group.value, self.theme.value, n=self.n)

    def _update(self, _change=None) -> None:
        if self.group.value is None:
            self.summary.value = "<p>No counted sentences to explore.</p>"
            self.quotes.value = ""
            return
        group, theme = self.group.value, self.theme.value
        row = self.prevalence[(self.prevalence["group"] == group) & (self.prevalence["theme"] == theme)]
        total = int(row["n_sentences_with_theme"].iloc[0]) if len(row) else None
        shown = quotes_html(self.cell(), total)  # made first: a new number never sits above old quotes
        line = html.escape(cell_summary(self.prevalence, group, theme))
        self.summary.value = f'<p style="line-height: 1.4"><b>{line}</b></p>'
        self.quotes.value = shown

    def __repr__(self) -> str:  # stable text/plain in a notebook (no widget state)
        size = f"{len(self.group.options)} groups x {len(self.theme.options)} themes"
        return f"Explorer({size}): a live widget in JupyterLab; Run All Cells (Run menu) to use it"


def explorer(sentences: pd.DataFrame, evidence: pd.DataFrame, prevalence: pd.DataFrame | None = None,
             n: int = N_QUOTES) -> Explorer:  # fmt: skip
    """The explorer over coded `sentences` and their `evidence`; pass the stage's prevalence table to
    show its numbers (with the corrected shares, when it has them) instead of computing them again."""
    return Explorer(sentences, evidence, prevalence=prevalence, n=n)
