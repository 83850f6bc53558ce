// Autocomplete for theme and actor fields (comma-separated names).
// The server matches case- and accent-insensitively, aliases included ("poutine" finds Putin).
(function () {
  "use strict";

  let list = null;
  let input = null;
  let active = -1;
  let pending = null;

  function tokenOf(field) {
    if (field.hasAttribute("data-suggest-single")) return field.value.trim();
    const parts = field.value.split(",");
    return parts[parts.length - 1].trim();
  }

  function accept(name) {
    if (input.hasAttribute("data-suggest-single")) {
      input.value = name;
    } else {
      const parts = input.value.split(",");
      parts[parts.length - 1] = (parts.length > 1 ? " " : "") + name;
      input.value = parts.join(",") + ", ";
    }
    close();
    input.focus();
  }

  function close() {
    if (list) list.remove();
    list = null;
    active = -1;
    if (input) input.setAttribute("aria-expanded", "false");
  }

  function show(field, results) {
    close();
    input = field;
    if (!results.length) return;
    list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    results.forEach(function (result) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.dataset.name = result.name;
      item.textContent = result.name;
      const detail = [result.kind, result.alias ? "also “" + result.alias + "”" : ""].filter(Boolean);
      if (detail.length) {
        const small = document.createElement("small");
        small.textContent = " " + detail.join(", ");
        item.appendChild(small);
      }
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        accept(result.name);
      });
      list.appendChild(item);
    });
    field.insertAdjacentElement("afterend", list);
    field.setAttribute("aria-expanded", "true");
  }

  function move(delta) {
    const items = list ? list.querySelectorAll("li") : [];
    if (!items.length) return;
    if (active >= 0) items[active].classList.remove("active");
    active = (active + delta + items.length) % items.length;
    items[active].classList.add("active");
    items[active].setAttribute("aria-selected", "true");
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!field.matches || !field.matches("input[data-suggest]")) return;
    const query = tokenOf(field);
    // Another field's list goes as soon as this one is typed in, whatever its requests do.
    if (input && input !== field) close();
    if (pending) pending.abort();
    if (!query) { close(); return; }
    pending = new AbortController();
    fetch(field.dataset.suggest + "?q=" + encodeURIComponent(query), {
      signal: pending.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (document.activeElement === field) show(field, data.results); })
      .catch(function () { /* aborted by a newer keystroke */ });
  });

  document.addEventListener("keydown", function (event) {
    if (!list || event.target !== input) return;
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
      accept(list.querySelectorAll("li")[active].dataset.name);
      event.preventDefault();
    } else if (event.key === "Escape") { close(); event.stopPropagation(); }
  }, true);

  // A moment later, so that a click on the list lands first; and only the list of the field
  // that lost focus: another field's list, shown meanwhile, stays.
  document.addEventListener("focusout", function (event) {
    const field = event.target;
    if (field !== input) return;
    window.setTimeout(function () {
      if (input === field && document.activeElement !== field) close();
    }, 100);
  });
})();
