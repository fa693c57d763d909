"""The map page and the list page as a planner uses them (issue 10, items 3–8): counts said once and plainly,
popups listing a place's measures, the map going to the chosen region, one ranked search, readable lists."""

from __future__ import annotations

import json
import re

from apptest_support import run_page

from geo.selection.filters import Filters, group_counts, region_wide, select, unplaced
from geo.selection.search import ranked


def map_args(at) -> dict:
    (comp,) = at.get("component_instance")
    return json.loads(comp.proto.json_args)


def js_call_args(fg: str, function: str) -> list:
    """The JSON arguments of a dba.<function>(parent, …) call in the selection layer's script."""
    found = re.search(r"dba\." + function + r"\(\w+, (.*?)\);", fg)
    assert found, f"no dba.{function} call"
    return json.loads("[" + found.group(1) + "]")


def region_option(at, pid_label: str) -> str:
    ms = next(w for w in at.sidebar.multiselect if w.key == "flt_region")
    return next(o for o in ms.options if pid_label in o)


def test_dropdown_caption_and_legend_say_the_same_numbers(measures, gaz):
    at = run_page()
    named = group_counts(measures, gaz)["greater-bay-area"]
    reaching = len(select(measures, Filters(regions=("greater-bay-area",)), gaz))
    # The dropdown: what choosing the region gives, and of those how many are named for the whole region.
    assert f"粤港澳大湾区（{reaching}，其中区域整体措施 {named}）" in region_option(at, "粤港澳大湾区")
    caption = " ".join(c.value for c in at.caption)
    assert f"其中区域整体措施 {len(region_wide(measures, gaz))} 项（粤港澳大湾区 {named}" in caption
    legend = js_call_args(map_args(at)["feature_group"], "layerLegend")[0]
    legend_text = re.sub(r"<[^>]+>", "", legend).replace("&nbsp;", " ")  # what the legend reads
    assert f"粤港澳大湾区 {named}" in legend_text


def test_region_wide_caption_counts_each_measure_once(measures, gaz):
    chosen = [m for m in measures if len({t["place"] for t in m["places"]} & {"greater-bay-area", "prd-nine"}) == 2]
    assert chosen, "the seed has measures named for two groups"
    at = run_page(None, {"q": "数字政府基础能力"})
    sel = select(measures, Filters(keyword="数字政府基础能力"), gaz)
    caption = " ".join(c.value for c in at.caption)
    assert f"其中区域整体措施 {len(region_wide(sel, gaz))} 项" in caption
    assert len(region_wide(sel, gaz)) <= len(sel)


def test_east_guangdong_with_the_switch_is_not_zero(measures, gaz):
    at = run_page(None, {"groups": "1"})
    label = region_option(at, "区域 · 粤东（")
    n = len(select(measures, Filters(regions=("east-guangdong",), include_groups=True), gaz))
    assert n > 0 and f"粤东（{n}，其中区域整体措施" in label


def test_a_click_opens_a_popup_listing_the_measures_with_the_filter_as_its_action(measures, gaz):
    at = run_page()
    fg = map_args(at)["feature_group"]
    (data,) = js_call_args(fg, "placePopups")
    shenzhen = data["places"]["shenzhen"]
    expected = [m["id"] for m in select(measures, Filters(regions=("shenzhen",)), gaz)]
    assert shenzhen["ids"] == expected[: data["limit"]] and shenzhen["n"] == len(expected)
    first = str(shenzhen["ids"][0])
    assert f"序号 {first}" in data["lines"][first] and 'class="th"' in data["lines"][first]
    assert data["places"]["hengqin"]["ids"]  # zones too
    assert data["labels"]["filter"] == "按此地区筛选"


