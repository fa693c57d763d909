"""Task tables laid out the way real plan annexes are (附件 line, title row, headers over two rows, section rows
across the table, other column orders and names, extra columns, old Excel, two tables in one document, GBK CSV,
a ruled PDF with a row running over a page break), built here in code; each with what a user must see after the
import: measures, themes and sub-tasks, lead and co-operating units, deadlines and places.

Modelled on the annexes of Guangdong's yearly 数字政府改革建设工作要点, Shenzhen's 任务分工 tables and national
重点任务清单; the wording is ours, the layouts are theirs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from table_builders import ABOVE, LEFT, docx_document, pdf_ruled, xls_sheet, xlsx_sheet


@dataclass
class Expected:
    """What the import must give, measure by measure (in order)."""

    ids: list[int]
    themes: list[str]
    subtasks: list[str]
    texts: list[str]
    lead: list[list[str]]
    co: list[list[str]]
    deadlines: list[str] | None = None
    places: dict[int, set[str]] = field(default_factory=dict)  # measure id -> place ids that must be tagged
    unknown: list[str] = field(default_factory=list)  # unit names the registry does not know (kept, reported)


@dataclass
class Annex:
    name: str  # file name as uploaded
    build: Callable[[], bytes]
    expected: Expected


# A six-column Word header over two rows: 序号, 重点任务, 具体举措 and 完成时限 merged down, 任务分工 over columns 4-5.
TWO_ROW_HEADER_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5)]


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


# --- 1. Guangdong yearly 工作要点 annex (.xlsx): 附件 line, title over the table, section rows 一、 across it, -------
# 重点任务 merged over its 具体举措, 牵头/配合 in one cell or apart, a 备注 column.
GD_TEXTS = [
    "推进省市两级政务云整合，建设全省一体化政务云平台，提升算力统筹调度能力。",
    "在广州南沙、深圳前海建设政务数据灾备中心，完善异地容灾备份体系。",
    "推动粤港澳三地政务服务“跨境通办”，在横琴设立澳门政务服务专区。",
    "指导各地级以上市建设城市运行管理中心，推进“一网统管”向县区延伸。",
]
GD_ROWS = [
    ["附件"],
    ["2025年广东省数字政府改革建设工作要点任务分工表"],
    [],
    ["序号", "重点任务", "具体举措", "牵头单位", "配合单位", "完成时限", "备注"],
    ["一、夯实数字政府基础支撑"],
    [1, "完善政务云平台", GD_TEXTS[0], "省政务服务和数据管理局", "省委网信办、省财政厅", "2025年底前", None],
    [2, None, GD_TEXTS[1], "省政务服务和数据管理局", "广州市、深圳市人民政府", "2025年12月", "跨年度"],
    ["二、提升政务服务效能"],
    [
        3,
        "深化“跨境通办”",
        GD_TEXTS[2],
        "省政务服务和数据管理局牵头，省港澳办、横琴粤澳深度合作区执行委员会配合",
        None,
        "持续推进",
        None,
    ],
    [4, "推进基层数字化治理", GD_TEXTS[3], "各地级以上市人民政府", "省政务服务和数据管理局", "2026年6月", None],
    [],
    ["注：完成时限为“持续推进”的任务，牵头单位每半年报送一次进展情况。"],
]
GD = Annex(
    "2025年数字政府工作要点分工.xlsx",
    lambda: xlsx_sheet(GD_ROWS, merges=["A1:G1", "A2:G2", "A5:G5", "B6:B7", "A8:G8", "A12:G12"]),
    Expected(
        ids=[1, 2, 3, 4],
        themes=["夯实数字政府基础支撑"] * 2 + ["提升政务服务效能"] * 2,
        subtasks=["完善政务云平台", "完善政务云平台", "深化“跨境通办”", "推进基层数字化治理"],
        texts=GD_TEXTS,
        lead=[["省政务服务和数据管理局"]] * 3 + [["各地级以上市人民政府"]],
        co=[
            ["省委网信办", "省财政厅"],
            ["广州市人民政府", "深圳市人民政府"],
            ["省港澳办", "横琴粤澳深度合作区执行委员会"],
            ["省政务服务和数据管理局"],
        ],
        deadlines=["2025年底前", "2025年12月", "持续推进", "2026年6月"],
        places={2: {"nansha", "qianhai"}, 3: {"hengqin", "macau"}},
    ),
)

# --- 2. Shenzhen 任务分工 (.docx): two tables (a 主要指标 table first), a header over two rows (任务分工 over --------
# 牵头单位/参与单位), section rows （一） across the table, numbering 1-1, units split by ；, / and line breaks.
SZ_TEXTS = [
    "建设城市级智能算力调度平台，推动国家超算深圳中心二期建成投用。",
    "推进前海新型互联网交换中心扩容，提升国际互联网访问质量。",
    "建设全市统一的城市信息模型平台，在河套深港科技创新合作区先行开展数字孪生应用。",
    "完善“i深圳”政务服务平台，推动高频事项“秒报秒批”。",
]
SZ_TASK_TABLE = [
    ["序号", "工作任务", "工作举措", "任务分工", None, "完成时限"],
    [None, None, None, "牵头单位", "参与单位", None],
    ["（一）建设泛在先进的数字基础设施"],
    ["1-1", "提升算力供给能力", SZ_TEXTS[0], "市发展改革委", "市工业和信息化局；市科技创新局", "2025年底前"],
    ["1-2", None, SZ_TEXTS[1], "前海管理局", "市通信管理局/市工业和信息化局", "2025年12月"],
    ["（二）提升城市数字治理能力"],
    [
        "2-1",
        "推进城市数字孪生",
        SZ_TEXTS[2],
        "市规划和自然资源局",
        "河套深港科技创新合作区建设发展事务署\n各区人民政府",
        "持续推进",
    ],
    ["2-2", "优化政务服务", SZ_TEXTS[3], "市政务服务数据管理局", "无", "2025年6月底前"],
]
SZ = Annex(
    "深圳市数字政府重点任务分工.docx",
    lambda: docx_document(
        [
            "附件2",
            "深圳市推进数字政府建设2025年工作要点任务分工",
            "一、主要指标",
            {
                "rows": [
                    ["序号", "指标名称", "2025年目标", "责任单位"],
                    ["1", "政务服务事项网上可办率", "≥99%", "市政务服务数据管理局"],
                    ["2", "5G基站数（万个）", "8", "市工业和信息化局"],
                ]
            },
            "二、重点任务分工",
            {
                "rows": [[cell or "" for cell in row] for row in SZ_TASK_TABLE],
                "merges": [*TWO_ROW_HEADER_MERGES, (2, 0, 2, 5), (3, 1, 4, 1), (5, 0, 5, 5)],
            },
        ]
    ),
    Expected(
        ids=[1, 2, 3, 4],
        themes=["建设泛在先进的数字基础设施"] * 2 + ["提升城市数字治理能力"] * 2,
        subtasks=["提升算力供给能力", "提升算力供给能力", "推进城市数字孪生", "优化政务服务"],
        texts=SZ_TEXTS,
        lead=[
            ["市发展改革委"],
            ["深圳市前海深港现代服务业合作区管理局"],
            ["市规划和自然资源局"],
            ["市政务服务数据管理局"],
        ],
        co=[
            ["市工业和信息化局", "市科技创新局"],
            ["市通信管理局", "市工业和信息化局"],
            ["河套深港科技创新合作区建设发展事务署", "各区"],
            [],
        ],
        deadlines=["2025年底前", "2025年12月", "持续推进", "2025年6月底前"],
        places={1: {"sz-supercomputing"}, 2: {"qianhai"}, 3: {"hetao"}},
        # a city's own bureaus (市…) are not in the provincial registry: kept as written, reported, never 省-prefixed
        unknown=[
            "市发展改革委",
            "市工业和信息化局",
            "市科技创新局",
            "市通信管理局",
            "市规划和自然资源局",
            "市政务服务数据管理局",
        ],
    ),
)

# --- 3. A GBK CSV saved from Excel: columns in another order, section rows written in the 序号 cell only, -----------
# 责任单位 with 牵头/配合 in one cell, units split by ；, / and line breaks, tiers as leads.
CSV_TEXTS = [
    "加快5G网络和千兆光网建设，推动珠三角地区5G网络深度覆盖。",
    "推进粤东粤西粤北地区数据中心集约化建设，支持韶关数据中心集群建设。",
    "各地结合实际建设城市大脑，推进政务数据按需共享。",
    "加强数字技能培训，开展数字素养提升行动。",
]
CSV_ROWS = [
    ["序号", "具体措施", "完成时限", "责任单位", "重点任务"],
    ["一、建设新型数字基础设施", "", "", "", ""],
    ["1", CSV_TEXTS[0], "2025年底前", "省工业和信息化厅牵头，省通信管理局配合", "推进网络设施建设"],
    ["2", CSV_TEXTS[1], "2026年", "省发展改革委；省能源局/省政务服务和数据管理局", "统筹算力设施布局"],
    ["二、推进数字化治理", "", "", "", ""],
    ["3", CSV_TEXTS[2], "持续推进", "各地级以上市人民政府牵头，省有关单位配合", "建设城市大脑"],
    ["4", CSV_TEXTS[3], "每年", "省人力资源社会保障厅\n省教育厅\n各市", "提升全民数字素养"],
    ["", "备注：各责任单位于每季度末将进展情况报送省发展改革委。", "", "", ""],
]
GBK = Annex(
    "重点任务分工（GBK）.csv",
    lambda: _csv(CSV_ROWS, "gbk"),
    Expected(
        ids=[1, 2, 3, 4],
        themes=["建设新型数字基础设施"] * 2 + ["推进数字化治理"] * 2,
        subtasks=["推进网络设施建设", "统筹算力设施布局", "建设城市大脑", "提升全民数字素养"],
        texts=CSV_TEXTS,
        lead=[
            ["省工业和信息化厅"],
            ["省发展改革委", "省能源局", "省政务服务和数据管理局"],
            ["各地级以上市人民政府"],
            ["省人力资源社会保障厅", "省教育厅", "各地级以上市人民政府"],
        ],
        co=[["省通信管理局"], [], ["省有关部门"], []],
        deadlines=["2025年底前", "2026年", "持续推进", "每年"],
        places={1: {"prd-nine"}, 2: {"east-west-north", "shaoguan-dc-cluster"}},
    ),
)

# --- 4. A national 重点任务清单 (UTF-8 CSV with BOM): no 具体措施 column (the task is the text), 参与单位, central --------
# bodies the provincial registry does not know, sections numbered 一、.
NAT_TEXTS = [
    "推动粤港澳大湾区、长三角、京津冀、成渝地区建设全国一体化算力网络国家枢纽节点。",
    "研究制定数据跨境流动规则，在粤港澳大湾区开展数据跨境流动试点。",
    "完善数字经济统计监测体系。",
]
NAT_ROWS = [
    ["附件：数字经济重点任务清单（2025年，第一批）"],  # a ， in the first line: never the delimiter
    [],
    ["序号", "重点任务", "牵头单位", "参与单位", "完成时限"],
    ["一、", "优化数字基础设施布局", "", "", ""],
    ["1", NAT_TEXTS[0], "国家发展改革委", "中央网信办、工业和信息化部、国家数据局", "2025年底前"],
    ["二、", "健全数据要素制度", "", "", ""],
    ["2", NAT_TEXTS[1], "国家数据局、中央网信办", "商务部，广东省人民政府", "2026年"],
    ["3", NAT_TEXTS[2], "国家统计局", "", "持续推进"],
]
NATIONAL = Annex(
    "重点任务清单.csv",
    lambda: _csv(NAT_ROWS, "utf-8-sig"),
    Expected(
        ids=[1, 2, 3],
        themes=["优化数字基础设施布局", "健全数据要素制度", "健全数据要素制度"],
        subtasks=["", "", ""],
        texts=NAT_TEXTS,
        lead=[["国家发展改革委"], ["国家数据局", "中央网信办"], ["国家统计局"]],
        co=[["中央网信办", "工业和信息化部", "国家数据局"], ["商务部", "广东省人民政府"], []],
        deadlines=["2025年底前", "2026年", "持续推进"],
        places={1: {"greater-bay-area", "yangtze-delta", "jing-jin-ji", "chengdu-chongqing"}, 2: {"greater-bay-area"}},
        unknown=[
            "国家发展改革委",
            "中央网信办",
            "工业和信息化部",
            "国家数据局",
            "商务部",
            "国家统计局",
        ],
    ),
)

# --- 5. A ruled PDF print of a Word annex: 附件 line and title, header over two rows repeated on every page, -----
# section rows across the table, a long row broken over the page break, units wrapped inside their cell.
PDF_LONG = (
    "支持广州南沙、深圳前海、珠海横琴建设国际数据枢纽，"
    + "".join(
        f"推进第{k}批跨境数据流通试点项目落地，完善数据出境安全评估、个人信息保护认证和标准合同备案制度；"
        for k in range(1, 9)
    )
    + "形成可复制可推广的经验。"
)
PDF_TEXTS = [
    "建设粤港澳大湾区数据中心集群，推进数据中心绿色低碳发展。",
    PDF_LONG,
    "推进政务服务“湾区通办”，实现高频事项三地互办。",
]
PDF_HEADER = [
    ["序号", "重点任务", "具体举措", "任务分工", LEFT, "完成时限"],
    [ABOVE, ABOVE, ABOVE, "牵头单位", "配合单位", ABOVE],
]
PDF_BODY = [
    ["一、建设数字湾区基础设施", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["1", "建设算力枢纽", PDF_TEXTS[0], "省发展改革委", "省工业和信息化厅、能源局", "2025年底前"],
    ["2", ABOVE, PDF_TEXTS[1], "省商务厅、省委网信办", "广州市、深圳市、珠海市人民政府", "2026年12月"],
    ["二、推进规则衔接", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["3", "推进“湾区通办”", PDF_TEXTS[2], "省政务服务和数据管理局", "各地级以上市人民政府", "持续推进"],
]
PDF = Annex(
    "数字湾区任务分工.pdf",
    lambda: pdf_ruled(
        PDF_HEADER,
        PDF_BODY,
        chars=[3, 6, 22, 9, 10, 6],
        title="数字湾区建设重点任务分工表",
        above_title="附件1",
        page_height=380,  # a short page: the long row 2 runs over the page break
    ),
    Expected(
        ids=[1, 2, 3],
        themes=["建设数字湾区基础设施"] * 2 + ["推进规则衔接"],
        subtasks=["建设算力枢纽", "建设算力枢纽", "推进“湾区通办”"],
        texts=PDF_TEXTS,
        lead=[["省发展改革委"], ["省商务厅", "省委网信办"], ["省政务服务和数据管理局"]],
        co=[
            ["省工业和信息化厅", "省能源局"],
            ["广州市人民政府", "深圳市人民政府", "珠海市人民政府"],
            ["各地级以上市人民政府"],
        ],
        deadlines=["2025年底前", "2026年12月", "持续推进"],
        places={1: {"greater-bay-area"}, 2: {"nansha", "qianhai", "hengqin"}},
    ),
)


# --- 6. An old Excel 97–2003 workbook (.xls): title row, 工作任务 merged down, 序号 as 1.1, a 进度 column. -------
XLS_TEXTS = [
    "推动河套深港科技创新合作区建设国际数据中心。",
    "支持横琴粤澳深度合作区建设跨境数据服务平台。",
    "支持前海建设国际数据合作示范区。",
]
XLS_ROWS = [
    ["粤港澳大湾区数据合作重点任务分工表"],
    ["序号", "工作任务", "具体措施", "责任单位", "完成时限", "进度"],
    ["1.1", "（一）推进数据跨境合作", XLS_TEXTS[0], "省科技厅牵头，深圳市人民政府配合", "2025年底前", "推进中"],
    ["1.2", "", XLS_TEXTS[1], "横琴粤澳深度合作区执行委员会", "2026年", "未启动"],
    ["2.1", "（二）深化规则衔接", XLS_TEXTS[2], "深圳市人民政府、省商务厅按职责分工负责", "持续推进", ""],
]
XLS = Annex(
    "数据合作任务分工.xls",
    lambda: xls_sheet(XLS_ROWS, merges=[(0, 0, 0, 5), (2, 3, 1, 1)]),
    Expected(
        ids=[1, 2, 3],
        themes=["推进数据跨境合作", "推进数据跨境合作", "深化规则衔接"],
        subtasks=["", "", ""],
        texts=XLS_TEXTS,
        lead=[["省科技厅"], ["横琴粤澳深度合作区执行委员会"], ["深圳市人民政府", "省商务厅"]],
        co=[["深圳市人民政府"], [], []],
        deadlines=["2025年底前", "2026年", "持续推进"],
        places={1: {"hetao"}, 2: {"hengqin"}, 3: {"qianhai"}},
    ),
)

# --- 7. An .xlsx whose first sheet is 填报说明, the task sheet second: 主要任务 numbered （一） merged down, ---------
# 协办单位, 时间节点, 工作进展 and 备注 columns, 序号 starting again from 1 in each section, a heading row typed in the
# text column only, with its Chinese numeral in the 序号 cell.
X7_TEXTS = [
    "建设广州人工智能公共算力中心，支持国家超算广州中心升级。",
    "推动深圳、东莞共建大科学装置数据平台。",
    "推动江门、肇庆、云浮数字乡村建设。",
]
X7_ROWS = [
    ["序号", "主要任务", "工作措施", "牵头部门", "协办单位", "时间节点", "工作进展", "备注"],
    ["一", None, "增强算力支撑", None, None, None, None, None],
    [
        1,
        "（一）建设算力设施",
        X7_TEXTS[0],
        "广州市人民政府",
        "省科技厅、省发展改革委",
        "2025年6月底前",
        "已完成选址",
        None,
    ],
    [2, None, X7_TEXTS[1], "深圳市人民政府、东莞市人民政府", "省科技厅", "2026年底前", None, "需协调"],
    ["二", None, "促进区域协调发展", None, None, None, None, None],
    [
        1,  # numbered again from 1 in each section
        "（二）推进数字乡村",
        X7_TEXTS[2],
        "省农业农村厅牵头，江门市、肇庆市、云浮市人民政府配合",
        None,
        "2027年",
        None,
        None,
    ],
]
X7 = Annex(
    "算力与数字乡村任务表.xlsx",
    lambda: xlsx_sheet(
        [["填报说明"], ["1. 请各单位于每季度末报送进展。"], ["2. 联系人：省发展改革委 张三"]],
        sheets={"任务清单": X7_ROWS},
        merges=[],
    ),
    Expected(
        ids=[1, 2, 3],
        themes=["增强算力支撑", "增强算力支撑", "促进区域协调发展"],
        subtasks=["建设算力设施", "建设算力设施", "推进数字乡村"],
        texts=X7_TEXTS,
        lead=[["广州市人民政府"], ["深圳市人民政府", "东莞市人民政府"], ["省农业农村厅"]],
        co=[["省科技厅", "省发展改革委"], ["省科技厅"], ["江门市人民政府", "肇庆市人民政府", "云浮市人民政府"]],
        deadlines=["2025年6月底前", "2026年底前", "2027年"],
        places={
            1: {"guangzhou", "gz-supercomputing"},
            2: {"shenzhen", "dongguan"},
            3: {"jiangmen", "zhaoqing", "yunfu"},
        },
    ),
)

# --- 8. A Word 工作要点 table numbered with Chinese numerals and （1）, 责任单位 written as 牵头/配合 lines, -------
# inline （牵头单位：…） in one row.
W8_TEXTS = [
    "推进“粤省事”“粤商通”“粤政易”平台迭代升级。",
    "建设省级数据资源“一网共享”平台，推动数据回流地市。",
    "推进公共数据授权运营，在深圳、广州开展试点。",
]
W8_ROWS = [
    ["序号", "工作事项", "工作内容", "责任单位", "完成时间"],
    [
        "（1）",
        "优化“粤系列”平台",
        W8_TEXTS[0],
        "牵头：省政务服务和数据管理局\n配合：省委网信办、省通信管理局",
        "2025年12月",
    ],
    ["（2）", "推进数据共享", W8_TEXTS[1], "省政务服务和数据管理局牵头，各地级以上市人民政府配合", "2025年底前"],
    [
        "（3）",
        "推进授权运营",
        W8_TEXTS[2] + "（牵头单位：省政务服务和数据管理局，配合单位：深圳市、广州市人民政府）",
        "",
        "2026年",
    ],
]
W8 = Annex(
    "工作要点任务分解.docx",
    lambda: docx_document(["附件3", "2025年全省政务服务工作要点任务分解表", {"rows": W8_ROWS}]),
    Expected(
        ids=[1, 2, 3],
        themes=["优化“粤系列”平台", "推进数据共享", "推进授权运营"],
        subtasks=["", "", ""],
        texts=W8_TEXTS,
        lead=[["省政务服务和数据管理局"]] * 3,
        co=[["省委网信办", "省通信管理局"], ["各地级以上市人民政府"], ["深圳市人民政府", "广州市人民政府"]],
        deadlines=["2025年12月", "2025年底前", "2026年"],
        places={3: {"shenzhen", "guangzhou"}},
    ),
)

# --- 9. A 重点任务 numbered once over its several 具体举措 (.xlsx): 序号 and 重点任务 merged down, each 举措 with its own
# units (a measure each, counted), units separated by spaces, a 具体举措 cut mid-sentence and carried on in the next row.
T9_TEXTS = [
    "统筹推进5G基站和千兆光网建设",
    "推进广州南沙、深圳前海、珠海横琴算力中心建设，打造粤港澳大湾区算力枢纽。",
    "推动各地级以上市开展中小企业数字化转型城市试点",
    "支持东莞、佛山建设制造业数字化转型示范城市。",
]
T9_ROWS = [
    ["附件1"],
    ["广东省数字经济发展重点任务分工表"],
    ["序号", "重点任务", "具体举措", "责任单位", "完成时限", "备注"],
    [1, "建设数字基础设施", T9_TEXTS[0], "省通信管理局 省工业和信息化厅", "2025年底前", None],
    [
        None,
        None,
        "推进广州南沙、深圳前海、珠海横琴算力中心建设，",
        "省发展改革委，广州市、深圳市、珠海市人民政府",
        "2026年",
        None,
    ],
    [None, None, "打造粤港澳大湾区算力枢纽。", None, None, None],
    [2, "推进数字化转型", T9_TEXTS[2], "各地级以上市人民政府", "持续推进", None],
    [None, None, T9_TEXTS[3], "省工业和信息化厅牵头，东莞市、佛山市人民政府配合", "2026年", "示范城市"],
]
T9 = Annex(
    "数字经济重点任务分工.xlsx",
    lambda: xlsx_sheet(T9_ROWS, merges=["A1:F1", "A2:F2", "A4:A6", "B4:B6", "A7:A8", "B7:B8"]),
    Expected(
        ids=[1, 2, 3, 4],
        themes=["建设数字基础设施"] * 2 + ["推进数字化转型"] * 2,
        subtasks=["", "", "", ""],
        texts=T9_TEXTS,
        lead=[
            ["省通信管理局", "省工业和信息化厅"],
            ["省发展改革委", "广州市人民政府", "深圳市人民政府", "珠海市人民政府"],
            ["各地级以上市人民政府"],
            ["省工业和信息化厅"],
        ],
        co=[[], [], [], ["东莞市人民政府", "佛山市人民政府"]],
        deadlines=["2025年底前", "2026年", "持续推进", "2026年"],
        places={2: {"nansha", "qianhai", "hengqin", "greater-bay-area"}, 4: {"dongguan", "foshan"}},
    ),
)

# --- 10. A Word annex with 责任分工 over bare 牵头 | 配合 sub-headers, section rows 一、 across the table, 序号 and
# 重点任务 merged down over two measures, a tier leading and 省有关单位 co-operating.
T10_TEXTS = [
    "推进粤东粤西粤北地区数据中心集约化建设，支持汕头、湛江建设区域数据中心。",
    "推动珠三角地区数据中心向韶关数据中心集群有序转移。",
    "建立数字政府建设评估机制，定期通报各地工作进展。",
]
T10_TABLE = [
    ["序号", "重点任务", "工作措施", "责任分工", "", "完成时限"],
    ["", "", "", "牵头", "配合", ""],
    ["一、优化算力布局"],
    ["1", "推动数据中心协调发展", T10_TEXTS[0], "各地级以上市人民政府", "省有关单位", "2025年底前"],
    ["", "", T10_TEXTS[1], "省发展改革委", "省能源局、省通信管理局", "2026年底前"],
    ["二、强化保障"],
    ["2", "加强评估督导", T10_TEXTS[2], "省政务服务和数据管理局", "各市", "每年"],
]
T10 = Annex(
    "算力布局任务分工.docx",
    lambda: docx_document(
        [
            "附件",
            "关于推进算力协调发展的任务分工",
            {
                "rows": T10_TABLE,
                "merges": [*TWO_ROW_HEADER_MERGES, (2, 0, 2, 5), (3, 0, 4, 0), (3, 1, 4, 1), (5, 0, 5, 5)],
            },
        ]
    ),
    Expected(
        ids=[1, 2, 3],
        themes=["优化算力布局", "优化算力布局", "强化保障"],
        subtasks=["推动数据中心协调发展", "推动数据中心协调发展", "加强评估督导"],
        texts=T10_TEXTS,
        lead=[["各地级以上市人民政府"], ["省发展改革委"], ["省政务服务和数据管理局"]],
        co=[["省有关部门"], ["省能源局", "省通信管理局"], ["各地级以上市人民政府"]],
        deadlines=["2025年底前", "2026年底前", "每年"],
        places={1: {"east-west-north", "shantou", "zhanjiang"}, 2: {"prd-nine", "shaoguan-dc-cluster"}},
    ),
)

# --- 11. An old Excel annex (.xls) whose 责任单位 header says the first-listed unit leads, with the other ways the
# lead is marked in one cell: X（牵头）, 由X牵头, X会同Y, …等有关部门配合; themes 一、 merged down their column.
T11_TEXTS = [
    "推进“数字政府2.0”建设，提升全省政务服务一体化水平。",
    "完善数据要素市场规则，推进数据资产登记。",
    "支持横琴、前海、南沙建设数字贸易先行示范区。",
    "推动大湾区数据中心绿色低碳发展。",
]
T11_ROWS = [
    ["序号", "工作任务", "具体措施", "责任单位（排在第一位的为牵头单位）", "完成时限"],
    ["1", "一、推进数字政府建设", T11_TEXTS[0], "省政务服务和数据管理局、省委网信办、省财政厅", "2025年底前"],
    ["2", "", T11_TEXTS[1], "由省发展改革委牵头，省商务厅等有关部门配合", "2026年"],
    [
        "3",
        "二、推进数字经济发展",
        T11_TEXTS[2],
        "省商务厅会同横琴粤澳深度合作区执行委员会、深圳市前海深港现代服务业合作区管理局、广州市南沙区人民政府",
        "持续推进",
    ],
    ["4", "", T11_TEXTS[3], "省发展改革委（牵头）、省能源局、省工业和信息化厅", "2026年6月"],
]
T11 = Annex(
    "分工方案（牵头单位列首位）.xls",
    lambda: xls_sheet(T11_ROWS, merges=[(1, 2, 1, 1), (3, 4, 1, 1)]),
    Expected(
        ids=[1, 2, 3, 4],
        themes=["推进数字政府建设"] * 2 + ["推进数字经济发展"] * 2,
        subtasks=["", "", "", ""],
        texts=T11_TEXTS,
        lead=[["省政务服务和数据管理局"], ["省发展改革委"], ["省商务厅"], ["省发展改革委"]],
        co=[
            ["省委网信办", "省财政厅"],
            ["省商务厅"],
            ["横琴粤澳深度合作区执行委员会", "深圳市前海深港现代服务业合作区管理局", "广州市南沙区人民政府"],
            ["省能源局", "省工业和信息化厅"],
        ],
        deadlines=["2025年底前", "2026年", "持续推进", "2026年6月"],
        places={3: {"hengqin", "qianhai", "nansha"}, 4: {"greater-bay-area"}},
    ),
)

# --- 12. A ruled PDF whose second header row names columns no synonym knows (任务分工 over 牵头单位 | 责任人,
# 进度安排 over 2025年 | 2026年), repeated on every page, with a row running over the page break.
T12_LONG = (
    "建设省级政务大数据中心，"
    + "".join(f"完成第{k}批省直部门业务系统迁移上云并开展数据质量治理，" for k in range(1, 18))
    + "实现省市数据按需回流。"
)
T12_TEXTS = [
    "推进全省一体化政务云扩容，支持粤东粤西粤北地区建设政务云节点。",
    T12_LONG,
    "在深圳河套、珠海横琴开展跨境数据验证平台试点。",
]
T12_HEADER = [
    ["序号", "重点任务", "具体举措", "任务分工", LEFT, "进度安排", LEFT],
    [ABOVE, ABOVE, ABOVE, "牵头单位", "责任人", "2025年", "2026年"],
]
T12_BODY = [
    ["一、夯实数据底座", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    [
        "1",
        "建设政务云",
        T12_TEXTS[0],
        "省政务服务和数据管理局牵头，各地级以上市人民政府配合",
        "分管副局长",
        "完成扩容",
        "持续优化",
    ],
    ["2", "建设大数据中心", T12_TEXTS[1], "省政务服务和数据管理局", "分管副局长", "完成迁移", "全面建成"],
    [
        "3",
        "开展跨境数据试点",
        T12_TEXTS[2],
        "深圳市、珠海市人民政府，省委网信办配合",
        "分管副市长",
        "启动试点",
        "总结推广",
    ],
]
T12 = Annex(
    "政务数据底座任务分工.pdf",
    lambda: pdf_ruled(
        T12_HEADER, T12_BODY, chars=[3, 6, 18, 8, 8, 5, 5], title="政务数据底座建设任务分工", page_height=360
    ),
    Expected(
        ids=[1, 2, 3],
        themes=["夯实数据底座"] * 3,
        subtasks=["建设政务云", "建设大数据中心", "开展跨境数据试点"],
        texts=T12_TEXTS,
        lead=[["省政务服务和数据管理局"], ["省政务服务和数据管理局"], ["深圳市人民政府", "珠海市人民政府"]],
        co=[["各地级以上市人民政府"], [], ["省委网信办"]],
        # 进度安排 is split by year: each measure's years joined into one deadline.
        deadlines=[
            "2025年：完成扩容；2026年：持续优化",
            "2025年：完成迁移；2026年：全面建成",
            "2025年：启动试点；2026年：总结推广",
        ],
        places={1: {"east-west-north"}, 3: {"hetao", "hengqin"}},
    ),
)

ANNEXES = [GD, SZ, GBK, NATIONAL, PDF, XLS, X7, W8, T9, T10, T11, T12]
