"""The map component: a base map rendered once, the selection as `feature_group_to_add`, clicks → region filter.

Why the care: streamlit-folium remounts the map frame (zoom lost, 0.4–1 s) whenever the base map script
changes, and st_folium re-renders the whole base map on every call (~15–30 ms of Jinja per rerun, before the
map's update can leave the server) and mutates the map it is given. So the base map's part of st_folium's
arguments is rendered once per (language, base map, data version) with streamlit-folium's own functions, and
each rerun renders only the selection layer (on a throwaway host map, so the cached map is never touched and
nothing piles up in it: issue 18) and hands both to the same component st_folium calls. The arguments are
exactly st_folium's (tests/app/test_map_panel.py compares them), so the frame takes the same update path: the
layer is swapped in the same frame, no reload. Tied to streamlit-folium 0.27.x (pinned in requirements.txt).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium
from streamlit_folium import generate_js_hash

from geo import paths
from geo.places.gazetteer import Gazetteer
from geo.render.web.mapview import (
    FIT_PADDING,
    MAP_HEIGHT,
    VIEW_QUERY_KEY,
    JsCall,
    ViewStore,
    base_map,
    clicked_place,
    overview_bounds,
)
from geo.render.web.progress_layer import progress_assets
from ui.filters_panel import K_REGION, set_regions

MAP_KEY = "dba_map"
# Only what the page uses: the clicked feature (its `place` property) and the click counter (so a second click
# on the same city is still a new click). Panning and zooming do not rerun the app.
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]
_SEEN_CLICK = "_map_click_seen"
_LAST_LAYER = "_map_layer_sent"  # hash of the selection layer last sent to this session's browser

# How long the script waits after the map's update, before it produces the rest of the page (the list, the
# sidebar's counts). Sent together, the browser renders those (~100 ms of React and layout with 150 cards and
# the filter widgets) before the map frame gets its new layer; sent 40 ms apart, the map is drawn first.
# bench/bench_map.py, repaint median after a filter change (5,000 measures): 0.20 s without, 0.12 s with 40 ms.
MAP_FIRST_PAUSE_S = 0.04


@dataclass(frozen=True)
class RenderedBase:
    """The base map's share of st_folium's component arguments, rendered once."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def data_stamp() -> tuple:
    """Modification times of the files the base map is drawn from (a regenerated file → a new base map)."""
    files = [paths.PLACES, *sorted(paths.BOUNDARIES.glob("*.geojson"))] if paths.BOUNDARIES.exists() else [paths.PLACES]
    return tuple((f.name, f.stat().st_mtime_ns) for f in files if f.exists())


def app_base_map(lang: str, basemap: str | None) -> folium.Map:
    """The map page's base map: the shared base plus the page's own browser-side helpers."""
    m = base_map(lang, basemap or None)
    # ViewStore: the export page's 「当前地图视野」 comes from here (sessionStorage), never from a rerun on pan.
    ViewStore().add_to(m)
    # The view in the address bar (?view=lat,lon,zoom), so a copied link opens where the user was looking.
    JsCall("ViewUrl", "viewUrl", VIEW_QUERY_KEY).add_to(m)
    # The frame fills the window (static/map/page.css); an untouched overview is fitted again to the data.
    JsCall("TrackSize", "trackSize", overview_bounds(), FIT_PADDING).add_to(m)
    progress_assets().add_to(m)  # the progress view's JS/CSS (f-map): loaded once, with the base map
    return m


def _links(m: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The JS/CSS files the map's elements declare, in st_folium's order (deduplicated)."""
    css: list[str] = []
    js: list[str] = []
    todo = [m]
    while todo:  # depth first, children in order: st_folium's walk
        el = todo.pop()
        css += [href for _, href in getattr(el, "default_css", [])]
        js += [src for _, src in getattr(el, "default_js", [])]
        todo.extend(reversed(list(getattr(el, "_children", {}).values())))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def render_base(m: folium.Map) -> RenderedBase:
    """What st_folium renders from a map on each call (same functions, same order), done once."""
    m.get_root().render()
    m.render()
    html = streamlit_folium._get_html(m)
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    css, js = _links(m)
    return RenderedBase(script, header, html, streamlit_folium.get_full_id(m), css, js)


@st.cache_resource(max_entries=12, show_spinner=False)
def _cached_base(lang: str, basemap: str, stamp: tuple) -> RenderedBase:  # noqa: ARG001 - cache key only
    return render_base(app_base_map(lang, basemap or None))


def selection_script(fg: folium.FeatureGroup) -> str:
    """The selection layer as st_folium's feature_group argument, rendered on a throwaway host map (the names
    of the host are replaced by the frame's map_div, so any host gives the same script)."""
    host = folium.Map(tiles=None)
    folium.Figure().add_child(host)
    return streamlit_folium._get_feature_group_string(fg, map=host, idx=0)


def make_click_handler(gazetteer: Gazetteer):
    """on_change callback: the popup's filter button of a city, SAR or zone sets the region filter (pressed
    again, it clears it). A plain click only opens the popup in the browser (properties.action "show")."""

    def on_change() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        count = value.get("last_object_clicked_count")
        if not count or count == st.session_state.get(_SEEN_CLICK):
            return
        st.session_state[_SEEN_CLICK] = count
        drawing = value.get("last_active_drawing")
        if not isinstance(drawing, dict) or (drawing.get("properties") or {}).get("action") != "filter":
            return
        pid = clicked_place(drawing, gazetteer)
        if pid is None:
            return
        current = list(st.session_state.get(K_REGION, []))
        set_regions([] if current == [pid] else [pid])

    return on_change


def component_args(base: RenderedBase, fg: folium.FeatureGroup, height: int = MAP_HEIGHT) -> dict:
    """st_folium's arguments for the component (key=MAP_KEY, use_container_width, RETURNED_OBJECTS, no hover)."""
    return {
        "script": base.script,
        "header": base.header,
        "html": base.html,
        "id": base.map_id,
        "key": generate_js_hash(base.script, MAP_KEY, False),
        "height": height,
        "width": None,
        "returned_objects": RETURNED_OBJECTS,
        "default": dict.fromkeys(RETURNED_OBJECTS),
        "zoom": None,
        "center": None,
        "feature_group": selection_script(fg),
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(base.css_links),
        "js_links": list(base.js_links),
        "wrap_longitude": False,
    }


def show_map(selection_fg: folium.FeatureGroup, gazetteer: Gazetteer, lang: str, basemap: str | None) -> None:
    args = component_args(_cached_base(lang, basemap or "", data_stamp()), selection_fg)
    hash_key = args["key"]
    on_click = make_click_handler(gazetteer)

    def on_change() -> None:  # st_folium's own: the value under MAP_KEY, then the page's handler
        st.session_state[MAP_KEY] = st.session_state.get(hash_key, {})
        on_click()

    streamlit_folium._component_func(**args, on_change=on_change)
    let_the_map_draw_first(args["feature_group"])


def let_the_map_draw_first(layer_script: str) -> None:
    """Pause briefly when this run changed the map's layer, so its update reaches the browser alone.

    Not on a session's first map (the frame is still loading), not when the layer is unchanged (nothing to
    draw), and not without a browser connected (AppTest has no request headers): the pause only helps a
    browser that is listening.
    """
    fingerprint = hash(layer_script)
    previous = st.session_state.get(_LAST_LAYER)
    st.session_state[_LAST_LAYER] = fingerprint
    if previous is not None and previous != fingerprint and st.context.headers:
        time.sleep(MAP_FIRST_PAUSE_S)  # releases the GIL: the server's event loop sends the map meanwhile
