"""The lakehouse on Delta Lake (the ``deltalake`` package): ACID commits on plain files.

:class:`DeltaLab` keeps one Delta table and, beside it, a plain folder of Parquet files
that receives the same writes, in a scratch folder of one session. Appends and
overwrites are commits in the table's transaction log; any version can be read back
(time travel); a batch whose schema does not match is rejected and changes nothing;
a writer that crashes halfway leaves the Delta table as it was, while readers of the
plain folder see the half-written batch.

:func:`compare_architectures` asks a warehouse, a lake and a lakehouse holding the same
sales the same SQL questions. ``deltalake`` and ``duckdb`` are imported lazily.
"""

from __future__ import annotations

import functools
import json
import os
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from studylab.labs.engines import lake
from studylab.labs.engines.warehouse import ENGINE_CONFIG

SALES_COLUMNS = ["sale_id", "day", "product_id", "store_id", "quantity", "revenue"]
"""Columns of the lakehouse's sales table, in order."""

TABLE_DIR = "sales_delta"
PLAIN_DIR = "sales_parquet"


def sales_batches(star: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The fact table's sales as one batch per month (``YYYY-MM`` -> rows), in month order."""
    fact = star["fact_sales"].merge(star["dim_date"][["date_key", "date", "year_month"]], on="date_key")
    frame = pd.DataFrame(
        {
            "sale_id": fact["sale_id"].astype("int64"),
            "day": fact["date"],
            "product_id": fact["product_id"],
            "store_id": fact["store_id"],
            "quantity": fact["quantity"].astype("int64"),
            "revenue": fact["revenue"].astype("float64"),
            "month": fact["year_month"],
        }
    )
    return {month: rows[SALES_COLUMNS].reset_index(drop=True) for month, rows in frame.groupby("month", sort=True)}


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in ``sale_id`` order with a fresh index: files are unordered, so compare tidied frames."""
    return frame.sort_values("sale_id", kind="stable").reset_index(drop=True)


def bad_batch(batch: pd.DataFrame, change: str, column: str | None, value: str | None) -> pd.DataFrame:
    """A copy of ``batch`` broken in one way, as described by a row of ``data/lh_bad_writes.csv``."""
    broken = batch.copy()
    if change == "rename_column":
        return broken.rename(columns={column: value})
    if change == "text_in_number":
        broken[column] = value
        return broken
    if change == "extra_column":
        broken[value] = "yes"
        return broken
    if change == "missing_column":
        return broken.drop(columns=[column])
    raise ValueError(f"unknown change {change!r}")


@dataclass(frozen=True)
class WriteOutcome:
    """The result of one write: committed (and the new version) or rejected (and why)."""

    ok: bool
    version: int
    """The table's version after the attempt (unchanged if rejected)."""
    rows: int
    """Rows in the batch."""
    message: str


@dataclass(frozen=True)
class CrashReport:
    """What readers see after a writer crashed part-way through a multi-file write."""

    batch_rows: int
    files_planned: int
    files_written: int
    plain_rows_before: int
    plain_rows_after: int
    delta_rows_before: int
    delta_rows_after: int
    orphan_files: list[str]
    """Data files in the Delta folder that no commit refers to (the crashed writer's)."""


READS_KEPT = 64
"""Reads of Delta tables kept per process (each at most one table's rows), least recently used dropped."""

LogStamp = tuple[tuple[str, int, int, int], ...]
"""A Delta log's files (name, size, modification time, inode): it changes with every commit."""


# Each read is keyed on the table's folder and its log's stamp, so a changed log is read anew.
@functools.lru_cache(maxsize=READS_KEPT)
def _version_at(path: str, stamp: LogStamp) -> int:
    from deltalake import DeltaTable

    return int(DeltaTable(path).version())


@functools.lru_cache(maxsize=READS_KEPT)
def _rows_at(path: str, stamp: LogStamp, version: int | None) -> pd.DataFrame:
    from deltalake import DeltaTable

    return tidy(DeltaTable(path, version=version).to_pandas())


@functools.lru_cache(maxsize=READS_KEPT)
def _history_at(path: str, stamp: LogStamp) -> pd.DataFrame:
    from deltalake import DeltaTable

    rows = []
    for entry in DeltaTable(path).history():
        metrics = entry.get("operationMetrics", {})
        rows.append(
            {
                "version": entry.get("version"),
                "time": pd.to_datetime(entry.get("timestamp"), unit="ms"),
                "operation": entry.get("operation"),
                "mode": entry.get("operationParameters", {}).get("mode"),
                "files_added": metrics.get("num_added_files"),
                "files_removed": metrics.get("num_removed_files"),
                "rows_added": metrics.get("num_added_rows"),
            }
        )
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=READS_KEPT)
def _months_at(path: str, stamp: LogStamp) -> frozenset[str]:
    return frozenset(pd.to_datetime(_rows_at(path, stamp, None)["day"]).dt.strftime("%Y-%m"))


