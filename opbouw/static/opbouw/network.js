/*
 * opbouw network.js: the buurt's network with Cytoscape.js, a time slider and two colourings.
 *
 *   <div data-network data-graph-url="…/graaf.json" data-months="id-of-json" data-elements="id">
 *     <input type="range" data-network-slider> <output data-network-month>
 *     <input type="radio" data-network-colour value="community|kind">
 *     <div data-network-canvas></div>
 *     <ol data-network-brokers> <ul data-network-isolated> <dl data-network-summary>
 *   </div>
 *
 * Positions come from the server (preset layout): no force layout runs in the browser.
 * The lists beside the picture say the same in words (they are updated with it); names are
 * only ever set with textContent.
 */
(function () {
  "use strict";

  // Distinct hues for communities (at least 3:1 against white for the shapes).
  var PALETTE = [
    "#00727c", "#b3471d", "#6a3d8f", "#4d7a1f", "#1f5fa8", "#8a5a00", "#a3161b",
    "#2f6f4f", "#7a4a8c", "#5c6b00", "#005f99", "#99420f",
  ];
  var KIND_COLOURS = { person: "#1f5fa8", group: "#4d7a1f", organisation: "#8a5a00" };
  var KIND_SHAPES = { person: "ellipse", group: "round-rectangle", organisation: "diamond" };
  var MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  var MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function monthLabel(value) {
    var parts = value.split("-");
    var english = (document.documentElement.lang || "nl").indexOf("en") === 0;
    var names = english ? MONTHS_EN : MONTHS_NL;
    return names[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  // Colours and shapes are put in each node's data once (data(cc), data(kc), data(shape)):
  // a style that calls a function per node costs seconds for a thousand nodes.
  function prepare(elements) {
    elements.nodes.forEach(function (node) {
      var data = node.data;
      var community = data.community;
      data.cc = community === undefined || community < 0
        ? "#8c8c8c"
        : PALETTE[community % PALETTE.length];
      data.kc = KIND_COLOURS[data.kind] || "#555555";
      data.shape = KIND_SHAPES[data.kind] || "ellipse";
    });
    return elements;
  }

  function style(mode, large) {
    return [
      {
        selector: "node",
        style: {
          "background-color": mode === "kind" ? "data(kc)" : "data(cc)",
          shape: "data(shape)",
          width: "mapData(degree, 0, 30, 10, 34)",
          height: "mapData(degree, 0, 30, 10, 34)",
          label: large ? "" : "data(label)",
          "font-size": 9,
          "min-zoomed-font-size": 8,
          color: "#1d2b2f",
          "text-valign": "bottom",
          "text-margin-y": 2,
          "border-width": 1,
          "border-color": "#ffffff",
        },
      },
      {
        selector: "node[?broker]",
        style: { "border-width": 4, "border-color": "#111111", label: "data(label)", "z-index": 10 },
      },
      {
        selector: "node[?isolated]",
        style: { "border-width": 3, "border-color": "#c0001a", "background-color": "#ffffff" },
      },
      {
        selector: "edge",
        style: {
          width: "mapData(weight, 0, 3, 0.5, 5)",
          "line-color": "#7d8a8e",
          opacity: 0.45,
          "curve-style": "haystack",
        },
      },
      {
        selector: "node:selected",
        style: { "border-width": 5, "border-color": "#ffbf00", label: "data(label)" },
      },
    ];
  }

  function fillList(list, items, emptyText) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var itemClass = list.tagName === "OL" ? "utrecht-ordered-list__item" : "utrecht-unordered-list__item";
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = itemClass;
      empty.textContent = emptyText;
      list.appendChild(empty);
      return;
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = itemClass;
      if (item.url) {
        var link = document.createElement("a");
        link.className = "utrecht-link";
        link.href = item.url;
        link.textContent = item.label;
        li.appendChild(link);
      } else {
        li.textContent = item.label;
      }
      list.appendChild(li);
    });
  }

  function setup(root) {
    if (!window.cytoscape) return;
    if (window.performance && performance.mark) performance.mark("opbouw-network:start");
    var canvas = root.querySelector("[data-network-canvas]");
    var months = readJson(root.getAttribute("data-months")) || [];
    var elements = prepare(readJson(root.getAttribute("data-elements")) || { nodes: [], edges: [] });
    var slider = root.querySelector("[data-network-slider]");
    var output = root.querySelector("[data-network-month]");
    var status = root.querySelector("[data-network-status]");
    var brokers = root.querySelector("[data-network-brokers]");
    var isolated = root.querySelector("[data-network-isolated]");
    var summary = root.querySelector("[data-network-summary]");
    var emptyBrokers = document.documentElement.lang.indexOf("en") === 0 ? "None yet." : "Nog geen.";
    var emptyIsolated = document.documentElement.lang.indexOf("en") === 0 ? "Nobody." : "Niemand.";
    var mode = "community";
    var large = elements.nodes.length > 400;

    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      layout: { name: "preset", fit: true, padding: 20 },
      style: style(mode, large),
      minZoom: 0.1,
      maxZoom: 6,
      wheelSensitivity: 0.3,
      hideEdgesOnViewport: large,
      textureOnViewport: large,
      pixelRatio: large ? 1 : "auto",
    });
    root.cy = cy;
    root.setAttribute("data-network-ready", "1");
    if (window.performance && performance.mark) performance.mark("opbouw-network:ready");

    root.querySelectorAll("[data-network-colour]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        mode = radio.value;
        cy.style(style(mode, large));
        root.setAttribute("data-network-colour-mode", mode);
      });
    });

    var timer = null;
    var requested = 0;
    function load(index) {
      var month = months[index];
      if (!month) return;
      if (output) output.textContent = monthLabel(month);
      var url = new URL(root.getAttribute("data-graph-url"), window.location.href);
      url.searchParams.set("maand", month);
      var theme = root.getAttribute("data-theme");
      if (theme) url.searchParams.set("thema", theme);
      var ticket = ++requested;
      root.setAttribute("aria-busy", "true");
      fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (ticket !== requested) return; // a later move of the slider wins
          var wasLarge = large;
          large = data.elements.nodes.length > 400;
          cy.batch(function () {
            cy.elements().remove();
            cy.add(prepare(data.elements));
          });
          if (large !== wasLarge) cy.style(style(mode, large));
          cy.fit(undefined, 20);
          if (brokers) fillList(brokers, data.brokers, emptyBrokers);
          if (isolated) fillList(isolated, data.isolated, emptyIsolated);
          if (summary) {
            Object.keys(data.summary).forEach(function (key) {
              var cell = summary.querySelector('[data-key="' + key + '"]');
              if (cell && data.summary[key] !== null && data.summary[key] !== undefined) {
                cell.textContent = String(data.summary[key]);
              }
            });
          }
          if (status) {
            var english = document.documentElement.lang.indexOf("en") === 0;
            status.textContent = english
              ? data.drawn + " of " + data.total + " nodes drawn (" + monthLabel(data.month) + ")."
              : data.drawn + " van " + data.total + " knopen getekend (" + monthLabel(data.month) + ").";
          }
          root.setAttribute("data-network-month", data.month);
          root.removeAttribute("aria-busy");
          var address = new URL(window.location.href);
          address.searchParams.set("maand", data.month);
          window.history.replaceState(null, "", address.toString());
        })
        .catch(function () {
          root.removeAttribute("aria-busy");
          if (status) status.textContent = document.documentElement.lang.indexOf("en") === 0
            ? "This month could not be loaded."
            : "Deze maand kon niet worden geladen.";
        });
    }

    if (slider) {
      slider.addEventListener("input", function () {
        if (output) output.textContent = monthLabel(months[parseInt(slider.value, 10)] || "");
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          load(parseInt(slider.value, 10));
        }, 200);
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-network]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
