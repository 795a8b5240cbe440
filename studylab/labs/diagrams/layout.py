"""Where a diagram's boxes sit and the routes its arrows take: a layered layout from the graph.

Pure: networkx only. A layout depends on the graph alone, so a face computes it once per
graph and content version.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from studylab.labs.diagrams.model import CONTROL, FEEDBACK

BOX_HALF_WIDTH = 0.43
"""Half a node box's width, in layer units (layers are 1 apart)."""

BAND_HALF_WIDTH = 0.62
"""Half the width of a steering node's box: the band above the flow has room to spare."""

BOX_HALF_HEIGHT = 0.32
"""Half a node box's height, in row units (rows are 1 apart)."""

BAND_GAP = 1.15
"""Distance from the top row to the band of steering nodes above it."""

LOOP_GAP = 0.5
"""Distance from the bottom of the lowest box to the first feedback route below it."""


@dataclass(frozen=True)
class Layout:
    """Where each node's box sits and the polyline each edge is drawn along."""

    positions: dict[str, tuple[float, float]]
    """Centre of each node's box; x = layer (sources at 0, flowing right), y = row (up is positive)."""
    half_widths: dict[str, float]
    """Half the width of each node's box, in layer units (box height is the same for all)."""
    routes: dict[tuple[str, str], list[tuple[float, float]]]
    """Points each edge passes through, from the border of its source box to the border of its target's."""
    layers: int
    """Number of columns."""
    bottom: float
    """Lowest y anything is drawn at."""
    top: float
    """Highest y anything is drawn at."""

    @property
    def x_range(self) -> tuple[float, float]:
        """The x extent to show: every column with half a layer of margin, and every box."""
        left = min([-0.5, *(x - self.half_widths[n] - 0.05 for n, (x, _) in self.positions.items())])
        right = max([self.layers - 0.5, *(x + self.half_widths[n] + 0.05 for n, (x, _) in self.positions.items())])
        return left, right


def _layers(flow: nx.DiGraph) -> dict[str, int]:
    # Longest-path layering: a node sits one column right of its furthest-left
    # predecessor's furthest descendant, so every flow edge points right.
    return {node: index for index, generation in enumerate(nx.topological_generations(flow)) for node in generation}


def _spread(graph: nx.DiGraph) -> tuple[nx.DiGraph, list[str], dict[str, int], dict[tuple[str, str], list[str]]]:
    """The flow graph with placeholders (every edge spans one column), the steering band, each
    node's column and each flow edge's chain of slots."""
    flow = graph.copy()
    flow.remove_edges_from([(u, v) for u, v, k in graph.edges(data="kind") if k in (CONTROL, FEEDBACK)])
    band = [n for n in graph if graph.in_degree(n) == 0 and all(k == CONTROL for *_, k in graph.edges(n, data="kind"))]
    flow.remove_nodes_from(band)
    layer = _layers(flow)
    chains: dict[tuple[str, str], list[str]] = {}
    ranked = nx.DiGraph()
    ranked.add_nodes_from(flow)
    for u, v in flow.edges:
        chain = [u, *(f"{u}\0{v}\0{i}" for i in range(layer[u] + 1, layer[v])), v]
        for i, point in enumerate(chain[1:-1], start=layer[u] + 1):
            layer[point] = i
        ranked.add_edges_from(pairwise(chain))
        chains[(u, v)] = chain
    return ranked, band, layer, chains


def _ordered_columns(graph: nx.DiGraph, ranked: nx.DiGraph, layer: dict[str, int]) -> list[list[str]]:
    """Nodes per column, ordered by the barycentre of their neighbours (fewer crossings), with
    targets of control edges on top and ends of feedback edges at the bottom."""
    width = max(layer.values(), default=0) + 1
    columns: list[list[str]] = [[] for _ in range(width)]
    for node in ranked:  # insertion order: CSV order, then placeholders
        columns[layer[node]].append(node)
    on_top = {v for u, v, k in graph.edges(data="kind") if k == CONTROL}
    at_bottom = {n for u, v, k in graph.edges(data="kind") if k == FEEDBACK for n in (u, v)}

    def pin(node: str) -> int:
        return -1 if node in on_top else (1 if node in at_bottom else 0)

    def sweep(downward: bool) -> None:
        for col in range(1, width) if downward else range(width - 2, -1, -1):
            rank = {n: i for i, n in enumerate(columns[col - 1] if downward else columns[col + 1])}
            current = {n: i for i, n in enumerate(columns[col])}

            def key(node: str, rank: dict[str, int] = rank, current: dict[str, int] = current) -> tuple[int, float]:
                linked = ranked.predecessors(node) if downward else ranked.successors(node)
                ranks = [rank[m] for m in linked if m in rank]
                return pin(node), sum(ranks) / len(ranks) if ranks else float(current[node])

            columns[col].sort(key=key)

    for col in columns:
        col.sort(key=pin)
    for _ in range(3):
        sweep(downward=True)
        sweep(downward=False)
    return columns


