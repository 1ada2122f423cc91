"""Is a stage's output up to date? A make-like check by content, not by clock.

A stage records a fingerprint of everything its outputs depend on (input
bytes, the package's own code and data, settings) and the outputs it wrote.
A re-run with the same fingerprint and every output still in place does
nothing; anything changed, or any output missing, and the stage runs again.
The finer-grained caches (parses by text hash) then make that re-run cheap.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from analysis import config
from analysis.io import sha256_file, write_json

STAMP_DIR = ".cache"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's own source and data files: a code or codebook change invalidates outputs."""
    h = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".csv", ".yaml", ".txt") and "__pycache__" not in path.parts:
            h.update(path.relative_to(config.PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def fingerprint(inputs: list[Path], **settings) -> str:
    """One hash over input files' contents, the package's code and any settings."""
    h = hashlib.sha256(code_fingerprint().encode())
    for p in inputs:
        h.update(str(Path(p).name).encode())
        h.update(sha256_file(p).encode())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _stamp_path(processed: Path, stage: str, out: Path) -> Path:
    where = hashlib.sha256(str(Path(out).resolve()).encode()).hexdigest()[:12]
    return Path(processed) / STAMP_DIR / f"stage-{stage}-{where}.json"


def up_to_date(processed: Path, stage: str, out: Path, fp: str) -> bool:
    path = _stamp_path(processed, stage, out)
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stamp.get("fingerprint") != fp:
        return False
    return all((Path(out) / name).is_file() for name in stamp.get("outputs", []))


def record(processed: Path, stage: str, out: Path, fp: str, outputs: list[Path]) -> None:
    names = sorted(str(Path(p).resolve().relative_to(Path(out).resolve())) for p in outputs)
    write_json(_stamp_path(processed, stage, out), {"fingerprint": fp, "outputs": names})
