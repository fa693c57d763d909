"""What only a browser shows of the map's progress view (issue 16 item 1): the painted colours of cities, zones
and facilities are the lights computed for the as-of date, a popup carries each measure's light and report, and
moving the as-of date back in the same map frame hides later reports from the cards. Screenshots at 1920×1080
and 3840×2160 (artifacts/progress_map_*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_support import (  # noqa: E402
    external_requests,
    map_frame,
    new_offline_page,
    screenshot,
    streamlit_server,
    wait_for_app,
    wait_for_areas,
)
from progress_demo import fresh_demo_database  # noqa: E402

from geo.places.gazetteer import load_gazetteer  # noqa: E402
from geo.progress.rules import load_rules  # noqa: E402
from geo.progress.status import snapshot  # noqa: E402
from geo.render.web.progress_view import as_of_choices, no_measures_colour  # noqa: E402
from geo.selection.filters import MEMBERS, NAMED, reached  # noqa: E402
from geo.store import plans  # noqa: E402
from geo.store.engine import DATABASE_ENV  # noqa: E402
from geo.store.progress_service import get_cycle  # noqa: E402

pytestmark = pytest.mark.browser
HD = {"width": 1920, "height": 1080}
UHD = {"width": 3840, "height": 2160}

# Fill of every shape the progress view paints: cities/SARs (dba.choropleth) and zones/facilities (progressPlaces).
_FILLS_JS = """() => {
  const out = {};
  Object.values(window.map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.count !== undefined && l._path) out[p.place] = l._path.getAttribute('fill');
    if (l.options && l.options.dbaPlace && l._path) out[l.options.dbaPlace] = l._path.getAttribute('fill');
  });
  return out;
}"""


@pytest.fixture(scope="module")
def progress_app(tmp_path_factory):
    url, plan_id = fresh_demo_database(tmp_path_factory.mktemp("progress_browser"))
    with streamlit_server(env={DATABASE_ENV: url}) as base_url:
        yield base_url, url, plan_id


def _dates(url: str, plan_id: int) -> list[dt.date]:
    cycle = get_cycle(plan_id, url=url)
    return as_of_choices(cycle.cycle, dt.date.fromisoformat(cycle.report_from), load_rules().today())


def _expected_fills(url: str, plan_id: int, as_of: dt.date) -> dict[str, str]:
    """The colour each place must have: a city/SAR its worst light over the measures named there or inside it
    (the region filter's rule), a zone or facility its Snapshot.by_place() light; no measures: neutral."""
    gaz, rules = load_gazetteer(), load_rules()
    snap = snapshot(plan_id, as_of, url=url, measures=plans.plan_measures(plan_id, url=url))
    looks = rules.lights.looks
    out = {}
    for city in gaz.of_kind("city", "sar"):
        lights = [m.light for m in snap.measures.values() if reached(m.places, gaz).get(city.id) in (NAMED, MEMBERS)]
        out[city.id] = looks[rules.worst(lights)]["colour"] if lights else no_measures_colour()
    for pid, rollup in snap.by_place(rules).items():
        if pid in gaz and gaz[pid].kind in ("zone", "facility"):
            out[pid] = looks[rollup.light]["colour"]
    return out


def _open(chromium, url: str, viewport=HD):
    requests: list[str] = []
    page = new_offline_page(chromium, requests, viewport=viewport)
    page.goto(url)
    wait_for_app(page, timeout=60_000)
    frame = map_frame(page, timeout=60_000)
    wait_for_areas(frame)
    return page, frame, requests


def test_progress_colours_are_the_computed_lights_for_the_as_of_date(chromium, progress_app):
    base_url, url, plan_id = progress_app
    as_of = _dates(url, plan_id)[-2]  # the last period's end: some reports of today are not there yet
    page, frame, requests = _open(chromium, f"{base_url}/?pv=1&asof={as_of.isoformat()}")
    frame.wait_for_function(f"() => document.body.innerText.includes('截至 {as_of.isoformat()}')")
    painted = frame.evaluate(_FILLS_JS)
    expected = _expected_fills(url, plan_id, as_of)
    shown = {pid: painted[pid] for pid in expected if pid in painted}
    assert len(shown) >= 23 + 3, sorted(painted)  # every city/SAR, and zones or facilities with measures
    assert shown == {pid: expected[pid] for pid in shown}
    assert len(set(shown.values())) >= 3  # not one colour for everything
    legend = frame.inner_text(".dba-legend")
    for look in load_rules().lights.looks.values():
        assert f"{look['shape']} {look['label']}" in legend  # shapes and words, not hue alone
    assert "示例数据" in legend
    screenshot(page, "progress_map_1920")
    # A city's popup lists its measures with their light and last report.
    frame.evaluate(
        """() => { const l = Object.values(map._layers).find(l => l.feature && l.feature.properties.count > 0
                   && l.feature.properties.place && l._path);
                   l.fire('click', {latlng: l.getBounds().getCenter()}); }"""
    )
    frame.wait_for_selector(".dba-pop .dba-prog-facts")
    page.wait_for_timeout(600)  # the popup's fade-in, for the screenshot
    popup = frame.inner_text(".dba-pop")
    assert "最近报告" in popup or "未报告" in popup
    screenshot(page, "progress_map_1920_popup")
    assert not external_requests(requests)


def test_moving_the_as_of_date_back_hides_later_reports_in_the_same_frame(chromium, progress_app):
    base_url, url, plan_id = progress_app
    dates = _dates(url, plan_id)
    records = plans.plan_measures(plan_id, url=url)
    now = snapshot(plan_id, dates[-1], url=url, measures=records)
    then = snapshot(plan_id, dates[-2], url=url, measures=records)
    changed = next(
        n for n, m in now.measures.items() if m.last_report_on and m.last_report_on != then.measures[n].last_report_on
    )
    page, frame, _requests = _open(chromium, f"{base_url}/?pv=1")
    card = page.locator(f'.dba-list .dba-card[data-measure="{changed}"] .dba-prog-facts')
    assert now.measures[changed].last_report_on in card.inner_text()
    frame.evaluate("() => { window.__sameFrame = 1; }")
    slider = page.get_by_role("slider").last  # the as-of select_slider (the sidebar's only slider)
    slider.focus()
    page.keyboard.press("ArrowLeft")
    earlier = then.measures[changed]
    page.wait_for_function(
        "([sel, gone]) => { const el = document.querySelector(sel); return el && !el.innerText.includes(gone); }",
        arg=[f'.dba-list .dba-card[data-measure="{changed}"] .dba-prog-facts', now.measures[changed].last_report_on],
        timeout=30_000,
    )
    wait_for_app(page)
    text = card.inner_text()
    assert (earlier.last_report_on or "未报告") in text
    assert "asof=" + dates[-2].isoformat() in page.url
    frame.wait_for_function(f"() => document.body.innerText.includes('截至 {dates[-2].isoformat()}')")
    assert frame.evaluate("() => window.__sameFrame === 1")  # repainted, not reloaded


def test_progress_view_at_4k(chromium, progress_app):
    base_url, _url, _plan_id = progress_app
    page, frame, _requests = _open(chromium, f"{base_url}/?pv=1&pc=share", viewport=UHD)
    frame.wait_for_function("() => document.body.innerText.includes('截至')")
    page.wait_for_timeout(800)
    screenshot(page, "progress_map_3840_share")
    page2, frame2, _ = _open(chromium, f"{base_url}/?pv=1", viewport=UHD)
    frame2.wait_for_function("() => document.body.innerText.includes('截至')")
    page2.wait_for_timeout(800)
    screenshot(page2, "progress_map_3840")
    box = page2.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["width"] > 1800 and box["height"] > 900  # the map fills the 4K window, not a 620 px strip


_MARKS_JS = """() => Object.fromEntries(Array.from(document.querySelectorAll('.dba-label > div.city, .dba-label > div.sar'))
  .filter(el => el.querySelector('.dba-lt-mark'))
  .map(el => [el.textContent.slice(el.querySelector('.dba-lt-mark').textContent.length),
              el.querySelector('.dba-lt-mark').textContent]))"""


def test_city_labels_carry_their_light_s_shape_and_lose_it_with_the_view(chromium, progress_app):
    """Red-green colour blindness: a city's label says its light by shape (● ▲ ■), the same light as its fill;
    colouring by share or switching the view off takes the shapes off again, in the same map frame."""
    from geo.render.names import short_name

    base_url, url, plan_id = progress_app
    as_of = _dates(url, plan_id)[-2]
    page, frame, _requests = _open(chromium, f"{base_url}/?pv=1&asof={as_of.isoformat()}")
    gaz, rules = load_gazetteer(), load_rules()
    snap = snapshot(plan_id, as_of, url=url, measures=plans.plan_measures(plan_id, url=url))
    expected = {}
    for city in gaz.of_kind("city", "sar"):
        lights = [m.light for m in snap.measures.values() if reached(m.places, gaz).get(city.id) in (NAMED, MEMBERS)]
        if lights:
            expected[short_name(city, "zh")] = rules.lights.looks[rules.worst(lights)]["shape"]
    frame.wait_for_function("() => document.querySelectorAll('.dba-label .dba-lt-mark').length > 0")
    marks = frame.evaluate(_MARKS_JS)
    assert len(marks) >= 5, marks  # labels hidden by the declutter carry their mark too (still in the DOM)
    assert marks == {name: expected[name] for name in marks}
    screenshot(page, "progress_map_label_shapes_1920")
    frame.evaluate("() => { window.__sameFrame = 1; }")
    page.get_by_text("完成比例", exact=True).click()  # colour by share completed: no lights on the map
    frame.wait_for_function("() => document.querySelectorAll('.dba-label .dba-lt-mark').length === 0")
    assert frame.evaluate("() => window.__sameFrame") == 1  # no frame reload
