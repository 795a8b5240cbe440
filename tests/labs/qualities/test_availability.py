"""Availability arithmetic, the nines, the failure simulation and availability vs reliability."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studylab.content.loader import Content
from studylab.labs.qualities import availability as av

availabilities = st.floats(0.5, 0.99999)


def test_two_three_nines_in_series_give_about_99_8() -> None:
    assert av.series([0.999, 0.999]) == pytest.approx(0.998001)
    assert av.system_availability([av.Stage("a", 0.999), av.Stage("b", 0.999)]) == pytest.approx(0.998, abs=1e-5)


def test_two_three_nines_in_parallel_give_six_nines() -> None:
    assert av.parallel([0.999, 0.999]) == pytest.approx(0.999999)
    assert av.stage_availability(av.Stage("pair", 0.999, replicas=2)) == pytest.approx(0.999999)


def test_the_topics_worked_examples() -> None:
    # Three 99.9% parts in a chain: about 99.7% and about 26 hours down a year.
    chain = av.system_availability([av.Stage(name, 0.999) for name in ("ingest", "store", "query")])
    assert chain == pytest.approx(0.997, abs=1e-4)
    assert (1 - chain) * av.HOURS_PER_YEAR == pytest.approx(26.3, abs=0.1)
    # Two independent copies of a 99% component: 99.99%.
    assert av.parallel([0.99, 0.99]) == pytest.approx(0.9999)


@given(st.lists(availabilities, min_size=1, max_size=6))
def test_a_chain_is_worse_than_its_worst_part_and_redundancy_better_than_its_best(parts: list[float]) -> None:
    assert av.series(parts) <= min(parts) + 1e-12
    assert av.parallel(parts) >= max(parts) - 1e-12


@given(availabilities, st.integers(1, 5))
def test_each_replica_helps(a: float, copies: int) -> None:
    fewer = av.stage_availability(av.Stage("x", a, copies))
    more = av.stage_availability(av.Stage("x", a, copies + 1))
    assert more >= fewer


def test_nines_and_downtime() -> None:
    assert av.nines(0.999) == pytest.approx(3)
    assert av.nines(1.0) == float("inf")
    table = av.downtime_table(0.999).set_index("period")
    assert table.loc["per year", "hours"] == pytest.approx(8.766)
    assert table.loc["per year", "downtime"] == "8.77 hours"
    assert table.loc["per month", "downtime"] == "43.8 minutes"
    assert av.downtime_table(0.9999).loc[0, "downtime"] == "52.6 minutes"
    assert av.downtime_table(0.99).loc[0, "downtime"] == "3.65 days"


def test_formula_writes_out_the_arithmetic() -> None:
    assert av.formula([av.Stage("a", 0.999, 2), av.Stage("b", 0.99)]) == "(1 − 0.001²) × 0.99"


def test_monte_carlo_agrees_with_the_formula() -> None:
    stages = [av.Stage("web", 0.99, 2), av.Stage("app", 0.995), av.Stage("db", 0.98, 3)]
    exact = av.system_availability(stages)
    measured = av.measured_availability(av.simulate_outages(stages, years=200, mttr_hours=2, seed=7))
    assert measured == pytest.approx(exact, abs=0.0005)


def test_monte_carlo_of_a_chain_of_two_three_nines() -> None:
    stages = [av.Stage("a", 0.999), av.Stage("b", 0.999)]
    measured = av.measured_availability(av.simulate_outages(stages, years=300, mttr_hours=1, seed=1))
    assert measured == pytest.approx(0.998, abs=0.0002)


def test_simulated_intervals_cover_the_horizon_and_months() -> None:
    intervals = av.simulate_outages([av.Stage("a", 0.99)], years=2, mttr_hours=1, seed=0)
    assert intervals["start"].iloc[0] == 0
    assert intervals["end"].iloc[-1] == pytest.approx(2 * av.HOURS_PER_YEAR)
    assert (intervals["end"] > intervals["start"]).all()
    monthly = av.downtime_by_month(intervals)
    assert list(monthly["month"]) == list(range(24))
    assert monthly["hours"].sum() == pytest.approx(((intervals["end"] - intervals["start"]) * ~intervals["up"]).sum())


def test_a_perfect_component_never_fails() -> None:
    intervals = av.simulate_outages([av.Stage("a", 1.0)], years=1, mttr_hours=1)
    assert intervals["up"].all()


def test_availability_and_reliability_can_disagree() -> None:
    late = av.simulate_service_year(av.ServiceYear(availability=1.0, late_input_chance=0.2), seed=3)
    availability, reliability = av.availability_and_reliability(late)
    assert availability == 1.0
    assert reliability == pytest.approx(0.8, abs=0.05)

    maintained = av.simulate_service_year(av.ServiceYear(availability=1.0, maintenance_hours=2, job_hour=5))
    availability, reliability = av.availability_and_reliability(maintained)
    assert availability == pytest.approx(1 - 2 / (7 * 24), abs=0.002)  # about 98.8%
    assert reliability == 1.0


def test_maintenance_during_the_job_breaks_one_run_a_week() -> None:
    year = av.simulate_service_year(av.ServiceYear(availability=1.0, maintenance_hours=2, job_hour=0.5))
    assert not year["met_standard"].iloc[6] and year["met_standard"].iloc[:6].all()
    assert av.availability_and_reliability(year)[1] == pytest.approx(1 - 52 / 365)


def test_presets_are_complete(content: Content) -> None:
    systems, stages = content.table("availability_systems"), content.table("availability_stages")
    for system in systems["id"]:
        positions = sorted(stages.loc[stages["system"] == system, "position"])
        assert positions == list(range(1, len(positions) + 1)), system
    chain = stages[stages["system"] == "dashboard_chain"]
    built = [av.Stage(r.name, r.availability / 100, r.replicas) for r in chain.itertuples()]
    assert av.system_availability(built) < 0.999  # the preset's lesson: the chain is worse than a part
    for row in content.table("reliability_presets").itertuples():
        config = av.ServiceYear(
            row.availability / 100, row.mttr_hours, row.maintenance_hours, row.late_input_chance, row.job_hour, 2
        )
        availability, reliability = av.availability_and_reliability(av.simulate_service_year(config))
        assert abs(availability - reliability) > 0.01, row.id  # each preset shows them disagreeing


@given(st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_an_availability_below_one_is_never_shown_as_100_percent(availability: float) -> None:
    text = av.format_percent(availability)
    assert text != "100%" and float(text.removesuffix("%")) < 100


def test_percent_keeps_five_significant_digits_until_more_are_needed() -> None:
    assert av.format_percent(0.99) == "99%"
    assert av.format_percent(0.99601) == "99.601%"
    assert av.format_percent(0.9999994) == "99.9999%"  # five digits would read 100%
    assert av.format_percent(1.0) == "100%"


@given(st.floats(min_value=0.0, max_value=1.0))
def test_a_readout_says_100_percent_only_without_downtime(availability: float) -> None:
    shown = av.readout(availability)
    no_downtime = availability >= 1
    assert (shown.percent == "100%") == no_downtime
    assert (shown.downtime_per_year == "none") == no_downtime
    assert (shown.nines == "∞") == no_downtime
    assert float(shown.percent.removesuffix("%")) <= 100


@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0))
def test_shown_percent_and_nines_never_disagree_in_order(a: float, b: float) -> None:
    low, high = sorted((a, b))
    shown_low, shown_high = av.readout(low), av.readout(high)
    assert float(shown_low.percent.removesuffix("%")) <= float(shown_high.percent.removesuffix("%"))
    nines = [float("inf") if s.nines == "∞" else float(s.nines) for s in (shown_low, shown_high)]
    assert nines[0] <= nines[1]


def test_tiny_downtime_is_not_shown_as_zero() -> None:
    assert av.format_duration(1e-9) == "under 0.1 seconds"
    assert av.format_duration(0) == "none"
    assert av.readout(0.9999999999).downtime_per_year == "under 0.1 seconds"
    assert av.format_nines(0.999) == "3.00"
