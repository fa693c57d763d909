"""Databases with sample progress (geo.progress.demo.fill_demo) for the progress tests:

- demo_database(): for the briefing's progress slides and the 部门进展 page, filled for DEMO_AS_OF, built once
  per test process and only read afterwards (fill_demo writes ~700 reports, ~20 s);
- fresh_demo_database(folder): a database of its own, filled up to today, for the progress map's tests (unit,
  AppTest and browser), which may add reports."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest

DEMO_AS_OF = dt.date(2026, 11, 20)
_built: dict[str, str] = {}


def demo_database() -> str:
    """The URL of the filled database (sqlite:///…), built on first use."""
    if "url" not in _built:
        from geo.db import upgrade_and_seed
        from geo.progress.demo import fill_demo
        from geo.store import plans

        folder = Path(tempfile.mkdtemp(prefix="geo-progress-demo-"))
        atexit.register(shutil.rmtree, folder, True)
        url = f"sqlite:///{folder / 'app.sqlite3'}"
        upgrade_and_seed(url)
        fill_demo(plans.builtin_plan(url=url).id, as_of=DEMO_AS_OF, url=url)
        _built["url"] = url
    return _built["url"]


def demo_plan_id() -> int:
    from geo.store import plans

    return plans.builtin_plan(url=demo_database()).id


@pytest.fixture(name="demo_url")
def demo_url_fixture(monkeypatch):
    """The filled database as the app's DATABASE_URL (AppTest pages read it)."""
    url = demo_database()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def fresh_demo_database(folder: Path) -> tuple[str, int]:
    """(database URL, plan id) of the seed plan with sample reports up to today, in FOLDER: a copy of one database
    filled once per test process and day (filling takes seconds; each caller may add reports to its own copy)."""
    import sqlite3

    from geo.progress.rules import load_rules
    from geo.store import plans

    today = load_rules().today()
    key = f"fresh-{today.isoformat()}"
    if key not in _built:
        from geo.db import upgrade_and_seed
        from geo.progress.demo import fill_demo
        from geo.store.engine import dispose_engine

        template = Path(tempfile.mkdtemp(prefix="geo-progress-fresh-"))
        atexit.register(shutil.rmtree, template, True)
        url = f"sqlite:///{template / 'progress.db'}"
        upgrade_and_seed(url)
        fill_demo(plans.builtin_plan(url=url).id, as_of=today, url=url)
        dispose_engine(url)
        _built[key] = str(template / "progress.db")
    target = folder / "progress.db"
    # The SQLite backup API copies a consistent database whatever its WAL holds.
    with (
        contextlib.closing(sqlite3.connect(_built[key])) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    url = f"sqlite:///{target}"
    return url, plans.builtin_plan(url=url).id
