"""The geotagger: what a reader of the plan would call the places each measure concerns, with evidence."""

from __future__ import annotations

import json
import re

import pytest

from geo import paths
from geo.places import geotag
from geo.places.gazetteer import load_gazetteer
from geo.places.geotag import GeotagError, Tagger, load_overrides, load_rules, tag_measure, tag_text

SEED_DOC = "digital-bay-area-task-table"


def pr(tags: list[dict]) -> list[tuple[str, str]]:
    return [(t["place"], t["rule"]) for t in tags]


def places(text: str) -> set[str]:
    return {t["place"] for t in tag_text(text)}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def seed() -> dict[int, dict]:
    """The 60 seed measures as the ingest parses them (text and departments; places are ours to compute)."""
    from geo.ingest.pipeline import parse_source

    measures = parse_source(paths.SEED_SOURCE.read_bytes(), paths.SEED_SOURCE.name)
    assert len(measures) == 60
    return {m["id"]: m for m in measures}


@pytest.fixture(scope="module")
def seed_tags(seed) -> dict[int, list[dict]]:
    return dict(zip(seed, geotag.tag_measures(list(seed.values())), strict=True))


# --- names, longest match, facilities -------------------------------------------------------------------------
def test_longest_match_reads_the_facility_not_the_city():
    tags = tag_text("支持珠海横琴先进智能计算平台建设")
    # The platform is in 珠海保税区, across the channel from Hengqin island: its parent is the city, not the zone.
    assert pr(tags) == [("hengqin-ai-computing", "facility"), ("zhuhai", "facility-city")]
    assert {t["evidence"] for t in tags} == {"珠海横琴先进智能计算平台"}


def test_a_facility_implies_its_city():
    assert pr(tag_text("高水平建设鹏城实验室")) == [("pengcheng-lab", "facility"), ("shenzhen", "facility-city")]
    assert pr(tag_text("发挥“东数西算”韶关节点数据产业集群效能")) == [
        ("shaoguan-dc-cluster", "facility"),
        ("shaoguan", "facility-city"),
    ]


def test_a_zone_is_tagged_as_the_zone_only():
    assert pr(tag_text("在横琴、前海、南沙、河套探索")) == [
        ("hengqin", "zone"),
        ("qianhai", "zone"),
        ("nansha", "zone"),
        ("hetao", "zone"),
    ]
    assert pr(tag_text("以落马洲河套地区为试点")) == [("hetao", "zone")]
    # 广州南沙新区 is one name; 广州 then 南沙区 are two mentions.
    assert pr(tag_text("广州南沙新区")) == [("nansha", "zone")]
    assert pr(tag_text("广州市南沙区")) == [("guangzhou", "city"), ("nansha", "zone")]


def test_cities_and_sars_by_full_and_short_name():
    assert places("广州市、深圳、韶关市和香港特别行政区、澳门特区") == {
        "guangzhou",
        "shenzhen",
        "shaoguan",
        "hong-kong",
        "macau",
    }
    assert pr(tag_text("港珠澳大桥")) == [("hzmb", "corridor")]


# --- elliptical lists -----------------------------------------------------------------------------------------
def test_ellipsis_with_the_suffix_written_once():
    tags = tag_text("支持广州、深圳数据交易所创建国家级数据交易所")
    assert ("gz-data-exchange", "facility-ellipsis") in pr(tags)
    assert ("sz-data-exchange", "facility-ellipsis") in pr(tags)
    assert {t["evidence"] for t in tags} == {"广州、深圳数据交易所"}
    assert {"guangzhou", "shenzhen"} <= {t["place"] for t in tags}
    assert "nansha" not in {t["place"] for t in tags}  # located there, but not named: the parent is the city
    assert places("广州和深圳数据交易所") >= {"gz-data-exchange", "sz-data-exchange"}


def test_ellipsis_with_the_suffix_repeated():
    tags = tag_text("充分依托国家超级计算广州中心、深圳中心，支持")
    assert pr(tags)[:2] == [("gz-supercomputing", "facility"), ("sz-supercomputing", "facility-ellipsis")]
    assert tags[0]["evidence"] == "国家超级计算广州中心"
    assert tags[1]["evidence"] == "国家超级计算广州中心、深圳中心"
    assert {"guangzhou", "shenzhen"} <= {t["place"] for t in tags}


