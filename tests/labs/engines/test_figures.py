"""labs/engines/figures.py: pure functions of their inputs (same input, equal figure JSON)."""

from __future__ import annotations

import pandas as pd

from studylab.content.loader import Content
from studylab.labs.engines import figures
from studylab.labs.engines.lake import simulate_swamp

FRAME = pd.DataFrame({"month": ["2025-01", "2025-02", "2025-01"], "revenue": [1.0, 2.0, 3.0], "store": [1, 1, 2]})
SPEC = pd.Series({"chart": "line", "x": "month", "y": "revenue", "color": "store"})
REPORTED = (("2025-01", 10.0), ("2025-02", 0.0))
SOLD = (("2025-01", 10.0), ("2025-02", 12.5))
LABELS = ("reported", "sold")
SCORES = (("Layers covered", 50.0), ("Clear pricing", 25.0))


def _swamp(content: Content) -> pd.DataFrame:
    preset = content.table("lake_presets").iloc[0].to_dict()
    return simulate_swamp(preset, catalog=True, ownership=False, enforcement=True)


def test_the_query_chart_is_a_pure_function_of_its_inputs() -> None:
    first = figures.build_query_chart(FRAME, SPEC)
    again = figures.build_query_chart(FRAME.copy(), SPEC.copy())
    assert first is not None and again is not None
    assert first.to_json() == again.to_json()


def test_the_query_chart_is_skipped_when_the_result_lacks_its_columns() -> None:
    assert figures.build_query_chart(FRAME.drop(columns="revenue"), SPEC) is None


def test_the_query_chart_is_skipped_for_an_unknown_chart_type() -> None:
    assert figures.build_query_chart(FRAME, SPEC.copy().replace({"line": "pie"})) is None


def test_the_lake_report_figure_is_a_pure_function_of_its_inputs() -> None:
    first = figures.build_lake_report_figure(REPORTED, SOLD, LABELS).to_json()
    assert figures.build_lake_report_figure(REPORTED, SOLD, LABELS).to_json() == first


def test_the_lake_report_figure_shows_the_report_as_bars_and_the_truth_as_a_line() -> None:
    bars, line = figures.build_lake_report_figure(REPORTED, SOLD, LABELS).data
    assert (bars.type, list(bars.y)) == ("bar", [10.0, 0.0])
    assert (line.type, list(line.y)) == ("scatter", [10.0, 12.5])


def test_the_swamp_figure_is_a_pure_function_of_its_inputs(content: Content) -> None:
    first = figures.build_swamp_figure(_swamp(content), "lost", "Lost").to_json()
    assert figures.build_swamp_figure(_swamp(content), "lost", "Lost").to_json() == first


def test_the_swamp_figure_draws_one_line_per_arm(content: Content) -> None:
    figure = figures.build_swamp_figure(_swamp(content), "lost", "Lost")
    assert [trace.name for trace in figure.data] == list(figures.ARM_COLOURS)


def test_the_stack_figure_is_a_pure_function_of_its_inputs() -> None:
    assert figures.build_stack_figure(SCORES).to_json() == figures.build_stack_figure(SCORES).to_json()


def test_the_stack_figure_keeps_the_order_of_its_scores() -> None:
    (bars,) = figures.build_stack_figure(SCORES).data
    assert list(bars.y) == ["Layers covered", "Clear pricing"]
    assert list(bars.text) == ["50 %", "25 %"]
