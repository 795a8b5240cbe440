"""Streamlit face of follow mode: the presenter's room panel, and every window that follows the room.

A window in follow mode has ``follow=CODE`` in its URL (the presenter's own windows also carry
``key=...``). On each full run :func:`join_room` reads the room once, lets
:func:`studylab.present.follow.sync` decide what to show, writes the presenter's move (one
UPDATE) and puts the room's place into the URL; the rest of the page then draws the slide the
URL names, as without follow mode. :func:`watch` re-reads the room every :data:`WATCH_S`
seconds in a fragment and reruns the page only when the room moved, so a phone does not receive
the slide again every second. The room's row is the only thing windows share: they may be
served by different app servers on one database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import streamlit as st

from studylab.present import position as pos
from studylab.present.decks import Deck
from studylab.present.follow import (
    BLANK_PARAM,
    FOLLOW_PARAM,
    KEY_PARAM,
    OWN_PARAM,
    FollowError,
    FollowStore,
    Spot,
    away_note,
    sync,
)
from studylab.present.live_figures import qr_svg
from studylab.storage.database import Database, StoreError, database_url
from studylab.study import face as ui_quiz
from studylab.ui import site as ui

WATCH_S = 0.5
"""Seconds between two reads of the room by a following window. The audience must move within 2 s:
a phone's full rerun onto a slide with a figure took up to 1.2 s on the busy test machine, so a
1 s poll missed by 0.2 s. A read is one primary-key lookup; with the fragment's run around it, a
following screen costs its server about 14 ms of CPU a second (six idle phones: 8% of a core)."""

PRESET_PARAM = "preset"
"""URL parameter of the slide's figure preset (the same one the slide view uses)."""

KEY_OFF = ":material/key_off:"

_PROBLEM = "follow_problem"
"""Session key: why the last presenter move could not be written, shown on the next run."""


@dataclass(frozen=True)
class Following:
    """This window's part in a room."""

    code: str
    key: str
    """The presenter's key from the URL, only when it is the room's (else "")."""
    own: bool
    """An audience member reading on their own (``own=1``)."""
    room: Spot
    """The room's place when this page was drawn (a move since then reruns the page)."""

    @property
    def presenter(self) -> bool:
        return bool(self.key)

    def step_params(self) -> dict[str, str]:
        """Parameters a step of this window adds: an audience member's step leaves the room's place."""
        return {} if self.presenter else {OWN_PARAM: "1"}


@st.cache_resource(show_spinner=False)
def _follow_store(url: str, _db: Database) -> FollowStore:
    _db.create_all()
    return FollowStore(_db)


def follow_store(quiet: bool = False) -> FollowStore | None:
    """The follow store on the app's database, or None (after saying why, unless ``quiet``)."""
    url = database_url()
    try:
        return _follow_store(url, ui_quiz.quiz_store_at(url).db)
    except StoreError as error:
        if not quiet:
            ui_quiz.database_error(error)
        return None


def _synced_key(code: str) -> str:
    return f"follow_synced_{code}"


def _drop_follow() -> None:
    for name in (FOLLOW_PARAM, KEY_PARAM, OWN_PARAM):
        st.query_params.pop(name, None)


def _local(decks: dict[str, Deck]) -> Spot:
    """The place this window's URL names (corrected as the slide view will correct it)."""
    params = st.query_params.to_dict()
    place = pos.parse_position(params, decks, default=next(iter(decks)))
    return Spot(place.deck.id, place.number, params.get(PRESET_PARAM) or None, params.get(BLANK_PARAM) == "1")


def _show(spot: Spot) -> None:
    st.query_params[pos.DECK_PARAM] = spot.deck
    st.query_params[pos.SLIDE_PARAM] = str(spot.slide)
    if spot.preset:
        st.query_params[PRESET_PARAM] = spot.preset
    else:
        st.query_params.pop(PRESET_PARAM, None)
    if spot.blank:
        st.query_params[BLANK_PARAM] = "1"
    else:
        st.query_params.pop(BLANK_PARAM, None)


