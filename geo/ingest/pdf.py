"""Task tables as PDF: ruled tables through pdfplumber, else the page text through the seed's text parser.

Departments send their tables as PDF prints of Word or WPS documents. In such a print the table is ruled:
pdfplumber finds the cells from the rules, a merged cell comes out once (None where it continues), the
header is printed again on every page, and a row too long for its page goes on below the next page's
header with an empty 序号 cell. Those continuations are joined back onto their row here, so the grid
looks like the one of the .docx it was printed from. A PDF without rules is read as text, in the layout
of the seed (data/source/*.txt was extracted from such a PDF); when its text is not in that layout, the table
is read from where its words stand (read_unruled_pdf: a table printed with its borders turned off). A scan has
no text at all: it is refused with a message that says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from geo.ingest import columns, table_header
from geo.ingest.errors import IngestError
from geo.ingest.tables import Grid, cell_text

_PDF_MAGIC = b"%PDF-"
# Lines strategy only: a PDF whose table is not ruled is read as text (the seed's layout), not guessed at.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _header_filled(row: list[str | None]) -> list[str]:
    """A header row with each merged cell's text repeated over the columns it spans (工作任务 over two)."""
    out: list[str] = []
    for cell in row:
        out.append(cell_text(cell) if cell is not None else (out[-1] if out else ""))
    return out


def _merged_from_above(table, r: int, c: int) -> bool:
    """Whether the empty (None) cell (r, c) of a pdfplumber table is covered by a cell merged down from a row above
    (its box reaches into row r); else it is merged from the left, or simply absent."""
    top = table.rows[r].bbox[1]
    for above in range(r - 1, -1, -1):
        cells = table.rows[above].cells
        box = cells[c] if c < len(cells) else None
        if box is not None:
            return box[3] > top + 1
    return False


def _merge_cut_by_page(table, r: int, cells: list[str], last_data: int, merged_down: set[tuple[int, int]]) -> list[int]:
    """The columns of a page's first data row whose empty cell goes on with a cell merged down on the page before
    (Word and WPS print the rest of a merged 牵头单位 blank below the repeated header): the cell above it was merged
    down, or this blank cell is itself merged over the rows below it."""
    bottom = table.rows[r].bbox[3]
    boxes = table.rows[r].cells
    return [
        c
        for c, cell in enumerate(cells)
        if not cell
        and ((last_data, c) in merged_down or (c < len(boxes) and boxes[c] is not None and boxes[c][3] > bottom + 1))
    ]


def read_pdf(data: bytes, filename: str) -> Grid | str:
    """The grid of the PDF's ruled tables, or its text when it has none (parsed like the seed)."""
    if not data.startswith(_PDF_MAGIC):
        raise IngestError("not a PDF file (it does not start with %PDF-)", file=filename)
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for damaged files
        # pdfplumber wraps pdfminer's password error in its own exception: look inside it.
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *exc.args, exc.__cause__, exc.__context__)):
            raise IngestError("the PDF is password-protected: save an unprotected copy", file=filename) from None
        raise IngestError(f"cannot read the PDF ({type(exc).__name__}: {exc})", file=filename) from None
    rows: list[list[str]] = []
    labels: list[str] = []
    texts: list[str] = []
    any_text = False
    header_fields: dict[str, int] = {}
    last_data: int | None = None  # index of the last data row, which a page break may have cut
    # Cells merged down from the row above: pdfplumber gives None for them; their text is copied, as the .xlsx and
    # .docx readers do, and they are marked so (a 牵头单位 merged over a task's measures leads each of them).
    merged_down: set[tuple[int, int]] = set()
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if page.chars:
                any_text = True
            texts.append(page.extract_text() or "")
            for found in page.find_tables(_TABLE_SETTINGS):
                table = found.extract()
                grid_row: dict[int, int] = {}  # table row -> the grid row its cells went to
                first_data_row = True
                previous: list[str] | None = None  # the header row just read, if the last row was one
                for r, raw in enumerate(table):
                    filled = _header_filled(raw)
                    mapping = columns.map_header(filled)
                    # A header's second row (牵头单位 | 配合单位 under 任务分工) is a header row too, on every page:
                    # never the rest of the row the page break cut.
                    if mapping or (previous is not None and table_header.second_row(previous, filled)):
                        header_fields = header_fields or mapping
                        grid_row[r] = len(rows)
                        rows.append(filled)
                        labels.append(f"page {number}, table row {r + 1}")
                        previous = filled if mapping else None
                        continue
                    previous = None
                    cells = [cell_text(cell) for cell in raw]
                    id_column = header_fields.get("id")
                    continued = (
                        first_data_row
                        and last_data is not None
                        and id_column is not None
                        and not cells[id_column]
                        and any(cells)
                        and len(rows[last_data]) == len(cells)
                    )
                    page_top, first_data_row = first_data_row, False
                    if continued and last_data is not None:
                        grid_row[r] = last_data
                        # The rest of the previous page's last row: its cells go on where they stopped.
                        rows[last_data] = [
                            "\n".join(part for part in (before, after) if part)
                            for before, after in zip(rows[last_data], cells, strict=True)
                        ]
                        continue
                    above = rows[grid_row[r - 1]] if r - 1 in grid_row else None
                    for c, cell in enumerate(raw):
                        if above and c < len(above) and cell is None and _merged_from_above(found, r, c):
                            cells[c] = above[c]
                            merged_down.add((len(rows), c))
                    if page_top and last_data is not None and len(rows[last_data]) == len(cells):
                        for c in _merge_cut_by_page(found, r, cells, last_data, merged_down):
                            cells[c] = rows[last_data][c]
                            merged_down.add((len(rows), c))
                    grid_row[r] = len(rows)
                    last_data = len(rows)
                    rows.append(cells)
                    labels.append(f"page {number}, table row {r + 1}")
    if not any_text:
        raise IngestError(
            "scanned PDF: its pages are images with no text layer; run OCR on it or send the .docx/.xlsx/text PDF",
            file=filename,
        )
    if not rows:
        return "\n".join(texts)
    return Grid(rows, labels, lambda i: f"{i + 1}", continued=merged_down)


