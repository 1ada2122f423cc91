"""Progress on long work: a bar in a terminal, a live bar in a notebook, silence under CI and in pipes.

In a Jupyter kernel the bar is tqdm's notebook widget, shown without a `text/plain`
twin and closed when the work is done: nothing of it stays in the saved outputs that
nbval compares, so a notebook reads the same whether its caches were warm or cold.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
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


def named_steps(names: list[str], desc: str, unit: str = "it", tick: float = 1.0) -> Iterator[str]:
    """Each of `names` in turn, under a bar that names the step in progress and keeps its clock running.

    tqdm redraws only when a step ends, so a step of many seconds (the distinctive terms of ten General
    Debate years: 9-17 s) showed the step before it, its clock stopped, as if the work were stuck. The
    name is shown as the step starts; a thread redraws the bar every `tick` seconds until the last ends."""
    bar = progress(names, desc=desc, total=len(names), unit=unit)
    stop = threading.Event()
    if not bar.disable:
        threading.Thread(target=_redraw, args=(bar, stop, tick), daemon=True).start()
    try:
        for done, name in enumerate(names):
            bar.set_postfix_str(name, refresh=False)
            if done:
                bar.update(1)  # the step before, counted under this one's name (never the finished one's)
            bar.refresh()
            yield name
        bar.update(1 if names else 0)
    finally:
        stop.set()
        bar.close()


def _redraw(bar, stop: threading.Event, every: float) -> None:
    """Redraw `bar` (its elapsed time) every `every` seconds until `stop`: tqdm's lock keeps it from
    drawing over the steps' own updates."""
    while not stop.wait(every):
        bar.refresh()


def _notebook_bar(iterable: Iterable[T], desc: str, total: int | None, unit: str) -> Iterable[T]:
    from IPython.display import display
    from tqdm.notebook import tqdm as notebook_tqdm

    bar = notebook_tqdm(iterable, desc=desc, total=total, unit=unit, leave=False, display=False)
    view = {"version_major": 2, "version_minor": 0, "model_id": bar.container.model_id}
    display({WIDGET_VIEW: view}, raw=True)  # the widget only: no text/plain for nbval to compare
    bar.displayed = True
    return bar
