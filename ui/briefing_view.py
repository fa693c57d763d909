"""What the briefing page draws: its CSS, the side panel, the key/auto-advance script and the slide's map layer.

No Streamlit import: the page (pages/2_汇报模式.py) passes these strings and layers to st.html / st_folium,
and tests can check them directly. Every piece of data text is escaped before it reaches HTML.

Sizes use one unit, --u = min(1vw, 1.7778vh): 1 % of the width of the largest 16:9 box that fits the screen.
Body text is 1.5u = 28.8 px at 1920×1080 and 57.6 px at 3840×2160, so the slide looks the same on a projector and
on a 4K wall, and it still fits on a 4:3 or 21:9 screen (everything is sized against that 16:9 box).
"""

from __future__ import annotations

import html
import json

import folium
from branca.element import MacroElement
from folium.features import DivIcon
from jinja2 import Template

from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.render.web.mapview import COLOURS
from geo.selection.briefing import Slide
from geo.selection.classes import ZERO_COLOUR, Classes
from ui.briefing_theme import css_variables, palette

PANEL_WIDTH = 0.38  # of the viewport width; the map keeps the rest (fitBounds pads by the same fraction)
UNIT = "min(1vw, 1.7778vh)"
MAP_KEY = "briefing_map"
NEXT_KEY, PREV_KEY = "briefing_next", "briefing_prev"
KICKER_LIMIT = 60  # characters of the filter description above the overview title (it can list many values)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- page CSS


