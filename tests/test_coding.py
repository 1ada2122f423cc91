"""Theme coding: the codebook's rules as a spaCy component; turns -> coded sentences and evidence."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
import spacy

from analysis import catalogue, config
from analysis.coding import code as coding
from analysis.coding import features, terms
from analysis.coding import matcher as coding_matcher
from analysis.coding.sentences import theme_matrix
from helpers import blank_model, counting


def fresh():
    """No trained model needed: words match the codebook's terms by their lower-case form."""
    return blank_model()


@pytest.fixture(scope="module")
def blank():
    return fresh()


def code(blank, *texts):
    return coding.code_texts(list(texts), nlp=blank)


def test_the_code_command_counts_the_texts_given_a_theme(blank, tmp_path, monkeypatch):
    """`code`'s summary: every text read, and of them those given a theme (a courtesy has none)."""
    from analysis import pipeline

    real = coding.code_texts
    monkeypatch.setattr(coding, "code_texts", lambda texts: real(texts, nlp=blank))
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text(
        "id,text\n1,We must invest in broadband.\n2,Thank you.\n3,Skills for the young.\n", encoding="utf-8"
    )
    said, _ = pipeline.code_csv(src, out)
    assert said == f"code: 3 texts, 2 with a theme -> {out}"


def test_the_codebook_examples_are_coded_as_the_codebook_says(blank):
    divide, thanks = code(
        blank,
        "We must bridge the digital divide by investing in broadband for rural communities.",
        "I congratulate you, Mr. President, on your election.",
    )
    assert divide.themes == ("finance_investment", "infrastructure", "inclusion")  # codebook order
    assert divide.evidence["infrastructure"] == ("broadband",)
    assert thanks.themes == ()
    assert thanks.evidence_str == ""


def test_a_sentence_vetoed_as_procedural_says_which_words_vetoed_it(blank, tmp_path):
    turns = TURNS.iloc[[3]].assign(
        text="I congratulate you, Mr. President, on your election. Our youth need skills."
    )
    out, evidence = coding.code_turns(turns, cache_dir=tmp_path, nlp=blank)
    assert out["vetoed_by"].tolist() == ["congratulate you", ""]
    assert [list(t) for t in out["themes"]] == [[], ["skills", "inclusion"]]
    assert set(evidence["sentence_id"]) == {"s1/1/1"}  # a veto is no evidence for a theme


def test_a_sentence_that_only_runs_the_meeting_inside_a_statement_is_not_counted(blank, tmp_path):
    """ "Thank you, Chair." is no more a priority than a turn of it: left in, it would dilute every
    share, most in a format that splits it off (9% to 25% of a group's sentences in the sample). A
    short sentence that thanks or greets nobody is speech, however short ("Thanks to digitalization" gives a
    cause, "Hi-tech" greets nobody)."""
    turns = TURNS.iloc[[3]].assign(
        text="Thank you, Chair. Croatia thanks the Secretariat. Can you hear me? Our youth need skills. "
        "In that regard. Hunger continues. We welcome the New Agenda for Peace. Thanks to digitalization. "
        "Hi-tech industries."
    )
    out, _ = coding.code_turns(turns, cache_dir=tmp_path, nlp=blank)
    assert out["counted"].tolist() == [False, False, False, True, True, True, True, True, True]
    assert out["procedural"].tolist() == [True, True, True, False, False, False, False, False, False]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("A climate of mistrust has settled over the negotiations.", "climate_environment"),
        ("We must create an environment conducive to dialogue and peace.", "climate_environment"),
        (
            "The Fifth Committee approved the regular budget of the Organization and its funding.",
            "finance_investment",
        ),
        ("Men and women deployed in peacekeeping missions deserve our thanks.", "inclusion"),
        ("Our alliance will deepen military cooperation for development of our defence.", "partnerships"),
        ("Security Council reform requires a new framework for technology and development.", "governance"),
        ("It is important that the truth prevail.", "economic_development"),
    ],
)
def test_do_not_code_cases_from_the_codebook_are_not_coded(blank, text, absent):
    (coding,) = code(blank, text)
    assert absent not in coding.themes


