"""The interactive map as one self-contained HTML file: Leaflet, jQuery, styles and data inlined, no network.

Built from a fresh map (st_folium renames the ids inside any map it is given, so the app's map is never
reused): the screen's base map (geo.mapview.base_map) with the selection layer added permanently, then every
asset inlined by geo.assets in "inline" mode.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo import paths
from geo.dataset import Measure
from geo.export.files import atomic_write_bytes
from geo.i18n import localize, t
from geo.places.gazetteer import AREA_KINDS, Gazetteer
from geo.render.print.figure import build_title, fit_extent
from geo.render.web.assets import localize_assets
from geo.render.web.mapview import AreaChoropleth, base_map, selection_layer
from geo.selection.briefing import short_text
from geo.selection.filters import Filters, describe, place_counts, select

# The measure list panel and the per-area popups: their style and the few lines that bind the popups.
EXPORT_STATIC = paths.STATIC / "export"

# A title bar over the map: what is shown and where it comes from, as in the print figures.
_HEADER_CSS = """
<style>
html, body { height: 100%; margin: 0; }
.dba-export-head { position: absolute; top: 0; left: 0; right: 0; z-index: 1000; background: rgba(255,255,255,0.94);
  padding: 6px 12px 5px 56px; font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; color: #222;
  box-shadow: 0 1px 4px rgba(0,0,0,0.2); }
.dba-export-head h1 { font-size: 17px; margin: 0 0 2px 0; }
.dba-export-head p { font-size: 12px; margin: 0; color: #444; }
</style>
"""


def build_map(
    measures: list[Measure],
    filters: Filters,
    gazetteer: Gazetteer,
    lang: str = "zh",
    extent: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    source: str | None = None,
    table: str | None = None,
) -> folium.Map:
    """A new folium map of the selection (never the app's map object), with all assets inlined."""
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
    root.title = html.escape(heading)
    root.header.add_child(Element(_HEADER_CSS), name="dba_export_css")
    root.html.add_child(
        Element(
            f'<div class="dba-export-head"><h1>{html.escape(heading)}</h1>'
            f"<p>{html.escape(sub)}　{html.escape(source or t('source_line', lang))}"
            f"　{html.escape(t('schematic_note', lang))}</p>"
            "</div>"
        ),
        name="dba_export_head",
    )
    _add_measure_list(m, selection, lang)
    _add_popups(m, layer, selection, gazetteer, filters, lang)
    localize_assets(m, mode="inline")
    return m


def _measure_item(m: Measure, lang: str, tag: str = "li") -> str:
    """序号 · 主题 · the measure in short, escaped: the same line in the list panel and the popups."""
    return (
        f'<{tag}><span class="no">{html.escape(str(m["id"]))}</span>'
        f'<span class="th">{html.escape(localize(m["theme_short"], lang))}</span>'
        f"{html.escape(localize(short_text(m['text'], 60), lang))}</{tag}>"
    )


def _add_measure_list(m: folium.Map, selection: list[Measure], lang: str) -> None:
    """A collapsible panel listing every measure the map counts (open: a reader sees the evidence at once)."""
    root = m.get_root()
    css = (EXPORT_STATIC / "page.css").read_text(encoding="utf-8")
    root.header.add_child(Element(f"<style>{css}</style>"), name="dba_export_list_css")
    items = "".join(_measure_item(x, lang) for x in selection)
    summary = html.escape(t("list_title", lang) + t("colon", lang) + t("fig_items", lang).format(n=len(selection)))
    root.html.add_child(
        Element(f'<details class="dba-export-list" open><summary>{summary}</summary><ol>{items}</ol></details>'),
        name="dba_export_list",
    )


def area_measures(selection: list[Measure], gazetteer: Gazetteer, include_groups: bool) -> dict[str, list[Measure]]:
    """The measures each city/SAR's count on the map stands for (the same rule as geo.selection.place_counts)."""
    out: dict[str, list[Measure]] = {}
    for measure in selection:
        for area in place_counts([measure], gazetteer, include_groups):
            out.setdefault(area, []).append(measure)
    return out


def _add_popups(m: folium.Map, layer, selection: list[Measure], gaz: Gazetteer, filters: Filters, lang: str) -> None:
    """A click on a city or SAR lists its measures; the popup HTML is built and escaped here."""
    popups: dict[str, str] = {}
    for area, items in area_measures(selection, gaz, filters.include_groups).items():
        if area not in gaz or gaz[area].kind not in AREA_KINDS:
            continue
        head = f"<b>{html.escape(gaz[area].name(lang))}</b> · {html.escape(t('fig_items', lang).format(n=len(items)))}"
        popups[area] = head + "<ul>" + "".join(_measure_item(x, lang) for x in items) + "</ul>"
    choropleth = next((c for c in layer._children.values() if isinstance(c, AreaChoropleth)), None)
    if choropleth is None or not popups:
        return
    ExportPopups(choropleth.get_name(), popups).add_to(m)  # added after the layer, so its script runs after


class ExportPopups(MacroElement):
    """Binds the popups to the choropleth's areas; the script and data are template values (never re-parsed)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}\n{{ this.call }}{% endmacro %}")

    def __init__(self, layer_name: str, popups: dict[str, str]):
        super().__init__()
        self._name = "ExportPopups"
        self.js = (EXPORT_STATIC / "popups.js").read_text(encoding="utf-8")
        data = json.dumps(popups, ensure_ascii=False).replace("</", "<\\/")  # no "</script>" inside the script
        self.call = f"dbaBindExportPopups({layer_name}, {data});"


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
    page = build_map(measures, filters, gazetteer, lang, extent, title, source, table)
    return page.get_root().render().encode("utf-8")


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
