"""Agreement of the automatic coder with human coding of the same sentences.

Per theme: precision, recall, F1, Cohen's kappa and support; overall micro and
macro F1 and the exact-match rate; the same per regional group when the file has a
`group` column; the confusions that cost most; and every sentence the coder got wrong,
so a rule can be fixed from the aggregate errors rather than from single examples.
The arithmetic lives in `analysis.agreement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.coding import agreement, sheets, splits
from analysis.coding import codebook as codebook_mod
from analysis.errors import InputError
from analysis.ingest import language
from analysis.io import defuse_formulas, write_csv
from analysis.report.formats import format_p


@dataclass(frozen=True)
class Report:
    per_theme: (
        pd.DataFrame
    )  # theme, precision, recall, f1, kappa, kappa_low, kappa_high, thin, support, predicted
    micro_f1: float
    macro_f1: float
    exact_match: float
    n: int
    errors: pd.DataFrame  # id, text, gold, predicted, missed, extra
    codebook_version: str = ""
    codebook_hash: str = ""
    per_group: pd.DataFrame | None = None  # group, n, micro_f1, micro_f1_low, micro_f1_high, macro_f1, ...
    confusions: pd.DataFrame | None = None  # missed, extra, sentences, errors, share
    prevalence: pd.DataFrame | None = None  # group, theme, gold_share, coded_share, gap
    intervals: pd.DataFrame | None = None  # statistic, scope, estimate, low, high (agreement.intervals)

    def interval(self, statistic: str, scope: str = "all") -> tuple[float, float]:
        """The 95% bootstrap interval of one figure: ("micro_f1"), ("kappa", theme), ("micro_f1", group)."""
        row = self.intervals[(self.intervals["statistic"] == statistic) & (self.intervals["scope"] == scope)]
        return float(row["low"].iloc[0]), float(row["high"].iloc[0])


NO_GROUP = "(no group)"  # how the per-group figures name the sentences a file gives no group


def read_gold(path: str | Path, codebook_path: str | Path = config.CODEBOOK) -> pd.DataFrame:
    """The coded TSV (id, text, themes as `none` or `a;b`), checked line by line (`coding.sheets`); its
    themes may be the codebook's labels, and `attrs["notes"]` says which were read as which ids."""
    cb = codebook_mod.load(codebook_path)
    sheet = sheets.read_sheet(path, cb.ids(), need=("id", "text"), labels=cb.names())
    blank = sheet[(sheet["id"] == "") | (sheet["text"] == "")]
    if len(blank):
        raise InputError("empty id or text", Path(path), int(blank["line"].iloc[0]))
    uncoded = sheet[~sheet["coded"]]
    if len(uncoded):  # scored as `none` it would count the coder wrong wherever it found a theme
        raise InputError(
            f"empty themes cell ({len(uncoded)} such rows): a gold sentence needs its themes, or `none`",
            Path(path),
            int(uncoded["line"].iloc[0]),
        )
    if "group" in sheet:  # scored per group: a blank cell is a group of its own, named so
        sheet["group"] = sheet["group"].replace("", NO_GROUP)
    gold = sheet.drop(columns="line").assign(themes=[";".join(t) for t in sheet["themes"]])
    gold.attrs["notes"] = sheet.attrs["notes"]  # what reading the sheet settled: labels read as ids
    return gold


def _with_bounds(
    table: pd.DataFrame, key: str, bounds: pd.DataFrame, statistic: str, after: str
) -> pd.DataFrame:
    """`table` with the interval of `statistic` per `key` (theme or group) as two columns after `after`."""
    rows = bounds[bounds["statistic"] == statistic].set_index("scope")
    out = table.copy()
    at = out.columns.get_loc(after) + 1
    out.insert(at, f"{after}_low", out[key].map(rows["low"]))
    out.insert(at + 1, f"{after}_high", out[key].map(rows["high"]))
    return out


def _gold_sets(gold: pd.DataFrame) -> list[set[str]]:
    """The people's themes of each sentence."""
    return [set(sheets.split_themes(str(v))) for v in gold["themes"].fillna("")]


