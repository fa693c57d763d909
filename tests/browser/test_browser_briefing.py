"""The briefing in Debian's Chromium, as a room sees it: every slide at 1920×1080 in the dark look, and spot checks
(the overview and a zone slide) at 3840×2160 and in the light look.

The walk opens one page and steps through it with the keys a presenter clicker sends; each slide is screenshotted
to artifacts/briefing/ and checked: no scrollbars, no text overflowing its box in the side panel, body text ≥ 28 px
at 1920 (and twice that at 3840), Chinese text laid out, the map drawn with its labels, the map frame the very same
element (and window) on every slide, and no request leaving localhost. Sizes scale the same CSS and looks only
recolour it, so the other size and look are checked on the two slides that differ most (the overview, whose map
shows the whole province, and a zone slide, zoomed in with long names), not on all of them again.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest
from browser_support import (  # noqa: E402
    ARTIFACTS,
    external_requests,
    new_offline_page,
    wait_for_app,
)

from geo.dataset import load_measures  # noqa: E402
from geo.places.gazetteer import load_gazetteer  # noqa: E402
from geo.selection.briefing import build_slides  # noqa: E402
from geo.selection.filters import Filters  # noqa: E402
from ui.briefing_view import PANEL_WIDTH  # noqa: E402

pytestmark = pytest.mark.browser

OUT = ARTIFACTS / "briefing"
PAGE_PATH = "/" + quote("汇报模式")
SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "3840x2160": {"width": 3840, "height": 2160}}
MIN_BODY_PX = {"1920x1080": 28.0, "3840x2160": 56.0}
SETTLE_MS = {"1920x1080": 150, "3840x2160": 300}
STEP_KEYS = ("ArrowRight", "PageDown", " ")  # what clickers send for "next", used in turn

PANEL = ".st-key-briefing_panel .dba-panel"
MAP_IFRAME = ".st-key-briefing_map iframe"

_LAYOUT_JS = """() => {
  const de = document.documentElement;
  const panel = document.querySelector('.dba-panel');
  const overflow = [];
  for (const el of [panel, ...panel.querySelectorAll('*')]) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      if (el.clientHeight === 0 && el.clientWidth === 0) continue;  // inline elements have no box to overflow
      overflow.push(el.className + ': ' + el.textContent.slice(0, 40) + ' ' + el.scrollWidth + 'x' +
                    el.scrollHeight + ' > ' + el.clientWidth + 'x' + el.clientHeight);
    }
  }
  const pr = panel.getBoundingClientRect();
  const sizes = [];
  for (const el of panel.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) sizes.push(parseFloat(getComputedStyle(el).fontSize));
  }
  // the locator inset of a zoomed slide: on screen, clear of the footnote and the panel
  const loc = document.querySelector('.dba-locator'), foot = document.querySelector('.dba-foot');
  let locator = null;
  if (loc) {
    const l = loc.getBoundingClientRect(), f = foot.getBoundingClientRect();
    locator = {shown: l.width > 20 && l.height > 20 && l.bottom <= innerHeight,
               clear: (l.bottom <= f.top || l.top >= f.bottom || l.right <= f.left || l.left >= f.right) &&
                      l.right <= pr.left};
  }
  return {locator, scrollH: de.scrollHeight, scrollW: de.scrollWidth, bodyScrollH: document.body.scrollHeight,
          innerH: innerHeight, innerW: innerWidth, overflow, minFont: Math.min(...sizes),
          panelBottom: pr.bottom, panelRight: pr.right, panelText: panel.innerText};
}"""

_FRAME_JS = """() => {
  const PANEL = __PANEL__;
  const map = document.getElementById('map_div');
  const labels = [...document.querySelectorAll('.dba-label > div:not(.dba-leader)')].filter(d => {
    const r = d.getBoundingClientRect();
    return r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight &&
           getComputedStyle(d).display !== 'none';
  });
  const panelLeft = innerWidth * (1 - PANEL);
  const boxes = labels.filter(d => getComputedStyle(d).visibility !== 'hidden')
                      .map(d => [d.textContent, d.getBoundingClientRect()])
                      .filter(([, r]) => r.left < panelLeft && r.top > 0 && r.bottom < innerHeight);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1)
      overlaps.push(a + ' × ' + b);
  }
  // zone and facility names with no free spot near their point are left out; a city or SAR name never is, unless
  // its place is off the visible map (under the panel, past the screen's edge)
  const covers = [...window.parent.document.querySelectorAll('.dba-foot, .dba-locator')]
    .map(el => el.getBoundingClientRect()).filter(r => r.width > 0);
  // (a name is centred on its point: its own spot must fit the visible map, its point must not be under a cover)
  const onMap = d => { const a = d.parentNode.getBoundingClientRect(), r = d.getBoundingClientRect();
                       return a.left - r.width / 2 >= 0 && a.left + r.width / 2 <= panelLeft &&
                              a.top - r.height / 2 >= 0 && a.top + r.height / 2 <= innerHeight &&
                              !covers.some(c => a.left >= c.left && a.left <= c.right && a.top >= c.top &&
                                                a.top <= c.bottom); };
  // (a province's name is context: left out when the edge would cut it)
  const hidden = labels.filter(d => getComputedStyle(d).visibility === 'hidden' && !d.matches('.zone, .fac, .ctx') &&
                                    onMap(d)).map(d => d.textContent);
  return {slideKey: map && map.getAttribute('data-slide-key'), marker: window.__dbaMarker || null, overlaps, hidden,
          paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
          labels: labels.map(d => d.textContent), labelPx: labels.length ?
            parseFloat(getComputedStyle(labels[0]).fontSize) : 0,
          w: innerWidth, h: innerHeight};
}"""


def _map_frame(page):
    handle = page.wait_for_selector(MAP_IFRAME, state="attached", timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    return handle, frame


def _wait_slide(page, number: int, key: str, timeout: float = 20_000, settle_ms: int = 200) -> None:
    """Wait until the panel shows slide `number` and the map frame has zoomed to it (polled from the page, so a
    frame that is replaced meanwhile — a new look, a page switch — is followed, not waited on forever)."""
    page.wait_for_selector(f'{PANEL}[data-slide="{number}"]', timeout=timeout)
    page.wait_for_function(
        """([sel, key]) => { const f = document.querySelector(sel); const d = f && f.contentDocument;
             const m = d && d.getElementById('map_div'); return !!m && m.getAttribute('data-slide-key') === key; }""",
        arg=[MAP_IFRAME, key],
        timeout=timeout,
    )
    # Let both documents paint the new slide (two animation frames each); at 4K software rasterising takes a while.
    two_frames = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
    page.evaluate(f"""() => new Promise(r => {{ const w = document.querySelector({MAP_IFRAME!r}).contentWindow;
        w.requestAnimationFrame(() => w.requestAnimationFrame(() => r(true))); }})""")
    page.evaluate(two_frames)
    wait_for_app(page)
    page.wait_for_timeout(settle_ms)


def _open_slide(page, app_server: str, query: str, number: int, key: str) -> None:
    """Open the briefing with this query string and wait until slide `number` (its `key`) is on screen."""
    page.goto(f"{app_server}{PAGE_PATH}?{query}", wait_until="domcontentloaded")
    wait_for_app(page)
    _wait_slide(page, number, key, timeout=40_000)


def _stable_screenshot(page, path: Path, tries: int = 8) -> None:
    """Screenshot once the picture stops changing: headless Chromium rasterises a 4K map in several passes
    (software rendering), and an early capture shows half-painted polygons the room would never see."""
    previous = None
    for _ in range(tries):
        probe = page.screenshot(type="jpeg", quality=30)  # cheap to encode; only compared
        if probe == previous:
            break
        previous = probe
        page.wait_for_timeout(200)
    page.screenshot(path=str(path))


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (its launch flags give 4K screenshots enough tile memory: tests/browser_support.py)."""
    return chromium


