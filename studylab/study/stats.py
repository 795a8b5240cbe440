"""Where a learner stands: accuracy, FSRS retention, due cards and their forecast, streaks, misconceptions.

Pure functions of the tables :class:`studylab.study.store.QuizStore` returns and of the bank.
Days are calendar days in the learner's time zone (``tz``), so "due today" means today
where the learner is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from fsrs import Scheduler

from studylab.study.bank import Question
from studylab.study.beliefs import Belief, sentence
from studylab.study.modes import NEW_CARDS_PER_DAY
from studylab.study.schedule import CardState, as_utc, retrievability

Key = str
"""``"topic"`` or ``"concept"``."""


def day_start(now: datetime, tz: str) -> datetime:
    """Midnight of ``now``'s day in time zone ``tz``, as an aware datetime."""
    local = as_utc(now).astimezone(ZoneInfo(tz))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


FLASHCARDS = "flashcards"
"""The mode of flashcard reviews in the answers table; every other mode is a quiz answer."""

DEFINITIONS: dict[str, str] = {
    "answers": "Quiz answers you have given (practice, exams, mistakes and cram). Flashcard reviews are not counted.",
    "accuracy": "The share of your quiz answers that were right. Flashcard reviews are not counted.",
    "reviews": "Flashcards you have rated on the Flashcards page (Again, Hard, Good or Easy).",
    "retention": (
        "FSRS's predicted recall: the chance, estimated by the scheduler, that you would recall a studied "
        "card right now, averaged over every card you have studied. It is a prediction, not a score."
    ),
    "questions": "Questions in the bank on this topic or concept.",
    "cards": "Flashcards you have studied: reviewed at least once.",
    "misconception_times": "Your wrong quiz answers that revealed this belief.",
    "due_now": "Cards whose review time has come: exactly the cards the Flashcards page asks you now.",
    "due_week": "Cards that fall due before the end of the next seven days, including those due now.",
    "new_left": (
        f"New cards the Flashcards page will still introduce today: {NEW_CARDS_PER_DAY} a day, counted on the "
        "Flashcards page only (quiz answers never use them up)."
    ),
    "streak": (
        "Days in a row, up to today, with at least one flashcard review. Until you review today, "
        "a streak that ran up to yesterday still stands."
    ),
    "forecast": (
        "How many cards fall due on each of the next 30 days, as the schedule stands now. "
        "Cards already overdue count on today."
    ),
    "measured_retention": (
        "Measured retention: per week, the share of your card reviews rated Hard, Good or Easy (anything but "
        "Again; a linked quiz answer counts as Good if right, Again if wrong). A card's first review is left "
        "out: it introduces the card and tests no memory."
    ),
    "measured_reviews": "Reviews counted in measured retention: every review of a card but its first.",
    "desired_retention": (
        "Desired retention: the recall the scheduler aims for. FSRS brings each card back when its predicted "
        "recall falls to this level."
    ),
    "link_quiz": (
        "Off (the default): quiz answers stay quiz answers and your flashcards follow your flashcard ratings "
        "alone. On: a right answer in practice, mistakes or an exam also rates that question's flashcard Good, "
        "a wrong one Again (cram never does). The daily limit of new cards counts flashcards only either way."
    ),
}
"""What each study figure means, in one place: Progress and Flashcards show these as help texts."""


def quiz_answers(attempts: pd.DataFrame) -> pd.DataFrame:
    """The answers given in the quiz, without flashcard reviews."""
    if attempts.empty or "mode" not in attempts:
        return attempts
    return attempts[attempts["mode"] != FLASHCARDS]


def percent(share: float | None) -> str:
    """A share as a percentage that never rounds up to 100 % (``0.996`` -> ``99.6%``); ``–`` for none."""
    if share is None:
        return "–"
    whole = f"{share:.0%}"
    if whole == "100%" and share < 1:
        return f"{math.floor(share * 1000) / 10:.1f}%"
    return whole


