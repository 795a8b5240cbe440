"""How a stream preset row becomes the simulations' inputs, and that its values fit the sliders."""

from __future__ import annotations

import pandas as pd
import pytest

from studylab.content.controls import controls_for
from studylab.content.loader import Content
from studylab.labs.streaming import presets


@pytest.fixture(scope="module")
def table(content: Content) -> pd.DataFrame:
    return content.table("stream_presets").set_index("id", drop=False)


def test_a_preset_alone_gives_its_own_stream(table: pd.DataFrame) -> None:
    row = table.loc["offline_phones"]
    spec = presets.stream_spec(row)
    assert (spec.events, spec.keys, spec.seed) == (int(row["events"]), int(row["keys"]), int(row["seed"]))
    assert spec.late_fraction == pytest.approx(float(row["late_fraction"]))


def test_widget_values_replace_the_presets_own(table: pd.DataFrame) -> None:
    row = table.loc["steady_sensors"]
    assert presets.stream_spec(row, {"seed": 42, "events": 900}).seed == 42
    assert presets.dataflow_config(row, {"lag": 3.0}).lag_min == 3.0
    assert presets.lambda_config(row, {"bug": "batch"}).bug == "batch"


def test_a_sliding_window_never_slides_by_more_than_its_length(table: pd.DataFrame) -> None:
    config = presets.dataflow_config(table.loc["steady_sensors"], {"window": "sliding", "size": 2.0, "slide": 5.0})
    assert config.slide_min == 2.0


def test_kappa_replay_speed_is_a_multiple_of_the_input_rate(table: pd.DataFrame) -> None:
    row = table.loc["bug_fix_reprocessing"]
    spec = presets.stream_spec(row)
    config = presets.kappa_config(row, spec, {"speedup": 2.0})
    assert config.replay_per_min == pytest.approx(2.0 * spec.rate_per_min)


def test_a_title_from_an_older_link_resolves_to_its_id(table: pd.DataFrame) -> None:
    title = str(table.loc["flaky_network", "title"])
    assert presets.resolve_preset(table, title) == "flaky_network"
    assert presets.resolve_preset(table, "flaky_network") == "flaky_network"
    assert presets.resolve_preset(table, "no such preset") is None


@pytest.mark.parametrize("sim", ["stream", "dataflow", "lambda", "kappa"])
def test_every_preset_value_lies_on_its_slider(content: Content, table: pd.DataFrame, sim: str) -> None:
    columns = (
        presets.STREAM
        if sim == "stream"
        else {"dataflow": presets.DATAFLOW, "lambda": presets.LAMBDA}.get(sim, presets.KAPPA)
    )
    controls = controls_for(content.table("sim_controls"), sim)
    assert len(controls) > 0
    for control in controls.itertuples():
        values = table[columns[control.name]].astype(float)
        assert values.between(control.minimum, control.maximum).all(), control.name
