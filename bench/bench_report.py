"""Report timing: the DOCX 进展通报 of the seed plan (target ≤ 3 s median), end to end as the CLI makes it
(snapshot from the database, light map, document).

    .venv/bin/python bench/bench_report.py [--runs 7] [--db sqlite:///…]

Baseline in the same run: the plain CSV table export of the same plan's measures (geo.export.tables.csv_bytes
after reading the plan from the database), the cheapest file a report writer could ask for; the ratio says what
the status snapshot, the map and the Word layout cost on top. Without --db a temporary SQLite gets the seed plan
and its sample progress (geo.progress.demo, as of 2026-11-15; filling takes ~30 s and is not timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.export.tables import csv_bytes  # noqa: E402
from geo.places.gazetteer import load_gazetteer  # noqa: E402
from geo.report.content import build  # noqa: E402
from geo.report.files import report_file  # noqa: E402
from geo.store import plans  # noqa: E402

PERIOD = "2026-Q3"
TARGET_S = 3.0


def sample_db() -> tuple[str, int]:
    from geo.db import upgrade_and_seed
    from geo.progress.demo import fill_demo

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-report-')) / 'app.sqlite3'}"
    upgrade_and_seed(url)
    plan = plans.builtin_plan(url=url)
    fill_demo(plan.id, as_of=dt.date(2026, 11, 15), url=url)
    return url, plan.id


def docx_report(url: str, plan_id: int, gaz) -> tuple[float, int]:
    t0 = time.perf_counter()
    facts = build(plan_id, PERIOD, gaz, url=url)
    data = report_file(facts.content(facts.scopes(None)[0]), "docx", gaz)
    return time.perf_counter() - t0, len(data)


def csv_table(url: str, plan_id: int, gaz) -> tuple[float, int]:
    t0 = time.perf_counter()
    data = csv_bytes(plans.plan_measures(plan_id, url=url), gaz)
    return time.perf_counter() - t0, len(data)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--db", help="database URL holding the plan with progress (default: a fresh sample database)")
    p.add_argument("--plan", type=int, help="plan id (default: the seed plan)")
    args = p.parse_args(argv)
    url, plan_id = (args.db, args.plan or plans.builtin_plan(url=args.db).id) if args.db else sample_db()
    gaz = load_gazetteer()
    docx_report(url, plan_id, gaz)  # warm-up: imports, boundary layers, fonts (a running app has them loaded)
    csv_table(url, plan_id, gaz)
    docx = [docx_report(url, plan_id, gaz) for _ in range(args.runs)]
    base = [csv_table(url, plan_id, gaz) for _ in range(args.runs)]
    med_docx = statistics.median(t for t, _ in docx)
    med_csv = statistics.median(t for t, _ in base)
    print(f"DOCX report ({PERIOD}, {docx[0][1] / 1024:.0f} KiB): median {med_docx:.3f} s over {args.runs} runs "
          f"(min {min(t for t, _ in docx):.3f}, max {max(t for t, _ in docx):.3f}); target ≤ {TARGET_S:.1f} s")  # fmt: skip
    print(f"baseline CSV table of the same plan ({base[0][1] / 1024:.0f} KiB): median {med_csv:.3f} s")
    print(f"ratio DOCX/CSV: {med_docx / med_csv:.1f}×")
    print("PASS" if med_docx <= TARGET_S else "FAIL", f"DOCX median {med_docx:.3f} s vs target {TARGET_S:.1f} s")
    return 0 if med_docx <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
