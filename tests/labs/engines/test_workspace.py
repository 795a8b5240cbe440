"""Scratch folders live outside the repository and are removed however the session ends."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from studylab.content.loader import ROOT
from studylab.labs.engines.workspace import Workspace


def test_folder_is_a_temporary_directory_outside_the_repo() -> None:
    workspace = Workspace("test")
    try:
        assert workspace.root.is_dir()
        assert workspace.root.parent == Path(tempfile.gettempdir())
        assert not workspace.root.resolve().is_relative_to(ROOT)
    finally:
        workspace.close()


def test_close_removes_everything_and_can_be_repeated() -> None:
    workspace = Workspace("test")
    (workspace.folder("a/b") / "file.txt").write_text("x")
    workspace.close()
    assert not workspace.root.exists()
    assert workspace.closed
    workspace.close()


def test_garbage_collection_removes_the_folder() -> None:
    workspace = Workspace("test")
    root = workspace.root
    (workspace.folder("lake") / "f.csv").write_text("a\n1\n")
    del workspace
    gc.collect()
    assert not root.exists()


def test_reset_empties_a_subfolder() -> None:
    workspace = Workspace("test")
    try:
        (workspace.folder("x") / "old.txt").write_text("old")
        fresh = workspace.reset("x")
        assert fresh.is_dir() and list(fresh.iterdir()) == []
    finally:
        workspace.close()
