"""Single-tier or multitier: the book's claim checked, and what each design shows at any setting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studylab.labs.qualities import tiers

SERVERS = st.sampled_from([0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999])
SOFTWARE = st.lists(st.floats(0.9, 0.99999), min_size=1, max_size=4)


def web_app(copies: int = 1, overload_hours: float = 0.0) -> tiers.Tiers:
    return tiers.Tiers(0.999, (0.999, 0.999, 0.9995), (copies,) * 3, overload_hours)


def test_one_server_per_tier_alone_is_below_single_tier() -> None:
    # The numbers: 99.9% servers, single-tier 99.6504% above multitier 99.4512%.
    table = tiers.compare_tiers(web_app()).set_index("design")
    assert table.loc["single", "availability"] == pytest.approx(0.996504, abs=1e-6)
    assert table.loc["one_per_tier", "availability"] == pytest.approx(0.994512, abs=1e-6)
    assert table.loc["single", "percent"] == "99.65%"
    assert table.loc["one_per_tier", "servers"] == 3


def test_a_second_copy_of_each_tier_puts_multitier_ahead() -> None:
    assert not tiers.verdict(tiers.compare_tiers(web_app(copies=1))).multitier_ahead
    ahead = tiers.verdict(tiers.compare_tiers(web_app(copies=2)))
    assert ahead.multitier_ahead and ahead.less_downtime > 100


def test_copies_per_tier_beat_a_failover_copy_of_the_whole_server() -> None:
    # Independent failure: the same two copies of everything, replicated per tier or as whole servers.
    table = tiers.compare_tiers(web_app(copies=2)).set_index("design")
    assert table.loc["replicated", "availability"] > table.loc["failover", "availability"]


def test_analytics_on_its_own_tier_cannot_overload_the_users_server() -> None:
    quiet = tiers.compare_tiers(web_app()).set_index("design")
    busy = tiers.compare_tiers(web_app(overload_hours=100)).set_index("design")
    assert busy.loc["single", "downtime_hours"] == pytest.approx(quiet.loc["single", "downtime_hours"] + 100, rel=0.01)
    assert busy.loc["failover", "availability"] < quiet.loc["failover", "availability"]
    assert busy.loc["one_per_tier", "availability"] == quiet.loc["one_per_tier", "availability"]
    assert busy.loc["one_per_tier", "availability"] > busy.loc["single", "availability"]
    assert busy.loc["one_per_tier", "servers"] == 4  # the analytics replica


@given(SERVERS, SOFTWARE, st.integers(1, 3), st.floats(0, 200))
def test_every_row_shows_downtime_unless_it_has_none(
    server: float, software: list[float], copies: int, overload: float
) -> None:
    table = tiers.compare_tiers(tiers.Tiers(server, tuple(software), (copies,) * len(software), overload))
    for row in table.itertuples():
        assert row.availability < 1
        assert row.percent != "100%" and row.nines != "∞" and row.downtime != "none"


@given(SERVERS, SOFTWARE, st.integers(1, 2), st.floats(0, 200))
def test_more_copies_never_lower_multitier_and_order_of_strings_follows_the_numbers(
    server: float, software: list[float], copies: int, overload: float
) -> None:
    fewer = tiers.compare_tiers(tiers.Tiers(server, tuple(software), (copies,) * len(software), overload))
    more = tiers.compare_tiers(tiers.Tiers(server, tuple(software), (copies + 1,) * len(software), overload))
    assert more["availability"].iloc[3] >= fewer["availability"].iloc[3]
    ranked = fewer.sort_values("availability")
    assert list(ranked["nines"].astype(float)) == sorted(ranked["nines"].astype(float))
    assert list(ranked["percent"].str.rstrip("%").astype(float)) == sorted(
        ranked["percent"].str.rstrip("%").astype(float)
    )


@given(SERVERS, SOFTWARE)
def test_one_server_per_tier_is_never_above_single_tier_without_overload(server: float, software: list[float]) -> None:
    table = tiers.compare_tiers(tiers.Tiers(server, tuple(software), (1,) * len(software))).set_index("design")
    assert table.loc["one_per_tier", "availability"] <= table.loc["single", "availability"] + 1e-15
