"""Saving figures: every format, the plotted numbers, provenance, and byte-for-byte regeneration."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import warnings
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from analysis import catalogue, config, figures, io
from analysis.errors import InputError
from analysis.report import alt, plots, style
from helpers import another_run_writing

sys.path.insert(0, str(Path(__file__).parent))
from test_compare import LABELLED, THEMES, figure_tables, make_sentences  # noqa: E402

PROVENANCE = {
    "analysis_version": "0.1.0",
    "codebook_version": "v1",
    "codebook_hash": "0123456789abcdef" * 4,
    "spacy_model": "en_core_web_sm",
    "spacy_model_version": "3.8.0",
    "spacy_version": "3.8.2",
    "input_sha256": "fedcba9876543210" * 4,
    "seed": config.SEED,
    "source": {
        "sessions": 6,
        "first_date": "2024-04-16",
        "last_date": "2024-06-18",
        "caveats": ["Illustrative only: invented sample transcripts, not the views of any Member State"],
        "observers": {"Western European and Others Group": ["European Union"]},
    },
}
GROUPS = list(config.GROUPS)
FEW_GROUPS = ["African Group", "Western European and Others Group", "Arab Group"]


def synthetic_sentences(seed=11, groups=GROUPS, themes=THEMES):
    """Groups with different favourite themes; the Arab Group thin (three delegations, the rest 10-20)."""
    rng = np.random.default_rng(seed)
    spec = {}
    for k, g in enumerate(groups):
        n = 3 if g == "Arab Group" else 10 + 2 * k
        out = {}
        for i in range(n):
            sents = []
            for _ in range(25):
                p = np.full(len(themes), 0.08)
                p[k % len(themes)] = 0.45  # each group's own favourite theme
                p[(k + 5) % len(themes)] = 0.25
                p *= rng.uniform(0.5, 1.5)
                hit = [t for t, q in zip(themes, p, strict=True) if rng.random() < q]
                sents.append(";".join(hit))
            out[f"{g[:3].upper()}{i:02d}"] = sents
        spec[g] = out
    return make_sentences(spec)


def synthetic_terms(groups=GROUPS):
    rows = []
    vocab = [
        "industrialization",
        "value chains",
        "climate finance",
        "youth",
        "broadband",
        "small island",
        "debt relief",
        "artificial intelligence",
        "green hydrogen",
        "vocational training",
        "smes",
        "south-south cooperation",
        "digital divide",
    ]
    for k, g in enumerate(groups):
        for r, term in enumerate(vocab[k:] + vocab[:k]):
            rows.append(
                {
                    "group": g,
                    "kind": "phrase" if " " in term else "word",
                    "term": term,
                    "rank": r + 1,
                    "count": 40 - r,
                    "count_rest": 10 + r,
                    "log_odds": 2.0 - 0.1 * r,
                    "z": 6.0 - 0.4 * r + 0.3 * k,
                    "n_delegations": 5,
                    "top_delegation": "KEN",
                    "z_without_top": 4.0 - 0.2 * r,
                }
            )
    return pd.DataFrame(rows)


def write_processed(folder: Path, sentences=None, terms=None, groups=GROUPS, themes=LABELLED) -> Path:
    """A processed folder as the compare stage leaves it (the tables the figures are drawn from)."""
    s = synthetic_sentences(groups=groups, themes=[t.id for t in themes]) if sentences is None else sentences
    tables = {
        **figure_tables(s, themes),
        "distinctive_terms": synthetic_terms(groups) if terms is None else terms,
    }
    caveat = PROVENANCE["source"]["caveats"][0]
    tables["sessions"] = pd.DataFrame(
        {
            "session_id": [f"S{k}" for k in range(6)],
            "group": GROUPS[:6],
            "date": ["2024-04-16", None, "2024-06-18", "2024-05-01", "2024-05-02", "2024-05-03"],
            "title": None,
            "file": [f"s{k}.vtt" for k in range(6)],
            "sha256": [f"{k}" * 64 for k in range(6)],
            "caveat": [caveat] * 5 + [None],  # one caveat, said once
            "observers": [[], [], [], [], ["European Union"], []],  # GROUPS[4] is WEOG
        }
    )
    for name, df in tables.items():
        for file, data in catalogue.encode(name, df, PROVENANCE).items():
            io.atomic_write_bytes(folder / file, data)
    io.write_json(folder / "provenance.json", {k: v for k, v in PROVENANCE.items() if k != "source"})
    io.write_json(folder / "validation.json", dict.fromkeys(catalogue.DOCUMENTS["validation"].keys))
    return folder


@pytest.fixture
def processed(tmp_path):
    return write_processed(tmp_path / "processed")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_make_all_twice_gives_byte_identical_files_in_every_format(tmp_path):
    # three groups and four themes keep it quick; every figure and format is still drawn twice
    processed = write_processed(tmp_path / "processed", groups=FEW_GROUPS, themes=LABELLED[:4])
    first = figures.make_all(processed, tmp_path / "a")
    second = figures.make_all(processed, tmp_path / "b")
    names = {p.name for p in first}
    assert names == {p.name for p in second}
    for fig in (
        "prevalence_heatmap",
        "prevalence_dots",
        "distinctive_terms",
        "rank_chart",
        "cooccurrence_matrix",
        "differences_chart",
        "rank_agreement_matrix",
    ):
        for ext in ("png", "svg", "pdf", "csv", "provenance.json"):
            assert f"{fig}.{ext}" in names
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize("n_groups, n_themes", [(3, 4), (2, 2)])
def test_every_figure_keeps_room_for_its_panels_with_few_groups_and_themes(tmp_path, n_groups, n_themes):
    groups = FEW_GROUPS[:n_groups]
    processed = write_processed(tmp_path / "processed", groups=groups, themes=LABELLED[:n_themes])
    tables, prov = figures.read_inputs(processed)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="constrained_layout not applied")  # the panels collapsed
        for name in catalogue.FIGURES:
            fig, data = figures.draw(name, tables, prov)
            figures.figure_files(fig, data, name, prov)


@pytest.mark.parametrize("n_notes", [0, 1, 3, 12])
def test_notes_make_a_figure_taller_and_leave_its_panels_and_title_as_they_were(n_notes):
    """A figure sized for its panels keeps them at that size however many notes it carries below."""

    def drawn(notes):
        with mpl.rc_context(style.STYLE):
            fig = style.new_figure(6, 3)
            ax = fig.subplots()
            ax.set_xlabel("share")
            style.add_title(fig, "A title", "a subtitle that says how to read it")
            style.finish(fig, None, notes)
            renderer = FigureCanvasAgg(fig).get_renderer()
            fig.draw(renderer)
            inches = fig.dpi_scale_trans.inverted()
            panel = ax.get_window_extent(renderer).transformed(inches)
            below_panel = ax.get_tightbbox(renderer).transformed(inches).y0
            texts = {t.get_gid(): t.get_window_extent(renderer).transformed(inches) for t in fig.texts}
            height = fig.get_figheight()
            figures._close(fig)
        return height, panel, below_panel, texts

    one_line = ["Delegations per group: AG 3."]
    height, panel, _, texts = drawn(one_line)
    grown, grown_panel, above_notes, grown_texts = drawn([f"Note {i}." for i in range(n_notes)])
    assert grown == pytest.approx(height + max(0, n_notes - 1) * style.CELL_TEXT * 1.25 / 72)
    assert grown_panel.height == pytest.approx(panel.height, abs=0.02)
    assert grown - grown_texts["title"].y1 == pytest.approx(height - texts["title"].y1, abs=1e-6)
    if n_notes:
        assert grown_texts["figure-notes"].y1 <= above_notes  # the notes stay under the axis label
        assert grown_texts["figure-notes"].y0 >= 0.2


def test_saved_files_carry_no_dates_and_name_their_provenance(processed, tmp_path):
    tables, prov = figures.read_inputs(processed)
    fig = plots.rank_chart(tables["theme_ranks"], provenance=prov)
    paths = figures.save_figure(fig, plots.rank_chart_data(tables["theme_ranks"]), "ranks", tmp_path, prov)
    by = {p.suffix if not p.name.endswith(".provenance.json") else ".prov": p for p in paths}
    png = by[".png"].read_bytes()
    assert png.startswith(b"\x89PNG")
    assert b"dialogue-analysis" in png
    pdf = by[".pdf"].read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    svg = by[".svg"].read_text()
    assert "<dc:date>" not in svg
    record = json.loads(by[".prov"].read_text())
    assert record["figure"] == "ranks" and record["seed"] == config.SEED
    assert record["codebook_hash"] == PROVENANCE["codebook_hash"]
    assert record["files"]["ranks.csv"] == hashlib.sha256(by[".csv"].read_bytes()).hexdigest()
    # 300 dpi: the rank chart is 10.1 x 6.22 inches
    width = int.from_bytes(png[16:20], "big")
    assert width == round(fig.get_figwidth() * 300)


def test_the_csv_beside_a_figure_holds_the_numbers_it_plots(processed, tmp_path):
    tables, prov = figures.read_inputs(processed)
    prev = tables["theme_prevalence"]
    data = plots.prevalence_heatmap_data(prev)
    figures.save_figure(plots.prevalence_heatmap(prev), data, "heat", tmp_path, prov)
    saved = pd.read_csv(tmp_path / "heat.csv")
    assert len(saved) == 6 * 11
    assert saved["share"].tolist() == pytest.approx(prev["share"].tolist(), rel=1e-5)
    assert "codebook_hash" not in saved.columns  # the plotted numbers, not the stamp


def test_every_figure_has_the_provenance_footer_once(processed):
    tables, prov = figures.read_inputs(processed)
    fig = plots.prevalence_heatmap(tables["theme_prevalence"], provenance=prov)
    plots.add_footer(fig, prov)
    footers = [t for t in fig.texts if t.get_gid() == style.FOOTER_GID]
    assert len(footers) == 1
    text = footers[0].get_text()
    assert "Codebook v1 (01234567)" in text and "en_core_web_sm 3.8.0" in text and "input fedcba98" in text


def test_a_figure_drawn_with_other_draws_than_the_defaults_says_which_in_its_footer():
    """A PNG made with ANALYSIS_BOOTSTRAP=500 left exported (the README's quick look) and pasted into a report
    looked like the defaults' to the byte of its footer; its .provenance.json alone said otherwise. The footer
    names the counts that differ; with the defaults it is as before (the committed figures unchanged)."""
    assert "draws" not in style.provenance_text(PROVENANCE)
    quick = {**config.DEFAULT_DRAWS, "bootstrap": 500, "correction_bootstrap": 500}
    text = style.provenance_text({**PROVENANCE, "draws": quick})
    assert "draws (not the defaults): bootstrap 500, correction bootstrap 500" in text
    assert "permutations" not in text  # the defaults' counts are not repeated
    assert "draws" not in style.provenance_text({**PROVENANCE, "draws": dict(config.DEFAULT_DRAWS)})


def test_a_footer_naming_every_count_wraps_within_a_report_figures_width():
    """All five counts changed make the longest footer; in a 16 cm report figure it breaks between its
    parts, and between the counts where one part alone is wider than the figure."""
    lowered = {"bootstrap": 200, "permutations": 200, "exact_limit": 2000, "correction_bootstrap": 400,
               "misclassification_permutations": 199}  # fmt: skip
    with style.laid_out("report"):
        fig = style.new_figure(8.2, 5)
        lines = style.footer_lines(fig, {**PROVENANCE, "draws": lowered})
        inches, size = style.TEXT_WIDTH * fig.get_figwidth(), style.current().small
        assert all(style.text_inches(line, size) <= inches for line in lines), lines
    said = " ".join(lines)
    assert "misclassification permutations 199" in said and "exact limit 2,000" in said


def test_missing_tables_are_input_errors_naming_the_file(processed, tmp_path):
    (processed / "theme_ranks.parquet").unlink()
    with pytest.raises(InputError, match="theme_ranks.parquet"):
        figures.make_all(processed, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", list(catalogue.FIGURES))
def test_every_figure_shows_the_manifests_caveat_and_its_source(processed, name):
    tables, prov = figures.read_inputs(processed)
    fig, _ = figures.draw(name, tables, prov)
    plots.add_footer(fig, prov)
    texts = {t.get_gid(): t.get_text() for t in fig.texts}
    figures._close(fig)
    assert texts["caveat"].startswith(PROVENANCE["source"]["caveats"][0][:40])
    # the fixture's second session has no date: the span is not all six sessions
    assert texts["figure-notes"].endswith("Source: 6 sessions, 2024-04-16 to 2024-06-18 (1 undated).")


def test_without_a_caveat_a_figure_shows_none(processed):
    tables, prov = figures.read_inputs(processed)
    prov = {**prov, "source": {**prov["source"], "caveats": []}}
    fig, _ = figures.draw("prevalence_heatmap", tables, prov)
    assert not any("invented" in t.get_text() for t in fig.texts)
    figures._close(fig)


def _drawn_inches(fig, renderer) -> Bbox:
    """What the figure draws, in inches (not ticks beyond the axes' limits): its own texts and each panel's
    tight box, as matplotlib 3.9+ measures a figure. matplotlib 3.8's Figure.get_tightbbox also measured
    every panel's children against the others and put a colour bar 0.7 in past the edge it is drawn
    inside of (the PNG shows it whole)."""
    own = [a for a in fig.get_children() if a not in fig.axes and a.get_visible() and a.get_in_layout()]
    boxes = [a.get_tightbbox(renderer) for a in own] + [
        ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()
    ]
    boxes = [
        b for b in boxes if b is not None and np.isfinite([b.width, b.height]).all() and (b.width or b.height)
    ]
    return Bbox.union(boxes).transformed(fig.dpi_scale_trans.inverted())


@pytest.mark.parametrize("shape", [None, (3, 4), (2, 2)], ids=["6x11", "3x4", "2x2"])
@pytest.mark.parametrize("name", list(catalogue.FIGURES))
def test_no_text_runs_off_the_figure(processed, tmp_path, name, shape):
    """A subtitle or label cut at the figure's edge loses words in every format (a fixed header
    leaves a subtitle one line; a longer one is clipped, not wrapped), with six groups and eleven
    themes, or few (`shape`: groups, themes)."""
    if shape:
        processed = write_processed(
            tmp_path / "few", groups=FEW_GROUPS[: shape[0]], themes=LABELLED[: shape[1]]
        )
    tables, prov = figures.read_inputs(processed)
    fig, _ = figures.draw(name, tables, prov)
    plots.add_footer(fig, prov)
    figures.freeze_layout(fig)
    renderer = FigureCanvasAgg(fig).get_renderer()
    with mpl.rc_context(plots.STYLE):
        drawn = _drawn_inches(fig, renderer)
    w, h = fig.get_size_inches()
    outside = [
        f"{side} by {by:.2f} in"
        for side, by in (
            ("left", -drawn.x0),
            ("bottom", -drawn.y0),
            ("right", drawn.x1 - w),
            ("top", drawn.y1 - h),
        )
        if by > 0.01
    ]
    figures._close(fig)
    assert not outside, outside


def test_a_frozen_layout_keeps_positions_rounded_so_svg_clip_ids_are_stable(processed):
    """The constrained layout's solver can differ in a position's last float bits from one render to
    the next in the same process, and the SVG writer names clip paths by the exact floats: a figure's
    SVG and PDF bytes then changed between two runs (seen on the differences chart, 1 render in ~6).
    Frozen positions are rounded to `figures.LAYOUT_DIGITS` decimals of the figure."""
    tables, prov = figures.read_inputs(processed)
    fig, _ = figures.draw("differences_chart", tables, prov)
    figures.freeze_layout(fig)
    scale = 10**figures.LAYOUT_DIGITS
    for ax in fig.axes:
        for value in ax.get_position(original=True).bounds:
            assert value * scale == pytest.approx(round(value * scale), abs=1e-3), ax
    figures._close(fig)


def test_a_figure_names_each_transcript_it_was_drawn_from_by_file_and_hash(processed):
    """The turns' hash says which table a figure came from, not which files on disk: the record says that,
    for every session, in session order, so `sha256sum` on the raw folder can check it."""
    _, prov = figures.read_inputs(processed)
    assert prov["source"]["transcripts"] == {
        f"S{k}": {"file": f"s{k}.vtt", "sha256": f"{k}" * 64} for k in range(6)
    }
    files = figures.figure_files(
        *figures.draw("prevalence_heatmap", *figures.read_inputs(processed)), "x", prov
    )
    assert json.loads(files["x.provenance.json"])["source"]["transcripts"]["S5"]["sha256"] == "5" * 64


# What a staff member's own matplotlibrc (in ~/.config/matplotlib, MPLCONFIGDIR or the folder the command runs
# in) might hold: each setting changes a figure's bytes when the house style does not set it.
SOMEONES_MATPLOTLIBRC = {
    "axes.grid": True,
    "lines.linewidth": 2.5,
    "savefig.bbox": "tight",
    "savefig.facecolor": "#fafafa",
    "axes.unicode_minus": False,
    "pdf.compression": 9,
}


def test_a_pdf_never_goes_through_the_systems_zlib(processed, monkeypatch):
    """Python's zlib is whatever the system links (zlib-ng on Fedora 40+ deflates the same figure to other
    bytes), so a PDF compressed with it would not regenerate byte for byte on a colleague's machine."""
    from matplotlib.backends import backend_pdf

    def system_zlib(*args, **kwargs):
        raise AssertionError("a PDF stream was compressed with the system's zlib")

    monkeypatch.setattr(backend_pdf.zlib, "compressobj", system_zlib)
    tables, prov = figures.read_inputs(processed)
    for name in ("prevalence_heatmap", "distinctive_terms"):
        fig, _ = figures.draw(name, tables, prov)
        assert figures.render(fig, "pdf").startswith(b"%PDF")
        figures._close(fig)


