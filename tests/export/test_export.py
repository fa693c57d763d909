"""Exports as a report writer receives them: print figures, tables and the offline HTML map (files in tmp_path)."""

from __future__ import annotations

import csv
import io
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader

from geo.export.files import ExportError, ensure_writable_dir
from geo.export.html_page import html_bytes
from geo.export.tables import COLUMNS, csv_bytes, write_csv, write_xlsx
from geo.files import atomic_write
from geo.i18n import t
from geo.render.print.figure import (
    FigureOptions,
    _project_extent,
    build_title,
    default_extent,
    figure_bytes,
    paper_pixels,
    render_figure,
    save_figure,
)
from geo.selection.classes import classify
from geo.selection.filters import Filters, describe, place_counts, select

DATE = "2026-01-31"


@pytest.fixture(scope="module")
def theme_figure(measures, gaz):
    """One themed A4 landscape figure, saved once in every format (rendering is the slow part)."""
    f = Filters(themes=("基座通",))
    fig = render_figure(measures, f, FigureOptions(date=DATE, review_no="粤S（2026）123号"), gaz)
    return f, fig, {fmt: figure_bytes(fig, fmt) for fmt in ("png", "pdf", "svg")}


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _pdf_fonts(data: bytes) -> list[dict]:
    reader = PdfReader(io.BytesIO(data))
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


