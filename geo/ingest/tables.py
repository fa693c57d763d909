"""Task tables as spreadsheets and documents: .xlsx, .csv (any usual Chinese encoding) and .docx.

Each format is read into the same grid (rows of cell strings, merged cells filled with their
value, each row with a label for messages such as "row 7" or "table 2, row 3"); one function
turns a grid into measures. Headers are recognised by their synonyms (geo.columns), themes and
sub-tasks carry down over merged or blank cells, and heading rows (一、… / （一）… spanning the
row) set the theme or sub-task of the rows below them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from geo.ingest import columns, departments, headings
from geo.ingest.errors import IngestError

_ZIP_MAGIC = b"PK\x03\x04"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEADER_SEARCH_ROWS = 30
_ID = re.compile(r"^\s*(\d+)\s*[.．、]?\s*$")
_NUMBERING_ONLY = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]?|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*$"
)
_SUBTASK_NUMBERING = re.compile(r"^\s*[（(]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass
class Grid:
    """Rows of cell text with their labels ("row 7"), and how to name column i in a message."""

    rows: list[list[str]]
    labels: list[str]
    column_label: Callable[[int], str]


def cell_text(value: object) -> str:
    """A cell value as text: integers without ".0", dates as ISO dates, strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# --- decoding ------------------------------------------------------------------------------


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control > len(sample) * 0.02


