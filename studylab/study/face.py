"""Streamlit parts shared by the quiz, flashcards and progress pages (each has its own ``*_face`` module).

The logic lives in :mod:`studylab.study`; these modules draw widgets, keep the
per-tab state (the current question, answers waiting for the database) and turns
database problems into messages. Every answer goes to the database the moment
it is given; if the database is away, it waits in this browser tab's session and
is saved on the next run that reaches the database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import ParamSpec
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from studylab.content.catalog import Page, find_page
from studylab.storage.database import Database, StoreError, database_url
from studylab.study.answers import AnswerEvent, Settings
from studylab.study.bank import (
    Question,
    build_bank,
    label,
    merge_banks,
)
from studylab.study.beliefs import Belief, build_beliefs
from studylab.study.schedule import CardState
from studylab.study.store import QuizStore
from studylab.ui import cache
from studylab.ui import site as ui
from studylab.ui import url_state as ui_url

P = ParamSpec("P")

PENDING = "quiz_pending"
"""Session key: answers not yet in the database, oldest first."""
LEARNER = "learner"
"""URL parameter of the chosen profile."""
CHOSEN = "quiz_learner"
"""Session key remembering the profile across pages."""
PICKER = "learner_picker"
"""Session key of the profile selectbox."""
ALL = "all"
"""The topic selector's value for every topic."""

TRUSTED_GROUP = (
    "Profiles have no password: anyone using this app can open any profile. "
    "It is meant for a study group that trusts each other."
)


def guarded(draw: Callable[P, None]) -> Callable[P, None]:
    """Run a page part; a database problem inside it becomes a message, and the page stays up."""

    @functools.wraps(draw)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            draw(*args, **kwargs)
        except StoreError as error:
            database_error(error)

    return run


# --- Database and bank -------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def quiz_store_at(url: str) -> QuizStore:
    """The quiz store on the database at ``url``: one engine per process and URL."""
    # One engine (and connection pool) per process and URL; a failure is not cached.
    database = Database(url)
    database.create_all()
    return QuizStore(database)


def quiz_store() -> QuizStore | None:
    """The quiz store for the configured database, or None after showing why it is unavailable."""
    url = database_url()
    try:
        return quiz_store_at(url)
    except StoreError as error:
        database_error(error)
        return None


def database_error(error: StoreError) -> None:
    """Show a database problem in words a student can act on; where the database lives is for
    whoever runs the server (``python -m studylab db check`` says it), never shown on the page."""
    st.error(
        f"**Progress cannot be saved right now.** {ui.without_paths(error.message)}  \n"
        "Whoever runs this Study Lab can find out why with `python -m studylab db check`.",
        icon=":material/database_off:",
    )


def bank(store: QuizStore | None) -> dict[str, Question]:
    """The built-in questions plus every imported deck (built-in ids win); bank problems are shown."""
    frame = ui.table("questions")
    built_in = {} if frame is None else cache.cached(build_bank, frame)
    if store is None:
        return built_in
    try:
        imported = store.deck_questions()
    except StoreError:
        imported = {}
    return merge_banks(built_in, imported)


def beliefs() -> dict[str, Belief]:
    """The misconceptions table by tag (empty if the table has a problem, which the check reports)."""
    frame = ui.table("misconceptions")
    return {} if frame is None else cache.cached(build_beliefs, frame)


def topic_title(topic_id: str) -> str:
    topic = ui.site().content.topics.get(topic_id)
    return topic.meta.title if topic else label(topic_id)


def topic_ids(questions: Mapping[str, Question]) -> list[str]:
    """Every topic in menu order, then topics only imported decks use."""
    ordered = [t.id for t in ui.site().content.topics_in_order()]
    return ordered + sorted({q.topic for q in questions.values()} - set(ordered))


def learner_timezone() -> str:
    """The browser's time zone (for "today"), or UTC when unknown."""
    zone = st.context.timezone or "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return zone


