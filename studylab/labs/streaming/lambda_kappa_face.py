"""The Lambda and Kappa simulations on their pages, over the stream the Dataflow page shares.

The preset picker, the stream's widgets and the cross-links are those of ``streaming.face``;
this module adds each architecture's own widgets, runs and figures, cached per input
(``studylab.ui.cache``) and drawn inside an ``st.fragment``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from studylab.labs.streaming import figures, presets
from studylab.labs.streaming.dataflow import StreamSpec
from studylab.labs.streaming.face import (
    CATCH_UP_SPEEDS,
    minutes,
    preset_table,
    same_stream_links,
    stream_controls,
    stream_events,
    widget,
)
from studylab.labs.streaming.lambda_kappa import (
    BUG_BELOW,
    KappaConfig,
    KappaRun,
    LambdaConfig,
    LambdaRun,
    catch_up_curve,
    simulate_kappa,
    simulate_lambda,
)
from studylab.ui import cache
from studylab.ui.notes import note

# --- Builders: pure functions of frozen inputs, called through ``cache.cached`` -------------


def _run_lambda(spec: StreamSpec, config: LambdaConfig) -> LambdaRun:
    return simulate_lambda(stream_events(spec), config)


def _run_kappa(spec: StreamSpec, config: KappaConfig) -> KappaRun:
    return simulate_kappa(stream_events(spec), config)


def _lambda_figure(spec: StreamSpec, config: LambdaConfig, at: float) -> go.Figure:
    return figures.build_lambda_figure(cache.cached(_run_lambda, spec, config), at)


def _lambda_windows_figure(spec: StreamSpec, config: LambdaConfig, at: float) -> go.Figure:
    run = cache.cached(_run_lambda, spec, config)
    return figures.build_windows_figure(
        run.windows_at(at).query("window_start <= @at"),
        ("batch", "speed", "served"),
        f"Each layer's answer at minute {at:.0f}",
    )


def _kappa_figure(spec: StreamSpec, config: KappaConfig) -> go.Figure:
    return figures.build_kappa_figure(cache.cached(_run_kappa, spec, config), config)


def _catch_up_figure(spec: StreamSpec, config: KappaConfig, speedup: float) -> go.Figure:
    rates = np.linspace(CATCH_UP_SPEEDS[0], CATCH_UP_SPEEDS[1], int(CATCH_UP_SPEEDS[2])) * spec.rate_per_min
    curve = catch_up_curve(stream_events(spec), config, rates)
    curve["speedup"] = curve["replay_per_min"] / spec.rate_per_min
    catch_up = cache.cached(_run_kappa, spec, config).metrics["catch_up_min"]
    return figures.build_catch_up_figure(curve, speedup, catch_up)


def _kappa_windows_figure(spec: StreamSpec, config: KappaConfig) -> go.Figure:
    run = cache.cached(_run_kappa, spec, config)
    return figures.build_windows_figure(
        run.windows, ("old", "new"), "Final answer per window: old job, replayed new job"
    )


# --- Lambda ---------------------------------------------------------------------------


@st.fragment
def lambda_lab() -> None:
    """Lambda's batch, speed and serving layers over the shared stream, with a bug in one path."""
    table = preset_table()
    if table is None:
        return
    st.subheader("Run a Lambda architecture")
    row, spec = stream_controls(table, "lambda")
    values = {}
    for column, (key, preset_column) in zip(st.columns(4), presets.LAMBDA.items(), strict=True):
        with column:
            values[key] = widget("lambda", key, preset_column, row)
    bug = values["bug"]
    if bug != "none":
        st.caption(note("lambda_bug", path=bug, below=BUG_BELOW))
    config = presets.lambda_config(row, values)
    run = cache.cached(_run_lambda, spec, config)
    end = float(run.timeline["time"].iloc[-1])
    # The range depends on the preset only, so changing the batch settings does not reset the slider.
    at = st.slider(
        "Look at minute",
        0.0,
        float(2 * row["minutes"]),
        float(round(0.75 * row["minutes"])),
        step=1.0,
        key="at",
        bind="query-params",
        help=note("help_lambda_now"),
    )
    at = min(at, end)
    m = run.metrics
    tiles = st.columns(5)
    tiles[0].metric("Served error (mean)", f"{m['mean_served_error_pct']:.1f}%")
    tiles[1].metric("Batch view alone", f"{m['mean_batch_only_error_pct']:.1f}%", help=note("help_lambda_batch_only"))
    tiles[2].metric("Speed layer alone", f"{m['mean_speed_only_error_pct']:.1f}%", help=note("help_lambda_speed_only"))
    tiles[3].metric(
        "Batch view staleness",
        minutes(m["mean_batch_staleness_min"]),
        help=note("help_lambda_staleness"),
    )
    tiles[4].metric(
        "Events processed",
        f"{m['batch_events_processed'] + m['speed_events_processed']:,.0f}",
        help=note("help_lambda_work", runs=f"{m['recomputations']:.0f}"),
    )
    st.plotly_chart(
        cache.cached(_lambda_figure, spec, config, at), key="lambda_plot", alt="Lambda error and freshness over time"
    )
    st.caption(note("lambda_plot"))
    st.plotly_chart(
        cache.cached(_lambda_windows_figure, spec, config, at),
        key="lambda_windows",
        alt="Per-window answers of the batch, speed and serving layers",
    )
    same_stream_links("lambda_architecture", row, spec)


# --- Kappa ----------------------------------------------------------------------------


@st.fragment
def kappa_lab() -> None:
    """Kappa's log with offsets and retention, and a replay that deploys new logic."""
    table = preset_table()
    if table is None:
        return
    st.subheader("Run a Kappa architecture")
    row, spec = stream_controls(table, "kappa")
    values = {}
    for column, (key, preset_column) in zip(st.columns(5), presets.KAPPA.items(), strict=True):
        with column:
            values[key] = widget("kappa", key, preset_column, row)
    config = presets.kappa_config(row, spec, values)
    run = cache.cached(_run_kappa, spec, config)
    m = run.metrics
    tiles = st.columns(5)
    tiles[0].metric("Log at deploy", f"{m['log_events']:,.0f}", help=note("help_kappa_log"))
    tiles[1].metric("Deleted before it", f"{m['cut_off_events']:,.0f}", help=note("help_kappa_cut"))
    tiles[2].metric("Catch-up time", minutes(m["catch_up_min"]))
    tiles[3].metric("Events replayed", f"{m['replayed_events']:,.0f}", help=note("help_kappa_replayed"))
    tiles[4].metric("Error after switching", f"{m['final_error_pct']:.1f}%", help=note("help_kappa_error"))
    st.plotly_chart(
        cache.cached(_kappa_figure, spec, config), key="kappa_plot", alt="Kappa log offsets and replay over time"
    )
    st.caption(note("kappa_plot"))
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            cache.cached(_catch_up_figure, spec, config, values["speedup"]),
            key="kappa_curve",
            alt="Catch-up time against replay speed",
        )
    with right:
        st.plotly_chart(
            cache.cached(_kappa_windows_figure, spec, config),
            key="kappa_windows",
            alt="Per-window answers of the old and new jobs",
        )
    same_stream_links("kappa_architecture", row, spec)
