"""Sentences the lab faces show, read from ``data/lab_notes.csv`` (the text lives in data, not code)."""

from __future__ import annotations

import pandas as pd

from studylab.ui import cache
from studylab.ui import site as ui


def _by_id(notes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(notes["id"].astype(str), notes["text"].astype(str), strict=True))


def note(note_id: str, **values: object) -> str:
    """The note's text with its ``{placeholders}`` filled; empty if the table cannot be read or lacks it.

    A broken table is reported on the page by ``site.table``; a missing note is caught by the tests.
    """
    table = ui.table("lab_notes")
    if table is None:
        return ""
    text = cache.cached(_by_id, table).get(note_id, "")
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
