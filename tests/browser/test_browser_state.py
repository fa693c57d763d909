"""URL state in a real browser: filters survive the language switch and page switches, Back restores the previous
view, fast changes are never lost, page links survive a server restart, and URL or data text is never markdown.

Only a browser shows these: history entries, the address bar, the widgets' chips and what the markdown renderer
made of a string. Screenshots: artifacts/state_*.png.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, unquote, urlparse

import pytest
from browser_support import (
    choose_option,
    external_requests,
    new_offline_page,
    screenshot,
    wait_for_app,
)
from table_builders import csv_table

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters, select

pytestmark = pytest.mark.browser

THEME = "产业通"
TOTAL = len(load_measures())
SIDEBAR = '[data-testid="stSidebar"]'


def _count(**filters) -> int:
    f = Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in filters.items()})
    return len(select(load_measures(), f, load_gazetteer()))


def _summary_zh(n: int) -> str:
    return f"符合条件的措施 {n} 项（共 {TOTAL} 项）"


def _wait_text(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def _shows(page, text: str, timeout: float = 15_000) -> bool:
    """Whether the text appears in time (a lost change shows as the wrong count, reported after the loop)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        _wait_text(page, text, timeout)
    except PlaywrightTimeout:
        return False
    return True


def _settle(page) -> None:
    """The app is idle: no script run, and none started in the next moment (a queued rerun shows by then)."""
    wait_for_app(page)
    page.wait_for_timeout(400)
    wait_for_app(page)


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _path(page) -> str:
    return unquote(urlparse(page.url).path)


def _view_of(url: str) -> tuple[str, dict[str, list[str]]]:
    """Path and query of a URL without `view`: the map's camera, which the map writes in place (replaceState, no
    history entry) whenever it fits or is moved; what Back must restore is the filters and the page."""
    parts = urlparse(url)
    return parts.path, {k: v for k, v in parse_qs(parts.query).items() if k != "view"}


