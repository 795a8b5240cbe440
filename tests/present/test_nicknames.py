"""Look-alike nicknames do not join beside the real one; the name shown is the cleaned one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studylab.present import nicknames
from studylab.present.live import LiveStore
from studylab.present.rounds import LiveError
from studylab.storage.database import Database

ZALGO = "Bob" + "\u0301\u0336\u0489" * 100


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveStore]:
    db = Database(f"sqlite:///{tmp_path / 'live.db'}")
    db.create_all()
    yield LiveStore(db)
    db.dispose()


@pytest.mark.parametrize("lookalike", ["Аlice", "Alice\u200b", "ALICE", "A\u200dlice", "Ａｌｉｃｅ", "AIice"])
def test_a_lookalike_of_alice_cannot_join_beside_her(live: LiveStore, lookalike: str) -> None:
    host = live.start("Room")
    live.join(host.code, "Alice")
    with pytest.raises(LiveError) as refused:
        live.join(host.code, lookalike)
    assert refused.value.kind == "taken" and "already called Alice" in refused.value.message


def test_a_right_to_left_override_is_removed_from_the_name_shown(live: LiveStore) -> None:
    host = live.start("Room")
    token = live.join(host.code, "\u202eecilA")
    assert live.me(host.code, token).nickname == "ecilA"


def test_a_zalgo_pile_keeps_at_most_two_marks_per_letter(live: LiveStore) -> None:
    host = live.start("Room")
    token = live.join(host.code, ZALGO)
    shown = live.me(host.code, token).nickname
    assert shown.startswith("Bob") and len(shown) == 3 + nicknames.MAX_MARKS
    with pytest.raises(LiveError):
        live.join(host.code, "bob")


def test_a_name_of_only_invisible_characters_is_refused(live: LiveStore) -> None:
    host = live.start("Room")
    with pytest.raises(LiveError) as refused:
        live.join(host.code, "\u200b\u202e\u2066")
    assert refused.value.kind == "invalid"


@pytest.mark.parametrize("other", ["аlice", "ALİCE", "Alicé", "ΑΙiсe"])
def test_case_marks_and_confusables_make_the_same_name(other: str) -> None:
    assert nicknames.same("Alice", other)


@pytest.mark.parametrize("other", ["Alina", "ecilA", "Bob"])
def test_different_names_stay_different(other: str) -> None:
    assert not nicknames.same("Alice", other)
