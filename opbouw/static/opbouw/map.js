/*
 * opbouw map.js: Leaflet maps configured by data attributes (no inline script: strict CSP).
 *
 *   <div class="opbouw-map" data-asset-map
 *        data-boundaries-url="/buurtbeeld/grenzen.geojson?gebied=WK016405"   area outlines
 *        data-features-url="/buurtbeeld/kaart.json?gebied=WK016405"          assets (optional)
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
 *   [data-map-count]                           "N in beeld" (a polite live region; after a
 *                                              keyboard zoom it says "Ingezoomd: …")
 *   button[data-map-pick-center]               pick the centre of the map (keyboard users)
 *
 * The assets' data is compact (format "opbouw-map/1", selectors.map_data_json, docs/frontend.md):
 * per layer a column per field (id, lon, lat, name, area index; talents a count instead of an
 * id), coordinates as whole numbers (degrees × "scale"), a quarter of the bytes of the same
 * data as GeoJSON. Everything the markers, popups, list, layers and search show is in it, so a
 * popup opens without another request. Names are data: they go in as textContent, a title or
 * an aria-label, never as HTML.
 *
 * Clustering (docs/frontend.md, benchmarks/assets/RESULTS.md): each kind has its own
 * Supercluster index (vendor/supercluster), built once from the data (10,000 assets: tens
 * of ms). Only what is in view is on the map: on every move the visible clusters and points of
 * each switched-on kind are asked from the indexes and drawn as Leaflet markers, made when
 * first shown. So 10,000 assets cost a few hundred DOM markers, not 10,000 (Leaflet.
 * markercluster made every marker and clustered them all before anything showed: twice the
 * main-thread time to a drawn map).
 * A cluster's click zooms to where it splits; points that share one spot (residents' talents
 * per buurt) open a popup listing them.
 *
 * Keyboard and screen readers (docs/frontend.md "The map by keyboard"): markers and clusters
 * are buttons (Tab, then Enter or Space). A point's name is the asset's name; a cluster's says
 * how many of which kind and what it does ("12 krachtbronnen van het soort plekken —
 * inzoomen"). After a keyboard zoom the focus goes to the nearest marker of that kind where the
 * cluster was, and the count's live region announces the zoom. A popup opened by keyboard (or
 * by a list's "Toon") takes the focus; Escape closes it (anywhere in the map) and the focus
 * returns to its marker. Leaflet's own English labels (zoom buttons, popup close) are
 * replaced by the page's language.
 *
 * Markers are divIcons whose colour comes from a CSS class per kind (assets.css): an inline
 * style would break the CSP; Leaflet itself positions through the CSSOM, which CSP allows.
 *
 * Order of work on the map page: the data is fetched as soon as the script runs (the page
 * preloads both files); the view is fitted to the area's outline, then the markers and the list
 * are drawn; the outlines themselves are drawn after that frame has been painted. Performance
 * marks (opbouw-map:*) time each step for the benchmark: "drawn" is set after the frame with
 * the markers and the list has been painted. data-map-ready="1" follows when the outlines are
 * drawn too (tests wait for it).
 */
