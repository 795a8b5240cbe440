"""Follow mode: one row per presenter's room, holding the presenter's deck, slide and figure state.

Revision ID: 0003_presenter_follow
Revises: 0002_deck_owners_attempts
Create Date: 2026-11-30 07:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_presenter_follow"
down_revision = "0002_deck_owners_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "present_follow",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("presenter_hash", sa.String(length=64), nullable=False),
        sa.Column("deck", sa.String(length=60), nullable=False),
        sa.Column("slide", sa.Integer(), nullable=False),
        sa.Column("preset", sa.String(length=60), nullable=True),
        sa.Column("blank", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_present_follow_moved_at", "present_follow", ["moved_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_present_follow_moved_at", table_name="present_follow")
    op.drop_table("present_follow")
