"""More task-table layouts of Guangdong offices: units merged down over a task's measures (PDF and CSV), a contact
list after the task table, deadline and column headers of other wordings, roles written inside one units cell, the
first-listed-unit-leads note outside the header, sub-points in rows of their own, several numbered measures in one
cell, and the measure's own number written into its text."""

from __future__ import annotations

import pytest
from table_builders import csv_table, docx_document, fields_of, pdf_table, xlsx_sheet

from geo.ingest.pipeline import parse_source

DATA = "完善全省公共数据资源目录，推进政务数据按需共享和有序开放。"
MARKET = "支持广州、深圳数据交易所建设，培育数据经纪人、数据商等市场主体。"
CROSS = "探索粤港澳三地数据跨境流动规则，在前海、南沙、横琴开展试点。"
NETWORK = "推进5G网络在工业园区深度覆盖。"
TASK = "推进数据要素市场化配置"
LEAD = "省政务服务和数据管理局"
CO = "省发展改革委、省商务厅"


def _units(measures: list[dict]) -> list[tuple]:
    return fields_of(measures, "departments", "co_departments")


# --- 1. units and deadline merged down over a task's measures -----------------------------------------------------

MERGED_UNITS = [
    (["省政务服务和数据管理局"], ["省发展改革委", "省商务厅"]),
    (["省政务服务和数据管理局"], ["省发展改革委", "省商务厅"]),
    (["省政务服务和数据管理局"], ["省发展改革委", "省商务厅"]),
    (["省通信管理局"], ["省工业和信息化厅"]),
]


def test_units_merged_down_in_a_ruled_pdf_lead_every_measure_they_cover():
    rows = [
        ["1", TASK, DATA, LEAD, CO, "2025年底前"],
        ["2", None, MARKET, None, None, "2025年底前"],
        ["3", None, CROSS, None, None, "2026年"],
        ["4", "夯实数字基础设施", NETWORK, "省通信管理局", "省工业和信息化厅", "2025年底前"],
    ]
    header = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    measures = parse_source(pdf_table(rows, header=header, chars=[3, 8, 18, 8, 8, 6]), "分工表.pdf")
    assert [m["id"] for m in measures] == [1, 2, 3, 4]
    assert _units(measures) == MERGED_UNITS
    assert [m["theme"] for m in measures] == [TASK] * 3 + ["夯实数字基础设施"]


def test_units_merged_down_over_a_page_break_lead_the_measures_on_the_next_page():
    rows = [[str(k), TASK if k == 1 else None, DATA, LEAD if k == 1 else None, "2025年"] for k in range(1, 13)]
    header = ["序号", "重点任务", "具体措施", "牵头单位", "完成时限"]
    data = pdf_table(rows, header=header, chars=[3, 6, 20, 8, 6], page_height=300)
    measures = parse_source(data, "分工表.pdf")
    assert [m["id"] for m in measures] == list(range(1, 13))
    assert [m["departments"] for m in measures] == [[LEAD]] * 12


