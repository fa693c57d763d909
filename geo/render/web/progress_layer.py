"""The map's progress view as a selection layer: cities/SARs, zones and facilities coloured by their worst light
(or share completed) on the as-of date, popups and a legend with each light's shape and label.

It is a drop-in for geo.render.web.mapview.selection_layer: the same feature group sent to st_folium as
`feature_group_to_add`, so switching the as-of date or a progress filter repaints the map along the filters' fast
path (no frame reload). The base map carries the code (static/map/progress.js, progress.css; see
`progress_assets`). No streamlit import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import folium
from markupsafe import Markup

from geo.dataset import Measure
from geo.i18n import localize, t
from geo.memo import IdentityMemo
from geo.places.gazetteer import AREA_KINDS, Gazetteer
from geo.progress.rules import LIGHTS, ProgressRules, load_rules
from geo.progress.status import MeasureStatus, Rollup, Snapshot
from geo.render.names import short_name
from geo.render.style import map_colours
from geo.render.web.assets import Assets
from geo.render.web.mapview import (
    FIT_PADDING,
    HIGHLIGHT_PANE,
    POINT_PANE,
    SELECTION_NAME,
    AreaChoropleth,
    JsCall,
    LayerLegend,
    _add_highlight,
    _add_selected_zones,
    _bounds,
    _highlight_areas,
    _layer_features,
    popup_data,
    region_bounds,
)
from geo.render.web.markup import render
from geo.render.web.progress_view import (
    facility_radius,
    light_css_variables,
    light_look,
    no_measures_colour,
    place_fill,
    place_rollups,
    region_wide_rollups,
    share_legend,
    status_label,
)
from geo.render.web.screen_geometry import SCREEN_SCALE, encode_polygons
from geo.selection.filters import Filters

TEMPLATE = "progress_map.html"


def progress_assets() -> Assets:
    """The progress view's JS and CSS with the light colours as CSS variables (added once to the base map)."""
    return Assets("ProgressAssets", js=["dba_progress_js"], css=["dba_progress_css"], variables=light_css_variables())


# facts_html per (measure status object, language): a cached snapshot's statuses are drawn on every rerun (popups,
# cards) and never change; the object is kept with its entry, so a reused id() can never hit a stale entry.
_FACTS_CACHE: dict[tuple[int, str], tuple[MeasureStatus, str]] = {}
_FACTS_LIMIT = 60_000


def facts_html(ms: MeasureStatus, lang: str, rules: ProgressRules | None = None) -> str:
    """A measure's light (shape + label), status, last report date + excerpt and next milestone, escaped HTML."""
    held = _FACTS_CACHE.get((id(ms), lang))
    if held is not None and held[0] is ms:
        return held[1]
    if len(_FACTS_CACHE) > _FACTS_LIMIT:
        _FACTS_CACHE.clear()
    html = _facts_html(ms, lang, rules or load_rules())
    _FACTS_CACHE[(id(ms), lang)] = (ms, html)
    return html


def _facts_html(ms: MeasureStatus, lang: str, rules: ProgressRules) -> str:
    nxt = ms.next_milestone
    return render(
        TEMPLATE,
        "facts",
        light_look(ms.light, lang, rules),
        status_label(ms.status, lang, rules),
        t("prog_last_report", lang),
        ms.last_report_on or "",
        localize(ms.excerpt, lang),
        t("prog_next_milestone", lang),
        nxt.due_on if nxt else "",
        localize(nxt.text, lang) if nxt else "",
        t("prog_no_report", lang),
        t("prog_overdue", lang) if ms.overdue else "",
    )


def _counts_line(r: Rollup, lang: str, rules: ProgressRules) -> str:
    parts = []
    for light in reversed(LIGHTS):  # worst first
        if r.lights.get(light):
            look = light_look(light, lang, rules)
            parts.append(f"{look.shape}{look.label}\u00a0{r.lights[light]}")  # no line break inside an item
    return " ".join(parts)


def _share_line(r: Rollup, lang: str) -> str:
    rate = r.completion_rate or 0
    return t("prog_share_line", lang).format(done=r.completed, n=r.items, pct=round(rate * 100))


def _place_tip(name: str, r: Rollup | None, lang: str, rules: ProgressRules) -> str:
    if r is None or not r.items:
        return render(TEMPLATE, "tip", name, [t("prog_tip_none", lang)])
    return render(TEMPLATE, "tip", name, [_counts_line(r, lang, rules), _share_line(r, lang)])


