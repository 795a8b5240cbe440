"""The figures of the engine labs: plotly only, pure functions of their inputs.

The models beside this module run the engines (DuckDB, files, Delta Lake) and compute
DataFrames; these functions only draw what they are given, so the same inputs always give
an equal figure, and the faces cache the ones built from content (``studylab.ui.cache``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from studylab.content import palette

ARCHITECTURE_COLOURS = {"warehouse": palette.BLUE, "lake": palette.ORANGE, "lakehouse": palette.GREEN}
"""The three architectures, wherever they are compared."""
ARM_COLOURS = {"governed": palette.GREEN, "ungoverned": palette.RED}
"""The two arms of the swamp simulation."""

CHART_KINDS = ("line", "bar")
"""Chart types an example query may ask for (``data/wh_queries.csv``)."""

_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}


def build_query_chart(frame: pd.DataFrame, spec: pd.Series) -> go.Figure | None:
    """The example query's chart (``spec``: chart, x, y, color), if the result still has the columns it names."""
    x, y, color = (spec.get(k) if isinstance(spec.get(k), str) else None for k in ("x", "y", "color"))
    if spec.get("chart") not in CHART_KINDS or not x or not y or {x, y} - set(frame.columns):
        return None
    colour = color if color in frame.columns else None
    data = frame.assign(**{colour: frame[colour].astype(str)}) if colour else frame
    draw = px.line if spec["chart"] == "line" else px.bar
    kwargs: dict[str, Any] = {"markers": True} if spec["chart"] == "line" else {"barmode": "group"}
    figure = draw(data, x=x, y=y, color=colour, **kwargs)
    figure.update_layout(height=340, margin=_MARGIN, legend_title_text=colour or "")
    return figure


def build_lake_report_figure(
    reported: Sequence[tuple[str, float]], sold: Sequence[tuple[str, float]], labels: tuple[str, str]
) -> go.Figure:
    """Monthly revenue as the lake report shows it (bars) against what was sold (line); each a (month, revenue) list.

    ``labels`` names the two series (the report's, the truth's).
    """
    figure = go.Figure()
    figure.add_bar(
        x=[month for month, _ in reported],
        y=[revenue for _, revenue in reported],
        name=labels[0],
        marker_color=ARCHITECTURE_COLOURS["lake"],
    )
    figure.add_scatter(
        x=[month for month, _ in sold],
        y=[revenue for _, revenue in sold],
        name=labels[1],
        mode="lines+markers",
        line_color=ARCHITECTURE_COLOURS["warehouse"],
    )
    figure.update_layout(height=320, margin=_MARGIN, yaxis_title="revenue", legend={"orientation": "h", "y": 1.15})
    return figure


def build_swamp_figure(sim: pd.DataFrame, metric: str, title: str) -> go.Figure:
    """One metric of the swamp simulation over the months, a line per arm."""
    figure = go.Figure()
    for arm, colour in ARM_COLOURS.items():
        part = sim[sim["arm"] == arm]
        figure.add_scatter(x=part["month"], y=part[metric], name=arm, mode="lines", line_color=colour)
    figure.update_layout(
        title=title,
        height=260,
        margin={**_MARGIN, "t": 40},
        xaxis_title="month",
        legend={"orientation": "h", "y": -0.3},
        title_font_size=14,
    )
    return figure


def build_stack_figure(scores: Sequence[tuple[str, float]]) -> go.Figure:
    """The stack's scores as horizontal bars, 0-100 %, in the order given; each a (label, score) pair."""
    figure = go.Figure(
        go.Bar(
            x=[value for _, value in scores],
            y=[label for label, _ in scores],
            orientation="h",
            marker_color=palette.BLUE,
            text=[f"{value:.0f} %" for _, value in scores],
            textposition="auto",
        )
    )
    figure.update_layout(height=220, margin={**_MARGIN, "t": 10}, xaxis_range=[0, 100], yaxis_autorange="reversed")
    return figure
