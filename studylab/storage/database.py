"""The database every stateful feature shares: where it is, how to connect, and what went wrong.

Progress lives in a real database through SQLAlchemy, never in process memory, so
that a restarted server (or a second replica) sees the same state.

* Where: ``$STUDYLAB_DATABASE_URL`` (any SQLAlchemy URL, e.g.
  ``postgresql+psycopg://user:pw@host/studylab``) or, by default, a SQLite file
  outside the repository: ``$XDG_DATA_HOME/studylab/studylab.db``, i.e.
  ``~/.local/share/studylab/studylab.db``.
* SQLite is opened in WAL mode with a busy timeout (set on every new connection),
  and write transactions start with ``BEGIN IMMEDIATE``: a writer waits for the
  lock up to the timeout instead of failing halfway through a read-then-write.
  Writers of one process also queue on a lock, so none starves.
* Every problem reaching the database becomes a :class:`StoreError` whose message
  says what happened and what to do, for pages to show as is.
* Several servers may share one PostgreSQL database. Each server keeps a connection pool
  sized by ``$STUDYLAB_DB_POOL_SIZE`` (default 5 connections kept open),
  ``$STUDYLAB_DB_MAX_OVERFLOW`` (default 10 more under load) and ``$STUDYLAB_DB_POOL_TIMEOUT``
  (default 30 seconds to wait for a free connection before the answer is kept for a retry).
  Writers that may meet at the same row use :func:`insert_if_absent` (a duplicate means
  "already there", never an error) and row locks (``with_for_update``) for read-modify-write.

Features declare their tables on :class:`Base` and use :meth:`Database.write`
and :meth:`Database.read` for short transactions. The schema itself is made and changed
only by the Alembic migrations in ``migrations/`` (see :mod:`studylab.storage.migrate`):
a new column is a new revision, and a test keeps the models and the migrations equal.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, Table, create_engine, event, insert
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from studylab.storage.migrate import upgrade

URL_ENV = "STUDYLAB_DATABASE_URL"
"""Environment variable holding the SQLAlchemy URL of the progress database."""

BUSY_TIMEOUT_MS = 5_000
"""How long a SQLite writer waits for another writer's lock before giving up."""
QUEUE_TIMEOUT_S = 30.0
"""How long a SQLite write waits for this process's earlier writes (a queue of short transactions, one at a
time): a burst of 1,600 live answers on a loaded 2-core machine queued past 5 s and failed, past 30 s none."""

POOL_ENV = {
    "pool_size": ("STUDYLAB_DB_POOL_SIZE", 5),
    "max_overflow": ("STUDYLAB_DB_MAX_OVERFLOW", 10),
    "pool_timeout": ("STUDYLAB_DB_POOL_TIMEOUT", 30),
}
"""Connection-pool settings of a server database (PostgreSQL): engine argument -> (variable, default)."""

_BEGIN = "studylab_sqlite_begin"
"""Execution option naming the BEGIN flavour a SQLite transaction starts with."""


class Base(DeclarativeBase):
    """Declarative base of every table; the migrations create them (``Database.create_all``)."""


