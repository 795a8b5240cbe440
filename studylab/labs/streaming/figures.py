"""The streaming figures: plotly only, each a pure function of the runs and settings it is given.

The face caches them per input (``studylab.ui.cache``); nothing here reads streamlit or the
content tables, so the same inputs always give an equal figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from studylab.content import palette
from studylab.labs.streaming.dataflow import DataflowConfig, DataflowRun
from studylab.labs.streaming.lambda_kappa import KappaConfig, KappaRun, LambdaRun

COLOURS = palette.STREAM
MAX_POINTS = 3000
"""At most this many events are drawn in the event-time plot (an even sample beyond that); SVG, not
WebGL, so the watermark and panes stay drawn on top of the dots."""
LOG_FLOOR = 0.05
"""Latencies below this are drawn at it on the trade-off chart's log axis."""
LOG_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
"""Tick values of log-scale axes (plotly's default minor labels crowd a small chart)."""


def build_event_time_figure(
    run: DataflowRun, events: pd.DataFrame, key: int, config: DataflowConfig, label: str
) -> go.Figure:
    """Event time (x) against processing time (y) for one key: events, windows, watermark and panes."""
    fig = go.Figure()
    mine = run.assignments[run.assignments["key"] == key]
    status = mine.assign(code=mine["status"].cat.codes).groupby("offset")["code"].max()
    points = events.set_index("offset").loc[status.index]
    points = points.assign(status=status.to_numpy())
    if len(points) > MAX_POINTS:
        points = points.iloc[np.linspace(0, len(points) - 1, MAX_POINTS).astype(int)]
    x_max = float(events["event_time"].max()) if len(events) else 1.0
    y_max = float(events["processing_time"].max()) if len(events) else 1.0

    windows = run.windows[run.windows["key"] == key]
    if config.window != "sliding":
        for i, (start, end) in enumerate(zip(windows["window_start"], windows["window_end"], strict=True)):
            if config.window == "session" or i % 2 == 0:
                fig.add_vrect(
                    x0=start, x1=end, fillcolor=palette.WINDOW_BAND, opacity=0.15, line_width=0, layer="below"
                )
    fig.add_trace(
        go.Scatter(
            x=[0, x_max],
            y=[0, x_max],
            mode="lines",
            line={"color": palette.GUIDE, "dash": "dot", "width": 1},
            name="no delay",
            hoverinfo="skip",
        )
    )
    names = {0: "on time", 1: "late, counted", 2: "late, dropped"}
    for code, name in names.items():
        part = points[points["status"] == code]
        fig.add_trace(
            go.Scatter(
                x=part["event_time"],
                y=part["processing_time"],
                mode="markers",
                name=name,
                marker={
                    "size": 5 if code == 0 else 8,
                    "symbol": "x" if code == 2 else "circle",
                    "color": COLOURS[("on_time", "late", "dropped")[code]],
                    "opacity": 0.55 if code == 0 else 0.9,
                },
                customdata=part["value"],
                hovertemplate="event %{x:.2f}, arrived %{y:.2f}, value %{customdata}<extra></extra>",
            )
        )
    mark = run.watermark
    changed = np.flatnonzero(np.diff(mark["watermark"].to_numpy(), prepend=-np.inf) != 0)
    if len(changed) > MAX_POINTS:
        changed = changed[np.linspace(0, len(changed) - 1, MAX_POINTS).astype(int)]
    wm = mark.iloc[changed]
    wm_x = np.clip(wm["watermark"].to_numpy(), 0.0, x_max)
    fig.add_trace(
        go.Scatter(
            x=np.append(wm_x, x_max),
            y=np.append(wm["processing_time"].to_numpy(), y_max),
            mode="lines",
            line={"color": COLOURS["watermark"], "width": 2, "shape": "vh"},
            name="watermark",
            hovertemplate="watermark %{x:.2f} at %{y:.2f}<extra></extra>",
        )
    )
    panes = run.panes[run.panes["key"] == key]
    for timing, name in (("early", "early pane"), ("on_time", "on-time pane"), ("late", "late pane")):
        part = panes[panes["timing"] == timing]
        if part.empty:
            continue
        xs = np.column_stack([part["window_start"], part["window_end"], np.full(len(part), np.nan)]).ravel()
        ys = np.repeat(part["fire_time"].to_numpy(), 3)
        colour = COLOURS["served"] if timing == "on_time" else COLOURS[timing]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 3}, name=name, hoverinfo="skip")
        )
        show_text = len(panes) <= 150
        fig.add_trace(
            go.Scatter(
                x=(part["window_start"] + part["window_end"]) / 2,
                y=part["fire_time"],
                mode="text+markers" if show_text else "markers",
                text=part["emitted"].astype(str),
                textposition="top center",
                textfont={"size": 10, "color": colour},
                marker={"size": 4, "color": colour},
                showlegend=False,
                customdata=np.column_stack([part["window_start"], part["window_end"], part["total"]]),
                hovertemplate=(
                    f"{name}: window %{{customdata[0]:.1f}}–%{{customdata[1]:.1f}}, fired %{{y:.2f}}<br>"
                    "carries %{text} (running total %{customdata[2]})<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        height=600,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.12, "x": 0},
        xaxis_title="Event time: when it happened (min)",
        yaxis_title="Processing time: when it arrived (min)",
        title={"text": f"{label.capitalize()} {key + 1}: events, watermark and panes", "font": {"size": 14}},
    )
    fig.update_xaxes(range=[0, x_max * 1.01])
    return fig


def build_tradeoff_figure(tradeoff: pd.DataFrame, config: DataflowConfig, metrics: dict[str, float]) -> go.Figure:
    """On-time completeness against latency, one point per watermark; the current run is a star."""
    fig = go.Figure()
    heuristic = tradeoff[tradeoff["watermark"] != "perfect"]
    perfect = tradeoff[tradeoff["watermark"] == "perfect"]
    fig.add_trace(
        go.Scatter(
            x=heuristic["latency_min"].clip(lower=LOG_FLOOR),
            y=heuristic["on_time_completeness_pct"],
            mode="lines+markers+text",
            text=heuristic["watermark"],
            textposition="bottom right",
            textfont={"size": 10},
            name="heuristic",
            line={"color": COLOURS["watermark"]},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=perfect["latency_min"].clip(lower=LOG_FLOOR),
            y=perfect["on_time_completeness_pct"],
            mode="markers+text",
            text=["perfect"],
            textposition="bottom left",
            name="perfect",
            marker={"size": 10, "color": COLOURS["served"], "symbol": "diamond"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[max(metrics["latency_min"], LOG_FLOOR)],
            y=[metrics["on_time_completeness_pct"]],
            mode="markers",
            name="this run",
            marker={"size": 16, "color": COLOURS["dropped"], "symbol": "star"},
        )
    )
    fig.update_layout(
        title={"text": "What a watermark trades", "font": {"size": 14}},
        height=360,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        showlegend=False,
        xaxis={
            "title": "Latency (min, log scale)",
            "type": "log",
            "tickvals": LOG_TICKS,
        },
        yaxis_title="Complete at on-time pane (%)",
    )
    return fig


def build_lambda_figure(run: LambdaRun, at: float) -> go.Figure:
    """Error (top) and data age (bottom) over processing time, with batch publications marked."""
    t = run.timeline
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.06)
    lines = (
        ("served_error_pct", "served (batch view + speed)", COLOURS["served"], "solid", 3),
        ("batch_only_error_pct", "batch view alone", COLOURS["batch"], "dash", 2),
        ("speed_only_error_pct", "speed layer alone", COLOURS["speed"], "dot", 2),
    )
    for column, name, colour, dash, width in lines:
        fig.add_trace(
            go.Scatter(x=t["time"], y=t[column], name=name, line={"color": colour, "dash": dash, "width": width}),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Scatter(
            x=t["time"],
            y=t["batch_staleness"],
            name="batch view staleness",
            line={"color": COLOURS["batch"], "dash": "dash"},
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(x=t["time"], y=t["served_staleness"], name="served staleness", line={"color": COLOURS["served"]}),
        row=2,
        col=1,
    )
    for published in run.runs["published"]:
        fig.add_vline(x=published, line={"color": palette.MARKER_LINE, "dash": "dot", "width": 1})
    fig.add_vline(x=at, line={"color": palette.CURSOR, "width": 1})
    # The batch view alone is far off until its first run; cap the axis so the served curve stays readable.
    top = max(10.0, 1.3 * float(max(t["served_error_pct"].max(), t["speed_only_error_pct"].max())))
    fig.update_yaxes(title_text="error (%)", row=1, col=1, range=[0, top])
    fig.update_yaxes(title_text="staleness (min)", row=2, col=1, rangemode="tozero")
    fig.update_xaxes(title_text="Processing time (min)", row=2, col=1)
    fig.update_layout(height=520, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h", "y": 1.08})
    return fig


def build_windows_figure(frame: pd.DataFrame, layers: tuple[str, ...], title: str) -> go.Figure:
    """The truth per window as bars, and each layer's answer as markers (windows where all are 0 are left out)."""
    frame = frame[frame[["truth", *layers]].to_numpy().any(axis=1)]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=frame["window_start"], y=frame["truth"], name="truth", marker_color=COLOURS["truth"]))
    symbols = {"batch": "square", "speed": "circle", "served": "diamond", "old": "x", "new": "diamond"}
    for layer in layers:
        fig.add_trace(
            go.Scatter(
                x=frame["window_start"],
                y=frame[layer],
                mode="markers",
                name=layer,
                marker={"color": COLOURS[layer], "symbol": symbols[layer], "size": 9},
            )
        )
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=330,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": 1.12, "x": 0.4},
        xaxis_title="Window start (event time, min)",
        yaxis_title="sum of values",
    )
    return fig


def build_kappa_figure(run: KappaRun, config: KappaConfig) -> go.Figure:
    """Offsets over time (head, oldest retained, new job position) and the served error."""
    t = run.timeline
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35], vertical_spacing=0.06)
    fig.add_trace(
        go.Scatter(
            x=t["time"],
            y=t["earliest"],
            name="deleted by retention",
            fill="tozeroy",
            line={"color": COLOURS["dropped"], "width": 1},
            fillcolor=palette.RETENTION_FILL,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(go.Scatter(x=t["time"], y=t["head"], name="log head", line={"color": palette.CURSOR}), row=1, col=1)
    fig.add_trace(
        go.Scatter(x=t["time"], y=t["position"], name="new job position", line={"color": COLOURS["new"], "width": 3}),
        row=1,
        col=1,
    )
    caught = run.metrics["caught_up_at"]
    fig.add_vline(x=config.deploy_min, line={"color": palette.MARKER_LINE, "dash": "dot"})
    if np.isfinite(caught):
        fig.add_vline(x=caught, line={"color": COLOURS["new"], "dash": "dot"})
    fig.add_trace(
        go.Scatter(x=t["time"], y=t["served_error_pct"], name="served error (%)", line={"color": COLOURS["old"]}),
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text="offset", row=1, col=1)
    fig.update_yaxes(title_text="error (%)", row=2, col=1, rangemode="tozero")
    fig.update_xaxes(title_text="Processing time (min)", row=2, col=1)
    fig.update_layout(height=520, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h", "y": 1.08})
    return fig


def build_catch_up_figure(curve: pd.DataFrame, speedup: float, catch_up: float) -> go.Figure:
    """Catch-up minutes against replay speed, for the retained log and for a log that keeps everything."""
    fig = go.Figure()
    for log, colour in (("retained", COLOURS["new"]), ("everything", COLOURS["batch"])):
        part = curve[curve["log"] == log]
        events = int(part["log_events"].iloc[0]) if len(part) else 0
        name = f"retained log ({events:,} events)" if log == "retained" else f"whole history ({events:,} events)"
        fig.add_trace(go.Scatter(x=part["speedup"], y=part["catch_up_min"], name=name, line={"color": colour}))
    fig.add_trace(
        go.Scatter(
            x=[speedup],
            y=[catch_up],
            mode="markers",
            name="this run",
            marker={"size": 14, "symbol": "star", "color": COLOURS["dropped"]},
        )
    )
    fig.update_layout(
        title={"text": "Catch-up time: log size and replay speed", "font": {"size": 14}},
        height=380,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        xaxis_title="Replay speed (x input rate)",
        yaxis={"title": "catch-up (min, log scale)", "type": "log", "tickvals": LOG_TICKS},
    )
    return fig
