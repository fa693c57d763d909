"""What the progress tests share: the seed plan with a quarterly cycle, one account per role, and small helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.store import progress_service, service
from tests.store.accounts_support import PASSWORD

SCI, EDU = "省科技厅", "省教育厅"
PLAN = 1
CYCLE_FROM = dt.date(2026, 1, 1)
DUE_DAYS = 5  # a quarter's report is due on the 5th day after it ends: 2026-Q1 on 2026-04-05


def add_account(username: str, role: str, department: str | None = None) -> service.Actor:
    service.add_account(service.OPERATOR, username, role, PASSWORD, department=department)
    actor = service.actor_for(username)
    assert actor is not None
    return actor


@pytest.fixture
def world(upgraded) -> dict:
    """The seed plan with assignments and a quarterly cycle, and one account per role (sci and edu report)."""
    service.ensure_assignments(PLAN)
    progress_service.set_cycle(service.OPERATOR, PLAN, "quarterly", due_days=DUE_DAYS, report_from=CYCLE_FROM)
    return {
        "url": upgraded,
        "office": add_account("office", "admin"),
        "sci": add_account("sci", "reporter", SCI),
        "edu": add_account("edu", "reporter", EDU),
        "reviewer": add_account("rev", "reviewer"),
        "viewer": add_account("look", "viewer"),
    }


def noon(day: dt.date) -> dt.datetime:
    """Noon of DAY in the plan's time zone: when a test's write happened."""
    from geo.progress.rules import load_rules

    return dt.datetime.combine(day, dt.time(12), tzinfo=load_rules().timezone)


def report_count(url: str | None = None) -> int:
    from sqlalchemy import func, select

    from geo.store.engine import session_scope
    from geo.store.models import ProgressReport

    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(ProgressReport)) or 0
