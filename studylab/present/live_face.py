"""Streamlit face of a live quiz's host: start a session, pick what to ask, reveal, end.

This is the presenter's control view, for a laptop or a phone. Its URL holds the join code and
the host's key (``?code=...&host=...``), so a reload keeps control without retyping anything; the
projector gets its own page (:mod:`studylab.present.live_screen_face`) whose link carries the
code only. Everything shown is read from the database, so the host and the room may be served by
different servers.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from studylab import figures
from studylab.content.catalog import find_page
from studylab.present.live import LiveStore, normalise_code
from studylab.present.live_show_face import (
    CODE_PARAM,
    act,
    countdown,
    histogram,
    last_problem,
    picked,
    polled,
    problem,
    revealed,
    round_text,
    scoreboard,
)
from studylab.present.rounds import (
    LiveError,
    LiveState,
    live_questions,
    prediction_from_row,
    round_from_prediction,
    round_from_question,
)
from studylab.present.scoring import COUNTDOWNS
from studylab.present.store_face import live_store
from studylab.storage.database import StoreError
from studylab.study import face as ui_quiz
from studylab.ui import cache
from studylab.ui import site as ui

HOST_PARAM = "host"
"""URL parameter of the host's page only: the host's secret key."""

HOST_REFRESH_S = 1.0
"""Seconds between two reads of the session by the host's live panel (one reader per session)."""


def host_page() -> None:
    """Start or resume a session, pick what to ask, watch answers arrive, reveal, see scores."""
    store = live_store()
    if store is None:
        return
    code, token = normalise_code(st.query_params.get(CODE_PARAM, "")), st.query_params.get(HOST_PARAM, "")
    if not (code and token):
        _host_start(store)
        return
    try:
        store.check_host(code, token)
        state = store.state(code)
    except (LiveError, StoreError) as error:
        if isinstance(error, LiveError) and error.kind == "ended":
            _ended(store, code)
        else:
            problem(error)
        if st.button("Start a new session", icon=":material/restart_alt:"):
            st.query_params.clear()
            st.rerun()
        return
    _join_banner(state)
    _live_panel(code, token)
    _ask_panel(store, code, token)
    _host_footer(store, code, token, state)


def _ended(store: LiveStore, code: str) -> None:
    st.info("This session has ended. The scores stay here until it expires.", icon=":material/flag:")
    state = store.state(code)
    scoreboard(store, code, state)


def _runnable(predictions: pd.DataFrame, registry: pd.DataFrame) -> int:
    """How many prediction rounds name a simulation and preset that can be drawn.

    ``registry`` (the figure registry's table) is what ``figures.drawable`` checks them against:
    passed in so that the count is keyed on it, and the page is seen to use it."""
    content = ui.site().content
    return sum(figures.drawable(content, str(f)) for f in predictions["figure"])


def _host_start(store: LiveStore) -> None:
    st.markdown(
        "Start a session, put the **projector view** on the big screen, and everyone answers from their own "
        "phone or laptop on the **Join a live quiz** page. This page keeps your controls: keep it to yourself."
    )
    bank = live_questions(ui_quiz.bank(ui_quiz.quiz_store()))
    predictions = ui.table("predictions")
    runnable = 0 if predictions is None else cache.cached(_runnable, predictions, cache.Table(figures.TABLE))
    st.caption(
        f"Ready to ask: {len(bank)} single-choice questions from the quiz bank and "
        f"{runnable} predict-then-run simulations."
    )
    with st.form("live_start"):
        title = st.text_input("Session title", "Study group quiz", max_chars=120)
        seconds = st.segmented_control(
            "Countdown per question",
            COUNTDOWNS,
            default=0,
            format_func=lambda s: f"{s} s" if s else "Off",
            help="Answers close when it runs out; the projector and every phone show the seconds left.",
        )
        points = st.toggle(
            "Points with a bonus for speed",
            value=False,
            help="Off: the scoreboard counts right answers. On: a right answer earns 500 to 1000 points, "
            "more when fast.",
        )
        if st.form_submit_button("Start a live session", type="primary", icon=":material/play_arrow:"):
            try:
                started = store.start(title, countdown_s=int(seconds or 0), points=points)
            except (LiveError, StoreError) as error:
                problem(error)
            else:
                st.query_params.from_dict({CODE_PARAM: started.code, HOST_PARAM: started.token})
                st.rerun()
    with st.expander("Resume a session you host (from another machine)"):
        with st.form("live_resume"):
            code = st.text_input("Join code", max_chars=12)
            token = st.text_input("Host key", type="password", max_chars=64)
            if st.form_submit_button("Resume"):
                try:
                    store.check_host(code, token)
                except (LiveError, StoreError) as error:
                    problem(error)
                else:
                    st.query_params.from_dict({CODE_PARAM: normalise_code(code), HOST_PARAM: token})
                    st.rerun()


