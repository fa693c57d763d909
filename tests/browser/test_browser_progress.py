"""The progress round trip in a real browser (issue 15's done-when): a reporter of 省教育厅 uploads a filled sheet
on 我的任务 (built here with openpyxl from geo.progress.sheets.write_template's output); the office approves one
report on 督办 and returns another with a comment; the reporter sees the comment at the top of 我的任务.
Screenshots at 1440×900: artifacts/progress_my_tasks.png, artifacts/progress_office.png (also copied to
/work/tools/shots/ when that folder exists)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from browser_support import external_requests, new_offline_page, screenshot, streamlit_server, wait_for_app
from openpyxl import load_workbook

from geo.db import upgrade_and_seed
from geo.progress import periods
from geo.progress.rules import load_rules
from geo.progress.sheets import FIRST_ROW, write_template
from geo.store import accounts, service
from geo.store import progress_service as progress
from geo.store.engine import dispose_engine

pytestmark = pytest.mark.browser
PASSWORD = "correct horse 1"
EDU = "省教育厅"
SHOTS = Path("/work/tools/shots")
COMMENT = "请补充资金到位情况和量化指标"


def _download(page, button, attempts: int = 3):
    """The file of a download button whose data is built on click (Streamlit's deferred download).

    Each run of the page registers the button's file anew and drops the previous run's. On a loaded machine a
    click that lands while the page is still finishing a run was seen to bring no file (1 in 4 runs with both
    cores busy); a second click after the page settled brought it. So, as a person would: click again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        wait_for_app(page)
        try:
            with page.expect_download(timeout=20_000) as download:
                button.click()
            return download.value
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


@pytest.fixture  # per test: a rerun after a lost click starts from an empty database again
def progress_server(tmp_path, chromium):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    upgrade_and_seed(url)
    service.ensure_assignments(1, url=url)
    progress.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1), url=url)
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅", url=url)
    service.add_account(service.OPERATOR, "office", "reviewer", PASSWORD, url=url)
    dispose_engine(url)
    with streamlit_server(env={"DATABASE_URL": url, accounts.ARGON2_ENV: "fast"}) as base_url:
        yield base_url, url
    dispose_engine(url)


def _sign_in(page, username: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("用户名").fill(username)
    sidebar.get_by_label("密码").fill(PASSWORD)
    sidebar.get_by_role("button", name="登录").click()
    sidebar.get_by_text(f"已登录：{username}").wait_for(timeout=60_000)
    wait_for_app(page)


GOOD = (("推进中", 40, "已完成调研，方案报批中"), ("滞后", 10, "项目招标延期"))
BAD = (("推进中", 140, "比例超出"), ("差不多", 10, "状态不在列表中"))


def _filled_sheet(db_url: str, period: str, rows=GOOD) -> bytes:
    """The department's template with two rows filled in, as a reporter would in Excel."""
    wb = load_workbook(io.BytesIO(write_template(1, EDU, period, url=db_url)))
    ws = wb.worksheets[0]
    header = {cell.value: cell.column for cell in ws[FIRST_ROW - 1]}
    for row, (status, percent, text) in enumerate(rows, start=FIRST_ROW):
        ws.cell(row, header["进展状态"], status)
        ws.cell(row, header["完成比例"], percent)
        ws.cell(row, header["进展情况"], text)
        ws.cell(row, header["报告日期"], load_rules().today())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _keep(name: str, path: Path) -> None:
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / f"e-pages-{name}.png")


