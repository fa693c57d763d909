"""The progress sheet (进展填报): one department's assignments of a plan as an Excel template for one reporting
period, and the filled sheet read back as that period's reports.

Departments are used to sending back a filled sheet, so the sheet is the form: 序号, 具体措施 and 本部门角色 are
locked (the sheet is protected except for its input cells), 进展状态 is a drop-down from data/progress.json, and
the plan, department and period travel inside the workbook (a very hidden sheet), so the import knows what the
sheet is about without asking. Reading checks EVERY row before anything is saved and names each bad cell in one
line ("FILE: row R, column 列名: message"); the reports are then saved in one transaction (all or nothing) through
the service layer, which checks the actor again and writes the audit trail.

The bytes pass the upload guard's caps first (size, zip bomb, used range: geo.ingest.guard.check_bytes). The
sheet is parsed in this process, not in the guard's worker: it is our own small template, and the caps below
(a few MB of XML at most) bound what openpyxl has to read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from geo.export.tables import keep_as_text
from geo.i18n import t
from geo.ingest import departments as registry
from geo.ingest.errors import IngestError
from geo.ingest.guard import MB, Limits, check_bytes
from geo.progress import periods
from geo.progress.rules import load_rules
from geo.store import plans, progress_service, service
from geo.store.engine import session_scope
from geo.store.models import Assignment, Measure, Plan, ProgressReport
from geo.store.progress_service import ProgressError, ReportInfo, ReportInput
from geo.store.service import Actor, Forbidden

LANG = "zh"  # departments fill the sheet in Chinese; its labels come from geo/i18n.py all the same
FORMAT = 1  # the template's layout version, stored in the workbook
META_SHEET = "_meta"  # very hidden: plan, department and period of the sheet
TITLE_ROW, HEADER_ROW = 1, 2
FIRST_ROW = HEADER_ROW + 1
WRITERS = ("admin", "reporter")


@dataclass(frozen=True)
class Column:
    key: str  # i18n key of the header
    field: str
    width: int
    editable: bool

    @property
    def label(self) -> str:
        return t(self.key, LANG)


COLUMNS = (
    Column("sheet_col_number", "number", 7, False),
    Column("sheet_col_text", "text", 56, False),
    Column("sheet_col_role", "role", 11, False),
    Column("sheet_col_status", "status", 11, True),
    Column("sheet_col_percent", "percent", 10, True),
    Column("sheet_col_progress", "progress", 44, True),
    Column("sheet_col_next", "next_steps", 32, True),
    Column("sheet_col_problems", "problems", 28, True),
    Column("sheet_col_date", "as_of", 13, True),
)
_BY_FIELD = {c.field: c for c in COLUMNS}
INPUTS = tuple(c.field for c in COLUMNS if c.editable)
TEXT_FIELDS = ("progress", "next_steps", "problems")


@dataclass(frozen=True)
class Problem:
    """One problem of a filled sheet: where (file, row, column) and what (an i18n key ``sheet_err_*`` and its
    values), so the command line says it in English and the page in the UI's language."""

    file: str
    key: str
    params: tuple[tuple[str, object], ...] = ()
    row: int | None = None
    column: str | None = None
    whole: Callable[[str], str] | None = None  # a line that comes localized already (the upload guard's limits)

    def line(self, lang: str = "en") -> str:
        if self.whole is not None:
            return self.whole(lang)
        message = t(self.key, lang).format(**dict(self.params))
        where = []
        if self.row is not None:
            where.append(t("ingest_where_row", lang).format(row=self.row))
        if self.column:
            where.append(t("ingest_where_column", lang).format(column=self.column))
        colon = t("colon", lang)
        return colon.join([self.file, *([t("list_sep", lang).join(where)] if where else []), message])


def problem(file: str, key: str, row: int | None = None, column: str | None = None, **params: object) -> Problem:
    return Problem(file, key, tuple(params.items()), row, column)


class SheetRejected(ValueError):
    """A filled sheet that cannot be imported: every problem, one line each ("FILE: row R, column 列名: message";
    ``errors`` in English, ``localized(lang)`` in the UI's language). Nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.errors = [p.line("en") for p in self.problems]
        super().__init__("\n".join(self.errors))

    def localized(self, lang: str) -> list[str]:
        return [p.line(lang) for p in self.problems]


class CellError(ValueError):
    """A cell that does not parse (a percentage, a date): an i18n key and its values; str() is the English."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(t(key, "en").format(**params))


