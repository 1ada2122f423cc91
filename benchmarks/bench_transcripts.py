"""Who spoke, on transcripts from the wild: the clean stage against hand-written ground truth.

Every file of ``tests/fixtures/wild/`` with a ``<file>.truth.json`` beside it (the real ones and the
synthetic ones that reproduce an exporter's exact format; ``tests/fixtures/README`` says which) is
cleaned in ONE run together with ``broken-timing.vtt``, a file no reader can read, and measured:

- named speakers found: truth speakers that appear as a ``speaker`` of the file's turns;
- invented speakers: output speakers that are none of the file's truth speakers;
- attribution of labelled words: each truth turn is found in the output by its first words, and
  its words count as attributed when that output turn is the truth speaker's (median over files);
- pieces left in speech: timestamps, label text (``Name:``, ``[SPEAKER_00]``, ``**``, ``<v``),
  e-mail addresses and each file's listed furniture, counted in the cleaned turns' text;
- words kept: words of the cleaned turns / words of the truth turns, per file.

Targets (issue 16): every good file cleaned although one is unreadable; >= 90% of named speakers
found; <= 3 invented speakers; median attribution >= 0.95; <= 60 pieces left; words kept within
97-105% in every file. The targets are for REAL transcripts: the real tuned-on files, the real set-aside
ones (``"set": "heldout"``, never tuned on) and the synthetic ones (an extra set reproducing exporters'
formats) are reported and judged separately.

    .venv/bin/python benchmarks/bench_transcripts.py [--only tune|heldout] [--json FILE] [--verbose]

``--only tune`` cleans and reports the tuned-on files only (what to run while tuning, so the
held-out ones stay unseen).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "wild"
UNREADABLE = "broken-timing.vtt"
TARGETS = {"found": 0.90, "invented": 3, "attribution": 0.95, "left": 60, "kept": (0.97, 1.05)}
# Misses measured once on held-out files and left as they are (tuning on them would spend them): reported
# apart and kept out of their set's words-kept range; a known miss that starts to meet the target is a
# failure too, so the list never outlives its reason (as a strict xfail would).
KNOWN_MISSES = {
    "crec-senate-s8536.txt": "words kept: an inserted amendment whose '(Purpose: ...)' line is set at the "
    "speech indent ends the inserted block",
}

_WORD = re.compile(r"[\w’'-]+")
_TIMESTAMP = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b|@\d+:\d\d")
_MACHINERY = re.compile(r"\[SPEAKER_\d+\]|\bSPEAKER_\d+:|\*\*|\\\[|<v\s|</?c>|[\w.+-]+@[\w-]+\.\w+")


def words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text) if w.strip("'’-")]


def spoken(text: str) -> list[str]:
    """Words to find a turn by: without the fillers ("um", "uh") that cleaning removes by design."""
    from analysis.ingest.vocabulary import FILLERS

    return [w for w in words(text) if w not in FILLERS]


def key(name: str) -> str:
    """A speaker as compared here: titles, brackets, case, punctuation and spacing do not matter."""
    from analysis.ingest.session import variant_key

    return re.sub(r"[^\w]", "", variant_key(name) or name.casefold())


# The sets reported: (name, real?, set or None for both).
SETS = (
    ("real", True, None),
    ("real-tune", True, "tune"),
    ("real-heldout", True, "heldout"),
    ("synthetic", False, None),
)


def truths(only: str | None = None) -> list[dict]:
    """Every fixture's truth (``only``: the files of that set)."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.truth.json"))]
    return [t for t in found if only is None or t["set"] == only]


