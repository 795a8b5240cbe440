"""Every page of the catalog in a real browser: it renders, shows its title and the full menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from studylab.content.catalog import Page as CatalogPage
from studylab.content.catalog import Section, all_pages
from studylab.ui.site import APP_TITLE
from tests.serving import VIEWPORT, Server, load_catalog, streamlit_server, wait_rendered

pytestmark = pytest.mark.browser

CATALOG = load_catalog()
PAGES = all_pages(CATALOG)
EXCEPTION = "[data-testid='stException']"
MENU_LINKS = "[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']"


def menu_links(page: Page) -> Locator:
    """The menu's links (a link with a tooltip also has a hidden copy, left out here)."""
    return page.locator(MENU_LINKS).filter(visible=True)


def assert_full_menu(page: Page, catalog: list[Section]) -> None:
    """The sidebar shows our grouped menu: every section heading and a link to every page."""
    links = menu_links(page)
    expect(links).to_have_count(len(all_pages(catalog)) + 1)
    headings = page.locator("[data-testid='stSidebar'] strong").all_inner_texts()
    assert headings == [s.title for s in catalog], "one heading per section, in catalog order"
    slugs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert slugs == ["", *(p.slug for p in all_pages(catalog))], "Home, then every page in menu order"
    assert page.locator("[data-testid='stSidebarNav']").count() == 0, "Streamlit's own page list stays hidden"


def assert_page_shown(page: Page, expected: CatalogPage | None) -> None:
    """No exception, the catalog title in the tab, the page's heading on the page."""
    exceptions = page.locator(EXCEPTION).all_inner_texts()
    assert not exceptions, exceptions
    heading = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
    if expected is None:
        assert page.title() == APP_TITLE
        assert heading == APP_TITLE
        return
    assert page.title() == f"{expected.title} · {APP_TITLE}"
    if expected.topic:
        assert heading == expected.title
    else:
        assert heading, "a tool page has a heading"


def test_home_renders_with_menu(app: Server, page: Page) -> None:
    page.goto(app.url)
    wait_rendered(page)
    assert_page_shown(page, None)
    assert_full_menu(page, CATALOG)


@pytest.mark.parametrize("target", PAGES, ids=[p.slug for p in PAGES])
def test_page_renders(app: Server, page: Page, target: CatalogPage) -> None:
    page.goto(f"{app.url}/{target.slug}")
    wait_rendered(page)
    assert_page_shown(page, target)
    expect(menu_links(page)).to_have_count(len(PAGES) + 1)


def test_deep_link_right_after_restart(browser: Browser) -> None:
    """A fresh server whose first request is a deep link shows that page with the grouped menu.

    With ``st.navigation`` plus a ``pages/`` folder, Streamlit ran such a link's script directly
    and showed its own page list; our menu and catalog must not depend on "/" being loaded first.
    """
    target, other = PAGES[-1], PAGES[0]
    with streamlit_server() as fresh:
        for deep in (target, other):
            context = browser.new_context(viewport=VIEWPORT)
            try:
                page = context.new_page()
                page.goto(f"{fresh.url}/{deep.slug}")
                wait_rendered(page)
                assert page.url == f"{fresh.url}/{deep.slug}"
                assert_page_shown(page, deep)
                assert_full_menu(page, CATALOG)
            finally:
                context.close()
