"""Small task tables built in memory, for the import tests (page and browser)."""

from __future__ import annotations

import csv
import io

HEADER = ["序号", "工作任务", "具体措施", "牵头部门"]


def csv_table(rows: list[list], header: list[str] = HEADER, encoding: str = "gbk") -> bytes:
    """A CSV task table as a planner's Excel would save it (GBK by default)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


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
