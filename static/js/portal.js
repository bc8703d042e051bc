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

// Search-as-you-type pickers (partybuild/pickers.py): a select with data-picker-url lists only its
// selected option; Tom Select asks the server for matches as the user types.
function portalPickers(root) {
  if (typeof window.TomSelect !== "function") return;
  root.querySelectorAll("select[data-picker-url]").forEach(function (select) {
    if (select.tomselect) return;
    var url = select.getAttribute("data-picker-url");
    var lang = document.documentElement.lang || "";
    var zh = lang.indexOf("zh") === 0;
    new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      // The server has filtered already: keep its order, do not re-score.
      score: function () { return function () { return 1; }; },
      loadThrottle: 250,
      maxOptions: 20,
      allowEmptyOption: !select.required,
      placeholder: select.getAttribute("data-placeholder") || (zh ? "输入名称搜索" : "Type to search"),
      load: function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {credentials: "same-origin"})
          .then(function (response) { return response.json(); })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + (zh ? "没有匹配的结果" : "No matches") + "</div>";
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>';
        },
      },
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { portalPickers(document); });
document.addEventListener("htmx:load", function (event) { portalPickers(event.target); });

// Filter forms fold their less used fields on a phone (templates/_filter_fields.html); keep them
// open when one of them is in use, so an active filter is never hidden.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-filters-more]").forEach(function (more) {
    var inUse = Array.prototype.some.call(more.querySelectorAll("input, select"), function (field) {
      return field.type === "checkbox" || field.type === "radio" ? field.checked : field.value !== "";
    });
    if (inUse) {
      more.classList.add("show");
      var toggle = document.querySelector('[data-bs-target="#' + more.id + '"]');
      if (toggle) toggle.setAttribute("aria-expanded", "true");
    }
  });
});

// Lists shown as cards on a phone (.table-cards in static/css/portal.css): each cell carries its
// column's heading, read once from the table head.
function portalTableCards(root) {
  root.querySelectorAll("table.table-cards").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", headings[index] || "");
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { portalTableCards(document); });
document.addEventListener("htmx:load", function (event) { portalTableCards(event.target); });
