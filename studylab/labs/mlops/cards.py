"""Challenge and DevOps cards (Introducing MLOps ch. 1), linked to stages of the model life cycle.

The stages are the nodes of the ``mlops_life_cycle`` diagram (``data/diagram_nodes.csv``);
the roles that care about each stage come from ``data/diagram_node_roles.csv``.
"""

from __future__ import annotations

import pandas as pd

LIFE_CYCLE = "mlops_life_cycle"
"""The diagram whose nodes are the stages cards link to."""

KINDS = {"challenge": "Why it is hard", "devops": "Borrowed from DevOps"}
"""Card kinds, with the heading each is shown under."""

KIND_TAGS = {"challenge": "Challenge", "devops": "DevOps"}
"""Card kinds, as one word for a table column."""


def cards_of(cards: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The cards of one kind, in the book's order."""
    return cards[cards["kind"] == kind].sort_values("order").reset_index(drop=True)


def stages(nodes: pd.DataFrame, diagram: str = LIFE_CYCLE) -> pd.DataFrame:
    """The life-cycle stages (``id``, ``label``, ``description``, ``pitfall``) in the diagram's file order."""
    part = nodes[nodes["diagram"] == diagram].sort_values("_line")
    return part[["id", "label", "description", "pitfall"]].reset_index(drop=True)


def unknown_stages(links: pd.DataFrame, nodes: pd.DataFrame, diagram: str = LIFE_CYCLE) -> pd.DataFrame:
    """Rows of ``mlops_card_stages`` naming a stage that is not a node of the life-cycle diagram."""
    known = set(stages(nodes, diagram)["id"])
    return links[~links["stage"].isin(known)].reset_index(drop=True)


def card_stages(card: str, links: pd.DataFrame, nodes: pd.DataFrame, diagram: str = LIFE_CYCLE) -> pd.DataFrame:
    """The stages one card touches, in life-cycle order: ``id``, ``label``, ``note`` and ``pitfall``."""
    order = stages(nodes, diagram)
    mine = links[links["card"] == card][["stage", "note"]]
    merged = order.merge(mine, left_on="id", right_on="stage")
    return merged[["id", "label", "note", "pitfall"]].reset_index(drop=True)


def stage_roles(
    stage_ids: list[str], node_roles: pd.DataFrame, role_names: dict[str, str], diagram: str = LIFE_CYCLE
) -> pd.DataFrame:
    """Roles that care about any of ``stage_ids``: ``role`` and the stages with why, in the book's role order."""
    part = node_roles[(node_roles["diagram"] == diagram) & node_roles["node"].isin(stage_ids)]
    rank = {role: i for i, role in enumerate(role_names)}
    part = part.assign(rank=part["role_id"].map(rank)).sort_values(["rank", "_line"])
    grouped = part.groupby("role_id", sort=False).agg(stages=("node", list), why=("why", list))
    grouped.insert(0, "role", [role_names.get(r, r) for r in grouped.index])
    return grouped.reset_index()


def card_stage_matrix(cards: pd.DataFrame, links: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Cards (rows: challenges, then DevOps ideas, each in order) by stages (columns, life-cycle order).

    Cells are True where the card touches the stage; rows are labelled by card title, columns
    by stage label, after a first column ``Kind`` (a word from :data:`KIND_TAGS`).
    """
    order = stages(nodes)
    rank = cards["kind"].map(list(KINDS).index)
    ordered = cards.assign(_rank=rank).sort_values(["_rank", "order"])
    matrix = pd.DataFrame(False, index=list(ordered["id"]), columns=list(order["id"]))
    for row in links.itertuples():
        if row.card in matrix.index and row.stage in matrix.columns:
            matrix.loc[row.card, row.stage] = True
    matrix.columns = list(order["label"])
    matrix.insert(0, "Kind", list(ordered["kind"].map(KIND_TAGS)))
    matrix.index = list(ordered["title"])
    return matrix


def cards_at_stage(stage: str, cards: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Cards linked to one stage, challenges first, with the link's note."""
    mine = links[links["stage"] == stage][["card", "note"]]
    merged = cards.merge(mine, left_on="id", right_on="card")
    merged["kind_rank"] = merged["kind"].map(list(KINDS).index)
    return merged.sort_values(["kind_rank", "order"]).drop(columns=["kind_rank", "card"]).reset_index(drop=True)
