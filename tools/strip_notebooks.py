"""Remove the volatile parts of executed notebooks, so a re-run without changes is byte-identical.

papermill and nbclient write start/end times and durations into notebook and cell
metadata, and ipywidgets outputs carry random model ids (their state is not saved
anyway; an output that was a widget alone, such as a progress bar, goes with it).
Outputs that nbval compares are left alone: they are deterministic by design. Consecutive
pieces of one stream are joined: how a kernel splits printed text depends on when it flushed
(and, once a widget between them is gone, on nothing the reader sees).

    python tools/strip_notebooks.py notebooks/*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

VOLATILE_NOTEBOOK_KEYS = ("papermill", "widgets")
VOLATILE_CELL_KEYS = ("papermill", "execution")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip(nb) -> bool:
    """Strip `nb` in place; True when anything changed."""
    changed = False
    for key in VOLATILE_NOTEBOOK_KEYS:
        changed |= nb.metadata.pop(key, None) is not None
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            changed |= cell.metadata.pop(key, None) is not None
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                changed = True
                if not data:  # a widget alone (a progress bar): nothing left to show or compare
                    continue
            previous = kept[-1] if kept else {}
            streams = output.get("output_type") == previous.get("output_type") == "stream"
            if streams and previous.get("name") == output.get("name"):
                previous["text"] += output["text"]
                changed = True
                continue
            kept.append(output)
        if "outputs" in cell:
            cell.outputs = kept
    return changed


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    for p in paths:
        path = Path(p)
        nb = nbformat.read(path, as_version=4)
        strip(nb)
        text = nbformat.writes(nb) + "\n"
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
