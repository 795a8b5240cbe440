"""The three principle lists of FDE ch. 3 and the links between them."""

from __future__ import annotations

import pandas as pd

FRAMEWORKS = {"aws": "AWS Well-Architected", "google": "Google Cloud", "authors": "The authors"}
"""Framework ids in the order the chapter presents them, with display names."""


def framework_columns(principles: pd.DataFrame) -> pd.DataFrame:
    """The three lists side by side, one column per framework, in each list's own order."""
    columns = {
        name: principles[principles["framework"] == fid].sort_values("order")["name"].reset_index(drop=True)
        for fid, name in FRAMEWORKS.items()
    }
    return pd.DataFrame(columns).fillna("")


def counterparts(principles: pd.DataFrame, links: pd.DataFrame, principle_id: str) -> pd.DataFrame:
    """Principles of other frameworks linked to this one (either direction), with why."""
    forward = links[links["source"] == principle_id].rename(columns={"target": "other"})
    backward = links[links["target"] == principle_id].rename(columns={"source": "other"})
    pairs = pd.concat([forward[["other", "note"]], backward[["other", "note"]]], ignore_index=True)
    named = pairs.merge(principles[["id", "framework", "name", "order"]], left_on="other", right_on="id")
    named["framework"] = named["framework"].map(FRAMEWORKS)
    ordered = named.sort_values(["framework", "order"])
    return ordered[["framework", "name", "note"]].reset_index(drop=True)


def principle_label(principles: pd.DataFrame) -> dict[str, str]:
    """Principle id -> "Framework: name", for pickers."""
    return {
        row.id: f"{FRAMEWORKS[row.framework]}: {row.name}"
        for row in principles.sort_values(["framework", "order"]).itertuples()
    }