# --- tables printed without ruling lines ----------------------------------------------------------------------
_LINE_TOLERANCE = 2.0  # pt: words whose tops differ by less are on one printed line
_COLUMN_TOLERANCE = 3.0  # pt: left edges this close start the same column
_RECORD_GAP = 1.35  # a gap this much wider than the usual line spacing ends a table row
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?[-—–\s]*$")


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict]


def _lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1].top) < _LINE_TOLERANCE:
            lines[-1].words.append(word)
            lines[-1].bottom = max(lines[-1].bottom, word["bottom"])
        else:
            lines.append(_Line(word["top"], word["bottom"], [word]))
    return lines


def _header_of(line: _Line) -> dict[str, int] | None:
    mapping = columns.map_header([w["text"] for w in line.words])
    return mapping if len(mapping) >= 3 and "text" in mapping else None


def _column_starts(header: _Line, body: list[_Line]) -> list[float]:
    """Where each header's column begins: the left edge that body text shares (cells are left-aligned) at or left
    of the header's own, since a centred header starts right of its column; the header's edge otherwise."""
    lefts = sorted(w["x0"] for line in body for w in line.words)
    clusters: list[list[float]] = []
    for x in lefts:
        if clusters and x - clusters[-1][-1] < _COLUMN_TOLERANCE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    shared = [c[0] for c in clusters if len(c) >= 2]
    starts: list[float] = []
    for k, word in enumerate(header.words):
        floor = starts[-1] + _COLUMN_TOLERANCE if starts else float("-inf")
        ceiling = header.words[k - 1]["x1"] if k else float("-inf")  # not inside the previous header's text
        candidates = [x for x in shared if max(floor, ceiling) <= x <= word["x0"] + _COLUMN_TOLERANCE]
        starts.append(candidates[-1] if candidates else word["x0"])
    return starts


def _usual_spacing(lines: list[_Line]) -> float:
    gaps = sorted(round(b.top - a.top, 1) for a, b in zip(lines, lines[1:], strict=False) if b.top > a.top)
    return gaps[len(gaps) // 4] if gaps else 0.0  # the lower quartile: lines within a cell, not between rows


def read_unruled_pdf(data: bytes, filename: str) -> Grid | None:
    """The table of a PDF printed without ruling lines, read from where its words stand: columns from the header
    line's words (序号 … 具体措施 … 牵头单位), rows from the wider gaps between them (a row's lines are closer)
    and from its 序号. None when no page has such a header."""
    import pdfplumber

    header: _Line | None = None
    mapping: dict[str, int] = {}
    starts: list[float] = []
    records: list[list[list[str]]] = []
    labels: list[str] = []
    id_first: list[bool] = []  # per finished row: whether its 序号 stood on its first line
    first_had_id = False
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = _lines(page.extract_words(x_tolerance=1.5, y_tolerance=_LINE_TOLERANCE))
            at = next((k for k, line in enumerate(lines) if _header_of(line)), None)
            if at is None and header is None:
                continue
            if at is not None:
                body = [line for line in lines[at + 1 :] if not _header_of(line)]
                if header is None:
                    header, mapping = lines[at], _header_of(lines[at]) or {}
                    starts = _column_starts(header, body)
            else:
                body = lines
            body = [line for line in body if not _PAGE_NUMBER.match(" ".join(w["text"] for w in line.words))]
            spacing = _usual_spacing(body)
            previous: _Line | None = None
            for line in body:
                cells = [""] * len(starts)
                ends = [0.0] * len(starts)
                for word in line.words:
                    column = max((k for k, x in enumerate(starts) if word["x0"] >= x - _COLUMN_TOLERANCE), default=0)
                    # 2025年底前 is split into words where digits meet CJK: rejoin what was printed without a space.
                    spaced = cells[column] and word["x0"] - ends[column] > (word["bottom"] - word["top"]) / 2
                    cells[column] += (" " if spaced else "") + word["text"]
                    ends[column] = word["x1"]
                has_id = bool(cells[mapping["id"]]) if "id" in mapping else False
                current = records[-1] if records else None
                if current is None:
                    new_row = True
                elif previous is None:
                    # A page's first line without 序号 is the rest of the row the page break cut when rows print
                    # their 序号 on their first line (Word's default); bottom- or centre-aligned ones start anew.
                    new_row = has_id or 2 * sum(id_first) < len(id_first)
                else:
                    wide_gap = line.top - previous.top > spacing * _RECORD_GAP
                    new_row = wide_gap or (has_id and bool(current[mapping["id"]]))
                if new_row:
                    if "id" in mapping and records and records[-1][mapping["id"]]:
                        id_first.append(first_had_id)
                    first_had_id = has_id
                    records.append([[c] if c else [] for c in cells])
                    labels.append(f"page {number}, line {round(line.top)}")
                else:
                    for k, c in enumerate(cells):
                        if c:
                            records[-1][k].append(c)
                previous = line
    if header is None or not records:
        return None
    rows = [[w["text"] for w in header.words]] + [["\n".join(parts) for parts in row] for row in records]
    return Grid(rows, ["header", *labels], lambda i: f"{i + 1}")