@pytest.fixture(scope="module")
def deck():
    return build_slides(load_measures(), load_gazetteer(), Filters())


def layout_problems(layout: dict, size: str, where: str, slide) -> list[str]:
    """What _LAYOUT_JS found wrong on any slide: page scrollbars, overflowing text, small text, a missing title."""
    problems: list[str] = []
    if layout["scrollH"] > layout["innerH"] or layout["scrollW"] > layout["innerW"]:
        problems.append(f"{where}: page scrolls {layout['scrollW']}x{layout['scrollH']}")
    if layout["overflow"]:
        problems.append(f"{where}: text overflows {layout['overflow']}")
    if layout["minFont"] < MIN_BODY_PX[size]:
        problems.append(f"{where}: panel text {layout['minFont']} px < {MIN_BODY_PX[size]}")
    if slide.title not in layout["panelText"]:
        problems.append(f"{where}: title {slide.title!r} not shown")
    return problems


def _slide_problems(page, frame, size: str, where: str, slide) -> list[str]:
    """What a room would notice on the slide now shown (empty: it fits, reads and has its map)."""
    layout = page.evaluate(_LAYOUT_JS)
    fr = frame.evaluate(_FRAME_JS.replace("__PANEL__", str(PANEL_WIDTH)))
    problems = layout_problems(layout, size, where, slide)
    whole = build_slides(load_measures(), load_gazetteer(), Filters())[0].bounds
    zoomed = slide.kind != "overview" and (slide.bounds[2] - slide.bounds[0]) < 0.6 * (whole[2] - whole[0])
    if zoomed and not (layout["locator"] and layout["locator"]["shown"] and layout["locator"]["clear"]):
        problems.append(f"{where}: locator inset missing or covered: {layout['locator']}")
    if fr["w"] != SIZES[size]["width"] or fr["h"] != SIZES[size]["height"]:
        problems.append(f"{where}: map frame is {fr['w']}x{fr['h']}, not the viewport")
    if fr["paths"] < 23:
        problems.append(f"{where}: map not drawn ({fr['paths']} paths)")
    if fr["hidden"]:
        problems.append(f"{where}: map labels hidden: {fr['hidden']}")
    if fr["overlaps"]:
        problems.append(f"{where}: map labels overlap: {fr['overlaps']}")
    if len(fr["labels"]) < 3:
        problems.append(f"{where}: only {fr['labels']} labels visible")
    return problems


