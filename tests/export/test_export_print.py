"""Print files as a report writer uses them: a figure framed on the chosen region, fonts a print shop accepts,
editable SVG text, and a portrait page without a blank band."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from geo.render.print.figure import (
    FigureOptions,
    _project_extent,
    build_title,
    default_extent,
    figure_bytes,
    fit_extent,
    render_figure,
)
from geo.selection.filters import Filters, select

DATE = "2026-01-31"


@pytest.fixture(scope="module")
def shenzhen_figure(measures, gaz):
    return render_figure(measures, Filters(regions=("shenzhen",)), FigureOptions(date=DATE), gaz)


def _map_texts(fig) -> list:
    return [t for t in fig.axes[0].texts if t.get_text().strip()]


# ---------------------------------------------------------------- item 18: the figure frames the selection


def test_a_region_filter_frames_its_region_by_default(shenzhen_figure, gaz):
    ax = shenzhen_figure.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    fx0, fy0, fx1, fy1 = _project_extent(fit_extent(("shenzhen",), gaz))
    full = _project_extent(default_extent())
    assert x0 <= fx0 and x1 >= fx1 and y0 <= fy0 and y1 >= fy1  # all of Shenzhen is shown…
    assert (x1 - x0) < (full[2] - full[0]) / 4  # …and the map is about Shenzhen, not the province
    # The region is named on the map in a larger bold label, and outlined in the legend.
    names = [t for t in _map_texts(shenzhen_figure) if t.get_text().startswith("深圳")]
    assert names and max(t.get_fontsize() for t in names) > 8
    legend = [t.get_text() for ax in shenzhen_figure.axes[1:] for t in ax.texts]
    assert any("所选地区" in x and "深圳市" in x for x in legend)


def test_a_group_region_is_outlined_and_named(measures, gaz):
    fig = render_figure(measures, Filters(regions=("east-guangdong",)), FigureOptions(date=DATE), gaz)
    texts = {t.get_text() for t in _map_texts(fig)}
    assert gaz["east-guangdong"].name("zh") in texts
    assert len(fig.axes[0].child_axes) == 0  # no Pearl River inset on a map of 粤东


def test_an_explicit_view_still_wins(measures, gaz):
    extent = default_extent()
    fig = render_figure(measures, Filters(regions=("shenzhen",)), FigureOptions(extent=extent, date=DATE), gaz)
    (x0, x1) = fig.axes[0].get_xlim()
    full = _project_extent(extent)
    assert x1 - x0 >= (full[2] - full[0]) * 0.99


# ---------------------------------------------------------------- item 20: print-friendly files


def test_pdf_embeds_truetype_fonts_and_renders_without_warnings(shenzhen_figure, tmp_path):
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(figure_bytes(shenzhen_figure, "pdf"))
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert "Type 3" not in row, out
        assert re.search(r"(CID )?TrueType\s", row), out
        assert " yes yes " in row, out  # embedded and subset
    render = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], capture_output=True, text=True
    )
    assert render.returncode == 0 and render.stderr == "", render.stderr
    # Chinese glyphs came out: the page is not blank where the title is.
    page = np.asarray(Image.open(tmp_path / "p-1.png").convert("L"))
    assert (page[: page.shape[0] // 10] < 128).sum() > 100


def test_svg_keeps_text_as_text_with_fonts_named(shenzhen_figure, gaz):
    svg = figure_bytes(shenzhen_figure, "svg").decode("utf-8")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(el.itertext()) for el in root.iter(f"{ns}text")]
    title = build_title(Filters(regions=("shenzhen",)), gaz, "zh")
    assert title in texts  # the title can be edited in Inkscape/Illustrator, not only read from metadata
    assert any(x.startswith("深圳") for x in texts)
    families = set(re.findall(r"font-family:\s*([^;\"]+)", svg))
    assert families and all("Noto Sans CJK SC" in f for f in families)


def _blank_band(png: bytes) -> float:
    """The tallest run of blank rows between the top and bottom, as a share of the page height."""
    rows = (np.asarray(Image.open(io.BytesIO(png)).convert("L")) > 245).all(axis=1)
    best = cur = 0
    for blank in rows:
        cur = cur + 1 if blank else 0
        best = max(best, cur)
    return best / len(rows)


@pytest.mark.parametrize(
    "filters", [Filters(themes=("产业通",)), Filters(regions=("east-guangdong",))], ids=["theme", "region"]
)
def test_a4_portrait_uses_its_space(measures, gaz, filters):
    fig = render_figure(measures, filters, FigureOptions(orientation="portrait", date=DATE), gaz)
    assert _blank_band(figure_bytes(fig, "png", dpi=40)) < 0.06


# ---------------------------------------------------------------- item 19: the measures counted


def test_pdf_lists_the_measures_it_counts_after_the_map(shenzhen_figure, measures, gaz):
    from pypdf import PdfReader

    from geo.selection.briefing import short_text

    selection = select(measures, Filters(regions=("shenzhen",)), gaz)
    reader = PdfReader(io.BytesIO(figure_bytes(shenzhen_figure, "pdf")))
    assert len(reader.pages) >= 2
    listing = "".join(p.extract_text() for p in reader.pages[1:]).replace(" ", "")
    for label in ("序号", "主题", "具体措施"):
        assert label in listing
    for m in selection:
        assert re.search(rf"(^|\n){m['id']}{m['theme_short']}", listing), m["id"]
        assert short_text(m["text"], 80)[:12].replace(" ", "") in listing
    box = reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # same paper as the map page


def test_png_and_svg_stay_one_page(shenzhen_figure):
    png = Image.open(io.BytesIO(figure_bytes(shenzhen_figure, "png", dpi=30)))
    assert png.size == (351, 248)
    assert figure_bytes(shenzhen_figure, "svg").count(b"<svg") == 1


# ---------------------------------------------------------------- item 24: an imported table's own title


def test_figures_of_an_imported_table_carry_its_title(measures, gaz):
    table = "广州市数字政府建设任务分工表"
    assert build_title(Filters(), gaz, "zh", table).startswith(table)
    assert build_title(Filters(themes=("产业通",)), gaz, "zh", table) == f"{table}：产业通"
    fig = render_figure(measures, Filters(), FigureOptions(date=DATE, table=table), gaz)
    assert fig.get_label().startswith(table) and "数字湾区" not in fig.get_label()
    listing = fig._dba_list_pages[0].texts[0].get_text()
    assert listing.startswith(table)
