"""departments filed under a portal folder name (bo-cong-an) take the ministry's name (Bộ Công an)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# A frozen copy of reviewer.scan.inputs.MINISTRY_NAMES as it stood when scans began to use the names: a later edit
# of that table must not change what this migration did.
RENAMED = {
    "bo-cong-an": "Bộ Công an",
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-tu-phap": "Bộ Tư pháp",
    "bo-xay-dung": "Bộ Xây dựng",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
}


def upgrade() -> None:
    connection = op.get_bind()
    names = {row[0] for row in connection.execute(sa.text("SELECT name FROM departments"))}
    for folder, name in RENAMED.items():
        # Where both exist (a scan after the upgrade of the code but before this one), the two stay apart: merging
        # documents and users is for an administrator to decide.
        if folder in names and name not in names:
            connection.execute(
                sa.text("UPDATE departments SET name = :name WHERE name = :folder"), {"name": name, "folder": folder}
            )


def downgrade() -> None:
    connection = op.get_bind()
    for folder, name in RENAMED.items():
        connection.execute(
            sa.text("UPDATE departments SET name = :folder WHERE name = :name"), {"name": name, "folder": folder}
        )
