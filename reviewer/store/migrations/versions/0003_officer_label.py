"""an officer may relabel a finding: decisions record the label, proposals hold the current one

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, no batch copy: the decisions table is append-only (its triggers refuse the
    # copy's DELETE) and dropping a table on SQLite would cascade to the rows that point at it.
    op.add_column("decisions", sa.Column("label", sa.String(length=30), nullable=True))
    op.add_column("decisions", sa.Column("previous_proposal", sa.JSON(), nullable=True))
    op.add_column("proposals", sa.Column("label", sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column("proposals", "label")
    op.drop_column("decisions", "previous_proposal")
    op.drop_column("decisions", "label")
