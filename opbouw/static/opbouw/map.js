/*
 * opbouw map.js: Leaflet maps configured by data attributes (no inline script: strict CSP).
 *
 *   <div class="opbouw-map" data-asset-map
 *        data-boundaries-url="/buurtbeeld/grenzen.geojson?gebied=WK016405"   area outlines
 *        data-features-url="/buurtbeeld/kaart.geojson?gebied=WK016405"       assets (optional)
 *        data-kinds="map-kinds"             id of a json_script: {kind: {label, letter}}
 *        data-detail-url="/buurtbeeld/__id__/"  link of an asset in its popup
 *        data-add-url="/buurtbeeld/nieuw/"  map page: a click offers "add here"
 *        data-pick-lat="id_latitude" data-pick-lon="id_longitude"   form page: a click fills these
 *        data-marker-lat="52.26" data-marker-lon="6.79"             one fixed marker (detail page)
 *        data-tile-url="" data-tile-attribution=""                  no tile URL: no tiles (offline)
 *        data-text-*="…">                   translated texts (see TEXT below)
 *   </div>
 *
 * Beside the map, optional controls (found through data-map-for="<map id>"):
 *   input[type=checkbox][data-map-kind=KIND]   a layer per kind, switched on and off
 *   input[data-map-search]                     filters markers and the list as you type
 *   [data-map-list]                            the assets in view, rebuilt on every move
 *   [data-map-count]                           "N in beeld" (a polite live region)
 *   button[data-map-pick-center]               pick the centre of the map (keyboard users)
 *
 * Markers are divIcons whose colour comes from a CSS class per kind (assets.css): an inline
 * style would break the CSP; Leaflet itself positions through the CSSOM, which CSP allows.
 * Each kind is its own MarkerClusterGroup, so a layer can be switched off without rebuilding
 * the others. The page sets data-map-ready="1" when the data is drawn (tests wait for it).
 */
