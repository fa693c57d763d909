"""The briefing's two looks (dark for LED walls and dim rooms, light for washed-out projectors), and their contrast.

Plain Python (no Streamlit) so the palette can be checked in a unit test: every text colour must reach WCAG
contrast 7:1 (level AAA) against the panel it sits on, because a projector in a lit room eats contrast.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

LOOKS = ("dark", "light")
DEFAULT_LOOK = "dark"
Q_LOOK = "look"  # not "theme": that query key is the 主题 filter (geo.filters.Q_THEME)


@dataclass(frozen=True)
class Palette:
    panel: str  # side panel and control bar background (opaque: contrast must not depend on the map below)
    text: str  # body text
    muted: str  # secondary text (kickers, counts, notes) — still AAA
    accent: str  # headline number, highlight outline on the map
    rule: str  # thin separators and bars (not text)
    map_bg: str  # the sea / outside of any polygon
    land: str  # city polygons that the slide does not highlight
    border: str  # city outlines
    label: str  # map labels
    halo: str  # outline around map labels so they read over any fill
    outline: str  # outline of the slide's places on the map: must stand out from the OrRd shading and the land


PALETTES: dict[str, Palette] = {
    "dark": Palette(
        panel="#0b1220",
        text="#f4f7fb",
        muted="#c8d3e1",
        accent="#ffd166",
        rule="#3a4a63",
        map_bg="#101a2b",
        land="#1d2a3f",
        border="#6b7f9e",
        label="#ffffff",
        halo="#0b1220",
        outline="#ffd166",
    ),
    "light": Palette(
        panel="#ffffff",
        text="#0b1220",
        muted="#2f3b4f",
        accent="#8a2c0d",
        rule="#b8c2d0",
        map_bg="#dde7f0",
        land="#f7f8fa",
        border="#55657d",
        label="#0b1220",
        halo="#ffffff",
        outline="#0b4fa8",
    ),
}


def palette(look: str) -> Palette:
    return PALETTES.get(look, PALETTES[DEFAULT_LOOK])


def css_variables(look: str) -> str:
    """`--dba-panel: #…; …` for a CSS rule (the page and the map frame share the same names)."""
    return " ".join(f"--dba-{k.replace('_', '-')}: {v};" for k, v in asdict(palette(look)).items())


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected #rrggbb, got {hex_colour!r}")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio, 1 … 21."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
