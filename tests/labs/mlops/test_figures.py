"""MLOps figures are pure: the same inputs give an equal figure."""

from __future__ import annotations

from studylab.labs.mlops import drift, registry
from studylab.labs.mlops import figures as mf


def test_the_drift_figure_is_a_pure_function_of_its_inputs() -> None:
    preset = {"trend": 0.1, "jump": 0.0, "amplitude": 0.0, "period_months": 12, "start_month": 2}
    inputs = drift.drift_inputs(preset, {})
    first = mf.build_drift_figure(drift.simulate_inputs(inputs, 3), inputs.monitoring, inputs.environment).to_json()
    again = mf.build_drift_figure(drift.simulate_inputs(inputs, 3), inputs.monitoring, inputs.environment).to_json()
    assert again == first


def test_the_fleet_figure_is_a_pure_function_of_its_inputs() -> None:
    settings = registry.Registry(models=10, rounds=4)
    fleet = registry.fleet_over_time(registry.simulate_registry(settings, seed=1))
    assert mf.build_fleet_figure(fleet).to_json() == mf.build_fleet_figure(fleet.copy()).to_json()
