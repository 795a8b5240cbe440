"""Learners' progress in the database: profiles, every answer, FSRS cards, exams and imported decks.

Each public method is one short transaction on :class:`studylab.storage.database.Database`.
An answer is saved with :meth:`QuizStore.record` the moment it is given; the
card update that goes with it happens in the same transaction, so progress and
schedule never disagree. Every answer carries a client-made ``uid``: saving the
same answer twice (a retry after a failure) stores it once. The tables are in
:mod:`studylab.study.tables`, the values passed in and out in :mod:`studylab.study.answers`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from fsrs import Rating, Scheduler
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from studylab.storage.database import Database, insert_if_absent
from studylab.study.answers import AnswerEvent, Exam, Settings, check_name, utcnow
from studylab.study.bank import Question, question_from_row
from studylab.study.schedule import CardState, as_utc, default_scheduler, review
from studylab.study.tables import (
    AttemptRow,
    CardRow,
    DeckQuestionRow,
    DeckRow,
    ExamRow,
    LearnerRow,
    ReviewRow,
    SettingsRow,
)

QUESTION_FIELDS = (
    "topic",
    "type",
    "prompt",
    "options",
    "answer",
    "tolerance",
    "explanation",
    "misconceptions",
    "difficulty",
    "link",
)


ATTEMPT_COLUMNS = ["answered_at", "question_id", "topic", "mode", "correct", "response", "misconceptions", "exam_id"]
CARD_COLUMNS = [
    "question_id",
    "topic",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "introduced_at",
]
REVIEW_COLUMNS = ["reviewed_at", "question_id", "rating", "mode"]


class QuizStore:
    """The quiz's view of the database: one method, one short transaction."""

    def __init__(self, db: Database, scheduler: Scheduler | None = None) -> None:
        self.db = db
        self.scheduler = scheduler or default_scheduler()

    # Profiles -------------------------------------------------------------------

    def learners(self) -> list[str]:
        """Every profile name, alphabetically."""
        with self.db.read() as session:
            return sorted(session.scalars(select(LearnerRow.name)), key=str.casefold)

    def add_learner(self, name: str) -> str:
        """Create a profile (or find the existing one); returns the stored name."""
        clean = check_name(name)
        with self.db.write() as session:
            self._learner_id(session, clean)
        return clean

    @staticmethod
    def _learner_id(session: Session, name: str, create: bool = True) -> int | None:
        found = session.scalar(select(LearnerRow.id).where(LearnerRow.name == name))
        if found is not None or not create:
            return found
        # Another server may create the same profile at this moment: either way it exists after this.
        insert_if_absent(session, LearnerRow, name=name, created_at=utcnow())
        return session.scalar(select(LearnerRow.id).where(LearnerRow.name == name))

    def settings(self, learner: str) -> Settings:
        """The learner's study settings (all off for a learner who never changed one)."""
        with self.db.read() as session:
            row = session.scalar(select(SettingsRow).join(LearnerRow).where(LearnerRow.name == learner))
            return Settings() if row is None else Settings(link_quiz=row.link_quiz, streak=row.streak)

    def save_settings(self, learner: str, settings: Settings) -> None:
        """Store the learner's study settings (creating the profile if needed)."""
        with self.db.write() as session:
            learner_id = self._learner_id(session, check_name(learner))
            assert learner_id is not None
            values = {"link_quiz": settings.link_quiz, "streak": settings.streak}
            if not insert_if_absent(session, SettingsRow, learner_id=learner_id, **values):
                row = session.get(SettingsRow, learner_id, with_for_update=True)
                assert row is not None
                row.link_quiz, row.streak = settings.link_quiz, settings.streak

    # Answers and cards -------------------------------------------------------------

    def record(self, event: AnswerEvent) -> bool:
        """Store an answer and, if it carries a rating, review its card. False if already stored."""
        with self.db.write() as session:
            if session.scalar(select(AttemptRow.id).where(AttemptRow.uid == event.uid)) is not None:
                return False
            learner_id = self._learner_id(session, check_name(event.learner))
            assert learner_id is not None
            stored = insert_if_absent(
                session,
                AttemptRow,
                uid=event.uid,
                learner_id=learner_id,
                question_id=event.question_id,
                topic=event.topic,
                mode=event.mode,
                correct=event.correct,
                response=event.response,
                misconceptions="|".join(event.misconceptions),
                answered_at=as_utc(event.answered_at),
                exam_id=event.exam_id,
            )
            if not stored:  # the same answer, saved by another server at this moment
                return False
            if event.rating is not None:
                self._review(session, learner_id, event)
        return True

    def _review(self, session: Session, learner_id: int, event: AnswerEvent) -> None:
        assert event.rating is not None
        when = as_utc(event.answered_at)
        row = _locked_card(session, learner_id, event.question_id)
        if row is None:
            new = CardState.new(when)
            insert_if_absent(
                session,
                CardRow,
                learner_id=learner_id,
                question_id=event.question_id,
                topic=event.topic,
                state=new.state,
                step=new.step,
                stability=new.stability,
                difficulty=new.difficulty,
                due=new.due,
                last_review=new.last_review,
                reps=new.reps,
                lapses=new.lapses,
                introduced_at=when,
            )
            row = _locked_card(session, learner_id, event.question_id)
            assert row is not None
        updated = review(self.scheduler, _card_state(row), Rating(event.rating), when)
        row.topic = event.topic
        row.state, row.step = updated.state, updated.step
        row.stability, row.difficulty = updated.stability, updated.difficulty
        row.due, row.last_review = updated.due, updated.last_review
        row.reps, row.lapses = updated.reps, updated.lapses
        session.add(
            ReviewRow(
                learner_id=learner_id,
                question_id=event.question_id,
                rating=event.rating,
                mode=event.mode,
                reviewed_at=updated.last_review or when,
            )
        )

    def undo_review(self, uid: str, previous: CardState | None) -> bool:
        """Take back a rated answer: remove it and its review, and put its card back to ``previous``
        (``None``: the card was new, so it goes). False if no answer has that ``uid``."""
        with self.db.write() as session:
            attempt = session.scalar(select(AttemptRow).where(AttemptRow.uid == uid))
            if attempt is None:
                return False
            last = session.scalar(
                select(ReviewRow)
                .where(ReviewRow.learner_id == attempt.learner_id, ReviewRow.question_id == attempt.question_id)
                .order_by(ReviewRow.reviewed_at.desc(), ReviewRow.id.desc())
                .limit(1)
            )
            if last is not None:
                session.delete(last)
            row = session.get(CardRow, (attempt.learner_id, attempt.question_id))
            if row is not None and previous is None:
                session.delete(row)
            elif row is not None and previous is not None:
                row.state, row.step = previous.state, previous.step
                row.stability, row.difficulty = previous.stability, previous.difficulty
                row.due, row.last_review = as_utc(previous.due), previous.last_review
                row.reps, row.lapses = previous.reps, previous.lapses
            session.delete(attempt)
        return True

    def cards(self, learner: str) -> dict[str, CardState]:
        """The learner's cards by question id."""
        with self.db.read() as session:
            rows = session.scalars(select(CardRow).join(LearnerRow).where(LearnerRow.name == learner))
            return {row.question_id: _card_state(row) for row in rows}

    def cards_frame(self, learner: str) -> pd.DataFrame:
        """The learner's cards as a table (times in UTC)."""
        with self.db.read() as session:
            rows = session.scalars(select(CardRow).join(LearnerRow).where(LearnerRow.name == learner)).all()
            frame = pd.DataFrame([[getattr(r, c) for c in CARD_COLUMNS] for r in rows], columns=CARD_COLUMNS)
        for column in ("due", "last_review", "introduced_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame

    def attempts(self, learner: str) -> pd.DataFrame:
        """Every answer of the learner, oldest first (times in UTC)."""
        with self.db.read() as session:
            rows = session.execute(
                select(*(getattr(AttemptRow, c) for c in ATTEMPT_COLUMNS))
                .join(LearnerRow)
                .where(LearnerRow.name == learner)
                .order_by(AttemptRow.answered_at, AttemptRow.id)
            ).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=ATTEMPT_COLUMNS)
        frame["answered_at"] = pd.to_datetime(frame["answered_at"], utc=True)
        frame["correct"] = frame["correct"].astype(bool)
        return frame

    def reviews(self, learner: str) -> pd.DataFrame:
        """Every FSRS review of the learner, oldest first."""
        with self.db.read() as session:
            rows = session.execute(
                select(*(getattr(ReviewRow, c) for c in REVIEW_COLUMNS))
                .join(LearnerRow)
                .where(LearnerRow.name == learner)
                .order_by(ReviewRow.reviewed_at, ReviewRow.id)
            ).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=REVIEW_COLUMNS)
        frame["reviewed_at"] = pd.to_datetime(frame["reviewed_at"], utc=True)
        return frame

    def new_cards_since(self, learner: str, since: datetime) -> int:
        """How many cards the learner met for the first time since ``since``."""
        with self.db.read() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(CardRow)
                    .join(LearnerRow)
                    .where(LearnerRow.name == learner, CardRow.introduced_at >= as_utc(since))
                )
                or 0
            )

    # Exams ----------------------------------------------------------------------------

    def start_exam(self, learner: str, question_ids: Sequence[str], limit: timedelta, now: datetime) -> Exam:
        """Store a new exam (ending any unfinished one of the learner)."""
        start = as_utc(now)
        with self.db.write() as session:
            learner_id = self._learner_id(session, check_name(learner))
            for old in session.scalars(
                select(ExamRow).where(ExamRow.learner_id == learner_id, ExamRow.finished_at.is_(None))
            ):
                old.finished_at = start
            row = ExamRow(
                learner_id=learner_id,
                question_ids="|".join(question_ids),
                started_at=start,
                deadline=start + limit,
                finished_at=None,
            )
            session.add(row)
            session.flush()
            return _exam(row)

    def latest_exam(self, learner: str) -> Exam | None:
        """The learner's most recent exam, finished or not."""
        with self.db.read() as session:
            row = session.scalar(
                select(ExamRow)
                .join(LearnerRow)
                .where(LearnerRow.name == learner)
                .order_by(ExamRow.started_at.desc(), ExamRow.id.desc())
                .limit(1)
            )
            return None if row is None else _exam(row)

    def finish_exam(self, exam_id: int, now: datetime) -> None:
        """Mark an exam finished (no effect if it already is)."""
        with self.db.write() as session:
            row = session.get(ExamRow, exam_id)
            if row is not None and row.finished_at is None:
                row.finished_at = min(as_utc(now), as_utc(row.deadline))

    def exam_results(self, exam_id: int) -> dict[str, bool]:
        """Per question of the exam, whether its first answer was right."""
        with self.db.read() as session:
            rows = session.execute(
                select(AttemptRow.question_id, AttemptRow.correct)
                .where(AttemptRow.exam_id == exam_id)
                .order_by(AttemptRow.answered_at, AttemptRow.id)
            ).all()
        results: dict[str, bool] = {}
        for qid, correct in rows:
            results.setdefault(qid, bool(correct))
        return results

    # Decks --------------------------------------------------------------------------------

    def deck_question_ids(self) -> dict[str, str]:
        """Every imported question id and the name of its deck."""
        with self.db.read() as session:
            rows = session.execute(select(DeckQuestionRow.question_id, DeckRow.name).join(DeckRow)).all()
        return {qid: name for qid, name in rows}

    def import_deck(self, name: str, owner: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Store a checked deck in one transaction, replacing a deck of the same name; returns its size."""
        rows = list(rows)
        with self.db.write() as session:
            old = session.scalar(select(DeckRow).where(DeckRow.name == name))
            if old is not None:
                session.execute(delete(DeckQuestionRow).where(DeckQuestionRow.deck_id == old.id))
                session.delete(old)
                session.flush()
            deck = DeckRow(name=name, owner=owner, imported_at=utcnow())
            session.add(deck)
            session.flush()
            for position, row in enumerate(rows):
                session.add(
                    DeckQuestionRow(
                        question_id=row["id"],
                        deck_id=deck.id,
                        position=position,
                        **{k: _plain(row.get(k)) for k in QUESTION_FIELDS},
                    )
                )
        return len(rows)

    def delete_deck(self, name: str) -> None:
        """Remove an imported deck (answers to its questions stay in the learners' history)."""
        with self.db.write() as session:
            deck = session.scalar(select(DeckRow).where(DeckRow.name == name))
            if deck is not None:
                session.execute(delete(DeckQuestionRow).where(DeckQuestionRow.deck_id == deck.id))
                session.delete(deck)

    def decks(self) -> pd.DataFrame:
        """Imported decks: name, owner, number of questions, import time."""
        with self.db.read() as session:
            rows = session.execute(
                select(DeckRow.name, DeckRow.owner, func.count(DeckQuestionRow.question_id), DeckRow.imported_at)
                .outerjoin(DeckQuestionRow)
                .group_by(DeckRow.id)
                .order_by(DeckRow.name)
            ).all()
        return pd.DataFrame([tuple(r) for r in rows], columns=["name", "owner", "questions", "imported_at"])

    def deck_questions(self) -> dict[str, Question]:
        """Every imported question, deck by deck, in file order."""
        with self.db.read() as session:
            rows = session.execute(
                select(DeckQuestionRow, DeckRow.name).join(DeckRow).order_by(DeckRow.name, DeckQuestionRow.position)
            ).all()
        result: dict[str, Question] = {}
        for row, deck in rows:
            values = {"id": row.question_id, **{k: getattr(row, k) for k in QUESTION_FIELDS}}
            result[row.question_id] = question_from_row(values, deck)
        return result

    # Export ----------------------------------------------------------------------------

    def export_progress(self, learner: str) -> str:
        """The learner's answers as CSV (one row per answer, times in UTC)."""
        return _csv(self.attempts(learner))

    def export_cards(self, learner: str) -> str:
        """The learner's spaced-repetition cards as CSV."""
        return _csv(self.cards_frame(learner))


def _locked_card(session: Session, learner_id: int, question_id: str) -> CardRow | None:
    # The row stays locked until commit, so two servers reviewing one card take turns
    # (SQLite has one writer at a time anyway and ignores FOR UPDATE).
    return session.scalar(
        select(CardRow)
        .where(CardRow.learner_id == learner_id, CardRow.question_id == question_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _card_state(row: CardRow) -> CardState:
    return CardState(
        state=row.state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=as_utc(row.due),
        last_review=as_utc(row.last_review) if row.last_review else None,
        reps=row.reps,
        lapses=row.lapses,
    )


def _exam(row: ExamRow) -> Exam:
    return Exam(
        id=row.id,
        question_ids=tuple(q for q in row.question_ids.split("|") if q),
        started_at=as_utc(row.started_at),
        deadline=as_utc(row.deadline),
        finished_at=as_utc(row.finished_at) if row.finished_at else None,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN from a DataFrame
        return None
    return value


def _csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return out.getvalue()
