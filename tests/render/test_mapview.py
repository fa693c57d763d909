"""Unit tests for the map library: classes, geometry encoding, base map, selection layer, escaping, assets."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from geo.places.gazetteer import Gazetteer, Place
from geo.places.textmarks import mark_segments
from geo.render.names import short_name
from geo.render.web import assets, mapview, screen_geometry
from geo.selection.classes import PALETTE, ZERO_COLOUR, classify, colour_for
from geo.selection.filters import Filters, place_counts, select
from ui.measure_cards import card_html

HOSTILE = "<img src=x onerror=alert(1)>"


# ---------------------------------------------------------------- classes


def test_zero_has_its_own_neutral_colour():
    classes = classify({"a": 0, "b": 3})
    assert colour_for(0, classes) == ZERO_COLOUR
    assert colour_for(1, classes) != ZERO_COLOUR
    assert classes.legend()[0] == ("0", ZERO_COLOUR)


def test_small_counts_get_one_class_per_value_and_top_is_darkest():
    classes = classify([1, 2, 3])
    assert classes.labels() == ["1", "2", "3"]
    assert classes.colour(3) == PALETTE[-1]
    assert classes.colour(1) == PALETTE[0]


def test_large_counts_get_increasing_contiguous_integer_classes():
    classes = classify([1, 7, 60])
    assert len(classes.upper) == len(PALETTE)
    assert classes.lower[0] == 1 and classes.upper[-1] == 60
    for lo, hi, next_lo in zip(classes.lower, classes.upper, classes.lower[1:], strict=False):
        assert lo <= hi and next_lo == hi + 1
    # every count falls in exactly the class whose range holds it
    for n in range(1, 61):
        i = classes.index(n)
        assert classes.lower[i] <= n <= classes.upper[i]


def test_no_measures_gives_no_classes():
    classes = classify({"a": 0})
    assert classes.labels() == [] and classes.colour(0) == ZERO_COLOUR


# ---------------------------------------------------------------- geometry encoding


def test_encoded_rings_decode_to_the_rounded_coordinates():
    ring = [[113.12345, 22.5], [113.2, 22.51], [113.2004, 22.5101], [113.3, 22.7], [113.12345, 22.5]]
    decoded = screen_geometry.decode_ring(screen_geometry.encode_ring(ring))
    assert decoded[0] == [113.123, 22.5]
    assert len(decoded) == 4  # the vertex that rounds onto its neighbour is dropped
    assert all(
        abs(a - b) <= 0.0005
        for p, q in zip(decoded, [ring[0], ring[1], ring[3], ring[4]], strict=True)
        for a, b in zip(p, q, strict=True)
    )


def test_shared_edges_stay_shared_after_encoding():
    left = [[113.0, 22.0], [113.51234, 22.0], [113.51234, 23.0], [113.0, 23.0], [113.0, 22.0]]
    right = [[113.51234, 22.0], [114.0, 22.0], [114.0, 23.0], [113.51234, 23.0], [113.51234, 22.0]]
    a = screen_geometry.decode_ring(screen_geometry.encode_ring(left))
    b = screen_geometry.decode_ring(screen_geometry.encode_ring(right))
    assert a[1] == b[0] and a[2] == b[3]


def test_area_geometry_holds_all_23_cities_and_sars(gaz):
    data = json.loads(mapview.area_geometry_json())
    ids = {f[0] for f in data}
    assert len(ids) == 23
    assert {p.id for p in gaz.of_kind("city", "sar")} == ids


# ---------------------------------------------------------------- base map and assets


def test_base_map_uses_only_vendored_assets(gaz):
    html = mapview.base_map("zh", gazetteer=gaz).get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page must load Leaflet from somewhere"
    assert all(u.startswith(assets.SERVED_PREFIX) for u in urls), urls
    assert not re.search(r"https?://(cdn|code\.jquery|cdnjs|netdna|unpkg)", html)
    for rel in assets.asset_files():
        assert (assets.STATIC / rel).is_file(), rel


def test_base_map_has_no_tiles_by_default_and_online_tiles_when_chosen(gaz):
    offline = mapview.base_map("zh", gazetteer=gaz).get_root().render()
    assert "tileLayer" not in offline
    online = mapview.base_map("zh", basemap="osm", gazetteer=gaz).get_root().render()
    assert "tile.openstreetmap.org" in online
    with pytest.raises(ValueError):
        mapview.base_map("zh", basemap="gaode", gazetteer=gaz)


def test_inline_mode_embeds_assets_for_a_standalone_page(gaz):
    m = mapview.base_map("zh", gazetteer=gaz)
    assets.localize_assets(m, mode="inline")
    html = m.get_root().render()
    assert not re.findall(r'<script[^>]+src="', html)
    assert not re.findall(r'<link[^>]+href="http', html)
    assert "L.Control.FullScreen" in html or "fullscreen" in html.lower()
    assert "jQuery" in html


def test_unknown_cdn_asset_is_refused():
    import folium

    m = folium.Map(tiles=None)
    m.default_js = [*m.default_js, ("some_plugin", "https://cdn.example.org/p.js")]
    with pytest.raises(assets.UnknownAssetError):
        assets.localize_assets(m)


def test_schematic_zones_are_dashed_and_labelled(gaz):
    html = mapview.base_map("zh", gazetteer=gaz).get_root().render()
    assert '"dashArray": "5 4"' in html
    assert json.dumps("横琴（示意）", ensure_ascii=False)[1:-1] in html or "横琴（示意）" in html


def test_labels_are_short_names(gaz):
    assert short_name(gaz["guangzhou"], "zh") == "广州"
    assert short_name(gaz["hong-kong"], "zh") == "香港"
    assert short_name(gaz["hengqin"], "zh") == "横琴"
    assert short_name(gaz["shenzhen"], "en") == "Shenzhen"


# ---------------------------------------------------------------- selection layer


def _props(fg) -> dict:
    chor = next(c for c in fg._children.values() if isinstance(c, mapview.AreaChoropleth))
    return chor.props


def test_selection_counts_match_the_filters(gaz, measures):
    f = Filters(themes=(measures[0]["theme_short"],))
    sel = select(measures, f, gaz)
    props = _props(mapview.selection_layer(sel, gaz, f, "zh"))
    expected = place_counts(sel, gaz)
    assert len(props) == 23
    assert {pid: p["count"] for pid, p in props.items() if p["count"]} == dict(expected)


def test_group_measures_are_counted_separately_unless_switched_on(gaz, measures):
    bay_only = [m for m in measures if {t["place"] for t in m["places"]} == {"greater-bay-area"}]
    if not bay_only:
        pytest.skip("seed data has no measure tagged only to the bay area")
    off = _props(mapview.selection_layer(bay_only, gaz, Filters(), "zh"))
    on = _props(mapview.selection_layer(bay_only, gaz, Filters(include_groups=True), "zh"))
    assert off["shenzhen"]["count"] == 0 and on["shenzhen"]["count"] == len(bay_only)
    assert on["shaoguan"]["count"] == 0  # not a bay-area member
    legend = mapview.legend_html(classify([0]), Counter({"greater-bay-area": 3}), gaz, "zh", False, 3)
    assert "粤港澳大湾区" in legend and "未计入各市" in legend


def test_highlight_outlines_the_measure_places(gaz, measures):
    m = next(m for m in measures if any(t["place"] == "shenzhen" for t in m["places"]))
    props = _props(mapview.selection_layer(measures, gaz, Filters(), "zh", highlight=m))
    assert props["shenzhen"].get("hl") == 1
    assert not any(
        p.get("hl")
        for pid, p in props.items()
        if pid not in gaz.area_ids("shenzhen") and pid not in {a for t in m["places"] for a in gaz.area_ids(t["place"])}
    )


def test_tooltips_and_legend_are_escaped():
    hostile_place = Place(id="shenzhen", kind="city", name_zh=HOSTILE, name_zh_hant=HOSTILE, name_en=HOSTILE)
    group = Place(
        id="g", kind="region_group", name_zh=HOSTILE, name_zh_hant=HOSTILE, name_en=HOSTILE, members=("shenzhen",)
    )
    gaz = Gazetteer([hostile_place, group])
    measure = {
        "id": 1,
        "theme_short": "x",
        "theme": "x",
        "text": HOSTILE,
        "departments": [],
        "places": [{"place": "shenzhen", "evidence": "x", "rule": "r"}, {"place": "g", "evidence": "x", "rule": "r"}],
    }
    fg = mapview.selection_layer([measure], gaz, Filters(), "zh")
    script = "".join(c._template.module.script(c) for c in fg._children.values())
    assert HOSTILE not in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script


def test_template_syntax_in_data_is_shown_as_text(gaz, measures):
    """A measure text with Jinja syntax (an imported table may hold any text) reaches the map's popups literally:
    it is neither a template error nor evaluated, in the app's map frame or in a rendered (exported) page."""
    import folium
    from streamlit_folium import _get_feature_group_string

    odd = "数据{% if x %}共享{{ 7*7 }}平台。"
    m = {**next(m for m in measures if any(t["place"] == "shenzhen" for t in m["places"])), "text": odd}
    fg = mapview.selection_layer([m], gaz, Filters(), "zh", interactive=True)
    host = folium.Map(tiles=None)
    folium.Figure().add_child(host)
    script = _get_feature_group_string(fg, host)  # what st_folium sends to the map frame
    page = host.get_root().render()  # what a standalone page holds
    for text in (script, page):
        assert "{% if x %}" in text and "{{ 7*7 }}" in text and "共享49" not in text


