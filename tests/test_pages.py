"""Every page of the catalog renders; every topic and table is used by a page; errors stay local."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from studylab.content.catalog import HOME, all_pages, build_catalog
from studylab.content.loader import Content
from studylab.content.schemas import TABLES
from tests.pages_support import catalog_paths, run_page

PATHS = catalog_paths()


@pytest.fixture(scope="module")
def page_runs() -> dict[str, tuple[AppTest, set[str]]]:
    """Run every page once, recording which topics and tables each one asked for."""
    runs: dict[str, tuple[AppTest, set[str]]] = {}
    used: set[str] = set()
    original_topic, original_table = Content.topic, Content.table

    def topic(self: Content, topic_id: str):  # type: ignore[no-untyped-def]
        used.add(f"content/{topic_id}.md")
        return original_topic(self, topic_id)

    def table(self: Content, name: str):  # type: ignore[no-untyped-def]
        used.add(f"data/{name}.csv")
        return original_table(self, name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Content, "topic", topic)
        patch.setattr(Content, "table", table)
        for path in PATHS:
            used.clear()
            runs[path] = (run_page(path), set(used))
    return runs


@pytest.mark.parametrize("path", PATHS)
def test_page_renders_without_exception(page_runs: dict[str, tuple[AppTest, set[str]]], path: str) -> None:
    at, _ = page_runs[path]
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def test_every_topic_has_a_page(content: Content) -> None:
    topic_pages = {page.topic for page in all_pages(build_catalog(content))}
    assert topic_pages >= set(content.topics)
    for topic_id in content.topics:
        assert (Path("pages") / f"{topic_id}.py").name in {Path(p).name for p in PATHS}


def test_topic_pages_show_their_topic(page_runs: dict[str, tuple[AppTest, set[str]]], content: Content) -> None:
    for topic in content.topics.values():
        at, used = page_runs[f"pages/{topic.id}.py"]
        assert at.title[0].value == topic.meta.title
        assert topic.path in used


def test_every_content_file_is_used_by_some_page(
    page_runs: dict[str, tuple[AppTest, set[str]]], content: Content
) -> None:
    used = set().union(*(files for _, files in page_runs.values()))
    # The menu on every page is built from these two tables.
    used |= {"data/sections.csv", "data/pages.csv"}
    expected = {topic.path for topic in content.topics.values()} | {f"data/{spec.name}.csv" for spec in TABLES}
    assert expected - used == set()


def test_home_links_every_page(page_runs: dict[str, tuple[AppTest, set[str]]]) -> None:
    at, _ = page_runs[HOME]
    linked = {link.proto.page for link in at.main.get("page_link")}
    assert {Path(p).stem for p in PATHS if p != HOME} <= {Path(p).stem for p in linked}


def test_broken_topic_shows_error_and_other_pages_still_work(use_tree: Path) -> None:
    (use_tree / "content/data_architecture.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    broken = run_page("pages/data_architecture.py", root=use_tree)
    assert not broken.exception
    (error,) = broken.error
    assert "content/data_architecture.md" in error.value and "line 2" in error.value
    other = run_page("pages/glossary.py", root=use_tree)
    assert not other.exception and not other.error
    assert other.title[0].value == "Glossary"
    home = run_page(HOME, root=use_tree)
    assert not home.exception
    assert any("content problem" in w.value for w in home.warning)


def test_broken_table_shows_error_on_its_page(use_tree: Path) -> None:
    (use_tree / "data/principles.csv").write_text("id,name\nx,y\n")
    at = run_page("pages/authors_principles.py", root=use_tree)
    assert not at.exception
    assert any("data/principles.csv" in e.value for e in at.error)
    assert at.title[0].value  # the explanation still renders
