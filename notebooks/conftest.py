"""nbval on the notebooks: skip what needs the shared corpora where they are absent.

05-general-debate runs on <shared>/corpora/ungdc; cells tagged `needs-shared` (the
dev-set agreement at the end of 02) read <shared>/specs. Without the shared folder
(analysis.config.SHARED_DIR) those items are skipped with a reason instead of failing.
"""

from __future__ import annotations

import os

import pytest

from analysis import config as analysis_config

os.environ.setdefault("ANALYSIS_PROGRESS", "0")

NEEDS_SHARED_NOTEBOOKS = analysis_config.NEEDS_SHARED_NOTEBOOKS
NEEDS_SHARED_TAG = analysis_config.NEEDS_SHARED_TAG


def _needs_shared(item) -> bool:
    if item.path.name in NEEDS_SHARED_NOTEBOOKS:
        return True
    cell = getattr(item, "cell", None)
    tags = cell.get("metadata", {}).get("tags", []) if cell is not None else []
    return NEEDS_SHARED_TAG in tags


def pytest_collection_modifyitems(config, items):
    shared = analysis_config.SHARED_DIR
    if shared.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the shared corpora at {shared} (absent on this machine)")
    for item in items:
        if _needs_shared(item):
            item.add_marker(skip)
