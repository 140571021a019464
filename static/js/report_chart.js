// The person's report: both scale scores as T with their 90% band (data from json_script,
// no inline code under the CSP), and the print button.
(function () {
  "use strict";

  function drawChart() {
    var canvas = document.getElementById("report-chart");
    var source = document.getElementById("report-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var bands = data.low.map(function (low, i) {
      return low === null ? null : [low, data.high[i]];
    });
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar", label: data.band_label, data: bands,
            backgroundColor: "rgba(13, 110, 253, 0.25)", borderColor: "#0d6efd",
            borderWidth: 1, barPercentage: 0.5,
          },
          {
            type: "line", label: data.score_label, data: data.t, showLine: false,
            pointRadius: 6, pointBackgroundColor: "#052c65", pointBorderColor: "#052c65",
            backgroundColor: "#052c65", borderColor: "#052c65",
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { min: 20, max: 80, ticks: { stepSize: 10 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  function wirePrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawChart();
    wirePrint();
  });
})();
