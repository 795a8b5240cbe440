"""No stored deck stalls a presenter's browser: deep nesting is drawn flat, as fast as a plain deck."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, expect

from studylab.present.uploads import DeckStore
from studylab.storage.database import Database, database_url
from tests.serving import RENDERED, VIEWPORT, Server

pytestmark = pytest.mark.browser

RATIO = 3.0
"""A nested deck may take at most this many times as long as the plain deck to appear."""

DECKS = {
    "bounded_plain": "# Plain deck\n\n" + "\n\n".join(f"Paragraph {n} of ordinary text." for n in range(300)),
    # Stored directly, as a deck stored before uploads were checked: drawing must bound it.
    "bounded_quotes": "# Quotes deck\n\n" + "\n".join(">" * 2500 + f" level {n}" for n in range(70)),
    "bounded_lists": "# Lists deck\n\n" + "".join("  " * level + f"- level {level}\n" for level in range(440)),
}


def seconds_to_show(browser: Browser, url: str, title: str) -> float:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(RENDERED, timeout=60_000)
    expect(page.get_by_text(title, exact=True).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Slide 1 of 1")).to_be_visible(timeout=60_000)
    elapsed = time.perf_counter() - started
    assert page.locator("[data-testid='stException']").count() == 0
    page.context.close()
    return elapsed


def test_nested_decks_render_within_a_ratio_of_a_plain_deck(browser: Browser, app: Server) -> None:
    store = DeckStore(Database(database_url()))
    store.db.create_all()
    for deck_id, source in DECKS.items():
        store.save(deck_id, deck_id, f"{deck_id}.md", source, "profile:Tester", replace=True)
    store.db.dispose()
    seconds_to_show(browser, f"{app.url}/present?deck=bounded_plain&slide=1", "Plain deck")  # warm up
    times = {
        deck_id: min(seconds_to_show(browser, f"{app.url}/present?deck={deck_id}&slide=1", title) for _ in range(2))
        for deck_id, title in (
            ("bounded_plain", "Plain deck"),
            ("bounded_quotes", "Quotes deck"),
            ("bounded_lists", "Lists deck"),
        )
    }
    plain = times["bounded_plain"]
    assert times["bounded_quotes"] <= RATIO * plain, times
    assert times["bounded_lists"] <= RATIO * plain, times