def _chips(page, label: str) -> list[str]:
    box = page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').filter(
        has=page.locator(f'input[role="combobox"][aria-label="{label}"]')
    )
    box.wait_for(timeout=30_000)
    # Read at once (a redraw between count and read would lose a chip); not the <template> copy beside the box.
    return box.locator(".react-aria-ComboBox [data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )


def _keyword_box(page, label: str = "关键词"):
    return page.locator(f'{SIDEBAR} [data-testid="stTextInput"]').filter(has_text=label).locator("input")


def _history(page) -> int:
    return page.evaluate("history.length")


def _choose_language(page, name: str) -> None:
    page.get_by_role("combobox", name=re.compile("Language")).click()
    page.get_by_role("option", name=name).click()


@pytest.fixture()
def page(chromium, app_server):
    requests: list[str] = []
    pg = new_offline_page(chromium, requests)
    pg.requests = requests
    yield pg
    pg.context.close()
    assert external_requests(requests) == [], "a request left localhost"


# ---------------------------------------------------------------- issue 10 item 1: filters are held by id


def test_switching_language_keeps_the_filters_and_page_links_carry_them(page, app_server):
    n = _count(themes=[THEME], regions=["shenzhen"])
    assert 0 < n < TOTAL
    page.goto(f"{app_server}/?region=shenzhen&theme={quote(THEME)}")
    _wait_text(page, _summary_zh(n))

    _choose_language(page, "English")
    _wait_text(page, f"{n} of {TOTAL} measures match")
    _settle(page)
    screenshot(page, "state_lang_en")
    assert len(_chips(page, "Region")) == 1 and "Shenzhen" in _chips(page, "Region")[0]
    assert len(_chips(page, "Theme")) == 1
    q = _query(page)
    assert q.get("region") == ["shenzhen"] and q.get("theme") == [THEME] and q.get("lang") == ["en"], page.url
    screenshot(page, "state_lang_en")

    _choose_language(page, "繁體中文")
    _wait_text(page, f"符合條件的措施 {n} 項")
    _settle(page)
    assert len(_chips(page, "地區")) == 1 and len(_chips(page, "主題")) == 1
    assert _query(page).get("theme") == [THEME] and _query(page).get("lang") == ["zh_hant"]

    # A page switch from the sidebar keeps the language and the filters.
    page.locator(f'{SIDEBAR} [data-testid="stPageLink"] a', has_text="措施列表").first.click()
    page.wait_for_function("() => decodeURIComponent(location.pathname).endsWith('措施列表')", timeout=30_000)
    _wait_text(page, f"符合條件的措施 {n} 項")
    _settle(page)
    q = _query(page)
    assert q.get("lang") == ["zh_hant"] and q.get("region") == ["shenzhen"] and q.get("theme") == [THEME], page.url
    assert len(_chips(page, "地區")) == 1


# ---------------------------------------------------------------- issue 10 item 2: Back restores the previous view


def test_each_change_is_one_history_entry_and_back_restores_the_previous_view(page, app_server):
    page.goto(f"{app_server}/")
    _wait_text(page, _summary_zh(TOTAL))
    _settle(page)
    start_url, start_len = page.url, _history(page)

    choose_option(page, "主题", THEME)
    _wait_text(page, _summary_zh(_count(themes=[THEME])))
    _settle(page)
    themed_url = page.url
    assert _query(page).get("theme") == [THEME] and _history(page) == start_len + 1

    choose_option(page, "地区", "地市 · 深圳市")
    _wait_text(page, _summary_zh(_count(themes=[THEME], regions=["shenzhen"])))
    _settle(page)
    assert _query(page).get("region") == ["shenzhen"] and _history(page) == start_len + 2

    page.go_back()
    _wait_text(page, _summary_zh(_count(themes=[THEME])))
    _settle(page)
    assert _view_of(page.url) == _view_of(themed_url) and _chips(page, "地区") == [] and len(_chips(page, "主题")) == 1

    page.go_back()
    _wait_text(page, _summary_zh(TOTAL))
    _settle(page)
    page.wait_for_timeout(1000)  # the app must not write the old filters back
    assert _view_of(page.url) == _view_of(start_url) and _chips(page, "主题") == []

    page.go_forward()
    _wait_text(page, _summary_zh(_count(themes=[THEME])))
    _settle(page)
    assert _view_of(page.url) == _view_of(themed_url) and len(_chips(page, "主题")) == 1


def test_a_page_switch_is_one_history_entry_and_back_from_the_briefing_is_a_url_that_existed(page, app_server):
    page.goto(f"{app_server}/{quote('措施列表')}?theme={quote(THEME)}")
    _wait_text(page, _summary_zh(_count(themes=[THEME])))
    _settle(page)
    list_url, before = page.url, _history(page)

    page.locator(f'{SIDEBAR} [data-testid="stPageLink"] a', has_text="汇报模式").first.click()
    page.wait_for_selector('aside.dba-panel, [data-testid="stHtml"] .dba-panel', timeout=60_000)
    _settle(page)
    assert _path(page).endswith("汇报模式") and _query(page).get("theme") == [THEME], page.url
    assert _history(page) == before + 1, "a page switch must add exactly one history entry"

    page.go_back()
    page.wait_for_function("() => decodeURIComponent(location.pathname).endsWith('措施列表')", timeout=30_000)
    _wait_text(page, _summary_zh(_count(themes=[THEME])))
    _settle(page)
    page.wait_for_timeout(1000)
    assert _view_of(page.url) == _view_of(list_url), (
        f"Back from the briefing: {unquote(page.url)} instead of {unquote(list_url)}"
    )


# ---------------------------------------------------------------- issue 18 item 3: fast changes are never lost

PAIRS = [
    ("数据", "跨境"),
    ("人工智能", "医疗"),
    ("交通", "政务"),
    ("安全", "港澳"),
    ("标准", "平台"),
    ("试点", "人才"),
    ("工业", "产业"),
    ("创新", "智慧"),
    ("算力", "数据"),
    ("跨境", "安全"),
]


def test_two_entries_100_ms_apart_ten_times_never_lose_one(page, app_server):
    page.goto(f"{app_server}/")
    _wait_text(page, _summary_zh(TOTAL))
    _settle(page)
    box = _keyword_box(page)
    lost = []
    for first, second in PAIRS:
        assert _count(keyword=first) != _count(keyword=second)
        box.fill(first)
        box.press("Enter")
        page.wait_for_timeout(100)
        box.fill(second)
        box.press("Enter")
        expected = _summary_zh(_count(keyword=second))
        _shows(page, expected)
        _settle(page)
        state = (box.input_value(), _query(page).get("q"), expected in page.inner_text("body"))
        if state != (second, [second], True):
            lost.append((first, second, state))
    screenshot(page, "state_fast_keywords")
    assert lost == [], f"changes lost (box, URL q, count shown): {lost}"


def test_a_theme_and_a_keyword_100_ms_apart_both_stay(page, app_server):
    page.goto(f"{app_server}/")
    _wait_text(page, _summary_zh(TOTAL))
    _settle(page)
    box = _keyword_box(page)
    lost = []
    for keyword in ("数据", "平台", "港澳"):
        choose_option(page, "主题", THEME)  # types the name (the list is virtual) and waits for the chip
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        box.fill(keyword)
        box.press("Enter")
        expected = _summary_zh(_count(themes=[THEME], keyword=keyword))
        _shows(page, expected)
        _settle(page)
        q = _query(page)
        state = (len(_chips(page, "主题")), box.input_value(), q.get("theme"), q.get("q"))
        if state != (1, keyword, [THEME], [keyword]) or expected not in page.inner_text("body"):
            lost.append((keyword, state))
        page.get_by_role("button", name="清除全部筛选").click()
        _wait_text(page, _summary_zh(TOTAL))
        _settle(page)
    assert lost == [], f"changes lost (theme chips, box, URL theme, URL q): {lost}"


# ---------------------------------------------------------------- issue 18 item 9: page links survive a restart


def test_the_map_pages_file_name_link_opens_the_map_with_its_filters(page, app_server):
    page.goto(f"{app_server}/")  # app.py has run: the page list is the app's own
    _settle(page)
    page.goto(f"{app_server}/{quote('地图')}?q={quote('数据')}")
    _wait_text(page, _summary_zh(_count(keyword="数据")))
    _settle(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stSidebar] input')].some(e => e.value === '数据')",
        timeout=60_000,
    )
    assert "Page not found" not in page.inner_text("body")
    assert _keyword_box(page).input_value() == "数据"


