"""Live quizzes get an optional countdown and points per session, a deadline and misconception tags per round.

Revision ID: 0004_live_views
Revises: 0003_presenter_follow
Create Date: 2026-11-30 07:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_live_views"
down_revision = "0003_presenter_follow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("live_sessions", sa.Column("countdown_s", sa.Integer(), server_default="0", nullable=False))
    op.add_column("live_sessions", sa.Column("points", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("live_rounds", sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("live_rounds", sa.Column("misconceptions", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("live_rounds", "misconceptions")
    op.drop_column("live_rounds", "deadline_at")
    op.drop_column("live_sessions", "points")
    op.drop_column("live_sessions", "countdown_s")
