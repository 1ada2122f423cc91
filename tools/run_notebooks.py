"""Execute notebooks with papermill for `make notebooks`: each written whole or not at all.

    python tools/run_notebooks.py --out notebooks [-p RAW path ...] notebooks/0*.ipynb

Each notebook runs into a temporary file beside its destination, is stripped of what changes
from run to run (`strip_notebooks.strip`) and only then replaces the destination, so a failing
cell never leaves a committed notebook half re-run. Without the shared folder
(`analysis.config.SHARED_DIR`: the team's coded sentences and corpora, not distributed with
the code) a notebook that reads it throughout (05) is left out, and one with cells tagged
`needs-shared` (02's agreement sections) is either left as it is when run in place (its
committed outputs need the folder) or, run elsewhere, executed without those cells, each
replaced by a note. Stops at the first notebook that fails (exit status 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
import papermill
from strip_notebooks import strip

from analysis import config
from analysis.io import file_mode, temporary_beside

KERNEL = "python3"


def shared_cells(nb) -> list[int]:
    """Indexes of the cells tagged `needs-shared`."""
    return [
        i for i, c in enumerate(nb.cells) if config.NEEDS_SHARED_TAG in c.get("metadata", {}).get("tags", [])
    ]


def without_shared_cells(nb, shared: Path):
    """A copy of `nb` whose `needs-shared` cells are notes saying why they did not run."""
    nb = nbformat.from_dict(nb)
    for i in shared_cells(nb):
        note = f"*Not run: this cell reads the shared folder ({shared}), absent here; set ANALYSIS_SHARED.*"
        nb.cells[i] = nbformat.v4.new_markdown_cell(note, id=nb.cells[i].get("id"))
    return nb


def plan(path: Path, out: Path, shared_present: bool) -> tuple[str, object | None]:
    """What to do with one notebook: ('run', notebook to run) or ('skip', None) with the reason."""
    nb = nbformat.read(path, as_version=4)
    if shared_present:
        return "run", nb
    if path.name in config.NEEDS_SHARED_NOTEBOOKS:
        return "skip: not run, it reads the shared folder throughout", None
    if not shared_cells(nb):
        return "run", nb
    if out.resolve() == path.resolve():
        return "skip: left as committed, its cells tagged needs-shared read the shared folder", None
    return "run", without_shared_cells(nb, config.SHARED_DIR)


def run(nb, out: Path, parameters: dict[str, str], cwd: Path) -> None:
    """Execute `nb` into `out`, atomically, stripped as committed notebooks are."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(out, suffix=".ipynb")  # a killed run's leftover is removed here
    os.close(fd)
    try:
        executed = papermill.execute_notebook(
            nb, tmp, parameters=parameters, kernel_name=KERNEL, cwd=str(cwd), progress_bar=False
        )
        strip(executed)
        nbformat.write(executed, tmp)
        os.chmod(tmp, file_mode())  # mkstemp's 0600 would stay with the notebook
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder the executed notebooks go to")
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    args = parser.parse_args(argv)
    shared_present = config.SHARED_DIR.is_dir()
    for path in args.notebooks:
        out = args.out / path.name
        what, nb = plan(path, out, shared_present)
        if nb is None:
            print(f"{path}: {what.removeprefix('skip: ')}, absent here ({config.SHARED_DIR})")
            continue
        print(f"papermill {path} -> {out}", flush=True)
        try:
            run(nb, out, dict(args.p), path.parent)
        except papermill.PapermillExecutionError as exc:
            first = (exc.source or "").strip().splitlines()[:1] or [""]
            print(f"{path} failed at the cell `{first[0]}`: {exc.ename}: {exc.evalue}", file=sys.stderr)
            print(f"{out} left as it was", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
