/* The data big screen (数据大屏): scales the 1920x1080 layout to the window, creates one ECharts
 * instance per panel once, then polls the JSON endpoint and updates figures, charts and the ticker
 * in place. Nothing grows with the number of refreshes: series are bounded by the server (31 days,
 * 10 ranks), the ticker reuses a fixed set of rows, and no listener or timer is added per cycle.
 * When the server's day changes (midnight, Asia/Shanghai), the figures roll over with the answer and
 * the page reloads itself once, so a screen running for weeks starts each day with a fresh heap. */
(function () {
  "use strict";

  var DESIGN_WIDTH = 1920;
  var DESIGN_HEIGHT = 1080;
  var MIN_INTERVAL = 200;
  var body = document.body;
  var stage = document.getElementById("screen");
  var url = body.dataset.url;
  var interval = Math.max(MIN_INTERVAL, parseInt(body.dataset.interval, 10) || 60000);
  var tickerSize = parseInt(body.dataset.tickerSize, 10) || 12;
  var loadedDay = body.dataset.today;
  var cycles = 0;
  var reloading = false;

  // --- scaling ----------------------------------------------------------------------------------
  function fit() {
    var scale = Math.min(window.innerWidth / DESIGN_WIDTH, window.innerHeight / DESIGN_HEIGHT);
    var left = (window.innerWidth - DESIGN_WIDTH * scale) / 2;
    var top = (window.innerHeight - DESIGN_HEIGHT * scale) / 2;
    stage.style.transform = "translate(" + left + "px," + top + "px) scale(" + scale + ")";
  }
  window.addEventListener("resize", fit);
  fit();

  // --- clock ------------------------------------------------------------------------------------
  var clock = document.getElementById("screen-clock");
  var clockFormat = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
    weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });
  function tickClock() { clock.textContent = clockFormat.format(new Date()); }
  tickClock();
  setInterval(tickClock, 1000);

  // --- charts: one instance per panel, created once -------------------------------------------
  var AXIS_LABEL = { color: "#9fb6e0", fontSize: 15 };
  var SPLIT_LINE = { lineStyle: { color: "rgba(80, 130, 220, 0.18)" } };
  var charts = {};

  function chart(id, option) {
    var el = document.getElementById(id);
    var instance = echarts.init(el, "dark", { renderer: "canvas" });
    option.backgroundColor = "transparent";
    option.animationDurationUpdate = 600;
    instance.setOption(option);
    charts[id] = instance;
    return instance;
  }

  var trendEl = document.getElementById("chart-trend");
  chart("chart-coverage", {
    grid: { left: 60, right: 16, top: 24, bottom: 36 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: [], axisLabel: { color: "#9fb6e0", fontSize: 14, interval: 0 } },
    yAxis: { type: "value", axisLabel: AXIS_LABEL, splitLine: SPLIT_LINE },
    series: [{
      id: "coverage", type: "bar", name: document.getElementById("chart-coverage").dataset.series,
      data: [], barMaxWidth: 44, label: { show: true, position: "top", color: "#e6f0ff", fontSize: 15 },
      itemStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
        { offset: 0, color: "#4fd1ff" }, { offset: 1, color: "#1d4fa8" }]) }
    }]
  });
  chart("chart-trend", {
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    legend: { top: 0, textStyle: { color: "#c8d8f5", fontSize: 16 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", boundaryGap: false, data: [], axisLabel: AXIS_LABEL },
    yAxis: { type: "value", minInterval: 1, axisLabel: AXIS_LABEL, splitLine: SPLIT_LINE },
    series: [
      { id: "new", type: "line", name: trendEl.dataset.new, smooth: false, showSymbol: false, data: [],
        lineStyle: { width: 3, color: "#4fd1ff" }, itemStyle: { color: "#4fd1ff" },
        areaStyle: { color: "rgba(79, 209, 255, 0.15)" } },
      { id: "closed", type: "line", name: trendEl.dataset.closed, smooth: false, showSymbol: false, data: [],
        lineStyle: { width: 3, color: "#3ddc97" }, itemStyle: { color: "#3ddc97" },
        areaStyle: { color: "rgba(61, 220, 151, 0.12)" } }
    ]
  });
  var gaugeEl = document.getElementById("chart-gauge");
  function gauge(id, name, centre, colour) {
    return {
      id: id, type: "gauge", center: [centre, "60%"], radius: "88%", min: 0, max: 100,
      startAngle: 210, endAngle: -30, progress: { show: true, width: 14, itemStyle: { color: colour } },
      axisLine: { lineStyle: { width: 14, color: [[1, "rgba(80, 130, 220, 0.25)"]] } },
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }, pointer: { show: false },
      title: { offsetCenter: [0, "45%"], color: "#9fb6e0", fontSize: 18 },
      detail: { offsetCenter: [0, "0%"], fontSize: 36, fontWeight: "bold", color: "#ffffff", formatter: "{value}%" },
      data: [{ value: 0, name: name }]
    };
  }
  chart("chart-gauge", {
    series: [gauge("month", gaugeEl.dataset.month, "27%", "#4fd1ff"), gauge("year", gaugeEl.dataset.year, "73%", "#3ddc97")]
  });
  chart("chart-ranking", {
    grid: { left: 190, right: 70, top: 6, bottom: 6 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", show: false },
    yAxis: { type: "category", inverse: true, data: [], axisLabel: { color: "#c8d8f5", fontSize: 16, width: 180, overflow: "truncate" },
             axisLine: { show: false }, axisTick: { show: false } },
    series: [{ id: "ranking", type: "bar", data: [], barMaxWidth: 18,
               label: { show: true, position: "right", color: "#e6f0ff", fontSize: 15 },
               itemStyle: { borderRadius: [0, 9, 9, 0], color: new echarts.graphic.LinearGradient(1, 0, 0, 0, [
                 { offset: 0, color: "#ffcf5c" }, { offset: 1, color: "#ff8c42" }]) } }]
  });
  chart("chart-stars", {
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: [],
             axisLabel: { color: "#9fb6e0", fontSize: 14, interval: 0, width: 88, overflow: "break" } },
    yAxis: { type: "value", minInterval: 1, axisLabel: AXIS_LABEL, splitLine: SPLIT_LINE },
    series: [{ id: "stars", type: "bar", name: document.getElementById("chart-stars").dataset.series, data: [],
               barMaxWidth: 40, label: { show: true, position: "top", color: "#e6f0ff", fontSize: 15 },
               itemStyle: { color: "#ffcf5c" } }]
  });

  // --- figures ----------------------------------------------------------------------------------
  var figures = Array.prototype.slice.call(document.querySelectorAll("[data-figure]")).map(function (el) {
    return { el: el, path: el.dataset.figure.split(".") };
  });
  var numberFormat = new Intl.NumberFormat("zh-CN");

  function lookup(data, path) {
    var value = data;
    for (var i = 0; i < path.length && value !== null && value !== undefined; i += 1) { value = value[path[i]]; }
    return value;
  }
  function setText(el, text) { if (el.textContent !== text) { el.textContent = text; } }

  // --- ticker: a fixed set of rows, filled in place --------------------------------------------
  var ticker = document.getElementById("ticker");
  var rows = [];
  var CELLS = ["t-at", "t-cat", "t-grid", "t-who", "t-status"];
  for (var r = 0; r < tickerSize; r += 1) {
    var li = document.createElement("li");
    li.hidden = true;
    var cells = CELLS.map(function (cls) {
      var span = document.createElement("span");
      span.className = cls;
      li.appendChild(span);
      return span;
    });
    ticker.appendChild(li);
    rows.push({ li: li, cells: cells });
  }
  var shownIds = null;

  function renderTicker(items) {
    var seen = {};
    items = items.slice(0, tickerSize);
    rows.forEach(function (row, i) {
      var item = items[i];
      row.li.hidden = !item;
      if (!item) { return; }
      seen[item.id] = true;
      var values = [item.at, item.category, item.grid, item.reporter, item.status];
      row.cells.forEach(function (cell, j) { setText(cell, values[j] || ""); });
      row.li.classList.toggle("is-closed", item.is_closed);
      row.li.classList.toggle("is-overdue", item.is_overdue);
      row.li.classList.toggle("is-fresh", shownIds !== null && !shownIds[item.id]);
    });
    shownIds = seen;
  }

  function render(data) {
    figures.forEach(function (f) {
      var value = lookup(data, f.path);
      setText(f.el, typeof value === "number" ? numberFormat.format(value) : "—");
    });
    setText(document.getElementById("computed-at"), (data.computed_at || "").replace("T", " ").slice(0, 19));
    var reports = data.reports;
    charts["chart-coverage"].setOption({
      xAxis: { data: data.coverage.levels.map(function (l) { return l.label; }) },
      series: [{ id: "coverage", data: data.coverage.levels.map(function (l) { return l.count; }) }]
    });
    charts["chart-trend"].setOption({
      xAxis: { data: reports.trend.map(function (d) { return d.date.slice(5); }) },
      series: [
        { id: "new", data: reports.trend.map(function (d) { return d.new; }) },
        { id: "closed", data: reports.trend.map(function (d) { return d.closed; }) }
      ]
    });
    charts["chart-gauge"].setOption({
      series: [
        { id: "month", data: [{ value: reports.month.closure_rate || 0, name: gaugeEl.dataset.month }] },
        { id: "year", data: [{ value: reports.year.closure_rate || 0, name: gaugeEl.dataset.year }] }
      ]
    });
    var ranking = data.ranking;
    var title = document.getElementById("ranking-title");
    setText(title, ranking.kind === "assessment" ? title.dataset.assessment + " · " + ranking.title : title.dataset.closure);
    charts["chart-ranking"].setOption({
      yAxis: { data: ranking.rows.map(function (row) { return row.rank + ". " + row.name; }) },
      series: [{ id: "ranking", data: ranking.rows.map(function (row) { return row.value; }) }]
    });
    setText(document.getElementById("stars-year"), String(data.stars.year));
    // A year without star definitions yet: say so instead of drawing a bare axis line.
    var noStars = data.stars.per_star.length === 0;
    charts["chart-stars"].setOption({
      xAxis: { show: !noStars, data: data.stars.per_star.map(function (s) { return s.name; }) },
      yAxis: { show: !noStars },
      series: [{ id: "stars", data: data.stars.per_star.map(function (s) { return s.count; }) }],
      graphic: [{ id: "stars-empty", type: "text", left: "center", top: "middle", invisible: !noStars,
                  style: { text: document.getElementById("chart-stars").dataset.empty, fill: "#9fb6e0", fontSize: 18 } }]
    });
    renderTicker(data.ticker || []);
    if (data.today && data.today !== loadedDay && !reloading) {
      // A new day: the figures above already rolled over; start the day with a fresh page.
      reloading = true;
      setTimeout(function () { window.location.reload(); }, Math.min(interval, 30000));
    }
  }

  // --- polling ------------------------------------------------------------------------------------
  var stale = document.getElementById("screen-stale");

  function poll() {
    body.dataset.state = "fetching";
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { render(data); stale.hidden = true; })
      .catch(function () { stale.hidden = false; })
      .then(function () {
        cycles += 1;
        body.dataset.cycles = String(cycles);
        body.dataset.state = "idle";
        setTimeout(poll, interval);
      });
  }
  poll();
}());
