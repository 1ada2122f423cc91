"""Coverage and level of the comparison and agreement statistics on simulated data with a known truth.

The larger run behind tests/test_statistics_simulation.py, tests/test_agreement_intervals.py and
tests/test_rank_intervals.py;
its output is the table in
docs/statistics.md. Every scenario draws from its own seeded stream, so a run is
reproducible. Beside the project's methods it measures the ones they replace (the
percentile cluster bootstrap and the permuted plain difference of the old `compare`, and a
CR2 t interval), so the table shows why each method was chosen.

    .venv/bin/python benchmarks/bench_statistics.py             # ~20 min on 2 shared cores
    .venv/bin/python benchmarks/bench_statistics.py --sections agreement  # ~10 min
    .venv/bin/python benchmarks/bench_statistics.py --sections concentrated  # ~2 min
    .venv/bin/python benchmarks/bench_statistics.py --sections rest  # ~1.5 min
    .venv/bin/python benchmarks/bench_statistics.py --sections mdd  # ~30 s
    .venv/bin/python benchmarks/bench_statistics.py --sections correction-tiny  # ~4 min
    .venv/bin/python benchmarks/bench_statistics.py --sections correction-most  # ~3 min
    .venv/bin/python benchmarks/bench_statistics.py --sections permutation  # ~40 s
    .venv/bin/python benchmarks/bench_statistics.py --sections ranks --scale 0.5  # ~15 min
    .venv/bin/python benchmarks/bench_statistics.py --scale 0.1 # a quick look
    .venv/bin/python benchmarks/bench_statistics.py --markdown docs/statistics-table.md

Monte Carlo error: a rate c from R draws has standard error sqrt(c (1 - c) / R), 0.005 for
c = 0.95 and R = 2,000; 0.007 for a level of 0.05 from 1,000 draws.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations

import numpy as np
from scipy import stats

from analysis.comparison import checks, correction, intervals, ranks, simulate, twosample
from analysis.comparison.differences import detectable
from analysis.comparison.simulate import Group
from analysis.comparison.tables import bootstrap_weights, percentile_interval, ratio, rng

SHARES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.4]
LINES: list[str] = []


def emit(line: str = "") -> None:
    print(line, flush=True)
    LINES.append(line)


def table(header: list[str], rows: list[list]) -> None:
    emit("| " + " | ".join(header) + " |")
    emit("|" + "---|" * len(header))
    for row in rows:
        emit("| " + " | ".join(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row) + " |")
    emit()


def old_prevalence(group: Group, draws: int, gen) -> dict[str, np.ndarray]:
    """Coverage of the intervals replaced: percentile cluster bootstrap, CR2 t on D - 1 df."""
    truth = np.asarray(group.shares)
    hit = {"percentile": np.zeros(len(truth)), "cr2_t": np.zeros(len(truth))}
    for _ in range(draws):
        tot = simulate.draw_totals([group], gen)
        w = bootstrap_weights(len(tot.n), 500, gen)
        boot = ratio(w @ tot.counts, (w @ tot.n)[:, None])
        low, high = np.nanpercentile(boot, [2.5, 97.5], axis=0)
        hit["percentile"] += (low <= truth) & (truth <= high)
        share = tot.counts.sum(0) / tot.n.sum()
        low, high = intervals.t_interval(
            share, np.sqrt(intervals.cr2_variance(tot.counts, tot.n)), len(tot.n) - 1
        )
        hit["cr2_t"] += (low <= truth) & (truth <= high)
    return {k: v / draws for k, v in hit.items()}


def old_permutation_level(a: Group, b: Group, draws: int, gen, reps: int = 199) -> np.ndarray:
    """Rejection rate of the old test: the plain difference in shares, delegations permuted."""
    rejections = np.zeros(len(a.shares))
    for _ in range(draws):
        tot = simulate.draw_totals([a, b], gen)
        in_a = tot.group == a.name
        labels = np.vstack([in_a, gen.permuted(np.tile(in_a, (reps, 1)), axis=1)]).astype(float)
        diff = ratio(labels @ tot.counts, (labels @ tot.n)[:, None]) - ratio(
            (1 - labels) @ tot.counts, ((1 - labels) @ tot.n)[:, None]
        )
        p = (np.abs(diff[1:]) >= np.abs(diff[0]) - 1e-12).sum(0) + 1
        rejections += p / (reps + 1) < 0.05
    return rejections / draws


def prevalence_section(scale: float) -> None:
    emit("## Prevalence intervals: coverage of the true share (nominal 0.95)")
    emit()
    emit(
        "Pooled share (Korn-Graubard, CR2, Bell-McCaffrey df, design-effect cap) and mean of delegation "
        "shares (the same on the plain standard error), against the replaced percentile cluster bootstrap "
        "and a CR2 t interval. Sentence counts log-normal (median 40, log-sd 1). "
        f"Shares {', '.join(map(str, SHARES))}; {int(2000 * scale)} draws per scenario."
    )
    emit()
    rows = []
    for kappa in (20, 5):
        for d in (5, 10, 20, 50):
            group = Group("g", d, SHARES, concentration=kappa, spread=1.0)
            new = checks.prevalence_coverage(
                group, int(2000 * scale), rng("bench", "prevalence", str(kappa), str(d))
            )
            old = old_prevalence(group, int(1000 * scale), rng("bench", "old-prevalence", str(kappa), str(d)))
            icc = 1 / (kappa + 1)
            for name, cov in (
                ("pooled (KG)", new["pooled"]),
                ("mean of shares (KG)", new["mean"]),
                ("percentile bootstrap", old["percentile"]),
                ("CR2 t, D-1 df", old["cr2_t"]),
            ):
                rows.append([f"{icc:.2f}", d, name, *map(float, cov)])
    table(["ICC", "D", "interval", *[f"share {s}" for s in SHARES]], rows)


SCENARIOS = {
    "exchangeable, 10 v 10": ({}, {}),
    "a varies more (ICC 0.17 v 0.02), 10 v 10": ({"concentration": 5}, {"concentration": 60}),
    "a speaks far less (8 v 100 sentences), 10 v 10": ({"sentences": 8}, {"sentences": 100}),
    "a varies more and speaks less, 5 v 5": (
        {"delegations": 5, "concentration": 5, "sentences": 10},
        {"delegations": 5, "concentration": 60, "sentences": 80},
    ),
    "a varies more and speaks less, 5 v 50 (vs rest)": (
        {"delegations": 5, "concentration": 5, "sentences": 10},
        {"delegations": 50, "concentration": 60, "sentences": 80},
    ),
    "b varies more and speaks less, 5 v 50 (vs rest)": (
        {"delegations": 5, "concentration": 60, "sentences": 80},
        {"delegations": 50, "concentration": 5, "sentences": 10},
    ),
}


def _pair(a: dict, b: dict, shares_a, shares_b) -> tuple[Group, Group]:
    base = {"delegations": 10, "concentration": 20, "sentences": 40, "spread": 1.0}
    return Group("a", shares=shares_a, **{**base, **a}), Group("b", shares=shares_b, **{**base, **b})


def level_section(scale: float) -> None:
    shares = [0.05, 0.2]
    draws = int(1000 * scale)
    emit("## Difference tests: level under equal true shares (nominal 0.05), interval coverage")
    emit()
    emit(
        f"Shares 0.05 and 0.2 in both groups; {draws} draws per scenario; "
        "permutation tests on 199 Monte Carlo relabellings."
    )
    emit()
    rows = []
    for name, (a, b) in SCENARIOS.items():
        ga, gb = _pair(a, b, shares, shares)
        res = checks.difference_level(ga, gb, draws, rng("bench", "level", name))
        old = old_permutation_level(ga, gb, draws, rng("bench", "old-level", name))
        for k, s in enumerate(shares):
            rows.append(
                [
                    name,
                    s,
                    float(res["welch"][k]),
                    float(res["permutation"][k]),
                    float(old[k]),
                    float(res["welch_coverage"][k]),
                ]
            )
    table(
        [
            "scenario",
            "share",
            "Welch (check)",
            "studentized permutation",
            "old plain permutation",
            "Welch interval coverage",
        ],
        rows,
    )
    emit("### Power (true difference, 10 v 10 delegations, ICC 0.05), unadjusted 0.05")
    emit()
    rows = []
    for sa, sb in (([0.05, 0.1, 0.2], [0.1, 0.2, 0.32]), ([0.05, 0.1, 0.2], [0.15, 0.25, 0.4])):
        ga, gb = _pair({}, {}, sa, sb)
        res = checks.difference_level(ga, gb, draws // 2, rng("bench", "power", str(sb)))
        for k in range(3):
            rows.append(
                [
                    f"{sa[k]} v {sb[k]}",
                    float(res["welch"][k]),
                    float(res["permutation"][k]),
                    float(res["welch_coverage"][k]),
                ]
            )
    table(["shares", "Welch power", "permutation power", "Welch interval coverage"], rows)


def correction_section(scale: float) -> None:
    draws = int(600 * scale)
    shares = [0.05, 0.1, 0.2, 0.4]
    emit("## Corrected shares: coder error differs by group")
    emit()
    emit(
        "Group A's coder finds 60% of its theme sentences (specificity 0.98), group B's 85% (0.99); "
        f"equal true shares {', '.join(map(str, shares))}; 100 validated sentences per group; ICC 0.05; "
        f"{draws} draws per row; 1,000 bootstrap replicates."
    )
    emit()
    rows = []
    for d in (5, 10, 20):
        groups = [
            Group("A", d, shares, sensitivity=0.6, specificity=0.98, spread=1.0),
            Group("B", d, shares, sensitivity=0.85, specificity=0.99, spread=1.0),
        ]
        res = checks.correction_coverage(groups, draws, rng("bench", "correction", str(d)))
        for k, s in enumerate(shares):
            rows.append(
                [
                    d,
                    s,
                    float(res["machine"][0, k]),
                    float(res["machine"][1, k]),
                    float(res["corrected"][0, k]),
                    float(res["corrected"][1, k]),
                    float(res["machine_test"][k]),
                    float(res["corrected_test"][k]),
                    float(res["corrected_diff_coverage"][k]),
                ]
            )
    table(
        [
            "D",
            "share",
            "machine-only coverage A",
            "machine-only coverage B",
            "corrected coverage A",
            "corrected coverage B",
            "machine-only test rejects",
            "corrected test level",
            "corrected difference coverage",
        ],
        rows,
    )


def correction_small_section(scale: float) -> None:
    """Corrected shares where the validation sample is small or the coder agrees with people: the cases
    where a sample shows few or no disagreements (`correction.sample_variance`'s floor)."""
    draws = int(400 * scale)
    shares = [0.01, 0.05, 0.2, 0.4]
    emit("### Corrected shares: small validation samples and a perfect coder")
    emit()
    emit(
        f"Ten delegations per group, ICC 0.05, equal true shares {', '.join(map(str, shares))}. "
        "Coder error: A's coder finds 60% (specificity 0.98), B's 85% (0.99). Perfect: both find every "
        f"theme sentence and nothing else. {draws} draws per row, 400 bootstrap replicates."
    )
    emit()
    rows = []
    designs = {
        "coder error": (
            {"sensitivity": 0.6, "specificity": 0.98},
            {"sensitivity": 0.85, "specificity": 0.99},
        ),
        "perfect": ({"sensitivity": 1.0, "specificity": 1.0}, {"sensitivity": 1.0, "specificity": 1.0}),
    }
    for name, (a, b) in designs.items():
        for n_validated in (5, 10, 20, 100):
            groups = [Group("A", 10, shares, spread=1.0, **a), Group("B", 10, shares, spread=1.0, **b)]
            gen = rng("bench", "correction-small", name, str(n_validated))
            res = checks.correction_coverage(groups, draws, gen, n_validated, reps=400)
            rows.append(
                [
                    name,
                    n_validated,
                    "/".join(f"{x:.2f}" for x in res["machine"][0]),
                    "/".join(f"{x:.2f}" for x in res["corrected"][0]),
                    "/".join(f"{x:.2f}" for x in res["corrected"][1]),
                    float(res["corrected_test"].max()),
                    float(res["corrected_diff_coverage"].min()),
                ]
            )
    table(
        [
            "coder",
            "validated per group",
            "machine-only coverage A (by share)",
            "corrected coverage A",
            "corrected coverage B",
            "corrected test level (max)",
            "corrected difference coverage (min)",
        ],
        rows,
    )


def few_validated_coverage(group: Group, n_validated: int, draws: int, gen, reps: int = 300) -> dict:
    """One group's corrected intervals from a small validation sample: coverage and width per theme, and
    coverage where the sample held at most one sentence people coded with a theme of share 0.2 or more
    (what `few_validated` warns of), with how many draws that was."""
    truth = np.asarray(group.shares, dtype=float)
    hit, width = np.zeros(len(truth)), np.zeros(len(truth))
    few_hit = few = 0
    for _ in range(draws):
        d = simulate.draw([group], gen, n_validated)
        c = correction.corrected_totals(d.frame, d.machine, d.human[d.validated])
        low, high = correction.share_interval(c, group.name, correction.group_spread(c, group.name, reps))
        covered = (low <= truth) & (truth <= high)
        hit += covered
        width += high - low
        thin = (d.human[d.validated].to_numpy().sum(0) <= 1) & (truth >= 0.2)
        few_hit += int(covered[thin].sum())
        few += int(thin.sum())
    return {
        "coverage": hit / draws,
        "width": width / draws,
        "few": few_hit / few if few else np.nan,
        "n_few": few,
    }


def correction_few_section(scale: float) -> None:
    """Corrected intervals from 6-18 validated sentences where the coder misses or over-finds a theme:
    the sample often holds fewer errors than the coder makes (`correction.rate_distances`)."""
    draws = int(600 * scale)
    shares = [0.02, 0.05, 0.2, 0.4]
    coders = {
        "finds 30%": {"sensitivity": 0.3, "specificity": 0.99},
        "finds 60%": {"sensitivity": 0.6, "specificity": 0.98},
        "over-finds (specificity 0.85)": {"sensitivity": 0.95, "specificity": 0.85},
        "accurate (0.9, 0.99)": {"sensitivity": 0.9, "specificity": 0.99},
    }
    designs = {"20 delegations, ~9 sentences": (20, 9, 0.25), "10 delegations, ~40 sentences": (10, 40, 1.0)}
    emit("### Corrected shares: a few validated sentences and a coder that errs")
    emit()
    emit(
        f"One group, ICC 0.05, true shares {', '.join(map(str, shares))}; {draws} draws per row, 300 "
        "bootstrap replicates. 'Held 0-1': coverage of the shares of 0.2 and 0.4 in the draws whose sample "
        "held at most one sentence people coded with the theme (how many such intervals in brackets)."
    )
    emit()
    rows = []
    for design, (d, sentences, spread) in designs.items():
        for name, coder in coders.items():
            for n_validated in (6, 12, 18):
                group = Group("A", d, shares, sentences=sentences, spread=spread, **coder)
                res = few_validated_coverage(
                    group, n_validated, draws, rng("bench", "correction-few", design, name, str(n_validated))
                )
                rows.append([
                    design, name, n_validated,
                    "/".join(f"{x:.3f}" for x in res["coverage"]), "/".join(f"{x:.2f}" for x in res["width"]),
                    f"{res['few']:.2f} ({res['n_few']})",
                ])  # fmt: skip
    table(["design", "coder", "validated", "coverage (by share)", "width (by share)", "held 0-1"], rows)


def correction_most_section(scale: float) -> None:
    """Corrected intervals where the validation sample is much or all of a group: does combining the
    machine share's interval with the correction's (`correction.corrected_interval`) make them wider than
    the human codes alone would give? (The machine share and the correction cancel when every sentence is
    validated, yet the interval adds their parts as if independent.)"""
    draws = int(200 * scale)
    shares = [0.02, 0.05, 0.2, 0.4]
    coders = {
        "finds 60%": {"sensitivity": 0.6, "specificity": 0.98},
        "accurate (0.9, 0.99)": {"sensitivity": 0.9, "specificity": 0.99},
    }
    designs = {"10 delegations, ~40 sentences": (10, 40), "3 delegations, ~40 sentences": (3, 40)}
    emit("### Corrected shares: a validation sample that is much or all of a group")
    emit()
    emit(
        f"One group, ICC 0.05, sentence counts log-sd 1, true shares {', '.join(map(str, shares))}; {draws} "
        "draws per row, 300 bootstrap replicates. 'All' validates every sentence. 'Human codes alone': the "
        "machine-free interval (`intervals.pooled_share`) of the same draw's human codes of every sentence, "
        "what the group would get had people coded it all."
    )
    emit()
    rows = []
    for design, (d, sentences) in designs.items():
        for name, coder in coders.items():
            for n_validated in (20, 100, 10**6):
                group = Group("A", d, shares, sentences=sentences, spread=1.0, **coder)
                said = "all" if n_validated == 10**6 else n_validated
                res = checks.whole_validation_coverage(
                    group, n_validated, draws, rng("bench", "correction-most", design, name, str(said))
                )
                rows.append([
                    design, name, said,
                    "/".join(f"{x:.2f}" for x in res["cover"]), "/".join(f"{x:.3f}" for x in res["width"]),
                    "/".join(f"{x:.2f}" for x in res["human_cover"]),
                    "/".join(f"{x:.3f}" for x in res["human_width"]),
                ])  # fmt: skip
    header = ["design", "coder", "validated", "coverage (by share)", "width"]
    table([*header, "human codes alone: coverage", "width"], rows)


def tiny_validated_coverage(groups: list[Group], n_validated: int, draws: int, gen, reps: int = 200) -> dict:
    """A's corrected share and the corrected difference A - B from a validation sample of `n_validated`
    sentences per group, per theme: the t interval as it was (`raw`, diff +- t se) and as
    `correction.difference` now holds it to [-1, 1] (`held`), and a MOVER interval from the two shares'
    own intervals (Newcombe 1998; measured, not used: its ends need not agree with the Welch test)."""
    truth = np.array([g.shares for g in groups], dtype=float)
    true_diff = truth[0] - truth[1]
    keys = ("raw_cover", "raw_width", "raw_out", "held_cover", "held_width", "mover_cover", "mover_width",
            "share_cover", "share_width", "share_out", "point_out")  # fmt: skip
    acc = {k: np.zeros(truth.shape[1]) for k in keys}
    for _ in range(draws):
        d = simulate.draw(groups, gen, n_validated)
        c = correction.corrected_totals(d.frame, d.machine, d.human[d.validated])
        per, sizes, deffs, shown = {}, {}, {}, {}
        for j, g in enumerate(groups):
            sel = c.group == g.name
            sp = correction.group_spread(c, g.name, reps)
            low, high = correction.share_interval(c, g.name, sp)
            shown[g.name] = (np.clip(sp.point, 0, 1), low, high)
            if j == 0:
                acc["share_cover"] += (low <= truth[0]) & (truth[0] <= high)
                acc["share_width"] += high - low
                acc["share_out"] += (low < 0) | (high > 1)
                acc["point_out"] += (sp.point < 0) | (sp.point > 1)
            per[g.name] = (sp.point, sp.var, intervals.bell_mccaffrey_df(c.n[sel]))
            sizes[g.name], deffs[g.name] = c.n[sel].sum(), correction.group_design_effect(c, g.name)
        a, b = groups[0].name, groups[1].name
        _, diff, se, df, _, low, high = correction.versus(per, sizes, deffs, a, [b])
        t975 = stats.t.ppf(0.975, df)
        raw_low, raw_high = diff - t975 * se, diff + t975 * se
        (pa, la, ha), (pb, lb, hb) = shown[a], shown[b]
        mover_low = pa - pb - np.hypot(pa - la, hb - pb)
        mover_high = pa - pb + np.hypot(ha - pa, pb - lb)
        ends = {"raw": (raw_low, raw_high), "held": (low, high), "mover": (mover_low, mover_high)}
        for name, (lo, hi) in ends.items():
            acc[f"{name}_cover"] += (lo <= true_diff) & (true_diff <= hi)
            acc[f"{name}_width"] += hi - lo
        acc["raw_out"] += (raw_low < -1) | (raw_high > 1)
    return {k: v / draws for k, v in acc.items()}


def correction_tiny_section(scale: float) -> None:
    """Corrected differences from 4-50 validated sentences per group: the t interval left [-1, 1] (helper
    AG's finding, an analyst's round of 4 per group); `correction.difference` now holds it there."""
    draws = int(2000 * scale)
    shares_a, shares_b = [0.05, 0.3, 0.5, 0.5], [0.05, 0.3, 0.5, 0.05]
    coders = {"finds 60%, specificity 0.95": (0.6, 0.95), "finds 30%, specificity 0.99": (0.3, 0.99)}
    emit("### Corrected differences from a handful of validated sentences")
    emit()
    emit(
        "Groups A and B of ten delegations of about nine sentences (log-sd 0.25), ICC 0.05; true shares "
        f"{'/'.join(map(str, shares_a))} in A and {'/'.join(map(str, shares_b))} in B (the differences "
        f"0, 0, 0, 0.45); B's coder finds 85% (specificity 0.99), A's as given; {draws} draws per row, 200 "
        "bootstrap replicates. Per theme: 't' is the interval as it was (difference +- t se), 'now' the "
        "same held to [-1, 1] (its coverage is the t interval's: no true difference lies outside), 'MOVER' "
        "one from the two shares' intervals (measured, not used); 'left' how often the t interval reached "
        "past +-1, 'A's share' its corrected interval (held to [0, 1] since session 33) and how often the "
        "corrected share itself fell outside [0, 1]."
    )
    emit()
    rows = []
    for name, (sens, spec) in coders.items():
        for n_validated in (4, 10, 20, 50):
            kw = {"delegations": 10, "sentences": 9, "spread": 0.25}
            groups = [Group("A", shares=shares_a, sensitivity=sens, specificity=spec, **kw),
                      Group("B", shares=shares_b, sensitivity=0.85, specificity=0.99, **kw)]  # fmt: skip
            res = tiny_validated_coverage(
                groups, n_validated, draws, rng("bench", "correction-tiny", name, str(n_validated))
            )

            def cell(key, fmt="{:.3f}", res=res):
                return "/".join(fmt.format(x) for x in res[key])

            rows.append([
                name, n_validated, cell("raw_out", "{:.2f}"), cell("raw_cover"), cell("raw_width", "{:.2f}"),
                cell("held_width", "{:.2f}"), cell("mover_cover"), cell("mover_width", "{:.2f}"),
                cell("share_cover"), cell("share_width", "{:.2f}"), cell("point_out", "{:.2f}"),
            ])  # fmt: skip
    table(
        ["coder in A", "validated", "t left [-1, 1]", "coverage (t = now)", "width t", "width now",
         "MOVER coverage", "MOVER width", "A's share coverage", "A's share width",
         "A's corrected share below 0 or above 1"],
        rows,
    )  # fmt: skip


def misclassification_section(scale: float) -> None:
    emit("### Differential misclassification test (3 groups of 10 delegations, 100 validated sentences each)")
    emit()
    same = [Group(g, 10, [0.1, 0.3], sensitivity=0.8, specificity=0.97) for g in "ABC"]
    worse = [Group("A", 10, [0.1, 0.3], sensitivity=0.5, specificity=0.97)] + same[1:]
    # the same coder, the groups raising each theme at different rates (A, B, C): the null still holds
    apart = [
        Group(g, 10, [a, b], sensitivity=0.8, specificity=0.97)
        for g, a, b in zip("ABC", (0.05, 0.15, 0.3), (0.05, 0.1, 0.4), strict=True)
    ]
    level = checks.misclassification_level(same, int(500 * scale), rng("bench", "misclassification"))
    power = checks.misclassification_level(worse, int(200 * scale), rng("bench", "misclassification-power"))
    shifted = checks.misclassification_level(
        apart, int(500 * scale), rng("bench", "misclassification-shares")
    )
    table(
        ["coder", "theme 1", "theme 2"],
        [
            ["same in every group, shares 0.1 and 0.3 everywhere (level)", *map(float, level)],
            ["same in every group, shares 0.05/0.15/0.30 and 0.05/0.10/0.40 (level)", *map(float, shifted)],
            ["misses 50% in A, 20% elsewhere, shares 0.1 and 0.3 (power)", *map(float, power)],
        ],
    )


def correction_level_section(scale: float) -> None:
    draws = int(400 * scale)
    shares = [0.05, 0.2]
    emit("### Corrected difference test: level with an accurate coder (nominal 0.05)")
    emit()
    emit(
        "Both groups' coder finds 90% of the theme sentences (specificity 0.99), so corrected shares lean on "
        "the machine part and its variance; equal true shares 0.05 and 0.2; 100 validated sentences per "
        f"group unless said; the verbosity and spread scenarios of the difference tests above; {draws} draws "
        "per row, 400 bootstrap replicates."
    )
    emit()
    rows = []
    coder = {"sensitivity": 0.9, "specificity": 0.99}
    for name in list(SCENARIOS)[:4]:
        a, b = SCENARIOS[name]
        groups = _pair({**coder, **a}, {**coder, **b}, shares, shares)
        for n_validated in (20, 100) if name.startswith("exchangeable") else (100,):
            res = checks.correction_coverage(
                groups, draws, rng("bench", "correction-level", name, str(n_validated)), n_validated, reps=400
            )
            rows.append(
                [
                    name,
                    n_validated,
                    *map(float, res["machine_test"]),
                    *map(float, res["corrected_test"]),
                    float(res["corrected"].mean()),
                ]
            )
    table(
        [
            "scenario",
            "validated per group",
            "machine-only level 0.05",
            "machine-only level 0.2",
            "corrected level 0.05",
            "corrected level 0.2",
            "corrected coverage (mean)",
        ],
        rows,
    )


def agreement_section(scale: float) -> None:
    emit("## Agreement intervals: coverage of a coded population's figures (nominal 0.95)")
    emit()
    prevalence, sensitivity, fpr, shift = checks.CODER_SCENARIO
    emit(
        "Percentile bootstrap over sentences, within groups (`coding.agreement.intervals`, 1,000 resamples). "
        f"A population of 50,000 coded sentences: {len(prevalence)} themes at prevalence "
        f"{', '.join(map(str, prevalence))}; the coder finds "
        f"{sensitivity[0]:.2f}-{sensitivity[-1]:.2f} of each and adds {fpr[-1]}-{fpr[0]} false positives; "
        f"{len(shift)} groups shift its sensitivity by "
        f"{', '.join(map(str, shift))}. {int(2000 * scale)} samples per size."
    )
    emit()
    gen = rng("bench", "agreement")
    human, machine, groups = checks.coder_population(*checks.CODER_SCENARIO, size=50_000, gen=gen)
    by_prevalence = sorted(range(len(prevalence)), key=prevalence.__getitem__)
    keys = [("micro_f1", "all"), ("macro_f1", "all"), *[("kappa", f"t{j}") for j in by_prevalence]]
    rows = []
    for per_group in (20, 84, 100, 240):
        cov = checks.agreement_coverage(human, machine, groups, per_group, int(2000 * scale), gen)
        groups_cov = np.mean([v for (s, scope), v in cov.items() if s == "micro_f1" and scope != "all"])
        rows.append([per_group * len(shift), *[float(cov[k]) for k in keys], float(groups_cov)])
    header = ["sentences", "micro-F1", "macro-F1"]
    header += [f"kappa {prevalence[j]:.1%}" for j in by_prevalence] + ["group micro-F1 (mean)"]
    table(header, rows)
    emit(
        "Change from a baseline coder (`coding.agreement.difference_intervals`: paired basic bootstrap for "
        "the F1 figures, exact sign test of right against wrong changes), 84 sentences per group. "
        "Revisions find a share of the baseline's misses and add false codes to the uncoded; "
        f"{int(1000 * scale)} samples each. 'even' adds as many false codes as it fixes misses, in "
        "expectation: there the sign test's rejection rate is its level (nominal at most 0.05), elsewhere "
        "its power."
    )
    emit()
    rows = []
    misses, negatives = (human & ~machine).sum(axis=0), (~human & ~machine).sum(axis=0)
    for fix, add in ((0.1, 0.002), (0.3, 0.004), (0.5, 0.01), (0.3, "even")):
        rate = 0.3 * misses / negatives if add == "even" else add
        revised = checks.revise(human, machine, fix, rate, gen)
        cov = checks.agreement_coverage(human, revised, groups, 84, int(1000 * scale), gen, baseline=machine)
        groups_cov = [v for (s, scope), v in cov.items() if s == "micro_f1" and scope != "all"]
        rejects = checks.sign_test_rejections(human, revised, machine, groups, 84, int(1000 * scale), gen)
        label = f"finds {fix:.0%} of misses, adds {add if add == 'even' else f'{add:.1%}'}"
        overall = [cov[("micro_f1", "all")], cov[("macro_f1", "all")]]
        cells = [*overall, min(groups_cov), max(groups_cov), rejects]
        rows.append([label, *map(float, cells)])
    header = ["revision", "micro-F1 change", "macro-F1 change", "group change (lowest)"]
    table([*header, "group change (highest)", "sign test p < 0.05"], rows)


# True theme shares of five regional groups (11 themes, codebook order): the bundled sample's and
# General Debate 2023's observed shares (African, Asia-Pacific, Eastern European, Latin American
# and Caribbean, Western European and Others), ties broken by a few thousandths and zeros set to
# 0.005, so every true rank and every true tau is defined without ties.
RANK_TRUTH = {
    "sample": [
        [0.073, 0.043, 0.395, 0.184, 0.049, 0.061, 0.239, 0.005, 0.037, 0.101, 0.067],
        [0.102, 0.439, 0.347, 0.061, 0.071, 0.122, 0.096, 0.054, 0.048, 0.108, 0.090],
        [0.034, 0.398, 0.386, 0.057, 0.268, 0.011, 0.080, 0.255, 0.005, 0.125, 0.091],
        [0.175, 0.044, 0.351, 0.068, 0.056, 0.289, 0.038, 0.052, 0.083, 0.062, 0.074],
        [0.381, 0.107, 0.357, 0.143, 0.119, 0.083, 0.048, 0.012, 0.036, 0.250, 0.024],
    ],
    "general debate": [
        [0.0894, 0.0081, 0.0519, 0.0795, 0.0138, 0.0590, 0.0183, 0.0087, 0.0678, 0.0379, 0.0187],
        [0.1254, 0.0176, 0.0491, 0.0675, 0.0225, 0.0665, 0.0174, 0.0101, 0.0716, 0.0448, 0.0180],
        [0.0482, 0.0153, 0.0301, 0.0217, 0.0092, 0.0330, 0.0237, 0.0060, 0.0390, 0.0205, 0.0117],
        [0.1094, 0.0080, 0.0541, 0.0859, 0.0144, 0.0734, 0.0136, 0.0086, 0.0712, 0.0208, 0.0120],
        [0.0900, 0.0210, 0.0313, 0.0529, 0.0120, 0.0441, 0.0103, 0.0109, 0.0473, 0.0244, 0.0117],
    ],
}
RANK_METHODS = ("percentile", "basic", "BC", "BCa")


def _rank_design(truth: str, delegations, sentences, spread: float, concentration: float) -> list[Group]:
    shares = RANK_TRUTH[truth]
    return [
        Group(f"g{i}", d, shares[i], concentration=concentration, sentences=s, spread=spread)
        for i, (d, s) in enumerate(zip(delegations, sentences, strict=True))
    ]


def bootstrap_intervals(boot, est, method: str, accel=0.0, confidence: float = 0.95):
    """(low, high) per column of bootstrap replicates `boot` (reps x P) around the estimates `est`
    (P,): percentile, basic (reverse percentile), BC (bias-corrected percentile, z0 from the
    share of replicates below the estimate, ties counted half) or BCa (BC with acceleration)."""
    if method == "percentile":
        return percentile_interval(boot, confidence)
    if method == "basic":
        low, high = percentile_interval(boot, confidence)
        return 2 * est - high, 2 * est - low
    reps = np.isfinite(boot).sum(0)
    below = ((boot < est).sum(0) + 0.5 * (boot == est).sum(0)) / np.maximum(reps, 1)
    z0 = stats.norm.ppf(np.clip(below, 1 / (reps + 1), reps / (reps + 1)))
    z = stats.norm.ppf([(1 - confidence) / 2, (1 + confidence) / 2])[:, None]
    a = np.asarray(accel, dtype=float) if method == "BCa" else 0.0
    levels = stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z)))
    return tuple(
        np.array([np.nanquantile(boot[:, j], levels[i, j]) for j in range(boot.shape[1])]) for i in (0, 1)
    )


