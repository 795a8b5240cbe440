"""The app works in a room with no internet: a page asks nothing of any server but the app's own."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser

from tests.serving import RENDERED, VIEWPORT, Server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/present?deck=lambda_architecture&slide=2", "/data_warehouse"])
def test_a_page_loads_nothing_from_outside_servers(browser: Browser, app: Server, path: str) -> None:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(app.url + path)
    page.wait_for_selector(RENDERED)
    page.wait_for_timeout(1_500)  # the favicon and fonts are asked for after the first render
    page.context.close()
    own = urlparse(app.url).netloc
    assert hosts - {own, ""} == set()
