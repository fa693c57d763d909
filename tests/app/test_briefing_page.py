"""The briefing page under Streamlit's AppTest: slide from the URL, next/previous, filters carried, one map frame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.selection.briefing import build_slides
from geo.selection.filters import Filters, select
from ui.briefing_view import NEXT_KEY, PREV_KEY

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/2_汇报模式.py"


def _run(**query) -> AppTest:
    return run_page(PAGE, query, timeout=60)


def _panel(at: AppTest) -> str:
    bodies = [el.proto.body for el in at.get("html") if '<aside class="dba-panel"' in el.proto.body]
    assert len(bodies) == 1
    return bodies[0]


def _map(at: AppTest):
    maps = [el for el in at.get("component_instance") if "feature_group" in el.proto.json_args]
    assert len(maps) == 1
    return maps[0]


def _q(at: AppTest, key: str) -> str:
    """A query parameter as the address bar shows it (AppTest keeps a string or a list)."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def _slide_number(at: AppTest) -> int:
    return int(_panel(at).split('data-slide="', 1)[1].split('"', 1)[0])


@pytest.fixture(scope="module")
def deck():
    return build_slides(load_measures(), load_gazetteer(), Filters())


def test_first_slide_is_the_overview_of_all_measures(deck):
    at = _run()
    panel = _panel(at)
    assert 'data-slide-key="overview"' in panel
    assert f'class="dba-number">{len(load_measures())}<' in panel
    assert _q(at, "slide") is None  # arriving writes nothing: Back must return to the URL the user came by


def test_slide_number_in_the_url_opens_that_slide(deck):
    at = _run(slide="3")
    panel = _panel(at)
    assert f'data-slide-key="{deck[2].key}"' in panel
    # the map frame is sent the slide's extent (FitSlide inside the feature group)
    fg = json.loads(_map(at).proto.json_args)["feature_group"]
    assert "dba.fitSlide(" in fg and json.dumps(deck[2].key, ensure_ascii=False) in fg


def test_out_of_range_slide_is_clamped_not_a_crash(deck):
    at = _run(slide="999")
    assert _slide_number(at) == len(deck)
    assert _q(at, "slide") == str(len(deck))
    at = _run(slide="abc")
    assert _slide_number(at) == 1


def test_next_and_previous_buttons_change_slide_and_url(deck):
    at = _run()
    assert at.button(key=PREV_KEY).disabled
    at.button(key=NEXT_KEY).click().run()
    assert _slide_number(at) == 2 and _q(at, "slide") == "2"
    assert f'data-slide-key="{deck[1].key}"' in _panel(at)
    at.button(key=NEXT_KEY).click().run()
    at.button(key=PREV_KEY).click().run()
    assert _slide_number(at) == 2


def test_last_slide_disables_next(deck):
    at = _run(slide=str(len(deck)))
    assert at.button(key=NEXT_KEY).disabled
    assert not at.button(key=PREV_KEY).disabled


def test_map_frame_keeps_its_identity_between_slides():
    """Same component id and base script on every slide: the browser keeps the frame, only the layer changes."""
    at = _run()
    first = _map(at)
    first_args = json.loads(first.proto.json_args)
    at.button(key=NEXT_KEY).click().run()
    second = _map(at)
    second_args = json.loads(second.proto.json_args)
    assert first.proto.id == second.proto.id
    assert first_args["script"] == second_args["script"]
    assert first_args["feature_group"] != second_args["feature_group"]


def test_filters_in_the_url_make_a_shenzhen_briefing():
    measures, gaz = load_measures(), load_gazetteer()
    f = Filters(regions=("shenzhen",))
    expected = build_slides(measures, gaz, f)
    at = _run(region="shenzhen")
    panel = _panel(at)
    assert f'class="dba-number">{len(select(measures, f, gaz))}<' in panel
    assert "深圳市" in panel  # the kicker names the filter
    assert f"1 / {len(expected)}" in panel
    # the last slide of the 深圳 deck is one of 深圳's focus places, never 韶关 or 澳门
    at = _run(region="shenzhen", slide=str(len(expected)))
    assert f'data-slide-key="{expected[-1].key}"' in _panel(at)
    assert expected[-1].key not in ("place:shaoguan", "place:macau", "place:east-west-north")


def test_look_and_language_come_from_the_url():
    at = _run(look="light", lang="zh_hant")
    css = "".join(el.proto.body for el in at.get("html") if "<style>" in el.proto.body)
    assert "#ffffff" in css  # the light panel
    assert "總覽" in _panel(at)


def test_exit_link_carries_the_filters_back_to_the_map():
    at = _run(region="shenzhen")
    links = [el for el in at.get("page_link")]
    assert any("region=shenzhen" in el.proto.query_string for el in links)


def test_opening_the_briefing_after_filtering_the_map_briefs_on_those_filters():
    """A page switch that drops the query string: the briefing takes the session's filters (ui/state.py).

    It writes nothing on arrival (a second history entry per page switch; the app's own links carry the query)."""
    measures, gaz = load_measures(), load_gazetteer()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["region"] = "shenzhen"
    at.run()
    assert not at.exception
    at.query_params.clear()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    n = len(select(measures, Filters(regions=("shenzhen",)), gaz))
    assert f'class="dba-number">{n}<' in _panel(at)
    assert _q(at, "region") is None


def test_auto_advance_toggle_puts_the_interval_in_the_url_and_the_timer_script():
    at = _run()
    at.toggle(key="briefing_auto_on").set_value(True).run()
    assert _q(at, "auto") == "20"
    keys = [el.proto.body for el in at.get("html") if "dba-keys" in el.proto.body]
    assert len(keys) == 1 and '"auto": 20,' in keys[0]
    at.number_input(key="briefing_interval").set_value(45).run()
    assert _q(at, "auto") == "45"
    at.toggle(key="briefing_auto_on").set_value(False).run()
    assert at.query_params.get("auto") is None


def test_look_button_switches_between_dark_and_light():
    at = _run()
    at.button(key="briefing_look").click().run()
    assert _q(at, "look") == "light"
    at.button(key="briefing_look").click().run()
    assert _q(at, "look") == "dark"


def test_map_page_sidebar_links_to_a_briefing_with_its_filters():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["region"] = "shenzhen"
    at.query_params["theme"] = "要素通"
    at.run()
    assert not at.exception
    links = [el.proto for el in at.sidebar.get("page_link") if "汇报模式" in el.proto.page and el.proto.query_string]
    assert len(links) == 2  # the page list's link and the "start a briefing" link: both carry the filters
    for link in links:
        assert "region=shenzhen" in link.query_string
        assert "theme=%E8%A6%81%E7%B4%A0%E9%80%9A" in link.query_string or "theme=要素通" in link.query_string
