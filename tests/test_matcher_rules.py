"""The rule language of codebook 2.1: what each new condition of a rule does, in one small codebook.

Sentences are built as spaCy Docs with the POS tags and lemmas a trained pipeline would give
(or with none, as a blank pipeline gives), so each test reads as the rule it pins.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from analysis.coding import code as coding
from analysis.coding import codebook
from analysis.coding.matcher import ThemeMatcher
from helpers import blank_model

RULES = """
version: "0.2"
without: [theme of this session]
themes:
  - id: governance
    label: Governance
    short_label: Governance
    kind: enabler
    definition: Plans and laws.
    rules:
      - id: governance.plan
        terms: [plan/NOUN, plans/NOUN]
        with: [climate, development]
  - id: partnerships
    label: Partnerships
    short_label: Partnerships
    kind: enabler
    definition: Cooperation for development.
    not_in: [food security, energy security]
    rules:
      - id: partnerships.coop
        terms: [cooperation]
        with: [development, food]
        with_window: 6
        without: [security]
        without_window: 3
  - id: innovation
    label: Innovation
    short_label: Innovation
    kind: enabler
    definition: Research and the transfer of technology.
    rules:
      - id: innovation.research
        terms: [research]
      - id: innovation.transfer
        terms: [technology transfer, transfer]
        with: [research, partners]
      - id: innovation.digital
        terms: [digital]
        with: [partners, south]
