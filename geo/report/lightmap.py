"""The report's map of lights: the print figure's base map (geo.render.print.figure: the same projection,
outlines, scale bar and north arrow) with each city, SAR and zone filled by the worst light of its measures.

Red-green colour blindness: every coloured area also carries the light's shape (● ▲ ■) in its label, and the
legend names each light in words, so the map reads without hue.
"""

from __future__ import annotations

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.render.names import short_name
from geo.render.print import figure as pf
from geo.render.print.figure_parts import Label, draw_north_arrow, draw_scale_bar, place_labels
from geo.report.content import ReportContent

SIZE_MM = (170.0, 118.0)  # fits an A4 portrait page's text width (210 − 2 × 20 mm margins)
NONE_FILL = "#f4f4f1"  # a city without measures in the report: pale, not a light


def _tint(hex_colour: str, keep: float = 0.55) -> str:
    """The light's colour mixed with white: labels stay readable on the fill; the shape carries the light."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c * keep + 255 * (1 - keep)) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def render_light_map(content: ReportContent, gazetteer: Gazetteer) -> Figure:
    with pf._LOCK, matplotlib.rc_context(pf.RC):
        return _render(content, gazetteer)


def _render(content: ReportContent, gaz: Gazetteer) -> Figure:
    lang = content.lang
    looks = content.rules.lights.looks
    w_mm, h_mm = SIZE_MM
    fig = Figure(figsize=(w_mm * pf.MM, h_mm * pf.MM), dpi=100)
    FigureCanvasAgg(fig)
    map_box = (0.01, 0.02, 0.69, 0.96)
    ax = fig.add_axes(map_box)
    box = pf._project_extent(pf.default_extent())
    xlim, ylim = pf._fit(box, (map_box[2] * w_mm) / (map_box[3] * h_mm))
    ax.set_facecolor(pf.SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)

    def fill(pid: str) -> str:
        light = content.area_lights.get(pid)
        return _tint(looks[light]["colour"]) if light else NONE_FILL

    ax.add_collection(
        PathCollection(
            pf._paths("context"), facecolors=pf.CONTEXT_FILL, edgecolors=pf.CONTEXT_EDGE, linewidths=0.4, zorder=1
        )
    )
    cities, zones = pf._projected("cities"), pf._projected("zones")
    ax.add_collection(
        PathCollection(
            pf._paths("cities"),
            facecolors=[fill(p) for p in cities["place"]],
            edgecolors=pf.CITY_EDGE,
            linewidths=0.4,
            zorder=2,
        )
    )
    zone_fill = [
        _tint(looks[content.area_lights[p]]["colour"], 0.9) if p in content.area_lights else "none"
        for p in zones["place"]
    ]
    ax.add_collection(
        PathCollection(pf._paths("zones"), facecolors="none", edgecolors="white", linewidths=1.8, zorder=4)
    )
    ax.add_collection(
        PathCollection(pf._paths("zones"), facecolors=zone_fill, edgecolors=pf.ZONE_COLOUR, linewidths=0.8, zorder=5)
    )
    obstacles = [draw_scale_bar(ax, lang, fontsize=5.5), draw_north_arrow(ax, lang, size_pt=18)]
    tr = pf._transformer()
    labels: list[Label] = []
    for row in pf.boundaries_rows("cities"):
        if row.place not in gaz:
            continue
        light = content.area_lights.get(row.place)
        mark = looks[light]["shape"] + " " if light else ""
        x, y = tr.transform(row.label_lon, row.label_lat)
        labels.append(
            Label(
                x,
                y,
                mark + short_name(gaz[row.place], lang),
                fontsize=5.6 if row.place in pf._crowded() else 6.2,
                priority=20 if light else 1,
                inside=gaz[row.place].kind != "sar",
                weight="bold" if light else "normal",
                color="black" if light else "0.45",
            )
        )
    for pid, pt in pf._zone_points(gaz).items():
        light = content.area_lights.get(pid)
        if not light:
            continue
        labels.append(
            Label(
                pt.x,
                pt.y,
                looks[light]["shape"] + " " + short_name(gaz[pid], lang),
                fontsize=5.2,
                priority=8,
                inside=False,
                color=pf.ZONE_COLOUR,
                leader_color=pf.ZONE_COLOUR,
            )
        )
    place_labels(ax, labels, obstacles)
    _legend(fig, content)
    fig.set_label(t("report_map_title", lang))
    return fig


def _legend(fig: Figure, content: ReportContent) -> None:
    """Lights (swatch, shape, words, count of areas), the statuses with their counts, the region-wide count."""
    lang = content.lang
    looks = content.rules.lights.looks
    lg = fig.add_axes((0.72, 0.02, 0.27, 0.96))
    lg.set_axis_off()
    lg.set_xlim(0, 1)
    lg.set_ylim(0, 1)
    y = 0.97
    step = 0.055
    lg.text(0, y, t("report_map_title", lang), fontsize=8, fontweight="bold", va="top")
    y -= step * 1.4
    lg.text(0, y, t("report_map_legend", lang), fontsize=6.5, fontweight="bold", va="top")
    y -= step
    areas: dict[str, int] = {}
    for light in content.area_lights.values():
        areas[light] = areas.get(light, 0) + 1
    for light, count in content.light_counts:
        look = looks[light]
        lg.add_patch(
            Rectangle((0, y - 0.032), 0.12, 0.03, facecolor=_tint(look["colour"]), edgecolor=pf.CITY_EDGE, lw=0.4)
        )
        lg.text(0.06, y - 0.017, look["shape"], fontsize=6, ha="center", va="center")
        lg.text(0.16, y - 0.017, f"{content.light_label(light)}  {count}", fontsize=6.3, va="center")
        y -= step
    lg.add_patch(Rectangle((0, y - 0.032), 0.12, 0.03, facecolor=NONE_FILL, edgecolor=pf.CITY_EDGE, lw=0.4))
    lg.text(0.16, y - 0.017, t("report_map_none", lang), fontsize=6.3, va="center")
    y -= step * 1.4
    lg.text(0, y, t("report_map_statuses", lang), fontsize=6.5, fontweight="bold", va="top")
    y -= step
    for name, count in content.status_counts:
        lg.text(0.02, y, f"{content.status_text(name)}  {count}", fontsize=6.3, va="top")
        y -= step * 0.85
    y -= step * 0.5
    wide = t("report_map_region_wide", lang).format(n=content.region_wide)
    lg.text(0, y, _wrap(wide, 24, lang == "en"), fontsize=5.8, va="top", linespacing=1.3)
    y -= step * 1.6
    note = t("report_map_note", lang)
    lg.text(0, y, _wrap(note, 24, lang == "en"), fontsize=5.2, va="top", color="0.3", linespacing=1.3)


def _wrap(text: str, width: int, words: bool) -> str:
    """Fixed-width lines for the legend note (Chinese: any character may break; English: at spaces)."""
    if words:
        width *= 2
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return "\n".join([*lines, line])
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def light_map_png(content: ReportContent, gazetteer: Gazetteer, dpi: int = 200) -> bytes:
    return pf.figure_bytes(render_light_map(content, gazetteer), "png", dpi=dpi)


def light_map_pdf(content: ReportContent, gazetteer: Gazetteer) -> bytes:
    """The map as a one-page vector PDF with TrueType fonts (for the PDF report, drawn as a vector figure)."""
    return pf.figure_bytes(render_light_map(content, gazetteer), "pdf")
