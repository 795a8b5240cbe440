"""Follow mode in real browsers: a presenter moves, the slides window and the audience's screens follow.

Each person is a browser context of their own (no shared cookies or storage); the only thing the
windows share is the database, as on two app servers. Timings are measured from the moment the
presenter's own window shows the new slide (its run has written the move).
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from studylab.storage.database import URL_ENV
from tests.e2e.test_accessibility import run_axe, wait_settled
from tests.postgres import PostgresCluster
from tests.serving import RENDERED, VIEWPORT, Server, streamlit_server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FOLLOW_S = 2.0
"""A following screen shows the presenter's slide within this many seconds (the median of every
screen over several moves; a single one may take up to twice as long when the shared test
machine is overloaded, which the run's load average shows)."""
DECK = "streaming_tour"


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def open_page(browser: Browser, contexts: list[BrowserContext], url: str, viewport: dict[str, int] = VIEWPORT) -> Page:
    """A new person (a browser context of their own) opening ``url``."""
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE, has_touch=viewport == PHONE)
    contexts.append(context)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(RENDERED)
    return page


def counter(number: int) -> re.Pattern[str]:
    return re.compile(rf"^Slide {number} of \d+")


def start_room(presenter: Page) -> tuple[str, str, str]:
    """Start follow mode in the presenter view: the follow code, the audience's link, the presenter key."""
    presenter.get_by_role("button", name="Start follow mode").click()
    link = presenter.locator(".st-key-follow_room code")
    expect(link).to_contain_text("follow=")
    query = parse_qs(urlparse(presenter.url).query)
    return query["follow"][0], link.inner_text().replace("\n", "").strip(), query["key"][0]


def seconds_until(pages: list[Page], number: int, limit_s: float = 20.0) -> list[float]:
    """How long after now each page shows slide ``number`` (inf if it never does within ``limit_s``)."""
    start, seen = time.monotonic(), {}
    while len(seen) < len(pages) and time.monotonic() - start < limit_s:
        for i, page in enumerate(pages):
            if i not in seen and page.get_by_text(counter(number)).count():
                seen[i] = time.monotonic() - start
        time.sleep(0.05)
    return [seen.get(i, float("inf")) for i in range(len(pages))]


def move_and_time(presenter: Page, button: str, followers: list[Page], number: int) -> list[float]:
    presenter.get_by_role("button", name=button).click()
    expect(presenter.get_by_text(counter(number))).to_be_visible()
    return seconds_until(followers, number)


def check_lags(lags: list[float], what: str) -> None:
    """The median lag within :data:`FOLLOW_S`, none over twice that; the numbers are in the message."""
    message = f"seconds to follow {what}: {[round(lag, 2) for lag in lags]} (load {os.getloadavg()[0]:.1f})"
    assert statistics.median(lags) < FOLLOW_S, message
    assert max(lags) < 2 * FOLLOW_S, message


