"""Coupling: failure cascades in a service graph, monolith vs microservices, the strangler pattern.

The service graph is a networkx ``DiGraph`` with an edge ``caller -> callee`` per call.
A failure spreads from a service to its callers, one step per hop. Under tight coupling
(synchronous calls, no protection) every call carries it; under loose coupling (queues,
timeouts, circuit breakers, caches) only calls the caller truly cannot do without carry it,
and the other callers are merely degraded. Loose coupling only removes edges the failure
may cross, so it never reaches more services than tight coupling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import pandas as pd

Coupling = Literal["tight", "loose"]
Architecture = Literal["monolith", "by_domain", "microservices"]
ARCHITECTURES: dict[Architecture, str] = {
    "monolith": "Monolith",
    "by_domain": "One service per domain",
    "microservices": "Microservices",
}
"""Ways to group the same application services into deployable units."""


def build_service_graph(services: pd.DataFrame, calls: pd.DataFrame) -> nx.DiGraph:
    """The service graph from the ``service_nodes`` and ``service_calls`` tables."""
    graph = nx.DiGraph()
    for row in services.itertuples():
        graph.add_node(row.id, name=row.name, layer=int(row.layer), domain=row.domain, kind=row.kind)
    for row in calls.itertuples():
        graph.add_edge(row.caller, row.callee, essential=bool(row.essential), loose_via=row.loose_via)
    return graph


def _spread(graph: nx.DiGraph, origins: set[str], carries: dict[tuple[str, str], bool]) -> dict[str, int]:
    """Failed services and the step at which each fails (origins at 0), following callers."""
    step = dict.fromkeys(origins, 0)
    frontier = sorted(origins)
    hop = 0
    while frontier:
        hop += 1
        nxt = []
        for callee in frontier:
            for caller in graph.predecessors(callee):
                if caller not in step and carries[(caller, callee)]:
                    step[caller] = hop
                    nxt.append(caller)
        frontier = sorted(nxt)
    return step


def simulate_cascade(
    graph: nx.DiGraph,
    failed: str | Iterable[str],
    coupling: Coupling,
    in_process: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Which services fail, when, and which only degrade, after ``failed`` goes down.

    ``in_process`` maps services to deployment units: a call inside one unit is a function
    call and always carries the failure, whatever the coupling. Returns one row per service:
    ``service``, ``name``, ``state`` (``origin``, ``failed``, ``degraded`` or ``ok``) and
    ``step`` (the hop at which it failed or, if degraded, first lost a callee; -1 if untouched).
    """
    origins = {failed} if isinstance(failed, str) else set(failed)
    units = in_process or {}
    carries = {
        (a, b): coupling == "tight" or data["essential"] or (a in units and units.get(a) == units.get(b))
        for a, b, data in graph.edges(data=True)
    }
    steps = _spread(graph, origins, carries)
    rows = []
    for service in graph.nodes:
        if service in origins:
            state, step = "origin", 0
        elif service in steps:
            state, step = "failed", steps[service]
        elif lost := [steps[callee] for callee in graph.successors(service) if callee in steps]:
            state, step = "degraded", min(lost) + 1
        else:
            state, step = "ok", -1
        rows.append({"service": service, "name": graph.nodes[service]["name"], "state": state, "step": step})
    return pd.DataFrame(rows)


def cascade_at(cascade: pd.DataFrame, step: int) -> pd.DataFrame:
    """The cascade as it stands after ``step`` hops: what happens later still shows as ok."""
    shown = cascade.copy()
    shown.loc[cascade["step"] > step, "state"] = "ok"
    return shown


def failure_steps(cascade: pd.DataFrame) -> int:
    """Hops the failure itself travels (degraded services do not pass it on)."""
    failed = cascade.loc[cascade["state"].isin(["origin", "failed"]), "step"]
    return int(failed.max()) if not failed.empty else 0


def deploy_units(graph: nx.DiGraph, architecture: Architecture) -> dict[str, str]:
    """Application service -> the unit it is built and deployed in (datastores are left out)."""
    apps = [s for s, data in graph.nodes(data=True) if data["kind"] == "app"]
    if architecture == "monolith":
        return dict.fromkeys(apps, "monolith")
    if architecture == "by_domain":
        return {s: graph.nodes[s]["domain"] for s in apps}
    return {s: s for s in apps}


@dataclass(frozen=True)
class Outcome:
    """What one bad change to one service does under one architecture."""

    architecture: Architecture
    units: int
    """Deployable units: how many things can be released independently."""
    redeployed: frozenset[str]
    """Services that must be rebuilt and redeployed to ship a change to the service."""
    cascade: pd.DataFrame
    """The failure when the change crashes its unit (see :func:`simulate_cascade`)."""

    @property
    def down(self) -> int:
        """Services out of action, including the crashed unit."""
        return int(self.cascade["state"].isin(["origin", "failed"]).sum())


