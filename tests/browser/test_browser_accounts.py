"""Accounts in a real browser: a reporter of 省教育厅 signs in on 我的任务 and sees only its department's
assignments as forms; the other departments' are a read-only table; a note saved there is on the record.
Screenshots: artifacts/accounts_my_tasks.png, artifacts/accounts_measure_history.png.
"""

from __future__ import annotations

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
from geo.store.engine import dispose_engine

pytestmark = pytest.mark.browser
PASSWORD = "correct horse 1"


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory, chromium):
    url = f"sqlite:///{tmp_path_factory.mktemp('accounts-db') / 'app.sqlite3'}"
    upgrade_and_seed(url)
    service.ensure_assignments(1, url=url)
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
    assert page.locator('[data-testid="stForm"]').filter(has=page.get_by_role("button", name="保存")).count() == 0
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_label("用户名").fill("edu")
    sidebar.get_by_label("密码").fill(PASSWORD)
    sidebar.get_by_role("button", name="登录").click()
    sidebar.get_by_text("已登录：edu（填报人：省教育厅）").wait_for(timeout=60_000)
    wait_for_app(page)
    editable = page.locator(".st-key-tasks_editable [data-testid='stForm']")
    editable.first.wait_for(timeout=60_000)
    mine = service.list_assignments(1, department="省教育厅", url=db_url)
    assert editable.count() == len(mine) == 6
    texts = editable.all_inner_texts()
    assert all("省教育厅" in text for text in texts) and not any("省科技厅" in text for text in texts)
    assert page.locator("[data-testid='stForm']").count() == len(mine)  # no form anywhere else on the page
    assert page.locator(".st-key-tasks_readonly [data-testid='stDataFrame']").count() == 1
    first = editable.first
    first.get_by_label("备注").fill("浏览器中填写的进展")
    first.get_by_role("button", name="保存").click()
    page.get_by_text(f"已保存措施 {mine[0].measure}").wait_for(timeout=60_000)
    screenshot(page, "accounts_my_tasks")
    history = page.locator(".st-key-tasks_history")
    history.wait_for(timeout=60_000)  # the measure just saved
    history.get_by_text("浏览器中填写的进展").first.wait_for(state="attached", timeout=30_000)
    history.scroll_into_view_if_needed()
    screenshot(page, "accounts_measure_history")
    assert service.list_assignments(1, department="省教育厅", url=db_url)[0].note == "浏览器中填写的进展"
    assert [h.actor for h in audit.measure_history(1, mine[0].measure, url=db_url)] == ["edu"]
    assert external_requests(requests) == []
