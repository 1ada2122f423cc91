"""A chair labelled the generic way among delegates labelled the UN way is still the chair.

Meeting transcripts often write "Ms. Pérez (Mexico):" for delegates and a bare "Chair:",
"CHAIR:" or "Moderator:" for whoever presides. The file is read with the verbatim grammar (its
delegates' labels decide that), and that grammar reads a bare presiding title as a label too, with
the same checks a generic label gets: a title seen once inside running prose stays text, and a
cover or contents line naming who presides is no turn.

The fixture, tests/fixtures/labels/mixed-chair-labels.txt, is deliberately messy: the first line is
the chair's, in capitals; "Chair:", "The Chair:" and "Moderator:" all preside; a briefer is named
without a country; a "Note:" line, a "President:" that a line break put at the start of a line, and
a "The Chair:" quoted inside a sentence are all speech.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.readers import read_transcript
from analysis.ingest.readers.labels import VERBATIM_LABEL
from helpers import clean_one_file

FIXTURE = Path(__file__).parent / "fixtures" / "labels" / "mixed-chair-labels.txt"

# What the chair says in the fixture, line by line: none of it may end up in a delegate's turn.
CHAIR_SAYS = [
    "Good morning, colleagues, and welcome to the regional dialogue. I give the floor to Mexico.",
    "Thank you, Mexico. Canada, please.",
    "Thank you, Canada. A word on timing: we have ten minutes left.",
    "I thank the secretariat. Brazil has the floor.",
    "Thank you. The meeting is adjourned.",
]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    return clean_one_file(
        FIXTURE, tmp_path_factory.mktemp("mixed"), "mixed", "Latin American and Caribbean Group"
    )


def _clean_lines(tmp_path: Path, text: str):
    """The turns of `text` saved as a transcript and cleaned as a one-session corpus."""
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    (tmp_path / "run").mkdir()
    return clean_one_file(tmp_path / "t.txt", tmp_path / "run", "t", "African Group")[0]


def test_every_label_opens_a_turn_and_each_presiding_label_is_the_chair(cleaned):
    turns, _ = cleaned
    assert list(zip(turns["speaker"], turns["role"], strict=True)) == [
        ("Chair", "chair"),  # "CHAIR:", the file's first line
        ("Ms. Pérez (Mexico)", "member_state"),
        ("Chair", "chair"),
        ("Mr. Lee (Canada)", "member_state"),
        ("Moderator", "chair"),
        ("Ms. Rivera", "unknown"),
        ("Chair", "chair"),  # "The Chair:"
        ("Mr. Silva (Brazil)", "member_state"),
        ("Chair", "chair"),
    ]
    assert turns.loc[turns["role"] == "chair", "country"].isna().all()


def test_the_chairs_words_are_the_chairs_turns_and_in_no_one_elses(cleaned):
    turns, _ = cleaned
    chair = turns[turns["role"] == "chair"]
    others = turns[turns["role"] != "chair"]
    assert list(chair["text"]) == CHAIR_SAYS
    for said in CHAIR_SAYS:
        assert not any(said in text for text in others["text"]), said
    # the only presiding label left in a delegate's words is the one Brazil quotes mid-sentence
    quoting = others["text"].str.contains(r"\b(?:CHAIR|Chair|Moderator):", regex=True)
    assert list(others.loc[quoting, "speaker"]) == ["Mr. Silva (Brazil)"]


def test_the_delegates_keep_exactly_their_own_words(cleaned):
    turns, _ = cleaned
    said = dict(zip(turns["speaker"], turns["text"], strict=False))
    assert said["Ms. Pérez (Mexico)"] == (
        "Mexico supports the framework and asks for more training for small enterprises. "
        "Note: our written statement gives the figures for 2023."
    )
    assert said["Mr. Lee (Canada)"] == (
        "Canada stresses partnerships for innovation, as proposed by the outgoing "
        "President: skills, partnerships and finance."
    )
    assert said["Mr. Silva (Brazil)"] == (
        "Brazil joins the consensus. In the words of The Chair: as we said in Vienna, skills come first."
    )


def test_nothing_is_dropped_as_front_matter_and_the_title_in_prose_is_logged(cleaned):
    _, log = cleaned
    assert "front_matter" not in set(log["why"])
    assert list(log.loc[log["why"] == "label_demoted", ["what", "source"]].itertuples(index=False)) == [
        ("President: inside running prose", "mixed-chair-labels.txt:line 7")
    ]


def test_the_file_is_read_with_the_verbatim_grammar():
    log = read_transcript(FIXTURE).removals
    assert [r.what for r in log if r.why == "label_grammar"] == ["verbatim (10 labels)"]


def test_the_reviewers_transcript_gives_five_turns(tmp_path):
    turns = _clean_lines(
        tmp_path,
        "Chair: Welcome to the dialogue. I give the floor to Mexico.\n"
        "Ms. Pérez (Mexico): Mexico supports the framework and asks for more training.\n"
        "Chair: Thank you. Canada, please.\n"
        "Mr. Lee (Canada): Canada stresses partnerships for innovation.\n"
        "Chair: Thank you. The meeting is adjourned.\n",
    )
    assert list(turns["role"]) == ["chair", "member_state", "chair", "member_state", "chair"]
    assert list(turns.loc[turns["role"] == "member_state", "text"]) == [
        "Mexico supports the framework and asks for more training.",
        "Canada stresses partnerships for innovation.",
    ]


def test_bare_chair_labels_alone_do_not_turn_a_generic_transcript_into_a_verbatim_one(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Chair: Welcome.\nKenya: We agree.\nChair: Thank you.\nGhana: So do we.\n", encoding="utf-8"
    )
    result = read_transcript(path)
    assert [s.label for s in result.segments] == ["Chair", "Kenya", "Chair", "Ghana"]
    assert [r.what for r in result.removals if r.why == "label_grammar"] == ["generic (4 labels)"]


def test_a_groups_chair_named_with_a_country_presides(tmp_path):
    """The group's chair runs its session: their speech is the chair's, not counted for the country named
    beside the office (a delegate speaking on the group's behalf is that delegation: test_speakers)."""
    turns = _clean_lines(
        tmp_path,
        "Amb. Ochieng (Kenya) - Chair of the African Group: Welcome. Ghana, you have the floor.\n"
        "Kwame Mensah (Ghana): Ghana wants energy.\n"
        "Amb. Ochieng (Kenya) - Chair of the African Group: Thank you. Egypt.\n"
        "Ahmed Hassan (Egypt): Egypt wants hydrogen.\n"
        "Amb. Ochieng (Kenya) - Chair of the African Group: The meeting is closed.\n",
    )
    assert list(zip(turns["role"], turns["country"].fillna(""), strict=True)) == [
        ("chair", ""),
        ("member_state", "GHA"),
        ("chair", ""),
        ("member_state", "EGY"),
        ("chair", ""),
    ]


def test_a_chair_labelled_two_ways_is_one_chair_in_the_speaker_and_delegation_columns(tmp_path):
    """The chair has no delegation: the column names them as the speaker column does (the contract leaves
    it open; notebook 01's who-spoke-for-whom table groups by it), after the spellings are merged."""
    turns = _clean_lines(
        tmp_path,
        "Chair (Ms. Elena Vargas, Costa Rica): Welcome. Brazil, please.\n"
        "Brazil: Brazil supports the framework.\n"
        "Chair: Thank you. Mexico.\n"
        "Mexico: Mexico asks for training.\n"
        "Chair: The meeting is closed.\n",
    )
    chair = turns[turns["role"] == "chair"]
    assert list(chair["speaker"]) == ["Chair"] * 3
    assert list(chair["delegation"]) == ["Chair"] * 3  # not "Chair (Ms. Elena Vargas, Costa Rica)" once
    assert chair["country"].isna().all()


@pytest.mark.parametrize(
    "line, label",
    [
        ("Chair: Welcome.", "Chair"),
        ("CHAIR: Welcome.", "CHAIR"),
        ("Moderator: Thank you.", "Moderator"),
        ("Co-Chair (Ghana): I thank the delegations.", "Co-Chair (Ghana)"),
        ("Presidente (spoke in Spanish): Gracias.", "Presidente (spoke in Spanish)"),
        ("Chair: Ms. Pérez, you have the floor.", "Chair"),
    ],
)  # fmt: skip
def test_a_bare_presiding_title_is_a_verbatim_label(line, label):
    m = VERBATIM_LABEL.match(line)
    assert m and m.group("label") == label and m.group("bare") == label


@pytest.mark.parametrize(
    "line",
    [
        "chair: a title in lower case opens no turn",
        "Note: the figures are from 2023.",
        "Chairman Brandt: a name after the title is not a bare title",
        "President: Mr. INSANALLY",  # a record's cover names who presides
        "President:   Ms. Al-Khalifa ................ (Bahrain)",
        "Chair: ........ 12",  # a contents line
        "In the words of The Chair: as we said in Vienna.",
    ],
)  # fmt: skip
def test_what_is_not_a_bare_presiding_title(line):
    m = VERBATIM_LABEL.match(line)
    assert m is None or m.group("bare") is None
