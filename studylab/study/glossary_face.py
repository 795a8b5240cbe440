"""The glossary page: every key term of every topic, searchable, grouped by the topic that explains it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from studylab.content.glossary import build_glossary, search_glossary
from studylab.ui import cache
from studylab.ui import site as ui


@dataclass(frozen=True)
class Found:
    """What a search shows: how many terms match, of how many, and the matches by topic."""

    matches: int
    total: int
    groups: tuple[tuple[str, str], ...]
    """(topic id, the topic's matching terms as a Markdown list), in glossary order."""


def _search(query: str) -> Found:
    glossary = build_glossary(ui.site().content)
    matches = search_glossary(glossary, query)
    groups = tuple(
        (str(topic_id), "\n".join(f"- **{row.term}**: {row.definition}" for row in group.itertuples()))
        for topic_id, group in matches.groupby("topic", sort=False)
    )
    return Found(matches=len(matches), total=len(glossary), groups=groups)


def glossary_page(script: str) -> None:
    """The whole page; ``script`` is the page script's ``__file__``."""
    ui.start_page(script)
    st.title("Glossary")
    st.caption("Every key term from every topic. Search a word; open the topic that explains it.")
    query = st.text_input("Search terms and definitions", key="q", max_chars=100, bind="query-params")
    # Built once per query and content version: the topics are the glossary's only source.
    found = cache.cached(_search, query or "")
    st.caption(f"{found.matches} of {found.total} terms")
    if not found.matches:
        st.info("No term matches. Try a shorter word, or clear the search.")
    for topic_id, terms in found.groups:
        ui.topic_link(topic_id)
        st.markdown(terms)
