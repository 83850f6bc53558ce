// "Select all on this page" for lists with checkboxes (rows may belong to the form by `form=`).
document.addEventListener("change", function (event) {
  const all = event.target.closest && event.target.closest("[data-select-all]");
  if (!all) return;
  const form = all.form || all.closest("form");
  Array.from(form.elements).forEach(function (box) {
    if (box !== all && box.type === "checkbox" && (box.name === "articles" || box.name === "ids")) {
      box.checked = all.checked;
    }
  });
});
