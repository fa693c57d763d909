"""Print map figures (PNG/PDF/SVG) of a selection of measures, with matplotlib + geopandas and no browser.

The figure shows what the screen map shows — the same selection, the same colour classes (geo.classes), the
same extent when the caller passes the screen's bounds — plus what a printed map needs: title, the filters in
words, legend, labels, scale bar, north arrow, source, date and a disclaimer line.

Plotted in CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547): centred on the bay area, metres as units
(so the scale bar is exact to ~0.2 % across Guangdong), and the projection Chinese report maps use.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import box as shapely_box

from geo import boundaries, paths
from geo.dataset import Measure
from geo.files import atomic_write
from geo.i18n import localize, t
from geo.places.gazetteer import AREA_KINDS, Gazetteer, Place
from geo.render.names import short_name
from geo.render.print.figure_parts import Label, draw_north_arrow, draw_scale_bar, halo_text, place_labels, point_boxes
from geo.render.print.measure_list import list_pages
from geo.render.style import map_colours, print_colours
from geo.selection.classes import Classes, classify
from geo.selection.filters import Filters, describe, group_counts, place_counts, select

CRS = "EPSG:4547"
FONT = "Noto Sans CJK SC"
PAPERS_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}  # portrait (w, h)
ORIENTATIONS = ("landscape", "portrait")
FIGURE_FORMATS = ("png", "pdf", "svg")
DEFAULT_DPI = 300
MM = 1 / 25.4

# Text stays text in every file: searchable, copyable and editable in Illustrator/Inkscape/WPS.
# PDF: fonts embedded as CID TrueType (Type 42), never Type 3. Noto Sans CJK is CFF-flavoured OpenType, which
# matplotlib's Type 42 writer embeds as if it were TrueType (poppler: "Mismatch between font type and embedded
# font file"), so the PDF's text is set in a TrueType-outline CJK font instead: WenQuanYi Micro Hei (Debian's
# fonts-wqy-microhei, installed by scripts/setup.sh). It has one weight, so bold text prints regular in the PDF;
# PNG and SVG keep Noto with its bold. SVG: real <text> elements naming their font family (with fallbacks).
PDF_FONT = "WenQuanYi Micro Hei Print"
PDF_FONT_SOURCES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
RC = {
    # The family by name (not "sans-serif"): a Text keeps it, so layout outside this context still uses Noto.
    "font.family": [FONT, "DejaVu Sans"],
    "axes.unicode_minus": False,
    "pdf.fonttype": 42,
    # matplotlib 3.11 sizes its PDF font subsets by ps.fonttype: 3 would split the CJK font into one embedded
    # copy per 256 characters, each subset from the whole font again (seconds per copy).
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "savefig.facecolor": "white",
}

# rc_context swaps process-wide settings: renders from several threads (the app's deferred downloads run
# beside the page script) take turns, so one thread never restores settings under another's feet.
_LOCK = threading.RLock()

# Colours from the one style source (data/style.json); symbols as on the screen map, so a figure reads like the app.
SEA, CONTEXT_FILL, CONTEXT_EDGE, CITY_EDGE = (
    print_colours()[k] for k in ("sea", "context_fill", "context_edge", "city_edge")
)
ZONE_COLOUR, FACILITY_COLOUR, CORRIDOR_COLOUR, SELECTED_COLOUR = (
    map_colours()[k] for k in ("zone", "facility", "corridor", "selected")
)


@dataclass(frozen=True)
class FigureOptions:
    """Everything about a figure except the selection; hashable so the app can cache renders by it."""

    paper: str = "A4"
    orientation: str = "landscape"
    lang: str = "zh"
    title: str | None = None
    extent: tuple[float, float, float, float] | None = None  # (west, south, east, north) in degrees, WGS84
    review_no: str | None = None  # 审图号, printed when given
    disclaimer: str | None = None  # None: the schematic-outline note; "": no disclaimer line
    date: str | None = None  # None: today (ISO); fixed by tests and batch runs
    source: str | None = None  # None: the built-in document's source line; an imported table names its file
    table: str | None = None  # the active table's own title (an imported table); None: the built-in one

    def __post_init__(self) -> None:
        if self.paper not in PAPERS_MM:
            raise ValueError(f"unknown paper {self.paper!r}; use one of {', '.join(PAPERS_MM)}")
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"unknown orientation {self.orientation!r}; use one of {', '.join(ORIENTATIONS)}")
        if self.extent is not None:
            w, s, e, n = self.extent
            if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
                raise ValueError(f"extent must be (west, south, east, north) in degrees, got {self.extent}")

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPERS_MM[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)


def paper_pixels(paper: str, orientation: str, dpi: int) -> tuple[int, int]:
    """The PNG size in pixels matplotlib produces for a paper at a dpi (what the tests and the page show)."""
    w, h = FigureOptions(paper=paper, orientation=orientation).size_mm
    return round(w * MM * dpi), round(h * MM * dpi)


# ---------------------------------------------------------------- data


@lru_cache(maxsize=8)
def _projected(name: str):
    """A boundary layer in the print CRS (cached: reprojecting every render would cost more than drawing)."""
    return boundaries.load_layer(name).to_crs(CRS)


@lru_cache(maxsize=8)
def _paths(name: str) -> tuple[MplPath, ...]:
    """A layer's geometries as matplotlib paths, one per feature (rings as subpaths, so holes stay holes).

    Drawn as one PathCollection per layer: geopandas' own plot() redraws the whole canvas after each call,
    which cost more than all the drawing itself.
    """
    return tuple(_to_path(g) for g in _projected(name).geometry)


def _to_path(geom) -> MplPath:
    verts: list = []
    codes: list = []

    def ring(coords, closed: bool) -> None:
        xy = np.asarray(coords)[:, :2]
        if len(xy) < 2:
            return
        verts.extend(xy)
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 1))
        if closed:
            codes[-1] = MplPath.CLOSEPOLY

    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type == "Polygon":
            ring(part.exterior.coords, True)
            for hole in part.interiors:
                ring(hole.coords, True)
        elif part.geom_type in ("LineString", "LinearRing"):
            ring(part.coords, False)
        elif hasattr(part, "geoms"):
            sub = _to_path(part)
            verts.extend(sub.vertices)
            codes.extend(sub.codes)
    if not verts:
        return MplPath(np.zeros((1, 2)), [MplPath.MOVETO])
    return MplPath(np.asarray(verts, dtype=float), codes)


def clear_cache() -> None:
    _paths.cache_clear()
    _projected.cache_clear()
    _land.cache_clear()
    _transformer.cache_clear()


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


def _project_extent(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A lon/lat box to the projected box that contains it (edges are curved in the projection)."""
    w, s, e, n = extent
    xs, ys = [], []
    tr = _transformer()
    for i in range(9):
        f = i / 8
        for lon, lat in ((w + (e - w) * f, s), (w + (e - w) * f, n), (w, s + (n - s) * f), (e, s + (n - s) * f)):
            x, y = tr.transform(lon, lat)
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def default_extent() -> tuple[float, float, float, float]:
    """The screen map's full extent as (west, south, east, north)."""
    return _as_wsen(boundaries.map_bounds())