def test_a_passing_context_word_is_needed_for_ambiguous_triggers(blank):
    alone, tied = code(
        blank,
        "We value our cooperation with our neighbours.",
        "South-South cooperation helps us build industry and trade.",
    )
    assert "partnerships" not in alone.themes
    assert "partnerships" in tied.themes and "economic_development" in tied.themes


def test_a_text_is_coded_as_the_union_of_its_sentences_and_evidence_is_readable(blank):
    (c,) = code(blank, "Climate change is here. Our schools need teachers.")
    assert c.themes == ("climate_environment", "skills")
    assert c.evidence_str == "climate_environment=climate change; skills=schools,teachers"


def test_coding_the_same_input_twice_gives_identical_output(blank):
    texts = ["Renewable energy and roads.", "Nothing here.", "Women and youth in the digital economy."]
    assert code(blank, *texts) == code(blank, *texts)


def test_the_component_assigns_one_span_per_match_labelled_with_theme_and_rule():
    blank = fresh()
    matcher = blank.add_pipe("theme_matcher")
    assert blank.get_pipe_meta("theme_matcher").assigns == ["doc.spans"]
    assert "doc.sents" in blank.get_pipe_meta("theme_matcher").requires
    assert matcher.labels[0] == "climate_environment" and len(matcher.labels) == 11
    doc = blank("Hunger is rising. We thank the Chair.")
    assert [(s.text, s.label_, s.id_) for s in doc.spans["themes"]] == [
        ("Hunger", "livelihoods", "livelihoods.1")
    ]
    from analysis.coding.matcher import sentence_themes

    (first, spans), (second, none) = sentence_themes(doc)
    assert [s.label_ for s in spans] == ["livelihoods"] and none == []


def test_the_component_is_initialised_with_a_codebook_and_saved_with_its_pipeline(tmp_path, windowed):
    blank = fresh()
    matcher = blank.add_pipe("theme_matcher")
    matcher.initialize(codebook=windowed)
    assert matcher.labels == ("partnerships", "economic_development")
    blank.to_disk(tmp_path / "pipeline")
    restored = spacy.load(tmp_path / "pipeline")
    doc = restored("Industrial cooperation in clean energy matters.")
    assert sorted({s.label_ for s in doc.spans["themes"]}) == ["economic_development", "partnerships"]
    assert restored.get_pipe("theme_matcher").codebook.hash == matcher.codebook.hash
    again = fresh().add_pipe("theme_matcher").from_bytes(matcher.to_bytes())
    assert again.labels == matcher.labels


def tagged(tokens: str):
    """A one-sentence Doc, as a tagger would leave it, from "word/POS[/lemma]" tokens (lemma: the word in
    lower case); a token ending in "+" has no space after it ("5/NUM+ G/NOUN")."""
    from spacy.tokens import Doc

    words, pos, lemmas, spaces = [], [], [], []
    for token in tokens.split():
        word, tag, *lemma = token.removesuffix("+").split("/")
        words.append(word)
        pos.append(tag)
        lemmas.append(lemma[0] if lemma else word.lower())
        spaces.append(not token.endswith("+"))
    starts = [True] + [False] * (len(words) - 1)
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, pos=pos, lemmas=lemmas, sent_starts=starts)
    return next(iter(doc.sents))


def test_noun_phrases_come_from_pos_tags_alone():
    sent = tagged(
        "Bold/ADJ new/ADJ digital/ADJ public/ADJ infrastructure/NOUN helps/VERB/help small/ADJ "
        "farmers/NOUN/farmer in/ADP Kenya/PROPN ./PUNCT"
    )
    # at most four tokens: the run of five keeps its last four
    assert features.noun_phrases(sent) == ["new digital public infrastructure", "small farmer"]
    assert features.content_lemmas(sent) == [
        "bold", "new", "digital", "public", "infrastructure", "help", "small", "farmer", "kenya",
    ]  # fmt: skip