def test_a_users_matplotlibrc_leaves_every_figures_bytes_as_they_were(processed):
    """The figures regenerate byte for byte on anyone's machine: the house style starts from matplotlib's own
    defaults, not from whatever rcParams the person's matplotlibrc set."""
    tables, prov = figures.read_inputs(processed)

    def files(name):
        fig, data = figures.draw(name, tables, prov)
        return figures.figure_files(fig, data, name, prov)

    for name in ("rank_chart", "differences_chart"):
        plain = files(name)
        with mpl.rc_context(SOMEONES_MATPLOTLIBRC):
            theirs = files(name)
        assert {f: sha256(b) for f, b in theirs.items()} == {f: sha256(b) for f, b in plain.items()}, name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_figure_of_shares_says_how_many_delegations_each_group_has_and_which_are_observers(processed):
    """The European Union speaks in WEOG's session as an observer and counts as one of its delegations:
    the dot and difference charts say so beside each group's count; the heatmap, whose labels carry
    the counts, names the observer."""
    assert GROUPS[4] == "Western European and Others Group"
    tables, prov = figures.read_inputs(processed)
    assert prov["source"]["observers"] == {"Western European and Others Group": ["European Union"]}
    notes = {}
    for name in ("prevalence_dots", "differences_chart", "prevalence_heatmap"):
        fig, _ = figures.draw(name, tables, prov)
        text = next(t.get_text() for t in fig.texts if t.get_gid() == "figure-notes")
        notes[name] = text.replace("\n", " ")
        figures._close(fig)
    prev = tables["theme_prevalence"].drop_duplicates("group").set_index("group")["delegations_total"]
    weog = f"WEOG {prev['Western European and Others Group']} (incl. the observer European Union)"
    assert f"Delegations per group: Africa {prev['African Group']}," in notes["prevalence_dots"]
    assert weog in notes["prevalence_dots"] and weog in notes["differences_chart"]
    heatmap = "Counted as a delegation of its group: European Union (observer, WEOG)."
    assert heatmap in notes["prevalence_heatmap"]


