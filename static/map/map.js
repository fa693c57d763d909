/* The screen map's own Leaflet layers, loaded as an asset (geo/render/web/assets.py) before the map script.
 * Python (geo/render/web/mapview.py) only calls these functions with JSON data: no code is generated there.
 * Every HTML string passed in (tooltips, legend, labels) was escaped in Python.
 */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  // Rebuilds GeoJSON from geo/render/web/screen_geometry.encode_polygons output: [[id, [polygon [ring deltas]]], …].
  dba.decode = function (enc, scale) {
    function ring(r) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i < r.length; i += 2) { x += r[i]; y += r[i + 1]; out.push([x / scale, y / scale]); }
      return out;
    }
    return {type: "FeatureCollection", features: enc.map(function (f) {
      return {type: "Feature", properties: {place: f[0]},
              geometry: {type: "MultiPolygon", coordinates: f[1].map(function (p) { return p.map(ring); })}};
    })};
  };

  // Neighbouring provinces: faint and not clickable.
  dba.contextLayer = function (parent, enc, scale, style) {
    var layer = L.geoJson(dba.decode(enc, scale), {interactive: false, style: function () { return style; }});
    parent.addLayer(layer);
    return layer;
  };

  // The cities/SARs shaded by count. props: {place: {count, fill, kind, tip, sel, hl}}; colours: zero, highlight,
  // selected, line, hover. The class names (dba-zero, dba-sel, dba-hl) let the briefing's looks recolour them.
  dba.choropleth = function (parent, props, enc, scale, colours) {
    function classes(p) {
      return ["dba-area", p.count ? "" : "dba-zero", p.hl ? "dba-hl" : (p.sel ? "dba-sel" : "")].join(" ").trim();
    }
    var layer = L.geoJson(dba.decode(enc, scale), {
      style: function (f) {
        var p = props[f.properties.place] || {};
        if (p.hl) { return {fillColor: p.fill, fillOpacity: 0.85, color: colours.highlight, weight: 4, className: classes(p)}; }
        return {fillColor: p.fill || colours.zero, fillOpacity: 0.85, className: classes(p),
                color: p.sel ? colours.selected : colours.line, weight: p.sel ? 2.5 : 0.8};
      },
      onEachFeature: function (f, l) {
        var p = props[f.properties.place] || {};
        // Counts travel with the feature: a click hands them back to the app (last_active_drawing).
        f.properties.count = p.count || 0;
        f.properties.kind = p.kind;
        if (p.tip) { l.bindTooltip(p.tip, {sticky: true}); }
        l.on("mouseover", function (e) { e.target.setStyle({weight: 2.5, color: colours.hover}); });
        l.on("mouseout", function (e) { layer.resetStyle(e.target); if (p.hl || p.sel) { e.target.bringToFront(); } });
      }
    });
    // Outlined places on top, so their full border shows over the neighbours' edges.
    ["sel", "hl"].forEach(function (flag) {
      layer.eachLayer(function (l) {
        var p = props[l.feature.properties.place] || {};
        if (p[flag]) { l.bringToFront(); }
      });
    });
    parent.addLayer(layer);
    return layer;
  };

  // Many circle markers from one array: items [lat, lon, tooltip html].
  dba.points = function (parent, items, style) {
    var group = L.featureGroup();
    items.forEach(function (d) { L.circleMarker([d[0], d[1]], style).bindTooltip(d[2], {sticky: false}).addTo(group); });
    group.addTo(parent);
    return group;
  };

  // Place labels from one array: items [lat, lon, html, css class], in priority order (SARs, cities, zones,
  // provinces). Non-interactive: clicks fall through to the polygon under the label. Decluttered by labels.js.
  dba.labels = function (map, items) {
    var group = L.featureGroup(), markers = [];
    items.forEach(function (d) {
      markers.push(L.marker([d[0], d[1]], {interactive: false, keyboard: false, pane: "markerPane",
        icon: L.divIcon({className: "dba-label", iconSize: [0, 0], html: '<div class="' + d[3] + '">' + d[2] + "</div>"})
      }).addTo(group));
    });
    group.addTo(map);
    dba.declutterLabels(map, markers);
    return group;
  };

  // A legend that belongs to a layer: it appears when the selection layer is added to the map and disappears
  // when streamlit-folium removes that layer on the next filter change (a plain L.control would pile up).
  dba.layerLegend = function (parent, html) {
    var layer = new (L.Layer.extend({
      onAdd: function (map) {
        this._control = L.control({position: "topright"});
        this._control.onAdd = function () {
          var div = L.DomUtil.create("div", "dba-legend");
          div.innerHTML = html;
          L.DomEvent.disableClickPropagation(div);
          return div;
        };
        this._control.addTo(map);
      },
      onRemove: function () { if (this._control) { this._control.remove(); this._control = null; } }
    }))();
    parent.addLayer(layer);
    return layer;
  };

  // A class on the map container from a zoom level on (zone labels show only when zoomed in).
  dba.zoomClass = function (map, minZoom, className) {
    function sync() { map.getContainer().classList.toggle(className, map.getZoom() >= minZoom); }
    map.on("zoomend", sync);
    sync();
  };

  // The map page keeps its view in the tab's sessionStorage (read by ui/view_reader.py): JSON [west, south, east,
  // north] rounded to 4 decimals (~10 m). Nothing is sent to Streamlit, so panning never reruns the app.
  dba.viewStore = function (map, key) {
    function r(x) { return Math.round(x * 1e4) / 1e4; }
    function store() {
      var b = map.getBounds(), v = [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())];
      if (!(v[0] < v[2] && v[1] < v[3])) return;  // a frame not laid out yet has no view worth keeping
      try { root.sessionStorage.setItem(key, JSON.stringify(v)); }
      catch (e) { /* storage disabled or full: the export page then offers no "current view", nothing breaks */ }
    }
    map.on("moveend zoomend", store);
    map.whenReady(store);
  };
})(window);
