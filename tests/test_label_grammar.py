"""Which label form a file is read with, and which of its labels are trusted (``readers.grammar``).

Small messy transcripts, each pinning one rule a wrong answer to which would hand a turn to the wrong
speaker: ties between forms, a label inside running prose (a line before it that ends mid-sentence, a
comma included), the first line of a file, a label a line break cut inside its brackets, and a first-person
"I" that is a numeral ("Annex I.").
"""

from __future__ import annotations

import pytest

from analysis.ingest.readers import read_transcript


def _read(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_transcript(path)


def _turns(result):
    return [(s.label, s.source) for s in result.segments]


def _why(result, why):
    return [(what, where) for what, w, where in result.removals if w == why]


# --- choosing the form -----------------------------------------------------------------------------------


def test_when_two_forms_find_as_many_labels_the_more_specific_form_wins(tmp_path):
    """A hearing's "Mr. LEE." labels and plain "Name:" lines, two each: the file is read as a hearing (the
    forms are tried in the order explicit, markdown, stamped, hearing, generic), so the member's words are
    never handed to the "Name:" line before them."""
    text = (
        "Mr. LEE. We open the hearing on trade.\n"
        "Ana Lima: Thank you.\n"
        "Ms. ORTIZ. We welcome the witness.\n"
        "Joe Park: Good morning.\n"
    )
    r = _read(tmp_path, "hearing.txt", text)
    assert _why(r, "label_grammar") == [("hearing (2 labels)", "hearing.txt")]
    assert _turns(r) == [("Mr. LEE", "hearing.txt:lines 1-2"), ("Ms. ORTIZ", "hearing.txt:lines 3-4")]


# --- labels inside running prose -------------------------------------------------------------------------


def test_a_label_after_a_line_ending_on_a_comma_is_inside_a_sentence(tmp_path):
    """A list of delegations wrapped after a comma: "Ghana:" opens the next line but is no speaker."""
    text = (
        "Chair: The delegations that asked for more time were Kenya,\n"
        "Ghana: and Peru. We will return to this after lunch.\n"
        "Kenya: Thank you, Chair.\n"
        "Chair: Thank you.\n"
    )
    r = _read(tmp_path, "wrapped.txt", text)
    assert _turns(r) == [
        ("Chair", "wrapped.txt:lines 1-2"),
        ("Kenya", "wrapped.txt:line 3"),
        ("Chair", "wrapped.txt:line 4"),
    ]
    assert _why(r, "label_demoted") == [("Ghana: inside running prose", "wrapped.txt:line 2")]


def test_the_first_line_has_no_line_before_it_to_continue(tmp_path):
    """A label seen once on the file's first line is a speaker, however the file's last line ends (it is not
    the line before the first; here it stops mid-sentence, with no line break after it)."""
    text = (
        "Amina Otieno: Welcome, everyone, to this consultation.\n"
        "Kenya: Kenya supports the plan.\n"
        "Ghana: Ghana supports it too, and we will continue tomorrow"
    )
    r = _read(tmp_path, "notes.txt", text)
    assert [label for label, _ in _turns(r)] == ["Amina Otieno", "Kenya", "Ghana"]
    assert _why(r, "label_demoted") == []


def test_a_word_paragraph_after_a_bold_label_is_not_read_as_its_sentences_end(tmp_path):
    """In Word minutes typing most labels ("Kenya:") and bolding one, the bold paragraph is the source's own
    labelled paragraph: the next paragraph's "Ghana:" opens Ghana's turn even though the bold one stops
    mid-sentence."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Kenya: We open the debate on industrial policy.")
    bold = d.add_paragraph()
    bold.add_run("Chair:").bold = True
    bold.add_run(" I thank Kenya and give the floor to the delegation of")
    d.add_paragraph("Ghana: Thank you, Chair. Ghana supports the Strategy.")
    d.add_paragraph("Peru: We agree with Ghana.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert ("Ghana", "minutes.docx:paragraph 3") in _turns(r)
    assert _why(r, "label_demoted") == []


def test_a_bold_label_among_typed_ones_keeps_its_turn(tmp_path):
    """Word minutes typing most labels ("Kenya:") and bolding the Chair's: the file is read in the typed
    form, and the bold label, the source's own mark, still opens the Chair's turn. Its words went to the
    delegation before it, and the file's first turn, the Chair's, was logged as front matter."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for label, words, bold in [
        ("Chair:", "Welcome to the consultation on the framework.", True),
        ("Kenya:", "We support skills for young people in manufacturing.", False),
        ("Ghana:", "We call for investment in infrastructure and energy.", False),
        ("Chair:", "Thank you. Peru, you have the floor.", True),
        ("Peru:", "We ask for partnerships with the private sector.", False),
        ("Chile:", "We stress the governance of data.", False),
    ]:
        para = d.add_paragraph()
        para.add_run(label).bold = bold
        para.add_run(f" {words}")
    d.save(tmp_path / "minutes.docx")
    r = read_transcript(tmp_path / "minutes.docx")
    assert [label for label, _ in _turns(r)] == ["Chair", "Kenya", "Ghana", "Chair", "Peru", "Chile"]
    assert [s.text for s in r.segments][3] == "Thank you. Peru, you have the floor."
    assert _why(r, "front_matter") == []


