"""The briefing's progress slides under AppTest, on sample progress: the as-of date from the URL and from the date
box, the slide chooser, and the region slide's map (light colours and shapes)."""

from __future__ import annotations

import datetime as dt

import pytest
from apptest_support import run_page
from progress_demo import DEMO_AS_OF, demo_url_fixture  # noqa: F401 (the demo_url fixture)

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.progress.rules import load_rules
from geo.selection.briefing import build_slides
from geo.selection.filters import Filters

PAGE = "pages/2_汇报模式.py"


@pytest.fixture(scope="module")
def first_progress():
    return len(build_slides(load_measures(), load_gazetteer(), Filters())) + 1


def _panel(at) -> str:
    bodies = [el.proto.body for el in at.get("html") if '<aside class="dba-panel' in el.proto.body]
    assert len(bodies) == 1
    return bodies[0]


def _layer(at) -> str:
    maps = [el for el in at.get("component_instance") if "feature_group" in el.proto.json_args]
    assert len(maps) == 1
    import json

    return json.loads(maps[0].proto.json_args)["feature_group"]


def test_cover_says_as_of_the_date_in_the_url(demo_url, first_progress):
    at = run_page(PAGE, {"asof": "2026-11-20", "slide": str(first_progress)})
    panel = _panel(at)
    assert 'data-slide-key="progress:cover"' in panel
    assert "截至 2026年11月20日" in panel and "2026-Q4" in panel and "示例数据" in panel
    at = run_page(PAGE, {"asof": "2026-08-15", "slide": str(first_progress)})
    assert "截至 2026年8月15日" in _panel(at) and "2026-Q3" in _panel(at)


def test_a_bad_date_in_the_url_is_today_not_a_crash(demo_url, first_progress):
    at = run_page(PAGE, {"asof": "2026-13-45", "slide": str(first_progress)})
    today = load_rules().today()
    assert f"截至 {today.year}年{today.month}月{today.day}日" in _panel(at)


def test_the_date_box_puts_the_date_in_the_url(demo_url, first_progress):
    at = run_page(PAGE, {"asof": "2026-11-20", "slide": str(first_progress)})
    at.date_input(key="briefing_asof").set_value(dt.date(2026, 9, 30)).run()
    assert not at.exception
    assert at.query_params["asof"] in ("2026-09-30", ["2026-09-30"])
    assert "截至 2026年9月30日" in _panel(at)


def test_slide_chooser_offers_the_progress_slides(demo_url):
    at = run_page(PAGE, {"asof": DEMO_AS_OF.isoformat()})
    options = at.multiselect(key="briefing_deck").options
    keys = [o for o in options if "进展" in o or "滞后" in o]
    assert any("工作进展情况" in o for o in keys) and any("滞后事项" in o for o in keys)
    at.multiselect(key="briefing_deck").set_value(["progress:red:1", "progress:region"]).run()
    assert not at.exception
    assert 'data-slide-key="progress:red:1"' in _panel(at)
    deck = at.query_params["deck"]
    assert list(deck) == ["progress:red:1", "progress:region"] and at.query_params["asof"] in (
        DEMO_AS_OF.isoformat(),
        [DEMO_AS_OF.isoformat()],
    )


def test_region_slide_map_colours_cities_by_light_with_shapes(demo_url):
    at = run_page(PAGE, {"asof": DEMO_AS_OF.isoformat(), "deck": "progress:region"})
    panel = _panel(at)
    assert 'data-slide-key="progress:region"' in panel
    layer = _layer(at)
    looks = load_rules().lights.looks
    assert "dba.choropleth(" in layer and looks["red"]["colour"] in layer
    assert "dba.lightLabels(" in layer and looks["red"]["shape"] in layer
    foot = " ".join(el.proto.body for el in at.get("html") if "dba-foot" in el.proto.body)
    assert "示例数据" in foot and looks["yellow"]["shape"] in foot and looks["yellow"]["label"] in foot


def test_a_plan_without_a_reporting_cycle_keeps_the_plain_deck(tmp_path, monkeypatch):
    from geo.db import upgrade_and_seed

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    upgrade_and_seed(url)
    monkeypatch.setenv("DATABASE_URL", url)
    at = run_page(PAGE, {"asof": DEMO_AS_OF.isoformat()})
    options = at.multiselect(key="briefing_deck").options
    assert len(options) == len(build_slides(load_measures(), load_gazetteer(), Filters()))
    assert not any("工作进展" in o for o in options)
    assert "示例数据" not in " ".join(el.proto.body for el in at.get("html"))
    assert not at.date_input  # no as-of date box where there is no progress to date
