"""The registry simulation: the promotion rule, luck on small holdouts, versions and scheduled checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.labs.mlops.figures import (
    build_error_curve_figure,
    build_fleet_figure,
    build_quality_figure,
    build_timeline_figure,
)
from studylab.labs.mlops.registry import (
    FIRST_VERSION,
    OUTCOMES,
    Registry,
    fleet_over_time,
    promote,
    promotion_error_curve,
    simulate_registry,
    summarise_registry,
    version_history,
)

registries = st.builds(
    Registry,
    models=st.integers(1, 60),
    rounds=st.integers(1, 30),
    holdout=st.integers(1, 20_000),
    margin=st.sampled_from([0.0, 0.001, 0.005, 0.01, 0.05]),
    base_accuracy=st.floats(0.55, 0.98),
    decay=st.floats(0, 0.02),
    challenger_sd=st.floats(0, 0.05),
    break_rate=st.floats(0, 0.3),
    check_every=st.integers(0, 12),
)


@settings(max_examples=80, deadline=None)
@given(registry=registries, seed=st.integers(0, 1000))
def test_a_challenger_is_promoted_only_if_it_beat_the_champion_on_its_holdout(registry: Registry, seed: int) -> None:
    frame = simulate_registry(registry, seed=seed)
    beat = frame["challenger_score"] > frame["champion_score"] + registry.margin
    assert (frame["promoted"] == beat).all()
    promoted = frame[frame["promoted"]]
    assert (promoted["challenger_score"] > promoted["champion_score"]).all()


@settings(max_examples=40, deadline=None)
@given(registry=registries, seed=st.integers(0, 1000))
def test_the_live_version_and_its_quality_follow_the_decisions(registry: Registry, seed: int) -> None:
    frame = simulate_registry(registry, seed=seed)
    expected = np.where(frame["promoted"], frame["challenger_quality"], frame["champion_quality"])
    assert np.allclose(frame["quality"], expected)
    for _, part in frame.groupby("model"):
        promoted_versions = part["challenger_version"].where(part["promoted"]).ffill().fillna(1)
        assert (part["version"] == promoted_versions).all()
        # Next round's champion is this round's live model, one round of decay later.
        after = part["quality"].to_numpy()[:-1]
        assert np.allclose(part["champion_quality"].to_numpy()[1:], np.maximum(after - registry.decay, 0))


def test_promote_is_strict() -> None:
    scores = np.array([0.8, 0.81, 0.9])
    assert list(promote(scores, np.full(3, 0.81), 0.0)) == [False, False, True]
    assert list(promote(scores, np.full(3, 0.8), 0.05)) == [False, False, True]


def test_same_seed_same_registry() -> None:
    registry = Registry(models=50, rounds=10)
    pd.testing.assert_frame_equal(simulate_registry(registry, seed=4), simulate_registry(registry, seed=4))


def test_small_holdouts_promote_more_worse_models() -> None:
    small = summarise_registry(simulate_registry(Registry(models=500, holdout=20), seed=1))
    large = summarise_registry(simulate_registry(Registry(models=500, holdout=50_000), seed=1))
    assert small["worse_share"] > 2 * large["worse_share"]
    assert small["better_missed"] > large["better_missed"]


def test_the_error_curve_falls_with_holdout_size() -> None:
    curve = promotion_error_curve(Registry(challenger_sd=0.02), sizes=np.array([20, 200, 2000, 20_000]), seed=0)
    assert list(curve["holdout"]) == [20, 200, 2000, 20_000]
    assert curve["worse_share"].is_monotonic_decreasing
    assert curve["worse_share"].iloc[0] > 0.25 > 0.1 > curve["worse_share"].iloc[-1]


def test_a_margin_trades_worse_promotions_for_missed_improvements() -> None:
    plain = summarise_registry(simulate_registry(Registry(models=500, holdout=500), seed=2))
    strict = summarise_registry(simulate_registry(Registry(models=500, holdout=500, margin=0.02), seed=2))
    assert strict["worse_share"] < plain["worse_share"]
    assert strict["better_missed"] > plain["better_missed"]


@settings(max_examples=40, deadline=None)
@given(check_every=st.integers(1, 8), seed=st.integers(0, 1000))
def test_scheduled_checks_catch_every_broken_model_at_the_next_check(check_every: int, seed: int) -> None:
    rounds = 30
    frame = simulate_registry(Registry(models=40, rounds=rounds, break_rate=0.1, check_every=check_every), seed=seed)
    assert frame.loc[frame["caught"], "checked"].all()
    caught = set(zip(frame.loc[frame["caught"], "model"], frame.loc[frame["caught"], "round"], strict=True))
    broken = frame[frame["broken"]]
    next_check = -(-broken["round"] // check_every) * check_every
    due = next_check <= rounds
    assert set(zip(broken.loc[due, "model"], next_check[due], strict=True)) <= caught
    # Repaired after the check: a model caught in round c is broken in c + 1 only if it broke again then.
    after = frame.set_index(["model", "round"])
    for model, round_ in caught:
        if round_ < rounds and after.loc[(model, round_ + 1), "broken"]:
            assert after.loc[(model, round_ + 1), "broke"]


def test_without_checks_a_broken_model_stays_broken() -> None:
    frame = simulate_registry(Registry(models=200, rounds=20, break_rate=0.05, check_every=0), seed=5)
    assert not frame["caught"].any()
    for _, part in frame.groupby("model"):
        assert part["broken"].is_monotonic_increasing
    assert np.allclose(frame["production"], frame["quality"] - 0.1 * frame["broken"])


def test_version_history_lists_every_version_of_one_model() -> None:
    registry = Registry(models=5, rounds=12)
    frame = simulate_registry(registry, seed=0)
    history = version_history(frame, 3, registry.base_accuracy)
    assert list(history["version"]) == list(range(1, 14))
    assert history.loc[0, "decision"] == FIRST_VERSION
    assert set(history["decision"].iloc[1:]) <= {label for label, _ in OUTCOMES.values()}
    live = history["live_version"].to_numpy()
    assert (np.diff(live) >= 0).all()


def test_figures_build() -> None:
    registry = Registry(models=20, rounds=8)
    frame = simulate_registry(registry)
    fleet = fleet_over_time(frame)
    assert list(fleet["round"]) == list(range(1, 9))
    assert fleet[list(OUTCOMES)].sum(axis=1).eq(20).all()
    assert len(build_fleet_figure(fleet).data) == len(OUTCOMES)
    assert build_quality_figure(fleet, registry.base_accuracy).data
    assert build_error_curve_figure(promotion_error_curve(registry, draws=500), 500).data
    assert build_timeline_figure(version_history(frame, 1, registry.base_accuracy)).data