def new_flashcards_since(reviews: pd.DataFrame, since: datetime) -> int:
    """Cards met for the first time as flashcards since ``since`` (the daily new-card limit counts these).

    A card first met in the quiz is not new to the flashcards, and quiz answers never use up the limit.
    """
    if reviews.empty:
        return 0
    first = reviews.sort_values("reviewed_at", kind="stable").groupby("question_id").first()
    moment = pd.Timestamp(as_utc(since))
    return int(((first["mode"] == FLASHCARDS) & (first["reviewed_at"] >= moment)).sum())


def concept_names(keys: Iterable[str], names: Mapping[str, str], titles: Mapping[str, str]) -> dict[str, str]:
    """A readable name for each concept key: from the concepts table, else the page or topic title.

    A key with no name anywhere is shown as it is (never rebuilt from a slug).
    """
    return {key: names.get(key) or titles.get(key.split("?")[0]) or key for key in keys}


def accuracy(attempts: pd.DataFrame, bank: Mapping[str, Question], by: Key = "topic") -> pd.DataFrame:
    """Quiz answers, right answers and accuracy per topic or per concept (questions no longer in the
    bank count under their stored topic)."""
    frame = _with_key(quiz_answers(attempts), bank, by)
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
    """Cards due now, by the end of today and by the end of the coming seven days (each includes the
    cards of the shorter spans)."""

    now: int
    today: int
    week: int


def due_counts(cards: Mapping[str, CardState], now: datetime, tz: str) -> DueCounts:
    """How many cards are due now (overdue included), by the end of today and within the week."""
    moment = as_utc(now)
    midnight = day_start(now, tz)
    end_today, end_week = midnight + timedelta(days=1), midnight + timedelta(days=7)
    dues = [as_utc(card.due) for card in cards.values()]
    return DueCounts(
        now=sum(d <= moment for d in dues),
        today=sum(d < end_today for d in dues),
        week=sum(d < end_week for d in dues),
    )


def flashcard_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """The reviews given on the Flashcards page (without quiz answers linked to the cards)."""
    if reviews.empty or "mode" not in reviews:
        return reviews
    return reviews[reviews["mode"] == FLASHCARDS]


def reviews_per_day(reviews: pd.DataFrame, now: datetime, tz: str, past: int = 28) -> pd.DataFrame:
    """One row per day from ``past`` days ago to today: the flashcard reviews done that day."""
    reviews = flashcard_reviews(reviews)
    today = day_start(now, tz).date()
    frame = pd.DataFrame({"day": pd.date_range(today - timedelta(days=past), today, freq="D").date})
    zone = ZoneInfo(tz)
    done_days = [ts.tz_convert(zone).date() for ts in reviews["reviewed_at"]] if not reviews.empty else []
    done = pd.Series(done_days, dtype=object).value_counts()
    frame["reviewed"] = frame["day"].map(done).fillna(0).astype(int)
    return frame


def review_forecast(cards: Mapping[str, CardState], now: datetime, tz: str, days: int = 30) -> pd.DataFrame:
    """One row per day from today for ``days`` days: the cards that fall due that day (overdue ones on today).

    The counts add up to :func:`due_within` of the same cards and days.
    """
    today = day_start(now, tz).date()
    frame = pd.DataFrame({"day": pd.date_range(today, today + timedelta(days=days - 1), freq="D").date})
    zone = ZoneInfo(tz)
    due_days = [max(as_utc(c.due).astimezone(zone).date(), today) for c in cards.values()]
    due = pd.Series(due_days, dtype=object).value_counts()
    frame["due"] = frame["day"].map(due).fillna(0).astype(int)
    return frame


def due_within(cards: Mapping[str, CardState], now: datetime, tz: str, days: int) -> int:
    """Cards due before the end of the ``days``-th day from today (today is the first), overdue ones included."""
    end = day_start(now, tz) + timedelta(days=days)
    return sum(as_utc(card.due) < end for card in cards.values())


