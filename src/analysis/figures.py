"""The one place figures are saved, and `make_all`, which draws every report figure.

Each figure is written as PNG (300 dpi), SVG and PDF, with `name.csv` holding
exactly the numbers it draws and `name.provenance.json` saying what made it. The
bytes depend only on the inputs: no dates, fixed creator strings, a fixed SVG
hash salt, fonts shipped with matplotlib, fixed figure sizes. Everything is
rendered in memory first and written atomically. A `layout` (`style.LAYOUTS`)
other than the default draws the same figures, from the same numbers, for a
report's 16 cm column or a 16:9 slide; their provenance records it. A slide figure
has no room for its notes: `name.caption.txt` beside it holds them.
"""

from __future__ import annotations

import inspect
import io
import json
import re
import sys
from html import escape
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import __version__, catalogue
from analysis.io import atomic_write_bytes, csv_bytes, defuse_formulas, sha256_bytes
from analysis.progress import progress
from analysis.report import alt, heatmaps, plots
from analysis.report.style import groups_of, laid_out, layout_named

CREATOR = f"dialogue-analysis {__version__}"
DPI = 300
# Per format: the metadata matplotlib would otherwise fill with dates and versions.
FORMATS: dict[str, dict] = {
    "png": {"Software": CREATOR},
    "svg": {"Date": None, "Creator": CREATOR},
    "pdf": {"Creator": CREATOR, "Producer": CREATOR, "CreationDate": None, "ModDate": None},
}
PROVENANCE_KEYS = catalogue.DOCUMENTS["provenance"].keys
# added by `read_inputs`: what a reader of the figure is told (`draws` only where not the defaults)
FIGURE_KEYS = ("source", "validation_sheet", "draws")


def render(fig: Figure, fmt: str, described: dict | None = None, name: str = "figure") -> bytes:
    """The figure's bytes in one format, deterministic for the same figure; `described` ({"Title": ...,
    "Subject": alternative text}) goes into the PDF's metadata and the SVG's `<title>` and `<desc>`."""
    buf = io.BytesIO()
    extra = described if described and fmt == "pdf" else {}
    with plots.house_style():
        fig.savefig(buf, format=fmt, dpi=DPI, metadata={**FORMATS[fmt], **extra})
    if described and fmt == "svg":
        return accessible_svg(buf.getvalue(), described["Title"], described["Subject"], name)
    return buf.getvalue()


SVG_ROOT = re.compile(rb"<svg\b[^>]*>")


def accessible_svg(svg: bytes, title: str, desc: str, name: str = "figure") -> bytes:
    """The SVG with `<title>` and `<desc>` as the root's first children and the root marked as one image
    named by them (ids `name-title`, `name-desc`: unique where a page inlines several). Its text is drawn
    as outlines (svg.fonttype "path": the same rendering without the font), so without these a screen
    reader finds nothing; matplotlib writes a title only into RDF metadata, which screen readers skip."""
    root = SVG_ROOT.search(svg)
    if root is None:
        raise ValueError("not an SVG: no <svg> element to give a title and description")
    tag = root.group()[:-1] + f' role="img" aria-labelledby="{name}-title {name}-desc">'.encode()
    children = (
        f'\n <title id="{name}-title">{escape(title, quote=False)}</title>'
        f'\n <desc id="{name}-desc">{escape(desc, quote=False)}</desc>'
    ).encode()
    return svg[: root.start()] + tag + children + svg[root.end() :]


def figure_title(fig: Figure, name: str) -> str:
    """The title drawn on the figure (`style.add_title`), else its file name."""
    return next((t.get_text() for t in fig.texts if t.get_gid() == "title"), name)


def alt_for(name: str, tables: dict[str, pd.DataFrame], data: pd.DataFrame) -> str:
    """The figure's alternative text (`report.alt`) from what it plots, its thin groups and its study's
    groups taken from the prevalence table, as the figure takes them."""
    prev = tables.get("theme_prevalence")
    if prev is None:
        return alt.alt_text(name, data)
    return alt.alt_text(name, data, thin=plots.thin_groups(prev), groups=groups_of(prev))


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once, then keep it: every format gets the same positions, and the
    (slow) constrained layout is not redone for each of them."""
    if fig.get_layout_engine() is None:
        return
    with plots.house_style():
        fig.draw_without_rendering()
    fig.set_layout_engine("none")
    snap_positions(fig)


LAYOUT_DIGITS = 9  # figure fractions kept: a nanometre on an 11-inch figure, far below a pixel


def snap_positions(fig: Figure) -> None:
    """Round every axes' laid-out position. The constrained layout's solver (kiwisolver) can end a
    solve in the last bits of a float differently from one render to the next in the same process
    (its tables are ordered by memory address); the SVG writer names clip paths by the exact
    floats, so without rounding a figure's SVG and PDF bytes could differ between two runs."""
    for ax in fig.axes:
        x0, y0, w, h = (round(float(v), LAYOUT_DIGITS) for v in ax.get_position(original=True).bounds)
        ax.set_position((x0, y0, w, h), which="both")


