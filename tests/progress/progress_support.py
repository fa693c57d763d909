"""What the progress tests share: the seed plan with a quarterly cycle, one account per role, and small helpers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from geo.progress import sheets
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


FIRST = sheets.FIRST_ROW  # the first assignment's row in a progress sheet
NAME = "filled.xlsx"


def col(field: str) -> int:
    return [c.field for c in sheets.COLUMNS].index(field) + 1


def edit(data: bytes, changes: dict[tuple[int, str], object], formats: dict | None = None) -> bytes:
    """The workbook with cells changed, as a department's spreadsheet program would save it."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheets.t("sheet_progress", sheets.LANG)]
    for (row, field), value in changes.items():
        ws.cell(row, col(field)).value = value
    for (row, field), number_format in (formats or {}).items():
        ws.cell(row, col(field)).number_format = number_format
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SMALL_ROWS = [  # 序号, 工作任务, 具体措施, 牵头部门, 完成时限
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省科技厅", "2026年12月底前"],
    [2, "一、建设互通的数据网络", "支持深圳前海开展数据跨境试点。", "省科技厅、省教育厅", "持续推进"],
    [3, "二、培育数字产业", "建设粤港澳大湾区人才平台。", "省教育厅", "2027年6月"],
]


@pytest.fixture
def small(world) -> int:
    """A three-measure plan (ids 1–3, four assignments) with a deadline column and a quarterly cycle from
    2026-01-01: few enough facts for a test to state every light."""
    from table_builders import HEADER, csv_table

    data = csv_table(SMALL_ROWS, header=[*HEADER, "完成时限"])
    plan = service.import_plan_bytes(service.OPERATOR, data, "small.csv", publish=True)
    service.ensure_assignments(plan.id)
    progress_service.set_cycle(service.OPERATOR, plan.id, "quarterly", due_days=DUE_DAYS, report_from=CYCLE_FROM)
    return plan.id
