"""How many distinctive terms pass when delegations are dealt to groups at random (docs/statistics.md).

The distinctive-terms z is a screen, not a test: this counts the terms that pass with the real groups
and with the same delegations dealt to groups at random (group sizes kept, Observers left out), over
a processed folder of the General Debate (`clean` then `themes`; bench_pipeline.py's README says how to
make one for a year's slice).

    .venv/bin/python benchmarks/discover_deals.py /tmp/gd23/processed --deals 10 --seed 2026
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.comparison import discover

LEFT_OUT = "Observers"  # one or two delegations: no group to deal


def passing(sentences: pd.DataFrame, found: dict[str, pd.DataFrame]) -> int:
    return len(discover.distinctive_terms(sentences, found=found))


def deals(sentences: pd.DataFrame, n: int, seed: int) -> tuple[int, list[int]]:
    """(terms passing with the real groups, terms passing in each of `n` random deals)."""
    s = sentences[sentences["group"].astype(str) != LEFT_OUT].copy()
    found = {kind: discover.occurrences(s, kind) for kind in discover.KINDS}
    delegations = s.drop_duplicates("country").sort_values("country")[["country", "group"]]
    gen = np.random.default_rng(seed)
    dealt = []
    for _ in range(n):
        groups = gen.permutation(delegations["group"].astype(str).to_numpy())
        to = dict(zip(delegations["country"], groups, strict=True))
        shuffled = s.assign(group=s["country"].map(to))
        found_dealt = {kind: occ.assign(group=occ["country"].map(to)) for kind, occ in found.items()}
        dealt.append(passing(shuffled, found_dealt))
    return passing(s, found), dealt


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("processed", type=Path, help="a processed folder holding sentences.parquet")
    ap.add_argument("--deals", type=int, default=10)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    real, dealt = deals(pd.read_parquet(args.processed / "sentences.parquet"), args.deals, args.seed)
    print(
        f"{args.processed}: {real} terms pass with the real groups; dealt at random "
        f"(seed {args.seed}): mean {np.mean(dealt):.1f}, range {min(dealt)}-{max(dealt)} ({dealt})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
