"""What the briefing page draws: its CSS, the side panel, the key/auto-advance script and the slide's map layer.

No Streamlit import: the page (pages/2_汇报模式.py) passes these strings and layers to st.html / st_folium,
and tests can check them directly. The CSS and JS are files (static/briefing/, the label placer in
static/map/labels.js); the HTML comes from the autoescaped templates of geo.render.web.markup.

Sizes use one unit, --u = min(1vw, 1.7778vh): 1 % of the width of the largest 16:9 box that fits the screen.
Body text is 1.5u = 28.8 px at 1920×1080 and 57.6 px at 3840×2160, so the slide looks the same on a projector and
on a 4K wall, and it still fits on a 4:3 or 21:9 screen (everything is sized against that 16:9 box).
"""

from __future__ import annotations

import json

import folium
from folium.features import DivIcon

from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.render.extent import Bounds
from geo.render.style import css_variables
from geo.render.web.assets import Assets, script_text, stylesheet, variables_style
from geo.render.web.mapview import JsCall
from geo.render.web.markup import render
from geo.selection.briefing import Slide
from geo.selection.classes import Classes
from ui.briefing_theme import css_variables as look_variables

PANEL_WIDTH = 0.38  # of the viewport width; the map keeps the rest (fitBounds pads by the same fraction)
UNIT = "min(1vw, 1.7778vh)"
MAP_KEY = "briefing_map"  # also named in static/briefing/page.css (.st-key-briefing_map)
NEXT_KEY, PREV_KEY = "briefing_next", "briefing_prev"
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
    )


def footnote_html(classes: Classes, lang: str) -> str:
    """One line under the map: the colour key of the shading, the schematic-outline note and the source."""
    notes = [t("schematic_note", lang), t("source_line", lang)]
    return render("briefing.html", "footnote", t("map_legend_title", lang), classes.legend(), notes)


# ---------------------------------------------------------------------------------------------- keys


def keys_options(number: int, total: int, auto_seconds: int) -> dict:
    return {"slide": int(number), "total": int(total), "auto": int(auto_seconds), "next": NEXT_KEY, "prev": PREV_KEY}


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


class PlaceLabels(JsCall):
    """Part of the briefing's base map: keeps every label on and zone labels off city labels at every zoom, with
    the placer the screen map uses (static/map/labels.js, dba.keepLabels)."""

    def __init__(self, panel: float = PANEL_WIDTH):
        super().__init__("PlaceLabels", "keepLabels", float(panel))


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
