"""MLOps to mitigate risk: a deployed model whose input data drifts, watched by monitoring.

One step is one day; a month is :data:`DAYS_PER_MONTH` days. The input data drifts away
from what the model was trained on (:class:`Drift`: a trend, a sudden jump, a seasonal
swing). The model's accuracy falls as the gap between today's data and its training data
grows. Monitoring compares each day's accuracy, measured on the day's predictions once
their true labels arrive, with a threshold; labels arrive ``delay_days`` after the
prediction, so an alert always comes late. Three retraining policies are compared on the
same days and the same measurement noise: never, on a fixed schedule, and on alert.

A switch models a production environment that differs from the training one (a library
upgrade changes how a feature is computed): from that day the model loses accuracy in
production only. Evaluation in the training environment cannot see it, and retraining
there does not cure it; only production measurements reveal it.

Everything is vectorised over days. "On alert" retraining depends on its own past (each
retrained model starts a new search for the next bad day), so it runs one numpy search per
retraining, over a window that doubles until a bad day is found: never a loop per day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
import pandas as pd

DAYS_PER_MONTH = 30
"""Days in one simulated month."""

CHANCE_ACCURACY = 0.5
"""Accuracy of a coin flip on the (binary) task: a model can never do worse for long."""

Policy = Literal["never", "schedule", "on_alert"]
POLICY_NAMES: dict[Policy, str] = {
    "never": "Never retrain",
    "schedule": "Fixed schedule",
    "on_alert": "Retrain on alert",
}
"""The three retraining policies, in the order they are shown."""


@dataclass(frozen=True)
class Drift:
    """How the input data moves, in standard deviations of the feature the model relies on."""

    trend: float = 0.0
    """Steady shift per month from ``start_month`` on (gradual drift)."""
    jump: float = 0.0
    """One-off shift at ``start_month`` (sudden drift, e.g. a new market or product)."""
    amplitude: float = 0.0
    """Size of the seasonal swing around the trend (0 = no season)."""
    period_months: float = 12.0
    """Length of one seasonal cycle."""
    start_month: float = 0.0
    """When the trend and the jump begin."""


@dataclass(frozen=True)
class Monitoring:
    """What the deployed model is judged against, and what retraining costs."""

    threshold: float = 0.85
    """Measured daily accuracy below this raises an alert."""
    delay_days: int = 14
    """Days from a prediction until its true label is known: an alert comes this late (at least 1)."""
    schedule_days: int = 90
    """Interval of the fixed-schedule policy."""
    predictions_per_day: int = 500
    """Labelled predictions behind each day's measured accuracy; fewer means noisier measurements."""
    retrain_cost: float = 1.0
    """Cost of one retraining (compute, review and release), in any unit."""


@dataclass(frozen=True)
class Environment:
    """A production environment that stops matching the one the model was verified in."""

    differs: bool = False
    """Whether production changes (e.g. a library upgrade computes a feature differently)."""
    change_month: float = 6.0
    """When the change reaches production."""
    penalty: float = 0.15
    """Accuracy lost in production from then on; the training environment does not see it."""


def input_shift(drift: Drift, days: np.ndarray) -> np.ndarray:
    """Where the input data stands on each day, relative to the data at deployment."""
    months = days / DAYS_PER_MONTH
    after = np.maximum(months - drift.start_month, 0.0)
    season = drift.amplitude * np.sin(2 * np.pi * months / drift.period_months)
    return drift.trend * after + drift.jump * (months >= drift.start_month) + season


def data_accuracy(gap: np.ndarray, base_accuracy: float) -> np.ndarray:
    """Accuracy of a model whose training data lies ``gap`` standard deviations from today's data.

    ``base_accuracy`` with no gap, sliding smoothly towards chance as the gap grows.
    """
    return CHANCE_ACCURACY + (base_accuracy - CHANCE_ACCURACY) * np.exp(-0.5 * np.square(gap))


