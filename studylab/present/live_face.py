"""Streamlit face of live group sessions: the host's page and the participants' page.

Everything a page shows is read from the database through :class:`studylab.present.live.LiveStore`
(a fragment re-reads it every :data:`REFRESH_S` seconds), so a participant on one server
and a host on another see the same session. A browser tab keeps only its keys: the
host's token in its session, a participant's token in the page URL (``me``) so a reload
keeps them in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from studylab import figures
from studylab.content.catalog import find_page
from studylab.present import figure_face
from studylab.present import limits_face as ui_limits
from studylab.present.limits import AttemptStore
from studylab.present.live import LiveStore, normalise_code
from studylab.present.rounds import (
    LiveError,
    LiveState,
    Me,
    RoundState,
    live_questions,
    percentages,
    prediction_from_row,
    round_from_prediction,
    round_from_question,
)
from studylab.present.store_face import live_store
from studylab.storage.database import StoreError
from studylab.study import face as ui_quiz
from studylab.ui import site as ui

REFRESH_S = 2.0
"""Seconds between two reads of a live session by an open page."""

HOST = "live_host"
"""Session key: the (code, host token) this tab hosts."""
CODE_PARAM = "code"
ME_PARAM = "me"
"""URL parameters of the participant page: the join code and the participant's own token."""

RIGHT_COLOUR = "#1e8449"
OTHER_COLOUR = "#1f5fa8"


def _problem(error: LiveError | StoreError) -> None:
    st.error(ui.without_paths(error.message), icon=":material/error:")


PROBLEM = "live_problem"
"""Session key: what went wrong in the last button callback, shown on the next run."""


def _act(action: Callable[[], object]) -> None:
    """Run a button's database action before the rerun draws; keep its problem to show."""
    try:
        action()
    except (LiveError, StoreError) as error:
        st.session_state[PROBLEM] = error.message
    except ValueError as error:  # a question a live round cannot ask
        st.session_state[PROBLEM] = str(error)


def _picked(key: str) -> Any:
    """The value a widget holds at the moment of a click.

    A button's callback runs before the script, with the widgets' new values already in
    session state. A value captured while drawing the page is the *previous* run's: when a
    choice changes and a button is clicked in the same instant, that would act on the old one.
    """
    value = st.session_state.get(key)
    if value is None:
        raise ValueError("Choose an option first.")
    return value


def _last_problem() -> None:
    message = st.session_state.pop(PROBLEM, None)
    if message:
        st.error(message, icon=":material/error:")


# --- Shared drawing -------------------------------------------------------------------------


