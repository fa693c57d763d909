"""Rerun time of the 我的任务 and 督办 pages (AppTest, through app.py) on the seed plan with sample progress.

    .venv/bin/python bench/bench_progress_pages.py [--runs 5]

我的任务 is measured for the largest department (an admin acting for it, 39 assignments): panels closed, as the
page draws them (a panel runs its forms only while open), against every panel open in the same run (the baseline:
what drawing every form on every rerun would cost). 督办 is measured as the office sees it (every assignment, every
report awaiting review). Prints medians in milliseconds and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-pages-')}/app.sqlite3"
    os.environ["DATABASE_URL"] = url
    from geo.store import accounts

    os.environ[accounts.ARGON2_ENV] = "fast"
    from apptest_support import run_page

    from geo.db import upgrade_and_seed
    from geo.progress import demo
    from geo.store import service
    from ui import auth
    from ui.assignments_view import K_DEPARTMENT
    from ui.my_tasks_view import panel_key

    upgrade_and_seed(url)
    service.ensure_assignments(1)
    demo.fill_demo(1)
    service.add_account(service.OPERATOR, "boss", "admin", "bench password 1")
    rows = service.list_assignments(1)
    department, count = collections.Counter(a.department for a in rows).most_common(1)[0]
    ids = [a.id for a in rows if a.department == department]

    def signed_in(page: str):
        at = run_page(page)
        at.sidebar.text_input(key=auth.K_NAME).input("boss")
        at.sidebar.text_input(key=auth.K_PASSWORD).input("bench password 1")
        at.sidebar.button[0].click().run()
        return at

    def median_ms(at) -> float:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
            assert not at.exception, [e.message for e in at.exception]
        return statistics.median(times)

    tasks = signed_in("pages/5_我的任务.py")
    tasks.selectbox(key=K_DEPARTMENT).set_value(department).run()
    closed = median_ms(tasks)
    for aid in ids:
        tasks.session_state[panel_key(aid)] = True
    opened = median_ms(tasks)
    office = median_ms(signed_in("pages/6_督办.py"))
    print(f"我的任务, {department} ({count} assignments), panels closed: {closed:.0f} ms median ({args.runs} runs)")
    print(
        f"我的任务, every panel open (baseline):          {opened:.0f} ms median; ratio closed/open {closed / opened:.2f}"
    )
    print(f"督办, {len(rows)} assignments:                          {office:.0f} ms median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
