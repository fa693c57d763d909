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


# --- whole sheets and documents as a department lays them out (附件 line, title row, headers over two rows) ----------


def xlsx_sheet(rows: list[list], merges: list[str] = (), sheets: dict[str, list[list]] | None = None) -> bytes:
    """An .xlsx whose first sheet holds ``rows`` exactly as given (title rows, blank rows, headers over two rows),
    with merged ranges such as "A1:G1"; ``sheets`` adds further sheets (name -> rows) after it."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分工"
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    for name, other_rows in (sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in other_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_sheet(rows: list[list], merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    """An Excel 97–2003 .xls whose sheet holds ``rows`` exactly as given; ``merges`` as in ``xls_table``."""
    return xls_table(rows[1:], header=rows[0], merges=merges)


def docx_document(blocks: list) -> bytes:
    """A Word document of paragraphs (a str) and tables (a dict: "rows", and "merges" as (row0, col0, row1, col1),
    inclusive, merged the way Word merges: the text of the top-left cell stays)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        rows = block["rows"]
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value not in (None, ""):
                    table.cell(r, c).text = str(value)
        for r0, c0, r1, c1 in block.get("merges", ()):
            keep = table.cell(r0, c0).text
            merged = table.cell(r0, c0).merge(table.cell(r1, c1))
            merged.text = keep
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


# Sentinels for ruled PDF cells: the cell continues the one to its LEFT (no rule between them, its text may run on),
# or the one ABOVE (no rule between them). In ``pdf_table``'s single header row a None means LEFT, in its rows ABOVE.
LEFT = object()
ABOVE = object()


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
    header_row = [LEFT if cell is None else cell for cell in header]
    body = [[ABOVE if cell is None else cell for cell in row] for row in rows]
    return pdf_ruled([header_row], body, chars=chars, page_height=page_height, title=title)


def pdf_ruled(
    header_rows: list[list],
    rows: list[list],
    chars: list[int] | None = None,
    page_height: float = PAGE[1],
    title: str = "",
    above_title: str = "",
) -> bytes:
    """A ruled table as PDF with any number of header rows (repeated on every page) and cells that continue the one
    to their LEFT (a heading row across the table, 任务分工 over 牵头/配合) or ABOVE (a merged theme, 序号 over two
    header rows). A row too long for the rest of its page is split there and continued on the next page."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.pyplot import close, figure

    font = FontProperties(fname=CJK_FONT, size=FONT_SIZE)
    columns = len(header_rows[0])
    chars = chars or [30 // columns * 2] * columns
    widths = [c * FONT_SIZE + 2 * PAD for c in chars]
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)

    def layout(row: list) -> tuple[list[list[str]], list[bool], list[bool]]:
        """Each column's lines (a cell running on to its right wraps at the joined width), rules above, joins left."""
        lines: list[list[str]] = []
        for col, cell in enumerate(row):
            if cell is LEFT or cell is ABOVE or cell in (None, ""):
                lines.append([])
                continue
            span = 1
            while col + span < columns and row[col + span] is LEFT:
                span += 1
            lines.append(_wrap(cell, sum(chars[col : col + span]) + 2 * (span - 1)))
        return lines, [cell is not ABOVE for cell in row], [cell is LEFT for cell in row]

    heads = [layout(row) for row in header_rows]
    head_heights = [max((len(lines) for lines in h[0]), default=1) * LEADING + 2 * PAD for h in heads]

    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        state: dict = {}

        def close_page() -> None:
            ax, y = state["ax"], state["y"]
            ax.add_line(Line2D([xs[0], xs[-1]], [y, y], color="black", linewidth=0.6))  # the table's bottom rule
            pdf.savefig(state["fig"])
            close(state["fig"])

        def new_page(first: bool) -> None:
            if state:
                close_page()
            fig = figure(figsize=(PAGE[0] / 72, page_height / 72), dpi=72)
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_xlim(0, PAGE[0])
            ax.set_ylim(0, page_height)
            ax.axis("off")
            y = page_height - MARGIN
            for line in (above_title, title) if first else ():
                if line:
                    ax.text(MARGIN, y - FONT_SIZE, line, fontproperties=font, va="baseline")
                    y -= 2 * LEADING
            state.update(fig=fig, ax=ax, y=y)
            for (lines, tops, joins), height in zip(heads, head_heights, strict=True):
                draw_row(lines, height, tops, joins)
            state["page_top"] = True  # the first row below the header is ruled off from it, merged or not

        def draw_row(cells: list[list[str]], height: float, top_rules: list[bool], joins: list[bool]) -> None:
            ax, y = state["ax"], state["y"]
            for col, lines in enumerate(cells):
                if top_rules[col]:
                    ax.add_line(Line2D([xs[col], xs[col + 1]], [y, y], color="black", linewidth=0.6))
                for k, line in enumerate(lines):
                    ax.text(xs[col] + PAD, y - PAD - (k + 1) * LEADING + 2.5, line, fontproperties=font)
            for col in range(len(xs)):
                if 0 < col < len(cells) and joins[col]:
                    continue  # a merged cell: no rule between its parts
                ax.add_line(Line2D([xs[col], xs[col]], [y, y - height], color="black", linewidth=0.6))
            state["y"] = y - height  # no rule below: the next row's top rules close this one (none under a merge)

        new_page(first=True)
        for row in rows:
            wrapped, tops, joins = layout(row)
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
                page_top = state.pop("page_top", False)
                rules = [page_top or (first_part and top) for top in tops]
                draw_row(part, take * LEADING + 2 * PAD, top_rules=rules, joins=joins)
                remaining = [lines[take:] for lines in remaining]
                if not any(remaining):
                    break
                first_part = False
                new_page(first=False)
        close_page()
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


