"""The text of a written record survives cleaning: only the page's furniture, its stage directions and its
headings go (each logged), never a word of the speech.

A verbatim record is edited text. What the cleaner takes out of it is what the printer put around the
speech: running heads and footers at a page's edges, the notice on the first page, a change of presiding
officer ("Mr. X (Ghana), Vice-President, took the Chair."), the heading of the next agenda item. A line of
running prose stays even when it holds the document's symbol or the page's number, and a list that
repeats a word across a comma ("war crimes, crimes against humanity") is not a stutter.

The synthetic record (tests/fixtures/records/un-record.txt, three pages split by form feeds) is read as
plain text and, set as a PDF with fpdf, through the PDF reader; the real records are the nine UN verbatim
records of ../shared/corpora/un-verbatim (skipped where absent).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.ingest import clean_batch
from analysis.ingest.readers import read_transcript
from analysis.ingest.readers.furniture import (
    meeting_machinery,
    strip_boilerplate,
    strip_page_furniture,
    strip_stage_directions,
    strip_text_furniture,
)
from analysis.ingest.readers.segment import Line
from analysis.ingest.removals import RemovalLog
from analysis.ingest.textclean import clean

RECORD = Path(__file__).parent / "fixtures" / "records" / "un-record.txt"


def _as_pdf(path: Path) -> Path:
    """The fixture's pages set as a PDF (one page per form feed), line for line."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=9)
    pdf.set_auto_page_break(False)
    for page in RECORD.read_text(encoding="utf-8").split("\f"):
        pdf.add_page()
        pdf.multi_cell(0, 4.5, page.rstrip("\n"))
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module", params=["text", "pdf"])
def record(request, tmp_path_factory):
    """(cleaned text of each segment by label, the read's removals) for the fixture in one form."""
    path = RECORD if request.param == "text" else _as_pdf(tmp_path_factory.mktemp("pdf") / "un-record.pdf")
    result = read_transcript(path)
    turns = {s.label: clean(s.text, s.source).text for s in result.segments}
    return turns, [(r.what, r.why) for r in result.removals]


def test_the_record_has_its_four_turns(record):
    turns, _ = record
    assert list(turns) == ["Mr. Otieno (Kenya)", "Mr. Sato (Japan)", "The Acting President", "The President"]


def test_prose_at_a_page_edge_that_holds_a_symbol_or_the_page_number_is_speech(record):
    kenya = record[0]["Mr. Otieno (Kenya)"]
    assert 'reinforcing a rules-based international order" (see A/79/PV.15). He stressed that the' in kenya
    assert "The Board of the Agency, meeting on 2 September, failed to reach a consensus on the" in kenya


def test_running_heads_and_footers_are_furniture(record):
    turns, removals = record
    text = " ".join(turns.values())
    assert not re.search(r"24-12345|\*2412345\*|\b\d/3\b|02/12/2024", text)
    furniture = [what for what, why in removals if why == "page_furniture"]
    assert {"A/79/PV.99 02/12/2024", "2/3 24-12345", "02/12/2024 A/79/PV.99", "24-12345 3/3"} <= set(
        furniture
    )


def test_the_notice_on_the_first_page_is_furniture(record):
    turns, removals = record
    assert "subject to correction" not in turns["Mr. Otieno (Kenya)"]
    assert "corrigendum" not in turns["Mr. Otieno (Kenya)"]
    assert any(
        why == "page_furniture" and what.startswith("This record is subject to correction")
        for what, why in removals
    )


def test_a_change_of_presiding_officer_is_a_stage_direction_even_wrapped(record):
    turns, removals = record
    assert not any("the Chair." in text for text in turns.values())
    directions = [what for what, why in removals if why == "stage_direction"]
    assert "Mr. Mensah (Ghana), Vice-President, took the Chair." in directions
    assert "The President returned to the Chair." in directions
    # The speaker goes on after the direction: the rest of the speech is still the speaker's.
    assert "the rule of law. The Board of Governors" in turns["Mr. Otieno (Kenya)"]


