"""Draw a seeded, stratified sample of General Debate sentences for blind hand-coding.

The theme coder is tuned on the shared dev set; to know whether it generalises it
must be scored on sentences nobody tuned on. This script splits every speech of
the UN General Debate Corpus (under SHARED_DIR/corpora/ungdc) into sentences,
keeps those of 8-60 words that are not in the dev set (or another coded file given
with --exclude), and draws a sample balanced over the UN regional groups, half of
it from sentences with at least one development keyword (a plain random draw is
mostly `none`, which says little about recall). The output has the dev set's
columns with `themes` left empty, ready to be coded by hand.

    python tools/sample_sentences.py --n 200 --out /tmp/heldout-2-blank.tsv \
        --exclude tests/fixtures/themes/heldout-own.tsv
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from analysis import config  # noqa: E402
from analysis.ingest import gdc  # noqa: E402

SEED = 20250611
MIN_WORDS, MAX_WORDS = 8, 60
# Words that make a sentence a candidate for a development theme (used only to stratify).
KEYWORDS = re.compile(
    r"\b(develop\w*|econom\w*|climat\w*|trade|invest\w*|financ\w*|poverty|hunger|food|health\w*|educat\w*|"
    r"school\w*|technolog\w*|digital\w*|industr\w*|innovat\w*|scien\w*|research|infrastructure|energy|"
    r"women|girls|gender|youth|young|disabilit\w*|inequalit\w*|cooperation|partnership\w*|debt|agricultur\w*|"
    r"employment|jobs|skills|training|environment\w*|pandemic|covid\w*|sustainab\w*|growth|emissions|"
    r"ocean\w*|water|internet|connectivity|artificial intelligence|private sector|market\w*|poor)\b",
    re.IGNORECASE,
)
ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "No",
    "Nos",
    "Art",
    "Prof",
    "Messrs",
    "H.E",
    "Rev",
    "Sr",
    "Jr",
    "Gen",
)
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV_END = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain-text speech: each line is a paragraph; split after . ! ? before a capital."""
    out = []
    for para in text.splitlines():
        para = " ".join(para.split())
        if not para:
            continue
        pieces = _SPLIT.split(para)
        buf = ""
        for piece in pieces:
            buf = f"{buf} {piece}".strip() if buf else piece
            if _ABBREV_END.search(buf) or re.search(r"\b[A-Z]\.$", buf):
                continue  # "Mr. Guterres", "J. Smith": not a sentence end
            out.append(buf)
            buf = ""
        if buf:
            out.append(buf)
    return out


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def read_texts(path: Path) -> set[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {_norm(r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}


def pool(corpus: Path, exclude: set[str]) -> dict[tuple[str, bool], list[tuple[str, str, int, str]]]:
    """(group, has keyword) -> [(session_id, iso3, year, sentence)] over the whole corpus, sorted."""
    manifest, _ = gdc.scan(corpus)
    strata: dict[tuple[str, bool], list] = defaultdict(list)
    for row in manifest.itertuples(index=False):
        if row.group == gdc.NO_GROUP:
            continue
        text = (corpus / row.file).read_text(encoding="utf-8", errors="replace")
        for sent in dict.fromkeys(split_sentences(text)):
            n = len(sent.split())
            if not (MIN_WORDS <= n <= MAX_WORDS) or "\t" in sent or _norm(sent) in exclude:
                continue
            key = (row.group, bool(KEYWORDS.search(sent)))
            strata[key].append((row.session_id, row.country, row.year, sent))
    return strata


def sample(strata, n: int, seed: int = SEED) -> list[dict]:
    """n sentences: half keyword-bearing, each half spread evenly over the groups (seeded)."""
    rng = random.Random(seed)
    groups = sorted({g for g, _ in strata})
    picked = []
    for flag, want in ((True, n - n // 2), (False, n // 2)):
        per = [want // len(groups) + (1 if i < want % len(groups) else 0) for i in range(len(groups))]
        for g, k in zip(groups, per, strict=True):
            picked += [(g, *s) for s in rng.sample(strata[(g, flag)], k)]
    rng.shuffle(picked)
    return [
        {"id": f"h2-{i:03d}", "group": g, "iso3": iso3, "year": year, "text": sent, "themes": ""}
        for i, (g, _sid, iso3, year, sent) in enumerate(picked)
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=config.SHARED_DIR / "corpora" / "ungdc")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="more coded TSVs to leave out")
    args = ap.parse_args(argv)
    exclude = read_texts(config.DEV_SET)
    for p in args.exclude:
        exclude |= read_texts(p)
    rows = sample(pool(args.corpus, exclude), args.n, args.seed)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(
            fh,
            fieldnames=list(rows[0]),
            delimiter="\t",
            lineterminator="\n",
            quoting=csv.QUOTE_NONE,
            escapechar=None,
        )
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} sentences -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