# --- what a department's workbook hides or formats: hidden sheets and rows, dates shown as months ---------------


def xlsx_hiding(
    rows: list[list],
    hidden_rows: list[int] = (),
    hidden_sheets: dict[str, list[list]] | None = None,
    number_formats: dict[str, str] | None = None,
) -> bytes:
    """An .xlsx opening on a visible cover sheet (说明), then hidden sheets (name -> rows), then the sheet holding
    ``rows`` with the rows numbered in ``hidden_rows`` (1-based) hidden and cells given a number format
    ({"D2": 'yyyy"年"m"月"'}), as Excel saves a date typed as 2025年12月."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = "本表按季度更新"
    for name, other_rows in (hidden_sheets or {}).items():
        other = workbook.create_sheet(name)
        other.sheet_state = "hidden"
        for row in other_rows:
            other.append(row)
    sheet = workbook.create_sheet("任务分工")
    for row in rows:
        sheet.append(row)
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    for cell, number_format in (number_formats or {}).items():
        sheet[cell].number_format = number_format
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_hiding(
    rows: list[list],
    hidden_rows: list[int] = (),
    hidden_sheets: dict[str, list[list]] | None = None,
    number_formats: dict[str, str] | None = None,
) -> bytes:
    """The Excel 97–2003 (.xls) form of ``xlsx_hiding``, written by xlwt."""
    import xlwt
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("说明").write(0, 0, "本表按季度更新")
    styles = {}
    for cell, number_format in (number_formats or {}).items():
        column, row = coordinate_from_string(cell)
        styles[(row - 1, column_index_from_string(column) - 1)] = xlwt.easyxf(num_format_str=number_format)
    sheets = [(name, other_rows, True) for name, other_rows in (hidden_sheets or {}).items()]
    for name, sheet_rows, hidden in [*sheets, ("任务分工", rows, False)]:
        sheet = book.add_sheet(name)
        sheet.visibility = 1 if hidden else 0
        for r, row in enumerate(sheet_rows):
            for c, value in enumerate(row):
                style = styles.get((r, c)) if not hidden else None
                if value is not None:
                    sheet.write(r, c, value, style or xlwt.Style.default_style)
        if not hidden:
            for number in hidden_rows:
                sheet.row(number - 1).hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fields_of(measures: list[dict], *names: str) -> list[tuple]:
    """The named fields of each imported measure, for comparing a table's reading with what it says."""
    return [tuple(measure.get(name) for name in names) for measure in measures]
