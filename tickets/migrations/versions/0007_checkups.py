"""Legal check-ups (法律体检): the structured form behind each check-up report.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_number", sa.String(20), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("firm_name", sa.String(200), nullable=False),
        sa.Column("lawyer_login", sa.String(64), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("policies", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("ticket_number", name="uq_checkups_ticket_number"),
    )


def downgrade() -> None:
    op.drop_table("checkups")