def test_a_change_of_presiding_officer_wrapped_over_three_lines_is_one_stage_direction():
    body = (
        "the rule of law.\nMr. Abdelaziz Mohamed Ali\n(Egypt), Vice-\nPresident, took the Chair.\nThe Board"
    )
    log = RemovalLog()
    assert strip_stage_directions(body, "r.pdf", log) == "the rule of law.\nThe Board"
    assert [(r.what, r.why) for r in log] == [
        ("Mr. Abdelaziz Mohamed Ali (Egypt), Vice-President, took the Chair.", "stage_direction")
    ]


def test_a_stage_direction_without_its_full_stop_takes_no_capitalised_line_after_it():
    """A direction wrapped over lines runs on to its full stop; one printed without it ends before a line
    that opens with a capital, the next speaker's label here."""
    log = RemovalLog()
    body = "The agenda was adopted\nThe President: We now turn to item 3."
    assert strip_stage_directions(body, "r.pdf", log) == "The President: We now turn to item 3."
    assert [r.what for r in log] == ["The agenda was adopted"]
    # nor any line after its closing bracket, which ends it as a full stop does
    log = RemovalLog()
    body = "Draft resolution I was adopted (resolution 79/5)\nand, as the President said, it was a success."
    assert strip_stage_directions(body, "r.pdf", log) == "and, as the President said, it was a success."


def test_a_vote_list_is_only_the_lines_of_names_under_its_heading():
    """ "In favour:" heads lines of names only; the first line that is not one ends the list, and a line of
    names later in the speech (co-sponsors, wrapped) is the speaker's."""
    log = RemovalLog()
    body = (
        "In favour:\nAlgeria, Angola, Benin, Brazil\nAbstaining:\nChile\n"
        "The President: I thank the sponsors,\nCosta Rica, Kenya, Mexico and Nepal."
    )
    out = strip_stage_directions(body, "r.pdf", log)
    assert out == "The President: I thank the sponsors,\nCosta Rica, Kenya, Mexico and Nepal."
    assert [r.what for r in log] == ["In favour:", "Algeria, Angola, Benin, Brazil", "Abstaining:", "Chile"]


@pytest.mark.parametrize(
    "previous, why",
    [("Thank you, Chair.", "timestamp"), ("We resume at", None), ("The programme is as follows:", None)],
)
def test_a_time_alone_on_a_line_is_a_timestamp_unless_the_line_before_leads_to_it(previous, why):
    assert meeting_machinery("10:00", previous) == why


def test_the_notice_leaves_its_line_breaks_where_lines_are_located_after_it():
    """A PDF page's lines are numbered after the notice goes: it leaves its line breaks, so "The President"
    stays on the page's fourth line."""
    text = (
        "This record contains the text of speeches delivered in English\nand of the interpretation of"
        " speeches delivered in other languages. Corrections should be\nsubmitted (documents.un.org).\n"
        "The President: I declare the meeting open."
    )
    log = RemovalLog()
    assert strip_boilerplate(text, "r.pdf", log, keep_lines=True).split("\n")[3].startswith("The President")
    assert strip_boilerplate(text, "r.pdf", log) == "\nThe President: I declare the meeting open."


def test_the_heading_of_the_next_item_is_not_the_last_speakers_words(record):
    turns, removals = record
    assert turns["Mr. Sato (Japan)"].endswith("supports the draft resolution.")
    assert turns["The Acting President"].endswith("It was so decided.")
    headings = [what for what, why in removals if why == "heading"]
    assert "ORGANIZATION OF WORK" in headings
    assert "Agenda item 12 Prevention of armed conflict Draft resolution (A/79/L.20)" in headings


def test_lists_that_repeat_a_word_across_a_comma_are_kept(record):
    kenya = record[0]["Mr. Otieno (Kenya)"]
    assert "war crimes, crimes against humanity" in kenya
    assert "in Guinea, Guinea Bissau and everywhere else" in kenya
    assert "to do so, so that together" in kenya


