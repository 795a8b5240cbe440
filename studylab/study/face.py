"""Streamlit parts of the quiz, flashcards and progress pages.

The logic lives in :mod:`studylab.study`; this module draws widgets, keeps the
per-tab state (the current question, answers waiting for the database) and turns
database problems into messages. Every answer goes to the database the moment
it is given; if the database is away, it waits in this browser tab's session and
is saved on the next run that reaches the database.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from studylab.content.catalog import Page, find_page
from studylab.content.loader import content_root, fingerprint
from studylab.storage.database import Database, StoreError, database_url
from studylab.study.bank import (
    BUILT_IN,
    Mark,
    Question,
    Response,
    build_bank,
    label,
    mark,
    matching_layout,
    merge_banks,
    option_order,
    ordering_layout,
    parse_number,
    response_text,
    right_answer_text,
)
from studylab.study.modes import (
    MODE_LABELS,
    SCHEDULED_MODES,
    History,
    cram_queue,
    exam_questions,
    exam_report,
    exam_time_limit,
    flashcard_queue,
    mistakes_queue,
    practice_queue,
)
from studylab.study.question_deck import MAX_DECK_BYTES, MAX_DECK_ROWS, check_deck, deck_csv
from studylab.study.schedule import RATING_NAMES, RATINGS, CardState, describe_interval, preview, rating_for
from studylab.study.stats import (
    day_start,
    due_counts,
    overview,
    progress_table,
    repeated_misconceptions,
    review_calendar,
)
from studylab.study.store import AnswerEvent, Exam, QuizStore, utcnow
from studylab.ui import site as ui
from studylab.ui import url_state as ui_url

P = ParamSpec("P")

PENDING = "quiz_pending"
"""Session key: answers not yet in the database, oldest first."""
LEARNER = "learner"
"""Widget key and URL parameter of the chosen profile."""
CHOSEN = "quiz_learner"
"""Session key remembering the profile across pages."""
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
def _quiz_store(url: str) -> QuizStore:
    # One engine (and connection pool) per process and URL; a failure is not cached.
    database = Database(url)
    database.create_all()
    return QuizStore(database)


def quiz_store() -> QuizStore | None:
    """The quiz store for the configured database, or None after showing why it is unavailable."""
    url = database_url()
    try:
        return _quiz_store(url)
    except StoreError as error:
        database_error(error)
        return None


def database_error(error: StoreError) -> None:
    """Show a database problem, with where the database is configured."""
    # The database's URL and file path stay on the server (`python -m studylab db check` shows them).
    st.error(
        f"**Progress cannot be saved right now.** {ui.without_paths(error.message)}",
        icon=":material/database_off:",
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _built_in_bank(root: str, stamp: tuple[tuple[str, int, int], ...], _frame: pd.DataFrame) -> dict[str, Question]:
    # Keyed by the content stamp; the frame itself is not hashed (leading underscore).
    return build_bank(_frame)


def bank(store: QuizStore | None) -> dict[str, Question]:
    """The built-in questions plus every imported deck (built-in ids win); bank problems are shown."""
    root = content_root()
    frame = ui.table("questions")
    built_in = {} if frame is None else _built_in_bank(str(root), fingerprint(root), frame)
    if store is None:
        return built_in
    try:
        imported = store.deck_questions()
    except StoreError:
        imported = {}
    return merge_banks(built_in, imported)


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
    return store, questions, profile(store)


# --- Profiles -------------------------------------------------------------------------


def _create_profile(store: QuizStore) -> None:
    try:
        name = store.add_learner(st.session_state.get("new_learner", ""))
    except (ValueError, StoreError) as error:
        st.session_state["profile_problem"] = getattr(error, "message", str(error))
        return
    st.session_state.pop("profile_problem", None)
    st.session_state[LEARNER] = name
    st.session_state["new_learner"] = ""


def profile(store: QuizStore | None) -> str | None:
    """Pick or create a profile; the choice stays in the URL and across pages. None until chosen."""
    names: list[str] = []
    if store is not None:
        try:
            names = store.learners()
        except StoreError as error:
            database_error(error)
    # Widget state is dropped on a page switch: carry the choice over in a plain session key.
    current = st.session_state.get(LEARNER) or st.query_params.get(LEARNER) or st.session_state.get(CHOSEN)
    if current and current not in names and not names:
        names = [current]  # the database is away: keep working under the chosen name
    if not st.session_state.get(LEARNER) and current in names:
        st.session_state[LEARNER] = current
    pick, create = st.columns([3, 2], vertical_alignment="bottom")
    with pick:
        learner = st.selectbox(
            "Your profile",
            names,
            index=None,
            key=LEARNER,
            placeholder="Pick your name",
            bind="query-params",
            help=TRUSTED_GROUP,
        )
    st.session_state[CHOSEN] = learner
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


def cards(store: QuizStore | None, learner: str) -> dict[str, CardState]:
    if store is None:
        return {}
    try:
        return store.cards(learner)
    except StoreError as error:
        database_error(error)
        return {}


# --- Asking one question -----------------------------------------------------------------


def ask(question: Question, learner: str, key: str) -> tuple[bool, Response]:
    """Draw the question as a form; returns (submitted, response). An incomplete answer is None."""
    st.markdown(f"**{question.prompt}**")
    with st.form(key=f"form_{key}", border=True):
        response = _answer_widgets(question, learner, key)
        submitted = st.form_submit_button("Check answer", type="primary")
    return submitted, response


def _answer_widgets(question: Question, learner: str, key: str) -> Response:
    kind = question.type
    if kind in ("single", "scenario"):
        choice = st.radio(
            "Choose one",
            option_order(question, learner),
            index=None,
            format_func=lambda n: question.options[n - 1],
            key=f"{key}_radio",
        )
        return None if choice is None else int(choice)
    if kind == "multiple":
        st.caption("Choose every right option.")
        chosen = {
            n for n in option_order(question, learner) if st.checkbox(question.options[n - 1], key=f"{key}_check_{n}")
        }
        return frozenset(chosen) if chosen else None
    if kind == "true_false":
        value = st.radio(
            "True or false?",
            [True, False],
            index=None,
            format_func=lambda b: "True" if b else "False",
            horizontal=True,
            key=f"{key}_tf",
        )
        return None if value is None else bool(value)
    if kind == "matching":
        lefts, rights = matching_layout(question, learner)
        pairs = {
            left: st.selectbox(left, rights, index=None, placeholder="Choose a match", key=f"{key}_match_{i}")
            for i, left in enumerate(lefts)
        }
        return None if any(v is None for v in pairs.values()) else {k: str(v) for k, v in pairs.items()}
    if kind == "ordering":
        items = ordering_layout(question, learner)
        order = st.multiselect(
            "Click the items in order, first to last",
            items,
            key=f"{key}_order",
            placeholder="Click the first item",
        )
        return list(order) if len(order) == len(items) else None
    text = st.text_input("Your answer (a number)", key=f"{key}_number", placeholder="e.g. 99.5")
    return parse_number(text)


def feedback(question: Question, result: Mark) -> None:
    """After an answer: right or wrong, the right answer, why, the misconception, and where to learn it."""
    if result.correct:
        st.success("**Right.** " + question.explanation, icon=":material/check_circle:")
        return
    detail = f" ({result.detail})" if result.detail else ""
    st.error(f"**Not quite{detail}.** The right answer:", icon=":material/cancel:")
    st.markdown(right_answer_text(question))
    st.markdown(f"**Why:** {question.explanation}")
    for tag in result.misconceptions:
        st.warning(f"**Misconception:** {label(tag)}", icon=":material/psychology_alt:")
    teach_link(question)


def teach_link(question: Question) -> None:
    """A link to the page (and state) that teaches the question."""
    catalog = ui.site().catalog
    page = find_page(catalog, question.link_page or "") or find_page(catalog, question.topic)
    if page is None:
        return
    params = question.link_params if page.slug == question.link_page else {}
    st.page_link(page.path, label=f"Learn it: {page.title}", icon=":material/school:", query_params=params or None)


def event_for(learner: str, question: Question, result: Mark, mode: str, exam_id: int | None = None) -> AnswerEvent:
    """The answer to store; modes other than cram also review the question's card."""
    return AnswerEvent(
        learner=learner,
        question_id=question.id,
        topic=question.topic,
        mode=mode,
        correct=result.correct,
        response=result.response,
        misconceptions=result.misconceptions,
        rating=int(rating_for(result.correct)) if mode in SCHEDULED_MODES else None,
        exam_id=exam_id,
    )