def fit_extent(
    place_ids: list[str] | tuple[str, ...], gazetteer: Gazetteer, pad: float = 0.12
) -> tuple[float, float, float, float] | None:
    """A view around the given places (their outlines, points or members), padded; None when none is drawn."""
    from geo.selection.briefing import default_extents, place_bounds

    box = place_bounds(list(place_ids), gazetteer, default_extents())
    if box is None:
        return None
    w, s, e, n = box
    dx, dy = max(e - w, 0.1) * pad, max(n - s, 0.1) * pad
    return w - dx, s - dy, e + dx, n + dy


def _as_wsen(bounds) -> tuple[float, float, float, float]:
    """Accept (w, s, e, n) or Leaflet's [[south, west], [north, east]]."""
    if len(bounds) == 2:
        (s, w), (n, e) = bounds
        return float(w), float(s), float(e), float(n)
    w, s, e, n = bounds
    return float(w), float(s), float(e), float(n)


def _fit(box: tuple[float, float, float, float], aspect: float, margin: float = 0.03):
    """Grow the box so its width/height equals the axes' aspect: all of the requested view stays visible."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = (x1 - x0) * (1 + margin), (y1 - y0) * (1 + margin)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return (cx - w / 2, cx + w / 2), (cy - h / 2, cy + h / 2)


# ---------------------------------------------------------------- figure


def build_title(filters: Filters, gazetteer: Gazetteer, lang: str, table: str | None = None) -> str:
    """A title that says what is shown: the theme or the place when the selection is about one.

    `table`: the active table's own title (an imported table); None for the built-in 《“数字湾区”建设任务分工表》.
    """
    sep = t("list_sep", lang)
    what = None
    if filters.themes and len(filters.themes) <= 2 and not filters.regions:
        what = sep.join(localize(x, lang) for x in filters.themes)
    elif filters.regions and len(filters.regions) <= 2 and not filters.themes:
        what = sep.join(gazetteer[r].name(lang) if r in gazetteer else r for r in filters.regions)
    elif filters.departments and len(filters.departments) == 1 and not (filters.themes or filters.regions):
        what = localize(filters.departments[0], lang)
    if table:
        return t("fig_title_table_of" if what else "fig_title_table", lang).format(table=table, what=what)
    return t("fig_title_of", lang).format(what=what) if what else t("fig_title", lang)


@dataclass
class _Layout:
    fig_w: float  # inches
    fig_h: float
    scale: float  # font/margin scale relative to A4
    map_box: tuple[float, float, float, float]  # figure fraction [left, bottom, width, height]
    panel_boxes: list[tuple[float, float, float, float]]
    title_y: float
    subtitle_y: float
    footer_ys: tuple[float, ...]
    left: float
    right: float


def _layout(opts: FigureOptions, map_aspect: float, panel_mm: float | None = None) -> _Layout:
    """Where title, map, legend panel and footer go; `panel_mm`: the height a portrait legend band needs (A4 mm,
    scaled with the paper), so a short legend leaves its space to the map instead of a blank band."""
    w_mm, h_mm = opts.size_mm
    s = min(w_mm, h_mm) / 210.0
    m = 10 * s
    top = 27 * s  # title band
    foot = 19 * s  # source / date / disclaimer band

    def frac(x, y, w, h):
        return (x / w_mm, y / h_mm, w / w_mm, h / h_mm)

    if opts.orientation == "landscape":
        panel_w = 64 * s
        map_w = w_mm - 2 * m - panel_w - 5 * s
        map_h = h_mm - top - foot
        map_box = frac(m, foot, map_w, map_h)
        panels = [frac(m + map_w + 5 * s, foot, panel_w, map_h)]
    else:
        # The map takes the paper's width and all the height a three-column legend band leaves; a view wider
        # than the box then shows more of its surroundings rather than an empty band under the legend.
        del map_aspect
        map_w = w_mm - 2 * m
        avail = h_mm - top - foot - 4 * s
        panel_h = min(max(panel_mm if panel_mm is not None else 64, 24), 90) * s
        map_h = avail - panel_h
        map_box = frac(m, foot + panel_h + 4 * s, map_w, map_h)
        col_w = (map_w - 2 * 4 * s) / 3
        panels = [frac(m + i * (col_w + 4 * s), foot, col_w, panel_h - 2 * s) for i in range(3)]
    return _Layout(
        fig_w=w_mm * MM,
        fig_h=h_mm * MM,
        scale=s,
        map_box=map_box,
        panel_boxes=panels,
        title_y=1 - (m + 2 * s) / h_mm,
        subtitle_y=1 - (m + 10.5 * s) / h_mm,
        footer_ys=tuple((foot - (5.5 + 4.2 * i) * s) / h_mm for i in range(3)),
        left=m / w_mm,
        right=1 - m / w_mm,
    )


def render_figure(
    measures: list[Measure], filters: Filters, options: FigureOptions | None = None, gazetteer: Gazetteer | None = None
) -> Figure:
    """The print figure for the measures passing `filters` (a matplotlib Figure, not yet saved)."""
    from geo.places.gazetteer import load_gazetteer

    opts = options or FigureOptions()
    gaz = gazetteer or load_gazetteer()
    with _LOCK, matplotlib.rc_context(RC):
        return _render(measures, filters, opts, gaz)


def _render(measures: list[Measure], filters: Filters, opts: FigureOptions, gaz: Gazetteer) -> Figure:
    lang = opts.lang
    selection = select(measures, filters, gaz)
    # A region filter frames its regions unless the caller asked for a view; else the whole map.
    extent = opts.extent or (fit_extent(filters.regions, gaz) if filters.regions else None) or default_extent()
    box = _project_extent(extent)
    lay = _layout(opts, (box[2] - box[0]) / (box[3] - box[1]))
    if opts.orientation == "portrait":
        lay = _layout(opts, 1.0, _legend_height_mm(measures, filters, opts, gaz, selection, lay))
    s = lay.scale
    fig = Figure(figsize=(lay.fig_w, lay.fig_h), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(lay.map_box)

    # Extent: the screen's view when given, else the whole map; grown to the axes' shape, never cropped.
    box_w_in, box_h_in = lay.map_box[2] * lay.fig_w, lay.map_box[3] * lay.fig_h
    xlim, ylim = _fit(box, box_w_in / box_h_in, margin=0.03 if extent == default_extent() else 0.0)

    counts = place_counts(selection, gaz, include_groups=filters.include_groups)
    cities = _projected("cities")
    area_counts = {pid: counts.get(pid, 0) for pid in cities["place"]}
    classes = classify(area_counts)  # over all 23 areas, exactly as the screen map (geo.mapview) does
    view = shapely_box(xlim[0], ylim[0], xlim[1], ylim[1])
    facilities = [p for p in _facilities(selection, gaz) if view.contains(_point(p))]
    data = _MapData(
        gaz=gaz,
        lang=lang,
        s=s,
        area_counts=area_counts,
        classes=classes,
        zone_counts=_zone_counts(selection, gaz, list(_projected("zones")["place"])),
        facilities=facilities,
        selected=tuple(r for r in filters.regions if r in gaz),
    )

    _draw_layers(ax, data, xlim, ylim)
    obstacles = [
        draw_scale_bar(ax, lang, fontsize=6.5 * s),
        draw_north_arrow(ax, lang, rotation_deg=_grid_convergence(xlim, ylim), size_pt=24 * s),
    ]

    # At province scale the Pearl River mouth is too dense for zone names and facility numbers: they go to an
    # enlarged inset placed over open sea, and the main map marks the inset's area with a frame.
    inset_box = _inset_position(ax, xlim, ylim) if _inset_helps(data) else None
    in_inset: set[str] = set()
    if inset_box is not None:
        ix, iy = _inset_limits(ax, inset_box)
        inset = ax.inset_axes(inset_box, zorder=40)
        _draw_layers(inset, data, ix, iy)
        frame = Rectangle(
            (ix[0], iy[0]),
            ix[1] - ix[0],
            iy[1] - iy[0],
            facecolor="none",
            edgecolor="0.2",
            linewidth=0.6 * s,
            linestyle=(0, (2, 1.5)),
            zorder=21,
        )
        ax.add_patch(frame)
        inset_area = shapely_box(ix[0], iy[0], ix[1], iy[1])
        in_inset = {p.id for p in facilities if inset_area.contains(_point(p))}
        in_inset |= {pid for pid, pt in _zone_points(gaz).items() if inset_area.contains(pt)}
        # Small delta cities are named in the inset only; the big ones keep their name on the main map too.
        tr = _transformer()
        in_inset |= {
            row.place
            for row in boundaries_rows("cities")
            if row.place in _crowded()
            and row.place not in data.selected
            and inset_area.contains(ShapelyPoint(tr.transform(row.label_lon, row.label_lat)))
        }
        obstacles.append(inset.get_window_extent(fig.canvas.get_renderer()).padded(3))
        inset_obstacles = [
            draw_scale_bar(inset, lang, fraction=0.3, fontsize=5.5 * s),
            *point_boxes(inset, [_xy(p) for p in facilities], 5.5 * s),
        ]
        halo_text(
            inset,
            0.03,
            0.97,
            t("fig_inset", lang),
            transform=inset.transAxes,
            ha="left",
            va="top",
            fontsize=6.5 * s,
            fontweight="bold",
            zorder=31,
        )
        place_labels(inset, _labels(data, inset_area, only=None, cities=True), inset_obstacles)
    obstacles += point_boxes(ax, [_xy(p) for p in facilities], 5.5 * s)
    place_labels(ax, _labels(data, view, only=None, cities=True, skip=in_inset, context=True), obstacles)

    # Title, subtitle, footer.
    title = opts.title or build_title(filters, gaz, lang, opts.table)
    fig.text(lay.left, lay.title_y, title, fontsize=15 * s, fontweight="bold", va="top", ha="left")
    subtitle = describe(filters, gaz, lang) + t("part_sep", lang) + t("fig_count", lang).format(n=len(selection))
    fig.text(lay.left, lay.subtitle_y, subtitle, fontsize=8.5 * s, va="top", ha="left", color="0.25", wrap=True)
    _footer(fig, lay, opts)

    # The measures counted, as the PDF's following pages (figure_bytes); PNG and SVG stay one page.
    fig._dba_list_pages = list_pages(  # type: ignore[attr-defined]
        selection, opts.size_mm, lang, title, subtitle, opts.source or t("source_line", lang)
    )
    names = [gaz[r].name(lang) for r in data.selected]
    _panel(fig, lay, opts, classes, _projected("zones"), facilities, selection, gaz, _projected("corridors"), names)
    fig.set_label(title)
    return fig


def _legend_height_mm(
    measures: list[Measure], filters: Filters, opts: FigureOptions, gaz: Gazetteer, selection, lay: _Layout
) -> float:
    """How tall the portrait legend band must be (A4 mm): the legend written once on a scratch figure."""
    scratch = Figure(figsize=(lay.fig_w, lay.fig_h), dpi=100)
    FigureCanvasAgg(scratch)
    tall = [(x, 0.0, w, 1.0) for x, _, w, _ in lay.panel_boxes]  # columns never full: each section stays put
    counts = place_counts(selection, gaz, include_groups=filters.include_groups)
    classes = classify({pid: counts.get(pid, 0) for pid in _projected("cities")["place"]})
    facilities = _facilities(selection, gaz)
    pw = _panel(
        scratch,
        replace(lay, panel_boxes=tall),
        opts,
        classes,
        _projected("zones"),
        facilities,
        selection,
        gaz,
        _projected("corridors"),
        [gaz[r].name(opts.lang) for r in filters.regions if r in gaz],
    )
    return pw.used_pt() / 72 * 25.4 / lay.scale + 4


@dataclass
class _MapData:
    gaz: Gazetteer
    lang: str
    s: float
    area_counts: dict[str, int]
    classes: Classes
    zone_counts: Counter
    facilities: list[Place]
    selected: tuple[str, ...] = ()  # the region filter's places: outlined and named on the map

    def selected_areas(self) -> set[str]:
        return {a for r in self.selected for a in self.gaz.area_ids(r)}


def _xy(place: Place) -> tuple[float, float]:
    return _transformer().transform(*place.point)


def _point(place: Place) -> ShapelyPoint:
    return ShapelyPoint(_xy(place))


def _zone_points(gaz: Gazetteer) -> dict[str, ShapelyPoint]:
    tr = _transformer()
    return {
        row.place: ShapelyPoint(tr.transform(row.label_lon, row.label_lat))
        for row in boundaries_rows("zones")
        if row.place in gaz
    }


def boundaries_rows(name: str):
    return _projected(name).itertuples()


def _draw_layers(ax: Axes, d: _MapData, xlim, ylim) -> None:
    """Context, shaded areas, zones, the bridge and facility dots, in that order (no labels)."""
    s = d.s
    ax.set_facecolor(SEA)
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    cities, zones = _projected("cities"), _projected("zones")
    ax.add_collection(
        PathCollection(
            _paths("context"), facecolors=CONTEXT_FILL, edgecolors=CONTEXT_EDGE, linewidths=0.5 * s, zorder=1
        )
    )
    colours = [d.classes.colour(d.area_counts.get(pid, 0)) for pid in cities["place"]]
    ax.add_collection(
        PathCollection(_paths("cities"), facecolors=colours, edgecolors=CITY_EDGE, linewidths=0.45 * s, zorder=2)
    )
    chosen = d.selected_areas()
    if chosen:
        paths = [path for path, pid in zip(_paths("cities"), cities["place"], strict=True) if pid in chosen]
        for colour, width in (("white", 3.2), (SELECTED_COLOUR, 1.6)):
            ax.add_collection(
                PathCollection(paths, facecolors="none", edgecolors=colour, linewidths=width * s, zorder=3)
            )
    # Zones: solid outline for real (derived/official) boundaries, dashed for schematic ones.
    # A white casing under every line keeps it visible on the darkest class colour.
    zone_paths = _paths("zones")
    schematic = list(zones["accuracy"] == "schematic")
    ax.add_collection(PathCollection(zone_paths, facecolors="none", edgecolors="white", linewidths=2.2 * s, zorder=4))
    for dashed in (False, True):
        chosen = [path for path, sch in zip(zone_paths, schematic, strict=True) if sch == dashed]
        if chosen:
            ax.add_collection(
                PathCollection(
                    chosen,
                    facecolors="none",
                    edgecolors=ZONE_COLOUR,
                    linewidths=1.0 * s,
                    linestyles=[(0, (3, 1.6))] if dashed else "solid",
                    zorder=5,
                )
            )
    for colour, width in (("white", 2.6), (CORRIDOR_COLOUR, 1.4)):
        ax.add_collection(
            PathCollection(
                _paths("corridors"),
                facecolors="none",
                edgecolors=colour,
                linewidths=width * s,
                capstyle="round",
                zorder=6,
            )
        )
    if d.facilities:
        pts = [_point(p) for p in d.facilities]
        ax.scatter(
            [p.x for p in pts],
            [p.y for p in pts],
            s=(4.6 * s) ** 2,
            marker="o",
            facecolor="white",
            edgecolor=FACILITY_COLOUR,
            linewidth=1.4 * s,
            zorder=20,
        )


def _labels(
    d: _MapData, view, only=None, cities: bool = True, skip: set[str] | frozenset = frozenset(), context: bool = False
) -> list[Label]:
    """Labels for one map: city/SAR names with counts, zone names with counts, facility numbers, provinces."""
    gaz, lang, s = d.gaz, d.lang, d.s
    tr = _transformer()
    out: list[Label] = []
    if cities:
        for row in boundaries_rows("cities"):
            if row.place not in gaz or row.place in skip:
                continue
            x, y = tr.transform(row.label_lon, row.label_lat)
            if not view.contains(ShapelyPoint(x, y)):
                # Zoomed in: an area whose label point is off the map but which fills part of the view is
                # still named, at a point of its visible part.
                shown = row.geometry.intersection(view)
                if shown.is_empty or shown.area < view.area * 0.04:
                    continue
                pt = shown.representative_point()
                x, y = pt.x, pt.y
            n = d.area_counts.get(row.place, 0)
            small = row.place in _crowded()
            chosen = row.place in d.selected
            out.append(
                Label(
                    x,
                    y,
                    short_name(gaz[row.place], lang) + (f"\n{n}" if n else ""),
                    fontsize=(8.5 if chosen else 6.3 if small else 7.0) * s,
                    priority=(200 if chosen else 10) + min(n, 50),
                    inside=gaz[row.place].kind != "sar",
                    weight="bold" if n else "normal",
                    color="black" if n else "0.35",
                )
            )
    if context:  # the main map (not the inset) names the selected group regions
        out += _selected_group_labels(d, view)
    for pid, pt in _zone_points(gaz).items():
        if pid in skip or not view.contains(pt):
            continue
        n = d.zone_counts.get(pid, 0)
        out.append(
            Label(
                pt.x,
                pt.y,
                short_name(gaz[pid], lang) + (f" {n}" if n else ""),
                fontsize=5.8 * s,
                priority=6,
                inside=False,
                color=ZONE_COLOUR,
                leader_color=ZONE_COLOUR,
            )
        )
    for i, p in enumerate(d.facilities, start=1):
        pt = _point(p)
        if p.id in skip or not view.contains(pt):
            continue
        out.append(
            Label(
                pt.x,
                pt.y,
                str(i),
                fontsize=5.6 * s,
                priority=5,
                inside=False,
                color=FACILITY_COLOUR,
                weight="bold",
                leader_color=FACILITY_COLOUR,
            )
        )
    if context:
        for row in boundaries_rows("context"):
            name = getattr(row, "name_en" if lang == "en" else "name_zh", "") or ""
            shown = row.geometry.intersection(view) if name else None
            # Only provinces with a real share of the view get a name (a sliver at the edge would mislead).
            if shown is None or shown.is_empty or shown.area < view.area * 0.01:
                continue
            pt = shown.representative_point()
            out.append(Label(pt.x, pt.y, localize(name, lang), fontsize=8 * s, priority=0, color="0.6"))
    return out


def _selected_group_labels(d: _MapData, view) -> list[Label]:
    """The name of each selected region that is not itself one area or zone (粤东, 珠三角九市 …), in the middle of
    its visible members, so the reader sees which region the figure is about."""
    cities = _projected("cities")
    out: list[Label] = []
    for rid in d.selected:
        place = d.gaz[rid]
        if place.kind in AREA_KINDS or place.kind == "zone":
            continue
        members = cities[cities["place"].isin(d.gaz.area_ids(rid))].geometry
        if members.empty:
            continue
        shown = members.union_all().intersection(view)
        if shown.is_empty:
            continue
        pt = shown.representative_point()
        out.append(Label(pt.x, pt.y, place.name(d.lang), fontsize=11 * d.s, priority=300, weight="bold", color="0.1"))
    return out


# The Pearl River mouth, enlarged in the inset of province-scale figures (west, south, east, north).
INSET_EXTENT = (112.95, 21.98, 114.45, 23.2)


def _inset_position(ax: Axes, xlim, ylim) -> list[float] | None:
    """Where the inset goes (axes fraction), or None when the view is already close enough to need none.

    Candidates are the lower corners; the one covering least land wins, and only if it covers little land.
    """
    ib = _project_extent(INSET_EXTENT)
    view_w = xlim[1] - xlim[0]
    if view_w < 2.6 * (ib[2] - ib[0]):
        return None
    view = shapely_box(xlim[0], ylim[0], xlim[1], ylim[1])
    if not view.intersects(shapely_box(*ib)):
        return None
    pos = ax.get_position()
    fig = ax.figure
    ax_w_in, ax_h_in = pos.width * fig.get_figwidth(), pos.height * fig.get_figheight()
    width = 0.36
    height = width * ax_w_in / ((ib[2] - ib[0]) / (ib[3] - ib[1])) / ax_h_in
    if height > 0.6:
        height = 0.6
        width = height * ax_h_in * ((ib[2] - ib[0]) / (ib[3] - ib[1])) / ax_w_in
    land = _land()
    best = None
    for x0 in (0.985 - width, 0.015):
        y0 = 0.02
        rect = shapely_box(
            xlim[0] + x0 * view_w,
            ylim[0] + y0 * (ylim[1] - ylim[0]),
            xlim[0] + (x0 + width) * view_w,
            ylim[0] + (y0 + height) * (ylim[1] - ylim[0]),
        )
        if rect.intersects(shapely_box(*ib)):
            continue  # the inset must not hide the area it enlarges
        share = land.intersection(rect).area / rect.area
        if best is None or share < best[0]:
            best = (share, [x0, y0, width, height])
    if best is None or best[0] > 0.18:
        return None
    return best[1]


def _inset_helps(d: _MapData) -> bool:
    """The Pearl River inset is for the selection: a region filter away from the delta (粤东) gets none."""
    if not d.selected:
        return True
    inset = shapely_box(*_project_extent(INSET_EXTENT))
    cities = _projected("cities")
    chosen = cities[cities["place"].isin(d.selected_areas())].geometry
    zones = _projected("zones")
    chosen_zones = zones[zones["place"].isin(d.selected)].geometry
    return any(g.intersects(inset) for g in [*chosen, *chosen_zones])


def _inset_limits(ax: Axes, inset_box: list[float]):
    ib = _project_extent(INSET_EXTENT)
    pos = ax.get_position()
    fig = ax.figure
    w_in = pos.width * inset_box[2] * fig.get_figwidth()
    h_in = pos.height * inset_box[3] * fig.get_figheight()
    return _fit(ib, w_in / h_in, margin=0.0)


@lru_cache(maxsize=1)
def _land():
    """All areas as one shape (to keep the inset over the sea)."""
    return _projected("cities").geometry.union_all().simplify(2000)


@lru_cache(maxsize=1)
def _crowded() -> frozenset[str]:
    """Places whose polygons are small at province scale (smaller labels): data/print_figure.json."""
    return frozenset(json.loads(paths.PRINT_FIGURE.read_text(encoding="utf-8"))["crowded_labels"])


def _grid_convergence(xlim, ylim) -> float:
    """Angle (degrees) between grid north and true north at the map centre."""
    from pyproj import Transformer

    inv = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    cx, cy = sum(xlim) / 2, sum(ylim) / 2
    lon, lat = inv.transform(cx, cy)
    tr = _transformer()
    x2, y2 = tr.transform(lon, lat + 0.1)
    return -math.degrees(math.atan2(x2 - cx, y2 - cy))


def _zone_counts(selection: list[Measure], gaz: Gazetteer, zone_ids: list[str]) -> Counter:
    """Measures tagged to a zone or to something inside it (a facility in Hengqin counts for Hengqin)."""
    inside = {z: gaz.descendants(z) for z in zone_ids if z in gaz}
    c: Counter = Counter()
    for m in selection:
        tagged = {p["place"] for p in m.get("places", [])}
        for z, members in inside.items():
            if tagged & members:
                c[z] += 1
    return c


def _facilities(selection: list[Measure], gaz: Gazetteer) -> list[Place]:
    """Facilities named in the selected measures, in first-mention order (their numbers on the map)."""
    seen: dict[str, Place] = {}
    for m in selection:
        for tag in m.get("places", []):
            pid = tag["place"]
            if pid in gaz and gaz[pid].kind == "facility" and gaz[pid].point and pid not in seen:
                seen[pid] = gaz[pid]
    return list(seen.values())


def _footer(fig: Figure, lay: _Layout, opts: FigureOptions) -> None:
    s, lang = lay.scale, opts.lang
    day = opts.date or Date.today().isoformat()
    fs = 6.5 * s
    line1 = (opts.source or t("source_line", lang)) + "    " + t("fig_boundary_source", lang)
    disclaimer = t("schematic_note", lang) if opts.disclaimer is None else opts.disclaimer
    line2 = disclaimer
    if opts.review_no:
        line2 = (line2 + "    " if line2 else "") + t("fig_review_no", lang).format(no=opts.review_no)
    fig.text(lay.left, lay.footer_ys[0], line1, fontsize=fs, va="top", ha="left", color="0.2")
    fig.text(
        lay.right,
        lay.footer_ys[0],
        t("fig_date", lang).format(date=day),
        fontsize=fs,
        va="top",
        ha="right",
        color="0.2",
    )
    if line2:
        fig.text(lay.left, lay.footer_ys[1], line2, fontsize=fs, va="top", ha="left", color="0.2")
    zones = boundaries.zone_sources_line(lang, lambda p: short_name(p, lang))
    fig.text(lay.left, lay.footer_ys[2 if line2 else 1], zones, fontsize=fs, va="top", ha="left", color="0.2")


class _PanelWriter:
    """Writes legend rows top-down into one or more panel columns (moves on when a column is full)."""

    def __init__(self, fig: Figure, boxes: list[tuple[float, float, float, float]], scale: float):
        self.fig = fig
        self.axes = []
        for box in boxes:
            pax = fig.add_axes(box)
            pax.set_axis_off()
            pax.set_xlim(0, 1)
            pax.set_ylim(0, 1)
            self.axes.append(pax)
        self.col = 0
        self.used = [0.0] * len(self.axes)  # per column, points from its top
        self.s = scale
        self._prop = FontProperties(family=[FONT, "DejaVu Sans"])
        self.y_pt = 0.0  # distance from the top of the current column, in points

    @property
    def ax(self) -> Axes:
        return self.axes[self.col]

    def _height_pt(self) -> float:
        return self.ax.get_position().height * self.fig.get_figheight() * 72

    def _width_pt(self) -> float:
        return self.ax.get_position().width * self.fig.get_figwidth() * 72

    def _y(self) -> float:
        return 1 - self.y_pt / self._height_pt()

    def _x(self, pt: float) -> float:
        return pt / self._width_pt()

    def used_pt(self) -> float:
        return max(self.used, default=0.0)

    def next_column(self) -> None:
        """Start a new column (portrait legends put each section in its own column), if there is one."""
        if self.y_pt > 0 and self.col + 1 < len(self.axes):
            self.col += 1
            self.y_pt = 0.0

    def need(self, pt: float) -> None:
        if self.y_pt + pt > self._height_pt() and self.col + 1 < len(self.axes):
            self.col += 1
            self.y_pt = 0.0

    def heading(self, text: str, gap: bool = True) -> None:
        fs = 8 * self.s
        if gap and self.y_pt > 0:
            self.y_pt += 5 * self.s
        self.need(fs * 3.2)
        self.ax.text(0, self._y(), text, fontsize=fs, fontweight="bold", va="top", ha="left")
        self.y_pt += fs * 1.55
        self.used[self.col] = max(self.used[self.col], self.y_pt)

    def row(self, label: str, draw=None, indent_pt: float = 0.0, fs: float | None = None) -> None:
        fs = (fs or 6.8) * self.s
        sym_w = 16 * self.s
        tx_pt = indent_pt + (sym_w + 5 * self.s if draw is not None else 0)
        lines = self._wrap(label, fs, self._width_pt() - tx_pt)
        h = fs * 1.5 + (len(lines) - 1) * fs * 1.2
        self.need(h)
        y_mid = 1 - (self.y_pt + h / 2) / self._height_pt()
        if draw is not None:
            y_sym = 1 - (self.y_pt + fs * 0.75) / self._height_pt()
            draw(self.ax, self._x(indent_pt), y_sym, self._x(indent_pt + sym_w), fs * 1.5 / self._height_pt() * 0.62)
        self.ax.text(self._x(tx_pt), y_mid, "\n".join(lines), fontsize=fs, va="center", ha="left", linespacing=1.2)
        self.y_pt += h
        self.used[self.col] = max(self.used[self.col], self.y_pt)

    def _wrap(self, text: str, fs: float, width_pt: float) -> list[str]:
        """Break a legend line that would run past the panel: at spaces for English, anywhere for Chinese."""
        from matplotlib.textpath import TextPath

        def width(s: str) -> float:
            return TextPath((0, 0), s, size=fs, prop=self._prop).get_extents().width

        # Cheap upper bound first (a CJK glyph is one em, Latin narrower): most lines fit without measuring.
        if sum(fs if ord(c) > 0x2E7F else 0.62 * fs for c in text) <= width_pt or width(text) <= width_pt:
            return [text]
        lines: list[str] = []
        current = ""
        tokens = re.findall(r"\S+\s*", text) if " " in text else list(text)
        for tok in tokens:
            if current and width(current + tok) > width_pt:
                lines.append(current.rstrip())
                current = "   " + tok if " " in text else tok
            else:
                current += tok
        lines.append(current.rstrip())
        return lines


def _swatch(colour: str):
    def draw(ax, x0, y, x1, h):
        ax.add_patch(Rectangle((x0, y - h / 2), x1 - x0, h, facecolor=colour, edgecolor=CITY_EDGE, linewidth=0.5))

    return draw


def _outline(dashed: bool, s: float):
    def draw(ax, x0, y, x1, h):
        ax.add_patch(
            Rectangle(
                (x0, y - h / 2),
                x1 - x0,
                h,
                facecolor="none",
                edgecolor=ZONE_COLOUR,
                linewidth=0.9 * s,
                linestyle=(0, (3, 1.6)) if dashed else "-",
            )
        )

    return draw


def _swatch_outline(s: float):
    def draw(ax, x0, y, x1, h):
        ax.add_patch(
            Rectangle((x0, y - h / 2), x1 - x0, h, facecolor="none", edgecolor=SELECTED_COLOUR, linewidth=1.6 * s)
        )

    return draw


def _line(colour: str, width: float):
    def draw(ax, x0, y, x1, h):
        ax.add_line(Line2D([x0, x1], [y, y], color=colour, linewidth=width))

    return draw


def _marker(s: float):
    def draw(ax, x0, y, x1, h):
        ax.scatter(
            [(x0 + x1) / 2],
            [y],
            s=(4.6 * s) ** 2,
            facecolor="white",
            edgecolor=FACILITY_COLOUR,
            linewidth=1.4 * s,
            zorder=3,
        )

    return draw


def _panel(
    fig: Figure,
    lay: _Layout,
    opts: FigureOptions,
    classes: Classes,
    zones,
    facilities: list[Place],
    selection: list[Measure],
    gaz: Gazetteer,
    corridors,
    selected_names: list[str] | None = None,
) -> _PanelWriter:
    lang, s = opts.lang, lay.scale
    pw = _PanelWriter(fig, lay.panel_boxes, s)
    pw.heading(t("fig_legend_counts", lang), gap=False)
    for label, colour in classes.legend():
        pw.row(label, _swatch(colour))

    pw.heading(t("fig_legend_symbols", lang))
    if selected_names:
        pw.row(
            t("fig_legend_selected", lang).format(names=t("list_sep", lang).join(selected_names)), _swatch_outline(s)
        )
    accuracies = set(zones["accuracy"]) if len(zones) else set()
    if accuracies - {"schematic"}:
        pw.row(t("fig_legend_zone", lang), _outline(False, s))
    if "schematic" in accuracies:
        pw.row(t("fig_legend_schematic", lang), _outline(True, s))
    for row in corridors.itertuples():
        name = gaz[row.place].name(lang) if row.place in gaz else localize(row.name_zh, lang)
        pw.row(name, _line(CORRIDOR_COLOUR, 1.4 * s))
    if facilities:
        pw.row(t("fig_legend_facility", lang), _marker(s))

    groups = group_counts(selection, gaz)
    if groups:
        pw.next_column()
        pw.heading(t("fig_groups_title", lang) + t("fig_groups_note", lang))
        order = [p.id for p in gaz.of_kind("region_group")]
        for gid in sorted(groups, key=lambda g: (order.index(g) if g in order else 99, g)):
            pw.row(gaz[gid].name(lang) + "  " + t("fig_items", lang).format(n=groups[gid]))
    external: Counter = Counter()
    for m in selection:
        external.update(
            {p["place"] for p in m.get("places", []) if p["place"] in gaz and gaz[p["place"]].kind == "external_region"}
        )
    if external:
        pw.heading(t("fig_external_title", lang))
        for rid, n in sorted(external.items(), key=lambda kv: (-kv[1], kv[0])):
            pw.row(gaz[rid].name(lang) + "  " + t("fig_items", lang).format(n=n))

    if facilities:
        pw.next_column()
        pw.heading(t("fig_facilities_title", lang))
        for i, p in enumerate(facilities, start=1):
            parent = next((gaz[q] for q in sorted(gaz.ancestors(p.id)) if gaz[q].kind in AREA_KINDS), None)
            city = short_name(parent, lang) if parent is not None and lang != "en" else ""
            where = f"（{city}）" if city and city not in p.name(lang) else ""
            pw.row(f"{i}  {p.name(lang)}{where}", fs=6.2)
    return pw


# ---------------------------------------------------------------- saving


def figure_bytes(fig: Figure, fmt: str, dpi: int = DEFAULT_DPI) -> bytes:
    """The figure as PNG/PDF/SVG bytes at the paper's exact size (no tight bbox: A4 stays A4)."""
    if fmt not in FIGURE_FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; use one of {', '.join(FIGURE_FORMATS)}")
    title = fig.get_label() or ""
    metadata: dict[str, str] = {"Title": title}
    if fmt == "png":
        metadata = {"Title": title, "Software": "geo.figure (matplotlib)"}
    elif fmt in ("pdf", "svg"):
        metadata = {"Title": title, "Creator": "geo.figure (matplotlib)"}
    buf = io.BytesIO()
    size = fig.get_size_inches().copy()
    families = _use_pdf_font(fig) if fmt == "pdf" else {}
    if fmt == "png":
        # Agg truncates width×dpi: A4 at 300 dpi would come out 3507 px wide instead of the 3508 px everyone
        # expects. Nudge the size (by < 1 px) to the rounded pixel count for this dpi, then restore it.
        fig.set_size_inches(round(size[0] * dpi) / dpi + 1e-9, round(size[1] * dpi) / dpi + 1e-9)
    pages = list(getattr(fig, "_dba_list_pages", [])) if fmt == "pdf" else []
    for page in pages:
        families.update(_use_pdf_font(page))
    try:
        with _LOCK, matplotlib.rc_context(RC):
            if pages:
                from matplotlib.backends.backend_pdf import PdfPages

                with PdfPages(buf, metadata=metadata) as pdf:
                    for page in (fig, *pages):
                        pdf.savefig(page)
            else:
                fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    finally:
        fig.set_size_inches(size)
        for text, (family, weight) in families.items():
            text.set_fontfamily(family)
            text.set_fontweight(weight)
    return buf.getvalue()


