"""the queue's label filter finds the findings an officer relabelled from an index on the officer's label

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Partial: only the relabelled proposals, so that ANALYZE's statistics show a lookup as cheap.
    relabelled = sa.text("label IS NOT NULL")
    op.create_index(
        "ix_proposals_label",
        "proposals",
        ["label"],
        unique=False,
        sqlite_where=relabelled,
        postgresql_where=relabelled,
    )


def downgrade() -> None:
    op.drop_index("ix_proposals_label", table_name="proposals")
