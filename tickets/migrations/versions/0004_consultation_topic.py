"""Consultations: the topic of the first unmatched question (gaps in the collection, by topic).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultations") as batch:
        batch.add_column(sa.Column("topic", sa.String(32), nullable=True))
    op.create_index("ix_consultations_topic", "consultations", ["topic", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_consultations_topic", "consultations")
    with op.batch_alter_table("consultations") as batch:
        batch.drop_column("topic")
