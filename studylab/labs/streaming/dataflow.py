"""One seeded event stream and the Dataflow model run over it.

Times are minutes since the stream started. Every event has an *event time*
(when it happened) and a *processing time* (when it reached the pipeline); the
stream is returned in arrival order, so its row number is the event's offset in
a log. The Dataflow simulation groups events into event-time windows per key and
decides, from a watermark and triggers, when each window emits a result (a
*pane*) and which late events it still accepts. Everything is vectorised: no
Python loop runs per event or per window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

WindowKind = Literal["fixed", "sliding", "session"]
"""Fixed (tumbling) windows, overlapping sliding windows, or per-key sessions."""
WatermarkKind = Literal["perfect", "heuristic"]
"""A perfect watermark knows every event still in flight; a heuristic one guesses with a lag."""
Accumulation = Literal["discarding", "accumulating"]
"""Whether a pane carries only the data new since the last pane, or the running total."""

TIMINGS = ("early", "on_time", "late")
"""Pane timings, in the order they can happen for one window."""
STATUSES = ("on_time", "late", "dropped")
"""What happened to an event in a window: counted on time, counted late, or dropped."""


@dataclass(frozen=True)
class StreamSpec:
    """The shape of the shared event stream."""

    events: int = 5_000
    """Number of events."""
    keys: int = 4
    """Number of keys (sensors, phones, users); events are spread evenly over them."""
    minutes: float = 60.0
    """Event times are spread uniformly over ``[0, minutes)``."""
    delay_s: float = 10.0
    """Mean ordinary transport delay, in seconds (exponentially distributed)."""
    late_fraction: float = 0.05
    """Share of events that are held back (an offline phone, a retrying sensor)."""
    late_delay_min: float = 10.0
    """Mean extra delay of held-back events, in minutes (exponentially distributed)."""
    bursts: int = 0
    """Bursts of activity per key (sessions of a user); 0 spreads each key's events evenly."""
    burst_min: float = 3.0
    """Length of one burst of activity, in minutes."""
    seed: int = 1
    """Random seed: the same spec always gives the same stream."""

    @property
    def rate_per_min(self) -> float:
        """Mean arrival rate while the stream is live, in events per minute."""
        return self.events / self.minutes


def simulate_events(spec: StreamSpec) -> pd.DataFrame:
    """The event stream in arrival order.

    Columns: ``offset`` (arrival position, 0-based), ``key``, ``value`` (an
    integer 1-9; pipelines sum it), ``event_time``, ``processing_time``,
    ``delay`` (their difference) and ``held_back`` (the event was one of the
    late fraction).
    """
    rng = np.random.default_rng(spec.seed)
    n = spec.events
    keys = max(spec.keys, 1)
    key = rng.integers(0, keys, n)
    if spec.bursts > 0:
        # Each key is active in a few bursts (a user's sessions); an event falls in one of its key's bursts.
        length = min(spec.burst_min, spec.minutes)
        centres = rng.uniform(0.0, spec.minutes - length, (keys, spec.bursts))
        event_time = centres[key, rng.integers(0, spec.bursts, n)] + rng.uniform(0.0, length, n)
    else:
        event_time = rng.uniform(0.0, spec.minutes, n)
    value = rng.integers(1, 10, n)
    delay = rng.exponential(spec.delay_s / 60.0, n)
    held_back = rng.random(n) < spec.late_fraction
    delay = delay + np.where(held_back, rng.exponential(spec.late_delay_min, n), 0.0)
    processing_time = event_time + delay
    order = np.argsort(processing_time, kind="stable")
    return pd.DataFrame(
        {
            "offset": np.arange(n),
            "key": key[order],
            "value": value[order],
            "event_time": event_time[order],
            "processing_time": processing_time[order],
            "delay": delay[order],
            "held_back": held_back[order],
        }
    )


def bounded(events: pd.DataFrame) -> pd.DataFrame:
    """The same events as a bounded data set: all stored, read in one go when the stream has ended.

    Every event gets the same processing time (the last arrival), which is how a
    batch job sees yesterday's file.
    """
    out = events.copy()
    out["processing_time"] = float(events["processing_time"].max()) if len(events) else 0.0
    return out


# --- Dataflow ---------------------------------------------------------------------


