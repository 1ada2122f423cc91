"""readers: each form gives segments with raw labels, raw text and a locator; machinery is logged."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.ingest import clean_corpus
from analysis.ingest.readers import read_transcript
from analysis.ingest.speakers import attribute, delegation_heading
from helpers import clean_one_file, write_docx, write_pdf

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
The Chair: Good morning. I give the floor to Kenya.

NOTE recorded on Zoom

2
00:00:04.500 --> 00:00:09.000 align:start position:10%
Kenya - Mr. Otieno: Kenya supports <c.yellow>digital skills</c>
for young people.

3
00:00:09.000 --> 00:00:12.000
Kenya - Mr. Otieno: And investment in industry.
"""

TEAMS = """WEBVTT

STYLE
::cue { color: white }

a1b2-1
00:00:01.000 --> 00:00:03.000
<v Chair>Welcome to the session.</v>

a1b2-2
00:00:03.000 --> 00:00:06.000
<v Ghana Delegation>Ghana calls for <00:00:04.000>technology transfer.</v>
"""

AUTO = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
\x20
i<00:00:00.500><c> now</c><00:00:00.900><c> give</c><00:00:01.200><c> the</c><00:00:01.500><c> floor</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
i now give the floor
\x20

00:00:02.010 --> 00:00:04.000 align:start position:0%
i now give the floor
to<00:00:02.500><c> the</c><00:00:03.000><c> delegate</c><00:00:03.500><c> of</c><00:00:03.700><c> ghana</c>

00:00:04.000 --> 00:00:04.010 align:start position:0%
to the delegate of ghana
\x20

00:00:04.010 --> 00:00:06.000 align:start position:0%
to the delegate of ghana
>> thank<00:00:04.500><c> you</c><00:00:05.000><c> ghana</c><00:00:05.500><c> supports</c> skills
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
CHAIR: Welcome, colleagues.

2
00:00:03,500 --> 00:00:07,000
KENYA DELEGATE: Kenya thanks UNIDO
for the framework.

3
00:00:07,000 --> 00:00:09,000
and supports its adoption.
"""

VERBATIM = """A/79/PV.29 29/10/2024

24-19856 2/38

The President: I now give the floor to the representative of Kenya.
Mr. Kiboino (Kenya): Kenya aligns itself with the state-
ment delivered by Uganda.
Ms. Flores Soto (El Salvador) (spoke in Spanish): El Salvador
welcomes the report.
(spoke in French)
A/79/PV.29 29/10/2024
24-19856 3/38
Mr. Mukongo (Democratic Republic of the Congo)
(spoke in French): My delegation takes note.
"""


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _labels(result):
    return [s.label for s in result.segments]


def _whys(result):
    return {why for _, why, _ in result.removals}


def test_zoom_vtt_labels_cues_and_settings(tmp_path):
    r = read_transcript(_write(tmp_path, "africa.vtt", ZOOM))
    assert _labels(r) == ["The Chair", "Kenya - Mr. Otieno"]  # one speaker's consecutive cues: one segment
    assert r.segments[1].text == "Kenya supports digital skills for young people. And investment in industry."
    assert r.segments[1].source == "africa.vtt:cues 2-3"
    assert {"timestamp", "cue_number", "caption_markup"} <= _whys(r)
    assert not any("-->" in s.text or "NOTE" in s.text or "align:" in s.text for s in r.segments)


def test_teams_vtt_voice_spans(tmp_path):
    r = read_transcript(_write(tmp_path, "teams.vtt", TEAMS))
    assert _labels(r) == ["Chair", "Ghana Delegation"]
    assert r.segments[1].text == "Ghana calls for technology transfer."
    assert not any("cue" in s.text or "color" in s.text for s in r.segments)


def test_the_log_counts_the_voices_that_speak_where_a_cue_also_opens_with_a_word_and_colon(tmp_path):
    """The form a caption file was read by is logged with the speakers it found: a Teams file of three voices
    in four cues, one of whose cues opens "Note: ..." (no label), was logged as "voice (0 labels)"."""
    text = (
        TEAMS
        + """
a1b2-3
00:00:06.000 --> 00:00:09.000
<v Kenya Delegation>Note: Kenya supports it.</v>