def _tau_acceleration(counts_a, n_a, counts_b, n_b) -> float:
    """BCa acceleration of tau between two groups' pooled shares: jackknife over the delegations
    of both groups (the two-sample form, Efron and Tibshirani 1993, 14.3)."""
    share_a, share_b = ratio(counts_a.sum(0), n_a.sum()), ratio(counts_b.sum(0), n_b.sum())
    num = den = 0.0
    for counts, n, flip in ((counts_a, n_a, False), (counts_b, n_b, True)):
        jack = ratio(counts.sum(0) - counts, (n.sum() - n)[:, None])
        other = np.broadcast_to(share_a if flip else share_b, jack.shape)
        theta = ranks.kendall_tau_b(other, jack) if flip else ranks.kendall_tau_b(jack, other)
        d = len(theta)
        u = (d - 1) * (np.nanmean(theta) - theta)
        num += np.nansum(u**3) / d**3
        den += np.nansum(u**2) / d**2
    return num / (6 * den**1.5) if den > 0 else 0.0


def rank_coverage(groups: list[Group], draws: int, gen, reps: int = 500) -> dict:
    """Coverage and mean width of tau intervals (every pair of groups) and rank intervals (every
    group and theme) per method, with the bias and root mean squared error of the estimate of
    tau and of the bootstrap replicates' mean (the centre of the percentile interval)."""
    truth = np.array([g.shares for g in groups], dtype=float)
    pairs = list(combinations(range(len(groups)), 2))
    true_tau = np.array([ranks.kendall_tau_b(truth[a], truth[b])[0] for a, b in pairs])
    true_rank = stats.rankdata(-truth, axis=1)
    k = truth.shape[1]
    out = {f"tau {m}": np.zeros((2, len(pairs))) for m in RANK_METHODS}
    out |= {f"rank {m}": np.zeros(2) for m in RANK_METHODS[:3]}
    err = {"estimate": np.zeros((2, len(pairs))), "bootstrap mean": np.zeros((2, len(pairs)))}
    for _ in range(draws):
        tot = simulate.draw_totals(groups, gen)
        parts = []
        for g in groups:
            sub = tot.select(tot.group == g.name)
            w = bootstrap_weights(len(sub.n), reps, gen)
            point = ratio(sub.counts.sum(0), sub.n.sum())
            parts.append((sub, point, ratio(w @ sub.counts, (w @ sub.n)[:, None])))
        est = np.array([ranks.kendall_tau_b(parts[a][1], parts[b][1])[0] for a, b in pairs])
        boot = np.stack([ranks.kendall_tau_b(parts[a][2], parts[b][2]) for a, b in pairs], 1)
        accel = np.array(
            [
                _tau_acceleration(parts[a][0].counts, parts[a][0].n, parts[b][0].counts, parts[b][0].n)
                for a, b in pairs
            ]
        )
        for name, value in (("estimate", est), ("bootstrap mean", np.nanmean(boot, 0))):
            err[name] += [value - true_tau, (value - true_tau) ** 2]
        for m in RANK_METHODS:
            low, high = (np.clip(x, -1, 1) for x in bootstrap_intervals(boot, est, m, accel))
            out[f"tau {m}"] += [(low <= true_tau + 1e-9) & (true_tau - 1e-9 <= high), high - low]
        for i, (_, point, shares) in enumerate(parts):
            rank, boot_rank = stats.rankdata(-point), stats.rankdata(-shares, axis=1)
            for m in RANK_METHODS[:3]:
                low, high = (np.clip(x, 1, k) for x in bootstrap_intervals(boot_rank, rank, m))
                hit = (low <= true_rank[i]) & (true_rank[i] <= high)
                out[f"rank {m}"] += [hit.mean() / len(groups), (high - low).mean() / len(groups)]
    res = {key: value / draws for key, value in out.items()}
    res["true tau"] = true_tau
    res["bias"] = {name: e[0] / draws for name, e in err.items()}
    res["rmse"] = {name: np.sqrt(e[1] / draws) for name, e in err.items()}
    return res


