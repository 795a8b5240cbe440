"""The people of MLOps (Introducing MLOps ch. 2): the roles table, as the book lays it out."""

from __future__ import annotations

import pandas as pd


def role_table(items: pd.DataFrame) -> pd.DataFrame:
    """One row per role: its parts in the model life cycle and its MLOps requirements, as lists."""
    ordered = items.sort_values(["role_id", "aspect", "order"])
    grouped = ordered.groupby(["role_id", "aspect"], sort=False)["text"].agg(list).unstack("aspect")
    first_row = items.drop_duplicates("role_id").set_index("role_id")
    table = pd.DataFrame(
        {
            "role": first_row["role"],
            "life_cycle": grouped.get("life_cycle"),
            "requirements": grouped.get("requirement"),
        },
        index=first_row.index,
    )
    return table.map(lambda v: v if isinstance(v, (list, str)) else []).reset_index()