def page_css(look: str) -> str:
    """Hide Streamlit's chrome, pin the map frame to the viewport, lay out the panel, controls and footnote."""
    return f"""<style>
:root {{ {css_variables(look)} --u: {UNIT}; }}
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  overflow: hidden !important; background: var(--dba-map-bg) !important; }}
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stStatusWidget"], footer {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: 0 !important; max-width: none !important; }}
[data-testid="stMain"] {{ height: 100vh; }}
.st-key-{MAP_KEY} {{ position: fixed !important; inset: 0; z-index: 0; }}
.st-key-{MAP_KEY} iframe {{ position: fixed; inset: 0; width: 100vw !important; height: 100vh !important;
  border: 0; display: block; }}
.st-key-briefing_panel {{ position: fixed !important; top: 0; right: 0; bottom: 0; width: {PANEL_WIDTH * 100:g}vw;
  z-index: 10; gap: 0 !important; }}
.st-key-briefing_foot {{ position: fixed !important; left: 0; bottom: 0; width: {(1 - PANEL_WIDTH) * 100:g}vw;
  z-index: 10; gap: 0 !important; }}
.dba-panel {{ box-sizing: border-box; height: 100vh; width: 100%; overflow: hidden;
  padding: calc(1.4 * var(--u)) calc(1.4 * var(--u));
  background: var(--dba-panel); color: var(--dba-text); border-left: calc(0.25 * var(--u)) solid var(--dba-accent);
  font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: calc(1.5 * var(--u));
  display: flex; flex-direction: column; gap: calc(0.8 * var(--u)); }}
/* line-height ≥ 1.45: Noto CJK's glyph box is 1.45 em tall, a tighter line would overflow its own box. */
.dba-panel * {{ box-sizing: border-box; margin: 0; padding: 0; font-size: inherit; line-height: 1.5; }}
.dba-kicker {{ display: flex; justify-content: space-between; gap: var(--u); color: var(--dba-muted); }}
.dba-kicker .dba-pos {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
.dba-head {{ display: flex; align-items: baseline; justify-content: space-between; gap: var(--u); }}
.dba-title {{ font-size: calc(2.6 * var(--u)); font-weight: 700; color: var(--dba-text); min-width: 0;
  overflow-wrap: anywhere; }}
.dba-subtitle {{ color: var(--dba-muted); }}
.dba-headline {{ display: flex; align-items: baseline; gap: calc(0.4 * var(--u)); white-space: nowrap; }}
.dba-number {{ font-size: calc(3.6 * var(--u)); font-weight: 800; color: var(--dba-accent);
  font-variant-numeric: tabular-nums; }}
.dba-block-title {{ color: var(--dba-muted); font-weight: 700; border-bottom: 2px solid var(--dba-rule);
  margin-bottom: calc(0.3 * var(--u)); }}
.dba-top {{ list-style: none; display: flex; flex-direction: column; gap: calc(0.3 * var(--u)); }}
.dba-top li {{ display: grid; grid-template-columns: calc(2.2 * var(--u)) 1fr; }}
.dba-top .dba-id {{ color: var(--dba-accent); font-weight: 700; font-variant-numeric: tabular-nums; }}
.dba-depts {{ list-style: none; display: flex; flex-wrap: wrap; column-gap: calc(1.2 * var(--u)); }}
.dba-depts b, .dba-breakdown b {{ color: var(--dba-accent); font-variant-numeric: tabular-nums; }}
.dba-breakdown {{ list-style: none; display: flex; flex-direction: column; }}
.dba-breakdown li {{ display: grid; grid-template-columns: 5.2em 1fr 2.2em; align-items: center;
  gap: calc(0.6 * var(--u)); }}
.dba-breakdown .dba-bar {{ height: calc(0.7 * var(--u)); background: var(--dba-accent); min-width: 2px; }}
.dba-breakdown b {{ text-align: right; }}
.dba-note {{ color: var(--dba-muted); }}
.dba-foot {{ box-sizing: border-box; margin: 0 0 calc(0.6 * var(--u)) calc(0.8 * var(--u));
  padding: calc(0.3 * var(--u)) calc(0.6 * var(--u)); background: var(--dba-panel); color: var(--dba-muted);
  font-family: "Noto Sans CJK SC", sans-serif; font-size: calc(1.05 * var(--u)); line-height: 1.35;
  display: inline-flex; flex-wrap: wrap; align-items: center; gap: calc(0.3 * var(--u)) calc(0.8 * var(--u));
  max-width: calc(100% - 1.6 * var(--u)); border-radius: calc(0.3 * var(--u)); }}
.dba-foot .dba-sw {{ display: inline-block; width: 1.1em; height: 0.8em; border: 1px solid var(--dba-border);
  vertical-align: -0.05em; margin-right: 0.25em; }}
.st-key-briefing_controls {{ position: fixed !important; left: calc(0.8 * var(--u)); top: calc(0.8 * var(--u));
  z-index: 20; width: auto !important; background: var(--dba-panel); color: var(--dba-text);
  border-radius: calc(0.3 * var(--u)); padding: 4px 8px; opacity: 0.12; transition: opacity 0.2s;
  align-items: center; flex-wrap: nowrap !important; }}
/* Faint while presenting (the room looks at the slide); hover or keyboard focus brings the controls back. */
.st-key-briefing_controls:hover, .st-key-briefing_controls:focus-within {{ opacity: 1; }}
.st-key-briefing_controls p, .st-key-briefing_controls label, .st-key-briefing_controls a span {{
  color: var(--dba-text) !important; white-space: nowrap; }}
.st-key-briefing_controls [data-testid="stElementContainer"] {{ width: auto !important; }}
.st-key-briefing_controls button, .st-key-briefing_controls input,
.st-key-briefing_controls [data-baseweb="input"], .st-key-briefing_controls [data-baseweb="input"] > div {{
  background: var(--dba-panel) !important; color: var(--dba-text) !important;
  border-color: var(--dba-muted) !important; }}
.st-key-briefing_controls button:disabled {{ opacity: 0.45; }}
.st-key-briefing_keys {{ position: fixed !important; width: 0; height: 0; overflow: hidden; }}
@media (min-width: 2600px) {{ .st-key-briefing_controls {{ zoom: 2; }} }}
</style>"""


# ---------------------------------------------------------------------------------------------- map frame CSS


