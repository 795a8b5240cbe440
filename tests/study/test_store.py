"""The quiz store under concurrency, on SQLite and PostgreSQL: several servers writing the same rows at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from studylab.study.store import AnswerEvent, QuizStore
from tests.concurrency import at_once
from tests.quiz_support import sample_bank, store_at

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BANK = sample_bank()
TRIES = 10
"""Each two-at-once race is tried this often: one try hits the window only some of the time."""


def event(learner: str, qid: str, when: datetime = NOW, **extra: object) -> AnswerEvent:
    return AnswerEvent(
        learner=learner,
        question_id=qid,
        topic=BANK[qid].topic,
        mode="flashcards",
        correct=True,
        response="x",
        answered_at=when,
        rating=int(Rating.Good),
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def servers(db_url: str) -> Iterator[list[QuizStore]]:
    """Three stores with their own engines and pools: as separate as three app servers."""
    stores = [store_at(db_url) for _ in range(3)]
    yield stores
    for store in stores:
        store.db.dispose()


def test_300_concurrent_reviews_of_9_cards_lose_no_repetition(servers: list[QuizStore]) -> None:
    qids = sorted(BANK)[:3]
    learners = ["ana", "bo", "cy"]
    for learner in learners:
        for qid in qids:
            servers[0].record(event(learner, qid))

    def review(i: int) -> bool:
        learner, qid = learners[i % 3], qids[(i // 3) % 3]
        return servers[i % 3].record(event(learner, qid, NOW + timedelta(minutes=1 + i)))

    with ThreadPoolExecutor(max_workers=24) as pool:
        stored = list(pool.map(review, range(300)))
    assert all(stored)
    reviews = sum(len(servers[0].reviews(name)) for name in learners)
    reps = sum(card.reps for name in learners for card in servers[0].cards(name).values())
    assert reviews == 9 + 300
    assert reps == 9 + 300


def test_two_first_answers_of_a_new_learner_at_once_both_land(servers: list[QuizStore]) -> None:
    for attempt in range(TRIES):
        name = f"new{attempt}"
        results = at_once(2, lambda i, name=name: servers[i].record(event(name, sorted(BANK)[i])))
        assert results == [True, True]
        assert servers[2].learners().count(name) == 1
        assert len(servers[2].attempts(name)) == 2


def test_the_same_new_card_reviewed_twice_at_once_counts_twice(servers: list[QuizStore]) -> None:
    qid = sorted(BANK)[0]
    for attempt in range(TRIES):
        name = f"card{attempt}"
        servers[0].add_learner(name)
        results = at_once(2, lambda i, name=name: servers[i].record(event(name, qid, NOW + timedelta(seconds=i))))
        assert results == [True, True]
        assert servers[2].cards(name)[qid].reps == 2


def test_the_same_answer_saved_twice_at_once_is_stored_once(servers: list[QuizStore]) -> None:
    for attempt in range(TRIES):
        answer = event(f"retry{attempt}", sorted(BANK)[0])
        results = at_once(2, lambda i, answer=answer: servers[i].record(answer))
        assert sorted(results, key=str) == [False, True]
        assert len(servers[2].attempts(answer.learner)) == 1
        assert servers[2].cards(answer.learner)[answer.question_id].reps == 1


def test_a_profile_created_twice_at_once_is_one_profile(servers: list[QuizStore]) -> None:
    for attempt in range(TRIES):
        name = f"twin{attempt}"
        assert at_once(2, lambda i, name=name: servers[i].add_learner(name)) == [name, name]
    assert len(servers[0].learners()) == TRIES
