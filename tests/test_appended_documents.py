"""A document set into a record under a label-like heading ("Annex I:", "Appendix:", "Attachment:") is
nobody's speech.

Such a heading, said once and holding far more words than the record's turns, is no speaker's label
(``grammar.demote_heavy``). Its words had gone into the turn before it: a written statement annexed after
Ghana's two sentences made Ghana's turn 1,200 words long, counted as Ghana's priorities, and an annex after
the chair's closing made the chair's turn a document. A heading that names a document or a part of one
opens a section of its own: kept word for word (the contract keeps written substance), attributed to no
one (no speaker, no country, role ``unknown``), logged (``label_demoted``), and so never counted as a
delegation's speech. A long speech under an unusual label is still a speaker's: a person the chair gave the
floor to keeps the turn, and a speaker's own sub-heading inside a statement ("Deficits:") stays in it.

A verbatim record's annex reads no label at all ("Annex" names no one): what follows the record's closing
line, "The meeting rose at ...", is the same section of no one's (an annex after S/PV.8422's closing had
been 1,215 words of the Central African Republic's counted speech).
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import clean_one_file, write_docx, write_pdf

# a written statement's sentences, third person, as annexes print them
_ANNEX = (
    "The Government of Kenya has adopted a national strategy for industrial digitalisation.",
    "The strategy provides for training of technicians in vocational colleges across all counties.",
    "Small and medium enterprises receive credit lines through the development bank.",
    "Annual reports on progress are submitted to the parliament and published online.",
)
_SPEECH = (
    "I thank the Chair for the invitation to speak today.",
    "My country has invested in skills and in the digital economy.",
    "We believe finance for small firms is the key to industrial growth.",
)


def _paragraphs(sentences: tuple[str, ...], words: int, per: int = 60) -> list[str]:
    """Paragraphs of about ``per`` words, ``words`` in all, cycling through ``sentences``."""
    out, paragraph = [], []
    while sum(len(p.split()) for p in out) + sum(len(s.split()) for s in paragraph) < words:
        paragraph.append(sentences[(len(out) + len(paragraph)) % len(sentences)])
        if sum(len(s.split()) for s in paragraph) >= per:
            out.append(" ".join(paragraph))
            paragraph = []
    return out + ([" ".join(paragraph)] if paragraph else [])


def _clean(tmp_path, path):
    (tmp_path / "run").mkdir()
    return clean_one_file(path, tmp_path / "run", "x", "African Group")


def _who(turns) -> list[tuple]:
    """(speaker, country, role, words) of every turn, a missing country as None."""
    return [
        (t.speaker, None if pd.isna(t.country) else t.country, t.role, t.n_words) for t in turns.itertuples()
    ]


def _demoted(log) -> list[str]:
    return log.loc[log.why == "label_demoted", "what"].tolist()


OPENING = [
    "Chair: I give the floor to Kenya.  ",
    "Kenya: Thank you, Chair. We support the framework and call for more finance for small firms.",
    "Chair:\tThank you. Ghana.",
    "Ghana: We agree with Kenya. Skills matter most to us.",
]
CLOSING = "Chair: Thank you. The meeting is closed."
BEFORE = [
    ("Chair", None, "chair", 6),
    ("Kenya", "KEN", "member_state", 15),
    ("Chair", None, "chair", 3),
    ("Ghana", "GHA", "member_state", 9),
]


def test_an_annex_after_the_last_speaker_is_a_section_of_no_ones(tmp_path):
    """Text minutes that append a written statement after the chair closes the meeting: the chair's closing
    keeps its six words, and the annex, heading and all, is a turn of no one's that no group counts."""
    annex = _paragraphs(_ANNEX, 1200)
    text = "\n\n".join([*OPENING, CLOSING, "Annex I: " + annex[0], *annex[1:]]) + "\n"
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    words = len(" ".join(annex).split()) + 2
    assert _who(turns) == [*BEFORE, ("Chair", None, "chair", 6), ("", None, "unknown", words)]
    assert turns.text.iloc[-1].startswith("Annex I: The Government of Kenya has adopted")
    assert _demoted(log) == [
        f"Annex I: a document set into the record; its {words - 2} words are no one's speech"
    ]