def _place_band(
    graph: nx.DiGraph, band: list[str], positions: dict[str, tuple[float, float]], flow_top: float
) -> float:
    """Put steering nodes above the flow, each over the middle of what it steers; the layout's new top."""
    top = flow_top + BOX_HALF_HEIGHT
    wanted = []
    for node in band:
        targets = [positions[v][0] for v in graph.successors(node) if v in positions]
        wanted.append((sum(targets) / len(targets) if targets else 0.0, node))
    placed: list[float] = []
    for centre, node in sorted(wanted):
        centre = max(centre, placed[-1] + 2 * BAND_HALF_WIDTH + 0.3) if placed else centre
        placed.append(centre)
        positions[node] = (centre, flow_top + BAND_GAP)
        top = flow_top + BAND_GAP + BOX_HALF_HEIGHT
    return top


def _feedback_routes(
    graph: nx.DiGraph, positions: dict[str, tuple[float, float]], flow_bottom: float
) -> tuple[dict[tuple[str, str], list[tuple[float, float]]], float]:
    """Feedback edges run below the flow, nested by length; their routes and the layout's new bottom."""
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    bottom = flow_bottom - BOX_HALF_HEIGHT
    loops = [(u, v) for u, v, k in graph.edges(data="kind") if k == FEEDBACK]
    for depth, (u, v) in enumerate(sorted(loops, key=lambda e: abs(positions[e[0]][0] - positions[e[1]][0]))):
        (ux, uy), (vx, vy) = positions[u], positions[v]
        low = flow_bottom - BOX_HALF_HEIGHT - LOOP_GAP * (depth + 1)
        # Leave and enter slightly off-centre so a node that both starts and ends a loop keeps them apart.
        routes[(u, v)] = [
            (ux + 0.1, uy - BOX_HALF_HEIGHT),
            (ux + 0.1, low),
            (vx - 0.1, low),
            (vx - 0.1, vy - BOX_HALF_HEIGHT),
        ]
        bottom = low
    return routes, bottom


def layered_layout(graph: nx.DiGraph) -> Layout:
    """A left-to-right layered layout computed from the graph.

    Flow nodes are placed in columns by longest path from the sources. Edges that
    skip columns pass through placeholder slots, so no line crosses a box. Rows
    within a column are ordered by the barycentre of their neighbours (fewer
    crossings), with targets of control edges kept on top and ends of feedback
    edges at the bottom. Steering nodes sit in a band above, feedback edges run
    below.
    """
    ranked, band, layer, chains = _spread(graph)
    columns = _ordered_columns(graph, ranked, layer)
    positions: dict[str, tuple[float, float]] = {}
    for column, col in enumerate(columns):
        for i, node in enumerate(col):
            positions[node] = (float(column), (len(col) - 1) / 2 - i)
    flow_top = max((y for _, y in positions.values()), default=0.0)
    flow_bottom = min((y for _, y in positions.values()), default=0.0)
    top = _place_band(graph, band, positions, flow_top)
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for (u, v), chain in chains.items():
        points = [positions[n] for n in chain]
        (x0, y0), (x1, y1) = points[0], points[-1]
        # Through a placeholder the line runs level across the whole slot, so its slanted parts
        # stay in the gaps between columns and never clip a neighbouring box.
        passing = [p for x, y in points[1:-1] for p in ((x - BOX_HALF_WIDTH, y), (x + BOX_HALF_WIDTH, y))]
        routes[(u, v)] = [(x0 + BOX_HALF_WIDTH, y0), *passing, (x1 - BOX_HALF_WIDTH, y1)]
    for node in band:
        bx, by = positions[node]
        for v in graph.successors(node):
            tx, ty = positions[v]
            routes[(node, v)] = [(bx, by - BOX_HALF_HEIGHT), (tx, ty + BOX_HALF_HEIGHT)]
    loops, bottom = _feedback_routes(graph, positions, flow_bottom)
    routes.update(loops)
    return Layout(
        positions={n: positions[n] for n in graph},
        half_widths={n: BAND_HALF_WIDTH if n in band else BOX_HALF_WIDTH for n in graph},
        routes=routes,
        layers=len(columns),
        bottom=bottom,
        top=top,
    )
