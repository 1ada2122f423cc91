"""The codebook is data: it loads in codebook order, is hashed, and bad rules are named."""

from __future__ import annotations

import hashlib

import pytest

from analysis import config
from analysis.coding import codebook
from analysis.errors import InputError

EXPECTED_IDS = [
    "climate_environment", "economic_development", "livelihoods", "innovation", "skills", "governance",
    "partnerships", "finance_investment", "infrastructure", "digital_technology", "inclusion",
]  # fmt: skip

MINIMAL = """\
version: "0.1"
themes:
  - id: climate_environment
    label: Smart production for climate action
    short_label: Climate
    kind: impact_area
    definition: climate
    rules:
      - terms: [climate change]
"""


def test_the_bundled_codebook_has_the_eleven_themes_in_codebook_order():
    cb = codebook.load()
    assert cb.version == "2.2.6"
    assert cb.ids() == EXPECTED_IDS
    assert [t.kind for t in cb.themes].count("impact_area") == 3
    assert [t.kind for t in cb.themes].count("enabler") == 6
    assert [t.kind for t in cb.themes].count("cross_cutting") == 2
    assert all(len(t.short_label) <= 22 and t.label and t.definition for t in cb.themes)
    assert list(codebook.labels()) == EXPECTED_IDS


def test_the_ids_match_the_codebook_document(shared_dir):
    text = (shared_dir / "specs" / "codebook-v1.md").read_text(encoding="utf-8")
    in_doc = [line.split("`")[1] for line in text.splitlines() if line.startswith("| `")]
    assert in_doc == EXPECTED_IDS
    labels = {t.id: t.label for t in codebook.load().themes}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.split("|")]
            assert labels[cells[1].strip("`")] == cells[2]


def test_a_codebook_with_windows_line_ends_has_the_same_hash(tmp_path):
    """A checkout on Windows (git's autocrlf) writes the codebook with CRLF line ends: the same codebook, so
    the same hash, which every table, CSV and figure footer prints (it changed 25 tables and 28 figure
    files). A lone CR, or an edit, still changes it."""
    lf, crlf, cr = tmp_path / "lf.yaml", tmp_path / "crlf.yaml", tmp_path / "cr.yaml"
    lf.write_bytes(MINIMAL.encode())
    crlf.write_bytes(MINIMAL.replace("\n", "\r\n").encode())
    cr.write_bytes(MINIMAL.replace("climate\n", "climate\r").encode())
    assert codebook.load(crlf).hash == codebook.load(lf).hash == hashlib.sha256(lf.read_bytes()).hexdigest()
    assert codebook.load(crlf).ids() == ["climate_environment"]
    assert codebook.load(cr).hash != codebook.load(lf).hash


def test_hash_is_the_sha256_of_the_file_bytes_and_follows_edits(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    first = codebook.load(path)
    assert first.hash == hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text(MINIMAL.replace("[climate change]", "[climate change, global warming]"), encoding="utf-8")
    second = codebook.load(path)
    assert second.hash != first.hash
    assert second.themes[0].rules[0].terms == ("climate change", "global warming")
    assert codebook.load(config.CODEBOOK) is codebook.load(config.CODEBOOK)  # cached


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      - terms: [climate change]",
            "      - token_patterns: [[{LEMMAX: climate}]]",
            "bad token pattern",
        ),
        (  # a tag no parse keeps: the pattern would silently never match
            "      - terms: [climate change]",
            "      - token_patterns: [[{TAG: NN, LEMMA: climate}]]",
            "TAG is not kept by the parse",
        ),
        ("kind: impact_area", "kind: impact", "kind 'impact'"),
        ("      - terms: [climate change]", "      - terms: [clim*te]", "'*' only at the end"),
        ("      - terms: [climate change]", "      - with: [climate]", "needs `terms` or `token_patterns`"),
        (
            "      - terms: [climate change]",
            "      - terms: [climate]\n        whith: [x]",
            "unknown key `whith`",
        ),
        ("short_label: Climate", "short_label: A label far too long for any figure", "short_label longer"),
        ("short_label: Climate", 'short_label: "  "', "`short_label` is empty"),  # blank: no list
        ("definition: climate", "definition:", "`definition` is empty"),
    ],
)
def test_a_bad_rule_names_the_file_and_the_theme(tmp_path, old, new, message):
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as err:
        codebook.load(path)
    assert message in str(err.value)
    assert "climate_environment" in str(err.value)
    assert err.value.path == path.resolve()


