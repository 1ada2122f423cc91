"""A small SQLite key -> JSON store: the parse, sentence-features and coding caches of a
processed folder.

Apart from the spaCy code (`nlp`), so that work on how records are kept (pruning, recovery) does not
change the parse keys, which hold a hash of the code that parses.
"""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from analysis.io import FREE_SPACE

# SQLite's own word that the file is damaged (its primary result codes); any other failure (locked by
# another run for longer than BUSY_SECONDS, a read-only or full disk: io.FREE_SPACE) is said, never taken
# for damage.
DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
BUSY_SECONDS = 60.0  # how long to wait for another run's write to the same store to end
DIGEST = 16  # hex characters of each record's checksum


def _digest(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\0{text}".encode(), digest_size=DIGEST // 2).hexdigest()


def _seal(key: str, text: str) -> str:
    """A record as stored: its checksum (of key and value), ':' and the JSON."""
    return f"{_digest(key, text)}:{text}"


def _unseal(key: str, stored: str) -> tuple[str | None, bool]:
    """(the JSON of a stored record, or None if it cannot be trusted; whether it was damaged). SQLite
    keeps no checksum of its own: a few bytes overwritten inside a record still read as valid JSON
    (a theme id or an offset changed), so each record carries one. A record without any (written before
    records had one) is made again without a word."""
    text = stored[DIGEST + 1 :]
    if stored[DIGEST : DIGEST + 1] == ":" and stored[:DIGEST] == _digest(key, text):
        return text, False
    return None, stored[:1] not in ("[", "{")


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by Python's module, not SQLite: a value whose bytes are not UTF-8
        return isinstance(exc, sqlite3.OperationalError) and "decode" in str(exc)
    return code & 0xFF in DAMAGED


class Store:
    """A small SQLite key -> JSON table under `cache_dir` (or in memory when cache_dir is None).

    It holds nothing that cannot be made again, so a damaged file (a full disk, a copy cut short)
    is set aside as `<name>.sqlite.damaged`, said on stderr, and the store starts empty; a damaged
    record (its checksum does not match) is left unread, said, and made again. A store another run
    keeps locked, or one that cannot be written, is an error naming the file: never set aside."""

    def __init__(self, cache_dir: Path | None, name: str):
        self.path = None if cache_dir is None else Path(cache_dir) / f"{name}.sqlite"
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = self._connect()
        except sqlite3.DatabaseError as exc:
            self._set_aside(exc)
            self.con = self._connect()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(":memory:" if self.path is None else self.path, timeout=BUSY_SECONDS)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        except sqlite3.DatabaseError:
            con.close()
            raise
        return con

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        if self.path is None:
            raise exc
        if not _damaged(exc):
            raise self._error(exc) from exc
        sys.stderr.write(
            f"warning: {self.path}: cache damaged ({exc}); set aside as {self.path.name}.damaged, made anew\n"
        )
        self.path.replace(self.path.with_name(self.path.name + ".damaged"))
        for extra in ("-wal", "-shm"):
            self.path.with_name(self.path.name + extra).unlink(missing_ok=True)

    def _error(self, exc: sqlite3.DatabaseError) -> OSError:
        if (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF in BUSY:
            return OSError(
                errno.EBUSY,
                f"cache kept locked by another run for over {BUSY_SECONDS:.0f} s ({exc}): wait for that run "
                "to end, or give this one its own processed folder",
                str(self.path),
            )
        if (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF == sqlite3.SQLITE_FULL:  # ENOSPC, a quota
            return OSError(
                errno.ENOSPC,
                f"cache cannot be written: the disk is full ({exc}); its records so far and the folder's "
                f"outputs are kept: {FREE_SPACE}",
                str(self.path),
            )
        return OSError(errno.EIO, f"cache cannot be used ({exc})", str(self.path))

    def _run(self, work):
        """`work(con)`; on a damaged file, once more on a fresh store (a read then finds nothing)."""
        try:
            return work(self.con)
        except sqlite3.DatabaseError as exc:
            self.con.close()
            self._set_aside(exc)
            self.con = self._connect()
            return work(self.con)

    def _select(self, what: str, keys: list[str]) -> list[tuple]:
        def work(con):
            rows = []
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                rows += con.execute(
                    f"SELECT {what} FROM kv WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
            return rows

        return self._run(work)

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """The records of `keys` that are stored and intact (a damaged one is said and left out)."""
        got, damaged = {}, 0
        for k, stored in self._select("key, value", keys):
            text, bad = _unseal(k, stored)
            damaged += bad
            if text is not None:
                got[k] = json.loads(text)
        if damaged:
            sys.stderr.write(
                f"warning: {self.path}: {damaged} cached record(s) damaged (checksum does not match); "
                "made again\n"
            )
        return got

    def has_many(self, keys: list[str]) -> set[str]:
        """The keys of `keys` stored (without reading the records: `get` may still find one damaged)."""
        return {k for (k,) in self._select("key", keys)}

    def get(self, key: str):
        got = self.get_many([key])
        return got.get(key)

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        rows = [(k, _seal(k, json.dumps(v, ensure_ascii=False, separators=(",", ":")))) for k, v in items]

        def work(con):
            con.executemany("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", rows)
            con.commit()

        self._run(work)

    def usage(self, keep: set[str]) -> tuple[int, int]:
        """(records, of them in `keep`)."""

        def work(con):
            return con.execute("SELECT key FROM kv").fetchall()

        keys = [k for (k,) in self._run(work)]
        return len(keys), sum(k in keep for k in keys)

    def prune(self, keep: set[str]) -> int:
        """Delete every record whose key is not in `keep` and give the space back to the disk; the number
        deleted."""

        def work(con):
            stale = [(k,) for (k,) in con.execute("SELECT key FROM kv") if k not in keep]
            con.executemany("DELETE FROM kv WHERE key = ?", stale)
            con.commit()
            con.execute("VACUUM")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return len(stale)

        return self._run(work)

    def close(self) -> None:
        self.con.close()