def test_choosing_a_region_fits_the_map_to_it_and_outlines_a_chosen_zone():
    at = run_page(None, {"region": "hengqin"})
    fg = map_args(at)["feature_group"]
    key, bounds, view, padding = js_call_args(fg, "fitView")
    (south, west), (north, east) = bounds
    assert key == "hengqin" and padding > 0 and view is None
    assert 21.9 < south < north < 22.3 and 113.4 < west < east < 113.7  # 横琴, not the whole province
    assert '"className": "dba-sel"' in fg or '"className":"dba-sel"' in fg
    shared = run_page(None, {"region": "hengqin", "view": "22.5,113.9,9.5"})
    assert js_call_args(map_args(shared)["feature_group"], "fitView")[2] == [22.5, 113.9, 9.5]


def test_highlighting_measure_46_outlines_the_zones_its_text_names(measures):
    at = run_page(None, {"hl": "46"})
    fg = map_args(at)["feature_group"]
    found = re.search(r'dba\.choropleth\(\w+, (\{.*\}), \{"zero"', fg)
    props = json.loads(found.group(1))
    assert not [pid for pid, p in props.items() if p.get("hl")], "no whole city/bay area outlined"
    for zone in ("hengqin", "qianhai", "nansha", "hetao"):
        assert f'"place": "{zone}"' in fg or f'"place":"{zone}"' in fg


def test_unplaced_measures_have_their_own_count_on_the_map_page(measures, gaz):
    at = run_page()
    n = len(unplaced(measures, gaz))
    assert n and any(p.proto.popover.label.startswith(f"未标注地区 {n} 项") for p in at.get("popover"))


def test_list_page_has_one_search_ranked_with_the_right_count(measures, gaz):
    page = run_page("pages/1_措施列表.py", {"q": "跨境数据"})
    assert not page.main.text_input, "no second search box on the list page"
    table = page.dataframe[0].value
    expected = ranked(select(measures, Filters(keyword="跨境数据"), gaz), "跨境数据")
    assert list(table.iloc[:, 0]) == [m["id"] for m in expected]
    assert any(f"符合条件的措施 {len(expected)} 项" in c.value for c in page.caption)
    reversed_only = [m["id"] for m in measures if "数据跨境" in m["text"] and "跨境数据" not in m["text"]]
    assert set(reversed_only) <= set(table.iloc[:, 0])


def test_list_page_columns_are_short_with_lead_and_co_units_apart(tmp_path, monkeypatch, measures):
    # The seed does not tell co-operating units apart; an imported table does (records carry co_departments).
    co = dict(measures[0], id=901, departments=["省科技厅"], co_departments=["省财政厅"])
    path = tmp_path / "measures.json"
    path.write_text(json.dumps([*measures, co], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("DBA_MEASURES", str(path))
    page = run_page("pages/1_措施列表.py")
    table = page.dataframe[0].value
    assert table["具体措施"].str.len().max() <= 60  # the full text is in the detail view
    row = table[table.iloc[:, 0] == 901].iloc[0]
    assert row["牵头部门"] == "省科技厅" and row["配合部门"] == "省财政厅"
    cards = run_page(None, {"q": co["text"][:8]})
    body = "".join(h.proto.body for h in cards.get("html") if "dba-list" in h.proto.body)
    assert "牵头部门：省科技厅" in body and "配合部门：省财政厅" in body


def test_department_chart_axis_counts_whole_measures():
    page = run_page("pages/1_措施列表.py", {"region": "shantou", "groups": "1"})
    charts = page.get("arrow_vega_lite_chart") or page.get("vega_lite_chart")
    spec = json.loads(charts[0].proto.spec)
    axis = spec["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d"


def test_select_all_reads_in_the_ui_language_on_every_page():
    from geo.render.web.assets import stylesheet

    assert "__select_all__" in stylesheet("pages/page.css")  # the rule every page loads (ui/page.page_setup)
    for script in (None, "pages/3_导出.py", "pages/6_督办.py"):
        for lang, word in (("zh", "全选"), ("en", "Select all"), ("zh_hant", "全選")):
            at = run_page(script, {"lang": lang} if lang != "zh" else None)
            css = "".join(h.proto.body for h in at.get("html"))
            assert f'--dba-select-all: "{word}"' in css, (script, lang)
