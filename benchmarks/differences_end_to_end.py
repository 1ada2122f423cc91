"""The differences chart's claims checked end to end: synthetic rounds through `compare_all`.

`bench_statistics.py` checks each method on its own (one interval's coverage, one test's level) on
`analysis.comparison.simulate`'s per-delegation totals. This script checks what a reader of the
differences chart is told, from the frames the compare stage reads to its `significant` column:

1. global null (every group the same true rates): how often a family shows any filled bar (the
   family-wise error rate, equal to the false discovery rate under the global null; target <= 0.05), and
   each test's level on its own (Welch, permutation, p < 0.05 unadjusted);
2. planted differences of a known size: the false discovery proportion among filled bars (BH's target
   0.05), and how often a planted difference is found, against the smallest detectable differences the
   round's own table gives (`mdd`: one test at 0.05, 80% power by the t approximation; `mdd_family`: the
   Benjamini-Hochberg threshold when one difference is real) and the chart's note built from them;
3. the corrected shares (`--validation` sheet of people's codes, a coder whose errors differ by group)
   under the null of equal true rates: how often `corrected_differences` marks a difference, and how
   often the machine-only table does.

The generator is this script's own, not `simulate.draw`: it writes the `sentences` and `evidence` tables
of a round as the themes stage does (chair and procedural sentences that are not counted, ids, texts,
lemmas, list-valued themes, one evidence row per coded theme); its six groups have 8-12 delegations
each (drawn per round), delegations speak 10-80 counted sentences (log-uniform); a delegation's rates
of the eleven themes are beta-distributed around the group's (each theme its own ICC, 0.02-0.15) and
tied across themes by a shared Gaussian-copula factor (a delegation keen on one theme tends to raise
others); a sentence's themes are tied by a sentence-level copula factor, so sentences carry several
themes (about 42% none, 23% one, 35% two to ten; the bundled sample's 21%, 22%, 57%). `simulate`
draws each theme independently, per delegation, with one concentration per theme and no sentence-level
dependence.

Draws: permutations 4,999 (sequential, a theme stops at 100 extreme relabellings), no exact enumeration
(every pairwise p by Monte Carlo too), bootstraps 50/200: the other tables are made, not judged. A Monte
Carlo p is then at least 1/5,000 = 0.0002, below the smallest BH threshold of either family (0.05/66 =
0.00076 and 0.05/165 = 0.0003), so the reduced draws can still mark a lone difference; with 999 draws
(floor 0.001) no vs_rest bar could be filled unless two or more were (0.001 <= 2 x 0.05/66), no pairwise
one unless four were.

    .venv/bin/python benchmarks/differences_end_to_end.py    # ~11 min, one core: docs/statistics.md's table
    .venv/bin/python benchmarks/differences_end_to_end.py --large --reps 60 --planted-reps 20 \
        --corrected-reps 10                                     # 25-45 delegations per group, ~15 min
    .venv/bin/python benchmarks/differences_end_to_end.py --reps 20 --planted-reps 5 --corrected-reps 5

Monte Carlo error: a rate c from R rounds (or cells) has standard error sqrt(c (1 - c) / R), printed in
brackets; a per-test level's is the spread of the rounds' levels over sqrt(R) (tests within a round are
not independent).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("ANALYSIS_PROGRESS", "0")
os.environ.setdefault("ANALYSIS_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

from analysis import config  # noqa: E402
from analysis.coding import codebook  # noqa: E402
from analysis.comparison import compare  # noqa: E402

THEMES = [t.id for t in codebook.load().themes]
GROUPS = list(config.GROUPS[:6])
# base rates of the eleven themes (codebook order), about the bundled sample's spread of shares, lower
BASE = np.array([0.15, 0.30, 0.10, 0.08, 0.06, 0.12, 0.10, 0.08, 0.05, 0.18, 0.03])
ICC = np.array([0.05, 0.08, 0.03, 0.10, 0.02, 0.15, 0.05, 0.04, 0.12, 0.06, 0.08])
DELEGATION_TIE = 0.3  # copula correlation of a delegation's theme rates
SENTENCE_TIE = 0.4  # copula correlation of one sentence's themes
DELEGATIONS = (8, 12)  # per group, drawn uniformly per round
SENTENCES = (10, 80)  # counted sentences per delegation, log-uniform
WORDS = [f"w{i}" for i in range(60)]
SETTINGS = compare.Settings(
    bootstrap=50,
    permutations=4999,
    exact_limit=0,
    correction_bootstrap=200,
    misclassification_permutations=99,
)


@dataclass(frozen=True)
class Design:
    """The true rates: every group at BASE, plus `planted` {(group index, theme index): difference}."""

    planted: dict = field(default_factory=dict)
    sensitivity: tuple = (1.0,) * 6  # per group: the coder finds this share of a theme's sentences
    false_rate: tuple = (0.0,) * 6  # per group: and codes this share of the others

    def rates(self) -> np.ndarray:
        r = np.tile(BASE, (len(GROUPS), 1))
        for (g, k), d in self.planted.items():
            r[g, k] += d
        return r


def _beta_rates(mean, icc, u):
    """Beta quantiles at u (a delegation's copula uniforms) with the given mean and ICC = 1/(a+b+1)."""
    conc = 1 / icc - 1
    return stats.beta.ppf(u, mean * conc, (1 - mean) * conc)


def synthetic_round(design: Design, gen: np.random.Generator):
    """(sentences, evidence, people's codes of the counted sentences): one round as the themes stage
    writes it."""
    rates = design.rates()
    rows, human_rows, evidence = [], [], []
    for g, group in enumerate(GROUPS):
        sens, false = design.sensitivity[g], design.false_rate[g]
        session = f"SYN-{g}"
        for i in range(gen.integers(DELEGATIONS[0], DELEGATIONS[1] + 1)):
            country = f"{group[:3].upper()}{i:02d}"
            n = int(np.rint(np.exp(gen.uniform(*np.log(SENTENCES)))))
            z = np.sqrt(DELEGATION_TIE) * gen.standard_normal() + np.sqrt(
                1 - DELEGATION_TIE
            ) * gen.standard_normal(len(THEMES))
            theta = _beta_rates(rates[g], ICC, stats.norm.cdf(z))
            x = np.sqrt(SENTENCE_TIE) * gen.standard_normal((n, 1)) + np.sqrt(
                1 - SENTENCE_TIE
            ) * gen.standard_normal((n, len(THEMES)))
            truth = stats.norm.cdf(x) < theta
            hit = gen.random(truth.shape)
            machine = np.where(truth, hit < sens, hit < false)
            turn = 2 * i + 1
            # the chair gives the floor (not counted), the delegation thanks it (procedural), then speaks
            rows.append(
                _row(session, group, turn - 1, 0, None, "chair", False, f"I give the floor to {country}.")
            )
            rows.append(
                _row(session, group, turn, 0, country, "member_state", False, "Thank you, Chair.", True)
            )
            for s in range(n):
                sid = f"{session}/{turn}/{s + 1}"
                themes = [THEMES[k] for k in np.flatnonzero(machine[s])]
                text = f"{country} sentence {s + 1} on " + (" and ".join(themes) or "other matters") + "."
                words = list(gen.choice(WORDS, 6))
                row = _row(session, group, turn, s + 1, country, "member_state", True, text, themes=themes)
                rows.append({**row, "lemmas": words})
                human_rows.append((sid, group, country, text, [THEMES[k] for k in np.flatnonzero(truth[s])]))
                evidence += [(sid, t, f"{t}.1", t, 0, len(t)) for t in themes]
    sentences = pd.DataFrame(rows)
    evidence = pd.DataFrame(evidence, columns=["sentence_id", "theme", "rule", "text", "start", "end"])
    human = pd.DataFrame(human_rows, columns=["id", "group", "country", "text", "themes"])
    return sentences, evidence, human


def _row(session, group, turn, s, country, role, counted, text, procedural=False, themes=()):
    return {
        "sentence_id": f"{session}/{turn}/{s}",
        "session_id": session,
        "group": group,
        "turn": turn,
        "sentence": s,
        "speaker": country or "Chair",
        "country": country,
        "role": role,
        "procedural": procedural,
        "counted": counted,
        "language": "en",
        "text": text,
        "start": 0,
        "end": len(text),
        "n_words": len(text.split()),
        "lemmas": [],
        "noun_phrases": [],
        "themes": list(themes),
        "vetoed_by": "",
        "overridden": False,
        "source": f"{session}.txt",
    }


def validation_sheet(human: pd.DataFrame, per_group: int, gen, folder: Path) -> Path:
    """A sheet of `per_group` counted sentences per group, drawn at random, with people's (the true) codes."""
    picks = [rows.iloc[gen.choice(len(rows), per_group, replace=False)] for _, rows in human.groupby("group")]
    sheet = pd.concat(picks).assign(themes=lambda d: d["themes"].map(lambda t: ";".join(t) or "none"))
    path = folder / "validation.tsv"
    sheet.to_csv(path, sep="\t", index=False)
    return path


def one(design: Design, seed: int, per_group: int = 0, folder: Path | None = None) -> dict:
    """Every number one replicate contributes: the compare stage on one synthetic round."""
    gen = np.random.default_rng([2026, seed])
    sentences, evidence, human = synthetic_round(design, gen)
    sheet = validation_sheet(human, per_group, gen, folder) if per_group else None
    tables, _ = compare.compare_all(sentences, evidence, sheet, settings=SETTINGS)
    return {"diff": tables["theme_differences"], "corrected": tables["corrected_differences"]}


def true_difference(design: Design, table: pd.DataFrame) -> np.ndarray:
    """Each row's true difference in pooled shares (vs_rest: the rest's true rate is BASE unless planted)."""
    rates = pd.DataFrame(design.rates(), index=GROUPS, columns=THEMES)
    a = rates.stack().reindex(list(zip(table["group_a"], table["theme"], strict=True))).to_numpy()
    rest = table["group_b"] == "rest"
    b = np.where(
        rest,
        BASE[[THEMES.index(t) for t in table["theme"]]],
        rates.stack().reindex(
            list(zip(table["group_b"].where(~rest, GROUPS[0]), table["theme"], strict=True))
        ),
    )
    if design.planted and rest.any():  # a planted group in the rest moves the rest's rate: treat as not null
        planted_themes = {THEMES[k] for (_, k) in design.planted}
        others = (
            rest
            & table["theme"].isin(planted_themes)
            & (a == BASE[[THEMES.index(t) for t in table["theme"]]])
        )
        b = np.where(others, np.nan, b)
    return a - b


def se(c: float, r: int) -> float:
    return float(np.sqrt(max(c * (1 - c), 1e-12) / r))


def fmt(c: float, r: int) -> str:
    return f"{c:.3f} ({se(c, r):.3f})"


def null_section(reps: int, emit) -> dict:
    """Global null: family-wise rate of any filled bar, per-test levels."""
    design = Design()
    any_sig = {f: 0 for f in ("vs_rest", "pairwise")}
    lvl = {f: {"welch": [], "perm": [], "both_raw": []} for f in any_sig}
    mdd = []
    t0 = time.time()
    for r in range(reps):
        d = one(design, r)["diff"]
        for f in any_sig:
            rows = d[d["family"] == f]
            any_sig[f] += bool(rows["significant"].any())
            lvl[f]["welch"].append((rows["p_welch"] < 0.05).mean())
            lvl[f]["perm"].append((rows["p_value"] < 0.05).mean())
            lvl[f]["both_raw"].append(((rows["p_welch"] < 0.05) & (rows["p_value"] < 0.05)).mean())
        mdd.append(d[["family", "group_a", "theme", "mdd", "mdd_family"]].assign(rep=r))
    emit(f"global null: {reps} rounds in {time.time() - t0:.0f} s")
    emit()
    emit(
        "| family | tests | any filled bar (FWER = FDR) | Welch p < 0.05 | permutation p < 0.05 "
        "| both p < 0.05 |"
    )
    emit("|---|---|---|---|---|---|")
    for f in any_sig:
        m = 66 if f == "vs_rest" else 165
        # per-test levels: mean over rounds of the share of the family's tests; the SE from the rounds' spread
        cells = [f"{np.mean(v):.4f} ({np.std(v, ddof=1) / np.sqrt(reps):.4f})" for v in lvl[f].values()]
        emit(f"| {f} | {m} | {fmt(any_sig[f] / reps, reps)} | " + " | ".join(cells) + " |")
    emit()
    return {"mdd": pd.concat(mdd)}


def _planted_rows(design: Design, d: pd.DataFrame) -> pd.DataFrame:
    """The vs_rest rows of the planted cells."""
    v = d[d["family"] == "vs_rest"]
    keys = [(GROUPS.index(a), THEMES.index(t)) for a, t in zip(v["group_a"], v["theme"], strict=True)]
    return v[np.array([k in design.planted for k in keys], dtype=bool)]


def _fdp(rows: pd.DataFrame) -> float:
    """False discovery proportion among a family's filled bars (0 without any); a row whose truth is
    not 0 (or not known: a rest holding a planted group) is no false discovery."""
    sig = rows[rows["significant"]]
    return float(sig["truth"].abs().lt(1e-12).sum() / len(sig)) if len(sig) else 0.0


def planted(design: Design, reps: int, seed: int) -> dict:
    """Rates over `reps` rounds: per planted cell Welch p < 0.05 and a filled bar; each family's FDP; the
    planted rows' own mdd and mdd_family (medians)."""
    welch, filled, fdp, own = [], [], {"vs_rest": [], "pairwise": []}, []
    for r in range(reps):
        d = one(design, seed + r)["diff"]
        d = d.assign(truth=true_difference(design, d))
        rows = _planted_rows(design, d)
        welch += list(rows["p_welch"] < 0.05)
        filled += list(rows["significant"])
        own.append(rows[["mdd", "mdd_family"]])
        for f in fdp:
            fdp[f].append(_fdp(d[d["family"] == f]))
    own = pd.concat(own).median()
    return {"welch": welch, "filled": filled, "fdp": fdp, "mdd": own["mdd"], "mdd_family": own["mdd_family"]}


def planted_section(reps: int, null_mdd: pd.DataFrame, emit) -> None:
    """Planted differences at the round's own detectable sizes: power and false discovery proportion."""
    vs = null_mdd[null_mdd["family"] == "vs_rest"]
    note_plain, note_family = (
        vs.groupby("rep")["mdd"].median().median(),
        vs.groupby("rep")["mdd_family"].median().median(),
    )
    emit(
        "The null rounds' chart note (vs_rest, medians over rounds): unseen below about "
        f"{100 * note_plain:.1f} pp by one test, {100 * note_family:.1f} pp under BH."
    )
    emit()

    def null_size(g, k, column):
        here = vs[(vs["group_a"] == GROUPS[g]) & (vs["theme"] == THEMES[k])]
        return float(here[column].median())

    emit("| real differences | cell (group, theme, base rate) | planted at | size (pp) | Welch p < 0.05 "
         "| filled bar | the planted rounds' own mdd / mdd_family (pp) | FDP vs_rest "
         "| FDP pairwise |")  # fmt: skip
    emit("|---|---|---|---|---|---|---|---|---|")
    common, rare = (1, THEMES.index("economic_development")), (2, THEMES.index("innovation"))
    sizes = (
        ("its null mdd", lambda c: null_size(*c, "mdd")),
        ("its null mdd_family", lambda c: null_size(*c, "mdd_family")),
        ("the note's BH number", lambda c: note_family),
    )
    runs = [("one", [c], label, size) for c in (common, rare) for label, size in sizes]
    three = [common, (3, THEMES.index("digital_technology")), (4, THEMES.index("climate_environment"))]
    runs.append(("three", three, "their null mdd_family", lambda c: null_size(*c, "mdd_family")))
    for i, (how_many, cells, label, size) in enumerate(runs):
        design = Design(planted={c: size(c) for c in cells})
        out = planted(design, reps, 10_000 * (i + 1))
        n = len(out["welch"])
        where = "; ".join(f"{GROUPS[g].split()[0]} {THEMES[k]} {BASE[k]:.2f}" for g, k in cells)
        sizes = ", ".join(f"{100 * s:.1f}" for s in design.planted.values())
        fdp = [f"{np.mean(v):.3f} ({np.std(v, ddof=1) / np.sqrt(reps):.3f})" for v in out["fdp"].values()]
        emit(f"| {how_many} | {where} | {label} | {sizes} | {fmt(np.mean(out['welch']), n)} | "
             f"{fmt(np.mean(out['filled']), n)} | {100 * out['mdd']:.1f} / {100 * out['mdd_family']:.1f} | "
             f"{fdp[0]} | {fdp[1]} |")  # fmt: skip
    emit()


def corrected_section(reps: int, per_group: int, emit) -> None:
    """Equal true rates, a coder whose errors differ by group, a validation sheet: the corrected table."""
    design = Design(
        sensitivity=(0.9, 0.6, 0.9, 0.75, 0.9, 0.8), false_rate=(0.01, 0.01, 0.05, 0.02, 0.01, 0.03)
    )
    counts = {"machine": {"vs_rest": 0, "pairwise": 0}, "corrected": {"vs_rest": 0, "pairwise": 0}}
    level = {"vs_rest": [], "pairwise": []}
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(reps):
            out = one(design, 20_000 + r, per_group, Path(tmp))
            for f in level:
                counts["machine"][f] += bool(out["diff"].query("family == @f")["significant"].any())
                c = out["corrected"].query("family == @f")
                counts["corrected"][f] += bool(c["significant"].any())
                level[f].append((c["p_value"] < 0.05).mean())
    emit(f"corrected shares, equal true rates, coder sensitivity 0.6-0.9 and false hits 0.01-0.05 by group, "
         f"{per_group} validated sentences per group: {reps} rounds in {time.time() - t0:.0f} s")  # fmt: skip
    emit()
    emit(
        "| family | any filled bar, machine-only | any significant, corrected | corrected p < 0.05 per test |"
    )
    emit("|---|---|---|---|")
    for f in level:
        machine, corrected = counts["machine"][f] / reps, counts["corrected"][f] / reps
        emit(f"| {f} | {fmt(machine, reps)} | {fmt(corrected, reps)} | "
             f"{np.mean(level[f]):.4f} ({np.std(level[f], ddof=1) / np.sqrt(reps):.4f}) |")  # fmt: skip
    emit()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--reps", type=int, default=300, help="rounds under the global null")
    ap.add_argument(
        "--planted-reps", type=int, default=None, help="rounds per planted size (default reps / 3)"
    )
    ap.add_argument(
        "--corrected-reps", type=int, default=None, help="rounds of the corrected check (reps / 3)"
    )
    ap.add_argument("--validated", type=int, default=40, help="validated sentences per group")
    ap.add_argument("--large", action="store_true", help="25-45 delegations per group of 40-200 sentences")
    ap.add_argument("--markdown", type=Path, help="also write the tables here")
    args = ap.parse_args(argv)
    if args.large:
        global DELEGATIONS, SENTENCES
        DELEGATIONS, SENTENCES = (25, 45), (40, 200)
    lines: list[str] = []

    def emit(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    null = null_section(args.reps, emit)
    planted_section(args.planted_reps, null["mdd"], emit)
    corrected_section(args.corrected_reps, args.validated, emit)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
