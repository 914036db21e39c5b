// Citizen tips: the tip form's map (click or "use my position" to mark the place) and the
// moderators' map of points. No web tiles: the municipality's outline and its areas are drawn
// from GeoJSON, so no visitor's address goes to a tile server. Without JavaScript the form has
// plain latitude/longitude inputs and a "place in words" field.
// Data comes from a json_script element (no inline JS, CSP-safe).
(function () {
  "use strict";
  var mapEl = document.getElementById("tip-map");
  var dataEl = document.getElementById("tip-map-data");
  if (!mapEl || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var map = L.map(mapEl, { scrollWheelZoom: false, zoomSnap: 0.25 });
  var bounds = null;
  if (data.municipality && data.municipality.boundary) {
    var outline = L.geoJSON(data.municipality.boundary, {
      style: { color: "#0b4f71", weight: 2, fillColor: "#e8eef3", fillOpacity: 0.5 }
    }).addTo(map);
    bounds = outline.getBounds();
  }
  (data.areas || []).forEach(function (area) {
    var layer = L.geoJSON(area.boundary, {
      style: { color: "#a4161a", weight: 2, fillOpacity: 0.12 }
    }).addTo(map);
    layer.bindTooltip(area.name);
  });
  var points = data.points || [];
  if (points.length === 1) { map.setView([points[0].lat, points[0].lon], 14); }
  else if (bounds) { map.fitBounds(bounds); }
  else { map.setView([62, 15], 5); }
  function dot(lat, lon) {
    return L.circleMarker([lat, lon], {
      radius: 9, color: "#1b1f24", weight: 3, fillColor: "#ffbf47", fillOpacity: 1
    });
  }
  points.forEach(function (p) { dot(p.lat, p.lon).addTo(map).bindTooltip(p.label); });

  if (mapEl.getAttribute("data-tip-map") !== "pick") { return; }
  var latInput = document.querySelector("input[name=lat]");
  var lonInput = document.querySelector("input[name=lon]");
  var status = document.querySelector("[data-point-status]");
  var locateButton = document.querySelector("[data-locate]");
  var clearButton = document.querySelector("[data-clear-point]");
  var marker = null;
  function say(key) { if (status) { status.textContent = status.getAttribute(key) || ""; } }

  function setPoint(lat, lon) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (marker) { marker.setLatLng([lat, lon]); }
    else { marker = dot(lat, lon).addTo(map); }
    if (status) {
      status.textContent = status.getAttribute("data-label-chosen") + " " + lat.toFixed(5) + ", " + lon.toFixed(5);
    }
    if (clearButton) { clearButton.hidden = false; }
  }
  function clearPoint() {
    latInput.value = "";
    lonInput.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    say("data-label-none");
    if (clearButton) { clearButton.hidden = true; }
  }
  map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng); });
  if (clearButton) { clearButton.addEventListener("click", clearPoint); }
  // Typed coordinates show on the map too.
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var lat = parseFloat(latInput.value.replace(",", "."));
      var lon = parseFloat(lonInput.value.replace(",", "."));
      if (isFinite(lat) && isFinite(lon)) { setPoint(lat, lon); }
    });
  });
  var lat0 = parseFloat(latInput.value);
  var lon0 = parseFloat(lonInput.value);
  if (isFinite(lat0) && isFinite(lon0)) { setPoint(lat0, lon0); }
  if (locateButton && navigator.geolocation) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", function () {
      say("data-label-locating");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(position.coords.latitude, position.coords.longitude);
          map.setView([position.coords.latitude, position.coords.longitude], 15);
        },
        function () { say("data-label-denied"); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
})();