(function () {
  "use strict";

  var TEXT = {
    addHere: "Krachtbron hier toevoegen",
    view: "Bekijk",
    residents: "bewoners",
    resident: "bewoner",
    inView: "%s in beeld",
    more: "en nog %s: zoom in of zoek om ze te zien",
    none: "Niets gevonden in dit deel van de kaart.",
    picked: "Plek gekozen: %s",
    showOnMap: "Toon op de kaart",
    show: "Toon",
    error: "De kaart kon de gegevens niet laden.",
  };
  var LIST_LIMIT = 50;
  var MAX_LABELS = 20;
  var FALLBACK_VIEW = { center: [52.2, 5.4], zoom: 7 };

  function format(template, value) {
    return String(template).replace("%s", value);
  }

  function texts(el) {
    var result = {};
    Object.keys(TEXT).forEach(function (key) {
      var attr = "data-text-" + key.replace(/[A-Z]/g, function (c) {
        return "-" + c.toLowerCase();
      });
      result[key] = el.getAttribute(attr) || TEXT[key];
    });
    return result;
  }

  function readJson(id) {
    var script = id && document.getElementById(id);
    if (!script) return {};
    try {
      return JSON.parse(script.textContent);
    } catch (error) {
      return {};
    }
  }

  function fetchJson(url) {
    // A plain same-origin GET, so it matches the page's <link rel="preload" as="fetch">.
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      mark("opbouw-map:response " + url.split("?")[0].split("/").pop());
      return response.json();
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function icon(kind, letter) {
    return window.L.divIcon({
      className: "assets-marker assets-marker--" + kind,
      html: '<span aria-hidden="true">' + (letter || "•") + "</span>",
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -12],
    });
  }

  // Timing marks for the benchmark (benchmarks/assets), visible in the browser's profiler.
  function mark(name) {
    if (window.performance && window.performance.mark) window.performance.mark(name);
  }

  function round6(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function controls(el, selector) {
    if (!el.id) return [];
    return Array.prototype.slice.call(
      document.querySelectorAll('[data-map-for="' + el.id + '"]' + selector + ', [data-map-for="' + el.id + '"] ' + selector)
    );
  }

  function init(el) {
    var L = window.L;
    if (!L || el.getAttribute("data-map-ready") !== null || el.dataset.mapStarted) return;
    el.dataset.mapStarted = "1";
    el.setAttribute("aria-busy", "true");
    var text = texts(el);
    var kinds = readJson(el.getAttribute("data-kinds"));
    var tileUrl = el.getAttribute("data-tile-url");
    // maxZoom on the map itself: without a tile layer Leaflet has none, and clustering needs it.
    var map = L.map(el, { attributionControl: !!tileUrl, keyboard: true, maxZoom: 19 });
    map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: el.getAttribute("data-tile-attribution") || "",
      }).addTo(map);
    }
    el.opbouwMap = map;
    var pending = [];
    var fitted = false;

    // The view is set once everything has loaded: the area's outline if there is one (the
    // area, not where its assets happen to be), else the assets; a picked point stays in view.
    var extent = { area: null, features: null };

    function fit() {
      var bounds = extent.area || extent.features;
      if (fitted || !bounds || !bounds.isValid()) return;
      bounds = L.latLngBounds([bounds.getSouthWest(), bounds.getNorthEast()]);
      if (el.opbouwPick) bounds.extend(el.opbouwPick.getLatLng());
      map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17, animate: false });
      fitted = true;
    }

    /* -- area boundaries: drawn even without tiles, so the map is never empty ---------- */
    var boundariesUrl = el.getAttribute("data-boundaries-url");
    if (boundariesUrl) {
      pending.push(
        fetchJson(boundariesUrl).then(function (collection) {
          // Names on the map for a wijk's handful of buurten; for a whole gemeente (62) they
          // would cover the map and cost a layout each, so there the list says where things are.
          var buurten = (collection.features || []).filter(function (feature) {
            return feature.properties && feature.properties.level === "buurt";
          }).length;
          var labels = buurten <= MAX_LABELS;
          var layer = L.geoJSON(collection, {
            // Many outlines are cheaper drawn on one canvas than as hundreds of SVG paths.
            renderer: labels ? undefined : L.canvas({ padding: 0.2 }),
            interactive: false,
            style: function (feature) {
              var level = feature.properties && feature.properties.level;
              // Colours as options: Leaflet writes them as SVG attributes, not as styles.
              return {
                className: "assets-area assets-area--" + level,
                color: level === "buurt" ? "#005f66" : "#1d2b2f",
                weight: level === "buurt" ? 1.5 : 3,
                fill: level === "buurt",
                fillColor: "#005f66",
                fillOpacity: 0.06,
              };
            },
            onEachFeature: function (feature, shape) {
              if (labels && feature.properties && feature.properties.level === "buurt") {
                shape.bindTooltip(feature.properties.name, {
                  permanent: true,
                  direction: "center",
                  className: "assets-area-label",
                });
              }
            },
          }).addTo(map);
          extent.area = layer.getBounds();
          mark("opbouw-map:boundaries-drawn");
        })
      );
    }

    /* -- a fixed marker (detail page) --------------------------------------------------- */
    var fixedLat = parseFloat(el.getAttribute("data-marker-lat"));
    var fixedLon = parseFloat(el.getAttribute("data-marker-lon"));
    if (!isNaN(fixedLat) && !isNaN(fixedLon)) {
      var kind = el.getAttribute("data-marker-kind") || "place";
      L.marker([fixedLat, fixedLon], {
        icon: icon(kind, (kinds[kind] || {}).letter),
        keyboard: false,
      }).addTo(map);
      map.setView([fixedLat, fixedLon], 16);
      fitted = true;
    }

    /* -- the assets, a cluster layer per kind -------------------------------------------- */
    var groups = {};
    var markers = [];
    var detailUrl = el.getAttribute("data-detail-url") || "";

    function residents(n) {
      return n + " " + (n === 1 ? text.resident : text.residents);
    }
    var searchInput = controls(el, "[data-map-search]")[0];
    var kindBoxes = controls(el, "[data-map-kind]");
    var list = controls(el, "[data-map-list]")[0];
    var count = controls(el, "[data-map-count]")[0];

    function popupFor(feature) {
      var p = feature.properties;
      var box = element("div", "assets-popup");
      box.appendChild(element("strong", "assets-popup__name", p.name));
      var meta = (kinds[p.kind] || {}).label || p.kind;
      if (p.count) meta = residents(p.count) + " · " + meta;
      box.appendChild(element("div", "assets-popup__meta", meta + (p.area ? " · " + p.area : "")));
      if (p.kind !== "gift" && detailUrl) {
        var link = element("a", "utrecht-link utrecht-link--html-a", text.view);
        link.href = detailUrl.replace("__id__", feature.id);
        box.appendChild(link);
      }
      return box;
    }

    function openEntry(entry) {
      L.popup({ offset: [0, -10] })
        .setLatLng(entry.marker.getLatLng())
        .setContent(popupFor(entry.feature))
        .openOn(map);
    }

    function groupFor(kind) {
      if (!groups[kind]) {
        groups[kind] = L.markerClusterGroup({
          // Small chunks: seven layers of 10,000 markers must not block the page while they
          // cluster; the map paints after the first chunk of each and fills in from there.
          chunkedLoading: true,
          chunkInterval: 20,
          chunkDelay: 10,
          showCoverageOnHover: false,
          spiderfyOnMaxZoom: true,
          maxClusterRadius: 50,
          iconCreateFunction: function (cluster) {
            return L.divIcon({
              className: "assets-cluster assets-cluster--" + kind,
              html: "<span>" + cluster.getChildCount() + "</span>",
              iconSize: [36, 36],
            });
          },
        });
        // One popup for the whole layer, made when a marker is clicked (or Enter is pressed on
        // it), not 10,000 popups made in advance.
        groups[kind].on("click", function (event) {
          if (event.layer && event.layer.opbouwEntry) openEntry(event.layer.opbouwEntry);
        });
        groups[kind].addTo(map);
      }
      return groups[kind];
    }

    function enabledKinds() {
      if (!kindBoxes.length) return null;
      var on = {};
      kindBoxes.forEach(function (box) {
        if (box.checked) on[box.getAttribute("data-map-kind")] = true;
      });
      return on;
    }

    function matches(entry, words) {
      for (var i = 0; i < words.length; i += 1) {
        if (entry.haystack.indexOf(words[i]) === -1) return false;
      }
      return true;
    }

    function visibleEntries() {
      var on = enabledKinds();
      var words = (searchInput && searchInput.value ? searchInput.value : "")
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean);
      return markers.filter(function (entry) {
        return (!on || on[entry.kind]) && matches(entry, words);
      });
    }

    function redraw() {
      var byKind = {};
      visibleEntries().forEach(function (entry) {
        (byKind[entry.kind] = byKind[entry.kind] || []).push(entry.marker);
      });
      Object.keys(groups).forEach(function (kind) {
        groups[kind].clearLayers();
        if (byKind[kind]) groups[kind].addLayers(byKind[kind]);
      });
      renderList();
    }

    function renderList() {
      if (!list && !count) return;
      var bounds = map.getBounds();
      var inView = visibleEntries().filter(function (entry) {
        return bounds.contains(entry.marker.getLatLng());
      });
      if (count) count.textContent = format(text.inView, inView.length);
      if (!list) return;
      // Plain comparisons of a precomputed key: sorting 10,000 names with a locale collator
      // would cost more than drawing them.
      inView.sort(function (a, b) {
        return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      });
      list.textContent = "";
      if (!inView.length) {
        list.appendChild(element("li", "assets-list__item assets-list__item--empty", text.none));
        return;
      }
      inView.slice(0, LIST_LIMIT).forEach(function (entry) {
        var item = element("li", "assets-list__item");
        var swatch = element("span", "assets-marker assets-marker--" + entry.kind, (kinds[entry.kind] || {}).letter || "");
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(swatch);
        var body = element("div", "assets-list__body");
        if (entry.kind !== "gift" && detailUrl) {
          var link = element("a", "utrecht-link utrecht-link--html-a", entry.name);
          link.href = detailUrl.replace("__id__", entry.id);
          body.appendChild(link);
        } else {
          body.appendChild(element("strong", null, entry.name));
        }
        body.appendChild(element("div", "opbouw-muted", entry.meta));
        item.appendChild(body);
        var show = element("button", "utrecht-button utrecht-button--subtle assets-list__show", text.show);
        show.type = "button";
        show.setAttribute("aria-label", text.showOnMap + ": " + entry.name);
        show.addEventListener("click", function () {
          groups[entry.kind].zoomToShowLayer(entry.marker, function () {
            openEntry(entry);
          });
        });
        item.appendChild(show);
        list.appendChild(item);
      });
      if (inView.length > LIST_LIMIT) {
        list.appendChild(element("li", "assets-list__item assets-list__item--more", format(text.more, inView.length - LIST_LIMIT)));
      }
    }

    var featuresUrl = el.getAttribute("data-features-url");
    if (featuresUrl) {
      pending.push(
        fetchJson(featuresUrl).then(function (collection) {
          mark("opbouw-map:features-parsed");
          var icons = {};
          var bounds = L.latLngBounds([]);
          var byKind = {};
          (collection.features || []).forEach(function (feature) {
            var p = feature.properties || {};
            var c = feature.geometry && feature.geometry.coordinates;
            if (!c) return;
            var latLng = L.latLng(c[1], c[0]);
            icons[p.kind] = icons[p.kind] || icon(p.kind, (kinds[p.kind] || {}).letter);
            var marker = L.marker(latLng, { icon: icons[p.kind], title: p.name, alt: p.name, keyboard: true });
            var label = (kinds[p.kind] || {}).label || p.kind;
            var meta = (p.count ? residents(p.count) : label) + (p.area ? " · " + p.area : "");
            var entry = {
              id: feature.id,
              kind: p.kind,
              name: p.name || "",
              key: (p.name || "").toLowerCase(),
              meta: meta,
              marker: marker,
              feature: feature,
              haystack: ((p.name || "") + " " + label + " " + (p.area || "")).toLowerCase(),
            };
            marker.opbouwEntry = entry;
            markers.push(entry);
            (byKind[p.kind] = byKind[p.kind] || []).push(marker);
            bounds.extend(latLng);
          });
          Object.keys(byKind).forEach(function (kind) {
            groupFor(kind);
          });
          mark("opbouw-map:markers-made");
          el.setAttribute("data-feature-count", String(markers.length));
          if (markers.length) extent.features = bounds;
        })
      );
    }

    kindBoxes.forEach(function (box) {
      box.addEventListener("change", redraw);
    });
    if (searchInput) {
      var timer = null;
      searchInput.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(redraw, 150);
      });
      // Enter filters the map instead of posting the no-JS search form.
      searchInput.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          redraw();
        }
      });
    }

    /* -- clicking the map ----------------------------------------------------------------- */
    var latInput = document.getElementById(el.getAttribute("data-pick-lat") || "");
    var lonInput = document.getElementById(el.getAttribute("data-pick-lon") || "");
    var addUrl = el.getAttribute("data-add-url");
    var live = element("p", "visually-hidden");
    live.setAttribute("aria-live", "polite");
    el.parentNode.insertBefore(live, el.nextSibling);

    if (latInput && lonInput) {
      var pickMarker = null;
      var place = function (latLng, announce) {
        if (!pickMarker) {
          pickMarker = L.marker(latLng, { icon: icon("pick", "+"), keyboard: false }).addTo(map);
          el.opbouwPick = pickMarker;
        } else {
          pickMarker.setLatLng(latLng);
        }
        if (announce) live.textContent = format(text.picked, round6(latLng.lat) + ", " + round6(latLng.lng));
      };
      var pick = function (latLng) {
        latInput.value = round6(latLng.lat);
        lonInput.value = round6(latLng.lng);
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
        place(latLng, true);
      };
      map.on("click", function (event) {
        pick(event.latlng);
      });
      var fromInputs = function () {
        var lat = parseFloat(latInput.value);
        var lon = parseFloat(lonInput.value);
        if (!isNaN(lat) && !isNaN(lon)) place(L.latLng(lat, lon), false);
      };
      latInput.addEventListener("input", fromInputs);
      lonInput.addEventListener("input", fromInputs);
      fromInputs();
      el.opbouwPick = pickMarker;
      controls(el, "[data-map-pick-center]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          pick(map.getCenter());
        });
      });
    } else if (addUrl) {
      map.on("click", function (event) {
        var link = element("a", "utrecht-link utrecht-link--html-a", text.addHere);
        var lat = round6(event.latlng.lat);
        var lon = round6(event.latlng.lng);
        link.href = addUrl + (addUrl.indexOf("?") === -1 ? "?" : "&") + "lat=" + lat + "&lon=" + lon;
        L.popup().setLatLng(event.latlng).setContent(link).openOn(map);
      });
    }

    Promise.all(pending)
      .catch(function (error) {
        if (window.console) window.console.error("opbouw map:", error);
        el.setAttribute("data-map-error", "1");
        var message = element("p", "utrecht-paragraph assets-map-error", text.error);
        message.setAttribute("role", "alert");
        el.parentNode.insertBefore(message, el);
      })
      .then(function () {
        fit();
        redraw();
        // From now on the list follows the map (not before: fitting would draw it twice).
        map.on("moveend", renderList);
        mark("opbouw-map:drawn");
        el.removeAttribute("aria-busy");
        el.setAttribute("data-map-ready", "1");
        renderList();
        el.dispatchEvent(new CustomEvent("opbouw:map-ready", { bubbles: true }));
      });
  }

  function initAll(root) {
    var list = [];
    if (root.matches && root.matches("[data-asset-map]")) list.push(root);
    Array.prototype.push.apply(list, root.querySelectorAll("[data-asset-map]"));
    list.forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initAll(document);
    });
  } else {
    initAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) initAll(event.target);
  });
})();
