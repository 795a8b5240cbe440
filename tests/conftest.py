"""Shared fixtures: the real content, a disposable copy of the tree to break, databases and a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import Engine

from studylab.content.loader import ROOT, ROOT_ENV, Content, load_content
from studylab.storage import database
from studylab.storage.database import URL_ENV, make_engine
from tests.postgres import PostgresCluster, postgres_problem
from tests.serving import RENDER_TIMEOUT_MS, VIEWPORT, chromium_problem, launch_chromium

# CI runs the same property examples every time, so a result never depends on luck;
# local runs keep exploring new examples.
# Properties are checked for what they return, never for how fast: a shared, loaded machine
# must not fail a test by a per-example deadline.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture(scope="session", autouse=True)
def private_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every test (and every server it starts) uses a throwaway progress database, never the user's."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'progress.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(URL_ENV, url)
        yield url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL server for the whole run, started on first use and stopped at the end."""
    problem = postgres_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    cluster = PostgresCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""Every store test runs on both databases the app supports."""


@pytest.fixture
def dispose_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every engine the test makes is disposed at its end, so no connection outlives it."""
    engines: list[Engine] = []

    def tracked(*args: Any, **kwargs: Any) -> Engine:
        engine = make_engine(*args, **kwargs)
        engines.append(engine)
        return engine

    monkeypatch.setattr(database, "make_engine", tracked)
    yield
    for engine in engines:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, dispose_engines: None) -> str:
    """The URL of a new, empty progress database: a SQLite file, or a database on the test cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.db'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(scope="session")
def content() -> Content:
    """The project's real content, loaded once."""
    return load_content(ROOT)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of app.py, content/, data/ and pages/ that a test may break freely."""
    for name in ("content", "data", "pages"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "app.py", tmp_path / "app.py")
    return tmp_path


@pytest.fixture
def use_tree(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the disposable tree (``$STUDYLAB_ROOT``)."""
    monkeypatch.setenv(ROOT_ENV, str(tree))
    return tree


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test opens its own context."""
    problem = chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    # A busy two-core machine can take seconds to draw a page: wait, but not for ever.
    expect.set_options(timeout=RENDER_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies, cache or storage from other tests)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()
