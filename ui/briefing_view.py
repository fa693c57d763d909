"""What the briefing page draws: its CSS, the side panel, the key/auto-advance script and the slide's map layer.

No Streamlit import: the page (pages/2_汇报模式.py) passes these strings and layers to st.html / st_folium,
and tests can check them directly. The CSS and JS are files (static/briefing/, the label placer in
static/map/labels.js); the HTML comes from the autoescaped templates of geo.render.web.markup.

Sizes use one unit, --u = min(1vw, 1.7778vh): 1 % of the width of the largest 16:9 box that fits the screen.
Body text is 1.5u = 28.8 px at 1920×1080 and 57.6 px at 3840×2160, so the slide looks the same on a projector and
on a 4K wall, and it still fits on a 4:3 or 21:9 screen (everything is sized against that 16:9 box).
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

import folium
from folium.features import DivIcon
from markupsafe import Markup

from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.render.extent import Bounds
from geo.render.style import css_variables
from geo.render.web.assets import Assets, script_text, stylesheet, variables_style
from geo.render.web.mapview import HIGHLIGHT_PANE, AreaChoropleth, JsCall
from geo.render.web.markup import render
from geo.render.web.progress_layer import label_marks
from geo.selection.briefing import Slide
from geo.selection.briefing_progress import is_progress, light_looks, looks_legend
from geo.selection.classes import Classes
from ui.briefing_theme import DEFAULT_LOOK, palette
from ui.briefing_theme import css_variables as look_variables

PANEL_WIDTH = 0.38  # of the viewport width; the map keeps the rest (fitBounds pads by the same fraction)
UNIT = "min(1vw, 1.7778vh)"
MAP_KEY = "briefing_map"  # also named in static/briefing/page.css (.st-key-briefing_map)
NEXT_KEY, PREV_KEY = "briefing_next", "briefing_prev"
GOTO_KEY = "briefing_goto"  # a hidden text box the clicker script types the target slide into (static/briefing/keys.js)
KICKER_LIMIT = 60  # characters of the filter description above the overview title (it can list many values)
PAGE_CSS = "briefing/page.css"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _variables(look: str) -> str:
    """The look's colours, the unit and the panel width as CSS variables (the CSS files use only these)."""
    return look_variables(look) + " " + css_variables({"u": UNIT, "dba-panel-width": f"{PANEL_WIDTH * 100:g}vw"}, "--")


# ---------------------------------------------------------------------------------------------- page CSS


def page_css(look: str) -> str:
    """Hide Streamlit's chrome, pin the map frame to the viewport, lay out the panel, controls and footnote."""
    return variables_style(_variables(look)) + stylesheet(PAGE_CSS)


# ---------------------------------------------------------------------------------------------- map frame


def frame_assets(look: str) -> Assets:
    """Styles and scripts inside the map iframe: fill the frame, big always-on labels, the look's colours.

    The dark look's recolouring of the light base map comes first, the rules of both looks (highlights last) after.
    """
    css = (["dba_briefing_dark_css"] if look == "dark" else []) + ["dba_briefing_css"]
    return Assets("BriefingFrame", js=["dba_briefing_js"], css=css, variables=_variables(look))


# ---------------------------------------------------------------------------------------------- side panel


def panel_html(slide: Slide, number: int, total: int, lang: str) -> str:
    """The side panel of one slide (all text escaped)."""
    return render(
        "briefing.html",
        "panel",
        slide,
        number,
        total,
        _clip(slide.kicker, KICKER_LIMIT),
        t("briefing_by_theme", lang),
        t("briefing_key_measures", lang),
        t("filter_department", lang),
        t("briefing_scope", lang),
    )


def legend_swatches(classes: Classes, look: str) -> list[tuple[str, str]]:
    """The shading key as the map of this look draws it: the dark look paints zero-count areas in its land colour
    (static/briefing/frame-dark.css, path.dba-zero), so its "0" swatch is that colour, not the light map's."""
    swatches = classes.legend()
    if look == "dark" and swatches:
        swatches[0] = (swatches[0][0], palette(look).land)
    return swatches


