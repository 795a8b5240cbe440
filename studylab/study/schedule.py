"""Spaced repetition through the ``fsrs`` package: one card per learner and question.

This module only converts between stored card fields and ``fsrs.Card`` and asks
``fsrs.Scheduler`` for the next state; it computes no interval itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
"""The four buttons of a flashcard review, in order."""

RATING_NAMES = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}


def default_scheduler() -> Scheduler:
    """FSRS with its published default parameters and 90 % desired retention."""
    return Scheduler()


@dataclass(frozen=True)
class CardState:
    """The stored fields of one learner's card for one question."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    @classmethod
    def new(cls, now: datetime) -> CardState:
        """A card never reviewed, due now."""
        card = Card(card_id=1, due=as_utc(now))
        return from_fsrs(card, reps=0, lapses=0)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (naive values, as SQLite returns them, are taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_fsrs(card: CardState) -> Card:
    return Card(
        card_id=1,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due),
        last_review=as_utc(card.last_review) if card.last_review else None,
    )


def from_fsrs(card: Card, reps: int, lapses: int) -> CardState:
    return CardState(
        state=int(card.state.value),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due),
        last_review=as_utc(card.last_review) if card.last_review else None,
        reps=reps,
        lapses=lapses,
    )


def review(scheduler: Scheduler, card: CardState, rating: Rating, when: datetime) -> CardState:
    """The card after a review with ``rating`` at ``when`` (never earlier than its last review)."""
    moment = as_utc(when)
    if card.last_review is not None and moment < as_utc(card.last_review):
        moment = as_utc(card.last_review)
    updated, _log = scheduler.review_card(to_fsrs(card), rating, review_datetime=moment)
    lapses = card.lapses + (rating == Rating.Again and card.state == State.Review.value)
    return from_fsrs(updated, reps=card.reps + 1, lapses=lapses)


def retrievability(scheduler: Scheduler, card: CardState, now: datetime) -> float:
    """FSRS's probability that the learner recalls the card now (0 for a card never reviewed)."""
    if card.last_review is None:
        return 0.0
    return float(scheduler.get_card_retrievability(to_fsrs(card), current_datetime=as_utc(now)))


def preview(scheduler: Scheduler, card: CardState, now: datetime) -> dict[Rating, timedelta]:
    """How long until the card is due again after each rating, for labelling the buttons."""
    return {rating: review(scheduler, card, rating, now).due - as_utc(now) for rating in RATINGS}


def rating_for(correct: bool) -> Rating:
    """The rating an answered (not self-rated) question gives its card: Good if right, else Again."""
    return Rating.Good if correct else Rating.Again


def describe_interval(delta: timedelta) -> str:
    """A short human interval: ``<1 min``, ``10 min``, ``3 h``, ``4 d``, ``2 mo``."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 60:
        return "<1 min"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = seconds / 86400
    if days < 60:
        return f"{round(days)} d"
    if days < 730:
        return f"{round(days / 30)} mo"
    return f"{days / 365:.1f} y"


def next_review_text(due: datetime, now: datetime) -> str:
    """When a card comes back, as a learner reads it: ``on Tue 3 Mar (in 4 d)``, or ``today at 14:05 (in 10 min)``.

    Both times are in the learner's time zone.
    """
    interval = describe_interval(due - now)
    if due.date() == now.date():
        return f"today at {due:%H:%M} (in {interval})"
    return f"on {due:%a} {due.day} {due:%b}{f' {due.year}' if due.year != now.year else ''} (in {interval})"