# --- a label a line break cut ----------------------------------------------------------------------------


def test_a_label_wrapped_inside_its_brackets_is_joined_and_spans_both_lines(tmp_path):
    text = (
        "Chair: Welcome to the consultation.\n"
        "Hon Amina Otieno (Minister for\n"
        "Trade and Industry): We support the plan.\n"
        "Chair: Thank you, Minister.\n"
    )
    r = _read(tmp_path, "wrapped.txt", text)
    assert _turns(r) == [
        ("Chair", "wrapped.txt:line 1"),
        ("Hon Amina Otieno (Minister for Trade and Industry)", "wrapped.txt:lines 2-3"),
        ("Chair", "wrapped.txt:line 4"),
    ]


def test_a_label_wrapped_inside_its_second_brackets_is_joined_too(tmp_path):
    """ "Hon Amina Otieno (Kenya) (Minister for" / "Trade and Industry): ...": the bracket the line break cut
    is the label's second; the minister's words were the Chair's."""
    text = (
        "Chair: Welcome to the consultation.\n"
        "Hon Amina Otieno (Kenya) (Minister for\n"
        "Trade and Industry): We support the plan.\n"
        "Chair: Thank you, Minister.\n"
    )
    r = _read(tmp_path, "wrapped.txt", text)
    assert _turns(r) == [
        ("Chair", "wrapped.txt:line 1"),
        ("Hon Amina Otieno (Kenya) (Minister for Trade and Industry)", "wrapped.txt:lines 2-3"),
        ("Chair", "wrapped.txt:line 4"),
    ]


# --- the verbatim form's generic-looking labels ----------------------------------------------------------


def _verbatim(tmp_path, middle):
    """A verbatim record: the President gives Kenya the floor, ``middle`` lines, then Korea speaks."""
    text = (
        "The President: I call on the representative of Kenya.\n"
        + middle
        + "Ms. Lee (Republic of Korea): We agree.\n"
    )
    return _read(tmp_path, "A-51-PV.12.txt", text)


def test_a_delegation_named_alone_inside_a_wrapped_sentence_is_no_speaker(tmp_path):
    r = _verbatim(
        tmp_path,
        "Mr. Kiboino (Kenya): We support the draft submitted on behalf of\n"
        "Ghana: The Government of Ghana asked us to present it.\n",
    )
    assert [s.label for s in r.segments] == [
        "The President",
        "Mr. Kiboino (Kenya)",
        "Ms. Lee (Republic of Korea)",
    ]
    assert _why(r, "label_demoted") == [("Ghana: inside running prose", "A-51-PV.12.txt:line 3")]


def test_a_bare_presiding_title_inside_a_wrapped_sentence_is_no_speaker(tmp_path):
    r = _verbatim(
        tmp_path,
        "Mr. Kiboino (Kenya): We thank the outgoing\nChair: Her leadership was exemplary. Kenya agrees.\n",
    )
    assert [s.label for s in r.segments] == [
        "The President",
        "Mr. Kiboino (Kenya)",
        "Ms. Lee (Republic of Korea)",
    ]
    assert "Chair: Her leadership was exemplary." in r.segments[1].text


@pytest.mark.parametrize(
    "line",
    ["Otieno: Thank you, Mr. President.", "Questions/Answers: The floor was opened."],
    ids=["one-word", "slash"],
)
def test_one_word_or_a_slashed_name_before_a_colon_names_no_one(tmp_path, line):
    """A name alone is a label where it names a delegation, an organisation or a person (two words or
    more, no number or slash): a surname alone ("Otieno:") and "Questions/Answers:" stay the President's
    words."""
    r = _verbatim(
        tmp_path, "Mr. Kiboino (Kenya): Kenya supports the report.\nThe President: Thank you.\n" + line + "\n"
    )
    assert [s.label for s in r.segments] == [
        "The President",
        "Mr. Kiboino (Kenya)",
        "The President",
        "Ms. Lee (Republic of Korea)",
    ]
    assert r.segments[2].text == "Thank you.\n" + line


