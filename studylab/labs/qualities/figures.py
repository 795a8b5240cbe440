"""The figures of the principles and system-qualities labs: plotly only, pure functions of their inputs.

The models beside this module compute (DataFrames, graphs, layouts); these functions only
draw what they are given, so the same inputs always give an equal figure, and the face
caches them per input (``studylab.ui.cache``).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from studylab.content import palette
from studylab.labs.qualities.availability import format_duration
from studylab.labs.qualities.coupling import LEGACY, NEW, Coupling, layered_positions
from studylab.labs.qualities.elasticity import POLICY_NAMES, PolicyKind
from studylab.labs.qualities.principles import FRAMEWORKS, principle_positions, rank


def build_principle_figure(graph: nx.Graph, selected: str | None = None) -> go.Figure:
    """The map of the three lists; the selected principle, its links and counterparts stand out.

    Each node carries its id as ``customdata`` so a click on it can select it.
    """
    positions = principle_positions(graph)
    near = set(graph.neighbors(selected)) | {selected} if selected in graph else set(graph.nodes)
    figure = go.Figure()
    for highlight in (False, True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in graph.edges:
            if (selected in (a, b)) == highlight:
                xs += [positions[a][0], positions[b][0], None]
                ys += [positions[a][1], positions[b][1], None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": palette.BLUE if highlight else palette.PALE_EDGE, "width": 3 if highlight else 1.5},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for framework, label in FRAMEWORKS.items():
        nodes = sorted(
            (n for n, d in graph.nodes(data=True) if d["framework"] == framework), key=lambda n: rank(graph, n)
        )
        figure.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers+text",
                name=label,
                text=[graph.nodes[n]["name"] for n in nodes],
                textposition="middle left" if framework == "authors" else "middle right",
                textfont={"color": [palette.INK if n in near else palette.MUTED_INK for n in nodes], "size": 13},
                customdata=nodes,
                hovertext=[f"{label}: {graph.nodes[n]['name']}" for n in nodes],
                hoverinfo="text",
                marker={
                    "color": palette.FRAMEWORK[framework],
                    "size": [22 if n == selected else 14 for n in nodes],
                    "opacity": [1.0 if n in near else 0.35 for n in nodes],
                    "line": {"color": palette.INK, "width": [2 if n == selected else 0 for n in nodes]},
                },
            )
        )
    figure.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-1.15, 2.1], "fixedrange": True},
        yaxis={"visible": False, "range": [-0.08, 1.08], "fixedrange": True},
        legend={"orientation": "h", "y": -0.02, "x": 0.3},
        plot_bgcolor=palette.WHITE,
        clickmode="event+select",
    )
    return figure


def build_elasticity_figure(runs: dict[PolicyKind, pd.DataFrame]) -> go.Figure:
    """Capacity against load, requests lost and the latency proxy, one line per policy."""
    figure = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.07,
        row_heights=[0.5, 0.25, 0.25],
        subplot_titles=("Load and capacity (requests per minute)", "Requests dropped per minute", "Latency proxy (s)"),
    )
    first = next(iter(runs.values()))
    hours = first["minute"] / 60
    figure.add_trace(
        go.Scatter(x=hours, y=first["load"], name="Load", fill="tozeroy", line={"color": palette.NEUTRAL, "width": 1}),
        row=1,
        col=1,
    )
    for kind, run in runs.items():
        # Scale to zero is dashed: where load never reaches zero it matches the autoscaler exactly.
        style = {"color": palette.POLICY[kind], "width": 2, "dash": "dash" if kind == "scale_to_zero" else "solid"}
        name = POLICY_NAMES[kind]
        figure.add_trace(
            go.Scatter(x=hours, y=run["capacity"], name=name, legendgroup=kind, line={**style, "shape": "hv"}),
            row=1,
            col=1,
        )
        figure.add_trace(
            go.Scatter(x=hours, y=run["dropped"], name=name, legendgroup=kind, showlegend=False, line=style),
            row=2,
            col=1,
        )
        figure.add_trace(
            go.Scatter(x=hours, y=run["latency_s"], name=name, legendgroup=kind, showlegend=False, line=style),
            row=3,
            col=1,
        )
    figure.update_yaxes(type="log", dtick=1, row=3, col=1)
    figure.update_xaxes(title_text="hours from midnight", row=3, col=1)
    figure.update_layout(
        height=640,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.06, "x": 0},
        hovermode="x unified",
    )
    return figure


def build_cost_figure(summary: pd.DataFrame) -> go.Figure:
    """Cost per policy as bars."""
    colours = [palette.POLICY[kind] for kind in POLICY_NAMES if POLICY_NAMES[kind] in set(summary["policy"])]
    figure = go.Figure(
        go.Bar(
            x=summary["policy"],
            y=summary["cost"],
            marker_color=colours,
            text=[f"{cost:,.2f}" for cost in summary["cost"]],
            textposition="outside",
        )
    )
    figure.update_layout(
        height=260,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": "Cost for the period", "font": {"size": 14}},
        yaxis_title="cost",
    )
    return figure


def build_downtime_figure(monthly: pd.DataFrame, expected_hours: float) -> go.Figure:
    """Simulated downtime per month as bars, with the formula's expectation as a line."""
    figure = go.Figure(go.Bar(x=monthly["month"] + 1, y=monthly["hours"], name="simulated", marker_color=palette.BLUE))
    figure.add_hline(
        y=expected_hours,
        line={"color": palette.RED, "dash": "dash"},
        annotation_text=f"formula: {format_duration(expected_hours)} a month",
        annotation_position="top left",
        annotation_bgcolor="rgba(255,255,255,0.85)",
    )
    figure.update_layout(
        height=280,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title="month of the simulation",
        yaxis_title="hours down",
        showlegend=False,
    )
    return figure


