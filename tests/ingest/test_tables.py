"""Task tables as .xlsx, .csv (each usual encoding) and .docx, built here the way people make them:
merged theme cells, heading rows, extra columns, header synonyms, blank cells that carry down."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest
from docx.enum.text import WD_BREAK

from geo.ingest.errors import IngestError
from geo.ingest.pipeline import KEY_ORDER, load_table, parse_source

THEME_1 = "以数据流动带动要素市场化，实现湾区发展“要素通”"
THEME_2 = "保障措施"
TEXT_1 = "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划。"
TEXT_2 = "支持广州、深圳数据交易所创建国家级数据交易所。"
TEXT_3 = "推进大湾区 5G网络深度覆盖，完善城际骨干传输网络。"
TEXT_4 = "建立“数字湾区”建设专责小组，统筹推进各项工作。"


def _xlsx(build) -> bytes:
    workbook = openpyxl.Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_merged_theme_subtask_column_and_extra_columns():
    def build(wb):
        ws = wb.active
        ws.title = "分工表"
        ws.append(["“数字湾区”建设任务分工表"])
        ws.merge_cells("A1:H1")
        ws.append(["序号", "工作任务", "子任务", "具体措施", "牵头部门", "配合单位", "完成时限", "备注"])
        ws.append(
            [
                1,
                "一、以数据流动带动要素市场化，\n实现湾区发展“要素通”",
                "1. 推动数据要素流通",
                "探索建设“港澳数据特区”，实施“南数北上、\n北数南下”计划。",
                "省发展改革委、工业和\n信息化厅",
                "省财政厅",
                dt.datetime(2025, 12, 31),
                "重点",
            ]
        )
        ws.append([2, None, None, TEXT_2, "广州市、深圳市人民政府", None, "2026年底前", None])
        ws.append(
            [3, None, "2. 建设网络基础设施", TEXT_3, "省通信管理局", "省工业和信息化厅、政务服务数据管理局", None, None]
        )
        ws.append([4, "保障措施", "（一）加强组织协调", TEXT_4, "省大湾区办、港澳办", None, None, None])
        ws.merge_cells("B3:B5")
        ws.merge_cells("C3:C4")

    measures = parse_source(_xlsx(build), "分工表.xlsx")
    assert [m["id"] for m in measures] == [1, 2, 3, 4]
    assert [m["theme"] for m in measures] == [THEME_1] * 3 + [THEME_2]
    assert [m["theme_short"] for m in measures] == ["要素通"] * 3 + ["保障措施"]
    assert [m["subtask"] for m in measures] == [
        "推动数据要素流通",
        "推动数据要素流通",
        "建设网络基础设施",
        "加强组织协调",
    ]
    assert [m["text"] for m in measures] == [TEXT_1, TEXT_2, TEXT_3, TEXT_4]
    assert measures[0]["departments"] == ["省发展改革委", "省工业和信息化厅"]
    assert measures[1]["departments"] == ["广州市人民政府", "深圳市人民政府"]
    assert measures[2]["co_departments"] == ["省工业和信息化厅", "省政务服务数据管理局"]
    assert [m["deadline"] for m in measures] == ["2025-12-31", "2026年底前", "", ""]
    assert measures[0]["source"] == {"document": "分工表", "row": 1}
    assert "备注" not in measures[0] and "remark" not in measures[0]


def test_xlsx_heading_rows_on_a_later_sheet():
    def build(wb):
        notes = wb.active
        notes.title = "说明"
        notes.append(["本表由省政务服务数据管理局汇总。"])
        ws = wb.create_sheet("任务")
        ws.append(["编号", "主要内容", "牵头单位"])
        ws.append(["一、强化数据治理，实现全省“治数通”"])
        ws.merge_cells("A2:C2")
        ws.append(["（一）完善数据制度"])
        ws.merge_cells("A3:C3")
        ws.append([1, "制定公共数据管理办法。", "省政务服务数据管理局、司法厅"])
        ws.append([2, "开展数据资产入表试点。", "佛山市、中山市人民政府"])
        ws.append(["二、推进产业协同，实现湾区“链通”", None, None])
        ws.merge_cells("A6:C6")
        ws.append([3, "鼓励企业上云用数赋智。", "省工业和信息化厅"])

    measures = parse_source(_xlsx(build), "tasks.xlsx")
    assert [(m["id"], m["theme_short"], m["subtask"]) for m in measures] == [
        (1, "治数通", "完善数据制度"),
        (2, "治数通", "完善数据制度"),
        (3, "链通", ""),
    ]
    assert measures[0]["theme"] == "强化数据治理，实现全省“治数通”"
    assert measures[0]["departments"] == ["省政务服务数据管理局", "省司法厅"]
    assert measures[1]["departments"] == ["佛山市人民政府", "中山市人民政府"]


CSV_ROWS = [
    "序号,任务,具体内容,责任部门",
    f'1,"一、{THEME_1}","{TEXT_1}","省科技厅，广州市、深圳市、东莞市人民政府"',
    "（二）建设数据要素统一大市场,,,",
    f'2,,"{TEXT_2}",省政务服务数据管理局',
    '3,,"推进大湾区 5G网络深度覆盖，\n完善城际骨干传输网络。","省通信管理局，深圳市人民政府"',
    f'4,{THEME_2},"{TEXT_4}","省大湾区办、港澳办"',
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding(encoding):
    data = ("\r\n".join(CSV_ROWS) + "\r\n").encode(encoding)
    measures = parse_source(data, f"table-{encoding}.csv")
    assert [m["theme_short"] for m in measures] == ["要素通", "要素通", "要素通", "保障措施"]
    assert [m["subtask"] for m in measures] == ["", "建设数据要素统一大市场", "建设数据要素统一大市场", ""]
    assert [m["text"] for m in measures] == [TEXT_1, TEXT_2, TEXT_3, TEXT_4]
    assert measures[0]["departments"] == ["省科技厅", "广州市人民政府", "深圳市人民政府", "东莞市人民政府"]
    assert measures[3]["departments"] == ["省大湾区办", "省港澳办"]
    assert measures[0]["theme"] == THEME_1


def test_tab_separated_csv_without_id_column_numbers_rows():
    data = "工作任务\t具体措施\t牵头部门\n要素通\t甲。\t省科技厅\n\t乙。\t省教育厅\n".encode()
    measures = parse_source(data, "t.csv")
    assert [(m["id"], m["theme"], m["text"]) for m in measures] == [(1, "要素通", "甲。"), (2, "要素通", "乙。")]


def _docx_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def test_docx_merged_cells_heading_rows_and_tables_split_over_pages():
    document = docx.Document()
    document.add_paragraph("“数字湾区”建设任务分工表")
    header = ["序号", "工作任务", "具体措施", "牵头部门", "配合部门"]
    first = _docx_table(
        document,
        [
            header,
            ["", "", "", "", ""],
            ["", "", "", "", ""],
            ["1", "", TEXT_1, "省政务服务数\n据管理局", "省委网信办"],
            ["2", "", TEXT_2, "省政务服务数据管理局，广州市、深圳市人民政府", ""],
        ],
    )
    theme_row = first.cell(1, 0).merge(first.cell(1, 4))
    theme_row.text = f"一、{THEME_1}"
    subtask_row = first.cell(2, 0).merge(first.cell(2, 4))
    subtask_row.text = "（一）推动数据要素合规高效、安全有序流通"
    document.add_paragraph("（二）建设互通的数据要素网络")
    _docx_table(document, [header, ["3", "", TEXT_3, "省通信管理局", ""]])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    third = _docx_table(
        document,
        [
            header,
            ["4", "保障措施", TEXT_4, "省大湾区办、港澳办", ""],
            ["5", "", "定期会商协调。", "省政务服务数据管理局", ""],
        ],
    )
    third.cell(1, 1).merge(third.cell(2, 1))
    buffer = io.BytesIO()
    document.save(buffer)

    measures = parse_source(buffer.getvalue(), "分工.docx")
    assert [m["id"] for m in measures] == [1, 2, 3, 4, 5]
    assert [m["theme_short"] for m in measures] == ["要素通"] * 3 + ["保障措施"] * 2
    assert [m["subtask"] for m in measures] == [
        "推动数据要素合规高效、安全有序流通",
        "推动数据要素合规高效、安全有序流通",
        "建设互通的数据要素网络",
        "",
        "",
    ]
    assert measures[0]["departments"] == ["省政务服务数据管理局"]
    assert measures[0]["co_departments"] == ["省委网信办"]
    assert measures[1]["departments"] == ["省政务服务数据管理局", "广州市人民政府", "深圳市人民政府"]
    assert measures[4]["text"] == "定期会商协调。"


def test_load_table_from_uploaded_bytes_adds_places_in_contract_order():
    data = "\n".join(CSV_ROWS).encode("gbk")
    measures = load_table(data, "upload.csv")
    assert list(measures[0]) == [key for key in KEY_ORDER if key != "deadline"]
    assert isinstance(measures[0]["places"], list)


def _xlsx_rows(rows) -> bytes:
    def build(wb):
        for row in rows:
            wb.active.append(row)

    return _xlsx(build)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ["序号", "工作任务", "具体措施", "牵头部门"],
                [1, "甲", "措施一。", "省科技厅"],
                [1, "甲", "措施二。", "省教育厅"],
            ],
            r"bad\.xlsx, row 3, column A \(序号\): duplicate 序号 1 \(first used in row 2\)",
        ),
        ([["序号", "工作任务", "具体措施"], [1, "甲", "措施一。"]], r"bad\.xlsx, row 1: missing 牵头部门 column"),
        ([["序号", "牵头部门", "完成时限"], [1, "省科技厅", "2025年"]], r"bad\.xlsx, row 1: missing 具体措施 column"),
        # a 工作任务 column merged over several measures is a theme, never their text
        (
            [["序号", "工作任务", "牵头部门"], [1, "甲", "省科技厅"], [2, "甲", "省教育厅"]],
            r"bad\.xlsx, row 1: missing 具体措施 column",
        ),
        ([["名称", "说明"], ["甲", "乙"]], r"bad\.xlsx: no recognisable header"),
        (
            [["序号", "具体措施", "牵头部门"], ["第一", "措施。", "省科技厅"]],
            r"row 2, column A \(序号\): 序号 '第一' is not a number",
        ),
        ([["序号", "具体措施", "牵头部门"], [1, None, "省科技厅"]], r"row 2, column B \(具体措施\): 具体措施 is empty"),
        ([[None], [None]], r"bad\.xlsx: empty table"),
    ],
)
def test_bad_tables_name_file_row_and_column(rows, message):
    with pytest.raises(IngestError, match=message):
        parse_source(_xlsx_rows(rows), "bad.xlsx")


def test_duplicate_id_in_csv_names_both_rows():
    data = "序号,具体措施,牵头部门\n1,甲。,省科技厅\n2,乙。,省科技厅\n2,丙。,省科技厅\n".encode()
    with pytest.raises(
        IngestError, match=r"d\.csv, row 4, column 1 \(序号\): duplicate 序号 2 \(first used in row 3\)"
    ):
        parse_source(data, "d.csv")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04 not really a zip", "x.xlsx", "not a valid .xlsx file"),
        (b"just text", "x.docx", "not a valid .docx file"),
        (bytes(range(256)) * 8, "x.csv", "binary data"),
        ("序号,具体措施,牵头部门\n1,措施,省科技厅\n".encode() + b"\xff\xfe\xfa broken", "x.csv", "undecodable text"),
        (b"", "x.csv", "empty file"),
        (b"a,b", "x.xls", "not a valid .xls file"),
        (b"%PDF-1.7", "x.pdf", "cannot read the PDF"),
        (
            b"\xd0\xcf\x11\xe0",
            "x.wps",
            r"unsupported file type '\.wps': WPS Office document \(\.wps\): no maintained reader",
        ),
    ],
)
def test_unreadable_files(data, filename, message):
    with pytest.raises(IngestError, match=message):
        parse_source(data, filename)


def test_xlsx_heading_rows_beside_a_theme_column():
    def build(wb):
        ws = wb.active
        ws.append(["序号", "工作任务", "具体措施", "牵头部门"])
        ws.append(["一", THEME_1])
        ws.merge_cells("B2:D2")
        ws.append([None, None, "推动数据要素合规流通"])
        ws.merge_cells("C3:D3")
        ws.append([1, None, TEXT_1, "省政务服务数据管理局"])
        ws.append([None, "保障措施", "（一）加强组织协调"])
        ws.merge_cells("C5:D5")
        ws.append([2, None, TEXT_4, "省大湾区办、港澳办"])
        ws.merge_cells("B5:B6")

    measures = parse_source(_xlsx(build), "headings.xlsx")
    assert [(m["id"], m["theme"], m["subtask"]) for m in measures] == [
        (1, THEME_1, "推动数据要素合规流通"),
        (2, THEME_2, "加强组织协调"),
    ]


def test_docx_without_a_table():
    document = docx.Document()
    document.add_paragraph("序号 工作任务 具体措施 牵头部门")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(IngestError, match=r"plain\.docx: no table in this document"):
        parse_source(buffer.getvalue(), "plain.docx")
