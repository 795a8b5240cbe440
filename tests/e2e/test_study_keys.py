"""Study by keyboard in a real browser: Space or Enter shows a flashcard's answer, 1-4 rate it, a digit and
Enter answer a quiz question; a digit typed into a text field does nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from studylab.content.loader import ROOT, ROOT_ENV
from studylab.storage.database import URL_ENV, Database
from studylab.study.store import QuizStore
from tests.e2e.test_accessibility import run_axe
from tests.quiz_support import SAMPLE_BELIEFS, SAMPLE_DECK
from tests.serving import RENDERED, streamlit_server, wait_rendered

pytestmark = pytest.mark.browser

SCREEN = {"width": 1400, "height": 1000}
"""A laptop screen: the rating buttons must be in view on it once the answer shows."""


def settle(page: Page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_selector(RENDERED)


def test_keys_study_flashcards_and_the_quiz(browser: Browser, tree: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / ".streamlit", tree / ".streamlit")
    (tree / "data" / "questions.csv").write_text(SAMPLE_DECK)
    (tree / "data" / "misconceptions.csv").write_text(SAMPLE_BELIEFS)
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    store = QuizStore(Database(url))
    store.add_learner("Ana")
    env = {ROOT_ENV: str(tree), "PYTHONPATH": str(ROOT), URL_ENV: url}
    with streamlit_server(tree, env=env) as server:
        context = browser.new_context(viewport=SCREEN)
        page = context.new_page()

        # Space shows the answer; the four ratings are then in view.
        page.goto(f"{server.url}/flashcards?learner=Ana&topic=lakehouse")
        wait_rendered(page)
        page.get_by_text("A lakehouse adds ACID to lake storage.").wait_for()
        assert run_axe(page)["violations"] == []  # the key badge is readable on the blue button
        page.keyboard.press("Space")
        good = page.get_by_role("button", name=re.compile(r"^Good"))
        expect(good).to_be_visible()
        for name in ("Again", "Hard", "Good", "Easy"):
            box = page.get_by_role("button", name=re.compile(f"^{name}")).bounding_box()
            assert box is not None and box["y"] + box["height"] <= SCREEN["height"], name

        # A digit typed into a text field is text, not a rating.
        page.get_by_role("button", name="New profile").click()
        page.get_by_label("Your name").click()
        page.keyboard.type("1")
        page.wait_for_timeout(1500)
        expect(page.get_by_label("Your name")).to_have_value("1")
        assert store.reviews("Ana").empty
        page.keyboard.press("Escape")  # closes the popover
        page.get_by_role("heading", name="Flashcards").click()  # out of the field

        # 3 rates Good.
        page.keyboard.press("3")
        page.get_by_text(re.compile(r"Rated Good")).wait_for()
        assert list(store.reviews("Ana")["rating"]) == [3]

        # Enter shows the answer too; 1 rates Again.
        page.goto(f"{server.url}/flashcards?learner=Ana&topic=lambda_architecture")
        wait_rendered(page)
        page.get_by_text("Which layer answers with fresh results?").wait_for()
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name=re.compile(r"^Again"))).to_be_visible()
        page.keyboard.press("1")
        page.get_by_text(re.compile(r"Rated Again")).wait_for()
        assert list(store.reviews("Ana")["rating"]) == [3, 1]

        # In the quiz, 2 chooses the second option shown and Enter checks it; Enter again goes on.
        page.goto(f"{server.url}/quiz?learner=Ana&topic=lambda_architecture")
        wait_rendered(page)
        page.get_by_text("Keys: 1–3 choose an option").wait_for()
        page.get_by_text("Decks: export, and import your own questions").click()
        page.get_by_label("Deck name").fill("")
        page.get_by_label("Deck name").press_sequentially("2")
        page.wait_for_timeout(1500)
        expect(page.locator("[data-testid='stRadio'] input:checked")).to_have_count(0)
        page.get_by_text("Keys: 1–3 choose an option").click()  # out of the field
        page.keyboard.press("2")
        chosen = page.locator("[data-testid='stRadio'] label:has(input:checked)")
        expect(chosen).to_have_count(1)
        expect(chosen).to_contain_text("2 · ")
        page.keyboard.press("Enter")
        page.get_by_role("button", name=re.compile(r"Next question")).wait_for()
        assert len(store.attempts("Ana").query("mode == 'practice'")) == 1
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(r"of 1 right this round")).wait_for()
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()
    store.db.dispose()
