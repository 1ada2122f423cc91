"""The committed notebooks as files: thin (no functions or classes: they call `analysis`), committed
executed, and every cell that depends on the shared folder tagged so that nbval skips it, instead of
failing with a NameError, on a machine without ../shared (notebooks/conftest.py)."""

from __future__ import annotations

import ast
import json

import pytest

from analysis import config

NOTEBOOKS = sorted((config.ROOT / "notebooks").glob("*.ipynb"))
NEEDS_SHARED_TAG = "needs-shared"


def code_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def source(cell) -> str:
    text = "".join(cell["source"])
    # IPython magics are not Python; the notebooks use none, but a `%` line must not break the parse
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))


def bound_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def loaded_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_defines_no_function_or_class(path):
    for i, cell in enumerate(code_cells(path)):
        tree = ast.parse(source(cell))
        defined = [
            n.name
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert not defined, f"{path.name} code cell {i} defines {defined}: move it into the analysis package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_is_committed_executed_in_order(path):
    counts = [c.get("execution_count") for c in code_cells(path)]
    assert None not in counts, (
        f"{path.name}: code cells never run (execution_count None): run `make notebooks`"
    )
    assert counts == sorted(counts), f"{path.name}: cells were run out of order: {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_cell_using_what_a_needs_shared_cell_made_is_tagged_too(path):
    """Without ../shared, nbval skips the tagged cells; an untagged cell that reads their results
    would then fail with a NameError (it did: notebook 02's agreement cells lost their tags once)."""
    from_shared: set[str] = set()
    for i, cell in enumerate(code_cells(path)):
        tree = ast.parse(source(cell))
        tagged = NEEDS_SHARED_TAG in cell.get("metadata", {}).get("tags", [])
        if tagged:
            from_shared |= bound_names(tree)
            continue
        used = loaded_names(tree) & from_shared
        assert not used, (
            f"{path.name} code cell {i} uses {sorted(used)} from a `{NEEDS_SHARED_TAG}` cell: tag it"
        )
        from_shared -= bound_names(tree)  # rebound by an untagged cell: no longer from the shared folder


def test_the_agreement_cells_of_notebook_02_need_the_shared_folder():
    """They read the coded sentences under ../shared/specs (analysis.report.agreement_views)."""
    cells = code_cells(config.ROOT / "notebooks" / "02-code-themes.ipynb")
    reading = [c for c in cells if "av.reports()" in source(c) or "av.revision()" in source(c)]
    assert reading, "notebook 02 no longer reads the agreement reports: update this test"
    for cell in reading:
        assert NEEDS_SHARED_TAG in cell["metadata"].get("tags", []), source(cell)
