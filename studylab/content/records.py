"""A content table's rows as plain records (dicts): the shape a face draws from, built once and cached.

Looking rows up in a DataFrame (``set_index(...).loc[...]``, ``itertuples``) on every rerun costs
more than the widgets that show them; a face turns a table into records once, through
``ui.cache.cached``, and reads plain dicts afterwards. Records are shared: treat them as read-only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def records(frame: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """Every row, in the frame's order."""
    return tuple(frame.to_dict("records"))


def by_id(frame: pd.DataFrame, order_by: str | None = "order") -> dict[str, dict[str, Any]]:
    """Every row by its ``id`` (as text), sorted by ``order_by`` (None: the frame's order)."""
    rows = frame.sort_values(order_by) if order_by is not None else frame
    return {str(row["id"]): row for row in rows.to_dict("records")}
