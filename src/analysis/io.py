"""Atomic, deterministic writes and content hashes.

Every processed output goes through here: written to a temporary file in the
target folder, flushed, then renamed over the old one, so an interrupted run
leaves the last good file in place (and a run killed outright leaves a hidden
temporary that the next write of that output removes). Tables are written sorted by the caller and
with fixed formatting, so the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import yaml

from analysis.config import RAW_DIR

FLOAT_FORMAT = "%.6g"


def file_mode() -> int:
    """What a plain open() would give (0o666 less the umask); mkstemp's own is 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _guard(path: Path, raw: Path | None = None) -> None:
    """Raw data is read-only: refuse to write anywhere under data/raw (or the raw folder a run was given)."""
    where = Path(path).resolve()
    if any(where.is_relative_to(Path(folder).resolve()) for folder in (RAW_DIR, raw) if folder is not None):
        raise PermissionError(
            errno.EACCES, "refusing to write under the raw data folder (raw data is read-only)", str(path)
        )


# What to do about a folder the run cannot write in (read-only, another user's, a full or read-only disk).
CANNOT_WRITE = (
    "cannot write in this folder ({why}): make it writable, or give the command a folder you can write in "
    "(--processed, or --out for the figures)"
)
# What to do about a full disk (or a quota reached), wherever a run meets it: an output, the caches.
FREE_SPACE = (
    "free some space, or give the command a folder on another disk (--processed, or --out for the figures)"
)
DISK_FULL = "cannot write this output ({why}); the last good copy is kept: " + FREE_SPACE
# Any other error writing an output that names no file (an I/O error: a failing disk, a share gone).
WRITE_FAILED = "cannot write this output ({why}); the last good copy is kept"
_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def check_writable(folder: Path, raw: Path | None = None) -> None:
    """A file can be written in the folder, or in the nearest folder above it that exists (where it
    will be made), and it is not under the raw folder: checked without leaving anything behind; else
    the error names the folder."""
    _guard(folder, raw)
    there = Path(folder).absolute()
    while not there.exists() and there != there.parent:
        there = there.parent
    if not there.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "a file is where the output needs a folder", str(there))
    try:
        with tempfile.TemporaryFile(dir=there):
            pass
    except OSError as exc:
        raise OSError(exc.errno, CANNOT_WRITE.format(why=exc.strerror), str(there)) from None


LOCK_NAME = ".analysis.lock"
_HELD: dict[Path, list] = {}  # folder -> [its open lock file, how many blocks of this process hold it]


@contextlib.contextmanager
def writing(folder: str | Path) -> Iterator[None]:
    """Hold the folder's write lock for the block, so one run at a time writes a processed (or figures)
    folder.

    Two runs on other transcripts into one folder could otherwise interleave their stages, and one report
    success on tables the other wrote; a second run waits, saying so once on stderr and naming the run it
    waits for (its process id and command, which the holder writes into the lock file). The lock is held by
    this process however many blocks nest (a `run` holds it across its stages, each stage takes it again),
    and ends with the process however that ends (``flock``). A folder not there yet, or that cannot hold
    the lock file (read-only: a run that only reads it), is not locked; nor on a system without ``fcntl``.
    """
    folder = Path(folder).resolve()
    if folder in _HELD:
        _HELD[folder][1] += 1
        try:
            yield
        finally:
            _HELD[folder][1] -= 1
        return
    try:
        import fcntl

        # held open for the block; the holder's command is written into it, a path Python could not decode too
        fh = open(folder / LOCK_NAME, "a", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
    except (ImportError, OSError):
        yield
        return
    held = False
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _holder(folder / LOCK_NAME)
            sys.stderr.write(
                f"another run is writing to {folder}{f' ({who})' if who else ''}; waiting for it to finish\n"
            )
            sys.stderr.flush()
            fcntl.flock(fh, fcntl.LOCK_EX)
        held = True
        _HELD[folder] = [fh, 1]
        _say_holder(fh, this_run())
        yield
    finally:
        _HELD.pop(folder, None)
        if held:  # left empty at rest: a folder's files are the same bytes whichever run wrote them
            _say_holder(fh, "")
        fh.close()  # closing the file releases the lock


def this_run() -> str:
    """This process as a person waiting for it would know it: 'pid 4242: python -m analysis figures
    --processed a --out f'."""
    argv = sys.argv or [""]
    first = Path(argv[0])
    if first.name == "__main__.py":
        prog = f"python -m {first.parent.name}"
    elif "ipykernel" in first.name:
        return f"pid {os.getpid()}: a Jupyter notebook's kernel"
    else:
        prog = "python -c" if argv[0] == "-c" else (first.name or "python")
    return f"pid {os.getpid()}: {' '.join([prog, *argv[1:]])}"[:300]


def _say_holder(fh, who: str) -> None:
    """Write who holds the lock into its file (a run that waits names it); nothing where it cannot."""
    with contextlib.suppress(OSError):
        fh.truncate(0)
        fh.write(who)
        fh.flush()


def _holder(lock: Path) -> str:
    """Who holds the lock, as its file says ('' where it says nothing yet)."""
    try:
        return lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _sweep(path: Path, suffix: str) -> None:
    """Remove the temporaries a killed run left beside path (`.name.<pid>.*<suffix>` whose process has
    gone; a run that is still writing keeps its own)."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*{suffix}"):
        pid = tmp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def temporary_beside(path: Path, suffix: str = ".tmp") -> tuple[int, str]:
    """A new hidden temporary file beside path (fd, name) to be renamed over it, named with this
    process's id so that a later run can tell a killed run's leftover (which it removes here) from a
    live one's."""
    _sweep(path, suffix)
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=suffix, dir=path.parent)
    except OSError as exc:  # named by its folder, not by a temporary name the user never gave
        raise OSError(exc.errno, CANNOT_WRITE.format(why=exc.strerror), str(path.parent)) from None