def _shot_name(size: str, look: str, number: int, slide) -> str:
    return f"{size}-{look}-{number:02d}-{slide.key.replace(':', '-')}.png"


def test_every_slide_fits_reads_and_keeps_its_map(app_server, browser, deck):
    size, look = "1920x1080", "dark"
    OUT.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    page = new_offline_page(browser, requests, viewport=SIZES[size])
    try:
        page.goto(f"{app_server}{PAGE_PATH}?look={look}", wait_until="domcontentloaded")
        wait_for_app(page)
        handle, frame = _map_frame(page)
        _wait_slide(page, 1, deck[0].key, timeout=40_000)
        # Markers on the iframe element and on its window: both must survive every slide change.
        handle.evaluate("el => { el.__dbaMarker = 'same-element'; }")
        frame.evaluate("() => { window.__dbaMarker = 'same-window'; }")
        # pointer over the panel: the controls fade out and no map tooltip covers the screenshot
        page.mouse.move(SIZES[size]["width"] * 0.8, SIZES[size]["height"] * 0.9)
        problems: list[str] = []
        for i, slide in enumerate(deck, 1):
            if i > 1:
                page.keyboard.press(STEP_KEYS[(i - 2) % len(STEP_KEYS)])
                _wait_slide(page, i, slide.key, settle_ms=SETTLE_MS[size])
            _stable_screenshot(page, OUT / _shot_name(size, look, i, slide))
            where = f"{size} {look} slide {i} ({slide.key})"
            problems += _slide_problems(page, frame, size, where, slide)
            if frame.evaluate("() => window.__dbaMarker") != "same-window" or (
                handle.evaluate("el => el.__dbaMarker") != "same-element"
            ):
                problems.append(f"{where}: the map frame was reloaded")
        assert page.query_selector(MAP_IFRAME) == handle or handle.evaluate("el => el.isConnected")
        assert not problems, "\n".join(problems)
        # And back: ← and PageUp step backwards.
        page.keyboard.press("ArrowLeft")
        _wait_slide(page, len(deck) - 1, deck[-2].key)
        page.keyboard.press("PageUp")
        _wait_slide(page, len(deck) - 2, deck[-3].key)
        assert f"slide={len(deck) - 2}" in page.url
        assert not external_requests(requests), external_requests(requests)
    finally:
        page.context.close()


