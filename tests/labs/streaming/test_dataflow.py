"""The shared event stream and the Dataflow model: windows, watermarks, triggers, lateness, accumulation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.labs.streaming.dataflow import (
    DataflowConfig,
    StreamSpec,
    assign_windows,
    batch_windows,
    bounded,
    compare_bounded,
    simulate_dataflow,
    simulate_events,
    watermark_after_arrivals,
    watermark_tradeoff,
)

specs = st.builds(
    StreamSpec,
    events=st.integers(1, 300),
    keys=st.integers(1, 4),
    minutes=st.floats(5, 30),
    delay_s=st.floats(0, 120),
    late_fraction=st.floats(0, 0.5),
    late_delay_min=st.floats(1, 20),
    bursts=st.integers(0, 3),
    burst_min=st.floats(0.5, 5),
    seed=st.integers(0, 10_000),
)


@st.composite
def configs(draw: st.DrawFn) -> DataflowConfig:
    size = draw(st.floats(1, 10))
    return DataflowConfig(
        window=draw(st.sampled_from(["fixed", "sliding", "session"])),
        size_min=size,
        slide_min=draw(st.floats(0.5, size)),
        gap_min=draw(st.floats(0.5, 5)),
        watermark=draw(st.sampled_from(["perfect", "heuristic"])),
        lag_min=draw(st.floats(0, 5)),
        early_every_min=draw(st.sampled_from([0.0, 0.5, 2.0])),
        late_every_min=draw(st.sampled_from([0.0, 1.0, 3.0])),
        allowed_lateness_min=draw(st.sampled_from([0.0, 2.0, 20.0])),
        accumulation=draw(st.sampled_from(["discarding", "accumulating"])),
    )


SETTINGS = settings(max_examples=60, deadline=None)


def truth_by_window(events: pd.DataFrame, config: DataflowConfig) -> pd.Series:
    return batch_windows(events, config).set_index(["key", "window_start", "window_end"])["truth"]


def result_by_window(events: pd.DataFrame, config: DataflowConfig) -> pd.Series:
    run = simulate_dataflow(events, config)
    return run.windows.set_index(["key", "window_start", "window_end"])["result"]


# --- The stream ---------------------------------------------------------------------


def test_same_seed_same_stream_other_seed_other_stream() -> None:
    spec = StreamSpec(events=500, seed=3)
    pd.testing.assert_frame_equal(simulate_events(spec), simulate_events(spec))
    assert not simulate_events(spec).equals(simulate_events(replace(spec, seed=4)))


@SETTINGS
@given(specs)
def test_stream_is_in_arrival_order_with_offsets_and_no_event_before_it_happened(spec: StreamSpec) -> None:
    events = simulate_events(spec)
    assert len(events) == spec.events
    assert events["processing_time"].is_monotonic_increasing
    assert (events["offset"] == np.arange(spec.events)).all()
    assert (events["processing_time"] >= events["event_time"]).all()
    assert events["event_time"].between(0, spec.minutes).all()
    assert events["key"].between(0, spec.keys - 1).all()
    assert events["value"].between(1, 9).all()


def test_held_back_share_and_out_of_order_arrival() -> None:
    events = simulate_events(StreamSpec(events=20_000, late_fraction=0.2, late_delay_min=10, seed=1))
    assert events["held_back"].mean() == pytest.approx(0.2, abs=0.02)
    assert (np.diff(events["event_time"].to_numpy()) < 0).any(), "some events overtake others"
    assert events.loc[events["held_back"], "delay"].mean() > 5 * events.loc[~events["held_back"], "delay"].mean()


def test_bounded_data_set_is_the_same_events_all_read_at_once() -> None:
    events = simulate_events(StreamSpec(events=300))
    batch = bounded(events)
    assert batch["processing_time"].nunique() == 1
    assert batch["processing_time"].iloc[0] == events["processing_time"].max()
    pd.testing.assert_frame_equal(batch.drop(columns="processing_time"), events.drop(columns="processing_time"))


# --- Windows --------------------------------------------------------------------------


@SETTINGS
@given(specs, configs())
def test_every_assigned_window_contains_its_event(spec: StreamSpec, config: DataflowConfig) -> None:
    events = simulate_events(spec)
    assigned = assign_windows(events, config)
    e = events["event_time"].to_numpy()[assigned["row"].to_numpy()]
    assert (assigned["window_start"].to_numpy() <= e).all()
    assert (e < assigned["window_end"].to_numpy()).all()
    per_event = assigned.groupby("row").size()
    if config.window == "sliding":
        assert per_event.between(1, int(np.ceil(config.size_min / config.slide_min))).all()
    else:
        assert (per_event == 1).all() and len(per_event) == len(events)


def test_sliding_windows_hold_each_event_size_over_slide_times() -> None:
    events = simulate_events(StreamSpec(events=1000))
    assigned = assign_windows(events, DataflowConfig(window="sliding", size_min=6, slide_min=2))
    assert (assigned.groupby("row").size() == 3).all()


@SETTINGS
@given(specs, st.floats(0.5, 5))
def test_session_windows_never_overlap_for_one_key(spec: StreamSpec, gap: float) -> None:
    events = simulate_events(spec)
    windows = assign_windows(events, DataflowConfig(window="session", gap_min=gap))
    spans = windows.drop_duplicates("window").sort_values(["key", "window_start"])
    for _, one_key in spans.groupby("key"):
        starts, ends = one_key["window_start"].to_numpy(), one_key["window_end"].to_numpy()
        assert (ends[:-1] <= starts[1:]).all()


def test_a_session_closes_after_a_gap_of_silence() -> None:
    events = pd.DataFrame(
        {
            "offset": range(4),
            "key": [0, 0, 0, 1],
            "value": [1, 2, 3, 4],
            "event_time": [1.0, 2.0, 10.0, 1.5],
            "processing_time": [1.1, 2.1, 10.1, 1.6],
        }
    ).sort_values("processing_time", ignore_index=True)
    windows = batch_windows(events, DataflowConfig(window="session", gap_min=3))
    assert windows.to_dict("records") == [
        {"key": 0, "window_start": 1.0, "window_end": 5.0, "truth": 3},
        {"key": 0, "window_start": 10.0, "window_end": 13.0, "truth": 3},
        {"key": 1, "window_start": 1.5, "window_end": 4.5, "truth": 4},
    ]


# --- Watermarks -------------------------------------------------------------------------


@SETTINGS
@given(specs, configs())
def test_watermark_never_goes_back_and_ends_at_infinity(spec: StreamSpec, config: DataflowConfig) -> None:
    mark = watermark_after_arrivals(simulate_events(spec), config)
    assert (np.diff(mark) >= 0).all()
    assert mark[-1] == np.inf


@SETTINGS
@given(specs, configs())
def test_perfect_watermark_never_sees_late_data(spec: StreamSpec, config: DataflowConfig) -> None:
    run = simulate_dataflow(simulate_events(spec), replace(config, watermark="perfect"))
    assert (run.assignments["status"] == "on_time").all()


def test_heuristic_watermark_with_no_lag_drops_stragglers() -> None:
    events = simulate_events(StreamSpec(events=2000, late_fraction=0.2, seed=2))
    run = simulate_dataflow(events, DataflowConfig(watermark="heuristic", lag_min=0))
    assert run.metrics["dropped_events"] > 0
    assert run.metrics["correct_share"] < 1


# --- Streaming against batch ----------------------------------------------------------------


@SETTINGS
@given(specs, configs())
def test_perfect_watermark_and_no_lateness_streaming_equals_batch(spec: StreamSpec, config: DataflowConfig) -> None:
    events = simulate_events(spec)
    config = replace(config, watermark="perfect", allowed_lateness_min=0.0)
    pd.testing.assert_series_equal(result_by_window(events, config), truth_by_window(events, config), check_names=False)


@SETTINGS
@given(specs, configs())
def test_batch_is_a_bounded_stream(spec: StreamSpec, config: DataflowConfig) -> None:
    """The same pipeline over the bounded data set fires each window once, with the batch answer."""
    events = simulate_events(spec)
    run = simulate_dataflow(bounded(events), config)
    assert (run.windows["panes"] == 1).all()
    assert (run.panes["timing"] == "on_time").all()
    pd.testing.assert_series_equal(
        result_by_window(bounded(events), config), truth_by_window(events, config), check_names=False
    )
    check = compare_bounded(events, config)
    assert check["bounded_panes_per_window"] == 1.0
    assert check["bounded_matches_batch"] == 1.0


def test_compare_bounded_reports_where_the_stream_lost_late_data() -> None:
    events = simulate_events(StreamSpec(events=3000, late_fraction=0.2, seed=5))
    lossy = compare_bounded(events, DataflowConfig(watermark="heuristic", lag_min=0.0))
    assert lossy["stream_matches_bounded"] < 1.0 and lossy["stream_dropped_events"] > 0
    patient = compare_bounded(events, DataflowConfig(watermark="heuristic", lag_min=0.0, allowed_lateness_min=1000))
    assert patient["stream_matches_bounded"] == 1.0


# --- Triggers and accumulation ----------------------------------------------------------------


@SETTINGS
@given(specs, configs())
def test_accumulating_final_pane_is_the_sum_of_the_windows_kept_events(
    spec: StreamSpec, config: DataflowConfig
) -> None:
    events = simulate_events(spec)
    run = simulate_dataflow(events, replace(config, accumulation="accumulating"))
    final = run.panes[run.panes["is_final"]].set_index("window")["emitted"].sort_index()
    kept = run.assignments[run.assignments["status"] != "dropped"].groupby("window")["value"].sum()
    assert (final == kept.reindex(final.index, fill_value=0)).all()


@SETTINGS
@given(specs, configs())
def test_with_enough_allowed_lateness_the_final_pane_is_the_window_sum(
    spec: StreamSpec, config: DataflowConfig
) -> None:
    events = simulate_events(spec)
    run = simulate_dataflow(events, replace(config, accumulation="accumulating", allowed_lateness_min=1e6))
    final = run.panes[run.panes["is_final"]].set_index("window")["emitted"].sort_index()
    assert (final.to_numpy() == run.windows.set_index("window")["truth"].sort_index().to_numpy()).all()


@SETTINGS
@given(specs, configs())
def test_discarding_panes_sum_to_the_accumulating_total(spec: StreamSpec, config: DataflowConfig) -> None:
    events = simulate_events(spec)
    discarding = simulate_dataflow(events, replace(config, accumulation="discarding")).panes
    accumulating = simulate_dataflow(events, replace(config, accumulation="accumulating")).panes
    summed = discarding.groupby("window")["emitted"].sum()
    final = accumulating[accumulating["is_final"]].set_index("window")["emitted"]
    pd.testing.assert_series_equal(summed.sort_index(), final.sort_index(), check_names=False)


@SETTINGS
@given(specs, configs())
def test_panes_fire_early_then_on_time_then_late(spec: StreamSpec, config: DataflowConfig) -> None:
    run = simulate_dataflow(simulate_events(spec), config)
    panes = run.panes.merge(run.windows[["window", "watermark_time", "close_time"]], on="window")
    early, on_time, late = (panes[panes["timing"] == t] for t in ("early", "on_time", "late"))
    assert (on_time.groupby("window").size() == 1).all() and on_time["window"].nunique() == len(run.windows)
    assert (on_time["fire_time"] == on_time["watermark_time"]).all()
    assert (early["fire_time"] < early["watermark_time"]).all()
    assert (late["fire_time"] > late["watermark_time"]).all()
    assert (late["fire_time"] <= late["close_time"]).all()
    assert (panes.groupby("window")["fire_time"].diff().dropna() > 0).all()


def test_early_firings_give_partial_results_before_the_watermark() -> None:
    events = simulate_events(StreamSpec(events=3000, seed=9))
    run = simulate_dataflow(events, DataflowConfig(size_min=10, early_every_min=1, lag_min=2))
    early = run.panes[run.panes["timing"] == "early"]
    assert len(early) > 0
    assert (early["total"] <= early.merge(run.windows, on="window")["truth"].to_numpy()).all()


def test_no_early_firings_means_no_early_panes() -> None:
    run = simulate_dataflow(simulate_events(StreamSpec(events=1000)), DataflowConfig(early_every_min=0))
    assert not (run.panes["timing"] == "early").any()


# --- The watermark trade-off ------------------------------------------------------------------


def test_a_longer_lag_waits_longer_and_is_more_complete() -> None:
    events = simulate_events(StreamSpec(events=4000, late_fraction=0.1, seed=4))
    table = watermark_tradeoff(events, DataflowConfig(), [0.0, 1.0, 3.0, 10.0])
    heuristic = table[table["watermark"] != "perfect"]
    assert heuristic["latency_min"].is_monotonic_increasing
    assert heuristic["on_time_completeness_pct"].is_monotonic_increasing
    perfect = table[table["watermark"] == "perfect"].iloc[0]
    assert perfect["on_time_completeness_pct"] == 100.0
    assert perfect["latency_min"] > heuristic["latency_min"].iloc[0]


def test_metrics_count_panes_and_drops() -> None:
    events = simulate_events(StreamSpec(events=2000, late_fraction=0.3, seed=8))
    run = simulate_dataflow(events, DataflowConfig(lag_min=0.5, allowed_lateness_min=2, early_every_min=1))
    m = run.metrics
    assert m["panes"] == len(run.panes)
    assert m["dropped_events"] == run.assignments.loc[run.assignments["status"] == "dropped", "offset"].nunique()
    assert m["windows"] == len(run.windows)
    assert 0 < m["on_time_completeness_pct"] < 100
