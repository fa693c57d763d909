"""The PDF-text parser on the seed table (every row checked against the source) and on other tables
of the same family rendered the way PDF extraction lays them out."""

from __future__ import annotations

from collections import Counter

import pytest

from geo.ingest.errors import IngestError
from geo.ingest.source_text import parse_text
from geo.paths import SEED_SOURCE


@pytest.fixture(scope="module")
def seed() -> dict[int, dict]:
    measures = parse_text(SEED_SOURCE.read_text(encoding="utf-8"), SEED_SOURCE.name)
    return {m["id"]: m for m in measures}


THEMES = {
    "要素通": "以数据流动带动要素市场化，实现湾区发展“要素通”",
    "基座通": "夯实新型数字基础设施，实现湾区数字化“基座通”",
    "商事通": "以数字化赋能投资兴业，实现湾区企业“商事通”",
    "产业通": "加快建设数字产业集聚发展新高地，带动湾区数字“产业通”",
    "治理通": "加强三地数字化协同共治，推动湾区社会“治理通”",
    "生活通": "推动政府服务衔接融合，实现湾区居民“生活通”",
    "数字融湾": "加快粤东粤西粤北“数字融湾”，深化对内联系增加经济纵深",
    "多方参与": "建立“数字湾区”建设多方参与机制",
    "保障措施": "保障措施",
}

# Sub-task of every row, read off the source (rows carry the last sub-task down; row 53 has none).
SUBTASKS = {
    range(1, 4): "推动数据要素合规高效、安全有序流通",
    range(4, 6): "建设互通的数据要素网络",
    range(6, 8): "建设数据要素统一大市场",
    range(8, 12): "打造数字化人才聚集高地",
    range(12, 13): "推动大湾区要素市场化",
    range(13, 17): "建设高速泛在融合的网络基础设施",
    range(17, 18): "推进三地算力融合发展",
    range(18, 19): "强化网络和数据安全防护合作",
    range(19, 20): "优化市场主体经营全链条服务",
    range(20, 23): "强化大湾区招商服务",
    range(23, 25): "强化市场主体诉求响应",
    range(25, 27): "提升数字化通关效率",
    range(27, 31): "加快湾区数能产业集聚发展",
    range(31, 36): "加快产业数字化转型",
    range(36, 40): "充分激发数字技术创新动能",
    range(40, 41): "提升政府治理数字化水平",
    range(41, 42): "共建湾区智慧城市群",
    range(42, 43): "探索建立粤港澳“数字空间”治理新格局",
    range(43, 47): "推动粤港澳政务服务一体化",
    range(47, 49): "依托“湾事通”平台提升湾区居民公共服务便捷性",
    range(49, 51): "加快数字化均衡发展",
    range(51, 52): "提升湾区公共资源交易效率",
    range(52, 53): "强化“数字湾区”建设对区域发展辐射带动作用",
    range(53, 54): "",
    range(54, 55): "加强组织协调",
    range(55, 56): "加强支撑保障",
    range(56, 59): "加强规则衔接",
    range(59, 61): "加强开放合作交流",
}

