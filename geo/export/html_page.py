"""The interactive map as one self-contained HTML file: Leaflet, jQuery, styles and data inlined, no network.

Built from a fresh map (st_folium renames the ids inside any map it is given, so the app's map is never
reused): the screen's base map (geo.mapview.base_map) with the selection layer added permanently, then every
asset inlined by geo.assets in "inline" mode.
"""

from __future__ import annotations

from pathlib import Path

import folium
from branca.element import Element

from geo.dataset import Measure
from geo.export.files import atomic_write_bytes
from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.render.print.figure import build_title
from geo.render.web.assets import Assets, localize_assets
from geo.render.web.mapview import base_map, selection_layer
from geo.render.web.markup import escape, render
from geo.selection.filters import Filters, describe, select


def build_map(
    measures: list[Measure],
    filters: Filters,
    gazetteer: Gazetteer,
    lang: str = "zh",
    extent: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> folium.Map:
    """A new folium map of the selection (never the app's map object), with all assets inlined."""
    selection = select(measures, filters, gazetteer)
    m = base_map(lang=lang, gazetteer=gazetteer)
    selection_layer(selection, gazetteer, filters, lang).add_to(m)
    if extent is not None:
        w, s, e, n = extent
        m.fit_bounds([[s, w], [n, e]])
    heading = title or build_title(filters, gazetteer, lang)  # the same words as the print figure's title
    sub = describe(filters, gazetteer, lang) + t("part_sep", lang) + t("fig_count", lang).format(n=len(selection))
    root = m.get_root()
    root.title = escape(heading)
    # A title bar over the map (static/export/page.css): what is shown and where it comes from, as in the figures.
    Assets("ExportHead", css=["dba_export_css"]).add_to(m)
    parts = [sub, source or t("source_line", lang), t("schematic_note", lang)]
    root.html.add_child(Element(render("export.html", "head", heading, parts)), name="dba_export_head")
    localize_assets(m, mode="inline")
    return m


def html_bytes(
    measures: list[Measure],
    filters: Filters,
    gazetteer: Gazetteer,
    lang: str = "zh",
    extent: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> bytes:
    return build_map(measures, filters, gazetteer, lang, extent, title, source).get_root().render().encode("utf-8")


def write_html(
    path: Path | str,
    measures: list[Measure],
    filters: Filters,
    gazetteer: Gazetteer,
    lang: str = "zh",
    extent: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Path:
    return atomic_write_bytes(path, html_bytes(measures, filters, gazetteer, lang, extent, title, source))
