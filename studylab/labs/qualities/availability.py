"""Availability and reliability: exact series/parallel arithmetic, nines, and a failure simulation.

A system is a chain of stages in series; each stage runs ``replicas`` identical copies in
parallel (any copy can serve). :func:`system_availability` gives the exact figure,
:func:`simulate_outages` checks it by letting every copy fail and get repaired at random
(exponential times to failure and repair) and measuring the time the system was up. The
simulation works on failure and repair events, not minutes, so a century takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

HOURS_PER_YEAR = 365.25 * 24
"""8,766 hours: the year the nines are usually quoted against."""

PERIODS: dict[str, float] = {
    "per year": HOURS_PER_YEAR,
    "per month": HOURS_PER_YEAR / 12,
    "per week": 7 * 24,
    "per day": 24,
}
"""Periods for which allowed downtime is shown, in hours."""


@dataclass(frozen=True)
class Stage:
    """One link of the chain: a component type and how many copies of it run in parallel."""

    name: str
    availability: float
    """Availability of one copy, between 0 and 1."""
    replicas: int = 1
    """Copies in parallel; the stage is up while at least one copy is up."""


def series(availabilities: Iterable[float]) -> float:
    """Availability of parts that must all work: the product."""
    return float(np.prod(list(availabilities)))


def parallel(availabilities: Iterable[float]) -> float:
    """Availability of parts of which any one is enough: one minus the chance all are down."""
    return float(1 - np.prod([1 - a for a in availabilities]))


def stage_availability(stage: Stage) -> float:
    """A stage's availability with its replicas."""
    return parallel([stage.availability] * stage.replicas)


def system_availability(stages: Sequence[Stage]) -> float:
    """Exact availability of stages in series, each with its replicas in parallel."""
    return series(stage_availability(stage) for stage in stages)


def formula(stages: Sequence[Stage]) -> str:
    """The arithmetic behind :func:`system_availability`, written out: ``0.999 × (1 − 0.001²)``."""
    parts = []
    for stage in stages:
        a = f"{stage.availability:.6g}"
        if stage.replicas == 1:
            parts.append(a)
        else:
            down = f"{1 - stage.availability:.6g}"
            parts.append(f"(1 − {down}{_SUPERSCRIPT.get(stage.replicas, f'^{stage.replicas}')})")
    return " × ".join(parts)


_SUPERSCRIPT = {2: "²", 3: "³", 4: "⁴", 5: "⁵"}


def nines(availability: float) -> float:
    """The count of nines: 0.999 -> 3.0 (infinite for a perfect 1)."""
    return float("inf") if availability >= 1 else float(-np.log10(1 - availability))


def format_percent(availability: float, digits: int = 5) -> str:
    """An availability in percent to ``digits`` significant digits, more where fewer would round up to 100%.

    0.9999994 reads "99.9999%", not "100%": a system with any downtime at all is shown below 100.
    """
    if availability >= 1:
        return "100%"
    while float(text := f"{availability * 100:.{digits}g}") >= 100:
        digits += 1
    return f"{text}%"


def format_nines(availability: float) -> str:
    """The count of nines to two decimals ("3.00"); "∞" only for a perfect 1."""
    return "∞" if availability >= 1 else f"{nines(availability):.2f}"


def format_duration(hours: float) -> str:
    """A downtime in the largest unit that keeps it readable; "none" only for no downtime at all."""
    if hours <= 0:
        return "none"
    if hours * 3600 < 0.05:
        return "under 0.1 seconds"
    if hours >= 48:
        return f"{hours / 24:.2f} days"
    if hours >= 1:
        return f"{hours:.2f} hours"
    if hours * 60 >= 1:
        return f"{hours * 60:.1f} minutes"
    return f"{hours * 3600:.1f} seconds"


@dataclass(frozen=True)
class Readout:
    """How an availability is shown: percent, nines and downtime a year, always in agreement."""

    percent: str
    nines: str
    downtime_per_year: str


def readout(availability: float) -> Readout:
    """The three strings every availability figure shows (see :func:`format_percent`)."""
    return Readout(
        format_percent(availability),
        format_nines(availability),
        format_duration((1 - availability) * HOURS_PER_YEAR),
    )


def downtime_table(availability: float) -> pd.DataFrame:
    """Allowed downtime per year, month, week and day at this availability."""
    hours = {period: (1 - availability) * length for period, length in PERIODS.items()}
    return pd.DataFrame(
        {"period": list(hours), "hours": list(hours.values()), "downtime": [format_duration(h) for h in hours.values()]}
    )


def _component_events(
    availability: float, mttr: float, horizon: float, starts_up: bool, rng: np.random.Generator
) -> np.ndarray:
    """Times within the horizon at which one copy changes state, alternating from its first state."""
    if availability >= 1:
        return np.empty(0)
    if availability <= 0:
        return np.empty(0) if not starts_up else np.zeros(1)
    mtbf = mttr * availability / (1 - availability)
    first, second = (mtbf, mttr) if starts_up else (mttr, mtbf)
    cycles = int(horizon / (mtbf + mttr) * 1.3) + 20
    while True:
        durations = np.empty(2 * cycles)
        durations[0::2] = rng.exponential(first, cycles)
        durations[1::2] = rng.exponential(second, cycles)
        times = np.cumsum(durations)
        if times[-1] > horizon:
            return times[times < horizon]
        cycles *= 2