@pytest.mark.parametrize(("size", "look"), [("3840x2160", "dark"), ("1920x1080", "light")])
def test_overview_and_a_zone_slide_at_4k_and_in_the_light_look(app_server, browser, deck, size, look):
    gaz = load_gazetteer()
    zone = next(i for i, s in enumerate(deck, 1) if s.kind == "place" and s.places and gaz[s.places[0]].kind == "zone")
    OUT.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    page = new_offline_page(browser, requests, viewport=SIZES[size])
    try:
        problems: list[str] = []
        for number in (1, zone):
            slide = deck[number - 1]
            _open_slide(page, app_server, f"look={look}&slide={number}", number, slide.key)
            page.mouse.move(SIZES[size]["width"] * 0.8, SIZES[size]["height"] * 0.9)
            page.wait_for_timeout(SETTLE_MS[size])
            _stable_screenshot(page, OUT / _shot_name(size, look, number, slide))
            _, frame = _map_frame(page)
            problems += _slide_problems(page, frame, size, f"{size} {look} slide {number} ({slide.key})", slide)
        assert not problems, "\n".join(problems)
        assert not external_requests(requests), external_requests(requests)
    finally:
        page.context.close()


def test_keys_work_after_clicking_into_the_map_and_url_jumps(app_server, browser, deck):
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        _open_slide(page, app_server, "slide=3", 3, deck[2].key)
        page.mouse.click(500, 600)  # into the map iframe: keyboard focus is now inside the frame
        page.keyboard.press("ArrowRight")
        _wait_slide(page, 4, deck[3].key)
        page.keyboard.press("ArrowLeft")
        _wait_slide(page, 3, deck[2].key)
        assert "slide=3" in page.url
        # A clicker's PageDown shows the next slide (panel and map updated), in the same frame. How fast is a
        # benchmark's question, not a test's.
        for i in range(4, 10):
            page.keyboard.press("PageDown")
            _wait_slide(page, i, deck[i - 1].key, settle_ms=0)
        # Clicking "next" leaves the button focused; a space then must advance once, not twice.
        page.click(".st-key-briefing_next button")
        _wait_slide(page, 10, deck[9].key, settle_ms=0)
        page.keyboard.press(" ")
        _wait_slide(page, 11, deck[10].key, settle_ms=300)
        page.wait_for_timeout(700)
        assert "slide=11" in page.url
    finally:
        page.context.close()


def test_auto_advance_moves_on_by_itself(app_server, browser, deck):
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        start = time.monotonic()
        _open_slide(page, app_server, "auto=3", 1, deck[0].key)
        _wait_slide(page, 2, deck[1].key, timeout=15_000)
        _wait_slide(page, 3, deck[2].key, timeout=15_000)
        assert time.monotonic() - start >= 6  # two intervals of 3 s, not an immediate jump
    finally:
        page.context.close()


def test_briefing_from_the_map_filters_shows_only_shenzhen(app_server, browser):
    measures, gaz = load_measures(), load_gazetteer()
    sz = build_slides(measures, gaz, Filters(regions=("shenzhen",)))
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        # On the map page filtered to 深圳, the sidebar link starts the briefing with that filter.
        page.goto(f"{app_server}/?region=shenzhen", wait_until="domcontentloaded")
        wait_for_app(page)
        page.get_by_role("link", name="以当前筛选开始汇报").click()
        page.wait_for_selector(PANEL, timeout=40_000)
        wait_for_app(page)
        _wait_slide(page, 1, sz[0].key, timeout=40_000)
        text = page.inner_text(PANEL)
        assert f"1 / {len(sz)}" in text and "深圳市" in text
        assert "region=shenzhen" in page.url
        _open_slide(page, app_server, "region=shenzhen&look=light", 1, sz[0].key)
        OUT.mkdir(parents=True, exist_ok=True)
        page.mouse.move(1600, 1000)
        page.screenshot(path=str(OUT / "shenzhen-light-01-overview.png"))
        _open_slide(page, app_server, f"region=shenzhen&look=light&slide={len(sz)}", len(sz), sz[-1].key)
        page.screenshot(path=str(OUT / f"shenzhen-light-{len(sz):02d}-{sz[-1].key.replace(':', '-')}.png"))
    finally:
        page.context.close()


