"""The briefing deck as a presenter meets it: which slides, in which order, what each one says and zooms to."""

from __future__ import annotations

import pytest

from geo.ingest.departments import short_name
from geo.places.gazetteer import Gazetteer, Place
from geo.render.extent import Bounds
from geo.selection.briefing import (
    MEASURE_LINE_CHARS,
    TOP_MAX,
    build_slides,
    choose_slides,
    clamp_slide,
    fit_text,
    focus_places,
    panel_lines_left,
    place_bounds,
    rank_for_place,
    rank_for_theme,
    short_text,
    top_departments,
)
from geo.selection.filters import Filters


def _place(pid, kind, name, parents=(), members=(), point=None):
    return Place(
        id=pid, kind=kind, name_zh=name, name_zh_hant=name, name_en=pid, parents=parents, members=members, point=point
    )


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(
        [
            _place("shenzhen", "city", "深圳市"),
            _place("guangzhou", "city", "广州市"),
            _place("zhuhai", "city", "珠海市"),
            _place("shaoguan", "city", "韶关市"),
            _place("shantou", "city", "汕头市"),
            _place("hong-kong", "sar", "香港"),
            _place("macau", "sar", "澳门"),
            _place("qianhai", "zone", "前海", parents=("shenzhen",)),
            _place("hetao", "zone", "河套", parents=("shenzhen", "hong-kong")),
            _place("hengqin", "zone", "横琴", parents=("zhuhai",)),
            _place("nansha", "zone", "南沙", parents=("guangzhou",)),
            _place("shaoguan-dc-cluster", "facility", "韶关数据中心集群", parents=("shaoguan",), point=(113.6, 24.8)),
            _place("pengcheng-lab", "facility", "鹏城实验室", parents=("shenzhen",), point=(113.95, 22.6)),
            _place(
                "greater-bay-area",
                "region_group",
                "粤港澳大湾区",
                members=("shenzhen", "guangzhou", "zhuhai", "hong-kong", "macau"),
            ),
            _place("east-west-north", "region_group", "粤东粤西粤北", members=("shaoguan", "shantou")),
            _place("yangtze-delta", "external_region", "长三角"),
        ]
    )


# Boxes ((south, west), (north, east)) standing in for data/boundaries.
EXTENTS = {
    "shenzhen": Bounds(113.7, 22.4, 114.6, 22.9),
    "guangzhou": Bounds(112.9, 22.5, 114.1, 23.9),
    "zhuhai": Bounds(113.1, 21.8, 114.3, 22.4),
    "shaoguan": Bounds(112.8, 23.9, 114.8, 25.5),
    "shantou": Bounds(116.3, 23.0, 117.3, 23.6),
    "hong-kong": Bounds(113.8, 22.15, 114.5, 22.6),
    "macau": Bounds(113.5, 22.1, 113.6, 22.2),
    "qianhai": Bounds(113.85, 22.5, 113.92, 22.56),
    "hetao": Bounds(114.05, 22.5, 114.1, 22.52),
    "hengqin": Bounds(113.45, 22.08, 113.57, 22.16),
    "nansha": Bounds(113.3, 22.55, 113.7, 22.9),
}


def _m(mid, theme, tags, depts=("省政务服务数据管理局",), text="推进建设。"):
    """tags: place ids (evidence = the id's name if it occurs in text, else a department name)."""
    names = {
        "shenzhen": "深圳",
        "qianhai": "前海",
        "hetao": "河套",
        "hengqin": "横琴",
        "nansha": "南沙",
        "shaoguan": "韶关",
        "shaoguan-dc-cluster": "韶关数据中心集群",
        "hong-kong": "香港",
        "macau": "澳门",
        "pengcheng-lab": "鹏城实验室",
        "greater-bay-area": "大湾区",
        "east-west-north": "粤东粤西粤北",
        "guangzhou": "广州",
        "zhuhai": "珠海",
        "shantou": "汕头",
    }
    places = []
    for p in tags:
        ev = names[p] if names[p] in text else "深圳市人民政府"
        places.append({"place": p, "evidence": ev, "rule": "alias" if ev in text else "department-city"})
    return {
        "id": mid,
        "theme_short": theme,
        "theme": f"实现湾区发展“{theme}”",
        "subtask": "",
        "text": text,
        "departments": list(depts),
        "places": places,
        "source": {"document": "t", "row": mid},
    }


