"""The flashcards page: due cards first, then new ones, rated Again / Hard / Good / Easy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from studylab.storage.database import StoreError
from studylab.study.answers import AnswerEvent, utcnow
from studylab.study.bank import (
    Question,
    matching_layout,
    option_order,
    ordering_layout,
    right_answer_text,
)
from studylab.study.face import (
    ALL,
    PENDING,
    cards,
    guarded,
    learner_timezone,
    pending_ids,
    teach_link,
    topic_picker,
    topic_title,
)
from studylab.study.modes import (
    flashcard_queue,
)
from studylab.study.schedule import (
    RATING_NAMES,
    RATINGS,
    CardState,
    describe_interval,
    next_review_text,
    preview,
    review,
)
from studylab.study.stats import (
    DEFINITIONS,
    day_start,
    due_counts,
    in_bank,
    new_flashcards_since,
    new_left,
)
from studylab.study.store import QuizStore
from studylab.ui.keys import Key, key_styles, offscreen_keys

# --- Flashcards --------------------------------------------------------------------------------


KEYS_HINT = "Keys: Space or Enter shows the answer; then 1 Again, 2 Hard, 3 Good, 4 Easy."

LAST = "card_last_rating"
"""Session key: the last rating given in this tab, kept so that it can be undone."""


@dataclass(frozen=True)
class LastRating:
    """A rating just given: the stored answer, the card before it, and when the card comes back."""

    event: AnswerEvent
    previous: CardState | None
    next_due: datetime | None


def _rate(store: QuizStore | None, learner: str, question: Question, rating: int, previous: CardState | None) -> None:
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
    card = previous or CardState.new(event.answered_at)
    next_due = review(store.scheduler, card, RATINGS[rating - 1], event.answered_at).due if store else None
    st.session_state[LAST] = LastRating(event, previous, next_due)
    st.session_state.setdefault(PENDING, []).append(event)


def _undo(store: QuizStore | None) -> None:
    last: LastRating | None = st.session_state.pop(LAST, None)
    if last is None:
        return
    pending: list[AnswerEvent] = st.session_state.setdefault(PENDING, [])
    if last.event in pending:
        pending.remove(last.event)  # never reached the database
    elif store is not None:
        try:
            store.undo_review(last.event.uid, last.previous)
        except StoreError as error:
            st.session_state[LAST] = last
            st.session_state["card_undo_problem"] = error.message
            return
    st.session_state.pop("card_undo_problem", None)
    st.session_state["card_shown"] = last.event.question_id


def _last_rating(store: QuizStore | None, questions: Mapping[str, Question]) -> None:
    """After a rating: what it was, when the card comes back, and a button to take it back."""
    last: LastRating | None = st.session_state.get(LAST)
    if last is None or last.event.question_id not in questions:
        return
    name = RATING_NAMES[RATINGS[(last.event.rating or 1) - 1]]
    when = ""
    if last.next_due is not None:
        local = last.next_due.astimezone(ZoneInfo(learner_timezone()))
        when = f"  \nNext review {next_review_text(local, utcnow().astimezone(local.tzinfo))}."
    text, undo = st.columns([4, 1], vertical_alignment="center")
    prompt = questions[last.event.question_id].prompt
    short = prompt if len(prompt) <= 60 else prompt[:59] + "…"
    text.caption(f"Rated **{name}**: _{short}_{when}")
    undo.button("Undo", icon=":material/undo:", key="card_undo", on_click=_undo, args=(store,), width="stretch")
    if st.session_state.get("card_undo_problem"):
        st.error(st.session_state["card_undo_problem"])


@guarded
def flashcards_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Due cards first, then new ones; show the answer, then rate Again / Hard / Good / Easy."""
    key_styles()
    # The topic and the three counts share one row, so a long card's rating buttons stay in view.
    pick, due, fresh, week = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    with pick:
        topic = topic_picker(questions, allow_all=True)
    scope = None if topic in (None, ALL) else topic
    now = utcnow()
    known = cards(store, learner)
    new_today = 0
    if store is not None:
        try:
            new_today = new_flashcards_since(store.reviews(learner), day_start(now, learner_timezone()))
        except StoreError:
            new_today = 0
    waiting = pending_ids()
    queue = [q for q in flashcard_queue(questions, known, now, learner, new_today, scope) if q not in waiting]
    counts = due_counts(in_bank(known, questions, scope), now, learner_timezone())
    due.metric("Due now", counts.now, help=DEFINITIONS["due_now"], border=True)
    fresh.metric(
        "New left today", new_left(questions, known, new_today, scope), help=DEFINITIONS["new_left"], border=True
    )
    week.metric("Due this week", counts.week, help=DEFINITIONS["due_week"], border=True)
    _last_rating(store, questions)
    if not queue:
        st.success("Nothing is due. Come back later, or practise in the quiz.", icon=":material/celebration:")
        return
    question = questions[queue[0]]
    card = known.get(question.id, CardState.new(now))
    shown = st.session_state.get("card_shown") == question.id
    with st.container(border=True):
        st.caption(f"{topic_title(question.topic)} · {'review' if question.id in known else 'new card'}")
        st.markdown(f"#### {question.prompt}")
        # The back replaces the front's options with the answer, on the same card: no second box to scroll past.
        (_card_back if shown else _card_front)(question, learner)
    if not shown:
        st.button(
            "Show answer",
            type="primary",
            icon=":material/visibility:",
            key="show_answer",
            shortcut="Space",
            on_click=_show,
            args=(question.id,),
        )
        st.caption(KEYS_HINT)
        offscreen_keys("card_front", [Key("Enter", "Show answer", _show, (question.id,))])
        return
    intervals = preview(store.scheduler, card, now) if store is not None else {}
    previous = known.get(question.id)
    for number, (column, rating) in enumerate(zip(st.columns(4), RATINGS, strict=True), start=1):
        name = RATING_NAMES[rating]
        when = f" · {describe_interval(intervals[rating])}" if rating in intervals else ""
        column.button(
            f"{name}{when}",
            key=f"rate_{int(rating)}",
            on_click=_rate,
            args=(store, learner, question, int(rating), previous),
            width="stretch",
            type="primary" if rating == RATINGS[2] else "secondary",
            help=f"How well you remembered it: {name} (key {number})",
            shortcut=str(number),
        )
    # The buttons come right under the answer, so they stay in view; the explanation follows.
    st.markdown(question.explanation)
    teach_link(question)


def _show(question_id: str) -> None:
    st.session_state["card_shown"] = question_id


def _card_back(question: Question, learner: str) -> None:
    """The answer, where the front had its options: every option again, the right ones ticked and bold."""
    if question.type in ("single", "scenario", "multiple"):
        right = set(question.right)
        st.markdown(
            "\n".join(
                f"- :green[:material/check:] **{question.options[n - 1]}**"
                if n in right
                else f"- {question.options[n - 1]}"
                for n in option_order(question, learner)
            )
        )
    elif question.type in ("true_false", "numeric"):
        st.markdown(f"**Answer:** {right_answer_text(question)}")
    else:
        st.markdown("**Answer**\n\n" + right_answer_text(question))


def _card_front(question: Question, learner: str) -> None:
    if question.type in ("single", "scenario", "multiple"):
        st.markdown("\n".join(f"- {question.options[n - 1]}" for n in option_order(question, learner)))
    elif question.type == "matching":
        lefts, rights = matching_layout(question, learner)
        st.markdown("Match: " + ", ".join(lefts) + "  \nwith: " + ", ".join(rights))
    elif question.type == "ordering":
        st.markdown("Put in order: " + ", ".join(ordering_layout(question, learner)))
