"""The whole General Debate corpus (1,938 single-statement files) cleans through readers + clean."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from analysis import config
from analysis.ingest.readers import read_transcript
from analysis.ingest.textclean import clean

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_every_speech_cleans_with_paragraph_numbers_dropped_and_words_kept():
    files = sorted(config.UNGDC_DIR.glob("Session */*.txt"))
    if not files:
        pytest.skip(f"needs the General Debate corpus at {config.UNGDC_DIR} (absent on this machine)")
    assert len(files) == 1938
    total = kept = numbered = 0
    for path in files:
        result = read_transcript(path, single_statement=True)
        [seg] = result.segments
        text = clean(seg.text).text
        raw = path.read_text(encoding="utf-8", errors="replace")
        numbered += sum(1 for _, why, _ in result.removals if why == "paragraph_number")
        assert not re.search(r"(?m)^[ \t]*\d{1,3}\.[ \t]+\S", seg.text), path.name
        words = Counter(w.lower() for w in re.findall(r"[^\W\d_]+", raw))
        out = Counter(w.lower() for w in re.findall(r"[^\W\d_]+", text))
        total += sum(words.values())
        kept += sum(min(out[w], c) for w, c in words.items())
    print(
        f"\nungdc: {len(files)} speeches, {numbered} paragraph numbers dropped, words kept {kept / total:.3%}"
    )
    assert numbered > 500
    assert kept / total >= 0.995
