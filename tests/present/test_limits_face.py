"""Twenty wrong join codes in a row: the first five get the plain answer, the rest the wait message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studylab.present.limits import MAX_WRONG_JOINS
from studylab.present.live import LiveStore
from studylab.storage.database import URL_ENV, Database
from tests.pages_support import run_page


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveStore]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    monkeypatch.setenv(URL_ENV, url)
    live = LiveStore(Database(url))
    live.db.create_all()
    yield live
    live.db.dispose()


def test_twenty_wrong_join_codes_are_refused_after_the_limit_with_the_wait_message(store: LiveStore) -> None:
    real = store.start("Real")
    at = run_page("pages/live_join.py")
    answers = []
    for attempt in range(20):
        at.text_input[0].set_value(f"ZZZZ{attempt:02d}")
        at.text_input[1].set_value("Guesser")
        at = next(b for b in at.button if b.label == "Join").click().run()
        answers.append(" ".join(str(e.value) for e in at.error))
    assert all("No live session has the code" in a for a in answers[:MAX_WRONG_JOINS])
    assert all("Too many wrong join codes: wait" in a for a in answers[MAX_WRONG_JOINS:])
    at.text_input[0].set_value(real.code)
    at = next(b for b in at.button if b.label == "Join").click().run()
    assert any("Too many wrong join codes" in str(e.value) for e in at.error), "the right code waits too"
