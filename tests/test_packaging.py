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


def test_every_file_the_package_reads_is_declared_package_data_so_a_wheel_carries_it():
    """A wheel (`pip install` from a git URL or a file) holds only the modules and the files package-data
    names: a codebook, word list or schema added beside them but not declared works in the checkout and is
    missing once installed. Every file of the package that is not a module must match a declared pattern."""
    from analysis import config

    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["analysis"]
    declared = {path for pattern in patterns for path in config.PACKAGE_DIR.glob(pattern)}
    files = {
        path
        for path in config.PACKAGE_DIR.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and not path.name.startswith(".")
        and "__pycache__" not in path.parts
    }
    assert files, "the package's data files were not found"
    assert sorted(p.relative_to(config.PACKAGE_DIR).as_posix() for p in files - declared) == []


def test_the_version_the_outputs_are_stamped_with_is_the_one_the_wheel_is_built_as():
    """Every provenance record and figure names `analysis.__version__`; pip names the installed
    distribution by pyproject's version. Two numbers that drift apart would stamp outputs with a
    version nobody installed."""
    import analysis

    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert analysis.__version__ == pyproject["project"]["version"]
