"""Where the characters of a text edited in a QDA suite come from in the text that was exported.

A suite lets its users edit a text source (fix a typo, add a word, delete a line), and the
selections it then writes count positions in the edited text. `align` finds what the two texts
still share: their common head and tail, then, in between, words, runs of blanks and single
other characters matched with `difflib` (no automatic junk: the commonest words are the ones
that hold a long speech together), and the characters of a short changed stretch matched
again one by one (a typo fixed inside a word). `Alignment.pieces` gives, for a span of the
edited text, the stretches of the original its unchanged characters come from; what the user
typed maps nowhere, and what the user deleted is in no piece.

Positions are code points (Python string indices), as the exchange counts them everywhere:
an accented letter or an emoji is one position in both texts.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")  # every character falls in exactly one token
REFINE = (
    400  # a changed stretch of words up to this long (both sides) is matched again character by character
)
# changed lines of more tokens than this (on either side) are not matched word by word: difflib takes
# time in proportion to the product of the two lengths; what they hold stays unmapped
MAX_TOKENS = 20_000


@dataclass(frozen=True)
class Alignment:
    """Runs of characters the two texts share: edited[e:e+n] == original[o:o+n], in text order."""

    edited: list[int]  # where each run starts in the edited text
    original: list[int]  # where it starts in the original
    sizes: list[int]
    edited_len: int
    original_len: int

    @property
    def shared(self) -> int:
        return sum(self.sizes)

    @property
    def added(self) -> int:
        """Characters of the edited text that are not in the original (typed in the suite)."""
        return self.edited_len - self.shared

    @property
    def removed(self) -> int:
        """Characters of the original that are not in the edited text (deleted in the suite)."""
        return self.original_len - self.shared

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The stretches [a, b) of the original that the unchanged characters of edited[start:end]
        come from, in order (none when all of them were typed in the suite).

        A span of no width is kept where the text around it is unchanged (not where something was
        deleted: a selection of a deleted sentence that the suite shrank to nothing codes nothing)."""
        if start == end:
            k = bisect.bisect_right(self.edited, start) - 1
            if k < 0:
                return []
            e, o, n = self.edited[k], self.original[k], self.sizes[k]
            inside = e < start < e + n
            at_head = start == e == o == 0
            at_tail = start == e + n == self.edited_len and o + n == self.original_len
            return [(o + start - e,) * 2] if inside or at_head or at_tail else []
        out: list[tuple[int, int]] = []
        k = max(bisect.bisect_right(self.edited, start) - 1, 0)
        while k < len(self.edited) and self.edited[k] < end:
            lo, hi = max(start, self.edited[k]), min(end, self.edited[k] + self.sizes[k])
            if lo < hi:
                a, b = self.original[k] + lo - self.edited[k], self.original[k] + hi - self.edited[k]
                if out and out[-1][1] == a:
                    out[-1] = (out[-1][0], b)
                else:
                    out.append((a, b))
            k += 1
        return out

    def kept(self, start: int, end: int) -> int:
        """How many characters of original[start:end] are still in the edited text."""
        k = max(bisect.bisect_right(self.original, start) - 1, 0)
        n = 0
        while k < len(self.original) and self.original[k] < end:
            n += max(0, min(end, self.original[k] + self.sizes[k]) - max(start, self.original[k]))
            k += 1
        return n


def _split(text: str, offset: int, level: int) -> tuple[list[str], list[int]]:
    """The units of `text` at `level` (0 lines, 1 tokens, 2 characters) and where each starts
    (plus where the last ends), counted from `offset`."""
    found = (
        text.splitlines(keepends=True) if level == 0 else _TOKEN.findall(text) if level == 1 else list(text)
    )
    starts = [offset]
    for unit in found:
        starts.append(starts[-1] + len(unit))
    return found, starts


def _runs(
    edited: str, original: str, e0: int, e1: int, o0: int, o1: int, level: int = 0
) -> list[tuple[int, int, int]]:
    """Shared runs (edited start, original start, size) of edited[e0:e1] and original[o0:o1]:
    lines first (fast: most are unique), then the words of the lines that differ, then the
    characters of the words that differ when they are short."""
    ua, pa = _split(edited[e0:e1], e0, level)
    ub, pb = _split(original[o0:o1], o0, level)
    if level == 1 and max(len(ua), len(ub)) > MAX_TOKENS:
        return []  # a block of changed lines this long is not an edit: what it holds stays unmapped
    runs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ua, ub, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append((pa[i1], pb[j1], pa[i2] - pa[i1]))
        elif tag == "replace" and (
            level == 0 or (level == 1 and pa[i2] - pa[i1] <= REFINE >= pb[j2] - pb[j1])
        ):
            runs += _runs(edited, original, pa[i1], pa[i2], pb[j1], pb[j2], level + 1)
    return runs


def align(edited: str, original: str) -> Alignment:
    """What `edited` (the text as the suite stored it) shares with `original` (the exported text)."""
    head = len(os.path.commonprefix([edited, original]))
    room = min(len(edited), len(original)) - head
    tail = len(os.path.commonprefix([edited[::-1][:room], original[::-1][:room]]))
    e1, o1 = len(edited) - tail, len(original) - tail
    runs = [(0, 0, head)] if head else []
    if head < e1 and head < o1:
        runs += _runs(edited, original, head, e1, head, o1)
    if tail:
        runs.append((e1, o1, tail))
    merged: list[list[int]] = []
    for e, o, n in runs:
        if merged and merged[-1][0] + merged[-1][2] == e and merged[-1][1] + merged[-1][2] == o:
            merged[-1][2] += n
        else:
            merged.append([e, o, n])
    return Alignment(
        [m[0] for m in merged], [m[1] for m in merged], [m[2] for m in merged], len(edited), len(original)
    )
