"""Architecture diagrams as graphs: built from CSV rows, laid out in layers, drawn with plotly.

Each diagram is a networkx ``DiGraph`` whose nodes and edges come from
``data/diagram_nodes.csv`` and ``data/diagram_edges.csv``. Everything a page
shows about a diagram is computed here from the graph itself: the layered
layout, the figure, the number of code paths, the single points of failure,
the longest path and the steps a record takes through it.

Edges come in three families:

* **flow** edges (``batch``, ``stream``, ``query``, ``step``) carry data or a model
  from sources to consumers; every computation below uses only these;
* **control** edges come from nodes that steer others (orchestration, governance)
  and are drawn from a band above the flow;
* **feedback** edges close the loop of a cyclic diagram (the MLOps life cycle)
  and are drawn below the flow.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from studylab.content.loader import Content, ContentError

CONTROL = "control"
"""Edge kind of a node steering another; never part of a data path."""

FEEDBACK = "feedback"
"""Edge kind that closes the loop of a cyclic diagram."""

PROCESSING = "processing"
"""Node kind whose logic a record passes through; distinct sequences of them are code paths."""

ENTRY_KINDS = frozenset({"source"})
"""Node kinds a flow may start at (in a diagram that is not cyclic)."""

EXIT_KINDS = frozenset({"consumer"})
"""Node kinds a flow may end at (in a diagram that is not cyclic)."""

# --- Style ---------------------------------------------------------------------

TEXT_COLOR = "#111418"
"""Label text; the theme's text colour."""

BACKGROUND = "#ffffff"
"""Figure background; the theme's background colour."""

HIGHLIGHT = "#b0125a"
"""Edges the followed record travels in the current step, and the selected node's outline."""


@dataclass(frozen=True)
class KindStyle:
    """How one node or edge kind looks, and its name in the legend."""

    label: str
    color: str
    """Line and marker colour; at least 3:1 against the background (WCAG non-text contrast)."""
    dash: str = "solid"
    """Plotly line dash of an edge kind."""
    both_ends: bool = False
    """Edge kinds that are symmetric (``contrasts with``) get an arrowhead at each end."""


NODE_KINDS: dict[str, KindStyle] = {
    "source": KindStyle("Source system", "#0b6aa2"),
    "ingestion": KindStyle("Ingestion", "#00767f"),
    "storage": KindStyle("Storage", "#9c5a00"),
    "processing": KindStyle("Processing", "#1a7a3c"),
    "serving": KindStyle("Serving", "#a3366f"),
    "consumer": KindStyle("Consumer", "#c0440b"),
    "control": KindStyle("Control and oversight", "#5f6368"),
    "business": KindStyle("Business", "#7a6a00"),
    "model": KindStyle("Model", "#6a3d9a"),
}
"""Node kinds of architecture diagrams, in legend order."""

EDGE_KINDS: dict[str, KindStyle] = {
    "batch": KindStyle("batch flow", "#1f4e99"),
    "stream": KindStyle("stream flow", "#b54a00", dash="dash"),
    "query": KindStyle("query", "#4a4f55", dash="dot"),
    "step": KindStyle("life-cycle step", "#1f4e99"),
    CONTROL: KindStyle("control", "#5f6368", dash="dashdot"),
    FEEDBACK: KindStyle("feedback loop", "#6a3d9a", dash="dash"),
}
"""Edge kinds of architecture diagrams, in legend order."""

CONCEPT_EDGE_KINDS: dict[str, KindStyle] = {
    "builds_on": KindStyle("builds on", "#4a4f55"),
    "contrasts_with": KindStyle("contrasts with", "#b54a00", dash="dot", both_ends=True),
}
"""Edge kinds of the concept map."""

SECTION_PALETTE = ("#0b6aa2", "#00767f", "#1a7a3c", "#7a6a00", "#9c5a00", "#c0440b", "#a3366f", "#6a3d9a", "#5f6368")
"""Colours given to sections of the concept map, in section order."""

TINT = 0.16
"""Share of the kind colour in a node's box fill (the rest is white), so dark text stays readable."""