TURNS = pd.DataFrame(
    {
        "session_id": ["s2", "s1", "s1", "s1", "s1"],
        "group": ["Arab Group", "African Group", "African Group", "African Group", "African Group"],
        "turn": [0, 2, 0, 1, 3],
        "speaker": ["Egypt", "Kenya", "Chair", "Ghana", "Mali"],
        "country": ["EGY", "KEN", None, "GHA", "MLI"],
        "role": ["member_state", "member_state", "chair", "member_state", "member_state"],
        "text": [
            "Water is life.  Broadband too!",
            "Thank you, Chair.",
            "I give the floor to Ghana. Food security matters.",
            "Our youth need skills. We need investment in roads. And peace.",
            "",
        ],
        "source": ["e.vtt:1", "k.vtt:9", "c.vtt:1", "g.vtt:5", "m.vtt:2"],
        "procedural": [False, True, True, False, False],
    }
)


def test_code_turns_gives_one_sorted_row_per_sentence_with_the_catalogue_columns(blank, tmp_path):
    out, evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert list(out.columns) == catalogue.table("sentences").column_names()
    assert list(evidence.columns) == catalogue.table("evidence").column_names()
    assert list(zip(out.session_id, out.turn, out.sentence, strict=True)) == [
        ("s1", 0, 0), ("s1", 0, 1), ("s1", 1, 0), ("s1", 1, 1), ("s1", 1, 2), ("s1", 2, 0),
        ("s2", 0, 0), ("s2", 0, 1),
    ]  # fmt: skip
    ghana = out[out.turn == 1]
    assert [list(t) for t in ghana.themes] == [
        ["skills", "inclusion"],
        ["finance_investment", "infrastructure"],
        [],
    ]
    assert ghana.sentence_id.tolist() == ["s1/1/0", "s1/1/1", "s1/1/2"]
    assert ghana.counted.all()
    assert not out[out.role == "chair"].counted.any()  # chair: not a delegation
    assert not out[(out.session_id == "s1") & (out.turn == 2)].counted.any()  # procedural
    assert out.loc[out.session_id == "s2", "text"].tolist() == ["Water is life.", "Broadband too!"]
    assert out.loc[out.session_id == "s2", ["start", "end"]].values.tolist() == [[0, 14], [16, 30]]
    assert out.n_words.tolist()[:2] == [6, 3]
    first = evidence[evidence.sentence_id == "s1/1/0"]
    assert first[["theme", "rule", "text"]].values.tolist() == [
        ["skills", "skills.1", "skills"], ["inclusion", "inclusion.1", "youth"],
    ]  # fmt: skip
    texts = dict(zip(TURNS.session_id + "/" + TURNS.turn.astype(str), TURNS.text, strict=True))
    for row in evidence.itertuples():
        turn_text = texts[row.sentence_id.rsplit("/", 1)[0]]
        assert turn_text[row.start : row.end].lower() == row.text  # offsets point at the words


def test_a_second_run_parses_nothing_and_a_codebook_edit_only_rematches(tmp_path, monkeypatch):
    blank = fresh()
    seen = counting(blank)
    first, first_evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert len(seen) == 4  # four non-empty unique texts
    seen.clear()
    again, again_evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert seen == [] and again.equals(first) and again_evidence.equals(first_evidence)

    edited = tmp_path / "codebook.yaml"
    text = config.CODEBOOK.read_text(encoding="utf-8").replace(
        "terms: [poverty, poorest,", "terms: [peace, poverty, poorest,"
    )
    edited.write_text(text, encoding="utf-8")
    read = []
    real = coding.sentence_features
    monkeypatch.setattr(coding, "sentence_features", lambda *a, **k: read.append(1) or real(*a, **k))
    recoded, recoded_evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank, codebook_path=edited)
    assert seen == [] and read == []  # parses and sentence features came from the caches
    assert [list(t) for t in recoded.loc[recoded.text == "And peace.", "themes"]] == [["livelihoods"]]
    # what the edit did not touch is as a run from nothing makes it
    scratch, scratch_evidence = coding.code_turns(TURNS, nlp=fresh(), codebook_path=edited)
    assert recoded.equals(scratch) and recoded_evidence.equals(scratch_evidence)


