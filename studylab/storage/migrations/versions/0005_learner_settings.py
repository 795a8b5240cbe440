"""Learners' study settings: link quiz answers to the flashcards, show a streak (both off by default).

Revision ID: 0005_learner_settings
Revises: 0004_live_views
Create Date: 2026-11-30 07:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_learner_settings"
down_revision = "0004_live_views"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learner_settings",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("link_quiz", sa.Boolean(), nullable=False),
        sa.Column("streak", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id"),
    )


def downgrade() -> None:
    op.drop_table("learner_settings")