@pytest.fixture()
def measures():
    return [
        _m(1, "要素通", ["greater-bay-area"], text="探索建设港澳数据特区，实施计划。"),
        _m(2, "要素通", ["shaoguan-dc-cluster", "shaoguan"], text="建设韶关数据中心集群，提供跨境服务。"),
        _m(
            3,
            "要素通",
            ["shenzhen", "pengcheng-lab"],
            depts=("省科技厅", "深圳市人民政府"),
            text="支持深圳鹏城实验室建设。",
        ),
        _m(4, "基座通", ["qianhai", "hetao", "hengqin", "nansha"], text="在横琴、前海、南沙、河套探索推进社保通。"),
        _m(5, "基座通", ["hetao"], depts=("深圳市人民政府",), text="建设河套数据走廊。"),
        _m(6, "基座通", ["shenzhen"], depts=("深圳市人民政府",), text="推动某项工作。"),  # department-only tag
        _m(7, "保障措施", ["east-west-north"], text="支持粤东粤西粤北数字化。"),
        _m(8, "保障措施", ["hong-kong", "macau"], text="联合香港和澳门举办论坛。"),
        _m(9, "保障措施", [], text="加强组织协调。"),
    ]


def keys(slides):
    return [s.key for s in slides]


def test_full_deck_is_overview_then_themes_in_source_order_then_focus_places(gaz, measures):
    slides = build_slides(measures, gaz, Filters(), extents=EXTENTS)
    assert keys(slides) == [
        "overview",
        "theme:要素通",
        "theme:基座通",
        "theme:保障措施",
        "place:shaoguan",
        "place:hetao",
        "place:hengqin",
        "place:qianhai",
        "place:nansha",
        "place:east-west-north",
        "place:hong-kong",
        "place:macau",
        # then a city slide for each member city of the group data/briefing.json names, in its member order
        "city:shenzhen",
        "city:guangzhou",
        "city:zhuhai",
    ]
    overview = slides[0]
    assert overview.headline == 9
    assert overview.breakdown == (("要素通", 3), ("基座通", 3), ("保障措施", 3))
    assert overview.note == ""  # every focus place has a slide


def test_overview_spans_every_city_and_sar(gaz, measures):
    overview = build_slides(measures, gaz, Filters(), extents=EXTENTS)[0]
    assert overview.bounds == Bounds(112.8, 21.8, 117.3, 25.5)


def test_theme_slide_counts_ranks_and_zooms_to_named_places(gaz, measures):
    slide = {s.key: s for s in build_slides(measures, gaz, Filters(), extents=EXTENTS)}["theme:要素通"]
    assert slide.headline == 3
    assert slide.subtitle == "实现湾区发展“要素通”"
    # measures naming a specific place first (2, 3), then the bay-wide one, each group in source order
    assert [m.id for m in slide.top] == [2, 3, 1]
    assert set(slide.places) == {"shaoguan-dc-cluster", "shaoguan", "shenzhen", "pengcheng-lab"}
    # extent = shaoguan + shenzhen boxes (the facility points lie inside them)
    assert slide.bounds == Bounds(112.8, 22.4, 114.8, 25.5)
    # lead departments by short name (geo.departments table), most measures first
    assert slide.departments[0] == (short_name("省政务服务数据管理局"), 2)
    assert len(slide.departments[0][0]) < len("省政务服务数据管理局")


def test_shaoguan_slide_covers_the_data_centre_cluster(gaz, measures):
    slide = {s.key: s for s in build_slides(measures, gaz, Filters(), extents=EXTENTS)}["place:shaoguan"]
    assert slide.places == ("shaoguan", "shaoguan-dc-cluster")
    assert slide.title == "韶关"  # the short name the map draws; the full name and the cluster in the subtitle
    assert slide.subtitle == "韶关市 · 含韶关数据中心集群"
    assert slide.measure_ids == (2,)  # not the 粤东粤西粤北 measure: a group tag does not reach its members


