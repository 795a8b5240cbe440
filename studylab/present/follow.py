"""Follow mode: the presenter's place in a deck, kept in the database for every screen that follows it.

* The presenter :meth:`FollowStore.start` s a **room** and gets a short **follow code** for the
  audience (``present?follow=K7F3QP``) and a separate secret **presenter key**, which only the
  presenter's own windows carry in their URL. Only a SHA-256 hash of the key is stored.
* Every move of the presenter is one ``UPDATE`` of the room's row (:meth:`FollowStore.move`):
  deck, slide, the slide's figure state (its ``preset``) and a blanked screen, and the row's ``version`` raised by
  one in the same statement. The row lock orders racing moves (two windows, two servers): the
  last to commit is the room's place and has the highest version; no server's clock is involved.
* Any number of windows read the row (:meth:`FollowStore.room`, one primary-key read) every
  second and move when it changed. :func:`sync` decides, for one window, what it shows and
  whether it writes: it is pure, so every case has a unit test.
* An audience member may step through the deck on their own (``own=1`` in their URL) and rejoin.

The row is the only state shared between windows, so they may be served by different app
servers on one database. Rooms unused for :data:`ROOM_TTL` are deleted when a new one starts.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, cast

from sqlalchemy import CursorResult, delete, select, update

from studylab.present.live import CODE_ALPHABET, CODE_LENGTH, new_code, normalise_code
from studylab.present.position import shown
from studylab.present.tables import FollowRoomRow
from studylab.storage.database import Database

FOLLOW_PARAM = "follow"
"""URL parameter: the room's follow code (every following window has it)."""
KEY_PARAM = "key"
"""URL parameter: the presenter's secret key (only the presenter's own windows have it)."""
OWN_PARAM = "own"
"""URL parameter: ``1`` while an audience member reads on their own instead of following."""
BLANK_PARAM = "blank"
"""URL parameter: ``1`` while the screen is blanked (B); the presenter's blank blanks the room."""

ROOM_TTL = timedelta(hours=12)
"""A room the presenter has not moved for this long is deleted when another one starts."""

CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")

FollowProblem = Literal["bad_code", "not_found", "forbidden", "busy"]