def test_a_listed_city_without_that_facility_is_still_named():
    assert pr(tag_text("广州、佛山数据交易所")) == [
        ("gz-data-exchange", "facility-ellipsis"),
        ("guangzhou", "facility-city"),
        ("foshan", "city"),
    ]


def test_a_plain_city_list_is_not_a_facility_list():
    assert pr(tag_text("支持广州、深圳推进国家新一代人工智能创新发展试验区")) == [
        ("guangzhou", "city"),
        ("shenzhen", "city"),
    ]


# --- groups and external regions -------------------------------------------------------------------------------
def test_gang_ao_means_both_sars():
    tags = tag_text("鼓励港澳企业提供数字内容增值服务")
    assert pr(tags) == [("hong-kong", "group-member"), ("macau", "group-member")]
    assert {t["evidence"] for t in tags} == {"港澳"}
    assert pr(tag_text("在港澳地区推广")) == [("hong-kong", "group-member"), ("macau", "group-member")]


@pytest.mark.parametrize(
    "text",
    ["为粤港澳三地提供数据跨境服务", "助力大湾区企业", "加快数据要素在粤港澳大湾区便捷流动", "加强粤港澳在十五运会"],
)
def test_the_bay_area_as_a_whole(text):
    assert pr(tag_text(text)) == [("greater-bay-area", "group")]


@pytest.mark.parametrize("text", ["发挥粤东粤西粤北地区比较优势", "带动粤东粤西粤北深度融入", "推动粤东西北发展"])
def test_east_west_north_is_one_group(text):
    assert pr(tag_text(text)) == [("east-west-north", "group")]


def test_single_wings_and_the_delta():
    assert pr(tag_text("粤东地区")) == [("east-guangdong", "group")]
    assert pr(tag_text("粤北山区")) == [("north-guangdong", "group")]
    assert pr(tag_text("细化珠三角各市重点帮扶任务")) == [("prd-nine", "group")]
    assert pr(tag_text("珠三角九市")) == [("prd-nine", "group")]


def test_external_regions():
    tags = tag_text("深化粤港澳大湾区与长三角、京津冀、成渝等经济圈协同。加快实施泛珠区域政务服务")
    assert pr(tags) == [
        ("greater-bay-area", "group"),
        ("yangtze-delta", "external"),
        ("jing-jin-ji", "external"),
        ("chengdu-chongqing", "external"),
        ("pan-prd", "external"),
    ]
    assert pr(tag_text("泛珠三角区域")) == [("pan-prd", "external")]  # not 珠三角 inside it


def test_a_text_about_another_province_yields_no_bay_area_place(gaz):
    text = (
        "支持浙江杭州、宁波建设长三角国家枢纽节点芜湖数据中心集群，推动上海、江苏苏州算力协同，"
        "依托内蒙古河套灌区发展绿色数据中心，深化改革，加深港口合作，推广佛系经验，稻穗满仓。"
    )
    tags = tag_text(text)
    assert pr(tags) == [("yangtze-delta", "external")]
    assert all(gaz[t["place"]].kind == "external_region" for t in tags)


def test_a_text_without_places_gets_nothing():
    assert tag_text("加快推动“粤基座”数字政府新型基础设施智能管理平台建设，赋能要素畅通流动。") == []
    assert tag_text("") == []


# --- what is not a place -------------------------------------------------------------------------------------------
def test_the_plans_name_and_programme_names_are_not_places():
    # Decision: bare 湾区 is not an alias; 数字湾区 is the plan's name (also masked explicitly).
    assert tag_text("建立“数字湾区”建设专责小组，研制“湾区标准”，深化“湾区社保通”，打造“湾事通”") == []


@pytest.mark.parametrize(
    "org",
    [
        "人民银行深圳市中心支行",
        "国家金融监督管理总局深圳监管局",
        "广东海事局",
        "中国铁路广州局集团有限公司",
        "深圳证监局",
        "海关总署广东分署",
        "省推进粤港澳大湾区建设领导小组",
        "中山大学",
        "下一代互联网国家工程中心粤港澳创新中心",
        "省港澳办",
    ],
)
def test_a_place_inside_an_organisation_name_is_not_a_mention(org):
    assert tag_text(f"会同{org}推进") == []