def test_without_observers_the_count_of_delegations_names_none():
    counts = {"Western European and Others Group": 10, "African Group": 9}
    note = style.delegations_note(counts, {"source": {"observers": {}}})
    assert note == ["Delegations per group: Africa 9, WEOG 10."]  # the house order, not the dict's
    assert style.observers_note(None) == []
    two = {"source": {"observers": {"Western European and Others Group": ["European Union", "Holy See"]}}}
    note = style.delegations_note(counts, two)[0]
    assert note.endswith("WEOG 10 (incl. the observers European Union and Holy See).")
    assert style.observers_note(two, groups=["African Group"]) == []  # WEOG not drawn: nothing to say
    only = {"source": {"observers": {"Observers": ["European Union", "Holy See"]}}}
    assert style.delegations_note({"Observers": 2}, only) == [
        "Delegations per group: Observers 2 (European Union, Holy See)."
    ]
    # the General Debate's Observers are a group of their own, not observers counted with a group (the
    # heatmap's note said "Counted as delegations of their groups: European Union (observer, Observers)")
    assert style.observers_note(only) == []


def test_the_differences_chart_marks_each_verdict_the_correction_turns(processed):
    """A hollow diamond at the panel's edge, a note that counts them, and `significant_corrected` in the
    figure's CSV; nothing where no validation sample corrected the shares."""
    tables, prov = figures.read_inputs(processed)
    diff = tables["theme_differences"]
    rest = diff[diff["family"] == "vs_rest"].reset_index(drop=True)
    turned = rest.assign(significant=rest["significant"].fillna(False).astype(bool))
    turned.loc[[0, 3], "significant"] = ~turned.loc[[0, 3], "significant"]
    data = plots.differences_chart_data(diff, turned)
    assert int((data["significant_corrected"] != data["significant"].fillna(False)).sum()) == 2
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=turned)
    marks = [line for ax in fig.axes for line in ax.lines if line.get_marker() == "D"]
    notes = next(t.get_text() for t in fig.texts if t.get_gid() == "figure-notes").replace("\n", " ")
    figures._close(fig)
    assert sum(len(line.get_xdata()) for line in marks) == 2
    assert "\u25c7 at a panel's right edge: on the shares corrected" in notes
    plain = plots.differences_chart(diff, provenance=prov)
    assert not [line for ax in plain.axes for line in ax.lines if line.get_marker() == "D"]
    assert plots.differences_chart_data(diff)["significant_corrected"].isna().all()
    figures._close(plain)