def tint(color: str, share: float = TINT) -> str:
    """``color`` mixed with white: ``share`` of the colour, the rest white."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * share) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours (1 to 21)."""

    def luminance(color: str) -> float:
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- Building graphs ---------------------------------------------------------------

LINE = {"_line": "line"}
"""Renames the loader's line-number column so ``itertuples`` keeps it as an attribute."""


class DiagramError(ValueError):
    """A diagram's rows do not form a valid graph; the message names the problem."""


def build_diagram(meta: dict[str, Any], nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    """The diagram ``meta["id"]`` as a graph, from rows of ``diagram_nodes`` and ``diagram_edges``.

    ``meta`` is the diagram's ``diagrams.csv`` row; ``nodes`` and ``edges`` may hold every
    diagram's rows, only this diagram's are used. Node attributes: ``label``, ``kind``,
    ``description``, ``topic``, ``pitfall``, ``link``, ``line``; edge attributes: ``kind``,
    ``label``, ``line``. Raises :class:`DiagramError` when an edge names a node the
    diagram does not have.
    """
    diagram_id = meta["id"]
    graph = nx.DiGraph(**meta)
    for row in nodes[nodes["diagram"] == diagram_id].rename(columns=LINE).itertuples():
        graph.add_node(
            row.id,
            label=row.label,
            kind=row.kind,
            description=row.description,
            topic=row.topic,
            pitfall=_text(row.pitfall),
            link=_text(row.link),
            line=row.line,
        )
    for row in edges[edges["diagram"] == diagram_id].rename(columns=LINE).itertuples():
        for end in (row.source, row.target):
            if end not in graph:
                raise DiagramError(f"line {row.line}: edge names {end!r}, which diagram {diagram_id!r} has no node for")
        graph.add_edge(row.source, row.target, kind=row.kind, label=row.label, line=row.line)
    return graph


def _text(value: object) -> str | None:
    """A cell's text, or None for an empty cell (which pandas may hold as NaN)."""
    return value if isinstance(value, str) and value else None


def build_concept_map(content: Content, links: pd.DataFrame) -> nx.DiGraph:
    """Topics as nodes (kind = section), ``concept_links`` rows as edges.

    Every edge points from the topic to read first to the topic that follows: a
    ``builds_on`` row ``(topic, other)`` becomes ``other -> topic``; a symmetric
    ``contrasts_with`` pair points from the earlier topic in menu order to the later.
    """
    topics = content.topics_in_order()
    order = {topic.id: index for index, topic in enumerate(topics)}
    graph = nx.DiGraph(id="concept_map", title="How the topics connect", cyclic=False)
    for topic in topics:
        graph.add_node(
            topic.id,
            label=short_title(topic.meta.menu_title or topic.meta.title),
            kind=topic.meta.section,
            description=topic.meta.summary,
            topic=topic.id,
            pitfall=None,
            link=None,
        )
    for row in links.rename(columns=LINE).itertuples():
        if row.topic not in graph or row.other not in graph:
            continue
        first, then = (row.other, row.topic)
        if row.kind != "builds_on" and order[first] > order[then]:
            first, then = then, first
        graph.add_edge(first, then, kind=row.kind, label=row.note, line=row.line)
    return graph


def short_title(title: str) -> str:
    """A topic title without a leading article, for a node label."""
    short = title[4:] if title.startswith("The ") else title
    return short[:1].upper() + short[1:]


def section_styles(content: Content) -> dict[str, KindStyle]:
    """Concept-map node kinds: one per section, in menu order, each with its own colour."""
    sections = content.tables.get("sections")
    if sections is None:
        return {}
    ordered = sections.sort_values(["order", "id"])
    return {
        row.id: KindStyle(row.title, SECTION_PALETTE[index % len(SECTION_PALETTE)])
        for index, row in enumerate(ordered.itertuples())
    }


# --- What the graph tells ------------------------------------------------------------


def flow_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph of flow edges only (no control, no feedback) and the nodes they touch."""
    flow = nx.DiGraph()
    flow.add_edges_from(
        (u, v, data) for u, v, data in graph.edges(data=True) if data["kind"] not in (CONTROL, FEEDBACK)
    )
    for node in flow:
        flow.nodes[node].update(graph.nodes[node])
    return flow


def sources(flow: nx.DiGraph) -> list[str]:
    """Nodes where flow starts (nothing flows into them), in insertion order."""
    return [node for node in flow if flow.in_degree(node) == 0]


def sinks(flow: nx.DiGraph) -> list[str]:
    """Nodes where flow ends (nothing flows out of them), in insertion order."""
    return [node for node in flow if flow.out_degree(node) == 0]


def code_paths(graph: nx.DiGraph) -> int:
    """How many separate implementations one consumer's answer depends on.

    For each sink, collect the distinct sequences of ``processing`` nodes on the
    simple paths from any source to it; the result is the largest such count.
    Lambda's dashboards depend on a batch job and a stream job: 2. Kappa's
    depend on one stream job, live or replayed: 1. Paths through the same
    processing nodes (two sources feeding one pipeline) share a code path.
    """
    flow = flow_graph(graph)
    starts = sources(flow)
    best = 0
    for sink in sinks(flow):
        sequences = {
            tuple(node for node in path if flow.nodes[node].get("kind") == PROCESSING)
            for start in starts
            for path in nx.all_simple_paths(flow, start, sink)
        }
        if sink in starts:
            sequences.add(())
        best = max(best, len(sequences))
    return best


def data_paths(graph: nx.DiGraph) -> int:
    """The number of distinct routes (simple paths) from any source to any sink."""
    flow = flow_graph(graph)
    ends = set(sinks(flow))
    return sum(1 for start in sources(flow) for end in ends for _ in nx.all_simple_paths(flow, start, end))


def _connected_pairs(flow: nx.DiGraph, starts: Iterable[str], ends: set[str]) -> set[tuple[str, str]]:
    return {(start, end) for start in starts if start in flow for end in nx.descendants(flow, start) & ends}


def single_points_of_failure(graph: nx.DiGraph) -> list[str]:
    """Nodes whose loss cuts some source off from some sink it reached before, in graph order.

    Sources and sinks themselves are not counted: losing the data's origin or its
    reader trivially loses the flow. Control and feedback edges are ignored.
    """
    flow = flow_graph(graph)
    starts, ends = sources(flow), set(sinks(flow))
    before = _connected_pairs(flow, starts, ends)
    result = []
    for node in graph:
        if node not in flow or node in starts or node in ends:
            continue
        without = flow.copy()
        without.remove_node(node)
        if _connected_pairs(without, starts, ends) != before:
            result.append(node)
    return result


def longest_path(graph: nx.DiGraph) -> list[str]:
    """The longest chain of flow hops from a source to a sink (nodes in order)."""
    flow = flow_graph(graph)
    return list(nx.dag_longest_path(flow)) if len(flow) else []


def record_steps(graph: nx.DiGraph, start: str) -> list[list[tuple[str, str]]]:
    """The edges one record starting at ``start`` travels in each step, step 1 first.

    In every step each copy of the record moves one hop along every flow edge
    leaving the nodes it reached in the step before, so a record fans out where
    the flow splits (Lambda's batch and speed paths) and arrives once per path
    where it joins. A cyclic diagram ends with one more step along its feedback
    edges, which starts the loop again.
    """
    flow = flow_graph(graph)
    if start not in flow:
        return []
    steps: list[list[tuple[str, str]]] = []
    frontier = [start]
    visited = {start}
    while True:
        step = [(u, v) for u in dict.fromkeys(frontier) for v in flow.successors(u)]
        if not step:
            break
        steps.append(step)
        frontier = [v for _, v in step]
        visited.update(frontier)
    loop = [(u, v) for u, v, kind in graph.edges(data="kind") if kind == FEEDBACK and u in visited]
    if loop:
        steps.append(loop)
    return steps


def describe_edge(graph: nx.DiGraph, edge: tuple[str, str]) -> str:
    """One edge in words: ``Source → Target: label``."""
    u, v = edge
    return f"{graph.nodes[u]['label']} → {graph.nodes[v]['label']}: {graph.edges[u, v]['label']}"


@dataclass(frozen=True)
class Insight:
    """What the graph tells about its architecture, computed from its edges."""

    code_paths: int
    data_paths: int
    single_points_of_failure: tuple[str, ...]
    longest_path: tuple[str, ...]

    @property
    def hops(self) -> int:
        """Edges on the longest path: the most hand-offs a record goes through."""
        return max(len(self.longest_path) - 1, 0)


def compute_insight(graph: nx.DiGraph) -> Insight:
    """Code paths, data paths, single points of failure and the longest path of a diagram."""
    return Insight(
        code_paths=code_paths(graph),
        data_paths=data_paths(graph),
        single_points_of_failure=tuple(single_points_of_failure(graph)),
        longest_path=tuple(longest_path(graph)),
    )


def check_diagram(graph: nx.DiGraph) -> list[str]:
    """Everything structurally wrong with a diagram, as sentences (empty when it is sound).

    A diagram is acyclic unless it declares itself cyclic; a cyclic one loops only
    through ``feedback`` edges. Every node is connected; control edges leave
    nodes that only steer; and on the flow edges every node is reached from a
    source and reaches a sink (in a diagram that is not cyclic, sources have kind
    ``source`` and sinks kind ``consumer``).
    """
    problems: list[str] = []
    cyclic = bool(graph.graph.get("cyclic"))
    kinds = nx.get_edge_attributes(graph, "kind")
    feedback = [edge for edge, kind in kinds.items() if kind == FEEDBACK]
    if not len(graph):
        return ["the diagram has no nodes"]
    if cyclic:
        if nx.is_directed_acyclic_graph(graph):
            problems.append("declared cyclic but has no cycle")
        spine = graph.copy()
        spine.remove_edges_from(feedback)
        if not nx.is_directed_acyclic_graph(spine):
            problems.append("has a cycle that does not go through a feedback edge")
    else:
        if feedback:
            problems.append(f"has feedback edges {feedback} but is not declared cyclic")
        if not nx.is_directed_acyclic_graph(graph):
            cycle = nx.find_cycle(graph)
            problems.append(f"has a cycle {[u for u, _ in cycle]} but is not declared cyclic")
    if problems:
        return problems
    for node in graph:
        if graph.degree(node) == 0:
            problems.append(f"node {node!r} has no edges")
    for u, v in (edge for edge, kind in kinds.items() if kind == CONTROL):
        if any(kind != CONTROL for *_, kind in graph.edges(u, data="kind")) or graph.in_degree(u):
            problems.append(f"control edge {u!r} -> {v!r} must come from a node that only steers others")
    flow = flow_graph(graph)
    starts, ends = sources(flow), sinks(flow)
    if not cyclic:
        problems += [
            f"flow starts at {n!r}, which is not a source" for n in starts if graph.nodes[n]["kind"] not in ENTRY_KINDS
        ]
        problems += [
            f"flow ends at {n!r}, which is not a consumer" for n in ends if graph.nodes[n]["kind"] not in EXIT_KINDS
        ]
    reached = set(starts).union(*(nx.descendants(flow, n) for n in starts))
    reaching = set(ends).union(*(nx.ancestors(flow, n) for n in ends))
    for node in flow:
        if node not in reached or node not in reaching:
            problems.append(f"node {node!r} is not on a path from a source to a sink")
    return problems


def load_diagrams(content: Content) -> tuple[dict[str, nx.DiGraph], list[ContentError]]:
    """Every diagram of ``data/diagrams.csv`` as a graph, and every problem found in them."""
    problems: list[ContentError] = []
    try:
        metas, nodes, edges = (content.table(name) for name in ("diagrams", "diagram_nodes", "diagram_edges"))
    except ContentError:
        return {}, []  # the loader has already reported the missing or unreadable table
    graphs: dict[str, nx.DiGraph] = {}
    for meta in metas.drop(columns="_line").to_dict("records"):
        try:
            graph = build_diagram(meta, nodes, edges)
        except DiagramError as error:
            problems.append(ContentError("data/diagram_edges.csv", *str(error).split(": ", 1)))
            continue
        for problem in check_diagram(graph):
            problems.append(ContentError("data/diagram_edges.csv", f"diagram {meta['id']}", problem))
        graphs[meta["id"]] = graph
    return graphs, problems


NODE_PARAM = "node"
"""URL parameter that opens a diagram's part: ``lambda_architecture?node=speed_layer``."""


def node_link(link: object) -> tuple[str, str | None]:
    """A link's page slug and the diagram node it opens, if it names one."""
    if not isinstance(link, str):
        return "", None
    page, _, query = link.partition("?")
    params = dict(item.split("=", 1) for item in query.split("&") if "=" in item)
    return page, params.get(NODE_PARAM)


def check_diagrams(content: Content) -> list[ContentError]:
    """Problems the per-table checks cannot see: edges and roles that cross diagrams, bad graphs,
    and quiz links (``?node=``) to parts no diagram on that page has."""
    graphs, problems = load_diagrams(content)
    questions = content.tables.get("questions")
    if questions is not None and graphs:
        for question in questions.rename(columns=LINE).itertuples():
            page, node = node_link(question.link)
            if node is not None and not any(g.graph["topic"] == page and node in g for g in graphs.values()):
                problems.append(
                    ContentError(
                        "data/questions.csv",
                        f"line {question.line}, column link",
                        f"no diagram on page {page!r} has a node {node!r}",
                    )
                )
    roles = content.tables.get("diagram_node_roles")
    if roles is not None:
        for row in roles.rename(columns=LINE).itertuples():
            graph = graphs.get(row.diagram)
            if graph is not None and row.node not in graph:
                problems.append(
                    ContentError(
                        "data/diagram_node_roles.csv",
                        f"line {row.line}, column node",
                        f"diagram {row.diagram!r} has no node {row.node!r}",
                    )
                )
    return problems


# --- Layout ------------------------------------------------------------------------------

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


def layered_layout(graph: nx.DiGraph) -> Layout:
    """A left-to-right layered layout computed from the graph.

    Flow nodes are placed in columns by longest path from the sources. Edges that
    skip columns pass through placeholder slots, so no line crosses a box. Rows
    within a column are ordered by the barycentre of their neighbours (fewer
    crossings), with targets of control edges kept on top and ends of feedback
    edges at the bottom. Steering nodes sit in a band above, feedback edges run
    below.
    """
    flow = graph.copy()
    flow.remove_edges_from([(u, v) for u, v, k in graph.edges(data="kind") if k in (CONTROL, FEEDBACK)])
    band = [n for n in graph if graph.in_degree(n) == 0 and all(k == CONTROL for *_, k in graph.edges(n, data="kind"))]
    flow.remove_nodes_from(band)
    layer = _layers(flow)
    # Placeholders make every flow edge span one column.
    chains: dict[tuple[str, str], list[str]] = {}
    ranked = nx.DiGraph()
    ranked.add_nodes_from(flow)
    for u, v in flow.edges:
        chain = [u, *(f"{u}\0{v}\0{i}" for i in range(layer[u] + 1, layer[v])), v]
        for i, point in enumerate(chain[1:-1], start=layer[u] + 1):
            layer[point] = i
        ranked.add_edges_from(pairwise(chain))
        chains[(u, v)] = chain
    width = max(layer.values(), default=0) + 1
    columns: list[list[str]] = [[] for _ in range(width)]
    for node in ranked:  # insertion order: CSV order, then placeholders
        columns[layer[node]].append(node)
    on_top = {v for u, v, k in graph.edges(data="kind") if k == CONTROL}
    at_bottom = {n for u, v, k in graph.edges(data="kind") if k == FEEDBACK for n in (u, v)}

    def pin(node: str) -> int:
        return -1 if node in on_top else (1 if node in at_bottom else 0)

    def sweep(order: list[list[str]], downward: bool) -> None:
        indices = range(1, width) if downward else range(width - 2, -1, -1)
        for col in indices:
            neighbour_col = order[col - 1] if downward else order[col + 1]
            rank = {n: i for i, n in enumerate(neighbour_col)}
            current = {n: i for i, n in enumerate(order[col])}

            def key(node: str, rank: dict[str, int] = rank, current: dict[str, int] = current) -> tuple[int, float]:
                linked = ranked.predecessors(node) if downward else ranked.successors(node)
                ranks = [rank[m] for m in linked if m in rank]
                centre = sum(ranks) / len(ranks) if ranks else float(current[node])
                return pin(node), centre

            order[col].sort(key=key)

    for col in columns:
        col.sort(key=pin)
    for _ in range(3):
        sweep(columns, downward=True)
        sweep(columns, downward=False)
    positions: dict[str, tuple[float, float]] = {}
    for column, col in enumerate(columns):
        for i, node in enumerate(col):
            positions[node] = (float(column), (len(col) - 1) / 2 - i)
    flow_top = max((y for _, y in positions.values()), default=0.0)
    flow_bottom = min((y for _, y in positions.values()), default=0.0)
    top = flow_top + BOX_HALF_HEIGHT
    # Steering nodes: above the flow, each over the middle of what it steers.
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
    return Layout(
        positions={n: positions[n] for n in graph},
        half_widths={n: BAND_HALF_WIDTH if n in band else BOX_HALF_WIDTH for n in graph},
        routes=routes,
        layers=width,
        bottom=bottom,
        top=top,
    )


# --- Figure ----------------------------------------------------------------------------

ROW_PX = 112
"""Figure height per unit of layout height, in pixels."""

CONCEPT_ROW_PX = 84
"""Row height of the concept map: it has many rows, so they are packed tighter than a diagram's."""

DESIGN_WIDTH_PX = 760
"""Plot width the labels are fitted to: the main column of a 1280x720 screen with the menu open.
Wider screens only add room."""

CHAR_EM = 0.5
"""Average glyph width of the theme's sans-serif font, as a share of the font size."""

CHIP_PX = 20
"""Room the colour chip takes at the left of a label, with its inset from the border."""

CHIP_INSET = 0.06
"""Distance of the colour chip's centre from the box's left border, in layer units; arrowheads
end on the border and stay visible."""

LINE_EM = 1.3
"""Line height of a wrapped label, as a share of the font size."""

FONT_SIZES = (15, 14, 13, 12)
"""Label font sizes tried, largest first; the largest at which every label fits is used."""


@dataclass(frozen=True)
class Labels:
    """Node labels wrapped to fit their boxes, and the font size they fit at."""

    size: int
    text: dict[str, str]
    """Each node's label, lines joined by ``<br>``."""
    fits: bool
    """False if even the smallest size leaves a word wider than its box or too many lines."""


def fit_labels(graph: nx.DiGraph, layout: Layout, row_px: int = ROW_PX) -> Labels:
    """Wrap every label to its box at the largest font size where all of them fit.

    Fitted to :data:`DESIGN_WIDTH_PX`; a wider plot only adds room around the text.
    """
    left, right = layout.x_range
    px_per_unit = DESIGN_WIDTH_PX / (right - left)
    box_height = 2 * BOX_HALF_HEIGHT * row_px
    for size in FONT_SIZES:
        text: dict[str, str] = {}
        fits = True
        for node, label in graph.nodes(data="label"):
            chars = int((2 * layout.half_widths[node] * px_per_unit - CHIP_PX) / (CHAR_EM * size))
            wrapped = wrap(label, max(chars, 1))
            lines = wrapped.split("<br>")
            text[node] = wrapped
            if max(len(line) for line in lines) > chars or len(lines) * LINE_EM * size > box_height:
                fits = False
        if fits:
            return Labels(size, text, True)
    return Labels(FONT_SIZES[-1], text, False)


def wrap(text: str, width: int) -> str:
    """Text wrapped for plotly (lines joined by ``<br>``)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


@dataclass(frozen=True)
class Highlight:
    """What one rerun adds on top of a diagram: the selected node and the record's current step."""

    node: str | None = None
    step: Sequence[tuple[str, str]] = ()
    """Edges the record travels in the current step."""
    visited: frozenset[str] = field(default_factory=frozenset)
    """Nodes the record has reached so far (including the start)."""


def build_figure(
    graph: nx.DiGraph,
    layout: Layout | None = None,
    *,
    node_kinds: dict[str, KindStyle] | None = None,
    edge_kinds: dict[str, KindStyle] | None = None,
    highlight: Highlight | None = None,
    row_px: int = ROW_PX,
) -> go.Figure:
    """A plotly figure of any diagram graph.

    One line trace per edge kind and one marker-and-label trace per node kind
    (its legend entry), an arrowhead annotation at the end of every edge (both
    ends for symmetric kinds), a box shape per node and hover text with each
    node's description. Node points carry their id in ``customdata`` so a click
    can be mapped back to the node.
    """
    layout = layout or layered_layout(graph)
    node_kinds = node_kinds or NODE_KINDS
    edge_kinds = edge_kinds or EDGE_KINDS
    highlight = highlight or Highlight()
    labels = fit_labels(graph, layout, row_px)
    font_size = labels.size
    traces: list[go.Scatter] = []
    annotations: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    hover_x: list[float] = []
    hover_y: list[float] = []
    hover_text: list[str] = []
    used_edge_kinds = [k for k in edge_kinds if any(kind == k for *_, kind in graph.edges(data="kind"))]
    for kind in used_edge_kinds:
        style = edge_kinds[kind]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, data in graph.edges(data=True):
            if data["kind"] != kind:
                continue
            route = layout.routes[(u, v)]
            xs += [x for x, _ in route] + [None]
            ys += [y for _, y in route] + [None]
            annotations += _arrows(route, style.color, both=style.both_ends)
            (ax, ay), (bx, by) = route[len(route) // 2 - 1], route[len(route) // 2]
            hover_x.append((ax + bx) / 2)
            hover_y.append((ay + by) / 2)
            hover_text.append(f"<b>{style.label}</b><br>{wrap(describe_edge(graph, (u, v)), 48)}")
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=style.label,
                line={"color": style.color, "width": 2.5, "dash": style.dash},
                hoverinfo="skip",
            )
        )
    if highlight.step:
        xs, ys = [], []
        for edge in highlight.step:
            route = layout.routes[edge]
            xs += [x for x, _ in route] + [None]
            ys += [y for _, y in route] + [None]
            annotations += _arrows(route, HIGHLIGHT, both=False, size=1.3)
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name="record, this step",
                line={"color": HIGHLIGHT, "width": 6},
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=hover_x,
            y=hover_y,
            mode="markers",
            marker={"size": 18, "color": "rgba(0,0,0,0)"},
            hovertext=hover_text,
            hoverinfo="text",
            showlegend=False,
            name="edge details",
        )
    )
    for kind, style in node_kinds.items():
        members = [n for n, k in graph.nodes(data="kind") if k == kind]
        if not members:
            continue
        for node in members:
            x, y = layout.positions[node]
            visited = node in highlight.visited
            shapes.append(
                {
                    "type": "rect",
                    "x0": x - layout.half_widths[node],
                    "x1": x + layout.half_widths[node],
                    "y0": y - BOX_HALF_HEIGHT,
                    "y1": y + BOX_HALF_HEIGHT,
                    "line": {"color": HIGHLIGHT if visited else style.color, "width": 3.5 if visited else 2},
                    "fillcolor": tint(style.color),
                    "layer": "below",
                }
            )
        traces.append(
            go.Scatter(
                x=[layout.positions[n][0] - layout.half_widths[n] + CHIP_INSET for n in members],
                y=[layout.positions[n][1] for n in members],
                mode="markers+text",
                name=style.label,
                marker={"symbol": "square", "size": 12, "color": style.color, "line": {"width": 0}},
                text=[labels.text[n] for n in members],
                textposition="middle right",
                textfont={"size": font_size, "color": TEXT_COLOR},
                customdata=members,
                hovertext=[_node_hover(graph, n, style) for n in members],
                hoverinfo="text",
                # A click selects a point; keep every box fully visible afterwards.
                selected={"marker": {"opacity": 1}},
                unselected={"marker": {"opacity": 1}, "textfont": {"color": TEXT_COLOR}},
            )
        )
    if highlight.node in layout.positions:
        x, y = layout.positions[highlight.node]
        pad = 0.05
        shapes.append(
            {
                "type": "rect",
                "x0": x - layout.half_widths[highlight.node] - pad,
                "x1": x + layout.half_widths[highlight.node] + pad,
                "y0": y - BOX_HALF_HEIGHT - pad,
                "y1": y + BOX_HALF_HEIGHT + pad,
                "line": {"color": TEXT_COLOR, "width": 4, "dash": "dot"},
                "fillcolor": "rgba(0,0,0,0)",
            }
        )
    height = (layout.top - layout.bottom + 0.3) * row_px + 70
    figure = go.Figure(data=traces)
    figure.update_layout(
        height=round(max(height, 300)),
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        plot_bgcolor=BACKGROUND,
        paper_bgcolor=BACKGROUND,
        font={"size": font_size, "color": TEXT_COLOR},
        hoverlabel={"font_size": 14, "bgcolor": BACKGROUND, "font_color": TEXT_COLOR, "align": "left"},
        hovermode="closest",
        hoverdistance=40,
        clickmode="event+select",
        dragmode=False,
        showlegend=True,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "itemclick": False,
            "itemdoubleclick": False,
            "font": {"size": 14},
        },
        annotations=annotations,
        shapes=shapes,
        xaxis={
            "visible": False,
            "range": list(layout.x_range),
            "fixedrange": True,
        },
        yaxis={"visible": False, "range": [layout.bottom - 0.15, layout.top + 0.15], "fixedrange": True},
    )
    return figure


