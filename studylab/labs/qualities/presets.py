"""How a preset row and the widget values become a qualities simulation's inputs: one function each.

Pure. The face takes each widget's default from ``*_defaults(row)`` (URL key -> value), lets the
student move it, and hands the values to ``*_inputs``; a key missing from ``values`` keeps the
preset's own value, so ``elasticity_inputs(row)`` alone is the preset as published. The figure
markers of slides (``studylab.figures``) call the same functions, so a slide and a page given
the same preset run the same simulation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from studylab.labs.qualities import availability as av
from studylab.labs.qualities import elasticity as el
from studylab.labs.qualities import tiers as tr

STAGE_POSITIONS = range(1, 5)
"""Stage positions a preset system may fill (the widgets ``a1``..``a4`` and ``r1``..``r4``)."""


@dataclass(frozen=True)
class ElasticityInputs:
    """Everything one elasticity run depends on."""

    shape: el.LoadShape
    policies: tuple[el.Policy, ...]
    service: el.Service


def elasticity_defaults(row: pd.Series) -> dict[str, Any]:
    """The elasticity widgets' values in a ``load_presets`` row."""
    return {
        "peak": int(row["peak"]),
        "spike_x": float(row["spike_factor"]),
        "spike_min": int(row["spike_minutes"]),
        "spike_at": int(row["spike_hour"]),
        "fixed": int(row["fixed_instances"]),
        "limits": (int(row["min_instances"]), int(row["max_instances"])),
        "band": (int(row["scale_down_at"]), int(row["scale_up_at"])),
        "cooldown": int(row["cooldown"]),
        "startup": int(row["startup"]),
    }


def elasticity_inputs(row: pd.Series, values: Mapping[str, Any] | None = None) -> ElasticityInputs:
    """The load curve, the three policies and the service of a preset, with widget values in place."""
    chosen = {**elasticity_defaults(row), **(values or {})}
    low, high = chosen["limits"]
    down, up = chosen["band"]
    shape = el.LoadShape(
        base=float(row["base"]),
        peak=float(chosen["peak"]),
        peak_hour=float(row["peak_hour"]),
        sharpness=float(row["sharpness"]),
        spike_hour=float(chosen["spike_at"]),
        spike_minutes=int(chosen["spike_min"]),
        spike_factor=float(chosen["spike_x"]),
        jitter=float(row["jitter"]),
    )
    service = el.Service(
        rate=float(row["rate"]), price_per_hour=float(row["price_per_hour"]), queue_limit=float(row["queue_limit"])
    )
    compared = el.policies(
        int(chosen["fixed"]),
        int(low),
        int(high),
        float(up) / 100,
        float(down) / 100,
        int(chosen["cooldown"]),
        int(chosen["startup"]),
    )
    return ElasticityInputs(shape, tuple(compared), service)


def run_elasticity(inputs: ElasticityInputs) -> dict[el.PolicyKind, pd.DataFrame]:
    """A seeded day of load against each policy (the run a page and a slide show)."""
    return el.compare_policies(el.simulate_load(inputs.shape, days=1, seed=0), list(inputs.policies), inputs.service)


def availability_defaults(stages: pd.DataFrame, system: str) -> dict[str, Any]:
    """The builder's widgets in a preset system: ``a<n>`` (% of one copy) and ``r<n>`` (copies) per stage."""
    chain = stages[stages["system"] == system]
    values: dict[str, Any] = {}
    for stage in chain.itertuples():
        values[f"a{stage.position}"] = float(stage.availability)
        values[f"r{stage.position}"] = int(stage.replicas)
    return values


def availability_chain(
    stages: pd.DataFrame, system: str, values: Mapping[str, Any] | None = None
) -> tuple[av.Stage, ...]:
    """The preset system's stages in order, each with the availability and copies the widgets give."""
    chosen = {**availability_defaults(stages, system), **(values or {})}
    chain = stages[stages["system"] == system].sort_values("position")
    return tuple(
        av.Stage(s.name, float(chosen[f"a{s.position}"]) / 100, int(chosen[f"r{s.position}"]))
        for s in chain.itertuples()
    )


def tiers_setup(
    stages: pd.DataFrame,
    system: str,
    server_percent: float,
    copies: tuple[int, ...] | None = None,
    overload_hours: float = 0.0,
) -> tr.Tiers:
    """A preset system's stages as tiers: each stage's software availability, and its replicas as copies
    unless ``copies`` gives others."""
    chain = stages[stages["system"] == system].sort_values("position")
    return tr.Tiers(
        server=float(server_percent) / 100,
        software=tuple(float(a) / 100 for a in chain["availability"]),
        copies=copies if copies is not None else tuple(int(r) for r in chain["replicas"]),
        overload_hours=overload_hours,
    )


def reliability_defaults(row: pd.Series) -> dict[str, Any]:
    """The reliability widgets' values in a ``reliability_presets`` row."""
    return {
        "late": int(round(float(row["late_input_chance"]) * 100)),
        "maintenance": float(row["maintenance_hours"]),
        "job_at": float(row["job_hour"]),
    }


def service_year(row: pd.Series, values: Mapping[str, Any] | None = None) -> av.ServiceYear:
    """The service and its daily job of a preset, with the widget values in place."""
    chosen = {**reliability_defaults(row), **(values or {})}
    return av.ServiceYear(
        availability=float(row["availability"]) / 100,
        mttr_hours=float(row["mttr_hours"]),
        maintenance_hours=float(chosen["maintenance"]),
        late_input_chance=float(chosen["late"]) / 100,
        job_hour=float(chosen["job_at"]),
        job_hours=float(row["job_hours"]),
    )
