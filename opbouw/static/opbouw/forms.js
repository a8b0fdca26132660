/*
 * opbouw forms.js: the error summary (NL Design System / GOV.UK pattern).
 * After a refused submit the page shows a summary above the form ([data-error-summary]);
 * it takes focus on load, so a screen reader reads it and a keyboard starts there. Each of its
 * links moves focus to its field and shows the field with its label.
 * Without JavaScript the links still jump to the fields.
 */
(function () {
  "use strict";

  function fieldContainer(control) {
    return control.closest(".utrecht-form-field, fieldset, .utrecht-form-fieldset") || control;
  }

  function focusSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    // Instantly: the Utrecht root scrolls smoothly, and the summary must be in view now.
    if (summary.scrollIntoView) summary.scrollIntoView({ block: "start", behavior: "instant" });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-error-link]") : null;
    if (!link) return;
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var control = document.getElementById(id);
    if (!control) return;
    event.preventDefault();
    // The label and the message sit above the control: show them too.
    fieldContainer(control).scrollIntoView({ block: "start", behavior: "instant" });
    control.focus({ preventScroll: true });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  } else {
    focusSummary(document);
  }
  // A jump to a fragment after load may move focus to its target: end at the summary.
  // Only when focus was lost (to the body), and without scrolling: the fragment is in view.
  window.addEventListener("load", function () {
    var summary = document.querySelector("[data-error-summary]");
    var active = document.activeElement;
    if (summary && (!active || active === document.body)) summary.focus({ preventScroll: true });
  });
  // A form answered through htmx comes back with its summary: focus it there too.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.querySelector && target.querySelector("[data-error-summary]")) {
      focusSummary(target);
    }
  });
})();
