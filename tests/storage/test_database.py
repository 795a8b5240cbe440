"""The shared database layer: where the database is, how SQLite is set up, clear errors, and a
SQLite progress file that is gone is never silently replaced, not even after a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from studylab.__main__ import main
from studylab.content.loader import ROOT
from studylab.storage.database import URL_ENV, Database, StoreError, database_url, default_path, describe, safe_url
from studylab.study.store import QuizStore


def test_the_default_database_lives_outside_the_repository(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    path = default_path()
    assert path == Path.home() / ".local" / "share" / "studylab" / "studylab.db"
    assert ROOT not in path.parents
    assert database_url() == f"sqlite:///{path}"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "studylab" / "studylab.db"


def test_the_environment_variable_chooses_any_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(URL_ENV, "postgresql+psycopg://me:secret@db.example/studylab")
    assert database_url() == "postgresql+psycopg://me:secret@db.example/studylab"
    assert "secret" not in safe_url(database_url())


def test_the_tests_never_use_the_learners_database() -> None:
    assert str(default_path()) not in database_url()


def test_sqlite_uses_wal_a_busy_timeout_and_creates_its_folder(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new' / 'folder' / 'p.db'}", busy_timeout_ms=1234)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (tmp_path / "new" / "folder" / "p.db").exists()


def test_a_write_session_takes_the_lock_at_begin(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}", busy_timeout_ms=50)
    with db.write() as session:
        session.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.write() as session:
        session.execute(text("SELECT 1"))
        # Another writer is refused while this (read-only so far) write transaction is open.
        other = sqlite3.connect(tmp_path / "p.db", timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar() == 0


def test_an_unreachable_database_says_where_and_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Database(f"sqlite:///file:{tmp_path / 'missing.db'}?mode=ro&uri=true").create_all()
    assert caught.value.kind == "unavailable" and URL_ENV in caught.value.message
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError) as caught:
        Database(f"sqlite:///{blocker / 'x.db'}")
    assert caught.value.kind == "unavailable" and "not_a_folder" in caught.value.message


def test_a_bad_url_is_a_configuration_error() -> None:
    with pytest.raises(StoreError) as caught:
        Database("not a url at all")
    assert caught.value.kind == "config" and URL_ENV in caught.value.message


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", "locked"),
        ("attempt to write a readonly database", "read_only"),
        ("unable to open database file", "unavailable"),
    ],
)
def test_driver_errors_get_a_kind_and_a_plain_message(message: str, kind: str) -> None:
    error = describe(sqlite3.OperationalError(message), "sqlite:////x/p.db")
    assert error.kind == kind and error.detail == message
    assert "/x/p.db" not in error.message  # students never see a server path


def test_a_deleted_file_is_reported_and_never_replaced_by_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    db = Database(f"sqlite:///{path}")
    db.create_all()
    for leftover in tmp_path.glob("p.db*"):
        leftover.unlink()
    for _attempt in range(2):
        with pytest.raises(StoreError) as caught:
            with db.write() as session:
                session.execute(text("SELECT 1"))
        assert caught.value.kind == "missing" and "disappeared" in caught.value.message
        with pytest.raises(StoreError):
            with db.read() as session:
                session.execute(text("SELECT 1"))
    assert not path.exists()


def test_a_database_deleted_before_a_restart_is_not_replaced(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    QuizStore(Database(url)).add_learner("Ana")
    Database(url).dispose()
    (tmp_path / "progress.db").unlink()

    restarted = QuizStore(Database(url))  # a new server process knows nothing of the old one
    with pytest.raises(StoreError) as caught:
        restarted.add_learner("Bea")
    assert caught.value.kind == "missing"
    assert str(tmp_path) not in caught.value.message
    assert not (tmp_path / "progress.db").exists()


def test_db_check_says_it_is_gone_and_start_empty_begins_again(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    Database(url).create_all()
    (tmp_path / "progress.db").unlink()
    assert main(["db", "check", "--url", url]) == 1
    assert "has been moved or deleted" in capsys.readouterr().out
    assert main(["db", "upgrade", "--url", url]) == 1
    assert not (tmp_path / "progress.db").exists()
    assert main(["db", "upgrade", "--url", url, "--start-empty"]) == 0
    assert QuizStore(Database(url)).learners() == []


def test_a_first_start_creates_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'progress.db'}"
    (tmp_path / "new").mkdir()
    assert QuizStore(Database(url)).add_learner("Ana") == "Ana"
    assert (tmp_path / "new" / "progress.db").exists()
