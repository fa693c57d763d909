"""The briefing's progress slides in Debian's Chromium, on sample progress (a server of its own on a database filled by
geo.progress.demo): every progress slide at 1920×1080 and 3840×2160 in the dark look, stepped through with the
clicker keys. Each is screenshotted to artifacts/briefing_progress/ and checked: no scrollbars, no text overflowing its
box, no two pieces of panel text on top of each other, body text ≥ 28 px at 1920 (twice that at 3840), the 示例数据
mark on screen, the full-screen slides covering the map, the region slide's map drawn with no overlapping or hidden
city labels and the light shapes on its labels, the map frame never reloaded, and no request leaving localhost."""

from __future__ import annotations

import contextlib
from urllib.parse import quote

import pytest
from browser_support import ARTIFACTS, external_requests, new_offline_page, streamlit_server, wait_for_app
from playwright.sync_api import TimeoutError
from progress_demo import DEMO_AS_OF, demo_database, demo_plan_id
from test_browser_briefing import (
    _FRAME_JS,
    _LAYOUT_JS,
    PAGE_PATH,
    SETTLE_MS,
    SIZES,
    _map_frame,
    _stable_screenshot,
    _wait_slide,
    layout_problems,
)

from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.progress.status import snapshot
from geo.selection.briefing import build_slides
from geo.selection.briefing_progress import is_progress, previous_period_end, with_progress
from ui.briefing_view import PANEL_WIDTH

pytestmark = pytest.mark.browser

OUT = ARTIFACTS / "briefing_progress"

# Text boxes of the panel that intersect (a label drawn over another), and the sample mark's visibility.
_TEXT_JS = """() => {
  const panel = document.querySelector('.dba-panel');
  const leaves = [...panel.querySelectorAll('*')].filter(el =>
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  const boxes = leaves.map(el => {
    const range = document.createRange(); range.selectNodeContents(el);
    return [el, [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0)];
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    for (const x of ra) for (const y of rb)
      if (x.left < y.right - 1 && y.left < x.right - 1 && x.top < y.bottom - 1 && y.top < x.bottom - 1)
        overlaps.push(a.textContent.slice(0, 12) + ' × ' + b.textContent.slice(0, 12));
  }
  const marks = [...document.querySelectorAll('.dba-sample')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth &&
           getComputedStyle(el).visibility !== 'hidden';
  }).map(el => el.textContent);
  const pr = panel.getBoundingClientRect();
  return {overlaps, marks, panelW: pr.width, panelH: pr.height, full: panel.classList.contains('dba-full')};
}"""

_SHAPES_JS = """() => [...document.querySelectorAll('.dba-label .dba-lt-mark')]
  .filter(s => s.getBoundingClientRect().width > 0).map(s => s.parentNode.textContent)"""


@pytest.fixture(scope="module")
def progress_server():
    """The app on the sample-progress database (its own server: the shared one must keep the plain plan)."""
    with streamlit_server(env={"DATABASE_URL": demo_database()}) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def deck():
    """The deck the page builds for the demo date: the plan slides, then the progress slides."""
    url, plan, measures, gaz = demo_database(), demo_plan_id(), load_measures(), load_gazetteer()
    now = snapshot(plan, DEMO_AS_OF, url=url, measures=measures)
    before = snapshot(plan, previous_period_end(DEMO_AS_OF, now.cycle), url=url, measures=measures)
    return with_progress(build_slides(measures, gaz), now, before, measures, gaz)


_MARK_SHOWN_JS = """() => [...document.querySelectorAll('.dba-sample')].some(el => {
  const r = el.getBoundingClientRect(); return r.width > 0 && r.bottom <= innerHeight; })"""


def _problems(page, frame, size: str, where: str, slide) -> list[str]:
    # The footnote (the region slide's mark) is drawn just after the panel: give it a moment, then judge.
    with contextlib.suppress(TimeoutError):  # reported below, with what is shown
        page.wait_for_function(_MARK_SHOWN_JS, timeout=5_000)
    text = page.evaluate(_TEXT_JS)
    problems = layout_problems(page.evaluate(_LAYOUT_JS), size, where, slide)
    if text["overlaps"]:
        problems.append(f"{where}: panel text overlaps {text['overlaps'][:5]}")
    if len(text["marks"]) != 1:
        problems.append(f"{where}: sample mark shown {text['marks']}, want it once")
    w, h = SIZES[size]["width"], SIZES[size]["height"]
    if slide.extra["layout"] == "region":
        fr = frame.evaluate(_FRAME_JS.replace("__PANEL__", str(PANEL_WIDTH)))
        if fr["overlaps"] or fr["hidden"]:
            problems.append(f"{where}: map labels overlap {fr['overlaps']} / hidden {fr['hidden']}")
        if fr["paths"] < 23 or len(fr["labels"]) < 3:
            problems.append(f"{where}: map not drawn ({fr['paths']} paths, labels {fr['labels']})")
        shaped = frame.evaluate(_SHAPES_JS)
        if not any(s.startswith(("●", "▲", "■")) for s in shaped):
            problems.append(f"{where}: no light shape on the map labels: {shaped}")
        if text["full"] or abs(text["panelW"] - PANEL_WIDTH * w) > 2:
            problems.append(f"{where}: region panel is {text['panelW']} wide, not the side panel")
    elif not text["full"] or text["panelW"] < w - 1 or text["panelH"] < h - 1:
        problems.append(f"{where}: slide does not cover the screen ({text['panelW']}x{text['panelH']})")
    return problems


