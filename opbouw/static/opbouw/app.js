/*
 * opbouw app.js: progressive enhancement for the server-rendered pages.
 * No dependencies except htmx (optional: everything but the CSRF hook works without it).
 * Loaded with <script src="…/app.js" defer> after htmx.min.js; no inline scripts (strict CSP).
 * The data-attribute API is documented in docs/frontend.md.
 */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.add("opbouw-js");

  /* ---- small helpers ------------------------------------------------------------------ */

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  function format(template, value) {
    return String(template).replace("%s", value);
  }

  function each(root, selector, fn) {
    var list = [];
    if (root.matches && root.matches(selector)) list.push(root);
    Array.prototype.push.apply(list, root.querySelectorAll(selector));
    list.forEach(fn);
  }

  function csrfToken() {
    var meta = doc.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  /* ---- (a) htmx: strict-CSP configuration and the CSRF header on every request -------- */

  if (window.htmx) {
    // No eval (hx-on, js: values) and no injected <style>: both would need 'unsafe-*'.
    window.htmx.config.allowEval = false;
    window.htmx.config.allowScriptTags = false;
    window.htmx.config.includeIndicatorStyles = false;
  }

  doc.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  /* ---- progressive enhancement switches ----------------------------------------------- */

  // [data-js-hide]: the no-JS fallback. Hidden, and its form controls disabled so that
  // they are not submitted next to the enhanced widget's own inputs.
  // [data-js-show]: parts that need JS. Templates give them the `hidden` attribute.
  function enhanceVisibility(root) {
    each(root, "[data-js-hide]", function (el) {
      el.hidden = true;
      each(el, "input, select, textarea, button", function (control) {
        control.disabled = true;
      });
    });
    each(root, "[data-js-show]", function (el) {
      el.hidden = false;
    });
  }

  /* ---- (b) autocomplete with chips ---------------------------------------------------- */

  var DEFAULT_TEXT = {
    remove: "Verwijder %s",
    added: "%s toegevoegd",
    removed: "%s verwijderd",
    results: "%s suggesties. Kies met pijltjes omhoog en omlaag en Enter.",
    noResults: "Geen suggesties gevonden",
    error: "Suggesties konden niet worden geladen",
  };

  // Options are read from the input first, then from its [data-autocomplete] container, so
  // both <input data-autocomplete-url=…> and <div data-autocomplete data-autocomplete-url=…>
  // work.
  function Autocomplete(input) {
    this.input = input;
    this.container = input.closest("[data-autocomplete]") || input.parentNode;
    var container = this.container;
    function option(name, fallback) {
      if (input.hasAttribute(name)) return input.getAttribute(name);
      if (container.hasAttribute(name)) return container.getAttribute(name);
      return fallback;
    }
    this.url = option("data-autocomplete-url", "");
    this.targetName = option("data-target-name", "");
    this.newName = option("data-allow-new", "");
    this.param = option("data-query-param", "q");
    this.minChars = parseInt(option("data-min-chars", "2"), 10);
    this.multiple = option("data-multiple", "true") !== "false";
    this.chipClass = option("data-chip-class", "");
    var d = container.dataset;
    this.text = {
      remove: d.textRemove || DEFAULT_TEXT.remove,
      added: d.textAdded || DEFAULT_TEXT.added,
      removed: d.textRemoved || DEFAULT_TEXT.removed,
      results: d.textResults || DEFAULT_TEXT.results,
      noResults: d.textNoResults || DEFAULT_TEXT.noResults,
      error: d.textError || DEFAULT_TEXT.error,
    };
    this.options = [];
    this.activeIndex = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = null;
    this.setup();
  }

  Autocomplete.prototype.setup = function () {
    var self = this;
    var input = this.input;
    if (!input.id) input.id = nextId("opbouw-ac-input");

    this.listbox = this.container.querySelector('[role="listbox"]');
    if (!this.listbox) {
      this.listbox = doc.createElement("ul");
      this.listbox.setAttribute("role", "listbox");
      input.insertAdjacentElement("afterend", this.listbox);
    }
    this.listbox.classList.add("opbouw-autocomplete__listbox");
    if (!this.listbox.id) this.listbox.id = nextId("opbouw-ac-listbox");
    this.listbox.hidden = true;
    var label = this.container.querySelector('label[for="' + input.id + '"]');
    if (label) {
      if (!label.id) label.id = nextId("opbouw-ac-label");
      this.listbox.setAttribute("aria-labelledby", label.id);
    }

    this.chips = this.container.querySelector("[data-chips]");
    if (!this.chips) {
      this.chips = doc.createElement("ul");
      this.chips.setAttribute("data-chips", "");
      input.insertAdjacentElement("beforebegin", this.chips);
    }
    this.chips.classList.add("opbouw-chips");

    this.live = this.container.querySelector("[data-live], [data-announce]");
    if (!this.live) {
      this.live = doc.createElement("div");
      this.live.setAttribute("data-live", "");
      this.live.className = "visually-hidden";
      this.container.appendChild(this.live);
    }
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");

    // Start from what the no-JS fallback <select> had selected (e.g. when editing).
    var fallbackId = input.getAttribute("data-fallback");
    var fallback = fallbackId ? doc.getElementById(fallbackId) : null;
    if (fallback && fallback.options) {
      Array.prototype.forEach.call(fallback.options, function (option) {
        if (option.selected && option.value) self.addChip(option.value, option.textContent.trim(), true);
      });
      fallback.disabled = true;
    }
    // Chips rendered by the server: wire their remove buttons.
    each(this.chips, ".opbouw-chip__remove", function (button) {
      self.wireRemove(button);
    });

    input.addEventListener("input", function () {
      self.schedule();
    });
    input.addEventListener("keydown", function (event) {
      self.onKeydown(event);
    });
    input.addEventListener("blur", function () {
      // Let a click on an option land first.
      window.setTimeout(function () {
        if (doc.activeElement !== input) self.close();
      }, 150);
    });
    // Keep focus in the input while choosing with the mouse or a finger.
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option && self.listbox.contains(option)) self.choose(option);
    });
  };

  Autocomplete.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () {
      self.search(self.input.value.trim());
    }, 200);
  };

  Autocomplete.prototype.search = function (query) {
    var self = this;
    if (query.length < this.minChars) {
      this.lastQuery = null;
      this.close();
      return;
    }
    if (query === this.lastQuery && !this.listbox.hidden) return;
    this.lastQuery = query;
    if (this.controller) this.controller.abort();
    this.controller = window.AbortController ? new AbortController() : null;

    // POST, not GET: what is typed is often a name, and names must not end up in URLs
    // (and so in access logs or browser history).
    var body = new URLSearchParams();
    body.set(this.param, query);
    this.input.setAttribute("aria-busy", "true");
    fetch(new URL(this.url, window.location.href).toString(), {
      method: "POST",
      body: body,
      headers: { "HX-Request": "true", Accept: "text/html", "X-CSRFToken": csrfToken() || "" },
      credentials: "same-origin",
      signal: this.controller ? this.controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        self.input.removeAttribute("aria-busy");
        if (self.input.value.trim() !== query) return; // typed on meanwhile
        self.render(html);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        self.input.removeAttribute("aria-busy");
        self.showStatus(self.text.error);
      });
  };

  Autocomplete.prototype.selectedValues = function () {
    var values = {};
    each(this.chips, 'input[type="hidden"]', function (hidden) {
      values[hidden.value] = true;
    });
    return values;
  };

  Autocomplete.prototype.render = function (html) {
    var self = this;
    var template = doc.createElement("template");
    template.innerHTML = html; // parsed inert: scripts in it never run
    var chosen = this.selectedValues();
    // Results that arrive after an arrow key chose an option (a search for the last letters
    // typed) keep that option active, so Enter picks what is highlighted.
    var active = this.activeIndex >= 0 ? this.options[this.activeIndex] : null;
    var activeKey = active ? optionKey(active) : null;
    this.listbox.textContent = "";
    this.options = [];
    this.activeIndex = -1;
    this.input.removeAttribute("aria-activedescendant");

    Array.prototype.forEach.call(template.content.querySelectorAll('[role="option"]'), function (node) {
      var value = node.getAttribute("data-value");
      var isNew = !value && self.newName && node.hasAttribute("data-new");
      if (!isNew && (!value || chosen[value])) return;
      var option = doc.importNode(node, true);
      option.id = nextId("opbouw-ac-option");
      option.setAttribute("aria-selected", "false");
      option.classList.add("utrecht-listbox__option");
      option.removeAttribute("tabindex");
      self.listbox.appendChild(option);
      self.options.push(option);
    });

    if (this.options.length === 0) {
      this.showStatus(this.text.noResults);
      return;
    }
    this.open();
    this.announce(format(this.text.results, this.options.length));
    if (activeKey !== null) {
      for (var i = 0; i < this.options.length; i += 1) {
        if (optionKey(this.options[i]) === activeKey) {
          this.setActive(i);
          break;
        }
      }
    }
  };

  // What an option stands for: a person's value, or "a new contact" (whatever is typed).
  function optionKey(option) {
    if (option.hasAttribute("data-new")) return "new";
    return option.getAttribute("data-value");
  }

  Autocomplete.prototype.showStatus = function (message) {
    this.listbox.textContent = "";
    this.options = [];
    this.activeIndex = -1;
    this.input.removeAttribute("aria-activedescendant");
    var item = doc.createElement("li");
    item.setAttribute("role", "option");
    item.setAttribute("aria-disabled", "true");
    item.setAttribute("aria-selected", "false");
    item.className = "opbouw-autocomplete__status";
    item.textContent = message;
    this.listbox.appendChild(item);
    this.open();
    this.announce(message);
  };

  Autocomplete.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Autocomplete.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.activeIndex = -1;
    this.options.forEach(function (option) {
      option.setAttribute("aria-selected", "false");
      option.classList.remove("opbouw-is-active");
    });
  };

  Autocomplete.prototype.setActive = function (index) {
    if (this.options.length === 0) return;
    var count = this.options.length;
    index = ((index % count) + count) % count; // wrap around
    if (this.activeIndex >= 0 && this.options[this.activeIndex]) {
      this.options[this.activeIndex].setAttribute("aria-selected", "false");
      this.options[this.activeIndex].classList.remove("opbouw-is-active");
    }
    this.activeIndex = index;
    var option = this.options[index];
    option.setAttribute("aria-selected", "true");
    option.classList.add("opbouw-is-active");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
  };

  Autocomplete.prototype.onKeydown = function (event) {
    var isOpen = !this.listbox.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) {
          this.lastQuery = null;
          this.search(this.input.value.trim());
        } else {
          this.setActive(this.activeIndex + 1);
        }
        break;
      case "ArrowUp":
        if (isOpen) {
          event.preventDefault();
          this.setActive(this.activeIndex - 1);
        }
        break;
      case "Enter":
        // Never submit the form from the search box; Enter picks the active suggestion.
        event.preventDefault();
        if (isOpen && this.activeIndex >= 0) {
          this.choose(this.options[this.activeIndex]);
        } else if (isOpen && this.options.length === 1) {
          this.choose(this.options[0]);
        }
        break;
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Autocomplete.prototype.choose = function (option) {
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    var value = option.getAttribute("data-value");
    var label = option.getAttribute("data-label") || option.textContent.trim();
    var name = this.targetName;
    if (!value && this.newName && option.hasAttribute("data-new")) {
      // "New contact: <text>": the server creates it from a hidden input named data-allow-new.
      value = option.getAttribute("data-new");
      name = this.newName;
    }
    if (!value) return;
    if (!this.multiple) this.clearChips();
    this.addChip(value, label, false, name);
    this.input.value = "";
    this.lastQuery = null;
    this.close();
    this.input.focus();
  };

  Autocomplete.prototype.clearChips = function () {
    this.chips.textContent = "";
  };

  Autocomplete.prototype.addChip = function (value, label, silent, name) {
    name = name || this.targetName;
    var exists = false;
    each(this.chips, 'input[type="hidden"]', function (hidden) {
      if (hidden.name === name && hidden.value === value) exists = true;
    });
    if (exists) return;
    var chip = doc.createElement("li");
    chip.className = "opbouw-chip" + (this.chipClass ? " " + this.chipClass : "");

    var text = doc.createElement("span");
    text.className = "opbouw-chip__label";
    text.textContent = label;

    var remove = doc.createElement("button");
    remove.type = "button";
    remove.className = "opbouw-chip__remove";
    remove.setAttribute("aria-label", format(this.text.remove, label));
    remove.setAttribute("data-label", label);
    var cross = doc.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "\u00d7";
    remove.appendChild(cross);

    var hidden = doc.createElement("input");
    hidden.type = "hidden";
    hidden.name = name;
    hidden.value = value;

    chip.appendChild(text);
    chip.appendChild(remove);
    chip.appendChild(hidden);
    this.chips.appendChild(chip);
    this.wireRemove(remove);
    if (!silent) this.announce(format(this.text.added, label));
    this.input.dispatchEvent(new CustomEvent("opbouw:chip-added", { bubbles: true, detail: { value: value, label: label } }));
  };

  Autocomplete.prototype.wireRemove = function (button) {
    var self = this;
    if (button.dataset.opbouwWired) return;
    button.dataset.opbouwWired = "1";
    button.addEventListener("click", function () {
      var chip = button.closest(".opbouw-chip, li");
      if (!chip) return;
      var label =
        button.getAttribute("data-label") ||
        (chip.querySelector(".opbouw-chip__label, span") || chip).textContent.trim();
      var hidden = chip.querySelector('input[type="hidden"]');
      var value = hidden ? hidden.value : "";
      // Move focus to the next chip's remove button, else the previous one, else the input.
      var sibling = chip.nextElementSibling || chip.previousElementSibling;
      chip.remove();
      var target = sibling && sibling.querySelector(".opbouw-chip__remove");
      (target || self.input).focus();
      self.announce(format(self.text.removed, label));
      self.input.dispatchEvent(new CustomEvent("opbouw:chip-removed", { bubbles: true, detail: { value: value, label: label } }));
    });
  };

  Autocomplete.prototype.announce = function (message) {
    var live = this.live;
    // Clear first so that the same message twice is still read out.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = message;
    }, 50);
  };

  function enhanceAutocomplete(root) {
    var inputs = [];
    each(root, "input[data-autocomplete-url]", function (input) {
      inputs.push(input);
    });
    each(root, "[data-autocomplete][data-autocomplete-url]", function (container) {
      var input = container.querySelector('input[role="combobox"], input[type="text"], input[type="search"], input:not([type])');
      if (input) inputs.push(input);
    });
    inputs.forEach(function (input) {
      if (input.dataset.opbouwAutocomplete) return;
      input.dataset.opbouwAutocomplete = "1";
      input._opbouwAutocomplete = new Autocomplete(input);
    });
  }

  /* ---- (c) forms that submit themselves on change (language switcher) ---------------- */

  // <form data-autosubmit> with a <select> and a real submit button. A change made with the
  // mouse or a finger submits at once. A change made with the arrow keys does not (that
  // would reload the page on every arrow press, WCAG 3.2.2): Enter or the button submits.
  function enhanceAutosubmit(root) {
    each(root, "form[data-autosubmit]", function (form) {
      if (form.dataset.opbouwAutosubmit) return;
      form.dataset.opbouwAutosubmit = "1";
      var byKeyboard = false;
      form.addEventListener("keydown", function (event) {
        if (event.target.tagName !== "SELECT") return;
        if (event.key === "Enter") {
          event.preventDefault();
          submit(form);
        } else if (event.key !== "Tab") {
          byKeyboard = true;
        }
      });
      form.addEventListener("pointerdown", function () {
        byKeyboard = false;
      });
      form.addEventListener("change", function (event) {
        if (event.target.tagName !== "SELECT") return;
        if (!byKeyboard) submit(form);
      });
    });
  }

  function submit(form) {
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  /* ---- navigation toggle on phones ---------------------------------------------------- */

  // <button class="opbouw-nav-toggle" data-nav-toggle aria-controls="main-nav"
  //         aria-expanded="false" hidden data-js-show>Menu</button>
  // The nav (#main-nav) is open without JS; with JS it starts collapsed on narrow screens.
  function enhanceNavToggle(root) {
    each(root, "[data-nav-toggle]", function (button) {
      if (button.dataset.opbouwNav) return;
      button.dataset.opbouwNav = "1";
      var nav = doc.getElementById(button.getAttribute("aria-controls"));
      if (!nav) return;
      button.hidden = false;
      setExpanded(button, nav, false);
      button.addEventListener("click", function () {
        setExpanded(button, nav, button.getAttribute("aria-expanded") !== "true");
      });
      nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && isVisible(button)) {
          setExpanded(button, nav, false);
          button.focus();
        }
      });
    });
  }

  function isVisible(el) {
    return el.offsetParent !== null;
  }

  function setExpanded(button, nav, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    nav.setAttribute("data-collapsed", expanded ? "false" : "true");
  }

  /* ---- sensitive notes: live feedback on the special-category select ------------------ */

  // The server renders the warning and, when a category is already chosen, the notice below
  // it ([data-sensitive-chosen]); this only shows or hides that notice as the choice changes.
  function enhanceSensitive(root) {
    each(root, "select[data-sensitive-select]", function (select) {
      if (select.dataset.opbouwSensitive) return;
      select.dataset.opbouwSensitive = "1";
      var form = select.form;
      var notice = form && form.querySelector("[data-sensitive-chosen]");
      if (!notice) return;
      select.addEventListener("change", function () {
        notice.hidden = !select.value;
      });
    });
  }

  /* ---- journal entry: the purpose follows the kind; a door round names nobody ----------- */

  // The purpose starts at the kind's default and follows the kind until the worker picks a
  // purpose themselves. For a counts-only kind the named-participant fields are hidden and
  // the door counts shown (without JavaScript both stay visible; the server checks).
  function enhanceEntryKind(root) {
    each(root, "[data-purpose-defaults]", function (fieldset) {
      if (fieldset.dataset.opbouwPurpose) return;
      fieldset.dataset.opbouwPurpose = "1";
      var form = fieldset.closest("form");
      if (!form) return;
      var defaults = {};
      fieldset.dataset.purposeDefaults.split(",").forEach(function (pair) {
        var parts = pair.split("=");
        defaults[parts[0]] = parts[1];
      });
      var chosen = "purposeChosen" in fieldset.dataset;
      fieldset.addEventListener("change", function () {
        chosen = true;
      });
      var named = form.querySelectorAll("[data-named-only]");
      var doors = form.querySelectorAll("[data-door-only]");
      function follow(kind, initial) {
        if (!chosen && !initial && defaults[kind]) {
          var radio = fieldset.querySelector('input[value="' + defaults[kind] + '"]');
          if (radio) radio.checked = true;
        }
        var countsOnly = kind === "door_round";
        named.forEach(function (el) { el.hidden = countsOnly; });
        doors.forEach(function (el) { el.hidden = !countsOnly; });
      }
      var checked = form.querySelector('input[name="kind"]:checked');
      follow(checked ? checked.value : "", true);
      form.querySelectorAll('input[name="kind"]').forEach(function (radio) {
        radio.addEventListener("change", function () {
          follow(radio.value, false);
        });
      });
    });
  }

  /* ---- htmx swaps: where focus goes, and what is said ------------------------------ */

  // Every element that swaps content (hx-get / hx-post …) says, in attributes, what the swap
  // means for someone who does not see it (tests/core/test_swap_attributes.py checks that each
  // has them; docs/frontend.md describes them):
  //   data-swap-announce="…"  said in the page's polite live region after the swap ("" for
  //                           nothing, e.g. content loaded with the page). An element with
  //                           [data-swap-message] in the new content says it instead (a count
  //                           of results, the new status of a row).
  //   data-swap-focus="…"     where focus goes: a selector within the new content, or "target"
  //                           (the new content itself). Without it, focus stays where it was,
  //                           unless the swap removed the focused element (the button that was
  //                           pressed): then it goes to the new content, never to <body>.
  var pendingSwaps = typeof WeakMap === "function" ? new WeakMap() : null;

  function liveRegion() {
    var region = doc.getElementById("opbouw-live");
    if (!region) {
      region = doc.createElement("div");
      region.id = "opbouw-live";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      doc.body.appendChild(region);
    }
    return region;
  }

  function announce(message) {
    var region = liveRegion();
    // Emptied first, filled a moment later: the same message twice is read twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  function focusable(el) {
    if (el.matches("a[href], button, input, select, textarea, [tabindex]")) return el;
    el.setAttribute("tabindex", "-1");
    return el;
  }

  // The element that made the request: htmx:configRequest fires on it, and its detail is the
  // request's configuration, which the later events of the request carry along.
  var requesters = typeof WeakMap === "function" ? new WeakMap() : null;
  doc.addEventListener("htmx:configRequest", function (event) {
    if (requesters && event.detail) requesters.set(event.detail, event.target);
  });

  doc.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!pendingSwaps || !detail || !detail.requestConfig || !detail.shouldSwap) return;
    var requester = requesters.get(detail.requestConfig) || detail.elt;
    var source = requester && requester.closest ? requester.closest("[data-swap-announce]") : null;
    var target = detail.target;
    pendingSwaps.set(detail.requestConfig, {
      announce: source ? source.getAttribute("data-swap-announce") : "",
      focus: source ? source.getAttribute("data-swap-focus") || "" : "",
      target: target,
      targetId: target && target.id ? target.id : "",
    });
  });

  // afterSettle fires on every element the swap put in; the first one handles the swap.
  doc.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail;
    if (!pendingSwaps || !detail || !detail.requestConfig) return;
    var swap = pendingSwaps.get(detail.requestConfig);
    if (!swap) return;
    pendingSwaps.delete(detail.requestConfig);
    var content = (swap.targetId && doc.getElementById(swap.targetId)) ||
      (swap.target && swap.target.isConnected ? swap.target : null);

    var active = doc.activeElement;
    var lost = !active || active === doc.body || !active.isConnected;
    var destination = null;
    if (swap.focus && swap.focus !== "target" && content) {
      destination = content.querySelector(swap.focus);
    } else if (swap.focus === "target" || lost) {
      destination = content;
    }
    if (destination || lost) {
      destination = destination || doc.getElementById("main");
      if (destination) focusable(destination).focus();
    }

    var messageEl = content && (content.matches("[data-swap-message]") ? content :
      content.querySelector("[data-swap-message]"));
    var message = messageEl ? messageEl.getAttribute("data-swap-message") : swap.announce;
    if (message) announce(message);
  });

  // A request that failed swaps nothing: say so, instead of silence.
  doc.addEventListener("htmx:responseError", function () {
    announce(liveRegion().getAttribute("data-text-error") || "Dat lukte niet.");
  });
  doc.addEventListener("htmx:sendError", function () {
    announce(liveRegion().getAttribute("data-text-error") || "Dat lukte niet.");
  });

  /* ---- boot, and again for content that htmx swaps in -------------------------------- */

  function enhance(root) {
    enhanceVisibility(root);
    enhanceAutocomplete(root);
    enhanceAutosubmit(root);
    enhanceNavToggle(root);
    enhanceSensitive(root);
    enhanceEntryKind(root);
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", function () {
      enhance(doc.body);
    });
  } else {
    enhance(doc.body);
  }

  // htmx:load fires for every element htmx adds (and once for body at start).
  doc.addEventListener("htmx:load", function (event) {
    if (event.target && event.target !== doc.body) enhance(event.target);
  });

  window.opbouw = window.opbouw || {};
  window.opbouw.enhance = enhance;
})();
