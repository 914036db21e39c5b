// Läget reporting: the report form's map point and "use my position", the reminder for
// categories that may involve children, the "when" choice, and the weekly checklist's
// progressive reveal. Without JavaScript every field is simply visible.
// Data comes from data- attributes and a json_script element (no inline JS, CSP-safe).
(function () {
  "use strict";

  // --- The reminder: a lägesrapport never replaces an orosanmälan -----------------------------
  var category = document.querySelector("select[name=category]");
  var reminder = document.querySelector("[data-children-reminder]");
  if (category && reminder) {
    var showReminder = function () {
      var option = category.options[category.selectedIndex];
      reminder.hidden = !(option && option.getAttribute("data-involves-children") === "true");
    };
    category.addEventListener("change", showReminder);
    showReminder();
  }

  // --- When: during the week, or at a specific time --------------------------------------------
  var when = document.querySelector("[data-when]");
  if (when) {
    var showWhen = function () {
      var chosen = when.querySelector("input[name=when]:checked");
      var value = chosen ? chosen.value : "week";
      when.querySelectorAll("[data-when-part]").forEach(function (part) {
        part.hidden = part.getAttribute("data-when-part") !== value;
      });
    };
    when.querySelectorAll("input[name=when]").forEach(function (radio) {
      radio.addEventListener("change", showWhen);
    });
    showWhen();
  }

  // --- The weekly checklist: details only for "Has happened" -----------------------------------
  document.querySelectorAll("[data-check-item]").forEach(function (item) {
    var details = item.querySelector("[data-check-details]");
    if (!details) { return; }
    var answers = item.querySelectorAll("input[name$='-answer']");
    var update = function () {
      var chosen = item.querySelector("input[name$='-answer']:checked");
      var happened = chosen !== null && chosen.value === "happened";
      // Fields with an error stay visible whatever the answer, so the message is never hidden.
      details.hidden = !happened && !details.querySelector(".errorlist");
    };
    answers.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });

  // --- The map: click (or use my position) to mark the place -----------------------------------
  var mapEl = document.getElementById("report-map");
  var dataEl = document.getElementById("report-map-data");
  if (!mapEl || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var lonInput = document.querySelector("input[name=lon]");
  var latInput = document.querySelector("input[name=lat]");
  var status = document.querySelector("[data-point-status]");
  var locateButton = document.querySelector("[data-locate]");
  var clearButton = document.querySelector("[data-clear-point]");
  var tileUrl = document.documentElement.dataset.tiles || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  var map = L.map(mapEl, { scrollWheelZoom: false });
  L.tileLayer(tileUrl, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
  var bounds = null;
  if (data.municipality && data.municipality.boundary) {
    var outline = L.geoJSON(data.municipality.boundary, {
      interactive: false,
      style: { color: "#0b4f71", weight: 2, fill: false }
    }).addTo(map);
    bounds = outline.getBounds();
  }
  var areaBounds = null;
  (data.areas || []).forEach(function (area) {
    var layer = L.geoJSON(area.boundary, {
      className: "report-area report-area-" + area.id,
      style: { color: "#a4161a", weight: 2, fillOpacity: 0.12 }
    }).addTo(map);
    layer.bindTooltip(area.name);
    areaBounds = areaBounds ? areaBounds.extend(layer.getBounds()) : layer.getBounds();
  });
  // Reports are mostly about the areas: start there, with the whole municipality one zoom away.
  if (areaBounds) { map.fitBounds(areaBounds.pad(0.1)); }
  else if (bounds) { map.fitBounds(bounds); }
  else { map.setView([62, 15], 5); }

  var marker = null;
  function say(text) { if (status) { status.textContent = text; } }

  function setPoint(lat, lon) {
    lonInput.value = lon.toFixed(6);
    latInput.value = lat.toFixed(6);
    if (marker) { marker.setLatLng([lat, lon]); }
    else {
      marker = L.circleMarker([lat, lon], {
        radius: 9, color: "#1b1f24", weight: 3, fillColor: "#ffbf47", fillOpacity: 1, interactive: false
      }).addTo(map);
    }
    say(status.getAttribute("data-label-chosen") + " " + lat.toFixed(5) + ", " + lon.toFixed(5));
    if (clearButton) { clearButton.hidden = false; }
  }

  function clearPoint() {
    lonInput.value = "";
    latInput.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    say(status.getAttribute("data-label-none"));
    if (clearButton) { clearButton.hidden = true; }
  }

  map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng); });
  if (clearButton) { clearButton.addEventListener("click", clearPoint); }

  // A form shown again after an error keeps its point.
  var lat0 = parseFloat(latInput.value);
  var lon0 = parseFloat(lonInput.value);
  if (isFinite(lat0) && isFinite(lon0)) { setPoint(lat0, lon0); }

  if (locateButton && navigator.geolocation) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", function () {
      say(status.getAttribute("data-label-locating"));
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(position.coords.latitude, position.coords.longitude);
          map.setView([position.coords.latitude, position.coords.longitude], 15);
        },
        function () { say(status.getAttribute("data-label-denied")); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
})();
