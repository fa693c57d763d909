"""The running app in Debian's Chromium, offline: map drawn, no outside request, smooth filter updates,
map click → region filter, hostile text inert. Screenshots (1440×900) go to artifacts/."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import (  # noqa: E402
    MAP_IFRAME,
    area_fills,
    choose_option,
    chromium_missing_reason,
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    streamlit_server,
    wait_for_app,
    wait_for_areas,
    wait_for_fills_change,
)

from geo.dataset import load_measures  # noqa: E402

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>"

# A point inside a polygon where the topmost element really is that polygon (not a facility dot or a zone).
_CLICK_POINT_JS = """(place) => {
  let lyr = null;
  Object.values(map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.place === place && p.count !== undefined) lyr = l;
  });
  if (!lyr) return null;
  const b = lyr.getBounds();
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
    const ll = L.latLng(b.getSouth() + (b.getNorth() - b.getSouth()) * i / 12,
                        b.getWest() + (b.getEast() - b.getWest()) * j / 12);
    const pt = map.latLngToContainerPoint(ll);
    const r = map.getContainer().getBoundingClientRect();
    const el = document.elementFromPoint(r.left + pt.x, r.top + pt.y);
    if (el === lyr._path) return [r.left + pt.x, r.top + pt.y];
  }
  return null;
}"""


@pytest.fixture()
def page(chromium, app_server):
    requests: list[str] = []
    pg = new_offline_page(chromium, requests)
    pg.requests = requests
    yield pg
    pg.context.close()
    assert external_requests(requests) == [], "a request left localhost"


def open_map(page, base_url: str, query: str = ""):
    page.goto(base_url + "/" + query)
    wait_for_app(page)
    frame = map_frame(page)
    wait_for_areas(frame)
    return frame


def test_map_draws_all_areas_offline(page, app_server):
    frame = open_map(page, app_server)
    fills = area_fills(frame)
    assert len(fills) == 23
    assert {"shenzhen", "hong-kong", "macau", "guangzhou"} <= set(fills)
    # served by the app itself
    assert any("/app/static/vendor/leaflet-1.9.3/leaflet.js" in u for u in page.requests)
    assert frame.evaluate("document.querySelectorAll('.dba-label').length") >= 23
    assert "涉及措施数" in frame.evaluate("document.querySelector('.dba-legend').innerText")
    page.wait_for_timeout(500)
    screenshot(page, "map_default")


def test_filter_change_updates_layer_in_the_same_frame_and_keeps_zoom(page, app_server):
    frame = open_map(page, app_server)
    page.eval_on_selector(MAP_IFRAME, "el => { el.dataset.probe = 'same-element'; }")
    # The user zooms: a key press on the map marks the view as chosen (dba.viewUrl), so no later resize of the frame
    # fits the overview again (an untouched overview is refitted when the page's layout changes the map's height).
    frame.evaluate(
        "() => { window.__probe = 'same-document'; map.getContainer().dispatchEvent(new KeyboardEvent('keydown'));"
        " map.setZoom(8.5, {animate: false}); }"
    )
    zoom = frame.evaluate("map.getZoom()")
    # The polygons are built once and restyled: the same SVG paths carry the new fills (no geometry resent).
    frame.evaluate("() => map._dbaAreas.eachLayer(l => { l._path.dataset.probe = 'kept'; })")
    before = area_fills(frame)
    theme = load_measures()[-1]["theme_short"]
    choose_option(page, "主题", theme)
    after = wait_for_fills_change(frame, before)
    assert after != before
    kept = "() => { let n = 0; map._dbaAreas.eachLayer(l => { n += l._path.dataset.probe === 'kept'; }); return n; }"
    assert frame.evaluate(kept) == 23
    assert page.eval_on_selector(MAP_IFRAME, "el => el.dataset.probe") == "same-element"  # same frame element
    assert frame.evaluate("window.__probe") == "same-document"  # not reloaded
    assert frame.evaluate("map.getZoom()") == zoom
    page.wait_for_function("() => location.search.includes('theme=')")
    screenshot(page, "map_theme_filter")


def test_click_on_shenzhen_lists_its_measures_and_filters_from_the_popup(page, app_server):
    frame = open_map(page, app_server)
    frame.evaluate("() => map.setView([22.6, 114.05], 9, {animate: false})")
    page.wait_for_timeout(300)
    point = frame.evaluate(_CLICK_POINT_JS, "shenzhen")
    assert point, "no clickable point found inside 深圳"
    box = page.query_selector(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    # The click shows what the plan asks of 深圳 (序号, theme, short text); filtering is the popup's action.
    popup = frame.locator(".dba-pop")
    popup.wait_for(timeout=10_000)
    assert "深圳市" in popup.inner_text() and "序号" in popup.inner_text()
    # No black focus box around the clicked shape.
    assert frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") in ("none", "")
    screenshot(page, "map_popup_shenzhen")
    frame.locator(".dba-pop-filter").click()
    page.wait_for_function("() => location.search.includes('region=shenzhen')", timeout=20_000)
    wait_for_app(page)
    # the chip in the region filter ("地市 · 深圳市（n）")
    page.get_by_role("button", name=re.compile("^Remove .*深圳市")).first.wait_for(timeout=10_000)
    frame.wait_for_function(
        """() => Object.values(map._layers).some(l => l.feature && l.feature.properties
        && l.feature.properties.place === 'shenzhen' && l._path && l._path.getAttribute('stroke-width') === '2.5')""",
        timeout=10_000,
    )
    screenshot(page, "map_click_shenzhen")


def test_languages(page, app_server):
    frame = open_map(page, app_server, "?lang=en")
    assert "Shenzhen" in frame.evaluate("document.body.innerText")
    page.wait_for_timeout(300)
    screenshot(page, "map_english")
    frame = open_map(page, app_server, "?lang=zh_hant")
    assert "廣州" in frame.evaluate("document.body.innerText")
    screenshot(page, "map_traditional")


def test_measures_page(page, app_server):
    page.goto(app_server + "/措施列表")
    wait_for_app(page)
    page.get_by_role("tab", name="牵头部门统计").wait_for(timeout=20_000)
    page.wait_for_timeout(800)
    screenshot(page, "measures_page")
    page.get_by_role("tab", name="牵头部门统计").click()
    page.locator("canvas, svg.marks").first.wait_for(timeout=20_000)  # the Vega-Lite chart
    page.wait_for_timeout(800)
    screenshot(page, "measures_departments")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    measures = load_measures()
    hostile = dict(
        measures[0],
        id=999,
        text=f"在深圳建设{HOSTILE}平台",
        subtask=HOSTILE,
        places=[{"place": "shenzhen", "evidence": "深圳", "rule": "city"}],
    )
    path = tmp_path_factory.mktemp("hostile") / "measures.json"
    path.write_text(json.dumps([*measures, hostile], ensure_ascii=False), encoding="utf-8")
    with streamlit_server(env={"DBA_MEASURES": str(path)}) as url:
        yield url


def test_hostile_text_runs_no_script(chromium, hostile_server):
    requests: list[str] = []
    pg = new_offline_page(chromium, requests)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        frame = open_map(pg, hostile_server, "?q=onerror")
        pg.get_by_text(HOSTILE).first.wait_for(timeout=10_000)  # shown literally, as text
        # hover 深圳 so its tooltip renders too
        pt = frame.evaluate(_CLICK_POINT_JS, "shenzhen")
        if pt:
            box = pg.query_selector(MAP_IFRAME).bounding_box()
            pg.mouse.move(box["x"] + pt[0], box["y"] + pt[1])
        pg.wait_for_timeout(1000)
        assert dialogs == []
        assert pg.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert frame.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        screenshot(pg, "hostile_text")
    finally:
        pg.context.close()
    assert external_requests(requests) == []


def test_the_list_page_table_is_as_tall_as_its_rows_up_to_its_scroll_height(page, app_server):
    """Three matching measures: a table of three rows, not a fixed 420 px grid of empty rows under them; the whole
    plan: the fixed height, scrolled inside."""
    from urllib.parse import quote

    table = '[data-testid="stDataFrame"]'
    heights = {}
    for query, rows in (("?region=qianhai", 3), ("", 60)):
        page.goto(f"{app_server}/{quote('措施列表')}{query}")
        wait_for_app(page)
        page.wait_for_selector(table, timeout=30_000)
        page.wait_for_timeout(300)
        page.get_by_text(f"符合条件的措施 {rows} 项").first.wait_for(timeout=10_000)
        heights[rows] = page.locator(table).first.bounding_box()["height"]
    # the grid's rows are 35 px, the header one more
    assert heights[3] <= 4 * 35 + 8, heights
    assert 400 <= heights[60] <= 440, heights
