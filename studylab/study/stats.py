"""Where a learner stands: accuracy, FSRS retention, due cards, a review calendar, misconceptions.

Pure functions of the tables :class:`studylab.study.store.QuizStore` returns and of the bank.
Days are calendar days in the learner's time zone (``tz``), so "due today" means today
where the learner is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from fsrs import Scheduler

from studylab.study.bank import Question
from studylab.study.beliefs import Belief, sentence
from studylab.study.schedule import CardState, as_utc, retrievability

Key = str
"""``"topic"`` or ``"concept"``."""


def day_start(now: datetime, tz: str) -> datetime:
    """Midnight of ``now``'s day in time zone ``tz``, as an aware datetime."""
    local = as_utc(now).astimezone(ZoneInfo(tz))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def accuracy(attempts: pd.DataFrame, bank: Mapping[str, Question], by: Key = "topic") -> pd.DataFrame:
    """Answers, right answers and accuracy per topic or per concept (questions no longer in the bank
    count under their stored topic)."""
    frame = _with_key(attempts, bank, by)
    columns = [by, "answered", "right", "accuracy"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(by)["correct"].agg(answered="size", right="sum").reset_index()
    grouped["right"] = grouped["right"].astype(int)
    grouped["accuracy"] = grouped["right"] / grouped["answered"]
    return grouped[columns]


def _with_key(attempts: pd.DataFrame, bank: Mapping[str, Question], by: Key) -> pd.DataFrame:
    frame = attempts.copy()
    if by == "concept":
        frame["concept"] = [
            bank[q].concept if q in bank else topic
            for q, topic in zip(frame["question_id"], frame["topic"], strict=True)
        ]
    return frame


def retention(
    cards: Mapping[str, CardState],
    bank: Mapping[str, Question],
    scheduler: Scheduler,
    now: datetime,
    by: Key = "topic",
) -> pd.DataFrame:
    """Cards studied and their mean FSRS retrievability now, per topic or concept."""
    rows = [
        (getattr(bank[qid], by), retrievability(scheduler, card, now))
        for qid, card in cards.items()
        if qid in bank and card.last_review is not None
    ]
    frame = pd.DataFrame(rows, columns=[by, "r"])
    if frame.empty:
        return pd.DataFrame(columns=[by, "cards", "retention"])
    return frame.groupby(by)["r"].agg(cards="size", retention="mean").reset_index()


def progress_table(
    attempts: pd.DataFrame,
    cards: Mapping[str, CardState],
    bank: Mapping[str, Question],
    scheduler: Scheduler,
    now: datetime,
    by: Key = "topic",
) -> pd.DataFrame:
    """Per topic (or concept) of the bank: questions, answered, accuracy, cards studied, retention, due now."""
    keys = pd.Series([getattr(q, by) for q in bank.values()], dtype=object)
    base = keys.value_counts(sort=False).rename_axis(by).reset_index(name="questions")
    table = base.merge(accuracy(attempts, bank, by), on=by, how="left")
    table = table.merge(retention(cards, bank, scheduler, now, by), on=by, how="left")
    moment = as_utc(now)
    due = pd.Series(
        [getattr(bank[q], by) for q, c in cards.items() if q in bank and as_utc(c.due) <= moment], dtype=object
    )
    table = table.merge(due.value_counts().rename_axis(by).reset_index(name="due"), on=by, how="left")
    for column in ("answered", "right", "cards", "due"):
        table[column] = table[column].fillna(0).astype(int)
    return table[[by, "questions", "answered", "right", "accuracy", "cards", "retention", "due"]]


@dataclass(frozen=True)
class DueCounts:
    """Cards due by the end of today and by the end of the coming seven days."""

    today: int
    week: int


def due_counts(cards: Mapping[str, CardState], now: datetime, tz: str) -> DueCounts:
    """How many cards fall due by the end of today (overdue included) and within the week."""
    midnight = day_start(now, tz)
    end_today, end_week = midnight + timedelta(days=1), midnight + timedelta(days=7)
    dues = [as_utc(card.due) for card in cards.values()]
    return DueCounts(today=sum(d < end_today for d in dues), week=sum(d < end_week for d in dues))


def review_calendar(
    cards: Mapping[str, CardState], reviews: pd.DataFrame, now: datetime, tz: str, past: int = 28, ahead: int = 28
) -> pd.DataFrame:
    """One row per day from ``past`` days ago to ``ahead`` days on: reviews done and cards due.

    Overdue cards count on today.
    """
    today = day_start(now, tz).date()
    days = pd.date_range(today - timedelta(days=past), today + timedelta(days=ahead), freq="D").date
    frame = pd.DataFrame({"day": days})
    zone = ZoneInfo(tz)
    due_days = [max(as_utc(c.due).astimezone(zone).date(), today) for c in cards.values()]
    done_days = [ts.tz_convert(zone).date() for ts in reviews["reviewed_at"]] if not reviews.empty else []
    due = pd.Series(due_days, dtype=object).value_counts()
    done = pd.Series(done_days, dtype=object).value_counts()
    frame["reviewed"] = frame["day"].map(done).fillna(0).astype(int)
    frame["due"] = frame["day"].map(due).fillna(0).astype(int)
    frame.loc[frame["day"] < today, "due"] = 0
    return frame


def repeated_misconceptions(
    attempts: pd.DataFrame, beliefs: Mapping[str, Belief], minimum: int = 1, limit: int = 10
) -> pd.DataFrame:
    """The wrong beliefs the learner's answers revealed at least ``minimum`` times, most frequent
    first (ties: the latest first), at most ``limit`` of them, each with its sentence and topics."""
    columns = ["tag", "misconception", "times", "topics", "last_chosen"]
    if attempts.empty:
        return pd.DataFrame(columns=columns)
    tagged = attempts.assign(tag=attempts["misconceptions"].fillna("").str.split("|")).explode("tag")
    tagged = tagged[tagged["tag"].astype(bool)]
    if tagged.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        tagged.groupby("tag")
        .agg(
            times=("tag", "size"),
            topics=("topic", lambda s: ", ".join(sorted(set(s)))),
            last_chosen=("answered_at", "max"),
        )
        .reset_index()
    )
    grouped = grouped[grouped["times"] >= minimum]
    grouped["misconception"] = [sentence(tag, beliefs) for tag in grouped["tag"]]
    ordered = grouped.sort_values(["times", "last_chosen"], ascending=False)[columns]
    return ordered.head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class Overview:
    """Headline numbers for the progress page."""

    answered: int
    accuracy: float | None
    studied: int
    retention: float | None
    due: DueCounts


def overview(
    attempts: pd.DataFrame, cards: Mapping[str, CardState], scheduler: Scheduler, now: datetime, tz: str
) -> Overview:
    """Answers given, overall accuracy, cards studied, their mean retrievability, and due counts."""
    studied = [c for c in cards.values() if c.last_review is not None]
    mean_r = sum(retrievability(scheduler, c, now) for c in studied) / len(studied) if studied else None
    return Overview(
        answered=len(attempts),
        accuracy=float(attempts["correct"].mean()) if len(attempts) else None,
        studied=len(studied),
        retention=mean_r,
        due=due_counts(cards, now, tz),
    )
