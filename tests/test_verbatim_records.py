"""The nine real UN verbatim records: every "Mr. X (Country):" turn is that country's, no furniture left."""

from __future__ import annotations

import re

import pytest

from analysis import config, countries
from analysis.ingest import speakers
from analysis.ingest.readers import read_transcript
from analysis.ingest.textclean import clean

pytestmark = [pytest.mark.shared, pytest.mark.slow]

RECORDS = sorted(config.VERBATIM_DIR.glob("*.pdf")) if config.VERBATIM_DIR.is_dir() else []
# Counted independently of the reader, on pypdf's raw text layer. Records of the 1990s note the
# language as "(interpretation from French)" where later ones write "(spoke in French)".
RAW_LABEL = re.compile(
    r"(?m)^\s*(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[^():\n]{1,60}?\s*\(([^():]{2,80}?)\)"
    r"(?:\s*\(\s*(?:spoke\s+in|interpretation\s+from)\s+\w+\s*\))?\s*:"
)


STATUS = dict(zip(countries.table()["iso3"], countries.table()["status"], strict=True))


def _raw_pages(path):
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def records():
    if not RECORDS:
        pytest.skip(f"needs the verbatim records at {config.VERBATIM_DIR} (absent on this machine)")
    return {p.name: (read_transcript(p), _raw_pages(p)) for p in RECORDS}


def test_all_nine_records_present(records):
    assert len(records) == 9


def test_member_turns_are_member_states_of_the_named_country(records):
    checked = 0
    for name, (result, _) in records.items():
        for seg in result.segments:
            m = re.match(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?\s.*\(([^()]+)\)$", seg.label or "")
            if not m or countries.lookup(m.group(1)) is None:
                continue
            a = speakers.attribute(seg.label)
            iso3 = countries.lookup(m.group(1))
            role = STATUS.get(iso3, "member_state")  # the Holy See and Palestine are observers
            assert (a.role, a.country) == (role, iso3), (name, seg.label)
            checked += 1
    assert checked > 150


def test_label_counts_match_an_independent_count(records):
    for name, (result, pages) in records.items():
        raw = "\n".join(pages)
        expected = [c for c in RAW_LABEL.findall(raw) if countries.lookup(re.sub(r"\s+", " ", c)) is not None]
        got = [
            s
            for s in result.segments
            if re.match(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?\s", s.label or "")
            and (bracket := re.search(r"\(([^()]+)\)$", s.label)) is not None  # not "..., Rapporteur of ..."
            and countries.lookup(bracket.group(1)) is not None
        ]
        print(f"{name}: {len(got)} member turns, {len(expected)} labels counted in the text layer")
        assert len(got) >= len(expected), name
        assert len(got) <= len(expected) + 2, (
            name
        )  # labels split by pypdf spacing ("Switzer land") are repaired


def test_no_page_furniture_left_in_any_turn(records):
    for name, (result, _) in records.items():
        symbol = name[:-4].replace("-", "/", 1 if name.startswith("S") else 2)  # A-79-PV.29 -> A/79/PV.29
        symbol_re = re.compile(
            r"\s*/\s*".join(re.escape(p) for p in symbol.split("/")).replace(r"PV\.", r"PV\s*\.\s*")
        )
        for seg in result.segments:
            text = clean(seg.text).text
            assert not symbol_re.search(text), (name, seg.source, symbol)
            assert not re.search(r"\b\d{2}-\d{5}\b", text), (name, seg.source)
            assert not re.search(r"\*\d{7}\*", text), (name, seg.source)
            assert not re.search(r"(?m)^\s*\d{1,3}\s*/\s*\d{1,3}\s*$", seg.text), (name, seg.source)
            assert "This record contains the text of speeches" not in text


def test_a79_pv29_first_turns(records):
    result, _ = records["A-79-PV.29.pdf"]
    labels = [s.label for s in result.segments[:3]]
    assert labels == ["Mr. Kiboino (Kenya)", "Mr. Korbieh (Ghana)", "Ms. Schwalger (New Zealand)"]
    assert result.segments[0].source == "A-79-PV.29.pdf:pages 1-2"
    assert result.segments[0].text.startswith("Kenya’s delegation aligns itself")


def test_s_pv_3756_the_observer_of_palestine_has_its_own_turn(records):
    """A 1997 record notes languages as "(interpretation from Arabic)"; the label is still read."""
    result, _ = records["S-PV.3756.pdf"]
    [seg] = [s for s in result.segments if s.label == "Mr. Al-Kidwa (Palestine)"]
    a = speakers.attribute(seg.label)
    assert (a.country, a.role, a.delegation) == ("PSE", "observer", "State of Palestine")
    assert seg.source == "S-PV.3756.pdf:pages 7-9"
    assert clean(seg.text).floor_language == "Arabic"