@pytest.mark.parametrize(
    "broken,joined",
    [
        ("the Secretary-\nGeneral suggests", "the Secretary-General suggests"),
        ("South-\nSouth cooperation", "South-South cooperation"),
        ("Togo, Timor-\n  Leste, Tuvalu", "Togo, Timor-Leste, Tuvalu"),
        ("the COVID-\n19 pandemic", "the COVID-19 pandemic"),
        ("all non-\nState actors", "all non-State actors"),
        ("sustainable develop-\nment", "sustainable development"),
    ],
)
def test_a_compound_broken_before_a_capital_or_a_digit_keeps_its_hyphen(broken, joined):
    """A capital or a digit after the break begins the second half of a compound, never the rest of a
    word: the line is joined and the hyphen kept, so "Secretary- General" never reaches a sentence (and
    "South- South", read as a stutter, never loses a word)."""
    from analysis.ingest.readers.dehyphenate import dehyphenate

    assert clean(dehyphenate(broken, "r.txt", RemovalLog())).text == joined


def test_a_speakers_label_after_a_hyphen_at_a_line_end_stays_on_its_own_line():
    from analysis.ingest.readers.dehyphenate import dehyphenate

    for text in (
        "the Treaty on the Non-\nMr. Lee (Singapore): We",
        "a line-\nThe President: I",
        "we were cut-\nChair: Thank you",
        "KENYA: We thank the Chair.\nGHANA: and the so-\nKENYA: We align ourselves",  # KENYA opens 2 lines
        "the Non-\nSecretary-General (Mr. Guterres): We",
    ):
        assert dehyphenate(text, "r.txt", RemovalLog()) == text


def test_a_compound_whose_tail_line_happens_to_hold_a_colon_is_still_joined():
    """A capitalised phrase and a colon once in the document is prose, not a speaker: before, these
    lines stayed broken and the turn reader invented speakers "Aligned Movement" and "General"."""
    from analysis.ingest.readers.dehyphenate import dehyphenate

    for broken, joined in (
        ("the Non-\nAligned Movement: first, we", "the Non-Aligned Movement: first, we"),
        ("the Secretary-\nGeneral: his report", "the Secretary-General: his report"),
        ("the Asia-\nPacific Group: We agree", "the Asia-Pacific Group: We agree"),
    ):
        assert dehyphenate(broken, "r.txt", RemovalLog()) == joined


def test_a_word_in_capitals_broken_over_a_line_is_joined_where_the_document_uses_it_whole():
    """A heading in capitals is joined when the document uses the whole word and never the hyphenated
    form (stricter than running text, where the whole form alone decides); otherwise it keeps its hyphen."""
    from analysis.ingest.readers.dehyphenate import dehyphenate

    log = RemovalLog()
    text = "SUSTAINABLE DEVELOP-\nMENT GOALS\nThe development agenda. SECRETARY-\nGENERAL REPORT"
    out = dehyphenate(text, "r.txt", log)
    assert out == "SUSTAINABLE DEVELOPMENT GOALS\nThe development agenda. SECRETARY-GENERAL REPORT"
    assert [(r.what, r.why) for r in log] == [("DEVELOP-|MENT", "hyphenation")]


def _long_record(*sentences: str) -> str:
    """A record long enough for its own word counts to speak (splitwords.MIN_WORDS), plus sentences."""
    body = "The General Assembly took note of the Declaration and of the Government's report into the draft. "
    return body * 150 + " ".join(sentences)


def test_words_the_text_layer_split_with_a_space_are_joined_and_logged():
    from analysis.ingest.readers.splitwords import join_split_words

    log = RemovalLog()
    text = join_split_words(
        _long_record("The Gene ral Asse mbly adopted the Declaratio n wh ich the Gove rnment wh ich"),
        "r.pdf",
        log,
    )
    assert text.endswith("The General Assembly adopted the Declaration wh ich the Government wh ich")
    more = join_split_words(_long_record("we adopted the Declar ation"), "r.pdf", RemovalLog())
    assert more.endswith("we adopted the Declaration")  # the word before a split does not hide it
    assert [(r.what, r.why) for r in log] == [
        ("Gene|ral", "text_layer_split"),
        ("Asse|mbly", "text_layer_split"),
        ("Declaratio|n", "text_layer_split"),
        ("Gove|rnment", "text_layer_split"),
    ]  # "wh ich" stays: "which" is not a word this record uses elsewhere


