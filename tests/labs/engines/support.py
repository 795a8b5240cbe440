"""Shared by the engine tests: the warehouse's star schema built from the real content, and AppTest helpers."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

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


def texts(elements: object) -> list[str]:
    """The values of AppTest elements, as strings."""
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label and rerun."""
    next(b for b in at.button if b.label == label).click()
    return at.run()
