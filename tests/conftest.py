"""Shared fixtures: the real content, and a disposable copy of the tree to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studylab.content import ROOT, ROOT_ENV, Content, load_content


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
