"""Slider settings of the simulations, read from ``data/sim_controls.csv``.

Pure helpers: which values a slider offers, whether it gives whole numbers, and the
settings a set of slider values makes. The streamlit side is in ``studylab.ui.controls``.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def log_values(minimum: float, maximum: float) -> list[int]:
    """The 1-2-5 values (1, 2, 5, 10, 20, ...) from ``minimum`` to ``maximum``, bounds included."""
    low = max(1, math.floor(math.log10(max(minimum, 1))))
    high = math.ceil(math.log10(max(maximum, 1))) + 1
    steps = {m * 10**e for e in range(low - 1, high) for m in (1, 2, 5)}
    inside = {int(v) for v in steps if minimum <= v <= maximum}
    return sorted(inside | {int(minimum), int(maximum)})


def is_whole(row: Any) -> bool:
    """Whether a control gives whole numbers: its bounds, step and default are integers and its format is ``%d``.

    A ``%.1f`` format keeps a float slider whose steps happen to be whole (minutes, say), so a
    link carrying ``5.0`` still reads back.
    """
    numbers = all(float(getattr(row, name)).is_integer() for name in ("minimum", "maximum", "step", "default"))
    return numbers and "f" not in str(row.format).split("%", 1)[-1][:3]


def controls_for(controls: pd.DataFrame, sim: str) -> pd.DataFrame:
    """One simulation's controls, grouped in first-appearance order, then by ``order``."""
    part = controls[controls["sim"] == sim]
    groups = {group: i for i, group in enumerate(dict.fromkeys(part["group"]))}
    return part.assign(_group=part["group"].map(groups)).sort_values(["_group", "order"]).drop(columns="_group")


def defaults(controls: pd.DataFrame, sim: str) -> dict[str, float | int]:
    """Each control's default value, as an int where the control gives whole numbers."""
    return {
        row.name: int(row.default) if is_whole(row) else float(row.default)
        for row in controls_for(controls, sim).itertuples()
    }


def settings(values: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The values among ``values`` whose names are fields of one settings object."""
    return {name: values[name] for name in names if name in values}
