"""Architecture diagrams as graphs: built from CSV rows, and what the graph tells.

Each diagram is a networkx ``DiGraph`` whose nodes and edges come from
``data/diagram_nodes.csv`` and ``data/diagram_edges.csv``. Everything a page
shows about a diagram is computed here from the graph itself: the number of code
paths, the single points of failure, the longest path and the steps a record takes
through it. Pure: no plotly, no streamlit (the layout is in :mod:`.layout`, the
drawing in :mod:`.figures`).

Edges come in three families:

* **flow** edges (``batch``, ``stream``, ``query``, ``step``) carry data or a model
  from sources to consumers; every computation below uses only these;
* **control** edges come from nodes that steer others (orchestration, governance)
  and are drawn from a band above the flow;
* **feedback** edges close the loop of a cyclic diagram (the MLOps life cycle)
  and are drawn below the flow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

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


def _cycle_problems(graph: nx.DiGraph, feedback: list[tuple[str, str]]) -> list[str]:
    """A cyclic diagram loops only through feedback edges; any other diagram does not loop at all."""
    if graph.graph.get("cyclic"):
        problems = ["declared cyclic but has no cycle"] if nx.is_directed_acyclic_graph(graph) else []
        spine = graph.copy()
        spine.remove_edges_from(feedback)
        if not nx.is_directed_acyclic_graph(spine):
            problems.append("has a cycle that does not go through a feedback edge")
        return problems
    problems = [f"has feedback edges {feedback} but is not declared cyclic"] if feedback else []
    if not nx.is_directed_acyclic_graph(graph):
        problems.append(f"has a cycle {[u for u, _ in nx.find_cycle(graph)]} but is not declared cyclic")
    return problems


def _flow_problems(graph: nx.DiGraph) -> list[str]:
    """On the flow edges every node is reached from a source and reaches a sink (of the right kinds
    unless the diagram is cyclic)."""
    flow = flow_graph(graph)
    starts, ends = sources(flow), sinks(flow)
    problems: list[str] = []
    if not graph.graph.get("cyclic"):
        kind = graph.nodes
        problems += [
            f"flow starts at {n!r}, which is not a source" for n in starts if kind[n]["kind"] not in ENTRY_KINDS
        ]
        problems += [f"flow ends at {n!r}, which is not a consumer" for n in ends if kind[n]["kind"] not in EXIT_KINDS]
    reached = set(starts).union(*(nx.descendants(flow, n) for n in starts))
    reaching = set(ends).union(*(nx.ancestors(flow, n) for n in ends))
    problems += [f"node {n!r} is not on a path from a source to a sink" for n in flow if n not in reached & reaching]
    return problems


def check_diagram(graph: nx.DiGraph) -> list[str]:
    """Everything structurally wrong with a diagram, as sentences (empty when it is sound).

    A diagram is acyclic unless it declares itself cyclic; a cyclic one loops only
    through ``feedback`` edges. Every node is connected; control edges leave
    nodes that only steer; and on the flow edges every node is reached from a
    source and reaches a sink (in a diagram that is not cyclic, sources have kind
    ``source`` and sinks kind ``consumer``).
    """
    if not len(graph):
        return ["the diagram has no nodes"]
    kinds = nx.get_edge_attributes(graph, "kind")
    problems = _cycle_problems(graph, [edge for edge, kind in kinds.items() if kind == FEEDBACK])
    if problems:
        return problems
    problems = [f"node {node!r} has no edges" for node in graph if graph.degree(node) == 0]
    for u, v in (edge for edge, kind in kinds.items() if kind == CONTROL):
        if any(kind != CONTROL for *_, kind in graph.edges(u, data="kind")) or graph.in_degree(u):
            problems.append(f"control edge {u!r} -> {v!r} must come from a node that only steers others")
    return problems + _flow_problems(graph)


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


EDGE_SEP = "->"
"""Joins an edge's two node ids in a click point's ``customdata`` (node ids are plain words)."""


def edge_key(u: str, v: str) -> str:
    """The ``customdata`` of an edge's click points."""
    return f"{u}{EDGE_SEP}{v}"


def selected_part(event: Any, graph: nx.DiGraph) -> str | tuple[str, str] | None:
    """The node or edge a plotly selection event points at, if any (the first clicked part)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        part = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(part, list | tuple):
            part = part[0] if part else None
        if not isinstance(part, str):
            continue
        if part in graph:
            return part
        u, _, v = part.partition(EDGE_SEP)
        if graph.has_edge(u, v):
            return (u, v)
    return None


def selected_node(event: Any, graph: nx.DiGraph) -> str | None:
    """The node a plotly selection event points at, if any (the first clicked node point)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        part = selected_part({"selection": {"points": [point]}}, graph)
        if isinstance(part, str):
            return part
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
