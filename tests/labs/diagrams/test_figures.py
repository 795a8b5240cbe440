"""The diagram figure: a trace per kind, an arrow per edge, fitted labels, readable colours."""

from __future__ import annotations

import networkx as nx
import pytest

from studylab.content.loader import Content
from studylab.labs.diagrams import figures as fg
from studylab.labs.diagrams import layout as dl
from studylab.labs.diagrams import model as dg


def test_figure_has_one_trace_per_kind_and_an_arrow_per_edge(graphs: dict[str, nx.DiGraph]) -> None:
    for diagram, graph in graphs.items():
        figure = fg.build_figure(graph)
        node_traces = [t for t in figure.data if t.customdata is not None and t.showlegend is not False]
        kinds = {k for _, k in graph.nodes(data="kind")}
        assert sorted(t.name for t in node_traces) == sorted(fg.NODE_KINDS[k].label for k in kinds), diagram
        assert sorted(i for t in node_traces for i in t.customdata) == sorted(graph), diagram
        edge_traces = [t for t in figure.data if t.mode == "lines"]
        edge_kinds = {k for *_, k in graph.edges(data="kind")}
        assert sorted(t.name for t in edge_traces) == sorted(fg.EDGE_KINDS[k].label for k in edge_kinds), diagram
        layout = dl.layered_layout(graph)
        heads = {(round(a.x, 6), round(a.y, 6)) for a in figure.layout.annotations if a.showarrow}
        for edge in graph.edges:
            end = layout.routes[edge][-1]
            assert (round(end[0], 6), round(end[1], 6)) in heads, (diagram, edge)
        assert len(figure.layout.shapes) == len(graph), diagram


def test_symmetric_edges_get_two_arrowheads(content: Content) -> None:
    graph = dg.build_concept_map(content, content.table("concept_links"))
    figure = fg.build_figure(graph, node_kinds=fg.section_styles(content), edge_kinds=fg.CONCEPT_EDGE_KINDS)
    contrasts = sum(1 for *_, k in graph.edges(data="kind") if k == "contrasts_with")
    assert contrasts > 0
    assert len(figure.layout.annotations) == graph.number_of_edges() + contrasts


def test_labels_fit_their_boxes_at_projector_size(graphs: dict[str, nx.DiGraph], content: Content) -> None:
    for diagram, graph in graphs.items():
        labels = fg.fit_labels(graph, dl.layered_layout(graph))
        assert labels.fits and labels.size >= 14, (diagram, labels.size)
    concept = dg.build_concept_map(content, content.table("concept_links"))
    labels = fg.fit_labels(concept, dl.layered_layout(concept), row_px=fg.CONCEPT_ROW_PX)
    assert labels.fits and labels.size >= 13


def test_highlight_adds_the_step_and_the_selection(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["lambda"]
    plain = fg.build_figure(graph)
    step = dg.record_steps(graph, "source")[0]
    marked = fg.build_figure(graph, highlight=fg.Highlight(node="speed_layer", step=step, visited=frozenset()))
    record = [t for t in marked.data if t.name == "record, this step"]
    assert len(record) == 1 and record[0].line.color == fg.HIGHLIGHT
    assert len(marked.layout.shapes) == len(plain.layout.shapes) + 1
    assert len(marked.layout.annotations) == len(plain.layout.annotations) + len(step)


def test_colours_meet_wcag_contrast(content: Content) -> None:
    styles = [*fg.NODE_KINDS.values(), *fg.section_styles(content).values()]
    for style in styles:
        assert fg.contrast_ratio(fg.TEXT_COLOR, fg.tint(style.color)) >= 7, style.label
        assert fg.contrast_ratio(style.color, fg.BACKGROUND) >= 3, style.label
    for style in [*fg.EDGE_KINDS.values(), *fg.CONCEPT_EDGE_KINDS.values()]:
        assert fg.contrast_ratio(style.color, fg.BACKGROUND) >= 3, style.label
    assert fg.contrast_ratio(fg.HIGHLIGHT, fg.BACKGROUND) >= 4.5


def test_contrast_ratio_extremes() -> None:
    assert fg.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert fg.contrast_ratio("#777777", "#777777") == pytest.approx(1)


def test_every_box_is_clickable_all_over(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["lambda"]
    layout = dl.layered_layout(graph)
    hits = next(t for t in fg.build_figure(graph, layout).data if t.name == "box areas")
    for node, (x, y) in layout.positions.items():
        mine = [(px, py) for px, py, n in zip(hits.x, hits.y, hits.customdata, strict=True) if n == node]
        assert len(mine) == fg.HIT_COLUMNS * fg.HIT_ROWS, node
        assert min(abs(px - x) + abs(py - y) for px, py in mine) < 0.1, node
        assert all(abs(px - x) < layout.half_widths[node] for px, _ in mine), node


def test_arrows_carry_their_edge_for_a_click(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["lambda"]
    details = next(t for t in fg.build_figure(graph).data if t.name == "edge details")
    keys = set(details.customdata)
    assert keys == {dg.edge_key(u, v) for u, v in graph.edges}


def test_same_inputs_give_equal_figure_json(graphs: dict[str, nx.DiGraph]) -> None:
    graph = graphs["mlops_life_cycle"]
    highlight = fg.Highlight(node=next(iter(graph)), step=(), visited=frozenset())
    first = fg.build_figure(graph, highlight=highlight).to_json()
    assert fg.build_figure(graph, highlight=highlight).to_json() == first
