"""Is a stage's output up to date? A make-like check by content, not by clock.

A stage records a fingerprint of everything its outputs depend on (its input
files' bytes, the source of the modules it uses, the data files it reads, its
settings) together with the outputs it wrote and a few counts for its summary.
A re-run with the same fingerprint and every output still in place does
nothing. "The modules it uses" is the import closure of the stage's entry
modules inside the package, read from their source, so a change to a plot's
colour re-draws the figures without re-cleaning or re-coding anything.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
from pathlib import Path

from analysis import config
from analysis.io import sha256_file, write_json

STAMP_DIR = ".cache"
PACKAGE = "analysis"


def _module_file(module: str) -> Path | None:
    """The source file of a module of this package (a package's __init__.py), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = config.PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> frozenset[str]:
    """Modules of this package that a source file imports, anywhere in it (lazy imports included)."""
    st = path.stat()
    return _parsed_imports(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=1024)
def _parsed_imports(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """`_imports` of one version of a file: each stage's closure shares the modules the others parsed."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != PACKAGE:
                continue
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)  # `from pkg import module`
    return frozenset(found)


@functools.lru_cache(maxsize=16)
def module_closure(entries: tuple[str, ...]) -> tuple[Path, ...]:
    """The source files of `entries` and of every package module they import, transitively."""
    seen: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _module_file(module)
        if path is None:
            continue
        seen[module] = path
        parts = module.split(".")
        todo += [".".join(parts[:k]) for k in range(1, len(parts))]  # parent packages run first
        todo += sorted(_imports(path))
    return tuple(sorted(set(seen.values())))


def code_fingerprint(entries: tuple[str, ...], data: tuple[Path, ...] = ()) -> str:
    """One hash over the source of the modules a stage uses and the data files it reads."""
    h = hashlib.sha256()
    for path in (*module_closure(tuple(sorted(entries))), *sorted(Path(d) for d in data)):
        where = path.relative_to(config.PACKAGE_DIR) if path.is_relative_to(config.PACKAGE_DIR) else path.name
        h.update(str(where).encode())
        h.update(path.read_bytes() if path.is_file() else b"<absent>")
    return h.hexdigest()


def fingerprint(inputs: list[Path], code: str, **settings) -> str:
    """One hash over input files' names and contents, a stage's code fingerprint and its settings."""
    h = hashlib.sha256(code.encode())
    for p in inputs:
        h.update(str(Path(p).name).encode())
        h.update(sha256_file(p).encode())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _stamp_path(processed: Path, stage: str, out: Path) -> Path:
    """A stage's record, one per output folder, named by where that folder is from the processed one (".",
    "../../reports/figures"): a project moved or copied whole keeps its records."""
    try:
        where = os.path.relpath(Path(out).resolve(), Path(processed).resolve())
    except ValueError:  # another drive (Windows): no relative path
        where = str(Path(out).resolve())
    key = hashlib.sha256(Path(where).as_posix().encode()).hexdigest()[:12]
    return Path(processed) / STAMP_DIR / f"stage-{stage}-{key}.json"


def recorded(processed: Path, stage: str, out: Path, fp: str) -> dict | None:
    """The stage's record (outputs and counts) if its outputs are up to date with `fp`, else None."""
    path = _stamp_path(processed, stage, out)
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("fingerprint") != fp or not _current(stamp, out):
        return None
    return stamp


def _current(stamp: dict, out: Path) -> bool:
    """The stamp's outputs are the files in `out`: none deleted or edited by hand since (a CSV opened and
    saved in a spreadsheet)."""
    written = stamp.get("sha256", {})
    for name in stamp.get("outputs", []):
        where = Path(out) / name
        if not where.is_file() or written.get(name) != sha256_file(where):
            return False
    return True


def record(processed: Path, stage: str, out: Path, fp: str, outputs: list[Path], counts: dict,
           unread: list[str] | None = None) -> None:  # fmt: skip
    """Record a stage's outputs under its fingerprint. `unread`: the input files it could not read, its
    outputs covering the rest; such a record matches no fingerprint (the next run tries those files
    again) and says what its outputs leave out (`unread`)."""
    names = sorted(str(Path(p).resolve().relative_to(Path(out).resolve())) for p in outputs)
    hashes = {name: sha256_file(Path(out) / name) for name in names}
    stamp = {"fingerprint": "" if unread else fp, "outputs": names, "sha256": hashes, "counts": counts}
    write_json(_stamp_path(processed, stage, out), {**stamp, "unread": sorted(unread)} if unread else stamp)


def unread_inputs(processed: Path, stage: str, out: Path) -> list[str]:
    """The input files a stage could not read when it wrote the outputs now in `out` ([] where it read
    them all, or those outputs have been replaced since)."""
    try:
        stamp = json.loads(_stamp_path(processed, stage, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return list(stamp.get("unread", [])) if stamp.get("unread") and _current(stamp, out) else []
