// Keyboard review: j/k move between quotes, a approves, r goes to the reason (Enter rejects), e edits.
(function () {
  "use strict";

  let current = -1;

  function rows() {
    return Array.from(document.querySelectorAll("[data-review-row]"));
  }

  function focusRow(index) {
    const list = rows();
    if (!list.length) return null;
    current = Math.min(list.length - 1, Math.max(0, index));
    list.forEach(function (row) { row.classList.remove("active"); });
    const row = list[current];
    row.classList.add("active");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    return row;
  }

  function currentRow() {
    const list = rows();
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("[data-review-row]") : null;
    if (focused) current = list.indexOf(focused);
    return list[current] || null;
  }

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    // Enter in the reason field rejects; the form's first button would approve instead.
    if (event.key === "Enter" && target.matches && target.matches("[data-reason]")) {
      event.preventDefault();
      target.closest("form").querySelector("[data-reject]").click();
      return;
    }
    if (target.closest && target.closest("input, textarea, select")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const row = currentRow();
    if (event.key === "j") { focusRow(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { focusRow(current - 1); event.preventDefault(); return; }
    if (!row) return;
    const actions = {
      a: function () { const b = row.querySelector("[data-approve]"); if (b) b.click(); },
      r: function () { const f = row.querySelector("[data-reason]"); if (f) f.focus(); },
      e: function () { const l = row.querySelector("[data-edit-link]"); if (l) l.click(); },
    };
    if (actions[event.key]) { actions[event.key](); event.preventDefault(); }
  });

  // After a row is re-rendered in place, keep the keyboard on it.
  // Never while the editor is typing (a reason, an edit): that would steal the keystrokes.
  document.addEventListener("htmx:afterSettle", function () {
    const active = document.activeElement;
    if (active && active.closest && active.closest("input, textarea, select")) return;
    if (current >= 0 && rows().length) focusRow(current);
  });
})();
