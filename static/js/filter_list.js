// A search box with data-filter-list="<id>" hides the options of that checkbox list whose text
// does not contain what is typed. Hidden options stay in the form, so ticked ones are still sent.
document.addEventListener("input", function (event) {
  var box = event.target.closest("[data-filter-list]");
  if (!box) return;
  var list = document.getElementById(box.getAttribute("data-filter-list"));
  if (!list) return;
  var term = box.value.trim().toLowerCase();
  list.querySelectorAll(":scope > div").forEach(function (option) {
    option.hidden = term !== "" && option.textContent.toLowerCase().indexOf(term) === -1;
  });
});
