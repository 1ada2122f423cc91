"""clean: machinery out, every word of substance in, idempotent; procedural speech flagged, never removed."""

from __future__ import annotations

import pytest

from analysis.ingest.textclean import clean, is_procedural, is_procedural_sentence, transcribed_as_spoken


@pytest.mark.parametrize(
    "raw,expected,whys",
    [
        ("Um, we need, uh, more investment.", "we need more investment.", {"filler"}),
        ("Kenya, erm, supports the the framework.", "Kenya supports the framework.", {"filler", "stutter"}),
        (
            "We-we need skills. I- I think dev- development matters.",
            "We need skills. I think development matters.",
            {"stutter"},
        ),
        (
            "Skills [inaudible] and [CROSSTALK] energy (laughter) matter.",
            "Skills and energy matter.",
            {"annotation"},
        ),
        ("<c>Digital</c> <00:00:01.000>skills [00:01:02] now", "Digital skills now", {"markup", "timestamp"}),
        ("Security Security Council", "Security Council", {"stutter"}),
        ("Thank you. We-We need skills.", "Thank you. We need skills.", {"stutter"}),  # after a stop
    ],
)
def test_machinery_is_removed_and_logged(raw, expected, whys):
    c = clean(raw)
    assert c.text == expected
    assert {why for _, why in c.removals} == whys


@pytest.mark.parametrize(
    "text",
    [
        "I believe that that approach is right.",  # "that that" is grammar, not a stutter
        "It had had an effect; what it is is clear.",
        "This is very very important, no no doubt.",
        "Mr. Um (Republic of Korea) spoke about the ER and Pago Pago.",
        "Patrice Lumumba of the Congo, Ruben Um Nyobe of Cameroon.",  # a name (BFA, General Debate 2023)
        "Baden-Baden and so-so results; in 2020 2020 figures.",
        "Kota-Kota hosted the talks. Kota-Kota is in Malawi.",  # a doubled name, in no list, opens each
        "HM Treasury and HM the King agree.",  # a filler's letters in capitals are an abbreviation
        "The report [the Council] cited (ICC) and (see A/79/198).",  # editorial brackets are kept
        "You know, I mean, like, well, ah, oh, so we act.",  # discourse markers are kept
    ],
)
def test_words_of_substance_are_kept(text):
    assert clean(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        # Auto-captions are lower case: a reduplicated compound is a word, not a stutter.
        "we support south-south cooperation and a fifty-fifty cost share",
        "results were so-so, bye-bye to hush-hush deals: a win-win, not a lose-lose",
        "half-half funding, tit-for-tat tariffs, one-on-one talks, north-north trade",
        "South-south and SOUTH-SOUTH cooperation. Fifty-fifty. Win-win.",
        "flights to pago pago and baden-baden",  # doubled place names, in captions' lower case
        # Without the hyphen, as captions often write them (the codebook's term is "south south").
        "south south cooperation on a fifty fifty basis is win win",
    ],
)
def test_reduplicated_words_are_kept_in_any_case(text):
    c = clean(text)
    assert c.text == text and c.removals == []


def test_lower_case_stutters_beside_a_reduplicated_word_still_go():
    c = clean("so we- we need the the de- development of south-south trade")
    assert c.text == "so we need the development of south-south trade"
    assert sorted(c.removals) == [("de-", "stutter"), ("the", "stutter"), ("we-", "stutter")]


def test_floor_language_is_kept_as_a_field_not_text():
    c = clean("(spoke in French) My delegation thanks the Chair.")
    assert c.text == "My delegation thanks the Chair." and c.floor_language == "French"
    assert clean("( spoke in\nSpanish ) Gracias.").floor_language == "Spanish"


@pytest.mark.parametrize(
    "text",
    [
        "Um, the the, uh, we-we [inaudible] need, erm, um, um skills",
        "the um the um the plan",
        "Thank you. Um, we, uh, and and, I- I- I agree.",
    ],
)
def test_idempotent(text):
    once = clean(text).text
    assert clean(once).text == once


