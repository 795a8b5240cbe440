"""Streamlit face of the drills (``data/drills.csv`` and ``data/drill_cards.csv``): one exhibit, any topic.

A topic lists ``drills`` in its front matter and its page shows every drill whose ``topic`` is
the page's: recall drills as a text box checked line by line, choice drills as cards dealt in a
seeded order with one answer each. Marking is in ``labs.qualities.drills``; the sentences the
drills show are in ``data/lab_notes.csv``.
"""

from __future__ import annotations

import zlib
from typing import Any

import pandas as pd
import streamlit as st

from studylab.content.loader import ContentError
from studylab.content.records import records
from studylab.labs.qualities import drills as dr
from studylab.labs.qualities import exercises
from studylab.labs.qualities.face import round_footer
from studylab.ui import cache
from studylab.ui import site as ui
from studylab.ui.notes import note


def drills(topic_id: str, table: pd.DataFrame, cards: pd.DataFrame) -> None:
    """Every drill of the topic, in order; a drill with a content problem shows it instead."""
    for drill, problem in cache.cached(_topic_drills, table, cards, topic_id):
        drill_id = str(drill["id"])
        if problem is not None:
            ui.content_error(ContentError("data/drill_cards.csv", f"drill {drill_id}", problem), fatal=False)
            continue
        deck = cache.cached(_deck, cards, drill_id)
        if drill["kind"] == "recall":
            _recall(drill_id, str(drill["title"]), str(drill["intro"]), deck)
        else:
            _choice(drill_id, str(drill["title"]), str(drill["intro"]), dr.items_of(str(drill["options"])), deck)


def _topic_drills(
    table: pd.DataFrame, cards: pd.DataFrame, topic_id: str
) -> tuple[tuple[dict[str, Any], str | None], ...]:
    """The topic's drills in order, each with its content problem (None if it has none)."""
    mine = table[table["topic"] == topic_id].sort_values("order")
    problems = dict(dr.check_drills(mine, cards))
    return tuple((record, problems.get(record["id"])) for record in mine.to_dict("records"))


def _deck(cards: pd.DataFrame, drill_id: str) -> pd.DataFrame:
    return cards[cards["drill"] == drill_id].sort_values("order")


def _dealt(deck: pd.DataFrame, seed: int) -> pd.DataFrame:
    return dr.deal_cards(deck.assign(id=deck["order"].astype(str)), seed)


@st.fragment
def _recall(drill_id: str, title: str, intro: str, deck: pd.DataFrame) -> None:
    with st.container(border=True):
        st.subheader(title)
        st.caption(intro)
        for card in cache.cached(records, deck):
            expected = dr.items_of(str(card["answer"]))
            key = f"drill_{drill_id}_{card['order']}"
            st.markdown(f"**{card['prompt']}**")
            with st.form(f"{key}_form", border=False):
                typed = st.text_area(
                    note("drill_type_label", count=len(expected)), key=key, height=68 + 22 * len(expected)
                )
                checked = st.form_submit_button("Check", icon=":material/fact_check:")
            if checked or st.session_state.get(f"{key}_checked"):
                st.session_state[f"{key}_checked"] = True
                _recall_feedback(dr.mark_recall(expected, typed or ""), len(expected))
            with st.expander(note("drill_reveal")):
                st.markdown("\n".join(f"{n}. {item}" for n, item in enumerate(expected, start=1)))
                st.caption(str(card["explanation"]))


def _recall_feedback(result: dr.Recall, total: int) -> None:
    if result.perfect:
        st.success(note("drill_recall_perfect", total=total), icon=":material/check_circle:")
        return
    lines = [note("drill_recall_found", found=len(result.found), total=total)]
    if result.missing:
        lines.append(note("drill_recall_missing", missing=len(result.missing)))
    if result.extra:
        lines.append(note("drill_recall_extra", extra=", ".join(f"“{e}”" for e in result.extra)))
    if result.complete and not result.in_order:
        lines.append(note("drill_recall_order"))
    st.warning(" ".join(lines), icon=":material/info:")


@st.fragment
def _choice(drill_id: str, title: str, intro: str, options: list[str], deck: pd.DataFrame) -> None:
    with st.container(border=True):
        st.subheader(title)
        st.caption(intro)
        round_key = f"drill_{drill_id}_round"
        seed = zlib.crc32(drill_id.encode()) + st.session_state.get(round_key, 0)
        dealt = cache.cached(_dealt, deck, seed)
        answers: dict[str, str | None] = {}
        for card in cache.cached(records, dealt):
            with st.container(border=True):
                st.markdown(str(card["prompt"]))
                answers[card["id"]] = _pick(options, f"drill_{drill_id}_{card['id']}")
                given = answers[card["id"]]
                if given is not None:
                    answer = card["answer"]
                    mark = ":material/check_circle: Right." if given == answer else f"Not quite: {answer}."
                    st.caption(f"{mark} {card['explanation']}")
        result = exercises.score(exercises.mark_sort(dealt, answers, "answer"))
        keys = [f"drill_{drill_id}_{card_id}" for card_id in dealt["id"]]
        round_footer(result, keys, round_key, "drill", f"drill_{drill_id}_again")


def _pick(options: list[str], key: str) -> str | None:
    """Two or three options as buttons, more as a drop-down; None until the student picks."""
    if len(options) <= 3:
        return st.segmented_control("Your answer", options, key=key, label_visibility="collapsed")
    return st.selectbox("Your answer", options, index=None, key=key, placeholder=note("drill_choose"))
