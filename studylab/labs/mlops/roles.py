"""The people of MLOps (Introducing MLOps ch. 2): the roles table, as the book lays it out.

Besides the faithful table (:func:`role_table`), the roles are linked to *needs*: shared
themes that several roles' requirements express in their own words (``mlops_needs`` and
``mlops_requirement_needs``). The roles and needs form a bipartite networkx graph, from
which the matrix, the filters and the "who is affected when X breaks" scenarios are read.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

ROLE = "role"
NEED = "need"
"""Node kinds of the roles graph."""


def role_table(items: pd.DataFrame) -> pd.DataFrame:
    """One row per role: its parts in the model life cycle and its MLOps requirements, as lists."""
    ordered = items.sort_values(["role_id", "aspect", "order"])
    grouped = ordered.groupby(["role_id", "aspect"], sort=False)["text"].agg(list).unstack("aspect")
    first_row = items.drop_duplicates("role_id").set_index("role_id")
    table = pd.DataFrame(
        {
            "role": first_row["role"],
            "life_cycle": grouped.get("life_cycle"),
            "requirements": grouped.get("requirement"),
        },
        index=first_row.index,
    )
    return table.map(lambda v: v if isinstance(v, (list, str)) else []).reset_index()


def requirements(items: pd.DataFrame) -> pd.DataFrame:
    """The requirement rows only: ``role_id``, ``role``, ``order`` and ``text``, in the book's order."""
    rows = items[items["aspect"] == "requirement"]
    return rows[["role_id", "role", "order", "text"]].reset_index(drop=True)


def role_names(items: pd.DataFrame) -> dict[str, str]:
    """Role id -> role name, in the book's order."""
    first = items.drop_duplicates("role_id")
    return dict(zip(first["role_id"], first["role"], strict=True))


