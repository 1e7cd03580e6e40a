"""Campaign messages: delivery reported by the channel (Twilio status callback, WeChat event), and
when the firm said it applied (the message's one-tap link).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign_messages") as batch:
        batch.add_column(sa.Column("status_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("error_code", sa.String(32), nullable=True))
        batch.add_column(sa.Column("applied_at", UTCDateTime(), nullable=True))
    op.create_index("ix_campaign_messages_message_id", "campaign_messages", ["channel", "message_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_messages_message_id", "campaign_messages")
    with op.batch_alter_table("campaign_messages") as batch:
        batch.drop_column("applied_at")
        batch.drop_column("error_code")
        batch.drop_column("status_at")
