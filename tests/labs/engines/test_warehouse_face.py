"""The warehouse page's lab in AppTest: real queries on this session's DuckDB, ETL and ELT."""

from __future__ import annotations

from tests.labs.engines.support import click, texts
from tests.pages_support import run_page


def test_warehouse_runs_the_example_query() -> None:
    at = run_page("pages/data_warehouse.py")
    assert not at.exception and not at.error
    assert at.text_area(key="sql").value.startswith("SELECT d.year_month AS month")
    assert any("row(s) in" in c for c in texts(at.caption))


def test_warehouse_example_from_the_url() -> None:
    at = run_page("pages/data_warehouse.py", query={"query": "Top products"})
    assert "ORDER BY revenue DESC" in at.text_area(key="sql").value
    assert any(c.startswith("5 row(s)") for c in texts(at.caption))


def test_a_forbidden_query_shows_a_message_not_a_traceback() -> None:
    at = run_page("pages/data_warehouse.py")
    for sql, message in (
        ("DELETE FROM fact_sales", "Refused: DELETE is not a read query"),
        ("SELECT * FROM read_csv('/etc/passwd')", "Permission Error"),
        ("SELEC 1", "Parser Error"),
    ):
        at.text_area(key="sql").set_value(sql)
        at = click(at, "Run query")
        assert not at.exception
        assert any(message in e for e in texts(at.error)), texts(at.error)


def test_etl_and_elt_run_from_the_page() -> None:
    at = click(run_page("pages/data_warehouse.py"), "Run both pipelines")
    assert not at.exception and not at.error
    assert any("Both pipelines built the same mart" in s for s in texts(at.success))


def test_the_megabyte_query_shows_cut_values_and_says_so() -> None:
    at = run_page("pages/data_warehouse.py")
    at.text_area(key="sql").set_value("SELECT repeat('x', 1000000) AS big FROM range(190)")
    at = click(at, "Run query")
    assert not at.exception and not at.error
    (timing,) = [str(c.value) for c in at.caption if "row(s) in" in str(c.value)]
    assert timing.startswith("190 row(s)") and "is cut" in timing
