"""Small helpers several test modules share."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy


def blank_model():
    """An untrained English pipeline that only splits sentences: fast, no model download."""
    model = spacy.blank("en")
    model.add_pipe("sentencizer")
    return model


def counting(model):
    """Wrap model.pipe so a test can see which texts were really parsed."""
    seen = []
    real = model.pipe

    def pipe(texts, **kw):
        texts = list(texts)
        seen.extend(texts)
        return real(texts, **kw)

    model.pipe = pipe
    return seen


def sentence_tables(rows):
    """The `sentences` and `evidence` tables (catalogue shapes) from terse test rows.

    A row gives what a test cares about: at least group, country, themes (a list or
    'a;b'); evidence as 'theme=word,word; theme=word'. Everything else gets a plain
    default, and the result passes the catalogue's schema like a real table.
    """
    import pandas as pd

    from analysis import catalogue

    sentences, evidence = [], []
    for i, r in enumerate(rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows):
        r = dict(r)
        session, turn, sentence = r.get("session_id", f"s{i}"), r.get("turn", i), r.get("sentence", 0)
        text = r.get("text", "...")
        sid = f"{session}/{turn}/{sentence}"
        for part in str(r.pop("evidence", "") or "").split(";"):
            theme, _, words = part.partition("=")
            for word in filter(None, (w.strip() for w in words.split(","))):
                evidence.append({"sentence_id": sid, "theme": theme.strip(), "rule": f"{theme.strip()}.1",
                                 "text": word, "start": 0, "end": len(word)})  # fmt: skip
        country = r.get("country")
        sentences.append({
            "sentence_id": sid, "session_id": session, "group": r.get("group", "African Group"),
            "turn": turn, "sentence": sentence, "speaker": r.get("speaker", country or "Chair"),
            "country": country, "role": r.get("role", "member_state" if country else "chair"),
            "procedural": r.get("procedural", False), "counted": r.get("counted", country is not None),
            "text": text, "start": 0, "end": len(text), "n_words": r.get("n_words", len(text.split())),
            "lemmas": r.get("lemmas", []), "noun_phrases": r.get("noun_phrases", []),
            "themes": r.get("themes", []), "vetoed_by": r.get("vetoed_by", ""),
            "overridden": r.get("overridden", False),
            "source": r.get("source", "synthetic"),
        })  # fmt: skip
    columns = catalogue.table("sentences").column_names()
    s = catalogue.conform("sentences", pd.DataFrame(sentences, columns=columns))
    e = catalogue.conform(
        "evidence", pd.DataFrame(evidence, columns=catalogue.table("evidence").column_names())
    )
    return s, e


def clean_one_file(fixture: Path, folder: Path, session_id: str, group: str):
    """(turns, log) of one fixture transcript cleaned as a one-session corpus in `folder`/raw."""
    from analysis.ingest import clean_corpus

    raw = folder / "raw"
    raw.mkdir()
    shutil.copy(fixture, raw / fixture.name)
    (raw / "sessions.csv").write_text(
        f"session_id,file,group\n{session_id},{fixture.name},{group}\n", encoding="utf-8"
    )
    return clean_corpus(raw)


def write_pdf(path: Path, pages: list[str], head: str) -> Path:
    """A PDF whose pages are ``pages``, each under a running head ``head`` and a job number with the page
    number ("24-12345 2/3"), as UN documents print them."""
    import fpdf

    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=10)
    for n, body in enumerate(pages, 1):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"{head}\n24-12345 {n}/{len(pages)}\n" + body)
    pdf.output(str(path))
    return path


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A Word file of plain paragraphs, one per string (skips the test where python-docx is missing)."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(path)
    return path


@contextlib.contextmanager
def another_run_writing(folder: Path) -> Iterator[tuple[subprocess.Popen, object]]:
    """Another process holding `folder`'s write lock (`io.writing`) until `done()` is called (or the block
    ends): (the process, done)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from analysis.io import writing\n"
         f"with writing({str(folder)!r}):\n    print('held', flush=True); sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip

    def done() -> None:
        holder.stdin.write("done\n")
        holder.stdin.flush()

    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder, done
    finally:
        holder.kill()
        holder.wait()
