"""Issue 6 in a real browser: pan/zoom on the map page (no rerun), then 导出 offers and selects 「当前地图视野」.

The map frame keeps its view in sessionStorage (geo.mapview.ViewStore); the export page's zero-height reader
component (ui/view_reader.py) reads it. "No rerun" is observed on the wire: a Streamlit rerun is a message the
browser sends over the app's websocket, so the test counts client→server websocket frames while it pans — and
checks that the same counter does move when the user then opens 导出 (so the probe can see a rerun).
"""

from __future__ import annotations

import re
import time

import pytest
from browser_support import external_requests, map_frame, new_offline_page, screenshot, wait_for_app

from geo.render.web.mapview import VIEW_STORAGE_KEY

pytestmark = pytest.mark.browser

_MAP_BOUNDS_JS = (
    "() => { const b = window.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"
)
_BOUNDS_TEXT = re.compile(r"视野：东经 ([\d.]+)°–([\d.]+)°，北纬 ([\d.]+)°–([\d.]+)°")


def _stored_view(frame_or_page) -> list[float] | None:
    return frame_or_page.evaluate(f"() => JSON.parse(window.sessionStorage.getItem({VIEW_STORAGE_KEY!r}))")


def test_map_view_reaches_the_export_page_without_a_rerun(app_server, chromium):
    requests: list[str] = []
    sent: list[float] = []  # times of client→server websocket frames (rerun requests, widget changes)
    page = new_offline_page(chromium, requests)
    page.on("websocket", lambda ws: ws.on("framesent", lambda _payload: sent.append(time.monotonic())))
    try:
        page.goto(app_server)
        wait_for_app(page)
        frame = map_frame(page)
        frame.wait_for_function(f"() => window.sessionStorage.getItem({VIEW_STORAGE_KEY!r}) !== null")
        frame.evaluate("() => { window.__dbaProbe = 1; }")  # gone if the map frame were reloaded
        page.wait_for_timeout(1500)  # let the first run's messages settle
        before = len(sent)

        # Zoom in with the map's own button, then pan to Shenzhen/Hong Kong like a user dragging the map.
        frame.evaluate(
            "() => new Promise(r => { window.map.once('zoomend', r);"
            " document.querySelector('.leaflet-control-zoom-in').click(); })"
        )
        frame.evaluate(
            "() => new Promise(r => { window.map.once('moveend', r);"
            " window.map.setView([22.55, 114.1], 9.5, {animate: false}); })"
        )
        page.wait_for_timeout(2000)
        map_bounds = frame.evaluate(_MAP_BOUNDS_JS)

        assert len(sent) == before, "panning/zooming sent messages to Streamlit (a rerun)"
        assert frame.evaluate("() => window.__dbaProbe") == 1, "the map frame was reloaded"
        assert frame.evaluate("() => window.map.getZoom()") == 9.5
        # The view is in the tab's sessionStorage, readable from the top page too (same origin, same tab).
        stored = _stored_view(page)
        assert stored == pytest.approx(map_bounds, abs=1e-4)
        w, s, e, n = stored
        assert (w + e) / 2 == pytest.approx(114.1, abs=0.01) and s < 22.55 < n and e - w < 2.5  # zoomed in

        # Same tab → the export page through the sidebar link (a rerun: the probe must see it).
        page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a', has_text="导出").click()
        page.wait_for_url(re.compile(".*/%E5%AF%BC%E5%87%BA|.*/导出"))
        wait_for_app(page)
        assert len(sent) > before, "the websocket probe saw no message for a page switch: it proves nothing"

        view_radio = page.get_by_role("radio", name="当前地图视野")
        view_radio.wait_for(timeout=30_000)
        page.wait_for_function(
            "() => { const r = [...document.querySelectorAll('input[type=radio]')]"
            ".find(i => i.closest('label') && i.closest('label').innerText.includes('当前地图视野'));"
            " return r && r.checked; }",
            timeout=30_000,
        )
        caption = page.get_by_text(_BOUNDS_TEXT)
        caption.wait_for(timeout=30_000)
        w, e, s, n = (float(x) for x in _BOUNDS_TEXT.search(caption.inner_text()).groups())
        assert [w, s, e, n] == pytest.approx(map_bounds, abs=0.006)
        page.wait_for_selector('[data-testid="stImage"] img', timeout=60_000)
        wait_for_app(page)
        page.wait_for_timeout(500)
        screenshot(page, "export_view")
        assert page.get_by_role("radio", name="全图范围").count() == 1
    finally:
        page.context.close()

    assert external_requests(requests) == []
