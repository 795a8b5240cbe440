"""The tables as they were when migrations took over from create_all.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-30 05:04:43.723115
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database made by create_all before migrations existed is adopted: only missing tables are made.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "learners" not in existing:
        op.create_table(
            "learners",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=40), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )

    if "live_sessions" not in existing:
        op.create_table(
            "live_sessions",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("code", sa.String(length=12), nullable=False),
            sa.Column("host_hash", sa.String(length=64), nullable=False),
            sa.Column("title", sa.String(length=120), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("last_active", sa.DateTime(timezone=True), nullable=False),
            sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("code"),
        )
        op.create_index(op.f("ix_live_sessions_last_active"), "live_sessions", ["last_active"], unique=False)

    if "present_decks" not in existing:
        op.create_table(
            "present_decks",
            sa.Column("id", sa.String(length=60), nullable=False),
            sa.Column("title", sa.String(length=120), nullable=False),
            sa.Column("filename", sa.String(length=120), nullable=False),
            sa.Column("source", sa.Text(), nullable=False),
            sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )

    if "quiz_decks" not in existing:
        op.create_table(
            "quiz_decks",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=60), nullable=False),
            sa.Column("owner", sa.String(length=40), nullable=False),
            sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("name"),
        )

    if "live_participants" not in existing:
        op.create_table(
            "live_participants",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("nickname", sa.String(length=24), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("session_id", "nickname"),
            sa.UniqueConstraint("token_hash"),
        )
        op.create_index(op.f("ix_live_participants_session_id"), "live_participants", ["session_id"], unique=False)

    if "live_rounds" not in existing:
        op.create_table(
            "live_rounds",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=12), nullable=False),
            sa.Column("source_id", sa.String(length=60), nullable=False),
            sa.Column("prompt", sa.Text(), nullable=False),
            sa.Column("options", sa.Text(), nullable=False),
            sa.Column("right", sa.Integer(), nullable=False),
            sa.Column("explanation", sa.Text(), nullable=False),
            sa.Column("figure", sa.String(length=120), nullable=True),
            sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("session_id", "number"),
        )

    if "quiz_cards" not in existing:
        op.create_table(
            "quiz_cards",
            sa.Column("learner_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=60), nullable=False),
            sa.Column("topic", sa.String(length=60), nullable=False),
            sa.Column("state", sa.Integer(), nullable=False),
            sa.Column("step", sa.Integer(), nullable=True),
            sa.Column("stability", sa.Float(), nullable=True),
            sa.Column("difficulty", sa.Float(), nullable=True),
            sa.Column("due", sa.DateTime(timezone=True), nullable=False),
            sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
            sa.Column("reps", sa.Integer(), nullable=False),
            sa.Column("lapses", sa.Integer(), nullable=False),
            sa.Column("introduced_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("learner_id", "question_id"),
        )
        op.create_index("ix_cards_learner_due", "quiz_cards", ["learner_id", "due"], unique=False)

    if "quiz_deck_questions" not in existing:
        op.create_table(
            "quiz_deck_questions",
            sa.Column("question_id", sa.String(length=60), nullable=False),
            sa.Column("deck_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("topic", sa.String(length=60), nullable=False),
            sa.Column("type", sa.String(length=16), nullable=False),
            sa.Column("prompt", sa.Text(), nullable=False),
            sa.Column("options", sa.Text(), nullable=True),
            sa.Column("answer", sa.Text(), nullable=True),
            sa.Column("tolerance", sa.Float(), nullable=True),
            sa.Column("explanation", sa.Text(), nullable=False),
            sa.Column("misconceptions", sa.Text(), nullable=True),
            sa.Column("difficulty", sa.Integer(), nullable=False),
            sa.Column("link", sa.String(length=200), nullable=True),
            sa.ForeignKeyConstraint(["deck_id"], ["quiz_decks.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("question_id"),
        )

    if "quiz_exams" not in existing:
        op.create_table(
            "quiz_exams",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("learner_id", sa.Integer(), nullable=False),
            sa.Column("question_ids", sa.Text(), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
            sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )

    if "quiz_reviews" not in existing:
        op.create_table(
            "quiz_reviews",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("learner_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=60), nullable=False),
            sa.Column("rating", sa.Integer(), nullable=False),
            sa.Column("mode", sa.String(length=16), nullable=False),
            sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_reviews_learner_time", "quiz_reviews", ["learner_id", "reviewed_at"], unique=False)

    if "live_answers" not in existing:
        op.create_table(
            "live_answers",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("round_id", sa.Integer(), nullable=False),
            sa.Column("participant_id", sa.Integer(), nullable=False),
            sa.Column("choice", sa.Integer(), nullable=False),
            sa.Column("correct", sa.Boolean(), nullable=False),
            sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["participant_id"], ["live_participants.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint(["round_id"], ["live_rounds.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("round_id", "participant_id"),
        )
        op.create_index(op.f("ix_live_answers_round_id"), "live_answers", ["round_id"], unique=False)

    if "quiz_attempts" not in existing:
        op.create_table(
            "quiz_attempts",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("uid", sa.String(length=32), nullable=False),
            sa.Column("learner_id", sa.Integer(), nullable=False),
            sa.Column("question_id", sa.String(length=60), nullable=False),
            sa.Column("topic", sa.String(length=60), nullable=False),
            sa.Column("mode", sa.String(length=16), nullable=False),
            sa.Column("correct", sa.Boolean(), nullable=False),
            sa.Column("response", sa.Text(), nullable=False),
            sa.Column("misconceptions", sa.Text(), nullable=False),
            sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("exam_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(["exam_id"], ["quiz_exams.id"], ondelete="SET NULL"),
            sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("uid"),
        )
        op.create_index("ix_attempts_learner_time", "quiz_attempts", ["learner_id", "answered_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_attempts_learner_time", table_name="quiz_attempts")
    op.drop_table("quiz_attempts")
    op.drop_index(op.f("ix_live_answers_round_id"), table_name="live_answers")
    op.drop_table("live_answers")
    op.drop_index("ix_reviews_learner_time", table_name="quiz_reviews")
    op.drop_table("quiz_reviews")
    op.drop_table("quiz_exams")
    op.drop_table("quiz_deck_questions")
    op.drop_index("ix_cards_learner_due", table_name="quiz_cards")
    op.drop_table("quiz_cards")
    op.drop_table("live_rounds")
    op.drop_index(op.f("ix_live_participants_session_id"), table_name="live_participants")
    op.drop_table("live_participants")
    op.drop_table("quiz_decks")
    op.drop_table("present_decks")
    op.drop_index(op.f("ix_live_sessions_last_active"), table_name="live_sessions")
    op.drop_table("live_sessions")
    op.drop_table("learners")
