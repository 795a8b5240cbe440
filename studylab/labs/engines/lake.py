"""Data lake 1.0: raw files of mixed formats in a folder, read with a schema chosen at read time.

:func:`build_raw_lake` drops the files listed in ``data/lake_files.csv`` into a
scratch folder (sales exports generated from the warehouse's fact table, a Parquet
product list, clickstream JSON lines, free-text support tickets). :func:`read_with_schema`
is schema-on-read with pandas. :func:`simulate_swamp` grows a lake month by month with
and without a catalog, ownership and schema enforcement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

ColumnType = Literal["int", "float", "date", "text"]

READER_SCHEMAS: dict[str, dict[str, ColumnType]] = {
    "sales_v1": {
        "sale_id": "int",
        "day": "date",
        "product_id": "text",
        "store_id": "text",
        "quantity": "int",
        "revenue": "float",
    },
    "sales_v2": {
        "sale_id": "int",
        "day": "date",
        "product_id": "text",
        "store_id": "text",
        "quantity": "int",
        "amount_eur": "float",
    },
}
"""The schemas readers apply to sales files: v1 is what every dashboard was written against."""

DATE_FORMATS = {"v1": "%Y-%m-%d", "v2": "%d/%m/%Y"}
"""How each version of the sales export writes its ``day`` column."""

READER_DATE_FORMATS = {"sales_v1": DATE_FORMATS["v1"], "sales_v2": DATE_FORMATS["v2"]}
"""The date format each reader schema expects."""

DASHBOARD_SCHEMA = "sales_v1"
"""The schema the monthly revenue report reads the lake with."""

EMPTY_DTYPES = {"int": "Int64", "float": "Float64", "date": "datetime64[ns]", "text": "string"}
"""The pandas dtype each column type is read into (nullable, so a value that does not fit is empty)."""

SUFFIX_FORMAT = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet", ".txt": "text"}

TICKET_ISSUES = ("arrived damaged", "refund requested", "late delivery", "wrong item sent", "question about grind size")
"""Short issue labels that the generated support tickets carry."""


# --- Filling the lake -----------------------------------------------------------------


def months_between(first: object, last: object) -> list[str]:
    """``YYYY-MM`` labels from first to last inclusive (empty if either is missing)."""
    if not isinstance(first, str) or not isinstance(last, str):
        return []
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def dated_sales(star: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The fact table with each sale's date and month."""
    return star["fact_sales"].merge(star["dim_date"][["date_key", "date", "year_month"]], on="date_key")


def sales_rows(fact: pd.DataFrame, month: str, schema: str) -> pd.DataFrame:
    """The sales of one month (``fact`` from :func:`dated_sales`), as a version of the export writes them."""
    rows = fact[fact["year_month"] == month]
    amount = "revenue" if schema == "v1" else "amount_eur"
    return pd.DataFrame(
        {
            "sale_id": rows["sale_id"],
            "day": pd.to_datetime(rows["date"]).dt.strftime(DATE_FORMATS[schema]),
            "product_id": rows["product_id"],
            "store_id": rows["store_id"],
            "quantity": rows["quantity"],
            amount: rows["revenue"],
        }
    ).reset_index(drop=True)