def test_the_progress_bars_name_the_work_being_done(tmp_path, monkeypatch):
    """A cold run shows its parsing, its coding and the building of its tables; after a codebook edit nothing
    is parsed, and no bar says it is (the ten-year run showed "parsing and coding" while only matching).
    Building the tables has a bar: on the ten General Debate years it took seconds after the coding bar."""
    import analysis.progress

    bars: list[str] = []

    def recorded(iterable, desc, total=None, unit="it"):
        bars.append(desc)
        return iterable

    monkeypatch.setattr(analysis.progress, "progress", recorded)
    monkeypatch.setattr(coding, "progress", recorded)
    blank = fresh()
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert sorted(bars) == ["building tables", "coding", "parsing"]
    bars.clear()
    edited = tmp_path / "codebook.yaml"
    edited.write_text("# edited\n" + config.CODEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank, codebook_path=edited)
    assert bars == ["coding", "building tables"]


def test_the_tables_are_built_with_the_cyclic_garbage_collector_paused_and_it_is_back_on_after(
    blank, tmp_path, monkeypatch
):
    """The sentence records are acyclic lists, hundreds of thousands of them on a large corpus: each full
    collection walked them all again (ten General Debate years: 11.4 s to read them from the caches and
    build the tables, 3.6 s without). Reading cached records and building the tables run without it."""
    import gc

    assert gc.isenabled()
    seen: dict[str, bool] = {}
    table, cached = coding._table, coding._cached

    def watched_table(name, rows):
        seen[name] = gc.isenabled()
        return table(name, rows)

    def watched_cached(store, keys, cache_dir):
        seen.setdefault("cache read", gc.isenabled())
        return cached(store, keys, cache_dir)

    monkeypatch.setattr(coding, "_table", watched_table)
    monkeypatch.setattr(coding, "_cached", watched_cached)
    out, _ = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert seen == {"cache read": False, "sentences": False, "evidence": False}
    assert gc.isenabled() and len(out) > 0
    gc.disable()
    try:  # left off by whoever turned it off
        coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.model
def test_the_code_stage_lets_go_of_the_pipeline_whose_vocabulary_grew_while_coding(tmp_path):
    """Every Doc the stage makes teaches the pipeline's vocabulary its words (40,423 lexemes over the ten
    General Debate years); kept in the caches of `load` and `matcher`, they stayed through `run`'s compare
    stage, whose peak was 200 MB higher. After the stage nothing holds the default pipeline."""
    from analysis import pipeline
    from analysis.coding import nlp as nlp_mod

    turns = TURNS.assign(delegation=TURNS["country"], floor_language=None, n_words=3, file="x.vtt")
    for name, data in catalogue.encode("turns", turns).items():
        (tmp_path / name).write_bytes(data)
    done = pipeline.code_stage(tmp_path)
    assert not done.up_to_date and done.counts["sentences"] > 0
    assert coding._default_matcher.cache_info().currsize == 0
    assert nlp_mod.load.cache_info().currsize == 0


def records_made(monkeypatch) -> list[str]:
    """A list that fills with "sentence_features" or "sentence_codes" each time one of the records is made."""
    made: list[str] = []
    for name in ("sentence_features", "sentence_codes"):
        real = getattr(coding, name)
        monkeypatch.setattr(
            coding, name, lambda *a, real=real, name=name, **k: made.append(name) or real(*a, **k)
        )
    return made


def test_an_edit_to_the_coding_code_remakes_the_cached_records(tmp_path, monkeypatch):
    """The features and coding caches are keyed by the source of the modules that make a record, not only
    by a format number someone must remember to raise: after a fix the old records are not served."""
    blank = fresh()
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    made = records_made(monkeypatch)
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert made == []  # served from the caches
    fingerprint = coding.stamps.code_fingerprint
    monkeypatch.setattr(coding.stamps, "code_fingerprint", lambda *a, **k: "edited" + fingerprint(*a, **k))
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert sorted(made) == ["sentence_codes"] * 4 + ["sentence_features"] * 4  # the four texts made again


