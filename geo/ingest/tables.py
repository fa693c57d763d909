"""Task tables as spreadsheets and documents: .xlsx, .xls, .csv (any usual Chinese encoding) and .docx.

Each format is read into the same grid (rows of cell strings, merged cells filled with their
value, each row with a label for messages such as "row 7" or "table 2, row 3"); one function
turns a grid into measures. Headers are recognised by their synonyms (geo.columns), themes and
sub-tasks carry down over merged or blank cells, and heading rows (一、… / （一）… spanning the
row) set the theme or sub-task of the rows below them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from geo.ingest import columns, departments, headings, table_header
from geo.ingest.errors import IngestError

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, .doc, .et and .wps alike
_UTF8_BOM = b"\xef\xbb\xbf"
# The stream an encrypted .xlsx/.docx keeps its package in, as named in the Compound File's directory (UTF-16).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
PASSWORD_PROTECTED = "the file is password-protected: remove the password (or save an unprotected copy) and import that"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEADER_SEARCH_ROWS = 30
_MAX_SPAN = 1000  # a web page's rowspan/colspan: beyond any task table, and no blow-up from a hostile one
_ID = re.compile(r"^\s*(\d+)\s*[.．、]?\s*$")
_NUMBERING_ONLY = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]?|[（(]\s*[一二三四五六七八九十\d]+\s*[)）])\s*$"
)
_SUBTASK_NUMBERING = re.compile(r"^\s*[（(]")
_HEADINGS = ("text", "theme", "subtask", "id")  # the cells a text's continuation row may share with the row above
_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?", "）", ")")
_CLAUSE_GOES_ON = ("，", ",", "、", "：", ":", "—", "（", "(", "“", "《")  # a text cut inside a clause
# 1. / 2． / 3、 numbering an item of a cell that lists several (at the start, after a line break or a ；).
# Never 1.1 (a decimal or an outline number); 1.2025年底前 is item 1 of a deadline cell.
_ITEM_NUMBER = re.compile(r"(?:^|(?<=[\n；;。]))\s*(\d{1,2})\s*[.．、](?!\d{1,2}(?!\d))\s*")
# A lead-in that lists sub-points (…具体包括： / …具体包括：（1）…；（2）…): the rows numbered （n） below carry it on.
_SUB_POINTS = re.compile(r"[：:]$|[：:]\s*[（(]\s*1\s*[)）]")
_CN_NUMERAL = re.compile(r"^\s*[一二三四五六七八九十]+\s*$")
# 1-1 / 1.1 / 2.3.1: a measure numbered under its section (never a plain integer, which is the measure's id).
_HIERARCHICAL_ID = re.compile(r"^\s*\d+(?:\s*[-－—.．]\s*\d+)+\s*$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass
class Grid:
    """Rows of cell text with their labels ("row 7"), and how to name column i in a message."""

    rows: list[list[str]]
    labels: list[str]
    column_label: Callable[[int], str]
    # (row, column) -> formula of a cell whose value was never calculated (a file written by a script):
    # its empty text is not what the table says, so a row that needs it is refused naming the formula.
    uncached: dict[tuple[int, int], str] = dataclasses.field(default_factory=dict)
    # (row, column) of cells that continue a cell merged down from the row above (their text is a copy of it):
    # a 序号 merged over several 具体举措 numbers a task, not each measure.
    continued: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    # Whether the format keeps no merged cells (a CSV export writes a merged cell's value in its first row only).
    merges_lost: bool = False


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


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 saved without a byte-order mark (little or big endian), if the bytes read as such.

    Only ASCII characters put NUL bytes into UTF-16, so a Chinese table has few: the test is whether one of
    the two byte orders gives plain text (no control characters, no unpaired surrogates), and which reads better.
    """
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for char in text if char.isprintable() or char in "\t\r\n")
        score = plain / max(len(text), 1) + _header_words_in(text)
        if plain / max(len(text), 1) > 0.98 and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else None


def _where(data: bytes, offset: int) -> str:
    """'line L' of a byte offset, for messages."""
    line = data[:offset].count(b"\n") + 1
    return f"line {line}"


def _header_words_in(text: str) -> int:
    """How many column names of a task table the first lines hold (simplified or traditional script)."""
    from geo.i18n import to_hans

    head = to_hans("\n".join(text.splitlines()[:_HEADER_SEARCH_ROWS]))
    return sum(1 for word in columns.HEADER_WORDS if word in head)