def test_look_switch_recolours_panel_and_map(app_server, browser, deck):
    from ui.briefing_theme import PALETTES

    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        _open_slide(page, app_server, "slide=2", 2, deck[1].key)
        page.click(".st-key-briefing_look button")
        page.wait_for_function("() => location.search.includes('look=light')")
        light = PALETTES["light"]
        rgb = lambda h: f"rgb({int(h[1:3], 16)}, {int(h[3:5], 16)}, {int(h[5:7], 16)})"  # noqa: E731
        # A new look is a new map frame (its CSS differs); wait for it from the page, the old frame goes away.
        page.wait_for_function(
            """([sel, bg, key]) => { const f = document.querySelector(sel); const d = f && f.contentDocument;
                 const c = d && d.querySelector('.leaflet-container'); const m = d && d.getElementById('map_div');
                 return c && getComputedStyle(c).backgroundColor === bg && m.getAttribute('data-slide-key') === key; }""",
            arg=[MAP_IFRAME, rgb(light.map_bg), deck[1].key],
            timeout=40_000,
        )
        wait_for_app(page)
        panel_bg = page.eval_on_selector(".dba-panel", "el => getComputedStyle(el).backgroundColor")
        assert panel_bg == rgb(light.panel)
        assert "slide=2" in page.url
    finally:
        page.context.close()


# Every visible map label and facility icon, as boxes in the map frame: labels must not intersect each other nor an
# icon, and a label moved off its point must stay nearer its own point than any other place's label point (so
# 前海（示意） cannot end up by 香港).
_COLLISION_JS = """(panel) => {
  const visible = r => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.top < innerHeight &&
                       r.left < innerWidth * (1 - panel);
  const labels = [...document.querySelectorAll('.dba-label > div:not(.dba-leader)')]
    .filter(d => getComputedStyle(d).display !== 'none' && getComputedStyle(d).visibility !== 'hidden')
    .map(d => ({name: d.textContent, r: d.getBoundingClientRect(), icon: d.parentNode.getBoundingClientRect()}))
    .filter(x => visible(x.r));
  const icons = [...document.querySelectorAll('.leaflet-dba_points-pane path')]
    .map(p => ({name: 'icon', r: p.getBoundingClientRect()})).filter(x => visible(x.r));
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 &&
                        b.top < a.bottom - 0.5;
  const problems = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++)
      if (hit(labels[i].r, labels[j].r)) problems.push(labels[i].name + ' × ' + labels[j].name);
    for (const ic of icons) if (hit(labels[i].r, ic.r)) problems.push(labels[i].name + ' × facility icon');
  }
  // Nearest anchor: the centre of a label box vs every label's own anchor (its 0×0 marker icon).
  for (const a of labels) {
    const cx = (a.r.left + a.r.right) / 2, cy = (a.r.top + a.r.bottom) / 2;
    const d = b => Math.hypot(cx - b.icon.left, cy - b.icon.top);
    const mine = d(a);
    // points a few px apart (横琴 by 澳门 on the whole-province view) are one spot at this scale: a margin
    const closer = labels.filter(b => b !== a && d(b) + Math.max(6, 0.15 * mine) < mine && b.r.width > 0);
    if (mine > 12 && closer.length) problems.push(a.name + ' sits nearer ' + closer[0].name + "'s place");
  }
  // Nothing the page draws over the map (footnote, locator inset) hides a label, and no label is cut by the side
  // panel or the screen's edge (a sliver of a name, "源" of 河源, reads as nothing).
  const covers = [...window.parent.document.querySelectorAll('.dba-foot, .dba-locator')]
    .map(el => ({name: el.className, r: el.getBoundingClientRect()})).filter(x => x.r.width > 0);
  for (const a of labels) {
    for (const c of covers) if (hit(a.r, c.r)) problems.push(a.name + ' under ' + c.name);
    const edge = innerWidth * (1 - panel);
    if (a.r.left < -0.5 || a.r.top < -0.5 || a.r.bottom > innerHeight + 0.5 || a.r.right > edge + 0.5)
      problems.push(a.name + ' cut at the edge');
  }
  return {problems, count: labels.length};
}"""