def footnote_html(
    classes: Classes,
    lang: str,
    look: str = DEFAULT_LOOK,
    slide: Slide | None = None,
    gazetteer: Gazetteer | None = None,
    source: str | None = None,
) -> str:
    """One line under the map: the colour key of the shading (on a progress slide: the lights, shape + label), the
    region-wide measures (counted for the group, not for its member cities, so they would otherwise be invisible on
    the map), the schematic note and the source (`source`: an imported table's or a chosen plan's line; None: the
    built-in document's). A deck with sample progress starts the line with 示例数据."""
    notes = [t("schematic_note", lang), source or t("source_line", lang)]
    region_wide = [
        (gazetteer[g].name(lang), n) for g, n in (slide.region_wide if slide else ()) if gazetteer and g in gazetteer
    ]
    key = ""
    if slide is not None and is_progress(slide):  # the panel lists the region-wide measures, with their lights
        region_wide = []
        key = Markup(render("briefing_progress.html", "light_key", t("progress_light_key", lang), looks_legend(lang)))
    return render(
        "briefing.html",
        "footnote",
        t("map_legend_title", lang),
        legend_swatches(classes, look),
        notes,
        t("briefing_region_wide", lang),
        region_wide,
        t("briefing_measures_unit", lang),
        sample=t("progress_sample", lang) if slide is not None and slide.sample else "",
        light_key=key,
    )


# ---------------------------------------------------------------------------------------------- progress slides


def progress_panel_html(slide: Slide, number: int, total: int, lang: str) -> str:
    """The panel of a progress slide: full screen for the cover, overview, themes and red list (a table needs the
    width; the map stays loaded behind it), the side panel for the region slide (all text escaped)."""
    labels = {
        "sample": t("progress_sample", lang),
        "scope": t("briefing_scope", lang),
        "period": t("progress_period", lang),
        "due_period": t("progress_due_period", lang),
        "by_light": t("progress_by_light", lang),
        "by_status": t("progress_by_status", lang),
        "change": t("progress_change", lang),
        "change_since": t("progress_change_since", lang),
        "no_change_base": t("progress_no_change_base", lang),
        "completed": t("progress_completed", lang),
        "col_theme": t("progress_col_theme", lang),
        "col_items": t("progress_col_items", lang),
        "col_rate": t("progress_col_rate", lang),
        "col_measure": t("progress_col_measure", lang),
        "col_text": t("progress_col_text", lang),
        "col_lead": t("progress_col_lead", lang),
        "col_due": t("progress_col_due", lang),
        "col_reason": t("progress_col_reason", lang),
        "red_none": t("progress_red_none", lang),
        "page": t("progress_page", lang),
        "region_more": t("progress_region_more", lang),
        "region_wide": t("briefing_region_wide", lang),
    }
    return render("briefing_progress.html", "panel", slide, number, total, light_looks(lang), labels)


def covers_map(slide: Slide) -> bool:
    """A full-screen progress slide (everything but the region slide): no footnote or locator under it."""
    return is_progress(slide) and slide.extra.get("layout") != "region"


def slide_panel_html(slide: Slide, number: int, total: int, lang: str) -> str:
    """The panel of any slide of the deck."""
    if is_progress(slide):
        return progress_panel_html(slide, number, total, lang)
    return panel_html(slide, number, total, lang)


def light_fills(slide: Slide, gazetteer: Gazetteer, lang: str) -> dict[str, dict]:
    """Per city and SAR of a progress slide: its worst light's colour and a tooltip (shape + label + counts), in the
    shape the map's choropleth takes (AreaChoropleth props)."""
    looks = light_looks(lang)
    regions = slide.extra.get("regions", {}) if is_progress(slide) else {}
    props: dict[str, dict] = {}
    for pid, info in regions.items():
        place = gazetteer.places.get(pid)
        if place is None or place.kind not in ("city", "sar"):
            continue
        look = looks[info["light"]]
        counts = [f"{looks[k].shape}{looks[k].label} {n}" for k, n in info["lights"].items() if n]
        props[pid] = {
            "count": info["items"],
            "fill": look.colour,
            "kind": place.kind,
            "tip": render("map.html", "tip", place.name(lang), counts),
        }
    return props


def light_marks(slide: Slide, gazetteer: Gazetteer, lang: str) -> dict[str, list[str]]:
    """Label text → [shape, colour] of the places a progress slide colours (geo.render.web.progress_layer
    label_marks); empty on every other slide (the call then takes the shapes off again)."""
    regions = slide.extra.get("regions", {}) if is_progress(slide) else {}
    return label_marks({pid: info["light"] for pid, info in regions.items()}, gazetteer, lang)


