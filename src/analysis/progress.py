"""Progress on long work: a bar in a terminal, a live bar in a notebook, silence under CI and in pipes.

In a Jupyter kernel the bar is tqdm's notebook widget, shown without a `text/plain`
twin and closed when the work is done: nothing of it stays in the saved outputs that
nbval compares, so a notebook reads the same whether its caches were warm or cold.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm

from analysis.config import show_progress

T = TypeVar("T")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, papermill, nbval), False in a terminal or a script."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def progress(iterable: Iterable[T], desc: str, total: int | None = None, unit: str = "it") -> Iterable[T]:
    if not show_progress(notebook=in_notebook()):
        return tqdm(iterable, desc=desc, total=total, unit=unit, disable=True)
    if in_notebook():
        return _notebook_bar(iterable, desc, total, unit)
    return tqdm(iterable, desc=desc, total=total, unit=unit, leave=False)


def _notebook_bar(iterable: Iterable[T], desc: str, total: int | None, unit: str) -> Iterable[T]:
    from IPython.display import display
    from tqdm.notebook import tqdm as notebook_tqdm

    bar = notebook_tqdm(iterable, desc=desc, total=total, unit=unit, leave=False, display=False)
    view = {"version_major": 2, "version_minor": 0, "model_id": bar.container.model_id}
    display({WIDGET_VIEW: view}, raw=True)  # the widget only: no text/plain for nbval to compare
    bar.displayed = True
    return bar