def setup(page: Page | None, fallback_title: str) -> tuple[QuizStore | None, dict[str, Question], str | None]:
    """Title, database, waiting answers, the bank and the profile: what every study page starts with."""
    st.title(page.title if page else fallback_title)
    if page is not None:
        st.caption(page.summary)
    store = quiz_store()
    flush(store)
    pending_notice()
    questions = bank(store)
    # The tables that feedback and progress read: a problem in them shows on every study page at once.
    beliefs()
    ui.table("quiz_concepts")
    return store, questions, profile(store)


# --- Profiles -------------------------------------------------------------------------


def _create_profile(store: QuizStore) -> None:
    try:
        name = store.add_learner(st.session_state.get("new_learner", ""))
    except (ValueError, StoreError) as error:
        st.session_state["profile_problem"] = getattr(error, "message", str(error))
        return
    st.session_state.pop("profile_problem", None)
    _choose(name)
    st.session_state["new_learner"] = ""


def _choose(name: str | None) -> None:
    """Make ``name`` the tab's profile: the session remembers it and the URL says it."""
    st.session_state[CHOSEN] = name
    st.session_state[PICKER] = name
    if name:
        st.query_params[LEARNER] = name
    else:
        st.query_params.pop(LEARNER, None)


def _picked() -> None:
    _choose(st.session_state.get(PICKER))


def current_learner(names: list[str]) -> str | None:
    """The tab's profile: a ``?learner=`` link wins, else the one chosen earlier in this tab.

    Menu links carry no query, so the session keeps the choice from page to page and the
    URL is given it back: a link copied from any study page opens the same profile.
    """
    linked = st.query_params.get(LEARNER)
    chosen = linked if linked and (linked in names or not names) else st.session_state.get(CHOSEN)
    if chosen and names and chosen not in names:
        chosen = None  # a profile that no longer exists
    if chosen != st.session_state.get(CHOSEN) or (chosen and st.query_params.get(LEARNER) != chosen):
        _choose(chosen)
    return chosen


def profile(store: QuizStore | None) -> str | None:
    """Pick or create a profile; the choice stays in the URL and across pages. None until chosen."""
    names: list[str] = []
    if store is not None:
        try:
            names = store.learners()
        except StoreError as error:
            database_error(error)
    learner = current_learner(names)
    if learner and learner not in names:
        names = [learner]  # the database is away: keep working under the chosen name
    st.session_state[PICKER] = learner
    pick, create = st.columns([3, 2], vertical_alignment="bottom")
    with pick:
        st.selectbox(
            "Your profile",
            names,
            key=PICKER,
            placeholder="Pick your name",
            on_change=_picked,
            help=TRUSTED_GROUP,
        )
    with create, st.popover("New profile", icon=":material/person_add:", disabled=store is None):
        st.text_input("Your name", key="new_learner", max_chars=40)
        st.button("Create profile", on_click=_create_profile, args=(store,), type="primary")
        st.caption(TRUSTED_GROUP)
    if st.session_state.get("profile_problem"):
        st.error(st.session_state["profile_problem"])
    if learner is None:
        st.info("Pick your name, or create a profile, to start. " + TRUSTED_GROUP, icon=":material/person:")
    return learner


# --- Saving answers -------------------------------------------------------------------


def save(store: QuizStore | None, event: AnswerEvent) -> None:
    """Keep the answer in the session, then try to write every waiting answer."""
    st.session_state.setdefault(PENDING, []).append(event)
    if not flush(store):
        pending_notice()


def flush(store: QuizStore | None) -> bool:
    """Write waiting answers in order; True when none is left waiting."""
    pending: list[AnswerEvent] = st.session_state.setdefault(PENDING, [])
    if store is None:
        return not pending
    while pending:
        try:
            store.record(pending[0])
        except StoreError as error:
            st.session_state["quiz_save_problem"] = error.message
            return False
        pending.pop(0)
    st.session_state.pop("quiz_save_problem", None)
    return True


