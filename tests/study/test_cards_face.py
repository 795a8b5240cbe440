"""The flashcards page by keys: Space or Enter shows the answer, 1 to 4 rate (the browser test presses them)."""

from __future__ import annotations

from pathlib import Path

from studylab.study.store import QuizStore
from tests.pages_support import run_page
from tests.study.face_support import button, ok


def test_space_and_enter_show_the_answer_and_digits_rate(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana", "topic": "lakehouse"}))
    assert button(at, "Show answer").proto.shortcut == "space"
    (enter,) = [b for b in at.button if b.key and b.key.endswith("_key_enter")]
    assert enter.proto.shortcut == "enter" and enter.label == "Show answer"
    assert any(c.value.startswith("Keys: Space or Enter shows the answer") for c in at.caption)
    ok(enter.click().run())
    assert "**Answer:** True" in [m.value for m in at.markdown]  # on the card, where the front was
    rating = {b.proto.shortcut: b.label.split(" ·")[0] for b in at.button if b.key and b.key.startswith("rate_")}
    assert rating == {"1": "Again", "2": "Hard", "3": "Good", "4": "Easy"}
    ok(at.button(key="rate_4").click().run())
    assert list(store.reviews("Ana")["rating"]) == [4]


def test_the_back_of_a_choice_card_ticks_the_right_options_in_place(sample_tree: Path, store: QuizStore) -> None:
    at = ok(run_page("pages/flashcards.py", root=sample_tree, query={"learner": "Ana", "topic": "data_lake"}))
    front = next(m.value for m in at.markdown if m.value.startswith("- "))
    ok(button(at, "Show answer").click().run())
    back = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert [line.split("**")[1] if "**" in line else line[2:] for line in back.splitlines()] == [
        line[2:] for line in front.splitlines()
    ]
    ticked = {line.split("**")[1] for line in back.splitlines() if ":material/check:" in line}
    assert ticked == {"HDFS", "Cloud object storage"}