@dataclass(frozen=True)
class Then:
    """The table as of one version, against the latest."""

    rows: pd.DataFrame
    """Its rows (shared: read-only)."""
    revenue: float
    months: int
    gone: pd.DataFrame
    """Its rows that the latest version no longer holds."""


@functools.lru_cache(maxsize=READS_KEPT)
def _then_at(path: str, stamp: LogStamp, version: int) -> Then:
    old, now = _rows_at(path, stamp, version), _rows_at(path, stamp, None)
    return Then(
        rows=old,
        revenue=float(old["revenue"].sum()),
        months=int(pd.to_datetime(old["day"]).dt.strftime("%Y-%m").nunique()),
        gone=old[~old["sale_id"].isin(now["sale_id"])],
    )


class DeltaLab:
    """A Delta table of sales and a plain Parquet folder that receive the same writes.

    Opening a Delta table replays its log (several ms each time), and a page reads the
    table several times per run. Reads are therefore remembered, keyed on the log's files
    (name, size, modification time): a commit adds a file, and a restart rewrites them, so a
    remembered read is never served for a log that changed.
    """

    def __init__(self, folder: Path, batches: Mapping[str, pd.DataFrame]) -> None:
        self.table_path = folder / TABLE_DIR
        self.plain_path = folder / PLAIN_DIR
        self.batches = dict(batches)

    # -- state ----------------------------------------------------------------

    def _log_stamp(self) -> LogStamp:
        try:
            entries = list(os.scandir(self.table_path / "_delta_log"))
        except FileNotFoundError:
            return ()
        stamp = []
        for entry in entries:
            info = entry.stat()
            stamp.append((entry.name, info.st_size, info.st_mtime_ns, info.st_ino))
        return tuple(sorted(stamp))

    def exists(self) -> bool:
        from deltalake import DeltaTable

        return DeltaTable.is_deltatable(str(self.table_path))

    def version(self) -> int:
        return _version_at(str(self.table_path), self._log_stamp())

    def read(self, version: int | None = None) -> pd.DataFrame:
        """The table's rows at ``version`` (default: the latest), tidied (a copy: change it freely)."""
        return _rows_at(str(self.table_path), self._log_stamp(), version).copy()

    def then(self, version: int) -> Then:
        """The table as of ``version``, against the latest (remembered like reads; read-only)."""
        return _then_at(str(self.table_path), self._log_stamp(), version)

    def read_plain(self) -> tuple[pd.DataFrame | None, str | None]:
        """What a reader of the plain Parquet folder gets: every file's rows, or the error."""
        files = sorted(self.plain_path.glob("*.parquet"))
        if not files:
            return pd.DataFrame(columns=SALES_COLUMNS), None
        try:
            return tidy(pd.read_parquet(self.plain_path)), None
        except Exception as exc:  # pyarrow raises several unrelated types for mixed schemas
            return None, f"{type(exc).__name__}: {exc}"

    def next_month(self) -> str | None:
        """The first month whose batch the table does not hold yet."""
        if not self.exists():
            return next(iter(self.batches), None)
        loaded = _months_at(str(self.table_path), self._log_stamp())
        return next((m for m in self.batches if m not in loaded), None)

    # -- writes ----------------------------------------------------------------

    def _write(self, batch: pd.DataFrame, mode: str) -> WriteOutcome:
        from deltalake import write_deltalake

        before = self.version() if self.exists() else -1
        try:
            write_deltalake(str(self.table_path), batch, mode=mode)  # type: ignore[call-overload]
        except Exception as exc:  # delta-rs raises a plain Exception for cast errors, DeltaError otherwise
            return WriteOutcome(False, before, len(batch), self._rejection(batch, exc, before))
        self._write_plain(batch, mode)
        version = self.version()
        return WriteOutcome(True, version, len(batch), f"Committed {len(batch)} rows ({mode}) as version {version}.")

    def _rejection(self, batch: pd.DataFrame, exc: Exception, version: int) -> str:
        from deltalake import DeltaTable

        schema = DeltaTable(str(self.table_path)).schema()
        expected = ", ".join(f"{f.name} ({f.type.type})" for f in schema.fields)
        given = ", ".join(f"{name} ({dtype})" for name, dtype in batch.dtypes.astype(str).items())
        return (
            f"Rejected by schema enforcement: {exc}. The table expects {expected}; the batch has {given}. "
            f"Nothing was committed: the table is still at version {version}."
        )

    def _write_plain(self, batch: pd.DataFrame, mode: str, parts: int = 1) -> None:
        self.plain_path.mkdir(parents=True, exist_ok=True)
        if mode == "overwrite":
            for old in self.plain_path.glob("*.parquet"):
                old.unlink()
        job = uuid.uuid4().hex[:8]
        for k, chunk in enumerate(np.array_split(np.arange(len(batch)), parts)):
            batch.iloc[chunk].to_parquet(self.plain_path / f"part-{k:03d}-{job}.parquet", index=False)

    def start(self) -> WriteOutcome:
        """Create the table (version 0) from the first month; any earlier state is discarded."""
        import shutil

        shutil.rmtree(self.table_path, ignore_errors=True)
        shutil.rmtree(self.plain_path, ignore_errors=True)
        first = next(iter(self.batches))
        return self._write(self.batches[first], "error")

    def append_next(self) -> WriteOutcome | None:
        """Append the next month's batch as a new commit (None when every month is in)."""
        month = self.next_month()
        if month is None:
            return None
        return self._write(self.batches[month], "append")

    def overwrite_without_returns(self, share: float = 0.05, seed: int = 0) -> WriteOutcome:
        """Restate the table: rewrite every row except a seeded sample of returned sales."""
        current = self.read()
        returned = current.sample(frac=share, random_state=seed).index
        return self._write(current.drop(index=returned).reset_index(drop=True), "overwrite")

    def try_bad_write(self, change: str, column: str | None, value: str | None) -> WriteOutcome:
        """Append a few rows broken as described; the table must reject them."""
        month = self.next_month() or next(reversed(self.batches))
        batch = bad_batch(self.batches[month].head(5), change, column, value)
        return self._write(batch, "append")

    def crash_during_write(self, files_planned: int = 4, files_written: int = 2) -> CrashReport | None:
        """Write the next month as ``files_planned`` files and crash after ``files_written``.

        The plain folder keeps the files that were written. In the Delta folder the data
        files are written too, but the crash comes before the commit that would name them.
        """
        month = self.next_month()
        if month is None:
            return None
        batch = self.batches[month]
        plain_before, _ = self.read_plain()
        delta_before = len(self.read())
        chunks = np.array_split(np.arange(len(batch)), files_planned)[:files_written]
        job = uuid.uuid4().hex[:8]
        for k, chunk in enumerate(chunks):
            part = batch.iloc[chunk]
            part.to_parquet(self.plain_path / f"part-{k:03d}-{job}.parquet", index=False)
            part.to_parquet(self.table_path / f"part-{k:05d}-{job}-crashed.snappy.parquet", index=False)
        plain_after, _ = self.read_plain()
        return CrashReport(
            batch_rows=len(batch),
            files_planned=files_planned,
            files_written=files_written,
            plain_rows_before=len(plain_before) if plain_before is not None else 0,
            plain_rows_after=len(plain_after) if plain_after is not None else 0,
            delta_rows_before=delta_before,
            delta_rows_after=len(self.read()),
            orphan_files=self.orphan_files(),
        )

    def orphan_files(self) -> list[str]:
        """Data files in the table folder that the current version does not refer to and no commit added."""
        from deltalake import DeltaTable

        table = DeltaTable(str(self.table_path))
        referenced = {Path(uri).name for uri in table.file_uris()}
        ever_added = set(self.log()["file"].dropna().map(lambda p: Path(str(p)).name))
        on_disk = {p.name for p in self.table_path.glob("*.parquet")}
        return sorted(on_disk - referenced - ever_added)

    def vacuum(self) -> list[str]:
        """Delete the files no commit refers to (a crashed writer's); every version stays readable."""
        from deltalake import DeltaTable

        table = DeltaTable(str(self.table_path))
        removed = table.vacuum(
            retention_hours=0,
            dry_run=False,
            enforce_retention_duration=False,
            full=True,
            keep_versions=list(range(table.version() + 1)),
        )
        return sorted(Path(p).name for p in removed)

    # -- the log ---------------------------------------------------------------

    def history(self) -> pd.DataFrame:
        """One row per commit, newest first: version, time, operation, mode, files and rows."""
        return _history_at(str(self.table_path), self._log_stamp()).copy()

    def log_text(self, version: int) -> str:
        """The commit file of one version exactly as it is on disk (one JSON action per line)."""
        return (self.table_path / "_delta_log" / f"{version:020d}.json").read_text(encoding="utf-8")

    def log(self) -> pd.DataFrame:
        """Every action of every commit file: version, action, data file, rows."""
        records: list[dict[str, Any]] = []
        for commit in sorted((self.table_path / "_delta_log").glob("*.json")):
            version = int(commit.stem)
            for line in commit.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                action, body = next(iter(json.loads(line).items()))
                stats = json.loads(body["stats"]) if action == "add" and body.get("stats") else {}
                records.append(
                    {
                        "version": version,
                        "action": action,
                        "file": body.get("path") if action in ("add", "remove") else None,
                        "rows": stats.get("numRecords"),
                    }
                )
        return pd.DataFrame(records, columns=["version", "action", "file", "rows"])


