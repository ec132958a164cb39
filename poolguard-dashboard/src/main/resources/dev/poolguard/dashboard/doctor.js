// Poolguard doctor page: one request to api/doctor (the server reuses a report for a few seconds), rendered with
// textContent only: call sites, statements and messages are data, not markup.
(function () {
  'use strict';

  function byId(id) { return document.getElementById(id); }

  function setText(id, text) { byId(id).textContent = text == null ? '' : String(text); }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) { td.className = className; }
    row.appendChild(td);
    return td;
  }

  function rows(id, items, fill) {
    var body = byId(id).querySelector('tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    items.forEach(function (item) {
      var tr = document.createElement('tr');
      fill(tr, item);
      body.appendChild(tr);
    });
  }

  function list(id, items) {
    var ul = byId(id);
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    items.forEach(function (text) {
      var li = document.createElement('li');
      li.textContent = text;
      ul.appendChild(li);
    });
  }

  function duration(ms) {
    if (ms < 1000) { return ms + ' ms'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + ' s'; }
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }

  function render(r) {
    setText('target', r.target);
    setText('server', 'PostgreSQL ' + r.server.version + ' · database ' + r.server.database + ' as ' + r.server.user
      + ' · ' + (r.pooler.name ? r.pooler.name + ', ' + r.pooler.mode.toLowerCase() + ' mode' : 'direct connection'));
    var problems = r.findings.filter(function (f) { return f.severity !== 'INFO'; });
    var worst = r.findings.some(function (f) { return f.severity === 'ERROR'; }) ? 'ERROR'
      : problems.length ? 'WARNING' : 'OK';
    var verdict = byId('verdict');
    verdict.textContent = worst;
    verdict.className = 'badge ' + (worst === 'ERROR' ? 'down' : worst === 'WARNING' ? 'degraded' : 'up');
    setText('counts', problems.length + ' above INFO, ' + r.findings.length + ' in all');
    rows('findings', r.findings, function (tr, f) {
      cell(tr, f.severity, 'sev-' + f.severity.toLowerCase());
      cell(tr, f.area.toLowerCase());
      cell(tr, f.title + (f.subject ? ' — ' + f.subject : ''));
      cell(tr, f.evidence);
      cell(tr, f.fix);
    });
    var b = r.budget;
    setText('budget', 'max_connections ' + b.maxConnections + ' − ' + b.reserved + ' reserved = ' + b.usable
      + ' usable · pool ' + b.poolSize + ' × ' + b.instances + ' = ' + b.demand + ' · in use now ' + b.inUse);
    rows('connections', r.connections, function (tr, g) {
      cell(tr, g.count, 'num');
      cell(tr, g.application || '(none)');
      cell(tr, g.state);
      cell(tr, g.client);
    });
    setText('pooler', r.pooler.evidence.join(' · '));
    rows('sessions', r.sessions, function (tr, s) {
      cell(tr, s.pid, 'num');
      cell(tr, s.state);
      cell(tr, duration(s.stateMillis), 'num');
      cell(tr, s.application);
      cell(tr, s.callSite || s.fingerprint, 'mono');
      cell(tr, s.blockedBy.join(', '));
    });
    byId('no-sessions').hidden = r.sessions.length > 0;
    rows('settings', r.settings, function (tr, s) {
      cell(tr, s.name, 'mono');
      cell(tr, s.value);
      cell(tr, s.source);
    });
    setText('recommended', r.sizing.recommendedPoolSize + ' connections per instance');
    list('reasoning', r.sizing.reasoning);
    list('notes', r.notes);
    setText('checked', new Date(r.checkedAt).toLocaleTimeString() + ' in ' + r.elapsedMillis + ' ms');
    byId('offline').hidden = true;
  }

  function run() {
    fetch('api/doctor', { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.details || ('api/doctor answered ' + response.status)); }
        return body;
      });
    }).then(render).catch(function (e) {
      var offline = byId('offline');
      offline.textContent = 'The doctor could not run: ' + e.message;
      offline.hidden = false;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    byId('rerun').addEventListener('click', run);
    run();
  });
}());