def test_clicked_feature_maps_to_a_region(gaz):
    assert mapview.clicked_place({"properties": {"place": "shenzhen"}}, gaz) == "shenzhen"
    assert mapview.clicked_place({"properties": {"place": "hengqin"}}, gaz) == "hengqin"
    assert mapview.clicked_place({"properties": {"place": "gz-supercomputing"}}, gaz) is None
    assert mapview.clicked_place({"properties": {}}, gaz) is None
    assert mapview.clicked_place(None, gaz) is None


# ---------------------------------------------------------------- the measure list


def test_evidence_segments_rebuild_the_text_and_merge_overlaps():
    text = "依托国家超级计算广州中心、深圳中心建设"
    segs = mark_segments(text, ["国家超级计算广州中心", "广州中心、深圳中心", ""])
    assert "".join(s for s, _ in segs) == text
    assert [s for s, ev in segs if ev] == ["国家超级计算广州中心、深圳中心"]


def test_measure_card_escapes_text_and_marks_evidence(gaz):
    m = {
        "id": 7,
        "theme_short": "要素通",
        "text": f"在深圳{HOSTILE}建设",
        "departments": [HOSTILE],
        "places": [{"place": "shenzhen", "evidence": "深圳", "rule": "city"}],
    }
    html = card_html(m, gaz, "zh")
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>深圳</mark>" in html
    assert "深圳市" in html  # the place list
