"""A covering index for the as-of snapshot (geo.progress.status): per assignment, its reports submitted before a
cutoff with every column the snapshot's aggregate reads (period, version, state, reviewed_at), so the 40,000
reports of a large plan are aggregated from the index alone, without reading the report rows and their texts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX = "ix_progress_reports_snapshot"
COLUMNS = ["assignment_id", "submitted_at", "period", "version", "state", "reviewed_at"]


def upgrade() -> None:
    op.create_index(INDEX, "progress_reports", COLUMNS)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="progress_reports")