def test_a_split_repeated_on_every_page_is_still_joined_and_case_does_not_hide_the_whole_word():
    """Four "Th ailand" make "Th" a piece seen four times, but only inside the split itself; "Gove rnment"
    at a sentence start is joined on "government" in lower case. A piece still counts as written: the
    "l" of "internationa l" is not the "L" of document symbols such as A/79/L.20."""
    from analysis.ingest.readers.splitwords import join_split_words

    symbols = " ".join(f"A/79/L.{k} and A/79/L.{k + 1}." for k in range(5))
    record = _long_record(
        "Thailand spoke. " + "Th ailand agrees. " * 4,
        "our government acts. Gove rnment acts.",
        symbols,
        "international law and internationa l law.",
    )
    text = join_split_words(record, "r.pdf", RemovalLog())
    assert "Th ailand" not in text and text.count("Thailand agrees.") == 4
    assert "Government acts." in text
    assert "international law and international law." in text


def test_two_real_words_are_never_joined_into_one():
    from analysis.ingest.readers.splitwords import join_split_words

    kept = "We went in to the hall and walked a cross the floor; the draft was tabled."
    assert join_split_words(_long_record("into across", kept), "r.pdf", RemovalLog()).endswith(kept)
    # a short document's counts cannot tell a fragment from a word: nothing is joined
    assert join_split_words(
        "The Gene ral Assembly of the General Assembly", "r.pdf", RemovalLog()
    ).startswith("The Gene ral")


# --------------------------------------------------------------------------- page furniture, line by line


