"""The one style source of every map: colours of the screen map, the briefing looks and the print figures.

The values live in data/style.json; Python (folium styles, matplotlib) reads them here and CSS reads them as
variables (`--map-zone`, `--dba-panel` …) that `css_variables` writes, so a colour is changed in one place.
The count classes (ColorBrewer OrRd and the zero colour) stay in geo.selection.classes, shared the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

from geo import paths

STYLE_FILE = paths.DATA / "style.json"
LOOKS = ("dark", "light")
DEFAULT_LOOK = "dark"
MAP_PREFIX = "--map-"  # screen map colours in CSS
LOOK_PREFIX = "--dba-"  # briefing look colours in CSS


@dataclass(frozen=True)
class Palette:
    """One briefing look (dark for LED walls and dim rooms, light for washed-out projectors)."""

    panel: str  # side panel and control bar background (opaque: contrast must not depend on the map below)
    text: str  # body text
    muted: str  # secondary text (kickers, counts, notes) — still AAA
    accent: str  # headline number
    rule: str  # thin separators and bars (not text)
    map_bg: str  # the sea / outside of any polygon
    land: str  # city polygons that the slide does not highlight
    border: str  # city outlines
    label: str  # map labels
    halo: str  # outline around map labels so they read over any fill
    outline: str  # outline of the slide's places on the map: must stand out from the OrRd shading and the land
    zone_label: str  # zone labels (横琴, 前海 …)
    context_label: str  # neighbouring province labels
    context_fill: str  # neighbouring provinces (the dark look recolours the light base map)
    context_line: str
    zone: str  # zone outlines and fill
    facility: str  # facility rings


@lru_cache(maxsize=1)
def _style() -> dict:
    return json.loads(STYLE_FILE.read_text(encoding="utf-8"))


def map_colours() -> dict[str, str]:
    """The screen map's colours (context, cities, zones, corridor, facilities, selection, highlight, labels)."""
    return dict(_style()["map"])


def print_colours() -> dict[str, str]:
    """Colours only the print figures use (sea, context, city edges); symbols come from map_colours()."""
    return dict(_style()["print"])


@lru_cache(maxsize=1)
def palettes() -> dict[str, Palette]:
    names = {f.name for f in fields(Palette)}
    out = {}
    for look, values in _style()["looks"].items():
        missing = names - set(values)
        if missing:
            raise ValueError(f"{STYLE_FILE}: look {look!r} lacks {', '.join(sorted(missing))}")
        out[look] = Palette(**{k: values[k] for k in names})
    return out


def palette(look: str) -> Palette:
    """A look's palette; an unknown look falls back to the default (dark)."""
    table = palettes()
    return table.get(look, table[DEFAULT_LOOK])


def css_variables(colours: Mapping[str, str], prefix: str) -> str:
    """`--map-zone: #5e3c99; …`: declarations for a CSS rule (the CSS files refer to these names)."""
    return " ".join(f"{prefix}{k.replace('_', '-')}: {v};" for k, v in colours.items())


def look_variables(look: str) -> str:
    """The look's colours as `--dba-panel: #…; …` (the briefing page and its map frame share the names)."""
    return css_variables(asdict(palette(look)), LOOK_PREFIX)


def map_variables() -> str:
    return css_variables(map_colours(), MAP_PREFIX)
