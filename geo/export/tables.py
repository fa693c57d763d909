"""The filtered measures as tables a report writer can open: CSV (UTF-8 with BOM, for Excel) and XLSX.

One row per measure with its departments and places spelled out in words, in the UI language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from geo.dataset import Measure
from geo.files import atomic_write, atomic_write_bytes
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.selection.filters import Filters, describe

# (label key, width in Excel characters): widths fit Chinese text, which is about two characters wide per glyph.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("col_id", 6),
    ("col_theme", 10),
    ("col_subtask", 22),
    ("col_text", 70),
    ("col_departments", 30),
    ("col_co_departments", 20),
    ("col_places", 22),
    ("col_facilities", 26),
    ("col_deadline", 12),
)


# OWASP CSV-injection advice: a cell starting with one of these is read as a formula by Excel, WPS and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def keep_as_text(cell) -> None:
    """An openpyxl CELL whose text looks like a formula stays text: typed as a string (openpyxl would write "=…"
    as a formula), and marked with Excel's quote prefix, so editing the cell later (F2, Enter) keeps it text too."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
        cell.quotePrefix = True


def csv_safe(value: str | int) -> str | int:
    """A cell as CSV text a spreadsheet shows and never evaluates: formula-like text gets a leading '."""
    return "'" + value if formula_like(value) else value


def measure_row(m: Measure, gazetteer: Gazetteer, lang: str = "zh") -> list[str | int]:
    """A measure as table cells, in the order of COLUMNS."""
    sep = t("list_sep", lang)
    tagged = [p["place"] for p in m.get("places", []) if p["place"] in gazetteer]
    places = _unique([gazetteer[p].name(lang) for p in tagged if gazetteer[p].kind != "facility"])
    facilities = _unique([gazetteer[p].name(lang) for p in tagged if gazetteer[p].kind == "facility"])
    return [
        m["id"],
        localize(m["theme_short"], lang),
        localize(m.get("subtask", ""), lang),
        localize(m["text"], lang),
        sep.join(localize(d, lang) for d in m.get("departments", [])),
        sep.join(localize(d, lang) for d in m.get("co_departments", []) or []),
        sep.join(places),
        sep.join(facilities),
        localize(str(m.get("deadline") or ""), lang),
    ]


def header(lang: str = "zh") -> list[str]:
    return [t(key, lang) for key, _ in COLUMNS]


def table_cells(
    selection: list[Measure], gazetteer: Gazetteer, lang: str = "zh"
) -> tuple[list[tuple[str, float]], list[list[str | int]]]:
    """The columns (label, width) and rows of the export, without the columns no measure fills: a report writer
    should not have to delete an empty 配合部门 or 完成时限 column by hand. The id column always stays."""
    rows = [measure_row(m, gazetteer, lang) for m in selection]
    keep = [i for i in range(len(COLUMNS)) if i == 0 or not rows or any(str(r[i]).strip() for r in rows)]
    columns = [(t(COLUMNS[i][0], lang), COLUMNS[i][1]) for i in keep]
    return columns, [[r[i] for i in keep] for r in rows]


def csv_bytes(selection: list[Measure], gazetteer: Gazetteer, lang: str = "zh") -> bytes:
    """CSV with a UTF-8 byte-order mark: Excel on Windows reads Chinese correctly only with it."""
    columns, rows = table_cells(selection, gazetteer, lang)
    return rows_csv_bytes([label for label, _ in columns], rows)


def rows_csv_bytes(header: list[str], rows: list[list[str | int]]) -> bytes:
    """Any table as CSV the way csv_bytes writes measures: UTF-8 with BOM, CRLF, formula-like cells made text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([csv_safe(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def rows_xlsx_bytes(sheet: str, header: list[str], rows: list[list[str | int]], notes: Sequence[str] = ()) -> bytes:
    """Any table as one XLSX sheet: bold header row that stays visible, an autofilter, formula-like cells kept as
    text, and NOTES (how the figures are computed, the as-of date) in rows under the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]  # Excel's limit for a sheet name
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, label in enumerate(header, start=1):
        width = max([len(str(label))] + [len(str(r[i - 1])) for r in rows]) * 2 + 2
        ws.column_dimensions[get_column_letter(i)].width = min(width, 40)
    if notes:
        ws.append([])
        for note in notes:
            ws.append([note])
    for row in ws.iter_rows():
        for cell in row:
            keep_as_text(cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_csv(path: Path | str, selection: list[Measure], gazetteer: Gazetteer, lang: str = "zh") -> Path:
    return atomic_write_bytes(path, csv_bytes(selection, gazetteer, lang))


def print_setup(ws, header_row: int = 1) -> None:
    """Printed as a report appendix: landscape A4, all columns on the page width, the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _workbook(
    selection: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters,
    lang: str,
    exported: datetime,
    source: str | None = None,
    table: str | None = None,
):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns, rows = table_cells(selection, gazetteer, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet_measures", lang)
    ws.append([label for label, _ in columns])
    for row in rows:
        ws.append(row)

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    wrap_top = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap_top
    for i, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # the header stays visible while scrolling through 60 long rows
    ws.auto_filter.ref = ws.dimensions
    print_setup(ws)

    about = wb.create_sheet(t("sheet_about", lang))
    about.append([table or t("app_title", lang)])  # an imported table's own title, not the built-in one
    for key, value in (
        ("about_filters", describe(filters, gazetteer, lang)),
        ("about_count", len(selection)),
        ("about_exported", exported.strftime("%Y-%m-%d %H:%M")),
    ):
        about.append([t(key, lang), value])
    about.append([source or t("source_line", lang)])  # an imported table names its file
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 80
    for row in about.iter_rows():
        row[0].font = bold
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_as_text(cell)
    return wb


def xlsx_bytes(
    selection: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters | None = None,
    lang: str = "zh",
    exported: datetime | None = None,
    source: str | None = None,
    table: str | None = None,
) -> bytes:
    buf = io.BytesIO()
    _workbook(selection, gazetteer, filters or Filters(), lang, exported or datetime.now(), source, table).save(buf)
    return buf.getvalue()


def write_xlsx(
    path: Path | str, selection: list[Measure], gazetteer: Gazetteer, filters: Filters | None = None, lang: str = "zh"
) -> Path:
    wb = _workbook(selection, gazetteer, filters or Filters(), lang, datetime.now())
    return atomic_write(path, wb.save)
