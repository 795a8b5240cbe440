"""Scalability, elasticity and FinOps: a load curve against three capacity policies.

One step is one minute. :func:`simulate_load` draws a seeded daily load curve with a
spike; :func:`simulate_policy` runs one capacity policy against it and returns, per
minute, the capacity, what was served, queued and dropped, a latency proxy and the
cost. Everything is vectorised except the autoscaler, whose decisions depend on its own
past (cooldown, instances still starting): that part is one tight loop over minutes on
plain Python numbers, about 0.2 s for a year of minutes (525,600 steps).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Literal

import numpy as np
import pandas as pd

MINUTES_PER_DAY = 1440
MINUTES_PER_YEAR = 525_600
"""A 365-day year of one-minute steps."""

MAX_UTILISATION = 0.95
"""Utilisation above which the latency proxy stops growing (a queue, not a formula, takes over)."""

PolicyKind = Literal["fixed", "autoscale", "scale_to_zero"]
POLICY_NAMES: dict[PolicyKind, str] = {
    "fixed": "Fixed capacity",
    "autoscale": "Autoscaling",
    "scale_to_zero": "Scale to zero",
}
"""The three policies, in the order they are shown."""


@dataclass(frozen=True)
class LoadShape:
    """A daily load curve: a smooth busy period, a spike and minute-to-minute burstiness."""

    base: float
    """Mean requests per minute at the quietest time of day."""
    peak: float
    """Mean requests per minute at the busiest time of day, before the spike."""
    peak_hour: float = 14.0
    """Hour of day (0-24) when the smooth curve peaks; it is lowest twelve hours away."""
    sharpness: float = 1.0
    """1 = a broad day; higher values narrow the busy period and lengthen the quiet one."""
    spike_hour: float = 18.0
    """Hour of day when the spike starts."""
    spike_minutes: int = 0
    """How long the spike lasts each day (0 = no spike)."""
    spike_factor: float = 1.0
    """Load multiplier during the spike."""
    jitter: float = 0.0
    """Minute-to-minute burstiness: standard deviation of a log-normal factor on the mean."""


@dataclass(frozen=True)
class Service:
    """What one instance can do and what it costs."""

    rate: float
    """Requests one ready instance serves per minute."""
    price_per_hour: float
    """What one running (or starting) instance costs per hour."""
    queue_limit: float
    """Requests that can wait in the queue; arrivals beyond it are dropped."""
    service_seconds: float = 0.2
    """Response time of one request on an idle system."""


@dataclass(frozen=True)
class Policy:
    """How capacity is decided.

    ``fixed`` keeps ``instances`` running. ``autoscale`` and ``scale_to_zero`` watch the
    utilisation of ready instances each minute: above ``scale_up_at`` they start enough
    instances to bring utilisation back to the middle of the band, below ``scale_down_at``
    they stop instances down to the most needed during the last ``cooldown`` minutes. After
    any action they wait ``cooldown`` minutes; new instances serve only after ``startup``
    minutes but are paid from the moment they start. ``scale_to_zero`` is the autoscaler
    with a minimum of zero: it stops everything when idle and starts from cold.
    """

    kind: PolicyKind
    instances: int = 1
    """Instances of the fixed policy."""
    min_instances: int = 1
    """Fewest instances the autoscaler keeps (forced to 0 for scale to zero)."""
    max_instances: int = 10
    """Most instances the autoscaler may run."""
    scale_up_at: float = 0.8
    """Utilisation of ready capacity (0-1) above which the autoscaler adds instances."""
    scale_down_at: float = 0.4
    """Utilisation below which it removes instances."""
    cooldown: int = 5
    """Minutes to wait after a scaling action before the next."""
    startup: int = 3
    """Minutes from starting an instance until it serves (a cold start)."""

    @property
    def target(self) -> float:
        """The utilisation the autoscaler aims for: the middle of its band."""
        return (self.scale_up_at + self.scale_down_at) / 2


def simulate_load(shape: LoadShape, days: int = 1, seed: int = 0) -> np.ndarray:
    """Requests arriving in each minute of ``days`` days (Poisson counts around the curve)."""
    minute = np.arange(days * MINUTES_PER_DAY)
    of_day = minute % MINUTES_PER_DAY
    daily = (0.5 * (1 + np.cos(2 * np.pi * (of_day / 60 - shape.peak_hour) / 24))) ** shape.sharpness
    mean = shape.base + (shape.peak - shape.base) * daily
    spike_start = round(shape.spike_hour * 60)
    in_spike = (of_day - spike_start) % MINUTES_PER_DAY < shape.spike_minutes
    mean = np.where(in_spike, mean * shape.spike_factor, mean)
    rng = np.random.default_rng(seed)
    if shape.jitter > 0:
        mean = mean * rng.lognormal(-(shape.jitter**2) / 2, shape.jitter, minute.size)
    return rng.poisson(np.maximum(mean, 0)).astype(float)


def instances_over_time(load: np.ndarray, policy: Policy, service: Service) -> tuple[np.ndarray, np.ndarray, int]:
    """Ready and starting instances per minute, and the number of scaling actions."""
    n = load.size
    if policy.kind == "fixed":
        return np.full(n, policy.instances), np.zeros(n, dtype=int), 0
    low = 0 if policy.kind == "scale_to_zero" else max(policy.min_instances, 0)
    high = max(policy.max_instances, low, 1)
    need = np.clip(np.ceil(load / (policy.target * service.rate)), low, high).astype(int)
    window = max(policy.cooldown, 1)
    # Scaling in never goes below what the last `cooldown` minutes needed (a stabilisation window).
    need_in = pd.Series(need).rolling(window, min_periods=1).max().to_numpy(dtype=int)
    # Thresholds as instance counts, so the loop compares plain numbers: scale out when
    # hot[t] > ready, scale in when cold[t] < ready.
    hot = (load / (policy.scale_up_at * service.rate)).tolist()
    cold = (load / max(policy.scale_down_at * service.rate, 1e-12)).tolist()
    need_out_l, need_in_l = need.tolist(), need_in.tolist()
    startup, cooldown = max(policy.startup, 0), max(policy.cooldown, 0)
    arrivals = [0] * (n + startup + 1)
    ready_l, booting_l = [0] * n, [0] * n
    ready, booting, next_action, actions = need_out_l[0], 0, 0, 0
    for t in range(n):
        arriving = arrivals[t]
        if arriving:
            ready += arriving
            booting -= arriving
        if t >= next_action or ready + booting == 0:
            if hot[t] > ready:
                wanted = need_out_l[t]
                planned = ready + booting
                if wanted > planned:
                    if startup:
                        arrivals[t + startup] += wanted - planned
                        booting += wanted - planned
                    else:
                        ready = wanted
                    next_action = t + cooldown
                    actions += 1
            elif cold[t] < ready and not booting:
                wanted = need_in_l[t]
                if wanted < ready:
                    ready = wanted
                    next_action = t + cooldown
                    actions += 1
        ready_l[t] = ready
        booting_l[t] = booting
    return np.array(ready_l), np.array(booting_l), actions


def _queue(excess: np.ndarray, limit: float) -> np.ndarray:
    """Backlog at the end of each minute: q = clip(q_prev + excess, 0, limit)."""

    def step(q: float, e: float) -> float:
        q += e
        return 0.0 if q < 0.0 else (limit if q > limit else q)

    return np.fromiter(accumulate(excess.tolist(), step, initial=0.0), float, excess.size + 1)[1:]


def simulate_policy(load: np.ndarray, policy: Policy, service: Service) -> pd.DataFrame:
    """One policy against the load, minute by minute.

    Columns: ``minute``, ``load``, ``ready`` and ``starting`` instances, ``instances`` (paid
    for), ``capacity`` (requests per minute the ready instances can serve), ``served``,
    ``queued`` (backlog at the end of the minute), ``dropped``, ``utilisation``,
    ``wait_minutes`` (how long the last queued request waits), ``latency_s`` (a latency
    proxy: service time stretched by utilisation, plus the queue wait) and ``cost``.
    """
    ready, starting, actions = instances_over_time(load, policy, service)
    capacity = ready * service.rate
    queued = _queue(load - capacity, service.queue_limit)
    before = np.concatenate(([0.0], queued[:-1]))
    dropped = np.maximum(before + load - capacity - service.queue_limit, 0.0)
    served = before + load - dropped - queued
    with np.errstate(divide="ignore", invalid="ignore"):
        utilisation = np.where(capacity > 0, served / capacity, np.where(queued > 0, 1.0, 0.0))
    # FIFO wait of the newest queued request: minutes until the capacity that follows drains the queue.
    drained = np.cumsum(capacity)
    target = drained + queued
    done = np.searchsorted(drained, target - 1e-9, side="left")
    inside = np.minimum(done, load.size - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        part = (target - drained[inside - 1]) / capacity[inside]
    wait = np.where(done < load.size, done - 1 - np.arange(load.size) + part, load.size - np.arange(load.size))
    wait = np.where(queued > 0, wait, 0.0)
    latency = service.service_seconds / (1 - np.minimum(utilisation, MAX_UTILISATION)) + 60 * wait
    instances = ready + starting
    frame = pd.DataFrame(
        {
            "minute": np.arange(load.size),
            "load": load,
            "ready": ready,
            "starting": starting,
            "instances": instances,
            "capacity": capacity,
            "served": served,
            "queued": queued,
            "dropped": dropped,
            "utilisation": utilisation,
            "wait_minutes": wait,
            "latency_s": latency,
            "cost": instances * service.price_per_hour / 60,
        }
    )
    frame.attrs["actions"] = actions
    return frame


def policies(fixed: int, low: int, high: int, up: float, down: float, cooldown: int, startup: int) -> list[Policy]:
    """The three policies compared on the page, sharing the autoscaler's settings."""
    auto = Policy("autoscale", fixed, low, high, up, down, cooldown, startup)
    return [replace(auto, kind="fixed"), auto, replace(auto, kind="scale_to_zero", min_instances=0)]


