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
from analysis.report import display, formats

N_QUOTES = 5


def cell_summary(prevalence: pd.DataFrame, group: str, theme: str) -> str:
    """One line for a group x theme cell: share, 95% interval, sentences and delegations."""
    row = prevalence[(prevalence["group"] == group) & (prevalence["theme"] == theme)]
    if row.empty:
        return f"{group} \u00b7 {theme}: no counted sentences"
    r = row.iloc[0]
    line = (
        f"{r['theme_short']} in {group}: {r['share']:.1%} of {int(r['n_units'])} counted sentences "
        f"({formats.interval_words(r['share'], r['ci_low'], r['ci_high'])}); "
        f"{int(r['n_sentences_with_theme'])} sentences from {int(r['n_delegations'])} of "
        f"{int(r['delegations_total'])} delegations"
    )
    if pd.notna(r.get("corrected_share", None)):
        corrected = max(r["corrected_share"], 0)
        line += (
            f"; corrected for the coder's errors {corrected:.1%} "
            f"({formats.interval_words(*r[['corrected_share', 'corrected_ci_low', 'corrected_ci_high']])}, "
            f"from {int(r['n_validated'])} sentences coded by people)"
        )
    warning = r.get("warning")
    if bool(r.get("thin", False)) and isinstance(warning, str) and warning:
        line += f". Thin data: {warning}"
    return line


def quotes_html(cell: pd.DataFrame) -> str:
    """The ranked quotes of one cell as an HTML table (delegation, quote, evidence, source), styled as
    every other table of the notebooks (`report.display`)."""
    if cell.empty:
        return "<p><i>No sentence of this group carries this theme.</i></p>"
    cols = ["rank", "delegation", "text", "evidence", "locator"]
    cell = cell.assign(evidence=[", ".join(e) for e in cell["evidence"].tolist()])
    return display.table(cell[cols], labels={"rank": "#", "text": "Quote", "locator": "Source"})._repr_html_()


class Explorer(widgets.VBox):
    """Dropdowns for group and theme; the cell's share with its interval; the quotes behind it."""

    def __init__(self, sentences: pd.DataFrame, evidence: pd.DataFrame,
                 prevalence: pd.DataFrame | None = None, n: int = N_QUOTES):  # fmt: skip
        self.sentences = sentences
        self.evidence = evidence
        self.prevalence = (
            prevalence if prevalence is not None else compare.prevalence(compare.units(sentences))
        )
        self.n = n
        groups = config.group_order(counted(sentences)["group"].astype(str).unique())
        labels = codebook.labels()
        theme_options = [(labels[t], t) for t in codebook.ids()]
        self.group = widgets.Dropdown(
            options=groups, value=groups[0] if groups else None, description="Group"
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
        self.summary.value = (
            f'<p style="line-height: 1.4"><b>'
            f"{html.escape(cell_summary(self.prevalence, self.group.value, self.theme.value))}</b></p>"
        )
        self.quotes.value = quotes_html(self.cell())

    def __repr__(self) -> str:  # stable text/plain in a notebook (no widget state)
        size = f"{len(self.group.options)} groups x {len(self.theme.options)} themes"
        return f"Explorer({size}): a live widget in JupyterLab; Run All Cells (Run menu) to use it"


def explorer(sentences: pd.DataFrame, evidence: pd.DataFrame, prevalence: pd.DataFrame | None = None,
             n: int = N_QUOTES) -> Explorer:  # fmt: skip
    """The explorer over coded `sentences` and their `evidence`; pass the stage's prevalence table to
    show its numbers (with the corrected shares, when it has them) instead of computing them again."""
    return Explorer(sentences, evidence, prevalence=prevalence, n=n)
