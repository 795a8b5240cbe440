"""The qualities figures: what each draws, and that each is a pure function of its inputs."""

from __future__ import annotations

import networkx as nx
import pytest

from studylab.content.loader import Content
from studylab.labs.qualities import availability as av
from studylab.labs.qualities import coupling as cp
from studylab.labs.qualities import elasticity as el
from studylab.labs.qualities import figures as qf
from studylab.labs.qualities import presets as qp
from studylab.labs.qualities.principles import build_principle_graph

SERVICE = el.Service(rate=100, price_per_hour=0.6, queue_limit=500)
SPIKY = el.LoadShape(base=50, peak=1000, spike_hour=18, spike_minutes=60, spike_factor=3, jitter=0.2)


@pytest.fixture(scope="module")
def graph(content: Content) -> nx.DiGraph:
    return cp.build_service_graph(content.table("service_nodes"), content.table("service_calls"))


def test_service_figure_draws_every_node(graph: nx.DiGraph) -> None:
    cascade = cp.simulate_cascade(graph, "payments", "loose")
    figure = qf.build_service_figure(graph, cascade, "loose")
    drawn = {node for trace in figure.data if trace.customdata is not None for node in trace.customdata}
    assert drawn == set(graph.nodes)


def test_routing_figure_sends_each_route_to_its_system(content: Content) -> None:
    routes = content.table("strangler_routes").sort_values("order")
    routing = cp.routing_after(list(routes["id"]), [routes["id"].iloc[0]])
    sankey = qf.build_routing_figure(routes, routing).data[0]
    new_index = len(sankey.node.label) - 1
    assert list(sankey.link.target).count(new_index) == 1
    assert len(qf.build_risk_figure(cp.migration_plan(routes, []), 50).data) == 2


def test_figures_have_a_line_per_policy() -> None:
    load = el.simulate_load(SPIKY)
    runs = el.compare_policies(load, el.policies(10, 1, 20, 0.8, 0.4, 5, 3), SERVICE)
    figure = qf.build_elasticity_figure(runs)
    names = {trace.name for trace in figure.data}
    assert {"Load", "Fixed capacity", "Autoscaling", "Scale to zero"} <= names
    assert len(qf.build_cost_figure(el.summarise(runs)).data[0].y) == 3


def test_figure_highlights_the_selected_principle_and_its_links(content: Content) -> None:
    graph = build_principle_graph(content.table("principles"), content.table("principle_links"))
    figure = qf.build_principle_figure(graph, "authors_prioritize_security")
    highlighted = figure.data[1]
    assert len([x for x in highlighted.x if x is not None]) == 2 * 2  # two links, two ends each
    nodes = {node for trace in figure.data if trace.customdata is not None for node in trace.customdata}
    assert nodes == set(graph.nodes)
    authors = next(trace for trace in figure.data if trace.name == "The authors")
    sizes = dict(zip(authors.customdata, authors.marker.size, strict=True))
    assert sizes["authors_prioritize_security"] > sizes["authors_embrace_finops"]


def test_every_figure_is_equal_for_equal_inputs(content: Content, graph: nx.DiGraph) -> None:
    load_row = content.table("load_presets").set_index("id").iloc[0]
    runs = qp.run_elasticity(qp.elasticity_inputs(load_row))
    stages = qp.availability_chain(content.table("availability_stages"), "dashboard_chain")
    monthly = av.downtime_by_month(av.simulate_outages(stages, 5, 1.0, seed=0))
    year = av.simulate_service_year(av.ServiceYear(availability=0.999, mttr_hours=1.0), seed=0)
    routes = content.table("strangler_routes").sort_values("order")
    principles = build_principle_graph(content.table("principles"), content.table("principle_links"))
    cascade = cp.simulate_cascade(graph, "orders_db", "tight")
    builds = [
        lambda: qf.build_elasticity_figure(runs),
        lambda: qf.build_cost_figure(el.summarise(runs)),
        lambda: qf.build_downtime_figure(monthly, av.expected_monthly_downtime(stages)),
        lambda: qf.build_year_figure(year),
        lambda: qf.build_service_figure(graph, cascade, "tight"),
        lambda: qf.build_routing_figure(routes, cp.routing_after(list(routes["id"]), [])),
        lambda: qf.build_risk_figure(cp.migration_plan(routes, list(routes["id"])), 50.0),
        lambda: qf.build_principle_figure(principles, "authors_embrace_finops"),
    ]
    for build in builds:
        assert build().to_json() == build().to_json()


def test_a_figure_leaves_its_inputs_unchanged(content: Content) -> None:
    runs = el.compare_policies(el.simulate_load(SPIKY), el.policies(10, 1, 20, 0.8, 0.4, 5, 3), SERVICE)
    before = {kind: run.copy() for kind, run in runs.items()}
    qf.build_elasticity_figure(runs)
    assert all(runs[kind].equals(before[kind]) for kind in runs)