def _write_temp(path: Path, data: bytes) -> str:
    """Write data to a synced temporary file beside path; the caller renames it into place."""
    _guard(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder already has this output's name", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode())
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:  # write() on a full disk names no file
            said = DISK_FULL if exc.errno in _NO_SPACE else WRITE_FAILED
            raise OSError(exc.errno, said.format(why=exc.strerror or exc), str(path)) from None
        raise
    return tmp


def _write_all(outputs: dict[Path, bytes]) -> None:
    """Write every file to a temporary first and rename only when all of them are written.

    A write that fails (a full disk, a read-only folder, a folder where a file should be)
    therefore fails before any output is replaced.
    """
    temps: dict[Path, str] = {}
    try:
        for path in sorted(outputs):
            temps[path] = _write_temp(path, outputs[path])
        for path in sorted(temps):
            os.replace(temps[path], path)
            del temps[path]
    finally:
        for tmp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    _write_all({path: data})
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_json(path: str | Path, obj) -> Path:
    return atomic_write_bytes(path, json_bytes(obj))


# A spreadsheet takes a cell that opens with = + - or @ (a tab or a CR before one too) for a formula and
# runs it: `=HYPERLINK(...)` sends a click elsewhere, `=cmd|' /C calc'!A0` asks to start a program (OWASP:
# CSV injection). Text quoted from a transcript or a sheet made by others may open so; in the CSVs made
# for people such a cell is written after an apostrophe, which spreadsheets read as "text". A number
# ("-0.25") is left alone, and so is every cell of the bundled sample: none opens so.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def defuse_formula(value):
    """A text cell a spreadsheet would run as a formula, written as text (a leading apostrophe); any other
    value as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _number(value):
        return "'" + value
    return value


def defuse_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """The table with each text cell a spreadsheet would run as a formula made text (`defuse_formula`):
    for a CSV people open in a spreadsheet, never for one the toolkit reads back."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(defuse_formula, na_action="ignore")
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    return atomic_write_bytes(path, csv_bytes(df))


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.reset_index(drop=True).to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    return buf.getvalue()


def write_parquet(df: pd.DataFrame, path: str | Path) -> Path:
    return atomic_write_bytes(path, parquet_bytes(df))


@contextlib.contextmanager
def staged(outputs: dict[str, bytes] | None = None) -> Iterator[dict[str, bytes]]:
    """Collect several outputs and write them only if the whole block succeeds.

    A stage that fails half-way therefore leaves every previous output as it was.
    """
    pending: dict[str, bytes] = {} if outputs is None else outputs
    yield pending
    _write_all({Path(name): data for name, data in pending.items()})


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def text_sha256(data: bytes) -> str:
    """The sha256 of a text file with its CRLF line ends read as LF, so that a codebook or coded sheet
    checked out on Windows (git's autocrlf) or saved by a Windows editor keeps the hash every table and
    figure prints; a file with LF line ends hashes as `sha256sum` gives. Binary data (with a NUL byte: a
    workbook) is hashed as it is."""
    if b"\0" not in data:
        data = data.replace(b"\r\n", b"\n")
    return sha256_bytes(data)


def text_sha256_file(path: str | Path) -> str:
    """`text_sha256` of a file (a codebook, a coded sheet: small enough to read whole)."""
    return text_sha256(Path(path).read_bytes())


# libyaml's loader where PyYAML was built with it (ten times faster on the codebook), else PyYAML's own.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(data: str | bytes):
    """YAML as plain data (safe: no Python objects)."""
    return yaml.load(data, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