RANK_DESIGNS = {
    # name: (truth, delegations per group, median sentences per delegation, log-sd, concentration)
    "sample shares, 5 per group, ~9 sentences": ("sample", [5] * 5, [9] * 5, 0.25, 20),
    "sample shares, 10 per group, ~9 sentences (bundled sample)": ("sample", [10] * 5, [9] * 5, 0.25, 20),
    "sample shares, 10 per group, ~40 sentences": ("sample", [10] * 5, [40] * 5, 1.0, 20),
    "sample shares, 20 per group, ~9 sentences": ("sample", [20] * 5, [9] * 5, 0.25, 20),
    "sample shares, 30 per group, ~9 sentences": ("sample", [30] * 5, [9] * 5, 0.25, 20),
    "General Debate 2023 (23-53 per group, ~100 sentences)": (
        "general debate",
        [52, 53, 23, 33, 29],
        [84, 98, 104, 120, 119],
        0.45,
        60,
    ),
}


def ranks_section(scale: float) -> None:
    draws = int(2000 * scale)
    emit("## Rank agreement and rank intervals: coverage of the true tau and true ranks (nominal 0.95)")
    emit()
    emit(
        "Five groups, eleven themes; true shares the bundled sample's or General Debate 2023's "
        "(ties broken); "
        "sentence counts log-normal around the median given (log-sd 0.25 for ~9 sentences, 1 for ~40, "
        "0.45 for the General Debate), ICC 0.05 (0.017 for the General Debate); "
        f"{draws} draws per design, {500} cluster-bootstrap replicates each. Tau: the ten pairs of groups "
        "pooled (lowest and highest pair in brackets); ranks: 55 group-theme ranks pooled. The project's "
        "intervals are the percentile ones; basic, BC and BCa (jackknife over both groups' delegations) "
        "were measured and rejected."
    )
    emit()
    rows, errs = [], []
    for name, (truth, d, s, spread, kappa) in RANK_DESIGNS.items():
        res = rank_coverage(_rank_design(truth, d, s, spread, kappa), draws, rng("bench", "ranks", name))
        tau = res["true tau"]
        for m in RANK_METHODS:
            cov, width = res[f"tau {m}"]
            rank = res.get(f"rank {m}")
            rows.append(
                [
                    name,
                    m,
                    f"{cov.mean():.3f} ({cov.min():.2f}-{cov.max():.2f})",
                    float(width.mean()),
                    *(map(float, rank) if rank is not None else ("", "")),
                ]
            )
        errs.append(
            [
                name,
                f"{tau.min():.2f} to {tau.max():.2f}",
                float(np.abs(res["bias"]["estimate"]).mean()),
                float(res["rmse"]["estimate"].mean()),
                float(np.abs(res["bias"]["bootstrap mean"]).mean()),
                float(res["rmse"]["bootstrap mean"].mean()),
            ]
        )
    table(["design", "interval", "tau coverage", "tau width", "rank coverage", "rank width"], rows)
    emit("### Error of tau's estimate and of the bootstrap replicates' mean (averaged over the ten pairs)")
    emit()
    table(
        [
            "design",
            "true tau",
            "mean abs. bias, estimate",
            "RMSE, estimate",
            "mean abs. bias, bootstrap mean",
            "RMSE, bootstrap mean",
        ],
        errs,
    )


