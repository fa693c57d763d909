/* The briefing page's presenter-clicker keys (→ ← PageDown PageUp space, Home End) and auto-advance timer.
 * Sent with the page by ui/briefing_view.py (keys_html), which calls dbaBriefingKeys({slide, total, auto, next,
 * prev, goto}) with the slide position, the auto-advance seconds and the keys of the navigation widgets.
 *
 * No press is lost: a key does not click "next" (two clicks during one rerun would both mean "slide N+1"); it moves
 * an absolute target (the slide shown, or the target still on its way) and types it into the hidden goto box. Text
 * values coalesce to the newest, so five quick presses end on slide N+5.
 */
function dbaBriefingKeys(o) {
  "use strict";
  var NEXT = ["ArrowRight", "PageDown", " ", "Spacebar"], PREV = ["ArrowLeft", "PageUp"];
  var PENDING_MS = 4000;  // a target the page has not reached in this time is dropped (the run failed or was replaced)
  function typing(el) {
    if (!el) return false;
    var tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }
  // The listeners outlive this call (they are hooked once per window): they read the newest options.
  window.__dbaKeysOptions = o;
  var pending = window.__dbaTarget;
  if (pending && (pending.to === o.slide || Date.now() - pending.at > PENDING_MS)) window.__dbaTarget = null;

  function current() {
    var p = window.__dbaTarget, keys = window.__dbaKeysOptions;
    return p && Date.now() - p.at <= PENDING_MS ? p.to : keys.slide;
  }
  function send(n) {
    var keys = window.__dbaKeysOptions;
    n = Math.min(Math.max(n, 1), keys.total);
    if (n === current()) return;
    var input = document.querySelector(".st-key-" + keys.goto + " input");
    if (!input) return;
    window.__dbaTarget = {to: n, at: Date.now()};
    // React keeps its own copy of the value: set it through the native setter, then let React see an input event.
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(input, String(n));
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", code: "Enter", keyCode: 13, which: 13,
                                                      bubbles: true}));
  }
  function target(key) {
    if (NEXT.indexOf(key) >= 0) return current() + 1;
    if (PREV.indexOf(key) >= 0) return current() - 1;
    if (key === "Home") return 1;
    if (key === "End") return window.__dbaKeysOptions.total;
    return null;
  }
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    var n = target(e.key);
    if (n === null) return;
    // Before Leaflet (arrow keys pan the map) and before the browser (space/PageDown scroll, space on a button).
    e.preventDefault(); e.stopPropagation();
    if (e.type === "keydown" && !e.repeat) send(n);
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
    window.__dbaAuto = setTimeout(function () { send(o.slide + 1); }, o.auto * 1000);
  }
}
