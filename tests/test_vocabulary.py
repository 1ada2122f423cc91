"""The vocabulary of meeting machinery: each pattern named once, tested here, used by everyone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import config
from analysis.ingest import vocabulary as v
from analysis.ingest.readers.labels import VERBATIM_LABEL

# --- titles and names -------------------------------------------------------------------------


@pytest.mark.parametrize("before", ["Mr. ", "Mrs ", "Ms.", "H.E. ", "H. E. ", "Sheikh ", "Judge ", "Dr. "])
def test_a_title_before_a_word_makes_it_a_name(before):
    assert v.TITLE_BEFORE.search("We thank " + before)


@pytest.mark.parametrize("before", ["We thank the ", "Ms. Otieno said ", "Thermos ", ""])
def test_no_title_before(before):
    assert not v.TITLE_BEFORE.search(before)


@pytest.mark.parametrize(
    "label, rest",
    [
        ("H.E. the Ambassador Otieno", "Otieno"),
        ("His Excellency Mr. Otieno", "Otieno"),
        ("HE Mrs Wu", "Wu"),
        ("Honourable Minister Banda", "Minister Banda"),
        ("Kenya", "Kenya"),
        ("Dominica", "Dominica"),  # a title must be a whole word
    ],
)
def test_leading_titles_are_stripped_in_any_case(label, rest):
    assert v.LEADING_TITLES.sub("", label) == rest
    assert v.LEADING_TITLES.sub("", label.upper()) == rest.upper()


@pytest.mark.parametrize(
    "text, ends",
    [
        ("Mr. Otieno spoke. Then", ["spoke."]),
        ("St. Lucia and No. 5 remain. Then", ["remain."]),
        ("The U.S. delegation agrees. Then", ["agrees."]),
        ("Kenya agrees. Ghana too; Chile? Yes! ", ["agrees.", "too;", "Chile?", "Yes!"]),
    ],
)
def test_sentence_ends_skip_abbreviations_and_initials(text, ends):
    assert [text[: m.end()].split()[-1] for m in v.SENTENCE_END.finditer(text)] == ends


def test_small_words_of_titles_are_name_particles():
    assert v.TITLE_SMALL_WORDS < v.NAME_PARTICLES
    assert {"bin", "von", "al"} <= v.NAME_PARTICLES - v.TITLE_SMALL_WORDS


# --- presiding officers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Chair", "The Acting President", "Co-Chair", "Vice-Chair of the meeting", "Presidente", "MODERATOR",
     "Temporary Chairperson", "Chair of the General Assembly", "Master of Ceremonies"],
)  # fmt: skip
def test_a_presiding_title_alone_is_a_chair_label(label):
    assert v.CHAIR_LABEL.match(label)


@pytest.mark.parametrize(
    "label", ["President of Kenya", "Chairman Mao Institute", "Kenya", "Presidency Office"]
)
def test_a_title_with_more_is_not_a_chair_label(label):
    assert not v.CHAIR_LABEL.match(label)


def test_presides_finds_chairs_and_coordinators_but_not_presidents():
    assert v.PRESIDES.search("African Group Coordinator")
    assert v.PRESIDES.search("co-chair Ms. Wu")
    assert not v.PRESIDES.search("President Ruto")


@pytest.mark.parametrize(
    "line, label",
    [
        ("The Acting President: We resume.", "The Acting President"),
        ("The Secretary-General: I thank you.", "The Secretary-General"),
        ("The Director-General: Welcome.", "The Director-General"),
        ("The Vice-President (Ghana): The floor is yours.", "The Vice-President (Ghana)"),
        ("Mr. Ba (Mali) (interpretation from French): Mali", "Mr. Ba (Mali) (interpretation from French)"),
        ("Sheikh Al-Thani (Qatar): Qatar...", "Sheikh Al-Thani (Qatar)"),
    ],
)  # fmt: skip
def test_verbatim_labels_use_the_vocabulary_titles(line, label):
    assert VERBATIM_LABEL.match(line).group("label") == label


def test_the_answer_is_not_an_officer():
    assert not VERBATIM_LABEL.match("The answer is simple: we agree.")


@pytest.mark.parametrize(
    "label, person",
    [("Panelist", True), ("PANELLIST 2", True), ("Co-Host", True), ("Guest Speaker", True),
     ("Audience member", True), ("Participant B", True), ("Participants", False), ("Panel", False),
     ("Guest Lectures", False), ("Participant Feedback", False)],
)  # fmt: skip
def test_a_person_label_names_only_the_part_someone_takes(label, person):
    assert (v.PERSON_LABEL.fullmatch(label) is not None) is person


# --- language notes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note, language",
    [
        ("(spoke in French)", "French"),
        ("( spoke in\nSpanish )", "Spanish"),
        ("(interpretation from Arabic)", "Arabic"),
        ("(spoke in Russian; English text provided by the delegation)", "Russian"),
        ("(speaking Chinese)", "Chinese"),
    ],
)
def test_language_note_gives_the_language(note, language):
    assert v.LANGUAGE_NOTE.fullmatch(note).group("language") == language
    assert re.fullmatch(v.LANGUAGE_NOTE_SOURCE, note)


@pytest.mark.parametrize(
    "note, language",
    [
        ("(interprétation de l'espagnol)", "Spanish"),
        ("(interprétation du français)", "French"),
        ("(Interprétation de l’arabe)", "Arabic"),
        ("(parle en anglais)", "English"),
        ("(habla en francés)", "French"),
        ("(habla en inglés)", "English"),
        ("(interpretación del ruso)", "Russian"),
        ("(habla en ingles)", "English"),  # typed without its accent
        ("(interprétation du francais)", "French"),
        ("(interpretación del chino)", "Chinese"),
        ("(Interprétation de l'Espagnol)", "Spanish"),  # capitalised as a title would be
        ("(interpretation du russe)", "Russian"),  # "interprétation" typed without its accent
        ("(s'exprime en chinois)", "Chinese"),
    ],
)
def test_a_french_or_spanish_language_note_gives_the_language_in_english(note, language):
    """A francophone secretariat's minutes and a Spanish record note the floor language in their own words;
    the turn's floor_language is the language's English name, as for "(spoke in French)"."""
    assert v.language_name(v.LANGUAGE_NOTE.fullmatch(note).group("language")) == language
    assert v.LABEL_NOTE.fullmatch(note) and v.LABEL_LANGUAGE_NOTE.fullmatch(note)


@pytest.mark.parametrize("text", ["(habla en público)", "(parle en son nom)", "(interprétation de la loi)"])
def test_a_french_or_spanish_bracket_naming_no_language_is_no_note(text):
    assert not v.LANGUAGE_NOTE.search(text)


@pytest.mark.parametrize("text", ["(in English)", "(spoke in french)", "(Kenya)", "(speaking slowly)"])
def test_not_a_language_note(text):
    assert not v.LANGUAGE_NOTE.search(text)


@pytest.mark.parametrize("note", ["(in English)", "[interpretation]", "(Spoken in French)", "(translated)"])
def test_labels_shed_any_bracketed_language_note(note):
    assert v.LABEL_LANGUAGE_NOTE.fullmatch(note)
    assert not v.LABEL_LANGUAGE_NOTE.search("Mr. Otieno (Kenya)")


@pytest.mark.parametrize(
    "note", ["(spoke in French)", "(interpreted from French)", "(interpretation)", "[FR]", "[ ZH ]"]
)
def test_a_label_of_any_form_may_carry_a_language_note(note):
    assert v.LABEL_NOTE.fullmatch(note) and v.LABEL_LANGUAGE_NOTE.fullmatch(note)


@pytest.mark.parametrize("text", ["(Rwanda)", "[fr]", "(FR)", "[SPEAKER_00]", "(in English)"])
def test_not_a_note_a_label_hands_to_its_turn(text):
    """A note moved to the turn is one text cleaning takes out; "(in English)" stays in the label."""
    assert not v.LABEL_NOTE.search(text)


# --- giving the floor -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I now give the floor to",
        "handing over the floor to",
        "I yield the floor to",
        "the floor is yours",
        "I call upon",
        "Next speaker is",
        "let us hear from",
        "you have the floor",
    ],
)
def test_floor_given(text):
    assert v.FLOOR_GIVEN.search(text.upper()) and v.FLOOR_GIVEN.search(text)


@pytest.mark.parametrize("text", ["Thank you, Kenya.", "the floor of the ocean", "We give support to Chile."])
def test_floor_not_given(text):
    assert not v.FLOOR_GIVEN.search(text)


def test_addressee_before_only_for_the_you_forms():
    assert v.ADDRESSEE_BEFORE.search("the floor is yours")
    assert not v.ADDRESSEE_BEFORE.search("I now give the floor to")


@pytest.mark.parametrize(
    "text",
    ["Please go ahead", "please, proceed", "Please take the floor", "Go ahead", "Ethiopia has the floor"],
)
def test_every_go_ahead_and_has_the_floor_names_its_addressee_before_it(text):
    """What FLOOR_GIVEN finds of GO_AHEAD and HAVE_THE_FLOOR, ADDRESSEE_BEFORE reads from the same source: the
    delegation is named before them ("Ghana, please go ahead")."""
    m = v.FLOOR_GIVEN.search(text)
    assert m and v.ADDRESSEE_BEFORE.search(m.group())


@pytest.mark.parametrize(
    "text",
    [
        "I now give the floor to the distinguished delegate of Kenya",
        "I would now like to hand over the floor to Ghana",
        "you are on mute",
        "next slide please",
        "I invite the representative of Peru to take the floor",
    ],
)
def test_procedural_phrases(text):
    assert v.PROCEDURAL_PHRASES.search(text)


def test_substance_is_not_procedural():
    assert not v.PROCEDURAL_PHRASES.search("Kenya calls for investment in digital skills")


# --- fillers and annotations ------------------------------------------------------------------


def test_filler_and_doubles_lists_do_not_overlap():
    assert not set(v.FILLERS) & v.LEGIT_DOUBLES
    assert all(f == f.lower() for f in v.FILLERS)


def test_doubles_are_written_in_lower_case_and_hold_the_common_reduplicated_words():
    """The checks fold case, so an entry in capitals would never match."""
    for words in (v.LEGIT_DOUBLES, v.LEGIT_HYPHEN_DOUBLES, v.DOUBLED_NAMES, v.REDUPLICATED_COMPOUNDS):
        assert all(w == w.lower() for w in words)
    assert {"south", "fifty", "win", "so", "bye", "hush", "half"} <= v.LEGIT_HYPHEN_DOUBLES
    assert {"south", "fifty", "win"} <= v.LEGIT_DOUBLES  # captions drop the hyphen: "south south"


@pytest.mark.parametrize("inner", ["inaudible", "crosstalk", "laughter", "speaking in french", "off mic"])
def test_annotation_words(inner):
    assert re.fullmatch(v.ANNOTATIONS, inner)


def test_an_editors_insertion_is_not_an_annotation():
    assert not re.fullmatch(v.ANNOTATIONS, "the Council")


# --- written once -----------------------------------------------------------------------------

# Words that only a copy of one of the vocabulary's lists would spell out inside a string of code.
_TELLTALES = re.compile(r"chairperson|spoke|\bmrs\b|giving|excellency|\buhm\b|inaudible|interpreted", re.I)


def _code_strings(path: Path) -> list[str]:
    """String literals of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


def test_no_module_keeps_its_own_copy_of_the_vocabulary():
    copies = [
        f"{path.relative_to(config.PACKAGE_DIR)}: {s[:60]!r}"
        for path in sorted(config.PACKAGE_DIR.rglob("*.py"))
        if path.name != "vocabulary.py"
        for s in _code_strings(path)
        if _TELLTALES.search(s)
    ]
    assert copies == []
