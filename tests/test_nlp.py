"""Loading the pipeline by name, and the parse cache: parse once, reuse after."""

from __future__ import annotations

import pytest
import spacy

from analysis import config
from analysis.coding import nlp
from analysis.errors import InputError
from helpers import blank_model, counting


@pytest.fixture
def blank():
    return blank_model()


def test_model_info_names_the_canonical_pipeline_without_loading_it():
    info = nlp.model_info()
    if info["package"] == "none":
        pytest.skip("no trained English pipeline installed")
    assert info["name"] == "en_core_web_sm"
    assert info["package"] in config.SPACY_MODELS
    assert info["version"][0].isdigit() and info["spacy_version"] == spacy.__version__


def test_no_installed_pipeline_says_what_was_tried_and_how_to_install(monkeypatch):
    monkeypatch.setattr(config, "SPACY_MODELS", ("no_such_pipeline_a", "no_such_pipeline_b"))
    nlp.load.cache_clear()
    try:
        with pytest.raises(Exception) as err:
            nlp.load()
    finally:
        nlp.load.cache_clear()
    msg = str(err.value)
    assert "no_such_pipeline_a" in msg and "no_such_pipeline_b" in msg and "pip install" in msg


@pytest.mark.model
def test_the_trained_pipeline_runs_senter_and_not_the_parser():
    if nlp.model_info()["package"] == "none":
        pytest.skip("no trained English pipeline installed")
    model = nlp.load()
    assert "senter" in model.pipe_names and "lemmatizer" in model.pipe_names
    assert "parser" not in model.component_names and "ner" not in model.component_names
    doc = model("Our farmers need water. They also need roads!")
    assert [s.text for s in doc.sents] == ["Our farmers need water.", "They also need roads!"]
    assert doc[1].lemma_ == "farmer"


def test_a_record_rebuilds_the_same_sentences_without_parsing(blank):
    doc = blank("Climate change is real.  It is here!\nWe act.")
    again = nlp.record_doc(blank.vocab, nlp.doc_record(doc))
    assert again.text == doc.text
    assert [s.text for s in again.sents] == [s.text for s in doc.sents]


def test_each_unique_text_is_parsed_once_and_the_cache_is_reused(blank, tmp_path):
    seen = counting(blank)
    texts = ["One. Two.", "Three.", "One. Two."]
    first = [(t, d.text) for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)]
    assert seen == ["One. Two.", "Three."]
    assert sorted(first) == [("One. Two.", "One. Two."), ("Three.", "Three.")]
    seen.clear()
    second = [
        (t, [s.text for s in d.sents]) for t, d in nlp.parse_texts(texts, nlp=blank, cache_dir=tmp_path)
    ]
    assert seen == []
    assert dict(second) == {"One. Two.": ["One.", "Two."], "Three.": ["Three."]}
    assert (tmp_path / "parses.sqlite").is_file()


def test_a_record_keeps_lemmas_pos_and_sentences_through_json():
    import json

    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=["Farmers", "need", "water", ".", "They", "act", "!"],
        spaces=[True, True, False, True, True, False, False],
        lemmas=["farmer", "need", "water", ".", "they", "act", "!"],
        pos=["NOUN", "VERB", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT"],
        sent_starts=[True, False, False, False, True, False, False],
    )
    again = nlp.record_doc(vocab, json.loads(json.dumps(nlp.doc_record(doc))))
    assert again.text == "Farmers need water. They act!"
    assert [s.text for s in again.sents] == ["Farmers need water.", "They act!"]
    assert [t.lemma_ for t in again] == [t.lemma_ for t in doc]
    assert [t.pos_ for t in again] == [t.pos_ for t in doc]
    assert nlp.record_doc(vocab, nlp.doc_record(Doc(vocab, words=[]))).text == ""


def test_parsing_uses_worker_processes_only_for_large_jobs(monkeypatch):
    monkeypatch.setattr(config, "SPACY_PROCESSES", "auto")
    monkeypatch.setattr(config, "SPACY_PARALLEL_MIN_WORDS", 10)
    monkeypatch.setattr(config, "SPACY_MAX_PROCESSES", 4)
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 8)
    assert nlp.n_process(["three short words"]) == 1
    assert nlp.n_process(["five words in a text"] * 2) == 4  # capped at SPACY_MAX_PROCESSES
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 4)
    assert nlp.n_process(["five words in a text"] * 2) == 3  # a core is left for this process
    monkeypatch.setattr(nlp.os, "cpu_count", lambda: 2)
    assert nlp.n_process(["five words in a text"] * 2) == 1
    monkeypatch.setattr(config, "SPACY_PROCESSES", "3")
    assert nlp.n_process(["x"]) == 3


def test_a_bad_process_setting_names_the_variable(monkeypatch):
    monkeypatch.setattr(config, "SPACY_PROCESSES", "many")
    with pytest.raises(InputError, match="ANALYSIS_PROCESSES"):
        nlp.n_process(["x"])


def test_parsing_in_two_processes_gives_the_same_records_as_one(monkeypatch):
    texts = [f"Sentence {i} of a text. And a second one, number {i}!" for i in range(40)]
    model = blank_model()
    monkeypatch.setattr(config, "SPACY_BATCH_SIZE", 8)  # several batches, shared between the workers
    monkeypatch.setattr(config, "SPACY_PROCESSES", "1")
    one = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model)}
    monkeypatch.setattr(config, "SPACY_PROCESSES", "2")
    two = {t: nlp.doc_record(d) for t, d in nlp.parse_texts(texts, nlp=model)}
    assert two == one
