"""The briefing's looks and HTML: contrast a back row can read, escaped text, the clicker keys wired to the buttons."""

from __future__ import annotations

import base64
import json
import re

import pytest

from geo.render.extent import Bounds
from geo.render.web.assets import STATIC
from geo.render.web.mapview import base_map
from geo.selection.briefing import ShortMeasure, Slide
from ui.briefing_theme import LOOKS, PALETTES, contrast_ratio, css_variables, palette
from ui.briefing_view import GOTO_KEY, MAP_KEY, NEXT_KEY, PREV_KEY, frame_assets, keys_html, page_css, panel_html


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
    assert '".st-key-" + keys.goto + " input"' in js
    for key in ("ArrowRight", "PageDown", '" "', "ArrowLeft", "PageUp", '"Home"', '"End"'):
        assert key in js
    call = re.search(r"dbaBriefingKeys\((\{.*\})\);", js)
    assert json.loads(call.group(1)) == {
        "slide": 3,
        "total": 18,
        "auto": 20,
        "next": NEXT_KEY,
        "prev": PREV_KEY,
        "goto": GOTO_KEY,
    }


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


def test_dark_legend_zero_swatch_is_the_colour_the_dark_map_paints_zero_areas():
    """Issue 11: frame-dark.css paints zero-count areas (path.dba-zero) in --dba-land; the key must show that."""
    from geo.selection.classes import classify
    from ui.briefing_view import footnote_html

    classes = classify({"a": 0, "b": 3, "c": 9})
    rule = re.search(
        r"path\.dba-zero \{ fill: var\(--dba-(\w[\w-]*)\)", (STATIC / "briefing/frame-dark.css").read_text()
    )
    assert rule, "the dark look recolours zero areas"
    zero_fill = getattr(palette("dark"), rule.group(1).replace("-", "_"))
    dark = footnote_html(classes, "zh", "dark")
    first = re.search(r'class="dba-sw" style="background:([^"]+)"></span>0<', dark)
    assert first and first.group(1) == zero_fill
    light = footnote_html(classes, "zh", "light")  # the light look keeps the base map's zero colour
    assert re.search(r'background:([^"]+)"></span>0<', light).group(1) == classes.legend()[0][1]


def test_footnote_names_region_wide_measures_and_panel_shows_the_filter_on_every_slide():
    from geo.places.gazetteer import load_gazetteer
    from geo.selection.classes import classify
    from ui.briefing_view import footnote_html

    gaz = load_gazetteer()
    slide = _slide(region_wide=(("greater-bay-area", 7),), scope="地区：深圳市")
    foot = footnote_html(classify({"a": 1}), "zh", "dark", slide, gaz)
    assert "区域整体措施" in foot and "粤港澳大湾区" in foot and "<b>7</b>" in foot
    assert '<div class="dba-scope"><b>筛选</b> 地区：深圳市</div>' in panel_html(slide, 2, 9, "zh")


def test_zoomed_slides_get_a_locator_inset_with_the_slide_box_inside_the_bay_area():
    """Issue 14: a zoomed slide shows where it is; the overview (the whole map) has no inset."""
    from geo.dataset import load_measures
    from geo.places.gazetteer import load_gazetteer
    from geo.selection.briefing import build_slides
    from ui.briefing_view import locator_html

    gaz = load_gazetteer()
    deck = {s.key: s for s in build_slides(load_measures(), gaz)}
    whole = deck["overview"].bounds
    assert locator_html(deck["overview"], gaz, whole, "zh") == ""
    figure = locator_html(deck["place:hetao"], gaz, whole, "zh")
    assert 'class="dba-locator"' in figure and "粤港澳大湾区" in figure
    html = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', figure).group(1)).decode()
    w, h = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', html).groups())
    x, y, bw, bh = (
        float(v)
        for v in re.search(r'<rect[^>]* x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', html).groups()
    )
    assert x >= 0 and x + bw <= w and y >= 0 and y + bh <= h
    assert bw < w / 4  # 河套 is a small part of the bay area
    # the box is where 河套 is: east of the frame's middle (Shenzhen/HK border), south of its middle
    assert x > w / 2 and y > h / 2
    assert len(html) < 20_000  # an inset, not a second map