FINANCE = [
    "人民银行广东省分行",
    "国家金融监督管理总局广东监管局",
    "人民银行深圳市中心支行",
    "国家金融监督管理总局深圳监管局",
]
# Full department lists written out by hand from the source's 牵头部门 cells.
DEPARTMENTS = {
    4: ["省发展改革委", "省工业和信息化厅", "省地方金融监管局", "省政务服务数据管理局", *FINANCE],
    5: ["省科技厅", "广州市人民政府", "深圳市人民政府", "东莞市人民政府", "横琴粤澳深度合作区"],
    7: ["省政务服务数据管理局", "广州市人民政府", "深圳市人民政府"],
    9: ["省教育厅", "省科技厅", "省工业和信息化厅", "省人力资源社会保障厅", "省政务服务数据管理局", "团省委"],
    13: ["省通信管理局"],
    17: ["省发展改革委", "省工业和信息化厅", "省政务服务数据管理局", "省通信管理局"],
    18: ["省委网信办", "省公安厅", "省政务服务数据管理局"],
    21: ["省发展改革委", "省自然资源厅", "省生态环境厅", "省政务服务数据管理局", "省能源局", "省税务局"],
    25: ["海关总署广东分署", "广东海事局"],
    26: ["省公安厅", "省交通运输厅", "省政务服务数据管理局", "海关总署广东分署"],
    35: ["省地方金融监管局", "人民银行广东省分行", "国家金融监督管理总局广东监管局"],
    41: [
        "省科技厅",
        "省工业和信息化厅",
        "省民政厅",
        "省住房城乡建设厅",
        "省卫生健康委",
        "省交通运输厅",
        "省政务服务数据管理局",
        "省通信管理局",
        "中国铁路广州局集团有限公司",
    ],
    42: [
        "省委网信办",
        "省教育厅",
        "省科技厅",
        "省工业和信息化厅",
        "省卫生健康委",
        "省地方金融监管局",
        "省政务服务数据管理局",
        *FINANCE,
    ],
    44: [
        "省教育厅",
        "省公安厅",
        "省司法厅",
        "省住房城乡建设厅",
        "省文化和旅游厅",
        "省卫生健康委",
        "省药监局",
        "省知识产权局",
    ],
    48: [
        "省公安厅",
        "省民政厅",
        "省交通运输厅",
        "省卫生健康委",
        "省地方金融监管局",
        "省通信管理局",
        "人民银行广东省分行",
        "国家金融监督管理总局广东监管局",
        "国家金融监督管理总局深圳监管局",
        "人民银行深圳市中心支行",
        "中国铁路广州局集团有限公司",
    ],
    49: ["省政务服务数据管理局", "相关市人民政府"],
    53: ["省发展改革委", "省科技厅", "省工业和信息化厅", "省国资委", "省地方金融监管局", "省政务服务数据管理局"],
    54: ["省大湾区办", "省港澳办", "省政务服务数据管理局"],
    55: ["省科技厅", "省工业和信息化厅", "省财政厅", "省地方金融监管局", "省政务服务数据管理局"],
    56: ["省有关部门"],
    57: [
        "横琴粤澳深度合作区执行委员会",
        "深圳市前海深港现代服务业合作区管理局",
        "广州市南沙区人民政府",
        "河套深港科技创新合作区建设发展事务署",
    ],
}

# First and last eight characters of every row's text, checked by eye against the source.
TEXT_ENDS = [
    (1, "探索建设“港澳数", "合规和范围可控。"),
    (2, "按照国家相关法律", "据安全有序跨境。"),
    (3, "建设全国一体化算", "供数据跨境服务。"),
    (4, "按照国家数据跨境", "据跨境流动试点。"),
    (5, "充分依托国家超级", "创算法迭代效率。"),
    (6, "推动建立大湾区统", "机构等产业生态。"),
    (7, "支持广州、深圳数", "据要素交易市场。"),
    (8, "推动粤港澳三地协", "大湾区创业就业。"),
    (9, "充分发挥粤港澳三", "数字化人才队伍。"),
    (10, "开展大数据工程技", "在港澳地区推广。"),
    (11, "依托全国人力资源", "跨领域科研合作。"),
    (12, "充分发挥数据作为", "会发展中的价值。"),
    (13, "推进大湾区 5G", "界级无线城市群。"),
    (14, "加强国家新型互联", "信骨干网络对接。"),
    (15, "依托大湾区技术、", "字基础设施建设。"),
    (16, "加快推动“粤基座", "能要素畅通流动。"),
    (17, "落实国家“东数西", "输安全基础设施。"),
    (18, "推动建立大湾区网", "实保障数据安全。"),
    (19, "发挥“粤商通”平", "提供常态化服务。"),
    (20, "在粤港、粤澳“跨", "和企业需求对接。"),
    (21, "围绕项目从签约到", "设项目审批效率。"),
    (22, "优化提升各级政务", "效服务项目落地。"),
    (23, "探索市场主体诉求", "解决时效和质量。"),
    (24, "依托“粤省心”1", "解决渠道和服务。"),
    (25, "加快推进大湾区货", "短货物流通链路。"),
    (26, "充分运用数字化手", "区“一码畅行”。"),
    (27, "加快推动粤港澳三", "据产业发展能级。"),
    (28, "鼓励支持粤港澳三", "字科技成果转化。"),
    (29, "开展数字政府产业", "安全产业集聚区。"),
    (30, "支持建设数字经济", "字经济重点产业。"),
    (31, "深化国家工业互联", "新制造生态系统。"),
    (32, "深入实施广东智能", "人深度应用场景。"),
    (33, "建设大湾区全球贸", "字贸易重点企业。"),
    (34, "加快大湾区智慧文", "字资源服务平台。"),
    (35, "推进智慧金融，推", "监管等领域应用。"),
    (36, "加快粤港澳大湾区", "域核心技术攻关。"),
    (37, "以河套为试点，开", "产业数字化合作。"),
    (38, "支持广州、深圳推", "技术创新策源地。"),
    (39, "积极协调国家有关", "字内容增值服务。"),
    (40, "不断完善“一网统", "数智化管理水平。"),
    (41, "强化大湾区智慧城", "智慧城市群建设。"),
    (42, "加强粤港澳三地数", "研数据跨境互联。"),
    (43, "围绕“用户通、系", "项“跨境通办”。"),
    (44, "积极协调国家有关", "流程电子化办理。"),
    (45, "推动粤港澳三地互", "量解决居民诉求。"),
    (46, "深化“湾区社保通", "保服务深度融合。"),
    (47, "推动广东政务服务", "大湾区互认互通。"),
    (48, "加快推动港澳居民", "便捷的养老服务。"),
    (49, "加快数字政府基础", "撑平台服务水平。"),
    (50, "健全数字政府基础", "产业链和城市群。"),
    (51, "推动建立粤港澳三", "源交易服务水平。"),
    (52, "通过深入实施“数", "区的数字化力量。"),
    (53, "按照“政府引导、", "融合和增值赋能。"),
    (54, "在省推进粤港澳大", "，定期会商协调。"),
    (55, "建立以财政资金引", "续发展提供支持。"),
    (56, "各牵头部门要深入", "点对接任务清单。"),
    (57, "充分发挥横琴、前", "制规则有效衔接。"),
    (58, "加强“数字湾区”", "区数据流动畅顺。"),
    (59, "每年联合香港和澳", "展国际交流合作。"),
    (60, "充分发挥粤港澳三", "发展的良好氛围。"),
]


