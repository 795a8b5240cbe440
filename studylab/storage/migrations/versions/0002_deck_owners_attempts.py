"""Uploaded decks get an owner, a version and the previous version (for undo); wrong join codes are counted.

Revision ID: 0002_deck_owners_attempts
Revises: 0001_initial
Create Date: 2026-11-30 05:25:48.433217
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_deck_owners_attempts"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_live_attempts_key_at", "live_attempts", ["key", "at"], unique=False)
    op.add_column("present_decks", sa.Column("owner", sa.String(length=80), server_default="", nullable=False))
    op.add_column("present_decks", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("present_decks", sa.Column("previous_title", sa.String(length=120), nullable=True))
    op.add_column("present_decks", sa.Column("previous_filename", sa.String(length=120), nullable=True))
    op.add_column("present_decks", sa.Column("previous_source", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("present_decks", "previous_source")
    op.drop_column("present_decks", "previous_filename")
    op.drop_column("present_decks", "previous_title")
    op.drop_column("present_decks", "version")
    op.drop_column("present_decks", "owner")
    op.drop_index("ix_live_attempts_key_at", table_name="live_attempts")
    op.drop_table("live_attempts")
