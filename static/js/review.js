// Keyboard review: j/k move between quotes, a approves, r goes to the reason (Enter rejects), e edits.
(function () {
  "use strict";

  const rows = window.keyboardNav("[data-review-row]");

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
    const row = rows.current();
    if (event.key === "j") { rows.step(1); event.preventDefault(); return; }
    if (event.key === "k") { rows.step(-1); event.preventDefault(); return; }
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
    rows.restore();
  });
})();
