"""The quiz page when the progress database file disappears mid-session: said out loud, nothing lost or replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studylab.storage.database import URL_ENV, Database
from studylab.study.store import QuizStore
from tests.pages_support import run_page
from tests.quiz_support import SAMPLE_DECK


def test_a_deleted_database_file_keeps_the_answer_pending_and_starts_no_new_file(
    use_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (use_tree / "data" / "questions.csv").write_text(SAMPLE_DECK)
    path = tmp_path / "gone" / "progress.db"
    monkeypatch.setenv(URL_ENV, f"sqlite:///{path}")
    QuizStore(Database(f"sqlite:///{path}")).add_learner("Ana")
    at = run_page("pages/quiz.py", root=use_tree, query={"learner": "Ana", "topic": "lakehouse"})
    assert not at.exception
    aside = tmp_path / "aside"
    shutil.move(path.parent, aside)  # the file (and its WAL) moved away by someone

    at.radio[0].set_value(True)
    next(b for b in at.button if b.label.startswith("Check answer")).click().run()
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert any("1 answer(s) not saved yet" in n and "disappeared" in n for n in notices), notices
    shown = notices + [e.value for e in at.error] + [m.value for m in at.markdown]
    assert not any(str(tmp_path) in text for text in shown)  # no server path for students
    assert any("Right" in s.value for s in at.success)
    assert not path.exists()  # no empty database in its place

    shutil.move(aside, path.parent)  # and put back
    next(b for b in at.button if b.label.startswith("Retry saving now")).click().run()
    assert not any("not saved yet" in w.value for w in at.warning), [w.value for w in at.warning]
    assert list(QuizStore(Database(f"sqlite:///{path}")).attempts("Ana")["question_id"]) == ["t_tf"]
