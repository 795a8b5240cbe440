"""Progress survives in the database: answers, FSRS cards, exams and decks; concurrency loses nothing,
on SQLite and PostgreSQL, with several servers writing the same rows at once."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from studylab.storage.database import Database, StoreError
from studylab.study.answers import AnswerEvent, Settings
from studylab.study.question_deck import check_deck
from studylab.study.schedule import CardState, review
from studylab.study.store import QuizStore
from tests.concurrency import at_once
from tests.quiz_support import SAMPLE_DECK, fixed_scheduler, sample_bank, store_at, temp_store

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BANK = sample_bank()
TRIES = 10
"""Each two-at-once race is tried this often: one try hits the window only some of the time."""


def answer(learner: str, qid: str, correct: bool, when: datetime, rating: Rating | None = None, **extra):  # type: ignore[no-untyped-def]
    question = BANK[qid]
    rating_value = None if rating is None else int(rating)
    return AnswerEvent(
        learner=learner,
        question_id=qid,
        topic=question.topic,
        mode=extra.pop("mode", "practice"),
        correct=correct,
        response="x",
        answered_at=when,
        rating=rating_value,
        **extra,
    )


@pytest.fixture
def store(db_url: str) -> Iterator[QuizStore]:
    quiz = store_at(db_url)
    yield quiz
    quiz.db.dispose()


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


def test_profiles_are_names_created_once(store: QuizStore) -> None:
    assert store.learners() == []
    assert store.add_learner("  Ana ") == "Ana"
    store.add_learner("Ana")
    store.add_learner("bo")
    assert store.learners() == ["Ana", "bo"]
    with pytest.raises(ValueError, match="1 to 40 characters"):
        store.add_learner("   ")
    with pytest.raises(ValueError):
        store.add_learner("x" * 41)


def test_settings_are_off_until_changed_and_kept_per_learner(store: QuizStore) -> None:
    assert store.settings("Nobody") == Settings()
    store.save_settings("Ana", Settings(streak=True))
    store.save_settings("Ana", Settings(streak=True, link_quiz=True))
    store.save_settings("Bea", Settings(link_quiz=False))
    assert store.settings("Ana") == Settings(link_quiz=True, streak=True)
    assert store.settings("Bea") == Settings()


def test_fsrs_scheduling_round_trips_through_the_database(store: QuizStore) -> None:
    scheduler = fixed_scheduler()
    expected = CardState.new(NOW)
    ratings = [Rating.Good, Rating.Again, Rating.Good, Rating.Easy, Rating.Hard]
    for day, rating in enumerate(ratings):
        when = NOW + timedelta(days=2 * day, minutes=day)
        store.record(answer("ana", "t_tf", rating != Rating.Again, when, rating, mode="flashcards"))
        expected = review(scheduler, expected, rating, when)
        assert store.cards("ana")["t_tf"] == expected
    reviews = store.reviews("ana")
    assert list(reviews["rating"]) == [int(r) for r in ratings]
    assert store.cards_frame("ana").loc[0, "due"] == expected.due


def test_cram_answers_are_stored_but_leave_the_schedule_alone(store: QuizStore) -> None:
    store.record(answer("ana", "t_tf", True, NOW, Rating.Good))
    before = store.cards("ana")
    store.record(answer("ana", "t_tf", False, NOW + timedelta(hours=1), None, mode="cram"))
    assert store.cards("ana") == before
    assert list(store.attempts("ana")["mode"]) == ["practice", "cram"]
    assert len(store.reviews("ana")) == 1


def test_saving_the_same_answer_twice_stores_it_once(store: QuizStore) -> None:
    event = answer("ana", "t_num", False, NOW, Rating.Again, misconceptions=("series_adds",))
    assert store.record(event) is True
    assert store.record(event) is False
    attempts = store.attempts("ana")
    assert len(attempts) == 1 and attempts.loc[0, "misconceptions"] == "series_adds"
    assert store.cards("ana")["t_num"].reps == 1


def test_answers_from_ten_threads_all_land(store: QuizStore) -> None:
    threads, per_thread = 10, 50
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(worker: int) -> None:
        # Three learners shared by ten threads: several threads update the same cards at once.
        learner = f"learner{worker % 3}"
        try:
            start.wait()
            for i in range(per_thread):
                qid = ["t_tf", "t_num", "t_single"][i % 3]
                when = NOW + timedelta(seconds=i)
                store.record(answer(learner, qid, i % 2 == 0, when, Rating.Good if i % 2 == 0 else Rating.Again))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert errors == []
    learners = [f"learner{n}" for n in range(3)]
    assert sum(len(store.attempts(name)) for name in learners) == threads * per_thread
    assert sum(len(store.reviews(name)) for name in learners) == threads * per_thread
    reps = sum(card.reps for name in learners for card in store.cards(name).values())
    assert reps == threads * per_thread


def test_a_new_engine_on_the_same_database_keeps_progress(db_url: str) -> None:
    first = store_at(db_url)
    first.add_learner("ana")
    first.record(answer("ana", "t_tf", True, NOW, Rating.Good))
    first.record(answer("ana", "t_num", False, NOW + timedelta(minutes=1), Rating.Again))
    exam = first.start_exam("ana", ["t_tf", "t_num"], timedelta(minutes=5), NOW)
    cards = first.cards("ana")
    first.db.dispose()

    second = QuizStore(Database(first.db.url), scheduler=fixed_scheduler())
    assert second.learners() == ["ana"]
    assert second.cards("ana") == cards
    assert list(second.attempts("ana")["question_id"]) == ["t_tf", "t_num"]
    assert second.latest_exam("ana") == exam


def test_a_locked_sqlite_file_says_so_and_the_answer_can_be_saved_later(tmp_path: Path) -> None:
    store = temp_store(tmp_path, busy_timeout_ms=100)
    store.add_learner("ana")
    holder = sqlite3.connect(tmp_path / "progress.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    event = answer("ana", "t_tf", True, NOW, Rating.Good)
    with pytest.raises(StoreError) as caught:
        store.record(event)
    assert caught.value.kind == "locked" and "busy" in caught.value.message
    holder.execute("ROLLBACK")
    holder.close()
    assert store.record(event) is True
    assert len(store.attempts("ana")) == 1


def test_a_read_only_sqlite_file_says_so(tmp_path: Path) -> None:
    store = temp_store(tmp_path)
    store.add_learner("ana")
    store.db.dispose()
    path = tmp_path / "progress.db"
    read_only = QuizStore(Database(f"sqlite:///file:{path}?mode=ro&uri=true"))
    assert read_only.learners() == ["ana"]
    with pytest.raises(StoreError) as caught:
        read_only.record(answer("ana", "t_tf", True, NOW, Rating.Good))
    assert caught.value.kind == "read_only" and "read-only" in caught.value.message


def test_exams_store_their_questions_deadline_and_first_answers(store: QuizStore) -> None:
    exam = store.start_exam("ana", ["t_tf", "t_num"], timedelta(minutes=2), NOW)
    assert exam.finished_at is None and exam.time_left(NOW + timedelta(minutes=1)) == timedelta(minutes=1)
    store.record(answer("ana", "t_tf", True, NOW, Rating.Good, mode="exam", exam_id=exam.id))
    store.record(answer("ana", "t_tf", False, NOW, Rating.Again, mode="exam", exam_id=exam.id))
    assert store.exam_results(exam.id) == {"t_tf": True}
    store.finish_exam(exam.id, NOW + timedelta(hours=1))
    finished = store.latest_exam("ana")
    assert finished is not None and finished.finished_at == exam.deadline
    second = store.start_exam("ana", ["t_num"], timedelta(minutes=2), NOW + timedelta(hours=2))
    assert store.latest_exam("ana") == second


def test_decks_import_replace_and_delete(store: QuizStore) -> None:
    topics = {q.topic for q in sample_bank().values()}
    checked = check_deck(SAMPLE_DECK.encode(), "d.csv", "Mine", topics, topics, store.deck_question_ids())
    assert store.import_deck("Mine", "ana", checked.rows) == 7
    assert store.deck_questions() == {
        qid: q.__class__(**{**q.__dict__, "deck": "Mine"}) for qid, q in sample_bank().items()
    }
    again = check_deck(SAMPLE_DECK.encode(), "d.csv", "Other", topics, topics, store.deck_question_ids())
    assert not again.ok and "already used by deck 'Mine'" in str(again.problems[0])
    store.import_deck("Mine", "ana", checked.rows[:2])
    assert list(store.decks()["questions"]) == [2]
    store.delete_deck("Mine")
    assert store.deck_questions() == {} and store.decks().empty


def test_exports_are_csv_with_a_header(store: QuizStore) -> None:
    store.record(answer("ana", "t_tf", True, NOW, Rating.Good))
    progress = store.export_progress("ana").splitlines()
    assert progress[0].startswith("answered_at,question_id,topic,mode,correct") and len(progress) == 2
    cards = store.export_cards("ana").splitlines()
    assert cards[0].startswith("question_id,topic,state") and len(cards) == 2


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