@pytest.mark.parametrize("size", ["1920x1080", "3840x2160"])
def test_every_progress_slide_fits_at_both_sizes(progress_server, chromium, deck, size):
    OUT.mkdir(parents=True, exist_ok=True)
    slides = [(i, s) for i, s in enumerate(deck, 1) if is_progress(s)]
    first, _ = slides[0]
    requests: list[str] = []
    page = new_offline_page(chromium, requests, viewport=SIZES[size])
    try:
        page.goto(f"{progress_server}{PAGE_PATH}?asof={DEMO_AS_OF}&slide={first}", wait_until="domcontentloaded")
        wait_for_app(page)
        handle, frame = _map_frame(page)
        _wait_slide(page, first, deck[first - 1].key, timeout=60_000, settle_ms=SETTLE_MS[size])
        frame.evaluate("() => { window.__dbaMarker = 'same-window'; }")
        page.mouse.move(SIZES[size]["width"] * 0.8, SIZES[size]["height"] * 0.95)
        problems: list[str] = []
        for number, slide in slides:
            if number > first:
                page.keyboard.press("ArrowRight")
                _wait_slide(page, number, slide.key, timeout=40_000, settle_ms=SETTLE_MS[size])
            if slide.extra["layout"] == "region":
                frame.wait_for_function("() => document.documentElement.hasAttribute('data-labels-placed')")
                page.wait_for_timeout(SETTLE_MS[size])
            _stable_screenshot(page, OUT / f"{size}-dark-{number:02d}-{slide.key.replace(':', '-')}.png")
            problems += _problems(page, frame, size, f"{size} slide {number} ({slide.key})", slide)
            if frame.evaluate("() => window.__dbaMarker") != "same-window":
                problems.append(f"{size} slide {number}: the map frame was reloaded")
        assert "asof=" + DEMO_AS_OF.isoformat() in page.url or f"slide={slides[-1][0]}" in page.url
        assert not problems, "\n".join(problems)
        assert not external_requests(requests), external_requests(requests)
    finally:
        page.context.close()


@pytest.mark.parametrize(("look", "lang"), [("light", "zh"), ("dark", "en")])
def test_light_look_and_english_red_list_and_region(progress_server, chromium, look, lang):
    """The light look recolours the same layout, English has longer names: spot-check the densest slides (the first
    page of the red list and the region map)."""
    url, plan, measures, gaz = demo_database(), demo_plan_id(), load_measures(), load_gazetteer()
    now = snapshot(plan, DEMO_AS_OF, url=url, measures=measures)
    before = snapshot(plan, previous_period_end(DEMO_AS_OF, now.cycle), url=url, measures=measures)
    deck = with_progress(build_slides(measures, gaz, lang=lang), now, before, measures, gaz, lang)
    OUT.mkdir(parents=True, exist_ok=True)
    page = new_offline_page(chromium, viewport=SIZES["1920x1080"])
    problems: list[str] = []
    try:
        for number, slide in [(i, s) for i, s in enumerate(deck, 1) if s.key in ("progress:red:1", "progress:region")]:
            query = f"asof={DEMO_AS_OF}&look={look}&lang={lang}&slide={number}"
            page.goto(f"{progress_server}{PAGE_PATH}?{query}", wait_until="domcontentloaded")
            wait_for_app(page)
            _wait_slide(page, number, slide.key, timeout=60_000)
            _, frame = _map_frame(page)
            page.mouse.move(1600, 1050)
            if slide.extra["layout"] == "region":
                frame.wait_for_function("() => document.documentElement.hasAttribute('data-labels-placed')")
                page.wait_for_timeout(300)
            name = f"1920x1080-{look}-{lang}-{number:02d}-{slide.key.replace(':', '-')}.png"
            _stable_screenshot(page, OUT / name)
            problems += _problems(page, frame, "1920x1080", f"{look} {lang} slide {number} ({slide.key})", slide)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_moving_the_as_of_date_back_changes_the_cover_and_counts(progress_server, chromium, deck):
    first = next(i for i, s in enumerate(deck, 1) if is_progress(s))
    page = new_offline_page(chromium, viewport=SIZES["1920x1080"])
    try:
        page.goto(f"{progress_server}{PAGE_PATH}?asof=2026-08-15&slide={first + 1}", wait_until="domcontentloaded")
        wait_for_app(page)
        _wait_slide(page, first + 1, "progress:overview", timeout=60_000)
        text = page.inner_text(".dba-panel")
        assert "截至 2026年8月15日" in text and "截至 2026年6月30日" in text  # as of, and the base of the change
    finally:
        page.context.close()


def test_page_link_opens_the_department_ranking(progress_server, chromium):
    page = new_offline_page(chromium, viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{progress_server}/{quote('部门进展')}?asof={DEMO_AS_OF}", wait_until="domcontentloaded")
        wait_for_app(page, timeout=60_000)
        page.wait_for_selector("text=统计排名", timeout=60_000)
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / "departments-1440.png"), full_page=True)
        assert "示例数据" in page.inner_text("body")
    finally:
        page.context.close()
