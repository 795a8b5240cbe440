"""Streamlit face of a live quiz's participant: join with the code and a nickname, then answer.

The participant's own token lives in the page URL (``me``), so a reload keeps them in. The view is
one fragment that polls the session every :data:`REFRESH_S` seconds with one small query, and reads
it in full only when what it shows has changed (a new round, the reveal, the countdown running out).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from studylab.present import limits_face as ui_limits
from studylab.present.limits import AttemptStore
from studylab.present.live import LiveStore, normalise_code, utcnow
from studylab.present.live_show_face import (
    CODE_PARAM,
    act,
    belief_of,
    last_problem,
    picked,
    problem,
    revealed,
    round_text,
)
from studylab.present.rounds import LiveError, LiveState, Me, Pulse, RoundState
from studylab.present.store_face import live_store
from studylab.storage.database import StoreError

REFRESH_S = 1.0
"""Seconds between two polls of a live session by a participant's page (measured by ``make bench``:
the reveal must reach a room of 30 within 2 s, and a poll is one small query)."""

ME_PARAM = "me"
"""URL parameter of the participant page: the participant's own token."""

SEEN = "live_seen"
"""Session key: the session and participant as last read, with the signature they were read under."""


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
        me = store.me(code, token)
    except LiveError as error:
        problem(error)
        st.query_params.pop(ME_PARAM, None)
        _join_form(store, code)
        return
    except StoreError as error:
        problem(error)
        return
    st.markdown(f"Joined as **{me.nickname}** · session **{code}**")
    _live_view(code, token)


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
                problem(error)
            else:
                st.query_params.from_dict({CODE_PARAM: normalise_code(typed), ME_PARAM: token})
                st.rerun()


def _closed(deadline: datetime | None) -> bool:
    """Whether a round's countdown has run out."""
    return deadline is not None and deadline <= utcnow()


def _signature(state: LiveState, me: Me) -> tuple[object, ...]:
    """What the participant's view depends on; it is read again only when this changes."""
    current = state.round
    if current is None:
        return (None, False, False, state.ended, None)
    return (current.number, current.revealed, _closed(current.deadline), state.ended, me.choice)


def _pulse_signature(pulse: Pulse) -> tuple[object, ...]:
    """:func:`_signature` from a poll: the same fields, read in one query."""
    if pulse.number is None:
        return (None, False, False, pulse.ended, None)
    return (pulse.number, pulse.revealed, _closed(pulse.deadline), pulse.ended, pulse.choice)


@st.fragment(run_every=timedelta(seconds=REFRESH_S))
def _live_view(code: str, token: str) -> None:
    # The whole view is this fragment, so the reveal redraws a phone's view alone, not the page
    # around it (menu included). Each run polls with one small query and reads the session
    # again only when the poll says the view has changed; otherwise it redraws from that copy.
    store = live_store(quiet=True)
    if store is None:
        st.caption("The database is not reachable; retrying.")
        return
    try:
        pulse = store.pulse(code, token)
        seen = st.session_state.get(SEEN)
        if seen is None or seen[0] != (code, token) or seen[1] != _pulse_signature(pulse):
            state, me = store.state(code), store.me(code, token)
            # The belief behind the answer is looked up here, once, not on every redraw.
            belief = belief_of(state.round, me.choice) if state.round and me.choice else ""
            seen = ((code, token), _signature(state, me), state, me, belief)
            st.session_state[SEEN] = seen
    except (LiveError, StoreError) as error:
        problem(error)
        return
    _, _, state, me, belief = seen
    last_problem()
    _participant_view(store, code, token, state, me, belief)
    left = pulse.seconds_left(utcnow())
    if left and pulse.choice is None and not pulse.revealed:
        st.markdown(f"**:material/timer: {left} s left to answer**")
    st.caption(f"{pulse.participants} in the room")


def _score(state: LiveState, me: Me) -> str:
    if state.points:
        return f"Your score: {me.points} points · {me.correct} right of {me.answered} revealed"
    return f"Your score: {me.correct} right of {me.answered} revealed"


def _participant_view(store: LiveStore, code: str, token: str, state: LiveState, me: Me, belief: str) -> None:
    st.caption(_score(state, me))
    current = state.round
    if state.ended:
        st.info("The host has ended this session. Thanks for playing!", icon=":material/flag:")
    if current is None:
        st.info("Waiting for the host's first question…", icon=":material/hourglass_empty:")
        return
    with st.container(border=True, key="live_round"):
        round_text(current)
        if current.revealed:
            if me.choice is None:
                st.warning("You did not answer this one.", icon=":material/schedule:")
            elif me.choice == current.right:
                st.success("You got it right!", icon=":material/celebration:")
            else:
                st.error(f"Your answer: {me.choice}. {current.options[me.choice - 1]}", icon=":material/close:")
                if belief:
                    st.markdown(f"This answer often comes from the belief: *“{belief}”*")
            # Text, not a chart: the room's chart is on the projector, and a reveal reaches every
            # phone only as fast as the server redraws them all.
            right = current.counts[current.right - 1]
            share = f" ({100 * right / current.answers:.0f}%)" if current.answers else ""
            st.markdown(f"**{right} of {current.answers}** answered right{share}.")
            revealed(current, f"live_join_{current.number}", group=False)
        elif me.choice is not None:
            st.info(
                f"Answer sent: **{current.options[me.choice - 1]}**. Waiting for the host to reveal…",
                icon=":material/hourglass_top:",
            )
        elif _closed(current.deadline):
            st.warning("Time is up: answers to this question are closed.", icon=":material/timer_off:")
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
        on_click=act,
        args=(lambda: store.answer(code, token, int(picked(key))),),
    )
