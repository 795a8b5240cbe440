"""Points for live answers and the wrong options' misconceptions: pure functions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studylab.present.rounds import RoundState, round_from_question
from studylab.present.scoring import BASE_POINTS, SPEED_BONUS, SPEED_WINDOW_S, points, window, wrong_options
from studylab.study.bank import Question

seconds = st.floats(min_value=-5, max_value=1e6, allow_nan=False)
windows = st.floats(min_value=0, max_value=600, allow_nan=False)


def test_a_wrong_answer_earns_nothing_however_fast() -> None:
    assert points(False, 0.0, 20) == 0


def test_a_right_answer_earns_the_full_bonus_at_once_and_the_base_at_the_end() -> None:
    assert points(True, 0.0, 20) == BASE_POINTS + SPEED_BONUS
    assert points(True, 10.0, 20) == BASE_POINTS + SPEED_BONUS // 2
    assert points(True, 20.0, 20) == BASE_POINTS
    assert points(True, 99.0, 20) == BASE_POINTS


def test_the_bonus_runs_over_the_countdown_or_a_default_window() -> None:
    assert window(30) == 30.0 and window(0) == SPEED_WINDOW_S


@given(st.booleans(), seconds, windows)
def test_points_are_never_negative(correct: bool, elapsed: float, span: float) -> None:
    assert 0 <= points(correct, elapsed, span) <= BASE_POINTS + SPEED_BONUS


@given(seconds, seconds, windows)
def test_right_and_fast_earns_at_least_right_and_slow(a: float, b: float, span: float) -> None:
    fast, slow = sorted((a, b))
    assert points(True, fast, span) >= points(True, slow, span) >= points(False, fast, span)


def question(kind: str, options: tuple[str, ...], answer: str, tags: tuple[str, ...]) -> Question:
    return Question("q", "t", kind, "Prompt?", options, answer, None, "Why.", tags, 1, None)  # type: ignore[arg-type]


def test_a_single_choice_round_keeps_the_tags_of_its_wrong_options() -> None:
    spec = round_from_question(question("single", ("A", "B", "C"), "2", ("a_tag", "", "c_tag")))
    assert spec.misconceptions == ("a_tag", "", "c_tag")


def test_a_true_false_round_tags_the_wrong_side() -> None:
    true_is_right = round_from_question(question("true_false", (), "true", ("wrong_belief",)))
    false_is_right = round_from_question(question("true_false", (), "false", ("wrong_belief",)))
    assert true_is_right.misconceptions == ("", "wrong_belief")
    assert false_is_right.misconceptions == ("wrong_belief", "")


def test_wrong_options_skip_the_right_one_and_sort_by_count() -> None:
    state = RoundState(1, "question", "q", "P?", ("A", "B", "C"), 1, "", None, True, (5, 1, 2), None, ("", "b", ""))
    rows = wrong_options(state, {"b": "B is always enough."})
    assert [(r.number, r.count, r.belief) for r in rows] == [(3, 2, ""), (2, 1, "B is always enough.")]
