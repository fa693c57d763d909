"""Task tables laid out the way government offices make them in Excel and Word: section rows merged across the
row with the numbering starting again under each, hidden sheets and rows, sign-off lines under the table, one
measure over two rows, outline numbers (1 / 1.1), month deadlines stored as dates, bilingual headers."""

from __future__ import annotations

import datetime as dt

import pytest
from table_builders import csv_table, docx_document, fields_of, xls_hiding, xlsx_hiding, xlsx_sheet

from geo.ingest.errors import IngestError
from geo.ingest.pipeline import load_table, parse_source

HEADER = ["序号", "具体措施", "牵头单位"]
HEADER_DEADLINE = ["序号", "具体措施", "牵头单位", "完成时限"]
NANSHA = "支持广州南沙建设粤港澳全面合作示范区。"
HENGQIN = "推进横琴粤澳深度合作区建设。"
QIANHAI = "支持前海开展跨境金融试点。"
JIANGMEN = "推动江门、肇庆承接产业转移。"


# --- 1. numbering that starts again under section rows merged across the row ------------------------------------


def _restart_xlsx() -> bytes:
    return xlsx_sheet(
        [
            HEADER,
            ["一、", "扩大金融业对外开放", None],
            [1, QIANHAI, "深圳市人民政府"],
            [2, NANSHA, "广州市人民政府"],
            ["二、", "促进区域协调发展", None],
            [1, JIANGMEN, "省工业和信息化厅"],
        ],
        merges=["B2:C2", "B5:C5"],
    )


def _restart_docx() -> bytes:
    rows = [
        ["序号", "具体工作", "责任单位", "完成时间"],
        ["一、", "扩大金融业对外开放", "", ""],
        ["（一）", "深化跨境金融合作", "", ""],
        ["1", QIANHAI, "深圳市人民政府", "2025年"],
        ["2", NANSHA, "广州市人民政府", "2025年"],
        ["二、", "促进区域协调发展", "", ""],
        ["1", JIANGMEN, "省工业和信息化厅", "2026年"],
    ]
    merges = [(1, 1, 1, 3), (2, 1, 2, 3), (5, 1, 5, 3)]
    return docx_document(["附件", {"rows": rows, "merges": merges}])


@pytest.mark.parametrize(("build", "name"), [(_restart_xlsx, "分工表.xlsx"), (_restart_docx, "分工表.docx")])
def test_numbers_start_again_under_section_rows_merged_across_the_row(build, name):
    measures = parse_source(build(), name)

    assert fields_of(measures, "id", "theme", "text") == [
        (1, "扩大金融业对外开放", QIANHAI),
        (2, "扩大金融业对外开放", NANSHA),
        (3, "促进区域协调发展", JIANGMEN),
    ]


def test_section_numbered_with_a_chinese_numeral_is_a_heading_even_with_a_unit_beside_it():
    table = xlsx_sheet(
        [
            HEADER,
            ["一", "扩大金融业对外开放", "省地方金融监管局"],
            [1, QIANHAI, "深圳市人民政府"],
            ["二", "促进区域协调发展", "省发展改革委"],
            [1, JIANGMEN, "省工业和信息化厅"],
        ]
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "id", "theme", "text") == [
        (1, "扩大金融业对外开放", QIANHAI),
        (2, "促进区域协调发展", JIANGMEN),
    ]


def test_numbers_going_back_without_a_section_row_are_still_a_duplicate():
    table = xlsx_sheet([HEADER, [1, QIANHAI, "深圳市人民政府"], [1, NANSHA, "广州市人民政府"]])

    with pytest.raises(IngestError, match=r"row 3.*duplicate 序号 1 \(first used in row 2\)"):
        parse_source(table, "分工表.xlsx")


# --- 2. hidden sheets and rows ------------------------------------------------------------------------------------

HIDDEN_BUILDERS = [(xlsx_hiding, "分工表.xlsx"), (xls_hiding, "分工表.xls")]


