"""The exported HTML map lists the measures it counts, and a click on a city lists that city's measures."""

from __future__ import annotations

import copy
import re

import pytest
from browser_support import ARTIFACTS

from geo.dataset import load_measures
from geo.export.html_page import write_html
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters, select

pytestmark = pytest.mark.browser


def test_exported_html_lists_the_measures_and_a_city_click_lists_its_own(chromium, tmp_path):
    gaz = load_gazetteer()
    measures = copy.deepcopy(load_measures())
    f = Filters(regions=("shenzhen",))
    selection = select(measures, f, gaz)
    # Imported text that tries markup: it must show as text in the list and the popup, never run.
    selection[0]["text"] = '<img src=x onerror="window.__pwned=1">深圳测试措施'
    path = write_html(tmp_path / "map.html", measures, f, gaz)
    layer = re.search(r"dba.exportPopups\((area_choropleth_\w+),", path.read_text(encoding="utf-8")).group(1)

    context = chromium.new_context(offline=True, viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(".dba-export-list li", timeout=20_000)
        items = page.locator(".dba-export-list li").all_inner_texts()
        # A real click at Shenzhen's centre, as a reader would do.
        centre_js = f"""() => {{
                let pt = null;
                {layer}.onAreas(areas => areas.eachLayer(l => {{
                    if (l.feature.properties.place === 'shenzhen') {{
                        const c = l._map.latLngToContainerPoint(l.getBounds().getCenter());
                        const box = l._map.getContainer().getBoundingClientRect();
                        pt = [box.left + c.x, box.top + c.y];
                    }}
                }}));
                return pt;
            }}"""
        popup = page.locator(".dba-export-popup .leaflet-popup-content")
        # The map may still be fitting its view when the list appears: a click is aimed again at the
        # centre as it then is, as a reader would click again (at most three times).
        for _attempt in range(3):
            x, y = page.evaluate(centre_js)
            page.mouse.click(x, y)
            try:
                popup.wait_for(timeout=4_000)
                break
            except Exception:
                page.wait_for_timeout(500)
        popup.wait_for(timeout=2_000)
        popup_text = popup.inner_text()
        pwned = page.evaluate("() => window.__pwned === 1")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-html-list-popup.png"))
    finally:
        context.close()

    assert not errors, errors
    assert len(items) == len(selection)
    assert [int(re.match(r"\d+", i).group()) for i in items] == [m["id"] for m in selection]
    assert any("<img" in i and "深圳测试措施" in i for i in items)  # shown as text
    assert "深圳市" in popup_text and f"{len(selection)} 项" in popup_text
    for m in selection:
        assert re.search(rf"(^|\n){m['id']}\D", popup_text), (m["id"], popup_text)
    assert not pwned