def test_the_slides_window_and_the_audience_follow_the_presenter(
    app: Server, browser: Browser, contexts: list[BrowserContext]
) -> None:
    presenter = open_page(browser, contexts, f"{app.url}/presenter?deck={DECK}&slide=1")
    code, link, key = start_room(presenter)
    assert link == f"{app.url}/present?follow={code}"
    wait_settled(presenter)
    assert [v["id"] for v in run_axe(presenter)["violations"]] == [], "the presenter view with its room passes axe"
    slides_href = presenter.get_by_role("link", name="Open the slides (new window)").get_attribute("href")
    assert slides_href and f"key={key}" in slides_href  # the presenter's own window may move the room
    slides = open_page(browser, contexts, urljoin(f"{app.url}/", slides_href))
    laptop = open_page(browser, contexts, link)
    phone = open_page(browser, contexts, link, PHONE)
    followers = [slides, laptop, phone]
    for page in followers:
        expect(page.get_by_text(counter(1))).to_be_visible()

    lags = [lag for number in (2, 3, 4) for lag in move_and_time(presenter, "Next", followers, number)]
    check_lags(lags, "Next three times (slides window, laptop, phone)")

    # The slides window holds the key: its End key moves the room, the presenter view included.
    slides.locator(".st-key-slide h2, .st-key-slide h1").first.click()
    slides.keyboard.press("End")
    expect(slides.get_by_text(counter(11))).to_be_visible()
    check_lags(seconds_until([presenter, laptop, phone], 11), "the slides window's End key")

    # B in the presenter view blanks the room's screens (not the presenter's own), B again shows them.
    presenter.get_by_role("heading").first.click()
    presenter.keyboard.press("b")
    expect(presenter.get_by_text("The room's screens are blank")).to_be_visible()
    for page in (slides, phone):
        expect(page.get_by_role("button", name="Show the slide")).to_be_visible(timeout=4_000)
        expect(page.locator(".st-key-slide")).to_have_count(0)
    presenter.keyboard.press("b")
    for page in (slides, phone):
        expect(page.get_by_text(counter(11))).to_be_visible(timeout=4_000)

    for page in (laptop, phone):
        assert key not in page.url and key not in page.content(), "the audience never sees the presenter key"
    expect(phone.get_by_text("Following the presenter")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling on a phone"


def test_the_audience_steps_back_and_rejoins(app: Server, browser: Browser, contexts: list[BrowserContext]) -> None:
    presenter = open_page(browser, contexts, f"{app.url}/presenter?deck={DECK}&slide=3")
    _, link, _ = start_room(presenter)
    phone = open_page(browser, contexts, link, PHONE)
    expect(phone.get_by_text(counter(3))).to_be_visible()

    phone.get_by_role("button", name="Previous").click()
    expect(phone.get_by_text("You are on slide 2; the presenter is on slide 3.")).to_be_visible()
    wait_settled(phone)
    assert [v["id"] for v in run_axe(phone)["violations"]] == [], "the phone reading on its own passes axe"
    # Reading on their own: the presenter moves on, the phone stays and says where the presenter is.
    presenter.get_by_role("button", name="Next").click()
    expect(phone.get_by_text("You are on slide 2; the presenter is on slide 4.")).to_be_visible()
    expect(phone.get_by_text(counter(2))).to_be_visible()
    # An audience member's step never moves the room.
    expect(presenter.get_by_text(counter(4))).to_be_visible()

    phone.get_by_role("button", name="Rejoin").click()
    expect(phone.get_by_text(counter(4))).to_be_visible()
    expect(phone.get_by_text("Following the presenter")).to_be_visible()
    lags = move_and_time(presenter, "Next", [phone], 5) + move_and_time(presenter, "Next", [phone], 6)
    check_lags(lags, "Next twice after rejoining")

    # The same keys on an audience screen: they step on their own, and J rejoins.
    phone.get_by_role("heading").first.click()
    phone.keyboard.press("Home")
    expect(phone.get_by_text("You are on slide 1; the presenter is on slide 6.")).to_be_visible()
    phone.keyboard.press("3")
    expect(phone.get_by_text("You are on slide 3; the presenter is on slide 6.")).to_be_visible()
    phone.keyboard.press("j")
    expect(phone.get_by_text(counter(6))).to_be_visible()
    expect(phone.get_by_text("Following the presenter")).to_be_visible()


def test_nonsense_and_unknown_follow_codes_get_a_clear_message(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/present?follow=%3Cscript%3E")
    page.wait_for_selector(RENDERED)
    expect(page.get_by_text("is not a follow code")).to_be_visible()
    page.goto(f"{app.url}/present?follow=ZZZZZZ&key=guess")
    page.wait_for_selector(RENDERED)
    expect(page.get_by_text("Nobody is presenting with the follow code ZZZZZZ")).to_be_visible()
    expect(page.get_by_text(counter(1))).to_be_visible()  # the slides still show
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.postgres
def test_presenter_and_audience_on_two_app_servers_sharing_one_database(
    browser: Browser, contexts: list[BrowserContext], postgres: PostgresCluster
) -> None:
    env = {URL_ENV: postgres.new_database()}
    with streamlit_server(env=env) as first, streamlit_server(env=env) as second:
        presenter = open_page(browser, contexts, f"{first.url}/presenter?deck={DECK}&slide=1")
        code, _, _ = start_room(presenter)
        laptop = open_page(browser, contexts, f"{second.url}/present?follow={code}")
        phone = open_page(browser, contexts, f"{second.url}/present?follow={code}", PHONE)
        for page in (laptop, phone):
            expect(page.get_by_text(counter(1))).to_be_visible()
        lags = move_and_time(presenter, "Next", [laptop, phone], 2)
        lags += move_and_time(presenter, "Next", [laptop, phone], 3)
        lags += move_and_time(presenter, "Last", [laptop, phone], 11)
        check_lags(lags, "across two servers")
