"""The briefing's looks and HTML: contrast a back row can read, escaped text, the clicker keys wired to the buttons."""

from __future__ import annotations

import json
import re

import pytest

from geo.render.extent import Bounds
from geo.render.web.assets import STATIC
from geo.render.web.mapview import base_map
from geo.selection.briefing import ShortMeasure, Slide
from ui.briefing_theme import LOOKS, PALETTES, contrast_ratio, css_variables, palette
from ui.briefing_view import MAP_KEY, NEXT_KEY, PREV_KEY, frame_assets, keys_html, page_css, panel_html


def _frame_css(look: str) -> str:
    """Every CSS file the briefing's map frame loads for a look, in order, with the variables it is given."""
    m = base_map("zh")
    frame_assets(look).add_to(m)
    html = m.get_root().render()
    files = re.findall(r'href="/app/static/(briefing/[^"]+\.css)"', html)
    return html + "".join((STATIC / f).read_text(encoding="utf-8") for f in files)


def _slide(**changes) -> Slide:
    base = dict(
        key="theme:要素通",
        kind="theme",
        title="要素通",
        kicker="主题 1 / 9",
        subtitle="以数据流动带动要素市场化，实现湾区发展“要素通”",
        headline=12,
        headline_label="项措施",
        places=("shenzhen",),
        bounds=Bounds(113.7, 22.4, 114.6, 22.9),
        top=(ShortMeasure(1, "探索建设“港澳数据特区”…"), ShortMeasure(3, "建设韶关数据中心集群…")),
        departments=(("省政数局", 11), ("省工信厅", 6)),
        measure_ids=(1, 3),
    )
    base.update(changes)
    return Slide(**base)


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("role", ["text", "muted", "accent"])
def test_every_text_colour_reaches_wcag_aaa_on_the_panel(look, role):
    p = PALETTES[look]
    assert contrast_ratio(getattr(p, role), p.panel) >= 7.0


@pytest.mark.parametrize("look", LOOKS)
def test_map_labels_stand_out_from_their_halo_and_the_land(look):
    p = PALETTES[look]
    assert contrast_ratio(p.label, p.halo) >= 7.0
    assert contrast_ratio(p.label, p.land) >= 7.0


@pytest.mark.parametrize("look", LOOKS)
def test_slide_outline_stands_out_from_its_halo_and_the_land(look):
    """The outline is drawn with a halo in the panel colour (frame.css), so it reads on any shading class."""
    p = PALETTES[look]
    assert contrast_ratio(p.outline, p.panel) >= 3.0  # WCAG non-text contrast, outline against its halo
    assert contrast_ratio(p.outline, p.land) >= 3.0
    assert contrast_ratio(p.outline, p.map_bg) >= 3.0
    css = _frame_css(look)
    assert "drop-shadow(0 0 2px var(--dba-panel))" in css and f"--dba-panel: {p.panel};" in css


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_unknown_look_falls_back_to_dark():
    assert palette("sepia") == PALETTES["dark"]
    assert "--dba-panel: #0b1220;" in css_variables("nonsense")


def test_panel_escapes_data_text():
    hostile = '<img src=x onerror="alert(1)">'
    html = panel_html(
        _slide(title=hostile, top=(ShortMeasure(9, hostile),), departments=((hostile, 1),), note=hostile), 2, 18, "zh"
    )
    assert "<img" not in html and 'onerror="' not in html
    assert html.count("&lt;img src=x onerror=&#34;alert(1)&#34;&gt;") == 4


def test_panel_shows_number_position_measures_and_departments():
    html = panel_html(_slide(), 2, 18, "zh")
    assert 'data-slide="2"' in html and "2 / 18" in html
    assert '<span class="dba-number">12</span>' in html
    assert html.index("探索建设") < html.index("建设韶关")  # ranked order kept
    assert "省政数局" in html and "<b>11</b>" in html
    assert "重点措施" in html and "牵头部门" in html


def test_overview_panel_draws_a_bar_per_theme_scaled_to_the_largest():
    html = panel_html(_slide(kind="overview", top=(), breakdown=(("要素通", 12), ("基座通", 6))), 1, 18, "zh")
    assert html.count('class="dba-bar"') == 2
    assert "width:100%" in html and "width:50%" in html


def test_long_filter_description_is_clipped_in_the_kicker():
    html = panel_html(_slide(kicker="地区：" + "、".join(["深圳市"] * 40)), 1, 3, "zh")
    kicker = re.search(r'<div class="dba-kicker"><span>(.*?)</span>', html).group(1)
    assert len(kicker) <= 60 and kicker.endswith("…")


def test_keys_script_targets_the_navigation_buttons_and_carries_slide_and_timer():
    js = keys_html(3, 18, 20)
    assert '.st-key-" + key + " button' in js
    for key in ("ArrowRight", "PageDown", '" "', "ArrowLeft", "PageUp"):
        assert key in js
    call = re.search(r"dbaBriefingKeys\((\{.*\})\);", js)
    assert json.loads(call.group(1)) == {"slide": 3, "total": 18, "auto": 20, "next": NEXT_KEY, "prev": PREV_KEY}


@pytest.mark.parametrize("look", LOOKS)
def test_page_css_hides_streamlit_chrome_and_scales_type_with_the_screen(look):
    css = page_css(look)
    for hidden in ('header[data-testid="stHeader"]', '[data-testid="stToolbar"]', '[data-testid="stSidebar"]'):
        assert hidden in css
    assert "overflow: hidden !important" in css
    assert "--u: min(1vw, 1.7778vh)" in css
    assert "font-size: calc(1.5 * var(--u))" in css  # 28.8 px at 1920×1080, 57.6 px at 3840×2160
    assert f".st-key-{MAP_KEY} " in css  # the map container the page pins to the viewport
    assert f"--dba-panel: {PALETTES[look].panel};" in css


def test_frame_css_keeps_zone_labels_on_and_recolours_only_in_the_dark_look():
    dark, light = _frame_css("dark"), _frame_css("light")
    assert ".dba-minor { display: block !important; }" in dark and ".dba-minor { display: block !important; }" in light
    assert "leaflet-overlay-pane path:not(.leaflet-interactive)" in dark
    assert "leaflet-overlay-pane path:not(.leaflet-interactive)" not in light
