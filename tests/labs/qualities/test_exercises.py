"""Marking the sorting exercises and the scenario cards, and the data behind them."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from studylab.content.loader import Content, load_content
from studylab.labs.qualities import exercises

ITEMS = pd.DataFrame({"id": ["a", "b", "c"], "kind": ["what", "how", "what"]})


def test_mark_sort_marks_answered_items_and_leaves_the_rest_open() -> None:
    marked = exercises.mark_sort(ITEMS, {"a": "what", "b": "what"}, "kind")
    assert list(marked["correct"].astype(object)) == [True, False, pd.NA]
    result = exercises.score(marked)
    assert (result.right, result.answered, result.total, result.done) == (1, 2, 3, False)


def test_score_is_done_when_every_item_is_answered() -> None:
    result = exercises.score(exercises.mark_sort(ITEMS, {"a": "what", "b": "how", "c": "what"}, "kind"))
    assert result.done and result.right == 3


def test_mark_card_checks_principle_and_verdict_separately() -> None:
    card = {"principle": "p1", "verdict": "violates"}
    assert exercises.mark_card(card, "p1", "violates").right
    half = exercises.mark_card(card, "p1", "serves")
    assert half.principle_right and not half.verdict_right and not half.right
    assert not exercises.mark_card(card, None, None).principle_right


def test_cards_cover_every_one_of_the_authors_principles(content: Content) -> None:
    cards, principles = content.table("principle_scenarios"), content.table("principles")
    nine = set(principles.loc[principles["framework"] == "authors", "id"])
    assert set(cards["principle"]) == nine
    assert set(cards["verdict"]) == {"serves", "violates"}


def test_sorting_exercises_have_both_answers(content: Content) -> None:
    assert set(content.table("architecture_statements")["kind"]) == {"operational", "technical"}
    assert set(content.table("shiny_object_cases")["verdict"]) == {"fits", "shiny"}


STATEMENTS = load_content().table("architecture_statements")


@given(st.integers(0, 2**32))
def test_a_deal_never_lays_one_answer_down_a_column(seed: int) -> None:
    statements = STATEMENTS
    dealt = exercises.deal(statements, "kind", seed)
    assert sorted(dealt["id"]) == sorted(statements["id"])
    kinds = list(dealt["kind"])
    assert set(kinds[0::2]) == {"operational", "technical"}
    assert set(kinds[1::2]) == {"operational", "technical"}
    assert exercises.longest_run(kinds[0::2]) <= 2 and exercises.longest_run(kinds[1::2]) <= 2


def test_a_deal_is_seeded() -> None:
    statements = STATEMENTS
    first = list(exercises.deal(statements, "kind", 7)["id"])
    assert first == list(exercises.deal(statements, "kind", 7)["id"])
    assert first != list(exercises.deal(statements, "kind", 8)["id"])
    # The file's own order alternates the answers, which put every "what" in the left column.
    assert not exercises.columns_give_nothing_away(list(statements.sort_values("order")["kind"]), 2)


def test_score_knows_when_nothing_is_answered_yet() -> None:
    items = pd.DataFrame({"id": ["a", "b"], "kind": ["x", "y"]})
    assert not exercises.score(exercises.mark_sort(items, {}, "kind")).started
    assert exercises.score(exercises.mark_sort(items, {"a": "x"}, "kind")).started