@dataclass(frozen=True)
class DataflowConfig:
    """One pipeline: windows, watermark, triggers, lateness and accumulation."""

    window: WindowKind = "fixed"
    """How event time is cut into windows."""
    size_min: float = 5.0
    """Length of fixed and sliding windows."""
    slide_min: float = 1.0
    """How often a new sliding window starts."""
    gap_min: float = 2.0
    """A session ends after this much event-time silence for its key."""
    watermark: WatermarkKind = "heuristic"
    """Perfect (knows what is still in flight) or heuristic (latest event time seen minus a lag)."""
    lag_min: float = 1.0
    """How far the heuristic watermark trails the latest event time it has seen."""
    early_every_min: float = 0.0
    """Early firings: emit a partial pane every this many processing-time minutes before the
    watermark passes the window (0 = no early firings)."""
    late_every_min: float = 0.0
    """Late firings: group late events into panes on a grid of this many minutes (0 = a pane per
    late event)."""
    allowed_lateness_min: float = 0.0
    """How far behind the watermark a window still accepts late events (0 = drop all late data)."""
    accumulation: Accumulation = "accumulating"
    """Discarding panes carry new data only; accumulating panes carry the running total."""


@dataclass(frozen=True)
class DataflowRun:
    """The result of running one pipeline over one stream."""

    panes: pd.DataFrame
    """Every emitted pane: ``key, window, window_start, window_end, fire_time, timing, events,
    pane_value`` (data new in this pane), ``total`` (running total), ``emitted`` (what the pane
    carries under the accumulation mode), ``is_final``."""
    windows: pd.DataFrame
    """One row per window: ``key, window, window_start, window_end, truth`` (sum of all its
    events), ``result`` (sum of the panes), ``on_time_total``, ``watermark_time`` (when the
    on-time pane fired), ``latency`` (that minus the window end), ``close_time`` (when late data
    stops being accepted), ``dropped`` (events), ``panes``."""
    assignments: pd.DataFrame
    """One row per (event, window): ``offset, key, value, event_time, processing_time, window,
    status`` (on_time / late / dropped)."""
    watermark: pd.DataFrame
    """The watermark after each arrival: ``processing_time, watermark`` (inf once input ends)."""
    metrics: dict[str, float]
    """Read-outs: see :func:`dataflow_metrics`."""


def _ceil_to(times: np.ndarray, every: float) -> np.ndarray:
    """The next tick of a processing-time grid with period ``every`` at or after each time."""
    return np.ceil(times / every) * every


def assign_windows(events: pd.DataFrame, config: DataflowConfig) -> pd.DataFrame:
    """One row per (event, window the event belongs to), with integer window ids.

    Session boundaries are computed from every event of the key, including
    events that a pipeline will later drop as too late. (A real runner merges
    sessions as bridging events arrive; using the final sessions keeps each
    window's truth well defined.)
    """
    e = events["event_time"].to_numpy(float)
    key = events["key"].to_numpy()
    rows = np.arange(len(events))
    if config.window == "fixed":
        index = np.floor(e / config.size_min).astype(np.int64)
        start = index * config.size_min
        end = start + config.size_min
        return _assignment_frame(rows, key, index, start, end, key_scoped=False)
    if config.window == "sliding":
        slide, size = config.slide_min, config.size_min
        copies = int(np.ceil(size / slide))
        base = np.floor(e / slide).astype(np.int64)
        index = base[:, None] - np.arange(copies)[None, :]
        start = index * slide
        inside = start + size > e[:, None]
        ev = np.broadcast_to(rows[:, None], index.shape)[inside]
        index, start = index[inside], start[inside]
        return _assignment_frame(ev, key[ev], index, start, start + size, key_scoped=False)
    # Sessions: sort by (key, event time); a new session starts at a new key or after a gap.
    order = np.lexsort((e, key))
    sk, se = key[order], e[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (sk[1:] != sk[:-1]) | (np.diff(se) >= config.gap_min)
    session = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(order)) - 1
    start = se[first][session]
    end = (se[last] + config.gap_min)[session]
    return _assignment_frame(order, sk, session, start, end, key_scoped=True)


def _assignment_frame(
    rows: np.ndarray, key: np.ndarray, index: np.ndarray, start: np.ndarray, end: np.ndarray, *, key_scoped: bool
) -> pd.DataFrame:
    frame = pd.DataFrame({"row": rows, "key": key, "index": index, "window_start": start, "window_end": end})
    # A window is (key, index): fixed and sliding windows repeat per key, sessions are already per key.
    group_cols = ["index"] if key_scoped else ["key", "index"]
    frame["window"] = frame.groupby(group_cols, sort=True).ngroup()
    return frame.drop(columns="index")


def watermark_after_arrivals(events: pd.DataFrame, config: DataflowConfig) -> np.ndarray:
    """The watermark just after each arrival (events in arrival order); inf after the last one.

    Perfect: the earliest event time of the events still in flight. Heuristic:
    the latest event time seen so far minus the lag. The simulated stream is a
    slice of an endless one: once processing time passes the slice's last event
    time, the (unsimulated) newer events would keep the heuristic watermark
    moving, so from then on it advances with processing time minus the lag.
    When the input ends the watermark jumps to infinity, so every open window fires.
    """
    e = events["event_time"].to_numpy(float)
    n = len(e)
    mark = np.empty(n)
    if n == 0:
        return mark
    if config.watermark == "perfect":
        mark[:-1] = np.minimum.accumulate(e[::-1])[::-1][1:]
    else:
        p = events["processing_time"].to_numpy(float)
        beyond = np.where(p >= e.max(), p, -np.inf)
        mark[:-1] = np.maximum(np.maximum.accumulate(e), beyond)[:-1] - config.lag_min
    mark[-1] = np.inf
    return mark


