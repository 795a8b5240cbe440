"""Stored decks are parsed once per stored version, not on every slide click."""

from __future__ import annotations

import pytest

from studylab.content.loader import load_content
from studylab.present import decks as dk
from studylab.present.uploads import DeckStore
from tests.pages_support import run_page


def test_stored_decks_are_parsed_once_not_on_every_run(monkeypatch: pytest.MonkeyPatch) -> None:
    run_page("pages/present.py")  # creates the tables of the test database
    from studylab.storage.database import Database

    store = DeckStore(Database())
    store.db.create_all()
    content = load_content()
    for n in range(3):
        source = f"# Parsed once {n}\nhello\n\n---\n\n## Two\n"
        deck = dk.import_deck(f"parsed once {n}.md", source.encode(), content)
        store.save(deck.id, deck.title, f"parsed once {n}.md", source, "profile:Tester")
    calls: list[str] = []
    original = dk.import_deck

    def counting(filename: str, *args: object, **kwargs: object) -> dk.Deck:
        calls.append(filename)
        return original(filename, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dk, "import_deck", counting)
    at = run_page("pages/present.py", query={"deck": "parsed_once_1", "slide": "2"})
    assert not at.exception
    first = len(calls)
    for _ in range(3):
        at.run()
    assert not at.exception
    assert len(calls) == first, "later runs reuse the parsed decks"
    assert first <= 3
    store.db.dispose()


def test_an_upload_nested_too_deep_is_refused_with_its_slide() -> None:
    from studylab.content.loader import ContentError
    from studylab.present.uploads_face import check_markdown

    source = "# Fine\n\n---\n\n" + ">" * 300 + " deep\n"
    deck = dk.import_deck("deep.md", source.encode(), load_content())
    with pytest.raises(ContentError) as refused:
        check_markdown(deck, "deep.md")
    assert refused.value.location == "slide 2" and "nested" in refused.value.problem