@pytest.mark.parametrize(
    "text",
    [
        "Thank you very much, Madam Chair.",
        "I now give the floor to the distinguished delegate of Ghana.",
        "Ambassador Otieno, you have the floor.",
        "You are on mute. Can you hear me now?",
        "Next slide, please.",
        "Good morning everyone, and welcome.",
        "Sorry, Chair, I cannot hear -",  # a delegate's cross-talk in captions
        "I can't hear the interpretation.",
    ],
)
def test_procedural_speech_is_flagged(text):
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, Chair. Kenya supports investment in digital skills for young people.",
        "We need technology transfer and financing for small enterprises.",
        "Thank you. I give the floor to Ghana. But first, the Secretariat should explain the budget cuts.",
        "We cannot hear the voices of the poor in this framework.",
    ],
)
def test_substantive_speech_is_not_procedural(text):
    assert not is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Türkiye supports SMEs.",
        "Tanzania supports SMEs.",
        "Mexico supports AI.",
        "We support AI.",
        "Thank you, Chair. Mexico supports the SDGs.",
    ],
)
def test_a_short_statement_naming_a_country_and_an_acronym_is_not_procedural(text):
    # capitalised words are names only when addressed, not when a statement takes them as its object
    assert not is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you South Africa. Ethiopia has the floor.",
        "Thank you, Ghana, for your statement.",
        "I thank the representative of Egypt. I now give the floor to the representative of Morocco.",
        "Thank you, Fiji. Timor-Leste, Mr. João Pereira.",
        "Thank you, UNDP.",
        "Let me now invite Brazil.",
        "Good morning from Nairobi.",
        "My thanks to UNIDO.",
        "I now invite UNEP.",
        "Thank you, I now recognize UNESCO.",
        "Many thanks, Ambassador. I recognize the USA.",
        "We now hear UNHCR.",
        "Thank you. Next speaker UNFPA.",
    ],
)
def test_thanks_and_addresses_naming_delegations_stay_procedural(text):
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopia, you have the floor.",
        "Please go ahead, Ghana.",
        "Please,  go ahead Ghana",
        "Go ahead.",
        "Thank you. Ghana, go ahead!",
        "May I have the floor?",  # asking for it, as giving it, runs the meeting
        "Ghana go ahead",  # a caption's "go ahead" after the name, no comma
        "Thank you. Côte d'Ivoire go ahead.",
        "Thank you, Kenya. Ambassador Otieno go ahead.",
        "Ethiopia, you have the floor to speak.",
        "Ghana has the floor to respond.",
        "Please Ghana go ahead.",
        "Thank you. The Permanent Representative of Chile go ahead.",
        "Thank you Madam Chair the Ambassador go ahead.",  # a title after the address's "the"
        "Thank you Madam Chair Ambassador Otieno go ahead.",  # a title without "the": a name after it
    ],
)
def test_giving_the_floor_is_procedural(text):
    """The chair's words that only hand over ("go ahead" counts as no two words of substance)."""
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text", ["Ethiopia has the floor.", "Go ahead.", "Please go ahead, Ghana.", "Ghana go ahead."]
)
def test_a_sentence_giving_the_floor_inside_a_turn_runs_the_meeting(text):
    assert is_procedural_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "The representative of Côte d'Ivoire has the floor.",
        "Thank you, Niger. Côte d'Ivoire.",
        "The representative of Côte d’Ivoire has the floor.",  # a curly apostrophe
    ],
)
def test_a_name_with_an_elided_particle_is_a_name(text):
    """ "d'Ivoire" is part of a name, not a word of substance: "Côte d'Ivoire." gives the floor as
    "Indonesia." does, and "The representative of Côte d'Ivoire has the floor." holds one word of substance,
    not two."""
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text",
    ["The representative of Kenya spoke well.", "Côte d'Ivoire agrees.", "Côte d'Ivoire needs d'urgence."],
)
def test_a_name_with_an_elided_particle_saying_something_is_speech(text):
    assert not is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "thank you. côte d'ivoire has the floor",  # auto-captions: all lower case
        "thank you the representative of côte d'ivoire has the floor",
        "thank you. united republic of tanzania you have the floor",
        "thank you. ghana go ahead",
        "thank you ghana go ahead",  # no stop after the thanks, as auto-captions write it
        "thank you so much ghana go ahead",
        "thank you very much ghana go ahead",
        "thanks ghana go ahead",
        "thank you sir go ahead",  # a lower-case form of address before "go ahead", no name
        "thank you ambassador go ahead",
        "thank you madam chair ghana go ahead",
        "thank you mr. president go ahead",
        "thank you the representative of kenya go ahead",  # a lower-case delegate before the name
        "thank you the european union go ahead",
        "thank you madam chair the european union go ahead",  # the address, then a "the" before the name
        "thank you madam chair the distinguished delegate of ghana go ahead",
        "thank you. the distinguished representative of the republic of moldova go ahead",
        "thank you I give the floor to the republic of moldova",
        "thank you. I thank côte d'ivoire",  # the only capital: "I" (the floor-giving above takes all)
    ],
)
def test_a_lower_case_captions_country_is_a_name(text):
    """In a text without capitals a country the table knows counts as its name would written with capitals,
    not as words of substance: the chair giving the floor stays procedural."""
    assert is_procedural(text) and is_procedural_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "thank you. kenya supports the framework",  # the country is named, the verb says something
        "thank you. water is life",
        "china and india must act",
        "Thank you, Chair. And turkey.",  # where the text has capitals, a lower-case "turkey" is a word
    ],
)
def test_a_lower_case_caption_saying_something_is_speech(text):
    assert not is_procedural(text) and not is_procedural_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "We must go ahead with the reform.",
        "We will go ahead.",
        "Go ahead with the reform, Ghana!",
        "We go ahead.",  # a subject going ahead, not an addressee
        "The elections go ahead.",
        "Should Ghana go ahead?",
        "Elections go ahead.",  # a capitalised subject opening its sentence: no country, title or delegate
        "Thank you. Negotiations go ahead.",
        "thank you elections go ahead",  # after a caption's thanks too, a subject is no addressee
        "thank you the elections go ahead",  # a lower-case "the" before no name
        "thank you sir the elections go ahead",
        "thank you madam chair the negotiations go ahead",
        "Thank you Madam Chair the Paris Agreement go ahead.",  # the address's title is the chair's
        "Thank you, Your Excellency, the Sustainable Development Goals go ahead.",
        "thank you chair we go ahead",
        "thank you for the go ahead on the reform",
        "Thank you Negotiations go ahead.",
        "The Sustainable Development Goals go ahead.",
        "Ghana has the floor space.",  # "floor space": no floor given
        "Kenya has the floored argument.",
        "The Assembly has the floor to decide.",  # a purpose, not a speaker's turn
        "Youth has the floor to act.",
    ],
)
def test_going_ahead_or_a_floor_in_a_delegations_own_words_is_speech(text):
    assert not is_procedural(text) and not is_procedural_sentence(text)