def streak(reviews: pd.DataFrame, now: datetime, tz: str) -> int:
    """Days in a row with at least one flashcard review, ending today, or yesterday while today has none yet."""
    reviews = flashcard_reviews(reviews)
    if reviews.empty:
        return 0
    zone = ZoneInfo(tz)
    days = {ts.tz_convert(zone).date() for ts in reviews["reviewed_at"]}
    day = day_start(now, tz).date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def measured_retention(
    reviews: pd.DataFrame, bank: Mapping[str, Question], tz: str, by: Key | None = "concept"
) -> pd.DataFrame:
    """Per week (starting Monday, in time zone ``tz``) and per concept or topic (``by``; None: all cards
    together, under ``"all"``): reviews, those rated anything but Again, and their share.

    Each card's first review is left out: it introduces the card and tests no memory. Reviews of
    questions no longer in the bank are left out too.
    """
    key = by or "key"
    columns = ["week", key, "reviews", "recalled", "measured"]
    if reviews.empty:
        return pd.DataFrame(columns=columns)
    ordered = reviews.sort_values("reviewed_at", kind="stable")
    later = ordered[ordered["question_id"].duplicated() & ordered["question_id"].isin(list(bank))]
    if later.empty:
        return pd.DataFrame(columns=columns)
    local = later["reviewed_at"].dt.tz_convert(ZoneInfo(tz))
    days = local.dt.tz_localize(None).dt.normalize()
    frame = pd.DataFrame(
        {
            "week": (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date,
            key: [getattr(bank[q], by) if by else "all" for q in later["question_id"]],
            "recalled": (later["rating"] != 1).astype(int),
        }
    )
    grouped = frame.groupby(["week", key])["recalled"].agg(reviews="size", recalled="sum").reset_index()
    grouped["measured"] = grouped["recalled"] / grouped["reviews"]
    return grouped[columns]


def measured_overall(weekly: pd.DataFrame, key: str = "concept") -> pd.DataFrame:
    """The weeks of :func:`measured_retention` added up per ``key``: reviews, recalled and their share,
    the most reviewed first."""
    columns = [key, "reviews", "recalled", "measured"]
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    total = weekly.groupby(key)[["reviews", "recalled"]].sum().reset_index()
    total["measured"] = total["recalled"] / total["reviews"]
    return total.sort_values(["reviews", key], ascending=[False, True], kind="stable")[columns].reset_index(drop=True)


def in_bank(
    cards: Mapping[str, CardState], bank: Mapping[str, Question], topic: str | None = None
) -> dict[str, CardState]:
    """The cards of questions in the bank (of one topic, if given): the cards every study figure counts."""
    return {qid: card for qid, card in cards.items() if qid in bank and (topic is None or bank[qid].topic == topic)}


def new_left(
    bank: Mapping[str, Question],
    cards: Mapping[str, CardState],
    new_today: int,
    topic: str | None = None,
    per_day: int = NEW_CARDS_PER_DAY,
) -> int:
    """New cards the flashcards will still introduce today: the day's allowance left, at most the unseen questions."""
    unseen = sum(1 for q in bank.values() if q.id not in cards and (topic is None or q.topic == topic))
    return min(max(per_day - new_today, 0), unseen)


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
    """Quiz answers (flashcard reviews not included)."""
    accuracy: float | None
    """Share of quiz answers that were right."""
    reviewed: int
    """Flashcard reviews."""
    studied: int
    retention: float | None
    due: DueCounts


def overview(
    attempts: pd.DataFrame, cards: Mapping[str, CardState], scheduler: Scheduler, now: datetime, tz: str
) -> Overview:
    """Quiz answers and their accuracy, flashcard reviews, cards studied, their mean predicted recall,
    and due counts (see :data:`DEFINITIONS`)."""
    studied = [c for c in cards.values() if c.last_review is not None]
    mean_r = sum(retrievability(scheduler, c, now) for c in studied) / len(studied) if studied else None
    quiz = quiz_answers(attempts)
    return Overview(
        answered=len(quiz),
        accuracy=float(quiz["correct"].mean()) if len(quiz) else None,
        reviewed=len(attempts) - len(quiz),
        studied=len(studied),
        retention=mean_r,
        due=due_counts(cards, now, tz),
    )
