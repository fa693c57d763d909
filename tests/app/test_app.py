"""AppTest of the map page and the measures page: every filter, the URL state, and what the map receives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.dataset import load_measures
from geo.i18n import rule_label
from geo.places.gazetteer import load_gazetteer
from geo.selection.filters import Filters, place_counts, select
from geo.selection.search import ranked
from ui.map_panel import RETURNED_OBJECTS

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"


def run_app(query: dict | None = None, script: str = "app.py") -> AppTest:
    return run_page(None if script == "app.py" else script, query)


def map_args(at: AppTest) -> dict:
    comps = at.get("component_instance")
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def map_props(at: AppTest) -> dict:
    """The per-place table the selection layer hands to the browser (count, colour, tooltip, flags)."""
    fg = map_args(at)["feature_group"]
    found = re.search(r'dba\.choropleth\(\w+, (\{.*\}), \{"zero"', fg)
    assert found, "selection layer has no props table"
    return json.loads(found.group(1))


def map_counts(at: AppTest) -> dict:
    return {pid: p["count"] for pid, p in map_props(at).items() if p["count"]}


def query(at: AppTest) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


def widget(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at.sidebar, kind) if w.key == key)


def list_markdown(at: AppTest) -> str:
    """The HTML of the measure list beside the map (an st.html element)."""
    return "\n".join(h.proto.body for h in at.get("html") if "dba-list" in h.proto.body)


def listed_ids(at: AppTest) -> list[int]:
    return [int(i) for i in re.findall(r'data-measure="(\d+)"', list_markdown(at))]


# ---------------------------------------------------------------- the map component


def test_map_receives_all_areas_local_assets_and_minimal_returns(measures, gaz):
    at = run_app()
    args = map_args(at)
    assert args["returned_objects"] == RETURNED_OBJECTS
    assert args["js_links"] and all(u.startswith("/app/static/") for u in args["js_links"] + args["css_links"])
    assert "http" not in "".join(args["js_links"] + args["css_links"])
    props = map_props(at)
    assert set(props) == {p.id for p in gaz.of_kind("city", "sar")}
    assert map_counts(at) == dict(place_counts(measures, gaz))
    payload = len(at.get("component_instance")[0].proto.json_args.encode())
    assert payload <= 250_000, f"map payload {payload} bytes"


def test_filter_change_keeps_the_base_map_and_changes_only_the_layer(measures):
    at = run_app()
    before = map_args(at)
    theme = measures[-1]["theme_short"]
    widget(at, "multiselect", "flt_theme").select(theme).run()
    after = map_args(at)
    assert after["script"] == before["script"] and after["key"] == before["key"]  # no frame reload
    assert after["feature_group"] != before["feature_group"]
    # The city/SAR polygons travel once, with the base map; a selection carries only its per-place table.
    assert "dba.areaGeometry(" in after["script"]
    assert "dba.areaGeometry(" not in after["feature_group"] and len(after["feature_group"]) < 40_000


# ---------------------------------------------------------------- filters, each with counts


def test_theme_filter(measures, gaz):
    at = run_app()
    theme = measures[0]["theme_short"]
    ms = widget(at, "multiselect", "flt_theme")
    n = sum(1 for m in measures if m["theme_short"] == theme)
    assert f"{theme}（{n}）" in ms.options  # the count is in the option label
    ms.select(theme).run()
    expected = select(measures, Filters(themes=(theme,)), gaz)
    assert listed_ids(at) == [m["id"] for m in expected]
    assert map_counts(at) == dict(place_counts(expected, gaz))
    assert query(at)["theme"] == theme


def test_department_filter_is_grouped_by_category_with_full_names(measures, gaz):
    at = run_app()
    ms = widget(at, "multiselect", "flt_dept")
    dept = "深圳市人民政府"
    label = next(o for o in ms.options if o.startswith(dept + "（"))
    assert "地市政府" in label
    order = ["省直部门", "地市政府", "中直驻粤单位", "合作区机构", "其他"]
    cats = [o.split("（")[1].split(" · ")[0] for o in ms.options]
    ranks = [order.index(c) if c in order else len(order) for c in cats]
    assert ranks == sorted(ranks)  # grouped by category, 省直部门 first
    ms.select(dept).run()
    expected = select(measures, Filters(departments=(dept,)), gaz)
    assert listed_ids(at) == [m["id"] for m in expected]
    assert query(at)["dept"] == dept


def test_region_group_selects_group_and_member_measures(measures, gaz):
    at = run_app()
    widget(at, "multiselect", "flt_region").select("east-west-north").run()
    expected = select(measures, Filters(regions=("east-west-north",)), gaz)
    members = gaz.descendants("east-west-north")
    assert expected and all(members & {t["place"] for t in m["places"]} for m in expected)
    assert listed_ids(at) == [m["id"] for m in expected]
    assert query(at)["region"] == "east-west-north"
    props = map_props(at)
    assert all(props[a].get("sel") for a in gaz.area_ids("east-west-north"))


def test_keyword_filter_and_and_across_kinds(measures, gaz):
    at = run_app()
    at.sidebar.text_input(key="flt_keyword").input("数据").run()
    kw = ranked(select(measures, Filters(keyword="数据"), gaz), "数据")  # most relevant first
    assert listed_ids(at) == [m["id"] for m in kw]
    theme = kw[0]["theme_short"]
    widget(at, "multiselect", "flt_theme").select(theme).run()
    both = [m for m in kw if m["theme_short"] == theme]
    assert listed_ids(at) == [m["id"] for m in both]  # AND across kinds
    assert query(at)["q"] == "数据" and query(at)["theme"] == theme


def test_include_groups_switch_adds_group_measures_to_members(measures, gaz):
    at = run_app()
    off = map_counts(at)
    at.sidebar.toggle(key="flt_groups").set_value(True).run()
    on = map_counts(at)
    assert on == dict(place_counts(measures, gaz, include_groups=True))
    bay = sum(1 for m in measures if any(t["place"] == "greater-bay-area" for t in m["places"]))
    assert bay and on["shenzhen"] > off.get("shenzhen", 0)
    assert on != off
    assert query(at)["groups"] == "1"


def test_clear_all_resets_every_filter(measures):
    at = run_app({"theme": measures[0]["theme_short"], "q": "数据", "region": "shenzhen"})
    assert len(listed_ids(at)) < len(measures)
    next(b for b in at.sidebar.button if b.key == "flt_clear").click().run()
    assert not {"theme", "q", "region", "dept"} & set(query(at))
    assert widget(at, "multiselect", "flt_theme").value == []
    assert at.sidebar.text_input(key="flt_keyword").value == ""


# ---------------------------------------------------------------- URL state


def test_a_copied_link_restores_the_view(measures, gaz):
    theme = measures[0]["theme_short"]
    at = run_app({"theme": theme, "region": "shenzhen", "groups": "1", "lang": "en"})
    assert widget(at, "multiselect", "flt_theme").value == [theme]
    assert widget(at, "multiselect", "flt_region").value == ["shenzhen"]
    assert at.sidebar.toggle(key="flt_groups").value is True
    f = Filters(themes=(theme,), regions=("shenzhen",), include_groups=True)
    expected = select(measures, f, gaz)
    assert listed_ids(at) == [m["id"] for m in expected]
    assert map_counts(at) == dict(place_counts(expected, gaz, include_groups=True))
    assert at.title[0].value == "Digital Bay Area task map"


def test_unknown_link_values_are_reported_not_fatal():
    at = run_app({"theme": "不存在的主题", "region": "atlantis"})
    assert any("不存在的主题" in w.value and "atlantis" in w.value for w in at.sidebar.warning)
    assert widget(at, "multiselect", "flt_theme").value == []


def test_highlight_choice_outlines_places_and_lives_in_the_url(measures):
    m = next(m for m in measures if any(t["place"] == "shenzhen" for t in m["places"]))
    at = run_app()
    at.selectbox(key="ui_highlight").select(str(m["id"])).run()
    assert map_props(at)["shenzhen"].get("hl") == 1
    assert query(at)["hl"] == str(m["id"])
    assert f'data-measure="{m["id"]}"' in list_markdown(at)


# ---------------------------------------------------------------- languages


def test_traditional_chinese_converts_ui_and_measure_text():
    at = run_app({"lang": "zh_hant"})
    assert at.title[0].value.startswith("「數字灣區」")
    body = list_markdown(at)
    assert "數據" in body and "数据" not in body


def test_a_link_may_name_the_language_the_way_browsers_and_people_do():
    """?lang=zh-TW, zh-Hant or en-GB opens that language; an unknown tag falls back to 简体, not an error."""
    assert run_app({"lang": "zh-TW"}).title[0].value.startswith("「數字灣區」")
    assert run_app({"lang": "zh-Hant"}).title[0].value.startswith("「數字灣區」")
    assert widget(run_app({"lang": "en-GB"}), "multiselect", "flt_region").label == "Region"
    assert run_app({"lang": "xx"}).title[0].value.startswith("“数字湾区”")


def test_english_ui_and_place_names():
    at = run_app({"lang": "en"})
    assert widget(at, "multiselect", "flt_region").label == "Region"
    props = map_props(at)
    assert "Shenzhen" in props["shenzhen"]["tip"]
    assert "Shenzhen" in map_args(at)["script"]  # labels


# ---------------------------------------------------------------- escaping


def test_hostile_measure_text_is_shown_as_text(tmp_path, monkeypatch, measures):
    hostile = dict(
        measures[0],
        id=999,
        text=f"在深圳建设{HOSTILE}平台",
        subtask=HOSTILE,
        places=[{"place": "shenzhen", "evidence": "深圳", "rule": "city"}],
    )
    path = tmp_path / "measures.json"
    path.write_text(json.dumps([*measures, hostile], ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("DBA_MEASURES", str(path))
    at = run_app({"q": "onerror"})
    body = list_markdown(at)
    assert listed_ids(at) == [999]
    # Escaped, with the searched word marked inside the escaped text.
    assert HOSTILE not in body and '&lt;img src=x <mark class="kw">onerror</mark>=alert(1)&gt;' in body
    assert HOSTILE not in map_args(at)["feature_group"]
    page = run_app({"q": "onerror"}, script="pages/1_措施列表.py")
    for md in page.markdown:
        assert HOSTILE not in md.value


# ---------------------------------------------------------------- measures page


def test_measures_page_table_search_detail_and_departments(measures):
    at = run_app(script="pages/1_措施列表.py")
    table = at.dataframe[0].value
    assert len(table) == len(measures)
    at.sidebar.text_input(key="flt_keyword").input("算力").run()  # the one search: the sidebar's keyword
    table = at.dataframe[0].value
    assert 0 < len(table) < len(measures)
    expected = ranked(select(measures, Filters(keyword="算力"), load_gazetteer()), "算力")
    assert list(table.iloc[:, 0]) == [m["id"] for m in expected]  # most relevant first
    first = int(table.iloc[0, 0])
    assert any(f"序号 {first}" in md.value for md in at.markdown)  # detail view of the first match
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")  # departments chart
    places = next(df.value for df in at.dataframe if "识别方式" in df.value.columns)  # how each place was found
    detail = next(m for m in measures if m["id"] == first)
    assert list(places["识别方式"]) == [rule_label(p["rule"], "zh") for p in detail["places"]]
    assert not set(places["识别方式"]) & {p["rule"] for p in detail["places"]}  # words, not rule codes


def test_the_measures_page_names_department_categories_in_the_ui_language():
    at = run_app({"lang": "en"}, script="pages/1_措施列表.py")
    tables = [df.value for df in at.dataframe if "Category" in df.value.columns]
    assert len(tables) == 2  # the chosen measure's departments, and the departments tab's table
    categories = {c for table in tables for c in table["Category"]}
    assert categories and all(c.isascii() for c in categories), categories  # "Central unit", not 中直驻粤单位


def test_measures_page_shares_the_filters():
    at = run_app({"region": "shenzhen"}, script="pages/1_措施列表.py")
    table = at.dataframe[0].value
    gaz, ms = load_gazetteer(), load_measures()
    assert len(table) == len(select(ms, Filters(regions=("shenzhen",)), gaz))


def test_keyword_typed_in_traditional_finds_simplified_text(measures, gaz):
    at = run_app({"lang": "zh_hant"})
    at.sidebar.text_input(key="flt_keyword").input("數據").run()
    assert listed_ids(at) == [m["id"] for m in ranked(select(measures, Filters(keyword="数据"), gaz), "数据")]
    assert query(at)["q"] == "数据"


def test_streamlit_config_serves_static_files_and_sends_no_usage_stats():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False
