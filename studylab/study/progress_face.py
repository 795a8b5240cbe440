"""The progress page: headline numbers, per-topic and per-concept tables, the review calendar."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from studylab.content.catalog import find_page
from studylab.storage.database import StoreError
from studylab.study.bank import (
    Question,
    label,
)
from studylab.study.face import (
    beliefs,
    cards,
    database_error,
    guarded,
    history,
    learner_timezone,
    topic_title,
)
from studylab.study.figures import build_calendar
from studylab.study.stats import (
    overview,
    progress_table,
    repeated_misconceptions,
    review_calendar,
)
from studylab.study.store import QuizStore, utcnow
from studylab.ui import site as ui

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
    st.subheader("Your most frequent misconceptions")
    repeated = repeated_misconceptions(answers, beliefs())
    if repeated.empty:
        st.caption("None yet. When a wrong answer reveals a common wrong belief, it is listed here.")
    else:
        st.dataframe(
            repeated[["misconception", "times", "topics"]].assign(topics=repeated["topics"].map(_titles)),
            hide_index=True,
            column_config={
                "misconception": st.column_config.TextColumn("The wrong belief", width="large"),
                "times": st.column_config.NumberColumn("Times", help="Wrong answers that revealed it", width="small"),
                "topics": "Topics",
            },
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
