"""Every live answer is stored as given: the choice at the moment of the click, not the one before.

A participant picks one option, then changes to another and presses *Send* in the same instant,
round after round, while other participants' pages poll the same session. The host's *Ask*
button gets the same treatment: change the question and click at once.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ElementHandle, Locator, Page, expect

from studylab.present.live import LiveStore
from studylab.present.rounds import RoundSpec
from studylab.storage.database import Database, database_url
from tests.serving import RENDERED, Server

pytestmark = pytest.mark.browser

ROUNDS = 8
POLLERS = 4
OPTIONS = ("Alpha", "Bravo", "Charlie", "Delta")


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 420, "height": 860}).new_page()
    page.goto(url)
    page.wait_for_selector(RENDERED)
    return page


def same_instant(page: Page, choice: Locator, button: ElementHandle) -> None:
    """Click ``choice`` and then ``button`` from one JavaScript task: nothing can run in between."""
    page.evaluate("([a, b]) => { a.click(); b.click(); }", [choice.element_handle(), button])


def spec(number: int) -> RoundSpec:
    return RoundSpec("question", f"race_{number}", f"Race round {number}", OPTIONS, 1, "Any option is fine.")


def test_changing_the_choice_and_sending_at_once_stores_the_new_choice(browser: Browser, app: Server) -> None:
    store = LiveStore(Database(database_url()))
    store.db.create_all()
    host = store.start("Race")
    pollers = [
        open_page(browser, f"{app.url}/live_join?code={host.code}&me={store.join(host.code, f'P{i}')}")
        for i in range(POLLERS)
    ]
    token = store.join(host.code, "Racer")
    guest = open_page(browser, f"{app.url}/live_join?code={host.code}&me={token}")
    sent = []
    for number in range(1, ROUNDS + 1):
        store.open_round(host.code, host.token, spec(number))
        expect(guest.get_by_text(f"Race round {number}")).to_be_visible()
        first, then = (number - 1) % 4, (number + 1) % 4
        labels = guest.locator("[data-testid='stRadio'] [role='radiogroup'] label")
        labels.nth(first).click()
        send = guest.get_by_role("button", name="Send answer")
        expect(send).to_be_enabled()
        # The change and the click leave the browser in one task, before any rerun can start.
        same_instant(guest, labels.nth(then), send.element_handle())
        expect(guest.get_by_text("Answer sent")).to_be_visible()
        sent.append((then + 1, store.me(host.code, token).choice))
        expect(guest.get_by_text(f"Answer sent: {OPTIONS[then]}")).to_be_visible()
    assert sent == [(want, want) for want, _ in sent]
    for page in (guest, *pollers):
        assert page.locator("[data-testid='stException']").count() == 0
        page.context.close()


def test_the_host_asks_the_question_chosen_at_the_click(browser: Browser, app: Server) -> None:
    host = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    host.goto(f"{app.url}/live_host")
    host.wait_for_selector(RENDERED)
    host.get_by_role("button", name="Start a live session").click()
    expect(host.get_by_role("button", name="Ask this question")).to_be_visible()
    question = host.get_by_role("combobox", name="Question")
    asked = []
    for index in (2, 1, 3):
        host.wait_for_selector(RENDERED)
        options = host.locator("[role='listbox'] [role='option']")
        # The combobox keeps focus after a pick, and a click on a focused one does not open it.
        host.get_by_text("Ask the group next").click()
        ask = host.get_by_role("button", name="Ask this question").element_handle()
        question.click()
        expect(options.first).to_be_visible()
        wanted = options.nth(index).inner_text().strip()
        same_instant(host, options.nth(index), ask)
        expect(host.locator(".st-key-live_round h3")).to_have_text(wanted)
        asked.append(wanted)
    assert len(set(asked)) == 3
    assert host.locator("[data-testid='stException']").count() == 0
    host.context.close()
