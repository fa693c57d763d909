"""「当前地图视野」 on the export page: the map's view script, the reader's parsing, and the page's extent choice.

The browser round trip (pan on the map page → sessionStorage → reader component → export page) is in
test_browser_export_view.py; here AppTest covers the page with and without a reported view.
"""

from __future__ import annotations

import json
import re

import pytest
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.render.web.assets import STATIC
from geo.render.web.mapview import VIEW_STORAGE_KEY, ViewStore, base_map
from ui.view_reader import LAST_VIEW, parse_view

PAGE = "pages/3_导出.py"
VIEW = [113.7, 22.4, 114.4, 22.9]  # roughly Shenzhen


def _preview_url(at: AppTest) -> str:
    (image,) = at.get("image")
    return image.proto.imgs[0].url


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_view_store_script_writes_session_storage_and_posts_nothing():
    m = base_map()
    ViewStore().add_to(m)
    html = m.get_root().render()
    assert f"dba.viewStore({m.get_name()}, {json.dumps(VIEW_STORAGE_KEY)});" in html
    assert '<script src="/app/static/map/map.js">' in html
    code = (STATIC / "map" / "map.js").read_text(encoding="utf-8")
    assert "sessionStorage.setItem" in code and "moveend" in code and "catch (e)" in code
    # Nothing reaches Streamlit from the map on pan: no component message is posted.
    assert "postMessage" not in html and "setComponentValue" not in html


def test_map_page_carries_the_view_script_without_returning_bounds():
    at = run_page("pages/0_地图.py", timeout=90)
    (comp,) = [c for c in at.get("component_instance") if "script" in json.loads(c.proto.json_args)]
    args = json.loads(comp.proto.json_args)
    assert "dba.viewStore(" in args["script"] and json.dumps(VIEW_STORAGE_KEY)[1:-1] in args["script"]
    assert "/app/static/map/map.js" in args["js_links"]
    assert "bounds" not in (args.get("returned_objects") or [])


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        [1, 2, 3],
        ["a", 1, 2, 3],
        [114, 22, 113, 23],
        [114, 23, 115, 22],
        [float("nan"), 22, 115, 23],
        [-200, 22, 115, 23],
        {"w": 1},
    ],
)
def test_parse_view_rejects_anything_but_a_box(value):
    assert parse_view(value) is None


def test_parse_view_accepts_a_box():
    assert parse_view(VIEW) == tuple(VIEW)
    assert parse_view(["113.7", 22.4, 114.4, 22.9]) == tuple(VIEW)


def test_without_a_reported_view_the_two_old_choices_remain():
    at = run_page(PAGE, {"region": "shenzhen"}, timeout=90)
    extent = at.radio(key="exp_extent")
    assert list(extent.options) == ["全图范围", "所选地区范围"]
    assert extent.value == "regions"  # a region filter frames its region
    assert any("当前地图视野" in c for c in _captions(at))  # the hint: how to get one


def test_a_reported_view_is_offered_selected_and_shown():
    at = run_page(PAGE, timeout=90)
    full_preview = _preview_url(at)
    at.session_state[LAST_VIEW] = VIEW  # what ui.view_reader keeps once the component has reported a view
    at.run()
    assert not at.exception
    extent = at.radio(key="exp_extent")
    assert list(extent.options) == ["全图范围", "当前地图视野"]
    assert extent.value == "view"
    assert "视野：东经 113.70°–114.40°，北纬 22.40°–22.90°" in _captions(at)
    assert _preview_url(at) != full_preview
    # The user's own choice then stands on later reruns (the same view is not re-imposed).
    extent.set_value("full")
    at.run()
    assert at.radio(key="exp_extent").value == "full"
    assert _preview_url(at) == full_preview


def test_html_export_opens_at_the_reported_view():
    from geo.dataset import load_measures
    from geo.export.html_page import html_bytes
    from geo.places.gazetteer import load_gazetteer
    from geo.selection.filters import Filters

    text = html_bytes(load_measures(), Filters(), load_gazetteer(), extent=tuple(VIEW)).decode("utf-8")
    fits = [json.loads(b) for b in re.findall(r"map_\w+\.fitBounds\(\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])", text)]
    # The view's fitBounds runs last, so the page opens there (the base map's full-extent fit comes first).
    assert len(fits) == 2 and fits[-1] == [[22.4, 113.7], [22.9, 114.4]], fits
