// Name fields with suggestions (annotations/widgets.py, SuggestInput). htmx asks the server as
// one types and puts the names it suggests into the field's own list, right after the field.
// This script only sends the name being typed, and picks a suggestion with the keyboard
// (arrows, Enter or Tab, Escape) or the mouse into the field, which may hold several names.
(function () {
  "use strict";

  const FIELD = "input[data-suggest]";

  function listOf(field) {
    return document.getElementById(field.getAttribute("aria-controls"));
  }

  function fieldOf(list) {
    return document.querySelector(FIELD + '[aria-controls="' + list.id + '"]');
  }

  function options(field) {
    const list = listOf(field);
    return list ? Array.from(list.querySelectorAll("li[data-name]")) : [];
  }

  function holdsOneName(field) {
    return field.dataset.suggest === "one";
  }

  // The name being typed: the whole value, or the last of comma-separated names.
  function typedName(field) {
    if (holdsOneName(field)) return field.value.trim();
    const names = field.value.split(",");
    return names[names.length - 1].trim();
  }

  function close(field) {
    const list = listOf(field);
    if (list) list.replaceChildren();
    field.setAttribute("aria-expanded", "false");
  }

  function closeOthers(field) {
    document.querySelectorAll(FIELD + '[aria-expanded="true"]').forEach(function (other) {
      if (other !== field) close(other);
    });
  }

  function pick(field, name) {
    if (holdsOneName(field)) {
      field.value = name;
    } else {
      const names = field.value.split(",");
      names[names.length - 1] = (names.length > 1 ? " " : "") + name;
      field.value = names.join(",") + ", ";
    }
    // An answer still on its way would open the list again.
    htmx.trigger(field, "htmx:abort");
    close(field);
    // What listens to the field's value (the new actors' kinds) hears of the pick.
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  }

  function move(field, delta) {
    const all = options(field);
    if (!all.length) return;
    const current = all.findIndex(function (option) { return option.classList.contains("active"); });
    const next = current < 0 ? (delta > 0 ? 0 : all.length - 1) : (current + delta + all.length) % all.length;
    all.forEach(function (option, index) {
      option.classList.toggle("active", index === next);
      option.setAttribute("aria-selected", String(index === next));
    });
  }

  // The field whose suggestions an htmx event is about, if it is about suggestions.
  function requestingField(event) {
    const config = event.detail.requestConfig;
    const field = config ? config.elt : event.detail.elt;
    return field && field.matches && field.matches(FIELD) ? field : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    const field = requestingField(event);
    if (field) event.detail.parameters = { q: typedName(field) };
  });

  // A field that lost the focus meanwhile does not open its list.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const field = requestingField(event);
    if (field && document.activeElement !== field) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    const field = requestingField(event);
    if (!field) return;
    field.setAttribute("aria-expanded", String(options(field).length > 0));
    closeOthers(field);
  });

  // Another field's list goes as soon as this one is typed in, whatever its requests do.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(FIELD)) closeOthers(event.target);
  });

  document.addEventListener("keydown", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches(FIELD) || !options(field).length) return;
    const active = options(field).find(function (option) { return option.classList.contains("active"); });
    if (event.key === "ArrowDown") { move(field, 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(field, -1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "Tab") && active) {
      pick(field, active.dataset.name);
      event.preventDefault();
    } else if (event.key === "Escape") {
      // Closes the list only, not what the page closes on Escape (the reader's form).
      close(field);
      event.stopPropagation();
    }
  }, true);

  // On mousedown, so that the field keeps the focus.
  document.addEventListener("mousedown", function (event) {
    const option = event.target.closest && event.target.closest(".suggestions li[data-name]");
    if (!option) return;
    event.preventDefault();
    const field = fieldOf(option.parentElement);
    if (field) pick(field, option.dataset.name);
  });

  // A moment later, so that a click on the list lands first; and only this field's list.
  document.addEventListener("focusout", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches(FIELD)) return;
    window.setTimeout(function () {
      if (document.activeElement !== field) close(field);
    }, 100);
  });
})();
