"""Filters as a planner uses them: AND across kinds, OR within one, regions that contain other places."""

from __future__ import annotations

import pytest

from geo.places.gazetteer import Gazetteer, Place
from geo.selection.filters import Filters, describe, facet_counts, group_counts, place_counts, select


def _place(pid, kind, name, parents=(), members=()):
    return Place(id=pid, kind=kind, name_zh=name, name_zh_hant=name, name_en=pid, parents=parents, members=members)


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(
        [
            _place("shenzhen", "city", "深圳市"),
            _place("guangzhou", "city", "广州市"),
            _place("shaoguan", "city", "韶关市"),
            _place("shantou", "city", "汕头市"),
            _place("hong-kong", "sar", "香港"),
            _place("qianhai", "zone", "前海", parents=("shenzhen",)),
            _place("hetao", "zone", "河套", parents=("shenzhen", "hong-kong")),
            _place("pengcheng-lab", "facility", "鹏城实验室", parents=("shenzhen",)),
            _place("greater-bay-area", "region_group", "粤港澳大湾区", members=("shenzhen", "guangzhou", "hong-kong")),
            _place("east-west-north", "region_group", "粤东粤西粤北", members=("shaoguan", "shantou")),
            _place("yangtze-delta", "external_region", "长三角"),
        ]
    )


def _m(mid, theme, places, depts=("省政务服务数据管理局",), text="文本"):
    return {
        "id": mid,
        "theme_short": theme,
        "theme": theme,
        "subtask": "",
        "text": text,
        "departments": list(depts),
        "places": [{"place": p, "evidence": p, "rule": "t"} for p in places],
    }


@pytest.fixture()
def measures():
    return [
        _m(1, "要素通", ["qianhai"], text="在前海试点"),
        _m(2, "要素通", ["greater-bay-area"], depts=("省科技厅",)),
        _m(3, "基座通", ["pengcheng-lab", "shenzhen"], depts=("省科技厅", "深圳市人民政府")),
        _m(4, "数字融湾", ["east-west-north"]),
        _m(5, "数字融湾", ["shaoguan"], text="韶关数据中心集群"),
        _m(6, "保障措施", ["hetao", "yangtze-delta"]),
        _m(7, "保障措施", []),
    ]


def ids(ms):
    return [m["id"] for m in ms]


def test_empty_filters_select_everything(gaz, measures):
    assert ids(select(measures, Filters(), gaz)) == [1, 2, 3, 4, 5, 6, 7]


def test_city_region_includes_its_zones_and_facilities_but_not_bay_wide_measures(gaz, measures):
    assert ids(select(measures, Filters(regions=("shenzhen",)), gaz)) == [1, 3, 6]


def test_group_switch_adds_measures_tagged_to_a_containing_group(gaz, measures):
    f = Filters(regions=("shenzhen",), include_groups=True)
    assert ids(select(measures, f, gaz)) == [1, 2, 3, 6]


def test_group_region_selects_group_and_member_measures(gaz, measures):
    assert ids(select(measures, Filters(regions=("east-west-north",)), gaz)) == [4, 5]


def test_zone_shared_by_two_places_counts_for_hong_kong_too(gaz, measures):
    assert ids(select(measures, Filters(regions=("hong-kong",)), gaz)) == [6]


def test_and_across_kinds_or_within_kind(gaz, measures):
    assert ids(select(measures, Filters(themes=("要素通", "基座通")), gaz)) == [1, 2, 3]
    assert ids(select(measures, Filters(themes=("要素通", "基座通"), departments=("省科技厅",)), gaz)) == [2, 3]
    assert ids(select(measures, Filters(themes=("要素通",), regions=("shenzhen",)), gaz)) == [1]


def test_keyword_is_a_chinese_substring(gaz, measures):
    assert ids(select(measures, Filters(keyword="数据中心"), gaz)) == [5]
    assert ids(select(measures, Filters(keyword="  前海 "), gaz)) == [1]