def _measure(accuracy: np.ndarray, noise: np.ndarray, predictions: int) -> np.ndarray:
    """Accuracy measured on ``predictions`` labelled predictions (normal approximation of a binomial)."""
    return np.clip(accuracy + np.sqrt(accuracy * (1 - accuracy) / predictions) * noise, 0.0, 1.0)


def _production_accuracy(gap: np.ndarray, env_loss: np.ndarray, base_accuracy: float) -> np.ndarray:
    return np.maximum(data_accuracy(gap, base_accuracy) - env_loss, CHANCE_ACCURACY)


def _retrain_days_on_alert(
    shift: np.ndarray,
    env_loss: np.ndarray,
    noise: np.ndarray,
    base_accuracy: float,
    monitoring: Monitoring,
) -> list[int]:
    """Days on which a new model goes live under "retrain on alert", starting with day 0."""
    days = len(shift)
    delay = max(1, monitoring.delay_days)
    starts = [0]
    start = 0
    while True:
        bad = _first_bad_day(shift, env_loss, noise, start, base_accuracy, monitoring)
        if bad is None or bad + delay >= days:
            return starts
        start = bad + delay
        starts.append(start)


def _first_bad_day(
    shift: np.ndarray,
    env_loss: np.ndarray,
    noise: np.ndarray,
    start: int,
    base_accuracy: float,
    monitoring: Monitoring,
) -> int | None:
    """The first day from ``start`` whose measured accuracy, for a model trained on ``start``, is low."""
    days = len(shift)
    low, width = start, 64
    while low < days:
        high = min(days, low + width)
        accuracy = _production_accuracy(shift[low:high] - shift[start], env_loss[low:high], base_accuracy)
        measured = _measure(accuracy, noise[low:high], monitoring.predictions_per_day)
        below = np.flatnonzero(measured < monitoring.threshold)
        if below.size:
            return low + int(below[0])
        low, width = high, width * 2
    return None


