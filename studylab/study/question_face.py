"""Asking one question: the answer widgets and their keys, the feedback, and the answer to store.

Shared by every quiz mode (practice, mistakes, cram, the timed exam).
"""

from __future__ import annotations

import streamlit as st

from studylab.content.catalog import find_page
from studylab.study.answers import AnswerEvent
from studylab.study.bank import (
    Mark,
    Question,
    Response,
    matching_layout,
    option_order,
    ordering_layout,
    parse_number,
    right_answer_text,
)
from studylab.study.beliefs import Belief, sentence
from studylab.study.face import beliefs, teach_link
from studylab.study.modes import SCHEDULED_MODES
from studylab.study.schedule import rating_for
from studylab.ui import site as ui
from studylab.ui.keys import Key, offscreen_keys


def ask(question: Question, learner: str, key: str) -> tuple[bool, Response]:
    """Draw the question as a form; returns (submitted, response). An incomplete answer is None.

    Keys: digits (and T or F) choose an option, Enter checks the answer; the mouse does both too. The page
    calls :func:`studylab.ui.keys.key_styles`.
    """
    st.markdown(f"**{question.prompt}**")
    with st.form(key=f"form_{key}", border=True):
        response = _answer_widgets(question, learner, key)
        submitted = st.form_submit_button("Check answer", type="primary", shortcut="Enter")
    st.caption(keys_hint(question))
    keys = option_keys(question, learner, key)
    if keys:
        offscreen_keys(f"quiz_{key}", keys)
    return submitted, response


MAX_KEYED_OPTIONS = 9
"""Options beyond the ninth have no digit key (no question in the bank has that many)."""


def option_keys(question: Question, learner: str, key: str) -> list[Key]:
    """The keys that choose the question's options, in the order the options are shown."""
    if question.type in ("single", "scenario"):
        order = option_order(question, learner)[:MAX_KEYED_OPTIONS]
        return [Key(str(i), f"Choose option {i}", _choose_option, (f"{key}_radio", n)) for i, n in enumerate(order, 1)]
    if question.type == "multiple":
        order = option_order(question, learner)[:MAX_KEYED_OPTIONS]
        return [Key(str(i), f"Tick option {i}", _tick_option, (f"{key}_check_{n}",)) for i, n in enumerate(order, 1)]
    if question.type == "true_false":
        radio = f"{key}_tf"
        return [
            Key("1", "Choose True", _choose_option, (radio, True)),
            Key("2", "Choose False", _choose_option, (radio, False)),
            Key("t", "Choose True", _choose_option, (radio, True)),
            Key("f", "Choose False", _choose_option, (radio, False)),
        ]
    return []


def keys_hint(question: Question) -> str:
    """The keys of a question, in a line under it."""
    count = min(len(question.options), MAX_KEYED_OPTIONS)
    if question.type in ("single", "scenario"):
        return f"Keys: 1–{count} choose an option, Enter checks the answer."
    if question.type == "multiple":
        return f"Keys: 1–{count} tick or untick an option, Enter checks the answer."
    if question.type == "true_false":
        return "Keys: 1 or T for True, 2 or F for False, Enter checks the answer."
    return "Key: Enter checks the answer."


def _choose_option(widget: str, value: object) -> None:
    st.session_state[widget] = value


def _tick_option(widget: str) -> None:
    st.session_state[widget] = not st.session_state.get(widget, False)


def _answer_widgets(question: Question, learner: str, key: str) -> Response:
    kind = question.type
    if kind in ("single", "scenario"):
        shown = option_order(question, learner)
        number = {n: i for i, n in enumerate(shown, 1)}
        choice = st.radio(
            "Choose one",
            shown,
            index=None,
            format_func=lambda n: f"{number[n]} · {question.options[n - 1]}",
            key=f"{key}_radio",
        )
        return None if choice is None else int(choice)
    if kind == "multiple":
        st.caption("Choose every right option.")
        chosen = {
            n
            for i, n in enumerate(option_order(question, learner), 1)
            if st.checkbox(f"{i} · {question.options[n - 1]}", key=f"{key}_check_{n}")
        }
        return frozenset(chosen) if chosen else None
    if kind == "true_false":
        value = st.radio(
            "True or false?",
            [True, False],
            index=None,
            format_func=lambda b: "1 · True" if b else "2 · False",
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
    known = beliefs()
    for tag in result.misconceptions:
        st.warning(f"**The belief behind this answer:** {sentence(tag, known)}", icon=":material/psychology_alt:")
        belief = known.get(tag)
        if belief is not None and (belief.page, belief.params) != (question.link_page, question.link_params):
            correct_link(belief)
    teach_link(question)


def correct_link(belief: Belief) -> None:
    """A link to the page (and state) that corrects a wrong belief."""
    page = find_page(ui.site().catalog, belief.page) or find_page(ui.site().catalog, belief.topic)
    if page is None:
        return
    params = belief.params if page.slug == belief.page else {}
    ui.page_link(page.path, label=f"See why: {page.title}", icon=":material/lightbulb:", query_params=params or None)


def event_for(
    learner: str, question: Question, result: Mark, mode: str, exam_id: int | None = None, linked: bool = False
) -> AnswerEvent:
    """The answer to store; it reviews the question's card only when the learner ``linked`` the quiz to the
    flashcards (and never in cram)."""
    return AnswerEvent(
        learner=learner,
        question_id=question.id,
        topic=question.topic,
        mode=mode,
        correct=result.correct,
        response=result.response,
        misconceptions=result.misconceptions,
        rating=int(rating_for(result.correct)) if linked and mode in SCHEDULED_MODES else None,
        exam_id=exam_id,
    )
