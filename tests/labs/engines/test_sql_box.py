"""The SQL box: one read-only query per run, bounded in time, memory, temp space and result bytes."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from studylab.content.loader import ROOT, Content
from studylab.labs.engines.sql_box import (
    MAX_CELL_CHARS,
    MAX_RESULT_BYTES,
    MAX_SQL_CHARS,
    Warehouse,
    _run_limited,
    allowed_message,
    redact_paths,
)
from tests.labs.engines.support import star_from


@pytest.fixture(scope="module")
def star(content: Content) -> dict[str, pd.DataFrame]:
    return star_from(content)


@pytest.fixture(scope="module")
def wh(star: dict[str, pd.DataFrame]) -> Iterator[Warehouse]:
    with tempfile.TemporaryDirectory() as scratch, Warehouse(star, scratch=Path(scratch)) as warehouse:
        yield warehouse


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("DELETE FROM fact_sales", "DELETE is not a read query"),
        ("INSERT INTO dim_store VALUES ('x', 'x', 'x', 'x', 'x')", "INSERT is not a read query"),
        ("UPDATE fact_sales SET revenue = 0", "UPDATE is not a read query"),
        ("DROP TABLE fact_sales", "DROP is not a read query"),
        ("CREATE TEMP TABLE t AS SELECT 1", "CREATE is not a read query"),
        ("ATTACH 'other.duckdb' AS other", "other databases and files cannot be opened here"),
        ("COPY fact_sales TO 'out.csv'", "files cannot be read or written here"),
        ("INSTALL httpfs", "extensions cannot be installed or loaded here"),
        ("LOAD httpfs", "extensions cannot be installed or loaded here"),
        ("PRAGMA database_list", "settings cannot be read or changed here"),
        ("SET threads = 8", "settings cannot be changed here"),
        ("SELECT 1; DELETE FROM fact_sales", "one statement at a time"),
        ("SELECT 1; SELECT 2", "one statement at a time"),
        ("", "Type a query"),
    ],
)
def test_writes_and_admin_statements_are_refused(wh: Warehouse, sql: str, expected: str) -> None:
    result = wh.run(sql)
    assert not result.ok and result.refused
    assert result.error is not None and expected in result.error


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('/tmp/any.parquet')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM 'https://example.org/data.csv'",
    ],
)
def test_reading_files_is_refused_by_duckdb(wh: Warehouse, sql: str) -> None:
    result = wh.run(sql)
    assert not result.ok
    assert result.error is not None and "Permission Error" in result.error


def test_a_very_long_query_text_is_refused_before_parsing(wh: Warehouse) -> None:
    sql = "SELECT 1" + " + 1" * MAX_SQL_CHARS
    result = wh.run(sql)
    assert result.refused and result.error is not None and "characters long" in result.error


def test_a_long_running_query_is_stopped(wh: Warehouse) -> None:
    result = wh.run("SELECT sum(a.range * b.range) FROM range(1000000) AS a, range(1000000) AS b", timeout_s=0.3)
    assert not result.ok
    assert result.error is not None and "0.3 s limit" in result.error
    assert result.seconds < 5
    assert wh.run("SELECT count(*) AS n FROM fact_sales").ok, "the warehouse still answers afterwards"


def test_bad_sql_shows_duckdbs_message(wh: Warehouse) -> None:
    syntax = wh.run("SELEC revenue FROM fact_sales")
    assert syntax.error is not None and syntax.error.startswith("Parser Error")
    missing = wh.run("SELECT * FROM no_such_table")
    assert missing.error is not None and missing.error.startswith("Catalog Error")


def test_the_database_itself_is_read_only(wh: Warehouse) -> None:
    # Skip the statement check on purpose: DuckDB's own read-only mode must still stop the write.
    result = _run_limited(wh.cursor(), "DELETE FROM fact_sales", 1.0, 10, 0.0, wrap=False)
    assert result.error is not None and "read-only" in result.error
    with pytest.raises(duckdb.Error, match="locked"):
        wh.cursor().execute("SET enable_external_access = true")


def test_large_results_are_cut(wh: Warehouse) -> None:
    result = wh.run("SELECT * FROM fact_sales", max_rows=100)
    assert result.ok and result.truncated and len(result.frame) == 100


def test_an_extension_install_says_what_is_allowed(wh: Warehouse) -> None:
    result = wh.run("INSTALL httpfs")
    assert result.error is not None and allowed_message() in result.error
    assert "LOAD" not in result.error


MEGABYTE_ROWS = "SELECT repeat('x', 1000000) AS big FROM range(190)"


def test_megabyte_values_are_cut_inside_the_query(wh: Warehouse) -> None:
    result = wh.run(MEGABYTE_ROWS)
    assert result.ok and len(result.frame) == 190
    assert result.frame["big"].str.len().max() == MAX_CELL_CHARS
    assert int(result.frame.memory_usage(deep=True).sum()) < 2 * MAX_RESULT_BYTES
    assert any("is cut" in cut for cut in result.cuts)
    assert result.seconds < 1.0


def test_a_wide_long_result_stops_at_the_byte_budget(wh: Warehouse) -> None:
    columns = ", ".join(f"repeat('y', 100000) AS c{i}" for i in range(30))
    result = wh.run(f"SELECT {columns} FROM range(500)")
    assert result.ok and result.truncated
    assert int(result.frame.memory_usage(deep=True).sum()) < 2 * MAX_RESULT_BYTES
    assert any("MB" in cut for cut in result.cuts)


_PEAK_SCRIPT = """
import json, resource, sys, tempfile
from pathlib import Path
from studylab.content.loader import ROOT, load_content
from studylab.labs.engines.sql_box import Warehouse
from tests.labs.engines.support import star_from
with tempfile.TemporaryDirectory() as scratch, Warehouse(star_from(load_content(ROOT)), Path(scratch)) as wh:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = wh.run(sys.argv[1])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ok": result.ok, "grew_mb": (after - before) / 1024, "error": result.error}))
"""


def test_the_megabyte_query_leaves_the_process_peak_memory_bounded() -> None:
    # A fresh process, so its peak resident size measures this query alone.
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT, MEGABYTE_ROWS.replace("190", "400")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ok"], report
    assert report["grew_mb"] < 100, report


HEAVY = "SELECT length(string_agg(repeat('x', 1000), '')) FROM range(200000)"
"""Needs about 200 MB at once: more than one session's memory budget."""
PLAIN = "SELECT category, sum(revenue) AS revenue FROM fact_sales JOIN dim_product USING (product_id) GROUP BY 1"


