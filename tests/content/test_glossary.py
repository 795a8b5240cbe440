"""The glossary gathers every key term and finds them by any word."""

from __future__ import annotations

from studylab.content.glossary import build_glossary, search_glossary
from studylab.content.loader import Content


def test_glossary_has_every_key_term(content: Content) -> None:
    glossary = build_glossary(content)
    assert len(glossary) == sum(len(t.meta.key_terms) for t in content.topics.values())
    assert list(glossary["term"].str.casefold()) == sorted(glossary["term"].str.casefold())


def test_search_matches_every_word_and_ranks_terms_first(content: Content) -> None:
    glossary = build_glossary(content)
    result = search_glossary(glossary, "REVERSIBLE decision")
    assert "Reversible decision" in list(result["term"])
    assert result.iloc[0]["term"].casefold().find("reversible") >= 0
    for row in result.itertuples():
        text = f"{row.term} {row.definition}".casefold()
        assert "reversible" in text and "decision" in text


def test_empty_query_returns_everything_and_nonsense_returns_nothing(content: Content) -> None:
    glossary = build_glossary(content)
    assert len(search_glossary(glossary, "   ")) == len(glossary)
    assert search_glossary(glossary, "zzqx" * 50).empty
