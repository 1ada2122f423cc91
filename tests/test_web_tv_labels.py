"""Labels of UN Web TV transcript exports: ``Entity | Name | Function``, alone on a line above the speech.

The UN's machine transcripts of its webcast meetings (for instance the UN80 working group's consultations,
2025) write each speaker as a bold line of pipe-separated parts: the delegation or office, the person, the
function (``**Costa Rica | Representative**``, ``**IAHWG | Brian Wallace | Co-Chair**``,
``**EOSG | Ayaka Suzuki | Director**``). Saved as markdown, as Word (a bold paragraph alone) or as
``Label: text`` lines, each such label opens a turn and the turn goes to the delegation the label names.
Before, a pipe made a label look like prose and a bold name without a colon was text: a whole session was one
unattributed turn, and in Word a delegation's speech ran into the previous delegation's turn.

The fixture, tests/fixtures/labels/un-web-tv.md, is synthetic: modelled on those exports (a heading line,
trailing spaces, a pipe inside speech, a person named again without their office), with invented words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.readers import read_transcript
from analysis.ingest.readers.labels import looks_like_label, split_generic_label, split_label
from analysis.ingest.speakers import attribute
from helpers import clean_one_file

FIXTURE = Path(__file__).parent / "fixtures" / "labels" / "un-web-tv.md"


def _clean_text(tmp_path: Path, text: str, group: str = "African Group", name: str = "transcript.txt"):
    """(turns, log) of `text` saved as a plain transcript and cleaned as a one-session corpus."""
    (tmp_path / "run").mkdir()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return clean_one_file(path, tmp_path / "run", "x", group)


def _who(turns) -> list[tuple]:
    """(speaker, country, role) of every turn, a missing country as None."""
    return [(t.speaker, None if pd.isna(t.country) else t.country, t.role) for t in turns.itertuples()]


# (speaker, country, role, first words) of every turn of the fixture, in order
TURNS = [
    ("IAHWG | Brian Wallace | Co-Chair", None, "chair", "I call to order"),
    ("EOSG | Ayaka Suzuki | Director", None, "secretariat", "Thank you, Co-Chair."),
    ("Costa Rica | Representative", "CRI", "member_state", "Costa Rica supports a mandate registry | one"),
    ("Kenya", "KEN", "member_state", "We agree with Costa Rica"),
    ("Iraq | Representative | (G77 + China)", "IRQ", "member_state", "On behalf of the Group of 77"),
    ("IAHWG | Brian Wallace | Co-Chair", None, "chair", "I give the floor"),
    ("Ayaka Suzuki", None, "secretariat", "The registry will be updated"),
    ("Iran, Islamic Republic of | Representative", "IRN", "member_state", "We ask for a cost estimate."),
]


@pytest.mark.parametrize(
    "label",
    [
        "Costa Rica | Representative",
        "IAHWG | Brian Wallace | Co-Chair",
        "Iraq | Representative | (G77 + China)",
        "Iran, Islamic Republic of | Representative",
    ],
)
def test_a_pipe_separates_the_parts_of_a_label(label):
    assert looks_like_label(label)
    assert split_generic_label(f"{label}: We ask for a cost estimate.") == (
        label,
        "We ask for a cost estimate.",
    )


@pytest.mark.parametrize(
    "line", ["the answer | is simple: no", "Revenue | grew by 3 per cent: see the annex"]
)
def test_a_pipe_does_not_make_prose_a_label(line):
    assert split_generic_label(line) == (None, line)


@pytest.mark.parametrize(
    "line, label",
    [
        ("**Kenya**", "Kenya"),
        ("**Costa Rica | Representative**   ", "Costa Rica | Representative"),
        ("**Sam Ortiz:** Hello there.", "Sam Ortiz"),  # the colon forms are read as before
        ("**Sam Ortiz**: Hello there.", "Sam Ortiz"),
    ],
)
def test_a_bold_name_alone_on_its_line_is_a_markdown_label(line, label):
    assert split_label("markdown", line)[0] == label


@pytest.mark.parametrize(
    "line",
    ["**We must act now** before it is too late.", "**the registry is late**", "**Note**: see page 3."],
)
def test_bold_words_in_speech_are_no_markdown_label(line):
    assert split_label("markdown", line)[0] in (None, "Note")  # "Note:" reads as a label in every form
    assert split_label("markdown", line)[0] != "We must act now"


def test_every_turn_of_a_web_tv_export_goes_to_whom_its_label_names(tmp_path):
    turns, log = clean_one_file(FIXTURE, tmp_path, "iahwg-3", "Western European and Others Group")
    assert _who(turns) == [(s, c, r) for s, c, r, _ in TURNS]
    for t, (*_, first) in zip(turns.itertuples(), TURNS, strict=True):
        assert t.text.startswith(first) and "**" not in t.text
    assert "stress capacity-building." in turns.text[3]  # spacing collapsed, words kept
    whys = set(log.why)
    assert "markdown (8 labels)" in set(log.what[log.why == "label_grammar"])
    assert "front_matter" in whys  # the heading line, logged, in no turn
    inferred = log.what[log.why == "role_inferred"].tolist()
    assert inferred == ["Ayaka Suzuki -> secretariat (as EOSG | Ayaka Suzuki | Director)"]


def test_the_same_labels_as_text_lines_open_the_same_turns(tmp_path):
    body = FIXTURE.read_text(encoding="utf-8").split("\n", 2)[2]
    text = re.sub(r"\*\*[ \t]*\n\n", ": ", body).replace("**", "")  # "Kenya: We agree ..."
    turns, _ = _clean_text(tmp_path, text, "Western European and Others Group")
    assert _who(turns) == [(s, c, r) for s, c, r, _ in TURNS]


def test_a_bold_pipe_label_alone_in_word_opens_its_own_turn(tmp_path):
    """In Word the Iraqi statement ran into Kenya's turn and the first two turns were front matter."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for label, speech in [
        ("IAHWG | Co-Chair", "I give the floor to Costa Rica."),
        ("Costa Rica | Representative", "We support a mandate registry."),
        ("Kenya", "We agree with Costa Rica."),
        (
            "Iraq | Representative | (G77 + China)",
            "On behalf of the Group of 77 and China, we stress development.",
        ),
    ]:
        d.add_paragraph().add_run(label).bold = True
        d.add_paragraph(speech)
    path = tmp_path / "minutes.docx"
    d.save(path)
    r = read_transcript(path)
    assert [(s.label, s.text) for s in r.segments] == [
        ("IAHWG | Co-Chair", "I give the floor to Costa Rica."),
        ("Costa Rica | Representative", "We support a mandate registry."),
        ("Kenya", "We agree with Costa Rica."),
        (
            "Iraq | Representative | (G77 + China)",
            "On behalf of the Group of 77 and China, we stress development.",
        ),
    ]
    assert [attribute(s.label).country for s in r.segments] == [None, "CRI", "KEN", "IRQ"]