def figure_files(
    fig: Figure,
    data: pd.DataFrame,
    name: str,
    provenance: dict,
    alt_text: str | None = None,
    layout: str = "default",
) -> dict[str, bytes]:
    """name.{png,svg,pdf}, name.csv (the plotted numbers) and name.provenance.json as bytes; closes `fig`.
    `alt_text` (`alt_for`) goes into the SVG, the PDF and the provenance record (`alt`); the PNG and the
    CSV stay as they were. `layout`: the one `fig` was drawn in, named in the record unless the default
    (whose records stay as they were)."""
    with laid_out(layout):
        plots.add_footer(fig, provenance)
        freeze_layout(fig)
        described = {"Title": figure_title(fig, name), "Subject": alt_text} if alt_text else None
        files = {f"{name}.{fmt}": render(fig, fmt, described, name) for fmt in FORMATS}
    files[f"{name}.csv"] = csv_bytes(defuse_formulas(data))  # group names and terms come from others' files
    moved = plots.caption(fig)
    if moved is not None:  # a slide: what did not fit on the figure, for the presenter to say
        files[f"{name}.caption.txt"] = caption_text(fig, name, moved, alt_text).encode("utf-8")
    record = {k: provenance.get(k) for k in (*PROVENANCE_KEYS, *FIGURE_KEYS) if k in provenance}
    record["figure"] = name
    if layout != "default":
        record["layout"] = layout
    if alt_text:
        record["alt"] = alt_text
    record["files"] = {f: sha256_bytes(b) for f, b in sorted(files.items())}
    files[f"{name}.provenance.json"] = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")
    _close(fig)
    return files


def caption_text(fig: Figure, name: str, moved: dict, alt_text: str | None = None) -> str:
    """A slide figure's caption, for the presenter's notes: its title and subtitle as drawn, its main
    reading (the alternative text), then what `style.finish` moved off it: the manifest's caveats (also on
    the figure, in red), every note, the source and the provenance line. Plain text, one paragraph a line."""
    subtitle = next((t.get_text() for t in fig.texts if t.get_gid() == "subtitle"), "")
    lines = [figure_title(fig, name), *([" ".join(subtitle.split("\n"))] if subtitle else []), ""]
    if alt_text:
        lines += ["Main reading: " + alt_text, ""]
    lines += [f"Caveat: {c}" for c in moved["caveats"]]
    lines += [f"Note: {n}" for n in moved["notes"]]
    lines += [*moved["source"], *(f"Provenance: {p}" for p in moved["provenance"])]
    return "\n".join(lines).rstrip("\n") + "\n"


def save_figure(
    fig: Figure,
    data: pd.DataFrame,
    name: str,
    out_dir: str | Path,
    provenance: dict,
    alt_text: str | None = None,
) -> list[Path]:
    """Write a figure's files (`figure_files`) into out_dir, each atomically."""
    files = figure_files(fig, data, name, provenance, alt_text)
    return [atomic_write_bytes(Path(out_dir) / f, b) for f, b in sorted(files.items())]


def _close(fig: Figure) -> None:
    """Release a pyplot-managed figure (figures from `plots` are not; they are simply dropped)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def read_inputs(processed_dir: str | Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables the report figures are drawn from (by catalogue name) and the provenance."""
    tables = {name: catalogue.read(processed_dir, name) for name in catalogue.figure_tables()}
    prov = catalogue.read_document(processed_dir, "provenance")
    prov["source"] = source(catalogue.read(processed_dir, "sessions"))
    draws = catalogue.stamp(processed_dir, "theme_prevalence").get("draws")
    if draws:  # the compare stage's counts of draws, where a quick look lowered them
        prov["draws"] = draws
    sheet = catalogue.read_document(processed_dir, "validation")
    if sheet.get("file"):  # the sample behind the corrected shares, named on the figures that use it
        prov["validation_sheet"] = {"file": sheet["file"], "sha256": sheet["sha256"]}
    return tables, prov


def source(sessions: pd.DataFrame) -> dict:
    """What the figures name as their data: how many sessions, their first and last date (and how many
    have none, `undated`, only where some do: the span would otherwise seem to hold them all), the
    manifest's caveats (each once: "invented sample transcripts" must reach every figure), per
    group, the observers counted with it, and each session's transcript by file and SHA-256 (the
    turns' hash alone cannot say which files on disk a figure was drawn from)."""
    dates = sorted(sessions["date"].dropna())
    observers: dict[str, list[str]] = {}
    for group, names in zip(sessions["group"], sessions["observers"], strict=True):
        if len(names):
            observers[str(group)] = sorted({*observers.get(str(group), []), *names})
    undated = len(sessions) - len(dates) if dates else 0  # the rule of `corpus.Batch.undated`
    return {
        "sessions": len(sessions),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        **({"undated": undated} if undated else {}),
        "caveats": list(dict.fromkeys(sessions["caveat"].dropna())),
        "observers": dict(sorted(observers.items())),
        "transcripts": {
            str(sid): {"file": str(f), "sha256": str(h)}
            for sid, f, h in sorted(
                zip(sessions["session_id"], sessions["file"], sessions["sha256"], strict=True)
            )
        },
    }