"""


def loaded(tmp_path, text: str) -> codebook.Codebook:
    """A codebook written as a file and loaded, as the pipeline reads one."""
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    return codebook.load(path)


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    return loaded(tmp_path_factory.mktemp("cb"), RULES)


def tagged(words: str, pos: str = "", lemmas: str = "") -> Doc:
    """One sentence as a Doc; `pos` (one tag per word) as a tagger would give it, or none at all."""
    words_ = words.split()
    return Doc(
        spacy.blank("en").vocab,
        words=words_,
        pos=pos.split() or None,
        lemmas=lemmas.split() or [w.lower() for w in words_],
        sent_starts=[True] + [False] * (len(words_) - 1),
    )


def themes(rules, doc: Doc, veto: bool = False) -> list[tuple[str, str, str]]:
    """The theme matches (or with `veto` the codebook-wide veto's) as (theme, rule, words)."""
    m = ThemeMatcher(spacy.blank("en"), codebook=rules)
    return [(x.theme, x.rule, doc[x.start : x.end].text.lower()) for x in m.match(doc) if x.veto == veto]


def test_a_part_of_speech_on_a_term_word_is_checked_where_the_pipeline_tags(rules):
    verb = tagged("Korea plans to fund climate action", "PROPN VERB PART VERB NOUN NOUN")
    noun = tagged(
        "Our climate plans are ambitious", "PRON NOUN NOUN AUX ADJ", "our climate plan be ambitious"
    )
    assert themes(rules, verb) == []
    assert ("governance", "governance.plan", "plans") in themes(rules, noun)


def test_a_blank_pipeline_matches_a_tagged_term_as_if_it_had_no_tag(rules):
    untagged = tagged("Korea plans to fund climate action")
    assert ("governance", "governance.plan", "plans") in themes(rules, untagged)
    # the code path the pipeline uses: a blank English pipeline with a sentencizer
    (c,) = coding.code_texts(["Korea plans to fund climate action."], nlp=blank_model(),
                             codebook_path=rules.path)  # fmt: skip
    assert c.themes == ("governance",)


def test_the_context_word_that_let_a_rule_fire_is_evidence_under_the_same_rule(rules):
    doc = tagged("Our development cooperation grows")
    assert themes(rules, doc) == [
        ("partnerships", "partnerships.coop", "cooperation"),
        ("partnerships", "partnerships.coop", "development"),
    ]


def test_the_evidence_of_a_theme_is_each_stretch_once_then_its_context_words_in_sentence_order(rules):
    # "transfer" lies inside "technology transfer" (the same last word): the longer match alone is evidence
    assert themes(rules, tagged("Technology transfer to partners")) == [
        ("innovation", "innovation.transfer", "technology transfer"),
        ("innovation", "innovation.transfer", "partners"),
    ]
    # "research" let the transfer rule fire but is a match of the theme already: not listed twice
    assert themes(rules, tagged("Research on technology transfer")) == [
        ("innovation", "innovation.research", "research"),
        ("innovation", "innovation.transfer", "technology transfer"),
    ]
    # context words follow the matches in the order they are said, whichever rule found them first
    assert themes(rules, tagged("South digital technology transfer with partners")) == [
        ("innovation", "innovation.digital", "digital"),
        ("innovation", "innovation.transfer", "technology transfer"),
        ("innovation", "innovation.digital", "south"),
        ("innovation", "innovation.transfer", "partners"),
    ]
    # a context word two rules share is credited to the rule that comes first in the codebook
    assert themes(rules, tagged("Digital partners in technology transfer")) == [
        ("innovation", "innovation.digital", "digital"),
        ("innovation", "innovation.transfer", "technology transfer"),
        ("innovation", "innovation.transfer", "partners"),
    ]


def sentences(*texts: str) -> Doc:
    """Several sentences as one Doc (lemmas the lower-case words), as a turn reaches the matcher."""
    words = [w for t in texts for w in t.split()]
    starts = [i == 0 for t in texts for i, _ in enumerate(t.split())]
    return Doc(spacy.blank("en").vocab, words=words, lemmas=[w.lower() for w in words], sent_starts=starts)


def test_a_sentence_is_coded_by_its_own_words_not_by_those_opening_the_next(rules):
    """A context word or a veto word that opens the next sentence reaches neither side of the full stop."""
    context_next = sentences("Cooperation grows .", "Development matters .")
    assert themes(rules, context_next) == []
    veto_next = sentences("Our development cooperation grows .", "Security matters too .")
    assert themes(rules, veto_next) == [
        ("partnerships", "partnerships.coop", "cooperation"),
        ("partnerships", "partnerships.coop", "development"),
    ]


PREFIXES = """
version: "0.2"
themes:
  - id: digital
    label: Digital
    short_label: Digital
    kind: enabler
    definition: Data.
    rules:
      - terms: [data*]
  - id: gender
    label: Gender
    short_label: Gender
    kind: cross_cutting
    definition: Women.
    rules:
      - terms: [woman*]
"""


def test_a_prefix_term_matches_the_word_that_is_the_prefix_itself(tmp_path):
    """`data*` matches "data" (whose lemma a tagger may give as "datum"), `woman*` matches "women" by its
    lemma "woman": a word no longer than the prefix is still a word that starts with it."""
    cb = loaded(tmp_path, PREFIXES)
    doc = tagged("Data on women", lemmas="datum on woman")
    assert themes(cb, doc) == [("digital", "digital.1", "data"), ("gender", "gender.1", "women")]


PATTERN = """
version: "0.2"
themes:
  - id: livelihoods
    label: Livelihoods
    short_label: Livelihoods
    kind: impact_area
    definition: Lives.
    rules:
      - token_patterns:
          - [{LOWER: better}, {OP: "{0,2}"}, {LOWER: lives}]
"""


def test_a_pattern_on_word_forms_matches_where_a_tagger_gives_other_lemmas(tmp_path):
    """A trained pipeline lemmatises "better" as "well" and "lives" as "life": a pattern asking for the forms
    still finds them (the sentence is not passed over for lacking its words as lemmas)."""
    cb = loaded(tmp_path, PATTERN)
    doc = tagged("We make better the lives of all", lemmas="we make well the life of all")
    assert themes(cb, doc) == [("livelihoods", "livelihoods.1", "better the lives")]


def test_a_veto_word_inside_a_not_in_phrase_does_not_veto(rules):
    food = tagged("Development cooperation on food security is vital")
    military = tagged("Development cooperation on military security is vital")
    assert [w for _, _, w in themes(rules, food)] == ["cooperation", "development"]
    assert themes(rules, military) == []  # "security" alone, within three words
    # nor does a word inside a not_in phrase give context: "food" in "food security"
    assert themes(rules, tagged("Cooperation on food security is vital")) == []


def test_a_veto_phrase_that_is_the_not_in_phrase_itself_still_vetoes(tmp_path):
    """Only a veto word strictly inside a `not_in` phrase is silenced: a rule that means to veto the phrase
    names it whole ("foreign policy": "foreign" alone is swallowed by `not_in: [foreign policy]`)."""
    assert RULES.count("without: [security]") == 1
    whole = loaded(tmp_path, RULES.replace("without: [security]", "without: [food security]"))
    assert themes(whole, tagged("Development cooperation on food security is vital")) == []
    energy = tagged("Development cooperation on energy security is vital")
    assert [w for _, _, w in themes(whole, energy)] == ["cooperation", "development"]


def test_a_codebook_wide_veto_leaves_the_sentence_without_any_theme(rules):
    doc = tagged("The theme of this session is development cooperation and climate plans")
    assert themes(rules, doc) == []
    # and says so: uncoded on purpose, not for want of a rule
    assert themes(rules, doc, veto=True) == [("procedural", "theme of this session", "theme of this session")]
    m = ThemeMatcher(spacy.blank("en"), codebook=rules)
    m(doc)
    assert list(doc.spans["themes"]) == []
    assert [(s.label_, s.id_, s.text) for s in doc.spans["vetoes"]] == [
        ("procedural", "theme of this session", "theme of this session")
    ]
    assert themes(rules, tagged("Development cooperation and climate plans"), veto=True) == []
    # said twice, the veto is shown where it is first said
    twice = tagged("On the theme of this session and the theme of this session again")
    assert [(x.start, x.end) for x in m.match(twice) if x.veto] == [(2, 6)]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("terms: [plan/NOUNS]", "unknown POS tag NOUNS"),
        ("terms: [plan/]", "unknown POS tag missing"),
    ],
)
def test_an_unknown_tag_is_an_input_error_naming_the_theme(tmp_path, rule, message):
    from analysis.errors import InputError

    with pytest.raises(InputError, match=message) as err:
        loaded(tmp_path, RULES.replace("terms: [plan/NOUN, plans/NOUN]", rule))
    assert "governance" in str(err.value)


