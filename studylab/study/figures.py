"""Figures of the study pages (plotly only): pure functions of the tables in :mod:`studylab.study.stats`."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

REVIEWED_COLOUR = "#1f5fa8"
DUE_COLOUR = "#b35900"
DESIRED_COLOUR = "#555b63"

DAY_MS = 86_400_000
MAX_WEEK_TICKS = 12
"""Up to this many weeks, each week's point gets its own date on the axis."""

_LAYOUT = {"height": 280, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}}


def build_history(per_day: pd.DataFrame) -> go.Figure:
    """Bars of the card reviews done on each past day (columns day, reviewed)."""
    figure = go.Figure()
    figure.add_bar(x=per_day["day"], y=per_day["reviewed"], name="Reviewed", marker_color=REVIEWED_COLOUR)
    figure.update_layout(**_LAYOUT, yaxis_title="reviews", showlegend=False)
    figure.update_xaxes(tickformat="%a %d %b")
    return figure


def build_forecast(forecast: pd.DataFrame) -> go.Figure:
    """Bars of the cards falling due on each coming day (columns day, due)."""
    figure = go.Figure()
    figure.add_bar(
        x=forecast["day"],
        y=forecast["due"],
        name="Due",
        marker_color=DUE_COLOUR,
        hovertemplate="%{x|%a %d %b}: %{y} card(s) due<extra></extra>",
    )
    figure.update_layout(**_LAYOUT, yaxis_title="cards due", showlegend=False)
    if len(forecast):  # a tick on today and every seventh day after it
        figure.update_xaxes(tick0=forecast["day"].iloc[0], dtick=7 * DAY_MS, tickformat="%a %d %b")
    figure.update_yaxes(rangemode="tozero", dtick=1 if int(forecast["due"].max() or 0) < 10 else None)
    return figure


def build_retention(weekly: pd.DataFrame, desired: float) -> go.Figure:
    """Measured retention per week (columns week, reviews, recalled, measured) against the desired retention."""
    figure = go.Figure()
    figure.add_scatter(
        x=weekly["week"],
        y=weekly["measured"],
        mode="lines+markers",
        name="Measured",
        line={"color": REVIEWED_COLOUR},
        customdata=weekly[["recalled", "reviews"]],
        hovertemplate="Week of %{x|%d %b}: %{y:.0%} (%{customdata[0]} of %{customdata[1]} reviews)<extra></extra>",
    )
    figure.add_hline(
        y=desired,
        line={"color": DESIRED_COLOUR, "dash": "dash"},
        annotation_text=f"Desired {desired:.0%}",
        annotation_position="bottom right",
    )
    figure.update_layout(**_LAYOUT, legend={"orientation": "h", "y": 1.12}, yaxis_title="recalled")
    figure.update_yaxes(range=[0, 1.05], tickformat=".0%")
    weeks = list(weekly["week"])
    figure.update_xaxes(tickformat="%d %b", tickvals=weeks if len(weeks) <= MAX_WEEK_TICKS else None)
    return figure
