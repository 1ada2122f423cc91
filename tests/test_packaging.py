"""What pyproject.toml declares, where the build tools are about to change the rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_license_is_an_spdx_string_the_build_backend_still_accepts():
    """setuptools warns, on every install, that a `license = { text = ... }` table stops building after
    2027-02-18: the licence is the SPDX string, and the build asks for a setuptools that reads one (77)."""
    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert "setuptools>=77" in pyproject["build-system"]["requires"]
