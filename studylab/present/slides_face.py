"""Streamlit face of presenting: the slide view, the presenter view, deck upload and the handout.

The URL is the only state of both views (``?deck=...&slide=...``, plus ``preset`` for a
slide's simulation, ``minutes`` and ``started`` for the presenter's timer, ``mode`` and
``blank`` for the screen): a link opens exactly the same slide on any machine, also right after
a server restart. Bad values are corrected by :func:`studylab.present.decks.parse_position`,
which says what it changed. In follow mode (``follow=CODE``, see
:mod:`studylab.present.follow_face`) the room in the database moves the URL; the keys are in
:mod:`studylab.present.keys_face`.
"""

from __future__ import annotations

import re
import time
import weakref
from datetime import UTC, datetime
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from studylab import figures as embeds
from studylab.content.catalog import find_page
from studylab.content.loader import Content, ContentError
from studylab.content.slides import Embed
from studylab.present import decks as dk
from studylab.present import follow_face as ui_follow
from studylab.present import handout
from studylab.present import keys_face as ui_keys
from studylab.present import position as pos
from studylab.present import uploads_face as ui_uploads
from studylab.present.figure_face import draw_figure, figure_for, fresh, slide_settings
from studylab.present.follow import BLANK_PARAM, FOLLOW_PARAM, KEY_PARAM, OWN_PARAM, Spot
from studylab.present.uploads import StoredDeck
from studylab.ui import site as ui
from studylab.ui import url_state as ui_url

PRESET_PARAM = "preset"
"""URL parameter: the preset of the current slide's (first) simulation."""
STARTED_PARAM = "started"
"""URL parameter of the presenter view: when the talk started (Unix seconds)."""
ROOM_PARAMS = (FOLLOW_PARAM, KEY_PARAM, OWN_PARAM)
SLIDES_KEEP = (*ROOM_PARAMS, *ui_keys.SCREEN_PARAMS)
"""What a step on the slide view keeps: the room and this screen's mode (the preset is the slide's)."""
PRESENTER_KEEP = (pos.MINUTES_PARAM, STARTED_PARAM, *ROOM_PARAMS, BLANK_PARAM)
"""What a step in the presenter view keeps: the timer, the room and the room's blank screen."""

SLIDE_CSS = """<style>
[class*="st-key-slide_body"] h1, [class*="st-key-slide_body"] h2 { font-size: 2.9rem; line-height: 1.15; }
[class*="st-key-slide_body"] h3 { font-size: 2.2rem; }
[class*="st-key-slide_body"] p, [class*="st-key-slide_body"] li { font-size: 1.7rem; line-height: 1.45; }
[class*="st-key-slide_body"] code { font-size: 1.35rem; }
.st-key-slide_text h1, .st-key-slide_text h2 { font-size: 2.3rem; line-height: 1.15; }
.st-key-slide_text p, .st-key-slide_text li { font-size: 1.3rem; line-height: 1.45; }
.st-key-deck_title h1 { font-size: 1.15rem; padding: 0; }
.st-key-upcoming h2 { font-size: 1.5rem; }
.st-key-notes p, .st-key-notes li { font-size: 1.35rem; line-height: 1.5; }
@media (max-width: 640px) {
  [class*="st-key-slide_body"] h1, [class*="st-key-slide_body"] h2 { font-size: 1.9rem; }
  [class*="st-key-slide_body"] p, [class*="st-key-slide_body"] li { font-size: 1.15rem; }
}
</style>"""
"""Projector-sized type for the slide (and readable notes, and a phone's own size); static CSS, no content."""

# --- Decks and figures ---------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)
def _built_in(content_id: int, _content: Content) -> tuple[weakref.ref[Content], dict[str, dk.Deck]]:
    # Keyed on the cached content object (ui.site() replaces it when a file changes).
    return weakref.ref(_content), dk.built_in_decks(_content)


def built_in_decks(content: Content) -> dict[str, dk.Deck]:
    """Custom and topic decks, built once per content version."""
    cached = _built_in(id(content), content)
    if not fresh(cached, content):  # a new content object reused a freed one's id
        _built_in.clear()
        cached = _built_in(id(content), content)
    return dict(cached[1])


def all_decks(content: Content) -> tuple[dict[str, dk.Deck], list[ContentError]]:
    """Built-in decks plus the decks uploaded to the database, and problems of uploads that broke."""
    decks, problems, _ = _all_decks(content)
    return decks, problems


def _all_decks(content: Content) -> tuple[dict[str, dk.Deck], list[ContentError], list[StoredDeck]]:
    decks = dict(built_in_decks(content))
    problems: list[ContentError] = list(dk.custom_decks(content)[1])
    listing = ui_uploads.uploaded_decks(content, decks, problems)
    return decks, problems, listing


