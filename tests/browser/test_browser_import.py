"""The import page in a real browser: upload with the file chooser, confirm, and see every page switch datasets.

A page switch goes through the sidebar links (a reload would start a new session, and an import lives only in
the browser session). Screenshots: artifacts/import_*.png.
"""

from __future__ import annotations

import hashlib
import re
import time
from urllib.parse import quote

import pytest
from browser_support import (
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    wait_for_app,
    wait_for_areas,
)
from hostile_files import workbook
from table_builders import HEADER
from table_builders import csv_table as build_csv

from geo import paths

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "一、建设互通的数据网络", f"支持深圳前海开展数据跨境试点{XSS}。", "深圳市人民政府、粤港数据协调办公室"],
    [3, "二、推进智慧城市群", "在韶关建设数据中心集群。", "省发展改革委"],
]
UPLOAD = 'input[type="file"]'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_table(rows=ROWS, header=HEADER, encoding: str = "gbk") -> bytes:
    return build_csv(rows, header, encoding)


def _open_import_page(chromium, app_server, requests, dialogs):
    page = new_offline_page(chromium, requests)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_server}/{quote('导入数据')}")
    wait_for_app(page)
    page.wait_for_selector(UPLOAD, state="attached", timeout=30_000)
    return page


def _upload(page, name: str, data: bytes, mime: str = "text/csv") -> None:
    page.set_input_files(UPLOAD, files=[{"name": name, "mimeType": mime, "buffer": data}])


