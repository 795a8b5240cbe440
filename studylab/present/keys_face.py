"""Keyboard first for presenters: the slide keys, projector mode and the blank screen.

Every key is a Streamlit button's ``shortcut`` (Streamlit ignores shortcuts while the focus is in
a text box or a select, so typing never moves a slide), and every key has a button that works
without it:

==================  ===============================  =========================================
Key                 Does                             Button without the key
==================  ===============================  =========================================
→ / Space           next slide                       *Next*
←                   previous slide                   *Previous*
Home / End          first / last slide               *First*, *Last*
1 … 9, 0            slide 1 … 9, 0 is slide 10       *Previous*/*Next* (and the deck's counter)
F                   projector mode (no sidebar,      *Projector mode*
                    no Streamlit header, big slide)
B                   blank (black) screen, again      *Blank screen*, *Show the slide*
                    to show the slide; in follow     (*Blank the room's screens* in the
                    mode the presenter's B blanks    presenter view)
                    the room's screens
==================  ===============================  =========================================

One digit is one key press: decks here are short (the longest has 11 slides), and a key that
waited for a second digit or Enter would need script of its own in the page. Projector mode and
the blank screen are URL parameters (``mode=projector``, ``blank=1``) styled by static CSS, so a
reload keeps them. The hidden key buttons sit in a container that CSS hides: their shortcuts
stay bound.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from studylab.present import follow_face as ui_follow
from studylab.present import position as pos
from studylab.present.follow import BLANK_PARAM

MODE_PARAM = "mode"
PROJECTOR = "projector"
"""URL parameters: ``mode=projector`` hides the app's chrome, ``blank=1`` blacks the screen out
(in follow mode the presenter's blank is the room's, see :mod:`studylab.present.follow`)."""

SCREEN_PARAMS = (MODE_PARAM, BLANK_PARAM)
"""Parameters of this screen alone: kept as the slide moves, never shared with a room."""

DIGIT_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
"""Digit keys in slide order: 1 is slide 1, ..., 0 is slide 10."""

KEYS_CSS = "<style>.st-key-slide_keys { display: none; }</style>"
"""The key-only buttons (Space, digits) are drawn but never shown; their visible twins are elsewhere."""

PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-slide_tools { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; padding-bottom: 1rem; max-width: 100%; }
</style>"""
"""Projector mode: no sidebar, no Streamlit header or toolbar, no deck tools; the slide fills the width
(the key bar below the slide stays, so the mode can be left without a key)."""

BLANK_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stApp, [data-testid="stMain"] { background: #000 !important; }
.st-key-blank_screen { min-height: 80vh; justify-content: flex-end; }
.st-key-blank_screen button { background: #000; color: #8f8f8f; border-color: #333; }
</style>"""
"""The blank screen: everything black, one dim button to bring the slide back."""


def set_params(params: Mapping[str, str], keep: tuple[str, ...] = ()) -> None:
    """Make the URL say exactly ``params`` (plus the ``keep`` ones it already has)."""
    current = st.query_params.to_dict()
    wanted = {**{k: current[k] for k in keep if k in current}, **params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def go_to(position: pos.Position, number: int, keep: tuple[str, ...], extra: Mapping[str, str]) -> None:
    """Callback: show slide ``number`` of the deck (clamped)."""
    set_params({**position.params(number), **extra}, keep)


def step(position: pos.Position, delta: int, keep: tuple[str, ...], extra: Mapping[str, str]) -> None:
    """Callback: move ``delta`` slides from the slide the URL shows now."""
    set_params({**position.step(st.query_params.to_dict(), delta), **extra}, keep)


def projector() -> bool:
    """Whether this screen is in projector mode."""
    return st.query_params.get(MODE_PARAM) == PROJECTOR


def blank() -> bool:
    """Whether this screen is blanked out."""
    return st.query_params.get(BLANK_PARAM) == "1"


def projector_style() -> None:
    """Hide the app's chrome for the projector."""
    st.html(PROJECTOR_CSS)


def _toggle(name: str, value: str) -> None:
    if st.query_params.get(name) == value:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def hidden_keys(position: pos.Position, keep: tuple[str, ...], extra: Mapping[str, str]) -> None:
    """The key-only buttons: Space for the next slide and a digit for each of the first ten slides."""
    st.html(KEYS_CSS)
    with st.container(key="slide_keys"):
        st.button(
            "Next slide",
            shortcut="Space",
            disabled=position.next_slide is None,
            on_click=step,
            args=(position, 1, keep, extra),
            key="key_next",
        )
        for number, digit in enumerate(DIGIT_KEYS[: len(position.deck)], start=1):
            st.button(
                f"Slide {number}",
                shortcut=digit,
                on_click=go_to,
                args=(position, number, keep, extra),
                key=f"key_slide_{number}",
            )


def key_bar(
    position: pos.Position, keep: tuple[str, ...], extra: Mapping[str, str], screen: bool, room: bool = False
) -> None:
    """First and last slide (Home, End); on a slide ``screen`` projector mode (F) and blank (B); in the
    presenter view of a ``room``, blanking the room's screens (B)."""
    with st.container(key="key_bar", horizontal=True, gap="small"):
        st.button(
            "First",
            icon=":material/first_page:",
            shortcut="Home",
            disabled=position.index == 0,
            on_click=go_to,
            args=(position, 1, keep, extra),
            key="key_first",
        )
        st.button(
            "Last",
            icon=":material/last_page:",
            shortcut="End",
            disabled=position.next_slide is None,
            on_click=go_to,
            args=(position, len(position.deck), keep, extra),
            key="key_last",
        )
        if screen:
            st.button(
                "Leave projector mode" if projector() else "Projector mode",
                icon=":material/fit_screen:",
                shortcut="F",
                on_click=_toggle,
                args=(MODE_PARAM, PROJECTOR),
                key="key_projector",
            )
            blank_button("Blank screen")
        elif room:
            blank_button("Show the room the slide" if blank() else "Blank the room's screens")
    hidden_keys(position, keep, extra)


def blank_button(label: str) -> None:
    """The button (and B key) that blanks the screen or brings the slide back."""
    st.button(label, icon=":material/tv_off:", shortcut="B", on_click=_toggle_blank, key="key_blank")


def _toggle_blank() -> None:
    _toggle(BLANK_PARAM, "1")
    for name, value in ui_follow.audience_step().items():  # an audience member's own blank leaves the room
        st.query_params[name] = value


def blank_screen() -> None:
    """A black screen with one dim button back to the slide (the B key does the same)."""
    st.html(BLANK_CSS)
    with st.container(key="blank_screen"):
        blank_button("Show the slide")
