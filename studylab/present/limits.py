"""Rate limits where guessing pays: wrong join codes per client, counted in the database.

A limit that must hold across app servers lives in the ``live_attempts`` table (one
row per failed attempt, keyed by who tried: ``ip:<address>``); the face adds a first
layer per browser session in session state, with the same :func:`wait_seconds` rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Index, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from studylab.present.live import _aware, utcnow
from studylab.storage.database import Base, Database

MAX_WRONG_JOINS = 5
"""Wrong join codes allowed per browser session within ``WINDOW``; the next attempt waits."""
MAX_WRONG_PER_ADDRESS = 30
"""Wrong join codes allowed per network address within ``WINDOW`` (a room may share one address)."""
WINDOW = timedelta(minutes=1)
"""The sliding window the limit counts over."""


class AttemptRow(Base):
    """One failed attempt (a wrong join code) by one client."""

    __tablename__ = "live_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120))
    """Who tried: ``ip:<address>`` (or another stable client key)."""
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_live_attempts_key_at", "key", "at"),)


def wait_seconds(failures: Sequence[datetime], now: datetime, limit: int = MAX_WRONG_JOINS) -> float:
    """Seconds to wait before the next attempt, given the times of earlier failures (0 if none)."""
    recent = sorted(t for t in (_aware(f) for f in failures) if now - t < WINDOW)
    if len(recent) < limit:
        return 0.0
    return max(0.0, (recent[-limit] + WINDOW - now).total_seconds())


class AttemptStore:
    """Failed attempts in the app's database, so the limit holds across servers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def wait(self, key: str, now: datetime | None = None) -> float:
        """Seconds ``key`` must wait before trying again."""
        now = now or utcnow()
        with self.db.read() as session:
            times = session.scalars(select(AttemptRow.at).where(AttemptRow.key == key, AttemptRow.at > now - WINDOW))
            return wait_seconds(list(times), now, MAX_WRONG_PER_ADDRESS)

    def failed(self, key: str, now: datetime | None = None) -> None:
        """Record one failed attempt (and forget ``key``'s attempts older than the window)."""
        now = now or utcnow()
        with self.db.write() as session:
            session.execute(delete(AttemptRow).where(AttemptRow.key == key, AttemptRow.at <= now - WINDOW))
            session.add(AttemptRow(key=key[:120], at=now))
