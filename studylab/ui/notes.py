"""Sentences the lab faces show, read from ``data/lab_notes.csv`` (the text lives in data, not code)."""

from __future__ import annotations

import pandas as pd

from studylab.content.loader import ContentError
from studylab.ui import cache
from studylab.ui import site as ui

TABLE = "lab_notes"


def _by_id(notes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(notes["id"].astype(str), notes["text"].astype(str), strict=True))


def note(note_id: str, **values: object) -> str:
    """The note's text with its ``{placeholders}`` filled; empty if the table cannot be read or lacks it.

    A broken table is shown on the page by ``site.table``; a note missing from it is caught by the tests.
    """
    try:
        text = cache.cached(_by_id, cache.Table(TABLE)).get(note_id, "")
    except ContentError:
        ui.table(TABLE)  # shows the table's problem on the page
        return ""
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
