"""The forms a UN verbatim record's member labels take, and who speaks under each.

A member's label is "Mr. Kiboino (Kenya):", with the language note after the country. Real records
also print:

- the note BEFORE the country: "Mr. Hilale (spoke in French) (Morocco):" (A/76/PV.102);
- a text layer's stray colon before the country: "Mr. Briz Gutiérrez : (Guatemala) (spoke in Spanish):"
  (A/61/PV.107): the member's label, written "Mr. Briz Gutiérrez (Guatemala)"; without a colon closing
  it, such a line is speech, and never a country-less "Mr. Briz Gutiérrez:" label;
- the office a speaker holds after the country: "Mr. Garayev (Azerbaijan), Rapporteur of the Third
  Committee:" (A/65/PV.71). A committee's rapporteur presents the committee's report: role ``other``,
  the committee as delegation, no country (only delegations have one). Presiding officers keep their
  rule (chair), and "Mr. Wali (Nigeria), Vice-President, took the Chair." is no label.

And a presiding officer speaking for their country between the standard formulas ("I shall now make a
statement in my capacity as the representative of Côte d'Ivoire." ... "I now resume my functions as
President of the Security Council.", S/PV.8422) gives that stretch to the country, labelled with the
President's name from the record's cover.

The fixture, tests/fixtures/labels/un-label-forms.txt, holds every form (and the look-alikes that are
speech); the real records are checked when ../shared/corpora/un-verbatim is there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest import clean_corpus
from analysis.ingest.readers import read_transcript
from analysis.ingest.readers.assemble import national_statement
from analysis.ingest.readers.labels import VERBATIM_LABEL, normalise_label, split_generic_label
from analysis.ingest.readers.text import read_plain
from analysis.ingest.speakers import attribute
from helpers import clean_one_file, write_pdf

FIXTURE = Path(__file__).parent / "fixtures" / "labels" / "un-label-forms.txt"


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    return clean_one_file(FIXTURE, tmp_path_factory.mktemp("forms"), "forms", "African Group")


# --- the grammar --------------------------------------------------------------------------------


NOTE_FIRST = "Mr. Hilale (spoke in French) (Morocco)"
STRAY_COLON = "Mr. Briz Gutiérrez : (Guatemala) ( spoke in\nSpanish)"
RAPPORTEUR = "Mr. Garayev  (Azerbaijan), Rapporteur of the \nThird Committee"
NOTE_LAST = "Ms. Tamm (Estonia), Rapporteur of the Third Committee (spoke in French)"
ECOSOC = "Mr. X (Kenya), President of the Economic and Social Council"


@pytest.mark.parametrize(
    "line, label, written",
    [
        (f"{NOTE_FIRST}: Like the", NOTE_FIRST, None),
        (f"{STRAY_COLON}: My delegation", STRAY_COLON, "Mr. Briz Gutiérrez (Guatemala) ( spoke in\nSpanish)"),
        (
            "Mr. Briz Gutiérrez: (Guatemala): My",
            "Mr. Briz Gutiérrez: (Guatemala)",
            "Mr. Briz Gutiérrez (Guatemala)",
        ),
        (f"{RAPPORTEUR}: It is", RAPPORTEUR, None),
        (f"{NOTE_LAST}: It is", NOTE_LAST, None),
        (f"{ECOSOC}: The Council", ECOSOC, None),
        ("Mr. Kiboino (Kenya): Kenya", "Mr. Kiboino (Kenya)", None),
    ],
)
def test_a_members_label_in_each_form(line, label, written):
    m = VERBATIM_LABEL.match(line)
    assert m is not None and m.group("label") == label
    if written:
        assert normalise_label(m.group("label")) == written


@pytest.mark.parametrize(
    "line",
    [
        "Mr. Wali (Nigeria), Vice-President, took the Chair.\nThe Acting President: We resume.",
        "Mr. Nyakyi (United Republic of Tanzania), Vice-\nPresident, took the Chair.",
        "Mr. Smith (Australia), who spoke before me, said: we agree.",
        "Mr. Lee (Canada), Chair of the working group said: yes.",  # the body's name is no name
        "Mr. Briz Gutiérrez : (Guatemala) asked which delegation requested the vote.",
    ],
)  # fmt: skip
def test_what_is_no_members_label(line):
    assert VERBATIM_LABEL.match(line) is None


def test_a_stray_colon_is_never_read_as_a_label_without_a_country():
    m = VERBATIM_LABEL.match("Mr. Briz Gutiérrez : (Guatemala) (spoke in Spanish): My delegation")
    assert "(Guatemala)" in m.group("label")


@pytest.mark.parametrize(
    "label, role, country, delegation",
    [
        ("Mr. Garayev (Azerbaijan), Rapporteur of the Third Committee", "other", None, "Third Committee"),
        ("Mr. Hilale (Morocco)", "member_state", "MAR", "Morocco"),
        ("Mr. Briz Gutiérrez (Guatemala)", "member_state", "GTM", "Guatemala"),
        # the other officers keep their rules
        ("The Vice-President (Ghana)", "chair", None, None),
        ("Mr. X (Kenya), Chair of the Committee", "chair", None, None),
        ("Kenya, Chair of the African Group", "chair", None, None),  # presides over the group's session
        ("Mr. Ahmed (Egypt), speaking on behalf of the Arab Group", "member_state", "EGY", "Egypt"),
    ],
)  # fmt: skip
def test_who_speaks_under_an_officers_label(label, role, country, delegation):
    who = attribute(label)
    assert (who.role, who.country, who.delegation) == (role, country, delegation)


# A country the UN names with brackets of its own, in each form of a member's label.
IRAN = "Mr. Rahimi (Iran (Islamic Republic of))"
VENEZUELA_NOTE = "Mr. Gil (Venezuela (Bolivarian Republic of))  (spoke in\nSpanish)"
NOTE_BOLIVIA = "Ms. Mamani (spoke in Spanish) (Bolivia (Plurinational State of))"
NETHERLANDS_OFFICE = "Ms. de Vries (Netherlands (Kingdom of the)), Rapporteur of the Sixth Committee"
# Whom a member speaks for, after the country.
G77 = "Mr. Ahmed (Egypt), speaking on behalf of the Group of 77 and China"
AFRICAN_GROUP = "Mr. Ahmed (Egypt), on behalf of the African Group"
EU_NOTE = (
    "Mr. Dupré (Belgium) (spoke in French), speaking on behalf of the European Union and its\nmember States"
)
LDC = (
    "Mr. Kabir (Bangladesh), speaking on behalf of the group of least developed countries (spoke in Bengali)"
)
PACIFIC = "Mr. Ioanis (Micronesia (Federated States of)), on behalf of the Pacific Islands Forum"
G77_FOR = "Ms. Li (China), speaking for the Group of 77"
G77_SPEAKS = "Ms. Li (China), speaks for the Group of 77"
# a line break inside the phrase, as a record wraps it
G77_WRAPPED = "Mr. Ahmed (Egypt), speaking on\nbehalf of the Group of 77 and China"


@pytest.mark.parametrize(
    "label",
    [IRAN, VENEZUELA_NOTE, NOTE_BOLIVIA, NETHERLANDS_OFFICE, G77, AFRICAN_GROUP, EU_NOTE, LDC, PACIFIC]
    + [G77_FOR, G77_SPEAKS, G77_WRAPPED],
)
def test_a_bracketed_country_and_whom_a_member_speaks_for_are_part_of_the_label(label):
    m = VERBATIM_LABEL.match(f"{label}: We support the framework.")
    assert m is not None and m.group("label") == label


@pytest.mark.parametrize(
    "line",
    [
        "Mr. Ahmed (Egypt), speaking on behalf of the Group, said that the framework matters.",
        "Mr. Ahmed (Egypt), speaking on behalf of the Group, said that: we agree.",
        "Mr. Ahmed (Egypt), speaking on behalf of the Group said: we agree.",
        "Mr. Ahmed (Egypt), on behalf of the African Group, asked: why now?",
        "Mr. Rahimi (Iran (Islamic Republic of)) asked which delegation requested the vote.",
    ],
)
def test_prose_about_a_member_speaking_for_a_group_is_no_label(line):
    assert VERBATIM_LABEL.match(line) is None


@pytest.mark.parametrize(
    "label, country",
    [
        (IRAN, "IRN"),
        ("Mr. Gil (Venezuela (Bolivarian Republic of))", "VEN"),
        ("Ms. Mamani (Bolivia (Plurinational State of))", "BOL"),
        ("Mr. Ioanis (Micronesia (Federated States of)), on behalf of the Pacific Islands Forum", "FSM"),
        ("Ms. Bakker (Netherlands (Kingdom of the))", "NLD"),
        (G77, "EGY"),
        (AFRICAN_GROUP, "EGY"),
    ],
)
def test_a_member_speaking_for_a_group_or_under_a_bracketed_name_is_its_countrys(label, country):
    who = attribute(label)
    assert (who.country, who.role) == (country, "member_state")


BRACKETS_AND_GROUPS = """\
The Chair: I give the floor to the representative of the United Kingdom.

Mr. Smith (United Kingdom): The United Kingdom welcomes the framework.

Mr. Rahimi (Iran (Islamic Republic of)): Iran supports technology transfer.

Mr. Gil (Venezuela (Bolivarian Republic of)) (spoke in Spanish): Venezuela calls for equity.

The Chair: I give the floor to the representative of Egypt.

Mr. Ahmed (Egypt), speaking on behalf of the Group of 77 and China: The Group supports the framework.
As Mr. Ahmed (Egypt), speaking on behalf of the Group, said earlier, financing matters.
Mr. Ahmed (Egypt), speaking on behalf of the Group, said that it would return to the matter.

