"""The interactive map as one self-contained HTML file: Leaflet, jQuery, styles and data inlined, no network.

Built from a fresh map (st_folium renames the ids inside any map it is given, so the app's map is never
reused): the screen's base map (geo.mapview.base_map) with the selection layer added permanently, then every
asset inlined by geo.assets in "inline" mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from branca.element import Element

from geo.dataset import Measure
from geo.files import atomic_write_bytes
from geo.i18n import localize, t
from geo.places.gazetteer import AREA_KINDS, Gazetteer
from geo.render.print.figure import build_title, fit_extent
from geo.render.web.assets import Assets, localize_assets
from geo.render.web.mapview import AreaChoropleth, JsCall, base_map, selection_layer
from geo.render.web.markup import escape, render
from geo.selection.briefing import short_text
from geo.selection.filters import Filters, describe, place_counts, select


def html_bytes(
    measures: list[Measure],
    filters: Filters,
    gazetteer: Gazetteer,
    lang: str = "zh",
    extent: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    source: str | None = None,
    table: str | None = None,
) -> bytes:
    """The page as UTF-8 HTML: a new folium map of the selection (never the app's map object), all assets inlined."""
    selection = select(measures, filters, gazetteer)
    m = base_map(lang=lang, gazetteer=gazetteer)
    layer = selection_layer(selection, gazetteer, filters, lang)
    layer.add_to(m)
    if extent is None and filters.regions:
        extent = fit_extent(filters.regions, gazetteer)  # as the print figure: a region filter frames its region
    if extent is not None:
        w, s, e, n = extent
        m.fit_bounds([[s, w], [n, e]])
    heading = title or build_title(filters, gazetteer, lang, table)  # the same words as the print figure's title
    sub = describe(filters, gazetteer, lang) + t("part_sep", lang) + t("fig_count", lang).format(n=len(selection))
    root = m.get_root()
    root.title = escape(heading)
    # A title bar over the map (static/export/page.css): what is shown and where it comes from, as in the figures.
    # The measure list panel and the per-area popups (static/export/popups.js) come from the same files.
    Assets("ExportHead", js=["dba_export_popups_js"], css=["dba_export_css"]).add_to(m)
    parts = [sub, source or t("source_line", lang), t("schematic_note", lang)]
    root.html.add_child(Element(render("export.html", "head", heading, parts)), name="dba_export_head")
    items = [_measure_item(x, lang) for x in selection]
    summary = t("list_title", lang) + t("colon", lang) + t("fig_items", lang).format(n=len(selection))
    root.html.add_child(Element(render("export.html", "measure_list", summary, items)), name="dba_export_list")
    _add_popups(layer, selection, gazetteer, filters, lang)
    localize_assets(m, mode="inline")
    return root.render().encode("utf-8")


def _measure_item(m: Measure, lang: str) -> tuple[str, str, str]:
    """序号, 主题, the measure in short: one line of the list panel and of the popups (escaped by the template)."""
    return str(m["id"]), localize(m["theme_short"], lang), localize(short_text(m["text"], 60), lang)


def area_measures(selection: list[Measure], gazetteer: Gazetteer, include_groups: bool) -> dict[str, list[Measure]]:
    """The measures each city/SAR's count on the map stands for (the same rule as geo.selection.place_counts)."""
    out: dict[str, list[Measure]] = {}
    for measure in selection:
        for area in place_counts([measure], gazetteer, include_groups):
            out.setdefault(area, []).append(measure)
    return out


def _add_popups(layer, selection: list[Measure], gaz: Gazetteer, filters: Filters, lang: str) -> None:
    """A click on a city or SAR lists its measures (dba.exportPopups binds the escaped HTML to each area)."""
    popups: dict[str, str] = {}
    for area, items in area_measures(selection, gaz, filters.include_groups).items():
        if area in gaz and gaz[area].kind in AREA_KINDS:
            heading = f"{gaz[area].name(lang)} · {t('fig_items', lang).format(n=len(items))}"
            popups[area] = render("export.html", "popup", heading, [_measure_item(x, lang) for x in items])
    choropleth = next((c for c in layer._children.values() if isinstance(c, AreaChoropleth)), None)
    if choropleth is not None and popups:
        # A child of the choropleth: its script runs after the layer exists, and the call's target is that layer.
        JsCall("ExportPopups", "exportPopups", popups).add_to(choropleth)


def write_html(
    path: Path | str, measures: list[Measure], filters: Filters, gazetteer: Gazetteer, **options: Any
) -> Path:
    """html_bytes's page written atomically (options: html_bytes's lang, extent, title, source, table)."""
    return atomic_write_bytes(path, html_bytes(measures, filters, gazetteer, **options))
