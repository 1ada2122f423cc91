"""Agreement of the automatic coder with human coding of the same sentences.

Per theme: precision, recall, F1, Cohen's kappa and support; overall micro and
macro F1 and the exact-match rate; and every sentence the coder got wrong, so a
rule can be fixed from the aggregate errors rather than from single examples.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from analysis import config
from analysis.coding import codebook as codebook_mod
from analysis.errors import InputError
from analysis.io import write_csv


@dataclass(frozen=True)
class Report:
    per_theme: pd.DataFrame  # theme, precision, recall, f1, kappa, support, predicted
    micro_f1: float
    macro_f1: float
    exact_match: float
    n: int
    errors: pd.DataFrame  # id, text, gold, predicted, missed, extra
    codebook_version: str = ""
    codebook_hash: str = ""


def _split(value: str) -> tuple[str, ...]:
    value = (value or "").strip()
    if value.lower() in ("", "none"):
        return ()
    return tuple(v.strip() for v in value.split(";") if v.strip())


def read_gold(path: str | Path, codebook_path: str | Path = config.CODEBOOK) -> pd.DataFrame:
    """The coded TSV (id, text, themes as `none` or `a;b`), checked line by line."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path)
    known = set(codebook_mod.load(codebook_path).ids())
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path) from None
    if not rows:
        raise InputError("empty file; expected a header with id, text, themes", path, 1)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in ("id", "text", "themes") if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected id, text, themes", path, 1)
    out, seen = [], set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InputError(f"{len(row)} fields, expected {len(header)} (a tab inside a text?)", path, n)
        rec = dict(zip(header, row, strict=True))
        if not rec["id"].strip() or not rec["text"].strip():
            raise InputError("empty id or text", path, n)
        if rec["id"] in seen:
            raise InputError(f"duplicate id {rec['id']!r}", path, n)
        seen.add(rec["id"])
        themes = _split(rec["themes"])
        bad = [t for t in themes if t not in known]
        if bad:
            raise InputError(f"unknown theme(s) {', '.join(bad)} (write `none` for no theme)", path, n)
        rec["themes"] = ";".join(themes)
        out.append(rec)
    if not out:
        raise InputError("no coded sentences", path)
    return pd.DataFrame(out)


def validate(gold: pd.DataFrame, codebook_path: str | Path = config.CODEBOOK, nlp=None) -> Report:
    """Code `gold.text` and compare with `gold.themes` (`;`-joined ids, or `none`/empty)."""
    from analysis.coding import code as themes_mod

    cb = codebook_mod.load(codebook_path)
    ids = cb.ids()
    gold = gold.reset_index(drop=True)
    coded = themes_mod.code_texts(gold["text"].astype(str).tolist(), nlp=nlp, codebook_path=codebook_path)
    g = [set(_split(str(v))) for v in gold["themes"].fillna("")]
    p = [set(c.themes) for c in coded]
    G = pd.DataFrame([[t in s for t in ids] for s in g], columns=ids).astype(int)
    P = pd.DataFrame([[t in s for t in ids] for s in p], columns=ids).astype(int)
    prec, rec, f1, support = precision_recall_fscore_support(G, P, average=None, zero_division=0)
    kappas = []
    for t in ids:
        if G[t].nunique() == 1 and P[t].nunique() == 1:
            kappas.append(1.0 if (G[t] == P[t]).all() else 0.0)
        else:
            kappas.append(float(cohen_kappa_score(G[t], P[t])))
    per_theme = pd.DataFrame({
        "theme": ids, "precision": prec, "recall": rec, "f1": f1, "kappa": kappas,
        "support": support.astype(int), "predicted": P.sum().to_numpy().astype(int),
    })  # fmt: skip
    # A theme neither coded by the humans nor by the coder has no F1 to speak of: it is left
    # out of the macro average rather than counted as 0 (sklearn's zero_division convention).
    active = (per_theme["support"] > 0) | (per_theme["predicted"] > 0)
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
        micro_f1=float(f1_score(G, P, average="micro", zero_division=0)),
        macro_f1=float(per_theme.loc[active, "f1"].mean()) if active.any() else 0.0,
        exact_match=float(sum(a == b for a, b in zip(g, p, strict=True)) / len(g)) if g else 0.0,
        n=len(gold),
        errors=errors.sort_values("id", kind="mergesort").reset_index(drop=True),
        codebook_version=cb.version,
        codebook_hash=cb.hash,
    )


def validate_file(path: str | Path = config.DEV_SET, codebook_path: str | Path = config.CODEBOOK) -> Report:
    return validate(read_gold(path, codebook_path), codebook_path)


def format_report(report: Report) -> str:
    """A plain table for the terminal."""
    lines = [
        f"Agreement with human coding: {report.n} sentences, codebook {report.codebook_version} "
        f"({report.codebook_hash[:12]})",
        "",
        f"{'theme':<22} {'P':>6} {'R':>6} {'F1':>6} {'kappa':>6} {'gold':>5} {'coded':>6}",
    ]
    for r in report.per_theme.itertuples(index=False):
        lines.append(
            f"{r.theme:<22} {r.precision:6.2f} {r.recall:6.2f} {r.f1:6.2f} {r.kappa:6.2f} "
            f"{r.support:5d} {r.predicted:6d}"
        )
    lines += [
        "",
        f"micro-F1 {report.micro_f1:.3f}   macro-F1 {report.macro_f1:.3f}   "
        f"exact match {report.exact_match:.3f}   sentences with an error {len(report.errors)}",
    ]
    return "\n".join(lines)


def write_report(report: Report, out_dir: str | Path) -> list[Path]:
    """validation_themes.csv (per theme + overall) and validation_errors.csv in out_dir."""
    out_dir = Path(out_dir)
    overall = pd.DataFrame([
        {"theme": "(micro)", "f1": report.micro_f1, "support": int(report.per_theme["support"].sum())},
        {"theme": "(macro)", "f1": report.macro_f1},
        {"theme": "(exact match)", "f1": report.exact_match, "support": report.n},
    ])  # fmt: skip
    table = pd.concat([report.per_theme, overall], ignore_index=True)
    table["codebook_version"] = report.codebook_version
    table["codebook_hash"] = report.codebook_hash
    return [
        write_csv(table, out_dir / "validation_themes.csv"),
        write_csv(report.errors, out_dir / "validation_errors.csv"),
    ]