def decode_text(data: bytes, filename: str) -> str:
    """Text of a .csv/.txt file in UTF-8 (with or without BOM), UTF-16 (with BOM) or GBK/GB18030."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(f"undecodable UTF-16 text at byte {exc.start}", file=filename) from None
    if _looks_binary(data):
        raise IngestError("binary data, not a text table", file=filename)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if data.startswith(_UTF8_BOM):
            line = data[: utf8_error.start].count(b"\n") + 1
            raise IngestError(
                f"undecodable text: invalid UTF-8 at byte {utf8_error.start}", file=filename, row=f"line {line}"
            ) from None
        try:
            # GB18030 is a superset of GBK and GB2312: one attempt covers all three.
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise IngestError(
                f"undecodable text: neither UTF-8 nor GBK/GB18030 (first bad byte at offset {utf8_error.start})",
                file=filename,
                row=f"line {line}",
            ) from None


# --- readers -------------------------------------------------------------------------------


def read_csv(data: bytes, filename: str) -> Grid:
    text = decode_text(data, filename)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";", "，"), key=first.count) if first else ","
    try:
        rows = [[cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise IngestError(f"malformed CSV: {exc}", file=filename) from None
    return Grid(rows, [f"row {i + 1}" for i in range(len(rows))], lambda i: f"{i + 1}")


def _require_zip(data: bytes, filename: str, kind: str) -> None:
    if not data.startswith(_ZIP_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(f"not a valid {kind} file (its content is not an Office Open XML archive)", file=filename)


def read_xlsx(data: bytes, filename: str) -> Grid:
    """The first worksheet that has a recognisable header (the active one preferred)."""
    _require_zip(data, filename, ".xlsx")
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError(f"cannot read the workbook ({type(exc).__name__}: {exc})", file=filename) from None
    sheets = list(workbook.worksheets)
    if workbook.active in sheets:
        sheets.remove(workbook.active)
        sheets.insert(0, workbook.active)
    grids: list[Grid] = []
    for sheet in sheets:
        # The used range, from the cells that hold a value: max_row/max_column also count empty styled cells, and
        # one at XFD1048576 would make iter_rows build a 10^10-cell grid (the far-cell blow-up).
        used = [key for key, cell in sheet._cells.items() if cell.value is not None]
        bottom, right = max((r for r, _ in used), default=0), max((c for _, c in used), default=0)
        rows = [list(row) for row in sheet.iter_rows(max_row=bottom, max_col=right, values_only=True)] if used else []
        width = max((len(row) for row in rows), default=0)
        rows = [row + [None] * (width - len(row)) for row in rows]
        # A merged cell holds its value in the top-left corner only: give it to every cell.
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, width)):
                    rows[r][c] = value
        prefix = f"sheet {sheet.title}, " if len(workbook.worksheets) > 1 else ""
        grid = Grid(
            [[cell_text(cell) for cell in row] for row in rows],
            [f"{prefix}row {i + 1}" for i in range(len(rows))],
            lambda i: get_column_letter(i + 1),
        )
        if _find_header(grid) is not None:
            return grid
        grids.append(grid)
    return grids[0] if grids else Grid([], [], str)


def read_docx(data: bytes, filename: str) -> Grid:
    """All tables of a Word document in order; numbered paragraphs between them become heading rows."""
    _require_zip(data, filename, ".docx")
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise IngestError(f"cannot read the document ({type(exc).__name__}: {exc})", file=filename) from None
    rows: list[list[str]] = []
    labels: list[str] = []
    table_number = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            table_number += 1
            for r, row in enumerate(Table(child, document).rows):
                # python-docx repeats a merged cell's object for every grid cell it covers.
                rows.append([cell_text(cell.text) for cell in row.cells])
                labels.append(f"table {table_number}, row {r + 1}")
        elif child.tag == qn("w:p") and table_number:
            text = cell_text(Paragraph(child, document).text)
            if text and (headings.starts_theme(text) or headings.starts_subtask(text)):
                rows.append([text])
                labels.append(f"paragraph after table {table_number}")
    if not table_number:
        raise IngestError("no table in this document (the task table must be a Word table)", file=filename)
    return Grid(rows, labels, lambda i: f"{i + 1}")


# --- grid -> measures ----------------------------------------------------------------------


def _find_header(grid: Grid, start: int = 0) -> tuple[int, dict[str, int]] | None:
    for index in range(start, min(len(grid.rows), start + _HEADER_SEARCH_ROWS)):
        mapping = columns.map_header(grid.rows[index])
        if mapping:
            return index, mapping
    return None


def _is_header(row: list[str]) -> dict[str, int]:
    mapping = columns.map_header(row)
    return mapping if all(field in mapping for field in columns.REQUIRED) else {}


def _column(grid: Grid, mapping: dict[str, int], field: str) -> str:
    label = columns.LABELS[field]
    header = mapping.get(field)
    return label if header is None else f"{grid.column_label(header)} ({label})"


def measures_from_grid(grid: Grid, filename: str, document: str) -> list[dict]:
    """Measures (without places) from a grid whose header names the columns."""
    if not any(any(cell for cell in row) for row in grid.rows):
        raise IngestError("empty table (no cells with content)", file=filename)
    found = _find_header(grid)
    if found is None:
        raise IngestError(
            "no recognisable header (expected columns such as 序号, 工作任务, 具体措施, 牵头部门)", file=filename
        )
    header_index, mapping = found
    for field in columns.REQUIRED:
        if field not in mapping:
            present = "、".join(cell for cell in grid.rows[header_index] if cell)
            raise IngestError(
                f"missing {columns.LABELS[field]} column (header has: {present})",
                file=filename,
                row=grid.labels[header_index],
            )

    measures: list[dict] = []
    first_row_of: dict[int, str] = {}
    theme = ""
    subtask = ""
    previous_id = 0

    def set_theme(value: str) -> None:
        nonlocal theme, subtask
        value = headings.theme_heading(value)
        if value and value != theme:
            theme, subtask = value, ""

    def set_subtask(value: str) -> None:
        nonlocal subtask
        value = headings.subtask_heading(value)
        if value:
            subtask = value

    def heading(numbering: str, value: str, theme_given: bool) -> None:
        """A heading row's level: from its number (in the 序号 cell or its own text), else its place."""
        if numbering:
            if _SUBTASK_NUMBERING.match(numbering):
                set_subtask(value)
            else:
                set_theme(value)
        elif headings.starts_theme(value):
            set_theme(value)
        elif headings.starts_subtask(value) or theme_given:
            set_subtask(value)
        else:
            set_theme(value)

    for index in range(header_index + 1, len(grid.rows)):
        row = grid.rows[index]
        where = grid.labels[index]
        if not any(row):
            continue
        new_mapping = _is_header(row)
        if new_mapping:
            mapping = new_mapping  # a repeated header (page break) or the header of the next table
            continue

        def get(field: str, row: list[str] = row, mapping: dict[str, int] = mapping) -> str:
            column = mapping.get(field)
            return row[column] if column is not None and column < len(row) else ""

        text = get("text")
        id_cell = get("id").translate(_FULLWIDTH_DIGITS)
        numbering = id_cell if _NUMBERING_ONLY.match(id_cell) else ""
        # A heading row: one value merged across the text and department cells, or no text at all
        # (一、… sets the theme, （一）… / 1. … the sub-task; the 序号 cell may hold the number).
        merged = bool(text) and text == get("departments") and not _ID.match(text)
        if merged or not text:
            if not text and (get("departments") or _ID.match(id_cell)):
                raise IngestError("具体措施 is empty", file=filename, row=where, column=_column(grid, mapping, "text"))
            values = list(dict.fromkeys(cell for cell in row if cell and not (numbering and cell == id_cell)))
            theme_cell, subtask_cell = get("theme"), get("subtask")
            if len(values) == 1:
                # Beside a theme column but not in it, an unnumbered heading is a sub-task.
                heading(numbering, values[0], theme_given="theme" in mapping and theme_cell != values[0])
                continue
            if theme_cell:
                set_theme(theme_cell)
            if subtask_cell and subtask_cell != theme_cell:
                set_subtask(subtask_cell)
            for value in values:
                if value not in (theme_cell, subtask_cell):
                    heading(numbering, value, theme_given=bool(theme_cell))
            continue

        if "id" in mapping and id_cell:
            match = _ID.match(id_cell)
            if not match:
                raise IngestError(
                    f"序号 {id_cell!r} is not a number", file=filename, row=where, column=_column(grid, mapping, "id")
                )
            measure_id = int(match.group(1))
        else:
            measure_id = previous_id + 1
        if measure_id in first_row_of:
            raise IngestError(
                f"duplicate 序号 {measure_id} (first used in {first_row_of[measure_id]})",
                file=filename,
                row=where,
                column=_column(grid, mapping, "id"),
            )
        first_row_of[measure_id] = grid.labels[index]
        previous_id = measure_id

        if get("theme"):
            set_theme(get("theme"))
        if get("subtask"):
            set_subtask(get("subtask"))
        measure: dict = {
            "id": measure_id,
            "theme": theme,
            "theme_short": headings.theme_short(theme) if theme else "",
            "subtask": subtask,
            "text": headings.join_lines(text.split("\n")),
            "departments": departments.expand(get("departments")),
        }
        if "co_departments" in mapping:
            measure["co_departments"] = departments.expand(get("co_departments"))
        if "deadline" in mapping:
            measure["deadline"] = headings.join_lines(get("deadline").split("\n"))
        measure["source"] = {"document": document, "row": measure_id}
        measures.append(measure)
    if not measures:
        raise IngestError("no measures below the header", file=filename)
    return measures


READERS: dict[str, Callable[[bytes, str], Grid]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".docx": read_docx,
}
