"""A small retail data warehouse on DuckDB: a star schema, ETL and ELT (the SQL box is ``sql_box``).

The dimensions (products, stores, customer segments) are content tables in ``data/``;
the date dimension and the few thousand rows of the fact table are generated from the
seeded settings in ``data/wh_settings.csv``, so the same settings always give the same
warehouse. DuckDB is imported inside the functions that use it, so pages that do not
need the engine never load it.

Money is computed in whole cents with integer arithmetic (``revenue_cents``), so pandas
and DuckDB agree to the cent whatever their rounding rules.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import duckdb

STAR_TABLES = ("dim_date", "dim_product", "dim_store", "dim_segment", "fact_sales")
"""The tables of the star schema, dimensions first."""

ENGINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "threads": 2,
    "memory_limit": "256MB",
}
"""Settings for every DuckDB database made here: no extension downloads, modest resources."""


def _content_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="_line", errors="ignore").reset_index(drop=True)


# --- The star schema -------------------------------------------------------------------


def build_date_dimension(start: str, months: int) -> pd.DataFrame:
    """One row per calendar day of ``months`` months from ``start``; ``date_key`` is yyyymmdd."""
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    days = pd.date_range(first, first + pd.DateOffset(months=months) - pd.Timedelta(days=1), freq="D")
    return pd.DataFrame(
        {
            "date_key": (days.year * 10_000 + days.month * 100 + days.day).astype("int64"),
            "date": days.date,
            "year": days.year.astype("int64"),
            "quarter": days.quarter.astype("int64"),
            "month": days.month.astype("int64"),
            "year_month": days.strftime("%Y-%m"),
            "weekday": days.day_name(),
            "is_weekend": days.day_of_week >= 5,
        }
    )


def build_star_schema(
    products: pd.DataFrame, stores: pd.DataFrame, segments: pd.DataFrame, settings: pd.Series
) -> dict[str, pd.DataFrame]:
    """The five tables of the star schema, generated reproducibly from the settings' seed.

    Sales are spread over the days in proportion to a monthly growth factor, a December
    lift and a weekend lift; each sale picks a product by popularity, a store by weight
    and a customer segment by share.
    """
    rng = np.random.default_rng(int(settings["seed"]))
    dim_date = build_date_dimension(str(settings["start"]), int(settings["months"]))
    dim_product = _content_rows(products)[["product_id", "name", "category", "unit_price", "unit_cost"]]
    dim_store = _content_rows(stores)[["store_id", "name", "city", "region", "channel"]]
    dim_segment = _content_rows(segments)[["segment_id", "name", "discount_pct"]]

    month_index = (dim_date["year"] - dim_date["year"].iloc[0]) * 12 + dim_date["month"] - dim_date["month"].iloc[0]
    day_weight = (
        (1 + float(settings["monthly_growth"])) ** month_index.to_numpy()
        * np.where(dim_date["month"] == 12, 1 + float(settings["december_lift"]), 1.0)
        * np.where(dim_date["is_weekend"], 1 + float(settings["weekend_lift"]), 1.0)
    )
    n = int(settings["sales"])
    day = np.sort(rng.choice(len(dim_date), size=n, p=day_weight / day_weight.sum()))
    product = rng.choice(len(dim_product), size=n, p=_shares(products["popularity"]))
    store = rng.choice(len(dim_store), size=n, p=_shares(stores["weight"]))
    segment = rng.choice(len(dim_segment), size=n, p=_shares(segments["share"]))
    quantity = 1 + rng.poisson(float(settings["mean_extra_units"]), size=n)

    price_cents = cents(dim_product["unit_price"].to_numpy()[product])
    cost_cents = cents(dim_product["unit_cost"].to_numpy()[product])
    discount_pct = dim_segment["discount_pct"].to_numpy()[segment].astype("int64")
    revenue_cents = discounted_cents(quantity, price_cents, discount_pct)
    fact = pd.DataFrame(
        {
            "sale_id": np.arange(1, n + 1, dtype="int64"),
            "date_key": dim_date["date_key"].to_numpy()[day],
            "product_id": dim_product["product_id"].to_numpy()[product],
            "store_id": dim_store["store_id"].to_numpy()[store],
            "segment_id": dim_segment["segment_id"].to_numpy()[segment],
            "quantity": quantity.astype("int64"),
            "unit_price": price_cents / 100,
            "discount_pct": discount_pct,
            "revenue_cents": revenue_cents,
            "revenue": revenue_cents / 100,
            "cost": quantity * cost_cents / 100,
        }
    )
    return {
        "dim_date": dim_date,
        "dim_product": dim_product,
        "dim_store": dim_store,
        "dim_segment": dim_segment,
        "fact_sales": fact,
    }


def _shares(weights: pd.Series) -> np.ndarray:
    values = weights.to_numpy(dtype=float)
    return values / values.sum()


def cents(amount: np.ndarray | pd.Series) -> np.ndarray:
    """Money amounts as whole cents (int64)."""
    return np.rint(np.asarray(amount, dtype=float) * 100).astype("int64")


def discounted_cents(quantity: Any, price_cents: Any, discount_pct: Any) -> np.ndarray:
    """Revenue in cents after a whole-percent discount, half-cents rounded up (integer maths only)."""
    q, p, d = (np.asarray(v, dtype="int64") for v in (quantity, price_cents, discount_pct))
    return np.asarray((q * p * (100 - d) + 50) // 100, dtype="int64")


# --- ETL and ELT over the same raw files ------------------------------------------------

RAW_FILES = ("orders.csv", "products.jsonl", "segments.csv")
"""The source-system extracts both pipelines start from."""

MART_COLUMNS = ["year_month", "category", "orders", "units", "revenue_cents"]
"""The mart both pipelines build: monthly revenue per product category."""


def write_raw_extracts(folder: Path, star: dict[str, pd.DataFrame], seed: int) -> dict[str, Path]:
    """Write the source systems' exports of the same sales, with the usual mess, into ``folder``.

    The tills send some order lines twice and also report cancelled orders; they write
    product codes in capitals with dashes; prices arrive as text. Cleaning them gives back
    exactly the fact table.
    """
    rng = np.random.default_rng(seed)
    fact, dates = star["fact_sales"], star["dim_date"].set_index("date_key")
    segment_names = star["dim_segment"].set_index("segment_id")["name"]
    hour = rng.integers(8, 20, size=len(fact))
    minute = rng.integers(0, 60, size=len(fact))
    sold_at = pd.to_datetime(dates.loc[fact["date_key"], "date"].to_numpy()) + pd.to_timedelta(
        hour * 60 + minute, unit="min"
    )
    orders = pd.DataFrame(
        {
            "order_id": fact["sale_id"],
            "sold_at": sold_at.strftime("%Y-%m-%dT%H:%M:00"),
            "store_code": fact["store_id"],
            "sku": fact["product_id"].str.upper().str.replace("_", "-"),
            "qty": fact["quantity"],
            "unit_price": fact["unit_price"].map("{:.2f}".format),
            "customer_type": segment_names.loc[fact["segment_id"]].to_numpy(),
            "status": "ok",
        }
    )
    cancelled = orders.sample(frac=0.03, random_state=seed).assign(status="cancelled")
    cancelled["order_id"] = np.arange(len(fact) + 1, len(fact) + 1 + len(cancelled))
    resent = orders.sample(frac=0.02, random_state=seed + 1)
    raw_orders = pd.concat([orders, cancelled, resent]).sort_values("sold_at", kind="stable")
    products = star["dim_product"].assign(sku=lambda p: p["product_id"].str.upper().str.replace("_", "-"))
    paths = {name: folder / name for name in RAW_FILES}
    raw_orders.to_csv(paths["orders.csv"], index=False)
    records = products[["sku", "name", "category"]].to_dict(orient="records")
    paths["products.jsonl"].write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    star["dim_segment"].rename(columns={"name": "customer_type"}).to_csv(paths["segments.csv"], index=False)
    return paths


@dataclass
class PipelineRun:
    """What one pipeline did, step by step, and what the warehouse holds afterwards."""

    pipeline: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    """One record per step: step id, rows it produced, milliseconds."""
    tables: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The warehouse's tables after the run, with row counts."""
    mart: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The monthly revenue per category mart, sorted."""

    def step(self, name: str, work: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows = work()
        self.steps.append({"step": name, "rows": rows, "ms": round((time.perf_counter() - started) * 1000, 1)})


def _target_warehouse(raw_folder: Path | None = None) -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect(":memory:", config=ENGINE_CONFIG)
    if raw_folder is not None:
        con.execute("SET allowed_directories = ?", [[f"{raw_folder.resolve()}/"]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def _table_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    names = [row[0] for row in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
    rows = [con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name in names]
    return pd.DataFrame({"table": names, "rows": rows})


def _sorted_mart(frame: pd.DataFrame) -> pd.DataFrame:
    mart = frame[MART_COLUMNS].sort_values(["year_month", "category"]).reset_index(drop=True)
    return mart.astype({"orders": "int64", "units": "int64", "revenue_cents": "int64"})


def run_etl(raw_folder: Path) -> PipelineRun:
    """Extract with pandas, transform outside the warehouse, load only the results."""
    run = PipelineRun("etl")
    raw: dict[str, pd.DataFrame] = {}
    done: dict[str, pd.DataFrame] = {}

    def extract() -> int:
        raw["orders"] = pd.read_csv(raw_folder / "orders.csv", dtype={"unit_price": str})
        raw["products"] = pd.read_json(raw_folder / "products.jsonl", lines=True)
        raw["segments"] = pd.read_csv(raw_folder / "segments.csv")
        return sum(len(frame) for frame in raw.values())

    def clean() -> int:
        orders = raw["orders"]
        orders = orders[orders["status"] != "cancelled"].drop_duplicates()
        orders = orders.assign(product_id=orders["sku"].str.lower().str.replace("-", "_"))
        done["orders"] = orders
        return len(orders)

    def conform() -> int:
        products = raw["products"].assign(product_id=raw["products"]["sku"].str.lower().str.replace("-", "_"))
        sales = (
            done["orders"]
            .merge(raw["segments"], on="customer_type")
            .merge(products[["product_id", "category"]], on="product_id")
        )
        sales["revenue_cents"] = discounted_cents(
            sales["qty"], cents(sales["unit_price"].astype(float)), sales["discount_pct"]
        )
        sales["year_month"] = sales["sold_at"].str[:7]
        done["sales_clean"] = sales[
            [
                "order_id",
                "sold_at",
                "year_month",
                "store_code",
                "product_id",
                "category",
                "segment_id",
                "qty",
                "revenue_cents",
            ]
        ].sort_values("order_id", ignore_index=True)
        return len(done["sales_clean"])

    def aggregate() -> int:
        grouped = done["sales_clean"].groupby(["year_month", "category"], as_index=False)
        mart = grouped.agg(orders=("order_id", "count"), units=("qty", "sum"), revenue_cents=("revenue_cents", "sum"))
        done["mart_monthly_category"] = _sorted_mart(mart)
        return len(mart)

    def load() -> int:
        for name in ("sales_clean", "mart_monthly_category"):
            con.register("incoming", done[name])
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            con.unregister("incoming")
        return len(done["sales_clean"]) + len(done["mart_monthly_category"])

    with _target_warehouse() as con:
        for name, work in (("extract", extract), ("clean", clean), ("conform", conform), ("aggregate", aggregate)):
            run.step(name, work)
        run.step("load", load)
        run.tables = _table_counts(con)
        run.mart = _sorted_mart(con.execute("SELECT * FROM mart_monthly_category").df())
    return run


_ELT_LOAD = """
CREATE TABLE raw_orders AS SELECT * FROM read_csv(?, header = true, all_varchar = true);
CREATE TABLE raw_products AS SELECT * FROM read_json(?, format = 'newline_delimited');
CREATE TABLE raw_segments AS SELECT * FROM read_csv(?, header = true);
"""

_ELT_CLEAN = """
CREATE TABLE sales_clean AS
WITH orders AS (
    SELECT DISTINCT * FROM raw_orders WHERE status <> 'cancelled'
)
SELECT CAST(o.order_id AS BIGINT) AS order_id,
       o.sold_at,
       substr(o.sold_at, 1, 7) AS year_month,
       o.store_code,
       replace(lower(o.sku), '-', '_') AS product_id,
       p.category,
       s.segment_id,
       CAST(o.qty AS BIGINT) AS qty,
       (CAST(o.qty AS BIGINT) * CAST(round(CAST(o.unit_price AS DOUBLE) * 100) AS BIGINT)
            * (100 - s.discount_pct) + 50) // 100 AS revenue_cents