def draw(name: str, tables: dict[str, pd.DataFrame], prov: dict, layout: str = "default"):
    """One report figure from `read_inputs` tables, laid out in `layout` -> (Figure, the DataFrame of what
    it plots: the same in every layout)."""
    spec = catalogue.FIGURES[name]
    kwargs = {"thin": plots.thin_groups(tables["theme_prevalence"])} if spec.marks_thin else {}
    also = {t: tables[t] for t in spec.also}  # passed by table name
    plot, data = plots.FIGURES[name]
    df = tables[spec.table]
    wanted = inspect.signature(data).parameters  # a table the figure reads for its layout only
    return plot(df, provenance=prov, layout=layout, **kwargs, **also), data(
        df, **{t: also[t] for t in also if t in wanted}
    )


def too_tall(fig: Figure, name: str, layout: str, tables: dict[str, pd.DataFrame]) -> str | None:
    """What to say of a figure drawn taller than its layout's `max_height` (a slide's 16.15 cm, an A4 text
    block's 24.7 cm: names are cut to fit, but thirty groups' rows are taller than any slide or page), else
    None. Placed on the slide or page it would have to be scaled down, every text then below the layout's
    sizes: a presenter or an editor must know before, and where to find the figure drawn to fit."""
    look = layout_named(layout)
    most = look.max_height
    if most is None or fig.get_figheight() <= most + 1e-6:
        return None
    return (
        f"{name} is {fig.get_figheight() * 2.54:.1f} cm tall{_with_groups(tables)}, more than the "
        f"{most * 2.54:.2f} cm a {look.page} has for a figure: shrunk to fit, its text would fall below the "
        f"layout's sizes. {_draw_instead(look)}"
    )


def too_wide(fig: Figure, name: str, layout: str, tables: dict[str, pd.DataFrame]) -> str | None:
    """What to say of a figure whose layout sets its width (a page's 16 cm, a slide's 29.21) and whose heatmap
    columns that width cannot hold (twelve groups' tau matrix: 0.4 inches a column for 0.7-inch intervals,
    the numbers running into each other), as `too_tall` says of a height; else None. Call it on a figure laid
    out and saved (`figure_files`): it draws the figure to measure it."""
    look = layout_named(layout)
    if look.width is None:
        return None
    with laid_out(layout):
        needed = heatmaps.needed_width(fig)
    if needed <= look.width + 0.01:
        return None
    return (
        f"{name} needs {needed * 2.54:.1f} cm wide{_with_groups(tables)}, more than the "
        f"{look.width * 2.54:.2f} cm a {look.page} has for a figure: its columns are narrower than the "
        f"numbers and names in them, which run into each other. {_draw_instead(look)}"
    )


def _with_groups(tables: dict[str, pd.DataFrame]) -> str:
    prev = tables.get("theme_prevalence")
    return f" with {len(groups_of(prev))} groups" if prev is not None and len(prev) else ""


def _draw_instead(look) -> str:
    """What to do about a figure too big for its layout (`too_tall`, `too_wide`)."""
    return f"Draw fewer groups at a time (a manifest of some of the sessions) or use {look.instead}"


def render_all(
    processed_dir: str | Path, layout: str = "default", warnings: list[str] | None = None
) -> dict[str, bytes]:
    """Every report figure's files in `layout`, as bytes (the figures stage writes them all at once);
    `warnings` gets one line for each figure taller or wider than its layout allows (`too_tall`,
    `too_wide`)."""
    tables, prov = read_inputs(processed_dir)
    files: dict[str, bytes] = {}
    for name in progress(catalogue.FIGURES, desc="drawing figures", unit="figure"):
        fig, data = draw(name, tables, prov, layout)
        files.update(figure_files(fig, data, name, prov, alt_for(name, tables, data), layout))
        said = [too_tall(fig, name, layout, tables), too_wide(fig, name, layout, tables)]
        if warnings is not None:
            warnings.extend(s for s in said if s)
    return files


def make_all(processed_dir: str | Path, out_dir: str | Path, layout: str = "default") -> list[Path]:
    """Draw every report figure into out_dir; returns the paths written."""
    files = render_all(processed_dir, layout)
    return [atomic_write_bytes(Path(out_dir) / f, b) for f, b in sorted(files.items())]
