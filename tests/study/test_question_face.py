"""Asking a question: quiz answers stay out of the flashcards unless linked; digits and Enter answer it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from studylab.study.store import QuizStore
from tests.pages_support import run_page
from tests.quiz_support import sample_bank
from tests.study.face_support import button, ok


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_quiz_answers_leave_the_flashcards_and_the_new_card_count_alone(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana"}
    before = metrics(ok(run_page("pages/flashcards.py", root=sample_tree, query=query)))
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={**query, "topic": "lakehouse"}))
    at.radio[0].set_value(True)
    ok(button(at, "Check answer").click().run())
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={**query, "topic": "lambda_architecture"}))
    at.radio[0].set_value(1)
    ok(button(at, "Check answer").click().run())
    after = metrics(ok(run_page("pages/flashcards.py", root=sample_tree, query=query)))
    assert len(store.attempts("Ana")) == 2
    assert store.cards("Ana") == {} and store.reviews("Ana").empty
    assert after["New left today"] == before["New left today"] == "7"
    assert after["Due now"] == after["Due this week"] == "0"
    assert at.toggle(key="setting_link_quiz_Ana").value is False  # separate streams unless the student asks


def test_a_student_who_links_the_quiz_to_the_flashcards_gets_card_reviews(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    ok(at.toggle(key="setting_link_quiz_Ana").set_value(True).run())
    assert store.settings("Ana").link_quiz
    at.radio[0].set_value(True)
    ok(button(at, "Check answer").click().run())
    assert store.cards("Ana")["t_tf"].reps == 1
    assert list(store.reviews("Ana")["mode"]) == ["practice"]
    cards = metrics(ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana"})))
    assert cards["New left today"] == "6"  # one question fewer is new; the day's allowance is untouched
    reloaded = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    assert reloaded.toggle(key="setting_link_quiz_Ana").value is True  # the choice is kept with the profile


def key_button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """The key-only button (kept out of view in the browser) that does ``label``."""
    matches = [b for b in at.button if b.label == label and b.key and "_key_" in b.key]
    assert matches, [b.label for b in at.button]
    return matches[0]


def test_a_digit_chooses_the_option_shown_with_that_number(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lambda_architecture"}))
    options = list(at.radio[0].options)
    assert [o.split(" · ")[0] for o in options] == ["1", "2", "3"]
    ok(key_button(at, "Choose option 2").click().run())
    assert at.radio[0].value is not None
    second = next(o for o in options if o.startswith("2 · ")).split(" · ")[1]
    assert at.radio[0].value == sample_bank()["t_single"].options.index(second) + 1
    assert any(c.value == "Keys: 1–3 choose an option, Enter checks the answer." for c in at.caption)
    submit = button(at, "Check answer")
    assert submit.proto.shortcut == "enter"
    ok(submit.click().run())
    assert len(store.attempts("Ana")) == 1
    assert button(at, "Next question").proto.shortcut == "enter"


def test_true_or_false_by_digit_or_letter(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    assert {b.proto.shortcut for b in at.button if b.key and "_key_" in b.key} == {"1", "2", "t", "f"}
    ok(key_button(at, "Choose False").click().run())
    assert at.radio[0].value is False
    ok(button(at, "Check answer").click().run())
    assert not bool(store.attempts("Ana").loc[0, "correct"])


def test_a_digit_ticks_and_unticks_an_option_of_a_multiple_choice(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "data_lake"}))
    ok(key_button(at, "Tick option 1").click().run())
    ok(key_button(at, "Tick option 3").click().run())
    ok(key_button(at, "Tick option 3").click().run())
    assert [c.value for c in at.checkbox] == [True, False, False]


def test_a_typed_answer_has_no_option_keys(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "availability_reliability"}))
    assert not [b for b in at.button if b.key and "_key_" in b.key]
    assert any(c.value == "Key: Enter checks the answer." for c in at.caption)
