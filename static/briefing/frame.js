/* The briefing's map frame: zoom to a slide at the frame's real size (loaded as an asset with labels.js). */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  // Called from the slide's feature group on every slide change (streamlit-folium evaluates a changed feature
  // group in the existing frame). bounds: [[south, west], [north, east]]; panel: the side panel's share of the width.
  dba.fitSlide = function (map, bounds, key, panel) {
    var box = L.latLngBounds(bounds);
    function footTop() {
      // The page's footnote (1–4 lines: more in English, with the sample mark) covers the map's bottom: the slide's
      // places are fitted above it, not under it. The frame fills the page's viewport, so the page's y is ours.
      try {
        var foot = root.parent.document.querySelector(".dba-foot");
        var r = foot && foot.getBoundingClientRect();
        return r && r.height ? r.top : null;
      } catch (err) { return null; }
    }
    function fit() {
      var size = map.getSize();
      var u = Math.min(size.x / 100, size.y * 1.7778 / 100), top = footTop();
      var bottom = Math.max(4 * u, top === null ? 0 : size.y - top + 1.5 * u);
      map._dbaFitBottom = bottom;
      map.fitBounds(box, {paddingTopLeft: [2.5 * u, 4 * u], paddingBottomRight: [size.x * panel + 2.5 * u, bottom],
                          animate: false, maxZoom: 11});
    }
    function apply() {
      // The base map's own first fit starts a zoom animation on the next animation frame; when it ends it would
      // snap the view back. So: wait a frame, and if an animation is running, wait for its end.
      L.Util.requestAnimFrame(function () {
        if (map._animatingZoom) { map.once("zoomend", apply); return; }
        map.invalidateSize(false);
        fit();
        if (map._dbaPlaceLabels) {
          map._dbaPlaceLabels();
          // again once the page has drawn this slide's footnote and locator (labels keep clear of them)
          clearTimeout(map._dbaLabelTimer);
          map._dbaLabelTimer = setTimeout(function () {
            var before = map._dbaFitBottom, top = footTop(), size = map.getSize();
            var u = Math.min(size.x / 100, size.y * 1.7778 / 100);
            var now = Math.max(4 * u, top === null ? 0 : size.y - top + 1.5 * u);
            if (Math.abs(now - before) > 2) fit();  // the footnote came after the fit: fit again (placer runs on moveend)
            else map._dbaPlaceLabels();
          }, 400);
        }
        map.getContainer().setAttribute("data-slide-key", key);  // tests wait for this: the slide's view is set
      });
    }
    map._dbaFit = fit;
    if (!map._dbaFitHooked) {
      map._dbaFitHooked = true;
      map.on("resize", function () { map._dbaFit(); });
      // The page sizes the frame after the map is drawn (a 4K wall: several steps). The frame's own window resize
      // event can be missed under load, which left the slide fitted to a smaller box in the top-left corner: watch
      // the container itself (invalidateSize fires "resize" above when the size did change).
      if (root.ResizeObserver) {
        new ResizeObserver(function () { map.invalidateSize(false); }).observe(map.getContainer());
      }
    }
    apply();
  };
})(window);
