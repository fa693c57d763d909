"""PostgreSQL's row-level security holds even a write that went around the service layer: connected as the
app's own (non-superuser) role, a transaction that says it acts for 省教育厅 cannot change 省科技厅's rows."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from geo.db import upgrade_and_seed
from geo.store import progress_service, service
from geo.store.engine import dispose_engine, session_scope

EDU, SCI = "省教育厅", "省科技厅"


@pytest.fixture
def app_role_url(pg_server, monkeypatch):
    """A fresh schema migrated by the superuser, and a URL for a plain login role with ordinary grants."""
    if pg_server is None:
        pytest.fail("PostgreSQL binaries not found: run scripts/setup.sh")
    owner_url = pg_server.new_database()
    schema = owner_url.rsplit("%3D", 1)[1]
    upgrade_and_seed(owner_url)
    monkeypatch.setenv("DATABASE_URL", owner_url)
    service.ensure_assignments(1, url=owner_url)
    progress_service.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1), url=owner_url)
    role = f"geo_app_{schema}"
    with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER")
        c.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        c.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}")
        c.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    url = owner_url.replace("postgres@", f"{role}@", 1)
    yield owner_url, url
    dispose_engine(url)
    dispose_engine(owner_url)


def _act_as(session, role: str, department: str = "") -> None:
    session.execute(
        text("SELECT set_config('geo.role', :r, true), set_config('geo.department', :d, true)"),
        {"r": role, "d": department},
    )


def _first_id(session, department: str) -> int:
    return session.execute(
        text("SELECT id FROM assignments WHERE department = :d ORDER BY id"), {"d": department}
    ).scalar()


def test_a_reporter_transaction_cannot_change_another_departments_rows(app_role_url):
    _, url = app_role_url
    with session_scope(url) as session:
        sci_id = _first_id(session, SCI)
        edu_id = _first_id(session, EDU)
        assert sci_id and edu_id  # reads are open to all
    with session_scope(url) as session:
        _act_as(session, "reporter", EDU)
        changed = session.execute(text("UPDATE assignments SET note = 'x' WHERE id = :i"), {"i": sci_id}).rowcount
        own = session.execute(text("UPDATE assignments SET note = 'mine' WHERE id = :i"), {"i": edu_id}).rowcount
    assert (changed, own) == (0, 1)
    insert = text(
        "INSERT INTO progress_reports (assignment_id, period, version, state, as_of, status, progress, next_steps,"
        " problems, places, sample, author, created_at, updated_at, review_comment)"
        " VALUES (:a, '2026-Q4', 1, 'submitted', '2026-12-31', '推进中', '', '', '', '[]', false, 'edu', now(), now(), '')"
    )
    with pytest.raises(ProgrammingError, match="row-level security"), session_scope(url) as session:
        _act_as(session, "reporter", EDU)
        session.execute(insert, {"a": sci_id})
    with pytest.raises(ProgrammingError, match="row-level security"), session_scope(url) as session:
        session.execute(insert, {"a": edu_id})  # nobody said who acts: refused too
    with session_scope(url) as session:
        assert session.execute(text("SELECT count(*) FROM progress_reports")).scalar() == 0
        assert session.execute(text("SELECT note FROM assignments WHERE id = :i"), {"i": sci_id}).scalar() == ""


def test_the_service_layer_works_under_the_policies(app_role_url):
    owner_url, url = app_role_url
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department=EDU, url=owner_url)
    service.add_account(service.OPERATOR, "rev", "reviewer", PASSWORD, url=owner_url)
    edu = service.actor_for("edu", url=url)
    rev = service.actor_for("rev", url=url)
    mine = service.list_assignments(1, department=EDU, url=url)[0]
    item = progress_service.ReportInput("2026-Q4", dt.date(2026, 12, 20), "推进中", 30, "已启动")
    written = dt.datetime(2026, 12, 21, 10, tzinfo=dt.UTC)  # the report date may not be in the future
    report = progress_service.save_report(edu, mine.id, item, submit=True, url=url, now=written)
    reviewed = progress_service.review_report(rev, report.id, "approve", url=url)
    assert reviewed.state == "approved"
    added = progress_service.add_milestone(edu, mine.id, "完成试点", dt.date(2027, 3, 31), url=url)
    assert added.key >= 1