def _stripped(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    log = RemovalLog()
    return strip_page_furniture(pages, "r.pdf", log), [r.what for r in log]


_WORDS = (
    "the assembly must act now on the report of the agency which the board of governors could not adopt "
    "because its members differed on the safeguards and on the inspections that the treaty requires of "
    "every party and so the draft resolution before us asks all states to cooperate fully with the agency"
).split()


def _prose(n: int, start: int = 0) -> list[str]:
    """``n`` lines of running prose, each different (no line ends a sentence)."""
    tag = "abcdefghijklmnopqrstuvwxyz"  # letters, not digits: a line's shape folds its digits
    return [
        " ".join(_WORDS[k % 40 : k % 40 + 7]) + f" {tag[k // 26 % 26]}{tag[k % 26]}"
        for k in range(start, start + n)
    ]


def test_a_page_number_inside_a_line_of_prose_is_not_a_running_head():
    """A two-column record of 1993: running heads carry the page number at their start or end (learned
    from the pages' edges); a line near the bottom that mentions the same number is prose."""
    pages = [
        ["46th meeting - Monday, 1 November 1993 1", *_prose(10, 0), "world."],
        ["2 General Assembly - Forty-eighth session", *_prose(8, 11),
         "IAEA, meeting on 2 September, failed to", "reach a consensus", "which shows this to be true."],
        ["46th meeting - Monday, 1 November 1993 3", *_prose(10, 22), "end."],
        ["4 General Assembly - Forty-eighth session", *_prose(10, 33), "end."],
    ]  # fmt: skip
    out, removed = _stripped(pages)
    assert "IAEA, meeting on 2 September, failed to" in out[1]
    assert removed == [
        "46th meeting - Monday, 1 November 1993 1",
        "2 General Assembly - Forty-eighth session",
        "46th meeting - Monday, 1 November 1993 3",
        "4 General Assembly - Forty-eighth session",
    ]


def test_a_symbol_in_a_sentence_at_a_page_edge_is_speech():
    pages = [
        ["A/76/PV.102 08/09/2022", "28/31 22-58466", *_prose(6, 44), "of the veto (see",
         "S/PV.8979), the issue of Russia's aggression against"],
        ["08/09/2022 A/76/PV.102", "22-58466 29/31", "Ukraine was transmitted.", *_prose(6, 55)],
        ["S/PV.10100 The situation in Cyprus 30/01/2026", "26-01225 2/3", *_prose(6, 66)],
        ["30/01/2026 The situation in Cyprus S/PV.10100", "3/3 26-01225", *_prose(6, 77)],
    ]  # fmt: skip
    out, removed = _stripped(pages)
    assert out[0][-1] == "S/PV.8979), the issue of Russia's aggression against"
    assert removed == [
        "A/76/PV.102 08/09/2022", "28/31 22-58466", "08/09/2022 A/76/PV.102", "22-58466 29/31",
        "S/PV.10100 The situation in Cyprus 30/01/2026", "26-01225 2/3",
        "30/01/2026 The situation in Cyprus S/PV.10100", "3/3 26-01225",
    ]  # fmt: skip


def test_furniture_runs_inwards_from_the_edge_and_stops_at_the_first_line_of_speech():
    """Only the lines between the page's edge and its first line of speech can be running heads: a line
    of prose further in is never one, whatever it holds."""
    pages = [
        ["A/79/PV.29 24-19856", *_prose(3, 88), 'order" (see A/79/PV.15). He said that', *_prose(6, 99)],
        ["24-19856 2/3", "before this body that", 'order" (see A/79/PV.15). He', *_prose(6, 110)],
    ]  # fmt: skip
    out, removed = _stripped(pages)
    assert removed == ["A/79/PV.29 24-19856", "24-19856 2/3"]
    assert 'order" (see A/79/PV.15). He' in out[1]


def test_a_running_head_of_four_lines_goes_whole():
    """A record may set four lines over each page's text (body, session, meeting, series): each repeats at
    the pages' edges and all four go; the text under them stays, even a line holding only a number (a
    wrapped "15"): no more than four lines from an edge are running heads."""
    head = ["General Assembly", "Seventy-ninth session", "29th plenary meeting", "Official Records"]
    texts = [_prose(6, 10 * k) for k in range(3)]
    texts[1].insert(0, "15")
    pages = [[*head, *text] for text in texts]
    out, removed = _stripped(pages)
    assert removed == head * 3
    assert out == texts


def test_a_running_head_with_the_symbol_and_a_long_agenda_title_is_furniture():
    head = "A/79/PV.3 Report of the Secretary-General on the work of the Organization 24/09/2024"
    pages = [[head, *_prose(6, 30)], ["24-19856 2/3", *_prose(6, 40)]]
    out, removed = _stripped(pages)
    assert removed == [head, "24-19856 2/3"]


def test_a_line_continuing_a_sentence_at_a_page_top_is_speech_though_it_ends_with_a_symbol():
    """ "... as the Secretary-General said in" / "his statement A/79/PV.15": the line opens in lower case, so
    it continues the sentence of the page before; a running head opens with its symbol, a date or a name."""
    pages = [
        ["24-19856 1/2", *_prose(6, 50), "as the Secretary-General said in"],
        ["24-19856 2/2", "his statement A/79/PV.15", *_prose(6, 60)],
    ]
    out, removed = _stripped(pages)
    assert removed == ["24-19856 1/2", "24-19856 2/2"]
    assert out[1][0] == "his statement A/79/PV.15"


def test_a_speakers_label_repeated_at_page_tops_is_speech():
    """The President's formula may open several pages alike ("The President: I now give the floor to the"):
    a line its shape repeats at the pages' edges, but a speaker's label opens it, so it is no running head."""
    opening = "The President: I now give the floor to the"
    pages = [[opening, f"representative of {country}.", *_prose(6, 70 + 10 * k)]
             for k, country in enumerate(["Kenya", "Ghana", "Chile"])]  # fmt: skip
    out, removed = _stripped(pages)
    assert removed == []
    assert [page[0] for page in out] == [opening] * 3


def test_running_heads_with_the_page_number_go_though_their_titles_differ():
    """Heads that name each page's agenda item never repeat; the page's number at their start or end, in the
    document's own numbering (page 21 first here, learned from the numbers near the pages' edges, under the
    symbol's line), makes them furniture; a line continuing a sentence that ends on the number is speech."""
    titles = ["Report of the Security Council", "Question of Cyprus", "Situation in the Middle East"]
    heads = [f"{21 + k} {t}" if k % 2 == 0 else f"{t} {21 + k}" for k, t in enumerate(titles * 2)]
    texts = [_prose(6, 10 * k) for k in range(6)]
    texts[2].insert(0, "as the report says in paragraph 23")  # page 23's number, in prose under its head
    pages = [["A/48/PV.46", head, *text] for head, text in zip(heads, texts, strict=True)]
    out, removed = _stripped(pages)
    assert removed == [line for head in heads for line in ("A/48/PV.46", head)]
    assert out == texts


def test_a_line_of_symbols_and_job_numbers_alone_goes_wherever_it_stands():
    """A two-column page's text layer may put its footer between the columns, amid the speech: a line of
    only the symbol and the job number is furniture there too."""
    pages = [[*_prose(4, 140), "A/79/PV.29 24-19856 (E)", *_prose(4, 150)], _prose(6, 160)]
    out, removed = _stripped(pages)
    assert removed == ["A/79/PV.29 24-19856 (E)"]
    assert out == [[*_prose(4, 140), *_prose(4, 150)], _prose(6, 160)]


def test_the_first_pages_footer_block_with_a_written_date_is_furniture():
    """A 1993 first page ends with the job number, distribution, symbol, date and language, one a line."""
    pages = [
        [*_prose(6, 121), "full implementation of their safeguards agreement.",
         "93-87044 (E)", "Distr. GENERAL", "A/48/PV.46", "22 November 1993", "ENGLISH"],
        ["2 General Assembly - Forty-eighth session", "These inspections are essential.", *_prose(5, 132)],
    ]  # fmt: skip
    out, removed = _stripped(pages)
    assert removed == ["93-87044 (E)", "Distr. GENERAL", "A/48/PV.46", "22 November 1993", "ENGLISH"]
    assert out[0][-1] == "full implementation of their safeguards agreement."


def _text_furniture(texts: list[str]) -> list[str]:
    log = RemovalLog()
    kept = strip_text_furniture([Line(t, n) for n, t in enumerate(texts, 1)], "r.txt", log)
    assert len(kept) + len(log) == len(texts)
    return [r.what for r in log]


def test_a_plain_text_records_header_repeated_three_times_is_furniture_twice_is_not():
    """Without pages, a header is a line naming a meeting or session with a number, repeated on at least
    three pages; a line of prose naming one twice is speech, and so is a sentence, however often its
    shape repeats ("The meeting was suspended at 11.05 a.m.", a stage direction, not a header)."""
    header = "General Assembly 29th meeting"
    twice = "on the outcome of the 2nd session of the"
    suspended = [f"The meeting was suspended at {h}.05 a.m." for h in (10, 11, 12)]
    texts = []
    for k in range(3):
        texts += [header, *_prose(3, 10 * k), suspended[k]] + ([twice] if k < 2 else [])
    assert _text_furniture(texts) == [header] * 3


# --------------------------------------------------------------------------- the nine real records


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The nine UN verbatim records cleaned in one run: (turns, log)."""
    if not config.VERBATIM_DIR.is_dir():
        pytest.skip(f"needs the UN verbatim records at {config.VERBATIM_DIR} (absent on this machine)")
    raw = tmp_path_factory.mktemp("un-verbatim")
    rows = ["session_id,file,group"]
    for pdf in sorted(config.VERBATIM_DIR.glob("*.pdf")):
        shutil.copy(pdf, raw / pdf.name)
        rows.append(f"{pdf.stem},{pdf.name},Western European and Others Group")
    (raw / "sessions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    batch = clean_batch(raw)
    assert not batch.errors
    return batch.turns, batch.log


def _text(turns, session: str) -> str:
    return " ".join(turns.loc[turns["session_id"] == session, "text"])


def _turn(turns, session: str, country: str) -> str:
    """The text of the first turn of ``country`` in ``session``."""
    return turns.loc[(turns["session_id"] == session) & (turns["country"] == country), "text"].iloc[0]


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(
    "session,words",
    [
        ("A-76-PV.102", "war crimes, crimes against humanity"),
        ("S-PV.8422", "war crimes, crimes against humanity"),
        ("A-61-PV.107", "Prime Minister, Minister for Foreign Affairs"),
        ("A-61-PV.107", "Ghana, Guinea, Guinea Bissau, Liberia"),
        ("A-79-PV.29", "to do so, so that"),
    ],
)
def test_real_records_keep_lists_that_repeat_a_word(real, session, words):
    assert words in _text(real[0], session)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(
    "session,words",
    [
        (
            "A-48-PV.46",
            "Board of Governors of the IAEA, meeting on 20 September, failed to reach a consensus on",
        ),
        ("A-76-PV.102", "(see S/PV.8979), the issue of Russia’s aggression against Ukraine was"),
        ("A-79-PV.29", "international order” (see A/79/PV.15). He stressed that the International Court"),
        ("A-79-PV.29", "(see A/79/PV.25). We wish to add the following in our national capacity"),
        (
            "A-61-PV.107",
            "remind members that explanations of vote are limited to 10 minutes and should be made",
        ),
    ],
)
def test_real_records_keep_prose_at_page_edges(real, session, words):
    assert words in _text(real[0], session)


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_keep_compounds_broken_over_a_line(real):
    """The records break "Secretary-General", "Timor-Leste" and "Non-Proliferation" at a line's end."""
    text = " ".join(real[0]["text"])
    for compound in ("Secretary-General’s proposal", "Timor-Leste, Togo", "Non-Proliferation of Nuclear"):
        assert compound in text
    assert not re.search(r"[A-Za-z]- [A-Z0-9]", text), re.search(r".{30}[A-Za-z]- [A-Z0-9].{30}", text)


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_words_split_by_the_text_layer_are_whole(real):
    """A/65/PV.71's vote list reads "Camb odia", "Barb ados"; A/61/PV.107 "Gove rnment" (64 in all)."""
    text = " ".join(real[0]["text"])
    for word in ("Cambodia", "Barbados", "Government", "Declaration", "important"):
        assert word in text
    for split in ("Camb odia", "Barb ados", "Gove rnment", "Declaratio n", "im portant", "wh ich"):
        assert split not in text
    joined = real[1].loc[real[1]["why"] == "text_layer_split", "what"]
    assert len(joined) >= 60 and {"Camb|odia", "thin|king", "Turk|ish"} <= set(joined)


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_furniture_is_never_a_line_of_prose(real):
    _, log = real
    furniture = log.loc[log["why"] == "page_furniture", "what"]
    prose = [w for w in furniture if re.match(r"[a-z),;]", w) or "(see" in w]
    assert prose == []


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_notice_and_date_are_not_speech(real):
    turns, log = real
    first = _turn(turns, "A-48-PV.46", "USA")
    assert "subject to correction" not in first and "22 November 1993" not in first
    assert "safeguards agreement. These inspections are essential" in first
    assert {"22 November 1993"} <= set(log.loc[log["why"] == "page_furniture", "what"])


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_changes_of_chair_are_stage_directions(real):
    turns, log = real
    assert not turns["text"].str.contains(r"(?:took|returned to) the Chair\.").any()
    directions = log.loc[log["why"] == "stage_direction", "what"]
    changes = directions[directions.str.contains(r"(?:took|returned to) the Chair")]
    assert len(changes) == 6  # inside speeches; A/79/PV.29 has one before its first label (front matter)


@pytest.mark.shared
@pytest.mark.slow
def test_real_records_agenda_headings_are_not_speech(real):
    turns, log = real
    assert (
        not turns["text"]
        .str.contains(r"Agenda items? \d+(?: (?:and|to) \d+)?(?: \(continued\))? [A-Z]")
        .any()
    )
    assert not turns["text"].str.contains("ORGANIZATION OF WORK|AGENDA ITEM").any()
    assert _turn(turns, "A-48-PV.46", "BGR").endswith("nuclear-weapons proliferation.")
    assert _turn(turns, "A-61-PV.107", "LUX").endswith("the noble purposes that inspire it.")
    assert (log["why"] == "heading").sum() >= 40


def test_only_speech_transcribed_as_spoken_loses_its_fillers_and_stutters(tmp_path):
    """A record an editor wrote has no disfluencies: 'er' there is half a word a PDF split ("Memb er"),
    and a repeat is the speaker's. A file with one unmistakable filler is a transcript of speech."""
    from analysis.ingest.textclean import transcribed_as_spoken

    assert not transcribed_as_spoken(["The Memb er States agree.", "Mr. Um (Republic of Korea) spoke."])
    # Burkina Faso's 2023 General Debate speech names "Ruben Um Nyobe": read as a filler, it made the
    # whole written speech a transcript of speech, and the cleaner cut the name to "Ruben Nyobe"
    assert not transcribed_as_spoken(["Modibo Keita of Mali. Ruben Um Nyobe and Felix Moumie of Cameroon."])
    assert transcribed_as_spoken(["We, uh, we propose a fund."])
    assert transcribed_as_spoken(["No filler at all."], captions=True)

    written = "Mr. Kiboino (Kenya): The Memb er States, the the Council and Kenya agree.\n"
    spoken = "Kenya: The, uh, the Council and Kenya agree.\n"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "written.txt").write_text(written, encoding="utf-8")
    (raw / "spoken.txt").write_text(spoken, encoding="utf-8")
    # captions are speech as spoken even without a filler: the reader says so (ReadResult.captions)
    (raw / "cues.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nKenya: The the Council and Kenya agree.\n", encoding="utf-8"
    )
    (raw / "sessions.csv").write_text(
        "session_id,file,group\nw,written.txt,African Group\ns,spoken.txt,African Group\n"
        "c,cues.vtt,African Group\n",
        encoding="utf-8",
    )
    turns = clean_batch(raw).turns
    text = dict(zip(turns["session_id"], turns["text"], strict=True))
    assert text["w"] == "The Memb er States, the the Council and Kenya agree."
    assert text["s"] == "The Council and Kenya agree."
    assert text["c"] == "The Council and Kenya agree."


