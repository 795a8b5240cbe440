"""The layered layout: left to right, no overlapping boxes."""

from __future__ import annotations

import itertools

import networkx as nx

from studylab.content.loader import Content
from studylab.labs.diagrams import layout as dl
from studylab.labs.diagrams import model as dg


def _boxes_overlap(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    (ax, ay, aw), (bx, by, bw) = a, b
    return abs(ax - bx) < aw + bw and abs(ay - by) < 2 * dl.BOX_HALF_HEIGHT


def test_layout_flows_left_to_right_with_no_overlapping_boxes(graphs: dict[str, nx.DiGraph]) -> None:
    for diagram, graph in graphs.items():
        layout = dl.layered_layout(graph)
        boxes = [(x, y, layout.half_widths[n]) for n, (x, y) in layout.positions.items()]
        assert len(set(layout.positions.values())) == len(graph), diagram
        assert not any(_boxes_overlap(a, b) for a, b in itertools.combinations(boxes, 2)), diagram
        for u, v in dg.flow_graph(graph).edges:
            assert layout.positions[u][0] < layout.positions[v][0], (diagram, u, v)
        assert set(layout.routes) == set(graph.edges), diagram


def test_sources_sit_left_and_steering_nodes_above(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["modern_data_stack"]
    layout = dl.layered_layout(graph)
    flow_tops = [y for n, (_, y) in layout.positions.items() if n != "orchestration"]
    assert layout.positions["orchestration"][1] > max(flow_tops)
    assert {layout.positions[n][0] for n in dg.sources(dg.flow_graph(graph))} == {0.0}


def test_concept_map_links_every_topic_from_left_to_right(content: Content) -> None:
    graph = dg.build_concept_map(content, content.table("concept_links"))
    assert set(graph) == set(content.topics)
    assert nx.is_directed_acyclic_graph(graph)
    assert all(graph.degree(n) > 0 for n in graph)
    assert {k for *_, k in graph.edges(data="kind")} == {"builds_on", "contrasts_with"}
    layout = dl.layered_layout(graph)
    assert all(layout.positions[u][0] < layout.positions[v][0] for u, v in graph.edges)
    boxes = [(x, y, layout.half_widths[n]) for n, (x, y) in layout.positions.items()]
    assert not any(_boxes_overlap(a, b) for a, b in itertools.combinations(boxes, 2))