def _role_label(role: str) -> str:
    return t("tasks_role_lead" if role == "lead" else "tasks_role_co", LANG)


def _plan_period(plan: Plan, name: str) -> periods.Period:
    if not plan.report_cycle:
        raise ProgressError(f"plan {plan.id} has no reporting cycle yet (the office sets it)")
    try:
        return periods.parse_period(name, plan.report_cycle)
    except periods.PeriodError as exc:
        raise ProgressError(str(exc)) from None


def _department_rows(session: Session, plan_id: int, department: str) -> list[tuple[Assignment, Measure]]:
    return list(
        session.execute(
            select(Assignment, Measure)
            .join(Measure, Measure.id == Assignment.measure_id)
            .where(Assignment.plan_id == plan_id, Assignment.department == department)
            .order_by(Measure.position, Assignment.id)
        )
    )


def _held(session: Session, assignment_ids: list[int], period: str) -> dict[int, ProgressReport]:
    """The latest version of each assignment's report for PERIOD."""
    out: dict[int, ProgressReport] = {}
    for start in range(0, len(assignment_ids), 900):  # SQLite's bound-parameter limit
        chunk = assignment_ids[start : start + 900]
        for report in session.scalars(
            select(ProgressReport)
            .where(ProgressReport.assignment_id.in_(chunk), ProgressReport.period == period)
            .order_by(ProgressReport.version)
        ):
            out[report.assignment_id] = report
    return out


# --- the template ------------------------------------------------------------------------------------------------


def write_template(plan_id: int, department: str, period: str, *, url: str | None = None) -> bytes:
    """The department's sheet for PERIOD (a name in the plan's cycle: 2026-Q4 …), as .xlsx bytes: one row per
    assignment, prefilled from the period's report when the department sent one already (a returned report's
    comment is a note on its status cell). ProgressError for a plan without a cycle, a bad period or a department
    with no assignments in the plan."""
    dept = registry.current_name((department or "").strip())
    service.ensure_assignments(plan_id, url=url)
    with session_scope(url) as session:
        plan = plans._plan(session, plan_id)
        chosen = _plan_period(plan, period)
        rows = _department_rows(session, plan_id, dept)
        if not rows:
            raise ProgressError(f"plan {plan_id} has no assignments of {dept}")
        held = _held(session, [a.id for a, _ in rows], chosen.name)
        lines = []
        for a, m in rows:
            report = held.get(a.id)
            if report is not None and report.state == "draft":
                report = None  # a draft is the department's own, unsent; the sheet shows what was sent
            lines.append((m.number, m.text, _role_label(a.role), report))
        return _build(plan.title, plan.id, dept, chosen, lines)