def _clicks(rng: np.random.Generator, month: str, products: pd.Series) -> pd.DataFrame:
    n = 300
    start = pd.Timestamp(f"{month}-01")
    seconds = np.sort(rng.integers(0, 28 * 86_400, size=n))
    page = rng.choice(["home", "product", "basket", "checkout"], size=n, p=[0.35, 0.4, 0.15, 0.1])
    events = pd.DataFrame(
        {
            "ts": (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S"),
            "session": rng.integers(1, 90, size=n),
            "page": page,
        }
    )
    # Semi-structured: only product views carry a product, only some events a referrer.
    events["product_id"] = pd.Series(rng.choice(products.to_numpy(), size=n)).where(page == "product")
    events["referrer"] = pd.Series("newsletter", index=events.index).where(rng.random(n) < 0.2)
    return events


def _tickets(rng: np.random.Generator, months: list[str], star: dict[str, pd.DataFrame]) -> str:
    n = 12 * max(len(months), 1)
    day = rng.integers(1, 29, size=n)
    month = rng.choice(months or ["2025-01"], size=n)
    product = rng.choice(star["dim_product"]["product_id"].to_numpy(), size=n)
    store = rng.choice(star["dim_store"]["store_id"].to_numpy(), size=n)
    issue = rng.choice(np.array(TICKET_ISSUES), size=n)
    order = np.lexsort((day, month))
    return "".join(
        f"{month[i]}-{day[i]:02d} ticket #{1000 + k} store={store[i]} product={product[i]}: {issue[i]}\n"
        for k, i in enumerate(order)
    )


def build_raw_lake(root: Path, star: dict[str, pd.DataFrame], manifest: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Write every file of the manifest under ``root``; return the listing of what was written."""
    rng = np.random.default_rng(seed)
    fact = dated_sales(star)
    written: list[dict[str, Any]] = []
    for entry in manifest.itertuples():
        months = months_between(entry.first_month, entry.last_month) or [""]
        for month in months:
            path = root / entry.path.format(month=month)
            path.parent.mkdir(parents=True, exist_ok=True)
            if entry.dataset == "sales":
                frame = sales_rows(fact, month, entry.version)
                if entry.format == "jsonl":
                    frame.to_json(path, orient="records", lines=True)
                else:
                    frame.to_csv(path, index=False)
            elif entry.dataset == "products":
                star["dim_product"].to_parquet(path, index=False)
            elif entry.dataset == "clicks":
                _clicks(rng, month, star["dim_product"]["product_id"]).to_json(path, orient="records", lines=True)
            else:
                path.write_text(_tickets(rng, months, star), encoding="utf-8")
            written.append(
                {
                    "path": path.relative_to(root).as_posix(),
                    "dataset": entry.dataset,
                    "format": entry.format,
                    "month": month or None,
                    "version": entry.version if isinstance(entry.version, str) else None,
                    "owner": entry.owner if isinstance(entry.owner, str) else None,
                    "manifest_id": entry.id,
                }
            )
            if entry.dataset == "tickets":
                break
    return pd.DataFrame(written)


def list_lake(root: Path) -> pd.DataFrame:
    """Every file under ``root``: what an engineer sees with ``ls -R``, with formats and sizes."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return pd.DataFrame(
        {
            "path": [p.relative_to(root).as_posix() for p in files],
            "format": [SUFFIX_FORMAT.get(p.suffix, "unknown") for p in files],
            "bytes": [p.stat().st_size for p in files],
        }
    )


# --- Schema-on-read ---------------------------------------------------------------------


@dataclass
class ReadResult:
    """A file read with a schema chosen by the reader, and what did not fit."""

    frame: pd.DataFrame
    problems: list[str] = field(default_factory=list)


def read_raw(path: Path) -> pd.DataFrame:
    """A file as its format gives it, with no schema applied (text columns stay text)."""
    fmt = SUFFIX_FORMAT.get(path.suffix, "text")
    if fmt == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False)
    if fmt == "parquet":
        return pd.read_parquet(path)
    return pd.DataFrame({"line": path.read_text(encoding="utf-8").splitlines()})


def apply_schema(raw: pd.DataFrame, schema: Mapping[str, ColumnType], date_format: str = "%Y-%m-%d") -> ReadResult:
    """Fit raw columns to a reader's schema: missing columns become empty, bad values empty, each reported."""
    problems: list[str] = []
    columns: dict[str, pd.Series] = {}
    for name, kind in schema.items():
        if name not in raw.columns:
            problems.append(f"column '{name}' is missing (the file has: {', '.join(map(str, raw.columns))})")
            columns[name] = pd.Series(pd.NA, index=raw.index, dtype=EMPTY_DTYPES[kind])
            continue
        values = raw[name]
        if kind == "int":
            typed: pd.Series = pd.to_numeric(values, errors="coerce").astype("Int64")
        elif kind == "float":
            typed = pd.to_numeric(values, errors="coerce").astype("Float64")
        elif kind == "date":
            typed = pd.to_datetime(values.astype(str), format=date_format, errors="coerce")
        else:
            typed = values.astype("string")
        failed = int(typed.isna().sum() - values.isna().sum())
        if failed:
            problems.append(f"{failed} of {len(values)} values of '{name}' could not be read as {kind}")
        columns[name] = typed
    ignored = [str(c) for c in raw.columns if c not in schema]
    if ignored:
        problems.append(f"columns not in the schema were ignored: {', '.join(ignored)}")
    return ReadResult(pd.DataFrame(columns, index=raw.index), problems)


def read_with_schema(path: Path, schema_name: str | None) -> ReadResult:
    """Schema-on-read: the raw file, fitted to one of :data:`READER_SCHEMAS` (None: as the format gives it)."""
    raw = read_raw(path)
    if schema_name is None:
        return ReadResult(raw)
    return apply_schema(raw, READER_SCHEMAS[schema_name], READER_DATE_FORMATS[schema_name])


def lake_monthly_revenue(root: Path, listing: pd.DataFrame) -> pd.DataFrame:
    """The monthly revenue report, computed the lake way: read every sales file with the dashboard schema.

    One row per sales file under ``sales/``: its month, the revenue found, rows read, and
    the problems schema-on-read ran into (files that drifted silently give no revenue).
    """
    sales = listing[(listing["dataset"] == "sales") & listing["path"].str.startswith("sales/")]
    records = []
    for entry in sales.itertuples():
        result = read_with_schema(root / entry.path, DASHBOARD_SCHEMA)
        revenue = result.frame["revenue"]
        records.append(
            {
                "month": entry.month,
                "file": entry.path,
                "rows": len(result.frame),
                "revenue": float(revenue.sum()) if revenue.notna().any() else float("nan"),
                "problems": "; ".join(result.problems),
            }
        )
    return pd.DataFrame(records).sort_values("month", ignore_index=True)


