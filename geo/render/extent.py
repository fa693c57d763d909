"""One extent type for every map: `Bounds(west, south, east, north)` in WGS84 degrees.

The order is shapely's and the print figure's (x before y); Leaflet wants [[south, west], [north, east]], which
`leaflet()` gives. The briefing's slide extents, the map's current view (ui.view_reader) and the export extents are
all this type, so a box is never read in the wrong order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple


class Bounds(NamedTuple):
    west: float
    south: float
    east: float
    north: float

    def leaflet(self) -> list[list[float]]:
        """[[south, west], [north, east]]: the order of Leaflet's fitBounds and folium's fit_bounds."""
        return [[self.south, self.west], [self.north, self.east]]

    def padded(self, degrees: float) -> Bounds:
        return Bounds(self.west - degrees, self.south - degrees, self.east + degrees, self.north + degrees)

    def is_valid(self) -> bool:
        """Four finite degrees forming a box on the globe."""
        return all(math.isfinite(x) for x in self) and (
            -180 <= self.west < self.east <= 180 and -90 <= self.south < self.north <= 90
        )


def point_bounds(lon: float, lat: float, pad: float) -> Bounds:
    return Bounds(lon - pad, lat - pad, lon + pad, lat + pad)


def union(boxes: Iterable[Bounds]) -> Bounds:
    """The box around all boxes; ValueError when there is none."""
    boxes = list(boxes)
    if not boxes:
        raise ValueError("no bounds to combine")
    return Bounds(
        min(b.west for b in boxes), min(b.south for b in boxes), max(b.east for b in boxes), max(b.north for b in boxes)
    )


def of_coordinates(coords: Iterable[tuple[float, float]]) -> Bounds:
    """The box around (lon, lat) pairs."""
    lons, lats = zip(*((c[0], c[1]) for c in coords), strict=True)
    return Bounds(min(lons), min(lats), max(lons), max(lats))
