"""The one style source and the map's own assets: every CSS variable a stylesheet reads is set, every `dba.*`
function Python calls is defined in a declared JS file, and one Bounds type reads boxes in one order."""

from __future__ import annotations

import re

import pytest

from geo.render import extent
from geo.render.extent import Bounds
from geo.render.style import LOOKS, map_colours, map_variables
from geo.render.web import assets, mapview
from geo.selection.briefing import build_slides
from geo.selection.filters import Filters
from ui.briefing_view import FitSlide, PlaceLabels, _variables, frame_assets

VAR = re.compile(r"var\((--[\w-]+)\)")


def _declared(declarations: str) -> set[str]:
    return set(re.findall(r"(--[\w-]+):", declarations))


def _used(*rels: str) -> set[str]:
    return {v for rel in rels for v in VAR.findall((assets.STATIC / rel).read_text(encoding="utf-8"))}


def test_screen_map_and_card_styles_read_only_colours_the_style_file_sets():
    used = _used("map/map.css", "pages/cards.css")
    assert used and used <= _declared(map_variables())


@pytest.mark.parametrize("look", LOOKS)
def test_briefing_styles_read_only_variables_the_look_sets(look):
    used = _used("briefing/page.css", "briefing/frame.css", "briefing/frame-dark.css")
    assert used and used <= _declared(_variables(look))


def test_print_symbols_use_the_screen_maps_colours():
    from geo.render.print import figure

    symbols = [figure.ZONE_COLOUR, figure.FACILITY_COLOUR, figure.CORRIDOR_COLOUR]
    assert symbols == [map_colours()[k] for k in ("zone", "facility", "corridor")]


def _calls_and_code(m) -> tuple[set[str], str]:
    html = m.get_root().render()
    loaded = re.findall(r'<script src="/app/static/([^"]+)">', html)
    code = "".join((assets.STATIC / rel).read_text(encoding="utf-8") for rel in loaded if not rel.startswith("vendor/"))
    return set(re.findall(r"\bdba\.(\w+)\(", html)), code


def test_every_dba_function_the_maps_call_is_defined_in_a_loaded_asset(gaz, measures):
    m = mapview.base_map("zh", gazetteer=gaz)
    mapview.ViewStore().add_to(m)
    frame_assets("dark").add_to(m)
    PlaceLabels().add_to(m)
    layer = mapview.selection_layer(measures, gaz, Filters(), "zh", highlight=["shenzhen", "hengqin"])
    slide = build_slides(measures, gaz, Filters(), "zh")[0]
    FitSlide(slide.bounds, slide.key).add_to(layer)
    layer.add_to(m)
    calls, code = _calls_and_code(m)
    assert {"choropleth", "labels", "contextLayer", "layerLegend", "viewStore", "fitSlide", "keepLabels"} <= calls
    for name in calls:
        assert re.search(rf"\bdba\.{name} = function\b", code), name


def test_bounds_read_west_south_east_north_and_give_leaflet_its_order():
    box = Bounds(113.7, 22.4, 114.6, 22.9)
    assert box.leaflet() == [[22.4, 113.7], [22.9, 114.6]]
    assert extent.union([box, Bounds(112.8, 23.9, 114.8, 25.5)]) == Bounds(112.8, 22.4, 114.8, 25.5)
    assert extent.of_coordinates([(113.0, 22.0), (114.0, 23.5), (113.5, 21.9)]) == Bounds(113.0, 21.9, 114.0, 23.5)
    assert extent.point_bounds(113.6, 24.8, 0.1) == pytest.approx(Bounds(113.5, 24.7, 113.7, 24.9))
    assert box.is_valid() and not Bounds(114.6, 22.4, 113.7, 22.9).is_valid()
    with pytest.raises(ValueError):
        extent.union([])
