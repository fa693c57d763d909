/* The map's progress view (geo/render/web/progress_layer.py): zones and facilities coloured by their worst light
 * or their share completed, on top of the base map's zones and facilities. Loaded as an asset after map.js.
 * Python passes JSON only; every HTML string (tooltips) was escaped there.
 */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  // zones: [[place, encoded polygons, fill, light class]]; points: [[lat, lon, tooltip html, fill, light class]].
  // Zones are filled, not clickable (clicks fall through to the base map's zone: its popup lists the measures);
  // facilities are drawn over the base map's white dots. `dbaPlace` names the place of each shape (tests read it).
  dba.progressPlaces = function (parent, zones, points, scale, style) {
    var group = L.featureGroup();
    var decoded = dba.decode(zones.map(function (z) { return [z[0], z[1]]; }), scale);
    decoded.features.forEach(function (f, i) {
      var z = zones[i];
      L.geoJson(f, {pane: style.zonePane, interactive: false, dbaPlace: z[0],
        style: function () {
          return {fillColor: z[2], fillOpacity: 0.8, color: style.line, weight: 1.2, className: "dba-prog " + z[3]};
        }
      }).eachLayer(function (l) { l.options.dbaPlace = z[0]; l.addTo(group); });
    });
    points.forEach(function (d) {
      L.circleMarker([d[0], d[1]], {radius: style.radius, pane: style.pointPane, color: style.line, weight: 1.5,
        fill: true, fillColor: d[3], fillOpacity: 1, className: "dba-prog " + d[4], dbaPlace: d[5]})
        .bindTooltip(d[2], {sticky: false}).addTo(group);
    });
    group.addTo(parent);
    return group;
  };
})(window);
