"""Answer in a real browser, stop the server, start a new one: progress, settings and due cards are still there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from studylab.content.loader import ROOT, ROOT_ENV
from studylab.storage.database import URL_ENV
from tests.quiz_support import SAMPLE_BELIEFS, SAMPLE_DECK
from tests.serving import RENDERED, VIEWPORT, streamlit_server, wait_rendered

pytestmark = pytest.mark.browser


def settle(page: Page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(RENDERED)


def metrics(page: Page) -> dict[str, str]:
    texts = page.locator("[data-testid='stMetric']").all_inner_texts()
    return {label.strip(): value.strip() for label, _, value in (t.partition("\n") for t in texts)}


def test_progress_survives_a_server_restart(browser: Browser, tree: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / ".streamlit", tree / ".streamlit")
    (tree / "data" / "questions.csv").write_text(SAMPLE_DECK)
    (tree / "data" / "misconceptions.csv").write_text(SAMPLE_BELIEFS)
    env = {ROOT_ENV: str(tree), "PYTHONPATH": str(ROOT), URL_ENV: f"sqlite:///{tmp_path / 'progress.db'}"}

    with streamlit_server(tree, env=env) as server:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{server.url}/quiz?topic=lakehouse")
        wait_rendered(page)
        page.get_by_role("button", name="New profile").click()
        page.get_by_label("Your name").fill("Ana")
        page.get_by_role("button", name="Create profile").click()
        settle(page)
        # The student links the quiz to the flashcards, so the answer also schedules the card.
        page.get_by_text("My quiz answers also review my flashcards").click()
        settle(page)
        page.locator("[data-testid='stForm']").get_by_text("2 · False", exact=True).click()  # wrong
        page.get_by_role("button", name="Check answer").click()
        settle(page)
        page.get_by_text("A lakehouse gives no transactions.").wait_for()
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()

    with streamlit_server(tree, env=env) as server:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{server.url}/progress?learner=Ana")
        wait_rendered(page)
        page.get_by_text("Due this week", exact=True).wait_for()
        shown = metrics(page)
        assert shown["Quiz answers"] == "1" and shown["Accuracy"] == "0%" and shown["Due this week"] == "1", shown
        page.goto(f"{server.url}/flashcards?learner=Ana&topic=lakehouse")
        wait_rendered(page)
        page.get_by_text("Due this week", exact=True).wait_for()
        assert metrics(page)["Due this week"] == "1"
        context.close()