def blast_radius(graph: nx.DiGraph, service: str, architecture: Architecture) -> Outcome:
    """A change to ``service`` ships and crashes: what goes down and what had to be redeployed.

    The crash takes down the whole unit the service is deployed in. Calls inside a unit
    are in-process and carry the failure; a monolith is also tightly coupled to itself,
    while separately deployed services talk through loosely coupled interfaces.
    """
    units = deploy_units(graph, architecture)
    unit = units.get(service, service)
    crashed = {s for s, u in units.items() if u == unit} | {service}
    coupling: Coupling = "tight" if architecture == "monolith" else "loose"
    cascade = simulate_cascade(graph, crashed, coupling, in_process=units)
    return Outcome(architecture, len(set(units.values())), frozenset(crashed & set(units)), cascade)


def compare_architectures(graph: nx.DiGraph, service: str) -> pd.DataFrame:
    """One row per architecture: deployable units, services redeployed, down and degraded."""
    rows = []
    for architecture, label in ARCHITECTURES.items():
        outcome = blast_radius(graph, service, architecture)
        rows.append(
            {
                "architecture": label,
                "deployable_units": outcome.units,
                "redeployed_for_a_change": len(outcome.redeployed),
                "services_down": outcome.down,
                "services_degraded": int((outcome.cascade["state"] == "degraded").sum()),
            }
        )
    return pd.DataFrame(rows)


def layered_positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Node -> (x, y): one row per ``layer`` (0 on top), nodes spread evenly and centred."""
    layers: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        layers.setdefault(data["layer"], []).append(node)
    widest = max(len(nodes) for nodes in layers.values())
    positions = {}
    for layer, nodes in layers.items():
        offset = (widest - len(nodes)) / 2
        for index, node in enumerate(sorted(nodes, key=lambda n: (graph.nodes[n]["domain"], n))):
            positions[node] = (offset + index, -float(layer))
    return positions


# --- The strangler pattern -----------------------------------------------------

LEGACY, NEW = "legacy", "new"


def routing_after(route_ids: Sequence[str], moved: Sequence[str]) -> dict[str, str]:
    """The facade's routing table once the routes in ``moved`` go to the new system.

    A migration's state is the list of routes moved so far, in the order they were moved:
    the facade's routing follows from it, and undoing a step is dropping its last route.
    """
    chosen = set(moved)
    return {route: NEW if route in chosen else LEGACY for route in route_ids}


def move_next(route_ids: Sequence[str], moved: Sequence[str]) -> list[str]:
    """One step of the strangler: the first route, in plan order, not yet moved is moved."""
    remaining = [route for route in route_ids if route not in set(moved)]
    return [*moved, *remaining[:1]]


def roll_back(moved: Sequence[str]) -> list[str]:
    """Undo the last step: its route goes back to the legacy system (nothing to undo at the start)."""
    return list(moved[:-1])


def big_bang(route_ids: Sequence[str]) -> list[str]:
    """Every route switched at once: one step, all the traffic."""
    return list(route_ids)


def migration_plan(routes: pd.DataFrame, moved: Sequence[str]) -> pd.DataFrame:
    """Step by step, the share of traffic on the new system and the traffic put at risk.

    ``routes`` has ``id``, ``traffic_share`` (percent) and ``risk`` (1-5). Step 0 is the
    start; step *k* moves ``moved[k-1]``. ``at_risk`` is the traffic a failure of that
    step would hit, weighted by the route's risk; a big-bang switch is one step moving
    everything, so its single step puts all of it at risk.
    """
    share = dict(zip(routes["id"], routes["traffic_share"], strict=True))
    risk = dict(zip(routes["id"], routes["risk"], strict=True))
    name = dict(zip(routes["id"], routes["route"], strict=True))
    rows = [{"step": 0, "route": "", "name": "start", "on_new": 0.0, "at_risk": 0.0}]
    on_new = 0.0
    for step, route in enumerate(moved, start=1):
        on_new += share[route]
        at_risk = share[route] * risk[route] / 5
        rows.append({"step": step, "route": route, "name": name[route], "on_new": on_new, "at_risk": at_risk})
    return pd.DataFrame(rows)


def big_bang_risk(routes: pd.DataFrame) -> float:
    """Risk-weighted traffic exposed by switching every route at once."""
    return float((routes["traffic_share"] * routes["risk"] / 5).sum())
