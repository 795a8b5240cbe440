"""The exhibit registry: every entry resolves, every topic page is the same two lines, and
front matter naming an unknown exhibit is a content error, not a crash."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from studylab.__main__ import main
from studylab.content.loader import ROOT, Content
from studylab.content.scaffold import PAGE_SCRIPT
from studylab.exhibits import EXHIBITS, check_exhibits
from tests.pages_support import run_page


@pytest.mark.parametrize("name", sorted(EXHIBITS))
def test_every_exhibit_names_a_face_function(name: str) -> None:
    module, _, function = EXHIBITS[name].face.partition(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_the_real_topics_name_only_registered_exhibits(content: Content) -> None:
    assert check_exhibits(content) == []
    assert any(topic.meta.shows for topic in content.topics.values())


@pytest.mark.parametrize("topic", sorted(path.stem for path in (ROOT / "content").glob("*.md")))
def test_every_topic_page_is_the_two_line_script(topic: str) -> None:
    assert (ROOT / "pages" / f"{topic}.py").read_text(encoding="utf-8") == PAGE_SCRIPT


def test_an_unknown_exhibit_is_reported_by_check_and_on_the_page(use_tree: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = use_tree / "content/lambda_architecture.md"
    path.write_text(path.read_text().replace("shows: [diagram, lambda_lab]", "shows: [diagram, lamda_lab]"))
    assert main(["check", "--root", str(use_tree)]) == 1
    assert "content/lambda_architecture.md:field shows: unknown exhibit 'lamda_lab'" in capsys.readouterr().out
    at = run_page("pages/lambda_architecture.py")
    assert not at.exception
    assert any("unknown exhibit 'lamda_lab'" in error.value for error in at.error)
    assert any("Lambda" in title.value for title in at.title)


def test_new_topic_writes_a_topic_that_passes_the_check(tree: Path) -> None:
    assert main(["new-topic", "data_mesh", "--section", "foundations", "--root", str(tree)]) == 0
    assert (tree / "pages/data_mesh.py").read_text() == PAGE_SCRIPT
    assert "TODO" in (tree / "content/data_mesh.md").read_text()
    assert main(["check", "--root", str(tree)]) == 0


def test_new_topic_never_overwrites(tree: Path) -> None:
    before = (tree / "content/lambda_architecture.md").read_text()
    assert main(["new-topic", "lambda_architecture", "--section", "streaming", "--root", str(tree)]) == 1
    assert (tree / "content/lambda_architecture.md").read_text() == before


def test_new_topic_refuses_an_id_that_is_not_a_slug(tree: Path) -> None:
    assert main(["new-topic", "Data Mesh", "--section", "foundations", "--root", str(tree)]) == 1
    assert not list(tree.glob("content/Data*"))
