"""Uploaded decks have owners: nobody replaces or deletes another's deck; replacing one's own keeps an undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studylab.present.uploads import DeckOwnerError, DeckStore
from studylab.storage.database import Database

ALICE, MALLORY = "profile:Alice", "profile:Mallory"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DeckStore]:
    db = Database(f"sqlite:///{tmp_path / 'decks.db'}")
    db.create_all()
    yield DeckStore(db)
    db.dispose()


def sources(store: DeckStore) -> dict[str, str | None]:
    return {d.id: store.source(d.id) for d in store.listing()}


def test_a_same_name_upload_by_someone_else_gets_its_own_name(store: DeckStore) -> None:
    store.save("talk", "Talk", "talk.md", "# Alice's", ALICE)
    outcome = store.save("talk", "Talk", "talk.md", "# Mallory's", MALLORY)
    assert (outcome.kind, outcome.deck_id) == ("renamed", "talk_2")
    assert sources(store) == {"talk": "# Alice's", "talk_2": "# Mallory's"}


def test_replacing_ones_own_deck_asks_first(store: DeckStore) -> None:
    store.save("talk", "Talk", "talk.md", "# One", ALICE)
    assert store.save("talk", "Talk", "talk.md", "# Two", ALICE).kind == "confirm"
    assert store.source("talk") == "# One"


def test_a_confirmed_replace_keeps_the_previous_version_for_undo(store: DeckStore) -> None:
    store.save("talk", "Talk", "talk.md", "# One", ALICE)
    assert store.save("talk", "Talk", "talk.md", "# Two", ALICE, replace=True).kind == "replaced"
    (listed,) = store.listing()
    assert store.source("talk") == "# Two" and listed.can_undo and listed.version == 2
    store.undo("talk", ALICE)
    assert store.source("talk") == "# One"


def test_only_the_owner_can_delete_or_undo(store: DeckStore) -> None:
    store.save("talk", "Talk", "talk.md", "# One", ALICE)
    with pytest.raises(DeckOwnerError):
        store.delete("talk", MALLORY)
    with pytest.raises(DeckOwnerError):
        store.undo("talk", MALLORY)
    store.delete("talk", ALICE)
    assert store.listing() == []


def test_a_deck_stored_before_owners_belongs_to_nobody(store: DeckStore) -> None:
    store.save("talk", "Talk", "talk.md", "# Old", "")
    assert store.save("talk", "Talk", "talk.md", "# New", "").kind == "renamed"
    with pytest.raises(DeckOwnerError):
        store.delete("talk", "")
