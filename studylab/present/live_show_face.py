"""What the three views of a live quiz share: problems, button actions, the round, its countdown,
the reveal with the misconceptions of wrong answers, and the scoreboard.

The views are the host's controls (:mod:`studylab.present.live_face`), the projector
(:mod:`studylab.present.live_screen_face`) and each participant's own
(:mod:`studylab.present.live_join_face`). Every one reads the session from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from studylab.present import figure_face
from studylab.present.live import LiveStore, utcnow
from studylab.present.live_figures import build_histogram, build_misconceptions
from studylab.present.rounds import LiveError, LiveState, RoundState
from studylab.present.scoring import wrong_options
from studylab.present.store_face import live_store
from studylab.storage.database import StoreError
from studylab.study import face as ui_quiz
from studylab.ui import site as ui

CODE_PARAM = "code"
"""URL parameter of every live page: the join code."""

PROBLEM = "live_problem"
"""Session key: what went wrong in the last button callback, shown on the next run."""

STATIC = {"displayModeBar": False, "staticPlot": True}
"""Live charts are read, not explored: no toolbar, no hover."""


def problem(error: LiveError | StoreError) -> None:
    st.error(ui.without_paths(error.message), icon=":material/error:")


def polled(code: str, *, quiet: bool = False) -> tuple[LiveStore, LiveState] | None:
    """The store and the session's state, for a view that polls them; None, with a message, when the
    database or the session cannot be read. ``quiet`` (the projector) says so in a caption."""
    store = live_store(quiet=True)
    if store is None:
        if quiet:
            st.caption(UNREACHABLE)
        else:
            st.warning(UNREACHABLE, icon=":material/sync_problem:")
        return None
    try:
        return store, store.state(code)
    except (LiveError, StoreError) as error:
        problem(error)
        return None


UNREACHABLE = "The database is not reachable; retrying."


def act(action: Callable[[], object]) -> None:
    """Run a button's database action before the rerun draws; keep its problem to show."""
    try:
        action()
    except (LiveError, StoreError) as error:
        st.session_state[PROBLEM] = ui.without_paths(error.message)
    except ValueError as error:  # a question a live round cannot ask
        st.session_state[PROBLEM] = str(error)


def picked(key: str) -> Any:
    """The value a widget holds at the moment of a click.

    A button's callback runs before the script, with the widgets' new values already in
    session state. A value captured while drawing the page is the *previous* run's: when a
    choice changes and a button is clicked in the same instant, that would act on the old one.
    """
    value = st.session_state.get(key)
    if value is None:
        raise ValueError("Choose an option first.")
    return value


def last_problem() -> None:
    message = st.session_state.pop(PROBLEM, None)
    if message:
        st.error(message, icon=":material/error:")


def round_text(state: RoundState, big: bool = False) -> None:
    kind = "vote, then we run the simulation" if state.kind == "prediction" else "quiz question"
    st.caption(f"Round {state.number} · {kind}")
    st.markdown(f"{'##' if big else '###'} {state.prompt}")


def countdown(state: RoundState) -> None:
    """The seconds left to answer, or that time is up (nothing without a countdown or after the reveal)."""
    left = state.seconds_left(utcnow())
    if left is None or state.revealed:
        return
    if left > 0:
        st.markdown(f"**:material/timer: {left} s left to answer**")
    else:
        st.markdown("**:material/timer_off: Time is up: answers are closed.**")


def histogram(state: RoundState, key: str, reveal: bool, font_size: int = 16, row_px: int | None = None) -> None:
    st.plotly_chart(build_histogram(state, reveal, font_size, row_px), key=key, config=STATIC)


def revealed(state: RoundState, key: str, font_size: int = 16, chars: int = 45, group: bool = True) -> None:
    """The right answer, its explanation, the simulation of a prediction and (for the ``group`` views)
    the wrong answers' beliefs."""
    st.success(f"**Right answer:** {state.right}. {state.options[state.right - 1]}", icon=":material/check_circle:")
    st.markdown(state.explanation)
    if state.kind == "prediction" and state.figure:
        st.markdown("**The simulation, run:**")
        figure_face.draw_figure(ui.site().content, state.figure, None, key=f"{key}_figure_{state.figure}")
    if group:
        misconceptions(state, key, font_size, chars)


def misconceptions(state: RoundState, key: str, font_size: int = 16, chars: int = 45) -> None:
    """Per wrong option: how many chose it and the plain sentence of the belief it points to."""
    rows = [row for row in wrong_options(state, _beliefs()) if row.count]
    if not rows:
        return
    st.markdown("**What the wrong answers believed**")
    st.plotly_chart(build_misconceptions(rows, font_size, chars), key=f"{key}_misconceptions", config=STATIC)


def belief_of(state: RoundState, choice: int) -> str:
    """The plain sentence of the belief an option points to ("" for none)."""
    rows = [row for row in wrong_options(state, _beliefs()) if row.number == choice]
    return rows[0].belief if rows else ""


def _beliefs() -> dict[str, str]:
    return {tag: belief.sentence for tag, belief in ui_quiz.beliefs().items()}


def scoreboard(store: LiveStore, code: str, state: LiveState, top: int | None = None) -> None:
    """Points when the session counts them, right answers otherwise; ``top`` rows at most."""
    try:
        board = store.scoreboard(code)
    except (LiveError, StoreError) as error:
        problem(error)
        return
    if board.empty:
        st.caption("Nobody has joined yet.")
        return
    columns = {"nickname": "Nickname", "correct": "Right answers", "answered": "Answered (revealed rounds)"}
    if state.points:
        columns = {"nickname": "Nickname", "points": "Points", "correct": "Right answers"}
    st.dataframe(board.head(top) if top else board, hide_index=True, column_config=columns, column_order=list(columns))
