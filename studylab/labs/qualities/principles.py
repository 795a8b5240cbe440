"""The three principle lists of FDE ch. 3 and the links between them."""

from __future__ import annotations

import networkx as nx
import pandas as pd

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
    left = sorted((n for n, d in graph.nodes(data=True) if d["framework"] == "authors"), key=lambda n: rank(graph, n))
    right = sorted((n for n, d in graph.nodes(data=True) if d["framework"] != "authors"), key=lambda n: rank(graph, n))
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


def rank(graph: nx.Graph, node: str) -> tuple[int, int]:
    """Sort key of a principle: its list in chapter order, then its place in the list."""
    order = list(FRAMEWORKS)
    return order.index(graph.nodes[node]["framework"]), graph.nodes[node]["order"]
