"""Progress numbers: accuracy and retention per topic and concept, due counts, calendar, misconceptions."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from fsrs import Rating

from studylab.study.beliefs import build_beliefs
from studylab.study.schedule import CardState, retrievability, review
from studylab.study.stats import (
    DEFINITIONS,
    accuracy,
    concept_names,
    day_start,
    due_counts,
    new_flashcards_since,
    overview,
    percent,
    progress_table,
    repeated_misconceptions,
    retention,
    review_calendar,
)
from tests.quiz_support import SAMPLE_BELIEFS, fixed_scheduler, sample_bank

BANK = sample_bank()
NOW = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
SCHEDULER = fixed_scheduler()


def attempts(*rows: tuple[str, bool, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "question_id": [q for q, _, _ in rows],
            "topic": [BANK[q].topic if q in BANK else "gone_topic" for q, _, _ in rows],
            "correct": [c for _, c, _ in rows],
            "misconceptions": [m for _, _, m in rows],
            "answered_at": [NOW - timedelta(minutes=len(rows) - i) for i in range(len(rows))],
        }
    )


def studied(days_ago: float, rating: Rating = Rating.Good) -> CardState:
    when = NOW - timedelta(days=days_ago)
    return review(SCHEDULER, CardState.new(when), rating, when)


def test_accuracy_per_topic_and_per_concept() -> None:
    frame = attempts(("t_num", True, ""), ("t_num", False, "series_adds"), ("t_tf", True, ""), ("old", False, ""))
    by_topic = accuracy(frame, BANK).set_index("topic")
    assert by_topic.loc["availability_reliability", "accuracy"] == 0.5
    assert by_topic.loc["lakehouse", "answered"] == 1
    assert by_topic.loc["gone_topic", "right"] == 0
    by_concept = accuracy(frame, BANK, by="concept").set_index("concept")
    assert by_concept.loc["availability_reliability?preset=series", "answered"] == 2
    assert by_concept.loc["lakehouse", "accuracy"] == 1.0
    assert accuracy(attempts(), BANK).empty


def test_retention_is_the_mean_fsrs_retrievability() -> None:
    cards = {"t_num": studied(3), "t_tf": studied(10), "t_single": CardState.new(NOW)}
    table = retention(cards, BANK, SCHEDULER, NOW).set_index("topic")
    assert table.loc["availability_reliability", "retention"] == retrievability(SCHEDULER, cards["t_num"], NOW)
    assert "lambda_architecture" not in table.index  # never reviewed: no retention yet
    assert 0 < table.loc["lakehouse", "retention"] < table.loc["availability_reliability", "retention"]


def test_progress_table_lists_every_topic_of_the_bank() -> None:
    frame = attempts(("t_num", True, ""), ("t_tf", False, "lakehouse_no_acid"))
    cards = {"t_num": studied(30), "t_tf": studied(0.01, Rating.Again)}
    table = progress_table(frame, cards, BANK, SCHEDULER, NOW).set_index("topic")
    assert set(table.index) == {q.topic for q in BANK.values()}
    assert table.loc["availability_reliability", ["questions", "answered", "right", "cards", "due"]].tolist() == [
        1,
        1,
        1,
        1,
        1,
    ]
    assert table.loc["data_lake", "answered"] == 0 and pd.isna(table.loc["data_lake", "accuracy"])


def test_due_counts_use_the_learners_calendar_day() -> None:
    cards = {
        "a": CardState.new(NOW - timedelta(days=2)),  # overdue: due today
        "b": CardState.new(NOW + timedelta(hours=1)),  # 23:30 UTC
        "c": CardState.new(NOW + timedelta(days=3)),
        "d": CardState.new(NOW + timedelta(days=30)),
    }
    assert due_counts(cards, NOW, "UTC").today == 2
    assert due_counts(cards, NOW, "UTC").now == 1  # b falls due later today: not yet due now
    # In Tokyo it is already 2 March 07:30; card b (08:30 there) is still today, card c is this week.
    tokyo = due_counts(cards, NOW, "Asia/Tokyo")
    assert (tokyo.today, tokyo.week) == (2, 3)
    assert day_start(NOW, "Asia/Tokyo").date() == date(2026, 3, 2)


def test_review_calendar_counts_done_and_due_days() -> None:
    cards = {"a": CardState.new(NOW - timedelta(days=2)), "b": CardState.new(NOW + timedelta(days=2))}
    reviews = pd.DataFrame({"reviewed_at": pd.to_datetime([NOW - timedelta(days=1), NOW - timedelta(days=1), NOW])})
    calendar = review_calendar(cards, reviews, NOW, "UTC", past=7, ahead=7).set_index("day")
    assert len(calendar) == 15
    assert calendar.loc[date(2026, 2, 28), "reviewed"] == 2 and calendar.loc[date(2026, 3, 1), "reviewed"] == 1
    assert calendar.loc[date(2026, 3, 1), "due"] == 1 and calendar.loc[date(2026, 3, 3), "due"] == 1
    assert calendar["due"].sum() == 2


def test_misconceptions_are_listed_by_sentence_most_frequent_first() -> None:
    frame = attempts(
        ("t_num", False, "series_adds"),
        ("t_single", False, "batch_is_fresh|disk_is_layer"),
        ("t_num", False, "series_adds"),
        ("t_single", False, "batch_is_fresh"),
        ("t_tf", False, "lakehouse_no_acid"),
    )
    beliefs = build_beliefs(pd.read_csv(io.StringIO(SAMPLE_BELIEFS)))
    table = repeated_misconceptions(frame, beliefs)
    assert list(table["tag"])[:2] == ["batch_is_fresh", "series_adds"]  # equal counts: latest first
    assert list(table["times"]) == [2, 2, 1, 1]
    assert table.set_index("tag").loc["series_adds", "misconception"] == "Availabilities add up in a chain."
    assert repeated_misconceptions(attempts(("t_tf", True, "")), beliefs).empty


def test_misconceptions_list_is_capped_and_can_require_repeats() -> None:
    frame = attempts(("t_num", False, "series_adds"), ("t_num", False, "series_adds"), ("t_tf", False, "other_tag"))
    assert list(repeated_misconceptions(frame, {}, minimum=2)["tag"]) == ["series_adds"]
    assert len(repeated_misconceptions(frame, {}, limit=1)) == 1
    assert repeated_misconceptions(frame, {}).set_index("tag").loc["other_tag", "misconception"] == "Other tag"


def test_overview() -> None:
    frame = attempts(("t_num", True, ""), ("t_tf", False, ""))
    result = overview(frame, {"t_num": studied(1)}, SCHEDULER, NOW, "UTC")
    assert (result.answered, result.accuracy, result.studied) == (2, 0.5, 1)
    assert result.due == due_counts({"t_num": studied(1)}, NOW, "UTC")
    assert result.retention is not None and 0 < result.retention <= 1
    empty = overview(attempts(), {}, SCHEDULER, NOW, "UTC")
    assert empty.accuracy is None and empty.retention is None and empty.due.today == 0


def test_accuracy_counts_quiz_answers_only() -> None:
    frame = attempts(("t_num", True, ""), ("t_tf", False, ""), ("t_single", False, ""), ("t_match", False, ""))
    frame["mode"] = ["practice", "exam", "flashcards", "flashcards"]
    result = overview(frame, {}, SCHEDULER, NOW, "UTC")
    assert (result.answered, result.accuracy, result.reviewed) == (2, 0.5, 2)
    assert accuracy(frame, BANK)["answered"].sum() == 2


def test_percent_never_rounds_a_share_below_one_up_to_100() -> None:
    assert percent(0.996) == "99.6%" and percent(0.9999) == "99.9%"
    assert percent(1.0) == "100%" and percent(0.54) == "54%" and percent(None) == "–"


def test_quiz_answers_do_not_use_up_the_new_flashcard_limit() -> None:
    today = day_start(NOW, "UTC")
    reviews = pd.DataFrame(
        {
            "question_id": ["quiz_first", "quiz_first", "card_new", "card_old", "card_old"],
            "mode": ["practice", "flashcards", "flashcards", "flashcards", "flashcards"],
            "reviewed_at": pd.to_datetime(
                [NOW - timedelta(hours=2), NOW - timedelta(hours=1), NOW, NOW - timedelta(days=3), NOW], utc=True
            ),
        }
    )
    assert new_flashcards_since(reviews, today) == 1  # card_new only
    quiz_only = reviews[reviews["mode"] == "practice"]
    assert new_flashcards_since(quiz_only, today) == 0


def test_every_figure_has_a_definition() -> None:
    assert set(DEFINITIONS) == {"answers", "accuracy", "reviews", "retention", "due_now", "due_week", "new_left"}
    assert "predicted recall" in DEFINITIONS["retention"] and "share" in DEFINITIONS["accuracy"]


def test_concept_names_come_from_the_table_never_from_a_slug() -> None:
    names = concept_names(
        ["authors_principles?card=agreed_rto", "lakehouse", "lakehouse?node=unnamed"],
        {"authors_principles?card=agreed_rto": "Recovery targets (RTO and RPO)"},
        {"lakehouse": "The lakehouse"},
    )
    assert names == {
        "authors_principles?card=agreed_rto": "Recovery targets (RTO and RPO)",
        "lakehouse": "The lakehouse",
        "lakehouse?node=unnamed": "The lakehouse",
    }
