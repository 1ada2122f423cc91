"""The one place figures are saved, and `make_all`, which draws every report figure.

Each figure is written as PNG (300 dpi), SVG and PDF, with `name.csv` holding
exactly the numbers it draws and `name.provenance.json` saying what made it. The
bytes depend only on the inputs: no dates, fixed creator strings, a fixed SVG
hash salt, fonts shipped with matplotlib, fixed figure sizes. Everything is
rendered in memory first and written atomically.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from analysis import __version__
from analysis.errors import InputError
from analysis.io import atomic_write_bytes, csv_bytes, sha256_bytes
from analysis.report import plots

CREATOR = f"dialogue-analysis {__version__}"
DPI = 300
# Per format: the metadata matplotlib would otherwise fill with dates and versions.
FORMATS: dict[str, dict] = {
    "png": {"Software": CREATOR},
    "svg": {"Date": None, "Creator": CREATOR},
    "pdf": {"Creator": CREATOR, "Producer": CREATOR, "CreationDate": None, "ModDate": None},
}
PROVENANCE_KEYS = (
    "analysis_version",
    "codebook_version",
    "codebook_hash",
    "spacy_model",
    "spacy_model_version",
    "spacy_version",
    "input_sha256",
    "seed",
)
TABLES = {
    "prevalence": "theme_prevalence.csv",
    "differences": "theme_differences.csv",
    "ranks": "theme_ranks.csv",
    "agreement": "rank_agreement.csv",
    "cooccurrence": "cooccurrence.csv",
    "terms": "distinctive_terms.csv",
}
PROVENANCE = "provenance.json"


def render(fig: Figure, fmt: str) -> bytes:
    """The figure's bytes in one format, deterministic for the same figure."""
    buf = io.BytesIO()
    with mpl.rc_context(plots.STYLE):
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=FORMATS[fmt])
    return buf.getvalue()


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once, then keep it: every format gets the same positions, and the
    (slow) constrained layout is not redone for each of them."""
    if fig.get_layout_engine() is None:
        return
    with mpl.rc_context(plots.STYLE):
        fig.draw_without_rendering()
    fig.set_layout_engine("none")


def save_figure(
    fig: Figure, data: pd.DataFrame, name: str, out_dir: str | Path, provenance: dict
) -> list[Path]:
    """Write name.{png,svg,pdf}, name.csv (the plotted numbers) and name.provenance.json; close the figure."""
    out_dir = Path(out_dir)
    plots.add_footer(fig, provenance)
    freeze_layout(fig)
    files = {f"{name}.{fmt}": render(fig, fmt) for fmt in FORMATS}
    files[f"{name}.csv"] = csv_bytes(data)
    record = {k: provenance.get(k) for k in PROVENANCE_KEYS if k in provenance}
    record["figure"] = name
    record["files"] = {f: sha256_bytes(b) for f, b in sorted(files.items())}
    files[f"{name}.provenance.json"] = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")
    written = [atomic_write_bytes(out_dir / f, b) for f, b in sorted(files.items())]
    _close(fig)
    return written


def _close(fig: Figure) -> None:
    """Release a pyplot-managed figure (figures from `plots` are not; they are simply dropped)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError("missing; run `python -m analysis themes` first", path)
    try:
        df = pd.read_csv(path, keep_default_na=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV ({str(exc).splitlines()[0]})", path) from None
    for col in ("warning", "theme_short", "theme_short_a", "theme_short_b", "term", "kind"):
        if col in df.columns:
            df[col] = df[col].fillna("").astype(str)
    for col in ("thin", "significant"):
        if col in df.columns:
            df[col] = df[col].astype(str).str.lower().eq("true")
    return df


def _require_columns(df: pd.DataFrame, cols: tuple[str, ...], path: Path) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"lacks column(s) {', '.join(missing)}", path, 1)


def read_inputs(processed_dir: str | Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """The themes stage's tables and provenance, checked."""
    processed_dir = Path(processed_dir)
    tables = {key: _read_csv(processed_dir / name) for key, name in TABLES.items()}
    need = {
        "prevalence": ("group", "theme", "share", "ci_low", "ci_high", "n_units", "n_delegations"),
        "differences": ("theme", "comparison", "group_a", "group_b", "diff", "q_value", "significant"),
        "ranks": ("group", "theme", "rank"),
        "agreement": ("group_a", "group_b", "tau", "p_value"),
        "cooccurrence": ("theme_a", "theme_b", "count", "jaccard"),
        "terms": ("group", "term", "z"),
    }
    for key, cols in need.items():
        _require_columns(tables[key], cols, processed_dir / TABLES[key])
    prov_path = processed_dir / PROVENANCE
    if not prov_path.is_file():
        raise InputError("missing; run `python -m analysis themes` first", prov_path)
    try:
        provenance = json.loads(prov_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc})", prov_path) from None
    _fill_short_labels(tables)
    return tables, provenance


def _fill_short_labels(tables: dict[str, pd.DataFrame]) -> None:
    """Older tables may lack short labels: take them from the codebook, else show the id."""
    try:
        from analysis import codebook

        labels = codebook.load().labels()
    except Exception:  # no codebook installed: ids are still readable
        labels = {}
    for key, id_col, short_col in (
        ("prevalence", "theme", "theme_short"),
        ("differences", "theme", "theme_short"),
        ("ranks", "theme", "theme_short"),
        ("cooccurrence", "theme_a", "theme_short_a"),
        ("cooccurrence", "theme_b", "theme_short_b"),
    ):
        df = tables[key]
        if short_col not in df.columns or (df[short_col] == "").any():
            fallback = df[id_col].map(lambda t: labels.get(t, t))
            df[short_col] = (
                df[short_col].where(df[short_col] != "", fallback) if short_col in df.columns else fallback
            )


# Which stage table each report figure is drawn from, and whether it marks thin groups.
FIGURE_INPUTS = {
    "prevalence_heatmap": ("prevalence", False),
    "prevalence_dots": ("prevalence", False),
    "differences_chart": ("differences", True),
    "rank_chart": ("ranks", True),
    "cooccurrence_matrix": ("cooccurrence", False),
    "distinctive_terms": ("terms", True),
    "rank_agreement_matrix": ("agreement", True),
}


def draw(name: str, tables: dict[str, pd.DataFrame], prov: dict):
    """One report figure from `read_inputs` tables -> (Figure, the DataFrame of what it plots)."""
    key, marks_thin = FIGURE_INPUTS[name]
    kwargs = {"thin": plots.thin_groups(tables["prevalence"])} if marks_thin else {}
    plot, data = plots.FIGURES[name]
    df = tables[key]
    return plot(df, provenance=prov, **kwargs), data(df)


def make_all(processed_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Draw every report figure from the themes stage's tables; returns the paths written."""
    tables, prov = read_inputs(processed_dir)
    written: list[Path] = []
    for name in FIGURE_INPUTS:
        fig, data = draw(name, tables, prov)
        written += save_figure(fig, data, name, out_dir, prov)
    return written