def test_org_mask_keeps_the_place_next_to_it():
    assert pr(tag_text("指导深圳市与人民银行深圳市中心支行")) == [("shenzhen", "city")]
    assert pr(tag_text("中山大学与中山市合作")) == [("zhongshan", "city")]
    # 香港“资料一线通” is a Hong Kong platform: it does concern Hong Kong.
    assert pr(tag_text("鼓励“开放广东”、香港“资料一线通”等平台协同共享")) == [("hong-kong", "sar")]


def test_every_org_mask_matches_its_examples():
    rules = load_rules()
    assert rules.org_patterns
    for pattern, examples in rules.org_patterns:
        assert examples, pattern
        for ex in examples:
            assert re.fullmatch(pattern, ex), (pattern, ex)


def test_compounds_of_abbreviations():
    assert pr(tag_text("在粤港、粤澳“跨境通办”机制下")) == [("hong-kong", "compound"), ("macau", "compound")]
    assert pr(tag_text("深化深港合作")) == [("shenzhen", "compound"), ("hong-kong", "compound")]
    assert places("推进深莞惠一体化") == {"shenzhen", "dongguan", "huizhou"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推广深化改革", set()),
        ("加深港口合作", set()),
        ("推广佛山经验", {"foshan"}),
        ("稻穗满仓", set()),
        ("纵深港区", set()),
        ("麦穗港", set()),
    ],
)
def test_single_characters_do_not_fire_inside_ordinary_words(text, expected):
    assert places(text) == expected


def test_a_text_in_traditional_characters_names_the_same_places_with_its_own_words_as_evidence():
    text = "支持廣州、深圳數據交易所建設，推動澳門與橫琴協同發展，深化粵港澳三地合作。"
    tags = tag_text(text)
    assert (
        {t["place"] for t in tags}
        == places("支持广州、深圳数据交易所建设，推动澳门与横琴协同发展，深化粤港澳三地合作。")
        == {"gz-data-exchange", "sz-data-exchange", "guangzhou", "shenzhen", "macau", "hengqin", "greater-bay-area"}
    )
    assert all(t["evidence"] in text for t in tags)  # highlighted in the text as the table wrote it
    assert places("東莞、肇慶、大灣區") == {"dongguan", "zhaoqing", "greater-bay-area"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("支持东莞松山湖建设", {"dongguan"}),
        ("松山湖科学城", {"dongguan"}),
        ("佛山顺德", {"foshan"}),
        ("在南山区、宝安区试点", {"shenzhen"}),
        ("中山翠亨新区", {"zhongshan"}),
        ("惠州大亚湾", {"huizhou"}),
        ("深汕特别合作区", {"shanwei"}),  # in Shanwei's territory, run by Shenzhen: 深圳市深汕… names both
        ("深圳市深汕特别合作区", {"shenzhen", "shanwei"}),
        ("大湾区九市", {"prd-nine"}),
        ("港珠澳三地", {"hong-kong", "zhuhai", "macau"}),
        ("港珠澳大桥", {"hzmb"}),  # the bridge's own name wins over the compound
        ("以前海外市场", set()),
        ("出境前海关查验", set()),
        ("以前海、南沙为试点", {"qianhai", "nansha"}),
        ("打造珠江门户", set()),
        ("保护江河源头", set()),
        ("中山大道", set()),
        # Everyday words around the district names must not read as them.
        ("全省新增城镇就业110万人", set()),
        ("从化解矛盾纠纷入手", set()),
        ("加强南海区域海洋合作", set()),
        ("佛山市南海区", {"foshan"}),
        ("广州市增城区、从化区", {"guangzhou"}),
        ("保障大亚湾核电站安全运行", set()),  # the bay, not 惠州's 大亚湾区 (the plant is in Shenzhen)
        ("惠州大亚湾经济技术开发区", {"huizhou"}),
        ("京港澳高速", set()),
        ("推进琴澳一体化", {"hengqin", "macau"}),
        ("钢琴演奏", set()),
    ],
)
def test_districts_sub_zones_and_phrases_of_other_plans(text, expected):
    assert places(text) - {"greater-bay-area"} == expected