# The other themes of a group in the concentrated-theme grid: the African Group's shares in the 2023 General
# Debate (RANK_TRUTH), spread evenly (ICC 0.017, as measured there); the theme under test is added to them.
CONCENTRATED_OTHERS = RANK_TRUTH["general debate"][0][:10]
CONCENTRATED_GRID = {
    "icc": (0.017, 0.05, 0.17, 0.3),
    "delegations": (5, 10, 20, 30, 50),
    "share": (0.005, 0.01, 0.02, 0.05, 0.1, 0.2),
}


def _rate(hits: float, n: float) -> str:
    """'0.812 (0.012)': a rate and its Monte Carlo standard error; '' without draws."""
    if n == 0:
        return ""
    c = hits / n
    return f"{c:.3f} ({np.sqrt(c * (1 - c) / n):.3f})"


def concentrated_section(scale: float) -> None:
    draws = int(1000 * scale)
    grid = CONCENTRATED_GRID
    emit("## A theme concentrated in a few delegations: the `concentrated` flag (nominal 0.95)")
    emit()
    emit(
        "One group; ten themes at the 2023 General Debate's shares (African Group), spread evenly "
        "(ICC 0.017), and one more theme at the share and ICC given (beta across delegations); "
        f"sentences log-normal, median 100, log-sd 0.45 (the General Debate's). {draws} draws per cell. "
        "`concentrated`: the theme "
        "was raised by fewer than a third of the group's delegations (none included). Each cell: coverage "
        "of the unflagged intervals / of the flagged ones (share of draws flagged); Monte Carlo standard "
        "errors in the summary below; - where fewer than 20 draws."
    )
    emit()
    rows, pooled, others = [], {}, np.zeros(4)
    for icc in grid["icc"]:
        for d in grid["delegations"]:
            row = [icc, d]
            for share in grid["share"]:
                conc = [1 / 0.017 - 1] * len(CONCENTRATED_OTHERS) + [1 / icc - 1]
                group = Group("g", d, [*CONCENTRATED_OTHERS, share], concentration=tuple(conc), sentences=100,
                              spread=0.45)  # fmt: skip
                res = checks.concentrated_coverage(
                    group, draws, rng("bench", "concentrated", str(icc), str(d), str(share))
                )
                # a coverage from fewer than 20 draws says little: left blank
                cu, cf = (
                    f"{res[f'coverage_{k}'][-1]:.2f}" if res[f"n_{k}"][-1] >= 20 else "-"
                    for k in ("unflagged", "flagged")
                )
                row.append(f"{cu} / {cf} ({res['flagged'][-1]:.0%})")
                key = pooled.setdefault(icc, np.zeros(4))
                key += [res["hits_flagged"][-1], res["n_flagged"][-1], res["hits_unflagged"][-1],
                        res["n_unflagged"][-1]]  # fmt: skip
                others += [
                    res[k][:-1].sum() for k in ("hits_flagged", "n_flagged", "hits_unflagged", "n_unflagged")
                ]
            rows.append(row)
    table(["ICC of the theme", "delegations", *(f"share {s}" for s in grid["share"])], rows)
    emit("Pooled over delegations and shares (the theme under test), and over the ten evenly spread themes:")
    emit()
    summary = [
        [f"theme at ICC {icc}", _rate(h_f, n_f), f"{n_f / (n_f + n_u):.0%}", _rate(h_u, n_u)]
        for icc, (h_f, n_f, h_u, n_u) in pooled.items()
    ]
    h_f, n_f, h_u, n_u = others
    summary.append(
        ["the ten even themes (ICC 0.017)", _rate(h_f, n_f), f"{n_f / (n_f + n_u):.0%}", _rate(h_u, n_u)]
    )
    table(["themes", "coverage, flagged (MC SE)", "flagged", "coverage, unflagged (MC SE)"], summary)


