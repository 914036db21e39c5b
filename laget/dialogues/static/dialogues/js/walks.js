// Safety walk maps: the municipality, the collaboration's areas, the walk's route and its numbered
// remarks. No web tiles: the boundaries are the background. Modes (data-map on #walk-map):
//   "view"        – show route and remarks;
//   "route-draw"  – click to draw the route into textarea[name=route] (GeoJSON LineString);
//   "point-pick"  – click to place the remark into input[name=lat] / input[name=lon].
// Data comes from <script type="application/json" id="walk-map-data"> (no inline JS, CSP-safe).
(function () {
  "use strict";
  var el = document.getElementById("walk-map");
  var dataEl = document.getElementById("walk-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(el, { scrollWheelZoom: false });
  // Layers are built first and added once the view is set: Leaflet cannot clip a polyline added
  // to a map that has no view yet.
  var layers = [];
  var bounds = null;
  if (data.municipality && data.municipality.boundary) {
    var m = L.geoJSON(data.municipality.boundary, { style: { color: "#0b4f71", weight: 2, fillOpacity: 0.03 } });
    layers.push(m);
    bounds = m.getBounds();
  }
  (data.areas || []).forEach(function (a) {
    var layer = L.geoJSON(a.boundary, { style: { color: "#a4161a", weight: 1, fillOpacity: 0.1 } });
    layer.bindTooltip(a.name);
    layers.push(layer);
    if (data.area_id && a.id === data.area_id) { bounds = layer.getBounds(); }
  });
  var routeLayer = null;
  function showRoute(coords) {
    if (routeLayer) { map.removeLayer(routeLayer); routeLayer = null; }
    if (!coords || coords.length === 0) { return; }
    var latlngs = coords.map(function (c) { return [c[1], c[0]]; });
    routeLayer = L.polyline(latlngs, { color: "#1b5e20", weight: 4 }).addTo(map);
  }
  var routeBounds = null;
  if (data.route && data.route.coordinates && data.route.coordinates.length) {
    routeBounds = L.latLngBounds(data.route.coordinates.map(function (c) { return [c[1], c[0]]; }));
    bounds = routeBounds.pad(0.3);
  }
  var remarkBounds = [];
  (data.remarks || []).forEach(function (r) {
    var icon = L.divIcon({ className: "walk-marker", html: "<span>" + r.number + "</span>", iconSize: [24, 24] });
    var marker = L.marker([r.lat, r.lon], { icon: icon, keyboard: false, title: r.number + ". " + r.text });
    marker.bindTooltip(r.number + ". " + r.text);
    layers.push(marker);
    remarkBounds.push([r.lat, r.lon]);
  });
  if (remarkBounds.length && el.dataset.map !== "route-draw") {
    var rb = L.latLngBounds(remarkBounds);
    if (routeBounds) { rb.extend(routeBounds); }
    bounds = rb.pad(0.3);
  }
  if (bounds) { map.fitBounds(bounds); } else { map.setView([60, 15.8], 11); }
  layers.forEach(function (layer) { layer.addTo(map); });
  if (data.route && data.route.coordinates) { showRoute(data.route.coordinates); }

  if (el.dataset.map === "route-draw") {
    var input = document.querySelector("textarea[name=route]");
    if (!input) { return; }
    var points = [];
    try {
      var existing = JSON.parse(input.value || "null");
      if (existing && existing.coordinates) { points = existing.coordinates.slice(); }
    } catch (e) { points = []; }
    var sync = function () {
      showRoute(points);
      input.value = points.length >= 2 ? JSON.stringify({ type: "LineString", coordinates: points }) : "";
    };
    map.on("click", function (e) {
      points.push([Number(e.latlng.lng.toFixed(6)), Number(e.latlng.lat.toFixed(6))]);
      sync();
    });
    var clear = document.createElement("button");
    clear.type = "button";
    clear.id = "walk-route-clear";
    clear.className = "button button--secondary";
    clear.textContent = el.dataset.clearLabel || "Rensa rutten";
    clear.addEventListener("click", function () { points = []; sync(); });
    el.insertAdjacentElement("afterend", clear);
  }

  if (el.dataset.map === "point-pick") {
    var lat = document.querySelector("input[name=lat]");
    var lon = document.querySelector("input[name=lon]");
    if (!lat || !lon) { return; }
    var pick = null;
    var place = function (la, lo) {
      if (pick) { map.removeLayer(pick); }
      pick = L.circleMarker([la, lo], { radius: 8, color: "#a4161a" }).addTo(map);
    };
    if (lat.value && lon.value) { place(Number(lat.value), Number(lon.value)); }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng.lat, e.latlng.lng);
    });
  }
})();
