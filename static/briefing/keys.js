/* The briefing page's presenter-clicker keys (→ ← PageDown PageUp space) and auto-advance timer.
 * Sent with the page by ui/briefing_view.py (keys_html), which calls dbaBriefingKeys({slide, total, auto, next,
 * prev}) with the slide position, the auto-advance seconds and the keys of the navigation buttons.
 */
function dbaBriefingKeys(o) {
  "use strict";
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
  // The listeners outlive this call (they are hooked once per window): they read the newest options.
  window.__dbaKeysOptions = o;
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    var keys = window.__dbaKeysOptions;
    var dir = NEXT.indexOf(e.key) >= 0 ? keys.next : (PREV.indexOf(e.key) >= 0 ? keys.prev : null);
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
  if (o.auto > 0 && o.slide < o.total) {
    window.__dbaAuto = setTimeout(function () { click(o.next); }, o.auto * 1000);
  }
}