# --- Quiz page: a run of questions --------------------------------------------------------


@dataclass
class Run:
    """A sequence of questions being answered in this tab."""

    signature: tuple[Any, ...]
    queue: list[str]
    position: int = 0
    answered: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Question id -> the stored Mark fields, for questions answered in this run."""


def _run(signature: tuple[Any, ...], make_queue: Callable[[], list[str]]) -> Run:
    run: Run | None = st.session_state.get("quiz_run")
    if run is None or run.signature != signature:
        run = Run(signature=signature, queue=make_queue())
        st.session_state["quiz_run"] = run
    return run


def _next(run: Run) -> None:
    run.position += 1


def _restart() -> None:
    st.session_state.pop("quiz_run", None)


def question_run(store: QuizStore | None, learner: str, questions: Mapping[str, Question], mode: str, run: Run) -> None:
    """Ask the run's questions one by one, with feedback after each."""
    queue = [qid for qid in run.queue if qid in questions]
    if not queue:
        st.info("No questions here yet.")
        return
    if run.position >= len(queue):
        right = sum(a["correct"] for a in run.answered.values())
        st.success(f"Done: {right} of {len(run.answered)} right this round.", icon=":material/flag:")
        st.button("Start again", on_click=_restart, icon=":material/replay:")
        return
    qid = queue[run.position]
    question = questions[qid]
    st.progress(
        run.position / len(queue), text=f"Question {run.position + 1} of {len(queue)} · {topic_title(question.topic)}"
    )
    key = hashlib.sha1(repr((run.signature, run.position, qid)).encode()).hexdigest()[:12]
    done = run.answered.get(qid)
    if done is not None:
        st.markdown(f"**{question.prompt}**")
        with st.container(border=True):
            st.markdown("Your answer:\n\n" + response_text(question, done["response"]))
        feedback(question, Mark(**done))
        st.button("Next question", on_click=_next, args=(run,), type="primary", icon=":material/arrow_forward:")
        return
    submitted, response = ask(question, learner, key)
    if submitted:
        if response is None:
            st.warning("Answer every part first.", icon=":material/edit:")
        else:
            result = mark(question, response)
            run.answered[qid] = {
                "correct": result.correct,
                "misconceptions": result.misconceptions,
                "response": result.response,
                "detail": result.detail,
            }
            save(store, event_for(learner, question, result, mode))
            st.rerun()  # show the answer given, with the feedback under it


