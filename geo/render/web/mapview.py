"""The screen map: a base map built once per view, and a selection layer rebuilt on every filter change.

The split follows streamlit-folium's fast path: the base map (context, zones, corridor, facilities, labels,
controls) never changes while the user filters, so the map frame is not reloaded and the zoom is kept; only
`selection_layer` (the shaded cities/SARs, highlights and the legend, whose class limits depend on the
selection) is sent as `feature_group_to_add`. The city polygons live only in the selection layer, so their
geometry is sent once per rerun, not twice.

The polygons (cities/SARs, neighbouring provinces) are small custom Leaflet elements fed with delta-encoded
coordinates (geo.screen_geometry); zones, the bridge and highlights are plain folium.GeoJson.
Every string that reaches HTML here (labels, tooltips, legend) goes through html.escape; folium's own Tooltip
and GeoJsonTooltip insert text as HTML, so they only ever receive escaped, precomputed text.
No streamlit import: exports and benches use this module too (exports build their own map: st_folium mutates
the map it is given).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import folium
from branca.element import Element, MacroElement
from folium.plugins import Fullscreen
from jinja2 import Template

from geo import boundaries
from geo.dataset import Measure
from geo.i18n import localize, t
from geo.places.gazetteer import AREA_KINDS, Gazetteer, Place
from geo.places.names import label_name
from geo.render.style import COLOURS
from geo.render.web.assets import localize_assets
from geo.render.web.screen_geometry import DECODE_JS, SCREEN_SCALE, encode_polygons
from geo.selection.classes import ZERO_COLOUR, Classes, classify
from geo.selection.filters import Filters, group_counts, place_counts

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

_CSS = """
<style>
.leaflet-container { background: #f4f7fa; font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
.dba-label { pointer-events: none; }
.dba-label div { width: max-content; transform: translate(-50%, -50%); white-space: nowrap; font-size: 12px; color: #222;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; line-height: 1.1; text-align: center; }
.dba-label .sar { font-weight: 600; }
.dba-label .zone { font-size: 11px; color: #4a2d7a; font-style: italic; }
.dba-label .ctx { font-size: 13px; color: #9a9a92; letter-spacing: 2px; }
.dba-minor { display: none; }
.dba-zoom-detail .dba-minor { display: block; }
.dba-legend { background: rgba(255,255,255,0.9); padding: 4px 7px; border-radius: 4px; font-size: 11px;
  line-height: 1.35; box-shadow: 0 1px 4px rgba(0,0,0,0.25); max-width: 200px; color: #222; }
.dba-legend .sw { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: -1px;
  border: 1px solid #999; }
.dba-legend .cls { display: inline-block; margin-right: 6px; white-space: nowrap; }
.dba-legend .ttl { font-weight: 600; margin-bottom: 2px; }
.dba-legend .grp { margin-top: 4px; border-top: 1px solid #ddd; padding-top: 3px; }
.dba-legend .note { margin-top: 4px; color: #555; font-size: 11px; }
.dba-legend .dash { display: inline-block; width: 18px; border-top: 2px dashed #5e3c99; margin-right: 5px;
  vertical-align: 3px; }
.dba-legend .line { display: inline-block; width: 18px; border-top: 3px solid #8c510a; margin-right: 5px;
  vertical-align: 3px; }
.dba-legend .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #fff;
  border: 2px solid #1f4e79; margin: 0 8px 0 3px; }
</style>
"""

# Labels of zones are hidden until the user zooms in: at the overview zoom they would sit on the city labels.
_ZOOM_CLASS_JS = """
{% macro script(this, kwargs) %}
(function(map) {
  function sync() { map.getContainer().classList.toggle('dba-zoom-detail', map.getZoom() >= 9); }
  map.on('zoomend', sync); sync();
})({{ this._parent.get_name() }});
{% endmacro %}
"""

# A legend that belongs to a layer: it appears when the selection layer is added to the map and disappears
# when streamlit-folium removes that layer on the next filter change (a plain L.control would pile up).
_LEGEND_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = new (L.Layer.extend({
  onAdd: function(map) {
    var html = {{ this.html_json }};
    this._control = L.control({position: 'topright'});
    this._control.onAdd = function() {
      var div = L.DomUtil.create('div', 'dba-legend');
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    this._control.addTo(map);
  },
  onRemove: function(map) { if (this._control) { this._control.remove(); this._control = null; } }
}))();
{{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
{% endmacro %}
"""


class LayerLegend(MacroElement):
    """Legend HTML (already escaped) shown while its parent layer is on the map."""

    _template = Template(_LEGEND_JS)

    def __init__(self, legend_html: str):
        super().__init__()
        self._name = "LayerLegend"
        # JSON-encoded into the script; "</" is escaped so the HTML can never close the <script> element.
        self.html_json = json.dumps(legend_html).replace("</", "<\\/")


class _ZoomClass(MacroElement):
    _template = Template(_ZOOM_CLASS_JS)

    def __init__(self):
        super().__init__()
        self._name = "ZoomClass"


# The map page keeps its current view in the tab's sessionStorage, so other pages (导出) can use it without the
# map posting anything to Streamlit: returning "bounds" from st_folium would rerun the app on every pan.
# Value: JSON [west, south, east, north] in degrees, rounded to 4 decimals (~10 m). Read by ui.view_reader.
VIEW_STORAGE_KEY = "dba.mapView"

_VIEW_STORE_JS = """
{% macro script(this, kwargs) %}
(function(map, key) {
  function r(x) { return Math.round(x * 1e4) / 1e4; }
  function store() {
    var b = map.getBounds(), v = [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())];
    if (!(v[0] < v[2] && v[1] < v[3])) return;  // a frame not laid out yet has no view worth keeping
    try { window.sessionStorage.setItem(key, JSON.stringify(v)); }
    catch (e) { /* storage disabled or full: the export page then offers no "current view", nothing breaks */ }
  }
  map.on('moveend zoomend', store);
  map.whenReady(store);
})({{ this._parent.get_name() }}, {{ this.key_json }});
{% endmacro %}
"""


class ViewStore(MacroElement):
    """Keeps the map's view (rounded [west, south, east, north]) in sessionStorage under VIEW_STORAGE_KEY.

    Browser-side only: nothing is sent to Streamlit, so panning never reruns the app.
    """

    _template = Template(_VIEW_STORE_JS)

    def __init__(self, key: str = VIEW_STORAGE_KEY):
        super().__init__()
        self._name = "ViewStore"
        self.key_json = _script_json(key)


def esc(value: object) -> str:
    """HTML-escape any value for tooltips, popups, labels and legends."""
    return html.escape(str(value), quote=True)


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


def _bounds() -> list[list[float]]:
    """[[south, west], [north, east]] from geo.boundaries.map_bounds(), whichever shape it returns."""
    b = boundaries.map_bounds()
    if isinstance(b, dict):
        return [[b["south"], b["west"]], [b["north"], b["east"]]]
    flat = [float(x) for row in b for x in (row if isinstance(row, (list, tuple)) else [row])]
    if len(flat) != 4:
        raise ValueError(f"map_bounds() gave {b!r}")
    if isinstance(b[0], (list, tuple)):  # [[south, west], [north, east]]
        return [[flat[0], flat[1]], [flat[2], flat[3]]]
    minx, miny, maxx, maxy = flat  # (west, south, east, north), shapely order
    return [[miny, minx], [maxy, maxx]]


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


_POINTS_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.featureGroup();
var {{ this.get_name() }}_all = [];
{{ this.items_json }}.forEach(function(d) {
  {% if this.kind == "labels" %}
  // Non-interactive: clicks fall through to the polygon under the label.
  {{ this.get_name() }}_all.push(L.marker([d[0], d[1]], {interactive: false, keyboard: false, pane: 'markerPane',
    icon: L.divIcon({className: 'dba-label', iconSize: [0, 0], html: '<div class="' + d[3] + '">' + d[2] + '</div>'})
  }).addTo({{ this.get_name() }}));
  {% else %}
  L.circleMarker([d[0], d[1]], {{ this.style_json }}).bindTooltip(d[2], {sticky: false})
    .addTo({{ this.get_name() }});
  {% endif %}
});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% if this.kind == "labels" %}
// Declutter: labels come in priority order (SARs, cities, zones, provinces); a label that would overlap one
// already shown is hidden at this zoom and comes back when there is room.
(function(map, labels) {
  function overlaps(r, placed) {
    return placed.some(function(q) {
      return !(r.right + 2 < q.left || r.left - 2 > q.right || r.bottom < q.top || r.top > q.bottom); });
  }
  function declutter() {
    var placed = [];
    labels.forEach(function(mk) {
      var el = mk.getElement(), inner = el && el.firstChild;
      if (!inner) { return; }
      inner.style.visibility = '';
      inner.style.transform = '';
      if (inner.offsetParent === null) { return; }
      var r0 = inner.getBoundingClientRect(), w = r0.width, h = r0.height;
      // Centred first, then just above, below, right, left of the point; hidden if none is free.
      var shifts = [[0, 0], [0, -h], [0, h], [w / 2 + 3, 0], [-w / 2 - 3, 0]];
      for (var i = 0; i < shifts.length; i++) {
        var dx = shifts[i][0], dy = shifts[i][1];
        var r = {left: r0.left + dx, right: r0.right + dx, top: r0.top + dy, bottom: r0.bottom + dy};
        if (!overlaps(r, placed)) {
          if (dx || dy) { inner.style.transform = 'translate(calc(-50% + ' + dx + 'px), calc(-50% + ' + dy + 'px))'; }
          placed.push(r);
          return;
        }
      }
      inner.style.visibility = 'hidden';
    });
  }
  map.on('zoomend moveend resize', function() { setTimeout(declutter, 0); });
  setTimeout(declutter, 0);
  // Again once the CJK web font is in: label widths change when it replaces the fallback font.
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(declutter); }
  setTimeout(declutter, 800);
})({{ this._parent.get_name() }}, {{ this.get_name() }}_all);
{% endif %}
{% endmacro %}
"""


class PointBatch(MacroElement):
    """Many labels or circle markers from one JSON array: one element instead of hundreds.

    folium.Marker re-creates and re-compiles a Jinja template per marker on every render (and keeps adding
    children to it), which alone cost ~70 ms per rerun for the labels. Items: [lat, lon, html, css class];
    the html is escaped by the caller and the JSON is made safe to sit inside a <script> element.
    """

    _template = Template(_POINTS_JS)

    def __init__(self, kind: str, items: list[list], style: dict | None = None):
        super().__init__()
        self._name = "PointBatch"
        self.kind = kind
        self.items_json = _script_json(items)
        self.style_json = _script_json(style or {})


def _script_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def base_map(lang: str = "zh", basemap: str | None = None, gazetteer: Gazetteer | None = None) -> folium.Map:
    """The map without the selection: context provinces (faint), zones, 港珠澳大桥, facilities, labels, controls.

    tiles=None by default (works offline); basemap "osm" or "carto" adds WGS84 tiles from the internet.
    """
    from geo.places.gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    bounds = _bounds()
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
    m.get_root().header.add_child(Element(_CSS), name="dba_css")
    for name, z in PANES:
        folium.map.CustomPane(name, z_index=z, pointer_events=True).add_to(m)

    ContextLayer().add_to(m)

    _add_zones(m, gaz, lang)
    _add_corridors(m, gaz, lang)
    _add_facilities(m, gaz, lang)
    _add_labels(m, gaz, lang, bounds)
    _ZoomClass().add_to(m)
    Fullscreen(
        position="topleft",
        title=t("map_fullscreen", lang),
        title_cancel=t("map_fullscreen_exit", lang),
        force_separate_button=True,
    ).add_to(m)
    m.fit_bounds(bounds)
    localize_assets(m)  # again, for the plugins added after the first call (Fullscreen)
    return m


_CONTEXT_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson(({{ this.decode_js }})({{ this.geometry_json }}, {{ this.scale }}),
  {interactive: false, style: function() { return {{ this.style_json }}; }});
{{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
{% endmacro %}
"""


class ContextLayer(MacroElement):
    """Neighbouring provinces, faint and not clickable, delta-encoded like the city polygons."""

    _template = Template(_CONTEXT_JS)

    def __init__(self):
        super().__init__()
        self._name = "ContextLayer"
        self.geometry_json = _script_json(
            [
                [f.get("properties", {}).get("name_zh", ""), encode_polygons(f["geometry"])]
                for f in _layer_features("context")
                if f.get("geometry", {}).get("type") in ("Polygon", "MultiPolygon")
            ]
        )
        self.decode_js, self.scale = DECODE_JS, SCREEN_SCALE
        self.style_json = _script_json(
            {"color": COLOURS["context_line"], "weight": 0.8, "fillColor": COLOURS["context_fill"], "fillOpacity": 0.7}
        )


def _zone_tip(place: Place | None, props: dict, lang: str) -> str:
    name = place.name(lang) if place else props.get("name_zh", "")
    tip = f"<b>{esc(name)}</b>"
    if props.get("accuracy") == "schematic":
        tip += f"<br>{esc(t('map_schematic_outline', lang))}"
    return tip


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

    def style(feature: dict) -> dict:
        schematic = feature["properties"]["accuracy"] == "schematic"
        return {
            "color": COLOURS["zone"],
            "weight": 1.8,
            "fillColor": COLOURS["zone"],
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
                "properties": {"place": props.get("place"), "kind": "corridor", "tip": f"<b>{esc(name)}</b>"},
            }
        )
    if feats:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": feats},
            name="corridors",
            pane=ZONE_PANE,
            control=False,
            style_function=lambda _f: {"color": COLOURS["corridor"], "weight": 3.5},
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(m)


def _facility_tip(place: Place, gaz: Gazetteer, lang: str) -> str:
    where = [gaz[p].name(lang) for p in place.parents if p in gaz]
    tip = f"<b>{esc(place.name(lang))}</b>"
    if where:
        tip += "<br>" + esc(t("list_sep", lang).join(where))
    return tip


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
                "color": COLOURS["facility"],
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
        items.append([*pt, esc(label_name(place, lang)), "sar" if place.kind == "sar" else "city"])
    for f in _layer_features("zones"):
        props = f.get("properties", {})
        place = gaz.places.get(props.get("place"))
        pt = _label_point(f)
        if place is None or pt is None:
            continue
        text = label_name(place, lang)
        if props.get("accuracy") == "schematic":
            text += t("map_schematic_suffix", lang)
        items.append([*pt, esc(text), "zone dba-minor"])
    for name_zh, props, pt in _context_label_points(bounds):
        text = props.get("name_en") or name_zh if lang == "en" else localize(name_zh, lang)
        items.append([*pt, esc(text), "ctx"])
    PointBatch("labels", items).add_to(m)


# ---------------------------------------------------------------- selection layer


def _area_features() -> tuple[dict, ...]:
    return _layer_features("cities")


def highlight_places(measure: Measure | None) -> list[str]:
    """The place ids a chosen measure is tagged to (what the map highlights)."""
    if not measure:
        return []
    return list(dict.fromkeys(tag["place"] for tag in measure.get("places", [])))


def legend_html(classes: Classes, groups: Counter, gaz: Gazetteer, lang: str, include_groups: bool, total: int) -> str:
    """The legend: class limits with colours, region-wide measure counts, symbol keys, schematic note."""
    rows = [f'<div class="ttl">{esc(t("map_legend_title", lang))}</div>']
    swatches = [
        f'<span class="cls"><span class="sw" style="background:{esc(colour)}"></span>{esc(label)}</span>'
        for label, colour in classes.legend()
    ]
    rows.append("<div>" + "".join(swatches) + "</div>")
    group_rows = [(gaz[g].name(lang), n) for g, n in groups.most_common() if g in gaz]
    if group_rows:
        key = "map_groups_included" if include_groups else "map_groups_separate"
        rows.append(f'<div class="grp">{esc(t(key, lang))}</div>')
        for name, n in group_rows:
            rows.append(f"<div>{esc(name)}{esc(t('colon', lang))}{n}</div>")
    rows.append(f'<div class="grp"><span class="dash"></span>{esc(t("map_key_zone", lang))}</div>')
    rows.append(f'<div><span class="line"></span>{esc(t("map_key_corridor", lang))}</div>')
    rows.append(f'<div><span class="dot"></span>{esc(t("map_key_facility", lang))}</div>')
    rows.append(f'<div class="note">{esc(t("map_selected_total", lang).format(n=total))}</div>')
    return "".join(rows)


def _area_tip(place: Place, count: int, lang: str, group_extra: int, include_groups: bool) -> str:
    tip = f"<b>{esc(place.name(lang))}</b><br>{esc(t('map_tip_count', lang).format(n=count))}"
    if group_extra and not include_groups:
        tip += "<br>" + esc(t("map_tip_group_extra", lang).format(n=group_extra))
    return tip


_CHOROPLETH_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function() {
  var props = {{ this.props_json }};
  var layer = L.geoJson(({{ this.decode_js }})({{ this.geometry_json }}, {{ this.scale }}), {
    style: function(f) {
      var p = props[f.properties.place] || {};
      if (p.hl) { return {fillColor: p.fill, fillOpacity: 0.85, color: '{{ this.hl_colour }}', weight: 4}; }
      return {fillColor: p.fill || '{{ this.zero }}', fillOpacity: 0.85,
              color: p.sel ? '{{ this.sel_colour }}' : '{{ this.line_colour }}', weight: p.sel ? 2.5 : 0.8};
    },
    onEachFeature: function(f, l) {
      var p = props[f.properties.place] || {};
      // Counts travel with the feature: a click hands them back to the app (last_active_drawing).
      f.properties.count = p.count || 0;
      f.properties.kind = p.kind;
      if (p.tip) { l.bindTooltip(p.tip, {sticky: true}); }
      l.on('mouseover', function(e) { e.target.setStyle({weight: 2.5, color: '#444444'}); });
      l.on('mouseout', function(e) { layer.resetStyle(e.target); if (p.hl || p.sel) { e.target.bringToFront(); } });
    }
  });
  // Outlined places on top, so their full border shows over the neighbours' edges.
  layer.eachLayer(function(l) {
    var p = props[l.feature.properties.place] || {};
    if (p.sel) { l.bringToFront(); }
  });
  layer.eachLayer(function(l) {
    var p = props[l.feature.properties.place] || {};
    if (p.hl) { l.bringToFront(); }
  });
  return layer;
})();
{{ this._parent.get_name() }}.addLayer({{ this.get_name() }});
{% endmacro %}
"""


class AreaChoropleth(MacroElement):
    """The 23 city/SAR polygons shaded by count, as one Leaflet GeoJSON layer.

    The geometry never changes while the user filters, so its JSON is serialised once and reused; only the
    small per-place table (count, colour, escaped tooltip, selected/highlighted) is built on each rerun.
    (folium.GeoJson would re-encode ~190 KB of coordinates several times per rerun.)
    """

    _template = Template(_CHOROPLETH_JS)

    def __init__(self, props: dict[str, dict]):
        super().__init__()
        self._name = "AreaChoropleth"
        self.props = props
        self.props_json = _script_json(props)
        self.geometry_json = area_geometry_json()
        self.decode_js, self.scale = DECODE_JS, SCREEN_SCALE
        self.zero, self.hl_colour = ZERO_COLOUR, COLOURS["highlight"]
        self.sel_colour, self.line_colour = COLOURS["selected"], COLOURS["city_line"]


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
) -> tuple[dict[str, dict], Classes, Counter]:
    """Per city/SAR: count, class colour, escaped tooltip, selected (region filter) and highlighted flags."""
    gaz = gazetteer
    counts = place_counts(selection, gaz, include_groups=filters.include_groups)
    groups = group_counts(selection, gaz)
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
) -> folium.FeatureGroup:
    """Cities/SARs shaded by the number of selected measures concerning them, plus highlights and the legend.

    Group-wide measures (粤港澳大湾区 …) are counted for the members only when filters.include_groups is set;
    otherwise they appear as their own counts in the legend and tooltips.
    `highlight`: a measure (its places are outlined) or place ids.
    """
    props, classes, groups = area_properties(selection, gazetteer, filters, lang, highlight)
    fg = folium.FeatureGroup(name=SELECTION_NAME, control=False)
    AreaChoropleth(props).add_to(fg)
    _add_highlight(fg, gazetteer, highlight, lang)
    LayerLegend(legend_html(classes, groups, gazetteer, lang, filters.include_groups, len(selection))).add_to(fg)
    return fg


def _highlight_ids(gaz: Gazetteer, highlight) -> list[str]:
    if not highlight:
        return []
    ids = highlight_places(highlight) if isinstance(highlight, dict) else list(highlight)
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
    shapes = [f for f in _layer_features("zones") if f["properties"].get("place") in ids]
    shapes += [f for f in _layer_features("corridors") if f["properties"].get("place") in ids]
    if shapes:
        folium.GeoJson(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": f["geometry"],
                        "properties": {"place": f["properties"].get("place")},
                    }
                    for f in shapes
                ],
            },
            name="highlight",
            pane=HIGHLIGHT_PANE,
            interactive=False,
            style_function=lambda _f: {"color": COLOURS["highlight"], "weight": 4, "fill": False},
        ).add_to(fg)
    rings = [
        [gaz[p].point[1], gaz[p].point[0], esc(gaz[p].name(lang)), ""]
        for p in ids
        if gaz[p].kind == "facility" and gaz[p].point
    ]
    if rings:
        PointBatch(
            "points",
            rings,
            {"radius": 9, "color": COLOURS["highlight"], "weight": 3, "fill": False, "pane": HIGHLIGHT_PANE},
        ).add_to(fg)


def clicked_place(drawing: dict | None, gazetteer: Gazetteer) -> str | None:
    """The place id of a clicked map feature (st_folium's last_active_drawing), if it is a region we filter by."""
    if not isinstance(drawing, dict):
        return None
    pid = (drawing.get("properties") or {}).get("place")
    if isinstance(pid, str) and pid in gazetteer and gazetteer[pid].kind in ("city", "sar", "zone"):
        return pid
    return None