def decode_text(data: bytes, filename: str) -> str:
    """Text of a .csv/.txt file in UTF-8 (with or without BOM), UTF-16 (with or without BOM), GBK/GB18030 or Big5."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"undecodable UTF-16 text at byte {exc.start}", file=filename, row=_where(data, exc.start)
            ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16.removeprefix("\ufeff")
        raise IngestError(
            f"a NUL byte at byte {nul}: binary data, not a text table", file=filename, row=_where(data, nul)
        )
    sample = data[:65536]
    control = [i for i, byte in enumerate(sample) if byte < 32 and byte not in (9, 10, 12, 13)]
    if len(control) > len(sample) * 0.02:
        raise IngestError(
            f"binary data, not a text table (control bytes from byte {control[0]})",
            file=filename,
            row=_where(data, control[0]),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if data.startswith(_UTF8_BOM):
            raise IngestError(
                f"undecodable text: invalid UTF-8 at byte {utf8_error.start}",
                file=filename,
                row=_where(data, utf8_error.start),
            ) from None
        first_bad = utf8_error.start
    # Big5 bytes are nearly always valid GBK too (and the reverse often): decode both and keep the one in
    # which the table's own header reads (序号 / 序號 …); GB18030, a superset of GBK and GB2312, when neither.
    candidates: list[str] = []
    for encoding in ("gb18030", "big5hkscs"):
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise IngestError(
            f"undecodable text: neither UTF-8, GBK/GB18030 nor Big5 (first bad byte at offset {first_bad})",
            file=filename,
            row=_where(data, first_bad),
        )
    return max(candidates, key=_header_words_in)  # max keeps the first (GB18030) on a tie


# --- readers -------------------------------------------------------------------------------


def _unclosed_quote(text: str, delimiter: str) -> tuple[int, int] | None:
    """(line, record) where a quoted cell opens and never closes; the csv module would swallow the rest."""
    line, record = 1, 1
    at_field_start = True
    opened: tuple[int, int] | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if opened:
            if char == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    opened = None
            elif char == "\n":
                line += 1
        elif char == '"' and at_field_start:
            opened = (line, record)
        elif char == "\n":
            line += 1
            record += 1
        at_field_start = not opened and char in (delimiter, "\n", "\r")
        i += 1
    return opened


def _delimiter(text: str) -> str:
    """The delimiter under which the table's header reads (a title line above it may hold ，or ；), else the one
    its first line uses most."""
    candidates = (",", "\t", ";", "，")
    head = text.splitlines()[:_HEADER_SEARCH_ROWS]
    for delimiter in sorted(candidates, key=lambda d: -sum(line.count(d) for line in head)):
        try:
            rows = list(csv.reader(head, delimiter=delimiter))
        except csv.Error:
            continue
        if any(columns.map_header(row) for row in rows):
            return delimiter
    first = next((line for line in head if line.strip()), "")
    return max(candidates, key=first.count) if first else ","


def read_csv(data: bytes, filename: str) -> Grid:
    text = decode_text(data, filename)
    delimiter = _delimiter(text)
    unclosed = _unclosed_quote(text, delimiter)
    if unclosed:
        line, record = unclosed
        raise IngestError(
            'unterminated quote: a cell opens with " here and never closes',
            file=filename,
            row=f"row {record}, line {line}",
        )
    rows: list[list[str]] = []
    labels: list[str] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        start = 1
        for row in reader:
            rows.append([cell_text(cell) for cell in row])
            # A quoted cell may span lines: name the line too when the record does not start on its own number.
            number = len(rows)
            labels.append(f"row {number}" if start == number else f"row {number}, line {start}")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise IngestError(f"malformed CSV: {exc}", file=filename, row=f"line {reader.line_num}") from None
    return Grid(rows, labels, lambda i: f"{i + 1}", merges_lost=True)


def _encrypted(data: bytes) -> bool:
    """Whether a Compound File holds an encrypted Office document (what Office saves for an opening password)."""
    return data.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


def _require_zip(data: bytes, filename: str, kind: str) -> None:
    if data.startswith(_ZIP_MAGIC) and zipfile.is_zipfile(io.BytesIO(data)):
        return
    if _encrypted(data):
        raise IngestError(PASSWORD_PROTECTED, file=filename)
    if data.startswith(_OLE_MAGIC):
        old = "Word 97–2003 document" if kind == ".docx" else "Excel 97–2003 workbook"
        raise IngestError(f"not a valid {kind} file (it is an {old}: save it as {kind})", file=filename)
    if data.startswith(_ZIP_MAGIC):
        raise IngestError(f"not a valid {kind} file (the archive is damaged or cut short)", file=filename)
    raise IngestError(f"not a valid {kind} file (its content is not an Office Open XML archive)", file=filename)


def _shown_rows(
    rows: list[list], merges: list[tuple[int, int, int, int]], hidden: set[int]
) -> tuple[list[list], list[int], set[tuple[int, int]]]:
    """The rows a sheet shows: merged cells filled with their value, hidden rows left out.

    A merged cell holds its value in the top-left corner only, so every cell it covers gets it. ``merges`` are
    (first row, last row + 1, first column, last column + 1), 0-based. Returns the rows shown, the sheet index of
    each (for its label), and the cells that continue a merge from the shown row above them. A hidden row is what
    the department took out of its table (a withdrawn measure, an old version): never imported."""
    continued: set[tuple[int, int]] = set()
    for row_lo, row_hi, col_lo, col_hi in merges:
        value = rows[row_lo][col_lo] if row_lo < len(rows) and col_lo < len(rows[row_lo]) else None
        shown = [r for r in range(row_lo, min(row_hi, len(rows))) if r not in hidden]
        for r in range(row_lo, min(row_hi, len(rows))):
            for c in range(col_lo, min(col_hi, len(rows[r]))):
                rows[r][c] = value
                if shown and r != shown[0]:
                    continued.add((r, c))
    kept = [r for r in range(len(rows)) if r not in hidden]
    position = {r: i for i, r in enumerate(kept)}
    return [rows[r] for r in kept], kept, {(position[r], c) for r, c in continued if r in position}


# Tokens of an Excel number format: quoted text, an escaped character, a [colour]/[$-804] part, a run of one letter.
_FORMAT_TOKEN = re.compile(r'"[^"]*"|\\.|[_*].|\[[^\]]*\]|([A-Za-z])\1*|.')
_MONTH_NAMES = ("", *(dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)))


def date_as_shown(value: dt.date, number_format: str) -> str | None:
    """A date as a number format without a day shows it: yyyy"年"m"月" → 2025年12月 (a month deadline typed into
    Excel, which stores the 1st of the month; its ISO date would read as the 1st). None when the format shows a
    day or a time, or is not one this reads: the ISO date then says the same."""
    out: list[str] = []
    for match in _FORMAT_TOKEN.finditer(number_format.split(";")[0]):
        token = match.group(0)
        letter = token[0].lower()
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("\\"):
            out.append(token[1:])
        elif token.startswith("_"):
            out.append(" ")
        elif token.startswith(("*", "[")):
            continue
        elif letter == "y":
            out.append(str(value.year) if len(token) > 2 else f"{value.year % 100:02d}")
        elif letter == "m" and len(token) <= 2:
            out.append(f"{value.month:0{len(token)}d}")
        elif letter == "m":
            name = _MONTH_NAMES[value.month]
            out.append(name[:3] if len(token) == 3 else name[:1] if len(token) == 5 else name)
        elif (token.isascii() and token[0].isalpha()) or token in ("0", "#", "@"):
            return None  # a day, a time, an era year, or not a date format at all
        else:
            out.append(token)
    text = "".join(out).strip()
    return text or None


def _date_cells_as_shown(rows: list[list], number_format: Callable[[int, int], str]) -> None:
    """Date cells whose format shows no day replaced by the text they show (number_format(row, column))."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                shown = date_as_shown(value, number_format(r, c))
                if shown is not None:
                    row[c] = shown


def _visible_first(sheets: list, hidden: Callable[[object], bool]) -> list:
    """Sheets in reading order with the hidden ones last (an old version a department hid, 2024版（作废）): a hidden
    sheet is read only when no visible one holds the table."""
    return [sheet for sheet in sheets if not hidden(sheet)] + [sheet for sheet in sheets if hidden(sheet)]


