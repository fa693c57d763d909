"""The 进展通报 as a PDF (reportlab): the same sections and tables as the Word file, for mailing and printing.

Fonts are embedded as TrueType subsets, never Type 3: the CJK text is set in WenQuanYi Micro Hei (Debian's
fonts-wqy-microhei, TrueType outlines; the print figure uses it for its PDFs for the same reason — Noto CJK is
CFF-flavoured and reportlab embeds TrueType only). Headings become PDF bookmarks, so a reader can jump to a
section; the map is the report's light map as a 200 dpi picture.
"""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from geo.i18n import t
from geo.render.print.figure import PDF_FONT_SOURCES
from geo.report.content import ReportContent, date_text
from geo.report.lightmap import SIZE_MM
from geo.report.tables import department_rows, headers, red_rows, summary_line, summary_rows, theme_rows

FONT = "WQYMicroHei"
MARGIN_X, MARGIN_Y = 20 * mm, 25 * mm
SAMPLE_RED = colors.HexColor("#c62828")
HEADER_FILL = colors.HexColor("#dde6f0")


class PdfFontMissing(RuntimeError):
    """The TrueType CJK font is not installed (scripts/setup.sh installs fonts-wqy-microhei)."""


@lru_cache(maxsize=1)
def register_font() -> str:
    source = next((p for p in PDF_FONT_SOURCES if p.is_file()), None)
    if source is None:
        raise PdfFontMissing("fonts-wqy-microhei is not installed: run scripts/setup.sh")
    pdfmetrics.registerFont(TTFont(FONT, str(source), subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11.5),
        "h1": ParagraphStyle("h1", parent=base, fontSize=15, leading=22, spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=8),
        "cover": ParagraphStyle("cover", parent=base, fontSize=14, leading=24, alignment=TA_CENTER),
        "sample": ParagraphStyle(
            "sample", parent=base, fontSize=18, leading=28, alignment=TA_CENTER, textColor=SAMPLE_RED
        ),
        "caption": ParagraphStyle("caption", parent=base, fontSize=9, leading=13, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Data text as a paragraph: escaped (reportlab reads a small markup), line breaks kept."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


class _Heading(Paragraph):
    """A heading that also becomes a bookmark (level 0 or 1) in the PDF's outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text), style)
        self.level = level
        self.plain = text


class _Doc(SimpleDocTemplate):
    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's hook name
        if isinstance(flowable, _Heading):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.plain, key, level=flowable.level, closed=False)


def _table(header: list[str], rows: list[list[str]], widths_mm: list[float], st: dict) -> Table:
    data = [[_p(h, st["head"]) for h in header]] + [[_p(v, st["cell"]) for v in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # the cell default (Helvetica) would be named, not embedded
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _page_decor(content: ReportContent):
    lang = content.lang
    header = f"{content.plan_title} · {content.title()} · {content.period_label}"

    def draw(canvas, doc) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawString(MARGIN_X, height - 14 * mm, header)
        if content.sample:
            canvas.setFillColor(SAMPLE_RED)
            canvas.setFont(FONT, 10)
            canvas.drawRightString(width - MARGIN_X, height - 14 * mm, "【" + t("report_sample", lang) + "】")
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, height - 16 * mm, width - MARGIN_X, height - 16 * mm)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(width / 2, 12 * mm, t("report_page", lang).format(n=doc.page))
        canvas.restoreState()

    return draw


def pdf_bytes(content: ReportContent, map_png: bytes) -> bytes:
    lang = content.lang
    st = _styles()
    head = headers(content)
    story: list = [Spacer(1, 45 * mm), _p(content.plan_title, st["title"]), _p(content.title(), st["title"])]
    story.append(Spacer(1, 8 * mm))
    if content.scope_text():
        story.append(_p(content.scope_text(), st["cover"]))
    story.append(_p(t("report_period_line", lang).format(period=content.period_label), st["cover"]))
    story.append(_p(content.as_of_text(), st["cover"]))
    if content.sample:
        story += [Spacer(1, 10 * mm), _p("【" + t("report_sample", lang) + "】", st["sample"])]
        story.append(_p(t("report_sample_note", lang), st["cover"]))
    story.append(PageBreak())

    story.append(_Heading(t("report_h_summary", lang), st["h1"], 0))
    story.append(_p(summary_line(content), st["body"]))
    story.append(Spacer(1, 3 * mm))
    story.append(_table(head["summary"], summary_rows(content), [70, 40, 40], st))
    story.append(Spacer(1, 2 * mm))
    story.append(_p(t("report_rates_note", lang), st["small"]))

    story.append(_Heading(t("report_h_map", lang), st["h1"], 0))
    w_mm, h_mm = SIZE_MM
    story.append(Image(io.BytesIO(map_png), width=w_mm * mm, height=h_mm * mm))
    story.append(_p(f"{t('report_map_title', lang)}（{date_text(content.as_of, lang)}）", st["caption"]))

    story.append(_Heading(t("report_h_themes", lang), st["h1"], 0))
    for theme, rows in content.themes:
        story.append(_Heading(f"{theme}（{len(rows)}）", st["h2"], 1))
        story.append(_table(head["theme"], theme_rows(content, rows), [12, 52, 30, 22, 54], st))

    story.append(_Heading(t("report_h_red", lang), st["h1"], 0))
    if content.red:
        story.append(_table(head["red"], red_rows(content), [12, 48, 30, 22, 30, 28], st))
    else:
        story.append(_p(t("report_red_empty", lang), st["body"]))

    story.append(_Heading(t("report_h_departments", lang), st["h1"], 0))
    story.append(_table(head["departments"], department_rows(content), [46, 15, 15, 15, 15, 16, 24, 24], st))
    story.append(Spacer(1, 2 * mm))
    story.append(_p(t("report_rates_note", lang), st["small"]))

    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_Y,
        bottomMargin=MARGIN_Y,
        title=f"{content.plan_title} {content.title()} {content.period_label}",
        author=content.plan_title,
        lang="zh-CN" if lang != "en" else "en",
        initialFontName=FONT,  # else every page names Helvetica, a font the PDF would not embed
    )
    decor = _page_decor(content)
    doc.build(story, onFirstPage=decor, onLaterPages=decor)
    return buf.getvalue()
