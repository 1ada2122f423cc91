"""What every reader gives: segments of speech with a locator back into the file.

A locator names the file and the span of its units a stretch of text came from:
``africa.vtt:cues 3-7``, ``record.pdf:page 2``, ``minutes.docx:paragraphs 4-9``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.ingest.removals import RemovalLog


@dataclass
class Segment:
    """A stretch of speech: the source's raw speaker label (None when it names nobody), raw text, locator;
    ``speech`` False for a document set into the record ("Annex I: ..."), which no one says."""

    label: str | None
    text: str
    source: str
    speech: bool = True


@dataclass
class ReadResult:
    segments: list[Segment]
    removals: RemovalLog = field(default_factory=RemovalLog)
    captions: bool = False  # cues of speech as spoken: its fillers and stutters are disfluencies


@dataclass
class Line:
    """A line of a transcript with the unit it came from, before it is assembled into segments."""

    text: str
    unit: int  # line, page, paragraph or cue number
    end: int | None = None  # the last unit, when an edit joined several lines into this one
    label: str | None = None  # a label marked by the source itself (bold in Word), text then follows
    item: bool = False  # an item of a list the source marked (a Word list style or numbering), no bullet
    heading: bool = False  # a heading the source styled ("Annex I" in Word), logged: read only where it heads
    # a document after the last speaker (``assemble``), else left out as every styled heading is

    @property
    def last(self) -> int:
        return self.end if self.end is not None else self.unit


def span(name: str, unit: str, first: int, last: int) -> str:
    """``span("a.vtt", "cues", 3, 7)`` -> ``a.vtt:cues 3-7``; one unit -> ``a.vtt:cue 3``."""
    if first == last:
        return f"{name}:{unit[:-1] if unit.endswith('s') else unit} {first}"
    return f"{name}:{unit} {first}-{last}"


def merge_spans(sources: list[str]) -> str:
    """The locator spanning consecutive ones: ``a.vtt:cues 3-5`` + ``a.vtt:cue 6`` -> ``a.vtt:cues 3-6``."""
    if len(sources) == 1:
        return sources[0]
    name, first = sources[0].split(":", 1)
    last = sources[-1].split(":", 1)[1]
    unit = first.split()[0]
    unit = unit if unit.endswith("s") else unit + "s"
    return span(name, unit, int(first.split()[-1].split("-")[0]), int(last.split()[-1].split("-")[-1]))


class Gatherer:
    """Gathers each speaker's pieces of text into a segment located by the span of units it covers."""

    def __init__(self, name: str, unit: str, joiner: str):
        self.name, self.unit, self.joiner = name, unit, joiner
        self.segments: list[Segment] = []
        self._open = False
        self._speech = True
        self._label: str | None = None
        self._texts: list[str] = []
        self._first = self._last = 0

    def open(self, label: str | None, unit: int, speech: bool = True) -> None:
        """Close the current segment and start one for ``label`` (None: the source names nobody); ``speech``
        False for a document set into the record, which no one says (``Segment.speech``)."""
        self._close()
        self._open, self._label, self._texts, self._first, self._last = True, label, [], unit, unit
        self._speech = speech

    def add(self, text: str, first: int, last: int) -> None:
        """Add text (from units ``first`` to ``last``) to the current segment, or to a new unlabelled one."""
        if not self._open:
            self.open(None, first)
        if text.strip():
            self._texts.append(text)
        self._last = last

    @property
    def label(self) -> str | None:
        return self._label if self._open else None

    def finish(self) -> list[Segment]:
        self._close()
        return self.segments

    def _close(self) -> None:
        if self._open and (self._texts or self._label):
            text = self.joiner.join(self._texts).strip()
            self.segments.append(
                Segment(self._label, text, span(self.name, self.unit, self._first, self._last), self._speech)
            )
        self._open = False


def clip(text: str, n: int = 80) -> str:
    """Text for the log: spaces collapsed, at most ``n`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"
