"""Slider settings of the MLOps simulations: valid ranges, and every slider sets a real parameter."""

from __future__ import annotations

import dataclasses
import inspect

import pandas as pd

from studylab.content.controls import controls_for, defaults, is_whole, log_values, settings
from studylab.content.loader import Content
from studylab.labs.mlops import drift as model_drift
from studylab.labs.mlops import registry as model_registry
from studylab.labs.qualities import tiers

PARAMETERS = {
    "model_drift": {
        f.name for cls in (model_drift.Monitoring, model_drift.Environment) for f in dataclasses.fields(cls)
    }
    | (set(inspect.signature(model_drift.simulate_drift).parameters) - {"drift", "monitoring", "environment"}),
    "model_registry": {f.name for f in dataclasses.fields(model_registry.Registry)},
    "tiers": {f.name for f in dataclasses.fields(tiers.Tiers)},
}


def test_log_values_step_1_2_5_and_keep_the_bounds() -> None:
    assert log_values(10, 1000) == [10, 20, 50, 100, 200, 500, 1000]
    assert log_values(20, 5000) == [20, 50, 100, 200, 500, 1000, 2000, 5000]
    assert log_values(15, 60) == [15, 20, 50, 60]


def test_every_control_sets_a_parameter_of_its_simulation(content: Content) -> None:
    controls = content.table("sim_controls")
    for sim, names in PARAMETERS.items():
        mine = set(controls_for(controls, sim)["name"])
        assert mine and mine <= names, mine - names


def test_log_defaults_are_offered_and_whole_controls_give_ints(content: Content) -> None:
    controls = content.table("sim_controls")
    for row in controls.itertuples():
        if row.scale == "log":
            assert int(row.default) in log_values(row.minimum, row.maximum), row.name
    values = defaults(controls, "model_registry")
    assert isinstance(values["models"], int) and isinstance(values["margin"], float)
    assert model_registry.Registry(**settings(values, list(PARAMETERS["model_registry"])))


def test_controls_keep_group_order_then_their_own() -> None:
    frame = pd.DataFrame(
        {
            "sim": ["s"] * 3,
            "name": ["a", "b", "c"],
            "group": ["Later", "First", "Later"],
            "order": [2, 1, 1],
            "minimum": [0.0] * 3,
            "maximum": [1.0] * 3,
            "step": [0.5] * 3,
            "default": [1.0] * 3,
        }
    )
    assert list(controls_for(frame, "s")["name"]) == ["c", "a", "b"]
    assert is_whole(next(frame.itertuples())) is False