def topic_picker(questions: Mapping[str, Question], allow_all: bool) -> str | None:
    """The topic selector, in the URL as ``?topic=<id>`` (topic pages link here with it)."""
    options = ([ALL] if allow_all else []) + topic_ids(questions)
    ui_url.seed("topic", options)
    topic = st.selectbox(
        "Topic", options, key="topic", format_func=lambda t: "All topics" if t == ALL else topic_title(t)
    )
    ui_url.publish("topic", topic, options[0])
    return topic


def practice(store: QuizStore | None, learner: str, questions: Mapping[str, Question], topic: str | None) -> None:
    if topic is None:
        return
    scope = None if topic == ALL else topic

    def queue() -> list[str]:
        done = History.from_attempts(history(store, learner))
        if scope is None:
            return [q for t in topic_ids(questions) for q in practice_queue(questions, t, learner, done)]
        return practice_queue(questions, scope, learner, done)

    question_run(store, learner, questions, "practice", _run(("practice", learner, topic), queue))


def mistakes(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    done = History.from_attempts(history(store, learner))
    wrong = mistakes_queue(questions, done)
    run = _run(("mistakes", learner), lambda: wrong)
    if not run.queue:
        st.success("No mistakes to review: every question you got wrong, you have since got right.")
        return
    st.caption(f"{len(run.queue)} question(s) whose latest answer was wrong.")
    question_run(store, learner, questions, "mistakes", run)


def cram(store: QuizStore | None, learner: str, questions: Mapping[str, Question], topic: str | None) -> None:
    st.caption("Cram mode: answers are kept in your history, but your review schedule stays as it is.")
    scope = None if topic in (None, ALL) else topic
    seed = st.session_state.setdefault("cram_seed", utcnow().isoformat())
    run = _run(("cram", learner, topic, seed), lambda: cram_queue(questions, learner, scope, seed))
    question_run(store, learner, questions, "cram", run)


# --- Quiz page: timed exam -------------------------------------------------------------------


def exam(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """A mixed, timed exam stored in the database (it survives a reload), then its score report."""
    if store is None:
        st.info("The timed exam needs the progress database.")
        return
    try:
        current = store.latest_exam(learner)
    except StoreError as error:
        database_error(error)
        return
    now = utcnow()
    if current is not None and current.finished_at is None and current.time_left(now) <= timedelta(0):
        _finish(store, current, now)
        current = store.latest_exam(learner)
    if current is None or current.finished_at is not None:
        _exam_setup(store, learner, questions)
        if current is not None:
            st.divider()
            _exam_report(store, current, questions)
        return
    _exam_in_progress(store, learner, questions, current)


def _finish(store: QuizStore, current: Exam, now: datetime) -> None:
    if flush(store):
        try:
            store.finish_exam(current.id, now)
        except StoreError as error:
            database_error(error)


def _exam_setup(store: QuizStore, learner: str, questions: Mapping[str, Question]) -> None:
    with st.form("exam_setup"):
        st.markdown("**New exam**: questions from every topic, one attempt each, a clock running.")
        count = st.select_slider("Questions", [5, 10, 20, 30, 40], value=20)
        chosen = st.multiselect(
            "Topics (leave empty for all)", topic_ids(questions), format_func=topic_title, placeholder="All topics"
        )
        start = st.form_submit_button("Start the exam", type="primary", icon=":material/timer:")
    limit = exam_time_limit(count)
    st.caption(
        f"{limit.total_seconds() / 60:.0f} minutes for {count} questions. Reloading the page does not stop the clock."
    )
    if start:
        ids = exam_questions(questions, count, seed=f"{learner}|{utcnow().isoformat()}", topics=chosen or None)
        if not ids:
            st.warning("No questions for these topics yet.")
            return
        try:
            store.start_exam(learner, ids, exam_time_limit(len(ids)), utcnow())
        except StoreError as error:
            database_error(error)
            return
        st.rerun()


def _exam_in_progress(store: QuizStore, learner: str, questions: Mapping[str, Question], current: Exam) -> None:
    results = store.exam_results(current.id)
    results.update({e.question_id: e.correct for e in st.session_state.get(PENDING) or [] if e.exam_id == current.id})
    remaining = [q for q in current.question_ids if q not in results and q in questions]
    _clock(current)
    if not remaining:
        _finish(store, current, utcnow())
        st.rerun()
    qid = remaining[0]
    question = questions[qid]
    done = len(current.question_ids) - len(remaining)
    st.progress(done / len(current.question_ids), text=f"Question {done + 1} of {len(current.question_ids)}")
    submitted, response = ask(question, learner, f"exam_{current.id}_{qid}")
    if submitted:
        if response is None:
            st.warning("Answer every part first (or finish the exam).", icon=":material/edit:")
        elif current.time_left(utcnow()) <= timedelta(0):
            st.warning("Time is up: this answer came after the end of the exam.")
            _finish(store, current, utcnow())
            st.rerun()
        else:
            save(store, event_for(learner, question, mark(question, response), "exam", current.id))
            st.rerun()
    if st.button("Finish the exam now", icon=":material/stop_circle:"):
        _finish(store, current, utcnow())
        st.rerun()


@st.fragment(run_every=timedelta(seconds=10))
def _clock(current: Exam) -> None:
    left = current.time_left(utcnow())
    if left <= timedelta(0):
        st.rerun(scope="app")
    minutes, seconds = divmod(int(left.total_seconds()), 60)
    ends = current.deadline.astimezone(ZoneInfo(learner_timezone())).strftime("%H:%M")
    st.markdown(f":material/timer: **{minutes}:{seconds:02d}** left (the exam ends at {ends})")


def _exam_report(store: QuizStore, current: Exam, questions: Mapping[str, Question]) -> None:
    try:
        results = store.exam_results(current.id)
    except StoreError as error:
        database_error(error)
        return
    finished = current.finished_at or utcnow()
    report = exam_report(questions, current.question_ids, results, current.started_at, finished)
    st.subheader("Your last exam")
    score, answered, used = st.columns(3)
    score.metric("Score", f"{report.score:.0%}", help=f"{report.right} of {report.total} right", border=True)
    answered.metric("Answered", f"{report.answered} of {report.total}", border=True)
    used.metric("Time used", f"{report.seconds_used / 60:.1f} min", border=True)
    by_topic = report.by_topic.assign(topic=report.by_topic["topic"].map(topic_title))
    st.dataframe(
        by_topic,
        hide_index=True,
        column_config={
            "topic": "Topic",
            "questions": "Questions",
            "right": "Right",
            "score": st.column_config.ProgressColumn("Score", format="percent", min_value=0, max_value=1),
        },
    )
    st.dataframe(
        report.by_difficulty,
        hide_index=True,
        column_config={
            "difficulty": "Difficulty (1 recall, 2 understanding, 3 application)",
            "questions": "Questions",
            "right": "Right",
            "score": st.column_config.ProgressColumn("Score", format="percent", min_value=0, max_value=1),
        },
    )
    if report.wrong:
        st.markdown(f"**To review ({len(report.wrong)})**")
        for qid in report.wrong:
            question = questions[qid]
            with st.expander(question.prompt):
                st.markdown("**Right answer:**\n\n" + right_answer_text(question))
                st.markdown(f"**Why:** {question.explanation}")
                teach_link(question)


# --- Quiz page ----------------------------------------------------------------------------------


@guarded
def quiz_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Mode picker and the chosen mode."""
    modes = list(MODE_LABELS)
    seeded = ui_url.seed("mode", modes)
    mode = st.segmented_control(
        "Mode",
        modes,
        format_func=MODE_LABELS.__getitem__,
        required=True,
        key="mode",
        default=None if seeded else modes[0],
    )
    ui_url.publish("mode", mode, modes[0])
    if mode in ("practice", "cram"):
        topic = topic_picker(questions, allow_all=True)
        if mode == "practice":
            practice(store, learner, questions, topic)
        else:
            cram(store, learner, questions, topic)
    elif mode == "mistakes":
        mistakes(store, learner, questions)
    elif mode == "exam":
        exam(store, learner, questions)


# --- Flashcards --------------------------------------------------------------------------------


def _rate(store: QuizStore | None, learner: str, question: Question, rating: int) -> None:
    st.session_state.pop("card_shown", None)
    event = AnswerEvent(
        learner=learner,
        question_id=question.id,
        topic=question.topic,
        mode="flashcards",
        correct=rating != 1,
        response=f"rated {RATING_NAMES[RATINGS[rating - 1]].lower()}",
        rating=rating,
    )
    st.session_state.setdefault(PENDING, []).append(event)


@guarded
def flashcards_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Due cards first, then new ones; show the answer, then rate Again / Hard / Good / Easy."""
    topic = topic_picker(questions, allow_all=True)
    scope = None if topic in (None, ALL) else topic
    now = utcnow()
    known = cards(store, learner)
    new_today = 0
    if store is not None:
        try:
            new_today = store.new_cards_since(learner, day_start(now, learner_timezone()))
        except StoreError:
            new_today = 0
    waiting = pending_ids()
    queue = [q for q in flashcard_queue(questions, known, now, learner, new_today, scope) if q not in waiting]
    due_now = sum(1 for q in queue if q in known)
    counts = due_counts(known, now, learner_timezone())
    left, middle, right = st.columns(3)
    left.metric("Due now", due_now, border=True)
    middle.metric("New today", len(queue) - due_now, border=True)
    right.metric("Due this week", counts.week, border=True)
    if not queue:
        st.success("Nothing is due. Come back later, or practise in the quiz.", icon=":material/celebration:")
        return
    question = questions[queue[0]]
    card = known.get(question.id, CardState.new(now))
    with st.container(border=True):
        st.caption(f"{topic_title(question.topic)} · {'review' if question.id in known else 'new card'}")
        st.markdown(f"#### {question.prompt}")
        _card_front(question, learner)
    if st.session_state.get("card_shown") != question.id:
        if st.button("Show answer", type="primary", icon=":material/visibility:"):
            st.session_state["card_shown"] = question.id
            st.rerun()
        return
    with st.container(border=True):
        st.markdown("**Answer**")
        st.markdown(right_answer_text(question))
        st.markdown(question.explanation)
        teach_link(question)
    st.markdown("How well did you remember it?")
    intervals = preview(store.scheduler, card, now) if store is not None else {}
    for column, rating in zip(st.columns(4), RATINGS, strict=True):
        name = RATING_NAMES[rating]
        when = f" · {describe_interval(intervals[rating])}" if rating in intervals else ""
        column.button(
            f"{name}{when}",
            key=f"rate_{int(rating)}",
            on_click=_rate,
            args=(store, learner, question, int(rating)),
            use_container_width=True,
            type="primary" if rating == RATINGS[2] else "secondary",
        )


def _card_front(question: Question, learner: str) -> None:
    if question.type in ("single", "scenario", "multiple"):
        st.markdown("\n".join(f"- {question.options[n - 1]}" for n in option_order(question, learner)))
    elif question.type == "matching":
        lefts, rights = matching_layout(question, learner)
        st.markdown("Match: " + ", ".join(lefts) + "  \nwith: " + ", ".join(rights))
    elif question.type == "ordering":
        st.markdown("Put in order: " + ", ".join(ordering_layout(question, learner)))


# --- Progress ----------------------------------------------------------------------------------


@guarded
def progress_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Headline numbers, per-topic and per-concept tables, the review calendar, misconceptions, export."""
    if store is None:
        return
    tz = learner_timezone()
    now = utcnow()
    answers = history(store, learner)
    known = cards(store, learner)
    try:
        reviews = store.reviews(learner)
    except StoreError as error:
        database_error(error)
        return
    summary = overview(answers, known, store.scheduler, now, tz)
    cols = st.columns(5)
    cols[0].metric("Answers", summary.answered, border=True)
    cols[1].metric("Accuracy", "–" if summary.accuracy is None else f"{summary.accuracy:.0%}", border=True)
    cols[2].metric(
        "Retention",
        "–" if summary.retention is None else f"{summary.retention:.0%}",
        help="FSRS's estimate of the chance you recall a studied card right now, averaged over your cards.",
        border=True,
    )
    cols[3].metric("Due today", summary.due.today, border=True)
    cols[4].metric("Due this week", summary.due.week, border=True)
    flashcards = find_page(ui.site().catalog, "flashcards")
    if summary.due.today and flashcards is not None:
        st.page_link(flashcards.path, label=f"Review the {summary.due.today} card(s) due today", icon=flashcards.icon)
    if summary.answered == 0:
        st.info("No answers yet: try the quiz or the flashcards, then come back here.")
    st.subheader("By topic")
    _progress_table(progress_table(answers, known, questions, store.scheduler, now, "topic"), "topic")
    with st.expander("By concept (the diagram part or simulation each question links to)"):
        _progress_table(progress_table(answers, known, questions, store.scheduler, now, "concept"), "concept")
    st.subheader("Review calendar")
    st.plotly_chart(build_calendar(review_calendar(known, reviews, now, tz)), key="calendar")
    st.subheader("Misconceptions you keep choosing")
    repeated = repeated_misconceptions(answers)
    if repeated.empty:
        st.caption("None chosen twice or more. Wrong answers that reveal a misconception show up here.")
    else:
        st.dataframe(
            repeated[["misconception", "times", "topics"]].assign(topics=repeated["topics"].map(_titles)),
            hide_index=True,
            column_config={"misconception": "Misconception", "times": "Times chosen", "topics": "Topics"},
        )
        quiz = find_page(ui.site().catalog, "quiz")
        if quiz is not None:
            st.page_link(quiz.path, label="Review your mistakes", icon=quiz.icon, query_params={"mode": "mistakes"})
    st.subheader("Export")
    left, right = st.columns(2)
    safe = "".join(c if c.isalnum() else "_" for c in learner)
    left.download_button(
        "Your answers (CSV)", store.export_progress(learner), file_name=f"studylab_{safe}_answers.csv", mime="text/csv"
    )
    right.download_button(
        "Your review cards (CSV)", store.export_cards(learner), file_name=f"studylab_{safe}_cards.csv", mime="text/csv"
    )


def _titles(topics: str) -> str:
    return ", ".join(topic_title(t) for t in topics.split(", ") if t)


def _progress_table(table: pd.DataFrame, by: str) -> None:
    topics = ui.site().content.topics
    names = table[by].map(lambda key: topic_title(key) if by == "topic" or key in topics else label(key))
    shown = table.drop(columns="right").assign(**{by: names})
    percent = {"format": "percent", "min_value": 0, "max_value": 1}
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            by: st.column_config.TextColumn(by.capitalize(), width="large"),
            "questions": st.column_config.NumberColumn("Questions", width="small"),
            "answered": st.column_config.NumberColumn("Answers", width="small"),
            "accuracy": st.column_config.ProgressColumn("Accuracy", width="small", **percent),  # type: ignore[arg-type]
            "cards": st.column_config.NumberColumn("Cards", help="Cards studied", width="small"),
            "retention": st.column_config.ProgressColumn("Retention", width="small", **percent),  # type: ignore[arg-type]
            "due": st.column_config.NumberColumn("Due now", width="small"),
        },
    )


def build_calendar(calendar: pd.DataFrame) -> go.Figure:
    """Bars of reviews done per past day and cards due per coming day."""
    figure = go.Figure()
    figure.add_bar(x=calendar["day"], y=calendar["reviewed"], name="Reviewed", marker_color="#1f5fa8")
    figure.add_bar(x=calendar["day"], y=calendar["due"], name="Due", marker_color="#e07b00")
    figure.update_layout(
        barmode="stack",
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.1},
        yaxis_title="cards",
    )
    return figure


# --- Decks -------------------------------------------------------------------------------------


@guarded
def decks_panel(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Export the built-in bank or any deck; import a deck CSV (all rows or none)."""
    with st.expander("Decks: export, and import your own questions", icon=":material/upload_file:"):
        decks = sorted({q.deck for q in questions.values()}, key=lambda d: (d != BUILT_IN, d))
        deck = st.selectbox("Deck to export", decks, key="export_deck")
        if deck is not None:
            rows = [q for q in questions.values() if q.deck == deck]
            st.download_button(
                f"Download {deck} ({len(rows)} questions)",
                deck_csv(rows),
                file_name=f"{''.join(c if c.isalnum() else '_' for c in deck)}.csv",
                mime="text/csv",
            )
        if store is None:
            return
        st.markdown(
            f"**Import a deck**: a UTF-8 CSV with the columns of the exported file, at most {MAX_DECK_ROWS} "
            f"questions and {MAX_DECK_BYTES // 1000} kB. Every row is checked; if any row has a problem, "
            "nothing is imported. Importing a deck under an existing name replaces it."
        )
        with st.form("import_deck", clear_on_submit=False):
            name = st.text_input("Deck name", max_chars=60, key="deck_name")
            upload = st.file_uploader("Deck CSV", type=["csv"], key="deck_file", max_upload_size=1)
            go_import = st.form_submit_button("Check and import", icon=":material/upload:")
        if go_import:
            import_deck(store, learner, name, upload, questions)


def import_deck(store: QuizStore, learner: str, name: str, upload: Any, questions: Mapping[str, Question]) -> None:
    if upload is None:
        st.warning("Choose a CSV file first.")
        return
    content = ui.site().content
    try:
        taken = {qid: q.deck for qid, q in questions.items()}
        taken.update(store.deck_question_ids())
    except StoreError as error:
        database_error(error)
        return
    data = upload.getvalue()
    result = check_deck(data, upload.name, name, content.topics, _page_slugs(), taken)
    if not result.ok:
        st.error(f"**Nothing was imported.** {len(result.problems)} problem(s) in `{upload.name}`:")
        st.markdown("\n".join(f"- {p.location}: {p.problem}" for p in result.problems[:50]))
        if len(result.problems) > 50:
            st.caption(f"... and {len(result.problems) - 50} more.")
        return
    try:
        count = store.import_deck(name.strip(), learner, result.rows)
    except StoreError as error:
        database_error(error)
        return
    st.success(f"Imported {count} questions as deck **{name.strip()}**. They now appear in every mode.")


def _page_slugs() -> set[str]:
    return {Path(p.path).stem for section in ui.site().catalog for p in section.pages}