def test_a_group_of_one_delegation_is_drawn_without_the_intervals_it_cannot_have(tmp_path):
    """Resampling one delegation gives the same shares every time: its rank interval was [r, r], its top
    theme first in 100% of resamples and its lifts' intervals zero-wide. Now they are missing (NaN), and
    every figure still draws."""
    s = synthetic_sentences(groups=FEW_GROUPS, themes=[t.id for t in LABELLED])
    arab = s["group"] == "Arab Group"
    first = s.loc[arab & s["counted"], "country"].iloc[0]
    s = s[~arab | ~s["counted"] | (s["country"] == first)].reset_index(drop=True)
    processed = write_processed(tmp_path / "processed", sentences=s, groups=FEW_GROUPS)
    tables, prov = figures.read_inputs(processed)
    ranks = tables["theme_ranks"].set_index("group")
    assert ranks.loc["Arab Group", ["rank_ci_low", "rank_ci_high", "p_top"]].isna().all().all()
    assert ranks.drop(index="Arab Group")[["rank_ci_low", "rank_ci_high", "p_top"]].notna().all().all()
    co = tables["cooccurrence"]
    alone = (co.stratum == "Arab Group") & ~co.upper_bound_only
    assert co.loc[alone, ["ci_low", "ci_high"]].isna().all().all()
    agreement = tables["rank_agreement"]
    assert agreement.loc[agreement.group_b == "Arab Group", ["ci_low", "ci_high"]].isna().all().all()
    for name in catalogue.FIGURES:
        fig, data = figures.draw(name, tables, prov)
        figures.figure_files(fig, data, name, prov)
        if name == "rank_chart":  # its top cell says how sure "first" is only where it can be said
            cells = [t.get_text() for ax in fig.axes for t in ax.texts]
            assert sum("first in" in c for c in cells) == 2 and not any("first in \u2013" in c for c in cells)