@lru_cache(maxsize=2)
def _zone_geometry(_key: int) -> tuple:
    return tuple(
        (f["properties"].get("place"), encode_polygons(f["geometry"]))
        for f in _layer_features("zones")
        if f.get("geometry", {}).get("type") in ("Polygon", "MultiPolygon")
    )


def _light_class(r: Rollup | None, colour_by: str) -> str:
    return f"dba-prog-{r.light}" if r is not None and r.light and colour_by == "light" else "dba-prog-share"


def progress_legend(
    snap: Snapshot, rollups_wide: dict[str, Rollup], gazetteer: Gazetteer, colour_by: str, lang: str
) -> str:
    rules = load_rules()
    title = t("prog_legend_title", lang).format(date=snap.as_of.isoformat())
    counts = snap.light_counts()
    if colour_by == "share":
        rows = [(label, colour, None) for label, colour in share_legend()]
        title += t("part_sep", lang) + t("prog_colour_share", lang)
    else:
        rows = []
        for light in reversed(LIGHTS):
            look = light_look(light, lang, rules)
            rows.append((f"{look.shape} {look.label}", look.colour, counts.get(light, 0)))
    rows.append((t("prog_legend_none", lang), no_measures_colour(), None))
    line = (lambda r: _share_line(r, lang)) if colour_by == "share" else (lambda r: _counts_line(r, lang, rules))
    groups = [(gazetteer[g].name(lang), line(r)) for g, r in sorted(rollups_wide.items(), key=lambda kv: -kv[1].items)]
    return render(
        TEMPLATE,
        "legend",
        title,
        t("prog_sample", lang) if snap.has_sample else "",
        rows,
        t("map_groups_separate", lang),
        groups,
        t("colon", lang),
        t("prog_legend_note_share" if colour_by == "share" else "prog_legend_note", lang),
    )


def _area_props(
    rollups: dict[str, Rollup],
    gazetteer: Gazetteer,
    filters: Filters,
    highlight: Measure | Iterable[str] | None,
    colour_by: str,
    lang: str,
    rules: ProgressRules,
) -> dict[str, dict]:
    """Per city/SAR what dba.choropleth draws: count (measures there), fill, escaped tooltip, selected and
    highlighted flags (the count view's rules, geo.render.web.mapview.area_properties)."""
    selected: set[str] = set()
    for r in filters.regions:
        if r in gazetteer and gazetteer[r].kind in (*AREA_KINDS, "region_group"):
            selected |= gazetteer.area_ids(r)
    highlighted = _highlight_areas(gazetteer, highlight)
    props: dict[str, dict] = {}
    for f in _layer_features("cities"):
        pid = f["properties"].get("place")
        if pid not in gazetteer:
            continue
        r = rollups.get(pid)
        props[pid] = {
            "count": r.items if r else 0,
            "fill": place_fill(r, colour_by, rules),
            "kind": gazetteer[pid].kind,
            "tip": _place_tip(gazetteer[pid].name(lang), r, lang, rules),
        }
        if pid in selected:
            props[pid]["sel"] = 1
        if pid in highlighted:
            props[pid]["hl"] = 1
    return props


_ROLLUPS = IdentityMemo(16)  # per (narrowed snapshot, gazetteer, rules) and include_groups
# Per (narrowed snapshot, gazetteer) and (filters, language): the narrowed snapshot stands for the selection (the
# same cached snapshot and the same measure ids give the same object, progress_view.narrowed).
_POPUPS = IdentityMemo(16)


def _rollups(snap: Snapshot, gazetteer: Gazetteer, include_groups: bool, rules: ProgressRules) -> tuple[dict, dict]:
    by_place = snap.by_place(rules)
    return by_place, place_rollups(snap, gazetteer, include_groups, rules, by_place)


def label_marks(lights: dict[str, str | None], gazetteer: Gazetteer, lang: str) -> dict[str, list[str]]:
    """Map label text → [shape, colour] of the places with a light (place id → light): the label then carries the
    light's shape (static/map/labels.js dba.lightLabels), so a progress map does not rely on hue alone. A zone's
    label may carry the schematic suffix: both spellings are listed."""
    rules = load_rules()
    suffix = t("map_schematic_suffix", lang)
    marks: dict[str, list[str]] = {}
    for pid, light in lights.items():
        place = gazetteer.places.get(pid)
        if place is None or light not in rules.lights.looks or place.kind not in (*AREA_KINDS, "zone"):
            continue
        look = light_look(light, lang, rules)
        mark = [look.shape, look.colour]
        marks[short_name(place, lang)] = mark
        if place.kind == "zone":
            marks[short_name(place, lang) + suffix] = mark
    return marks


