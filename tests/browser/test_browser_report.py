"""The export page's 进展通报 section in a real browser: the Word button downloads the chosen period's report,
named after the period, and it opens with python-docx (what a report writer double-clicks next)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from browser_support import external_requests, new_offline_page, screenshot, streamlit_server, wait_for_app
from docx import Document

from geo.progress.rules import load_rules
from geo.report.content import date_text, default_as_of
from geo.store.progress_service import get_cycle
from tests.report.conftest import report_db  # noqa: F401 - the shared sample-progress database (a fixture)
from ui.report_panel import report_periods

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_server(report_db):  # noqa: F811 - the fixture imported above
    url, plan_id = report_db
    with streamlit_server(env={"DATABASE_URL": url}, timeout=120) as base_url:
        yield base_url, url, plan_id


def test_word_report_downloads_from_the_export_page(report_server, chromium, tmp_path):
    base_url, url, plan_id = report_server
    cycle = get_cycle(plan_id, url=url)
    # The section offers the newest period whose report is due today first.
    newest = report_periods(
        cycle.cycle, cycle.due_days, dt.date.fromisoformat(cycle.report_from), load_rules().today()
    )[0]
    requests: list[str] = []
    page = new_offline_page(chromium, requests)
    try:
        page.goto(f"{base_url}/{quote('导出')}")
        wait_for_app(page, 90_000)
        button = page.get_by_role("button", name="Word 通报")
        button.wait_for(timeout=90_000)
        button.scroll_into_view_if_needed()
        screenshot(page, "export-page-report-section")
        with page.expect_download(timeout=90_000) as info:
            button.click()
        download = info.value
        target = tmp_path / "report.docx"
        download.save_as(target)
    finally:
        page.context.close()

    assert download.suggested_filename == f"进展通报-{newest.name}.docx"
    doc = Document(target)
    text = "\n".join(p.text for p in doc.paragraphs)
    as_of = date_text(default_as_of(newest, cycle.due_days), "zh")
    assert f"截至 {as_of}" in text and "【示例数据】" in text
    assert len(doc.inline_shapes) == 1 and len(doc.tables) > 5
    assert external_requests(requests) == []
