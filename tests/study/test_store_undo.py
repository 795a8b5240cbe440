"""Taking back a flashcard rating: the review goes and the card is as it was before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from studylab.study.answers import AnswerEvent, utcnow
from tests.quiz_support import temp_store


def rating(uid: str, days_ago: float, value: int = 3) -> AnswerEvent:
    when = utcnow() - timedelta(days=days_ago)
    ok = value != 1
    return AnswerEvent("Ana", "t_tf", "lakehouse", "flashcards", ok, "rated", answered_at=when, rating=value, uid=uid)


def test_undo_restores_the_previous_card_and_removes_the_review(tmp_path: Path) -> None:
    store = temp_store(tmp_path)
    store.record(rating("first", 10))
    before = store.cards("Ana")["t_tf"]
    store.record(rating("second", 0, value=4))
    assert store.cards("Ana")["t_tf"] != before
    assert store.undo_review("second", before)
    assert store.cards("Ana")["t_tf"] == before
    assert list(store.reviews("Ana")["rating"]) == [3]
    assert list(store.attempts("Ana")["response"]) == ["rated"]


def test_undoing_a_new_cards_first_rating_makes_it_new_again(tmp_path: Path) -> None:
    store = temp_store(tmp_path)
    store.record(rating("only", 0))
    assert store.undo_review("only", None)
    assert store.cards("Ana") == {} and store.reviews("Ana").empty and store.attempts("Ana").empty
    assert not store.undo_review("only", None)  # nothing left to take back