def build_histogram(state: RoundState, reveal: bool) -> go.Figure:
    """Answers per option as horizontal bars; the right option turns green once revealed."""
    labels = [f"{i}. {text}" for i, text in enumerate(state.options, start=1)]
    colours = [RIGHT_COLOUR if reveal and i == state.right else OTHER_COLOUR for i in range(1, len(labels) + 1)]
    shares = percentages(state.counts)
    figure = go.Figure(
        go.Bar(
            x=list(state.counts),
            y=[_wrap(label) for label in labels],
            orientation="h",
            marker_color=colours,
            text=[f"{c} ({s:.0f}%)" for c, s in zip(state.counts, shares, strict=True)],
            textposition="auto",
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        height=90 + 60 * len(labels),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        xaxis={"title": "answers", "rangemode": "tozero", "dtick": max(1, max(state.counts, default=0) // 5 or 1)},
        yaxis={"autorange": "reversed", "tickfont": {"size": 16}},
        font={"size": 16},
    )
    return figure


def _wrap(text: str, width: int = 40) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _figure(spec: str | None) -> None:
    if not spec:
        return
    figure_face.draw_figure(ui.site().content, spec, None, key=f"live_figure_{spec}")


def _round_text(state: RoundState) -> None:
    kind = "vote, then we run the simulation" if state.kind == "prediction" else "quiz question"
    st.caption(f"Round {state.number} · {kind}")
    st.markdown(f"### {state.prompt}")


def _revealed(state: RoundState) -> None:
    st.success(f"**Right answer:** {state.right}. {state.options[state.right - 1]}", icon=":material/check_circle:")
    st.markdown(state.explanation)
    if state.kind == "prediction":
        st.markdown("**The simulation, run:**")
        _figure(state.figure)


# --- Host ------------------------------------------------------------------------------------


def host_page() -> None:
    """Start or resume a session, pick what to ask, watch answers arrive, reveal, see scores."""
    store = live_store()
    if store is None:
        return
    keys = st.session_state.get(HOST)
    if keys is None:
        _host_start(store)
        return
    code, token = keys
    try:
        state = store.state(code)
    except (LiveError, StoreError) as error:
        _problem(error)
        if st.button("Start again", icon=":material/restart_alt:"):
            del st.session_state[HOST]
            st.rerun()
        return
    _join_banner(state)
    _live_panel(code, token)
    if state.ended:
        st.info("This session has ended. The scores stay here until it expires.", icon=":material/flag:")
    else:
        _ask_panel(store, code, token)
    _host_footer(store, code, token, state)


def _host_start(store: LiveStore) -> None:
    st.markdown(
        "Start a session, show the join code to the room, and everyone answers from their own phone or laptop "
        "on the **Join a live quiz** page."
    )
    bank = live_questions(ui_quiz.bank(ui_quiz.quiz_store()))
    predictions = ui.table("predictions")
    content = ui.site().content
    runnable = 0 if predictions is None else sum(figures.drawable(content, str(f)) for f in predictions["figure"])
    st.caption(
        f"Ready to ask: {len(bank)} single-choice questions from the quiz bank and "
        f"{runnable} predict-then-run simulations."
    )
    with st.form("live_start"):
        title = st.text_input("Session title", "Study group quiz", max_chars=120)
        if st.form_submit_button("Start a live session", type="primary", icon=":material/play_arrow:"):
            try:
                started = store.start(title)
            except (LiveError, StoreError) as error:
                _problem(error)
            else:
                st.session_state[HOST] = (started.code, started.token)
                st.rerun()
    with st.expander("Resume a session you host (after a reload or from another machine)"):
        with st.form("live_resume"):
            code = st.text_input("Join code", max_chars=12)
            token = st.text_input("Host key", type="password", max_chars=64)
            if st.form_submit_button("Resume"):
                try:
                    store.check_host(code, token)
                except (LiveError, StoreError) as error:
                    _problem(error)
                else:
                    st.session_state[HOST] = (normalise_code(code), token)
                    st.rerun()


def join_path() -> str:
    """The participants' page, for links."""
    page = find_page(ui.site().catalog, "live_join")
    return page.path if page else "pages/live_join.py"


def _join_banner(state: LiveState) -> None:
    st.markdown(f"#### {state.title}")
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        st.metric("Join code", " ".join(state.code), help="Participants type this on the Join a live quiz page.")
    with right:
        st.markdown(f"Open **Join a live quiz** (`/live_join`) and type **{state.code}**, or use this link:")
        st.page_link(
            join_path(),
            label=f"Join session {state.code}",
            icon=":material/login:",
            query_params={CODE_PARAM: state.code},
        )


def _ask_panel(store: LiveStore, code: str, token: str) -> None:
    quiz = ui_quiz.quiz_store()
    bank = live_questions(ui_quiz.bank(quiz))
    predictions = ui.table("predictions")
    with st.container(border=True):
        st.markdown("**Ask the group next**")
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
                    on_click=_act,
                    args=(lambda: store.open_round(code, token, round_from_question(bank[_picked("live_question")])),),
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
                    on_click=_act,
                    args=(
                        lambda: store.open_round(
                            code, token, round_from_prediction(prediction_from_row(rows[_picked("live_prediction")]))
                        ),
                    ),
                )


@st.fragment(run_every=timedelta(seconds=REFRESH_S))
def _live_panel(code: str, token: str) -> None:
    store = live_store(quiet=True)
    if store is None:
        st.warning("The database is not reachable; retrying.", icon=":material/sync_problem:")
        return
    try:
        state = store.state(code)
    except (LiveError, StoreError) as error:
        _problem(error)
        return
    st.caption(f"{state.participants} joined")
    _last_problem()
    current = state.round
    if current is None:
        st.info("Nobody has been asked anything yet: pick a question above.", icon=":material/hourglass_empty:")
        return
    with st.container(border=True, key="live_round"):
        _round_text(current)
        st.markdown(f"**{current.answers} of {state.participants} answered**")
        st.plotly_chart(
            build_histogram(current, current.revealed),
            key="live_histogram",
            config={"displayModeBar": False, "staticPlot": True},
        )
        if current.revealed:
            _revealed(current)
        elif not state.ended:
            label = "Run the simulation and reveal" if current.kind == "prediction" else "Reveal the answer"
            st.button(
                label,
                type="primary",
                icon=":material/visibility:",
                key="reveal",
                on_click=_act,
                args=(lambda: store.reveal(code, token),),
            )


def _host_footer(store: LiveStore, code: str, token: str, state: LiveState) -> None:
    with st.expander("Scoreboard", expanded=True):
        _scoreboard(store, code)
    with st.expander("Host key (to resume this session after a reload or on another machine)"):
        st.caption("Keep it to yourself: whoever has it controls the session.")
        st.code(token, language=None)
    if not state.ended and st.button("End the session", icon=":material/stop_circle:"):
        try:
            store.end(code, token)
        except (LiveError, StoreError) as error:
            _problem(error)
        st.rerun()


def _scoreboard(store: LiveStore, code: str) -> None:
    try:
        board = store.scoreboard(code)
    except (LiveError, StoreError) as error:
        _problem(error)
        return
    if board.empty:
        st.caption("Nobody has joined yet.")
        return
    st.dataframe(
        board,
        hide_index=True,
        column_config={"nickname": "Nickname", "correct": "Right answers", "answered": "Answered (revealed rounds)"},
    )


# --- Participant ---------------------------------------------------------------------------------


def join_page() -> None:
    """Join with the code and a nickname, then answer each round as the host opens it."""
    store = live_store()
    if store is None:
        return
    params = st.query_params
    code, token = normalise_code(params.get(CODE_PARAM, "")), params.get(ME_PARAM, "")
    if not (code and token):
        _join_form(store, code)
        return
    try:
        state, me = store.state(code), store.me(code, token)
    except LiveError as error:
        _problem(error)
        st.query_params.pop(ME_PARAM, None)
        _join_form(store, code)
        return
    except StoreError as error:
        _problem(error)
        return
    st.markdown(f"Joined as **{me.nickname}** · session **{code}**")
    _last_problem()
    _participant_view(store, code, token, state, me)
    _watch(code, token, _signature(state, me))


def _join_form(store: LiveStore, code: str) -> None:
    attempts = AttemptStore(store.db)
    with st.form("live_join"):
        typed = st.text_input("Join code", code, max_chars=12, placeholder="e.g. K7F3QP")
        nickname = st.text_input("Nickname", max_chars=24, help="Shown on the scoreboard.")
        if st.form_submit_button("Join", type="primary", icon=":material/login:"):
            if ui_limits.must_wait(attempts):
                return
            try:
                token = store.join(typed, nickname)
            except (LiveError, StoreError) as error:
                if isinstance(error, LiveError) and error.kind == "not_found":
                    ui_limits.wrong_code(attempts)
                _problem(error)
            else:
                st.query_params.from_dict({CODE_PARAM: normalise_code(typed), ME_PARAM: token})
                st.rerun()


def _signature(state: LiveState, me: Me) -> tuple[object, ...]:
    """What the participant's view depends on; the page is redrawn only when it changes."""
    current = state.round
    return (current and current.number, current and current.revealed, state.ended, me.choice)


@st.fragment(run_every=timedelta(seconds=REFRESH_S))
def _watch(code: str, token: str, shown: tuple[object, ...]) -> None:
    # Polls cheaply and redraws the page only on a change, so a phone does not receive the
    # question, the histogram and the simulation's figure again every two seconds.
    store = live_store(quiet=True)
    if store is None:
        st.caption("The database is not reachable; retrying.")
        return
    try:
        state, me = store.state(code), store.me(code, token)
    except (LiveError, StoreError) as error:
        _problem(error)
        return
    st.caption(f"{state.participants} in the room")
    if _signature(state, me) != shown:
        st.rerun()


def _participant_view(store: LiveStore, code: str, token: str, state: LiveState, me: Me) -> None:
    st.caption(f"Your score: {me.correct} right of {me.answered} revealed")
    current = state.round
    if state.ended:
        st.info("The host has ended this session. Thanks for playing!", icon=":material/flag:")
    if current is None:
        st.info("Waiting for the host's first question…", icon=":material/hourglass_empty:")
        return
    with st.container(border=True, key="live_round"):
        _round_text(current)
        if current.revealed:
            if me.choice is None:
                st.warning("You did not answer this one.", icon=":material/schedule:")
            elif me.choice == current.right:
                st.success("You got it right!", icon=":material/celebration:")
            else:
                st.error(f"Your answer: {me.choice}. {current.options[me.choice - 1]}", icon=":material/close:")
            st.plotly_chart(
                build_histogram(current, True),
                key=f"live_result_{current.number}",
                config={"displayModeBar": False, "staticPlot": True},
            )
            _revealed(current)
        elif me.choice is not None:
            st.info(
                f"Answer sent: **{current.options[me.choice - 1]}**. Waiting for the host to reveal…",
                icon=":material/hourglass_top:",
            )
        elif not state.ended:
            _answer_form(store, code, token, current)


def _answer_form(store: LiveStore, code: str, token: str, current: RoundState) -> None:
    numbers = list(range(1, len(current.options) + 1))
    key = f"live_choice_{code}_{current.number}"
    choice = st.radio(
        "Your answer",
        numbers,
        index=None,
        format_func=lambda n: current.options[n - 1],
        key=key,
    )
    st.button(
        "Send answer",
        type="primary",
        disabled=choice is None,
        key=f"send_{current.number}",
        on_click=_act,
        args=(lambda: store.answer(code, token, int(_picked(key))),),
    )
