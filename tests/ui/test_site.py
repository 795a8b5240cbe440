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