@pytest.mark.parametrize(("build", "name"), HIDDEN_BUILDERS)
def test_a_hidden_old_version_sheet_is_not_imported(build, name):
    table = build(
        [HEADER, [1, HENGQIN, "珠海市人民政府"]],
        hidden_sheets={"2024版（作废）": [HEADER, [1, "旧措施：推进南沙建设。", "广州市人民政府"]]},
    )

    measures = parse_source(table, name)

    assert fields_of(measures, "text", "departments") == [(HENGQIN, ["珠海市人民政府"])]


def test_a_hidden_sheet_is_read_when_no_visible_sheet_holds_the_table():
    table = xlsx_hiding([["本年度无新增任务"]], hidden_sheets={"分工": [HEADER, [1, HENGQIN, "珠海市人民政府"]]})

    assert fields_of(parse_source(table, "分工表.xlsx"), "text") == [(HENGQIN,)]


@pytest.mark.parametrize(("build", "name"), HIDDEN_BUILDERS)
def test_hidden_rows_are_not_imported(build, name):
    table = build(
        [
            HEADER,
            [1, NANSHA, "广州市人民政府"],
            [2, "【已撤销】建设量子科技联合实验室。", "省科技厅"],
            [3, HENGQIN, "珠海市人民政府"],
        ],
        hidden_rows=[3],
    )

    measures = parse_source(table, name)

    assert fields_of(measures, "id", "text") == [(1, NANSHA), (3, HENGQIN)]


def test_a_row_after_a_hidden_row_is_named_by_its_number_in_the_sheet():
    table = xlsx_hiding(
        [HEADER, [1, NANSHA, "广州市人民政府"], [2, "已撤销。", "省科技厅"], [3, None, "省科技厅"]], [3]
    )

    with pytest.raises(IngestError, match=r"row 4, column B \(具体措施\): 具体措施 is empty"):
        parse_source(table, "分工表.xlsx")


# --- 5. sign-off lines, totals and notes under the table ---------------------------------------------------------


def test_sign_off_total_and_note_lines_under_the_table_are_not_measures():
    table = xlsx_sheet(
        [
            HEADER,
            [1, NANSHA, "广州市人民政府"],
            [2, HENGQIN, "珠海市人民政府"],
            ["合计", "共2项", None],
            [],
            ["填表人：李四", None, "联系电话：020-88888888"],
            ["填报单位（盖章）：", "省发展改革委", "填报日期：2025年3月1日"],
        ]
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "id", "text") == [(1, NANSHA), (2, HENGQIN)]


def test_a_subtotal_row_inside_the_table_is_skipped():
    table = xlsx_sheet([HEADER, [1, NANSHA, "广州市人民政府"], ["小计", None, None], [2, HENGQIN, "珠海市人民政府"]])

    # 小计 is neither a measure nor a heading: the measure below it keeps the theme it had (none).
    assert fields_of(parse_source(table, "分工表.xlsx"), "id", "theme", "text") == [(1, "", NANSHA), (2, "", HENGQIN)]


@pytest.mark.parametrize(
    "rows",
    [
        [[1, NANSHA, "广州市人民政府"], [2, None, "省科技厅"], [3, HENGQIN, "珠海市人民政府"]],
        [[1, NANSHA, "广州市人民政府"], [2, None, "省科技厅"], [], ["填表人：李四", None, "联系电话：020-88888888"]],
    ],
    ids=["in the table", "above the sign-off"],
)
def test_a_measure_row_without_its_text_is_still_refused(rows):
    with pytest.raises(IngestError, match=r"row 3, column B \(具体措施\): 具体措施 is empty"):
        parse_source(xlsx_sheet([HEADER, *rows]), "分工表.xlsx")


# --- 3 and 4. one measure over two rows ---------------------------------------------------------------------------


def test_a_text_typed_over_two_rows_with_its_number_units_and_deadline_merged_is_one_measure():
    table = xlsx_sheet(
        [
            HEADER_DEADLINE,
            [1, "支持广州南沙建设粤港澳全面合作示范区，推动南沙与港澳规则衔接、", "广州市人民政府", "2025年"],
            [None, "机制对接，建设高水平对外开放门户。", None, None],
            [2, HENGQIN, "珠海市人民政府", "2026年"],
        ],
        merges=["A2:A3", "C2:C3", "D2:D3"],
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "id", "text", "departments", "deadline") == [
        (
            1,
            "支持广州南沙建设粤港澳全面合作示范区，推动南沙与港澳规则衔接、机制对接，建设高水平对外开放门户。",
            ["广州市人民政府"],
            "2025年",
        ),
        (2, HENGQIN, ["珠海市人民政府"], "2026年"),
    ]