def test_the_notes_name_the_plotted_intervals_of_a_theme_raised_by_few_delegations(processed):
    """A theme fewer than a third of a group's delegations raised gets an interval that may be too narrow
    (docs/statistics.md): the dot plot's and the heatmap's notes name the group and theme; a figure without
    such a cell says nothing of it."""
    tables, prov = figures.read_inputs(processed)
    prev = tables["theme_prevalence"].copy()
    prev["concentrated"] = False
    for name in ("prevalence_dots", "prevalence_heatmap"):
        fig, _ = figures.draw(name, {**tables, "theme_prevalence": prev}, prov)
        text = next(t.get_text() for t in fig.texts if t.get_gid() == "figure-notes").replace("\n", " ")
        figures._close(fig)
        assert "fewer than a third" not in text
    row = prev.index[(prev["group"] == "African Group")][1]
    prev.loc[row, "concentrated"] = True
    short = prev.loc[row, "theme_short"]
    for name in ("prevalence_dots", "prevalence_heatmap"):
        fig, _ = figures.draw(name, {**tables, "theme_prevalence": prev}, prov)
        text = next(t.get_text() for t in fig.texts if t.get_gid() == "figure-notes").replace("\n", " ")
        figures._close(fig)
        assert "Raised by fewer than a third of the group's delegations" in text, name
        assert f"Africa: {short}." in text and "79-86%" in text, name


