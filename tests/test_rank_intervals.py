"""How far the rank-agreement intervals can be trusted, measured on simulated data with a known tau.

`ranks.rank_agreement` gives percentile cluster-bootstrap intervals for Kendall's tau-b. They
under-cover with few delegations (docs/statistics.md, "Ranks, rank agreement, top themes"), so
the reverse-percentile (basic), bias-corrected (BC, BCa) and double-bootstrap intervals were
measured as replacements in benchmarks/bench_statistics.py (--sections ranks): all of them
covered less, because they centre the interval on the estimate, and tau of estimated shares
jumps with every near-tie between two themes' shares, while the percentile interval centres on
the replicates' mean, which averages those jumps out. This test keeps both halves of that claim
checkable: in the bundled sample's design the percentile interval covers about 0.89, the basic
interval, from the same replicates, about 0.75.

Five groups of ten delegations with about nine counted sentences each, true shares the bundled
sample's (ties broken), 150 draws of sentences through `ranks.rank_agreement` itself: ten pairs
per draw, so each rate pools 1,500 intervals (standard error about 0.01, more with the pairs'
correlation), and the bounds sit four or more standard errors from the benchmark's rates.
"""

from __future__ import annotations

import numpy as np

from analysis.comparison import ranks, simulate
from analysis.comparison.tables import rng

TRUTH = [  # benchmarks/bench_statistics.py RANK_TRUTH["sample"]
    [0.073, 0.043, 0.395, 0.184, 0.049, 0.061, 0.239, 0.005, 0.037, 0.101, 0.067],
    [0.102, 0.439, 0.347, 0.061, 0.071, 0.122, 0.096, 0.054, 0.048, 0.108, 0.090],
    [0.034, 0.398, 0.386, 0.057, 0.268, 0.011, 0.080, 0.255, 0.005, 0.125, 0.091],
    [0.175, 0.044, 0.351, 0.068, 0.056, 0.289, 0.038, 0.052, 0.083, 0.062, 0.074],
    [0.381, 0.107, 0.357, 0.143, 0.119, 0.083, 0.048, 0.012, 0.036, 0.250, 0.024],
]


def _coverage(draws: int = 150, reps: int = 300) -> dict[str, float]:
    groups = [
        simulate.Group(f"g{i}", 10, shares, concentration=20, sentences=9, spread=0.25)
        for i, shares in enumerate(TRUTH)
    ]
    truth = np.array(TRUTH)
    true_tau = {
        (f"g{a}", f"g{b}"): ranks.kendall_tau_b(truth[a], truth[b])[0]
        for a in range(len(TRUTH))
        for b in range(a + 1, len(TRUTH))
    }
    gen = rng("rank-interval-test")
    hits = {"percentile": [], "basic": []}
    for _ in range(draws):
        d = simulate.draw(groups, gen)
        table = ranks.rank_agreement(d.frame, d.human, reps=reps)
        tau = np.array([true_tau[(a, b)] for a, b in zip(table.group_a, table.group_b, strict=True)])
        low, high = table.ci_low.to_numpy(), table.ci_high.to_numpy()
        hits["percentile"].append((low <= tau) & (tau <= high))
        basic_low, basic_high = 2 * table.tau - high, 2 * table.tau - low  # same replicates, reflected
        hits["basic"].append((basic_low <= tau) & (tau <= basic_high))
    return {method: float(np.mean(h)) for method, h in hits.items()}


def test_percentile_tau_interval_covers_better_than_the_basic_one():
    cov = _coverage()
    # the project's interval: near nominal, short of it (the documented under-coverage)
    assert 0.85 <= cov["percentile"] < 0.95, cov
    # the reflected interval the benchmark rejected fails the same bound
    assert cov["basic"] < 0.85, cov
    assert cov["percentile"] - cov["basic"] >= 0.07, cov
