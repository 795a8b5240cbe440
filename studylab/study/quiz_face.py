"""The quiz page: practice, mistakes, cram and timed exams, and the decks panel."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from studylab.storage.database import StoreError
from studylab.study.answers import Exam, utcnow
from studylab.study.bank import (
    BUILT_IN,
    Mark,
    Question,
    mark,
    response_text,
    right_answer_text,
)
from studylab.study.face import (
    ALL,
    PENDING,
    database_error,
    flush,
    guarded,
    history,
    learner_timezone,
    save,
    setting_toggle,
    teach_link,
    topic_ids,
    topic_picker,
    topic_title,
)
from studylab.study.modes import (
    EXAM_SIZES,
    MODE_LABELS,
    History,
    cram_queue,
    exam_questions,
    exam_report,
    exam_time_limit,
    mistakes_queue,
    practice_queue,
)
from studylab.study.question_deck import MAX_DECK_BYTES, MAX_DECK_ROWS, check_deck, deck_csv
from studylab.study.question_face import ask, event_for, feedback
from studylab.study.stats import DEFINITIONS
from studylab.study.store import QuizStore
from studylab.ui import site as ui
from studylab.ui import url_state as ui_url
from studylab.ui.keys import key_styles

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


def question_run(
    store: QuizStore | None,
    learner: str,
    questions: Mapping[str, Question],
    mode: str,
    run: Run,
    linked: bool = False,
) -> None:
    """Ask the run's questions one by one, with feedback after each; ``linked`` answers also review flashcards."""
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
        st.button(
            "Next question",
            on_click=_next,
            args=(run,),
            type="primary",
            icon=":material/arrow_forward:",
            shortcut="Enter",
        )
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
            save(store, event_for(learner, question, result, mode, linked=linked))
            st.rerun()  # show the answer given, with the feedback under it


def practice(
    store: QuizStore | None, learner: str, questions: Mapping[str, Question], topic: str | None, linked: bool
) -> None:
    if topic is None:
        return
    scope = None if topic == ALL else topic

    def queue() -> list[str]:
        done = History.from_attempts(history(store, learner))
        if scope is None:
            return [q for t in topic_ids(questions) for q in practice_queue(questions, t, learner, done)]
        return practice_queue(questions, scope, learner, done)

    question_run(store, learner, questions, "practice", _run(("practice", learner, topic), queue), linked)


def mistakes(store: QuizStore | None, learner: str, questions: Mapping[str, Question], linked: bool) -> None:
    done = History.from_attempts(history(store, learner))
    wrong = mistakes_queue(questions, done)
    run = _run(("mistakes", learner), lambda: wrong)
    if not run.queue:
        st.success("No mistakes to review: every question you got wrong, you have since got right.")
        return
    st.caption(f"{len(run.queue)} question(s) whose latest answer was wrong.")
    question_run(store, learner, questions, "mistakes", run, linked)


def cram(store: QuizStore | None, learner: str, questions: Mapping[str, Question], topic: str | None) -> None:
    st.caption("Cram mode: answers are kept in your history, but your review schedule stays as it is.")
    scope = None if topic in (None, ALL) else topic
    seed = st.session_state.setdefault("cram_seed", utcnow().isoformat())
    run = _run(("cram", learner, topic, seed), lambda: cram_queue(questions, learner, scope, seed))
    question_run(store, learner, questions, "cram", run)


# --- Quiz page: timed exam -------------------------------------------------------------------


def exam(store: QuizStore | None, learner: str, questions: Mapping[str, Question], linked: bool) -> None:
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
    _exam_in_progress(store, learner, questions, current, linked)


def _finish(store: QuizStore, current: Exam, now: datetime) -> None:
    if flush(store):
        try:
            store.finish_exam(current.id, now)
        except StoreError as error:
            database_error(error)


def _exam_setup(store: QuizStore, learner: str, questions: Mapping[str, Question]) -> None:
    st.markdown("**New exam**: questions from every topic, one attempt each, a clock running.")
    # Outside the form, so that the caption below follows the slider as it moves.
    count = st.select_slider("Questions", EXAM_SIZES, value=20, key="exam_count")
    limit = exam_time_limit(count)
    st.caption(
        f"{limit.total_seconds() / 60:.0f} minutes for {count} questions. Reloading the page does not stop the clock."
    )
    with st.form("exam_setup"):
        chosen = st.multiselect(
            "Topics (leave empty for all)", topic_ids(questions), format_func=topic_title, placeholder="All topics"
        )
        start = st.form_submit_button("Start the exam", type="primary", icon=":material/timer:")
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


def _exam_in_progress(
    store: QuizStore, learner: str, questions: Mapping[str, Question], current: Exam, linked: bool
) -> None:
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
            save(store, event_for(learner, question, mark(question, response), "exam", current.id, linked))
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

LINK_LABEL = "My quiz answers also review my flashcards"


@guarded
def quiz_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Mode picker and the chosen mode."""
    key_styles()
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
    linked = False
    if mode != "cram":
        linked = setting_toggle(store, learner, "link_quiz", LINK_LABEL, DEFINITIONS["link_quiz"])
    if mode in ("practice", "cram"):
        topic = topic_picker(questions, allow_all=True)
        if mode == "practice":
            practice(store, learner, questions, topic, linked)
        else:
            cram(store, learner, questions, topic)
    elif mode == "mistakes":
        mistakes(store, learner, questions, linked)
    elif mode == "exam":
        exam(store, learner, questions, linked)


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
