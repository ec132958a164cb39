// Poolguard dashboard: polls the JSON APIs once a second (relative URLs, so any mount prefix works) and renders with
// textContent only, never innerHTML: call sites and SQL fingerprints are data, not markup.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var POOL_SERIES = [
    { key: 'total', label: 'total', stroke: '#7b8794' },
    { key: 'active', label: 'active', stroke: '#d9480f' },
    { key: 'idle', label: 'idle', stroke: '#2b8a3e' },
    { key: 'waiting', label: 'waiting', stroke: '#c92a2a' }
  ];
  var WORKLOAD_COLORS = ['#1c7ed6', '#ae3ec9', '#f08c00', '#0ca678', '#e64980', '#5c7cfa', '#868e96'];
  var MAIN_CATEGORIES = ['connection_critical', 'connection_expected', 'exhaustion', 'leak', 'revoked',
    'unbounded_result', 'n_plus_one', 'failed_task'];

  var since = 0;
  var spanMillis = 5 * 60 * 1000;
  var samples = [];
  var poolPlot = null;
  var workloadPlot = null;
  var workloadKey = '';

  function byId(id) { return document.getElementById(id); }

  function setText(id, text) { byId(id).textContent = text; }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  function duration(ms) {
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + ' s'; }
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }

  function ago(iso, nowMillis) {
    return duration(Math.max(0, nowMillis - Date.parse(iso))) + ' ago';
  }

  function percent(ratio) {
    return ratio === 0 ? '0% of borrows' : (ratio * 100).toFixed(ratio < 0.01 ? 2 : 1) + '% of borrows';
  }

  function rate(value) {
    return value >= 100 ? value.toFixed(0) : value.toFixed(1);
  }

  function get(path) {
    return fetch(path, { cache: 'no-store', credentials: 'same-origin' }).then(function (r) {
      // 503 from api/health is an answer (the database is down), not a failure of the dashboard.
      if (!r.ok && r.status !== 503) { throw new Error(path + ' answered ' + r.status); }
      return r.json();
    });
  }

  // ---- charts ----

  function chartWidth(id) {
    return Math.max(300, byId(id).clientWidth - 8);
  }

  function makePlot(id, series) {
    var opts = {
      width: chartWidth(id),
      height: 220,
      scales: {
        // At least a minute wide, so a fresh page does not stretch five seconds across the chart.
        x: { time: true, range: function (u, min, max) { return [Math.min(min, max - 60), max]; } },
        y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } }
      },
      series: [{}].concat(series.map(function (s) {
        return { label: s.label, stroke: s.stroke, width: 2, points: { show: false } };
      })),
      axes: [{}, { size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }]
    };
    var el = byId(id);
    el.textContent = '';
    return new uPlot(opts, [[]].concat(series.map(function () { return []; })), el);
  }

  function workloadNames() {
    var names = {};
    samples.forEach(function (s) { Object.keys(s.workloads).forEach(function (w) { names[w] = true; }); });
    return Object.keys(names).sort(function (a, b) {
      if (a === 'default') { return -1; }
      if (b === 'default') { return 1; }
      return a < b ? -1 : a > b ? 1 : 0;
    });
  }

  function drawCharts() {
    var xs = samples.map(function (s) { return s.t / 1000; });
    if (!poolPlot) { poolPlot = makePlot('pool-chart', POOL_SERIES); }
    poolPlot.setData([xs].concat(POOL_SERIES.map(function (p) {
      return samples.map(function (s) { return s[p.key]; });
    })));
    var names = workloadNames();
    if (names.join('|') !== workloadKey) {
      if (workloadPlot) { workloadPlot.destroy(); }
      workloadKey = names.join('|');
      workloadPlot = makePlot('workload-chart', names.map(function (n, i) {
        return { label: n, stroke: WORKLOAD_COLORS[i % WORKLOAD_COLORS.length] };
      }));
    }
    workloadPlot.setData([xs].concat(names.map(function (n) {
      return samples.map(function (s) { return s.workloads[n] || 0; });
    })));
    byId('pool-chart').dataset.points = String(samples.length);
  }

  window.addEventListener('resize', function () {
    if (poolPlot) { poolPlot.setSize({ width: chartWidth('pool-chart'), height: 220 }); }
    if (workloadPlot) { workloadPlot.setSize({ width: chartWidth('workload-chart'), height: 220 }); }
  });

  // ---- sections ----

  function renderStatus(s) {
    setText('pool-name', s.pool);
    setText('database', s.database);
    setText('route', 'via: ' + s.route.description);
    setText('route-mode', s.route.mode === 'direct' || s.route.mode === 'unknown' ? s.route.mode : s.route.mode + ' pooler');
    setText('pooler-refusals', s.totals.poolerRefusals);
    byId('pooler-refusals').parentNode.classList.toggle('alert', s.totals.poolerRefusals > 0);
    ['total', 'active', 'idle', 'waiting', 'max'].forEach(function (k) { setText(k, s.status[k]); });
    byId('waiting').parentNode.classList.toggle('alert', s.status.waiting > 0);
    setText('borrow-rate', rate(s.rates.borrowsPerSecond));
    setText('retry-rate', s.rates.retries);
    setText('retry-ratio', percent(s.rates.retryRatio));
    setText('error-rate', s.rates.errors);
    setText('error-ratio', percent(s.rates.errorRatio));
    byId('error-rate').parentNode.classList.toggle('alert', s.rates.errors > 0);

    var body = byId('workloads').tBodies[0];
    body.textContent = '';
    s.workloads.forEach(function (w) {
      var row = body.insertRow();
      cell(row, w.workload);
      cell(row, w.inUse, 'num');
      cell(row, w.limit > 0 ? w.limit : 'none', 'num');
      cell(row, w.waiting, 'num');
    });

    spanMillis = s.history.spanMillis;
    s.history.samples.forEach(function (x) { samples.push(x); });
    if (s.history.samples.length > 0) { since = s.history.samples[s.history.samples.length - 1].t; }
    var oldest = s.time - spanMillis;
    while (samples.length > 0 && samples[0].t < oldest) { samples.shift(); }
    drawCharts();
  }

  function renderLeases(l) {
    var body = byId('leases').tBodies[0];
    body.textContent = '';
    l.leases.forEach(function (x) {
      var row = body.insertRow();
      if (x.revoked) { row.className = 'revoked'; }
      cell(row, x.callSite, 'site');
      cell(row, x.thread);
      cell(row, x.workload);
      cell(row, duration(x.heldForMillis), 'num held');
      cell(row, duration(x.idleForMillis), 'num');
      cell(row, x.sql, 'sql');
      cell(row, (x.inTransaction ? 'yes' : 'no') + (x.revoked ? ' (revoked)' : ''));
    });
    setText('lease-count', l.leases.length === 1 ? '1 lease' : l.leases.length + ' leases');
    byId('no-leases').hidden = l.leases.length > 0;
  }

  function renderEvents(e) {
    var chips = byId('categories');
    chips.textContent = '';
    e.categories.forEach(function (c) {
      if (c.count === 0 && MAIN_CATEGORIES.indexOf(c.id) < 0) { return; }
      var chip = document.createElement('span');
      chip.className = 'chip ' + c.id + (c.count > 0 ? ' seen' : '');
      chip.textContent = c.label + ' ' + c.count;
      chips.appendChild(chip);
    });
    var body = byId('events').tBodies[0];
    body.textContent = '';
    e.groups.forEach(function (g) {
      var row = body.insertRow();
      row.className = 'sev-' + g.severity.toLowerCase();
      cell(row, g.label, 'what');
      cell(row, g.count, 'num');
      cell(row, ago(g.lastSeen, e.time));
      cell(row, g.callSite, 'site');
      var msg = cell(row, g.message, 'message');
      msg.title = g.message;
    });
    setText('events-window', 'last ' + e.recent + ' events, grouped by fingerprint');
    byId('no-events').hidden = e.groups.length > 0;
  }

  function renderHealth(h) {
    var badge = byId('health');
    badge.textContent = h.status;
    badge.className = 'badge ' + h.status.toLowerCase();
    var list = byId('health-reasons');
    list.textContent = '';
    h.reasons.forEach(function (r) {
      var li = document.createElement('li');
      li.textContent = r;
      list.appendChild(li);
    });
    if (h.probe && !h.probe.ok) {
      var li = document.createElement('li');
      li.textContent = 'probe: ' + h.probe.error;
      list.appendChild(li);
    }
  }

  function tick() {
    if (document.hidden) {
      setTimeout(tick, POLL_MS);
      return;
    }
    Promise.all([get('api/status?since=' + since), get('api/leases'), get('api/events'), get('api/health')])
      .then(function (r) {
        renderStatus(r[0]);
        renderLeases(r[1]);
        renderEvents(r[2]);
        renderHealth(r[3]);
        byId('offline').hidden = true;
        setText('updated', new Date().toLocaleTimeString());
      })
      .catch(function (err) {
        var box = byId('offline');
        box.textContent = 'Cannot read the dashboard API: ' + err.message;
        box.hidden = false;
      })
      .then(function () { setTimeout(tick, POLL_MS); });
  }

  tick();
})();
