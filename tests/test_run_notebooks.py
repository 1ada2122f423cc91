"""`make notebooks` (tools/run_notebooks.py): a notebook is replaced whole or not at all, and a machine
without the shared folder never overwrites the outputs that need it."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from analysis import config

TOOL = config.ROOT / "tools" / "run_notebooks.py"


def notebook(path, *cells):
    """A notebook of code cells, (source, tags), after a parameters cell as every notebook has."""
    cells = (('WHO = "nobody"', ["parameters"]), *cells)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src, metadata={"tags": list(tags)}) for src, tags in cells]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i}"
    nbformat.write(nb, path)
    return path


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def run(tmp_path, out, *paths, shared=None):
    env = {**os.environ, "ANALYSIS_SHARED": str(shared or tmp_path / "no-shared-here")}
    cmd = [sys.executable, str(TOOL), "--out", str(out), "-p", "WHO", "tests", *map(str, paths)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def folder(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    notebook(nbs / "01-plain.ipynb", ("print('hello', WHO)", []))
    notebook(
        nbs / "02-partly-shared.ipynb",
        ("print('coded')", []),
        ("print('agreement with the shared coders')", ["needs-shared"]),
    )
    return nbs


def outputs(path):
    """Printed text per code cell after the parameters (given and injected)."""
    nb = nbformat.read(path, as_version=4)
    cells = [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
    ]
    return [[o.get("text", "") for o in c.get("outputs", [])] for c in cells]


def test_in_place_without_the_shared_folder_the_notebooks_that_need_it_are_left_as_committed(
    tmp_path, folder
):
    committed = (folder / "02-partly-shared.ipynb").read_bytes()
    done = run(tmp_path, folder, folder / "01-plain.ipynb", folder / "02-partly-shared.ipynb")
    assert done.returncode == 0, done.stderr
    assert (folder / "02-partly-shared.ipynb").read_bytes() == committed
    said = "02-partly-shared.ipynb: left as committed, its cells tagged needs-shared read the shared folder"
    assert f"{said}, absent here (" in done.stdout
    # the other notebook ran, with the parameter, stripped of run times as committed notebooks are
    assert outputs(folder / "01-plain.ipynb")[-1] == ["hello tests\n"]
    assert "papermill" not in nbformat.read(folder / "01-plain.ipynb", as_version=4).metadata
    assert (
        folder / "01-plain.ipynb"
    ).stat().st_mode & 0o777 == 0o666 & ~current_umask()  # not mkstemp's 0600


def test_elsewhere_without_the_shared_folder_its_cells_are_notes(tmp_path, folder):
    out = tmp_path / "run"
    done = run(tmp_path, out, folder / "02-partly-shared.ipynb")
    assert done.returncode == 0, done.stderr
    nb = nbformat.read(out / "02-partly-shared.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code", "code", "code", "markdown"]  # parameters twice
    assert outputs(out / "02-partly-shared.ipynb") == [["coded\n"]]
    assert "Not run: this cell reads the shared folder" in nb.cells[-1].source


def test_with_the_shared_folder_every_cell_runs(tmp_path, folder):
    shared = tmp_path / "shared"
    shared.mkdir()
    done = run(tmp_path, folder, folder / "02-partly-shared.ipynb", shared=shared)
    assert done.returncode == 0, done.stderr
    assert outputs(folder / "02-partly-shared.ipynb") == [["coded\n"], ["agreement with the shared coders\n"]]


def test_a_failing_notebook_leaves_its_destination_as_it_was_and_stops_the_run(tmp_path, folder):
    bad = notebook(folder / "00-bad.ipynb", ("print('half')", []), ("1 / 0", []))
    before = bad.read_bytes()
    done = run(tmp_path, folder, bad, folder / "01-plain.ipynb")
    assert done.returncode == 1
    assert "00-bad.ipynb failed at the cell `1 / 0`: ZeroDivisionError: division by zero" in done.stderr
    assert bad.read_bytes() == before  # no half re-run notebook, no error cell committed
    assert outputs(folder / "01-plain.ipynb") == [[]]  # the run stopped there
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["00-bad.ipynb", "01-plain.ipynb", "02-partly-shared.ipynb"]  # no temporary file left
