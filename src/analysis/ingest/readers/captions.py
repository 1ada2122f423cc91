"""Caption files (WebVTT from Zoom, Teams, YouTube; SubRip .srt) -> segments.

A caption file is machinery around speech: a header, cue numbers and timings, NOTE/STYLE
blocks, inline timestamps and tags, and in auto-captions each cue repeating the last line
of the one before. All of it is removed and logged; speaker labels come from ``Name:``,
``<v Name>`` voices or ``>>`` speaker changes, and a speaker's consecutive cues make one segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.ingest.encoding import read_text
from analysis.ingest.readers.grammar import caption_labels, split_cue_label
from analysis.ingest.readers.labels import split_note
from analysis.ingest.readers.segment import Gatherer, ReadResult, Segment, clip
from analysis.ingest.removals import RemovalLog

_TS = r"(?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3}"  # lenient: unpadded fields, hours optional, comma or dot
_STRICT_TS = re.compile(r"^(?:\d{2,}:)?\d{2}:\d{2}[.,]\d{3}$")
_TIMING = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})(?:\s+(?P<settings>.*))?$")
_INLINE_TS = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+([^>]*))?>", re.I)
_TAG = re.compile(r"</?(?:c|i|b|u|v|lang|ruby|rt|font|span)(?:[.\s][^<>]*)?>", re.I)
_VOICE_MARK = re.compile(r"^\x00VOICE:(.*?)\x00\s*")


@dataclass
class _Cue:
    number: int  # 1-based position of the cue in the file
    identifier: str | None
    timing: str
    lines: list[str]


def read_vtt(path: Path, text: str | None = None) -> ReadResult:
    return _read_captions(path, text, _vtt_cues, "caption")


def read_srt(path: Path, text: str | None = None) -> ReadResult:
    return _read_captions(path, text, _cues_from_blocks, "subtitle")


def _read_captions(path: Path, text: str | None, parse_cues, what: str) -> ReadResult:
    """Check timings, parse cues, merge them into segments."""
    path = Path(path)
    log = RemovalLog()
    text = read_text(path, log) if text is None else text
    _check_timings(text, path, log)
    cues = parse_cues(text, path.name, log)
    if not cues:
        raise InputError(f"no {what} cues found", path)
    return ReadResult(
        _stream_segments(_caption_stream(cues, path.name, log), path.name, log), log, captions=True
    )


def _check_timings(text: str, path: Path, log: RemovalLog) -> None:
    """Every line with an arrow must be a cue timing; say which line is not. Timings real exporters
    write loosely (``0:0:0.0``, no hours, a comma) are read, and that is logged once."""
    loose = 0
    for i, line in enumerate(text.split("\n"), 1):
        if "-->" not in line:
            continue
        m = _TIMING.match(line)
        if not m:
            raise InputError(f"malformed cue timing {line.strip()[:60]!r}", path, i)
        loose += not (_STRICT_TS.match(m.group(1)) and _STRICT_TS.match(m.group(2)))
    if loose:
        log.add(f"{loose} cue timings read leniently (unpadded fields, no hours, a short fraction)",
                "timing_lenient", path.name)  # fmt: skip


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, with the line number each starts on."""
    blocks, cur, start = [], [], 1
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not cur:
                start = i
            cur.append(line)
        elif cur:
            blocks.append((start, cur))
            cur = []
    if cur:
        blocks.append((start, cur))
    return blocks


def _log_markup(block: list[str], start: int, name: str, log: RemovalLog) -> None:
    log.add(clip(" ".join(block)), "caption_markup", f"{name}:line {start}")


def _is_markup_block(block: list[str]) -> bool:
    return block[0].strip().startswith(("NOTE", "STYLE", "REGION")) and not any("-->" in b for b in block)