def handout_for(content: Content, deck: dk.Deck) -> str:
    """The deck's handout HTML."""

    def draw(embed: Embed) -> tuple[go.Figure, str] | None:
        try:
            return figure_for(content, embed.spec, None)
        except (ValueError, ContentError):
            return None

    stamp = datetime.now(UTC).strftime("exported %Y-%m-%d %H:%M UTC")
    return handout.build_handout(deck, draw, stamp)


# --- Position from the URL --------------------------------------------------------------------


def _position(decks: dict[str, dk.Deck]) -> pos.Position:
    position = pos.parse_position(st.query_params.to_dict(), decks, default=next(iter(decks)))
    for notice in position.notices:
        st.warning(notice, icon=":material/link_off:")
    ui_keys.set_params(position.params(), keep=(PRESET_PARAM, STARTED_PARAM, *SLIDES_KEEP))
    return position


def _spot(position: pos.Position) -> Spot:
    params = st.query_params
    return Spot(position.deck.id, position.number, params.get(PRESET_PARAM) or None, params.get(BLANK_PARAM) == "1")


def _titles(decks: dict[str, dk.Deck]) -> dict[str, str]:
    return {deck_id: deck.title for deck_id, deck in decks.items()}


def _nav(position: pos.Position, keep: tuple[str, ...], extra: dict[str, str]) -> None:
    """Previous and next buttons (also on the arrow keys)."""
    back, ahead = st.columns(2)
    _buttons(position, back, ahead, keep, extra)


def _buttons(
    position: pos.Position, back: DeltaGenerator, ahead: DeltaGenerator, keep: tuple[str, ...], extra: dict[str, str]
) -> None:
    back.button(
        "Previous",
        icon=":material/arrow_back:",
        disabled=position.index == 0,
        on_click=ui_keys.step,
        args=(position, -1, keep, extra),
        shortcut="Left",
        width="stretch",
        key="previous_slide",
    )
    ahead.button(
        "Next",
        icon=":material/arrow_forward:",
        disabled=position.next_slide is None,
        on_click=ui_keys.step,
        args=(position, 1, keep, extra),
        shortcut="Right",
        width="stretch",
        key="next_slide",
        type="primary",
    )


def _counter(position: pos.Position, title: str = "") -> None:
    with st.container(key="deck_title"):
        st.title(f"{title}{position.deck.title}", anchor=False)
    source = position.slide.topic_title
    where = f" · {source}" if source != position.deck.title else ""
    st.caption(f"Slide {position.number} of {len(position.deck)}{where}")
    st.progress(position.number / len(position.deck))


# --- The slide view ----------------------------------------------------------------------------


