"""Code a validation sample in JupyterLab: one sentence at a time, one box per theme.

`python -m analysis sample` draws a coding sheet (`id, group, country, text, themes`, themes
empty). This widget shows its sentences one by one with a checkbox per codebook theme and every
theme's definition (and what not to code) at hand, and writes the sheet after every sentence,
atomically, so closing the notebook loses nothing. Saving a sentence changes that sentence's themes
cell and nothing else: the rest of the file keeps the form its people gave it (a theme written by its
label, a row pasted twice, each copy coded alike). Saving a sentence with no box ticked codes it
`none`; a sentence not saved yet keeps an empty themes cell and is left out of the correction.
It never shows the automatic coder's codes: a person who saw them would tend to agree with them,
and the correction would no longer measure the coder's errors.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from analysis import config
from analysis.coding import codebook, sheets
from analysis.errors import InputError
from analysis.report.formats import plural


def definitions_html(cb: codebook.Codebook) -> str:
    """Every theme's label, definition and exclusions, as the coder reads them."""
    rows = "".join(
        f"<p><b>{html.escape(t.label)}</b> (<code>{t.id}</code>): {html.escape(t.definition)}"
        + (f"<br><i>Do not code:</i> {html.escape(t.exclude)}" if t.exclude else "")
        + "</p>"
        for t in cb.themes
    )
    return f"<div style='max-height:24em;overflow-y:auto'>{rows}</div>"


