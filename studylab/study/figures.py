"""Figures of the study pages (plotly only)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

REVIEWED_COLOUR = "#1f5fa8"
DUE_COLOUR = "#e07b00"


def build_calendar(calendar: pd.DataFrame) -> go.Figure:
    """Bars of reviews done per past day and cards due per coming day."""
    figure = go.Figure()
    figure.add_bar(x=calendar["day"], y=calendar["reviewed"], name="Reviewed", marker_color=REVIEWED_COLOUR)
    figure.add_bar(x=calendar["day"], y=calendar["due"], name="Due", marker_color=DUE_COLOUR)
    figure.update_layout(
        barmode="stack",
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.1},
        yaxis_title="cards",
    )
    return figure