def read_xlsx(data: bytes, filename: str) -> Grid:
    """The first visible worksheet that has a recognisable header (the active one preferred), without hidden rows."""
    _require_zip(data, filename, ".xlsx")
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError(f"cannot read the workbook ({type(exc).__name__}: {exc})", file=filename) from None
    sheets = list(workbook.worksheets)
    if workbook.active in sheets:
        sheets.remove(workbook.active)
        sheets.insert(0, workbook.active)
    sheets = _visible_first(sheets, lambda sheet: sheet.sheet_state != "visible")
    grids: list[Grid] = []
    for sheet in sheets:
        # The used range, from the cells that hold a value: max_row/max_column also count empty styled cells, and
        # one at XFD1048576 would make iter_rows build a 10^10-cell grid (the far-cell blow-up).
        used = [key for key, cell in sheet._cells.items() if cell.value is not None]
        bottom, right = max((r for r, _ in used), default=0), max((c for _, c in used), default=0)
        rows = [list(row) for row in sheet.iter_rows(max_row=bottom, max_col=right, values_only=True)] if used else []
        width = max((len(row) for row in rows), default=0)
        rows = [row + [None] * (width - len(row)) for row in rows]
        _date_cells_as_shown(rows, lambda r, c, sheet=sheet: sheet._cells[(r + 1, c + 1)].number_format)
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in sheet.merged_cells.ranges]
        hidden = {r - 1 for r, dimension in sheet.row_dimensions.items() if dimension.hidden}
        uncached = {  # the stored cells only (iter_rows would span a far styled cell's whole range)
            (cell.row - 1, cell.column - 1): cell.value
            for cell in formulas[sheet.title]._cells.values()
            if cell.data_type == "f"
            and not (cell.row <= len(rows) and cell.column <= width and rows[cell.row - 1][cell.column - 1] is not None)
        }
        rows, kept, continued = _shown_rows(rows, merges, hidden)
        position = {r: i for i, r in enumerate(kept)}
        prefix = f"sheet {sheet.title}, " if len(workbook.worksheets) > 1 else ""
        grid = Grid(
            [[cell_text(cell) for cell in row] for row in rows],
            [f"{prefix}row {r + 1}" for r in kept],
            lambda i: get_column_letter(i + 1),
            {(position[r], c): str(value) for (r, c), value in uncached.items() if r in position},
            continued,
        )
        if table_header.is_task_header(grid.rows):
            return grid
        grids.append(grid)
    return _first_with_a_header(grids)


def _first_with_a_header(grids: list[Grid]) -> Grid:
    """No sheet holds a whole task header: the first with some header (its message names what is missing)."""
    with_header = [grid for grid in grids if table_header.find_header(grid.rows) is not None]
    return (with_header or grids or [Grid([], [], str)])[0]


def read_html_tables(data: bytes, filename: str) -> Grid:
    """The task table of a web page saved as .xls (what many office systems' 导出Excel writes): the first <table>
    with a task header, rowspan and colspan filled like merged cells."""
    import lxml.html

    declared = re.search(rb"charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.I)
    try:
        markup = data.decode(declared.group(1).decode("ascii")) if declared else decode_text(data, filename)
    except (LookupError, UnicodeDecodeError):  # a wrong or unknown declaration: sniff as for a text table
        markup = decode_text(data, filename)
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)  # lxml refuses str input with an encoding declaration
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as exc:  # lxml raises several types for what is not markup
        raise IngestError(f"cannot read the web page ({type(exc).__name__}: {exc})", file=filename) from None
    tables = list(root.iter("table"))
    grids = [_html_grid(table, f"table {k}, " if len(tables) > 1 else "") for k, table in enumerate(tables, 1)]
    if not grids:
        raise IngestError("not a valid .xls file (it is a web page without a table)", file=filename)
    return _first_with_a_header(grids)


def _html_grid(table, prefix: str) -> Grid:
    rows: list[list[str]] = []
    continued: set[tuple[int, int]] = set()
    above: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text) of a cell with a rowspan
    for r, tr in enumerate(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")):
        for br in tr.iter("br"):
            br.tail = "\n" + (br.tail or "")  # a line break in a cell, as Excel keeps it
        cells = tr.xpath("./td | ./th")
        row: list[str] = []
        k = 0
        while k < len(cells) or any(column >= len(row) for column in above):
            column = len(row)
            if column in above:
                left, text = above.pop(column)
                row.append(text)
                continued.add((r, column))
                if left > 1:
                    above[column] = (left - 1, text)
            elif k < len(cells):
                cell, k = cells[k], k + 1
                text = cell_text(cell.text_content())
                down = min(_span(cell.get("rowspan")), _MAX_SPAN)
                for _ in range(min(_span(cell.get("colspan")), _MAX_SPAN)):
                    if down > 1:
                        above[len(row)] = (down - 1, text)
                    row.append(text)
            else:
                row.append("")
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return Grid(rows, [f"{prefix}row {r + 1}" for r in range(len(rows))], lambda i: f"{i + 1}", continued=continued)


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _disguised_xls(data: bytes, filename: str) -> Grid | None:
    """The table of a file named .xls that is really a web page or a text table (exports of office systems), or
    None when it is neither."""
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")) or (
        head.startswith(b"<") and b"<table" in data[:65536].lower()
    ):
        return read_html_tables(data, filename)
    try:
        text = decode_text(data, filename)
    except IngestError:
        return None
    if any(columns.map_header(re.split(r"[,\t]", line)) for line in text.splitlines()[:_HEADER_SEARCH_ROWS]):
        return read_csv(data, filename)
    return None


def read_xls(data: bytes, filename: str) -> Grid:
    """An old Excel 97–2003 workbook (BIFF): the first sheet with a recognisable header, merged cells filled. A web
    page or a text table saved under the .xls name is read as what it is."""
    if data.startswith(_ZIP_MAGIC):
        raise IngestError("not a valid .xls file (it is an .xlsx workbook: rename it .xlsx)", file=filename)
    if not data.startswith(_OLE_MAGIC):
        disguised = _disguised_xls(data, filename)
        if disguised is not None:
            return disguised
        raise IngestError("not a valid .xls file (its content is not an Excel 97–2003 workbook)", file=filename)
    if _encrypted(data):
        raise IngestError(PASSWORD_PROTECTED, file=filename)
    import xlrd
    from openpyxl.utils import get_column_letter

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises many types for damaged or WPS-specific files
        if "encrypted" in str(exc).lower():  # xlrd's words for a FILEPASS record: an opening password
            raise IngestError(PASSWORD_PROTECTED, file=filename) from None
        raise IngestError(f"cannot read the workbook ({type(exc).__name__}: {exc})", file=filename) from None
    grids: list[Grid] = []
    for sheet in _visible_first(book.sheets(), lambda sheet: sheet.visibility != 0):
        rows: list[list[object]] = []
        for r in range(sheet.nrows):
            row: list[object] = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        _date_cells_as_shown(rows, lambda r, c, sheet=sheet: _xls_number_format(book, sheet.cell_xf_index(r, c)))
        hidden = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
        rows, kept, continued = _shown_rows(rows, list(sheet.merged_cells), hidden)
        prefix = f"sheet {sheet.name}, " if book.nsheets > 1 else ""
        grid = Grid(
            [[cell_text(cell) for cell in row] for row in rows],
            [f"{prefix}row {r + 1}" for r in kept],
            lambda i: get_column_letter(i + 1),
            continued=continued,
        )
        if table_header.is_task_header(grid.rows):
            return grid
        grids.append(grid)
    return _first_with_a_header(grids)


