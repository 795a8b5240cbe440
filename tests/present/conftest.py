"""Fixtures of the present tests. A module may define its own ``store`` (follow mode's, say), which wins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from studylab.present.live import LiveStore
from studylab.storage.database import URL_ENV, Database


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveStore]:
    """A live store on the test database, which the pages under test use too."""
    monkeypatch.setenv(URL_ENV, db_url)
    live = LiveStore(Database(db_url))
    live.db.create_all()
    yield live
    live.db.dispose()
