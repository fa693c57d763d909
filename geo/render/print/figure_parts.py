"""Cartographic furniture for the print figures, drawn by hand with matplotlib: scale bar, north arrow, labels.

The figures are plotted in a projected CRS (metres), so the scale bar is a plain length in map units and the
north arrow only has to allow for the small grid convergence of the projection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.patheffects as pe
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy

from geo.i18n import t

HALO_WIDTH = 2.2


def add_halo(text: Text) -> Text:
    """Put a white halo under a text, as its own artist, and return the text.

    A path effect on the text itself would turn the text into outlines in PDF; a separate white copy keeps the
    label real text (searchable, copyable into a report) while the halo separates it from fills and lines.
    """
    halo = text.axes.text(
        *text.get_position(),
        text.get_text(),
        transform=text.get_transform(),
        ha=text.get_ha(),
        va=text.get_va(),
        fontproperties=text.get_fontproperties(),
        linespacing=text._linespacing,
        color="white",
        zorder=text.get_zorder() - 0.5,
        path_effects=[pe.Stroke(linewidth=HALO_WIDTH, foreground="white")],
    )
    halo.set_clip_on(text.get_clip_on())
    return text


def halo_text(ax: Axes, x: float, y: float, s: str, **kwargs) -> Text:
    return add_halo(ax.text(x, y, s, **kwargs))


def nice_length_km(max_km: float) -> float:
    """The largest 1-2-5 × 10^k length (km) not above `max_km`."""
    if max_km <= 0:
        return 1.0
    exp = math.floor(math.log10(max_km))
    best = 10.0**exp
    for m in (1, 2, 5):
        if m * 10.0**exp <= max_km:
            best = m * 10.0**exp
    return best


def _fmt_km(v: float) -> str:
    return f"{v:g}"


def draw_scale_bar(ax: Axes, lang: str = "zh", fraction: float = 0.22, fontsize: float = 6.5) -> Bbox:
    """A four-segment black/white bar at the lower left of the map; returns its display bbox (an obstacle)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width, height = x1 - x0, y1 - y0
    length_km = nice_length_km(width * fraction / 1000.0)
    length = length_km * 1000.0
    bar_h = height * 0.008
    left, bottom = x0 + width * 0.035, y0 + height * 0.045
    seg = length / 4
    artists = []
    for i in range(4):
        artists.append(
            ax.add_patch(
                Rectangle(
                    (left + i * seg, bottom),
                    seg,
                    bar_h,
                    facecolor="black" if i % 2 == 0 else "white",
                    edgecolor="black",
                    linewidth=0.5,
                    zorder=30,
                )
            )
        )
    for v in (0, length_km / 2, length_km):
        artists.append(
            halo_text(
                ax,
                left + v * 1000.0,
                bottom + bar_h * 1.8,
                _fmt_km(v),
                ha="center",
                va="bottom",
                fontsize=fontsize,
                zorder=31,
            )
        )
    # The unit sits right of the bar, clear of the centred last number above it.
    unit_at = offset_copy(ax.transData, fig=ax.figure, x=fontsize * 1.3, y=0, units="points")
    artists.append(
        halo_text(
            ax,
            left + length,
            bottom + bar_h / 2,
            t("fig_km", lang),
            ha="left",
            va="center",
            fontsize=fontsize,
            zorder=31,
            transform=unit_at,
        )
    )
    renderer = ax.figure.canvas.get_renderer()
    box = Bbox.union([a.get_window_extent(renderer) for a in artists]).padded(3 * ax.figure.dpi / 72)
    # A light backing keeps the bar readable over land, lines and dark classes alike.
    (bx0, by0), (bx1, by1) = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
    ax.add_patch(
        FancyBboxPatch(
            (bx0, by0),
            bx1 - bx0,
            by1 - by0,
            boxstyle="round,pad=0,rounding_size=0",
            facecolor="white",
            edgecolor="none",
            alpha=0.75,
            zorder=29,
        )
    )
    return box.padded(2)