def test_sixty_rows_in_order(seed):
    assert list(seed) == list(range(1, 61))
    assert all(m["source"] == {"document": "digital-bay-area-task-table", "row": i} for i, m in seed.items())


def test_themes_and_counts(seed):
    counts = Counter(m["theme_short"] for m in seed.values())
    assert list(counts.items()) == [
        ("要素通", 12),
        ("基座通", 6),
        ("商事通", 8),
        ("产业通", 13),
        ("治理通", 3),
        ("生活通", 6),
        ("数字融湾", 4),
        ("多方参与", 1),
        ("保障措施", 7),
    ]
    for m in seed.values():
        assert m["theme"] == THEMES[m["theme_short"]], m["id"]


def test_subtask_of_every_row(seed):
    expected = {row: subtask for rows, subtask in SUBTASKS.items() for row in rows}
    assert {i: m["subtask"] for i, m in seed.items()} == expected


def test_text_boundaries_of_every_row(seed):
    assert [(i, m["text"][:8], m["text"][-8:]) for i, m in seed.items()] == TEXT_ENDS
    for m in seed.values():
        assert "\n" not in m["text"] and not m["text"].startswith(" ")


def test_exact_texts(seed):
    assert seed[1]["text"] == (
        "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划，运用隐私计算、安全隔离、可信验证等关键技术，"
        "加强跨境数据流通服务与分类管理，确保数据安全、使用合规和范围可控。"
    )
    assert seed[13]["text"] == (
        "推进大湾区 5G网络深度覆盖，完善城际骨干传输网络，扩大粤港澳互联网络带宽，打造连接粤港澳三地的世界级无线城市群。"
    )
    assert seed[17]["text"] == (
        "落实国家“东数西算”战略，加快一体化算力网络粤港澳大湾区国家枢纽节点建设。建设下一代互联网国家工程中心"
        "粤港澳创新中心，打造种类齐全、布局合理的算力基础设施，推动大湾区算力基础设施共建共享。整合粤港澳三地算力资源，"
        "在广州数据交易所现有平台基础上，做优大湾区算力资源共享发布平台，推进算力资源统一调度。推动重点领域关键技术"
        "攻关以及算力、数据、应用资源集约化服务创新，促进算力资源普惠共享，吸引港澳企业更好利用广东优质算力。坚持"
        "计算能力与存储能力建设并举，同向发力，更大程度发挥“东数西算”韶关节点数据产业集群效能。积极推动建设国际"
        "海缆登陆站、区域性国际互联网出入口等跨境数据传输安全基础设施。"
    )
    assert seed[53]["text"] == (
        "按照“政府引导、企业主导、社会参与”原则，充分发挥市场在资源配置中的决定性作用，建立由政府、企业、科研机构、"
        "创投和金融机构等组成的“数字湾区”建设矩阵。鼓励有条件的企业参与建立粤港澳三地“数字湾区”联合工作机制，"
        "形成政企高效协同、资源整合共享的工作推进体系。针对“数字湾区”建设的堵点痛点，通过“揭榜挂帅”、应用场景"
        "征集推介、典型案例发布推广、“数字湾区”指数发布等措施，充分吸收转化粤港澳三地先进数字化创新成果，提升整体"
        "建设效能。探索依托社会资本设立“数字湾区”建设发展基金，服务“数字湾区”重大项目开发建设，吸引更多元的市场"
        "主体参与，推进大湾区数字化人才链、产业链、创新链、资金链深度融合和增值赋能。"
    )