REST_DESIGNS = {
    # name: (true shares, delegations per group, median sentences, log-sd, concentration)
    "General Debate 2023 (23-53 per group, ~100 sentences, ICC 0.016)": (
        "general debate", [52, 53, 23, 33, 29], [84, 98, 104, 120, 119], 0.45, 60),
    "General Debate 2023's design at ICC 0.05": (
        "general debate", [52, 53, 23, 33, 29], [84, 98, 104, 120, 119], 0.45, 20),
    "bundled sample (10 per group, ~9 sentences, ICC 0.05)": ("sample", [10] * 5, [9] * 5, 0.25, 20),
    "sample shares, 10 per group, ~40 sentences (log-sd 1), ICC 0.17": ("sample", [10] * 5, [40] * 5, 1.0, 5),
}  # fmt: skip
# One group against a rest of 100 even delegations (ICC 0.016, ~80 sentences): the group's share above
# the rest's, near it, below it, and equal.
REST_STRESS = ([0.2, 0.05, 0.02, 0.2, 0.05], [0.02, 0.01, 0.05, 0.2, 0.05])


def _rest_share(truth: str, dels, sents, j: int, k: int) -> float:
    """The rest's expected share of theme k against group j: the other groups' by their sentences."""
    weight = np.delete(np.asarray(dels, dtype=float) * np.asarray(sents), j)
    return float(np.delete(np.array(RANK_TRUTH[truth]), j, 0)[:, k] @ weight / weight.sum())


