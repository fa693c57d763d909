/* The screen map's own Leaflet layers, loaded as an asset (geo/render/web/assets.py) before the map script.
 * Python (geo/render/web/mapview.py) only calls these functions with JSON data: no code is generated there.
 * Every HTML string passed in (tooltips, legend, labels) was escaped in Python.
 */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  // Leaflet 1.9's default attribution prefix draws a flag before "Leaflet". Every map here (app, briefing, HTML
  // export) loads this file before it is created, so they all keep the credit (licence) as plain text instead.
  if (root.L && L.Control && L.Control.Attribution) {
    L.Control.Attribution.prototype.options.prefix =
      '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>';
  }

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

  // The city/SAR polygons of a map, as data only (the base map's): the selection layers shade them (choropleth).
  dba.areaGeometry = function (map, enc, scale) {
    map._dbaAreaGeometry = {enc: enc, scale: scale};
    return map._dbaAreaGeometry;
  };

  // The cities/SARs shaded by count. props: {place: {count, fill, kind, tip, sel, hl}}; colours: zero, highlight,
  // selected, line, hover. The class names (dba-zero, dba-sel, dba-hl) let the briefing's looks recolour them.
  // The polygons are built once per map (map._dbaAreas, on the map itself, from dba.areaGeometry) and each
  // selection restyles them in place while it is on the map: the selection's script carries only this per-place
  // table, and a filter change decodes no coordinates and rebuilds no polygon. onAreas(fn) runs fn(areas) once
  // they are shaded.
  dba.choropleth = function (parent, props, colours) {
    var shades = new (L.Layer.extend({
      onAdd: function (map) {
        this._areas = dba._shadeAreas(map, props, colours);
        var waiting = this._waiting || [];
        this._waiting = [];
        waiting.forEach(function (fn) { fn(this._areas); }, this);
      },
      onRemove: function () {},  // the polygons stay for the next selection (the map never shows none)
      onAreas: function (fn) {
        if (this._areas) { fn(this._areas); } else { (this._waiting = this._waiting || []).push(fn); }
        return this;
      }
    }))();
    parent.addLayer(shades);
    return shades;
  };

  function areaClasses(p) {
    return ["dba-area", p.count ? "" : "dba-zero", p.hl ? "dba-hl" : (p.sel ? "dba-sel" : "")].join(" ").trim();
  }

  function areaStyle(p, colours) {
    if (p.hl) { return {fillColor: p.fill, fillOpacity: 0.85, color: colours.highlight, weight: 4, className: areaClasses(p)}; }
    return {fillColor: p.fill || colours.zero, fillOpacity: 0.85, className: areaClasses(p),
            color: p.sel ? colours.selected : colours.line, weight: p.sel ? 2.5 : 0.8};
  }

  dba._shadeAreas = function (map, props, colours) {
    var areas = map._dbaAreas;
    if (!areas) {
      var geometry = map._dbaAreaGeometry;
      if (!geometry) { throw new Error("dba.choropleth: the map has no dba.areaGeometry"); }
      // The current selection's table and colours, read by the style (Leaflet's resetStyle after a hover).
      var now = {props: props, colours: colours};
      areas = L.geoJson(dba.decode(geometry.enc, geometry.scale), {
        style: function (f) { return areaStyle(now.props[f.properties.place] || {}, now.colours); },
        onEachFeature: function (f, l) {
          l.on("mouseover", function (e) { e.target.setStyle({weight: 2.5, color: now.colours.hover}); });
          l.on("mouseout", function (e) {
            var p = now.props[f.properties.place] || {};
            areas.resetStyle(e.target);
            if (p.hl || p.sel) { e.target.bringToFront(); }
          });
        }
      });
      areas._dbaNow = now;
      map._dbaAreas = areas;
      map.addLayer(areas);
    }
    areas._dbaNow.props = props;
    areas._dbaNow.colours = colours;
    areas.eachLayer(function (l) {
      var f = l.feature, p = props[f.properties.place] || {}, style = areaStyle(p, colours);
      // Counts travel with the feature: a click hands them back to the app (last_active_drawing).
      f.properties.count = p.count || 0;
      f.properties.kind = p.kind;
      delete f.properties.action;
      l.setStyle(style);
      // Leaflet sets a path's class only when it is created: keep "leaflet-interactive" and swap ours.
      if (l._path) {
        var keep = (l._path.getAttribute("class") || "").split(/\s+/).filter(function (c) { return c && c.indexOf("dba-") !== 0; });
        l._path.setAttribute("class", keep.concat(style.className.split(" ")).join(" "));
      }
      if (p.tip) {
        if (l.getTooltip()) { l.setTooltipContent(p.tip); } else { l.bindTooltip(p.tip, {sticky: true}); }
      } else if (l.getTooltip()) {
        l.unbindTooltip();
      }
    });
    // Outlined places on top, so their full border shows over the neighbours' edges.
    ["sel", "hl"].forEach(function (flag) {
      areas.eachLayer(function (l) {
        if ((props[l.feature.properties.place] || {})[flag]) { l.bringToFront(); }
      });
    });
    return areas;
  };

  // Many circle markers from one array: items [lat, lon, tooltip html].
  dba.points = function (parent, items, style) {
    var group = L.featureGroup();
    items.forEach(function (d) { L.circleMarker([d[0], d[1]], style).bindTooltip(d[2], {sticky: false}).addTo(group); });
    group.addTo(parent);
    return group;
  };

  // Place labels from one array: items [lat, lon, html, css class, min zoom (optional)], in priority order (SARs,
  // cities, zones, provinces). Non-interactive: clicks fall through to the polygon under the label. Decluttered by
  // labels.js. A min zoom (a zone's: the zoom at which the zone is a few pixels wide) is read by minZoomLabels.
  dba.labels = function (map, items) {
    var group = L.featureGroup(), markers = [];
    items.forEach(function (d) {
      var attr = d.length > 4 ? ' data-min-zoom="' + Number(d[4]) + '"' : "";
      markers.push(L.marker([d[0], d[1]], {interactive: false, keyboard: false, pane: "markerPane",
        icon: L.divIcon({className: "dba-label", iconSize: [0, 0],
                         html: '<div class="' + d[3] + '"' + attr + ">" + d[2] + "</div>"})
      }).addTo(group));
    });
    group.addTo(map);
    dba.declutterLabels(map, markers);
    return group;
  };

  // Fit options that keep what is fitted clear of the bottom-right corner (the legend above the attribution):
  // its height is reserved along the bottom, so neither a chosen region nor the overview is drawn under it.
  dba.fitOptions = function (map, padding, animate) {
    var corner = map.getContainer().querySelector(".leaflet-bottom.leaflet-right");
    var below = corner ? corner.offsetHeight : 0;
    return {paddingTopLeft: [padding, padding], paddingBottomRight: [padding, padding + below], animate: animate};
  };

  // The overview: the data's bounds fitted clear of the legend. Remembered, so that when the legend arrives after
  // the frame's first fit (it comes with the selection layer) an overview nobody has moved is fitted again.
  dba.fitOverview = function (map, bounds, padding) {
    if (map._animatingZoom) {  // Leaflet drops a setView made during a zoom animation: fit once it has ended
      map.once("zoomend", function () { if (!map._dbaViewChosen) dba.fitOverview(map, bounds, padding); });
      return;
    }
    var options = dba.fitOptions(map, padding, false);
    map.fitBounds(bounds, options);
    map._dbaOverview = {bounds: bounds, padding: padding, centre: map.getCenter(), zoom: map.getZoom(),
                        withLegend: !!map.getContainer().querySelector(".dba-legend")};
  };

  // Only the first legend moves the overview: later ones (a filter change) differ by a line or two, and the map
  // must not jump while the user filters.
  dba.refitOverview = function (map) {
    var o = map._dbaOverview;
    if (!o || o.withLegend || map._dbaViewChosen || map.getZoom() !== o.zoom || !map.getCenter().equals(o.centre)) return;
    dba.fitOverview(map, o.bounds, o.padding);
  };

  // A legend that belongs to a layer: it appears when the selection layer is added to the map and disappears
  // when streamlit-folium removes that layer on the next filter change (a plain L.control would pile up).
  dba.layerLegend = function (parent, html) {
    var layer = new (L.Layer.extend({
      onAdd: function (map) {
        this._control = L.control({position: "bottomright"});
        this._control.onAdd = function () {
          var div = L.DomUtil.create("div", "dba-legend");
          div.innerHTML = html;
          L.DomEvent.disableClickPropagation(div);
          return div;
        };
        this._control.addTo(map);
        dba.refitOverview(map);
      },
      onRemove: function () { if (this._control) { this._control.remove(); this._control = null; } }
    }))();
    parent.addLayer(layer);
    return layer;
  };

  // Labels with a min zoom (zones) are hidden ("dba-minor") below it, so a zone is named as soon as it is a few
  // pixels wide. Runs on zoomend before the declutter (which skips hidden labels).
  dba.minZoomLabels = function (map) {
    function sync() {
      var z = map.getZoom();
      map.getContainer().querySelectorAll(".dba-label [data-min-zoom]").forEach(function (el) {
        el.classList.toggle("dba-minor", z < Number(el.getAttribute("data-min-zoom")));
      });
    }
    map.on("zoomend", sync);
    map.whenReady(function () { setTimeout(sync, 0); });
    sync();
  };

  // The map goes to what the user asked about: when the region filter changes (a choice or a popup's filter
  // action), fit the map to the regions with padding; cleared, back to the overview. `key` names the regions, so
  // a rerun for another reason (a theme) leaves the user's pan and zoom alone. `initial` [lat, lon, zoom]: the view
  // a shared link named, used once when the frame is first drawn.
  dba.fitView = function (parent, key, bounds, initial, padding) {
    var layer = new (L.Layer.extend({
      onAdd: function (map) {
        var first = map._dbaFitKey === undefined;
        if (first && initial) {
          map._dbaFitKey = key;
          map._dbaViewChosen = true;
          map.setView([initial[0], initial[1]], initial[2], {animate: false});
          return;
        }
        if (key === map._dbaFitKey) return;
        map._dbaFitKey = key;
        if (!bounds || (first && !key)) return;
        map._dbaViewChosen = true;
        var options = dba.fitOptions(map, padding, !first);
        options.maxZoom = 11;
        map.fitBounds(bounds, options);
      },
      onRemove: function () {}  // L.Layer has none; streamlit-folium removes the old selection layer on a rerun
    }))();
    parent.addLayer(layer);
    return layer;
  };

  // The view (centre and zoom) in the page's address, so a copied link opens at the same view. Written with
  // replaceState (no history entry, no rerun); the frame is same-origin in the app, a standalone file skips it.
  // Re-checked every second: Streamlit rewrites the address on a filter change with the view it knew at load.
  dba.viewUrl = function (map, key) {
    var home = null;
    // Only a view the user reached (drag, wheel, keys, zoom buttons) or the app chose (fitView) is worth a link.
    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { map._dbaViewChosen = true; }, {passive: true});
    });
    function value() {
      var c = map.getCenter();
      return c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + Math.round(map.getZoom() * 100) / 100;
    }
    function write() {
      try {
        var w = root.parent;
        if (!w || w === root || !map._loaded) return;
        var size = map.getSize();
        if (!size.x || !size.y) return;
        var url = new URL(w.location.href), v = value(), now = url.searchParams.get(key);
        if (home === null) home = now ? "" : v;  // the view the page opened at, unless the link named one
        if (!map._dbaViewChosen && now === null) return;
        if (v === home) { if (now === null) return; url.searchParams.delete(key); }
        else { if (now === v) return; url.searchParams.set(key, v); }
        w.history.replaceState(w.history.state, "", url.toString());
      } catch (e) { /* not same-origin: nothing to keep */ }
    }
    map.on("moveend", write);
    map.whenReady(function () { setTimeout(write, 300); });
    setInterval(write, 1000);
  };

  // The app's map frame is sized by the page (static/map/page.css), after Leaflet has measured it: follow the
  // container's size, so the shapes are drawn over the whole frame. An overview nobody has moved yet is fitted
  // again to the data (`bounds`), clear of the legend, so it fills a tall 4K frame as well as a 1440×900 one; a
  // shared view or a chosen region keeps its centre.
  dba.trackSize = function (map, bounds, padding) {
    if (!root.ResizeObserver) return;
    new ResizeObserver(function () {
      map.invalidateSize({animate: false});
      if (!map._dbaViewChosen && bounds) dba.fitOverview(map, bounds, padding);
    }).observe(map.getContainer());
  };

  // Click a city, SAR or zone: a popup lists the selected measures that concern it (序号, theme, short text), with
  // the click-to-filter as a button. data: {places: {id: {title, note, ids (the first `limit`), n, sel}}, lines: {measure id: html},
  // labels: {filter, unfilter, more}, limit}; all HTML escaped in Python. The button hands the place back to
  // the app as before (a click on the feature, with properties.action = "filter"); a plain click says "show".
  dba.placePopups = function (parent, data) {
    var layer = new (L.Layer.extend({
      onAdd: function (map) {
        map._dbaPopups = data;
        map.eachLayer(function (l) {
          var p = l.feature && l.feature.properties;
          if (!p || !p.place || l._dbaPopupBound || !l.on) return;
          if (l.getLayers) return;  // a group: its members are bound one by one
          l._dbaPopupBound = true;
          l.on("click", function (e) { dba._placePopup(map, l, e); });
        });
      },
      onRemove: function (map) { if (map._dbaPopups === data) map._dbaPopups = null; }
    }))();
    parent.addLayer(layer);
    return layer;
  };

  dba._placePopup = function (map, l, e) {
    var d = map._dbaPopups, p = l.feature.properties;
    if (e.dbaAction || !d || !d.places[p.place]) return;
    p.action = "show";
    var info = d.places[p.place], html = '<div class="dba-pop"><div class="ttl">' + info.title + "</div>";
    if (info.note) html += '<div class="note">' + info.note + "</div>";
    if (info.ids.length) {
      html += "<ol>" + info.ids.map(function (i) { return "<li>" + d.lines[i] + "</li>"; }).join("") + "</ol>";
      if (info.n > info.ids.length) html += '<div class="note">' + d.labels.more.replace("{n}", info.n - info.ids.length) + "</div>";
    }
    html += '<button type="button" class="dba-pop-filter">' + (info.sel ? d.labels.unfilter : d.labels.filter) + "</button></div>";
    var popup = L.popup({maxWidth: 380, minWidth: 260, autoPanPadding: [20, 20], className: "dba-popup"})
      .setLatLng(e.latlng).setContent(html).openOn(map);
    var button = popup.getElement() && popup.getElement().querySelector(".dba-pop-filter");
    if (button) {
      L.DomEvent.on(button, "click", function (ev) {
        L.DomEvent.stop(ev);
        p.action = "filter";
        map.closePopup(popup);
        l.fire("click", {latlng: e.latlng, layer: l, dbaAction: true}, true);
      });
    }
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
