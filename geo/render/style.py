"""Colours shared by the web map and the print figure (no folium, no matplotlib: a slide deck or a print figure
must not load the web map to know its colours)."""

from __future__ import annotations

COLOURS = {
    "context_fill": "#e9e9e4",
    "context_line": "#c4c4bc",
    "city_line": "#7a7a7a",
    "zone": "#5e3c99",
    "corridor": "#8c510a",
    "facility": "#1f4e79",
    "selected": "#222222",
    "highlight": "#0b6dd8",
}
