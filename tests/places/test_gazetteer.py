"""The gazetteer (data/places.json): the places a user can filter by, their names, relations and points."""

from __future__ import annotations

import json
import re

import pytest

from geo import paths
from geo.i18n import to_hant
from geo.places.gazetteer import GBA_BBOX, KINDS, load_gazetteer

CITIES = [
    "guangzhou",
    "shenzhen",
    "zhuhai",
    "shantou",
    "foshan",
    "shaoguan",
    "heyuan",
    "meizhou",
    "huizhou",
    "shanwei",
    "dongguan",
    "zhongshan",
    "jiangmen",
    "yangjiang",
    "zhanjiang",
    "maoming",
    "zhaoqing",
    "qingyuan",
    "chaozhou",
    "jieyang",
    "yunfu",
]
PRD = {"guangzhou", "shenzhen", "zhuhai", "foshan", "huizhou", "dongguan", "zhongshan", "jiangmen", "zhaoqing"}
EAST, WEST = {"shantou", "shanwei", "chaozhou", "jieyang"}, {"zhanjiang", "maoming", "yangjiang"}
NORTH = {"shaoguan", "heyuan", "meizhou", "qingyuan", "yunfu"}
FACILITIES = [
    "gz-supercomputing",
    "sz-supercomputing",
    "pengcheng-lab",
    "pengcheng-cloudbrain",
    "hengqin-ai-computing",
    "dongguan-ai-computing",
    "sz-quantum-institute",
    "future-network-sz",
    "gz-data-exchange",
    "sz-data-exchange",
    "shaoguan-dc-cluster",
]


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    return json.loads(paths.PLACES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(paths.PLACES)


def test_file_is_reviewable_source_data(raw):
    text = paths.PLACES.read_text(encoding="utf-8")
    assert "广州市" in text and "\\u" not in text, "Chinese must be readable in the file (ensure_ascii=False)"
    assert text.startswith("[\n  {") and text.endswith("\n"), "pretty-printed list"
    ids = [p["id"] for p in raw]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids), "ids are ASCII slugs"


def test_gazetteer_has_no_integrity_problems(gaz):
    assert gaz.problems() == []


def test_cities_sars_and_kinds(gaz):
    assert sorted(p.id for p in gaz.of_kind("city")) == sorted(CITIES)
    assert {p.id for p in gaz.of_kind("sar")} == {"hong-kong", "macau"}
    assert {p.kind for p in gaz} <= set(KINDS)
    assert {p.id for p in gaz.of_kind("zone")} == {"hengqin", "qianhai", "nansha", "hetao"}
    assert {p.id for p in gaz.of_kind("external_region")} == {
        "yangtze-delta",
        "jing-jin-ji",
        "chengdu-chongqing",
        "pan-prd",
    }
    assert set(FACILITIES) <= {p.id for p in gaz.of_kind("facility")}


def test_every_place_has_traditional_and_english_names(gaz):
    for p in gaz:
        # 繁體 is what the app's own converter gives, so the map and the measure texts agree.
        assert p.name_zh_hant == to_hant(p.name_zh), p.id
        assert p.name_en.isascii() and p.name_en.strip(), p.id
    assert gaz["guangzhou"].name_zh_hant == "廣州市"
    assert gaz["greater-bay-area"].name("zh_hant") == "粵港澳大灣區"
    assert gaz["macau"].name("en") == "Macao"


def test_names_and_aliases_are_unique_across_places(gaz):
    clashes = {n: ids for n, ids in gaz.name_index().items() if len(ids) > 1}
    assert clashes == {}
    index = gaz.name_index()
    for name, pid in [
        ("广州", "guangzhou"),
        ("韶关", "shaoguan"),
        ("香港特区", "hong-kong"),
        ("澳门", "macau"),
        ("横琴", "hengqin"),
        ("前海", "qianhai"),
        ("南沙区", "nansha"),
        ("落马洲河套", "hetao"),
        ("大湾区", "greater-bay-area"),
        ("珠三角各市", "prd-nine"),
        ("粤东西北", "east-west-north"),
        ("韶关节点", "shaoguan-dc-cluster"),
        ("鹏城“云脑”", "pengcheng-cloudbrain"),
        ("泛珠", "pan-prd"),
    ]:
        assert index[name] == [pid], name
    # A one-character abbreviation is never a free alias (it would fire inside 稻穗, 深化 …).
    assert all(len(n) >= 2 for n in index)


def test_abbreviations_are_unique_single_characters(gaz):
    seen: dict[str, str] = {}
    for p in gaz:
        for a in p.extra.get("abbreviations", ()):
            assert len(a) == 1, (p.id, a)
            assert seen.setdefault(a, p.id) == p.id, f"{a} used by {seen[a]} and {p.id}"
    assert seen["穗"] == "guangzhou" and seen["港"] == "hong-kong"


def test_region_groups_are_flattened_and_partition_guangdong(gaz):
    members = {g.id: set(g.members) for g in gaz.of_kind("region_group")}
    assert members["greater-bay-area"] == PRD | {"hong-kong", "macau"}
    assert members["prd-nine"] == PRD
    assert members["east-guangdong"] == EAST and members["west-guangdong"] == WEST
    assert members["north-guangdong"] == NORTH
    assert members["east-west-north"] == EAST | WEST | NORTH
    assert members["hk-macau"] == {"hong-kong", "macau"}
    assert set(CITIES) == PRD | EAST | WEST | NORTH and len(PRD) + len(EAST) + len(WEST) + len(NORTH) == 21