def _build(title: str, plan_id: int, department: str, period: periods.Period, lines: list) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = load_rules()
    wb = Workbook()
    ws = wb.active
    ws.title = t("sheet_progress", LANG)
    last = get_column_letter(len(COLUMNS))
    ws.cell(TITLE_ROW, 1, t("sheet_progress_title", LANG).format(plan=title, department=department, period=period.name))
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=13)
    ws.row_dimensions[TITLE_ROW].height = 24
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    input_fill = PatternFill("solid", fgColor="FFF8E1")  # the cells to fill in stand out from the locked ones
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, i, column.label)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = column.width
    wrap_top = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    for r, (number, text, role, report) in enumerate(lines, start=FIRST_ROW):
        values = {"number": number, "text": text, "role": role}
        if report is not None:
            values.update(
                status=report.status, percent=report.percent, progress=report.progress,
                next_steps=report.next_steps, problems=report.problems, as_of=report.as_of,
            )  # fmt: skip
        for i, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, i, values.get(column.field))
            keep_as_text(cell)
            cell.alignment = wrap_top
            if column.editable:
                cell.protection = unlocked
                cell.fill = input_fill
        ws.cell(r, _index("as_of")).number_format = "yyyy-mm-dd"
        ws.row_dimensions[r].height = _row_height(values)
        if report is not None and report.state == "returned" and report.review_comment:
            note = t("sheet_returned_note", LANG).format(comment=report.review_comment)
            ws.cell(r, _index("status")).comment = Comment(note, report.reviewer or "", width=240, height=90)
    bottom = FIRST_ROW + len(lines) - 1
    statuses = rules.status_names
    choose = DataValidation(
        type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True, showErrorMessage=True,
        showInputMessage=True, prompt=t("sheet_status_prompt", LANG),
        error=t("sheet_status_error", LANG).format(statuses="、".join(statuses)),
    )  # fmt: skip
    percent = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
        showErrorMessage=True, showInputMessage=True, prompt=t("sheet_percent_prompt", LANG),
        error=t("sheet_percent_prompt", LANG),
    )  # fmt: skip
    date_hint = DataValidation(showInputMessage=True, prompt=t("sheet_date_prompt", LANG), allow_blank=True)
    for validation, field in ((choose, "status"), (percent, "percent"), (date_hint, "as_of")):
        letter = get_column_letter(_index(field))
        validation.add(f"{letter}{FIRST_ROW}:{letter}{bottom}")
        ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    # Protected without a password: the lock guards against slips, not against people (a password in the source
    # would guard nothing); the import compares the locked columns with the plan anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights stay adjustable
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    meta = wb.create_sheet(META_SHEET)
    for key, value in (
        ("format", FORMAT), ("plan", plan_id), ("department", department), ("period", period.name),
        ("cycle", period.cycle), ("rules", rules.version),
    ):  # fmt: skip
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet unhidden, renamed or added by accident
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row_height(values: dict) -> float:
    """Points for the row's longest text when wrapped (a CJK character is two width units): spreadsheet programs
    do not all grow a row to its wrapped text on opening."""
    lines = 1
    for column in COLUMNS:
        text = values.get(column.field)
        if isinstance(text, str) and text:
            units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
            lines = max(lines, -(-units // max(column.width - 1, 1)) + text.count("\n"))
    return 15.0 * min(lines, 20) + 3


def _index(field: str) -> int:
    return COLUMNS.index(_BY_FIELD[field]) + 1


# --- reading a filled sheet --------------------------------------------------------------------------------------


def _limits() -> Limits:
    """The guard's caps, tighter where this process parses: a template of a few hundred rows is well under 1 MB."""
    return replace(Limits.from_env(), max_uncompressed=20 * MB, max_rows=10_000, max_columns=60)


@dataclass
class _Sheet:
    cells: dict[tuple[int, int], object]  # (row, column) -> cell, only cells that hold a value
    bottom: int
    meta: dict[str, object]
    header: list[str]


def _open(data: bytes, name: str) -> _Sheet:
    """The data sheet of a workbook made by write_template, or SheetRejected with one line."""
    if not data:
        raise SheetRejected([problem(name, "sheet_err_empty_file")])
    try:
        check_bytes(data, name, _limits())
    except IngestError as exc:
        raise SheetRejected([Problem(name, "", whole=exc.localized)]) from None  # a limit, in the UI's language
    if not _is_workbook(data):
        raise SheetRejected([problem(name, "sheet_err_not_workbook")])
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise SheetRejected([problem(name, "sheet_err_unreadable", detail=type(exc).__name__)]) from None
    title = t("sheet_progress", LANG)
    if title not in wb.sheetnames or META_SHEET not in wb.sheetnames:
        raise SheetRejected([problem(name, "sheet_err_not_template", sheet=title)])
    meta = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(max_col=2, values_only=True) if row and row[0]}
    if not all(meta.get(k) for k in ("plan", "department", "period")):
        raise SheetRejected([problem(name, "sheet_err_meta_missing")])
    ws = wb[title]
    _refuse_uncalculated_formulas(data, name, ws)
    # Only the cells that hold a value (a styled cell at XFD1048576 must not make a huge grid).
    cells = {key: cell for key, cell in ws._cells.items() if cell.value is not None and cell.value != ""}
    header = [_text(cells.get((HEADER_ROW, i)).value if (HEADER_ROW, i) in cells else None) for i in _columns()]
    return _Sheet(cells, max((r for r, _ in cells), default=0), meta, header)


def _refuse_uncalculated_formulas(data: bytes, name: str, values) -> None:
    """A formula whose value was never calculated (a sheet written by a script) reads as an empty cell: the text it
    stands for would be lost without a word. Each such input cell is named; Excel or WPS calculates on saving."""
    if not _has_formulas(data):
        return  # the usual sheet: no second reading of the workbook
    import openpyxl

    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)[values.title]
    columns = {i: c for i, c in enumerate(COLUMNS, start=1)}
    problems = [
        problem(name, "sheet_err_formula", row, columns[col].label, formula=str(cell.value)[:60])
        for (row, col), cell in sorted(formulas._cells.items())
        if cell.data_type == "f"
        and row >= FIRST_ROW
        and col in columns
        and getattr(values._cells.get((row, col)), "value", None) is None
    ]
    if problems:
        raise SheetRejected(problems)


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the (already checked) workbook holds a formula element: a byte search, no parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            b"<f>" in (body := archive.read(member)) or b"<f " in body or b":f>" in body or b":f " in body
            for member in archive.namelist()
            if member.startswith("xl/worksheets/") and member.endswith(".xml")
        )


