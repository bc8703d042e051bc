/* The home dashboard's charts (Apache ECharts, vendored). Data come from json_script elements
   (the CSP allows no inline script); every data point carries the URL of the list behind it,
   and a click on a segment opens that list. Tooltips render in the canvas ("richText"), so no
   inline style reaches the page. */
(function () {
  "use strict";

  var PALETTE = ["#c8102e", "#1f6fb2", "#e6a23c", "#2e8b57", "#7b4fa0", "#5b6b7a", "#d9822b", "#17a2b8"];

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function follow(params) {
    var url = params && params.data && params.data.url;
    if (url) { window.location.href = url; }
  }

  function trendOption(data) {
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", symbolSize: 7, data: s.data, cursor: "pointer" };
      })
    };
  }

  function barsOption(data) {
    var rows = data.slice().reverse();  // largest at the top
    return {
      color: PALETTE,
      tooltip: { trigger: "item", renderMode: "richText" },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }),
               axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", data: rows, cursor: "pointer", barMaxWidth: 18, label: { show: true, position: "right" },
                 itemStyle: { color: PALETTE[0] } }]
    };
  }

  function pieOption(data) {
    return {
      color: ["#2e8b57", "#e6a23c"],
      tooltip: { trigger: "item", renderMode: "richText" },
      // No legend: each slice's label names it (a legend under a small pie collided with the labels).
      // A slice of 0 has nothing to open and only crowds the labels of the others.
      series: [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "50%"], cursor: "pointer",
                 data: data.filter(function (d) { return d.value > 0; }),
                 label: { formatter: "{b} {c}" }, labelLine: { length: 6, length2: 6 } }]
    };
  }

  var BUILDERS = { trend: trendOption, bars: barsOption, pie: pieOption };

  function barsHeight(el, data) {
    // One band per row, so a long list of categories stays readable.
    el.style.height = Math.max(160, 28 * data.length + 24) + "px";
  }

  function start() {
    if (typeof echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll(".dash-chart[data-chart]").forEach(function (el) {
      var data = readJson(el.getAttribute("data-source"));
      var build = BUILDERS[el.getAttribute("data-chart")];
      if (!data || !build) { return; }
      if (el.getAttribute("data-chart") === "bars") { barsHeight(el, data); }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(data));
      chart.on("click", follow);
      // Drawn, entry animation included: screenshots and browser tests wait for this mark.
      chart.on("finished", function () { el.setAttribute("data-rendered", "true"); });
      charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
