// Turns a browser selection inside the article into offsets the server can check.
//
// Every text segment in the reading view carries `data-u16`: the UTF-16 offset of its first
// character in the article text. A DOM Range counts UTF-16 code units too, so the browser
// only adds numbers; the server converts them to code points (annotations/anchoring.py).
(function () {
  "use strict";

  const ARTICLE = "[data-article-text]";

  function segmentStart(element) {
    return Number(element.dataset.u16);
  }

  function segmentEnd(element) {
    return segmentStart(element) + element.textContent.length;
  }

  function segmentsIn(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return [];
    const found = node.matches("mark[data-u16], span[data-u16]") ? [node] : [];
    return found.concat(Array.from(node.querySelectorAll("mark[data-u16], span[data-u16]")));
  }

  // UTF-16 offset in the article of a Range boundary (container, offset).
  function boundaryOffset(container, offset, article) {
    if (container.nodeType === Node.TEXT_NODE) {
      const segment = container.parentElement.closest("[data-u16]");
      if (segment && segment.tagName !== "P") return segmentStart(segment) + offset;
      // Text outside any segment (spacing between paragraphs): use its place in the parent.
      const parent = container.parentElement;
      offset = Array.prototype.indexOf.call(parent.childNodes, container);
      container = parent;
    }
    // An element boundary sits between children: take the first segment after it,
    // or else the end of the last segment before it.
    const children = Array.from(container.childNodes);
    for (const child of children.slice(offset)) {
      const segments = segmentsIn(child);
      if (segments.length) return segmentStart(segments[0]);
    }
    for (const child of children.slice(0, offset).reverse()) {
      const segments = segmentsIn(child);
      if (segments.length) return segmentEnd(segments[segments.length - 1]);
    }
    const all = segmentsIn(article);
    return all.length ? segmentEnd(all[all.length - 1]) : 0;
  }

  function currentSelection() {
    const article = document.querySelector(ARTICLE);
    const selection = window.getSelection();
    if (!article || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return null;
    const start = boundaryOffset(range.startContainer, range.startOffset, article);
    const end = boundaryOffset(range.endContainer, range.endOffset, article);
    if (end <= start) return null;
    return { start: start, end: end, exact: selection.toString() };
  }

  function form() {
    return document.getElementById("annotation-form");
  }

  // The last passage offered to the form: moving focus into the form drops the page selection.
  let lastSelection = null;

  function openForm(selected) {
    const f = form();
    if (!f || !selected || !selected.exact.trim()) return false;
    lastSelection = selected;
    f.querySelector("[name=start_utf16]").value = selected.start;
    f.querySelector("[name=end_utf16]").value = selected.end;
    f.querySelector("[name=exact]").value = selected.exact;
    f.querySelector("[data-selection-preview]").textContent = selected.exact.trim();
    f.hidden = false;
    f.querySelector("[name=themes]").focus({ preventScroll: true });
    return true;
  }

  function closeForm() {
    const f = form();
    if (f) f.hidden = true;
  }

  function isTyping(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  // Keyboard selection: Shift+arrows extend (Ctrl/Alt+Shift: by word) from the caret left by a click.
  function extendSelection(event) {
    const article = document.querySelector(ARTICLE);
    const selection = window.getSelection();
    if (!article || !selection.rangeCount || !article.contains(selection.focusNode)) return false;
    const directions = { ArrowRight: "forward", ArrowLeft: "backward", ArrowDown: "forward", ArrowUp: "backward" };
    const direction = directions[event.key];
    if (!direction) return false;
    const granularity = event.key === "ArrowUp" || event.key === "ArrowDown" ? "line"
      : event.ctrlKey || event.altKey ? "word" : "character";
    selection.modify("extend", direction, granularity);
    return true;
  }

  // The highlight the keyboard is on (j/k, or a click), shown in the text and in the side list.
  const cards = window.keyboardNav("[data-annotation-list] > [data-annotation-id]");

  function marksOf(id) {
    return Array.from(document.querySelectorAll("mark[data-annotations]")).filter(function (mark) {
      return mark.dataset.annotations.split(" ").indexOf(String(id)) >= 0;
    });
  }

  function activate(id, options) {
    document.querySelectorAll("mark.active").forEach(function (mark) {
      mark.classList.remove("active");
    });
    const marks = marksOf(id);
    marks.forEach(function (mark) { mark.classList.add("active"); });
    if (options.scrollText && marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    cards.select(document.getElementById("annotation-" + id), options.focusCard);
  }

  function step(delta) {
    const card = cards.near(delta);
    if (card) activate(card.dataset.annotationId, { scrollText: true, focusCard: true });
  }

  function toggleButton(selector, className, onText, offText) {
    const reader = document.getElementById("reader");
    const button = document.querySelector(selector);
    if (!reader || !button) return;
    const on = !document.body.classList.contains(className);
    document.body.classList.toggle(className, on);
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? onText : offText;
    try { window.localStorage.setItem("newsroom." + className, on ? "1" : ""); } catch (e) { /* private mode */ }
  }

  function restoreToggles() {
    ["highlights-hidden", "colour-by-status"].forEach(function (className) {
      try {
        if (window.localStorage.getItem("newsroom." + className)) document.body.classList.add(className);
      } catch (e) { /* private mode */ }
    });
    const hide = document.querySelector("[data-toggle-highlights]");
    const colour = document.querySelector("[data-toggle-colour]");
    if (hide && document.body.classList.contains("highlights-hidden")) {
      hide.textContent = "Show highlights"; hide.setAttribute("aria-pressed", "true");
    }
    if (colour && document.body.classList.contains("colour-by-status")) {
      colour.textContent = "Colour by theme"; colour.setAttribute("aria-pressed", "true");
    }
  }

  function toggleHighlights() {
    toggleButton("[data-toggle-highlights]", "highlights-hidden", "Show highlights", "Hide highlights");
  }

  document.addEventListener("DOMContentLoaded", restoreToggles);

  // Only a drag (or a double/triple click) selects: a plain click just places the caret,
  // possibly inside an old selection that the browser is about to clear.
  let pressedAt = null;

  document.addEventListener("mousedown", function (event) {
    pressedAt = event.target.closest && event.target.closest(ARTICLE) ? [event.clientX, event.clientY] : null;
  });

  document.addEventListener("mouseup", function (event) {
    if (!pressedAt) return;
    const dragged = Math.abs(event.clientX - pressedAt[0]) + Math.abs(event.clientY - pressedAt[1]) > 3;
    pressedAt = null;
    if (dragged || event.detail >= 2) openForm(currentSelection());
  });

  document.addEventListener("keydown", function (event) {
    const help = document.getElementById("shortcut-help");
    if (event.key === "Escape" && form() && !form().hidden) {
      closeForm();
      return;
    }
    if (isTyping(event.target)) return;
    if (event.shiftKey && extendSelection(event)) {
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      h: function () { return openForm(currentSelection()); },
      j: function () { step(1); return true; },
      k: function () { step(-1); return true; },
      e: function () {
        const card = cards.current();
        const link = card && card.querySelector("[data-edit-link]");
        if (link) link.click();
        return Boolean(link);
      },
      t: function () { toggleHighlights(); return true; },
      "?": function () { if (help && !help.open) help.showModal(); return Boolean(help); },
    };
    const action = actions[event.key];
    if (action && action()) event.preventDefault();
  });

  // Repairing an orphaned highlight: the passage selected in the text becomes its place.
  document.addEventListener("submit", function (event) {
    const repair = event.target.closest && event.target.closest("form[data-reattach]");
    if (!repair) return;
    const selected = currentSelection() || (form() && !form().hidden ? lastSelection : null);
    if (!selected) {
      event.preventDefault();
      window.alert("Select the passage in the text first, then press this button.");
      return;
    }
    repair.querySelector("[name=start_utf16]").value = selected.start;
    repair.querySelector("[name=end_utf16]").value = selected.end;
    repair.querySelector("[name=exact]").value = selected.exact;
  });

  document.addEventListener("click", function (event) {
    const target = event.target;
    if (!target.closest) return;
    if (target.closest("[data-cancel-highlight]")) closeForm();
    if (target.closest("[data-toggle-highlights]")) toggleHighlights();
    if (target.closest("[data-toggle-colour]")) {
      toggleButton("[data-toggle-colour]", "colour-by-status", "Colour by theme", "Colour by status");
    }
    if (target.closest("[data-show-help]")) document.getElementById("shortcut-help").showModal();
    const scrollLink = target.closest("[data-scroll-to]");
    if (scrollLink) {
      event.preventDefault();
      activate(scrollLink.dataset.scrollTo, { scrollText: true, focusCard: false });
      return;
    }
    // A click on a highlight (without selecting) shows its card in the side panel.
    const mark = target.closest("mark[data-annotations]");
    if (mark && window.getSelection().isCollapsed) {
      const ids = mark.dataset.annotations.split(" ");
      activate(ids[ids.length - 1], { scrollText: false, focusCard: true });
    }
  });
})();
