"""The as-of date across pages in a real browser (issue 16): the map's progress view and its date go with the page
link to 部门进展; a date chosen there goes with the link back to the map; Back and Forward restore each page with the
date it had. Screenshots at 1920×1080 (artifacts/progress_state_*.png)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse

import pytest
from browser_support import (  # noqa: E402
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    streamlit_server,
    wait_for_app,
    wait_for_areas,
)
from progress_demo import demo_database  # noqa: E402

from geo.store.engine import DATABASE_ENV  # noqa: E402

pytestmark = pytest.mark.browser
HD = {"width": 1920, "height": 1080}
FIRST, SECOND = "2026-09-30", "2026-06-30"


@pytest.fixture(scope="module")
def progress_server():
    with streamlit_server(env={DATABASE_ENV: demo_database()}, timeout=120) as base_url:
        yield base_url


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _on(page, path_end: str, day: str, timeout: float = 60_000) -> None:
    """Wait until the page whose path ends with PATH_END shows the as-of date DAY (YYYY-MM-DD) and is idle."""
    y, m, d = (int(x) for x in day.split("-"))
    page.wait_for_function(
        "([end, text]) => decodeURIComponent(location.pathname).endsWith(end)"
        " && document.querySelector('[data-testid=\"stMain\"]').innerText.includes(text)",
        arg=[path_end, f"截至 {y}年{m}月{d}日"],
        timeout=timeout,
    )
    wait_for_app(page, timeout)
    page.wait_for_timeout(400)
    wait_for_app(page, timeout)


def _date_box(page) -> str:
    """The date the box shows (its form value, YYYY-MM-DD)."""
    return page.locator('[data-testid="stDateInput"] input').first.input_value()


def _click_link(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').get_by_text(name, exact=True).click()


def test_back_and_forward_restore_the_as_of_date_across_a_page_switch(chromium, progress_server):
    requests: list[str] = []
    page = new_offline_page(chromium, requests, viewport=HD)
    page.goto(f"{progress_server}/?pv=1&asof={FIRST}")
    _on(page, "/", FIRST)

    _click_link(page, "部门进展")  # the link carries the date and the map's progress view
    _on(page, "部门进展", FIRST)
    assert _query(page).get("asof") == [FIRST] and _query(page).get("pv") == ["1"], unquote(page.url)
    assert _date_box(page) == FIRST

    page.get_by_role("spinbutton", name="month, 进展截至日期").click()  # the date box's month field
    page.keyboard.type(SECOND[5:7])
    page.locator("h1").first.click()  # the box commits its value when it loses the focus
    _on(page, "部门进展", SECOND)
    assert _query(page).get("asof") == [SECOND]
    screenshot(page, "progress_state_departments_1920")

    _click_link(page, "地图")
    _on(page, "/", SECOND)
    assert _query(page).get("asof") == [SECOND] and _query(page).get("pv") == ["1"]
    wait_for_areas(map_frame(page, timeout=60_000))
    screenshot(page, "progress_state_map_1920")

    page.go_back()  # 部门进展 on the second date
    _on(page, "部门进展", SECOND)
    page.go_back()  # 部门进展 before the date was changed
    _on(page, "部门进展", FIRST)
    assert _date_box(page) == FIRST
    page.go_back()  # the map as it was opened
    _on(page, "/", FIRST)
    assert _query(page).get("asof") == [FIRST]

    page.go_forward()
    _on(page, "部门进展", FIRST)
    page.go_forward()
    _on(page, "部门进展", SECOND)
    assert _date_box(page) == SECOND
    page.go_forward()
    _on(page, "/", SECOND)
    page.wait_for_timeout(1000)  # nothing writes an older date back over the restored one
    assert _query(page).get("asof") == [SECOND]
    assert external_requests(requests) == []
    page.context.close()
