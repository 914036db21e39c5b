// The public map (laget.public): the municipality, its areas and the grid squares' counts.
// No web tiles and no inline script: the data comes from <script type="application/json">.
(function () {
  "use strict";
  var el = document.getElementById("public-map");
  var dataEl = document.getElementById("public-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  function text(value) { var span = document.createElement("span"); span.textContent = value; return span; }
  var map = L.map(el, { scrollWheelZoom: false, attributionControl: false });
  var bounds = null;
  if (data.municipality) {
    var m = L.geoJSON(data.municipality, { style: { color: "#0b4f71", weight: 2, fillOpacity: 0.03 } }).addTo(map);
    bounds = m.getBounds();
  }
  (data.areas || []).forEach(function (a) {
    L.geoJSON(a.boundary, { style: { color: "#555", weight: 1, dashArray: "4", fillOpacity: 0 } })
      .bindTooltip(text(a.name)).addTo(map);
  });
  var cells = L.geoJSON(data.cells, {
    style: function (f) {
      var hasReports = f.properties.reports !== null;
      return { color: hasReports ? "#a4161a" : "#1d6b35", weight: 1, fillOpacity: hasReports ? 0.35 : 0.2 };
    },
    onEachFeature: function (f, layer) {
      var parts = [];
      if (f.properties.reports !== null) { parts.push(data.labels.reports + ": " + f.properties.reports); }
      (f.properties.tips || []).forEach(function (t) { parts.push(data.labels.tips + " (" + t.type + "): " + t.count); });
      layer.bindTooltip(text(parts.join(" · ")));
    }
  }).addTo(map);
  // Zoom to the squares when there are any: the whole municipality makes them too small to see.
  if (cells.getLayers().length) { bounds = cells.getBounds().pad(0.3); }
  if (bounds && bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([62, 15], 5); }
})();
