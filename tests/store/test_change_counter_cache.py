"""A per-process cache of progress data keyed on the store's change counter (geo.store.audit.change_count): the
export page's report files. A report submitted through another app replica (here: through the service, as any
replica does) changes the counter, so the next click builds a new file instead of serving the stale one."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)

from geo.store import audit, plans, progress_service, service
from geo.store.progress_service import ReportInput
from ui.report_panel import report_bytes

PERIOD = "2026-Q3"
PROGRESS = "集群副本之间同步的进展"


def _cells(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_a_report_submitted_elsewhere_is_in_the_next_report_file(upgraded):
    plan = plans.builtin_plan(url=upgraded)
    progress_service.set_cycle(service.OPERATOR, plan.id, "quarterly", report_from=dt.date(2026, 7, 1), url=upgraded)
    service.ensure_assignments(plan.id, url=upgraded)
    edu = service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅", url=upgraded)
    mine = service.list_assignments(plan.id, department="省教育厅", url=upgraded)[0]
    version = plans.get_plan(plan.id, url=upgraded).version
    report_bytes.clear()

    def click() -> bytes:  # what the download button does: the counter is read at the click
        return report_bytes(upgraded, plan.id, version, PERIOD, "zh", "xlsx", audit.change_count(url=upgraded))

    before = click()
    assert PROGRESS not in _cells(before)
    stale_key = audit.change_count(url=upgraded)
    item = ReportInput(period=PERIOD, as_of=dt.date(2026, 9, 30), status="推进中", percent=50, progress=PROGRESS)
    actor = service.actor_for(edu.username, url=upgraded)
    progress_service.save_report(actor, mine.id, item, submit=True, url=upgraded, now=dt.datetime(2026, 10, 1, 12))
    assert audit.change_count(url=upgraded) > stale_key
    assert PROGRESS in _cells(click())
    # Without the counter in the key, the cache would have answered with the file made before the report:
    assert report_bytes(upgraded, plan.id, version, PERIOD, "zh", "xlsx", stale_key) == before
