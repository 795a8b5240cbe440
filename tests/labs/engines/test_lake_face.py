"""The lake page's lab in AppTest: schema-on-read over this session's files, the swamp simulation."""

from __future__ import annotations

from streamlit.proto.Metric_pb2 import Metric as MetricProto

from tests.labs.engines.support import texts
from tests.pages_support import run_page


def test_lake_reads_a_drifted_file_with_the_old_schema() -> None:
    at = run_page("pages/data_lake.py", query={"file": "sales/2025-08.csv", "schema": "sales v1"})
    assert not at.exception and not at.error
    warnings = texts(at.warning)
    assert any("'revenue' is missing" in w for w in warnings)
    assert any("silently show no revenue" in w for w in warnings)


def test_lake_swamp_toggles_change_the_outcome() -> None:
    at = run_page("pages/data_lake.py")
    governed = [m.value for m in at.metric]
    for key in ("catalog", "ownership", "enforcement"):
        at.toggle(key=key).set_value(False)
    at = at.run()
    assert not at.exception
    assert [m.value for m in at.metric] != governed


SWAMP = {
    "Datasets nobody can find",
    "Queries broken by drift",
    "Storage bill per month ($)",
    "...of it for lost data ($)",
}


def test_an_equal_figure_shows_no_red_arrow() -> None:
    at = run_page("pages/data_lake.py", query={"catalog": "false", "ownership": "false", "enforcement": "false"})
    assert not at.exception
    swamp = [m for m in at.metric if m.label in SWAMP]
    assert len(swamp) == 4
    for metric in swamp:  # nothing is governed: every figure equals the ungoverned one
        assert metric.delta == "same as with no governance", metric.label
        assert (metric.proto.direction, metric.proto.color) == (MetricProto.NONE, MetricProto.GRAY)
        assert "0 vs" not in metric.delta
    governed = run_page("pages/data_lake.py")
    assert any(m.delta.endswith("vs no governance") and m.delta.startswith("-") for m in governed.metric)