def test_two_runs_drawing_other_tables_into_one_figures_folder_take_turns(tmp_path, monkeypatch, capfd):
    """`figures --processed A --out F` and `figures --processed B --out F` would write F's files at once
    (each stage locked only its own tables' folder), leaving a mix of A's and B's figures: the second waits
    for the first, and says which run it waits for."""
    from analysis import pipeline

    out = tmp_path / "figures"
    out.mkdir()
    processed = write_processed(tmp_path / "b")
    monkeypatch.setattr(
        figures, "render_all", lambda folder, layout, warnings=None: {"x.csv": b"drawn from b\n"}
    )
    with another_run_writing(out) as (holder, release):  # the other run is drawing into the folder
        done = threading.Event()
        second = threading.Thread(target=lambda: (pipeline.figures_stage(processed, out), done.set()))
        second.start()
        assert not done.wait(1.0) and not (out / "x.csv").exists()
        release()
        assert done.wait(20)
        second.join()
    assert (out / "x.csv").read_text() == "drawn from b\n"
    said = capfd.readouterr().err
    assert f"another run is writing to {out.resolve()} (pid {holder.pid}: python -c)" in said
    assert said.rstrip().endswith("waiting for it to finish")


def _drawn(monkeypatch) -> list[str]:
    """figures.render_all replaced by a quick stand-in: the layouts it was asked to draw, in order."""
    layouts: list[str] = []

    def render_all(folder, layout, warnings=None):
        layouts.append(layout)
        return {"x.csv": f"drawn in {layout}\n".encode()}

    monkeypatch.setattr(figures, "render_all", render_all)
    return layouts


def test_the_figures_stage_draws_again_in_another_layout_into_the_same_folder(tmp_path, monkeypatch):
    """`figures --layout slides --out F`, then `--layout report --out F`: the report's figures, not the
    slides' left in F as "up to date"."""
    from analysis import pipeline

    processed, out, layouts = write_processed(tmp_path / "p"), tmp_path / "figures", _drawn(monkeypatch)
    for layout in ("default", "slides", "report", "report"):
        pipeline.figures_stage(processed, out, layout=layout)
    assert layouts == ["default", "slides", "report"]
    assert (out / "x.csv").read_text() == "drawn in report\n"


@pytest.mark.parametrize("name", ["provenance", "sessions", "validation"])
def test_the_figures_stage_draws_again_when_a_record_its_notes_are_drawn_from_changes(
    tmp_path, monkeypatch, name
):
    """Besides the tables, each figure's provenance is read from the code stage's provenance, the sessions
    (its source line) and the validation record (the sheet's file and SHA-256, `figures.read_inputs`): the
    same coded rows under another sheet's name correct the same shares, and the figures must not keep
    naming the old sheet."""
    from analysis import pipeline

    processed, out, layouts = write_processed(tmp_path / "p"), tmp_path / "figures", _drawn(monkeypatch)
    pipeline.figures_stage(processed, out)
    assert pipeline.figures_stage(processed, out).up_to_date
    with catalogue.path(processed, name).open("ab") as f:
        f.write(b" ")
    assert not pipeline.figures_stage(processed, out).up_to_date
    assert len(layouts) == 2


