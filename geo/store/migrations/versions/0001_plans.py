"""Plans, their measures, place tags and place-tag corrections.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("doc_number", sa.String(200)),
        sa.Column("issuer", sa.String(200)),
        sa.Column("issued_on", sa.Date),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("builtin", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("source_sha256", name="uq_plans_source_sha256"),
        sa.CheckConstraint("state IN ('draft', 'published', 'archived')", name="ck_plans_state"),
    )
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("theme", sa.Text, nullable=False),
        sa.Column("theme_short", sa.Text, nullable=False),
        sa.Column("subtask", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("departments", sa.JSON, nullable=False),
        sa.Column("co_departments", sa.JSON),
        sa.Column("deadline", sa.Text),
        sa.Column("source_document", sa.Text, nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("extra", sa.JSON),
        sa.UniqueConstraint("plan_id", "number", name="uq_measures_plan_number"),
    )
    op.create_index("ix_measures_plan_id", "measures", ["plan_id"])
    op.create_table(
        "place_tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("rule", sa.String(40), nullable=False),
    )
    op.create_index("ix_place_tags_measure_id", "place_tags", ["measure_id"])
    op.create_table(
        "place_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("measures.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("action IN ('remove', 'add')", name="ck_place_corrections_action"),
    )
    op.create_index("ix_place_corrections_plan_id", "place_corrections", ["plan_id"])


def downgrade() -> None:
    op.drop_table("place_corrections")
    op.drop_table("place_tags")
    op.drop_table("measures")
    op.drop_table("plans")
