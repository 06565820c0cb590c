/* warlog's map: Leaflet with no tiles, a light outline layer, events as circles sized by fatalities.
   Shared by the web page (/static/map.js) and `warlog map --html` (inlined). Every text from the data is
   set with textContent: report-derived strings never become markup. */
"use strict";
var warlogMap = (function () {
  var TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d"
  };
  var FAMILY_COLOURS = {"al Qaeda": "#c0392b", "Islamic State": "#2c3e50", "unknown": "#bdbdbd"};
  var PALETTE = ["#27ae60", "#2980b9", "#f39c12", "#8e44ad", "#16a085", "#e84393", "#7f8c8d", "#d35400",
                 "#6d4c41", "#1abc9c", "#9b59b6", "#34495e"];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  /* colours for the keys present: fixed for event types and the two big families, the rest in turn from
     the palette in sorted order (so the same data always gets the same colours) */
  function colours(keys, by) {
    var out = {}, next = 0;
    keys.slice().sort().forEach(function (key) {
      var fixed = by === "type" ? TYPE_COLOURS[key] : FAMILY_COLOURS[key];
      out[key] = fixed || PALETTE[next++ % PALETTE.length];
    });
    return out;
  }

  function keyOf(props, by) {
    return (by === "family" ? props.family : props.event_type) || "unknown";
  }

  function radius(fatalities) {
    return 4 + 2.5 * Math.sqrt(Math.max(0, fatalities || 0));
  }

  function create(elementId) {
    var map = L.map(elementId, {zoomSnap: 0.5, attributionControl: true, preferCanvas: false});
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders approximate, from GeoNames (CC BY 4.0) · Leaflet");
    map.setView([17, -3], 5);
    return map;
  }

  function drawOutlines(map, data) {
    var lines = L.geoJSON(data, {
      filter: function (f) { return f.geometry && f.geometry.type !== "Point"; },
      style: function (f) {
        return f.properties.kind === "country"
          ? {color: "#555", weight: 1.6, opacity: 0.9}
          : {color: "#999", weight: 0.7, opacity: 0.7, dashArray: "3 3"};
      },
      interactive: false
    }).addTo(map);
    var labels = L.layerGroup();
    (data.features || []).forEach(function (f) {
      if (!f.geometry || f.geometry.type !== "Point") return;
      var c = f.geometry.coordinates;
      var country = f.properties.kind === "label-country";
      var node = el("span", f.properties.name, country ? "label-country" : "label-admin1");
      labels.addLayer(L.marker([c[1], c[0]], {
        icon: L.divIcon({html: node, className: "outline-label", iconSize: null}),
        interactive: false, keyboard: false
      }));
    });
    var countryLabels = L.layerGroup(labels.getLayers().filter(function (m) {
      return m.options.icon.options.html.className === "label-country";
    })).addTo(map);
    var admin1Labels = L.layerGroup(labels.getLayers().filter(function (m) {
      return m.options.icon.options.html.className !== "label-country";
    }));
    function byZoom() {  // admin1 names only when zoomed in far enough to read them
      if (map.getZoom() >= 6.5) admin1Labels.addTo(map); else map.removeLayer(admin1Labels);
    }
    map.on("zoomend", byZoom);
    if (data.bbox) map.fitBounds([[data.bbox[1], data.bbox[0]], [data.bbox[3], data.bbox[2]]]);
    byZoom();
    return lines;
  }

  function popup(props, onOpen) {
    var box = el("div", null, "popup");
    box.appendChild(el("strong", props.sub_event_type || props.event_type));
    box.appendChild(el("div", (props.date || "undated") + (props.precision && props.precision !== "day"
      ? " (" + props.precision + ")" : "")));
    box.appendChild(el("div", props.place));
    if (props.actor1) box.appendChild(el("div", props.actor1 + (props.actor2 ? " vs " + props.actor2 : "")));
    box.appendChild(el("div", (props.fatalities || 0) + " killed · " + props.reports + " report(s)"));
    if (onOpen) {
      var a = el("a", "open event " + props.id);
      a.href = "#event=" + encodeURIComponent(props.id);
      a.className = "open-event";
      a.addEventListener("click", function (ev) { ev.preventDefault(); onOpen(props.id); });
      box.appendChild(a);
    } else {
      box.appendChild(el("div", props.id, "muted"));
    }
    return box;
  }

  function drawEvents(map, layer, data, by, onOpen, fit) {
    if (layer) map.removeLayer(layer);
    var seen = {};
    var palette = colours((data.features || []).map(function (f) { return keyOf(f.properties, by); })
      .filter(function (k, i, all) { return all.indexOf(k) === i; }), by);
    layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        var key = keyOf(f.properties, by);
        seen[key] = palette[key];
        var marker = L.circleMarker(latlng, {
          radius: radius(f.properties.fatalities), color: "#222", weight: 0.8,
          fillColor: seen[key], fillOpacity: 0.75, className: "event-marker"
        });
        marker.bindPopup(function () { return popup(f.properties, onOpen); });
        return marker;
      }
    }).addTo(map);
    if (fit && layer.getLayers().length) map.fitBounds(layer.getBounds().pad(0.3), {maxZoom: 7});
    return {layer: layer, legend: seen};
  }

  function legend(node, seen) {
    node.textContent = "";
    Object.keys(seen).sort().forEach(function (key) {
      var item = el("span", null, "legend-item");
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = seen[key];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(key));
      node.appendChild(item);
    });
    node.appendChild(el("span", "circle area ~ fatalities", "muted"));
  }

  function inRange(props, from, to) {
    if (!props.date) return !from && !to;
    if (from && (props.date_end || props.date) < from) return false;
    if (to && props.date > to) return false;
    return true;
  }

  /* `warlog map --html`: data inlined as JSON in script elements of type application/json */
  function standalone() {
    var data = JSON.parse(document.getElementById("events-data").textContent);
    var outlines = JSON.parse(document.getElementById("outlines-data").textContent);
    var opts = JSON.parse(document.getElementById("map-options").textContent);
    var map = create("map");
    drawOutlines(map, outlines);
    var from = document.getElementById("map-from"), to = document.getElementById("map-to");
    var count = document.getElementById("map-count");
    var dates = data.features.map(function (f) { return f.properties.date; }).filter(Boolean).sort();
    if (dates.length) { from.value = dates[0]; to.value = dates[dates.length - 1]; }
    var drawn = null;
    function redraw() {
      var shown = {type: "FeatureCollection", features: data.features.filter(function (f) {
        return inRange(f.properties, from.value, to.value);
      })};
      var out = drawEvents(map, drawn, shown, opts.colour_by, null, drawn === null);
      drawn = out.layer;
      legend(document.getElementById("legend"), out.legend);
      count.textContent = shown.features.length + " of " + data.features.length + " events";
    }
    from.addEventListener("change", redraw);
    to.addEventListener("change", redraw);
    redraw();
  }

  return {create: create, drawOutlines: drawOutlines, drawEvents: drawEvents, legend: legend,
          colours: colours, standalone: standalone, el: el};
})();