def test_a_list_of_participants_printed_after_the_closing_is_no_ones_speech(tmp_path):
    """The participants run on after the chair's closing in one paragraph, names, ministries and cities: no
    one says them."""
    names = "; ".join(f"Ms. Amina Otieno{i}, Ministry of Industry and Trade, Nairobi" for i in range(130))
    text = "\n".join([*OPENING, CLOSING, f"Participants: {names}."]) + "\n"
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    words = len(names.split()) + 1
    assert _who(turns) == [*BEFORE, ("Chair", None, "chair", 6), ("", None, "unknown", words)]
    assert _demoted(log) == [
        f"Participants: a document set into the record; its {words - 1} words are no one's speech"
    ]


def test_a_written_statement_annexed_mid_record_is_not_the_previous_delegations_speech(tmp_path):
    """Minutes that set a delegation's written statement between two turns ("Annex: Written statement
    submitted by ...") had given its 1,200 words to Ghana, who spoke two sentences."""
    annex = _paragraphs(_ANNEX, 1200)
    heading = "Annex: Written statement submitted by the delegation of Kenya."
    text = "\n".join([*OPENING, heading + " " + annex[0], *annex[1:], CLOSING]) + "\n"
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    words = len(heading.split()) + len(" ".join(annex).split())
    assert _who(turns) == [*BEFORE, ("", None, "unknown", words), ("Chair", None, "chair", 6)]


def test_an_attachment_heading_alone_in_word_minutes_opens_a_section_of_no_ones(tmp_path):
    """The same in Word: "Attachment:" alone on its paragraph between Ghana's statement and the chair's
    closing."""
    annex = _paragraphs(_ANNEX, 1200)
    path = write_docx(tmp_path / "minutes.docx", [*OPENING, "Attachment:", *annex, CLOSING])
    turns, log = _clean(tmp_path, path)
    words = len(" ".join(annex).split()) + 1
    assert _who(turns) == [*BEFORE, ("", None, "unknown", words), ("Chair", None, "chair", 6)]
    assert _demoted(log) == [
        f"Attachment: a document set into the record; its {words - 1} words are no one's speech"
    ]


def test_an_appendix_listing_documents_after_a_delegations_last_word_in_a_pdf(tmp_path):
    """A PDF whose last speaker is a delegation, with an appendix after it over four pages: the delegation
    keeps its own sentence."""
    annex = _paragraphs(_ANNEX, 1200)
    body = [*OPENING, "Appendix: List of documents submitted by delegations", *annex]
    pages = ["\n".join(body[k : k + 6]) for k in range(0, len(body), 6)]
    turns, log = _clean(tmp_path, write_pdf(tmp_path / "record.pdf", pages, "DD/2024/1"))
    who = _who(turns)
    assert who[:4] == BEFORE
    assert who[4][:3] == ("", None, "unknown") and who[4][3] > 1200
    assert len(who) == 5


def test_a_long_speech_by_a_person_the_chair_gave_the_floor_to_keeps_its_turn(tmp_path):
    """A guest speaker's keynote of 1,300 words under her name alone: a label said once, of no known role,
    but the chair gave her the floor by that name. It had been the chair's turn."""
    speech = _paragraphs(_SPEECH, 1300)
    text = "\n\n".join(
        [
            *OPENING[:2],
            "Chair: Thank you. I now give the floor to Professor Ruth Nakamya.",
            "Ruth Nakamya: " + speech[0],
            *speech[1:],
            "Chair: Thank you. The meeting is closed.",
        ]
    )
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    assert _who(turns) == [
        *BEFORE[:2],
        ("Chair", None, "chair", 11),
        ("Ruth Nakamya", None, "unknown", len(" ".join(speech).split())),
        ("Chair", None, "chair", 6),
    ]
    assert _demoted(log) == []