def rest_section(scale: float) -> None:
    """Coverage of the vs-rest Welch intervals, in the regional groups' designs and under stress."""
    draws = int(2000 * scale)
    emit("## Differences from the rest: coverage of the Welch interval (nominal 0.95)")
    emit()
    emit(
        "Five groups drawn as in table 'Rank agreement' (true shares the 2023 General Debate's or the "
        "bundled sample's), each against the other four; the rest's truth is its groups' shares weighted "
        f"by the sentences drawn. {draws} draws per design, 55 intervals each. Pooled: over groups and "
        "themes, its Monte Carlo SE from the spread of each draw's coverage; lowest cell: the group-theme "
        "of lowest coverage (its share against the rest's; SE sqrt(c(1-c)/draws)); below: share of the "
        "misses whose interval lies wholly below the truth."
    )
    emit()
    rows = []
    for name, (truth, dels, sents, spread, kappa) in REST_DESIGNS.items():
        groups = _rank_design(truth, dels, sents, spread, kappa)
        res = checks.rest_coverage(groups, draws, rng("bench", "rest", name))
        cov, se = res["coverage"], res["per_draw"].std(ddof=1) / np.sqrt(draws)
        j, k = np.unravel_index(np.argmin(cov), cov.shape)
        share, rest = RANK_TRUTH[truth][j][k], _rest_share(truth, dels, sents, j, k)
        misses = (1 - cov).sum()
        below = f"{res['below'].sum() / misses:.0%}" if misses else "-"
        lowest = f"{share:.3f} v {rest:.3f}: {_rate(cov[j, k] * draws, draws)}"
        rows.append([name, f"{cov.mean():.3f} ({se:.4f})", lowest, int((cov < 0.93).sum()), below])
    table(["design", "pooled coverage (MC SE)", "lowest cell", "cells below 0.93", "below"], rows)
    draws = int(1000 * scale)
    emit(
        "One group (sentences log-normal, median 40, log-sd 1) against a rest of 100 delegations (ICC "
        f"0.016, median 80 sentences, log-sd 1); {draws} draws per row; coverage (Monte Carlo SE), and the "
        "share of the misses below the truth."
    )
    emit()
    rows = []
    for d in (5, 10, 23):
        for kappa in (20, 5):
            a = Group("a", d, REST_STRESS[0], concentration=kappa, sentences=40, spread=1.0)
            b = Group("b", 100, REST_STRESS[1], concentration=60, sentences=80, spread=1.0)
            res = checks.rest_coverage([a, b], draws, rng("bench", "rest-stress", str(d), str(kappa)))
            cells = [
                f"{_rate(c * draws, draws)}, {low / (1 - c):.0%}" if c < 1 else "1.000"
                for c, low in zip(res["coverage"][0], res["below"][0], strict=True)
            ]
            rows.append([d, f"{1 / (kappa + 1):.2f}", *cells])
    table(["delegations", "ICC", *(f"{x} v {y}" for x, y in zip(*REST_STRESS, strict=True))], rows)