def _embedded(font) -> bool:
    """Glyph outlines inside the PDF: a font file (Type0/TrueType/CFF) or glyph procedures (Type 3)."""
    if font.get("/Subtype") == "/Type3":
        return len(font["/CharProcs"]) > 0
    fonts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
    return any(
        any(k in f["/FontDescriptor"].get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts
    )


# ---------------------------------------------------------------- figures


def test_a4_png_at_300_dpi_has_print_size_and_dpi(theme_figure):
    img = Image.open(io.BytesIO(theme_figure[2]["png"]))
    assert img.size == paper_pixels("A4", "landscape", 300) == (3508, 2480)
    assert img.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_png_600_dpi_on_request_and_portrait_a3(measures, gaz, tmp_path):
    fig = render_figure(measures, Filters(), FigureOptions(paper="A3", orientation="portrait", date=DATE), gaz)
    path = save_figure(fig, tmp_path / "a3.png", dpi=600)
    img = Image.open(path)
    assert img.size == paper_pixels("A3", "portrait", 600) == (7016, 9921)
    assert img.info["dpi"] == pytest.approx((600, 600), abs=0.01)


def test_pdf_embeds_a_cjk_font_and_is_a4(theme_figure):
    data = theme_figure[2]["pdf"]
    fonts = _pdf_fonts(data)
    cjk = [f for f in fonts if "WenQuanYi" in str(f["/BaseFont"])]
    assert cjk, [str(f["/BaseFont"]) for f in fonts]
    assert all(_embedded(f) for f in cjk)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points


def test_pdf_text_has_title_filters_source_date_and_review_number(theme_figure, gaz):
    filters, fig, files = theme_figure
    text = _pdf_text(files["pdf"])
    title = build_title(filters, gaz, "zh")
    assert "基座通" in title
    for expected in (
        title,
        describe(filters, gaz),
        t("source_line"),
        t("schematic_note"),
        t("fig_date").format(date=DATE),
        "粤S（2026）123号",
        t("fig_legend_counts"),
        # map labels stay real text too (their white halo is a separate outline)
        "深圳",
        "韶关",
        t("fig_inset"),
        "千米",
        t("fig_north"),
    ):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected


def test_figure_legend_uses_the_screen_maps_classes(theme_figure, measures, gaz):
    filters, _, files = theme_figure
    counts = place_counts(select(measures, filters, gaz), gaz, include_groups=False)
    classes = classify({p.id: counts.get(p.id, 0) for p in gaz.of_kind("city", "sar")})
    text = _pdf_text(files["pdf"])
    for label, _colour in classes.legend():
        assert label in text


def test_svg_keeps_title_findable(theme_figure, gaz):
    filters, _, files = theme_figure
    svg = files["svg"].decode("utf-8")
    root = ET.fromstring(svg)  # well-formed
    assert root.tag.endswith("svg")
    assert build_title(filters, gaz, "zh") in svg  # metadata title: searchable, shown by file browsers
    assert 'width="841.89pt"' in svg or 'width="841.889764pt"' in svg or "841.8" in root.get("width", "")


def test_labels_on_the_map_do_not_overlap(theme_figure):
    fig = theme_figure[1]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        texts = [txt for txt in ax.texts if txt.get_zorder() == 25]  # placed labels (figure_parts.place_labels)
        boxes = [txt.get_window_extent(renderer) for txt in texts]
        for (a, ta), (b, tb) in itertools.combinations(zip(boxes, texts, strict=True), 2):
            assert not a.overlaps(b), (ta.get_text(), tb.get_text())


def test_given_extent_is_fully_shown(measures, gaz):
    extent = (113.7, 22.35, 114.4, 22.85)  # around Shenzhen, as the map page might report
    fig = render_figure(measures, Filters(regions=("shenzhen",)), FigureOptions(extent=extent, date=DATE), gaz)
    ax = fig.axes[0]
    x0, y0, x1, y1 = _project_extent(extent)
    (ax0, ax1), (ay0, ay1) = ax.get_xlim(), ax.get_ylim()
    assert ax0 <= x0 and ax1 >= x1 and ay0 <= y0 and ay1 >= y1
    # …and not much more: the shorter side is grown only to the map's shape.
    assert min((ax1 - ax0) / (x1 - x0), (ay1 - ay0) / (y1 - y0)) == pytest.approx(1.0, abs=0.01)
    assert len(ax.child_axes) == 0  # zoomed in: no Pearl River inset needed


def test_province_view_gets_the_pearl_river_inset(theme_figure):
    ax = theme_figure[1].axes[0]
    assert len(ax.child_axes) == 1
    assert default_extent()[0] < 111 < 116 < default_extent()[2]


def test_disclaimer_can_be_replaced_or_dropped(measures, gaz):
    custom = render_figure(measures, Filters(), FigureOptions(date=DATE, disclaimer="内部资料 仅供参考"), gaz)
    text = _pdf_text(figure_bytes(custom, "pdf"))
    assert "内部资料" in text and t("schematic_note") not in text
    none = render_figure(measures, Filters(), FigureOptions(date=DATE, disclaimer=""), gaz)
    assert t("schematic_note") not in _pdf_text(figure_bytes(none, "pdf"))


def test_english_figure(measures, gaz):
    fig = render_figure(measures, Filters(regions=("shenzhen",)), FigureOptions(lang="en", date=DATE), gaz)
    text = _pdf_text(figure_bytes(fig, "pdf"))
    assert "Digital Bay Area tasks by place: Shenzhen" in text and "Region: Shenzhen" in text


def test_bad_figure_options_are_refused():
    with pytest.raises(ValueError, match="paper"):
        FigureOptions(paper="Letter")
    with pytest.raises(ValueError, match="orientation"):
        FigureOptions(orientation="diagonal")
    with pytest.raises(ValueError, match="extent"):
        FigureOptions(extent=(114, 22, 113, 23))


# ---------------------------------------------------------------- tables


def test_csv_has_bom_header_and_one_row_per_measure(measures, gaz, tmp_path):
    f = Filters(regions=("shenzhen",))
    selection = select(measures, f, gaz)
    path = write_csv(tmp_path / "m.csv", selection, gaz)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    filled = [t(key) for key, _ in COLUMNS if key not in ("col_co_departments", "col_deadline")]
    assert rows[0] == filled  # the seed table has no 配合部门 or 完成时限: those columns are left out
    assert [int(r[0]) for r in rows[1:]] == [m["id"] for m in selection]
    places, facilities = rows[0].index(t("col_places")), rows[0].index(t("col_facilities"))
    assert all(r[places] or r[facilities] for r in rows[1:])  # every Shenzhen measure names where
    row5 = next(r for r in rows[1:] if r[0] == "5")
    assert "国家超级计算深圳中心" in row5[facilities] and "东莞大科学智能计算平台" in row5[facilities]


def test_xlsx_opens_with_the_right_rows_and_a_readable_layout(measures, gaz, tmp_path):
    from openpyxl import load_workbook

    f = Filters(themes=("要素通",))
    selection = select(measures, f, gaz)
    path = write_xlsx(tmp_path / "m.xlsx", selection, gaz, f)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.max_row == 1 + len(selection)
    header = [c.value for c in ws[1]]
    assert header == [t(key) for key, _ in COLUMNS if key not in ("col_co_departments", "col_deadline")]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    text_col = header.index(t("col_text")) + 1
    assert ws.cell(2, text_col).alignment.wrap_text
    assert ws.column_dimensions["D"].width >= 50  # the measure text column is wide
    by_id = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    m = selection[0]
    dept_col = header.index(t("col_departments")) + 1
    assert ws.cell(by_id[m["id"]], dept_col).value == "、".join(m["departments"])
    about = wb.worksheets[1]
    assert describe(f, gaz) in [c.value for row in about.iter_rows() for c in row]


def test_tables_in_traditional_chinese(measures, gaz):
    selection = select(measures, Filters(themes=("要素通",)), gaz)
    text = csv_bytes(selection, gaz, "zh_hant").decode("utf-8-sig")
    assert "具體措施" in text and "數據" in text


# ---------------------------------------------------------------- html


def test_html_is_self_contained(measures, gaz):
    page = html_bytes(measures, Filters(themes=("要素通",)), gaz).decode("utf-8")
    assert "L.map(" in page
    loads = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page)
    assert [u for u in loads if not u.startswith("data:")] == []
    assert "cdn" not in " ".join(loads).lower()
    assert t("source_line") in page


def test_html_escapes_a_hostile_title(measures, gaz):
    page = html_bytes(measures, Filters(), gaz, title='<script>alert("x")</script>').decode("utf-8")
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


# ---------------------------------------------------------------- writing files


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def fail(f):
        f.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_unusable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        ensure_writable_dir(blocker)
    with pytest.raises(ExportError, match="cannot write"):
        ensure_writable_dir(blocker / "sub")