# --- departments ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "department, expected",
    [
        ("广州市人民政府", ["guangzhou"]),
        ("东莞市人民政府", ["dongguan"]),
        ("深圳市政府", ["shenzhen"]),
        ("横琴粤澳深度合作区执行委员会", ["hengqin"]),
        ("横琴粤澳深度合作区", ["hengqin"]),
        ("深圳市前海深港现代服务业合作区管理局", ["qianhai"]),
        ("广州市南沙区人民政府", ["nansha"]),
        ("河套深港科技创新合作区建设发展事务署", ["hetao"]),
        ("广州、深圳市人民政府", ["guangzhou", "shenzhen"]),  # a joint lead names both governments
        ("深圳市和东莞市人民政府", ["shenzhen", "dongguan"]),
        ("珠海市人民政府、横琴粤澳深度合作区执行委员会", ["zhuhai", "hengqin"]),  # each government of a joint lead
        ("深圳市人民政府、省科技厅", ["shenzhen"]),
        ("相关市人民政府", []),
        ("各地级以上市人民政府", []),
        ("省政务服务数据管理局", []),
        ("省通信管理局", []),
        ("人民银行深圳市中心支行", []),
        ("国家金融监督管理总局深圳监管局", []),
        ("广东海事局", []),
        ("中国铁路广州局集团有限公司", []),
        ("深圳证监局", []),
        ("省大湾区办", []),
        ("省港澳办", []),
        ("国务院港澳办", []),
        # A city's or district's own bureau, written with the place's official name, leads there too.
        ("深圳市科技创新局", ["shenzhen"]),
        ("广州市政务服务数据管理局", ["guangzhou"]),
        ("东莞市人民政府办公室", ["dongguan"]),
        ("佛山市顺德区人民政府", ["foshan"]),  # a district of the city (an alias in the gazetteer)
        ("深汕特别合作区管委会", ["shanwei"]),
        ("广州南沙开发区管委会", ["nansha"]),
        ("澳門特別行政區政府經濟及科技發展局", ["macau"]),  # 繁體, as a Macao table writes it
        ("深圳海关", []),
        ("深圳市投资控股有限公司", []),  # a company, not an organ of the city
    ],
)
def test_department_rule(department, expected):
    assert geotag.get_tagger().department_places(department) == expected


def test_departments_add_tags_with_the_department_as_evidence():
    m = {
        "id": 1,
        "text": "推进重点项目建设。",
        "departments": ["省科技厅", "广州市人民政府", "横琴粤澳深度合作区执行委员会"],
        "source": {"document": "test-doc", "row": 1},
    }
    assert tag_measure(m) == [
        {"place": "guangzhou", "evidence": "广州市人民政府", "rule": "department"},
        {"place": "hengqin", "evidence": "横琴粤澳深度合作区执行委员会", "rule": "department"},
    ]


# --- order and uniqueness ---------------------------------------------------------------------------------------
def test_order_is_text_order_and_pairs_are_unique():
    text = "香港与深圳合作，香港、澳门，大湾区，深圳"
    tags = tag_text(text)
    assert pr(tags) == [("hong-kong", "sar"), ("shenzhen", "city"), ("macau", "sar"), ("greater-bay-area", "group")]
    assert tag_text(text) == tags  # deterministic


# --- overrides --------------------------------------------------------------------------------------------------------
MEASURE = {"id": 7, "text": "在三地推进深港合作。", "departments": [], "source": {"document": "test-doc", "row": 7}}


def ov(**entry) -> list[dict]:
    return [{"document": "test-doc", "measure": 7, "note": "reviewed", **entry}]


def test_override_adds_and_removes():
    assert pr(tag_measure(MEASURE, overrides=[])) == [("shenzhen", "compound"), ("hong-kong", "compound")]
    tags = tag_measure(
        MEASURE, overrides=ov(add=[{"place": "greater-bay-area", "evidence": "三地"}], remove=["hong-kong"])
    )
    assert tags == [
        {"place": "greater-bay-area", "evidence": "三地", "rule": "override"},
        {"place": "shenzhen", "evidence": "深港", "rule": "compound"},
    ]