# ---------------------------------------------------------------- issue 18 item 6: no markdown from URLs or data

TRAP = "http://trap.invalid"  # an image or link pointing there, or a request (aborted offline), is the failure


def _text(locator) -> str:
    return locator.inner_text().replace("\u2060", "")  # md_escape's invisible word joiner breaks autolinks


def _no_markdown_output(page) -> None:
    assert page.locator(f'img[src^="{TRAP}"]').count() == 0
    assert page.locator(f'a[href^="{TRAP}"]').count() == 0
    assert not [u for u in page.requests if u.startswith(TRAP)]  # (the fixture also checks nothing left localhost)


def test_markdown_in_url_parameters_is_shown_as_text(page, app_server):
    theme = f"![x]({TRAP}/t.png)"
    keyword = f"[点我]({TRAP}/q)**粗体**"
    page.goto(f"{app_server}/{quote('导出')}?theme={quote(theme)}&q={quote(keyword)}")
    page.wait_for_selector("h1:has-text('导出')", timeout=60_000)
    _settle(page)
    warning = page.locator(f'{SIDEBAR} [data-testid="stAlert"]').first
    assert theme in _text(warning)  # the unknown value, named as typed
    headline = page.locator('[data-testid="stMarkdownContainer"]', has_text="粗体").first
    assert keyword in _text(headline)  # brackets and stars shown, not a link and bold
    assert headline.locator("strong").count() == 1  # only our own bold frame around the description
    _no_markdown_output(page)
    screenshot(page, "state_markdown_url")


def test_markdown_in_an_imported_table_is_shown_as_text(page, app_server):
    task = f"一、[点我]({TRAP}/a)**粗体**![i]({TRAP}/t.png)"
    table = csv_table([[1, task, "在广州南沙建设国际数据中心。", "省政务服务数据管理局"]])
    page.goto(f"{app_server}/{quote('导入数据')}")
    page.wait_for_selector('input[type="file"]', state="attached", timeout=60_000)
    page.set_input_files('input[type="file"]', files=[{"name": "t.csv", "mimeType": "text/csv", "buffer": table}])
    page.get_by_role("button", name="在本次会话中使用此数据").click(timeout=60_000)
    page.get_by_text("正在使用导入的数据").first.wait_for(timeout=30_000)
    _settle(page)
    page.locator(f'{SIDEBAR} [data-testid="stPageLink"] a', has_text="措施列表").first.click()
    _wait_text(page, "符合条件的措施 1 项（共 1 项）", timeout=60_000)
    _settle(page)
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="粗体").first
    caption.wait_for(timeout=30_000)
    assert "**粗体**" in _text(caption) and f"[点我]({TRAP}/a)" in _text(caption)
    _no_markdown_output(page)
    screenshot(page, "state_markdown_import")
