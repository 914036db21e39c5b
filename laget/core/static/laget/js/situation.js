// The lägesbild map: the municipality, its areas, the period's report points and the hot spots.
// Data comes from <script type="application/json" id="situation-map-data"> (no inline JS, CSP-safe).
(function () {
  "use strict";
  var el = document.getElementById("situation-map");
  var dataEl = document.getElementById("situation-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var labels = data.labels || {};
  var tileUrl = document.documentElement.dataset.tiles || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(tileUrl, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  var bounds = null;
  if (data.municipality && data.municipality.boundary) {
    var m = L.geoJSON(data.municipality.boundary, { style: { color: "#0b4f71", weight: 2, fill: false } }).addTo(map);
    bounds = m.getBounds();
  }
  var areas = L.layerGroup();
  (data.areas || []).forEach(function (a) {
    var layer = L.geoJSON(a.boundary, { style: { color: "#4a5560", weight: 2, fillOpacity: 0.05 } });
    layer.bindTooltip(a.name);
    areas.addLayer(layer);
  });
  areas.addTo(map);

  var hotspots = L.geoJSON(data.hotspots || { type: "FeatureCollection", features: [] }, {
    style: { color: "#a4161a", weight: 1, fillColor: "#a4161a", fillOpacity: 0.45 },
    onEachFeature: function (feature, layer) {
      var p = feature.properties || {};
      layer.bindTooltip((labels.hotspots || "") + ": " + p.local + " " + (labels.reports || "") + " (Gi* z = " + p.z + ")");
    }
  });
  hotspots.addTo(map);

  var points = L.layerGroup();
  (data.points || []).forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(4 + Math.sqrt(p.count) * 2, 14),
      color: "#0b4f71", weight: 1, fillColor: "#0b4f71", fillOpacity: 0.6
    });
    marker.bindTooltip(p.label + (p.count > 1 ? " (" + p.count + ")" : ""));
    points.addLayer(marker);
  });
  points.addTo(map);

  var overlays = {};
  overlays[labels.points || "Reports"] = points;
  overlays[labels.hotspots || "Hot spots"] = hotspots;
  overlays[labels.areas || "Areas"] = areas;
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  if (!bounds && (data.points || []).length) {
    bounds = L.latLngBounds(data.points.map(function (p) { return [p.lat, p.lon]; }));
  }
  if (bounds) { map.fitBounds(bounds); } else { map.setView([62, 15], 5); }
})();