def test_one_task_numbered_over_two_whole_measures_with_merged_units_stays_two_measures():
    table = xlsx_sheet(
        [
            HEADER_DEADLINE,
            [1, "统筹推进5G基站建设", "省通信管理局", "2025年"],
            [None, "推进千兆光网建设。", None, None],
        ],
        merges=["A2:A3", "C2:C3", "D2:D3"],
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "text") == [("统筹推进5G基站建设",), ("推进千兆光网建设。",)]


def test_a_measure_merged_over_two_rows_with_a_lead_on_each_is_one_measure_with_both_leads():
    table = xlsx_sheet(
        [
            HEADER,
            [1, "支持广州南沙、深圳前海建设高水平对外开放门户。", "广州市人民政府"],
            [None, None, "深圳市人民政府"],
            [2, HENGQIN, "珠海市人民政府"],
        ],
        merges=["A2:A3", "B2:B3"],
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "id", "text", "departments") == [
        (1, "支持广州南沙、深圳前海建设高水平对外开放门户。", ["广州市人民政府", "深圳市人民政府"]),
        (2, HENGQIN, ["珠海市人民政府"]),
    ]


# --- 7. month deadlines stored as dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "name"), HIDDEN_BUILDERS)
def test_a_deadline_stored_as_a_date_reads_as_its_format_shows_it(build, name):
    table = build(
        [
            HEADER_DEADLINE,
            [1, NANSHA, "广州市人民政府", dt.datetime(2025, 12, 1)],
            [2, HENGQIN, "珠海市人民政府", dt.datetime(2026, 6, 30)],
        ],
        number_formats={"D2": 'yyyy"年"m"月"', "D3": 'yyyy"年"m"月"d"日"'},
    )

    measures = parse_source(table, name)

    # A month-only format shows the month (its 1st day is Excel's storage, not the deadline); a day shows as ISO.
    assert fields_of(measures, "deadline") == [("2025年12月",), ("2026-06-30",)]


# --- 6. outline numbers: 1 over 1.1 and 1.2 -----------------------------------------------------------------------


@pytest.mark.parametrize("theme_column", [True, False], ids=["theme column", "no theme column"])
def test_outline_numbers_sections_and_their_measures(theme_column):
    def row(number, heading, text, unit):
        return [number, heading, text, unit] if theme_column else [number, heading or text, unit]

    header = ["序号", "重点任务", "具体措施", "牵头单位"] if theme_column else HEADER
    table = xlsx_sheet(
        [
            header,
            row("1", "推进重大平台建设", None, None),
            row("1.1", None, NANSHA, "广州市人民政府"),
            row("1.2", None, HENGQIN, "珠海市人民政府"),
            row("2", "促进区域协调发展", None, None),
            row("2.1", None, JIANGMEN, "省工业和信息化厅"),
        ]
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "id", "theme", "text") == [
        (1, "推进重大平台建设", NANSHA),
        (2, "推进重大平台建设", HENGQIN),
        (3, "促进区域协调发展", JIANGMEN),
    ]


def test_outline_sections_under_chinese_numbered_themes_are_subtasks():
    table = xlsx_sheet(
        [
            HEADER,
            ["一、", "推进大湾区建设", None],
            ["1", "推进重大平台建设", None],
            ["1.1", NANSHA, "广州市人民政府"],
            ["2", "促进区域协调发展", None],
            ["2.1", JIANGMEN, "省工业和信息化厅"],
        ]
    )

    measures = parse_source(table, "分工表.xlsx")

    assert fields_of(measures, "theme", "subtask", "text") == [
        ("推进大湾区建设", "推进重大平台建设", NANSHA),
        ("推进大湾区建设", "促进区域协调发展", JIANGMEN),
    ]


