"""Each study mode asks the right questions in the right order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd
from fsrs import Rating

from studylab.study.modes import (
    History,
    cram_queue,
    exam_questions,
    exam_report,
    exam_time_limit,
    flashcard_queue,
    mistakes_queue,
    practice_queue,
)
from studylab.study.schedule import CardState, review
from tests.quiz_support import fixed_scheduler, sample_bank

BANK = sample_bank()
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def history(*answers: tuple[str, bool]) -> History:
    frame = pd.DataFrame(
        {
            "question_id": [q for q, _ in answers],
            "correct": [c for _, c in answers],
            "answered_at": [NOW + timedelta(minutes=i) for i in range(len(answers))],
        }
    )
    return History.from_attempts(frame)


def test_history_keeps_counts_and_the_latest_verdict() -> None:
    h = history(("t_tf", False), ("t_tf", True), ("t_num", True), ("t_num", False))
    assert h.answered == {"t_tf": 2, "t_num": 2}
    assert h.last_correct == {"t_tf": True, "t_num": False}
    assert History.from_attempts(pd.DataFrame(columns=["question_id", "correct", "answered_at"])).answered == {}


def test_practice_asks_unseen_then_wrong_then_right() -> None:
    bank = {**BANK, **{q: replace(BANK["t_single"], id=q) for q in ("t_single2", "t_single3")}}
    h = history(("t_single", True), ("t_single2", False))
    queue = practice_queue(bank, "lambda_architecture", "ana", h)
    assert queue == ["t_single3", "t_single2", "t_single"]
    assert practice_queue(bank, "no_such_topic", "ana", h) == []


def test_mistakes_are_only_questions_last_answered_wrong() -> None:
    h = history(("t_tf", False), ("t_num", False), ("t_num", True), ("t_match", False))
    assert mistakes_queue(BANK, h) == ["t_tf", "t_match"]
    assert mistakes_queue(BANK, h, topic="lakehouse") == ["t_tf"]


def test_cram_covers_everything_in_a_fixed_order() -> None:
    queue = cram_queue(BANK, "ana")
    assert sorted(queue) == sorted(BANK) and cram_queue(BANK, "ana") == queue
    assert cram_queue(BANK, "ana", topic="lakehouse") == ["t_tf"]


def test_exam_spreads_over_topics_and_is_reproducible() -> None:
    picked = exam_questions(BANK, 5, seed="s1")
    assert len(picked) == 5 and len({BANK[q].topic for q in picked}) == 5
    assert exam_questions(BANK, 5, seed="s1") == picked
    assert len(exam_questions(BANK, 50, seed="s1")) == len(BANK)
    assert exam_time_limit(10) == timedelta(seconds=750)


def test_flashcards_due_first_most_overdue_first_then_new_up_to_the_allowance() -> None:
    scheduler = fixed_scheduler()
    old = review(scheduler, CardState.new(NOW - timedelta(days=20)), Rating.Good, NOW - timedelta(days=20))
    recent = review(scheduler, CardState.new(NOW - timedelta(days=1)), Rating.Good, NOW - timedelta(days=1))
    future = review(scheduler, CardState.new(NOW), Rating.Easy, NOW)
    cards = {"t_tf": recent, "t_num": old, "t_single": future}
    queue = flashcard_queue(BANK, cards, NOW, "ana", new_today=0, new_per_day=2)
    assert queue[:2] == ["t_num", "t_tf"]
    assert len(queue) == 4 and "t_single" not in queue
    assert flashcard_queue(BANK, cards, NOW, "ana", new_today=2, new_per_day=2) == ["t_num", "t_tf"]
    assert flashcard_queue(BANK, cards, NOW, "ana", topic="lakehouse") == ["t_tf"]


def test_exam_report_scores_unanswered_as_wrong() -> None:
    ids = ["t_tf", "t_num", "t_single", "t_match"]
    report = exam_report(BANK, ids, {"t_tf": True, "t_num": False, "t_single": True}, NOW, NOW + timedelta(minutes=3))
    assert (report.total, report.right, report.answered) == (4, 2, 3)
    assert report.score == 0.5 and report.seconds_used == 180
    assert report.wrong == ["t_num", "t_match"]
    assert set(report.by_topic["topic"]) == {BANK[q].topic for q in ids}
    assert report.by_difficulty.set_index("difficulty")["questions"].to_dict() == {1: 2, 2: 1, 3: 1}
