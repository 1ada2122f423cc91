"""Summary records: third-person minutes, as UN and UNIDO bodies (the Industrial Development Board) publish.

A summary record names no speaker in a label. Each speaker's paragraph opens with who spoke and a verb of
saying, and the paragraphs after it ("He added that ...") are theirs until the next such opener:

- "12. Ms. Lee (Republic of Korea) said that her delegation ...", "1. Mr. Kiboino (Kenya), speaking on
  behalf of the African Group, said that ...", "3. The Chair said that ...", "4. The representative of
  Hungary said that ...": a numbered paragraph of a text or PDF record. The number goes (logged); the turn
  keeps the reported speech from the clause or the verb on ("speaking on behalf of the African Group, said
  that ..."); "The Chair" presides like a "The Chair:" label; a person's country is in the brackets.
- "The representative of Hungary said that ...", "The observer for the European Union said ...": a Word
  paragraph (Word numbers its lists out of the text), beside the bold labels of the same minutes.

Not an opener: a mention inside a sentence ("... as the representative of Hungary said"), a speaker with no
verb of saying ("The representative of Hungary is ...", "5. The Committee took note of the report."), a
line of plain text that is not a numbered paragraph (a line break inside a sentence), and in a Word
paragraph a presiding or secretariat title, which speeches cite ("The Secretary-General said in January").
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.readers import read_transcript
from helpers import clean_one_file, write_pdf

docx = pytest.importorskip("docx")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _bold_paragraph(document, label, text=""):
    p = document.add_paragraph()
    p.add_run(label).bold = True
    if text:
        p.add_run(" " + text)


def _saved(document, tmp_path):
    """A Word ``document`` saved as minutes.docx in ``tmp_path``."""
    path = tmp_path / "minutes.docx"
    document.save(path)
    return path


def _clean(document, tmp_path, group="Eastern European Group"):
    """(turns, log) of a Word ``document`` (or a saved file's path) cleaned as a one-session corpus."""
    path = _saved(document, tmp_path) if hasattr(document, "save") else document
    folder = tmp_path / "clean"
    folder.mkdir()
    return clean_one_file(path, folder, "IDB-52", group)


def _turns(path, tmp_path):
    """(speaker, country, role, text) of each turn of ``path`` cleaned as a one-session corpus."""
    turns, _ = _clean(path, tmp_path)
    return [
        (t.speaker, None if pd.isna(t.country) else t.country, t.role, t.text) for t in turns.itertuples()
    ]


def _why(result, why):
    return [(what, where) for what, w, where in result.removals if w == why]


# --- Word minutes: a paragraph reporting a delegation starts that delegation's turn ---------------------


def _minutes(tmp_path, paragraphs):
    """Word minutes: a title, the Chair and Kenya in bold labels, then ``paragraphs`` (text, no bold)."""
    d = docx.Document()
    d.add_paragraph("Industrial Development Board, fifty-second session", style="Title")
    _bold_paragraph(d, "Chair:", "I give the floor to Kenya.")
    _bold_paragraph(d, "Kenya:", "Kenya welcomes the  draft Strategy.")
    for text in paragraphs:
        d.add_paragraph(text)
    _bold_paragraph(d, "Chair:", "Thank you.")
    path = tmp_path / "IDB.52-minutes.docx"
    d.save(path)
    return path


def test_a_word_paragraph_reporting_hungary_is_hungarys_turn_not_the_previous_speakers(tmp_path):
    path = _minutes(
        tmp_path,
        [
            "We note that the representative of Hungary said that standards matter.",
            "The representative of Hungary is a member of the Bureau.",
            "The representative of Hungary said that the Strategy should put standards first.",
            "She added that the Strategy should be costed.",
        ],
    )
    r = read_transcript(path)
    assert [(s.label, s.source) for s in r.segments] == [
        ("Chair", "IDB.52-minutes.docx:paragraph 2"),
        ("Kenya", "IDB.52-minutes.docx:paragraphs 3-5"),  # the mention and "... is a member" stay Kenya's
        ("The representative of Hungary", "IDB.52-minutes.docx:paragraphs 6-7"),
        ("Chair", "IDB.52-minutes.docx:paragraph 8"),
    ]
    assert r.segments[2].text == (
        "said that the Strategy should put standards first.\nShe added that the Strategy should be costed."
    )
    assert _turns(path, tmp_path)[2][:3] == ("The representative of Hungary", "HUN", "member_state")


@pytest.mark.parametrize(
    "paragraph, speaker, country, role, text",
    [
        (
            "The delegate of Côte d’Ivoire, speaking on behalf of the Group of 77 and China, welcomed the"
            " report.",
            "The delegate of Côte d’Ivoire",
            "CIV",
            "member_state",
            "speaking on behalf of the Group of 77 and China, welcomed the report.",
        ),
        (
            "The representative of Hungary, speaking on behalf of the European Union and its member States,"
            " Albania and Montenegro, stated that the Union supported the Strategy.",
            "The representative of Hungary",
            "HUN",
            "member_state",
            "speaking on behalf of the European Union and its member States, Albania and Montenegro, stated"
            " that the Union supported the Strategy.",
        ),
        (
            "The observer for the European Union said that the Union agreed.",
            "The observer for the European Union",
            "EU",
            "observer",
            "said that the Union agreed.",
        ),
        (
            "The Permanent Representative of the Republic of Korea also   stressed skills.",
            "The Permanent Representative of the Republic of Korea",
            "KOR",
            "member_state",
            "also stressed skills.",
        ),
        (
            "Mr. Rahimi (Iran (Islamic Republic of)) pointed out that sanctions hurt industry.",
            "Mr. Rahimi (Iran (Islamic Republic of))",
            "IRN",
            "member_state",
            "pointed out that sanctions hurt industry.",
        ),
    ],
)
def test_word_paragraphs_open_with_the_ways_minutes_report_a_delegation(
    tmp_path, paragraph, speaker, country, role, text
):
    turns = _turns(_minutes(tmp_path, [paragraph]), tmp_path)
    assert [t[0] for t in turns] == ["Chair", "Kenya", speaker, "Chair"]
    assert turns[2] == (speaker, country, role, text)


def test_in_word_minutes_only_a_reported_speaker_and_a_verb_of_saying_open_a_turn(tmp_path):
    path = _minutes(
        tmp_path,
        [
            "The representatives of Hungary and Kenya said that they agreed.",  # two delegations: no one turn
            "The representative of Hungary and the representative of Kenya said so too.",
            "The Secretary-General said in January that the best brand is peace.",  # a speech citing him
            "The President emphasized the fact that we are at a turning point.",
            "The representative of Hungary, who spoke first, is right.",
            "Mr. Smith said that he agreed.",  # a person with no country in brackets
            "The delegation of Hungary recalled the Lima Declaration.",
        ],
    )
    r = read_transcript(path)
    assert [(s.label, s.source) for s in r.segments] == [
        ("Chair", "IDB.52-minutes.docx:paragraph 2"),
        ("Kenya", "IDB.52-minutes.docx:paragraphs 3-9"),
        ("The delegation of Hungary", "IDB.52-minutes.docx:paragraph 10"),
        ("Chair", "IDB.52-minutes.docx:paragraph 11"),
    ]
    assert _why(r, "label_grammar") == [("explicit (3 labels) and summary (1 labels)", "IDB.52-minutes.docx")]


def test_word_minutes_with_no_bold_labels_are_read_as_a_summary_record(tmp_path):
    d = docx.Document()
    d.add_paragraph("Summary of the informal consultations")
    d.add_paragraph("The meeting was opened at 10 a.m.")
    d.add_paragraph("The representative of Hungary said that the Strategy should put standards first.")
    d.add_paragraph("The delegate of Kenya asked how the Strategy would be financed.")
    d.add_paragraph("He  suggested a trust fund.")
    path = tmp_path / "consultations.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        ("The representative of Hungary", "said that the Strategy should put standards first."),
        ("The delegate of Kenya", "asked how the Strategy would be financed.\nHe  suggested a trust fund."),
    ]
    assert _why(r, "label_grammar") == [("summary (2 labels)", "consultations.docx")]
    assert _why(r, "front_matter") == [
        (
            "Summary of the informal consultations The meeting was opened at 10 a.m.",
            "consultations.docx:paragraphs 1-2",
        )
    ]


