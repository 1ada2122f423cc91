"""Locators and the gathering of a speaker's pieces into a segment (``readers.segment``).

Every turn points back to the span of units it came from ("minutes.pdf:pages 3-4"); a wrong span sends a
reader checking a turn to the wrong page, and a wrong gathering gives words to the wrong segment.
"""

from __future__ import annotations

from analysis.ingest.readers.segment import Gatherer, clip, merge_spans, span


def test_a_span_of_one_unit_names_it_in_the_singular():
    assert span("a.vtt", "cues", 3, 7) == "a.vtt:cues 3-7"
    assert span("a.vtt", "cues", 3, 3) == "a.vtt:cue 3"


def test_merged_spans_run_from_the_first_ones_start_to_the_last_ones_end():
    assert merge_spans(["a.vtt:cues 3-5", "a.vtt:cue 6"]) == "a.vtt:cues 3-6"
    assert merge_spans(["m.pdf:pages 1-2", "m.pdf:pages 3-4"]) == "m.pdf:pages 1-4"
    assert merge_spans(["a.vtt:cue 3", "a.vtt:cue 6"]) == "a.vtt:cues 3-6"  # the plural of one unit's name
    assert merge_spans(["m.pdf:page 2"]) == "m.pdf:page 2"


def test_a_gathered_segment_spans_every_unit_its_pieces_came_from():
    g = Gatherer("m.txt", "lines", "\n")
    g.add("Opening words before any label.", 1, 3)  # no label open: an unlabelled segment from line 1
    g.open("Kenya", 4)
    g.add("We agree.", 4, 4)
    g.add("   ", 5, 5)  # a blank piece adds no words, but the turn still reaches its line
    g.add("More.", 6, 8)  # one piece from a joined run of lines
    g.open("Ghana", 9)  # a label with no words is still a turn, on its own line
    g.open(None, 10, speech=False)
    g.add("Annex I. The text of the declaration.", 10, 11)
    assert [(s.label, s.text, s.source, s.speech) for s in g.finish()] == [
        (None, "Opening words before any label.", "m.txt:lines 1-3", True),
        ("Kenya", "We agree.\nMore.", "m.txt:lines 4-8", True),
        ("Ghana", "", "m.txt:line 9", True),
        (None, "Annex I. The text of the declaration.", "m.txt:lines 10-11", False),
    ]


def test_the_open_label_is_none_once_the_segments_are_finished():
    g = Gatherer("m.txt", "lines", "\n")
    assert g.label is None
    g.open("Kenya", 1)
    assert g.label == "Kenya"
    g.add("We agree.", 1, 1)
    assert len(g.finish()) == 1
    assert g.label is None
    assert len(g.finish()) == 1  # finishing twice adds nothing


def test_a_log_clip_collapses_spaces_and_keeps_at_most_n_characters():
    assert clip("a  b\n c") == "a b c"
    assert clip("abcdefghij", 5) == "abcd…"
    assert len(clip("x" * 200)) == 80