def test_duplicate_ids_and_broken_yaml_are_input_errors(tmp_path):
    dup = tmp_path / "dup.yaml"
    theme = MINIMAL.split("themes:\n", 1)[1]
    dup.write_text(MINIMAL + theme, encoding="utf-8")
    with pytest.raises(InputError, match="duplicate theme id"):
        codebook.load(dup)
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: '1'\nthemes: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        codebook.load(broken)
    assert err.value.line is not None
    with pytest.raises(InputError, match="codebook not found"):
        codebook.load(tmp_path / "missing.yaml")


def test_a_window_must_be_a_whole_number_of_words(tmp_path):
    bad = tmp_path / "codebook.yaml"
    bad.write_text(
        'version: "0.1"\nthemes:\n  - id: x\n    label: X\n    short_label: X\n    kind: enabler\n'
        "    definition: X.\n    rules:\n      - terms: [a]\n        without: [b]\n"
        "        without_window: near\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="without_window"):
        codebook.load(bad)


def test_a_rule_takes_a_shared_list_by_its_alias_and_adds_words_of_its_own(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(
        MINIMAL.replace(
            "      - terms: [climate change]",
            "      - terms: [climate change]\n        without: [&vetoes [war, Weapon*], metaphor]\n"
            "      - terms: [global warming]\n        without: [&more [*vetoes, drought], summit]\n"
            "      - terms: [emissions]\n        without: [*more]",
        ),
        encoding="utf-8",
    )
    first, second, third = codebook.load(path).themes[0].rules
    assert first.without == ("war", "weapon*", "metaphor")
    assert second.without == ("war", "weapon*", "drought", "summit")  # a shared list built from another
    assert third.without == ("war", "weapon*", "drought")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("[climate change]", "[climate change, {a: b}]"), encoding="utf-8")
    with pytest.raises(InputError, match="non-empty strings"):
        codebook.load(bad)


@pytest.mark.parametrize("written", ["2.3", "3", "2.10"])
def test_a_version_yaml_reads_as_a_number_is_told_to_be_quoted_not_called_missing(tmp_path, written):
    """`version: 2.3` is a YAML number, not the text the codebook's version is: the error said the version
    was missing, though it is there. (2.10 reads as 2.1: only quotes keep what was written.)"""
    path = tmp_path / "codebook.yaml"
    path.write_text(MINIMAL.replace('version: "0.1"', f"version: {written}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        codebook.load(path)
    assert "missing" not in str(err.value)
    assert "`version` is read as a number" in str(err.value) and "put it in quotes" in str(err.value)
    path.write_text(MINIMAL.replace('version: "0.1"', f'version: "{written}"'), encoding="utf-8")
    assert codebook.load(path).version == written


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: climate_environment", "id: climate-environment",
         "theme climate-environment: `id`: 'climate-environment' is not an identifier (letters, digits, _)"),
        ("      - terms: [climate change]",
         "      - id: r1\n        terms: [climate change]\n      - id: r1\n        terms: [warming]",
         "theme climate_environment: `rules`: duplicate rule id(s) r1"),
        ("    label: Smart production for climate action\n", "",
         "theme climate_environment: missing `label`"),
        ("    rules:\n      - terms: [climate change]\n", "    rules: []\n",
         "theme climate_environment: needs a non-empty list of `rules`"),
        (MINIMAL, "- climate\n- digital\n", "expected a mapping with `version` and a list of `themes`"),
        ('version: "0.1"\n', "", 'missing `version` (a string such as "1.0.0")'),
    ],
    ids=["id-not-identifier", "rule-id-twice", "no-label", "no-rules", "not-a-mapping", "no-version"],
)  # fmt: skip
def test_an_edited_codebooks_slip_is_one_line_naming_the_file_and_where(tmp_path, old, new, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as err:
        codebook.load(path)
    assert str(err.value) == f"{path.resolve()}: {message}"