def page_path(slug: str) -> str:
    """A page's script, for links."""
    page = find_page(ui.site().catalog, slug)
    return page.path if page else f"pages/{slug}.py"


def _join_banner(state: LiveState) -> None:
    st.markdown(f"#### {state.title}")
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        st.metric("Join code", " ".join(state.code), help="Participants type this on the Join a live quiz page.")
    with right:
        rules = [f"{state.countdown_s} s per question" if state.countdown_s else "no countdown"]
        rules.append("points with a speed bonus" if state.points else "right answers counted")
        st.caption(" · ".join(rules))
        # A new tab, with the code only: the projector never holds the host's key.
        st.link_button(
            "Open the projector view",
            f"live_screen?{CODE_PARAM}={state.code}",
            icon=":material/cast:",
            type="primary",
        )
        ui.page_link(
            page_path("live_join"),
            label=f"Join session {state.code}",
            icon=":material/login:",
            query_params={CODE_PARAM: state.code},
        )


def _ask_panel(store: LiveStore, code: str, token: str) -> None:
    quiz = ui_quiz.quiz_store()
    bank = live_questions(ui_quiz.bank(quiz))
    predictions = ui.table("predictions")
    with st.container(border=True):
        st.markdown("**Ask the group next** (only you see this)")
        question_tab, predict_tab = st.tabs(["Quiz question", "Predict, then run"])
        with question_tab:
            topics = sorted({q.topic for q in bank.values()}, key=ui_quiz.topic_title)
            if not topics:
                st.info("The question bank has no single-choice questions to ask live.")
            else:
                topic = st.selectbox("Topic", topics, format_func=ui_quiz.topic_title, key="live_topic")
                choices = [qid for qid, q in bank.items() if q.topic == topic]
                st.selectbox("Question", choices, format_func=lambda q: bank[q].prompt, key="live_question")
                st.button(
                    "Ask this question",
                    type="primary",
                    icon=":material/quiz:",
                    key="ask_question",
                    on_click=act,
                    args=(lambda: store.open_round(code, token, round_from_question(bank[picked("live_question")])),),
                )
        with predict_tab:
            if predictions is None or predictions.empty:
                st.info("No predictions in `data/predictions.csv`.")
            else:
                rows = {str(r["id"]): r for r in predictions.to_dict("records")}
                pid = st.selectbox(
                    "What will the simulation do?",
                    list(rows),
                    format_func=lambda p: str(rows[p]["prompt"]),
                    key="live_prediction",
                )
                runs = figures.describe(ui.site().content, str(rows[pid]["figure"]))
                st.caption(f"Runs once the group has voted: {runs}.")
                st.button(
                    "Ask for predictions",
                    type="primary",
                    icon=":material/science:",
                    key="ask_prediction",
                    on_click=act,
                    args=(
                        lambda: store.open_round(
                            code, token, round_from_prediction(prediction_from_row(rows[picked("live_prediction")]))
                        ),
                    ),
                )


@st.fragment(run_every=timedelta(seconds=HOST_REFRESH_S))
def _live_panel(code: str, token: str) -> None:
    found = polled(code)
    if found is None:
        return
    store, state = found
    st.caption(f"{state.participants} joined")
    last_problem()
    current = state.round
    if current is None:
        st.info("Nobody has been asked anything yet: pick a question below.", icon=":material/hourglass_empty:")
        return
    with st.container(border=True, key="live_round"):
        round_text(current)
        countdown(current)
        st.markdown(f"**{current.answers} of {state.participants} answered**")
        histogram(current, "live_histogram", current.revealed)
        if current.revealed:
            revealed(current, "live_host")
        elif not state.ended:
            label = "Run the simulation and reveal" if current.kind == "prediction" else "Reveal the answer"
            st.button(
                label,
                type="primary",
                icon=":material/visibility:",
                key="reveal",
                on_click=act,
                args=(lambda: store.reveal(code, token),),
            )


def _host_footer(store: LiveStore, code: str, token: str, state: LiveState) -> None:
    with st.expander("Scoreboard", expanded=True):
        scoreboard(store, code, state)
    with st.expander("Host key (to control this session from another machine)"):
        st.caption("Keep it to yourself: whoever has it controls the session. This page's own link holds it too.")
        st.code(token, language=None)
    st.button(
        "End the session",
        icon=":material/stop_circle:",
        key="end",
        on_click=act,
        args=(lambda: store.end(code, token),),
    )