def build_tiers_figure(table: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Downtime a year per design (``tiers.compare_tiers``) as bars on a log scale, shortest best.

    Single-tier designs are grey, multitier ones blue; each bar is labelled with its shown downtime.
    """
    hours = table["downtime_hours"].clip(lower=1e-6)
    colours = [palette.MUTED_INK if d in ("single", "failover") else palette.BLUE for d in table["design"]]
    figure = go.Figure(
        go.Bar(
            y=[labels.get(d, d) for d in table["design"]],
            x=hours,
            orientation="h",
            marker_color=colours,
            text=[f"{text} ({percent})" for text, percent in zip(table["downtime"], table["percent"], strict=True)],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        height=60 + 45 * len(table),
        margin={"l": 10, "r": 140, "t": 30, "b": 10},
        title={"text": "Downtime a year: the shorter the bar, the more available", "font": {"size": 14}},
        xaxis={"type": "log", "title": "hours down a year (log scale)"},
        yaxis={"autorange": "reversed"},
        showlegend=False,
    )
    return figure


def build_year_figure(year: pd.DataFrame) -> go.Figure:
    """A year of days as a week-by-weekday grid: green where the job met its standard, red where not."""
    days = len(year)
    weeks = -(-days // 7)
    grid: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    hover = [[""] * weeks for _ in range(7)]
    for row in year.itertuples():
        week, weekday = divmod(int(row.day), 7)
        grid[weekday][week] = 1 if row.met_standard else 0
        reason = "met the standard" if row.met_standard else ("input late" if not row.input_on_time else "service down")
        hover[weekday][week] = f"day {row.day + 1}: {reason}"
    figure = go.Figure(
        go.Heatmap(
            z=grid,
            text=hover,
            hoverinfo="text",
            colorscale=[[0, palette.MISSED], [1, palette.MET]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=190,
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        xaxis={"title": "week", "showgrid": False},
        yaxis={"tickvals": list(range(7)), "ticktext": [f"day {d + 1}" for d in range(7)], "autorange": "reversed"},
    )
    return figure


def build_service_figure(
    graph: nx.DiGraph,
    states: pd.DataFrame,
    coupling: Coupling = "tight",
    units: dict[str, str] | None = None,
) -> go.Figure:
    """The service graph, callers above callees, nodes coloured by state.

    Calls that carry failures under this coupling are solid; decoupled calls are dotted.
    """
    positions = layered_positions(graph)
    figure = go.Figure()
    units = units or {}
    for carries, dash, label in ((True, "solid", "call that spreads a failure"), (False, "dot", "decoupled call")):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, data in graph.edges(data=True):
            spreads = coupling == "tight" or data["essential"] or (a in units and units.get(a) == units.get(b))
            if spreads == carries:
                (x0, y0), (x1, y1) = positions[a], positions[b]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": palette.EDGE, "width": 2, "dash": dash},
                name=label,
                hoverinfo="skip",
            )
        )
        # Arrow heads at three quarters of each edge, pointing at the callee.
        for a, b, data in graph.edges(data=True):
            spreads = coupling == "tight" or data["essential"] or (a in units and units.get(a) == units.get(b))
            if spreads == carries:
                (x0, y0), (x1, y1) = positions[a], positions[b]
                figure.add_annotation(
                    x=x0 + 0.7 * (x1 - x0),
                    y=y0 + 0.7 * (y1 - y0),
                    ax=x0 + 0.55 * (x1 - x0),
                    ay=y0 + 0.55 * (y1 - y0),
                    xref="x",
                    yref="y",
                    axref="x",
                    ayref="y",
                    showarrow=True,
                    arrowhead=2,
                    arrowsize=1.2,
                    arrowcolor=palette.EDGE,
                    text="",
                )
    by_state = states.set_index("service")["state"]
    for state, colour in palette.SERVICE_STATE.items():
        nodes = [n for n in graph.nodes if by_state.get(n, "ok") == state]
        if not nodes:
            continue
        figure.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers+text",
                marker={
                    "size": 30,
                    "color": colour,
                    "symbol": ["square" if graph.nodes[n]["kind"] == "datastore" else "circle" for n in nodes],
                    "line": {"color": palette.WHITE, "width": 2},
                },
                text=[graph.nodes[n]["name"] for n in nodes],
                textposition="bottom center",
                customdata=nodes,
                hovertext=[f"{graph.nodes[n]['name']} ({graph.nodes[n]['domain']}): {state}" for n in nodes],
                hoverinfo="text",
                name=state,
            )
        )
    figure.update_layout(
        height=440,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-0.8, max(p[0] for p in positions.values()) + 0.8]},
        yaxis={"visible": False, "range": [min(p[1] for p in positions.values()) - 0.6, 0.4]},
        legend={"orientation": "h", "y": -0.02},
        plot_bgcolor=palette.WHITE,
    )
    return figure


def build_routing_figure(routes: pd.DataFrame, routing: dict[str, str]) -> go.Figure:
    """Traffic through the facade to the legacy or new system, as a Sankey diagram."""
    labels = ["Facade", *routes["route"], "Legacy system", "New system"]
    facade, legacy, new = 0, len(labels) - 2, len(labels) - 1
    sources, targets, values, colours = [], [], [], []
    for index, row in enumerate(routes.itertuples(), start=1):
        system = routing.get(row.id, LEGACY)
        colour = palette.ROUTE_NEW if system == NEW else palette.ROUTE_LEGACY
        sources += [facade, index]
        targets += [index, new if system == NEW else legacy]
        values += [row.traffic_share, row.traffic_share]
        colours += [colour, colour]
    node_colours = [palette.EDGE, *[palette.NEUTRAL] * len(routes), palette.PURPLE, palette.BLUE]
    figure = go.Figure(
        go.Sankey(
            node={"label": labels, "color": node_colours, "pad": 14, "thickness": 16},
            textfont={"color": palette.INK, "size": 13},
            link={"source": sources, "target": targets, "value": values, "color": colours},
            valueformat=".0f",
            valuesuffix="% of traffic",
        )
    )
    figure.update_layout(height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10}, font={"size": 13})
    return figure


def build_risk_figure(plan: pd.DataFrame, big_bang: float) -> go.Figure:
    """Risk-weighted traffic exposed at each strangler step against one big-bang switch."""
    steps = plan[plan["step"] > 0]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=[f"{step}. {name}" for step, name in zip(steps["step"], steps["name"], strict=True)],
            y=steps["at_risk"],
            name="strangler step",
            marker_color=palette.BLUE,
        )
    )
    figure.add_trace(go.Bar(x=["big bang"], y=[big_bang], name="big-bang switch", marker_color=palette.RED))
    figure.update_layout(
        height=280,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis_title="risk-weighted % of traffic",
        title={"text": "What a failed step puts at risk", "font": {"size": 14}},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure
