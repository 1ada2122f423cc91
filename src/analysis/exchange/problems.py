"""Problems an import meets over and over (one per selection, sentence or source), told once each.

A kind of problem is a message with `{n}` (how many times it was met) and `{examples}` (the first
few places, `first_few`); the warnings come in the order the kinds are listed, whatever the order
they were met in.
"""

from __future__ import annotations

from analysis.report.formats import first_few

EXAMPLES = 3  # places named per kind: the message says how many more there are


class Problems:
    """The places each of `kinds` was met."""

    def __init__(self, *kinds: str) -> None:
        self.seen: dict[str, list[str]] = {kind: [] for kind in kinds}

    def add(self, kind: str, example: str) -> None:
        self.seen[kind].append(example)

    def warnings(self) -> list[str]:
        """One line per kind met: how many, and the first few places."""
        return [
            kind.format(n=len(places), examples=first_few(places, EXAMPLES))
            for kind, places in self.seen.items()
            if places
        ]