def _welch_draws(a: Group, b: Group, draws: int, gen) -> tuple[np.ndarray, np.ndarray]:
    """Per draw of groups a and b: the Welch test's p-value and its minimum detectable difference."""
    p, mdd = np.zeros(draws), np.zeros(draws)
    for i in range(draws):
        tot = simulate.draw_totals([a, b], gen)
        w = twosample.welch(tot.n, tot.counts, tot.group == a.name)
        p[i], mdd[i] = w["p"][0], detectable(w["se"], w["df"])[0]
    return p, mdd


def mdd_section(scale: float) -> None:
    """How often the Welch test detects a true difference of the size `mdd` reports (its median under
    equal shares), and its level at small shares: the numbers in 'Where the methods fall short'."""
    draws = int(1000 * scale)
    emit("## Minimum detectable difference: power at the reported size (nominal 0.8)")
    emit()
    emit(
        "Two groups of D delegations (ICC 0.05, sentences median 40, log-sd 1). Equal shares: the Welch "
        f"test's level and the median `mdd`; then B's share raised by that median: the test's power. {draws} "
        "draws each; Monte Carlo SE in brackets."
    )
    emit()
    rows = []
    for d in (5, 10, 20):
        for share in (0.01, 0.02, 0.05, 0.1, 0.2):
            gen = rng("bench", "mdd", str(d), str(share))
            a = Group("a", d, [share], concentration=20, sentences=40, spread=1.0)
            p, mdd = _welch_draws(
                a, Group("b", d, [share], concentration=20, sentences=40, spread=1.0), draws, gen
            )
            size = float(np.median(mdd))
            b = Group("b", d, [share + size], concentration=20, sentences=40, spread=1.0)
            power = (_welch_draws(a, b, draws, gen)[0] < 0.05).sum()
            rows.append([d, share, _rate((p < 0.05).sum(), draws), f"{size:.3f}", _rate(power, draws)])
    table(["delegations per group", "share", "level", "median mdd", "power at it"], rows)