def test_an_edit_to_the_country_table_remakes_the_cached_sentence_features(tmp_path, monkeypatch):
    """Whether a sentence only runs the meeting reads the country table ("Thank you, we support KEN." does,
    "Thank you, we support SMEs." is speech): cached with the sentence's features, it is made again when
    the table changes, as the words and lemmas are when the code does; the codes, which do not read it,
    are kept."""
    blank = fresh()
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    edited = tmp_path / "countries.csv"
    edited.write_bytes(config.COUNTRY_TABLE.read_bytes() + b"\n")
    monkeypatch.setattr(config, "COUNTRY_TABLE", edited)
    made = records_made(monkeypatch)
    coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert made == ["sentence_features"] * 4


def test_cached_codes_that_do_not_line_up_with_the_cached_sentences_are_made_again(tmp_path, capsys):
    """A text's sentence features and its codes are separate records; codes whose sentences start elsewhere
    than the features' (another parse) are never paired with the wrong sentence: both are made again."""
    from contextlib import closing

    from analysis.coding.store import Store

    blank = fresh()
    first, first_evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    with closing(Store(tmp_path, "codings")) as store:
        codebook_hash, pipeline = coding.matcher(nlp=blank).codebook.hash, coding.nlp_mod.pipeline_id(blank)
        keys = list(coding.coding_keys(["Water is life.  Broadband too!"], codebook_hash, pipeline).values())
        (record,) = store.get_many(keys).values()
        store.put_many([(keys[0], [[start + 1, *rest] for start, *rest in record])])
    again, again_evidence = coding.code_turns(TURNS, cache_dir=tmp_path, nlp=blank)
    assert "1 cached coding(s) out of step with their sentences; made again" in capsys.readouterr().err
    assert again.equals(first) and again_evidence.equals(first_evidence)


def test_theme_matrix_has_one_bool_column_per_theme_in_codebook_order():
    sentences = pd.DataFrame({"themes": [["skills", "inclusion"], [], None]})
    m = theme_matrix(sentences)
    assert list(m.columns)[:3] == ["climate_environment", "economic_development", "livelihoods"]
    assert len(m.columns) == 11 and all(dt == "bool" for dt in m.dtypes)
    assert m["skills"].tolist() == [True, False, False]
    assert m.sum(axis=1).tolist() == [2, 0, 0]


def test_a_parquet_theme_column_is_read_in_arrow_with_the_same_matrix_and_unknown_ids(monkeypatch):
    """The compare stage's units read the themes of every counted sentence twice (unknown ids, the matrix):
    a Python list per row took 2.6 s before its bar over ten General Debate years. The Arrow column the
    sentences table is read as gives the same answers without one; joined strings are still split."""
    from analysis.coding import sentences as view

    cells = [["skills", "inclusion"], [], None, ["skills", "not_a_theme"], ["skills"]]
    arrow = pd.DataFrame(
        {"themes": pd.array(cells, dtype=pd.ArrowDtype(pa.list_(pa.string())))}, index=[4, 9, 2, 7, 5]
    )
    by_cell = theme_matrix(pd.DataFrame({"themes": cells}, index=arrow.index))
    monkeypatch.setattr(view, "theme_lists", lambda _: pytest.fail("read row by row"))
    assert theme_matrix(arrow).equals(by_cell)
    assert view.unknown_themes(arrow, list(by_cell.columns)) == ["not_a_theme"]
    assert theme_matrix(arrow.iloc[:0]).shape == (0, 11)
    monkeypatch.undo()
    joined = pd.DataFrame({"themes": ["skills;inclusion", "", None, "skills; not_a_theme", "skills"]})
    assert theme_matrix(joined).to_numpy().tolist() == by_cell.to_numpy().tolist()
    assert view.unknown_themes(joined, list(by_cell.columns)) == ["not_a_theme"]


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.slow
def test_agreement_with_the_adjudicated_dev_set_meets_the_target(shared_dir):
    from analysis.coding import nlp, validate

    if nlp.model_info()["package"] == "none":
        pytest.skip("no trained English pipeline installed")
    report = validate.validate_file(shared_dir / "specs" / "themes-dev.tsv")
    assert report.micro_f1 >= 0.80 and report.macro_f1 >= 0.75


