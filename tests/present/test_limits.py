"""Wrong join codes are limited per client: after five a minute, the next attempts wait."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from studylab.present.limits import MAX_WRONG_JOINS, MAX_WRONG_PER_ADDRESS, WINDOW, AttemptStore, wait_seconds
from studylab.present.live import utcnow
from studylab.storage.database import Database


@pytest.fixture
def attempts(tmp_path: Path) -> Iterator[AttemptStore]:
    db = Database(f"sqlite:///{tmp_path / 'limits.db'}")
    db.create_all()
    yield AttemptStore(db)
    db.dispose()


def test_below_the_limit_nobody_waits() -> None:
    now = utcnow()
    assert wait_seconds([now] * (MAX_WRONG_JOINS - 1), now) == 0


def test_at_the_limit_the_wait_ends_a_window_after_the_oldest_counted_failure() -> None:
    now = utcnow()
    failures = [now - timedelta(seconds=10)] + [now] * (MAX_WRONG_JOINS - 1)
    assert wait_seconds(failures, now) == pytest.approx((WINDOW - timedelta(seconds=10)).total_seconds())


def test_old_failures_do_not_count() -> None:
    now = utcnow()
    assert wait_seconds([now - WINDOW - timedelta(seconds=1)] * 50, now) == 0


def test_the_database_counts_failures_across_servers(attempts: AttemptStore, tmp_path: Path) -> None:
    other = AttemptStore(Database(f"sqlite:///{tmp_path / 'limits.db'}"))
    for _ in range(MAX_WRONG_PER_ADDRESS):
        other.failed("ip:10.0.0.7")
    assert attempts.wait("ip:10.0.0.7") > 0
    assert attempts.wait("ip:10.0.0.8") == 0
    other.db.dispose()