class CodingWidget(widgets.VBox):
    """The sentence, a checkbox per theme, the codebook at hand, progress; the sheet saved as you go."""

    def __init__(self, sheet: str | Path | None = None, cb: codebook.Codebook | None = None):
        self.path = locate(sheet)
        self.codebook = cb or codebook.load()
        # written back as it was read: its own columns in its order, its groups' names untouched
        self.sheet = sheets.read_sheet(
            self.path, self.codebook.ids(), house_groups=False, labels=self.codebook.names()
        )
        self.columns = list(self.sheet.attrs["columns"])
        # what each sentence's row said when read (by line): a row nobody recoded is written as it was
        self.as_read = self._states()
        self.header = widgets.HTML()
        self.sentence = widgets.HTML()
        self.boxes = {
            # a label shows whole (ipywidgets shows no tooltip beside one: the definitions are below)
            t.id: widgets.Checkbox(description=t.label, indent=False, layout=widgets.Layout(width="auto"))
            for t in self.codebook.themes
        }
        self.previous = widgets.Button(description="Previous", icon="arrow-left")
        self.save = widgets.Button(description="Save and next", icon="check", button_style="primary")
        self.skip = widgets.Button(description="Next uncoded", icon="arrow-right")
        self.progress = widgets.IntProgress(min=0, max=len(self.sheet))
        self.status = widgets.Label()
        codebook_panel = widgets.Accordion(children=[widgets.HTML(definitions_html(self.codebook))])
        codebook_panel.set_title(0, f"Codebook {self.codebook.version}: definitions")
        codebook_panel.selected_index = None
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.save.on_click(lambda _: self.save_and_next())
        self.skip.on_click(lambda _: self.go(self.next_uncoded()))
        grid = widgets.GridBox(
            list(self.boxes.values()), layout=widgets.Layout(grid_template_columns="1fr 1fr")
        )
        super().__init__(
            children=[
                widgets.HBox([self.progress, self.status]),
                self.header,
                self.sentence,
                grid,
                widgets.HBox([self.previous, self.save, self.skip]),
                codebook_panel,
            ]
        )
        self.index = 0
        self._shown = False  # nothing shown yet: no ticks of the person's to lose
        self.go(self.next_uncoded(start=0))

    # --- state -------------------------------------------------------------------------------

    def coded(self) -> int:
        return int(self.sheet["coded"].sum())

    def next_uncoded(self, start: int | None = None) -> int:
        """The first sentence not coded yet after the current one (wrapping), else the current one."""
        n = len(self.sheet)
        first = (self.index + 1) if start is None else start
        for k in range(n):
            i = (first + k) % n
            if not self.sheet.at[i, "coded"]:
                return i
        return self.index

    def go(self, index: int) -> None:
        """Show sentence `index` (clamped to the sheet) with the themes saved for it; leaving a sentence
        whose ticks were not saved says so."""
        index = max(0, min(int(index), len(self.sheet) - 1))
        unsaved = self._shown and self.ticked() != tuple(self.sheet.at[self.index, "themes"])
        left = self.index
        self.index = index
        self._shown = True
        row = self.sheet.iloc[self.index]
        where = " \u00b7 ".join(str(row[c]) for c in ("group", "country") if c in row and str(row[c]))
        state = "coded" if row["coded"] else "not coded yet"
        self.header.value = (
            f"<b>Sentence {self.index + 1} of {len(self.sheet)}</b> \u00b7 {html.escape(where)} ({state})"
        )
        self.sentence.value = (
            f"<p style='font-size:1.2em;line-height:1.5'>{html.escape(str(row['text']))}</p>"
        )
        for theme, box in self.boxes.items():
            box.value = theme in row["themes"]
        self._progress()
        if unsaved:
            again = " and are undone" if left == index else ""
            self.status.value = (
                f"sentence {left + 1}'s ticks were not saved{again} (Save and next saves them)"
            )

    def ticked(self) -> tuple[str, ...]:
        return tuple(t for t, box in self.boxes.items() if box.value)

    def save_and_next(self) -> None:
        """Record the ticked themes (none ticked: `none`) for the sentence, write the sheet, move on;
        where the sheet cannot be written, stay on the sentence and keep it as it was."""
        before = self.sheet.at[self.index, "themes"], self.sheet.at[self.index, "coded"]
        self.sheet.at[self.index, "themes"] = self.ticked()
        self.sheet.at[self.index, "coded"] = True
        if not self.write():
            self.sheet.at[self.index, "themes"], self.sheet.at[self.index, "coded"] = before
            return
        self.go(self.next_uncoded())
        if self.coded() == len(self.sheet):
            self.status.value = f"all {plural(len(self.sheet), 'sentence')} coded; saved to {self._where()}"

    def _states(self) -> dict[int, tuple[tuple[str, ...], bool]]:
        """Each sentence's (themes, coded), by its line in the sheet."""
        return {
            line: (tuple(t), bool(c))
            for line, t, c in zip(self.sheet["line"], self.sheet["themes"], self.sheet["coded"], strict=True)
        }

    def table(self) -> pd.DataFrame:
        """The sheet as it is written: its own columns and every row read (a repeated row too, coded as
        the row it repeats); a sentence coded here with themes as 'a;b', `none` or '' (not coded), any
        other row's themes cell as it was written (a theme's label stays a label)."""
        state = self._states()
        written = self.sheet.attrs["written"]

        def cell(line: int, first: int) -> str:
            return written[line] if state[first] == self.as_read[first] else sheets.themes_cell(*state[first])

        rows = [
            (line, {**{c: row[c] for c in self.columns}, "themes": cell(line, line)})
            for line, row in zip(self.sheet["line"], self.sheet.to_dict("records"), strict=True)
        ]
        rows += [
            (r["line"], {**{c: r[c] for c in self.columns}, "themes": cell(r["line"], r["of"])})
            for r in self.sheet.attrs["repeats"]
        ]
        return pd.DataFrame([row for _, row in sorted(rows, key=lambda x: x[0])], columns=self.columns)

    def write(self) -> bool:
        """Write the sheet atomically; False (and say why) where it cannot be written."""
        try:
            sheets.write_sheet(self.table(), self.path, self.sheet.attrs["delimiter"])
        except PermissionError:  # a sheet in the raw data folder, which the toolkit never writes
            self.status.value = (
                f"not saved: {self.path.name} is in the read-only raw data folder (code a copy)"
            )
            return False
        self.status.value = f"{self.coded():,} of {len(self.sheet):,} coded; saved to {self._where()}"
        return True

    def _progress(self) -> None:
        self.progress.value = self.coded()
        if not self.status.value.startswith(f"{self.coded()} of"):
            self.status.value = f"{self.coded()} of {len(self.sheet)} coded"

    def _where(self) -> str:
        """The sheet as the analyst finds it again: its path from the project's folder ("data/validation/
        validation-sheet.tsv"), not its bare name, which every session's sheet may share."""
        from analysis.notebook import rel

        return rel(self.path)

    def __repr__(self) -> str:  # stable text/plain in a notebook (no widget state)
        return (
            f"CodingWidget({self.path.name}: {self.coded()} of {len(self.sheet)} coded; run the cell to code)"
        )


def locate(sheet: str | Path | None) -> Path:
    """The sheet to code: by default the one `python -m analysis sample` draws; a relative path is read
    from the working folder, else from the project's folder (a notebook's kernel runs in notebooks/,
    while the README's paths start at the project)."""
    if sheet is None:
        if not config.SAMPLE_SHEET.is_file():
            raise InputError(
                "no sample drawn yet: `python -m analysis sample` draws one", config.SAMPLE_SHEET
            )
        return config.SAMPLE_SHEET
    path = Path(sheet)
    if path.is_absolute() or path.exists():
        return path
    if (config.ROOT / path).exists():
        return config.ROOT / path
    raise InputError(f"no such file in {Path.cwd()} nor in the project folder {config.ROOT}", path)


def coding_widget(sheet: str | Path | None = None) -> CodingWidget:
    """The coding widget over a sheet drawn by `python -m analysis sample` (or any coded sheet); by
    default the sample's own sheet, data/validation/validation-sheet.tsv."""
    return CodingWidget(sheet)
