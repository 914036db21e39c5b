// Läget maps: show the municipality and its areas; optionally draw a polygon by clicking.
// Data comes from a <script type="application/json" id="map-data"> element (no inline JS, CSP-safe).
(function () {
  "use strict";
  var el = document.getElementById("map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var tileUrl = document.documentElement.dataset.tiles || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(tileUrl, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  var bounds = null;
  if (data.municipality && data.municipality.boundary) {
    var m = L.geoJSON(data.municipality.boundary, { style: { color: "#0b4f71", weight: 2, fill: false } }).addTo(map);
    bounds = m.getBounds();
  }
  (data.areas || []).forEach(function (a) {
    var layer = L.geoJSON(a.boundary, { style: { color: "#a4161a", weight: 2, fillOpacity: 0.15 } }).addTo(map);
    layer.bindTooltip(a.name);
    if (data.areas.length === 1) { bounds = layer.getBounds(); }
  });
  if (bounds) { map.fitBounds(bounds); } else { map.setView([62, 15], 5); }

  if (el.dataset.map !== "area-draw") { return; }
  var input = document.querySelector("input[name=boundary_drawn]");
  var points = [];
  var shape = null;
  function redraw() {
    if (shape) { map.removeLayer(shape); }
    if (points.length === 0) { input.value = ""; return; }
    shape = L.polygon(points, { color: "#a4161a" }).addTo(map);
    if (points.length >= 3) {
      var ring = points.map(function (p) { return [p[1], p[0]]; });
      ring.push(ring[0]);
      input.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    } else {
      input.value = "";
    }
  }
  map.on("click", function (e) { points.push([e.latlng.lat, e.latlng.lng]); redraw(); });
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "button button--secondary";
  clear.textContent = el.dataset.clearLabel || "Rensa ritning";
  clear.addEventListener("click", function () { points = []; redraw(); });
  el.insertAdjacentElement("afterend", clear);
})();
