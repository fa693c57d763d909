"""The 进展通报's tables as a workbook (openpyxl), for offices that total and filter in Excel/WPS: one sheet per
table (overview, measures by theme, behind schedule, departments), printed like geo.export.tables' sheets
(landscape A4, fitted to the page width, header row on every page). Rates are real numbers formatted as
percentages, so they sort and sum; text that looks like a formula stays text."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.export.tables import keep_as_text, print_setup
from geo.i18n import t
from geo.report.content import ReportContent
from geo.report.tables import headers, summary_line

BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDE6F0")
SAMPLE = Font(bold=True, color="C62828")


def _sheet(ws, header: list[str], rows: list[list], widths: list[float], first_row: int = 1) -> None:
    ws.append(header)
    for cell in ws[first_row]:
        cell.font = BOLD
        cell.fill = FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=first_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"
            keep_as_text(cell)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    print_setup(ws, first_row)


def _mark(ws, content: ReportContent) -> None:
    """The sheet's printed header names the report; sample data says so on every printed page."""
    ws.oddHeader.left.text = f"{content.plan_title} {content.title()} {content.period_label}"
    if content.sample:
        ws.oddHeader.right.text = t("report_sample", content.lang)
        ws.oddHeader.right.color = "C62828"
    ws.oddFooter.center.text = "&P / &N"


def xlsx_bytes(content: ReportContent) -> bytes:
    lang = content.lang
    head = headers(content)
    wb = Workbook()
    ws = wb.active
    ws.title = t("report_sheet_summary", lang)
    intro = [
        [content.plan_title],
        [f"{content.title()}  {content.scope_text()}".strip()],
        [t("report_period_line", lang).format(period=content.period_label)],
        [content.as_of_text()],
    ]
    if content.sample:
        intro.append([t("report_sample", lang) + "：" + t("report_sample_note", lang)])
    intro += [[summary_line(content)], []]
    for row in intro:
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    if content.sample:
        ws.cell(row=5, column=1).font = SAMPLE
    n = content.items
    summary = [[content.status_text(name), k, k / n if n else None] for name, k in content.status_counts]
    summary += [[content.light_label(x), k, k / n if n else None] for x, k in content.light_counts]
    summary.append([t("report_completion", lang), content.completed, content.completion_rate])
    summary.append([t("report_on_time", lang), content.on_time_reports, content.on_time_rate])
    _sheet(ws, head["summary"], summary, [40, 12, 12], first_row=len(intro) + 1)
    ws.append([])
    ws.append([t("report_rates_note", lang)])
    _mark(ws, content)

    measures = wb.create_sheet(t("report_sheet_measures", lang))
    rows = [
        [theme, r.number, r.measure, r.lead, content.status_text(r.status), content.light_label(r.light), r.percent, r.excerpt,
         r.last_report_on or "", r.due_on or ""]
        for theme, members in content.themes
        for r in members
    ]  # fmt: skip
    cols = [t("report_col_theme", lang), *head["theme"][:4], t("report_col_light", lang), "%", head["theme"][4]]
    cols += [t("report_col_last", lang), t("report_col_due", lang)]
    _sheet(measures, cols, rows, [10, 6, 40, 24, 10, 10, 6, 40, 12, 12])
    measures.auto_filter.ref = measures.dimensions
    _mark(measures, content)

    red = wb.create_sheet(t("report_sheet_red", lang))
    red_data = [
        [r.number, r.measure, r.lead, content.status_text(r.status), content.light_label(r.light),
         t("list_sep", lang).join(t(f"report_reason_{x}", lang) for x in r.reasons), r.due_on or ""]
        for r in content.red
    ]  # fmt: skip
    red_cols = [*head["red"][:4], t("report_col_light", lang), *head["red"][4:]]
    _sheet(red, red_cols, red_data, [6, 40, 24, 10, 10, 20, 12])
    _mark(red, content)

    depts = wb.create_sheet(t("report_sheet_departments", lang))
    order = content.rules.lights.order
    dept_data = [
        [d.department, d.items, *(d.lights.get(x, 0) for x in order), d.completed, d.completion_rate, d.on_time_rate]
        for d in content.departments
    ]
    _sheet(depts, head["departments"], dept_data, [30, 8, 9, 9, 9, 8, 10, 12])
    depts.auto_filter.ref = depts.dimensions
    _mark(depts, content)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
