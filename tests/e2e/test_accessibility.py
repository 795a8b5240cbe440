"""Every page passes axe-core's WCAG 2.1 A and AA rules with zero violations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from studylab.content.catalog import all_pages
from studylab.content.loader import ROOT
from tests.serving import AXE_JS, AXE_VERSION, Server, axe_problem, load_catalog, wait_rendered

pytestmark = pytest.mark.browser

URL_PATHS = ["", *(page.slug for page in all_pages(load_catalog()))]
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
IGNORED: dict[str, set[str]] = {}
"""rule id -> exact selectors inside Streamlit's own markup that we cannot change (each with a reason)."""


def wait_settled(page: Page, quiet_ms: int = 300, limit_ms: int = 10_000) -> None:
    """Wait until fonts are loaded and the layout stops growing (lazy elements such as code blocks)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    last, waited = "", 0
    while waited < limit_ms:
        size = page.evaluate(
            "[...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar], pre')]"
            ".map(e => e.scrollHeight).join() + '/' + document.querySelectorAll('*').length"
        )
        if size == last:
            return
        last = size
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms


def run_axe(page: Page) -> dict[str, Any]:
    problem = axe_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    page.add_script_tag(path=AXE_JS)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )


def test_pinned_axe_is_installed() -> None:
    assert f"AXE_VERSION := {AXE_VERSION}" in (ROOT / "Makefile").read_text(), "Makefile and tests pin one version"
    problem = axe_problem()
    assert problem is None, problem
    installed = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    assert installed == AXE_VERSION, f"build/ has axe-core {installed}; run `make axe` for {AXE_VERSION}"


@pytest.mark.parametrize("path", URL_PATHS, ids=[p or "home" for p in URL_PATHS])
def test_page_has_no_wcag_violations(app: Server, page: Page, path: str) -> None:
    page.goto(f"{app.url}/{path}")
    wait_rendered(page)
    page.wait_for_load_state("networkidle")
    wait_settled(page)
    results = run_axe(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node['failureSummary']}"
        for v in results["violations"]
        for node in v["nodes"]
        if not set(map(str, node["target"])) <= IGNORED.get(v["id"], set())
    ]
    assert not found, "\n".join(found)
