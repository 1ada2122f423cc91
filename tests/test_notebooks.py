"""The committed notebooks as files: thin (no functions or classes: they call `analysis`), committed
executed, and every cell that depends on the shared folder tagged so that nbval skips it, instead of
failing with a NameError, on a machine without ../shared (notebooks/conftest.py)."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json

import pytest

from analysis import config
from analysis.report import agreement_views

NOTEBOOKS = sorted((config.ROOT / "notebooks").glob("*.ipynb"))


def _nbval_conftest():
    spec = importlib.util.spec_from_file_location(
        "notebooks_conftest", config.ROOT / "notebooks" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NEEDS_SHARED_TAG = (
    _nbval_conftest().NEEDS_SHARED_TAG
)  # the tag nbval skips on, as notebooks/conftest.py reads it


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


# A code cell in JupyterLab at 1280 px with the file browser open shows about 105 characters of a line;
# a longer line runs past the cell's right edge and hides its end (notebook 2's top_candidate cell did).
CODE_LINE = 100


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebooks_code_lines_fit_the_cell_at_laptop_width(path):
    long = [
        f"code cell {i}: {len(line)} characters: {line[:60]}..."
        for i, cell in enumerate(code_cells(path))
        for line in "".join(cell["source"]).splitlines()
        if len(line) > CODE_LINE
    ]
    assert not long, f"{path.name}: " + "; ".join(long)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_is_committed_executed_in_order(path):
    counts = [c.get("execution_count") for c in code_cells(path)]
    assert None not in counts, (
        f"{path.name}: code cells never run (execution_count None): run `make notebooks`"
    )
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not one top-to-bottom run: {counts}"


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


def test_every_cell_that_reads_the_coded_sets_is_tagged():
    """The agreement views whose default is the coded sets under ../shared/specs (a `sets` argument)
    read the shared folder: every notebook cell that calls one must carry the tag."""
    readers = {
        name
        for name, fn in inspect.getmembers(agreement_views, inspect.isfunction)
        if fn.__module__ == agreement_views.__name__ and "sets" in inspect.signature(fn).parameters
    }
    assert {"reports", "revision"} <= readers
    calls = 0
    for path in NOTEBOOKS:
        for i, cell in enumerate(code_cells(path)):
            called = {
                n.func.attr
                for n in ast.walk(ast.parse(source(cell)))
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in readers
            }
            calls += bool(called)
            tags = cell.get("metadata", {}).get("tags", [])
            assert not called or NEEDS_SHARED_TAG in tags, f"{path.name} code cell {i} calls {called}: tag it"
    assert calls, "no notebook reads the coded sets any more: update this test"


def test_running_the_notebooks_on_other_transcripts_never_writes_over_the_committed_ones():
    """`make notebooks RAW=...` once executed each notebook over itself and wrote the other data's tables and
    figures into data/processed and reports/figures: committed outputs replaced, nbval failing after."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "-n", "notebooks", "RAW=/elsewhere/their-dialogues"],
        cwd=config.ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert 'tools/run_notebooks.py --out "reports/runs/their-dialogues/notebooks"' in plan
    assert '-p PROCESSED "$(realpath -m "reports/runs/their-dialogues/processed")"' in plan
    assert '-p FIGURES "$(realpath -m "reports/runs/their-dialogues/figures")"' in plan
    assert "05-general-debate" not in plan  # it does not read RAW


def _parameters(path) -> set[str]:
    """The names the notebook's `parameters` cell assigns: what papermill's `-p NAME` can set."""
    cell = next(c for c in code_cells(path) if "parameters" in c.get("metadata", {}).get("tags", []))
    tree = ast.parse(source(cell))
    return {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets}


def test_the_notebooks_readme_names_every_parameter_a_notebook_takes():
    """notebooks/README.md is where an analyst learns what `-p` can set: a parameter it leaves out
    (05's VALIDATION was) can only be found by opening the notebook."""
    readme = (config.ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    missing = {p.name: sorted(n for n in _parameters(p) if f"`{n}`" not in readme) for p in NOTEBOOKS}
    assert not {name: names for name, names in missing.items() if names}, missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_image_a_notebook_shows_is_described(path):
    """The exported HTML report takes an image's text/plain as its alt text (tools/nbconvert): a figure
    shown as IPython's '<... object>' repr would reach a screen reader as no description at all."""
    for cell in code_cells(path):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                described = "".join(data.get("text/plain", ""))
                assert described and not described.startswith("<"), (path.name, cell["source"][:80])


def _first_markdown(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return " ".join("".join(next(c for c in cells if c["cell_type"] == "markdown")["source"]).split())


def _reads_raw(path) -> bool:
    """Whether a notebook's code (past its parameters cell) uses RAW: its outputs follow other transcripts."""
    cells = [c for c in code_cells(path) if "parameters" not in c.get("metadata", {}).get("tags", [])]
    return any("RAW" in loaded_names(ast.parse(source(c))) for c in cells)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if _reads_raw(p)], ids=lambda p: p.name)
def test_a_notebook_on_other_transcripts_says_its_prose_is_the_bundled_samples(path):
    """Run on an analyst's own round (`make notebooks RAW=...`), the tables follow the round but the prose
    does not: 01 said 'here the Asia-Pacific captions, saved as Windows-1252' and 'the Africa session has two
    [chairs]', 02 'only one phrase passes the filters' and that the Dialogues' validation sample has '18
    sentences, 16 of them counted', as if of the analyst's sessions. 03 and 04 said whose numbers their prose
    quotes; every notebook that reads RAW says so in its first cell."""
    first = _first_markdown(path)
    assert "bundled sample" in first and "on other transcripts (`make notebooks RAW=...`) read the" in first


def test_the_general_debate_notebook_says_its_prose_is_the_committed_years():
    """05's prose quotes the committed 2023 run (its corrected shares, 'partnerships twice as often'); run as
    the README says with -p YEARS 2015-2024 it has no corrected shares at all."""
    first = _first_markdown(config.ROOT / "notebooks" / "05-general-debate.ipynb")
    assert "with other `YEARS` read the tables" in first


PREPARES = "print(nb.ensure_themes(RAW, PROCESSED, validation=VALIDATION))"


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if any(PREPARES in source(c) for c in code_cells(p))], ids=lambda p: p.name
)
def test_a_notebook_that_prepares_the_tables_from_raw_says_which_coded_sheet_corrected_them(path):
    """03 and 04 show corrected shares from whatever RAW/validation-sample.tsv holds, and printed only
    'ready: ...' (on a round copied from data/raw: the bundled sample's sheet, 74 of its 108 rows found)."""
    cell = next(source(c) for c in code_cells(path) if PREPARES in source(c))
    assert f"{PREPARES}\nprint(nb.corrected_with(RAW, PROCESSED, VALIDATION))" in cell
