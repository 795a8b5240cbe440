"""Students never see a server path, and the page icon needs no outside server."""

from __future__ import annotations

import pytest

from studylab.storage.database import URL_ENV
from studylab.ui import site
from tests.pages_support import run_page


def test_database_urls_and_file_paths_are_removed_from_messages() -> None:
    message = "The progress database (sqlite:////root/.local/share/studylab/studylab.db) is read-only."
    assert site.without_paths(message) == "The progress database (<the app's database>) is read-only."
    spill = "IO Error: cannot write /tmp/studylab-engines-1/duckdb_spill/x.tmp or ~/.duckdb/extensions"
    assert site.without_paths(spill) == "IO Error: cannot write <server folder> or <server folder>"


def test_web_links_and_fractions_are_kept() -> None:
    text = "See https://example.org/a/b for 3/4 of it."
    assert site.without_paths(text) == text


def test_an_unreachable_database_is_reported_without_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = "/dev/null/no-such-folder"  # cannot be created, even by root
    monkeypatch.setenv(URL_ENV, f"sqlite:///{folder}/progress.db")
    at = run_page("pages/quiz.py")
    shown = " ".join(str(e.value) for e in at.error)
    assert "Progress cannot be saved right now" in shown
    assert "no-such-folder" not in shown and "sqlite:" not in shown


def test_the_page_icon_is_not_a_remote_material_icon() -> None:
    assert not site.PAGE_ICON.startswith(":material")


def test_page_links_carry_their_pages_url_and_are_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every link names its page by URL path and Streamlit's hash of it; the page objects behind them
    are made on the first run only (a path given to st.page_link is resolved on disk at every call)."""
    from streamlit.util import calc_hash

    made: list[str] = []
    original = site.st.Page

    def page(path: str, **options: object) -> object:
        made.append(path)
        return original(path, **options)

    monkeypatch.setattr(site, "_page_objects", {})
    monkeypatch.setattr(site.st, "Page", page)
    at = run_page("pages/data_lake.py")
    links = [link.proto for link in at.get("page_link")]
    assert len(links) > 30 and made, "the menu and the page's own links"
    for link in links:
        assert link.page_script_hash == calc_hash(link.page or "app"), link.page
    paths = {p.removeprefix("pages/").removesuffix(".py") for p in made} - {"app"}
    assert {link.page for link in links} - {""} <= paths
    first = len(made)
    at.run()
    assert len(made) == first, "a rerun makes no page object again"