# --------------------------------------------------------------------------- repeats across a comma


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("The, the answer lies in research.", "The answer lies in research."),
        ("We, we propose a fund.", "We propose a fund."),
        ("and it, it's terrible for consumers", "and it's terrible for consumers"),
        ("Security Security Council", "Security Council"),  # no comma: any word stutters
    ],
)
def test_a_small_word_said_again_across_a_comma_is_a_stutter(raw, expected):
    c = clean(raw)
    assert c.text == expected and {why for _, why in c.removals} == {"stutter"}


@pytest.mark.parametrize(
    "text",
    [
        "All perpetrators of war crimes, crimes against humanity and genocide",  # a list, spoken or written
        "Mr. Gaston Thorn, Prime Minister, Minister for Foreign Affairs",
        "Ghana, Guinea, Guinea Bissau, Liberia and Guinea, Guinea-Bissau",
        "to join the Court to do so, so that together we can act",  # "so" is a discourse marker
        "and it's funny, funny, funny... And",  # emphasis
    ],
)
def test_a_word_of_content_said_again_across_a_comma_is_kept(text):
    assert clean(text).text == text


# --------------------------------------------------------------------------- written records


@pytest.mark.parametrize(
    "text",
    [
        "the Memb er States and the er a of reform",  # a PDF's text layer split the words
        "Um Sang-hyun, the Er Xian delegate, and uh-oh",
        "the the Security Council and we-we said dev- development",  # as the record prints it
    ],
)
def test_a_written_record_has_no_disfluencies_to_remove(text):
    c = clean(text, disfluencies=False)
    assert c.text == text and c.removals == []


def test_a_written_record_still_loses_markup_annotations_and_the_language_note():
    c = clean("(spoke in French) <i>Kenya</i> [inaudible] thanks the Chair, er, today.", disfluencies=False)
    assert c.text == "Kenya thanks the Chair, er, today." and c.floor_language == "French"
    assert {why for _, why in c.removals} == {"floor_language", "markup", "annotation"}


def test_a_turn_of_courtesies_is_procedural_up_to_sixty_words_and_speech_beyond():
    thanks = "Thank you, Chair. "  # three words
    assert is_procedural(thanks * 20)  # 60 words
    assert not is_procedural(thanks * 20 + "Thanks.")  # 61: speech, whatever its words
    assert is_procedural("") and is_procedural("... !")  # no words at all