def test_tags_are_kept_upper_case_and_words_lower_case(rules):
    raw = RULES.replace("[plan/NOUN, plans/NOUN]", "[Plan/noun, PLANS/Noun|propn]")
    cb = codebook.parse(__import__("yaml").safe_load(raw))
    assert cb.theme("governance").rules[0].terms == ("plan/NOUN", "plans/NOUN|PROPN")


THEME_WITHOUT = """
version: "0.2"
themes:
  - id: energy
    label: Energy
    short_label: Energy
    kind: enabler
    definition: Power for industry.
    without: [nuclear weapons]
    rules:
      - id: energy.power
        terms: [energy]
  - id: peace
    label: Peace
    short_label: Peace
    kind: enabler
    definition: Disarmament.
    rules:
      - id: peace.arms
        terms: [weapons]
"""


def test_a_themes_own_without_term_keeps_that_theme_off_the_whole_sentence_and_no_other(tmp_path):
    cb = loaded(tmp_path, THEME_WITHOUT)
    assert themes(cb, tagged("energy for industry")) == [("energy", "energy.power", "energy")]
    assert themes(cb, tagged("energy for industry and no nuclear weapons")) == [
        ("peace", "peace.arms", "weapons")
    ]


TWO_RULES = """
version: "0.2"
themes:
  - id: energy
    label: Energy
    short_label: Energy
    kind: enabler
    definition: Power for industry.
    rules:
      - id: energy.first
        terms: [renewable energy]
      - id: energy.second
        terms: [renewable energy, grid]
"""


def test_words_two_rules_of_a_theme_match_are_credited_to_the_first(tmp_path):
    cb = loaded(tmp_path, TWO_RULES)
    assert themes(cb, tagged("renewable energy needs a grid")) == [
        ("energy", "energy.first", "renewable energy"),
        ("energy", "energy.second", "grid"),
    ]
