// Charts of the dashboard's tables (Chart.js). The table under each chart says the same, for screen readers and
// for anyone who wants the numbers; colours are GOV.UK's, and each series also has its name in the legend.
(function () {
  var GREEN = '#00703c', AMBER = '#ffdd00', RED = '#d4351c', BLUE = '#1d70b8', GREY = '#505a5f';
  Chart.defaults.font.family = 'arial, sans-serif';
  Chart.defaults.color = '#0b0c0c';
  Chart.defaults.animation = false;

  function label(row, keys) {
    return keys.map(function (k) { return row[k]; }).filter(function (v) { return v !== null && v !== undefined; }).join(' / ');
  }

  function chart(canvas) {
    var t = JSON.parse(canvas.getAttribute('data-table'));
    var name = canvas.getAttribute('data-report');
    var rows = t.rows || [];
    var config;
    if (name === 'deadline-summary') {
      rows = rows.filter(function (r) { return r.timescale !== 'total' && r.caseType !== 'total' && r.team !== 'total'; });
      var labels = rows.map(function (r) { return label(r, ['caseType', 'timescale']); });
      config = { type: 'bar', data: { labels: labels, datasets: [
        { label: 'Green', data: rows.map(function (r) { return r.green; }), backgroundColor: GREEN },
        { label: 'Amber', data: rows.map(function (r) { return r.amber; }), backgroundColor: AMBER },
        { label: 'Red', data: rows.map(function (r) { return r.red; }), backgroundColor: RED }] },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } };
    } else if (name === 'deadlines') {
      var counts = {};
      rows.forEach(function (r) { var k = r.timescale + ' ' + (r.rag || ''); counts[k] = (counts[k] || 0) + 1; });
      config = { type: 'bar', data: { labels: Object.keys(counts), datasets: [
        { label: 'Deadlines', data: Object.values(counts), backgroundColor: BLUE }] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } };
    } else if (name === 'stages') {
      config = { type: 'bar', data: { labels: rows.map(function (r) { return label(r, ['period', 'taskType']); }), datasets: [
        { label: 'Median working days', data: rows.map(function (r) { return r.medianWorkingDays; }), backgroundColor: BLUE },
        { label: '90th percentile', data: rows.map(function (r) { return r.p90WorkingDays; }), backgroundColor: GREY }] },
        options: { scales: { y: { beginAtZero: true } } } };
    } else {
      var columns = t.columns || [];
      var numeric = columns.filter(function (c) { return rows.some(function (r) { return typeof r[c] === 'number'; }); });
      var keys = columns.filter(function (c) { return numeric.indexOf(c) < 0; });
      var first = numeric[0];
      if (!first) return;
      config = { type: 'bar', data: { labels: rows.map(function (r) { return label(r, keys); }), datasets: [
        { label: first, data: rows.map(function (r) { return r[first]; }), backgroundColor: BLUE }] },
        options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } } };
    }
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    new Chart(canvas, config);
  }

  Array.prototype.forEach.call(document.querySelectorAll('canvas[data-table]'), function (c) {
    try { chart(c); } catch (e) { c.parentNode.textContent = 'The chart could not be drawn; the table below has the figures.'; }
  });
})();
