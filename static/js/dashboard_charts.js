// Dashboards' charts (templates/assessments/dashboards/). Each <canvas data-chart>
// names the json_script element holding its data (data-source); the page's tables hold
// the same figures for anyone who cannot see the chart. No inline code: strict CSP.
(function () {
  "use strict";

  const COLOURS = ["#1f5fa8", "#6c757d", "#b35806", "#adb5bd", "#842029", "#198754"];

  function read(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function bars(data, stacked) {
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((set, i) => ({
          label: set.label, data: set.data, backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: stacked ? "y" : "x",
        scales: stacked
          ? { x: { stacked: true, max: 100, ticks: { callback: (v) => v + "%" } },
              y: { stacked: true } }
          : { y: { beginAtZero: true } },
        plugins: stacked ? {
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.x}%` } },
        } : {},
      },
    };
  }

  function scatter(data) {
    const byFamily = { execution: 0, undetermined: 1, compression: 2, "": 3 };
    const datasets = [{
      type: "scatter",
      label: data.point_label,
      data: data.points,
      pointRadius: 2,
      pointBackgroundColor: data.points.map((p) => COLOURS[byFamily[p.family] ?? 3]),
      borderColor: "transparent",
    }];
    if (data.lines) {
      // The undetermined band is filled between the two cut-off lines.
      datasets.push(
        { type: "line", label: data.line_labels.execution, data: data.lines.execution.points,
          borderColor: COLOURS[0], borderDash: [6, 4], pointRadius: 0, fill: false },
        { type: "line", label: data.line_labels.compression,
          data: data.lines.compression.points, borderColor: COLOURS[2], borderDash: [6, 4],
          pointRadius: 0, fill: "-1", backgroundColor: "rgba(108, 117, 125, 0.12)" },
        { type: "line", label: data.line_labels.even, data: data.lines.even.points,
          borderColor: "#212529", pointRadius: 0, fill: false },
      );
    }
    return {
      type: "scatter",
      data: { datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { type: "linear", min: 20, max: 80, title: { display: true, text: data.x_title } },
          y: { type: "linear", min: 20, max: 80, title: { display: true, text: data.y_title } },
        },
        plugins: {
          tooltip: {
            filter: (item) => item.datasetIndex === 0,
            callbacks: {
              label: (c) => {
                const p = c.raw;
                const probability = p.p === null ? "" : ` (P = ${p.p})`;
                return `${p.band}${probability}: T ${p.x} / ${p.y}`;
              },
            },
          },
        },
      },
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const data = read(canvas.dataset.source);
      if (!data) return;
      const kind = canvas.dataset.chart;
      const config = kind === "scatter" ? scatter(data) : bars(data, data.kind === "stacked");
      new window.Chart(canvas, config);
      canvas.dataset.drawn = "true";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
