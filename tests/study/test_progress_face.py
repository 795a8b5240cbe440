"""The progress page: every figure defined once and shown with its definition, the charts, the opt-in streak."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from studylab.study.answers import AnswerEvent, utcnow
from studylab.study.stats import DEFINITIONS
from studylab.study.store import QuizStore
from tests.pages_support import run_page
from tests.quiz_support import sample_bank
from tests.study.face_support import ok

HELP = {
    "Quiz answers": "answers",
    "Accuracy": "accuracy",
    "Flashcard reviews": "reviews",
    "Predicted recall": "retention",
    "Due now": "due_now",
    "Due this week": "due_week",
    "New left today": "new_left",
    "Streak": "streak",
}


def review(store: QuizStore, qid: str, days_ago: float, rating: int = 3, mode: str = "flashcards") -> None:
    question = sample_bank()[qid]
    when = utcnow() - timedelta(days=days_ago)
    store.record(AnswerEvent("Ana", qid, question.topic, mode, rating != 1, "r", answered_at=when, rating=rating))


def test_every_progress_figure_shows_its_one_definition(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    shown = {m.label: m.proto.help for m in at.metric}
    assert set(shown) == set(HELP) - {"Streak"}
    assert shown == {label: DEFINITIONS[HELP[label]] for label in shown}


def test_the_streak_is_off_until_the_student_turns_it_on(sample_tree: Path, store: QuizStore) -> None:
    review(store, "t_tf", 1)
    review(store, "t_num", 0)
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    assert "Streak" not in {m.label for m in at.metric}
    assert at.toggle(key="setting_streak_Ana").value is False and not store.settings("Ana").streak
    ok(at.toggle(key="setting_streak_Ana").set_value(True).run())
    assert store.settings("Ana").streak
    streak = {m.label: m for m in at.metric}["Streak"]
    assert streak.value == "2 days" and streak.proto.help == DEFINITIONS["streak"]


def test_progress_draws_the_forecast_retention_and_history(sample_tree: Path, store: QuizStore) -> None:
    review(store, "t_tf", 20)
    review(store, "t_tf", 10, rating=1)
    review(store, "t_num", 3)
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    headers = [h.value for h in at.subheader]
    assert "Reviews due, next 30 days" in headers and "Retention over time: measured vs desired" in headers
    assert "Reviews done, past four weeks" in headers
    assert len(at.get("plotly_chart")) == 3
    assert at.selectbox(key="retention_concept").options[0] == "All concepts"
    ok(at.selectbox(key="retention_concept").select_index(1).run())
    assert len(at.get("plotly_chart")) == 3


def test_retention_over_time_waits_for_a_second_review(sample_tree: Path, store: QuizStore) -> None:
    review(store, "t_tf", 2)
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    assert any("Nothing measured yet" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2


def test_after_50_answers_and_30_reviews_every_page_shows_the_same_numbers(sample_tree: Path, store: QuizStore) -> None:
    bank = sample_bank()
    ids = list(bank)
    for i in range(50):
        question = bank[ids[i % len(ids)]]
        when = utcnow() - timedelta(days=20 - i * 0.3)
        mode = "exam" if i % 5 == 0 else "practice"
        store.record(AnswerEvent("Ana", question.id, question.topic, mode, i % 3 != 0, "x", answered_at=when))
    for i in range(30):
        question = bank[ids[i % 5]]
        when = utcnow() - timedelta(days=30 - i)
        store.record(
            AnswerEvent("Ana", question.id, question.topic, "flashcards", True, "r", answered_at=when, rating=1 + i % 4)
        )
    progress = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    cards = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana"}))
    shown = {m.label: m.value for m in progress.metric}
    on_cards = {m.label: m.value for m in cards.metric}
    assert shown["Quiz answers"] == "50" and shown["Flashcard reviews"] == "30"
    assert shown["Accuracy"] == f"{sum(i % 3 != 0 for i in range(50)) / 50:.0%}"
    for label in ("Due now", "Due this week", "New left today"):
        assert shown[label] == on_cards[label], label
    by_topic = progress.dataframe[0].value
    assert by_topic["due"].sum() == int(shown["Due now"])
    assert by_topic["answered"].sum() == 50


def test_every_column_of_the_progress_tables_carries_its_definition(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    config = json.loads(at.dataframe[0].proto.columns)
    helps = {column: spec.get("help") for column, spec in config.items() if column not in ("topic", "_index")}
    definitions = {"questions", "answers", "accuracy", "cards", "retention", "due_now"}
    assert set(helps.values()) == {DEFINITIONS[key] for key in definitions}
