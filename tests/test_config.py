"""config: where the project folder is found, how a group label is read, when progress bars show.

(The installed package's folders are in test_installed; group labels in a manifest in test_manifest.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config


def _checkout(folder: Path) -> Path:
    """A checkout's marks (pyproject.toml beside src/analysis)."""
    (folder / "src" / "analysis").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'dialogue-analysis'\n", encoding="utf-8")
    return folder


def test_a_checkout_needs_both_pyproject_toml_and_src_analysis(tmp_path):
    assert config.is_checkout(_checkout(tmp_path / "clone"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    assert not config.is_checkout(tmp_path / "other")  # another project's folder
    (tmp_path / "copy" / "src" / "analysis").mkdir(parents=True)
    assert not config.is_checkout(tmp_path / "copy")  # a copy of the sources alone


def test_installed_into_the_venv_of_another_project_the_root_is_the_working_folder(tmp_path, monkeypatch):
    """A team's own project (its pyproject.toml, its .venv) with the package pip-installed into that venv:
    the project above the venv is not this one, and its folder holds none of data/raw."""
    monkeypatch.delenv("ANALYSIS_ROOT", raising=False)
    mine = tmp_path / "mine"
    (mine / "src" / "mine").mkdir(parents=True)
    (mine / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    monkeypatch.chdir(mine)
    package = mine / ".venv" / "lib" / "python3.11" / "site-packages" / "analysis"
    assert config._find_root(package) == (mine, "working folder")


def test_analysis_root_set_empty_is_not_set_and_a_relative_one_is_made_absolute(tmp_path, monkeypatch):
    """`export ANALYSIS_ROOT=` (cleared in a shell) names no folder; `ANALYSIS_ROOT=team` is taken from the
    folder the command runs in, once, so a later change of folder does not move data/raw."""
    package = _checkout(tmp_path / "clone") / "src" / "analysis"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_ROOT", "")
    assert config._find_root(package) == (tmp_path / "clone", "checkout")
    monkeypatch.setenv("ANALYSIS_ROOT", "team")
    root, how = config._find_root(package)
    assert (root, how) == (tmp_path / "team", "ANALYSIS_ROOT") and root.is_absolute()


@pytest.mark.parametrize(
    ("found", "said"),
    [
        ("checkout", "the project folder {root}"),
        ("ANALYSIS_ROOT", "{root} (ANALYSIS_ROOT)"),
        ("working folder", "{root}, the working folder (the package is installed outside a checkout"),
    ],
)
def test_a_message_names_the_project_folder_with_how_it_was_found(tmp_path, monkeypatch, found, said):
    monkeypatch.setattr(config, "ROOT", tmp_path)
    monkeypatch.setattr(config, "ROOT_FOUND", found)
    assert config.root_said().startswith(said.format(root=tmp_path))


def test_the_spacy_models_named_in_the_environment_leave_out_blanks():
    """ANALYSIS_SPACY_MODEL="en_core_web_md, en_core_web_sm," (a trailing comma, a space): two names."""
    env = {**os.environ, "ANALYSIS_SPACY_MODEL": " en_core_web_md, en_core_web_sm, ,"}
    proc = subprocess.run(
        [sys.executable, "-c", "from analysis import config; print(config.SPACY_MODELS)"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert proc.stdout.strip() == "('en_core_web_md', 'en_core_web_sm')"


def test_the_longest_text_taken_is_the_longest_the_parser_takes():
    """A longer turn is refused with the file's name (`corpus`), not by spaCy in the middle of coding."""
    import spacy

    assert config.MAX_TEXT_CHARS == spacy.blank("en").max_length


@pytest.mark.parametrize(
    "label",
    [
        "western_european_and_others",
        "  WEOG ",
        "Western-European and Others Group",
        "WESTERN EUROPEAN AND OTHERS",
    ],
)
def test_case_spacing_punctuation_and_underscores_do_not_change_a_group(label):
    assert config.house_group(label) == "Western European and Others Group"


def test_a_label_of_no_house_group_is_kept_as_written_less_its_surrounding_spaces():
    assert config.house_group("  Group of 77 and China ") == "Group of 77 and China"


def test_known_groups_come_in_the_house_order_then_the_others_alphabetically():
    others = ["Small Island States", "LDC", "Briefing", "Group of 77", "Arctic Council", "Observers", "G20"]
    labels = [*others, "Arab Group", "African Group", "Western European and Others Group", "African Group"]
    assert config.group_order(labels) == [
        "African Group",
        "Western European and Others Group",
        "Arab Group",
        *sorted(others),
    ]


@pytest.mark.parametrize(
    ("flag", "shown"),
    [("0", False), ("false", False), ("no", False), ("", False), ("1", True), ("yes", True)],
)
def test_analysis_progress_decides_in_a_notebook_and_under_ci_alike(monkeypatch, flag, shown):
    """ANALYSIS_PROGRESS= (set, empty) hides the bars as "0" does, even in a notebook."""
    monkeypatch.setenv("ANALYSIS_PROGRESS", flag)
    monkeypatch.setenv("CI", "true")
    assert config.show_progress(notebook=False) is shown
    monkeypatch.delenv("CI")
    assert config.show_progress(notebook=True) is shown
