"""MLOps for scale: a registry of many models, each retrained every round, promoted by a rule.

Every round, the data moves on and each *champion* (the model in production) loses a
little true accuracy; each model also gets a retrained *challenger*, whose true quality is
a fresh draw around what the current data allows: retraining does not guarantee a better
model. Both are scored on a holdout of ``holdout`` labelled examples; the challenger is
promoted only if its score beats the champion's by more than ``margin``. A small holdout
measures so roughly that luck decides many promotions, and worse models go live.

Separately, a model can break in production (an upstream data change, a feature pipeline
bug): its production accuracy drops by ``break_penalty`` until a scheduled check, every
``check_every`` rounds, compares production performance with what is expected and sends
the model for repair. With no checks, a broken model stays broken.

Vectorised over models: one numpy pass per round (each decision needs the champion of
that round), never a loop per model. Holdout scores are binomial draws, so on tiny
holdouts scores are coarse and ties (no promotion) are common. Breakage and checks are
computed for all rounds at once from cumulative sums.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

FIRST_VERSION = "First version, deployed"
"""Decision shown for version 1 in a model's history."""

OUTCOMES = {
    "better_promoted": ("Better model promoted", "#1e8449"),
    "worse_promoted": ("Worse model promoted", "#c0392b"),
    "better_missed": ("Better model rejected", "#f0b27a"),
    "worse_rejected": ("Worse model rejected", "#aab7b8"),
}
"""Outcome of one promotion decision: label and colour, in the order they are stacked."""


@dataclass(frozen=True)
class Registry:
    """The fleet and the rules it is run by."""

    models: int = 100
    """Models in the registry, each with its own versions."""
    rounds: int = 24
    """Retraining rounds (e.g. months); every model gets one challenger per round."""
    holdout: int = 500
    """Labelled examples both champion and challenger are scored on."""
    margin: float = 0.0
    """How much higher the challenger must score to be promoted (0 = any higher score)."""
    base_accuracy: float = 0.85
    """True accuracy of every model's first version."""
    decay: float = 0.004
    """True accuracy a champion loses per round as the data moves away from its training data."""
    challenger_sd: float = 0.01
    """Spread of a retrained challenger's true accuracy around ``base_accuracy``."""
    break_rate: float = 0.02
    """Chance per model and round that something breaks its production performance."""
    break_penalty: float = 0.1
    """Accuracy a broken model loses in production until it is repaired."""
    check_every: int = 3
    """Rounds between scheduled performance checks; 0 = no checks."""


def score_sd(accuracy: float, holdout: int) -> float:
    """Standard deviation of an accuracy measured on ``holdout`` examples."""
    return float(np.sqrt(accuracy * (1 - accuracy) / max(1, holdout)))


def holdout_score(accuracy: np.ndarray, holdout: int, rng: np.random.Generator) -> np.ndarray:
    """Accuracy measured on ``holdout`` labelled examples: the share a binomial draw gets right."""
    return rng.binomial(holdout, accuracy) / holdout


def promote(challenger_score: np.ndarray, champion_score: np.ndarray, margin: float) -> np.ndarray:
    """The promotion rule: a challenger replaces the champion only if it scores higher by more than ``margin``."""
    return challenger_score > champion_score + margin


