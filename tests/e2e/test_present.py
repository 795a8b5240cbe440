"""Slides in a real browser: arrow keys, deep links on a fresh server, and an offline handout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import run_axe, wait_settled
from tests.serving import RENDERED, VIEWPORT, Server, streamlit_server

pytestmark = pytest.mark.browser


def slide_counter(page: Page, text: str) -> None:
    expect(page.get_by_text(text)).to_be_visible()


def test_arrow_keys_and_buttons_move_through_the_deck(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/present?deck=lambda_architecture&slide=1")
    page.wait_for_selector(RENDERED)
    slide_counter(page, "Slide 1 of 4")
    expect(page.get_by_role("button", name="Next")).to_be_enabled()
    wait_settled(page)  # the buttons' key bindings are attached once they are drawn
    page.locator(".st-key-slide h2").first.click()  # give the page keyboard focus
    page.keyboard.press("ArrowRight")
    slide_counter(page, "Slide 2 of 4")
    assert page.url.endswith("deck=lambda_architecture&slide=2")
    # Previous was disabled on slide 1; its key works once the button is drawn enabled.
    expect(page.get_by_role("button", name="Previous")).to_be_enabled()
    page.keyboard.press("ArrowLeft")
    slide_counter(page, "Slide 1 of 4")
    page.get_by_role("button", name="Next").click()
    slide_counter(page, "Slide 2 of 4")
    expect(page.locator(".st-key-slide [data-testid='stPlotlyChart']")).to_have_count(1)
    wait_settled(page)
    assert [v["id"] for v in run_axe(page)["violations"]] == [], "a slide with a figure passes axe"


def test_a_deep_link_opens_its_slide_on_a_fresh_server(browser: Browser) -> None:
    with streamlit_server() as fresh:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{fresh.url}/present?deck=streaming_tour&slide=5&preset=nonsense")
        page.wait_for_selector(RENDERED)
        slide_counter(page, "Slide 5 of")
        expect(page.get_by_role("heading", name="How batch and real time share one platform")).to_be_visible()
        page.goto(f"{fresh.url}/present?deck=streaming_tour&slide=500")
        page.wait_for_selector(RENDERED)
        expect(page.get_by_text("showing the last one")).to_be_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()


def test_the_handout_downloads_and_draws_its_figures_offline(
    app: Server, browser: Browser, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{app.url}/present?deck=lambda_architecture&slide=1")
    page.wait_for_selector(RENDERED)
    with page.expect_download() as download:
        page.get_by_role("button", name="Handout (one HTML file)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "lambda_architecture-handout.html"

    offline = browser.new_context(offline=True, viewport=VIEWPORT)
    reader = offline.new_page()
    problems: list[str] = []
    reader.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    reader.on("request", lambda request: problems.append(request.url) if not request.url.startswith("file:") else None)
    reader.goto(saved.as_uri())
    expect(reader.locator("section.slide")).to_have_count(4)
    expect(reader.locator("figure .main-svg").first).to_be_visible()
    expect(reader.get_by_text("Speaker notes").first).to_be_visible()
    assert problems == []
    offline.close()


def test_presenter_keys_go_to_slides_project_and_blank(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/present?deck=streaming_tour&slide=1")
    page.wait_for_selector(RENDERED)
    slide_counter(page, "Slide 1 of 11")
    wait_settled(page)
    page.locator(".st-key-slide h2").first.click()  # give the page keyboard focus
    for key, expected in (("Space", 2), ("End", 11), ("Home", 1), ("4", 4), ("0", 10), ("ArrowLeft", 9)):
        page.keyboard.press(key)
        slide_counter(page, f"Slide {expected} of 11")
        assert page.url.endswith(f"slide={expected}"), key

    # Typing in a box never moves the slide.
    page.get_by_role("button", name="Choose a deck").click()
    picker = page.get_by_role("textbox", name="Find a deck")
    picker.click()
    picker.press_sequentially("3 5")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    page.wait_for_selector(RENDERED)
    slide_counter(page, "Slide 9 of 11")
    expect(page.get_by_text("No other deck has that in its title.")).to_be_visible()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()

    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("f")
    expect(page).to_have_url(re.compile("mode=projector"))
    expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
    expect(page.get_by_role("link", name="Presenter view (new window)")).to_be_hidden()
    page.keyboard.press("b")
    expect(page.get_by_role("button", name="Show the slide")).to_be_visible()
    expect(page.locator(".st-key-slide")).to_have_count(0)
    page.keyboard.press("b")
    slide_counter(page, "Slide 9 of 11")
    assert "mode=projector" in page.url and "blank" not in page.url
    # Every key has a button: leave projector mode by mouse.
    page.get_by_role("button", name="Leave projector mode").click()
    expect(page.locator("[data-testid='stHeader']")).to_be_visible()
    expect(page.get_by_role("link", name="Presenter view (new window)")).to_be_visible()