def test_the_source_line_counts_the_sessions_the_manifest_gives_no_date():
    """A session without a date lies outside the span the figure states: "4 sessions, 2025-03-11 to
    2025-05-20" read as if all four were held then, so the line says how many have no date."""
    sessions = pd.DataFrame(
        {
            "session_id": ["A", "B", "C", "D"],
            "group": ["African Group", "Arab Group", "African Group", "Arab Group"],
            "date": [None, "2025-03-11", "2025-05-20", None],
            "file": ["a.vtt", "b.pdf", "c.txt", "d.docx"],
            "sha256": ["0" * 64] * 4,
            "caveat": [None] * 4,
            "observers": [[]] * 4,
        }
    )
    src = figures.source(sessions)
    assert src["undated"] == 2
    assert style.source_text({"source": src}) == "Source: 4 sessions, 2025-03-11 to 2025-05-20 (2 undated)."
    assert style.source_text({"source": {**src, "first_date": None, "last_date": None}}) == (
        "Source: 4 sessions (2 undated)."
    )


def test_a_source_whose_sessions_have_no_dates_at_all_records_no_undated_count():
    """Dates are optional: where the manifest dates no session, no span is printed that could seem to hold
    them, so no "(N undated)" either, as `clean`'s notice says nothing then."""
    sessions = pd.DataFrame(
        {"session_id": ["A", "B"], "group": ["Arab Group"] * 2, "date": [None, None],
         "file": ["a.txt", "b.txt"], "sha256": ["0" * 64] * 2, "caveat": [None] * 2, "observers": [[]] * 2}
    )  # fmt: skip
    src = figures.source(sessions)
    assert "undated" not in src
    assert style.source_text({"source": src}) == "Source: 2 sessions."


def test_a_source_whose_sessions_all_have_dates_records_no_undated_count():
    """Every session dated (the bundled sample): the record and the line stay as they were."""
    sessions = pd.DataFrame(
        {"session_id": ["A"], "group": ["Arab Group"], "date": ["2024"], "file": ["a.txt"],
         "sha256": ["0" * 64], "caveat": [None], "observers": [[]]}
    )  # fmt: skip
    src = figures.source(sessions)
    assert "undated" not in src
    assert style.source_text({"source": src}) == "Source: 1 session, 2024."


def _notes(fig) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "figure-notes").replace("\n", " ")


def test_the_differences_chart_says_which_way_the_correction_turns_each_verdict(processed):
    """The note counted the diamonds only ('◇ at a panel's right edge (16)'): in the bundled sample all 16
    marked every filled bar, so no difference held on the corrected shares, yet a reader had to match
    diamonds to bars to learn it. The note says how many filled bars are not significant there and how
    many hollow ones are."""
    tables, prov = figures.read_inputs(processed)
    diff = tables["theme_differences"]
    rest = diff[diff["family"] == "vs_rest"].reset_index(drop=True)
    machine = rest["significant"].fillna(False).astype(bool)
    filled = list(machine[machine].index)
    hollow = list(machine[~machine].index)
    assert len(filled) >= 2 and len(hollow) >= 3, "the fixture should have filled and hollow bars"
    turned = rest.assign(significant=machine)
    turned.loc[filled[:1] + hollow[:3], "significant"] = ~machine[filled[:1] + hollow[:3]]
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=turned)
    notes = _notes(fig)
    figures._close(fig)
    assert f"1 of the {len(filled)} filled bars is not significant" in notes, notes
    assert "3 hollow bars are" in notes, notes

    lost_all = rest.assign(significant=False)
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=lost_all)
    notes = _notes(fig)
    figures._close(fig)
    assert f"{len(filled)} of the {len(filled)} filled bars are not significant" in notes, notes
    assert "no hollow bar is" in notes, notes


def test_the_differences_chart_names_a_theme_no_group_raised(processed):
    """A theme nobody raised has a difference of 0 with an interval from the rest's upper bound below 0 to
    the group's above (a thin group's reaching +17.5 points in a study of three delegations): drawn
    without a word, it read like a difference the data hinted at. The notes name the theme and say what
    its lines are; where every theme was raised they say nothing of it."""
    tables, prov = figures.read_inputs(processed)
    diff = tables["theme_differences"].copy()
    fig = plots.differences_chart(diff, provenance=prov)
    assert "No group raised" not in _notes(fig)
    figures._close(fig)
    first = diff["theme"].iloc[0]
    short = diff.loc[diff["theme"] == first, "theme_short"].iloc[0]
    nobody = diff["theme"] == first
    diff.loc[nobody, ["share_a", "share_b", "diff"]] = 0.0
    diff.loc[nobody, "significant"] = False
    fig = plots.differences_chart(diff, provenance=prov)
    notes = _notes(fig)
    figures._close(fig)
    assert f"No group raised {short}: its bars are 0" in notes, notes


