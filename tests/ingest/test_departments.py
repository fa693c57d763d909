"""Department lists as written in task tables → full names, and the table of known departments."""

from __future__ import annotations

import json

import pytest

from geo.ingest import departments
from geo.ingest.departments import (
    categories,
    category_of,
    expand,
    is_known,
    load_known,
    short_name,
    unknown,
    unknown_category,
)
from geo.paths import DEPARTMENTS

CITIES = [
    "广州",
    "深圳",
    "珠海",
    "汕头",
    "佛山",
    "韶关",
    "河源",
    "梅州",
    "惠州",
    "汕尾",
    "东莞",
    "中山",
    "江门",
    "阳江",
    "湛江",
    "茂名",
    "肇庆",
    "清远",
    "潮州",
    "揭阳",
    "云浮",
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("省发展改革委、工业和信息化厅", ["省发展改革委", "省工业和信息化厅"]),
        # 省 stops at the ，: the second segment has its own prefix.
        ("省委网信办，省公安厅", ["省委网信办", "省公安厅"]),
        ("省大湾区办、港澳办、政务服务数据管理局", ["省大湾区办", "省港澳办", "省政务服务数据管理局"]),
        ("广州市、深圳市、东莞市人民政府", ["广州市人民政府", "深圳市人民政府", "东莞市人民政府"]),
        ("广州、深圳市人民政府", ["广州市人民政府", "深圳市人民政府"]),
        ("省科技厅，广州市、深圳市人民政府", ["省科技厅", "广州市人民政府", "深圳市人民政府"]),
        ("省教育厅、科技厅，团省委", ["省教育厅", "省科技厅", "团省委"]),
        ("省科技厅、团省委", ["省科技厅", "团省委"]),
        ("省有关部门按职责分工负责", ["省有关部门"]),
        ("省政务服务数据管理局，相关市人民政府", ["省政务服务数据管理局", "相关市人民政府"]),
        ("", []),
        ("省科技厅、科技厅", ["省科技厅"]),
    ],
)
def test_expansion_rules(raw, expected):
    assert expand(raw) == expected


def test_province_prefix_never_lands_on_banks_regulators_customs_or_companies():
    raw = (
        "省发展改革委、人民银行广东省分行、国家金融监督管理总局广东监管局、海关总署广东分署、广东海事局、"
        "中国铁路广州局集团有限公司、省通信管理局、人民银行深圳市中心支行、国家金融监督管理总局深圳监管局"
    )
    assert expand(raw) == [
        "省发展改革委",
        "人民银行广东省分行",
        "国家金融监督管理总局广东监管局",
        "海关总署广东分署",
        "广东海事局",
        "中国铁路广州局集团有限公司",
        "省通信管理局",
        "人民银行深圳市中心支行",
        "国家金融监督管理总局深圳监管局",
    ]


def test_unknown_names_in_a_province_segment_get_the_prefix_and_are_reported():
    names = expand("省科技厅、数字经济促进中心、新设局，某某科技有限公司")
    assert names == ["省科技厅", "省数字经济促进中心", "省新设局", "某某科技有限公司"]
    assert unknown(names) == ["省数字经济促进中心", "省新设局", "某某科技有限公司"]
    assert category_of("某某科技有限公司") == "其他"
    assert short_name("某某科技有限公司") == "某某科技有限公司"


def test_names_wrapped_across_lines_rejoin():
    assert expand("省委网信办，省政务服务数\n据管理局") == ["省委网信办", "省政务服务数据管理局"]
    assert expand("横琴粤澳深度合作区执行委\n员会，深圳市前海深港现代\n服务业合作区管理局，广州\n市南沙区人民政府") == [
        "横琴粤澳深度合作区执行委员会",
        "深圳市前海深港现代服务业合作区管理局",
        "广州市南沙区人民政府",
    ]
    assert expand("省地方金融监管局，人民银\n行广东省分行、国家金融监\n督管理总局广东监管局") == [
        "省地方金融监管局",
        "人民银行广东省分行",
        "国家金融监督管理总局广东监管局",
    ]


def test_one_name_per_line_in_a_table_cell():
    assert expand("省发展改革委\n省科技厅\n广州市人民政府\n横琴粤澳深度合作区") == [
        "省发展改革委",
        "省科技厅",
        "广州市人民政府",
        "横琴粤澳深度合作区",
    ]
    assert expand("省发展改革委\n工业和信息化厅") == ["省发展改革委", "省工业和信息化厅"]