@pytest.mark.parametrize(
    ("sentence", "procedural"),
    [
        ("Thank you, Chair.", True),  # thanks, without a phrase that runs the meeting
        ("Croatia thanks the Secretariat.", True),
        ("Can you hear me?", True),  # runs the call, without thanks
        ("Hunger continues.", False),  # short, but speech
        ("In that regard.", False),
        ("Thanks to digitalization.", False),  # a cause, not thanks
    ],
)
def test_a_sentence_that_thanks_greets_or_runs_the_call_is_procedural(sentence, procedural):
    assert is_procedural_sentence(sentence) is procedural


@pytest.mark.parametrize(
    "sentence",
    [
        "Apologies, Chair.",
        "My apologies, Chair.",
        "Sorry, Chair.",
        "Sorry for the delay.",
        "I'm sorry, Madam Chair.",
        "Excuse me, Chair.",
        "apologies chair",  # a caption
    ],
)
def test_an_apology_inside_a_statement_is_a_courtesy(sentence):
    """An apology opening its sentence, to the chair or for the call, is a courtesy as thanks are: inside a
    statement it is no sentence of speech."""
    assert is_procedural_sentence(sentence) and is_procedural(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Apologies were received from Kenya and Ghana.",  # minutes record absences so
        "We demand apologies.",
        "Israel must apologise.",
        "We are sorry.",
        "Sorry, the framework fails the poor.",
    ],
)
def test_apologies_spoken_of_are_speech(sentence):
    assert not is_procedural_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Apologies to the victims.",
        "Our apologies to Africa.",
        "My apologies for colonialism.",
        "I'm sorry to say this.",
        "Excuse me for insisting.",
        "Sorry for the genocide.",
    ],
)
def test_an_apology_to_or_for_anything_but_the_call_is_speech(sentence):
    """An apology is a courtesy when it is to the chair or the room, or for the call's troubles ("Sorry for
    the delay", "Apologies for interrupting"); one to victims or for a wrong is a position, a word of
    substance after it notwithstanding."""
    assert not is_procedural_sentence(sentence) and not is_procedural(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Apologies for interrupting, Chair.",
        "Sorry for the delay, Chair.",
        "Sorry about that.",
        "Apologies to the interpreters.",
        "Excuse me, Madam Chair.",
    ],
)
def test_an_apology_for_the_calls_troubles_is_a_courtesy(sentence):
    assert is_procedural_sentence(sentence) and is_procedural(sentence)


# --------------------------------------------------------------------------- stutters and fillers, edges


@pytest.mark.parametrize(
    "raw,expected",
    [
        # a stutter at a sentence start after a colon, as after a speaker's label: not "Baden-Baden"
        ("The answer is simple: We-We must act.", "The answer is simple: We must act."),
        ("and I-I think we agree", "and I think we agree"),  # "I" stutters anywhere in a sentence
        ("we need infra- infrastructure", "we need infrastructure"),  # a fragment of five letters
        ("we need DEV- dev- development", "we need development"),
        ("so- so we need funds", "so we need funds"),  # a restart, though "so-so" is a word
        ("and we- we-we need more", "and we need more"),  # a stutter left by a stutter: to a fixed point
        ("The plan is er ambitious.", "The plan is ambitious."),  # a lower-case "er" needs no comma
        ("we thank the Secretary um General", "we thank the Secretary General"),  # no name: lower case
    ],
)
def test_stutters_and_fillers_of_speech_go_wherever_they_fall(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "the co- convenors met",  # a prefix set apart, not a restart
        "We met the Er Xian delegate.",  # a capitalised "Er" without a comma is a name
        "and uh-huh, the budget",  # a filler inside a hyphenated word is part of the word
        "a humanitarian pause (a pause in the fighting) now",  # brackets of words, one an annotation's
    ],
)
def test_words_that_only_look_like_machinery_are_kept(text):
    assert clean(text).text == text


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Skills [technical difficulties] and [speaking foreign language] energy", "Skills and energy"),
        ("Skills ([inaudible]) and energy", "Skills and energy"),  # brackets left empty go too
        (">> Thank you. >> We need skills.", "Thank you. We need skills."),  # captions' speaker change
        (">> Thank you. >>> We need skills.", "Thank you. We need skills."),
        # an annotation's removal leaves punctuation stranded: mended, and the restart it hid goes
        ("Thank you. [crosstalk], the floor is yours.", "Thank you. the floor is yours."),
        ("[inaudible]: we need more.", "we need more."),
        ("The [inaudible], the answer lies in research.", "The answer lies in research."),
    ],
)
def test_annotations_and_caption_markup_go_without_a_trace(raw, expected):
    assert clean(raw).text == expected


