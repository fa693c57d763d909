"""Polygon coordinates for the screen, compact: integer deltas in 1/1000 degree, decoded by dba.decode (static/map/map.js).

Sent on every rerun, so size matters: about a third of GeoJSON text, and a payload well under 250 KB.
"""

from __future__ import annotations

SCREEN_SCALE = 1000  # coordinates sent to the browser in 1/1000° (≈100 m, well under the ~400 m simplification)


def encode_ring(ring: list, scale: int = SCREEN_SCALE) -> list[int]:
    """A ring as flat integer deltas [x0, y0, dx1, dy1, …] in 1/scale degrees, repeated vertices dropped.

    About a third of the size of GeoJSON text. Neighbours share vertices, so they round identically and
    shared edges stay shared (no gaps or slivers appear on screen).
    """
    out: list[int] = []
    px = py = None
    ox = oy = 0
    for x, y, *_ in ring:
        ix, iy = round(x * scale), round(y * scale)
        if (ix, iy) == (px, py):
            continue
        out += [ix - ox, iy - oy]
        ox, oy = px, py = ix, iy
    return out


def encode_polygons(geom: dict, scale: int = SCREEN_SCALE) -> list[list[list[int]]]:
    """A (Multi)Polygon as [polygon [ring deltas]], rings that collapse below 4 vertices dropped."""
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    out = []
    for rings in polys:
        enc = [r for r in (encode_ring(ring, scale) for ring in rings) if len(r) >= 8]
        if enc and len(encode_ring(rings[0], scale)) >= 8:
            out.append(enc)
    return out


def decode_ring(deltas: list[int], scale: int = SCREEN_SCALE) -> list[list[float]]:
    """Inverse of encode_ring (the browser does the same in static/map/map.js, dba.decode); used by tests."""
    out, x, y = [], 0, 0
    for i in range(0, len(deltas), 2):
        x += deltas[i]
        y += deltas[i + 1]
        out.append([x / scale, y / scale])
    return out
