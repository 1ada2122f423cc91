"""One function per report figure, by name: what `figures.make_all` draws and saves.

Each entry is (figure function, data function): the first takes the stage table
and returns a Figure, the second gives exactly the numbers that figure draws.
The figures themselves live in `heatmaps` and `charts`; the house style in `style`.
"""

from __future__ import annotations

from analysis.report.charts import (
    differences_chart,
    differences_chart_data,
    distinctive_terms,
    distinctive_terms_data,
    prevalence_dots,
    prevalence_dots_data,
)
from analysis.report.heatmaps import (
    cooccurrence_matrix,
    cooccurrence_matrix_data,
    prevalence_heatmap,
    prevalence_heatmap_data,
    rank_agreement_matrix,
    rank_agreement_matrix_data,
    rank_chart,
    rank_chart_data,
)
from analysis.report.style import (
    GROUP_COLOURS,
    STYLE,
    TOP_TERMS,
    add_footer,
    caption,
    group_colour,
    group_label,
    house_style,
    provenance_text,
    styled,
    thin_groups,
)

FIGURES = {
    "prevalence_heatmap": (prevalence_heatmap, prevalence_heatmap_data),
    "prevalence_dots": (prevalence_dots, prevalence_dots_data),
    "distinctive_terms": (distinctive_terms, distinctive_terms_data),
    "rank_chart": (rank_chart, rank_chart_data),
    "cooccurrence_matrix": (cooccurrence_matrix, cooccurrence_matrix_data),
    "differences_chart": (differences_chart, differences_chart_data),
    "rank_agreement_matrix": (rank_agreement_matrix, rank_agreement_matrix_data),
}

__all__ = [
    *FIGURES,
    *(f"{n}_data" for n in FIGURES),
    "FIGURES",
    "GROUP_COLOURS",
    "STYLE",
    "TOP_TERMS",
    "add_footer",
    "caption",
    "group_colour",
    "group_label",
    "house_style",
    "provenance_text",
    "styled",
    "thin_groups",
]
