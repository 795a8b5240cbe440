"""The schema is owned by the migrations: equal to the models, adopted from create_all, safe to race."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text

import studylab.present.limits  # noqa: F401 - registers the join-attempt table on Base
import studylab.present.live  # noqa: F401 - registers the live tables on Base
from studylab.content.loader import ROOT
from studylab.storage.database import Base, Database
from studylab.storage.migrate import config, current, head
from studylab.study.store import QuizStore
from studylab.study.tables import LearnerRow
from tests.postgres import PostgresCluster

WHEN = datetime(2026, 3, 1, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("dispose_engines")


def test_the_migrations_make_exactly_the_tables_the_models_declare(db_url: str) -> None:
    db = Database(db_url)
    db.create_all()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert current(connection) == head()
    assert differences == []


def test_a_database_at_head_is_left_alone(db_url: str) -> None:
    db = Database(db_url)
    db.create_all()
    with db.engine.connect() as connection:
        before = current(connection)
    Database(db_url).create_all()
    with db.engine.connect() as connection:
        assert current(connection) == before == head()


def test_a_database_made_by_create_all_is_adopted_with_its_rows(db_url: str) -> None:
    # The tables as create_all made them before migrations existed: revision 0001, unstamped.
    legacy = create_engine(db_url)
    with legacy.begin() as connection:
        command.upgrade(config(connection), "0001_initial")
        connection.execute(text("DROP TABLE alembic_version"))
    with legacy.begin() as connection:
        connection.execute(LearnerRow.__table__.insert().values(name="Ana", created_at=WHEN))
    legacy.dispose()
    store = QuizStore(Database(db_url))
    store.db.create_all()
    assert store.learners() == ["Ana"]
    with store.db.engine.connect() as connection:
        assert current(connection) == head()
        assert "alembic_version" in inspect(connection).get_table_names()


UPGRADE = "import sys; from studylab.storage.database import Database; Database(sys.argv[1]).create_all()"


@pytest.mark.postgres
def test_eight_servers_upgrading_one_empty_postgresql_database_at_once_make_one_schema(
    postgres: PostgresCluster,
) -> None:
    url = postgres.new_database()
    servers = [
        subprocess.Popen([sys.executable, "-c", UPGRADE, url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    outcomes = [(server.communicate(timeout=120)[1], server.returncode) for server in servers]
    assert [error for error, code in outcomes if code != 0] == []
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert current(connection) == head()
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            assert connection.execute(select(func.count()).select_from(LearnerRow)).scalar() == 0
    finally:
        engine.dispose()
