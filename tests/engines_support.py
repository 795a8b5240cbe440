"""Shared by the engine tests: the warehouse's star schema built from the real content."""

from __future__ import annotations

import pandas as pd

from studylab.content.loader import Content
from studylab.labs.engines.warehouse import build_star_schema


def star_from(content: Content, **overrides: object) -> dict[str, pd.DataFrame]:
    """The star schema of ``data/wh_settings.csv``'s default row, with some settings overridden."""
    settings = content.table("wh_settings").set_index("id").loc["default"].copy()
    for name, value in overrides.items():
        settings[name] = value
    return build_star_schema(
        content.table("wh_products"), content.table("wh_stores"), content.table("wh_segments"), settings
    )
