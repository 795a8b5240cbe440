"""Challenge and DevOps cards: the book's lists, each linked to real stages of the life-cycle diagram."""

from __future__ import annotations

from studylab.content.loader import Content
from studylab.labs.mlops.cards import (
    KIND_TAGS,
    LIFE_CYCLE,
    card_stage_matrix,
    card_stages,
    cards_at_stage,
    cards_of,
    stage_roles,
    stages,
    unknown_stages,
)
from studylab.labs.mlops.roles import role_names


def test_the_cards_are_the_books_challenges_and_devops_borrowings(content: Content) -> None:
    cards = content.table("mlops_cards")
    assert list(cards_of(cards, "challenge")["id"]) == [
        "changing_data",
        "shifting_needs",
        "communication_gaps",
        "no_engineering_practice",
        "turnover",
    ]
    assert list(cards_of(cards, "devops")["id"]) == [
        "automation_trust",
        "collaboration",
        "build_test_release",
        "continuous_delivery",
    ]


def test_every_card_links_to_stages_of_the_life_cycle_diagram(content: Content) -> None:
    links, nodes = content.table("mlops_card_stages"), content.table("diagram_nodes")
    assert unknown_stages(links, nodes).empty
    assert set(content.table("mlops_cards")["id"]) == set(links["card"])
    assert set(stages(nodes)["id"]) == set(nodes.loc[nodes["diagram"] == LIFE_CYCLE, "id"])


def test_a_cards_stages_come_in_life_cycle_order(content: Content) -> None:
    nodes = content.table("diagram_nodes")
    touched = card_stages("changing_data", content.table("mlops_card_stages"), nodes)
    order = list(stages(nodes)["id"])
    assert list(touched["id"]) == sorted(touched["id"], key=order.index)
    assert touched["note"].str.len().gt(0).all()


def test_the_matrix_has_a_row_per_card_and_a_column_per_stage(content: Content) -> None:
    cards, links, nodes = (content.table(n) for n in ("mlops_cards", "mlops_card_stages", "diagram_nodes"))
    matrix = card_stage_matrix(cards, links, nodes)
    assert matrix.shape == (len(cards), len(stages(nodes)) + 1)
    assert list(matrix["Kind"]) == [KIND_TAGS["challenge"]] * 5 + [KIND_TAGS["devops"]] * 4
    assert int(matrix.drop(columns="Kind").to_numpy().sum()) == len(links)


def test_cards_at_a_stage_put_challenges_first(content: Content) -> None:
    cards, links = content.table("mlops_cards"), content.table("mlops_card_stages")
    here = cards_at_stage("monitoring", cards, links)
    assert "changing_data" in set(here["id"])
    kinds = list(here["kind"])
    assert kinds == sorted(kinds, key=["challenge", "devops"].index)


def test_roles_at_stages_come_from_the_diagram_in_the_books_order(content: Content) -> None:
    names = role_names(content.table("mlops_roles"))
    who = stage_roles(["governance"], content.table("diagram_node_roles"), names)
    assert "Model Risk Managers/Auditors" in set(who["role"])
    ranks = [list(names.values()).index(r) for r in who["role"]]
    assert ranks == sorted(ranks)