class FollowError(Exception):
    """A follow code or presenter key that does not work; ``message`` is written for the reader."""

    def __init__(self, kind: FollowProblem, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Spot:
    """A place in a deck: the deck id, the 1-based slide, the slide's figure preset (or None) and
    whether the screen is blanked."""

    deck: str
    slide: int
    preset: str | None = None
    blank: bool = False


@dataclass(frozen=True)
class RoomKeys:
    """What starting a room gives the presenter: the code for everyone and the key for themself."""

    code: str
    key: str


@dataclass(frozen=True)
class Room:
    """A room as one window reads it: where the presenter is and whether this window is theirs."""

    code: str
    spot: Spot
    presenter: bool


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def check_code(raw: str) -> str:
    """The follow code as stored (capitals, no spaces or dashes); FollowError if it cannot be one."""
    code = normalise_code(raw)
    if not CODE_PATTERN.fullmatch(code):
        raise FollowError(
            "bad_code",
            f"“{shown(raw or '', 20)}” is not a follow code: a follow code is {CODE_LENGTH} letters and digits, "
            "like K7F3QP. Check the link the presenter shared.",
        )
    return code


def _not_found(code: str) -> FollowError:
    return FollowError(
        "not_found",
        f"Nobody is presenting with the follow code {code}: the presenter may have started a new room, "
        "or the room was not used for a long time. Ask the presenter for the current link.",
    )


class FollowStore:
    """Follow rooms on a database: one method, one short transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(self, spot: Spot, now: datetime | None = None) -> RoomKeys:
        """Open a new room at ``spot``; returns its follow code and the presenter's secret key."""
        now = now or datetime.now(UTC)
        self.expire(now)
        key = secrets.token_urlsafe(18)
        for _ in range(20):
            code = new_code()
            with self.db.write() as session:
                if session.get(FollowRoomRow, code) is not None:
                    continue
                session.add(
                    FollowRoomRow(
                        code=code,
                        presenter_hash=_hash(key),
                        deck=spot.deck,
                        slide=spot.slide,
                        preset=spot.preset,
                        blank=spot.blank,
                        moved_at=now,
                    )
                )
            return RoomKeys(code, key)
        raise FollowError("busy", "Could not find a free follow code; try again.")

    def room(self, code: str, key: str = "") -> Room:
        """Where the room's presenter is (one read); ``presenter`` says whether ``key`` is theirs."""
        code = check_code(code)
        with self.db.read() as session:
            row = session.get(FollowRoomRow, code)
            if row is None:
                raise _not_found(code)
            presenter = bool(key) and hmac.compare_digest(row.presenter_hash, _hash(key))
            return Room(code, Spot(row.deck, row.slide, row.preset, row.blank), presenter)

    def move(self, code: str, key: str, spot: Spot, now: datetime | None = None) -> int:
        """Move the room to ``spot`` (presenter only): one UPDATE. Returns the room's new version."""
        code = check_code(code)
        now = now or datetime.now(UTC)
        with self.db.write() as session:
            version = session.scalar(
                update(FollowRoomRow)
                .where(FollowRoomRow.code == code, FollowRoomRow.presenter_hash == _hash(key or ""))
                .values(
                    deck=spot.deck,
                    slide=spot.slide,
                    preset=spot.preset,
                    blank=spot.blank,
                    moved_at=now,
                    version=FollowRoomRow.version + 1,
                )
                .returning(FollowRoomRow.version)
                .execution_options(synchronize_session=False)
            )
            if version is not None:
                return int(version)
            # Nothing changed: say why (this second read happens only when a move did not land).
            row = session.get(FollowRoomRow, code)
            if row is None:
                raise _not_found(code)
            raise FollowError("forbidden", "Only the presenter can move this room.")

    def expire(self, now: datetime | None = None) -> int:
        """Delete rooms nobody moved for :data:`ROOM_TTL`; returns how many."""
        cutoff = (now or datetime.now(UTC)) - ROOM_TTL
        with self.db.write() as session:
            result = session.execute(delete(FollowRoomRow).where(FollowRoomRow.moved_at < cutoff))
            return int(cast(CursorResult[tuple[()]], result).rowcount or 0)

    def codes(self) -> list[str]:
        """Every stored room's code (for tests and the command line)."""
        with self.db.read() as session:
            return list(session.scalars(select(FollowRoomRow.code).order_by(FollowRoomRow.code)))


# --- One window's view of the room -----------------------------------------------------------


@dataclass(frozen=True)
class Sync:
    """What one window does after reading the room."""

    show: Spot
    """The place this window shows."""
    publish: bool
    """True: this is the presenter's window and they moved here, so write ``show`` to the room."""
    synced: Spot
    """The room's place this window now agrees with (kept in the window's session)."""


def sync(local: Spot, room: Spot, synced: Spot | None, presenter: bool, own: bool) -> Sync:
    """Decide what a window shows, given the place its URL names (``local``), the room's place,
    the room's place it last agreed with (``synced``, None on its first run), whether it is the
    presenter's and whether its reader is on their own.

    * The room moved since the window last agreed with it (or the window just opened): follow it.
    * The presenter's window moved by itself (a button, a key, a preset): publish the move.
    * An audience window that reads on its own keeps its place; one that is following but shows
      another place (a hand-edited URL) goes back to the room's.
    """
    if own and not presenter:
        return Sync(local, False, synced or room)
    if synced is None or room != synced:
        return Sync(room, False, room)
    if local != room:
        return Sync(local, True, local) if presenter else Sync(room, False, room)
    return Sync(local, False, room)


def away_note(local: Spot, room: Spot, local_title: str, room_title: str) -> str:
    """The line an audience member reading on their own sees, naming both places."""
    if local.deck == room.deck:
        return f"You are on slide {local.slide}; the presenter is on slide {room.slide}."
    return (
        f"You are on slide {local.slide} of “{local_title}”; the presenter is on slide {room.slide} of “{room_title}”."
    )