def _cues_from_blocks(text: str, name: str, log: RemovalLog) -> list[_Cue]:
    """Caption blocks -> cues; NOTE, STYLE, REGION and the header are machinery."""
    cues: list[_Cue] = []
    for start, block in _blocks(text):
        if block[0].strip().startswith("WEBVTT"):
            if not any("-->" in b for b in block):
                if len(block) > 1:
                    _log_markup(block, start, name, log)
                continue
            block = [
                b
                for b in block
                if "-->" in b or block.index(b) > 0 and not b.startswith(("Kind:", "Language:"))
            ]
        if _is_markup_block(block):
            _log_markup(block, start, name, log)
            continue
        t = next((i for i, b in enumerate(block) if "-->" in b), None)
        if t is None:
            # Text with no timing: a continuation of the previous cue's payload.
            if cues:
                cues[-1].lines.extend(block)
            else:
                _log_markup(block, start, name, log)
            continue
        for cue in _split_run_together(block):
            t = next(i for i, b in enumerate(cue) if "-->" in b)
            ident = " ".join(b.strip() for b in cue[:t]) or None
            cues.append(_Cue(len(cues) + 1, ident, cue[t].strip(), cue[t + 1 :]))
    return cues


def _split_run_together(block: list[str]) -> list[list[str]]:
    """A block holding several cues written with no blank line between them, one list of lines each.

    A timing line is never text: each one starts a cue, together with its cue number standing right
    before it ("...Let us begin." / "2" / "00:00:04,500 --> ...") when the block's first cue is numbered
    and this line is the next number. Any other line of digits is the text's ("the Group of" / "77").
    The first cue keeps whatever stands before its timing, as in a block of one cue.
    """
    timings = [i for i, b in enumerate(block) if "-->" in b]
    first = block[timings[0] - 1].strip() if timings[0] > 0 else ""
    number = int(first) if first.isdigit() else None
    starts = [0]
    for prev, t in zip(timings, timings[1:], strict=False):
        number = None if number is None else number + 1
        numbered = t - 1 > prev and number is not None and block[t - 1].strip() == str(number)
        starts.append(t - 1 if numbered else t)
    return [block[a:b] for a, b in zip(starts, [*starts[1:], len(block)], strict=True)]


def _runs_cues_together(text: str) -> bool:
    """A block of lines with two cue timings: cues with no blank line between them."""
    return any(sum("-->" in b for b in block) > 1 for _, block in _blocks(text))


def _vtt_cues(text: str, name: str, log: RemovalLog) -> list[_Cue]:
    """Parse WebVTT with webvtt-py; on files it rejects (missing header, odd blocks) use the block parser.

    Cues run together with no blank line also go to the block parser: webvtt-py, as the WebVTT spec
    says, reads the next cue's number as the last line of the text before it ("Let us begin. 2").
    """
    import webvtt

    if _runs_cues_together(text):
        return _cues_from_blocks(text, name, log)
    try:
        vtt = webvtt.from_string(text)
        captions = list(vtt.captions)
    except Exception:  # noqa: BLE001 - webvtt-py's errors vary by version; fall back to our parser
        return _cues_from_blocks(text, name, log)
    if not captions and "-->" in text:
        return _cues_from_blocks(text, name, log)
    for start, block in _blocks(text):
        if _is_markup_block(block):
            _log_markup(block, start, name, log)
    cues = []
    for i, cap in enumerate(captions, 1):
        settings = str(cap.settings) if getattr(cap, "settings", None) else ""
        timing = f"{cap.start} --> {cap.end}" + (f" {settings}" if settings else "")
        cues.append(_Cue(i, cap.identifier or None, timing, list(cap.lines)))
    return cues


def _strip_cue_line(line: str) -> str:
    line = _INLINE_TS.sub("", line)
    line = _TAG.sub("", line)
    line = re.sub(r"\{\\[^}]*\}", "", line)  # SRT/ASS style overrides such as {\an8}
    line = line.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"[ \t]+", " ", line).strip()


def _split_voices(lines: list[str]) -> list[str]:
    """Mark ``<v Name>`` spans so a cue with two voices gives two labels."""
    out = []
    for line in lines:
        parts = _VOICE.split(line)
        if len(parts) == 1:
            out.append(line)
            continue
        if parts[0].strip():
            out.append(parts[0])
        for k in range(1, len(parts), 2):
            out.append(f"\x00VOICE:{(parts[k] or '').strip()}\x00 {parts[k + 1]}")
    return out


