"""Boundary layers at run time: the built GeoJSON files under data/boundaries/, read and cached.

Building them is geo.boundaries.build (`python -m geo.boundaries`); this module only reads, so the app and the
exports never import the build-time machinery.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from geo.paths import BOUNDARIES

LAYERS = ("cities", "zones", "context", "corridors")
LAYER_FILES = {name: BOUNDARIES / f"{name}.geojson" for name in LAYERS}


@lru_cache(maxsize=len(LAYERS))
def load_layer(name: str):
    """One boundary layer as a GeoDataFrame (EPSG:4326), cached. name: cities | zones | context | corridors."""
    import geopandas as gpd

    if name not in LAYER_FILES:
        raise ValueError(f"unknown boundary layer {name!r}; choose one of {', '.join(LAYERS)}")
    path = LAYER_FILES[name]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `python -m geo.boundaries`")
    data = json.loads(path.read_text(encoding="utf-8"))
    return gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")


def to_geojson_dict(name: str) -> dict[str, Any]:
    """The layer file as a GeoJSON dict (for folium), read as is (no float round trip through pandas)."""
    if name not in LAYER_FILES:
        raise ValueError(f"unknown boundary layer {name!r}; choose one of {', '.join(LAYERS)}")
    return json.loads(LAYER_FILES[name].read_text(encoding="utf-8"))


def map_bounds() -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of Guangdong + Hong Kong + Macau (东沙 is not in the layer)."""
    minx, miny, maxx, maxy = (float(v) for v in load_layer("cities").total_bounds)
    return (minx, miny, maxx, maxy)
