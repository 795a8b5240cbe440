"""Countdowns, points and misconception tags of live rounds, on SQLite and PostgreSQL, with an injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from studylab.present.live import LiveStore
from studylab.present.rounds import LiveError, RoundSpec
from studylab.present.scoring import BASE_POINTS, SPEED_BONUS, wrong_options
from studylab.storage.database import Database

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SPEC = RoundSpec(
    "question",
    "q1",
    "Which layer is fastest?",
    ("Batch", "Speed", "Serving"),
    2,
    "The speed layer.",
    misconceptions=("batch_is_fast", "", "serving_computes"),
)


@pytest.fixture
def store(db_url: str) -> Iterator[LiveStore]:
    db = Database(db_url)
    db.create_all()
    yield LiveStore(db)
    db.dispose()


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_an_answer_after_the_countdown_is_refused_with_a_clear_message(store: LiveStore) -> None:
    keys = store.start("Group", now=T0, countdown_s=20)
    ana, bo = store.join(keys.code, "Ana", now=at(1)), store.join(keys.code, "Bo", now=at(1))
    store.open_round(keys.code, keys.token, SPEC, now=at(10))
    state = store.state(keys.code, now=at(12))
    assert state.countdown_s == 20 and state.round is not None
    assert state.round.deadline == at(30)
    assert state.round.seconds_left(at(12)) == 18 and state.round.seconds_left(at(31)) == 0
    assert store.answer(keys.code, ana, 2, now=at(29.9)) is True
    with pytest.raises(LiveError, match="Time is up") as caught:
        store.answer(keys.code, bo, 2, now=at(30.5))
    assert caught.value.kind == "late"
    after = store.state(keys.code, now=at(31)).round
    assert after is not None and after.counts == (0, 1, 0)


def test_without_a_countdown_answers_stay_open_until_the_reveal(store: LiveStore) -> None:
    keys = store.start("Group", now=T0)
    ana = store.join(keys.code, "Ana", now=T0)
    store.open_round(keys.code, keys.token, SPEC, now=T0)
    state = store.state(keys.code, now=at(600)).round
    assert state is not None and state.deadline is None and state.seconds_left(at(600)) is None
    assert store.answer(keys.code, ana, 1, now=at(600)) is False


def test_a_countdown_out_of_range_is_refused(store: LiveStore) -> None:
    with pytest.raises(LiveError, match="countdown"):
        store.start("Group", countdown_s=-1)
    with pytest.raises(LiveError, match="countdown"):
        store.start("Group", countdown_s=10_000)


def test_points_reward_right_and_fast_answers_on_the_scoreboard(store: LiveStore) -> None:
    keys = store.start("Group", now=T0, countdown_s=20, points=True)
    fast, slow, wrong = (store.join(keys.code, name, now=T0) for name in ("Fast", "Slow", "Wrong"))
    store.open_round(keys.code, keys.token, SPEC, now=T0)
    store.answer(keys.code, slow, 2, now=at(15))
    store.answer(keys.code, wrong, 1, now=at(1))
    store.answer(keys.code, fast, 2, now=at(0))
    assert store.me(keys.code, fast, now=at(16)).points == 0  # not revealed yet
    store.reveal(keys.code, keys.token, now=at(16))
    board = store.scoreboard(keys.code, now=at(17))
    assert board.to_dict("records") == [
        {"nickname": "Fast", "points": BASE_POINTS + SPEED_BONUS, "correct": 1, "answered": 1},
        {"nickname": "Slow", "points": BASE_POINTS + SPEED_BONUS // 4, "correct": 1, "answered": 1},
        {"nickname": "Wrong", "points": 0, "correct": 0, "answered": 1},
    ]
    assert store.me(keys.code, slow, now=at(17)).points == BASE_POINTS + SPEED_BONUS // 4


def test_a_session_without_points_ranks_by_right_answers(store: LiveStore) -> None:
    keys = store.start("Group", now=T0)
    ana = store.join(keys.code, "Ana", now=T0)
    store.open_round(keys.code, keys.token, SPEC, now=T0)
    store.answer(keys.code, ana, 2, now=at(1))
    store.reveal(keys.code, keys.token, now=at(2))
    assert list(store.scoreboard(keys.code, now=at(3)).columns) == ["nickname", "correct", "answered"]
    assert store.me(keys.code, ana, now=at(3)).points == 0


def test_the_misconceptions_of_wrong_options_are_counted_after_the_reveal(store: LiveStore) -> None:
    keys = store.start("Group", now=T0)
    tokens = [store.join(keys.code, f"p{i}", now=T0) for i in range(6)]
    store.open_round(keys.code, keys.token, SPEC, now=T0)
    for token, choice in zip(tokens, [1, 1, 1, 2, 3, 2], strict=True):
        store.answer(keys.code, token, choice, now=at(1))
    store.reveal(keys.code, keys.token, now=at(2))
    state = store.state(keys.code, now=at(3)).round
    assert state is not None and state.misconceptions == SPEC.misconceptions
    rows = wrong_options(state, {"batch_is_fast": "Batch jobs answer as fast as a stream."})
    assert [(r.number, r.count, r.tag, r.belief) for r in rows] == [
        (1, 3, "batch_is_fast", "Batch jobs answer as fast as a stream."),
        (3, 1, "serving_computes", "Serving computes"),
    ]


def test_a_participants_poll_reads_what_state_and_me_read(store: LiveStore) -> None:
    keys = store.start("Group", now=T0, countdown_s=20)
    ana, bo = store.join(keys.code, "Ana", now=T0), store.join(keys.code, "Bo", now=T0)
    before = store.pulse(keys.code, ana, now=at(1))
    assert (before.participants, before.number, before.revealed, before.choice) == (2, None, False, None)
    store.open_round(keys.code, keys.token, SPEC, now=at(2))
    store.answer(keys.code, ana, 2, now=at(3))
    mine, theirs = store.pulse(keys.code, ana, now=at(4)), store.pulse(keys.code, bo, now=at(4))
    assert (mine.number, mine.choice, theirs.choice, mine.deadline) == (1, 2, None, at(22))
    assert mine.seconds_left(at(4)) == 18
    store.reveal(keys.code, keys.token, now=at(5))
    assert store.pulse(keys.code, ana, now=at(5)).revealed
    store.open_round(keys.code, keys.token, replace(SPEC, prompt="And now?"), now=at(6))
    second = store.pulse(keys.code, ana, now=at(6))
    assert (second.number, second.revealed, second.choice) == (2, False, None)
    store.end(keys.code, keys.token, now=at(6))
    assert store.pulse(keys.code, bo, now=at(7)).ended
    with pytest.raises(LiveError, match="have not joined"):
        store.pulse(keys.code, "not-a-token", now=at(7))
    with pytest.raises(LiveError, match="No live session"):
        store.pulse("NOPE22", ana, now=at(7))
    other = store.start("Other", now=T0)
    with pytest.raises(LiveError, match="have not joined"):
        store.pulse(other.code, ana, now=at(7))
