"""The schema is owned by Alembic migrations (``studylab/storage/migrations``); this brings a database to head.

* :func:`upgrade` runs every missing migration in one transaction. On PostgreSQL it first
  takes an advisory lock and on SQLite the write lock (``BEGIN IMMEDIATE``), so servers
  starting together on an empty database take turns: the first creates the tables, the
  others find them at head.
* A database made before migrations existed (tables, but no ``alembic_version``) is adopted:
  the first revision creates only the tables that are missing, so no row is touched.
* :func:`current` and :func:`head` say where a database and the code stand.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, text

MIGRATIONS = Path(__file__).with_name("migrations")
"""Alembic's script folder: ``env.py`` and ``versions/``."""

LOCK_KEY = 0x5354_4C42
"""PostgreSQL advisory-lock key held while a server upgrades the schema ("STLB")."""


def config(connection: Connection | None = None, metadata: MetaData | None = None) -> Config:
    """An Alembic configuration with no ini file: the script folder and the connection to use."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    cfg.attributes["target_metadata"] = metadata
    return cfg


@functools.cache
def head() -> str:
    """The newest revision in the code."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    """The revision a database is at (None: never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Bring the database to head, safely when several servers do it at once; True if anything ran.

    ``engine`` must begin write transactions with the database's write lock on SQLite
    (:class:`studylab.storage.database.Database` passes its writer).
    """
    with engine.connect() as connection:
        at_head = current(connection) == head()
        connection.rollback()
    if at_head:
        return False
    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        if current(connection) == head():
            return False  # another server finished while this one waited for the lock
        command.upgrade(config(connection), "head")
    return True