def simulate_dataflow(events: pd.DataFrame, config: DataflowConfig) -> DataflowRun:
    """Run one Dataflow pipeline (sum of ``value`` per key and window) over the events.

    Needs at least one event; events are taken in arrival order (sorted by processing time).
    """
    if not events["processing_time"].is_monotonic_increasing:
        events = events.sort_values("processing_time", kind="stable").reset_index(drop=True)
    p = events["processing_time"].to_numpy(float)
    value = events["value"].to_numpy(np.int64)
    mark = watermark_after_arrivals(events, config)
    assigned = assign_windows(events, config)
    row = assigned["row"].to_numpy()
    window = assigned["window"].to_numpy()

    windows = assigned.groupby("window", sort=True).agg(
        key=("key", "first"), window_start=("window_start", "first"), window_end=("window_end", "first")
    )
    end = windows["window_end"].to_numpy(float)
    # The on-time pane fires at the first arrival after which the watermark has passed the window's end;
    # the window is closed (late data dropped) once the watermark passes end + allowed lateness.
    fire_at = p[np.minimum(np.searchsorted(mark, end, side="left"), len(p) - 1)]
    close_at = p[np.minimum(np.searchsorted(mark, end + config.allowed_lateness_min, side="left"), len(p) - 1)]

    arrival = p[row]
    w_fire, w_close = fire_at[window], close_at[window]
    status = np.where(arrival <= w_fire, 0, np.where(arrival <= w_close, 1, 2))
    timing = np.full(len(row), 1)
    fire = w_fire.copy()
    if config.early_every_min > 0:
        tick = _ceil_to(arrival, config.early_every_min)
        early = (status == 0) & (tick < w_fire)
        fire = np.where(early, tick, fire)
        timing = np.where(early, 0, timing)
    late = status == 1
    late_tick = arrival if config.late_every_min <= 0 else _ceil_to(arrival, config.late_every_min)
    fire = np.where(late, np.minimum(late_tick, w_close), fire)
    timing = np.where(late, 2, timing)

    kept = status < 2
    contributions = pd.DataFrame(
        {
            "window": np.concatenate([window[kept], windows.index.to_numpy()]),
            "fire_time": np.concatenate([fire[kept], fire_at]),
            "timing": np.concatenate([timing[kept], np.ones(len(windows), dtype=np.int64)]),
            "events": np.concatenate([np.ones(int(kept.sum()), dtype=np.int64), np.zeros(len(windows), np.int64)]),
            "pane_value": np.concatenate([value[row][kept], np.zeros(len(windows), np.int64)]),
        }
    )
    # Every window gets an on-time pane, even an empty one (Beam's default on-time behaviour).
    panes = contributions.groupby(["window", "fire_time", "timing"], sort=True, as_index=False).sum()
    panes["total"] = panes.groupby("window")["pane_value"].cumsum()
    panes["emitted"] = panes["total"] if config.accumulation == "accumulating" else panes["pane_value"]
    panes["is_final"] = ~panes["window"].duplicated(keep="last")
    info = windows.loc[panes["window"].to_numpy()]
    panes.insert(1, "key", info["key"].to_numpy())
    panes.insert(2, "window_start", info["window_start"].to_numpy())
    panes.insert(3, "window_end", info["window_end"].to_numpy())
    panes["timing"] = pd.Categorical.from_codes(panes["timing"].to_numpy(), categories=list(TIMINGS))

    count = len(windows)
    truth = np.bincount(window, weights=value[row], minlength=count)
    result = np.bincount(window[kept], weights=value[row][kept], minlength=count)
    on_time = panes[panes["timing"] == "on_time"].set_index("window")["total"].reindex(windows.index).to_numpy()
    windows = windows.reset_index()
    windows["truth"] = truth.astype(np.int64)
    windows["result"] = result.astype(np.int64)
    windows["on_time_total"] = on_time.astype(np.int64)
    windows["watermark_time"] = fire_at
    windows["latency"] = fire_at - end
    windows["close_time"] = close_at
    windows["dropped"] = np.bincount(window[~kept], minlength=count)
    windows["panes"] = panes.groupby("window").size().reindex(windows["window"]).to_numpy()

    assignments = pd.DataFrame(
        {
            "offset": events["offset"].to_numpy()[row],
            "key": assigned["key"].to_numpy(),
            "value": value[row],
            "event_time": events["event_time"].to_numpy(float)[row],
            "processing_time": arrival,
            "window": window,
            "status": pd.Categorical.from_codes(status, categories=list(STATUSES)),
        }
    )
    watermark = pd.DataFrame({"processing_time": p, "watermark": mark})
    return DataflowRun(
        panes=panes,
        windows=windows,
        assignments=assignments,
        watermark=watermark,
        metrics=dataflow_metrics(windows, assignments, panes),
    )


