"""Tables that arrive as running text: a tab-delimited .txt (Excel's "Text (Tab delimited)" export) is read as the
table it is, a PDF whose table has no ruling lines is read from its words' positions, and a text that lost its
columns is refused with what to do, never imported as garbage."""

from __future__ import annotations

import io

import pytest

from geo.ingest.errors import IngestError
from geo.ingest.pipeline import load_table

TRUETYPE_CJK = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # reportlab embeds TrueType outlines only (setup.sh)
ROWS = [
    ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
    ["1", "平台建设", "推进广州南沙建设粤港澳全面合作示范区。", "广州市人民政府", "省发展改革委", "2025年底前"],
    ["2", "平台建设", "支持深圳前海深化改革开放。", "深圳市人民政府", "省商务厅", "持续推进"],
]


def test_a_tab_delimited_txt_is_read_as_its_table():
    data = ("数字湾区任务分工表\n" + "\n".join("\t".join(r) for r in ROWS) + "\n").encode("utf-8")
    measures = load_table(data, "分工表.txt")
    assert [(m["id"], m["text"], m["departments"], m["co_departments"]) for m in measures] == [
        (1, ROWS[1][2], ["广州市人民政府"], ["省发展改革委"]),
        (2, ROWS[2][2], ["深圳市人民政府"], ["省商务厅"]),
    ]
    assert measures[0]["deadline"] == "2025年底前"
    assert "nansha" in {p["place"] for p in measures[0]["places"]}


def _borderless_pdf(rows: list[list[str]], top_aligned: bool = False) -> bytes:
    """The table as a word processor prints it with its borders turned off: wrapped cells, no rules. Top-aligned
    (Word's default), a row too long for the page is cut and goes on at the top of the next one."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(TTFont("cjk", TRUETYPE_CJK, subfontIndex=0))
    style = ParagraphStyle("cell", fontName="cjk", fontSize=9, leading=12, wordWrap="CJK")
    table = Table(
        [[Paragraph(c, style) for c in r] for r in rows],
        colWidths=[30, 70, 120, 90, 70, 60],
        repeatRows=1,
        splitInRow=int(top_aligned),
        style=[("VALIGN", (0, 0), (-1, -1), "TOP" if top_aligned else "BOTTOM")],
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build([table])
    return buffer.getvalue()


def test_a_pdf_table_printed_without_ruling_lines_is_read_from_where_its_words_stand():
    """Columns from the header line's words, rows from the wider gaps between them: what the .xlsx would give."""
    more = [[str(k), "平台建设", ROWS[1][2] * 2, "广州市人民政府", "省发展改革委", "2026年"] for k in range(3, 12)]
    measures = load_table(_borderless_pdf([*ROWS, *more]), "无框线.pdf")
    assert [m["id"] for m in measures] == list(range(1, 12))
    assert [m["text"] for m in measures] == [ROWS[1][2], ROWS[2][2], *(r[2] for r in more)]  # wrapped lines joined
    assert [(m["departments"], m["co_departments"]) for m in measures[:2]] == [
        (["广州市人民政府"], ["省发展改革委"]),
        (["深圳市人民政府"], ["省商务厅"]),
    ]
    assert [m["deadline"] for m in measures[:3]] == ["2025年底前", "持续推进", "2026年"]  # not "2025 年底前"
    assert {m["theme"] for m in measures} == {"平台建设"}


EXTRACTED = "\n".join(
    [
        "任务分工表",
        "序号 工作任务 具体措施",
        "牵头单位",
        "配合单位",
        "完成时限",
        "1",
        "一、建设国际 支持广州南沙建设粤港澳全面合 广州市人民政府 省发展改革委、省 2025年",
        "科技创新中心 作示范区，推动南沙与港澳规则",
        "商务厅",
        "底前",
        "衔接、机制对接。",
        "2",
        "二、推进民生 加快河套深港科技创新合作区深 深圳市人民政府 海关总署广东分署 2025年",
        "融合",
        "圳园区建设。",
        "12月",
    ]
)  # pdftotext of a six-column ruled table


def test_extracted_text_of_a_wider_table_is_refused_rather_than_misread():
    """pdftotext of a six-column ruled table interleaves the cells' lines: the advice is to import the file itself."""
    text = EXTRACTED
    with pytest.raises(IngestError, match=r"^extracted\.txt: .*import the table's own file"):
        load_table(text.encode("utf-8"), "extracted.txt")


def test_a_row_cut_by_a_page_break_goes_on_at_the_top_of_the_next_page():
    long_text = "推进广州南沙建设粤港澳全面合作示范区，" * 12 + "完成。"
    rows = [*ROWS, *([str(k), "平台建设", long_text, "广州市人民政府", "省发展改革委", "2026年"] for k in range(3, 9))]
    data = _borderless_pdf(rows, top_aligned=True)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
    measures = load_table(data, "跨页.pdf")
    assert [m["id"] for m in measures] == list(range(1, 9))
    assert all(m["text"] == long_text for m in measures[2:])  # the cut row's two parts are one measure again


def test_the_refusal_reads_in_the_ui_language():
    with pytest.raises(IngestError) as refused:
        load_table(EXTRACTED.encode("utf-8"), "extracted.txt")
    assert "导入表格的原文件" in refused.value.localized("zh") and "沒有牽頭部門" in refused.value.localized("zh_hant")
