"""Streamlit side of the rate limits: a per-browser-session layer in session state, then the database's."""

from __future__ import annotations

import math

import streamlit as st

from studylab.present import limits
from studylab.present.limits import AttemptStore
from studylab.present.live import utcnow
from studylab.storage.database import StoreError

WRONG_CODES = "live_wrong_codes"
"""Session key: times of this browser session's wrong join codes (the first layer of the limit)."""


def client_key() -> str | None:
    """This client's network address as a limit key (None when Streamlit does not know it)."""
    address = st.context.ip_address
    return f"ip:{address}" if address else None


def join_wait(attempts: AttemptStore) -> float:
    """Seconds this client must wait before another join attempt (session state, then the database)."""
    now = utcnow()
    here = limits.wait_seconds(st.session_state.get(WRONG_CODES, []), now)
    key = client_key()
    if key is None:
        return here
    try:
        return max(here, attempts.wait(key, now))
    except StoreError:
        return here


def wrong_code(attempts: AttemptStore) -> None:
    st.session_state[WRONG_CODES] = [*st.session_state.get(WRONG_CODES, [])[-limits.MAX_WRONG_JOINS :], utcnow()]
    key = client_key()
    if key is None:
        return
    try:
        attempts.failed(key)
    except StoreError:
        pass  # the session-state layer still holds


def must_wait(attempts: AttemptStore) -> bool:
    """Say so and return True if this client tried too many wrong join codes lately."""
    wait = join_wait(attempts)
    if wait > 0:
        st.error(
            f"Too many wrong join codes: wait {math.ceil(wait)} s, then try again. "
            "Ask the host to show the code if you are unsure of it.",
            icon=":material/hourglass_top:",
        )
    return wait > 0
