"""A live session in two browsers: the participant's answer appears in the host's histogram."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import run_axe, wait_settled
from tests.serving import RENDERED, Server

pytestmark = pytest.mark.browser

PHONE = {"width": 420, "height": 860}
"""The participant answers from a phone-sized window."""


def open_page(browser: Browser, url: str, viewport: dict[str, int] | None = None) -> Page:
    page = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector(RENDERED)
    return page


def violations(page: Page) -> list[str]:
    """axe-core's WCAG A/AA findings on the page as it is now."""
    wait_settled(page)
    return [f"{v['id']}: {node['target']}" for v in run_axe(page)["violations"] for node in v["nodes"]]


def test_an_answer_in_one_browser_shows_in_the_hosts_histogram(browser: Browser, app: Server) -> None:
    host = open_page(browser, f"{app.url}/live_host")
    host.get_by_role("button", name="Start a live session").click()
    code = host.locator("[data-testid='stMetricValue']").first.inner_text().replace(" ", "")
    assert len(code) == 6
    host.get_by_role("button", name="Ask this question").click()
    expect(host.get_by_text("0 of 0 answered")).to_be_visible()

    guest = open_page(browser, f"{app.url}/live_join?code={code}", PHONE)
    guest.get_by_role("textbox", name="Nickname").fill("Ana")
    guest.get_by_role("button", name="Join").click()
    expect(guest.get_by_text("Joined as")).to_be_visible()
    # The participant's page has no way to reveal or move on.
    expect(guest.get_by_role("button", name="Reveal the answer")).to_have_count(0)
    expect(guest.get_by_role("button", name="Ask this question")).to_have_count(0)
    choices = guest.locator("[data-testid='stRadio'] [role='radiogroup'] label")
    expect(choices.first).to_be_visible()
    choices.first.click()
    guest.get_by_role("button", name="Send answer").click()
    expect(guest.get_by_text("Answer sent")).to_be_visible()

    # No click on the host's side: its fragment re-reads the database on its own.
    expect(host.get_by_text("1 of 1 answered")).to_be_visible()
    expect(host.locator(".st-key-live_round [data-testid='stPlotlyChart']")).to_contain_text("1 (100%)")

    host.get_by_role("button", name="Reveal the answer").click()
    expect(host.get_by_text("Right answer:")).to_be_visible()
    expect(guest.get_by_text("Right answer:")).to_be_visible()
    assert violations(host) == [] and violations(guest) == []
    for page in (host, guest):
        assert page.locator("[data-testid='stException']").count() == 0
        page.context.close()
