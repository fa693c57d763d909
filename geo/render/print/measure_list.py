"""The list of measures a print figure counts, as extra PDF pages: 序号, 主题, the measure in short, lead department.

A reader of a printed map asks "which measures are these 9?": the PDF answers on the pages after the map, so the
figure and its evidence travel as one file. Same paper, orientation and fonts as the map page.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.dataset import Measure
from geo.i18n import localize, t
from geo.selection.briefing import short_text

MM = 1 / 25.4


def _fits(text: str, width_pt: float, fs: float) -> bool:
    """Upper bound of the printed width (a CJK glyph is one em, Latin narrower): cheap and never too short."""
    return sum(fs if ord(c) > 0x2E7F else 0.62 * fs for c in text) <= width_pt


def _clip(text: str, width_pt: float, fs: float) -> str:
    if _fits(text, width_pt, fs):
        return text
    while text and not _fits(text + "…", width_pt, fs):
        text = text[:-1]
    return text + "…"


def list_pages(
    selection: list[Measure], size_mm: tuple[float, float], lang: str, title: str, subtitle: str, source: str
) -> list[Figure]:
    """One or more pages listing `selection` in table form (none for an empty selection)."""
    if not selection:
        return []
    w_mm, h_mm = size_mm
    s = min(w_mm, h_mm) / 210.0
    m = 12 * s
    fs = 7.4 * s
    row_mm = fs * 1.75 / 72 * 25.4
    top, foot = 30 * s, 14 * s
    per_page = max(1, int((h_mm - top - foot - row_mm) // row_mm))
    width_pt = (w_mm - 2 * m) / 25.4 * 72
    # Columns as shares of the printable width: id, theme, measure, lead department.
    shares = (0.05, 0.15, 0.57, 0.23)
    xs = [m + sum(shares[:i]) * (w_mm - 2 * m) for i in range(len(shares))]
    widths = [sh * width_pt - 10 * s for sh in shares]
    header = [t("col_id", lang), t("col_theme", lang), t("col_text", lang), t("col_departments", lang)]
    chunks = [selection[i : i + per_page] for i in range(0, len(selection), per_page)]
    pages: list[Figure] = []
    for n, chunk in enumerate(chunks, start=1):
        fig = Figure(figsize=(w_mm * MM, h_mm * MM), dpi=100)
        FigureCanvasAgg(fig)

        def fx(x_mm: float) -> float:
            return x_mm / w_mm

        def fy(y_mm_from_top: float) -> float:
            return 1 - y_mm_from_top / h_mm

        heading = t("list_title", lang) + ("" if len(chunks) == 1 else f" {n}/{len(chunks)}")
        fig.text(fx(m), fy(m), f"{title} · {heading}", fontsize=13 * s, fontweight="bold", va="top")
        fig.text(fx(m), fy(m + 8 * s), subtitle, fontsize=8.2 * s, va="top", color="0.25")
        y = top
        for x, label in zip(xs, header, strict=True):
            fig.text(fx(x), fy(y), label, fontsize=fs, fontweight="bold", va="top")
        y += row_mm
        fig.add_artist(Line2D([fx(m), fx(w_mm - m)], [fy(y - row_mm * 0.25)] * 2, color="0.3", linewidth=0.6 * s))
        sep = t("list_sep", lang)
        for measure in chunk:
            cells = [
                str(measure["id"]),
                localize(measure["theme_short"], lang),
                localize(short_text(measure["text"], 80), lang),
                sep.join(localize(d, lang) for d in measure.get("departments", [])),
            ]
            for x, cell, width in zip(xs, cells, widths, strict=True):
                fig.text(fx(x), fy(y), _clip(cell, width, fs), fontsize=fs, va="top")
            y += row_mm
            fig.add_artist(Line2D([fx(m), fx(w_mm - m)], [fy(y - row_mm * 0.25)] * 2, color="0.85", linewidth=0.4 * s))
        fig.text(fx(m), fy(h_mm - foot + 5 * s), source, fontsize=6.5 * s, va="top", color="0.2")
        fig.text(fx(w_mm - m), fy(h_mm - foot + 5 * s), f"{n + 1}", fontsize=6.5 * s, va="top", ha="right")
        pages.append(fig)
    return pages
