// "Select all on this page" for lists with checkboxes.
document.addEventListener("change", function (event) {
  const all = event.target.closest && event.target.closest("[data-select-all]");
  if (!all) return;
  all.closest("form").querySelectorAll("input[type=checkbox][name=articles]").forEach(function (box) {
    box.checked = all.checked;
  });
});
