/*
 * opbouw network.js: the buurt's network with Cytoscape.js, a time slider, coloured by kind.
 *
 *   <div data-network data-graph-url="…/graaf.json" data-months="id-of-json" data-graph="id"
 *        data-later-scripts="id-of-json">
 *     <input type="range" data-network-slider> <output data-network-month>
 *     <input type="radio" data-network-colour value="community|kind"> (optional; the page
 *     offers none: a computed cluster is not a community, so it is not coloured as one)
 *     <div data-network-canvas></div> <span data-network-status>
 *     <div data-network-pending><p data-network-pending-text></div>
 *     <ol data-network-brokers> (people) <ol data-network-other-brokers> (groups, organisations)
 *     <ul data-network-isolated> (the first of them) <p data-network-isolated-more> (how many
 *     more: <span data-network-isolated-rest>, <a data-network-isolated-link> the whole list)
 *     <dl data-network-summary>
 *   </div>
 *
 * The graph comes compact from the server (see opbouw/network/selectors.py, _graph): rows of
 * arrays, edges by node index. Positions come from the server too (preset layout): no force
 * layout runs in the browser. A step of the slider fetches that month and changes only what
 * changed. The charts' scripts are loaded after the network is drawn.
 * Performance marks (read by benchmarks/network/bench_page.py): opbouw-network:start,
 * :parsed, :constructed, :drawn (first frame painted; data-network-ready is set then).
 * The lists beside the picture say the same in words; names are only set with textContent.
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
  var LARGE = 400; // above this many nodes: no labels but the brokers', cheaper rendering
  var POLL_MS = 15000; // a month being computed: ask again this often
  var POLL_TIMES = 40;

  function mark(name) {
    if (window.performance && performance.mark) performance.mark("opbouw-network:" + name);
  }

  function english() {
    return (document.documentElement.lang || "nl").indexOf("en") === 0;
  }

  function readJson(id) {
    var node = id && document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function monthLabel(value) {
    if (!value) return "";
    var parts = value.split("-");
    var names = english() ? MONTHS_EN : MONTHS_NL;
    return names[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  // The compact graph as Cytoscape elements. Colours and shapes go in each node's data once
  // (data(cc), data(kc), data(shape)): a style that calls a function per node costs seconds
  // for a thousand nodes.
  function elementsOf(graph) {
    var kinds = graph.kinds || [];
    var rows = graph.nodes || [];
    var nodes = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var kind = kinds[row[2]];
      var community = row[3];
      var degree = row[4];
      nodes[i] = {
        group: "nodes",
        data: {
          id: row[0],
          label: row[1],
          kind: kind,
          community: community,
          degree: degree,
          size: 10 + (Math.min(degree, 30) / 30) * 24,
          broker: (row[5] & 1) === 1,
          isolated: (row[5] & 2) === 2,
          cc: community < 0 ? "#8c8c8c" : PALETTE[community % PALETTE.length],
          kc: KIND_COLOURS[kind] || "#555555",
          shape: KIND_SHAPES[kind] || "ellipse",
        },
        position: { x: row[6], y: row[7] },
      };
    }
    var edgeRows = graph.edges || [];
    var edges = new Array(edgeRows.length);
    for (var j = 0; j < edgeRows.length; j++) {
      var edge = edgeRows[j];
      var source = rows[edge[0]][0];
      var target = rows[edge[1]][0];
      edges[j] = {
        group: "edges",
        data: {
          id: source + "~" + target, source: source, target: target, weight: edge[2],
          width: 0.5 + (Math.min(edge[2], 3) / 3) * 4.5,
        },
      };
    }
    return { nodes: nodes, edges: edges };
  }

  // Sizes and widths are numbers in the data (no mapData), ties opaque (no blending), no
  // border but on brokers and the isolated when large: each halves Cytoscape's work there.
  function style(mode, large) {
    var text = {
      "font-size": 9,
      "min-zoomed-font-size": 8,
      color: "#1d2b2f",
      "text-valign": "bottom",
      "text-margin-y": 2,
    };
    var node = {
      "background-color": mode === "kind" ? "data(kc)" : "data(cc)",
      shape: "data(shape)",
      width: "data(size)",
      height: "data(size)",
    };
    if (!large) {
      node.label = "data(label)";
      node["border-width"] = 1;
      node["border-color"] = "#ffffff";
      Object.keys(text).forEach(function (key) { node[key] = text[key]; });
    }
    function labelled(extra) {
      Object.keys(text).forEach(function (key) { extra[key] = text[key]; });
      extra.label = "data(label)";
      return extra;
    }
    return [
      { selector: "node", style: node },
      {
        selector: "node[?broker]",
        style: labelled({ "border-width": 4, "border-color": "#111111", "z-index": 10 }),
      },
      {
        selector: "node[?isolated]",
        style: { "border-width": 3, "border-color": "#c0001a", "background-color": "#ffffff" },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "#c3c9cb", // #7d8a8e at 45 % on white
          "curve-style": "haystack",
        },
      },
      {
        selector: "node:selected",
        style: labelled({ "border-width": 5, "border-color": "#ffbf00" }),
      },
    ];
  }

  // Items are [label, url] ("" without a page the viewer may open).
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
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = itemClass;
      if (item[1]) {
        var link = document.createElement("a");
        link.className = "utrecht-link";
        link.href = item[1];
        link.textContent = item[0];
        li.appendChild(link);
      } else {
        li.textContent = item[0];
      }
      if (item[2]) {
        // People without a tie: their last contact (only for who sees names).
        var detail = document.createElement("span");
        detail.className = "opbouw-muted";
        detail.textContent = item[2];
        li.appendChild(document.createTextNode(" "));
        li.appendChild(detail);
      }
      fragment.appendChild(li);
    });
    list.appendChild(fragment);
  }

  // Scripts needed later (the charts'), in order: same origin, so the CSP (script-src 'self')
  // allows them. Loaded when the charts come near the screen (they are below the picture),
  // so that ~1 MB of Vega does not keep the page busy right after the picture is drawn.
  function loadLater(urls) {
    var charts = document.querySelector("[data-vega-spec]");
    if (!charts || !urls || !urls.length) return;
    if (!("IntersectionObserver" in window)) {
      addScripts(urls);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      addScripts(urls);
    }, { rootMargin: "400px 0px" });
    observer.observe(charts);
  }

  function addScripts(urls) {
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false; // run in the order given
      document.head.appendChild(script);
    });
  }

  // Replace what is drawn by the next month, changing only what changed: nodes and ties that
  // stay are updated in place (a month differs from the one before in a small part).
  function apply(cy, next) {
    var wanted = {};
    next.nodes.forEach(function (node) { wanted[node.data.id] = node; });
    next.edges.forEach(function (edge) { wanted[edge.data.id] = edge; });
    var gone = cy.elements().filter(function (element) { return !wanted[element.id()]; });
    var added = [];
    cy.batch(function () {
      cy.remove(gone);
      next.nodes.forEach(function (node) {
        var existing = cy.getElementById(node.data.id);
        if (existing.length) {
          var data = node.data; // all but the id, which Cytoscape does not let change
          existing.data({
            label: data.label, kind: data.kind, community: data.community, degree: data.degree,
            size: data.size, broker: data.broker, isolated: data.isolated, cc: data.cc, kc: data.kc,
            shape: data.shape,
          });
          existing.position(node.position);
        } else {
          added.push(node);
        }
      });
      next.edges.forEach(function (edge) {
        var existing = cy.getElementById(edge.data.id);
        if (existing.length) {
          existing.data({ weight: edge.data.weight, width: edge.data.width });
        } else {
          added.push(edge);
        }
      });
      if (added.length) cy.add(added);
    });
  }

  function setup(root) {
    if (!window.cytoscape) {
      loadLater(readJson(root.getAttribute("data-later-scripts")));
      return;
    }
    mark("start");
    var canvas = root.querySelector("[data-network-canvas]");
    var months = readJson(root.getAttribute("data-months")) || [];
    var first = readJson(root.getAttribute("data-graph")) || { graph: { nodes: [], edges: [] } };
    var elements = elementsOf(first.graph);
    mark("parsed");
    var slider = root.querySelector("[data-network-slider]");
    var output = root.querySelector("[data-network-month]");
    var status = root.querySelector("[data-network-status]");
    var pending = root.querySelector("[data-network-pending]");
    var pendingText = root.querySelector("[data-network-pending-text]");
    var brokers = root.querySelector("[data-network-brokers]");
    var otherBrokers = root.querySelector("[data-network-other-brokers]");
    var isolated = root.querySelector("[data-network-isolated]");
    var isolatedMore = root.querySelector("[data-network-isolated-more]");
    var summary = root.querySelector("[data-network-summary]");
    var emptyBrokers = english() ? "None yet." : "Nog geen.";
    var emptyIsolated = english() ? "Nobody." : "Niemand.";
    var emptyOther = english() ? "None." : "Geen.";
    // Coloured by kind only: a computed cluster is not a community (docs/practice.md).
    var mode = "kind";
    var large = elements.nodes.length > LARGE;
    var later = readJson(root.getAttribute("data-later-scripts"));

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
    mark("constructed");
    var drawn = false;
    function ready(how) {
      if (drawn) return;
      drawn = true;
      mark(how);
      root.setAttribute("data-network-ready", "1");
      // The charts' ~1 MB of scripts after the first frame, so they do not hold it up.
      window.setTimeout(function () { loadLater(later); }, 0);
    }
    cy.one("render", function () { ready("drawn"); });
    if (!elements.nodes.length) ready("drawn");
    // Should no frame come (a canvas hidden or of no size), do not hold the rest back.
    window.setTimeout(function () { ready("no-frame"); }, 10000);

    var timer = null;
    var requested = 0;
    var polls = 0;

    function showPending(data) {
      if (!pending) return;
      pending.hidden = !data.pending;
      if (pendingText) pendingText.textContent = data.pending_note || "";
    }

    // "en 3.465 anderen" and the link to the whole list, for the month now shown.
    function showMoreIsolated(data) {
      isolatedMore.hidden = !data.isolated_more;
      var rest = isolatedMore.querySelector("[data-network-isolated-rest]");
      if (rest) rest.textContent = data.isolated_more || "";
      var link = isolatedMore.querySelector("[data-network-isolated-link]");
      if (link && data.month) {
        var address = new URL(link.getAttribute("href"), window.location.href);
        address.searchParams.set("maand", data.month);
        link.setAttribute("href", address.pathname + address.search);
      }
    }

    function show(data) {
      var wasLarge = large;
      var next = elementsOf(data.graph);
      large = next.nodes.length > LARGE;
      if (large !== wasLarge) cy.style(style(mode, large));
      apply(cy, next);
      cy.fit(undefined, 20);
      if (brokers && data.brokers) fillList(brokers, data.brokers, emptyBrokers);
      if (otherBrokers && data.other_brokers) {
        fillList(otherBrokers, data.other_brokers, emptyOther);
      }
      if (isolated && data.isolated) fillList(isolated, data.isolated, emptyIsolated);
      if (isolatedMore && data.isolated) showMoreIsolated(data);
      if (summary) {
        Object.keys(data.summary).forEach(function (key) {
          var cell = summary.querySelector('[data-key="' + key + '"]');
          if (cell && data.summary[key] !== null && data.summary[key] !== undefined) {
            cell.textContent = String(data.summary[key]);
          }
        });
      }
      if (status) status.textContent = data.status;
      showPending(data);
      if (data.month) root.setAttribute("data-network-month", data.month);
    }

    function load(month) {
      if (!month) return;
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
          show(data);
          root.removeAttribute("aria-busy");
          var address = new URL(window.location.href);
          address.searchParams.set("maand", data.pending || data.month || month);
          window.history.replaceState(null, "", address.toString());
          poll(data);
        })
        .catch(function () {
          if (ticket !== requested) return;
          root.removeAttribute("aria-busy");
          if (status) status.textContent = english()
            ? "This month could not be loaded."
            : "Deze maand kon niet worden geladen.";
        });
    }

    // A month being computed in the background: ask again until it is there.
    function poll(data) {
      if (!data.pending || polls >= POLL_TIMES) return;
      polls += 1;
      var ticket = requested;
      window.setTimeout(function () {
        if (ticket === requested) load(data.pending);
      }, POLL_MS);
    }

    if (slider) {
      slider.addEventListener("input", function () {
        if (output) output.textContent = monthLabel(months[parseInt(slider.value, 10)] || "");
        polls = 0;
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          load(months[parseInt(slider.value, 10)]);
        }, 200);
      });
    }
    poll(first);
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
