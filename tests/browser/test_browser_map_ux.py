"""What only a browser shows of the map page (issue 10, items 3, 8, 9): the map goes to the chosen region in the
same frame and keeps the view in the URL, zone names appear once zones are visible, the map fills the window, the
Leaflet credit carries no flag (app and HTML export), "Select all" reads in the UI language."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (  # noqa: E402
    MAP_IFRAME,
    area_fills,
    choose_option,
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    wait_for_app,
    wait_for_areas,
    wait_for_fills_change,
)

from geo.dataset import load_measures  # noqa: E402
from geo.export.html_page import write_html  # noqa: E402
from geo.places.gazetteer import load_gazetteer  # noqa: E402
from geo.selection.filters import Filters  # noqa: E402

pytestmark = pytest.mark.browser
HD = {"width": 1920, "height": 1080}

# The shown bounds contain the place's shape, and the shape fills a good part of them (fitted, with padding).
_FITTED_JS = """(place) => {
  let b = null;
  Object.values(map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.place === place && l.getBounds) b = b ? b.extend(l.getBounds()) : L.latLngBounds(l.getBounds());
  });
  const v = map.getBounds();
  const share = ((b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth()))
              / ((v.getEast() - v.getWest()) * (v.getNorth() - v.getSouth()));
  return {contains: v.contains(b), share: share, zoom: map.getZoom()};
}"""


def _open(chromium, url: str, viewport=None):
    requests: list[str] = []
    page = new_offline_page(chromium, requests, viewport=viewport or HD)
    page.goto(url)
    wait_for_app(page)
    frame = map_frame(page)
    wait_for_areas(frame)
    return page, frame, requests


def _view(page) -> list[float] | None:
    value = parse_qs(urlparse(page.url).query).get("view")
    return [float(x) for x in value[0].split(",")] if value else None


def test_choosing_a_region_fits_the_map_to_it_in_the_same_frame_and_the_url_keeps_the_view(chromium, app_server):
    page, frame, requests = _open(chromium, app_server + "/")
    try:
        page.wait_for_timeout(800)
        assert _view(page) is None, "an untouched map puts no view in the link"
        frame.evaluate("() => { window.__probe = 'same-document'; }")
        before = frame.evaluate(_FITTED_JS, "shenzhen")
        choose_option(page, "地区", "地市 · 深圳市")
        frame.wait_for_function("() => map.getZoom() >= 9", timeout=20_000)
        page.wait_for_timeout(600)  # the fly animation
        after = frame.evaluate(_FITTED_JS, "shenzhen")
        assert frame.evaluate("window.__probe") == "same-document"  # no frame reload
        assert after["contains"] and after["share"] > 0.25 and after["share"] > 5 * before["share"], after
        page.wait_for_function("() => new URLSearchParams(location.search).has('view')", timeout=10_000)
        view = _view(page)
        assert abs(view[2] - after["zoom"]) < 0.01
        screenshot(page, "map_fit_shenzhen_1080")
        # A zone too: fitted, outlined like a chosen city.
        # Zones are far down the list (it is virtual): choose_option types to find the option, as a user would.
        choose_option(page, "地区", "合作区 · 横琴")
        page.keyboard.press("Escape")
        # Both chosen regions (深圳 and 横琴) in view.
        frame.wait_for_function("() => map._dbaFitKey === 'hengqin,shenzhen'", timeout=20_000)
        page.wait_for_timeout(800)
        assert frame.evaluate(_FITTED_JS, "hengqin")["contains"] and frame.evaluate(_FITTED_JS, "shenzhen")["contains"]
        assert frame.locator("path.dba-sel").count() >= 1
        # The shared link opens at the same view.
        page.wait_for_function("() => new URLSearchParams(location.search).has('view')", timeout=10_000)
        shared, view = page.url, _view(page)
    finally:
        page.context.close()
    assert external_requests(requests) == []
    page, frame, _ = _open(chromium, shared)
    try:
        page.wait_for_timeout(500)
        centre = frame.evaluate("() => [map.getCenter().lat, map.getCenter().lng, map.getZoom()]")
        assert abs(centre[0] - view[0]) < 1e-3 and abs(centre[1] - view[1]) < 1e-3 and centre[2] == view[2]
    finally:
        page.context.close()


def test_zone_names_show_once_the_zone_is_a_few_pixels_wide(chromium, app_server):
    page, frame, _ = _open(chromium, app_server + "/")
    try:
        shown = """(name) => [...document.querySelectorAll('.dba-label .zone')]
            .some(d => d.textContent.startsWith(name) && d.offsetParent !== null && d.style.visibility !== 'hidden')"""
        # 南沙 (≈ 0.4° wide) is some 70 px wide at zoom 8: named there, not only from zoom 9 on as before.
        frame.evaluate("() => map.setView([22.75, 113.55], 8.25, {animate: false})")
        page.wait_for_timeout(500)
        assert frame.evaluate(shown, "南沙")
        # 河套 (≈ 0.04°) is a dot at zoom 8: no name yet.
        assert not frame.evaluate(shown, "河套")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [HD, {"width": 3840, "height": 2160}], ids=["1080p", "4k"])
def test_the_map_fills_the_window_height(chromium, app_server, size):
    page, frame, _ = _open(chromium, app_server + "/", viewport=size)
    try:
        page.wait_for_timeout(500)
        box = page.query_selector(MAP_IFRAME).bounding_box()
        assert box["y"] + box["height"] > 0.9 * size["height"], box
        assert box["y"] + box["height"] <= size["height"]
        # The shapes are drawn over the whole frame (Leaflet follows the frame's size).
        assert frame.evaluate("() => map.getSize().y") >= box["height"] - 2
        screenshot(page, f"map_fill_{size['width']}")
    finally:
        page.context.close()


# Container pixels of the legend, each city/SAR polygon's bounding box, and the frame (the untouched overview).
_LEGEND_AND_AREAS_JS = """() => {
  const c = map.getContainer().getBoundingClientRect();
  const r = document.querySelector('.dba-legend').getBoundingClientRect();
  const boxes = {};
  Object.values(map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    if (!p || p.count === undefined || !l.getBounds) return;
    const b = l.getBounds(), nw = map.latLngToContainerPoint(b.getNorthWest()),
          se = map.latLngToContainerPoint(b.getSouthEast());
    boxes[p.place] = [nw.x, nw.y, se.x, se.y];
  });
  return {legend: [r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top], boxes: boxes,
          size: [c.width, c.height]};
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "size", [{"width": 1440, "height": 900}, HD, {"width": 3840, "height": 2160}], ids=["1440", "1080p", "4k"]
)
def test_the_legend_covers_no_city_and_the_overview_fills_the_frame(chromium, app_server, size):
    page, frame, _ = _open(chromium, app_server + "/", viewport=size)
    try:
        # The frame grows to the window after the first draw; the overview is fitted again then.
        frame.wait_for_function("() => map.getSize().y >= window.innerHeight - 2", timeout=20_000)
        page.wait_for_timeout(400)
        got = frame.evaluate(_LEGEND_AND_AREAS_JS)
        legend, boxes, (width, height) = got["legend"], got["boxes"], got["size"]
        assert len(boxes) == 23
        extent = [min(b[0] for b in boxes.values()), min(b[1] for b in boxes.values())]
        extent += [max(b[2] for b in boxes.values()), max(b[3] for b in boxes.values())]
        assert not [pid for pid, box in boxes.items() if _overlap(box, legend)], (legend, boxes)
        assert not _overlap(extent, legend), (extent, legend)  # not even the data's bounding box
        # The whole province is in view and fills the frame (at 4K too: fitted again when the frame grew).
        assert extent[0] >= 0 and extent[1] >= 0 and extent[2] <= width and extent[3] <= height, (extent, width)
        assert max((extent[2] - extent[0]) / width, (extent[3] - extent[1]) / height) > 0.75, (extent, width, height)
        screenshot(page, f"map_legend_{size['width']}")
    finally:
        page.context.close()