(function () {
  "use strict";

  mark("opbouw-map:script");

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
    close: "Sluiten",
    zoomIn: "Inzoomen",
    zoomOut: "Uitzoomen",
    // Counted texts: a form per plural category ("one", "other"), see counted().
    clusterOne: "%(count)s krachtbron van het soort %(kind)s — inzoomen",
    clusterOther: "%(count)s krachtbronnen van het soort %(kind)s — inzoomen",
    stackOne: "%(count)s krachtbron van het soort %(kind)s op één plek — toon de lijst",
    stackOther: "%(count)s krachtbronnen van het soort %(kind)s op één plek — toon de lijst",
    zoomedOne: "Ingezoomd: %(count)s krachtbron in beeld",
    zoomedOther: "Ingezoomd: %(count)s krachtbronnen in beeld",
  };
  var LIST_LIMIT = 50;
  var POPUP_LIMIT = 50;
  var MAX_LABELS = 20;
  var MAX_ZOOM = 19;
  var CLUSTER_RADIUS = 50; // px, as Leaflet.markercluster's maxClusterRadius was
  var FALLBACK_VIEW = { center: [52.2, 5.4], zoom: 7 };

  function format(template, value) {
    return String(template).replace("%s", value);
  }

  // The page's plural rules (Dutch and English: "one" for 1, "other" for the rest).
  var pluralRules = null;
  try {
    pluralRules = new window.Intl.PluralRules(document.documentElement.lang || "nl");
  } catch (error) {
    pluralRules = null;
  }

  // A counted text: text.clusterOne or text.clusterOther, its placeholders filled in.
  function counted(text, name, count, kind) {
    var category = pluralRules ? pluralRules.select(count) : count === 1 ? "one" : "other";
    var template = text[name + (category === "one" ? "One" : "Other")];
    return String(template).replace("%(count)s", count).replace("%(kind)s", kind || "");
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

  // After the next frame has been painted: a task queued from requestAnimationFrame runs once
  // that frame's style, layout and paint are done.
  function afterPaint(callback) {
    if (!window.requestAnimationFrame || document.hidden) {
      window.setTimeout(callback, 0);
      return;
    }
    window.requestAnimationFrame(function () {
      window.setTimeout(callback, 0);
    });
  }

  function round6(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  // The extent of a GeoJSON collection read straight from its coordinates, so the view can be
  // set before (and without) building a layer for it.
  function geojsonBounds(L, collection) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    function walk(coords) {
      if (typeof coords[0] === "number") {
        if (coords[0] < box[0]) box[0] = coords[0];
        if (coords[1] < box[1]) box[1] = coords[1];
        if (coords[0] > box[2]) box[2] = coords[0];
        if (coords[1] > box[3]) box[3] = coords[1];
        return;
      }
      for (var i = 0; i < coords.length; i += 1) walk(coords[i]);
    }
    (collection.features || []).forEach(function (feature) {
      if (feature.geometry && feature.geometry.coordinates) walk(feature.geometry.coordinates);
    });
    if (!isFinite(box[0])) return null;
    return L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
  }

  function controls(el, selector) {
    if (!el.id) return [];
    return Array.prototype.slice.call(
      document.querySelectorAll('[data-map-for="' + el.id + '"]' + selector + ', [data-map-for="' + el.id + '"] ' + selector)
    );
  }

  function init(el) {
    var L = window.L;
    var Supercluster = window.Supercluster;
    if (!L || !Supercluster || el.getAttribute("data-map-ready") !== null || el.dataset.mapStarted) return;
    el.dataset.mapStarted = "1";
    el.setAttribute("aria-busy", "true");

    // The data first: the requests (already under way through the page's preload links) are
    // picked up before anything else is set up.
    var boundariesUrl = el.getAttribute("data-boundaries-url");
    var featuresUrl = el.getAttribute("data-features-url");
    var boundariesData = boundariesUrl ? fetchJson(boundariesUrl) : null;
    var featuresData = featuresUrl ? fetchJson(featuresUrl) : null;

    var text = texts(el);
    var kinds = readJson(el.getAttribute("data-kinds"));
    var tileUrl = el.getAttribute("data-tile-url");
    // maxZoom on the map itself: without a tile layer Leaflet has none, and clustering needs it.
    // Without animated zooms and fades for those who asked their system for less motion.
    var still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var map = L.map(el, {
      attributionControl: !!tileUrl,
      keyboard: true,
      maxZoom: MAX_ZOOM,
      zoomControl: false,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
    });
    // Leaflet's zoom buttons say "Zoom in": in the page's language instead (WCAG 3.1.2).
    L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
    map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: MAX_ZOOM,
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
    var outlines = null;

    function drawOutlines(collection) {
      // Names on the map for a wijk's handful of buurten; for a whole gemeente (62) they
      // would cover the map and cost a layout each, so there the list says where things are.
      var buurten = (collection.features || []).filter(function (feature) {
        return feature.properties && feature.properties.level === "buurt";
      }).length;
      var labels = buurten <= MAX_LABELS;
      // The names go under the markers (a pane between the outlines and the markers, see
      // assets.css), so a buurt's name never covers a marker's letter or a cluster's count.
      if (labels && !map.getPane("assetsLabels")) map.createPane("assetsLabels");
      L.geoJSON(collection, {
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
              pane: "assetsLabels",
            });
          }
        },
      }).addTo(map);
      mark("opbouw-map:boundaries-drawn");
    }

    if (boundariesData) {
      pending.push(
        boundariesData.then(function (collection) {
          outlines = collection;
          extent.area = geojsonBounds(L, collection);
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

    /* -- the assets: a cluster index and a layer per kind --------------------------------- */
    // Every asset: {id, kind, name, area, count, key, haystack, latLng, feature, marker}. An
    // entry is also its feature's properties (what the index hands back for a point).
    var entries = [];
    var byKind = {}; // kind -> its entries' features (what the full index holds)
    var fullIndexes = {}; // kind -> the Supercluster index of all its features
    var indexes = {}; // kind -> the index of what is shown (the full one, or the search hits)
    var layers = {}; // kind -> L.featureGroup on the map
    var shown = {}; // kind -> {key: marker} currently on the map
    var icons = {};
    var shownEntries = null; // entries passing the kind and search filters (null: not computed)
    var keyboardZoom = null; // a cluster opened by keyboard: {kind, latLng, zoom} until it ends
    var detailUrl = el.getAttribute("data-detail-url") || "";

    function residents(n) {
      return n + " " + (n === 1 ? text.resident : text.residents);
    }
    var searchInput = controls(el, "[data-map-search]")[0];
    var kindBoxes = controls(el, "[data-map-kind]");
    var list = controls(el, "[data-map-list]")[0];
    var count = controls(el, "[data-map-count]")[0];

    function newIndex(features) {
      // extent 256: Leaflet's tiles are 256 px, so the radius is in the map's own pixels.
      return new Supercluster({ radius: CLUSTER_RADIUS, extent: 256, maxZoom: MAX_ZOOM }).load(features);
    }

    function kindLabel(kind) {
      return (kinds[kind] || {}).label || kind;
    }

    // "3 bewoners · Berflo Es Noord" or "plekken · Berflo Es Noord" (the list's second line).
    function metaOf(entry) {
      return (entry.count ? residents(entry.count) : kindLabel(entry.kind)) + (entry.area ? " · " + entry.area : "");
    }

    // What a search looks in, made on the first search (not for 10,000 assets at load).
    function haystackOf(entry) {
      if (entry.haystack === null) {
        entry.haystack = (entry.name + " " + kindLabel(entry.kind) + " " + entry.area).toLowerCase();
      }
      return entry.haystack;
    }

    function entryBox(entry) {
      var meta = kindLabel(entry.kind);
      if (entry.count) meta = residents(entry.count) + " · " + meta;
      var box = element("div", "assets-popup__entry");
      box.appendChild(element("strong", "assets-popup__name", entry.name));
      box.appendChild(element("div", "assets-popup__meta", meta + (entry.area ? " · " + entry.area : "")));
      if (entry.kind !== "gift" && detailUrl) {
        var link = element("a", "utrecht-link utrecht-link--html-a", text.view);
        link.href = detailUrl.replace("__id__", entry.id);
        link.setAttribute("aria-label", text.view + ": " + entry.name);
        box.appendChild(link);
      }
      return box;
    }

    // The element of a marker that is on the map now (null when it is not: zoomed away).
    function markerElement(marker) {
      return marker && map.hasLayer(marker) ? marker.getElement() : null;
    }

    // A popup whose content is `box` (named `name`, a group for screen readers). By keyboard
    // the focus moves into it (else it would come after every other marker in the tab order);
    // when it closes with the focus inside, the focus goes back to `marker` (or the map).
    function openPopup(options, latLng, box, name, marker, focusInside) {
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", name);
      box.tabIndex = -1;
      var popup = L.popup(options).setLatLng(latLng).setContent(box);
      popup.opbouwReturn = marker;
      popup.openOn(map);
      if (focusInside) {
        box.focus({ preventScroll: true });
        focusWhenShown(box, FOCUS_FRAMES);
      }
      return popup;
    }

    // Without zoom animations (prefers-reduced-motion) the popup is hidden for a moment while
    // the map settles after the move (Leaflet's "zoom-hide"): a hidden element does not take
    // the focus, and one that is hidden loses it to <body>. For the first frames (about two
    // seconds) the focus is put (back) in the popup whenever it is on <body>; it is left alone
    // once it is inside the popup or the person moved it elsewhere.
    var FOCUS_FRAMES = 120;
    function focusWhenShown(node, frames) {
      var now = document.activeElement;
      if (!node.isConnected || frames <= 0) return;
      if (!now || now === document.body || frames === FOCUS_FRAMES) {
        node.focus({ preventScroll: true });
      } else if (!node.contains(now)) {
        return;
      }
      window.requestAnimationFrame(function () {
        focusWhenShown(node, frames - 1);
      });
    }

    function openEntry(entry, focusInside) {
      var box = element("div", "assets-popup");
      box.appendChild(entryBox(entry));
      openPopup({ offset: [0, -10] }, entry.latLng, box, entry.name, entry.marker, focusInside);
    }

    // Points that stay together at the closest zoom (the same spot): one popup lists them.
    function openStack(kind, clusterId, marker, focusInside) {
      var leaves = indexes[kind].getLeaves(clusterId, POPUP_LIMIT);
      var box = element("div", "assets-popup");
      var items = element("ul", "assets-popup__list");
      leaves.forEach(function (feature) {
        var item = element("li");
        item.appendChild(entryBox(feature.properties));
        items.appendChild(item);
      });
      box.appendChild(items);
      // Named as its cluster is ("3 krachtbronnen van het soort plekken op één plek — …").
      openPopup({ offset: [0, -14], maxHeight: 320 }, marker.getLatLng(), box, marker.options.title, marker, focusInside);
    }

    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", text.close);
    });
    map.on("popupclose", function (event) {
      var popup = event.popup;
      if (!("opbouwReturn" in popup)) return;
      // Only when the focus was in the popup (Escape, its close button) or is lost with it:
      // not when the person has gone on elsewhere, e.g. to another marker.
      var node = popup.getElement();
      var active = document.activeElement;
      if (active && active !== document.body && !(node && node.contains(active))) return;
      (markerElement(popup.opbouwReturn) || el).focus({ preventScroll: true });
    });
    // Escape closes the popup from anywhere in the map: Leaflet's own Escape only works while
    // the map itself has the focus, not a marker or the popup.
    el.addEventListener("keydown", function (event) {
      // Leaflet's buttons (zoom, popup close) are links with role="button": Space presses
      // them too, as it does a button.
      var target = event.target;
      if ((event.key === " " || event.key === "Spacebar") && target.matches && target.matches('a[role="button"]')) {
        event.preventDefault();
        target.click();
        return;
      }
      if (event.key !== "Escape" && event.key !== "Esc") return;
      var node = el.querySelector(".leaflet-popup");
      if (!node) return;
      map.closePopup();
      event.preventDefault();
      event.stopPropagation();
    });

    // A click, or Enter or Space on the focused marker (Leaflet makes markers with keyboard:
    // true focusable role="button" elements, but only fires "click" for the mouse).
    function activate(marker, action) {
      marker.on("click", function () {
        action(false);
      });
      marker.on("keydown", function (event) {
        var key = event.originalEvent || {};
        if (key.key === "Enter" || key.key === " " || key.key === "Spacebar" || key.keyCode === 13) {
          if (key.preventDefault) key.preventDefault(); // Space would scroll the page
          action(true);
        }
      });
    }

    function pointMarker(entry) {
      if (!entry.marker) {
        icons[entry.kind] = icons[entry.kind] || icon(entry.kind, (kinds[entry.kind] || {}).letter);
        entry.marker = L.marker(entry.latLng, { icon: icons[entry.kind], title: entry.name, alt: entry.name, keyboard: true });
        activate(entry.marker, function (byKeyboard) {
          openEntry(entry, byKeyboard);
        });
      }
      return entry.marker;
    }

    function clusterMarker(kind, cluster) {
      var c = cluster.geometry.coordinates;
      var id = cluster.properties.cluster_id;
      var size = cluster.properties.point_count;
      var index = indexes[kind];
      var stack = index.getClusterExpansionZoom(id) > map.getMaxZoom();
      // The accessible name (the title: the visible count is hidden from screen readers) says
      // how many of which kind, and what Enter does.
      var marker = L.marker([c[1], c[0]], {
        icon: L.divIcon({
          className: "assets-cluster assets-cluster--" + kind,
          html: '<span aria-hidden="true">' + size + "</span>",
          iconSize: [36, 36],
        }),
        keyboard: true,
        title: counted(text, stack ? "stack" : "cluster", size, kindLabel(kind)),
      });
      activate(marker, function (byKeyboard) {
        var zoom = index.getClusterExpansionZoom(id);
        if (zoom > map.getMaxZoom()) {
          openStack(kind, id, marker, byKeyboard);
        } else {
          if (byKeyboard) {
            // The cluster's marker goes when it splits: the focus waits on the map until the
            // zoom has ended, then goes to what the cluster split into (see afterMove).
            keyboardZoom = { kind: kind, latLng: marker.getLatLng(), zoom: zoom };
            el.focus({ preventScroll: true });
          }
          map.setView(marker.getLatLng(), zoom);
        }
      });
      return marker;
    }

    function layerFor(kind) {
      if (!layers[kind]) {
        layers[kind] = L.featureGroup().addTo(map);
        shown[kind] = {};
      }
      return layers[kind];
    }

    // The markers in view: asked from each switched-on kind's index, with a margin so that a
    // small pan needs nothing new; markers already on the map stay (no flicker).
    function drawMarkers() {
      var on = enabledKinds();
      var bounds = map.getBounds().pad(0.5);
      var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
      var zoom = Math.round(map.getZoom());
      Object.keys(byKind).forEach(function (kind) {
        var layer = layerFor(kind);
        var before = shown[kind];
        var after = {};
        if ((!on || on[kind]) && indexes[kind]) {
          indexes[kind].getClusters(bbox, zoom).forEach(function (item) {
            var cluster = item.properties && item.properties.cluster;
            // A point comes back with its own properties object: its entry.
            var entry = cluster ? null : item.properties;
            var key = cluster ? "c" + item.properties.cluster_id : "p" + entry.id;
            after[key] = before[key] || (cluster ? clusterMarker(kind, item) : pointMarker(entry));
          });
        }
        Object.keys(before).forEach(function (key) {
          if (!after[key]) layer.removeLayer(before[key]);
        });
        Object.keys(after).forEach(function (key) {
          if (!before[key]) layer.addLayer(after[key]);
        });
        shown[kind] = after;
      });
    }

    function enabledKinds() {
      if (!kindBoxes.length) return null;
      var on = {};
      kindBoxes.forEach(function (box) {
        if (box.checked) on[box.getAttribute("data-map-kind")] = true;
      });
      return on;
    }

    function searchWords() {
      return (searchInput && searchInput.value ? searchInput.value : "")
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean);
    }

    function matches(entry, words) {
      var haystack = words.length ? haystackOf(entry) : "";
      for (var i = 0; i < words.length; i += 1) {
        if (haystack.indexOf(words[i]) === -1) return false;
      }
      return true;
    }

    var lastWords = "";

    // Filters changed: the search hits get their own index per kind (the full one is kept for
    // an empty search); switched-off kinds are simply not asked.
    function redraw() {
      var words = searchWords();
      var key = words.join(" ");
      if (key !== lastWords) {
        Object.keys(byKind).forEach(function (kind) {
          // Cluster ids differ between indexes: the markers of the old one go.
          if (layers[kind]) layers[kind].clearLayers();
          shown[kind] = {};
          indexes[kind] = words.length
            ? newIndex(byKind[kind].filter(function (feature) {
                return matches(feature.properties, words);
              }))
            : fullIndexes[kind];
        });
        lastWords = key;
      }
      var on = enabledKinds();
      shownEntries = entries.filter(function (entry) {
        return (!on || on[entry.kind]) && (!words.length || matches(entry, words));
      });
      drawMarkers();
      renderList();
    }

    // Returns how many assets are in view (null without a list or count to show it in).
    function renderList() {
      if (!list && !count) return null;
      var bounds = map.getBounds();
      var inView = (shownEntries || []).filter(function (entry) {
        return bounds.contains(entry.latLng);
      });
      if (count) count.textContent = format(text.inView, inView.length);
      if (!list) return inView.length;
      // Plain comparisons of a precomputed key: sorting 10,000 names with a locale collator
      // would cost more than drawing them.
      inView.sort(function (a, b) {
        return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      });
      list.textContent = "";
      if (!inView.length) {
        list.appendChild(element("li", "assets-list__item assets-list__item--empty", text.none));
        return 0;
      }
      var items = document.createDocumentFragment();
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
        body.appendChild(element("div", "opbouw-muted", metaOf(entry)));
        item.appendChild(body);
        var show = element("button", "utrecht-button utrecht-button--subtle assets-list__show", text.show);
        show.type = "button";
        show.setAttribute("aria-label", text.showOnMap + ": " + entry.name);
        show.addEventListener("click", function () {
          showEntry(entry);
        });
        item.appendChild(show);
        items.appendChild(item);
      });
      if (inView.length > LIST_LIMIT) {
        items.appendChild(element("li", "assets-list__item assets-list__item--more", format(text.more, inView.length - LIST_LIMIT)));
      }
      list.appendChild(items);
      return inView.length;
    }

    // "Toon": the lowest zoom from here on at which the asset is not inside a cluster (the
    // index says; a tiny box around the point finds it alone or not at all), then its popup.
    function showEntry(entry) {
      var index = indexes[entry.kind];
      var target = map.getMaxZoom();
      var ll = entry.latLng;
      var d = 1e-6; // ~10 cm: more than the index's coordinate precision
      for (var zoom = Math.round(map.getZoom()); index && zoom <= map.getMaxZoom(); zoom += 1) {
        var alone = index.getClusters([ll.lng - d, ll.lat - d, ll.lng + d, ll.lat + d], zoom).some(function (item) {
          return item.properties === entry;
        });
        if (alone) {
          target = zoom;
          break;
        }
      }
      map.setView(ll, target, { animate: false });
      // The list (and the button pressed) is rebuilt by the move: the focus goes to the popup.
      openEntry(entry, true);
    }

    // Markers and list follow the map; a keyboard zoom into a cluster ends here: the focus goes
    // to the marker of that kind nearest to where the cluster was (what it split into) and the
    // count's live region (or the map's own) announces how many assets are now in view.
    function afterMove() {
      drawMarkers();
      var inView = renderList();
      var zoomed = keyboardZoom;
      if (!zoomed || Math.round(map.getZoom()) !== zoomed.zoom) return;
      keyboardZoom = null;
      var origin = map.latLngToLayerPoint(zoomed.latLng);
      var nearest = null;
      var best = Infinity;
      Object.keys(shown[zoomed.kind] || {}).forEach(function (key) {
        var marker = shown[zoomed.kind][key];
        var distance = map.latLngToLayerPoint(marker.getLatLng()).distanceTo(origin);
        if (distance < best && markerElement(marker)) {
          best = distance;
          nearest = marker;
        }
      });
      if (nearest && document.activeElement === el) markerElement(nearest).focus({ preventScroll: true });
      if (inView === null) {
        var bounds = map.getBounds();
        inView = (shownEntries || []).filter(function (entry) {
          return bounds.contains(entry.latLng);
        }).length;
      }
      (count || live).textContent = counted(text, "zoomed", inView);
    }

    // The compact data (see the top of this file) as entries, and per kind the features an
    // index is built from: {geometry: {coordinates: [lon, lat]}, properties: entry}.
    function readLayers(data) {
      var areas = data.areas || [];
      var scale = data.scale || 1;
      var west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
      (data.layers || []).forEach(function (layer) {
        var kind = layer.kind;
        var ids = layer.id, lons = layer.lon, lats = layer.lat, names = layer.name;
        var areaRefs = layer.area || [], counts = layer.count;
        var features = (byKind[kind] = byKind[kind] || []);
        for (var i = 0; i < names.length; i += 1) {
          var lon = lons[i] / scale, lat = lats[i] / scale, name = names[i] || "";
          var entry = {
            // Talents have no id (no page of their own): their place in the layer keys them.
            id: ids ? ids[i] : kind + "-" + i,
            kind: kind,
            name: name,
            area: areas[areaRefs[i]] || "",
            count: counts ? counts[i] : 0,
            key: name.toLowerCase(),
            haystack: null,
            latLng: L.latLng(lat, lon),
            feature: null,
            marker: null,
          };
          entry.feature = { type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties: entry };
          entries.push(entry);
          features.push(entry.feature);
          if (lon < west) west = lon;
          if (lon > east) east = lon;
          if (lat < south) south = lat;
          if (lat > north) north = lat;
        }
      });
      return entries.length ? L.latLngBounds([south, west], [north, east]) : null;
    }

    if (featuresData) {
      pending.push(
        featuresData.then(function (data) {
          mark("opbouw-map:features-parsed");
          var bounds = readLayers(data);
          Object.keys(byKind).forEach(function (kind) {
            fullIndexes[kind] = indexes[kind] = newIndex(byKind[kind]);
          });
          mark("opbouw-map:indexed");
          el.setAttribute("data-feature-count", String(entries.length));
          if (bounds) extent.features = bounds;
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

    // Every request settles (a failed one does not stop the other from being drawn).
    var failed = false;
    Promise.all(
      pending.map(function (promise) {
        return promise.catch(function (error) {
          if (window.console) window.console.error("opbouw map:", error);
          failed = true;
        });
      })
    ).then(function () {
      if (failed) {
        el.setAttribute("data-map-error", "1");
        var message = element("p", "utrecht-paragraph assets-map-error", text.error);
        message.setAttribute("role", "alert");
        el.parentNode.insertBefore(message, el);
      }
      fit();
      redraw();
      // From now on the markers and the list follow the map (not before: fitting would
      // draw them twice).
      map.on("moveend", afterMove);
      el.removeAttribute("aria-busy");
      afterPaint(function () {
        mark("opbouw-map:drawn");
        if (outlines) drawOutlines(outlines);
        el.setAttribute("data-map-ready", "1");
        el.dispatchEvent(new CustomEvent("opbouw:map-ready", { bubbles: true }));
      });
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
