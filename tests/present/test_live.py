"""Live sessions under concurrency, on SQLite and PostgreSQL: two servers doing the same thing at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from studylab.present.live import LiveError, LiveSessionRow, LiveStore, RoundSpec, utcnow
from studylab.storage.database import Database
from studylab.study.schedule import as_utc
from tests.concurrency import at_once

SPEC = RoundSpec("question", "q1", "Which layer is fastest?", ("Batch", "Speed", "Serving"), 2, "The speed layer.")
TRIES = 10
"""Each two-at-once race is tried this often: one try hits the window only some of the time."""


@pytest.fixture
def servers(db_url: str) -> Iterator[list[LiveStore]]:
    """Two stores with their own engines and pools: as separate as two app servers."""
    stores = []
    for _ in range(2):
        db = Database(db_url)
        db.create_all()
        stores.append(LiveStore(db))
    yield stores
    for store in stores:
        store.db.dispose()


def kinds(results: list[object]) -> list[str]:
    """Each result as the LiveError kind it raised, or ``ok``; other exceptions fail the test."""
    out = []
    for result in results:
        if isinstance(result, LiveError):
            out.append(result.kind)
        elif isinstance(result, BaseException):
            raise result
        else:
            out.append("ok")
    return sorted(out)


def test_an_answer_sent_twice_at_once_is_stored_once(servers: list[LiveStore]) -> None:
    keys = servers[0].start("Twice")
    tokens = [servers[0].join(keys.code, f"p{i}") for i in range(TRIES)]
    for attempt in range(TRIES):
        servers[0].open_round(keys.code, keys.token, SPEC)
        results = at_once(2, lambda i, t=tokens[attempt]: servers[i].answer(keys.code, t, 2))
        assert kinds(results) == ["answered", "ok"]
        state = servers[1].state(keys.code)
        assert state.round is not None and state.round.answers == 1
        servers[0].reveal(keys.code, keys.token)


def test_the_same_nickname_joined_twice_at_once_is_taken_once(servers: list[LiveStore]) -> None:
    keys = servers[0].start("Names")
    for attempt in range(TRIES):
        results = at_once(2, lambda i, a=attempt: servers[i].join(keys.code, f"Ana{a}"))
        assert kinds(results) == ["ok", "taken"]
    assert servers[1].state(keys.code).participants == TRIES


def test_a_round_opened_twice_at_once_is_opened_once(servers: list[LiveStore]) -> None:
    keys = servers[0].start("Rounds")
    for attempt in range(TRIES):
        results = at_once(2, lambda i: servers[i].open_round(keys.code, keys.token, SPEC))
        assert results == [attempt + 1, attempt + 1]
        servers[0].reveal(keys.code, keys.token)


def test_answers_touch_the_session_at_most_once_a_second(servers: list[LiveStore]) -> None:
    start = utcnow()
    keys = servers[0].start("Busy", now=start)
    token = servers[0].join(keys.code, "Ana", now=start)
    servers[0].open_round(keys.code, keys.token, SPEC, now=start)
    servers[1].answer(keys.code, token, 1, now=start + timedelta(milliseconds=500))
    with servers[0].db.read() as session:
        touched = session.get(LiveSessionRow, 1)
        assert touched is not None and as_utc(touched.last_active) == start
    servers[0].reveal(keys.code, keys.token, now=start + timedelta(seconds=2))
    with servers[0].db.read() as session:
        touched = session.get(LiveSessionRow, 1)
        assert touched is not None and as_utc(touched.last_active) == start + timedelta(seconds=2)