def add_progress_map(layer: folium.FeatureGroup, slide: Slide, gazetteer: Gazetteer, lang: str) -> None:
    """A progress slide's map: cities and SARs filled with their worst light (the plan slides' choropleth with light
    colours), zones outlined and filled the same way over them."""
    AreaChoropleth(light_fills(slide, gazetteer, lang)).add_to(layer)
    looks = light_looks(lang)
    regions = slide.extra.get("regions", {})
    zones = [
        f
        for f in _zone_features()
        if (f.get("properties") or {}).get("place") in regions
        and gazetteer.places.get(f["properties"]["place"]) is not None
        and gazetteer[f["properties"]["place"]].kind == "zone"
    ]
    if zones:
        fills = {f["properties"]["place"]: looks[regions[f["properties"]["place"]]["light"]].colour for f in zones}
        folium.GeoJson(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": f["geometry"], "properties": {"place": f["properties"]["place"]}}
                    for f in zones
                ],
            },
            pane=HIGHLIGHT_PANE,  # above the base map's own zone outlines
            style_function=lambda f: {
                "fillColor": fills[f["properties"]["place"]],
                "fillOpacity": 0.9,
                "color": "#222222",
                "weight": 1.5,
                "className": "dba-light-zone",
            },
            interactive=False,
            tooltip=None,
        ).add_to(layer)


@lru_cache(maxsize=1)
def _zone_features_cached(_stamp: int) -> tuple[dict, ...]:
    from geo import boundaries

    return tuple(boundaries.to_geojson_dict("zones").get("features", []))


def _zone_features() -> tuple[dict, ...]:
    from geo import boundaries

    path = boundaries.LAYER_FILES["zones"]
    return _zone_features_cached(path.stat().st_mtime_ns if path.exists() else 0)


class LightLabels(JsCall):
    """Put a light's shape in front of the map labels of the places a progress slide colours (and take the shapes
    off on any other slide): sent with every slide's layer, run in the existing frame."""

    def __init__(self, marks: dict[str, list[str]]):
        super().__init__("LightLabels", "lightLabels", marks)


# ---------------------------------------------------------------------------------------------- keys


def keys_options(number: int, total: int, auto_seconds: int) -> dict:
    return {
        "slide": int(number),
        "total": int(total),
        "auto": int(auto_seconds),
        "next": NEXT_KEY,
        "prev": PREV_KEY,
        "goto": GOTO_KEY,
    }


def keys_html(number: int, total: int, auto_seconds: int) -> str:
    """The presenter-clicker listener (→ ← PageDown PageUp space) and the auto-advance timer, for st.html."""
    options = keys_options(number, total, auto_seconds)
    marker = render("briefing.html", "keys_marker", options["slide"], options["total"], options["auto"])
    call = "dbaBriefingKeys(" + json.dumps(options).replace("</", "<\\/") + ");"
    return f"{marker}\n<script>\n{script_text('briefing/keys.js')}\n{call}\n</script>"


# ---------------------------------------------------------------------------------------------- map layer


class FitSlide(JsCall):
    """Zoom the map to a slide's extent at the frame's real size, leaving the side panel's width free.

    Sent inside the slide's feature group, so it runs in the existing frame on every slide change (streamlit-folium
    evaluates a changed feature group without reloading the map); the viewport size is only known there.
    """

    def __init__(self, bounds: Bounds, key: str, panel: float = PANEL_WIDTH):
        super().__init__("FitSlide", "fitSlide", Bounds(*bounds).leaflet(), key, float(panel))

    def target(self):
        # dba.fitSlide works on the map: the parent of the slide's feature group.
        return self._parent._parent


# The page's boxes over the map (static/briefing/page.css): map labels keep clear of them.
MAP_COVERS = (".dba-foot", ".dba-locator")


class PlaceLabels(JsCall):
    """Part of the briefing's base map: keeps every label on and zone labels off city labels at every zoom, with
    the placer the screen map uses (static/map/labels.js, dba.keepLabels); no label under the footnote or the
    locator inset, and none cut by the side panel or the screen's edge."""

    def __init__(self, panel: float = PANEL_WIDTH, covers: tuple[str, ...] = MAP_COVERS):
        super().__init__("PlaceLabels", "keepLabels", float(panel), list(covers))


def add_facility_labels(layer: folium.FeatureGroup, slide: Slide, gazetteer: Gazetteer, lang: str) -> None:
    """Name the facilities a place slide is about (韶关数据中心集群): the base map shows them as bare dots.

    Only on place slides: a theme slide can name a dozen facilities around 深圳, too many labels for one screen.
    """
    if slide.kind != "place":
        return
    for pid in slide.places:
        place = gazetteer.places.get(pid)
        if place is None or place.kind != "facility" or not place.point:
            continue
        lon, lat = place.point
        folium.Marker(
            [lat, lon],
            icon=DivIcon(
                html=render("map.html", "label", "fac", place.name(lang)), class_name="dba-label", icon_size=(0, 0)
            ),
            interactive=False,
            keyboard=False,
        ).add_to(layer)