def frame_css(look: str) -> str:
    """Styles inside the map iframe: fill the frame, big always-on labels, the look's colours over the base map.

    The base map (geo.mapview) is drawn for the screen map in light colours; the briefing recolours it with CSS
    (SVG presentation attributes yield to CSS rules) instead of building a second base map.
    """
    p = palette(look)
    dark = look == "dark"
    halo = p.halo
    rules = [
        f":root {{ {css_variables(look)} --u: {UNIT}; }}",
        "html, body { margin: 0; padding: 0; overflow: hidden; }",
        "#map_div { width: 100vw !important; height: 100vh !important; }",
        f".leaflet-container {{ background: {p.map_bg} !important; }}",
        # Presenter view: no zoom buttons, legend box or attribution; the footnote on the page carries the key.
        ".leaflet-control-container { display: none !important; }",
        # City and zone labels always on (the screen map hides zone labels below zoom 9), sized for the room.
        ".dba-minor { display: block !important; }",
        # max-content: inside Leaflet's 0×0 icon box a label div is 0 px wide, so translate(-50%) would not centre
        # it on its point and its box could not be measured for the collision check.
        ".dba-label > div { width: max-content; }",
        f".dba-label div {{ font-size: calc(1.15 * var(--u)) !important; font-weight: 700; color: {p.label} !important;"
        f" text-shadow: 0 0 4px {halo}, 0 0 3px {halo}, 0 0 2px {halo}, 0 0 1px {halo} !important; }}",
        f".dba-label .zone {{ font-size: calc(0.95 * var(--u)) !important; font-style: normal !important;"
        f" color: {'#e4d7ff' if dark else '#3d2366'} !important; }}",
        f".dba-label .ctx {{ font-size: calc(1.0 * var(--u)) !important; font-weight: 400;"
        f" color: {'#8d9bb0' if dark else '#5b6472'} !important; }}",
        # A facility's name sits just below its ring marker, not on it.
        f".dba-label .fac {{ font-size: calc(1.0 * var(--u)) !important; color: {p.label} !important;"
        f" transform: translate(-50%, 14px); }}",  # the ring (radius 9 + stroke) ends 11 px below
        ".leaflet-tooltip { font-size: calc(1.0 * var(--u)); }",
        f".dba-label div.dba-leader {{ position: absolute; left: 0; top: 0; height: 2px; background: {p.label};"
        f" box-shadow: 0 0 2px {halo}; transform-origin: 0 50%; font-size: 0 !important; }}",
    ]
    if dark:
        rules += [
            # context provinces (non-interactive) and areas no selected measure concerns (the zero class)
            ".leaflet-overlay-pane path:not(.leaflet-interactive) { fill: #141e2e !important;"
            " stroke: #2a3850 !important; }",
            f".leaflet-overlay-pane path.leaflet-interactive {{ stroke: {p.border} !important; }}",
            f'.leaflet-overlay-pane path[fill="{ZERO_COLOUR}"] {{ fill: {p.land} !important;'
            f" fill-opacity: 1 !important; }}",
            f'.leaflet-overlay-pane path[stroke="{COLOURS["selected"]}"] {{ stroke: {p.text} !important; }}',
            ".leaflet-dba_zones-pane path { stroke: #c4a8ff !important; }",
            '.leaflet-dba_zones-pane path:not([fill="none"]) { fill: #c4a8ff !important; }',
            ".leaflet-dba_points-pane path { stroke: #9cc9ff !important; fill: #0b1220 !important; }",
        ]
    # Highlighted places (the slide's cities, zones, facilities) in the look's accent, after the rules above.
    rules.append(
        f'.leaflet-container path[stroke="{COLOURS["highlight"]}"] {{ stroke: {p.outline} !important;'
        f" stroke-width: calc(0.25 * var(--u)) !important;"
        # a halo in the look's panel colour: the outline must read on pale and on dark-red shading alike
        f" filter: drop-shadow(0 0 2px {p.panel}) drop-shadow(0 0 1px {p.panel}); }}"
    )
    return "<style>\n" + "\n".join(rules) + "\n</style>"


# ---------------------------------------------------------------------------------------------- side panel