a1b2-4
00:00:09.000 --> 00:00:11.000
<v Chair>Thank you, Kenya.</v>
"""
    )
    r = read_transcript(_write(tmp_path, "teams.vtt", text))
    assert _labels(r) == ["Chair", "Ghana Delegation", "Kenya Delegation", "Chair"]
    assert [what for what, why, _ in r.removals if why == "label_grammar"] == ["voice (3 labels)"]


def test_auto_captions_collapse_the_rolling_repetition_and_split_at_chevrons(tmp_path):
    r = read_transcript(_write(tmp_path, "auto.vtt", AUTO))
    assert _labels(r) == [None, None]
    assert r.segments[0].text == "i now give the floor to the delegate of ghana"
    assert r.segments[1].text == "thank you ghana supports skills"
    assert "caption_repetition" in _whys(r)


def test_srt_capital_labels_and_continuation_cues(tmp_path):
    r = read_transcript(_write(tmp_path, "grulac.srt", SRT))
    assert _labels(r) == ["CHAIR", "KENYA DELEGATE"]
    assert r.segments[1].text == "Kenya thanks UNIDO for the framework. and supports its adoption."
    assert r.segments[1].source == "grulac.srt:cues 2-3"


# Exporters that leave out the blank line between cues: a number line then a timing starts a new cue.
NO_BLANKS = """1
00:00:01,000 --> 00:00:04,000
Chair: Good morning. Let us begin.
2
00:00:04,500 --> 00:00:08,000
India: India supports the framework.
3
00:00:08,000 --> 00:00:10,000
2030 targets matter.
00:00:10,000 --> 00:00:12,000
And 15 more.
"""


@pytest.mark.parametrize("name", ["noblank.srt", "noblank.vtt"])
def test_a_cue_number_and_timing_straight_after_text_start_a_new_cue(tmp_path, name):
    text = NO_BLANKS if name.endswith(".srt") else "WEBVTT\n\n" + NO_BLANKS.replace(",", ".")
    r = read_transcript(_write(tmp_path, name, text))
    assert _labels(r) == ["Chair", "India"]
    assert r.segments[0].text == "Good morning. Let us begin."
    # A number that is the text's own (no timing after it) stays; a timing alone starts a cue too.
    assert r.segments[1].text == "India supports the framework. 2030 targets matter. And 15 more."
    assert r.segments[1].source == f"{name}:cues 2-4"
    assert [w for w, why, _ in r.removals if why == "cue_number"] == ["1", "2", "3"]


@pytest.mark.parametrize("name", ["group.srt", "group.vtt"])
def test_a_number_of_the_text_before_a_run_on_timing_is_not_taken_for_a_cue_number(tmp_path, name):
    """Only the next cue's number is one: '77' ends the Chair's sentence, it does not number cue 2."""
    text = (
        "1\n00:00:01,000 --> 00:00:04,000\nChair: We speak for the Group of\n77\n"
        "00:00:04,500 --> 00:00:08,000\nand China.\n"
    )
    text = text if name.endswith(".srt") else "WEBVTT\n\n" + text.replace(",", ".")
    r = read_transcript(_write(tmp_path, name, text))
    assert " ".join(s.text for s in r.segments) == "We speak for the Group of 77 and China."
    assert [w for w, why, _ in r.removals if why == "cue_number"] == ["1"]


@pytest.mark.parametrize(
    "name,text,line",
    [
        ("bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nhello\n", 3),
        (
            "bad.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03 -> 00:00:04,000\nthere\n\n3\n1:2 --> 3\nx\n",
            10,
        ),
    ],
)
def test_bad_caption_timestamps_name_file_and_line(tmp_path, name, text, line):
    with pytest.raises(InputError) as err:
        read_transcript(_write(tmp_path, name, text))
    assert str(err.value).startswith(f"{tmp_path / name}:{line}: malformed cue timing")
    assert "\n" not in str(err.value)


def test_vtt_without_header_is_still_read(tmp_path):
    r = read_transcript(_write(tmp_path, "nohead.vtt", "00:00:01.000 --> 00:00:02.000\nChair: Hello all.\n"))
    assert _labels(r) == ["Chair"] and r.segments[0].text == "Hello all."


# A label of any form may carry a language note, as online meetings write them: untitled, after the country.
NOTED_TURNS = """Aya Kouassi (Côte d'Ivoire): We need skills.
Kwame Mensah (Ghana): Ghana wants energy.
Fatou Ndiaye (Senegal): Senegal wants ports.
Ahmed Hassan (Egypt): Egypt wants hydrogen.
{label}: Rwanda invests in innovation.
"""

HABIMANA = "Jean-Pierre Habimana (Rwanda)"


def _as_captions(text: str) -> str:
    cues = [f"{i}\n00:00:0{i}.000 --> 00:00:0{i}.900\n{line}" for i, line in enumerate(text.splitlines(), 1)]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


@pytest.mark.parametrize("suffix", [".txt", ".vtt"])
@pytest.mark.parametrize(
    "label, speaker, language",
    [
        ("Jean-Pierre Habimana (Rwanda) (interpreted from French)", HABIMANA, "French"),
        ("Jean-Pierre Habimana (Rwanda) (spoke in French)", HABIMANA, "French"),
        ("Jean-Pierre Habimana (Rwanda) (interpretation)", HABIMANA, None),
        ("Jean-Pierre Habimana (Rwanda) [FR]", HABIMANA, "French"),
        ("Rwanda (interpretation from French)", "Rwanda", "French"),
        ("Mr. Habimana (Rwanda) (spoke in French)", "Mr. Habimana (Rwanda)", "French"),
    ],
)
def test_a_language_note_in_any_label_gives_its_language_to_that_speakers_turn(
    tmp_path, suffix, label, speaker, language
):
    """Not read as a label, the note's line was the previous speaker's text, with its language."""
    text = NOTED_TURNS.format(label=label)
    path = _write(tmp_path, "noted" + suffix, _as_captions(text) if suffix == ".vtt" else text)
    (tmp_path / "sessions.csv").write_text(f"session_id,file,group\nS,{path.name},African Group\n")
    turns, _ = clean_corpus(tmp_path)
    last = turns.tail(2)
    assert last["speaker"].tolist() == ["Ahmed Hassan (Egypt)", speaker]
    assert last["text"].tolist() == ["Egypt wants hydrogen.", "Rwanda invests in innovation."]
    assert last["country"].tolist() == ["EGY", "RWA"]
    assert turns["floor_language"].fillna("").tolist() == ["", "", "", "", language or ""]


def test_a_verbatim_records_labels_read_the_other_language_notes_too(tmp_path):
    text = (
        "The President: I give the floor to Viet Nam.\n"
        "Mr. Nguyen (Viet Nam) (interpretation): Viet Nam attaches importance to semiconductors.\n"
        "Ms. Li (China) [ZH]: China supports the framework.\n"
    )
    r = read_transcript(_write(tmp_path, "record.txt", text))
    assert _labels(r) == ["The President", "Mr. Nguyen (Viet Nam)", "Ms. Li (China)"]
    assert [s.text.split(" ")[0] for s in r.segments[1:]] == ["(interpretation)", "[ZH]"]


def test_verbatim_text_labels_spoken_language_furniture_and_hyphenation(tmp_path):
    r = read_transcript(_write(tmp_path, "record.txt", VERBATIM, encoding="utf-16"))
    assert _labels(r) == [
        "The President",
        "Mr. Kiboino (Kenya)",
        "Ms. Flores Soto (El Salvador)",
        "Mr. Mukongo (Democratic Republic of the Congo)",
    ]
    assert "statement delivered by Uganda" in r.segments[1].text
    assert r.segments[2].text.startswith("(spoke in Spanish) El Salvador")
    assert r.segments[3].text.startswith("(spoke in French) My delegation")
    joined = " ".join(s.text for s in r.segments)
    assert "A/79/PV.29" not in joined and "24-19856" not in joined and "3/38" not in joined
    assert r.segments[1].source == "record.txt:lines 6-7"
    assert {"page_furniture", "hyphenation"} <= _whys(r)


def test_simple_name_colon_transcript_keeps_sentences_with_colons(tmp_path):
    text = (
        "[00:00:05] Moderator: Welcome.\nGhana: We have one request: more training.\n"
        "The answer is simple: invest in people.\nChile: Agreed.\n"
    )
    r = read_transcript(_write(tmp_path, "notes.txt", text))
    assert _labels(r) == ["Moderator", "Ghana", "Chile"]
    assert (
        r.segments[1].text == "We have one request: more training.\nThe answer is simple: invest in people."
    )
    assert "timestamp" in _whys(r)


def test_a_list_a_speaker_makes_stays_in_the_speakers_turn(tmp_path):
    """ "First:", "Recommendation 2:" open a point, not a turn; "First Secretary (Kenya):" is a title."""
    text = (
        "Kenya: We have three points.\nFirst: we support the framework.\nRecommendation 2(a): fund it.\n"
        "Finally: thank you.\nFirst Secretary (Ghana): Ghana agrees.\nChair: Thank you.\n"
    )
    r = read_transcript(_write(tmp_path, "notes.txt", text))
    assert _labels(r) == ["Kenya", "First Secretary (Ghana)", "Chair"]
    assert r.segments[0].text.splitlines()[1:] == [
        "First: we support the framework.", "Recommendation 2(a): fund it.", "Finally: thank you.",
    ]  # fmt: skip


def test_a_note_or_a_list_in_french_or_spanish_minutes_stays_in_the_speakers_turn(tmp_path):
    """Minutes written by a French- or Spanish-speaking secretariat open their notes and points in those
    languages ("Nota:", "Resumen:", "Premièrement:", "Recomendación 2:"): a part of the text, not a
    speaker."""
    text = (
        "Le Président: Welcome.\nMaroc: We have two points.\n"
        "Premièrement: industrial parks.\nRecomendación 2: fund them.\n"
        "Nota: the secretariat will publish the list of participants.\n"
        "Resumen: Delegations supported the draft conclusions.\nLa Présidente: Thank you.\n"
    )
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    assert _labels(r) == ["Le Président", "Maroc", "La Présidente"]
    assert r.segments[1].text.splitlines()[1:] == [
        "Premièrement: industrial parks.",
        "Recomendación 2: fund them.",
        "Nota: the secretariat will publish the list of participants.",
        "Resumen: Delegations supported the draft conclusions.",
    ]


def test_a_label_of_a_name_and_a_long_office_is_a_label_and_names_the_offices_country(tmp_path):
    text = (
        "Chair: Welcome. I give the floor to Egypt.\n"
        "H.E. Mr. Ahmed Samir, Minister of Trade and Industry of Egypt: Egypt supports the framework.\n"
        "Chair: Next, Chile.\n"
        "H.E. Mr. Israel Moreno, Minister of Economy of Chile: Chile supports skills.\n"
        "The answer, in short, is that all of the Ministers of Trade and Industry agree: invest.\n"
    )
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    assert _labels(r) == [
        "Chair",
        "H.E. Mr. Ahmed Samir, Minister of Trade and Industry of Egypt",
        "Chair",
        "H.E. Mr. Israel Moreno, Minister of Economy of Chile",
    ]
    assert r.segments[-1].text.endswith("Ministers of Trade and Industry agree: invest.")
    assert [attribute(s.label).country for s in r.segments] == [None, "EGY", None, "CHL"]


@pytest.mark.parametrize("name", ["once.txt", "once.vtt"])
def test_one_word_speakers_who_speak_once_keep_their_labels(tmp_path, name):
    lines = [
        "Moderator: welcome, everyone.",  # the first label opens the first turn, whatever follows it
        "Kenya: we support the framework.",  # a country
        "Chair: the floor is open.",  # a presiding title
        "Amina: Thank you, Chair.",  # a name: a turn opens with a capital
        "Grace: Thank you.",
        "Audience: yes!",  # the part a person is labelled by
        "Skills: Train young people.",  # an ordinary word, but the words after it open a sentence
        "Kofi: yes, we agree.",  # a name said once, in lower case as auto-captions write it
        "Woman: um can you hear me",
    ]
    if name.endswith(".vtt"):
        cues = [f"00:00:0{i}.000 --> 00:00:0{i}.900\n{ln}" for i, ln in enumerate(lines)]
        text = "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
    else:
        text = "\n".join(lines) + "\n"
    r = read_transcript(_write(tmp_path, name, text))
    assert _labels(r) == [
        "Moderator",
        "Kenya",
        "Chair",
        "Amina",
        "Grace",
        "Audience",
        "Skills",
        "Kofi",
        "Woman",
    ]
    assert "label_demoted" not in _whys(r)


def test_a_topic_heading_of_minutes_never_adds_its_section_to_the_last_delegation(tmp_path):
    """Minutes organised by topic: "Skills:" opens a section of the record, not more of Kenya's speech.
    Which a "Skills:" line is (a heading, or a point in a delegation's list) cannot be told from the line,
    and giving the section to the last delegation would bias its group's themes: losing it is safer."""
    text = (
        "Chair: I give the floor to Kenya.\n"
        "Kenya: We support the framework.\n"
        "Skills: Delegations called for more vocational training.\n"
    )
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    kenya = [s.text for s in r.segments if s.label == "Kenya"]
    assert kenya == ["We support the framework."]
    assert not any("vocational" in s.text for s in r.segments if s.label in ("Kenya", "Chair"))


def test_docx_bold_labels_inline_and_alone_tables_and_headings(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Minutes of the Arab Group session", level=1)
    p = d.add_paragraph()
    p.add_run("Egypt:").bold = True
    p.add_run(" Egypt supports the framework.")
    d.add_paragraph().add_run("Morocco").bold = True
    d.add_paragraph("Morocco calls for skills.")
    d.add_paragraph("Second paragraph of Morocco.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Jordan", "Jordan asks about financing of projects."
    t.cell(1, 0).text, t.cell(1, 1).text = "Date", "12"
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert _labels(r) == ["Egypt", "Morocco", "Jordan"]
    assert r.segments[0].text == "Egypt supports the framework."
    assert r.segments[1].text == "Morocco calls for skills.\nSecond paragraph of Morocco."
    assert r.segments[1].source == "minutes.docx:paragraphs 3-5"
    assert {"heading", "table"} <= _whys(r)


def _pdf(path, pages):
    pytest.importorskip("fpdf")
    return write_pdf(path, pages, "A/79/PV.99 01/01/2024")


def test_pdf_verbatim_furniture_removed_and_turns_span_pages(tmp_path):
    path = _pdf(
        tmp_path / "record.pdf",
        [
            "United Nations General Assembly\nThe President: I give the floor to Chile.\n"
            "Mr. Rojas (Chile): Chile supports the frame-\nwork and asks",
            "for more support to small enterprises.\nMs. Dlamini (South Africa): We agree.",
        ],
    )
    r = read_transcript(path)
    assert _labels(r) == ["The President", "Mr. Rojas (Chile)", "Ms. Dlamini (South Africa)"]
    assert r.segments[1].source == "record.pdf:pages 1-2"
    assert "framework and asks for more support" in " ".join(r.segments[1].text.split())
    joined = " ".join(s.text for s in r.segments)
    assert "A/79/PV.99" not in joined and "24-12345" not in joined
    assert "front_matter" in _whys(r)


def test_single_statement_drops_paragraph_numbers(tmp_path):
    text = "1.  It is an honour to speak.\n\n2.  Kenya believes in 2 things.\n\n10. Thank you.\n"
    r = read_transcript(_write(tmp_path, "KEN_79_2024.txt", text), single_statement=True)
    assert len(r.segments) == 1 and r.segments[0].label is None
    assert r.segments[0].text.startswith("It is an honour")
    assert "\n2. " not in r.segments[0].text and "Kenya believes in 2 things." in r.segments[0].text
    assert [w for w, why, _ in r.removals if why == "paragraph_number"] == ["1.", "2.", "10."]


def test_a_written_submissions_title_line_is_a_heading_not_its_first_sentence(tmp_path):
    text = "Written submission of the Republic of Kenya\n\nKenya welcomes the revised framework.\n"
    r = read_transcript(_write(tmp_path, "kenya.txt", text), single_statement=True)
    assert r.segments[0].text == "Kenya welcomes the revised framework."  # not "... of Kenya Kenya welcomes"
    assert r.segments[0].source == "kenya.txt:line 3"
    assert [(w, src) for w, why, src in r.removals if why == "heading"] == [
        ("Written submission of the Republic of Kenya", "kenya.txt:line 1")
    ]
    titled = "Kenya's input to Our Common Agenda\n\nKenya welcomes the revised framework.\n"
    r = read_transcript(_write(tmp_path, "input.txt", titled), single_statement=True)
    assert r.segments[0].text == "Kenya welcomes the revised framework."  # "Our" of a name, not a speaker's


@pytest.mark.parametrize(
    "title",
    [
        ["Written statement of the Republic of Kenya", "Development Dialogue on the 4IR Strategic Framework"],
        ["Statement by H.E. Ms. Wanjiru Kamau", "Permanent Representative of Kenya to UNIDO", "Vienna"],
    ],
)
def test_a_title_of_several_lines_above_the_first_blank_line_is_a_heading_too(tmp_path, title):
    head = "\r\n".join(title)
    body = "Kenya thanks UNIDO for the opportunity to comment.\r\n\r\nWe need skills.\r\n"
    text = f"\ufeff{head}\r\n\r\n{body}"
    r = read_transcript(_write(tmp_path, "kenya.txt", text), single_statement=True)
    assert r.segments[0].text.startswith("Kenya thanks UNIDO")  # not "... Framework Kenya thanks UNIDO"
    assert [w for w, why, _ in r.removals if why == "heading"] == title


@pytest.mark.parametrize(
    "second",
    [
        "Kenya fully supports the Strategic Framework and the Director General",  # a sentence, unpunctuated
        "Mr. President",  # a salutation is spoken
        "Madam Chair",
        "Excellencies, Ladies and Gentlemen",
    ],
)
def test_a_line_under_a_title_that_is_speech_keeps_the_block_whole(tmp_path, second):
    """A title's further lines name its delegate, office or place in title case; a sentence or a salutation
    on the line under it is the statement's first words, and the block stays as written."""
    text = f"Statement by Kenya\n{second}\n\nIt is my honour to speak.\n"
    r = read_transcript(_write(tmp_path, "KEN_78_2023.txt", text), single_statement=True)
    assert second in r.segments[0].text and "heading" not in _whys(r)


def test_a_title_block_whose_last_line_runs_into_the_statement_stays_whole(tmp_path):
    text = "Statement of Kenya\nKenya associates itself with the statement delivered by\n\nthe delegate.\n"
    r = read_transcript(_write(tmp_path, "KEN_78_2023.txt", text), single_statement=True)
    assert r.segments[0].text.startswith("Statement of Kenya") and "heading" not in _whys(r)


@pytest.mark.parametrize(
    "first,rest",
    [
        ("Kenya associates itself with the statement delivered by", "the representative of Uganda."),
        (
            "Kenya associates itself with the statement delivered by the representative of Uganda",
            "on behalf of the African Group. Kenya welcomes the framework.",
        ),  # fmt: skip
    ],
)
def test_a_sentence_the_blank_line_broke_stays_whole_though_it_names_a_statement(tmp_path, first, rest):
    r = read_transcript(_write(tmp_path, "KEN_78_2023.txt", f"{first}\n\n{rest}\n"), single_statement=True)
    assert r.segments[0].text.startswith(first) and "heading" not in _whys(r)


@pytest.mark.parametrize(
    "first",
    [
        "Your Excellency the President of the General Assembly",  # a salutation is spoken
        "It is my privilege once again to address the General",  # a sentence broken at a blank line
        "**Mr President,**",
        "Kenya welcomes the revised framework",  # names no document
    ],
)
def test_a_first_line_that_names_no_document_stays_in_the_statement(tmp_path, first):
    text = f"{first}\n\nAssembly on behalf of Kenya.\n"
    r = read_transcript(_write(tmp_path, "speech.txt", text), single_statement=True)
    # its words stay; markdown's bold marks are not words
    assert r.segments[0].text.startswith(first.strip("*")) and "heading" not in _whys(r)


def test_a_word_submissions_title_paragraphs_are_headings_not_its_first_sentence(tmp_path):
    """Word parts a title from the text by no blank line: its plain paragraphs at the top are the title."""
    title = ["Written submission of the Republic of Kenya", "Permanent Mission of Kenya, Vienna"]
    body = ["Kenya welcomes the revised framework. We call for skills.", "We also support partnerships."]
    r = read_transcript(write_docx(tmp_path / "kenya.docx", title + body), single_statement=True)
    assert r.segments[0].text == "\n".join(body)  # not "... Kenya, Vienna\nKenya welcomes"
    assert [w for w, why, _ in r.removals if why == "heading"] == title
    spoken = ["Statement by Kenya", "Mr. President,", "It is my honour to speak."]  # the salutation is spoken
    r = read_transcript(write_docx(tmp_path / "speech.docx", spoken), single_statement=True)
    assert r.segments[0].text == "Mr. President,\nIt is my honour to speak."


def test_a_pdf_submissions_title_lines_are_headings_too(tmp_path):
    page = "Statement by H.E. Ms. Wanjiru Kamau\nKenya welcomes the framework."
    path = _pdf(tmp_path / "kenya.pdf", [page])
    r = read_transcript(path, single_statement=True)
    assert r.segments[0].text == "Kenya welcomes the framework."
    assert [w for w, why, _ in r.removals if why == "heading"] == ["Statement by H.E. Ms. Wanjiru Kamau"]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Kenya welcomes the revised framework", "It is my honour to speak."],  # names no document
        ["Statement by Kenya, delivered by the Minister of", "Industry and Trade."],  # broken on a small word
        ["Kenya associates itself with the statement delivered by", "the representative of Uganda."],
        # a list of names under a heading: more lines than a title
        ["Statement of the delegations", "Kenya", "Uganda", "Ghana", "Nigeria", "We speak together."],
        ["Statement by Kenya"],  # nothing after it: the title is all there is
    ],
)
def test_a_word_statements_first_paragraphs_that_are_no_title_stay(tmp_path, paragraphs):
    r = read_transcript(write_docx(tmp_path / "kenya.docx", paragraphs), single_statement=True)
    assert r.segments[0].text == "\n".join(paragraphs) and "heading" not in _whys(r)


@pytest.mark.parametrize(
    "text,source",
    [
        ("One.\nTwo.\nThree.\n", "b.txt:lines 1-3"),  # a final newline ends line 3, it starts no line 4
        ("One.\nTwo.\nThree.", "b.txt:lines 1-3"),
        ("One.\nTwo.\nThree.\n\n  \n", "b.txt:lines 1-3"),  # blank lines at the end are not counted
        ("One.\r\nTwo.\r\nThree.\r\n", "b.txt:lines 1-3"),
        ("We need develop-\nment.\nThree.", "b.txt:lines 1-3"),  # lines of the file, before joining
        ("Only one.\n", "b.txt:line 1"),
    ],
)
def test_single_statement_source_counts_the_lines_of_the_file(tmp_path, text, source):
    r = read_transcript(_write(tmp_path, "b.txt", text), single_statement=True)
    assert r.segments[0].source == source


@pytest.mark.parametrize(
    "name,data",
    [
        ("empty.vtt", b""),
        ("garbage.srt", bytes(range(256)) * 4),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("broken.pdf", b"%PDF-1.4 junk"),
    ],
)
def test_unreadable_files_are_input_errors_naming_the_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_transcript(path)
    assert name in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    "name,data,says",
    [
        ("minutes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "save it as .docx"),
        ("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "password-protected Word"),
        (
            "saved.txt",
            b"<!-- saved from url -->\n<html><body><p>Kenya: We agree.</p></body></html>",
            "web page",
        ),
        ("utf16.txt", "<html><body>Kenya: We agree.</body></html>".encode("utf-16"), "web page"),
        (
            "minutes.odt",
            b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.text",
            ".docx",
        ),
        ("minutes.txt", b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Kenya: We agree.}", "Rich Text"),
        ("page.txt", b"<!DOCTYPE html><html><body><p>Kenya: We agree.</p></body></html>", "web page"),
        ("notes.rtf", b"Kenya: We agree.", "Rich Text"),
    ],
)
def test_a_form_no_reader_takes_is_named_with_what_to_save_it_as(tmp_path, name, data, says):
    """Not read as text (an RTF file's control words would become speech), nor a parser's exception."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_transcript(path)
    assert says in str(err.value) and name in str(err.value)


_CUES = [("Amina Otieno (Kenya)", "Kenya welcomes the framework."), ("The Chair", "Thank you, Kenya.")]


def _saved_as(tmp_path, form: str, name: str):
    """A two-turn transcript in `form`, saved under a `name` whose extension does not say the form."""
    lines = [f"{who}: {said}" for who, said in _CUES]
    if form == "pdf":
        return write_pdf(tmp_path / name, ["\n".join(lines)], "A/79/PV.29")
    if form == "docx":
        return write_docx(tmp_path / name, lines)
    stamp = "00:00:0{0}.000 --> 00:00:0{0}.900" if form == "vtt" else "00:00:0{0},000 --> 00:00:0{0},900"
    cues = "\n\n".join(f"{i}\n{stamp.format(i)}\n{line}" for i, line in enumerate(lines, 1))
    return _write(tmp_path, name, ("\ufeffWEBVTT\n\n" if form == "vtt" else "") + cues + "\n")


@pytest.mark.parametrize(
    "form,name,source",
    [
        ("vtt", "zoom-transcript.txt", "cue 1"),  # captions downloaded or renamed as .txt
        ("srt", "captions.txt", "cue 1"),
        ("pdf", "A-79-PV.29", "page 1"),  # a download with no extension
        ("docx", "minutes.bin", "paragraph 1"),
    ],
)
def test_a_transcript_whose_extension_does_not_say_its_form_is_read_by_what_it_holds(
    tmp_path, form, name, source
):
    """Captions in a .txt are cues, not `00:00:01.000 --> ...` lines of speech; a PDF or Word file with no
    or another extension is read as that, not decoded as text."""
    r = read_transcript(_saved_as(tmp_path, form, name))
    assert [(s.label, s.text) for s in r.segments] == _CUES
    assert r.segments[0].source == f"{name}:{source}"


@pytest.mark.parametrize("content", ["nothing", "a table only"])
def test_a_word_file_with_no_paragraph_of_text_is_read_or_refused_in_one_line(tmp_path, content):
    """An empty document says so; a transcript kept wholly in a speaker | text table is read."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    if content == "a table only":
        table = d.add_table(rows=2, cols=2)
        said = [("Kenya", "We support the framework fully."), ("Ghana", "We ask for more funding, please.")]
        for row, (who, words) in zip(table.rows, said, strict=True):
            row.cells[0].text, row.cells[1].text = who, words
    path = tmp_path / "minutes.docx"
    d.save(path)
    if content == "nothing":
        with pytest.raises(InputError, match="an empty file"):
            read_transcript(path)
        return
    segments = read_transcript(path).segments
    assert [(s.label, s.text) for s in segments] == [
        ("Kenya", "We support the framework fully."),
        ("Ghana", "We ask for more funding, please."),
    ]


def _bold_paragraph(d, label: str, text: str):
    p = d.add_paragraph()
    p.add_run(label + ":").bold = True
    p.add_run(" " + text)
    return p


def _tracked(tag: str, text: str, bold: bool = False):
    """A w:ins (or w:del) holding one run of text, as Word writes a tracked change."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    change = OxmlElement(tag)
    change.set(qn("w:id"), "7")
    change.set(qn("w:author"), "Editor")
    run = OxmlElement("w:r")
    if bold:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:b"))
        run.append(props)
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    change.append(run)
    return change


def test_word_minutes_read_as_printed_with_tracked_changes_accepted_and_content_controls(tmp_path):
    """An edited record is read as it would print: insertions in, deletions out; statements kept in a
    content control (a template's field) are read like any other paragraph."""
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement

    d = docx.Document()
    kenya = _bold_paragraph(d, "Mr. Kiboino (Kenya)", "We support the framework")
    kenya._p.append(_tracked("w:ins", " and its skills agenda."))
    kenya._p.append(_tracked("w:del", " and nothing else."))
    malta = d.add_paragraph()  # a whole statement inserted with tracking
    malta._p.append(_tracked("w:ins", "Mr. Grech (Malta):", bold=True))
    malta._p.append(_tracked("w:ins", " Malta aligns itself with the European Union."))
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(_bold_paragraph(docx.Document(), "Ms. Schwalger (New Zealand)", "We thank the Court.")._p)
    control.append(content)
    d.element.body.insert(len(d.element.body) - 1, control)
    path = tmp_path / "minutes.docx"
    d.save(path)
    segments = read_transcript(path).segments
    assert [(s.label, s.text) for s in segments] == [
        ("Mr. Kiboino (Kenya)", "We support the framework and its skills agenda."),
        ("Mr. Grech (Malta)", "Malta aligns itself with the European Union."),
        ("Ms. Schwalger (New Zealand)", "We thank the Court."),
    ]


def test_minutes_that_bold_some_labels_and_not_others_give_every_statement_to_its_speaker(tmp_path):
    """Read as a verbatim record (its plain labels outnumber the bold), the bold labels count too: Ghana's
    statement was added to Kenya's turn and the President's logged as front matter."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    _bold_paragraph(d, "The President", "I give the floor to the representative of Kenya.")
    d.add_paragraph("Mr. Kiboino (Kenya): Kenya supports the framework and its three impact areas.")
    _bold_paragraph(
        d, "Mr. Korbieh (Ghana)", "Ghana asks for more support on skills and vocational training."
    )
    d.add_paragraph("Ms. Schwalger (New Zealand): New Zealand welcomes the focus on climate action.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    assert _labels(read_transcript(path)) == [
        "The President", "Mr. Kiboino (Kenya)", "Mr. Korbieh (Ghana)", "Ms. Schwalger (New Zealand)",
    ]  # fmt: skip


def test_word_minutes_label_by_heading_by_bold_name_before_the_country_and_not_by_bold_emphasis(tmp_path):
    """A delegation set as a heading above its statement is its speaker (a topic heading stays a heading);
    "**Mr. Kiboino** (Kenya):" bolds the name alone; "**Recalling** that ..." and "**Importantly**, ..." are
    emphasis, not a speaker; "**Italy**, speaking for ..." is."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Skills and capacity-building", level=1)
    d.add_heading("Kenya", level=2)
    emphasis = d.add_paragraph()
    emphasis.add_run("Recalling").bold = True
    emphasis.add_run(" the Lima Declaration, Kenya supports the framework.")
    decides = d.add_paragraph()  # a resolution's operative word, pasted into the minutes
    decides.add_run("Decides").bold = True
    decides.add_run(" to support it.")
    adverb = d.add_paragraph()  # a sentence adverb in bold before its comma
    adverb.add_run("Importantly").bold = True
    adverb.add_run(", Kenya will train engineers.")
    name_only = d.add_paragraph()
    name_only.add_run("Mr. Korbieh").bold = True
    name_only.add_run(" (Ghana): Ghana asks for vocational training.")
    italy = d.add_paragraph()  # a delegation ending in -ly before a comma is still the speaker
    italy.add_run("Italy").bold = True
    italy.add_run(", speaking for the Group, said it agrees.")
    spaced = d.add_paragraph()
    spaced.add_run("Notably").bold = True
    spaced.add_run(" , Italy wants training.")
    surname = d.add_paragraph()  # a surname in -ly is a name
    surname.add_run("Donnelly").bold = True
    surname.add_run(", speaking for Ireland, said it agreed.")
    dash = d.add_paragraph()
    dash.add_run("Chile").bold = True
    dash.add_run(" \u2013 Chile agrees.")
    minute = d.add_paragraph()  # a minute's bold actor, no colon: a label all the same
    minute.add_run("The Chair").bold = True
    minute.add_run(" summarized the discussion.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        (
            "Kenya",
            "Recalling the Lima Declaration, Kenya supports the framework.\nDecides to support it.\n"
            "Importantly, Kenya will train engineers.",
        ),
        ("Mr. Korbieh (Ghana)", "Ghana asks for vocational training."),
        ("Italy", "speaking for the Group, said it agrees.\nNotably , Italy wants training."),
        ("Donnelly", "speaking for Ireland, said it agreed."),
        ("Chile", "Chile agrees."),
        ("The Chair", "summarized the discussion."),
    ]
    assert "heading" in _whys(r)  # the topic


def test_word_minutes_headed_by_a_delegations_statement_in_french_or_spanish_give_it_the_turn(tmp_path):
    """A francophone secretariat heads each statement with the delegation that made it, in French
    ("Intervention de la délégation du Maroc", "Délégation de l'Égypte", "Mission permanente de la Tunisie
    auprès de l'ONUDI"), as an English one may ("Statement by the delegation of Kenya"): each heading is the
    speaker of the paragraphs below it (they had all merged into the chair's turn), and the note of
    interpretation opening the statement is its floor language."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Dialogue de développement industriel - Région arabe", 0)
    chair = d.add_paragraph()
    chair.add_run("Le Président :").bold = True
    chair.add_run(" I welcome all participants. Je donne la parole à la délégation du Maroc.")
    d.add_heading("Intervention de la délégation du Maroc", 2)
    d.add_paragraph("(interprétation de l'arabe) Morocco has launched an industrial acceleration plan.")
    d.add_paragraph("We call on UNIDO to support the automotive sector.")
    d.add_heading("Délégation de l'Égypte", 2)
    d.add_paragraph("Egypt welcomes the new country programme.")
    d.add_heading("Mission permanente de la Tunisie auprès de l'ONUDI", 2)
    d.add_paragraph("Tunisia supports green hydrogen projects.")
    d.add_heading("Statement by the delegation of Kenya", 2)
    d.add_paragraph("Kenya supports the declaration.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    turns, _ = clean_one_file(path, tmp_path, "S1", "Arab Group")
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["floor_language"].fillna(""), strict=True)
    assert list(rows) == [
        ("Le Président", "", ""),
        ("Délégation du Maroc", "MAR", "Arabic"),
        ("Délégation de l'Égypte", "EGY", ""),
        ("Mission permanente de la Tunisie auprès de l'ONUDI", "TUN", ""),
        ("Delegation of Kenya", "KEN", ""),
    ]
    assert turns["text"].iloc[1] == (
        "Morocco has launched an industrial acceleration plan. "
        "We call on UNIDO to support the automotive sector."
    )


@pytest.mark.parametrize(
    "heading, speaker",
    [
        ("Remarks of the Permanent Mission of Chile", "Permanent Mission of Chile"),  # a mission, no person
        ("Declaration by Panama", "Panama"),
        ("Declaration of Panama", None),  # a document's name, not Panama's statement
        ("Statement of the Permanent Representative of Kenya", None),  # a person: left to the paragraphs
        ("Déclaration de l'Égypte", "Égypte"),  # the elided article is no part of the name
        ("Intervención de los Estados Unidos", "Estados Unidos"),
    ],
)
def test_which_statement_headings_name_the_delegation_below_them(heading, speaker):
    assert delegation_heading(heading) == speaker


def test_a_bold_label_a_verbatim_record_would_not_print_stays_the_words_it_was(tmp_path):
    """In minutes read as a verbatim record, a bold name that is no verbatim label goes back as the words
    it was, with no colon the source never printed ("**Kenya** is committed" is a sentence)."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("The President: I give the floor to the representative of Kenya.")
    d.add_paragraph("Mr. Kiboino (Kenya): Kenya supports the framework and its three impact areas.")
    emphasis = d.add_paragraph()
    emphasis.add_run("Kenya").bold = True
    emphasis.add_run(" is committed to the framework.")
    d.add_paragraph("Mr. Korbieh (Ghana): Ghana asks for more support on skills.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    kenya = read_transcript(path).segments[1]
    assert kenya.label == "Mr. Kiboino (Kenya)"
    assert kenya.text.endswith("impact areas.\nKenya is committed to the framework.")


def _table_doc(tmp_path, rows, name="table.docx"):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    d.save(tmp_path / name)
    return tmp_path / name


def test_a_transcript_table_with_a_time_column_a_header_and_short_replies_gives_every_turn(tmp_path):
    path = _table_doc(tmp_path, [
        ("Time", "Speaker", "Statement"),
        ("15:10", "The Acting President", "Thank you."),
        ("15:11", "Mr. Kiboino (Kenya)", "Kenya supports the framework and its financing plan."),
        ("15:12", "The Acting President", "Does Kenya wish to add anything?"),
        ("15:14", "Mr. Kiboino (Kenya)", "Yes."),
    ])  # fmt: skip
    result = read_transcript(path)
    assert [(s.label, s.text) for s in result.segments] == [
        ("The Acting President", "Thank you."),
        ("Mr. Kiboino (Kenya)", "Kenya supports the framework and its financing plan."),
        ("The Acting President", "Does Kenya wish to add anything?"),
        ("Mr. Kiboino (Kenya)", "Yes."),
    ]


def test_transcript_tables_in_other_layouts_and_with_tracked_changes_in_their_cells(tmp_path):
    """A header with colons, a clock time with AM/PM, the time between speaker and text, and an insertion
    tracked inside a cell (read as printed, like any paragraph)."""
    path = _table_doc(tmp_path, [
        ("Speaker:", "10:00 AM", "Remarks:"),
        ("The Chair", "10:03 AM", "Kenya has the floor on the framework today."),
        ("Mr. Kiboino (Kenya)", "10:04 AM", "Kenya supports the framework and its financing plan."),
    ])  # fmt: skip
    docx = pytest.importorskip("docx")
    d = docx.Document(path)
    d.tables[0].rows[2].cells[2].paragraphs[0]._p.append(_tracked("w:ins", " We ask for skills too."))
    d.save(path)
    assert [(s.label, s.text) for s in read_transcript(path).segments] == [
        ("The Chair", "Kenya has the floor on the framework today."),
        (
            "Mr. Kiboino (Kenya)",
            "Kenya supports the framework and its financing plan. We ask for skills too.",
        ),
    ]


def test_a_table_of_long_particulars_is_no_speech_either(tmp_path):
    rows = [
        ("Venue", "Vienna International Centre, Board Room B"),
        ("Chair", "H.E. Ms. Amina Diallo (Senegal)"),
        ("Rapporteur", "UNIDO Secretariat, Policy Unit"),
    ]
    docx = pytest.importorskip("docx")
    d = docx.Document()
    table = d.add_table(rows=3, cols=2)
    for row, (k, v) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = k, v
    _bold_paragraph(d, "Mr. Kiboino (Kenya)", "Kenya supports the framework.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    assert _labels(read_transcript(path)) == ["Mr. Kiboino (Kenya)"]


def test_once_headings_name_the_speakers_a_heading_of_their_rank_ends_the_turn_one_below_does_not(tmp_path):
    """A topic heading at the rank of the delegations' headings (or above) is not more of a statement: what
    follows is nobody's known speech (unattributed, counted for no group). A heading below them is a part of
    the delegation's statement ("Skills" under "Kenya"), logged as a heading."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Minutes of the session", level=1)  # before any: the record's title
    d.add_heading("Kenya", level=2)
    d.add_paragraph("Kenya supports the framework.")
    d.add_heading("Skills", level=3)
    d.add_paragraph("Kenya asks for vocational training.")
    d.add_heading("Closing of the meeting", level=2)
    d.add_paragraph("The Chair thanked delegations and closed the meeting.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        ("Kenya", "Kenya supports the framework.\nKenya asks for vocational training."),
        ("Closing of the meeting", "The Chair thanked delegations and closed the meeting."),
    ]
    assert "heading" in _whys(r)  # "Skills"


def test_the_chair_and_the_secretariat_headed_before_the_first_delegation_are_speakers(tmp_path):
    """Minutes that head each statement with its speaker open with the chair's and the Secretariat's
    headings, at the rank of the delegations' headings below them. Those are speakers too: read as plain
    headings, the chair's opening and the Secretariat's presentation went into the front matter. A heading
    of that rank that names nobody ("Introduction") is still a heading, and the record's title above it."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Development Dialogue, Eastern European Group - Minutes", level=1)
    d.add_paragraph("Vienna, 11 March 2025")
    d.add_heading("Introduction", level=2)
    d.add_paragraph("The session was held in hybrid format.")
    d.add_heading("Chair", level=2)
    d.add_paragraph("I declare the dialogue open and give the floor to the Secretariat.")
    d.add_heading("UNIDO Secretariat", level=2)
    d.add_paragraph("The Framework rests on six enablers, among them skills and infrastructure.")
    d.add_heading("Poland", level=2)
    d.add_paragraph("Poland supports the Framework and its focus on innovation.")
    d.add_heading("Chair", level=2)
    d.add_paragraph("The meeting is closed.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        ("Chair", "I declare the dialogue open and give the floor to the Secretariat."),
        ("UNIDO Secretariat", "The Framework rests on six enablers, among them skills and infrastructure."),
        ("Poland", "Poland supports the Framework and its focus on innovation."),
        ("Chair", "The meeting is closed."),
    ]
    assert "heading" in _whys(r)  # the title and "Introduction"


def test_a_custom_heading_style_names_a_delegation_at_its_level(tmp_path):
    """Minutes styled with a house heading ("Heading 2 Country", based on Heading 2) name the delegation as
    "Heading 2" would; the rank is the last delegation heading's, so a topic heading of that rank later on
    still ends a turn."""
    docx = pytest.importorskip("docx")
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    house = d.styles.add_style("Heading 2 Country", WD_STYLE_TYPE.PARAGRAPH)
    house.base_style = d.styles["Heading 2"]
    d.add_heading("Minutes", level=1)
    d.add_paragraph("Kenya", style="Heading 2 Country")
    d.add_paragraph("We support the draft.")
    d.add_heading("Ghana", level=1)  # a delegation heading at another rank
    d.add_paragraph("Ghana asks for training.")
    d.add_heading("Kenya", level=2)
    d.add_paragraph("Kenya adds a word on finance.")
    d.add_heading("Agenda item 5", level=2)
    d.add_paragraph("The item was adopted.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    assert [(s.label, s.text) for s in read_transcript(path).segments] == [
        ("Kenya", "We support the draft."),
        ("Ghana", "Ghana asks for training."),
        ("Kenya", "Kenya adds a word on finance."),
        ("Agenda item 5", "The item was adopted."),
    ]


def test_a_table_of_the_minutes_particulars_is_no_speech(tmp_path):
    """Short label | value rows are a table, not a transcript: "Venue | Vienna" is nobody's turn."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    table = d.add_table(rows=3, cols=2)
    for row, (k, v) in zip(table.rows, [("Venue", "Vienna"), ("Chair", "Mr. Otieno"), ("Date", "16 April")],
                           strict=True):  # fmt: skip
        row.cells[0].text, row.cells[1].text = k, v
    _bold_paragraph(d, "Mr. Kiboino (Kenya)", "Kenya supports the framework.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    assert [(s.label, s.text) for s in read_transcript(path).segments] == [
        ("Mr. Kiboino (Kenya)", "Kenya supports the framework.")
    ]


def test_a_scanned_pdf_without_a_text_layer_is_refused_saying_to_run_ocr(tmp_path):
    """A record scanned to PDF holds page images, no text: read, it would be a session with no speech."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    for _ in range(2):  # two pages of drawing only, as a scanner's images are
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")
    pdf.output(str(tmp_path / "A-79-PV.29.pdf"))
    with pytest.raises(InputError) as err:
        read_transcript(tmp_path / "A-79-PV.29.pdf")
    assert str(err.value) == f"{tmp_path / 'A-79-PV.29.pdf'}: PDF has no text layer (scanned?); run OCR first"


def test_a_pdf_that_needs_a_password_to_open_says_so_and_one_with_an_owner_password_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    plain = write_pdf(tmp_path / "plain.pdf", ["Mr. Kiboino (Kenya): We support the framework."], "A/79/PV.1")
    for name, user in (("locked.pdf", "secret"), ("owner-only.pdf", "")):
        writer = pypdf.PdfWriter(clone_from=plain)
        writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-256")
        writer.write(tmp_path / name)
    with pytest.raises(InputError, match="needs a password to open"):
        read_transcript(tmp_path / "locked.pdf")
    segments = read_transcript(tmp_path / "owner-only.pdf").segments
    assert "We support the framework." in segments[-1].text


@pytest.mark.parametrize(
    "original,edited,units",
    [
        # the review's case: a hyphen joined over a line break, then a split word joined at a line's start
        (
            [("foo develop-", 1), ("ment bar", 1), ("Camb odia", 2), ("Chad", 2)],
            ["foo development bar", "Cambodia", "Chad"],
            [(1, 1), (2, 2), (2, 2)],
        ),
        # the notice blanked, a split word inside a label, a blank line kept
        (
            [("This record contains", 1), ("Mr. Sok (Camb odia): We agree.", 2), ("", 3), ("Chad", 3)],
            ["", "Mr. Sok (Cambodia): We agree.", "", "Chad"],
            [(1, 1), (2, 2), (3, 3), (3, 3)],
        ),
    ],
)
def test_realign_keeps_each_line_on_its_page_after_joins_at_a_line_start(original, edited, units):
    from analysis.ingest.readers.assemble import realign
    from analysis.ingest.readers.segment import Line

    lines = [Line(text, page) for text, page in original]
    assert [(ln.unit, ln.last) for ln in realign(edited, lines)] == units


def test_mojibake_repaired_in_a_transcript_is_logged_at_its_line(tmp_path):
    text = (
        "The President: I give the floor to the representative of Côte d'Ivoire.\n"
        "Mr. Kouassi (CÃ´te dâ€™Ivoire): We thank the President.\n"
    )
    r = read_transcript(_write(tmp_path, "record.txt", text))
    assert _labels(r) == ["The President", "Mr. Kouassi (Côte d’Ivoire)"]
    repairs = [(what, src) for what, why, src in r.removals if why == "encoding_repair"]
    assert repairs == [("Ã´ → ô", "record.txt:line 2"), ("â€™ → ’", "record.txt:line 2")]


def test_mojibake_repaired_in_a_pdf_text_layer_is_logged_at_its_page(tmp_path):
    path = _pdf(
        tmp_path / "record.pdf",
        ["The President: I give the floor to Peru.", "Mr. Rojas (PerÃº): PerÃº supports the framework."],
    )
    r = read_transcript(path)
    assert r.segments[-1].text == "Perú supports the framework."
    repairs = [(what, src) for what, why, src in r.removals if why == "encoding_repair"]
    assert repairs == [("Ãº → ú", "record.pdf:page 2"), ("Ãº → ú", "record.pdf:page 2")]


def test_a_numbered_speaker_line_in_word_minutes_loses_its_list_number(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph().add_run("Chair").bold = True
    d.add_paragraph("Good morning. I give the floor to the Republic of Moldova.")
    d.add_paragraph().add_run("1.\tThe Republic of Moldova").bold = True
    d.add_paragraph("Moldova supports the framework.")
    d.add_paragraph().add_run("12) Austria:").bold = True
    d.add_paragraph("Austria aligns itself with the European Union.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert _labels(r) == ["Chair", "The Republic of Moldova", "Austria"]
    numbers = [(w, src) for w, why, src in r.removals if why == "paragraph_number"]
    assert numbers == [("1.", "minutes.docx:paragraph 3"), ("12)", "minutes.docx:paragraph 5")]


@pytest.mark.parametrize(
    "first, second",
    [
        ("Amina Diallo (UNIDO)   0:03", "Kenya Mission   1:12"),  # Teams and Otter
        ("[Amina Diallo (UNIDO)] 00:00:03", "[Kenya Mission] 00:01:12"),  # Zoom's saved transcript
        ("Amina Diallo (UNIDO) (00:03):", "Kenya Mission (01:12):"),  # Rev
        ("Amina Diallo (UNIDO) [00:00:03]", "Kenya Mission [00:01:12]"),  # Sonix
    ],
    ids=["teams", "zoom", "rev", "sonix"],
)
def test_each_transcription_services_name_and_time_line_labels_the_turn_below_it(tmp_path, first, second):
    said = "Kenya supports the framework.\nWe resume at\n11:30"
    text = f"{first}\nGood morning, and welcome.\n\n{second}\n{said}\n"
    r = read_transcript(_write(tmp_path, "service.txt", text))
    assert [(s.label, s.text) for s in r.segments] == [
        ("Amina Diallo (UNIDO)", "Good morning, and welcome."),
        ("Kenya Mission", said),  # the time that ends a wrapped sentence is speech
    ]
    assert len([w for w, why, _ in r.removals if why == "timestamp"]) == 2


@pytest.mark.parametrize("one_paragraph", [False, True], ids=["paragraphs", "line-breaks"])
def test_a_teams_transcript_saved_as_word_gives_each_timed_name_its_turn(tmp_path, one_paragraph):
    """Teams' "Download as .docx" (and Otter's export): each turn under "Name   0:03", in a paragraph of its
    own or on the first line of the turn's paragraph; the time is machinery, logged."""
    docx = pytest.importorskip("docx")
    turns = [
        ("Amina Diallo (UNIDO)", "0:03", "Good morning, and welcome to the dialogue."),
        ("Kenya Mission Vienna", "1:12", "Kenya supports the framework.\nWe ask for skills funding."),
        ("Amina Diallo (UNIDO)", "12:40", "Thank you, Kenya. The break starts at 11:30"),
    ]
    d = docx.Document()
    d.add_paragraph("Development Dialogue - Africa Group-20241204_100203-Meeting Transcript")
    d.add_paragraph("December 4, 2024, 10:02AM")
    for name, time, text in turns:
        if one_paragraph:
            d.add_paragraph(f"{name}   {time}\n{text}")
        else:
            d.add_paragraph(f"{name}   {time}")
            d.add_paragraph(text)
    path = tmp_path / "teams.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [(name, text) for name, _, text in turns]
    assert [w for w, why, _ in r.removals if why == "timestamp"] == ["0:03", "1:12", "12:40"]
    assert "Meeting Transcript" in next(w for w, why, _ in r.removals if why == "front_matter")


@pytest.mark.parametrize("form", ["docx", "txt"])
def test_the_meeting_programs_own_lines_are_logged_not_speech(tmp_path, form):
    """Google Meet's transcript (a Google Doc saved as Word, or as text): a title with no full stop, marks of
    elapsed time on lines of their own, the program's notices; none of it is anybody's speech."""
    paragraphs = [
        "Development Dialogue GRULAC - Transcript",
        "This editable transcript was computer generated and might contain errors.",
        "00:00:00",
        "Amina Diallo: Good morning, and welcome to the dialogue.",
        "Amina Diallo started transcription",
        "Chile: Chile supports the framework.",
        "00:05:00",
        "Brazil: Brazil agrees. I left the meeting early last time.",
        "Kofi Mensah left the meeting",
        "Meeting ended after 00:12:31 👋",
    ]
    if form == "docx":
        path = write_docx(tmp_path / "meet.docx", paragraphs)
    else:
        path = _write(tmp_path, "meet.txt", "\n".join(paragraphs) + "\n")
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        ("Amina Diallo", "Good morning, and welcome to the dialogue."),
        ("Chile", "Chile supports the framework."),
        ("Brazil", "Brazil agrees. I left the meeting early last time."),
    ]
    assert [w for w, why, _ in r.removals if why == "timestamp"] == ["00:00:00", "00:05:00"]
    assert [w for w, why, _ in r.removals if why == "stage_direction"] == [
        "This editable transcript was computer generated and might contain errors.",
        "Amina Diallo started transcription",
        "Kofi Mensah left the meeting",
        "Meeting ended after 00:12:31 👋",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Chair: Welcome. I see that the delegate of Ghana joined the meeting.",
        "Secretariat: Yes, we started the recording.",
        "Welcome, I see the Ambassador of Ghana has joined the meeting.",
        "Thank you. The Ghanaian delegate left the meeting.",
    ],
)
def test_speech_about_joining_or_recording_is_speech_not_a_notice(tmp_path, line):
    r = read_transcript(_write(tmp_path, "notes.txt", f"Kofi: Good morning.\n{line}\nKofi: Thank you.\n"))
    assert line.split(": ")[-1] in " ".join(s.text for s in r.segments)
    assert "stage_direction" not in _whys(r)


def _word(tmp_path, paragraphs, bold=()):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for text in paragraphs:
        p = d.add_paragraph()
        p.add_run(text).bold = text in bold
    path = tmp_path / "speech.docx"
    d.save(path)
    return path


def test_a_salutation_in_a_speech_saved_as_word_is_no_speaker(tmp_path):
    path = _word(tmp_path, ["Mr. President", "Distinguished Delegates:", "It is an honour to address you."])
    r = read_transcript(path)
    assert [s.label for s in r.segments] == [None]
    assert "label_demoted" in _whys(r)


def test_a_time_that_ends_a_word_paragraphs_sentence_is_said(tmp_path):
    paragraphs = ["Chair:", "The session is suspended and we will resume at", "11:30"]
    path = _word(tmp_path, paragraphs, bold=("Chair:",))
    assert read_transcript(path).segments[0].text.endswith("we will resume at\n11:30")


def test_a_timed_agenda_in_word_minutes_is_no_transcript(tmp_path):
    path = _word(
        tmp_path,
        ["Chair:", "We open the session.", "Coffee Break 10:30", "Session Two 11:00", "We resume the work."],
        bold=("Chair:",),
    )
    r = read_transcript(path)
    assert [s.label for s in r.segments] == ["Chair"]
    assert "Coffee Break 10:30" in r.segments[0].text


def test_a_titled_agenda_heading_with_a_comma_is_no_label(tmp_path):
    text = (
        "Chair: We turn to the next item.\n"
        "Agenda Item 4, Report of the Director General on UNIDO Activities in Africa: The Secretariat"
        " introduced the report.\n"
    )
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    assert [s.label for s in r.segments] == ["Chair"]


def test_mojibake_pasted_into_word_minutes_is_repaired_and_logged_like_any_transcript(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("CÃ´te dâ€™Ivoire:").bold = True
    p.add_run(" We support the ï¬\x81nancing of SMEs.")
    d.add_paragraph().add_run("PerÃº").bold = True
    d.add_paragraph("PerÃº asks for skills.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Chair", "Thank you, CÃ´te dâ€™Ivoire and PerÃº."
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert _labels(r) == ["Côte d’Ivoire", "Perú", "Chair"]
    assert [s.text for s in r.segments] == [
        "We support the financing of SMEs.",
        "Perú asks for skills.",
        "Thank you, Côte d’Ivoire and Perú.",
    ]
    repairs = [(what, src) for what, why, src in r.removals if why == "encoding_repair"]
    assert ("Ã´ → ô", "minutes.docx:paragraph 1") in repairs
    assert ("Ãº → ú", "minutes.docx:paragraph 3") in repairs
    assert ("Ã´ → ô", "minutes.docx:paragraph 4") in repairs
    assert ("ï¬\x81 → fi", "minutes.docx:paragraph 1") in repairs


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_ligature_from_a_pdf_copy_is_mended_even_where_nothing_else_is_broken(tmp_path, suffix):
    """Text copied out of a PDF keeps its ligatures ("eﬃciency"), which no codebook term matches."""
    lines = ["Chair: Welcome.", "Kenya: Energy eﬃciency and ﬁnancing for SMEs, and ﬂows of trade."]
    if suffix == ".txt":
        path = _write(tmp_path, "minutes.txt", "\n".join(lines) + "\n")
    else:
        path = write_docx(tmp_path / "minutes.docx", lines)
    r = read_transcript(path)
    assert r.segments[-1].text == "Energy efficiency and financing for SMEs, and flows of trade."
    assert sorted(what for what, why, _ in r.removals if why == "encoding_repair") == [
        "ﬁ → fi", "ﬂ → fl", "ﬃ → ffi"]  # fmt: skip


def test_a_numbered_speaker_line_in_plain_text_loses_its_list_number(tmp_path):
    text = (
        "Chair: Good morning. I give the floor to Moldova.\n"
        "1.\tThe Republic of Moldova: Moldova supports the framework.\n"
        "2. Austria: Austria aligns itself with the European Union and its 27 members.\n"
        "Chair: Thank you.\n"
    )
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    assert _labels(r) == ["Chair", "The Republic of Moldova", "Austria", "Chair"]
    assert r.segments[2].text == "Austria aligns itself with the European Union and its 27 members."
    assert [w for w, why, _ in r.removals if why == "paragraph_number"] == ["1.", "2."]


def _one_page_pdf(path, body):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, body)
    pdf.output(str(path))
    return path


_ONE_PAGE = (
    "The President: I give the floor to the representative of Chile.\n"
    "Mr. Rojas (Chile): Chile supports the framework and the\nfinancing of small enterprises.\n"
)


@pytest.mark.parametrize(
    "footer", ["V.24-01234 1", "GE.24-01234 (E) 1", "IDB.52/SR.3 1", "1 IDB.52/SR.3", "GC.20/PV.2 1/1"]
)
def test_a_one_page_records_footer_of_job_number_or_symbol_and_page_is_furniture(tmp_path, footer):
    r = read_transcript(_one_page_pdf(tmp_path / "record.pdf", _ONE_PAGE + footer))
    assert r.segments[-1].text.endswith("financing of small enterprises.")
    assert [(w, src) for w, why, src in r.removals if why == "page_furniture"] == [
        (footer, "record.pdf:page 1")
    ]


@pytest.mark.parametrize("last", ["as set out in document\nIDB.52/L.3.", "as UN/DESA said:\nUN/DESA 2"])
def test_a_symbol_ending_a_sentence_on_a_pages_last_line_is_speech(tmp_path, last):
    r = read_transcript(_one_page_pdf(tmp_path / "record.pdf", _ONE_PAGE.rstrip(".\n") + ", " + last))
    assert r.segments[-1].text.endswith(last.split("\n")[-1])
    assert not [w for w, why, _ in r.removals if why == "page_furniture"]


@pytest.mark.parametrize("name", ["minutes.pdf", "minutes.docx", "captions.vtt", "record.txt", "subs.srt"])
def test_an_empty_transcript_says_what_to_do_whatever_its_form(tmp_path, name):
    """A 0-byte file (a download cut short) is named with what to do; each reader had said it its own way
    ("not a readable PDF (EmptyFileError)")."""
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"an empty file \(0 bytes\): .* take its row out of sessions.csv"):
        read_transcript(path)


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("record.pdf", b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),  # a download cut short
        ("minutes.docx", b"PK\x03\x04 not the rest of a zip", "not a readable Word .docx file"),
    ],
)
def test_a_broken_or_empty_transcript_says_what_to_do(tmp_path, name, content, says):
    """Named, and with what the user can do: save or download it again, or leave it out of the manifest."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_transcript(path)
    assert says in str(err.value) and "again" in str(err.value)
    assert "take its row out of sessions.csv" in str(err.value)


def test_a_word_document_with_no_text_says_what_to_do(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "minutes.docx"
    docx.Document().save(path)
    with pytest.raises(InputError, match=r"an empty file \(a Word document with no text\): .* sessions.csv"):
        read_transcript(path)


@pytest.mark.parametrize("form", ["text", "pdf"])
def test_a_verbatim_record_looks_for_lists_of_delegations_and_for_labels_once(tmp_path, monkeypatch, form):
    """Reading a file finds its rows of a list of delegations once (the name headings pass them on to the
    segments) and its verbatim labels once (the form's choice passes them on): each had been found twice,
    a twentieth of the time spent reading the UN records."""
    from pathlib import Path

    from analysis.ingest.readers import assemble, grammar, headings

    calls = {"delegation_rows": 0, "verbatim_labels": 0}

    def counting(real):
        def counted(*args, **kwargs):
            calls[real.__name__] += 1
            return real(*args, **kwargs)

        return counted

    for module, name in ((headings, "delegation_rows"), (grammar, "verbatim_labels")):
        counted = counting(getattr(module, name))
        for where in (module, assemble):
            monkeypatch.setattr(where, name, counted)
    if form == "pdf":
        path = _one_page_pdf(tmp_path / "record.pdf", _ONE_PAGE)
    else:
        path = Path(__file__).parent / "fixtures" / "records" / "un-record.txt"
    assert read_transcript(path).segments[0].label.startswith(("Mr. Otieno", "The President"))
    assert calls == {"delegation_rows": 1, "verbatim_labels": 1}


def test_a_word_table_of_delegations_and_their_delegates_is_a_list_of_attendance_not_turns(tmp_path):
    """Minutes that list who attended in a two-column table ("Kenya. | Mr. John Kamau, Permanent
    Representative.") gave each row a turn: the delegate's name and office became the delegation's words. Such
    a table (its rows name a delegation alone on the left, as ``headings.delegation_rows`` reads a list of
    them in text, and people on the right) is logged as a table; a table of what delegations said stays
    speech."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Regional Policy Dialogue: African Group", style="Title")
    d.add_paragraph("List of participants")
    table = d.add_table(rows=0, cols=2)
    for left, right in [
        ("Delegation", "Representatives"),
        ("Kenya.", "Mr. John Kamau, Permanent Representative."),
        ("Ghana", "Ms. Ama Mensah, Deputy Permanent Representative\nMr. Kofi Boateng, Adviser"),
        (" Côte d’Ivoire: ", "H.E. Mr. Adama Koné, Ambassador, Permanent Representative to UNIDO."),
        ("European Union.", "Mr. Jan de Vries, Minister Counsellor."),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    for who, said in [
        ("Chair:", " Welcome. I give the floor to Kenya."),
        ("Kenya:", " Kenya supports the plan."),
    ]:
        p = d.add_paragraph()
        p.add_run(who).bold = True
        p.add_run(said)
    d.add_paragraph("Statements made in writing")
    spoken = d.add_table(rows=0, cols=2)
    for left, right in [
        ("Ghana", "Ghana calls for finance for small firms."),
        ("Chile", "Chile agrees with Ghana."),
    ]:
        cells = spoken.add_row().cells
        cells[0].text, cells[1].text = left, right
    d.save(tmp_path / "minutes.docx")

    result = read_transcript(tmp_path / "minutes.docx")
    assert [s.label for s in result.segments] == ["Chair", "Kenya", "Ghana", "Chile"]
    assert "Kamau" not in " ".join(s.text for s in result.segments)
    tables = [what for what, why, _ in result.removals if why == "table"]
    assert "Kenya. | Mr. John Kamau, Permanent Representative." in tables
    assert len(tables) == 5  # the header row and the four delegations


def _numbered(paragraph):
    """A paragraph numbered the way Word numbers one by hand (``w:numPr``), whatever its style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    number, level, ident = OxmlElement("w:numPr"), OxmlElement("w:ilvl"), OxmlElement("w:numId")
    level.set(qn("w:val"), "0")
    ident.set(qn("w:val"), "1")
    number.extend([level, ident])
    paragraph._p.get_or_add_pPr().append(number)
    return paragraph


def test_a_bold_heading_over_word_list_paragraphs_is_no_speaker_a_bold_name_over_them_speaks(tmp_path):
    """Word minutes that set a statement's points under a bold heading ("Key Messages:" over paragraphs
    styled "List Bullet", "Policy Recommendations:" over "List Number" or hand-numbered ones) keep the points
    with the delegate who made them: Word prints the bullet from the style, not the text, so the heading
    became a speaker taking the points and the rest of the statement. A delegate's bold name over her points
    ("List Paragraph") still speaks."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Regional Policy Dialogue: African Group", level=1)
    _bold_paragraph(d, "Chair", "Good morning. I give the floor to Kenya.")
    _bold_paragraph(d, "Ms. Amina Otieno (Kenya)", "Thank you, Chair. Kenya would like to make three points.")
    d.add_paragraph().add_run("Key Messages:").bold = True
    for point in ("Industrialization must be inclusive.", "Finance for SMEs remains scarce.",
                  "Skills must follow the market."):  # fmt: skip
        d.add_paragraph(point, style="List Bullet")
    d.add_paragraph().add_run("Policy Recommendations:").bold = True
    d.add_paragraph("Scale up skills programmes.", style="List Number")
    _numbered(d.add_paragraph("Open markets for African producers."))
    d.add_paragraph("Kenya thanked the secretariat.")
    _bold_paragraph(d, "Mr. Kwame Mensah (Ghana)", "Ghana agrees with Kenya.")
    d.add_paragraph().add_run("Fatima Diallo:").bold = True
    d.add_paragraph("Young people need decent jobs.", style="List Paragraph")
    d.add_paragraph("The youth forum asks for a seat at the table.", style="List Paragraph")
    _bold_paragraph(d, "Chair", "Thank you.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert _labels(r) == [
        "Chair", "Ms. Amina Otieno (Kenya)", "Mr. Kwame Mensah (Ghana)", "Fatima Diallo", "Chair"
    ]  # fmt: skip
    kenya = r.segments[1]
    assert "Key Messages\nIndustrialization must be inclusive." in kenya.text
    assert kenya.text.endswith("Open markets for African producers.\nKenya thanked the secretariat.")
    assert kenya.source == "minutes.docx:paragraphs 3-11"
    assert r.segments[3].text.startswith("Young people need decent jobs.")
    assert [(what, where) for what, why, where in r.removals if why == "label_demoted"] == [
        ("Key Messages: a heading over a list", "minutes.docx:paragraph 4"),
        ("Policy Recommendations: a heading over a list", "minutes.docx:paragraph 8"),
    ]


def test_a_bold_name_ending_on_a_list_word_over_word_list_items_speaks_where_the_chair_names_her(tmp_path):
    """Word minutes: "**Ruth First:**" over paragraphs styled "List Bullet" reads like a heading ("First" is a
    list's word), but the chair gave "Ms. Ruth First" the floor: her points are hers, not the chair's."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    _bold_paragraph(d, "Chair", "Good morning. I now give the floor to Ms. Ruth First.")
    d.add_paragraph().add_run("Ruth First:").bold = True
    for point in ("Finance for small firms remains scarce.", "Skills must follow the market."):
        d.add_paragraph(point, style="List Bullet")
    _bold_paragraph(d, "Chair", "Thank you.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert _labels(r) == ["Chair", "Ruth First", "Chair"]
    assert r.segments[1].text == "Finance for small firms remains scarce.\nSkills must follow the market."


def test_word_minutes_look_up_each_paragraph_style_once(tmp_path, monkeypatch):
    """Minutes of many paragraphs in a few styles (a custom style based on another, "List Bullet") look each
    style up once, for its name, its list and its bold, not once or more for every paragraph and run: a
    2,000-paragraph document spent half its reading time walking the same styles' base-style chains."""
    docx = pytest.importorskip("docx")
    from docx.enum.style import WD_STYLE_TYPE
    from docx.text.paragraph import Paragraph

    d = docx.Document()
    body = d.styles.add_style("Minutes Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = d.styles["Normal"]
    _bold_paragraph(d, "Chair", "Good morning. I give the floor to Kenya.")
    for i in range(60):
        if i % 20 == 0:
            _bold_paragraph(d, ["Kenya", "Ghana", "Chile"][i // 20], "Thank you, Chair.")
        style = "List Bullet" if i % 3 == 0 else body
        d.add_paragraph(f"Point {i} on finance for small firms.", style=style).add_run(" And skills.")
    path = tmp_path / "minutes.docx"
    d.save(path)
    looked_up = []
    style = Paragraph.style

    def counted(paragraph):
        looked_up.append(paragraph._p.style)
        return style.fget(paragraph)

    monkeypatch.setattr(Paragraph, "style", property(counted, style.fset))
    r = read_transcript(path)
    assert _labels(r) == ["Chair", "Kenya", "Ghana", "Chile"]
    assert len(looked_up) == len(set(looked_up)) == 3  # Normal, Minutes Body, List Bullet


@pytest.mark.parametrize(
    "kenya, chile",
    [
        ("Kenya: Kenya would like to make two points.", "Chile: Chile agrees with Kenya."),
        ("Mr. Kiboino (Kenya): Kenya would like to make two points.", "Ms. Rivera (Chile): Chile agrees."),
    ],
)
def test_a_typed_heading_over_word_list_paragraphs_is_no_speaker_in_any_label_form(tmp_path, kenya, chile):
    """Minutes typing their labels ("Kenya: ..." or the UN's "Mr. Kiboino (Kenya): ...") and a heading the
    same way ("Key Messages:") over Word's list paragraphs keep the points with the speaker above them."""
    path = write_docx(tmp_path / "minutes.docx", [kenya, "Key Messages:", "Finance for SMEs remains scarce.",
                                                  "Skills must follow the market.", chile])  # fmt: skip
    docx = pytest.importorskip("docx")
    d = docx.Document(path)
    for p in d.paragraphs[2:4]:
        p.style = d.styles["List Bullet"]
    d.save(path)
    segments = read_transcript(path).segments
    assert [s.label for s in segments] == [kenya.split(":")[0], chile.split(":")[0]]
    assert segments[0].text.endswith(
        "Key Messages:\nFinance for SMEs remains scarce.\nSkills must follow the market."
    )


def test_a_heading_of_the_delegations_rank_over_word_list_paragraphs_still_ends_the_turn(tmp_path):
    """Where headings name the speakers, a heading of their rank over a list ("Recommendations" over "List
    Number" paragraphs) is nobody's known speech still, not more of the last delegation's."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Kenya", level=2)
    d.add_paragraph("Kenya supports the framework.")
    d.add_heading("Ghana", level=2)
    d.add_paragraph("Ghana asks for skills.")
    d.add_heading("Recommendations", level=2)
    d.add_paragraph("Scale up skills programmes.", style="List Number")
    path = tmp_path / "minutes.docx"
    d.save(path)
    assert [s.label for s in read_transcript(path).segments] == ["Kenya", "Ghana", "Recommendations"]


def test_a_single_statement_written_in_markdown_reads_as_its_words(tmp_path):
    """The General Debate's 2024 files are markdown (62 of 192): emphasis, rules between sections, numbered
    and bracketed section headings. Read as text, '**' and '---' became sentences of their own ('*', '*.',
    '---': 683 counted sentences of 2024 with no letter) and a heading ran into the sentence under it."""
    text = (
        "**Mr President,**\n\n"
        "Peru reiterates its commitment to **multilateralism**.\n\n"
        "---\n\n"
        "**[FINANCING FOR DEVELOPMENT]**\n\n"
        "The first of these conditions is **peace**.\n\n"
        "### 10. Global Challenges\n\n"
        "We thank *all* partners.\n"
    )
    r = read_transcript(_write(tmp_path, "PER_79_2024.txt", text), single_statement=True)
    said = " ".join(r.segments[0].text.split())
    assert said == (
        "Mr President, Peru reiterates its commitment to multilateralism. "
        "The first of these conditions is peace. We thank *all* partners."
    )
    assert [(w, src) for w, why, src in r.removals if why == "heading"] == [
        ("[FINANCING FOR DEVELOPMENT]", "PER_79_2024.txt:line 7"),
        ("10. Global Challenges", "PER_79_2024.txt:line 11"),
    ]
    assert ("---", "markup") in [(w, why) for w, why, _ in r.removals]


def test_markdown_bold_marks_go_only_where_they_wrap_words(tmp_path):
    """Bold is a pair of marks about words ('**peace**', over a line break within a paragraph); marks that
    wrap nothing are the statement's own characters ('2**3' was read '23')."""
    text = (
        "**Mr President,\nExcellencies,**\n\n"
        "Our debt grew by 2**3 times, a __rule__ of snake__case **and ** more.\n\n"
        "It is ***our*** **duty**, not ** theirs.\n"
    )
    r = read_transcript(_write(tmp_path, "KEN_79_2024.txt", text), single_statement=True)
    assert r.segments[0].text.split("\n") == [
        "Mr President,",
        "Excellencies,",
        "",
        "Our debt grew by 2**3 times, a rule of snake__case **and ** more.",
        "",
        "It is *our* duty, not ** theirs.",
    ]
    assert ("8 markdown bold marks", "markup") in [(w, why) for w, why, _ in r.removals]


def test_a_single_statements_page_furniture_lines_are_not_its_words(tmp_path):
    """The 2015 files keep the record's running heads between paragraphs, often mid-sentence (163 of 193)."""
    text = (
        "It is an honour to speak. The crisis\n\n"
        "15-29425 31/34\n\n"
        "A/70/PV.15 28/09/2015\n"
        "also poses a serious challenge (see A/70/PV.3).\n"
    )
    r = read_transcript(_write(tmp_path, "AFG_70_2015.txt", text), single_statement=True)
    said = " ".join(r.segments[0].text.split())
    assert said == "It is an honour to speak. The crisis also poses a serious challenge (see A/70/PV.3)."
    assert [w for w, why, _ in r.removals if why == "page_furniture"] == [
        "15-29425 31/34",
        "A/70/PV.15 28/09/2015",
    ]


def test_a_word_hyphenated_across_a_statements_running_head_is_joined_a_paragraph_break_kept(tmp_path):
    """A running head can fall inside a word ('devel-' / head / 'opment': San Marino, 2015, 'high-' / head /
    'level'). Blanking the head left blank lines between the halves, so they were never joined ('devel-
    opment'). A head between two paragraphs still parts them."""
    text = (
        "We welcome the new agenda for sustainable devel-\n"
        "15-29425 31/34\n"
        "\f\n"
        "28/09/2015 A/70/PV.15\n"
        "opment adopted this week.\n"
        "20/33 15-29425\n"
        "\n"
        "Its status must be preserved.\n"
    )
    r = read_transcript(_write(tmp_path, "SMR_70_2015.txt", text), single_statement=True)
    paragraphs = [" ".join(p.split()) for p in r.segments[0].text.split("\n\n") if p.strip()]
    assert paragraphs == ["We welcome the new agenda for sustainable development adopted this week.",
                          "Its status must be preserved."]  # fmt: skip
    assert ("devel-|opment", "hyphenation") in [(w, why) for w, why, _ in r.removals]
    assert r.segments[0].source == "SMR_70_2015.txt:lines 1-8"


def test_a_word_hyphenated_across_a_running_head_set_off_by_blank_lines_is_joined(tmp_path):
    """The 2015 files often set a running head off by blank lines on both sides ('The crisis' / blank / head /
    blank), inside a word too: the blank line above the head belongs to the run the second half moves over."""
    text = "We welcome the high-\n\n15-29425 31/34\n\nlevel meeting.\n"
    r = read_transcript(_write(tmp_path, "SMR_70_2015.txt", text), single_statement=True)
    assert " ".join(r.segments[0].text.split()) == "We welcome the high-level meeting."


def test_a_year_alone_on_a_line_of_a_statement_is_its_words_not_a_page_number(tmp_path):
    """A page number of a statement's record has one to three digits ('31/34', '2'). A year a wrapped line
    leaves alone ('2030') was read as page furniture (three digits and one more) and cut out of the
    sentence; the page's own number under it is still furniture."""
    text = (
        "We have committed ourselves to ending extreme poverty by the year\n"
        "2030\n"
        "and to leaving no one behind.\n"
        "12\n"
        "Thank you.\n"
    )
    r = read_transcript(_write(tmp_path, "KEN_70_2015.txt", text), single_statement=True)
    said = " ".join(r.segments[0].text.split())
    assert said == (
        "We have committed ourselves to ending extreme poverty by the year 2030 and to leaving no one "
        "behind. Thank you."
    )
    assert [w for w, why, _ in r.removals if why == "page_furniture"] == ["12"]


def test_a_record_where_only_the_president_speaks_is_still_read_as_a_verbatim_record(tmp_path):
    """S/PV.10100 (a Security Council vote) holds four "The President:" labels and no delegate's: read in
    the generic form, its show of hands, the lists of who voted how and "The meeting rose at ..." stayed
    the President's words. A presiding officer's label with the record's own opening or closing line is a
    verbatim record: the stage directions go, and what follows the closing line is no one's."""
    text = (
        "The meeting was called to order at 3 p.m.\n"
        "The President: The Council is ready to proceed to the vote on the draft resolution before it.\n"
        "A vote was taken by show of hands.\n"
        "In favour:\n"
        "Bahrain, China, Colombia, Denmark\n"
        "Against:\n"
        "None\n"
        "The President: The draft resolution has been adopted as resolution 2815 (2026).\n"
        "The meeting rose at 3.10 p.m.\n"
        "Annex\n"
        "Letter dated 30 January from the Permanent Representative of Cyprus.\n"
    )
    r = read_transcript(_write(tmp_path, "record.txt", text))
    assert _labels(r) == ["The President", "The President", None]
    assert r.segments[0].text.endswith("the draft resolution before it.")
    assert "Bahrain" not in r.segments[0].text and "rose" not in r.segments[1].text
    assert not r.segments[2].speech and r.segments[2].text.startswith("Annex")
    assert "stage_direction" in _whys(r)


def test_a_presiding_officer_alone_without_the_records_lines_keeps_the_generic_form(tmp_path):
    """Minutes where only "The President:" is labelled and nothing says a UN record is read as before."""
    text = "The President: Welcome to the dialogue.\nIn favour:\nof a strong framework, we agree.\n"
    r = read_transcript(_write(tmp_path, "minutes.txt", text))
    assert ("generic (1 labels)", "label_grammar") in {(w, why) for w, why, _ in r.removals}


@pytest.mark.parametrize(
    "line",
    ["The meeting was called to order at 3 p.m.", "The meeting rose at 3.10 p.m."],
    ids=["opens", "rises"],
)
def test_either_of_the_records_own_lines_makes_a_presiding_officers_labels_a_verbatim_record(tmp_path, line):
    """An extract of a record keeps its opening line or its closing one, not always both: either says it is
    a UN record, and the vote's show of hands is a stage direction, not the President's words."""
    text = (
        f"{line}\n"
        "The President: The Council is ready to proceed to the vote on the draft resolution before it.\n"
        "A vote was taken by show of hands.\n"
        "The President: The draft resolution has been adopted as resolution 2815 (2026).\n"
    )
    r = read_transcript(_write(tmp_path, "record.txt", text))
    assert "stage_direction" in _whys(r)
    assert not any("show of hands" in s.text for s in r.segments)