Ms. Dupont (France): France agrees with the approach.
"""


def test_bracketed_countries_and_group_statements_open_their_own_turns(tmp_path):
    fixture = tmp_path / "rec.txt"
    fixture.write_text(BRACKETS_AND_GROUPS, encoding="utf-8")
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "Asia-Pacific Group")
    rows = zip(turns["country"].fillna(""), turns["role"], turns["floor_language"].fillna(""), strict=True)
    assert list(rows) == [
        ("", "chair", ""),
        ("GBR", "member_state", ""),
        ("IRN", "member_state", ""),
        ("VEN", "member_state", "Spanish"),
        ("", "chair", ""),
        ("EGY", "member_state", ""),
        ("FRA", "member_state", ""),
    ]  # fmt: skip
    said = turns.set_index("country")
    assert said.loc["IRN", "text"] == "Iran supports technology transfer."
    assert said.loc["VEN", "text"] == "Venezuela calls for equity."
    assert said.loc["GBR", "text"] == "The United Kingdom welcomes the framework."
    # the Group's statement keeps the prose naming its speaker
    assert said.loc["EGY", "text"].startswith("The Group supports the framework. As Mr. Ahmed (Egypt),")
    assert said.loc["EGY", "text"].endswith("said that it would return to the matter.")


# An online meeting's transcript labels its speakers without titles, and says whom they speak for as well.
ZOOM_GROUPS = """\
Chair: Good morning. I give the floor to Egypt.
Ahmed Hassan (Egypt), on behalf of the Arab Group: We support the draft resolution.
Maria Lopez (Mexico): Thank you, Chair. Mexico aligns itself with that statement.
Kenya, on behalf of the African Group: The African Group welcomes the report.
Ms. Li (China), speaking for the Group of 77: The Group calls for more finance.
Maria Lopez (Mexico): We speak on behalf of the Group: we want more time.
Finally, on behalf of the Group of 77: we thank the Chair.
Mr. President, on behalf of the Arab Group: we congratulate you.
Chair: Thank you.
"""


def test_an_untitled_label_saying_whom_its_speaker_speaks_for_opens_the_delegations_turn(tmp_path):
    """ "Kenya, on behalf of the African Group:" is Kenya's turn (a delegation's statement); "We speak on
    behalf of the Group: ...", "Finally, on behalf of ...:" and "Mr. President, on behalf of ...:" stay
    speech."""
    fixture = tmp_path / "zoom.txt"
    fixture.write_text(ZOOM_GROUPS, encoding="utf-8")
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = zip(turns["country"].fillna(""), turns["role"], turns["text"].str[:30], strict=True)
    assert list(rows) == [
        ("", "chair", "Good morning. I give the floor"),
        ("EGY", "member_state", "We support the draft resolutio"),
        ("MEX", "member_state", "Thank you, Chair. Mexico align"),
        ("KEN", "member_state", "The African Group welcomes the"),
        ("CHN", "member_state", "The Group calls for more finan"),
        ("MEX", "member_state", "We speak on behalf of the Grou"),
        ("", "chair", "Thank you."),
    ]  # fmt: skip
    mexico = turns[turns["country"] == "MEX"]["text"].iloc[-1]
    assert mexico.endswith("Mr. President, on behalf of the Arab Group: we congratulate you.")


def test_a_caption_cue_may_say_whom_its_speaker_speaks_for_however_long(tmp_path):
    """A caption cue labelled "Ahmed Hassan (Egypt), on behalf of the States members of the Arab Group:"
    (over 60 characters) opens Egypt's turn; it was read as speech of the cue before."""
    fixture = tmp_path / "meeting.vtt"
    fixture.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nChair: I give the floor to Egypt.\n\n"
        "00:00:05.000 --> 00:00:09.000\nAhmed Hassan (Egypt), on behalf of the States members of the "
        "Arab Group: We support the draft framework.\n\n"
        "00:00:10.000 --> 00:00:12.000\nChair: Thank you.\n",
        encoding="utf-8",
    )
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "Arab Group")
    rows = zip(turns["country"].fillna(""), turns["role"], turns["text"], strict=True)
    assert list(rows) == [
        ("", "chair", "I give the floor to Egypt."),
        ("EGY", "member_state", "We support the draft framework."),
        ("", "chair", "Thank you."),
    ]


ZOOM_ONE_CUE_HANDLE = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Chair: I give the floor to Côte d'Ivoire.

2
00:00:04.500 --> 00:00:09.000
Côte d'Ivoire: We insist on cocoa processing in the country.

3
00:00:09.500 --> 00:00:12.000
Côte d'Ivoire: Value addition must stay at home.

4
00:00:12.500 --> 00:00:16.000
amina.otieno: If I may, Chair, the Secretariat notes that the fund is open to all members.

5
00:00:16.500 --> 00:00:19.000
Chair: Thank you. I give the floor to Ghana.

6
00:00:19.500 --> 00:00:22.000
Ghana: Ghana supports the fund, whose first constraint is
electricity: the cost of power.

7
00:00:22.500 --> 00:00:25.000
so: we also want the skills programme. i.e.: the apprenticeships.

