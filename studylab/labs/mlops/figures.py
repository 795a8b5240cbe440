"""Plotly figures of the MLOps simulations and the roles graph.

Every ``build_*`` function is pure: equal inputs (frozen settings and the DataFrames the
models return) give an equal figure, so a face can cache them. No streamlit here.
"""

from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from studylab.labs.mlops.drift import CHANCE_ACCURACY, POLICY_NAMES, Environment, Monitoring, Policy
from studylab.labs.mlops.registry import OUTCOMES
from studylab.labs.mlops.roles import NEED, ROLE, layout_positions, nodes_of

POLICY_COLOURS: dict[Policy, str] = {"never": "#c0392b", "schedule": "#2471a3", "on_alert": "#1e8449"}
"""One colour per policy, the same in every figure."""

POLICY_DASHES: dict[Policy, str] = {"never": "solid", "schedule": "dash", "on_alert": "solid"}
"""Line style per policy: where two policies give the same accuracy, the dashed line shows through."""


# --- Risk: drift ---


def build_drift_figure(frame: pd.DataFrame, monitoring: Monitoring, environment: Environment) -> go.Figure:
    """Input shift on top; below, production accuracy per policy with retrainings and the threshold."""
    figure = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.25, 0.75],
        vertical_spacing=0.12,
        subplot_titles=("Input data: shift from the deployment day", "Accuracy in production"),
    )
    first = frame[frame["policy"] == frame["policy"].iloc[0]]
    figure.add_trace(
        go.Scatter(
            x=first["month"],
            y=first["shift"],
            name="Input shift",
            line={"color": "#7d3c98"},
            hovertemplate="month %{x:.1f}: shift %{y:.2f} sd<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    for policy, part in frame.groupby("policy", sort=False):
        colour = POLICY_COLOURS[policy]
        name = POLICY_NAMES[policy]
        figure.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["accuracy"],
                name=name,
                legendgroup=policy,
                line={"color": colour, "width": 2, "dash": POLICY_DASHES[policy]},
                hovertemplate=f"{name}<br>month %{{x:.1f}}: %{{y:.1%}}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        retrains = part[part["retrained"]]
        figure.add_trace(
            go.Scatter(
                x=retrains["month"],
                y=retrains["accuracy"],
                mode="markers",
                name=f"{name}: retrained",
                legendgroup=policy,
                showlegend=False,
                marker={"symbol": "triangle-up", "size": 9, "color": colour, "line": {"color": "white", "width": 1}},
                hovertemplate=f"{name}: new model live, month %{{x:.1f}}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    if environment.differs:
        figure.add_trace(
            go.Scatter(
                x=first["month"],
                y=first["offline"],
                name="Never retrain, as the training environment sees it",
                line={"color": POLICY_COLOURS["never"], "dash": "dot", "width": 2},
                hovertemplate="training environment: %{y:.1%}<extra></extra>",
            ),
            row=2,
            col=1,
        )
        figure.add_vline(x=environment.change_month, line={"color": "#555", "dash": "dash"}, row=2, col=1)
        figure.add_annotation(
            x=environment.change_month,
            y=1.0,
            yref="y2 domain",
            text="production environment changes",
            showarrow=False,
            xanchor="left",
            font={"size": 11},
        )
    figure.add_hline(
        y=monitoring.threshold,
        line={"color": "#333", "dash": "dash", "width": 1},
        annotation_text=f"alert threshold {monitoring.threshold:.0%}",
        annotation_position="bottom left",
        row=2,
        col=1,
    )
    figure.update_yaxes(title_text="sd", row=1, col=1)
    figure.update_yaxes(title_text="accuracy", tickformat=".0%", range=[CHANCE_ACCURACY - 0.02, 1.0], row=2, col=1)
    figure.update_xaxes(title_text="months since deployment", row=2, col=1)
    figure.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
    )
    return figure


# --- Scale: the registry ---


def build_fleet_figure(fleet: pd.DataFrame) -> go.Figure:
    """Promotion outcomes per round as stacked bars."""
    figure = go.Figure()
    for key, (label, colour) in OUTCOMES.items():
        figure.add_trace(
            go.Bar(
                x=fleet["round"],
                y=fleet[key],
                name=label,
                marker_color=colour,
                hovertemplate=f"round %{{x}}: %{{y}} {label.lower()}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=330,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title="retraining round",
        yaxis_title="models",
        legend={"orientation": "h", "y": -0.25},
        title={"text": "What the promotion rule decided, each round", "font": {"size": 14}},
    )
    return figure


def build_quality_figure(fleet: pd.DataFrame, base_accuracy: float) -> go.Figure:
    """Mean true quality of the champions and mean production accuracy, with broken models on a second axis."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=fleet["round"],
            y=fleet["quality"],
            name="Mean model quality",
            line={"color": "#2471a3", "width": 2},
            hovertemplate="round %{x}: %{y:.2%}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=fleet["round"],
            y=fleet["production"],
            name="Mean accuracy in production",
            line={"color": "#7d3c98", "width": 2, "dash": "dot"},
            hovertemplate="round %{x}: %{y:.2%}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=fleet["round"],
            y=fleet["broken"],
            name="Broken models",
            yaxis="y2",
            marker_color="rgba(192,57,43,0.25)",
            hovertemplate="round %{x}: %{y} broken<extra></extra>",
        )
    )
    figure.add_hline(y=base_accuracy, line={"color": "#555", "dash": "dash", "width": 1})
    figure.update_layout(
        height=330,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title="retraining round",
        yaxis={"title": "accuracy", "tickformat": ".1%"},
        yaxis2={
            "title": "broken models",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "tickformat": "d",
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.25},
        title={"text": "The fleet: quality of the models and what production sees", "font": {"size": 14}},
    )
    return figure


def build_error_curve_figure(curve: pd.DataFrame, holdout: int) -> go.Figure:
    """Share of promotions that were worse, against holdout size (log scale), marking the chosen size."""
    figure = go.Figure(
        go.Scatter(
            x=curve["holdout"],
            y=curve["worse_share"],
            mode="lines+markers",
            line={"color": "#c0392b"},
            name="worse among promoted",
            hovertemplate="holdout %{x:,}: %{y:.0%} of promotions were worse<extra></extra>",
        )
    )
    figure.add_vline(x=holdout, line={"color": "#333", "dash": "dash"})
    figure.add_annotation(
        x=np.log10(holdout),
        y=0.02,
        yref="paper",
        text=f" your holdout: {holdout:,}",
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        bgcolor="rgba(255,255,255,0.85)",
    )
    figure.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"type": "log", "title": "holdout size (labelled examples)"},
        yaxis={"title": "promotions that were worse", "tickformat": ".0%", "rangemode": "tozero"},
        showlegend=False,
        title={"text": "Small holdouts promote worse models by chance", "font": {"size": 14}},
    )
    return figure


def build_timeline_figure(history: pd.DataFrame) -> go.Figure:
    """One model's versions over rounds: the live version's true accuracy as a line, each challenger as a dot."""
    figure = go.Figure(
        go.Scatter(
            x=history["round"],
            y=history["live_quality"],
            mode="lines",
            line={"color": "#2471a3", "width": 2},
            name="Version in production (true accuracy)",
            customdata=history["live_version"],
            hovertemplate="after round %{x}: v%{customdata} live, true %{y:.2%}<extra></extra>",
        )
    )
    for label, colour in OUTCOMES.values():
        part = history[history["decision"] == label]
        figure.add_trace(
            go.Scatter(
                x=part["round"],
                y=part["true_quality"],
                mode="markers",
                name=label,
                marker={"color": colour, "size": 10, "line": {"color": "white", "width": 1}},
                customdata=np.stack([part["version"], part["holdout_score"], part["champion_score"]], axis=-1),
                hovertemplate=(
                    "v%{customdata[0]} (round %{x}): true %{y:.2%}<br>"
                    "holdout %{customdata[1]:.2%} vs champion %{customdata[2]:.2%}<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis_title="retraining round",
        yaxis={"title": "true accuracy", "tickformat": ".1%"},
        legend={"orientation": "h", "y": -0.25},
        title={"text": "Versioning timeline of one model", "font": {"size": 14}},
    )
    return figure


# --- People: roles and needs ---

ROLE_COLOUR = "#1f4e99"
NEED_COLOUR = "#1a7a3c"
MUTED = "#c9ced6"
HIGHLIGHT = "#b0125a"
"""Colours of the roles graph; the dark ones keep 3:1 contrast on white."""


def build_roles_figure(graph: nx.Graph, shown: set[str] | None = None, selected: str | None = None) -> go.Figure:
    """Roles (left) linked to needs (right); nodes outside ``shown`` are greyed; hover an edge for the book's text."""
    shown = set(graph.nodes) if shown is None else shown
    pos = layout_positions(graph)
    figure = go.Figure()
    for lit in (False, True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in graph.edges:
            if (a in shown and b in shown) == lit:
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": "#5f6368" if lit else "#e3e6ea", "width": 1.6 if lit else 1},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    mid_x, mid_y, mid_text = [], [], []
    for a, b, reqs in graph.edges(data="requirements"):
        if a in shown and b in shown:
            role, need = (a, b) if graph.nodes[a]["kind"] == ROLE else (b, a)
            mid_x.append((pos[a][0] + pos[b][0]) / 2)
            mid_y.append((pos[a][1] + pos[b][1]) / 2)
            body = "<br>".join(textwrap.fill(f"• {r}", 60).replace("\n", "<br>  ") for r in reqs)
            mid_text.append(f"<b>{graph.nodes[role]['label']}</b> → {graph.nodes[need]['label']}<br>{body}")
    figure.add_trace(
        go.Scatter(
            x=mid_x,
            y=mid_y,
            mode="markers",
            marker={"size": 8, "color": "rgba(95,99,104,0.5)"},
            hovertext=mid_text,
            hoverinfo="text",
            showlegend=False,
            name="requirement",
        )
    )
    for kind, colour, side, name in (
        (ROLE, ROLE_COLOUR, "middle left", "Role"),
        (NEED, NEED_COLOUR, "middle right", "Need"),
    ):
        nodes = nodes_of(graph, kind)
        colours = [HIGHLIGHT if n == selected else (colour if n in shown else MUTED) for n in nodes]
        figure.add_trace(
            go.Scatter(
                x=[pos[n][0] for n in nodes],
                y=[pos[n][1] for n in nodes],
                mode="markers+text",
                marker={"size": 16, "color": colours, "line": {"color": "white", "width": 1.5}},
                text=[graph.nodes[n]["label"] for n in nodes],
                textposition=side,
                textfont={"color": ["#111418" if n in shown else "#8a9099" for n in nodes], "size": 13},
                customdata=nodes,
                hovertext=[_node_hover(graph, n) for n in nodes],
                hoverinfo="text",
                name=name,
                showlegend=False,
            )
        )
    figure.update_layout(
        height=460,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-0.85, 1.85], "fixedrange": True},
        yaxis={"visible": False, "range": [-0.08, 1.08], "fixedrange": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        clickmode="event+select",
        dragmode=False,
    )
    return figure


def _node_hover(graph: nx.Graph, node: str) -> str:
    data = graph.nodes[node]
    degree = graph.degree(node)
    if data["kind"] == ROLE:
        return f"<b>{data['label']}</b><br>{degree} need(s); click to filter"
    description = textwrap.fill(data["description"], 60).replace("\n", "<br>")
    return f"<b>{data['label']}</b><br>{description}<br>{degree} role(s); click to filter"