def test_in_word_minutes_read_as_a_summary_record_the_chair_reported_opens_the_chairs_turn(tmp_path):
    """In Word minutes read as a summary record (its delegations' openers are the form's evidence), a
    paragraph opening with a presiding title and a verb ("The Chair (Brazil) opened the meeting and recalled
    ...", "The Chair thanked the delegations and closed the meeting.") is the chair's turn (one chair, named
    the shorter way): the first had been logged as front matter, the second counted as Colombian."""
    d = docx.Document()
    d.add_paragraph("Regional dialogue on industrial policy, Latin America and the Caribbean")
    d.add_paragraph("Summary of the meeting")
    d.add_paragraph("The Chair (Brazil) opened the meeting and recalled the objectives of the dialogue.")
    d.add_paragraph("The representative of Mexico said that nearshoring offered an opportunity.")
    d.add_paragraph("The representative of Colombia stressed that small firms needed finance.")
    d.add_paragraph("The Chair thanked the delegations and closed the meeting.")
    turns, log = _clean(d, tmp_path, "Latin American and Caribbean Group")
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["role"], strict=True)
    assert list(rows) == [
        ("The Chair", "", "chair"),
        ("The representative of Mexico", "MEX", "member_state"),
        ("The representative of Colombia", "COL", "member_state"),
        ("The Chair", "", "chair"),
    ]
    assert turns["text"].iloc[0] == "opened the meeting and recalled the objectives of the dialogue."
    assert turns["text"].iloc[2] == "stressed that small firms needed finance."
    assert turns["text"].iloc[3] == "thanked the delegations and closed the meeting."
    [front] = log.loc[log["why"] == "front_matter", "what"]
    assert front.startswith("Regional dialogue") and "Chair" not in front


def test_in_word_minutes_read_as_a_summary_record_a_head_of_state_cited_is_no_officer(tmp_path):
    """A delegation's paragraph may open with its own head of state ("The President of the Republic opened a
    new industrial park ..."): a presiding title of no meeting, so the paragraph stays the delegation's, as
    an unnumbered paragraph opening with an officer is the meeting's chair or secretariat only."""
    d = docx.Document()
    d.add_paragraph("Summary of the meeting")
    d.add_paragraph("The Chair opened the meeting and recalled the objectives of the dialogue.")
    d.add_paragraph("The representative of Kenya said that industrial parks were drawing investment.")
    d.add_paragraph("The President of the Republic opened a new industrial park in Nairobi, with 40 firms.")
    d.add_paragraph("The representative of Ghana stressed that small firms needed finance.")
    d.add_paragraph("The Director General of UNIDO thanked the delegations and closed the meeting.")
    turns, _ = _clean(d, tmp_path, "African Group")
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["role"], strict=True)
    assert list(rows) == [
        ("The Chair", "", "chair"),
        ("The representative of Kenya", "KEN", "member_state"),
        ("The representative of Ghana", "GHA", "member_state"),
        ("The Director General of UNIDO", "", "secretariat"),
    ]
    assert turns["text"].iloc[1].endswith("The President of the Republic opened a new industrial park in "
                                          "Nairobi, with 40 firms.")  # fmt: skip


