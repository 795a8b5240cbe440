"""Fixtures and helpers of the study page tests: the sample deck as the bank, a throwaway database per backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studylab.storage.database import URL_ENV, Database
from studylab.study.store import QuizStore
from tests.quiz_support import SAMPLE_BELIEFS, SAMPLE_DECK, fixed_scheduler


@pytest.fixture
def sample_tree(use_tree: Path) -> Path:
    """The app's tree with the small sample deck as its question bank."""
    (use_tree / "data" / "questions.csv").write_text(SAMPLE_DECK)
    (use_tree / "data" / "misconceptions.csv").write_text(SAMPLE_BELIEFS)
    return use_tree


@pytest.fixture
def db_url(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The shared fixture's fresh database (SQLite, then PostgreSQL), configured for the pages."""
    monkeypatch.setenv(URL_ENV, db_url)
    return db_url


@pytest.fixture
def store(db_url: str) -> Iterator[QuizStore]:
    quiz = QuizStore(Database(db_url), scheduler=fixed_scheduler())
    quiz.db.create_all()
    quiz.add_learner("Ana")
    yield quiz
    quiz.db.dispose()