def test_two_sessions_heavy_queries_do_not_fail_a_third_sessions_plain_query(star: dict[str, pd.DataFrame]) -> None:
    stop = threading.Event()
    heavy_errors: list[str | None] = []

    def hammer(warehouse: Warehouse) -> None:
        while not stop.is_set():
            heavy_errors.append(warehouse.run(HEAVY).error)

    with (
        tempfile.TemporaryDirectory() as scratch,
        Warehouse(star, Path(scratch) / "a") as first,
        Warehouse(star, Path(scratch) / "b") as second,
        Warehouse(star, Path(scratch) / "c") as third,
    ):
        threads = [threading.Thread(target=hammer, args=(w,)) for w in (first, second)]
        for thread in threads:
            thread.start()
        try:
            plain = [third.run(PLAIN) for _ in range(20)]
        finally:
            stop.set()
            for thread in threads:
                thread.join()
    assert all(result.ok for result in plain), [r.error for r in plain if not r.ok]
    assert heavy_errors and all(e is not None and "this session's budget" in e for e in heavy_errors)


def test_a_query_over_the_session_budget_gets_a_clear_message(wh: Warehouse) -> None:
    result = wh.run("SELECT string_agg(repeat('x', 1000000), '') FROM range(400)")
    assert not result.ok
    assert result.error is not None and "this session's budget" in result.error


def test_server_paths_are_removed_from_messages() -> None:
    spill = f"{tempfile.gettempdir()}/studylab-engines-x/duckdb_spill/1.tmp"
    text = f"IO Error: cannot open {spill} and {Path.home()}/.duckdb/ext"
    cleaned = redact_paths(text)
    assert tempfile.gettempdir() not in cleaned and str(Path.home()) not in cleaned
    assert cleaned.startswith("IO Error: cannot open <server folder>")
