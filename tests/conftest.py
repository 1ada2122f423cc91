"""Shared fixtures: where ../shared is, and a way to skip when it is absent."""

from __future__ import annotations

import os

import pytest

from analysis import config

# Quiet progress bars and a small bootstrap: tests check behaviour, not precision.
os.environ.setdefault("ANALYSIS_PROGRESS", "0")


@pytest.fixture
def shared_dir():
    if not config.SHARED_DIR.is_dir():
        pytest.skip(f"needs the shared corpora at {config.SHARED_DIR} (absent on this machine)")
    return config.SHARED_DIR