def permutation_section(scale: float) -> None:
    """The studentized permutation test's level where delegations are exchangeable: the 'exact' of
    the reading paragraph after the level table, with more draws than that table's."""
    draws = int(3000 * scale)
    emit("## Studentized permutation test: level when delegations are exchangeable (nominal 0.05)")
    emit()
    emit(
        f"Equal true shares in both groups, every delegation drawn alike; {draws} draws per row; 199 "
        "Monte Carlo relabellings; Monte Carlo SE in brackets."
    )
    emit()
    rows = []
    for d in (5, 10, 20):
        ga, gb = _pair({"delegations": d}, {"delegations": d}, [0.05, 0.2], [0.05, 0.2])
        res = checks.difference_level(ga, gb, draws, rng("bench", "permutation", str(d)))
        rows.append([f"{d} v {d}", *(_rate(r * draws, draws) for r in res["permutation"])])
    table(["delegations", "share 0.05", "share 0.2"], rows)


SECTIONS = {
    "agreement": agreement_section,
    "prevalence": prevalence_section,
    "level": level_section,
    "correction": correction_section,
    "misclassification": misclassification_section,
    "correction-level": correction_level_section,
    "correction-small": correction_small_section,
    "correction-few": correction_few_section,
    "correction-tiny": correction_tiny_section,
    "correction-most": correction_most_section,
    "ranks": ranks_section,
    "concentrated": concentrated_section,
    "rest": rest_section,
    "mdd": mdd_section,
    "permutation": permutation_section,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every number of draws")
    parser.add_argument("--markdown", help="also write the tables to this file")
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS)}"
    )
    args = parser.parse_args(argv)
    start = time.time()
    for name in args.sections.split(","):
        SECTIONS[name.strip()](args.scale)
    emit(f"(run time {time.time() - start:.0f} s, scale {args.scale})")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write("\n".join(LINES) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
