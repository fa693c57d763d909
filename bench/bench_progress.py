"""Progress supervision at scale, each figure against a naive per-row-query baseline measured in the same run:

- status and lights for an as-of date (geo.progress.status.snapshot)        target ≤ 200 ms median
- the progress sheet of a department with 100 assignments (write_template)   target ≤ 1 s median
- import of that sheet filled in (import_filled: check every row, one save)  target ≤ 2 s median

    .venv/bin/python bench/bench_progress.py                  # a temp SQLite database
    .venv/bin/python bench/bench_progress.py --url postgresql+psycopg://…/db   # an EMPTY PostgreSQL database

The synthetic plan: 2,500 measures × 2 departments (lead and co-operating) = 5,000 assignments of 50 departments
(100 each), one deadline milestone each (every tenth changed once, so milestone versions are read too), one place
tag per measure, a quarterly cycle from 2024-Q4 and 8 periods (2024-Q4 … 2026-Q3) of reports: mostly approved,
some awaiting review, some corrected (two versions), about 5 % missing. It is written with bulk inserts
(SQLAlchemy Core executemany, one transaction per table), not through the service layer: the service writes one
report per transaction with its audit entry, which would take minutes for 40,000 reports and is not what is
measured here. Schema and seed come from the real migrations (geo.db.upgrade_and_seed).

The baselines do the same work one row at a time, as a first version would: lights with one query for each
assignment's milestones and one for its reports; the sheet with one query per row for its measure and its report;
the import with one transaction per row (progress_service.save_report for each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURES, DEPARTMENTS = 2500, 50  # x 2 roles = 5,000 assignments, 100 per department
PERIODS = 8
CYCLE_FROM = dt.date(2024, 10, 1)  # 2024-Q4 … 2026-Q3 are the 8 periods due by AS_OF
AS_OF = dt.date(2026, 11, 30)
DEPARTMENT = "基准单位07"  # synthetic names: the registry leaves unknown names as they are
RUNS = {"snapshot": 9, "template": 7, "import": 5}
BASELINE_RUNS = 3


def _department(i: int) -> str:
    return f"基准单位{i % DEPARTMENTS + 1:02d}"


def build(url: str) -> int:
    """The synthetic plan in the database at URL (bulk inserts); returns its id."""
    from sqlalchemy import insert, select

    from geo.db import upgrade_and_seed
    from geo.places.gazetteer import load_gazetteer
    from geo.progress import periods
    from geo.progress.rules import load_rules
    from geo.store.engine import session_scope
    from geo.store.models import Assignment, Measure, Milestone, PlaceTag, Plan, ProgressReport

    upgrade_and_seed(url)
    rules = load_rules()
    rng = random.Random(15)
    places = [p.id for p in load_gazetteer() if p.kind == "city"]
    statuses = [s.name for s in rules.statuses]
    stamp = dt.datetime(2024, 9, 1, tzinfo=dt.UTC)
    with session_scope(url, write=True) as session:
        plan = Plan(
            title="基准计划", source_name="bench.json", source_sha256="bench-progress", state="published",
            version=1, report_cycle="quarterly", report_due_days=5, report_from=CYCLE_FROM,
        )  # fmt: skip
        session.add(plan)
        session.flush()
        plan_id = plan.id
        session.execute(
            insert(Measure),
            [
                dict(
                    plan_id=plan_id,
                    position=i,
                    number=i + 1,
                    theme=f"{i % 6 + 1}、主题",
                    theme_short=f"主题{i % 6 + 1}",
                    subtask="",
                    text=f"第{i + 1}项措施：推进数字基础设施建设，完善数据要素市场。" * 2,
                    departments=[_department(i)],
                    co_departments=[_department(i + 25)],
                    deadline="2026年12月底前",
                    source_document="bench",
                    source_row=i + 2,
                )  # fmt: skip
                for i in range(MEASURES)
            ],
        )
        measure_ids = dict(session.execute(select(Measure.number, Measure.id).where(Measure.plan_id == plan_id)).all())
        session.execute(
            insert(PlaceTag),
            [dict(measure_id=mid, position=0, place=places[n % len(places)], evidence="", rule="bench")
             for n, mid in measure_ids.items()],
        )  # fmt: skip
        session.execute(
            insert(Assignment),
            [
                dict(plan_id=plan_id, measure_id=measure_ids[i + 1], department=_department(i + shift),
                     written=_department(i + shift), role=role, milestone="", note="", version=1)
                for i in range(MEASURES)
                for role, shift in (("lead", 0), ("co", 25))
            ],
        )  # fmt: skip
        assignment_ids = list(session.scalars(select(Assignment.id).where(Assignment.plan_id == plan_id)))
        milestones = []
        for n, aid in enumerate(assignment_ids):
            due = dt.date(2026, 12, 31) - dt.timedelta(days=rng.randint(0, 400))
            changed = n % 10 == 0
            milestones.append(dict(
                assignment_id=aid, key=1, version=1, text="2026年12月底前", due_on=due, done_on=None,
                source="deadline", removed=False, recorded_at=stamp, recorded_by="system",
                superseded_at=stamp + dt.timedelta(days=300) if changed else None,
            ))  # fmt: skip
            if changed:
                milestones.append(dict(
                    assignment_id=aid, key=1, version=2, text="2026年12月底前", due_on=due,
                    done_on=due - dt.timedelta(days=5), source="deadline", removed=False,
                    recorded_at=stamp + dt.timedelta(days=300), recorded_by="bench",
                ))  # fmt: skip
        session.execute(insert(Milestone), milestones)
        period = periods.period_of(CYCLE_FROM, "quarterly")
        due_list = []
        for _ in range(PERIODS):
            due_list.append(period)
            period = period.next()
        reports = []
        for aid in assignment_ids:
            for k, p in enumerate(due_list):
                if rng.random() < 0.05:
                    continue  # missing
                sent = dt.datetime.combine(p.due(5) - dt.timedelta(days=rng.randint(-3, 3)), dt.time(4), dt.UTC)
                base = dict(
                    assignment_id=aid, period=p.name, as_of=p.end, status=rng.choice(statuses),
                    percent=min(100, 10 * (k + 1)), progress="已完成阶段任务，正在推进下一步工作。" * 2,
                    next_steps="继续推进。", problems="", places=[], sample=False, author="bench", created_at=sent,
                    updated_at=sent, submitted_at=sent, review_comment="",
                )  # fmt: skip
                if rng.random() < 0.1:  # returned, then corrected as version 2
                    reports.append({**base, "version": 1, "state": "returned", "reviewed_at": sent,
                                    "reviewer": "office", "review_comment": "请补充"})  # fmt: skip
                    base = {**base, "submitted_at": sent + dt.timedelta(days=1)}
                    version = 2
                else:
                    version = 1
                last = k == PERIODS - 1 and rng.random() < 0.3
                reports.append({**base, "version": version, "state": "submitted" if last else "approved",
                                "reviewed_at": None if last else base["submitted_at"] + dt.timedelta(days=2),
                                "reviewer": None if last else "office"})  # fmt: skip
        for start in range(0, len(reports), 5000):
            session.execute(insert(ProgressReport), reports[start : start + 5000])
    analyze(url)
    return plan_id


def analyze(url: str) -> None:
    """PostgreSQL plans its joins from table statistics, which autovacuum gathers some time after a bulk load; a
    database in use has them. Without them it takes the freshly filled tables for empty (a 5,000 x 5,000 nested
    loop in the snapshot: seconds instead of milliseconds), which is not what a user would see. SQLite keeps no
    statistics unless asked (nothing in the app asks): it is measured as it is."""
    from sqlalchemy import text

    from geo.store.engine import WRITE_OPTION, get_engine

    engine = get_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()


# --- the naive baselines ------------------------------------------------------------------------------------------


def naive_lights(plan_id: int, as_of: dt.date, url: str) -> dict[int, str]:
    """Lights with two queries per assignment (its milestones, its reports)."""
    from sqlalchemy import or_, select

    from geo.progress import periods
    from geo.progress.lights import MilestoneFact, assignment_light
    from geo.progress.rules import load_rules
    from geo.store.engine import session_scope
    from geo.store.models import Assignment, Milestone, Plan, ProgressReport

    rules = load_rules()
    cutoff = rules.end_of_day(as_of)
    out = {}
    with session_scope(url) as session:
        plan = session.get(Plan, plan_id)
        due = [p.name for p in periods.due_periods(plan.report_cycle, plan.report_due_days, plan.report_from, as_of)]
        for aid in session.scalars(select(Assignment.id).where(Assignment.plan_id == plan_id)):
            facts = [
                MilestoneFact(m.key, m.text, m.due_on, m.done_on)
                for m in session.scalars(
                    select(Milestone).where(
                        Milestone.assignment_id == aid, Milestone.recorded_at < cutoff, Milestone.removed.is_(False),
                        or_(Milestone.superseded_at.is_(None), Milestone.superseded_at >= cutoff),
                    )
                )
            ]  # fmt: skip
            reports = session.scalars(
                select(ProgressReport)
                .where(ProgressReport.assignment_id == aid, ProgressReport.submitted_at < cutoff)
                .order_by(ProgressReport.period, ProgressReport.version)
            ).all()
            counted = {r.period: r for r in reports if r.state in ("submitted", "approved")}
            missing = 0
            for name in reversed(due):
                if name in counted:
                    break
                missing += 1
            latest = counted[max(counted)] if counted else None
            out[aid] = assignment_light(rules, as_of, facts, latest.status if latest else None, missing).level
    return out


def naive_template(plan_id: int, department: str, period: str, url: str) -> bytes:
    """The same sheet, with one query per row for its measure and one for its report."""
    from sqlalchemy import select

    from geo.progress import sheets
    from geo.store.engine import session_scope
    from geo.store.models import Assignment, Measure, Plan, ProgressReport

    with session_scope(url) as session:
        plan = session.get(Plan, plan_id)
        chosen = sheets._plan_period(plan, period)
        ids = session.scalars(
            select(Assignment.id).where(Assignment.plan_id == plan_id, Assignment.department == department)
        ).all()
        lines = []
        for aid in ids:
            a = session.get(Assignment, aid)
            m = session.get(Measure, a.measure_id)
            report = session.scalar(
                select(ProgressReport)
                .where(ProgressReport.assignment_id == aid, ProgressReport.period == chosen.name)
                .order_by(ProgressReport.version.desc())
                .limit(1)
            )
            lines.append((m.number, m.text, sheets._role_label(a.role), report))
        lines.sort(key=lambda line: line[0])
        return sheets._build(plan.title, plan.id, department, chosen, lines)


def naive_import(data: bytes, actor, url: str) -> int:
    """The rows checked as the sheet import does, then saved one transaction per row."""
    from geo.progress import sheets
    from geo.store import progress_service

    items = sheets.read_filled(data, "bench.xlsx", actor, url=url)
    for aid, item in items:
        progress_service.save_report(actor, aid, item, submit=True, url=url)
    return len(items)


# --- measuring ------------------------------------------------------------------------------------------------


Timing = tuple[float, float]  # medians: wall seconds, CPU seconds of this process


def timed(fn: Callable[[], object], runs: int) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def report_total(url: str) -> int:
    from sqlalchemy import func, select

    from geo.store.engine import session_scope
    from geo.store.models import ProgressReport

    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(ProgressReport)) or 0


def filled(data: bytes, statuses: list[str]) -> bytes:
    """Every row of a template filled in, as a department would."""
    import openpyxl

    from geo.progress import sheets

    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheets.t("sheet_progress", sheets.LANG)]
    col = {c.field: i for i, c in enumerate(sheets.COLUMNS, start=1)}
    for r in range(sheets.FIRST_ROW, ws.max_row + 1):
        ws.cell(r, col["status"], statuses[r % len(statuses)])
        ws.cell(r, col["percent"], f"{r % 100}%")
        ws.cell(r, col["progress"], "本季度完成平台联调，开展试点应用。")
        ws.cell(r, col["as_of"], "2026-11-30")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def line(label: str, ours: Timing, base: Timing, target: float) -> str:
    verdict = "ok" if ours[0] <= target else "MISSED"
    return (f"{label:<38} median {ours[0] * 1000:7.0f} ms (CPU {ours[1] * 1000:5.0f})   baseline "
            f"{base[0] * 1000:7.0f} ms (CPU {base[1] * 1000:5.0f})   {base[0] / ours[0]:4.1f}x   "
            f"target ≤ {target * 1000:.0f} ms: {verdict}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database (default: a temp SQLite file)")
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="bench-progress-")
    url = args.url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"

    from geo.progress import sheets
    from geo.progress.rules import load_rules
    from geo.progress.status import snapshot
    from geo.store import service

    t0 = time.perf_counter()
    plan_id = build(url)
    print(f"built plan {plan_id}: {MEASURES * 2} assignments x {PERIODS} periods in {time.perf_counter() - t0:.1f} s "
          f"(bulk inserts) on {url.split(':')[0]}")  # fmt: skip
    ours_rows = {a.assignment_id: a.light for a in snapshot(plan_id, AS_OF, url=url).assignments}
    naive_rows = naive_lights(plan_id, AS_OF, url)
    assert ours_rows == naive_rows, "the baseline must compute the same lights"
    results = []
    snap = timed(lambda: snapshot(plan_id, AS_OF, url=url), RUNS["snapshot"])
    snap_base = timed(lambda: naive_lights(plan_id, AS_OF, url), BASELINE_RUNS)
    results.append(line("status + lights (5,000 assignments)", snap, snap_base, 0.2))

    template = timed(lambda: sheets.write_template(plan_id, DEPARTMENT, "2026-Q3", url=url), RUNS["template"])
    template_base = timed(lambda: naive_template(plan_id, DEPARTMENT, "2026-Q3", url), BASELINE_RUNS)
    results.append(line("template (100 assignments)", template, template_base, 1.0))

    # Each import sends a period nobody has reported yet (a report awaiting review cannot be sent again).
    office = service.Actor("operator", "admin", None, "operator")
    statuses = list(load_rules().status_names)
    future = [f"{2027 + i // 4}-Q{i % 4 + 1}" for i in range(RUNS["import"] + BASELINE_RUNS)]
    sheets_in = [filled(sheets.write_template(plan_id, DEPARTMENT, p, url=url), statuses) for p in future]
    reports_before = report_total(url)
    ours = iter(sheets_in[: RUNS["import"]])
    theirs = iter(sheets_in[RUNS["import"] :])
    imported = timed(lambda: sheets.import_filled(next(ours), "bench.xlsx", office, url=url), RUNS["import"])
    imported_base = timed(lambda: naive_import(next(theirs), office, url), BASELINE_RUNS)
    assert report_total(url) == reports_before + 100 * (RUNS["import"] + BASELINE_RUNS)
    results.append(line("import of the filled sheet (100 rows)", imported, imported_base, 2.0))
    print("\n".join(results))
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall times on a shared machine; CPU times are this process's own)")  # fmt: skip
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