def present_page() -> None:
    """The current slide in projector type, with previous/next, a counter and a progress bar."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(SLIDE_CSS)
    content = ui.site().content
    ui.table("decks")  # shows problems of data/decks.csv, if any
    decks, problems, listing = _all_decks(content)
    if not decks:
        st.error("There are no slides to show: no topic or deck could be loaded.", icon=":material/error:")
        return
    following = ui_follow.join_room(decks)
    extra = following.step_params() if following else {}
    if ui_keys.blank():
        ui_keys.blank_screen()
        if following:
            ui_follow.watch(following)
        return
    if ui_keys.projector():
        ui_keys.projector_style()
    position = _position(decks)
    if following:
        ui_follow.banner(following, _spot(position), _titles(decks))
    counter, back, ahead = st.columns([6, 1, 1], vertical_alignment="bottom")
    with counter:
        _counter(position)
    _buttons(position, back, ahead, SLIDES_KEEP, extra)
    with st.container(key="slide"):
        # A screen following the room shows the presenter's scenario without a picker of its own.
        follower = following is not None and not following.presenter and not following.own
        draw_slide(content, position, PRESET_PARAM, picker=not follower)
    ui_keys.key_bar(position, SLIDES_KEEP, extra, screen=True)
    with st.container(key="slide_tools"):
        _tools(content, decks, position, problems, listing, following)
    if following:
        ui_follow.watch(following)


def draw_slide(
    content: Content, position: pos.Position, preset_param: str | None, split: bool = True, picker: bool = True
) -> None:
    """A slide: text and figures side by side (``split``) or in order; the first simulation shows the
    preset ``preset_param`` names, with a picker unless ``picker`` is False."""
    slide = position.slide.slide
    if split and slide.text and slide.figures:
        text, figures = st.columns([5, 6], gap="large")
        with text, st.container(key="slide_text"):
            for block in slide.blocks:
                if not isinstance(block, Embed):
                    ui.markdown(block)
        with figures:
            _figures(content, slide.figures, preset_param, picker)
        return
    for number, block in enumerate(slide.blocks):
        if isinstance(block, Embed):
            _figures(content, (block,), preset_param if number == _first_figure(slide.blocks) else None, picker)
        elif split:
            with st.container(key=f"slide_body_{number}"):
                ui.markdown(block)
        else:
            ui.markdown(block)


def _first_figure(blocks: tuple[str | Embed, ...]) -> int:
    return next((i for i, block in enumerate(blocks) if isinstance(block, Embed)), -1)


def _figures(content: Content, figures: tuple[Embed, ...], preset_param: str | None, picker: bool) -> None:
    for number, embed in enumerate(figures):
        if not (preset_param and number == 0):
            draw_figure(content, embed.spec, None, key=f"slide_figure_{embed.line}_{number}")
            continue
        if not picker:  # a following screen shows the room's scenario, with nothing to change
            preset = _url_preset(content, embed, preset_param)
            draw_figure(content, embed.spec, preset, key=f"slide_figure_{embed.line}_{number}")
            continue
        # The first simulation: its scenario, then the figure, then its settings to change in front of the room.
        preset = _preset_picker(content, embed, preset_param)
        spot = st.container()
        changed = slide_settings(content, embed, preset)
        with spot:
            draw_figure(content, embed.spec, preset, key=f"slide_figure_{embed.line}_{number}", values=changed)


def _url_preset(content: Content, embed: Embed, param: str) -> str | None:
    """The preset the URL names for this figure, if it has it (else its default), without a picker."""
    try:
        ref = embeds.parse_spec(embed.spec)
    except ValueError:
        return None
    options = embeds.preset_options(content, ref)
    return pos.choose_preset(st.query_params.get(param), options, embeds.default_preset(content, ref))[0]


def _preset_picker(content: Content, embed: Embed, param: str) -> str | None:
    try:
        ref = embeds.parse_spec(embed.spec)
    except ValueError:
        return None
    options = embeds.preset_options(content, ref)
    if not options:
        return None
    default = embeds.default_preset(content, ref)
    chosen, notice = pos.choose_preset(st.query_params.get(param), options, default)
    if notice:
        st.warning(notice, icon=":material/link_off:")
        st.query_params.pop(param, None)
    # One widget per figure: a picker reused across slides with other options was seen to report
    # its first option on a phone when the slide changed, which would take a follower off the room.
    key = "preset_picker_" + re.sub(r"[^A-Za-z0-9_]", "_", embed.spec)
    if st.session_state.get(key) != chosen:
        st.session_state[key] = chosen
    st.selectbox(
        "Scenario",
        list(options),
        format_func=lambda preset: options[preset],
        key=key,
        on_change=_preset_to_url,
        args=(key, param, default),
    )
    return chosen


def _preset_to_url(key: str, param: str, default: str | None) -> None:
    chosen = st.session_state.get(key) or None
    if (chosen or default) == (st.query_params.get(param) or default):
        return  # nothing changed: no new URL, and a follower stays with the room
    ui_url.publish(param, chosen, default)
    for name, value in ui_follow.audience_step().items():  # an audience member's own scenario
        st.query_params[name] = value


def _presenter_path() -> str:
    page = find_page(ui.site().catalog, "presenter")
    return page.path if page else "pages/presenter.py"


def _present_path() -> str:
    page = find_page(ui.site().catalog, "present")
    return page.path if page else "pages/present.py"


def _tools(
    content: Content,
    decks: dict[str, dk.Deck],
    position: pos.Position,
    problems: list[ContentError],
    listing: list[StoredDeck],
    following: ui_follow.Following | None,
) -> None:
    left, middle, right = st.columns(3)
    with left:
        st.link_button(
            "Presenter view (new window)",
            _link("presenter", {**position.params(), **ui_follow.room_params(following)}),
            icon=":material/co_present:",
            width="stretch",
        )
    with middle, st.popover("Choose a deck", icon=":material/slideshow:", width="stretch"):
        _deck_picker(decks, position)
        ui_uploads.upload_panel(content, decks, listing, position.deck.id)
        for problem in problems:
            ui.content_error(problem, fatal=False)
    with right:
        st.download_button(
            "Handout (one HTML file)",
            data=lambda: handout_for(content, position.deck),
            file_name=handout.handout_name(position.deck),
            mime="text/html",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )


DECK_GROUPS = {"custom": "Tours across topics", "topic": "One topic each", "upload": "Uploaded"}
"""How the deck picker groups decks, by where they come from, in this order."""


def _deck_picker(decks: dict[str, dk.Deck], position: pos.Position) -> None:
    """Every deck at once, grouped (a drop-down would show only the first dozen until one types)."""
    st.caption(f"{len(decks)} decks. Now showing: **{position.deck.title}**.")
    wanted = st.text_input("Find a deck", placeholder="Part of a title", key="deck_find", max_chars=60)
    words = (wanted or "").casefold().split()
    found = {i: d for i, d in decks.items() if all(w in d.title.casefold() for w in words) or i == position.deck.id}
    if words and len(found) == 1 and position.deck.id in found:
        st.caption("No other deck has that in its title.")
    for source, heading in DECK_GROUPS.items():
        group = {deck_id: deck for deck_id, deck in found.items() if deck.source == source}
        if not group:
            continue
        key = f"deck_group_{source}_{position.deck.id}"
        st.pills(
            heading,
            list(group),
            default=position.deck.id if position.deck.id in group else None,
            format_func=lambda deck_id: f"{decks[deck_id].title} · {len(decks[deck_id])}",
            key=key,
            on_change=_pick_from_group,
            args=(key, position.deck.id),
            help="The number after each title is its count of slides.",
        )


def _pick_from_group(key: str, current: str) -> None:
    if st.session_state.get(key) is None:  # a second click on the deck shown: stay on it
        st.session_state[key] = current
        return
    _pick_deck(key)


def _pick_deck(key: str) -> None:
    params = {pos.DECK_PARAM: st.session_state[key], pos.SLIDE_PARAM: "1", **ui_follow.audience_step()}
    ui_keys.set_params(params, keep=SLIDES_KEEP)


def _link(page: str, params: dict[str, str]) -> str:
    return f"{page}?{urlencode(params)}"


# --- The presenter view ---------------------------------------------------------------------------


def presenter_page() -> None:
    """Speaker notes, the next slide and a timer with a pacing target, for a second screen."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(SLIDE_CSS)
    content = ui.site().content
    decks, _ = all_decks(content)
    if not decks:
        st.error("There are no slides to show: no topic or deck could be loaded.", icon=":material/error:")
        return
    following = ui_follow.join_room(decks)
    extra = following.step_params() if following else {}
    position = _position(decks)
    if following:
        ui_follow.banner(following, _spot(position), _titles(decks))
    _counter(position, "Presenter view: ")
    now_col, side = st.columns([3, 2], gap="large")
    with now_col:
        st.markdown("##### Speaker notes")
        with st.container(key="notes", border=True):
            ui.markdown(position.slide.slide.notes or "*No notes for this slide.*")
        _nav(position, PRESENTER_KEEP, extra)
        ui_keys.key_bar(position, PRESENTER_KEEP, extra, screen=False, room=bool(following and following.presenter))
        if ui_keys.blank() and following and following.presenter:
            st.info(
                "The room's screens are blank. Press B (or the button) to show them the slide.",
                icon=":material/tv_off:",
            )
        with st.expander("This slide", expanded=True):
            draw_slide(content, position, None, split=False)
    with side:
        _timer(position)
        ui_follow.room_panel(_spot(position), following)
        st.markdown("##### Next slide")
        upcoming = position.next_slide
        with st.container(border=True, key="upcoming"):
            if upcoming is None:
                st.markdown("*This is the last slide.*")
            else:
                ui.markdown(upcoming.slide.text or "*(a figure)*")
                for embed in upcoming.slide.figures:
                    st.caption(f"Figure: `{embed.spec}`")
        st.link_button(
            "Open the slides (new window)",
            _link("present", {**position.params(), **ui_follow.room_params(following)}),
            icon=":material/slideshow:",
            width="stretch",
        )
    if following:
        ui_follow.watch(following)


