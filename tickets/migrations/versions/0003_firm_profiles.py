"""Firm profiles kept with consent, and push-campaign messages.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "firm_profiles",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("consent", sa.String(16), nullable=False),
        sa.Column("consent_at", UTCDateTime(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("push_opt_out_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "campaign_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("profile_key", sa.String(100), nullable=False),
        sa.Column("policy_id", sa.String(64), nullable=False),
        sa.Column("match", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("campaign", "profile_key", name="uq_campaign_messages_firm"),
    )


def downgrade() -> None:
    op.drop_table("campaign_messages")
    op.drop_table("firm_profiles")
