"""Plans in a real browser: import a table on the import page, save it as a draft, publish it, then open it by
its URL (?plan=N) from a second, fresh browser context — another user, with nothing in the session.
Screenshots: artifacts/plans_import.png, artifacts/plans_second_context.png.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_support import (
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    streamlit_server,
    wait_for_app,
    wait_for_areas,
)
from table_builders import csv_table

from geo.store import plans
from geo.store.engine import dispose_engine

pytestmark = pytest.mark.browser

ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "一、建设互通的数据网络", "支持深圳前海开展数据跨境试点。", "深圳市人民政府"],
    [3, "二、推进智慧城市群", "在韶关建设数据中心集群。", "省发展改革委"],
    [4, "二、推进智慧城市群", "完善珠海城市运行管理平台。", "省住房城乡建设厅"],
]
TITLE = "城市数字化任务分工"


@pytest.fixture(scope="module")
def plans_server(tmp_path_factory, chromium):
    """The app on its own, empty SQLite database (the app upgrades and seeds it at start-up)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('plans-db') / 'app.sqlite3'}"
    with streamlit_server(env={"DATABASE_URL": url}) as base_url:
        yield base_url, url
    dispose_engine(url)


def test_a_plan_imported_and_published_opens_by_its_url_in_a_fresh_context(plans_server, chromium):
    base_url, db_url = plans_server
    requests: list[str] = []
    page = new_offline_page(chromium, requests)
    page.goto(f"{base_url}/{quote('导入数据')}")
    wait_for_app(page)
    page.set_input_files(
        'input[type="file"]', files=[{"name": "城市任务.csv", "mimeType": "text/csv", "buffer": csv_table(ROWS)}]
    )
    page.get_by_role("button", name="保存为草稿方案").wait_for(timeout=60_000)
    title = page.get_by_label("方案名称")
    title.fill(TITLE)
    title.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="保存为草稿方案").click()
    page.get_by_role("button", name="发布方案").wait_for(timeout=60_000)
    [draft] = [p for p in plans.list_plans(url=db_url) if not p.builtin]
    assert (draft.title, draft.state, draft.measures) == (TITLE, "draft", 4)
    page.get_by_role("button", name="发布方案").click()
    page.get_by_text(f"已保存为方案 {draft.id}（已发布）").wait_for(timeout=60_000)
    assert plans.get_plan(draft.id, url=db_url).state == "published"
    wait_for_app(page)
    screenshot(page, "plans_import")
    page.context.close()

    other = new_offline_page(chromium, requests)  # a fresh context: another user, no session state
    other.goto(f"{base_url}/?plan={draft.id}")
    wait_for_app(other, timeout=60_000)
    other.get_by_text(f"方案：{TITLE}").wait_for(timeout=60_000)
    caption = other.locator('[data-testid="stCaptionContainer"]', has_text="符合条件的措施").first
    caption.wait_for(timeout=60_000)
    assert "共 4 项" in caption.inner_text()
    wait_for_areas(map_frame(other))
    screenshot(other, "plans_second_context")
    switcher = other.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="方案")
    assert switcher.input_value() == TITLE  # the switcher shows the link's plan

    other.goto(f"{base_url}/?plan=9999")  # a stale link: one clear line, no traceback
    other.get_by_text("链接中的方案 9999 不存在").wait_for(timeout=60_000)
    assert other.locator('[data-testid="stException"]').count() == 0
    other.context.close()
    assert external_requests(requests) == []
