"""PostgreSQL row-level security on the assignment tables: a second line of defence behind the service layer.

The service layer states who acts at the start of each write transaction (``geo.role`` and ``geo.department``,
transaction-local settings); these policies let a reporter's transaction change only its own department's
assignments, milestones and reports, and the office's (admin, reviewer) what its role allows. Everyone may read.
FORCE makes the policies hold for the tables' owner too; only a superuser (the tests, pg_restore) bypasses them.
SQLite has no such mechanism: nothing to do there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table -> (the department of a row, the roles that may write any row)
_DEPT_OF_ASSIGNMENT = "(SELECT a.department FROM assignments a WHERE a.id = assignment_id)"
TABLES = {
    "assignments": ("department", "ARRAY['admin', 'system']"),
    "milestones": (_DEPT_OF_ASSIGNMENT, "ARRAY['admin', 'system']"),
    "progress_reports": (_DEPT_OF_ASSIGNMENT, "ARRAY['admin', 'system', 'reviewer']"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION geo_may_write(dept text, office text[]) RETURNS boolean LANGUAGE sql STABLE AS $$ "
        "SELECT coalesce(current_setting('geo.role', true), '') = ANY (office) "
        "OR (current_setting('geo.role', true) = 'reporter' "
        "AND current_setting('geo.department', true) = dept) $$"
    )
    for table, (dept, office) in TABLES.items():
        check = f"geo_may_write({dept}, {office})"
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_read ON {table} FOR SELECT USING (true)")
        op.execute(f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({check})")
        op.execute(f"CREATE POLICY {table}_update ON {table} FOR UPDATE USING ({check}) WITH CHECK ({check})")
        op.execute(f"CREATE POLICY {table}_delete ON {table} FOR DELETE USING ({check})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for what in ("read", "insert", "update", "delete"):
            op.execute(f"DROP POLICY IF EXISTS {table}_{what} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION IF EXISTS geo_may_write(text, text[])")
