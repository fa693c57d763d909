"""Departments ranked (统计排名, geo.progress.ranking) on the figures of the status snapshot: the on-time boundary
(a report first submitted on its due day counts, one a moment after that day does not), tie rules, and the export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from geo.export.tables import rows_csv_bytes, rows_xlsx_bytes
from geo.progress.ranking import percent, rank_departments, ranking_table
from geo.progress.rules import load_rules
from geo.progress.status import DepartmentStats, snapshot
from geo.store import plans, service
from geo.store.progress_service import ReportInput, save_report, set_cycle
from geo.store.service import OPERATOR

DUE_DAYS = 5
Q3_DUE = dt.date(2026, 10, 5)  # 2026-Q3 ends 9月30日, due 5 days later


def _local(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """A moment in the plan's time zone, handed to the store in UTC (what the app itself stamps)."""
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=load_rules().timezone).astimezone(dt.UTC)


def _report(aid: int, when: dt.datetime, url: str) -> None:
    item = ReportInput(period="2026-Q3", as_of=dt.date(2026, 9, 30), status="推进中", percent=30, progress="进展")
    save_report(OPERATOR, aid, item, submit=True, url=url, now=when)


def test_on_the_due_day_counts_the_day_after_does_not(upgraded):
    url = upgraded
    plan = plans.builtin_plan(url=url).id
    set_cycle(OPERATOR, plan, "quarterly", due_days=DUE_DAYS, report_from=dt.date(2026, 7, 1), url=url)
    service.ensure_assignments(plan, url=url)
    by_dept: dict[str, list[int]] = {}
    for a in service.list_assignments(plan, url=url):
        by_dept.setdefault(a.department, []).append(a.id)
    singles = sorted(d for d, ids in by_dept.items() if len(ids) == 1)
    on_day, day_after = singles[0], singles[1]  # one assignment each: one report due each
    _report(by_dept[on_day][0], _local(Q3_DUE, 23, 59, 59), url)  # the last second of the due day
    _report(by_dept[day_after][0], _local(Q3_DUE + dt.timedelta(days=1), 0, 0, 1), url)  # just after it

    snap = snapshot(plan, dt.date(2026, 10, 20), url=url)
    stats = snap.department_stats
    assert (stats[on_day].on_time_reports, stats[on_day].due_reports) == (1, 1)
    assert (stats[day_after].on_time_reports, stats[day_after].due_reports) == (0, 1)
    ranking = rank_departments(stats)
    first = ranking[0]
    assert first.department == on_day and first.rank == 1 and first.on_time_rate == 1.0
    late = next(r for r in ranking if r.department == day_after)
    assert late.on_time_rate == 0.0 and late.rank > 1
    # Before the due day has passed nothing is due yet: no rate, not a rate of zero.
    early = snapshot(plan, dt.date(2026, 10, 4), url=url).department_stats
    assert early[day_after].due_reports == 0 and early[day_after].on_time_rate is None


def _stats(name: str, *, due: int, on_time: int, items: int, done: int, red: int = 0) -> DepartmentStats:
    lights = {"green": items - red, "red": red} if red else {"green": items}
    return DepartmentStats(name, "red" if red else "green", lights, {}, items, done, due, on_time)


def test_rank_order_ties_share_a_rank_and_no_due_reports_come_last():
    stats = {
        s.key: s
        for s in (
            _stats("乙", due=4, on_time=4, items=2, done=1),  # 100 %, 50 %
            _stats("甲", due=4, on_time=4, items=2, done=1),  # the same figures: shares the rank
            _stats("丙", due=4, on_time=4, items=2, done=2),  # 100 %, 100 %: first
            _stats("丁", due=4, on_time=4, items=2, done=1, red=1),  # as 甲 and 乙 but a red item: after them
            _stats("戊", due=4, on_time=1, items=2, done=2),  # 25 %: completion does not lift it
            _stats("己", due=0, on_time=0, items=3, done=3),  # nothing due yet: last
        )
    }
    ranking = rank_departments(stats)
    assert [(r.rank, r.department) for r in ranking] == [
        (1, "丙"),
        (2, "乙"),  # equal on all three figures: same rank, listed by name (code point order: 乙 < 甲)
        (2, "甲"),
        (4, "丁"),  # the next rank is skipped
        (5, "戊"),
        (6, "己"),
    ]
    header, rows = ranking_table(ranking)
    assert header[:3] == ["排名", "部门", "按时报送率"]
    assert rows[-1][2] == "—" and rows[0][2] == "100.0%" and percent(1 / 3) == "33.3%"


def test_ranking_exports_as_csv_and_xlsx():
    from openpyxl import load_workbook

    ranking = rank_departments({"=甲": _stats("=甲", due=2, on_time=1, items=1, done=0)})
    header, rows = ranking_table(ranking)
    data = rows_csv_bytes(header, rows)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert read[0] == header and read[1][1] == "'=甲" and read[1][2] == "50.0%"  # a formula-like name stays text
    wb = load_workbook(io.BytesIO(rows_xlsx_bytes("部门排名", header, rows, ["截至 2026年10月20日"])))
    ws = wb["部门排名"]
    assert [c.value for c in ws[1]] == header
    assert ws["B2"].value == "=甲" and ws["B2"].data_type == "s"
    assert ws.cell(row=4, column=1).value == "截至 2026年10月20日"
