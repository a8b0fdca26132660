/*
 * opbouw charts.js: renders Vega-Lite specs (made by Altair on the server) under a strict CSP.
 *
 *   {{ spec|json_script:"chart-1" }}
 *   <figure class="opbouw-chart" data-vega-spec="chart-1" aria-labelledby="chart-1-caption">
 *     <div data-vega-target></div>
 *     <figcaption id="chart-1-caption">…</figcaption>
 *   </figure>
 *
 * Load after vendor/vega, vega-lite, vega-embed and vega-interpreter (all with defer).
 * - ast + the expression interpreter: Vega never calls eval/new Function, so no 'unsafe-eval'.
 * - defaultStyle false, tooltip without default style: vega-embed injects no <style>
 *   (app.css styles the tooltip instead), so no 'unsafe-inline' for styles.
 * - actions false: no export menu (the server offers PNG/SVG/PDF downloads itself).
 * Charts inside content swapped in by htmx are rendered too.
 */
(function () {
  "use strict";

  function render(figure) {
    if (figure.dataset.vegaRendered) return;
    var script = document.getElementById(figure.getAttribute("data-vega-spec"));
    if (!window.vegaEmbed || !window.vegaInterpreter) return;
    if (!script) {
      figure.setAttribute("data-vega-error", "spec");
      return;
    }
    figure.dataset.vegaRendered = "1";
    var spec;
    try {
      spec = JSON.parse(script.textContent);
    } catch (error) {
      figure.setAttribute("data-vega-error", "spec");
      return;
    }
    var target = figure.querySelector("[data-vega-target]") || figure;
    window
      .vegaEmbed(target, spec, {
        renderer: figure.getAttribute("data-vega-renderer") || "svg",
        actions: false,
        ast: true,
        expr: window.vegaInterpreter.expressionInterpreter,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        config: {
          font: "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif",
        },
      })
      .then(function (result) {
        // Vega names its SVG, and every axis and mark in it, by their labels: a screen reader
        // hears a run of "2026-01, 2026-02, …". The chart is one image named by the figure's
        // caption (which says what it shows; the page's table or text gives the figures).
        var svg = target.querySelector("svg");
        var caption = figure.getAttribute("aria-labelledby");
        if (svg && caption) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-labelledby", caption);
          var words = figure.getAttribute("aria-describedby");
          if (words) svg.setAttribute("aria-describedby", words);
          svg.removeAttribute("aria-label");
          svg.removeAttribute("aria-roledescription");
        }
        figure.vegaView = result.view;
        figure.dispatchEvent(new CustomEvent("opbouw:chart-rendered", { bubbles: true }));
      })
      .catch(function () {
        figure.setAttribute("data-vega-error", "render");
      });
  }

  function renderAll(root) {
    var list = [];
    if (root.matches && root.matches("[data-vega-spec]")) list.push(root);
    Array.prototype.push.apply(list, root.querySelectorAll("[data-vega-spec]"));
    list.forEach(render);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      renderAll(document);
    });
  } else {
    renderAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) renderAll(event.target);
  });
})();
