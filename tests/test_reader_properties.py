"""Property tests: no reader or cleaning step fails on arbitrary input except with InputError;
cleaning is idempotent and keeps every word that is not machinery."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.ingest.readers import read_transcript
from analysis.ingest.textclean import clean
from analysis.ingest.vocabulary import FILLERS, LEGIT_DOUBLES

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Transcript-like text: words, labels, timings, brackets, tags and odd characters.
PIECES = st.sampled_from(
    [
        "Kenya:",
        "The Chair:",
        "Mr. X (Ghana):",
        "(spoke in French)",
        "00:00:01.000 --> 00:00:02.000",
        "00:01,000 --> 2",
        "-->",
        "WEBVTT",
        "NOTE",
        "<v Chair>",
        "</v>",
        "<c>",
        ">>",
        "[inaudible]",
        "um",
        "the the",
        "we-we",
        "A/79/PV.29",
        "24-12345",
        "3/28",
        "\n",
        "\n\n",
        "1.",
        "  ",
        "\x00",
        "\ufeff",
        "é",
        "’",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30).map(" ".join)


@SETTINGS
@pytest.mark.parametrize("suffix", [".vtt", ".srt", ".txt", ".pdf", ".docx"])
@given(text=TEXT, single=st.booleans())
def test_readers_raise_only_input_errors(tmp_path, suffix, text, single):
    path = tmp_path / f"t{suffix}"
    path.write_bytes(
        text.encode("utf-8", "surrogatepass")
        if suffix not in (".pdf", ".docx")
        else b"%PDF-1.4\n" + text.encode("utf-8", "replace")
    )
    try:
        result = read_transcript(path, single_statement=single)
    except InputError as exc:
        assert "\n" not in str(exc) and path.name in str(exc)
        return
    for seg in result.segments:
        assert isinstance(seg.text, str) and seg.source.startswith(path.name)


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_cleaning_is_idempotent(text):
    once = clean(text).text
    assert clean(once).text == once


# Words of substance: no fillers or bracket vocabulary, and no word twice in a row (that would be a stutter).
WORD = st.from_regex(r"[A-Za-z][a-z]{1,9}", fullmatch=True).filter(
    lambda w: w.lower() not in FILLERS and w.lower() not in LEGIT_DOUBLES
)
PUNCT = st.sampled_from(["", "", "", ",", ".", "?", ";"])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.tuples(WORD, PUNCT), min_size=1, max_size=40))
def test_no_word_of_substance_is_lost(words):
    dedup = [words[0]] + [b for a, b in zip(words, words[1:], strict=False) if a[0].lower() != b[0].lower()]
    text = " ".join(w + p for w, p in dedup)
    out = clean(text).text
    assert Counter(re.findall(r"[A-Za-z]+", out)) == Counter(w for w, _ in dedup)