def _in_group_order(table: pd.DataFrame) -> pd.DataFrame:
    rank = {g: i for i, g in enumerate(config.group_order(table["group"]))}
    return table.sort_values("group", key=lambda s: s.map(rank), kind="mergesort").reset_index(drop=True)


def validate(gold: pd.DataFrame, codebook_path: str | Path = config.CODEBOOK, nlp=None) -> Report:
    """Code `gold.text` and compare with `gold.themes` (`;`-joined ids, or `none`/empty)."""
    from analysis.coding import code as themes_mod

    if gold.empty:  # every figure would be undefined but exact match, which read 0.000: the worst agreement
        raise InputError("no sentences to score")
    cb = codebook_mod.load(codebook_path)
    ids = cb.ids()
    gold = gold.reset_index(drop=True)
    coded = themes_mod.code_texts(gold["text"].astype(str).tolist(), nlp=nlp, codebook_path=codebook_path)
    g = _gold_sets(gold)
    p = [set(c.themes) for c in coded]
    G, P = agreement.indicator(g, ids), agreement.indicator(p, ids)
    groups = gold["group"].astype(str).tolist() if "group" in gold else None
    bounds = agreement.intervals(G, P, ids, groups, seed=config.SEED)
    per_theme = _with_bounds(agreement.per_theme(G, P, ids).drop(columns=["tp", "fn", "fp"]), "theme", bounds,
                             "kappa", "kappa")  # fmt: skip
    per_theme.insert(
        per_theme.columns.get_loc("kappa_high") + 1, "thin", per_theme["support"] < agreement.FEW_GOLD
    )
    per_group = None
    if groups is not None:
        per_group = _with_bounds(
            agreement.by_group(G, P, ids, groups), "group", bounds, "micro_f1", "micro_f1"
        )
        per_group = _in_group_order(per_group)
    order = {t: i for i, t in enumerate(ids)}

    def join(s):
        return ";".join(sorted(s, key=order.get)) or "none"

    errs = [
        {
            "id": gold.loc[i, "id"] if "id" in gold else str(i),
            "text": gold.loc[i, "text"],
            "gold": join(g[i]),
            "predicted": join(p[i]),
            "missed": join(g[i] - p[i]),
            "extra": join(p[i] - g[i]),
            "evidence": coded[i].evidence_str,
        }
        for i in range(len(gold))
        if g[i] != p[i]
    ]
    errors = pd.DataFrame(errs, columns=["id", "text", "gold", "predicted", "missed", "extra", "evidence"])
    return Report(
        per_theme=per_theme,
        micro_f1=agreement.micro_f1(G, P),
        macro_f1=agreement.macro_f1(per_theme),
        exact_match=agreement.exact_match(G, P),
        n=len(gold),
        errors=errors.sort_values("id", kind="mergesort").reset_index(drop=True),
        codebook_version=cb.version,
        codebook_hash=cb.hash,
        per_group=per_group,
        confusions=agreement.confusions(g, p),
        prevalence=None if groups is None else _in_group_order(agreement.prevalence(G, P, ids, groups)),
        intervals=bounds,
    )


@dataclass(frozen=True)
class Change:
    """Each agreement figure of a codebook against a baseline codebook on the same sentences."""

    table: pd.DataFrame  # agreement.difference_intervals: statistic, scope, baseline, estimate, change, ...
    codebook_version: str
    baseline_version: str
    baseline_hash: str


def compare_codebooks(
    gold: pd.DataFrame, codebook_path: str | Path, baseline_path: str | Path, nlp=None
) -> Change:
    """Code `gold.text` with both codebooks and give every figure's change a paired 95% interval:
    whether a revision agrees better with people beyond what these sentences happen to hold."""
    from analysis.coding import code as themes_mod

    cb, base = codebook_mod.load(codebook_path), codebook_mod.load(baseline_path)
    ids = cb.ids()
    if base.ids() != ids:
        raise InputError(
            f"the baseline codebook has other themes ({', '.join(base.ids())})", Path(baseline_path)
        )
    groups = None
    if "group" in gold:  # sentences in the house order of groups, so the groups' rows come in that order
        rank = {x: i for i, x in enumerate(config.group_order(gold["group"]))}
        gold = gold.sort_values("group", key=lambda s: s.map(rank), kind="mergesort")
        groups = gold["group"].astype(str).tolist()
    texts = gold["text"].astype(str).tolist()
    new, old = (
        agreement.indicator([set(c.themes) for c in coding], ids)
        for coding in themes_mod.code_texts_with(texts, [codebook_path, baseline_path], nlp)
    )
    people = agreement.indicator(_gold_sets(gold), ids)
    table = agreement.difference_intervals(people, new, old, ids, groups, seed=config.SEED)
    return Change(table, cb.version, base.version, base.hash)