def progress_layer(
    selection: list[Measure],
    snap: Snapshot,
    gazetteer: Gazetteer,
    filters: Filters,
    lang: str = "zh",
    colour_by: str = "light",
    highlight: Measure | Iterable[str] | None = None,
    interactive: bool = False,
    view: list[float] | None = None,
) -> folium.FeatureGroup:
    """SELECTION: the measures on the map (theme/department/region and progress filters applied); SNAP: the
    snapshot on the as-of date, narrowed to them (geo.render.web.progress_view.narrowed)."""
    rules = load_rules()
    by_place, rollups = _ROLLUPS.get(
        (snap, gazetteer, rules),
        filters.include_groups,
        lambda: _rollups(snap, gazetteer, filters.include_groups, rules),
    )
    props = _area_props(rollups, gazetteer, filters, highlight, colour_by, lang, rules)
    fg = folium.FeatureGroup(name=SELECTION_NAME, control=False)
    AreaChoropleth(props).add_to(fg)
    line = map_colours()["city_line"]
    zones = [
        [pid, enc, place_fill(rollups[pid], colour_by, rules), _light_class(rollups[pid], colour_by)]
        for pid, enc in _zone_geometry(len(_layer_features("zones")))
        if pid in rollups and pid in gazetteer
    ]
    points = []
    for place in gazetteer.of_kind("facility"):
        r = rollups.get(place.id)
        if r is None or not place.point:
            continue
        tip = _place_tip(place.name(lang), r, lang, rules)
        points.append(
            [place.point[1], place.point[0], tip, place_fill(r, colour_by, rules), _light_class(r, colour_by), place.id]
        )
    style = {"zonePane": HIGHLIGHT_PANE, "pointPane": POINT_PANE, "line": line, "radius": facility_radius()}
    JsCall("ProgressPlaces", "progressPlaces", zones, points, SCREEN_SCALE, style).add_to(fg)
    lights = {pid: r.light for pid, r in rollups.items()} if colour_by == "light" else {}
    JsCall("LightLabels", "lightLabels", label_marks(lights, gazetteer, lang)).add_to(fg)
    _add_highlight(fg, gazetteer, highlight, lang)
    wide = region_wide_rollups(snap, gazetteer, rules, by_place)
    LayerLegend(progress_legend(snap, wide, gazetteer, colour_by, lang)).add_to(fg)
    if interactive:
        _add_selected_zones(fg, gazetteer, filters)
        key = ",".join(sorted(filters.regions))
        bounds = region_bounds(filters.regions, gazetteer) if filters.regions else _bounds()
        JsCall("FitView", "fitView", key, bounds, view, FIT_PADDING).add_to(fg)
        popups = _POPUPS.get(
            (snap, gazetteer), (filters, lang), lambda: progress_popups(selection, snap, gazetteer, filters, lang)
        )
        JsCall("PlacePopups", "placePopups", popups).add_to(fg)
    return fg


def progress_popups(
    selection: list[Measure], snap: Snapshot, gazetteer: Gazetteer, filters: Filters, lang: str
) -> dict:
    """The count view's popups (same places, same measures) with each measure's progress facts under its line."""
    from geo.selection.briefing import short_text

    data = popup_data(selection, gazetteer, filters, lang)
    by_id = {m["id"]: m for m in selection}
    rules = load_rules()
    lines = {}
    for mid in data["lines"]:
        m, ms = by_id[mid], snap.measures.get(mid)
        key = (id(m), id(ms), lang)
        held = _POPUP_CACHE.get(key)
        if held is None or held[0] is not m or held[1] is not ms:
            if len(_POPUP_CACHE) > _FACTS_LIMIT:
                _POPUP_CACHE.clear()
            html = render(
                TEMPLATE,
                "popup_line",
                f"{t('col_id', lang)} {mid}",
                localize(m["theme_short"], lang),
                short_text(localize(m.get("text", ""), lang)),
                Markup(facts_html(ms, lang, rules)) if ms is not None else "",
            )
            held = _POPUP_CACHE[key] = (m, ms, html)
        lines[mid] = held[2]
    data["lines"] = lines
    return data


# A popup line per (measure record, status, language), like _FACTS_CACHE: both objects come from caches and are kept
# with the entry, so an entry is only ever hit by the very objects it was made from.
_POPUP_CACHE: dict[tuple[int, int, str], tuple[dict, MeasureStatus | None, str]] = {}


def as_of_label(day: dt.date, lang: str) -> str:
    return t("prog_as_of_value", lang).format(y=day.year, m=day.month, d=day.day)
