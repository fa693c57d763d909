"""The 进展通报 as a Word document (python-docx): what report writers edit, so real Heading 1/2 paragraphs (the
navigation pane and a table of contents find them) and real tables, never pictures of tables.

Chinese fonts survive Word and WPS: every style names its East Asian font (w:eastAsia: 宋体 for text, 黑体 for
headings) besides the Latin one, and the theme-font attributes of the default template are removed (they
would override the named fonts). A machine without 宋体/黑体 substitutes its own CJK fonts (LibreOffice and WPS
on Linux: Noto CJK via fontconfig). A4, 25/20 mm margins, page numbers in the footer; sample data marks the
cover and every page header.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from geo.i18n import t
from geo.report.content import ReportContent, date_text
from geo.report.tables import department_rows, headers, red_rows, summary_line, summary_rows, theme_rows

BODY_FONT = ("Times New Roman", "宋体")  # (Latin, East Asian)
HEADING_FONT = ("Arial", "黑体")
# The font table's entries for the East Asian fonts: GB2312 charset, and as altName the Noto CJK SC family that
# a machine without 宋体/黑体 (LibreOffice, WPS on Linux) uses instead; Windows and macOS resolve the names.
FONT_TABLE = (("宋体", "Noto Serif CJK SC", "roman"), ("黑体", "Noto Sans CJK SC", "modern"))
SAMPLE_RED = RGBColor(0xC6, 0x28, 0x28)
MAP_WIDTH = Cm(14.5)  # with its heading, fits under the summary table on one page


def _fonts(rpr_owner, latin: str, east_asian: str) -> None:
    """Name both fonts on a style or run, dropping theme fonts (which Word prefers over named ones)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asian)):
        fonts.set(qn(attr), value)
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    _fonts(normal.element, *BODY_FONT)
    lang = OxmlElement("w:lang")  # Word picks East Asian fonts and line breaking for zh-CN text
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 13)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, *HEADING_FONT)
        style.paragraph_format.space_before = Pt(12 if name != "Heading 2" else 8)
        style.paragraph_format.space_after = Pt(6)
        ppr = style.element.pPr
        border = ppr.find(qn("w:pBdr")) if ppr is not None else None
        if border is not None:  # the template's blue rule under the title: not in a government report
            ppr.remove(border)
    for name in ("Header", "Footer", "Caption", "Table Grid"):
        if name in [s.name for s in styles]:
            _fonts(styles[name].element, *BODY_FONT)


def _font_table(doc) -> None:
    from lxml import etree

    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for name, fallback, family in FONT_TABLE:
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", fallback), ("w:charset", "86"), ("w:family", family)):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(12)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE): Word and WPS fill in the number on every page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _header_footer(doc, content: ReportContent) -> None:
    lang = content.lang
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head = header.add_run(f"{content.plan_title} · {content.title()} · {content.period_label}")
    head.font.size = Pt(9)
    if content.sample:
        mark = header.add_run("    【" + t("report_sample", lang) + "】")
        mark.font.size = Pt(9)
        mark.font.bold = True
        mark.font.color.rgb = SAMPLE_RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = t("report_page", lang).partition("{n}")
    footer.add_run(before)
    _field(footer, "PAGE")
    footer.add_run(after)


def _cover(doc, content: ReportContent) -> None:
    lang = content.lang
    for _ in range(5):
        doc.add_paragraph()
    title = doc.add_paragraph(content.plan_title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(content.title(), style="Title")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = [t("report_period_line", lang).format(period=content.period_label), content.as_of_text()]
    if content.scope_text():
        lines.insert(0, content.scope_text())
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.font.size = Pt(15)
    if content.sample:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run("【" + t("report_sample", lang) + "】")
        run.font.size = Pt(18)
        run.font.bold = True
        run.font.color.rgb = SAMPLE_RED
        note = doc.add_paragraph(t("report_sample_note", lang))
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _repeat_header(row) -> None:
    """The header row repeats on every page a long table runs over."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float], font_pt: float = 9.5):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice and WPS lay out by it, Word by the cell widths
    for cell, text, width in zip(table.rows[0].cells, header, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.font.bold = True
        run.font.size = Pt(font_pt)
        _shade(cell, "DDE6F0")
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths_cm, strict=True):
            cell.width = Cm(width)
            lines = str(value).split("\n")
            par = cell.paragraphs[0]
            for i, line in enumerate(lines):
                run = par.add_run(line)
                run.font.size = Pt(font_pt)
                if i < len(lines) - 1:
                    run.add_break()
    return table


def docx_bytes(content: ReportContent, map_png: bytes) -> bytes:
    lang = content.lang
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _page(doc)
    _header_footer(doc, content)
    _cover(doc, content)
    head = headers(content)

    doc.add_heading(t("report_h_summary", lang), level=1)
    doc.add_paragraph(summary_line(content))
    _table(doc, head["summary"], summary_rows(content), [7.0, 4.0, 4.0])
    note = doc.add_paragraph(t("report_rates_note", lang))
    note.runs[0].font.size = Pt(9)

    doc.add_heading(t("report_h_map", lang), level=1)
    doc.add_picture(io.BytesIO(map_png), width=MAP_WIDTH)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = doc.add_paragraph(f"{t('report_map_title', lang)}（{date_text(content.as_of, lang)}）", style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading(t("report_h_themes", lang), level=1)
    for theme, rows in content.themes:
        doc.add_heading(f"{theme}（{len(rows)}）", level=2)
        _table(doc, head["theme"], theme_rows(content, rows), [1.2, 5.4, 3.0, 2.2, 5.2])

    doc.add_heading(t("report_h_red", lang), level=1)
    if content.red:
        _table(doc, head["red"], red_rows(content), [1.2, 5.0, 3.0, 2.2, 2.8, 2.8])
    else:
        doc.add_paragraph(t("report_red_empty", lang))

    doc.add_heading(t("report_h_departments", lang), level=1)
    _table(doc, head["departments"], department_rows(content), [4.4, 1.4, 1.4, 1.4, 1.4, 1.4, 2.0, 2.2], font_pt=9)
    doc.add_paragraph(t("report_rates_note", lang)).runs[0].font.size = Pt(9)

    doc.core_properties.title = f"{content.plan_title} {content.title()} {content.period_label}"
    doc.core_properties.language = "zh-CN" if lang != "en" else "en"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
