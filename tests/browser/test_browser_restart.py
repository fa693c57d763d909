"""A killed and restarted server: an open map page reconnects by itself and shows the same view (issue 18, item 4).

The server is killed with SIGKILL (no clean shutdown) and started again on the same port; the page is never
reloaded by the test. Its filters live in the URL, so the reconnected session rebuilds the same view from it.
"""

from __future__ import annotations

import signal
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    area_fills,
    free_port,
    map_frame,
    new_offline_page,
    screenshot,
    start_streamlit,
    stop_process,
    wait_for_app,
    wait_for_areas,
)
from table_builders import csv_table

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters, select
from geo.store import plans
from geo.store.engine import dispose_engine

pytestmark = pytest.mark.browser


def _start(port: int) -> subprocess.Popen:
    return start_streamlit(port, timeout=90, log_name=f"restart-streamlit-{port}.log")


def _kill_and_restart(proc: subprocess.Popen, port: int, page) -> subprocess.Popen:
    """SIGKILL the server, start it again on the same port, and wait until the open page has reconnected by itself
    (no reload by the test: Streamlit's client reconnects and reruns the page from its URL)."""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    page.wait_for_timeout(1500)  # the page notices the lost connection
    proc = _start(port)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stConnectionStatus\"]')", timeout=60_000)
    wait_for_app(page, timeout=60_000)
    return proc


def _caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]', has_text="项").first.inner_text()


def test_open_page_reconnects_after_a_kill_with_the_same_view(chromium):
    port = free_port()
    theme = load_measures()[-1]["theme_short"]
    proc = _start(port)
    try:
        page = new_offline_page(chromium)
        page.goto(f"http://127.0.0.1:{port}/?theme={theme}")
        wait_for_app(page)
        fills = wait_for_areas(map_frame(page))
        caption = _caption(page)
        url = page.url

        proc = _kill_and_restart(proc, port, page)
        page.wait_for_function(
            "(c) => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
            ".some(e => e.innerText === c)",
            arg=caption,
            timeout=60_000,
        )
        assert page.url == url
        frame = map_frame(page, timeout=60_000)
        wait_for_areas(frame)
        assert area_fills(frame) == fills
        assert (
            page.get_by_role("button", name=f"Remove {theme}").count()
            + page.locator('[data-testid="stMultiSelect"]', has_text=theme).count()
            > 0
        )
        screenshot(page, "restart_reconnected")
        page.context.close()
    finally:
        stop_process(proc)


PLAN_TITLE = "广州市数字政府工作要点"
PLAN_ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "二、推进智慧城市群", "支持深圳前海开展数据跨境试点。", "深圳市人民政府"],
    [3, "二、推进智慧城市群", "完善城市运行管理平台。", "省住房城乡建设厅"],
]


def test_the_first_change_after_a_restart_is_kept_in_the_chosen_plan(chromium, tmp_path, monkeypatch):
    """A page open on a chosen plan while the server is killed and restarted: the user's next change (a keyword
    typed into the box) is applied, in the same plan (issue 18 item 3: "the first change after a server restart
    is always lost"). The tab is titled after the plan, before and after (issue 13)."""
    from geo.db import upgrade_and_seed

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)  # the server started below inherits it
    upgrade_and_seed(url)
    info = plans.import_bytes(csv_table(PLAN_ROWS), "要点.csv", title=PLAN_TITLE, publish=True)
    measures = plans.plan_measures(info.id)
    dispose_engine(url)
    keyword = "数据"
    n = len(select(measures, Filters(keyword=keyword), load_gazetteer()))
    assert 0 < n < len(measures)

    port = free_port()
    proc = _start(port)
    try:
        page = new_offline_page(chromium)
        page.goto(f"http://127.0.0.1:{port}/?plan={info.id}")
        wait_for_app(page)
        page.get_by_text(f"符合条件的措施 {len(measures)} 项（共 {len(measures)} 项）").wait_for(timeout=60_000)
        assert page.title() == PLAN_TITLE

        proc = _kill_and_restart(proc, port, page)
        page.get_by_text(f"符合条件的措施 {len(measures)} 项（共 {len(measures)} 项）").wait_for(timeout=60_000)

        box = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"]').filter(has_text="关键词")
        box.locator("input").fill(keyword)
        box.locator("input").press("Enter")
        page.get_by_text(f"符合条件的措施 {n} 项（共 {len(measures)} 项）").wait_for(timeout=60_000)
        wait_for_app(page)
        page.wait_for_timeout(1500)  # a lost change would be undone by a late rerun: give it the time to show
        query = parse_qs(urlparse(page.url).query)
        assert query.get("q") == [keyword] and query.get("plan") == [str(info.id)], page.url
        assert box.locator("input").input_value() == keyword
        assert page.get_by_text(f"符合条件的措施 {n} 项（共 {len(measures)} 项）").count() == 1
        assert page.title() == PLAN_TITLE
        screenshot(page, "restart_change_kept")
        page.context.close()
    finally:
        stop_process(proc)