@pytest.mark.parametrize(
    "label, role",
    [
        ("EOSG | Ayaka Suzuki | Director", "secretariat"),
        ("DMSPC | Christophe Monnier | Director", "secretariat"),
        ("Project Starling | Min Thu Pham | Founder & CEO", "other"),
    ],
)
def test_un_offices_by_acronym_are_the_secretariat_and_a_founder_speaks_for_an_organisation(label, role):
    assert attribute(label).role == role


def test_a_name_alone_that_two_speakers_hold_stays_unknown(tmp_path):
    text = (
        "Kenya | Ana Maria Lopez | Minister: We speak first.\n"
        "Chile | Ana Maria Lopez | Adviser: We speak second.\n"
        "Ana Maria Lopez: Who am I?\n"
    )
    turns, _ = _clean_text(tmp_path, text)
    assert _who(turns)[2] == ("Ana Maria Lopez", None, "unknown")


def test_a_name_alone_takes_the_role_of_its_fuller_label_written_with_commas_too(tmp_path):
    text = (
        "Chair: I give the floor to the Secretariat.\n"
        "Ayaka Suzuki, Director, EOSG: The registry is online.\n"
        "Kenya: We thank the Director.\n"
        "Ayaka Suzuki: It will be updated every quarter.\n"
    )
    turns, _ = _clean_text(tmp_path, text)
    assert _who(turns)[3] == ("Ayaka Suzuki", None, "secretariat")