def simulate_registry(registry: Registry, seed: int = 0) -> pd.DataFrame:
    """One row per model and round: the promotion decision, true qualities, breakage and checks.

    Columns: ``model``, ``round`` (1-based), ``challenger_version`` (= round + 1; version 1
    is the first model), ``champion_quality`` (true accuracy of the champion this round,
    after the round's decay), ``challenger_quality`` (true accuracy of the challenger),
    ``champion_score`` and ``challenger_score`` (holdout scores),
    ``promoted``, ``outcome`` (a key of :data:`OUTCOMES`), ``version`` and ``quality`` (the
    champion after the decision), ``broke`` (something broke this round), ``broken``
    (production is degraded this round, from this or an earlier, unrepaired break),
    ``checked`` (a scheduled check ran this round), ``caught`` (it found this model broken)
    and ``production`` (accuracy in production: quality minus any breakage).
    """
    models, rounds = registry.models, registry.rounds
    rng = np.random.default_rng(seed)
    fresh = np.clip(rng.normal(registry.base_accuracy, registry.challenger_sd, (models, rounds)), 0.0, 1.0)
    breaks = rng.random((models, rounds)) < registry.break_rate
    before = np.empty((models, rounds))
    champion_score = np.empty((models, rounds))
    challenger_score = np.empty((models, rounds))
    promoted = np.empty((models, rounds), dtype=bool)
    current = np.full(models, registry.base_accuracy)
    # One pass per round, vectorised over the models: each decision needs the champion it faces.
    for step in range(rounds):
        current = np.maximum(current - registry.decay, 0.0)
        before[:, step] = current
        champion_score[:, step] = holdout_score(current, registry.holdout, rng)
        challenger_score[:, step] = holdout_score(fresh[:, step], registry.holdout, rng)
        promoted[:, step] = promote(challenger_score[:, step], champion_score[:, step], registry.margin)
        current = np.where(promoted[:, step], fresh[:, step], current)
    quality = np.where(promoted, fresh, before)

    round_number = np.arange(1, rounds + 1)
    version = np.maximum.accumulate(np.where(promoted, round_number + 1, 1), axis=1)
    broken, checked = _breakage(breaks, registry.check_every)
    better = fresh > before
    # Codes follow the order of OUTCOMES: better/worse promoted, better/worse rejected.
    codes = np.where(promoted, np.where(better, 0, 1), np.where(better, 2, 3))
    outcome = pd.Categorical.from_codes(codes.ravel(), categories=list(OUTCOMES))
    shape = (models, rounds)
    return pd.DataFrame(
        {
            "model": np.repeat(np.arange(1, models + 1), rounds),
            "round": np.tile(round_number, models),
            "challenger_version": np.tile(round_number + 1, models),
            "champion_quality": before.ravel(),
            "challenger_quality": fresh.ravel(),
            "champion_score": champion_score.ravel(),
            "challenger_score": challenger_score.ravel(),
            "promoted": promoted.ravel(),
            "outcome": outcome,
            "version": version.ravel(),
            "quality": quality.ravel(),
            "broke": breaks.ravel(),
            "broken": broken.ravel(),
            "checked": np.broadcast_to(checked, shape).ravel(),
            "caught": (broken & checked).ravel(),
            "production": (quality - registry.break_penalty * broken).ravel(),
        }
    )


def _breakage(breaks: np.ndarray, check_every: int) -> tuple[np.ndarray, np.ndarray]:
    """Which (model, round) is broken, and which rounds run a check (repairs count from the next round).

    A model is broken in round t if something broke in a round after the last check
    before t, up to t itself: counts of breaks since that check, from a cumulative sum.
    """
    rounds = breaks.shape[1]
    round_number = np.arange(1, rounds + 1)
    checked = round_number % check_every == 0 if check_every > 0 else np.zeros(rounds, dtype=bool)
    total = np.hstack([np.zeros((breaks.shape[0], 1), dtype=int), np.cumsum(breaks, axis=1)])
    last_check = np.maximum.accumulate(np.where(np.concatenate([[True], checked[:-1]]), np.arange(rounds), 0))
    broken = total[:, 1:] - total[:, last_check] > 0
    return broken, checked


