"""A click anywhere on a diagram box selects that part, in a real browser.

The point clicked is the centre of each box, computed from the figure itself (the box
shapes and the axes' scale), so the test does not rely on a spot known to react.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.serving import Server, wait_rendered

pytestmark = pytest.mark.browser

BOX_CENTRES = """
gd => {
  const layout = gd._fullLayout;
  const frame = gd.getBoundingClientRect();
  const chips = gd.data.filter(t => t.mode === 'markers+text');
  const boxes = [];
  for (const shape of layout.shapes) {
    if (shape.type !== 'rect' || shape.fillcolor === 'rgba(0,0,0,0)') continue;
    const cx = (shape.x0 + shape.x1) / 2, cy = (shape.y0 + shape.y1) / 2;
    let label = null;
    for (const chip of chips) {
      chip.y.forEach((y, i) => {
        if (Math.abs(y - cy) < 1e-6 && chip.x[i] > shape.x0 && chip.x[i] < shape.x1) label = chip.text[i];
      });
    }
    boxes.push({
      label: label && label.split('<br>').join(' '),
      x: frame.left + layout._size.l + layout.xaxis.l2p(cx),
      y: frame.top + layout._size.t + layout.yaxis.l2p(cy),
    });
  }
  return boxes;
}
"""
"""Every node box's centre in page pixels, and the label drawn in it."""


def box_centres(page: Page, chart: str) -> list[dict[str, Any]]:
    plot = page.locator(f"{chart} .js-plotly-plot").first
    expect(plot).to_be_visible()
    plot.scroll_into_view_if_needed()
    return list(plot.evaluate(BOX_CENTRES))


TRIES = 3
"""Clicks on the same box before giving up: plotly binds its click handler a moment after it draws."""


def click_and_expect(page: Page, box: dict[str, Any], shown: str, chart: str) -> None:
    """Click the box's centre until the part it names is explained (measured afresh before each try)."""
    target = page.locator(shown).filter(has_text=box["label"]).first
    for _ in range(TRIES - 1):
        page.mouse.click(box["x"], box["y"])
        try:
            expect(target).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            box = next(b for b in box_centres(page, chart) if b["label"] == box["label"])
    page.mouse.click(box["x"], box["y"])
    expect(target).to_be_visible()


def test_a_click_in_the_centre_of_a_box_explains_that_part(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/lambda_architecture")
    wait_rendered(page)
    boxes = box_centres(page, ".st-key-diagram_chart")
    assert len(boxes) >= 5 and all(box["label"] for box in boxes)
    for box in (boxes[0], boxes[len(boxes) // 2], boxes[-1]):
        click_and_expect(page, box, "[data-testid='stMarkdownContainer'] strong", ".st-key-diagram_chart")
        expect(page.locator(".st-key-diagram_node input")).to_have_value(box["label"])
        # The click re-draws the chart: measure again before the next one.
        boxes = box_centres(page, ".st-key-diagram_chart")


def test_a_click_in_the_centre_of_a_concept_box_opens_that_topic(app: Server, page: Page) -> None:
    page.goto(app.url)
    wait_rendered(page)
    boxes = box_centres(page, ".st-key-concept_chart")
    assert len(boxes) > 10
    for index in (0, len(boxes) // 2):
        box = box_centres(page, ".st-key-concept_chart")[index]
        click_and_expect(page, box, "[data-testid='stMarkdownContainer'] strong", ".st-key-concept_chart")
        expect(page.locator(".st-key-concept_topic input")).to_have_value(box["label"])


ARROW_MIDDLE = """
gd => {
  const layout = gd._fullLayout;
  const frame = gd.getBoundingClientRect();
  const line = gd.data.find(t => t.mode === 'lines');
  const [x0, x1, y0, y1] = [line.x[0], line.x[1], line.y[0], line.y[1]];
  return {
    x: frame.left + layout._size.l + layout.xaxis.l2p((x0 + x1) / 2),
    y: frame.top + layout._size.t + layout.yaxis.l2p((y0 + y1) / 2),
  };
}
"""
"""The middle of the first segment of the first arrow drawn, in page pixels."""


def test_a_click_on_an_arrow_says_what_it_carries(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/lambda_architecture")
    wait_rendered(page)
    plot = page.locator(".st-key-diagram_chart .js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    point = plot.evaluate(ARROW_MIDDLE)
    page.mouse.click(point["x"], point["y"])
    expect(page.locator("[data-testid='stMarkdownContainer'] strong").filter(has_text="→").first).to_be_visible()
