// Moving through a page's items with the keyboard (j/k), for highlighter.js (the reader's
// highlight cards) and review.js (the review queue's rows). keyboardNav(selector) keeps which
// item is current: it has the class "active" and, when moved to, the focus, scrolled into view.
window.keyboardNav = function (selector) {
  "use strict";

  let index = -1;

  function items() {
    return Array.from(document.querySelectorAll(selector));
  }

  const nav = {
    items: items,

    // The current item: the one holding the focus, if any, else the last one selected.
    current: function () {
      const list = items();
      const focused = document.activeElement && document.activeElement.closest
        ? document.activeElement.closest(selector) : null;
      if (focused) index = list.indexOf(focused);
      return list[index] || null;
    },

    // Makes `item` the current one (none if null); with `focus`, it takes the focus too.
    select: function (item, focus) {
      const list = items();
      list.forEach(function (other) { other.classList.remove("active"); });
      index = list.indexOf(item);
      if (!item) return null;
      item.classList.add("active");
      if (focus) {
        item.focus({ preventScroll: true });
        item.scrollIntoView({ block: "nearest" });
      }
      return item;
    },

    // The item `delta` places from the current one, kept within the list; null if none.
    near: function (delta) {
      const list = items();
      if (!list.length) return null;
      return list[Math.min(list.length - 1, Math.max(0, index + delta))];
    },

    // After the items were rendered again: the one in the current place is current again.
    restore: function () {
      const list = items();
      if (index < 0 || !list.length) return null;
      return nav.select(list[Math.min(index, list.length - 1)], true);
    },

    // j/k: the next (1) or previous (-1) item becomes the current one, focused and in view.
    step: function (delta) {
      const item = nav.near(delta);
      return item ? nav.select(item, true) : null;
    },
  };
  return nav;
};
