"""The page list a user sees: localized titles, and the same links on a page opened by a bookmarked deep link."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_support import external_requests, new_offline_page, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

LINKS_ZH = ["地图", "措施列表", "汇报模式", "导出", "导入数据"]


def _nav_links(page) -> list[str]:
    page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stPageLink"]', timeout=30_000)
    return [s.strip() for s in page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').all_inner_texts()]


def test_a_deep_link_on_a_fresh_server_still_shows_the_page_list(chromium):
    # A fresh server: its first visitor comes straight to /措施列表 (a bookmark), before anyone has opened /.
    with streamlit_server() as base:
        requests: list[str] = []
        page = new_offline_page(chromium, requests)
        page.goto(f"{base}/{quote('措施列表')}")
        wait_for_app(page)
        links = _nav_links(page)
        assert links[:5] == LINKS_ZH, links
        assert "app" not in links  # never the file-name menu of the pages/ folder
        page.get_by_role("link", name="导出").first.click()
        page.wait_for_selector("h1:has-text('导出')", timeout=30_000)
        assert _nav_links(page)[:5] == LINKS_ZH
        assert external_requests(requests) == []
        page.context.close()


def test_page_titles_follow_the_ui_language(chromium, app_server):
    page = new_offline_page(chromium)
    page.goto(f"{app_server}/?lang=en")
    wait_for_app(page)
    assert _nav_links(page)[:5] == ["Map", "Measures", "Briefing", "Export", "Import data"]
    page.context.close()