def draw_north_arrow(ax: Axes, lang: str = "zh", rotation_deg: float = 0.0, size_pt: float = 26) -> Bbox:
    """A split-triangle arrow at the upper right, rotated by the grid convergence so it points to true north."""
    fig = ax.figure
    cx, cy = 0.955, 0.90  # axes fraction
    # Built in points around the anchor, so the arrow keeps its shape whatever the map's aspect.
    h, w = size_pt, size_pt * 0.38
    rot = math.radians(rotation_deg)

    def pt(dx: float, dy: float) -> tuple[float, float]:
        rx = dx * math.cos(rot) - dy * math.sin(rot)
        ry = dx * math.sin(rot) + dy * math.cos(rot)
        return rx, ry

    tip, left, right, notch = pt(0, h / 2), pt(-w, -h / 2), pt(w, -h / 2), pt(0, -h / 4)
    to_axes = ax.transAxes.inverted()
    anchor_disp = ax.transAxes.transform((cx, cy))
    scale = fig.dpi / 72.0

    def axes_xy(p: tuple[float, float]) -> tuple[float, float]:
        return tuple(to_axes.transform((anchor_disp[0] + p[0] * scale, anchor_disp[1] + p[1] * scale)))

    artists = [
        ax.add_patch(
            Polygon(
                [axes_xy(tip), axes_xy(left), axes_xy(notch)],
                closed=True,
                transform=ax.transAxes,
                facecolor="white",
                edgecolor="black",
                linewidth=0.7,
                zorder=30,
            )
        ),
        ax.add_patch(
            Polygon(
                [axes_xy(tip), axes_xy(notch), axes_xy(right)],
                closed=True,
                transform=ax.transAxes,
                facecolor="black",
                edgecolor="black",
                linewidth=0.7,
                zorder=30,
            )
        ),
    ]
    lx, ly = axes_xy(pt(0, h / 2 + 8))
    artists.append(
        halo_text(
            ax,
            lx,
            ly,
            t("fig_north", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            zorder=31,
        )
    )
    renderer = fig.canvas.get_renderer()
    return Bbox.union([a.get_window_extent(renderer) for a in artists]).padded(4)


@dataclass
class Label:
    """A text to place near a map point. `inside`: the point is inside an area, so the text may sit on it."""

    x: float
    y: float
    text: str
    fontsize: float = 7.0
    priority: int = 0  # higher is placed first (gets the best spot)
    inside: bool = True
    color: str = "black"
    weight: str = "normal"
    style: str = "normal"
    leader_color: str = "0.35"


# Offsets in points, tried in order: on the point, then around it, then further out (with a leader line).
_RING = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]


def _candidates(label: Label) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = [(0.0, 0.0)] if label.inside else []
    steps = (0.9, 1.6, 2.6, 3.8) if label.inside else (0.75, 1.5, 2.5, 3.6)
    for k in steps:
        d = label.fontsize * 1.6 * k
        out += [(dx * d * 1.4, dy * d) for dx, dy in _RING]
    return out


def place_labels(ax: Axes, labels: list[Label], obstacles: list[Bbox] | None = None, pad_pt: float = 1.5) -> list:
    """Greedy label placement without overlaps: each label takes the first free candidate spot.

    A label moved away from its point gets a thin leader line. When no spot is free (a very crowded view), the
    spot overlapping least is used, so no place silently loses its label. Returns the text artists.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    placed: list[Bbox] = list(obstacles or [])
    pad = pad_pt * fig.dpi / 72.0
    texts = []
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    for label in sorted(labels, key=lambda lb: -lb.priority):
        if not (x0 <= label.x <= x1 and y0 <= label.y <= y1):
            continue
        best = None
        for dx, dy in _candidates(label):
            tr = offset_copy(ax.transData, fig=fig, x=dx, y=dy, units="points")
            txt = ax.text(
                label.x,
                label.y,
                label.text,
                transform=tr,
                ha="center",
                va="center",
                fontsize=label.fontsize,
                color=label.color,
                fontweight=label.weight,
                fontstyle=label.style,
                zorder=25,
                linespacing=1.0,
            )
            box = txt.get_window_extent(renderer).padded(pad)
            inside_axes = (
                box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1 and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1
            )
            overlap = sum(_overlap_area(box, other) for other in placed) + (0 if inside_axes else 1e9)
            if best is None or overlap < best[0]:
                if best is not None:
                    best[1].remove()
                best = (overlap, txt, box, (dx, dy))
            else:
                txt.remove()
            if overlap == 0:
                break
        if best is None:
            continue
        _, txt, box, (dx, dy) = best
        placed.append(box)
        texts.append(add_halo(txt))
        if (dx, dy) != (0.0, 0.0) and math.hypot(dx, dy) > label.fontsize * 1.6:
            _leader(ax, label, box)
    return texts


def point_boxes(ax: Axes, xy: list[tuple[float, float]], size_pt: float) -> list[Bbox]:
    """Display boxes of point symbols (so labels do not sit on them)."""
    half = size_pt / 2 * ax.figure.dpi / 72.0
    out = []
    for x, y in xy:
        px, py = ax.transData.transform((x, y))
        out.append(Bbox.from_extents(px - half, py - half, px + half, py + half))
    return out


def _overlap_area(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _leader(ax: Axes, label: Label, box: Bbox) -> None:
    """A thin line from the point to the nearest edge of the label's box."""
    px, py = ax.transData.transform((label.x, label.y))
    tx = min(max(px, box.x0), box.x1)
    ty = min(max(py, box.y0), box.y1)
    inv = ax.transData.inverted()
    (ax_, ay_), (bx_, by_) = inv.transform([(px, py), (tx, ty)])
    ax.plot([ax_, bx_], [ay_, by_], color=label.leader_color, linewidth=0.45, zorder=24, solid_capstyle="round")