def test_the_floor_language_is_the_one_the_turn_opens_in():
    c = clean("(spoke in Spanish) Gracias. (spoke in English) We agree with the Secretary-General.")
    assert c.floor_language == "Spanish"
    assert c.text == "Gracias. We agree with the Secretary-General."


@pytest.mark.parametrize(
    "text",
    [
        "Thank you. I now invite the ILO.",  # a UN body whose name is no "UN...": the floor is given
        "Please proceed USA.",  # captions' "please proceed" to a delegation, without a comma
        "Please proceed UNICEF.",
        "Thank you, Chair, for your colleagues’ patience.",  # a courtesy in the possessive, curly quote
    ],
)
def test_giving_the_floor_to_a_body_or_delegation_by_its_acronym_is_procedural(text):
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, Chair. Floods destroy homes.",  # two words of substance after the courtesy
        "Thank you, Chair. African Continental Free Trade Area.",  # five capitalised words: no addressee
    ],
)
def test_a_courtesy_followed_by_a_short_statement_is_speech(text):
    assert not is_procedural(text)


def test_a_filler_inside_a_hyphenated_word_does_not_make_a_record_speech():
    assert not transcribed_as_spoken(["The Um-Salal road and Hmm-Tawil were shelled.", "He said uh-huh."])
    assert transcribed_as_spoken(["The road, uh, was shelled."])


def test_a_place_named_umm_is_a_name_not_a_filler():
    """Umm Qasr, Umm al-Quwain: a Security Council record names them; read as a filler, "Umm" made the
    whole written record a transcript of speech and the cleaner cut the names to "Qasr", "al-Quwain"."""
    text = "The port of Umm Qasr must stay open, and Umm al-Quwain too."
    assert not transcribed_as_spoken([text])
    assert clean(text).text == text
    # where it opens a sentence or is set off by commas it is still a filler
    assert transcribed_as_spoken(["Thank you. Umm, the port must stay open."])
    assert transcribed_as_spoken(["The port of, Umm, Basra"])
    assert clean("and so Um I think the port must stay open").text == "and so I think the port must stay open"


@pytest.mark.parametrize(
    "text",
    [
        "Thank you. Water is life.",  # the thanks and a statement pool only one lower-case word of substance
        "Thank you, Chair. Least Developed Countries matter.",  # capitalised words that name no addressee
        "Thank you, Mr. President. Kenya supports the Framework.",  # "Mr." ends no sentence
        "Thank you, Chair. “Water is life.”",  # curly quotes around the statement
        "“Thank you, Chair.” Water is life.",  # ... or around the thanks
        "Merci. Water is life.",  # thanks in French
        "Thanks, Chair… Water is life.",  # an ellipsis ends the thanks
        "I thank Ms. A. N. Otieno. Hunger kills.",  # a name with initials, then a statement
    ],
)
def test_a_turn_that_thanks_and_then_says_something_is_speech(text):
    # A turn only runs the meeting when every sentence of it does: the statement after the thanks is a
    # delegation's speech (`is_procedural_sentence` counts it inside a longer turn) and must be counted.
    assert not is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, Mr. President.",
        "I thank Amb. Otieno for chairing.",  # an abbreviation's full stop ends no sentence
        "Thank you, St. Lucia.",
        "Merci, Madame la Présidente.",
        "Apologies, Chair. Can you hear me now?",  # an apology and a check of the line, no statement
        "Thank you, Japan. Indonesia.",  # a bare name gives the floor
        "Thank you, Uruguay. And finally, Jamaica.",
        "Thank you, Peru. And lastly, Nepal.",
        "Thank you, Fiji. Timor-Leste, Mr. João Pereira.",
        "Thank you. Ghana? I think you are on mute.",
    ],
)
def test_a_turn_of_thanks_and_addresses_sentence_by_sentence_stays_procedural(text):
    assert is_procedural(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, H. E. Ambassador A. B. Otieno, for your words.",
        "I thank Her Excellency Dr. J. K. Wanjiru.",
        "Thank you, Ambassador J. R. R. Tolkien.",
    ],
)
def test_initials_and_titles_are_not_words_of_a_statement(text):
    """A name's initials and its titles are no words of substance, and no more of a name than its surname:
    six of them ("H. E. Ambassador A. B. Otieno") made the thanks a statement."""
    assert is_procedural(text) and is_procedural_sentence(text)


@pytest.mark.parametrize(
    "text",
    ["Thank you. Vitamin D matters.", "Thank you, Mr. J. K. Otieno. Plan B failed."],
)
def test_a_statement_beside_initials_is_speech(text):
    assert not is_procedural(text)