def test_every_column_of_a_figures_csv_is_explained_in_the_catalogue(processed, tmp_path):
    """Someone citing a number from a figure's CSV looks its columns up in docs/catalogue.md. The
    differences chart's CSV has `group` (its rows' group_a) and `significant_corrected`, explained nowhere,
    beside `share_a` and `share_b`, whose meaning the catalogue left blank: which share is whose?"""
    from analysis import catalogue

    figures.make_all(processed, tmp_path)
    page = catalogue.markdown()
    unexplained = {}
    for name, figure in catalogue.FIGURES.items():
        listed = {c.name for t in (figure.table, *figure.also) for c in catalogue.TABLES[t].columns}
        listed |= {c.name for c in figure.columns}
        columns = pd.read_csv(tmp_path / f"{name}.csv", nrows=0).columns
        if missing := [c for c in columns if c not in listed]:
            unexplained[name] = missing
        for c in figure.columns:
            assert f"| `{c.name}` | {c.type}" in page and c.doc in page, (name, c.name)
    assert not unexplained, unexplained
    for table in ("theme_differences", "corrected_differences"):
        docs = {c.name: c.doc for c in catalogue.table(table).columns}
        assert docs["share_a"] and docs["share_b"], table


def test_the_correction_counts_only_the_filled_bars_it_could_judge(processed):
    """A group without a validation sample has no corrected verdict: '1 of the 36 filled bars is not
    significant there' would imply the others held, though some were never tested on corrected shares."""
    tables, prov = figures.read_inputs(processed)
    diff = tables["theme_differences"]
    rest = diff[diff["family"] == "vs_rest"].reset_index(drop=True)
    machine = rest["significant"].fillna(False).astype(bool)
    sampled = rest["group_a"] != rest.loc[machine, "group_a"].iloc[0]  # one group with filled bars: no sample
    turned = rest.assign(significant=machine)[sampled].copy()
    first = turned.index[turned["significant"]][0]
    turned.loc[first, "significant"] = False
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=turned)
    notes = _notes(fig)
    figures._close(fig)
    judged = int((machine & sampled).sum())
    assert judged < int(machine.sum())
    assert f"1 of the {judged} filled bars with a corrected verdict is not significant" in notes, notes
    data = plots.differences_chart_data(diff, turned)
    assert f"1 of the {judged} filled differences with a corrected verdict" in alt.alt_text(
        "differences_chart", data
    )


def test_a_heatmap_without_any_interval_is_drawn_not_a_traceback(processed):
    """A round of one delegation per group (two written submissions) has no interval in any cell: `run`
    and notebook 04 stopped in the heatmap with KeyError: 'lo' and a traceback."""
    tables, prov = figures.read_inputs(processed)
    prev = tables["theme_prevalence"].assign(ci_low=np.nan, ci_high=np.nan, n_delegations=1)
    fig = plots.prevalence_heatmap(prev, provenance=prov)
    cells = [t.get_text() for t in fig.axes[0].texts]
    assert cells and not any("[" in c for c in cells)  # shares alone, no bracket of an interval


def test_the_differences_chart_says_when_its_corrected_verdicts_rest_on_few_validated_sentences(processed):
    """Every diamond of the bundled sample turns a verdict on corrected shares from 13-17 validated sentences
    per group, and the chart did not say so: 'not significant there' read as the coder's errors undoing the
    difference, where the correction's intervals were rough. The notes (and the alternative text) say how
    many diamonds rest on a `few_validated` comparison; none where the sample is large enough."""
    from analysis.comparison.correction import FEW_VALIDATED

    tables, prov = figures.read_inputs(processed)
    diff = tables["theme_differences"]
    rest = diff[diff["family"] == "vs_rest"].reset_index(drop=True)
    machine = rest["significant"].fillna(False).astype(bool)
    turned = rest.assign(significant=machine, few_validated=False)
    flip = list(machine[machine].index[:2]) + list(machine[~machine].index[:1])
    turned.loc[flip, "significant"] = ~machine[flip]
    turned.loc[flip[:2], "few_validated"] = True  # a thin sample behind two of the three diamonds
    data = plots.differences_chart_data(diff, turned)
    assert int(data["few_validated_corrected"].sum()) == 2
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=turned)
    notes = _notes(fig)
    figures._close(fig)
    said = f"2 of the 3 \u25c7 rest on corrected shares from fewer than {FEW_VALIDATED} validated sentences"
    assert said in notes, notes
    assert f"2 of them rest on fewer than {FEW_VALIDATED} validated sentences" in alt.alt_text(
        "differences_chart", data
    )
    enough = turned.assign(few_validated=False)
    fig = plots.differences_chart(diff, provenance=prov, corrected_differences=enough)
    assert "validated sentences" not in _notes(fig)
    figures._close(fig)