def simulate_drift(
    drift: Drift,
    *,
    months: float = 24,
    base_accuracy: float = 0.92,
    monitoring: Monitoring | None = None,
    environment: Environment | None = None,
    policies: tuple[Policy, ...] = ("never", "schedule", "on_alert"),
    seed: int = 0,
) -> pd.DataFrame:
    """Each policy, day by day: the deployed model's accuracy, what monitoring measured, retrainings.

    Columns: ``policy``, ``day``, ``month``, ``shift`` (input data position), ``version``
    (model number, 1 = the deployed one), ``trained_day`` (day its training data is from),
    ``retrained`` (a new model went live that day), ``accuracy`` (true accuracy in
    production), ``offline`` (what the same model scores in the training environment on the
    same data), ``measured`` (production accuracy measured on the day's labelled predictions,
    known ``delay_days`` later), ``below`` (measured below the threshold) and ``alert_day``
    (when that measurement, and so the alert, arrives). All policies share the days, the
    drift and the measurement noise, so differences come from the policy alone.
    """
    monitoring = monitoring or Monitoring()
    environment = environment or Environment()
    days = max(1, round(months * DAYS_PER_MONTH))
    day = np.arange(days)
    shift = input_shift(drift, day)
    env_loss = np.where(
        environment.differs & (day >= environment.change_month * DAYS_PER_MONTH), environment.penalty, 0.0
    )
    noise = np.random.default_rng(seed).standard_normal(days)
    delay = max(1, monitoring.delay_days)
    frames = []
    for policy in policies:
        if policy == "never":
            starts = np.array([0])
        elif policy == "schedule":
            starts = np.arange(0, days, max(1, monitoring.schedule_days))
        else:
            starts = np.array(_retrain_days_on_alert(shift, env_loss, noise, base_accuracy, monitoring))
        version = np.searchsorted(starts, day, side="right")
        trained = starts[version - 1]
        offline = data_accuracy(shift - shift[trained], base_accuracy)
        accuracy = _production_accuracy(shift - shift[trained], env_loss, base_accuracy)
        measured = _measure(accuracy, noise, monitoring.predictions_per_day)
        retrained = np.zeros(days, dtype=bool)
        retrained[starts[1:]] = True
        frames.append(
            pd.DataFrame(
                {
                    "policy": policy,
                    "day": day,
                    "month": day / DAYS_PER_MONTH,
                    "shift": shift,
                    "version": version,
                    "trained_day": trained,
                    "retrained": retrained,
                    "accuracy": accuracy,
                    "offline": offline,
                    "measured": measured,
                    "below": measured < monitoring.threshold,
                    "alert_day": day + delay,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def summarise_policies(
    frame: pd.DataFrame, monitoring: Monitoring | None = None, months: float | None = None
) -> pd.DataFrame:
    """One row per policy: mean accuracy, days below the threshold, retrainings and their cost, errors.

    ``wrong_predictions`` counts the mistakes the model made on the predictions monitored
    each day; ``first_alert_month`` is when monitoring first raised an alert (NaN if never).
    """
    monitoring = monitoring or Monitoring()
    rows = []
    for policy, part in frame.groupby("policy", sort=False):
        alerts = part.loc[part["below"], "alert_day"]
        rows.append(
            {
                "policy": POLICY_NAMES[policy],
                "mean_accuracy": part["accuracy"].mean(),
                "days_below_threshold": int((part["accuracy"] < monitoring.threshold).sum()),
                "retrainings": int(part["retrained"].sum()),
                "retraining_cost": part["retrained"].sum() * monitoring.retrain_cost,
                "wrong_predictions": int(round(((1 - part["accuracy"]) * monitoring.predictions_per_day).sum())),
                "first_alert_month": alerts.min() / DAYS_PER_MONTH if len(alerts) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def longest_bad_stretch(frame: pd.DataFrame) -> pd.Series:
    """Per policy and model version: days from its first low measurement until it was replaced or the end."""
    low = frame[frame["below"]]
    first_low = low.groupby(["policy", "version"])["day"].min()
    last_day = frame.groupby(["policy", "version"])["day"].max()
    return (last_day.loc[first_low.index] - first_low + 1).rename("days")


# --- Inputs from a preset and the controls ------------------------------------------------


@dataclass(frozen=True)
class DriftInputs:
    """Everything :func:`simulate_drift` needs besides the seed; frozen, so it can key a cache."""

    drift: Drift
    monitoring: Monitoring
    environment: Environment
    months: float = 24.0
    """Days simulated, in months (the default when no control names it)."""
    base_accuracy: float = 0.92
    """Accuracy of a freshly trained model (the default when no control names it)."""


def _typed(cls: type, values: Mapping[str, object], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The entries of ``values`` that are fields of dataclass ``cls``, cast to each field's default's type."""
    defaults = cls()
    return {
        name: type(getattr(defaults, name))(values[name])
        for name in (f.name for f in fields(cls))
        if name in values and name not in skip
    }


def drift_inputs(preset: Mapping[str, object], values: Mapping[str, object], *, differs: bool = False) -> DriftInputs:
    """The simulation inputs of a ``drift_presets`` row and control values (``sim_controls`` name -> value).

    The preset gives the drift's shape; the controls give monitoring, environment, months and
    base accuracy; anything missing keeps its default. The one place both the page and a
    slide turn a preset into a simulation.
    """
    base = DriftInputs(Drift(), Monitoring(), Environment())
    return DriftInputs(
        drift=Drift(**{f.name: float(preset[f.name]) for f in fields(Drift)}),  # type: ignore[arg-type]
        monitoring=Monitoring(**_typed(Monitoring, values)),
        environment=Environment(differs=differs, **_typed(Environment, values, skip=("differs",))),
        months=float(values.get("months", base.months)),  # type: ignore[arg-type]
        base_accuracy=float(values.get("base_accuracy", base.base_accuracy)),  # type: ignore[arg-type]
    )


def simulate_inputs(inputs: DriftInputs, seed: int = 0) -> pd.DataFrame:
    """:func:`simulate_drift` run with one :class:`DriftInputs`."""
    return simulate_drift(
        inputs.drift,
        months=inputs.months,
        base_accuracy=inputs.base_accuracy,
        monitoring=inputs.monitoring,
        environment=inputs.environment,
        seed=seed,
    )
