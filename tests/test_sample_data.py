"""The bundled sample in data/raw/ is what tools/make_sample.py builds, and is fit for its job.

The sample is invented (see data/raw/README.md); these tests keep it rebuildable,
readable by the libraries a user would reach for, long enough to analyse, and
carrying the transcript machinery that the readers must handle.
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import io
import sys

import pytest

from analysis import config

TOOL = config.ROOT / "tools" / "make_sample.py"
RAW = config.ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def make_sample():
    assert TOOL.is_file(), "tools/make_sample.py is missing"
    spec = importlib.util.spec_from_file_location("make_sample", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = module  # its dataclasses look their module up while being defined
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("make_sample", None)
    return module


@pytest.fixture(scope="module")
def built(make_sample, tmp_path_factory):
    return make_sample.build(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def manifest():
    with open(RAW / "sessions.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_committed_files_are_exactly_what_the_generator_builds(built):
    stale = [name for name, data in built.items() if (RAW / name).read_bytes() != data]
    assert not stale, f"run `python tools/make_sample.py` and commit: {stale}"


def test_building_twice_gives_the_same_bytes(make_sample, built, tmp_path):
    assert make_sample.build(tmp_path) == built


def test_manifest_names_six_sessions_with_the_house_group_labels(manifest):
    assert [row["group"] for row in manifest] == [
        "African Group",
        "Latin American and Caribbean Group",
        "Asia-Pacific Group",
        "Arab Group",
        "Eastern European Group",
        "Western European and Others Group",
    ]
    assert set(row["group"] for row in manifest) == set(config.GROUPS)
    assert len({row["session_id"] for row in manifest}) == 6
    for row in manifest:
        assert (RAW / row["file"]).is_file()
        assert row["date"][:4] in ("2024", "2025")


def test_every_session_has_enough_words_and_delegations(make_sample):
    for row in make_sample.word_counts():
        assert row["words"] >= 2000, row
        assert 6 <= row["n_delegations"] <= 10, row
        assert row["chair"] > 0 and row["secretariat"] > 0, row


def test_caption_files_open_with_webvtt_py():
    webvtt = pytest.importorskip("webvtt")
    zoom = webvtt.read(str(RAW / "DD-AFR-2024_zoom-transcript.vtt"))
    assert all(":" in c.text for c in zoom)  # Zoom names the speaker in every cue
    assert any(c.text.startswith("iPhone: ") for c in zoom)
    teams = webvtt.read(str(RAW / "DD-LAC-2024_teams-transcript.vtt"))
    assert all(c.identifier and "/" in c.identifier for c in teams)
    assert all(c.raw_text.startswith("<v ") for c in teams)


def test_srt_is_windows_1252_with_roll_up_captions():
    webvtt = pytest.importorskip("webvtt")
    data = (RAW / "DD-APG-2024_captions.srt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert "JOÃO PEREIRA (TIMOR-LESTE):" in text and "\r\n" in text
    cues = webvtt.from_buffer(io.StringIO(text), format="srt")
    pairs = zip(cues, cues[1:], strict=False)
    rolled = [a for a, b in pairs if a.text.splitlines()[-1] == b.text.splitlines()[0]]
    assert len(rolled) > 50
    assert any(c.text.splitlines()[-1] == ">> Thank you, Chair. Bula vinaka." for c in cues)


def test_verbatim_record_has_bom_pages_and_floor_languages():
    data = (RAW / "DD-ARB-2024_verbatim.txt").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    pages = text.split("\f")
    assert len(pages) >= 4
    assert all("UNIDO/DD/2024/ARB/PV.1" in p and "24-17345 (E)" in p for p in pages)
    assert "Ms. Benali (Algeria) (spoke in French):" in text
    assert "Mr. Al-Otaibi (Saudi Arabia):\n     (spoke in Arabic)\n" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert sum(line.endswith("-") for line in text.splitlines()) > 10


def test_minutes_open_with_python_docx_and_labels_are_bold():
    docx = pytest.importorskip("docx")
    doc = docx.Document(str(RAW / "DD-EEG-2024_minutes.docx"))
    assert len(doc.tables) == 1 and doc.tables[0].cell(0, 1).text == "Subject"
    bold = [p.runs[0].text for p in doc.paragraphs if p.runs and p.runs[0].bold]
    assert {"Poland:", "UNIDO Secretariat:", "The Chair", "Armenia:"} <= set(bold)
    assert doc.core_properties.created.year == 2024


def test_pdf_has_a_text_layer_with_running_header_and_labels():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(RAW / "DD-WEOG-2024_record.pdf"))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) >= 3
    assert all("UNIDO/DD/2024/WEOG/PV.1" in t and "24-18811 (E)" in t for t in texts)
    whole = "\n".join(texts)
    for label in (
        "The Chair:",
        "Mr. Schmidt (Germany):",
        "Ms. Dupont (France) (spoke in French):",
        "Ms. Laurent (European Union):",
        "Mr. Aydin (Türkiye):",
    ):
        assert label in whole
    assert len(whole.split()) >= 2000


def test_cleaning_the_sample_gives_every_scripted_turn_to_its_speaker(make_sample, tmp_path):
    """The sample's script is the truth of who spoke: every reader change is checked against all six
    formats at once (a Word rule once lost the minutes' opening and closing Chair turns unnoticed)."""
    import pandas as pd

    from analysis import pipeline

    pipeline.clean_stage(RAW, tmp_path)
    turns = pd.read_parquet(tmp_path / "turns.parquet")
    for key in make_sample.ORDER:
        session = make_sample.load(key)
        script = [(t.label or "").casefold() for t in session.turns]
        cleaned = turns.loc[turns["session_id"] == session.meta["session_id"], "speaker"].fillna("")
        assert [s.casefold() for s in cleaned] == script, session.meta["session_id"]
