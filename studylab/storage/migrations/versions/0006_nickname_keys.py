"""Live quizzes keep what each nickname looks like, unique per session.

Look-alike nicknames (``Alice`` and ``Аlice`` with a Cyrillic A) joining through two servers at
the same instant could both get in: each server checked the names it could see. A unique key per
session settles it in the database. Existing participants get their keys here.

Revision ID: 0006_nickname_keys
Revises: 0005_learner_settings
Create Date: 2026-11-30 08:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from studylab.present import nicknames

revision = "0006_nickname_keys"
down_revision = "0005_learner_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    keys = op.create_table(
        "live_nickname_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "participant_id", sa.Integer(), sa.ForeignKey("live_participants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(200), nullable=False),
        sa.UniqueConstraint("session_id", "key"),
    )
    op.create_index("ix_live_nickname_keys_participant_id", "live_nickname_keys", ["participant_id"])
    people = op.get_bind().execute(sa.text("SELECT id, session_id, nickname FROM live_participants ORDER BY id"))
    seen: set[tuple[int, str]] = set()
    rows = []
    for person, session, nickname in people:
        for key in sorted(nicknames.keys(nickname)):
            if (session, key) not in seen:  # two look-alikes that got in before: the first keeps the key
                seen.add((session, key))
                rows.append({"session_id": session, "participant_id": person, "key": key})
    if rows:
        op.bulk_insert(keys, rows)


def downgrade() -> None:
    op.drop_index("ix_live_nickname_keys_participant_id", table_name="live_nickname_keys")
    op.drop_table("live_nickname_keys")
