// Maps of the catalog lists and listing pages, with the vendored Leaflet (static/vendor/leaflet/). A file of its
// own so that the Content-Security-Policy needs no inline script; everything it needs is in data attributes.
// Without JavaScript (or without Leaflet) the list works alone: the «Список / Карта» switch stays hidden.
(function () {
  "use strict";
  if (!window.L) return;
  var L = window.L;

  function tileLayer(element) {
    var url = element.dataset.tileUrl;
    if (!url) return null;
    return L.tileLayer(url, { maxZoom: 19, attribution: element.dataset.tileAttribution || "" });
  }

  // A map with the tiles and the page's language on its controls (Leaflet's own are English).
  function newMap(canvas, options) {
    var settings = canvas.dataset.tileUrl !== undefined ? canvas : canvas.closest("[data-tile-url]");
    var labels = settings.dataset;
    var map = L.map(canvas, L.extend({ zoomControl: false }, options));
    L.control.zoom({ zoomInTitle: labels.labelZoomIn, zoomOutTitle: labels.labelZoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var tiles = tileLayer(settings);
    if (tiles) tiles.addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", labels.labelClose);
    });
    return map;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  }

  function wrapLng(lng) {
    return L.Util.wrapNum(lng, [-180, 180], true);
  }

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  // -- the list's map --------------------------------------------------------------------------------------------
  var box = document.querySelector("[data-listing-map]");
  var toggle = document.querySelector("[data-view-switch]");
  if (box && toggle) {
    var canvas = box.querySelector("[data-map-canvas]");
    var status = box.querySelector("[data-map-status]");
    var searchArea = box.querySelector("[data-map-search-area]");
    var radiusSelect = box.querySelector("[data-map-radius]");
    var nearMe = box.querySelector("[data-map-near-me]");
    var map = null;
    var userMoved = false;

    var go = function (changes) {
      var url = new URL(window.location.href);
      Object.keys(changes).forEach(function (name) {
        if (changes[name] === null) url.searchParams.delete(name);
        else url.searchParams.set(name, changes[name]);
      });
      url.searchParams.delete("page");
      url.searchParams.set("view", "map");
      window.location.assign(url.toString());
    };

    var searchNear = function (lat, lng) {
      go({ near: round(lat) + "," + round(wrapLng(lng)), radius: radiusSelect.value, bbox: null });
    };

    var popupFor = function (feature) {
      var props = feature.properties;
      var content = document.createElement("div");
      content.className = "map-popup";
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = props.title;
      content.appendChild(link);
      var lines = [];
      if (props.note) lines.push(props.note);
      if (props.distance_km !== undefined) {
        lines.push(format(box.dataset.labelDistance, { distance: props.distance_km.toLocaleString(document.documentElement.lang) }));
      }
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        content.appendChild(p);
      });
      return content;
    };

    var fitInitial = function (layer) {
      var bbox = (box.dataset.bbox || "").split(",").map(Number);
      var near = (box.dataset.near || "").split(",").map(Number);
      if (bbox.length === 4 && bbox.every(isFinite) && box.dataset.bbox) {
        var east = bbox[2] < bbox[0] ? bbox[2] + 360 : bbox[2];
        map.fitBounds([[bbox[1], bbox[0]], [bbox[3], east]]);
      } else if (near.length === 2 && near.every(isFinite) && box.dataset.near) {
        var circle = L.circle([near[0], near[1]], { radius: Number(box.dataset.radius) * 1000, interactive: false });
        circle.addTo(map);
        map.fitBounds(circle.getBounds());
      } else if (layer.getLayers().length) {
        map.fitBounds(layer.getBounds(), { maxZoom: 14, padding: [24, 24] });
      } else {
        map.setView([48, 68], 3);
      }
      // the moves above are ours; only the visitor's offer a new search
      window.setTimeout(function () { userMoved = true; }, 0);
    };

    var load = function () {
      fetch(box.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          var layer = L.geoJSON(data, {
            pointToLayer: function (feature, latlng) {
              return L.marker(latlng, { title: feature.properties.title, alt: feature.properties.title });
            },
            onEachFeature: function (feature, marker) { marker.bindPopup(popupFor(feature)); }
          }).addTo(map);
          var count = data.features.length;
          if (!count) status.textContent = box.dataset.labelEmpty;
          else if (data.truncated) status.textContent = box.dataset.labelTruncated;
          else status.textContent = format(box.dataset.labelCount, { count: count });
          box.dataset.markers = String(count);
          fitInitial(layer);
        })
        .catch(function () {
          status.textContent = box.dataset.labelError;
          fitInitial(L.featureGroup());
        });
    };

    var createMap = function () {
      map = newMap(canvas, { scrollWheelZoom: false });
      map.on("moveend", function () {
        if (userMoved) searchArea.hidden = false;
      });
      map.on("click", function (event) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = box.dataset.labelNearPoint;
        button.addEventListener("click", function () { searchNear(event.latlng.lat, event.latlng.lng); });
        L.popup().setLatLng(event.latlng).setContent(button).openOn(map);
      });
      load();
    };

    var setView = function (view) {
      var showMap = view === "map";
      box.hidden = !showMap;
      document.querySelectorAll("[data-listing-cards]").forEach(function (element) { element.hidden = showMap; });
      toggle.querySelectorAll("[data-view]").forEach(function (button) {
        button.setAttribute("aria-pressed", button.dataset.view === view ? "true" : "false");
      });
      // the filters keep the view when sent again
      var form = document.querySelector(".filter-form");
      var input = form && form.querySelector("input[name=view]");
      if (form && showMap && !input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "view";
        form.appendChild(input);
      }
      if (input) {
        if (showMap) input.value = "map"; else input.remove();
      }
      var url = new URL(window.location.href);
      if (showMap) url.searchParams.set("view", "map"); else url.searchParams.delete("view");
      window.history.replaceState(null, "", url.toString());
      if (showMap) {
        if (!map) createMap(); else map.invalidateSize();
      }
    };

    toggle.hidden = false;
    toggle.addEventListener("click", function (event) {
      var button = event.target.closest("[data-view]");
      if (button) setView(button.dataset.view);
    });
    searchArea.addEventListener("click", function () {
      var bounds = map.getBounds();
      var west = bounds.getWest();
      var east = bounds.getEast();
      if (east - west >= 360) { west = -180; east = 180; } else { west = wrapLng(west); east = wrapLng(east); }
      var south = Math.max(-90, bounds.getSouth());
      var north = Math.min(90, bounds.getNorth());
      go({ bbox: [west, south, east, north].map(round).join(","), near: null, radius: null });
    });
    radiusSelect.addEventListener("change", function () {
      if (box.dataset.near) {
        var near = box.dataset.near.split(",").map(Number);
        searchNear(near[0], near[1]);
      }
    });
    if (navigator.geolocation && window.isSecureContext) {
      nearMe.hidden = false;
      nearMe.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          searchNear(position.coords.latitude, position.coords.longitude);
        });
      });
    }
    if (new URLSearchParams(window.location.search).get("view") === "map") setView("map");
  }

  // -- a listing's own point ------------------------------------------------------------------------------------
  document.querySelectorAll("[data-point-map]").forEach(function (element) {
    var point = [Number(element.dataset.lat), Number(element.dataset.lon)];
    if (!point.every(isFinite)) return;
    var pointMap = newMap(element, { scrollWheelZoom: false }).setView(point, 15);
    L.marker(point, { title: element.dataset.title, alt: element.dataset.title }).addTo(pointMap);
  });
})();
