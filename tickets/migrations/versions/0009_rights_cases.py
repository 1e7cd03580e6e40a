"""Rights-protection cases (维权): facts, clause, department, steps and outcome of 维权投诉 tickets.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tickets.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rights_cases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_number", sa.String(20), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("firm_name", sa.String(200), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("policy_id", sa.String(64), nullable=True),
        sa.Column("policy_title", sa.String(300), nullable=True),
        sa.Column("clause", sa.String(64), nullable=True),
        sa.Column("clause_text", sa.Text(), nullable=True),
        sa.Column("issuer", sa.String(200), nullable=True),
        sa.Column("department", sa.String(200), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("department_at_fault", sa.Boolean(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("lawyer_login", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("concluded_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("ticket_number", name="uq_rights_cases_ticket_number"),
    )
    op.create_index("ix_rights_cases_concluded_at", "rights_cases", ["concluded_at"])


def downgrade() -> None:
    op.drop_index("ix_rights_cases_concluded_at", "rights_cases")
    op.drop_table("rights_cases")