# --- The swamp forming ----------------------------------------------------------------------

SWAMP_METRICS = (
    "datasets",
    "findable",
    "lost",
    "duplicates",
    "broken_queries",
    "rejected_writes",
    "storage_tb",
    "monthly_cost",
    "lost_cost",
)
"""Columns of :func:`simulate_swamp`, besides ``arm`` and ``month``."""


def _draws(p: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Every random number the lake needs, drawn once so both arms see the same history.

    Rows ``0..n-1`` are original datasets; row ``n + i`` is a possible later copy of
    dataset ``i`` (someone re-ingesting data they could not find), which exists in an arm
    only if its ``duplicate`` draw falls below that arm's duplicate rate.
    """
    rng = np.random.default_rng(int(p["seed"]))
    months = int(p["months"])
    rate = float(p["new_per_month"]) * (1 + float(p["growth"])) ** np.arange(months)
    born = np.repeat(np.arange(months), rng.poisson(rate))
    n = len(born)
    size = float(p["tb_per_dataset"]) * rng.lognormal(0.0, 0.8, size=n)
    copy_born = born + rng.geometric(1 / 6, size=n)
    return {
        "born": np.concatenate([born, copy_born]),
        "is_copy": np.repeat([False, True], n),
        "duplicate": np.concatenate([np.zeros(n), rng.random(n)]),
        "document": rng.random(2 * n),
        "tenure": rng.geometric(float(p["owner_turnover"]), size=2 * n),
        "handover": rng.random(2 * n),
        "size": np.concatenate([size, size]),
        "queries": rng.poisson(float(p["queries_per_dataset"]), size=2 * n),
        "drift": rng.random((2 * n, months)) < float(p["drift_rate"]),
    }


def _arm(
    d: dict[str, np.ndarray], p: Mapping[str, Any], *, catalog: bool, ownership: bool, enforcement: bool
) -> pd.DataFrame:
    months = int(p["months"])
    t = np.arange(months)[None, :]
    born = d["born"][:, None]
    copy_rate = float(p["duplicate_with_catalog" if catalog else "duplicate_no_catalog"])
    exists = ~d["is_copy"] | (d["duplicate"] < copy_rate)
    alive = (t >= born) & exists[:, None]
    documented = d["document"] < float(p["catalog_coverage"] if catalog else p["tribal_knowledge"])
    handed_over = ownership & (d["handover"] < float(p["handover"]))
    # Someone knows the dataset while its first owner stays, or for good if it was handed over.
    known = alive & ((t < born + d["tenure"][:, None]) | handed_over[:, None])
    findable = alive & (documented[:, None] | known)
    drift = d["drift"] & alive
    if enforcement:
        # A write whose schema changed is rejected: the producer hears of it at once, readers never break.
        broken = np.zeros_like(drift)
        rejected = drift.sum(axis=0)
    else:
        # A silent change breaks the dataset's queries: an owner fixes them within the month,
        # without one they stay broken from then on.
        orphan_drift = np.maximum.accumulate(drift & ~known, axis=1)
        broken = drift | orphan_drift
        rejected = np.zeros(months, dtype=int)
    size = d["size"][:, None] * (1 + float(p["tb_growth"])) ** np.clip(t - born, 0, None) * alive
    price = float(p["price_per_tb"])
    return pd.DataFrame(
        {
            "month": np.arange(1, months + 1),
            "datasets": alive.sum(axis=0),
            "findable": findable.sum(axis=0),
            "lost": (alive & ~findable).sum(axis=0),
            "duplicates": (alive & d["is_copy"][:, None]).sum(axis=0),
            "broken_queries": (broken * d["queries"][:, None]).sum(axis=0),
            "rejected_writes": rejected,
            "storage_tb": size.sum(axis=0),
            "monthly_cost": size.sum(axis=0) * price,
            "lost_cost": (size * ~findable).sum(axis=0) * price,
        }
    )


def simulate_swamp(preset: Mapping[str, Any], *, catalog: bool, ownership: bool, enforcement: bool) -> pd.DataFrame:
    """Grow a lake month by month twice from the same random history: with the chosen
    governance measures (arm ``governed``) and with none (arm ``ungoverned``).

    ``preset`` holds the columns of ``data/lake_presets.csv``. Returns one row per arm and
    month with the columns of :data:`SWAMP_METRICS`.
    """
    draws = _draws(preset)
    arms = {
        "governed": _arm(draws, preset, catalog=catalog, ownership=ownership, enforcement=enforcement),
        "ungoverned": _arm(draws, preset, catalog=False, ownership=False, enforcement=False),
    }
    return pd.concat([frame.assign(arm=arm) for arm, frame in arms.items()], ignore_index=True)[
        ["arm", "month", *SWAMP_METRICS]
    ]
