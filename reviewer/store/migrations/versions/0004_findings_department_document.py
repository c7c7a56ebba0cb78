"""the queue's count of a department's findings is answered from one index (department, document, label)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_findings_department_document", "findings", ["department_id", "document_id", "label"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_findings_department_document", table_name="findings")