# --------------------------------------------------------------------------- pages after the text is edited


def test_a_word_joined_at_a_line_start_keeps_its_page(tmp_path):
    """Joining a word a line break hyphenated ("develop-|ment") and then one the text layer split at the
    next line's start ("Camb|odia") leaves each line on its own page: the turn opening page 2 is located
    on page 2, not on the page of the line before it."""
    fpdf = pytest.importorskip("fpdf")
    pages = [
        ["The President: I give the floor to the representative of Kenya.",
         "Mr. Otieno (Kenya): Kenya welcomes Cambodia and the report of the agency.",
         *_prose(52), "the agency now asks every party for the develop-", "ment of inspections ab"],
        ["Mr. Sok (Camb odia): Cambodia thanks the agency for its report and its work.", *_prose(55, 60)],
        _prose(55, 120),
        ["Ms. Dlamini (South Africa): South Africa agrees with Cambodia.", *_prose(55, 180)],
        _prose(55, 240),
    ]  # fmt: skip
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=9)
    pdf.set_auto_page_break(False)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 4.5, "\n".join(page))
    path = tmp_path / "record.pdf"
    pdf.output(str(path))
    result = read_transcript(path)
    sources = {s.label: s.source for s in result.segments}
    assert sources == {
        "The President": "record.pdf:page 1",
        "Mr. Otieno (Kenya)": "record.pdf:page 1",
        "Mr. Sok (Cambodia)": "record.pdf:pages 2-3",
        "Ms. Dlamini (South Africa)": "record.pdf:pages 4-5",
    }
    joins = {(r.what, r.why) for r in result.removals}
    assert {("develop-|ment", "hyphenation"), ("Camb|odia", "text_layer_split")} <= joins
    assert "for the development of inspections" in result.segments[1].text.replace("\n", " ")