def dataflow_metrics(windows: pd.DataFrame, assignments: pd.DataFrame, panes: pd.DataFrame) -> dict[str, float]:
    """Correctness, latency and cost of one run.

    ``windows``; ``panes`` (results emitted: the output volume); ``correct_share``
    (windows whose final result equals the truth); ``error_pct`` (absolute error
    of the final results, % of the true total); ``on_time_completeness_pct``
    (share of the truth already in the on-time panes); ``latency_min`` (mean
    time from a window's end to its on-time pane); ``late_events`` (counted
    late); ``dropped_events`` (dropped from at least one window);
    ``events_processed`` (event-window pairs handled).
    """
    truth = windows["truth"].to_numpy(float)
    total = max(float(truth.sum()), 1.0)
    status = assignments["status"]
    dropped_offsets = assignments.loc[status == "dropped", "offset"]
    late_offsets = assignments.loc[status == "late", "offset"]
    return {
        "windows": float(len(windows)),
        "panes": float(len(panes)),
        "correct_share": float((windows["result"] == windows["truth"]).mean()) if len(windows) else 1.0,
        "error_pct": 100.0 * float(np.abs(truth - windows["result"].to_numpy(float)).sum()) / total,
        "on_time_completeness_pct": 100.0 * float(windows["on_time_total"].sum()) / total,
        "latency_min": float(windows["latency"].mean()) if len(windows) else 0.0,
        "late_events": float(late_offsets.nunique()),
        "dropped_events": float(dropped_offsets.nunique()),
        "events_processed": float(len(assignments)),
    }


def batch_windows(events: pd.DataFrame, config: DataflowConfig) -> pd.DataFrame:
    """The batch answer: the sum of every event's value per key and window, with no notion of time."""
    assigned = assign_windows(events, config)
    assigned["value"] = events["value"].to_numpy(np.int64)[assigned["row"].to_numpy()]
    return (
        assigned.groupby(["key", "window_start", "window_end"], sort=True, as_index=False)["value"]
        .sum()
        .rename(columns={"value": "truth"})
    )


def compare_bounded(events: pd.DataFrame, config: DataflowConfig) -> dict[str, float]:
    """Run the same pipeline over the stream and over the bounded data set, and compare the answers.

    ``windows``; ``bounded_panes_per_window`` (1.0: each window fires once);
    ``bounded_matches_batch`` (share of windows where the bounded run equals the batch answer);
    ``stream_matches_bounded`` (share where the stream's final result equals the bounded run's);
    ``stream_dropped_events``.
    """
    stream = simulate_dataflow(events, config)
    batch = simulate_dataflow(bounded(events), config)
    truth = batch_windows(events, config)
    cols = ["key", "window_start", "window_end"]
    joined = batch.windows.merge(truth, on=cols, suffixes=("", "_batch")).merge(
        stream.windows[[*cols, "result"]], on=cols, suffixes=("", "_stream")
    )
    return {
        "windows": float(len(joined)),
        "bounded_panes_per_window": float(len(batch.panes)) / max(len(batch.windows), 1),
        "bounded_matches_batch": float((joined["result"] == joined["truth_batch"]).mean()),
        "stream_matches_bounded": float((joined["result_stream"] == joined["result"]).mean()),
        "stream_dropped_events": stream.metrics["dropped_events"],
    }


def watermark_tradeoff(events: pd.DataFrame, config: DataflowConfig, lags: list[float]) -> pd.DataFrame:
    """Latency against completeness for a perfect watermark and for heuristic ones with each lag.

    Columns: ``watermark`` (label), ``lag_min`` (NaN for perfect), ``latency_min``,
    ``on_time_completeness_pct``, ``error_pct``, ``dropped_events``.
    """
    settings: list[tuple[str, WatermarkKind, float]] = [("perfect", "perfect", float("nan"))]
    settings += [(f"lag {g:g}", "heuristic", g) for g in lags]
    rows = []
    for label, kind, lag in settings:
        run = simulate_dataflow(events, replace(config, watermark=kind, lag_min=0.0 if np.isnan(lag) else lag))
        rows.append({"watermark": label, "lag_min": lag, **{k: run.metrics[k] for k in _TRADEOFF}})
    return pd.DataFrame(rows)


_TRADEOFF = ("latency_min", "on_time_completeness_pct", "error_pct", "dropped_events")