def test_a_delegation_named_two_ways_in_one_session_is_one_speaker(tmp_path):
    """A bold "Hungary" and "The representative of Hungary said ..." are one speaker (the spelling used most,
    then the shortest), logged as a variant; a person from the delegation stays a speaker of their own."""
    d = docx.Document()
    _bold_paragraph(d, "Chair:", "I give the floor to Kenya.")
    _bold_paragraph(d, "Kenya:", "Kenya agrees.")
    d.add_paragraph("The representative of Hungary said that the Strategy should be costed.")
    _bold_paragraph(d, "Hungary:", "Hungary welcomes the draft Strategy.")
    _bold_paragraph(d, "Mr. Kovács (Hungary):", "As the expert of my delegation, I add one point.")
    turns, log = _clean(d, tmp_path)
    # one speaker, so the two consecutive turns are one
    assert turns["speaker"].tolist() == ["Chair", "Kenya", "Hungary", "Mr. Kovács (Hungary)"]
    assert turns["country"].tolist()[1:] == ["KEN", "HUN", "HUN"]
    assert turns["text"].iloc[2].endswith("Hungary welcomes the draft Strategy.")
    variants = log.loc[log["why"] == "speaker_variant", "what"].tolist()
    assert variants == ["The representative of Hungary -> Hungary"]


def test_minutes_mixing_labels_and_numbered_openers_keep_both(tmp_path):
    """Where the openers outnumber the "Name:" labels, the labels still open their turns: the Chair's and the
    Secretariat's speech is neither front matter nor part of the last delegation's turn."""
    text = (
        "Summary of the informal consultation\n"
        "Chair: Opened the consultation and invited the Secretariat to introduce document IDB.52/3.\n"
        "Secretariat: Introduced the document and outlined the proposed programme and budgets.\n"
        "1. The representative of Japan welcomed the report.\n"
        "2. The representative of Kenya, speaking on behalf of the African Group, stressed the funding gap.\n"
        "3. The representative of Germany noted the progress made.\n"
        "4. The representative of China said that industry was key.\n"
        "5. The representative of India supported the statement of the African Group.\n"
        "Secretariat: Responded that the funding gap would be addressed in the next report.\n"
        "Chair: Thanked delegations.\n"
    )
    r = read_transcript(_write(tmp_path, "consultation.txt", text))
    assert [s.label for s in r.segments] == [
        "Chair",
        "Secretariat",
        "The representative of Japan",
        "The representative of Kenya",
        "The representative of Germany",
        "The representative of China",
        "The representative of India",
        "Secretariat",
        "Chair",
    ]
    assert _why(r, "label_grammar") == [("summary (5 labels) and generic (4 labels)", "consultation.txt")]


def test_a_first_person_word_paragraph_citing_a_delegation_stays_the_speakers(tmp_path):
    path = _minutes(
        tmp_path,
        [
            "The representative of Brazil said that finance is the key constraint. We agree, but add skills.",
            "Mr. Silva (Brazil) stated yesterday that our region needs investment.",
            "The delegation of Japan proposed a pilot project.",
        ],
    )
    r = read_transcript(path)
    assert [s.label for s in r.segments] == ["Chair", "Kenya", "The delegation of Japan", "Chair"]


@pytest.mark.parametrize(
    "citing",
    [
        "Mr. Silva (Brazil) stated yesterday that the Fund should be replenished. Egypt supports that.",
        "The representative of Brazil said at the previous meeting that the Fund should be replenished.",
        "The representative of Brazil also said yesterday that the Fund should be replenished.",
        "The representative of Brazil, speaking for Mercosur, stated last week that trade needs rules.",
        "The delegation of Brazil earlier proposed a review. Egypt supports that proposal.",
    ],
    ids=["yesterday", "previous-meeting", "adverb", "clause", "guard-adverb-before-the-verb"],
)
def test_a_paragraph_dating_what_a_delegation_said_before_cites_it(tmp_path, citing):
    """What a delegation said yesterday or at an earlier meeting is cited inside the current turn, even
    where no first-person word shows it (Brazil has not spoken in these minutes)."""
    path = _minutes(tmp_path, [citing, "The delegation of Japan proposed a pilot project."])
    r = read_transcript(path)
    assert [s.label for s in r.segments] == ["Chair", "Kenya", "The delegation of Japan", "Chair"]
    assert citing in r.segments[1].text


