"""The warehouse's SQL box: one read-only query, bounded in time, memory, temp space and result bytes.

Each session gets its own :class:`Warehouse` (its own DuckDB database), so the memory,
thread and temp-space budgets below are per session: one session's heavy query fails
in that session only. A query's result is bounded inside DuckDB itself: the student's
``SELECT`` is wrapped so long values are cut with ``left(...)``, only the first columns
and rows are projected, and the fetch runs under the same timer as the execution.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from studylab.labs.engines.warehouse import ENGINE_CONFIG

if TYPE_CHECKING:
    import duckdb

MAX_SQL_CHARS = 2_000
"""Longer query texts are refused before DuckDB parses them."""

TIMEOUT_S = 2.0
"""A query still running (or still being fetched) after this many seconds is interrupted."""

MAX_ROWS = 500
"""At most this many result rows are returned (the rest is reported as cut off)."""

MAX_COLUMNS = 30
"""At most this many result columns are returned."""

MAX_CELL_CHARS = 500
"""Text (and lists, structs, blobs shown as text) longer than this is cut inside the query."""

MAX_RESULT_BYTES = 1_000_000
"""Rows past this many bytes of result are dropped (the values are already cut, so the fetch is small)."""

SESSION_BUDGET: dict[str, Any] = {
    "memory_limit": "128MB",
    "threads": 1,
    "max_temp_directory_size": "128MB",
    "preserve_insertion_order": True,
}
"""DuckDB settings of each session's warehouse: its own memory, one thread, bounded spill space."""

ALLOWED_STATEMENTS = ("SELECT", "EXPLAIN")
"""Statement types (as DuckDB's own parser classifies them) that the SQL box runs."""

FIXED_SIZE_TYPES = frozenset(
    "boolean tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint uhugeint float double "
    "decimal date time timestamp timestamp_s timestamp_ms timestamp_ns interval uuid null".split()
    + ["timestamp with time zone", "time with time zone"]
)
"""DuckDB type ids whose values have a small fixed size; every other column is cut to text."""

_REFUSED_KINDS = {
    "LOAD": "extensions cannot be installed or loaded here",
    "PRAGMA": "settings cannot be read or changed here",
    "SET": "settings cannot be changed here",
    "ATTACH": "other databases and files cannot be opened here",
    "COPY": "files cannot be read or written here",
}
"""Why some statement types are refused, in words (the rest are writes)."""


@dataclass(frozen=True)
class QueryResult:
    """What the SQL box shows: a result table, or a message saying why there is none."""

    frame: pd.DataFrame | None
    """The result rows (at most ``MAX_ROWS``), or None if the query was refused or failed."""
    error: str | None = None
    """DuckDB's own error message (server paths removed), or the reason the query was refused."""
    refused: bool = False
    """True if the query never ran (too long, several statements, not a read)."""
    truncated: bool = False
    """True if the result had more rows than were returned."""
    seconds: float = 0.0
    """Wall-clock time of the run, fetch included."""
    cuts: tuple[str, ...] = ()
    """What else was cut to keep the result small (long values, extra columns, bytes)."""

    @property
    def ok(self) -> bool:
        return self.frame is not None


def allowed_message() -> str:
    """What the SQL box does run, for every refusal."""
    return f"The SQL box runs one {' or '.join(ALLOWED_STATEMENTS)} statement on the warehouse's tables."


def _server_paths() -> list[str]:
    places = {tempfile.gettempdir(), str(Path.home()), str(Path(__file__).resolve().parents[3])}
    return sorted((p.rstrip("/") for p in places if len(p) > 1), key=len, reverse=True)


def redact_paths(text: str) -> str:
    """``text`` with every path under the server's temp folder, home folder or code folder replaced."""
    for place in _server_paths():
        text = re.sub(re.escape(place) + r"[^\s'\"]*", "<server folder>", text)
    return text


