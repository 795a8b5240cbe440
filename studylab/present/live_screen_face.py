"""Streamlit face of a live quiz on the projector: what the whole room may see, and nothing else.

The big join code and a QR code of the join link, the current question with its countdown and
live histogram, then the reveal with the misconceptions of the wrong answers and the scoreboard.
No controls, no upcoming questions, and never the host's key: the page's URL carries the join
code only, and the page reads nothing a participant could not read. It follows the session by
re-reading the database every :data:`SCREEN_REFRESH_S` seconds.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from studylab.present.live import normalise_code
from studylab.present.live_figures import join_url, qr_svg
from studylab.present.live_show_face import (
    CODE_PARAM,
    countdown,
    histogram,
    polled,
    problem,
    revealed,
    round_text,
    scoreboard,
)
from studylab.present.rounds import LiveError, LiveState
from studylab.present.store_face import live_store
from studylab.storage.database import StoreError

SCREEN_REFRESH_S = 1.0
"""Seconds between two reads of the session by the projector (one reader per room; the countdown ticks)."""

BIG = 24
"""Font size of the projector's charts: readable from the back of a room."""

TOP = 10
"""Scoreboard rows the projector shows."""


def screen_page() -> None:
    """The projector view of the session named by the URL's code."""
    # The room needs the whole width; the menu stays one click away.
    st.set_page_config(initial_sidebar_state="collapsed")
    store = live_store()
    if store is None:
        return
    code = normalise_code(st.query_params.get(CODE_PARAM, ""))
    if not code:
        _ask_code()
        return
    try:
        store.state(code)
    except (LiveError, StoreError) as error:
        problem(error)
        _ask_code()
        return
    _follow(code, join_url(st.context.url, code))


def _ask_code() -> None:
    with st.form("live_screen_code"):
        typed = st.text_input("Join code of the session to show", max_chars=12, placeholder="e.g. K7F3QP")
        if st.form_submit_button("Show", type="primary", icon=":material/cast:"):
            st.query_params.from_dict({CODE_PARAM: normalise_code(typed)})
            st.rerun()


def _join_block(state: LiveState, link: str) -> None:
    st.markdown(f"**{state.title}** · join at **{link.split('?')[0]}** with the code")
    st.markdown(f"# {' '.join(state.code)}")
    st.image(qr_svg(link), caption="Scan to join", width=220, alt=f"QR code of the join link {link}")
    st.markdown(f"**{state.participants} joined**")


@st.fragment(run_every=timedelta(seconds=SCREEN_REFRESH_S))
def _follow(code: str, link: str) -> None:
    found = polled(code, quiet=True)
    if found is None:
        return
    store, state = found
    main, side = st.columns([3, 1], gap="large")
    with side:
        _join_block(state, link)
        current = state.round
        if state.ended or (current is not None and current.revealed):
            st.markdown("**Scoreboard**")
            scoreboard(store, code, state, TOP)
    with main:
        if state.ended:
            st.info("This session has ended: thanks for playing!", icon=":material/flag:")
        elif current is None:
            st.info("Waiting for the first question…", icon=":material/hourglass_empty:")
        else:
            with st.container(key="live_screen_round"):
                round_text(current, big=True)
                countdown(current)
                st.markdown(f"**{current.answers} of {state.participants} answered**")
                if not current.revealed:
                    histogram(current, "live_screen_histogram", False, BIG)
                else:
                    # After the reveal the wrong answers' beliefs matter more: the histogram gives them room.
                    histogram(current, "live_screen_histogram", True, 16, row_px=44)
                    revealed(current, "live_screen", 22, 100)