@pytest.mark.parametrize(
    "opening",
    [
        "The representative of Brazil said that earlier this year his Government had adopted a strategy.",
        "The representative of Brazil welcomed the report adopted last year.",
    ],
)
def test_a_time_inside_what_a_delegation_said_does_not_make_its_turn_a_citation(tmp_path, opening):
    path = _minutes(tmp_path, [opening])
    r = read_transcript(path)
    assert [s.label for s in r.segments] == ["Chair", "Kenya", "The representative of Brazil", "Chair"]


def test_a_summing_up_of_what_delegations_said_stays_with_who_sums_up(tmp_path):
    """After a lead-in ("To sum up the discussion:"), or naming a delegation that has spoken under a label of
    the minutes' own, an opener reports what was said: it stays in the current turn."""
    d = docx.Document()
    _bold_paragraph(d, "Japan:", "Japan welcomes the report.")
    _bold_paragraph(d, "Chair:", "Thank you, Japan.")
    d.add_paragraph("The representative of Japan welcomed the report.")
    _bold_paragraph(d, "Egypt:", "Egypt asks for more funding.")
    _bold_paragraph(d, "Chair:", "Thank you, Egypt. To sum up the discussion:")
    d.add_paragraph("The representative of Kenya called for more resources for Africa.")
    d.add_paragraph("The representative of Peru asked about the funding gap.")
    r = read_transcript(_saved(d, tmp_path))
    assert [s.label for s in r.segments] == ["Japan", "Chair", "Egypt", "Chair"]
    assert r.segments[-1].text.endswith("The representative of Peru asked about the funding gap.")


@pytest.mark.parametrize(
    ("chair_says", "own_paragraph"),
    [
        ("Thank you, Egypt. Let me sum up what I heard.", None),
        ("Thank you, Egypt.", "I will now briefly summarize the main points raised."),
    ],
)
def test_a_chair_announcing_a_summary_without_a_colon_keeps_it_and_the_closing_words(
    tmp_path, chair_says, own_paragraph
):
    """The delegations the Chair's summary names have not spoken under a label of the minutes' own, so only
    the announcement says that their openers report: without it Kenya's turn would open and keep the
    Chair's closing words."""
    d = docx.Document()
    _bold_paragraph(d, "Egypt:", "Egypt asks for more funding.")
    _bold_paragraph(d, "Chair:", chair_says)
    if own_paragraph:
        d.add_paragraph(own_paragraph)
    d.add_paragraph("The representative of Kenya called for more resources for Africa.")
    d.add_paragraph("The representative of Peru asked about the funding gap.")
    d.add_paragraph("I thank all delegations. The meeting is closed.")
    r = read_transcript(_saved(d, tmp_path))
    assert [s.label for s in r.segments] == ["Egypt", "Chair"]
    closing = "Peru asked about the funding gap.\nI thank all delegations. The meeting is closed."
    assert r.segments[-1].text.endswith(closing)


@pytest.mark.parametrize(
    ("label", "says"),
    [
        ("Egypt:", "We will sum up our position in writing."),  # a delegation's, not a chair's summary
        ("Chair:", "I will sum up at the end. I give the floor to Kenya."),  # a sentence follows it
    ],
)
def test_summing_up_elsewhere_leaves_the_next_opener_its_turn_guard(tmp_path, label, says):
    d = docx.Document()
    _bold_paragraph(d, label, says)
    d.add_paragraph("The representative of Kenya called for more resources for Africa.")
    r = read_transcript(_saved(d, tmp_path))
    assert [s.label for s in r.segments] == [label.rstrip(":"), "The representative of Kenya"]