@lru_cache(maxsize=16)
def _group_outline(members: tuple[str, ...]) -> dict | None:
    """The outline of a region group: its member cities' and SARs' outlines merged (data/boundaries, cities layer)."""
    from shapely.geometry import mapping

    from geo import boundaries

    try:
        layer = boundaries.load_layer("cities")
    except FileNotFoundError:
        return None
    part = layer[layer["place"].isin(members)]
    if part.empty:
        return None
    return mapping(part.geometry.union_all().simplify(0.005))


def add_region_wide(layer: folium.FeatureGroup, slide: Slide, gazetteer: Gazetteer, lang: str) -> None:
    """Region-wide measures on the map: each region group the slide's measures are named for gets a dashed outline
    with its name and count (the shading counts cities; a measure for 粤港澳大湾区 as a whole is not any city's)."""
    for gid, _n in slide.region_wide:
        if gid not in gazetteer:
            continue
        outline = _group_outline(tuple(sorted(gazetteer.area_ids(gid))))
        if outline is None:
            continue
        folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": outline},
            style_function=lambda _f: {"className": "dba-group", "fill": False, "weight": 3, "dashArray": "10 8"},
            interactive=False,
            tooltip=None,
        ).add_to(layer)


LOCATOR_W, LOCATOR_H = 200, 150  # px of the inset's drawing (the CSS scales it with the screen)


def _svg_path(geometry: dict, project) -> str:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts = []
    for polygon in polygons:
        for ring in polygon[:1]:  # outer rings: holes are invisible at this size
            # whole pixels, repeats dropped: the inset is 200 px wide, finer detail is invisible and only weighs
            pts = list(dict.fromkeys((round(px), round(py)) for px, py in (project(x, y) for x, y in ring)))
            if len(pts) >= 3:
                parts.append("M" + " L".join(f"{px} {py}" for px, py in pts) + " Z")
    return " ".join(parts)


def locator_html(slide: Slide, gazetteer: Gazetteer, whole: Bounds, lang: str, look: str = DEFAULT_LOOK) -> str:
    """A small inset for a zoomed slide: the bay area's outline with a box where the slide is ("" for a slide that
    shows the whole map, or when the bay area has no outline). Drawn as SVG on the page, over the map's corner."""
    from geo.selection.briefing import locator_group

    group = locator_group()
    if slide.kind == "overview" or not group or group not in gazetteer:
        return ""
    west, south, east, north = slide.bounds
    w_all = whole[2] - whole[0]
    if east - west >= 0.6 * w_all:  # the slide already shows most of the province: nothing to locate
        return ""
    outline = _group_outline(tuple(sorted(gazetteer.area_ids(group))))
    if outline is None:
        return ""
    gw, gs, ge, gn = _geometry_bounds(outline)
    # the frame: the group and the slide's box together, with a margin
    fw, fs, fe, fn = min(gw, west), min(gs, south), max(ge, east), max(gn, north)
    pad = 0.05 * max(fe - fw, fn - fs)
    fw, fs, fe, fn = fw - pad, fs - pad, fe + pad, fn + pad
    scale = min(LOCATOR_W / (fe - fw), LOCATOR_H / (fn - fs))

    def project(x: float, y: float) -> tuple[float, float]:
        return (x - fw) * scale, (fn - y) * scale

    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    box = (x0, y0, max(x1 - x0, 4.0), max(y1 - y0, 4.0))
    # An image (data: URI) rather than inline SVG: st.html's sanitiser keeps an <img>, and the look's colours are
    # written into the picture (a stylesheet does not reach inside an image).
    svg = render(
        "briefing.html",
        "locator",
        (fe - fw) * scale,
        (fn - fs) * scale,
        _svg_path(outline, project),
        box,
        palette(look),
    )
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return render("briefing.html", "locator_figure", src, gazetteer[group].name(lang))


def bottom_html(locator: str, footnote: str) -> str:
    """The map's bottom corner: the locator inset (may be "") stacked above the footnote, right-aligned over the
    map (static/briefing/page.css .dba-bottom); both strings are already escaped HTML."""
    return f'<div class="dba-bottom">{locator}{footnote}</div>'


def _geometry_bounds(geometry: dict) -> tuple[float, float, float, float]:
    from shapely.geometry import shape

    return shape(geometry).bounds
