"""Console accounts managed by the office (office, department, editor roles), disabling, and the
account audit trail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("console_users") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(255), nullable=True)
        batch.add_column(sa.Column("name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("department", sa.String(200), nullable=True))
        batch.add_column(sa.Column("created_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("disabled_at", UTCDateTime(), nullable=True))
    op.create_table(
        "account_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_account_events_login", "account_events", ["login", "at"])


def downgrade() -> None:
    op.drop_index("ix_account_events_login", "account_events")
    op.drop_table("account_events")
    with op.batch_alter_table("console_users") as batch:
        batch.drop_column("disabled_at")
        batch.drop_column("created_at")
        batch.drop_column("department")
        batch.drop_column("name")
        batch.alter_column("password_hash", existing_type=sa.String(255), nullable=False)
