"""Live sessions through the storage layer: a host and participants on independent clients."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import text

from studylab.content.schemas import PredictionRow
from studylab.present.live import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SESSION_TTL,
    LiveError,
    LiveStore,
    RoundSpec,
    live_questions,
    new_code,
    normalise_code,
    percentages,
    round_from_prediction,
    round_from_question,
    utcnow,
)
from studylab.storage.database import Database
from studylab.study.bank import build_bank

SPEC = RoundSpec("question", "q1", "Which layer is fastest?", ("Batch", "Speed", "Serving"), 2, "The speed layer.")


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


def test_rounds_from_the_question_bank(content) -> None:  # type: ignore[no-untyped-def]
    bank = build_bank(content.table("questions"))
    live = live_questions(bank)
    assert live and all(q.type in ("single", "scenario", "true_false") for q in live.values())
    for question in live.values():
        spec = round_from_question(question)
        assert 2 <= len(spec.options) <= 6 and 1 <= spec.right <= len(spec.options)
        if question.type == "true_false":
            assert spec.options[spec.right - 1].lower() == question.answer
        else:
            assert spec.right in question.right
    other = next(q for q in bank.values() if q.type not in ("single", "scenario", "true_false"))
    with pytest.raises(ValueError, match="single-choice"):
        round_from_question(other)


def test_rounds_from_predictions(content) -> None:  # type: ignore[no-untyped-def]
    for row in content.table("predictions").to_dict("records"):
        spec = round_from_prediction(PredictionRow.model_validate({k: row[k] for k in PredictionRow.model_fields}))
        assert spec.kind == "prediction" and spec.figure and spec.figure.startswith("sim ")
        assert 1 <= spec.right <= len(spec.options)


def test_percentages() -> None:
    assert percentages([1, 3]) == [25.0, 75.0]
    assert percentages([0, 0]) == [0.0, 0.0]


def test_uploaded_decks_are_stored_and_replaced(host: LiveStore, guest: LiveStore) -> None:
    host.save_deck("talk", "Talk", "talk.md", "# One")
    host.save_deck("talk", "Talk", "talk.md", "# Two")
    assert guest.decks() == [("talk", "talk.md", "# Two")]
    guest.delete_deck("talk")
    assert host.decks() == []


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
