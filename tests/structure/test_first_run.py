"""The app's start: the map page's first run loads only what it shows (issue 13: start ≤ the file-based app + 0.5 s).

A fresh interpreter runs app.py once (AppTest) on a database whose schema is current, on the built-in plan and on
a plan of the database (?plan=N), then lists the modules it loaded. Each one named here costs start-up time and is needed only by something the first run does not do: a login
(password hashing), a schema upgrade, another page (import, export, print), a backup, PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_ON_FIRST_RUN = (
    "argon2",  # a login submission or an account write (geo.store.accounts)
    "alembic",  # only when the schema is not current (ui.plan_state._store_ready)
    "geo.db",
    "geo.store.migrate",
    "geo.store.backup",
    "psycopg",  # a PostgreSQL URL
    "openpyxl",  # the import and export pages
    "docx",
    "pptx",
    "reportlab",
    "matplotlib",  # print figures
)

_FIRST_RUN = """
import json, sys
from streamlit.testing.v1 import AppTest
plan = int(sys.argv[1])
at = AppTest.from_file("app.py", default_timeout=240)
if plan:
    at.query_params["plan"] = str(plan)
at.run()
assert not at.exception, [e.value for e in at.exception]
assert at.sidebar.selectbox(key="dba_plan").value == plan  # the map page of that plan, the switcher filled
from geo.store.models import Plan
print(json.dumps({"modules": sorted(sys.modules), "mappers_configured": Plan.__mapper__.configured}))
"""


@pytest.mark.parametrize("opened_on", ["built-in plan", "?plan=N"])
def test_the_map_pages_first_run_loads_nothing_it_does_not_show(tmp_path, measures, opened_on):
    from geo.db import upgrade_and_seed
    from geo.store import plans
    from geo.store.engine import dispose_engine

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    upgrade_and_seed(url)
    plan = 0
    if opened_on == "?plan=N":
        sha = hashlib.sha256(b"first-run plan").hexdigest()
        plan = plans.create_plan(measures[:12], title="首跑", source_name="t.json", source_sha256=sha, url=url).id
    dispose_engine(url)
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_RUN, str(plan)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    first_run = json.loads(out.stdout.strip().splitlines()[-1])
    loaded = [m for m in first_run["modules"] if m in NOT_ON_FIRST_RUN or m.split(".")[0] in NOT_ON_FIRST_RUN]
    assert loaded == []
    # The plan list and a plan's measures are read on the tables: no mapper of the schema is configured yet.
    assert first_run["mappers_configured"] is False