def test_texts_are_source_lines_joined(seed):
    joined = "".join(line.strip() for line in SEED_SOURCE.read_text(encoding="utf-8").splitlines())
    for m in seed.values():
        assert m["text"] in joined, m["id"]


@pytest.mark.parametrize("row", sorted(DEPARTMENTS))
def test_department_lists_of_hard_rows(seed, row):
    assert seed[row]["departments"] == DEPARTMENTS[row]


def test_no_department_is_a_fragment(seed):
    from geo.ingest.departments import unknown

    assert unknown(d for m in seed.values() for d in m["departments"]) == []
    assert all(m["departments"] for m in seed.values())


# --- other tables of the same family, laid out as PDF extraction lays them out ------------------

HEADER = "序号 工作任务 具体措施 牵头部门"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def _spaced(lines: list[str]) -> list[str]:
    # Justified narrow cells come out with spaces between single characters.
    return [" ".join(line) if len(line) == 4 else line for line in lines]


FAMILY = [
    # id, theme cell, sub-task cell, text, departments cell (as written)
    (
        1,
        "一、强化数据治理，实现全省“治数通”",
        "1. 完善数据制度",
        "制定公共数据管理办法。明确数据分级分类规则，规范数据采集、共享、开放和授权运营的全流程管理要求。",
        "省政务服务数据管理局、司法厅，省委网信办",
    ),
    (
        2,
        "一、强化数据治理，实现全省“治数通”",
        "1. 完善数据制度",
        "推动佛山、中山开展数据资产入表试点。",
        "佛山市、中山市人民政府，省财政厅",
    ),
    (
        3,
        "一、强化数据治理，实现全省“治数通”",
        "2. 建设数据平台",
        "建设省级数据资源一网共享平台，实现省市两级数据目录统一编制、统一发布、统一管理，支撑跨部门、跨层级、跨区域"
        "数据按需共享。依托平台开展数据质量评估，定期通报数据更新、数据纠错和数据使用情况，推动数据治理常态化。"
        "探索建立数据共享考核评价机制，推动各地各部门按职责落实数据共享责任，形成共享共用的良好格局。",
        "省政务服务数据管理局、发展改革委、工业和信息化厅，人民银行广东省分行、国家金融监督管理总局广东监管局",
    ),
    (
        4,
        "二、推进产业协同，实现湾区“链通”",
        "1. 培育产业集群",
        "支持珠海、江门建设智能制造产业园，打造面向澳门的产业合作平台",
        "珠海市、江门市人民政府",
    ),
    (5, "二、推进产业协同，实现湾区“链通”", "1. 培育产业集群", "鼓励企业上云用数赋智。", "省工业和信息化厅，团省委"),
    (6, "保障措施", "1. 加强组织领导", "建立工作专班，统筹推进各项任务落实。", "省大湾区办、港澳办"),
]


