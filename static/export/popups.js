/* Exported HTML map (geo/export/html_page.py): a click on a city or SAR opens a popup listing the measures
 * counted there. `popups` maps place id -> HTML rendered and escaped in Python (templates/export.html).
 */
(function (root) {
  "use strict";
  var dba = (root.dba = root.dba || {});

  // layer: the selection's dba.choropleth; its polygons exist once the selection is on the map (onAreas).
  dba.exportPopups = function (layer, popups) {
    layer.onAreas(function (areas) {
      areas.eachLayer(function (l) {
        var html = popups[l.feature && l.feature.properties && l.feature.properties.place];
        if (html) {
          l.bindPopup(html, { maxWidth: 420, maxHeight: 320, className: "dba-export-popup" });
        }
      });
    });
    return layer;
  };
})(window);