def _is_rolling(cues: list[_Cue], raw_lines: list[list[str]]) -> bool:
    """Auto-captions repeat the previous cue's line at the top of the next cue."""
    repeats = sum(
        1
        for prev, cur in zip(raw_lines, raw_lines[1:], strict=False)
        if prev and cur and cur[0] == prev[-1] and cur[0]
    )
    inline = any(_INLINE_TS.search(" ".join(c.lines)) for c in cues)
    return inline or (len(cues) >= 3 and repeats >= 0.3 * (len(cues) - 1))


def _overlap(emitted: list[str], lines: list[str]) -> int:
    """The largest k with lines[:k] == emitted[-k:] (the rolling caption's repeated lines)."""
    for k in range(min(len(emitted), len(lines)), 0, -1):
        if emitted[-k:] == lines[:k]:
            return k
    return 0


def _new_lines(lines: list[str], emitted: list[str], source: str, log: RemovalLog) -> list[str]:
    """A rolling caption's lines without what the previous cues already said (logged as repetition)."""
    k = _overlap(emitted, lines)
    for dup in lines[:k]:
        log.add(dup, "caption_repetition", source)
    lines = lines[k:]
    if lines and emitted:
        prev_w, cur_w = emitted[-1].split(), lines[0].split()
        if len(prev_w) >= 2 and cur_w[: len(prev_w)] == prev_w and len(cur_w) > len(prev_w):
            log.add(emitted[-1], "caption_repetition", source)
            lines = [" ".join(cur_w[len(prev_w) :]), *lines[1:]]
    return lines


def _caption_stream(cues: list[_Cue], name: str, log: RemovalLog) -> list[tuple[str, int]]:
    """Cues -> (line, cue number) in order: timings and numbers logged, tags off, repetition collapsed."""
    cleaned: list[list[str]] = []
    for cue in cues:
        src = f"{name}:cue {cue.number}"
        log.add(cue.timing, "timestamp", src)
        if cue.identifier:
            log.add(cue.identifier, "cue_number", src)
        cleaned.append([ln for ln in (_strip_cue_line(x) for x in _split_voices(cue.lines)) if ln])
    rolling = _is_rolling(cues, cleaned)
    stream: list[tuple[str, int]] = []
    emitted: list[str] = []
    for cue, lines in zip(cues, cleaned, strict=True):
        if rolling:
            lines = _new_lines(lines, emitted, f"{name}:cue {cue.number}", log)
        for ln in lines:
            stream.append((ln, cue.number))
            emitted.append(ln)
    return stream


def _stream_segments(stream: list[tuple[str, int]], name: str, log: RemovalLog) -> list[Segment]:
    """Caption lines -> segments at each label (``Name:``, ``<v Name>``) or ``>>`` change of speaker."""
    gather = Gatherer(name, "cues", " ")
    pieces = [(j, piece, num) for line, num in stream for j, piece in enumerate(re.split(r"\s*>>+\s*", line))]
    voices = len(
        {split_note(m.group(1).strip())[0] for _, p, _ in pieces if (m := _VOICE_MARK.match(p))} - {""}
    )
    said = [(j, p, num) for j, p, num in pieces if p]
    openers = {i for i, (_, _, num) in enumerate(said) if i == 0 or said[i - 1][2] != num}  # a cue's first
    labels = caption_labels([_VOICE_MARK.sub("", p) for _, p, _ in said], name, log, voices, openers)
    for j, piece, num in pieces:
        new_speaker = j > 0
        voice = None
        vm = _VOICE_MARK.match(piece)
        if vm:
            voice, note = split_note(vm.group(1).strip())
            voice, piece = voice or None, note + piece[vm.end() :]
        new_label, rest = split_cue_label(piece, labels) if piece else (None, piece)
        if voice is not None and new_label is None:
            new_label = voice
        # A label repeated on the speaker's next cue continues the segment; ">>" always starts one.
        if new_speaker or new_label is not None and new_label != gather.label:
            gather.open(new_label, num)
        gather.add(rest.strip(), num, num)
    return gather.finish()
