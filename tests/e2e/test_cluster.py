"""The deployment recipe end to end: nginx in front of two app servers sharing one PostgreSQL.

The host is pinned to one app server and the participants to the other by nginx's route cookie;
they answer, the host reveals, and then the participants' server is stopped in the middle of the
next round: they reload, nginx sends them to the server still running, and they keep answering.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from studylab.present.live import LiveStore
from studylab.storage.database import Database
from tests.postgres import postgres_problem
from tests.serving import RENDERED
from tools.cluster import ROUTE_COOKIE, Cluster, nginx_problem, running_cluster

pytestmark = [pytest.mark.browser, pytest.mark.cluster]

NGINX_PORT, HOST_SERVER, GUEST_SERVER, POSTGRES_PORT = 8684, 8685, 8686, 8687
GUESTS = ("Ana", "Bo")
TIMEOUT_MS = 30_000
UPLOADED_DECK = "# Through the proxy\n\nUploaded behind nginx.\n\n---\n\n# Second slide\n\nStill there.\n"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    problem = nginx_problem() or postgres_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    with running_cluster(NGINX_PORT, (HOST_SERVER, GUEST_SERVER), POSTGRES_PORT) as running:
        yield running


def open_on(browser: Browser, cluster: Cluster, server: int, path: str) -> Page:
    """A new browser whose route cookie pins it to the app server on port ``server``."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.add_cookies([{"name": ROUTE_COOKIE, "value": cluster.route_to(server), "url": cluster.url}])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{cluster.url}{path}")
    page.wait_for_selector(RENDERED)
    return page


def answer(guest: Page) -> None:
    guest.locator("[data-testid='stRadio'] [role='radiogroup'] label").first.click()
    guest.get_by_role("button", name="Send answer").click()
    expect(guest.get_by_text("Answer sent")).to_be_visible()


def test_a_deck_uploads_through_the_proxy(browser: Browser, cluster: Cluster) -> None:
    # No route cookie of ours: nginx picks the server and pins the browser to it, so the
    # upload's HTTP request reaches the server that holds the page's session.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{cluster.url}/present")
    page.wait_for_selector(RENDERED)
    page.get_by_role("button", name="Choose a deck").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "proxy_deck.md", "mimeType": "text/markdown", "buffer": UPLOADED_DECK.encode()}]
    )
    page.get_by_role("button", name="Import this deck").click()
    expect(page.get_by_text("Slide 1 of 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Through the proxy").first).to_be_visible()
    assert "deck=proxy_deck" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
    context.close()


def test_a_round_survives_the_participants_server_stopping(browser: Browser, cluster: Cluster) -> None:
    host = open_on(browser, cluster, HOST_SERVER, "/live_host")
    host.get_by_role("button", name="Start a live session").click()
    code = host.locator("[data-testid='stMetricValue']").first.inner_text().replace(" ", "")
    host.get_by_role("button", name="Ask this question").click()

    guests = []
    for name in GUESTS:
        guest = open_on(browser, cluster, GUEST_SERVER, f"/live_join?code={code}")
        guest.get_by_role("textbox", name="Nickname").fill(name)
        guest.get_by_role("button", name="Join").click()
        expect(guest.get_by_text("Joined as")).to_be_visible()
        guests.append(guest)
    for guest in guests:
        answer(guest)
    # The host's server sees answers written through the other server: one shared database.
    expect(host.get_by_text("2 of 2 answered")).to_be_visible()
    host.get_by_role("button", name="Reveal the answer").click()
    for guest in guests:
        expect(guest.get_by_text("Right answer:")).to_be_visible()

    host.get_by_role("button", name="Ask this question").click()
    expect(host.get_by_text("0 of 2 answered")).to_be_visible()
    cluster.stop_server(GUEST_SERVER)
    for guest in guests:
        guest.reload()  # the token is in the page's URL, so the reload lands on the other server as the same person
        guest.wait_for_selector(RENDERED)
        answer(guest)
    expect(host.get_by_text("2 of 2 answered")).to_be_visible()
    host.get_by_role("button", name="Reveal the answer").click()
    expect(host.get_by_text("Right answer:")).to_be_visible()
    expect(host.get_by_text("Scoreboard")).to_be_visible()

    db = Database(cluster.database_url)
    try:
        board = LiveStore(db).scoreboard(code)
    finally:
        db.dispose()
    assert sorted(board["nickname"]) == sorted(GUESTS)
    assert list(board["answered"]) == [2, 2]
    for page in (host, *guests):
        assert page.locator("[data-testid='stException']").count() == 0
        page.context.close()


def test_script_bundles_are_compressed_and_kept_by_the_proxy(cluster: Cluster) -> None:
    """Streamlit leaves compressing its bundles to the proxy: nginx gzips them and serves repeats itself."""
    index = urllib.request.urlopen(f"{cluster.url}/", timeout=10).read().decode()
    bundle = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', index)
    assert bundle is not None, "the page names its script bundle"
    statuses = []
    for _ in range(2):
        request = urllib.request.Request(f"{cluster.url}/{bundle.group(1)}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            assert response.headers["Content-Encoding"] == "gzip"
            assert len(gzip.decompress(body)) > 2 * len(body), "script compresses well"
            statuses.append(response.headers["X-Cache-Status"])
    assert statuses[-1] == "HIT", statuses