def panel_html(slide: Slide, number: int, total: int, lang: str) -> str:
    """The side panel of one slide (all text escaped)."""
    parts = [
        f'<aside class="dba-panel" data-slide-key="{esc(slide.key)}" data-slide="{number}">',
        f'<div class="dba-kicker"><span>{esc(_clip(slide.kicker, KICKER_LIMIT))}</span>'
        f'<span class="dba-pos">{number} / {total}</span></div>',
        f'<div class="dba-head"><div class="dba-title">{esc(slide.title)}</div>'
        f'<div class="dba-headline"><span class="dba-number">{slide.headline}</span>'
        f'<span class="dba-unit">{esc(slide.headline_label)}</span></div></div>',
    ]
    if slide.subtitle:
        parts.append(f'<div class="dba-subtitle">{esc(slide.subtitle)}</div>')
    if slide.breakdown:
        top = max(n for _, n in slide.breakdown) or 1
        rows = "".join(
            f'<li><span>{esc(name)}</span><span class="dba-bar" style="width:{100 * n / top:.0f}%"></span>'
            f"<b>{n}</b></li>"
            for name, n in slide.breakdown
        )
        parts.append(
            f'<div><div class="dba-block-title">{esc(t("briefing_by_theme", lang))}</div>'
            f'<ul class="dba-breakdown">{rows}</ul></div>'
        )
    if slide.top:
        rows = "".join(
            f'<li><span class="dba-id">{m.id}</span><span class="dba-text">{esc(m.text)}</span></li>' for m in slide.top
        )
        parts.append(
            f'<div><div class="dba-block-title">{esc(t("briefing_key_measures", lang))}</div>'
            f'<ol class="dba-top">{rows}</ol></div>'
        )
    if slide.departments:
        rows = "".join(f"<li><span>{esc(name)}</span>&nbsp;<b>{n}</b></li>" for name, n in slide.departments)
        parts.append(
            f'<div><div class="dba-block-title">{esc(t("filter_department", lang))}</div>'
            f'<ul class="dba-depts">{rows}</ul></div>'
        )
    if slide.note:
        parts.append(f'<div class="dba-note">{esc(slide.note)}</div>')
    parts.append("</aside>")
    return "".join(parts)


def footnote_html(classes: Classes, lang: str) -> str:
    """One line under the map: the colour key of the shading, the schematic-outline note and the source."""
    swatches = "".join(
        f'<span><span class="dba-sw" style="background:{esc(colour)}"></span>{esc(label)}</span>'
        for label, colour in classes.legend()
    )
    return (
        f'<div class="dba-foot"><span>{esc(t("map_legend_title", lang))}</span>{swatches}'
        f"<span>{esc(t('schematic_note', lang))}</span><span>{esc(t('source_line', lang))}</span></div>"
    )


# ---------------------------------------------------------------------------------------------- keys

_KEYS_JS = """
<div id="dba-keys" data-slide="__SLIDE__" data-total="__TOTAL__" data-auto="__AUTO__"></div>
<script>
(function () {
  var NEXT = ["ArrowRight", "PageDown", " ", "Spacebar"], PREV = ["ArrowLeft", "PageUp"];
  function click(key) {
    var b = document.querySelector(".st-key-" + key + " button");
    if (b && !b.disabled) { b.click(); b.blur(); return true; }
    return false;
  }
  function typing(el) {
    if (!el) return false;
    var tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    var dir = NEXT.indexOf(e.key) >= 0 ? "__NEXT_KEY__" : (PREV.indexOf(e.key) >= 0 ? "__PREV_KEY__" : null);
    if (!dir) return;
    // Before Leaflet (arrow keys pan the map) and before the browser (space/PageDown scroll, space on a button).
    e.preventDefault(); e.stopPropagation();
    if (e.type === "keydown" && !e.repeat) click(dir);
  }
  function hook(win) {
    try {
      if (!win || win.__dbaKeys) return;
      win.__dbaKeys = true;
      win.addEventListener("keydown", onKey, true);
      win.addEventListener("keyup", function (e) { if (e.key === " " && !typing(e.target)) e.preventDefault(); }, true);
    } catch (err) { /* a cross-origin frame: none in this app */ }
  }
  hook(window);
  // The map lives in an iframe: a clicker's key must work after someone clicked the map, so hook every frame,
  // including frames created after this script ran.
  function hookFrames() {
    document.querySelectorAll("iframe").forEach(function (f) { try { hook(f.contentWindow); } catch (e) {} });
  }
  hookFrames();
  if (!window.__dbaFrameTimer) window.__dbaFrameTimer = setInterval(hookFrames, 500);
  // Auto-advance: restarted on every slide change (this script reruns whenever the slide or setting changes).
  if (window.__dbaAuto) { clearTimeout(window.__dbaAuto); window.__dbaAuto = null; }
  var auto = __AUTO__, slide = __SLIDE__, total = __TOTAL__;
  if (auto > 0 && slide < total) {
    window.__dbaAuto = setTimeout(function () { click("__NEXT_KEY__"); }, auto * 1000);
  }
})();
</script>
"""


