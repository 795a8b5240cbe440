"""A SQLite progress file that is gone is never silently replaced, not even after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from studylab.__main__ import main
from studylab.storage.database import Database, StoreError
from studylab.study.store import QuizStore


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