def compare_policies(load: np.ndarray, compared: list[Policy], service: Service) -> dict[PolicyKind, pd.DataFrame]:
    """Each policy's minute-by-minute run, keyed by kind."""
    return {policy.kind: simulate_policy(load, policy, service) for policy in compared}


def summarise(runs: dict[PolicyKind, pd.DataFrame]) -> pd.DataFrame:
    """One row per policy: cost, waste, what was lost and how slow it got."""
    rows = []
    for kind, run in runs.items():
        total = run["load"].sum()
        capacity = run["capacity"].sum()
        weights = run["load"].to_numpy()
        rows.append(
            {
                "policy": POLICY_NAMES[kind],
                "cost": run["cost"].sum(),
                "instance_hours": run["instances"].sum() / 60,
                "idle_capacity": 1 - run["served"].sum() / capacity if capacity else 0.0,
                "dropped": run["dropped"].sum(),
                "dropped_share": run["dropped"].sum() / total if total else 0.0,
                "p95_latency_s": _weighted_quantile(run["latency_s"].to_numpy(), weights, 0.95),
                "scaling_actions": run.attrs.get("actions", 0),
                "cold_minutes": int(((run["load"] > 0) & (run["ready"] == 0)).sum()),
            }
        )
    return pd.DataFrame(rows)


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    if weights.sum() <= 0:
        return float(np.quantile(values, q))
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


def benchmark_run(minutes: int = MINUTES_PER_YEAR, seed: int = 0) -> pd.DataFrame:
    """Autoscaling against a bursty daily curve with a spike for ``minutes`` minutes (for timing)."""
    shape = LoadShape(base=50, peak=1000, spike_minutes=60, spike_factor=3, jitter=0.2)
    load = simulate_load(shape, days=-(-minutes // MINUTES_PER_DAY), seed=seed)[:minutes]
    service = Service(rate=100, price_per_hour=0.5, queue_limit=500)
    return simulate_policy(load, Policy("autoscale", min_instances=1, max_instances=40), service)
