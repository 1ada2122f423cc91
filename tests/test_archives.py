"""How much a zip made elsewhere (.docx, .qdpx) may unpack to before it is refused unread."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from analysis import archives
from analysis.errors import InputError


def _zip(path: Path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> zipfile.ZipFile:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return zipfile.ZipFile(path)


def test_a_small_file_of_very_repetitive_xml_is_read(tmp_path):
    """Ten MiB of XML whitespace packs to a few kB, far past a hundred times: harmless under 64 MiB."""
    with _zip(tmp_path / "a.docx", {"word/document.xml": b" " * 10 * 2**20}) as zf:
        archives.check_unpacked_size(zf, tmp_path / "a.docx", "")


def test_the_allowance_grows_with_the_files_size(tmp_path, monkeypatch):
    """Without the 64 MiB allowance, a file packed a few times is read and one packed a thousand is not."""
    monkeypatch.setattr(archives, "FREE", 0)
    with _zip(tmp_path / "a.docx", {"media/photo.jpg": os.urandom(2**20)}, zipfile.ZIP_STORED) as zf:
        archives.check_unpacked_size(zf, tmp_path / "a.docx", "")
    with _zip(tmp_path / "b.docx", {"word/document.xml": b" " * 2**20}) as zf:
        with pytest.raises(InputError):
            archives.check_unpacked_size(zf, tmp_path / "b.docx", "")


def test_the_members_are_counted_together(tmp_path, monkeypatch):
    """A bomb spread over many members, none too large alone, is a bomb all the same."""
    monkeypatch.setattr(archives, "FREE", 2**19)
    members = {f"word/part{i}.xml": b" " * 2**18 for i in range(4)}  # 1 MiB in all, a quarter each
    with _zip(tmp_path / "a.docx", members) as zf:
        with pytest.raises(InputError, match=r"unpack to 1 MiB \(word/part0\.xml: 262,144 bytes\)"):
            archives.check_unpacked_size(zf, tmp_path / "a.docx", "")


def test_exactly_the_allowance_is_read_and_a_byte_more_is_not(tmp_path, monkeypatch):
    path = tmp_path / "a.docx"
    with _zip(path, {"word/document.xml": b" " * 1000}) as zf:
        monkeypatch.setattr(archives, "RATIO", 1)
        monkeypatch.setattr(archives, "FREE", 1000 - path.stat().st_size)
        archives.check_unpacked_size(zf, path, "")
        monkeypatch.setattr(archives, "FREE", 999 - path.stat().st_size)
        with pytest.raises(InputError):
            archives.check_unpacked_size(zf, path, "")


def test_the_refusal_names_the_file_its_largest_member_the_sizes_and_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "FREE", 0)
    path = tmp_path / "minutes.docx"
    with _zip(path, {"a.xml": b" " * 100, "word/document.xml": b" " * 3 * 2**20, "z.xml": b" " * 10}) as zf:
        with pytest.raises(InputError) as err:
            archives.check_unpacked_size(zf, path, "Save it again from Word.")
    assert err.value.path == path
    assert str(err.value) == (
        f"{path}: its members would unpack to 3 MiB (word/document.xml: 3 MiB) from a file of "
        f"{path.stat().st_size:,} bytes: far more than any real document packs (a zip bomb, or a damaged "
        "file); not read. Save it again from Word."
    )
