"""The DuckDB warehouse: a reproducible star schema, correct example queries, ETL = ELT."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from studylab.content.loader import Content
from studylab.labs.engines.sql_box import Warehouse
from studylab.labs.engines.warehouse import (
    STAR_TABLES,
    _target_warehouse,
    run_elt,
    run_etl,
    write_raw_extracts,
)
from tests.labs.engines.support import star_from


@pytest.fixture(scope="module")
def star(content: Content) -> dict[str, pd.DataFrame]:
    return star_from(content)


@pytest.fixture(scope="module")
def wh(star: dict[str, pd.DataFrame]) -> Iterator[Warehouse]:
    with Warehouse(star) as warehouse:
        yield warehouse


@pytest.fixture(scope="module")
def queries(content: Content) -> dict[str, str]:
    return dict(zip(content.table("wh_queries")["id"], content.table("wh_queries")["sql"], strict=True))


def sales(star: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every fact row with its date, product, store and segment attributes (pandas, no SQL)."""
    fact = star["fact_sales"].merge(star["dim_date"], on="date_key")
    fact = fact.merge(star["dim_product"], on="product_id", suffixes=("", "_product"))
    fact = fact.merge(star["dim_store"], on="store_id", suffixes=("", "_store"))
    return fact.merge(star["dim_segment"], on="segment_id", suffixes=("", "_segment"))


# --- The star schema ---------------------------------------------------------------------------


def test_star_schema_has_one_fact_and_four_dimensions(star: dict[str, pd.DataFrame], content: Content) -> None:
    settings = content.table("wh_settings").set_index("id").loc["default"]
    assert tuple(star) == STAR_TABLES
    assert len(star["fact_sales"]) == settings["sales"]
    assert star["dim_date"]["year_month"].nunique() == settings["months"]
    assert len(star["dim_product"]) == len(content.table("wh_products"))


def test_every_fact_row_points_at_existing_dimension_rows(star: dict[str, pd.DataFrame]) -> None:
    fact = star["fact_sales"]
    assert fact["date_key"].isin(star["dim_date"]["date_key"]).all()
    assert fact["product_id"].isin(star["dim_product"]["product_id"]).all()
    assert fact["store_id"].isin(star["dim_store"]["store_id"]).all()
    assert fact["segment_id"].isin(star["dim_segment"]["segment_id"]).all()
    assert fact["sale_id"].is_unique


def test_same_seed_same_rows_other_seed_other_rows(content: Content, star: dict[str, pd.DataFrame]) -> None:
    again = star_from(content)
    pd.testing.assert_frame_equal(again["fact_sales"], star["fact_sales"])
    other = star_from(content, seed=1234)
    assert not other["fact_sales"].equals(star["fact_sales"])


def test_revenue_is_quantity_times_price_less_discount(star: dict[str, pd.DataFrame]) -> None:
    fact = star["fact_sales"]
    expected = fact["quantity"] * fact["unit_price"] * (1 - fact["discount_pct"] / 100)
    assert (fact["revenue"] - expected).abs().max() <= 0.005 + 1e-9


def test_warehouse_loads_every_table(wh: Warehouse, star: dict[str, pd.DataFrame]) -> None:
    counts = wh.row_counts().set_index("table")["rows"]
    assert counts.to_dict() == {name: len(frame) for name, frame in star.items()}


# --- Example queries against totals computed with pandas ----------------------------------------


def test_totals_by_month(wh: Warehouse, queries: dict[str, str], star: dict[str, pd.DataFrame]) -> None:
    result = wh.run(queries["monthly_totals"])
    assert result.ok, result.error
    expected = sales(star).groupby("year_month").agg(revenue=("revenue", "sum"), units=("quantity", "sum"))
    got = result.frame.set_index("month")
    assert list(got.index) == list(expected.index)
    assert (got["revenue"] - expected["revenue"]).abs().max() < 0.006
    assert (got["units"] == expected["units"]).all()


def test_top_products(wh: Warehouse, queries: dict[str, str], star: dict[str, pd.DataFrame]) -> None:
    result = wh.run(queries["top_products"])
    assert result.ok, result.error
    expected = sales(star).groupby("name")["revenue"].sum().sort_values(ascending=False).head(5)
    assert list(result.frame["product"]) == list(expected.index)
    assert result.frame["revenue"].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.006)