def test_place_ranking_puts_text_naming_the_place_before_department_only_tags(gaz, measures):
    selection = [m for m in measures if m["id"] in (3, 4, 5, 6)]
    ranked = rank_for_place(selection, ("shenzhen",), gaz)
    # 3 names 深圳 itself; 5 names 河套 only (a place inside 深圳) and beats 4 which names four zones;
    # 6 reaches 深圳 only through its lead department
    assert [m["id"] for m in ranked] == [3, 5, 4, 6]


def test_theme_ranking_is_named_places_then_source_order(gaz, measures):
    ranked = rank_for_theme([measures[8], measures[0], measures[1]], gaz)
    assert [m["id"] for m in ranked] == [2, 9, 1]


def test_shenzhen_briefing_has_only_present_themes_and_shenzhen_focus_places(gaz, measures):
    slides = build_slides(measures, gaz, Filters(regions=("shenzhen",)), extents=EXTENTS)
    # 深圳's measures: 3 (要素通), 4, 5, 6 (基座通); no 保障措施 slide
    assert keys(slides) == [
        "overview",
        "theme:要素通",
        "theme:基座通",
        "place:hetao",
        "place:hengqin",
        "place:qianhai",
        "place:nansha",
        "place:hong-kong",
        "city:shenzhen",
        "city:guangzhou",
        "city:zhuhai",
    ]
    overview = slides[0]
    assert overview.headline == 4
    assert overview.kicker == "地区：深圳市"
    # the skipped focus places are named, so the presenter knows why they are missing
    assert overview.note == "当前筛选下无措施、未单列：韶关、粤东粤西粤北、澳门"
    hetao = slides[3]
    assert hetao.measure_ids == (4, 5)
    assert [m.id for m in hetao.top] == [5, 4]


def test_no_match_gives_a_single_overview_that_says_so(gaz, measures):
    slides = build_slides(measures, gaz, Filters(keyword="不存在的词"), extents=EXTENTS)
    assert keys(slides) == ["overview"]
    assert slides[0].headline == 0
    assert slides[0].note == "当前筛选下没有措施"


def test_top_measures_are_capped_at_six_with_their_serial_numbers(gaz):
    many = [_m(i, "要素通", ["shenzhen"], text=f"第{i}项，支持深圳建设。") for i in range(1, 9)]
    slide = build_slides(many, gaz, Filters(), extents=EXTENTS)[1]
    assert [m.id for m in slide.top] == [1, 2, 3, 4, 5, 6]
    assert slide.top[0].text == "第1项，支持深圳建设"


def test_traditional_chinese_deck_converts_data_text(gaz, measures):
    slides = build_slides(measures, gaz, Filters(), lang="zh_hant", extents=EXTENTS)
    assert slides[0].title == "總覽"
    theme = slides[1]
    assert theme.title == "要素通"
    assert any("韶關" in m.text for m in theme.top)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加强组织协调。", "加强组织协调"),
        (
            "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划，运用隐私计算、安全隔离、可信验证等关键技术。",
            "探索建设“港澳数据特区”，实施“南数北上、北数南下”计划…",
        ),
        (
            "建设全国一体化算力网络粤港澳大湾区国家枢纽韶关数据中心集群，探索在特定区域建设离岸数据中心。",
            "建设全国一体化算力网络粤港澳大湾区国家枢纽韶关数据中心集群…",
        ),
        ("在横琴试点。后续推广。", "在横琴试点…"),
    ],
)
def test_short_form_keeps_whole_clauses_and_marks_cuts(text, expected):
    assert short_text(text) == expected
    assert len(short_text(text)) <= 40


def test_short_form_skips_framing_clauses_to_reach_the_action():
    text = (
        "按照国家相关法律法规要求，围绕社保、户籍、婚育、教育、医疗、创业、养老、交通等高频公共服务数据需求，"
        "探索推行数据跨境流通“白名单”制度，通过纳入数据授权跨境目录、数据主体授权等模式，实现数据安全有序跨境。"
    )
    assert short_text(text) == "探索推行数据跨境流通“白名单”制度…"