def format_change(change: Change) -> str:
    """The figures that moved, with their paired intervals and sign tests, for the terminal."""
    t = change.table
    overall = t[t["scope"] == "all"].iloc[0]
    lines = [
        f"Against codebook {change.baseline_version} ({change.baseline_hash[:12]}): "
        f"{overall['changed']} theme decisions differ",
        f"{'figure':<44} {'before':>7} {'after':>7} {'change':>7} {'(95% CI, paired)':>17} "
        f"{'right':>6} {'wrong':>6} {'p sign':>7}",
    ]
    for r in t.itertuples(index=False):
        if r.changed == 0 and r.scope != "all":
            continue
        name = f"{r.statistic} {r.scope}" if r.scope != "all" else r.statistic
        span = "" if pd.isna(r.low) else f"{_figure(r.low, sign='+')} to {_figure(r.high, sign='+')}"
        before, after, delta = _figure(r.baseline, 7), _figure(r.estimate, 7), _figure(r.change, 7, sign="+")
        lines.append(
            f"{name:<44} {before} {after} {delta} {span:>17} "
            f"{r.right:6d} {r.wrong:6d} {format_p(r.p_sign):>7}"
        )
    lines.append(
        "(right/wrong: the changed decisions where the revision agrees with people, or not; p sign: exact "
        "sign test of the two. A change whose interval holds 0 may be these sentences, not the rules.)"
    )
    return "\n".join(lines)


SPLITS = ("all", splits.TUNE, splits.HOLDOUT)


def select_split(gold: pd.DataFrame, split: str = "all", path: str | Path | None = None) -> pd.DataFrame:
    """The rows of the project's fixed tune/holdout split (`analysis.splits.train_split`, by id
    and `group`); "all" keeps every row. Made for themes-train.tsv; any file with ids splits.
    An empty part is refused naming `path` (the file read): there is nothing to score."""
    if split not in SPLITS:
        raise ValueError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    if split == "all":
        return gold
    groups = gold["group"] if "group" in gold else [""] * len(gold)
    side = splits.train_split(gold["id"].astype(str), groups)
    part = gold[gold["id"].astype(str).map(side) == split].reset_index(drop=True)
    if part.empty and not gold.empty:
        held = f"round({splits.TRAIN_HOLDOUT_FRACTION:.0%})"
        strata = len(set(groups)) if "group" in gold else 1
        raise InputError(
            f"its {split} part has no sentence to score: the split holds out {held} of each group's "
            f"sentences, none of a group of one ({len(gold)} sentences in {strata} group(s))",
            path,
        )
    return part


def not_in_coding_language(gold: pd.DataFrame) -> list[str]:
    """The warning for coded sentences not in the codebook's language: the coder reads them as English and
    misses their themes, which the scores would blame on the codebook."""
    effect = "scored as if English, they lower every figure above"
    return language.coded_as_given(gold["id"], gold["text"], "coded sentence", effect)


def validate_file(
    path: str | Path = config.DEV_SET, codebook_path: str | Path = config.CODEBOOK, split: str = "all"
) -> Report:
    return validate(select_split(read_gold(path, codebook_path), split, path), codebook_path)


def _span(low: float, high: float, digits: int = 3) -> str:
    if pd.isna(low) or pd.isna(high):
        return "n/a"
    return f"{round(low, digits) + 0.0:.{digits}f}-{round(high, digits) + 0.0:.{digits}f}"


def _figure(x: float, width: int = 0, digits: int = 3, sign: str = "") -> str:
    """A figure right-aligned in `width`; 'n/a' where it is undefined (an F1 or kappa of sentences
    where neither coding gives the theme: NaN, not 0); a figure rounding to 0 has no sign (a kappa of 0
    comes out of floating point as -3e-16)."""
    return f"{'n/a' if pd.isna(x) else f'{round(x, digits) + 0.0:{sign}.{digits}f}':>{width}}"


