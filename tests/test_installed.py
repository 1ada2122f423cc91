"""The package installed from a wheel (`pip install` from a git URL or a file), outside any checkout: where
its default folders lie, and what a command says when they are not there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config


def _installed(tmp_path: Path) -> Path:
    """A copy of the package laid out as pip lays a wheel into site-packages, no checkout above it: its
    site-packages folder."""
    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    shutil.copytree(config.PACKAGE_DIR, site / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def _run(site: Path, *args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m analysis ARGS` importing the installed copy, run in `cwd`."""
    base = {k: v for k, v in os.environ.items() if k not in ("ANALYSIS_ROOT", "ANALYSIS_SHARED")}
    env = {**base, "PYTHONPATH": str(site), "ANALYSIS_PROGRESS": "0", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def _files(folder: Path) -> set[Path]:
    """Every file under `folder` but Python's bytecode caches."""
    return {p for p in folder.rglob("*") if "__pycache__" not in p.parts}


def _fake_checkout(folder: Path) -> Path:
    """A checkout's marks (pyproject.toml beside src/analysis): the package folder inside it."""
    (folder / "src" / "analysis").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'dialogue-analysis'\n", encoding="utf-8")
    return folder / "src" / "analysis"


def test_the_project_folder_is_the_checkout_else_analysis_root_else_the_working_folder(tmp_path, monkeypatch):
    """Installed outside a checkout, the defaults (data/raw, data/processed, reports/figures) lie under the
    folder a command runs in, and config says so, so that messages can tell the user which folder to give."""
    monkeypatch.delenv("ANALYSIS_ROOT", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    site_package = _installed(tmp_path) / "analysis"
    assert config._find_root(site_package) == (work, "working folder")
    inside = _fake_checkout(tmp_path / "clone")
    assert config._find_root(inside) == (tmp_path / "clone", "checkout")
    in_its_venv = tmp_path / "clone" / ".venv" / "lib" / "python3.11" / "site-packages" / "analysis"
    assert config._find_root(in_its_venv) == (tmp_path / "clone", "checkout")  # `pip install .` there
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path / "team"))
    assert config._find_root(site_package) == (tmp_path / "team", "ANALYSIS_ROOT")


def test_an_installed_run_without_folders_says_which_folder_to_give_and_writes_nothing(tmp_path):
    """`pip install` then `python -m analysis run` in a folder of one's own said only
    '/that/folder/data/raw: no such folder of raw transcripts': not that data/raw was a default taken from
    the working folder, nor how to name another (--raw, ANALYSIS_ROOT)."""
    site = _installed(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    before = _files(site)
    for command in ("run", "clean"):
        proc = _run(site, command, cwd=work)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        [line] = proc.stderr.strip().splitlines()
        assert line.startswith(f"error: {work / 'data' / 'raw'}: no such folder of raw transcripts")
        assert "working folder" in line and "--raw FOLDER" in line and "ANALYSIS_ROOT" in line
    assert list(work.iterdir()) == []
    assert _files(site) == before


def test_the_report_figures_guard_outside_a_checkout_speaks_of_no_bundled_sample(tmp_path, monkeypatch):
    """Installed, `run --raw mine` without --out in a folder of one's own was refused because reports/figures
    'holds the bundled sample's report figures, committed with the project': there is no sample there, nor a
    project. The refusal stands (the default folder is that of data/raw's figures); its reason is true."""
    from analysis import pipeline
    from analysis.errors import InputError

    work = tmp_path / "work"
    monkeypatch.setattr(config, "ROOT", work)
    monkeypatch.setattr(config, "RAW_DIR", work / "data" / "raw")
    monkeypatch.setattr(config, "FIGURES_DIR", work / "reports" / "figures")
    with pytest.raises(InputError) as err:
        pipeline.check_report_figures(config.FIGURES_DIR, raw=tmp_path / "mine")
    said = str(err.value)
    assert "bundled sample" not in said and "committed" not in said
    assert "data/raw" in said and "give --out another folder" in said


def test_an_installed_stage_without_its_default_folder_says_to_name_the_one_it_wrote_into(tmp_path):
    """After `clean --raw mine --out out/processed`, `themes` alone said '/that/folder/data/processed/
    turns.parquet: missing; run `python -m analysis clean` first': the turns are made, in another folder.
    Where the default processed folder does not exist at all, the message also says to give --processed and
    where the default lies."""
    site = _installed(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    for command in ("themes", "figures", "sample"):
        proc = _run(site, command, cwd=work)
        assert proc.returncode == 2, proc.stderr
        [line] = proc.stderr.strip().splitlines()
        assert line.startswith(f"error: {work / 'data' / 'processed'}"), line
        assert "give --processed the folder it wrote into" in line and "working folder" in line, line
    assert list(work.iterdir()) == []