def test_short_form_cuts_inside_an_overlong_clause():
    text = (
        "推动港澳居民来往内地通行证等港澳居民证件在粤港澳大湾区交通住宿求职保险电子货币购票金融电信财产登记等业务办理。"
    )
    out = short_text(text, limit=30)
    assert len(out) == 30 and out.endswith("…") and out.startswith("推动港澳居民来往内地通行证")


def test_top_departments_by_count_then_first_named():
    ms = [
        {"departments": ["省科技厅", "省政务服务数据管理局"]},
        {"departments": ["省政务服务数据管理局"]},
        {"departments": ["广州市人民政府", "省科技厅", "省教育厅"]},
    ]
    assert top_departments(ms, n=3, short=lambda d: d) == (
        ("省科技厅", 2),
        ("省政务服务数据管理局", 2),
        ("广州市人民政府", 1),
    )


def test_facility_bounds_are_padded_and_groups_use_members(gaz):
    box = place_bounds(["shaoguan-dc-cluster"], gaz, {})
    assert box.south < 24.8 < box.north and box.west < 113.6 < box.east
    assert place_bounds(["east-west-north"], gaz, EXTENTS) == Bounds(112.8, 23.0, 117.3, 25.5)
    assert place_bounds(["yangtze-delta"], gaz, EXTENTS) is None


@pytest.mark.parametrize(("raw", "expected"), [("3", 3), ("0", 1), ("99", 12), ("abc", 1), (None, 1), (" 2 ", 2)])
def test_slide_number_from_a_url_is_kept_inside_the_deck(raw, expected):
    assert clamp_slide(raw, 12) == expected


def test_focus_places_are_the_plan_s_eight():
    assert [k for k, _ in focus_places()] == [
        "shaoguan",
        "hetao",
        "hengqin",
        "qianhai",
        "nansha",
        "east-west-north",
        "hong-kong",
        "macau",
    ]


def test_english_zone_slide_is_titled_with_the_zone_s_own_name(measures):
    long_name = "Hetao Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone"
    gaz = Gazetteer(
        [
            _place("shenzhen", "city", "深圳市"),
            _place("hong-kong", "sar", "香港"),
            Place(
                id="hetao",
                kind="zone",
                name_zh="河套深港科技创新合作区",
                name_zh_hant="河套深港科技創新合作區",
                name_en=long_name,
                aliases=("河套",),
                parents=("shenzhen", "hong-kong"),
            ),
        ]
    )
    slide = {s.key: s for s in build_slides(measures, gaz, Filters(), lang="en", extents=EXTENTS)}["place:hetao"]
    assert slide.title == "Hetao"
    assert slide.subtitle == long_name


