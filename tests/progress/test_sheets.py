"""The Excel round trip (geo.progress.sheets) on SQLite and PostgreSQL: a department downloads its sheet, fills
it in and sends it back; every bad row is named in one line and nothing is saved unless every row is right."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hostile_files import zip_bomb
from progress_support import EDU, FIRST, NAME, PLAN, SCI, col, edit, report_count

from geo.progress import sheets
from geo.progress.rules import load_rules
from geo.store import audit, progress_service, service

PERIOD = "2026-Q4"


def sci_numbers() -> list[int]:
    return [a.measure for a in service.list_assignments(PLAN, department=SCI)]


def other_department_number() -> int:
    """A measure that 省科技厅 has no assignment on."""
    ours = set(sci_numbers())
    return next(a.measure for a in service.list_assignments(PLAN) if a.measure not in ours)


def test_the_template_has_one_locked_row_per_assignment_a_drop_down_and_the_plan_inside(world):
    data = sheets.write_template(PLAN, "广东省科学技术厅", PERIOD)  # any name the registry knows reaches 省科技厅
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheets.t("sheet_progress", sheets.LANG)]
    assert [ws.cell(sheets.HEADER_ROW, i).value for i in range(1, 10)] == [
        "序号", "具体措施", "本部门角色", "进展状态", "完成比例", "进展情况", "下一步计划", "存在问题", "报告日期",
    ]  # fmt: skip
    rows = list(ws.iter_rows(min_row=FIRST, max_col=3, values_only=True))
    assignments = service.list_assignments(PLAN, department=SCI)
    assert [r[0] for r in rows] == [a.measure for a in assignments]
    assert [r[1] for r in rows] == [a.text for a in assignments]
    assert {r[2] for r in rows} <= {"牵头", "配合"}
    assert ws.protection.sheet
    assert ws.cell(FIRST, col("text")).protection.locked
    assert not ws.cell(FIRST, col("status")).protection.locked
    assert not ws.cell(FIRST, col("as_of")).protection.locked
    assert ws.freeze_panes == f"A{FIRST}"
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == '"' + ",".join(load_rules().status_names) + '"'
    assert f"D{FIRST}" in str(lists[0].sqref)
    meta = wb[sheets.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    facts = {r[0]: r[1] for r in meta.iter_rows(values_only=True)}
    assert (facts["plan"], facts["department"], facts["period"]) == (PLAN, SCI, PERIOD)


def test_a_filled_sheet_is_saved_as_submitted_reports_under_the_user_and_comes_back_prefilled(world):
    sci = world["sci"]
    data = sheets.write_template(PLAN, SCI, PERIOD)
    numbers = sci_numbers()
    filled = edit(
        data,
        {
            (FIRST, "status"): "推进中", (FIRST, "percent"): 0.4, (FIRST, "progress"): "已完成方案编制。",
            (FIRST, "as_of"): dt.datetime(2026, 11, 20),
            (FIRST + 1, "status"): "已完成", (FIRST + 1, "percent"): "100%", (FIRST + 1, "as_of"): "2026年11月30日",
            (FIRST + 2, "status"): "滞后", (FIRST + 2, "percent"): 15, (FIRST + 2, "as_of"): "2026/11/3",
            (FIRST + 2, "problems"): "资金未到位。",
        },
        formats={(FIRST, "percent"): "0%"},
    )  # fmt: skip
    saved = sheets.import_filled(filled, NAME, sci)
    assert [(r.measure, r.status, r.percent, r.as_of, r.state, r.author) for r in saved] == [
        (numbers[0], "推进中", 40, "2026-11-20", "submitted", "sci"),
        (numbers[1], "已完成", 100, "2026-11-30", "submitted", "sci"),
        (numbers[2], "滞后", 15, "2026-11-03", "submitted", "sci"),
    ]
    assert report_count() == 3  # the rows left empty are not reports
    trail = [e for e in audit.entries(limit=3)]
    assert {(e.actor, e.action) for e in trail} == {("sci", "report.create+submit")}
    # The next download shows what was sent; sending it back unchanged saves nothing new.
    again = sheets.write_template(PLAN, SCI, PERIOD)
    ws = openpyxl.load_workbook(io.BytesIO(again))[sheets.t("sheet_progress", sheets.LANG)]
    assert ws.cell(FIRST, col("status")).value == "推进中"
    assert ws.cell(FIRST, col("progress")).value == "已完成方案编制。"
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(again, NAME, sci)
    assert caught.value.errors == [f"{NAME}: nothing new: every filled row is as already reported for {PERIOD}"]
    assert report_count() == 3


def test_every_kind_of_bad_row_is_named_and_nothing_is_saved(world):
    data = sheets.write_template(PLAN, SCI, PERIOD)
    numbers = sci_numbers()
    good = {(FIRST, "status"): "推进中", (FIRST, "percent"): 30}
    bad = {
        (FIRST + 1, "status"): "进行中",  # not a status of data/progress.json
        (FIRST + 2, "status"): "推进中", (FIRST + 2, "as_of"): "2026-02-30",
        (FIRST + 3, "status"): "推进中", (FIRST + 3, "percent"): 140,
        (FIRST + 4, "status"): "推进中", (FIRST + 4, "number"): other_department_number(),
        (FIRST + 5, "status"): "推进中", (FIRST + 5, "text"): "改过的措施文字",
        (FIRST + 6, "status"): "推进中",
        (FIRST + 7, "percent"): 50,  # a filled row without a status
    }  # fmt: skip
    role_row = FIRST + 6
    lead = next(a for a in service.list_assignments(PLAN, department=SCI) if a.measure == numbers[6]).role == "lead"
    bad[(role_row, "role")] = "配合" if lead else "牵头"
    before = report_count()
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(edit(data, {**good, **bad}), NAME, world["sci"])
    errors = caught.value.errors
    statuses = "、".join(load_rules().status_names)
    expected = [
        (FIRST + 1, "进展状态", f"'进行中' is not one of {statuses}"),
        (FIRST + 2, "报告日期", "'2026-02-30' is not a date"),
        (FIRST + 3, "完成比例", "140% is outside 0–100"),
        (FIRST + 4, "序号", f"is not an assignment of {SCI}"),
        (FIRST + 5, "具体措施", "locked column changed"),
        (FIRST + 6, "本部门角色", "locked column changed"),
        (FIRST + 7, "进展状态", "empty"),
    ]
    assert len(errors) == len(expected), errors
    for line, (row, column, words) in zip(errors, expected, strict=True):
        assert line.startswith(f"{NAME}: row {row}, column {column}: "), line
        assert words in line, line
        assert "\n" not in line
    assert report_count() == before == 0
    # The page says the same in the UI's language, one line per problem.
    chinese = caught.value.localized("zh")
    assert len(chinese) == len(errors)
    assert chinese[0] == f"{NAME}：第 {FIRST + 1} 行、进展状态 列：“进行中”不是 {statuses} 之一"
    assert chinese[2] == f"{NAME}：第 {FIRST + 3} 行、完成比例 列：140% 超出 0–100"
    # The same sheet with the bad rows put right goes in whole.
    fixed = edit(data, {**good, (FIRST + 3, "status"): "推进中", (FIRST + 3, "percent"): "40%"})
    assert len(sheets.import_filled(fixed, NAME, world["sci"])) == 2
    assert report_count() == 2


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,status\n1,x\n", "not an Excel workbook"),
        ("docx-like zip", "not an Excel workbook"),
        ("plain workbook", "no sheet 进展填报"),
        ("edited header", "row 2, column 进展状态: the header is not the template's"),
        ("far cell", "XFD1048576"),
        ("zip bomb", "uncompressed"),
    ],
)
def test_a_file_that_is_not_a_filled_template_is_one_line_and_nothing_is_saved(world, content, words):
    if content == "docx-like zip":
        buf = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
        content = buf.getvalue()
    elif content == "plain workbook":
        wb = openpyxl.Workbook()
        wb.active.append(["序号", "进展状态"])
        buf = io.BytesIO()
        wb.save(buf)
        content = buf.getvalue()
    elif content == "edited header":
        content = edit(sheets.write_template(PLAN, SCI, PERIOD), {(sheets.HEADER_ROW, "status"): "状态"})
    elif content == "far cell":
        content = edit(sheets.write_template(PLAN, SCI, PERIOD), {(FIRST, "status"): "推进中"})
        wb = openpyxl.load_workbook(io.BytesIO(content))
        wb[sheets.t("sheet_progress", sheets.LANG)]["XFD1048576"] = "x"
        buf = io.BytesIO()
        wb.save(buf)
        content = buf.getvalue()
    elif content == "zip bomb":
        content = zip_bomb(30)
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(content, NAME, world["sci"])
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith(NAME), caught.value.errors
    assert words in caught.value.errors[0]
    assert report_count() == 0


def test_a_sheet_with_no_filled_row_is_refused(world):
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(sheets.write_template(PLAN, SCI, PERIOD), NAME, world["sci"])
    assert caught.value.errors == [f"{NAME}: no filled row: fill in 进展状态 for at least one measure"]


def test_only_the_sheets_department_or_the_office_imports_it(world):
    data = edit(sheets.write_template(PLAN, SCI, PERIOD), {(FIRST, "status"): "推进中"})
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(data, NAME, world["edu"])
    assert caught.value.errors == [f"{NAME}: this sheet is for {SCI}; edu reports for {EDU}"]
    for who in ("viewer", "reviewer"):
        with pytest.raises(service.Forbidden):
            sheets.import_filled(data, NAME, world[who])
    assert report_count() == 0
    saved = sheets.import_filled(data, NAME, world["office"])  # the office may send a department's sheet
    assert [(r.department, r.author, r.state) for r in saved] == [(SCI, "office", "submitted")]


def test_a_disabled_account_imports_nothing(world):
    data = edit(sheets.write_template(PLAN, SCI, PERIOD), {(FIRST, "status"): "推进中"})
    service.set_disabled(service.OPERATOR, "sci")
    with pytest.raises(service.Forbidden):
        sheets.import_filled(data, NAME, world["sci"])
    assert report_count() == 0


def test_a_report_awaiting_review_cannot_be_changed_by_a_sheet_but_a_returned_one_can(world):
    sci, office = world["sci"], world["office"]
    data = sheets.write_template(PLAN, SCI, PERIOD)
    first = sheets.import_filled(edit(data, {(FIRST, "status"): "推进中"}), NAME, sci)[0]
    changed = edit(data, {(FIRST, "status"): "滞后"})
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(changed, NAME, sci)
    assert caught.value.errors[0].startswith(f"{NAME}: row {FIRST}, column 序号: the {PERIOD} report")
    assert "awaits review" in caught.value.errors[0]
    progress_service.review_report(office, first.id, "return", "请补充进展情况")
    # The returned report's comment comes with the next download, as a note on its status cell.
    again = sheets.write_template(PLAN, SCI, PERIOD)
    ws = openpyxl.load_workbook(io.BytesIO(again))[sheets.t("sheet_progress", sheets.LANG)]
    assert "请补充进展情况" in ws.cell(FIRST, col("status")).comment.text
    saved = sheets.import_filled(edit(again, {(FIRST, "progress"): "已补充。"}), NAME, sci)
    assert [(r.version, r.state, r.supersedes_id) for r in saved] == [(2, "submitted", first.id)]


def test_a_period_outside_the_plans_cycle_or_a_department_without_assignments_is_refused(world):
    with pytest.raises(progress_service.ProgressError, match="not a quarterly period"):
        sheets.write_template(PLAN, SCI, "2026-11")
    with pytest.raises(progress_service.ProgressError, match="no assignments of"):
        sheets.write_template(PLAN, "火星局", PERIOD)


class _Cell:
    def __init__(self, value, number_format="General"):
        self.value, self.number_format = value, number_format


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (40, "General", 40), ("40", "General", 40), ("40%", "General", 40), ("40 ％", "General", 40),
        (0.4, "0%", 40), (0.405, "0.0%", 41), (100, "General", 100), (0, "General", 0), (None, "General", None),
        ("", "General", None), (33.3, "General", 33),
    ],
)  # fmt: skip
def test_percentages_as_people_type_them(value, number_format, expected):
    assert sheets.parse_percent(_Cell(value, number_format)) == expected


@pytest.mark.parametrize("value", [140, "140%", -5, "四十", "40 percent", 150])
def test_percentages_outside_0_to_100_or_not_numbers_are_refused(value):
    with pytest.raises(ValueError):
        sheets.parse_percent(_Cell(value))


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.datetime(2026, 11, 30), dt.date(2026, 11, 30)), (dt.date(2026, 11, 30), dt.date(2026, 11, 30)),
        ("2026-11-30", dt.date(2026, 11, 30)), ("2026/11/30", dt.date(2026, 11, 30)),
        ("2026年11月30日", dt.date(2026, 11, 30)), ("２０２６年１１月３日", dt.date(2026, 11, 3)),
        (46356, dt.date(2026, 11, 30)), (None, None),
    ],
)  # fmt: skip
def test_dates_as_people_type_them(value, expected):
    assert sheets.parse_date(value) == expected


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "明年", "30/11/2026", "1800-01-01"])
def test_dates_that_do_not_parse_are_refused(value):
    with pytest.raises(ValueError):
        sheets.parse_date(value)


def test_a_circled_number_or_an_uncalculated_formula_is_a_named_row_not_a_crash(world):
    data = sheets.write_template(PLAN, SCI, PERIOD)
    filled = edit(
        data,
        {
            (FIRST, "status"): "推进中",
            (FIRST, "progress"): '=HYPERLINK("http://x","已完成")',  # written by a script: no value calculated
            (FIRST + 1, "status"): "推进中",
            (FIRST + 1, "number"): "①",
        },
    )
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(filled, NAME, world["sci"])
    errors = caught.value.errors
    assert len(errors) == 1 and errors[0].startswith(f"{NAME}: row {FIRST}, column 进展情况: the formula (=HYPERLINK")
    assert report_count() == 0
    without_formula = edit(
        data, {(FIRST, "status"): "推进中", (FIRST + 1, "status"): "推进中", (FIRST + 1, "number"): "①"}
    )
    with pytest.raises(sheets.SheetRejected) as caught:
        sheets.import_filled(without_formula, NAME, world["sci"])
    assert caught.value.errors == [f"{NAME}: row {FIRST + 1}, column 序号: '①' is not a measure number"]
    assert report_count() == 0
