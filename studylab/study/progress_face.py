"""The progress page: headline numbers, per-topic and per-concept tables, the forecast, retention over time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from studylab.content.catalog import find_page
from studylab.storage.database import StoreError
from studylab.study.answers import utcnow
from studylab.study.bank import (
    Question,
)
from studylab.study.face import (
    ALL,
    beliefs,
    cards,
    database_error,
    guarded,
    history,
    learner_settings,
    learner_timezone,
    setting_toggle,
    topic_title,
)
from studylab.study.figures import build_forecast, build_history, build_retention
from studylab.study.stats import (
    DEFINITIONS,
    concept_names,
    day_start,
    in_bank,
    measured_overall,
    measured_retention,
    new_flashcards_since,
    new_left,
    overview,
    percent,
    progress_table,
    repeated_misconceptions,
    review_forecast,
    reviews_per_day,
    streak,
)
from studylab.study.store import QuizStore
from studylab.ui import site as ui

# --- Progress ----------------------------------------------------------------------------------


@guarded
def progress_page(store: QuizStore | None, learner: str, questions: Mapping[str, Question]) -> None:
    """Headline numbers, tables per topic and concept, forecast, retention over time, misconceptions, export."""
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
    studied = in_bank(known, questions)
    summary = overview(answers, studied, store.scheduler, now, tz)
    settings = learner_settings(store, learner)
    figures = [
        ("Quiz answers", str(summary.answered), "answers"),
        ("Accuracy", percent(summary.accuracy), "accuracy"),
        ("Flashcard reviews", str(summary.reviewed), "reviews"),
        ("Predicted recall", percent(summary.retention), "retention"),
        ("Due now", str(summary.due.now), "due_now"),
        ("Due this week", str(summary.due.week), "due_week"),
        (
            "New left today",
            str(new_left(questions, known, new_flashcards_since(reviews, day_start(now, tz)))),
            "new_left",
        ),
    ]
    if settings.streak:
        days = streak(reviews, now, tz)
        figures.append(("Streak", f"{days} day{'' if days == 1 else 's'}", "streak"))
    cols = [*st.columns(4), *st.columns(4)]  # two rows, so no label is cut short
    for column, (name, value, key) in zip(cols, figures, strict=False):
        column.metric(name, value, help=DEFINITIONS[key], border=True)
    setting_toggle(store, learner, "streak", "Show my streak", DEFINITIONS["streak"])
    flashcards = find_page(ui.site().catalog, "flashcards")
    if summary.due.now and flashcards is not None:
        ui.page_link(flashcards.path, label=f"Review the {summary.due.now} card(s) due now", icon=flashcards.icon)
    if summary.answered + summary.reviewed == 0:
        st.info("No answers yet: try the quiz or the flashcards, then come back here.")
    st.subheader("By topic")
    _progress_table(progress_table(answers, known, questions, store.scheduler, now, "topic"), "topic")
    with st.expander("By concept (the diagram part or simulation each question links to)"):
        _progress_table(progress_table(answers, known, questions, store.scheduler, now, "concept"), "concept")
    st.subheader("Reviews due, next 30 days", help=DEFINITIONS["forecast"])
    st.plotly_chart(build_forecast(review_forecast(studied, now, tz)), key="forecast")
    _retention_over_time(reviews, questions, store.scheduler.desired_retention, tz)
    st.subheader("Reviews done, past four weeks", help=DEFINITIONS["reviews"])
    st.plotly_chart(build_history(reviews_per_day(reviews, now, tz)), key="history")
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
                "times": st.column_config.NumberColumn("Times", help=DEFINITIONS["misconception_times"], width="small"),
                "topics": "Topics",
            },
        )
        quiz = find_page(ui.site().catalog, "quiz")
        if quiz is not None:
            ui.page_link(quiz.path, label="Review your mistakes", icon=quiz.icon, query_params={"mode": "mistakes"})
    st.subheader("Export")
    left, right = st.columns(2)
    safe = "".join(c if c.isalnum() else "_" for c in learner)
    left.download_button(
        "Your answers (CSV)", store.export_progress(learner), file_name=f"studylab_{safe}_answers.csv", mime="text/csv"
    )
    right.download_button(
        "Your review cards (CSV)", store.export_cards(learner), file_name=f"studylab_{safe}_cards.csv", mime="text/csv"
    )


def _retention_over_time(reviews: pd.DataFrame, questions: Mapping[str, Question], desired: float, tz: str) -> None:
    """Measured retention per week, for every card or one concept, against the scheduler's desired retention."""
    st.subheader("Retention over time: measured vs desired")
    st.caption(f"{DEFINITIONS['measured_retention']} {DEFINITIONS['desired_retention']}")
    by_concept = measured_retention(reviews, questions, tz, "concept")
    if by_concept.empty:
        st.caption("Nothing measured yet: it starts with the second review of a card.")
        return
    names = _names(sorted(set(by_concept["concept"])), "concept")
    options = [ALL, *sorted(names, key=lambda k: names[k].casefold())]
    concept = st.selectbox(
        "Concept", options, key="retention_concept", format_func=lambda k: "All concepts" if k == ALL else names[k]
    )
    weekly = measured_retention(reviews, questions, tz, None)
    if concept != ALL:
        weekly = by_concept[by_concept["concept"] == concept]
    st.plotly_chart(build_retention(weekly, desired), key="retention_chart")
    with st.expander("Measured retention by concept, all weeks together"):
        overall = measured_overall(by_concept)
        st.dataframe(
            overall.drop(columns="recalled").assign(concept=overall["concept"].map(names), desired=desired),
            hide_index=True,
            column_config={
                "concept": st.column_config.TextColumn("Concept", width="large"),
                "reviews": st.column_config.NumberColumn("Reviews", help=DEFINITIONS["measured_reviews"]),
                "measured": st.column_config.NumberColumn(
                    "Measured", help=DEFINITIONS["measured_retention"], format="percent"
                ),
                "desired": st.column_config.NumberColumn(
                    "Desired", help=DEFINITIONS["desired_retention"], format="percent"
                ),
            },
        )