def test_official_names_and_aliases_map_to_the_table_name():
    assert expand("广东省科学技术厅、中国人民银行广东省分行、国家税务总局广东省税务局") == [
        "省科技厅",
        "人民银行广东省分行",
        "省税务局",
    ]
    assert expand("省发改委、省工信厅") == ["省发展改革委", "省工业和信息化厅"]


def test_table_has_every_city_zone_and_category():
    known = load_known()
    for city in CITIES:
        assert known[f"{city}市人民政府"].category == "地市政府"
        assert known[f"{city}市人民政府"].short == f"{city}市"
    for name in [
        "横琴粤澳深度合作区执行委员会",
        "深圳市前海深港现代服务业合作区管理局",
        "广州市南沙区人民政府",
        "河套深港科技创新合作区建设发展事务署",
        "横琴粤澳深度合作区",
    ]:
        assert known[name].category == "合作区机构"
    assert {d.category for d in known.values()} == set(categories())
    assert category_of("某某不存在的委员会") == unknown_category() == "其他"
    # 其他 holds only bodies the registry places by level (Guangzhou's own bureaus), never a province-wide one.
    assert {d.level for d in known.values() if d.category == "其他"} == {"city"}
    assert category_of("省科技厅") == "省直部门"
    assert category_of("人民银行广东省分行") == "中直驻粤单位"
    assert category_of("海关总署广东分署") == "中直驻粤单位"
    assert short_name("省政务服务数据管理局") == "省政数局"
    assert short_name("中国铁路广州局集团有限公司") == "广铁集团"


def test_table_file_is_consistent():
    rows = json.loads(DEPARTMENTS.read_text(encoding="utf-8"))["departments"]
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))
    spellings = [
        alias for row in rows for alias in {row["official"], row["short"], *row["aliases"]} if alias not in names
    ]
    assert len(spellings) == len(set(spellings)), "an alias may name one department only"
    for row in rows:
        assert row["category"] in categories() and row["short"]
        assert expand(row["name"]) == [row["name"]], row["name"]


def test_load_known_returns_a_copy():
    known = load_known()
    known.clear()
    assert load_known()


def test_department_list_shape():
    assert departments.is_department_list("省科技厅，广州市、深圳市人民政府")
    assert departments.is_department_list("汕尾市政府")
    assert not departments.is_department_list("加快推进大湾区货物通关便利化，争取国家支持")
    assert not departments.is_department_list("平台珠海市、江门市人民政府")
    assert not departments.is_department_list("地。省政务服务数据管理局")


def test_short_labels_read_back_but_bare_cities_stay_places():
    assert departments.canonical("省政数局") == "省政务服务数据管理局"
    assert departments.canonical("广铁集团") == "中国铁路广州局集团有限公司"
    assert departments.canonical("广州市") == "广州市"
    assert expand("广州市、深圳市政务服务数据管理局") == ["广州市政务服务数据管理局", "深圳市政务服务数据管理局"]


def test_registry_levels_renames_and_tiers():
    from geo.ingest.departments import current_name, department, level_of

    # Renamed in 2024: both names are known, they are one department, and the seed keeps the name it was written with.
    assert is_known("省政务服务数据管理局") and is_known("省政务服务和数据管理局")
    assert expand("省政务和数据局") == ["省政务服务和数据管理局"]
    assert current_name("省政务服务数据管理局") == current_name("省政数局") == "省政务服务和数据管理局"
    assert department("省政务服务数据管理局").renamed == "2024"
    assert category_of("省政务服务数据管理局") == category_of("省政务和数据局") == "省直部门"
    # Guangzhou's former bureaus.
    assert current_name("市经贸委") == "广州市工业和信息化局"
    assert current_name("市科技和信息化局") == current_name("市科创委") == "广州市科学技术局"
    assert level_of("市经贸委") == "city"
    assert [level_of(n) for n in ("省科技厅", "广州市人民政府", "广州市南沙区人民政府", "广东证监局")] == [
        "province",
        "city",
        "district",
        "central-in-province",
    ]
    # Tiers: one unit each, in 属地.
    for tier in ("各区、县级市", "各有关区、县级市", "各地级以上市人民政府", "各有关单位"):
        assert expand(tier) == [tier] and category_of(tier) == "属地"
    # Unknown names are kept as written and reported, never dropped.
    assert expand("浙江金融监管局、省科技厅") == ["浙江金融监管局", "省科技厅"]
    assert unknown(["浙江金融监管局", "省科技厅"]) == ["浙江金融监管局"]