def summarise_registry(frame: pd.DataFrame) -> dict[str, float]:
    """Headline numbers: promotions, the share that were worse, quality change, breakage and catches."""
    promoted = frame["promoted"]
    worse = frame["outcome"] == "worse_promoted"
    last = frame[frame["round"] == frame["round"].max()]
    broken = frame["broken"]
    return {
        "promotions": int(promoted.sum()),
        "worse_promoted": int(worse.sum()),
        "worse_share": float(worse.sum() / promoted.sum()) if promoted.any() else 0.0,
        "better_missed": int((frame["outcome"] == "better_missed").sum()),
        "mean_quality_change": float(
            (last["quality"] - frame.groupby("model")["champion_quality"].first().mean()).mean()
        ),
        "broken_model_rounds": int(broken.sum()),
        "broken_at_end": int(last["broken"].sum()),
        "caught": int(frame["caught"].sum()),
    }


def promotion_error_curve(
    registry: Registry, sizes: np.ndarray | None = None, draws: int = 20_000, seed: int = 0
) -> pd.DataFrame:
    """For each holdout size: the share of challengers promoted and the share of promotions that were worse.

    The champion is a fresh model one round old (``base_accuracy - decay``), facing one challenger.
    """
    sizes = np.unique(np.logspace(1, 5, 25).astype(int)) if sizes is None else np.asarray(sizes)
    rng = np.random.default_rng(seed)
    champion_quality = np.full(draws, registry.base_accuracy - registry.decay)
    challenger_quality = np.clip(rng.normal(registry.base_accuracy, registry.challenger_sd, draws), 0.0, 1.0)
    rows = []
    for size in sizes:
        challenger = holdout_score(challenger_quality, int(size), rng)
        champion = holdout_score(champion_quality, int(size), rng)
        promoted = promote(challenger, champion, registry.margin)
        worse = promoted & (challenger_quality <= champion_quality)
        rows.append(
            {
                "holdout": int(size),
                "promoted_share": promoted.mean(),
                "worse_share": worse.sum() / promoted.sum() if promoted.any() else 0.0,
            }
        )
    return pd.DataFrame(rows)


def fleet_over_time(frame: pd.DataFrame) -> pd.DataFrame:
    """Per round: mean true quality, mean production accuracy, and counts of each outcome and of broken models."""
    per_round = frame.groupby("round").agg(
        quality=("quality", "mean"),
        production=("production", "mean"),
        broken=("broken", "sum"),
        caught=("caught", "sum"),
    )
    outcomes = pd.crosstab(frame["round"], frame["outcome"]).reindex(columns=list(OUTCOMES), fill_value=0)
    return per_round.join(outcomes).reset_index()


def version_history(frame: pd.DataFrame, model: int, base_accuracy: float) -> pd.DataFrame:
    """One model's versions: the first, then each challenger with its round, scores, true quality, decision.

    ``live_version`` and ``live_quality`` are the version in production after that round's
    decision and its true accuracy then (it loses a little every round until replaced).
    """
    part = frame[frame["model"] == model]
    start = pd.DataFrame(
        {
            "version": [1],
            "round": [0],
            "holdout_score": [np.nan],
            "champion_score": [np.nan],
            "true_quality": [base_accuracy],
            "decision": [FIRST_VERSION],
            "live_version": [1],
            "live_quality": [base_accuracy],
        }
    )
    decisions = part["outcome"].map({key: label for key, (label, _) in OUTCOMES.items()})
    rest = pd.DataFrame(
        {
            "version": part["challenger_version"].to_numpy(),
            "round": part["round"].to_numpy(),
            "holdout_score": part["challenger_score"].to_numpy(),
            "champion_score": part["champion_score"].to_numpy(),
            "true_quality": part["challenger_quality"].to_numpy(),
            "decision": decisions.astype(str).to_numpy(),
            "live_version": part["version"].to_numpy(),
            "live_quality": part["quality"].to_numpy(),
        }
    )
    return pd.concat([start, rest], ignore_index=True)


def registry_settings(values: Mapping[str, object]) -> Registry:
    """A :class:`Registry` from control values (``sim_controls`` name -> value); missing ones keep defaults."""
    defaults = Registry()
    return Registry(
        **{f.name: type(getattr(defaults, f.name))(values[f.name]) for f in fields(Registry) if f.name in values}
    )