def test_two_office_holders_of_one_delegation_stay_two_speakers(tmp_path):
    d = docx.Document()
    _bold_paragraph(d, "Chair:", "I give the floor to Kenya.")
    _bold_paragraph(d, "Minister of Kenya:", "Kenya welcomes the draft Strategy.")
    _bold_paragraph(d, "Ambassador of Kenya:", "I add one point on finance.")
    turns, _ = _clean(d, tmp_path, "African Group")
    assert turns["speaker"].tolist() == ["Chair", "Minister of Kenya", "Ambassador of Kenya"]


# --- numbered summary records in plain text and PDF -------------------------------------------------------

SUMMARY_RECORD = (
    "UNITED NATIONS                                        E/C.2/79/SR.5\r\n"
    "Second Committee\r\n"
    "Summary record of the 5th meeting\r\n"
    "Chair: Mr. Kiboino .................................. (Kenya)\r\n"
    "The meeting was called to order at 10.05 a.m.\r\n"
    "1.  The Chair said that the Committee would begin its general debate\r\n"
    "on agenda item 17.\r\n"
    "2.\tMr. KIBOINO (Kenya), speaking on behalf of the Group of African\r\n"
    "States, said that the Group welcomed the report.\r\n"
    "3. He added that, as the representative of Hungary\r\n"
    "said, standards mattered.\r\n"
    "4. The representative of Hungary said that the Strategy should put standards first.\r\n"
    "5. The Committee took note of the report.\r\n"
    "6. The representative of Hungary is right, said the observer.\r\n"
    "12. Ms. Lee (Republic of Korea) said that her delegation supported the\r\n"
    "Strategy. The representative of Hungary said that it was costed.\r\n"
    "13. The observer for the State of Palestine noted that occupation hindered development.\r\n"
)


def test_each_numbered_paragraph_opening_with_a_speaker_is_that_speakers_turn(tmp_path):
    r = read_transcript(_write(tmp_path, "E-C.2-79-SR.5.txt", SUMMARY_RECORD))
    assert [(s.label, s.source, s.text) for s in r.segments] == [
        (
            "The Chair",
            "E-C.2-79-SR.5.txt:lines 6-7",
            "said that the Committee would begin its general debate\non agenda item 17.",
        ),
        (
            "Mr. KIBOINO (Kenya)",
            "E-C.2-79-SR.5.txt:lines 8-11",
            "speaking on behalf of the Group of African\nStates, said that the Group welcomed the report.\n"
            "He added that, as the representative of Hungary\nsaid, standards mattered.",
        ),
        (
            "The representative of Hungary",
            "E-C.2-79-SR.5.txt:lines 12-14",
            "said that the Strategy should put standards first.\nThe Committee took note of the report.\n"
            "The representative of Hungary is right, said the observer.",
        ),
        (
            "Ms. Lee (Republic of Korea)",
            "E-C.2-79-SR.5.txt:lines 15-16",
            "said that her delegation supported the\n"
            "Strategy. The representative of Hungary said that it was costed.",
        ),
        (
            "The observer for the State of Palestine",
            "E-C.2-79-SR.5.txt:line 17",
            "noted that occupation hindered development.",
        ),
    ]
    numbers = _why(r, "paragraph_number")
    assert [n for n, _ in numbers] == ["1.", "2.", "3.", "4.", "5.", "6.", "12.", "13."]
    assert numbers[1] == ("2.", "E-C.2-79-SR.5.txt:line 8")
    assert _why(r, "label_grammar") == [("summary (5 labels)", "E-C.2-79-SR.5.txt")]
    [(front, where)] = _why(r, "front_matter")
    assert front.startswith("UNITED NATIONS E/C.2/79/SR.5 Second Committee") and where.endswith("lines 1-5")