def pending_notice() -> None:
    """Say how many answers wait for the database, and offer to retry now."""
    pending = st.session_state.get(PENDING) or []
    if not pending:
        return
    problem = st.session_state.get("quiz_save_problem", "The progress database is not available.")
    with st.container(border=True):
        st.warning(
            f"**{len(pending)} answer(s) not saved yet.** {problem}  \n"
            "They are kept in this browser tab and will be saved as soon as the database is back; "
            "keep this tab open until this message goes away.",
            icon=":material/sync_problem:",
        )
        st.button("Retry saving now", icon=":material/refresh:", key=f"retry_saving_{len(pending)}")


def pending_ids() -> set[str]:
    return {event.question_id for event in st.session_state.get(PENDING) or []}


def history(store: QuizStore | None, learner: str) -> pd.DataFrame:
    """The learner's answers: stored ones plus those waiting to be saved."""
    frame = pd.DataFrame(columns=["question_id", "topic", "mode", "correct", "misconceptions", "answered_at"])
    if store is not None:
        try:
            frame = store.attempts(learner)
        except StoreError as error:
            database_error(error)
    waiting = [e for e in st.session_state.get(PENDING) or [] if e.learner == learner]
    if waiting:
        extra = pd.DataFrame(
            {
                "question_id": [e.question_id for e in waiting],
                "topic": [e.topic for e in waiting],
                "mode": [e.mode for e in waiting],
                "correct": [e.correct for e in waiting],
                "misconceptions": ["|".join(e.misconceptions) for e in waiting],
                "answered_at": pd.to_datetime([e.answered_at for e in waiting], utc=True),
            }
        )
        frame = extra if frame.empty else pd.concat([frame, extra], ignore_index=True)
    return frame


def learner_settings(store: QuizStore | None, learner: str) -> Settings:
    """The learner's study settings; all off when the database is away."""
    if store is None:
        return Settings()
    try:
        return store.settings(learner)
    except StoreError:
        return Settings()


def setting_toggle(store: QuizStore | None, learner: str, name: str, label: str, help: str) -> bool:
    """A switch for one of the learner's settings (``name`` is a field of :class:`Settings`), saved when flipped."""
    current = learner_settings(store, learner)
    key = f"setting_{name}_{learner}"
    st.toggle(
        label, value=getattr(current, name), key=key, help=help, on_change=_save_setting, args=(store, learner, name)
    )
    return bool(st.session_state.get(key, getattr(current, name)))


def _save_setting(store: QuizStore | None, learner: str, name: str) -> None:
    if store is None:
        return
    value = bool(st.session_state.get(f"setting_{name}_{learner}"))
    try:
        store.save_settings(learner, replace(learner_settings(store, learner), **{name: value}))
    except StoreError as error:
        database_error(error)


def cards(store: QuizStore | None, learner: str) -> dict[str, CardState]:
    if store is None:
        return {}
    try:
        return store.cards(learner)
    except StoreError as error:
        database_error(error)
        return {}


# --- Links and topics ---------------------------------------------------------------------


def teach_link(question: Question) -> None:
    """A link to the page (and state) that teaches the question."""
    catalog = ui.site().catalog
    page = find_page(catalog, question.link_page or "") or find_page(catalog, question.topic)
    if page is None:
        return
    params = question.link_params if page.slug == question.link_page else {}
    ui.page_link(page.path, label=f"Learn it: {page.title}", icon=":material/school:", query_params=params or None)


def topic_picker(questions: Mapping[str, Question], allow_all: bool) -> str | None:
    """The topic selector, in the URL as ``?topic=<id>`` (topic pages link here with it)."""
    options = ([ALL] if allow_all else []) + topic_ids(questions)
    ui_url.seed("topic", options)
    topic = st.selectbox(
        "Topic", options, key="topic", format_func=lambda t: "All topics" if t == ALL else topic_title(t)
    )
    ui_url.publish("topic", topic, options[0])
    return topic