class WarehouseTemplate:
    """The star schema written once into a DuckDB file, for sessions to copy.

    Loading the tables into DuckDB takes a hundred milliseconds or more; copying the
    finished file takes a few. Thirty students opening the warehouse page at once each get
    their own database, copied from one template per content version. The file holds only
    what the content builds (no student's data); its folder is deleted when the template is
    dropped, or when the process exits.
    """

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        import duckdb

        folder = tempfile.mkdtemp(prefix="studylab-warehouse-")
        # Deleted with the template (the cache dropped it) or at exit, whichever comes first.
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        self.path = Path(folder) / "template.duckdb"
        with duckdb.connect(str(self.path), config=ENGINE_CONFIG) as build:
            for name, frame in tables.items():
                build.register("incoming", frame)
                build.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
                build.unregister("incoming")
        self.tables = tuple(tables)


class Warehouse:
    """The star schema in a session's own embedded DuckDB database that only answers read queries.

    Four layers keep the SQL box safe, most of them DuckDB's own settings:
    the database is opened ``read_only``; ``enable_external_access=false`` forbids
    reading or writing files, ATTACH, COPY and extension installs; the configuration is
    locked (``lock_configuration``) so SQL cannot undo that; and only one statement of
    an allowed type (classified by DuckDB's parser) runs, under a time limit.
    ``scratch`` (the session's folder) receives DuckDB's spill files; without it nothing spills.
    The database is a copy of a :class:`WarehouseTemplate` (built here from ``tables`` if a
    dict of tables is given).
    """

    def __init__(self, tables: dict[str, pd.DataFrame] | WarehouseTemplate, scratch: Path | None = None) -> None:
        import duckdb

        template = tables if isinstance(tables, WarehouseTemplate) else WarehouseTemplate(tables)
        with tempfile.TemporaryDirectory(prefix="studylab-warehouse-", ignore_cleanup_errors=True) as folder:
            path = Path(folder) / "warehouse.duckdb"
            shutil.copyfile(template.path, path)
            config = {**ENGINE_CONFIG, **SESSION_BUDGET, "temp_directory": str(scratch) if scratch else ""}
            self._con = duckdb.connect(str(path), read_only=True, config=config)
            # The spill folder must be set before external access is turned off, then everything is locked.
            self._con.execute("SET enable_external_access = false")
            self._con.execute("SET lock_configuration = true")
            # Leaving the block deletes the copy; on POSIX the open handle keeps the data
            # readable, so nothing of the session's is left on disk even if the process is killed.
        self.tables = template.tables

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the read-only database, with no statement check or limits (the caller closes it).

        The page goes through :meth:`run`; this is for checks that the database itself refuses writes.
        """
        return self._con.cursor()

    @functools.cached_property
    def _counts(self) -> pd.DataFrame:
        with self._con.cursor() as cursor:
            counts = [cursor.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in self.tables]
        return pd.DataFrame({"table": self.tables, "rows": counts})

    def row_counts(self) -> pd.DataFrame:
        """Each table of the warehouse with its number of rows (counted once: the database is read-only)."""
        return self._counts.copy()

    @functools.cached_property
    def _columns(self) -> pd.DataFrame:
        with self._con.cursor() as cursor:
            return cursor.execute(
                "SELECT table_name AS table, column_name AS column, data_type AS type "
                "FROM information_schema.columns ORDER BY table_name, ordinal_position"
            ).df()

    def columns(self) -> pd.DataFrame:
        """Every column of every table, for the schema browser (read once: the database is read-only)."""
        return self._columns.copy()

    def run(self, sql: str, *, timeout_s: float = TIMEOUT_S, max_rows: int = MAX_ROWS) -> QueryResult:
        """Run one read-only query; never raises for bad SQL (the message is in the result)."""
        import duckdb

        started = time.perf_counter()
        text = sql.strip().rstrip(";").strip()
        if not text:
            return QueryResult(None, "Type a query first.", refused=True)
        if len(text) > MAX_SQL_CHARS:
            return QueryResult(
                None, f"Refused: the query is {len(text):,} characters long; the limit is {MAX_SQL_CHARS:,}.", True
            )
        cursor = self._con.cursor()
        try:
            statements = cursor.extract_statements(text)
        except duckdb.Error as exc:
            cursor.close()
            return QueryResult(None, redact_paths(str(exc)), refused=True)
        if len(statements) != 1:
            cursor.close()
            return QueryResult(None, f"Refused: one statement at a time, please (found {len(statements)}).", True)
        kind = statements[0].type.name
        if kind not in ALLOWED_STATEMENTS:
            cursor.close()
            why = _REFUSED_KINDS.get(kind, f"{kind} is not a read query and the warehouse is read-only here")
            return QueryResult(None, f"Refused: {why}. {allowed_message()}", refused=True)
        return _run_limited(cursor, text, timeout_s, max_rows, started, wrap=kind == "SELECT")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def bounded_query(cursor: duckdb.DuckDBPyConnection, text: str, max_rows: int) -> tuple[str, list[str], list[str]]:
    """The student's SELECT wrapped so DuckDB itself cuts long values, extra columns and extra rows.

    Returns the wrapped SQL, the result's column names and what was cut. Binding the
    query (``cursor.sql``) only reads its columns; nothing runs until the wrapped query does.
    """
    relation = cursor.sql(text)
    names, types = list(relation.columns), [t.id for t in relation.types]
    cuts = [] if len(names) <= MAX_COLUMNS else [f"only the first {MAX_COLUMNS} of {len(names)} columns are shown"]
    names, types = names[:MAX_COLUMNS], types[:MAX_COLUMNS]
    aliases = [f"c{i}" for i in range(len(relation.columns))]
    parts = [
        f"{alias}" if kind in FIXED_SIZE_TYPES else f"left(CAST({alias} AS VARCHAR), {MAX_CELL_CHARS})"
        for alias, kind in zip(aliases, types, strict=False)
    ]
    if any(kind not in FIXED_SIZE_TYPES for kind in types):
        cuts.append(f"text longer than {MAX_CELL_CHARS:,} characters is cut")
    # The newline ends a trailing ``--`` comment in the student's text.
    sql = f"SELECT {', '.join(parts)} FROM ({text}\n) AS q({', '.join(aliases)}) LIMIT {max_rows + 1}"
    return sql, names, cuts


def _over_budget(exc: Exception) -> str | None:
    import duckdb

    message = str(exc)
    if isinstance(exc, duckdb.OutOfMemoryException) or "max_temp_directory_size" in message:
        return (
            f"Stopped: the query needed more than this session's budget ({SESSION_BUDGET['memory_limit']} of memory, "
            f"{SESSION_BUDGET['max_temp_directory_size']} of temporary space). Filter or aggregate sooner, "
            "or select fewer and shorter columns."
        )
    return None


def _run_limited(
    cursor: duckdb.DuckDBPyConnection, text: str, timeout_s: float, max_rows: int, started: float, *, wrap: bool
) -> QueryResult:
    import duckdb

    # The timer covers binding, execution and the fetch; interrupt() stops whichever is running.
    timer = threading.Timer(timeout_s, cursor.interrupt)
    timer.start()
    cuts: list[str] = []
    try:
        if wrap:
            sql, names, cuts = bounded_query(cursor, text, max_rows)
            cursor.execute(sql)
        else:
            cursor.execute(text)
            names = [column[0] for column in cursor.description or []]
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.InterruptException:
        return QueryResult(
            None,
            f"Stopped: the query ran longer than the {timeout_s:g} s limit.",
            seconds=time.perf_counter() - started,
        )
    except duckdb.Error as exc:
        message = _over_budget(exc) or redact_paths(str(exc))
        return QueryResult(None, message, seconds=time.perf_counter() - started)
    finally:
        timer.cancel()
        cursor.close()
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    kept = _within_bytes(rows)
    if kept < len(rows):
        cuts.append(f"only the first {kept} rows fit in {MAX_RESULT_BYTES // 1_000_000} MB")
        rows, truncated = rows[:kept], True
    if not wrap:
        rows = [tuple(_cut(v) for v in row) for row in rows]
    frame = pd.DataFrame.from_records(rows, columns=names)
    return QueryResult(frame, truncated=truncated, seconds=time.perf_counter() - started, cuts=tuple(cuts))


def _cut(value: object) -> object:
    return value[:MAX_CELL_CHARS] if isinstance(value, str) else value


def _within_bytes(rows: list[tuple[Any, ...]]) -> int:
    """How many leading rows fit in ``MAX_RESULT_BYTES`` (text counted by length, other values as 16 bytes)."""
    total = 0
    for index, row in enumerate(rows):
        total += sum(len(v) if isinstance(v, str | bytes) else 16 for v in row)
        if total > MAX_RESULT_BYTES:
            return index
    return len(rows)
