"""Lambda (batch, speed and serving layers, a bug in one path) and Kappa (log, retention, replay)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.labs.streaming.dataflow import DataflowConfig, StreamSpec, batch_windows, simulate_events
from studylab.labs.streaming.lambda_kappa import (
    BUG_BELOW,
    KappaConfig,
    LambdaConfig,
    buggy_values,
    catch_up_curve,
    catch_up_time,
    simulate_kappa,
    simulate_lambda,
)

specs = st.builds(
    StreamSpec,
    events=st.integers(1, 400),
    keys=st.integers(1, 4),
    minutes=st.floats(5, 60),
    delay_s=st.floats(0, 120),
    late_fraction=st.floats(0, 0.5),
    late_delay_min=st.floats(1, 20),
    seed=st.integers(0, 10_000),
)
lambdas = st.builds(
    LambdaConfig,
    window_min=st.floats(1, 15),
    batch_every_min=st.floats(5, 60),
    batch_runtime_min=st.floats(0, 20),
    bug=st.sampled_from(["none", "speed"]),
)
SETTINGS = settings(max_examples=60, deadline=None)


def batch_answer(events: pd.DataFrame, window_min: float) -> pd.Series:
    """The batch answer per window start, all keys together."""
    per_key = batch_windows(events, DataflowConfig(window="fixed", size_min=window_min))
    return per_key.groupby("window_start")["truth"].sum()


# --- Lambda -------------------------------------------------------------------------------


@SETTINGS
@given(specs, lambdas)
def test_serving_equals_the_truth_once_the_batch_layer_has_caught_up(spec: StreamSpec, config: LambdaConfig) -> None:
    events = simulate_events(spec)
    run = simulate_lambda(events, config)
    caught_up = run.timeline["batch_cutoff"] > events["processing_time"].max()
    assert caught_up.any()
    assert (run.timeline.loc[caught_up, "served_error_pct"] == 0).all()
    final = run.windows_at(float(run.timeline["time"].iloc[-1])).set_index("window_start")
    expected = batch_answer(events, config.window_min)
    assert (final.loc[expected.index, "served"] == expected).all()
    assert final["served"].sum() == events["value"].sum()


@SETTINGS
@given(specs, lambdas)
def test_between_batch_runs_serving_is_exact_when_nothing_is_late(spec: StreamSpec, config: LambdaConfig) -> None:
    """The speed layer files events by arrival time: right whenever an event arrives in its own window."""
    events = simulate_events(replace(spec, delay_s=0.0, late_fraction=0.0))
    run = simulate_lambda(events, replace(config, bug="none"))
    assert (run.timeline["served_error_pct"] == 0).all()
    assert (run.timeline["speed_only_error_pct"] == 0).all()


def test_late_data_makes_the_speed_layer_wrong_until_the_next_batch_view() -> None:
    events = simulate_events(StreamSpec(events=5000, late_fraction=0.2, late_delay_min=10, seed=3))
    run = simulate_lambda(events, LambdaConfig(window_min=5, batch_every_min=20))
    t = run.timeline
    assert t["speed_only_error_pct"].max() > 1
    assert 0 < t["served_error_pct"].mean() < t["speed_only_error_pct"].mean()
    assert t["served_error_pct"].mean() < t["batch_only_error_pct"].mean()


def test_a_bug_in_the_speed_path_is_erased_by_each_batch_view() -> None:
    events = simulate_events(StreamSpec(events=5000, late_fraction=0.0, delay_s=0, seed=6))
    run = simulate_lambda(events, LambdaConfig(batch_every_min=15, bug="speed"))
    t = run.timeline
    assert t["served_error_pct"].max() > 1
    # Right after a view is published the served answer is the batch view plus few speed-layer events.
    published = run.runs["published"].to_numpy()
    just_after = t[np.isin(np.searchsorted(published, t["time"], side="right") - 1, range(len(published)))]
    assert just_after["served_error_pct"].min() < t["served_error_pct"].max()
    assert t["served_error_pct"].iloc[-1] == 0


def test_a_bug_in_the_batch_path_stays_wrong_for_good() -> None:
    events = simulate_events(StreamSpec(events=5000, seed=6))
    run = simulate_lambda(events, LambdaConfig(bug="batch"))
    small = events.loc[events["value"] < BUG_BELOW, "value"].sum()
    assert run.metrics["final_error_pct"] == pytest.approx(100 * small / events["value"].sum())


def test_the_bug_filters_out_small_values() -> None:
    assert buggy_values(np.array([1.0, 2.0, 3.0, 9.0])).tolist() == [0.0, 0.0, 3.0, 9.0]


def test_batch_view_gets_stale_between_runs_and_each_run_recomputes_everything() -> None:
    events = simulate_events(StreamSpec(events=3000, minutes=60, seed=2))
    run = simulate_lambda(events, LambdaConfig(batch_every_min=20, batch_runtime_min=5))
    t = run.timeline
    assert t["batch_staleness"].max() >= 20
    assert (t["served_staleness"] == 0).all()
    assert t.loc[t["batch_cutoff"] > events["processing_time"].max(), "batch_staleness"].eq(0).all()
    assert (np.diff(run.runs["events"]) >= 0).all()
    assert run.metrics["batch_events_processed"] == run.runs["events"].sum()
    assert run.metrics["recomputations"] == len(run.runs)
    fewer = simulate_lambda(events, LambdaConfig(batch_every_min=40, batch_runtime_min=5))
    assert fewer.metrics["recomputations"] < run.metrics["recomputations"]
    assert fewer.metrics["mean_batch_staleness_min"] > run.metrics["mean_batch_staleness_min"]


# --- Kappa --------------------------------------------------------------------------------

kappas = st.builds(
    KappaConfig,
    window_min=st.floats(1, 15),
    deploy_min=st.floats(0, 80),
    replay_per_min=st.floats(1, 5000),
    old_bug=st.booleans(),
)


@SETTINGS
@given(specs, kappas)
def test_a_full_kappa_replay_reproduces_the_batch_answer(spec: StreamSpec, config: KappaConfig) -> None:
    events = simulate_events(spec)
    run = simulate_kappa(events, replace(config, retention_min=1e9))
    final = run.windows.set_index("window_start")
    expected = batch_answer(events, config.window_min)
    assert (final.loc[expected.index, "new"] == expected).all()
    assert run.metrics["final_error_pct"] == 0 and run.metrics["cut_off_events"] == 0
    served_new = run.timeline["serving"] == "new"
    assert (run.timeline.loc[served_new, "served_error_pct"] == 0).all()


@SETTINGS
@given(specs, kappas, st.floats(0, 60))
def test_retention_cuts_off_exactly_the_events_deleted_before_the_deploy(
    spec: StreamSpec, config: KappaConfig, retention: float
) -> None:
    events = simulate_events(spec)
    run = simulate_kappa(events, replace(config, retention_min=retention))
    p = events["processing_time"].to_numpy()
    deleted = (p < config.deploy_min - retention) & (p <= config.deploy_min)
    assert run.metrics["cut_off_events"] == deleted.sum()
    assert run.windows["missing"].sum() == deleted.sum()
    assert run.windows["new"].sum() == events.loc[~deleted, "value"].sum()


@SETTINGS
@given(specs, st.floats(0, 80), st.floats(1, 5000), st.floats(0, 1))
def test_catch_up_is_the_first_time_the_replay_reaches_the_head(
    spec: StreamSpec, deploy: float, rate: float, share: float
) -> None:
    p = simulate_events(spec)["processing_time"].to_numpy()
    head_at_deploy = int(np.searchsorted(p, deploy, side="right"))
    start = int(share * head_at_deploy)
    caught = catch_up_time(p, start, deploy, rate)
    assert caught >= deploy

    def behind(t: float) -> bool:
        return start + rate * (t - deploy) < np.searchsorted(p, t, side="right")

    assert not behind(caught + 1e-9)
    if caught > deploy:
        grid = np.linspace(deploy, caught, 200)[:-1]
        assert all(behind(t) for t in grid)


def test_catch_up_takes_longer_with_a_bigger_log_and_less_with_a_faster_replay() -> None:
    spec = StreamSpec(events=10_000, minutes=60, late_fraction=0.0, delay_s=0, seed=1)
    events = simulate_events(spec)
    config = KappaConfig(deploy_min=50, retention_min=20)
    rates = np.array([1.5, 3.0, 6.0, 12.0]) * spec.rate_per_min
    curve = catch_up_curve(events, config, rates)
    for _, one_log in curve.groupby("log"):
        assert one_log["catch_up_min"].is_monotonic_decreasing
    retained = curve[curve["log"] == "retained"]["catch_up_min"].to_numpy()
    everything = curve[curve["log"] == "everything"]["catch_up_min"].to_numpy()
    assert (retained < everything).all()
    # Rule of thumb: the backlog divided by how much faster the replay reads than events arrive.
    backlog = curve[curve["log"] == "retained"]["log_events"].iloc[0]
    rate = 3.0 * spec.rate_per_min
    assert retained[1] == pytest.approx(backlog / (rate - spec.rate_per_min), rel=0.05)


def test_a_replay_slower_than_the_input_only_catches_up_after_the_stream_ends() -> None:
    spec = StreamSpec(events=6000, minutes=60, late_fraction=0.0, delay_s=0, seed=1)
    events = simulate_events(spec)
    run = simulate_kappa(events, KappaConfig(deploy_min=30, replay_per_min=0.8 * spec.rate_per_min))
    assert run.metrics["caught_up_at"] > events["processing_time"].max()


def test_old_job_is_served_until_the_new_one_catches_up() -> None:
    events = simulate_events(StreamSpec(events=4000, seed=2))
    run = simulate_kappa(events, KappaConfig(deploy_min=30, replay_per_min=400, old_bug=True))
    t = run.timeline
    caught = run.metrics["caught_up_at"]
    assert (t.loc[t["time"] < caught, "serving"] == "old").all()
    assert (t.loc[t["time"] >= caught, "serving"] == "new").all()
    assert (t.loc[t["time"] < caught, "served_error_pct"].iloc[10:] > 0).all()
    assert t["position"].isna().sum() == (t["time"] < 30).sum()
    assert (t["position"].dropna() <= t.loc[t["position"].notna(), "head"]).all()