def join_room(decks: dict[str, Deck]) -> Following | None:
    """Bring this window in step with its room (if its URL names one); None when it follows nothing."""
    params = st.query_params.to_dict()
    raw = params.get(FOLLOW_PARAM)
    if raw is None:
        return None
    store = follow_store()
    if store is None:
        return None
    key = params.get(KEY_PARAM, "")
    try:
        room = store.room(raw, key)
    except FollowError as error:
        st.error(error.message, icon=":material/link_off:")
        _drop_follow()
        return None
    except StoreError as error:
        ui_quiz.database_error(error)
        return None
    if key and not room.presenter:
        st.warning(
            "This link's presenter key is not this room's: you follow as the audience.", icon=":material/key_off:"
        )
        st.query_params.pop(KEY_PARAM, None)
        key = ""
    if params.get(FOLLOW_PARAM) != room.code:
        st.query_params[FOLLOW_PARAM] = room.code
    own = params.get(OWN_PARAM) == "1" and not room.presenter
    local = _local(decks)
    result = sync(local, room.spot, st.session_state.get(_synced_key(room.code)), room.presenter, own)
    st.session_state[_synced_key(room.code)] = result.synced
    if result.publish:
        _publish(store, room.code, key, result.show)
    if result.show != local:
        _show(result.show)
    problem = st.session_state.pop(_PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/sync_problem:")
    return Following(room.code, key if room.presenter else "", own, room.spot if own else result.synced)


def _publish(store: FollowStore, code: str, key: str, spot: Spot) -> None:
    try:
        store.move(code, key, spot)
    except (FollowError, StoreError) as error:
        st.error(f"The room did not move: {ui.without_paths(error.message)}", icon=":material/sync_problem:")


def banner(following: Following, local: Spot, titles: dict[str, str]) -> None:
    """The top of a page in a room: whose room it is; for a reader on their own, where the presenter is."""
    if following.own:
        room = following.room
        here, there = titles.get(local.deck, local.deck), titles.get(room.deck, room.deck)
        with st.container(key="follow_away", horizontal=True, vertical_alignment="center"):
            st.markdown(away_note(local, room, here, there))
            st.button(
                "Rejoin",
                icon=":material/group:",
                type="primary",
                key="follow_rejoin",
                shortcut="J",
                on_click=_rejoin,
                args=(following.code,),
            )
        return
    if following.presenter:
        path = f"/present?{FOLLOW_PARAM}={following.code}"  # no host, so never a link (too faint in a caption)
        with st.container(horizontal=True, vertical_alignment="center", key="follow_presenting"):
            st.caption(f"Presenting · room {following.code} · the audience opens {path}", help=_help(following))
            with st.popover("Room QR code", icon=":material/qr_code_2:"):
                _qr(following.code, width=360)
    else:
        st.caption(f"Following the presenter · room {following.code}", help=_help(following))


def _rejoin(code: str) -> None:
    st.query_params.pop(OWN_PARAM, None)
    st.session_state.pop(_synced_key(code), None)  # the next run goes to wherever the room is then


@st.fragment(run_every=timedelta(seconds=WATCH_S))
def watch(following: Following) -> None:
    """Re-read the room every :data:`WATCH_S` seconds and rerun the page when it moved since it was drawn.

    Called last on the page and drawing nothing while all is well: a fragment's run must never
    race the page's own elements (one placed above the slide once left a phone without its
    slide counter after a move).
    """
    store = follow_store(quiet=True)
    if store is None:
        st.caption("The database is not reachable; retrying.")
        return
    try:
        room = store.room(following.code)
    except (FollowError, StoreError) as error:
        st.caption(ui.without_paths(error.message))
        return
    if room.spot != following.room:
        st.rerun()


def _help(following: Following) -> str:
    if following.presenter:
        return "Every move you make here moves everyone who follows this room."
    return "Your screen moves with the presenter. Step back or ahead to read on your own; Rejoin brings you back."


# --- The presenter's room panel --------------------------------------------------------------


def follow_link(code: str) -> str:
    """The audience's link to a room: this app's slide page with only the follow code."""
    here = st.context.url or ""
    base = here.split("?", 1)[0].rsplit("/", 1)[0] if "://" in here else ""
    return f"{base}/present?{FOLLOW_PARAM}={code}"


def room_panel(spot: Spot, following: Following | None) -> None:
    """In the presenter view: start follow mode, or show the room's code and the audience's link."""
    st.markdown("##### Room link")
    problem = st.session_state.pop(_PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/sync_problem:")
    if following is not None and not following.presenter:
        st.caption(f"You follow room {following.code}; start follow mode to present from here instead.")
    if following is None or not following.presenter:
        st.caption("Let the slides window and the audience's own screens move with you.")
        st.button(
            "Start follow mode",
            icon=":material/cast_for_education:",
            on_click=_start,
            args=(spot,),
            key="start_follow",
            width="stretch",
        )
        return
    with st.container(border=True, key="follow_room"):
        st.metric("Follow code", " ".join(following.code), help="The audience opens the link below, on any device.")
        st.caption("The audience opens this link (no key in it: they follow, only you move the room):")
        st.code(follow_link(following.code), language=None, wrap_lines=True)
        _qr(following.code, width=180)


def _qr(code: str, width: int) -> None:
    """The audience's link as a QR code (made locally), for phones to scan from the projector."""
    link = follow_link(code)
    st.image(qr_svg(link), caption="Scan to follow the slides", width=width, alt=f"QR code of the link {link}")


def _start(spot: Spot) -> None:
    store = follow_store(quiet=True)
    if store is None:
        st.session_state[_PROBLEM] = "The database is not reachable: follow mode cannot start."
        return
    try:
        keys = store.start(spot)
    except (FollowError, StoreError) as error:
        st.session_state[_PROBLEM] = f"Follow mode did not start: {ui.without_paths(error.message)}"
        return
    st.query_params[FOLLOW_PARAM] = keys.code
    st.query_params[KEY_PARAM] = keys.key
    st.session_state[_synced_key(keys.code)] = spot


def audience_step() -> dict[str, str]:
    """Parameters any change an audience member makes adds (from the URL, for callbacks): ``own=1``."""
    params = st.query_params
    return {OWN_PARAM: "1"} if FOLLOW_PARAM in params and KEY_PARAM not in params else {}


def room_params(following: Following | None) -> dict[str, str]:
    """The follow parameters a link to the presenter's other window carries (code and key)."""
    if following is None:
        return {}
    params = {FOLLOW_PARAM: following.code}
    if following.presenter:
        params[KEY_PARAM] = following.key
    return params
