// The county overview's map (laget.regional): each municipality coloured by the state of its
// work under Lag 2023:196. No web tiles and no inline script; the table is the accessible view.
(function () {
  "use strict";
  var el = document.getElementById("county-map");
  var dataEl = document.getElementById("county-map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var colours = { complete: "#1d6b35", partial: "#b36b00", none: "#777" };
  function text(value) { var span = document.createElement("span"); span.textContent = value; return span; }
  var map = L.map(el, { scrollWheelZoom: false, attributionControl: false });
  var layer = L.geoJSON(data, {
    style: function (f) { return { color: "#333", weight: 1, fillColor: colours[f.properties.state] || "#777", fillOpacity: 0.45 }; },
    onEachFeature: function (f, l) { l.bindTooltip(text(f.properties.name)); }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([60.5, 15.5], 6); }
})();
