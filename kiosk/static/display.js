// Loket call display: keeps the board live from the server's event stream,
// flashes each new call and, where the office has sound (data-audio),
// plays its chime and spoken call, one after the other. Browsers play
// sound only after a tap on the page, unless started with
// --autoplay-policy=no-user-gesture-required: until then a button asks
// for the tap. EventSource reconnects by itself (the server
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

  // Sound: calls wait in line and play one after the other.
  var audio = board.dataset.audio;
  var soundOn = document.getElementById('sound-on');
  var allowed = false;
  var waiting = [];
  var playing = false;
  function next() {
    if (playing || !allowed || waiting.length === 0) { return; }
    playing = true;
    var a = new Audio(waiting.shift());
    var done = function () { playing = false; next(); };
    a.addEventListener('ended', done);
    a.addEventListener('error', done);
    a.play().catch(function () { allowed = false; soundOn.hidden = false; playing = false; });
  }
  if (audio && soundOn) {
    allowed = !!(navigator.getAutoplayPolicy && navigator.getAutoplayPolicy('mediaelement') === 'allowed');
    soundOn.hidden = allowed;
    soundOn.addEventListener('click', function () { allowed = true; soundOn.hidden = true; next(); });
  }
  function say(call) {
    if (!audio) { return; }
    waiting.push(audio + '?n=' + encodeURIComponent(call.n) + '&d=' + encodeURIComponent(call.d));
    board.dataset.said = call.n + ' ' + call.d;
    next();
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
      var name = span('line-name', '');
      (l.name || []).forEach(function (p, i) {
        if (i > 0) { name.append(' · '); }
        var part = span('', p.t);
        part.lang = p.l;
        part.dir = p.d;
        name.append(part);
      });
      li.append(span('line-letter', l.l), ' ', name, ' ', span('line-count', String(l.c)));
      return li;
    }));
    if (flashed) {
      flashed.classList.add('flash');
      board.dataset.lastCall = state.call.n + ' ' + state.call.d;
    }
    if (state.call) { say(state.call); }
  }

  var es = new EventSource(board.dataset.events);
  es.onmessage = function (e) {
    try { render(JSON.parse(e.data)); } catch (err) { /* a broken message waits for the next one */ }
  };
  es.onopen = function () { board.dataset.live = '1'; };
})();
