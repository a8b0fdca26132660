/*
 * reports.js: the period picker of a new report (progressive enhancement).
 * Without JS the select (years, quarters, "andere periode") and both date fields are shown,
 * and the dates count only when "andere periode" is chosen. With JS the date fields are
 * shown only for that choice. No inline scripts (strict CSP).
 */
(function () {
  "use strict";

  function enhancePeriod(select) {
    var custom = select.getAttribute("data-period-select");
    var form = select.form;
    if (!form || !custom) return;
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

  function boot() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-period-select]"), enhancePeriod);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
