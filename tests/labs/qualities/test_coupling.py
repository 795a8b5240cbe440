"""Failure cascades, blast radius per architecture, and the strangler pattern's routing."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.labs.qualities import coupling as cp


@pytest.fixture(scope="module")
def graph(content: Content) -> nx.DiGraph:
    return cp.build_service_graph(content.table("service_nodes"), content.table("service_calls"))


def _down(cascade: pd.DataFrame) -> set[str]:
    return set(cascade.loc[cascade["state"].isin(["origin", "failed"]), "service"])


def test_tight_coupling_spreads_an_orders_database_failure_upstream(graph: nx.DiGraph) -> None:
    cascade = cp.simulate_cascade(graph, "orders_db", "tight").set_index("service")
    assert cascade.loc["orders_db", "state"] == "origin"
    assert cascade.loc["checkout", "step"] == 1
    assert cascade.loc["storefront", "step"] == 2  # through checkout
    assert cascade.loc["payments", "state"] == "ok"  # not a caller


def test_loose_coupling_contains_it_to_essential_callers(graph: nx.DiGraph) -> None:
    cascade = cp.simulate_cascade(graph, "orders_db", "loose").set_index("service")
    assert _down(cascade.reset_index()) == {"orders_db", "checkout"}
    assert cascade.loc["storefront", "state"] == "degraded"  # browsing works, buying does not
    assert cascade.loc["revenue_report", "state"] == "degraded"  # reads events, not the tables


@st.composite
def service_graphs(draw: st.DrawFn) -> nx.DiGraph:
    size = draw(st.integers(2, 12))
    graph = nx.DiGraph()
    for node in range(size):
        graph.add_node(f"s{node}", name=f"S{node}", layer=0, domain=f"d{node % 3}", kind="app")
    pairs = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=30))
    for a, b in pairs:
        if a != b:
            graph.add_edge(f"s{a}", f"s{b}", essential=draw(st.booleans()), loose_via="x")
    return graph


@settings(max_examples=200, deadline=None)
@given(service_graphs(), st.data())
def test_a_loose_cascade_never_reaches_more_than_a_tight_one(graph: nx.DiGraph, data: st.DataObject) -> None:
    failed = data.draw(st.sampled_from(sorted(graph.nodes)))
    loose = _down(cp.simulate_cascade(graph, failed, "loose"))
    tight = _down(cp.simulate_cascade(graph, failed, "tight"))
    assert loose <= tight
    # Tight coupling reaches exactly the services that call the failed one, directly or not.
    assert tight == nx.ancestors(graph, failed) | {failed}


@settings(max_examples=100, deadline=None)
@given(service_graphs(), st.data())
def test_cascade_steps_are_shortest_hops(graph: nx.DiGraph, data: st.DataObject) -> None:
    failed = data.draw(st.sampled_from(sorted(graph.nodes)))
    cascade = cp.simulate_cascade(graph, failed, "tight").set_index("service")
    hops = nx.single_source_shortest_path_length(graph.reverse(), failed)
    for service, hop in hops.items():
        assert cascade.loc[service, "step"] == hop


def test_stepping_shows_the_cascade_growing(graph: nx.DiGraph) -> None:
    cascade = cp.simulate_cascade(graph, "orders_db", "tight")
    sizes = [len(_down(cp.cascade_at(cascade, step))) for step in range(4)]
    assert sizes == sorted(sizes) and sizes[0] == 1 and sizes[-1] == len(_down(cascade))
    assert cp.failure_steps(cascade) == 2
    loose = cp.simulate_cascade(graph, "orders_db", "loose")
    degraded = [(cp.cascade_at(loose, step)["state"] == "degraded").sum() for step in range(3)]
    assert degraded == [0, 3, 4]  # direct callers notice after one hop, the storefront after two


def test_monolith_redeploys_everything_and_goes_down_together(graph: nx.DiGraph) -> None:
    apps = {n for n, d in graph.nodes(data=True) if d["kind"] == "app"}
    monolith = cp.blast_radius(graph, "revenue_report", "monolith")
    assert monolith.units == 1 and monolith.redeployed == apps
    assert monolith.down == len(apps)
    micro = cp.blast_radius(graph, "revenue_report", "microservices")
    assert micro.units == len(apps) and micro.redeployed == {"revenue_report"}
    assert micro.down == 1  # the dashboard falls back to the last report
    domain = cp.blast_radius(graph, "revenue_report", "by_domain")
    assert domain.redeployed == {"revenue_report", "revenue_dashboard"}


def test_blast_radius_shrinks_from_monolith_to_microservices(graph: nx.DiGraph) -> None:
    apps = [n for n, d in graph.nodes(data=True) if d["kind"] == "app"]
    for service in apps:
        table = cp.compare_architectures(graph, service).set_index("architecture")
        down = table["services_down"]
        assert down["Monolith"] >= down["One service per domain"] >= down["Microservices"], service
        redeployed = table["redeployed_for_a_change"]
        assert redeployed["Microservices"] == 1


def test_service_graph_data_is_sound(graph: nx.DiGraph, content: Content) -> None:
    layers = nx.get_node_attributes(graph, "layer")
    assert all(layers[a] < layers[b] for a, b in graph.edges), "callers sit above the services they call"
    assert nx.is_directed_acyclic_graph(graph)
    assert content.table("service_calls")["essential"].any()


# --- The strangler pattern -----------------------------------------------------

ROUTES = ["a", "b", "c", "d"]


def test_moving_the_next_route_follows_the_plan_order() -> None:
    assert cp.move_next(ROUTES, []) == ["a"]
    assert cp.move_next(ROUTES, ["c"]) == ["c", "a"]
    assert cp.move_next(ROUTES, ROUTES) == ROUTES


@given(st.permutations(ROUTES), st.integers(0, len(ROUTES) - 1))
def test_rollback_restores_the_previous_routing_exactly(order: list[str], steps: int) -> None:
    moved = list(order[:steps])
    before = cp.routing_after(ROUTES, moved)
    after = cp.move_next(ROUTES, moved)
    assert cp.routing_after(ROUTES, after) != before
    assert cp.roll_back(after) == moved
    assert cp.routing_after(ROUTES, cp.roll_back(after)) == before


@given(st.permutations(ROUTES))
def test_rolling_back_every_step_returns_to_all_legacy(order: list[str]) -> None:
    moved = list(order)
    while moved:
        moved = cp.roll_back(moved)
    assert set(cp.routing_after(ROUTES, moved).values()) == {cp.LEGACY}
    assert cp.roll_back([]) == []


def test_plan_counts_traffic_and_risk(content: Content) -> None:
    routes = content.table("strangler_routes").sort_values("order")
    assert routes["traffic_share"].sum() == pytest.approx(100)
    ids = list(routes["id"])
    plan = cp.migration_plan(routes, ids)
    assert plan["on_new"].iloc[-1] == pytest.approx(100)
    assert plan["on_new"].is_monotonic_increasing
    assert plan["at_risk"].max() < cp.big_bang_risk(routes)  # no single step risks as much as a big bang
    assert cp.big_bang(ids) == ids