@lru_cache(maxsize=1)
def pdf_font_available() -> bool:
    """Make the PDF font once and register it with matplotlib; False when the Debian font is not installed.

    The print copy is the collection's first face without its layout tables (GSUB/GPOS: 27 000 subtables) and
    glyph names, which matplotlib's subsetting (once per 256 characters of every PDF) would decompile each time,
    under its own family name so that matplotlib never picks the original collection instead.
    """
    from matplotlib import font_manager

    source = next((p for p in PDF_FONT_SOURCES if p.is_file()), None)
    if source is None:
        return False
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "digital-bay-area"
    target = cache / f"{source.stem}-print-v2-{int(source.stat().st_mtime)}.ttf"
    if not target.is_file():
        from fontTools.ttLib import TTFont

        font = TTFont(str(source), fontNumber=0, lazy=True)
        for tag in ("GSUB", "GPOS", "GDEF", "FFTM"):
            if tag in font:
                del font[tag]
        font["post"].formatType = 3.0  # no glyph names: 30 000 of them cost more to parse than the outlines
        names = font["name"]
        for rec in list(names.names):
            if rec.nameID in (1, 4, 16):
                names.setName(PDF_FONT, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
            elif rec.nameID == 6:
                names.setName(PDF_FONT.replace(" ", ""), rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        cache.mkdir(parents=True, exist_ok=True)
        atomic_write(target, font.save)
    if PDF_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(target))
    return True


def _use_pdf_font(fig: Figure) -> dict:
    """Switch every text of the figure to the TrueType CJK font; returns the previous families to restore."""
    from matplotlib.text import Text

    if not pdf_font_available():
        return {}
    before = {}
    for text in fig.findobj(Text):
        before[text] = (text.get_fontfamily(), text.get_fontweight())
        text.set_fontfamily([PDF_FONT])
        text.set_fontweight("normal")  # its only weight (asking for bold would log a warning per text)
    return before


def save_figure(fig: Figure, path: Path | str, fmt: str | None = None, dpi: int = DEFAULT_DPI) -> Path:
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    data = figure_bytes(fig, fmt, dpi)
    return atomic_write(path, lambda f: f.write(data))