def _xls_number_format(book, xf_index: int) -> str:
    """The number format of an .xls cell's style ("" when the workbook does not say)."""
    key = book.xf_list[xf_index].format_key if xf_index < len(book.xf_list) else None
    number_format = book.format_map.get(key)
    return number_format.format_str if number_format is not None else ""


def _docx_cell_text(cell) -> str:
    """A Word cell's text, with the text of tables nested in it (python-docx's cell.text leaves those out)."""
    parts = [cell.text]
    for table in cell.tables:
        for row in table.rows:
            parts.extend(dict.fromkeys(_docx_cell_text(inner) for inner in row.cells))
    return cell_text("\n".join(part for part in parts if part.strip()))


def read_docx(data: bytes, filename: str) -> Grid:
    """The task tables of a Word document in order; numbered paragraphs between them become heading rows.

    A document may hold other tables (主要指标 before the task table, 联系人 after it): the grid starts at the
    first table with a task header and keeps the tables after it that have one too, or that carry on without a
    header of their own in the same columns (a table split by the author); the others are left out.
    """
    _require_zip(data, filename, ".docx")
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise IngestError(f"cannot read the document ({type(exc).__name__}: {exc})", file=filename) from None
    # (table number, rows, cells merged down from the row above) or a heading paragraph
    blocks: list[tuple[int, list[list[str]], set[tuple[int, int]]] | str] = []
    table_number = 0
    above_first = ""  # the last paragraph above the first table: 一、… there heads the table's first rows
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            table_number += 1
            rows: list[list[str]] = []
            merged_down: set[tuple[int, int]] = set()
            above: list = []
            for r, row in enumerate(Table(child, document).rows):
                # python-docx repeats a merged cell's object for every grid cell it covers.
                cells = row.cells
                rows.append([_docx_cell_text(cell) for cell in cells])
                merged_down.update((r, c) for c, cell in enumerate(cells) if c < len(above) and cell._tc is above[c])
                above = [cell._tc for cell in cells]
            blocks.append((table_number, rows, merged_down))
        elif child.tag == qn("w:p"):
            text = cell_text(Paragraph(child, document).text)
            if not table_number:
                above_first = text or above_first
            elif text and (headings.starts_theme(text) or headings.starts_subtask(text)):
                blocks.append(text)
    if not table_number:
        raise IngestError("no table in this document (the task table must be a Word table)", file=filename)
    tables = [block for block in blocks if not isinstance(block, str)]
    task = {number for number, rows, _ in tables if table_header.is_task_header(rows)}
    if task:
        kept: set[int] = set()
        width = 0
        for number, rows, _ in tables:
            row_width = max((len(row) for row in rows), default=0)
            if number in task or (kept and row_width == width and table_header.find_header(rows) is None):
                kept.add(number)
                width = row_width
        first = min(task)
        blocks = [
            block
            for block in blocks
            if (isinstance(block, str) and table_number_before(blocks, block) >= first)
            or (not isinstance(block, str) and block[0] in kept)
        ]
    grid_rows: list[list[str]] = []
    labels: list[str] = []
    continued: set[tuple[int, int]] = set()
    last_table = 0
    heading_above = above_first if headings.starts_theme(above_first) or headings.starts_subtask(above_first) else ""
    for block in blocks:
        if isinstance(block, str):
            grid_rows.append([block])
            labels.append(f"paragraph after table {last_table}")
            continue
        last_table, rows, merged_down = block
        names = [f"table {last_table}, row {r + 1}" for r in range(len(rows))]
        found = table_header.find_header(rows) if last_table == 1 and heading_above else None
        if found is not None:  # the heading goes under the header, where a heading row of the table would be
            at = found[0].last + 1
            rows = [*rows[:at], [heading_above], *rows[at:]]
            names = [*names[:at], "paragraph above table 1", *names[at:]]
            merged_down = {(r + (r >= at), c) for r, c in merged_down}
        continued.update((len(grid_rows) + r, c) for r, c in merged_down)
        grid_rows.extend(rows)
        labels.extend(names)
    return Grid(grid_rows, labels, lambda i: f"{i + 1}", continued=continued)


def table_number_before(blocks: list, paragraph: str) -> int:
    """The number of the last table before a heading paragraph (0 if none)."""
    number = 0
    for block in blocks:
        if block is paragraph:
            return number
        if not isinstance(block, str):
            number = block[0]
    return number


# --- grid -> measures ----------------------------------------------------------------------


