"""How a row of ``data/stream_presets.csv`` and the widget values become a simulation's inputs.

Pure: the face draws the widgets (ranges from ``data/sim_controls.csv``), takes each widget's
default from the preset row through the column maps below, and turns the values into the
frozen inputs of one run with the ``*_inputs`` functions. Widget values missing from
``values`` fall back to the preset row, so ``stream_spec(row)`` alone is the preset's stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from studylab.labs.streaming.dataflow import DataflowConfig, StreamSpec
from studylab.labs.streaming.lambda_kappa import KappaConfig, LambdaConfig

STREAM = {"events": "events", "late": "late_fraction", "late_delay": "late_delay_min", "seed": "seed"}
"""Stream widgets (URL key -> preset column), shared by the three pages."""
DATAFLOW = {
    "window": "window",
    "size": "size_min",
    "slide": "slide_min",
    "gap": "gap_min",
    "watermark": "watermark",
    "lag": "lag_min",
    "mode": "accumulation",
    "early": "early_every_min",
    "late_every": "late_every_min",
    "lateness": "allowed_lateness_min",
}
LAMBDA = {"size": "size_min", "batch_every": "batch_every_min", "runtime": "batch_runtime_min", "bug": "bug"}
KAPPA = {
    "size": "size_min",
    "retention": "retention_min",
    "deploy": "deploy_min",
    "speedup": "replay_speedup",
    "old_bug": "old_bug",
}
"""Each page's own widgets: URL key -> preset column."""
INTEGERS = {"events", "seed"}
"""Widgets that give whole numbers; every other number is a float."""


def preset_value(row: pd.Series, key: str, column: str) -> Any:
    """A widget's value in a preset: int, float, bool or option id, as the widget holds it."""
    value = row[column]
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return bool(value)
    return int(value) if key in INTEGERS else float(value)


def preset_values(row: pd.Series, columns: Mapping[str, str]) -> dict[str, Any]:
    """Every widget's value in a preset (URL key -> value)."""
    return {key: preset_value(row, key, column) for key, column in columns.items()}


def _get(row: pd.Series, values: Mapping[str, Any], key: str, columns: Mapping[str, str]) -> Any:
    return values[key] if key in values else preset_value(row, key, columns[key])


def stream_spec(row: pd.Series, values: Mapping[str, Any] | None = None) -> StreamSpec:
    """The stream of a preset, with the stream widgets' values in place of its own."""
    values = values or {}
    return StreamSpec(
        events=int(_get(row, values, "events", STREAM)),
        keys=int(row["keys"]),
        minutes=float(row["minutes"]),
        delay_s=float(row["delay_s"]),
        late_fraction=float(_get(row, values, "late", STREAM)),
        late_delay_min=float(_get(row, values, "late_delay", STREAM)),
        bursts=int(row["bursts"]),
        burst_min=float(row["burst_min"]),
        seed=int(_get(row, values, "seed", STREAM)),
    )


def dataflow_config(row: pd.Series, values: Mapping[str, Any] | None = None) -> DataflowConfig:
    """The Dataflow settings; a sliding window never slides by more than its length."""
    values = values or {}
    size = float(_get(row, values, "size", DATAFLOW))
    return DataflowConfig(
        window=str(_get(row, values, "window", DATAFLOW)),  # type: ignore[arg-type]
        size_min=size,
        slide_min=min(float(_get(row, values, "slide", DATAFLOW)), size),
        gap_min=float(_get(row, values, "gap", DATAFLOW)),
        watermark=str(_get(row, values, "watermark", DATAFLOW)),  # type: ignore[arg-type]
        lag_min=float(_get(row, values, "lag", DATAFLOW)),
        early_every_min=float(_get(row, values, "early", DATAFLOW)),
        late_every_min=float(_get(row, values, "late_every", DATAFLOW)),
        allowed_lateness_min=float(_get(row, values, "lateness", DATAFLOW)),
        accumulation=str(_get(row, values, "mode", DATAFLOW)),  # type: ignore[arg-type]
    )


def lambda_config(row: pd.Series, values: Mapping[str, Any] | None = None) -> LambdaConfig:
    """The Lambda settings of a preset, with the widgets' values in place of its own."""
    values = values or {}
    return LambdaConfig(
        window_min=float(_get(row, values, "size", LAMBDA)),
        batch_every_min=float(_get(row, values, "batch_every", LAMBDA)),
        batch_runtime_min=float(_get(row, values, "runtime", LAMBDA)),
        bug=str(_get(row, values, "bug", LAMBDA)),  # type: ignore[arg-type]
    )


def kappa_config(row: pd.Series, spec: StreamSpec, values: Mapping[str, Any] | None = None) -> KappaConfig:
    """The Kappa settings; the replay speed is a multiple of the stream's input rate."""
    values = values or {}
    return KappaConfig(
        window_min=float(_get(row, values, "size", KAPPA)),
        retention_min=float(_get(row, values, "retention", KAPPA)),
        deploy_min=float(_get(row, values, "deploy", KAPPA)),
        replay_per_min=float(_get(row, values, "speedup", KAPPA)) * spec.rate_per_min,
        old_bug=bool(_get(row, values, "old_bug", KAPPA)),
    )


def resolve_preset(presets: pd.DataFrame, given: str | None) -> str | None:
    """The preset id a URL value names: an id, or (older links) a preset's title; None if neither."""
    if given is None:
        return None
    if given in presets.index:
        return given
    titles = dict(zip(presets["title"].astype(str), presets.index, strict=True))
    found = titles.get(given)
    return None if found is None else str(found)