# --- Convergence: the same questions to three architectures ------------------------------


@dataclass(frozen=True)
class Convergence:
    """The answers of each architecture to each question, and how the sales got there."""

    answers: pd.DataFrame
    """One row per question and architecture: answer, correct (vs the warehouse), milliseconds."""
    rejected_writes: int
    """Batches the lakehouse refused (the drifted exports) before the producer fixed them."""


def _lake_sales(root: Path, listing: pd.DataFrame) -> pd.DataFrame:
    """All sales files under ``sales/``, read with the dashboard's schema (schema-on-read)."""
    frames = [
        lake.read_with_schema(root / path, lake.DASHBOARD_SCHEMA).frame
        for path in listing.loc[listing["path"].str.startswith("sales/"), "path"]
    ]
    return pd.concat(frames, ignore_index=True)


def _producer_fix(raw: pd.DataFrame) -> pd.DataFrame:
    """What the producer does once the lakehouse rejects a drifted export: map it back to the contract."""
    fixed = raw.rename(columns={"amount_eur": "revenue"})
    fixed["day"] = pd.to_datetime(fixed["day"], format=lake.DATE_FORMATS["v2"]).dt.date
    return fixed


def compare_architectures(
    folder: Path, star: dict[str, pd.DataFrame], manifest: pd.DataFrame, questions: pd.DataFrame, seed: int
) -> Convergence:
    """Load the same sales three ways and run each question's SQL on each with DuckDB.

    * warehouse: the fact table, loaded with a fixed schema (schema-on-write);
    * lake: the sales exports as files, read with the dashboard's schema (schema-on-read),
      including the drifted files and a half-written file from a crashed load;
    * lakehouse: a Delta table loaded export by export; drifted exports are rejected until
      the producer fixes them, and the crashed load never committed.
    """
    import duckdb
    from deltalake import DeltaTable, write_deltalake

    batches = sales_batches(star)
    warehouse_sales = pd.concat(batches.values(), ignore_index=True)

    lake_root = folder / "lake"
    listing = lake.build_raw_lake(lake_root, star, manifest, seed)
    delta_path = folder / "lakehouse"
    rejected = 0
    for entry in listing[listing["path"].str.startswith("sales/")].itertuples():
        raw = lake.read_raw(lake_root / entry.path)
        # v1 exports match the table's contract once typed; v2 exports drifted and are sent as they are.
        batch = raw.assign(day=pd.to_datetime(raw["day"]).dt.date) if entry.version == "v1" else raw
        batch = batch.astype({c: t for c, t in {"sale_id": "int64", "quantity": "int64"}.items() if c in batch})
        if "revenue" in batch:
            batch["revenue"] = batch["revenue"].astype("float64")
        try:
            write_deltalake(str(delta_path), batch, mode="append")
        except Exception:  # delta-rs: plain Exception for cast errors, DeltaError for schema mismatch
            rejected += 1
            fixed = _producer_fix(batch).astype({"revenue": "float64"})
            write_deltalake(str(delta_path), fixed[SALES_COLUMNS], mode="append")

    # A load of the next month crashes after writing half its rows.
    crashed = batches[next(iter(batches))].assign(
        sale_id=lambda f: f["sale_id"] + 1_000_000,
        day=lambda f: (pd.to_datetime(f["day"]) + pd.DateOffset(years=len(batches) // 12)).dt.date,
    )
    half = crashed.head(len(crashed) // 2)
    half_month = pd.to_datetime(half["day"]).dt.strftime("%Y-%m").iloc[0]
    half.assign(day=pd.to_datetime(half["day"]).dt.strftime("%Y-%m-%d")).to_csv(
        lake_root / "sales" / f"{half_month}.csv", index=False
    )
    half.to_parquet(delta_path / f"part-00000-{uuid.uuid4().hex[:8]}-crashed.snappy.parquet", index=False)
    lake_listing = lake.list_lake(lake_root)

    relations = {
        "warehouse": warehouse_sales,
        "lake": _lake_sales(lake_root, lake_listing),
        "lakehouse": DeltaTable(str(delta_path)).to_pyarrow_dataset(),
    }
    records = []
    with duckdb.connect(":memory:", config=ENGINE_CONFIG) as con:
        con.execute("SET enable_external_access = false")
        for question in questions.itertuples():
            truth = None
            for architecture, relation in relations.items():
                con.register("sales", relation)
                started = time.perf_counter()
                rows = con.execute(question.sql).fetchall()
                con.unregister("sales")
                answer = rows[0][0] if rows else None
                if architecture == "warehouse":
                    truth = answer
                records.append(
                    {
                        "question": question.id,
                        "architecture": architecture,
                        "answer": answer,
                        "correct": answer == truth,
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                )
    return Convergence(pd.DataFrame(records), rejected)