def test_overrides_of_another_document_do_not_apply():
    other = [{"document": "other-doc", "measure": 7, "note": "x", "add": [{"place": "macau", "evidence": "不存在"}]}]
    assert pr(tag_measure(MEASURE, overrides=other)) == [("shenzhen", "compound"), ("hong-kong", "compound")]


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"add": [{"place": "atlantis", "evidence": "三地"}]}, "unknown place 'atlantis'"),
        ({"add": [{"place": "macau", "evidence": "澳门"}]}, "is not in the measure text"),
        ({"add": [{"place": "shenzhen", "evidence": "深港"}]}, "already tagged"),
        ({"remove": ["macau"]}, "did not tag it"),
        ({"remove": ["atlantis"]}, "unknown place 'atlantis'"),
    ],
)
def test_invalid_overrides_fail_clearly(entry, message):
    with pytest.raises(GeotagError, match=message):
        tag_measure(MEASURE, overrides=ov(**entry))


def test_override_file_structure_is_checked(tmp_path):
    path = tmp_path / "o.json"
    for content, message in [
        ("{}", "expected a list"),
        ('[{"measure": 1}]', "needs a 'document'"),
        ('[{"document": "d", "measure": 1}]', "non-empty 'add' list or 'remove'"),
        ('[{"document": "d", "measure": 1, "add": [{"place": "macau", "evidence": "x"}]}]', "note"),
        ('[{"document": "d", "measure": 1, "remove": ["macau"], "note": "n", "extra": 1}]', "unknown keys"),
        ("[", "not valid JSON"),
    ]:
        path.write_text(content, encoding="utf-8")
        with pytest.raises(GeotagError, match=message):
            load_overrides(path)
    assert load_overrides(tmp_path / "missing.json") == []


def test_overrides_must_name_a_measure_of_their_document(seed):
    bad = [{"document": SEED_DOC, "measure": 99, "note": "n", "add": [{"place": "macau", "evidence": "x"}]}]
    with pytest.raises(GeotagError, match="no such measure"):
        geotag.tag_measures(list(seed.values()), overrides=bad)


def test_the_reviewed_overrides_file_is_valid_and_needed(seed):
    overrides = load_overrides()
    for entry in overrides:
        m = seed[entry["measure"]]
        automatic = {t["place"] for t in tag_measure(m, overrides=[])}
        for add in entry.get("add", []):
            assert add["evidence"] in m["text"]
            assert add["place"] not in automatic, "an override must not repeat what the tagger finds"


def test_bad_rules_fail_clearly(tmp_path, gaz):
    raw = json.loads(paths.GEOTAG_RULES.read_text(encoding="utf-8"))
    raw["compounds"]["list"].append("深X")
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GeotagError, match="no place's abbreviation"):
        Tagger(gaz, load_rules(path))
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(GeotagError, match="cannot read geotag rules"):
        load_rules(path)


# --- the seed measures --------------------------------------------------------------------------------------------
def test_every_evidence_is_a_substring(seed, seed_tags):
    for mid, tags in seed_tags.items():
        m = seed[mid]
        for t in tags:
            if t["rule"] == "department":
                assert t["evidence"] in m["departments"], (mid, t)
            else:
                assert t["evidence"] in m["text"], (mid, t)
        assert len({(t["place"], t["rule"]) for t in tags}) == len(tags), mid


@pytest.mark.parametrize(
    "mid, expected",
    [
        (3, {"shaoguan-dc-cluster", "shaoguan", "greater-bay-area"}),
        (17, {"shaoguan-dc-cluster", "shaoguan", "gz-data-exchange", "guangzhou"}),
        (37, {"hetao"}),
        (42, {"hetao"}),
        (46, {"hengqin", "qianhai", "nansha", "hetao"}),
        (57, {"hengqin", "qianhai", "nansha", "hetao"}),
        (49, {"east-west-north", "greater-bay-area"}),
        (50, {"east-west-north", "prd-nine"}),
    ],
)
def test_seed_rows_name_their_places(seed_tags, mid, expected):
    assert expected <= {t["place"] for t in seed_tags[mid]}


