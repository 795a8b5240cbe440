"""What the quiz hands the store and gets back: an answer as given, a stored exam, a checked profile name."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from studylab.study.schedule import as_utc

NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,40}$")
"""Profile names: 1 to 40 printable characters."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AnswerEvent:
    """One answer, as the page gives it to the store (and keeps it while the database is away)."""

    learner: str
    question_id: str
    topic: str
    mode: str
    correct: bool
    response: str
    misconceptions: tuple[str, ...] = ()
    answered_at: datetime = field(default_factory=utcnow)
    rating: int | None = None
    """The FSRS rating (1 Again ... 4 Easy) this answer gives the card; None leaves the schedule alone."""
    exam_id: int | None = None
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Exam:
    """A stored exam."""

    id: int
    question_ids: tuple[str, ...]
    started_at: datetime
    deadline: datetime
    finished_at: datetime | None

    def time_left(self, now: datetime) -> timedelta:
        return max(as_utc(self.deadline) - as_utc(now), timedelta(0))


def check_name(name: str) -> str:
    """A valid profile name (stripped), or ValueError saying what a name may be."""
    clean = (name or "").strip()
    if not NAME.match(clean):
        raise ValueError("A profile name has 1 to 40 characters (letters, digits, spaces, punctuation).")
    return clean


@dataclass(frozen=True)
class Settings:
    """A learner's study settings (every one off until the learner turns it on)."""

    link_quiz: bool = False
    """Quiz answers also review the question's flashcard; off, the quiz and the flashcards are separate streams."""
    streak: bool = False
    """Show the streak (days in a row with at least one flashcard review) on the Progress page."""