8
00:00:25.500 --> 00:00:28.000
note: the fund needs a review.
"""


def test_a_zoom_handle_opening_one_cue_is_a_speaker_not_the_previous_delegations_words(tmp_path):
    """A Zoom handle joining name parts with a dot ("amina.otieno:") is unmistakably a speaker even where it
    opens one cue only, in a file that labels most of its cues: its words had been added to Côte d'Ivoire's
    turn and counted as that delegation's. Ordinary lower-case speech opening a cue ("so: we ...", "note:
    ...") stays the speaker's words, and the analyst is told it was read as text; a word before a colon on
    a cue's second line ("electricity: the cost of power") is a sentence going on, and not logged."""
    fixture = tmp_path / "zoom.vtt"
    fixture.write_text(ZOOM_ONE_CUE_HANDLE, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = list(zip(turns["speaker"], turns["country"].fillna(""), strict=True))
    assert rows == [
        ("Chair", ""),
        ("Côte d'Ivoire", "CIV"),
        ("amina.otieno", ""),
        ("Chair", ""),
        ("Ghana", "GHA"),
    ]
    assert "Secretariat" not in turns["text"].iloc[1]
    assert (
        turns["text"].iloc[-1].startswith("Ghana supports the fund, whose first constraint is electricity:")
    )
    assert turns["text"].iloc[-1].endswith("note: the fund needs a review.")
    demoted = set(log.loc[log["why"] == "label_demoted", "what"])
    assert demoted == {"so: opens a cue, read as text", "note: opens a cue, read as text"}


# A meeting's transcript labelling some delegates the UN way and others as an online meeting does: read in the
# verbatim form (its titled labels are a quarter of all), where the untitled ones are members' labels too.
MIXED_TITLES = """\
The President: I give the floor to the representative of Kenya.
Mr. Kiboino (Kenya): Kenya supports the draft resolution.
Amina Otieno (Kenya): We also wish to add that the fund matters.
Mr. Dupont (France): France agrees with the previous speaker.
Jean Habimana (Rwanda) (spoke in French): Rwanda thanks the President.
The President: Thank you.
"""


def test_an_untitled_members_label_beside_titled_ones_opens_its_own_turn(tmp_path):
    fixture = tmp_path / "mixed.txt"
    fixture.write_text(MIXED_TITLES, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    assert log[log["why"] == "label_grammar"]["what"].tolist() == ["verbatim (6 labels)"]
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["text"].str[:25], strict=True)
    assert list(rows) == [
        ("The President", "", "I give the floor to the r"),
        ("Mr. Kiboino (Kenya)", "KEN", "Kenya supports the draft "),
        ("Amina Otieno (Kenya)", "KEN", "We also wish to add that "),
        ("Mr. Dupont (France)", "FRA", "France agrees with the pr"),
        ("Jean Habimana (Rwanda)", "RWA", "Rwanda thanks the Preside"),
        ("The President", "", "Thank you."),
    ]  # fmt: skip
    assert turns["floor_language"].fillna("").tolist()[4] == "French"


def test_an_untitled_name_is_a_members_label_only_where_its_brackets_name_a_delegation():
    """In the verbatim form, "Name (Country):" untitled is a label; a bracket naming no delegation, or such a
    name once inside running prose (the line before ends mid-sentence), is the speaker's text."""
    text = (
        "The President: I give the floor to the representative of Kenya.\n"
        "Mr. Kiboino (Kenya): We recall what was agreed by\n"
        "Nairobi Declaration (Kenya): the fund comes first.\n"
        "Statement Text (continued): we go on.\n"
        "Amina Otieno (UNDP): we agree.\n"
        "Mr. Dupont (France): France agrees.\n"
        "Amina Otieno (Kenya): Kenya thanks France.\n"
    )
    segments = read_plain(Path("mixed.txt"), text).segments
    assert [s.label for s in segments] == [
        "The President",
        "Mr. Kiboino (Kenya)",
        "Mr. Dupont (France)",
        "Amina Otieno (Kenya)",
    ]
    assert "Nairobi Declaration (Kenya): the fund" in segments[1].text
    assert "Amina Otieno (UNDP): we agree." in segments[1].text


# Minutes typed by a secretariat: UN-style labels for some speakers, a name or a delegation alone for others.
# Every statement was its own turn only for the UN-style labels: Ghana's was credited to Chile.
NAMES_ALONE = """\
The Chair: I open the session on the Strategic Framework.
Mr. Kiboino (Kenya): Kenya asks for investment in digital infrastructure.
Amina Otieno: As a member of the Kenyan delegation I add that skills matter most.
Ms. Rivera (Chile): Chile supports smart production for climate action.
Ghana: Ghana calls for partnerships with the private sector.
Republic of Korea: Korea supports the smart factories programme.
Kenya, on behalf of the African Group: The Group asks for more finance.
JEAN-PIERRE DUBOIS (interpretation from French): Thank you, Chair.
The Chair: The meeting is adjourned.
"""


def test_a_name_or_delegation_alone_beside_un_style_labels_opens_its_own_turn(tmp_path):
    fixture = tmp_path / "minutes.txt"
    fixture.write_text(NAMES_ALONE, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    # the names alone are no evidence of a verbatim record, but are read as labels in it
    assert log[log["why"] == "label_grammar"]["what"].tolist() == ["verbatim (9 labels)"]
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["text"].str[:19], strict=True)
    assert list(rows) == [
        ("The Chair", "", "I open the session "),
        ("Mr. Kiboino (Kenya)", "KEN", "Kenya asks for inve"),
        ("Amina Otieno", "", "As a member of the "),
        ("Ms. Rivera (Chile)", "CHL", "Chile supports smar"),
        ("Ghana", "GHA", "Ghana calls for par"),
        ("Republic of Korea", "KOR", "Korea supports the "),
        ("Kenya, on behalf of the African Group", "KEN", "The Group asks for "),
        ("Jean-Pierre Dubois", "", "Thank you, Chair."),
        ("The Chair", "", "The meeting is adjo"),
    ]  # fmt: skip
    assert turns["floor_language"].fillna("").tolist()[7] == "French"


def test_a_name_alone_in_a_verbatim_record_is_a_label_only_where_it_names_someone():
    """A recorded vote's "Against:", a heading whose words the record also writes in lower case ("Draft
    Resolution:" beside "the draft resolution"), a presiding title on a cover line, and a name seen once
    inside running prose stay text."""
    text = (
        "President: Mr. Okoro ........................ (Nigeria)\n"
        "The President: We vote on the draft resolution.\n"
        "In favour: Kenya, Ghana\n"
        "Against: Chile\n"
        "Abstaining: Peru\n"
        "Mr. Kiboino (Kenya): Kenya thanks those who voted and quotes\n"
        "Nelson Mandela: who once said the fund comes first.\n"
        "Draft Resolution: the text as adopted.\n"
        "Mr. Dupont (France): France agrees.\n"
        "Amina Otieno: Kenya thanks France.\n"
    )
    segments = read_plain(Path("record.txt"), text).segments
    assert [s.label for s in segments] == [
        "The President", "Mr. Kiboino (Kenya)", "Mr. Dupont (France)", "Amina Otieno"
    ]  # fmt: skip
    assert segments[0].text.endswith("Against: Chile\nAbstaining: Peru")
    assert "Nelson Mandela: who once said" in segments[1].text
    assert segments[1].text.endswith("Draft Resolution: the text as adopted.")


def test_a_run_in_heading_or_a_document_named_before_a_colon_is_no_label_in_a_verbatim_record():
    """A phrase that opens a paragraph before a colon names a speaker only where the speech after it opens a
    sentence and it holds no number, document symbol or document's word: "A/48/L.13 and Add.1:" (as A/48/PV.46
    announces a draft resolution's sponsors), "Charter of the United Nations:" before a quotation, "Paris
    Agreement:" and "Sustainable Development Goals: progress ..." inside a statement had each taken the rest
    of the paragraph from its speaker ("Charter of the United Nations" as the secretariat); an election's
    "Kenya: 180" had become Kenya's turn and the result's sentence Sierra Leone's."""
    text = (
        "The President: The following States have become sponsors of the draft resolution.\n\n"
        "A/78/L.5 and Add.1: Armenia, Dominica, Ethiopia and Latvia.\n\n"
        "Mr. Kiboino (Kenya): Kenya recalls the obligation that all Members accepted in San Francisco.\n\n"
        "Charter of the United Nations: \u201cEach Member undertakes to comply.\u201d\n\n"
        "Paris Agreement: Its goals remain within reach if finance flows to industry.\n\n"
        "Sustainable Development Goals: progress has been uneven across regions.\n\n"
        "Ms. Rivera (Chile): Chile agrees with Kenya.\n\n"
        "Ghana: Ghana agrees too.\n\n"
        "The President: The result of the vote is as follows.\n\n"
        "Number of votes obtained:\nKenya: 180\nSierra Leone: 160\n\n"
        "Having obtained the required majority, Kenya and Sierra Leone were elected.\n"
    )
    segments = read_plain(Path("record.txt"), text).segments
    assert [s.label for s in segments] == [
        "The President", "Mr. Kiboino (Kenya)", "Ms. Rivera (Chile)", "Ghana", "The President"
    ]  # fmt: skip
    assert segments[-1].text.endswith("Kenya and Sierra Leone were elected.")
    assert segments[0].text.endswith("A/78/L.5 and Add.1: Armenia, Dominica, Ethiopia and Latvia.")
    assert segments[1].text.endswith(
        "Sustainable Development Goals: progress has been uneven across regions."
    )


def test_a_heading_over_bullet_points_in_a_verbatim_record_is_no_speaker():
    """Minutes typed the UN way that set a statement's points under a heading ("Key Messages:" over bullets or
    numbered items) keep the points with the delegate who made them: the heading had become a speaker, as its
    words appear nowhere else in lower case. A delegation named alone over its points still speaks."""
    text = (
        "The President:  I give the floor to the representative of Kenya.\n\n"
        "Mr. Kiboino (Kenya): Thank you, Mr. President. Kenya would like to\n"
        "highlight three points.\n\n"
        "Key Messages:\n"
        "  \u2022 Industrialization must be inclusive.\n"
        "  \u2022 Finance for SMEs remains scarce\n\n"
        "Way Forward :\n\n"
        "1) Scale up skills programmes.\n"
        "We thank the secretariat.\n\n"
        "Ms. Rivera (Chile): Chile agrees with Kenya.\n\n"
        "Ghana:\n"
        "- Ghana asks for a regional fund.\n"
    )
    segments = read_plain(Path("record.txt"), text).segments
    assert [s.label for s in segments] == [
        "The President", "Mr. Kiboino (Kenya)", "Ms. Rivera (Chile)", "Ghana"
    ]  # fmt: skip
    assert "Key Messages:\n  \u2022 Industrialization" in segments[1].text
    assert segments[1].text.endswith("We thank the secretariat.")


def test_a_person_named_alone_over_numbered_points_in_a_verbatim_record_speaks():
    """A youth delegate named without a title over her numbered points ("Amina Otieno:" over "1. ...") is
    a speaker, as in a file of "Name:" labels: every name alone over a list had been read as a heading, and
    her points became the President's words. A heading names a part of a text ("Key Messages:")."""
    text = (
        "The President: I give the floor to the representative of Kenya.\n\n"
        "Mr. Kiboino (Kenya): Kenya would like to highlight three points.\n\n"
        "The President: I now give the floor to the youth delegate.\n\n"
        "Amina Otieno:\n"
        "1. Young people need decent jobs.\n"
        "2. Skills must follow the market.\n\n"
        "Ms. Rivera (Chile): Chile agrees with the youth delegate.\n"
        "Key Messages:\n"
        "(a) Jobs first.\n"
    )
    segments = read_plain(Path("record.txt"), text).segments
    assert [s.label for s in segments] == [
        "The President", "Mr. Kiboino (Kenya)", "The President", "Amina Otieno", "Ms. Rivera (Chile)"
    ]  # fmt: skip
    assert segments[3].text.split("\n")[0] == "1. Young people need decent jobs."
    assert segments[4].text.endswith("Key Messages:\n(a) Jobs first.")


def test_a_heading_over_points_in_a_file_of_name_colon_labels_is_no_speaker():
    """Notes labelled "Name: text" that set a statement's points under a heading ("Key Messages:", "Policy
    Recommendations:", "Next Steps:" over bulleted, numbered or lettered items) keep the points with the
    delegation that made them: each heading had become a speaker, taking the points and what followed. A
    heading names nobody (no delegation, title or office) and names a part of a text, or is made of words
    the notes also write in lower case ("Regional Integration" beside "regional integration"). A person
    named alone over their points ("Amina Otieno:") still speaks, as does a delegation."""
    text = (
        "Chair: Good morning. I give the floor to Kenya.\n\n"
        "Kenya: Thank you, Chair. Kenya would like to highlight three points on regional integration.\n\n"
        "Key Messages:\n"
        "- Industrialization must be inclusive.\n"
        "- Finance for SMEs remains scarce.\n\n"
        "Policy Recommendations:\n"
        "1. Scale up skills programmes.\n"
        "2. Open markets for African producers.\n"
        "Next Steps:\n"
        "  (a) A regional fund by 2026.\n"
        "Regional Integration:\n"
        "  \u2022 Report back next year.\n"
        "We thank the secretariat.\n\n"
        "Ghana: Ghana agrees with Kenya.\n\n"
        "Amina Otieno:\n"
        "- The youth forum asks for a seat at the table.\n"
        "- Skills must follow the market.\n\n"
        "Youth Representative:\n"
        "- Young people need jobs.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    segments = result.segments
    assert [s.label for s in segments] == [
        "Chair", "Kenya", "Ghana", "Amina Otieno", "Youth Representative", "Chair"
    ]  # fmt: skip
    kenya = segments[1].text
    assert "Key Messages:\n- Industrialization" in kenya and "Regional Integration:" in kenya
    assert kenya.endswith("We thank the secretariat.")
    assert segments[3].text.startswith("- The youth forum")
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == [
        f"{h}: a heading over a list"
        for h in ("Key Messages", "Policy Recommendations", "Next Steps", "Regional Integration")
    ]


def test_a_heading_in_the_first_person_over_points_is_no_speaker_though_its_words_are_nowhere_else():
    """A heading over a list that speaks in the first person ("Our Asks:", "What We Heard:") names no speaker,
    though the notes never write "asks" or "heard" in lower case nor name a part of a text: it had become a
    speaker taking the youth forum's points. "Amina Otieno:" over hers still speaks."""
    text = (
        "Chair: Good morning. I give the floor to the youth forum.\n\n"
        "Youth Forum: Thank you, Chair. We have consulted young people in twelve countries.\n\n"
        "Our Asks:\n"
        "- A seat at the table when budgets are set.\n"
        "- Apprenticeships in every industrial park.\n\n"
        "What We Heard:\n"
        "1. Finance for young entrepreneurs remains scarce.\n\n"
        "Amina Otieno:\n"
        "- Young people need decent jobs.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == ["Chair", "Youth Forum", "Amina Otieno", "Chair"]
    assert "Our Asks:\n- A seat" in segments[1].text
    assert segments[1].text.endswith("What We Heard:\n1. Finance for young entrepreneurs remains scarce.")


PANEL_NOTES = """\
Host: Welcome to the panel on green industry. I give the floor to the panelist first.

Panelist:
- Finance for small firms remains scarce.
- The panelist also wants skills programmes.

Host: Thank you. Any questions for the panelist from a participant or a guest?

Participant:
- How will the fund be governed?

Guest:
* Who pays for the audits?

Panellists:
- Amina Otieno
- Jean Habimana

Host: We thank the panellists and close here.
"""


@pytest.mark.parametrize("name", ["Segundo Ramírez", "Primero Gómez"])
def test_a_persons_name_holding_a_list_word_over_points_is_a_speaker(name):
    """A name whose first word is also a list's word ("Segundo" is Spanish for "second") names a person:
    a heading names its part of the text last ("Key Messages", "Next Steps"), or every other word of it is
    one the notes write in lower case."""
    text = (
        "Chair: Good morning. I give the floor to our first speaker.\n\n"
        f"{name}:\n"
        "- Finance for small firms remains scarce.\n"
        "- Skills programmes need employers.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == ["Chair", name, "Chair"]


# A delegate's name ending on a list's or a document's word ("First", "Rule") alone over her points: the notes
# name her elsewhere, as someone who speaks, is given the floor or takes part.
NAMED_ELSEWHERE = {
    "speaks after her colon": "{name}: I will be brief, Chair.\n\n",
    "is given the floor": "Chair: I now give the floor to Professor {name}.\n\n",
    "is addressed with the floor": "Chair: Thank you. Ms. {name}, you have the floor.\n\n",
    "is said to have the floor": "Chair: Thank you, all. Professor {name} has the floor.\n\n",
    "labels a paragraph": "{name}:\nThank you, Chair. I will be brief.\n\n",
    "is listed as a participant": "Participants:\n- Amina Otieno (Kenya)\n- {name}, University of Maputo\n\n",
    "is listed inline": "Panellists: Amina Otieno, {name} and Jean Habimana.\n\n",
}


@pytest.mark.parametrize("evidence", list(NAMED_ELSEWHERE))
@pytest.mark.parametrize("name", ["Ruth First", "Margaret Rule"])
def test_a_name_ending_on_a_list_word_over_points_speaks_where_the_notes_name_her_elsewhere(name, evidence):
    """ "Ruth First:" or "Margaret Rule:" alone over bullets reads like "Next Steps:" or "Golden Rule:" (its
    last word names a part of a text), and was a heading, her points going to the chair. Where the same label
    stands elsewhere in the notes as someone's (with words after its colon, or over a paragraph of speech), or
    the chair gives it the floor, or a list of participants names it, it is her label here too."""
    text = (
        "Chair: Good morning. I open the panel.\n\n"
        + NAMED_ELSEWHERE[evidence].format(name=name)
        + "Chair: Thank you.\n\n"
        f"{name}:\n"
        "- Finance for small firms remains scarce.\n"
        "- Skills programmes need employers.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    last = [s for s in result.segments if s.text.startswith("- Finance")]
    assert [s.label for s in last] == [name]
    assert not [what for what, why, _ in result.removals if what.startswith(f"{name}: a heading")]


def test_a_heading_over_points_is_no_speaker_for_being_named_elsewhere_in_words_the_notes_use():
    """The same words elsewhere make no speaker of a heading whose every word is a list's or the notes' own
    ("Next Steps: the secretariat will ..." once, "Next Steps:" over bullets later); and with nothing naming
    her elsewhere, "Ruth First:" over points reads as a heading still (no list of names is consulted)."""
    text = (
        "Chair: Good morning. The next session takes up the steps agreed.\n\n"
        "Next Steps: the secretariat will circulate a draft.\n\n"
        "Kenya: Kenya would like to make two points.\n\n"
        "Next Steps:\n"
        "- A regional fund by 2026.\n\n"
        "Ruth First:\n"
        "- Finance for small firms remains scarce.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    assert [s.label for s in result.segments] == ["Chair", "Next Steps", "Kenya", "Chair"]
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == ["Next Steps: a heading over a list", "Ruth First: a heading over a list"]


@pytest.mark.parametrize("heading", ["Key Messages", "Policy Recommendations", "Main Points", "Way Forward"])
@pytest.mark.parametrize(
    "elsewhere",
    [
        "{h}: the secretariat will circulate a draft by May.\n\n",
        "{h}:\nThe secretariat will circulate a draft.\n\n",
    ],
)
def test_a_heading_the_notes_use_elsewhere_over_their_own_words_stays_a_heading_over_points(
    heading, elsewhere
):
    """Notes that write "Key Messages: the secretariat will circulate a draft." for one session and "Key
    Messages:" over Kenya's points for another name nobody "Key Messages": over points it is a heading in
    Kenya's turn, as it was before names were looked for elsewhere. What makes a label elsewhere someone's is
    speech after it in a person's voice: the first person, thanks or a greeting ("Ruth First: I will be brief,
    Chair.", "Ruth First:" over "Thank you, Chair.")."""
    text = (
        "Chair: Good morning. I open the panel.\n\n"
        + elsewhere.format(h=heading)
        + "Kenya: Kenya would like to make two points.\n\n"
        f"{heading}:\n"
        "- A regional fund by 2026.\n"
        "- Skills for young people.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments][2:] == ["Kenya", "Chair"]
    assert segments[2].text.endswith(f"{heading}:\n- A regional fund by 2026.\n- Skills for young people.")


# Notes that name a heading elsewhere in the way they name a person: inline, with the first person after its
# colon, or as a group given the floor (the break-out group reporting back is named after its heading).
HEADING_NAMED_ELSEWHERE = {
    "written inline in the first person": "Ghana: Thank you.\n{h}: we call for stronger partnerships.\n\n",
    "given the floor as a group": "Chair: I give the floor to the {h} group.\n\n",
}


@pytest.mark.parametrize("evidence", list(HEADING_NAMED_ELSEWHERE))
@pytest.mark.parametrize("heading", ["Key Messages", "Policy Recommendations", "Main Points", "Way Forward"])
def test_a_heading_of_a_texts_words_over_points_stays_a_heading_though_the_notes_name_it_elsewhere(
    heading, evidence
):
    """ "Key Messages: we call for stronger partnerships." in one place, or "I give the floor to the Policy
    Recommendations group", made "Key Messages:" over Kenya's bullets a speaker, as though it were "Ruth
    First:" named elsewhere: the points left Kenya's turn. A heading's words are a text's common words (a
    part of a text, "Messages", "Points", and the words that qualify one, "Key", "Main", "Policy", "Way"),
    and it names that part in the plural, as no person's name does; "Ruth First:" over her points still
    speaks where the notes give her the floor."""
    text = (
        "Chair: Good morning. I open the panel.\n\n"
        + HEADING_NAMED_ELSEWHERE[evidence].format(h=heading)
        + "Chair: Thank you. I give the floor to Kenya.\n\n"
        "Kenya: Kenya would like to make two points.\n\n"
        f"{heading}:\n"
        "- A regional fund by 2026.\n"
        "- Skills for young people.\n\n"
        "Chair: Thank you. I now give the floor to Professor Ruth First.\n\n"
        "Ruth First:\n"
        "- Finance for small firms remains scarce.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    segments = result.segments
    kenya = next(s for s in segments if s.label == "Kenya")
    assert kenya.text.endswith(f"{heading}:\n- A regional fund by 2026.\n- Skills for young people.")
    assert [s.label for s in segments][-4:] == ["Kenya", "Chair", "Ruth First", "Chair"]
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == [f"{heading}: a heading over a list"]


@pytest.mark.parametrize(
    "label, heading",
    [("Key Messages", True), ("Policy Recommendations", True), ("Main Points", True), ("Way Forward", True),
     ("Youth Priorities", True), ("Golden Rule", True), ("Ruth First", False), ("Margaret Rule", False),
     ("Amina Otieno", False)],
)  # fmt: skip
def test_a_heading_of_a_texts_words_is_no_name(label, heading):
    """A heading over a list is made of a text's words, or names its part in the plural; a name ending on a
    list's or a document's word ("Ruth First", "Margaret Rule") may be a person's (``_named_elsewhere``)."""
    from analysis.ingest.readers.grammar import _HEADING, _title_reading

    assert (_title_reading(label, set()) == _HEADING) is heading


@pytest.mark.parametrize("heading", ["Key Asks", "Bottom Line", "Our Asks", "Policy Asks"])
def test_a_heading_ending_on_asks_or_line_over_points_is_no_speaker(heading):
    """ "Key Asks:" and "Bottom Line:" over bullets name a part of the notes, though the notes never write
    "key", "asks" or "line" in lower case: the points stay with Kenya. People's labels over points still
    speak ("Panelist:", "Amina Otieno:", "Segundo Ramírez:")."""
    text = (
        "Chair: Good morning. I give the floor to Kenya.\n\n"
        "Kenya: Kenya would like to make two points.\n\n"
        f"{heading}:\n"
        "- Finance for SMEs.\n"
        "- Skills for young people.\n\n"
        "Panelist:\n"
        "- Finance for small firms remains scarce.\n\n"
        "Amina Otieno:\n"
        "- Young people need decent jobs.\n\n"
        "Segundo Ramírez:\n"
        "- Skills programmes need employers.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == [
        "Chair",
        "Kenya",
        "Panelist",
        "Amina Otieno",
        "Segundo Ramírez",
        "Chair",
    ]
    assert segments[1].text.endswith(f"{heading}:\n- Finance for SMEs.\n- Skills for young people.")


@pytest.mark.parametrize("bullet", ["●", "◦", "■", "➢", "►", "✓", "→", "·", "\uf0b7"])
def test_a_heading_over_points_bulleted_as_a_word_processor_pastes_them_is_no_speaker(bullet):
    """Notes pasted from a word processor or a slide keep its bullets: "●" (Google Docs), "◦", "■", "➢", "►",
    "✓", "→", "·", or the Symbol font's private-use "\uf0b7" that Word's bullets become in plain text. "Key
    Messages:" over such points is a heading in Kenya's turn, as over "-" or "•"; "Amina Otieno:" over hers
    still speaks."""
    text = (
        "Chair: Good morning. I give the floor to Kenya.\n\n"
        "Kenya: Kenya would like to make two points.\n\n"
        "Key Messages:\n"
        f"{bullet} Finance for SMEs remains scarce.\n"
        f"{bullet}\tSkills must follow the market.\n\n"
        "Amina Otieno:\n"
        f"{bullet} Young people need decent jobs.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == ["Chair", "Kenya", "Amina Otieno", "Chair"]
    assert segments[1].text.endswith(f"Key Messages:\n{bullet} Finance for SMEs remains scarce.\n"
                                     f"{bullet}\tSkills must follow the market.")  # fmt: skip


def test_a_heading_over_points_marked_o_or_lettered_a_b_is_no_speaker():
    """Word's second-level bullet pasted as plain text is the Courier "o" ("o Finance ..."), and lettered
    items open "A.", "B.": "Key Messages:" over such points had become a speaker taking Kenya's points, and
    "Way Forward:" too. Such a mark is a list's where the document uses it so, on a run of lines (an item's
    wrapped words between them); "Amina Otieno:" over her "o" points still speaks."""
    text = (
        "Chair: Good morning. I give the floor to Kenya.\n\n"
        "Kenya: Kenya would like to make two points.\n\n"
        "Key Messages:\n"
        "o   Finance for SMEs remains scarce\n"
        "    in rural areas.\n"
        "o   Skills must follow the market.\n\n"
        "Way Forward:\n"
        "A. A regional fund by 2026.\n"
        "B. Apprenticeships in every industrial park.\n\n"
        "Amina Otieno:\n"
        "o Young people need decent jobs.\n"
        "o Skills must follow the market.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    segments = result.segments
    assert [s.label for s in segments] == ["Chair", "Kenya", "Amina Otieno", "Chair"]
    assert segments[1].text.endswith(
        "Way Forward:\nA. A regional fund by 2026.\nB. Apprenticeships in every industrial park."
    )
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == ["Key Messages: a heading over a list", "Way Forward: a heading over a list"]


@pytest.mark.parametrize(
    "first, second",
    [("-", "-"), ("o", "o"), ("O", "O"), ("1.", "2."), ("A.", "B.")],
)  # fmt: skip
def test_a_point_that_opens_with_its_heading_and_a_colon_is_the_delegations_words(first, second):
    """A delegation's points set as a list, each opening with its heading and a colon ("- Skills: ...", Word's
    "o" bullet, capitalised "O" as autocorrect leaves it, "1.", "A."), are that delegation's words: each point
    had become a speaker ("- Skills", "O Finance", "A. Skills"), so Kenya's priorities counted for no one.
    A point's heading is a label only where it names someone, as a run of initials does ("A. Guterres:" then
    "B. Smith:") and a bulleted delegation ("- Ghana: ...")."""
    text = (
        "Chair: Good morning. I give the floor to Kenya.\n"
        "Kenya: Kenya has two priorities for digital skills and finance:\n"
        f"{first}   Skills: training for young workers\n"
        "    in manufacturing.\n"
        f"{second}   Finance: credit for small firms.\n"
        "Chair: Thank you. The panel.\n"
        "A. Guterres: Thank you. Institutions matter.\n"
        "B. Smith: The United Kingdom supports skills.\n"
        "- Ghana: Ghana agrees with Kenya.\n"
        "- Amina Otieno: I speak for young people.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == [
        "Chair",
        "Kenya",
        "Chair",
        "A. Guterres",
        "B. Smith",
        "Ghana",
        "Amina Otieno",
    ]
    assert segments[1].text.endswith(f"{second}   Finance: credit for small firms.")
    assert f"{first}   Skills: training for young workers" in segments[1].text


def test_a_line_opening_o_or_a_capital_and_a_full_stop_once_is_no_list_item():
    """ "O Lord, ..." or "A. Guterres ..." opening one line is no list's item (no run of lines opens so): a
    name alone above such a paragraph ("Ruth First:", whose last word is a list's) keeps her words."""
    text = (
        "Chair: Good morning. I give the floor to the Secretary-General's envoy.\n\n"
        "Ruth First:\n"
        "A. Guterres sends his regrets. I read his message.\n\n"
        "Margaret Rule:\n"
        "O Lord, the hour is late. We must act now.\n\n"
        "A. Guterres: Thank you all.\n\n"
        "Chair: Thank you.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == ["Chair", "Ruth First", "Margaret Rule", "A. Guterres", "Chair"]
    assert segments[1].text == "A. Guterres sends his regrets. I read his message."


def test_a_generic_person_label_over_points_is_a_speaker_not_a_heading():
    """ "Panelist:", "Participant:", "Guest:" alone over bullets name someone, although the notes also write
    "the panelist" in lower case: each opens its speaker's turn (the points had gone to the host). A plural
    over a list of names ("Panellists:") is a list's heading still."""
    result = read_plain(Path("panel.txt"), PANEL_NOTES)
    segments = result.segments
    assert [s.label for s in segments] == ["Host", "Panelist", "Host", "Participant", "Guest", "Host"]
    assert segments[1].text.startswith("- Finance for small firms")
    assert segments[4].text.startswith("* Who pays") and "Panellists:\n- Amina Otieno" in segments[4].text
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == ["Panellists: a heading over a list"]


def test_a_heading_over_a_list_of_participants_is_no_speaker_though_the_notes_never_write_the_word():
    """ "Participants:" or "Guest Speakers:" alone over a list of names heads the list (``PERSON_LIST``, the
    plural of a part someone takes): it had become a speaker whose words were the names, wherever the notes
    did not also write "participants" in lower case. The people it lists still speak under their names."""
    text = (
        "Chair: Good morning. Welcome to the dialogue on green industry.\n\n"
        "Participants:\n"
        "- Amina Otieno (Kenya)\n"
        "- Jean Habimana, Rwanda Development Board\n\n"
        "Guest Speakers:\n"
        "* Ruth First, University of Maputo\n\n"
        "Chair: I give the floor to Ms. Otieno.\n\n"
        "Amina Otieno:\n"
        "- Young people need decent jobs.\n\n"
        "Chair: Thank you.\n"
    )
    result = read_plain(Path("notes.txt"), text)
    segments = result.segments
    assert [s.label for s in segments] == ["Chair", "Chair", "Amina Otieno", "Chair"]
    assert segments[0].text.endswith("Guest Speakers:\n* Ruth First, University of Maputo")
    demoted = [what for what, why, _ in result.removals if why == "label_demoted"]
    assert demoted == ["Participants: a heading over a list", "Guest Speakers: a heading over a list"]


@pytest.mark.parametrize(
    "label, heading",
    [("Panelist", False), ("Panellist", False), ("Host", False), ("Co-Host", False), ("Interpreter", False),
     ("Presenter", False), ("Discussant", False), ("Respondent", False), ("Participant 2", False),
     ("Guest Speaker", False), ("Participants", True), ("Participant Questions", True),
     ("Way Forward", True)],
)  # fmt: skip
def test_a_person_noun_is_no_title(label, heading):
    from analysis.ingest.readers.grammar import title_like

    lower = {"panelist", "panellist", "host", "co-host", "interpreter", "presenter", "discussant"}
    lower |= {"respondent", "participant", "participants", "guest", "speaker", "questions", "way", "forward"}
    assert title_like(label, lower) is heading


def test_a_bold_heading_over_points_in_markdown_notes_is_no_speaker():
    """Markdown notes ("**Kenya:** ...") set headings the same way ("**Key Messages:**" over bullets): the
    points stay with the delegation that made them; "**Amina Otieno:**" over hers still speaks."""
    text = (
        "**Chair:** Good morning. I give the floor to Kenya.\n\n"
        "**Kenya:** Kenya would like to highlight three points.\n\n"
        "**Key Messages:**\n"
        "- Industrialization must be inclusive.\n"
        "- Finance for SMEs remains scarce.\n\n"
        "**Amina Otieno:**\n"
        "- Young people need decent jobs.\n"
    )
    segments = read_plain(Path("notes.md"), text).segments
    assert [s.label for s in segments] == ["Chair", "Kenya", "Amina Otieno"]
    assert "Key Messages" in segments[1].text and segments[1].text.endswith("remains scarce.")


# Minutes typed as text, each speaker's name alone on a line above the statement (as Word minutes set it as a
# heading). The whole session was one unattributed turn, labelled with the title's "Development Dialogue".
HEADED_MINUTES = """\
Development Dialogue: African Group
Summary of statements

Chair
The Chair opened the session and invited delegations to comment.

Kenya
Kenya welcomed the Framework and asked for investment in digital infrastructure.
It also stressed skills for young people.

Statement by the delegation of Ghana
Ghana called for partnerships with the private sector.

UNIDO Secretariat
The Secretariat thanked delegations for their comments.

Closing of the meeting
The meeting rose at 5 p.m.
"""


def test_names_alone_above_their_statements_in_text_minutes_label_them(tmp_path):
    fixture = tmp_path / "minutes.txt"
    fixture.write_text(HEADED_MINUTES, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = zip(
        turns["speaker"], turns["country"].fillna(""), turns["role"], turns["text"].str[:19], strict=True
    )
    assert list(rows) == [
        ("Chair", "", "chair", "The Chair opened th"),
        ("Kenya", "KEN", "member_state", "Kenya welcomed the "),
        ("Delegation of Ghana", "GHA", "member_state", "Ghana called for pa"),
        ("UNIDO Secretariat", "", "secretariat", "The Secretariat tha"),
        ("Closing of the meeting", "", "unknown", "The meeting rose at"),
    ]  # fmt: skip
    assert turns["text"][1].endswith("skills for young people.")  # the statement runs to the next heading
    assert (
        "Development Dialogue: African Group Summary of statements"
        in log[log["why"] == "front_matter"]["what"].tolist()
    )


def test_names_alone_above_statements_in_pdf_minutes_label_them(tmp_path):
    """A PDF's text layer keeps no blank line between paragraphs: a sentence's end above a name opens one."""
    pytest.importorskip("fpdf")
    body = HEADED_MINUTES.split("Kenya\n", 1)[1].replace("\n\n", "\n")
    pdf = write_pdf(tmp_path / "minutes.pdf", ["Opening remarks were made.\nKenya\n" + body], "DD/AFR/2024")
    segments = read_transcript(pdf).segments
    assert [(s.label, s.text[:19]) for s in segments] == [
        ("Kenya", "Kenya welcomed the "),
        ("Delegation of Ghana", "Ghana called for pa"),
        ("UNIDO Secretariat", "The Secretariat tha"),
        ("Closing of the meeting", "The meeting rose at"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # one name alone is a heading of prose, not a pattern of speakers
        "Kenya\nKenya is a country of 50 million people.\n\nIts economy grows.\n",
        # a list of participants: the lines below a name are names, not statements
        "Participants:\n\nKenya\nGhana\nNigeria\n\nGhana\nBenin\n",
    ],
)
def test_names_alone_are_no_labels_without_statements_below_two_of_them(text):
    segments = read_plain(Path("notes.txt"), text).segments
    assert all(s.label in (None, "Participants") for s in segments)
    assert "Kenya" in " ".join(s.text for s in segments)


# A report's list of participants: each delegation alone on a line above its delegates, no statement.
PARTICIPANTS = """\
Regional Policy Dialogue on Industrial Development
Vienna, 12 March 2024

List of participants

Kenya
Mr. John Kamau, Permanent Representative to UNIDO

Ghana
Ms. Ama Mensah, Deputy Director, Ministry of Trade and Industry

Nigeria
Mr. Chidi Okafor, Minister Counsellor, Embassy in Vienna

Summary of the discussion

The Chair opened the meeting and welcomed the participants to the dialogue.
Several delegations stressed the importance of access to finance.
"""


def test_a_list_of_participants_under_delegation_names_labels_nothing():
    """Under a name a statement ends a sentence; a delegate's name and title do not (the summary of the
    discussion had become Nigeria's statement, the title a speaker)."""
    segments = read_plain(Path("report.txt"), PARTICIPANTS).segments
    assert [s.label for s in segments] == [None]
    assert "Nigeria\nMr. Chidi Okafor" in segments[0].text


def test_a_statement_summed_up_in_bulleted_points_under_a_name_is_labelled():
    """Points without a full stop are a statement's too: "- Seeks support for special economic zones"."""
    text = (
        "Regional consultation: national updates\n\n"
        "Kenya\n- Launched a new industrial policy in 2023\n- Seeks support for special economic zones\n\n"
        "Ghana\n- One District One Factory programme continues\n- Interested in circular economy pilots\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [(s.label, s.text[:10]) for s in segments] == [("Kenya", "- Launched"), ("Ghana", "- One Dist")]


def test_a_wrapped_line_of_a_pdf_column_is_no_heading(tmp_path):
    """In a narrow column a line that follows a sentence's end and fits a heading's few words is the next
    sentence's start: the line below goes on with it ("that skills ..."), it ends on a word a phrase goes on
    from ("cooperation with"), or the next word would not have fitted on it ("Kenya plans" / "African").
    Such lines had become speakers, their words lost from the statements."""
    pytest.importorskip("fpdf")
    column = (
        "Summary of the dialogue.\nKenya\nKenya welcomed the Framework\nand asked for investment.\n"
        "The delegation also stressed\nthat skills for young people\nwere the key to a just transition.\n"
        "Ghana\nGhana called for partnerships\nwith the private sector.\nTechnical cooperation with\n"
        "UNIDO should be expanded to\nrural areas and small firms.\n"
        "The Government of Kenya plans\nAfrican Continental Free Trade\nArea investments in industry.\n"
    )
    pdf = write_pdf(tmp_path / "minutes.pdf", [column], "DD/AFR/2024")
    segments = read_transcript(pdf).segments
    assert [s.label for s in segments] == ["Kenya", "Ghana"]
    assert segments[0].text.split()[-2:] == ["just", "transition."]
    assert "Technical cooperation with UNIDO should" in " ".join(segments[1].text.split())
    assert "The Government of Kenya plans African" in " ".join(segments[1].text.split())


def test_a_heading_in_a_file_of_name_colon_labels_keeps_its_words():
    """In a file labelled "Name: text", names alone above prose stay text; no word is lost."""
    text = (
        "Chair: Welcome.\nKenya: We agree.\nGhana: We agree too.\nChile: So do we.\n\n"
        "Kenya\nKenya adds a note on skills.\n\nGhana\nGhana adds one on finance for industry.\n"
    )
    segments = read_plain(Path("notes.txt"), text).segments
    assert [s.label for s in segments] == ["Chair", "Kenya", "Ghana", "Chile"]
    words = "So do we. Kenya Kenya adds a note on skills. Ghana Ghana adds one on finance for industry."
    assert segments[-1].text.split() == words.split()


LONG_G77 = "Mr. Ahmed Hassan Abdelrahman (Egypt), speaking on behalf of the Group of 77 and China"


@pytest.mark.parametrize(
    "line, label",
    [
        ("Kenya, on behalf of the African Group: We", "Kenya, on behalf of the African Group"),
        ("Amb. Ochieng, on behalf of the African Group: We", "Amb. Ochieng, on behalf of the African Group"),
        (f"{LONG_G77}: The Group", LONG_G77),  # longer than any other label (80 characters)
        (
            "Jean Habimana (Rwanda), on behalf of the African Group (spoke in French): Nous",
            "Jean Habimana (Rwanda), on behalf of the African Group (spoke in French)",
        ),
        # sentences: no speaker before the comma, a list word, an address, whom is no name, no comma
        ("We speak on behalf of the Group: we want more time.", None),
        ("Kenya on behalf of the African Group: we", None),
        ("Finally, Kenya, on behalf of the African Group: we thank you.", None),
        ("Madam Chair, on behalf of the Group of 77: thank you.", None),
        ("Excellencies, on behalf of the Government of Kenya: welcome.", None),
        ("Today, on behalf of the African Group: we", None),
        ("Kenya, on behalf of the Group, said that: we agree.", None),
    ],
)  # fmt: skip
def test_a_generic_label_may_say_whom_its_speaker_speaks_for(line, label):
    assert split_generic_label(line)[0] == label


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_sentence_on_the_line_before_a_members_label_stays_speech(gap):
    """A member's name runs over one line break at most and holds no sentence's end: the line before the
    label is the President's, not the start of the label."""
    text = (
        "The President: I give the floor to the representative of France.\n"
        f"Mr. Dupont, Minister of Trade of France, said that the meeting was useful.{gap}"
        "Mr. Dupont (France): France supports the framework.\n\n"
        "Mrs. Salazar-Mejía\n(Colombia): Colombia agrees.\n"
    )
    labels = [m.group("label") for m in VERBATIM_LABEL.finditer(text)]
    assert labels == ["The President", "Mr. Dupont (France)", "Mrs. Salazar-Mejía\n(Colombia)"]


@pytest.mark.parametrize(
    "label", ["Mrs. Sta. Maria (Philippines)", "Mr. de Rivero Jnr. (Peru)", "Mr. Lt. Col. Ndiaye (Senegal)"]
)
def test_an_abbreviation_inside_a_members_name_is_no_sentences_end(label):
    assert [m.group("label") for m in VERBATIM_LABEL.finditer(f"{label}: We agree.\n")] == [label]


# --- a whole record -------------------------------------------------------------------------------


def test_every_form_opens_its_own_turn(cleaned):
    turns, _ = cleaned
    assert list(zip(turns["speaker"], turns["country"].fillna(""), turns["role"], strict=True)) == [
        ("The President", "", "chair"),
        ("Mr. Hadi (Morocco)", "MAR", "member_state"),  # note before the country
        ("The President", "", "chair"),
        ("Mr. Ruiz Pérez (Guatemala)", "GTM", "member_state"),  # stray colon
        ("The President", "", "chair"),
        ("Ms. Tamm (Estonia), Rapporteur of the Third Committee", "", "other"),
        ("The Acting President", "", "chair"),
        ("Mr. Oduya (Kenya)", "KEN", "member_state"),
        ("The President", "", "chair"),
        ("Mr. Okoro (Nigeria)", "NGA", "member_state"),  # the President in a national capacity
        ("The President", "", "chair"),
        ("Ms. Lima (Brazil)", "BRA", "member_state"),
        ("The President", "", "chair"),
    ]


def test_each_turn_keeps_its_own_words_and_language(cleaned):
    turns, _ = cleaned
    said = turns.set_index("speaker")
    assert said.loc["Mr. Hadi (Morocco)", "floor_language"] == "French"
    assert said.loc["Mr. Ruiz Pérez (Guatemala)", "floor_language"] == "Spanish"
    assert said.loc["Mr. Ruiz Pérez (Guatemala)", "text"] == (
        "My delegation would simply like to know which delegation requested a recorded vote."
    )
    assert said.loc["Ms. Tamm (Estonia), Rapporteur of the Third Committee", "text"].startswith(
        "It is an honour to introduce the reports of the Third Committee,"
    )
    assert (
        said.loc["Ms. Tamm (Estonia), Rapporteur of the Third Committee", "delegation"] == "Third Committee"
    )
    chair = " ".join(turns.loc[turns["role"] == "chair", "text"])
    assert "point of order." in chair and "My delegation" not in chair
    assert turns.loc[turns["role"] == "chair", "floor_language"].isna().all()
    # look-alikes stay speech: a stage direction is nobody's label, a stray colon mid-speech is Kenya's
    assert not turns["speaker"].str.contains("Dube|Ruiz Pérez$").any()
    assert said.loc["Mr. Oduya (Kenya)", "text"].endswith("(Guatemala) asked a moment ago about the vote.")


def test_the_presidents_national_statement_is_the_countrys(cleaned):
    turns, log = cleaned
    by = list(zip(turns["speaker"], turns["text"], strict=True))
    assert by[8] == (
        "The President",
        "I shall now make a statement in my capacity as the representative of Nigeria.",
    )
    assert by[9] == (
        "Mr. Okoro (Nigeria)",
        "Nigeria supports the renewal of the mandate and thanks the troop contributors for their service.",
    )
    assert by[10][1].startswith("I now resume my functions as President of the Council.")
    assert list(
        log.loc[log["why"] == "attribution_inferred", ["what", "source"]].itertuples(index=False)
    ) == [
        (
            "The President -> Mr. Okoro (Nigeria): statement in a national capacity",
            "un-label-forms.txt:lines 34-35",
        )
    ]
    # a delegate's "in my national capacity" is no presiding officer's: Brazil's turn is whole
    assert turns.iloc[11]["text"].startswith("I will now make a statement in my national capacity. Brazil")


def test_the_record_is_read_with_the_verbatim_grammar():
    log = read_transcript(FIXTURE).removals
    assert [r.what for r in log if r.why == "label_grammar"] == ["verbatim (11 labels)"]


@pytest.mark.parametrize(
    "body",
    [
        # no resuming formula: the chair's words may run on to the end, so nothing is cut
        "I shall now make a statement in my capacity as the representative of Nigeria. Nigeria agrees.",
        # the announcement alone, then straight back
        "I shall now make a statement in my capacity as the representative of Nigeria. "
        "I now resume my functions as President of the Council.",
        # a national capacity, and no cover to say which nation
        "I shall now make a statement in my national capacity. Our view is known. "
        "I now resume my functions as President of the Council.",
    ],
)  # fmt: skip
def test_no_cut_without_both_formulas_and_a_country(body):
    assert national_statement("The President", body, 0, len(body), None) is None


def test_a_national_capacity_takes_the_country_of_the_cover():
    body = (
        "I will now make a statement in my national capacity. Poland supports the draft. "
        "I now resume my functions as President of the Council."
    )
    pieces = national_statement("The President", body, 0, len(body), ("Mr. Wlosowicz", "Poland", "POL"))
    assert [(who, body[a:b]) for who, a, b in pieces] == [
        ("The President", "I will now make a statement in my national capacity."),
        ("Mr. Wlosowicz (Poland)", "Poland supports the draft. "),
        ("The President", "I now resume my functions as President of the Council."),
    ]
    assert national_statement("Mr. X (Kenya)", body, 0, len(body), None) is None  # not presiding


def test_a_cover_naming_a_bracketed_country_gives_its_president_that_country():
    from analysis.ingest.readers.assemble import _cover_president

    cover = "Security Council\nPresident: Mr. Iravani ........ (Iran (Islamic Republic of))\nMembers: China"
    assert _cover_president(cover) == ("Mr. Iravani", "Iran (Islamic Republic of)", "IRN")


# --- the real records in ../shared (slow: reads four PDFs) ------------------------------------------

GARAYEV = "Mr. Garayev (Azerbaijan), Rapporteur of the Third Committee"
# record: (a turn's speaker, country, role, floor language, its first words, at least this many words)
REAL = {
    "A-76-PV.102": ("Mr. Hilale (Morocco)", "MAR", "member_state", "French", "Like the colleagues", 500),
    "A-61-PV.107": ("Mr. Briz Gutiérrez (Guatemala)", "GTM", "member_state", "Spanish", "My delegation", 15),
    "A-65-PV.71": (GARAYEV, None, "other", None, "It is a great honour", 1000),
    "S-PV.8422": ("Mr. Adom (Côte d’Ivoire)", "CIV", "member_state", "French", "The delegations of", 350),
}


@pytest.fixture(scope="module")
def real_turns(tmp_path_factory):
    from analysis import config

    folder = config.SHARED_DIR / "corpora" / "un-verbatim"
    missing = [r for r in REAL if not (folder / f"{r}.pdf").is_file()]
    if missing:
        pytest.skip(
            f"needs the UN verbatim records {', '.join(missing)} under {folder} (absent on this machine)"
        )
    raw = tmp_path_factory.mktemp("un") / "raw"
    raw.mkdir()
    rows = ["session_id,file,group"]
    for record in REAL:
        shutil.copy(folder / f"{record}.pdf", raw / f"{record}.pdf")
        rows.append(f"{record},{record}.pdf,African Group")
    (raw / "sessions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return clean_corpus(raw)[0]


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("record", list(REAL))
def test_the_real_label_has_its_own_turn(real_turns, record):
    speaker, country, role, language, opens, words = REAL[record]
    turns = real_turns[real_turns["session_id"] == record]
    hit = turns[turns["speaker"] == speaker]
    assert len(hit) == 1, list(turns["speaker"])
    turn = hit.iloc[0]
    got = (turn["country"], turn["role"], turn["floor_language"])
    assert tuple(None if pd.isna(v) else v for v in got) == (country, role, language)
    assert turn["text"].startswith(opens) and turn["n_words"] >= words
    # the words are nobody else's
    others = turns[turns["turn"] != turn["turn"]]
    assert not others["text"].str.contains(turn["text"][:60], regex=False).any()


@pytest.mark.shared
@pytest.mark.slow
def test_the_real_turns_around_the_fixes(real_turns):
    def turn(record, n):
        t = real_turns[real_turns["session_id"] == record].set_index("turn")
        return t.loc[n]

    # China's turn no longer holds Morocco's speech
    china = real_turns[(real_turns["session_id"] == "A-76-PV.102") & (real_turns["country"] == "CHN")]
    assert not china["text"].str.contains("Mr. Hilale").any()
    # the chair's turn before Guatemala's point of order has no language of its own
    guatemala = real_turns[real_turns["speaker"] == "Mr. Briz Gutiérrez (Guatemala)"].iloc[0]
    before = turn("A-61-PV.107", guatemala["turn"] - 1)
    assert before["role"] == "chair" and pd.isna(before["floor_language"])
    assert before["text"].endswith("I call on the representative of Guatemala on a point of order.")
    # the Council President: the announcement and the resumption are the chair's
    adom = real_turns[real_turns["speaker"] == "Mr. Adom (Côte d’Ivoire)"].iloc[0]
    assert turn("S-PV.8422", adom["turn"] - 1)["text"].startswith(
        "I shall now make a statement in my capacity"
    )
    assert turn("S-PV.8422", adom["turn"] + 1)["text"].startswith("I now resume my functions as President")


GRULAC_MINUTES = """Development Dialogue - GRULAC

Presidente: I open the session.

Delegación de Chile: Chile thanks UNIDO for the draft and stresses climate action.

Mission permanente de la France auprès de l'ONUDI: France supports the governance of artificial intelligence.

Misión Permanente de Colombia ante la ONUDI: Colombia calls for inclusion.

Secretaría de la ONUDI: The Secretariat takes note.

Francia Márquez: We need rural women's cooperatives.
"""


def test_labels_in_french_and_spanish_open_their_speakers_turns(tmp_path):
    """Minutes of a GRULAC session label their speakers as the participants wrote them: in Spanish or
    French, with the lower-case words those languages write ("Mission permanente ... auprès de"). Each
    opens its own turn (France's had merged into Chile's); a first name that is a country's Spanish name
    ("Francia Márquez") is a person, whose turn is left unknown."""
    fixture = tmp_path / "minutes.txt"
    fixture.write_text(GRULAC_MINUTES, encoding="utf-8")
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "Latin American and Caribbean Group")
    rows = zip(turns["country"].fillna(""), turns["role"], turns["text"].str[:20], strict=True)
    assert list(rows) == [
        ("", "chair", "I open the session."),
        ("CHL", "member_state", "Chile thanks UNIDO f"),
        ("FRA", "member_state", "France supports the "),
        ("COL", "member_state", "Colombia calls for i"),
        ("", "secretariat", "The Secretariat take"),
        ("", "unknown", "We need rural women'"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "Raising the ante: we will double our contribution to the fund.",
        "Nothing permanent: every measure will be reviewed in two years.",
        "Upping the ante for Africa: we will double our contribution.",
    ],
)
def test_a_french_or_spanish_labels_small_word_in_english_prose_leaves_it_prose(line):
    """ "permanente", "auprès", "ante" stand before a French or Spanish label's particles ("Misión
    Permanente de Colombia ante la ONUDI"); ending an English phrase, or before its words, they make no
    label of it."""
    assert split_generic_label(line) == (None, line)
    assert split_generic_label("Représentant permanent du Maroc: Thank you.") == (
        "Représentant permanent du Maroc",
        "Thank you.",
    )


ZOOM_FR_ES = """WEBVTT

1
00:00:01.000 --> 00:00:06.000
Misión Permanente de México [ES]: Mexico stresses the role of nearshoring in manufacturing.

2
00:00:06.500 --> 00:00:12.000
Délégation du Sénégal (habla en francés): We also ask for technology transfer.

3
00:00:12.500 --> 00:00:20.000
España: (interprétation de l'espagnol) Spain will contribute to the trust fund.
"""


def test_french_and_spanish_language_notes_give_the_floor_language_and_leave_the_text(tmp_path):
    """A participant's display name may carry the interpreters' note in Spanish ("(habla en francés)") and
    a secretariat may open the speech with one in French ("(interprétation de l'espagnol)"): the label
    still opens Senegal's turn (it had merged into Mexico's), and each note is the turn's floor language,
    not text."""
    fixture = tmp_path / "zoom.vtt"
    fixture.write_text(ZOOM_FR_ES, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = zip(turns["country"], turns["floor_language"], turns["text"], strict=True)
    assert list(rows) == [
        ("MEX", "Spanish", "Mexico stresses the role of nearshoring in manufacturing."),
        ("SEN", "French", "We also ask for technology transfer."),
        ("ESP", "Spanish", "Spain will contribute to the trust fund."),
    ]
    assert set(log.loc[log["why"] == "floor_language", "what"]) == {
        "[ES]",
        "(habla en francés)",
        "(interprétation de l'espagnol)",
    }


SPANISH_RECORD = """El Presidente: Se abre la sesión. Tiene la palabra el representante de la Argentina.

Sr. López (Argentina): Thank you, Mr. President. Argentina wants more support for SMEs: this is key.

La Sra. Gómez (Colombia) (habla en inglés): Colombia values the partnership on circular economy.

El Sr. Dupont (Francia) (habla en francés): France supports the declaration.

La Presidenta: Tiene la palabra el Reino Unido.

Sr. Smith (Reino Unido): The United Kingdom agrees with the previous speakers.

El Presidente (habla en francés) : Je remercie les délégations. The meeting is adjourned.
"""


def test_a_spanish_records_labels_with_their_articles_open_their_turns(tmp_path):
    """A Spanish verbatim record writes the presiding officer with the article ("El Presidente:", "La
    Presidenta:") and may put one before a member's title ("La Sra. Gómez (Colombia) (habla en inglés):"):
    each is a label of the record's form. The first had been dropped as front matter and the others merged
    into the previous speaker's turn."""
    fixture = tmp_path / "acta.txt"
    fixture.write_text(SPANISH_RECORD, encoding="utf-8")
    turns, log = clean_one_file(fixture, tmp_path, "S1", "Latin American and Caribbean Group")
    assert log.loc[log["why"] == "label_grammar", "what"].str.startswith("verbatim").all()
    rows = zip(turns["country"].fillna(""), turns["role"], turns["floor_language"].fillna(""), strict=True)
    assert list(rows) == [
        ("", "chair", ""),
        ("ARG", "member_state", ""),
        ("COL", "member_state", "English"),
        ("FRA", "member_state", "French"),
        ("", "chair", ""),
        ("GBR", "member_state", ""),
        ("", "chair", "French"),
    ]  # fmt: skip
    assert turns["text"].iloc[0] == "Se abre la sesión. Tiene la palabra el representante de la Argentina."
    assert turns["text"].iloc[1].endswith("SMEs: this is key.")
    assert turns["text"].iloc[-1] == "Je remercie les délégations. The meeting is adjourned."


def test_minutes_chaired_with_an_article_keep_their_delegations_labels(tmp_path):
    """In minutes whose speakers are delegations ("Délégation de la Côte d'Ivoire:"), a chair labelled with
    a French or Spanish article ("Le Président:", "La Présidente:") is no evidence of a verbatim record:
    the delegations' labels still open their turns."""
    fixture = tmp_path / "minutes.txt"
    fixture.write_text(
        "Le Président: I open the session.\n\nDélégation du Maroc: Morocco thanks UNIDO.\n\n"
        "La Présidente: Tiene la palabra la delegación de Túnez.\n\n"
        "Délégation de la Côte d'Ivoire: We insist on cocoa processing in country.\n",
        encoding="utf-8",
    )
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "African Group")
    assert list(turns["country"].fillna("")) == ["", "MAR", "", "CIV"]
    assert list(turns["role"]) == ["chair", "member_state", "chair", "member_state"]


def test_the_floor_given_in_spanish_attributes_the_next_unnamed_turn_and_is_procedural(tmp_path):
    """A chair's "Tiene la palabra la delegación de Chile." only runs the meeting (procedural), and the turn
    a phone's display name speaks next is Chile's, inferred and logged, as after "I give the floor to"."""
    fixture = tmp_path / "zoom.vtt"
    fixture.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n"
        "La Presidenta: Tiene la palabra la delegación de Chile.\n\n"
        "2\n00:00:04.500 --> 00:00:09.000\niPhone: Chile sees industrial policy as the engine of growth.\n\n"
        "3\n00:00:09.500 --> 00:00:12.000\nLa Presidenta: Je donne la parole à la délégation du Maroc.\n\n"
        "4\n00:00:12.500 --> 00:00:16.000\nGalaxy S21: Morocco thanks UNIDO for its support.\n",
        encoding="utf-8",
    )
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = zip(turns["country"].fillna(""), turns["role"], turns["procedural"], strict=True)
    assert list(rows) == [
        ("", "chair", True),
        ("CHL", "member_state", False),
        ("", "chair", True),
        ("MAR", "member_state", False),
    ]  # fmt: skip
    assert (log["why"] == "attribution_inferred").sum() == 2


FRENCH_RECORD = """Le Président (parle en anglais) : Je donne la parole au représentant du Sénégal.

M. Diallo (Sénégal) : Senegal supports the framework for industrial parks.

Mme Martin (France) (parle en anglais) : France agrees with Senegal.

M. Ruiz (Espagne) : Spain supports it too.
"""


def test_a_french_records_monsieur_opens_a_members_turn(tmp_path):
    """A French verbatim record titles a man "M." ("M. Diallo (Sénégal) :"), as it titles a woman "Mme": his
    label opens his turn (Senegal's and Spain's had merged into the previous speakers')."""
    fixture = tmp_path / "proces-verbal.txt"
    fixture.write_text(FRENCH_RECORD, encoding="utf-8")
    turns, _ = clean_one_file(fixture, tmp_path, "S1", "African Group")
    rows = zip(turns["speaker"], turns["country"].fillna(""), turns["floor_language"].fillna(""), strict=True)
    assert list(rows) == [
        ("Le Président", "", "English"),
        ("M. Diallo (Sénégal)", "SEN", ""),
        ("Mme Martin (France)", "FRA", "English"),
        ("M. Ruiz (Espagne)", "ESP", ""),
    ]


def test_minutes_labelling_the_chair_as_the_chair_and_delegations_by_name_keep_every_turn(tmp_path):
    """ "The Chair:" is how a verbatim record labels its presiding officer, but minutes that write it and
    "Kenya:" are generic labels: read as a verbatim record, Kenya's and Ghana's statements merged into the
    chair's turn. The officer's label is evidence of a verbatim record only beside a titled speaker's."""
    fixture = tmp_path / "minutes.txt"
    fixture.write_text(
        "The Chair: Welcome to the dialogue. I give the floor to Kenya.\n\n"
        "Kenya: Kenya supports skills and vocational training for young people.\n\n"
        "Ghana: Ghana calls for investment in renewable energy.\n\n"
        "The Chair: Thank you. The meeting is closed.\n",
        encoding="utf-8",
    )
    turns, log = clean_one_file(fixture, tmp_path, "S1", "African Group")
    assert list(zip(turns["country"].fillna(""), turns["role"], strict=True)) == [
        ("", "chair"), ("KEN", "member_state"), ("GHA", "member_state"), ("", "chair"),
    ]  # fmt: skip
    assert log.loc[log["why"] == "label_grammar", "what"].tolist() == ["generic (4 labels)"]


# Minutes listing the delegations that took part, one to a row, most rows ending in a full stop; then the
# statements under each delegation's name.
DELEGATION_TABLE = """\
Summary of the regional policy dialogue

Participating delegations
Kenya.
Ghana
Côte d'Ivoire.
Republic of Korea
Chile.

Peru.

Kenya
Kenya calls for investment in skills and in vocational training.

Ghana
Ghana supports the call and asks for a regional fund.
"""


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_a_table_of_participating_delegations_is_a_list_not_a_series_of_turns(tmp_path, suffix):
    """Rows that only name a delegation ("Kenya.", "Ghana"), with no statement between them, are a list: in a
    PDF each row without a full stop had become a turn holding the next row ("Ghana": "Côte d'Ivoire."), and
    in text the list's title a speaker; the name under the list, over a statement, still labels it."""
    if suffix == ".pdf":
        pytest.importorskip("fpdf")
        path = write_pdf(tmp_path / "minutes.pdf", [DELEGATION_TABLE.replace("\n\n", "\n")], "DD/AFR/2024")
    else:
        path = tmp_path / "minutes.txt"
        path.write_text(DELEGATION_TABLE, encoding="utf-8")
    segments = read_transcript(path).segments
    assert [(s.label, s.text[:11]) for s in segments] == [("Kenya", "Kenya calls"), ("Ghana", "Ghana suppo")]


def test_word_minutes_setting_each_participating_delegation_as_a_heading_give_none_a_turn(tmp_path):
    """A Word list of delegations in a heading style ("Kenya." / "Ghana." / "Chile.") labels nothing: the last
    row had taken the chair's summary below it."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Chair:").bold = True
    p.add_run(" I open the dialogue. The following delegations took part:")
    for row in ("Kenya.", "Ghana.", "Côte d'Ivoire.", "Chile."):
        d.add_heading(row, level=3)
    d.add_paragraph("The Chair thanked the delegations and opened the discussion on skills.")
    p = d.add_paragraph()
    p.add_run("Kenya:").bold = True
    p.add_run(" Kenya calls for investment in skills.")
    d.save(tmp_path / "minutes.docx")
    r = read_transcript(tmp_path / "minutes.docx")
    assert [s.label for s in r.segments] == ["Chair", "Kenya"]
    assert r.segments[0].text.endswith(
        "Chile.\nThe Chair thanked the delegations and opened the discussion on skills."
    )
    assert ("Chile.: a row of a list of delegations", "label_demoted") in [(w, y) for w, y, _ in r.removals]


def test_a_title_line_above_the_chairs_heading_in_a_pdf_leaves_the_chairs_words_to_the_chair(tmp_path):
    """A PDF's text layer keeps no blank line: under a title that ends on a word ("Summary of statements"),
    the "Chair" heading had been taken for a line of running text, and the chair's words for front matter."""
    pytest.importorskip("fpdf")
    body = (
        "Regional Policy Dialogue: African Group\nSummary of statements\nChair\n"
        "The Chair opened the session and invited delegations to comment on the Framework.\n"
        "Kenya\nKenya welcomed the Framework and asked for investment in digital infrastructure.\n"
        "Ghana\nGhana called for partnerships with the private sector.\n"
    )
    segments = read_transcript(write_pdf(tmp_path / "minutes.pdf", [body], "DD/AFR/2024")).segments
    assert [(s.label, s.text[:13]) for s in segments] == [
        ("Chair", "The Chair ope"),
        ("Kenya", "Kenya welcome"),
        ("Ghana", "Ghana called "),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "UNIDO - 34th Session of Industrial Development Board:",
        "Industrial Development Board, Thirty-fourth Session:",
        "IDB Session 34 :",
    ],
)
def test_a_meetings_title_with_its_session_number_is_no_speaker(title):
    """A title line naming the meeting by its number, typed with a colon above "Name:" labels, had become a
    speaker holding the subtitle below it; an officer of a numbered session still speaks."""
    text = (
        f"{title}\nSummary of the general debate\n\n"
        "Chair: I open the debate and give the floor to Kenya.\n"
        "Kenya: Kenya supports the programme for country partnership.\n"
        "President of the 78th Session of the General Assembly: We thank the Board.\n"
    )
    segments = read_plain(Path("minutes.txt"), text).segments
    assert [s.label for s in segments] == [
        "Chair", "Kenya", "President of the 78th Session of the General Assembly"
    ]  # fmt: skip


def test_a_speaker_named_by_role_and_numbered_session_still_speaks():
    """ "Panellist, Session 2:" names who speaks, not the meeting: its words had gone to the turn above it
    (Kenya's), as if the label were a title like "Industrial Development Board, Thirty-fourth Session:"."""
    text = (
        "Moderator: Welcome to the second session of the dialogue on industrial policy.\n\n"
        "Kenya: Kenya supports the programme for country partnership.\n\n"
        "Panellist, Session 2: We agree with Kenya on the need for vocational training.\n\n"
        "Ghana: Ghana calls for investment in infrastructure.\n"
    )
    segments = read_plain(Path("panel.txt"), text).segments
    assert [s.label for s in segments] == ["Moderator", "Kenya", "Panellist, Session 2", "Ghana"]
    assert segments[1].text == "Kenya supports the programme for country partnership."


@pytest.mark.parametrize(
    "prefix, speaker",
    [("amina.otieno", True), ("m.okafor-lee", True), ("j_doe", True), ("jdoe42", True),
     ("i.e.", False), ("e.g", False), ("so", False), ("note", False), ("g77", False),
     # the names of things a speaker says with a colon: a conference, a goal, a disease, a website
     ("cop28", False), ("sdg9", False), ("covid-19", False), ("unido.org", False),
     # a document or a goal named by its number, as a speaker writes it in a chat or a caption
     ("agenda2063", False), ("goal17", False), ("resolution2758", False)],
)  # fmt: skip
def test_a_prefix_opening_one_cue_is_a_handle_only_in_a_handles_shape(prefix, speaker):
    """Name parts joined by a dot or an underscore, or a name of four letters or more ending in digits:
    a handle; an abbreviation, a word, a short acronym with a number (cop28, sdg9), a hyphenated number
    (covid-19), a web address or a document's word with its number (agenda2063, goal17) opening one cue is
    speech, and said so in the log."""
    from analysis.ingest.readers.grammar import caption_labels
    from analysis.ingest.removals import RemovalLog

    pieces = ["Chair: I open the meeting.", "Ghana: We thank UNIDO.", f"{prefix}: we agree with that."]
    log = RemovalLog()
    assert (prefix in caption_labels(pieces, "zoom.vtt", log)) is speaker
    said = [r.what for r in log if r.why == "label_demoted"]
    assert said == ([] if speaker else [f"{prefix}: opens a cue, read as text"])
