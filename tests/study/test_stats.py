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
    due_within,
    in_bank,
    measured_overall,
    measured_retention,
    new_flashcards_since,
    new_left,
    overview,
    percent,
    progress_table,
    repeated_misconceptions,
    retention,
    review_forecast,
    reviews_per_day,
    streak,
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


def test_reviews_per_day_counts_flashcard_reviews_of_each_past_day() -> None:
    when = [NOW - timedelta(days=1), NOW - timedelta(days=1), NOW, NOW]
    reviews = pd.DataFrame(
        {"reviewed_at": pd.to_datetime(when), "mode": ["flashcards", "flashcards", "flashcards", "practice"]}
    )
    per_day = reviews_per_day(reviews, NOW, "UTC", past=7).set_index("day")
    assert len(per_day) == 8 and per_day.index.max() == date(2026, 3, 1)
    assert per_day.loc[date(2026, 2, 28), "reviewed"] == 2
    assert per_day.loc[date(2026, 3, 1), "reviewed"] == 1  # a linked quiz answer is not a flashcard review


def spread_cards(days: list[float]) -> dict[str, CardState]:
    return {f"c{i}": CardState.new(NOW + timedelta(days=d)) for i, d in enumerate(days)}


def test_forecast_sums_to_the_cards_due_within_30_days() -> None:
    cards = spread_cards([-5, -0.1, 0.02, 1, 1.2, 7, 29.04, 29.1, 30, 45])
    for tz in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        forecast = review_forecast(cards, NOW, tz)
        assert len(forecast) == 30 and forecast["day"].iloc[0] == day_start(NOW, tz).date()
        assert forecast["due"].sum() == due_within(cards, NOW, tz, 30)
    forecast = review_forecast(cards, NOW, "UTC").set_index("day")
    assert forecast.loc[date(2026, 3, 1), "due"] == 3  # two overdue cards and one due later today
    assert forecast["due"].sum() == 7  # +29.04 d is 30 March, the 30th day; +29.1 d is 31 March: out
    assert due_within(cards, NOW, "UTC", 1) == due_counts(cards, NOW, "UTC").today
    assert due_within(cards, NOW, "UTC", 7) == due_counts(cards, NOW, "UTC").week


def reviews_on(*days_ago: float, mode: str = "flashcards") -> pd.DataFrame:
    when = [NOW - timedelta(days=d) for d in days_ago]
    return pd.DataFrame({"reviewed_at": pd.to_datetime(when), "mode": [mode] * len(when)})


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday() -> None:
    assert streak(reviews_on(), NOW, "UTC") == 0
    assert streak(reviews_on(0, 1, 1, 2, 4), NOW, "UTC") == 3
    assert streak(reviews_on(1, 2), NOW, "UTC") == 2  # nothing yet today: the streak still stands
    assert streak(reviews_on(2, 3), NOW, "UTC") == 0  # yesterday was missed
    assert streak(reviews_on(0, 1, mode="practice"), NOW, "UTC") == 0  # linked quiz answers are not flashcards
    # 22:30 UTC on 1 March is 07:30 on 2 March in Tokyo: a review at 20:30 UTC was on 2 March there too.
    assert streak(reviews_on(2 / 24), NOW, "Asia/Tokyo") == 1


def test_measured_retention_is_the_weekly_share_not_rated_again() -> None:
    # NOW is Sunday 1 March; the week before started Monday 16 February.
    rows = [
        ("t_num", 10, 3),  # first review of t_num: introduces the card, not counted
        ("t_num", 9, 1),
        ("t_num", 8, 3),
        ("t_tf", 10, 1),  # first review of t_tf
        ("t_tf", 0.5, 4),
        ("t_num", 0.4, 2),
        ("gone", 3, 3),
        ("gone", 2, 1),  # no longer in the bank
    ]
    reviews = pd.DataFrame(
        {
            "question_id": [q for q, _, _ in rows],
            "reviewed_at": pd.to_datetime([NOW - timedelta(days=d) for _, d, _ in rows]),
            "rating": [r for _, _, r in rows],
        }
    )
    overall = measured_retention(reviews, BANK, "UTC", None).set_index("week")
    assert list(overall.index) == [date(2026, 2, 16), date(2026, 2, 23)]
    assert overall.loc[date(2026, 2, 16), ["reviews", "recalled", "measured"]].tolist() == [2, 1, 0.5]
    assert overall.loc[date(2026, 2, 23), "measured"] == 1.0
    by_concept = measured_retention(reviews, BANK, "UTC", "concept")
    assert set(by_concept["concept"]) == {"availability_reliability?preset=series", "lakehouse"}
    assert by_concept["reviews"].sum() == 4
    assert measured_retention(reviews.head(1), BANK, "UTC").empty
    overall = measured_overall(by_concept).set_index("concept")
    assert overall.loc["availability_reliability?preset=series", ["reviews", "recalled", "measured"]].tolist() == [
        3,
        2,
        2 / 3,
    ]
    assert list(overall.index)[0] == "availability_reliability?preset=series"  # the most reviewed first
    assert measured_overall(by_concept.head(0)).empty


def test_due_figures_count_only_cards_of_questions_in_the_bank() -> None:
    cards = {"t_num": studied(30), "gone": studied(30), "t_tf": CardState.new(NOW + timedelta(days=1))}
    assert set(in_bank(cards, BANK)) == {"t_num", "t_tf"}
    assert set(in_bank(cards, BANK, "lakehouse")) == {"t_tf"}


def test_new_left_is_the_allowance_left_at_most_the_unseen_questions() -> None:
    cards = {"t_num": studied(1)}
    assert new_left(BANK, cards, new_today=0) == 6  # 7 questions, one seen
    assert new_left(BANK, cards, new_today=0, per_day=4) == 4
    assert new_left(BANK, cards, new_today=5, per_day=4) == 0
    assert new_left(BANK, cards, new_today=0, topic="availability_reliability") == 0


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
    assert {"answers", "accuracy", "reviews", "retention", "due_now", "due_week", "new_left", "streak"} <= set(
        DEFINITIONS
    )
    assert {"forecast", "measured_retention", "desired_retention", "cards", "link_quiz"} <= set(DEFINITIONS)
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