def test_drill_down_adds_up_to_the_region_total(
    wh: Warehouse, queries: dict[str, str], star: dict[str, pd.DataFrame]
) -> None:
    drill = wh.run(queries["drill_down"])
    regions = wh.run(queries["region_totals"])
    assert drill.ok and regions.ok, (drill.error, regions.error)
    frame = sales(star)
    north_2025 = frame[(frame["region"] == "North") & (frame["year"] == 2025)]
    expected = north_2025.groupby(["quarter", "name_store"])["revenue"].sum()
    got = drill.frame.assign(q=drill.frame["quarter"].str[1:].astype(int)).set_index(["q", "store"])["revenue"]
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), abs=0.006)
    region_row = regions.frame[(regions.frame["region"] == "North") & (regions.frame["year"] == 2025)]
    assert drill.frame["revenue"].sum() == pytest.approx(region_row["revenue"].iloc[0], abs=0.05)


def test_margin_by_category_and_segment(wh: Warehouse, queries: dict[str, str], star: dict[str, pd.DataFrame]) -> None:
    result = wh.run(queries["margin_by_category"])
    assert result.ok, result.error
    frame = sales(star)
    expected = (frame["revenue"] - frame["cost"]).groupby([frame["category"], frame["name_segment"]]).sum()
    assert result.frame["margin"].to_numpy() == pytest.approx(expected.to_numpy(), abs=0.006)


def test_every_example_query_runs(wh: Warehouse, queries: dict[str, str]) -> None:
    for query_id, sql in queries.items():
        result = wh.run(sql)
        assert result.ok and not result.frame.empty, (query_id, result.error)


# --- The SQL box refuses what it must ------------------------------------------------------------


# --- ETL and ELT --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_folder(star: dict[str, pd.DataFrame]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        write_raw_extracts(Path(folder), star, seed=3)
        yield Path(folder)


def test_etl_and_elt_build_the_same_mart_as_pandas(star: dict[str, pd.DataFrame], raw_folder: Path) -> None:
    etl, elt = run_etl(raw_folder), run_elt(raw_folder)
    pd.testing.assert_frame_equal(etl.mart, elt.mart)
    frame = sales(star)
    expected = frame.groupby(["year_month", "category"]).agg(
        orders=("sale_id", "count"), units=("quantity", "sum"), revenue_cents=("revenue_cents", "sum")
    )
    got = etl.mart.set_index(["year_month", "category"])
    assert got.to_dict() == expected.to_dict()


def test_elt_keeps_the_raw_tables_etl_does_not(raw_folder: Path) -> None:
    etl, elt = run_etl(raw_folder), run_elt(raw_folder)
    assert set(etl.tables["table"]) == {"sales_clean", "mart_monthly_category"}
    assert {"raw_orders", "raw_products", "raw_segments"} <= set(elt.tables["table"])
    assert [s["step"] for s in etl.steps] == ["extract", "clean", "conform", "aggregate", "load"]
    assert [s["step"] for s in elt.steps] == ["load_raw", "clean", "aggregate"]


def test_cleaning_removes_duplicates_and_cancellations(star: dict[str, pd.DataFrame], raw_folder: Path) -> None:
    raw = pd.read_csv(raw_folder / "orders.csv")
    assert len(raw) > len(star["fact_sales"])
    clean = run_elt(raw_folder).tables.set_index("table")["rows"]
    assert clean["sales_clean"] == len(star["fact_sales"])


def test_pipeline_steps_are_all_explained(content: Content, raw_folder: Path) -> None:
    steps = content.table("wh_pipeline_steps")
    for name, run in (("etl", run_etl(raw_folder)), ("elt", run_elt(raw_folder))):
        explained = list(steps[steps["pipeline"] == name].sort_values("order")["step"])
        assert explained == [s["step"] for s in run.steps]


def test_elt_engine_reads_only_the_raw_folder(raw_folder: Path) -> None:
    with _target_warehouse(raw_folder) as con:
        assert con.execute(f"SELECT count(*) FROM read_csv('{raw_folder}/segments.csv')").fetchall()[0][0] == 3
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
