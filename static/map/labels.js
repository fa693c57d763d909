/* The one label placer, shared by the screen map and the briefing (loaded as an asset before the map script).
 *
 * placeLabels(labels, options) walks the label elements in priority order and puts each at the first free spot
 * among its candidate offsets; "free" means its box hits no label already placed and no fixed label.
 *   options.fixed(el)      labels that stay on their point and only block others (default: none)
 *   options.offsets(w, h)  candidate [dx, dy] shifts in px, in order of preference
 *   options.pad            [x, y] px kept free around a box, and optionally true: touching boxes collide
 *   options.inside         {l, t, r, b}: the visible map (the briefing's screen left of its side panel), optional:
 *                          a label whose point is outside it is hidden (only a sliver of it would show under the
 *                          panel or at the screen's edge), and every spot must lie wholly inside it
 *   options.leaders        draw a leader line from the point to a moved label, and prefer spots whose leader
 *                          crosses no fixed label
 *   options.whenFull       "hide" (screen map: the label comes back when there is room) or "stay" (briefing)
 *   options.obstacles      boxes no label may cover (the briefing's facility icons), optional
 *   options.covers         boxes drawn over the map (the briefing's footnote and locator inset), optional: no label
 *                          goes under them, and a label whose point they cover is hidden when no spot is free
 *   options.nearest        a moved label's centre must stay nearer its own point than any other label's point, so
 *                          a name never reads as another place's (前海 next to 香港), optional
 *   options.hideIf(el)     labels that are hidden rather than left on top of others when no spot is free, optional
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
    var box = o.inside, covers = o.covers || [];
    function within(r) { return !box || (r.l >= box.l && r.r <= box.r && r.t >= box.t && r.b <= box.b); }
    // A fixed label (a province's name) cut by the edge of the visible map or under a cover is left out.
    var fixedShown = labels.filter(fixedOf).filter(function (el) {
      var r = rect(el);
      if (el.offsetParent === null || !r.r) return false;
      if (within(r) && !covers.some(function (c) { return hit(r, c, [0, 0]); })) return true;
      el.style.visibility = "hidden";
      return false;
    });
    var blocked = fixedShown.map(rect).concat(o.obstacles || [], covers), placed = [];
    // Each label's point: its marker's 0×0 icon box (the label is centred on it before any shift).
    var anchors = o.nearest ? labels.filter(function (el) { return el.offsetParent !== null; }).map(function (el) {
      var r = el.parentNode.getBoundingClientRect(); return {el: el, x: r.left, y: r.top};
    }) : [];
    function ownNearest(el, r) {
      var cx = (r.l + r.r) / 2, cy = (r.t + r.b) / 2, own = null;
      anchors.forEach(function (a) { if (a.el === el) own = a; });
      if (!own) return true;
      var mine = Math.hypot(cx - own.x, cy - own.y);
      return !anchors.some(function (a) { return a.el !== el && Math.hypot(cx - a.x, cy - a.y) + 1 < mine; });
    }
    function ownMargin(el, r) {
      // distance to its own point minus distance to the nearest other point (negative: reads as its own)
      var cx = (r.l + r.r) / 2, cy = (r.t + r.b) / 2, mine = 0, other = Infinity;
      anchors.forEach(function (a) {
        var d = Math.hypot(cx - a.x, cy - a.y);
        if (a.el === el) mine = d; else other = Math.min(other, d);
      });
      return mine - other;
    }
    labels.filter(function (el) { return !fixedOf(el); }).forEach(function (el) {
      if (el.offsetParent === null) return;  // not shown at this zoom
      var base = rect(el), w = base.r - base.l, h = base.b - base.t;
      if (!w) return;
      if (box) {
        var at = el.parentNode.getBoundingClientRect();
        if (at.left < box.l || at.left > box.r || at.top < box.t || at.top > box.b) {
          el.style.visibility = "hidden";  // its place is off the visible map: no cut-off name at the edge
          return;
        }
      }
      var cx = (base.l + base.r) / 2, cy = (base.t + base.b) / 2, offsets = o.offsets(w, h), best = null;
      // With leaders, a first pass wants a leader that crosses no label; the second takes any free spot. A name
      // that must show (no hideIf) and found no spot nearest its own point takes, last, any free spot.
      // A name whose point is under a cover, or whose own spot the edge would cut, gets no "any free spot" pass:
      // far from its point it would read as a neighbour's (Hong Kong's name on Shenzhen); it is left out instead.
      var pt = el.parentNode.getBoundingClientRect(), at = {l: pt.left, r: pt.left, t: pt.top, b: pt.top};
      var covered = covers.some(function (c) { return hit(at, c, [0, 0]); }) || !within(base);
      var keep = o.nearest && !(o.hideIf && o.hideIf(el)) && !covered;
      var passes = (o.leaders ? 2 : 1) + (keep ? 1 : 0);
      var fallback = null;
      for (var pass = 0; pass < passes && !best; pass++) {
        var nearest = o.nearest && pass < (o.leaders ? 2 : 1);
        for (var i = 0; i < offsets.length && !best; i++) {
          var dx = offsets[i][0], dy = offsets[i][1], r = shift(base, dx, dy);
          var free = within(r) &&
                     !blocked.some(function (f) { return hit(r, f, o.pad); }) &&
                     !placed.some(function (f) { return hit(r, f, o.pad); }) &&
                     (!nearest || (dx === 0 && dy === 0) || ownNearest(el, r)) &&
                     (!o.leaders || pass >= 1 ||
                      !crosses(cx, cy, cx + dx - Math.sign(dx) * w / 2, cy + dy - Math.sign(dy) * h / 2, blocked));
          if (!free) continue;
          if (nearest || !keep) { best = {dx: dx, dy: dy, r: r}; continue; }
          // last pass: of the free spots, the one closest to its own point relative to the nearest other point
          var score = ownMargin(el, r);
          if (!fallback || score < fallback.score) fallback = {dx: dx, dy: dy, r: r, score: score};
        }
        if (!best && fallback && pass === passes - 1) best = fallback;
      }
      if (!best) {
        if (o.whenFull === "hide" || covered || (o.hideIf && o.hideIf(el))) { el.style.visibility = "hidden"; return; }
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
    map._dbaDeclutter = declutter;
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
  // covers: selectors of the page's boxes drawn over the map (the footnote, the locator inset): no label goes
  // under them. The map frame fills the page's viewport, so their boxes are in the frame's coordinates.
  dba.keepLabels = function (map, panel, covers) {
    var FACILITY_ZOOM = 9;
    var dirs = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]];
    function has(c) { return function (d) { return d.classList.contains(c); }; }
    function offsets(w, h) {
      // Small nudges first (a name just off an icon or its neighbour stays by its point), then the ring around it.
      var out = [[0, 0], [0, -0.6 * h], [0, 0.6 * h], [0.3 * w, 0], [-0.3 * w, 0], [0.3 * w, -0.6 * h],
                 [-0.3 * w, -0.6 * h], [0.3 * w, 0.6 * h], [-0.3 * w, 0.6 * h], [0, -1.1 * h], [0, 1.1 * h]];
      for (var k = 1; k <= 4; k++) {
        for (var i = 0; i < dirs.length; i++) {
          if (k > 1 && i === 0) continue;
          out.push([dirs[i][0] * (w / 2 + h * 0.6 * k + (dirs[i][0] ? w / 2 : 0)), dirs[i][1] * (h * 1.1 * k)]);
        }
      }
      return out;
    }
    function place() {
      // Far out (a whole-province or bay-area slide) the facility dots are a smudge under the city names: hidden.
      // The zoom is taken as a 1920-wide screen would have it: a 4K wall fits the same slide one zoom level closer
      // (twice the pixels), and must show the same slide, not one with the dots on and the names pushed around.
      var size = map.getSize(), u = Math.min(size.x / 100, size.y * 1.7778 / 100);
      var zoom = map.getZoom() - Math.log(u / 19.2) / Math.LN2;
      document.documentElement.classList.toggle("dba-far", zoom < FACILITY_ZOOM - 0.01);
      var all = Array.prototype.slice.call(document.querySelectorAll(".dba-label > div:not(.dba-leader)"));
      // Province names stay; every place name may move off an icon or another name (cities first, so they keep
      // their spot when they can, then SARs, zones and facility names).
      function movable(d) { return !has("ctx")(d); }
      var labels = all.filter(has("ctx")).concat(all.filter(has("city")), all.filter(has("sar")),
                                                 all.filter(has("zone")), all.filter(has("fac")));
      var icons = Array.prototype.slice.call(document.querySelectorAll(".leaflet-dba_points-pane path"))
        .filter(function (p) { return p.getBoundingClientRect().width > 0; }).map(rect);
      var over = [];
      (covers || []).forEach(function (sel) {
        try {
          Array.prototype.forEach.call(root.parent.document.querySelectorAll(sel), function (el) {
            if (el.getBoundingClientRect().width > 0) over.push(rect(el));
          });
        } catch (err) { /* not inside the briefing page */ }
      });
      dba.placeLabels(labels, {
        fixed: function (d) { return !movable(d); }, offsets: offsets, pad: [2, 2], obstacles: icons, covers: over,
        inside: {l: 0, t: 0, r: innerWidth * (1 - panel), b: innerHeight}, leaders: true, whenFull: "stay",
        nearest: true,
        // a zone or facility name with no free spot near its point is left out (the panel names the places);
        // a city or SAR name always shows
        hideIf: function (d) { return has("zone")(d) || has("fac")(d); }
      });
      document.documentElement.setAttribute("data-labels-placed", String(Date.now()));
    }
    map._dbaPlaceLabels = place;
    map.on("zoomend moveend resize", function () { setTimeout(place, 0); });
    place();
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(place); }
    setTimeout(place, 900);
  };

  // Progress views (map page and briefing slides): a place's label carries its light's shape (● ▲ ■) in front of
  // its name, so the map does not rely on hue alone. marks: {label text: [shape, colour]}; every layer sends its
  // marks (none when the view is off or coloured by share), so the shapes of an earlier layer are taken off.
  // A mark changes a label's width: the labels are placed again (the briefing's placer runs after its fit).
  dba.lightLabels = function (parent, marks) {
    var labels = document.querySelectorAll(".dba-label > div.city, .dba-label > div.sar, .dba-label > div.zone");
    var changed = false;
    Array.prototype.forEach.call(labels, function (el) {
      var old = el.querySelector(".dba-lt-mark");
      if (old) { old.remove(); changed = true; }
      var mark = marks[el.textContent];
      if (!mark) return;
      var span = document.createElement("span");
      span.className = "dba-lt-mark";
      span.textContent = mark[0];
      span.style.color = mark[1];
      el.insertBefore(span, el.firstChild);
      changed = true;
    });
    var map = parent && parent._map;
    if (changed && map && map._dbaDeclutter) { setTimeout(map._dbaDeclutter, 0); }
  };
})(window);
