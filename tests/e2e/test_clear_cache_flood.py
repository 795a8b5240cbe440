"""A visitor's websocket client floods ``clear_cache`` while a student holds Delta Lake commits: nothing is lost.

Streamlit lets any client send ``clear_cache`` (it empties every process cache); the engine labs keep each
session's workspace in that session's own state, so the flood costs rebuilds and nothing else.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from tests.serving import RENDERED, Server, wait_rendered

pytestmark = pytest.mark.browser

FLOOD = 10


def flood_clear_cache(app: Server) -> None:
    """Another visitor, with no browser: a websocket client sending ``clear_cache`` again and again."""
    message = BackMsg()
    message.clear_cache = True
    with connect(f"ws://127.0.0.1:{app.port}/_stcore/stream", subprotocols=[Subprotocol("streamlit")]) as socket:
        for _ in range(FLOOD):
            socket.send(message.SerializeToString())


def append(page: Page, version: int) -> None:
    page.get_by_role("button", name="Append the next month").click()
    expect(page.get_by_text(f"as version {version}").first).to_be_visible()
    page.wait_for_selector(RENDERED)


def test_commits_survive_a_clear_cache_flood_from_another_client(page: Page, app: Server) -> None:
    page.goto(f"{app.url}/lakehouse")
    wait_rendered(page)
    append(page, 1)
    append(page, 2)
    flood_clear_cache(app)
    append(page, 3)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlert']").filter(has_text="could not").count() == 0
