"""The three principle lists of FDE ch. 3 and the links between them."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

FRAMEWORKS = {"aws": "AWS Well-Architected", "google": "Google Cloud", "authors": "The authors"}
"""Framework ids in the order the chapter presents them, with display names."""


def framework_columns(principles: pd.DataFrame) -> pd.DataFrame:
    """The three lists side by side, one column per framework, in each list's own order."""
    columns = {
        name: principles[principles["framework"] == fid].sort_values("order")["name"].reset_index(drop=True)
        for fid, name in FRAMEWORKS.items()
    }
    return pd.DataFrame(columns).fillna("")


def counterparts(principles: pd.DataFrame, links: pd.DataFrame, principle_id: str) -> pd.DataFrame:
    """Principles of other frameworks linked to this one (either direction), with why."""
    forward = links[links["source"] == principle_id].rename(columns={"target": "other"})
    backward = links[links["target"] == principle_id].rename(columns={"source": "other"})
    pairs = pd.concat([forward[["other", "note"]], backward[["other", "note"]]], ignore_index=True)
    named = pairs.merge(principles[["id", "framework", "name", "order"]], left_on="other", right_on="id")
    named["framework"] = named["framework"].map(FRAMEWORKS)
    ordered = named.sort_values(["framework", "order"])
    return ordered[["framework", "name", "note"]].reset_index(drop=True)


def principle_label(principles: pd.DataFrame) -> dict[str, str]:
    """Principle id -> "Framework: name", for pickers."""
    return {
        row.id: f"{FRAMEWORKS[row.framework]}: {row.name}"
        for row in principles.sort_values(["framework", "order"]).itertuples()
    }


COLOURS = {"aws": "#d9822b", "google": "#2e7d32", "authors": "#1f5fa8"}
"""Node colour per framework in the map."""


def build_principle_graph(principles: pd.DataFrame, links: pd.DataFrame) -> nx.Graph:
    """The three lists as one graph: a node per principle, an edge per link (with its note)."""
    graph = nx.Graph()
    for row in principles.itertuples():
        graph.add_node(row.id, framework=row.framework, order=int(row.order), name=row.name, summary=row.summary)
    for row in links.itertuples():
        graph.add_edge(row.source, row.target, note=row.note)
    return graph


def principle_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node -> (x, y): the authors' nine in a column on the left, AWS then Google on the right.

    Every link joins the authors to another list, so the map is bipartite and each edge
    crosses the middle; both columns span the same height so the edges stay readable.
    """
    left = sorted((n for n, d in graph.nodes(data=True) if d["framework"] == "authors"), key=lambda n: _rank(graph, n))
    right = sorted((n for n, d in graph.nodes(data=True) if d["framework"] != "authors"), key=lambda n: _rank(graph, n))
    positions: dict[str, tuple[float, float]] = {}
    for x, column in ((0.0, left), (1.0, right)):
        # A half-step gap between the AWS and Google groups on the right.
        gaps = [
            0.5 * (i > 0 and graph.nodes[n]["framework"] != graph.nodes[column[i - 1]]["framework"])
            for i, n in enumerate(column)
        ]
        ys = [i + sum(gaps[: i + 1]) for i in range(len(column))]
        span = max(ys[-1], 1.0) if ys else 1.0
        for node, y in zip(column, ys, strict=True):
            positions[node] = (x, 1 - y / span)
    return positions


def _rank(graph: nx.Graph, node: str) -> tuple[int, int]:
    order = list(FRAMEWORKS)
    return order.index(graph.nodes[node]["framework"]), graph.nodes[node]["order"]


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
                line={"color": "#1f5fa8" if highlight else "#c5ccd6", "width": 3 if highlight else 1.5},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for framework, label in FRAMEWORKS.items():
        nodes = sorted(
            (n for n, d in graph.nodes(data=True) if d["framework"] == framework), key=lambda n: _rank(graph, n)
        )
        figure.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers+text",
                name=label,
                text=[graph.nodes[n]["name"] for n in nodes],
                textposition="middle left" if framework == "authors" else "middle right",
                textfont={"color": ["#111418" if n in near else "#8a939e" for n in nodes], "size": 13},
                customdata=nodes,
                hovertext=[f"{label}: {graph.nodes[n]['name']}" for n in nodes],
                hoverinfo="text",
                marker={
                    "color": COLOURS[framework],
                    "size": [22 if n == selected else 14 for n in nodes],
                    "opacity": [1.0 if n in near else 0.35 for n in nodes],
                    "line": {"color": "#111418", "width": [2 if n == selected else 0 for n in nodes]},
                },
            )
        )
    figure.update_layout(
        height=520,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False, "range": [-1.15, 2.1], "fixedrange": True},
        yaxis={"visible": False, "range": [-0.08, 1.08], "fixedrange": True},
        legend={"orientation": "h", "y": -0.02, "x": 0.3},
        plot_bgcolor="#ffffff",
        clickmode="event+select",
    )
    return figure