def _is_workbook(data: bytes) -> bool:
    """An Office Open XML spreadsheet: a zip holding xl/workbook.xml (a .docx is a zip too)."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _columns() -> range:
    return range(1, len(COLUMNS) + 1)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


_PERCENT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*[%％]?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_WIDE = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


def parse_percent(cell) -> int | None:
    """40, "40", "40%", or 0.4 shown as a percentage -> 40; None when empty; ValueError otherwise."""
    value = cell.value
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        raise CellError("sheet_err_percent_bad", value=value)
    if isinstance(value, int | float):
        number = float(value) * (100 if "%" in (cell.number_format or "") else 1)
    else:
        text = _text(value).translate(_WIDE)
        match = _PERCENT.match(text)
        if not match:
            raise CellError("sheet_err_percent_bad", value=_text(value))
        number = float(match.group(1))
    number = round(number, 6)
    if not 0 <= number <= 100:
        raise CellError("sheet_err_percent_range", value=f"{number:g}")
    return int(number + 0.5)  # half up, as people round (round() would give 40 for 40.5)


def parse_date(value: object) -> dt.date | None:
    """An Excel date, 2026-11-30, 2026/11/30 or 2026年11月30日; None when empty; ValueError otherwise."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            day = from_excel(value).date()  # a date typed into a cell formatted as a number
        except (ValueError, OverflowError, TypeError):
            raise CellError("sheet_err_date_bad", value=_text(value)) from None
    else:
        match = _DATE.match(_text(value).translate(_WIDE))
        if not match:
            raise CellError("sheet_err_date_bad", value=_text(value))
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise CellError("sheet_err_date_no_day", value=_text(value)) from None
    if not 1900 < day.year < 2200:
        raise CellError("sheet_err_date_range", value=day.isoformat())
    return day


def _unchanged(report: ProgressReport | None, item: ReportInput) -> bool:
    """The row says what the department already sent for the period (a prefilled row left as it was)."""
    if report is None or report.state == "draft":
        return False
    return (report.status, report.percent, report.as_of, report.progress, report.next_steps, report.problems) == (
        item.status, item.percent, item.as_of, item.progress.strip(), item.next_steps.strip(), item.problems.strip(),
    )  # fmt: skip


