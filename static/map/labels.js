/* The one label placer, shared by the screen map and the briefing (loaded as an asset before the map script).
 *
 * placeLabels(labels, options) walks the label elements in priority order and puts each at the first free spot
 * among its candidate offsets; "free" means its box hits no label already placed and no fixed label.
 *   options.fixed(el)      labels that stay on their point and only block others (default: none)
 *   options.offsets(w, h)  candidate [dx, dy] shifts in px, in order of preference
 *   options.pad            [x, y] px kept free around a box, and optionally true: touching boxes collide
 *   options.right          a spot must end left of this x (the briefing's side panel), optional
 *   options.leaders        draw a leader line from the point to a moved label, and prefer spots whose leader
 *                          crosses no fixed label
 *   options.whenFull       "hide" (screen map: the label comes back when there is room) or "stay" (briefing)
 */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  function rect(el) { var r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }
  // pad: [x, y] px kept free around a box; pad[2] true: boxes that just touch also collide (the screen map).
  function hit(a, b, pad) {
    if (pad[2]) return a.l <= b.r + pad[0] && b.l <= a.r + pad[0] && a.t <= b.b + pad[1] && b.t <= a.b + pad[1];
    return a.l < b.r + pad[0] && b.l < a.r + pad[0] && a.t < b.b + pad[1] && b.t < a.b + pad[1];
  }
  function shift(r, dx, dy) { return {l: r.l + dx, r: r.r + dx, t: r.t + dy, b: r.b + dy}; }

  function crosses(x0, y0, x1, y1, boxes) {
    // the leader line (sampled) must not run through another label
    for (var t = 0.15; t < 1; t += 0.1) {
      var x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t, pt = {l: x, r: x, t: y, b: y};
      if (boxes.some(function (f) { return hit(pt, f, [1, 1]); })) return true;
    }
    return false;
  }

  function drawLeader(el, dx, dy, w, h) {
    // from the label's point to the near edge of the moved label
    var tx = dx - Math.sign(dx) * w / 2, ty = dy - Math.sign(dy) * h / 2, len = Math.sqrt(tx * tx + ty * ty);
    if (len <= 4) return;
    var line = document.createElement("div");
    line.className = "dba-leader";
    line.style.width = len + "px";
    line.style.transform = "rotate(" + Math.atan2(ty, tx) + "rad)";
    el.parentNode.appendChild(line);
  }

  dba.placeLabels = function (labels, o) {
    var fixedOf = o.fixed || function () { return false; };
    labels.forEach(function (el) {
      var old = el.parentNode && el.parentNode.querySelector(".dba-leader");
      if (old) old.remove();
      el.style.visibility = "";
      el.style.transform = "";
    });
    var blocked = labels.filter(fixedOf).map(rect), placed = [];
    labels.filter(function (el) { return !fixedOf(el); }).forEach(function (el) {
      if (el.offsetParent === null) return;  // not shown at this zoom
      var base = rect(el), w = base.r - base.l, h = base.b - base.t;
      if (!w) return;
      var cx = (base.l + base.r) / 2, cy = (base.t + base.b) / 2, offsets = o.offsets(w, h), best = null;
      // With leaders, a first pass wants a leader that crosses no label; the second takes any free spot.
      for (var pass = 0; pass < (o.leaders ? 2 : 1) && !best; pass++) {
        for (var i = 0; i < offsets.length && !best; i++) {
          var dx = offsets[i][0], dy = offsets[i][1], r = shift(base, dx, dy);
          var free = (o.right === undefined || r.r < o.right) &&
                     !blocked.some(function (f) { return hit(r, f, o.pad); }) &&
                     !placed.some(function (f) { return hit(r, f, o.pad); }) &&
                     (!o.leaders || pass === 1 ||
                      !crosses(cx, cy, cx + dx - Math.sign(dx) * w / 2, cy + dy - Math.sign(dy) * h / 2, blocked));
          if (free) best = {dx: dx, dy: dy, r: r};
        }
      }
      if (!best) {
        if (o.whenFull === "hide") { el.style.visibility = "hidden"; return; }
        best = {dx: 0, dy: 0, r: base};
      }
      placed.push(best.r);
      if (best.dx || best.dy) {
        el.style.transform = "translate(calc(-50% + " + best.dx + "px), calc(-50% + " + best.dy + "px))";
        if (o.leaders) drawLeader(el, best.dx, best.dy, w, h);
      }
    });
  };

  // Screen map: labels come in priority order (SARs, cities, zones, provinces); a label that would overlap one
  // already shown tries just above, below, right and left of its point, and is hidden at this zoom if none is free.
  dba.declutterLabels = function (map, markers) {
    function declutter() {
      var labels = markers.map(function (mk) { var el = mk.getElement(); return el && el.firstChild; })
                          .filter(Boolean);
      dba.placeLabels(labels, {
        offsets: function (w, h) { return [[0, 0], [0, -h], [0, h], [w / 2 + 3, 0], [-w / 2 - 3, 0]]; },
        pad: [2, 0, true], whenFull: "hide"
      });
    }
    map.on("zoomend moveend resize", function () { setTimeout(declutter, 0); });
    setTimeout(declutter, 0);
    // Again once the CJK web font is in: label widths change when it replaces the fallback font.
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(declutter); }
    setTimeout(declutter, 800);
  };

  // Briefing: every label stays on. Cities and provinces keep their place; a colliding SAR, zone (横琴, 前海, 河套,
  // 南沙) or facility label moves to the nearest free spot around its point (8 directions, four distances), left
  // of the side panel, with a leader line back to the point. Runs after the screen map's declutter (setTimeout
  // registered later), so it starts from the labels' own positions.
  dba.keepLabels = function (map, panel) {
    var dirs = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]];
    function has(c) { return function (d) { return d.classList.contains(c); }; }
    function offsets(w, h) {
      var out = [];
      for (var k = 1; k <= 4; k++) {
        for (var i = 0; i < dirs.length; i++) {
          if (k > 1 && i === 0) continue;
          out.push([dirs[i][0] * (w / 2 + h * 0.6 * k + (dirs[i][0] ? w / 2 : 0)), dirs[i][1] * (h * 1.1 * k)]);
        }
      }
      return out;
    }
    function place() {
      var all = Array.prototype.slice.call(document.querySelectorAll(".dba-label > div:not(.dba-leader)"));
      function movable(d) { return has("zone")(d) || has("sar")(d) || has("fac")(d); }
      var fixed = all.filter(function (d) { return !movable(d); });
      // SARs first (澳门 next to 珠海), then zones, then facility labels.
      var labels = fixed.concat(all.filter(has("sar")), all.filter(has("zone")), all.filter(has("fac")));
      dba.placeLabels(labels, {
        fixed: function (d) { return !movable(d); }, offsets: offsets, pad: [2, 2],
        right: innerWidth * (1 - panel), leaders: true, whenFull: "stay"
      });
      document.documentElement.setAttribute("data-labels-placed", String(Date.now()));
    }
    map._dbaPlaceLabels = place;
    map.on("zoomend moveend resize", function () { setTimeout(place, 0); });
    place();
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(place); }
    setTimeout(place, 900);
  };
})(window);