WINDOWED = """
version: "0.1"
themes:
  - id: partnerships
    label: Partnerships
    short_label: Partnerships
    kind: enabler
    definition: Cooperation for development.
    not_in: [atomic energy agency]
    rules:
      - terms: [partnerships, cooperation]
        with: [growth, energy]
        without: [security]
        without_window: 4
      - terms: [solidarity]
        with: [pandemic]
        with_window: 3
  - id: economic_development
    label: Economic development
    short_label: Economy
    kind: impact_area
    definition: Industry.
    rules:
      - terms: [industrial]
        not_in: [pre industrial]
"""


@pytest.fixture(scope="module")
def windowed(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(WINDOWED, encoding="utf-8")
    return path


def code_with(path, *texts):
    return [c.themes for c in coding.code_texts(list(texts), nlp=fresh(), codebook_path=path)]


def test_a_veto_word_suppresses_a_match_only_within_its_window(windowed):
    far, near = code_with(
        windowed,
        "We built partnerships with African countries to support growth, jobs, schools, health and security.",
        "Our security cooperation will bring growth.",
    )
    assert far == ("partnerships",)  # "security" is ten words from "partnerships"
    assert near == ()  # "security" is next to "cooperation"


def test_a_with_window_needs_the_context_word_close_to_the_match(windowed):
    close, distant = code_with(
        windowed,
        "Global solidarity against the pandemic saved lives.",
        "Solidarity is our creed, as we said at the summit many years ago, long before the pandemic.",
    )
    assert close == ("partnerships",)
    assert distant == ()


def test_words_inside_a_not_in_phrase_neither_match_nor_give_context(windowed):
    names, real = code_with(
        windowed,
        "We value cooperation with the International Atomic Energy Agency, and warming"
        " above pre-industrial levels.",
        "Industrial cooperation in clean energy matters.",
    )
    assert names == ()  # "energy" is part of a name, "industrial" of "pre-industrial"
    assert real == ("partnerships", "economic_development")


def test_noun_phrases_keep_agenda_years_and_readable_lemmas():
    sent = tagged(
        "Agenda/PROPN 2063/NUM and/CCONJ the/DET 2030/NUM Agenda/PROPN need/VERB big/ADJ data/NOUN/datum "
        "in/ADP 1945/NUM ./PUNCT"
    )
    assert features.noun_phrases(sent) == ["agenda 2063", "2030 agenda", "big data"]
    assert "data" in features.content_lemmas(sent) and "datum" not in features.content_lemmas(sent)


def test_medium_stays_medium_and_only_the_plural_media_is_media():
    sent = tagged(
        "small/ADJ and/CCONJ medium/ADJ enterprises/NOUN/enterprise use/VERB social/ADJ media/NOUN/medium "
        "in/ADP the/DET medium/ADJ term/NOUN"
    )
    assert features.noun_phrases(sent) == ["medium enterprise", "social media", "medium term"]
    assert features.content_lemmas(sent) == [
        "small", "medium", "enterprise", "use", "social", "media", "medium", "term",
    ]  # fmt: skip


def test_codes_of_letters_and_digits_are_terms_even_where_the_tokenizer_split_them():
    """spaCy reads "5G" as "5" + "G" and tags "4IR" a number: discovery saw "g network" and no 4IR."""
    sent = tagged(
        "5/NUM+ G/NOUN networks/NOUN/network and/CCONJ 4IR/NUM skills/NOUN/skill for/ADP the/DET "
        "G20/PROPN in/ADP 5/NUM years/NOUN/year+ ./PUNCT"
    )
    assert features.noun_phrases(sent) == ["5g network", "4ir skill"]
    assert features.content_lemmas(sent) == ["5g", "network", "4ir", "skill", "g20", "year"]


def test_with_the_real_tokenizer_codes_are_found_at_a_sentence_end_and_units_are_not_codes():
    """spaCy kept "5G." whole at a sentence end (no code matched it); "10am", "5bn" and "2x" are units
    in small letters, not codes."""
    from analysis.coding import nlp as nlp_mod

    doc = nlp_mod.load()(
        "We need the rollout of 5G. At 10am, 5bn dollars for 2x growth and the 21st century."
    )
    first, second = (features.content_lemmas(s) for s in doc.sents)
    assert first == ["need", "rollout", "5g"]
    assert not {"10am", "am", "5bn", "2x", "21st"} & set(second)
    assert [t.text for t in doc[:8]] == ["We", "need", "the", "rollout", "of", "5", "G", "."]


def test_an_untagged_doc_has_its_alphabetic_words_as_lemmas_and_n_words_skips_spaces_and_punctuation():
    """A pipeline without a tagger or lemmatizer (the blank model) leaves no POS and no lemma: every
    alphabetic word that is not a stop word counts, as its lower-case form."""
    sent = next(iter(fresh()("We  support SMEs\nin Kenya, urgently.").sents))
    assert features.content_lemmas(sent) == ["support", "smes", "kenya", "urgently"]
    assert features.n_words(features.token_rows(sent)) == 6  # the doubled space, "\n", "," and "." are not


def test_content_lemmas_are_lower_case_and_keep_adverbs():
    sent = tagged("Kenya/PROPN/Kenya urgently/ADV needs/VERB/need UNIDO/PROPN/UNIDO ./PUNCT")
    assert features.content_lemmas(sent) == ["kenya", "urgently", "need", "unido"]


def test_a_text_in_capitals_has_codes_but_no_stop_words_numbers_or_ordinals_as_terms():
    """Only letters and digits together make a code: "THE" stays a stop word, "2030" a number, "21ST" and
    "1990S" an ordinal and a decade, and a number with a space before the capital is no code ("2 B")."""
    sent = tagged(
        "WE/PRON/we SUPPORT/VERB/support THE/DET/the 4IR/NUM IN/ADP/in 2030/NUM ,/PUNCT THE/DET/the 21ST/ADJ "
        "CENTURY/NOUN/century ,/PUNCT THE/DET/the 1990S/NUM AND/CCONJ/and ITEM/NOUN/item 2/NUM B/NOUN/b"
    )
    assert features.content_lemmas(sent) == ["support", "4ir", "century", "item", "b"]


def test_noun_phrases_start_afresh_at_an_adjective_after_a_noun_and_need_a_noun():
    sent = tagged(
        "UNIDO/PROPN technical/ADJ cooperation/NOUN is/AUX green/ADJ and/CCONJ bold/ADJ new/ADJ ./PUNCT"
    )
    assert features.noun_phrases(sent) == ["technical cooperation"]  # not "unido technical cooperation"


def test_noun_phrases_keep_only_agenda_years_and_words():
    """A four-digit number other than a year of 19xx or 20xx, a short number and a "%" (spaCy tags it a
    noun) are no part of a phrase."""
    sent = tagged(
        "3000/NUM tonnes/NOUN/tonne ,/PUNCT 20/NUM ships/NOUN/ship and/CCONJ a/DET 50/NUM %/NOUN rise/NOUN"
    )
    assert features.noun_phrases(sent) == []


PATTERNED = """
version: "0.0.1-test"
themes:
  - id: finance_investment
    label: Finance
    short_label: Finance
    kind: enabler
    definition: Money.
    rules:
      - token_patterns:
          - [{ORTH: {IN: ["$", "US$"]}}, {LIKE_NUM: true}]
  - id: livelihoods
    label: Livelihoods
    short_label: Livelihoods
    kind: impact_area
    definition: Lives.
    rules:
      - token_patterns:
          - [{LEMMA: {IN: [improve]}, OP: "?"}, {LOWER: better}, {OP: "{0,2}"}, {LOWER: lives}]
"""


@pytest.fixture(scope="module")
def patterned(tmp_path_factory):
    path = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    path.write_text(PATTERNED, encoding="utf-8")
    return path


def test_pattern_anchors_are_the_required_literal_tokens_of_each_pattern():
    anchors = terms.pattern_anchors(
        [
            [{"ORTH": {"IN": ["$", "US$"]}}, {"LIKE_NUM": True}],
            [{"LEMMA": "improve", "OP": "?"}, {"LOWER": "Better"}],  # optional tokens cannot anchor
            [{"LIKE_NUM": True}, {"LOWER": {"IN": ["dollars"]}, "OP": "+"}],
            [{"LEMMA": "share"}, {"OP": "{0,4}"}, {"LOWER": {"IN": ["experience", "expertise"]}}],
        ]
    )
    assert anchors == (
        (frozenset({"$", "us$"}),),
        (frozenset({"better"}),),
        (frozenset({"dollars"}),),
        (frozenset({"share"}), frozenset({"experience", "expertise"})),
    )
    # a sentence must hold a word of every required token of one pattern
    assert terms.may_match(anchors, {"we", "share", "expertise"})
    assert not terms.may_match(anchors, {"we", "share", "a", "border"})
    assert terms.may_match(anchors, {"us$", "40"})
    # a pattern with no literal token that must be there: no filter at all
    assert terms.pattern_anchors([[{"LOWER": "aid"}], [{"LIKE_NUM": True}, {"IS_PUNCT": True}]]) is None
    assert terms.pattern_anchors([[{"LOWER": {"NOT_IN": ["aid"]}}]]) is None
    assert terms.may_match(None, set())


def test_token_patterns_match_within_a_sentence_and_only_where_an_anchor_word_is(patterned):
    money, split, none, lives = code_with(
        patterned,
        "We pledged $ 40 million. Thank you.",
        "We will do better. The lives of all matter.",  # "better ... lives" would span two sentences
        "Forty countries joined.",
        "Thank you. We will make better the lives of all.",
    )
    assert money == ("finance_investment",)
    assert split == ()
    assert none == ()
    assert lives == ("livelihoods",)


def test_a_norm_pattern_is_never_filtered_out():
    # "colour" has the norm "color" but neither that form nor that lemma: it cannot anchor a sentence
    assert terms.pattern_anchors([[{"NORM": "color"}]]) is None


def test_the_sentences_table_holds_hyphenated_compounds_whole(tmp_path):
    """spaCy splits "start-ups" into start, -, ups; the code stage writes "start-up" into the lemmas and
    widens a noun phrase the hyphen cut ("technology start"), so every reader of the table sees the term."""
    from analysis.coding import nlp as nlp_mod

    turns = TURNS.iloc[:1].assign(
        text="Technology start-ups need cross-border e-commerce. We start now.", procedural=False
    )
    out, _ = coding.code_turns(turns, cache_dir=tmp_path, nlp=nlp_mod.load())
    first, second = (list(x) for x in out["lemmas"])
    assert {"start-up", "cross-border", "e-commerce"} <= set(first) and not {"up", "commerce"} & set(first)
    assert "technology start-up" in list(out["noun_phrases"][0])
    assert "start" in second  # a free-standing "start" is a word of its own


def test_two_matchers_in_one_pipeline_keep_their_own_themes_and_vetoes(tmp_path):
    blank = fresh()
    for key in ("first", "second"):
        blank.add_pipe("theme_matcher", name=key, config={"spans_key": key, "veto_key": f"{key}_vetoes"})
    doc = blank("I congratulate you, Mr. President, on your election. Hunger is rising.")
    for key in ("first", "second"):
        assert [(s.label_, s.id_) for s in doc.spans[f"{key}_vetoes"]] == [("procedural", "congratulate you")]
        assert [s.label_ for s in doc.spans[key]] == ["livelihoods"]
        assert [v and v.text for v in coding_matcher.sentence_vetoes(doc, f"{key}_vetoes")] == [
            "congratulate you",
            None,
        ]
    blank.to_disk(tmp_path / "pipeline")
    assert spacy.load(tmp_path / "pipeline").get_pipe("second").veto_key == "second_vetoes"


def test_a_token_pattern_in_a_later_sentence_is_evidenced_by_its_own_words(patterned):
    (coded,) = coding.code_texts(
        ["Thank you. We will make better the lives of all."], nlp=fresh(), codebook_path=patterned
    )
    assert coded.themes == ("livelihoods",)
    assert coded.evidence_str == "livelihoods=better the lives"


def test_a_matcher_loaded_from_bytes_saves_the_codebook_it_loaded(patterned):
    nlp = fresh()
    loaded = nlp.add_pipe("theme_matcher", config={"codebook": str(patterned)})
    again = fresh().add_pipe("theme_matcher").from_bytes(loaded.to_bytes())
    assert again.to_bytes() == loaded.to_bytes()
