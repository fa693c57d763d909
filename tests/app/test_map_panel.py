"""The map page hands the map component exactly what st_folium would (ui/map_panel.py renders the base map once
and calls the component itself): same base script, same selection layer, same links, same key. If a
streamlit-folium upgrade changes what st_folium sends, this fails before the frame starts reloading."""

from __future__ import annotations

import json

from apptest_support import run_page
from streamlit.testing.v1 import AppTest


def _plain_st_folium_script(region: str, lang: str) -> None:
    # Runs inside AppTest (its own module namespace): imports are local.
    import streamlit as st
    from streamlit_folium import st_folium

    from geo.dataset import load_measures
    from geo.places.gazetteer import load_gazetteer
    from geo.render.web.mapview import MAP_HEIGHT, selection_layer
    from geo.selection.filters import Filters, select
    from ui.map_panel import MAP_KEY, RETURNED_OBJECTS, app_base_map

    gaz, measures = load_gazetteer(), load_measures()
    f = Filters(regions=(region,))
    selection = select(measures, f, gaz)
    highlight = selection[0]
    st_folium(
        app_base_map(lang, None),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=selection_layer(selection, gaz, f, lang, highlight=highlight, interactive=True),
        returned_objects=RETURNED_OBJECTS,
    )
    st.session_state["_hl"] = str(highlight["id"])


def _args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def test_the_map_page_sends_what_st_folium_sends():
    # A zone chosen and a measure highlighted: selected-zone and highlight outlines are in the layer too.
    plain = AppTest.from_function(_plain_st_folium_script, args=("hengqin", "zh"), default_timeout=60)
    plain.run()
    assert not plain.exception, [e.message for e in plain.exception]
    expected = _args(plain)
    app = run_page(None, {"region": "hengqin", "hl": plain.session_state["_hl"]})
    got = _args(app)
    assert set(got) == set(expected)
    for name in expected:
        assert got[name] == expected[name], name


def test_the_base_script_stays_the_same_across_reruns_and_sessions():
    """The frame is rebuilt whenever the base script changes: it must not, whatever the filters."""
    first = run_page(None, {"theme": "产业通"})
    other = run_page(None, {"region": "shenzhen"})
    a, b = _args(first), _args(other)
    assert a["script"] == b["script"] and a["key"] == b["key"]
    assert a["feature_group"] != b["feature_group"]
