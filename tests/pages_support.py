"""Running pages in AppTest, shared by the page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit import config
from streamlit.testing.v1 import AppTest

from studylab.content.catalog import HOME, all_pages, build_catalog, page_scripts
from studylab.content.loader import ROOT, load_content

TIMEOUT = 60


def catalog_paths(root: Path = ROOT) -> list[str]:
    """The home page and every page of the catalog, as script paths."""
    content = load_content(root)
    return [HOME, *(page.path for page in all_pages(build_catalog(content, page_scripts(content))))]


def run_page(path: str, root: Path = ROOT, query: dict[str, str] | None = None) -> AppTest:
    """Run one page the way a browser reaches it: through the home script, then switch."""
    at = AppTest.from_file(str(root / HOME), default_timeout=TIMEOUT)
    # Students get redacted errors (config.toml); a failing test should say what broke.
    config.set_option("client.showErrorDetails", "full")
    if query:
        at.query_params.update(query)
    if path != HOME:
        at.switch_page(path)
    return at.run()