def test_real_deck_is_well_formed():
    """On the generated dataset: every slide fits the panel's budget and zooms inside Guangdong + HK + Macau."""
    from geo.dataset import load_measures, theme_order
    from geo.places.gazetteer import load_gazetteer

    measures, gaz = load_measures(), load_gazetteer()
    slides = build_slides(measures, gaz)
    assert slides[0].key == "overview" and slides[0].headline == len(measures)
    assert [s.key for s in slides if s.kind == "theme"] == [f"theme:{th}" for th in theme_order(measures)]
    place_keys = [s.key.split(":", 1)[1] for s in slides if s.key.startswith("place:")]
    assert place_keys == [k for k, _ in focus_places() if k in place_keys]  # plan order
    assert "shaoguan" in place_keys  # the data-centre cluster measures reach 韶关
    for s in slides:
        assert s.headline == len(s.measure_ids)
        assert len(s.departments) <= 3
        if s.kind != "overview":
            assert 1 <= len(s.top) <= TOP_MAX
            # the list fits the lines the panel has left (the browser test checks the real layout)
            lines = sum(-(-len(m.text) // MEASURE_LINE_CHARS) for m in s.top)
            assert lines <= panel_lines_left(s.subtitle, s.scope, s.departments), s.key
        west, south, east, north = s.bounds
        assert 20.0 <= south < north <= 25.6 and 109.5 <= west < east <= 117.4, s.key


def test_every_slide_of_a_filtered_deck_says_what_it_is_filtered_to(gaz, measures):
    """Issue 10: slide 2 onwards of a 深圳 deck must not read as province-wide."""
    slides = build_slides(measures, gaz, Filters(regions=("shenzhen",)), extents=EXTENTS)
    assert len(slides) > 2
    for s in slides:
        assert "深圳市" in (s.kicker if s.kind == "overview" else s.scope), s.key
    # the whole plan has no scope line: nothing to qualify
    assert all(not s.scope for s in build_slides(measures, gaz, Filters(), extents=EXTENTS))


def test_department_line_is_converted_to_traditional_script(gaz):
    """Issue 17: the departments of a slide follow the 繁體 UI like every other data text."""
    ms = [_m(1, "要素通", ["shenzhen"], text="建设数据中心。"), _m(2, "要素通", ["shenzhen"], text="开展试点。")]
    for m in ms:
        m["departments"] = ["深圳市发展和改革委员会"]
    slides = build_slides(ms, gaz, Filters(), lang="zh_hant", extents=EXTENTS)
    names = [name for s in slides for name, _ in s.departments]
    assert names and all("發展" in n or "發改" in n for n in names), names


def test_city_slides_come_from_the_data_and_only_for_cities_with_measures(gaz, measures):
    """Issue 16: a city slide per member city of the group data/briefing.json names, only where measures are."""
    slides = build_slides(measures, gaz, Filters(regions=("shantou",)), extents=EXTENTS)
    assert not [s for s in slides if s.key.startswith("city:")]  # 汕头 is no bay-area city; nothing else matches
    full = {s.key: s for s in build_slides(measures, gaz, Filters(), extents=EXTENTS)}
    sz = full["city:shenzhen"]
    assert sz.title == "深圳" and sz.places == ("shenzhen",) and sz.kicker == "城市"
    assert sz.bounds == EXTENTS["shenzhen"]
    # SARs keep their focus slide and get no second one
    assert "city:hong-kong" not in full and "place:hong-kong" in full


def test_a_chosen_deck_keeps_its_order_and_ignores_unknown_keys(gaz, measures):
    """Issue 16: the presenter's deck from the URL: in the chosen order; stale keys dropped; none is all."""
    slides = build_slides(measures, gaz, Filters(), extents=EXTENTS)
    chosen = choose_slides(slides, ["city:shenzhen", "overview", "theme:不存在", "city:shenzhen", "place:hetao"])
    assert [s.key for s in chosen] == ["city:shenzhen", "overview", "place:hetao"]
    assert choose_slides(slides, []) == slides and choose_slides(slides, ["nope"]) == slides


def test_region_wide_measures_are_counted_for_their_group(gaz, measures):
    """Issue 12: a slide whose measures are named for the bay area as a whole says so (the map draws it)."""
    slides = {s.key: s for s in build_slides(measures, gaz, Filters(), extents=EXTENTS)}
    assert dict(slides["overview"].region_wide).get("greater-bay-area", 0) >= 1
    assert dict(slides["theme:要素通"].region_wide)["greater-bay-area"] == sum(
        1
        for m in measures
        if m["theme_short"] == "要素通" and any(p["place"] == "greater-bay-area" for p in m["places"])
    )


def test_measure_that_fits_the_panel_is_shown_whole():
    """A slide with room shows its measures as the plan words them: 韶关's measure 3 (60 characters, three panel lines
    exactly) is not cut to its first clauses and an ellipsis, and 东莞's single measure is whole too."""
    from geo.dataset import load_measures
    from geo.places.gazetteer import load_gazetteer

    measures = load_measures()
    slides = {s.key: s for s in build_slides(measures, load_gazetteer())}
    by_id = {m["id"]: m["text"].rstrip("。") for m in measures}
    shaoguan = {m.id: m.text for m in slides["place:shaoguan"].top}
    assert shaoguan[3] == by_id[3]
    dongguan = slides["city:dongguan"].top
    assert [m.text for m in dongguan] == [by_id[m.id] for m in dongguan]


def test_fit_text_keeps_every_sentence_that_fits_and_cuts_at_clause_ends():
    text = "在横琴试点。后续推广到前海，再到南沙。"
    assert fit_text(text, 40) == "在横琴试点。后续推广到前海，再到南沙"
    assert fit_text(text, 15) == "在横琴试点。后续推广到前海…"
    assert fit_text("按照要求，建设平台，推进应用。", 8) == "建设平台…"