def _names(keys: list[str], by: str) -> dict[str, str]:
    """Readable names of topics or concepts (from the concepts table and the page titles)."""
    site = ui.site()
    titles = {t.id: t.meta.title for t in site.content.topics.values()}
    titles.update({Path(p.path).stem: p.title for section in site.catalog for p in section.pages})
    concepts = ui.table("quiz_concepts") if by == "concept" else None
    known = {} if concepts is None else dict(zip(concepts["link"], concepts["name"], strict=True))
    return concept_names(keys, known, titles)


def _titles(topics: str) -> str:
    return ", ".join(topic_title(t) for t in topics.split(", ") if t)


def _progress_table(table: pd.DataFrame, by: str) -> None:
    names = _names(list(table[by]), by)
    shown = table.drop(columns="right").assign(**{by: table[by].map(names)})
    percent_format = {"format": "percent", "min_value": 0, "max_value": 1}
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            by: st.column_config.TextColumn(by.capitalize(), width=300),
            "questions": st.column_config.NumberColumn("Questions", help=DEFINITIONS["questions"], width="small"),
            "answered": st.column_config.NumberColumn("Quiz answers", help=DEFINITIONS["answers"], width="small"),
            "accuracy": st.column_config.ProgressColumn(
                "Accuracy",
                help=DEFINITIONS["accuracy"],
                width="small",
                **percent_format,  # type: ignore[arg-type]
            ),
            "cards": st.column_config.NumberColumn("Cards", help=DEFINITIONS["cards"], width="small"),
            "retention": st.column_config.ProgressColumn(
                "Predicted recall",
                help=DEFINITIONS["retention"],
                width="small",
                **percent_format,  # type: ignore[arg-type]
            ),
            "due": st.column_config.NumberColumn("Due now", help=DEFINITIONS["due_now"], width="small"),
        },
    )
