/**
 * The console's only script (served as a file: the Content-Security-Policy allows no inline script).
 * Progressive: every page works without it; it shows times in the viewer's zone (UTC stays in the
 * title) and keeps the live region current from the server-sent events, re-fetching its fragment.
 */
export const uiScript = `(function () {
  'use strict';
  function formatTimes(root) {
    var els = root.querySelectorAll('time[datetime]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) continue;
      el.title = d.toISOString().replace('T', ' ').replace(/\\.\\d+Z$/, ' UTC');
      el.textContent = el.hasAttribute('data-time-only') ? d.toLocaleTimeString() : d.toLocaleString();
    }
  }
  formatTimes(document);

  var live = document.querySelector('[data-live]');
  if (!live || !window.EventSource) return;
  var watch = live.getAttribute('data-watch') || '*';
  var timer = null;
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(live.getAttribute('data-live'), { credentials: 'same-origin', headers: { 'X-Mendbot-Fragment': '1' } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
      .then(function (text) {
        live.innerHTML = text;
        formatTimes(live);
        document.body.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () { document.body.setAttribute('data-live-state', 'stale'); })
      .then(function () { busy = false; if (again) { again = false; schedule(); } });
  }
  function schedule() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; refresh(); }, 150);
  }
  function concerns(data) {
    if (watch === '*') return true;
    var parts = watch.split(':');
    if (parts[0] === 'incident') return data.incidentId === parts[1];
    if (parts[0] === 'run') return data.runId === parts[1];
    return false;
  }
  function onEvent(e) {
    try { if (concerns(JSON.parse(e.data))) schedule(); } catch (err) { /* not ours */ }
  }
  var opened = false;
  function connect() {
    var source = new EventSource(live.getAttribute('data-events'));
    source.addEventListener('incident_changed', onEvent);
    source.addEventListener('run_changed', onEvent);
    source.addEventListener('open', function () {
      document.body.setAttribute('data-live-state', 'connected');
      // After a reconnect, events may have been missed: catch up once.
      if (opened) schedule();
      opened = true;
    });
    source.addEventListener('error', function () {
      document.body.setAttribute('data-live-state', 'reconnecting');
      // EventSource gives up after an error status (a replica shutting down answers 503): start over.
      if (source.readyState === 2) setTimeout(connect, 5000);
    });
  }
  connect();
})();
`;