def unmapped_requirements(items: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Requirements that no row of ``mlops_requirement_needs`` links to a need (should be none)."""
    linked = mapping.merge(requirements(items), on=["role_id", "order"])
    keys = set(zip(linked["role_id"], linked["order"], strict=True))
    reqs = requirements(items)
    missing = [(r, o) not in keys for r, o in zip(reqs["role_id"], reqs["order"], strict=True)]
    return reqs[missing].reset_index(drop=True)


def dangling_links(items: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``mlops_requirement_needs`` naming a (role, order) that is not a requirement."""
    reqs = requirements(items)
    keys = set(zip(reqs["role_id"], reqs["order"], strict=True))
    bad = [(r, o) not in keys for r, o in zip(mapping["role_id"], mapping["order"], strict=True)]
    return mapping[bad].reset_index(drop=True)


def build_roles_graph(items: pd.DataFrame, needs: pd.DataFrame, mapping: pd.DataFrame) -> nx.Graph:
    """Roles and needs as a bipartite graph; an edge lists the role's requirements behind that need.

    Node attributes: ``kind`` (:data:`ROLE` or :data:`NEED`), ``label``, ``order`` and, for
    needs, ``description``. Edge attribute ``requirements``: the requirement texts, faithful
    to the book, in its order.
    """
    graph = nx.Graph()
    for index, (role_id, name) in enumerate(role_names(items).items()):
        graph.add_node(role_id, kind=ROLE, label=name, order=index)
    for row in needs.sort_values("order").itertuples():
        graph.add_node(row.id, kind=NEED, label=row.title, order=row.order, description=row.description)
    linked = mapping.merge(requirements(items), on=["role_id", "order"]).sort_values(["role_id", "order"])
    for row in linked.itertuples():
        if graph.has_edge(row.role_id, row.need):
            graph.edges[row.role_id, row.need]["requirements"].append(row.text)
        else:
            graph.add_edge(row.role_id, row.need, requirements=[row.text])
    return graph


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """Nodes of one kind, in their ``order``."""
    return sorted((n for n, k in graph.nodes(data="kind") if k == kind), key=lambda n: graph.nodes[n]["order"])


def role_need_matrix(graph: nx.Graph) -> pd.DataFrame:
    """Roles (rows) by needs (columns): how many of the role's requirements express each need."""
    roles, needs = nodes_of(graph, ROLE), nodes_of(graph, NEED)
    matrix = pd.DataFrame(0, index=roles, columns=needs)
    for role, need, reqs in graph.edges(data="requirements"):
        role, need = (role, need) if graph.nodes[role]["kind"] == ROLE else (need, role)
        matrix.loc[role, need] = len(reqs)
    matrix.index = [graph.nodes[n]["label"] for n in roles]
    matrix.columns = [graph.nodes[n]["label"] for n in needs]
    return matrix


def focus(graph: nx.Graph, node: str | None) -> set[str]:
    """What a filter on ``node`` shows: the node, its neighbours, and their other neighbours.

    For a role: its needs and every other role that shares one of them. For a need: the
    roles that have it and their other needs. ``None`` or an unknown node: everything.
    """
    if node is None or node not in graph:
        return set(graph.nodes)
    near = set(graph.neighbors(node))
    return {node} | near | {far for n in near for far in graph.neighbors(n)}


def shared_needs(graph: nx.Graph) -> pd.DataFrame:
    """Needs with the roles that share them, most-shared first: where roles must agree on one tool."""
    rows = [
        {
            "need": graph.nodes[need]["label"],
            "roles": [
                graph.nodes[r]["label"] for r in sorted(graph.neighbors(need), key=lambda r: graph.nodes[r]["order"])
            ],
        }
        for need in nodes_of(graph, NEED)
    ]
    frame = pd.DataFrame(rows)
    frame["count"] = frame["roles"].map(len)
    return frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Impact:
    """One role hit by a break scenario."""

    role_id: str
    role: str
    impact: str
    """What the role experiences or has to do, in plain words."""
    need: str
    """The need (id) whose requirement helps this role respond."""
    need_title: str
    requirements: tuple[str, ...]
    """The role's requirements, faithful to the book, that express that need."""


def affected_roles(graph: nx.Graph, links: pd.DataFrame, scenario: str) -> list[Impact]:
    """Who is affected when ``scenario`` breaks, in the book's role order, each with the requirement that helps."""
    rows = links[links["scenario"] == scenario]
    impacts = [
        Impact(
            role_id=row.role_id,
            role=graph.nodes[row.role_id]["label"],
            impact=row.impact,
            need=row.need,
            need_title=graph.nodes[row.need]["label"],
            requirements=tuple(graph.edges[row.role_id, row.need]["requirements"]),
        )
        for row in rows.itertuples()
        if graph.has_edge(row.role_id, row.need)
    ]
    return sorted(impacts, key=lambda i: graph.nodes[i.role_id]["order"])


def inconsistent_break_links(graph: nx.Graph, links: pd.DataFrame) -> pd.DataFrame:
    """Break-scenario rows whose role does not actually have the need they name (should be none)."""
    bad = [not graph.has_edge(r, n) for r, n in zip(links["role_id"], links["need"], strict=True)]
    return links[bad].reset_index(drop=True)


# --- Matching exercise ----------------------------------------------------------------


def matching_round(items: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    """``size`` requirements drawn at random (seeded), no two from the same role if possible.

    Columns: ``text`` (the requirement), ``role_id`` and ``role`` (the right answer).
    """
    reqs = requirements(items)
    rng = np.random.default_rng(seed)
    shuffled = reqs.iloc[rng.permutation(len(reqs))]
    # One per role first, then the rest, so a round covers as many roles as it can.
    spread = pd.concat([shuffled.drop_duplicates("role_id"), shuffled[shuffled.duplicated("role_id")]])
    picked = spread.head(max(0, size))
    return picked.iloc[rng.permutation(len(picked))][["text", "role_id", "role"]].reset_index(drop=True)


def grade_matching(round_: pd.DataFrame, answers: list[str | None], graph: nx.Graph | None = None) -> pd.DataFrame:
    """The round with each answer marked: ``answer``, ``correct`` and ``shares_need``.

    ``shares_need`` is true when a wrong answer names a role that shares a need with the
    right role's requirement: a near miss worth explaining, not a random guess.
    """
    graded = round_.copy()
    graded["answer"] = list(answers) + [None] * (len(round_) - len(answers))
    graded["correct"] = graded["answer"] == graded["role_id"]
    near = []
    for row in graded.itertuples():
        near.append(
            bool(
                graph is not None
                and not row.correct
                and row.answer in graph
                and set(graph.neighbors(row.answer)) & set(graph.neighbors(row.role_id))
            )
        )
    graded["shares_need"] = near
    return graded


# --- Figure ----------------------------------------------------------------------------


def layout_positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Roles on the left in the book's order; needs on the right, ordered by the roles they serve.

    Each need sits at the mean rank of its roles (barycentre ordering), which keeps edge
    crossings few; positions are spread evenly on each side, top to bottom.
    """
    roles, needs = nodes_of(graph, ROLE), nodes_of(graph, NEED)
    rank = {role: i for i, role in enumerate(roles)}

    def barycentre(need: str) -> float:
        near = [rank[r] for r in graph.neighbors(need)]
        return float(np.mean(near)) if near else len(roles)

    needs = sorted(needs, key=lambda n: (barycentre(n), graph.nodes[n]["order"]))
    positions: dict[str, tuple[float, float]] = {}
    for column, names in ((0.0, roles), (1.0, needs)):
        for i, name in enumerate(names):
            positions[name] = (column, 1.0 - i / max(1, len(names) - 1))
    return positions


def clicked_node(event: object) -> str | None:
    """The node id of a click on :func:`build_roles_figure`, from a plotly selection event."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points:
        node = point.get("customdata")
        if isinstance(node, list):
            node = node[0] if node else None
        if isinstance(node, str):
            return node
    return None
