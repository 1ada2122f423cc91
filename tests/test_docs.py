"""docs/design.md is the map a newcomer reads the package by: every module is on it, and every
`module.name` it cites is there in the code."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "analysis"
DESIGN = ROOT / "docs" / "design.md"
NOT_OURS = {"nlp.create_pipe"}  # spaCy's Language method, on a pipeline called `nlp`, not coding/nlp


def _modules() -> dict[str, str]:
    """Every module of the package: its path under the package ("coding/nlp") -> its import name."""
    found = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(PACKAGE).with_suffix("")
        if rel.name in ("__init__", "__main__"):
            continue
        found[rel.as_posix()] = "analysis." + ".".join(rel.parts)
    return found


def _cited(text: str) -> set[str]:
    """The words design.md sets in code: each piece of a backticked span ("`text`, `word`" in a row that
    names several modules, "`coding/nlp`", "`report.alt`", "`ingest/corpus.py`")."""
    pieces = set()
    for span in re.findall(r"`([^`\n]+)`", text):
        for piece in re.split(r"[\s,()+\[\]]+", span):
            if piece:
                pieces.add(piece.removesuffix(".py").rstrip("/"))
    return pieces


def _named(path: str, cited: set[str]) -> bool:
    """Named by path, dotted or by its last part, alone or with a name in it (`report.plots.FIGURES`)."""
    parts = path.split("/")
    forms = {path, ".".join(parts), parts[-1]}
    return any(c in forms or c.startswith(tuple(f + "." for f in forms)) for c in cited)


def test_every_module_of_the_package_is_on_the_design_map():
    """comparison/parallel (Ctrl-C in the statistics' threads), exchange/schema (the REFI-QDA schema
    check) and report/alt (every figure's alternative text) were written after design.md's tables and
    never added: a newcomer looking for where a figure's alt text is made found nothing."""
    cited = _cited(DESIGN.read_text(encoding="utf-8"))
    missing = [path for path in _modules() if not _named(path, cited)]
    assert not missing, f"name these modules in docs/design.md's tables: {missing}"


def _attribute_citations(text: str, modules: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    """`module.name` citations whose first part is a module of the package ("assemble._after_closing",
    "report.plots.FIGURES", "grammar.Notes.run_items"): (citation, the name, every module it may mean)."""
    by_stem: dict[str, list[str]] = {}
    for path, dotted in modules.items():
        parts = path.split("/")
        by_stem.setdefault(parts[-1], []).append(dotted)
        by_stem.setdefault(".".join(parts), []).append(dotted)
    found = []
    for piece in _cited(text):
        m = re.fullmatch(r"((?:[a-z_]+\.)?[a-z_]+)\.([A-Za-z_][\w.]*)", piece)
        if m and m.group(1) in by_stem and not piece.endswith((".yaml", ".csv", ".txt", ".md", ".json")):
            found.append((piece, m.group(2), by_stem[m.group(1)]))
    return sorted(found)


def _has(dotted_module: str, attribute: str) -> bool:
    obj = importlib.import_module(dotted_module)
    for part in attribute.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def test_every_function_and_class_the_design_cites_exists_under_that_name():
    """design.md cites some thirty functions, classes and constants by `module.name`; a rename that
    leaves the map pointing at nothing is caught here, not by a newcomer's grep."""
    citations = _attribute_citations(DESIGN.read_text(encoding="utf-8"), _modules())
    assert len(citations) > 20, citations  # the map cites the functions it explains
    wrong = [
        piece
        for piece, name, candidates in citations
        if not any(_has(m, name) for m in candidates) and piece not in NOT_OURS
    ]
    assert not wrong, f"docs/design.md cites names the code does not have: {wrong}"


@pytest.mark.parametrize("stale", ["`attendance.is_counted_now`", "`report.plots.FIGURE_LIST`"])
def test_a_citation_of_a_name_the_module_lacks_is_reported(stale):
    """The check above reads what it should: a cited name the module does not have is found wanting."""
    [(piece, name, candidates)] = _attribute_citations(stale, _modules())
    assert not any(_has(m, name) for m in candidates)


def test_the_design_counts_the_languages_of_the_word_file_as_it_holds_them():
    """design.md said the function-word file held 39 languages after Cyrillic (6) and Devanagari (3) lists
    joined the 39 Latin-script ones: 48 lines. The count is read from the file, by script."""
    from analysis.ingest import language

    n = len(language._order())
    cyr, deva = len(language.CYRILLIC_WORDS), len(language.DEVANAGARI_WORDS)
    said = f"({n} languages: {n - cyr - deva} in Latin script, {cyr} in Cyrillic, {deva} in Devanagari)"
    assert said in " ".join(DESIGN.read_text(encoding="utf-8").split()), said


def test_the_statistics_guide_lists_every_module_of_the_comparison_package():
    """statistics.md ends with the comparison package's modules, one job each; quotes and parallel were
    missing from it."""
    text = (ROOT / "docs" / "statistics.md").read_text(encoding="utf-8")
    table = text.split("## Modules (`src/analysis/comparison/`)", 1)[1]
    cited = _cited(table)
    missing = [p for p in _modules() if p.startswith("comparison/") and not _named(p.split("/")[-1], cited)]
    assert not missing, f"add these to the module table at the end of docs/statistics.md: {missing}"