def merge_roles(*pairs: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    """Lead and co-operating lists merged in order; a unit that leads anywhere is not also listed as co-operating."""
    lead = list(dict.fromkeys(name for pair in pairs for name in pair[0]))
    co = list(dict.fromkeys(name for pair in pairs for name in pair[1] if name not in lead))
    return lead, co


def role_lists(lead_cell: str, co_cell: str = "", first_leads: bool = False) -> tuple[list[str], list[str]]:
    """The units of a 牵头 cell (roles as written in it) and of a 配合 cell (co-operating unless marked).

    ``first_leads``: the column's header says the first-listed unit leads (责任单位（排在第一位的为牵头单位）), so a
    cell that writes no roles of its own has one lead and co-operating units after it."""
    in_lead = departments.units(lead_cell, role="lead")
    if first_leads and not in_lead.co and len(in_lead.lead) > 1:
        in_lead = departments.Units(in_lead.lead[:1], in_lead.lead[1:])
    in_co = departments.units(co_cell, role="co")
    return merge_roles((in_lead.lead, in_lead.co), (in_co.lead, in_co.co))


# --- grid -> measures ---------------------------------------------------------------------------------------


def _find_header(grid: Grid) -> tuple[table_header.Header, dict[str, int]] | None:
    return table_header.find_header(grid.rows)


def _column(grid: Grid, mapping: dict[str, int], field: str) -> str:
    label = columns.LABELS[field]
    header = mapping.get(field)
    return label if header is None else f"{grid.column_label(header)} ({label})"


def _units_written(row: list[str], mapping: dict[str, int]) -> bool:
    return any(mapping[f] < len(row) and row[mapping[f]] for f in ("departments", "co_departments") if f in mapping)


def _cell(row: list[str], mapping: dict[str, int], field: str) -> str:
    column = mapping.get(field)
    return row[column] if column is not None and column < len(row) else ""


def _merged_heading(row: list[str], mapping: dict[str, int]) -> bool:
    """Whether a heading is merged across the row: the text cell's value is copied into the 牵头 cell (一、 | 扩大金融业
    对外开放 merged over 具体措施 and 牵头单位), which then names no unit."""
    text = _cell(row, mapping, "text")
    return bool(text) and text == _cell(row, mapping, "departments") and not _ID.match(text)


def _section_numeral(id_cell: str) -> bool:
    """Whether a 序号 cell holds a section's number alone (一 / 一、 / 第一部分): a heading row, never a measure's."""
    return bool(_CN_NUMERAL.match(id_cell)) or (headings.starts_theme(id_cell) and not headings.theme_heading(id_cell))


def _signs_off(cell: str) -> bool:
    """A footnote or sign-off line (注：…, 填表人：…, 联系电话：…, 合计): what a department writes under its table."""
    return bool(columns.NOTE.match(cell) or columns.SIGN_OFF.match(cell))


def _table_end(grid: Grid, header: table_header.Header) -> int:
    """Index of the table's last row: the sign-off and note lines below it (填表人 / 联系电话 / 合计 / 注：) are no
    measures, whatever columns they happen to sit in."""
    for index in range(len(grid.rows) - 1, header.last, -1):
        row = grid.rows[index]
        if any(row) and not _signs_off(next(cell for cell in row if cell)):
            return index
    return header.last


def _measure_content(row: list[str], mapping: dict[str, int]) -> bool:
    """Whether a row says something a measure says: a 序号, or a text or unit that is not a sign-off line."""
    id_cell = _cell(row, mapping, "id").translate(_FULLWIDTH_DIGITS)
    if _ID.match(id_cell) or _HIERARCHICAL_ID.match(id_cell):
        return True
    cells = (_cell(row, mapping, field) for field in ("text", "departments", "co_departments"))
    return any(cell and not _signs_off(cell) for cell in cells)


def _outline_number(id_cell: str) -> tuple[str, ...]:
    """The parts of a 序号 such as 1 / 1.2 / 2-3-1, else () (1．2 and 1-2 read as 1.2)."""
    cell = id_cell.translate(_FULLWIDTH_DIGITS)
    if not (_ID.match(cell) or _HIERARCHICAL_ID.match(cell)):
        return ()
    return tuple(re.findall(r"\d+", cell))


def _sections(grid: Grid, header: table_header.Header, mapping: dict[str, int]) -> set[tuple[str, ...]]:
    """The numbers that number other rows under them (1 over 1.1 and 1.2; 1.1 over 1.1.1): a row so numbered,
    with a heading and no units, is a section's heading row. Empty when the 序号 column has no 1.1-style number."""
    numbers = [_outline_number(_cell(row, mapping, "id")) for row in grid.rows[header.last + 1 :]]
    return {number[:depth] for number in numbers for depth in range(1, len(number))}


def _numbers_tasks(grid: Grid, header: table_header.Header, mapping: dict[str, int]) -> bool:
    """Whether the 序号 column does not number the measures once through the table, so measures are counted:
    some measure row has its 序号 merged down from the row above, or none at all (a 重点任务 with its 序号 over
    several 具体举措), or the numbers start again after each section row (一、… 1 2 3, 二、… 1 2). Numbers
    that go back without a section row between them stay a duplicate the user must fix."""
    column = mapping.get("id")
    if column is None:
        return False
    previous = 0
    section_between = False
    restarts = False
    previous_text = ""  # the text of the last measure row: the rows that carry it on are not measures
    for index in range(header.last + 1, len(grid.rows)):
        row = grid.rows[index]
        if not any(row) or header.repeats(row):
            continue
        text = _cell(row, mapping, "text")
        id_cell = _cell(row, mapping, "id")
        if not text or not _units_written(row, mapping) or _merged_heading(row, mapping) or _section_numeral(id_cell):
            section_between = True  # a heading row (or a note) between measures
            continue
        if previous_text and (_shares_text(grid, index, mapping) or _continues(grid, index, mapping, previous_text)):
            continue
        previous_text = text
        if not id_cell or (index, column) in grid.continued:
            return True
        if _split_cells(text, _cell(row, mapping, "departments"), _cell(row, mapping, "co_departments"), ""):
            return True  # a 序号 over a cell of several numbered measures numbers a task
        match = _ID.match(id_cell.translate(_FULLWIDTH_DIGITS))
        if match:
            number = int(match.group(1))
            if number <= previous:
                if not (section_between and number == 1):
                    return False
                restarts = True
            previous = number
        section_between = False
    return restarts


def _shares_text(grid: Grid, index: int, mapping: dict[str, int]) -> bool:
    """Whether row ``index`` belongs to the measure above: its 具体措施 cell (and its 序号, if any) is merged down
    from the row above, and only its units or deadline are its own (one measure led by two units, one a row)."""
    row = grid.rows[index]
    id_column = mapping.get("id")
    return (
        (index, mapping["text"]) in grid.continued
        and bool(_cell(row, mapping, "text"))
        and (id_column is None or not _cell(row, mapping, "id") or (index, id_column) in grid.continued)
    )


def _continues(grid: Grid, index: int, mapping: dict[str, int], previous_text: str) -> bool:
    """Whether row ``index`` carries on the text of the measure in the row above: that text stops mid-sentence,
    and this row has no 序号 of its own (blank, or merged down with the theme and sub-task) and no units and no
    deadline. Units and deadline merged down count as none only with the 序号 merged down too and the text above
    stopping inside a clause (…规则衔接、): units merged over two complete 具体举措 make two measures of one task."""
    row = grid.rows[index]
    text = _cell(row, mapping, "text")
    # …具体包括： then （1）… / （2）… in rows of their own: the sub-points of that measure, however they end.
    sub_point = headings.starts_subtask(text) and _SUB_POINTS.search(previous_text.rstrip()) is not None
    if previous_text.rstrip().endswith(_SENTENCE_END) and not sub_point:
        return False
    if departments.inline_units(text) is not None or headings.starts_theme(text):
        return False
    if headings.starts_subtask(text) and not sub_point:
        return False
    own = [column for field, column in mapping.items() if field not in _HEADINGS and column < len(row)]
    headed = [mapping[field] for field in _HEADINGS[1:] if field in mapping and mapping[field] < len(row)]
    if not all(not row[column] or (index, column) in grid.continued for column in headed):
        return False
    if all(not row[column] for column in own):
        return True
    id_merged = "id" in mapping and (index, mapping["id"]) in grid.continued
    return (
        id_merged
        and (sub_point or previous_text.rstrip().endswith(_CLAUSE_GOES_ON))
        and all(not row[column] or (index, column) in grid.continued for column in own)
    )


def _heading_like(row: list[str], mapping: dict[str, int]) -> bool:
    """Whether a row without units reads as a heading rather than a measure: a 一 / （一） number, a text numbered so
    with no 序号, or one short cell alone without a sentence's punctuation (数据要素 across the row)."""
    text = _cell(row, mapping, "text")
    id_cell = _cell(row, mapping, "id")
    if _merged_heading(row, mapping) or _NUMBERING_ONLY.match(id_cell) or _section_numeral(id_cell):
        return True
    if not id_cell and (headings.starts_theme(text) or headings.starts_subtask(text)):
        return True
    filled = [cell for cell in row if cell]
    return len(filled) == 1 and len(filled[0]) <= 25 and not re.search(r"[，,。；;]", filled[0])


def _carry_lost_merges(grid: Grid, header: table_header.Header, mapping: dict[str, int]) -> None:
    """Units (and a blank deadline) copied down into the measure rows a CSV export left blank under a merged cell.

    A CSV keeps a merged 牵头单位 in its first row only. Done only when that is clearly the layout: every measure
    row without units sits right under a measure row that has them (its own or so carried), in the same task (its
    theme cell blank too, or its deadline, merged with the units). One unit-less row anywhere else (the first under
    a heading, a theme of its own, a deadline of its own in a table without themes) means the blanks are the
    table's own, and nothing is invented."""
    units = [mapping[f] for f in ("departments", "co_departments") if f in mapping]
    if not grid.merges_lost or not units or "text" not in mapping:
        return
    carried: list[tuple[int, int]] = []  # (row, the measure row above it)
    above: int | None = None  # the measure row just above, if it names units (its own or carried)
    for index in range(header.last + 1, len(grid.rows)):
        row = grid.rows[index]
        if not any(row) or header.repeats(row):
            continue
        text = _cell(row, mapping, "text")
        if _signs_off(next(cell for cell in row if cell)) or not text:
            above = None
            continue
        if _units_written(row, mapping) or departments.inline_units(text) is not None:
            above = index
            continue
        if _heading_like(row, mapping):
            above = None
            continue
        if above is not None and not _cell(row, mapping, "id") and "id" in mapping:
            continue  # no 序号 of its own: the rest of the text above (a row cut mid-sentence), not a measure
        previous = _cell(grid.rows[above], mapping, "text") if above is not None else ""
        if above is not None and "id" not in mapping and previous.rstrip().endswith(_CLAUSE_GOES_ON):
            continue  # the rest of a text cut inside a clause
        # The merge covers more than the units: the task's theme cell, or the deadline, is left blank with them.
        merged_with = ("theme" in mapping and not _cell(row, mapping, "theme")) or (
            "deadline" in mapping and not _cell(row, mapping, "deadline")
        )
        if above is None or _cell(row, mapping, "theme") or not merged_with:
            return  # a measure row with no units of its own and no merge over it: the blanks are the table's own
        carried.append((index, above))
        above = index
    columns_carried = [*units, *([mapping["deadline"]] if "deadline" in mapping else [])]
    for index, source_index in carried:
        row, source = grid.rows[index], grid.rows[source_index]
        for column in columns_carried:
            if column < len(row) and column < len(source) and not row[column] and source[column]:
                row[column] = source[column]
                grid.continued.add((index, column))


def _numbered_items(cell: str) -> list[str]:
    """The items of a cell numbered 1. 2. 3. …, each starting the cell or a line or following a ；, without their
    numbers and closing ；; [] unless the cell is so numbered from its start, 1 to n with n ≥ 2."""
    found = list(_ITEM_NUMBER.finditer(cell.strip()))
    if len(found) < 2 or found[0].start() != 0 or [int(m.group(1)) for m in found] != list(range(1, len(found) + 1)):
        return []
    ends = [m.start() for m in found[1:]] + [len(cell.strip())]
    return [cell.strip()[m.end() : end].strip().rstrip("；;").strip() for m, end in zip(found, ends, strict=True)]


def _split_cells(text: str, lead: str, co: str, deadline: str) -> list[tuple[str, str, str, str]]:
    """One (text, lead, co, deadline) per measure of a text cell numbering several (1.…；2.…) whose 牵头 cell numbers
    the same count of units the same way (1.省工业和信息化厅；2.…); the 配合 and deadline cells split alike when so
    numbered, else hold for each. [] when the cells do not number measures so."""
    texts = _numbered_items(text)
    leads = _numbered_items(lead)
    if not texts or len(leads) != len(texts):
        return []
    count = len(texts)

    def each(cell: str) -> list[str]:
        items = _numbered_items(cell)
        return items if len(items) == count else [cell] * count

    sentences = [item if item.endswith(_SENTENCE_END) else item + "。" for item in texts]
    return list(zip(sentences, leads, each(co), each(deadline), strict=True))


def _without_own_number(body: str, numbers: tuple[int, ...]) -> str:
    """A text without the number it starts with when that is the measure's own (its id, or its count in its
    section: 1．实施… as the first measure under 二、…): the 序号 written into the text of a list without a 序号
    column. A text that numbers several items (1.…；2.…) keeps them."""
    match = _ITEM_NUMBER.match(body)
    if match and int(match.group(1)) in numbers and body[match.end() :].strip() and not _numbered_items(body):
        return body[match.end() :].strip()
    return body


def _first_leads_noted(grid: Grid, header: table_header.Header) -> bool:
    """Whether a note outside the header says the first-listed unit leads: a line above the header (（责任单位中排第一位
    的为牵头单位）under the title) or a 注：/说明： footnote in or under the table."""
    above = [cell for row in grid.rows[: header.first] for cell in row if cell]
    firsts = [next((cell for cell in row if cell), "") for row in grid.rows[header.last + 1 :]]
    notes = [cell for cell in firsts if columns.NOTE.match(cell)]
    return any(departments.first_leads(cell) for cell in (*above, *notes))


def _deadline(row: list[str], mapping: dict[str, int], parts: list[tuple[str, int]]) -> str:
    """A deadline written over year sub-columns (进度安排 over 2025年 | 2026年), joined as 2025年：…；2026年：…; ""
    when the deadline is one column."""
    if not parts or mapping.get("deadline") != parts[0][1]:
        return ""
    written = [(label, headings.join_lines(row[k].split("\n"))) for label, k in parts if k < len(row) and row[k]]
    return "；".join(f"{label}：{value}" for label, value in written)


def _top_level_is_bracketed(grid: Grid, header: table_header.Header, mapping: dict[str, int]) -> bool:
    """Whether this table's top headings are numbered （一） (no 一、 anywhere): then those are its themes.

    Looked for in the 序号, theme and sub-task cells, and in every cell of a row that names no units."""
    units = [mapping[f] for f in ("departments", "co_departments") if f in mapping]
    numbered = [mapping[f] for f in ("id", "theme", "subtask") if f in mapping]
    for row in grid.rows[header.last + 1 :]:
        cells = row if not any(c < len(row) and row[c] for c in units) else [row[c] for c in numbered if c < len(row)]
        if any(headings.starts_theme(cell) or _CN_NUMERAL.match(cell) for cell in cells if cell):
            return False
    return True


def measures_from_grid(grid: Grid, filename: str, document: str) -> list[dict]:
    """Measures (without places) from a grid whose header names the columns."""
    if not any(any(cell for cell in row) for row in grid.rows):
        raise IngestError("empty table (no cells with content)", file=filename)
    found = _find_header(grid)
    if found is None:
        raise IngestError(
            "no recognisable header (expected columns such as 序号, 工作任务, 具体措施, 牵头部门)", file=filename
        )
    header, mapping = found
    _carry_lost_merges(grid, header, mapping)
    required = table_header.required_fields(grid.rows, header, mapping)
    for field in required:
        if field not in mapping:
            present = "、".join(dict.fromkeys(cell for cell in grid.rows[header.first] if cell))
            raise IngestError(
                f"missing {columns.LABELS[field]} column (header has: {present})",
                file=filename,
                row=grid.labels[header.first],
            )

    measures: list[dict] = []
    first_row_of: dict[int, str] = {}
    first_row_of_number: dict[str, str] = {}
    theme = ""
    subtask = ""
    # Whether the theme came from a heading row across the table (一、…): a theme column then holds sub-tasks.
    theme_from_row = False
    column_holds_subtasks: bool | None = None  # decided at the first measure below such a heading row
    previous_id = 0
    bracketed_top = _top_level_is_bracketed(grid, header, mapping)
    renumber = _numbers_tasks(grid, header, mapping)
    sections = _sections(grid, header, mapping)
    arabic_ids = any(_ID.match(_cell(row, mapping, "id")) for row in grid.rows[header.last + 1 :])
    hierarchical = bool(sections)  # numbered 1.1 / 1-2: the measures are counted, the written numbers checked
    table_end = _table_end(grid, header)
    units_column = mapping.get("departments", -1)
    units_header = "".join(
        row[units_column] for row in grid.rows[header.first : header.last + 1] if 0 <= units_column < len(row)
    )
    first_leads = departments.first_leads(units_header) or _first_leads_noted(grid, header)
    deadline_parts = table_header.group_parts(header, mapping["deadline"]) if "deadline" in mapping else []
    last_measure_row = -1

    def first_use(seen: dict, number: int | str, where: str) -> None:
        """Record where a 序号 is used; a second use is the user's duplicate, named with both rows."""
        if number in seen:
            raise IngestError(
                f"duplicate 序号 {number} (first used in {seen[number]})",
                file=filename,
                row=where,
                column=_column(grid, mapping, "id"),
            )
        seen[number] = where

    def set_theme(value: str, from_row: bool = False) -> None:
        nonlocal theme, subtask, theme_from_row, column_holds_subtasks
        value = headings.subtask_heading(headings.theme_heading(value))
        theme_from_row = from_row
        column_holds_subtasks = None
        if value and value != theme:
            theme, subtask = value, ""

    def set_subtask(value: str) -> None:
        nonlocal subtask
        value = headings.subtask_heading(value)
        if value:
            subtask = value

    def heading(numbering: str, value: str, theme_given: bool) -> None:
        """A heading row's level: from its number (in the 序号 cell or its own text), else its place. A table
        whose top headings are numbered （一） has them as themes unless they sit beside a theme column; a section
        numbered 1 (over its measures 1.1, 1.2) is a theme, or the sub-task of a table with 一、 headings."""
        if _ID.match(numbering):
            (set_theme if bracketed_top else set_subtask)(value)
            return
        if _HIERARCHICAL_ID.match(numbering):
            set_subtask(value)
            return
        bracketed = _SUBTASK_NUMBERING.match(numbering) if numbering else headings.starts_subtask(value)
        theme_numbered = (numbering and not bracketed) or (not numbering and headings.starts_theme(value))
        if theme_numbered or (bracketed and bracketed_top and not theme_given):
            set_theme(value, from_row=True)
        elif bracketed or theme_given:
            set_subtask(value)
        else:
            set_theme(value, from_row=True)

    skip_until = header.last
    other_table = False  # inside another kind of table below the task table, until a task header again
    in_section = 0  # measures since the last heading row: a list numbers its texts 1．… again in each section
    for index in range(header.last + 1, len(grid.rows)):
        row = grid.rows[index]
        where = grid.labels[index]
        if index <= skip_until or not any(row) or header.repeats(row):
            continue  # a header row, a blank row, or the header repeated on the next page
        first_cell = next(cell for cell in row if cell)
        if columns.NOTE.match(first_cell) and not _units_written(row, mapping):
            continue  # 注：… — the table's footnote
        if _signs_off(first_cell) and (index > table_end or not _measure_content(row, mapping)):
            continue  # 填表人：… 联系电话：… / 合计 under the table, or a 小计 row in it
        again = table_header.header_at(grid.rows, index)
        if again is not None and all(field in again.mapping for field in required):
            mapping, skip_until = again.mapping, again.last  # the header of the next table
            other_table = False
            continue
        if columns.contact_header(row):
            other_table = True  # 单位 | 联系人 | 职务 | 电话: a contact list sent with the table, no part of it
        if other_table:
            continue

        for field_name, column in mapping.items():
            formula = grid.uncached.get((index, column))
            if formula is not None:
                raise IngestError(
                    f"{columns.LABELS[field_name]} is a formula ({formula[:40]}) with no saved value: the file was "
                    "written by a program that does not calculate formulas; open it in Excel or WPS and save it again",
                    file=filename,
                    row=where,
                    column=_column(grid, mapping, field_name),
                )

        def get(field: str, row: list[str] = row, mapping: dict[str, int] = mapping) -> str:
            column = mapping.get(field)
            return row[column] if column is not None and column < len(row) else ""

        text = get("text")
        id_cell = get("id").translate(_FULLWIDTH_DIGITS)
        units_written = bool(get("departments") or get("co_departments"))
        # 1 | 推进重大平台建设 | | over 1.1, 1.2: a section numbered like its measures, with a heading and no units.
        named = [get(field) for field in ("theme", "subtask", "text") if get(field)]
        section_number = (
            _outline_number(id_cell) in sections and not units_written and not get("deadline") and bool(named)
        )
        # 一 | 扩大开放 | 省商务厅 among measures numbered 1, 2, 3: a section's heading row even with a unit beside it.
        section_numeral = arabic_ids and _section_numeral(id_cell) and bool(named)
        numbering = id_cell if _NUMBERING_ONLY.match(id_cell) or section_number else ""
        # A heading row: one value merged across the text and department cells, no text at all, or a short
        # numbered text with no units and no deadline (一 | 增强算力支撑 | | …, the number in the 序号 cell or the text).
        merged = _merged_heading(row, mapping)
        numbered_alone = (
            bool(text)
            and not units_written
            and not get("deadline")
            and departments.inline_units(text) is None
            and (bool(numbering) or not id_cell and (headings.starts_theme(text) or headings.starts_subtask(text)))
        )
        if merged or not text or numbered_alone or section_numeral:
            in_section = 0
            if (
                not text
                and not (section_number or section_numeral)
                and (units_written or _ID.match(id_cell) or _HIERARCHICAL_ID.match(id_cell))
            ):
                raise IngestError("具体措施 is empty", file=filename, row=where, column=_column(grid, mapping, "text"))
            cells = named if section_numeral else row  # the heading, not the unit beside it
            values = list(dict.fromkeys(cell for cell in cells if cell and not (numbering and cell == id_cell)))
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

        if measures and last_measure_row == index - 1 and _shares_text(grid, index, mapping):
            # The measure above, its text merged over this row too: this row's units lead it too (two leads).
            lead, co = role_lists(get("departments"), get("co_departments"), first_leads)
            above = measures[-1]
            above["departments"], above["co_departments"] = merge_roles(
                (above["departments"], above["co_departments"]), (lead, co)
            )
            if "deadline" in above and get("deadline") and get("deadline") not in above["deadline"]:
                above["deadline"] = "；".join(part for part in (above["deadline"], get("deadline")) if part)
            last_measure_row = index
            continue
        if measures and last_measure_row == index - 1 and _continues(grid, index, mapping, measures[-1]["text"]):
            # The rest of the measure above: a text cut mid-sentence goes on in the next row, the other cells
            # blank or merged down with it.
            measures[-1]["text"] = headings.join_lines([measures[-1]["text"], *text.split("\n")])
            last_measure_row = index
            continue
        last_measure_row = index

        counted = renumber or hierarchical
        match = _ID.match(id_cell) if "id" in mapping and id_cell and not counted else None
        if "id" in mapping and id_cell and not match and not renumber:
            if not (numbering or _HIERARCHICAL_ID.match(id_cell) or (hierarchical and _ID.match(id_cell))):
                raise IngestError(
                    f"序号 {id_cell!r} is not a number", file=filename, row=where, column=_column(grid, mapping, "id")
                )
            # 1-1 / 1.2 / （1） / 一 numbering a measure: the measures are counted, the written number is checked.
            first_use(first_row_of_number, re.sub(r"\s+", "", id_cell), where)
        measure_id = int(match.group(1)) if match else previous_id + 1
        first_use(first_row_of, measure_id, where)
        previous_id = measure_id

        theme_cell = get("theme")
        if theme_from_row and column_holds_subtasks is None:
            # Below a heading row across the table (一、…), a theme column filled from the section's first measure
            # names each measure's sub-task; one left blank there carries the heading, and a value later on is
            # the next theme (保障措施 merged down at the end of the table).
            column_holds_subtasks = bool(theme_cell) and "subtask" not in mapping
        if theme_cell and theme_from_row and column_holds_subtasks and not headings.starts_theme(theme_cell):
            set_subtask(theme_cell)
        elif theme_cell:
            set_theme(theme_cell)
        if get("subtask"):
            set_subtask(get("subtask"))
        deadline = ""
        if "deadline" in mapping:
            deadline = _deadline(row, mapping, deadline_parts) or headings.join_lines(get("deadline").split("\n"))
        items = _split_cells(text, get("departments"), get("co_departments"), deadline) or [
            (text, get("departments"), get("co_departments"), deadline)
        ]
        for number, (item_text, lead_cell, co_cell, item_deadline) in enumerate(items):
            if number:  # the next measure of a cell that numbers several (1.… 2.… with units numbered alike)
                measure_id = previous_id + 1
                first_use(first_row_of, measure_id, where)
                previous_id = measure_id
            in_section += 1
            body = _without_own_number(headings.join_lines(item_text.split("\n")), (measure_id, in_section))
            lead, co = role_lists(lead_cell, co_cell, first_leads)
            inline = departments.inline_units(body)
            if inline is not None:
                body, written_units = inline
                lead, co = merge_roles((lead, co), (written_units.lead, written_units.co))
            if not lead and not co and "departments" not in mapping:
                raise IngestError(
                    "no 牵头部门 column and no （牵头单位：…） in the text",
                    file=filename,
                    row=where,
                    column=_column(grid, mapping, "text"),
                )
            measure: dict = {
                "id": measure_id,
                "theme": theme,
                "theme_short": headings.theme_short(theme) if theme else "",
                "subtask": subtask,
                "text": body,
                "departments": lead,
                "co_departments": co,
            }
            if "deadline" in mapping:
                measure["deadline"] = item_deadline
            measure["source"] = {"document": document, "row": measure_id}
            measures.append(measure)
    if not measures:
        raise IngestError("no measures below the header", file=filename, row=grid.labels[header.last])
    return measures


READERS: dict[str, Callable[[bytes, str], Grid]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".docx": read_docx,
    ".xls": read_xls,
}