def test_pdf_without_id_units_and_deadline_merged_down_keep_each_measure_apart():
    texts = [text.rstrip("。") for text in (DATA, MARKET, CROSS)]  # texts not ending in 。: never glued together
    rows = [
        [TASK, texts[0], LEAD, CO, "2025年底前"],
        [None, texts[1], None, None, None],
        [None, texts[2], None, None, None],
        ["夯实数字基础设施", NETWORK, "省通信管理局", "省工业和信息化厅", "2025年底前"],
    ]
    header = ["重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    measures = parse_source(pdf_table(rows, header=header, chars=[8, 20, 8, 8, 6]), "分工表.pdf")
    assert [m["text"] for m in measures] == [*texts, NETWORK]
    assert _units(measures) == MERGED_UNITS
    assert [m["deadline"] for m in measures] == ["2025年底前"] * 4


def test_csv_units_left_blank_under_a_merged_cell_lead_every_measure_of_the_task():
    rows = [
        ["1", TASK, DATA, LEAD, CO, "2025年底前"],
        ["2", "", MARKET, "", "", "2025年底前"],
        ["3", "", CROSS, "", "", "2026年"],
        ["4", "夯实数字基础设施", NETWORK, "省通信管理局", "省工业和信息化厅", "2025年底前"],
    ]
    header = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    measures = parse_source(csv_table(rows, header=header), "分工表.csv")
    assert _units(measures) == MERGED_UNITS
    assert [m["deadline"] for m in measures] == ["2025年底前", "2025年底前", "2026年", "2025年底前"]


def test_csv_without_id_rows_under_merged_units_are_separate_measures():
    texts = [text.rstrip("。") for text in (DATA, MARKET, CROSS)]
    rows = [
        [TASK, texts[0], LEAD, CO, "2025年底前"],
        ["", texts[1], "", "", ""],
        ["", texts[2], "", "", ""],
        ["夯实数字基础设施", NETWORK, "省通信管理局", "省工业和信息化厅", "2025年底前"],
    ]
    header = ["重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    measures = parse_source(csv_table(rows, header=header), "分工表.csv")
    assert [m["text"] for m in measures] == [*texts, NETWORK]
    assert [m["id"] for m in measures] == [1, 2, 3, 4]
    assert _units(measures) == MERGED_UNITS
    assert [m["deadline"] for m in measures] == ["2025年底前"] * 4


def test_csv_blank_units_are_not_invented_when_the_table_is_not_merged_so():
    # Measure 3 starts a task of its own (its own theme) without units: the blanks are the table's own, none carried.
    rows = [
        ["1", TASK, DATA, LEAD, "2025年底前"],
        ["2", "", MARKET, "", "2025年底前"],
        ["3", "夯实数字基础设施", NETWORK, "", "2025年底前"],
    ]
    header = ["序号", "重点任务", "具体措施", "牵头单位", "完成时限"]
    measures = parse_source(csv_table(rows, header=header), "分工表.csv")
    assert [m["departments"] for m in measures] == [[LEAD], [], []]


# --- 2. a contact list after the task table ----------------------------------------------------------------------

TASK_TABLE = {
    "rows": [
        ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
        [
            "1",
            "推进重大合作平台建设",
            "推进广州南沙新区国际化人才特区建设。",
            "广州市人民政府",
            "省港澳办",
            "2025年底前",
        ],
        ["2", "推进重大合作平台建设", "支持前海开展跨境金融试点。", "深圳市人民政府", "省商务厅", "2025年底前"],
    ]
}


@pytest.mark.parametrize(
    "contacts",
    [
        [
            ["序号", "单位", "联系人", "职务", "办公电话", "手机"],
            ["1", "省发展改革委", "张明", "二级调研员", "020-83133000", "13800138000"],
        ],
        [
            ["单位", "联系人", "职务", "办公电话", "手机", "电子邮箱"],
            ["省发展改革委", "张明", "科长", "020-83133000", "13800138000", "z@gd.gov.cn"],
        ],
    ],
)
def test_contact_list_after_the_task_table_is_left_out(contacts):
    data = docx_document(["附件", TASK_TABLE, "各牵头单位联系人", {"rows": contacts}])
    measures = parse_source(data, "分工表.docx")
    assert [m["text"] for m in measures] == ["推进广州南沙新区国际化人才特区建设。", "支持前海开展跨境金融试点。"]


def test_contact_list_printed_in_the_same_pdf_table_is_left_out():
    rows = [
        ["推进数据要素市场化配置", DATA, LEAD, "2025年底前"],
        ["单位", "联系人", "职务", "手机"],
        ["深圳市政务服务和数据管理局", "张明", "二级调研员", "13800138000"],
    ]
    header = ["重点任务", "具体措施", "牵头单位", "完成时限"]
    measures = parse_source(pdf_table(rows, header=header, chars=[10, 20, 10, 8]), "分工表.pdf")
    assert [m["text"] for m in measures] == [DATA]


# --- 3. deadline headers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "时间进度",
        "推进时限",
        "计划完成时间",
        "时间要求",
        "完成时间节点",
        "进度要求",
        "完成时限及进度",
        "时间",
        "完成时间",
    ],
)
def test_deadline_column_under_other_headers(name):
    data = xlsx_sheet(
        [["序号", "主要任务", "工作措施", "责任单位", name], [1, "产业协同", DATA, LEAD, "2025年6月底前"]]
    )
    measures = parse_source(data, "分工表.xlsx")
    assert [m.get("deadline") for m in measures] == ["2025年6月底前"]


