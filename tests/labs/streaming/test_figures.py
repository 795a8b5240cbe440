"""The streaming figures: each is a pure function of its inputs (equal inputs, equal figure)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from studylab.labs.streaming import figures
from studylab.labs.streaming.dataflow import (
    DataflowConfig,
    StreamSpec,
    simulate_dataflow,
    simulate_events,
    watermark_tradeoff,
)
from studylab.labs.streaming.lambda_kappa import (
    KappaConfig,
    LambdaConfig,
    catch_up_curve,
    simulate_kappa,
    simulate_lambda,
)

SPEC = StreamSpec(events=1500, keys=3, minutes=30, late_fraction=0.1, late_delay_min=5, seed=4)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return simulate_events(SPEC)


def test_every_streaming_figure_is_equal_for_equal_inputs(events: pd.DataFrame) -> None:
    config = DataflowConfig(window="fixed", size_min=5, allowed_lateness_min=2, early_every_min=1)
    run = simulate_dataflow(events, config)
    tradeoff = watermark_tradeoff(events, config, [0.0, 1.0, 5.0])
    lam = simulate_lambda(events, LambdaConfig(bug="speed"))
    kappa_config = KappaConfig(retention_min=20, deploy_min=25, replay_per_min=4 * SPEC.rate_per_min)
    kappa = simulate_kappa(events, kappa_config)
    curve = catch_up_curve(events, kappa_config, np.linspace(1.1, 10, 5) * SPEC.rate_per_min)
    curve["speedup"] = curve["replay_per_min"] / SPEC.rate_per_min
    builds = [
        lambda: figures.build_event_time_figure(run, events, 1, config, "sensor"),
        lambda: figures.build_tradeoff_figure(tradeoff, config, run.metrics),
        lambda: figures.build_lambda_figure(lam, 20.0),
        lambda: figures.build_windows_figure(lam.windows_at(20.0), ("batch", "speed", "served"), "at 20"),
        lambda: figures.build_kappa_figure(kappa, kappa_config),
        lambda: figures.build_catch_up_figure(curve, 4.0, kappa.metrics["catch_up_min"]),
    ]
    for build in builds:
        assert build().to_json() == build().to_json()


def test_the_event_time_figure_leaves_the_run_unchanged(events: pd.DataFrame) -> None:
    run = simulate_dataflow(events, DataflowConfig())
    panes, assignments = run.panes.copy(), run.assignments.copy()
    figures.build_event_time_figure(run, events, 0, DataflowConfig(), "sensor")
    assert run.panes.equals(panes) and run.assignments.equals(assignments)


def test_the_event_time_figure_draws_at_most_max_points_events(events: pd.DataFrame) -> None:
    big = simulate_events(StreamSpec(events=20_000, keys=1, seed=1))
    run = simulate_dataflow(big, DataflowConfig())
    figure = figures.build_event_time_figure(run, big, 0, DataflowConfig(), "sensor")
    dots = sum(len(t.x) for t in figure.data if t.name in ("on time", "late, counted", "late, dropped"))
    assert dots <= figures.MAX_POINTS
