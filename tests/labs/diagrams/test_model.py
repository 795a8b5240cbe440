"""Diagrams: sound graphs from CSV and insight computed from the graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.content.schemas import TABLES
from studylab.labs.diagrams import figures as fg
from studylab.labs.diagrams import model as dg

ARCHITECTURE_TOPICS = {
    "data_warehouse",
    "data_lake",
    "lakehouse",
    "modern_data_stack",
    "lambda_architecture",
    "kappa_architecture",
    "dataflow_model",
    "mlops_definition",
}


def make(edges: list[tuple[str, str, str]], kinds: dict[str, str], cyclic: bool = False) -> nx.DiGraph:
    """A hand-made diagram: edges as (source, target, edge kind), node kinds by id."""
    graph = nx.DiGraph(id="t", title="t", cyclic=cyclic)
    for node, kind in kinds.items():
        graph.add_node(node, label=node.replace("_", " "), kind=kind, description="d", topic="t")
    for u, v, kind in edges:
        graph.add_edge(u, v, kind=kind, label=f"{u} to {v}")
    return graph


LAMBDA_LIKE = make(
    [
        ("src", "batch", "batch"),
        ("batch", "views", "batch"),
        ("views", "serve", "batch"),
        ("src", "stream", "stream"),
        ("stream", "speed", "stream"),
        ("speed", "serve", "stream"),
        ("serve", "app", "query"),
    ],
    {
        "src": "source",
        "batch": "processing",
        "views": "storage",
        "stream": "processing",
        "speed": "storage",
        "serve": "serving",
        "app": "consumer",
    },
)

KAPPA_LIKE = make(
    [("src", "log", "stream"), ("log", "job", "stream"), ("job", "serve", "stream"), ("serve", "app", "query")],
    {"src": "source", "log": "storage", "job": "processing", "serve": "serving", "app": "consumer"},
)


# --- The diagrams in data/ -----------------------------------------------------------------


def test_every_diagram_table_is_declared() -> None:
    declared = {spec.name for spec in TABLES}
    assert {"diagrams", "diagram_nodes", "diagram_edges", "diagram_node_roles", "architecture_criteria"} <= declared
    assert "concept_links" in declared


def test_every_architecture_topic_has_a_diagram_and_the_warehouse_two(graphs: dict[str, nx.DiGraph]) -> None:
    topics = [g.graph["topic"] for g in graphs.values()]
    assert ARCHITECTURE_TOPICS <= set(topics)
    variants = {g.graph["variant"] for g in graphs.values() if g.graph["topic"] == "data_warehouse"}
    assert variants == {"ETL", "ELT"}


@pytest.mark.parametrize("diagram", ["warehouse_etl", "lambda", "mlops_life_cycle"])
def test_named_diagrams_exist(graphs: dict[str, nx.DiGraph], diagram: str) -> None:
    assert diagram in graphs


def test_every_diagram_is_a_dag_unless_declared_cyclic(graphs: dict[str, nx.DiGraph]) -> None:
    for diagram, graph in graphs.items():
        assert nx.is_directed_acyclic_graph(graph) != graph.graph["cyclic"], diagram
        spine = graph.copy()
        spine.remove_edges_from([(u, v) for u, v, k in graph.edges(data="kind") if k == dg.FEEDBACK])
        assert nx.is_directed_acyclic_graph(spine), diagram
    assert graphs["mlops_life_cycle"].graph["cyclic"]


def test_every_node_is_on_a_path_from_a_source_to_a_sink(graphs: dict[str, nx.DiGraph]) -> None:
    for diagram, graph in graphs.items():
        flow = dg.flow_graph(graph)
        starts, ends = dg.sources(flow), dg.sinks(flow)
        for node in flow:
            assert any(nx.has_path(flow, s, node) for s in starts), (diagram, node)
            assert any(nx.has_path(flow, node, e) for e in ends), (diagram, node)
        steering = set(graph) - set(flow)
        assert all(graph.out_degree(n) and not graph.in_degree(n) for n in steering), (diagram, steering)
        if not graph.graph["cyclic"]:
            assert {graph.nodes[n]["kind"] for n in starts} == {"source"}, diagram
            assert {graph.nodes[n]["kind"] for n in ends} == {"consumer"}, diagram


def test_every_node_has_a_description_and_a_real_topic(graphs: dict[str, nx.DiGraph], content: Content) -> None:
    for graph in graphs.values():
        for node, data in graph.nodes(data=True):
            assert data["description"].strip(), node
            assert data["topic"] in content.topics, node
            assert data["kind"] in fg.NODE_KINDS, node
        for u, v, kind in graph.edges(data="kind"):
            assert kind in fg.EDGE_KINDS, (u, v)


def test_content_check_finds_no_diagram_problem(content: Content) -> None:
    assert dg.check_diagrams(content) == []


def test_mlops_stages_say_what_goes_wrong_and_who_cares(graphs: dict[str, nx.DiGraph], content: Content) -> None:
    graph = graphs["mlops_life_cycle"]
    links = content.table("diagram_node_roles")
    roles = set(content.table("mlops_roles")["role_id"])
    for node, data in graph.nodes(data=True):
        assert data["pitfall"] and data["pitfall"].startswith("Without MLOps"), node
        cared = links[(links["diagram"] == "mlops_life_cycle") & (links["node"] == node)]
        assert len(cared) >= 1, node
        assert set(cared["role_id"]) <= roles
    # every role of the people-of-MLOps table cares about some stage
    assert set(links["role_id"]) == roles


def test_lambda_and_kappa_numbers(graphs: dict[str, nx.DiGraph]) -> None:
    assert dg.code_paths(graphs["lambda"]) == 2
    assert dg.code_paths(graphs["kappa"]) == 1
    assert dg.code_paths(graphs["dataflow"]) == 1
    assert dg.single_points_of_failure(graphs["lambda"]) == ["serving_layer"]


def test_criteria_cover_every_architecture_but_the_life_cycle(graphs: dict[str, nx.DiGraph], content: Content) -> None:
    criteria = set(content.table("architecture_criteria")["diagram"])
    assert criteria == {d for d, g in graphs.items() if not g.graph["cyclic"]}


# --- Insight on hand-made graphs ----------------------------------------------------------------


def test_code_paths_two_for_lambda_one_for_kappa() -> None:
    assert dg.code_paths(LAMBDA_LIKE) == 2
    assert dg.code_paths(KAPPA_LIKE) == 1


def test_two_sources_through_one_pipeline_share_a_code_path() -> None:
    graph = make(
        [("files", "job", "batch"), ("events", "job", "stream"), ("job", "app", "query")],
        {"files": "source", "events": "source", "job": "processing", "app": "consumer"},
    )
    assert dg.code_paths(graph) == 1
    assert dg.data_paths(graph) == 2


def test_code_paths_count_per_consumer_not_across_consumers() -> None:
    graph = make(
        [("src", "sql", "batch"), ("src", "ml", "batch"), ("sql", "bi", "query"), ("ml", "model", "batch")],
        {"src": "source", "sql": "processing", "ml": "processing", "bi": "consumer", "model": "consumer"},
    )
    assert dg.code_paths(graph) == 1


def test_single_points_of_failure() -> None:
    assert dg.single_points_of_failure(LAMBDA_LIKE) == ["serve"]
    assert dg.single_points_of_failure(KAPPA_LIKE) == ["log", "job", "serve"]
    diamond = make(
        [("s", "a", "batch"), ("s", "b", "batch"), ("a", "t", "batch"), ("b", "t", "batch")],
        {"s": "source", "a": "storage", "b": "storage", "t": "consumer"},
    )
    assert dg.single_points_of_failure(diamond) == []


def test_a_part_feeding_only_one_consumer_is_a_single_point_of_failure_for_it() -> None:
    graph = make(
        [("s", "hub", "batch"), ("hub", "bi", "query"), ("hub", "etl", "batch"), ("etl", "crm", "batch")],
        {"s": "source", "hub": "storage", "bi": "consumer", "etl": "ingestion", "crm": "consumer"},
    )
    assert dg.single_points_of_failure(graph) == ["hub", "etl"]


def test_control_edges_are_no_path() -> None:
    graph = make(
        [("s", "a", "batch"), ("a", "t", "batch"), ("ctl", "a", "control"), ("ctl", "t", "control")],
        {"s": "source", "a": "processing", "t": "consumer", "ctl": "control"},
    )
    assert dg.single_points_of_failure(graph) == ["a"]
    assert dg.data_paths(graph) == 1
    assert dg.longest_path(graph) == ["s", "a", "t"]


def test_longest_path() -> None:
    assert dg.longest_path(LAMBDA_LIKE)[-2:] == ["serve", "app"]
    assert len(dg.longest_path(LAMBDA_LIKE)) == 5
    assert dg.compute_insight(KAPPA_LIKE).hops == 4


@st.composite
def single_source_dags(draw: st.DrawFn) -> nx.DiGraph:
    """A random DAG in which every node lies on a path from node 0 to the last node."""
    size = draw(st.integers(min_value=2, max_value=9))
    pairs = [(i, j) for i in range(size) for j in range(i + 1, size)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1))
    graph = nx.DiGraph([(f"n{i}", f"n{j}") for i, j in [*chosen, (0, size - 1)]])
    start, end = "n0", f"n{size - 1}"
    keep = (nx.descendants(graph, start) | {start}) & (nx.ancestors(graph, end) | {end})
    kinds = {n: "processing" for n in keep} | {start: "source", end: "consumer"}
    return make([(u, v, "batch") for u, v in graph.subgraph(keep).edges], kinds)


@settings(max_examples=60, deadline=None)
@given(single_source_dags())
def test_single_points_of_failure_are_the_dominators_of_the_sink(graph: nx.DiGraph) -> None:
    start, end = dg.sources(graph)[0], dg.sinks(graph)[0]
    idom = nx.immediate_dominators(graph, start)
    dominators, node = set(), end
    while node != start:
        node = idom[node]
        dominators.add(node)
    assert set(dg.single_points_of_failure(graph)) == dominators - {start}


@settings(max_examples=60, deadline=None)
@given(single_source_dags())
def test_code_paths_never_exceed_routes_and_steps_follow_the_longest_path(graph: nx.DiGraph) -> None:
    assert 1 <= dg.code_paths(graph) <= dg.data_paths(graph)
    steps = dg.record_steps(graph, dg.sources(graph)[0])
    assert len(steps) == dg.compute_insight(graph).hops
    assert all(graph.has_edge(u, v) for step in steps for u, v in step)


# --- Following a record ---------------------------------------------------------------------


def test_record_takes_both_lambda_paths_and_they_meet_in_serving() -> None:
    steps = dg.record_steps(LAMBDA_LIKE, "src")
    assert steps[0] == [("src", "batch"), ("src", "stream")]
    assert sorted(steps[2]) == [("speed", "serve"), ("views", "serve")]
    assert steps[-1] == [("serve", "app")]


def test_record_in_a_cycle_ends_with_the_loop(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["mlops_life_cycle"]
    steps = dg.record_steps(graph, "business_goal")
    assert steps[0] == [("business_goal", "data_preparation")]
    assert all(graph.edges[e]["kind"] == dg.FEEDBACK for e in steps[-1])
    assert all(graph.edges[e]["kind"] != dg.FEEDBACK for step in steps[:-1] for e in step)


def test_record_from_an_unknown_node_has_no_steps() -> None:
    assert dg.record_steps(LAMBDA_LIKE, "nowhere") == []


# --- Checking a diagram ------------------------------------------------------------------------


def test_check_finds_undeclared_cycle_and_misplaced_feedback() -> None:
    kinds = {"s": "source", "a": "processing", "t": "consumer"}
    looped = make([("s", "a", "batch"), ("a", "t", "batch"), ("t", "a", "batch")], kinds)
    assert any("cycle" in p for p in dg.check_diagram(looped))
    feedback = make([("s", "a", "batch"), ("a", "t", "batch"), ("t", "a", "feedback")], kinds)
    assert any("not declared cyclic" in p for p in dg.check_diagram(feedback))
    declared = make([("s", "a", "batch"), ("a", "t", "batch")], kinds, cyclic=True)
    assert dg.check_diagram(declared) == ["declared cyclic but has no cycle"]


def test_check_finds_dangling_parts() -> None:
    graph = make(
        [("s", "a", "batch"), ("a", "t", "batch"), ("a", "dead_end", "batch")],
        {"s": "source", "a": "processing", "t": "consumer", "dead_end": "storage", "alone": "storage"},
    )
    problems = dg.check_diagram(graph)
    assert "flow ends at 'dead_end', which is not a consumer" in problems
    assert "node 'alone' has no edges" in problems


def test_build_diagram_rejects_an_edge_to_another_diagrams_node() -> None:
    nodes = pd.DataFrame(
        [
            {"diagram": "x", "id": "a", "label": "A", "kind": "source", "description": "d", "topic": "t"},
            {"diagram": "y", "id": "b", "label": "B", "kind": "consumer", "description": "d", "topic": "t"},
        ]
    ).assign(pitfall=None, link=None, _line=[2, 3])
    edges = pd.DataFrame([{"diagram": "x", "source": "a", "target": "b", "kind": "batch", "label": "l", "_line": 2}])
    with pytest.raises(dg.DiagramError, match="line 2"):
        dg.build_diagram({"id": "x", "cyclic": False}, nodes, edges)


# --- Layout and figure --------------------------------------------------------------------------


def test_selected_node_reads_a_click_event() -> None:
    event = {"selection": {"points": [{"customdata": "not_a_node"}, {"customdata": "speed"}]}}
    assert dg.selected_node(event, LAMBDA_LIKE) == "speed"
    assert dg.selected_node({"selection": {"points": [{"customdata": ["serve"]}]}}, LAMBDA_LIKE) == "serve"
    assert dg.selected_node({"selection": {"points": []}}, LAMBDA_LIKE) is None
    assert dg.selected_node(None, LAMBDA_LIKE) is None


# --- Comparing and the concept map -----------------------------------------------------------


def test_compare_table_puts_computed_rows_first(graphs: dict[str, nx.DiGraph], content: Content) -> None:
    criteria = content.table("architecture_criteria")
    table = dg.compare_table(graphs, criteria, "lambda", "kappa", {"latency": "Latency"})
    assert list(table.columns) == ["Lambda architecture", "Kappa architecture"]
    assert table.loc["Code paths (computed)"].tolist() == ["2", "1"]
    assert table.index[-1] == "Latency"
    same = dg.compare_table(graphs, criteria, "kappa", "kappa", {})
    assert len(set(same.columns)) == 2


def test_node_links_are_read_and_checked(content: Content) -> None:
    assert dg.node_link("lambda_architecture?node=speed_layer") == ("lambda_architecture", "speed_layer")
    assert dg.node_link("lambda_architecture?preset=x") == ("lambda_architecture", None)
    assert dg.node_link(None) == ("", None)
    broken = Content(root=content.root, topics=content.topics, tables=dict(content.tables))
    extra = pd.DataFrame([{"id": "q_x", "topic": "kappa_architecture", "link": "kappa_architecture?node=speed_layer"}])
    broken.tables["questions"] = pd.concat([content.table("questions"), extra.assign(_line=999)])
    problems = dg.check_diagrams(broken)
    assert [(p.path, p.location) for p in problems] == [("data/questions.csv", "line 999, column link")]
    assert "'speed_layer'" in problems[0].problem


def test_selected_part_reads_a_click_on_a_box_or_an_arrow() -> None:
    on_arrow = {"selection": {"points": [{"customdata": dg.edge_key("speed", "serve")}]}}
    assert dg.selected_part(on_arrow, LAMBDA_LIKE) == ("speed", "serve")
    assert dg.selected_part({"selection": {"points": [{"customdata": "speed"}]}}, LAMBDA_LIKE) == "speed"
    assert dg.selected_part({"selection": {"points": [{"customdata": "serve->speed"}]}}, LAMBDA_LIKE) is None
    assert dg.selected_node(on_arrow, LAMBDA_LIKE) is None
