"""How a qualities preset row becomes a simulation's inputs, and that its values fit the sliders."""

from __future__ import annotations

import pandas as pd
import pytest

from studylab.content.controls import controls_for
from studylab.content.loader import Content
from studylab.labs.qualities import presets as qp


def test_elasticity_inputs_of_a_preset_read_every_column(content: Content) -> None:
    row = content.table("load_presets").set_index("id").loc["flash_sale"]
    inputs = qp.elasticity_inputs(row)
    assert inputs.shape.peak == float(row["peak"]) and inputs.shape.spike_minutes == int(row["spike_minutes"])
    kinds = [p.kind for p in inputs.policies]
    assert kinds == ["fixed", "autoscale", "scale_to_zero"]
    auto = inputs.policies[1]
    assert (auto.min_instances, auto.max_instances) == (int(row["min_instances"]), int(row["max_instances"]))
    assert auto.scale_up_at == pytest.approx(float(row["scale_up_at"]) / 100)
    assert inputs.policies[2].min_instances == 0


def test_widget_values_replace_the_presets_own(content: Content) -> None:
    row = content.table("load_presets").set_index("id").iloc[0]
    inputs = qp.elasticity_inputs(row, {"peak": 50, "band": (10, 90)})
    assert inputs.shape.peak == 50
    assert inputs.policies[1].scale_down_at == pytest.approx(0.1)


def test_equal_presets_give_equal_frozen_inputs(content: Content) -> None:
    row = content.table("load_presets").set_index("id").iloc[0]
    assert qp.elasticity_inputs(row) == qp.elasticity_inputs(row)
    assert hash(qp.elasticity_inputs(row)) == hash(qp.elasticity_inputs(row))


def test_availability_chain_follows_the_stage_positions(content: Content) -> None:
    stages = content.table("availability_stages")
    chain = qp.availability_chain(stages, "dashboard_chain", {"r1": 3})
    rows = stages[stages["system"] == "dashboard_chain"].sort_values("position")
    assert [s.name for s in chain] == list(rows["name"])
    assert chain[0].replicas == 3


def test_service_year_reads_percentages(content: Content) -> None:
    row = content.table("reliability_presets").set_index("id").iloc[0]
    config = qp.service_year(row, {"late": 50})
    assert config.late_input_chance == pytest.approx(0.5)
    assert config.availability == pytest.approx(float(row["availability"]) / 100)


def _check_fit(controls: pd.DataFrame, values: dict[str, object]) -> None:
    for control in controls.itertuples():
        if control.name not in values:
            continue
        value = values[control.name]
        for end in value if isinstance(value, tuple) else (value,):
            assert control.minimum <= float(end) <= control.maximum, control.name  # type: ignore[arg-type]


def test_every_preset_value_lies_on_its_slider(content: Content) -> None:
    controls = content.table("sim_controls")
    for row in content.table("load_presets").set_index("id").itertuples():
        _check_fit(controls_for(controls, "elasticity"), qp.elasticity_defaults(pd.Series(row._asdict())))
    for row in content.table("reliability_presets").set_index("id").itertuples():
        _check_fit(controls_for(controls, "reliability"), qp.reliability_defaults(pd.Series(row._asdict())))
    stages = content.table("availability_stages")
    copies = controls_for(controls, "availability").set_index("name").loc["copies"]
    assert stages["replicas"].between(copies["minimum"], copies["maximum"]).all()
