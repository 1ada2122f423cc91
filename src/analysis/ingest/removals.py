"""The cleaning log: what was removed from a transcript, why, and where.

Cleaning keeps every word of substance and removes only machinery; every removal is
recorded so that an analyst can audit it (`cleaning_log.csv`). Readers, text cleaning and
attribution each add to a ``RemovalLog``; the clean stage turns the logs into rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple


class Removal(NamedTuple):
    what: str  # the text removed (clipped when long)
    why: str  # a short category: "timestamp", "filler", "page_furniture" ... (docs/design.md)
    source: str  # where: "africa.vtt:cue 3", "record.pdf:page 2"


class RemovalLog:
    """Removals in the order they were found; iterates as ``(what, why, source)`` tuples."""

    def __init__(self, removals: Iterable[tuple[str, str, str]] = ()):
        self._removals = [Removal(*r) for r in removals]

    def add(self, what: str, why: str, source: str) -> None:
        self._removals.append(Removal(what, why, source))

    def extend(self, removals: Iterable[tuple[str, str, str]]) -> None:
        """Append another log's removals (or any ``(what, why, source)`` tuples), keeping their order."""
        self._removals.extend(Removal(*r) for r in removals)

    def __iter__(self) -> Iterator[Removal]:
        return iter(self._removals)

    def __len__(self) -> int:
        return len(self._removals)

    def __repr__(self) -> str:
        return f"RemovalLog({len(self)} removals)"

    def rows(self, session_id: str, turn: int | None) -> list[dict]:
        """The log's rows for ``cleaning_log.csv`` (``turn`` None: outside any turn)."""
        return [
            {"session_id": session_id, "turn": turn, "what": r.what, "why": r.why, "source": r.source}
            for r in self._removals
        ]
