"""The glossary: every key term of every topic, searchable."""

from __future__ import annotations

import pandas as pd

from studylab.content.loader import Content

COLUMNS = ["term", "definition", "topic", "topic_title"]


def build_glossary(content: Content) -> pd.DataFrame:
    """One row per key term, sorted alphabetically by term (case-insensitive)."""
    rows = [
        (term.term, term.definition, topic.id, topic.meta.title)
        for topic in content.topics_in_order()
        for term in topic.meta.key_terms
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values("term", key=lambda s: s.str.casefold(), kind="stable").reset_index(drop=True)


def search_glossary(glossary: pd.DataFrame, query: str) -> pd.DataFrame:
    """Terms matching every word of the query; matches in the term itself come first."""
    words = query.casefold().split()
    if not words:
        return glossary
    terms = glossary["term"].str.casefold()
    text = terms + " " + glossary["definition"].str.casefold()
    hit = pd.Series(True, index=glossary.index)
    for word in words:
        hit &= text.str.contains(word, regex=False)
    in_term = pd.Series(False, index=glossary.index)
    for word in words:
        in_term |= terms.str.contains(word, regex=False)
    result = glossary[hit].assign(_rank=(~in_term[hit]).astype(int))
    return result.sort_values("_rank", kind="stable").drop(columns="_rank")
