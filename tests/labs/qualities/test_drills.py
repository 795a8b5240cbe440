"""Drills: marking a typed list, dealing choice cards, and the drills table against the book's lists."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from studylab.content.loader import Content, load_content
from studylab.labs.qualities import drills as dr
from studylab.labs.qualities import exercises

PILLARS = ["Operational excellence", "Security", "Reliability", "Performance efficiency", "Cost optimization"]
CONTENT = load_content()


def test_a_typed_list_is_marked_found_missing_extra_and_in_order() -> None:
    typed = "1. operational excellence\nSecurty\n\nScalability\n- Reliability"
    result = dr.mark_recall(PILLARS, typed)
    assert result.found == ("Operational excellence", "Security", "Reliability")
    assert result.missing == ("Performance efficiency", "Cost optimization")
    assert result.extra == ("Scalability",)
    assert result.in_order and not result.complete


def test_a_list_in_another_order_is_complete_but_not_perfect() -> None:
    result = dr.mark_recall(PILLARS, "\n".join(reversed(PILLARS)))
    assert result.complete and not result.in_order and not result.perfect
    assert dr.mark_recall(PILLARS, "\n".join(PILLARS)).perfect


def test_an_item_typed_twice_counts_once() -> None:
    result = dr.mark_recall(PILLARS, "Security\nsecurity")
    assert result.found == ("Security",) and result.extra == ("security",)


@given(st.permutations(PILLARS), st.integers(0, 5))
def test_any_order_and_any_omission_is_marked_exactly(order: list[str], left_out: int) -> None:
    typed = order[left_out:]
    result = dr.mark_recall(PILLARS, "\n".join(typed))
    assert set(result.found) == set(typed) and set(result.missing) == set(order[:left_out])
    assert result.in_order == (typed == [p for p in PILLARS if p in typed])


@given(st.integers(0, 2**32))
def test_choice_cards_are_never_dealt_grouped_by_answer(seed: int) -> None:
    cards = CONTENT.table("drill_cards")
    for drill in ("domain_or_service", "good_or_bad"):
        deck = cards[cards["drill"] == drill]
        dealt = dr.deal_cards(deck, seed)
        assert sorted(dealt["order"]) == sorted(deck["order"])
        assert not dr.grouped(list(dealt["answer"]))
        assert exercises.longest_run(list(dealt["answer"])) <= dr.MAX_RUN


def test_the_file_order_groups_domains_first_is_caught() -> None:
    assert dr.grouped(["Domain", "Domain", "Service", "Service"])
    assert exercises.longest_run(["Domain", "Service", "Service", "Service", "Domain"]) == 3
    assert exercises.longest_run([]) == 0
    assert not dr.grouped(["Domain", "Service", "Domain", "Service"])


def test_recall_lists_are_the_books_lists(content: Content) -> None:
    principles = content.table("principles")
    cards = content.table("drill_cards").set_index("drill")
    for drill, framework in (
        ("aws_pillars_recall", "aws"),
        ("google_principles_recall", "google"),
        ("authors_principles_recall", "authors"),
    ):
        book = list(principles[principles["framework"] == framework].sort_values("order")["name"])
        assert dr.items_of(str(cards.loc[drill, "answer"])) == book, drill
    assert [
        len(dr.items_of(str(cards.loc[d, "answer"]))) for d in ("aws_pillars_recall", "google_principles_recall")
    ] == [6, 5]


def test_every_drill_fits_its_cards_and_a_broken_one_is_reported(content: Content) -> None:
    table, cards = content.table("drills"), content.table("drill_cards")
    assert dr.check_drills(table, cards) == []
    broken = cards.copy()
    broken.loc[broken["drill"] == "domain_or_service", "answer"] = "Subdomain"
    problems = dr.check_drills(table, broken)
    assert problems and all(drill == "domain_or_service" for drill, _ in problems)
    assert dr.check_drills(table, cards[cards["drill"] != "good_or_bad"]) == [
        ("good_or_bad", "the drill has no cards in drill_cards")
    ]


def test_normalise_forgives_numbering_case_and_punctuation() -> None:
    assert dr.normalise("  3) Architect for Scalability! ") == "architect for scalability"
    assert dr.normalise("Trade-offs") == dr.normalise("trade offs")
    assert dr.items_of(None) == [] and dr.items_of(" a | |b ") == ["a", "b"]
    assert isinstance(dr.deal_cards(pd.DataFrame({"answer": ["x", "y"]}), 0), pd.DataFrame)


def test_cards_with_all_different_answers_are_never_grouped_and_deal_at_once() -> None:
    import numpy as np

    from studylab.labs.qualities import drills as dr

    assert not dr.grouped(["Security", "Reliability", "Cost"])
    assert dr.grouped(["Domain", "Domain", "Service"])
    cards = pd.DataFrame({"id": list("abcde"), "answer": ["p1", "p2", "p3", "p4", "p5"]})
    first = np.random.default_rng(7).permutation(5)
    assert list(dr.deal_cards(cards, 7)["id"]) == [cards["id"][i] for i in first]