def default_path() -> Path:
    """The default SQLite file: under ``$XDG_DATA_HOME`` (``~/.local/share``), outside the repo."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "studylab" / "studylab.db"


def database_url() -> str:
    """The configured URL: ``$STUDYLAB_DATABASE_URL``, else the default SQLite file."""
    return os.environ.get(URL_ENV) or f"sqlite:///{default_path()}"


StoreProblem = Literal["locked", "read_only", "unavailable", "config", "missing"]


class StoreError(Exception):
    """The database could not do what was asked; ``message`` is written for the learner."""

    def __init__(self, kind: StoreProblem, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail


def describe(error: BaseException, url: str) -> StoreError:
    """Turn a driver or SQLAlchemy error into a StoreError with a clear message.

    The message never names the file or server (students see it); ``detail`` keeps the
    driver's own words for the command line and the server log.
    """
    text = str(getattr(error, "orig", None) or error)
    low = text.lower()
    is_file = _backend(url) == "sqlite"
    if "locked" in low or "busy" in low:
        return StoreError(
            "locked", "The progress database is busy: another program holds its lock. Try again in a moment.", text
        )
    if "readonly" in low or "read-only" in low or "read only" in low:
        return StoreError(
            "read_only",
            "The progress database is read-only: progress can be shown but not saved. "
            + ("Make the file and its folder writable." if is_file else "Give the database user write access."),
            text,
        )
    advice = (
        f"Check that the file's folder exists and is writable, or set {URL_ENV}."
        if is_file
        else f"Check that the database server is running and accepts the user and database named in {URL_ENV}."
    )
    first_line = text.strip().splitlines()[0] if text.strip() else "no answer"
    return StoreError("unavailable", f"The progress database cannot be reached ({first_line}). {advice}", text)


def _backend(url: str) -> str:
    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        return ""


DRIVERS = {"postgresql": "psycopg[binary]==3.3.9 (pip install -r requirements-postgres.txt)"}
"""The package to install for each server database the app is tested with."""


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def pool_settings() -> dict[str, int]:
    """The pool arguments from :data:`POOL_ENV` (a value that is not a whole number is a configuration error)."""
    settings = {}
    for argument, (variable, default) in POOL_ENV.items():
        raw = os.environ.get(variable, "").strip()
        try:
            settings[argument] = int(raw) if raw else default
        except ValueError:
            raise StoreError("config", f"{variable} must be a whole number, not {raw!r}.") from None
    return settings


def insert_if_absent(session: Session, entity: type[Base], **values: Any) -> bool:
    """Insert one row unless it would break a unique constraint; True if it was inserted.

    Two servers inserting the same key at the same moment both succeed: one row is stored
    and the other learns it is already there (``INSERT ... ON CONFLICT DO NOTHING``).
    """
    table = entity.__table__
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        module = postgresql if dialect == "postgresql" else sqlite_dialect
        statement = module.insert(table).values(**values).on_conflict_do_nothing()
        # RETURNING tells the two outcomes apart (rowcount is -1 when the driver adds RETURNING itself).
        return session.execute(statement.returning(*table.primary_key.columns)).first() is not None
    try:
        with session.begin_nested():
            session.execute(insert(table).values(**values))
    except IntegrityError:
        return False
    return True


def make_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``; for SQLite: WAL, a busy timeout and SQLAlchemy-controlled BEGIN."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError("config", f"{URL_ENV} is not a valid database URL: {exc}") from None
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True, **pool_settings())
        except (ImportError, NoSuchModuleError) as exc:
            package = DRIVERS.get(parsed.get_backend_name(), f"the Python driver for {parsed.drivername}")
            raise StoreError(
                "config",
                f"The database driver for {safe_url(url)} is not installed ({exc}). Install {package}.",
                str(exc),
            ) from None
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise describe(exc, url) from None
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # SQLAlchemy emits BEGIN itself (below); the driver's legacy mode would skip it for reads.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.OperationalError:
                # A read-only file cannot switch mode; reading still works and
                # writes report the read-only problem where they happen.
                pass
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN, "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


class Database:
    """An engine and its session factories: short read and write transactions.

    One instance per process and URL (pages cache it); it is safe to share
    between threads. ``write()`` sessions take SQLite's write lock at BEGIN.
    """

    def __init__(self, url: str | None = None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url, busy_timeout_ms)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = self.engine.execution_options(**{_BEGIN: "IMMEDIATE"})
        self._write = sessionmaker(self._writer, expire_on_commit=False)
        self._ready = False
        self._file_seen = False
        self._busy_timeout_s = busy_timeout_ms / 1000
        # SQLite has one writer at a time, and its busy handler polls with growing sleeps, so a
        # waiting writer can starve. Writers of this process queue on a lock instead; the busy
        # timeout still covers other processes sharing the file.
        self._write_lock = threading.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def create_all(self, start_empty: bool = False) -> None:
        """Bring the schema to the newest migration (creating every table on an empty database).

        A SQLite file that was created here before and is gone is not replaced by an empty one
        unless ``start_empty`` says so (``python -m studylab db upgrade --start-empty``).
        """
        if start_empty and self.marker is not None:
            self.marker.unlink(missing_ok=True)
        self._check_file()
        try:
            upgrade(self._writer)
        except SQLAlchemyError as exc:
            raise describe(exc, self.url) from None
        self._ready = True
        self._file_seen = self.sqlite_path is not None
        self._leave_marker()

    @property
    def marker(self) -> Path | None:
        """Beside a SQLite file: the note that a progress database was created there."""
        path = self.sqlite_path
        return None if path is None else path.with_name(path.name + ".created")

    def _leave_marker(self) -> None:
        # The note outlives a restart, so a server started after the file was deleted can tell
        # "nothing here yet" from "the progress that was here is gone".
        if self.marker is not None and not self.marker.exists():
            try:
                self.marker.write_text(
                    "A Study Lab progress database was created beside this file. If the database is gone,\n"
                    "the app refuses to start an empty one: put it back, or run\n"
                    "`python -m studylab db upgrade --start-empty` to begin again on purpose.\n",
                    encoding="utf-8",
                )
            except OSError:
                pass  # a read-only folder: the check within one server's life still holds

    def _ensure(self) -> None:
        if not self._ready:
            self.create_all()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; errors become StoreError."""
        self._check_file()
        self._ensure()
        try:
            with self._read() as session:
                yield session
        except SQLAlchemyError as exc:
            raise describe(exc, self.url) from None

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, for a plain file URL (None for other databases, memory and URI forms)."""
        database = self.engine.url.database or ""
        if not self.is_sqlite or not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database).expanduser()

    @property
    def missing(self) -> bool:
        """True when the SQLite file is gone (moved or deleted) after this process, or an
        earlier one (see :attr:`marker`), created or used it."""
        path = self.sqlite_path
        if path is None or path.exists():
            return False
        return self._file_seen or (self.marker is not None and self.marker.exists())

    def _check_file(self) -> None:
        # A SQLite file deleted or moved while the server runs would swallow every later
        # write (pooled connections keep the unlinked file open), and a new connection would
        # silently start an empty file in its place. Neither happens: while the file is gone,
        # every read and write says so, and the caller keeps what it wanted to save.
        if self.missing:
            self.engine.dispose()
            raise StoreError(
                "missing",
                "The progress database has disappeared (moved or deleted) since it was last used. "
                "Nothing is lost from this page: put the database back (or ask whoever runs the app to), "
                "then retry. No new, empty database is started in its place.",
            )

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block (or rolls back on error)."""
        self._check_file()
        self._ensure()
        lock = self._write_lock
        if lock is not None and not lock.acquire(timeout=max(QUEUE_TIMEOUT_S, self._busy_timeout_s)):
            raise StoreError("locked", "The progress database is busy with other answers. Try again.")
        try:
            with self._write() as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise describe(exc, self.url) from None
        finally:
            if lock is not None:
                lock.release()

    def dispose(self) -> None:
        """Close every pooled connection (the file can then be moved or deleted)."""
        self.engine.dispose()