def test_progress_plan_over_year_columns_is_one_deadline():
    rows = [
        ["序号", "重点任务", "具体措施", "责任单位", None, "进度安排", None, None],
        [None, None, None, "牵头单位", "配合单位", "2025年", "2026年", "2027年"],
        [1, "产业协同", DATA, "省能源局", "韶关市人民政府", "完成规划编制", "开工建设", "建成投用"],
        [2, "产业协同", MARKET, "省商务厅", None, "启动试点", None, "总结推广"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:H1"]
    measures = parse_source(xlsx_sheet(rows, merges=merges), "分工表.xlsx")
    assert [m["deadline"] for m in measures] == [
        "2025年：完成规划编制；2026年：开工建设；2027年：建成投用",
        "2025年：启动试点；2027年：总结推广",
    ]
    assert _units(measures)[0] == (["省能源局"], ["韶关市人民政府"])


# --- 8. other text, task and units headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["序号", "重点工作任务", "推进措施", "责任单位", "完成时限"],
        ["序号", "重点任务", "主要措施", "负责单位", "完成时限"],
        ["序号", "重点任务", "工作任务及措施", "落实单位", "完成时限"],
        ["序号", "任务", "工作措施", "牵头处室", "完成时限"],
        ["序号", "重点任务", "具体措施", "责任处室", "完成时限"],
        ["序号", "任务事项", "工作目标", "责任单位", "完成时限"],
    ],
)
def test_text_and_units_columns_under_other_headers(header):
    data = xlsx_sheet(
        [header, [1, "产业协同", DATA, LEAD, "2025年底前"], [2, "产业协同", MARKET, "省商务厅", "2026年"]]
    )
    measures = parse_source(data, "分工表.xlsx")
    assert fields_of(measures, "theme", "text", "departments") == [
        ("产业协同", DATA, [LEAD]),
        ("产业协同", MARKET, ["省商务厅"]),
    ]


def test_goal_column_is_not_the_text_beside_a_measures_column():
    data = xlsx_sheet([["序号", "工作目标", "具体措施", "责任单位"], [1, "数据共享率达到90%", DATA, LEAD]])
    measures = parse_source(data, "分工表.xlsx")
    assert [m["text"] for m in measures] == [DATA]


# --- 4. roles written inside one units cell ----------------------------------------------------------------------

ROLE_CELLS = [
    (
        "牵头单位：惠州市人民政府 配合单位：省发展改革委、省工业和信息化厅",
        ["惠州市人民政府"],
        ["省发展改革委", "省工业和信息化厅"],
    ),
    ("牵头单位：惠州市人民政府\u3000配合单位：省发展改革委", ["惠州市人民政府"], ["省发展改革委"]),
    ("主责单位：省发展改革委；协同单位：省科技厅", ["省发展改革委"], ["省科技厅"]),
    ("省商务厅 牵头\n广州市人民政府、深圳市人民政府 配合", ["省商务厅"], ["广州市人民政府", "深圳市人民政府"]),
    ("省能源局（韶关市人民政府、广东电网公司配合）", ["省能源局"], ["韶关市人民政府", "广东电网公司"]),
    ("省科技厅、省教育厅（按职责分工）", ["省科技厅", "省教育厅"], []),
]


@pytest.mark.parametrize(("cell", "lead", "co"), ROLE_CELLS)
def test_roles_written_inside_one_units_cell(cell, lead, co):
    data = xlsx_sheet([["序号", "具体措施", "责任单位", "完成时限"], [1, DATA, cell, "2025年底前"]])
    measures = parse_source(data, "分工表.xlsx")
    assert _units(measures) == [(lead, co)]


# --- 5. the first-listed unit leads: said above the header or under the table ----------------------------------

FIRST_LEADS_ROWS = [
    [1, "推进重大平台建设", DATA, "广州市南沙区人民政府、省人力资源社会保障厅、省港澳办"],
    [2, "推进重大平台建设", MARKET, "深圳市科技创新局、深圳市发展和改革委员会"],
]
FIRST_LEADS_UNITS = [
    (["广州市南沙区人民政府"], ["省人力资源社会保障厅", "省港澳办"]),
    (["深圳市科技创新局"], ["深圳市发展和改革委员会"]),
]


@pytest.mark.parametrize(
    "note",
    ["（责任单位中排第一位的为牵头单位，其余为配合单位）", "第一个单位为牵头单位", "列第一位的为牵头单位"],
)
def test_first_listed_unit_leads_when_a_line_above_the_header_says_so(note):
    rows = [["2025年重点工作任务分工表"], [note], ["序号", "重点任务", "具体措施", "责任单位"], *FIRST_LEADS_ROWS]
    measures = parse_source(xlsx_sheet(rows, merges=["A1:D1", "A2:D2"]), "分工表.xlsx")
    assert _units(measures) == FIRST_LEADS_UNITS


@pytest.mark.parametrize(
    "note", ["注：责任单位中排在第一位的为牵头单位，其余为配合单位。", "说明：排第一位的为牵头单位。"]
)
def test_first_listed_unit_leads_when_a_footnote_says_so(note):
    rows = [["序号", "重点任务", "具体措施", "责任单位"], *FIRST_LEADS_ROWS, [note]]
    measures = parse_source(xlsx_sheet(rows), "分工表.xlsx")
    assert _units(measures) == FIRST_LEADS_UNITS