def _go_to_map(page) -> None:
    """The first sidebar link is the map page; clicking it keeps the browser session (and its import)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').first.click()
    page.wait_for_selector('[data-testid="stCaptionContainer"] >> text=/符合条件的措施/', timeout=60_000)
    wait_for_app(page)


def _summary(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]', has_text="符合条件的措施").first.inner_text()


def test_gbk_table_is_used_by_the_map_and_shows_markup_as_text(app_server, chromium):
    before = hashlib.sha256(paths.MEASURES.read_bytes()).hexdigest()
    requests: list[str] = []
    dialogs: list[str] = []
    page = _open_import_page(chromium, app_server, requests, dialogs)
    try:
        _upload(page, "湾区任务表.csv", csv_table())
        page.get_by_role("button", name="在本次会话中使用此数据").wait_for(timeout=60_000)
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics == ["3", "2", "4", "0"]
        assert page.get_by_text("粤港数据协调办公室").count() >= 1  # the unknown department, named
        screenshot(page, "import_preview")

        page.get_by_role("button", name="在本次会话中使用此数据").click()
        page.get_by_text("正在使用导入的数据：湾区任务表.csv（3 项）").wait_for(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "import_active")

        _go_to_map(page)
        page.get_by_text("正在使用导入的数据：湾区任务表.csv（3 项）").wait_for(timeout=30_000)
        assert re.search(r"符合条件的措施 3 项（共 3 项）", _summary(page))
        # The hostile measure text is shown as text in the list of measures, and never runs.
        page.get_by_text(XSS, exact=False).first.wait_for(timeout=30_000)
        assert page.locator('img[src="x"]').count() == 0
        fills = wait_for_areas(map_frame(page, timeout=60_000))  # the map draws the imported selection
        assert len(set(fills.values())) > 1  # shaded by count: some cities have measures, most none
        screenshot(page, "import_map")

        page.get_by_role("button", name="恢复内置数据").click()
        page.wait_for_function("() => document.body.innerText.includes('（共 60 项）')", timeout=60_000)
        assert page.get_by_text("正在使用导入的数据").count() == 0
    finally:
        page.context.close()
    assert dialogs == []
    assert external_requests(requests) == []
    assert hashlib.sha256(paths.MEASURES.read_bytes()).hexdigest() == before


def test_garbage_xlsx_gives_a_clear_error_and_keeps_builtin_data(app_server, chromium):
    requests: list[str] = []
    dialogs: list[str] = []
    page = _open_import_page(chromium, app_server, requests, dialogs)
    try:
        _upload(
            page,
            "任务表.xlsx",
            bytes(range(256)) * 40,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        error = page.locator('[data-testid="stAlertContentError"]')
        error.wait_for(timeout=60_000)
        assert "任务表.xlsx：不是有效的 .xlsx 文件" in error.inner_text()  # the line in the UI's language
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Traceback" not in page.inner_text("body")
        assert page.get_by_role("button", name="在本次会话中使用此数据").count() == 0
        screenshot(page, "import_error")
        _go_to_map(page)
        assert "（共 60 项）" in _summary(page) and page.get_by_text("正在使用导入的数据").count() == 0
    finally:
        page.context.close()
    assert dialogs == [] and external_requests(requests) == []


def test_a_far_cell_workbook_is_refused_in_one_line_while_the_server_serves_others(app_server, chromium):
    """A 5 KB .xlsx with one cell at XFD1048576 (built here with openpyxl) through the real file uploader: one
    refusal line naming the cell and the limit, while another visitor's map page loads (issue 18 item 1: it
    used to grow the server from 204 MB to 4 GB in 56 s)."""
    data = workbook(far_value="x")
    assert len(data) < 10_000
    dialogs: list[str] = []
    page = _open_import_page(chromium, app_server, [], dialogs)
    other = new_offline_page(chromium)
    try:
        started = time.monotonic()
        _upload(page, "far.xlsx", data, XLSX)
        other.goto(f"{app_server}/")  # another visitor, while the upload is read
        other.get_by_text(re.compile(r"符合条件的措施 \d+ 项")).wait_for(timeout=60_000)
        wait_for_areas(map_frame(other, timeout=60_000))
        other_loaded = time.monotonic() - started
        error = page.locator('[data-testid="stAlertContentError"]')
        error.wait_for(timeout=60_000)
        refused = time.monotonic() - started
        print(f"far-cell upload: refused after {refused:.1f} s; other visitor's map after {other_loaded:.1f} s")
        assert error.count() == 1
        assert "单元格 XFD1048576 超出范围（上限 20000 行、200 列）" in error.inner_text()
        assert refused < 30  # the guard reads the used range, not the claimed sheet: a few seconds at most
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_role("button", name="在本次会话中使用此数据").count() == 0
        screenshot(page, "import_far_cell_refused")
        other.reload()  # the server still answers a fresh session after the refusal
        other.get_by_text(re.compile(r"符合条件的措施 \d+ 项")).wait_for(timeout=60_000)
    finally:
        other.context.close()
        page.context.close()
    assert dialogs == []


def test_missing_department_column_is_named(app_server, chromium):
    dialogs: list[str] = []
    page = _open_import_page(chromium, app_server, [], dialogs)
    try:
        _upload(page, "缺列.csv", csv_table(rows=[r[:3] for r in ROWS], header=HEADER[:3]))
        error = page.locator('[data-testid="stAlertContentError"]')
        error.wait_for(timeout=60_000)
        assert "缺列.csv、第 1 行：缺少 牵头部门 列" in error.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "import_missing_column")
    finally:
        page.context.close()
    assert dialogs == []


def test_pdf_table_preview_shows_lead_co_and_unknown_units(app_server, chromium):
    from table_builders import ROLE_CHARS, ROLE_ROWS, pdf_table

    dialogs: list[str] = []
    page = _open_import_page(chromium, app_server, [], dialogs)
    try:
        _upload(page, "分工表.pdf", pdf_table(ROLE_ROWS, chars=ROLE_CHARS), "application/pdf")
        page.get_by_role("button", name="在本次会话中使用此数据").wait_for(timeout=60_000)
        grid = page.locator(".st-key-import_units [data-testid='stDataFrameResizable']")
        grid.wait_for(timeout=30_000)
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the grid paints its canvas after it is attached
        assert page.get_by_text("浙江金融监管局").count() >= 1  # listed among the unknown names
        screenshot(page, "import_pdf_units")
    finally:
        page.context.close()
    assert dialogs == []