def run(truth_list: list[dict]):
    """Clean every fixture (and the unreadable one) in one run -> (turns, log, errors)."""
    from analysis.ingest import clean_batch

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        rows = ["session_id,file,group"]
        for t in truth_list:
            shutil.copy(FIXTURES / t["file"], raw / t["file"])
            rows.append(f"{t['file']},{t['file']},Western European and Others Group")
        shutil.copy(FIXTURES / UNREADABLE, raw / UNREADABLE)
        rows.append(f"{UNREADABLE},{UNREADABLE},Western European and Others Group")
        (raw / "sessions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        result = clean_batch(raw)
    return result.turns, result.log, result.errors


def _attributed(truth: dict, turns) -> tuple[int, int]:
    """(labelled truth words whose turn is found under its truth speaker, labelled truth words)."""
    stream: list[tuple[str, str, str]] = []  # (word, speaker key, role) of the output, in order
    starts: set[int] = set()  # where output turns begin
    for speaker, role, text in zip(turns["speaker"], turns["role"], turns["text"], strict=True):
        starts.add(len(stream))
        stream += [(w, key(speaker), role) for w in spoken(text)]
    flat = [w for w, _, _ in stream]
    pos, right, total, roles = 0, 0, 0, [0, 0]
    for t in truth["turns"]:
        if not t["speaker"]:
            continue
        total += t["words"]
        first = spoken(t["first"])[:6]
        at = _find(flat, first, pos, starts)
        if at is not None:
            pos = at + 1
            right += t["words"] if stream[at][1] == key(t["speaker"]) else 0
            if t["role"] != "unknown":
                roles[0] += stream[at][2] == t["role"]
        roles[1] += t["role"] != "unknown"
    return right, total, roles


def _find(flat: list[str], seq: list[str], start: int, starts: set[int]) -> int | None:
    """Where ``seq`` next occurs from ``start``: at an output turn's start if it occurs there, else anywhere
    (speech that repeats a sentence must not send the search to the wrong turn)."""
    n = len(seq)
    hits = [i for i in range(start, len(flat) - n + 1) if flat[i : i + n] == seq]
    return next((i for i in hits if i in starts), hits[0] if hits else None)


def _left(truth: dict, texts: list[str]) -> int:
    labels = {t["speaker"] for t in truth["turns"] if t["speaker"]}
    n = 0
    for text in texts:
        n += len(_TIMESTAMP.findall(text)) + len(_MACHINERY.findall(text))
        n += sum(text.count(f"{label}:") for label in labels)
        n += sum(text.count(f) for f in truth.get("furniture", []))
    return n


def measure_file(truth: dict, turns) -> dict:
    mine = turns[turns["session_id"] == truth["file"]]
    named = {key(t["speaker"]) for t in truth["turns"] if t["speaker"]}
    out = {key(s) for s in mine["speaker"] if s}
    right, labelled, roles = _attributed(truth, mine)
    truth_words = sum(t["words"] for t in truth["turns"])
    chairs = [t for t in truth["turns"] if t["role"] == "chair"]
    return {
        "file": truth["file"],
        "set": truth["set"],
        "real": truth["real"],
        "named": len(named),
        "found": len(named & out),
        "invented": sorted(s for s in mine["speaker"].unique() if s and key(s) not in named),
        "attribution": right / labelled if labelled else None,
        "left": _left(truth, list(mine["text"])),
        "kept": sum(len(words(t)) for t in mine["text"]) / truth_words if truth_words else None,
        "roles_right": roles[0],
        "roles_known": roles[1],
        "chair_roles_right": all(
            (mine[mine["speaker"].map(key) == key(c["speaker"])]["role"] == "chair").all() for c in chairs
        ),
    }


def summarise(rows: list[dict]) -> dict:
    attributions = [r["attribution"] for r in rows if r["attribution"] is not None]
    kept = [r["kept"] for r in rows if r["kept"] is not None and r["file"] not in KNOWN_MISSES]
    named = sum(r["named"] for r in rows)
    return {
        "files": len(rows),
        "found": sum(r["found"] for r in rows) / named if named else 1.0,
        "named": named,
        "invented": sum(len(r["invented"]) for r in rows),
        "attribution": statistics.median(attributions) if attributions else 1.0,
        "left": sum(r["left"] for r in rows),
        "kept_min": min(kept),
        "kept_max": max(kept),
        "roles": sum(r["roles_right"] for r in rows) / max(1, sum(r["roles_known"] for r in rows)),
    }


def known_misses(rows: list[dict]) -> dict[str, bool]:
    """file -> whether it still misses the words-kept target, for the measured files of KNOWN_MISSES."""
    lo, hi = TARGETS["kept"]
    return {r["file"]: not (lo <= r["kept"] <= hi) for r in rows if r["file"] in KNOWN_MISSES}


def misses(s: dict) -> list[str]:
    lo, hi = TARGETS["kept"]
    checks = [
        (s["found"] >= TARGETS["found"], f"named speakers found {s['found']:.1%} < 90%"),
        (s["invented"] <= TARGETS["invented"], f"{s['invented']} invented speakers > 3"),
        (s["attribution"] >= TARGETS["attribution"], f"median attribution {s['attribution']:.3f} < 0.95"),
        (s["left"] <= TARGETS["left"], f"{s['left']} pieces left in speech > 60"),
        (lo <= s["kept_min"] and s["kept_max"] <= hi, f"words kept {s['kept_min']:.1%}-{s['kept_max']:.1%}"),
    ]
    return [msg for ok, msg in checks if not ok]


def measure(only: str | None = None) -> dict:
    """Everything the benchmark reports: per file, per set (real, real tune, real held-out, synthetic)
    and the run's errors; ``only``: clean and measure the files of that set only."""
    truth_list = truths(only)
    turns, _log, errors = run(truth_list)
    rows = [measure_file(t, turns) for t in truth_list]
    sets = {}
    for name, real, which in SETS:
        chosen = [r for r in rows if r["real"] == real and which in (None, r["set"])]
        if chosen:
            sets[name] = summarise(chosen)
    return {
        "rows": rows,
        "sets": sets,
        "errors": [str(e) for e in errors],
        "cleaned": sorted(set(turns["session_id"])),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=["tune", "heldout"], help="clean and measure only this set's files")
    ap.add_argument("--json", type=Path, help="write every number to this file")
    ap.add_argument("--verbose", action="store_true", help="list invented speakers per file")
    args = ap.parse_args()
    m = measure(args.only)
    print(
        f"{'file':28} {'set':7} {'real':5} {'found':>7} {'invented':>8} {'attrib':>7} {'left':>5} "
        f"{'kept':>7} roles"
    )
    for r in m["rows"]:
        att = "-" if r["attribution"] is None else f"{r['attribution']:.3f}"
        print(
            f"{r['file']:28} {r['set']:7} {str(r['real']):5} {r['found']:>3}/{r['named']:<3} "
            f"{len(r['invented']):>8} {att:>7} {r['left']:>5} {r['kept']:>7.1%} "
            f"{r['roles_right']}/{r['roles_known']}"
            + (f"  invented: {r['invented']}" if args.verbose and r["invented"] else "")
        )
    print(f"\nerrors of the run: {m['errors']}")
    ok_batch = len(m["errors"]) == 1 and UNREADABLE in m["errors"][0] and len(m["cleaned"]) == len(m["rows"])
    print(f"all good files cleaned in one run with one unreadable file: {ok_batch}")
    failed = [] if ok_batch else ["the batch did not survive the unreadable file"]
    for name, s in m["sets"].items():
        print(
            f"{name:12} files {s['files']:2}: named speakers found {s['found']:.1%} of {s['named']}, "
            f"invented {s['invented']}, median attribution {s['attribution']:.3f}, "
            f"left in speech {s['left']}, "
            f"words kept {s['kept_min']:.1%}-{s['kept_max']:.1%}, known roles right {s['roles']:.1%}"
        )
    failed += [f"{name}: {miss}" for name, s in m["sets"].items() for miss in misses(s)]
    for file, still in known_misses(m["rows"]).items():
        kept = next(r["kept"] for r in m["rows"] if r["file"] == file)
        print(f"known miss: {file} keeps {kept:.1%} of its words ({KNOWN_MISSES[file]})")
        if not still:
            failed.append(f"{file} now meets the words-kept target: take it off KNOWN_MISSES")
    if args.json:
        args.json.write_text(json.dumps(m, indent=1, default=str) + "\n")
    print("targets met" if not failed else "MISSED: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