def format_report(report: Report, confusions_shown: int = 12) -> str:
    """A plain table for the terminal."""
    lines = [
        f"Agreement with human coding: {report.n} sentences, codebook {report.codebook_version} "
        f"({report.codebook_hash[:12]})",
        "",
        f"{'theme':<22} {'P':>6} {'R':>6} {'F1':>6} {'kappa':>6} {'(95% CI)':>12} {'gold':>5} {'coded':>6}",
    ]
    for r in report.per_theme.itertuples(index=False):
        span = _span(r.kappa_low, r.kappa_high, 2) + ("*" if r.thin else " ")
        figures = " ".join(_figure(x, 6, 2) for x in (r.precision, r.recall, r.f1, r.kappa))
        lines.append(f"{r.theme:<22} {figures} {span:>12} {r.support:5d} {r.predicted:6d}")
    micro, macro = report.interval("micro_f1"), report.interval("macro_f1")
    lines += [
        "",
        f"micro-F1 {_figure(report.micro_f1)} ({_span(*micro)})   "
        f"macro-F1 {_figure(report.macro_f1)} ({_span(*macro)})   "
        f"exact match {_figure(report.exact_match)}   sentences with an error {len(report.errors)}",
        "(95% intervals: bootstrap over sentences, within groups; "
        "another sample like this one could give any figure inside)",
        f"(* fewer than {agreement.FEW_GOLD} gold sentences: the kappa interval is too narrow to trust)",
    ]
    if report.per_group is not None:
        lines += ["", f"{'group':<36} {'n':>5} {'micro':>6} {'(95% CI)':>13} {'macro':>6} {'exact':>6}"]
        lines += [
            f"{r.group:<36} {r.n:5d} {_figure(r.micro_f1, 6)} {_span(r.micro_f1_low, r.micro_f1_high):>13} "
            f"{_figure(r.macro_f1, 6)} {_figure(r.exact_match, 6)}"
            for r in report.per_group.itertuples(index=False)
        ]
    if report.confusions is not None and len(report.confusions):
        top = report.confusions.head(confusions_shown)
        lines += ["", f"Costliest confusions (of {report.confusions['errors'].sum():.0f} theme errors):",
                  f"{'missed':<22} {'extra':<22} {'sentences':>9} {'errors':>7} {'share':>6}"]  # fmt: skip
        lines += [
            f"{r.missed:<22} {r.extra:<22} {r.sentences:9d} {r.errors:7.1f} {r.share:6.1%}"
            for r in top.itertuples(index=False)
        ]
    return "\n".join(lines)


def write_report(report: Report, out_dir: str | Path) -> list[Path]:
    """validation_themes.csv (per theme + overall), validation_errors.csv, validation_confusions.csv
    and, when the file has groups, validation_groups.csv and validation_prevalence.csv in out_dir."""
    out_dir = Path(out_dir)
    (micro_low, micro_high), (macro_low, macro_high) = (
        report.interval("micro_f1"),
        report.interval("macro_f1"),
    )
    overall = pd.DataFrame([
        {"theme": "(micro)", "f1": report.micro_f1, "f1_low": micro_low, "f1_high": micro_high,
         "support": int(report.per_theme["support"].sum())},
        {"theme": "(macro)", "f1": report.macro_f1, "f1_low": macro_low, "f1_high": macro_high},
        {"theme": "(exact match)", "f1": report.exact_match, "support": report.n},
    ])  # fmt: skip
    table = pd.concat([report.per_theme, overall], ignore_index=True)
    table["codebook_version"] = report.codebook_version
    table["codebook_hash"] = report.codebook_hash
    tables = {"themes": table, "errors": report.errors, "confusions": report.confusions,
              "groups": report.per_group, "prevalence": report.prevalence}  # fmt: skip
    # for people, in a spreadsheet: the errors quote the sheet's sentences (`io.defuse_formulas`)
    return [
        write_csv(defuse_formulas(t), out_dir / f"validation_{k}.csv")
        for k, t in tables.items()
        if t is not None
    ]