def _started() -> float | None:
    value, notice = pos.parse_started(st.query_params.get(STARTED_PARAM), time.time())
    if notice:
        st.warning(notice, icon=":material/link_off:")
        st.query_params.pop(STARTED_PARAM, None)
    return value


def _start_timer() -> None:
    st.query_params[STARTED_PARAM] = str(int(time.time()))


def _stop_timer() -> None:
    st.query_params.pop(STARTED_PARAM, None)


@st.fragment(run_every=1)
def _timer(position: pos.Position) -> None:
    started = _started()  # read here: the buttons below rerun only this fragment
    target = position.target_minutes
    st.markdown(f"##### Timer · target {pos.clock(target * 60)}")
    if started is None:
        st.button("Start the timer", icon=":material/timer:", on_click=_start_timer, key="start_timer")
        return
    pace = pos.pacing(position, time.time() - started)
    first, second = st.columns(2)
    first.metric("Elapsed", pos.clock(pace.elapsed_s))
    second.metric(
        "Plan reaches this slide at",
        pos.clock(pace.planned_s),
        delta=pace.verdict,
        delta_color="normal" if (pace.ahead or pace.behind) else "off",
        delta_arrow="off",
    )
    st.progress(min(pace.elapsed_s / (target * 60), 1.0), text=f"{pos.clock(pace.remaining_s)} left of the talk")
    st.button("Reset the timer", icon=":material/restart_alt:", on_click=_stop_timer, key="reset_timer")
