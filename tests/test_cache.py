"""The caches of a processed folder: said in numbers, and pruned to what the next themes run reads."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import catalogue, config, io
from analysis.coding import cache
from analysis.coding import code as coding
from analysis.coding import nlp as nlp_mod

TEXTS = [
    "We must bridge the digital divide by investing in broadband for rural communities.",
    "Skills for young people are our first priority.",
    "Thank you, Chair.",
]


def turns(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return catalogue.conform(
        "turns",
        pd.DataFrame(
            {
                "session_id": ["S1"] * n,
                "group": ["African Group"] * n,
                "turn": list(range(n)),
                "speaker": ["Kenya"] * n,
                "country": ["KEN"] * n,
                "role": ["member_state"] * n,
                "text": texts,
                "source": [f"s1.txt:line {i}" for i in range(n)],
                "delegation": ["Kenya"] * n,
                "floor_language": [None] * n,
                "procedural": [False] * n,
                "n_words": [len(t.split()) for t in texts],
                "file": ["s1.txt"] * n,
            }
        ),
    )


def themes_run(folder, texts, codebook_path=config.CODEBOOK):
    """What the themes stage does to the caches: turns.parquet written, every turn parsed and coded."""
    io.write_parquet(turns(texts), catalogue.path(folder, "turns"))
    coding.code_turns(turns(texts), cache_dir=cache.cache_dir(folder), codebook_path=codebook_path)


@pytest.fixture
def folder(tmp_path):
    themes_run(tmp_path, TEXTS)
    return tmp_path


def counts(folder) -> dict[str, tuple[int, int]]:
    return {r.store: (r.records, r.in_use) for r in cache.usage(folder).itertuples()}


def test_a_fresh_run_uses_every_record(folder):
    assert counts(folder) == {"parses": (3, 3), "features": (3, 3), "codings": (3, 3)}


def test_records_of_earlier_turns_and_codebooks_are_counted_but_not_in_use(folder, tmp_path_factory):
    edited = tmp_path_factory.mktemp("cb") / "codebook.yaml"
    shutil.copy(config.CODEBOOK, edited)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# an analyst's edit\n", encoding="utf-8")
    themes_run(folder, TEXTS, codebook_path=edited)  # another codebook: three more codings, no features
    themes_run(folder, [TEXTS[0] + " Again.", *TEXTS[1:]])  # a re-cleaned turn: one more parse and coding
    assert counts(folder) == {"parses": (4, 3), "features": (4, 3), "codings": (7, 3)}


def test_saying_what_the_caches_hold_deletes_nothing(folder):
    """`usage` only counts: the records no current turn uses are still there after it (only `prune` frees)."""
    themes_run(folder, ["An older text about industrial policy.", *TEXTS])
    themes_run(folder, TEXTS)
    assert counts(folder) == {"parses": (4, 3), "features": (4, 3), "codings": (4, 3)}
    assert counts(folder) == {"parses": (4, 3), "features": (4, 3), "codings": (4, 3)}


def test_a_stores_size_is_its_file_and_write_ahead_log_in_megabytes(tmp_path):
    """The size `cache` says: the store and its -wal file, in millions of bytes (a -shm file is not data)."""
    (tmp_path / "parses.sqlite").write_bytes(b"\0" * 2_500_000)
    (tmp_path / "parses.sqlite-wal").write_bytes(b"\0" * 500_000)
    (tmp_path / "parses.sqlite-shm").write_bytes(b"\0" * 32_768)
    assert cache._megabytes(tmp_path / "parses.sqlite") == pytest.approx(3.0)


def test_pruning_keeps_exactly_what_the_next_run_reads(folder, monkeypatch):
    themes_run(folder, ["An older text about industrial policy.", *TEXTS])
    themes_run(folder, TEXTS)
    before, after = cache.prune(folder)
    assert counts(folder) == {"parses": (3, 3), "features": (3, 3), "codings": (3, 3)}
    assert (after["records"] == after["in_use"]).all() and (after["megabytes"] <= before["megabytes"]).all()

    def no_parsing(*args, **kwargs):
        raise AssertionError("a pruned cache made the next run parse")

    monkeypatch.setattr(nlp_mod, "_parsed", no_parsing)
    sentences, _ = coding.code_turns(turns(TEXTS), cache_dir=cache.cache_dir(folder))
    assert len(sentences) == 3


def test_the_summary_says_each_store_and_what_pruning_freed(folder):
    themes_run(folder, ["An older text about industrial policy.", *TEXTS])
    themes_run(folder, TEXTS)
    text = cache.summary(folder, *cache.prune(folder))
    assert text.splitlines()[0].startswith("parses: 4 records, 3 used by the current turns and codebook, ")
    assert " -> 3 records, " in text.splitlines()[1]


def test_a_folder_without_a_cache_says_so_and_makes_none(tmp_path):
    io.write_parquet(turns(TEXTS), catalogue.path(tmp_path, "turns"))
    assert cache.usage(tmp_path).empty
    assert cache.summary(tmp_path, cache.usage(tmp_path)).startswith("no cache in ")
    assert not cache.cache_dir(tmp_path).exists()


def test_a_folder_without_a_cache_or_turns_says_it_has_no_cache(tmp_path):
    """Nothing to count and nothing to keep: the folder's turns are not read (a fresh folder has none)."""
    assert cache.usage(tmp_path).empty
    assert cache.prune(tmp_path)[1].empty


@pytest.mark.parametrize("prune", [False, True])
def test_a_processed_folder_that_is_not_there_is_an_error_not_a_folder_without_a_cache(tmp_path, prune):
    """`cache --processed data/procesed` said 'no cache in data/procesed yet: the themes stage makes one'
    and exited 0, as if the folder were there."""
    from analysis.errors import InputError

    with pytest.raises(InputError) as err:
        cache.prune(tmp_path / "procesed") if prune else cache.usage(tmp_path / "procesed")
    assert str(err.value).startswith(f"{tmp_path / 'procesed'}: no such folder")
    assert not (tmp_path / "procesed").exists()
