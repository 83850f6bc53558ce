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

  // The DOM Range of the UTF-16 offsets [start, end) of the article, or null: the inverse of
  // boundaryOffset, so that what the page marks is exactly what the form will save.
  function rangeAt(start, end) {
    const article = document.querySelector(ARTICLE);
    if (!article) return null;
    const segments = Array.from(article.querySelectorAll("mark[data-u16], span[data-u16]"));
    const first = segments.find(function (s) { return segmentStart(s) <= start && start < segmentEnd(s); });
    const last = segments.find(function (s) { return segmentStart(s) < end && end <= segmentEnd(s); });
    if (!first || !last || !first.firstChild || !last.firstChild) return null;
    const range = document.createRange();
    range.setStart(first.firstChild, start - segmentStart(first));
    range.setEnd(last.firstChild, end - segmentStart(last));
    return range;
  }

  // The passage waiting in the form stays marked while focus is in the fields (focusing them
  // drops the browser's selection). The CSS Custom Highlight API paints it without touching
  // the DOM, so the segments and their offsets stay as the server rendered them.
  const PENDING = "pending-highlight";
  let pendingRange = null;

  function markPending(range) {
    pendingRange = range;
    if (range && window.CSS && CSS.highlights && typeof Highlight === "function") {
      CSS.highlights.set(PENDING, new Highlight(range));
    }
  }

  function clearPending() {
    pendingRange = null;
    if (window.CSS && CSS.highlights) CSS.highlights.delete(PENDING);
  }

  // Said in the reader's live region, so that screen readers hear it too.
  function say(text) {
    const region = document.querySelector("[data-reader-message]");
    if (region) region.textContent = text;
  }

  // The Highlight button beside a selection (as in Hypothesis): the mouse's `h`.
  function adder() {
    return document.querySelector("[data-highlight-adder]");
  }

  function hideAdder() {
    const button = adder();
    if (button) button.hidden = true;
  }

  // Just below the selection's last line, where the pointer let go, kept within the column.
  function showAdder() {
    const button = adder();
    const article = document.querySelector(ARTICLE);
    const selected = currentSelection();
    if (!button || !article || !selected || !selected.exact.trim()) {
      hideAdder();
      return;
    }
    const range = window.getSelection().getRangeAt(0);
    const lines = Array.from(range.getClientRects()).filter(function (r) { return r.width > 0; });
    const end = lines.length ? lines[lines.length - 1] : range.getBoundingClientRect();
    button.hidden = false;
    // Offsets from the button's containing block (.reader is positioned).
    const origin = button.offsetParent ? button.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const column = article.getBoundingClientRect();
    const left = Math.max(column.left, Math.min(end.right - button.offsetWidth / 2, column.right - button.offsetWidth));
    button.style.setProperty("left", Math.round(left - origin.left) + "px");
    button.style.setProperty("top", Math.round(end.bottom + 4 - origin.top) + "px");
  }

  function form() {
    return document.getElementById("annotation-form");
  }

  // The last passage offered to the form: moving focus into the form drops the page selection.
  let lastSelection = null;

  function openForm(selected) {
    const f = form();
    if (!f) return false;
    if (!selected || !selected.exact.trim()) {
      say("Select a passage first, then press h or the Highlight button.");
      return true;
    }
    say("");
    hideAdder();
    lastSelection = selected;
    f.querySelector("[name=start_utf16]").value = selected.start;
    f.querySelector("[name=end_utf16]").value = selected.end;
    f.querySelector("[name=exact]").value = selected.exact;
    f.querySelector("[data-selection-preview]").textContent = selected.exact.trim();
    markPending(rangeAt(selected.start, selected.end));
    f.hidden = false;
    f.querySelector("[name=themes]").focus({ preventScroll: true });
    return true;
  }

  // Cancel keeps nothing: the typed fields, the errors of a refused save and the mark go, and
  // the caret goes back to the end of the passage, where Shift+arrows and `h` carry on.
  function cancelForm() {
    const f = form();
    if (!f || f.hidden) return;
    const passage = pendingRange;
    f.hidden = true;
    f.reset();
    f.querySelectorAll("input:not([type=hidden]), textarea").forEach(function (field) { field.value = ""; });
    ["start_utf16", "end_utf16", "exact"].forEach(function (name) { f.querySelector("[name=" + name + "]").value = ""; });
    f.querySelector("[data-selection-preview]").textContent = "";
    f.querySelectorAll(".errorlist, .errors").forEach(function (error) { error.remove(); });
    f.querySelectorAll(".new-actors").forEach(function (line) { line.replaceChildren(); });
    lastSelection = null;
    clearPending();
    const article = document.querySelector(ARTICLE);
    if (!article) return;
    article.focus({ preventScroll: true });
    if (passage && article.contains(passage.endContainer)) {
      window.getSelection().collapse(passage.endContainer, passage.endOffset);
    }
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
    if (dragged || event.detail >= 2) showAdder();
    else hideAdder();
  });

  // The button follows keyboard selections (Shift+arrows) and goes when the selection
  // collapses or leaves the article; during a drag it waits for the mouse to let go.
  document.addEventListener("selectionchange", function () {
    if (pressedAt) return;
    if (currentSelection()) showAdder();
    else hideAdder();
  });

  // On mousedown, so that the selection survives the click on the button.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-highlight-adder]")) event.preventDefault();
  });

  // After a save the reader is rendered again: a refused save brings the form back with the
  // passage, which is marked again; a saved one clears the mark.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "reader") return;
    const f = form();
    if (f && !f.hidden) {
      const start = Number(f.querySelector("[name=start_utf16]").value);
      const end = Number(f.querySelector("[name=end_utf16]").value);
      markPending(rangeAt(start, end));
    } else {
      clearPending();
    }
  });

  document.addEventListener("keydown", function (event) {
    const help = document.getElementById("shortcut-help");
    // An open list of suggestions takes the first Escape (suggest.js stops it there).
    if (event.key === "Escape" && form() && !form().hidden) {
      cancelForm();
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
      say("Select the passage in the text first, then press Place on the selected passage.");
      return;
    }
    repair.querySelector("[name=start_utf16]").value = selected.start;
    repair.querySelector("[name=end_utf16]").value = selected.end;
    repair.querySelector("[name=exact]").value = selected.exact;
  });

  document.addEventListener("click", function (event) {
    const target = event.target;
    if (!target.closest) return;
    if (target.closest("[data-cancel-highlight]")) cancelForm();
    if (target.closest("[data-highlight-adder]")) openForm(currentSelection());
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