def test_a_filled_sheet_is_reviewed_and_the_reporter_sees_the_comment(progress_server, chromium):
    base_url, db_url = progress_server
    period = periods.period_of(load_rules().today(), "quarterly").name
    requests: list[str] = []
    reporter = new_offline_page(chromium, requests)
    reporter.goto(f"{base_url}/{quote('我的任务')}")
    wait_for_app(reporter)
    _sign_in(reporter, "edu")
    excel = reporter.locator(".st-key-tasks_excel")
    excel.wait_for(timeout=60_000)
    with reporter.expect_download(timeout=60_000) as download:
        excel.get_by_role("button", name=f"下载 {period} 填报模板").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert download.value.suggested_filename == f"进展填报-{EDU}-{period}.xlsx"
    numbers = [row[0] for row in template.worksheets[0].iter_rows(min_row=FIRST_ROW, values_only=True)]
    assert numbers == [a.measure for a in service.list_assignments(1, department=EDU, url=db_url)]
    bad = _filled_sheet(db_url, period, BAD)
    excel.locator("input[type=file]").set_input_files(
        files=[{"name": "错表.xlsx", "mimeType": "application/octet-stream", "buffer": bad}]
    )
    errors = reporter.locator(".st-key-tasks_import_errors")
    errors.get_by_text("表格未导入（2 处错误，未保存任何内容）：").wait_for(timeout=60_000)
    lines = errors.locator("li").all_inner_texts()
    assert len(lines) == 2 and all(line.startswith("错表.xlsx: row ") for line in lines), lines
    assert "完成比例" in lines[0] and "进展状态" in lines[1]
    assert progress.list_reports(1, department=EDU, url=db_url) == []  # all or nothing
    wait_for_app(reporter)  # the next upload replaces this one once the page is idle
    excel.locator("input[type=file]").set_input_files(
        files=[{"name": "填报.xlsx", "mimeType": "application/octet-stream", "buffer": _filled_sheet(db_url, period)}]
    )
    reporter.get_by_text("已导入 2 份报告，已提交审核。").wait_for(timeout=60_000)
    wait_for_app(reporter)
    submitted = progress.list_reports(1, department=EDU, url=db_url)
    assert [(r.state, r.author) for r in submitted] == [("submitted", "edu")] * 2
    first, second = submitted

    office = new_offline_page(chromium, requests)
    office.goto(f"{base_url}/{quote('督办')}")
    wait_for_app(office)
    _sign_in(office, "office")
    office.get_by_role("tab", name="待审核报告（2）").click()
    office.locator(f".st-key-sv_rev_{first.id}_box").get_by_role("button", name="通过").click()
    office.get_by_text(f"已通过措施 {first.measure}").wait_for(timeout=60_000)
    wait_for_app(office)
    office.get_by_role("tab", name="待审核报告（1）").click()
    box = office.locator(f".st-key-sv_rev_{second.id}_box")
    box.get_by_label("审核意见（退回时必填）").fill(COMMENT)
    box.get_by_label("审核意见（退回时必填）").press("Enter")  # must not submit the form (its first button approves)
    office.wait_for_timeout(1500)
    wait_for_app(office)
    assert [r.state for r in progress.list_reports(1, department=EDU, url=db_url)] == ["approved", "submitted"]
    _keep("office", screenshot(office, "progress_office"))  # the review tab, the comment typed in
    box.get_by_role("button", name="退回").click()
    office.get_by_text(f"已退回措施 {second.measure}").wait_for(timeout=60_000)
    wait_for_app(office)
    office.get_by_role("tab", name="催办").click()
    download = _download(office, office.get_by_role("button", name="下载催办清单（XLSX，每个部门一张工作表）"))
    sheets = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).sheetnames
    assert sheets[0] == "汇总" and EDU in sheets and len(sheets) > 10  # one sheet per department with items
    states = {r.id: r.state for r in progress.list_reports(1, department=EDU, url=db_url)}
    assert states == {first.id: "approved", second.id: "returned"}

    reporter.goto(f"{base_url}/{quote('我的任务')}")  # a new visit: signed out, as the next day would be
    wait_for_app(reporter)
    _sign_in(reporter, "edu")
    banner = reporter.locator(".st-key-tasks_returned")
    banner.wait_for(timeout=60_000)
    assert "1 份报告被退回" in banner.inner_text() and COMMENT in banner.inner_text()
    panel = reporter.locator(f".st-key-task_{second.assignment_id}")
    panel.get_by_text(f"退回意见（office）：{COMMENT}").first.wait_for(timeout=60_000)  # opened by itself
    wait_for_app(reporter)
    _keep("my-tasks", screenshot(reporter, "progress_my_tasks"))
    assert external_requests(requests) == []