def simulate_outages(stages: Sequence[Stage], years: float, mttr_hours: float, seed: int = 0) -> pd.DataFrame:
    """Every copy fails and is repaired at random; the system's state between consecutive events.

    Each copy alternates exponential up times (mean chosen so its long-run availability is
    the stage's) and exponential repairs (mean ``mttr_hours``), starting in its long-run
    state. Returns intervals ``start``/``end`` in hours with ``up`` (the system's state),
    cut at month boundaries so downtime can be counted per month (``month``, from 0).
    """
    rng = np.random.default_rng(seed)
    horizon = years * HOURS_PER_YEAR
    month = HOURS_PER_YEAR / 12
    copies: list[tuple[int, np.ndarray, bool]] = []
    for index, stage in enumerate(stages):
        for _ in range(stage.replicas):
            starts_up = bool(rng.random() < stage.availability)
            events = _component_events(stage.availability, mttr_hours, horizon, starts_up, rng)
            copies.append((index, events, starts_up))
    edges = np.unique(
        np.concatenate([np.array([0.0, horizon]), np.arange(month, horizon, month), *(e for _, e, _ in copies)])
    )
    start, end = edges[:-1], edges[1:]
    middle = (start + end) / 2
    stage_up = np.zeros((len(stages), middle.size), dtype=bool)
    for index, events, starts_up in copies:
        flips = np.searchsorted(events, middle)
        stage_up[index] |= (flips % 2 == 0) == starts_up
    return pd.DataFrame(
        {"start": start, "end": end, "up": stage_up.all(axis=0), "month": (middle // month).astype(int)}
    )


def measured_availability(intervals: pd.DataFrame) -> float:
    """Share of simulated time the system was up."""
    length = intervals["end"] - intervals["start"]
    return float(length[intervals["up"]].sum() / length.sum())


def expected_monthly_downtime(stages: Sequence[Stage]) -> float:
    """Hours a month the formula expects the chain to be down."""
    return (1 - system_availability(stages)) * HOURS_PER_YEAR / 12


def downtime_by_month(intervals: pd.DataFrame) -> pd.DataFrame:
    """Hours of downtime in each simulated month."""
    down = intervals.assign(hours=(intervals["end"] - intervals["start"]) * ~intervals["up"])
    return down.groupby("month", as_index=False)["hours"].sum()


@dataclass(frozen=True)
class ServiceYear:
    """A daily job on a service that has outages, planned maintenance and late inputs."""

    availability: float = 0.999
    """Availability of the service against random outages alone."""
    mttr_hours: float = 1.0
    """Mean time to repair a random outage."""
    maintenance_hours: float = 0.0
    """Planned downtime once a week, starting at midnight on the seventh day."""
    late_input_chance: float = 0.0
    """Chance, per day, that the job's input arrives too late for the deadline."""
    job_hour: float = 5.0
    """Hour of day when the daily job starts."""
    job_hours: float = 2.0
    """How long the job needs the service; it must finish before its deadline."""


def simulate_service_year(config: ServiceYear, days: int = 365, seed: int = 0) -> pd.DataFrame:
    """One row per day: minutes the service was up, and whether the daily job met its standard.

    The standard: the input arrived on time and the service was up for the whole job window.
    Availability counts up-time; reliability counts days that met the standard.
    """
    rng = np.random.default_rng(seed)
    minutes = days * 1440
    outages = simulate_outages([Stage("service", config.availability)], days / 365.25, config.mttr_hours, seed + 1)
    centre = (np.arange(minutes) + 0.5) / 60
    position = np.searchsorted(outages["end"].to_numpy(), centre, side="right")
    up = outages["up"].to_numpy()[np.minimum(position, len(outages) - 1)]
    of_week = np.arange(minutes) % (7 * 1440)
    maintenance = (of_week >= 6 * 1440) & (of_week < 6 * 1440 + config.maintenance_hours * 60)
    up = (up & ~maintenance).reshape(days, 1440)
    first = int(config.job_hour * 60)
    last = min(first + max(int(config.job_hours * 60), 1), 1440)
    on_time = rng.random(days) >= config.late_input_chance
    return pd.DataFrame(
        {
            "day": np.arange(days),
            "up_minutes": up.sum(axis=1),
            "job_window_up": up[:, first:last].all(axis=1),
            "input_on_time": on_time,
            "met_standard": up[:, first:last].all(axis=1) & on_time,
        }
    )


def availability_and_reliability(year: pd.DataFrame) -> tuple[float, float]:
    """(availability = share of minutes up, reliability = share of days meeting the standard)."""
    return float(year["up_minutes"].sum() / (len(year) * 1440)), float(year["met_standard"].mean())
