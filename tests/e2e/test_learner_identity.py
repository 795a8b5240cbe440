"""Arrive from a ``?learner=`` link and move through the study pages by the menu: the profile stays."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from studylab.storage.database import Database, database_url
from studylab.study.store import QuizStore
from tests.serving import Server, wait_rendered

pytestmark = pytest.mark.browser


def test_the_profile_follows_the_student_through_the_menu(page: Page, app: Server) -> None:
    QuizStore(Database(database_url())).add_learner("Noor")
    page.goto(f"{app.url}/quiz?learner=Noor")
    wait_rendered(page)
    profile = page.get_by_role("combobox", name="Your profile")
    expect(profile).to_have_value("Noor")
    for slug in ("flashcards", "progress", "quiz"):
        page.locator(f"[data-testid='stSidebar'] a[href='{slug}']").filter(visible=True).first.click()
        page.wait_for_url(f"**/{slug}?learner=Noor")
        wait_rendered(page)
        expect(page.get_by_role("combobox", name="Your profile")).to_have_value("Noor")
        expect(page.get_by_text("Pick your name, or create a profile")).to_have_count(0)
    assert page.locator("[data-testid='stException']").count() == 0
