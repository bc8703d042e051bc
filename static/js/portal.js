// Tree browser: a toggle shows or hides the children container it controls.
// htmx loads the children on the first click (hx-trigger="click once"); later clicks only toggle.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest("[data-tree-toggle]");
  if (!toggle) return;
  var target = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!target) return;
  var expanded = toggle.getAttribute("aria-expanded") === "true";
  toggle.setAttribute("aria-expanded", expanded ? "false" : "true");
  target.hidden = expanded;
});

// "Back" links: go back in the browser's history (the link's own address is the fallback
// without JavaScript; a javascript: address would be refused by the CSP).
document.addEventListener("click", function (event) {
  var back = event.target.closest("[data-history-back]");
  if (!back || window.history.length < 2) return;
  event.preventDefault();
  window.history.back();
});
