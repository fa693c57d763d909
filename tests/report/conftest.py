"""One SQLite database per test session with the seed plan and its deterministic sample progress
(geo.progress.demo.fill_demo), shared by the report tests: filling it takes seconds, reading it is quick."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.store.engine import dispose_engine

DEMO_AS_OF = dt.date(2026, 11, 15)  # milestones spread around it: every light occurs by then
PERIOD = "2026-Q3"  # due on 2026-10-05 (quarter end + the plan's 5 due days)


@pytest.fixture(scope="session")
def report_db(tmp_path_factory) -> tuple[str, int]:
    """(url, plan id) of a migrated database holding the seed plan and sample reports up to DEMO_AS_OF."""
    from geo.db import upgrade_and_seed
    from geo.progress.demo import fill_demo
    from geo.store import plans

    url = f"sqlite:///{tmp_path_factory.mktemp('report-db') / 'app.sqlite3'}"
    upgrade_and_seed(url)
    plan = plans.builtin_plan(url=url)
    assert plan is not None
    fill_demo(plan.id, as_of=DEMO_AS_OF, url=url)
    yield url, plan.id
    dispose_engine(url)


@pytest.fixture
def report_env(report_db, monkeypatch) -> tuple[str, int]:
    """The shared database as DATABASE_URL (what the CLI reads)."""
    url, plan_id = report_db
    monkeypatch.setenv("DATABASE_URL", url)
    return url, plan_id