def test_query_round_trip_restores_the_same_filters():
    f = Filters(
        themes=("要素通", "保障措施"),
        departments=("省科技厅",),
        regions=("qianhai", "east-west-north"),
        keyword="算力",
        include_groups=True,
    )
    assert Filters.from_query(f.to_query()) == f
    assert Filters().to_query() == {}


def test_query_accepts_comma_lists_and_single_strings():
    f = Filters.from_query({"theme": "要素通,基座通", "region": ["shenzhen"], "q": ["算力"]})
    assert f.themes == ("要素通", "基座通") and f.regions == ("shenzhen",) and f.keyword == "算力"


def test_stale_link_values_are_dropped_and_reported(gaz, measures):
    f, unknown = Filters(themes=("要素通", "不存在"), regions=("atlantis",)).validated(measures, gaz)
    assert f.themes == ("要素通",) and f.regions == () and set(unknown) == {"不存在", "atlantis"}


def test_counts_keep_group_measures_apart_unless_switched_on(gaz, measures):
    assert place_counts(measures, gaz) == {"shenzhen": 3, "shaoguan": 1, "hong-kong": 1}
    with_groups = place_counts(measures, gaz, include_groups=True)
    assert with_groups["shenzhen"] == 4 and with_groups["guangzhou"] == 1 and with_groups["shantou"] == 1
    assert group_counts(measures, gaz) == {"greater-bay-area": 1, "east-west-north": 1}


def test_facet_counts_match_what_selecting_the_option_gives(gaz, measures):
    f = Filters(themes=("数字融湾", "要素通"))
    counts = facet_counts(measures, f, gaz)
    for region, n in counts["region"].items():
        assert len(select(measures, f.with_(regions=(region,)), gaz)) == n, region
    for theme, n in counts["theme"].items():
        assert len(select(measures, Filters(themes=(theme,)), gaz)) == n, theme
    f2 = Filters(regions=("shenzhen",), include_groups=True)
    for region, n in facet_counts(measures, f2, gaz)["region"].items():
        assert len(select(measures, f2.with_(regions=(region,)), gaz)) == n, region


def test_describe_states_the_filters_in_words(gaz):
    f = Filters(themes=("要素通",), regions=("shenzhen", "east-west-north"), keyword="算力")
    assert describe(f, gaz) == "主题：要素通；地区：深圳市、粤东粤西粤北；关键词：“算力”"
    assert describe(Filters(), gaz) == "全部措施"
    assert "Region: " in describe(f, gaz, "en")


def test_gazetteer_relations(gaz):
    assert gaz.descendants("shenzhen") == {"shenzhen", "qianhai", "hetao", "pengcheng-lab"}
    assert gaz.ancestors("pengcheng-lab") == {"shenzhen", "greater-bay-area"}
    assert gaz.area_ids("hetao") == {"shenzhen", "hong-kong"}
    assert gaz.area_ids("greater-bay-area") == {"shenzhen", "guangzhou", "hong-kong"}
    assert gaz.area_ids("yangtze-delta") == set()


def test_department_filter_matches_co_operating_units_and_renamed_departments(gaz):
    lead = {**_m(1, "甲", []), "departments": ["省科技厅"], "co_departments": ["省财政厅"]}
    renamed = {**_m(2, "甲", []), "departments": ["省政务服务和数据管理局"], "co_departments": []}
    old_name = {**_m(3, "甲", []), "departments": ["省政务服务数据管理局"]}  # a record without co_departments
    measures = [lead, renamed, old_name]
    assert [m["id"] for m in select(measures, Filters(departments=("省财政厅",)), gaz)] == [1]
    # One department across plans of different years: the 2024 name finds the older plan's rows too.
    assert [m["id"] for m in select(measures, Filters(departments=("省政务服务数据管理局",)), gaz)] == [2, 3]
    assert facet_counts(measures, Filters(), gaz)["department"]["省财政厅"] == 1
    clean, unknown = Filters(departments=("省财政厅", "省不存在局")).validated(measures, gaz)
    assert clean.departments == ("省财政厅",) and unknown == ["省不存在局"]
