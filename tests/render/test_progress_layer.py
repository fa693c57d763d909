"""The map's progress view: which measures pass the progress filters, each place's roll-up and colour on an as-of
date, the legend (shape + label per light, 示例数据), the popups' progress lines, and the measure detail timeline."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import folium
import pytest
from progress_demo import fresh_demo_database

from geo.progress.rules import LIGHTS, load_rules
from geo.progress.status import snapshot
from geo.render.web.progress_layer import facts_html, progress_layer, progress_popups
from geo.render.web.progress_view import (
    NO_STATUS,
    ProgressFilters,
    as_of_choices,
    narrowed,
    place_fill,
    place_rollups,
    progress_selection,
    share_colour,
    share_legend,
)
from geo.selection.filters import MEMBERS, NAMED, Filters, reached, select
from geo.store import plans


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url, plan_id = fresh_demo_database(tmp_path_factory.mktemp("progress"))
    return url, plan_id, plans.plan_measures(plan_id, url=url)


@pytest.fixture(scope="module")
def snap(demo):
    url, plan_id, records = demo
    return snapshot(plan_id, url=url, measures=records)


def _render(fg: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    fg.add_to(m)
    return m.get_root().render()


def test_filters_round_trip_the_url_and_drop_unknown_values():
    pf = ProgressFilters(lights=("red", "yellow"), statuses=("滞后", NO_STATUS), overdue=True, unreported=True)
    assert ProgressFilters.from_query(pf.to_query()) == pf
    stale = ProgressFilters.from_query({"pl": ["red", "purple"], "ps": ["<b>x</b>", "推进中"], "po": ["yes"]})
    assert stale == ProgressFilters(lights=("red",), statuses=("推进中",))
    assert not ProgressFilters().active and not ProgressFilters().to_query()


def test_progress_filters_keep_only_matching_measures(demo, snap, gaz):
    _url, _plan, records = demo
    selection = select(records, Filters(), gaz)
    for light in LIGHTS:
        chosen = progress_selection(selection, snap, ProgressFilters(lights=(light,)))
        assert chosen and all(snap.measures[m["id"]].light == light for m in chosen)
    overdue = progress_selection(selection, snap, ProgressFilters(overdue=True))
    assert overdue and all(snap.measures[m["id"]].overdue for m in overdue)
    unreported = progress_selection(selection, snap, ProgressFilters(unreported=True))
    assert all(not snap.measures[m["id"]].reported_current for m in unreported)
    assert len(unreported) == sum(not ms.reported_current for ms in snap.measures.values())


def test_a_city_takes_the_worst_light_of_the_measures_the_region_filter_gives_it(snap, gaz):
    rules = load_rules()
    rollups = place_rollups(snap, gaz)
    cities = [p.id for p in gaz.of_kind("city", "sar")]
    checked = 0
    for city in cities:
        lights = [ms.light for ms in snap.measures.values() if reached(ms.places, gaz).get(city) in (NAMED, MEMBERS)]
        if not lights:
            assert city not in rollups
            continue
        checked += 1
        assert rollups[city].light == rules.worst(lights)
        assert place_fill(rollups[city], "light") == rules.lights.looks[rules.worst(lights)]["colour"]
    assert checked >= 5
    by_place = snap.by_place()
    for zone in (p.id for p in gaz.of_kind("zone")):  # zones: Snapshot.by_place() as it is
        if zone in by_place:
            assert rollups[zone].light == by_place[zone].light


def test_share_colours_come_in_classes_from_the_data():
    legend = share_legend()
    assert legend[0][0].startswith("0–") and legend[-1][0].endswith("100%")
    assert share_colour(0.0) == legend[0][1] and share_colour(1.0) == legend[-1][1]
    assert share_colour(0.5) not in (legend[0][1], legend[-1][1])
    assert share_colour(None) not in {c for _l, c in legend}


def test_as_of_choices_are_period_ends_then_today():
    days = as_of_choices("quarterly", dt.date(2025, 1, 1), dt.date(2025, 11, 30))
    assert days == [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 11, 30)]
    assert as_of_choices(None, None, dt.date(2025, 11, 30)) == [dt.date(2025, 11, 30)]


def test_layer_legend_marks_lights_by_shape_and_label_and_says_sample(demo, snap, gaz):
    _url, _plan, records = demo
    selection = select(records, Filters(), gaz)
    html = _render(progress_layer(selection, narrowed(snap, selection), gaz, Filters(), "zh", interactive=True))
    rules = load_rules()
    for light in LIGHTS:
        look = rules.lights.looks[light]
        assert f"{look['shape']} {look['label']}" in html  # never hue alone
    assert snap.has_sample and "示例数据" in html
    as_of = snap.as_of.isoformat()
    assert f"截至 {as_of}" in html


def test_city_fills_in_the_layer_are_the_lights_colours(demo, snap, gaz):
    _url, _plan, records = demo
    selection = select(records, Filters(), gaz)
    fg = progress_layer(selection, narrowed(snap, selection), gaz, Filters(), "zh")
    choropleth = next(c for c in fg._children.values() if type(c).__name__ == "AreaChoropleth")
    rollups = place_rollups(snap, gaz)
    looks = load_rules().lights.looks
    coloured = {pid: p["fill"] for pid, p in choropleth.props.items() if pid in rollups}
    assert coloured and all(fill == looks[rollups[pid].light]["colour"] for pid, fill in coloured.items())


def test_popup_lines_carry_light_status_last_report_and_next_milestone(demo, snap, gaz):
    _url, _plan, records = demo
    selection = select(records, Filters(), gaz)
    data = progress_popups(selection, snap, gaz, Filters(), "zh")
    reported = [n for n in data["lines"] if snap.measures[n].last_report_on and snap.measures[n].next_milestone]
    assert reported
    line = data["lines"][reported[0]]
    ms = snap.measures[reported[0]]
    look = load_rules().lights.looks[ms.light]
    assert look["shape"] in line and look["label"] in line
    assert ms.last_report_on in line and ms.next_milestone.due_on in line and "最近报告" in line


def test_progress_lines_escape_report_text(snap):
    ms = next(iter(snap.measures.values()))
    hostile = replace(ms, excerpt='<img src=x onerror="alert(1)">', status="<b>推进中</b>")
    html = facts_html(hostile, "zh")
    assert "<img" not in html and "<b>" not in html and "&lt;img" in html


def test_an_earlier_as_of_date_hides_later_reports(demo, snap):
    url, plan_id, records = demo
    earlier = dt.date.fromisoformat(min(m.last_report_on for m in snap.measures.values() if m.last_report_on))
    before = snapshot(plan_id, earlier - dt.timedelta(days=1), url=url, measures=records)
    assert all(m.last_report_on is None or m.last_report_on < earlier.isoformat() for m in before.measures.values())
    assert json.dumps(before.to_json()) != json.dumps(snap.to_json())


def test_share_colouring_has_its_own_legend(demo, snap, gaz):
    _url, _plan, records = demo
    selection = select(records, Filters(), gaz)
    html = _render(progress_layer(selection, narrowed(snap, selection), gaz, Filters(), "zh", colour_by="share"))
    assert "完成比例" in html and "80–100%" in html
    assert "已完成 " in html  # region-wide measures as their share completed
    assert "■ 逾期" not in html  # no light rows in the share legend
