"""Sliders drawn from ``data/sim_controls.csv``, each bound to the URL by its parameter name."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import streamlit as st

from studylab.content.controls import controls_for, is_whole, log_values
from studylab.content.loader import ContentError
from studylab.ui import cache, site


def slider(row: Any, value: Any = None, *, key: str | None = None) -> Any:
    """One control row: a slider (1-2-5 steps on a log scale), bound to the URL; returns its value.

    ``value`` replaces the row's default (a preset's value); a pair draws a range slider. A
    ``key`` of its own gives a slider that is not bound to the URL (a slide keeps only its place there).
    """
    common: dict[str, Any] = {"key": row.name, "help": row.help, "bind": "query-params"}
    if key is not None:
        common = {"key": key, "help": row.help}
    start = row.default if value is None else value
    if row.scale == "log":
        options = _log_values(row.minimum, row.maximum)
        default = min(options, key=lambda v: abs(v - start))
        return st.select_slider(row.label, options, value=default, **common)
    kind = int if is_whole(row) else float
    chosen: Any = tuple(kind(v) for v in start) if isinstance(start, tuple | list) else kind(start)
    bounds: tuple[Any, Any, Any] = (kind(row.minimum), kind(row.maximum), kind(row.step))
    return st.slider(row.label, bounds[0], bounds[1], chosen, bounds[2], format=row.format, **common)


@functools.lru_cache(maxsize=256)
def _log_values(minimum: float, maximum: float) -> tuple[int, ...]:
    return tuple(log_values(minimum, maximum))


def control_groups(controls: pd.DataFrame, sim: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every control of one simulation, one column per group; returns name -> value."""
    groups = [(g, rows) for g, rows in cache.cached(_groups, controls, sim) if g not in skip]
    values: dict[str, Any] = {}
    for column, (group, rows) in zip(st.columns(len(groups)), groups, strict=True):
        with column:
            st.markdown(f"**{group}**")
            for row in rows:
                values[row.name] = slider(row)
    return values


def _groups(controls: pd.DataFrame, sim: str) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """One simulation's control rows by group, groups and rows in table order."""
    mine = controls_for(controls, sim)
    return tuple(
        (str(group), tuple(mine[mine["group"] == group].itertuples())) for group in dict.fromkeys(mine["group"])
    )


def _rows(controls: pd.DataFrame, sim: str) -> dict[str, Any]:
    return {row.name: row for row in controls_for(controls, sim).itertuples(index=False)}


def control_rows(sim: str) -> dict[str, Any]:
    """One simulation's slider rows from ``data/sim_controls.csv`` (name -> row), read once per content
    version; empty (and the table's problem shown on the page) if the table cannot be read."""
    try:
        return cache.cached(_rows, cache.Table("sim_controls"), sim)
    except ContentError:
        site.table("sim_controls")
        return {}
