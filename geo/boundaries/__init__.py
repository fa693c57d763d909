"""Boundary layers at run time: the built GeoJSON files under data/boundaries/, read and cached.

Building them is geo.boundaries.build (`python -m geo.boundaries`); this module only reads, so the app and the
exports never import the build-time machinery.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from geo.paths import BOUNDARIES

if TYPE_CHECKING:
    from geo.places.gazetteer import Place

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


def zone_sources_line(lang: str = "zh", name: Callable[[Place], str] | None = None) -> str:
    """One line for the map legend and the print footer: where each zone outline comes from, and the notes on land
    inside a zone administered by another side. Read from the built zones layer and the gazetteer (nothing typed
    here), so it cannot drift from the outlines it describes. `name` shortens place names (default: full name)."""
    from geo.i18n import t
    from geo.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    short = name or (lambda place: place.name(lang))
    groups: dict[tuple[str, str], list[str]] = {}
    notes: list[str] = []
    for feature in to_geojson_dict("zones")["features"]:
        props = feature["properties"]
        place = gaz[props["place"]]
        groups.setdefault((props["accuracy"], props["basis"]), []).append(short(place))
        notes += [e["note"].get(lang, e["note"]["zh"]) for e in place.extra.get("enclaves", [])]
    sep, colon = t("list_sep", lang), t("colon", lang)
    items = []
    for (accuracy, basis), names in groups.items():
        suffix = t("map_schematic_suffix", lang) if accuracy == "schematic" else ""
        items.append(f"{sep.join(names)}{suffix}{colon}{basis}")
    return t("zone_sources_line", lang).format(items=t("part_sep", lang).join(items + notes))