def test_a_cover_line_naming_who_presides_is_front_matter_not_a_turn(tmp_path):
    """ "President: Mr. Razali Ismail (Malaysia)" names who presides: no presiding title alone is a label
    there, neither as the form's own nor as a name alone."""
    text = (
        "General Assembly 12th plenary meeting, Fifty-first session.\n"
        "President: Mr. Razali Ismail (Malaysia)\n"
        "The meeting was called to order at 10 a.m.\n"
        "The President: I call on the representative of Kenya.\n"
        "Mr. Kiboino (Kenya): Kenya supports the report.\n"
    )
    r = _read(tmp_path, "A-51-PV.12.txt", text)
    assert [s.label for s in r.segments] == ["The President", "Mr. Kiboino (Kenya)"]
    assert _why(r, "label_grammar") == [("verbatim (2 labels)", "A-51-PV.12.txt")]


def test_a_verbatim_records_front_matter_is_located_on_its_own_lines(tmp_path):
    """The cover lines before the first speaker, not the speaker's line too: "lines 1-4" sent the reader to
    the President's opening words as if they were the cover's."""
    text = (
        "\n"
        "United Nations A/79/PV.15\n"
        "General Assembly\n"
        "Seventy-ninth session\n"
        "\n"
        "The President: I give the floor to the representative of Kenya.\n"
        "Mr. Otieno (Kenya): Kenya supports the framework.\n"
    )
    r = _read(tmp_path, "rec.txt", text)
    assert _why(r, "front_matter") == [
        ("United Nations A/79/PV.15 General Assembly Seventy-ninth session", "rec.txt:lines 2-4")
    ]
    assert _turns(r)[0] == ("The President", "rec.txt:line 6")


@pytest.mark.parametrize(
    "line, speaks",
    [
        ("UNIDO Secretariat: The report is available online.", True),
        ("Secretariat: The report is available online.", True),
        ("Way Forward: We will meet again in May.", False),
    ],
    ids=["organisation's-office", "office", "words-written-lower-case-elsewhere"],
)
def test_a_name_alone_speaks_for_an_office_but_not_in_words_the_record_writes_lower_case(
    tmp_path, line, speaks
):
    """Beside UN-style labels, "UNIDO Secretariat:" and "Secretariat:" name who speaks; "Way Forward:" is a
    heading where the record also writes "the way forward", and its words stay the President's."""
    r = _verbatim(
        tmp_path,
        "Mr. Kiboino (Kenya): Kenya supports the report and the way forward.\nThe President: Thank you.\n"
        + line
        + "\n",
    )
    label = line.split(":")[0]
    assert (label in [s.label for s in r.segments]) is speaks


# --- a label seen once holding far more words than the file's median turn -------------------------------

LONG = (
    "the deficit grew again this year " * 199 + "the deficit grew again this year."
)  # 1,200 words: more than max(1000, 10 x a short turn)


def _heavy(tmp_path, lines):
    return _read(tmp_path, "notes.txt", "".join(f"{line}\n" for line in lines))


def test_a_sub_heading_swallowing_a_statement_goes_back_to_the_turn_it_stands_in(tmp_path):
    r = _heavy(
        tmp_path,
        ["Chair: Welcome.", "Kenya: Thank you.", "Ghana: We agree.", f"Deficits: {LONG}", "Peru: Thanks."],
    )
    assert _turns(r) == [
        ("Chair", "notes.txt:line 1"),
        ("Kenya", "notes.txt:line 2"),
        ("Ghana", "notes.txt:lines 3-4"),
        ("Peru", "notes.txt:line 5"),
    ]
    assert _why(r, "label_demoted") == [("Deficits: holds 1200 words", "notes.txt:line 4")]


def test_a_heavy_label_seen_twice_stays_a_turn(tmp_path):
    twice = _heavy(
        tmp_path,
        [
            "Chair: Welcome.",
            "Kenya: Thank you.",
            f"Deficits: {LONG}",
            "Ghana: We agree.",
            f"Deficits: {LONG}",
        ],
    )
    assert [label for label, _ in _turns(twice)] == ["Chair", "Kenya", "Deficits", "Ghana", "Deficits"]


def test_a_heavy_annex_label_is_a_section_of_no_ones(tmp_path):
    r = _heavy(tmp_path, ["Chair: Welcome.", "Kenya: Thank you.", "Ghana: We agree.", f"Annex I: {LONG}"])
    annex = r.segments[-1]
    assert (annex.label, annex.speech, annex.source) == (None, False, "notes.txt:line 4")
    assert all(s.speech for s in r.segments[:-1])
