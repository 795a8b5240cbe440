"""The study figures draw exactly the numbers of the stats tables they are given."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd

from studylab.study.figures import build_forecast, build_history, build_retention
from studylab.study.schedule import CardState
from studylab.study.stats import review_forecast

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_the_forecast_draws_one_bar_per_day_with_the_cards_due() -> None:
    cards = {f"c{i}": CardState.new(NOW + timedelta(days=d)) for i, d in enumerate([-1, 0, 2, 2, 40])}
    forecast = review_forecast(cards, NOW, "UTC")
    (bars,) = build_forecast(forecast).data
    assert len(bars.x) == 30 and list(bars.y[:3]) == [2, 0, 2] and sum(bars.y) == 4


def test_retention_is_drawn_against_the_desired_line() -> None:
    weekly = pd.DataFrame(
        {"week": [date(2026, 2, 16), date(2026, 2, 23)], "reviews": [4, 5], "recalled": [3, 5], "measured": [0.75, 1.0]}
    )
    figure = build_retention(weekly, 0.9)
    (line,) = figure.data
    assert list(line.y) == [0.75, 1.0]
    (desired,) = figure.layout.shapes
    assert desired.y0 == desired.y1 == 0.9
    assert figure.layout.annotations[0].text == "Desired 90%"
    assert figure.layout.yaxis.range == (0, 1.05)


def test_history_draws_the_reviews_of_each_day() -> None:
    per_day = pd.DataFrame({"day": [date(2026, 2, 28), date(2026, 3, 1)], "reviewed": [3, 0]})
    (bars,) = build_history(per_day).data
    assert list(bars.y) == [3, 0]