def test_seed_row_5_by_hand(seed_tags):
    assert pr(seed_tags[5]) == [
        ("gz-supercomputing", "facility"),
        ("sz-supercomputing", "facility-ellipsis"),
        ("guangzhou", "facility-city"),
        ("shenzhen", "facility-city"),
        ("pengcheng-cloudbrain", "facility"),
        ("hengqin-ai-computing", "facility"),
        ("zhuhai", "facility-city"),
        ("dongguan-ai-computing", "facility"),
        ("dongguan", "facility-city"),
        ("greater-bay-area", "group"),
        ("guangzhou", "department"),
        ("shenzhen", "department"),
        ("dongguan", "department"),
        ("hengqin", "department"),
    ]


def test_seed_rows_by_hand(seed_tags):
    assert seed_tags[7] == [
        {"place": "gz-data-exchange", "evidence": "广州、深圳数据交易所", "rule": "facility-ellipsis"},
        {"place": "sz-data-exchange", "evidence": "广州、深圳数据交易所", "rule": "facility-ellipsis"},
        {"place": "guangzhou", "evidence": "广州、深圳数据交易所", "rule": "facility-city"},
        {"place": "shenzhen", "evidence": "广州、深圳数据交易所", "rule": "facility-city"},
        {"place": "greater-bay-area", "evidence": "大湾区", "rule": "group"},
        {"place": "guangzhou", "evidence": "广州市人民政府", "rule": "department"},
        {"place": "shenzhen", "evidence": "深圳市人民政府", "rule": "department"},
    ]
    assert pr(seed_tags[1]) == [("hong-kong", "group-member"), ("macau", "group-member")]  # “港澳数据特区”
    assert pr(seed_tags[26]) == [
        ("greater-bay-area", "group"),
        ("hong-kong", "group-member"),
        ("macau", "group-member"),
        ("hong-kong", "sar"),
        ("hzmb", "corridor"),
    ]
    assert pr(seed_tags[37]) == [("hetao", "zone"), ("shenzhen", "department")]
    assert pr(seed_tags[52]) == [
        ("greater-bay-area", "group"),
        ("yangtze-delta", "external"),
        ("jing-jin-ji", "external"),
        ("chengdu-chongqing", "external"),
        ("pan-prd", "external"),
    ]
    assert seed_tags[56] == [{"place": "greater-bay-area", "evidence": "三地", "rule": "override"}]
    assert pr(seed_tags[57])[-4:] == [
        ("hengqin", "department"),
        ("qianhai", "department"),
        ("nansha", "department"),
        ("hetao", "department"),
    ]


def test_seed_departments_that_are_not_places_add_nothing(seed, seed_tags):
    # 人民银行深圳市中心支行 / 国家金融监督管理总局深圳监管局 lead measure 4 and 42: no Shenzhen tag from them.
    for mid in (4, 42, 48):
        assert "shenzhen" not in {t["place"] for t in seed_tags[mid]}, mid
    assert "相关市人民政府" in seed[49]["departments"]


def test_report_lists_measures_without_a_specific_place(seed, seed_tags, capsys, tmp_path, gaz):
    measures = [{**m, "places": seed_tags[mid]} for mid, m in seed.items()]
    path = tmp_path / "measures.json"
    path.write_text(json.dumps(measures, ensure_ascii=False), encoding="utf-8")
    assert geotag.main(["--report", "--measures", str(path)]) == 0
    out = capsys.readouterr().out
    listed = {int(line.split()[0]) for line in out.splitlines() if re.match(r"^\s+\d+\s", line)}
    assert {2, 4, 16, 52} <= listed  # nothing / only the bay area / only external regions
    assert 56 in listed  # the bay area, by override
    assert not listed & {1, 3, 5, 37, 46, 49}
    assert "Stored tags match the current tagger." in out
    assert geotag.main(["--report", "--measures", str(tmp_path / "none.json")]) == 2


def test_cli_tags_a_text(capsys):
    assert geotag.main(["广州、深圳数据交易所"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:3] == ["gz-data-exchange", "facility-ellipsis", "广州、深圳数据交易所"]


def test_every_tag_rule_reads_in_words_in_every_language():
    from geo.i18n import LANGS, rule_label
    from geo.places.geotag import RULES
    from geo.store.plans import CORRECTION_RULE

    for rule in (*RULES, CORRECTION_RULE):
        for lang in LANGS:
            assert rule_label(rule, lang) != rule, (rule, lang)
    assert rule_label("no-such-rule", "en") == "no-such-rule"
