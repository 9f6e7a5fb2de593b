// Loket kiosk: the idle reset and the on-screen keypad. After data-idle
// seconds without a touch a warning counts down data-warn seconds, then the
// kiosk clears every form and storage and replaces the page with the
// attract screen, so the next visitor finds nothing of the last one.
(function () {
  'use strict';
  var body = document.body;
  var idle = parseInt(body.dataset.idle, 10) || 60;
  var warn = parseInt(body.dataset.warn, 10) || 15;
  var dialog = document.getElementById('idle-warning');
  var text = document.getElementById('idle-text');
  var stay = document.getElementById('idle-stay');
  var idleTimer = null;
  var tick = null;
  var left = 0;

  function reset() {
    Array.prototype.forEach.call(document.forms, function (f) { f.reset(); });
    try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage may be off */ }
    location.replace(body.dataset.reset || '/kiosk');
  }

  function showWarning() {
    left = warn;
    dialog.hidden = false;
    render();
    stay.focus();
    tick = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(tick);
        reset();
        return;
      }
      render();
    }, 1000);
  }

  function render() {
    text.textContent = (text.dataset.template || '').replace('#', String(left));
  }

  function activity() {
    if (!dialog.hidden) {
      return;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(showWarning, idle * 1000);
  }

  if (body.dataset.page !== 'attract') {
    stay.addEventListener('click', function () {
      clearInterval(tick);
      dialog.hidden = true;
      activity();
    });
    ['pointerdown', 'keydown', 'input', 'touchstart', 'scroll'].forEach(function (ev) {
      document.addEventListener(ev, activity, { passive: true });
    });
    activity();
  }

  // A page left by "back" must not come back from the browser's memory.
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) { location.reload(); }
  });

  // On-screen keypad for fields marked data-keypad="numeric".
  Array.prototype.forEach.call(document.querySelectorAll('input[data-keypad]'), function (input) {
    var pad = document.createElement('div');
    pad.className = 'keypad';
    pad.setAttribute('role', 'group');
    pad.setAttribute('aria-label', input.dataset.keypadLabel || '');
    '1 2 3 4 5 6 7 8 9 - 0 ⌫'.split(' ').forEach(function (k) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'kbutton';
      b.textContent = k;
      if (k === '⌫') { b.setAttribute('aria-label', input.dataset.keypadBack || 'Delete'); }
      b.addEventListener('click', function () {
        input.value = k === '⌫' ? input.value.slice(0, -1) : input.value + k;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      pad.appendChild(b);
    });
    input.insertAdjacentElement('afterend', pad);
  });
})();
