"""Per-session scratch folders for the engine labs (lake files, Delta tables, raw extracts).

Every folder is made by :mod:`tempfile` outside the repository and removed when
:meth:`Workspace.close` is called (the page does it when the session ends), when
the object is garbage-collected, or at the latest when the interpreter exits.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from pathlib import Path

PREFIX = "studylab-"
"""Name prefix of every scratch folder, so a stray one is easy to recognise."""


class Workspace:
    """A temporary folder owned by one session; sub-folders are made on demand."""

    def __init__(self, label: str = "session") -> None:
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{label}-"))
        # finalize runs once: on close(), on garbage collection, or at interpreter exit.
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.root, ignore_errors=True)

    def folder(self, name: str) -> Path:
        """``root/name``, created if missing. ``name`` is a plain relative path chosen by the code."""
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def reset(self, name: str) -> Path:
        """``root/name`` emptied and created afresh."""
        path = self.root / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Remove the folder and everything in it (safe to call more than once)."""
        self._finalizer()