def _render(
    rows,
    *,
    split_row: int = 3,
    number_inline: frozenset[int] = frozenset({2, 5}),
    text_width: int = 28,
    dept_width: int = 12,
    page_rows: int = 2,
) -> str:
    lines = ["附件", "", "“数字湾区”建设任务分工表（样例）", "", HEADER, ""]
    previous = (None, None)
    for index, (row, theme, subtask, text, depts) in enumerate(rows):
        if index and index % page_rows == 0:
            lines += ["", str(30 + index), "", " " + HEADER, ""]  # page number, repeated header
            previous = (None, None)  # a new page repeats the theme and sub-task cells
        cells = []
        if theme != previous[0]:
            cells += _spaced(_wrap(theme, 5))
        if subtask != previous[1]:
            cells += _wrap(subtask, 5)
        previous = (theme, subtask)
        text_lines = _wrap(text, text_width)
        if row == split_row:  # the row runs over a page break: header, theme and sub-task repeat
            cut = 2
            text_lines = [
                *text_lines[:cut],
                "",
                str(40 + row),
                "",
                HEADER,
                "",
                *_spaced(_wrap(theme, 5)),
                *_wrap(subtask, 5),
                *text_lines[cut:],
            ]
        cells += text_lines + _wrap(depts, dept_width)
        if row in number_inline:
            lines.append(f"{row} {cells[0]}")
            cells = cells[1:]
        else:
            lines.append(str(row))
        for cell in cells:
            lines += [cell, ""]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def family() -> dict[int, dict]:
    return {m["id"]: m for m in parse_text(_render(FAMILY), "sample.txt")}


def test_family_rows_themes_and_subtasks(family):
    assert list(family) == [1, 2, 3, 4, 5, 6]
    assert [family[i]["theme"] for i in (1, 4, 6)] == [
        "强化数据治理，实现全省“治数通”",
        "推进产业协同，实现湾区“链通”",
        "保障措施",
    ]
    assert [m["theme_short"] for m in family.values()] == ["治数通"] * 3 + ["链通"] * 2 + ["保障措施"]
    assert [m["subtask"] for m in family.values()] == [
        "完善数据制度",
        "完善数据制度",
        "建设数据平台",
        "培育产业集群",
        "培育产业集群",
        "加强组织领导",
    ]
    assert family[1]["source"] == {"document": "sample", "row": 1}


def test_family_texts_exact(family):
    for row, _theme, _subtask, text, _depts in FAMILY:
        assert family[row]["text"] == text, row


def test_family_departments(family):
    assert family[1]["departments"] == ["省政务服务数据管理局", "省司法厅", "省委网信办"]
    assert family[2]["departments"] == ["佛山市人民政府", "中山市人民政府", "省财政厅"]
    assert family[3]["departments"] == [
        "省政务服务数据管理局",
        "省发展改革委",
        "省工业和信息化厅",
        "人民银行广东省分行",
        "国家金融监督管理总局广东监管局",
    ]
    assert family[4]["departments"] == ["珠海市人民政府", "江门市人民政府"]  # text without a closing 。
    assert family[5]["departments"] == ["省工业和信息化厅", "团省委"]
    assert family[6]["departments"] == ["省大湾区办", "省港澳办"]


def test_text_and_departments_on_one_line():
    text = f"{HEADER}\n1\n以 数 据 流\n动\n1. 推动\n试点先行，稳步推开。省科技厅\n2 加快建设。\n省财政厅\n"
    measures = parse_text(text, "inline.txt")
    assert [(m["text"], m["departments"]) for m in measures] == [
        ("试点先行，稳步推开。", ["省科技厅"]),
        ("加快建设。", ["省财政厅"]),
    ]
    assert measures[1]["theme"] == "以数据流动" and measures[1]["subtask"] == "推动"


def test_unknown_departments_are_kept():
    measures = parse_text(f"{HEADER}\n1\n主题\n开展试点。\n省新设局、数字经济促进中心\n", "x.txt")
    assert measures[0]["departments"] == ["省新设局", "省数字经济促进中心"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("这是一份普通的通知。\n没有表格。\n", "no recognisable header"),
        ("序号 工作任务 牵头部门\n1\n主题\n省科技厅\n", "missing 具体措施 column"),
        ("序号 工作任务 具体措施\n1\n主题\n开展试点。\n", "missing 牵头部门 column"),
        (f"{HEADER}\n（无）\n", "no numbered rows"),
    ],
)
def test_bad_text_tables(text, message):
    with pytest.raises(IngestError, match=message):
        parse_text(text, "bad.txt")