def keys_html(number: int, total: int, auto_seconds: int) -> str:
    """The presenter-clicker listener (→ ← PageDown PageUp space) and the auto-advance timer, for st.html."""
    values = {
        "__SLIDE__": str(int(number)),
        "__TOTAL__": str(int(total)),
        "__AUTO__": str(int(auto_seconds)),
        "__NEXT_KEY__": NEXT_KEY,
        "__PREV_KEY__": PREV_KEY,
    }
    out = _KEYS_JS
    for k, v in values.items():
        out = out.replace(k, v)
    return out


# ---------------------------------------------------------------------------------------------- map layer

_FIT_JS = """
{% macro script(this, kwargs) %}
(function (map) {
  var bounds = L.latLngBounds({{ this.bounds_json }}), key = {{ this.key_json }};
  function fit() {
    var size = map.getSize();
    var u = Math.min(size.x / 100, size.y * 1.7778 / 100);
    map.fitBounds(bounds, {paddingTopLeft: [2.5 * u, 4 * u],
                           paddingBottomRight: [size.x * {{ this.panel }} + 2.5 * u, 4 * u],
                           animate: false, maxZoom: 11});
  }
  function apply() {
    // The base map's own first fit starts a zoom animation on the next animation frame; when it ends it would
    // snap the view back. So: wait a frame, and if an animation is running, wait for its end.
    L.Util.requestAnimFrame(function () {
      if (map._animatingZoom) { map.once("zoomend", apply); return; }
      map.invalidateSize(false);
      fit();
      if (map._dbaPlaceLabels) map._dbaPlaceLabels();
      map.getContainer().setAttribute("data-slide-key", key);  // tests wait for this: the slide's view is set
    });
  }
  map._dbaFit = fit;
  if (!map._dbaFitHooked) {
    map._dbaFitHooked = true;
    map.on("resize", function () { map._dbaFit(); });
  }
  apply();
})({{ this._parent._parent.get_name() }});
{% endmacro %}
"""


class FitSlide(MacroElement):
    """Zoom the map to a slide's extent at the frame's real size, leaving the side panel's width free.

    Sent inside the slide's feature group, so it runs in the existing frame on every slide change (streamlit-folium
    evaluates a changed feature group without reloading the map); the viewport size is only known there.
    """

    _template = Template(_FIT_JS)

    def __init__(self, bounds, key: str, panel: float = PANEL_WIDTH):
        super().__init__()
        self._name = "FitSlide"
        (s, w), (n, e) = bounds
        self.bounds_json = json.dumps([[s, w], [n, e]])
        self.key_json = json.dumps(key).replace("</", "<\\/")
        self.panel = float(panel)