FROM orders AS o
JOIN raw_segments AS s ON s.customer_type = o.customer_type
JOIN raw_products AS p ON p.sku = o.sku
ORDER BY order_id
"""

_ELT_MART = """
CREATE TABLE mart_monthly_category AS
SELECT year_month, category, count(*) AS orders, sum(qty) AS units, sum(revenue_cents) AS revenue_cents
FROM sales_clean
GROUP BY year_month, category
"""


def run_elt(raw_folder: Path) -> PipelineRun:
    """Load the raw files into the warehouse as they are, then transform there with SQL."""
    run = PipelineRun("elt")
    files = [str((raw_folder / name).resolve()) for name in RAW_FILES]

    def count(table: str) -> int:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def load_raw() -> int:
        for statement, path in zip(_ELT_LOAD.strip().splitlines(), files, strict=True):
            con.execute(statement, [path])
        return sum(count(t) for t in ("raw_orders", "raw_products", "raw_segments"))

    def clean() -> int:
        con.execute(_ELT_CLEAN)
        return count("sales_clean")

    def aggregate() -> int:
        con.execute(_ELT_MART)
        return count("mart_monthly_category")

    with _target_warehouse(raw_folder) as con:
        for name, work in (("load_raw", load_raw), ("clean", clean), ("aggregate", aggregate)):
            run.step(name, work)
        run.tables = _table_counts(con)
        run.mart = _sorted_mart(con.execute("SELECT * FROM mart_monthly_category").df())
    return run
