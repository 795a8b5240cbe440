"""Follow rooms through the storage layer (SQLite and PostgreSQL), and the rule each window follows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from studylab.present.follow import (
    ROOM_TTL,
    FollowError,
    FollowStore,
    Spot,
    away_note,
    check_code,
    sync,
)
from studylab.storage.database import Database
from tests.concurrency import at_once

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
HERE = Spot("streaming_tour", 1)


def client(url: str) -> FollowStore:
    """A store with its own engine: as separate as two app servers sharing one database."""
    db = Database(url)
    db.create_all()
    return FollowStore(db)


@pytest.fixture
def servers(db_url: str) -> Iterator[list[FollowStore]]:
    stores = [client(db_url), client(db_url)]
    yield stores
    for store in stores:
        store.db.dispose()


def test_the_audience_reads_what_the_presenter_writes_through_another_server(servers: list[FollowStore]) -> None:
    presenter, audience = servers
    keys = presenter.start(HERE, START)
    assert audience.room(keys.code) == audience.room(keys.code.lower()) and not audience.room(keys.code).presenter
    assert presenter.move(keys.code, keys.key, Spot("streaming_tour", 5, "burst"), START + timedelta(seconds=1)) == 2
    room = audience.room(keys.code)
    assert room.spot == Spot("streaming_tour", 5, "burst")
    presenter.move(keys.code, keys.key, Spot("streaming_tour", 5, "burst", blank=True))
    assert audience.room(keys.code).spot.blank
    assert audience.room(keys.code, keys.key).presenter


def test_only_the_presenter_key_moves_the_room(servers: list[FollowStore]) -> None:
    presenter, audience = servers
    keys = presenter.start(HERE, START)
    for wrong in ("", "guess", keys.code):
        with pytest.raises(FollowError) as caught:
            audience.move(keys.code, wrong, Spot("streaming_tour", 9), START + timedelta(seconds=1))
        assert caught.value.kind == "forbidden"
        assert not audience.room(keys.code, wrong).presenter
    assert audience.room(keys.code).spot == HERE


def test_unknown_and_nonsense_codes_get_a_clear_message(servers: list[FollowStore]) -> None:
    presenter, _ = servers
    presenter.start(HERE, START)
    with pytest.raises(FollowError) as caught:
        presenter.room("ZZZZZZ")
    assert caught.value.kind == "not_found" and "ZZZZZZ" in caught.value.message
    with pytest.raises(FollowError) as caught:
        presenter.move("ZZZZZZ", "key", HERE)
    assert caught.value.kind == "not_found"
    for nonsense in ("", "<script>", "K7F3Q", "K7F3QPX", "I0O1AB", "a" * 500):
        with pytest.raises(FollowError) as caught:
            presenter.room(nonsense)
        assert caught.value.kind == "bad_code"
        assert "<" not in caught.value.message and len(caught.value.message) < 220


def test_a_typed_code_with_spaces_and_small_letters_is_the_same_code() -> None:
    assert check_code(" k7f-3qp ") == "K7F3QP"


def test_concurrent_moves_leave_one_row_with_the_last_position(servers: list[FollowStore]) -> None:
    keys = servers[0].start(HERE, START)
    count = 12

    # Released together from two servers: the row lock orders them, each gets the next version,
    # and the one that committed last (the highest version) is where the room is.
    def move(i: int) -> int:
        return servers[i % 2].move(keys.code, keys.key, Spot("streaming_tour", i + 1))

    results = at_once(count, move)
    versions = [r for r in results if isinstance(r, int)]
    assert len(versions) == count, results
    assert sorted(versions) == list(range(2, count + 2)), "every move landed, one after another"
    last = versions.index(max(versions))
    assert servers[1].codes() == [keys.code]
    assert servers[1].room(keys.code).spot == Spot("streaming_tour", last + 1)


def test_a_move_returns_the_rooms_new_version(servers: list[FollowStore]) -> None:
    presenter, other = servers
    keys = presenter.start(HERE, START)
    assert presenter.move(keys.code, keys.key, Spot("streaming_tour", 3)) == 2
    assert other.move(keys.code, keys.key, Spot("streaming_tour", 2)) == 3
    assert presenter.room(keys.code).spot.slide == 2


def test_rooms_left_alone_expire_when_another_starts(servers: list[FollowStore]) -> None:
    presenter, _ = servers
    old = presenter.start(HERE, START)
    new = presenter.start(HERE, START + ROOM_TTL + timedelta(minutes=1))
    assert presenter.codes() == [new.code]
    with pytest.raises(FollowError):
        presenter.room(old.code)


# --- The rule each window follows ----------------------------------------------------------

A, B, C = Spot("d", 1), Spot("d", 2), Spot("d", 3)


def test_a_window_that_just_opened_goes_to_the_room() -> None:
    assert sync(local=A, room=C, synced=None, presenter=False, own=False) == sync(A, C, None, True, False)
    assert sync(A, C, None, False, False).show == C and not sync(A, C, None, True, False).publish


def test_every_window_follows_when_the_room_moves() -> None:
    for presenter in (True, False):
        result = sync(local=A, room=B, synced=A, presenter=presenter, own=False)
        assert (result.show, result.publish, result.synced) == (B, False, B)


def test_the_presenters_own_move_is_published() -> None:
    result = sync(local=B, room=A, synced=A, presenter=True, own=False)
    assert (result.show, result.publish, result.synced) == (B, True, B)


def test_an_audience_window_never_publishes_and_snaps_back_unless_on_its_own() -> None:
    assert sync(local=B, room=A, synced=A, presenter=False, own=False).show == A
    on_own = sync(local=B, room=C, synced=A, presenter=False, own=True)
    assert (on_own.show, on_own.publish) == (B, False)


def test_the_away_note_names_both_slides() -> None:
    assert away_note(Spot("d", 3), Spot("d", 5), "D", "D") == "You are on slide 3; the presenter is on slide 5."
    assert "“E”" in away_note(Spot("d", 3), Spot("e", 5), "D", "E")
