// Loket staff console: keeps the desk and the office overview live, and
// gives the desk its keyboard shortcuts. Every page works without it.
(function () {
  'use strict';

  // Live part: at each event of the office's stream (a call, a ticket
  // taken, a served visitor), fetch this page again and swap #desk-live.
  var live = document.getElementById('desk-live');
  if (live && live.dataset.events && window.EventSource && window.fetch && window.DOMParser) {
    var busy = false, again = false, first = true;
    var refresh = function () {
      if (busy) { again = true; return; }
      busy = true;
      fetch(location.href, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('desk-live');
        if (fresh) {
          live.innerHTML = fresh.innerHTML;
          live.dataset.updates = String(Number(live.dataset.updates || 0) + 1);
        }
      }).catch(function () {}).then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
    };
    var es = new EventSource(live.dataset.events);
    es.onopen = function () { live.dataset.live = '1'; };
    es.onmessage = function () {
      // The first message is the board as it was when the page was made.
      if (first) { first = false; return; }
      refresh();
    };
  }

  // Inbox rows: J and K move to the next and previous request, X ticks
  // the focused request for a bulk action; Enter opens it (a link).
  var rows = document.querySelector('[data-keyboard-rows]');
  if (rows) {
    rows.addEventListener('focusin', function (e) {
      var tr = e.target.closest('tbody tr');
      Array.prototype.forEach.call(rows.querySelectorAll('tbody tr'), function (r) { r.classList.toggle('row-focus', r === tr); });
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey || t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) && t.type !== 'checkbox')) { return; }
      var links = Array.prototype.slice.call(rows.querySelectorAll('tbody th a'));
      var here = t && t.closest ? t.closest('tbody tr') : null;
      var i = here ? links.indexOf(here.querySelector('th a')) : -1;
      var key = (e.key || '').toLowerCase();
      if (key === 'j' || key === 'k') {
        var next = key === 'j' ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0);
        if (links[next]) { e.preventDefault(); links[next].focus(); }
      } else if (key === 'x' && here) {
        var box = here.querySelector('input[type="checkbox"]');
        if (box) { e.preventDefault(); box.checked = !box.checked; }
      }
    });
  }

  // Shortcuts: a button with data-key="n" is pressed by the key N, unless
  // the focus is in a field (typing a ticket number types, it does not
  // call) or a modifier is held.
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || !e.key) { return; }
    var t = e.target;
    if (e.key.length !== 1 || t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) { return; }
    var key = e.key.toLowerCase();
    if (!/^[a-z]$/.test(key)) { return; }
    var b = document.querySelector('[data-key="' + key + '"]');
    if (b) {
      e.preventDefault();
      b.click();
    }
  });
})();
