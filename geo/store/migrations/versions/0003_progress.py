"""Progress supervision: the plan's reporting cycle, versioned milestones, progress reports with review.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("report_cycle", sa.String(12)))
        batch.add_column(sa.Column("report_due_days", sa.Integer))
        batch.add_column(sa.Column("report_from", sa.Date))
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due_on", sa.Date),
        sa.Column("done_on", sa.Date),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("removed", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("assignment_id", "key", "version", name="uq_milestones_assignment_key_version"),
        sa.CheckConstraint("source IN ('deadline', 'reporter', 'office')", name="ck_milestones_source"),
    )
    op.create_index("ix_milestones_assignment_id", "milestones", ["assignment_id"])
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("percent", sa.Integer),
        sa.Column("progress", sa.Text, nullable=False),
        sa.Column("next_steps", sa.Text, nullable=False),
        sa.Column("problems", sa.Text, nullable=False),
        sa.Column("places", sa.JSON, nullable=False),
        sa.Column("sample", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("reviewed_at", sa.DateTime(timezone=True)),
        sa.Column("reviewer", sa.String(100)),
        sa.Column("review_comment", sa.Text, nullable=False),
        sa.Column("supersedes_id", sa.Integer),
        sa.UniqueConstraint("assignment_id", "period", "version", name="uq_progress_reports_assignment_period_version"),
        sa.CheckConstraint("state IN ('draft', 'submitted', 'approved', 'returned')", name="ck_progress_reports_state"),
        sa.CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="ck_progress_reports_percent"),
    )
    op.create_index("ix_progress_reports_assignment_id", "progress_reports", ["assignment_id"])
    op.create_index("ix_progress_reports_submitted_at", "progress_reports", ["submitted_at"])


def downgrade() -> None:
    op.drop_table("progress_reports")
    op.drop_table("milestones")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("report_from")
        batch.drop_column("report_due_days")
        batch.drop_column("report_cycle")