@pytest.mark.parametrize(
    "label", ["Deficits", "Our Asks", "Comments on Annex II", "Proposals on the Appendix"]
)
def test_a_speakers_own_sub_heading_inside_a_long_statement_stays_in_it(tmp_path, label):
    """A heading a delegate reads out inside a long statement names no document: its words stay the
    delegate's (demoted, logged), as before. Nor does one that cites a document ("Comments on Annex II"):
    a document's heading opens with the word that names it ("Annex II", "Appendix: List of ...")."""
    speech = _paragraphs(_SPEECH, 1300)
    text = "\n".join([*OPENING, f"{label}: " + speech[0], *speech[1:], CLOSING]) + "\n"
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    held = len(" ".join(speech).split())
    words = 9 + len(label.split()) + held
    assert _who(turns) == [*BEFORE[:3], ("Ghana", "GHA", "member_state", words), ("Chair", None, "chair", 6)]
    assert _demoted(log) == [f"{label}: holds {held} words"]


# A verbatim record: a document after the meeting rose reads no label of the record's form ("Annex" names
# no one), so no label is demoted; its words had run on in the last speaker's turn all the same.
VERBATIM = [
    "The President: I now give the floor to the representative of Ghana.",
    "Mr. Agyeman (Ghana): Our ministry has opened three innovation hubs this year, two of them",
    "outside the capital.",
    "The President: There are no more names inscribed on the list of speakers.",
]


