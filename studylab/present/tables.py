"""The tables of presenting: live sessions (sessions, participants, rounds, answers), uploaded decks, follow rooms.

Declared on the shared :class:`studylab.storage.database.Base`; the migrations in
``studylab/storage/migrations`` create them. :mod:`studylab.present.live`,
:mod:`studylab.present.uploads` and :mod:`studylab.present.follow` read and write them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from studylab.storage.database import Base


class LiveSessionRow(Base):
    """A live session: its join code, the hash of the host's token and when it was last used."""

    __tablename__ = "live_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    host_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_active: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    countdown_s: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Seconds each round stays open for answers; 0 for no countdown (the host reveals when ready)."""
    points: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Whether right answers earn points with a bonus for speed (else the scoreboard counts right answers)."""


class LiveParticipantRow(Base):
    """Someone who joined a session with a nickname."""

    __tablename__ = "live_participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(24))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("session_id", "nickname"),)


class LiveNicknameKeyRow(Base):
    """What a nickname looks like (``nicknames.keys``): unique per session, so look-alike names
    joining through two servers at the same instant cannot both get in, and a join looks up keys
    instead of reading every nickname in the session."""

    __tablename__ = "live_nickname_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("live_participants.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("session_id", "key"),)


class LiveRoundRow(Base):
    """One question or prediction put to the group; a copy of what was asked, so any server can show it."""

    __tablename__ = "live_rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    source_id: Mapped[str] = mapped_column(String(60))
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)
    right: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)
    figure: Mapped[str | None] = mapped_column(String(120))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When answers close (the session's countdown from ``opened_at``); None without a countdown."""
    misconceptions: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The misconception tag of each option, one per line ("" for the right one or an untagged one)."""
    __table_args__ = (UniqueConstraint("session_id", "number"),)


class LiveAnswerRow(Base):
    """A participant's one answer to one round."""

    __tablename__ = "live_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("live_rounds.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("live_participants.id", ondelete="CASCADE"))
    choice: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)


class UploadedDeckRow(Base):
    """A slide deck uploaded in the app: its checked source text, its owner and the version it replaced."""

    __tablename__ = "present_decks"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    owner: Mapped[str] = mapped_column(String(80), default="", server_default="")
    """Who uploaded it (``profile:<name>`` or ``session:<key>``); "" for decks stored before owners."""
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Raised on every replace or undo, so a parsed copy cached under (id, version) is never stale."""
    previous_title: Mapped[str | None] = mapped_column(String(120), nullable=True)
    previous_filename: Mapped[str | None] = mapped_column(String(120), nullable=True)
    previous_source: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The version the last replace overwrote (what *Undo* brings back), or None."""


class FollowRoomRow(Base):
    """A presenter's room in follow mode: where the presenter is, for every screen that follows."""

    __tablename__ = "present_follow"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    """The short follow code the audience opens (``present?follow=CODE``)."""
    presenter_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the presenter's secret key; only a window holding the key moves the room."""
    deck: Mapped[str] = mapped_column(String(60))
    slide: Mapped[int] = mapped_column(Integer)
    """The 1-based slide number, as in the URL."""
    preset: Mapped[str | None] = mapped_column(String(60), nullable=True)
    """The current slide's figure state (the ``preset`` URL parameter), or None."""
    blank: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The presenter blanked the room's screens (the B key)."""
    moved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    """When the presenter last moved (by the app server's clock; only for expiring old rooms)."""
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Raised by every move, in the database, so the order of moves never depends on a server's clock."""
