// Import job page: poll the job's progress until it finishes, then show the result page.
// The bar's width is set from here (the CSP refuses inline style attributes).
(function () {
  var box = document.getElementById("job-status");
  if (!box || box.dataset.finished === "1") return;
  var progress = document.getElementById("job-progress");
  var bar = progress.querySelector(".progress-bar");
  var counter = document.getElementById("job-counter");
  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    progress.setAttribute("aria-valuenow", percent);
  }
  function poll() {
    fetch(box.dataset.progressUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.finished) { window.location.assign(data.url); return; }
        show(data.percent);
        counter.textContent = data.processed_rows + " / " + data.total_rows;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  show(progress.getAttribute("aria-valuenow"));
  setTimeout(poll, 1000);
})();
