// Loket call display: keeps the board live from the server's event stream
// and flashes each new call. EventSource reconnects by itself (the server
// sends retry: and heartbeats); each message is the whole board, so a
// reconnect cannot leave it stale.
(function () {
  'use strict';
  var board = document.getElementById('board');
  if (!board || !window.EventSource) { return; }
  var calls = document.getElementById('calls');
  var recent = document.getElementById('recent');
  var lines = document.getElementById('lines');

  function span(cls, text, ltr) {
    var s = document.createElement('span');
    if (cls) { s.className = cls; }
    if (ltr) { s.dir = 'ltr'; }
    s.textContent = text;
    return s;
  }

  function render(state) {
    var flashed = null;
    calls.replaceChildren.apply(calls, (state.now || []).map(function (c) {
      var li = document.createElement('li');
      li.className = 'call';
      li.append(span('call-number', c.n, true), span('call-arrow', '→'), span('call-desk', c.d, true));
      li.lastChild.previousSibling.setAttribute('aria-hidden', 'true');
      if (state.call && state.call.n === c.n && !flashed) { flashed = li; }
      return li;
    }));
    recent.replaceChildren.apply(recent, (state.recent || []).map(function (c) {
      var li = document.createElement('li');
      li.append(span('', c.n, true), ' → ', span('', c.d, true));
      return li;
    }));
    lines.replaceChildren.apply(lines, (state.lines || []).map(function (l) {
      var li = document.createElement('li');
      li.append(span('line-letter', l.l), ' ', span('line-name', l.name), ' ', span('line-count', String(l.c)));
      return li;
    }));
    if (flashed) {
      flashed.classList.add('flash');
      board.dataset.lastCall = state.call.n + ' ' + state.call.d;
    }
  }

  var es = new EventSource(board.dataset.events);
  es.onmessage = function (e) {
    try { render(JSON.parse(e.data)); } catch (err) { /* a broken message waits for the next one */ }
  };
  es.onopen = function () { board.dataset.live = '1'; };
})();
