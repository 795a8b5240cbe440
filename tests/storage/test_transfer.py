"""``db copy``: a SQLite progress file moved into PostgreSQL with every row, and the app carries on there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

import studylab.present.live  # noqa: F401 - registers the live tables on Base
from studylab.__main__ import main
from studylab.present.live import LiveStore
from studylab.storage.database import Base, Database, StoreError
from studylab.storage.transfer import copy_rows
from studylab.study.answers import AnswerEvent
from studylab.study.store import QuizStore
from tests.postgres import PostgresCluster
from tests.quiz_support import sample_bank

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("dispose_engines")


def filled_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    store = QuizStore(Database(url))
    for i, qid in enumerate(sorted(sample_bank())):
        store.record(AnswerEvent("Ana", qid, "lakehouse", "practice", True, "x", answered_at=NOW, rating=Rating.Good))
        store.record(AnswerEvent(f"p{i}", qid, "lakehouse", "practice", False, "y", answered_at=NOW))
    live = LiveStore(Database(url))
    keys = live.start("Class")
    live.join(keys.code, "Bo")
    return url


@pytest.mark.postgres
def test_a_sqlite_file_is_copied_into_postgresql_with_every_row(tmp_path: Path, postgres: PostgresCluster) -> None:
    source = filled_sqlite(tmp_path / "p.db")
    target = postgres.new_database()
    results = copy_rows(Database(source), Database(target), Base.metadata)
    assert all(r.source == r.target for r in results)
    assert {r.table: r.target for r in results}["quiz_attempts"] == 2 * len(sample_bank())
    moved = QuizStore(Database(target))
    moved.add_learner("New")  # the ids continue after the copied ones
    assert "New" in moved.learners() and len(moved.learners()) == 2 + len(sample_bank())
    with pytest.raises(StoreError, match="not empty"):
        copy_rows(Database(source), Database(target), Base.metadata)


def test_db_copy_prints_the_counts_per_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = filled_sqlite(tmp_path / "p.db")
    assert main(["db", "copy", "--url", source, "--to", f"sqlite:///{tmp_path / 'q.db'}"]) == 0
    out = capsys.readouterr().out
    assert "quiz_attempts" in out and "DIFFERENT" not in out and "OK:" in out


def test_db_check_reports_a_missing_file_without_creating_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gone.db"
    assert main(["db", "check", "--url", f"sqlite:///{path}"]) == 1
    assert "MISSING" in capsys.readouterr().out
    assert not path.exists()


def test_db_upgrade_then_check_is_clean(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--url", db_url]) == 0
    assert main(["db", "check", "--url", db_url]) == 0
    assert "learners: 0 row(s)" in capsys.readouterr().out


def test_an_unreachable_server_is_named_without_its_password(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://me:secret@127.0.0.1:1/nothing"
    assert main(["db", "check", "--url", url]) == 1
    err = capsys.readouterr().err
    assert "secret" not in err and "127.0.0.1:1" in err and "server is running" in err
    assert "file's folder" not in err
