"""The people-of-MLOps table is transcribed faithfully and reshaped without loss."""

from __future__ import annotations

from studylab.content import Content
from studylab.roles import role_table

# (life-cycle items, requirement items) per role, counted in Introducing MLOps ch. 2's table.
SOURCE_SHAPE = {
    "Subject Matter Experts": (2, 2),
    "Data Scientists": (3, 4),
    "Data Engineers": (1, 2),
    "Software Engineers": (2, 2),
    "DevOps": (1, 3),
    "Model Risk Managers/Auditors": (2, 1),
    "Machine Learning Architects": (2, 2),
}


def test_seven_roles_in_the_books_order(content: Content) -> None:
    table = role_table(content.table("mlops_roles"))
    assert list(table["role"]) == list(SOURCE_SHAPE)


def test_every_item_of_the_source_is_there(content: Content) -> None:
    table = role_table(content.table("mlops_roles"))
    shape = {row.role: (len(row.life_cycle), len(row.requirements)) for row in table.itertuples()}
    assert shape == SOURCE_SHAPE


def test_items_keep_the_source_order(content: Content) -> None:
    table = role_table(content.table("mlops_roles")).set_index("role")
    assert table.loc["DevOps", "requirements"][0].startswith("Continuous Integration/Continuous Delivery")
    assert table.loc["Data Scientists", "life_cycle"][0].startswith("Build models")
