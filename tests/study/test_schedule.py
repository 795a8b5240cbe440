"""Card fields round-trip through fsrs, and the scheduler (not our code) decides the intervals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, State

from studylab.study.schedule import (
    CardState,
    describe_interval,
    from_fsrs,
    next_review_text,
    preview,
    rating_for,
    retrievability,
    review,
    to_fsrs,
)
from tests.quiz_support import fixed_scheduler

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_new_card_is_due_now_and_has_no_retrievability() -> None:
    card = CardState.new(NOW)
    assert card.due == NOW and card.last_review is None and card.state == State.Learning.value
    assert retrievability(fixed_scheduler(), card, NOW) == 0.0


def test_review_matches_fsrs_exactly() -> None:
    scheduler = fixed_scheduler()
    ours = CardState.new(NOW)
    theirs = Card(card_id=1, due=NOW)
    for step, rating in enumerate([Rating.Good, Rating.Good, Rating.Again, Rating.Good, Rating.Easy]):
        when = NOW + timedelta(days=3 * step)
        ours = review(scheduler, ours, rating, when)
        theirs, _ = scheduler.review_card(theirs, rating, review_datetime=when)
        assert ours.due == theirs.due and ours.stability == theirs.stability and ours.state == theirs.state.value
    assert ours.reps == 5 and ours.lapses == 1


def test_fields_round_trip() -> None:
    card = review(fixed_scheduler(), CardState.new(NOW), Rating.Good, NOW)
    assert from_fsrs(to_fsrs(card), card.reps, card.lapses) == card


def test_naive_times_are_taken_as_utc() -> None:
    naive = CardState.new(NOW.replace(tzinfo=None))
    assert naive.due == NOW


def test_a_review_never_goes_back_in_time() -> None:
    scheduler = fixed_scheduler()
    card = review(scheduler, CardState.new(NOW), Rating.Good, NOW)
    later = review(scheduler, card, Rating.Good, NOW - timedelta(hours=1))
    assert later.last_review == NOW


def test_better_ratings_never_come_back_sooner() -> None:
    scheduler = fixed_scheduler()
    card = review(scheduler, CardState.new(NOW), Rating.Good, NOW)
    card = review(scheduler, card, Rating.Good, NOW + timedelta(days=1))
    intervals = preview(scheduler, card, NOW + timedelta(days=5))
    ordered = [intervals[r] for r in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)]
    assert ordered == sorted(ordered) and ordered[0] < ordered[-1]


def test_retrievability_decays() -> None:
    scheduler = fixed_scheduler()
    card = review(scheduler, CardState.new(NOW), Rating.Good, NOW)
    soon, later = (retrievability(scheduler, card, NOW + timedelta(days=d)) for d in (1, 30))
    assert 1.0 >= soon > later > 0.0


def test_answers_map_to_ratings() -> None:
    assert rating_for(True) == Rating.Good and rating_for(False) == Rating.Again


def test_describe_interval() -> None:
    assert [describe_interval(timedelta(seconds=s)) for s in (5, 600, 7200, 4 * 86400, 90 * 86400)] == [
        "<1 min",
        "10 min",
        "2 h",
        "4 d",
        "3 mo",
    ]


def test_next_review_text_names_the_day() -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert next_review_text(now + timedelta(days=2), now) == "on Tue 3 Mar (in 2 d)"
    assert next_review_text(now + timedelta(minutes=10), now) == "today at 09:10 (in 10 min)"
    assert next_review_text(now + timedelta(days=400), now) == "on Mon 5 Apr 2027 (in 13 mo)"
