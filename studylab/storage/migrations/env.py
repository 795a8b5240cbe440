"""Alembic's entry point: run the migrations on the connection :mod:`studylab.storage.migrate` hands over.

The caller opens the transaction (and, on PostgreSQL, takes the advisory lock), so the whole
upgrade is one transaction and two servers starting at once take turns.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata"),
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
