"""Lambda and Kappa architectures over the shared event stream.

Both answer the same question: the sum of ``value`` per fixed event-time window
(all keys together), asked again and again as processing time goes by. The
*truth at time t* is the exact answer over every event that has arrived by t;
it becomes the final truth once the stream has ended.

Lambda has two code paths: a batch layer that periodically recomputes everything
that has arrived (exact, by event time, but stale) and a speed layer that updates
per event (fresh, but it files each event under the window of its *arrival*, so
late events land in the wrong window). The serving layer adds the speed layer's
figures since the last batch cutoff to the latest batch view. A bug can be put in
one path only.

Kappa has one code path and a replayable log: events get offsets, old ones are
deleted after the retention period, and deploying new logic means replaying the
retained log from its start until the new job catches up with the head.

Every function is vectorised over events with cumulative histograms; Python
loops run only over a handful of query settings, never per event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

BugPath = Literal["none", "batch", "speed"]
"""Which Lambda code path has the bug (see :func:`buggy_values`)."""

BUG_BELOW = 3
"""The bug: a filter meant to keep every value (``value >= 1``) was written ``value >= 3``."""

TIMELINE_POINTS = 400
"""Query times per simulated run (the timeline's resolution)."""


def buggy_values(value: np.ndarray) -> np.ndarray:
    """What a path with the bug sums: events below :data:`BUG_BELOW` are filtered out by mistake."""
    return np.where(value < BUG_BELOW, 0.0, value)


def _window_count(events: pd.DataFrame, window_min: float) -> int:
    latest = max(float(events["processing_time"].max()), float(events["event_time"].max())) if len(events) else 0.0
    return int(np.floor(latest / window_min)) + 1


def _cumulative(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Matrix M[r, c] = sum of weights with row index <= r and column c (a cumulative 2-D histogram)."""
    flat = np.bincount(rows * shape[1] + cols, weights=weights, minlength=shape[0] * shape[1])
    return np.cumsum(flat.reshape(shape), axis=0)


def _query_index(p: np.ndarray, times: np.ndarray) -> np.ndarray:
    """For each arrival, the first query time at or after it (events count from that query on)."""
    return np.searchsorted(times, p, side="left")


def _relative_error(answer: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Absolute error summed over windows, as % of the true total, per query time (rows)."""
    return 100.0 * np.abs(answer - truth).sum(axis=1) / np.maximum(truth.sum(axis=1), 1.0)


# --- Lambda -----------------------------------------------------------------------


@dataclass(frozen=True)
class LambdaConfig:
    """The Lambda system's settings."""

    window_min: float = 5.0
    """Length of the fixed event-time windows both layers compute."""
    batch_every_min: float = 30.0
    """The batch layer starts a full recomputation this often."""
    batch_runtime_min: float = 5.0
    """A batch run's view is published this long after the run starts."""
    bug: BugPath = "none"
    """Which code path has the bug."""


@dataclass(frozen=True)
class LambdaRun:
    """The Lambda system observed over time."""

    timeline: pd.DataFrame
    """Per query time: ``time, arrived, batch_cutoff`` (data cutoff of the view being served, NaN
    before the first), ``batch_staleness`` (how long the oldest arrived event missing from the batch
    view has been waiting; 0 if none), ``served_staleness`` (the same for the served answer: always 0,
    since the speed layer takes in every event as it arrives), ``served_error_pct, batch_only_error_pct,
    speed_only_error_pct``."""
    runs: pd.DataFrame
    """Each batch run: ``cutoff, published, events`` (recomputed from scratch)."""
    metrics: dict[str, float]
    """``final_error_pct, mean_served_error_pct, mean_batch_only_error_pct, mean_speed_only_error_pct,
    mean_batch_staleness_min, recomputations, batch_events_processed, speed_events_processed``."""
    window_starts: np.ndarray
    """Start of each event-time window (the columns of ``layers``)."""
    layers: dict[str, np.ndarray]
    """``truth, batch, speed, served``: each layer's answer per query time (rows) and window (columns)."""

    def windows_at(self, time: float) -> pd.DataFrame:
        """Every layer's answer per window at the last query time not after ``time``."""
        times = self.timeline["time"].to_numpy()
        row = int(np.clip(np.searchsorted(times, time, side="right") - 1, 0, len(times) - 1))
        frame = pd.DataFrame({"window_start": self.window_starts})
        for name, matrix in self.layers.items():
            frame[name] = matrix[row]
        return frame


def simulate_lambda(events: pd.DataFrame, config: LambdaConfig, points: int = TIMELINE_POINTS) -> LambdaRun:
    """Run the batch, speed and serving layers over the events (in arrival order).

    The timeline runs until the first batch view whose cutoff is after the last
    arrival has been published (the batch layer has caught up), plus one step.
    """
    p = events["processing_time"].to_numpy(float)
    e = events["event_time"].to_numpy(float)
    value = events["value"].to_numpy(float)
    size, every, runtime = config.window_min, config.batch_every_min, config.batch_runtime_min
    windows = _window_count(events, size)
    last = float(p.max()) if len(p) else 0.0
    cutoffs = every * np.arange(1, int(np.floor(last / every)) + 2)
    end = float(cutoffs[-1]) + runtime
    times = np.linspace(0.0, end, points)
    times = np.append(times, end + (end / (points - 1)))

    event_window = np.floor(e / size).astype(np.int64)
    arrival_window = np.floor(p / size).astype(np.int64)
    batch_weight = buggy_values(value) if config.bug == "batch" else value
    speed_weight = buggy_values(value) if config.bug == "speed" else value

    q = _query_index(p, times)
    k = np.searchsorted(cutoffs, p, side="right")  # the first batch run whose cutoff is after the arrival
    q_shape, k_shape = (len(times), windows), (len(cutoffs), windows)
    truth = _cumulative(q, event_window, value, q_shape)
    speed = _cumulative(q, arrival_window, speed_weight, q_shape)
    speed_at_cutoff = _cumulative(k, arrival_window, speed_weight, k_shape)
    batch_view = _cumulative(k, event_window, batch_weight, k_shape)

    # The view served at time t is the latest batch run published by t (run j publishes at cutoff_j + runtime).
    published = np.floor((times - runtime) / every + 1e-9).astype(np.int64)
    published = np.clip(published, 0, len(cutoffs))
    has_view = published > 0
    view = np.where(has_view[:, None], batch_view[np.maximum(published - 1, 0)], 0.0)
    since = speed - np.where(has_view[:, None], speed_at_cutoff[np.maximum(published - 1, 0)], 0.0)
    served = view + since

    cutoff = np.where(has_view, cutoffs[np.maximum(published - 1, 0)], np.nan)
    arrived = np.searchsorted(p, times, side="right")
    first_missing = np.where(has_view, np.searchsorted(p, np.nan_to_num(cutoff), side="left"), 0)
    waiting = first_missing < arrived
    oldest_missing = p[np.minimum(first_missing, max(len(p) - 1, 0))]
    timeline = pd.DataFrame(
        {
            "time": times,
            "arrived": arrived,
            "batch_cutoff": cutoff,
            "batch_staleness": np.where(waiting, times - oldest_missing, 0.0),
            "served_staleness": np.zeros(len(times)),
            "served_error_pct": _relative_error(served, truth),
            "batch_only_error_pct": _relative_error(view, truth),
            "speed_only_error_pct": _relative_error(speed, truth),
        }
    )
    runs = pd.DataFrame(
        {
            "cutoff": cutoffs,
            "published": cutoffs + runtime,
            "events": np.searchsorted(p, cutoffs, side="left"),
        }
    )
    metrics = {
        "final_error_pct": float(timeline["served_error_pct"].iloc[-1]),
        "mean_served_error_pct": float(timeline["served_error_pct"].mean()),
        "mean_batch_only_error_pct": float(timeline["batch_only_error_pct"].mean()),
        "mean_speed_only_error_pct": float(timeline["speed_only_error_pct"].mean()),
        "mean_batch_staleness_min": float(timeline["batch_staleness"].mean()),
        "recomputations": float(len(cutoffs)),
        "batch_events_processed": float(runs["events"].sum()),
        "speed_events_processed": float(len(p)),
    }
    return LambdaRun(
        timeline=timeline,
        runs=runs,
        metrics=metrics,
        window_starts=np.arange(windows) * size,
        layers={"truth": truth, "batch": view, "speed": speed, "served": served},
    )


# --- Kappa ------------------------------------------------------------------------


@dataclass(frozen=True)
class KappaConfig:
    """The Kappa system's settings."""

    window_min: float = 5.0
    """Length of the fixed event-time windows the job computes."""
    retention_min: float = 1e9
    """The log deletes events this long after they were appended."""
    deploy_min: float = 50.0
    """When the new logic is deployed and its replay starts (processing time)."""
    replay_per_min: float = 500.0
    """How many events per minute the new job can read (its throughput)."""
    old_bug: bool = True
    """The old logic has the bug of :func:`buggy_values`; the new logic fixes it."""


@dataclass(frozen=True)
class KappaRun:
    """The Kappa system observed over time."""

    timeline: pd.DataFrame
    """Per query time: ``time, head`` (log end offset), ``earliest`` (oldest retained offset),
    ``position`` (the new job's offset, NaN before the deploy), ``lag`` (head minus position),
    ``serving`` ("old" or "new"), ``served_error_pct``."""
    windows: pd.DataFrame
    """At the end, per window: ``window_start, truth, old, new`` (the replayed job's answer),
    ``missing`` (events cut off by retention before the replay)."""
    metrics: dict[str, float]
    """``start_offset`` (where the replay starts), ``log_events`` (retained at the deploy),
    ``cut_off_events``, ``catch_up_min`` (inf if never), ``caught_up_at``, ``replayed_events``,
    ``final_error_pct``."""


def catch_up_time(p: np.ndarray, start: int, deploy: float, rate: float) -> float:
    """When a job that starts reading offset ``start`` at ``deploy``, at ``rate`` events/min, reaches the head.

    ``p`` are append times in offset order. The job's position is
    ``start + rate * (t - deploy)``; the head is the number of events appended by
    t. It catches up at the first t where position >= head; after the last
    append the head stops growing, so a positive rate always catches up.
    """
    if rate <= 0:
        return float("inf")
    h0 = int(np.searchsorted(p, deploy, side="right"))
    heads = np.arange(h0, len(p) + 1)  # head value on each interval between appends after the deploy
    opens = np.concatenate([[deploy], p[h0:]])  # the interval with head = heads[i] starts here ...
    closes = np.concatenate([p[h0:], [np.inf]])  # ... and ends here
    reach = deploy + (heads - start) / rate  # when the position equals that head
    when = np.maximum(reach, opens)
    ok = np.flatnonzero(when < closes)
    return float(when[ok[0]]) if len(ok) else float("inf")


def simulate_kappa(events: pd.DataFrame, config: KappaConfig, points: int = TIMELINE_POINTS) -> KappaRun:
    """Run the log, the old job and the replaying new job over the events (in arrival order)."""
    p = events["processing_time"].to_numpy(float)
    e = events["event_time"].to_numpy(float)
    value = events["value"].to_numpy(float)
    n = len(p)
    size, deploy, retention = config.window_min, config.deploy_min, config.retention_min
    windows = _window_count(events, size)
    head_at_deploy = int(np.searchsorted(p, deploy, side="right"))
    start = min(int(np.searchsorted(p, deploy - retention, side="left")), head_at_deploy)
    caught = catch_up_time(p, start, deploy, config.replay_per_min)

    last = float(p.max()) if n else 0.0
    horizon = max(last, deploy, caught if np.isfinite(caught) else last)
    times = np.linspace(0.0, horizon * 1.05 + 1.0, points)
    times = np.sort(np.append(times, [deploy, caught] if np.isfinite(caught) else [deploy]))

    head = np.searchsorted(p, times, side="right")
    earliest = np.minimum(np.searchsorted(p, times - retention, side="left"), head)
    after = times >= deploy
    position = np.where(after, np.minimum(start + config.replay_per_min * (times - deploy), head), np.nan)
    serving_new = times >= caught

    event_window = np.floor(e / size).astype(np.int64)
    q = _query_index(p, times)
    shape = (len(times), windows)
    truth = _cumulative(q, event_window, value, shape)
    old = _cumulative(q, event_window, buggy_values(value) if config.old_bug else value, shape)
    replayed = np.arange(n) >= start
    new = _cumulative(q, event_window, np.where(replayed, value, 0.0), shape)
    served = np.where(serving_new[:, None], new, old)

    timeline = pd.DataFrame(
        {
            "time": times,
            "head": head,
            "earliest": earliest,
            "position": position,
            "lag": head - position,
            "serving": np.where(serving_new, "new", "old"),
            "served_error_pct": _relative_error(served, truth),
        }
    )
    final = pd.DataFrame(
        {
            "window_start": np.arange(windows) * size,
            "truth": truth[-1],
            "old": old[-1],
            "new": new[-1],
            "missing": np.bincount(event_window[~replayed], minlength=windows),
        }
    )
    metrics = {
        "start_offset": float(start),
        "log_events": float(head_at_deploy - start),
        "cut_off_events": float(start),
        "catch_up_min": caught - deploy,
        "caught_up_at": caught,
        "replayed_events": float(np.searchsorted(p, caught, side="right") - start) if np.isfinite(caught) else np.inf,
        "final_error_pct": float(_relative_error(new[-1:], truth[-1:])[0]),
    }
    return KappaRun(timeline=timeline, windows=final, metrics=metrics)


def catch_up_curve(events: pd.DataFrame, config: KappaConfig, rates: np.ndarray) -> pd.DataFrame:
    """Catch-up minutes for each replay rate, for the configured retention and for a log that keeps everything.

    Columns: ``replay_per_min, log`` ("retained" or "everything"), ``log_events``, ``catch_up_min``.
    """
    p = events["processing_time"].to_numpy(float)
    deploy = config.deploy_min
    head = int(np.searchsorted(p, deploy, side="right"))
    starts = {
        "retained": min(int(np.searchsorted(p, deploy - config.retention_min, side="left")), head),
        "everything": 0,
    }
    rows = [
        {
            "replay_per_min": float(rate),
            "log": log,
            "log_events": head - start,
            "catch_up_min": catch_up_time(p, start, deploy, float(rate)) - deploy,
        }
        for log, start in starts.items()
        for rate in rates
    ]
    return pd.DataFrame(rows)