def test_a_numbered_summary_record_cleans_to_the_chair_and_each_delegation(tmp_path):
    turns = _turns(_write(tmp_path, "E-C.2-79-SR.5.txt", SUMMARY_RECORD), tmp_path)
    assert [t[:3] for t in turns] == [
        ("The Chair", None, "chair"),
        ("Mr. Kiboino (Kenya)", "KEN", "member_state"),
        ("The representative of Hungary", "HUN", "member_state"),
        ("Ms. Lee (Republic of Korea)", "KOR", "member_state"),
        ("The observer for the State of Palestine", "PSE", "observer"),
    ]
    assert turns[1][3].startswith("speaking on behalf of the Group of African States, said that the Group")
    assert not any(t[3][:1].isdigit() for t in turns)


def test_a_line_of_plain_text_opens_a_paragraph_only_with_its_number(tmp_path):
    text = (
        "1. The Chair said that the Committee would hear Kenya first. Then, she\n"
        "said, it would hear the rest. She recalled that\n"
        "The representative of Hungary said that the Strategy was costed, and that\n"
        "Mr. Kiboino (Kenya) said that it was not.\n"
        "2. The CHAIRMAN then invited the Committee to take note.\n"
    )
    r = read_transcript(_write(tmp_path, "SR.6.txt", text))
    assert [s.label for s in r.segments] == ["The Chair", "The CHAIRMAN"]
    assert "The representative of Hungary said that the Strategy was costed" in r.segments[0].text
    assert r.segments[1].text == "then invited the Committee to take note."


def test_a_verbatim_record_quoting_a_numbered_summary_keeps_its_own_form(tmp_path):
    summary = "1. The Chair said that the meeting was open.\n2. The representative of Hungary said yes.\n"
    verbatim = (
        "The President: The report reads as follows:\n"
        "1. The representative of Hungary said that the Strategy was costed.\n"
        "Mr. Kiboino (Kenya): Kenya agrees.\n"
    )
    s = read_transcript(_write(tmp_path, "summary.txt", summary))
    v = read_transcript(_write(tmp_path, "verbatim.txt", verbatim))
    assert _why(s, "label_grammar") == [("summary (2 labels)", "summary.txt")]
    assert [x.label for x in s.segments] == ["The Chair", "The representative of Hungary"]
    assert _why(v, "label_grammar") == [("verbatim (2 labels)", "verbatim.txt")]
    assert [x.label for x in v.segments] == ["The President", "Mr. Kiboino (Kenya)"]


def _pdf(path, pages):
    pytest.importorskip("fpdf")
    return write_pdf(path, pages, "E/C.2/79/SR.5")


def test_in_a_pdf_the_verb_may_stand_on_the_line_after_the_speaker(tmp_path):
    behalf = (
        "speaking on behalf of the Group of African States, of the least developed countries and of the"
        " landlocked developing countries"
    )
    path = _pdf(
        tmp_path / "E-C.2-79-SR.5.pdf",
        [
            "Second Committee\nSummary record of the 5th meeting\n"
            "1. The Chair said that the Committee would begin its general debate.\n"
            f"2. Mr. Kiboino (Kenya), {behalf}, said that industrial policy was back.",
            "3. He added that the Strategy was welcome.\n"
            "4. Ms. Lee (Republic of Korea) said that her delegation agreed.",
        ],
    )
    r = read_transcript(path)
    kenya = r.segments[1]
    assert "said" not in kenya.text.split("\n")[0]  # the clause ran over a line break: the verb on the next
    assert [(s.label, s.source) for s in r.segments] == [
        ("The Chair", "E-C.2-79-SR.5.pdf:page 1"),
        ("Mr. Kiboino (Kenya)", "E-C.2-79-SR.5.pdf:pages 1-2"),
        ("Ms. Lee (Republic of Korea)", "E-C.2-79-SR.5.pdf:page 2"),
    ]
    assert " ".join(kenya.text.split()) == (
        f"{behalf}, said that industrial policy was back. He added that the Strategy was welcome."
    )


