"""The elasticity simulation: load curve, the three policies, queue, cost and the presets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.labs.qualities import elasticity as el

SERVICE = el.Service(rate=100, price_per_hour=0.6, queue_limit=500)
SPIKY = el.LoadShape(base=50, peak=1000, spike_hour=18, spike_minutes=60, spike_factor=3, jitter=0.2)


def test_load_curve_peaks_at_peak_hour_and_spikes_when_asked() -> None:
    shape = el.LoadShape(base=100, peak=1000, peak_hour=14, spike_hour=18, spike_minutes=60, spike_factor=4)
    load = el.simulate_load(shape, days=1, seed=0)
    assert load.size == el.MINUTES_PER_DAY
    hourly = load.reshape(24, 60).mean(axis=1)
    assert hourly[18] > 3 * hourly[17]  # the spike hour
    calm = np.delete(hourly, 18)
    assert np.argmax(calm) in (13, 14)  # the smooth peak, spike removed
    assert hourly[2] < 200  # twelve hours from the peak is the quiet time


def test_load_is_reproducible_for_a_seed_and_differs_between_seeds() -> None:
    assert np.array_equal(el.simulate_load(SPIKY, seed=3), el.simulate_load(SPIKY, seed=3))
    assert not np.array_equal(el.simulate_load(SPIKY, seed=3), el.simulate_load(SPIKY, seed=4))


def test_fixed_capacity_costs_instances_times_hours_times_price() -> None:
    load = el.simulate_load(SPIKY, days=2, seed=0)
    run = el.simulate_policy(load, el.Policy("fixed", instances=7), SERVICE)
    assert run["cost"].sum() == pytest.approx(7 * 48 * 0.6)
    assert (run["capacity"] == 700).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.integers(1, 60), st.integers(0, 10_000))
def test_fixed_cost_is_monotone_in_capacity(fewer: int, extra: int, seed: int) -> None:
    load = el.simulate_load(SPIKY, seed=seed)
    small = el.simulate_policy(load, el.Policy("fixed", instances=fewer), SERVICE)
    large = el.simulate_policy(load, el.Policy("fixed", instances=fewer + extra), SERVICE)
    assert large["cost"].sum() > small["cost"].sum()
    assert large["dropped"].sum() <= small["dropped"].sum()


policies_strategy = st.builds(
    lambda low, span, up, gap, cooldown, startup, kind: el.Policy(
        kind, 1, low, low + span, up / 100, (up - gap) / 100, cooldown, startup
    ),
    st.integers(0, 10),
    st.integers(0, 30),
    st.integers(30, 100),
    st.integers(5, 25),
    st.integers(0, 30),
    st.integers(0, 15),
    st.sampled_from(["autoscale", "scale_to_zero"]),
)


@settings(max_examples=60, deadline=None)
@given(policies_strategy, st.integers(0, 10_000), st.floats(0, 0.5))
def test_autoscaler_stays_within_min_and_max(policy: el.Policy, seed: int, jitter: float) -> None:
    shape = el.LoadShape(base=0, peak=2000, spike_minutes=90, spike_factor=5, jitter=jitter)
    run = el.simulate_policy(el.simulate_load(shape, seed=seed), policy, SERVICE)
    low = 0 if policy.kind == "scale_to_zero" else policy.min_instances
    high = max(policy.max_instances, low, 1)
    assert run["instances"].max() <= high
    assert run["ready"].min() >= low or policy.kind == "scale_to_zero"
    assert run["instances"].min() >= low


@settings(max_examples=30, deadline=None)
@given(policies_strategy, st.sampled_from(["fixed", "autoscale", "scale_to_zero"]), st.integers(0, 10_000))
def test_every_request_is_served_dropped_or_still_queued(policy: el.Policy, kind: str, seed: int) -> None:
    load = el.simulate_load(SPIKY, seed=seed)
    run = el.simulate_policy(load, el.Policy(kind, 8, policy.min_instances, policy.max_instances), SERVICE)  # type: ignore[arg-type]
    total = run["served"].sum() + run["dropped"].sum() + run["queued"].iloc[-1]
    assert total == pytest.approx(load.sum())
    assert (run["served"] <= run["capacity"] + 1e-9).all()
    assert (run["queued"] <= SERVICE.queue_limit + 1e-9).all()


def test_scale_to_zero_costs_nothing_at_zero_load() -> None:
    load = np.zeros(el.MINUTES_PER_DAY)
    run = el.simulate_policy(load, el.Policy("scale_to_zero", min_instances=3, max_instances=10), SERVICE)
    assert run["cost"].sum() == 0
    assert run["instances"].max() == 0
    autoscaled = el.simulate_policy(load, el.Policy("autoscale", min_instances=3, max_instances=10), SERVICE)
    assert autoscaled["cost"].sum() == pytest.approx(3 * 24 * 0.6)  # the minimum keeps running


def test_scale_to_zero_pays_a_cold_start_after_idle() -> None:
    load = np.zeros(120)
    load[60:] = 50
    policy = el.Policy("scale_to_zero", max_instances=5, cooldown=5, startup=4)
    run = el.simulate_policy(load, policy, el.Service(rate=100, price_per_hour=1, queue_limit=1000))
    assert run.loc[:59, "cost"].sum() == 0
    assert (run.loc[60:63, "ready"] == 0).all() and run.loc[64, "ready"] >= 1  # four minutes to start
    assert run.loc[60:63, "queued"].iloc[-1] == 200  # requests wait for the cold start
    assert run.loc[60, "cost"] > 0  # a starting instance is already paid for
    assert run["dropped"].sum() == 0


def test_start_up_delay_keeps_new_capacity_out_for_that_many_minutes() -> None:
    load = np.full(60, 100.0)
    load[20:] = 1000
    run = el.simulate_policy(
        load, el.Policy("autoscale", min_instances=2, max_instances=50, startup=5), el.Service(100, 1, 10_000)
    )
    assert (run.loc[20:24, "ready"] == 2).all()
    assert run.loc[25, "ready"] > 2
    assert (run.loc[20:24, "starting"] > 0).all()


def test_cooldown_limits_how_often_the_autoscaler_acts() -> None:
    load = el.simulate_load(el.LoadShape(base=200, peak=900, jitter=0.3), seed=1)
    narrow = dict(min_instances=1, max_instances=40, scale_up_at=0.7, scale_down_at=0.6, startup=3)
    eager = el.simulate_policy(load, el.Policy("autoscale", cooldown=1, **narrow), SERVICE)  # type: ignore[arg-type]
    calm = el.simulate_policy(load, el.Policy("autoscale", cooldown=15, **narrow), SERVICE)  # type: ignore[arg-type]
    assert eager.attrs["actions"] > 3 * calm.attrs["actions"]
    assert calm.attrs["actions"] <= el.MINUTES_PER_DAY / 15 + 1


def test_queue_wait_is_the_time_to_drain_the_backlog() -> None:
    load = np.array([30.0, 0, 0, 0])
    run = el.simulate_policy(load, el.Policy("fixed", instances=1), el.Service(10, 1, 100))
    assert list(run["queued"]) == [20, 10, 0, 0]
    assert list(run["wait_minutes"]) == [2, 1, 0, 0]


def test_a_full_queue_drops_the_excess() -> None:
    load = np.array([100.0, 0])
    run = el.simulate_policy(load, el.Policy("fixed", instances=1), el.Service(10, 1, 50))
    assert run["dropped"].iloc[0] == 40
    assert run["queued"].iloc[0] == 50


def test_over_provisioning_shows_as_idle_capacity_and_cost() -> None:
    load = el.simulate_load(SPIKY, seed=0)
    runs = el.compare_policies(load, el.policies(40, 1, 40, 0.8, 0.4, 5, 3), SERVICE)
    summary = el.summarise(runs).set_index("policy")
    fixed, auto = summary.loc["Fixed capacity"], summary.loc["Autoscaling"]
    assert fixed["idle_capacity"] > auto["idle_capacity"]
    assert fixed["cost"] > auto["cost"]
    assert fixed["dropped"] == 0


def test_every_preset_runs_and_teaches_what_it_says(content: Content) -> None:
    presets = content.table("load_presets").set_index("id")
    results = {}
    for preset_id, row in presets.iterrows():
        shape = el.LoadShape(
            row["base"],
            row["peak"],
            row["peak_hour"],
            row["sharpness"],
            row["spike_hour"],
            row["spike_minutes"],
            row["spike_factor"],
            row["jitter"],
        )
        compared = el.policies(
            row["fixed_instances"],
            row["min_instances"],
            row["max_instances"],
            row["scale_up_at"] / 100,
            row["scale_down_at"] / 100,
            row["cooldown"],
            row["startup"],
        )
        runs = el.compare_policies(el.simulate_load(shape), compared, el.Service(row["rate"], 0.5, row["queue_limit"]))
        results[preset_id] = el.summarise(runs).set_index("policy")
    flash = results["flash_sale"]
    assert flash.loc["Fixed capacity", "dropped"] > 10 * flash.loc["Autoscaling", "dropped"]
    peak = results["sized_for_peak"]
    assert peak.loc["Fixed capacity", "dropped"] == 0 and peak.loc["Fixed capacity", "idle_capacity"] > 0.7
    assert results["thrashing"].loc["Autoscaling", "scaling_actions"] > 200
    office = results["office_hours"]
    assert office.loc["Scale to zero", "cost"] < office.loc["Autoscaling", "cost"]
    assert office.loc["Scale to zero", "cold_minutes"] > 0
    rush = results["ticket_rush"]
    assert rush.loc["Fixed capacity", "dropped_share"] > 0.5 > 0.05 > rush.loc["Autoscaling", "dropped_share"]


def test_a_year_of_minutes_runs() -> None:
    run = el.benchmark_run(el.MINUTES_PER_YEAR)
    assert len(run) == 525_600
    assert run["instances"].between(1, 40).all()
