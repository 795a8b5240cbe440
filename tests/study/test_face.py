"""The quiz, flashcards and progress pages, driven in AppTest against a throwaway database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from studylab.storage.database import URL_ENV, Database
from studylab.study.answers import AnswerEvent, utcnow
from studylab.study.store import QuizStore
from tests.pages_support import run_page
from tests.quiz_support import SAMPLE_DECK, sample_bank
from tests.study.face_support import button, number_box, ok


def test_without_a_profile_the_page_asks_for_one_and_says_there_is_no_password(sample_tree: Path, db_url: str) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree))
    assert any("no password" in i.value for i in at.info)
    at.text_input(key="new_learner").input("Bea")
    ok(button(at, "Create profile").click().run())
    assert at.session_state["quiz_learner"] == "Bea" and at.query_params["learner"] == "Bea"
    assert QuizStore(Database(db_url)).learners() == ["Bea"]


def test_a_practice_quiz_saves_each_answer_and_explains_a_mistake(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lambda_architecture"}))
    assert at.session_state["topic"] == "lambda_architecture" and at.session_state["mode"] == "practice"
    assert sorted(o.split(" · ")[1] for o in at.radio[0].options) == ["Batch layer", "Serving disk", "Speed layer"]
    at.radio[0].set_value(2)  # "Batch layer", a wrong option
    ok(button(at, "Check answer").click().run())
    assert any("Not quite" in e.value for e in at.error)
    assert "Speed layer" in [m.value for m in at.markdown]
    links = [link.proto for link in at.main.get("page_link")]
    assert any(Path(p.page).stem == "lambda_architecture" and p.label.startswith("Learn it") for p in links)
    attempts = store.attempts("Ana")
    assert list(attempts["question_id"]) == ["t_single"] and not attempts.loc[0, "correct"]
    assert attempts.loc[0, "misconceptions"] == "batch_is_fresh"
    assert store.cards("Ana") == {} and store.reviews("Ana").empty  # the flashcards are a stream of their own
    ok(button(at, "Next question").click().run())
    assert any("0 of 1 right" in s.value for s in at.success)


def test_a_wrong_answer_shows_the_belief_as_a_sentence_and_links_to_its_correction(
    sample_tree: Path, store: QuizStore
) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lambda_architecture"}))
    at.radio[0].set_value(2)  # "Batch layer", tagged batch_is_fresh
    ok(button(at, "Check answer").click().run())
    (warning,) = at.warning
    assert "The batch layer gives the freshest results." in warning.value
    assert "batch" not in warning.value.replace("The batch layer", "").lower()  # no tag, no "Batch is fresh"
    (fix,) = [p.proto for p in at.main.get("page_link") if p.proto.label.startswith("See why")]
    assert Path(fix.page).stem == "lambda_architecture" and fix.query_string == "node=speed_layer"


def test_a_wrong_numeric_answer_shows_its_belief(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana", "topic": "availability_reliability"}
    at = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    number_box(at).input("198")
    ok(button(at, "Check answer").click().run())
    assert [w.value for w in at.warning if "Availabilities add up in a chain." in w.value]


def test_a_right_numeric_answer_is_accepted_within_tolerance(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana", "topic": "availability_reliability"}
    at = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    number_box(at).input("98,0")
    ok(button(at, "Check answer").click().run())
    assert any("Right" in s.value for s in at.success)
    assert bool(store.attempts("Ana").loc[0, "correct"])


def test_a_wrong_answer_links_to_the_simulation_state_that_teaches_it(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana", "topic": "availability_reliability"}
    at = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    number_box(at).input("198")
    ok(button(at, "Check answer").click().run())
    (link,) = [p.proto for p in at.main.get("page_link") if p.proto.label.startswith("Learn it")]
    assert Path(link.page).stem == "availability_reliability" and link.query_string == "preset=series"


def test_cram_answers_leave_the_schedule_alone(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana", "topic": "lakehouse", "mode": "cram"}
    at = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    at.radio[0].set_value(True)
    ok(button(at, "Check answer").click().run())
    assert list(store.attempts("Ana")["mode"]) == ["cram"] and store.cards("Ana") == {}


def test_a_flashcard_review_is_scheduled_by_fsrs_and_stored(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    assert "#### A lakehouse adds ACID to lake storage." in [m.value for m in at.markdown]
    assert not [b for b in at.button if b.key and b.key.startswith("rate_")]  # no rating before the answer
    ok(button(at, "Show answer").click().run())
    labels = [b.label for b in at.button if b.key and b.key.startswith("rate_")]
    assert [label.split(" ·")[0] for label in labels] == ["Again", "Hard", "Good", "Easy"]
    assert all(" · " in label for label in labels)  # each shows when the card would come back
    ok(button(at, "Good").click().run())
    card = store.cards("Ana")["t_tf"]
    assert card.reps == 1 and card.last_review is not None
    assert list(store.reviews("Ana")["rating"]) == [3]
    assert any("Nothing is due" in s.value for s in at.success)


def test_a_flashcard_rating_says_when_the_card_returns_and_can_be_undone(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    ok(button(at, "Show answer").click().run())
    ok(button(at, "Easy").click().run())
    assert any("Next review" in c.value and "Easy" in c.value for c in at.caption)
    assert store.cards("Ana")["t_tf"].reps == 1
    ok(button(at, "Undo").click().run())
    assert store.cards("Ana") == {} and store.reviews("Ana").empty and store.attempts("Ana").empty
    assert [b for b in at.button if b.key == "rate_3"]  # back on the card, its answer shown


def test_progress_shows_accuracy_due_cards_and_exports(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    at.radio[0].set_value(False)
    ok(button(at, "Check answer").click().run())
    at = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Quiz answers"] == "1" and metrics["Accuracy"] == "0%" and metrics["Flashcard reviews"] == "0"
    assert metrics["Due now"] == "0" and metrics["Due this week"] == "0"  # a quiz answer makes no flashcard
    assert metrics["New left today"] == "7"  # and uses up none of the day's new cards
    assert all(m.help for m in at.metric)
    assert {b.label for b in at.get("download_button")} >= {"Your answers (CSV)", "Your review cards (CSV)"}


def test_progress_and_flashcards_show_the_same_due_count(sample_tree: Path, store: QuizStore) -> None:
    for qid in ("t_tf", "t_num"):
        question = sample_bank()[qid]
        then = utcnow() - timedelta(days=40)
        store.record(AnswerEvent("Ana", qid, question.topic, "practice", True, "x", answered_at=then, rating=3))
    store.record(AnswerEvent("Ana", "t_single", "lambda_architecture", "practice", True, "1", rating=3))
    # A card whose question has gone (its deck was deleted): the Flashcards page never asks it.
    then = utcnow() - timedelta(days=40)
    store.record(AnswerEvent("Ana", "gone_q", "lakehouse", "flashcards", True, "x", answered_at=then, rating=3))
    progress = ok(run_page("pages/progress.py", root=sample_tree, query={"learner": "Ana"}))
    cards = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana"}))
    due = {m.label: m.value for m in progress.metric}["Due now"]
    assert due == {m.label: m.value for m in cards.metric}["Due now"] == "2"
    left = {m.label: m.value for m in progress.metric}["New left today"]
    assert left == {m.label: m.value for m in cards.metric}["New left today"]


def test_the_exam_caption_follows_the_chosen_number_of_questions(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "mode": "exam"}))
    assert any("25 minutes for 20 questions" in c.value for c in at.caption)
    ok(at.select_slider(key="exam_count").set_value(5).run())
    captions = [c.value for c in at.caption]
    assert any("6 minutes for 5 questions" in c for c in captions), captions
    assert not any("for 20 questions" in c for c in captions)


def test_a_timed_exam_survives_a_reload_and_ends_with_a_report(sample_tree: Path, store: QuizStore) -> None:
    query = {"learner": "Ana", "mode": "exam"}
    at = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    at.select_slider[0].set_value(5)
    ok(button(at, "Start the exam").click().run())
    exam = store.latest_exam("Ana")
    assert exam is not None and len(exam.question_ids) == 5 and exam.finished_at is None
    assert exam.deadline - exam.started_at == timedelta(seconds=5 * 75)
    reloaded = ok(run_page("pages/quiz.py", root=sample_tree, query=query))
    assert any("left" in m.value for m in reloaded.markdown)
    assert any("Question 1 of 5" in p.proto.text for p in reloaded.get("progress"))
    ok(button(reloaded, "Finish the exam now").click().run())
    assert {m.label for m in reloaded.metric} >= {"Score", "Answered", "Time used"}
    assert store.latest_exam("Ana").finished_at is not None  # type: ignore[union-attr]


def test_an_unwritable_database_keeps_the_answer_in_the_session(
    sample_tree: Path, store: QuizStore, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("about a read-only SQLite file")
    path = db_url.removeprefix("sqlite:///")
    monkeypatch.setenv(URL_ENV, f"sqlite:///file:{path}?mode=ro&uri=true")
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    at.radio[0].set_value(True)
    ok(button(at, "Check answer").click().run())
    assert any("1 answer(s) not saved yet" in w.value and "read-only" in w.value for w in at.warning)
    assert any("Right" in s.value for s in at.success)  # the learner still gets the feedback
    assert store.attempts("Ana").empty
    monkeypatch.setenv(URL_ENV, db_url)  # the database is writable again
    ok(button(at, "Retry saving now").click().run())
    assert not any("not saved yet" in w.value for w in at.warning)
    assert list(store.attempts("Ana")["question_id"]) == ["t_tf"]


def test_a_bad_deck_upload_lists_problems_and_imports_nothing(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana"}))
    bad = SAMPLE_DECK.replace("t_single", "mine_1").replace(",single,", ",essay,").replace("t_tf", "mine_2")
    bad = bad.replace(",lakehouse,true_false", ",no_topic,true_false")
    at.text_input(key="deck_name").input("Mine")
    at.get("file_uploader")[0].set_value(("mine.csv", bad.encode(), "text/csv"))
    ok(button(at, "Check and import").click().run())
    assert any("Nothing was imported" in e.value for e in at.error)
    problems = "\n".join(m.value for m in at.markdown)
    assert "line 2, column type" in problems and "unknown topic 'no_topic'" in problems
    assert "already used by deck 'built-in'" in problems
    assert store.decks().empty


def test_a_good_deck_upload_adds_questions_to_every_mode(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana"}))
    mine = SAMPLE_DECK.replace("t_", "mine_")
    at.text_input(key="deck_name").input("Mine")
    at.get("file_uploader")[0].set_value(("mine.csv", mine.encode(), "text/csv"))
    ok(button(at, "Check and import").click().run())
    assert any("Imported 7 questions" in s.value for s in at.success)
    assert len(store.deck_questions()) == 7
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    assert {m.label: m.value for m in at.metric}["New left today"] == "2"


def test_a_learner_link_holds_on_every_study_page(sample_tree: Path, db_url: str) -> None:
    """Arrive from ?learner=Ana, then move through the menu (links without a query): Ana stays."""
    QuizStore(Database(db_url)).add_learner("Ana")
    QuizStore(Database(db_url)).add_learner("Bea")
    at = ok(run_page("pages/quiz.py", root=sample_tree, query={"learner": "Ana"}))
    for page in ("pages/flashcards.py", "pages/progress.py", "pages/quiz.py"):
        at.query_params.clear()  # a menu link carries no query
        at.switch_page(page)
        at = ok(at.run())
        assert at.selectbox(key="learner_picker").value == "Ana", page
        assert at.query_params["learner"] == "Ana", page
        assert not any("Pick your name" in i.value for i in at.info), page


def test_switching_profile_is_explicit_and_follows_to_the_url(sample_tree: Path, db_url: str) -> None:
    QuizStore(Database(db_url)).add_learner("Ana")
    QuizStore(Database(db_url)).add_learner("Bea")
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana"}))
    at = ok(at.selectbox(key="learner_picker").select("Bea").run())
    assert at.query_params["learner"] == "Bea"
    at.query_params.clear()
    at.switch_page("pages/progress.py")
    at = ok(at.run())
    assert at.selectbox(key="learner_picker").value == "Bea"
