"""Accounts in a real browser: a reporter of 省教育厅 signs in on 我的任务 and sees only its department's
assignments as panels; the other departments' are a read-only table; a report submitted there is on the record.
Screenshots: artifacts/accounts_my_tasks.png, artifacts/accounts_measure_history.png.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from browser_support import (
    external_requests,
    new_offline_page,
    screenshot,
    streamlit_server,
    wait_for_app,
)

from geo.db import upgrade_and_seed
from geo.store import accounts, audit, service
from geo.store import progress_service as progress
from geo.store.engine import dispose_engine

pytestmark = pytest.mark.browser
PASSWORD = "correct horse 1"


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory, chromium):
    url = f"sqlite:///{tmp_path_factory.mktemp('accounts-db') / 'app.sqlite3'}"
    upgrade_and_seed(url)
    service.ensure_assignments(1, url=url)
    progress.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1), url=url)
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅", url=url)
    dispose_engine(url)
    with streamlit_server(env={"DATABASE_URL": url, accounts.ARGON2_ENV: "fast"}) as base_url:
        yield base_url, url
    dispose_engine(url)


def test_a_reporter_signs_in_and_edits_only_its_departments_assignments(accounts_server, chromium):
    base_url, db_url = accounts_server
    requests: list[str] = []
    page = new_offline_page(chromium, requests, viewport={"width": 1400, "height": 1000})
    page.goto(f"{base_url}/{quote('我的任务')}")
    wait_for_app(page)
    assert page.locator(".st-key-tasks_editable").count() == 0  # no panels before signing in
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("用户名").fill("edu")
    sidebar.get_by_label("密码").fill(PASSWORD)
    sidebar.get_by_role("button", name="登录").click()
    sidebar.get_by_text("已登录：edu（填报人：省教育厅）").wait_for(timeout=60_000)
    wait_for_app(page)
    editable = page.locator(".st-key-tasks_editable [data-testid='stExpander']")
    editable.first.wait_for(timeout=60_000)
    mine = service.list_assignments(1, department="省教育厅", url=db_url)
    assert editable.count() == len(mine) == 6
    titles = editable.all_inner_texts()  # one panel per assignment of 省教育厅, titled by its measure
    assert [re.search(r"(\d+)", title).group(1) for title in titles] == [str(a.measure) for a in mine]
    assert page.locator("[data-testid='stForm']").count() == 0  # panels draw their forms when opened
    assert page.locator(".st-key-tasks_readonly [data-testid='stDataFrame']").count() == 1
    first = page.locator(f".st-key-task_{mine[0].id}")
    first.locator("summary").click()
    first.get_by_label("进展情况").fill("浏览器中填写的进展")
    first.get_by_role("button", name="提交").click()
    page.get_by_text(f"已提交措施 {mine[0].measure}").wait_for(timeout=60_000)
    first.get_by_text("本期报告已提交，等待专责小组办公室审核。").wait_for(timeout=60_000)  # no form until reviewed
    screenshot(page, "accounts_my_tasks")
    history = page.locator(".st-key-tasks_history")
    history.wait_for(timeout=60_000)
    history.scroll_into_view_if_needed()
    screenshot(page, "accounts_measure_history")
    [report] = progress.list_reports(1, department="省教育厅", url=db_url)
    assert (report.progress, report.author) == ("浏览器中填写的进展", "edu")
    assert [h.actor for h in audit.measure_history(1, mine[0].measure, url=db_url)] == ["edu"]
    assert external_requests(requests) == []
