"""The screen map: a base map built once per view, and a selection layer rebuilt on every filter change.

The split follows streamlit-folium's fast path: the base map (context, zones, corridor, facilities, labels,
controls) never changes while the user filters, so the map frame is not reloaded and the zoom is kept; only
`selection_layer` (the shaded cities/SARs, highlights and the legend, whose class limits depend on the
selection) is sent as `feature_group_to_add`. The city polygons live only in the selection layer, so their
geometry is sent once per rerun, not twice.

The polygons (cities/SARs, neighbouring provinces) are small custom Leaflet elements fed with delta-encoded
coordinates (geo.render.web.screen_geometry); zones, the bridge and highlights are plain folium.GeoJson.
The browser code is static/map/map.js and labels.js, the styles static/map/map.css (declared by `MapAssets`);
Python passes them JSON only. Every string that reaches HTML here (labels, tooltips, legend) is built by the
templates of geo.render.web.markup (autoescaped); folium's own Tooltip and GeoJsonTooltip insert text as HTML,
so they only ever receive escaped, precomputed text.
No streamlit import: exports and benches use this module too (exports build their own map: st_folium mutates
the map it is given).
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins import Fullscreen
from jinja2 import Template

from geo import boundaries
from geo.dataset import Measure
from geo.i18n import localize, t
from geo.places.gazetteer import AREA_KINDS, Gazetteer, Place
from geo.render.extent import Bounds, point_bounds, union
from geo.render.names import short_name
from geo.render.style import map_colours, map_variables
from geo.render.web.assets import Assets, localize_assets
from geo.render.web.markup import escape, render
from geo.render.web.screen_geometry import SCREEN_SCALE, encode_polygons
from geo.selection.classes import ZERO_COLOUR, Classes, classify
from geo.selection.filters import (
    GROUP,
    MEMBERS,
    NAMED,
    Filters,
    group_counts,
    place_counts,
    reached_by_tags,
    tag_counts,
    tag_set,
)
from geo.selection.index import DatasetIndex, covering

MAP_HEIGHT = 620
SELECTION_NAME = "selection"
# Panes (z-index above Leaflet's overlayPane 400, where the selection layer's polygons are drawn) keep zones,
# the bridge and facilities clickable on top of the shaded cities; labels sit in the marker pane (600).
ZONE_PANE, POINT_PANE, HIGHLIGHT_PANE = "dba_zones", "dba_points", "dba_highlight"
PANES = ((ZONE_PANE, 450), (HIGHLIGHT_PANE, 455), (POINT_PANE, 460))


BASEMAPS: dict[str, dict[str, str]] = {
    # Both WGS84 web-mercator tile sets: the overlays (WGS84) line up. 高德 tiles are GCJ-02 and are not offered.
    "osm": {"tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attr": "© OpenStreetMap contributors"},
    "carto": {
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": "© OpenStreetMap contributors © CARTO",
    },
}


class _Rendered(Element):
    """Script text that is already rendered, added to the figure as it is.

    branca's MacroElement.render wraps each rendered script in Element(text), which compiles the text as a
    Jinja template: ~20 ms per rerun for the city geometry's JSON, and data text holding "{%" or "{{" (a measure
    text, an imported table) would be read as template code (a syntax error, or evaluated in an export).
    """

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:  # noqa: ARG002 - Element's signature
        return self._text


class ScriptElement(MacroElement):
    """A MacroElement with only a `script` macro, whose rendered text goes into the figure uncompiled."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        script = self._template.module.__dict__.get("script")
        if script is not None:
            figure.script.add_child(_Rendered(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class JsCall(ScriptElement):
    """One call of a function of static/map/map.js (`dba.<function>(parent, …)`) with JSON arguments.

    The code lives in the asset; Python only passes data. Every argument is JSON made safe to sit inside a
    <script> element ("</" escaped), and every HTML string in it was escaped by the caller.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = dba.{{ this.function }}("
        "{{ this.target().get_name() }}{% for a in this.args_json %}, {{ a }}{% endfor %});{% endmacro %}"
    )

    def __init__(self, name: str, function: str, *args: object):
        super().__init__()
        self._name = name
        self.function = function
        self.args_json = [_script_json(a) for a in args]

    def target(self):
        """The first argument of the call: the element this one is added to (a map or a feature group)."""
        return self._parent


class LayerLegend(JsCall):
    """Legend HTML (already escaped) shown while its parent layer is on the map."""

    def __init__(self, legend_html: str):
        super().__init__("LayerLegend", "layerLegend", legend_html)


# The map page keeps its current view in the tab's sessionStorage, so other pages (导出) can use it without the
# map posting anything to Streamlit: returning "bounds" from st_folium would rerun the app on every pan.
# Value: JSON [west, south, east, north] in degrees, rounded to 4 decimals (~10 m). Read by ui.view_reader.
VIEW_STORAGE_KEY = "dba.mapView"
# The map page's view in its address (?view=lat,lon,zoom): written by the browser (dba.viewUrl), read on load.
VIEW_QUERY_KEY = "view"


def parse_view(value: object) -> list[float] | None:
    """[lat, lon, zoom] from a ?view= value, or None when it is not a sane view (a hand-edited link)."""
    try:
        lat, lon, zoom = (float(x) for x in str(value).split(","))
    except (TypeError, ValueError):
        return None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 3 <= zoom <= 18):
        return None
    return [round(lat, 4), round(lon, 4), round(zoom, 2)]


class ViewStore(JsCall):
    """Keeps the map's view (rounded [west, south, east, north]) in sessionStorage under VIEW_STORAGE_KEY.

    Browser-side only: nothing is sent to Streamlit, so panning never reruns the app.
    """

    def __init__(self, key: str = VIEW_STORAGE_KEY):
        super().__init__("ViewStore", "viewStore", key)


def _features(layer) -> list[dict]:
    """Features of a boundary layer, whether load_layer returns a FeatureCollection dict or a GeoDataFrame."""
    if isinstance(layer, dict):
        return list(layer.get("features", []))
    interface = getattr(layer, "__geo_interface__", None)
    if interface is not None:
        return list(interface.get("features", []))
    raise TypeError(f"unexpected boundary layer type {type(layer).__name__}")


def _layer_features(name: str) -> tuple[dict, ...]:
    path = boundaries.LAYER_FILES.get(name)
    stamp = path.stat().st_mtime_ns if path is not None and path.exists() else 0
    return _layer_features_cached(name, stamp)


@lru_cache(maxsize=16)
def _layer_features_cached(name: str, _stamp: int) -> tuple[dict, ...]:
    # The GeoJSON as written (to_geojson_dict): no float round trip through pandas, properties kept as is.
    loader = getattr(boundaries, "to_geojson_dict", None)
    return tuple(_features(loader(name) if loader else boundaries.load_layer(name)))


def overview_bounds() -> list[list[float]]:
    """[[south, west], [north, east]] of the map data (geo.boundaries.map_bounds gives west, south, east, north).
    Worked out once per version of the cities file (every rerun of the map page asks)."""
    path = boundaries.LAYER_FILES.get("cities")
    stamp = path.stat().st_mtime_ns if path is not None and path.exists() else 0
    return [list(corner) for corner in _overview_bounds(stamp)]


@lru_cache(maxsize=2)
def _overview_bounds(_stamp: int) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(corner) for corner in Bounds(*boundaries.map_bounds()).leaflet())


_bounds = overview_bounds  # its former name (geo.render.web.progress_layer imports it)


def _label_point(feature: dict) -> tuple[float, float] | None:
    p = feature.get("properties", {})
    if p.get("label_lat") is not None and p.get("label_lon") is not None:
        return float(p["label_lat"]), float(p["label_lon"])
    return None


def _context_label_points(bounds: list[list[float]]) -> list[tuple[str, dict, tuple[float, float]]]:
    """A label point for each neighbouring province inside the visible extent (their centroids are off-map)."""
    from shapely.geometry import box, shape

    (s, w), (n, e) = bounds
    view = box(w + 0.3, s + 0.3, e - 0.3, n - 0.3)
    out = []
    for f in _layer_features("context"):
        props = f.get("properties", {})
        try:
            inside = shape(f["geometry"]).intersection(view)
        except Exception:  # noqa: BLE001 - a bad context geometry only costs its label
            continue
        if inside.is_empty or inside.area < 0.15:
            continue
        pt = inside.representative_point()
        out.append((props.get("name_zh", ""), props, (pt.y, pt.x)))
    return out


class PointBatch(JsCall):
    """Many labels or circle markers from one JSON array: one element instead of hundreds.

    folium.Marker re-creates and re-compiles a Jinja template per marker on every render (and keeps adding
    children to it), which alone cost ~70 ms per rerun for the labels. Items: [lat, lon, html, css class];
    the html is escaped by the caller. Labels are decluttered by the shared placer (static/map/labels.js).
    """

    def __init__(self, kind: str, items: list[list], style: dict | None = None):
        if kind == "labels":
            super().__init__("PointBatch", "labels", items)
        else:
            super().__init__("PointBatch", "points", [item[:3] for item in items], style or {})
        self.kind = kind


def _script_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def base_map(lang: str = "zh", basemap: str | None = None, gazetteer: Gazetteer | None = None) -> folium.Map:
    """The map without the selection: context provinces (faint), zones, 港珠澳大桥, facilities, labels, controls.

    tiles=None by default (works offline); basemap "osm" or "carto" adds WGS84 tiles from the internet.
    """
    from geo.places.gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    bounds = overview_bounds()
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(
        location=centre,
        zoom_start=7,
        tiles=None,
        min_zoom=5,
        max_zoom=13,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        max_bounds=False,
    )
    localize_assets(m)  # first child: the Leaflet icon path is set before anything else is created
    if basemap:
        if basemap not in BASEMAPS:
            raise ValueError(f"unknown basemap {basemap!r}; choose from {sorted(BASEMAPS)}")
        spec = BASEMAPS[basemap]
        folium.TileLayer(tiles=spec["tiles"], attr=spec["attr"], name=basemap, max_zoom=13).add_to(m)
    # The map's own code and styles, declared as assets (served by the app, inlined in a standalone export).
    Assets("MapAssets", js=["dba_map_js", "dba_labels_js"], css=["dba_map_css"], variables=map_variables()).add_to(m)
    for name, z in PANES:
        folium.map.CustomPane(name, z_index=z, pointer_events=True).add_to(m)

    ContextLayer().add_to(m)
    AreaGeometry().add_to(m)  # the cities/SARs: drawn by the selection layer's AreaChoropleth

    _add_zones(m, gaz, lang)
    _add_corridors(m, gaz, lang)
    _add_facilities(m, gaz, lang)
    _add_labels(m, gaz, lang, bounds)
    # A zone's label shows from the zoom at which the zone itself is a few pixels wide (data-min-zoom, map.js).
    JsCall("MinZoomLabels", "minZoomLabels").add_to(m)
    Fullscreen(
        position="topleft",
        title=t("map_fullscreen", lang),
        title_cancel=t("map_fullscreen_exit", lang),
        force_separate_button=True,
    ).add_to(m)
    m.fit_bounds(bounds)
    localize_assets(m)  # again, for the plugins added after the first call (Fullscreen)
    return m


class ContextLayer(JsCall):
    """Neighbouring provinces, faint and not clickable, delta-encoded like the city polygons."""

    def __init__(self):
        geometry = [
            [f.get("properties", {}).get("name_zh", ""), encode_polygons(f["geometry"])]
            for f in _layer_features("context")
            if f.get("geometry", {}).get("type") in ("Polygon", "MultiPolygon")
        ]
        c = map_colours()
        style = {"color": c["context_line"], "weight": 0.8, "fillColor": c["context_fill"], "fillOpacity": 0.7}
        super().__init__("ContextLayer", "contextLayer", geometry, SCREEN_SCALE, style)


def _zone_tip(place: Place | None, props: dict, lang: str) -> str:
    name = place.name(lang) if place else props.get("name_zh", "")
    lines = [t("map_schematic_outline", lang)] if props.get("accuracy") == "schematic" else []
    return render("map.html", "tip", name, lines)


def _add_zones(m: folium.Map, gaz: Gazetteer, lang: str) -> None:
    feats = []
    for f in _layer_features("zones"):
        props = f.get("properties", {})
        pid = props.get("place")
        place = gaz.places.get(pid)
        feats.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "place": pid,
                    "kind": "zone",
                    "accuracy": props.get("accuracy", ""),
                    "tip": _zone_tip(place, props, lang),
                },
            }
        )
    if not feats:
        return

    colour = map_colours()["zone"]

    def style(feature: dict) -> dict:
        schematic = feature["properties"]["accuracy"] == "schematic"
        return {
            "color": colour,
            "weight": 1.8,
            "fillColor": colour,
            "fillOpacity": 0.12,
            "dashArray": "5 4" if schematic else None,
        }

    folium.GeoJson(
        {"type": "FeatureCollection", "features": feats},
        name="zones",
        pane=ZONE_PANE,
        control=False,
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)


def _add_corridors(m: folium.Map, gaz: Gazetteer, lang: str) -> None:
    feats = []
    for f in _layer_features("corridors"):
        props = f.get("properties", {})
        place = gaz.places.get(props.get("place"))
        name = place.name(lang) if place else props.get("name_zh", "")
        feats.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"place": props.get("place"), "kind": "corridor", "tip": render("map.html", "tip", name)},
            }
        )
    if feats:
        colour = map_colours()["corridor"]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": feats},
            name="corridors",
            pane=ZONE_PANE,
            control=False,
            style_function=lambda _f: {"color": colour, "weight": 3.5},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(m)


def _facility_tip(place: Place, gaz: Gazetteer, lang: str) -> str:
    where = [gaz[p].name(lang) for p in place.parents if p in gaz]
    return render("map.html", "tip", place.name(lang), [t("list_sep", lang).join(where)] if where else [])


def _add_facilities(m: folium.Map, gaz: Gazetteer, lang: str) -> None:
    items = [
        [place.point[1], place.point[0], _facility_tip(place, gaz, lang), ""]
        for place in gaz.of_kind("facility")
        if place.point
    ]
    if items:
        PointBatch(
            "points",
            items,
            {
                "radius": 4,
                "color": map_colours()["facility"],
                "weight": 2,
                "fill": True,
                "fillColor": "#ffffff",
                "fillOpacity": 1,
                "pane": POINT_PANE,
            },
        ).add_to(m)


def _add_labels(m: folium.Map, gaz: Gazetteer, lang: str, bounds: list[list[float]]) -> None:
    items: list[list] = []
    areas = []
    for f in _layer_features("cities"):
        place = gaz.places.get(f.get("properties", {}).get("place"))
        pt = _label_point(f)
        if place is not None and pt is not None:
            areas.append((place, pt))
    # Priority for decluttering: SARs, then cities in gazetteer order (广州, 深圳, 珠海 … first).
    order = {p.id: i for i, p in enumerate([*gaz.of_kind("sar"), *gaz.of_kind("city")])}
    for place, pt in sorted(areas, key=lambda a: order.get(a[0].id, len(order))):
        items.append([*pt, escape(short_name(place, lang)), "sar" if place.kind == "sar" else "city"])
    for f in _layer_features("zones"):
        props = f.get("properties", {})
        place = gaz.places.get(props.get("place"))
        pt = _label_point(f)
        if place is None or pt is None:
            continue
        text = short_name(place, lang)
        if props.get("accuracy") == "schematic":
            text += t("map_schematic_suffix", lang)
        items.append([*pt, escape(text), "zone", label_min_zoom(f["geometry"])])
    for name_zh, props, pt in _context_label_points(bounds):
        text = props.get("name_en") or name_zh if lang == "en" else localize(name_zh, lang)
        items.append([*pt, escape(text), "ctx"])
    PointBatch("labels", items).add_to(m)


# A zone label shows once the zone is this many pixels across (smaller, the label would name a dot).
LABEL_MIN_PX = 14


def label_min_zoom(geometry: dict) -> float:
    """The zoom from which a shape is LABEL_MIN_PX wide or tall on screen (web mercator, 256 px tiles)."""
    from shapely.geometry import shape

    w, s_, e, n = shape(geometry).bounds
    lat = math.radians((s_ + n) / 2)
    span = max(e - w, (n - s_) / max(math.cos(lat), 0.2), 1e-6)  # degrees of longitude the shape spans
    return round(max(0.0, math.log2(LABEL_MIN_PX * 360 / (256 * span))), 2)


# ---------------------------------------------------------------- selection layer


def _area_features() -> tuple[dict, ...]:
    return _layer_features("cities")


def highlight_places(measure: Measure | None, gazetteer: Gazetteer | None = None) -> list[str]:
    """The places a chosen measure's text names (what the map outlines).

    A measure that names particular places (横琴, 前海, 南沙, 河套) is outlined there, not over a whole region group
    it is also tagged with (粤港澳大湾区 from "粤港澳…"); a measure that names only groups is outlined over them.
    """
    if not measure:
        return []
    ids = list(dict.fromkeys(tag["place"] for tag in measure.get("places", [])))
    if gazetteer is None:
        from geo.places.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    specific = [p for p in ids if p in gazetteer and gazetteer[p].kind != "region_group"]
    return specific or ids


def legend_html(classes: Classes, groups: Counter, gaz: Gazetteer, lang: str, include_groups: bool, total: int) -> str:
    """The legend: class limits with colours, region-wide measure counts, symbol keys, the selection's size, and the
    zone outlines' sources folded under one line (open on a click)."""
    group_rows = [(gaz[g].name(lang), n) for g, n in groups.most_common() if g in gaz]
    return render(
        "map.html",
        "legend",
        t("map_legend_title", lang),
        classes.legend(),
        t("map_groups_included" if include_groups else "map_groups_separate", lang),
        group_rows,
        t("colon", lang),
        {k: t(f"map_key_{k}", lang) for k in ("zone", "corridor", "facility")},
        t("map_selected_total", lang).format(n=total),
        t("map_zone_sources", lang),
        boundaries.zone_sources_line(lang, lambda p: short_name(p, lang)),
    )


def _area_tip(place: Place, count: int, lang: str, group_extra: int, include_groups: bool) -> str:
    lines = [t("map_tip_count", lang).format(n=count)]
    if group_extra and not include_groups:
        lines.append(t("map_tip_group_extra", lang).format(n=group_extra))
    return render("map.html", "tip", place.name(lang), lines)


class AreaGeometry(ScriptElement):
    """The 23 city/SAR polygons as data on the base map (dba.areaGeometry in map.js), shaded by AreaChoropleth.

    The geometry never changes while the user filters: it is serialised once (cached) into the base map's script,
    the frame builds the polygons from it once, and each selection only restyles them (folium.GeoJson would
    re-encode the coordinates on every rerun, and the frame would decode and rebuild 23 polygons).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = dba.areaGeometry({{ this._parent.get_name() }}, "
        "{{ this.geometry_json }}, {{ this.scale }});{% endmacro %}"
    )

    def __init__(self):
        super().__init__()
        self._name = "AreaGeometry"
        self.geometry_json = area_geometry_json()
        self.scale = SCREEN_SCALE


class AreaChoropleth(ScriptElement):
    """The cities/SARs shaded by count (dba.choropleth in map.js): the small per-place table (count, colour,
    escaped tooltip, selected/highlighted) that restyles the base map's AreaGeometry polygons."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = dba.choropleth({{ this._parent.get_name() }}, "
        "{{ this.props_json }}, {{ this.colours_json }});{% endmacro %}"
    )

    def __init__(self, props: dict[str, dict]):
        super().__init__()
        self._name = "AreaChoropleth"
        self.props = props
        self.props_json = _script_json(props)
        c = map_colours()
        self.colours_json = _script_json(
            {
                "zero": ZERO_COLOUR,
                "highlight": c["highlight"],
                "selected": c["selected"],
                "line": c["city_line"],
                "hover": c["hover"],
            }
        )


def area_geometry_json() -> str:
    """The city/SAR polygons, delta-encoded (see encode_ring), cached per boundary file version."""
    path = boundaries.LAYER_FILES.get("cities")
    stamp = path.stat().st_mtime_ns if path is not None and path.exists() else 0
    return _area_geometry_json(stamp)


@lru_cache(maxsize=2)
def _area_geometry_json(_stamp: int) -> str:
    return _script_json([[f["properties"].get("place"), encode_polygons(f["geometry"])] for f in _area_features()])


def area_properties(
    selection: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters,
    lang: str,
    highlight: Measure | Iterable[str] | None = None,
    by_tags: Counter | None = None,
) -> tuple[dict[str, dict], Classes, Counter]:
    """Per city/SAR: count, class colour, escaped tooltip, selected (region filter) and highlighted flags.
    `by_tags`: tag_counts(selection), when the caller has it already."""
    gaz = gazetteer
    if by_tags is None and covering(selection, gaz) is None:  # an indexed selection: the index counts it
        by_tags = tag_counts(selection)
    counts = place_counts(selection, gaz, include_groups=filters.include_groups, by_tags=by_tags)
    groups = group_counts(selection, gaz, by_tags=by_tags)
    area_ids = [f["properties"].get("place") for f in _area_features()]
    classes = classify({pid: counts.get(pid, 0) for pid in area_ids})
    selected_areas: set[str] = set()
    for r in filters.regions:
        if r in gaz and gaz[r].kind in AREA_KINDS + ("region_group",):
            selected_areas |= gaz.area_ids(r)
    highlighted = _highlight_areas(gaz, highlight)
    # Region-wide measures that concern each area (for the tooltip when they are not in the count).
    group_extra: Counter = Counter()
    for g, n in groups.items():
        for a in gaz.area_ids(g):
            group_extra[a] += n
    props: dict[str, dict] = {}
    for pid in area_ids:
        if pid not in gaz:
            continue
        n = counts.get(pid, 0)
        props[pid] = {
            "count": n,
            "fill": classes.colour(n),
            "kind": gaz[pid].kind,
            "tip": _area_tip(gaz[pid], n, lang, group_extra.get(pid, 0), filters.include_groups),
        }
        if pid in selected_areas:
            props[pid]["sel"] = 1
        if pid in highlighted:
            props[pid]["hl"] = 1
    return props, classes, groups


def selection_layer(
    selection: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters,
    lang: str = "zh",
    highlight: Measure | Iterable[str] | None = None,
    interactive: bool = False,
    view: list[float] | None = None,
) -> folium.FeatureGroup:
    """Cities/SARs shaded by the number of selected measures concerning them, plus highlights and the legend.

    Group-wide measures (粤港澳大湾区 …) are counted for the members only when filters.include_groups is set;
    otherwise they appear as their own counts in the legend and tooltips.
    `highlight`: a measure (the places its text names are outlined) or place ids.
    `interactive` (the app's map page): selected zones outlined, the map fitted to the chosen regions (or to
    `view`, [lat, lon, zoom] from a shared link, on the frame's first draw), and a click on a city, SAR or zone
    opens a popup listing its measures with the click-to-filter as a button.
    """
    # A selection of an indexed dataset (the app's) reads its counts from the index; any other list: its tag sets,
    # once per rerun (the counts and the popups read them).
    sets = None if covering(selection, gazetteer) is not None else [tag_set(m) for m in selection]
    props, classes, groups = area_properties(
        selection, gazetteer, filters, lang, highlight, None if sets is None else Counter(sets)
    )
    fg = folium.FeatureGroup(name=SELECTION_NAME, control=False)
    AreaChoropleth(props).add_to(fg)
    _add_highlight(fg, gazetteer, highlight, lang)
    LayerLegend(legend_html(classes, groups, gazetteer, lang, filters.include_groups, len(selection))).add_to(fg)
    if interactive:
        _add_selected_zones(fg, gazetteer, filters)
        key = ",".join(sorted(filters.regions))
        bounds = region_bounds(filters.regions, gazetteer) if filters.regions else overview_bounds()
        JsCall("FitView", "fitView", key, bounds, view, FIT_PADDING).add_to(fg)
        JsCall("PlacePopups", "placePopups", popup_data(selection, gazetteer, filters, lang, sets)).add_to(fg)
        JsCall("LightLabels", "lightLabels", {}).add_to(fg)  # the progress view's light shapes off again
    return fg


FIT_PADDING = 30  # px kept around a region the map is fitted to
POPUP_LIMIT = 30  # measures listed in a place's popup (the rest as "另有 N 项")


def _feature_bounds(layer: str) -> dict[str, Bounds]:
    from shapely.geometry import shape

    out: dict[str, Bounds] = {}
    for f in _layer_features(layer):
        pid = f.get("properties", {}).get("place")
        if pid:
            w, s_, e, n = shape(f["geometry"]).bounds
            out[pid] = Bounds(w, s_, e, n) if pid not in out else union([out[pid], Bounds(w, s_, e, n)])
    return out


def region_bounds(regions: Iterable[str], gaz: Gazetteer) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the chosen regions' shapes: cities/SARs (a group: its members),
    zones, facilities. None when none of them is on the map (an outside region)."""
    areas, zones = _feature_bounds("cities"), _feature_bounds("zones")
    boxes: list[Bounds] = []
    for r in regions:
        if r not in gaz:
            continue
        place = gaz[r]
        if r in zones:
            boxes.append(zones[r])
        elif place.kind == "facility" and place.point:
            boxes.append(point_bounds(place.point[0], place.point[1], 0.05))
        else:
            boxes += [areas[a] for a in sorted(gaz.area_ids(r)) if a in areas]
    return union(boxes).leaflet() if boxes else None


def _outline(fg: folium.FeatureGroup, shapes: list[dict], name: str, style: dict) -> None:
    """Shapes (zones, the bridge) outlined on top of the cities, not clickable: highlights and chosen zones."""
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": f["geometry"], "properties": {"place": f["properties"].get("place")}}
                for f in shapes
            ],
        },
        name=name,
        pane=HIGHLIGHT_PANE,
        interactive=False,
        style_function=lambda _f: {**style, "fill": False},
    ).add_to(fg)


def _add_selected_zones(fg: folium.FeatureGroup, gaz: Gazetteer, filters: Filters) -> None:
    """Zones chosen in the region filter, outlined like chosen cities (the selected colour and weight)."""
    chosen = {r for r in filters.regions if r in gaz and gaz[r].kind == "zone"}
    shapes = [f for f in _layer_features("zones") if f["properties"].get("place") in chosen]
    if not shapes:
        return
    _outline(fg, shapes, "selected_zones", {"color": map_colours()["selected"], "weight": 2.5, "className": "dba-sel"})


def popup_data(
    selection: list[Measure], gaz: Gazetteer, filters: Filters, lang: str, sets: list[frozenset[str]] | None = None
) -> dict:
    """What a click on a city, SAR or zone shows: the selected measures concerning it (the region filter's rule),
    as escaped HTML lines shared between places (at most POPUP_LIMIT per place, `n` says how many in all), and the
    filter action's labels. `sets`: each measure's tag_set, when the caller has them already."""
    place_ids = [f["properties"].get("place") for f in _area_features()]
    place_ids += [f["properties"].get("place") for f in _layer_features("zones")]
    hit = covering(selection, gaz) if sets is None else None
    if hit is not None:
        return _indexed_popup_data(*hit, [p for p in place_ids if p in gaz], filters, lang)
    listed: dict[str, list[list[int]]] = {p: [] for p in place_ids if p in gaz}
    # The region filter's rule, worked out once per set of tags (measures share few sets): each place gets the
    # positions of the measures of every set that counts for it, in the selection's order.
    positions: dict[frozenset[str], list[int]] = {}
    for i, tags in enumerate(sets if sets is not None else map(tag_set, selection)):
        positions.setdefault(tags, []).append(i)
    for tags, where in positions.items():
        for pid, how in reached_by_tags(tags, gaz).items():
            if pid in listed and (how in (NAMED, MEMBERS) or (filters.include_groups and how == GROUP)):
                listed[pid].append(where)
    used: set = set()
    places: dict[str, dict] = {}
    for pid, runs in listed.items():
        total = sum(map(len, runs))
        # The first POPUP_LIMIT in the selection's order; the rest as a number (a small payload at any size).
        ids = [selection[i]["id"] for i in islice(heapq.merge(*runs), POPUP_LIMIT)]
        used.update(ids)
        places[pid] = {
            "title": escape(gaz[pid].name(lang)),
            "note": escape(t("map_tip_count", lang).format(n=total)),
            "ids": ids,
            "n": total,
            "sel": 1 if pid in filters.regions else 0,
        }
    lines = {m["id"]: _popup_line(m, lang) for m in selection if m["id"] in used}
    return {"places": places, "lines": lines, "labels": _popup_labels(lang), "limit": POPUP_LIMIT}


def _popup_line(m: Measure, lang: str) -> str:
    from geo.selection.briefing import short_text

    return render(
        "map.html",
        "popup_line",
        f"{t('col_id', lang)} {m['id']}",
        localize(m["theme_short"], lang),
        short_text(localize(m.get("text", ""), lang)),
    )


def _popup_labels(lang: str) -> dict[str, str]:
    return {
        "filter": escape(t("map_popup_filter", lang)),
        "unfilter": escape(t("map_popup_unfilter", lang)),
        "more": escape(t("map_popup_more", lang)),
    }


def _indexed_popup_data(
    index: DatasetIndex, positions: list[int], place_ids: list[str], filters: Filters, lang: str
) -> dict:
    """popup_data for a selection of an indexed dataset (POSITIONS: its measures' places in the dataset, ascending):
    each place's measures are the dataset's (worked out once per dataset) that are in the selection, and each
    measure's line is rendered once per dataset and language."""
    import numpy as np

    by_region = index.derived(
        ("popup_positions", filters.include_groups),
        lambda: {p: np.asarray(v, dtype=np.int64) for p, v in index.region_positions(filters.include_groups).items()},
    )
    chosen = np.zeros(len(index.measures), dtype=bool)
    chosen[positions] = True
    empty = np.zeros(0, dtype=np.int64)
    ids_at = index.derived("ids", lambda: [m["id"] for m in index.measures])
    used: set = set()
    places: dict[str, dict] = {}
    for pid in place_ids:
        every = by_region.get(pid, empty)
        here = every[chosen[every]]
        total = int(here.size)
        ids = [ids_at[p] for p in here[:POPUP_LIMIT].tolist()]  # the first in the selection's (the dataset's) order
        used.update(ids)
        places[pid] = {
            "title": escape(index.gazetteer[pid].name(lang)),
            "note": escape(t("map_tip_count", lang).format(n=total)),
            "ids": ids,
            "n": total,
            "sel": 1 if pid in filters.regions else 0,
        }
    made: dict[int, str] = index.derived(("popup_lines", lang), dict)  # position -> line, filled as measures show
    lines = {}
    for p in positions:
        mid = ids_at[p]
        if mid in used:
            line = made.get(p)
            if line is None:
                line = made[p] = _popup_line(index.measures[p], lang)
            lines[mid] = line
    return {"places": places, "lines": lines, "labels": _popup_labels(lang), "limit": POPUP_LIMIT}


def _highlight_ids(gaz: Gazetteer, highlight) -> list[str]:
    if not highlight:
        return []
    ids = highlight_places(highlight, gaz) if isinstance(highlight, dict) else list(highlight)
    return [i for i in ids if i in gaz]


def _highlight_areas(gaz: Gazetteer, highlight) -> set[str]:
    areas: set[str] = set()
    for pid in _highlight_ids(gaz, highlight):
        if gaz[pid].kind in AREA_KINDS + ("region_group",):
            areas |= gaz.area_ids(pid)
    return areas


def _add_highlight(fg: folium.FeatureGroup, gaz: Gazetteer, highlight, lang: str) -> None:
    """Zones, the bridge and facilities of the highlighted measure (its cities are outlined by AreaChoropleth)."""
    ids = _highlight_ids(gaz, highlight)
    if not ids:
        return
    colour = map_colours()["highlight"]
    shapes = [f for f in _layer_features("zones") if f["properties"].get("place") in ids]
    shapes += [f for f in _layer_features("corridors") if f["properties"].get("place") in ids]
    if shapes:
        # dba-hl: the briefing's looks recolour highlights by this class (static/briefing/frame.css)
        _outline(fg, shapes, "highlight", {"color": colour, "weight": 4, "className": "dba-hl"})
    rings = [
        [gaz[p].point[1], gaz[p].point[0], escape(gaz[p].name(lang)), ""]
        for p in ids
        if gaz[p].kind == "facility" and gaz[p].point
    ]
    if rings:
        PointBatch(
            "points",
            rings,
            {"radius": 9, "color": colour, "weight": 3, "fill": False, "pane": HIGHLIGHT_PANE, "className": "dba-hl"},
        ).add_to(fg)


def clicked_place(drawing: dict | None, gazetteer: Gazetteer) -> str | None:
    """The place id of a clicked map feature (st_folium's last_active_drawing), if it is a region we filter by."""
    if not isinstance(drawing, dict):
        return None
    pid = (drawing.get("properties") or {}).get("place")
    if isinstance(pid, str) and pid in gazetteer and gazetteer[pid].kind in ("city", "sar", "zone"):
        return pid
    return None