# Children of the legend whose text or swatch runs past the legend's own box (px), and the legend's overflow.
_LEGEND_OVERFLOW_JS = """() => {
  const legend = document.querySelector('.dba-legend');
  const r = legend.getBoundingClientRect();
  const out = [];
  legend.querySelectorAll('*').forEach(el => {
    const b = el.getBoundingClientRect();
    if (b.width && (b.right > r.right + 0.5 || b.left < r.left - 0.5)) out.push(el.className + ': ' + el.textContent);
  });
  return {outside: out, overflow: legend.scrollWidth - legend.clientWidth};
}"""


@pytest.mark.parametrize("lang", ["zh", "zh_hant", "en"])
def test_the_legend_text_stays_inside_its_box_in_every_language(chromium, app_server, lang):
    # A theme filter adds the region-wide line (its group names are long in English).
    theme = load_measures()[-1]["theme_short"]
    page, frame, _ = _open(chromium, f"{app_server}/?lang={lang}&theme={theme}")
    try:
        frame.wait_for_function("() => document.querySelector('.dba-legend .grp')", timeout=20_000)
        got = frame.evaluate(_LEGEND_OVERFLOW_JS)
        assert got["outside"] == [] and got["overflow"] <= 0, got
    finally:
        page.context.close()


def test_filtering_an_untouched_overview_does_not_move_the_map(chromium, app_server):
    """The legend comes back with each filter change (a line longer or shorter): the map must not jump."""
    page, frame, _ = _open(chromium, app_server + "/")
    try:
        frame.wait_for_function("() => map.getSize().y >= window.innerHeight - 2", timeout=20_000)
        page.wait_for_timeout(400)
        view = "() => [map.getCenter().lat, map.getCenter().lng, map.getZoom()]"
        before, fills = frame.evaluate(view), area_fills(frame)
        choose_option(page, "主题", load_measures()[-1]["theme_short"])  # fewer region-wide lines in the legend
        wait_for_fills_change(frame, fills)
        page.wait_for_timeout(400)
        assert frame.evaluate(view) == before
    finally:
        page.context.close()


def test_select_all_is_in_the_ui_language(chromium, app_server):
    page, _frame, _ = _open(chromium, app_server + "/")
    try:
        page.locator('[data-testid="stMultiSelect"]').first.click()
        option = page.locator('[data-testid="stMultiSelectDropdown"] [data-key="__select_all__"] > div').first
        option.wait_for(timeout=10_000)
        content = option.evaluate("el => getComputedStyle(el, '::after').content")
        assert content == '"全选"'
    finally:
        page.context.close()


def _attribution(page_or_frame) -> tuple[str, int]:
    box = page_or_frame.locator(".leaflet-control-attribution").first
    return box.inner_text().strip(), box.locator("svg, img").count()


def test_leaflet_credit_is_plain_text_on_the_app_map_and_the_html_export(chromium, app_server, tmp_path):
    page, frame, _ = _open(chromium, app_server + "/")
    try:
        text, flags = _attribution(frame)
    finally:
        page.context.close()
    assert text.startswith("Leaflet") and flags == 0
    path = write_html(tmp_path / "map.html", load_measures(), Filters(), load_gazetteer())
    context = chromium.new_context(offline=True)
    try:
        export = context.new_page()
        export.goto(path.as_uri())
        export.wait_for_selector(".leaflet-control-attribution", timeout=20_000)
        text, flags = _attribution(export)
    finally:
        context.close()
    assert text.startswith("Leaflet") and flags == 0
