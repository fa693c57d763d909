// Exported HTML map: a click on a city or SAR opens a popup listing the measures counted there.
// `popups` maps place id -> HTML built and escaped in Python (geo/export/html_page.py); nothing here builds markup.
function dbaBindExportPopups(layer, popups) {
  layer.eachLayer(function (l) {
    var html = popups[l.feature && l.feature.properties && l.feature.properties.place];
    if (html) {
      l.bindPopup(html, { maxWidth: 420, maxHeight: 320, className: "dba-export-popup" });
    }
  });
}