_LABELS_JS = """
{% macro script(this, kwargs) %}
(function (map) {
  // Zone labels (横琴, 前海, 河套, 南沙) and the SARs sit next to city labels (珠海, 深圳 …): at a province-wide zoom
  // they would overprint them. Keep every label on, and move a colliding SAR/zone label to the nearest free spot
  // around its point (8 directions, two distances), drawing a leader line back to the point.
  function rect(el) { var r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }
  function hit(a, b, pad) { return a.l < b.r + pad && b.l < a.r + pad && a.t < b.b + pad && b.t < a.b + pad; }
  function crosses(x0, y0, x1, y1) {
    // the leader line (sampled) must not run through another label
    for (var t = 0.15; t < 1; t += 0.1) {
      var x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t, pt = {l: x, r: x, t: y, b: y};
      if (fixedNow.some(function (f) { return hit(pt, f, 1); })) return true;
    }
    return false;
  }
  var fixedNow = [];
  function place() {
    var panelLeft = innerWidth * (1 - {{ this.panel }});
    var all = Array.prototype.slice.call(document.querySelectorAll(".dba-label > div:not(.dba-leader)"));
    // The base map's own declutter (geo.mapview) nudges or hides labels; the briefing keeps every label on,
    // so it starts from the labels' own positions and runs after that declutter (see the timers below).
    all.forEach(function (d) { d.style.visibility = ""; d.style.transform = ""; });
    function has(c) { return function (d) { return d.classList.contains(c); }; }
    function movable(d) { return has("zone")(d) || has("sar")(d) || has("fac")(d); }
    // SARs first (澳门 next to 珠海), then zones, then facility labels; cities and provinces stay where they are.
    var zones = all.filter(has("sar")).concat(all.filter(has("zone")), all.filter(has("fac")));
    var fixed = all.filter(function (d) { return !movable(d); }).map(rect);
    fixedNow = fixed;
    var placed = [];
    zones.forEach(function (d) {
      var icon = d.parentNode, old = icon.querySelector(".dba-leader");
      if (old) old.remove();
      d.style.transform = "";
      var base = rect(d), w = base.r - base.l, h = base.b - base.t;
      if (!w) return;
      var cx = (base.l + base.r) / 2, cy = (base.t + base.b) / 2, best = null;
      var dirs = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]];
      // First pass: a free spot whose leader line crosses no label; second pass: any free spot.
      for (var pass = 0; pass < 2 && !best; pass++) {
        for (var k = 1; k <= 4 && !best; k++) {
          for (var i = 0; i < dirs.length && !best; i++) {
            if (k > 1 && i === 0) continue;
            var dx = dirs[i][0] * (w / 2 + h * 0.6 * k + (dirs[i][0] ? w / 2 : 0));
            var dy = dirs[i][1] * (h * 1.1 * k);
            var r = {l: base.l + dx, r: base.r + dx, t: base.t + dy, b: base.b + dy};
            var free = r.r < panelLeft && !fixed.some(function (f) { return hit(r, f, 2); }) &&
                       !placed.some(function (f) { return hit(r, f, 2); }) &&
                       (pass === 1 || !crosses(cx, cy, cx + dx - Math.sign(dx) * w / 2,
                                                cy + dy - Math.sign(dy) * h / 2));
            if (free) best = {dx: dx, dy: dy, r: r};
          }
        }
      }
      if (!best) best = {dx: 0, dy: 0, r: base};
      placed.push(best.r);
      if (best.dx || best.dy) {
        d.style.transform = "translate(calc(-50% + " + best.dx + "px), calc(-50% + " + best.dy + "px))";
        // leader from the zone's point to the near edge of the moved label
        var tx = best.dx - Math.sign(best.dx) * w / 2, ty = best.dy - Math.sign(best.dy) * h / 2;
        var len = Math.sqrt(tx * tx + ty * ty);
        if (len > 4) {
          var line = document.createElement("div");
          line.className = "dba-leader";
          line.style.width = len + "px";
          line.style.transform = "rotate(" + Math.atan2(ty, tx) + "rad)";
          icon.appendChild(line);
        }
      }
    });
    document.documentElement.setAttribute("data-labels-placed", String(Date.now()));
  }
  map._dbaPlaceLabels = place;
  // setTimeout: registered after the base map's declutter, which also defers with setTimeout(0), so this runs last.
  map.on("zoomend moveend resize", function () { setTimeout(place, 0); });
  place();
  // Label widths change when the CJK font replaces the fallback: place again then (after the base map's
  // own timers, which are registered before this script).
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(place); }
  setTimeout(place, 900);
})({{ this._parent.get_name() }});
{% endmacro %}
"""


class PlaceLabels(MacroElement):
    """Part of the briefing's base map: keeps zone labels off city labels at every zoom (see the script)."""

    _template = Template(_LABELS_JS)

    def __init__(self, panel: float = PANEL_WIDTH):
        super().__init__()
        self._name = "PlaceLabels"
        self.panel = float(panel)


def add_facility_labels(layer: folium.FeatureGroup, slide: Slide, gazetteer: Gazetteer, lang: str) -> None:
    """Name the facilities a place slide is about (韶关数据中心集群): the base map shows them as bare dots.

    Only on place slides: a theme slide can name a dozen facilities around 深圳, too many labels for one screen.
    """
    if slide.kind != "place":
        return
    for pid in slide.places:
        place = gazetteer.places.get(pid)
        if place is None or place.kind != "facility" or not place.point:
            continue
        lon, lat = place.point
        folium.Marker(
            [lat, lon],
            icon=DivIcon(
                html=f'<div class="fac">{esc(place.name(lang))}</div>', class_name="dba-label", icon_size=(0, 0)
            ),
            interactive=False,
            keyboard=False,
        ).add_to(layer)
