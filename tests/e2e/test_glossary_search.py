"""The glossary's search box filters the terms, and its ?q= link reproduces the search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from studylab.content.glossary import build_glossary, search_glossary
from studylab.content.loader import ROOT, load_content
from tests.serving import VIEWPORT, Server, wait_rendered

pytestmark = pytest.mark.browser

GLOSSARY = build_glossary(load_content(ROOT))
TERMS = "[data-testid='stMain'] [data-testid='stMarkdownContainer'] li"


def narrowing_word() -> tuple[str, int]:
    """A word from the terms that matches some terms but at most half of them, and its match count."""
    for term in GLOSSARY["term"]:
        for word in re.findall(r"[a-z]{4,}", term.casefold()):
            count = len(search_glossary(GLOSSARY, word))
            if 0 < count <= len(GLOSSARY) // 2:
                return word, count
    raise AssertionError("no term word narrows the glossary: is the content empty?")


def count_caption(page: Page, shown: int) -> None:
    expect(page.get_by_text(f"{shown} of {len(GLOSSARY)} terms", exact=True)).to_be_visible()


def test_search_filters_terms_and_link_reproduces_it(app: Server, page: Page, browser: Browser) -> None:
    word, count = narrowing_word()
    page.goto(f"{app.url}/glossary")
    wait_rendered(page)
    count_caption(page, len(GLOSSARY))
    assert page.locator(TERMS).count() == len(GLOSSARY)

    box = page.get_by_label("Search terms and definitions")
    box.fill(word)
    box.press("Enter")
    count_caption(page, count)
    wait_rendered(page)
    expect(page.locator(TERMS)).to_have_count(count)
    assert f"q={word}" in page.url

    context = browser.new_context(viewport=VIEWPORT)
    try:
        shared = context.new_page()
        shared.goto(f"{app.url}/glossary?q={word}")
        wait_rendered(shared)
        count_caption(shared, count)
        expect(shared.locator(TERMS)).to_have_count(count)
        expect(shared.get_by_label("Search terms and definitions")).to_have_value(word)
    finally:
        context.close()
