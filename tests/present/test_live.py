"""Live sessions through the storage layer: a host and participants on independent clients, and
under concurrency (on SQLite and PostgreSQL) two servers doing the same thing at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import text

from studylab.present.live import CODE_ALPHABET, CODE_LENGTH, SESSION_TTL, LiveStore, new_code, normalise_code, utcnow
from studylab.present.rounds import LiveError, RoundSpec
from studylab.present.tables import LiveSessionRow
from studylab.storage.database import Database
from studylab.study.schedule import as_utc
from tests.concurrency import at_once

SPEC = RoundSpec("question", "q1", "Which layer is fastest?", ("Batch", "Speed", "Serving"), 2, "The speed layer.")
TRIES = 10
"""Each two-at-once race is tried this often: one try hits the window only some of the time."""


@pytest.fixture
def url(db_url: str) -> str:
    return db_url


def client(url: str) -> LiveStore:
    """A store with its own engine: as separate as two servers sharing one database."""
    db = Database(url)
    db.create_all()
    return LiveStore(db)


@pytest.fixture
def host(url: str) -> Iterator[LiveStore]:
    store = client(url)
    yield store
    store.db.dispose()


@pytest.fixture
def guest(url: str) -> Iterator[LiveStore]:
    store = client(url)
    yield store
    store.db.dispose()


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


def test_a_participants_answer_reaches_the_hosts_counts(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    assert host.open_round(keys.code, keys.token, SPEC) == 1
    assert guest.state(keys.code).round is not None
    assert guest.answer(keys.code, ana, 2) is True
    state = host.state(keys.code)
    assert state.participants == 1 and state.round is not None
    assert state.round.counts == (0, 1, 0) and not state.round.revealed
    host.reveal(keys.code, keys.token)
    seen = guest.state(keys.code).round
    assert seen is not None and seen.revealed
    assert guest.me(keys.code, ana).correct == 1


def test_a_participant_cannot_reveal_advance_or_end(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    host.open_round(keys.code, keys.token, SPEC)
    for token in (ana, "", keys.code, keys.token[:-1] + "x"):
        with pytest.raises(LiveError) as caught:
            guest.reveal(keys.code, token)
        assert caught.value.kind == "forbidden"
        with pytest.raises(LiveError, match="Only the host"):
            guest.open_round(keys.code, token, SPEC)
        with pytest.raises(LiveError, match="Only the host"):
            guest.end(keys.code, token)
    state = host.state(keys.code)
    assert state.round is not None and state.round.number == 1 and not state.round.revealed and not state.ended


def test_a_host_token_works_only_for_its_own_session(host: LiveStore) -> None:
    first, second = host.start("One"), host.start("Two")
    with pytest.raises(LiveError, match="Only the host"):
        host.reveal(second.code, first.token)
    assert host.check_host(first.code.lower(), first.token) == "One"


def test_tokens_are_stored_only_as_hashes(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    with host.db.read() as session:
        rows = [
            row
            for table in ("live_sessions", "live_participants")
            for row in session.execute(text(f"SELECT * FROM {table}")).all()
        ]
    dump = "\n".join(str(value) for row in rows for value in row)
    assert keys.token not in dump and ana not in dump
    assert keys.code in dump


def test_state_lives_in_the_database_not_in_a_process(url: str, host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    host.open_round(keys.code, keys.token, SPEC)
    guest.answer(keys.code, ana, 3)
    fresh = client(url)  # a new "server" with nothing in memory
    state = fresh.state(keys.code)
    assert state.round is not None and state.round.counts == (0, 0, 1)
    fresh.reveal(keys.code, keys.token)  # the host carries on from the other server
    assert guest.me(keys.code, ana).answered == 1
    fresh.db.dispose()


def test_answers_are_counted_once_and_close_on_reveal(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana, bo = guest.join(keys.code, "Ana"), guest.join(keys.code, "Bo")
    with pytest.raises(LiveError, match="no question yet"):
        guest.answer(keys.code, ana, 1)
    host.open_round(keys.code, keys.token, SPEC)
    guest.answer(keys.code, ana, 1)
    with pytest.raises(LiveError, match="already answered"):
        guest.answer(keys.code, ana, 2)
    for bad in (0, 4, -1):
        with pytest.raises(LiveError, match="one of the 3 options"):
            guest.answer(keys.code, bo, bad)
    host.reveal(keys.code, keys.token)
    with pytest.raises(LiveError, match="closed"):
        guest.answer(keys.code, bo, 2)
    with pytest.raises(LiveError, match="have not joined"):
        guest.answer(keys.code, "made-up-token", 2)
    state = host.state(keys.code)
    assert state.round is not None and state.round.counts == (1, 0, 0)


def test_a_new_round_replaces_the_current_one(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    host.open_round(keys.code, keys.token, SPEC)
    guest.answer(keys.code, ana, 2)
    assert host.open_round(keys.code, keys.token, SPEC) == 2
    state = host.state(keys.code)
    assert state.round is not None and state.round.number == 2 and state.round.counts == (0, 0, 0)
    assert guest.me(keys.code, ana).choice is None


def test_scoreboard_counts_revealed_rounds_best_first(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    people = {name: guest.join(keys.code, name) for name in ("Cy", "Ana", "Bo")}
    host.open_round(keys.code, keys.token, SPEC)
    guest.answer(keys.code, people["Ana"], 2)
    guest.answer(keys.code, people["Bo"], 1)
    assert host.scoreboard(keys.code)["answered"].sum() == 0, "nothing counts before the reveal"
    host.reveal(keys.code, keys.token)
    board = host.scoreboard(keys.code)
    assert board.to_dict("records") == [
        {"nickname": "Ana", "correct": 1, "answered": 1},
        {"nickname": "Cy", "correct": 0, "answered": 0},
        {"nickname": "Bo", "correct": 0, "answered": 1},
    ]


def test_nicknames(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    guest.join(keys.code, "  Ana   Lee ")
    with pytest.raises(LiveError, match="already called"):
        guest.join(keys.code, "ana lee")
    for bad in ("", "   ", "x" * 25, "\x07\u200b"):
        with pytest.raises(LiveError, match="1 to 24"):
            guest.join(keys.code, bad)


def test_unknown_codes(guest: LiveStore) -> None:
    with pytest.raises(LiveError) as caught:
        guest.join("ZZZZZZ", "Ana")
    assert caught.value.kind == "not_found"


def test_an_ended_session_takes_no_joins_or_answers(host: LiveStore, guest: LiveStore) -> None:
    keys = host.start("Group")
    ana = guest.join(keys.code, "Ana")
    host.open_round(keys.code, keys.token, SPEC)
    host.end(keys.code, keys.token)
    assert host.state(keys.code).ended
    with pytest.raises(LiveError, match="ended"):
        guest.join(keys.code, "Bo")
    with pytest.raises(LiveError, match="ended"):
        guest.answer(keys.code, ana, 1)
    with pytest.raises(LiveError, match="ended"):
        host.open_round(keys.code, keys.token, SPEC)


def test_stale_sessions_expire(host: LiveStore, guest: LiveStore) -> None:
    now = utcnow()
    old = host.start("Old", now=now)
    ana = guest.join(old.code, "Ana", now=now)
    host.open_round(old.code, old.token, SPEC, now=now)
    guest.answer(old.code, ana, 2, now=now + timedelta(minutes=5))
    later = now + timedelta(minutes=5) + SESSION_TTL - timedelta(seconds=1)
    assert host.state(old.code, now=later).participants == 1, "activity keeps a session alive"
    expired = now + timedelta(minutes=5) + SESSION_TTL + timedelta(seconds=1)
    with pytest.raises(LiveError) as caught:
        guest.answer(old.code, ana, 1, now=expired)
    assert caught.value.kind == "expired"
    assert host.expire(now=expired) == 1
    with pytest.raises(LiveError) as gone:
        host.state(old.code, now=expired)
    assert gone.value.kind == "not_found"


def test_starting_a_session_clears_expired_ones(host: LiveStore) -> None:
    now = utcnow()
    old = host.start("Old", now=now - SESSION_TTL - timedelta(minutes=1))
    host.start("New", now=now)
    with pytest.raises(LiveError, match="No live session"):
        host.state(old.code, now=now)


def test_join_codes() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("IO01") & set(CODE_ALPHABET)
    assert normalise_code(" k7f-3qp ") == "K7F3QP"


def test_many_participants_answer_at_once_through_several_servers(url: str, host: LiveStore) -> None:
    """40 participants on 4 independent clients answer concurrently: every answer is counted once."""
    keys = host.start("Crowd")
    servers = [client(url) for _ in range(4)]
    tokens = [servers[i % 4].join(keys.code, f"p{i}") for i in range(40)]
    host.open_round(keys.code, keys.token, SPEC)

    def answer(i: int) -> bool:
        return servers[i % 4].answer(keys.code, tokens[i], 1 + i % 3)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(answer, range(40)))
    state = host.state(keys.code)
    assert state.round is not None and state.round.counts == (14, 13, 13)
    assert sum(results) == 13
    for server in servers:
        server.db.dispose()


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


def test_look_alike_nicknames_joined_at_once_are_taken_once(servers: list[LiveStore]) -> None:
    keys = servers[0].start("Look-alikes")
    for attempt in range(TRIES):
        # Latin "Alice" and "Alice" with a Cyrillic A, through two servers at the same instant.
        names = (f"Alice{attempt}", f"\u0410lice{attempt}")
        results = at_once(2, lambda i, n=names: servers[i].join(keys.code, n[i]))
        assert sorted(kinds(results)) == ["ok", "taken"], results
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