def test_zone_corridor_and_facility_relations(gaz):
    assert gaz["hengqin"].parents == ("zhuhai",) and gaz["qianhai"].parents == ("shenzhen",)
    assert gaz["nansha"].parents == ("guangzhou",)
    assert set(gaz["hetao"].parents) == {"shenzhen", "hong-kong"}
    assert gaz.area_ids("hetao") == {"shenzhen", "hong-kong"}
    assert set(gaz["hzmb"].parents) == {"hong-kong", "zhuhai", "macau"}
    # 珠海保税区, across the 马骝洲水道 from Hengqin island (Xinhua 2020-08-09): in 珠海, not in the 横琴 zone
    assert {"zhuhai", "greater-bay-area"} <= gaz.ancestors("hengqin-ai-computing")
    assert "hengqin" not in gaz.ancestors("hengqin-ai-computing")
    assert gaz.area_ids("hengqin-ai-computing") == {"zhuhai"}
    assert gaz.area_ids("gz-data-exchange") == {"guangzhou"}  # HQ in 南沙
    assert {"qianhai", "hetao", "pengcheng-lab", "sz-data-exchange"} <= gaz.descendants("shenzhen")
    assert gaz.area_ids("shaoguan-dc-cluster") == {"shaoguan"}


def test_accuracy_and_sources(gaz):
    assert gaz["nansha"].accuracy == "official"
    assert {gaz[z].accuracy for z in ("hengqin", "qianhai", "hetao")} == {"schematic"}
    for fid in FACILITIES:
        f = gaz[fid]
        assert f.accuracy == "derived" and f.source, fid
        lon, lat = f.point
        assert GBA_BBOX[0] <= lon <= GBA_BBOX[2] and GBA_BBOX[1] <= lat <= GBA_BBOX[3], fid


@pytest.mark.parametrize(
    "fid, lon, lat, km",
    [
        ("gz-supercomputing", 113.39, 23.06, 3),  # 中山大学 东校区, 广州大学城
        ("pengcheng-lab", 113.95, 22.59, 5),  # 南山 西丽
        ("shaoguan-dc-cluster", 113.6, 24.75, 15),  # 浈江/曲江 起步区
        ("gz-data-exchange", 113.55, 22.79, 10),  # 南沙
        ("hengqin-ai-computing", 113.53, 22.165, 2),  # 珠海保税区, north bank of the 马骝洲水道
    ],
)
def test_facility_points_are_where_the_facility_is(gaz, fid, lon, lat, km):
    plon, plat = gaz[fid].point
    # equirectangular distance is plenty at these scales
    dx = (plon - lon) * 111.32 * 0.92
    dy = (plat - lat) * 110.57
    assert (dx * dx + dy * dy) ** 0.5 < km, f"{fid} at {gaz[fid].point}"


def test_problems_catches_a_broken_gazetteer(tmp_path, raw):
    broken = json.loads(json.dumps(raw))
    by_id = {p["id"]: p for p in broken}
    by_id["pengcheng-lab"]["point"] = [22.585, 113.942]  # lat/lon swapped
    by_id["hengqin"]["parents"] = ["zhuhia"]  # typo
    by_id["prd-nine"]["members"] = [*by_id["prd-nine"]["members"], "nansha"]  # not flattened to cities
    by_id["qianhai"]["aliases"] = [*by_id["qianhai"]["aliases"], "南沙"]  # name clash
    by_id["sz-data-exchange"]["parents"] = []
    by_id["gz-data-exchange"]["location"]["datum"] = "GCJ-02"  # a web-map point not converted
    del by_id["dongguan-ai-computing"]["location"]
    path = tmp_path / "places.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    problems = "\n".join(load_gazetteer(path).problems())
    assert "pengcheng-lab: point" in problems
    assert "unknown place 'zhuhia'" in problems
    assert "prd-nine: member 'nansha'" in problems
    assert "'南沙' is used by" in problems
    assert "sz-data-exchange: a facility needs parents" in problems
    assert "gz-data-exchange: location.datum must be WGS84" in problems
    assert "dongguan-ai-computing: a facility point needs location.source" in problems
    with pytest.raises(ValueError, match="gazetteer problems"):
        load_gazetteer(path).check()


def test_duplicate_id_is_refused(tmp_path, raw):
    path = tmp_path / "places.json"
    path.write_text(json.dumps([*raw, raw[0]], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate place id"):
        load_gazetteer(path)


def test_language_tags_in_their_usual_spellings_map_to_the_app_s_languages():
    from geo.i18n import lang_code

    assert [lang_code(tag) for tag in ("zh", "zh-CN", "zh_Hans", "ZH-TW", "zh-hk", "zh-Hant", "zh_hant")] == [
        "zh", "zh", "zh", "zh_hant", "zh_hant", "zh_hant", "zh_hant"
    ]  # fmt: skip
    assert [lang_code(tag) for tag in ("en", "en-GB", "EN_us", "fr", "", None, "english")] == [
        "en", "en", "en", None, None, None, None
    ]  # fmt: skip
