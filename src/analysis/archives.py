"""Zip files made elsewhere (a Word .docx, a REFI-QDA .qdpx): how much they may unpack to.

python-docx reads every part of a .docx whole into memory, and the import reads a .qdpx's project.qde
and texts whole: a few kB of deflated zeros or spaces can declare gigabytes (a "zip bomb"). Deflate
packs real documents a few times (the sample's Word XML 2-32 times, photographs about once); a file
whose members unpack to far more than a hundred times its own size is refused before anything is read.
The sizes a zip declares are binding: `zipfile` stops at a member's declared size and refuses it when
more data follows (a bad CRC), so checking them bounds what reading it can take.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.errors import InputError

# What a real document's members may unpack to in all: a hundred times the file, and 64 MiB whatever
# the file's size (small files of very repetitive XML are harmless).
RATIO = 100
FREE = 64 * 2**20


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB" if size >= 2**20 else f"{size:,} bytes"


def check_unpacked_size(zf: zipfile.ZipFile, path: Path, advice: str) -> None:
    """Refuse a zip whose members declare more unpacked bytes than a real document of its size holds
    (`RATIO`, `FREE`), naming the largest member; `advice`: what to do instead."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    packed = Path(path).stat().st_size
    if infos and total > RATIO * packed + FREE:
        big = max(infos, key=lambda i: i.file_size)
        raise InputError(
            f"its members would unpack to {_mib(total)} ({big.filename}: {_mib(big.file_size)}) from a file "
            f"of {_mib(packed)}: far more than any real document packs (a zip bomb, or a damaged file); "
            f"not read. {advice}",
            path,
        )