def test_a_document_annexed_after_the_meeting_rose_is_no_ones_speech_in_a_verbatim_record(tmp_path):
    """A record that ends "The meeting rose at 12.05 p.m." (wrapped over two lines here) and then prints an
    annex: the President's last turn keeps its eleven words, Ghana its fifteen, and the annex is a section of
    no one's, however short."""
    annex = _paragraphs(_ANNEX, 150)
    text = "\n".join(
        [
            "United Nations S/PV.9999",
            "Security Council",
            "",
            *VERBATIM,
            "The meeting rose at 12.05",
            "p.m.",
            "",
            "Annex",
            "Written statement submitted by the Permanent Representative of Kenya",
            *annex,
        ]
    )
    path = tmp_path / "S-PV-9999.txt"
    path.write_text(text + "\n", encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    words = 10 + len(" ".join(annex).split())
    assert _who(turns) == [
        ("The President", None, "chair", 10),
        ("Mr. Agyeman (Ghana)", "GHA", "member_state", 15),
        ("The President", None, "chair", 11),
        ("", None, "unknown", words),
    ]
    assert turns.text.iloc[-1].startswith("Annex Written statement submitted by")
    assert "The meeting rose at 12.05 p.m." in log.loc[log.why == "stage_direction", "what"].tolist()


_LETTER = "Letter dated 2 May 2024 from the Permanent Representative of Kenya (S/2024/300)"


@pytest.mark.parametrize(
    "closing",
    [
        ["The meeting rose at 12.05 pm"],  # no full stop
        ["The meeting rose at 12.05", "p.m"],  # wrapped, no full stop
        ["The meeting rose at 12.05 p.m."],
    ],
)
def test_a_closing_line_without_its_full_stop_ends_at_its_line_not_in_the_annex(tmp_path, closing):
    """A closing line runs on only over lines that continue its sentence (in lower case: "p.m"), never into
    the annex's heading and title under it: without a full stop it had taken "Annex" and the letter's
    title, a line ending in ")", into the President's turn."""
    annex = _paragraphs(_ANNEX, 150)
    text = "\n".join(
        ["United Nations S/PV.9999", "Security Council", "", *VERBATIM, *closing, "Annex", _LETTER, *annex]
    )
    path = tmp_path / "S-PV-9999.txt"
    path.write_text(text + "\n", encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    words = 1 + len(_LETTER.split()) + len(" ".join(annex).split())
    assert _who(turns)[2:] == [("The President", None, "chair", 11), ("", None, "unknown", words)]
    assert turns.text.iloc[-1].startswith("Annex Letter dated 2 May 2024")
    assert log.loc[log.why == "stage_direction", "what"].tolist() == [" ".join(closing)]


def test_a_verbatim_pdf_that_ends_when_the_meeting_rose_gives_no_one_a_turn_more(tmp_path):
    """The same record as a PDF with nothing after its closing line: the turns are the speakers' own."""
    pages = ["\n".join([*VERBATIM[:2]]), "\n".join([*VERBATIM[2:], "The meeting rose at 12.05 p.m."])]
    turns, log = _clean(tmp_path, write_pdf(tmp_path / "S-PV-9999.pdf", pages, "S/PV.9999"))
    assert [w[3] for w in _who(turns)] == [10, 15, 11]


# Minutes that print a document after the last speaker under a heading that is no label at all: "Annex" or
# "Annex I" alone on its line, no colon, or "List of participants" over lines of names. It had run on in the
# last speaker's turn (the chair's six closing words became 1,208), with no row in the log.
_PEOPLE = [
    f"{title} {first} {last}, {office}, {city}"
    for title, first, last, office, city in zip(
        ["Mr.", "Ms.", "Mr.", "Ms.", "Dr.", "Mr.", "Ms.", "Mr.", "Ms.", "Dr."],
        ["John", "Ama", "Chidi", "Fatou", "Kwame", "Tariq", "Lindiwe", "Pierre", "Wanjiru", "Moussa"],
        ["Kamau", "Mensah", "Okafor", "Diop", "Asante", "Hassan", "Dlamini", "Habimana", "Mwangi", "Sow"],
        ["Permanent Representative", "Deputy Director", "Minister Counsellor", "Adviser", "Director General",
         "First Secretary", "Chief Economist", "Counsellor", "Head of Unit", "Senior Adviser"],
        ["Nairobi", "Accra", "Abuja", "Dakar", "Kumasi", "Cairo", "Pretoria", "Kigali", "Mombasa", "Bamako"],
        strict=True,
    )
]  # fmt: skip


def _minutes(tmp_path, kind: str, body: list[str]):
    """``body`` as text minutes (one line each), a Word file (one paragraph each) or a PDF (six a page)."""
    if kind == "txt":
        path = tmp_path / "minutes.txt"
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
    elif kind == "docx":
        path = write_docx(tmp_path / "minutes.docx", body)
    else:
        pages = ["\n".join(body[k : k + 6]) for k in range(0, len(body), 6)]
        path = write_pdf(tmp_path / "record.pdf", pages, "DD/2024/1")
    return _clean(tmp_path, path)


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("heading", ["Annex", "Annex I", "ANNEX II", "Appendix"])
def test_an_unlabelled_annex_heading_after_the_closing_opens_a_section_of_no_ones(tmp_path, kind, heading):
    """ "Annex I" alone on its line after the chair's closing, over a written statement: the chair keeps six
    words and the annex, heading and all, is no one's (logged)."""
    annex = _paragraphs(_ANNEX, 600)
    turns, log = _minutes(tmp_path, kind, [*OPENING, CLOSING, heading, *annex])
    held = len(" ".join(annex).split())
    assert _who(turns) == [
        *BEFORE,
        ("Chair", None, "chair", 6),
        ("", None, "unknown", held + len(heading.split())),
    ]
    assert turns.text.iloc[-1].startswith(f"{heading} The Government of Kenya")
    assert log.loc[log.why == "heading", "what"].tolist() == [
        f"{heading}: heads a document set into the record; its {held} words are no one's speech"
    ]


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("heading", ["List of participants", "List of Participants:", "Participants"])
def test_a_list_of_participants_under_a_heading_after_the_last_speaker_is_no_ones(tmp_path, kind, heading):
    """The names, offices and cities of those who took part, one a line under their heading after Ghana's last
    words: Ghana keeps its nine."""
    turns, log = _minutes(tmp_path, kind, [*OPENING, heading, *_PEOPLE])
    listed = len(" ".join(_PEOPLE).split())
    assert _who(turns) == [*BEFORE, ("", None, "unknown", listed + len(heading.split()))]
    assert turns.text.iloc[-1].startswith(heading)
    assert len(log.loc[log.why == "heading"]) == 1


def test_an_annex_styled_as_a_word_heading_after_the_closing_is_kept_and_no_ones(tmp_path):
    """Word minutes that style "Annex I" as Heading 1: it had been logged as a heading and dropped, and the
    annex became the chair's."""
    docx = pytest.importorskip("docx")
    annex = _paragraphs(_ANNEX, 300)
    d = docx.Document()
    for text in [*OPENING, CLOSING]:
        d.add_paragraph(text)
    d.add_paragraph("Annex I", style="Heading 1")
    for text in annex:
        d.add_paragraph(text)
    d.save(tmp_path / "minutes.docx")
    turns, log = _clean(tmp_path, tmp_path / "minutes.docx")
    held = len(" ".join(annex).split())
    assert _who(turns) == [*BEFORE, ("Chair", None, "chair", 6), ("", None, "unknown", held + 2)]
    assert log.loc[log.why == "heading", "what"].tolist() == [
        "Annex I",
        f"Annex I: heads a document set into the record; its {held} words are no one's speech",
    ]


def test_a_participants_heading_styled_in_word_before_the_first_speaker_is_logged_as_before(tmp_path):
    """Word minutes that open with "Participants" styled Heading 2 over the delegations (as the bundled
    sample's do): a heading of the front matter, logged as a heading, not read into its text."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Minutes of the meeting", style="Title")
    d.add_paragraph("Participants", style="Heading 2")
    for name in ("Armenia", "Croatia", "Czechia"):
        d.add_paragraph(name, style="List Bullet")
    for text in [*OPENING, CLOSING]:
        d.add_paragraph(text)
    d.save(tmp_path / "minutes.docx")
    turns, log = _clean(tmp_path, tmp_path / "minutes.docx")
    assert _who(turns) == [*BEFORE, ("Chair", None, "chair", 6)]
    assert log.loc[log.why == "heading", "what"].tolist() == ["Minutes of the meeting", "Participants"]
    assert log.loc[log.why == "front_matter", "what"].tolist() == ["Armenia Croatia Czechia"]


# What stays the last speaker's: a heading of their own, a sentence citing an annex, a heading a line break
# cut out of a sentence, and a list of participants the chair reads with a speaker after it.
OWN_WORDS = {
    "a sub-heading of the statement": ["Our priorities", "Skills come first. Finance comes next."],
    "a sentence citing an annex": ["Annex I of the Paris Agreement says what developed countries owe."],
    "an annex named inside a wrapped sentence": [
        "Our proposals are set out in the",
        "Annex",
        "to this statement.",
    ],
    "a heading with nothing under it": ["Annex"],
    "an annex in lower case": ["annex", "Our proposals follow."],
}


@pytest.mark.parametrize("case", list(OWN_WORDS))
def test_a_speakers_own_words_after_a_heading_like_line_stay_theirs(tmp_path, case):
    lines = OWN_WORDS[case]
    turns, log = _minutes(tmp_path, "txt", [*OPENING, *lines])
    said = len(" ".join(lines).split())
    assert _who(turns) == [*BEFORE[:3], ("Ghana", "GHA", "member_state", 9 + said)]
    assert log.loc[log.why == "heading"].empty


def test_an_annex_between_two_speakers_is_left_to_the_turn_it_stands_in(tmp_path):
    """Only what follows the last speaker is read as appended: a heading with a speaker after it may be a part
    of the statement (a chair listing "Participants" before going on)."""
    text = [*OPENING[:2], "Participants", *_PEOPLE[:3], "Chair: Thank you."]
    turns, log = _minutes(tmp_path, "txt", text)
    assert [t[0] for t in _who(turns)] == ["Chair", "Kenya", "Chair"]
    assert log.loc[log.why == "heading"].empty


# A verbatim record that prints an annex after its last speaker with no closing line before it ("The meeting
# rose at ..." missing, or lost from the text layer): the President's closing words had become 321.
_STATEMENT = "Written statement submitted by the Permanent Representative of Kenya"


@pytest.mark.parametrize("kind", ["txt", "pdf"])
@pytest.mark.parametrize("heading", ["Annex", "Annex I"])
def test_an_annex_after_a_verbatim_records_last_speaker_is_no_ones_without_a_closing_line(
    tmp_path, kind, heading
):
    annex = _paragraphs(_ANNEX, 300)
    body = [*VERBATIM, "", heading, _STATEMENT, *annex]
    if kind == "txt":
        path = tmp_path / "S-PV-9999.txt"
        path.write_text("\n".join(["United Nations S/PV.9999", "Security Council", "", *body]) + "\n")
    else:
        pages = ["\n".join(body[k : k + 8]) for k in range(0, len(body), 8)]
        path = write_pdf(tmp_path / "S-PV-9999.pdf", pages, "S/PV.9999")
    turns, log = _clean(tmp_path, path)
    held = len(_STATEMENT.split()) + len(" ".join(annex).split())
    assert _who(turns)[2:] == [
        ("The President", None, "chair", 11),
        ("", None, "unknown", held + len(heading.split())),
    ]
    assert log.loc[log.why == "heading", "what"].tolist() == [
        f"{heading}: heads a document set into the record; its {held} words are no one's speech"
    ]


@pytest.mark.parametrize("closing", [[], ["The meeting rose at 12.05 p.m."]], ids=["no closing", "closing"])
def test_an_annex_styled_as_a_heading_in_a_word_verbatim_record_is_kept_and_no_ones(tmp_path, closing):
    """A Word verbatim record whose annex opens with "Annex" styled Heading 1 after the last speaker: the
    heading was dropped (kept aside only for minutes) and the annex went to the President, 11 words becoming
    over 300; after a closing line the annex was no one's but lost its heading. It reads as the text and PDF
    records do: the heading stays, word for word, at the head of a section of no one's."""
    docx = pytest.importorskip("docx")
    annex = _paragraphs(_ANNEX, 300)
    d = docx.Document()
    for text in [*VERBATIM, *closing]:
        d.add_paragraph(text)
    d.add_paragraph("Annex", style="Heading 1")
    for text in [_STATEMENT, *annex]:
        d.add_paragraph(text)
    d.save(tmp_path / "S-PV-9999.docx")
    turns, log = _clean(tmp_path, tmp_path / "S-PV-9999.docx")
    held = len(_STATEMENT.split()) + len(" ".join(annex).split())
    assert _who(turns)[2:] == [("The President", None, "chair", 11), ("", None, "unknown", held + 1)]
    assert turns.text.iloc[-1].startswith(f"Annex {_STATEMENT}")
    said = [f"Annex: heads a document set into the record; its {held} words are no one's speech"]
    assert log.loc[log.why == "heading", "what"].tolist() == ["Annex", *(said if not closing else [])]


def test_an_annex_heading_with_nothing_under_it_at_a_word_verbatim_records_end_stays_out(tmp_path):
    """A styled "Annex" heading is put back only over an annex's words: one closing the document with
    nothing below it (its annex issued separately) is not read into the last speaker's turn."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for text in VERBATIM:
        d.add_paragraph(text)
    d.add_paragraph("Annex", style="Heading 1")
    d.save(tmp_path / "S-PV-9999.docx")
    turns, log = _clean(tmp_path, tmp_path / "S-PV-9999.docx")
    assert _who(turns)[-1] == ("The President", None, "chair", 11)
    assert not turns.text.str.contains("Annex").any()
    assert log.loc[log.why == "heading", "what"].tolist() == ["Annex"]


def test_a_text_a_speaker_reads_out_under_its_heading_in_a_verbatim_record_stays_theirs(tmp_path):
    """An annex is printed after the meeting; a heading with a speaker after it is a text read out on the
    floor (the President reading a draft decision and its annex), the speaker's words."""
    text = [
        "United Nations A/99/PV.1",
        "General Assembly",
        "",
        "The President: The draft decision reads as follows.",
        "Annex",
        "The General Assembly decides to convene a high-level meeting on industrial development.",
        "Mr. Agyeman (Ghana): Ghana supports the decision.",
    ]
    path = tmp_path / "A-99-PV.1.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    turns, log = _clean(tmp_path, path)
    assert [(t[0], t[3]) for t in _who(turns)] == [("The President", 19), ("Mr. Agyeman (Ghana)", 4)]