def _node_hover(graph: nx.DiGraph, node: str, style: KindStyle) -> str:
    data = graph.nodes[node]
    return f"<b>{data['label']}</b> ({style.label.lower()})<br>{wrap(data['description'], 48)}"


ARROW_TAIL = 0.12
"""Length of an arrowhead annotation's shaft, in layout units."""


def _arrows(route: list[tuple[float, float]], color: str, *, both: bool, size: float = 1.1) -> list[dict[str, Any]]:
    """Arrowhead annotations at the end of a route (and at its start if ``both``)."""
    ends = [(route[-2], route[-1])]
    if both:
        ends.append((route[1], route[0]))
    arrows = []
    for (x0, y0), (x1, y1) in ends:
        # The arrow's own shaft lies on the edge's line; plotly draws no head on a very short one.
        share = min(1.0, ARROW_TAIL / max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9))
        arrows.append(
            {
                "x": x1,
                "y": y1,
                "ax": x1 - (x1 - x0) * share,
                "ay": y1 - (y1 - y0) * share,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": size,
                "arrowwidth": 2.5,
                "arrowcolor": color,
                "text": "",
            }
        )
    return arrows


def selected_node(event: Any, graph: nx.DiGraph) -> str | None:
    """The node a plotly selection event points at, if any (the first clicked node point)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        node = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(node, list | tuple):
            node = node[0] if node else None
        if isinstance(node, str) and node in graph:
            return node
    return None


# --- Comparing --------------------------------------------------------------------------


def compare_table(
    graphs: dict[str, nx.DiGraph], criteria: pd.DataFrame, first: str, second: str, labels: dict[str, str]
) -> pd.DataFrame:
    """Two architectures side by side: computed figures first, then the criteria from CSV.

    ``labels`` maps each criteria column to the row heading shown. Columns of the
    result are the two diagrams' titles.
    """
    rows: dict[str, list[str]] = {}
    insights = [compute_insight(graphs[d]) for d in (first, second)]
    titles = [graphs[d].graph["title"] for d in (first, second)]

    def names(graph: nx.DiGraph, nodes: Iterable[str]) -> str:
        return ", ".join(graph.nodes[n]["label"] for n in nodes) or "none"

    rows["Code paths (computed)"] = [str(i.code_paths) for i in insights]
    rows["Routes from source to consumer (computed)"] = [str(i.data_paths) for i in insights]
    rows["Longest path, in hops (computed)"] = [str(i.hops) for i in insights]
    rows["Single points of failure (computed)"] = [
        names(graphs[d], i.single_points_of_failure) for d, i in zip((first, second), insights, strict=True)
    ]
    indexed = criteria.set_index("diagram")
    for column, label in labels.items():
        rows[label] = [str(indexed.at[d, column]) if d in indexed.index else "" for d in (first, second)]
    if titles[0] == titles[1]:
        titles = [f"{titles[0]} (left)", f"{titles[1]} (right)"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=titles)