def test_a_duplicate_outline_number_names_both_of_its_rows():
    table = xlsx_sheet(
        [
            HEADER,
            ["1", "推进重大平台建设", None],
            ["1.1", NANSHA, "广州市人民政府"],
            ["1.2", HENGQIN, "珠海市人民政府"],
            ["2", "促进区域协调发展", None],
            ["2.1", JIANGMEN, "省工业和信息化厅"],
            ["2.1", QIANHAI, "深圳市人民政府"],
        ]
    )

    with pytest.raises(IngestError, match=r"row 7, column A \(序号\): duplicate 序号 2\.1 \(first used in row 6\)"):
        parse_source(table, "分工表.xlsx")


# --- 8. bilingual headers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["序号 No.", "具体措施 Measure", "牵头单位 Lead Unit", "配合单位 Co-operating Units"],
        ["序号\nNo.", "具体措施\n(Measures)", "牵头单位（Lead Unit）", "配合单位/Co-operating Units"],
    ],
    ids=["after a space", "on its own line or in brackets"],
)
def test_a_bilingual_header_is_recognised_by_its_chinese_names(header):
    table = csv_table([[1, NANSHA, "广州市人民政府", "省商务厅"]], header=header, encoding="utf-8")

    measures = parse_source(table, "分工表.csv")

    assert fields_of(measures, "id", "text", "departments", "co_departments") == [
        (1, NANSHA, ["广州市人民政府"], ["省商务厅"])
    ]


def test_a_section_heading_written_above_each_word_table_heads_its_rows():
    """一、… as a paragraph above the first table (and 二、… between tables) is the theme of the rows below it;
    a document's earlier text (附件, the title, a preamble's 一、总体要求 further up) is not."""
    from table_builders import docx_document

    from geo.ingest.pipeline import load_table

    header = ["序号", "具体措施", "牵头单位"]
    data = docx_document(
        [
            "一、总体要求",
            "附件",
            "一、加快基础设施建设",
            {"rows": [header, ["1", "推动港珠澳大桥高效运营。", "省交通运输厅"]]},
            "二、深化民生合作",
            {"rows": [header, ["2", "支持澳门发展中医药产业。", "省中医药局"]]},
        ]
    )
    measures = load_table(data, "分节.docx")
    assert [(m["id"], m["theme"]) for m in measures] == [(1, "加快基础设施建设"), (2, "深化民生合作")]
    plain = docx_document(
        ["一、总体要求", "正文。", {"rows": [header, ["1", "推动港珠澳大桥高效运营。", "省交通运输厅"]]}]
    )
    assert load_table(plain, "正文.docx")[0]["theme"] == ""  # a heading further up does not head the table


def test_a_web_page_saved_as_xls_is_read_as_its_table():
    """An office system's 导出Excel: HTML in GBK with a <meta> charset, a theme over two rows (rowspan), a section
    row across the table (colspan) and a line break in a cell (<br>)."""
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>
    <table border="1"><tr><th>序号</th><th>重点任务</th><th>具体措施</th><th>牵头单位</th></tr>
    <tr><td colspan="4">一、共建国际科技创新中心</td></tr>
    <tr><td>1</td><td rowspan="2">平台建设</td><td>推进广州南沙建设。</td><td>广州市人民政府<br>省发展改革委</td></tr>
    <tr><td>2</td><td>支持深圳前海改革开放。</td><td>深圳市人民政府</td></tr></table></body></html>"""
    measures = load_table(page.encode("gbk"), "导出.xls")
    assert [(m["id"], m["theme"], m["subtask"], m["text"]) for m in measures] == [
        (1, "共建国际科技创新中心", "平台建设", "推进广州南沙建设。"),
        (2, "共建国际科技创新中心", "平台建设", "支持深圳前海改革开放。"),
    ]
    assert measures[0]["departments"] == ["广州市人民政府", "省发展改革委"]
    assert measures[1]["departments"] == ["深圳市人民政府"]


def test_a_text_table_saved_as_xls_is_read_and_other_bytes_are_still_refused():
    csv_bytes = "序号,具体措施,牵头单位\n1,推进广州南沙建设。,广州市人民政府\n".encode("gbk")
    assert [m["text"] for m in load_table(csv_bytes, "导出.xls")] == ["推进广州南沙建设。"]
    with pytest.raises(IngestError, match="not a valid .xls file"):
        load_table(b"\x00\x01\x02garbage" * 50, "坏.xls")
