"""The tables of learners' progress: profiles, answers, FSRS cards and reviews, exams, imported question decks.

Declared on the shared :class:`studylab.storage.database.Base`; the migrations in
``studylab/storage/migrations`` create them and :class:`studylab.study.store.QuizStore` reads and writes them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studylab.storage.database import Base


class LearnerRow(Base):
    """A learner's profile: a name, no password (the app is for a trusted group)."""

    __tablename__ = "learners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AttemptRow(Base):
    """One answer to one question, as it happened."""

    __tablename__ = "quiz_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    topic: Mapped[str] = mapped_column(String(60))
    mode: Mapped[str] = mapped_column(String(16))
    correct: Mapped[bool] = mapped_column(Boolean)
    response: Mapped[str] = mapped_column(Text)
    misconceptions: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    exam_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_exams.id", ondelete="SET NULL"))
    __table_args__ = (Index("ix_attempts_learner_time", "learner_id", "answered_at"),)


class CardRow(Base):
    """A learner's FSRS card for one question."""

    __tablename__ = "quiz_cards"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_review: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    introduced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_cards_learner_due", "learner_id", "due"),)


class ReviewRow(Base):
    """One FSRS review (the rating a card got, and when)."""

    __tablename__ = "quiz_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    rating: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_reviews_learner_time", "learner_id", "reviewed_at"),)


class ExamRow(Base):
    """A timed exam: its questions, when it started, its deadline and when it ended."""

    __tablename__ = "quiz_exams"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_ids: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeckRow(Base):
    """A deck of questions imported from a CSV upload."""

    __tablename__ = "quiz_decks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    owner: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeckQuestionRow(Base):
    """One imported question; the columns are those of ``QuestionRow``."""

    __tablename__ = "quiz_deck_questions"
    question_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("quiz_decks.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    tolerance: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    misconceptions: Mapped[str | None] = mapped_column(Text)
    difficulty: Mapped[int] = mapped_column(Integer)
    link: Mapped[str | None] = mapped_column(String(200))


class SettingsRow(Base):
    """A learner's study settings; a learner without a row has every setting off."""

    __tablename__ = "learner_settings"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    link_quiz: Mapped[bool] = mapped_column(Boolean, default=False)
    """Quiz answers also review the question's flashcard (Good if right, Again if wrong)."""
    streak: Mapped[bool] = mapped_column(Boolean, default=False)
    """The Progress page shows the days in a row with at least one flashcard review."""