def read_filled(data: bytes, file_name: str, actor: Actor, *, url: str | None = None) -> list[tuple[int, ReportInput]]:
    """The reports a filled sheet holds, as (assignment id, ReportInput), after checking EVERY row: SheetRejected
    listing each problem otherwise. Rows whose input cells are all empty are skipped, and so are rows that say
    exactly what was already sent for the period; a sheet with nothing to import is an error too.

    A reporter imports only its own department's sheet; an admin (the office) may import any department's.
    Forbidden for anyone else."""
    name = Path(file_name or "").name or "upload.xlsx"
    if actor is None or actor.kind == "anonymous" or actor.role not in WRITERS:
        who = getattr(actor, "username", "anonymous")
        raise Forbidden(f"{who} ({getattr(actor, 'role', None)}) may not import progress sheets")
    sheet = _open(data, name)
    expected = [c.label for c in COLUMNS]
    if sheet.header != expected:
        wrong = next(i for i, (a, b) in enumerate(zip(sheet.header, expected, strict=True)) if a != b)
        raise SheetRejected(
            [problem(name, "sheet_err_header", HEADER_ROW, expected[wrong], columns="、".join(expected))]
        )
    department = registry.current_name(_text(sheet.meta["department"]))
    if actor.role == "reporter" and actor.department != department:
        raise SheetRejected(
            [problem(name, "sheet_err_other_department", department=department, user=actor.username,
                     own=actor.department)]
        )  # fmt: skip
    try:
        plan_id = int(_text(sheet.meta["plan"]))
    except ValueError:
        raise SheetRejected([problem(name, "sheet_err_meta_missing")]) from None
    rules = load_rules()
    with session_scope(url) as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise SheetRejected([problem(name, "sheet_err_no_plan", plan=plan_id)])
        try:
            period = _plan_period(plan, _text(sheet.meta["period"]))
        except ProgressError as exc:
            raise SheetRejected(
                [problem(name, "sheet_err_period", period=_text(sheet.meta["period"]), detail=exc)]
            ) from None
        rows = _department_rows(session, plan_id, department)
        held = _held(session, [a.id for a, _ in rows], period.name)
    by_number = {m.number: (a, m) for a, m in rows}
    default_day = min(period.end, rules.today())
    errors: list[Problem] = []
    items: list[tuple[int, ReportInput]] = []
    seen: dict[int, int] = {}
    unchanged = 0

    def fail(row: int, field: str, key: str, **params: object) -> None:
        errors.append(problem(name, key, row, _BY_FIELD[field].label, **params))

    for r in range(FIRST_ROW, sheet.bottom + 1):
        cell = {c.field: sheet.cells.get((r, i)) for i, c in enumerate(COLUMNS, start=1)}
        if all(cell[f] is None for f in INPUTS):
            continue  # nothing filled in: this measure is not reported in this sheet
        raw_number = _text(cell["number"].value if cell["number"] else None)
        if not raw_number:
            fail(r, "number", "sheet_err_number_empty")
            continue
        if not raw_number.isdecimal():  # ① and ² are digits to str.isdigit, but no number to int()
            fail(r, "number", "sheet_err_number_bad", value=raw_number)
            continue
        number = int(raw_number)
        if number not in by_number:
            fail(r, "number", "sheet_err_not_ours", number=number, department=department, plan=plan_id)
            continue
        if number in seen:
            fail(r, "number", "sheet_err_duplicate", number=number, first=seen[number])
            continue
        seen[number] = r
        assignment, measure = by_number[number]
        text = _text(cell["text"].value if cell["text"] else None)
        if not _same_text(text, measure.text):
            fail(r, "text", "sheet_err_text_locked", number=number)
        role = _text(cell["role"].value if cell["role"] else None)
        if role != _role_label(assignment.role):
            fail(r, "role", "sheet_err_role_locked", department=department, role=_role_label(assignment.role),
                 number=number)  # fmt: skip
        status = _text(cell["status"].value if cell["status"] else None)
        if not status:
            fail(r, "status", "sheet_err_status_empty", statuses="、".join(rules.status_names))
        elif status not in rules.status_names:
            fail(r, "status", "sheet_err_status_bad", value=status, statuses="、".join(rules.status_names))
        percent = day = None
        try:
            percent = parse_percent(cell["percent"]) if cell["percent"] else None
        except CellError as exc:
            fail(r, "percent", exc.key, **exc.params)
        try:
            day = parse_date(cell["as_of"].value if cell["as_of"] else None)
        except CellError as exc:
            fail(r, "as_of", exc.key, **exc.params)
        texts = {f: _text(cell[f].value if cell[f] else None) for f in TEXT_FIELDS}
        report = held.get(assignment.id)
        item = ReportInput(
            period=period.name, as_of=day or default_day, status=status, percent=percent,
            places=tuple(report.places or ()) if report is not None else (), **texts,
        )  # fmt: skip
        if _unchanged(report, item):
            unchanged += 1
            continue
        if report is not None and report.state == "submitted":
            fail(r, "number", "sheet_err_awaits_review", period=period.name, number=number)
            continue
        items.append((assignment.id, item))
    if errors:
        raise SheetRejected(errors)
    if not items:
        if unchanged:
            raise SheetRejected([problem(name, "sheet_err_nothing_new", period=period.name)])
        raise SheetRejected([problem(name, "sheet_err_no_rows", field=_BY_FIELD["status"].label)])
    return items


def import_filled(data: bytes, file_name: str, actor: Actor, *, url: str | None = None) -> list[ReportInfo]:
    """Read and check a filled sheet, then save its reports as submitted, under ACTOR, in ONE transaction (all or
    nothing, audited). SheetRejected (nothing saved) for any bad row; Forbidden when ACTOR may not write them."""
    items = read_filled(data, file_name, actor, url=url)
    try:
        return progress_service.save_reports(actor, items, submit=True, url=url)
    except ProgressError as exc:  # changed between the check and the save (a review, a new cycle)
        text = f"{Path(file_name or '').name}: {exc}"
        raise SheetRejected([Problem("", "", whole=lambda _lang: text)]) from None
