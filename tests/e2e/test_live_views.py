"""The three views of a live quiz in real browsers: the host's controls survive a reload, the
projector shows the room what it may see and nothing else, and its QR code scans to the join link."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_live_session import violations
from tests.serving import RENDERED, Server

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
CONTROLS = "[data-testid='stMain'] button:not([kind='elementToolbar'])"
"""Buttons that act on the session (an image's own full-screen button does not)."""


def open_page(browser: Browser, url: str, viewport: dict[str, int] | None = None) -> Page:
    page = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector(RENDERED)
    return page


def test_the_projector_shows_no_host_key_controls_or_upcoming_questions(browser: Browser, app: Server) -> None:
    host = open_page(browser, f"{app.url}/live_host")
    host.get_by_role("button", name="Start a live session").click()
    expect(host.get_by_role("link", name="Open the projector view")).to_be_visible()
    token = re.search(r"[?&]host=([^&]+)", host.url)
    code = re.search(r"[?&]code=([A-Z0-9]+)", host.url)
    assert token and code, f"the host's URL holds the code and the key: {host.url}"
    host.get_by_role("button", name="Ask this question").click()
    expect(host.get_by_text("0 of 0 answered")).to_be_visible()
    asked = host.locator(".st-key-live_round h3").inner_text()
    host.get_by_role("tab", name="Quiz question").click()
    host.get_by_role("combobox", name="Question").click()
    upcoming = [t.strip() for t in host.get_by_role("option").all_inner_texts() if t.strip() and t.strip() != asked]
    host.keyboard.press("Escape")
    assert upcoming, "the host sees other questions to ask next"

    link = host.get_by_role("link", name="Open the projector view")
    href = link.get_attribute("href") or ""
    assert token.group(1) not in href and "host=" not in href
    assert "noreferrer" in (link.get_attribute("rel") or ""), "the new tab is not told the host's URL"
    screen = open_page(browser, f"{app.url}/{href.lstrip('./')}", PROJECTOR)
    expect(screen.get_by_text(asked)).to_be_visible()
    expect(screen.get_by_text(" ".join(code.group(1)))).to_be_visible()
    shown = screen.locator("[data-testid='stMain']").inner_text()
    assert token.group(1) not in shown and token.group(1) not in screen.url and "host=" not in screen.url
    assert screen.locator(CONTROLS).count() == 0, "no controls on the projector"
    for text in ("Reveal the answer", "Ask this question", "End the session", "Host key"):
        assert text not in shown
    assert [q for q in upcoming if q in shown] == [], "no upcoming question on the projector"

    # The QR code, as the projector draws it, scans to the join link.
    picture = screen.locator("[data-testid='stImage'] img").first
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(picture.screenshot())))
    assert [c.text for c in found] == [f"{app.url}/live_join?code={code.group(1)}"]

    host.get_by_role("button", name="Reveal the answer").click()
    expect(screen.get_by_text("Right answer:")).to_be_visible()
    assert screen.locator(CONTROLS).count() == 0
    assert violations(screen) == []
    for page in (host, screen):
        assert page.locator("[data-testid='stException']").count() == 0
        page.context.close()


def test_a_reload_of_the_host_page_keeps_control(browser: Browser, app: Server) -> None:
    host = open_page(browser, f"{app.url}/live_host")
    host.get_by_role("button", name="Start a live session").click()
    host.get_by_role("button", name="Ask this question").click()
    expect(host.get_by_role("button", name="Reveal the answer")).to_be_visible()
    before = host.url
    host.reload()
    host.wait_for_selector(RENDERED)
    assert host.url == before
    expect(host.get_by_role("button", name="Reveal the answer")).to_be_visible()
    expect(host.get_by_role("button", name="Ask this question")).to_be_visible()
    expect(host.get_by_role("button", name="Start a live session")).to_have_count(0)
    host.get_by_role("button", name="Reveal the answer").click()
    expect(host.get_by_text("Right answer:")).to_be_visible()
    host.context.close()
