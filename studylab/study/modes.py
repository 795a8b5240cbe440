"""What to ask next, per study mode: pure functions of the bank and the learner's history.

* practice: one topic's questions, those never answered or last answered wrong first;
* exam: a mixed sample across topics, with a time limit and a score report;
* flashcards: cards due now (most overdue first), then new questions up to a daily limit;
* mistakes: only questions whose latest answer was wrong;
* cram: any topic's questions in a fixed shuffle; answers are stored but leave the schedule alone.

Quiz answers leave the flashcards alone unless the learner links the two (see :data:`SCHEDULED_MODES`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import pandas as pd

from studylab.study.bank import Question, shuffled
from studylab.study.schedule import CardState, as_utc

Mode = Literal["practice", "exam", "mistakes", "cram", "flashcards"]

SCHEDULED_MODES: frozenset[str] = frozenset({"practice", "exam", "mistakes"})
"""Quiz modes whose answers review the learner's FSRS cards, only for a learner who links the quiz to the
flashcards (cram never does). Off by default: quiz answers and flashcard reviews are separate streams."""

MODE_LABELS: dict[str, str] = {
    "practice": "Practice a topic",
    "exam": "Timed exam",
    "mistakes": "Review mistakes",
    "cram": "Cram",
}
"""Modes of the quiz page (flashcards have their own page)."""

NEW_CARDS_PER_DAY = 15
"""New flashcards introduced per learner per day, after every due card."""

SECONDS_PER_EXAM_QUESTION = 75
"""Time allowed per exam question."""

EXAM_SIZES = (5, 10, 20, 30, 40)
"""The numbers of questions an exam can have."""


@dataclass(frozen=True)
class History:
    """What a learner has answered: per question, how often, and whether the latest answer was right."""

    answered: Mapping[str, int]
    last_correct: Mapping[str, bool]

    @classmethod
    def from_attempts(cls, attempts: pd.DataFrame) -> History:
        """From an attempts table with columns question_id, correct, answered_at."""
        if attempts.empty:
            return cls({}, {})
        ordered = attempts.sort_values("answered_at", kind="stable")
        counts = ordered.groupby("question_id").size()
        last = ordered.groupby("question_id")["correct"].last()
        return cls({str(k): int(v) for k, v in counts.items()}, {str(k): bool(v) for k, v in last.items()})


def practice_queue(bank: Mapping[str, Question], topic: str, learner: str, history: History) -> list[str]:
    """The topic's questions: never answered first, then last answered wrong, then the rest."""
    ids = shuffled([q.id for q in bank.values() if q.topic == topic], learner, topic, "practice")

    def rank(qid: str) -> int:
        if qid not in history.answered:
            return 0
        return 1 if not history.last_correct.get(qid, False) else 2

    return sorted(ids, key=rank)


def mistakes_queue(bank: Mapping[str, Question], history: History, topic: str | None = None) -> list[str]:
    """Questions whose latest answer was wrong (optionally of one topic), in bank order."""
    return [
        qid
        for qid, question in bank.items()
        if qid in history.last_correct and not history.last_correct[qid] and (topic is None or question.topic == topic)
    ]


def cram_queue(bank: Mapping[str, Question], learner: str, topic: str | None = None, seed: str = "") -> list[str]:
    """Every question (of one topic, if given) in an order fixed by learner and seed."""
    ids = [q.id for q in bank.values() if topic is None or q.topic == topic]
    return shuffled(ids, learner, topic or "*", "cram", seed)


def exam_questions(
    bank: Mapping[str, Question], count: int, seed: str, topics: Sequence[str] | None = None
) -> list[str]:
    """``count`` questions spread evenly over the topics (round robin over a seeded shuffle)."""
    pools: dict[str, list[str]] = {}
    for question in bank.values():
        if topics is None or question.topic in topics:
            pools.setdefault(question.topic, []).append(question.id)
    queues = {topic: shuffled(ids, seed, topic) for topic, ids in sorted(pools.items())}
    order = shuffled(sorted(queues), seed, "topics")
    picked: list[str] = []
    while len(picked) < count and any(queues.values()):
        for topic in order:
            if queues[topic] and len(picked) < count:
                picked.append(queues[topic].pop())
    return shuffled(picked, seed, "exam")


def exam_time_limit(count: int) -> timedelta:
    """The time allowed for an exam of ``count`` questions."""
    return timedelta(seconds=SECONDS_PER_EXAM_QUESTION * count)


def flashcard_queue(
    bank: Mapping[str, Question],
    cards: Mapping[str, CardState],
    now: datetime,
    learner: str,
    new_today: int = 0,
    topic: str | None = None,
    new_per_day: int = NEW_CARDS_PER_DAY,
) -> list[str]:
    """Due cards first (most overdue first), then new questions up to today's allowance."""
    moment = as_utc(now)
    in_scope = [q for q in bank.values() if topic is None or q.topic == topic]
    due = sorted(
        (as_utc(cards[q.id].due), q.id) for q in in_scope if q.id in cards and as_utc(cards[q.id].due) <= moment
    )
    fresh = [q.id for q in in_scope if q.id not in cards]
    allowance = max(new_per_day - new_today, 0)
    fresh = sorted(shuffled(fresh, learner, "new"), key=lambda qid: bank[qid].difficulty)[:allowance]
    return [qid for _, qid in due] + fresh


# --- Exam report -----------------------------------------------------------------


@dataclass(frozen=True)
class ExamReport:
    """The outcome of one exam."""

    total: int
    right: int
    answered: int
    seconds_used: float
    by_topic: pd.DataFrame
    """Columns topic, questions, right, score (0..1)."""
    by_difficulty: pd.DataFrame
    """Columns difficulty, questions, right, score."""
    wrong: list[str]
    """Ids of questions answered wrong or not answered, in exam order."""

    @property
    def score(self) -> float:
        return self.right / self.total if self.total else 0.0


def exam_report(
    bank: Mapping[str, Question],
    question_ids: Sequence[str],
    results: Mapping[str, bool],
    started: datetime,
    finished: datetime,
) -> ExamReport:
    """Score an exam: ``results`` maps each answered question to whether it was right."""
    ids = [qid for qid in question_ids if qid in bank]
    frame = pd.DataFrame(
        {
            "topic": [bank[q].topic for q in ids],
            "difficulty": [bank[q].difficulty for q in ids],
            "right": [bool(results.get(q, False)) for q in ids],
        }
    )

    def summary(key: str) -> pd.DataFrame:
        grouped = frame.groupby(key, sort=True)["right"].agg(questions="size", right="sum").reset_index()
        grouped["right"] = grouped["right"].astype(int)
        grouped["score"] = grouped["right"] / grouped["questions"]
        return grouped

    return ExamReport(
        total=len(ids),
        right=int(frame["right"].sum()) if len(frame) else 0,
        answered=sum(q in results for q in ids),
        seconds_used=max((as_utc(finished) - as_utc(started)).total_seconds(), 0.0),
        by_topic=summary("topic"),
        by_difficulty=summary("difficulty"),
        wrong=[q for q in ids if not results.get(q, False)],
    )