# The locator inset and the footnote on the page: both on screen, apart, and left of the side panel.
_BOTTOM_JS = """() => {
  const p = document.querySelector('.dba-panel').getBoundingClientRect();
  const f = document.querySelector('.dba-foot'), l = document.querySelector('.dba-locator');
  if (!f) return [];
  const fr = f.getBoundingClientRect(), out = [];
  if (fr.bottom > innerHeight + 0.5 || fr.right > p.left + 0.5) out.push('footnote off the map area');
  if (l) {
    const lr = l.getBoundingClientRect();
    if (!(lr.bottom <= fr.top || lr.top >= fr.bottom || lr.right <= fr.left || lr.left >= fr.right))
      out.push('locator over the footnote');
    if (lr.right > p.left + 0.5 || lr.top < 0) out.push('locator off the map area');
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_map_label_collides_on_any_slide(app_server, browser, lang):
    """Issue 13: on every slide at 1920×1080, in Chinese and English, no two visible labels overlap, no label sits on a
    facility icon, and no moved label sits nearer another place than its own; no label hides under the footnote or
    the locator or is cut at the panel's edge. And the slide itself fits in each language (English theme and
    department names are longer): no text overflows, the locator stays clear of the footnote."""
    measures, gaz = load_measures(), load_gazetteer()
    slides = build_slides(measures, gaz, Filters(), lang)
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    problems: list[str] = []
    try:
        _open_slide(page, app_server, f"lang={lang}", 1, slides[0].key)
        _, frame = _map_frame(page)
        page.mouse.move(1700, 1000)
        OUT.mkdir(parents=True, exist_ok=True)
        for i, slide in enumerate(slides, 1):
            if i > 1:
                page.keyboard.press("ArrowRight")
                # (the labels are placed again 0.4 s after the slide's fit, around the new footnote: frame.js)
                _wait_slide(page, i, slide.key, settle_ms=550)
            frame.wait_for_function("() => document.documentElement.hasAttribute('data-labels-placed')")
            got = frame.evaluate(_COLLISION_JS, PANEL_WIDTH)
            where = f"{lang} slide {i} ({slide.key})"
            layout = layout_problems(page.evaluate(_LAYOUT_JS), "1920x1080", where, slide)
            bottom = page.evaluate(_BOTTOM_JS)
            if got["problems"] or layout or bottom:
                problems += [f"{where}: {got['problems']}"] * bool(got["problems"]) + layout + bottom
                page.screenshot(path=str(OUT / f"labels-{lang}-{i:02d}-{slide.key.replace(':', '-')}.png"))
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_clicker_presses_are_never_lost_and_home_end_jump(app_server, browser, deck):
    """Issue 15: five PageDown presses 0.15 s apart move five slides; Home and End go to the first and last slide."""
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        _open_slide(page, app_server, "slide=1", 1, deck[0].key)
        for _ in range(5):
            page.keyboard.press("PageDown")
            page.wait_for_timeout(150)
        _wait_slide(page, 6, deck[5].key, timeout=20_000)
        page.wait_for_timeout(1500)  # and it stays there: no late press, no bounce back
        assert 'data-slide="6"' in page.inner_html(".st-key-briefing_panel") and "slide=6" in page.url
        page.keyboard.press("End")
        _wait_slide(page, len(deck), deck[-1].key)
        page.keyboard.press("Home")
        _wait_slide(page, 1, deck[0].key)
        assert "slide=1" in page.url
    finally:
        page.context.close()


def test_a_chosen_deck_is_presented_in_its_order(app_server, browser):
    """Issue 16: a deck from the URL (chosen in the deck picker) steps through the chosen slides in that order."""
    keys = ["city:shenzhen", "overview", "city:guangzhou"]
    page = new_offline_page(browser, viewport=SIZES["1920x1080"])
    try:
        _open_slide(page, app_server, "&".join(f"deck={quote(k)}" for k in keys), 1, keys[0])
        assert "1 / 3" in page.inner_text(PANEL)
        # The controls are in the look's colours (dark): no pale Streamlit field box over the dark map.
        pale = page.evaluate("""() => [...document.querySelectorAll('.st-key-briefing_controls *')]
            .filter(e => e.getBoundingClientRect().width > 40)
            .map(e => [e.getAttribute('data-testid') || e.tagName, getComputedStyle(e).backgroundColor])
            .filter(([, c]) => { const m = c.match(/\\d+(\\.\\d+)?/g).map(Number);
                                 return (m.length < 4 || m[3] > 0.5) && m[0] + m[1] + m[2] > 3 * 200; })""")
        assert not pale, pale
        page.keyboard.press("PageDown")
        _wait_slide(page, 2, keys[1])
        page.keyboard.press("End")
        _wait_slide(page, 3, keys[2])
        assert "deck=city" in page.url
    finally:
        page.context.close()


_CONTROLS_JS = (
    """() => document.querySelector('.st-key-briefing_controls').getBoundingClientRect().height / innerHeight"""
)
_SCALE_JS = """() => ({far: document.documentElement.classList.contains('dba-far'),
  labelPx: parseFloat(getComputedStyle(document.querySelector('.dba-label > div.city')).fontSize),
  dots: [...document.querySelectorAll('.leaflet-dba_points-pane path')]
          .filter(p => p.getBoundingClientRect().width > 0).length})"""


def test_a_slide_looks_the_same_at_1080p_1440p_and_4k(app_server, browser):
    """A 4K wall fits a slide one zoom level closer than a 1080p projector (twice the pixels): it must still show the
    same slide, scaled: facility dots off where 1080p has them off (on a dense bay-area view they would push the city
    names around: "Shenzhen" onto Hong Kong), labels and controls scaled with the screen, and no label collision in
    English."""
    slides = build_slides(load_measures(), load_gazetteer(), Filters(), "en")
    numbers = [i for i, s in enumerate(slides, 1) if s.key in ("theme:要素通", "theme:基座通", "city:guangzhou")]
    seen: dict[str, dict] = {}
    problems: list[str] = []
    for size in ("1920x1080", "2560x1440", "3840x2160"):
        w, h = (int(v) for v in size.split("x"))
        page = new_offline_page(browser, viewport={"width": w, "height": h})
        try:
            for n in numbers:
                slide = slides[n - 1]
                _open_slide(page, app_server, f"lang=en&slide={n}", n, slide.key)
                page.wait_for_timeout(600)  # the second placement, around the footnote (frame.js)
                _, frame = _map_frame(page)
                got = frame.evaluate(_SCALE_JS)
                where = f"{size} slide {n} ({slide.key})"
                if got["labelPx"] < 22 * w / 1920 - 0.5:
                    problems.append(f"{where}: map labels {got['labelPx']} px, not scaled with the screen")
                got["controls"] = page.evaluate(_CONTROLS_JS)
                first = seen.setdefault(slide.key, got)
                if not 0.8 < got["controls"] / first["controls"] < 1.25:
                    problems.append(f"{where}: the controls take {got['controls']:.3f} of the height, not as at 1080p")
                if got["far"] != first["far"]:
                    problems.append(f"{where}: facility dots {'off' if got['far'] else 'on'}, unlike at 1920x1080")
                collisions = frame.evaluate(_COLLISION_JS, PANEL_WIDTH)["problems"]
                if collisions:
                    problems.append(f"{where}: {collisions}")
                    page.screenshot(path=str(OUT / f"scale-{size}-{n:02d}.png"))
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)
