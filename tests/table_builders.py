"""Small task tables built in memory, for the import tests (page and browser)."""

from __future__ import annotations

import csv
import io

HEADER = ["序号", "工作任务", "具体措施", "牵头部门"]
# Two rows whose unit cells carry roles and an unknown body: the import page's preview must split and mark them.
ROLE_ROWS = [
    [
        "1",
        "一、建设互通的数据网络",
        "在广州南沙建设国际数据中心。",
        "省工业和信息化厅、广电局牵头，省发展改革委、商务厅按职责分工负责",
    ],
    ["2", None, "推进数字金融监管协作。", "浙江金融监管局牵头，各区、县级市配合"],
]
ROLE_CHARS = [3, 8, 22, 14]


def csv_table(rows: list[list], header: list[str] = HEADER, encoding: str = "gbk") -> bytes:
    """A CSV task table as a planner's Excel would save it (GBK by default)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_table(rows: list[list], header: list = HEADER, merges: list[str] = ()) -> bytes:
    """An .xlsx task table (openpyxl), with merged ranges such as "B2:B4"."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_table(rows: list[list], header: list = HEADER, merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    """An Excel 97–2003 (.xls, BIFF8) task table written by xlwt; ``merges`` are (row0, row1, col0, col1), inclusive,
    counted with the header as row 0. A merged range keeps its value in its top-left cell, as Excel saves it."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("分工表")
    covered = {(r, c) for r0, r1, c0, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    starts = {(r0, c0): (r0, r1, c0, c1) for r0, r1, c0, c1 in merges}
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if (r, c) in starts:
                r0, r1, c0, c1 = starts[(r, c)]
                sheet.write_merge(r0, r1, c0, c1, value)
            elif (r, c) not in covered and value not in (None, ""):
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_table(rows: list[list], header: list = HEADER, nested: dict[tuple[int, int], list[list[str]]] = ()) -> bytes:
    """A Word task table (python-docx); ``nested`` puts a table inside cell (row, col), counted without the header."""
    import docx

    document = docx.Document()
    document.add_paragraph("“数字湾区”建设任务分工表")
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for c, value in enumerate(header):
        table.cell(0, c).text = str(value)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r + 1, c).text = "" if value is None else str(value)
    for (r, c), inner_rows in dict(nested).items():
        cell = table.cell(r + 1, c)
        inner = cell.add_table(rows=len(inner_rows), cols=len(inner_rows[0]))
        for ir, inner_row in enumerate(inner_rows):
            for ic, value in enumerate(inner_row):
                inner.cell(ir, ic).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF (ruled tables, as a department's word processor prints them) ------------------------------------------
# Drawn with matplotlib and the Noto Sans CJK font the machine has: the PDF carries its glyphs, so pdfplumber
# reads the text and pdftoppm draws it. A small layout of our own keeps every rule where a real table has it:
# a header repeated on each page, rows too long for a page continued on the next, merged cells without the
# rule between them.
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PAGE = (595.0, 842.0)  # A4 in points
MARGIN = 40.0
FONT_SIZE = 8.0
LEADING = 11.0
PAD = 3.0


def _wrap(text: str, chars: int) -> list[str]:
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        lines.extend(paragraph[i : i + chars] for i in range(0, max(len(paragraph), 1), chars))
    return lines


def pdf_table(
    rows: list[list],
    header: list = HEADER,
    chars: list[int] | None = None,
    page_height: float = PAGE[1],
    title: str = "“数字湾区”建设任务分工表",
) -> bytes:
    """A ruled task table as PDF. ``chars``: characters per line of each column.

    In ``header`` a None continues the cell to its left (a 工作任务 header over two columns); in ``rows`` a None
    continues the cell above (a merged theme). Rows longer than the space left on a page are split there and
    continued below the repeated header of the next page, as Word and WPS print them.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.pyplot import close, figure

    font = FontProperties(fname=CJK_FONT, size=FONT_SIZE)
    chars = chars or [30 // len(header) * 2] * len(header)
    widths = [c * FONT_SIZE + 2 * PAD for c in chars]
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    header_lines = [_wrap(h, c) if h is not None else [] for h, c in zip(header, chars, strict=True)]
    header_height = max(len(lines) for lines in header_lines) * LEADING + 2 * PAD

    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        state: dict = {}

        def new_page(first: bool) -> None:
            if state:
                pdf.savefig(state["fig"])
                close(state["fig"])
            fig = figure(figsize=(PAGE[0] / 72, page_height / 72), dpi=72)
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(0, PAGE[0])
            ax.set_ylim(0, page_height)
            ax.axis("off")
            y = page_height - MARGIN
            if first and title:
                ax.text(MARGIN, y - FONT_SIZE, title, fontproperties=font, va="baseline")
                y -= 2 * LEADING
            state.update(fig=fig, ax=ax, y=y)
            draw_row(header_lines, header_height, top_rules=[True] * len(header), joins=[h is None for h in header])

        def draw_row(cells: list[list[str]], height: float, top_rules: list[bool], joins: list[bool]) -> None:
            ax, y = state["ax"], state["y"]
            for col, lines in enumerate(cells):
                if top_rules[col]:
                    ax.add_line(Line2D([xs[col], xs[col + 1]], [y, y], color="black", linewidth=0.6))
                for k, line in enumerate(lines):
                    ax.text(xs[col] + PAD, y - PAD - (k + 1) * LEADING + 2.5, line, fontproperties=font)
            for col in range(len(xs)):
                if 0 < col < len(cells) and joins[col]:
                    continue  # a merged header cell: no rule between its parts
                ax.add_line(Line2D([xs[col], xs[col]], [y, y - height], color="black", linewidth=0.6))
            state["y"] = y - height
            ax.add_line(Line2D([xs[0], xs[-1]], [state["y"], state["y"]], color="black", linewidth=0.6))

        new_page(first=True)
        for row in rows:
            wrapped = [_wrap(cell, c) if cell not in (None, "") else [] for cell, c in zip(row, chars, strict=True)]
            continues = [cell is None for cell in row]
            remaining = wrapped
            first_part = True
            while True:
                lines_needed = max((len(lines) for lines in remaining), default=1) or 1
                room = int((state["y"] - MARGIN - 2 * PAD) // LEADING)
                if room <= 0:
                    new_page(first=False)
                    continue
                take = min(lines_needed, room)
                part = [lines[:take] for lines in remaining]
                rules = [first_part and not cont for cont in continues]
                draw_row(part, take * LEADING + 2 * PAD, top_rules=rules, joins=[False] * len(row))
                remaining = [lines[take:] for lines in remaining]
                if not any(remaining):
                    break
                first_part = False
                new_page(first=False)
        pdf.savefig(state["fig"])
        close(state["fig"])
    return buffer.getvalue()


def pdf_text_lines(lines: list[str], page_height: float = PAGE[1]) -> bytes:
    """A PDF with no ruling: each line of text drawn as it is (the seed's own PDF-extracted layout)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties
    from matplotlib.pyplot import close, figure

    font = FontProperties(fname=CJK_FONT, size=10)
    per_page = int((page_height - 2 * MARGIN) // 14)
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for start in range(0, len(lines), per_page):
            fig = figure(figsize=(PAGE[0] / 72, page_height / 72), dpi=72)
            for k, line in enumerate(lines[start : start + per_page]):
                fig.text(MARGIN / PAGE[0], 1 - (MARGIN + (k + 1) * 14) / page_height, line, fontproperties=font)
            pdf.savefig(fig)
            close(fig)
    return buffer.getvalue()


def pdf_scanned() -> bytes:
    """A 'scanned' page: a picture of a ruled table and no text layer at all."""
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib.pyplot import close, figure

    image = np.ones((200, 400))
    image[[10, 50, 190], 10:390] = 0
    image[10:190, [10, 60, 200, 390]] = 0
    fig = figure(figsize=(PAGE[0] / 72, PAGE[1] / 72), dpi=72)
    fig.figimage(image, 40, 500, cmap="gray")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    close(fig)
    return buffer.getvalue()
