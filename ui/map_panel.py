"""The map component: a cached base map, the selection as `feature_group_to_add`, clicks → region filter.

Why the care: streamlit-folium remounts the map frame (zoom lost, 0.4–1 s) whenever the base map script
changes, and it mutates the map it is given (adds the feature group to it, renders into the figure). The base
map is therefore built once per (language, base map, data version), and every call is undone afterwards so the
next rerun sees the identical base script. A lock serialises the calls because the cached map is shared by all
sessions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import paths
from geo.places.gazetteer import Gazetteer
from geo.render.web.mapview import MAP_HEIGHT, VIEW_QUERY_KEY, JsCall, ViewStore, base_map, clicked_place
from geo.render.web.progress_layer import progress_assets
from ui.filters_panel import K_REGION, set_regions

MAP_KEY = "dba_map"
# Only what the page uses: the clicked feature (its `place` property) and the click counter (so a second click
# on the same city is still a new click). Panning and zooming do not rerun the app.
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked_count"]
_SEEN_CLICK = "_map_click_seen"


@dataclass
class _CachedMap:
    map: folium.Map
    lock: threading.Lock = field(default_factory=threading.Lock)


def data_stamp() -> tuple:
    """Modification times of the files the base map is drawn from (a regenerated file → a new base map)."""
    files = [paths.PLACES, *sorted(paths.BOUNDARIES.glob("*.geojson"))] if paths.BOUNDARIES.exists() else [paths.PLACES]
    return tuple((f.name, f.stat().st_mtime_ns) for f in files if f.exists())


@st.cache_resource(max_entries=12, show_spinner=False)
def _cached_base(lang: str, basemap: str, stamp: tuple) -> _CachedMap:  # noqa: ARG001 - cache key only
    # Never rendered here: each st_folium call renders it and _restore rolls the additions back, so every
    # rerun starts from this exact state and produces the identical base script (no frame reload).
    # ViewStore: the export page's 「当前地图视野」 comes from here (sessionStorage), never from a rerun on pan.
    m = base_map(lang, basemap or None)
    ViewStore().add_to(m)
    # The view in the address bar (?view=lat,lon,zoom), so a copied link opens where the user was looking.
    JsCall("ViewUrl", "viewUrl", VIEW_QUERY_KEY).add_to(m)
    JsCall("TrackSize", "trackSize").add_to(m)  # the frame fills the window (static/map/page.css)
    progress_assets().add_to(m)  # the progress view's JS/CSS (f-map): loaded once, with the base map
    return _CachedMap(m)


def _walk(element) -> list:
    out, todo = [], [element]
    while todo:
        el = todo.pop()
        out.append(el)
        todo.extend(getattr(el, "_children", {}).values())
        # A Figure keeps header/html/script as attributes, not children: missed here, every call's selection
        # elements (unique names) piled up in the shared figure: the ~0.6 MB per session leak of issue 18.
        todo.extend(
            part
            for part in (getattr(el, name, None) for name in ("header", "html", "script"))
            if part is not None and hasattr(part, "_children")
        )
    return out


def _snapshot(m: folium.Map) -> list[tuple]:
    """Every element's children (map tree and the figure's header/html/script), to undo what a call adds.

    Rendering adds children whose names embed element ids (Layer's "<name>_add", Marker's icon setter …) and
    streamlit-folium renames those ids; left in place, they would reference names that no longer exist.
    """
    return [(el, dict(el._children)) for el in _walk(m.get_root()) if hasattr(el, "_children")]


def _restore(snapshot: list[tuple]) -> None:
    for el, children in snapshot:
        el._children = children


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


def show_map(selection_fg: folium.FeatureGroup, gazetteer: Gazetteer, lang: str, basemap: str | None) -> None:
    cached = _cached_base(lang, basemap or "", data_stamp())
    with cached.lock:
        snapshot = _snapshot(cached.map)
        try:
            st_folium(
                cached.map,
                key=MAP_KEY,
                height=MAP_HEIGHT,
                use_container_width=True,
                feature_group_to_add=selection_fg,
                returned_objects=RETURNED_OBJECTS,
                on_change=make_click_handler(gazetteer),
            )
        finally:
            _restore(snapshot)