def test_in_a_text_record_the_verb_may_stand_two_lines_below_the_speaker(tmp_path):
    """A long "speaking on behalf of" clause wraps twice in a plain-text record: the paragraph is still
    Kenya's, not words of the Chair's turn before it."""
    text = (
        "1. The Chair said that the Committee would begin its general debate.\n"
        "2. Mr. Kiboino (Kenya), speaking on behalf of the Group of African\n"
        "States, of the least developed countries and of the landlocked\n"
        "developing countries, said that industrial policy was back.\n"
        "3. Ms. Lee (Republic of Korea) said that her delegation agreed.\n"
    )
    r = read_transcript(_write(tmp_path, "SR.7.txt", text))
    assert [(s.label, s.source) for s in r.segments] == [
        ("The Chair", "SR.7.txt:line 1"),
        ("Mr. Kiboino (Kenya)", "SR.7.txt:lines 2-4"),
        ("Ms. Lee (Republic of Korea)", "SR.7.txt:line 5"),
    ]


def test_a_summary_record_quoting_one_un_style_label_keeps_its_summary_form(tmp_path):
    """The mirror of the test above: three numbered openers outnumber one "Mr. X (Kenya):" label, so the
    file stays a summary record and Japan's paragraph stays Japan's, not words of Kenya's turn."""
    text = (
        "1. The Chair said that the Committee would hear statements.\n"
        "2. The representative of Hungary said that standards matter.\n"
        "Mr. Kiboino (Kenya): Kenya agrees.\n"
        "3. The representative of Japan said that skills matter.\n"
    )
    r = read_transcript(_write(tmp_path, "SR.8.txt", text))
    assert _why(r, "label_grammar") == [("summary (3 labels) and generic (1 labels)", "SR.8.txt")]
    assert [s.label for s in r.segments] == [
        "The Chair",
        "The representative of Hungary",
        "Mr. Kiboino (Kenya)",
        "The representative of Japan",
    ]


def test_numbered_openers_only_as_many_as_the_name_labels_leave_the_file_a_label_file(tmp_path):
    """Openers name the file a summary record only when they outnumber its labels: at two each, a numbered
    paragraph that names no speaker ("3. He added ...") keeps its number, as in any labelled file; and a
    file with neither is read with no form at all."""
    text = (
        "Chair: We open the meeting.\n"
        "1. The representative of Hungary said that standards matter.\n"
        "Kenya: We agree with Hungary.\n"
        "2. The representative of Japan said that skills matter.\n"
        "3. He added that finance mattered too.\n"
    )
    r = read_transcript(_write(tmp_path, "tied.txt", text))
    assert _why(r, "label_grammar") == [("generic (2 labels) and summary (2 labels)", "tied.txt")]
    assert [s.label for s in r.segments] == [
        "Chair",
        "The representative of Hungary",
        "Kenya",
        "The representative of Japan",
    ]
    assert r.segments[-1].text == "said that skills matter.\n3. He added that finance mattered too."
    plain = read_transcript(_write(tmp_path, "plain.txt", "We open the meeting.\nStandards matter.\n"))
    assert _why(plain, "label_grammar") == [("none (0 labels)", "plain.txt")]


def test_a_roman_numeral_i_is_no_first_person_in_a_word_paragraph(tmp_path):
    """ "Annex I." is a numeral, not "I": the paragraph reports Japan, and is Japan's turn."""
    path = _minutes(tmp_path, ["The representative of Japan said that the Group supported Annex I."])
    r = read_transcript(path)
    assert [s.label for s in r.segments] == ["Chair", "Kenya", "The representative of Japan", "Chair"]
