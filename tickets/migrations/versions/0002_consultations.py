"""Consultation register and ratings (issue 14): one row per conversation, one per 好差评.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("no_matches", sa.Integer(), nullable=False),
        sa.Column("clarifications", sa.Integer(), nullable=False),
        sa.Column("escalation_offers", sa.Integer(), nullable=False),
        sa.Column("first_question", sa.Text(), nullable=True),
        sa.Column("no_match_question", sa.Text(), nullable=True),
        sa.Column("policy_ids", sa.JSON(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=True),
        sa.Column("team_id", sa.String(64), nullable=True),
        sa.Column("ticket_number", sa.String(20), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("firm_name", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("conversation_id", name="uq_consultations_conversation_id"),
    )
    op.create_index("ix_consultations_started_at", "consultations", ["started_at", "channel", "outcome"])
    op.create_index("ix_consultations_ticket_number", "consultations", ["ticket_number"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(200), nullable=True),
        sa.Column("ticket_number", sa.String(20), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("score", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("team_id", sa.String(64), nullable=True),
        sa.Column("lawyer_login", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_ratings_created_at", "ratings", ["created_at"])
    op.create_index("ix_ratings_conversation_id", "ratings", ["conversation_id"])
    op.create_index("ix_ratings_ticket_number", "ratings", ["ticket_number"])


def downgrade() -> None:
    op.drop_table("ratings")
    op.drop_table("consultations")
