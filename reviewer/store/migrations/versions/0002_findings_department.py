"""findings carry their document's department, indexed with the score

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No batch (copy-and-rename) on SQLite: dropping the old findings table would cascade to the proposals.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE findings ADD COLUMN department_id INTEGER REFERENCES departments (id)")
    else:
        op.add_column("findings", sa.Column("department_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_findings_department", "findings", "departments", ["department_id"], ["id"])
    op.create_index("ix_findings_department_score", "findings", ["department_id", "score"], unique=False)
    op.execute(
        "UPDATE findings SET department_id = "
        "(SELECT documents.department_id FROM documents WHERE documents.id = findings.document_id)"
    )


def downgrade() -> None:
    op.drop_index("ix_findings_department_score", table_name="findings")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE findings DROP COLUMN department_id")
    else:
        op.drop_constraint("fk_findings_department", "findings", type_="foreignkey")
        op.drop_column("findings", "department_id")