def test_a_name_alone_is_the_delegate_the_session_named_with_a_country(tmp_path):
    """A delegate introduced as "Kwame Mensah (Ghana)" and later labelled by the name alone still speaks for
    Ghana; a name two delegations' speakers share stays unknown; a chair's name in its label's brackets is
    the chair."""
    text = (
        "Chair (Ms. Elena Vargas, Costa Rica): Good morning. I give the floor to Ghana.\n"
        "Kwame Mensah (Ghana): Ghana supports vocational training for young people in manufacturing.\n"
        "Amina Otieno (Kenya): Kenya wants investment in digital infrastructure for industry.\n"
        "Kwame Mensah: Ghana also needs finance for solar energy in rural areas.\n"
        "Elena Vargas: Thank you. We now close the session.\n"
    )
    turns, log = _clean_text(tmp_path, text)
    who = _who(turns)
    assert [c for _, c, _ in who] == [None, "GHA", "KEN", "GHA", None]
    assert [r for *_, r in who] == ["chair", "member_state", "member_state", "member_state", "chair"]
    inferred = log.what[log.why == "role_inferred"].tolist()
    assert "Kwame Mensah -> member_state (as Kwame Mensah (Ghana))" in inferred


def test_a_briefer_labelled_with_a_given_name_is_found_by_the_surname_the_chair_introduced(tmp_path):
    """The chair says "Ms. Rivera, Under-Secretary-General ..."; the label gives her whole name: the surname
    is the name's last word, so she is the secretariat's briefer, not someone unknown."""
    text = (
        "The President: I give the floor to Ms. Rivera, Under-Secretary-General for Political Affairs.\n"
        "Ms. Carmen Rivera: I thank the President. Small manufacturers need digital tools.\n"
    )
    turns, log = _clean_text(tmp_path, text)
    assert _who(turns)[1] == ("Ms. Carmen Rivera", None, "secretariat")
    assert log.what[log.why == "role_inferred"].tolist() == [
        "Ms. Carmen Rivera -> secretariat (Under-Secretary-General for Political Affairs)"
    ]


def test_two_spellings_of_an_organisations_speaker_are_one_speaker_of_that_organisation(tmp_path):
    """Merging "Mr. Haddad (UNIDO)" and "Mr Haddad (UNIDO)" renames the speaker, never the organisation."""
    text = (
        "Chair: Good morning.\n"
        "Mr. Haddad (UNIDO): UNIDO supports industry.\n"
        "Kenya: We agree.\n"
        "Mr Haddad (UNIDO): Industry needs finance.\n"
    )
    turns, _ = _clean_text(tmp_path, text)
    assert turns["speaker"][1] == turns["speaker"][3]
    assert turns["delegation"].tolist() == ["Chair", "UNIDO", "Kenya", "UNIDO"]


def test_a_name_two_delegations_speakers_share_is_left_unknown(tmp_path):
    text = (
        "Chair: Good morning.\n"
        "John Smith (Ghana): Ghana supports vocational training for young people.\n"
        "John Smith (Kenya): Kenya wants investment in digital infrastructure.\n"
        "John Smith: Finance for solar energy is needed in rural areas.\n"
    )
    turns, _ = _clean_text(tmp_path, text)
    assert _who(turns)[-1] == ("John Smith", None, "unknown")


def _keynote(words: int) -> str:
    """A long address as the webcasts set it: one short paragraph a sentence, blank lines between."""
    sentences = [
        "Mandates must be clear, resourced and reviewed.",
        "We owe the people we serve an Organization that delivers.",
        "Duplication wastes the scarce means of the smallest missions.",
        "Let us    build trust through transparency | and through results.",
    ]
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentences[len(out) % len(sentences)])
    return "\n\n".join(out)


