"""What a live round asks and what everyone sees of a session: the values :class:`studylab.present.live.LiveStore`
takes and returns, and the rounds built from quiz questions and predictions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studylab.content.schemas import PredictionRow, split_cell
from studylab.study.bank import Question

MAX_OPTIONS = 6
"""Most options a live round can have."""

LIVE_TYPES = ("single", "scenario", "true_false")
"""Question types a live round can ask: one choice per participant."""


class LiveError(Exception):
    """A live-session action that cannot be done; ``message`` is written for the person who tried."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class HostKeys:
    """What the host gets on starting a session: the code for the room and the secret token."""

    code: str
    token: str


@dataclass(frozen=True)
class RoundSpec:
    """What a round asks: built from a quiz question or a prediction."""

    kind: str
    """``question`` or ``prediction``."""
    source_id: str
    prompt: str
    options: tuple[str, ...]
    right: int
    """1-based number of the right option."""
    explanation: str
    figure: str | None = None
    """For a prediction: the simulation to run on reveal (a figure spec)."""
    misconceptions: tuple[str, ...] = ()
    """The misconception tag of each wrong option, by option ("" for the right one or an untagged one)."""


@dataclass(frozen=True)
class RoundState:
    """A round as everyone sees it, with the answers counted per option."""

    number: int
    kind: str
    source_id: str
    prompt: str
    options: tuple[str, ...]
    right: int
    explanation: str
    figure: str | None
    revealed: bool
    counts: tuple[int, ...]
    deadline: datetime | None = None
    """When answers close (UTC), or None without a countdown."""
    misconceptions: tuple[str, ...] = ()
    """The misconception tag of each option ("" for none), as :attr:`RoundSpec.misconceptions`."""

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds until answers close (0 once closed), or None without a countdown."""
        if self.deadline is None:
            return None
        return max(0, math.ceil((self.deadline - now).total_seconds()))

    @property
    def answers(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class LiveState:
    """A session as read from the database at one moment."""

    code: str
    title: str
    participants: int
    round: RoundState | None
    ended: bool
    countdown_s: int = 0
    """Seconds each round stays open (0: no countdown)."""
    points: bool = False
    """Whether right answers earn points with a speed bonus."""


@dataclass(frozen=True)
class Me:
    """A participant's own view: nickname, answer to the current round, score so far."""

    nickname: str
    choice: int | None
    correct: int
    answered: int
    points: int = 0
    """Points over revealed rounds (0 when the session does not count points)."""


@dataclass(frozen=True)
class Pulse:
    """What a participant's page polls for: enough to tell whether its view has changed, read in one query."""

    participants: int
    ended: bool
    number: int | None
    """The current round's number (None before the first)."""
    revealed: bool
    deadline: datetime | None
    choice: int | None
    """The participant's answer to the current round."""

    def seconds_left(self, now: datetime) -> int | None:
        """As :meth:`RoundState.seconds_left`: None without a countdown or before the first round."""
        if self.deadline is None:
            return None
        return max(0, math.ceil((self.deadline - now).total_seconds()))


def round_from_question(question: Question) -> RoundSpec:
    """A live round asking a bank question; ValueError for types a live round cannot ask."""
    if question.type == "true_false":
        tag = (*question.tag_for_wrong(), "")[0]
        return RoundSpec(
            "question",
            question.id,
            question.prompt,
            ("True", "False"),
            1 if question.answer == "true" else 2,
            question.explanation,
            misconceptions=("", tag) if question.answer == "true" else (tag, ""),
        )
    if question.type not in LIVE_TYPES or len(question.options) > MAX_OPTIONS:
        raise ValueError(f"question {question.id}: a live round asks single-choice questions with up to 6 options")
    tags = (*question.misconceptions, *[""] * len(question.options))[: len(question.options)]
    right = min(question.right)
    return RoundSpec(
        "question",
        question.id,
        question.prompt,
        question.options,
        right,
        question.explanation,
        misconceptions=tuple("" if n == right else tag for n, tag in enumerate(tags, start=1)),
    )


def live_questions(bank: dict[str, Question]) -> dict[str, Question]:
    """The questions of a bank that a live round can ask."""
    return {qid: q for qid, q in bank.items() if q.type in LIVE_TYPES and len(q.options) <= MAX_OPTIONS}


def round_from_prediction(prediction: PredictionRow) -> RoundSpec:
    """A live round asking the group to predict what a simulation will do."""
    return RoundSpec(
        "prediction",
        prediction.id,
        prediction.prompt,
        tuple(split_cell(prediction.options)),
        prediction.answer,
        prediction.explanation,
        prediction.figure,
    )


def prediction_from_row(row: Mapping[str, object]) -> PredictionRow:
    """A validated prediction from a table row."""
    return PredictionRow.model_validate({k: row[k] for k in PredictionRow.model_fields})


def percentages(counts: Sequence[int]) -> list[float]:
    """Each count as a percentage of all answers (zeros when nobody answered)."""
    total = sum(counts)
    return [100 * c / total if total else 0.0 for c in counts]
