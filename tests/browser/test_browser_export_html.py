"""The exported HTML map opened from disk in Debian's Chromium with the network cut off: it must still draw."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_support import ARTIFACTS

from geo.dataset import load_measures
from geo.export.html_page import write_html
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters

pytestmark = pytest.mark.browser

OFFLINE_SCHEMES = {"file", "data", "blob", "about"}


def test_exported_html_draws_all_23_areas_offline(chromium, tmp_path):
    gaz = load_gazetteer()
    path = write_html(tmp_path / "map.html", load_measures(), Filters(themes=("要素通",)), gaz)

    requests: list[str] = []
    context = chromium.new_context(offline=True, viewport={"width": 1280, "height": 860}, locale="zh-CN")

    def handle(route):
        url = route.request.url
        requests.append(url)
        if urlparse(url).scheme in OFFLINE_SCHEMES:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        # The 21 cities + 2 SARs are the interactive polygons of the overlay pane (context provinces are not).
        page.wait_for_function(
            "() => document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length >= 23",
            timeout=20_000,
        )
        areas = page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
        filled = page.evaluate(
            "() => [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]"
            ".filter(p => (p.getAttribute('d') || '').length > 20).length"
        )
        legend = page.locator(".dba-legend").inner_text()
        head = page.locator(".dba-export-head").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-html-offline.png"))
    finally:
        context.close()

    assert areas == 23 and filled == 23
    assert "要素通" in head and "资料来源" in head
    assert legend.strip()
    assert errors == []
    assert [u for u in requests if urlparse(u).scheme not in OFFLINE_SCHEMES] == []
