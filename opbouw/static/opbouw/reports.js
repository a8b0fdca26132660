/*
 * reports.js: the period picker of a new report (progressive enhancement).
 * Without JS the select (years, quarters, "andere periode") and both date fields are shown,
 * and the dates count only when "andere periode" is chosen; a button asks for the chosen
 * area's periods and initiatives. With JS the date fields are shown only for that choice, and
 * htmx swaps in the area's periods and initiatives when the area changes (hx-post on the area
 * select, with the live region's "periods updated" text out of band), so the button goes:
 * removed, not hidden, or Enter in a text field would still press it (it is the form's first
 * submit button). No inline scripts (strict CSP).
 */
(function () {
  "use strict";

  function enhancePeriod(select) {
    var custom = select.getAttribute("data-period-select");
    var form = select.form;
    if (!form || !custom || select.hasAttribute("data-period-enhanced")) return;
    select.setAttribute("data-period-enhanced", "");
    var fields = Array.prototype.map.call(
      form.querySelectorAll("[data-period-custom]"),
      function (input) {
        return input.closest(".utrecht-form-field") || input;
      }
    );
    function update() {
      var show = select.value === custom;
      fields.forEach(function (field) {
        // A field with an error stays visible: the message must be seen.
        var invalid = field.classList.contains("utrecht-form-field--invalid");
        field.hidden = !show && !invalid;
      });
    }
    select.addEventListener("change", update);
    update();
  }

  function enhanceWithin(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[data-period-select]"), enhancePeriod);
  }

  function boot() {
    enhanceWithin(document);
    if (window.htmx) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-period-refresh]"), function (el) {
        el.remove();
      });
      // The area's periods arrive as a new select: enhance it like the first. A period chosen
      // while the request was under way is kept when the new area offers it too.
      var chosen = null;
      document.body.addEventListener("htmx:beforeSwap", function () {
        var current = document.querySelector("#rapportage-periode select[data-period-select]");
        chosen = current ? current.value : null;
      });
      document.body.addEventListener("htmx:load", function (event) {
        var root = event.detail && event.detail.elt;
        if (!root || !root.querySelectorAll) return;
        var selects = root.querySelectorAll("select[data-period-select]");
        // The initiatives and the status text ("Perioden … bijgewerkt", in the live region)
        // arrive out of band, before the periods: only the periods' own load may use (and
        // forget) the choice.
        if (!selects.length) return;
        Array.prototype.forEach.call(selects, function (select) {
          var offered = Array.prototype.some.call(select.options, function (option) {
            return option.value === chosen;
          });
          if (chosen !== null && offered) select.value = chosen;
        });
        chosen = null;
        enhanceWithin(root);
      });
    }
  }

  // Deferred scripts run before DOMContentLoaded, this one before htmx (base.html loads it
  // after the page's own head scripts): boot when the document (and htmx) are there.
  if (document.readyState !== "complete") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