def test_a_long_address_under_a_label_naming_its_office_keeps_its_own_turn(tmp_path):
    """A keynote of 1,200 words (ten minutes at the podium) under a label that names an office or a delegation
    is that speaker's turn, however short the chair's interjections around it. The UN80 working group's
    webcasts (github.com/UN-EOSG-Analytics/un80-statements, 2025) lost 13 such labels, each said once and
    1,100-2,100 words long (the President of the General Assembly, Under-Secretaries-General, a Permanent
    Representative's statement), to the Co-Chair who had given them the floor. Only a label that names
    nobody ("Deficits:" mid-speech, tests/fixtures/wild/hearing-gpo.txt) is too heavy to be a label."""
    text = (
        "# Session 1 | First meeting of the working group\n\n"
        "**IAHWG | Brian Wallace | Co-Chair**\n\nI call the meeting to order.\n\n"
        "I now give the floor to the Under-Secretary-General for Policy.\n\n"
        f"**UN Secretariat | Ana Ruiz | USG Policy**\n\n{_keynote(1200)}\n\n"
        "**IAHWG | Brian Wallace | Co-Chair**\n\nThank you. I give the floor to Costa Rica.\n\n"
        "**Costa Rica | Maritza Chan | Permanent Representative**  \n\n"
        f"{_keynote(1300)}\n\n"
        "**IAHWG | Brian Wallace | Co-Chair**\n\nThank you. Kenya.\n\n"
        "**Kenya | Representative**\n\nKenya supports a registry.\n\n"
        "**IAHWG | Brian Wallace | Co-Chair**\n\nThank you. The meeting is adjourned.\n"
    )
    turns, log = _clean_text(tmp_path, text, "Western European and Others Group", name="iahwg-1.md")
    chair = ("IAHWG | Brian Wallace | Co-Chair", None, "chair")
    assert _who(turns) == [
        chair,
        ("UN Secretariat | Ana Ruiz | USG Policy", None, "secretariat"),
        chair,
        ("Costa Rica | Maritza Chan | Permanent Representative", "CRI", "member_state"),
        chair,
        ("Kenya | Representative", "KEN", "member_state"),
        chair,
    ]
    assert turns.n_words[1] >= 1200 and turns.n_words[0] < 20
    assert "label_demoted" not in set(log.why)


@pytest.mark.parametrize(
    "label, role",
    [
        ("GA | Annalena Baerbock | PGA", "chair"),
        ("Ilse Brands Karis | ASG for Human Rights", "secretariat"),
        ("OHCHR | Ilse Brands Karris | ASG Human Rights", "secretariat"),
        ("Amirah Haq | Former USG DFS", "secretariat"),
        ("Carlos Ruiz, SRSG for Haiti", "secretariat"),
        ("Mr. Ruiz (Special Representative of the Secretary-General for Haiti)", "secretariat"),
        ("Ms. Nour, Special Envoy of the Secretary-General for Yemen", "secretariat"),
        ("Ms. Lee (Republic of Korea), ASG candidate", "member_state"),
        ("Haiti | Permanent Representative", "member_state"),
        ("Ms. Mwangi, Secretary General of the Ministry of Industry of Kenya", "member_state"),
    ],
)
def test_the_un_abbreviations_of_its_offices_name_the_chair_and_the_secretariat(label, role):
    """The webcasts abbreviate the President of the General Assembly (PGA), an Under- or Assistant
    Secretary-General (USG, ASG) and a Special Representative of the Secretary-General (SRSG), and name the
    Office of the High Commissioner for Human Rights, part of the Secretariat, by its acronym (OHCHR): such
    labels were speakers of no known role (the UN80 working group's sessions 1, 5 and 7, 2025). A Secretary-
    General's envoy or representative for a country briefs on it and is no delegate of it: "Special
    Representative of the Secretary-General for Haiti" had been Haiti's delegation, counting a UN official's
    briefing among the Latin American and Caribbean Group's priorities. A delegation named beside such a
    word, or a country's own official, is still the delegation."""
    assert attribute(label).role == role


def test_a_function_listing_two_offices_with_a_semicolon_is_still_a_label(tmp_path):
    """The webcasts join two offices with a semicolon in a label's last part ("PR; ECOSOC President"): the
    label had been read as prose, so the Permanent Representative of Nepal's statement (UN80 working group,
    session 7) ran into the Co-Chair's turn. A semicolon in running prose still makes no label."""
    assert looks_like_label("Nepal | Lok Bahadur Thapa | PR; ECOSOC President")
    assert not looks_like_label("Kenya | Our View; We Agree")
    assert not looks_like_label("Peace; Security")
    text = (
        "**IAHWG | Brian Wallace | Co-Chair**\n\nI give the floor to the Representative of Nepal.\n\n"
        "**Nepal | Lok Bahadur Thapa | PR; ECOSOC President**\n\nThank you, Co-Chairs.\n"
    )
    path = tmp_path / "s7.md"
    path.write_text(text, encoding="utf-8")
    assert [s.label for s in read_transcript(path).segments] == [
        "IAHWG | Brian Wallace | Co-Chair",
        "Nepal | Lok Bahadur Thapa | PR; ECOSOC President",
    ]


