"""Move every row of one progress database into another (a SQLite file into PostgreSQL), counts checked.

Used by ``python -m studylab db copy --to URL``. The target is brought to the same schema by
the migrations first and must be empty; rows are copied table by table, parents before
children, in one transaction; PostgreSQL's id sequences are moved past the copied ids; and
each table's row count is compared on both sides afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, MetaData, func, select, text

from studylab.storage.database import Database, StoreError

BATCH = 1_000
"""Rows inserted per statement."""


@dataclass(frozen=True)
class TableCount:
    """One table's rows in the source and in the target after the copy."""

    table: str
    source: int
    target: int


def counts(db: Database, metadata: MetaData) -> dict[str, int]:
    """Rows per table of ``metadata`` in ``db``."""
    with db.read() as session:
        return {t.name: int(session.scalar(select(func.count()).select_from(t)) or 0) for t in metadata.sorted_tables}


def copy_rows(source: Database, target: Database, metadata: MetaData) -> list[TableCount]:
    """Copy every table of ``metadata`` from ``source`` into the empty ``target``; the counts on both sides."""
    source.create_all()
    target.create_all()
    filled = {name: n for name, n in counts(target, metadata).items() if n}
    if filled:
        raise StoreError("config", f"The target database is not empty ({filled}); copy only into an empty one.")
    with source.read() as reading, target.write() as writing:
        for table in metadata.sorted_tables:
            rows = reading.execute(select(table)).mappings()
            while batch := [dict(row) for row in rows.fetchmany(BATCH)]:
                writing.execute(table.insert(), batch)
        if target.engine.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                        writing.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                f"COALESCE((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
                            )
                        )
    before, after = counts(source, metadata), counts(target, metadata)
    return [TableCount(name, before[name], after[name]) for name in before]