def test_units_all_lead_without_a_note():
    measures = parse_source(
        xlsx_sheet([["序号", "重点任务", "具体措施", "责任单位"], *FIRST_LEADS_ROWS]), "分工表.xlsx"
    )
    assert _units(measures)[1] == (["深圳市科技创新局", "深圳市发展和改革委员会"], [])


# --- 7. sub-points in rows of their own under a lead-in ----------------------------------------------------------

LEAD_IN = "加快构建全省一体化算力网络，具体包括："
POINTS = [
    "（1）以韶关数据中心集群为核心，推动数据中心绿色化发展；",
    "（2）支持广州、深圳建设城市级智能算力中心；",
    "（3）推动珠海横琴先进智能计算平台建设。",
]


def test_sub_points_in_rows_of_their_own_are_one_measure():
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "完成时限"],
        [1, "建设算力网络", LEAD_IN, LEAD, "2025—2027年"],
        *[[None, None, point, None, None] for point in POINTS],
        [2, "建设算力网络", DATA, LEAD, "2025年9月底前"],
    ]
    measures = parse_source(xlsx_sheet(rows, merges=[f"{c}2:{c}5" for c in "ABDE"]), "分工表.xlsx")
    assert fields_of(measures, "id", "text", "deadline") == [
        (1, LEAD_IN + "".join(POINTS), "2025—2027年"),
        (2, DATA, "2025年9月底前"),
    ]


# --- 6. several numbered measures in one cell --------------------------------------------------------------------


def test_numbered_measures_in_one_cell_with_units_numbered_alike_are_one_measure_each():
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "完成时限"],
        [
            1,
            "加快制造业数字化转型",
            "1.推进规上工业企业数字化转型全覆盖；\n2.支持佛山顺德建设数字化转型促进中心；\n3.在深圳市前海建设工业互联网创新中心。",
            "1.省工业和信息化厅；\n2.佛山市顺德区人民政府；\n3.深圳市科技创新局",
            "1.2025年底前；2.2026年；3.长期坚持",
        ],
        [2, "强化要素保障", DATA, LEAD, "2025年9月底前"],
    ]
    measures = parse_source(xlsx_sheet(rows), "分工表.xlsx")
    assert fields_of(measures, "id", "text", "departments", "deadline") == [
        (1, "推进规上工业企业数字化转型全覆盖。", ["省工业和信息化厅"], "2025年底前"),
        (2, "支持佛山顺德建设数字化转型促进中心。", ["佛山市顺德区人民政府"], "2026年"),
        (3, "在深圳市前海建设工业互联网创新中心。", ["深圳市科技创新局"], "长期坚持"),
        (4, DATA, [LEAD], "2025年9月底前"),
    ]


def test_numbered_units_lose_their_numbers():
    rows = [["序号", "具体措施", "牵头单位"], [1, DATA, "1.省工业和信息化厅；\n2.佛山市顺德区人民政府"]]
    measures = parse_source(xlsx_sheet(rows), "分工表.xlsx")
    assert [m["departments"] for m in measures] == [["省工业和信息化厅", "佛山市顺德区人民政府"]]


# --- 9. the measure's own number written into its text -----------------------------------------------------------


def test_two_column_list_drops_the_number_written_before_each_text():
    rows = [
        ["工作任务", "责任单位"],
        ["一、强化原始创新策源功能"],
        ["1．实施深圳市关键核心技术攻关计划。", "深圳市科技创新局"],
        ["2．推动东莞松山湖科学城与深圳光明科学城协同创新。", "东莞市人民政府"],
        ["二、推进区域协同"],
        ["1．推进肇庆高新区与广州、佛山产业协作。", "肇庆市人民政府"],
    ]
    measures = parse_source(xlsx_sheet(rows, merges=["A2:B2", "A5:B5"]), "分工表.xlsx")
    assert fields_of(measures, "id", "text") == [
        (1, "实施深圳市关键核心技术攻关计划。"),
        (2, "推动东莞松山湖科学城与深圳光明科学城协同创新。"),
        (3, "推进肇庆高新区与广州、佛山产业协作。"),
    ]


def test_csv_isolated_blank_units_without_a_theme_column_are_not_invented():
    # No task column and a deadline of its own: nothing says the units cell was merged over this row.
    rows = [["1", DATA, LEAD, "2025年底前"], ["2", MARKET, "", "2026年"], ["3", NETWORK, "省通信管理局", "2025年"]]
    measures = parse_source(csv_table(rows, header=["序号", "具体措施", "牵头单位", "完成时限"]), "分工表.csv")
    assert [m["departments"] for m in measures] == [[LEAD], [], ["省通信管理局"]]