UN_TRANSCRIPTS_TOOL = (
    "(Day 6) General Debate - General Assembly: 14th and 15th plenary meeting, 80th session\n"
    "General Assembly\n"
    "Date: 29 September 2025, 09:00\n"
    "Language: English\n"
    "Transcript: https://transcripts.un.org/en/ga/80/15\n"
    "Transcripts available through this tool are created by using automatic speech recognition.\n\n"
    "---\n\n"
    "GA · PGA · Elena Ruiz [16:55]:\n\n"
    "Good morning. The meeting is called to order. I now give the floor to the Minister of Eritrea.\n\n\n"
    "Eritrea · Minister for Foreign Affairs · Tesfay Ghebre [17:52]:\n\n"
    "Good morning. Eritrea calls for  the lifting of all unilateral coercive measures.\n\n\n"
    "GA · PGA · Elena Ruiz [28:55]:\n\n"
    "I thank the Minister. I now give the floor to the Minister of Saint Lucia.\n\n\n"
    "Saint Lucia · Minister for External Affairs, International Trade, Civil Aviation, and Diaspora Affairs"
    " · Anne Joseph [29:43]:\n\n"
    "Madam President, climate change is the most consequential challenge facing small island states.\n\n\n"
    "GA · PGA · Elena Ruiz [44:10]:\n\n"
    "I thank the Minister.\n"
)


def test_the_un_transcripts_tools_labels_separate_their_parts_with_a_middle_dot(tmp_path):
    """transcripts.un.org, the UN's machine transcripts of its meetings (an export of the General Debate's
    sixth day, 2025, in github.com/UN-EOSG-Analytics/ga_analysis), writes each speaker as "Entity · Function ·
    Name [mm:ss]:" alone on a line: the Web TV label with middle dots and the time. Read as prose, the whole
    day had been one turn of a speaker named "Language" from the header's "Language: English"; a minister's
    long title ("Minister for External Affairs, International Trade, Civil Aviation, and Diaspora Affairs")
    had put the minister's statement in the President's turn. Every label opens its turn now, for whom it
    names; the time is logged. The header's fields above its "---" line ("Date: ...", "Language: English")
    are front matter, not speakers."""
    turns, log = _clean_text(
        tmp_path, UN_TRANSCRIPTS_TOOL, "Latin American and Caribbean Group", name="day6.txt"
    )
    pga = ("GA · PGA · Elena Ruiz", None, "chair")
    assert _who(turns) == [
        pga,
        ("Eritrea · Minister for Foreign Affairs · Tesfay Ghebre", "ERI", "member_state"),
        pga,
        (
            "Saint Lucia · Minister for External Affairs, International Trade, Civil Aviation, and Diaspora "
            "Affairs · Anne Joseph",
            "LCA",
            "member_state",
        ),
        pga,
    ]
    assert turns.text[3].startswith("Madam President, climate change")
    assert "16:55" in set(log.what[log.why == "timestamp"])
    assert log.what[log.why == "front_matter"].str.startswith("(Day 6) General Debate").any()


@pytest.mark.parametrize(
    "label",
    [
        "Holy See · Secretary for Relations with States · Archbishop Paolo Rossi",
        "Chile · Minister in charge of Trade · Ana Soto",
        "Ghana | Kofi Mensah | Minister for Relations with Parliament",
    ],
)
def test_an_office_in_a_label_of_parts_may_hold_small_words_in_lower_case(label):
    """An office named in full in a label of three parts holds words a name never does ("Secretary for
    Relations with States", the Holy See's foreign minister at the General Debate of 2025, read by the UN
    transcripts tool): the label had been prose, and the Holy See's statement the President's. Each part
    still opens with a capital, and the first names a delegation or an office."""
    assert looks_like_label(label)


@pytest.mark.parametrize(
    "line",
    [
        "We agree · we support this · thank you",
        "Kenya · the view of many · delegations here",
    ],
)
def test_prose_with_middle_dots_is_no_label(line):
    assert not looks_like_label(line)


def test_a_speaker_above_a_thematic_break_is_no_header_field():
    """A break ("---") under speakers the attribution knows closes no header: the Secretary-General's welcome
    and Kenya's reply before the session's own opening stay turns."""
    from analysis.ingest.readers.text import read_plain

    text = (
        "Secretary-General: Welcome to this dialogue.\nKenya: Thank you.\n---\n"
        "Chair: Good morning.\nKenya: Skills matter.\nChair: Thank you.\n"
    )
    labels = [s.label for s in read_plain(Path("sg.txt"), text).segments]
    assert labels == ["Secretary-General", "Kenya", "Chair", "Kenya", "Chair"]