def test_split_and_compact_headers_page_marks_and_repeated_titles():
    text = "\n".join(
        [
            "“数字湾区”建设任务分工表",
            "序号",
            "工作任务",
            "具体措施",
            "牵头部门",
            "1",
            "以 数 据 流",
            "动",
            "1. 推动",
            "开展试点一，推进数据要素各项工作落实。",
            "省科技厅",
            "- 2 -",
            "“数字湾区”建设任务分工表",
            "序号工作任务具体措施牵头部门",
            "2",
            "第 1 页 共 3 页",
            "开展试点二，完善数据要素流通规则体系。",
            "省教育厅",
            "7 序号 工作任务 具体措施 牵头部门",
            "3",
            "开展试点三，健全数据要素市场监管。",
            "省市场监管局",
        ]
    )
    measures = parse_text(text, "pages.txt")
    assert [(m["theme"], m["subtask"], m["text"], m["departments"]) for m in measures] == [
        ("以数据流动", "推动", "开展试点一，推进数据要素各项工作落实。", ["省科技厅"]),
        ("以数据流动", "推动", "开展试点二，完善数据要素流通规则体系。", ["省教育厅"]),
        ("以数据流动", "推动", "开展试点三，健全数据要素市场监管。", ["省市场监管局"]),
    ]


def test_new_theme_row_over_a_page_break_without_header():
    lines = [
        HEADER,
        "6",
        "保障措施",
        "1. 加强组织",
        "协调",
        "在省推进粤港澳大湾区建设领导小组下，建立专责小组，统",
        "筹推进各项工作。日常工作由省政务服务数据管理局承担，",
        "5",  # page number: not the next row
        "保障措施",
        "1. 加强组织",
        "协调",  # the new page repeats the theme and sub-task cells
        "各地各部门要加强组织领导。",
        "省大湾区办、港澳办",
        "7",
        "定期会商协调，推动各项任务落实见效。",
        "省政务服务数据管理局",
    ]
    measures = parse_text("\n".join(lines), "break.txt")
    assert [m["id"] for m in measures] == [6, 7]
    assert measures[0]["text"] == (
        "在省推进粤港澳大湾区建设领导小组下，建立专责小组，统筹推进各项工作。日常工作由省政务服务数据管理局承担，"
        "各地各部门要加强组织领导。"
    )
    assert measures[0]["subtask"] == measures[1]["subtask"] == "加强组织协调"
    assert measures[0]["departments"] == ["省大湾区办", "省港澳办"]


def test_theme_and_subtask_lines_interleaved_with_the_text():
    lines = [
        HEADER,
        "1",
        "以 数 据 流",
        "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划，",
        "动 带 动 要",
        "运用隐私计算、安全隔离、可信验证等关键技术，加强跨境数据",
        "1. 推动数据",
        "流通服务与分类管理，确保数据安全、使用合规和范围可控。",
        "要素流通",
        "省政务服务数据管理局",
        "2",
        "短段落说明：",
        "一是加强统筹。",
        "二是强化保障措施落实，确保各项任务按期完成见效。",
        "省科技厅",
    ]
    first, second = parse_text("\n".join(lines), "interleaved.txt")
    assert first["theme"] == "以数据流动带动要"
    assert first["subtask"] == "推动数据要素流通"
    assert first["text"] == (
        "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划，运用隐私计算、安全隔离、可信验证等关键技术，"
        "加强跨境数据流通服务与分类管理，确保数据安全、使用合规和范围可控。"
    )
    assert first["departments"] == ["省政务服务数据管理局"]
    # Short paragraphs after a sentence end stay in the text.
    assert second["text"] == "短段落说明：一是加强统筹。二是强化保障措施落实，确保各项任务按期完成见效。"
    assert second["theme"] == first["theme"] and second["subtask"] == first["subtask"]


@pytest.mark.parametrize(("text_width", "dept_width", "page_rows"), [(28, 12, 4), (33, 14, 5), (25, 9, 3)])
def test_the_seed_reflowed_with_other_widths_and_page_breaks(seed, text_width, dept_width, page_rows):
    """The same 60 rows laid out afresh: other line widths, page breaks elsewhere, a row over a page
    break, row numbers inline: the parser must not depend on where the seed's lines happen to break."""
    rows = [
        (
            m["id"],
            m["theme"],
            f"{(i % 3) + 1}. {m['subtask']}" if m["subtask"] else "",
            m["text"],
            "、".join(m["departments"]),
        )
        for i, m in enumerate(seed.values())
    ]
    text = _render(
        rows,
        split_row=17,
        number_inline=frozenset({3, 6, 13, 40, 53}),
        text_width=text_width,
        dept_width=dept_width,
        page_rows=page_rows,
    )
    parsed = parse_text(text, "reflowed.txt")
    assert [m["id"] for m in parsed] == list(seed)
    for got in parsed:
        want = seed[got["id"]]
        assert (got["theme"], got["subtask"], got["text"], got["departments"]) == (
            want["theme"],
            want["subtask"],
            want["text"],
            want["departments"],
        ), got["id"]
