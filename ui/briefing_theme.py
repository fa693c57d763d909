"""The briefing's two looks (dark for LED walls and dim rooms, light for washed-out projectors), and their contrast.

The palettes are part of the one style source (geo.render.style, data/style.json). Plain Python (no Streamlit) so
they can be checked in a unit test: every text colour must reach WCAG contrast 7:1 (level AAA) against the panel
it sits on, because a projector in a lit room eats contrast.
"""

from __future__ import annotations

from geo.render.style import DEFAULT_LOOK, LOOKS, Palette, look_variables, palette, palettes

__all__ = ["DEFAULT_LOOK", "LOOKS", "PALETTES", "Palette", "Q_LOOK", "contrast_ratio", "css_variables", "palette"]

Q_LOOK = "look"  # not "theme": that query key is the 主题 filter (geo.filters.Q_THEME)
PALETTES: dict[str, Palette] = palettes()  # the colours are in data/style.json (geo.render.style)
css_variables = look_variables  # `--dba-panel: #…; …`: the page and the map frame share the same names


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
