"""The cleaning log a reader, text cleaning and attribution each add to (`ingest.removals`)."""

from __future__ import annotations

from analysis.ingest.removals import Removal, RemovalLog


def test_a_log_keeps_its_removals_in_the_order_they_were_found_whoever_adds_them():
    """The reader's removals come first, then what cleaning found in the turn: extending appends, so an
    analyst reads the cleaning log in the transcript's order."""
    log = RemovalLog([("00:00:01.000 --> 00:00:04.000", "timestamp", "africa.vtt:cue 1")])
    log.add("um,", "filler", "africa.vtt:cue 2")
    log.extend(RemovalLog([("[Applause]", "annotation", "africa.vtt:cue 3")]))
    log.extend([("Page 2 of 9", "page_furniture", "africa.vtt:cue 3")])
    assert [r.why for r in log] == ["timestamp", "filler", "annotation", "page_furniture"]
    assert len(log) == 4 and repr(log) == "RemovalLog(4 removals)"
    assert list(log)[1] == Removal(what="um,", why="filler", source="africa.vtt:cue 2")
    assert len(RemovalLog()) == 0 and not list(RemovalLog())


def test_a_logs_rows_say_which_session_and_turn_each_removal_came_from():
    log = RemovalLog([("uh", "filler", "x.txt:line 3"), ("[inaudible]", "annotation", "x.txt:line 4")])
    assert log.rows("AFR", 2) == [
        {"session_id": "AFR", "turn": 2, "what": "uh", "why": "filler", "source": "x.txt:line 3"},
        {
            "session_id": "AFR",
            "turn": 2,
            "what": "[inaudible]",
            "why": "annotation",
            "source": "x.txt:line 4",
        },
    ]
    assert [row["turn"] for row in log.rows("AFR", None)] == [None, None]  # outside any turn
